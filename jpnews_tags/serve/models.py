"""The JSON bodies of the HTTP service: requests, and the responses that are not the library's own models.

``POST /analyze`` answers with the library's :class:`jpnews_tags.models.Analysis` itself (the JSON Schema of
``jpnews-tags schema``); ``/tags`` with :class:`TagsResponse` (a list of the library's :class:`Tag`), ``/enrich``
with :class:`EnrichResponse`. Every request model forbids unknown fields, so a typo is a 422, not a silent
default.

Example:
    >>> AnalyzeRequest(text="エヌビディアのGPU").title is None
    True
    >>> EnrichRequest(text="---\\ntags: []\\n---\\n本文", preset="zenn").policy
    'merge'
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..enrich.plan import Policy
from ..enrich.platforms import PRESETS
from ..models import Tag, Versions

PresetName = Literal["zenn", "qiita", "hugo", "jekyll", "astro"]
assert set(PRESETS) == set(get_args(PresetName))  # one list of presets


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="A post (its front matter, YAML/TOML/JSON, is recognized) or plain text.")
    title: str | None = Field(default=None, description="Overrides the front matter's title.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("empty text")
        return v


class AnalyzeRequest(_Text):
    """``POST /analyze``: the entities and tags of a text, as ``jpnews-tags analyze`` gives them for a file
    (offsets index the whole text, front matter included)."""


class TagsRequest(_Text):
    """``POST /tags``: suggested tags, optionally as a platform can write them."""

    preset: PresetName | None = Field(default=None, description="A platform's rules (docs/enrich.md).")


class LeftOutTag(BaseModel):
    """A suggestion the platform cannot take, and why."""

    tag: str
    reason: str


class TagsResponse(BaseModel):
    """The suggested tags, best first (the library's :class:`Tag`), and those a preset left out."""

    title: str | None
    tags: list[Tag]
    preset: PresetName | None = None
    left_out: list[LeftOutTag] = Field(default_factory=list)


class EnrichRequest(_Text):
    """``POST /enrich``: a post in; the edited post, its diff and what changed out (nothing is stored)."""

    preset: PresetName | None = None
    key: str | None = Field(default=None, description="The tags key (default: the preset's, else tags).")
    policy: Policy = "merge"
    max_new: int = Field(default=5, ge=0, le=50)
    entities_key: str | None = None
    add_front_matter: Literal["yaml", "toml", "json"] | None = Field(
        default=None, description="Give a text without front matter one in this format (default: leave it)."
    )


class EnrichResponse(BaseModel):
    """What enrichment did to the post (``status``: changed, unchanged or skipped), the post after it, the
    unified diff, and the notes a writer should read."""

    status: Literal["changed", "unchanged", "skipped"]
    text: str
    front_matter: str | None = Field(description="The front matter of ``text``, fences included (None: it has none).")
    diff: str
    key: str
    tags: list[str]
    added: list[str]
    notes: list[str] = Field(default_factory=list)
    left_out: list[LeftOutTag] = Field(default_factory=list)
    reason: str | None = None


class Health(BaseModel):
    """``GET /health``: the worker is up and its analyzer loaded."""

    status: Literal["ok"]
    worker: int = Field(description="The worker's process id (requests are spread over the workers).")
    versions: Versions


class Problem(BaseModel):
    """Every 4xx answer: one line saying what is wrong (and, for invalid fields, where)."""

    error: str
