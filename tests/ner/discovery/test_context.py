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


def _sentences_by_search(text: str, words: list[str]) -> list[tuple[int, int]]:
    """What sentences_holding gives, the plain way: for each match of a word outside the last sentence, the stops
    before it and after it searched for across the text."""
    import re

    out: list[tuple[int, int]] = []
    end = 0
    for m in re.finditer("|".join(map(re.escape, sorted(words, key=len, reverse=True))), text):
        if m.start() < end:
            continue
        start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        stops = [i for i in (text.find("。", m.start()), text.find("\n", m.start())) if i >= 0]
        end = min(stops) + 1 if stops else len(text)
        out.append((start, end))
    return out


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["など", "といった", "。", "\n", "A", "企業", "と"]), max_size=30).map("".join))
def test_the_sentences_are_those_of_a_search_across_the_text(text: str) -> None:
    """sentences_holding reads each character once (stops remembered between matches, tests/ner/discovery/
    test_linear.py: example-sentences) and gives the sentences a search from each match across the text gives."""
    assert list(sentences_holding(text, ["など", "といった"])) == _sentences_by_search(text, ["など", "といった"])
