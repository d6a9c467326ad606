"""Unknown names: what ``jpnews-tags discover`` suggests for a user dictionary and the report lists.

One idea, one home. A *candidate* is a name the analyzer found that no dictionary entry holds: an entity without
an id, from discovery or the recognizer (:func:`is_unknown_name`). :class:`UnknownNames` counts candidates over
documents, one per matching key (``Zentrix`` and ``ZENTRIX`` are one), and ranks them by the number of documents,
then mentions. ``discover`` feeds it the analysis of each file (:meth:`UnknownNames.add_text`), the report the
entities of each batch record (:meth:`UnknownNames.add`): the same analysis gives the same candidates.

Left out:

- what is not a name (:class:`NameFilter`): a concept, a technique or a term (``not_names`` of
  ``dictionaries/cues/names.yaml``: ハルシネーション, RDMA), a Latin name made only of generic words
  (``not_name_words`` and the generic words the rules already list: Physical AI, Privacy by Design, a lone
  Ventures), a name in lower case only;
- a mention that cuts a word (:func:`cuts_a_word`): it starts or ends inside a katakana or Latin word (プラット of
  プラットフォーマー), is a piece of a longer Latin name (Pei of Carl Pei, Maps of Google Maps), stops before a
  version number (Gen of Gen 2), inside a number (サムスン30 of サムスン30億ドル, 600 of 600社) or inside a run of
  hiragana (深掘りさ of 深掘りされ). This needs the text: ``discover`` has it, the report reads it from the record's
  file (as it does for the articles it shows) and counts every mention of a record whose text it cannot find or
  whose offsets no longer match it. The check reads characters only (no tokenizer), so it costs the report nothing
  but the file;
- a fragment of a longer candidate seen in as many documents (Ho of Richard Ho).

``discover`` gives each candidate a dictionary id (:func:`assign_ids`): its Latin words, or its reading in Latin
letters (ゼノバイト -> ``zenobaito``, ミラノ工科大学 -> ``mirano-kouka-daigaku``), unique among the candidates and
never one of the dictionary's own ids, so that its YAML (:meth:`NameCandidate.yaml_line`) passes ``jpnews-tags
dict check`` as a user dictionary.

Example:
    >>> from jpnews_tags import Analyzer
    >>> nlp = Analyzer(package_dictionaries=False)
    >>> docs = ["米ゼノバイトが新製品を発表。", "米ゼノバイトの決算。", "「ハルシネーション」を抑える。"] * 2
    >>> [(c.name, c.label, c.docs, c.id) for c in find_candidates(nlp, docs, min_docs=2)]
    [('ゼノバイト', 'ORG', 4, 'zenobaito')]
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import yaml

from ..models import Analysis, Entity
from ..text.normalization import key
from ..text.romaji import romanize
from ..text.scripts import katakana_boundaries_ok, latin_boundaries_ok
from ..text.tokenization import Tokenizer
from .resources import shipped_entry_ids, shipped_name_cues, shipped_rule_cues
from .schema import KINDS, NAMED_LABELS, NameCues, RuleCues

#: Where unknown names come from: discovery's rules and the learned recognizer (dictionary entities have an id).
UNKNOWN_SOURCES = ("discovery", "model")
#: The kind a candidate of a label gets when its mentions give none that fits.
DEFAULT_KIND = {
    "ORG": "company",
    "PRODUCT": "product",
    "PERSON": "person",
    "GPE": "region",
    "LOC": "region",
    "EVENT": "event",
    "LAW": "law",
}
#: Longest id :func:`candidate_id` makes (cut at a hyphen).
MAX_ID_CHARS = 60


def is_unknown_name(e: Entity) -> bool:
    """Is this entity a name no dictionary entry holds: no id, named (not a number or a date), found by discovery
    or the recognizer?"""
    return e.id is None and e.source in UNKNOWN_SOURCES and e.label in NAMED_LABELS


class NameLookup(Protocol):
    """What :func:`find_candidates` asks of a compiled dictionary: the ids it uses (a new entry must not take one)
    and which entries a whole string resolves to."""

    @property
    def by_id(self) -> Mapping[str, int]: ...

    def lookup(self, name: str, tokenizer: Tokenizer) -> Sequence[object]: ...


class NameSource(Protocol):
    """What :func:`find_candidates` needs of an analyzer (:class:`jpnews_tags.Analyzer` is one): its analysis of
    a text, its tokenizer and its compiled dictionary."""

    @property
    def tokenizer(self) -> Tokenizer: ...

    @property
    def gazetteer(self) -> NameLookup: ...

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis: ...


# --------------------------------------------------------------------------------------------- what is a name


_WORD_SPLIT = re.compile(r"[\s/\-]+")
_LATIN_NAME = re.compile(r"[\x20-\x7e]+")
#: A word in lower case (every, core of Neural Accelerator in every GPU core).
_LOWER_WORD = re.compile(r"[a-z][a-z'\-]*")
#: One word of three parts or more joined by hyphens (Chain-of-Thought, Driver-as-a-Service, SIP-jmed-llm).
_HYPHENED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+){2,}")


@dataclass(frozen=True)
class NameFilter:
    """What is never a candidate, from the cue files (see the module docstring); :meth:`rejects` says why.

    >>> f = NameFilter.of()
    >>> f.rejects("ハルシネーション"), f.rejects("Privacy by Design"), f.rejects("ventures"), f.rejects("Zentrix")
    ('not a name (not_names)', 'generic words only', 'lower case', None)
    >>> f.rejects("DevSecOps for AI"), f.rejects("Zentrix for AI")  # a word of not_names is a generic word
    ('generic words only', None)
    >>> f.rejects("Driver-as-a-Service"), f.rejects("Chain-of-Thought"), f.rejects("SIP-jmed-llm")
    ('a hyphenated phrase', 'a hyphenated phrase', None)
    >>> f.rejects("One size fits all"), f.rejects("Stable Diffusion web UI"), f.rejects("Ursula von der Leyen")
    ('an English phrase', None, None)
    """

    names: frozenset[str]  # matching keys
    words: frozenset[str]  # case-folded

    @classmethod
    def of(cls, cues: NameCues | None = None, rule_cues: RuleCues | None = None) -> NameFilter:
        """The filter of the given cue files (default: the shipped ones)."""
        cues = cues or shipped_name_cues()
        rule_cues = rule_cues or shipped_rule_cues()
        generic = [
            *cues.not_name_words,
            *cues.latin_tail_stop_words,
            *cues.edition_words,
            *cues.latin_org_words,
            *cues.latin_legal_forms,
            *rule_cues.generic_quoted_words,
        ]
        generic += [n for n in cues.not_names if _LATIN_NAME.fullmatch(n) and not _WORD_SPLIT.search(n)]
        return cls(frozenset(key(n) for n in cues.not_names), frozenset(w.casefold() for w in generic))

    def rejects(self, name: str) -> str | None:
        """Why ``name`` is not a candidate, or None when it may be one."""
        return _rejects(self, name)


#: The reason :meth:`NameFilter.rejects` gives a lower-case name: not a dictionary candidate, but a name all the
#: same where it is found in text (tsuzumi, gpt-oss).
LOWER_CASE = "lower case"


@lru_cache(maxsize=1 << 16)
def _rejects(f: NameFilter, name: str) -> str | None:
    if not any(c.isalpha() for c in name):
        return "no letter"
    if key(name) in f.names:
        return "not a name (not_names)"
    if name.islower():
        return LOWER_CASE
    if _LATIN_NAME.fullmatch(name):
        words = [w for w in _WORD_SPLIT.split(name.casefold()) if w]
        if words and all(w in f.words or w.rstrip(".,") in f.words for w in words):
            return "generic words only"
        # a phrase written as one word, its inner function word in lower case (Speech-to-Speech, Driver-as-a-Service):
        # a technique or a business model, not a name (a name so written is spaced: Agent-to-Agent Protocol)
        if _HYPHENED.fullmatch(name) and any(p.islower() and p in f.words for p in name.split("-")[1:-1]):
            return "a hyphenated phrase"
        # a phrase in English: a capital first, then two or more lower-case words of three letters or more that are
        # no function, generic, edition words or particles of names (Neural Accelerator in every GPU core, One size
        # fits all); a brand written in lower case starts so (docomo business ANCAR), a name has one such word at most
        # (Stable Diffusion web UI) or particles (Ursula von der Leyen, Oisix ra daichi)
        spaced = name.split()
        lower = sum(1 for w in spaced[1:] if len(w) > 2 and _LOWER_WORD.fullmatch(w) and w not in f.words)
        if name[:1].isupper() and len(spaced) >= 3 and lower >= 2:
            return "an English phrase"
    return None


# ---------------------------------------------------------------------------------------------- the mentions


_VERSION_AFTER = re.compile(r" ?[0-9]")
_NUMBER_GOES_ON = re.compile(r"[0-9]|[.,][0-9]|[%％\u4e00-\u9fff]")
_LATIN_WORD_BEFORE = re.compile(r"(?:^|[^A-Za-z0-9])[A-Z][A-Za-z0-9.&+\-]*(?:['’]s)?[ /]$")
# not /2.5 after Zeta 2.0: two versions, each a name; a full stop and a letter go on as a domain (WIZ of WIZ.AI)
_LATIN_WORD_AFTER = re.compile(r" [A-Z0-9]|/[A-Z]|\.[A-Za-z]")


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096"


def cuts_a_word(text: str, start: int, end: int) -> bool:
    """Does the mention ``text[start:end]`` start or end inside a word: a katakana or Latin word (プラット of
    プラットフォーマー), a longer Latin name (Maps of Google Maps, IEC JTC 1 of ISO/IEC JTC 1/SC 42: a capitalized
    word, maybe possessive, and a space or a slash before it: X of Creator's X; or a space or a slash and a capital
    or digit after it), a number (サムスン30
    of サムスン30億ドル, 600 of 600社: a digit, then a digit, a decimal point or comma and a digit, a kanji or a
    percent sign) or a run of hiragana (深掘りさ of 深掘りされ), or does it stop before a version number (Gen of
    Gen 2)? Characters only: the same answer wherever the text is read (``discover``, the report).

    >>> text = "プラットフォーマーとGen 2とGatik Driver™とGoogle Mapsとサムスン30億ドル"
    >>> cuts_a_word(text, 0, 4), cuts_a_word(text, 10, 13), cuts_a_word(text, 37, 41), cuts_a_word(text, 42, 48)
    (True, True, True, True)
    >>> cuts_a_word("Creator's Xが調達", 10, 11)
    True
    >>> cuts_a_word(text, 0, 9), cuts_a_word(text, 16, 28), cuts_a_word(text, 30, 41), cuts_a_word(text, 42, 46)
    (False, False, False, False)
    """
    if not (katakana_boundaries_ok(text, start, end) and latin_boundaries_ok(text, start, end)):
        return True
    last = text[end - 1 : end]
    if last.isascii() and last.isalpha() and _VERSION_AFTER.match(text, end):
        return True
    if last.isascii() and last.isdigit() and _NUMBER_GOES_ON.match(text, end):
        return True
    if _hiragana(last) and end < len(text) and _hiragana(text[end]):
        return True
    if text[start].isascii() and text[start].isalnum() and _LATIN_WORD_BEFORE.search(text, max(0, start - 40), start):
        return True  # Maps of Google Maps, Ho of Richard Ho: a piece of a longer Latin name
    return bool(last.isascii() and last.isalnum() and _LATIN_WORD_AFTER.match(text, end))


# ------------------------------------------------------------------------------------------------ the tally


@dataclass
class NameCandidate:
    """One unknown name across documents: how often, how written, what the analyzer called it."""

    name: str
    label: str = "PRODUCT"
    kind: str = "product"
    parent: str | None = None
    docs: int = 0
    mentions: int = 0
    forms: Counter[str] = field(default_factory=Counter)  # how it is written (entity text)
    examples: list[str] = field(default_factory=list)  # contexts, when the text is known
    first: object = None  # where it was first seen (what the caller passed: the report's article)
    id: str | None = None  # set by assign_ids
    names: Counter[str] = field(default_factory=Counter)  # its canonical names
    labels: Counter[str] = field(default_factory=Counter)
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    parents: Counter[str] = field(default_factory=Counter)
    _seen_in: int = -1

    def settle(self) -> None:
        """Name, label, kind and parent from the mentions: the most frequent (a specific label before PRODUCT)."""
        self.name = min(self.names.items(), key=lambda x: (-x[1], x[0]))[0]
        self.label = max(self.labels.items(), key=lambda x: (x[1], x[0] != "PRODUCT", -NAMED_LABELS.index(x[0])))[0]
        kinds = [(n, k) for (lab, k), n in self.kinds.items() if lab == self.label and k in KINDS[self.label]]
        self.kind = max(kinds, key=lambda x: (x[0], x[1]))[1] if kinds else DEFAULT_KIND[self.label]
        self.parent = max(self.parents.items(), key=lambda x: (x[1], x[0]))[0] if self.parents else None

    def entry(self) -> dict[str, str]:
        """The dictionary entry it suggests (``id`` set by :func:`assign_ids`)."""
        out = {"id": self.id or "", "name": self.name, "label": self.label, "kind": self.kind}
        if self.parent:
            out["parent"] = self.parent
        return out

    def yaml_line(self) -> str:
        """The entry as one line of YAML, ready to paste under ``entries:``, with its counts and an example."""
        fields = ", ".join(f"{k}: {_yaml_scalar(v)}" for k, v in self.entry().items())
        example = f": …{_one_line(self.examples[0])}…" if self.examples else ""
        return f"  - {{{fields}}}  # {self.mentions} mentions in {self.docs} documents{example}"

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``discover --format json|jsonl``."""
        return {**self.entry(), "docs": self.docs, "mentions": self.mentions, "examples": self.examples}


_PLAIN_SCALAR = re.compile(r"[a-z0-9][a-z0-9._-]*")
# Line breaks (PyYAML also breaks at NEL, LS and PS), control characters and what YAML refuses even in a comment
# (C1 controls, lone surrogates): never in the example after "#".
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]+")


def _yaml_scalar(value: str) -> str:
    """A plain word as it is when YAML reads it back as that string (``zenobaito``, ``ORG``; not ``yes``, ``null``
    or ``600``), anything else as a double-quoted (JSON) string."""
    if _PLAIN_SCALAR.fullmatch(value) or (value.isupper() and value.isalpha()):
        with contextlib.suppress(yaml.YAMLError):
            if yaml.safe_load(value) == value:
                return value
    return _json(value)


def _json(value: str) -> str:
    """A double-quoted string YAML reads back as ``value``: JSON, with the characters YAML would not take as they
    are (C1 controls, NEL and the Unicode line breaks, which it would fold; lone surrogates) as ``\\uXXXX``."""
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(value, ensure_ascii=False))


def _one_line(text: str) -> str:
    return _BREAKS.sub(" ", text)


class UnknownNames:
    """Counts unknown-name candidates over documents (see the module docstring).

    >>> from jpnews_tags.models import Entity
    >>> e = Entity(start=1, end=6, text="ゼノバイト", label="ORG", confidence=0.8, source="discovery")
    >>> names = UnknownNames()
    >>> names.add([e], where="a.md"); names.add([e, e], where="b.md")
    >>> [(c.name, c.docs, c.mentions, c.first) for c in names.ranked()]
    [('ゼノバイト', 2, 3, 'a.md')]
    """

    def __init__(
        self,
        cues: NameCues | None = None,
        rule_cues: RuleCues | None = None,
        *,
        examples: int = 2,
        example_chars: int = 20,
    ) -> None:
        self.filter = NameFilter.of(cues, rule_cues)
        self.found: dict[str, NameCandidate] = {}
        self.documents = 0
        self._examples = examples
        self._example_chars = example_chars
        self._keys: dict[str, str | None] = {}  # name -> its key, None when the filter rejects it

    def _key(self, name: str) -> str | None:
        k = self._keys.get(name, "")
        if k == "":
            k = None if self.filter.rejects(name) else key(name)
            if len(self._keys) > 200_000:
                self._keys.clear()
            self._keys[name] = k
        return k

    def add(self, entities: Iterable[Entity], *, text: str | None = None, where: object = None) -> None:
        """Count the unknown names among one document's ``entities``. With the ``text`` they index, mentions that
        cut a word (:func:`cuts_a_word`) are left out and examples are kept; ``where`` is remembered for the names
        first seen in this document."""
        doc = self.documents
        self.documents += 1
        for e in entities:
            if not is_unknown_name(e):
                continue
            name = e.canonical or e.text
            k = self._key(name)
            if k is None or (text is not None and cuts_a_word(text, e.start, e.end)):
                continue
            c = self.found.get(k)
            if c is None:
                c = self.found[k] = NameCandidate(name, first=where)
            c.mentions += 1
            c.forms[e.text] += 1
            c.names[name] += 1
            c.labels[e.label] += 1
            if e.kind:
                c.kinds[(e.label, e.kind)] += 1
            if e.parent:
                c.parents[e.parent] += 1
            if c._seen_in != doc:
                c._seen_in = doc
                c.docs += 1
                if text is not None and len(c.examples) < self._examples:
                    n = self._example_chars
                    c.examples.append(text[max(0, e.start - n) : e.end + n])

    def add_text(
        self, source: NameSource, text: str, entities: Sequence[Entity] | None = None, where: object = None
    ) -> None:
        """Count the unknown names of a text: ``entities`` (``source``'s analysis of ``text`` when not given; a
        reader of posts passes those of its document, which index the whole file), checked against the text."""
        if entities is None:
            entities = source.analyze(text).entities
        self.add(entities, text=text, where=where)

    @property
    def distinct(self) -> int:
        """How many distinct candidates were counted (before ranking)."""
        return len(self.found)

    def ranked(
        self, *, min_docs: int = 1, top: int | None = None, known: Callable[[str], bool] | None = None
    ) -> list[NameCandidate]:
        """Candidates seen in at least ``min_docs`` documents, most documents first, then most mentions; a
        fragment of a longer candidate seen in at least as many documents (Ho of Richard Ho) is left out, and so
        is a name ``known`` says the dictionary resolves (AMD Instinct, written AMD Instinct™ where the dictionary
        did not match it)."""
        kept = [c for c in self.found.values() if c.docs >= max(1, min_docs)]
        for c in kept:
            c.settle()
        kept.sort(key=lambda c: (-c.docs, -c.mentions, c.name))
        neg_docs = [-c.docs for c in kept]
        out: list[NameCandidate] = []
        for c in kept:
            if top is not None and len(out) >= top:
                break
            rivals = kept[: bisect.bisect_right(neg_docs, -c.docs)]  # seen in at least as many documents
            if any(o is not c and c.name in o.name and c.name != o.name for o in rivals):
                continue
            if known is not None and (known(c.name) or self._known_with_generic_tail(c.name, known)):
                continue
            out.append(c)
        return out

    def _known_with_generic_tail(self, name: str, known: Callable[[str], bool]) -> bool:
        """A known name followed by generic words only (NVIDIA Blackwell GPU, AWS IoT): not a new name."""
        words = name.split(" ")
        while len(words) > 1 and words[-1].casefold() in self.filter.words:
            words.pop()
            if known(" ".join(words)):
                return True
        return False

    def suggestions(self, source: NameSource, *, min_docs: int = 2, top: int = 100) -> list[NameCandidate]:
        """:meth:`ranked` with dictionary ids (:func:`assign_ids`) that ``source``'s dictionary does not use."""
        ranked = self.ranked(min_docs=min_docs, top=top, known=known_to(source))
        assign_ids(ranked, set(source.gazetteer.by_id) | shipped_entry_ids(), source.tokenizer)
        return ranked


def known_to(source: NameSource) -> Callable[[str], bool]:
    """Does ``source``'s dictionary resolve this whole name (:meth:`jpnews_tags.lexicon.index.EntityIndex.lookup`)?"""
    gazetteer, tokenizer = source.gazetteer, source.tokenizer
    return lambda name: bool(gazetteer.lookup(name, tokenizer))


def find_candidates(
    analyzer: NameSource,
    texts: Iterable[str],
    *,
    min_docs: int = 2,
    top: int = 100,
    cues: NameCues | None = None,
    rule_cues: RuleCues | None = None,
) -> list[NameCandidate]:
    """The unknown names of ``texts`` (each analyzed by ``analyzer``) seen in at least ``min_docs`` documents,
    best first, with their dictionary ids; ``cues`` and ``rule_cues`` default to the shipped cue files."""
    names = UnknownNames(cues, rule_cues)
    for text in texts:
        names.add_text(analyzer, text)
    return names.suggestions(analyzer, min_docs=min_docs, top=top)


# --------------------------------------------------------------------------------------------------- the ids


_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*")
_JAPANESE_RUN = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff\U00020000-\U0003ffff]+")
_NAME_RUN = re.compile(f"{_ASCII_RUN.pattern}|{_JAPANESE_RUN.pattern}")
_NOT_ID = re.compile(r"[^a-z0-9.]+")
_HYPHENS = re.compile(r"-{2,}")


def candidate_id(name: str, tokenizer: Tokenizer) -> str:
    """A dictionary id for ``name``: its Latin words in lower case and its Japanese words read in Latin letters
    (Sudachi's reading, :func:`jpnews_tags.text.romaji.romanize`), joined by hyphens; a name with neither (or a
    word with no known reading) gets ``name-`` and a checksum of the name. Deterministic.

    >>> tok = Tokenizer()
    >>> candidate_id("ミラノ工科大学", tok), candidate_id("Gemini Ultra 2.0", tok), candidate_id("AIロボティクス", tok)
    ('mirano-kouka-daigaku', 'gemini-ultra-2.0', 'ai-robotikusu')
    >>> candidate_id("ジョン・マーシャル", tok), candidate_id("☆☆", tok)
    ('jon-masharu', 'name-d42fbcd5')
    """
    parts: list[str] = []
    for m in _NAME_RUN.finditer(unicodedata.normalize("NFKC", name)):
        run = m.group(0)
        if run[0].isascii():
            parts.append(run.lower())
        else:
            parts += [romanize(reading) for _, reading in tokenizer.reading(run)]
    if not all(p.isascii() for p in parts):  # a character with no reading (a rare kanji)
        parts = []
    ident = "-".join(p for p in (_NOT_ID.sub("-", p).strip("-.") for p in parts) if p)
    ident = _HYPHENS.sub("-", ident)
    if len(ident) > MAX_ID_CHARS:
        cut = ident[:MAX_ID_CHARS]
        ident = (cut.rsplit("-", 1)[0] if "-" in cut else cut).rstrip("-.")
    if not ident:
        return f"name-{zlib.crc32(name.encode('utf-8', 'surrogatepass')):08x}"
    return ident


def assign_ids(candidates: Sequence[NameCandidate], reserved: Collection[str], tokenizer: Tokenizer) -> None:
    """Give each candidate, in order, its :func:`candidate_id`, made unique among the candidates and ``reserved``
    (the dictionary's ids: an entry with one of them would replace that entry) with ``-2``, ``-3``..."""
    used = set(reserved)
    for c in candidates:
        base = candidate_id(c.name, tokenizer)
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        c.id = ident
