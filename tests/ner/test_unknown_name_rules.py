"""Rules for names no entry holds (issue 19): longer names built on a place and a head, events, people in lists,
company-or-service labels in context, bare days of the month in news. Each with sentences that must and must not
give the name."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.fixture(scope="module")
def rules() -> Analyzer:
    """The shipped dictionaries and rules, without the learned recognizer (these are the rules' own finds)."""
    return Analyzer(recognizer=False, use_config=False)


def names(a: Analyzer, text: str, date: str | None = None) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in a.analyze(text, date=date).entities]


def assert_whole_name(a: Analyzer, text: str, expected: tuple[str, str], inner: str | None) -> None:
    """``expected`` is found in ``text``, and the name inside it (a place, a company) is not output alone."""
    found = names(a, text)
    assert expected in found
    assert all(t != inner for t, _ in found)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("日本社会党の議員が質問した。", ("日本社会党", "ORG"), "日本"),
        ("福岡地方裁判所は訴えを退けた。", ("福岡地方裁判所", "ORG"), "福岡"),
        ("札幌出張所に異動した。", ("札幌出張所", "ORG"), "札幌"),
        ("パリ講和会議で決まった。", ("パリ講和会議", "EVENT"), "パリ"),
        ("秋田ノーザンハピネッツが勝利した。", ("秋田ノーザンハピネッツ", "ORG"), "秋田"),
        ("大阪大会で優勝した。", ("大阪大会", "EVENT"), "大阪"),
        ("京都府警が捜査している。", ("京都府警", "ORG"), "京都府"),  # the place ends in 府: 警 is the head
        # a person before the head: an institute or a foundation named after them (corpus sentences)
        (
            "能性を秘めています。マックス・プランク光科学研究所（MPL）と",
            ("マックス・プランク光科学研究所", "ORG"),
            "マックス・プランク",
        ),
        (
            "ナイジェリア政府やビル＆メリンダ・ゲイツ財団の取り組みが示す",
            ("メリンダ・ゲイツ財団", "ORG"),
            "メリンダ・ゲイツ",
        ),
    ],
)
def test_a_place_and_a_head_are_one_name(rules: Analyzer, text: str, expected: tuple[str, str], absent: str) -> None:
    assert_whole_name(rules, text, expected, absent)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # corpus sentences: a company's industry, an armed force, a facility after a place
        ("現状です。中国北方稀土集団や中国稀土集団といった", ("中国北方稀土集団", "ORG"), "中国"),
        ("金を調達し、Microsoft、AFP、フランス軍、ルクセンブルク政府", ("フランス軍", "ORG"), "フランス"),
        (
            "ペンシルベニア州にあるスリーマイル島原子力発電所1号機の再稼働に",
            ("スリーマイル島原子力発電所", "LOC"),
            "スリーマイル島",
        ),
        # the general-domain kinds of bench/general_ner.py (sentences written for the test)
        ("戦前は大阪電灯の技師として働いた。", ("大阪電灯", "ORG"), "大阪"),
        ("神戸造船所で建造された。", ("神戸造船所", "LOC"), "神戸"),
        ("京都競馬場で行われた。", ("京都競馬場", "LOC"), "京都"),
        ("オーストラリア総選挙で与党が敗れた。", ("オーストラリア総選挙", "EVENT"), "オーストラリア"),
        ("法案は米国上院で提案された。", ("米国上院", "ORG"), "米国"),
        ("新潟漁協が反対した。", ("新潟漁協", "ORG"), "新潟"),
    ],
)
def test_a_place_and_the_head_of_a_company_force_facility_or_election_are_one_name(
    rules: Analyzer, text: str, expected: tuple[str, str], absent: str
) -> None:
    assert_whole_name(rules, text, expected, absent)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("米国自動車メーカーの動向を見る。", "米国"),  # an industry word going on into a word: a kind of company
        ("日本電機メーカー各社が出展した。", "日本"),
        ("次はテキサス工場で訓練する。", "テキサス"),  # a building a place only locates: the place is the name
        ("ゾンの中東データセンターが攻撃された。", "中東"),
        ("日本産業の競争力が落ちた。", "日本"),  # no head: a place modifying prose
    ],
)
def test_no_longer_name_from_a_kind_of_company_or_a_building(rules: Analyzer, text: str, place: str) -> None:
    found = names(rules, text)
    assert any(t == place for t, _ in found)
    assert not any(t.startswith(place) and t != place for t, _ in found)


def test_a_known_company_and_its_industry_keep_the_company_as_parent(rules: Analyzer) -> None:
    # corpus sentence: Luxshare's full name; the known name inside it is its parent, not a name of its own
    text = "Luxshare Precision Industry Co., Ltd.（立訊精密工業）を製造パートナーに"
    found = [(e.text, e.id, e.parent) for e in rules.analyze(text).entities if e.text.startswith("立訊")]
    assert found == [("立訊精密工業", None, "luxshare")]


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("後に当社の一部となる「星野商店」は、プレス機を導入した。", "星野商店"),  # a surname and its trade
        ("藤沢薬品工業の研究所に勤めた。", "藤沢薬品工業"),  # a place Sudachi knows, two words of industry
        ("田中工業に勤めた。", "田中工業"),
    ],
)
def test_a_proper_noun_and_an_industry_are_a_company(rules: Analyzer, text: str, company: str) -> None:
    assert (company, "ORG") in names(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        "高速鉄道が開業した。",  # no proper noun before the industry
        "熊本工場建設の計画が進む。",  # building a plant is no company
        "東洋電機メーカー各社が参加した。",  # the industry goes on into a word: a kind of company
    ],
)
def test_no_company_from_common_words_or_a_kind_of_company(rules: Analyzer, text: str) -> None:
    assert not any(label == "ORG" for _, label in names(rules, text))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("原作の大ファンであるドン・チードルが代役として出演する。", "ドン・チードル"),  # Sudachi: ドン a person's name
        ("セルヒオ・レギロンが加入した。", "セルヒオ・レギロン"),
        ("ロイド・ジョージが首相に就いた。", "ロイド・ジョージ"),
        ("ジャン・ポール・ゴルチエが来日した。", "ジャン・ポール・ゴルチエ"),
    ],
)
def test_a_persons_name_and_new_words_joined_by_nakaguro_are_a_person(rules: Analyzer, text: str, person: str) -> None:
    assert (person, "PERSON") in names(rules, text)


@pytest.mark.parametrize(
    "text",
    [
        "シム・トゥ・リアルの手法で学習する。",  # common words after the first
        "バイデン・ハリス政権の政策。",  # two people
        "シャネルやジャン・ポール・ゴルチエなどのブランド",  # listed with a company: a brand named after a person
    ],
)
def test_no_person_from_common_words_or_two_people(rules: Analyzer, text: str) -> None:
    assert not any(label == "PERSON" and "・" in t for t, label in names(rules, text))


@pytest.mark.parametrize(
    ("text", "club", "absent"),
    [
        ("アルバルク東京に移籍した。", "アルバルク東京", "東京"),  # a new katakana word before its town
        ("バンビシャス奈良の選手として出場した。", "バンビシャス奈良", "奈良"),
        ("FCバルセロナに移籍した。", "FCバルセロナ", "バルセロナ"),  # a club's abbreviation before its town
        ("1.FCニュルンベルクでプレーした。", "1.FCニュルンベルク", "ニュルンベルク"),
        ("東京23FCに加入した。", "東京23FC", "東京"),  # after its town
        ("プリマス・アーガイルFCに加入した。", "プリマス・アーガイルFC", None),
    ],
)
def test_a_club_named_after_its_town_the_other_way_round(
    rules: Analyzer, text: str, club: str, absent: str | None
) -> None:
    assert_whole_name(rules, text, (club, "ORG"), absent)


@pytest.mark.parametrize(
    "text",
    [
        "AWS東京リージョンを使う。",  # a known company before the town
        "ソフトバンク東京で会見した。",
        "リージョン東京を選ぶ。",  # a common word before the town
        "エヌビディア中国の売上が落ちた。",  # a country: the company's business there
        "拠点はベトナム・ハノイにある。",  # a place before the town: an address
        "アルバルク東京都内で会った。",  # the town goes on into a longer word
        "FCoEの設定を変える。",  # an abbreviation inside a Latin word
        "FC店舗を増やす。",  # an abbreviation before a common word
    ],
)
def test_no_club_from_a_known_name_a_common_word_or_a_country(rules: Analyzer, text: str) -> None:
    assert not any(e.kind == "sports_team" for e in rules.analyze(text).entities)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("この投資の議論もまた複雑です。著作権庁は、オーストラリアの", "著作権庁", None),
        ("AIの概念を教えるだけでなく、政府テクノロジー庁（GovTech）が", "政府テクノロジー庁", None),
        ("グンドベルト・シェルプ（ドイツ国防省出身、マッキンゼーの", "ドイツ国防省", "ドイツ"),
        ("政府のビジネス・イノベーション・雇用省（MBIE）が発表した", "ビジネス・イノベーション・雇用省", None),
        ("カリフォルニア州プライバシー保護庁（CPPA）が", "カリフォルニア州プライバシー保護庁", "カリフォルニア州"),
        ("今回著作権庁が訴えた。", "著作権庁", None),  # a time word before the name is not part of it
    ],
)
def test_nouns_before_a_government_suffix_are_a_ministry_or_an_agency(
    rules: Analyzer, text: str, expected: str, absent: str | None
) -> None:
    assert_whole_name(rules, text, (expected, "ORG"), absent)


@pytest.mark.parametrize(
    "text",
    [
        "AIによるビル省エネは、単なるコスト削減ではない。",  # 省 starts a word (省エネ)
        "国内の県庁で43%ものシェアを持つ。",  # one character before it: any prefecture's office
        "同庁は声明を出した。",  # a pronoun
    ],
)
def test_no_ministry_without_a_name_before_the_suffix(rules: Analyzer, text: str) -> None:
    assert not any(label == "ORG" for _, label in names(rules, text))


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("日本も、金融デジタル変革協会（FDUA）のような組織を", "金融デジタル変革協会", None),
        ("IBMと全米テニス協会（USTA）は、長年にわたり", "全米テニス協会", None),
        ("だからこそ、国連宇宙空間平和利用委員会（COPUOS）のような国際", "国連宇宙空間平和利用委員会", "国連"),
    ],
)
def test_words_and_a_head_glossed_by_an_acronym_are_an_organization(
    rules: Analyzer, text: str, expected: str, absent: str | None
) -> None:
    assert_whole_name(rules, text, (expected, "ORG"), absent)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("PSの性能を提供し、熱設計電力（TDP）は約180ワット", "熱設計電力"),  # a company's head (電力): a term
        ("AI安全研究所（AISI）のような機関", "安全研究所"),  # cut from the Latin word before it
        ("今回協会（ABC）は発表した。", "協会"),  # the head alone
    ],
)
def test_no_organization_from_a_glossed_term_a_cut_name_or_a_head_alone(rules: Analyzer, text: str, wrong: str) -> None:
    assert all(t != wrong for t, _ in names(rules, text))


@pytest.mark.parametrize(
    ("text", "state", "place"),
    [
        ("最初の拠点はテキサス州アビリーンに建設が始まった。", "テキサス州", ("アビリーン", "GPE")),
        ("テキサス州ゼノバリアに建設が始まった。", "テキサス州", ("ゼノバリア", "LOC")),
        ("ニューメキシコ州ドニャアナ郡の拠点。", "ニューメキシコ州", ("ドニャアナ郡", "GPE")),
    ],
)
def test_a_new_katakana_word_after_a_state_is_a_place_in_it(
    rules: Analyzer, text: str, state: str, place: tuple[str, str]
) -> None:
    # after a place written with its suffix (州, 県, 市, 郡) a new katakana word is no team named after a town
    found = names(rules, text)
    assert (state, "GPE") in found and place in found
    assert not any(label == "ORG" for _, label in found)


def test_a_team_is_still_named_after_a_town_or_a_region() -> None:
    found = names(Analyzer(recognizer=False, use_config=False), "欧州デジタルイノベーションハブが支援する。")
    assert ("欧州デジタルイノベーションハブ", "ORG") in found  # 欧州 ends in 州 but is no state


@pytest.mark.parametrize(
    ("text", "place"),
    [("日本の大学で学ぶ。", "日本"), ("日本銀行券を刷る。", None), ("東京で会議を開いた。", "東京")],
)
def test_no_longer_name_across_a_particle_or_inside_a_word(rules: Analyzer, text: str, place: str | None) -> None:
    found = names(rules, text)
    assert not any(label in ("ORG", "EVENT") and t.startswith(("日本", "東京")) for t, label in found)
    if place:
        assert (place, "GPE") in found


@pytest.mark.parametrize(
    ("text", "event"),
    [
        # corpus sentences
        ("Frontier Forum（第1回因果フォーラム）」も予定しているとのこと。", "第1回因果フォーラム"),
        ("。2025年4月に開催された「第1回具現化知能ロボットスポーツ大会」では", "第1回具現化知能ロボットスポーツ大会"),
        ("ル投資を約束したり、日本政府が第9回アフリカ開発会議（TICAD9）でAI", "第9回アフリカ開発会議"),
        ("第2回AIフォーラム2025を開く。", "第2回AIフォーラム2025"),  # its year after the head
    ],
)
def test_a_numbered_edition_of_an_event(rules: Analyzer, text: str, event: str) -> None:
    assert (event, "EVENT") in names(rules, text)


@pytest.mark.parametrize(
    "text",
    ["第1回が開催され、第2回が予定されている。", "第3回会合の議題を決めた。", "第24回物流環境大賞を受賞した。"],
)
def test_no_edition_without_a_name_or_an_events_head(rules: Analyzer, text: str) -> None:
    assert not any(label == "EVENT" for _, label in names(rules, text))


def test_events_with_their_year_and_then_without(rules: Analyzer) -> None:
    text = "ASUSはCOMPUTEX 2026のブースでPCを展示した。COMPUTEXでスマホの展示はなかった。Office 2024で作った資料。"
    found = names(rules, text)
    assert ("COMPUTEX 2026", "EVENT") in found and ("COMPUTEX", "EVENT") in found
    assert not any(t.startswith("Office") and label == "EVENT" for t, label in found)


def test_a_quoted_event_with_its_year_and_before_it_without(rules: Analyzer) -> None:
    # the event's words follow the closing bracket; the headline's bare name is the same event
    found = names(rules, "Xで提唱された新しいケース\n｢EXPO2026｣の会場で目立っていたのが、Xで提唱されたケース。")
    assert ("EXPO2026", "EVENT") in found
    # a quoted product with a year and no event word after it is not one
    assert not [n for n in names(rules, "｢Office 2024｣を使って資料を作った。") if n[1] == "EVENT"]


def test_an_event_introduced_as_one(rules: Analyzer) -> None:
    found = names(rules, "文房具のNo.1を決めるアワード「ステーショナリー大賞2025」の結果が出た。")
    assert ("ステーショナリー大賞2025", "EVENT") in found


def test_a_product_with_a_year_is_not_an_event(rules: Analyzer) -> None:
    assert not [n for n in names(rules, "社内ではWindows Server 2025を使っている。") if n[1] == "EVENT"]


def test_people_in_a_list_joined_by_nakaguro(rules: Analyzer) -> None:
    found = names(rules, "ジョンさん・マイクさん・ケイトが参加した。山田さん・佐藤氏・鈴木が登壇した。")
    for person in ("ジョン", "マイク", "ケイト", "山田", "佐藤", "鈴木"):
        assert (person, "PERSON") in found


def test_a_given_name_sudachi_cuts_in_two_stays_whole(small: Analyzer) -> None:
    """Sudachi reads 出木場 + 久 + 征 (a surname and two given-name pieces): the person is the three, not 出木場久."""
    found = names(small, "経営トップの出木場久征氏は語った。")
    assert ("出木場久征", "PERSON") in found and ("出木場久", "PERSON") not in found


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("ウォーレン・バフェットの動画がXでバズっています。", "X", "PRODUCT"),
        ("GitHubで公開されたコードを読む。", "GitHub", "PRODUCT"),
        ("GitHubは新しいAIツールを発表した。", "GitHub", "ORG"),
        ("YouTubeの新機能が登場した。", "YouTube", "PRODUCT"),
        ("YouTubeは新しい規約を発表した。", "YouTube", "ORG"),
        ("SalesforceはAIエージェントを発表した。", "Salesforce", "ORG"),
        ("顧客情報はSalesforceで管理している。", "Salesforce", "PRODUCT"),
        ("Salesforceで働いたエンジニアが教える。", "Salesforce", "ORG"),  # working there: the company
        ("YouTubeのCEOが交代した。", "YouTube", "ORG"),
        ("OpenAIは「Stargate」プロジェクトを進める。", "Stargate", "PRODUCT"),
    ],
)
def test_company_or_service_by_context(rules: Analyzer, text: str, name: str, label: str) -> None:
    assert (name, label) in names(rules, text)


@pytest.mark.parametrize(
    ("text", "date", "iso"),
    [
        ("同社は12日、新製品を発表した。", "2025-11-13", "2025-11-12"),
        ("米国時間27日に公開された。", "2025-12-02T09:00:00+09:00", "2025-11-27"),
        ("2日の会見で明らかにした。", None, "---02"),
        ("25日から受け付ける。", "2025-03-20", "2025-02-25"),
    ],
)
def test_a_bare_day_in_news_is_a_date(rules: Analyzer, text: str, date: str | None, iso: str) -> None:
    dates = [e for e in rules.analyze(text, date=date).entities if e.label == "DATE"]
    assert [e.value.iso for e in dates if e.value] == [iso]


@pytest.mark.parametrize("text", ["12日間の日程で開く。", "1日1回飲む。", "毎月15日に支払う。", "3日連続で上昇した。"])
def test_days_that_are_not_dates(rules: Analyzer, text: str) -> None:
    assert not [e for e in rules.analyze(text).entities if e.label == "DATE" and e.value and e.value.kind == "day"]


def test_a_post_gives_its_date_to_bare_days(tmp_path: object) -> None:
    from jpnews_tags.documents import analyze_document

    a = Analyzer(recognizer=False, use_config=False)
    post = "---\ntitle: 発表\ndate: 2025-11-13 09:00:00 +0900\n---\n同社は12日、新製品を発表した。\n"
    dates = [e.value.iso for e in analyze_document(a, post).entities if e.label == "DATE" and e.value]
    assert dates == ["2025-11-12"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("バヌアツ政府は声明を発表した。", ("バヌアツ政府", "ORG")),
        ("ケベック州政府が新法を施行した。", ("ケベック州政府", "ORG")),
    ],
)
def test_a_place_and_its_government_are_one_organization(rules: Analyzer, text: str, expected: tuple[str, str]) -> None:
    """A government used as an actor is an organization (GUIDELINES: 米国政府 is ORG), found without an entry."""
    found = names(rules, text)
    assert expected in found and not any(t == "バヌアツ" for t, _ in found)


def test_a_government_fund_is_not_a_government(rules: Analyzer) -> None:
    """政府 must end the word: バヌアツ政府系ファンド is a fund of a government, not the government."""
    found = names(rules, "バヌアツ政府系ファンドが出資した。")
    assert not any(t.endswith("政府") for t, _ in found)


def test_a_found_name_is_found_again_where_it_recurs(rules: Analyzer) -> None:
    """米ゼノバイト says it is a company; the bare ゼノバイト of the next sentence is the same company."""
    text = "米ゼノバイトは新型チップを発表した。ゼノバイトの株価も上がった。"
    found = [(e.start, e.text, e.label, e.source) for e in rules.analyze(text).entities]
    assert found == [(1, "ゼノバイト", "ORG", "discovery"), (18, "ゼノバイト", "ORG", "discovery")]


def test_a_repeated_name_keeps_to_whole_tokens_and_free_text(rules: Analyzer) -> None:
    """Not inside a longer Latin word, not over a name already found."""
    text = "米Zentrixは新製品を発表した。ZentrixAIの話ではない。Zentrixの株価が上がった。"
    found = [(e.text, e.start) for e in rules.analyze(text).entities if "Zentrix" in e.text]
    assert ("Zentrix", 1) in found and ("Zentrix", text.rindex("Zentrix")) in found
    assert all(s != text.index("ZentrixAI") for _, s in found)


@pytest.mark.parametrize(
    "text",
    [
        "Agentic AIが自律的に意思決定を行う。",
        "AIとFinTechの交差点に立つ。",
        "「Responsible AI」への取り組みが問われる。",
    ],
)
def test_what_the_cue_files_say_is_no_name_is_none(text: str) -> None:
    """Concepts and generic words (not_names, not_name_words in cues/names.yaml) are not names, whoever found them."""
    found = Analyzer(use_config=False).analyze(text).entities
    assert not any(e.label in ("ORG", "PRODUCT") for e in found)


@pytest.mark.parametrize(
    ("text", "idea"),
    [  # corpus sentences: an idea realized, advocated, held as a vision (cues/rules.yaml, term_field_heads)
        (
            "そんな「Smart AI Agent」の実現こそが、次のフロンティアだと僕は考えている。NTTデータグループが目指すのも、"
            "まさにこの「Smart AI Agent」の実現であり、LITRON COREはその中核を担う基盤として位置づけられているんだ。",
            "Smart AI Agent",
        ),
        (
            "なぜなら、彼らが単なるAIアクセラレーターではなく、「Universal Processor」を標榜しているからです。"
            "彼らが掲げる「Universal Processor」というビジョンが、単なる理想論で終わるのか。",
            "Universal Processor",
        ),
        (
            "NotCoは、その名の通り「Not Company」を標榜し、独自のAI技術「Giuseppe（ジュゼッペ）」を駆使して、"
            "動物性食材を使わずに、味や食感を再現する植物性食品を開発しています。",
            "Not Company",
        ),
    ],
)
def test_a_name_realized_advocated_or_held_as_a_vision_is_an_idea(text: str, idea: str) -> None:
    found = [(e.text, e.label) for e in Analyzer(use_config=False).analyze(text).entities]
    assert not any(name == idea for name, _ in found), found


def test_an_idea_word_does_not_unmake_a_name_called_a_product_elsewhere() -> None:
    """「Zentrix Core」の実現 is the realization of a product the text calls a tool at another mention: it stays."""
    text = "「Zentrix Core」の実現を目指す。Zentrix Coreというツールは来年公開される。"
    found = [(e.text, e.label) for e in Analyzer(use_config=False).analyze(text).entities]
    assert ("Zentrix Core", "PRODUCT") in found


def test_a_piece_of_a_word_is_no_name(rules: Analyzer) -> None:
    """深掘りさ of 深掘りされた looked like a person's name to a rule: a name never ends inside a hiragana run."""
    found = names(rules, "**「信頼性」「深掘りされた洞察」「多角的な視点」")
    assert not any(label == "PERSON" for _, label in found)


def test_trademark_signs_are_not_part_of_a_found_name() -> None:
    from jpnews_tags.analyzer import _without_marks
    from jpnews_tags.models import Entity

    e = Entity(start=3, end=9, text="Nomad™", label="PRODUCT", canonical="Nomad™", confidence=0.7, source="model")
    trimmed = _without_marks(e)
    assert (trimmed.start, trimmed.end, trimmed.text, trimmed.canonical) == (3, 8, "Nomad", "Nomad")
    listed = e.model_copy(update={"id": "nomad", "source": "gazetteer"})
    assert _without_marks(listed) is listed  # the dictionary's spans are the dictionary's


def test_a_kind_of_product_after_a_found_latin_name_is_no_part_of_it() -> None:
    """ZenLMモデル, MI308チップ (corpus spans the recognizer read whole) are the model ZenLM and the chip MI308: the
    kind is left out and says the name is a product; not after a katakana name, not a name built on a known one
    (Adobeアプリ, parent Adobe), never a dictionary span."""
    from jpnews_tags.analyzer import _without_kind
    from jpnews_tags.models import Entity

    kinds = ("AIモデル", "チップ", "モデル")
    e = Entity(
        start=5, end=14, text="ZenLMモデル", label="ORG", canonical="ZenLMモデル", confidence=0.6, source="model"
    )
    trimmed = _without_kind(e, kinds)
    assert (trimmed.start, trimmed.end, trimmed.text, trimmed.canonical, trimmed.label) == (
        5,
        10,
        "ZenLM",
        "ZenLM",
        "PRODUCT",
    )
    chip = e.model_copy(update={"end": 13, "text": "MI308チップ", "label": "PRODUCT", "source": "discovery"})
    assert _without_kind(chip, kinds).text == "MI308"
    for same in (
        e.model_copy(update={"text": "ゼノバイトモデル"}),  # a katakana name: where it ends is not this rule's to say
        e.model_copy(update={"text": "Adobeアプリ", "parent": "adobe"}),
        e.model_copy(update={"id": "zenlm", "source": "gazetteer"}),
        e.model_copy(update={"text": "Xモデル"}),  # one letter left: no name
    ):
        assert _without_kind(same, kinds) is same
    found = Analyzer(use_config=False).analyze("AMDもMI308チップの輸出制限により、約8億ドルもの損失が見込まれている。")
    assert ("MI308", "PRODUCT") in [(x.text, x.label) for x in found.entities]
    assert not any(x.text.endswith("チップ") for x in found.entities)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("また、Jesta I.S.がIVADO Labsと提携し、", "Jesta I.S."),  # corpus: the recognizer's span ended before the stop
        ("Stargate U.K.プロジェクトが始まる", "Stargate U.K."),  # corpus: the dictionary's alias matched without it
    ],
)
def test_a_name_ending_in_initials_keeps_the_last_full_stop(text: str, name: str) -> None:
    from jpnews_tags.analyzer import _with_initials_closed
    from jpnews_tags.models import Entity

    start = text.index(name)
    cut = Entity(
        start=start,
        end=start + len(name) - 1,
        text=name[:-1],
        label="ORG",
        canonical=name[:-1],
        confidence=0.6,
        source="model",
    )
    closed = _with_initials_closed(text, cut)
    assert (closed.start, closed.end, closed.text, closed.canonical) == (start, start + len(name), name, name)
    known = cut.model_copy(update={"canonical": "Jesta Information Systems"})
    assert _with_initials_closed(text, known).canonical == "Jesta Information Systems"  # a canonical name stays


def test_a_full_stop_is_not_taken_where_it_is_not_the_last_initials() -> None:
    from jpnews_tags.analyzer import _with_initials_closed
    from jpnews_tags.models import Entity

    for text, name in (("U.S.A.は", "U.S"), ("NVIDIA.の", "NVIDIA"), ("Jesta I.S.2の", "Jesta I.S"), ("A.Iで", "A")):
        e = Entity(start=0, end=len(name), text=name, label="ORG", canonical=name, confidence=0.6, source="model")
        assert _with_initials_closed(text, e) is e, text


def test_initials_are_closed_in_an_analysis() -> None:
    # corpus: **T-Mobile U.S.**でのテストも進行中 (the dictionary's alias matched without the last stop)
    found = Analyzer(use_config=False).analyze("**T-Mobile U.S.**でのテストも進行中と聞けば")
    assert [(e.text, e.id) for e in found.entities] == [("T-Mobile U.S.", "t-mobile-us")]
