"""Names no dictionary holds (discovery, the recognizer) as tags: short forms fold into the full name, and a name of
one or two characters is not a tag."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.models import Entity
from jpnews_tags.tagging.tagger import EntityInfo, entity_candidates
from jpnews_tags.text.layout import Layout


@pytest.fixture(scope="module")
def nlp() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "title", "full", "short"),
    [
        (
            "Hon Precisionは台湾の精密機器メーカーだ。Hon Precisionは半導体検査装置を手がける。Honの売上は伸びた。"
            "Honは上場企業だ。",
            "Hon Precision、AI検査装置を拡大",
            "Hon Precision",
            "Hon",
        ),
        (
            "Getty Imagesは画像生成AIの訴訟で勝訴した。Gettyは写真の権利を守る。Gettyの主張が認められた。",
            "Getty Images、訴訟で勝訴",
            "Getty Images",
            "Getty",
        ),
    ],
)
def test_a_short_form_is_the_full_name(nlp: Analyzer, text: str, title: str, full: str, short: str) -> None:
    tags = [t.tag for t in nlp.analyze(text, title=title).tags]
    assert full in tags and short not in tags


def model_entity(text: str, start: int, name: str, label: str = "PRODUCT") -> Entity:
    return Entity(
        start=start, end=start + len(name), text=name, label=label, kind="product", canonical=name,
        confidence=0.76, source="model",
    )  # fmt: skip


def test_a_name_of_two_characters_without_an_entry_is_no_tag() -> None:
    text = "NiCEはCXの自動化を進める。CXの改善はAIが担う。Cognigyとの統合でCXを変える。"
    ents = [model_entity(text, text.index("CX", i), "CX") for i in (0, 12, 30)]
    ents.append(model_entity(text, 0, "NiCE", "ORG"))
    ents.sort(key=lambda e: e.start)
    info = EntityInfo({}, {}, {})
    cands = entity_candidates(ents, Layout.of(text), None, set(), info, TagOptions())
    assert [c.tag for c in cands] == ["NiCE"]


def test_one_common_english_word_without_an_entry_is_no_tag() -> None:
    """The recognizer may take a capitalized common word for a product (Voice); as a keyphrase, it is no tag."""
    from jpnews_tags.text.tokenization import Tokenizer

    text = "Voiceモードが使える。Voiceは英語にも対応する。Lumoraの新機能だ。Lumoraは好調だ。"
    ents = [model_entity(text, text.index("Voice", i), "Voice") for i in (0, 12)]
    ents += [model_entity(text, text.index("Lumora", i), "Lumora") for i in (0, 30)]
    ents.sort(key=lambda e: e.start)
    info = EntityInfo({}, {}, {})
    common = Tokenizer().is_common_word
    cands = entity_candidates(ents, Layout.of(text), None, set(), info, TagOptions(), common)
    assert [c.tag for c in cands] == ["Lumora"]
    assert {c.tag for c in entity_candidates(ents, Layout.of(text), None, set(), info, TagOptions())} == {
        "Voice",
        "Lumora",
    }
