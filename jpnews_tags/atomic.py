"""Writing a file atomically: readers see the old content or the new, never a half-written file.

Every file a command writes (``-o``, ``enrich --write``, a rebuilt background table) goes through
:func:`write_atomic`: the data goes to a hidden temporary file in the target's directory (``.NAME.XXXX.tmp``),
is flushed and fsynced, gets the permission bits (and owner and group, when the process may set them) of the
file it replaces, then replaces it with ``os.replace``; the directory is fsynced. A crash or a full disk leaves
the old file or the new one (at worst a stray hidden ``.tmp`` file), and an error leaves the old file as it was.

Example:
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "vocab.yaml"
    >>> write_atomic(p, "tags: [AI]\\n")
    >>> p.read_text(encoding="utf-8")
    'tags: [AI]\\n'
    >>> write_atomic(p, b"tags: []\\n")
    >>> p.read_bytes(), sorted(x.name for x in p.parent.iterdir())
    (b'tags: []\\n', ['vocab.yaml'])
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def write_atomic(
    path: str | Path,
    data: str | bytes,
    *,
    like: os.stat_result | None = None,
    keep_mtime: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Replace (or create) ``path`` with ``data`` (text is written as UTF-8) atomically.

    ``like``: the mode and owner to give the new file (default: those of the file replaced; a new file gets the
    umask's default mode). ``keep_mtime``: also keep ``like``'s modification time. ``follow_symlinks``: when
    ``path`` is a symlink, replace the file it points to rather than the link itself (as ``>`` in a shell does).
    Raises ``OSError`` when the file cannot be written; ``path`` is then unchanged.
    """
    target = Path(path)
    if follow_symlinks and target.is_symlink():
        target = Path(os.path.realpath(target))
    if like is None:
        with contextlib.suppress(FileNotFoundError):
            like = os.stat(target)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 minus the umask, as open() gives a new file (mkstemp would make every new output private)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        if like is not None:
            if hasattr(os, "chown"):
                mine = os.stat(tmp)
                if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
                    with contextlib.suppress(OSError):
                        os.chown(tmp, like.st_uid, like.st_gid)
            os.chmod(tmp, stat.S_IMODE(like.st_mode))
            if keep_mtime:
                os.utime(tmp, ns=(like.st_atime_ns, like.st_mtime_ns))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
