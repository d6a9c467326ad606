"""Names listed with known companies (jpnews_tags.ner.discovery.lists)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus sentences, the names known there replaced by the small dictionary's
        ("OpenAI、NVIDIA、Qantas、HubSpot、GOAT、Brexといった", ["Qantas"]),  # the item next to the list only
        ("Qantas、SHEIN、OpenAI、NVIDIA、GOATといった、そうそうたる顔ぶれ", ["SHEIN", "GOAT"]),
        ("これは、単にOpenAI、NVIDIA、LINEヤフーの3者が連携するだけでなく", ["LINEヤフー"]),
        ("OpenAI、ゼノバイト、NVIDIAで働いたエンジニア", ["ゼノバイト"]),  # between two known companies
        ("OpenAIとNVIDIA、ゼノバイトが", []),  # と between the known ones: no list of two by 、
        ("OpenAI、NVIDIA、データセンター、電力会社", []),  # a common word
        ("OpenAI、NVIDIA、エージェントAIの流れ", []),  # not a whole run: エージェントAIの is no item
        ("OpenAI、NVIDIA、Meta AIといった主要なAIアシスタント", []),  # examples of a kind of product
    ],
)
def test_a_name_listed_with_known_companies_is_one(small: Analyzer, text: str, expected: list[str]) -> None:
    """A katakana or Latin name listed with two known companies or more, one right after the other (or with
    names between them), is a company too (discovery: org-list-mates)."""
    known = {"OpenAI", "NVIDIA"}
    found = [e.text for e in small.analyze(text).entities if e.label == "ORG" and e.text not in known]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a journalist's headline (グーグル a proper noun to Sudachi; アマゾン, its river, is left to other rules)
        ("グーグル、アマゾン、セールスフォースで働いたエンジニアが教える", ["グーグル", "セールスフォース"]),
        # corpus sentences
        ("今回の資金調達ラウンドはSyndicate OneとCNBBが主導し、", ["Syndicate One", "CNBB"]),
        ("Salesforce VenturesとAMPが主導する資金調達ラウンド", ["Salesforce Ventures", "AMP"]),
        ("OpenAIとゼノバイトが共同で開発した", ["ゼノバイト"]),  # a known company is a name for sure
        ("ソフトバンク、トヨタ、ホンダの株価が上がった", ["ソフトバンク", "トヨタ", "ホンダ"]),
        # no list of companies: a role and a thing; a role before a name; a person; a generic platform
        ("データサイエンティストとウェットラボの研究者が", []),
        ("元OpenAIの伝説的なデザイナー、Zony Qiveが設立したハードウェア", []),
        ("ミランダ・カーとOpenAIが共同で", []),
        ("ファナックがオープンプラットフォームとNVIDIAとの協業に力を入れ", []),
        # 社 is a word of the last item alone (Adobe社), not shared by the list
        ("CLIP STUDIO PAINTやAdobe社のPhotoshop", ["Adobe"]),
    ],
)
def test_names_listed_before_a_company_word_are_companies(small: Analyzer, text: str, expected: list[str]) -> None:
    """A list of names right before one of ``company_words_after`` that begins with a particle (で働いた, が主導,
    の株価) shares it: each item is a company where one is a name for sure and none a person, place or role
    (discovery: org-lists-with-company-words)."""
    known = {"OpenAI", "NVIDIA"}
    found = [e.text for e in small.analyze(text).entities if e.label == "ORG" and e.text not in known]
    assert found == expected
