"""Keyphrases: compound nouns from Sudachi POS, weighed against background document frequencies.

A phrase is a maximal run of Sudachi nouns (common or proper, not numerals or pronouns) and noun-like suffixes,
not starting right after a digit (2倍高速化); a space ends a phrase (Sudachi keeps common Latin terms such as
"machine learning" as one word, and Latin names are entities). It must name a
thing: one common word alone (構想), a run ending in a listed action word (連携強化) or an honorific (患者さん) is
not a keyphrase, while one proper noun or acronym is (AGI). Phrases with digits,
only kana, under two or over 24 characters are dropped. How specific a phrase is comes from a table of
document frequencies computed from a news corpus and shipped as data (``dictionaries/background/
keyphrase_df.tsv``, a :class:`~jpnews_tags.lexicon.background.Background` of the lexicon):
``specificity = log((N + 1) / (df + 1)) / log(N + 1)`` in [0, 1], so a phrase in every document (AIモデル) scores
near 0 and one never seen before scores 1. This module extracts phrases and counts them (:func:`build_background`);
the table itself, its file and its formula, is the lexicon's.

Rebuild the table from your own archive with ``jpnews-tags build-background PATH... -o FILE`` (see
docs/tags.md) and point :class:`jpnews_tags.tagging.tagger.TagOptions` at it, or replace the shipped file.

Example:
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> text = "量子誤り訂正の研究が進む。量子誤り訂正は難しい。"
    >>> [(p.surface, len(p.starts)) for p in extract_phrases(Tokenizer().tokenize(text))]
    [('量子誤り訂正', 2)]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from .._compat import moved_names
from ..lexicon.background import Background as Background  # the table is the lexicon's; re-exported here
from ..text.scripts import latin_boundaries_ok
from ..text.tokenization import Tokenizer, TokenRow, Tokens, pos_char

__getattr__ = moved_names(__name__, {"HEADER": "lexicon.background:HEADER"})

MAX_PHRASE_CHARS = 24
#: A keyphrase tag has at most this many nouns (noun suffixes not counted): AI人材育成, not a description such as
#: 次世代AIディスプレイ搭載スマホ.
MAX_KEYPHRASE_WORDS = 3
_NOUN, _PROPER, _SUFFIX = 1, 2, 3
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_PERSON_SUFFIX = ("さん", "様", "氏", "ちゃん", "君", "殿", "たち", "達")
_DIGIT = re.compile(r"\d")
_ONLY_KANA = re.compile(r"[\u3040-\u30ff\u30fc・ー]+")
_LATIN = re.compile(r"[A-Za-z]")
_SPACE = re.compile(r"\s+")
# POS character (see Tokens.pos_string) -> class character, filled as POS ids are first seen.
_CLASS_TABLE: dict[int, str] = {}
_CLASS_KNOWN: set[str] = set()


def _pos_class(pos: tuple[str, ...]) -> int:
    if pos[0] == "名詞" and pos[1] == "固有名詞":
        return _PROPER
    if pos[0] == "名詞" and pos[1] == "普通名詞":
        return _NOUN
    if pos[0] == "接尾辞" and pos[1] == "名詞的":
        return _SUFFIX
    return 0


@lru_cache(maxsize=1 << 16)
def phrase_key(surface: str) -> str:
    """How phrases are compared and looked up: NFKC, case-folded, single spaces. (Cached: the same noun runs
    come back in text after text.)"""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", surface)).strip().casefold()


@dataclass
class Phrase:
    """One keyphrase of a text: its key, the most frequent surface form and where it occurs."""

    key: str
    surface: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


class _Run(NamedTuple):
    start: int
    end: int
    tokens: int
    proper: bool  # a proper noun in it
    last_start: int  # where the last token starts


# One character per token: N common noun, P proper noun, S noun suffix, "-" anything else. Runs are found by
# regular expressions over this string, so the per-token work happens in C. A run of one common noun is a
# keyphrase only when it is an acronym (AGI): those few are found in the text instead of visiting every noun.
_CLASS_CHAR = {0: "-", _NOUN: "N", _PROPER: "P", _SUFFIX: "S"}
_RUN = re.compile(r"[NP][NPS]+|P")
_ACRONYM_IN_TEXT = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Z0-9]{1,5}(?![A-Za-z0-9])")  # look-behind second: faster
_INNER_SPACE = re.compile(r" (?<=[A-Za-z] )(?=[A-Za-z])")  # the space first: the engine skips ahead in C
_FIRST = itemgetter(0)


def _class_string(tokens: Tokens) -> str:
    """One class character per token (see ``_CLASS_CHAR``), translated from the tokens' POS string in C."""
    pos = tokens.pos_string
    for ch in set(pos).difference(_CLASS_KNOWN):
        _CLASS_TABLE[ord(ch)] = _CLASS_CHAR[_pos_class(tokens.pos_of(ord(ch) - ord(pos_char(0))))]
        _CLASS_KNOWN.add(ch)
    return pos.translate(_CLASS_TABLE)


def _runs(tokens: Tokens, classes: str) -> Iterator[tuple[int, int, int, int]]:
    """Maximal noun runs: nouns, then nouns or noun suffixes, not right after a digit (2倍高速化); of the runs of one
    common noun, only acronyms. Each run is ``(start, end, first token, end token)``; ``classes`` is
    :func:`_class_string` of the tokens. (Plain tuples: most runs repeat a surface seen before, and only a new
    surface needs the rest, see :func:`_run_of`.)"""
    rows = tokens.rows
    text = tokens.text
    for m in _RUN.finditer(classes):
        i, j = m.span()
        a = rows[i][0]
        while a > 0 and text[a - 1].isdigit():
            # Not a start right after a digit: the run starts at the next noun (not a suffix), if any.
            i += 1
            while i < j and classes[i] == "S":
                i += 1
            if i >= j:
                break
            a = rows[i][0]
        else:
            yield a, rows[j - 1][1], i, j
    # Runs of one common noun: acronyms (AGI), and Latin terms Sudachi keeps as one word (machine learning).
    singles: list[int] = []
    starts: list[int] = []
    for m in _ACRONYM_IN_TEXT.finditer(text):
        starts = starts or list(map(_FIRST, rows))
        i = bisect.bisect_left(starts, m.start())
        if i < len(rows) and starts[i] == m.start() and rows[i][1] == m.end():
            singles.append(i)
    for m in _INNER_SPACE.finditer(text):
        starts = starts or list(map(_FIRST, rows))
        i = bisect.bisect_right(starts, m.start()) - 1
        if starts[i] != m.start():  # a space inside a token
            singles.append(i)
    for i in sorted(set(singles)):
        a, b = rows[i][0], rows[i][1]
        if classes[i] != "N" or (a > 0 and text[a - 1].isdigit()):
            continue
        if i + 1 < len(classes) and classes[i + 1] in "NPS":
            continue  # part of a longer run
        k = i - 1
        while k >= 0 and classes[k] == "S":
            k -= 1
        if k >= 0 and classes[k] in "NP":
            continue  # continues a run
        yield a, b, i, i + 1


def _run_of(rows: list[TokenRow], classes: str, start: int, end: int, i: int, j: int) -> _Run:
    return _Run(start, end, j - i, "P" in classes[i:j], rows[j - 1][0])


def acceptable(surface: str) -> bool:
    """Whether a phrase can be a tag at all: no digits, not only kana, 2-24 characters, no sentence marks."""
    if not 2 <= len(surface) <= MAX_PHRASE_CHARS or _DIGIT.search(surface):
        return False
    if _ONLY_KANA.fullmatch(surface) and not any("\u30a1" <= c <= "\u30fa" for c in surface):
        return False  # hiragana only: a fragment
    return not any(c in "。、，．！？!?「」『』()（）[]【】<>\"'" for c in surface)


def _thing_like(raw: str, run: _Run, text: str, action_words: frozenset[str]) -> bool:
    """A phrase that names a thing: not one common word (構想, 警鐘), not an action (連携強化, 無料提供: its last
    word is in ``action_words``), not a person with an honorific or in the plural (患者さん, 同僚たち); one proper
    noun or acronym is fine (AGI, CUDA)."""
    if text[run.last_start : run.end] in action_words or raw.endswith(_PERSON_SUFFIX):
        return False
    if run.tokens == 1 and " " not in raw.strip():
        return run.proper or bool(_ACRONYM.fullmatch(raw.strip()))
    return True


@dataclass(frozen=True)
class PhraseRules:
    """What makes a keyphrase a tag people search for: specific, reusable across posts, short (the word lists are
    ``keyphrase_*`` in ``dictionaries/cues/rules.yaml``).

    - ``action_words``: a phrase ending in one describes an event, not a thing (連携強化, 無料提供);
    - ``generic_heads``: a generic head (市場, 業界, 現場, 体験, 速度, 期間) is left out, the phrase stands for what
      comes before it (HBM市場 -> HBM, 臨床試験期間 -> 臨床試験); what is left must still be a phrase (音楽業界 ->
      音楽, one common word, is none);
    - ``property_suffixes``: a phrase ending in one names a property or a process (リアルタイム性, 防御力, OSS化);
    - ``generic_modifiers``: a generic modifier at the start is left out (次世代AIスマホ -> AIスマホ);
    - ``deictic_words``: a phrase with 某 anywhere (某生成AI企業) or starting with a word that points at something
      named elsewhere (自社AIチップ, 同社製品) is not a term;
    - ``max_words``: at most this many nouns (次世代AIディスプレイ搭載スマホ is a description);
    - a phrase never cuts a Latin word (Word of Word2Vec, JP of JP-AI法), an acronym has three letters or more
      (JP, CX and MA are too ambiguous), and one Latin word Sudachi knows as a common word (Voice) is not a tag
      (``is_common_word``: the tokenizer's).
    """

    action_words: frozenset[str] = frozenset()
    generic_heads: frozenset[str] = frozenset()
    property_suffixes: frozenset[str] = frozenset()
    deictic_words: frozenset[str] = frozenset()
    max_words: int | None = None
    is_common_word: Callable[[str], bool] | None = None
    generic_modifiers: frozenset[str] = frozenset()

    @property
    def strict(self) -> bool:
        """Whether the tag rules apply (beyond the action words)."""
        return self.max_words is not None

    def acceptable(self, raw: str, text: str, rows: list[TokenRow], classes: str, i: int, j: int) -> bool:
        """Whether the run ``i:j`` (its surface ``raw``) can be a tag under these rules."""
        if "某" in raw or text[rows[i][0] : rows[i][1]] in self.deictic_words:
            return False
        if classes[j - 1] == "S" and text[rows[j - 1][0] : rows[j - 1][1]] in self.property_suffixes:
            return False
        if self.max_words is not None and j - i - classes.count("S", i, j) > self.max_words:
            return False
        word = raw.strip()
        if j - i == 1 and word.isascii() and " " not in word:
            if word.isupper():
                return len(word) >= 3
            return not (self.is_common_word and self.is_common_word(word))
        return True


def extract_phrases(
    tokens: Tokens, min_count: int = 1, action_words: Iterable[str] = (), rules: PhraseRules | None = None
) -> list[Phrase]:
    """Keyphrases of a tokenized text in order of first occurrence; those seen fewer than ``min_count`` times
    are left out, and so are runs ending in one of ``action_words`` (強化, 提供: see
    ``keyphrase_action_words`` in ``dictionaries/cues/rules.yaml``). With ``rules`` (:class:`PhraseRules`, whose
    action words are used then), only phrases that can be tags: generic heads left out, properties, deictic
    phrases, long compounds and fragments of Latin words dropped."""
    if rules is not None:
        action_words = rules.action_words
    elif not isinstance(action_words, frozenset):
        action_words = frozenset(action_words)
    strict = rules is not None and rules.strict
    heads = rules.generic_heads if rules is not None else frozenset()
    modifiers = rules.generic_modifiers if rules is not None else frozenset()
    text = tokens.text
    rows = tokens.rows
    classes = _class_string(tokens)
    by_surface: dict[str, list[tuple[int, int]]] = {}
    for a, b, i, j in _runs(tokens, classes):
        if heads:
            for n_head in (2, 1):  # the head may be two tokens (製薬 + 業 + 界), the longer first (not 界 alone)
                if j - i > n_head and text[rows[j - n_head][0] : b] in heads:
                    j -= n_head  # HBM市場 -> HBM: the phrase is what comes before a generic head
                    b = rows[j - 1][1]
                    break
            if j - i >= 2 and text[a : rows[i][1]] in modifiers:
                i += 1  # 次世代AIスマホ -> AIスマホ
                a = rows[i][0]
        if strict and not latin_boundaries_ok(text, a, b, hyphens=True):
            continue
        raw = text[a:b]
        spans = by_surface.get(raw)
        if spans is None:
            if not _thing_like(raw, _run_of(rows, classes, a, b, i, j), text, action_words) or (
                strict and rules is not None and not rules.acceptable(raw, text, rows, classes, i, j)
            ):
                by_surface[raw] = []  # remembered as rejected
                continue
            spans = by_surface[raw] = []
        elif not spans:
            continue
        spans.append((a, b))
    # Group the distinct surfaces by key first (width and case variants together), and check only the
    # phrases frequent enough.
    groups: dict[str, list[str]] = {}
    for raw, spans in by_surface.items():
        if not spans:
            continue
        groups.setdefault(phrase_key(raw), []).append(raw)
    out = []
    for k, raws in groups.items():
        n = sum(len(by_surface[r]) for r in raws)
        if n < min_count:
            continue
        forms = {unicodedata.normalize("NFKC", r).strip(): len(by_surface[r]) for r in raws}
        surface = min(forms.items(), key=lambda x: (-x[1], x[0]))[0] if len(forms) > 1 else next(iter(forms))
        if not acceptable(surface):
            continue
        spans = sorted(sp for r in raws for sp in by_surface[r])
        out.append(Phrase(k, surface, [a for a, _ in spans], [b for _, b in spans]))
    out.sort(key=lambda p: p.starts[0])
    return out


def build_background(texts: Iterable[str], tokenizer: Tokenizer | None = None, min_df: int = 2) -> Background:
    """Document frequencies of the keyphrases of ``texts``; phrases in fewer than ``min_df`` documents are left out
    (they then count as unseen, which is what they nearly are)."""
    tok = tokenizer or Tokenizer()
    df: dict[str, int] = {}
    docs = 0
    for text in texts:
        docs += 1
        for k in {p.key for p in extract_phrases(tok.tokenize(text))}:
            df[k] = df.get(k, 0) + 1
    return Background(docs, {k: v for k, v in df.items() if v >= min_df})
