"""The README's commands and the CLI examples in docs/ are real: they run here."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n(.*?)```", text, re.S)
    assert block, "README.md must start with a console block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_starts_with_two_commands_and_ci_runs_the_test_one() -> None:
    cmds = readme_commands()
    assert len(cmds) == 2
    assert cmds[0].startswith("pip install . && jpnews-tags analyze examples/")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert cmds[1] in ci.splitlines()


def test_readme_example_article_exists() -> None:
    path = shlex.split(readme_commands()[0])[6]
    assert (ROOT / path).is_file()


def cli_examples() -> list[tuple[str, str]]:
    out = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        for block in re.findall(r"```console\n(.*?)```", md.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                if line.startswith("$ jpnews-tags "):
                    out.append((md.name, line[2:]))
    return out


#: The output format of a command when --format is not given, for the commands whose output is JSON.
JSON_DEFAULTS = {"analyze": "jsonl", "schema": "json", "dict lookup": "json"}


@pytest.mark.parametrize(("doc", "command"), cli_examples())
def test_cli_examples_in_docs_run(doc: str, command: str, tmp_path: Path) -> None:
    """Each example exits as its `# exit N` comment says (0 without one); JSON output parses. Files an example
    writes under /tmp are written in this test's own folder (two test runs on one machine never share them)."""
    line, _, comment = command.partition(" #")
    expected = re.search(r"exit (\d+)", comment)
    argv = [str(tmp_path / a.removeprefix("/tmp/")) if a.startswith("/tmp/") else a for a in shlex.split(line)]
    stdin = None
    if "<" in argv:
        i = argv.index("<")
        stdin = (ROOT / argv[i + 1]).read_text(encoding="utf-8")
        argv = argv[:i]
    exe = [sys.executable, "-m", "jpnews_tags", *argv[1:]]
    res = subprocess.run(exe, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300)
    assert res.returncode == (int(expected.group(1)) if expected else 0), f"{doc}: {command}\n{res.stderr}"
    assert "Traceback" not in res.stderr
    if res.returncode == 2:
        assert res.stdout == "" and res.stderr.startswith("jpnews-tags: "), f"{doc}: {command}"
        return
    name = argv[1] if argv[1] != "dict" else " ".join(argv[1:3])
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else JSON_DEFAULTS.get(name)
    if fmt == "json":
        json.loads(res.stdout)
    elif fmt == "jsonl":
        assert res.stdout.strip()
        for out_line in res.stdout.splitlines():
            json.loads(out_line)


def test_published_json_schema_is_current() -> None:
    from jpnews_tags import Analysis

    published = json.loads((ROOT / "docs" / "analysis.schema.json").read_text(encoding="utf-8"))
    assert published == Analysis.model_json_schema(), "regenerate: jpnews-tags schema > docs/analysis.schema.json"


def test_enrich_doc_shows_the_real_dry_run(tmp_path: Path) -> None:
    """docs/enrich.md's dry-run diff is what `jpnews-tags enrich` prints for the example article."""
    doc = (ROOT / "docs" / "enrich.md").read_text(encoding="utf-8")
    shown = re.search(r"```diff\n(.*?)```", doc, re.S)
    assert shown
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2025-11-25-aws.md").write_bytes((ROOT / "examples" / "aws-government-ai.md").read_bytes())
    exe = [sys.executable, "-m", "jpnews_tags", "enrich", "_posts/"]
    res = subprocess.run(exe, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    printed = [line.rstrip() for line in res.stdout.splitlines() if line.strip()]
    expected = [line.rstrip() for line in shown.group(1).splitlines() if line.strip()]
    assert printed[: len(expected)] == expected
