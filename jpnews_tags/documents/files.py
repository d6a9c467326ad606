"""Walking directories for documents: hidden entries skipped, sorted by name, globs on names or paths.

Shared by every command that takes directories (``analyze``, ``tags``, ``discover``, ``batch``). The walk is
lazy (a generator), so an archive of millions of files is never listed in memory; symlinked files are followed,
symlinked directories are not (no cycles).

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for p in ("b.md", "a.md", ".hidden/x.md", "drafts/c.md", "notes.txt"):
    ...     (d / p).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (d / p).write_text("x")
    >>> [rel for _, rel in walk_files(str(d), include=["*.md"], exclude=["drafts/*"])]
    ['a.md', 'b.md']
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence

#: Directories with more entries than this are walked in directory order instead of sorted (bounded memory).
SORT_LIMIT = 100_000


def matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    """A pattern with a ``/`` is matched against the relative path, one without against the name."""
    return any(fnmatch.fnmatchcase(rel if "/" in p else name, p) for p in patterns)


def _scandir_sorted(path: str) -> Iterator[os.DirEntry[str]]:
    """Entries of a directory, sorted by name unless there are more than :data:`SORT_LIMIT` of them."""
    with os.scandir(path) as it:
        first: list[os.DirEntry[str]] = []
        for entry in it:
            first.append(entry)
            if len(first) > SORT_LIMIT:
                yield from first
                yield from it
                return
    yield from sorted(first, key=lambda e: e.name)


def walk_files(root: str, include: Sequence[str] = ("*",), exclude: Sequence[str] = ()) -> Iterator[tuple[str, str]]:
    """(path, relative POSIX path) of the files under ``root`` that match ``include`` and not ``exclude``,
    depth first, by name; hidden files and directories are skipped."""
    yield from _walk(root, "", include, exclude)


def _walk(root: str, rel: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[tuple[str, str]]:
    here = os.path.join(root, rel) if rel else root
    try:
        for entry in _scandir_sorted(here):
            name = entry.name
            if name.startswith("."):
                continue
            sub = f"{rel}/{name}" if rel else name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if matches(sub, name, exclude):
                continue
            if is_dir:
                yield from _walk(root, sub, include, exclude)
            elif is_file and matches(sub, name, include):
                yield os.path.join(root, sub), sub
    except OSError:
        return
