"""What the recognizer sees of a token: its word, script shape, POS, whether Sudachi knows it, and its context.

Every feature is a short string (``p=1345``, ``R1=が``, ``Sv=発表``) hashed into a fixed number of buckets
with CRC-32, so the model needs no vocabulary and a feature it never saw costs nothing. The features of a token
in a candidate region are of three kinds:

- the token itself: script shape, Sudachi POS, out-of-vocabulary (Sudachi did not know the word: エヌビディア,
  CoreWeave), length, first/last in the region; and, when ``lexical``, its word and its first and last two
  characters (the part that can memorize names, which training drops for most regions so that the model
  learns the rest);
- its neighbours: the words, POS and shapes one and two tokens away;
- the region's context: the words right before and after it, bags of the words around it, the predicates
  (verbs, サ変 nouns) that follow it in its sentence (発表 says a company acts, 搭載 a product is used),
  whether it is quoted or starts a line, and the labels of known entities right next to it (a list of
  companies).

Changing any feature changes :data:`FEATURE_VERSION`, which a model file records: a model trained on other
features is refused rather than silently wrong.

Example:
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> text = "米ゼノバイトが新型チップを発表した"
    >>> f = RegionFeatures(text, tok.tokenize(text), lambda s: s == "ゼノバイト")
    >>> feats = f.region(1, 2)[0]
    >>> "oov=1" in feats, "L1=米" in feats, "Sv=発表" in feats
    (True, True, True)
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Callable, Sequence

from ...text.tokenization import PROPER_NOUN, Tokens
from .regions import script_shape

#: Bumped whenever a feature is added, removed or spelled differently. Version 2 dropped the conjunction of a
#: token's POS and script shape: with the names Sudachi knows hidden from training, the few left in a class
#: (proper nouns shaped like OpenAI: SoC, GenAI) taught it that the class is no name (unseen-name evaluation,
#: docs/benchmarks.md: ORG recall 0.529 -> 0.588, PRODUCT 0.500 -> 0.544, at higher precision).
FEATURE_VERSION = 2
_PREDICATE_POS = (("動詞",), ("名詞", "普通名詞", "サ変可能"))
_QUOTES_OPEN = frozenset('「『【"“')
_QUOTES_CLOSE = frozenset('」』】"”')
_LINE_START = frozenset(("", "\n", "\u3000", " "))


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-5" if n < 6 else "6-9" if n < 10 else "10+"


#: CRC-32 of feature strings seen so far (feature strings repeat: a dict lookup costs a sixth of a CRC).
_CRC: dict[str, int] = {}
_CRC_MAX = 1 << 20


def _crc(f: str) -> int:
    if len(_CRC) > _CRC_MAX:
        _CRC.clear()
    v = _CRC[f] = zlib.crc32(f.encode())
    return v


def hash_features(feats: Sequence[str], dims: int) -> list[int]:
    """Bucket of each feature string (CRC-32 of its UTF-8 bytes, modulo ``dims``: the same on every machine).

    >>> hash_features(["p=1345", "p=1345"], 1 << 20) == [zlib.crc32(b"p=1345") % (1 << 20)] * 2
    True
    """
    get = _CRC.get
    return [(c if (c := get(f)) is not None else _crc(f)) % dims for f in feats]


class RegionFeatures:
    """Feature strings of the tokens of candidate regions in one text.

    ``is_oov`` tells words Sudachi does not know (a cached test); ``known`` are the entities already found,
    ``(start, end, label)``, used as context.
    """

    def __init__(
        self,
        text: str,
        tokens: Tokens,
        is_oov: Callable[[str], bool],
        known: Sequence[tuple[int, int, str]] = (),
    ) -> None:
        self.text = text
        self.rows = tokens.rows
        self.keys = tokens.keys
        self.read = tokens.read
        self.n = len(self.rows)
        self.is_oov = is_oov
        self.predicates = tokens.pos_ids(_PREDICATE_POS[0]) | tokens.pos_ids(_PREDICATE_POS[1])
        #: POS ids of proper nouns (a region with one looks like a name)
        self.proper = tokens.pos_ids(PROPER_NOUN)
        #: tokens whose word is never shown (training on names a model must not see: their word is a placeholder)
        self.hidden: frozenset[int] = frozenset()
        self.set_known(known)

    def set_known(self, known: Sequence[tuple[int, int, str]]) -> None:
        ents = sorted(known)
        self._starts = [s for s, _, _ in ents]
        self._ents = ents
        self._ends = sorted((e, label) for _, e, label in ents)

    def surface(self, i: int) -> str:
        r = self.rows[i]
        return self.read[r[0] : r[1]]

    def word(self, i: int) -> str:
        if i < 0:
            return "<s>"
        if i >= self.n:
            return "</s>"
        if self.hidden and i in self.hidden:
            return "<hidden>"
        return self.keys[i] or self.surface(i).strip() or "_"

    def pos(self, i: int) -> str:
        return str(self.rows[i][3]) if 0 <= i < self.n else "-"

    def shape(self, i: int) -> str:
        return script_shape(self.surface(i)) if 0 <= i < self.n else "-"

    def _known_before(self, c: int) -> str:
        k = bisect.bisect_right(self._ends, (c, "\uffff")) - 1
        return self._ends[k][1] if k >= 0 and self._ends[k][0] >= c - 2 else "-"

    def _known_after(self, c: int) -> str:
        k = bisect.bisect_left(self._starts, c)
        return self._ents[k][2] if k < len(self._ents) and self._ents[k][0] <= c + 2 else "-"

    def neighbours(self, start: int, end: int) -> tuple[str, str]:
        """The labels of the known entities right before ``start`` and right after ``end`` (``-``: none), as the
        features ``dL`` and ``dR`` of a region there say them."""
        return self._known_before(start), self._known_after(end)

    def _predicates_after(self, j: int) -> list[str]:
        """Verbs and サ変 nouns after the region in its sentence (up to 25 tokens, 8 of them)."""
        out: list[str] = []
        first = self.word(j)
        for t in range(j, min(j + 25, self.n)):
            s = self.surface(t)
            if "。" in s or "\n" in s:
                break
            if self.rows[t][3] in self.predicates:
                if not out:
                    out.append(f"Sv1={first}|{self.word(t)}")
                out.append(f"Sv={self.word(t)}")
                if len(out) >= 8:
                    break
        return out

    def region(self, i: int, j: int, lexical: bool = True) -> list[list[str]]:
        """The feature strings of each token of the region ``[i, j)``."""
        common, tokens = self.region_parts(i, j, lexical)
        return [[*common, *f] for f in tokens]

    def region_parts(self, i: int, j: int, lexical: bool = True) -> tuple[list[str], list[list[str]]]:
        """The features of the region ``[i, j)`` as (those every token of it has, those of each token): what
        :meth:`region` joins, apart, so that a scorer can look the shared ones up once."""
        cs, ce = self.rows[i][0], self.rows[j - 1][1]
        rsurf = self.text[cs:ce]
        rshape = script_shape(rsurf)
        before, after = self.text[cs - 1 : cs] if cs else "", self.text[ce : ce + 1]
        quoted = f"{before}{after}" if before in _QUOTES_OPEN or after in _QUOTES_CLOSE else "-"
        w = self.word
        common = [
            "bias",
            f"rsh={rshape}",
            f"rn={_bucket(j - i)}",
            f"rnc={_bucket(len(rsurf))}",
            f"q={quoted}",
            f"bol={before in _LINE_START}",
            f"dL={self._known_before(cs)}",
            f"dR={self._known_after(ce)}",
            f"RL1={w(i - 1)}",
            f"RR1={w(j)}",
            f"RR12={w(j)}|{w(j + 1)}",
            f"RL21={w(i - 2)}|{w(i - 1)}",
            f"RL1R1={w(i - 1)}|{w(j)}",
            f"rsh_RR1={rshape}|{w(j)}",
            f"rsh_RL1={rshape}|{w(i - 1)}",
            *(f"Rw={w(t)}" for t in range(j, min(j + 6, self.n))),
            *(f"Lw={w(t)}" for t in range(max(0, i - 5), i)),
            *self._predicates_after(j),
        ]
        out = []
        for t in range(i, j):
            s = self.surface(t)
            sh = script_shape(s)
            pos = self.pos(t)
            f = [
                f"sh={sh}",
                f"p={pos}",
                f"oov={int(self.is_oov(s))}",
                f"len={_bucket(len(s))}",
                f"first={t == i}",
                f"last={t == j - 1}",
                f"L1={w(t - 1)}",
                f"R1={w(t + 1)}",
                f"L1p={self.pos(t - 1)}",
                f"R1p={self.pos(t + 1)}",
                f"L1s={self.shape(t - 1)}",
                f"R1s={self.shape(t + 1)}",
                f"L2={w(t - 2)}",
                f"R2={w(t + 2)}",
                f"sh_R1={sh}|{w(t + 1)}",
                f"sh_L1={sh}|{w(t - 1)}",
                f"pL_p={self.pos(t - 1)}|{pos}",
                f"p_pR={pos}|{self.pos(t + 1)}",
            ]
            if lexical:
                f += [f"pf={s[:2]}", f"sf={s[-2:]}", f"w={w(t)}", f"w_R1={w(t)}|{w(t + 1)}", f"L1_w={w(t - 1)}|{w(t)}"]
            out.append(f)
        return common, out
