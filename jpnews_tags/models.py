"""The output contract: pydantic models for entities, tags and the analysis of one text.

These shapes are what the CLI prints and what other tools read; see ``docs/output.md``. Their JSON
Schema is published with ``jpnews-tags schema``.

Example:
    >>> e = Entity(start=0, end=3, text="AWS", label="ORG", kind="company", canonical="Amazon Web Services",
    ...            id="amazon-web-services", confidence=0.95, source="gazetteer")
    >>> e.model_dump(exclude_none=True)["canonical"]
    'Amazon Web Services'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._compat import moved_names

__getattr__ = moved_names(__name__, {"Source": "models:EntitySource"})

EntityLabel = Literal["ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW", "MONEY", "QUANTITY", "PERCENT", "DATE"]
EntitySource = Literal["gazetteer", "rule", "discovery", "model"]
TagSource = Literal["entity", "topic", "keyphrase"]


class Value(BaseModel):
    """The normalized value of a number or date.

    - MONEY: ``number`` (amount in units of ``unit``) and ``unit`` (ISO 4217 code, e.g. ``USD``).
    - QUANTITY: ``number`` and ``unit`` (e.g. ``GW``, ``GB``, ``token``).
    - PERCENT: ``number`` in percent (8割 -> 80.0), ``unit`` ``%``.
    - DATE: ``iso``: ``2026``, ``2025-11``, ``2025-11-29``, ``--10-01`` (no year), ``2025-Q3``,
      ``2025-07/2025-09`` (a range of months, 2025年7〜9月期, ``kind`` ``months``),
      ``---12`` (a bare day of the month in news, 12日発表, ``kind`` ``day``: the full date when the article's
      date is given to the analyzer),
      ``FY2024``, ``2020s``, or an ISO 8601 duration (``P7Y``, ``PT24H``) with ``kind`` ``duration``; a
      graduating class (``27卒``) is ``2027`` with ``kind`` ``graduation_year``.
    ``qualifier`` keeps words left out of the span (約, 超, 以上, 最大, 規模...); ``range_from`` /
    ``range_to`` keep the other end of a range (``100〜200億円``: span ``200億円``, ``range_from`` 1e10).
    """

    model_config = ConfigDict(extra="forbid")

    number: float | None = None
    unit: str | None = None
    iso: str | None = None
    kind: str | None = None
    qualifier: str | None = None
    range_from: float | None = None
    range_to: float | None = None


class Entity(BaseModel):
    """One mention in the text. ``text == original[start:end]`` always holds."""

    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0, description="Start offset (Python str index) in the original text.")
    end: int = Field(ge=0, description="End offset (exclusive).")
    text: str
    label: EntityLabel
    kind: str | None = Field(default=None, description="Fine type: company, government, ai_model, chip...")
    canonical: str | None = Field(default=None, description="Canonical name for named entities.")
    id: str | None = Field(default=None, description="Stable dictionary id, or null.")
    confidence: float = Field(ge=0.0, le=1.0)
    source: EntitySource
    value: Value | None = None
    parent: str | None = Field(default=None, description="Id of the parent entity (Trainium -> AWS).")
    zone: str | None = Field(
        default=None,
        description="The boilerplate zone the mention lies in (related, credit, byline, share), or null in the "
        "article's content: such mentions never make a tag or raise salience.",
    )

    @property
    def is_government(self) -> bool:
        return self.kind == "government"


class Mention(BaseModel):
    """One place an entity is mentioned."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    text: str


class EntityGroup(BaseModel):
    """All mentions of one entity (same dictionary id, or same label and name), with its salience."""

    model_config = ConfigDict(extra="forbid")

    id: str | None
    canonical: str
    label: EntityLabel
    kind: str | None = None
    salience: float = Field(ge=0.0, le=1.0, description="How central the entity is to the text.")
    count: int
    mentions: list[Mention]


class Tag(BaseModel):
    """A suggested tag with a score in [0, 1] and the reasons it was suggested."""

    model_config = ConfigDict(extra="forbid")

    tag: str
    score: float = Field(ge=0.0, le=1.0)
    reasons: list[str]
    source: TagSource = Field(description="entity, topic or keyphrase.")
    id: str | None = Field(default=None, description="Entity id or topic id behind the tag (null for keyphrases).")


class Versions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    library: str
    dictionary: str
    model: str | None = Field(default=None, description="Checksum prefix of the recognizer's model, if one ran.")


class Analysis(BaseModel):
    """The analysis of one text: entities in text order, tags best first."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    entities: list[Entity]
    groups: list[EntityGroup] = Field(
        default_factory=list, description="Named entities grouped by identity, most salient first."
    )
    tags: list[Tag]
    warnings: list[str] = Field(default_factory=list)
    versions: Versions
