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

__all__ = [
    "POLICIES",
    "EnrichError",
    "EnrichOptions",
    "EnrichResult",
    "SupportsAnalyze",
    "TagPlan",
    "enrich_text",
    "entity_records",
    "existing_tags",
    "plan_tags",
    "unified_diff",
]
