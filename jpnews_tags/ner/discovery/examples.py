"""Lists of names given as examples of a kind: グーグル、リフトといった企業, Core MLやCreate MLといったフレームワーク.

A list of one to seven items (katakana names or Latin words, joined by 、, と or や, each maybe in bold) written
right before a link word (といった, などの, のような) and the kind: the items are things of that kind. Used by the
company rule (:func:`.organizations.examples_of_companies`) and the product rule
(:func:`.products.examples_of_products`), each with its links and kinds.

Example:
    >>> text = "Core MLやCreate MLといったフレームワークを使う。"
    >>> [[text[s:e] for s, e in items] for items in listed_examples(text, ("といった",), ("フレームワーク",))]
    [['Core ML', 'Create ML']]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .context import alternation, sentences_holding

# An item of a list of examples: a katakana name (・ inside it: グーグル・ディープマインド) or Latin words (xAI, EY).
_ITEM = r"(?:[ァ-ヺ][ァ-ヺー・]*[ァ-ヺー]|[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*)*)"
_ITEM_RE = re.compile(_ITEM)
_LIST_SEPARATOR = re.compile("[、とや]")
_BOLD = r"(?:\*\*)?"  # an item may be in bold: **Stellantis**、**Lucid**といった自動車メーカー


#: Not inside a longer name (三井住友|カード, 東京|エレクトロン, L'Or|éal), nor a thing someone owns
#: (DeepMindの|AlphaFold).
_NOT_AFTER = r"(?<![ ァ-ヺーA-Za-z0-9&・'’\u4e00-\u9fff々\u00c0-\u024fの])"
#: A list's first item, then one more after 、, と or や (each maybe in bold; how many more is the user's quantifier).
_LISTED = rf"{_BOLD}{_ITEM}{_BOLD}(?:(?:、|と|や){_BOLD}{_ITEM}{_BOLD})"


@lru_cache(maxsize=8)
def _list_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"{_NOT_AFTER}({_LISTED}{{1,6}})(?:{alternation(sorted(words, key=len, reverse=True))})")


@lru_cache(maxsize=8)
def _examples_pattern(links: tuple[str, ...], heads: tuple[str, ...]) -> re.Pattern[str]:
    # the head is the word itself (企業向けAIツール is about tools), after a few characters of kanji, katakana or
    # Latin (AI, 大手テック) or a kanji adjective (先進的な, 有望な), no particle (といったモデルが米国企業)
    return re.compile(
        rf"{_NOT_AFTER}({_LISTED}{{0,6}})(?:{alternation(links)})"
        rf"(?:[\u4e00-\u9fff]{{1,4}}的?な)?[^\s、。「」ぁ-ん]{{0,6}}?(?:{alternation(heads)})(?!向け)"
    )


def listed_examples(
    text: str, links: tuple[str, ...], heads: tuple[str, ...], not_after: tuple[str, ...] = ()
) -> Iterator[list[tuple[int, int]]]:
    """The ``(start, end)`` of the items of each list of examples in ``text``: a list, one of ``links`` and one of
    ``heads``; not when the head goes on with one of ``not_after`` (プラットフォーム企業: companies, not platforms)."""
    if not (links and heads):
        return
    pattern = _examples_pattern(links, heads)
    # a list of examples is one sentence's (no 。 or line break in it): only sentences with a link need looking at
    for s, e in sentences_holding(text, links):
        for m in pattern.finditer(text, s, e):
            if not_after and text.startswith(not_after, m.end()):
                continue
            yield _items(m.group(1), m.start(1))


def lists_before(text: str, words: tuple[str, ...]) -> Iterator[list[tuple[int, int]]]:
    """The ``(start, end)`` of the items of each list of two to seven names written right before one of ``words``
    (グーグル、アマゾン、セールスフォースで働いた), the list as :func:`listed_examples` reads one."""
    if not words:
        return
    pattern = _list_pattern(words)
    for s, e in sentences_holding(text, words):
        for m in pattern.finditer(text, s, e):
            items = _items(m.group(1), m.start(1))
            if len(items) >= 2:
                yield items


def _items(listed: str, at: int) -> list[tuple[int, int]]:
    """The spans of the items of ``listed`` (found at ``at``), none when one is no name (AI model: a generic word
    and a word)."""
    items: list[tuple[int, int]] = []
    for piece in _LIST_SEPARATOR.split(listed):
        lead = 2 if piece.startswith("**") else 0
        name = piece[lead:].removesuffix("**")
        if _ITEM_RE.fullmatch(name) is None:
            return []
        items.append((at + lead, at + lead + len(name)))
        at += len(piece) + 1
    return items
