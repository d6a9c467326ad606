"""Keyphrase tags are terms people search for: specific, reusable across posts, short (PhraseRules)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.tagging.keyphrases import extract_phrases


@pytest.fixture(scope="module")
def nlp() -> Analyzer:
    return Analyzer()


def phrases(nlp: Analyzer, text: str) -> list[str]:
    return [p.surface for p in extract_phrases(nlp.tokenizer.tokenize(text), 2, rules=nlp.tagger.phrase_rules)]


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("「Word2Vec」とは、単語をベクトルに変換する手法だ。Word2Vecとは何かを解説する。", "Word"),
        ("JP-AI法が成立した。JP-AI法は研究開発を後押しする。", "JP"),
        ("関係者によると、某生成AI企業が提携を打診した。某生成AI企業は回答を控えた。", "某生成AI企業"),
        ("新モデルはリアルタイム性を高めた。リアルタイム性は音声対話の要だ。", "リアルタイム性"),
        ("応答速度が2倍になった。応答速度の改善は利用者に好評だ。", "応答速度"),
        ("自社AIチップを2026年に投入する。自社AIチップは推論に特化する。", "自社AIチップ"),
        (
            "次世代AIディスプレイ搭載スマホが登場した。次世代AIディスプレイ搭載スマホは高価だ。",
            "次世代AIディスプレイ搭載スマホ",
        ),
        ("現場の同僚たちは戸惑った。同僚たちの多くは新ツールを歓迎した。", "同僚たち"),
        ("Voiceモードが使える。Voiceは英語にも対応する。", "Voice"),
        ("製薬業界で導入が進む。製薬業界の審査業務は重い。", "製薬業界"),
        ("TSMCはプロセス前倒しを決めた。プロセス前倒しの背景には需要がある。", "プロセス前倒し"),
        # from the corpus: measures and sectors that made tags before
        ("開発工数3割削減という数字が出た。開発工数の削減はAI導入の成果だ。", "開発工数"),
        ("これからの不動産業界の羅針盤になる。この不動産業界に関わる全ての人に届けたい。", "不動産業界"),
        ("AI業界の動向を追う。AI業界は大きく揺れている。", "AI業"),
        ("ファッション業界の変化は速い。ファッション業界は揺れている。", "ファッション業"),
        ("新しい適応プロセスを導入した。適応プロセスは自動で回る。", "適応プロセス"),
    ],
)
def test_junk_never_becomes_a_keyphrase(nlp: Analyzer, text: str, junk: str) -> None:
    assert junk not in phrases(nlp, text)
    assert junk not in {t.tag for t in nlp.analyze(text).tags}


@pytest.mark.parametrize(
    ("text", "head", "term"),
    [
        ("HBM市場が急拡大している。HBM市場ではSKハイニックスが先行する。", "HBM市場", "HBM"),
        ("臨床試験期間を半分にできるという。臨床試験期間の短縮は創薬の鍵だ。", "臨床試験期間", "臨床試験"),
        ("次世代AIスマホが各社から出る。次世代AIスマホは高価だ。", "次世代AIスマホ", "AIスマホ"),
        ("医療AI分野で提携した。医療AI分野の研究者を集める。", "医療AI分野", "医療AI"),
        ("動画生成機能を追加した。動画生成機能は有料版で使える。", "動画生成機能", "動画生成"),
    ],
)
def test_a_generic_head_is_left_out(nlp: Analyzer, text: str, head: str, term: str) -> None:
    found = phrases(nlp, text)
    assert head not in found and term in found


def test_specific_terms_are_still_keyphrases(nlp: Analyzer) -> None:
    text = "量子誤り訂正の研究が進む。量子誤り訂正は実用化の鍵だ。AGIの実現も議論された。AGIは遠いとの声もある。"
    assert {"量子誤り訂正", "AGI"} <= set(phrases(nlp, text))
