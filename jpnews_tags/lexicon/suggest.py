"""``jpnews-tags discover``: frequent proper-noun candidates that no dictionary entry covers.

It needs an analyzer only through :class:`NameSource` (its analysis, tokenizer and compiled dictionary), so the
lexicon does not depend on the analyzer that is built on it; the words that mark a name (社, 氏, CEO, a country
prefix) are ``candidate_*`` and ``country_prefixes`` in ``dictionaries/cues/names.yaml``.

For every document it collects names the dictionary does not know: the analyzer's discovered entities
(quoted names, people before 氏/CEO, longer Latin names), katakana runs and capitalized Latin runs, and Sudachi
proper nouns, all outside dictionary entities. Katakana words that Sudachi knows as common nouns (データ,
サービス) are dropped, and so is a fragment of a longer candidate seen in as many documents (Ho of Richard Ho).
Candidates are ranked by the number of documents they appear in, then mentions, and
printed as YAML entries ready to paste into a user dictionary, each with its counts and an example context.

Example:
    >>> from jpnews_tags import Analyzer
    >>> nlp = Analyzer(package_dictionaries=False)
    >>> docs = ["ゼノバイト社が新製品を発表。", "ゼノバイト社の決算。", "データを活用する。"]
    >>> [(c.name, c.label, c.docs) for c in find_candidates(nlp, docs, min_docs=2)]
    [('ゼノバイト', 'ORG', 2)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from ..models import Analysis
from ..text.scripts import KANJI, KATAKANA, KATAKANA_LETTERS, latin_boundaries_ok
from ..text.tokenization import Tokenizer
from .resources import shipped_name_cues
from .schema import NameCues

_KATA_RUN = re.compile(
    rf"[{KATAKANA_LETTERS}](?<![{KATAKANA}・].)[{KATAKANA}]{{2,}}(?:・[{KATAKANA}]{{2,}})*(?![{KATAKANA}])"
)
_LATIN_RUN = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Za-z0-9.&+\-]*[A-Za-z0-9](?: [A-Z0-9][A-Za-z0-9.&+\-]*)*")


class NameLookup(Protocol):
    """What :func:`find_candidates` asks of a compiled dictionary: which entries a whole string resolves to."""

    def lookup(self, name: str, tokenizer: Tokenizer) -> Sequence[object]: ...


class NameSource(Protocol):
    """What :func:`find_candidates` needs of an analyzer (:class:`jpnews_tags.Analyzer` is one): its analysis of
    a text, its tokenizer and its compiled dictionary."""

    @property
    def tokenizer(self) -> Tokenizer: ...

    @property
    def gazetteer(self) -> NameLookup: ...

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis: ...


@dataclass
class NameCandidate:
    name: str
    label: str
    docs: int = 0
    mentions: int = 0
    examples: list[str] = field(default_factory=list)
    evidence: int = 0  # mentions with a name marker (社, 氏, CEO, 「」, 米-prefix, proper-noun POS, discovery)
    _seen_in: int = -1

    def yaml_line(self) -> str:
        kind = {"ORG": "company", "PERSON": "person", "GPE": "city", "PRODUCT": "product"}.get(self.label, "company")
        ident = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "candidate"
        ex = self.examples[0].replace("\n", " ") if self.examples else ""
        return (
            f"  - {{id: {ident}, name: {self.name!r}, label: {self.label}, kind: {kind}}}"
            f"  # {self.mentions} mentions in {self.docs} documents: …{ex}…"
        )


_LINK_OR_URL = re.compile(r"\]\([^)\n]*\)|https?://\S+|`[^`\n]*`")


@dataclass(frozen=True)
class _Marks:
    """The cue words of ``dictionaries/cues/names.yaml`` that mark a candidate as a name, compiled."""

    prefix: re.Pattern[str]  # 米X: a country prefix at a word start
    after: re.Pattern[str]  # X社は, X氏が, X株式会社, X CEO
    org_after: tuple[str, ...]
    person_after: tuple[str, ...]


@lru_cache(maxsize=4)
def _marks_of(
    prefixes: str,
    before_particle: tuple[str, ...],
    marks: tuple[str, ...],
    org: tuple[str, ...],
    person: tuple[str, ...],
) -> _Marks:
    def alternation(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, words)) or "(?!)"

    prefix = f"[{re.escape(prefixes)}]" if prefixes else "(?!)"
    return _Marks(
        re.compile(rf"(?:^|[^{KANJI}]){prefix}$"),
        re.compile(rf"^(?:(?:{alternation(before_particle)})(?=[はがのもとを、。\s）)])|{alternation(marks)})"),
        org,
        person,
    )


def _marks(cues: NameCues) -> _Marks:
    return _marks_of(
        "".join(cues.country_prefixes),
        tuple(cues.candidate_marks_before_particle),
        tuple(cues.candidate_marks),
        tuple(cues.candidate_org_after),
        tuple(cues.candidate_person_after),
    )


def _marked(text: str, s: int, e: int, marks: _Marks) -> bool:
    """Is this mention marked as a name: 「X」, 米X (prefix at a word start), X社は, X氏が, X CEO?"""
    return (
        (text[s - 1 : s] == "「" and text[e : e + 1] == "」")
        or bool(marks.prefix.search(text[max(0, s - 2) : s]))
        or bool(marks.after.match(text[e : e + 8]))
    )


def _known(analyzer: NameSource, name: str) -> bool:
    """Does the dictionary already resolve this exact string?"""
    return bool(analyzer.gazetteer.lookup(name, analyzer.tokenizer))


def _guess_label(text: str, end: int, pos: tuple[str, ...] | None, marks: _Marks) -> str:
    after = text[end : end + 4]
    if after.startswith(marks.person_after):
        return "PERSON"
    if after.startswith(marks.org_after):
        return "ORG"
    if pos is not None and pos[1] == "固有名詞":
        return {"人名": "PERSON", "地名": "GPE", "組織名": "ORG"}.get(pos[2], "PRODUCT")
    return "PRODUCT"


def find_candidates(
    analyzer: NameSource, texts: Iterable[str], *, min_docs: int = 2, top: int = 100, cues: NameCues | None = None
) -> list[NameCandidate]:
    """Candidates seen in at least ``min_docs`` documents, best first; ``cues`` (the words that mark a name:
    country prefixes, 社, 氏, CEO...) default to the shipped ``dictionaries/cues/names.yaml``."""
    marks = _marks(cues or shipped_name_cues())
    found: dict[str, NameCandidate] = {}
    tok = analyzer.tokenizer
    for doc_no, raw in enumerate(texts):
        # Link targets, URLs and code spans are not prose: blank them out (same length, offsets unchanged).
        text = _LINK_OR_URL.sub(lambda m: " " * len(m.group(0)), raw)
        result = analyzer.analyze(text)
        known = [(e.start, e.end) for e in result.entities if e.source != "discovery"]

        def covered(s: int, e: int, known: list[tuple[int, int]] = known) -> bool:
            return any(s < ke and ks < e for ks, ke in known)

        spans: dict[tuple[int, int], tuple[str, bool]] = {}
        for ent in result.entities:
            if ent.source == "discovery" and ent.parent is None:
                spans[(ent.start, ent.end)] = (ent.label, True)
        for m in _KATA_RUN.finditer(text):
            if not covered(*m.span()):
                spans.setdefault(m.span(), (_guess_label(text, m.end(), None, marks), _marked(text, *m.span(), marks)))
        for m in _LATIN_RUN.finditer(text):
            if len(m.group(0)) >= 3 and not covered(*m.span()) and latin_boundaries_ok(text, *m.span()):
                spans.setdefault(m.span(), (_guess_label(text, m.end(), None, marks), _marked(text, *m.span(), marks)))
        tokens = tok.tokenize(text)
        for t in tokens:
            if t.pos[1] == "固有名詞" and len(t.surface) >= 2 and not covered(t.start, t.end):
                # Sudachi's person/place/organization names are evidence; its '固有名詞-一般' alone is not
                marked = t.pos[2] in ("人名", "地名", "組織名") or _marked(text, t.start, t.end, marks)
                spans.setdefault((t.start, t.end), (_guess_label(text, t.end, t.pos, marks), marked))
        for (s, e), (label, marked) in spans.items():
            name = text[s:e]
            if not name.strip() or name.islower() or tok.is_common_word(name) or _known(analyzer, name):
                continue
            c = found.setdefault(name, NameCandidate(name, label))
            c.mentions += 1
            c.evidence += marked
            if c._seen_in != doc_no:
                c._seen_in = doc_no
                c.docs += 1
                if len(c.examples) < 2:
                    c.examples.append(text[max(0, s - 20) : e + 20])
            if label != "PRODUCT":
                c.label = label  # the most specific evidence wins
    # A name is marked as one (社, 氏, 「」, 米-prefix, proper-noun POS) in at least a tenth of its mentions.
    kept = [c for c in found.values() if c.docs >= min_docs and c.evidence >= max(1, 0.1 * c.mentions)]
    # A fragment of a longer candidate seen in as many documents (Ho of Richard Ho, ジャパン of リコージャパン) is not
    # worth its own line: the longer name is the one to add.
    by_docs = sorted(kept, key=lambda c: -c.docs)
    ranked = sorted(
        (c for c in kept if not any(c.name in o.name and o.name != c.name for o in by_docs if o.docs >= c.docs)),
        key=lambda c: (-c.docs, -c.mentions, c.name),
    )
    return ranked[:top]
