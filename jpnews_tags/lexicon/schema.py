"""Pydantic schema for dictionary files under ``dictionaries/``.

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

Example:
    >>> e = Entry(id="aws", name="Amazon Web Services", label="ORG", kind="company", aliases=["AWS"])
    >>> e.all_aliases()
    ['Amazon Web Services', 'AWS']
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Label = Literal["ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW"]

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
    org_suffixes_strong: list[str] = Field(default_factory=list)
    org_suffixes_weak: list[str] = Field(default_factory=list)
    generic_name_prefixes: list[str] = Field(default_factory=list)
    generic_name_endings: list[str] = Field(default_factory=list)
    keyphrase_action_words: list[str] = Field(default_factory=list)
    product_intro_words: list[str] = Field(default_factory=list)
    work_intro_words: list[str] = Field(default_factory=list)
    product_apposition_words: list[str] = Field(default_factory=list)
    org_business_verbs: list[str] = Field(default_factory=list)
    place_suffixes: list[str] = Field(default_factory=list)
    not_place_after: list[str] = Field(default_factory=list)
    policy_words: list[str] = Field(default_factory=list)
    business_plan_words: list[str] = Field(default_factory=list)
    concept_words: list[str] = Field(default_factory=list)
    concept_verbs: list[str] = Field(default_factory=list)
