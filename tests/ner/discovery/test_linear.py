"""Every discovery rule is linear in the length of the text, on adversarial input too (issue 16, item 9).

Each rule runs on texts of 100 KB and 1 MB built to make a backtracking pattern or a loop over names quadratic
('Xというツールを使う。' + 'Abc ' * N + 'end' took 43 s at 100 KB). Times are compared with a linear baseline
measured in the same run on the same text (a regular-expression scan), never with a fixed number of seconds:
from 100 KB to 1 MB a rule's time per baseline may not grow as a quadratic one does (10x).
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.models import Entity
from jpnews_tags.ner.discovery import LATE_RULES, RULES, Context
from jpnews_tags.ner.numeric import find_numeric
from jpnews_tags.ner.rules import resolve

SIZES = (100_000, 1_000_000)
#: How much a rule's time per baseline may grow from 100 KB to 1 MB (linear: about 1; quadratic: 10).
MAX_GROWTH = 4.0
#: Noise floor, as a share of the baseline's time (timer and scheduler jitter on tiny times).
FLOOR = 0.05
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"


def _kana(i: int) -> str:
    """A distinct katakana word for each number."""
    out = ""
    while True:
        i, r = divmod(i, len(_KATAKANA))
        out += _KATAKANA[r]
        if not i:
            return out + "ン"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _numbered(make: Callable[[int], str], size: int) -> str:
    parts: list[str] = []
    n = i = 0
    while n < size:
        parts.append(make(i))
        n += len(parts[-1])
        i += 1
    return "".join(parts)


FAMILIES: dict[str, Callable[[int], str]] = {
    "toiu": lambda n: "Xというツールを使う。" + _repeat("Abc ", n) + "end",
    "legal-form": lambda n: "Foo Inc.は上場した。" + _repeat("Abc ", n) + "end",
    "legal-form-chain": lambda n: _repeat("Abc Inc. ", n),
    "country-prefix": lambda n: "米A" + _repeat("a", n),
    "country-prefix-words": lambda n: _repeat("米Abc Abc Abc Abc ", n),
    "katakana-dots": lambda n: _repeat("ア・", n),
    "latin-spaces": lambda n: _repeat("A ", n),
    "latin-dots": lambda n: _repeat("A.", n),
    "legal-forms-ja": lambda n: _repeat("株式会社", n),
    "quotes": lambda n: _repeat("「A", n),
    "versions": lambda n: _repeat("Ab-1.", n),
    "honorifics": lambda n: _repeat("氏", n),
    "latin-honorifics": lambda n: _repeat("Abc Def Ghi氏", n),
    "prefixes": lambda n: _repeat("米", n),
    "apposition": lambda n: "AIツールであるA" + _repeat("a", n),
    "surnames": lambda n: _numbered(lambda i: f"ジョン・{_kana(i)}氏は語った。{_kana(i)}も。", n),
    "events": lambda n: _numbered(lambda i: f"CES X{i}の話。CES X{i}2026も。", n),
    "named-heads": lambda n: _numbered(lambda i: f"サカナ{_kana(i)}のジョン・{_kana(i)}CEOは語った。", n),
    "partners": lambda n: _numbered(lambda i: f"富士通とA{_kana(i)}の提携、NECとB{i}が協業。", n),
    "subsidiaries": lambda n: _numbered(lambda i: f"傘下のA{_kana(i)}が、子会社であるB{i}は。", n),
    "government-bodies": lambda n: _repeat("米著作権庁の", n),
    "government-nouns": lambda n: _repeat("研究", n) + "庁",
    "glossed-organizations": lambda n: _numbered(lambda i: f"研究{_kana(i)}協会（AB{i}）と", n),
    "glossed-nouns": lambda n: _repeat("研究", n) + "協会（ABC）",
    "product-examples": lambda n: _numbered(lambda i: f"Abc{i}やXyz Kit{i}といったツール。", n),
    "product-example-items": lambda n: _repeat("Abc、", n) + "といったツール",
    # many sentences with a link word and no line break: a search for the next line break from every sentence
    # reads to the text's end each time (sentences_holding did, until the twenty-fourth session)
    "example-sentences": lambda n: _repeat("Abcといった企業。", n),
    # one long list of known companies with new names between them and after them (org-list-mates)
    "list-mates": lambda n: _numbered(lambda i: f"NVIDIA、OpenAI、A{_kana(i)}、", n),
    # lists right before a company's word (org-lists-with-company-words), and one long list of items that ends with one
    "company-word-lists": lambda n: _numbered(lambda i: f"NVIDIAとZeq{i}の株価。", n),
    "company-word-items": lambda n: _repeat("Abc、", n) + "の株価",
}


def _contexts(analyzer: Analyzer, text: str) -> tuple[Context, Context]:
    """The contexts of the first and the second pass, as :func:`~jpnews_tags.ner.discovery.discover` makes them."""
    tokens = analyzer.tokenizer.tokenize(text)
    entities = resolve(analyzer.gazetteer, analyzer.gazetteer.match(tokens, text), find_numeric(text), text)
    first = Context(
        text,
        tokens,
        entities,
        analyzer._person_cues,
        analyzer._rule_cues,
        analyzer._name_cues,
        analyzer.tokenizer.is_common_word,
        heads=analyzer._head_cues,
    )
    found: list[Entity] = []
    for rule in RULES:
        if not rule.second_pass:
            found += rule.find(first)
    return first, replace(first, entities=sorted([*entities, *found], key=lambda e: e.start))


def _seconds(f: Callable[[], object], rounds: int = 2) -> float:
    """The best of ``rounds`` runs, with the garbage collector off: its full collections walk every live object,
    and the 1 MB contexts hold ten times the entities, so with it on a linear rule that makes many objects
    (surname-links) measured 2-4x growth from 100 KB to 1 MB, and 1.0-1.5x with it off."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(rounds):
            t0 = time.perf_counter()
            f()
            best = min(best, time.perf_counter() - t0)
    finally:
        gc.enable()
    return best


_BASELINE = re.compile(r"\w+")


def _baseline(ctx: Context) -> float:
    """A linear scan of the same text, timed in the same run: what a rule's time is measured against."""
    return _seconds(lambda: sum(1 for _ in _BASELINE.finditer(ctx.text)), rounds=3)


#: Rounds of a second, longer measurement of a rule the first one found growing too fast.
CONFIRM_ROUNDS = 5


def _growth(
    find: Callable[[Context], object], small: Context, large: Context, bases: tuple[float, float] | None = None
) -> tuple[float, float]:
    """A rule's time per baseline on the small and on the large text (``bases``: their baselines, when measured
    already). A growth past :data:`MAX_GROWTH` is confirmed or not by a longer measurement, baselines again, against the
    noise of a loaded machine; a quadratic rule grows 10x whatever the noise (:func:`test_a_quadratic_rule_is_caught`).
    (org-examples on product-examples grew 2x to 7x between runs of the same code: it was slightly quadratic, a
    search for the next line break to the text's end in every sentence, hidden by the noise at these sizes.)"""
    small_base, large_base = bases or (_baseline(small), _baseline(large))
    a = _seconds(partial(find, small)) / small_base + FLOOR
    b = _seconds(partial(find, large)) / large_base + FLOOR
    if b / a > MAX_GROWTH:
        a = _seconds(partial(find, small), CONFIRM_ROUNDS) / _baseline(small) + FLOOR
        b = _seconds(partial(find, large), CONFIRM_ROUNDS) / _baseline(large) + FLOOR
    return a, b


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_rule_is_linear(analyzer: Analyzer, family: str) -> None:
    small, large = (_contexts(analyzer, FAMILIES[family](size)) for size in SIZES)
    bases = _baseline(small[0]), _baseline(large[0])
    slow = []
    for rule in (*RULES, *LATE_RULES):
        a, b = _growth(rule.find, small[rule.second_pass], large[rule.second_pass], bases)
        assert a < 2_000, f"{rule.name} on {family}: {a:.0f}x the baseline already at 100 KB"
        if b / a > MAX_GROWTH:
            slow.append(f"{rule.name}: {a:.2f} -> {b:.2f} times the baseline")
    assert not slow, f"{family}: not linear from 100 KB to 1 MB: {slow}"


def test_a_quadratic_rule_is_caught(analyzer: Analyzer) -> None:
    """The measurement, its confirmation included, tells a quadratic rule from a linear one."""

    def quadratic(ctx: Context) -> int:  # a scan from the start for every thousandth character
        return sum(ctx.text.count("A", 0, k) for k in range(0, len(ctx.text), 1000))

    def linear(ctx: Context) -> int:
        return ctx.text.count("A")

    small, large = (_contexts(analyzer, FAMILIES["latin-spaces"](size))[0] for size in SIZES)
    a, b = _growth(quadratic, small, large)
    assert b / a > MAX_GROWTH, (a, b)
    a, b = _growth(linear, small, large)
    assert b / a <= MAX_GROWTH, (a, b)


def test_the_adversarial_texts_find_what_they_should(analyzer: Analyzer) -> None:
    """The texts do exercise the rules (a test of linearity on texts no rule reads would prove nothing)."""
    ctx, second = _contexts(analyzer, FAMILIES["surnames"](2_000))
    by_rule = {r.name: r.find(second if r.second_pass else ctx) for r in RULES}
    assert len({e.text for e in by_rule["surname-links"]}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["events"](2_000))
    assert len({e.text for e in RULES[[r.name for r in RULES].index("event-editions")].find(second)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["subsidiaries"](2_000))
    assert len({e.text for e in next(r for r in RULES if r.name == "org-subsidiaries").find(second)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["partners"](2_000))
    assert len({e.text for e in next(r for r in RULES if r.name == "org-partners").find(second)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["government-bodies"](2_000))
    assert len(next(r for r in RULES if r.name == "government-bodies").find(second)) > 20
    ctx, _ = _contexts(analyzer, FAMILIES["product-examples"](2_000))
    assert len({e.text for e in LATE_RULES[0].find(ctx)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["glossed-organizations"](2_000))
    assert len({e.text for e in next(r for r in RULES if r.name == "glossed-organizations").find(second)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["list-mates"](2_000))
    assert len({e.text for e in next(r for r in RULES if r.name == "org-list-mates").find(second)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["company-word-lists"](2_000))
    rule = next(r for r in RULES if r.name == "org-lists-with-company-words")
    assert len({e.text for e in rule.find(second)}) > 20
    ctx, second = _contexts(analyzer, FAMILIES["named-heads"](2_000))
    assert len({e.text for e in next(r for r in RULES if r.name == "org-heads-named").find(second)}) > 20
    ctx, _ = _contexts(analyzer, "米スタートアップのAcme Labs Inc.は" + "、Zorbla Labsという" + "ツールを使う。")
    assert [e.text for e in next(r for r in RULES if r.name == "org-legal-forms").find(ctx)] == [
        "Acme Labs Inc.",
        "Zorbla Labs",
    ]
