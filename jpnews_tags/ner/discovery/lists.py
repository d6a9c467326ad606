"""Names listed with companies the dictionary knows: 日本製鉄、ニトリ、ドンキ.

A list holds two known companies or more (entities with an entry), one right after the other with 、 between them,
or with new names between them (A、X、B). The name found is an item right before the first known one, right after
the last (after 、, と or や), or between two: a whole katakana or Latin run (Latin words with spaces too), no
common word (Sudachi's), no generic word (``generic_quoted_words``, ``not_company_words``), not a piece of a longer
word, and no entity found there. Not a list given as examples of a kind of product (Microsoft Copilot、Meta AI
といった主要なAIアシスタント: products of companies; ``product_example_links`` and ``product_example_heads``).

The same for lists of known products (ChatGPT、Gemini、Grok) was tried and left out: on the corpus's entry
cross-validation it found 24 more held-out products and lost 14 companies, and on the posts 3 of its 8 new names
were no names (PDF in a list of file formats, エンタープライズデータ).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...lexicon.suggest import cuts_a_word
from ...models import Entity
from .context import LATIN_WORDS, NAME_RUN_CHAR, Context, TakenSpans, entity

_ITEM = rf"{LATIN_WORDS}|{NAME_RUN_CHAR}{{2,24}}"
#: A list item: a whole run, then a list mark or a particle.
_LIST_ITEM = re.compile(rf"({_ITEM})(?=[、とや…はがのをにもでへ。」）)\s]|など|$)")
#: A list item ending right before a 、 (searched in a window that ends at the 、).
_LIST_ITEM_BEFORE = re.compile(rf"(?:^|(?<=[、。「（(\s]))({_ITEM})$")
_WHOLE_ITEM = re.compile(_ITEM)
#: The marks between list items: 、 between any two, と or や before the last.
_LIST_MARKS = ("、", "と", "や")
#: How far the items between two known names may reach (characters).
_MAX_GAP = 52


def companies_listed(ctx: Context) -> list[Entity]:
    """Names listed with known companies (discovery: org-list-mates): 東大、SB、LINEヤフーの3者."""
    text = ctx.text
    known = sorted((e for e in ctx.entities if e.label == "ORG" and e.id is not None), key=lambda e: e.start)
    if len(known) < 2:
        return []
    taken = TakenSpans(ctx.entities)
    rules = ctx.rules
    generic = frozenset((*rules.generic_quoted_words, *rules.not_company_words))
    links, heads = tuple(rules.product_example_links), tuple(rules.product_example_heads)
    names: dict[tuple[int, int], str] = {}

    def keep(start: int, end: int) -> None:
        name = text[start:end]
        if (
            taken.overlap(start, end)
            or name in generic
            or not any(c.isalpha() for c in name)
            or cuts_a_word(text, start, end)
            or not ctx.may_be_name(start, end)
        ):
            return
        names[(start, end)] = name

    k = 0
    while k < len(known) - 1:
        # a list: known names joined by 、, with new names between them or none
        chain = [known[k]]
        between: list[tuple[int, int]] = []
        while k + 1 < len(known):
            a, b = chain[-1], known[k + 1]
            gap = text[a.end : b.start]
            if gap != "、":
                items = _items_between(gap, a.end)
                if items is None:
                    break
                between += items
            chain.append(b)
            k += 1
        k += 1
        if len(chain) < 2:
            continue
        first, last = chain[0], chain[-1]
        after = _LIST_ITEM.match(text, last.end + 1) if text[last.end : last.end + 1] in _LIST_MARKS else None
        if _examples_of(text, after.end() if after else last.end, links, heads):
            continue  # Microsoft Copilot、Meta AIといったAIアシスタント: the companies' products
        for s, e in between:
            keep(s, e)
        if after is not None:
            keep(*after.span(1))
        if first.start >= 3 and text[first.start - 1] == "、":
            m = _LIST_ITEM_BEFORE.search(text, max(0, first.start - _MAX_GAP), first.start - 1)
            if m is not None:
                keep(*m.span(1))
    return [entity(s, e, text, "ORG", "company", name, 0.5) for (s, e), name in sorted(names.items())]


def _examples_of(text: str, at: int, links: Sequence[str], heads: Sequence[str]) -> bool:
    """Whether the list ending at ``at`` is given as examples of a kind (といったツール, のような企業)."""
    link = next((w for w in links if text.startswith(w, at)), None)
    if link is None:
        return False
    rest = text[at + len(link) : at + len(link) + 12]
    return any(h in rest for h in heads)


def _items_between(gap: str, at: int) -> list[tuple[int, int]] | None:
    """The spans of the items of ``gap`` (``、X、Y、`` between two known names, starting at ``at``), or None when
    it is no such list of whole katakana or Latin runs."""
    if not (len(gap) <= _MAX_GAP and gap.startswith("、") and gap.endswith("、") and len(gap) > 2):
        return None
    out: list[tuple[int, int]] = []
    pos = at + 1
    for item in gap[1:-1].split("、"):
        if not _WHOLE_ITEM.fullmatch(item):
            return None
        out.append((pos, pos + len(item)))
        pos += len(item) + 1
    return out
