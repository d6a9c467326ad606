"""``jpnews-tags discover``: frequent proper-noun candidates that no dictionary entry covers.

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
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..analyzer import Analyzer
from ..ner.gazetteer import _latin_boundaries_ok

_KATA_RUN = re.compile(r"[ァ-ヺ](?<![ァ-ヺー・].)[ァ-ヺー]{2,}(?:・[ァ-ヺー]{2,})*(?![ァ-ヺー])")
_LATIN_RUN = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Za-z0-9.&+\-]*[A-Za-z0-9](?: [A-Z0-9][A-Za-z0-9.&+\-]*)*")
_ORG_AFTER = ("社", "株式会社", "ホールディングス", "グループ", "Inc", "Corp")
_PERSON_AFTER = ("氏", "さん", "CEO", "社長", "会長", "教授")


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


_PREFIX = re.compile(r"(?:^|[^一-鿿])[米中英独仏韓露印豪台]$")
_MARK_AFTER = re.compile(r"^(?:(?:社|氏)(?=[はがのもとを、。\s）)])|株式会社|ホールディングス|CEO|社長|会長|創業者)")


def _marked(text: str, s: int, e: int) -> bool:
    """Is this mention marked as a name: 「X」, 米X (prefix at a word start), X社は, X氏が, X CEO?"""
    return (
        (text[s - 1 : s] == "「" and text[e : e + 1] == "」")
        or bool(_PREFIX.search(text[max(0, s - 2) : s]))
        or bool(_MARK_AFTER.match(text[e : e + 8]))
    )


def _known(analyzer: Analyzer, name: str) -> bool:
    """Does the dictionary already resolve this exact string?"""
    return bool(analyzer.gazetteer.lookup(name, analyzer.tokenizer))


def _guess_label(text: str, end: int, pos: tuple[str, ...] | None) -> str:
    after = text[end : end + 4]
    if after.startswith(_PERSON_AFTER):
        return "PERSON"
    if after.startswith(_ORG_AFTER):
        return "ORG"
    if pos is not None and pos[1] == "固有名詞":
        return {"人名": "PERSON", "地名": "GPE", "組織名": "ORG"}.get(pos[2], "PRODUCT")
    return "PRODUCT"


def find_candidates(
    analyzer: Analyzer, texts: Iterable[str], *, min_docs: int = 2, top: int = 100
) -> list[NameCandidate]:
    """Candidates seen in at least ``min_docs`` documents, best first."""
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
                spans.setdefault(m.span(), (_guess_label(text, m.end(), None), _marked(text, *m.span())))
        for m in _LATIN_RUN.finditer(text):
            if len(m.group(0)) >= 3 and not covered(*m.span()) and _latin_boundaries_ok(text, *m.span()):
                spans.setdefault(m.span(), (_guess_label(text, m.end(), None), _marked(text, *m.span())))
        tokens = tok.tokenize(text)
        for t in tokens:
            if t.pos[1] == "固有名詞" and len(t.surface) >= 2 and not covered(t.start, t.end):
                # Sudachi's person/place/organization names are evidence; its '固有名詞-一般' alone is not
                marked = t.pos[2] in ("人名", "地名", "組織名") or _marked(text, t.start, t.end)
                spans.setdefault((t.start, t.end), (_guess_label(text, t.end, t.pos), marked))
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
