"""Rules for numbers and dates: MONEY, QUANTITY, PERCENT and DATE with normalized values.

Patterns run on the NFKC-normalized text (full-width digits and ％ are already half-width) and every span
is mapped back to the original. Qualifiers (約, 最大, 超, 以上, 規模...) stay outside the span and are kept
in ``Value.qualifier``. Every pattern is linear: no nested unbounded repetition can backtrack.

Currencies, units and qualifiers are data (``dictionaries/cues/units.yaml``, a
:class:`~jpnews_tags.lexicon.schema.UnitTables` the lexicon reads and validates): a :class:`NumberFinder` is
compiled from them; :func:`find_numeric` uses the shipped tables unless given others.

Example:
    >>> [(f.text, f.label, f.value.number, f.value.unit) for f in find_numeric("約500億ドル規模、1.3ギガワット")]
    [('500億ドル', 'MONEY', 50000000000.0, 'USD'), ('1.3ギガワット', 'QUANTITY', 1.3, 'GW')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .._compat import moved_names
from ..lexicon.resources import shipped_units
from ..lexicon.schema import UnitTables
from ..models import Value
from ..text.normalization import Normalized, normalize

_DIG = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MULT = "(?:[千百十]?[兆億万]|千)"
# 7兆8000億 / 1,200万 / 3.5億 / 5千万 / 数十億 / 数百万. Atomic: a number is never given back.
_JNUM = rf"(?>(?:{_DIG}{_MULT})*{_DIG}{_MULT}?|数[十百千]?[兆億万])"
_LEFT = r"(?<![\d.,A-Za-z兆億万千百十])"
_RIGHT_LATIN = r"(?![A-Za-z])"
#: A number right after a Latin word and a hyphen is a version (GPT-4V, Grok-1.5V), not a quantity in volts; a unit
#: followed by a digit is part of something else (4W1H).
_NOT_A_VERSION = r"(?<![A-Za-z]-)"


__getattr__ = moved_names(__name__, {"UnitTables": "lexicon.schema:UnitTables"})

_SCALE_WORDS = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "兆": 1e12,
    "億": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
    "十": 1e1,
}
_MONEY_PREFIX_RE = re.compile(
    rf"(?<![A-Za-z\d])(?P<cur>US\$|\$|¥|€|£)\s?(?P<num>{_DIG})(?:\s?(?P<scale>{_MULT}|trillion|billion|million|bn|mn)"
    rf"{_RIGHT_LATIN})?"
)
_PERCENT_RE = re.compile(
    rf"{_LEFT}(?P<num>{_DIG})(?:\s?(?:%|パーセント))|{_LEFT}(?P<wnum>\d{{1,2}}(?:[-〜~～]\d{{1,2}})?)割(?!引|安|高|増|減|合|り)"
)
_DATE_RE = re.compile(
    r"(?<![\d.,])(?:"
    r"(?P<grad>(?P<y13>\d{2})卒)(?!業)"
    r"|(?P<mr>(?:(?P<y14>\d{4})年(?P<fy14>度)?)?(?P<ma>1[0-2]|0?[1-9])[-〜~～](?P<mb>1[0-2]|0?[1-9])月(?:期)?)"
    r"|(?P<ymd>(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日)"
    r"|(?P<ym>(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<ymx>期|末|上旬|中旬|下旬|初旬)?)"
    r"|(?P<yq>(?P<y3>\d{4})年?(?:度)?(?:第(?P<q3>[1-4一二三四])四半期|(?P<h3>上半期|下半期)))"
    r"|(?P<fy>(?P<y4>\d{4})年度)"
    r"|(?P<dec>(?P<y5>\d{3}0)年代)"
    r"|(?P<y>(?P<y6>\d{4})年(?P<yx>末|初頭|初め|前半|後半|春|夏|秋|冬)?)"
    r"|(?P<isod>(?P<y7>\d{4})[/-](?P<m7>\d{1,2})[/-](?P<d7>\d{1,2}))(?!\d)"
    r"|(?P<md>(?P<m8>\d{1,2})月(?P<d8>\d{1,2})日)"
    r"|(?P<q>第(?P<q9>[1-4一二三四])四半期)"
    r"|(?P<fyl>FY(?P<y10>\d{4}|\d{2}))(?![A-Za-z\d])"
    r"|(?P<m>(?P<m11>\d{1,2})月(?P<mx>末|上旬|中旬|下旬|初旬)?)(?!\d)"
    r"|(?P<dur>(?P<n12>\d{1,3})(?:[-〜~～](?P<n12b>\d{1,3}))?"
    r"(?P<u12>年間|年|か月間|カ月間|ヶ月間|ヵ月間|か月|カ月|ヶ月|ヵ月|週間|日間|時間|分間|分(?!の|野|析|散|類|割|解|配|け))"
    r"(?P<rel12>前|後)?)"
    # a bare day of the month in news (12日、 米国時間27日 2日の会見 2日（現地時間）): only where a date is written so
    r"|(?P<day>(?<![毎第各約数月])(?P<d15>[1-3]?\d)日)"
    r"(?=[、,，はにのも]|発表|付|\s?[（(]現地時間|\s?[（(]米国時間|から|まで|午前|午後|夜|朝|未明|夕方)"
    r")"
)

_KANJI_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}
_DUR_UNIT = {
    "年間": ("P", "Y"),
    "年": ("P", "Y"),
    "か月間": ("P", "M"),
    "カ月間": ("P", "M"),
    "ヶ月間": ("P", "M"),
    "ヵ月間": ("P", "M"),
    "か月": ("P", "M"),
    "カ月": ("P", "M"),
    "ヶ月": ("P", "M"),
    "ヵ月": ("P", "M"),
    "週間": ("P", "W"),
    "日間": ("P", "D"),
    "時間": ("PT", "H"),
    "分間": ("PT", "M"),
    "分": ("PT", "M"),
}


NumericLabel = Literal["MONEY", "QUANTITY", "PERCENT", "DATE"]


@dataclass(frozen=True)
class NumericFind:
    """A numeric or date mention with original offsets."""

    start: int
    end: int
    text: str
    label: NumericLabel
    value: Value


def parse_jnum(s: str) -> float | None:
    """Value of a Japanese-style number: '7兆8000億' -> 7.8e12; '1,200万' -> 1.2e7; '数十億' -> None.

    >>> parse_jnum("7兆8000億"), parse_jnum("87万3200"), parse_jnum("1.3")
    (7800000000000.0, 873200.0, 1.3)
    """
    if s.startswith("数"):
        return None
    total = 0.0
    for num, mult in re.findall(rf"({_DIG})({_MULT}?)", s):
        factor = 1.0
        for ch in mult:
            factor *= _SCALE_WORDS[ch]
        total += float(num.replace(",", "")) * factor
    return total


_RANGE_LOW = re.compile(rf"({_DIG})({_MULT})?\s?[〜~～\-]\s?$")


def _range_from(norm: str, start: int, upper: str) -> float | None:
    """The lower end written before a range's upper amount: 100〜200億円 -> 1e10 (the upper's multiplier)."""
    m = _RANGE_LOW.search(norm[max(0, start - 24) : start])
    if not m:
        return None
    mult = m.group(2)
    if mult is None:
        tail = re.search(rf"{_MULT}$", upper)
        mult = tail.group(0) if tail else ""
    factor = 1.0
    for ch in mult:
        factor *= _SCALE_WORDS[ch]
    return float(m.group(1).replace(",", "")) * factor


def _year2(y: str) -> str:
    return y if len(y) == 4 else f"20{y}"


def _date_value(m: re.Match[str], norm: str) -> Value:
    g = m.group
    if g("mr"):  # a range of months, often a quarter: 2025年7〜9月期
        a, b = int(g("ma")), int(g("mb"))
        if g("fy14"):  # a fiscal year's months may fall in the next calendar year: keep them as said
            return Value(iso=f"FY{g('y14')}", kind="fiscal_year", qualifier=f"{a}-{b}月")
        y = g("y14")
        return Value(iso=f"{y}-{a:02d}/{y}-{b:02d}" if y else f"--{a:02d}/--{b:02d}", kind="months")
    if g("ymd"):
        return Value(iso=f"{g('y1')}-{int(g('m1')):02d}-{int(g('d1')):02d}", kind="date")
    if g("ym"):
        extra = g("ymx")
        return Value(iso=f"{g('y2')}-{int(g('m2')):02d}", kind="month", qualifier=extra)
    if g("yq"):
        if g("q3"):
            q = _KANJI_DIGIT.get(g("q3")) or int(g("q3"))
            return Value(iso=f"{g('y3')}-Q{q}", kind="quarter")
        half = "H1" if g("h3") == "上半期" else "H2"
        return Value(iso=f"{g('y3')}-{half}", kind="half")
    if g("fy"):
        return Value(iso=f"FY{g('y4')}", kind="fiscal_year")
    if g("dec"):
        return Value(iso=f"{g('y5')}s", kind="decade")
    if g("y"):
        return Value(iso=g("y6"), kind="year", qualifier=g("yx"))
    if g("day"):
        return Value(iso=f"---{int(g('d15')):02d}", kind="day")
    if g("isod"):
        return Value(iso=f"{g('y7')}-{int(g('m7')):02d}-{int(g('d7')):02d}", kind="date")
    if g("md"):
        return Value(iso=f"--{int(g('m8')):02d}-{int(g('d8')):02d}", kind="date")
    if g("q"):
        q = _KANJI_DIGIT.get(g("q9")) or int(g("q9"))
        return Value(iso=f"Q{q}", kind="quarter")
    if g("fyl"):
        return Value(iso=f"FY{_year2(g('y10'))}", kind="fiscal_year")
    if g("m"):
        return Value(iso=f"--{int(g('m11')):02d}", kind="month", qualifier=g("mx"))
    if g("grad"):  # 27卒: the students graduating in 2027
        return Value(iso=_year2(g("y13")), kind="graduation_year")
    # duration: 7年間, 3年, 24時間, 4〜5年, 20年前
    unit = g("u12")
    prefix, letter = _DUR_UNIT[unit]
    n = int(g("n12"))
    follow = norm[m.end() : m.end() + 2]
    if unit == "年" and n < 100 and not g("n12b") and not g("rel12") and follow.startswith(("から", "に", "度")):
        return Value(iso=_year2(f"{n:02d}"), kind="year")
    hi = g("n12b")
    return Value(
        iso=f"{prefix}{n}{letter}",
        kind="duration",
        range_to=float(hi) if hi else None,
        qualifier={"前": "ago", "後": "later"}.get(g("rel12") or ""),
        number=float(n),
    )


# Every numeric mention contains one of these; patterns only run in windows around them.
_CLUSTER = re.compile(r"(?:\d|数[十百千]?[兆億万]|第[一二三四]四半期)[\d,.兆億万千]*")
_WINDOW_BEFORE = 5
_WINDOW_AFTER = 18


def _windows(norm: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _CLUSTER.finditer(norm):
        s = max(0, m.start() - _WINDOW_BEFORE)
        e = min(len(norm), m.end() + _WINDOW_AFTER)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_KANJI_DIGIT_TABLE = str.maketrans("〇一二三四五六七八九", "0123456789")
# Runs of kanji digits that read as numbers: two or more digits (二〇二六), or one digit before a unit or
# multiplier (五百億, 三割, 七年間). Words such as 一部, 一方, 一緒 stay untouched.
_KANJI_DIGITS_RE = re.compile(
    r"[〇一二三四五六七八九]{2,}(?=[年月日兆億万千百十割%パ])"
    r"|[一二三四五六七八九](?<![〇一二三四五六七八九十].)(?=[兆億万千百十割]|年間|年度|カ月|か月|ヶ月|時間|日間|週間|パーセント|%)"
    r"|[一二三四](?<=第.)(?=四半期)"
)  # every branch starts with a character class (look-behinds second), so the engine skips ahead in C: 2x faster


def _kanji_digits(m: re.Match[str]) -> str:
    """A run of kanji digits as ASCII digits; a run of 〇 alone is a placeholder (生産性〇〇%向上, 〇〇億円), not 0."""
    run = m.group(0)
    return run if not run.strip("〇") else run.translate(_KANJI_DIGIT_TABLE)


# Characters one of which must be in a window for a family to be worth trying (C-speed 'in' checks).
_PERCENT_HINTS = ("%", "パーセント", "割")
_DATE_HINTS = ("年", "月", "日", "期", "FY", "/", "-", "時間", "分", "週", "卒")


def _has(window: str, hints: tuple[str, ...]) -> bool:
    return any(h in window for h in hints)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


class NumberFinder:
    """The number and date patterns, compiled with one set of unit tables (currencies, units, qualifiers).

    >>> from jpnews_tags.lexicon.schema import UnitTables
    >>> units = UnitTables(currency_suffixes={"円": "JPY"}, currency_prefixes={}, quantity_units={},
    ...                    qualifiers_before=["約"], qualifiers_after=[])
    >>> [(f.text, f.value.unit, f.value.qualifier) for f in NumberFinder(units).find("約3億円と5ドル")]
    [('3億円', 'JPY', '約')]
    """

    def __init__(self, units: UnitTables) -> None:
        self.units = units
        self.currency_suffix = units.currency_suffixes
        self.currency_prefix = units.currency_prefixes
        self.quantity_units = units.quantity_units
        before = "|".join(map(re.escape, units.qualifiers_before)) or "(?!)"
        after = "|".join(map(re.escape, units.qualifiers_after)) or "(?!)"
        self.qualifier_before = re.compile(rf"({before})\s?$")
        self.qualifier_after = re.compile(rf"^\s?({after})")
        self.money_suffix_re = re.compile(
            rf"{_LEFT}(?P<num>{_JNUM})(?:\s?(?P<scale>trillion|billion|million))?\s?"
            rf"(?P<cur>{_alternation(list(self.currency_suffix))})"
        )
        self.quantity_re = re.compile(
            rf"{_LEFT}{_NOT_A_VERSION}(?P<num>{_JNUM})\s?(?P<unit>{_alternation(list(self.quantity_units))})"
            r"(?![A-Za-z\d])"
        )
        # Characters one of which must be in a window for each family to be worth trying (C-speed 'in' checks).
        self.money_hints = tuple({c for w in self.currency_suffix for c in w[-1]} | set(self.currency_prefix) | {"$"})
        self.quantity_hints = tuple({w[-1] for w in self.quantity_units})

    def find(self, text: str, normalized: Normalized | None = None) -> list[NumericFind]:
        """All MONEY, QUANTITY, PERCENT and DATE mentions in ``text``, in text order, non-overlapping."""
        nz = normalized or normalize(text)
        norm = nz.norm
        if _KANJI_DIGITS_RE.search(norm):
            # 二〇二六年 -> 2026年, 五百億 -> 5百億: one character for one, so offsets do not move
            norm = _KANJI_DIGITS_RE.sub(_kanji_digits, norm)
        found: list[tuple[int, int, NumericLabel, Value]] = []
        for ws, we in _windows(norm):
            self._find_in(norm, ws, we, found)
        # Longest first, then earliest; drop overlaps.
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[NumericFind] = []
        last_end = -1
        for s, e, label, value in found:
            if s < last_end:
                continue
            os_, oe = nz.to_original_span(s, e)
            out.append(NumericFind(os_, oe, text[os_:oe], label, value))
            last_end = e
        return out

    def _qualifiers(self, norm: str, s: int, e: int) -> str | None:
        quals = []
        before = self.qualifier_before.search(norm[max(0, s - 6) : s])
        if before:
            quals.append(before.group(1))
        after = self.qualifier_after.match(norm[e : e + 4])
        if after:
            quals.append(after.group(1))
        return ",".join(quals) or None

    def _money(self, m: re.Match[str], norm: str) -> Value:
        num = parse_jnum(m.group("num"))
        scale = m.group("scale")
        if num is not None and scale:
            if scale in _SCALE_WORDS:
                num *= _SCALE_WORDS[scale]
            else:
                for ch in scale:
                    num *= _SCALE_WORDS[ch]
        cur = m.group("cur")
        code = self.currency_suffix.get(cur) or self.currency_prefix.get(cur)
        low = _range_from(norm, m.start(), m.group("num"))
        quals = self._qualifiers(norm, m.start(), m.end())
        if low is not None:
            quals = ",".join(q for q in ("range", quals) if q)
        return Value(number=num, unit=code, qualifier=quals, range_from=low)

    def _find_in(self, norm: str, ws: int, we: int, found: list[tuple[int, int, NumericLabel, Value]]) -> None:
        window = norm[max(0, ws - 4) : we]
        if _has(window, self.money_hints):
            for m in self.money_suffix_re.finditer(norm, ws, we):
                found.append((m.start(), m.end(), "MONEY", self._money(m, norm)))
            for m in _MONEY_PREFIX_RE.finditer(norm, max(0, ws - 4), we):
                found.append((m.start(), m.end(), "MONEY", self._money(m, norm)))
        if _has(window, _DATE_HINTS):
            for m in _DATE_RE.finditer(norm, ws, we):
                found.append((m.start(), m.end(), "DATE", _date_value(m, norm)))
        if _has(window, _PERCENT_HINTS):
            self._find_percent(norm, ws, we, found)
        if not _has(window, self.quantity_hints):
            return
        for m in self.quantity_re.finditer(norm, ws, we):
            unit = self.quantity_units[m.group("unit")]
            num = parse_jnum(m.group("num"))
            if unit == "B parameters" and (num is None or ("." in m.group("num") and num > 1e4)):
                continue
            found.append(
                (
                    m.start(),
                    m.end(),
                    "QUANTITY",
                    Value(number=num, unit=unit, qualifier=self._qualifiers(norm, *m.span())),
                )
            )

    def _find_percent(self, norm: str, ws: int, we: int, found: list[tuple[int, int, NumericLabel, Value]]) -> None:
        for m in _PERCENT_RE.finditer(norm, ws, we):
            if m.group("num") is not None:
                v = Value(number=float(m.group("num").replace(",", "")), unit="%")
            else:
                parts = re.split(r"[-〜~～]", m.group("wnum"))
                v = Value(
                    number=float(parts[0]) * 10,
                    unit="%",
                    range_to=float(parts[1]) * 10 if len(parts) > 1 else None,
                )
            v.qualifier = self._qualifiers(norm, *m.span())
            found.append((m.start(), m.end(), "PERCENT", v))


def resolve_day(value: Value, article_date: str | None) -> Value:
    """A bare day of the month (``---12``) as a full date, given the date of the article it is written in: the
    latest such day on or before the article's day (news reports what happened, or is announced, that month;
    12日 in an article of 2025-11-13 is 2025-11-12, 27日 in one of 2025-12-02 is 2025-11-27). Other values, or
    without an article date, are returned as they are.

    >>> resolve_day(Value(iso="---27", kind="day"), "2025-12-02T09:00:00+09:00").iso
    '2025-11-27'
    >>> resolve_day(Value(iso="---12", kind="day"), "2025-11-13").iso
    '2025-11-12'
    """
    if value.kind != "day" or not value.iso or not article_date:
        return value
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", article_date)
    if m is None:
        return value
    import datetime as dt

    year, month, today = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day = int(value.iso[3:])
    for _ in range(3):  # this month, or a month before (a 31st in a shorter month: the month before that)
        if day <= today or (year, month) != (int(m.group(1)), int(m.group(2))):
            try:
                return value.model_copy(update={"iso": dt.date(year, month, day).isoformat()})
            except ValueError:
                pass
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return value


_FINDERS: dict[int, tuple[UnitTables, NumberFinder]] = {}


def find_numeric(text: str, normalized: Normalized | None = None, units: UnitTables | None = None) -> list[NumericFind]:
    """All MONEY, QUANTITY, PERCENT and DATE mentions in ``text``, in text order, non-overlapping; ``units`` are
    the shipped tables unless given (the :class:`NumberFinder` of each table is compiled once)."""
    if units is None:
        units = shipped_units()
    cached = _FINDERS.get(id(units))
    if cached is None or cached[0] is not units:
        if len(_FINDERS) > 8:
            _FINDERS.clear()
        cached = _FINDERS[id(units)] = (units, NumberFinder(units))
    return cached[1].find(text, normalized)
