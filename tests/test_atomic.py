"""write_atomic: the one writer of every output file (old content or new, never half of one)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from jpnews_tags.atomic import write_atomic


def test_a_new_file_gets_the_umask_mode_not_a_private_one(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.yaml", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.yaml").stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    p = tmp_path / "out.yaml"
    p.write_text("old\n", encoding="utf-8")
    p.chmod(0o600)
    write_atomic(p, "new\n")
    assert p.read_text(encoding="utf-8") == "new\n" and stat.S_IMODE(p.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "vocab.yaml"
    p.write_text("tags: [a, b, c]\n", encoding="utf-8")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(p, "tags: []\n")
    assert p.read_text(encoding="utf-8") == "tags: [a, b, c]\n"
    assert [x.name for x in tmp_path.iterdir()] == ["vocab.yaml"]


def test_follow_symlinks_writes_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new", follow_symlinks=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    write_atomic(link, "replaced the link")
    assert not link.is_symlink() and real.read_text(encoding="utf-8") == "new"
