"""Tag names: the name a dictionary entry is tagged under, one comparison key for every spelling, and the hygiene
rules a tag must pass.

Two tags are the same tag when their keys are equal: NFKC (width), case-folded, without spaces, middle dots
(``・``, ``･``, ``·``), hyphens or underscores. So ``ＡＷＳ``, ``aws`` and ``A W S`` are one tag, as are ``Open AI``
and ``OpenAI``, and ``生成·AI`` and ``生成・AI``. This is the one rule: the tagger, site vocabularies, ``enrich``
(is a suggestion already there?) and ``report`` (is a suggestion among the editor's tags?) all compare by it.
An entry's tag is its canonical name unless it says otherwise or Japanese news names it otherwise
(:func:`tag_name`); legal forms are left out (``tag_legal_forms`` in ``dictionaries/cues/names.yaml``).

Example:
    >>> tag_key("ＮＶＩＤＩＡ") == tag_key("Nvidia") == tag_key("nvidia"), tag_key("生成·AI") == tag_key("生成・AI")
    (True, True)
    >>> clean_tag("  生成ＡＩ  "), is_fragment("AIの"), is_fragment("データセンター")
    ('生成AI', True, False)
    >>> from jpnews_tags.lexicon.schema import Entry
    >>> tag_name(Entry(id="sharp", name="Sharp", label="ORG", kind="company", aliases=["シャープ株式会社"],
    ...                tag_in_japanese=True))
    'シャープ'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..lexicon.resources import shipped_name_cues
from ..lexicon.schema import Entry, NameCues
from ..text.scripts import HIRAGANA, has_japanese

_DROP = re.compile(r"[\s・･·\-_‐‑–—]+")
_SPACES = re.compile(r"\s+")
_PARTICLE_EDGE = re.compile(r"^[のはがをにでともやへ]|[のはがをにでともやへ]$")
_HIRAGANA = re.compile(rf"[{HIRAGANA}]+")
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


#: Canonical names longer than this are tagged under their acronym when they have one (NEDO).
LONG_TAG_NAME = 24
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}")


def _alternation(words: Sequence[str]) -> str:
    return "|".join(map(re.escape, words)) or "(?!)"


class TagNamer:
    """The tag names of dictionary entries, with the legal forms to leave out of them.

    ``legal_forms`` are written before or after a Japanese name (株式会社, ㈱); ``latin_legal_forms`` end a
    Latin canonical name (Inc., Co., Ltd.): a tag names the company, not its registration.
    """

    def __init__(self, legal_forms: Sequence[str], latin_legal_forms: Sequence[str]) -> None:
        form = f"(?:{_alternation(legal_forms)})"
        self._legal_form = re.compile(rf"^{form}\s*|\s*{form}$")
        self._latin_form = re.compile(rf",?\s+(?:{_alternation(latin_legal_forms)})$")

    @classmethod
    def of(cls, cues: NameCues) -> TagNamer:
        return cls(cues.tag_legal_forms, cues.tag_latin_legal_forms)

    def registered_latin_name(self, entry: Entry) -> str | None:
        """The name a Japanese company registered in Latin letters (Sansan株式会社, 株式会社SmartHR, kubell株式会社)
        when it is the entry's canonical name: Japanese news writes the company that way, not in katakana."""
        canonical = self._latin_form.sub("", entry.name).casefold()
        for a in entry.aliases:
            if self._legal_form.search(a):
                name = self._legal_form.sub("", a)
                if name and not has_japanese(name) and name.casefold() == canonical:
                    return name
        return None

    def japanese_names(self, entry: Entry) -> list[str]:
        """The entry's Japanese aliases as tag names, in order, those written without a legal form first; then the
        others with it dropped (株式会社SmartHR -> SmartHR); duplicates and over-long names left out. (グーグル日本法人
        comes before グーグル合同会社, which would give the parent's name.) An ambiguous alias is fine here: it needs
        context to *match*, but is what an editor calls the company (シャープ, スズキ)."""
        japanese = [a for a in entry.aliases if has_japanese(a)]
        plain = [a for a in japanese if not self._legal_form.search(a)]
        out: list[str] = []
        for name in [*plain, *(self._legal_form.sub("", a) for a in japanese if a not in plain)]:
            if name and len(name) <= LONG_TAG_NAME and name not in out:
                out.append(name)
        return out

    def __call__(self, entry: Entry) -> str:
        """The tag of an entry: its first ``tags`` name; for a foreign government body its acronym (CIA) or first
        Japanese alias (国防総省, 米国政府); for a Japanese entity (``tag_in_japanese``) its first Japanese alias
        unless the canonical name is an acronym, or an acronym alias when that Japanese alias is long (富士通,
        デジタル庁, but NTT and NEDO), or the Latin name the company registered (Sansan株式会社 -> Sansan), legal
        forms left out (シャープ株式会社 -> シャープ); for a canonical name over 24 characters its acronym alias
        (NEDO) or a short Japanese alias (AI推進法); else its canonical name."""
        if entry.tags:
            return entry.tags[0]
        name = entry.name
        plain = [a for a in entry.aliases if a not in entry.ambiguous]
        if entry.kind == "government" and not entry.tag_in_japanese and not has_japanese(name):
            # Japanese news names foreign governments and agencies in Japanese (米国政府, 国防総省) or by acronym (CIA).
            if _ACRONYM.fullmatch(name):
                return name
            acronyms = [a for a in plain if _ACRONYM.fullmatch(a) and len(a) >= 3]
            ja = self.japanese_names(entry)
            if acronyms or ja:
                return (acronyms or ja)[0]
        if entry.tag_in_japanese and not has_japanese(name) and not _ACRONYM.fullmatch(name):
            registered = self.registered_latin_name(entry)
            if registered:
                return registered
            ja = self.japanese_names(entry)
            acronyms = [a for a in plain if _ACRONYM.fullmatch(a) and len(a) >= 3]
            if ja and len(ja[0]) > 8 and acronyms:
                return acronyms[0]  # NEDO, not 新エネルギー・産業技術総合開発機構
            if ja:
                return ja[0]
        if len(name) > LONG_TAG_NAME:
            short = [a for a in plain if _ACRONYM.fullmatch(a)]
            if has_japanese(name):
                short += [a for a in plain if has_japanese(a) and len(a) <= LONG_TAG_NAME]
            if short:
                return short[0]
        return name


def tag_name(entry: Entry, cues: NameCues | None = None) -> str:
    """The tag of an entry (see :meth:`TagNamer.__call__`), with the shipped legal forms unless given ``cues``."""
    return TagNamer.of(cues or shipped_name_cues())(entry)
