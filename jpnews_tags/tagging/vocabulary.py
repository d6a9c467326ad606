"""A site's own tag vocabulary: load it, harvest it from an archive, and map suggestions onto it.

Suggestions are looked up width-, case- and synonym-insensitively (:func:`jpnews_tags.tagging.names.tag_key`):
with a vocabulary holding ``NVIDIA``, an entity found as エヌビディア or Nvidia is suggested as ``NVIDIA``.

Files:
    - text (``.txt``): one tag per line, synonyms after tabs (``NVIDIA<TAB>エヌビディア``); ``#`` starts a comment;
    - YAML or JSON: a list of tags, a mapping ``tag: [synonyms]``, or ``tags: [{tag, synonyms, count, pinned}]``
      (what ``jpnews-tags harvest-tags`` writes; ``pinned: true`` keeps a tag however many posts it lands on).

Example:
    >>> v = Vocabulary.from_entries([VocabularyEntry(tag="NVIDIA", synonyms=["エヌビディア"]),
    ...                              VocabularyEntry(tag="生成AI")])
    >>> v.lookup(["Nvidia"]), v.lookup(["ｴﾇﾋﾞﾃﾞｨｱ"]), v.lookup(["生成ＡＩ"]), v.lookup(["Intel"])
    (('NVIDIA', 'Nvidia'), ('NVIDIA', 'ｴﾇﾋﾞﾃﾞｨｱ'), ('生成AI', '生成ＡＩ'), None)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .names import clean_tag, tag_key


class VocabularyError(ValueError):
    """A vocabulary file that cannot be read, with the file name and the reason."""


class VocabularyEntry(BaseModel):
    """One site tag, the other spellings that mean it, and (when harvested) how many documents carry it."""

    model_config = ConfigDict(extra="forbid")

    tag: str = Field(min_length=1)
    synonyms: list[str] = Field(default_factory=list)
    count: int | None = None
    pinned: bool = Field(
        default=False, description="Keep this tag however many of the archive's posts it lands on (site-aware tags)."
    )


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tags: list[VocabularyEntry | str]


@dataclass(frozen=True)
class Vocabulary:
    """Site tags in order, and the key -> site tag index (the first entry to claim a key keeps it)."""

    entries: tuple[VocabularyEntry, ...]
    index: dict[str, str]

    @classmethod
    def from_entries(cls, entries: Iterable[VocabularyEntry]) -> Vocabulary:
        kept: list[VocabularyEntry] = []
        index: dict[str, str] = {}
        for e in entries:
            tag = clean_tag(e.tag)
            if not tag:
                continue
            kept.append(e.model_copy(update={"tag": tag}))
            for name in (tag, *e.synonyms):
                k = tag_key(name)
                if k:
                    index.setdefault(k, tag)
        return cls(tuple(kept), index)

    @classmethod
    def from_tags(cls, tags: Iterable[str]) -> Vocabulary:
        return cls.from_entries(VocabularyEntry(tag=t) for t in tags)

    @property
    def tags(self) -> list[str]:
        return [e.tag for e in self.entries]

    def lookup(self, names: Iterable[str]) -> tuple[str, str] | None:
        """The site tag for the first of ``names`` the vocabulary knows, with that name; else None."""
        for name in names:
            hit = self.index.get(tag_key(name))
            if hit is not None:
                return hit, name
        return None

    def is_pinned(self, tag: str) -> bool:
        """Whether the site pins ``tag`` (``pinned: true``): it is never demoted for landing on most posts."""
        return tag_key(tag) in self._pinned

    @functools.cached_property
    def _pinned(self) -> frozenset[str]:
        return frozenset(tag_key(n) for e in self.entries if e.pinned for n in (e.tag, *e.synonyms))

    def __len__(self) -> int:
        return len(self.entries)

    def to_yaml(self, comment: str | None = None) -> str:
        items: list[dict[str, Any]] = []
        for e in self.entries:
            item: dict[str, Any] = {"tag": e.tag}
            if e.count is not None:
                item["count"] = e.count
            if e.synonyms:
                item["synonyms"] = list(e.synonyms)
            if e.pinned:
                item["pinned"] = True
            items.append(item)
        head = "".join(f"# {line}\n" for line in (comment or "").splitlines())
        return head + yaml.safe_dump({"tags": items}, allow_unicode=True, sort_keys=False)


def _from_data(data: Any, where: str) -> Vocabulary:
    if isinstance(data, dict) and "tags" not in data:
        entries = []
        for tag, syns in data.items():
            if syns is not None and not (isinstance(syns, list) and all(isinstance(s, str) for s in syns)):
                raise VocabularyError(f"{where}: synonyms of {tag!r} must be a list of strings")
            entries.append(VocabularyEntry(tag=str(tag), synonyms=syns or []))
        return Vocabulary.from_entries(entries)
    if isinstance(data, list):
        data = {"tags": data}
    try:
        doc = VocabularyFile.model_validate(data)
    except ValidationError as exc:
        raise VocabularyError(f"{where}: not a tag vocabulary: {exc}") from exc
    return Vocabulary.from_entries(VocabularyEntry(tag=t) if isinstance(t, str) else t for t in doc.tags)


def load_vocabulary(path: Path | str) -> Vocabulary:
    """Read a vocabulary file (``.txt``, ``.yaml``/``.yml`` or ``.json``)."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{p}: cannot read: {exc}") from exc
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        try:
            data = json.loads(raw) if suffix == ".json" else yaml.safe_load(raw)
        except (ValueError, yaml.YAMLError) as exc:
            raise VocabularyError(f"{p}: invalid {suffix[1:].upper()}: {exc}") from exc
        return _from_data(data, str(p))
    entries = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        tag, *syns = (x.strip() for x in line.split("\t"))
        entries.append(VocabularyEntry(tag=tag, synonyms=[s for s in syns if s]))
    if not entries:
        raise VocabularyError(f"{p}: no tags in the file")
    return Vocabulary.from_entries(entries)


def harvest(tag_lists: Iterable[Sequence[str]], min_count: int = 1) -> Vocabulary:
    """A vocabulary from the tags of many documents (one list per document, as
    :meth:`jpnews_tags.documents.Document.tags_under` reads them): every tag with its document count, spellings
    that differ only by width, case or spacing merged under the most frequent one.

    >>> v = harvest([["AI", "クラウド"], ["ai", "ＡＩ"], ["AI"]], min_count=2)
    >>> [(e.tag, e.synonyms, e.count) for e in v.entries]
    [('AI', ['ai'], 3)]
    """
    counts: dict[str, dict[str, int]] = {}
    docs: dict[str, int] = {}
    for tags in tag_lists:
        seen: set[str] = set()
        for t in tags:
            t = clean_tag(t)
            k = tag_key(t)
            if not k:
                continue
            spell = counts.setdefault(k, {})
            spell[t] = spell.get(t, 0) + 1
            if k not in seen:
                seen.add(k)
                docs[k] = docs.get(k, 0) + 1
    entries = []
    for k, spellings in counts.items():
        if docs[k] < min_count:
            continue
        ranked = sorted(spellings.items(), key=lambda x: (-x[1], x[0]))
        entries.append(VocabularyEntry(tag=ranked[0][0], synonyms=[s for s, _ in ranked[1:]], count=docs[k]))
    entries.sort(key=lambda e: (-(e.count or 0), e.tag))
    return Vocabulary.from_entries(entries)
