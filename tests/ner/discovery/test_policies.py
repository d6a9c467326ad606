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
