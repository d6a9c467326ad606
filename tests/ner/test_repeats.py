"""One reading of a found name per text (jpnews_tags.ner.repeats)."""

from __future__ import annotations

import pytest

from jpnews_tags.lexicon.resources import shipped_name_cues, shipped_rule_cues
from jpnews_tags.models import Entity
from jpnews_tags.ner.repeats import one_reading, repeat_names
from jpnews_tags.ner.rules import WordsAfter
from jpnews_tags.text.tokenization import Tokenizer


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return Tokenizer()


def says(cues: WordsAfter, text: str, e: Entity, said: str | None) -> None:
    """The words after ``e`` say ``said``, and one reading per text gives ``e`` that label."""
    assert cues(text, e) == said
    if said:
        assert one_reading([e], cue=lambda x: cues(text, x))[0].label == said


@pytest.fixture(scope="module")
def shipped_cues() -> WordsAfter:
    """The words after a mention that say its label, with the shipped cue files."""
    return WordsAfter(shipped_rule_cues(), shipped_name_cues().latin_org_words)


def found(text: str, name: str, label: str, source: str = "model", confidence: float = 0.8, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Entity(
        start=start,
        end=start + len(name),
        text=name,
        label=label,  # type: ignore[arg-type]
        canonical=name,
        confidence=confidence,
        source=source,  # type: ignore[arg-type]
    )


def test_every_other_occurrence_is_the_same_name(tok: Tokenizer) -> None:
    text = "Velquorの新型機が出た。Velquorは強い。前からVelquorが好きだ。"
    seed = found(text, "Velquor", "ORG", nth=1)
    out = repeat_names(text, tok.tokenize(text), [seed], tok.is_common_word)
    last = text.rindex("Velquor")
    assert [(e.start, e.label, e.source, e.confidence) for e in out] == [
        (0, "ORG", "model", 0.8),
        (last, "ORG", "model", 0.8),
    ]
    assert all(text[e.start : e.end] == e.text for e in out)


def test_unsure_dictionary_and_common_names_are_not_repeated(tok: Tokenizer) -> None:
    text = "Velquorとデータセンター。Velquorとデータセンター。"
    unsure = found(text, "Velquor", "ORG", confidence=0.3)
    listed = found(text, "Velquor", "ORG", source="gazetteer")
    common = found(text, "データセンター", "PRODUCT")
    tokens = tok.tokenize(text)
    assert repeat_names(text, tokens, [unsure], tok.is_common_word) == []
    assert repeat_names(text, tokens, [listed], tok.is_common_word) == []
    assert repeat_names(text, tokens, [common], tok.is_common_word) == []


def test_two_readings_the_larger_wins(tok: Tokenizer) -> None:
    text = "Ostranaを使う。Ostranaが発表した。Ostranaが買収した。Ostranaだ。"
    seeds = [
        found(text, "Ostrana", "PRODUCT", confidence=0.6),
        found(text, "Ostrana", "ORG", confidence=0.7, nth=1),
        found(text, "Ostrana", "ORG", confidence=0.7, nth=2),
    ]
    out = repeat_names(text, tok.tokenize(text), seeds, tok.is_common_word)
    assert [(e.start, e.label) for e in out] == [(text.rindex("Ostrana"), "ORG")]


def test_never_over_a_name_or_a_decided_span(tok: Tokenizer) -> None:
    text = "Nexaroを発表。Nexaro Proも出た。Nexaroは人気だ。"
    seed = found(text, "Nexaro", "PRODUCT")
    longer = found(text, "Nexaro Pro", "PRODUCT", source="gazetteer")
    last = text.rindex("Nexaro")
    tokens = tok.tokenize(text)
    out = repeat_names(text, tokens, [seed, longer], tok.is_common_word)
    assert [e.start for e in out] == [last]
    assert repeat_names(text, tokens, [seed, longer], tok.is_common_word, decided=[(last, last + 6)]) == []


def test_one_reading_per_text() -> None:
    text = "Adobeが発表。Adobeを使う。Adobeが買収。"
    a, b, c = (found(text, "Adobe", lab, confidence=0.7, nth=k) for k, lab in enumerate(["ORG", "PRODUCT", "ORG"]))
    listed = found(text, "Adobe", "PRODUCT", source="gazetteer", nth=1).model_copy(update={"id": "adobe-x"})
    assert [e.label for e in one_reading([a, b, c])] == ["ORG", "ORG", "ORG"]
    # the dictionary's labels are the dictionary's
    assert [e.label for e in one_reading([a, listed, c])] == ["ORG", "PRODUCT", "ORG"]


def test_a_rules_reading_beats_the_models() -> None:
    text = "米Adobeは発表した。Adobeを使う。Adobeで描く。"
    rule = found(text, "Adobe", "ORG", source="discovery", confidence=0.5)
    model = [found(text, "Adobe", "PRODUCT", confidence=0.9, nth=k) for k in (1, 2)]
    assert [e.label for e in one_reading([rule, *model])] == ["ORG", "ORG", "ORG"]


def test_never_a_piece_of_a_longer_name(tok: Tokenizer) -> None:
    """Soulful found alone is not repeated inside Soulful AI, nor Gen inside Gen 2."""
    text = "Soulfulが出た。「Soulful AI」を使う。Genも。Gen 2も。"
    seeds = [found(text, "Soulful", "PRODUCT"), found(text, "Gen", "PRODUCT")]
    out = repeat_names(text, tok.tokenize(text), seeds, tok.is_common_word)
    assert out == []


def test_the_words_after_the_mentions_say_company_or_product() -> None:
    """Blackwell taken for a company three times is the product where one mention says so (Blackwellチップ); a tie
    of cues, or no cue, leaves the confidence vote; a person is never relabelled by a company-or-product cue."""
    from jpnews_tags.lexicon.schema import RuleCues

    cues = WordsAfter(RuleCues(product_words_after=["チップ", "シリーズ"], company_words_after=["傘下", "CEO"]))
    text = "Blackwellは重要だ。Blackwellの投入で、Blackwellチップが中核を担う。"
    mentions = [found(text, "Blackwell", "ORG", confidence=0.87, nth=k) for k in range(3)]
    assert [e.label for e in one_reading(mentions)] == ["ORG"] * 3
    relabelled = one_reading(mentions, cue=lambda e: cues(text, e))
    assert [(e.label, e.kind) for e in relabelled] == [("PRODUCT", "product")] * 3
    tie = "Zenoは重要だ。Zenoシリーズと、Zeno傘下の企業。"  # one cue each way: a tie
    mentions = [
        *(found(tie, "Zeno", "ORG", confidence=0.9, nth=k) for k in (0, 1)),
        found(tie, "Zeno", "PRODUCT", nth=2),
    ]
    assert [e.label for e in one_reading(mentions, cue=lambda e: cues(tie, e))] == ["ORG"] * 3
    person = "Zenoチップの話。"
    assert one_reading([found(person, "Zeno", "PERSON")], cue=lambda e: cues(person, e))[0].label == "PERSON"
    # a name the dictionary found keeps its label
    listed = found(text, "Blackwell", "ORG", source="gazetteer", nth=2).model_copy(update={"id": "blackwell-x"})
    assert one_reading([listed], cue=lambda e: cues(text, e))[0].label == "ORG"


def test_a_name_ending_in_an_org_word_is_the_company() -> None:
    """A name found without the dictionary whose last word is one of ``latin_org_words`` is the company at every
    mention, whatever found it as a product (corpus: IBM AI Lab Japan, Masakhane Research Foundation); the word
    alone or inside a name says nothing."""
    from jpnews_tags.lexicon.schema import RuleCues

    cues = WordsAfter(RuleCues(), ["Foundation", "Lab", "Japan"])
    text = "Masakhane Research Foundationには300万ドル。IBM AI Lab Japanを設立。Foundationは、Lab Studioも。"
    names = [("Masakhane Research Foundation", "ORG"), ("IBM AI Lab Japan", "ORG"), ("Foundation", None),
             ("Lab Studio", None)]  # fmt: skip
    assert [cues(text, found(text, n, "PRODUCT")) for n, _ in names] == [label for _, label in names]
    relabelled = one_reading([found(text, "Masakhane Research Foundation", "PRODUCT")], cue=lambda e: cues(text, e))
    assert [(e.label, e.kind) for e in relabelled] == [("ORG", "company")]


def test_a_name_ending_in_an_event_word_is_the_event() -> None:
    """A name found without the dictionary whose last word is one of ``latin_event_words`` is the event at every
    mention, whatever found it as a product (corpus: ASUS AI Tech Summit, TDK Investor Day); the word alone, first,
    or glued to another word says nothing."""
    from jpnews_tags.lexicon.schema import RuleCues

    cues = WordsAfter(RuleCues(), ["Bank"], ["Summit", "Day"])
    text = "「ASUS AI Tech Summit」で発表。TDK Investor Dayの後、Summit AIとZeqDay、Jio Payments Bankも。Summitも。"
    names = [("ASUS AI Tech Summit", "EVENT"), ("TDK Investor Day", "EVENT"), ("Summit AI", None), ("ZeqDay", None),
             ("Jio Payments Bank", "ORG"), ("Summit", None)]  # fmt: skip
    assert [cues(text, found(text, n, "PRODUCT")) for n, _ in names] == [label for _, label in names]
    mentions = [found(text, "ASUS AI Tech Summit", "PRODUCT"), found(text, "Jio Payments Bank", "PRODUCT")]
    relabelled = one_reading(mentions, cue=lambda e: cues(text, e))
    assert [(e.label, e.kind) for e in relabelled] == [("EVENT", "event"), ("ORG", "company")]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # corpus sentences: quoted or listed names the quoted-name rule reads as products
        ("ASUSがドバイで開催した初の「ASUS AI Tech Summit」で発表した。", "ASUS AI Tech Summit", "EVENT"),
        ("ファーウェイの投資部門「Hubble Investment」が出資した。", "Hubble Investment", "ORG"),
        ("NVIDIAの「NVLink Fusion consortium」への参加を表明した。", "NVLink Fusion consortium", "ORG"),
        ("「Zeqtra Summit Pro」を発売した。", "Zeqtra Summit Pro", "PRODUCT"),  # Summit is not its last word
    ],
)
def test_the_shipped_event_and_org_words_label_a_found_name(text: str, name: str, label: str) -> None:
    """With the shipped cues and no dictionary, the last word of a name found by a rule says its label."""
    from jpnews_tags import Analyzer

    nlp = Analyzer(package_dictionaries=False, use_config=False, recognizer=False)
    assert [e.label for e in nlp.analyze(text).entities if e.text == name] == [label]


def test_a_platform_named_after_its_name_is_the_product_with_the_shipped_cues(shipped_cues: WordsAfter) -> None:
    """A corpus sentence: a name taken for a company, right before プラットフォーム, is the platform; プラットフォーム
    with anything between it and the name says nothing."""
    cues = shipped_cues
    text = "Athos Inc.が開発したAthos Omics AIプラットフォームは地味だ。Athos Omics AIの新しいプラットフォーム。"
    mentions = [found(text, "Athos Omics AI", "ORG", nth=k) for k in (0, 1)]
    assert [cues(text, e) for e in mentions] == ["PRODUCT", None]
    assert [e.label for e in one_reading(mentions, cue=lambda e: cues(text, e))] == ["PRODUCT", "PRODUCT"]


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        ("ソフトバンクが目指す「千手観音プロジェクト」や「AI-RAN」といった構想。", "千手観音", "PRODUCT"),
        ("トヨタのWoven City構想との連携です。", "Woven City", "PRODUCT"),
        ("MITのNANDAイニシアチブが発表した報告書。", "NANDA", "PRODUCT"),
        ("サムスンの「Zenova」構想、その真意は。", "Zenova", "PRODUCT"),  # the quote closes before the word
        ("NANDAの研究プロジェクト。", "NANDA", None),  # a word between: the project is not named by it
    ],
)
def test_a_name_right_before_a_project_word_is_the_project_a_product(
    text: str, name: str, said: str | None, shipped_cues: WordsAfter
) -> None:
    """Named projects are products (gold guidelines: 「Stargate」プロジェクト); the shipped ``project_words`` say so
    of a name found without the dictionary too (corpus: 千手観音 and Woven City were companies to the model)."""
    says(shipped_cues, text, found(text, name, "ORG"), said)


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        # corpus sentences whose names the recognizer or a rule read as products
        ("2025年にはAlphawaveを買収してSerDesの技術を得た。", "Alphawave", "ORG"),
        ("ソニーがAISGと提携してLLM開発を進めている。", "AISG", "ORG"),
        ("Aramco Digitalとの提携では、最先端のエッジAIを", "Aramco Digital", "ORG"),
        ("個人金融スタートアップのRoiを買収しました。", "Roi", "ORG"),
        ("Zeqtraの時価総額は1兆ドルを超えた。", "Zeqtra", "ORG"),
        # what a product has too says nothing (S24 UltraのAIチップ, SYCLomaticの挑戦, ChatGPTの調査)
        ("S24 UltraのAIチップは速い。", "S24 Ultra", None),
        ("SYCLomaticの挑戦は続く。", "SYCLomatic", None),
        ("Zeqtraの調査によれば", "Zeqtra", None),
    ],
)
def test_deals_money_and_staff_after_a_name_say_the_company(
    text: str, name: str, said: str | None, shipped_cues: WordsAfter
) -> None:
    """The shipped ``company_words_after`` hold what only a company has or does (Xを買収, Xと提携, Xの時価総額);
    words the dictionary's companies have before them but products have too (のAIチップ, の挑戦) are not among them."""
    says(shipped_cues, text, found(text, name, "PRODUCT"), said)


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        # corpus sentences whose names a rule read as products (SB OAI Japan GK, Web300, Zoom)
        ("今回のSB OAI Japan GKの設立は、単なる技術提携以上の意味を持つ", "SB OAI Japan GK", "ORG"),
        ("AIコミュニティ「Web300」と手を組み、次世代の経営モデルを示す", "Web300", "ORG"),
        ("Zoomが長年培ってきた「シンプルで使いやすいビデオ会議」という強み", "Zoom", "ORG"),
        ("ZeqtraのAI戦略は明確だ。", "Zeqtra", "ORG"),
        ("Zeqtraが推進するオープン化の流れ", "Zeqtra", "ORG"),
        # a strategy of a product's use, a product's pride: not the company's
        ("Zeqtraの戦略的な活用が鍵だ。", "Zeqtra", None),
        ("Zeqtraが誇る処理性能", "Zeqtra", None),
    ],
)
def test_plans_stance_and_past_after_a_name_say_the_company(
    text: str, name: str, said: str | None, shipped_cues: WordsAfter
) -> None:
    """The shipped ``company_words_after`` hold a company's plans, stance and past too (XのAI戦略, Xが推進する,
    Xが長年培ってきた); not の戦略 or が誇る, which a product takes too."""
    says(shipped_cues, text, found(text, name, "PRODUCT"), said)


@pytest.mark.parametrize(
    ("text", "name", "said"),
    [
        ("Zeqtraを活用して業務を自動化した。", "Zeqtra", "PRODUCT"),
        ("Zeqtraの性能は高い。", "Zeqtra", "PRODUCT"),
        ("Zeqtraを搭載したスマートフォン", "Zeqtra", "PRODUCT"),
        ("Zeqtraが活用した。", "Zeqtra", None),
    ],
)
def test_what_is_done_with_a_product_says_the_product(
    text: str, name: str, said: str | None, shipped_cues: WordsAfter
) -> None:
    """The shipped ``product_uses_after`` (Xを活用, Xの性能: products 95 times in 100 or more before them among the
    dictionary's names on the corpus) vote for the product; with ``uses=False`` they say nothing."""
    e = found(text, name, "ORG")
    says(shipped_cues, text, e, said)
    assert shipped_cues(text, e, uses=False) is None


def test_a_term_used_like_a_product_stays_a_term() -> None:
    """A name one of whose mentions is a field (MEC分野) is a term, though another is used (MECを活用): what is
    done with a product is done with a term too (corpus: 「Agentic World」を実現, MECを活用)."""
    from jpnews_tags import Analyzer

    nlp = Analyzer(package_dictionaries=False, use_config=False, recognizer=False)
    text = "MEC分野は伸びている。通信各社は「MEC」を活用して遅延を減らす。"
    assert [e.text for e in nlp.analyze(text).entities if e.text == "MEC"] == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a corpus sentence (Zoom Cares, Zoom's giving arm, had been read as a product)
        ("Zentrixが、AI教育と機会へのアクセス促進のために3年間で1,000万ドルを投資するという発表も", "ORG"),
        ("Zentrixは新しいAIモデルを発表した。", "ORG"),
        ("ZentrixがZeq社と提携した。", "ORG"),
        ("Zentrixが「Snapdragon X2 Elite」を発表したと聞いて", "ORG"),  # its object quoted (Qualcomm held out)
        ("ZentrixがAI動画生成モデル「LTX-2」を公開した。", "ORG"),  # a corpus sentence (Lightricks): 公開
        ("Zentrixは昨年発表された新製品だ。", None),  # no object of its own
        ("Zentrixは、Zeq社が新モデルを発表したときに", None),  # another subject before the act
        ("Zentrixは大量のデータを分析する。", None),  # a product analyzes too
        ("Zentrixは同社のAIモデルを採用した。", None),  # and is chosen
        ("Zentrixは新機能を発表されたばかりだ。", None),  # passive
    ],
)
def test_a_name_that_acts_on_its_own_object_is_the_company(
    text: str, said: str | None, shipped_cues: WordsAfter
) -> None:
    """A found name that is the subject of one of the shipped ``company_acts`` with its own object (Xは…を発表した,
    Xが…と提携), no other topic between, is the company; not acts a product does too (分析, 採用)."""
    cues = shipped_cues
    assert cues(text, found(text, "Zentrix", "PRODUCT")) == said
