"""Write suggested tags into the front matter of Markdown posts (Jekyll, Hugo, Astro) without losing a byte.

Planning (which tags end up in the file) is :func:`plan_tags`; editing the header byte-exactly is
:mod:`jpnews_tags.frontmatter.edit`; reading, checking and atomically replacing files is
:mod:`jpnews_tags.enrich.files`. Policies for a key that already holds tags:

- ``merge`` (default): keep every existing tag, in its order and spelling; append the new ones. Tags are the
  same when their :func:`jpnews_tags.tagging.names.tag_key` is (width, case, spaces, middle dots, hyphens and
  underscores do not count: ``ＡＷＳ`` = ``aws``), the rule the tagger and site vocabularies use too.
- ``replace``: the key holds exactly the suggestions (untouched when there are none).
- ``if-empty``: write only when the key is missing, null or empty.

The best ``max_new`` suggestions scoring at least ``min_score`` are considered, and those not already present
are added, so a second run adds nothing: enrichment is idempotent.

Example:
    >>> from jpnews_tags import Analyzer
    >>> text = "---\\ntitle: AWSの発表\\ntags: [クラウド]\\n---\\nAWSはAIサービスを発表した。AWSの新サービス。\\n"
    >>> r = enrich_text(text, Analyzer(), EnrichOptions(max_new=2))
    >>> r.status, r.tags[0], len(r.added)
    ('changed', 'クラウド', 2)
    >>> r.text.splitlines()[2] == "tags: [" + ", ".join(r.tags) + "]"   # a flow list stays a flow list
    True
    >>> r.text.endswith("---\\nAWSはAIサービスを発表した。AWSの新サービス。\\n")
    True
    >>> enrich_text(r.text, Analyzer(), EnrichOptions(max_new=2)).status
    'unchanged'
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..documents.document import SupportsAnalyze, parse_document
from ..documents.fields import tag_values
from ..frontmatter.edit import FrontMatterError, ListEdit, RecordsEdit, edit_front_matter, new_front_matter
from ..models import Analysis, Tag
from ..safe_data import Limits
from ..tagging.names import clean_tag, tag_key

Policy = Literal["merge", "replace", "if-empty"]
Status = Literal["changed", "unchanged", "skipped", "failed"]
POLICIES: tuple[Policy, ...] = ("merge", "replace", "if-empty")
#: Entity labels written to the entities key (names, not numbers or dates).
NAMED_LABELS = ("ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW")


class EnrichError(ValueError):
    """A text whose front matter cannot be enriched safely (malformed, unsafe, or of an unsupported shape)."""


@dataclass(frozen=True)
class EnrichOptions:
    """What to write and how.

    Attributes:
        key: the front matter key of the tags (``tags``, ``keywords``, ``categories``...).
        policy: ``merge``, ``replace`` or ``if-empty`` (see the module docstring).
        max_new: consider the best this many suggestions (so at most this many new tags per file).
        min_score: ignore suggestions scoring below this.
        entities_key: also write the named entities as ``[{name, type, id}]`` under this key (None: don't).
        max_entities: at most this many entities, most salient first.
        add_front_matter: give files without front matter one in this format (``yaml``, ``toml``, ``json``);
            None skips them.
        limits: size and alias limits past which a header is refused.
    """

    key: str = "tags"
    policy: Policy = "merge"
    max_new: int = 5
    min_score: float = 0.0
    entities_key: str | None = None
    max_entities: int = 10
    add_front_matter: Literal["yaml", "toml", "json"] | None = None
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        if self.policy not in POLICIES:
            raise ValueError(f"policy must be one of {', '.join(POLICIES)}, not {self.policy!r}")
        if not self.key or self.key == self.entities_key:
            raise ValueError("the tags key must be non-empty and differ from the entities key")
        if self.max_new < 0 or self.max_entities < 0:
            raise ValueError("max_new and max_entities must be >= 0")


def _writable(name: str) -> bool:
    return bool(name) and not any(0xD800 <= ord(c) <= 0xDFFF or unicodedata.category(c) == "Cc" for c in name)


@dataclass(frozen=True)
class TagPlan:
    """The tags a file should hold, the ones that are new, and whether the key must be written."""

    tags: list[str]
    added: list[str]
    changed: bool


def plan_tags(
    existing: Sequence[str],
    suggestions: Sequence[Tag | str],
    policy: Policy = "merge",
    max_new: int = 5,
    min_score: float = 0.0,
) -> TagPlan:
    """Combine a file's tags with suggestions (best first) under a policy.

    >>> plan_tags(["AI", "aws"], ["ＡＷＳ", "NVIDIA", "OpenAI"], max_new=2)
    TagPlan(tags=['AI', 'aws', 'NVIDIA'], added=['NVIDIA'], changed=True)
    >>> plan_tags(["AI"], ["NVIDIA"], policy="if-empty").changed, plan_tags([], ["NVIDIA"], policy="replace").tags
    (False, ['NVIDIA'])
    """
    best: list[str] = []
    seen: set[str] = set()
    for s in suggestions:
        if isinstance(s, Tag) and s.score < min_score:
            continue
        name = clean_tag(s.tag if isinstance(s, Tag) else s)
        k = tag_key(name)
        if not _writable(name) or not k or k in seen:
            continue
        seen.add(k)
        best.append(name)
        if len(best) >= max_new:
            break
    old = list(existing)
    if policy == "if-empty" and old:
        return TagPlan(old, [], False)
    if policy == "replace":
        if not best or best == old:
            return TagPlan(old, [], False)
        have = {tag_key(t) for t in old}
        return TagPlan(best, [t for t in best if tag_key(t) not in have], True)
    have = {tag_key(t) for t in old}
    added = [t for t in best if tag_key(t) not in have]
    return TagPlan([*old, *added], added, bool(added))


def existing_tags(value: Any, key: str = "tags") -> list[str]:
    """The tags a front matter value holds (:func:`jpnews_tags.documents.fields.tag_values`, the rule every
    reader uses), or :class:`EnrichError` for a value enrichment cannot edit (a number, a mapping).

    >>> existing_tags(["AI", 2025]), existing_tags("ai cloud"), existing_tags(None)
    (['AI', '2025'], ['ai', 'cloud'], [])
    """
    tags = tag_values(value)
    if tags is None:
        raise EnrichError(f"{key!r} holds a {type(value).__name__}, not a list or a string")
    return tags


def entity_records(analysis: Analysis, max_entities: int = 10) -> list[dict[str, str | None]]:
    """The named entities of an analysis as ``{name, type, id}``, most salient first."""
    out: list[dict[str, str | None]] = []
    for g in analysis.groups:
        if g.label in NAMED_LABELS and len(out) < max_entities:
            out.append({"name": g.canonical, "type": g.label, "id": g.id})
    return out


@dataclass
class EnrichResult:
    """What enrichment did (or would do) to one text."""

    status: Status
    original: str
    text: str
    format: str | None = None
    tags: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    entities: list[dict[str, str | None]] | None = None
    reason: str | None = None
    notes: list[str] = field(default_factory=list)

    def diff(self, name: str = "post.md") -> str:
        """A unified diff of the change (empty when unchanged)."""
        return unified_diff(self.original, self.text, name)


def unified_diff(old: str, new: str, name: str) -> str:
    """``diff -u`` of two texts, with ``\\ No newline at end of file`` where it applies."""
    if old == new:
        return ""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), name, name, n=2)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def enrich_text(text: str, analyzer: SupportsAnalyze, options: EnrichOptions | None = None) -> EnrichResult:
    """Suggest tags for a post's text and write them into its front matter (the text, not a file).

    Raises :class:`EnrichError` when the front matter is malformed, unsafe (too large, too many aliases, a
    non-standard YAML tag) or holds the key in a shape that cannot be edited, or when the edit's check fails.
    """
    opts = options or EnrichOptions()
    doc = parse_document(text, opts.limits)
    if doc.error is not None:
        raise EnrichError(doc.error)
    header, meta = doc.header, doc.meta
    value = meta.get(opts.key)
    if header is None and opts.add_front_matter is None:
        return EnrichResult("skipped", text, text, reason="no front matter")
    existing = existing_tags(value, opts.key)
    if opts.policy == "if-empty" and existing and opts.entities_key is None:
        return EnrichResult("unchanged", text, text, header.format if header else None, existing)
    try:
        analysis = analyzer.analyze(doc.body, title=doc.title)
    except ValueError as exc:  # e.g. a text over the analyzer's length limit
        raise EnrichError(f"cannot analyze: {exc}") from exc
    plan = plan_tags(existing, analysis.tags, opts.policy, opts.max_new, opts.min_score)
    edits: list[ListEdit | RecordsEdit] = []
    if plan.changed:
        edits.append(
            ListEdit(opts.key, tuple(plan.added if opts.policy == "merge" else plan.tags), opts.policy == "merge")
        )
    records = entity_records(analysis, opts.max_entities) if opts.entities_key else None
    if opts.entities_key and records is not None and (records or opts.entities_key in meta):
        edits.append(RecordsEdit(opts.entities_key, tuple(records)))
    fmt = header.format if header else opts.add_front_matter
    if not edits:
        return EnrichResult("unchanged", text, text, fmt, existing, entities=records)
    try:
        if header is None:
            assert opts.add_front_matter is not None
            outcome = new_front_matter(text, opts.add_front_matter, edits)
        else:
            outcome = edit_front_matter(text, edits, opts.limits, (header, meta))
    except FrontMatterError as exc:
        raise EnrichError(str(exc)) from exc
    status: Status = "changed" if outcome.text != text else "unchanged"
    tags = plan.tags if plan.changed else existing
    added = plan.added if status == "changed" else []
    return EnrichResult(status, text, outcome.text, fmt, tags, added, records, notes=outcome.notes)
