"""Interrupt a real ``jpnews-tags batch`` process (Ctrl-C, SIGKILL, SIGTERM), run it again, lose nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .test_batch import make_broken

DICT = ["--dict", str(FIXTURES / "dictionary"), "--no-package-dict"]
SENTENCES = [
    "米国政府はAWSと{n}億ドルの契約を結んだ。",
    "エヌビディアは新しいGPUを{n}月に出荷すると発表した。",
    "OpenAIとAmazonは生成AIの基盤モデルで提携する。",
    "日本の企業も{n}社が参加し、データセンターの建設を進める。",
    "アナリストは、市場が前年比で{n}%成長すると予想している。",
]
N_DOCS = 480
#: Each run is interrupted once this many more lines are written.
AFTER = 15


def make_archive(root: Path) -> list[str]:
    """Enough articles (about 3,000 characters each) that a two-worker run takes a few seconds."""
    ids = []
    for i in range(N_DOCS):
        d = root / f"{2020 + i % 5}" / f"{i % 12 + 1:02d}"
        d.mkdir(parents=True, exist_ok=True)
        body = "".join(SENTENCES[(i + k) % len(SENTENCES)].format(n=(i * 7 + k) % 97 + 1) for k in range(110))
        (d / f"post-{i:04d}.md").write_text(f"---\ntitle: 記事{i}\ndate: 2025-01-{i % 28 + 1:02d}\n---\n{body}\n")
    make_broken(root / "broken")
    for f in sorted(root.rglob("*.md")):
        ids.append(f.relative_to(root).as_posix())
    return sorted(ids)  # the walk order: by name at each level, depth first


def count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def start(archive: Path, out: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "jpnews_tags", "batch", str(archive), "-o", str(out), "--workers", "2"]
    # no site-aware first pass (#17): resuming does not depend on it, and it would tag 300 documents first
    cmd += ["--chunk-size", "1", "--progress", "lines", "--max-tag-share", "1", *DICT]
    # Ctrl-C as a terminal sends it: the child handles SIGINT even when this test runs where it is ignored (a
    # shell's background job ignores SIGINT, and a Python started so keeps ignoring it: the run would finish)
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def interrupt_after(proc: subprocess.Popen[str], out: Path, lines: int, sig: int) -> tuple[str, str]:
    deadline = time.monotonic() + 120
    while count_lines(out) < lines:
        assert proc.poll() is None, f"the run ended before it could be interrupted: {proc.communicate()}"
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.02)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    return stdout, stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_interrupted_runs_resume_without_loss_or_duplicates(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    ids = make_archive(archive)
    out = tmp_path / "out.jsonl"

    # Ctrl-C: a clean stop, a partial summary, whole lines only
    proc = start(archive, out)
    stdout, stderr = interrupt_after(proc, out, AFTER, signal.SIGINT)
    assert proc.returncode == 130, (stdout, stderr)  # both: a rare failure under heavy load is to be read
    assert stdout.startswith("interrupted: ") and "run the same command again" in stdout
    assert "Traceback" not in stderr
    first = count_lines(out)
    assert AFTER <= first < len(ids) and out.read_bytes().endswith(b"\n")

    # SIGKILL: no chance to clean up at all
    proc = start(archive, out)
    interrupt_after(proc, out, first + AFTER, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    # ... and as if it had died in the middle of writing a record
    with out.open("ab") as fh:
        fh.write(b'{"id": "2021/01/post-0001.md", "path": "/half/a/rec')

    # SIGTERM (kill): a clean stop like Ctrl-C
    proc = start(archive, out)
    stdout, stderr = interrupt_after(proc, out, count_lines(out) + AFTER, signal.SIGTERM)
    assert proc.returncode == 130, (stdout, stderr)  # both: a rare failure under heavy load is to be read
    assert "bytes of a partial last line removed" in stdout
    assert count_lines(out) < len(ids), "interrupted too late to test anything"

    # run it again to the end
    proc = start(archive, out)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr  # 1: the broken files are errors
    assert "already done)" in stdout
    data = out.read_bytes()
    assert data.endswith(b"\n")
    records = [json.loads(line) for line in data.splitlines()]  # every line is whole JSON
    got = [r["id"] for r in records]
    assert len(got) == len(set(got)), "a document was written twice"
    assert got == ids  # every document exactly once, and still in input order
    by_id = {r["id"]: r for r in records}
    assert by_id["2020/01/post-0000.md"]["title"] == "記事0"
    assert [e["text"] for e in by_id["2020/01/post-0000.md"]["entities"]][:2] == ["米国政府", "AWS"]
    assert sum(1 for r in records if r["error"]) == 7

    # the same as one uninterrupted run
    ref = tmp_path / "ref.jsonl"
    cmd = [sys.executable, "-m", "jpnews_tags", "batch", str(archive), "-o", str(ref), "--workers", "2"]
    res = subprocess.run(
        [*cmd, "--max-tag-share", "1", *DICT],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 1, res.stderr
    assert ref.read_bytes() == data
