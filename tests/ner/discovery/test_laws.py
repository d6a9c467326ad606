"""Laws the dictionary does not list, named as laws are named (jpnews_tags.ner.discovery.laws)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpnews_tags import Analyzer
from jpnews_tags.lexicon.schema import RuleCues
from jpnews_tags.ner.discovery import laws


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus sentences: an acronym glossed by a law's name, or the name glossed by its acronym
        (
            "EUは、データ保護に関するGDPR（一般データ保護規則）で世界的な標準を確立した。",
            ["GDPR", "一般データ保護規則"],
        ),
        ("米商務省は外国直接製品規則（FDPR）の適用を広げた。", ["外国直接製品規則", "FDPR"]),
        ("国際出願は特許協力条約（PCT）に基づく。", ["特許協力条約", "PCT"]),
        ("投資審査、そして対外投資規制（ODI）の議論が進んでいる。", ["対外投資規制", "ODI"]),
        ("韓国は個人情報保護法（PIPA）を改正した。", ["個人情報保護法", "PIPA"]),
        # an acronym first in the brackets, its English expansion after a colon: glossed by the phrase before them
        ("自律型致死兵器システム（LAWS：Lethal Autonomous Weapon Systems）の規制", []),
        (
            "EUの一般データ保護規則（GDPR: General Data Protection Regulation）に従う。",
            ["一般データ保護規則", "GDPR", "General Data Protection Regulation"],
        ),
        # a Latin name before 法 (corpus sentences)
        ("政府も、米国のCHIPS法や欧州連合の支援策を参考にしている。", ["CHIPS法"]),
        ("注目すべきは「2025年NO FAKES法」への積極的な支持です。", ["NO FAKES法"]),
        ("AI法人の設立と、AIの法的な課題。", []),  # 法人 and 法的 are no laws
        # a law's name before a word that goes on with it (law_name_followers), not before any other
        ("米司法省のGoogleに対する反トラスト法裁判に、証人として出廷した。", ["反トラスト法"]),
        ("医療機器としての承認プロセス、個人情報保護法改正、データ利活用", ["個人情報保護法"]),
        ("特定非営利活動促進法人の設立。", []),
        # a method or a term, not a law: 手法 and 技術 are no law heads (法 alone is not one)
        ("人間のフィードバックによる強化学習手法（RLHF）を使う。", []),
        ("小型モジュール炉（SMR）の開発が進む。", []),
        ("本規則（ABC）は来年施行される。", []),  # 本: "this rule", not a name
    ],
)
def test_laws_named_as_laws_are_named(small: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "LAW"] == expected


# runs of name characters between separators, built of pieces of law names, some longer than a name's reach
_LAW_PIECES = ["個人情報", "保護法", "法案", "AI", "推進法", "・", "データ", "本", "同", "ー", "独占禁止", "a", "Z0"]
_LAW_RUN = st.lists(
    st.sampled_from([*_LAW_PIECES, "法", "改正", "人"]),
    max_size=10,
).map("".join)
_LAW_TEXT = st.lists(st.tuples(_LAW_RUN, st.sampled_from([" ", "、", "。", "「", "（", ""])), max_size=5).map(
    lambda parts: "".join(run + sep for run, sep in parts)
)


@settings(max_examples=300, deadline=None)
@given(text=_LAW_TEXT, endings=st.lists(st.sampled_from(["保護法", "法案", "推進法", "禁止法", "データ"]), min_size=1))
def test_named_laws_are_those_a_scan_of_the_whole_text_finds(text: str, endings: list[str]) -> None:
    """Trying the name pattern only where a run of name characters holds an ending's last character finds what
    trying it everywhere finds (laws._run_starts)."""
    named, _ = laws._patterns(RuleCues(law_name_endings=endings, law_name_followers=["改正", "データ"]))
    assert named is not None
    everywhere = [m.span() for m in named.finditer(text)]
    found = [m.span() for s in laws._run_starts(text, endings) if (m := named.match(text, s)) is not None]
    assert found == everywhere
