"""Enriching files on disk: choose them, read and decode them, and replace them atomically.

Guarantees:

- **Byte-exact**: a file is decoded with :func:`jpnews_tags.documents.decoding.detect_text` (UTF-8 with or without BOM,
  UTF-16, Shift_JIS/CP932, EUC-JP) and written back in the same encoding with the same BOM; a file whose bytes
  do not round-trip through its decoding is refused, and the bytes outside the edited lines are checked equal
  before writing.
- **Atomic** (:func:`jpnews_tags.atomic.write_atomic`): the new content goes to a temporary file in the same
  directory (``.NAME.XXXX.tmp``), is flushed and fsynced, gets the original's permission bits (and owner and
  group when the process may set them), then replaces the original with ``os.replace``; the directory is
  fsynced. A crash leaves the old file or the new one, never a mix (at worst a stray hidden ``.tmp`` file). The
  modification time becomes the write time unless ``keep_mtime`` is set.
- **No lost updates**: just before replacing, the file is stat-ed and read again; if its size, mtime, inode or
  bytes differ from what was read, it is not overwritten.
- **No escapes**: a symlink is followed only when its target lies inside the given roots (the file's own
  directory by default); symlinked directories are not descended into; a file with several hard links is not
  replaced (that would split the links).

Example:
    >>> import pathlib, tempfile
    >>> from jpnews_tags import Analyzer
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "post.md"
    >>> _ = p.write_bytes("---\\r\\ntitle: AWSの発表\\r\\ntags: []\\r\\n---\\r\\nAWSが発表した。\\r\\n".encode())
    >>> r = enrich_file(p, Analyzer(), write=True)
    >>> r.status, r.written, r.added[0] in p.read_text(encoding="utf-8")
    ('changed', True, True)
    >>> data = p.read_bytes()
    >>> data.count(b"\\r\\n") == data.count(b"\\n") == 5, data.startswith(b"---\\r\\ntitle: AWS")
    (True, True)
    >>> enrich_file(p, Analyzer(), write=True).status
    'unchanged'
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomic
from ..documents.decoding import InputError, detect_text, read_bytes_limited
from ..documents.document import SupportsAnalyze
from ..documents.files import POST_FILES, matches, walk_files
from .plan import EnrichError, EnrichOptions, Status, enrich_text

#: File names a directory walk picks up unless ``include`` says otherwise (posts that can hold front matter).
DEFAULT_INCLUDE = POST_FILES


@dataclass
class FileResult:
    """What happened to one file."""

    path: Path
    status: Status
    message: str | None = None
    tags: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    diff: str = ""
    written: bool = False
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "status": self.status,
            "message": self.message,
            "added": self.added,
            "tags": self.tags,
            "written": self.written,
            "backup": None if self.backup is None else str(self.backup),
            "notes": self.notes,
            "diff": self.diff,
        }


class _Skip(Exception):
    pass


@dataclass(frozen=True)
class _Codec:
    bom: bytes
    name: str

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.name)


def _codec(data: bytes, name: str) -> tuple[str, _Codec]:
    """The text of a file and the codec that gives exactly its bytes back (InputError when none does)."""
    decoded = detect_text(data, name)
    enc = decoded.encoding
    if enc == "utf-8-sig":
        codec = _Codec(codecs.BOM_UTF8, "utf-8")
    elif enc == "utf-16":
        codec = _Codec(data[:2], "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be")
    else:
        codec = _Codec(b"", enc)
    try:
        same = codec.encode(decoded.text) == data
    except UnicodeEncodeError:
        same = False
    if not same:
        raise InputError(f"{name}: its bytes do not round-trip through {enc}; not edited")
    return decoded.text, codec


def _encode_checked(old: str, new: str, data: bytes, codec: _Codec, name: str) -> bytes:
    """The new bytes, after checking that every byte outside the changed characters is the old one."""
    try:
        out = codec.encode(new)
    except UnicodeEncodeError as exc:
        raise EnrichError(f"{name}: a new tag cannot be written in {codec.name} ({exc.object[exc.start]!r})") from exc
    a = _common(old, new)
    b = _common(old[a:], new[a:], suffix=True)
    head = codec.bom + old[:a].encode(codec.name)
    tail = old[len(old) - b :].encode(codec.name) if b else b""
    if not (data.startswith(head) and out.startswith(head) and data.endswith(tail) and out.endswith(tail)):
        raise EnrichError(f"{name}: the unchanged parts would not stay byte-identical in {codec.name}; not written")
    return out


def _common(x: str, y: str, suffix: bool = False) -> int:
    """Length of the common prefix (or suffix) of two strings, by bisection on C-speed slice comparisons."""
    lo, hi = 0, min(len(x), len(y))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        same = x[len(x) - mid :] == y[len(y) - mid :] if suffix else x[:mid] == y[:mid]
        lo, hi = (mid, hi) if same else (lo, mid - 1)
    return lo


def _target(path: Path, roots: Sequence[Path]) -> Path:
    """The file to read and replace: ``path`` itself, or a symlink's target when it lies inside ``roots``."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(st.st_mode):
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise _Skip("broken or looping symlink") from exc
        if not any(real.is_relative_to(r) for r in roots):
            raise _Skip(f"symlink to {real}, outside the given paths; not followed")
        if not real.is_file():
            raise _Skip("symlink to something that is not a regular file")
        return real
    if not stat.S_ISREG(st.st_mode):
        raise _Skip("not a regular file")
    return path


def enrich_file(
    path: str | Path,
    analyzer: SupportsAnalyze,
    options: EnrichOptions | None = None,
    *,
    write: bool = False,
    backup_suffix: str | None = None,
    keep_mtime: bool = False,
    roots: Sequence[Path] | None = None,
) -> FileResult:
    """Enrich one file: a dry run by default (``diff`` says what would change), ``write=True`` applies.

    Never raises for a bad file: the result's ``status`` is ``failed`` and ``message`` says why, and the file
    is left untouched. ``roots``: directories a symlink may point into (default: the file's own directory).
    """
    p = Path(path)
    allowed = [r.resolve() for r in roots] if roots is not None else [p.absolute().parent.resolve()]
    try:
        target = _target(p, allowed)
        data = read_bytes_limited(target)
        before = os.stat(target)
        text, codec = _codec(data, str(p))
        result = enrich_text(text, analyzer, options)
    except _Skip as exc:
        return FileResult(p, "skipped", str(exc))
    except (InputError, EnrichError) as exc:
        return FileResult(p, "failed", _strip_name(str(exc), p))
    except Exception as exc:  # a bug must not stop a run over a whole archive; nothing was written yet
        return FileResult(p, "failed", f"unexpected error: {type(exc).__name__}: {exc}")
    fr = FileResult(p, result.status, result.reason, result.tags, result.added, result.diff(p.as_posix()))
    fr.notes = result.notes
    if result.status != "changed" or not write:
        return fr
    try:
        new = _encode_checked(text, result.text, data, codec, str(p))
        if before.st_nlink > 1:
            raise EnrichError(f"has {before.st_nlink} hard links; replacing it would split them; not written")
        _unchanged_since(target, before, data)
        if backup_suffix:
            fr.backup = target.with_name(target.name + backup_suffix)
            write_atomic(fr.backup, data, like=before, keep_mtime=True)
        write_atomic(target, new, like=before, keep_mtime=keep_mtime)
    except (EnrichError, OSError) as exc:
        fr.status, fr.message, fr.backup = "failed", _strip_name(_os_message(exc), p), None
        return fr
    fr.written = True
    return fr


def _os_message(exc: Exception) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, EnrichError):
        return f"cannot write: {exc.strerror or exc}"
    return str(exc)


def _strip_name(message: str, p: Path) -> str:
    prefix = f"{p}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _unchanged_since(path: Path, before: os.stat_result, data: bytes) -> None:
    now = os.stat(path)
    same = (now.st_size, now.st_mtime_ns, now.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    if not same or path.read_bytes() != data:
        raise EnrichError("changed on disk since it was read; not overwritten (run again)")


def collect_files(
    paths: Sequence[str | Path], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
) -> tuple[list[Path], list[FileResult], list[Path]]:
    """(files to enrich, results for names that failed or were skipped, the roots symlinks may point into).

    Directories are walked by :func:`jpnews_tags.documents.files.walk_files`, the walk and the globs of every
    command (hidden entries skipped, symlinked directories reported and not entered, name order). Files named
    directly are taken whatever ``include`` says, unless their name matches ``exclude``. A file reached twice
    (a symlink to another listed file) is enriched once.
    """
    files: list[Path] = []
    problems: list[FileResult] = []
    roots: list[Path] = []
    seen: set[Path] = set()

    def add(f: Path) -> None:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            files.append(f)

    def skipped(path: str, why: str) -> None:
        problems.append(FileResult(Path(path), "skipped", why))

    for name in paths:
        p = Path(name)
        if p.is_dir():
            roots.append(p.resolve())
            for path, _ in walk_files(str(p), include, exclude, on_skip=skipped):
                add(Path(path))
        elif p.is_file() or p.is_symlink():
            roots.append(p.absolute().parent.resolve())
            if not matches(p.name, p.name, exclude):
                add(p)
        else:
            problems.append(FileResult(p, "failed", "no such file or directory"))
    return files, problems, roots
