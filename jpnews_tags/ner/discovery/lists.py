"""Names listed with companies the dictionary knows (日本製鉄、ニトリ、ドンキ), or with a company's word after them.

A list holds two known companies or more (entities with an entry), one right after the other with 、 between them,
or with new names between them (A、X、B). The name found is an item right before the first known one, right after
the last (after 、, と or や), or between two: a whole katakana or Latin run (Latin words with spaces too), no
common word (Sudachi's), no generic word (``generic_quoted_words``, ``not_company_words``), not a piece of a longer
word, and no entity found there. Not a list given as examples of a kind of product (Microsoft Copilot、Meta AI
といった主要なAIアシスタント: products of companies; ``product_example_links`` and ``product_example_heads``).

A list of names right before one of ``company_words_after`` that begins with a particle shares the word
(グーグル、アマゾン、セールスフォースで働いた, XとYが共同で, A、B、Cの株価): 社, 傘下 or CEO right after a list is a
word of its last item only (CLIP STUDIO PAINTやAdobe社のPhotoshop). Each item is a company when

- one item is a name for sure: a known company, a Latin word Sudachi does not know as a common one, or a word it
  knows as a proper noun (グーグル); without one, roles and things are listed so too (データサイエンティストと
  ウェットラボの研究者);
- no item is a person or a place found before (but a katakana place Sudachi alone reads, アマゾン the river:
  ``places.overrulable``), a person by the first of their names (ミランダ・カーとOpenAIが共同で), or one common word
  (デザイナー、Jony Iveが設立した: a role before a name);

and the item is not found before (アマゾン is left to the votes of its mentions), not a generic word nor one ending in
a generic word (オープンプラットフォームとNVIDIAとの協業), and not a piece of a longer word.

The same for lists of known products (ChatGPT、Gemini、Grok) was tried and left out: on the corpus's entry
cross-validation it found 24 more held-out products and lost 14 companies, and on the posts 3 of its 8 new names
were no names (PDF in a list of file formats, エンタープライズデータ).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ...lexicon.suggest import cuts_a_word
from ...models import Entity
from ...text.tokenization import PERSON_NAME, PROPER_NOUN, TokenRow
from .context import LATIN_WORDS, NAME_RUN_CHAR, Context, TakenSpans, entity
from .examples import lists_before
from .places import overrulable

_ITEM = rf"{LATIN_WORDS}|{NAME_RUN_CHAR}{{2,24}}"
#: A list item: a whole run, then a list mark or a particle.
_LIST_ITEM = re.compile(rf"({_ITEM})(?=[、とや…はがのをにもでへ。」）)\s]|など|$)")
#: A list item ending right before a 、 (searched in a window that ends at the 、).
_LIST_ITEM_BEFORE = re.compile(rf"(?:^|(?<=[、。「（(\s]))({_ITEM})$")
_WHOLE_ITEM = re.compile(_ITEM)
#: The particles a company's word shared by a list begins with.
_SHARED_AFTER = frozenset("のがとでにを")
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


def companies_sharing_a_word(ctx: Context) -> list[Entity]:
    """Names listed right before a company's word (discovery: org-lists-with-company-words): グーグル、アマゾン、
    セールスフォースで働いたエンジニア."""
    text, rules, person, tokens = ctx.text, ctx.rules, ctx.person, ctx.tokens
    generic = frozenset((*rules.not_company_words, *rules.generic_quoted_words, *person.titles))
    endings = tuple(rules.generic_name_endings)
    found = sorted(ctx.entities, key=lambda e: e.start)
    starts = [e.start for e in found]
    longest = max((e.end - e.start for e in found), default=0)
    proper, person_pos = tokens.pos_ids(PROPER_NOUN), tokens.pos_ids(PERSON_NAME)
    rows = tokens.rows

    def over(s: int, e: int) -> list[Entity]:
        """The entities found before over ``text[s:e]``."""
        return [x for x in found[bisect.bisect_left(starts, s - longest) : bisect.bisect_left(starts, e)] if x.end > s]

    def words_of(s: int, e: int) -> list[TokenRow]:
        return rows[bisect.bisect_left(rows, (s,)) : bisect.bisect_left(rows, (e,))]

    def sure(s: int, e: int, known: list[Entity]) -> bool:
        """A name for sure: a known company, a Latin word Sudachi does not know as a common word, or a proper noun to
        it (a katakana word it does not know may be a role or a thing: ウェットラボ)."""
        name = text[s:e]
        if known or name.isascii():
            return bool(known) or not ctx.common(name)
        return any(r[3] in proper for r in words_of(s, e))

    def no_company(s: int, e: int, known: list[Entity]) -> bool:
        """A person or a place found before (not a katakana place Sudachi alone reads: アマゾン, the river), a person
        by their given name (ミランダ・カー), or one common word (デザイナー; not capitals: AMP)."""
        name = text[s:e]
        if any(x.label != "ORG" and not overrulable(x) for x in known):
            return True
        words = words_of(s, e)
        if "・" in name and (name.split("・")[0] in person.given_names or words[0][3] in person_pos):
            return True
        capitals = name.isascii() and name[:2].isupper()
        return len(words) == 1 and not capitals and ctx.common(name)

    # the words a list shares: after a particle (で働, の株価, が共同, と提携), not a suffix of its last item (Adobe社,
    # X傘下, XのCEO after the list: CLIP STUDIO PAINTやAdobe社のPhotoshop) nor という (Bという会社 is B)
    words = tuple(w for w in rules.company_words_after if w[0] in _SHARED_AFTER and not w.startswith("という"))
    out: list[Entity] = []
    for items in lists_before(text, words):
        known = [over(s, e) for s, e in items]
        listed = list(zip(items, known, strict=True))
        if any(no_company(s, e, xs) for (s, e), xs in listed) or not any(sure(s, e, xs) for (s, e), xs in listed):
            continue  # a person, a place or a role in the list (デザイナー、Jony Iveが設立した), or no name for sure
        for (s, e), xs in listed:
            name = text[s:e]
            if not (xs or name in generic or name.endswith(endings) or cuts_a_word(text, s, e)):
                out.append(entity(s, e, text, "ORG", "company", name, 0.5))
    return out


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
