"""Keyphrases: compound nouns from Sudachi POS, weighed against background document frequencies.

A phrase is a maximal run of Sudachi nouns (common or proper, not numerals or pronouns), optionally opened by a
prefix and closed by noun-like suffixes, with single spaces allowed between Latin words. Phrases with digits,
only kana, under two or over 24 characters are dropped. How specific a phrase is comes from a table of
document frequencies computed from a news corpus and shipped as data (``dictionaries/background/
keyphrase_df.tsv``): ``specificity = log((N + 1) / (df + 1)) / log(N + 1)`` in [0, 1], so a phrase in every
document (企業, 技術) scores near 0 and one never seen before scores 1.

Rebuild the table from your own archive with ``jpnews-tags build-background PATH... -o FILE`` (see
docs/tags.md) and point :class:`jpnews_tags.tags.TagOptions` at it, or replace the shipped file.

Example:
    >>> from jpnews_tags.tokenization import Tokenizer
    >>> text = "量子誤り訂正の研究が進む。量子誤り訂正は難しい。"
    >>> [(p.surface, len(p.starts)) for p in extract_phrases(Tokenizer().tokenize(text))]
    [('量子誤り訂正', 2), ('研究', 1)]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .tokenization import Tokenizer, Tokens

MAX_PHRASE_CHARS = 24
_NOUN, _PREFIX, _SUFFIX = 1, 2, 3
_DIGIT = re.compile(r"\d")
_ONLY_KANA = re.compile(r"[\u3040-\u30ff\u30fc・ー]+")
_LATIN = re.compile(r"[A-Za-z]")
_SPACE = re.compile(r"\s+")
_CLASS_CACHE: dict[int, int] = {}
HEADER = "# jpnews-tags keyphrase document frequencies (jpnews-tags build-background)"


def _pos_class(pos: tuple[str, ...]) -> int:
    if pos[0] == "名詞" and pos[1] in ("普通名詞", "固有名詞"):
        return _NOUN
    if pos[0] == "接頭辞":
        return _PREFIX
    if pos[0] == "接尾辞" and pos[1] == "名詞的":
        return _SUFFIX
    return 0


def phrase_key(surface: str) -> str:
    """How phrases are compared and looked up: NFKC, case-folded, single spaces."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", surface)).strip().casefold()


@dataclass
class Phrase:
    """One keyphrase of a text: its key, the most frequent surface form and where it occurs."""

    key: str
    surface: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


def _runs(tokens: Tokens) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of maximal noun runs."""
    rows = tokens.rows
    text = tokens.text
    cache = _CLASS_CACHE
    for r in rows:
        if r[3] not in cache:
            cache[r[3]] = _pos_class(tokens.pos_of(r[3]))
    run_start = -1
    run_end = -1
    has_noun = False
    last_cls = 0
    for a, b, _n, pid in rows:
        cls = cache[pid]
        if not cls and run_start < 0:
            continue
        joinable = (
            run_start >= 0
            and ((cls == _NOUN) or (cls == _SUFFIX and has_noun) or (cls == _PREFIX and last_cls == _PREFIX))
            and (a == run_end or _latin_gap(text, run_end, a))
        )
        if joinable:
            run_end = b
            has_noun = has_noun or cls == _NOUN
            last_cls = cls
            continue
        if run_start >= 0 and has_noun:
            yield run_start, run_end
        if cls in (_NOUN, _PREFIX):
            run_start, run_end, has_noun, last_cls = a, b, cls == _NOUN, cls
        else:
            run_start, run_end, has_noun, last_cls = -1, -1, False, 0
    if run_start >= 0 and has_noun:
        yield run_start, run_end


def _latin_gap(text: str, end: int, start: int) -> bool:
    """One space between two Latin words (machine learning) keeps a phrase going."""
    return (
        start - end == 1
        and text[end] == " "
        and end > 0
        and start < len(text)
        and bool(_LATIN.match(text[end - 1]))
        and bool(_LATIN.match(text[start]))
    )


def acceptable(surface: str) -> bool:
    """Whether a phrase can be a tag at all: no digits, not only kana, 2-24 characters, no sentence marks."""
    if not 2 <= len(surface) <= MAX_PHRASE_CHARS or _DIGIT.search(surface):
        return False
    if _ONLY_KANA.fullmatch(surface) and not any("\u30a1" <= c <= "\u30fa" for c in surface):
        return False  # hiragana only: a fragment
    return not any(c in "。、，．！？!?「」『』()（）[]【】<>\"'" for c in surface)


def extract_phrases(tokens: Tokens, min_count: int = 1) -> list[Phrase]:
    """Keyphrases of a tokenized text in order of first occurrence; those seen fewer than ``min_count`` times
    are left out."""
    text = tokens.text
    by_surface: dict[str, list[tuple[int, int]]] = {}
    for a, b in _runs(tokens):
        by_surface.setdefault(text[a:b], []).append((a, b))
    # Group the distinct surfaces by key first (width and case variants together), and check only the
    # phrases frequent enough.
    groups: dict[str, list[str]] = {}
    for raw in by_surface:
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


@dataclass(frozen=True)
class Background:
    """Document frequencies of phrase keys in a background corpus of ``docs`` documents."""

    docs: int
    df: dict[str, int]

    def specificity(self, key: str) -> float:
        """1.0 for a phrase never seen in the background, near 0.0 for one in every document."""
        n = max(1, self.docs)
        return math.log((n + 1) / (self.df.get(key, 0) + 1)) / math.log(n + 1)

    @classmethod
    def empty(cls) -> Background:
        return cls(0, {})

    @classmethod
    def load(cls, path: Path) -> Background:
        """Read a table written by :meth:`dump` (``# docs<TAB>N`` then ``phrase<TAB>df`` lines)."""
        docs = 0
        df: dict[str, int] = {}
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                line = line.rstrip("\n")
                if line.startswith("# docs\t"):
                    docs = int(line.split("\t", 1)[1])
                    continue
                if not line or line.startswith("#"):
                    continue
                phrase, sep, count = line.rpartition("\t")
                if not sep or not count.isdigit():
                    raise ValueError(f"{path}:{lineno}: expected 'phrase<TAB>count'")
                df[phrase] = int(count)
        if docs <= 0:
            raise ValueError(f"{path}: missing '# docs<TAB>N' line")
        return cls(docs, df)

    def dump(self, path: Path) -> None:
        lines = [HEADER, f"# docs\t{self.docs}"]
        lines += [f"{k}\t{v}" for k, v in sorted(self.df.items(), key=lambda x: (-x[1], x[0]))]
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(path)


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
