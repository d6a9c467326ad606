"""People and their surnames (jpnews_tags.ner.discovery.people)."""

from __future__ import annotations

from jpnews_tags import Analyzer


def test_japanese_surname_links_to_the_full_name(small: Analyzer) -> None:
    ents = small.analyze("ジャーナリストの山根康宏氏が解説する。山根氏によれば市場は伸びる。").entities
    assert [(e.text, e.canonical) for e in ents] == [("山根康宏", "山根康宏"), ("山根", "山根康宏")]


def _people(a: Analyzer, text: str) -> list[tuple[int, str]]:
    return [(e.start, e.text) for e in a.analyze(text).entities if e.label == "PERSON"]


def test_a_common_word_before_an_office_is_a_person_and_recurs(small: Analyzer) -> None:
    # トランプ is a common noun to Sudachi (playing cards) and one word with 大統領; the office says who it is,
    # and the bare headline mention before it is the same person
    text = "トランプとマスクの確執\nイーロン・マスクは、トランプ大統領の税制改革法案を批判した。"
    assert _people(small, text) == [(0, "トランプ"), (5, "マスク"), (12, "イーロン・マスク"), (22, "トランプ")]


def test_a_place_before_an_office_is_not_a_person(small: Analyzer) -> None:
    assert _people(small, "フランス大統領とイギリス首相が会談した。") == []


def test_a_common_word_before_a_soft_honorific_is_a_role(small: Analyzer) -> None:
    # ドライバーさん is a driver, not Mr. Driver; マスク氏 is a person (氏 is the news honorific)
    assert _people(small, "配送ドライバーさんの負担が減る。ドライバーの安全も大切だ。") == []
    assert _people(small, "マスク氏が発表した。") == [(0, "マスク")]


def test_a_surname_in_a_headline_before_the_full_name(small: Analyzer) -> None:
    text = "バフェットでも株価は半減する\n投資の神様、ウォーレン・バフェットの動画が話題だ。"
    assert _people(small, text) == [(0, "バフェット"), (21, "ウォーレン・バフェット")]
    # a surname alone with no full name in the text is not a person by that rule
    assert _people(small, "バフェットでも株価は半減する。") == []


def test_latin_names_before_a_strong_honorific_are_people(small: Analyzer) -> None:
    # corpus sentences: 氏 and 先生 follow people only, in any script
    text = "元DeepMindの科学者、Alhussein Fawzi氏やBernardino Romera-Paredes氏といったキーパーソンが集まる。"
    assert [t for _, t in _people(small, text)] == ["Alhussein Fawzi", "Bernardino Romera-Paredes"]
    assert _people(small, "台湾経済部大臣J.W. Kuo氏がTSMCに言及した。") == [(7, "J.W. Kuo")]
    assert _people(small, "共同創業者のEric P. Lefkofsky氏が立ち上げた。") == [(6, "Eric P. Lefkofsky")]
    # not a title's span (Governor Wes Moore), not the end of a longer Latin phrase (Dr. Haojin Yang), not before
    # a soft honorific (Alexaさん is a voice assistant)
    assert _people(small, "Governor Wes Moore氏が語った。") == []
    assert [t for _, t in _people(small, "CEOであるDr. Haojin Yang氏が率いる。")] != ["Haojin Yang"]
    assert _people(small, "Alexaさんに聞いてみた。") == []
