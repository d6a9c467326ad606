"""Walking directories for documents, and the default file sets: one walker for every command.

Every command that takes directories (``analyze``, ``tags``, ``discover``, ``harvest-tags``,
``build-background``, ``batch``, ``enrich``) walks them here: hidden files and directories skipped, entries in
name order, depth first; symlinked files followed, symlinked directories not (no cycles). The walk is lazy (a
generator), so an archive of millions of files is never listed in memory.

Globs (``include``, ``exclude``), as in ``.gitignore``: a pattern without ``/`` matches the name of a file or
directory at any depth (``*.md``, ``drafts``); a pattern with ``/`` matches the path relative to the directory
given, from its start (``2025/*``, ``drafts/*.md``; ``*`` may cross ``/``). Matching ignores case, so
``*.md`` takes ``README.MD`` (an archive copied from Windows or macOS mixes cases). An excluded directory is
not entered.

Two default sets, because the commands want different files: :data:`TEXT_FILES` is what can be *analyzed*
(Markdown and plain text; ``analyze``, ``tags``, ``batch``, ``report`` ...), :data:`POST_FILES` what can have
*front matter to write* (``enrich``: Markdown and MDX; a ``.txt`` file has no front matter, an Astro ``.mdx``
post does).

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
from collections.abc import Callable, Iterator, Sequence

#: Files that can be analyzed: Markdown and plain text.
TEXT_FILES = ("*.md", "*.markdown", "*.txt", "*.text")
#: Files that can hold front matter to enrich: Markdown and MDX posts (Jekyll, Hugo, Astro).
POST_FILES = ("*.md", "*.markdown", "*.mdx")
#: Directories with more entries than this are walked in directory order instead of sorted (bounded memory).
SORT_LIMIT = 100_000

#: Called with (path, why) for an entry the walk does not take: a symlinked directory, or a name that matches
#: ``include`` but is not a regular file (a broken symlink, a FIFO).
OnSkip = Callable[[str, str], None]


def matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    """A pattern with a ``/`` is matched against the relative path, one without against the name; case ignored.

    >>> matches("2025/a.MD", "a.MD", ["*.md"]), matches("x/drafts/a.md", "a.md", ["drafts/*"])
    (True, False)
    """
    return any(fnmatch.fnmatchcase((rel if "/" in p else name).casefold(), p.casefold()) for p in patterns)


def is_text_file(path: str | os.PathLike[str]) -> bool:
    """Does the file's name match :data:`TEXT_FILES` (what ``report`` may embed, what ``analyze`` takes)?"""
    name = os.path.basename(os.fspath(path))
    return matches(name, name, TEXT_FILES)


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


def walk_files(
    root: str, include: Sequence[str] = ("*",), exclude: Sequence[str] = (), on_skip: OnSkip | None = None
) -> Iterator[tuple[str, str]]:
    """(path, relative POSIX path) of the files under ``root`` that match ``include`` and not ``exclude``,
    depth first, by name; hidden files and directories are skipped. ``on_skip`` hears of the entries not taken
    although they are not hidden or excluded (see :data:`OnSkip`)."""
    yield from _walk(root, "", include, exclude, on_skip)


def _walk(
    root: str, rel: str, include: Sequence[str], exclude: Sequence[str], on_skip: OnSkip | None
) -> Iterator[tuple[str, str]]:
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
                yield from _walk(root, sub, include, exclude, on_skip)
            elif is_file and matches(sub, name, include):
                yield os.path.join(root, sub), sub
            elif on_skip is not None and not is_file:
                why = _why_not(entry, matches(sub, name, include))
                if why:
                    on_skip(os.path.join(root, sub), why)
    except OSError:
        return


def _why_not(entry: os.DirEntry[str], wanted: bool) -> str | None:
    """Why an entry that is neither a file nor a directory of its own is not taken (None: not worth saying)."""
    try:
        if entry.is_symlink() and entry.is_dir():
            return "symlink to a directory; not followed"
    except OSError:
        pass
    if not wanted:
        return None
    return "broken or looping symlink" if entry.is_symlink() else "not a regular file"
