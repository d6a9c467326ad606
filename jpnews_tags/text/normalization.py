"""Text normalization that never loses the way back to the caller's original string.

``normalize(text)`` applies NFKC (full-width to half-width, ㈱ to (株), half-width katakana to
full-width...) and keeps a piecewise-linear offset map, so every span found in the normalized text maps
back to exact ``text[start:end]`` offsets in the original. Case is not changed in the text (lowercasing can
change lengths); matching keys are case-folded with :func:`key`.

Example:
    >>> n = normalize("ＡＷＳは㈱リコーと")
    >>> n.norm
    'AWSは(株)リコーと'
    >>> n.to_original_span(4, 7)
    (4, 5)
    >>> key("Amazon・Web Services")
    'amazonwebservices'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Characters that never change under NFKC and cannot combine with a neighbour cover almost all Japanese
# news text; runs of anything else are normalized piece by piece.
_STABLE = (
    "\u0000-\u007f"  # ASCII
    "\u3001-\u3002\u300c-\u300f"  # 、。「」『』
    "\u3041-\u3096\u309d\u309e"  # hiragana (not the combining voicing marks 3099/309a nor 309b/309c)
    "\u30a1-\u30fa\u30fc-\u30fe"  # katakana, ー
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\u3400-\u4dbf"  # extension A
)
_UNSTABLE_RUN = re.compile(f"[^{_STABLE}]+")


@dataclass(frozen=True)
class Normalized:
    """A normalized text with the map back to the original.

    ``breaks`` holds ``(norm_pos, orig_pos)`` pairs at the ends of every piece whose length changed;
    between breaks the two texts advance one character for one character.
    """

    original: str
    norm: str
    _norm_pos: list[int] = field(default_factory=list, repr=False)
    _orig_pos: list[int] = field(default_factory=list, repr=False)
    _pieces: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)

    def to_original(self, pos: int, *, end: bool = False) -> int:
        """Map a normalized offset to an original offset (``end=True`` for span ends)."""
        # Inside a piece whose length changed, snap outwards to the piece's boundary.
        i = bisect.bisect_right(self._pieces, (pos, 1 << 62, 0, 0)) - 1
        if i >= 0:
            ns, ne, os_, oe = self._pieces[i]
            if ns < pos < ne:
                return oe if end else os_
        j = bisect.bisect_right(self._norm_pos, pos) - 1
        if j < 0:
            return pos
        return self._orig_pos[j] + (pos - self._norm_pos[j])

    def to_original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end, end=True)


def normalize(text: str) -> Normalized:
    """NFKC-normalize ``text`` keeping an offset map (see :class:`Normalized`)."""
    if not _UNSTABLE_RUN.search(text):
        return Normalized(text, text)
    parts: list[str] = []
    norm_pos: list[int] = []
    orig_pos: list[int] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = 0
    n_len = 0
    for m in _UNSTABLE_RUN.finditer(text):
        s, e = m.span()
        # A combining mark may compose with the stable character before it.
        if (s > last and unicodedata.combining(text[s])) or text[s] in "\u3099\u309a":
            s -= 1
        if s < last:
            s = last
        parts.append(text[last:s])
        n_len += s - last
        # Normalize character by character (or base+combining) so each piece maps to its source.
        i = s
        while i < e:
            j = i + 1
            while j < e and (unicodedata.combining(text[j]) or text[j] in "\u3099\u309a\uff9e\uff9f"):
                j += 1
            src = text[i:j]
            out = unicodedata.normalize("NFKC", src)
            parts.append(out)
            if len(out) != len(src):
                pieces.append((n_len, n_len + len(out), i, j))
                n_len += len(out)
                norm_pos.append(n_len)
                orig_pos.append(j)
            else:
                n_len += len(out)
            i = j
        last = e
    parts.append(text[last:])
    return Normalized(text, "".join(parts), norm_pos, orig_pos, pieces)


# ---------------------------------------------------------------- matching keys

_KEY_DROP = re.compile(r"[\s・･·‐‑‒–—―\-_'’\"“”.,、。()（）\[\]「」『』/／:：!！?？]+")
_KANA_VARIANTS = str.maketrans({"ヴ": "ブ", "ヂ": "ジ", "ヅ": "ズ", "ヰ": "イ", "ヱ": "エ", "ヲ": "オ"})
_KANA_PAIRS = (
    ("ブァ", "バ"),
    ("ブィ", "ビ"),
    ("ブェ", "ベ"),
    ("ブォ", "ボ"),
    ("ブュ", "ビュ"),
)


@lru_cache(maxsize=1 << 16)
def key(s: str) -> str:
    """The matching key of a string: NFKC, case-folded, katakana variants folded, separators dropped.

    Spaces, dots, hyphens, brackets and quotes are dropped ('GPT-4o mini' and 'GPT4o Mini' share a key);
    ``+`` and ``&`` are kept ('Alexa+' is not 'Alexa'). The dictionary check reports colliding keys.
    """
    k = unicodedata.normalize("NFKC", s).casefold().translate(_KANA_VARIANTS)
    if "ブ" in k:
        for a, b in _KANA_PAIRS:
            k = k.replace(a, b)
    return _KEY_DROP.sub("", k)


def cased_key(s: str) -> str:
    """NFKC with the separators :func:`key` drops, but the case kept: how an alias that must be written with its
    case ("Meta", "Go") is compared with the text.

    >>> cased_key("Ｍｅｔａ"), cased_key("GPT-4o mini")
    ('Meta', 'GPT4omini')
    """
    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", s))
