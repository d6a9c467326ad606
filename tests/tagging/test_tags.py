"""Tags: layout, keyphrases, hygiene, vocabulary mode, selection and the tag commands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.cli.main import main
from jpnews_tags.documents import analyze_document, parse_document, tags_under
from jpnews_tags.tagging.comparison import compare_tags, literal_class
from jpnews_tags.tagging.keyphrases import Background, acceptable, build_background, extract_phrases
from jpnews_tags.tagging.names import clean_tag, is_fragment, tag_key
from jpnews_tags.tagging.tagger import TagCandidate, merge_and_rank
from jpnews_tags.tagging.vocabulary import (
    Vocabulary,
    VocabularyEntry,
    VocabularyError,
    harvest,
    load_vocabulary,
)
from jpnews_tags.text.layout import Layout
from jpnews_tags.text.tokenization import Tokenizer
from tests.conftest import FIXTURES

SITE = FIXTURES / "site" / "_posts"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(list(argv), out=out, err=err)
    return rc, out.getvalue(), err.getvalue()


# --- layout -------------------------------------------------------------------------------------------------


def test_layout_lead_headings_and_sections() -> None:
    text = "# 題\n\nリード文です。\n\n## 一\n\n本文一。\n\n<h2>二</h2>\n\n本文二。"
    lay = Layout.of(text)
    assert lay.in_heading(0) and lay.in_heading(text.index("<h2>")) and not lay.in_heading(text.index("本文一"))
    assert lay.in_lead(text.index("リード")) and not lay.in_lead(text.index("本文二"))
    assert lay.section_count == 3
    assert lay.spread([text.index("本文一"), text.index("本文二")]) == pytest.approx(2 / 3)
    assert lay.spread([]) == 0.0


def test_layout_without_headings_groups_paragraphs() -> None:
    text = "\n\n".join(f"段落{i}。" for i in range(20))
    lay = Layout.of(text)
    assert 2 <= lay.section_count <= 8
    assert lay.section_of(len(text) - 1) == lay.section_count - 1


# --- keyphrases ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return Tokenizer()


def test_keyphrases_are_noun_runs_without_digits_or_particles(tok: Tokenizer) -> None:
    text = "量子誤り訂正の研究が進む。2025年には量子誤り訂正が実用化。machine learningも使う。"
    phrases = {p.surface: p for p in extract_phrases(tok.tokenize(text))}
    assert "量子誤り訂正" in phrases and len(phrases["量子誤り訂正"].starts) == 2
    assert "machine learning" in phrases
    assert not any(any(c.isdigit() for c in s) for s in phrases)
    for p in phrases.values():
        for s, e in zip(p.starts, p.ends, strict=True):
            assert text[s:e] == p.surface or clean_tag(text[s:e]).casefold() == p.key


def test_acceptable_phrases() -> None:
    assert acceptable("データセンター") and acceptable("AI")
    assert not acceptable("こと") and not acceptable("x") and not acceptable("GPT4") and not acceptable("「AI」")


def test_background_round_trip_and_specificity(tmp_path: Path, tok: Tokenizer) -> None:
    bg = build_background(["量子計算の研究。", "量子計算の応用。", "半導体の研究。"], tok, min_df=2)
    assert bg.docs == 3 and bg.df["量子計算"] == 2 and "半導体" not in bg.df
    path = tmp_path / "df.tsv"
    bg.dump(path)
    again = Background.load(path)
    assert again == bg
    assert again.specificity("unseen") == 1.0
    assert again.specificity("量子計算") < again.specificity("研究") or bg.df["研究"] >= 2
    assert 0.0 <= again.specificity("量子計算") < 1.0


def test_background_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# docs\t10\nphrase without count\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:2"):
        Background.load(bad)
    nodocs = tmp_path / "nodocs.tsv"
    nodocs.write_text("a\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="docs"):
        Background.load(nodocs)


def test_shipped_background_is_loaded(analyzer: Analyzer) -> None:
    bg = analyzer.tagger.background
    assert bg.docs > 1000 and len(bg.df) > 5000
    assert bg.specificity("aiモデル") < 0.1 < bg.specificity("量子誤り訂正")


# --- names and hygiene --------------------------------------------------------------------------------------


def test_tag_key_merges_width_case_and_spacing() -> None:
    assert tag_key("ＡＷＳ") == tag_key("aws") == tag_key("A W S")
    assert tag_key("Open AI") == tag_key("OpenAI")
    assert tag_key("生成ＡＩ") == tag_key("生成AI")
    assert tag_key("AI") != tag_key("AI規制")


@pytest.mark.parametrize("name", ["", "a", "の", "これは", "AIの", "はAI", "2025", "!!"])
def test_fragments(name: str) -> None:
    assert is_fragment(name)


@pytest.mark.parametrize("name", ["AI", "データセンター", "生成AI", "X", "Amazon Web Services", "量子誤り訂正"])
def test_not_fragments(name: str) -> None:
    assert not is_fragment(name) or len(name) < 2


def test_merge_and_rank_dedupes_and_orders_deterministically() -> None:
    cands = [
        TagCandidate("ＡＷＳ", 0.5, ["a"], "entity", "aws"),
        TagCandidate("AWS", 0.6, ["b"], "entity", "aws"),
        TagCandidate("クラウド", 0.6, ["c"], "topic", "cloud"),
        TagCandidate("低い", 0.1, ["d"], "keyphrase"),
    ]
    tags = merge_and_rank(cands, TagOptions(min_tags=0))
    assert [t.tag for t in tags] == ["AWS", "クラウド"]
    assert tags[0].score == pytest.approx(0.65) and tags[0].reasons == ["b", "a"]
    assert merge_and_rank(list(reversed(cands)), TagOptions(min_tags=0)) == tags


def test_min_tags_fills_above_the_floor_and_caps_hold() -> None:
    cands = [TagCandidate(f"T{i}", 0.2 + i / 100, [f"r{i}"], "topic", f"t{i}") for i in range(5)]
    cands += [TagCandidate(f"E{i}", 0.9 - i / 100, [f"e{i}"], "entity", f"e{i}") for i in range(6)]
    cands += [TagCandidate("下", 0.1, ["x"], "topic", "low")]
    tags = merge_and_rank(cands, TagOptions(max_tags=8, min_tags=3, max_entity_tags=4))
    assert sum(t.source == "entity" for t in tags) == 4
    assert len(tags) == 4  # min_tags is met by the entities above the cut
    filled = merge_and_rank(cands, TagOptions(max_tags=8, min_tags=6, max_entity_tags=4))
    assert [t.tag for t in filled][4:] == ["T4", "T3"]  # filled with the best under the cut, above the floor
    only_low = merge_and_rank(cands[:5] + cands[-1:], TagOptions(min_tags=3))
    assert [t.tag for t in only_low] == ["T4", "T3", "T2"]


# --- substring artefacts never happen -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We keep metadata for every file. The metadata store is fast.", "Meta"),
        ("Our storage layer and storage costs were reduced.", "RAG"),
        ("The pineapple shipment and pineapple prices rose.", "Apple"),
        ("新しいGPUとGPUクラスタの性能が向上した。", "NVIDIA"),
        ("説明可能なAI（XAI）の研究が進む。XAIは重要だ。", "xAI"),
    ],
)
def test_no_tag_from_a_substring(analyzer: Analyzer, text: str, absent: str) -> None:
    tags = {tag_key(t.tag) for t in analyzer.analyze(text).tags}
    assert tag_key(absent) not in tags


# --- analysis-level invariants ------------------------------------------------------------------------------


def test_entity_named_in_the_title_is_a_tag(analyzer: Analyzer) -> None:
    text = "エヌビディアは新しいGPUを発表した。エヌビディアの株価も上がった。データセンター向けが伸びた。"
    result = analyzer.analyze(text, title="エヌビディア、新GPUを発表")
    assert result.tags[0].tag == "NVIDIA"
    assert "the title" in result.tags[0].reasons[0]


def test_keyphrase_source_with_reasons(analyzer: Analyzer) -> None:
    text = (
        "量子誤り訂正の研究が進んでいる。量子誤り訂正は実用化の鍵だ。\n\n"
        "研究者は量子誤り訂正の新手法を示した。量子誤り訂正の評価も進む。"
    )
    result = analyzer.analyze(text, title="量子誤り訂正の新手法")
    kp = [t for t in result.tags if t.source == "keyphrase"]
    assert [t.tag for t in kp] == ["量子誤り訂正"]
    assert "specificity" in " ".join(kp[0].reasons) and kp[0].id is None


def test_no_keyphrases_option(analyzer: Analyzer) -> None:
    a = Analyzer(tag_options=TagOptions(max_keyphrases=0))
    text = "量子誤り訂正の研究が進んでいる。量子誤り訂正は実用化の鍵だ。"
    assert not [t for t in a.analyze(text, title="量子誤り訂正").tags if t.source == "keyphrase"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            ["AWS", "エヌビディア", "の", "生成AI", "クラウド", "。", "\n\n", "## 見出し\n", "量子誤り訂正", "metadata",
             "Ｇｏｏｇｌｅ", "google", "投資", "が", "発表した", " ", "AI"]
        ),
        max_size=60,
    ),
    st.sampled_from([None, "AWSの発表", "生成ＡＩ"]),
)  # fmt: skip
def test_tag_invariants(analyzer: Analyzer, parts: list[str], title: str | None) -> None:
    tags = analyzer.analyze("".join(parts), title=title).tags
    opts = TagOptions()
    keys = [tag_key(t.tag) for t in tags]
    assert len(keys) == len(set(keys))
    assert len(tags) <= opts.max_tags
    assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
    for t in tags:
        assert 0.0 <= t.score <= 1.0 and t.reasons and t.tag == clean_tag(t.tag)
        assert t.source != "keyphrase" or not is_fragment(t.tag)


# --- vocabulary ---------------------------------------------------------------------------------------------


def site_tags(keys: tuple[str, ...] = ("tags",)) -> list[list[str]]:
    """The tag lists of the fixture archive, read as harvest-tags reads them."""
    return [parse_document(p.read_text(encoding="utf-8")).tags_under(keys) for p in sorted(SITE.glob("*.md"))]


def test_harvest_from_a_fixture_archive() -> None:
    v = harvest(site_tags())
    counts = {e.tag: e.count for e in v.entries}
    assert counts["AWS"] == 2 and "aws" in next(e for e in v.entries if e.tag == "AWS").synonyms
    assert {"Nvidia", "GPU", "半導体", "クラウド", "生成AI", "著作権"} <= set(counts)
    assert v.tags[0] == "AWS"  # most used first
    assert "ニュース" not in counts and "ニュース" in harvest(site_tags(("tags", "categories"))).tags


def test_front_matter_tag_shapes() -> None:
    # one rule for every reader (batch, enrich, harvest-tags): Jekyll's split on whitespace, or on commas when
    # the string has one (the vocabulary used to split "ai cloud,security" on both, into three tags)
    assert tags_under({"tags": "ai cloud,security"}, ["tags"]) == ["ai cloud", "security"]
    assert tags_under({"tags": "ai  cloud"}, ["tags"]) == ["ai", "cloud"]
    assert tags_under({"tags": ["A", None, " B "]}, ["tags"]) == ["A", "B"]
    assert tags_under({"tags": None}, ["tags"]) == [] and tags_under({}, ["tags"]) == []
    assert tags_under({"tags": {"a": 1}, "categories": "x"}, ["tags", "categories"]) == ["x"]


def test_vocabulary_files(tmp_path: Path) -> None:
    txt = tmp_path / "v.txt"
    txt.write_text("# site tags\nNVIDIA\tエヌビディア\tNvidia\nC#\n\n生成AI\n", encoding="utf-8")
    v = load_vocabulary(txt)
    assert v.tags == ["NVIDIA", "C#", "生成AI"] and v.lookup(["ｴﾇﾋﾞﾃﾞｨｱ"]) == ("NVIDIA", "ｴﾇﾋﾞﾃﾞｨｱ")
    y = tmp_path / "v.yaml"
    y.write_text("NVIDIA: [エヌビディア]\n生成AI:\n", encoding="utf-8")
    assert load_vocabulary(y).tags == ["NVIDIA", "生成AI"]
    lst = tmp_path / "l.json"
    lst.write_text(json.dumps(["AWS", {"tag": "Google", "synonyms": ["グーグル"]}]), encoding="utf-8")
    assert load_vocabulary(lst).lookup(["グーグル"]) == ("Google", "グーグル")
    harvested = tmp_path / "h.yaml"
    harvested.write_text(harvest(site_tags()).to_yaml("x"), "utf-8")
    assert "AWS" in load_vocabulary(harvested).tags
    for bad, content in [("b.yaml", "tags: 3\n"), ("c.yaml", ": : :\n"), ("d.txt", "# only a comment\n")]:
        (tmp_path / bad).write_text(content, encoding="utf-8")
        with pytest.raises(VocabularyError, match=bad):
            load_vocabulary(tmp_path / bad)
    with pytest.raises(VocabularyError):
        load_vocabulary(tmp_path / "missing.txt")


def test_vocabulary_mode_end_to_end(tmp_path: Path) -> None:
    """A vocabulary harvested from a fixture archive: suggestions take the site's spelling, and with
    allow_new=False only site tags remain."""
    vocab = harvest(site_tags())
    text = "エヌビディアは新しいGPUを発表した。エヌビディアの半導体はデータセンターで使われる。AWSも採用する。"
    site = Analyzer(tag_options=TagOptions(vocabulary=vocab, allow_new=False)).analyze(
        text, title="エヌビディアの新GPU"
    )
    tags = [t.tag for t in site.tags]
    assert tags[0] == "Nvidia"  # the site's spelling, from the entity found as エヌビディア
    assert set(tags) <= set(vocab.tags)
    assert "半導体" in tags and "AWS" in tags
    assert any("site tag 'Nvidia'" in r for r in site.tags[0].reasons)
    free = Analyzer(tag_options=TagOptions(vocabulary=vocab, allow_new=True)).analyze(text, title="エヌビディアの新GPU")
    assert "データセンター" in [t.tag for t in free.tags]
    assert any("new tag" in r for t in free.tags for r in t.reasons)


def test_vocabulary_falls_back_to_the_parent(analyzer: Analyzer) -> None:
    vocab = Vocabulary.from_entries([VocabularyEntry(tag="Amazon"), VocabularyEntry(tag="クラウド")])
    a = Analyzer(tag_options=TagOptions(vocabulary=vocab, allow_new=False))
    tags = a.analyze("AWSはクラウド事業を拡大する。AWSの売上が伸びた。", title="AWSの決算").tags
    amazon = next(t for t in tags if t.tag == "Amazon")
    assert any("through the parent" in r for r in amazon.reasons)


# --- commands -----------------------------------------------------------------------------------------------


def test_tags_command_prints_reasons() -> None:
    rc, out, _ = run("tags", str(SITE / "2025-01-10-nvidia-gpu.md"))
    assert rc == 0
    assert "NVIDIA" in out and "[entity]" in out and "- ORG NVIDIA" in out


def test_tags_command_json_and_vocabulary(tmp_path: Path) -> None:
    vocab = tmp_path / "vocab.yaml"
    rc, _, err = run("harvest-tags", str(SITE), "-o", str(vocab))
    assert rc == 0 and "tag(s) written" in err
    rc, out, _ = run("tags", str(SITE), "--json", "--vocabulary", str(vocab), "--no-new-tags")
    assert rc == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 4
    allowed = set(load_vocabulary(vocab).tags)
    assert all(t["tag"] in allowed for line in lines for t in line["tags"])
    assert any(t["tag"] == "Nvidia" for t in lines[0]["tags"])


def test_tags_command_errors(tmp_path: Path) -> None:
    rc, _, err = run("tags", str(SITE), "--no-new-tags")
    assert rc == 2 and "--vocabulary" in err
    rc, _, err = run("tags", str(SITE), "--vocabulary", str(tmp_path / "none.yaml"))
    assert rc == 2 and "vocabulary error" in err
    rc, out, err = run("tags", str(tmp_path / "missing.md"))
    assert rc == 2 and out == "" and "missing.md: no such file or directory" in err  # nothing done


def test_build_background_command(tmp_path: Path) -> None:
    out_file = tmp_path / "df.tsv"
    rc, out, _ = run("build-background", str(SITE), "-o", str(out_file), "--min-df", "1")
    assert rc == 0 and "4 documents" in out
    bg = Background.load(out_file)
    assert bg.docs == 4 and bg.df.get("gpu", 0) >= 1
    a = Analyzer(tag_options=TagOptions(background=bg))
    result = analyze_document(a, (SITE / "2025-01-10-nvidia-gpu.md").read_text(encoding="utf-8"))
    assert result.tags


def test_compare_tags_classifies_differences() -> None:
    d = compare_tags(["Meta", "NVIDIA", "AI", "Google", "xAI"], ["AI"], {"Google"}, "metadata, GPU, google. XAI.")
    assert d.agreed == ["AI"]
    assert d.reasons == {
        "Meta": "substring_artefact",
        "NVIDIA": "no_mention",
        "Google": "below_cut",
        "xAI": "case_artefact",
    }
    assert literal_class("Google", "Google社") == "missed"


def test_long_canonical_names_are_tagged_by_acronym(analyzer: Analyzer) -> None:
    result = analyzer.analyze("NEDOは生成AIの安全技術開発を支援する。NEDOの予算は増えた。", title="NEDOの新事業")
    nedo = next(e for e in result.entities if e.text == "NEDO")
    assert nedo.canonical and len(nedo.canonical) > 24
    assert result.tags[0].tag == "NEDO" and result.tags[0].id == nedo.id


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("両社は連携強化を発表した。連携強化で合意した。", "連携強化"),  # an action, not a thing
        ("構想が示された。構想は大きい。", "構想"),  # one common word
        ("患者さんの声。患者さんに届ける。", "患者さん"),  # an honorific
        ("速度は2倍高速化した。さらに3倍高速化する。", "倍高速化"),  # the tail of a number
    ],
)
def test_keyphrases_name_things(tok: Tokenizer, text: str, absent: str) -> None:
    from jpnews_tags.lexicon.resources import load_resources

    actions = load_resources(tok).rule_cues.keyphrase_action_words
    assert absent not in {p.surface for p in extract_phrases(tok.tokenize(text), action_words=actions)}


def test_single_proper_nouns_and_acronyms_are_phrases(tok: Tokenizer) -> None:
    text = "AGIの議論。AGIは遠い。トヨタの工場。トヨタが発表。"
    assert {"AGI", "トヨタ"} <= {p.surface for p in extract_phrases(tok.tokenize(text))}


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("富士通はAIを発表した。富士通の新技術。", "富士通"),  # Japanese company: its Japanese name
        ("デジタル庁はOpenAIと提携した。デジタル庁が発表。", "デジタル庁"),  # Japanese government body
        ("NTTは新モデルを発表した。NTTの研究所。", "NTT"),  # an acronym stays
        ("AI推進法が成立した。AI推進法の施行。", "AI推進法"),  # a long Japanese canonical name: a short alias
        ("エヌビディアが発表した。エヌビディアのGPU。", "NVIDIA"),  # a foreign company: its canonical name
    ],
)
def test_tag_names_editors_use(analyzer: Analyzer, text: str, tag: str) -> None:
    result = analyzer.analyze(text, title=text[:10])
    assert result.tags[0].tag == tag


def test_tag_names_follow_how_japanese_news_names_things() -> None:
    from jpnews_tags.lexicon.schema import Entry
    from jpnews_tags.tagging.names import tag_name

    def entry(**kw: object) -> Entry:
        return Entry.model_validate({"id": "x", "label": "ORG", "kind": "company", **kw})

    assert tag_name(entry(name="Amazon Web Services", aliases=["AWS"], tags=["AWS"])) == "AWS"
    assert tag_name(entry(name="Fujitsu", aliases=["富士通"], tag_in_japanese=True)) == "富士通"
    assert tag_name(entry(name="NTT", aliases=["日本電信電話"], tag_in_japanese=True)) == "NTT"
    nedo = entry(name="New Energy and Industrial Technology Development Organization", kind="government",
                 aliases=["新エネルギー・産業技術総合開発機構", "NEDO"], tag_in_japanese=True)  # fmt: skip
    assert tag_name(nedo) == "NEDO"
    usg = entry(name="United States Government", kind="government", aliases=["米国政府", "米政府", "US government"])
    assert tag_name(usg) == "米国政府"
    cia = entry(name="Central Intelligence Agency", kind="government", aliases=["中央情報局", "CIA"])
    assert tag_name(cia) == "CIA"
    assert tag_name(entry(name="Microsoft", aliases=["マイクロソフト"])) == "Microsoft"


def test_tag_names_leave_out_legal_forms_and_keep_registered_latin_names() -> None:
    from jpnews_tags.lexicon.schema import Entry
    from jpnews_tags.tagging.names import tag_name

    def company(name: str, *aliases: str, ambiguous: tuple[str, ...] = ()) -> Entry:
        data = {"id": "x", "label": "ORG", "kind": "company", "name": name, "tag_in_japanese": True}
        return Entry.model_validate({**data, "aliases": list(aliases), "ambiguous": list(ambiguous)})

    # the short name needs context to match, but it is what an editor calls the company
    assert tag_name(company("Sharp", "シャープ", "シャープ株式会社", ambiguous=("シャープ",))) == "シャープ"
    assert tag_name(company("Kubota", "株式会社クボタ")) == "クボタ"  # the legal form dropped
    # a Japanese company registered in Latin letters is tagged that way, not by a katakana reading
    assert tag_name(company("Sansan", "Sansan株式会社", "サンサン")) == "Sansan"
    assert tag_name(company("kubell", "Chatwork株式会社", "kubell株式会社", "クベル")) == "kubell"
    assert tag_name(company("GO Inc.", "GO株式会社", "モビリティテクノロジーズ")) == "GO"
    # a subsidiary: the alias without a legal form first (グーグル合同会社 would give the parent's name)
    assert tag_name(company("Google Japan", "グーグル合同会社", "グーグル日本法人")) == "グーグル日本法人"
