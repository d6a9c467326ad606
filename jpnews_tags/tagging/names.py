"""Tag names: one comparison key for every spelling, and the hygiene rules a tag must pass.

Two tags are the same tag when their keys are equal: NFKC (width), case-folded, without spaces, middle dots
(``・``, ``･``, ``·``), hyphens or underscores. So ``ＡＷＳ``, ``aws`` and ``A W S`` are one tag, as are ``Open AI``
and ``OpenAI``, and ``生成·AI`` and ``生成・AI``. This is the one rule: the tagger, site vocabularies, ``enrich``
(is a suggestion already there?) and ``report`` (is a suggestion among the editor's tags?) all compare by it.

Example:
    >>> tag_key("ＮＶＩＤＩＡ") == tag_key("Nvidia") == tag_key("nvidia"), tag_key("生成·AI") == tag_key("生成・AI")
    (True, True)
    >>> clean_tag("  生成ＡＩ  "), is_fragment("AIの"), is_fragment("データセンター")
    ('生成AI', True, False)
"""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s・･·\-_‐‑–—]+")
_SPACES = re.compile(r"\s+")
_PARTICLE_EDGE = re.compile(r"^[のはがをにでともやへ]|[のはがをにでともやへ]$")
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")
_SYMBOLS_ONLY = re.compile(r"[\W\d_]+")


def tag_key(name: str) -> str:
    """The key under which tags are compared, merged and looked up in a site vocabulary."""
    return _DROP.sub("", unicodedata.normalize("NFKC", name)).casefold()


def clean_tag(name: str) -> str:
    """NFKC, trimmed, inner whitespace collapsed to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()


def is_fragment(name: str) -> bool:
    """True for strings that are not tags: empty, one character, hiragana only, symbols or digits only,
    or a Japanese word with a particle stuck to its edge (AIの, はAI)."""
    s = clean_tag(name)
    if len(s) < 2 or _HIRAGANA.fullmatch(s) or _SYMBOLS_ONLY.fullmatch(s):
        return True
    has_japanese = any(ord(c) > 0x3000 for c in s)
    return bool(has_japanese and _PARTICLE_EDGE.search(s) and not _HIRAGANA.fullmatch(s))
