"""Render a :class:`jpnews_tags.report.build.Report` as one self-contained HTML page (inline CSS, no script, no
network resources). Every piece of input text goes through :func:`html.escape`.

Example:
    >>> from jpnews_tags.report.build import build_report
    >>> page = render_html(build_report(['{"id": "<b>x</b>", "title": "<script>alert(1)</script>"}']))
    >>> "<script>" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    (False, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape

from ..models import Entity, Tag
from ..tagging.names import tag_key
from ..version import __version__
from .build import NAMED_LABELS, Article, EntityStat, Record, Report, body_window, highlight_segments

#: Label colours (displaCy's palette).
LABEL_COLORS = {
    "ORG": "#7aecec",
    "PRODUCT": "#bfeeb7",
    "PERSON": "#aa9cfc",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "EVENT": "#ffeb80",
    "LAW": "#ff8197",
    "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2",
    "PERCENT": "#e4e7d2",
    "DATE": "#bfe1d9",
}

_CSS = """
:root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #2563eb; --bg: #f8f9fb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.6;
  font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI",
    "Yu Gothic", Meiryo, system-ui, -apple-system, "Segoe UI", sans-serif; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.muted, .note { color: var(--muted); font-size: 0.85rem; }
.note { margin: 4px 0 12px; }
nav { margin: 12px 0; font-size: 0.9rem; }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
.stats { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 4px; padding: 0; list-style: none; }
.stats li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 130px; }
.stats b { display: block; font-size: 1.4rem; }
.stats li.warn b { color: #b42318; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-size: 0.85em; color: #475467; }
.scroll { overflow-x: auto; }
.barcell { width: 24%; min-width: 160px; }
td code { white-space: nowrap; }
.bar { display: inline-block; vertical-align: middle; height: 12px; width: calc(100% - 48px); background: #eef2f6;
  border-radius: 3px; }
.bar span { display: block; height: 100%; border-radius: 3px; background: var(--accent); }
.bar + b { display: inline-block; width: 44px; text-align: right; font-weight: normal;
  font-variant-numeric: tabular-nums; }
.lab { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 0.75rem; font-weight: 700;
  color: #1d2330; }
.heat td { text-align: center; min-width: 44px; font-variant-numeric: tabular-nums; }
.heat td.name { text-align: left; white-space: nowrap; }
.heat tr.total td { font-weight: 600; background: #f2f4f7; }
.legend { margin: 8px 0 16px; }
.legend .lab { margin-right: 6px; }
details.article { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 10px 0;
  padding: 8px 16px; }
details.article > summary { cursor: pointer; }
.article h3 { display: inline; font-size: 1.05rem; margin: 0; }
.meta, .tags { display: block; }
.meta { color: var(--muted); font-size: 0.85rem; margin: 2px 0 4px; }
.tag { display: inline-block; border: 1px solid #b2ccff; background: #eff4ff; color: #1d3fa8; border-radius: 12px;
  padding: 0 8px; margin: 2px 4px 2px 0; font-size: 0.8rem; }
.tag.known { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
.tag.editor { background: #fff; border-style: dashed; color: var(--muted); }
.tag small { opacity: 0.75; margin-left: 3px; }
.body { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.1; border-top: 1px solid var(--line);
  margin-top: 8px; padding-top: 8px; }
mark.ent { padding: 0.2em 0.35em; margin: 0 0.1em; border-radius: 0.35em; line-height: 1; color: inherit;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.ent.discovery { outline: 2px dashed #b42318; outline-offset: -2px; }
mark.ent .lbl { font-size: 0.6em; font-weight: 700; text-transform: uppercase; margin-left: 0.4em;
  vertical-align: middle; }
ul.entlist { columns: 3 240px; margin: 8px 0; font-size: 0.9rem; }
.errors td.msg { color: #b42318; }
"""


def _label_css() -> str:
    return "\n".join(f".ent.{lab}, .lab.{lab} {{ background: {col}; }}" for lab, col in LABEL_COLORS.items())


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _bar(n: int, biggest: int) -> str:
    pct = 100.0 * n / biggest if biggest else 0.0
    return f'<td class="barcell"><span class="bar"><span style="width:{pct:.1f}%"></span></span><b>{n}</b></td>'


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _lab(label: str) -> str:
    return f'<span class="lab {_e(label)}">{_e(label)}</span>'


def _anchor(line: int) -> str:
    return f"doc-{line}"


def _forms(st: EntityStat, n: int = 3) -> str:
    return "、".join(_e(f) for f, _ in st.forms.most_common(n))


def render_header(rep: Report, title: str, generated: datetime) -> str:
    stats = [
        ("documents", rep.documents, False),
        ("with errors", rep.errors, rep.errors > 0),
        ("entity mentions", rep.mentions, False),
        ("distinct named entities", rep.distinct_entities, False),
        ("tags suggested", rep.tag_assignments, False),
        ("distinct tags", rep.distinct_tags, False),
        ("unknown names", rep.distinct_candidates, False),
    ]
    if rep.malformed:
        stats.append(("malformed lines skipped", len(rep.malformed), True))
    items = "".join(f"<li{' class=warn' if w else ''}><b>{n:,}</b>{_e(k)}</li>" for k, n, w in stats)
    versions = "; ".join(
        f"library {_e(lib)}, dictionary <code>{_e(d)}</code> ({n:,} documents)"
        for (lib, d), n in rep.versions.most_common()
    )
    nav = "".join(
        f'<a href="#{a}">{t}</a>'
        for a, t in [
            ("entities", "Top entities"),
            ("tags", "Top tags"),
            ("timeline", "Tags over time"),
            ("unknown", "Unknown names"),
            ("articles", "Articles"),
            ("errors", "Errors"),
        ]
    )
    return (
        f'<header id="summary"><h1>{_e(title)}</h1>'
        f'<div class="muted">generated {_e(generated.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"))} '
        f"by jpnews-tags {_e(__version__)}</div>"
        f'<ul class="stats">{items}</ul>'
        f'<div class="muted">analyzed with: {versions or "unknown versions"}</div>'
        f"<nav>{nav}</nav></header>"
    )


def render_entities(rep: Report) -> str:
    out = ['<section id="entities"><h2>Top entities</h2>']
    out.append(
        f'<p class="note">Named entities ({", ".join(NAMED_LABELS)}) by the number of documents they appear in; '
        "one row per dictionary id (or per label and name for names the dictionary does not know).</p>"
    )
    if not rep.entities:
        return "".join([*out, '<p class="muted">No named entities.</p></section>'])
    biggest = rep.entities[0].docs
    out.append(
        '<div class="scroll"><table><thead><tr><th class="num">#</th><th>entity</th><th>label</th><th>kind</th>'
        '<th>id</th><th>documents</th><th class="num">mentions</th><th>written as</th></tr></thead><tbody>'
    )
    for i, st in enumerate(rep.entities, 1):
        ident = f"<code>{_e(st.id)}</code>" if st.id else f'<span class="muted">none ({_e(st.source)})</span>'
        out.append(
            f'<tr><td class="num">{i}</td><td>{_e(st.name)}</td><td>{_lab(st.label)}</td><td>{_e(st.kind or "")}</td>'
            f'<td>{ident}</td>{_bar(st.docs, biggest)}<td class="num">{st.mentions:,}</td><td>{_forms(st)}</td></tr>'
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def render_tags(rep: Report) -> str:
    out = ['<section id="tags"><h2>Top tags</h2>']
    out.append(
        '<p class="note">Suggested tags by the number of documents they were suggested for, with their mean score '
        "and how many of those documents already carry the tag in their front matter.</p>"
    )
    if not rep.tags:
        return "".join([*out, '<p class="muted">No tags.</p></section>'])
    biggest = rep.tags[0].docs
    out.append(
        '<div class="scroll"><table><thead><tr><th class="num">#</th><th>tag</th><th>source</th><th>id</th>'
        '<th>documents</th><th class="num">mean score</th><th class="num">already tagged</th></tr></thead><tbody>'
    )
    for i, t in enumerate(rep.tags, 1):
        out.append(
            f'<tr><td class="num">{i}</td><td>{_e(t.tag)}</td><td>{_e(t.source)}</td>'
            f"<td><code>{_e(t.id or '')}</code></td>{_bar(t.docs, biggest)}"
            f'<td class="num">{t.mean_score:.2f}</td><td class="num">{t.in_existing:,}</td></tr>'
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _heat(n: int, total: int, tag: str, bucket: str) -> str:
    if not n:
        return '<td title="0"></td>'
    share = n / total if total else 0.0
    alpha = 0.12 + 0.88 * min(1.0, share / 0.5)  # half of a month's documents or more: full colour
    colour = "#fff" if alpha > 0.55 else "inherit"
    tip = f"{tag}: {n} of {total} documents in {bucket} ({100 * share:.0f}%)"
    return f'<td style="background:rgba(37,99,235,{alpha:.2f});color:{colour}" title="{_e(tip)}">{n}</td>'


def _undated(n: int) -> str:
    return "" if not n else f" {_count(n, 'document')} {'has' if n == 1 else 'have'} no date."


def render_timeline(rep: Report) -> str:
    tl = rep.timeline
    out = ['<section id="timeline"><h2>Tags over time</h2>']
    unit = "year" if tl.buckets and len(tl.buckets[0]) == 4 else "month"
    out.append(
        f'<p class="note">Documents per {unit} (front matter date) for the top {len(tl.rows)} tags; the shade is '
        f"the share of that {unit}'s documents.{_undated(tl.undated)}"
        "</p>"
    )
    if not tl.buckets:
        return "".join([*out, '<p class="muted">No dated documents.</p></section>'])
    head = "".join(f"<th>{_e(b)}</th>" for b in tl.buckets)
    out.append(f'<div class="scroll"><table class="heat"><thead><tr><th>tag</th>{head}</tr></thead><tbody>')
    totals = "".join(f"<td>{tl.totals.get(b, 0):,}</td>" for b in tl.buckets)
    out.append(f'<tr class="total"><td class="name">all documents</td>{totals}</tr>')
    for tag, counts in tl.rows:
        cells = "".join(_heat(counts.get(b, 0), tl.totals.get(b, 0), tag.tag, b) for b in tl.buckets)
        out.append(f'<tr><td class="name">{_e(tag.tag)}</td>{cells}</tr>')
    out.append("</tbody></table></div></section>")
    return "".join(out)


def render_candidates(rep: Report, shown: set[int]) -> str:
    out = ['<section id="unknown"><h2>Unknown-name candidates</h2>']
    out.append(
        '<p class="note">Names the analyzer discovered that no dictionary entry covers (<code>id</code> null, '
        "source <code>discovery</code>), by the number of documents: candidates to add to the dictionary. "
        f"{_count(rep.distinct_candidates, 'distinct name')} in all.</p>"
    )
    if not rep.candidates:
        return "".join([*out, '<p class="muted">No unknown names.</p></section>'])
    biggest = rep.candidates[0].docs
    out.append(
        '<div class="scroll"><table><thead><tr><th class="num">#</th><th>name</th><th>label</th><th>documents</th>'
        '<th class="num">mentions</th><th>written as</th><th>example article</th></tr></thead><tbody>'
    )
    for i, c in enumerate(rep.candidates, 1):
        line, name, title = c.example
        label = _e(title or name)
        example = f'<a href="#{_anchor(line)}">{label}</a>' if line in shown else label
        out.append(
            f'<tr><td class="num">{i}</td><td>{_e(c.name)}</td><td>{_lab(c.label)}</td>{_bar(c.docs, biggest)}'
            f'<td class="num">{c.mentions:,}</td><td>{_forms(c)}</td><td>{example}</td></tr>'
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _tag_chip(t: Tag, known: bool) -> str:
    tip = "\n".join([f"score {t.score:.2f} ({t.source})", *(f"- {r}" for r in t.reasons)])
    cls = "tag known" if known else "tag"
    return f'<span class="{cls}" title="{_e(tip)}">{_e(t.tag)}<small>{t.score:.2f}</small></span>'


def _mark(text: str, e: Entity) -> str:
    tip = " · ".join(
        x for x in (e.canonical, e.kind, e.id or ("unknown name" if e.source == "discovery" else None)) if x
    )
    cls = f"ent {e.label}" + (" discovery" if e.source == "discovery" else "")
    return f'<mark class="{_e(cls)}" title="{_e(tip)}">{_e(text)}<span class="lbl">{_e(e.label)}</span></mark>'


def _entity_list(entities: Iterable[Entity]) -> str:
    counts: dict[tuple[str, str], int] = {}
    for e in entities:
        key = (e.label, e.canonical or e.text)
        counts[key] = counts.get(key, 0) + 1
    items = "".join(
        f"<li>{_lab(lab)} {_e(name)} <span class=muted>×{n}</span></li>" for (lab, name), n in counts.items()
    )
    return f'<ul class="entlist">{items}</ul>' if items else '<p class="muted">No entities.</p>'


def render_article(a: Article, max_chars: int, open_: bool) -> str:
    r: Record = a.record
    existing = {tag_key(t) for t in r.existing_tags}
    chips = "".join(_tag_chip(t, tag_key(t.tag) in existing) for t in r.tags) or '<span class="muted">none</span>'
    suggested = {tag_key(t.tag) for t in r.tags}
    editor = "".join(f'<span class="tag editor">{_e(t)}</span>' for t in r.existing_tags if tag_key(t) not in suggested)
    meta = " · ".join(_e(x) for x in (r.date or "no date", r.path or r.id or "") if x)
    out = [
        f'<details class="article" id="{_anchor(r.line)}"{" open" if open_ else ""}>',
        f'<summary><h3>{_e(r.title or r.name)}</h3><span class="meta">{meta} · {len(r.entities)} entities</span>',
        f'<span class="tags">suggested: {chips}</span>',
    ]
    if editor:
        out.append(f'<span class="tags">front matter only: {editor}</span>')
    out.append("</summary>")
    if a.text is None:
        out.append(
            f'<p class="note">Text not available ({_e(a.note or "unknown reason")}): showing the entities found.</p>'
        )
        out.append(_entity_list(r.entities))
    else:
        start, end, cut = body_window(a, max_chars)
        body = "".join(
            _mark(s, e) if e is not None else _e(s) for s, e in highlight_segments(a.text, r.entities, start, end)
        )
        out.append(f'<div class="body">{body}</div>')
        if cut:
            out.append(
                f'<p class="note">Truncated: showing the first {end - start:,} of {len(a.text) - start:,} '
                "characters.</p>"
            )
    out.append("</details>")
    return "".join(out)


def render_articles(rep: Report, max_chars: int) -> str:
    n = len(rep.articles)
    out = ['<section id="articles"><h2>Articles</h2>']
    out.append(
        f'<p class="note">The {n:,} newest of {_count(rep.articles_total, "analyzed document")}. '
        "Tags filled in are already in the front matter; hover a tag for its score and reasons, an entity for its "
        "canonical name and id. Names with a dashed outline are unknown to the dictionary.</p>"
    )
    legend = "".join(_lab(lab) for lab in LABEL_COLORS)
    out.append(f'<div class="legend">{legend}</div>')
    out.extend(render_article(a, max_chars, i < 3) for i, a in enumerate(rep.articles))
    out.append("</section>")
    return "".join(out)


def render_errors(rep: Report) -> str:
    out = ['<section id="errors"><h2>Errors</h2>']
    if not rep.errors and not rep.malformed:
        return "".join([*out, '<p class="muted">No errors.</p></section>'])
    if rep.errors:
        more = rep.errors - len(rep.error_list)
        out.append(f'<p class="note">{_count(rep.errors, "document")} could not be analyzed.</p>')
        out.append('<table class="errors"><thead><tr><th>document</th><th>message</th></tr></thead><tbody>')
        out.extend(f'<tr><td>{_e(p)}</td><td class="msg">{_e(m)}</td></tr>' for p, m in rep.error_list)
        out.append("</tbody></table>")
        if more:
            out.append(f'<p class="note">… and {more:,} more.</p>')
    if rep.malformed:
        out.append(f'<p class="note">{_count(len(rep.malformed), "input line")} skipped:</p>')
        out.append('<table class="errors"><thead><tr><th>line</th><th>problem</th></tr></thead><tbody>')
        out.extend(f'<tr><td class="num">{n}</td><td class="msg">{_e(m)}</td></tr>' for n, m in rep.malformed[:500])
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def render_html(
    rep: Report, title: str = "jpnews-tags report", generated: datetime | None = None, max_chars: int = 5000
) -> str:
    """The whole page; ``max_chars`` caps each article's highlighted body (0: no cap)."""
    generated = generated or datetime.now(UTC)
    shown = {a.record.line for a in rep.articles}
    parts = [
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}{_label_css()}</style></head><body>",
        render_header(rep, title, generated),
        "<main>",
        render_entities(rep),
        render_tags(rep),
        render_timeline(rep),
        render_candidates(rep, shown),
        render_articles(rep, max_chars),
        render_errors(rep),
        "</main></body></html>\n",
    ]
    return "\n".join(parts)
