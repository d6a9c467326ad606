"""Writing suggested tags into the front matter of posts (``jpnews-tags enrich``; docs/enrich.md)."""

from ..documents.document import SupportsAnalyze
from .plan import (
    POLICIES,
    EnrichError,
    EnrichOptions,
    EnrichResult,
    TagPlan,
    enrich_text,
    entity_records,
    existing_tags,
    plan_tags,
    unified_diff,
)
from .platforms import PRESETS, LeftOut, Preset, platform_tags

__all__ = [
    "POLICIES",
    "PRESETS",
    "EnrichError",
    "EnrichOptions",
    "EnrichResult",
    "LeftOut",
    "Preset",
    "SupportsAnalyze",
    "TagPlan",
    "enrich_text",
    "entity_records",
    "existing_tags",
    "plan_tags",
    "platform_tags",
    "unified_diff",
]
