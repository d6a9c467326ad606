"""People and their surnames (jpnews_tags.ner.discovery.people)."""

from __future__ import annotations

from jpnews_tags import Analyzer


def test_japanese_surname_links_to_the_full_name(small: Analyzer) -> None:
    ents = small.analyze("ジャーナリストの山根康宏氏が解説する。山根氏によれば市場は伸びる。").entities
    assert [(e.text, e.canonical) for e in ents] == [("山根康宏", "山根康宏"), ("山根", "山根康宏")]
