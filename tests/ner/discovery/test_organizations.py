"""Companies by apposition, legal form, industry word, business, head office or country prefix."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("米スタートアップのゼノバイトが発表", [("ゼノバイト", "ORG")]),
        ("半導体商社マクニカと契約した", [("マクニカ", "ORG")]),
        ("ゼノバイトのCEOは語った", [("ゼノバイト", "ORG")]),
        ("スタートアップのCEOは語った", []),
        ("新興企業の多くは赤字だ", []),
    ],
)
def test_appositions_mark_companies(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.label) for e in small.analyze(text).entities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("サカナテックの佐々木健一社長は「AIで変える」と語った。", [("サカナテック", "ORG")]),  # coined katakana
        ("ゼノバイトのジョン・スミスCEOは新製品を紹介した。", [("ゼノバイト", "ORG")]),
        ("ゼノバイトの佐々木健一氏CEOは", [("ゼノバイト", "ORG")]),  # 氏 between
        ("ゼノバイトのジョン・スミス CEOは新製品を紹介した。", [("ゼノバイト", "ORG")]),  # a space between
        ("ゼノバイトの佐々木健一　社長は語った。", [("ゼノバイト", "ORG")]),  # an ideographic one
        ("佐々木健一・ゼノバイト社長は語った。", [("ゼノバイト", "ORG")]),  # the newspapers' order
        ("佐々木健一・代表取締役社長は語った。", []),  # a title
        ("佐々木健一・同社社長は語った。", []),
        ("同社の佐々木健一社長は語った。", []),  # a common word
        ("日本法人の佐々木健一社長は語った。", []),  # kanji common words
        ("ベテランの佐々木健一社長は語った。", []),  # one katakana word
        ("ゼノバイトの佐々木健一さんは語った。", []),  # no title: a member, a customer, anyone
    ],
)
def test_the_name_before_a_named_head_is_a_company(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    """〇〇の佐々木健一社長: the name before の, a person and a company head's title is the company."""
    assert [(e.text, e.label) for e in small.analyze(text).entities if e.label == "ORG"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus sentences, the known company from the test dictionary's place in them (エヌビディア)
        ("エヌビディアとARYAの戦略的提携が示す、AIセキュリティの未来", [("エヌビディア", "ORG"), ("ARYA", "ORG")]),
        (
            "エヌビディアとハピネスプラネットが共同開発した自己成長型",
            [("エヌビディア", "ORG"), ("ハピネスプラネット", "ORG")],
        ),
        (
            "今回のゼノバイトとエヌビディアの協業は、単なる技術提携以上の意味を持つ。",
            [("ゼノバイト", "ORG"), ("エヌビディア", "ORG")],
        ),
        (
            "エヌビディアとカスタムAIハードウェアの共同開発を進めている。",
            [("エヌビディア", "ORG")],
        ),  # what is developed
        (
            "エヌビディアとカスタムハードウェアの提携",
            [("エヌビディア", "ORG"), ("カスタムハードウェア", "ORG")],
        ),  # の提携: a party
        (
            "SBI AlpacaTechとエヌビディアの提携が示す未来",
            [("SBI AlpacaTech", "ORG"), ("エヌビディア", "ORG")],
        ),  # the whole name, listed before の提携 (org-lists-with-company-words); never its piece AlpacaTech
        ("エヌビディアとベテランが提携", [("エヌビディア", "ORG")]),  # one common word
        ("エヌビディアとゼノバイトが会見した。", [("エヌビディア", "ORG")]),  # no partnership word
    ],
)
def test_a_company_s_partner_is_a_company(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    """A name written with a company and a partnership word (``partnership_words``) is a company too."""
    assert [(e.text, e.label) for e in small.analyze(text).entities if e.label == "ORG"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus sentences
        ("テキサスでは傘下のSBエナジーが電力インフラを提供しています。", ["SBエナジー"]),  # common words, a capital
        ("NVIDIA傘下のIntrinsicとAI活用オートメーションを進める。", ["NVIDIA", "Intrinsic"]),
        ("AITXの子会社であるRADが、AIパワードのセキュリティを手掛ける。", ["RAD"]),
        ("ゼノ社傘下のHakuhodo DY ONEは、新卒採用にAIを導入した。", ["Hakuhodo DY ONE"]),  # Latin words, spaces
        (
            "傘下のグローバル・インフラストラクチャー・パートナーズ（GIP）会長",
            ["グローバル・インフラストラクチャー・パートナーズ"],
        ),
        ("NVIDIA傘下のロボティクス企業が動いた。", ["NVIDIA"]),  # a kind: the run does not end the word
        ("傘下のCVCファンド「NXグローバルイノベーション」が出資した。", []),  # a kind before the quoted name
        ("傘下のデータセンターが稼働した。", []),  # a common word
    ],
)
def test_a_subsidiary_is_a_company(small: Analyzer, text: str, expected: list[str]) -> None:
    """A katakana or Latin name right after 傘下の or 子会社である (``subsidiary_words_before``) is a company."""
    assert [e.text for e in small.analyze(text).entities if e.label == "ORG"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AとBといった大手ゼノバイトが投資を続ける", []),
        ("AとBという2つの大手ゼノバイトを使い分ける", []),
        ("AやBのような大手ゼノバイトに頼る", []),
        ("通信大手ゼノバイトが投資を続ける", [("ゼノバイト", "ORG")]),
        ("AとBといった大手のゼノバイトが投資を続ける", [("ゼノバイト", "ORG")]),
    ],
)
def test_the_kind_of_company_examples_are_is_no_company(
    small: Analyzer, text: str, expected: list[tuple[str, str]]
) -> None:
    # AとBといった大手ハイパースケーラー: the word after 大手 is what A and B are, not a company's name
    assert [(e.text, e.label) for e in small.analyze(text).entities if e.text == "ゼノバイト"] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("動画字幕翻訳サービスなどを手掛けるNUVOは、翻訳会社を買収した。", "NUVO"),
        ("風力発電機を開発するチャレナジーとタッグを組む。", "チャレナジー"),
        ("スマホ周辺アイテムを幅広く取り扱うTORRASのブース。", "TORRAS"),
        ("ゼノバイト（東京都港区、代表取締役：山田太郎）は本日、", "ゼノバイト"),
        ("株式会社ゼノバイト（本社：大阪市）は", "株式会社ゼノバイト"),
        ("AIの独立系企業Synvertを買収した。", "Synvert"),
        ("2024年に米Zentrix社を買収した。", "Zentrix"),
        ("独Kolibrisのドローン。", "Kolibris"),
    ],
)
def test_companies_described_by_their_business_or_office(small: Analyzer, text: str, name: str) -> None:
    got = [(e.text, e.label, e.source) for e in small.analyze(text).entities if e.label == "ORG"]
    assert got == [(name, "ORG", "discovery")]


@pytest.mark.parametrize(
    "text",
    [
        "アプリを開発するエンジニアは多い。",  # a common word
        "教育プログラムを開発・提供するNPO、あるいは",  # a generic acronym
        "企業のレジリエンスを高める。",  # possessive
        "企業レジリエンスの向上。",  # a compound noun
        "米CPIが上昇した。",  # an all-capitals index after a country prefix
    ],
)
def test_business_descriptions_of_common_words_are_not_companies(small: Analyzer, text: str) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "ORG"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("独シーメンス、米オルテアを約100億ドルで買収へ", ["シーメンス", "オルテア"]),
        ("米メディアの報道によると、米アナリストは慎重だ", []),  # common words, not companies
        ("米ベンチャーキャピタルの投資が続く", []),
        ("仏ビーコンAIが新モデルを公開", ["ビーコンAI"]),  # katakana + AI after a prefix, though both are words
        ("米ニューヨークで開催", []),  # a place the dictionary knows
        ("スタートアップ、ビーコンAIは新型チップを発表", ["ビーコンAI"]),  # katakana + AI, though both are words
        ("企業のビジネスAIは便利だ", []),
        ("仏スタートアップのH Companyは新製品を公開", ["H Company"]),  # capitalized Latin words together
        ("台湾では子会社のBig Innovation Companyを通じて", ["Big Innovation Company"]),
        ("ロボット開発企業であるZentreeは、最低価格が5900ドル", ["Zentree"]),  # である between
        ("米国のAI研究機関であるModel Evaluation & Threat Researchに所属する", ["Model Evaluation & Threat Research"]),
        ("半導体大手のゼノバイトが新工場", ["ゼノバイト"]),
        ("書籍出版社のゼノブックスが事業を終える", ["ゼノブックス"]),
        ("業界大手の多くは慎重だ", []),
        ("大手のメーカーが参入", []),
    ],
)
def test_katakana_company_names_after_a_prefix_or_apposition(
    analyzer: Analyzer, text: str, expected: list[str]
) -> None:
    assert [e.text for e in analyzer.analyze(text).entities if e.label == "ORG"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "アップル、グーグル、リフトといった企業の管理職",
            ["アップル", "グーグル", "リフト"],
        ),  # リフト: a word, in a list
        ("ゼノバイトのような企業が増えている", ["ゼノバイト"]),
        ("ZenoやKovaなどのAI企業は", ["Zeno", "Kova"]),
        ("スタートアップのような企業は身軽だ", []),  # a generic word
        ("リフトのような会社", []),  # one common word alone: not enough
        ("AIといった技術を使う企業", []),  # no company head right after the link
        ("PolyAIやunitQといった先進的なスタートアップに投資", ["PolyAI", "unitQ"]),  # a kanji adjective (corpus)
        ("MoonshotやZhipuといった有望なスタートアップ", ["Moonshot", "Zhipu"]),
        ("Zenoといった大きな課題を抱える企業", []),  # an adjective in kana: a phrase, not the head's
        ("**Zeno**、**Kova**、**Lumo**といった自動車メーカーと提携", ["Zeno", "Kova", "Lumo"]),  # in bold (corpus)
        ("**ZenoやKova**などのAI企業は", ["Zeno", "Kova"]),
        # investors and banks are companies (corpus sentences, names changed)
        ("SeedCamp、Zeno Venture Partnersといった著名なVCが参加", ["SeedCamp", "Zeno Venture Partners"]),
        ("Zeno GroupやKova Financialといった金融機関と既に協力", ["Zeno Group", "Kova Financial"]),
    ],
)
def test_names_given_as_examples_of_companies(small: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "ORG"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("パナソニック コネクトに浸透する生成AI", ["パナソニック コネクト"]),
        ("パナソニック ジョンソン氏が語った", ["パナソニック"]),  # a person after the company
        ("パナソニック データセンターを建てる", ["パナソニック"]),  # a common word
    ],
)
def test_a_company_named_after_its_parent_with_a_space(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in analyzer.analyze(text).entities if e.label == "ORG"] == expected


def test_a_brand_and_a_title_is_not_a_person(small: Analyzer) -> None:
    """グーグル・ディープマインドCEO: Sudachi writes グーグル as Google, a brand; a katakana name before CEO whose first
    part is a given name is still a person."""
    found = [(e.text, e.label) for e in small.analyze("グーグル・ディープマインドCEOは語った").entities]
    assert ("グーグル・ディープマインド", "PERSON") not in found
    found = [(e.text, e.label) for e in small.analyze("ゼノン・カーバインCEOは語った").entities]
    assert ("ゼノン・カーバイン", "PERSON") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出版社の秀和システムが新刊を出した。", ["秀和システム"]),  # a proper noun and a katakana noun
        ("EVメーカー、蔚来汽車は新型車を発表した。", ["蔚来汽車"]),  # a word Sudachi does not know, and a kanji noun
        ("製薬大手である塩野義製薬の組み合わせ", ["塩野義製薬"]),
        ("企業の境界線が曖昧になる。", []),  # possessive 企業の
        ("中国企業の一事例として片付ける。", []),  # a numeral is no name
        ("企業、光通信技術を持つ企業に目を向ける。", []),  # 光通信 and its technology: no name's end
        ("会社の田中氏は語った。", []),  # a person
        ("大手の中国企業が参入した。", []),  # a place
    ],
)
def test_kanji_company_names_after_an_apposition(small: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "ORG"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quorvexは、ハッカーが同社の分析パートナーからデータを盗んだと発表した。", ["Quorvex"]),  # 同社: back to it
        ("ゼノバイトは近頃、自社開発したアプリを公開した。", ["ゼノバイト"]),  # 自社: its own
        ("ビーコンAIは自社のモデルを公開した。", ["ビーコンAI"]),  # katakana + AI, both parts words
        ("発表によると、ゼノバイトは自社の技術を磨く。", []),  # not leading its sentence
        ("Zephyra Cloudは、同社のクラウド基盤上で提供される。", []),  # 同社 right after: a company named before
        ("Bell Cyberが提供するSECaaSは、自社で体制を築けない企業に向く。", []),  # the customers' own
        ("サム・アルトマンは自社の方針を語った。", []),  # a person's name
        ("スタートアップは自社の技術を磨く。", []),  # a kind of company
        ("ハイパースケーラーが次々と自社チップを開発する。", []),
        ("データは自社で管理する。", []),  # a common word
        ("AIは自社の業務を変える。", []),  # two capitals
        ("Quorvex Labsが80億円もの資金を調達した。", ["Quorvex Labs"]),  # raises money
        ("ソラネクスト、シリーズBで30億円を調達", ["ソラネクスト"]),  # a headline's X、
        ("ソラネクスト、ハッカーが同社を狙う", []),  # 同社 after a headline's X、: no subject to refer back to
        ("Zephyra Healthは2016年にニューヨーク市で設立された企業だ。", ["Zephyra Health"]),  # was founded
        ("Neil Jacobsonが設立したHallwood Mediaは…", []),  # a person founds
        ("Zephyra Healthは、投資家が資金を調達する場だ。", []),  # another subject raises it
        ("ZENOが大容量バッテリー搭載のスマホ「ZENO WIN」を発表した。", ["ZENO"]),  # a product named after it
        ("ZENO、スマホ「ZENO WIN」を発表", []),  # a headline's X、 is no subject for that
        ("ZENOは「ZENOWIN」を発表した。", []),  # the name must be a word of the product's
    ],
)
def test_a_name_its_sentence_says_only_a_company_is_or_does_is_a_company(
    small: Analyzer, text: str, expected: list[str]
) -> None:
    """org-subjects: Xは…自社の…, Xは、…が同社の…, Xが…億円を調達, Xは…設立された, Xが…「X WIN」を発表"""
    assert [e.text for e in small.analyze(text).entities if e.label == "ORG"] == expected
