"""One language policy for the names of entity tags (TagOptions.tag_names)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.tagging.vocabulary import Vocabulary

TEXT = (
    "サムスン電子とソニーはイメージセンサーで協業すると発表した。サムスン電子はソニーの技術を採用し、"
    "スタンフォード大学と共同研究も進める。サムスン電子の幹部は「ソニーとの提携は大きい」と語った。"
)


def entity_tags(**options: object) -> set[str]:
    nlp = Analyzer(tag_options=TagOptions(max_entity_tags=None, **options))  # type: ignore[arg-type]
    return {t.tag for t in nlp.analyze(TEXT, title="サムスン電子とソニーが協業").tags if t.source == "entity"}


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("native", {"Samsung Electronics", "ソニー"}),
        ("japanese", {"サムスン電子", "ソニー"}),
        ("latin", {"Samsung Electronics", "Sony"}),
    ],
)
def test_one_policy_names_every_entity(policy: str, expected: set[str]) -> None:
    assert expected <= entity_tags(tag_names=policy)


def test_auto_follows_the_sites_own_tags() -> None:
    japanese_site = Vocabulary.from_tags(["グーグル", "アマゾン", "半導体"])
    assert {"サムスン電子", "ソニー"} <= entity_tags(vocabulary=japanese_site)
    latin_site = Vocabulary.from_tags(["Google", "Amazon", "NVIDIA"])
    assert {"Samsung Electronics", "Sony"} <= entity_tags(vocabulary=latin_site)
    assert {"Samsung Electronics", "ソニー"} <= entity_tags()  # no vocabulary: native


def test_a_bad_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="tag_names"):
        TagOptions(tag_names="english")


def test_indeed_is_a_us_company_tagged_by_its_name() -> None:
    nlp = Analyzer()
    text = "リクルート傘下のインディードは求人検索にAIを導入した。インディードの利用者は世界で3億人を超える。"
    assert "Indeed" in {t.tag for t in nlp.analyze(text).tags}
