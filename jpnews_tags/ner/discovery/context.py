"""What every discovery rule receives (:class:`Context`), what a rule is (:class:`DiscoveryRule`), and the helpers
the rules share: making an entity, and matching a chain of Latin words in linear time.

Example:
    >>> text = "Acme Abc Labs Inc. and Foo Bar"
    >>> pattern = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Za-z0-9&.\\-]*(?: [A-Z][A-Za-z0-9&.\\-]*)* Inc\\.")
    >>> [m.group(0) for m in chained_finditer(pattern, text, [(13, 18)], WORD, CAPITAL)]
    ['Acme Abc Labs Inc.']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from ...lexicon.schema import HeadCues, NameCues, PersonCues, RuleCues
from ...lexicon.suggest import cuts_a_word
from ...models import Entity, EntityLabel
from ...text.scripts import KATAKANA, NAME_CHARS
from ...text.tokenization import Tokens

#: Katakana only (with ・): a name of katakana words.
_KATAKANA_WORDS = re.compile(rf"[{KATAKANA}・]+")


@dataclass(frozen=True)
class Context:
    """One text as the discovery rules see it.

    ``entities`` are the dictionary's and the rule layer's entities for rules of the first pass; rules of the
    second pass (:attr:`DiscoveryRule.second_pass`) see those and the first pass's finds together, by start.
    ``is_common`` tells words the tokenizer knows as common nouns (ハブ, データセンター), which are never names;
    ``heads`` are the heads of longer names and the event words (``dictionaries/cues/heads.yaml``).
    """

    text: str
    tokens: Tokens
    entities: Sequence[Entity]
    person: PersonCues
    rules: RuleCues
    names: NameCues
    is_common: Callable[[str], bool] | None = None
    heads: HeadCues = field(default_factory=HeadCues)
    #: Tells words Sudachi does not know at all (ノーザンハピネッツ): new words are often names.
    is_new_word: Callable[[str], bool] | None = None

    def common(self, word: str) -> bool:
        """``is_common(word)``, False when there is no such test."""
        return self.is_common is not None and self.is_common(word)

    def may_be_name(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]``, written where a name is, may be one: not a common word, or a Latin word in
        capitals (ARYA: Sudachi knows some as common words), or katakana of two words or more (サカナ|テック,
        ミライ|ノート: a coined name, though each word is a common one); a kanji compound of common words
        (日本|法人), one katakana word (ベテラン, チーム) or a piece of a longer name is none."""
        name = self.text[start:end]
        if cuts_a_word(self.text, start, end):
            return False  # AlpacaTech of SBI AlpacaTech
        if not self.common(name) or (name.isascii() and name[:2].isupper()):
            return True
        if not _KATAKANA_WORDS.fullmatch(name):
            return False
        rows = self.tokens.rows
        return bisect.bisect_left(rows, (end,)) - bisect.bisect_left(rows, (start,)) >= 2


#: A discovery rule: the new entities it finds in one text.
Rule = Callable[[Context], list[Entity]]


@dataclass(frozen=True)
class DiscoveryRule:
    """A named rule in the ordered list :data:`jpnews_tags.ner.discovery.RULES`."""

    name: str
    find: Rule
    #: Runs after every first-pass rule and sees their finds (a surname after the full name found by a rule).
    second_pass: bool = False


def entity(
    start: int,
    end: int,
    text: str,
    label: EntityLabel,
    kind: str,
    canonical: str,
    conf: float,
    *,
    id: str | None = None,
    parent: str | None = None,
    source: Literal["rule", "discovery"] = "discovery",
) -> Entity:
    """A found entity of ``text[start:end]``."""
    return Entity(
        start=start,
        end=end,
        text=text[start:end],
        label=label,
        kind=kind,
        canonical=canonical,
        id=id,
        confidence=conf,
        source=source,
        value=None,
        parent=parent,
    )


@lru_cache(maxsize=8)
def _company_words(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"({alternation(before)})(の)?$"),
        re.compile(rf"^((という(特定の)?|のような|といった|などの)({alternation(after)})|社)"),
    )


def quoted_as_company(text: str, start: int, end: int, names: NameCues) -> bool:
    """Whether the name at ``start:end`` is in 「」 with a word that makes it a company next to it: before it
    (米スタートアップの「Poke」, 新会社「TDK SensEI」: ``quoted_org_before``) or after it (「Poke」という企業,
    「Bluesheets」のような企業: ``quoted_org_after``)."""
    if not (start > 0 and text[start - 1] == "「" and text.startswith("」", end)):
        return False
    before, after = _company_words(tuple(names.quoted_org_before), tuple(names.quoted_org_after))
    return (
        before.search(text[max(0, start - 14) : start - 1]) is not None
        or after.match(text[end + 1 : end + 12]) is not None
    )


#: The labels of places.
PLACE_LABELS = frozenset({"GPE", "LOC"})


class TakenSpans:
    """The character spans of ``entities``, asked whether a span overlaps one of them (in log time).

    >>> text = "x" * 20
    >>> taken = TakenSpans([entity(s, e, text, "ORG", "company", "x", 0.5) for s, e in [(0, 10), (2, 3)]])
    >>> taken.overlap(5, 12), taken.overlap(10, 12)  # the long span, though a later one ends before 5
    (True, False)
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        spans = sorted((e.start, e.end) for e in entities)
        self._starts = [s for s, _ in spans]
        #: the furthest end of the spans up to each one (sorted by start)
        self._reach = list(accumulate((e for _, e in spans), max))

    def overlap(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return k > 0 and self._reach[k - 1] > start


def has_any(text: str, words: Sequence[str]) -> bool:
    """Whether one of ``words`` is in ``text`` (a C-speed test before a pattern that needs one of them)."""
    return any(w in text for w in words)


def sentences_holding(text: str, words: Sequence[str]) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each sentence of ``text`` that holds one of ``words``: from after a 。 or a line break
    to the next one, that one included (a pattern that cannot match across them finds in these what it finds in the
    whole text, with its look-behind and look-ahead seeing past the window's ends as in the text)."""
    if not words:
        return
    end = 0
    # The last stop before each match is looked for only after the previous match, and the next stop only when the
    # one found before is behind: each character is read once, also in a text with no line break (a search to the
    # text's end or back to its start at every match made a long text without one quadratic).
    last = {"。": -1, "\n": -1}
    nxt = {"。": -2, "\n": -2}  # -2: not looked for yet; -1: none after
    read = 0
    for m in _alternation_pattern(tuple(words)).finditer(text):
        at = m.start()
        if at < end:
            continue  # in the sentence just given
        for stop in _STOPS:
            i = text.rfind(stop, read, at)
            if i >= 0:
                last[stop] = i
            if -1 != nxt[stop] < at:
                nxt[stop] = text.find(stop, at)
        read = at
        start = max(last.values()) + 1
        stops = [i for i in nxt.values() if i >= 0]
        end = min(stops) + 1 if stops else len(text)
        yield start, end


_STOPS = ("。", "\n")


@lru_cache(maxsize=32)
def _alternation_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(alternation(sorted(words, key=len, reverse=True)))


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of ``words`` in their order (``(?!)``, which never matches, when empty)."""
    return "|".join(map(re.escape, words)) or "(?!)"


#: One character of a katakana or Latin name in the patterns (with the dot of Inc. and a full-width ＆).
NAME_RUN_CHAR = rf"[{NAME_CHARS}.＆]"
#: Capitalized Latin words, two or more, with a space between each: Hakuhodo DY ONE, Google DeepMind.
LATIN_WORDS = r"[A-Z][A-Za-z0-9&.\-]*(?: [A-Z0-9][A-Za-z0-9&.\-]*){1,5}"


# ------------------------------------------------------------------------------------------------ Latin chains

#: Characters of a Latin word in the chain patterns, and the capitals a later word must start with.
WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789&.-")
CAPITAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def chain_start(text: str, end: int, word: frozenset[str], capital: frozenset[str], known: dict[int, int]) -> int:
    """Where the chain of words that ends at ``end`` begins: runs of ``word`` characters joined by single spaces,
    each run after the first starting with one of ``capital``. ``known`` maps chain ends already walked to their
    start, so that walking back from many ends of one long chain costs the chain's length once."""
    i = end
    walked = []
    while True:
        if i in known:
            start = known[i]
            break
        walked.append(i)
        j = i
        while j > 0 and text[j - 1] in word:
            j -= 1
        if j < i and j >= 2 and text[j - 1] == " " and text[j] in capital and text[j - 2] in word:
            i = j - 1
            continue
        start = j
        break
    for w in walked:
        known[w] = start
    return start


def chained_finditer(
    pattern: re.Pattern[str],
    text: str,
    anchors: Iterable[tuple[int, int]],
    word: frozenset[str],
    capital: frozenset[str],
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, in linear time, for a pattern that is a chain of Latin words
    (runs of ``word`` characters joined by single spaces, later runs starting with ``capital``) ending where
    something particular follows: ``anchors`` are ``(end, after)`` in text order, a place a chain may end and the
    end of what must follow it there.

    A pattern such as ``[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)* Inc\\.`` run over the whole text walks the chain
    again from every word of it and backtracks over all of it each time: quadratic in its length ('Abc ' * N).
    Here the pattern runs only over the chain that ends at each anchor, from where that chain begins, and once
    per chain: every match ends at an anchor, and any start of a chain reaches all of its anchors, so the matches
    are the same.
    """
    known: dict[int, int] = {}
    pos = 0
    group: list[tuple[int, int]] = []
    group_start = -1

    def run(start: int, stop: int) -> Iterator[re.Match[str]]:
        nonlocal pos
        for m in pattern.finditer(text, max(pos, start), stop):
            pos = m.end()
            yield m

    for end, after in anchors:
        if end <= 0 or text[end - 1] not in word:
            continue  # no chain ends here
        start = chain_start(text, end, word, capital, known)
        if group and start != group_start:
            yield from run(group_start, max(a for _, a in group))
            group = []
        group_start = start
        group.append((end, after))
    if group:
        yield from run(group_start, max(a for _, a in group))
