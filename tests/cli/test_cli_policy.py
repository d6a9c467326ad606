"""One family: every command follows the policy of docs/cli.md (exit statuses, errors, --format, outputs)."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jpnews_tags.cli.commands import COMMAND_MODULES
from jpnews_tags.cli.main import build_parser, main

from ..conftest import FIXTURES, ROOT

DICT = ["--dict", str(FIXTURES / "dictionary"), "--no-package-dict"]
HOSTILE = FIXTURES / "cli"
# ゼノバイト is an unknown name the analyzer finds (ゼノバイト社), so discover has a candidate to print.
POST = "---\ntitle: AWSの発表\ntags: [AI]\n---\n\n米AWSがOpenAIと提携した。ゼノバイト社も参加した。\n"
GOLD = {"id": "g1", "text": "AWSが発表", "entities": [{"text": "AWS", "label": "ORG", "canonical": None}]}


def run(
    argv: list[str], stdin: str | bytes | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    rc = main(argv, out, err)
    return rc, out.getvalue(), err.getvalue()


def assert_clean_error(err: str) -> None:
    """Every line on stderr is the family's (prefix), and no traceback."""
    assert err, "an error must say something"
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("usage:") and not line.startswith(" ")]
    assert all(line.startswith("jpnews-tags: ") for line in lines), err


def all_parsers() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    def walk(name: str, p: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        yield name, p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    yield from walk(f"{name} {sub_name}".strip(), sub)

    yield from walk("", build_parser())


PARSERS = dict(all_parsers())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    d = tmp_path / "site"
    d.mkdir()
    (d / "a.md").write_text(POST, encoding="utf-8")
    (d / "b.md").write_text(POST.replace("AWSの発表", "OpenAIの発表"), encoding="utf-8")
    return d


# --- help ------------------------------------------------------------------------------------------------------


def test_every_command_has_a_module_and_one_registration_style() -> None:
    names = {name.split()[0] for name in PARSERS if name}
    assert names == {m.replace("_", "-") for m in COMMAND_MODULES}
    for module in COMMAND_MODULES:
        source = (ROOT / "jpnews_tags" / "cli" / f"{module}.py").read_text(encoding="utf-8")
        assert re.search(r"^def register\(sub: Any\) -> None:", source, re.M), module
    main_py = (ROOT / "jpnews_tags" / "cli" / "main.py").read_text(encoding="utf-8")
    assert "add_parser(" not in main_py and len(main_py.splitlines()) < 120


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_every_argument_has_help_and_no_markup(name: str) -> None:
    p = PARSERS[name]
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            assert all(a.help for a in action._choices_actions), name
            continue
        assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
    text = p.format_help()
    for markup in ("``", ":mod:", ":class:", ":func:", ":data:", ":meth:", "`"):
        assert markup not in text, f"{name} --help shows {markup!r}"


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    rc, out, _ = run([flag])
    assert rc == 0 and re.fullmatch(r"jpnews-tags \d+\.\d+\.\d+\S*\n", out)


def test_options_apply_only_where_they_mean_something() -> None:
    def options(name: str) -> set[str]:
        return {o for a in PARSERS[name]._actions for o in a.option_strings}

    assert not {"--vocabulary", "--max-tags", "--no-new-tags", "--no-keyphrases"} & options("discover")
    assert not {"--vocabulary", "--max-tags"} & options("evaluate")
    assert not {"--format", "--max-tags", "--vocabulary", "--no-discovery", "--model"} & options("report")
    assert {"--dict", "--no-package-dict"} <= options("report")  # the dictionary unknown names are checked against
    assert "--no-discovery" not in options("dict lookup")
    for name in ("analyze", "tags", "enrich", "batch"):
        assert {"--dict", "--vocabulary", "--max-tags"} <= options(name), name
    groups = {g.title for g in PARSERS["analyze"]._action_groups}
    assert {"dictionary options", "tag options", "output options"} <= groups


# --- exit statuses and errors ----------------------------------------------------------------------------------

#: Every command that reads input, with a path that does not exist.
MISSING: dict[str, Callable[[Path], list[str]]] = {
    "analyze": lambda t: ["analyze", str(t / "nope.md")],
    "analyze-jsonl": lambda t: ["analyze", "--input-format", "jsonl", str(t / "nope.jsonl")],
    "tags": lambda t: ["tags", str(t / "nope")],
    "discover": lambda t: ["discover", str(t / "nope")],
    "harvest-tags": lambda t: ["harvest-tags", str(t / "nope"), "-o", str(t / "vocab.yaml")],
    "build-background": lambda t: ["build-background", str(t / "nope"), "-o", str(t / "bg.tsv")],
    "enrich": lambda t: ["enrich", str(t / "nope")],
    "batch": lambda t: ["batch", str(t / "nope"), "-o", str(t / "out.jsonl")],
    "report": lambda t: ["report", str(t / "nope.jsonl"), "-o", str(t / "report.html")],
    "evaluate": lambda t: ["evaluate", str(t / "missing.jsonl")],
    "dict check": lambda t: ["dict", "check", str(t / "nope.yaml")],
    "train": lambda t: ["train", str(t / "nope"), "-o", str(t / "model.npz")],
}

#: Every command that reads input, with input that holds nothing (an empty folder or an empty file).
EMPTY: dict[str, Callable[[Path], list[str]]] = {
    "analyze": lambda t: ["analyze", str(t / "empty")],
    "analyze-jsonl": lambda t: ["analyze", "--input-format", "jsonl", str(t / "empty.jsonl")],
    "tags": lambda t: ["tags", str(t / "empty")],
    "discover": lambda t: ["discover", str(t / "empty")],
    "harvest-tags": lambda t: ["harvest-tags", str(t / "empty"), "-o", str(t / "vocab.yaml")],
    "build-background": lambda t: ["build-background", str(t / "empty"), "-o", str(t / "bg.tsv")],
    "enrich": lambda t: ["enrich", str(t / "empty")],
    "batch": lambda t: ["batch", str(t / "empty"), "-o", str(t / "out.jsonl")],
    "report": lambda t: ["report", str(t / "empty.jsonl"), "-o", str(t / "report.html")],
    "evaluate": lambda t: ["evaluate", str(t / "empty.jsonl")],
    "train": lambda t: ["train", str(t / "empty"), "-o", str(t / "model.npz")],
}

#: The output files the commands above would write.
OUTPUTS = ("vocab.yaml", "bg.tsv", "out.jsonl", "report.html", "model.npz")


def dict_options(case: str) -> list[str]:
    """The small test dictionary, for the commands that take dictionary options."""
    return (
        DICT if case.split()[0].split("-")[0] in ("analyze", "tags", "discover", "enrich", "batch", "evaluate") else []
    )


def _prepare(tmp_path: Path) -> dict[str, bytes]:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty.jsonl").write_bytes(b"")
    before = {}
    for name in OUTPUTS:  # precious outputs of an earlier run: a typo must never replace them
        before[name] = f"precious {name}\n".encode()
        (tmp_path / name).write_bytes(before[name])
    return before


@pytest.mark.parametrize(("case", "argv"), [(k, v) for k, v in MISSING.items()], ids=list(MISSING))
def test_missing_input_exits_2_does_nothing_and_says_why(
    case: str, argv: Callable[[Path], list[str]], tmp_path: Path
) -> None:
    before = _prepare(tmp_path)
    rc, out, err = run([*argv(tmp_path), *dict_options(case)])
    assert rc == 2, err
    assert out == ""
    assert_clean_error(err)
    assert "nope" in err or "missing" in err
    assert {n: (tmp_path / n).read_bytes() for n in OUTPUTS} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*OUTPUTS, "empty", "empty.jsonl"])


@pytest.mark.parametrize(("case", "argv"), [(k, v) for k, v in EMPTY.items()], ids=list(EMPTY))
def test_empty_input_exits_2_and_never_replaces_an_output(
    case: str, argv: Callable[[Path], list[str]], tmp_path: Path
) -> None:
    before = _prepare(tmp_path)
    rc, out, err = run([*argv(tmp_path), *dict_options(case)])
    assert rc == 2, err
    assert out == ""
    assert_clean_error(err)
    assert {n: (tmp_path / n).read_bytes() for n in OUTPUTS} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*OUTPUTS, "empty", "empty.jsonl"])


def test_harvest_tags_typo_keeps_the_vocabulary(site: Path, tmp_path: Path) -> None:
    """Issue 16 item 2: `harvest-tags site/_post -o vocab.yaml` replaced a 163-tag vocabulary with `tags: []`."""
    vocab = tmp_path / "vocab.yaml"
    assert run(["harvest-tags", str(site), "-o", str(vocab)])[0] == 0
    good = vocab.read_bytes()
    assert b"AI" in good
    rc, _, err = run(["harvest-tags", str(tmp_path / "sit"), "-o", str(vocab)])
    assert rc == 2 and vocab.read_bytes() == good
    assert err.startswith(f"jpnews-tags: {tmp_path / 'sit'}: no such file or directory\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "--max-tags", "many"],
        ["tags"],
        ["discover", "x", "--vocabulary", "v.yaml"],
        ["enrich", "x", "--policy", "append"],
        ["batch", "x"],
        ["report"],
        ["dict"],
        ["dict", "lookup"],
        ["evaluate", "gold.jsonl", "--max-tags", "3"],
        ["schema", "--format", "yaml"],
        ["harvest-tags"],
        ["build-background", "x"],
        ["nosuchcommand"],
    ],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_exit_2_with_the_prefix(argv: list[str]) -> None:
    rc, out, err = run(argv)
    assert rc == 2 and out == ""
    assert_clean_error(err)
    name = " ".join(a for a in argv[:2] if a in PARSERS or " ".join(argv[:2]) in PARSERS)
    if argv[0] in PARSERS:
        assert f"jpnews-tags: {name if name in PARSERS else argv[0]}: " in err


def test_one_failed_input_exits_1_and_the_others_are_processed(site: Path) -> None:
    (site / "bin.md").write_bytes(b"\x00\x01\x02" * 40)
    for argv in (["analyze", str(site)], ["tags", str(site)], ["discover", str(site), "--min-docs", "1"]):
        rc, out, err = run([*argv, *DICT])
        assert rc == 1, argv
        assert "a.md" in out or "AWS" in out
        assert_clean_error(err)
        assert "bin.md" in err


# --- evaluate: issue 16 item 3 -----------------------------------------------------------------------------------


def test_evaluate_missing_or_non_json_gold_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    rc, out, err = run(["evaluate", "missing.jsonl", *DICT])
    assert rc == 2 and out == "" and err == "jpnews-tags: evaluate: missing.jsonl: no such file\n"
    bad = HOSTILE / "not-json-gold.jsonl"
    rc, out, err = run(["evaluate", str(bad), *DICT])
    assert rc == 2 and out == ""
    assert err.startswith(f"jpnews-tags: evaluate: {bad}:1: invalid JSON") and err.count("\n") == 1
    half = tmp_path / "half.jsonl"
    half.write_text(json.dumps(GOLD) + "\n" + json.dumps({"id": "g2", "text": "x"}) + "\n", encoding="utf-8")
    rc, _, err = run(["evaluate", str(half), *DICT])
    assert rc == 2 and f"{half}:2: 'entities' must be a list" in err


def test_debug_shows_the_traceback() -> None:
    with pytest.raises(Exception, match="invalid JSON"):
        main(["evaluate", str(HOSTILE / "not-json-gold.jsonl"), "--debug", *DICT], io.StringIO(), io.StringIO())
    with pytest.raises(Exception, match="invalid JSON"):
        main(["--debug", "evaluate", str(HOSTILE / "not-json-gold.jsonl"), *DICT], io.StringIO(), io.StringIO())


# --- --format ----------------------------------------------------------------------------------------------------


def _gold(tmp_path: Path) -> str:
    p = tmp_path / "gold.jsonl"
    p.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    return str(p)


#: Every command with machine output: json must be the jsonl objects as one document (an array when many).
FORMATS: dict[str, tuple[Callable[[Path, Path], list[str]], bool]] = {
    "analyze FILE": (lambda s, t: ["analyze", str(s / "a.md"), *DICT], False),
    "analyze DIR": (lambda s, t: ["analyze", str(s), *DICT], True),
    "analyze records": (
        lambda s, t: ["analyze", "--input-format", "jsonl", str(ROOT / "examples/records.jsonl")],
        True,
    ),
    "tags": (lambda s, t: ["tags", str(s), *DICT], True),
    "discover": (lambda s, t: ["discover", str(s), "--min-docs", "1", *DICT], True),
    "enrich": (lambda s, t: ["enrich", str(s), *DICT], True),
    "evaluate": (lambda s, t: ["evaluate", _gold(t), "--errors", *DICT], False),
    "schema": (lambda s, t: ["schema"], False),
    "dict lookup": (lambda s, t: ["dict", "lookup", "AWS", *DICT], False),
}


@pytest.mark.parametrize("case", list(FORMATS))
def test_format_json_is_the_jsonl_objects_as_one_document(case: str, site: Path, tmp_path: Path) -> None:
    argv, many = FORMATS[case]
    rc1, lines, err1 = run([*argv(site, tmp_path), "--format", "jsonl"])
    rc2, doc, err2 = run([*argv(site, tmp_path), "--format", "json"])
    assert rc1 == rc2 == 0, err1 + err2
    objects = [json.loads(line) for line in lines.splitlines()]
    assert objects and all(isinstance(o, dict) for o in objects)
    assert json.loads(doc) == (objects if many else objects[0])
    assert doc.startswith("[\n  {" if many else "{\n  ")  # indented
    assert doc == json.dumps(json.loads(doc), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (["tags", "SITE", "--json"], ["tags", "SITE", "--format", "jsonl"], "--json is deprecated; use --format jsonl"),
        (["discover", "SITE", "--json"], ["discover", "SITE", "--format", "jsonl"], "use --format jsonl"),
        (["analyze", "SITE/a.md", "--pretty"], ["analyze", "SITE/a.md", "--format", "json"], "use --format json"),
        (["evaluate", "GOLD", "--json"], ["evaluate", "GOLD", "--format", "json"], "use --format json"),
        (
            ["analyze", "--jsonl", "RECORDS"],
            ["analyze", "--input-format", "jsonl", "RECORDS"],
            "--jsonl is deprecated; use --input-format jsonl",
        ),
    ],
)
def test_old_spellings_still_work_with_a_warning(
    old: list[str], new: list[str], warning: str, site: Path, tmp_path: Path
) -> None:
    gold = _gold(tmp_path)

    def fill(argv: list[str]) -> list[str]:
        subst = {"SITE": str(site), "GOLD": gold, "RECORDS": str(ROOT / "examples" / "records.jsonl")}
        return [re.sub("SITE|GOLD|RECORDS", lambda m: subst[m.group(0)], a) for a in argv] + DICT

    rc_old, out_old, err_old = run(fill(old))
    rc_new, out_new, err_new = run(fill(new))
    assert rc_old == rc_new == 0 and out_old == out_new
    assert f"jpnews-tags: warning: {warning}" in err_old if warning.startswith("-") else warning in err_old
    assert "deprecated" not in err_new
    for flag in ("--json", "--pretty", "--jsonl"):
        assert flag not in PARSERS[old[0]].format_help().replace("--jsonl]", "")


def test_help_says_analyze_reads_json_lines_with_input_format() -> None:
    text = " ".join(PARSERS["analyze"].format_help().split())
    assert "--input-format {text,jsonl}" in text and "each line is a" in text


# --- analyze --input-format jsonl: issue 16 items 11 and 20 ------------------------------------------------------


def test_hostile_records_each_get_one_line_and_none_is_lost() -> None:
    rc, out, err = run(["analyze", "--input-format", "jsonl", str(HOSTILE / "hostile-records.jsonl"), *DICT])
    rows = [json.loads(line) for line in out.splitlines()]  # every line is JSON (no Infinity, valid UTF-8)
    out.encode("utf-8")

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the output")

    for line in out.splitlines():
        json.loads(line, parse_constant=refuse)
    assert [r.get("id") for r in rows] == ["\ud800-lone", None, None, None, None, "after"]
    assert [e["text"] for e in rows[0]["entities"]] == ["AWS"]  # a lone-surrogate id is a valid id, escaped
    assert "Infinity is not JSON" in rows[1]["error"] and rows[1]["line"] == 2
    assert "not valid UTF-8" in rows[2]["error"] and rows[2]["line"] == 3
    assert "'id' must be a string or an integer" in rows[3]["error"]  # batch's id rule
    assert "'id' must be a string or an integer" in rows[4]["error"]
    assert [e["text"] for e in rows[5]["entities"]] == ["OpenAI"]
    assert rc == 1
    assert_clean_error(err)
    assert len(err.splitlines()) == 4


def test_stdin_records_are_decoded_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (HOSTILE / "hostile-records.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict"))
    out, err = io.StringIO(), io.StringIO()
    rc = main(["analyze", "--input-format", "jsonl", *DICT], out, err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rc == 1 and len(rows) == 6 and rows[-1]["id"] == "after"
    assert rows[2]["error"].startswith("<stdin>:3: not valid UTF-8")


def test_batch_and_analyze_read_records_alike(tmp_path: Path) -> None:
    """The same id rule, the same empty-text rule, the same messages."""
    src = tmp_path / "recs.jsonl"
    src.write_bytes((HOSTILE / "hostile-records.jsonl").read_bytes() + b'{"id": "e", "text": "  "}\n{"text": "AWS"}\n')
    rc, out, _ = run(["analyze", "--input-format", "jsonl", str(src), *DICT])
    rows = [json.loads(line) for line in out.splitlines()]
    assert rc == 1
    rc, _, _ = run(["batch", str(src), "-o", str(tmp_path / "b.jsonl"), "--workers", "1", "--quiet", *DICT])
    recs = [json.loads(line) for line in (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rc == 1
    ok = [bool(r.get("error")) for r in rows]
    assert ok[:1] + ok[3:] == [bool(r["error"]) for r in recs][:1] + [bool(r["error"]) for r in recs][3:]
    assert rows[6]["error"] == recs[6]["error"] == f"{src}:7: empty text"
    assert rows[7]["id"] == recs[7]["id"] == f"{src}:8"  # no id: the record's place, as batch says


def test_empty_document_is_an_error_in_analyze_as_in_batch(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "only-fm.md").write_text("---\ntitle: 見出しだけ\n---\n\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("AWSが発表", encoding="utf-8")
    rc, out, err = run(["analyze", str(tmp_path / "empty.md"), *DICT])
    assert rc == 1 and out == "" and err == f"jpnews-tags: {tmp_path / 'empty.md'}: empty file\n"
    rc, out, err = run(["analyze", str(tmp_path), *DICT])
    rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    assert rc == 1 and rows["empty.md"]["error"].endswith("empty file")
    assert rows["only-fm.md"]["error"].endswith("no text after the front matter")
    assert rows["good.md"]["entities"]
    rc, _, _ = run(["batch", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--workers", "1", "--quiet", *DICT])
    recs = {r["id"]: r for r in map(json.loads, (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines())}
    assert rc == 1
    for name in ("empty.md", "only-fm.md"):
        assert recs[name]["error"] == rows[name]["error"]


# --- outputs: written atomically ---------------------------------------------------------------------------------


def test_an_unwritable_output_is_refused_before_any_work(site: Path, tmp_path: Path) -> None:
    for argv in (
        ["harvest-tags", str(site), "-o", str(tmp_path)],
        ["build-background", str(site), "-o", str(tmp_path / "no" / "dir.tsv")],
        ["report", str(ROOT / "examples" / "batch-output.jsonl"), "-o", str(tmp_path)],
    ):
        rc, out, err = run(argv)
        assert rc == 2 and out == "", argv
        assert_clean_error(err)
        assert "cannot write" in err


def test_output_files_are_replaced_atomically(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half-way (a full disk) leaves the old file whole, for every -o."""
    import os

    files = {
        "vocab.yaml": ["harvest-tags", str(site), "-o"],
        "report.html": ["report", str(ROOT / "examples" / "batch-output.jsonl"), "-o"],
        "bg.tsv": ["build-background", str(site), "--min-df", "1", "-o"],
    }
    for name, argv in files.items():
        assert run([*argv, str(tmp_path / name)])[0] == 0, name
    before = {name: (tmp_path / name).read_bytes() for name in files}

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    for name, argv in files.items():
        rc, _, err = run([*argv, str(tmp_path / name)])
        assert rc == 2 and "No space left on device" in err, name
        assert_clean_error(err)
    assert {name: (tmp_path / name).read_bytes() for name in files} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*files, "site"])  # no temporary left behind
