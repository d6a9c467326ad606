"""The writer's workflow in a scratch Git repository: the pre-commit hooks of ``.pre-commit-hooks.yaml`` (run by
the pre-commit tool itself) see the staged posts only, and ``enrich --check`` fails a CI job when tags are missing.

The hooks are the repository's own definitions, run as ``language: system`` hooks of a local config with this
interpreter (``python -m jpnews_tags`` for ``jpnews-tags``): the same files filter, arguments and serial run,
without the virtualenv pre-commit would build from the package index (no network in CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import ROOT

pre_commit = pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BODY = (
    "米エヌビディアは、次世代GPU「Blackwell」の量産出荷を開始したと発表した。Blackwellは主要クラウド事業者が"
    "採用を表明しており、マイクロソフトやグーグル、AWSが自社のデータセンターに導入する。\n"
)
ZENN = (
    '---\ntitle: "エヌビディアのBlackwell"\nemoji: "😸"\ntype: "tech" # tech: 技術記事 / idea: アイデア\n'
    "topics: []\npublished: false\n---\n"
)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, capture_output=True, text=True, check=check, timeout=300)


ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "writer",
    "GIT_AUTHOR_EMAIL": "writer@example.invalid",
    "GIT_COMMITTER_NAME": "writer",
    "GIT_COMMITTER_EMAIL": "writer@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def local_hooks(args: list[str]) -> dict[str, Any]:
    """A pre-commit config running the manifest's hooks with this interpreter (``language: system``)."""
    hooks = []
    for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")):
        assert hook["entry"].startswith("jpnews-tags ")
        entry = f"{sys.executable} -m jpnews_tags " + hook["entry"].removeprefix("jpnews-tags ")
        hooks.append({**hook, "entry": entry, "language": "system", "files": r"^articles/.*\.md$", "args": args})
    return {"repos": [{"repo": "local", "hooks": hooks}]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "zenn-content"
    (r / "articles").mkdir(parents=True)
    ENV["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    git(r, "init", "-q", "-b", "main")
    (r / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local_hooks(["--preset", "zenn"])), encoding="utf-8")
    (r / "README.md").write_text("# my articles\n", encoding="utf-8")
    (r / "articles" / "old-post.md").write_text(ZENN + "古い記事。\n", encoding="utf-8")
    git(r, "add", "-A")
    git(r, "commit", "-q", "-m", "start")
    return r


def pre_commit_run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pre_commit", *args]
    return subprocess.run(cmd, cwd=repo, env=ENV, capture_output=True, text=True, timeout=300)


def test_the_manifest_is_what_pre_commit_expects() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(MANIFEST))
    assert [h["id"] for h in hooks] == ["jpnews-tags-suggest", "jpnews-tags-write", "jpnews-tags-check"]
    assert all(h["language"] == "python" and h["require_serial"] for h in hooks)


def test_write_hook_tags_the_staged_post_only_and_the_commit_goes_through_once_reviewed(repo: Path) -> None:
    assert pre_commit_run(repo, "install").returncode == 0
    old = repo / "articles" / "old-post.md"
    unstaged = old.read_text(encoding="utf-8") + BODY  # a change the writer has not staged
    old.write_text(unstaged, encoding="utf-8")
    new = repo / "articles" / "blackwell.md"
    new.write_text(ZENN + BODY, encoding="utf-8")
    git(repo, "add", "articles/blackwell.md")

    first = git(repo, "commit", "-m", "new post", check=False)
    assert first.returncode != 0, first.stdout + first.stderr  # pre-commit stops: the hook changed a file
    assert "files were modified by this hook" in first.stdout + first.stderr
    written = new.read_text(encoding="utf-8")
    assert "topics: [nvidia, blackwell" in written or "topics: [blackwell" in written
    assert old.read_text(encoding="utf-8") == unstaged  # not staged: not touched, its own change kept

    git(repo, "add", "articles/blackwell.md")
    second = git(repo, "commit", "-q", "-m", "new post", check=False)
    assert second.returncode == 0, second.stdout + second.stderr
    assert git(repo, "show", "HEAD:articles/blackwell.md").stdout == written
    assert "topics: []" in git(repo, "show", "HEAD:articles/old-post.md").stdout


def test_suggest_hook_shows_the_diff_and_never_blocks(repo: Path) -> None:
    (repo / "articles" / "blackwell.md").write_text(ZENN + BODY, encoding="utf-8")
    git(repo, "add", "articles/blackwell.md")
    res = pre_commit_run(repo, "run", "jpnews-tags-suggest")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "-topics: []\n" in res.stdout and "+topics: [" in res.stdout
    assert "old-post.md" not in res.stdout  # committed, not staged: not looked at
    assert (repo / "articles" / "blackwell.md").read_text(encoding="utf-8") == ZENN + BODY


def test_check_hook_fails_until_the_tags_are_there(repo: Path) -> None:
    post = repo / "articles" / "blackwell.md"
    post.write_text(ZENN + BODY, encoding="utf-8")
    git(repo, "add", "articles/blackwell.md")
    failed = pre_commit_run(repo, "run", "jpnews-tags-check")
    assert failed.returncode == 1 and "+topics: [" in failed.stdout
    assert post.read_text(encoding="utf-8") == ZENN + BODY
    assert pre_commit_run(repo, "run", "jpnews-tags-write").returncode == 1  # it wrote: pre-commit reports a change
    git(repo, "add", "articles/blackwell.md")
    passed = pre_commit_run(repo, "run", "jpnews-tags-check")
    assert passed.returncode == 0, passed.stdout


def test_enrich_check_in_ci_fails_with_the_diff_and_writes_nothing(repo: Path) -> None:
    (repo / "articles" / "blackwell.md").write_text(ZENN + BODY, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "untagged post")
    cmd = [sys.executable, "-m", "jpnews_tags", "enrich", "--check", "--preset", "zenn", "articles/"]
    res = subprocess.run(cmd, cwd=repo, env=ENV, capture_output=True, text=True, timeout=300)
    assert res.returncode == 1
    assert res.stdout.startswith("--- articles/blackwell.md\n+++ articles/blackwell.md\n")
    assert "-topics: []\n+topics: [" in res.stdout and "old-post.md" not in res.stdout  # nothing to suggest there
    assert res.stderr.rstrip().endswith("(check failed: tags would change; --write applies)")
    assert git(repo, "status", "--porcelain").stdout == ""  # nothing written
    subprocess.run([*cmd[:4], "--write", *cmd[5:]], cwd=repo, env=ENV, capture_output=True, timeout=300, check=True)
    again = subprocess.run(cmd, cwd=repo, env=ENV, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and again.stdout == "" and "(check passed)" in again.stderr
