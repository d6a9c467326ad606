"""Abbreviations and readings in brackets (jpnews_tags.ner.discovery.brackets)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


def test_abbreviations_and_readings_in_brackets_are_the_same_entity(analyzer: Analyzer) -> None:
    text = "AppleのMetal Performance Shaders（MPS）と、Model Evaluation & Threat Research (METR)の報告。"
    ents = {e.text: e for e in analyzer.analyze(text).entities}
    assert ents["MPS"].id == ents["Metal Performance Shaders"].id and ents["MPS"].label == "PRODUCT"
    long = ents["Model Evaluation & Threat Research"]
    assert long.label == "ORG" and long.id == ents["METR"].id
    ents = {e.text: e for e in analyzer.analyze("AIモデル「Apertus（アペルタス）」を公開した。").entities}
    assert ents["アペルタス"].canonical == ents["Apertus"].canonical == "Apertus"
    # Brackets that are not an abbreviation or a reading of the name are left alone.
    assert "AI" not in {e.text for e in analyzer.analyze("OpenAI（AI）は").entities}


@pytest.mark.parametrize("inner", ["マルチエージェントシステム", "エンタープライズグレード", "クロスモーダル"])
def test_a_bracketed_description_is_not_a_reading(small: Analyzer, inner: str) -> None:
    ents = small.analyze(f"AIモデル「Zephyra（{inner}）」を公開").entities
    assert [(e.text, e.label) for e in ents] == [("Zephyra", "PRODUCT")]
