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
