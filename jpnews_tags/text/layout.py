"""Where things are in a text: the lead, Markdown and HTML headings, paragraphs, sections, and boilerplate.

Salience and tag scoring both ask the same questions of a position ("is it in the lead? in a heading? in which
section? is it part of the article at all?"), so the layout is computed once per text here, from the text alone.

- **Lead**: the first paragraph that is neither a heading nor boilerplate, extended to at least 15% of the text
  (a one-line first paragraph is not a lead on its own).
- **Headings**: Markdown ATX lines (``## 概要``) and HTML ``<h1>``-``<h6>`` elements.
- **Sections**: the text between headings when there are at least two, otherwise paragraphs grouped into at
  most eight runs of similar size; *spread* is the share of sections that mention something. A section that is
  all boilerplate (a ``## 関連記事`` list) is not counted.
- **Boilerplate** (:meth:`Layout.zone_of`): what a site wraps around an article, which names things the article
  is not about. Five kinds of zone:

  - ``related``: a section under a heading such as 関連記事, あわせて読みたい, 参考文献, 出典, Related articles
    (to the next heading of the same or a higher level), and any line that is only a Markdown link in a list
    (``- [他の記事のタイトル](/2025/09/07/...)``) or starts with 関連記事: or 【関連】;
  - ``credit``: source and photo credits (``出典：…``, ``（写真：ロイター）``, ``Source: …``) and the dateline of a
    wire story at the start of a paragraph (``（ＣＮＮ）``, ``【ワシントン共同】``, ``［東京　１２日　ロイター］``);
  - ``byline``: author lines (``文：山田太郎``, ``Written by …``, ``（山田太郎記者）``) and a writer introducing
    themself in the first paragraphs (``G-genの高宮です。``, ``こんにちは、クラウドエースの田中です。``);
  - ``share``: share and subscribe blocks (``この記事をシェア``, ``Twitter Facebook LINE はてブ``,
    ``ニュースレターを購読する``);
  - headings of those sections themselves (``## 関連記事``) are in their zone.

  Mentions in these zones are kept by the analyzer but flagged (``Entity.zone``); they never make a tag or raise
  salience. The patterns are shapes of lines, and each was read over the dev corpus; the words they hold (the
  headings, credit words, social networks, greetings, endings of a writer's team) are data,
  ``dictionaries/cues/layout.yaml``, given as :class:`LayoutWords` (the analyzer's: ``Analyzer.layout_words``).
  Without them no boilerplate is looked for.

Example:
    >>> lay = Layout.of("# 見出し\\n\\nAWSが発表した。\\n\\n## 詳細\\n\\n本文。")
    >>> lay.in_heading(2), lay.in_lead(8), lay.section_count, lay.section_of(22)
    (True, True, 2, 1)
    >>> text = "G-genの高宮です。BigQueryを解説します。\\n\\n## 関連記事\\n\\n- [Geminiの新機能](/2025/09/01/x/)\\n"
    >>> words = LayoutWords(headings=frozenset({"関連記事"}))
    >>> lay = Layout.of(text, is_common_word=lambda w: w != "高宮", words=words)
    >>> [(text[s:e], kind) for s, e, kind in lay.boilerplate]
    [('G-genの高宮です。', 'byline'), ('## 関連記事\\n\\n- [Geminiの新機能](/2025/09/01/x/)\\n', 'related')]
    >>> lay.zone_of(text.index("BigQuery")), lay.zone_of(text.index("Gemini"))
    (None, 'related')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

_PARAGRAPH = re.compile(r"\n[ \t\u3000]*\n")
_HEADING = re.compile(r"^#{1,6}[ \t].*$|<h[1-6][^>]*>(?s:.*?)</h[1-6]>", re.M | re.I)
#: Without headings, paragraphs are grouped into at most this many sections.
MAX_PARAGRAPH_SECTIONS = 8
LEAD_MIN_SHARE = 0.15
#: Self-introductions are looked for in this many first paragraphs (a greeting finds them anywhere).
BYLINE_PARAGRAPHS = 3

_HEADING_JOIN = re.compile(r"[・/／、,，&＆と]")
_HEADING_TRIM = "#*_ \t\u3000【】[]「」『』:："
MAX_BOILERPLATE_HEADING = 40

# Boilerplate lines, each pattern without its line start (they are joined into one pattern, :data:`_LINE`, that
# starts with a line break: searched for in C, not tried at every character).
# A line in bold or in 【】 alone, used as a heading (**関連記事**, 【関連記事】).
_PSEUDO_HEADING = r"(?:\*\*[^*\n]{1,30}\*\*|【[^】\n]{1,20}】|■[^\n]{1,20})[ \t]*[:：]?[ \t]*$"
_LIST_MARK = r"(?:[-*+・•▶▷→►»]|\d{1,2}[.)．])"
# A line that is only a Markdown link (in a list or alone), possibly with a short tail without a sentence end:
# the title of another article, a source.
_LINK_LINE = rf"(?:{_LIST_MARK}[ \t]*)?(?:【[^】\n]{{1,12}}】[ \t]*)?\[[^\]\n]+\]\([^)\n]*\)[^。\n]{{0,40}}$"
# A line that announces links to other articles.
_RELATED_LINE = (
    r"(?:【関連(?:記事|ニュース)?】|[▼▶■]関連|(?:関連(?:記事|ニュース|リンク)|(?:あわせて|併せて)読みたい|"
    r"Related|Read more)[ \t]*[:：])[^\n]*$"
)
# Credits: a line (or a bracketed note anywhere) naming the source of the text or of a picture, by one of the
# credit words (LayoutWords.credit_words): _CREDIT_LINE and _CREDIT_NOTE with {words}.
_CREDIT_LINE = r"[（(]?(?:{words})[ \t]*[:：][^\n]*$"
_CREDIT_NOTE = r"[（(](?:{words})[ \t]*[:：][^）)\n]{{1,80}}[）)]"
# The dateline of a wire story at the start of a paragraph: （ＣＮＮ）, (Bloomberg), 【ワシントン共同】, 【AFP=時事】,
# ［東京　１２日　ロイター］, 【ニューヨーク＝山田太郎】.
_DATELINE = (
    r"(?:[（(][A-Za-zＡ-Ｚａ-ｚ&＆.．\- ]{2,20}[）)]"
    r"|【[^】\n]{1,24}(?:[＝=][^】\n]{1,16}|共同|時事|ロイター|発|電)】"
    r"|［[^］\n]{2,30}］"
    r")(?=[ \t\u3000]*[-－—]?[ \t\u3000]*[^\s\-－—])"
)
# Bylines: a line naming the author.
_BYLINE_LINE = (
    r"(?:(?:文|文・写真|写真・文|取材・文|取材・執筆|取材|執筆|著者|筆者|記者|ライター|編集|構成|"
    r"Written by|Text by|Author|By)[ \t]*[:：/／|｜][^\n]{1,40}"
    r"|[（(](?:文|取材|執筆|記者|構成)[・=＝:：/／][^）)\n]{1,30}[）)]"
    r"|[（(][^）)\n]{1,20}記者[）)])[ \t]*$"
)
# Share and subscribe blocks: a short line of share verbs or of two or more social networks (LayoutWords.social),
# or inviting to follow or subscribe.
_SHARE_VERBS = (
    r"(?:この記事を)?(?:シェア|共有|ツイート|ポスト|いいね|ブックマーク)"
    r"(?:する|しよう|してください|お願いします)?[!！]?"
)
_SOCIAL_RUN = r"(?:(?:{words})[ \t|｜/・,、]*){{2,}}"
# ... or a short line without a sentence end that invites to follow or subscribe (LayoutWords.invitations).
MAX_INVITE_LINE = 70
_KIND = {"pseudo": "related", "link": "related", "related": "related", "credit": "credit", "dateline": "credit"}
# A writer introducing themself: (a greeting,) the company or team, の, a short name, です.
_SELF_INTRO = (
    r"(?P<org>[^\s。、！!？?\n「」]{1,30}?)の(?P<name>[^\s。、！!？?\n「」の]{1,10}?)(?:です|と申します)[。！!]"
)
_PARTICLES = re.compile(r"[はがをにでもへや]")
_KATAKANA_OR_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚァ-ヺー]")
_HEADING_LEVEL = re.compile(r"^(#{1,6})[ \t]|^<h([1-6])", re.I)
_HTML_TAGS = re.compile(r"<[^>]+>")


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression alternation of ``words``, longest first (はてなブックマーク before はてな)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class LayoutWords:
    """The words of the boilerplate patterns, data in ``dictionaries/cues/layout.yaml`` (its schema is
    :class:`jpnews_tags.lexicon.schema.LayoutCues`): headings over a section that is not the article
    (``headings``, compared case-folded), words that start a credit (``credit_words``: 出典, Photo by), social
    networks and share buttons of a share line (``social``), ``greetings`` before a self-introduction and the
    endings of a writer's company or team (``team_endings``: 編集部, チーム), and the words of a line that invites to
    follow or subscribe (``invitations``: をフォロー, Subscribe)."""

    headings: frozenset[str] = frozenset()
    credit_words: tuple[str, ...] = ()
    social: tuple[str, ...] = ()
    greetings: tuple[str, ...] = ()
    team_endings: tuple[str, ...] = ()
    invitations: tuple[str, ...] = ()

    @cached_property
    def line(self) -> re.Pattern[str]:
        """Every boilerplate line shape in one pattern: searched for in C, not tried at every character."""
        shapes = [
            f"(?P<pseudo>{_PSEUDO_HEADING})",
            f"(?P<link>{_LINK_LINE})",
            f"(?P<related>{_RELATED_LINE})",
        ]
        if self.credit_words:
            shapes.append(f"(?P<credit>{_CREDIT_LINE.format(words=_alternatives(self.credit_words))})")
        shapes += [f"(?P<dateline>{_DATELINE})", f"(?P<byline>{_BYLINE_LINE})"]
        share = _SHARE_VERBS
        if self.social:
            share += "|" + _SOCIAL_RUN.format(words=_alternatives(self.social))
        shapes.append(rf"(?P<share>(?:{_LIST_MARK}[ \t]*)?(?:{share})[ \t]*$)")
        return re.compile(r"\n[ \t\u3000]*(?:" + "|".join(shapes) + ")", re.M | re.I)

    @cached_property
    def credit_note(self) -> re.Pattern[str] | None:
        """A bracketed credit anywhere in a line: （写真：ロイター）."""
        if not self.credit_words:
            return None
        return re.compile(_CREDIT_NOTE.format(words=_alternatives(self.credit_words)), re.I)

    @cached_property
    def invitation(self) -> re.Pattern[str] | None:
        """Words inviting to follow or subscribe."""
        return re.compile(_alternatives(self.invitations), re.I) if self.invitations else None

    @cached_property
    def self_intro(self) -> re.Pattern[str]:
        """A self-introduction, after one of the greetings or not."""
        greeting = f"(?:(?:{_alternatives(self.greetings)})[、,！!。\\s]*)?" if self.greetings else ""
        return re.compile(greeting + _SELF_INTRO)

    def is_boilerplate_heading(self, heading: str) -> bool:
        """Whether a heading (Markdown, HTML, bold or in 【】) is over a section that is not the article: one of the
        ``headings``, or several joined with ・, と or a comma, possibly with 一覧, など or はこちら after it.

        >>> words = LayoutWords(headings=frozenset({"関連記事", "参考文献", "出典"}))
        >>> words.is_boilerplate_heading("## 関連記事"), words.is_boilerplate_heading("**参考文献・出典**")
        (True, True)
        >>> words.is_boilerplate_heading("## 概要"), words.is_boilerplate_heading("## 関連企業の動き")
        (False, False)
        """
        if "<" in heading:
            heading = _HTML_TAGS.sub("", heading)
        s = heading.strip(_HEADING_TRIM)
        if not s or len(s) > MAX_BOILERPLATE_HEADING:
            return False
        s = s.casefold()
        for suffix in ("一覧", "など", "はこちら"):
            s = s.removesuffix(suffix)
        parts = [p.strip(_HEADING_TRIM) for p in _HEADING_JOIN.split(s)]
        return all(p in self.headings for p in parts if p) and any(parts)


@dataclass(frozen=True)
class Layout:
    """The lead, headings, sections and boilerplate of one text (offsets index that text)."""

    length: int
    lead_end: int
    headings: tuple[tuple[int, int], ...]
    section_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...]
    boilerplate: tuple[tuple[int, int, str], ...] = ()
    content_paragraphs: int = 0

    @classmethod
    def of(
        cls, text: str, is_common_word: Callable[[str], bool] | None = None, words: LayoutWords | None = None
    ) -> Layout:
        """The layout of ``text``; its boilerplate zones with ``words`` (none without them); ``is_common_word`` (the
        tokenizer's) tells a writer's name from a word in a self-introduction (G-genの高宮です, not AIの時代です);
        without it only a greeting makes one."""
        headings = tuple(m.span() for m in _HEADING.finditer(text))
        para_starts = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
        zones = boilerplate_zones(text, words, headings, para_starts, is_common_word) if words is not None else ()
        z_starts = [s for s, _, _ in zones]

        def covered(start: int, end: int) -> bool:
            """Whether the non-blank text of ``start:end`` lies in one zone."""
            body = text[start:end]
            a = start + (len(body) - len(body.lstrip()))
            b = start + len(body.rstrip())
            i = bisect.bisect_right(z_starts, a) - 1
            return a >= b or (i >= 0 and zones[i][1] >= b)

        ends = [*para_starts[1:], len(text)]
        lead_end = len(text)
        for start, end in zip(para_starts, ends, strict=True):
            if not text[start:end].strip() or (zones and covered(start, end)):
                continue
            if not _is_heading_at(headings, start, end, text):
                lead_end = end
                break
        # paragraphs all in one zone are not content (only those starting in a zone can be)
        boiler = 0
        for zs, ze, _ in zones:
            i = bisect.bisect_left(para_starts, zs - 2)  # a zone starts after the blank line's spaces
            while i < len(para_starts) and para_starts[i] < ze:
                boiler += covered(para_starts[i], ends[i])
                i += 1
        content = len(para_starts) - boiler
        lead_end = max(lead_end, min(len(text), int(len(text) * LEAD_MIN_SHARE)))
        if len(headings) >= 2:
            sections = [0, *(hs for hs, _ in headings if hs > 0)]
        else:
            step = max(1, -(-len(para_starts) // MAX_PARAGRAPH_SECTIONS))
            sections = para_starts[::step]
        sections = sorted(set(sections))
        if zones:
            bounds = [*sections[1:], len(text)]
            kept = [s for s, e in zip(sections, bounds, strict=True) if not covered(s, e)]
            sections = kept or sections[:1]
        return cls(len(text), lead_end, headings, tuple(sections), tuple(para_starts), zones, max(1, content))

    def in_lead(self, pos: int) -> bool:
        return pos < self.lead_end

    def in_heading(self, pos: int) -> bool:
        i = bisect.bisect_right(self.headings, (pos, self.length + 1)) - 1
        return i >= 0 and self.headings[i][0] <= pos < self.headings[i][1]

    def zone_of(self, pos: int) -> str | None:
        """The kind of boilerplate zone ``pos`` lies in (``related``, ``credit``, ``byline``, ``share``), or None
        when it is part of the article."""
        zones = self.boilerplate
        if not zones:
            return None
        i = bisect.bisect_right(zones, (pos, self.length + 1, "")) - 1
        return zones[i][2] if i >= 0 and zones[i][0] <= pos < zones[i][1] else None

    def content_positions(self, positions: Iterable[int]) -> list[int]:
        """The ``positions`` that are part of the article (outside every boilerplate zone)."""
        if not self.boilerplate:
            return list(positions)
        return [p for p in positions if self.zone_of(p) is None]

    @property
    def section_count(self) -> int:
        return len(self.section_starts)

    def section_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.section_starts, pos) - 1)

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def spread(self, positions: Iterable[int]) -> float:
        """Share of sections with at least one of ``positions`` (1.0 for a text of one section)."""
        return self.sections_hit(sorted(positions)) / self.section_count

    def sections_hit(self, ordered: Sequence[int]) -> int:
        """How many sections hold at least one of the ``ordered`` (ascending) positions: one bisection per
        section hit, not one per position (a name can be mentioned a hundred times)."""
        return _bins_hit(self.section_starts, ordered)

    def paragraphs_hit(self, ordered: Sequence[int]) -> int:
        """How many paragraphs hold at least one of the ``ordered`` (ascending) positions."""
        return _bins_hit(self.paragraph_starts, ordered)

    def heading_count(self, ordered: Sequence[int]) -> int:
        """How many of the ``ordered`` (ascending) positions lie in a heading (headings never overlap)."""
        return sum(bisect.bisect_left(ordered, he) - bisect.bisect_left(ordered, hs) for hs, he in self.headings)

    def relative(self, pos: int) -> float:
        """Position as a share of the text length (0 = start)."""
        return min(1.0, pos / max(1, self.length))


def boilerplate_zones(
    text: str,
    words: LayoutWords,
    headings: Sequence[tuple[int, int]] | None = None,
    paragraph_starts: Sequence[int] | None = None,
    is_common_word: Callable[[str], bool] | None = None,
) -> tuple[tuple[int, int, str], ...]:
    """The boilerplate zones of ``text`` as sorted, non-overlapping ``(start, end, kind)``, found with ``words``
    (see the module docs; ``is_common_word`` as for :meth:`Layout.of`).

    >>> words = LayoutWords(credit_words=("出典",))
    >>> boilerplate_zones("（ＣＮＮ） 米国で新法が成立した。\\n出典：ホワイトハウス", words)
    ((0, 5, 'credit'), (18, 28, 'credit'))
    """
    if headings is None:
        headings = tuple(m.span() for m in _HEADING.finditer(text))
    if paragraph_starts is None:
        paragraph_starts = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
    found: list[tuple[int, int, str]] = []
    # Sections under a boilerplate heading, to the next heading of the same or a higher level.
    for i, (hs, he) in enumerate(headings):
        if not words.is_boilerplate_heading(text[hs:he]):
            continue
        level = _level(text[hs:he])
        end = len(text)
        for ns, ne in headings[i + 1 :]:
            if _level(text[ns:ne]) <= level:
                end = ns
                break
        found.append((hs, end, "related"))
    lined = "\n" + text  # every line, the first too, starts after a line break
    for m in words.line.finditer(lined):
        kind = m.lastgroup or ""
        a, b = m.span(kind)
        a, b = a - 1, b - 1
        if kind == "pseudo":
            if not words.is_boilerplate_heading(m.group(kind).strip().lstrip("■")):
                continue
            # the pseudo-heading and the block right after it (up to a blank line after some text)
            nxt = _PARAGRAPH.search(text, b + 1)
            b = nxt.start() if nxt else len(text)
        found.append((a, b, _KIND.get(kind, kind)))
    for m in words.credit_note.finditer(text) if words.credit_note is not None else ():
        found.append((m.start(), m.end(), "credit"))
    for m in words.invitation.finditer(text) if words.invitation is not None else ():
        # its line, looked for no further than a short line reaches (not to the text's ends at every match)
        lo = max(0, m.start() - MAX_INVITE_LINE - 1)
        a = text.rfind("\n", lo, m.start()) + 1
        b = text.find("\n", m.end(), m.end() + MAX_INVITE_LINE + 1)
        if (a == 0 and lo > 0) or (b < 0 and m.end() + MAX_INVITE_LINE + 1 < len(text)):
            continue  # a longer line
        b = len(text) if b < 0 else b
        line = text[a:b]
        if len(line.strip()) <= MAX_INVITE_LINE and "。" not in line:
            found.append((a + len(line) - len(line.lstrip()), a + len(line.rstrip()), "share"))
    found.extend(_self_introductions(text, words, paragraph_starts, is_common_word))
    if not found:
        return ()
    found.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, k in found:
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (ps, max(pe, e), pk)
        else:
            merged.append((s, e, k))
    return tuple(merged)


def _self_introductions(
    text: str, words: LayoutWords, paragraph_starts: Sequence[int], is_common_word: Callable[[str], bool] | None
) -> list[tuple[int, int, str]]:
    """A writer introducing themself at the start of a paragraph: the company or team, の, a short name that is not
    a common word, です (G-genの高宮です。, not AIの時代です。). In the first paragraphs when ``is_common_word`` is
    given, and anywhere after a greeting (こんにちは、…)."""
    starts: list[tuple[int, bool]] = []
    for start in paragraph_starts:  # the first paragraphs that are not headings
        if len(starts) >= BYLINE_PARAGRAPHS:
            break
        pos = _first_char(text, start)
        if pos < len(text) and text[pos] != "#":
            starts.append((pos, text.startswith(words.greetings, pos)))
    for greeting in words.greetings:  # and a greeting at the start of any paragraph
        i = text.find(greeting, 1)
        while i >= 0:
            before = text[max(0, i - 3) : i]
            if (before.strip(" \t\u3000") == "" and "\n" in before) or text[max(0, i - 1) : i] == "\n":
                starts.append((i, True))
            i = text.find(greeting, i + 1)
    out: list[tuple[int, int, str]] = []
    for pos, greeted in sorted(set(starts)):
        m = words.self_intro.match(text, pos)
        if m is None:
            continue
        org, name = m.group("org"), m.group("name")
        if _PARTICLES.search(name) or (_PARTICLES.search(org) and not greeted):
            continue
        if not (_KATAKANA_OR_LATIN.search(org) or org.endswith(words.team_endings)):
            continue
        if not greeted and (is_common_word is None or is_common_word(name)):
            continue
        out.append((pos, m.end(), "byline"))
    return out


def _first_char(text: str, start: int) -> int:
    """The first position from ``start`` that is not a space or a line break."""
    piece = text[start : start + 80]
    return start + len(piece) - len(piece.lstrip())


def _level(heading: str) -> int:
    m = _HEADING_LEVEL.match(heading)
    if m is None:
        return 7
    return len(m.group(1)) if m.group(1) else int(m.group(2))


def _bins_hit(starts: Sequence[int], ordered: Sequence[int]) -> int:
    """How many of the bins that begin at ``starts`` (ascending; the first also takes anything before it) hold
    at least one of the ``ordered`` positions."""
    hit = i = 0
    while i < len(ordered):
        b = max(0, bisect.bisect_right(starts, ordered[i]) - 1)
        hit += 1
        if b + 1 >= len(starts):
            break
        i = bisect.bisect_left(ordered, starts[b + 1], i)
    return hit


def _is_heading_at(headings: tuple[tuple[int, int], ...], start: int, end: int, text: str) -> bool:
    body = text[start:end]
    body = body.strip()
    return any(start <= hs < end and text[hs:he].strip() == body for hs, he in headings)
