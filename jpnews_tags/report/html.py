"""Render a :class:`jpnews_tags.report.build.Report` as one self-contained HTML page (inline CSS, no script, no
network resources), in Japanese (the default) or English (:mod:`jpnews_tags.report.i18n`).

Every piece of input text goes through :func:`html.escape`, cut to :data:`MAX_CELL_CHARS` characters where it fills
a cell or a tooltip, and every lone surrogate (JSON input may hold them) becomes U+FFFD, so the page is always
valid UTF-8. With the caps of :mod:`jpnews_tags.report.build` (rows, articles, excerpt length) and the ones here
(tags and reasons per article, entities listed), the page's size is bounded whatever the archive.

Example:
    >>> from jpnews_tags.report.build import build_report
    >>> page = render_html(build_report(['{"id": "<b>x</b>", "title": "<script>alert(1)</script>"}']))
    >>> "<script>" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page, '<html lang="ja">' in page
    (False, True, True)
    >>> "Top entities" in render_html(build_report(['{"id": "x"}']), lang="en")
    True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape

from ..lexicon.suggest import is_unknown_name
from ..models import Entity, Tag
from ..tagging.names import tag_key
from ..version import __version__
from .build import (
    EARLIER,
    MAX_ERRORS_LISTED,
    MAX_VERSIONS_LISTED,
    NAMED_LABELS,
    Article,
    Record,
    Report,
    body_window,
    highlight_segments,
)
from .i18n import Lang, Messages

#: The longest text of one table cell, tag or title (characters); longer ones end in "…".
MAX_CELL_CHARS = 120
#: The longest part of a tooltip (an entity's canonical name, kind or id; a tag reason).
MAX_TIP_CHARS = 60
MAX_REASON_CHARS = 160
#: Per article: at most this many suggested tags and front matter tags, reasons per tag, entities listed (when
#: the text is not available) and highlighted (the rest of the excerpt is plain text).
MAX_TAGS_SHOWN = 10
MAX_REASONS_SHOWN = 4
MAX_ENTITIES_LISTED = 50
MAX_MARKS = 60

_SURROGATE = re.compile("[\ud800-\udfff]")

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
mark.ent.unknown { outline: 2px dashed #b42318; outline-offset: -2px; }
mark.ent .lbl { font-size: 0.6em; font-weight: 700; text-transform: uppercase; margin-left: 0.4em;
  vertical-align: middle; }
ul.entlist { columns: 3 240px; margin: 8px 0; font-size: 0.9rem; }
.errors td.msg { color: #b42318; }
"""


def _label_css() -> str:
    return "\n".join(f".ent.{lab}, .lab.{lab} {{ background: {col}; }}" for lab, col in LABEL_COLORS.items())


def _cut(value: object, limit: int = MAX_CELL_CHARS) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _e(value: object, limit: int = MAX_CELL_CHARS) -> str:
    """Escaped and cut to ``limit`` characters (0: not cut)."""
    return escape(_cut(value, limit) if limit else str(value), quote=True)


def _bar(n: int, biggest: int) -> str:
    pct = 100.0 * n / biggest if biggest else 0.0
    return f'<td class="barcell"><span class="bar"><span style="width:{pct:.1f}%"></span></span><b>{n:,}</b></td>'


def _lab(label: str, t: Messages) -> str:
    return f'<span class="lab {_e(label)}" title="{_e(t.label(label))}">{_e(label)}</span>'


def _anchor(line: int) -> str:
    return f"doc-{line}"


def _forms(forms: Counter[str], n: int = 3) -> str:
    return "、".join(_e(f) for f, _ in forms.most_common(n))


def render_header(rep: Report, title: str, generated: datetime, t: Messages) -> str:
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
    items = "".join(f"<li{' class=warn' if w else ''}><b>{n:,}</b>{_e(t(k))}</li>" for k, n, w in stats)
    pairs = rep.versions.most_common(MAX_VERSIONS_LISTED)
    versions = "; ".join(
        t("version pair", lib=_e(lib, 40), dict=f"<code>{_e(d, 40)}</code>", n=t.count(n, "documents"))
        for (lib, d), n in pairs
    )
    if len(rep.versions) > len(pairs):
        versions += "; " + t("more versions", n=f"{len(rep.versions) - len(pairs):,}")
    nav = "".join(
        f'<a href="#{a}">{_e(t("nav " + a))}</a>'
        for a in ("entities", "tags", "timeline", "unknown", "articles", "errors")
    )
    when = generated.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f'<header id="summary"><h1>{_e(title)}</h1>'
        f'<div class="muted">{_e(t("generated", when=when, version=__version__))}</div>'
        f'<ul class="stats">{items}</ul>'
        f'<div class="muted">{t("analyzed with", versions=versions or _e(t("unknown versions")))}</div>'
        f"<nav>{nav}</nav></header>"
    )


def render_entities(rep: Report, t: Messages) -> str:
    out = [f'<section id="entities"><h2>{_e(t("entities heading"))}</h2>']
    labels = ", ".join(f"{lab} {t.label(lab)}" for lab in NAMED_LABELS)
    note = t("entities note", labels=labels, shown=len(rep.entities), total=f"{rep.distinct_entities:,}")
    out.append(f'<p class="note">{_e(note, 0)}</p>')
    if not rep.entities:
        return "".join([*out, f'<p class="muted">{_e(t("no entities"))}</p></section>'])
    biggest = rep.entities[0].docs
    cols = "".join(f"<th>{_e(t('col ' + c))}</th>" for c in ("entity", "label", "kind", "id"))
    out.append(
        f'<div class="scroll"><table><thead><tr><th class="num">#</th>{cols}<th>{_e(t("col documents"))}</th>'
        f'<th class="num">{_e(t("col mentions"))}</th><th>{_e(t("col written as"))}</th></tr></thead><tbody>'
    )
    for i, st in enumerate(rep.entities, 1):
        ident = (
            f"<code>{_e(st.id)}</code>"
            if st.id
            else f'<span class="muted">{_e(t("none id", source=t.source(st.source)))}</span>'
        )
        out.append(
            f'<tr><td class="num">{i}</td><td>{_e(st.name)}</td><td>{_lab(st.label, t)}</td>'
            f"<td>{_e(st.kind or '')}</td><td>{ident}</td>{_bar(st.docs, biggest)}"
            f'<td class="num">{st.mentions:,}</td><td>{_forms(st.forms)}</td></tr>'
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def render_tags(rep: Report, t: Messages) -> str:
    out = [f'<section id="tags"><h2>{_e(t("tags heading"))}</h2>']
    note = t("tags note", shown=len(rep.tags), total=f"{rep.distinct_tags:,}")
    out.append(f'<p class="note">{_e(note, 0)}</p>')
    if not rep.tags:
        return "".join([*out, f'<p class="muted">{_e(t("no tags"))}</p></section>'])
    biggest = rep.tags[0].docs
    cols = "".join(f"<th>{_e(t('col ' + c))}</th>" for c in ("tag", "source", "id", "documents"))
    out.append(
        f'<div class="scroll"><table><thead><tr><th class="num">#</th>{cols}<th class="num">{_e(t("col mean score"))}'
        f'</th><th class="num">{_e(t("col already tagged"))}</th></tr></thead><tbody>'
    )
    for i, tag in enumerate(rep.tags, 1):
        out.append(
            f'<tr><td class="num">{i}</td><td>{_e(tag.tag)}</td><td>{_e(t.source(tag.source))}</td>'
            f"<td><code>{_e(tag.id or '')}</code></td>{_bar(tag.docs, biggest)}"
            f'<td class="num">{tag.mean_score:.2f}</td><td class="num">{tag.in_existing:,}</td></tr>'
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _bucket_name(bucket: str, t: Messages) -> str:
    return t("earlier", year=bucket.removeprefix(EARLIER)) if bucket.startswith(EARLIER) else bucket


def _heat(n: int, total: int, tag: str, bucket: str, t: Messages) -> str:
    if not n:
        return '<td title="0"></td>'
    share = n / total if total else 0.0
    alpha = 0.12 + 0.88 * min(1.0, share / 0.5)  # half of a month's documents or more: full colour
    colour = "#fff" if alpha > 0.55 else "inherit"
    tip = t(
        "heat tip",
        tag=_cut(tag, MAX_TIP_CHARS),
        n=f"{n:,}",
        total=f"{total:,}",
        bucket=bucket,
        pct=f"{100 * share:.0f}",
    )
    return f'<td style="background:rgba(37,99,235,{alpha:.2f});color:{colour}" title="{_e(tip, 0)}">{n:,}</td>'


def render_timeline(rep: Report, t: Messages) -> str:
    tl = rep.timeline
    out = [f'<section id="timeline"><h2>{_e(t("timeline heading"))}</h2>']
    unit = t("year") if tl.buckets and not tl.buckets[-1][4:] else t("month")
    note = t("timeline note", unit=unit, n=len(tl.rows))
    if tl.undated:
        note += " " + t("undated", n=f"{tl.undated:,}")
    out.append(f'<p class="note">{_e(note, 0)}</p>')
    if not tl.buckets:
        return "".join([*out, f'<p class="muted">{_e(t("no dated documents"))}</p></section>'])
    names = [_bucket_name(b, t) for b in tl.buckets]
    head = "".join(f"<th>{_e(b)}</th>" for b in names)
    out.append(
        f'<div class="scroll"><table class="heat"><thead><tr><th>{_e(t("col tag"))}</th>{head}</tr></thead><tbody>'
    )
    totals = "".join(f"<td>{tl.totals.get(b, 0):,}</td>" for b in tl.buckets)
    out.append(f'<tr class="total"><td class="name">{_e(t("all documents"))}</td>{totals}</tr>')
    for tag, counts in tl.rows:
        cells = "".join(
            _heat(counts.get(b, 0), tl.totals.get(b, 0), tag.tag, name, t)
            for b, name in zip(tl.buckets, names, strict=True)
        )
        out.append(f'<tr><td class="name">{_e(tag.tag)}</td>{cells}</tr>')
    out.append("</tbody></table></div></section>")
    return "".join(out)


def render_candidates(rep: Report, shown: set[int], t: Messages) -> str:
    out = [f'<section id="unknown"><h2>{_e(t("unknown heading"))}</h2>']
    note = t("unknown note", shown=len(rep.candidates), total=f"{rep.distinct_candidates:,}")
    out.append(f'<p class="note">{note}</p>')  # the note holds markup of its own, and no input
    if not rep.candidates:
        return "".join([*out, f'<p class="muted">{_e(t("no unknown names"))}</p></section>'])
    biggest = rep.candidates[0].docs
    cols = "".join(f"<th>{_e(t('col ' + c))}</th>" for c in ("name", "label", "documents"))
    out.append(
        f'<div class="scroll"><table><thead><tr><th class="num">#</th>{cols}<th class="num">{_e(t("col mentions"))}'
        f"</th><th>{_e(t('col written as'))}</th><th>{_e(t('col example'))}</th></tr></thead><tbody>"
    )
    for i, c in enumerate(rep.candidates, 1):
        example = ""
        if isinstance(c.first, tuple) and len(c.first) == 3:
            line, name, title = c.first
            label = _e(title or name)
            example = f'<a href="#{_anchor(line)}">{label}</a>' if line in shown else label
        out.append(
            f'<tr><td class="num">{i}</td><td>{_e(c.name)}</td><td>{_lab(c.label, t)}</td>{_bar(c.docs, biggest)}'
            f'<td class="num">{c.mentions:,}</td><td>{_forms(c.forms)}</td><td>{example}</td></tr>'
        )
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _tag_chip(tag: Tag, known: bool, t: Messages) -> str:
    reasons = [f"- {_cut(t.reason(r), MAX_REASON_CHARS)}" for r in tag.reasons[:MAX_REASONS_SHOWN]]
    tip = "\n".join([t("score tip", score=f"{tag.score:.2f}", source=t.source(tag.source)), *reasons])
    cls = "tag known" if known else "tag"
    return f'<span class="{cls}" title="{_e(tip, 0)}">{_e(tag.tag)}<small>{tag.score:.2f}</small></span>'


def _mark(text: str, e: Entity, t: Messages) -> str:
    unknown = is_unknown_name(e)
    parts = (e.canonical, e.kind, e.id or (t("unknown name") if unknown else None))
    tip = " · ".join(_cut(x, MAX_TIP_CHARS) for x in parts if x)
    cls = f"ent {e.label}" + (" unknown" if unknown else "")
    return f'<mark class="{_e(cls)}" title="{_e(tip, 0)}">{_e(text, 0)}<span class="lbl">{_e(e.label)}</span></mark>'


def _entity_list(entities: Iterable[Entity], t: Messages) -> str:
    counts: Counter[tuple[str, str]] = Counter((e.label, e.canonical or e.text) for e in entities)
    items = "".join(
        f"<li>{_lab(lab, t)} {_e(name)} <span class=muted>×{n:,}</span></li>"
        for (lab, name), n in counts.most_common(MAX_ENTITIES_LISTED)
    )
    more = len(counts) - MAX_ENTITIES_LISTED
    if more > 0:
        items += f'<li class="muted">{_e(t("more", n=f"{more:,}"))}</li>'
    return f'<ul class="entlist">{items}</ul>' if items else f'<p class="muted">{_e(t("no entities found"))}</p>'


def _more(n: int, t: Messages) -> str:
    return f' <span class="muted">{_e(t("more", n=f"{n:,}"))}</span>' if n > 0 else ""


def render_article(a: Article, max_chars: int, open_: bool, t: Messages) -> str:
    r: Record = a.record
    existing = {tag_key(x) for x in r.existing_tags}
    tags = r.tags[:MAX_TAGS_SHOWN]
    chips = "".join(_tag_chip(x, tag_key(x.tag) in existing, t) for x in tags) or (
        f'<span class="muted">{_e(t("none"))}</span>'
    )
    chips += _more(len(r.tags) - len(tags), t)
    suggested = {tag_key(x.tag) for x in r.tags}
    only = [x for x in r.existing_tags if tag_key(x) not in suggested]
    editor = "".join(f'<span class="tag editor">{_e(x)}</span>' for x in only[:MAX_TAGS_SHOWN])
    editor += _more(len(only) - MAX_TAGS_SHOWN, t)
    meta = " · ".join(_e(x) for x in (r.date or t("no date"), r.path or r.id or "") if x)
    out = [
        f'<details class="article" id="{_anchor(r.line)}"{" open" if open_ else ""}>',
        f'<summary><h3>{_e(r.title or r.name)}</h3><span class="meta">{meta} · '
        f"{_e(t('entities count', n=f'{len(r.entities):,}'))}</span>",
        f'<span class="tags">{_e(t("suggested"))}{chips}</span>',
    ]
    if only:
        out.append(f'<span class="tags">{_e(t("front matter only"))}{editor}</span>')
    out.append("</summary>")
    if a.text is None:
        why = t("text not available", why=_cut(a.note or t("unknown reason")))
        out.append(f'<p class="note">{_e(why, 0)}</p>')
        out.append(_entity_list(r.entities, t))
    else:
        start, end, cut = body_window(a, max_chars)
        pieces: list[str] = []
        marks = 0
        for s, e in highlight_segments(a.text, r.entities, start, end):
            if e is not None and marks < MAX_MARKS:
                marks += 1
                pieces.append(_mark(s, e, t))
            else:
                pieces.append(_e(s, 0))
        body = "".join(pieces)
        out.append(f'<div class="body">{body}</div>')
        if cut:
            note = t("truncated", shown=f"{end - start:,}", total=f"{len(a.text) - start:,}")
            out.append(f'<p class="note">{_e(note, 0)}</p>')
    out.append("</details>")
    return "".join(out)


def render_articles(rep: Report, max_chars: int, t: Messages) -> str:
    out = [f'<section id="articles"><h2>{_e(t("articles heading"))}</h2>']
    note = t("articles note", n=f"{len(rep.articles):,}", total=f"{rep.articles_total:,}", chars=f"{max_chars:,}")
    out.append(f'<p class="note">{_e(note, 0)}</p>')
    legend = "".join(f"{_lab(lab, t)}<small>{_e(t.label(lab))}</small> " for lab in LABEL_COLORS)
    out.append(f'<div class="legend">{legend}</div>')
    out.extend(render_article(a, max_chars, i < 3, t) for i, a in enumerate(rep.articles))
    out.append("</section>")
    return "".join(out)


def render_errors(rep: Report, t: Messages) -> str:
    out = [f'<section id="errors"><h2>{_e(t("errors heading"))}</h2>']
    if not rep.errors and not rep.malformed:
        return "".join([*out, f'<p class="muted">{_e(t("no errors"))}</p></section>'])
    if rep.errors:
        more = rep.errors - len(rep.error_list)
        out.append(f'<p class="note">{_e(t("errors note", n=f"{rep.errors:,}"))}</p>')
        out.append(
            f'<table class="errors"><thead><tr><th>{_e(t("col document"))}</th><th>{_e(t("col message"))}</th></tr>'
            "</thead><tbody>"
        )
        out.extend(f'<tr><td>{_e(p)}</td><td class="msg">{_e(m)}</td></tr>' for p, m in rep.error_list)
        out.append("</tbody></table>")
        if more:
            out.append(f'<p class="note">{_e(t("and more", n=f"{more:,}"))}</p>')
    if rep.malformed:
        listed = rep.malformed[:MAX_ERRORS_LISTED]
        out.append(f'<p class="note">{_e(t("skipped note", n=f"{len(rep.malformed):,}"))}</p>')
        out.append(
            f'<table class="errors"><thead><tr><th>{_e(t("col line"))}</th><th>{_e(t("col problem"))}</th></tr>'
            "</thead><tbody>"
        )
        out.extend(f'<tr><td class="num">{n}</td><td class="msg">{_e(m)}</td></tr>' for n, m in listed)
        out.append("</tbody></table>")
        if len(rep.malformed) > len(listed):
            out.append(f'<p class="note">{_e(t("and more", n=f"{len(rep.malformed) - len(listed):,}"))}</p>')
    out.append("</section>")
    return "".join(out)


def render_html(
    rep: Report,
    title: str | None = None,
    generated: datetime | None = None,
    max_chars: int = 1000,
    lang: Lang = "ja",
) -> str:
    """The whole page in ``lang`` (``ja`` or ``en``); ``max_chars`` caps each article's excerpt (see
    :func:`jpnews_tags.report.build.body_window`); ``title`` defaults to the report's name in ``lang``."""
    t = Messages(lang)
    generated = generated or datetime.now(UTC)
    title = title or t("title")
    shown = {a.record.line for a in rep.articles}
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}{_label_css()}</style></head><body>",
        render_header(rep, title, generated, t),
        "<main>",
        render_entities(rep, t),
        render_tags(rep, t),
        render_timeline(rep, t),
        render_candidates(rep, shown, t),
        render_articles(rep, max_chars, t),
        render_errors(rep, t),
        "</main></body></html>\n",
    ]
    page = "\n".join(parts)
    return _SURROGATE.sub("\ufffd", page) if _SURROGATE.search(page) else page
