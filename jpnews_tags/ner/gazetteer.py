"""The gazetteer: dictionary entries compiled into a longest-match index over Sudachi token keys.

Each alias is tokenized by Sudachi and indexed under the concatenated :func:`~.normalization.key` of its
tokens' normalized forms (so ＡＷＳ, AWS and ａｗｓ meet; Sudachi maps Claude and クロード to one form), and
under the key of its plain surface. Matching walks the text's tokens and extends a candidate while the
concatenated key is a prefix of some alias key; a name that Sudachi cuts differently in context than alone
("Trainium3", "AWS GovCloud (US)") still meets its key because keys ignore token boundaries, spaces and
brackets. Matches must start and end on token boundaries, never inside a Latin word, and never run across
a comma, full stop or line break.

Example:
    >>> from jpnews_tags.lexicon.schema import Entry
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> g = Gazetteer.compile([Entry(id="aws", name="Amazon Web Services", label="ORG", kind="company",
    ...                              aliases=["AWS"])], tok)
    >>> text = "ＡＷＳとaws"
    >>> [(m.start, m.end, g.entries[m.candidates[0].entry].id) for m in g.match(tok.tokenize(text), text)]
    [(0, 3, 'aws'), (4, 7, 'aws')]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Generic, TypeVar

from ..lexicon.schema import Entry
from ..text.normalization import _KEY_DROP, key
from ..text.tokenization import Tokenizer, Tokens

T = TypeVar("T")

# Tokens that end any match: punctuation that separates names, and line breaks.
_HARD_BREAK = frozenset("、。，,;；\n\r「」『』【】〈〉《》")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entry an alias key can stand for."""

    entry: int  # index into Gazetteer.entries
    alias: str
    surface_key: str  # key(alias): used to prefer the alias actually written
    ambiguous: bool
    cased: str | None  # exact-case form the text must show, for short or mixed-case Latin aliases


@dataclass(frozen=True, slots=True)
class Match:
    """A span of the original text and the entries it may name, best first."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]


def _cased_form(s: str) -> str:
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", s))


def _needs_case(alias: str, entry: Entry) -> bool:
    """Very short Latin aliases (X, Go) and short mixed-case ones (Meta, Edge) must be written with their case.

    Acronyms (AWS, NEC) and longer names (GPT-4o, Claude Sonnet 4.5) match in any case, as writers vary it.
    """
    form = _cased_form(alias)
    if not form.isascii() or not any(c.isalpha() for c in form):
        return False
    if entry.case_sensitive or len(form) <= 2:
        return True
    return len(form) <= 4 and not (form.isupper() or form.islower())


def alias_keys(alias: str, tokenizer: Tokenizer) -> tuple[str, ...]:
    """The index keys of one alias: Sudachi-normalized token key first, then the surface key."""
    sudachi_key = "".join(tokenizer.tokenize(alias).keys)
    surface = key(alias)
    return (sudachi_key,) if sudachi_key == surface else (sudachi_key, surface)


class TermIndex(Generic[T]):
    """Longest-match index from alias keys to payloads, walked over Sudachi tokens.

    Shared by the entity gazetteer and the topic terms of the tag step.
    """

    def __init__(self, index: dict[str, tuple[T, ...]], suffixes: Sequence[str] = ()) -> None:
        self.index = index
        prefixes: set[str] = set()
        for k in index:
            for n in range(1, len(k) + 1):
                prefixes.add(k[:n])
        self._prefixes = frozenset(prefixes)
        # Sudachi (mode C) keeps some name+title compounds as one word: トランプ大統領, アップル社. A token key that
        # ends with a suffix's key after an alias key is such a compound; the name is still found, without the
        # title. (Checked at walk time: a table of every alias x suffix took 400,000 entries and 40 MB.)
        self._suffixes: tuple[tuple[str, str], ...] = tuple((key(sfx), sfx) for sfx in suffixes if key(sfx))
        self._suffix_keys = tuple(sk for sk, _ in self._suffixes)
        self._first = frozenset(k for k in self._prefixes if k)
        # What each token key seen so far can do: 0 nothing, 1 start a term, 2 be a name+title compound (the
        # vocabulary of token keys is bounded, so after warm-up a text's keys are all known and the filter over
        # them is one C-level dict lookup each).
        self._role: dict[str, int] = {}

    def _role_of(self, k: str) -> int:
        if k in self._first:
            return 1
        if self._suffix_keys and k.endswith(self._suffix_keys) and self._compound(k) is not None:
            return 2
        return 0

    def _compound(self, k: str) -> tuple[str, str] | None:
        """(alias key, suffix) when the token key ``k`` is an alias key followed by a suffix key."""
        for sk, suffix in self._suffixes:
            if len(k) > len(sk) and k.endswith(sk) and k[: -len(sk)] in self.index:
                return k[: -len(sk)], suffix
        return None

    @classmethod
    def build(cls, items: Iterable[tuple[str, T]], tokenizer: Tokenizer, suffixes: Sequence[str] = ()) -> TermIndex[T]:
        index: dict[str, list[T]] = {}
        for term, payload in items:
            for k in alias_keys(term, tokenizer):
                if not k:
                    continue
                bucket = index.setdefault(k, [])
                if payload not in bucket:
                    bucket.append(payload)
        return cls({k: tuple(v) for k, v in index.items()}, suffixes)

    def spans(self, tokens: Tokens, text: str) -> list[tuple[int, int, tuple[T, ...]]]:
        """Longest, left-to-right, non-overlapping ``(start, end, payloads)`` in ``tokens`` of ``text``."""
        prefixes = self._prefixes
        index = self.index
        keys = tokens.keys
        rows = tokens.rows
        read = tokens.read
        n = len(rows)
        out: list[tuple[int, int, tuple[T, ...]]] = []
        # Only tokens whose key can start a term (a sixth of them for the entity dictionary) or is a compound are
        # visited; the test is a dict lookup in C for every key seen before.
        role = self._role
        new = tokens.key_set.difference(role)
        if new:
            if len(role) > _ROLE_CACHE_MAX:
                role.clear()
                new = tokens.key_set
            for k in new:
                role[k] = self._role_of(k)
        next_free = 0
        for i in compress(range(n), map(role.__getitem__, keys)):
            if i < next_free:
                continue
            k = keys[i]
            if k not in prefixes:
                found = self._compound(k)
                if found is None:
                    continue
                stem, suffix = found
                start, end = rows[i][0], rows[i][1]
                cut = end - len(suffix)
                if text[cut:end] == suffix and cut > start and _latin_boundaries_ok(text, start, cut):
                    out.append((start, cut, index[stem]))
                continue
            best_j = i if k in index else -1
            best_k = k
            acc = k
            j = i + 1
            while j < n:
                kj = keys[j]
                if not kj:
                    r = rows[j]
                    if not _HARD_BREAK.isdisjoint(read[r[0] : r[1]]):
                        break
                    j += 1
                    continue
                acc2 = acc + kj
                if acc2 not in prefixes:
                    break
                acc = acc2
                if acc in index:
                    best_j, best_k = j, acc
                j += 1
            if best_j >= 0:
                start, end = rows[i][0], rows[best_j][1]
                # Close a bracket the name opened: 'AWS GovCloud (US)'.
                if best_j + 1 < n and _opens_bracket(text[start:end]):
                    nxt = rows[best_j + 1]
                    if text[nxt[0] : nxt[1]] in _CLOSERS:
                        end = nxt[1]
                        best_j += 1
                if _latin_boundaries_ok(text, start, end):
                    out.append((start, end, index[best_k]))
                    next_free = best_j + 1
        return out


_ROLE_CACHE_MAX = 300_000
_CLOSERS = frozenset({")", "）", "]", "］"})


def _opens_bracket(span: str) -> bool:
    if "(" not in span and "（" not in span and "[" not in span and "［" not in span:
        return False
    return (span.count("(") + span.count("（")) > (span.count(")") + span.count("）")) or (
        span.count("[") + span.count("［")
    ) > (span.count("]") + span.count("］"))


def _latin_boundaries_ok(text: str, start: int, end: int) -> bool:
    """False when the span starts or ends inside a Latin word or number ('AI' in 'OpenAI')."""
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalnum() and start > 0:
        prev = text[start - 1]
        if prev.isascii() and prev.isalnum():
            return False
    if last.isascii() and last.isalnum() and end < len(text):
        nxt = text[end]
        if nxt.isascii() and nxt.isalnum():
            return False
    return True


class Gazetteer:
    """Compiled dictionary: entries and a :class:`TermIndex` from alias keys to candidates."""

    def __init__(self, entries: Sequence[Entry], terms: TermIndex[Candidate]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_id: dict[str, int] = {e.id: i for i, e in enumerate(self.entries)}
        self.terms = terms
        self.children: dict[str, list[str]] = {}
        for e in self.entries:
            if e.parent:
                self.children.setdefault(e.parent, []).append(e.id)

    @classmethod
    def compile(
        cls, entries: Sequence[Entry], tokenizer: Tokenizer, compound_suffixes: Sequence[str] = ()
    ) -> Gazetteer:
        """Index every alias; ``compound_suffixes`` are titles Sudachi may fuse with a name (トランプ大統領)."""
        items: list[tuple[str, Candidate]] = []
        for i, e in enumerate(entries):
            amb = set(e.ambiguous)
            for alias in e.all_aliases():
                cased = _cased_form(alias) if _needs_case(alias, e) else None
                items.append((alias, Candidate(i, alias, key(alias), alias in amb, cased)))
        return cls(entries, TermIndex.build(items, tokenizer, compound_suffixes))

    def entry(self, entry_id: str) -> Entry | None:
        i = self.by_id.get(entry_id)
        return None if i is None else self.entries[i]

    def lookup(self, name: str, tokenizer: Tokenizer) -> list[Candidate]:
        """Entries a whole string resolves to (for ``dict lookup``), best first."""
        out: list[Candidate] = []
        for k in alias_keys(name, tokenizer):
            for c in self.terms.index.get(k, ()):
                if c not in out:
                    out.append(c)
        return out

    def match(self, tokens: Tokens, text: str) -> list[Match]:
        """Longest, left-to-right matches of dictionary aliases in ``tokens`` of ``text``."""
        out: list[Match] = []
        for start, end, cands in self.terms.spans(tokens, text):
            m = self._accept(start, end, cands, text)
            if m is not None:
                out.append(m)
        return out

    @staticmethod
    def _accept(start: int, end: int, cands: tuple[Candidate, ...], text: str) -> Match | None:
        span = text[start:end]
        kept = cands
        if any(c.cased is not None for c in cands):
            form = _cased_form(span)
            kept = tuple(c for c in cands if c.cased is None or c.cased == form)
            if not kept:
                return None
        skey = key(span)
        exact = tuple(c for c in kept if c.surface_key == skey)
        if exact:
            kept = exact + tuple(c for c in kept if c.surface_key != skey)
        return Match(start, end, kept)
