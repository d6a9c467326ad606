from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jpnews_tags import Analyzer
from jpnews_tags.lexicon.resources import shipped_layout_words
from jpnews_tags.text.layout import Layout


def test_mentions_of_one_entity_are_grouped_and_ranked(small: Analyzer) -> None:
    text = (
        "# AWSの新サービス\n\nAWSは米国政府向けの新リージョンを発表した。"
        "Amazon Web Servicesによれば2026年に開始する。\n\n"
        "一方、OpenAIもコメントした。\n\nアマゾン・ウェブ・サービスの担当者は「需要は大きい」と述べた。"
    )
    result = small.analyze(text, title="AWS、政府向けAIに投資")
    top = result.groups[0]
    assert top.id == "amazon-web-services"
    assert top.count == 4
    assert {m.text for m in top.mentions} == {"AWS", "Amazon Web Services", "アマゾン・ウェブ・サービス"}
    assert all(text[m.start : m.end] == m.text for g in result.groups for m in g.mentions)
    saliences = [g.salience for g in result.groups]
    assert saliences == sorted(saliences, reverse=True)
    assert all(0 <= s <= 1 for s in saliences)
    # numbers and dates are entities but not groups
    assert "2026年" in {e.text for e in result.entities}
    assert all(g.label not in ("DATE", "MONEY") for g in result.groups)
    openai = next(g for g in result.groups if g.id == "openai")
    assert openai.salience < top.salience


def test_title_raises_salience(small: Analyzer) -> None:
    text = "最初の段落。\n\n次の段落でOpenAIに触れる。\n\n最後の段落。\n\n" + "本文。" * 200
    plain = small.analyze(text).groups[0].salience
    titled = small.analyze(text, title="OpenAIの発表").groups[0].salience
    assert titled > plain


_LAYOUT_TEXT = st.lists(
    st.sampled_from(["AWSが発表。", "\n\n", "## 見出し\n", "<h2>見出し</h2>", "本文です。", "\n", "# T\n\n"]),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(_LAYOUT_TEXT, st.lists(st.integers(min_value=0, max_value=400), max_size=60))
def test_section_and_heading_counts_match_the_position_by_position_answers(text: str, positions: list[int]) -> None:
    """The bisection shortcuts the tag scores use agree with asking position by position."""
    layout = Layout.of(text, words=shipped_layout_words())  # boilerplate zones shape the sections too
    ordered = sorted(positions)
    assert layout.sections_hit(ordered) == len({layout.section_of(p) for p in positions})
    assert layout.paragraphs_hit(ordered) == len({layout.paragraph_of(p) for p in positions})
    assert layout.heading_count(ordered) == sum(1 for p in positions if layout.in_heading(p))
