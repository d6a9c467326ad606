"""Suggested tags from three sources, scored in [0, 1], explained, and mapped onto a site's vocabulary.

Sources:
    - **entity**: the companies, products, people, events and laws of the text, under the entry's first ``tags``
      name (else its canonical name), with a roll-up to parents (Trainium -> AWS) to a configurable depth;
    - **topic**: the taxonomy in ``dictionaries/topics.yaml``, triggered by terms matched as whole Sudachi token
      sequences (never substrings) and by entity ids and kinds;
    - **keyphrase**: compound nouns (:mod:`jpnews_tags.tagging.keyphrases`) weighed by how rare they are in a background
      corpus.

Every candidate gets the same evidence score from where and how often it occurs (:func:`evidence_score`):
frequency (0.45, half absolute, half relative to the text's most mentioned candidate), the title (0.30), spread
over sections (0.10), how early, the lead and headings (0.05 each); then a source weight: entity label weight x
confidence, topics 0.85, keyphrases 0.75 x (0.5 + 0.5 specificity), less for phrases over ten characters.
Selection is deterministic (score, then name): at most ``max_tags``, at least ``min_tags`` when candidates reach
``floor_score``, at most ``max_entity_tags`` entity tags and ``max_keyphrases`` keyphrases, and tags that differ
only by width, case or spacing merged.

Example:
    >>> from jpnews_tags import Analyzer
    >>> text = "エヌビディアがGPUの新製品を発表。エヌビディアは半導体大手。"
    >>> a = Analyzer().analyze(text, title="エヌビディアの新GPU")
    >>> [(t.tag, t.source) for t in a.tags][:2]
    [('NVIDIA', 'entity'), ('半導体', 'topic')]
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .._compat import moved_names
from ..lexicon.background import Background
from ..lexicon.index import TermIndex
from ..models import Entity, Tag, TagSource
from ..text.layout import Layout
from ..text.tokenization import Tokens
from .keyphrases import PhraseRules, extract_phrases, phrase_key
from .names import TAG_NAME_POLICIES, clean_tag, is_fragment, tag_key
from .site import DEFAULT_MAX_SHARE, ArchiveTags, demotion
from .vocabulary import Vocabulary

__getattr__ = moved_names(__name__, {"Candidate": "tagging.tagger:TagCandidate"})

#: Topics rank a little below the named entities an article is about; keyphrases below topics.
TOPIC_WEIGHT = 0.85
KEYPHRASE_WEIGHT = 0.75
ENTITY_LABEL_WEIGHT = {"ORG": 1.0, "PRODUCT": 1.0, "PERSON": 0.9, "EVENT": 0.85, "LAW": 0.85}
#: Keyphrases more common than this in the background (specificity below it) are never tags.
MIN_SPECIFICITY = 0.3
#: Keyphrases scored per text (the most frequent ones that pass the filters).
MAX_KEYPHRASE_CANDIDATES = 20


@dataclass
class TagOptions:
    """How many tags, how good, from which sources, and onto which vocabulary.

    Attributes:
        max_tags: at most this many tags.
        min_tags: fill up to this many with tags under ``min_score`` but at least ``floor_score``.
        min_score: the usual cut-off.
        floor_score: the lowest score ``min_tags`` may reach down to.
        max_entity_tags: at most this many entity tags (leaves room for topics); None for no limit.
        max_keyphrases: at most this many keyphrase tags (0 turns keyphrases off).
        rollup_depth: how many ``parent`` steps an entity tag is rolled up (0: none).
        rollup_factor: score factor per roll-up step.
        rollup_labels: labels whose entities roll up (products to their maker by default; a company's
            parent holding, Google -> Alphabet, is rarely what an editor wants).
        vocabulary: a site vocabulary; suggestions are renamed to the site's tag when they match one.
        allow_new: with a vocabulary, also suggest tags that are not in it.
        background: document frequencies for keyphrases (default: the shipped table).
        tag_names: which name an entity's tag uses: ``native`` (Japanese entities in Japanese, foreign ones in
            their Latin name), ``japanese``, ``latin``, or ``auto`` (the default: the script the site's own tags
            use for names when a vocabulary is given, else ``native``); see
            :meth:`jpnews_tags.tagging.names.TagNamer.in_script`.
        max_tag_share: with ``archive``, a tag on a larger share of the archive's posts is demoted (unless the
            vocabulary pins it); 1 turns that off. See :mod:`jpnews_tags.tagging.site`.
        archive: the tag frequencies of the archive the text belongs to (a first pass over it: ``tags``,
            ``enrich`` and ``batch`` over a folder compute them); None for a text on its own.
        families: a product version and its family (Llama 4 and Llama, Intel Gaudi 3 and Intel Gaudi): ``family``
            (the default) tags the family for all its versions, ``specific`` the version (the family's own mentions
            count for it), ``both`` each as found.
    """

    max_tags: int = 8
    min_tags: int = 3
    min_score: float = 0.3
    floor_score: float = 0.15
    max_entity_tags: int | None = 4
    max_keyphrases: int = 2
    rollup_depth: int = 1
    rollup_factor: float = 0.7
    rollup_labels: tuple[str, ...] = ("PRODUCT",)
    vocabulary: Vocabulary | None = None
    allow_new: bool = True
    background: Background | None = None
    families: str = "family"
    tag_names: str = "auto"
    max_tag_share: float = DEFAULT_MAX_SHARE
    archive: ArchiveTags | None = None

    def __post_init__(self) -> None:
        if self.families not in FAMILY_POLICIES:
            raise ValueError(f"families must be one of {', '.join(FAMILY_POLICIES)}, not {self.families!r}")
        if self.tag_names not in TAG_NAME_POLICIES:
            raise ValueError(f"tag_names must be one of {', '.join(TAG_NAME_POLICIES)}, not {self.tag_names!r}")
        if not self.max_tag_share > 0:
            raise ValueError(f"max_tag_share must be over 0 (1: no demotion), not {self.max_tag_share!r}")


#: How a product version and its family are tagged (TagOptions.families).
FAMILY_POLICIES = ("family", "specific", "both")


@dataclass(frozen=True)
class TopicSpec:
    id: str
    name: str
    entities: frozenset[str]
    kinds: frozenset[str]
    names: tuple[str, ...] = ()  # other names of the topic, for vocabulary lookup (English name, aliases)


@dataclass
class TagCandidate:
    """A tag before selection: its name, evidence, and the other names a site vocabulary may know it by."""

    tag: str
    score: float
    reasons: list[str]
    source: TagSource
    id: str | None = None
    names: tuple[str, ...] = ()
    ancestors: tuple[tuple[str, ...], ...] = ()  # names of parents, grandparents...: vocabulary fallbacks
    evidence: Evidence | None = None  # scored by score_candidates when set
    weight: float = 1.0
    rollup_of: TagCandidate | None = None  # a parent tag's score follows its child's

    def plain(self) -> TagCandidate:
        """A copy holding only what ranking reads once scored (:func:`rank_tags`): name, score, reasons, source,
        id and other names; small and picklable, and shared with nothing (ranking may change a score in place)."""
        return TagCandidate(self.tag, self.score, list(self.reasons), self.source, self.id, self.names)


@dataclass
class Evidence:
    """Where a candidate occurs: mention offsets (weighted count) and the title."""

    positions: list[int] = field(default_factory=list)
    count: float = 0.0
    in_title: bool = False


def frequency_scale(length: int) -> float:
    """Mentions that make a candidate 63% frequent: 2.5 in a news item, more in a long article (about 7 at
    15,000 characters), so that in a long text only what it keeps coming back to reaches a high score."""
    return 2.5 * float(max(1.0, length / 3000) ** 0.7)


def evidence_score(ev: Evidence, layout: Layout, max_count: float = 0.0) -> tuple[float, str]:
    """Score in [0, 1] from frequency, title, spread, position, lead and headings, and a readable summary.

    Frequency is half absolute (saturating at :func:`frequency_scale`) and half relative to ``max_count``, the
    count of the most mentioned candidate of the text (log scale), so a long article's main subjects stand
    out from things it names in passing.
    """
    if not ev.positions and not ev.in_title:
        return 0.0, "not found"
    top = max(max_count, ev.count)
    relative = math.log1p(ev.count) / math.log1p(top) if top > 0 else 0.0
    freq = 0.5 * (1 - math.exp(-ev.count / frequency_scale(layout.length))) + 0.5 * relative
    ordered = sorted(ev.positions)
    spread = layout.sections_hit(ordered) / layout.section_count
    first = ordered[0] if ordered else layout.length
    early = 1 - layout.relative(first)
    in_lead = bool(ordered) and layout.in_lead(first)  # the first mention is the earliest
    headings = layout.heading_count(ordered) if layout.headings else 0
    score = 0.45 * freq + 0.30 * ev.in_title + 0.10 * spread + 0.05 * early + 0.05 * in_lead + 0.05 * (headings > 0)
    where = [w for w, ok in (("the title", ev.in_title), ("the lead", in_lead)) if ok]
    if headings:
        where.append(f"{headings} heading(s)")
    n_sec = layout.section_count
    hit_sec = round(spread * n_sec)
    summary = (
        (f"in {', '.join(where)}; " if where else "")
        + f"{len(ev.positions)} mention(s)"
        + (f" in {hit_sec} of {n_sec} sections" if n_sec > 1 else "")
        + (f", first at {round(100 * layout.relative(first))}% of the text" if ev.positions else "")
    )
    return max(0.0, min(1.0, score)), summary


def _counts(texts: Sequence[str], top: int = 5) -> str:
    c: dict[str, int] = {}
    for t in texts:
        c[t] = c.get(t, 0) + 1
    return ", ".join(f"{t}×{n}" for t, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))[:top])


@dataclass
class EntityInfo:
    """What the tagger knows of dictionary entries: tag names, parents, and every name (for vocabularies)."""

    tag_names: Mapping[str, str]
    parents: Mapping[str, str | None]
    names: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)
    families: Mapping[str, str] = field(default_factory=dict)  # version id -> family id (names.version_families)

    def ancestors(self, eid: str | None, depth: int = 3) -> tuple[tuple[str, ...], ...]:
        out: list[tuple[str, ...]] = []
        pid = self.parents.get(eid or "")
        while pid and len(out) < depth:
            out.append((self.tag_names.get(pid, pid), *self.names.get(pid, ())))
            pid = self.parents.get(pid)
        return tuple(out)


#: A name no dictionary entry holds (discovery, the recognizer) needs this many characters to be a tag.
MIN_UNKNOWN_NAME = 3
_NAME_JOINS = " -._・"


def _short_forms_folded(groups: dict[str, list[Entity]]) -> dict[str, list[Entity]]:
    """Groups without a dictionary id whose name is the start or the end of a longer name of the same text (Hon and
    Hon Precision, Getty and Getty Images, Skills and Claude Skills) are that name: their mentions join it."""
    unknown = [k for k, ms in groups.items() if ms[0].id is None]
    if not unknown:
        return groups
    names = {k: ms[0].canonical or ms[0].text for k, ms in groups.items()}
    folded: dict[str, str] = {}
    for k in unknown:
        short = names[k]
        longer = [
            o
            for o, name in names.items()
            if o != k
            and len(name) > len(short) + 1
            and (
                (name.startswith(short) and name[len(short)] in _NAME_JOINS)
                or (name.endswith(short) and name[-len(short) - 1] in _NAME_JOINS)
            )
        ]
        if longer:
            folded[k] = max(longer, key=lambda o: (len(groups[o]), -groups[o][0].start))
    if not folded:
        return groups
    out = {k: list(ms) for k, ms in groups.items() if k not in folded}
    for k, target in folded.items():
        while target in folded:  # Hon -> Hon Precision -> ...
            target = folded[target]
        out[target] = sorted([*out[target], *groups[k]], key=lambda e: e.start)
    return out


def _apply_families(
    groups: dict[str, list[Entity]], families: Mapping[str, str], policy: str
) -> tuple[dict[str, list[Entity]], dict[str, str]]:
    """Groups under the family policy, and for each group the id its tag stands for (see ``TagOptions.families``):
    ``family`` puts the mentions of a version under its family (Llama 4 -> Llama); ``specific`` puts the family's
    own mentions under its most mentioned version in the text, when one is (Llama -> Llama 4)."""
    gids: dict[str, str] = {}
    if policy == "family":
        out: dict[str, list[Entity]] = {}
        for key, members in groups.items():
            root = families.get(members[0].id or "")
            if root is None:
                out.setdefault(key, []).extend(members)
                continue
            out.setdefault(root, []).extend(members)
            gids[root] = root
        for key in gids:
            out[key].sort(key=lambda e: e.start)
        return out, gids
    if policy == "specific":
        best: dict[str, str] = {}  # family id -> key of its most mentioned version
        for key, members in groups.items():
            root = families.get(members[0].id or "")
            if root is not None and root in groups:
                b = best.get(root)
                if b is None or (len(members), -members[0].start) > (len(groups[b]), -groups[b][0].start):
                    best[root] = key
        if best:
            groups = dict(groups)
            for root, key in best.items():
                groups[key] = sorted([*groups[key], *groups.pop(root)], key=lambda e: e.start)
    return groups, gids


def _one_common_latin_word(name: str, is_common_word: Callable[[str], bool]) -> bool:
    """Whether ``name`` is one Latin word (no space, hyphen or digit) that ``is_common_word`` knows."""
    return name.isascii() and name.isalpha() and is_common_word(name)


def entity_candidates(
    entities: Sequence[Entity],
    layout: Layout,
    title: str | None,
    title_ids: set[str],
    info: EntityInfo,
    options: TagOptions,
    is_common_word: Callable[[str], bool] | None = None,
) -> list[TagCandidate]:
    """Candidates for the named entities, grouped by id (or canonical name), plus their roll-ups. A name no
    dictionary holds needs :data:`MIN_UNKNOWN_NAME` characters, and is no tag when it is one Latin word that
    ``is_common_word`` (the tokenizer's) knows as a common word (Voice: a generic English word, as for keyphrases)."""
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        if e.label in ENTITY_LABEL_WEIGHT and e.canonical and e.zone is None:
            if e.id is None and len(e.canonical) < MIN_UNKNOWN_NAME:
                continue  # CX, SK: a name no dictionary holds needs more to be a tag
            if e.id is None and is_common_word is not None and _one_common_latin_word(e.canonical, is_common_word):
                continue
            groups.setdefault(e.id or f"~{e.label}:{e.canonical}", []).append(e)
    groups = _short_forms_folded(groups)
    families = info.families if options.families != "both" else {}
    gids: dict[str, str] = {}
    if families:
        groups, gids = _apply_families(groups, families, options.families)
    out: list[TagCandidate] = []
    seen_ids = {m.id for ms in groups.values() for m in ms if m.id} | set(gids)
    if options.families == "family" and families:
        title_ids = {families.get(t, t) for t in title_ids}
    for eid in sorted(title_ids - seen_ids):
        label = info.labels.get(eid)
        if label not in ENTITY_LABEL_WEIGHT:
            continue
        name = info.tag_names.get(eid, eid)
        reasons = [f"{label} {info.names.get(eid, (name,))[0]} ({info.kinds.get(eid)})", "named in the title only"]
        ev = Evidence([], 0.0, True)
        out.append(
            TagCandidate(
                name,
                0.0,
                reasons,
                "entity",
                eid,
                (name, *info.names.get(eid, ())),
                info.ancestors(eid),
                ev,
                ENTITY_LABEL_WEIGHT[label] * 0.9,
            )
        )
    for key, members in groups.items():
        e = members[0]
        gid = gids.get(key) or e.id
        if gid is not None and gid != e.id:  # a family standing for its versions
            label, kind, parent = info.labels.get(gid, e.label), info.kinds.get(gid), info.parents.get(gid)
            canonical: str = info.names.get(gid, (gid,))[0]
        else:
            label, kind, parent, canonical = e.label, e.kind, e.parent, e.canonical or e.text
        in_title = (
            any(m.id in title_ids for m in members) or gid in title_ids if gid else bool(title and canonical in title)
        )
        ev = Evidence([m.start for m in members], float(len(members)), in_title)
        weight = ENTITY_LABEL_WEIGHT.get(label, 1.0) * max(m.confidence for m in members)
        reasons = [f"{label} {canonical} ({kind})", f"written {_counts([m.text for m in members])}"]
        if gid in gids:
            versions = sorted({m.canonical or m.text for m in members if m.id != gid})
            reasons.append(f"the family of {', '.join(versions[:5])}")
        name = info.tag_names.get(gid or "", canonical)
        names = (name, canonical, *info.names.get(gid or "", ()), *(m.text for m in members))
        child = TagCandidate(name, 0.0, reasons, "entity", gid, names, info.ancestors(gid), ev, weight)
        out.append(child)
        if options.families == "specific" and gid is not None and gid in families:
            parent = info.parents.get(families[gid])  # roll up past its own family, to the maker
        elif options.families == "family" and parent is not None and parent in families:
            parent = families[parent]  # a name without an entry rolls up to the family of its parent version
        pid, depth, factor = parent, 0, 1.0
        while pid and depth < options.rollup_depth and label in options.rollup_labels:
            depth += 1
            factor *= options.rollup_factor
            pname = info.tag_names.get(pid)
            if pname:
                reason = f"parent of {canonical} ({len(members)} mention(s))"
                names = (pname, *info.names.get(pid, ()))
                out.append(
                    TagCandidate(pname, 0.0, [reason], "entity", pid, names, info.ancestors(pid), None, factor, child)
                )
            pid = info.parents.get(pid)
    return out


def topic_candidates(
    topics: Sequence[TopicSpec],
    terms: TermIndex[int],
    tokens: Tokens,
    entities: Sequence[Entity],
    layout: Layout,
    title: str | None,
    title_tokens: Tokens | None,
) -> list[TagCandidate]:
    """Candidates for topics whose terms (whole token sequences) or entities appear."""
    text = tokens.text
    hits: dict[int, list[tuple[int, str]]] = {}
    # A term inside a named entity (政府 in 米国政府) is already counted through that entity.
    starts = [e.start for e in entities]
    for start, end, payload in terms.spans(tokens, text):
        if layout.boilerplate and layout.zone_of(start) is not None:
            continue  # a related-article title, a credit: not what the text is about
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and entities[i].end >= end and entities[i].label in ENTITY_LABEL_WEIGHT:
            continue
        for t in payload:
            hits.setdefault(t, []).append((start, text[start:end]))
    title_hits: set[int] = set()
    if title and title_tokens is not None:
        for _s, _e, payload in terms.spans(title_tokens, title):
            title_hits.update(payload)
    by_id: dict[str, list[Entity]] = {}
    by_kind: dict[str, list[Entity]] = {}
    for e in entities:
        if e.zone is not None:
            continue
        if e.id:
            by_id.setdefault(e.id, []).append(e)
        if e.kind:
            by_kind.setdefault(e.kind, []).append(e)
    out: list[TagCandidate] = []
    for i, topic in enumerate(topics):
        term_hits = hits.get(i, [])
        ent_hits = [e for eid in topic.entities for e in by_id.get(eid, ())]
        ent_hits += [e for kind in topic.kinds for e in by_kind.get(kind, ()) if e.id not in topic.entities]
        if not term_hits and not ent_hits and i not in title_hits:
            continue
        ev = Evidence(
            sorted([s for s, _ in term_hits] + [e.start for e in ent_hits]),
            len(term_hits) + 0.5 * len(ent_hits),
            i in title_hits,
        )
        reasons = [f"topic {topic.name}"]
        if term_hits:
            reasons.append(f"terms {_counts([t for _, t in term_hits])}")
        if ent_hits:
            reasons.append(f"entities {', '.join(sorted({e.canonical or e.text for e in ent_hits})[:5])}")
        names = (topic.name, *topic.names)
        out.append(TagCandidate(topic.name, 0.0, reasons, "topic", topic.id, names, (), ev, TOPIC_WEIGHT))
    return out


def keyphrase_candidates(
    tokens: Tokens,
    entities: Sequence[Entity],
    layout: Layout,
    title_tokens: Tokens | None,
    background: Background,
    reserved: set[str],
    action_words: frozenset[str] = frozenset(),
    rules: PhraseRules | None = None,
) -> list[TagCandidate]:
    """Candidates for compound-noun keyphrases that are specific (rare in the background) and not already an
    entity or topic (``reserved`` holds the tag keys of those)."""
    # Entities do not overlap one another, so sorted by start their ends are sorted too.
    starts = [e.start for e in entities]
    ends = [e.end for e in entities]

    def overlaps(a: int, b: int) -> bool:
        j = bisect.bisect_right(ends, a)  # the first entity ending after a
        return j < len(starts) and starts[j] < b

    title_keys = (
        {p.key for p in extract_phrases(title_tokens, 1, action_words, rules)} if title_tokens is not None else set()
    )
    out: list[TagCandidate] = []
    kept = 0
    # Most frequent first: only the best few can be selected, so at most MAX_KEYPHRASE_CANDIDATES are scored.
    phrases = extract_phrases(tokens, min_count=2, action_words=action_words, rules=rules)
    for p in sorted(phrases, key=lambda p: (-len(p.starts), p.starts[0])):
        if kept >= MAX_KEYPHRASE_CANDIDATES:
            break
        spec = background.specificity(p.key)
        if spec < MIN_SPECIFICITY or tag_key(p.surface) in reserved or is_fragment(p.surface):
            continue
        spans = list(zip(p.starts, p.ends, strict=True))
        if layout.boilerplate:
            spans = [(s, e) for s, e in spans if layout.zone_of(s) is None]
            if len(spans) < 2:
                continue  # twice in the article itself, not in the links around it
        free = [s for s, e in spans if not overlaps(s, e)]
        if len(free) * 2 < len(spans):
            continue  # mostly part of a name or a number
        kept += 1
        in_title = p.key in title_keys
        df = background.df.get(p.key, 0)
        reasons = [
            f"phrase {p.surface}",
            f"specificity {spec:.2f} (in {df:,} of {background.docs:,} background documents)",
        ]
        weight = KEYPHRASE_WEIGHT * (0.5 + 0.5 * spec) * (1.0 if len(p.surface) <= 10 else 0.8)
        ev = Evidence(free, float(len(free)), in_title)
        out.append(TagCandidate(p.surface, 0.0, reasons, "keyphrase", None, (), (), ev, weight))
    return out


def score_candidates(cands: Sequence[TagCandidate], layout: Layout) -> None:
    """Set every candidate's score and first reason from its evidence (roll-ups follow their child)."""
    max_count = max((c.evidence.count for c in cands if c.evidence is not None and c.source != "keyphrase"), default=0)
    for c in cands:
        if c.evidence is not None:
            base, summary = evidence_score(c.evidence, layout, max_count)
            c.score = round(base * c.weight, 4)
            c.reasons[0] = f"{c.reasons[0]}: {summary}"
    for c in cands:
        if c.rollup_of is not None:
            c.score = round(c.rollup_of.score * c.weight, 4)


def apply_vocabulary(
    cands: Sequence[TagCandidate], vocabulary: Vocabulary | None, allow_new: bool
) -> list[TagCandidate]:
    """Rename candidates to the site tag they match; drop unmatched ones unless new tags are allowed."""
    if vocabulary is None:
        return list(cands)
    out = []
    for c in cands:
        hit = vocabulary.lookup((c.tag, *c.names))
        via_parent = None
        if hit is None:
            for names in c.ancestors:
                hit = vocabulary.lookup(names)
                if hit is not None:
                    via_parent = names[0]
                    break
        if hit is not None:
            site, via = hit
            note = f"site tag {site!r}" + (f" (matched as {via!r})" if tag_key(via) != tag_key(site) else "")
            if via_parent is not None:
                note += f" through the parent {via_parent}"
            out.append(TagCandidate(site, c.score, [*c.reasons, note], c.source, c.id, c.names))
        elif allow_new:
            out.append(
                TagCandidate(c.tag, c.score, [*c.reasons, "new tag (not in the site vocabulary)"], c.source, c.id)
            )
    return out


def demote_frequent(
    cands: Sequence[TagCandidate], archive: ArchiveTags, max_share: float, vocabulary: Vocabulary | None = None
) -> None:
    """Demote, in place, the candidates on more than ``max_share`` of the archive's posts
    (:func:`jpnews_tags.tagging.site.demotion`), unless ``vocabulary`` pins them."""
    for c in cands:
        share = archive.share(c.tag)
        if share <= max_share or (vocabulary is not None and vocabulary.is_pinned(c.tag)):
            continue
        factor = demotion(share, max_share)
        c.score = round(c.score * factor, 4)
        c.reasons.append(f"on {share:.0%} of the archive's posts (over {max_share:.0%}): score x{factor:.2f}")


def merge_and_rank(cands: Sequence[TagCandidate], options: TagOptions | None = None) -> list[Tag]:
    """Merge candidates that differ only by width/case/spacing, rank, and select (see the module docs)."""
    opts = options or TagOptions()
    merged: dict[str, TagCandidate] = {}
    for c in cands:
        name = clean_tag(c.tag)
        k = tag_key(name)
        if not k:
            continue
        prev = merged.get(k)
        if prev is None:
            merged[k] = TagCandidate(name, c.score, list(c.reasons), c.source, c.id, c.names)
            continue
        best, other = (c, prev) if c.score > prev.score else (prev, c)
        reasons = best.reasons + [r for r in other.reasons if r not in best.reasons]
        score = min(1.0, best.score + 0.1 * other.score)
        merged[k] = TagCandidate(clean_tag(best.tag), round(score, 4), reasons, best.source, best.id, best.names)
    ranked = sorted(merged.values(), key=lambda t: (-t.score, t.tag))
    picked: list[TagCandidate] = []
    per_source: dict[str, int] = {}
    limits: dict[str, int | None] = {"entity": opts.max_entity_tags, "keyphrase": opts.max_keyphrases}
    for c in ranked:
        if len(picked) >= opts.max_tags:
            break
        if c.score < opts.min_score and (len(picked) >= opts.min_tags or c.score < opts.floor_score):
            break
        limit = limits.get(c.source)
        if limit is not None and per_source.get(c.source, 0) >= limit:
            continue
        per_source[c.source] = per_source.get(c.source, 0) + 1
        picked.append(c)
    return [Tag(tag=c.tag, score=c.score, reasons=c.reasons, source=c.source, id=c.id) for c in picked]


@dataclass
class Tagger:
    """The tag step, built once per analyzer: topics, their term index, entry info and the background table."""

    topics: Sequence[TopicSpec]
    topic_terms: TermIndex[int]
    info: EntityInfo
    background: Background
    options: TagOptions
    reserved_keys: frozenset[str] = frozenset()
    action_words: frozenset[str] = frozenset()
    phrase_rules: PhraseRules | None = None

    def tag(
        self,
        tokens: Tokens,
        entities: Sequence[Entity],
        layout: Layout,
        title: str | None,
        title_tokens: Tokens | None,
        title_ids: set[str],
    ) -> list[Tag]:
        """The tags of a text: its :meth:`candidates`, ranked (:meth:`rank`)."""
        return self.rank(self.candidates(tokens, entities, layout, title, title_tokens, title_ids))

    def rank(self, cands: Sequence[TagCandidate]) -> list[Tag]:
        """:func:`rank_tags` under this tagger's options."""
        return rank_tags(cands, self.options)

    def candidates(
        self,
        tokens: Tokens,
        entities: Sequence[Entity],
        layout: Layout,
        title: str | None,
        title_tokens: Tokens | None,
        title_ids: set[str],
    ) -> list[TagCandidate]:
        """The scored candidates of a text under the vocabulary's names: every step before the archive's demotion,
        so the same candidates give the tags with or without an archive (:func:`rank_tags`)."""
        opts = self.options
        common = self.phrase_rules.is_common_word if self.phrase_rules is not None else None
        cands = entity_candidates(entities, layout, title, title_ids, self.info, opts, common)
        cands += topic_candidates(self.topics, self.topic_terms, tokens, entities, layout, title, title_tokens)
        if opts.max_keyphrases > 0:
            reserved = set(self.reserved_keys) | {tag_key(c.tag) for c in cands}
            bg = opts.background or self.background
            cands += keyphrase_candidates(
                tokens, entities, layout, title_tokens, bg, reserved, self.action_words, self.phrase_rules
            )
        score_candidates(cands, layout)
        return apply_vocabulary(cands, opts.vocabulary, opts.allow_new)


def rank_tags(cands: Sequence[TagCandidate], options: TagOptions) -> list[Tag]:
    """The tags of scored candidates (:meth:`Tagger.candidates`): those on most of ``options.archive``'s posts
    demoted (in place, see :func:`demote_frequent`), then merged, ranked and selected (:func:`merge_and_rank`)."""
    if options.archive is not None and options.max_tag_share < 1:
        demote_frequent(cands, options.archive, options.max_tag_share, options.vocabulary)
    return merge_and_rank(cands, options)


def phrase_keys(names: Sequence[str]) -> frozenset[str]:
    """Tag keys of names (topic terms, for instance) that keyphrases must not repeat."""
    return frozenset(k for n in names if (k := tag_key(n)) and phrase_key(n))
