from __future__ import annotations

import time

import pytest

from jpnews_tags.ner.numeric import find_numeric, parse_jnum


@pytest.mark.parametrize(
    ("text", "span", "label", "number", "unit"),
    [
        ("Amazonが500億ドルを投資", "500億ドル", "MONEY", 5e10, "USD"),
        ("ざっと7兆8000億円もの", "7兆8000億円", "MONEY", 7.8e12, "JPY"),
        ("約40億ドル規模の契約", "40億ドル", "MONEY", 4e9, "USD"),
        ("価格は$2.50です", "$2.50", "MONEY", 2.5, "USD"),
        ("月額1,200万円", "1,200万円", "MONEY", 1.2e7, "JPY"),
        ("3.5億ユーロを調達", "3.5億ユーロ", "MONEY", 3.5e8, "EUR"),
        ("５００億ドル", "５００億ドル", "MONEY", 5e10, "USD"),
        ("数十億ドルを注ぎ込む", "数十億ドル", "MONEY", None, "USD"),
        ("約1.3ギガワットの計算能力", "1.3ギガワット", "QUANTITY", 1.3, "GW"),
        ("10GWのデータセンター", "10GW", "QUANTITY", 10, "GW"),
        ("128GBのメモリ", "128GB", "QUANTITY", 128, "GB"),
        ("405Bのモデル", "405B", "QUANTITY", 405, "B parameters"),
        ("100万トークンの文脈", "100万トークン", "QUANTITY", 1e6, "token"),
        ("3nmプロセス", "3nm", "QUANTITY", 3, "nm"),
        ("156量子ビットのプロセッサ", "156量子ビット", "QUANTITY", 156, "qubit"),
        # rates, power, latency, area and imaging units of tech news (read on the corpus: 176 mentions more)
        ("HBM3eと4.9TB/sのメモリ帯域", "4.9TB/s", "QUANTITY", 4.9, "TB/s"),
        ("帯域は1.2 TB/sを超える", "1.2 TB/s", "QUANTITY", 1.2, "TB/s"),
        ("処理速度が220トークン/秒に達する", "220トークン/秒", "QUANTITY", 220, "token/s"),
        ("TDPはわずか180W。", "180W", "QUANTITY", 180, "W"),
        ("Nvidiaが800Vの直流電源化", "800V", "QUANTITY", 800, "V"),
        ("需要は857テラワット時に", "857テラワット時", "QUANTITY", 857, "TWh"),
        ("わずか20ミリ秒という応答", "20ミリ秒", "QUANTITY", 20, "ms"),
        ("遠隔制御を20msで実現", "20ms", "QUANTITY", 20, "ms"),
        ("48fpsでの出力", "48fps", "QUANTITY", 48, "fps"),
        ("4800万画素のカメラ", "4800万画素", "QUANTITY", 4.8e7, "pixel"),
        ("Sonyの12MPセンサー", "12MP", "QUANTITY", 12, "MP"),
        ("約554億リットルの水", "554億リットル", "QUANTITY", 5.54e10, "L"),
        ("総面積32,000平方メートル", "32,000平方メートル", "QUANTITY", 32000, "m2"),
        ("液体冷却では60℃に", "60℃", "QUANTITY", 60, "°C"),
        ("シェアは62%に", "62%", "PERCENT", 62, "%"),
        ("30パーセント増", "30パーセント", "PERCENT", 30, "%"),
        ("利用率95％の企業", "95％", "PERCENT", 95, "%"),
        ("稼働率8割", "8割", "PERCENT", 80, "%"),
    ],
)
def test_numbers(text: str, span: str, label: str, number: float | None, unit: str) -> None:
    found = find_numeric(text)
    assert [(f.text, f.label) for f in found] == [(span, label)]
    f = found[0]
    assert text[f.start : f.end] == span
    assert f.value.number == number
    assert f.value.unit == unit


@pytest.mark.parametrize(
    ("text", "span", "iso", "kind"),
    [
        ("2026年に着工", "2026年", "2026", "year"),
        ("2025年11月29日に発表", "2025年11月29日", "2025-11-29", "date"),
        ("2023年9月から", "2023年9月", "2023-09", "month"),
        ("2026年度の予算", "2026年度", "FY2026", "fiscal_year"),
        ("27卒の就職活動", "27卒", "2027", "graduation_year"),
        ("2027年卒の学生", "2027年", "2027", "year"),
        ("第3四半期の決算", "第3四半期", "Q3", "quarter"),
        ("2025年第3四半期", "2025年第3四半期", "2025-Q3", "quarter"),
        ("2025年7〜9月期決算で", "2025年7〜9月期", "2025-07/2025-09", "months"),  # one span, not 2025年 + 9月
        ("4-6月期の売上高", "4-6月期", "--04/--06", "months"),
        ("2025年1～6月の販売台数", "2025年1～6月", "2025-01/2025-06", "months"),
        ("2025年度1～3月期", "2025年度1～3月期", "FY2025", "fiscal_year"),  # may fall in 2026: kept as said
        ("2030年までに", "2030年", "2030", "year"),
        ("7年間で380億ドル", "7年間", "P7Y", "duration"),
        ("24時間対応", "24時間", "PT24H", "duration"),
        ("10月1日を効力発生日", "10月1日", "--10-01", "date"),
        ("2024年上半期の売上", "2024年上半期", "2024-H1", "half"),
        ("2020年代後半", "2020年代", "2020s", "decade"),
    ],
)
def test_dates(text: str, span: str, iso: str, kind: str) -> None:
    found = [f for f in find_numeric(text) if f.label == "DATE"]
    assert [f.text for f in found] == [span]
    assert found[0].value.iso == iso
    assert found[0].value.kind == kind


def test_qualifiers_stay_outside_the_span() -> None:
    f = find_numeric("最大5000億ドル超")[0]
    assert f.text == "5000億ドル"
    assert f.value.qualifier == "最大,超"


@pytest.mark.parametrize(
    "text",
    [
        "2倍に増えた",
        "3社が参加",
        "GB200とB200",
        "H100を1万基",
        "2分の1に",
        "10記事",
        "割引",
        "第二次世界大戦",
        "新卒で入社",
        "GPT-4Vの画像認識",  # a version after a hyphen, not 4 volts
        "Grok-1.5Vを公開",
        "Qwen2.5-VL-28Bモデル",  # a model's name: its size is no quantity of its own
        "「4W1H」形式",  # a unit followed by a digit is part of something else
    ],
)
def test_not_numeric_entities(text: str) -> None:
    assert [f for f in find_numeric(text) if f.label in ("MONEY", "PERCENT", "QUANTITY", "DATE")] == []


def test_parse_jnum() -> None:
    assert parse_jnum("7兆8000億") == 7.8e12
    assert parse_jnum("1,200万") == 1.2e7
    assert parse_jnum("数百万") is None


@pytest.mark.parametrize("chunk", ["1" * 100_000, "1,1" * 33_000, "1億" * 50_000, "第" * 100_000, "1年" * 50_000])
def test_adversarial_input_is_linear(chunk: str) -> None:
    t0 = time.perf_counter()
    find_numeric(chunk)
    # generous bound: catastrophic backtracking on 100 KB would take minutes
    assert time.perf_counter() - t0 < 20


@pytest.mark.parametrize(
    ("text", "span", "label", "number", "iso"),
    [
        ("二〇二六年に開始", "二〇二六年", "DATE", None, "2026"),
        ("五百億円を投資", "五百億円", "MONEY", 5e10, None),
        ("三千億ドル", "三千億ドル", "MONEY", 3e11, None),
        ("三割が賛成", "三割", "PERCENT", 30, None),
        ("七年間で", "七年間", "DATE", 7, "P7Y"),
        ("第三四半期", "第三四半期", "DATE", None, "Q3"),
    ],
)
def test_kanji_numerals(text: str, span: str, label: str, number: float | None, iso: str | None) -> None:
    [f] = find_numeric(text)
    assert (f.text, f.label, f.value.number, f.value.iso) == (span, label, number, iso)


@pytest.mark.parametrize("text", ["一部の企業", "一方で", "一緒に", "九州の工場", "四分の一"])
def test_kanji_words_are_not_numbers(text: str) -> None:
    assert find_numeric(text) == []


@pytest.mark.parametrize(
    "text",
    ["導入企業では生産性〇〇%向上が見込まれる", "売上高は〇〇億円を見込む", "予算〇〇万円のプランを用意した"],
)
def test_placeholders_are_not_numbers(text: str) -> None:
    """〇〇 in a template or a redacted figure stands for a number nobody wrote: not a PERCENT of 0."""
    assert find_numeric(text) == []
    assert [f.text for f in find_numeric(text.replace("〇〇", "二〇"))] != []  # a real kanji number still is one


def test_money_ranges_keep_the_lower_end_outside_the_span() -> None:
    [f] = find_numeric("投資額は100〜200億円になる")
    assert f.text == "200億円"
    assert (f.value.number, f.value.range_from, f.value.unit) == (2e10, 1e10, "JPY")
    assert f.value.qualifier == "range"
    [g] = find_numeric("1億〜3億ドル")
    assert (g.text, g.value.range_from) == ("3億ドル", 1e8)


def test_the_unit_tables_are_the_lexicons_not_read_at_import() -> None:
    """numeric.py compiles the tables it is given (dictionaries/cues/units.yaml, read and validated by the lexicon);
    importing it reads no file."""
    import subprocess
    import sys

    code = (
        "import jpnews_tags.ner.numeric as n, jpnews_tags.lexicon.resources as r\n"
        "assert r.shipped_units.cache_info().currsize == 0, 'units.yaml read at import'\n"
        "print(n.find_numeric('3億円')[0].value.unit, r.shipped_units.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["JPY", "1"]
