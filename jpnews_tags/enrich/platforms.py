"""Platform presets: the key each publishing platform reads its tags from, and the rules its tags must follow.

A preset (``enrich --preset NAME``, ``tags --preset NAME``) names the key (Zenn's ``topics``, everyone else's
``tags``), the most tags a post may hold, the front matter formats the platform reads, and the alphabet of a
tag. A suggestion the platform cannot write is never mangled (no dropped spaces, no invented spellings): it is
mapped, in this order, to

1. the same name in the platform's spelling (Zenn writes its topics in lower case: ``AWS`` -> ``aws``);
2. another name the dictionary gives the same entity (``Microsoft Azure`` -> ``Azure`` -> ``azure``), a name in
   the suggestion's own script first; ambiguous aliases and a person's partial names (a surname alone) are not
   used;
3. its romanized dictionary id (``NVIDIA Blackwell`` -> ``blackwell``);
4. its parent entity, by the same steps (``Gemini 2.5`` -> ``Gemini`` -> ``gemini``);

or left out, with the reason. A site vocabulary (``--vocabulary``) is applied before all this, by the tagger.
The rules and their sources are in docs/enrich.md ("Platform presets").

Example:
    >>> from jpnews_tags.models import Tag
    >>> zenn = PRESETS["zenn"]
    >>> zenn.problem("AI Overviews"), zenn.problem("生成AI"), zenn.spell("生成AI")
    ('Zenn topics are letters and digits only (a space)', None, '生成ai')
    >>> tags = [Tag(tag="NVIDIA Blackwell", score=0.5, reasons=[], source="entity", id="blackwell"),
    ...         Tag(tag="AI エージェント", score=0.4, reasons=[], source="keyphrase")]
    >>> out = platform_tags(tags, zenn)
    >>> [t.tag for t in out.tags], [x.tag for x in out.left_out]
    (['blackwell'], ['AI エージェント'])
    >>> out.tags[0].reasons[-1]
    "Zenn: written as 'blackwell' (its dictionary id): Zenn topics are letters and digits only (a space)"
"""

from __future__ import annotations

import contextlib
import unicodedata
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..models import Tag
from ..tagging.names import clean_tag, tag_key

Alphabet = Literal["any", "no-space", "letters-digits"]

#: How far up the parent chain a mapping looks (Trainium -> AWS -> Amazon).
MAX_PARENT_STEPS = 3
#: Topics share the index with entities under this prefix (their ids are another namespace).
TOPIC = "topic:"


@dataclass(frozen=True)
class Preset:
    """Where a platform keeps tags and what it accepts.

    Attributes:
        name: the preset's name (``zenn``).
        title: the platform's name in messages (``Zenn``).
        key: the front matter key of the tags.
        max_tags: the most tags a post may hold (None: no limit).
        formats: the front matter formats the platform reads.
        alphabet: ``letters-digits`` (Unicode letters and digits only), ``no-space``, or ``any``.
        lowercase: new tags are written in lower case (the platform's own spelling).
        drop_blank: an empty tag (a template's placeholder) is not a tag: it is replaced when tags are written.
        exclude: globs a directory walk skips by default (Zenn's ``books``: chapters carry no topics).
        source: where the rules are documented.
    """

    name: str
    title: str
    key: str
    max_tags: int | None = None
    formats: tuple[str, ...] = ("yaml", "toml", "json")
    alphabet: Alphabet = "any"
    lowercase: bool = False
    drop_blank: bool = False
    exclude: tuple[str, ...] = ()
    source: str = ""

    def problem(self, name: str) -> str | None:
        """Why ``name`` cannot be written as a tag of this platform (None: it can)."""
        name = clean_tag(name)
        if not name:
            return f"{self.title} refuses an empty {self.noun}"
        if self.alphabet == "letters-digits":
            bad = next((c for c in name if unicodedata.category(c)[0] not in "LNM"), None)
            if bad is not None:
                what = "a space" if bad.isspace() else repr(bad)
                return f"{self.title} {self.key} are letters and digits only ({what})"
        elif self.alphabet == "no-space" and any(c.isspace() for c in name):
            return f"{self.title} {self.key} cannot contain a space"
        return None

    def spell(self, name: str) -> str:
        """``name`` as the platform writes it (NFKC, trimmed; lower case where the platform writes so)."""
        name = clean_tag(name)
        return name.lower() if self.lowercase else name

    @property
    def noun(self) -> str:
        return "topic" if self.key == "topics" else "tag"


ZENN_SOURCE = "https://github.com/zenn-dev/zenn-editor (packages/zenn-validator)"
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "zenn",
            "Zenn",
            "topics",
            max_tags=5,
            formats=("yaml",),
            alphabet="letters-digits",
            lowercase=True,
            drop_blank=True,
            exclude=("books",),
            source=ZENN_SOURCE,
        ),
        Preset(
            "qiita",
            "Qiita",
            "tags",
            max_tags=5,
            formats=("yaml",),
            alphabet="no-space",
            drop_blank=True,
            source="https://github.com/increments/qiita-cli (src/lib/validators/item-validator.ts)",
        ),
        Preset("hugo", "Hugo", "tags", source="https://gohugo.io/configuration/taxonomies/"),
        Preset("jekyll", "Jekyll", "tags", formats=("yaml",), source="https://jekyllrb.com/docs/front-matter/"),
        Preset(
            "astro", "Astro", "tags", formats=("yaml",), source="https://docs.astro.build/en/tutorial/5-astro-api/2/"
        ),
    )
}


def get_preset(name: str | Preset | None) -> Preset | None:
    """The preset called ``name`` (ValueError naming the choices for an unknown one)."""
    if name is None or isinstance(name, Preset):
        return name
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}") from None


@dataclass(frozen=True)
class EntityNames:
    """What the dictionary knows of one entity's names: its tag, its other usable names, its parent's id."""

    tag: str
    names: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class LeftOut:
    """A suggestion the platform cannot take, and why."""

    tag: str
    reason: str
    score: float = 0.0


@dataclass
class PlatformTags:
    """Suggestions in the platform's spelling (best first), and those left out."""

    tags: list[Tag] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


_INDEXES: weakref.WeakKeyDictionary[object, dict[str, EntityNames]] = weakref.WeakKeyDictionary()


def _japanese(s: str) -> bool:
    return any(ord(c) >= 0x3000 for c in s)


def name_index(analyzer: object) -> dict[str, EntityNames]:
    """The names of every dictionary entity an analyzer knows, by id (computed once per analyzer). An object
    without a dictionary (a stand-in with only ``analyze``) gives an empty index: ids and parents are then
    still taken from the suggestions themselves."""
    try:
        return _INDEXES[analyzer]
    except (KeyError, TypeError):
        pass
    from ..tagging.names import tag_name

    entries = getattr(getattr(analyzer, "gazetteer", None), "entries", None) or ()
    index: dict[str, EntityNames] = {}
    for e in entries:
        names = [e.name, *e.tags, *(a for a in e.aliases if a not in e.ambiguous)]
        if e.label == "PERSON":  # a surname alone (フアン) names the person only in context
            names = [n for n in names if not any(n != m and n in m for m in names)]
        index[e.id] = EntityNames(tag_name(e), tuple(dict.fromkeys(n for n in names if len(n) >= 2)), e.parent)
    for spec in getattr(getattr(analyzer, "tagger", None), "topics", None) or ():
        index[TOPIC + spec.id] = EntityNames(spec.name, tuple(n for n in (spec.name, *spec.names) if len(n) >= 2))
    with contextlib.suppress(TypeError):  # an object that cannot be weakly referenced is indexed each time
        _INDEXES[analyzer] = index
    return index


def _candidates(tag: Tag, names: Mapping[str, EntityNames]) -> list[tuple[str, str]]:
    """(name, how it was found) to try for a suggestion, in order."""
    out: list[tuple[str, str]] = [(tag.tag, "")]
    ident, steps, seen = tag.id, 0, set()
    while ident and ident not in seen and steps <= MAX_PARENT_STEPS:
        seen.add(ident)
        entity = names.get(TOPIC + ident if tag.source == "topic" and steps == 0 else ident)
        whose = "its" if steps == 0 else f"its parent {entity.tag if entity else ident}'s"
        if entity is not None:
            own = [(entity.tag, f"{whose} tag")] if steps else []
            script = _japanese(tag.tag)
            others = sorted(entity.names, key=lambda n: _japanese(n) != script)  # stable: dictionary order
            out += own + [(n, f"{whose} dictionary name") for n in others]
        out.append((ident, f"{whose} dictionary id"))
        ident = entity.parent if entity is not None else None
        steps += 1
    return out


def platform_tags(tags: Sequence[Tag], preset: Preset, names: Mapping[str, EntityNames] | None = None) -> PlatformTags:
    """``tags`` (best first) as the platform can write them (see the module docstring); each mapped tag gets a
    reason saying how, each suggestion that cannot be written (or that lands on a tag already suggested) is
    left out with the reason."""
    index = names or {}
    out = PlatformTags()
    seen: dict[str, str] = {}
    for t in tags:
        why = preset.problem(t.tag)
        written: tuple[str, str] | None = None
        for name, how in _candidates(t, index):
            if preset.problem(name) is None:
                written = (preset.spell(name), how)
                break
        if written is None:
            reason = why or f"{preset.title} cannot write it"
            out.left_out.append(LeftOut(t.tag, f"{reason}; no dictionary name, id or parent it can write", t.score))
            continue
        spelled, how = written
        key = tag_key(spelled)
        if key in seen:
            out.left_out.append(LeftOut(t.tag, f"written {spelled!r}, the same {preset.noun} as {seen[key]}", t.score))
            continue
        seen[key] = repr(t.tag)
        if spelled != t.tag:
            because = why or f"{preset.title} writes {preset.key} in lower case"
            via = f" ({how})" if how else ""
            reason = f"{preset.title}: written as {spelled!r}{via}: {because}"
            t = t.model_copy(update={"tag": spelled, "reasons": [*t.reasons, reason]})
        out.tags.append(t)
    return out
