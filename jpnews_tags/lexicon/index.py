"""The compiled dictionary: every alias under its matching keys, in a longest-match index over token keys.

Each alias is tokenized by Sudachi and indexed under the concatenated :func:`~jpnews_tags.text.normalization.key`
of its tokens' normalized forms (so ＡＷＳ, AWS and ａｗｓ meet; Sudachi maps サーバ and サーバー to one form), and
under the key of its plain surface (:func:`alias_keys`). :class:`TermIndex` holds the keys and walks a text's
tokens for the longest runs whose concatenated keys are a key ("Trainium3", "AWS GovCloud (US)" meet their keys
however Sudachi cuts them in context); :class:`EntityIndex` is that index over the entities of the dictionaries,
with their entries, compiled once (and cached, :mod:`jpnews_tags.lexicon.cache`). Choosing among the candidates of
a span is the named-entity stage's work (:mod:`jpnews_tags.ner.gazetteer`, :mod:`jpnews_tags.ner.rules`).

Example:
    >>> from jpnews_tags.lexicon.schema import Entry
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> index = EntityIndex.compile([Entry(id="aws", name="Amazon Web Services", label="ORG", kind="company",
    ...                                    aliases=["AWS"])], tok)
    >>> [(c.alias, index.entries[c.entry].id) for c in index.lookup("ＡＷＳ", tok)]
    [('AWS', 'aws')]
    >>> text = "ＡＷＳとaws"
    >>> [(s, e, [c.alias for c in cands]) for s, e, cands in index.terms.spans(tok.tokenize(text), text)]
    [(0, 3, ['AWS']), (4, 7, ['AWS'])]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import compress
from typing import Any, Generic, NamedTuple, Self, TypeVar

from ..text.normalization import cased_key, key
from ..text.scripts import latin_boundaries_ok
from ..text.tokenization import Tokenizer, Tokens
from .schema import Entry

T = TypeVar("T")

# Tokens that end any match: punctuation that separates names, and line breaks.
_HARD_BREAK = frozenset("、。，,;；\n\r「」『』【】〈〉《》")
_ROLE_CACHE_MAX = 300_000
_CLOSERS = frozenset({")", "）", "]", "］"})


class Candidate(NamedTuple):
    """One entry an alias key can stand for."""

    entry: int  # index into EntityIndex.entries
    alias: str
    surface_key: str  # key(alias): used to prefer the alias actually written
    ambiguous: bool
    cased: str | None  # exact-case form the text must show, for short or mixed-case Latin aliases
    variants: tuple[str, ...] = ()  # other forms of a cased alias that name it too (ARM for Arm): case_variants

    def case_fits(self, form: str) -> bool:
        """Whether a span written ``form`` (:func:`~jpnews_tags.text.normalization.cased_key`) can be this alias."""
        return self.cased is None or self.cased == form or form in self.variants


def needs_case(alias: str, entry: Entry) -> bool:
    """Very short Latin aliases (X, Go) and short mixed-case ones (Meta, Edge) must be written with their case.

    Acronyms (AWS, NEC) and longer names (GPT-4o, Claude Sonnet 4.5) match in any case, as writers vary it.
    """
    form = cased_key(alias)
    if not form.isascii() or not any(c.isalpha() for c in form):
        return False
    if entry.case_sensitive or len(form) <= 2:
        return True
    return len(form) <= 4 and not (form.isupper() or form.islower())


def case_variants(alias: str, entry: Entry, tokenizer: Tokenizer, others: Collection[str] = ()) -> tuple[str, ...]:
    """The all-caps and all-lowercase forms of a short mixed-case alias that name it too (``ARM`` for Arm), unless
    the form is itself another thing. Data says which: ``others`` (``case_variant_others`` in
    ``dictionaries/cues/names.yaml``: XAI is explainable AI, not xAI), and Sudachi's dictionary: an all-caps form
    it knows as a common noun under another name is that word (SPOT is スポット, MAC and EOS are acronyms), and an
    all-lowercase form must be one it knows as this very name (meta, iran, sony as ソニー; not arm, the word, nor
    sora, unknown). An alias the dictionary wants written exactly (``case_sensitive``), or of one or two letters,
    has no variants. A form another entry claims is dropped when the index is compiled.

    >>> from jpnews_tags.lexicon.schema import Entry
    >>> tok = Tokenizer()
    >>> arm = Entry(id="arm", name="Arm", label="ORG", kind="company")
    >>> case_variants("Arm", arm, tok), case_variants("Arm", arm, tok, others=["ARM"])
    (('ARM',), ())
    >>> case_variants("Spot", Entry(id="spot", name="Spot", label="PRODUCT", kind="hardware"), tok)
    ()
    """
    form = cased_key(alias)
    if entry.case_sensitive or len(form) <= 2 or not needs_case(alias, entry):
        return ()
    names = {entry.name, *entry.aliases}
    out = []
    for variant in (form.upper(), form.lower()):
        if variant == form or variant in others or variant in out:
            continue
        ms = tokenizer.morphemes(variant)
        known = len(ms) == 1 and not ms[0].is_oov()
        if variant.isupper():
            if known and ms[0].part_of_speech()[1] == "普通名詞" and ms[0].normalized_form() != alias:
                continue  # a word or an acronym of its own (SPOT -> スポット, MAC)
        elif not (known and ms[0].part_of_speech()[1] == "固有名詞" and ms[0].normalized_form() in names):
            continue  # lower case: only a form Sudachi reads as this name
        out.append(variant)
    return tuple(out)


def alias_keys(alias: str, tokenizer: Tokenizer) -> tuple[str, ...]:
    """The index keys of one alias: Sudachi-normalized token key first, then the surface key."""
    sudachi_key = "".join(tokenizer.tokenize(alias).keys)
    surface = key(alias)
    return (sudachi_key,) if sudachi_key == surface else (sudachi_key, surface)


class TermIndex(Generic[T]):
    """Longest-match index from alias keys to payloads, walked over Sudachi tokens.

    Shared by the entity dictionary and the topic terms of the tag step. ``suffixes`` are titles Sudachi may fuse
    with a name into one token (トランプ大統領): such a token still yields the name.
    """

    def __init__(self, index: dict[str, tuple[T, ...]], suffixes: Sequence[str] = ()) -> None:
        self.index = index
        self.suffixes = tuple(suffixes)
        self._prefixes = frozenset({k[:n] for k in index for n in range(1, len(k) + 1)})
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
        """Longest, left-to-right, non-overlapping ``(start, end, payloads)`` in ``tokens`` of ``text``.

        Spans start and end on token boundaries, never inside a Latin word, and never run across a comma, full
        stop or line break.
        """
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
                if text[cut:end] == suffix and cut > start and latin_boundaries_ok(text, start, cut):
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
                if latin_boundaries_ok(text, start, end):
                    out.append((start, end, index[best_k]))
                    next_free = best_j + 1
        return out


def _claimed_variants_dropped(cands: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The candidates of one key without the case variants another entry claims: a form it is written with, or
    any form when its alias matches in every case."""
    out = []
    for c in cands:
        if c.variants:
            rivals = [o for o in cands if o.entry != c.entry]
            if any(o.cased is None for o in rivals):
                c = c._replace(variants=())
            else:
                c = c._replace(variants=tuple(v for v in c.variants if all(o.cased != v for o in rivals)))
        out.append(c)
    return tuple(out)


def _opens_bracket(span: str) -> bool:
    if "(" not in span and "（" not in span and "[" not in span and "［" not in span:
        return False
    return (span.count("(") + span.count("（")) > (span.count(")") + span.count("）")) or (
        span.count("[") + span.count("［")
    ) > (span.count("]") + span.count("］"))


class EntityIndex:
    """The compiled entity dictionary: its entries and a :class:`TermIndex` from alias keys to candidates."""

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
        cls,
        entries: Sequence[Entry],
        tokenizer: Tokenizer,
        compound_suffixes: Sequence[str] = (),
        case_variant_others: Collection[str] = (),
    ) -> Self:
        """Index every alias; ``compound_suffixes`` are titles Sudachi may fuse with a name (トランプ大統領);
        ``case_variant_others`` are all-caps or lowercase forms that are other things (:func:`case_variants`)."""
        items: list[tuple[str, Candidate]] = []
        others = frozenset(case_variant_others)
        for i, e in enumerate(entries):
            amb = set(e.ambiguous)
            for alias in e.all_aliases():
                cased = cased_key(alias) if needs_case(alias, e) else None
                variants = case_variants(alias, e, tokenizer, others) if cased is not None else ()
                items.append((alias, Candidate(i, alias, key(alias), alias in amb, cased, variants)))
        terms = TermIndex.build(items, tokenizer, compound_suffixes)
        for k, cands in terms.index.items():
            if any(c.variants for c in cands):
                terms.index[k] = _claimed_variants_dropped(cands)
        return cls(entries, terms)

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

    def to_data(self) -> dict[str, Any]:
        """The index as plain JSON-ready structures (lists, dicts, strings, numbers): what the cache stores. Entries
        are rows of field values (the names once, in ``fields``): half the size of a mapping each, and read faster."""
        numbers: dict[Candidate, int] = {}
        index = {k: [numbers.setdefault(c, len(numbers)) for c in cands] for k, cands in self.terms.index.items()}
        fields = list(Entry.model_fields)
        return {
            "fields": fields,
            "entries": [[getattr(e, f) for f in fields] for e in self.entries],
            "candidates": [list(c) for c in numbers],
            "index": index,
            "suffixes": list(self.terms.suffixes),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        """The index :meth:`to_data` gave (entries are not validated again: they were before they were stored,
        and the cache checks the file's checksum and owner)."""
        fields = data["fields"]
        given = set(fields)  # one set for all (entries are frozen: it never changes), not one of its own each
        entries = [Entry.model_construct(given, **dict(zip(fields, row, strict=True))) for row in data["entries"]]
        candidates = [Candidate(c[0], c[1], c[2], c[3], c[4], tuple(c[5])) for c in data["candidates"]]
        at = candidates.__getitem__
        index = data["index"]
        return cls(entries, TermIndex({k: tuple(map(at, ids)) for k, ids in index.items()}, data["suffixes"]))
