"""Policies named after a place (jpnews_tags.ner.discovery.policies)."""

from __future__ import annotations

from jpnews_tags import Analyzer


def test_policies_named_after_a_place(small: Analyzer) -> None:
    def laws(text: str) -> list[str]:
        return [e.text for e in small.analyze(text).entities if e.label == "LAW"]

    plan = "河南省エンボディドAI産業発展行動計画"
    assert laws(f"河南省は「{plan}」を発表した。") == [plan]
    assert laws("河南省のAI戦略と、河南省戦略の話。") == []  # a particle between; a bare topic word
    assert laws("同社の河南省投資計画が明らかに。") == []  # a company's plan, not a policy
    assert laws(f"河南省は「{plan}（2024−27年）」を発表した。") == [f"{plan}（2024−27年）"]  # its period too


def test_a_place_sudachi_knows_names_a_policy_without_the_dictionary(small: Analyzer) -> None:
    """東京都 is in no entry of the fixture dictionary and no rule finds it before a Latin word (places: 崑崙5 is a
    product number); Sudachi knows it as a place, which is enough for the policy written after it (an ITmedia
    headline: 「東京都AI戦略」策定)."""
    found = [(e.text, e.label) for e in small.analyze("「東京都AI戦略」策定　都民サービスから職員の業務まで").entities]
    assert ("東京都AI戦略", "LAW") in found


def test_a_policy_word_is_a_word_of_its_own(small: Analyzer) -> None:
    """法 at the end of a longer word is no law: 新治療法 (Sudachi reads the place 新治 + 療法, a treatment, in a corpus
    post), カリフォルニア州法 (州法, the topic word the docstring leaves out)."""
    for text in ("新治療法の開発が進む。", "多くの企業がカリフォルニア州法を遵守した。"):
        assert [e.text for e in small.analyze(text).entities if e.label == "LAW"] == [], text
