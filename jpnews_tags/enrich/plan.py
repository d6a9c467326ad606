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
from .platforms import LeftOut, Preset, get_preset, name_index, platform_tags

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
        key: the front matter key of the tags (``tags``, ``keywords``, ``categories``...); empty: the preset's
            key (Zenn's ``topics``), else ``tags``.
        policy: ``merge``, ``replace`` or ``if-empty`` (see the module docstring).
        max_new: consider the best this many suggestions (so at most this many new tags per file).
        min_score: ignore suggestions scoring below this.
        entities_key: also write the named entities as ``[{name, type, id}]`` under this key (None: don't).
        max_entities: at most this many entities, most salient first.
        add_front_matter: give files without front matter one in this format (``yaml``, ``toml``, ``json``);
            None skips them.
        limits: size and alias limits past which a header is refused.
        preset: a platform's rules (:mod:`jpnews_tags.enrich.platforms`: ``zenn``, ``qiita``, ``hugo``,
            ``jekyll``, ``astro``): its key, its limit on the number of tags, the formats it reads, the tags it
            can write.
    """

    key: str = ""
    policy: Policy = "merge"
    max_new: int = 5
    min_score: float = 0.0
    entities_key: str | None = None
    max_entities: int = 10
    add_front_matter: Literal["yaml", "toml", "json"] | None = None
    limits: Limits = field(default_factory=Limits)
    preset: Preset | str | None = None

    def __post_init__(self) -> None:
        preset = get_preset(self.preset)
        object.__setattr__(self, "preset", preset)
        if not self.key:
            object.__setattr__(self, "key", preset.key if preset else "tags")
        if preset and self.add_front_matter and self.add_front_matter not in preset.formats:
            formats = " or ".join(preset.formats)
            raise ValueError(f"{preset.title} reads {formats} front matter, not {self.add_front_matter}")
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
    #: Suggestions not added because the post would pass the platform's limit.
    held_back: list[str] = field(default_factory=list, repr=False)


def plan_tags(
    existing: Sequence[str],
    suggestions: Sequence[Tag | str],
    policy: Policy = "merge",
    max_new: int = 5,
    min_score: float = 0.0,
    limit: int | None = None,
) -> TagPlan:
    """Combine a file's tags with suggestions (best first) under a policy; ``limit``: the most tags the key may
    hold (a platform's rule): no tag is added past it, and existing tags are never removed for it.

    >>> plan_tags(["AI", "aws"], ["ＡＷＳ", "NVIDIA", "OpenAI"], max_new=2)
    TagPlan(tags=['AI', 'aws', 'NVIDIA'], added=['NVIDIA'], changed=True)
    >>> plan_tags(["AI"], ["NVIDIA"], policy="if-empty").changed, plan_tags([], ["NVIDIA"], policy="replace").tags
    (False, ['NVIDIA'])
    >>> p = plan_tags(["a", "b", "c", "d"], ["x", "y"], limit=5)
    >>> p.added, p.held_back
    (['x'], ['y'])
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
        held = best[limit:] if limit is not None else []
        best = best[: len(best) - len(held)]
        if not best or best == old:
            return TagPlan(old, [], False, held)
        have = {tag_key(t) for t in old}
        return TagPlan(best, [t for t in best if tag_key(t) not in have], True, held)
    have = {tag_key(t) for t in old}
    added = [t for t in best if tag_key(t) not in have]
    room = len(added) if limit is None else max(0, limit - len(old))
    added, held = added[:room], added[room:]
    return TagPlan([*old, *added], added, bool(added), held)


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
    #: Suggestions a preset's platform cannot take, with the reasons.
    left_out: list[LeftOut] = field(default_factory=list)

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
    non-standard YAML tag) or holds the key in a shape that cannot be edited, when the edit's check fails, or
    when a preset's platform does not read the header's format.
    """
    opts = options or EnrichOptions()
    preset = get_preset(opts.preset)
    doc = parse_document(text, opts.limits)
    if doc.error is not None:
        raise EnrichError(doc.error)
    header, meta = doc.header, doc.meta
    value = meta.get(opts.key)
    if header is None and opts.add_front_matter is None:
        return EnrichResult("skipped", text, text, reason="no front matter")
    if preset and header is not None and header.format not in preset.formats:
        raise EnrichError(f"{preset.title} reads {' or '.join(preset.formats)} front matter, not {header.format}")
    existing = existing_tags(value, opts.key)
    if opts.policy == "if-empty" and existing and opts.entities_key is None:
        return EnrichResult("unchanged", text, text, header.format if header else None, existing)
    try:
        analysis = analyzer.analyze(doc.body, title=doc.title)
    except ValueError as exc:  # e.g. a text over the analyzer's length limit
        raise EnrichError(f"cannot analyze: {exc}") from exc
    suggestions: Sequence[Tag] = analysis.tags
    left_out: list[LeftOut] = []
    notes: list[str] = []
    if preset is not None:
        mapped = platform_tags(analysis.tags, preset, name_index(analyzer))
        suggestions, left_out = mapped.tags, mapped.left_out
        notes += _preset_notes(preset, opts.key, meta, existing)
    limit = preset.max_tags if preset else None
    plan = plan_tags(existing, suggestions, opts.policy, opts.max_new, opts.min_score, limit)
    blanks = bool(preset and preset.drop_blank and isinstance(value, list) and len(value) != len(existing))
    edits: list[ListEdit | RecordsEdit] = []
    if plan.changed:
        append = opts.policy == "merge" and not blanks
        edits.append(ListEdit(opts.key, tuple(plan.added if append else plan.tags), append))
    records = entity_records(analysis, opts.max_entities) if opts.entities_key else None
    if opts.entities_key and records is not None and (records or opts.entities_key in meta):
        edits.append(RecordsEdit(opts.entities_key, tuple(records)))
    fmt = header.format if header else opts.add_front_matter
    if preset is not None:
        notes += _plan_notes(preset, opts, plan, suggestions, left_out, bool(existing) or plan.changed)
    if not edits:
        return EnrichResult("unchanged", text, text, fmt, existing, entities=records, notes=notes, left_out=left_out)
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
    return EnrichResult(
        status, text, outcome.text, fmt, tags, added, records, notes=[*outcome.notes, *notes], left_out=left_out
    )


def _preset_notes(preset: Preset, key: str, meta: dict[str, Any], existing: Sequence[str]) -> list[str]:
    """What a post holds that its platform will not take (left as it is: the writer decides)."""
    notes = [f"existing {preset.noun} {t!r}: {why} (left as it is)" for t in existing if (why := preset.problem(t))]
    if preset.name == "zenn" and key == "topics" and tag_values(meta.get("tags")):
        notes.append("Zenn reads topics, not tags (its validator says: tagsではなくtopicsを使ってください)")
    return notes


def _plan_notes(
    preset: Preset,
    opts: EnrichOptions,
    plan: TagPlan,
    suggestions: Sequence[Tag],
    left_out: Sequence[LeftOut],
    has_tags: bool,
) -> list[str]:
    """Why suggestions a writer might expect are not written: the platform's limit, or its alphabet."""
    notes = []
    if plan.held_back:
        notes.append(f"{preset.title} allows {preset.max_tags} {preset.key}; not added: {', '.join(plan.held_back)}")
    considered = [t for t in suggestions if t.score >= opts.min_score][: opts.max_new]
    floor = considered[-1].score if len(considered) >= opts.max_new else opts.min_score
    for x in left_out:
        if x.score >= floor:
            notes.append(f"left out {x.tag!r}: {x.reason}")
    if preset.drop_blank and not has_tags:
        notes.append(f"{preset.title} needs at least one {preset.noun}; none could be suggested")
    return notes
