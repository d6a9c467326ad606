"""The rule layer: from gazetteer matches and numeric finds to typed, resolved entities.

- Ambiguous aliases (Nova, Bedrock, アマゾン, Meta...) are kept only with context: the same entity, its
  parent, children or listed ``cue_entities`` named unambiguously in the text; ``cues`` near the mention or
  in the title; titles and honorifics after person names (氏, CEO). ``anti_cues`` right around the mention
  reject it (アマゾン川).
- A country followed by 政府 becomes a government ORG ("ドイツ政府").
- Overlaps: the longest span wins; on equal spans a dictionary entity beats a number.
- Names that are also common words are the word in a word's context (:class:`CommonWordRules`: パイオニア in
  GPUのパイオニアである, L4 in L4レベル, 「Prompt Engineering」).

Example:
    >>> from jpnews_tags.lexicon.schema import Entry
    >>> from jpnews_tags.ner.gazetteer import Gazetteer
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> g = Gazetteer.compile([Entry(id="amazon", name="Amazon", label="ORG", kind="company",
    ...     aliases=["アマゾン"], ambiguous=["アマゾン"], cues=["通販"], anti_cues=["川"])], tok)
    >>> def ents(text):
    ...     return [(e.text, e.canonical) for e in resolve(g, g.match(tok.tokenize(text), text), [], text)]
    >>> ents("アマゾン川の流域"), ents("アマゾンの通販事業")
    ([], [('アマゾン', 'Amazon')])
"""

from __future__ import annotations

import bisect
import functools
import re
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..lexicon.index import Candidate, EntityIndex
from ..lexicon.resources import shipped_name_cues
from ..lexicon.schema import Entry, RuleCues
from ..lexicon.suggest import cuts_a_word
from ..models import Entity, EntityLabel
from ..text.normalization import key
from ..text.scripts import (
    HIRAGANA,
    KANJI_WORD,
    KATAKANA_LETTERS,
    bracket_gloss,
    in_katakana_block,
    is_kanji,
    latin_boundaries_ok,
    occurrences,
    past_quotes,
)
from ..text.tokenization import Tokenizer
from .gazetteer import Match
from .numeric import NumericFind

#: Characters searched either side of a mention for cues.
CUE_WINDOW = 80
#: Characters between two mentions that make them neighbours (a list of companies).
NEAR = 3
#: Characters searched either side of a mention for anti-cues.
ANTI_CUE_WINDOW = 6


@dataclass(frozen=True)
class _Context:
    """What the ambiguity rules know about the document."""

    text: str
    folded: str  # casefolded text, same length
    title: str | None
    doc_ids: set[str]  # entities named unambiguously
    family: set[str]  # their ancestors (Llama 4 -> Llama -> Meta)
    near: Sequence[tuple[int, int, str]]  # unambiguous mentions in text order: start, end, label
    person_followers: tuple[str, ...] = ()  # 氏, CEO...: confirm a person name
    org_followers: tuple[str, ...] = ()  # 社, 株式会社...: confirm a company name
    country_prefixes: Collection[str] = ()  # 米, 英...: before a foreign company's name
    company_acts: tuple[str, ...] = ()  # 発表, 買収...: what a company does as the subject of its sentence
    in_text: dict[str, bool] = field(default_factory=dict)  # casefolded cue -> anywhere in the text (memo)

    def neighbours(self, start: int, end: int) -> Sequence[tuple[int, int, str]]:
        """Unambiguous mentions ending at most NEAR characters before ``start`` or starting at most NEAR after
        ``end`` (mentions do not overlap, so both their starts and their ends are in order)."""
        near = self.near
        ends = self._ends
        starts = self._starts
        before = near[bisect.bisect_left(ends, start - NEAR) : bisect.bisect_right(ends, start)]
        after = near[bisect.bisect_left(starts, end) : bisect.bisect_right(starts, end + NEAR)]
        return [*before, *after]

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [s for s, _, _ in self.near]

    @functools.cached_property
    def _ends(self) -> list[int]:
        return [e for _, e, _ in self.near]


def _cue_score(g: EntityIndex, entry: Entry, m: Match, ctx: _Context) -> float:
    text, folded, title, doc_ids, family = ctx.text, ctx.folded, ctx.title, ctx.doc_ids, ctx.family
    before = folded[max(0, m.start - ANTI_CUE_WINDOW) : m.start]
    after = folded[m.end : m.end + ANTI_CUE_WINDOW]
    for a in entry.anti_cues:
        af = a.casefold()
        if af in before or af in after:
            return -1.0
    score = 0.0
    if entry.id in doc_ids or entry.id in family:
        # named unambiguously, or one of its products/subsidiaries is (Llama 4 -> Meta)
        score += 2
    related = set(entry.cue_entities)
    if entry.parent:
        related.add(entry.parent)
    if related & doc_ids:
        score += 2
    # In a list or next to another entity of the same label: "グーグル、アマゾン、セールスフォース"
    if any(label == entry.label for _, _, label in ctx.neighbours(m.start, m.end)):
        score += 1
    window = folded[max(0, m.start - CUE_WINDOW) : m.end + CUE_WINDOW]
    tfold = title.casefold() if title else ""
    in_text = ctx.in_text
    for c in entry.cues:
        cf = c.casefold()
        if cf in window or (tfold and cf in tfold):
            score += 1
        else:
            seen = in_text.get(cf)
            if seen is None:
                seen = in_text[cf] = cf in folded
            if seen:
                score += 0.5
    if entry.label == "PERSON" and ctx.person_followers and text.startswith(ctx.person_followers, m.end):
        score += 2
    if entry.label == "ORG" and ctx.org_followers and text.startswith(ctx.org_followers, m.end):
        score += 2
    if entry.label == "ORG" and entry.kind != "government" and _country_prefixed(text, m.start, ctx.country_prefixes):
        score += 1  # 米オラクル, 英アーム: journalists put the prefix before a foreign company's name
    if (
        entry.label == "ORG"
        and ctx.company_acts
        and not text.endswith("社", m.start, m.end)
        and _subject_of(text, m.start, m.end, ctx.company_acts)
    ):
        # メタは、新しいAIモデルを発表した: the company acts. Not for an alias that says company already (X社): that
        # a company acts does not say which (A社とX社が提携した: a case study's hidden names).
        score += 1
    return score


def _subject_of(text: str, start: int, end: int, acts: Sequence[str]) -> bool:
    """Whether the name at ``start:end`` is the subject (は, が) of one of ``acts`` in its sentence (60 characters
    at most after it), and a name of its own, not a piece of a longer one (AI-Xは…を採用: the product AI-X;
    Microsoft Agent Frameworkが…)."""
    if text[end : end + 1] not in ("は", "が"):
        return False
    if cuts_a_word(text, start, end) or not latin_boundaries_ok(text, start, end, hyphens=True):
        return False
    stop = text.find("。", end, end + 60)
    sentence = text[end : stop if stop >= 0 else end + 60]
    return any(a in sentence for a in acts)


def _country_prefixed(text: str, start: int, prefixes: Collection[str]) -> bool:
    """Whether a one-character country prefix stands on its own right before ``start`` (米オラクル, not 欧米)."""
    if start < 1 or text[start - 1] not in prefixes:
        return False
    if start < 2:
        return True
    ch = text[start - 2]
    return not (is_kanji(ch) or in_katakana_block(ch))


def __getattr__(name: str) -> Any:
    if name == "COUNTRY_PREFIXES":
        warnings.warn(
            "jpnews_tags.ner.rules.COUNTRY_PREFIXES is deprecated; the prefixes are data: NameCues.country_prefixes "
            "(dictionaries/cues/names.yaml)",
            DeprecationWarning,
            stacklevel=2,
        )
        return frozenset(shipped_name_cues().country_prefixes)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _entity(entry: Entry, m: Match, text: str, confidence: float, prefixes: Collection[str] = ()) -> Entity:
    start = m.start
    # An alias such as '米SEC' keeps the prefix out of the span when a Latin name follows it.
    if m.end - start > 2 and text[start] in prefixes and text[start + 1].isascii() and entry.label == "ORG":
        start += 1
    # every field comes from a validated entry and the text: not validated again (this is the hottest constructor)
    return Entity.model_construct(
        start=start,
        end=m.end,
        text=text[start : m.end],
        label=entry.label,
        kind=entry.kind,
        canonical=entry.name,
        id=entry.id,
        confidence=round(confidence, 3),
        source="gazetteer",
        value=None,
        parent=entry.parent,
    )


def _choose(g: EntityIndex, m: Match, ctx: _Context) -> tuple[Candidate, float] | None:
    unamb = [c for c in m.candidates if not c.ambiguous]
    if unamb:
        c = unamb[0]
        # Very short aliases are less certain even when unambiguous.
        return c, 0.95 if m.end - m.start > 2 else 0.85
    best: tuple[Candidate, float] | None = None
    for c in m.candidates:
        s = _cue_score(g, g.entries[c.entry], m, ctx)
        if s >= 1 and (best is None or s > best[1]):
            best = (c, s)
    if best is None:
        return None
    return best[0], min(0.9, 0.55 + 0.1 * best[1])


def _country_named(g: EntityIndex, name: str) -> Entry | None:
    for c in g.terms.index.get(key(name), ()):
        e = g.entries[c.entry]
        if e.label == "GPE" and not c.ambiguous:
            return e
    return None


def resolve(
    g: EntityIndex,
    matches: Sequence[Match],
    numeric: Sequence[NumericFind],
    text: str,
    title: str | None = None,
    *,
    person_followers: Sequence[str] = (),
    org_followers: Sequence[str] = (),
    country_prefixes: Collection[str] = (),
    company_acts: Sequence[str] = (),
) -> list[Entity]:
    """Entities of ``text`` in text order, without overlaps.

    ``person_followers`` / ``org_followers`` (from ``dictionaries/cues``) are words right after an ambiguous
    name that confirm it (マスク氏, アップル社); ``country_prefixes`` (米, 英...: ``country_prefixes`` in
    ``dictionaries/cues/names.yaml``) before an ambiguous company name confirm it too (米オラクル), and are left out
    of a span that starts with one before a Latin name (an alias '米SEC'); so does the name being the subject of
    one of ``company_acts`` in its sentence (メタは、新しいAIモデルを発表した).
    """
    prefixes = frozenset(country_prefixes)
    folded = text.casefold()
    if len(folded) != len(text):  # a few characters fold to two; keep offsets aligned
        folded = text.lower() if len(text.lower()) == len(text) else text
    doc_ids: set[str] = set()
    near: list[tuple[int, int, str]] = []
    for m in matches:
        for c in m.candidates:
            if not c.ambiguous:
                entry = g.entries[c.entry]
                doc_ids.add(entry.id)
                near.append((m.start, m.end, entry.label))
                break
    family: set[str] = set()
    for i in doc_ids:
        p = g.entries[g.by_id[i]].parent
        hops = 0
        while p and p not in family and hops < 8:
            family.add(p)
            parent_entry = g.entry(p)
            p = parent_entry.parent if parent_entry else None
            hops += 1
    ctx = _Context(
        text,
        folded,
        title,
        doc_ids,
        family,
        near,
        tuple(person_followers),
        tuple(org_followers),
        prefixes,
        tuple(company_acts),
    )
    ents: list[Entity] = []
    for m in matches:
        chosen = _choose(g, m, ctx)
        if chosen is None:
            continue
        entry = g.entries[chosen[0].entry]
        ent = _entity(entry, m, text, chosen[1], prefixes)
        if entry.kind == "government" and ent.text.endswith("政府") and text.startswith("系", m.end):
            # 政府系ファンド (government-affiliated): the country is a place mention, not the government.
            country = _country_named(g, text[m.start : m.end - 2])
            if country is None:
                continue
            entry = country
            ent = _entity(country, Match(m.start, m.end - 2, ()), text, chosen[1], prefixes)
        if (
            entry.label == "GPE"
            and entry.kind == "country"
            and text.startswith("政府", ent.end)
            and not text.startswith("政府系", ent.end)
        ):
            ent = Entity(
                start=ent.start,
                end=ent.end + 2,
                text=text[ent.start : ent.end + 2],
                label="ORG",
                kind="government",
                canonical=f"Government of {entry.name}",
                id=None,
                confidence=0.9,
                source="rule",
                parent=entry.id,
            )
        ents.append(ent)
    for f in numeric:
        ents.append(
            Entity(
                start=f.start,
                end=f.end,
                text=f.text,
                label=f.label,
                confidence=0.9,
                source="rule",
                value=f.value,
            )
        )
    return remove_overlaps(ents)


def remove_overlaps(ents: Sequence[Entity]) -> list[Entity]:
    """Keep the longest of overlapping entities; on equal spans prefer dictionary entities."""
    rank = {"gazetteer": 0, "rule": 1, "discovery": 2, "model": 3}
    ordered = sorted(ents, key=lambda e: (-(e.end - e.start), rank[e.source], e.start))
    starts: list[int] = []  # sorted, non-overlapping intervals taken so far
    ends: list[int] = []
    kept: list[Entity] = []
    for e in ordered:
        i = bisect.bisect_left(starts, e.start)
        if i > 0 and ends[i - 1] > e.start:
            continue
        if i < len(starts) and starts[i] < e.end:
            continue
        starts.insert(i, e.start)
        ends.insert(i, e.end)
        kept.append(e)
    kept.sort(key=lambda e: (e.start, e.end))
    return kept


_CLOSERS = "」』\"'”’）)"
_OPENERS = "「『\"'“‘（("


@dataclass(frozen=True)
class CommonWordRules:
    """Context rules, as data, for names that are also common words (``dictionaries/cues/rules.yaml``):

    - a name Sudachi reads as a common noun is the word when used as a noun: after の and before one of
      ``predicates`` (GPUのパイオニアであるNVIDIA), or before one of ``followers`` (パイオニアたち);
    - a level code (``level_codes``: L4, L2+) next to a level word (``level_words``: L4レベル, 「L4」の自動運転);
    - a name found without the dictionary made of Latin words ending in one of ``term_heads`` (「Prompt
      Engineering」) is a practice, unless another of its words is a name Sudachi knows;
    - a place right before one of ``place_word_suffixes`` as a word of its own names a language or a people
      (ベンガル語, ケニア人), not the place.

    Example:
        >>> from jpnews_tags.lexicon.resources import default_dictionary_dir
        >>> from jpnews_tags.lexicon.load import load_data_file
        >>> from jpnews_tags.lexicon.schema import RuleCues
        >>> from jpnews_tags.text.tokenization import Tokenizer
        >>> rules = CommonWordRules.of(load_data_file(default_dictionary_dir() / "cues" / "rules.yaml", RuleCues))
        >>> text = "GPUのパイオニアであるNVIDIAは、L4レベルの自動運転にも取り組む。"
        >>> ents = [Entity(start=4, end=9, text="パイオニア", label="ORG", canonical="Pioneer", id="pioneer",
        ...                confidence=0.65, source="gazetteer"),
        ...         Entity(start=12, end=18, text="NVIDIA", label="ORG", canonical="NVIDIA", id="nvidia",
        ...                confidence=0.95, source="gazetteer"),
        ...         Entity(start=20, end=22, text="L4", label="PRODUCT", canonical="L4", confidence=0.5,
        ...                source="discovery")]
        >>> [e.text for e in rules.apply(text, ents, Tokenizer())]
        ['NVIDIA']
    """

    predicates: tuple[str, ...] = ()
    followers: tuple[str, ...] = ()
    level_codes: frozenset[str] = frozenset()
    level_words: tuple[str, ...] = ()
    term_heads: frozenset[str] = frozenset()
    place_word_suffixes: tuple[str, ...] = ()

    @classmethod
    def of(cls, cues: RuleCues) -> CommonWordRules:
        return cls(
            tuple(cues.common_noun_predicates),
            tuple(cues.common_noun_followers),
            frozenset(cues.level_codes),
            tuple(cues.level_words),
            frozenset(cues.term_heads),
            tuple(cues.place_word_suffixes),
        )

    def apply(self, text: str, entities: Sequence[Entity], words: Tokenizer) -> list[Entity]:
        """The ``entities`` without the mentions that are common words in their context (``words``: the
        tokenizer, which knows Sudachi's common words and names)."""
        return [e for e in entities if not self.is_word(text, e, words)]

    def is_word(self, text: str, e: Entity, words: Tokenizer) -> bool:
        """Whether the mention ``e`` is used as a common word, not as the name."""
        if e.label in ("LOC", "GPE"):
            return self._language_or_people(text, e, words)
        if e.label not in ("ORG", "PRODUCT"):
            return False
        if e.text in self.level_codes:
            after = text[e.end : e.end + 12].lstrip(_CLOSERS).removeprefix("の").lstrip()
            before = text[max(0, e.start - 12) : e.start].rstrip(_OPENERS).rstrip()
            if after.startswith(self.level_words) or before.endswith(self.level_words):
                return True
        noun_use = text.startswith(self.followers, e.end) or (
            text[e.start - 1 : e.start] == "の" and text.startswith(self.predicates, e.end)
        )
        if noun_use and words.is_common_word(e.text):
            return True
        if e.source in ("discovery", "model") and " " in e.text:
            *rest, head = e.text.split()
            if head in self.term_heads and all(words.is_common_word(w) or words.is_oov(w) for w in rest):
                return True
        return False

    def _language_or_people(self, text: str, e: Entity, words: Tokenizer) -> bool:
        """A place right before a language or people word (ベンガル語, ケニア人) that is a word of its own there
        (not 人工 of 中国人工知能): Sudachi reads the few characters after the place to tell."""
        if not text.startswith(self.place_word_suffixes, e.end):
            return False
        after = words.morphemes(text[e.end : e.end + 6])
        return len(after) > 0 and after[0].surface() in self.place_word_suffixes


# Link targets of Markdown links and bare URLs: slugs there (/2025/09/07/1-google-ai/) are not mentions.
_URL = re.compile(r"\]\([^)\s]*\)|https?://[^\s)\]>\"'」]+")


def outside_urls(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """The entities that do not lie inside a URL or a Markdown link target."""
    if "](" not in text and "://" not in text:
        return list(entities)
    spans = [m.span() for m in _URL.finditer(text)]
    if not spans:
        return list(entities)
    starts = [s for s, _ in spans]
    out = []
    for e in entities:
        i = bisect.bisect_right(starts, e.start) - 1
        if i >= 0 and e.start < spans[i][1]:
            continue
        out.append(e)
    return out


def labels_in_context(entities: Sequence[Entity], g: EntityIndex, text: str, cues: RuleCues) -> list[Entity]:
    """The label a mention takes in its sentence, where one name is two things.

    - A company that is also its service (an entry with ``also``: GitHub, YouTube, X) is the company when a
      company's word comes right after it (セールスフォースで働いた, YouTubeのCEO: ``company_words_after``), the
      service when it is used or changed (GitHubで公開, YouTubeの新機能, Xにポスト: ``service_used_after`` right
      after it) and the company when it acts (GitHubは...発表した: は/が/、 then one of ``company_acts`` in the
      same sentence); otherwise its dictionary label stands.
    - A named project is a product, whatever the dictionary calls the company behind it: 「Stargate」プロジェクト
      (a quoted name before one of ``project_words``).

    The words are in ``dictionaries/cues/rules.yaml``.

    >>> from jpnews_tags.lexicon.schema import Entry, RuleCues
    >>> from jpnews_tags.lexicon.index import EntityIndex
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> g = EntityIndex.compile([Entry(id="github", name="GitHub", label="ORG", kind="company", also="PRODUCT")],
    ...                         Tokenizer())
    >>> cues = RuleCues(company_acts=["発表"], service_used_after=["で"])
    >>> def e(s): return Entity(start=s, end=s + 6, text="GitHub", label="ORG", kind="company", canonical="GitHub",
    ...                         id="github", confidence=0.95, source="gazetteer")
    >>> text = "GitHubで公開した。GitHubは新機能を発表した。"
    >>> [x.label for x in labels_in_context([e(0), e(11)], g, text, cues)]
    ['PRODUCT', 'ORG']
    """
    if not (cues.company_acts or cues.service_used_after or cues.project_words):
        return list(entities)
    used = tuple(cues.service_used_after)
    company = tuple(cues.company_words_after)
    out: list[Entity] = []
    for ent in entities:
        entry = g.entry(ent.id) if ent.id else None
        label: EntityLabel = ent.label
        if entry is not None and entry.also is not None:
            label = _label_in_sentence(text, ent, label, used, cues.company_acts, company)
        if (
            ent.label == "ORG"
            and cues.project_words
            and text[ent.start - 1 : ent.start] == "「"
            and text[ent.end : ent.end + 1] == "」"
            and text.startswith(tuple(cues.project_words), ent.end + 1)
        ):
            label = "PRODUCT"
        if label != ent.label:
            kind = "service" if label == "PRODUCT" else "company"
            if label == "PRODUCT" and text.startswith(tuple(cues.project_words), ent.end + 1):
                kind = "project"
            ent = ent.model_copy(update={"label": label, "kind": kind})
        out.append(ent)
    return out


class WordsAfter:
    """Whether the words right after a mention of a company-or-product name say which it is
    (``product_words_after``, ``company_words_after`` in ``dictionaries/cues/rules.yaml``): Blackwellチップ is the
    product, Alphabet傘下 the company; a word of ``project_words`` names a project, a product (NANDAイニシアチブ).
    A Latin name may have one space before the word (OpenAI CEO), a name quoted alone its closing quote
    (「Clarity」という名前の企業). Not when 向け follows the word (Xという会社向け: for companies). A Latin name
    whose last word is one of ``org_words`` (``latin_org_words`` in ``names.yaml``: Holdings, Ltd., Networks) is
    the company at every mention; one whose last word is one of ``event_words`` (``latin_event_words``: Summit,
    Conference) the event. A place is the company only by words no place takes (``company_words_after_place``:
    アマゾン傘下, not ドイツ社会 or アメリカ本社). What is done with a product (``product_uses_after``: Xを活用,
    Xの性能) says the product too, unless ``uses`` is false. A name that is the subject of one of ``company_acts``
    with its own object, no other topic or subject between (Xは新しいAIモデルを発表した, XがY社と提携), is the
    company; not by acts a product does too (分析, 報告, 採用, 決定), nor in the passive.

    >>> from jpnews_tags.lexicon.schema import RuleCues
    >>> from jpnews_tags.models import Entity
    >>> cue = WordsAfter(RuleCues(product_words_after=["チップ"], company_words_after=["傘下", "CEO"]), ["BV"])
    >>> text = "Blackwellチップ、Alphabet傘下、Xenon CEO、Xenonは、Eagl BVは"
    >>> def e(s, n):
    ...     return Entity(start=s, end=s + len(n), text=n, label="ORG", canonical=n, confidence=0.8, source="model")
    >>> spans = [(0, "Blackwell"), (13, "Alphabet"), (24, "Xenon"), (35, "Xenon"), (42, "Eagl BV")]
    >>> [cue(text, e(s, n)) for s, n in spans]
    ['PRODUCT', 'ORG', 'ORG', None, 'ORG']
    >>> [cue("「Zeq」傘下、Zeq傘下向け", e(s, "Zeq")) for s in (1, 8)]
    ['ORG', None]
    >>> WordsAfter(RuleCues(), event_words=["Summit"])("Zeq AI Summitで", e(0, "Zeq AI Summit"))
    'EVENT'
    """

    def __init__(self, cues: RuleCues, org_words: Sequence[str] = (), event_words: Sequence[str] = ()) -> None:
        # a named project is a product, as a quoted one is (「Stargate」プロジェクト): 千手観音プロジェクト
        self.product = (*cues.product_words_after, *cues.project_words)
        self.uses = tuple(cues.product_uses_after)
        acts = [a for a in cues.company_acts if a not in _NOT_AGENTS]
        # Xは…を発表した / Xが…と提携: the name, its particle, then its own object and act, no other topic between
        self.agent = (
            re.compile(rf"[はが][^。はが]{{0,40}}?[をと](?:{'|'.join(map(re.escape, acts))})(?!され|させ)")
            if acts
            else None
        )
        self.company = tuple(cues.company_words_after)
        self.company_after_place = tuple(cues.company_words_after_place)
        self.org_endings = tuple(f" {w}" for w in org_words)
        self.event_endings = tuple(f" {w}" for w in event_words)

    def __call__(self, text: str, e: Entity, uses: bool = True) -> EntityLabel | None:
        """The label the words after ``e`` say, or None; ``uses``: with what is done with a product
        (``product_uses_after``: Xを活用), which says product rather than company but not name rather than term."""
        if self.org_endings and e.text.endswith(self.org_endings):
            return "ORG"  # its own last word says it: ASE Technology Holding, Eagl BV
        if self.event_endings and e.text.endswith(self.event_endings):
            return "EVENT"  # ASUS AI Tech Summit, TDK Investor Day
        spaced = text[e.end : e.end + 1] == " " and e.text[-1:].isascii()
        at = e.end + 1 if spaced else past_quotes(text, e.start, e.end)
        kinds: tuple[tuple[tuple[str, ...], EntityLabel], ...] = ((self.product, "PRODUCT"), (self.company, "ORG"))
        if uses and self.uses:
            kinds += ((self.uses, "PRODUCT"),)
        if e.label in ("GPE", "LOC"):  # a place is a company only by words no place takes (アマゾン傘下)
            kinds = ((self.company_after_place, "ORG"),)
        for words, said in kinds:
            word = next((w for w in words if text.startswith(w, at)), None)
            if word is not None:
                # 向け makes the word a customer: Xという会社向けのサービス is a service for companies, not a company
                return None if text.startswith(_FOR, at + len(word)) else said
        if self.agent is not None and e.label in ("ORG", "PRODUCT") and self.agent.match(text, e.end):
            return "ORG"
        return None


#: Acts a product does too, with an object (Xはデータを分析, Xは…を採用: the product chosen is the subject).
_NOT_AGENTS = frozenset({"分析", "報告", "採用", "決定"})
#: After a kind word, what makes the kind the customer of the name, not what the name is (企業向け: for companies).
_FOR = "向け"
#: An acronym the recognizer or discovery may take for a name: capitals and digits (SMR, V2X, MUM-T), or their
#: plural (LWMs, PETs: 大規模世界モデル（LWMs）).
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}s?(?:-[A-Z0-9]{1,3})?")
#: The words of an English gloss: Vision-Language Model, Zero Data Retention.
_LATIN_GLOSS_SPLIT = re.compile(r"[ \-]+")
_HIRAGANA_OR_DOT = re.compile(rf"[{HIRAGANA}・ ]+")


class GlossedTerms:
    """Whether an acronym is glossed in brackets by common words, the way a term is introduced: SMR next to
    小型モジュール炉（SMR）, ASI（人工超知能）, 顧客確認（KYC）. A name is introduced otherwise: by its reading, its
    original name (an unknown word or a proper noun), or a phrase holding the head of an organization or a law
    (医薬品・医療製品規制庁（MHRA）, 国際エネルギー機関（IEA）, 一般社団法人産業競争力懇談会（COCN）:
    ``term_gloss_heads`` in ``dictionaries/cues/rules.yaml``, the heads of ``heads.yaml``, the words that end a
    law's name, ``law_words``, ``law_gloss_heads`` and ``law_name_endings``, and the legal forms). A gloss is made
    only of words the tokenizer knows as common words (and particles), no digit.
    A head names an organization or a law at the end of the gloss (its head word: 国際エネルギー機関, 規制庁), a
    legal form or one of ``term_gloss_name_words`` anywhere (一般社団法人…懇談会); a head inside a longer phrase
    is a modifier (電力 of 電力使用効率（PUE）). An English gloss of common words is a term's too (VLM（Vision-Language
    Model）), unless a word of it names an organization or a law (International Energy Agency).

    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> from jpnews_tags.lexicon.schema import RuleCues
    >>> g = GlossedTerms(Tokenizer(), RuleCues(term_gloss_heads=["機関", "電力"]), ())
    >>> text = "小型モジュール炉（SMR）と国際エネルギー機関（IEA）とASI（人工超知能）とAstra（アストラ）"
    >>> text += "と電力使用効率（PUE）"
    >>> [g(text, text.index(n), text.index(n) + len(n)) for n in ("SMR", "IEA", "ASI", "Astra", "PUE")]
    [True, False, True, False, True]
    """

    def __init__(
        self,
        tokenizer: Tokenizer,
        cues: RuleCues,
        heads: Collection[str],
        legal_forms: Collection[str] = (),
        latin_name_words: Collection[str] = (),
        latin_function_words: Collection[str] = (),
    ) -> None:
        self.tokenizer = tokenizer
        laws = (*cues.law_words, *cues.law_gloss_heads, *cues.law_name_endings)
        self.heads = tuple(sorted({*cues.term_gloss_heads, *heads, *laws}))
        self.name_words = tuple(sorted({*cues.term_gloss_name_words, *legal_forms}))
        self.latin_name_words = frozenset(w.lower() for w in (*latin_name_words, *cues.term_gloss_latin_name_words))
        self.latin_function_words = frozenset(w.lower() for w in latin_function_words)

    def __call__(self, text: str, start: int, end: int, named: Sequence[tuple[int, int]] = ()) -> bool:
        """Whether the acronym at ``start:end`` is glossed as a term. An English gloss that overlaps one of
        ``named`` (the spans of names found in the text) is that name's: Advanced Micro Devices（AMD）."""
        if not acronym_like(text[start:end]):
            return False
        gloss = bracket_gloss(text, start, end)
        if gloss is None:
            return False
        g = text[gloss[0] : gloss[1]]
        if g.isascii() and any(s < gloss[1] and gloss[0] < e for s, e in named):
            return False
        return self._is_gloss(g)

    def terms_in(self, text: str, names: Collection[str], named: Sequence[tuple[int, int]] = ()) -> set[str]:
        """The ``names`` glossed as terms at one of their occurrences in ``text`` at least (one reading per text:
        PUE glossed once, データセンターの電力使用効率（PUE）, is a term at every mention); ``named``: the spans of
        the names found in the text."""
        out: set[str] = set()
        for name in names:
            if acronym_like(name) and any(self(text, at, at + len(name), named) for at in occurrences(text, name)):
                out.add(name)
        return out

    def _is_gloss(self, gloss: str) -> bool:
        """Common words only (and particles), some kanji or katakana, no digit, not ending in a head, no legal form."""
        if gloss.isascii():
            return self._is_latin_gloss(gloss)
        if any(c.isdigit() for c in gloss) or gloss.endswith(self.heads):
            return False  # an organization or a law: 国際エネルギー機関（IEA）, 医療製品規制庁（MHRA）
        if any(w in gloss for w in self.name_words):
            return False  # 一般社団法人産業競争力懇談会（COCN）
        tokens = self.tokenizer.tokenize(gloss)
        common = self.tokenizer.is_common_word
        return all(
            common(w) or _HIRAGANA_OR_DOT.fullmatch(w) is not None for w in (gloss[r[0] : r[1]] for r in tokens.rows)
        )

    def _is_latin_gloss(self, gloss: str) -> bool:
        """English common words only (Vision-Language Model, Zero Data Retention, Coolant Distribution Units): two
        or more words the tokenizer knows as common nouns (a plural's singular too), lower-case function words
        between them; no digit, no other sign, no proper noun or new word (NVIDIA Cloud Partner), and no word that
        names an organization or a law (``latin_org_words``, ``term_gloss_latin_name_words``: International Energy
        Agency, National Institute of Standards and Technology)."""
        words = [w for w in _LATIN_GLOSS_SPLIT.split(gloss.strip()) if w]
        if not all(w.isalpha() for w in words):
            return False
        if any(w.lower() in self.latin_name_words for w in words):
            return False
        common = self.tokenizer.is_common_word
        content = [w for w in words if not (w.islower() and w in self.latin_function_words)]
        return len(content) >= 2 and all(
            common(w) or (len(w) > 3 and w.endswith("s") and common(w[:-1])) for w in content
        )


#: An acronym: capitals and digits, a capital first and another one in it, at most one lower-case letter (GAA,
#: HBM3e, DiT), as :class:`FieldTerms` with ``acronyms_only`` takes it.
_FIELD_ACRONYM = re.compile(r"(?=[^a-z]*(?:[a-z][^a-z]*)?$)[A-Z][A-Z0-9a-z]*[A-Z][A-Z0-9a-z]*")


def acronym_like(name: str) -> bool:
    """Written as an acronym, as the term rules take one: capitals and digits (SMR, V2X, MUM-T, LLMs), or capitals
    with at most one lower-case letter (HBM3e, DiT, GaN, MoE), seven characters at most (a longer word in capitals
    is a name written so: PEGAVERSE).

    >>> [acronym_like(n) for n in ("VFX", "MUM-T", "LLMs", "HBM3e", "MoE", "PropTech", "Vision", "AI", "PEGAVERSE")]
    [True, True, True, True, True, False, False, True, False]
    """
    return _ACRONYM.fullmatch(name) is not None or (len(name) <= 7 and _FIELD_ACRONYM.fullmatch(name) is not None)


#: The word a na-adjective goes before: kanji, katakana or Latin (「Clarity」な視点, 「AI-native」なソリューション).
_NA_NOUN = re.compile(f"[{KANJI_WORD}{KATAKANA_LETTERS}A-Za-z]")


class FieldTerms:
    """Whether a name found without the dictionary is the name of a field at one of its mentions: a word of
    ``term_field_heads`` (``dictionaries/cues/rules.yaml``: 業界, 分野, セクター, 領域) right after it (VFX業界,
    BFSIセクター, PropTech分野, BtoB領域). A company or a product is not an industry or a sector; a term is. One
    reading per text: VFX is a term at every mention of a text that writes VFX業界 once. With ``acronyms_only``,
    only acronyms are looked at (``acronym_term_heads``: GAAトランジスタ, DIMC技術, where a named technology in
    words is a product: ExpEther技術). A mention quoted alone right after one of ``before`` (``concept_verbs``:
    提唱された「Phone Case 3.0」) is a term's too, and with ``adjectival`` one quoted alone and followed by な and a
    word (「Clarity」な視点, 「AI-native」な世界): a quality said of something, a na-adjective, which no name is
    (「Macrohard」なる is "called Macrohard": る is no word).

    >>> f = FieldTerms(["業界", "セクター"])
    >>> sorted(f.terms_in("VFX業界は拡大し、VFXの需要も増えた。BFSIセクターとNeoVFX社", ["VFX", "BFSI", "NeoVFX"]))
    ['BFSI', 'VFX']
    >>> f.terms_in("AVFX業界", ["VFX"])  # a piece of another word is not a mention
    set()
    >>> tech = FieldTerms(["技術"], acronyms_only=True)
    >>> sorted(tech.terms_in("GAA技術とDiT技術とExpEther技術", ["GAA", "DiT", "ExpEther"]))
    ['DiT', 'GAA']
    >>> FieldTerms([], before=["提唱された"]).terms_in("CESで提唱された「Case 3」。Case 3は", ["Case 3"])
    {'Case 3'}
    >>> quality = FieldTerms([], adjectival=True)
    >>> sorted(quality.terms_in("「Clarity」な視点。「Macrohard」なる構想", ["Clarity", "Macrohard"]))
    ['Clarity']
    """

    def __init__(
        self,
        heads: Collection[str],
        acronyms_only: bool = False,
        before: Collection[str] = (),
        adjectival: bool = False,
    ) -> None:
        self.heads = tuple(sorted(set(heads)))
        self.acronyms_only = acronyms_only
        self.before = tuple(sorted(set(before)))
        self.adjectival = adjectival

    def terms_in(self, text: str, names: Collection[str]) -> set[str]:
        """The ``names`` directly followed by a field word at one of their mentions in ``text`` at least."""
        out: set[str] = set()
        if not (self.heads or self.before or self.adjectival):
            return out
        for name in names:
            if self.acronyms_only and _FIELD_ACRONYM.fullmatch(name) is None:
                continue
            n = len(name)
            if any(
                (
                    self._head_after(text, at, at + n)
                    or self._verb_before(text, at, at + n)
                    or self._na(text, at, at + n)
                )
                and latin_boundaries_ok(text, at, at + n, True)
                for at in occurrences(text, name)
            ):
                out.add(name)
        return out

    def _head_after(self, text: str, start: int, end: int) -> bool:
        return bool(self.heads) and text.startswith(self.heads, past_quotes(text, start, end))

    def _na(self, text: str, start: int, end: int) -> bool:
        return (
            self.adjectival
            and _quoted_alone(text, start, end)
            and text[end + 1 : end + 2] == "な"
            and _NA_NOUN.match(text, end + 2) is not None
        )

    def _verb_before(self, text: str, start: int, end: int) -> bool:
        return bool(self.before) and _quoted_alone(text, start, end) and text.endswith(self.before, 0, start - 1)


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the whole of a 「」 quotation."""
    return text[start - 1 : start] == "「" and text[end : end + 1] == "」"


def _label_in_sentence(
    text: str,
    ent: Entity,
    label: EntityLabel,
    used: tuple[str, ...],
    acts: Sequence[str],
    company: tuple[str, ...] = (),
) -> EntityLabel:
    """ORG when a company's word comes right after the name (セールスフォースで働いた, YouTubeのCEO), PRODUCT when the
    service is used right here, ORG when the company is the subject of an act, else ``label``."""
    if company and text.startswith(company, ent.end):
        return "ORG"
    if used and text.startswith(used, ent.end):
        return "PRODUCT"
    if text[ent.end : ent.end + 1] in ("は", "が", "、", "も"):
        stop = text.find("。", ent.end, ent.end + 60)  # bounded: not a search to the end of the text at each name
        sentence = text[ent.end : stop if stop >= 0 else ent.end + 60]
        if any(a in sentence for a in acts):
            return "ORG"
    return label
