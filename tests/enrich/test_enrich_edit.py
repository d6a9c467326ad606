"""The byte-exact front matter editor: golden fixtures for every shape (LF, CRLF, BOM), quoting, replace,
strings, the final check, and property tests (hypothesis) for arbitrary existing and new tags."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from jpnews_tags.enrich.plan import EnrichOptions, enrich_text, existing_tags
from jpnews_tags.frontmatter import yaml_format as frontmatter_yaml
from jpnews_tags.frontmatter.edit import EditError, ListEdit, RecordsEdit, edit_front_matter, find_header
from jpnews_tags.frontmatter.header import split_front_matter

from ..conftest import FIXTURES
from .test_enrich import FixedTags

CASES_DIR = FIXTURES / "enrich" / "cases"
CASES = sorted(p.name.removesuffix(".md.in") for p in CASES_DIR.glob("*.md.in"))
NEW = ("AWS", "生成AI", "C++", "yes")
VARIANTS = {
    "lf": lambda s: s,
    "crlf": lambda s: s.replace("\n", "\r\n"),
    "bom": lambda s: "\ufeff" + s,
}


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_there_is_a_fixture_for_every_shape() -> None:
    assert len(CASES) >= 19
    for case in CASES:
        assert (CASES_DIR / f"{case}.md.out").is_file(), case


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, variant: str) -> None:
    conv = VARIANTS[variant]
    src = conv(read(CASES_DIR / f"{case}.md.in"))
    want = conv(read(CASES_DIR / f"{case}.md.out"))
    fake = FixedTags(NEW)
    r = enrich_text(src, fake, EnrichOptions(max_new=4))
    assert r.text == want
    # the new front matter reads as the old one plus the new tags, and the body is the same
    old, new = split_front_matter(src), split_front_matter(r.text)
    assert new.error is None and new.format == old.format
    assert r.text[new.body_start :] == src[old.body_start :]
    old_tags = old.meta.get("tags")
    assert existing_tags(new.meta["tags"]) == [*existing_tags(old_tags), *r.added]
    assert type(new.meta["tags"]) is (str if isinstance(old_tags, str) and old_tags else list)
    assert {k: v for k, v in new.meta.items() if k != "tags"} == {k: v for k, v in old.meta.items() if k != "tags"}
    assert [k for k in new.meta if k in old.meta] == list(old.meta) and set(new.meta) == set(old.meta) | {"tags"}
    # idempotent
    again = enrich_text(r.text, fake, EnrichOptions(max_new=4))
    assert again.status == "unchanged" and again.text == r.text


def test_find_header_agrees_with_split_front_matter() -> None:
    for case in CASES:
        for conv in VARIANTS.values():
            text = conv(read(CASES_DIR / f"{case}.md.in"))
            h = find_header(text)
            assert h is not None and h.body_start == split_front_matter(text).body_start, case
    assert find_header("本文だけ\n") is None
    assert find_header("{not json\n") is None


def edit(text: str, *edits: ListEdit | RecordsEdit) -> str:
    return edit_front_matter(text, list(edits)).text


# ---------------------------------------------------------------- shapes and styles


def test_string_with_a_tag_containing_the_separator_becomes_a_list() -> None:
    out = edit_front_matter("---\ntags: ai cloud\n---\n", [ListEdit("tags", ("Amazon Web Services",))])
    assert out.text == "---\ntags: [ai, cloud, Amazon Web Services]\n---\n"
    assert "space-separated" in out.notes[0]
    out = edit_front_matter("---\ntags: 'ai, cloud'\n---\n", [ListEdit("tags", ("a,b",))])
    assert out.text == "---\ntags: ['ai', 'cloud', 'a,b']\n---\n"
    # a space in a comma-separated string is fine
    assert edit("---\ntags: ai,cloud\n---\n", ListEdit("tags", ("Amazon Web Services",))) == (
        "---\ntags: ai,cloud,Amazon Web Services\n---\n"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("tags:\n  - a  # c\n  - b\n", "tags:\n  - X\n  - C++\n"),
        ("tags: ['a', 'b']  # c\n", "tags: ['X', 'C++']  # c\n"),
        ("tags: [\n    a,\n    b\n]\n", "tags: [\n    X,\n    C++\n]\n"),
        ("tags: a b\n", "tags: X C++\n"),
        ('tags: "a, b"\n', 'tags: "X, C++"\n'),
        ("tags: ~\n", "tags:\n  - X\n  - C++\n"),
    ],
)
def test_replace_keeps_the_shape(before: str, after: str) -> None:
    text = f"---\ntitle: t\n{before}date: 2020-01-01\n---\nbody\n"
    assert edit(text, ListEdit("tags", ("X", "C++"), append=False)) == text.replace(before, after)


def test_other_keys_toml_and_json_strings() -> None:
    assert edit("---\nkeywords: [a]\ntags: [b]\n---\n", ListEdit("keywords", ("c",))) == (
        "---\nkeywords: [a, c]\ntags: [b]\n---\n"
    )
    assert edit('+++\ntags = "ai cloud"\n+++\n', ListEdit("tags", ("AWS",))) == '+++\ntags = "ai cloud AWS"\n+++\n'
    assert edit("+++\ntags = 'ai'\n+++\n", ListEdit("tags", ("it's",))) == '+++\ntags = "ai it\'s"\n+++\n'
    assert edit('{"tags": "ai, cloud"}\n', ListEdit("tags", ('"q"',))) == '{"tags": "ai, cloud, \\"q\\""}\n'
    assert edit('{"tags": ["a"],"x": 1}', ListEdit("tags", ("b",))) == '{"tags": ["a", "b"],"x": 1}'
    assert edit("+++\ndraft = true\n+++\n", ListEdit("tags", ("日本",))) == '+++\ndraft = true\ntags = ["日本"]\n+++\n'
    assert edit("+++\ntags = ''\n+++\n", ListEdit("tags", ("a b",))) == '+++\ntags = ["a b"]\n+++\n'
    assert edit('{"tags": null}', ListEdit("tags", ("a",))) == '{"tags": ["a"]}'
    assert edit('{"tags": " "}', ListEdit("tags", ("a",))) == '{"tags": ["a"]}'


def test_entities_in_toml_and_json() -> None:
    records = ({"name": "Amazon Web Services", "type": "ORG", "id": "aws"}, {"name": "東京", "type": "GPE", "id": None})
    toml = edit("+++\ntitle = 'x'\n[params]\na = 1\n+++\n", RecordsEdit("entities", records))
    assert toml == (
        "+++\ntitle = 'x'\nentities = [\n"
        '  { name = "Amazon Web Services", type = "ORG", id = "aws" },\n'
        '  { name = "東京", type = "GPE" },\n]\n[params]\na = 1\n+++\n'
    )
    assert tomllib.loads(toml.split("+++\n")[1])["entities"][1] == {"name": "東京", "type": "GPE"}
    js = edit('{\n  "title": "x"\n}\n', RecordsEdit("entities", records))
    assert json.loads(js)["entities"] == [dict(r) for r in records]
    assert js.startswith('{\n  "title": "x",\n  "entities": [{"name": "Amazon Web Services"')


TRICKY = [
    "C++",
    "C#",
    "a: b",
    "#hash",
    "*star",
    "&amp",
    "!bang",
    "@at",
    "`tick",
    "'quote",
    '"dq',
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "true",
    "3.5",
    "2025",
    "1e3",
    "0x1F",
    "2025-01-01",
    "12:30",
    "[x]",
    "{x}",
    "x, y",
    "- dash",
    "? q",
    "% pct",
    "| pipe",
    "> gt",
    "Node.js",
    "日本語: 解説",
    "back\\slash",
    "tab\there",
    "trailing ",
    "nel\x85",
    "line\u2028sep",
    "bom\ufeffinside",
    "😀 emoji",
]


@pytest.mark.parametrize(
    "entry", ["tags:\n  - a\n", "tags:\n- 'a'\n", "tags: [a]\n", "tags: ['a']\n", 'tags: ["a"]\n', "tags:\n", ""]
)
def test_values_are_quoted_when_yaml_would_misread_them(entry: str) -> None:
    text = f"---\ntitle: x\n{entry}---\n"
    new = edit(text, ListEdit("tags", tuple(TRICKY)))
    got = yaml.safe_load(new.split("---\n")[1])["tags"]
    assert got[-len(TRICKY) :] == TRICKY
    assert all(type(t) is str for t in got)
    assert any(f"{pre}{c}{post}" in new for pre in ("- ", ", ") for c in ("C++", "'C++'", '"C++"') for post in ",\n")


def test_records_are_quoted_too() -> None:
    records = tuple({"name": t, "type": "ORG", "id": t} for t in TRICKY)
    new = edit("---\ntitle: x\n---\n", RecordsEdit("entities", records))
    assert yaml.safe_load(new.split("---\n")[1])["entities"] == [dict(r) for r in records]


def test_the_final_check_refuses_an_edit_that_changes_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    real = frontmatter_yaml.edit

    def sloppy(raw: str, change: Any, nl: str) -> tuple[str, Any, list[str]]:
        new, value, notes = real(raw, change, nl)
        return new.replace("title: x", "title: y"), value, notes

    monkeypatch.setattr(frontmatter_yaml, "edit", sloppy)
    with pytest.raises(EditError, match=r"'title'.*file left unchanged"):
        edit("---\ntitle: x\ntags: [a]\n---\n", ListEdit("tags", ("b",)))

    def reorders(raw: str, change: Any, nl: str) -> tuple[str, Any, list[str]]:
        _, value, notes = real(raw, change, nl)
        return "tags: [a, b]\ntitle: x\n", value, notes

    monkeypatch.setattr(frontmatter_yaml, "edit", reorders)
    with pytest.raises(EditError, match="order"):
        edit("---\ntitle: x\ntags: [a]\n---\n", ListEdit("tags", ("b",)))


def test_unusual_but_valid_headers() -> None:
    # indented top-level mapping, merge keys, no tags but anchors
    assert (
        edit("---\n  title: x\n  tags: [a]\n---\n", ListEdit("tags", ("b",)))
        == "---\n  title: x\n  tags: [a, b]\n---\n"
    )
    assert edit("---\n  title: x\n---\n", ListEdit("tags", ("b",))) == "---\n  title: x\n  tags:\n    - b\n---\n"
    assert edit("---\n---\nbody", ListEdit("tags", ("b",))) == "---\ntags:\n  - b\n---\nbody"
    text = "---\ndefaults: &d {lang: ja}\npage:\n  <<: *d\n  x: 1\ntags:\n  - a\n---\n"
    assert edit(text, ListEdit("tags", ("b",))) == text.replace("  - a\n", "  - a\n  - b\n")


# ---------------------------------------------------------------- properties

_ALPHABET = list("abcXYZ019 日本語ＡＩ・-+.#:,'\"&*!?[]{}%@`|>~\\/")
tag_text = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=10).map(str.strip).filter(bool)
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8)


def _plain_or_dq(t: str, flow: bool) -> str:
    try:
        ok = yaml.safe_load(f"[{t}]" if flow else f"- {t}") == [t]
    except yaml.YAMLError:
        ok = False
    return t if ok and t.strip() == t and "#" not in t else json.dumps(t, ensure_ascii=False)


def _yaml_entry(shape: str, items: list[str]) -> str:
    if shape == "block":
        return "tags:\n" + "".join(f"  - {json.dumps(t, ensure_ascii=False)}  # c\n" for t in items)
    if shape == "block_plain":
        return "tags:\n" + "".join(f"- {_plain_or_dq(t, False)}\n" for t in items)
    if shape == "flow_plain":
        return "tags: [" + ", ".join(_plain_or_dq(t, True) for t in items) + "]  # c\n"
    if shape == "flow_single":
        return "tags: [" + ",".join("'" + t.replace("'", "''") + "'" for t in items) + "]\n"
    if shape == "flow_multiline":
        return "tags: [\n" + "".join(f"    {json.dumps(t, ensure_ascii=False)},\n" for t in items) + "]\n"
    return {"null": "tags: null\n", "empty": "tags:\n", "missing": ""}[shape]


SHAPES = ["block", "block_plain", "flow_plain", "flow_single", "flow_multiline", "null", "empty", "missing"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(existing=["-'"], new=["0"], shape="flow_plain", crlf=False, append=False)  # -' is a plain scalar
@example(existing=["-'", "'"], new=["0"], shape="flow_plain", crlf=False, append=False)
@example(existing=['0:"'], new=["0"], shape="flow_plain", crlf=False, append=False)  # 0:" is a plain scalar
@example(existing=['0:"', "0"], new=["0"], shape="flow_plain", crlf=False, append=False)
@example(existing=["0"], new=["---"], shape="block", crlf=False, append=False)  # a tag that looks like a delimiter
@given(
    existing=st.lists(tag_text, min_size=1, max_size=4),
    new=st.lists(st.one_of(tag_text, any_text), min_size=1, max_size=4),
    shape=st.sampled_from(SHAPES),
    crlf=st.booleans(),
    append=st.booleans(),
)
def test_yaml_edit_property(existing: list[str], new: list[str], shape: str, crlf: bool, append: bool) -> None:
    if shape in ("null", "empty", "missing"):
        existing = []
    head = "---\ntitle: 'a: b'\nlist:\n  - x\n"
    entry = _yaml_entry(shape, existing)
    tail = "# after\ndate: 2020-01-01\n---\nbody\n"
    text = head + entry + tail
    if crlf:
        head, entry, tail, text = (s.replace("\n", "\r\n") for s in (head, entry, tail, text))
    try:
        assume(yaml.safe_load(text.split("---")[1]).get("tags") == (existing or None))
    except yaml.YAMLError:
        assume(False)
    out = edit(text, ListEdit("tags", tuple(new), append))
    meta = yaml.safe_load(out[4 : out.index("\n---", 3) + 1])  # the closing line (a tag may be "---")
    assert meta["tags"] == ([*existing, *new] if append else new)
    assert meta["title"] == "a: b" and meta["list"] == ["x"] and str(meta["date"]) == "2020-01-01"
    if shape == "missing":
        assert out.startswith(text[: text.rindex("---")])  # every old line kept, the key appended
    else:
        assert out.startswith(head) and out.endswith(tail)  # only the key's own lines changed
    nl = "\r\n" if crlf else "\n"
    assert out.count(nl) == out.count("\n")  # no stray line ending style


@settings(max_examples=100, deadline=None)
@given(
    existing=st.lists(tag_text, min_size=0, max_size=4),
    new=st.lists(st.one_of(tag_text, any_text), min_size=1, max_size=4),
    multiline=st.booleans(),
    literal=st.booleans(),
    missing=st.booleans(),
)
def test_toml_edit_property(existing: list[str], new: list[str], multiline: bool, literal: bool, missing: bool) -> None:
    def q(t: str) -> str:
        return f"'{t}'" if literal and "'" not in t else json.dumps(t, ensure_ascii=False)

    items = [q(t) for t in existing]
    body = ("[\n" + "".join(f"  {i},\n" for i in items) + "]") if multiline else "[" + ", ".join(items) + "]"
    head = '+++\ntitle = "x"\n'
    entry = "" if missing else f"tags = {body}  # c\n"
    tail = "draft = false\n\n[params]\ntags = ['no']\n+++\nbody\n"
    text = head + entry + tail
    out = edit(text, ListEdit("tags", tuple(new)))
    meta = tomllib.loads(out.split("+++\n")[1])
    assert meta["tags"] == (existing if not missing else []) + new
    assert meta["params"] == {"tags": ["no"]} and meta["draft"] is False
    if missing:
        assert out.startswith(head + "draft = false\n") and out.endswith("\n[params]\ntags = ['no']\n+++\nbody\n")
    else:
        assert out.startswith(head) and out.endswith(tail)


@settings(max_examples=100, deadline=None)
@given(
    existing=st.one_of(st.none(), st.lists(st.one_of(tag_text, any_text), max_size=4)),
    new=st.lists(st.one_of(tag_text, any_text), min_size=1, max_size=4),
    indent=st.sampled_from([None, 2, 4]),
)
def test_json_edit_property(existing: list[str] | None, new: list[str], indent: int | None) -> None:
    obj: dict[str, Any] = {"title": "x"}
    if existing is not None:
        obj["tags"] = existing
    obj["draft"] = False
    header = json.dumps(obj, ensure_ascii=False, indent=indent)
    out = edit(header + "\n本文\n", ListEdit("tags", tuple(new)))
    fm = split_front_matter(out)
    assert fm.meta["tags"] == (existing or []) + new
    assert out[fm.body_start :] == "\n本文\n"
    assert list(fm.meta) == (["title", "tags", "draft"] if existing is not None else ["title", "draft", "tags"])


def test_c_and_python_yaml_loaders_agree_on_positions() -> None:
    """The editor takes node positions from the fast loader; they must be the pure-Python ones."""
    for case in CASES:
        text = read(CASES_DIR / f"{case}.md.in").replace("\n", "\r\n")
        h = find_header(text)
        if h is None or h.format != "yaml":
            continue
        raw = "😀: x\n" + text[h.start : h.end]
        marks = []
        for loader in (yaml.SafeLoader, frontmatter_yaml.SAFE_LOADER):
            node = yaml.compose(raw, Loader=loader)
            marks.append([(k.start_mark.index, v.start_mark.index, v.end_mark.index) for k, v in node.value])
        assert marks[0] == marks[1], case
