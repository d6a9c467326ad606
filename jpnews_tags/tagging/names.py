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

    def in_script(self, entry: Entry, script: str) -> str:
        """The tag of an entry under a site's language policy (``TagOptions.tag_names``):

        - ``native``: :meth:`__call__`, each name as its owner and Japanese news write it: Japanese companies,
          government bodies and places in Japanese (ソニー, 富士通, デジタル庁), foreign ones under their Latin name
          (Samsung Electronics, Warren Buffett, Stanford University), foreign government bodies as Japanese news
          names them (米国政府, CIA);
        - ``japanese``: a Japanese name wherever the dictionary has one (サムスン電子, ウォーレン・バフェット,
          スタンフォード大学, グーグル), except a canonical name that is an acronym (NVIDIA, AWS, NTT) or a long
          Japanese name that has an acronym (NEDO);
        - ``latin``: a Latin name wherever the dictionary has one (Sony, Fujitsu, Indeed), legal forms left out,
          an acronym for a name over 24 characters (METI); names with no Latin form stay Japanese.

        >>> from jpnews_tags.lexicon.schema import Entry
        >>> namer = TagNamer(["株式会社"], ["Inc."])
        >>> sony = Entry(id="sony", name="Sony", label="ORG", kind="company", aliases=["ソニー"], tag_in_japanese=True)
        >>> bb = Entry(id="wb", name="Warren Buffett", label="PERSON", kind="person", aliases=["バフェット"])
        >>> [namer.in_script(e, s) for s in ("native", "japanese", "latin") for e in (sony, bb)]
        ['ソニー', 'Warren Buffett', 'ソニー', 'バフェット', 'Sony', 'Warren Buffett']
        """
        if script == "japanese":
            if _ACRONYM.fullmatch(entry.name) or (
                entry.tags and not has_japanese(entry.tags[0]) and _ACRONYM.fullmatch(entry.tags[0])
            ):
                return entry.tags[0] if entry.tags else entry.name
            ja = [t for t in entry.tags if has_japanese(t)] or self.japanese_names(entry)
            if ja:
                acronyms = [a for a in entry.aliases if a not in entry.ambiguous and _ACRONYM.fullmatch(a)]
                return acronyms[0] if len(ja[0]) > 8 and acronyms and len(acronyms[0]) >= 3 else ja[0]
            return self(entry)
        if script == "latin":
            latin = [t for t in entry.tags if not has_japanese(t)]
            if latin:
                return latin[0]
            if has_japanese(entry.name):
                return self(entry)
            name = self._latin_form.sub("", entry.name)
            if len(name) > LONG_TAG_NAME:
                short = [a for a in entry.aliases if a not in entry.ambiguous and _ACRONYM.fullmatch(a)]
                if short:
                    return short[0]
            return name
        return self(entry)

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


def _is_version(child: Entry, parent: Entry, edition_words: frozenset[str]) -> bool:
    """Whether ``child`` is a version or edition of ``parent``: one of its names is one of the parent's names, or
    the parent's first word, followed by something with a digit or an edition word (GPT-5 of GPT, Llama 4 Scout
    of Llama 4, Claude Sonnet 4.5 of Claude 4.5, Amazon Nova Pro of Amazon Nova; Gemini Robotics is a product of
    its own, not a version of Gemini)."""
    stems = {n.casefold() for n in (parent.name, *parent.aliases) if not has_japanese(n)}
    stems.add(parent.name.split()[0].casefold())
    for name in (child.name, *child.aliases):
        folded = name.casefold()
        for stem in stems:
            if not folded.startswith(stem) or len(folded) == len(stem):
                continue
            rest = name[len(stem) :]
            if not (rest[0] in " -._" or rest[0].isdigit()):
                continue
            rest = rest.strip(" -._")
            if any(c.isdigit() for c in rest) or rest.split()[0] in edition_words:
                return True
    return False


def version_families(entries: Sequence[Entry], edition_words: Sequence[str] = ()) -> dict[str, str]:
    """For every product that is a version of another (see :func:`_is_version`), the id of its family: the
    ancestor reached by version steps only (Claude Sonnet 4.5 -> Claude 4.5 -> Claude; Llama 4 Scout -> Llama 4 ->
    Llama; Gemini Robotics 1.5 -> Gemini Robotics).

    >>> e = lambda i, n, p=None: Entry(id=i, name=n, label="PRODUCT", kind="ai_model", parent=p)
    >>> version_families([e("llama", "Llama"), e("llama-4", "Llama 4", "llama"), e("scout", "Llama 4 Scout", "llama-4"),
    ...                   e("gr", "Gemini Robotics", "gemini"), e("gemini", "Gemini")])
    {'llama-4': 'llama', 'scout': 'llama'}
    """
    by_id = {e.id: e for e in entries}
    words = frozenset(edition_words)
    step: dict[str, str] = {}
    for e in entries:
        parent = by_id.get(e.parent or "")
        if e.label == "PRODUCT" and parent is not None and parent.label == "PRODUCT" and _is_version(e, parent, words):
            step[e.id] = parent.id
    out: dict[str, str] = {}
    for eid in step:
        root, hops = step[eid], 0
        while root in step and hops < 8:
            root, hops = step[root], hops + 1
        out[eid] = root
    return out


#: The language policies of tag names (TagOptions.tag_names; ``auto`` follows the site's vocabulary).
TAG_NAME_POLICIES = ("auto", "native", "japanese", "latin")


def vocabulary_script(site_tags: Sequence[str], entries: Sequence[Entry]) -> str | None:
    """The script a site writes the names of the dictionary's entities in, from its own tags: ``japanese`` when more
    of its tags that name an entry (acronyms aside) are Japanese names than Latin ones, ``latin`` when fewer, None
    when it cannot tell (no such tag, or as many of each).

    >>> e = Entry(id="google", name="Google", label="ORG", kind="company", aliases=["グーグル"])
    >>> vocabulary_script(["グーグル", "AI"], [e]), vocabulary_script(["Google"], [e]), vocabulary_script(["AI"], [e])
    ('japanese', 'latin', None)
    """
    scripts: dict[str, bool] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases, *entry.tags):
            if not _ACRONYM.fullmatch(name):
                scripts.setdefault(tag_key(name), has_japanese(name))
    ja = latin = 0
    for tag in site_tags:
        is_ja = scripts.get(tag_key(tag))
        if is_ja is None:
            continue
        ja += is_ja
        latin += not is_ja
    if ja == latin:
        return None
    return "japanese" if ja > latin else "latin"
