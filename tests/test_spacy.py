from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Span  # noqa: E402

from .conftest import FIXTURES  # noqa: E402

CONFIG = {"user_dictionaries": [str(FIXTURES / "dictionary")], "package_dictionaries": False}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.blank("ja")
    nlp.add_pipe("jpnews_tags", config=CONFIG)
    return nlp


def test_factory_is_registered_by_entry_point() -> None:
    assert "jpnews_tags" in spacy.registry.factories.get_all() or spacy.blank("ja").has_factory("jpnews_tags")


def test_sets_ents_with_kb_ids_and_tags(nlp: spacy.language.Language) -> None:
    doc = nlp("米OpenAIとAWSが500億ドルで提携した。")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("OpenAI", "ORG", "openai"),
        ("AWS", "ORG", "amazon-web-services"),
        ("500億ドル", "MONEY", ""),
    ]
    assert isinstance(doc._.jpnews_tags, list)
    assert doc._.jpnews_entities[0].canonical == "OpenAI"


def test_nlp_pipe_gives_what_nlp_gives(nlp: spacy.language.Language) -> None:
    texts = ["米OpenAIとAWSが500億ドルで提携した。", "", "NovaとBedrockをAWSが発表", "OpenAI"] * 3

    def view(doc: spacy.tokens.Doc) -> tuple[object, ...]:
        return tuple((e.text, e.label_, e.kb_id_) for e in doc.ents), doc._.jpnews_tags

    assert [view(d) for d in nlp.pipe(texts, batch_size=5)] == [view(nlp(t)) for t in texts]


def test_overlap_policy_replace_and_keep() -> None:
    text = "米OpenAIとAWSが提携した。"
    for policy, expected in (
        ("replace", {"OpenAI": "ORG", "AWS": "ORG"}),
        ("keep", {"米OpenAI": "MISC", "AWS": "ORG"}),
    ):
        nlp = spacy.blank("ja")

        @spacy.Language.component(f"fake_ner_{policy}")
        def fake_ner(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
            start = doc.char_span(0, 7, alignment_mode="expand")
            assert start is not None
            doc.ents = [Span(doc, start.start, start.end, label="MISC")]
            return doc

        nlp.add_pipe(f"fake_ner_{policy}")
        nlp.add_pipe("jpnews_tags", config={**CONFIG, "overlap": policy})
        doc = nlp(text)
        assert {e.text: e.label_ for e in doc.ents} == expected


def test_bad_policy_is_refused() -> None:
    nlp = spacy.blank("ja")
    with pytest.raises(ValueError, match="overlap must be one of"):
        nlp.add_pipe("jpnews_tags", config={**CONFIG, "overlap": "merge"})


def test_after_ja_ginza_ner() -> None:
    """Runs where ja_ginza is installed (a scratch venv; it is not a project dependency)."""
    pytest.importorskip("ja_ginza")
    nlp = spacy.load("ja_ginza")
    nlp.add_pipe("jpnews_tags", after="ner")
    doc = nlp("米OpenAIのサム・アルトマンCEOはソフトバンクグループの孫正義氏と会談した。")
    ents = {e.text: (e.label_, e.kb_id_) for e in doc.ents}
    assert ents["OpenAI"] == ("ORG", "openai")
    assert ents["ソフトバンクグループ"] == ("ORG", "softbank-group")  # GiNZA alone says Person
    assert ents["孫正義"][0] == "PERSON"
