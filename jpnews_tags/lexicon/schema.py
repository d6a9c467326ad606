"""Pydantic schema of every data file under ``dictionaries/``: entity dictionaries, topics and the cue files.

A dictionary file is YAML::

    defaults: {label: ORG, kind: company}      # optional, merged into every entry
    entries:
      - id: amazon
        name: Amazon
        aliases: [アマゾン, Amazon.com]
        ambiguous: [アマゾン]                   # aliases that need context
        cues: [AWS, 通販, Prime]                 # words that confirm an ambiguous alias
        anti_cues: [川, 熱帯雨林]                # words that reject it
        cue_entities: [aws]                      # entity ids whose presence confirms it

The cue files under ``dictionaries/cues/`` hold the word lists the rules use, one model each:
:class:`PersonCues` (``person.yaml``), :class:`RuleCues` (``rules.yaml``), :class:`NameCues` (``names.yaml``)
and :class:`UnitTables` (``units.yaml``); ``topics.yaml`` is a :class:`TopicFile`.

Example:
    >>> e = Entry(id="aws", name="Amazon Web Services", label="ORG", kind="company", aliases=["AWS"])
    >>> e.all_aliases()
    ['Amazon Web Services', 'AWS']
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..text.layout import LayoutWords

Label = Literal["ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW"]
#: The labels of names (a dictionary entry has one of them; numbers and dates are not names).
NAMED_LABELS: tuple[str, ...] = get_args(Label)

#: Fine kinds allowed for each coarse label.
KINDS: dict[str, frozenset[str]] = {
    "ORG": frozenset(
        {
            "company",
            "government",
            "university",
            "research_institute",
            "media",
            "nonprofit",
            "investor",
            "industry_group",
            "political_party",
            "sports_team",
            "organization",
        }
    ),
    "PRODUCT": frozenset(
        {
            "ai_model",
            "chip",
            "hardware",
            "device",
            "cloud_service",
            "cloud_region",
            "software",
            "service",
            "app",
            "os",
            "programming_language",
            "protocol",
            "vehicle",
            "project",
            "index",
            "product",
        }
    ),
    "PERSON": frozenset({"person"}),
    "GPE": frozenset({"country", "state", "city", "district", "region"}),
    "LOC": frozenset({"region", "facility", "landmark", "district", "river", "area"}),
    "EVENT": frozenset({"conference", "trade_show", "event", "historical"}),
    "LAW": frozenset({"law", "regulation", "policy", "standard"}),
}

#: Kinds whose entities count as government bodies.
GOVERNMENT_KINDS = frozenset({"government"})

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")


class Entry(BaseModel):
    """One dictionary entity: a canonical name, its label and kind, and every alias."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable id: lowercase ASCII letters, digits, '.', '_' or '-'.")
    name: str = Field(description="Canonical name (also matched as an alias).")
    label: Label
    kind: str
    aliases: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list, description="Aliases that match only with a context cue.")
    cues: list[str] = Field(default_factory=list, description="Words near or in the text that confirm.")
    anti_cues: list[str] = Field(default_factory=list, description="Words near the mention that reject.")
    cue_entities: list[str] = Field(
        default_factory=list,
        description="Entity ids whose presence in the text confirms.",
    )
    parent: str | None = None
    tags: list[str] = Field(default_factory=list, description="Tag names; default is the canonical name.")
    tag_in_japanese: bool = Field(
        default=False,
        description="Tag a Japanese entity under its Japanese name (富士通, デジタル庁) rather than its English "
        "canonical name, unless that is an acronym (NTT). Set in `defaults` of a file of Japanese entities.",
    )
    wikidata: str | None = None
    case_sensitive: bool = Field(default=False, description="Match Latin aliases only with the exact case given.")
    also: Label | None = Field(
        default=None,
        description="The other label of a name that is both a company and its service (GitHub, YouTube, X): the "
        "company when it acts (発表, 買収), the service when it is used (〇〇で, 〇〇の新機能); see cues/rules.yaml.",
    )

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError(f"id {v!r} must match {_ID_RE.pattern}")
        return v

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("name must not be empty")
        return v

    @field_validator("aliases", "ambiguous", "cues", "anti_cues")
    @classmethod
    def _check_strings(cls, v: list[str]) -> list[str]:
        for s in v:
            if not isinstance(s, str) or not s.strip():
                raise ValueError("aliases and cues must be non-empty strings")
            if s != s.strip():
                raise ValueError(f"{s!r} has leading or trailing spaces")
        return v

    @field_validator("wikidata")
    @classmethod
    def _check_qid(cls, v: str | None) -> str | None:
        if v is not None and not _QID_RE.match(v):
            raise ValueError(f"wikidata id {v!r} must look like Q12345")
        return v

    @model_validator(mode="after")
    def _check_kind_and_ambiguous(self) -> Entry:
        allowed = KINDS[self.label]
        if self.kind not in allowed:
            raise ValueError(f"kind {self.kind!r} is not allowed for label {self.label}; use one of {sorted(allowed)}")
        names = set(self.all_aliases())
        for a in self.ambiguous:
            if a not in names:
                raise ValueError(f"ambiguous alias {a!r} is not among the entry's name and aliases")
        if self.also is not None and {self.label, self.also} != {"ORG", "PRODUCT"}:
            raise ValueError("'also' names the other of ORG and PRODUCT (a company that is also its service)")
        return self

    def all_aliases(self) -> list[str]:
        """The canonical name followed by every alias, without repeats."""
        seen: dict[str, None] = {self.name: None}
        for a in self.aliases:
            seen.setdefault(a, None)
        return list(seen)

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS


class DictionaryFile(BaseModel):
    """The content of one YAML dictionary file."""

    model_config = ConfigDict(extra="forbid")

    defaults: dict[str, object] = Field(default_factory=dict)
    entries: list[Entry]


class RuleCues(BaseModel):
    """Word lists of ``dictionaries/cues/rules.yaml`` used by the rule layer and discovery."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    compound_suffixes: list[str] = Field(default_factory=list)
    org_followers: list[str] = Field(default_factory=list)
    generic_quoted_words: list[str] = Field(default_factory=list)
    not_company_words: list[str] = Field(default_factory=list)
    org_apposition: list[str] = Field(default_factory=list)
    term_gloss_heads: list[str] = Field(default_factory=list)
    term_gloss_name_words: list[str] = Field(default_factory=list)
    term_gloss_latin_name_words: list[str] = Field(default_factory=list)
    term_field_heads: list[str] = Field(default_factory=list)
    acronym_term_heads: list[str] = Field(default_factory=list)
    org_example_links: list[str] = Field(default_factory=list)
    partnership_words: list[str] = Field(default_factory=list)
    subsidiary_words_before: list[str] = Field(default_factory=list)
    org_example_heads: list[str] = Field(default_factory=list)
    product_example_links: list[str] = Field(default_factory=list)
    product_example_heads: list[str] = Field(default_factory=list)
    product_example_not_after: list[str] = Field(default_factory=list)
    org_suffixes_strong: list[str] = Field(default_factory=list)
    org_suffixes_weak: list[str] = Field(default_factory=list)
    generic_name_prefixes: list[str] = Field(default_factory=list)
    generic_name_endings: list[str] = Field(default_factory=list)
    keyphrase_action_words: list[str] = Field(default_factory=list)
    product_intro_words: list[str] = Field(default_factory=list)
    work_intro_words: list[str] = Field(default_factory=list)
    product_apposition_words: list[str] = Field(default_factory=list)
    new_model_words: list[str] = Field(default_factory=list)
    org_business_verbs: list[str] = Field(default_factory=list)
    place_suffixes: list[str] = Field(default_factory=list)
    not_place_after: list[str] = Field(default_factory=list)
    place_words_after: list[str] = Field(default_factory=list)
    policy_words: list[str] = Field(default_factory=list)
    business_plan_words: list[str] = Field(default_factory=list)
    policy_words_after_place: list[str] = Field(default_factory=list)
    law_words: list[str] = Field(default_factory=list)
    concept_words: list[str] = Field(default_factory=list)
    strategy_words: list[str] = Field(default_factory=list)
    concept_verbs: list[str] = Field(default_factory=list)
    common_noun_predicates: list[str] = Field(default_factory=list)
    common_noun_followers: list[str] = Field(default_factory=list)
    place_word_suffixes: list[str] = Field(default_factory=list)
    level_codes: list[str] = Field(default_factory=list)
    level_words: list[str] = Field(default_factory=list)
    term_heads: list[str] = Field(default_factory=list)
    keyphrase_generic_heads: list[str] = Field(default_factory=list)
    keyphrase_property_suffixes: list[str] = Field(default_factory=list)
    keyphrase_deictic_words: list[str] = Field(default_factory=list)
    keyphrase_generic_modifiers: list[str] = Field(default_factory=list)
    company_acts: list[str] = Field(default_factory=list)
    service_used_after: list[str] = Field(default_factory=list)
    project_words: list[str] = Field(default_factory=list)
    product_words_after: list[str] = Field(default_factory=list)
    product_uses_after: list[str] = Field(default_factory=list)
    term_verbs_before: list[str] = Field(default_factory=list)
    company_words_after: list[str] = Field(default_factory=list)
    company_words_after_place: list[str] = Field(default_factory=list)
    law_name_endings: list[str] = Field(default_factory=list)
    law_name_followers: list[str] = Field(default_factory=list)
    law_contexts_after: list[str] = Field(default_factory=list)
    law_gloss_heads: list[str] = Field(default_factory=list)
    org_subject_words: list[str] = Field(default_factory=list)
    org_anaphors_back: list[str] = Field(default_factory=list)


class PersonCues(BaseModel):
    """``dictionaries/cues/person.yaml``: cues for person names the dictionary does not know."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    given_names: frozenset[str] = Field(
        default_factory=frozenset, description="Katakana first names: ジェレミー・シーゲル is a person."
    )
    honorifics: tuple[str, ...] = Field(default=(), description="Words right after a name that mark a person (氏).")
    titles: tuple[str, ...] = Field(default=(), description="Titles right after a name (CEO, 社長), longest first.")
    strong_honorifics: frozenset[str] = Field(
        default_factory=frozenset,
        description="Honorifics that mark a person even after a word Sudachi knows as a common noun (マスク氏); "
        "after the others a common word is a role (ドライバーさん, ユーザー様), not a name.",
    )
    latin_titles: frozenset[str] = Field(
        default_factory=frozenset,
        description="English titles written before a Latin-script name (Governor Wes Moore氏): a name found before "
        "an honorific that starts with one is left out (its span would hold the title).",
    )
    office_titles: tuple[str, ...] = Field(
        default=(),
        description="Offices only a person holds (大統領, 首相): a katakana word right before one is a person even "
        "when it is also a common word (トランプ大統領), unless it is a place (フランス大統領); longest first.",
    )

    @field_validator("titles", "office_titles")
    @classmethod
    def _longest_first(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(v, key=len, reverse=True))


class NameCues(BaseModel):
    """``dictionaries/cues/names.yaml``: the words written around names (legal forms, edition words, country
    prefixes), used by discovery, tag naming and ``jpnews-tags discover``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country_prefixes: list[str] = Field(default_factory=list)
    legal_forms_before: list[str] = Field(default_factory=list)
    legal_forms_after: list[str] = Field(default_factory=list)
    latin_legal_forms: list[str] = Field(default_factory=list)
    latin_org_words: list[str] = Field(default_factory=list)
    latin_event_words: list[str] = Field(default_factory=list)
    latin_tail_stop_words: list[str] = Field(default_factory=list)
    latin_function_words: list[str] = Field(default_factory=list)
    company_head_words: list[str] = Field(default_factory=list)
    edition_words: list[str] = Field(default_factory=list)
    numbered_words: list[str] = Field(default_factory=list)
    service_words: list[str] = Field(default_factory=list)
    quoted_org_before: list[str] = Field(default_factory=list)
    quoted_org_after: list[str] = Field(default_factory=list)
    tag_legal_forms: list[str] = Field(default_factory=list)
    tag_latin_legal_forms: list[str] = Field(default_factory=list)
    not_names: list[str] = Field(
        default_factory=list,
        description="Concepts, techniques and terms the rules or the recognizer may take for a name (ハルシネーション, "
        "RDMA): never an unknown-name candidate. Compared by matching key.",
    )
    not_name_words: list[str] = Field(
        default_factory=list,
        description="Words a Latin name made only of them (and of the generic words of the other lists) is not a name "
        "with: Physical AI, Privacy by Design, Human-in-the-Loop. Compared case-insensitively.",
    )
    case_variant_others: list[str] = Field(default_factory=list)

    @field_validator("country_prefixes")
    @classmethod
    def _one_character(cls, v: list[str]) -> list[str]:
        for s in v:
            if len(s) != 1:
                raise ValueError(f"a country prefix is one character, not {s!r}")
        return v

    @field_validator("*")
    @classmethod
    def _non_empty(cls, v: list[str]) -> list[str]:
        for s in v:
            if not s or s != s.strip():
                raise ValueError(f"{s!r}: words must be non-empty, without leading or trailing spaces")
        return v


class HeadGroup(BaseModel):
    """Head words that make a name of one label and kind: ``{label: ORG, kind: political_party, words: [党]}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Literal["ORG", "LOC", "EVENT"]
    kind: str
    words: list[str]

    @model_validator(mode="after")
    def _check(self) -> HeadGroup:
        if self.kind not in KINDS[self.label]:
            raise ValueError(f"kind {self.kind!r} is not allowed for label {self.label}")
        for w in self.words:
            if not w or w != w.strip():
                raise ValueError(f"{w!r}: head words must be non-empty, without leading or trailing spaces")
        return self


class HeadCues(BaseModel):
    """``dictionaries/cues/heads.yaml``: the heads of longer names (日本+社会党, 福岡+地方裁判所, 幕張+メッセ) and the
    words that introduce events, used by the discovery rules of :mod:`jpnews_tags.ner.discovery.heads` and
    :mod:`jpnews_tags.ner.discovery.events`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    heads: list[HeadGroup] = Field(default_factory=list)
    max_modifier_chars: int = Field(default=6, ge=0, le=12)
    team_after_place: bool = True
    team_before_place: bool = True
    club_abbreviations: list[str] = Field(default_factory=list)
    government_suffixes: list[str] = Field(default_factory=list)
    event_intro_words: list[str] = Field(default_factory=list)
    event_after: list[str] = Field(default_factory=list)
    event_before: list[str] = Field(default_factory=list)

    def groups_by_word(self) -> dict[str, HeadGroup]:
        """Each head word and its group (the first group that lists it)."""
        out: dict[str, HeadGroup] = {}
        for g in self.heads:
            for w in g.words:
                out.setdefault(w, g)
        return out


class LayoutCues(BaseModel):
    """``dictionaries/cues/layout.yaml``: the words of the boilerplate patterns of
    :mod:`jpnews_tags.text.layout` (related-article headings, credits, share blocks, self-introductions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    boilerplate_headings: list[str] = Field(default_factory=list)
    credit_words: list[str] = Field(default_factory=list)
    social: list[str] = Field(default_factory=list)
    invitations: list[str] = Field(default_factory=list)
    greetings: list[str] = Field(default_factory=list)
    team_endings: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _words(self) -> LayoutCues:
        for name in type(self).model_fields:
            for w in getattr(self, name):
                if not w or w != w.strip():
                    raise ValueError(f"{name}: {w!r}: words must be non-empty, without leading or trailing spaces")
        return self

    def words(self) -> LayoutWords:
        """The words as :mod:`jpnews_tags.text.layout` takes them (headings case-folded)."""
        return LayoutWords(
            headings=frozenset(h.casefold() for h in self.boilerplate_headings),
            credit_words=tuple(self.credit_words),
            social=tuple(self.social),
            greetings=tuple(self.greetings),
            team_endings=tuple(self.team_endings),
            invitations=tuple(self.invitations),
        )


class UnitTables(BaseModel):
    """``dictionaries/cues/units.yaml``: currencies, quantity units and qualifiers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    currency_suffixes: dict[str, str]
    currency_prefixes: dict[str, str]
    quantity_units: dict[str, str]
    qualifiers_before: list[str]
    qualifiers_after: list[str]


class Topic(BaseModel):
    """A topic of the tag taxonomy, triggered by terms and by entities."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    en: str | None = None
    terms: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list, description="Entity ids that suggest the topic.")
    kinds: list[str] = Field(default_factory=list, description="Entity kinds that suggest the topic.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names sites tag the topic with (for vocabulary mapping only)."
    )


class TopicFile(BaseModel):
    """``dictionaries/topics.yaml``."""

    model_config = ConfigDict(extra="forbid")

    topics: list[Topic]
