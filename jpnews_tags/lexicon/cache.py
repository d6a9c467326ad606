"""The compile cache: the compiled dictionary stored as data that cannot execute, keyed on all that shapes it.

Compiling the shipped dictionaries (tokenizing about 30,000 aliases) takes seconds; reading the result back takes
a fraction of one. The result is stored under ``$JPNEWS_TAGS_CACHE`` (default ``~/.cache/jpnews-tags``) as
``index-<code>-<data>.json``: one line of JSON saying what the file was built from and the SHA-256 of the rest,
then the index itself as gzip-compressed JSON (lists, dicts, strings and numbers: nothing in it can run).

- **Keyed on everything that shapes it.** ``<data>`` covers the name and content of every dictionary and cue file
  in load order (:func:`jpnews_tags.lexicon.resources.load_resources`); ``<code>`` covers the library version, the
  Sudachi dictionary version, the Python and Unicode versions, the cache format and the source of every module
  whose code shapes the index: the modules of :data:`COMPILER_ROOTS` and every ``jpnews_tags`` module they import,
  found by reading their import statements (:func:`compiler_modules`), so moving code cannot drop one silently.
- **Says what it was built from.** The first line lists the files (path and SHA-256), the versions and the modules.
- **Trusted only when private.** A file is read only when it is a regular file owned by the user and neither it
  nor its folder is writable by the group or others; otherwise (a shared ``JPNEWS_TAGS_CACHE`` for CI or Dask
  workers that others can write) the dictionaries are compiled instead, with a warning and no traceback. A file
  whose checksum, key or format does not fit is ignored and rebuilt.
- **Stale files are removed** when a new file is written: files of another ``<code>`` (older code), files of the
  pickle format the cache used before, and all but the :data:`KEEP` most recently used of the rest.

Example:
    >>> inputs = BuildInputs.of([])
    >>> inputs.file_name().startswith("index-") and len(inputs.code_key()) == 64
    True
    >>> "jpnews_tags.lexicon.index" in compiler_modules() and "jpnews_tags.text.tokenization" in compiler_modules()
    True
"""

from __future__ import annotations

import ast
import gc
import gzip
import hashlib
import json
import os
import stat
import sys
import tempfile
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..version import __version__
from .index import EntityIndex

#: Bump when the file layout changes.
FORMAT = 3
#: Where the compiling code starts: these modules and every jpnews_tags module they import are in the key.
COMPILER_ROOTS = ("jpnews_tags.lexicon.index", "jpnews_tags.lexicon.load", "jpnews_tags.lexicon.cache")
#: Cache files kept per version of the code (one per set of dictionaries in use).
KEEP = 8
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_MAGIC = "jpnews-tags compiled dictionary"
_warned: set[str] = set()


def cache_dir() -> Path:
    """``$JPNEWS_TAGS_CACHE``, else ``$XDG_CACHE_HOME/jpnews-tags`` or ``~/.cache/jpnews-tags``."""
    env = os.environ.get("JPNEWS_TAGS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jpnews-tags"


def _module_file(module: str) -> Path | None:
    parts = module.split(".")[1:]
    base = _PACKAGE_DIR.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(module: str, path: Path) -> set[str]:
    """The ``jpnews_tags`` modules one module imports, anywhere in its code."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "jpnews_tags":
                continue
            out.add(target)
            for alias in node.names:  # 'from . import x' names a submodule when one exists
                if _module_file(f"{target}.{alias.name}") is not None:
                    out.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "jpnews_tags")
    return out


@lru_cache(maxsize=1)
def compiler_modules() -> tuple[str, ...]:
    """The modules whose code shapes the compiled index: :data:`COMPILER_ROOTS` and all they import, sorted."""
    seen: set[str] = set()
    todo = list(COMPILER_ROOTS)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_file(module)
        if path is not None:
            todo.extend(_imports(module, path) - seen)
    return tuple(sorted(seen))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sudachi_dictionary_version() -> str:
    try:
        return metadata.version("sudachidict_core")
    except metadata.PackageNotFoundError:  # pragma: no cover - sudachidict_core is a dependency
        return "unknown"


@lru_cache(maxsize=1)
def _code() -> dict[str, Any]:
    modules = {}
    for m in compiler_modules():
        path = _module_file(m)
        modules[m] = _sha256(path.read_bytes()) if path is not None else "missing"
    return {
        "format": FORMAT,
        "library": __version__,
        "sudachi_dictionary": _sudachi_dictionary_version(),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "unicode": unicodedata.unidata_version,
        "modules": modules,
    }


@dataclass(frozen=True)
class BuildInputs:
    """What a compiled index is built from: the data files (in load order, with their SHA-256) and the code."""

    files: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, files: Sequence[Path]) -> BuildInputs:
        return cls(tuple((str(f), _sha256(f.read_bytes())) for f in files))

    def data_key(self) -> str:
        """The files' names and contents in order (not where they are: a moved checkout keeps its cache)."""
        h = hashlib.sha256()
        for path, digest in self.files:
            h.update(Path(path).name.encode())
            h.update(bytes.fromhex(digest))
        return h.hexdigest()

    def code_key(self) -> str:
        return _sha256(json.dumps(_code(), sort_keys=True).encode())

    def file_name(self) -> str:
        return f"index-{self.code_key()[:16]}-{self.data_key()[:16]}.json"

    def describe(self) -> dict[str, Any]:
        """What goes into the file's first line."""
        return {"files": [{"path": p, "sha256": d} for p, d in self.files], **_code()}


def _untrusted(st: os.stat_result) -> str | None:
    """Why a file or folder with this status must not be trusted (None: it can be)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: no owners or modes to check
        return None
    if st.st_uid != getuid():
        return "not owned by you"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by others"
    return None


def _warn(folder: Path, reason: str) -> None:
    if str(folder) not in _warned:
        _warned.add(str(folder))
        warnings.warn(
            f"jpnews-tags: not using the compile cache in {folder} ({reason}); compiling the dictionaries instead",
            RuntimeWarning,
            stacklevel=4,
        )


def _trusted_folder(folder: Path) -> bool:
    try:
        st = folder.stat()
    except OSError:
        return False
    reason = _untrusted(st)
    if reason is not None:
        _warn(folder, f"the folder is {reason}")
        return False
    return True


def read(folder: Path, inputs: BuildInputs) -> EntityIndex | None:
    """The index cached for ``inputs`` in ``folder``, or None when there is none that can be trusted."""
    path = folder / inputs.file_name()
    if not path.is_file() or not _trusted_folder(folder):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            reason = _untrusted(st) or (None if stat.S_ISREG(st.st_mode) else "not a regular file")
            if reason is not None:
                _warn(folder, f"{path.name} is {reason}")
                return None
            raw = fh.read()
        first, _, payload = raw.partition(b"\n")
        header = json.loads(first)
        if (
            header.get("magic") != _MAGIC
            or header.get("format") != FORMAT
            or header.get("code") != inputs.code_key()
            or header.get("data") != inputs.data_key()
            or header.get("sha256") != _sha256(payload)
        ):
            return None
        # Half a million small objects are made here: the cyclic garbage collector, which would walk them all a
        # few times on the way (none of them can be garbage yet), waits until they are made.
        collecting = gc.isenabled()
        gc.disable()
        try:
            index = EntityIndex.from_data(json.loads(gzip.decompress(payload)))
        finally:
            if collecting:
                gc.enable()
        os.utime(path)  # most recently used: kept when stale files are removed
        return index
    except Exception:  # an unreadable or foreign file is rebuilt, never trusted
        return None


def write(folder: Path, index: EntityIndex, inputs: BuildInputs) -> None:
    """Store ``index`` for ``inputs`` atomically, then remove stale files; a folder that cannot be written (or
    trusted) is fine: the dictionaries are then compiled each time."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted_folder(folder):
            return
        payload = gzip.compress(json.dumps(index.to_data(), ensure_ascii=False).encode(), compresslevel=1)
        header = {
            "magic": _MAGIC,
            "format": FORMAT,
            "code": inputs.code_key(),
            "data": inputs.data_key(),
            "sha256": _sha256(payload),
            "built_from": inputs.describe(),
        }
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(header, ensure_ascii=False).encode() + b"\n" + payload)
            os.replace(tmp, folder / inputs.file_name())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        prune(folder, inputs)
    except (OSError, TypeError, ValueError):
        pass  # a read-only home is fine: we just compile each time


def prune(folder: Path, inputs: BuildInputs) -> list[Path]:
    """Remove stale cache files (other code versions, the old pickle format, all but the :data:`KEEP` most
    recently used of this version); only regular files owned by the user are touched. Returns what was removed."""
    current = f"index-{inputs.code_key()[:16]}-"
    ours: list[tuple[float, Path]] = []
    removed: list[Path] = []
    for path in [*folder.glob("index-*.json"), *folder.glob("gazetteer-*.pickle")]:
        try:
            st = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or _untrusted(st) == "not owned by you":
            continue
        if path.name.startswith(current):
            ours.append((st.st_mtime, path))
            continue
        removed.append(path)
    ours.sort(reverse=True)
    removed += [p for _, p in ours[KEEP:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
