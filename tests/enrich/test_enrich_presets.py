"""Platform presets: a post of each kind (Zenn, Qiita CLI, Hugo, Jekyll, Astro) enriched byte-exactly; tags a
platform cannot write mapped or left out with a reason; limits; formats; ``tags --preset``; real posts."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.cli.main import main
from jpnews_tags.enrich.plan import EnrichError, EnrichOptions, enrich_text
from jpnews_tags.enrich.platforms import PRESETS, get_preset, name_index, platform_tags
from jpnews_tags.lexicon.schema import Entry
from jpnews_tags.models import Analysis, Tag, Versions

from ..conftest import ROOT, SHARED

BODY = "本文。\n"
# Zenn's validator (zenn-dev/zenn-editor, packages/zenn-validator): a topic with an ASCII symbol or space is refused
ZENN_INVALID = re.compile(r"[ -/:-@\[-`{-~]")


class _Gazetteer:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)


class StandIn:
    """An analyzer stand-in: fixed suggestions (with ids) and a small dictionary for the names behind them."""

    ENTRIES = (
        Entry(id="nvidia", name="NVIDIA", label="ORG", kind="company", aliases=["エヌビディア"]),
        Entry(
            id="blackwell",
            name="NVIDIA Blackwell",
            label="PRODUCT",
            kind="chip",
            aliases=["Blackwell"],
            parent="nvidia",
        ),
        Entry(id="gemini", name="Gemini", label="PRODUCT", kind="ai_model", parent="google"),
        Entry(id="gemini-2.5", name="Gemini 2.5", label="PRODUCT", kind="ai_model", parent="gemini"),
        Entry(id="google", name="Google", label="ORG", kind="company", aliases=["グーグル"]),
        Entry(
            id="elon-musk",
            name="Elon Musk",
            label="PERSON",
            kind="person",
            aliases=["イーロン・マスク", "マスク"],
            ambiguous=["マスク"],
        ),
        Entry(id="microsoft-azure", name="Microsoft Azure", label="PRODUCT", kind="cloud_service", aliases=["Azure"]),
    )
    TAGS = (
        ("NVIDIA Blackwell", "entity", "blackwell"),
        ("Gemini 2.5", "entity", "gemini-2.5"),
        ("C++ テンプレート", "keyphrase", None),
        ("生成AI", "topic", "generative-ai"),
        ("Elon Musk", "entity", "elon-musk"),
        ("Microsoft Azure", "entity", "microsoft-azure"),
        ("Google", "entity", "google"),
    )

    def __init__(self, tags: Sequence[tuple[str, str, str | None]] = TAGS) -> None:
        self.gazetteer = _Gazetteer(self.ENTRIES)
        self.tags = tags

    def analyze(self, text: str, title: str | None = None) -> Analysis:
        return Analysis(
            entities=[],
            tags=[
                Tag(tag=t, score=round(0.9 - 0.1 * i, 2), reasons=["fixed"], source=s, id=i_d)  # type: ignore[arg-type]
                for i, (t, s, i_d) in enumerate(self.tags)
            ],
            versions=Versions(library="test", dictionary="test"),
        )


ZENN = (
    "---\n"
    'title: "GoogleとNVIDIAのAI基盤"\n'
    'emoji: "😸"\n'
    'type: "tech" # tech: 技術記事 / idea: アイデア\n'
    "topics: []\n"
    "published: false\n"
    "---\n" + BODY
)
# what `npx qiita new` writes (gray-matter's YAML: the placeholder tag is an empty string)
QIITA = (
    "---\ntitle: newArticle001\ntags:\n  - ''\nprivate: false\nupdated_at: ''\nid: null\n"
    "organization_url_name: null\nslide: false\nignorePublish: false\n---\n# new article body\n"
)
HUGO = (
    '+++\ntitle = "Blackwell"\ndate = 2025-11-20T10:00:00+09:00\n'
    'tags = ["半導体"]  # set by the editor\n\n[params]\n  author = "編集部"\n+++\n' + BODY
)
JEKYLL = '---\nlayout: post\ntitle: "Blackwell"\ntags:\n  - GPU   # ours\n---\n' + BODY
ASTRO = (
    "---\ntitle: 'My First Blog Post'\npubDate: 2022-07-01\nauthor: 'Astro Learner'\n"
    'tags: ["astro", "blogging", "learning in public"]\n---\n' + BODY
)

EXPECTED = {
    "zenn": ZENN.replace("topics: []", "topics: [blackwell, gemini, 生成ai, azure, google]"),
    "qiita": QIITA.replace(
        "  - ''\n", "  - 'Blackwell'\n  - 'gemini-2.5'\n  - '生成AI'\n  - 'イーロン・マスク'\n  - 'Azure'\n"
    ),
    "hugo": HUGO.replace(
        'tags = ["半導体"]',
        'tags = ["半導体", "NVIDIA Blackwell", "Gemini 2.5", "C++ テンプレート", "生成AI", "Elon Musk"]',
    ),
    "jekyll": JEKYLL.replace(
        "  - GPU   # ours\n",
        "  - GPU   # ours\n  - NVIDIA Blackwell\n  - Gemini 2.5\n  - C++ テンプレート\n  - 生成AI\n  - Elon Musk\n",
    ),
    "astro": ASTRO.replace(
        '"learning in public"]',
        '"learning in public", "NVIDIA Blackwell", "Gemini 2.5", "C++ テンプレート", "生成AI", "Elon Musk"]',
    ),
}
POSTS = {"zenn": ZENN, "qiita": QIITA, "hugo": HUGO, "jekyll": JEKYLL, "astro": ASTRO}


@pytest.mark.parametrize("preset", list(PRESETS))
def test_a_post_of_each_kind_is_enriched_byte_exactly_and_once(preset: str) -> None:
    r = enrich_text(POSTS[preset], StandIn(), EnrichOptions(preset=preset))
    assert r.status == "changed"
    assert r.text == EXPECTED[preset]
    again = enrich_text(r.text, StandIn(), EnrichOptions(preset=preset))
    assert again.status == "unchanged" and again.text == r.text


def test_zenn_maps_what_it_cannot_write_and_says_what_it_left_out() -> None:
    r = enrich_text(ZENN, StandIn(), EnrichOptions(preset="zenn"))
    topics = r.tags
    assert all(t and not ZENN_INVALID.search(t) for t in topics) and len(topics) <= 5
    nothing = "; no dictionary name, id or parent it can write"
    assert {x.tag: x.reason for x in r.left_out} == {
        "C++ テンプレート": "Zenn topics are letters and digits only ('+')" + nothing,
        "Elon Musk": "Zenn topics are letters and digits only (a space)" + nothing,
    }
    # the two were among the five best, so the writer is told
    assert "left out 'Elon Musk': Zenn topics are letters and digits only (a space); " in " ".join(r.notes)


def test_a_mapping_says_how_it_was_made() -> None:
    out = platform_tags(StandIn().analyze("").tags, PRESETS["zenn"], name_index(StandIn()))
    reasons = {t.tag: t.reasons[-1] for t in out.tags}
    assert reasons["blackwell"] == (
        "Zenn: written as 'blackwell' (its dictionary name): Zenn topics are letters and digits only (a space)"
    )
    assert reasons["gemini"] == (
        "Zenn: written as 'gemini' (its parent Gemini's tag): Zenn topics are letters and digits only (a space)"
    )
    assert reasons["google"] == "Zenn: written as 'google': Zenn writes topics in lower case"


def test_without_a_dictionary_the_id_and_nothing_else_is_tried() -> None:
    tags = [
        Tag(tag="Gemini 2.5", score=0.9, reasons=[], source="entity", id="gemini-2.5"),
        Tag(tag="Huawei Ascend", score=0.8, reasons=[], source="entity", id="ascend"),
    ]
    out = platform_tags(tags, PRESETS["zenn"])
    assert [t.tag for t in out.tags] == ["ascend"]
    assert out.left_out[0].tag == "Gemini 2.5"  # its id has a '-' and nothing else is known


def test_a_person_is_never_tagged_by_a_surname_or_an_ambiguous_alias() -> None:
    index = name_index(StandIn())
    assert "マスク" not in index["elon-musk"].names
    jensen = Entry(
        id="jensen-huang", name="Jensen Huang", label="PERSON", kind="person", aliases=["ジェンスン・フアン", "フアン"]
    )
    assert name_index(type("A", (), {"gazetteer": _Gazetteer([jensen])})())["jensen-huang"].names == (
        "Jensen Huang",
        "ジェンスン・フアン",
    )


def test_the_limit_never_removes_a_tag_and_says_what_was_held_back() -> None:
    post = ZENN.replace("topics: []", 'topics: ["react", "typescript", "nodejs", "初心者向け"]')
    r = enrich_text(post, StandIn(), EnrichOptions(preset="zenn"))
    assert r.text == post.replace('"初心者向け"]', '"初心者向け", "blackwell"]')
    assert "Zenn allows 5 topics; not added: gemini, 生成ai, azure, google" in r.notes
    full = r.text.replace('"blackwell"]', '"blackwell", "rust"]')
    assert enrich_text(full, StandIn(), EnrichOptions(preset="zenn")).status == "unchanged"


def test_replace_policy_is_capped_by_the_limit() -> None:
    r = enrich_text(ZENN, StandIn(), EnrichOptions(preset="zenn", policy="replace", max_new=10))
    assert r.tags == ["blackwell", "gemini", "生成ai", "azure", "google"]


def test_existing_tags_the_platform_refuses_are_kept_and_reported() -> None:
    post = ZENN.replace("topics: []", 'topics: ["vue.js"]\ntags: [old]')
    r = enrich_text(post, StandIn(), EnrichOptions(preset="zenn", max_new=1))
    assert r.tags == ["vue.js", "blackwell"]
    assert "existing topic 'vue.js': Zenn topics are letters and digits only ('.') (left as it is)" in r.notes
    assert any("Zenn reads topics, not tags" in n for n in r.notes)


def test_qiita_placeholder_is_replaced_and_never_kept_beside_real_tags() -> None:
    post = QIITA.replace("  - ''\n", "  - Python\n  - ''\n")
    r = enrich_text(post, StandIn(), EnrichOptions(preset="qiita", max_new=2))
    # the list is rewritten whole (in the majority quote style) because an item goes
    assert "tags:\n  - 'Python'\n  - 'Blackwell'\n  - 'gemini-2.5'\nprivate: false\n" in r.text


def test_qiita_with_nothing_to_suggest_says_it_needs_a_tag() -> None:
    r = enrich_text(QIITA, StandIn(tags=()), EnrichOptions(preset="qiita"))
    assert r.status == "unchanged"
    assert r.notes == ["Qiita needs at least one tag; none could be suggested"]


@pytest.mark.parametrize("preset", ["zenn", "qiita", "jekyll", "astro"])
def test_a_platform_that_reads_only_yaml_refuses_a_toml_header(preset: str) -> None:
    with pytest.raises(EnrichError, match=r"reads yaml front matter, not toml"):
        enrich_text(HUGO, StandIn(), EnrichOptions(preset=preset))
    with pytest.raises(ValueError, match="not toml"):
        EnrichOptions(preset=preset, add_front_matter="toml")


def test_key_defaults_to_the_presets_and_an_explicit_key_wins() -> None:
    assert EnrichOptions(preset="zenn").key == "topics"
    assert EnrichOptions(preset="hugo", key="keywords").key == "keywords"
    assert EnrichOptions().key == "tags"
    with pytest.raises(ValueError, match="unknown preset 'wordpress'; choose from zenn, qiita"):
        get_preset("wordpress")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(list(argv), out, err)
    return rc, out.getvalue(), err.getvalue()


def test_enrich_preset_on_a_zenn_repository_skips_books(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "books" / "my-book").mkdir(parents=True)
    post = ZENN.replace(BODY, (ROOT / "examples" / "hugo-nvidia-blackwell.md").read_text().split("+++\n")[2])
    (tmp_path / "articles" / "blackwell-shipping.md").write_text(post, encoding="utf-8")
    chapter = '---\ntitle: "はじめに"\n---\nエヌビディアのBlackwellについて。\n'
    (tmp_path / "books" / "my-book" / "intro.md").write_text(chapter, encoding="utf-8")
    rc, _, err = run("enrich", str(tmp_path), "--preset", "zenn", "--write")
    assert rc == 0, err
    assert (tmp_path / "books" / "my-book" / "intro.md").read_text(encoding="utf-8") == chapter
    written = (tmp_path / "articles" / "blackwell-shipping.md").read_text(encoding="utf-8")
    line = next(x for x in written.splitlines() if x.startswith("topics: "))
    topics = [t.strip() for t in line[len("topics: [") : -1].split(",")]
    assert 1 <= len(topics) <= 5 and "nvidia" in topics
    assert all(t and not ZENN_INVALID.search(t) and t == t.lower() for t in topics)


def test_tags_preset_lists_the_platforms_tags_and_what_it_left_out() -> None:
    rc, out, err = run("tags", str(ROOT / "examples" / "aws-government-ai.md"), "--preset", "zenn", "--format", "jsonl")
    assert rc == 0, err
    record = json.loads(out)
    assert record["preset"] == "zenn" and 1 <= len(record["tags"]) <= 5
    assert all(not ZENN_INVALID.search(t["tag"]) for t in record["tags"])
    assert [t["tag"] for t in record["tags"]] == ["government", "amazon", "米国政府", "投資", "データセンター"]
    assert record["left_out"] == [{"tag": t, "reason": "Zenn allows 5 topics"} for t in ("ai", "クラウド", "aws")]
    rc, plain, _ = run("tags", str(ROOT / "examples" / "aws-government-ai.md"))
    assert "left out" not in plain and "Zenn" not in plain  # no preset, no change


@pytest.mark.skipif(not (SHARED / "corpus" / "_posts").is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("preset", ["zenn", "qiita"])
def test_every_topic_written_on_real_posts_is_one_the_platform_accepts(preset: str, analyzer: Analyzer) -> None:
    """On 120 corpus posts (their Jekyll headers given the platform's key), what is written passes the platform's
    validator: Zenn's letters (no ASCII symbol or space), both platforms' 1 to 5 non-empty tags."""
    from jpnews_tags.frontmatter.header import split_front_matter

    posts = sorted((SHARED / "corpus" / "_posts").glob("*.md"))[::13][:120]
    opts = EnrichOptions(preset=preset, policy="replace")
    written = 0
    for p in posts:
        r = enrich_text(p.read_text(encoding="utf-8"), analyzer, opts)
        if r.status != "changed":
            continue
        written += 1
        meta = split_front_matter(r.text).meta
        tags = meta[opts.key]
        assert isinstance(tags, list) and 1 <= len(tags) <= 5, p.name
        assert all(isinstance(t, str) and t for t in tags), p.name
        if preset == "zenn":
            assert all(not ZENN_INVALID.search(t) and t == t.lower() for t in tags), (p.name, tags)
        else:
            assert all(not any(c.isspace() for c in t) for t in tags), (p.name, tags)
    assert written >= 100
