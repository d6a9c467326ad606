from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jpnews_tags.cli.main import main

from ..conftest import FIXTURES

DICT = ["--dict", str(FIXTURES / "dictionary"), "--no-package-dict"]


def run(
    argv: list[str], stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    rc = main(argv, out, err)
    return rc, out.getvalue(), err.getvalue()


def test_analyze_markdown_file_uses_front_matter_title(tmp_path: Path) -> None:
    text = '---\ntitle: "AWSとOpenAI"\ntags: [AI]\n---\n\n米OpenAIがAWSと提携。\n'
    f = tmp_path / "post.md"
    f.write_text(text, encoding="utf-8")
    rc, out, _ = run(["analyze", str(f), *DICT])
    assert rc == 0
    data = json.loads(out)
    assert data["title"] == "AWSとOpenAI"
    # offsets index the whole decoded file; the header itself is not analyzed
    spans = [(e["start"], e["end"], e["text"]) for e in data["entities"]]
    assert spans == [
        (text.index("OpenAI", 40), text.index("OpenAI", 40) + 6, "OpenAI"),
        (text.index("AWS", 40), text.index("AWS", 40) + 3, "AWS"),
    ]
    for e in data["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    assert {"entities", "tags", "versions"} <= data.keys()


def test_analyze_broken_front_matter_warns_and_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "bad.md"
    f.write_text("---\ntitle: [unclosed\n---\nAWSが発表\n", encoding="utf-8")
    rc, out, _ = run(["analyze", str(f), *DICT])
    assert rc == 0
    data = json.loads(out)
    assert [e["text"] for e in data["entities"]] == ["AWS"]
    assert data["warnings"] and "invalid YAML" in data["warnings"][0]


def test_analyze_decodes_legacy_japanese_encodings(tmp_path: Path) -> None:
    text = "AWSが日本で新サービスを発表した。"
    for encoding in ("shift_jis", "euc_jp", "cp932"):
        f = tmp_path / f"{encoding}.txt"
        f.write_bytes(text.encode(encoding))
        rc, out, _ = run(["analyze", str(f), *DICT])
        assert rc == 0, encoding
        ents = json.loads(out)["entities"]
        assert [(e["text"], text[e["start"] : e["end"]]) for e in ents][:1] == [("AWS", "AWS")]


def test_analyze_unreadable_files_give_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 10)
    (tmp_path / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    rc, _, err = run(["analyze", str(tmp_path / "garbage.txt"), *DICT])
    assert rc == 1 and "garbage.txt" in err
    rc, _, err = run(["analyze", str(tmp_path / "bin.dat"), *DICT])
    assert rc == 1 and "binary" in err
    rc, out, err = run(["analyze", str(tmp_path / "missing.md"), *DICT])
    assert rc == 2 and "missing.md: no such file or directory" in err and out == ""  # nothing done


def test_analyze_many_files_writes_json_lines_and_keeps_going(tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_text("AWSが発表", encoding="utf-8")
    bad = tmp_path / "b.md"
    bad.write_bytes(b"\xff\xfe\xfa")
    rc, out, _ = run(["analyze", str(good), str(bad), *DICT])
    lines = [json.loads(x) for x in out.splitlines()]
    assert rc == 1
    assert lines[0]["path"] == str(good) and lines[0]["entities"][0]["text"] == "AWS"
    assert lines[1]["path"] == str(bad) and "error" in lines[1]


def test_analyze_utf16_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes("OpenAIが発表".encode("utf-16"))
    rc, out, _ = run(["analyze", str(f), *DICT])
    assert rc == 0 and json.loads(out)["entities"][0]["text"] == "OpenAI"


def test_jsonl_keeps_order_and_reports_bad_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = "\n".join(
        [
            json.dumps({"id": "a", "text": "AWSが500億ドル", "title": "AWS"}),
            "{not json",
            json.dumps({"id": "c"}),
            json.dumps({"id": "d", "text": "OpenAI"}),
            json.dumps(["not", "an", "object"]),
        ]
    )
    rc, out, _ = run(["analyze", "--jsonl", *DICT], stdin, monkeypatch)
    rows = [json.loads(x) for x in out.splitlines()]
    assert rc == 1
    assert [r.get("id") for r in rows] == ["a", None, "c", "d", None]
    assert [e["text"] for e in rows[0]["entities"]] == ["AWS", "500億ドル"]
    assert rows[0]["entities"][1]["value"]["number"] == 5e10
    assert all(set(t) >= {"tag", "score", "reasons"} for t in rows[0]["tags"])
    assert "error" in rows[1] and rows[1]["line"] == 2
    assert "'text' must be a string" in rows[2]["error"]
    assert "error" not in rows[3]


def test_jsonl_all_good_exits_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    rc, out, _ = run(["analyze", "--jsonl", *DICT], json.dumps({"id": 1, "text": "AWS"}) + "\n", monkeypatch)
    assert rc == 0 and json.loads(out)["id"] == 1


def test_schema_command() -> None:
    rc, out, _ = run(["schema"])
    assert rc == 0 and json.loads(out)["title"] == "Analysis"


def test_dict_lookup_explains(tmp_path: Path) -> None:
    rc, out, _ = run(["dict", "lookup", "ａｗｓ", *DICT])
    data = json.loads(out)
    assert rc == 0 and data["matches"][0]["id"] == "amazon-web-services"
    rc, out, _ = run(["dict", "lookup", "Nova", *DICT])
    m = json.loads(out)["matches"][0]
    assert m["id"] == "amazon-nova" and m["ambiguous"] is True and "生成AI" in m["cues"]
    rc, _, _ = run(["dict", "lookup", "まったく無い名前", *DICT])
    assert rc == 1


def test_dict_check_reports_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "entries:\n"
        "  - {id: a, name: Acme, label: ORG, kind: company}\n"
        "  - {id: b, name: Bolt, label: ORG, kind: spaceship}\n"
        "  - {id: c, name: ACME, label: ORG, kind: company, parent: nobody}\n",
        encoding="utf-8",
    )
    rc, out, _ = run(["dict", "check", str(tmp_path)])
    assert rc == 1
    assert "bad.yaml:3: error: entry 'b': kind 'spaceship' is not allowed" in out
    assert "bad.yaml:4: error: alias 'ACME' of 'c' has the same key 'acme'" in out
    assert "parent 'nobody' is not defined" in out


def test_dict_check_on_fixture_is_clean() -> None:
    rc, out, _ = run(["dict", "check", str(FIXTURES / "dictionary")])
    assert rc == 0, out


def test_console_script_and_module_run(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("OpenAIが発表", encoding="utf-8")
    for cmd in (["jpnews-tags"], [sys.executable, "-m", "jpnews_tags"]):
        if cmd == ["jpnews-tags"]:
            exe = Path(sys.executable).parent / "jpnews-tags"
            if not exe.exists():
                continue
            cmd = [str(exe)]
        res = subprocess.run([*cmd, "analyze", str(f), *DICT], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["entities"][0]["canonical"] == "OpenAI"


def test_discover_lists_unknown_names_ready_to_paste(tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    for i in range(3):
        (posts / f"p{i}.md").write_text(
            f'---\ntitle: "記事{i}"\n---\n米ゼノバイト社は新型チップを発表した。AWSも対応する。データを活用する。\n',
            encoding="utf-8",
        )
    (posts / "broken.md").write_bytes(b"\x80\x81 not utf-8")
    rc, out, err = run(["discover", str(posts), *DICT])
    assert rc == 1 and "broken.md" in err  # the broken file is reported, the others are still scanned
    # the YAML is a valid user dictionary once pasted
    import yaml

    entries = yaml.safe_load(out)["entries"]
    assert {"id": "zenobaito", "name": "ゼノバイト", "label": "ORG", "kind": "company"} in entries
    assert entries[0]["name"] == "ゼノバイト"
    assert "AWS" not in {e["name"] for e in entries}  # known to the dictionary
    assert "データ" not in out  # a common word


def test_discover_drops_fragments_of_a_longer_candidate() -> None:
    from jpnews_tags import Analyzer
    from jpnews_tags.lexicon.suggest import find_candidates

    nlp = Analyzer(package_dictionaries=False)  # the analyzer's unknown names: Richard Ho is the recognizer's
    docs = ["Zentrix Labsの Richard Ho氏が語った。Ho氏によれば、Zentrix社は伸びる。"] * 2 + ["Zentrix社の決算。"]
    names = {c.name: c.docs for c in find_candidates(nlp, docs, min_docs=2)}
    assert "Richard Ho" in names and "Ho" not in names  # the surname alone is part of the full name
    assert names.get("Zentrix") == 3  # in more documents than the longer 'Zentrix Labs': kept


def test_analyze_and_tags_walk_directories_like_batch(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("AWSが発表", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.MD").write_text("AWSが発表", encoding="utf-8")
    (tmp_path / ".venv" / "pkg").mkdir(parents=True)
    (tmp_path / ".venv" / "pkg" / "README.md").write_text("AWSが発表", encoding="utf-8")  # hidden: skipped
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # not a text suffix
    for command in (["tags", "--json"], ["analyze"]):
        rc, out, _ = run([*command, str(tmp_path), *DICT])
        assert rc == 0
        paths = [Path(json.loads(line)["path"]).relative_to(tmp_path).as_posix() for line in out.splitlines()]
        assert paths == ["b.md", "sub/a.MD"], command
