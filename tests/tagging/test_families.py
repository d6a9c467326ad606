"""A product version and its family: one policy (TagOptions.families)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.lexicon.schema import Entry
from jpnews_tags.tagging.names import version_families

LLAMA = (
    "Metaは新しい大規模言語モデル「Llama 4」を公開した。Llama 4はLlamaシリーズの最新版で、"
    "軽量なLlama 4 Scoutと高性能なLlama 4 Maverickの2種類がある。Llamaはオープンモデルとして広く使われてきた。"
)
GAUDI = "IntelはAIアクセラレーター「Intel Gaudi 3」を発表した。Gaudi 3はIntel Gaudiの第3世代で、Intelの戦略の柱だ。"


def entity_tags(policy: str, text: str, title: str) -> list[str]:
    nlp = Analyzer(tag_options=TagOptions(families=policy))
    return [t.tag for t in nlp.analyze(text, title=title).tags if t.source == "entity"]


@pytest.mark.parametrize(("text", "title"), [(LLAMA, "Meta、Llama 4を公開"), (GAUDI, "Intel、Gaudi 3を発表")])
def test_by_default_the_family_stands_for_its_versions(text: str, title: str) -> None:
    tags = entity_tags("family", text, title)
    assert ("Llama" in tags) != ("Intel Gaudi" in tags)
    assert not {"Llama 4", "Llama 4 Scout", "Intel Gaudi 3"} & set(tags)
    assert TagOptions().families == "family"


def test_a_roll_up_to_a_version_is_its_family() -> None:
    """Gemini Nano 2 has no entry: its parent Gemini Nano is a version of Gemini, so the roll-up is Gemini (a post
    of the corpus had both Gemini and Gemini Nano)."""
    text = (
        "正直なところ、Googleが今回発表した「Gemini Nano 2」のニュースを聞いて、私は最初、少し懐疑的でしたね。"
        "今回の発表で強調されているのは、このGemini Nano 2が前世代の約2倍の規模を持ちながら、品質が大幅に向上して"
        "いるという点です。Gemini Nano 2もまだ進化の途中でしょうし、現状では一部のハイエンドAndroidスマートフォンでの"
        "利用が中心とのこと。Gemini NanoはGeminiの小型版です。"
    )
    tags = entity_tags("family", text, "Google Gemini Nano 2、その真意はどこにあるのか？")
    assert "Gemini" in tags and "Gemini Nano" not in tags
    assert "Gemini Nano" in entity_tags("both", text, "Google Gemini Nano 2、その真意はどこにあるのか？")


def test_specific_keeps_the_version_and_drops_the_family() -> None:
    tags = entity_tags("specific", LLAMA, "Meta、Llama 4を公開")
    assert "Llama 4" in tags and "Llama" not in tags
    gaudi = entity_tags("specific", GAUDI, "Intel、Gaudi 3を発表")
    assert "Intel Gaudi 3" in gaudi and "Intel Gaudi" not in gaudi and "Intel" in gaudi


def test_both_keeps_each_as_found() -> None:
    tags = entity_tags("both", LLAMA, "Meta、Llama 4を公開")
    assert {"Llama 4", "Llama"} <= set(tags)


def test_a_bad_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="families"):
        TagOptions(families="newest")


def test_versions_are_told_from_products_of_their_own() -> None:
    def e(i: str, n: str, p: str | None = None) -> Entry:
        return Entry(id=i, name=n, label="PRODUCT", kind="ai_model", parent=p)

    entries = [
        e("gpt", "GPT"),
        e("gpt-5", "GPT-5", "gpt"),
        e("gpt-5-mini", "GPT-5 mini", "gpt-5"),
        e("gemini", "Gemini"),
        e("gemini-robotics", "Gemini Robotics", "gemini"),
        e("gemini-robotics-1.5", "Gemini Robotics 1.5", "gemini-robotics"),
        e("copilot", "Microsoft Copilot"),
        e("copilot-studio", "Copilot Studio", "copilot"),
    ]
    assert version_families(entries, ["mini"]) == {
        "gpt-5": "gpt",
        "gpt-5-mini": "gpt",
        "gemini-robotics-1.5": "gemini-robotics",
    }
