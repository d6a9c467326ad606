"""Sudachi tokenization of text of any length, with offsets in the caller's original string.

SudachiPy refuses inputs over 49,149 bytes, so texts are read one paragraph at a time (a long paragraph is
cut at line or sentence boundaries, a hard cut only when a single sentence is longer than a chunk) and token
offsets are re-based onto the full text. A paragraph that comes back in the same text is not tokenized again.
Lone surrogates, which SudachiPy cannot encode, are replaced by U+FFFD one for one, so offsets never move.

Example:
    >>> tok = Tokenizer()
    >>> [(t.surface, t.norm, t.start, t.end) for t in tok.tokenize("ＡＷＳが発表")][:2]
    [('ＡＷＳ', 'AWS', 0, 3), ('が', 'が', 3, 4)]
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, overload

from sudachipy import Dictionary, SplitMode

from .._compat import moved_names
from .normalization import key
from .scripts import KATAKANA

#: SudachiPy's hard limit on one input, in UTF-8 bytes.
SUDACHI_MAX_BYTES = 49_149
#: Largest piece given to Sudachi. Far under the limit on purpose: in a best-of-6 run on 150 posts, raw SudachiPy
#: took 1.76 s on 4 KB pieces against 2.53 s on whole articles; on 300 posts, one paragraph at a time (median
#: 200 characters) took 2.85 s and 2.73 s against 2.89 s and 2.72 s for 4 KB pieces (the shared machine is
#: noisy). Pieces are cut at paragraph or sentence ends, which names never span.
CHUNK_BYTES = 4_096

_SURROGATE = re.compile("[\ud800-\udfff]")
_KATAKANA_WORD = re.compile(rf"[{KATAKANA}]+")
_ENTITY_CHAR = {"&amp;": "&", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&lt;": "<", "&gt;": ">"}
_HTML_ENTITY = re.compile("|".join(map(re.escape, _ENTITY_CHAR)))
_PARAGRAPH = re.compile(r"\n\s*\n")
_LINE = re.compile(r"\n")
_SENTENCE = re.compile(r"(?<=[。！？!?．])")


class Token(NamedTuple):
    """One Sudachi morpheme with original-string offsets."""

    surface: str
    norm: str  # Sudachi's normalized form (e.g. 'Amazon' -> 'アマゾン', 'サーバ' -> 'サーバー')
    pos: tuple[str, ...]  # Sudachi POS (6 fields)
    start: int
    end: int

    @property
    def is_space(self) -> bool:
        return self.pos[0] == "空白"


#: One token: start, end, normalized form, POS id.
TokenRow = tuple[int, int, str, int]
#: Sudachi POS prefixes of names, for :meth:`Tokens.pos_ids`: proper nouns, and of them people's and places' names.
PROPER_NOUN = ("名詞", "固有名詞")
PERSON_NAME = (*PROPER_NOUN, "人名")
PLACE_NAME = (*PROPER_NOUN, "地名")
__getattr__ = moved_names(__name__, {"Row": "text.tokenization:TokenRow"})
# Matching keys of normalized forms seen so far (the vocabulary is bounded; cleared if it grows too big).
_KEY_CACHE: dict[str, str] = {}
_KEY_CACHE_MAX = 500_000


def _cache_key(s: str) -> str:
    k = _KEY_CACHE[s] = key(s)
    return k


def _scripts(s: str) -> frozenset[str]:
    out = set()
    for ch in s:
        if ch.isascii():
            if ch.isalnum():
                out.add("latin")
        elif "\u30a0" <= ch <= "\u30ff":
            out.add("katakana")
        elif "\u3040" <= ch <= "\u309f":
            out.add("hiragana")
        elif "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            out.add("kanji")
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def token_key_source(surface: str, norm: str) -> str:
    """Which form of a token to key on: Sudachi's normalized form when it keeps the script.

    Sudachi folds width, case and spelling variants (ＡＷＳ -> AWS, サーバ -> サーバー): we use that. It also maps
    across scripts (Pixel -> ピクセル, モナカ -> 最中, 500億 -> 50000000000): that would make names match ordinary
    words, so then the surface is used and names are reached through their listed aliases instead.

    >>> token_key_source("ＡＷＳ", "AWS"), token_key_source("サーバ", "サーバー"), token_key_source("Pixel", "ピクセル")
    ('AWS', 'サーバー', 'Pixel')
    """
    nfkc = unicodedata.normalize("NFKC", surface)
    return norm if _scripts(nfkc) == _scripts(norm) else nfkc


class Tokens(Sequence[Token]):
    """The tokens of one text, stored compactly as rows; :class:`Token` objects are made on access.

    ``keys`` (the matching key of each token's normalized form) is computed once and shared by every stage
    that walks the tokens.
    """

    __slots__ = (
        "_key_set",
        "_keys",
        "_plain_pos",
        "_pos_chars",
        "_pos_string",
        "pos_of",
        "read",
        "repeats",
        "rows",
        "text",
    )

    def __init__(
        self,
        text: str,
        rows: list[TokenRow],
        pos_of_id: Callable[[int], tuple[str, ...]],
        read: str | None = None,
        plain_pos: frozenset[int] = frozenset(),
        pos_chars: tuple[str, ...] = (),
        repeats: Sequence[tuple[int, int, int]] = (),
    ) -> None:
        self.text = text
        #: ``(start, end, earlier start)`` row ranges that repeat an earlier range of rows (same words, moved)
        self.repeats = repeats
        self._plain_pos = plain_pos
        self._pos_chars = pos_chars
        self._pos_string: str | None = None
        self.read = text if read is None else read  # what Sudachi read (same length; entities unescaped)
        self.rows = rows
        self.pos_of = pos_of_id
        self._keys: list[str] | None = None
        self._key_set: frozenset[str] | None = None

    @property
    def keys(self) -> list[str]:
        if self._keys is None:
            cache = _KEY_CACHE
            if len(cache) > _KEY_CACHE_MAX:
                cache.clear()
            text = self.read
            plain = self._plain_pos
            get = cache.get

            def keys_of(rows: list[TokenRow]) -> list[str]:
                return [
                    k if (k := get(x := n if p in plain or text[a:b] == n else token_key_source(text[a:b], n)))
                    is not None else _cache_key(x)
                    for a, b, n, p in rows
                ]  # fmt: skip

            if not self.repeats:
                self._keys = keys_of(self.rows)
            else:  # a repeated range of rows has the keys of the range it repeats
                keys: list[str] = []
                done = 0
                for i, j, earlier in self.repeats:
                    keys += keys_of(self.rows[done:i])
                    keys += keys[earlier : earlier + j - i]
                    done = j
                keys += keys_of(self.rows[done:])
                self._keys = keys
        return self._keys

    @property
    def pos_string(self) -> str:
        """One character per token standing for its POS id (``pos_char(id)``), so that later stages find the
        tokens of some parts of speech with a regular expression, in C, instead of a loop over the rows."""
        if self._pos_string is None:
            chars = self._pos_chars
            pids = map(_POS_ID, self.rows)
            try:
                self._pos_string = "".join(map(chars.__getitem__, pids))
            except IndexError:  # no table, or a POS id past it
                self._pos_string = "".join(map(pos_char, map(_POS_ID, self.rows)))
        return self._pos_string

    def indices_with_pos(self, pos_ids: frozenset[int]) -> list[int]:
        """Indices (ascending) of the tokens whose POS id is in ``pos_ids``."""
        return [m.start() for m in _pos_pattern(pos_ids).finditer(self.pos_string)]

    def pos_ids(self, prefix: tuple[str, ...]) -> frozenset[int]:
        """The POS ids of this text's dictionary whose POS starts with ``prefix`` (名詞, 固有名詞), computed once
        per dictionary and prefix."""
        return pos_ids_with_prefix(self.pos_of, prefix)

    @property
    def key_set(self) -> frozenset[str]:
        """The distinct ``keys`` (shared by the walks over the same tokens: entities, then topics)."""
        if self._key_set is None:
            self._key_set = frozenset(self.keys)
        return self._key_set

    def __len__(self) -> int:
        return len(self.rows)

    def _token(self, r: TokenRow) -> Token:
        return Token(self.text[r[0] : r[1]], r[2], self.pos_of(r[3]), r[0], r[1])

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> list[Token]: ...
    def __getitem__(self, i: int | slice) -> Token | list[Token]:
        if isinstance(i, slice):
            return [self._token(r) for r in self.rows[i]]
        return self._token(self.rows[i])

    def __iter__(self) -> Iterator[Token]:
        for r in self.rows:
            yield self._token(r)


_POS_IDS: dict[tuple[int, tuple[str, ...]], frozenset[int]] = {}


def pos_ids_with_prefix(pos_of: Callable[[int], tuple[str, ...] | None], prefix: tuple[str, ...]) -> frozenset[int]:
    """POS ids whose POS (``pos_of(id)``, Sudachi's ``Dictionary.pos_of``) starts with ``prefix``."""
    ident = (id(getattr(pos_of, "__self__", pos_of)), prefix)
    cached = _POS_IDS.get(ident)
    if cached is None:
        ids: set[int] = set()
        for pid in range(100_000):
            pos = pos_of(pid)
            if pos is None:
                break
            if tuple(pos[: len(prefix)]) == prefix:
                ids.add(pid)
        cached = _POS_IDS[ident] = frozenset(ids)
    return cached


_POS_ID = itemgetter(3)
_POS_CHAR_BASE = 0x100


def pos_char(pos_id: int) -> str:
    """The character that stands for a POS id in :attr:`Tokens.pos_string`."""
    return chr(_POS_CHAR_BASE + pos_id)


@lru_cache(maxsize=64)
def _pos_pattern(pos_ids: frozenset[int]) -> re.Pattern[str]:
    if not pos_ids:
        return re.compile("(?!)")
    return re.compile("[" + "".join(re.escape(pos_char(p)) for p in sorted(pos_ids)) + "]")


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


def split_chunks(text: str, max_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, chunk)`` pieces of ``text``, each at most ``max_bytes`` UTF-8 bytes.

    Cuts prefer paragraph breaks, then line breaks, then sentence ends, then any character.

    >>> [o for o, _ in split_chunks("あ。" * 10, max_bytes=12)]
    [0, 4, 8, 12, 16]
    """
    if len(text) * 4 <= max_bytes or _utf8_len(text) <= max_bytes:
        if text:
            yield 0, text
        return
    yield from _split(text, 0, max_bytes, (_PARAGRAPH, _LINE, _SENTENCE))


def split_paragraphs(text: str, max_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, str]]:
    r"""Yield ``(offset, piece)``: each paragraph of ``text`` with the blank lines after it, cut like
    :func:`split_chunks` when it passes ``max_bytes`` UTF-8 bytes.

    The tokenizer reads a text in these pieces, so that a paragraph written twice is tokenized once.

    >>> [p for _, p in split_paragraphs("AWSが発表。\n\n## 関連記事\n- a\n")]
    ['AWSが発表。\n\n', '## 関連記事\n- a\n']
    """
    start = 0
    for m in _PARAGRAPH.finditer(text):
        end = m.end()
        if end > start:
            yield from _split(text[start:end], start, max_bytes, (_LINE, _SENTENCE))
        start = end
    if start < len(text):
        yield from _split(text[start:], start, max_bytes, (_LINE, _SENTENCE))


def _split(text: str, base: int, max_bytes: int, seps: tuple[re.Pattern[str], ...]) -> Iterator[tuple[int, str]]:
    if _utf8_len(text) <= max_bytes:
        if text:
            yield base, text
        return
    if not seps:
        # Hard cut: walk characters, never splitting a surrogate pair (str has none) or exceeding the limit.
        start = 0
        size = 0
        for i, ch in enumerate(text):
            b = 1 if ch < "\x80" else 2 if ch < "\u0800" else 3 if ch < "\U00010000" else 4
            if size + b > max_bytes:
                yield base + start, text[start:i]
                start, size = i, 0
            size += b
        if start < len(text):
            yield base + start, text[start:]
        return
    sep, rest = seps[0], seps[1:]
    cuts = [m.end() for m in sep.finditer(text)]
    if not cuts:
        yield from _split(text, base, max_bytes, rest)
        return
    # Greedily pack pieces between cuts into chunks under the limit.
    bounds = [0, *[c for c in cuts if 0 < c < len(text)], len(text)]
    start = 0
    size = 0
    for a, b in itertools.pairwise(bounds):
        piece_bytes = _utf8_len(text[a:b])
        if size and size + piece_bytes > max_bytes:
            yield from _split(text[start:a], base + start, max_bytes, rest)
            start, size = a, 0
        size += piece_bytes
    yield from _split(text[start:], base + start, max_bytes, rest)


#: Parts of speech that never carry a name (particles, auxiliaries, inflected verbs and adjectives, symbols):
#: their key comes straight from the normalized form, skipping the surface comparison on the hot path.
PLAIN_POS = frozenset({"助詞", "助動詞", "動詞", "形容詞", "補助記号", "空白", "接続詞", "副詞", "連体詞", "感動詞"})


def _plain_pos_ids(dictionary: Any) -> frozenset[int]:
    ids = set()
    for pid in range(100_000):
        pos = dictionary.pos_of(pid)
        if pos is None:
            break
        if pos[0] in PLAIN_POS:
            ids.add(pid)
    return frozenset(ids)


class Tokenizer:
    """SudachiPy (sudachidict_core, mode C) with chunking and original offsets.

    One instance owns one Sudachi tokenizer; it is cheap to call and meant for one thread.
    """

    def __init__(self, mode: str = "C", *, reuse_repeats: bool = True) -> None:
        #: Copy the rows of a paragraph already tokenized in the same text (off only to measure or test it).
        self.reuse_repeats = reuse_repeats
        self._dictionary = Dictionary(dict="core")
        self._mode = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}[mode.upper()]
        self._tok = self._sudachi(self._mode, {"pos", "normalized_form"})
        self._plain_pos = _plain_pos_ids(self._dictionary)
        n_pos = 0
        while self._dictionary.pos_of(n_pos) is not None:
            n_pos += 1
        self._pos_chars = tuple(pos_char(i) for i in range(n_pos))
        self._out = self._tok.tokenize("")
        self._common: dict[str, bool] = {}
        self._compound: dict[str, bool] = {}
        self._oov: dict[str, bool] = {}
        self._reader: Any = None
        self._splitter: Any = None

    def _sudachi(self, mode: Any, fields: set[str]) -> Any:
        """A Sudachi tokenizer of this dictionary reading only ``fields`` (SudachiPy 0.7 renamed Dictionary.create to
        Dictionary.tokenizer; 0.6, which GiNZA pins, has only create)."""
        make = getattr(self._dictionary, "tokenizer", None) or self._dictionary.create
        return make(mode=mode, fields=fields)

    def is_common_word(self, word: str) -> bool:
        """True when every Sudachi word of ``word`` is a known common word (ハブ, データ+センター, GPU): not a name.
        A katakana proper noun whose normalized form is another spelling of a katakana common word counts as that
        word (Sudachi lists サードパーティ as a proper noun, normalized to the common noun サードパーティー)."""
        cached = self._common.get(word)
        if cached is None:
            ms = [(m.is_oov(), m.part_of_speech()[1], m.surface(), m.normalized_form()) for m in self.morphemes(word)]
            cached = all(not oov and (pos != "固有名詞" or self._common_spelling(s, n)) for oov, pos, s, n in ms)
            if len(self._common) > 100_000:
                self._common.clear()
            self._common[word] = cached
        return cached

    def _common_spelling(self, surface: str, normalized: str) -> bool:
        """Whether a katakana proper noun's normalized form is a different katakana spelling that Sudachi reads as one
        known common noun (サードパーティ -> サードパーティー, レイテンシ -> レーテンシー)."""
        if normalized == surface or not (_KATAKANA_WORD.fullmatch(surface) and _KATAKANA_WORD.fullmatch(normalized)):
            return False
        ms = self.morphemes(normalized)
        return len(ms) == 1 and not ms[0].is_oov() and ms[0].part_of_speech()[1] != "固有名詞"

    def is_common_compound(self, word: str) -> bool:
        """True when ``word``, split into its shortest Sudachi words (mode A), is known common words only, whatever
        Sudachi calls the whole (it lists 神経細胞 and 慢性疾患 as proper nouns: 神経+細胞, 慢性+疾患)."""
        cached = self._compound.get(word)
        if cached is None:
            if self._splitter is None:  # a second Sudachi tokenizer, made on first use: not on the hot path
                self._splitter = self._sudachi(SplitMode.A, {"pos"})
            parts = self._splitter.tokenize(_SURROGATE.sub("\ufffd", word))
            cached = len(parts) > 0 and all(not p.is_oov() and p.part_of_speech()[1] != "固有名詞" for p in parts)
            if len(self._compound) > 100_000:
                self._compound.clear()
            self._compound[word] = cached
        return cached

    def is_oov(self, word: str) -> bool:
        """True when Sudachi does not know a word of ``word`` (エヌビディア, CoreWeave): new words are often names."""
        cached = self._oov.get(word)
        if cached is None:
            cached = any(m.is_oov() for m in self.morphemes(word))
            if len(self._oov) > 100_000:
                self._oov.clear()
            self._oov[word] = cached
        return cached

    def reading(self, text: str) -> list[tuple[str, str]]:
        """The words of a short ``text`` with their readings in katakana (Sudachi's reading form): ``[("工科",
        "コウカ"), ...]``. A word Sudachi does not know reads as itself. (A second Sudachi tokenizer, made on first
        use: the hot path does not compute readings.)"""
        if self._reader is None:
            self._reader = self._sudachi(self._mode, {"pos", "reading_form"})
        return [(m.surface(), m.reading_form()) for m in self._reader.tokenize(_SURROGATE.sub("\ufffd", text))]

    def morphemes(self, text: str) -> Any:
        """SudachiPy's own MorphemeList for a short text (under the byte limit), for tools that need more fields."""
        return self._tok.tokenize(_SURROGATE.sub("\ufffd", text))

    def tokenize(self, text: str) -> Tokens:
        """Tokens of ``text`` (any length) with offsets into ``text``."""
        safe = _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
        if "&" in safe and _HTML_ENTITY.search(safe):
            # Feeds and CMS text often carry HTML-escaped characters (S&amp;P500): Sudachi reads the character
            # followed by spaces, the same length, so offsets do not move.
            safe = _HTML_ENTITY.sub(lambda m: _ENTITY_CHAR[m.group(0)].ljust(len(m.group(0))), safe)
        rows: list[TokenRow] = []
        tokenize = self._tok.tokenize
        out = self._out
        # Each paragraph is tokenized on its own, so one written again in the same text (boilerplate, quoted or
        # generated text: 28.5% of the dev corpus's characters) gets a copy of its earlier rows, moved to its
        # offset, instead of a second pass through Sudachi. The rows are the same either way.
        seen: dict[str, tuple[int, int, int]] = {}
        repeats: list[tuple[int, int, int]] = []
        for base, chunk in split_paragraphs(safe):
            earlier = seen.get(chunk)
            if earlier is not None and self.reuse_repeats:
                i, j, d = earlier[0], earlier[1], base - earlier[2]
                if j > i:
                    repeats.append((len(rows), len(rows) + j - i, i))
                    rows += [(a + d, b + d, n, p) for a, b, n, p in rows[i:j]]
                continue
            i = len(rows)
            ms = tokenize(chunk, out=out)  # one reused MorphemeList: its rows are copied out right away
            # Sudachi's morphemes are the nodes of one lattice path, so each begins where the previous one ends
            # (tests/text/test_tokenization.py checks it against begin() on any input): reading only end() saves a
            # method call per morpheme, a tenth of the time spent copying rows out.
            prev = base
            rows += [(prev, (prev := base + m.end()), m.normalized_form(), m.part_of_speech_id()) for m in ms]
            seen[chunk] = (i, len(rows), base)
        return Tokens(text, rows, self._dictionary.pos_of, safe, self._plain_pos, self._pos_chars, repeats)
