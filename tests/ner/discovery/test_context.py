"""Helpers shared by the discovery rules (jpnews_tags.ner.discovery.context)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jpnews_tags.lexicon.resources import shipped_rule_cues
from jpnews_tags.ner.discovery.context import sentences_holding
from jpnews_tags.ner.discovery.examples import _examples_pattern


def test_the_sentences_holding_a_word_end_at_a_full_stop_or_a_line_break() -> None:
    text = "前文。グーグルやリフトといった企業\nが参入。OpenAIなどのAI企業も。最後"
    assert [text[s:e] for s, e in sentences_holding(text, ["といった", "など"])] == [
        "グーグルやリフトといった企業\n",
        "OpenAIなどのAI企業も。",
    ]
    assert list(sentences_holding(text, [])) == []
    last = "前文。などで終わる"
    assert [last[s:e] for s, e in sentences_holding(last, ["など"])] == ["などで終わる"]


_PIECES = ["グーグル", "リフト", "OpenAI", "Meta AI", "**Lucid**", "、", "と", "や", "といった", "のような", "などの",
           "企業", "AI企業", "先進的な", "。", "\n", "向け", "は", "の", " ", "テック"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_companies_given_as_examples_are_found_in_the_sentences_holding_a_link(text: str) -> None:
    """A list of examples never crosses a 。 or a line break, so scanning the sentences holding a link finds what a
    scan of the whole text finds (organizations.examples_of_companies)."""
    cues = shipped_rule_cues()
    pattern = _examples_pattern(tuple(cues.org_example_links), tuple(cues.org_example_heads))
    everywhere = [m.span() for m in pattern.finditer(text)]
    windows = [
        m.span() for s, e in sentences_holding(text, cues.org_example_links) for m in pattern.finditer(text, s, e)
    ]
    assert windows == everywhere
