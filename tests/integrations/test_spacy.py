from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Span  # noqa: E402

from ..conftest import FIXTURES  # noqa: E402

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


# --- texts of any length (issue 16 item 15) ----------------------------------------------------------------------

PARAGRAPH = "米OpenAIとAWSが500億ドルで提携した。" * 10 + "\n\n"


def test_the_documented_recipe_takes_a_200_kb_text(nlp: spacy.language.Language) -> None:
    """spaCy's Japanese tokenizer alone refuses texts over 49,149 bytes (SudachiPy's limit)."""
    text = PARAGRAPH * 600
    assert len(text.encode("utf-8")) > 200_000
    with pytest.raises(Exception, match="Input is too long"):
        spacy.blank("ja")(text)
    doc = nlp(text)
    assert doc.text == text
    assert len(doc.ents) == 600 * 10 * 3
    assert {(e.text, e.label_) for e in doc.ents} == {("OpenAI", "ORG"), ("AWS", "ORG"), ("500億ドル", "MONEY")}
    last = doc.ents[-1]
    assert text[last.start_char : last.end_char] == last.text == "500億ドル" and last.end_char > len(text) - len(
        PARAGRAPH
    )
    assert all(t.tag_ for t in doc if not t.is_space)  # the tokenizer's attributes survive the joins
    assert [d.text for d in nlp.pipe([text, "AWS"])] == [text, "AWS"]


def test_one_long_paragraph_without_breaks_is_cut_at_sentence_ends(nlp: spacy.language.Language) -> None:
    text = PARAGRAPH.strip() * 400
    doc = nlp(text)
    assert doc.text == text and len(doc.ents) == 400 * 10 * 3


def test_short_texts_get_the_tokens_they_got_before(nlp: spacy.language.Language) -> None:
    from jpnews_tags.integrations.spacy import LongTextTokenizer

    assert isinstance(nlp.tokenizer, LongTextTokenizer)
    plain = spacy.blank("ja").tokenizer
    for text in ("米OpenAIとAWSが提携", PARAGRAPH * 50, ""):
        ours, theirs = nlp.tokenizer(text), plain(text)
        assert [(t.text, t.whitespace_, t.tag_, t.pos_, t.lemma_, t.norm_) for t in ours] == [
            (t.text, t.whitespace_, t.tag_, t.pos_, t.lemma_, t.norm_) for t in theirs
        ]


def test_long_texts_keep_sub_tokens_and_survive_saving(tmp_path: Path) -> None:
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "B"}}})
    nlp.add_pipe("jpnews_tags", config=CONFIG)
    text = ("米国政府の選挙管理委員会が発表した。" * 10 + "\n\n") * 400
    doc = nlp(text)
    assert doc.text == text and len(doc.user_data["sub_tokens"]) == len(doc)
    assert nlp.tokenizer.split_mode == "B"
    path = tmp_path / "pipeline"
    nlp.to_disk(path)
    again = spacy.load(path)
    assert again(text).text == text and again.tokenizer.split_mode == "B"
    nlp.tokenizer = nlp.tokenizer.tokenizer
    nlp.add_pipe("jpnews_tags", name="again", config=CONFIG)  # wrapped once, never twice
    assert type(nlp.tokenizer.tokenizer).__name__ == "JapaneseTokenizer"


def test_long_texts_can_be_turned_off() -> None:
    nlp = spacy.blank("ja")
    nlp.add_pipe("jpnews_tags", config={**CONFIG, "long_texts": False})
    assert type(nlp.tokenizer).__name__ == "JapaneseTokenizer"
