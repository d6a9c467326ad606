"""Output of ``jpnews-tags batch``: an append-only JSON Lines file, its resume manifest, and Parquet.

The JSON Lines file only ever grows by whole lines: each record is one ``write()`` of a complete line on an
unbuffered file. Beside it, ``OUTPUT.manifest.sqlite`` holds the resume key of every record (where the document
was found, its content hash, the library and dictionary versions) and how many bytes of the output those keys
cover. The manifest is committed every second or so; on start, records written after the last commit are read
back into the manifest, and a trailing partial line (a run killed mid-write) is cut off. So a run can be killed
at any moment and run again: finished documents are skipped, nothing is written twice, nothing is lost.

Example:
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
    >>> rec = {"id": "a", "path": "a.md", "content_hash": "sha256:00", "versions": {"library": "1", "dictionary": "d"}}
    >>> with OutputStore(out) as store:
    ...     store.write_record(rec)
    >>> _ = open(out, "ab").write(b'{"id": "b", "pa')  # a run killed in the middle of a line
    >>> with OutputStore(out) as store:
    ...     store.recovered, store.truncated_bytes, store.done_count()
    (0, 15, 1)
    >>> out.read_text().count("\\n"), out.read_bytes().endswith(b"\\n")
    (1, True)
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from ..models import Versions
from .inputs import resume_key
from .records import RECORD_KEYS, BatchRecord, record_line, without_surrogates

#: Commit the manifest at least this often (seconds) and every this many records.
COMMIT_SECONDS = 1.0
COMMIT_RECORDS = 1000

try:  # POSIX: one writer per output at a time
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class BatchError(Exception):
    """The batch cannot start or go on (a usage problem, not a document problem): exit status 2."""


def manifest_path(output: Path) -> Path:
    return output.with_name(output.name + ".manifest.sqlite")


def manifest_files(output: Path) -> list[Path]:
    """The manifest of ``output`` and the files SQLite keeps beside it."""
    m = manifest_path(output)
    return [m, *(m.with_name(m.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def _manifest_error(manifest: Path, exc: sqlite3.Error) -> BatchError:
    hint = " (is the disk full?)" if "full" in str(exc) or "I/O" in str(exc) else ""
    return BatchError(f"{manifest}: cannot write the resume manifest: {exc}{hint}")


class OutputStore:
    """The JSON Lines output and its manifest; ``write`` appends a record, ``is_done`` asks the manifest.

    ``restart=True`` empties both first. Opening recovers from an interrupted run (see the module docs) and
    refuses (``BatchError``) a file that is not batch output, or one another process is writing.
    """

    def __init__(self, path: Path, *, restart: bool = False) -> None:
        self.path = path
        self.manifest = manifest_path(path)
        self.recovered = 0
        self.truncated_bytes = 0
        self.seen_versions: set[tuple[str, str]] = set()
        # Keys written since the last commit, each with the output size just after its record: the manifest's
        # output_size only ever covers records whose keys it holds (an interrupt can fall between the write of
        # a line and the bookkeeping of its key; that line is then read back on the next start).
        self._pending: list[tuple[bytes, int]] = []
        self._last_commit = time.monotonic()
        self._fd = -1
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"{path.parent}: cannot create the output directory: {exc.strerror or exc}") from exc
        created = not path.exists()
        had_manifest = self.manifest.exists()
        locked = False
        self._emptied = False
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise BatchError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        try:
            # The lock comes first: nothing is removed or changed before this run is the only writer.
            if fcntl is not None:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    raise BatchError(f"{path}: another jpnews-tags batch is writing this output") from exc
            locked = True
            if restart:
                self._restart()
            self._open_manifest()
        except BaseException:
            # Leave nothing behind that was not there (a refused output keeps no manifest beside it); files
            # another run holds are not touched.
            if locked and (self._emptied or not had_manifest):
                self._close_db()
                for p in manifest_files(path):
                    with contextlib.suppress(OSError):
                        p.unlink()
            if locked and created:
                with contextlib.suppress(OSError):
                    if os.fstat(self._fd).st_size == 0:
                        path.unlink()
            self.close()
            raise

    def _restart(self) -> None:
        """Empty the output and drop its manifest (``--restart``), under the lock; only batch output is emptied."""
        head = os.pread(self._fd, 64, 0)
        if head.strip() and not head.startswith(b'{"id": '):
            raise BatchError(
                f"{self.path} is not jpnews-tags batch output; --restart empties only batch output (give another -o)"
            )
        try:
            os.ftruncate(self._fd, 0)
            self._emptied = True
            for p in manifest_files(self.path):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
        except OSError as exc:
            raise BatchError(f"{self.path}: cannot empty it to restart: {exc.strerror or exc}") from exc

    def _open_manifest(self) -> None:
        try:
            self._db = sqlite3.connect(self.manifest, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS done (key BLOB PRIMARY KEY) WITHOUT ROWID")
            self._recover()
            self._any_done = self.done_count() > 0
        except sqlite3.Error as exc:
            raise _manifest_error(self.manifest, exc) from exc

    # ------------------------------------------------------------------------------------------ recovery

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def _recover(self) -> None:
        size = os.fstat(self._fd).st_size
        committed = int(self._meta("output_size") or 0)
        if committed > size:  # the output was replaced or cut behind our back: rebuild the manifest
            self._db.execute("DELETE FROM done")
            self._db.execute("DELETE FROM meta")
            committed = 0
        if size > committed:
            self._index_from(committed, size)
        self._db.execute("BEGIN")
        self._set_meta("output_size", str(os.fstat(self._fd).st_size))
        self._db.execute("COMMIT")

    def _index_from(self, start: int, size: int) -> None:
        """Read records written after the last commit into the manifest; cut a trailing partial line."""
        keys: list[tuple[bytes]] = []
        pos = start
        with open(self.path, "rb") as fh:
            fh.seek(start)
            for lineno, line in enumerate(fh, start=1):
                if not line.endswith(b"\n"):
                    break
                try:
                    rec = json.loads(line)
                    if not isinstance(rec, dict) or list(rec)[:2] != ["id", "path"] or "content_hash" not in rec:
                        raise ValueError("not a batch record")
                    versions = rec["versions"]
                    self.seen_versions.add((str(versions["library"]), str(versions["dictionary"])))
                except (ValueError, KeyError, TypeError, RecursionError) as exc:
                    where = f"byte {pos}" if start else f"line {lineno}"
                    raise BatchError(
                        f"{self.path}: {where} is not a jpnews-tags batch record ({exc}); "
                        "refusing to append to it (use --restart to overwrite it, or another output)"
                    ) from None
                keys.append((resume_key(rec["path"], rec["content_hash"], versions),))
                pos += len(line)
        if pos < size:
            os.lseek(self._fd, pos, os.SEEK_SET)
            tail = os.read(self._fd, 7)
            if not b'{"id": '.startswith(tail):
                raise BatchError(
                    f"{self.path}: ends in {size - pos} bytes that are not a jpnews-tags batch record; "
                    "refusing to append to it (use --restart to overwrite it, or another output)"
                )
            os.ftruncate(self._fd, pos)
            self.truncated_bytes = size - pos
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR IGNORE INTO done (key) VALUES (?)", keys)
        self._db.execute("COMMIT")
        self.recovered = len(keys)

    def check_compatible(self, versions: Versions, options: dict[str, object]) -> None:
        """Refuse to add records made by other versions or options to this output; record ours."""
        want = (versions.library, versions.dictionary)
        lib, dic, opts = self._meta("library"), self._meta("dictionary"), self._meta("options")
        stored = {(lib, dic)} if lib is not None and dic is not None else set()
        other = {v for v in stored | self.seen_versions if v != want}
        if other:
            (olib, odic) = sorted(other, key=str)[0]
            raise BatchError(
                f"{self.path} holds records made by jpnews-tags {olib} with dictionary {odic}; this is {want[0]} "
                f"with dictionary {want[1]}: use --restart to analyze everything again, or another output"
            )
        mine = json.dumps(options, sort_keys=True)
        if opts is not None and opts != mine:
            raise BatchError(
                f"{self.path} was written with other analyzer options ({opts}; now {mine}): "
                "use --restart to analyze everything again, or another output"
            )
        try:
            self._db.execute("BEGIN")
            self._set_meta("library", want[0])
            self._set_meta("dictionary", want[1])
            self._set_meta("options", mine)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _manifest_error(self.manifest, exc) from exc

    # ------------------------------------------------------------------------------------------ use

    def done_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM done").fetchone()[0])

    @property
    def any_done(self) -> bool:
        """Whether anything is done yet (if not, callers need not compute keys to ask)."""
        return self._any_done

    def is_done(self, key: bytes) -> bool:
        try:
            return self._db.execute("SELECT 1 FROM done WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error as exc:
            raise _manifest_error(self.manifest, exc) from exc

    def write(self, line: bytes, key: bytes) -> None:
        """Append one record, already serialized as one line, with its resume key."""
        view = memoryview(line)
        try:
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
        except OSError as exc:  # a full disk: stop the run (a partial line is cut off on the next start)
            raise BatchError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc
        self._pending.append((key, os.lseek(self._fd, 0, os.SEEK_CUR)))
        if len(self._pending) >= COMMIT_RECORDS or time.monotonic() - self._last_commit >= COMMIT_SECONDS:
            self.commit()

    def write_record(self, record: dict[str, Any]) -> None:
        self.write(record_line(record), resume_key(record["path"], record["content_hash"], record["versions"]))

    def maybe_commit(self) -> None:
        """Commit if the last commit is older than :data:`COMMIT_SECONDS` (call it while waiting)."""
        if self._pending and time.monotonic() - self._last_commit >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Make every record written so far known to the manifest (the output itself is already written)."""
        self._last_commit = time.monotonic()
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        try:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR IGNORE INTO done (key) VALUES (?)", [(k,) for k, _ in pending])
            self._set_meta("output_size", str(pending[-1][1]))
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:  # the records are written: the next start reads them back into the manifest
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise _manifest_error(self.manifest, exc) from exc
        self._any_done = True

    def _close_db(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error, BatchError):
                if self._pending:
                    self.commit()
            db.close()
            self._db = None  # type: ignore[assignment]

    def close(self) -> None:
        self._close_db()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> OutputStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------------- Parquet


def parquet_available() -> bool:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def parquet_schema() -> Any:
    """The Arrow schema of the Parquet output: the fields of :class:`~jpnews_tags.batch.records.BatchRecord` with
    proper nested types.

    Entities and tags are lists of structs whose fields follow the pydantic models (so a field added to
    :class:`~jpnews_tags.models.Entity` appears here too); ``id`` is a string (integer record ids as text).
    """
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(f.annotation)) for name, f in BatchRecord.model_fields.items()])


def _arrow_type(annotation: Any) -> Any:
    import types
    import typing

    import pyarrow as pa
    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return _arrow_type(args[0])
    if origin is typing.Literal:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(args[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _arrow_struct(annotation)
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is float:
        return pa.float64()
    return pa.string()


def _arrow_struct(model: Any) -> Any:
    import pyarrow as pa

    return pa.struct([(name, _arrow_type(f.annotation)) for name, f in model.model_fields.items()])


def write_parquet(jsonl: Path, target: Path, rows_per_group: int = 10_000) -> int:
    """Convert batch JSON Lines to Parquet, streaming row groups; written to a temporary name, then renamed.

    Returns the number of rows. Needs ``pyarrow`` (``pip install 'jpnews-tags[parquet]'``).
    """
    if not parquet_available():
        raise BatchError("Parquet output needs pyarrow: pip install 'jpnews-tags[parquet]' (or write .jsonl)")
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    rows = 0
    try:
        with pq.ParquetWriter(tmp, schema) as writer, open(jsonl, "rb") as fh:
            batch: list[dict[str, Any]] = []
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if b"\\ud" in line:  # escaped surrogates: Parquet text must be UTF-8, lone ones become U+FFFD
                    rec = without_surrogates(rec)
                rid = rec.get("id")
                batch.append({**{k: rec.get(k) for k in RECORD_KEYS}, "id": None if rid is None else str(rid)})
                if len(batch) >= rows_per_group:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    rows += len(batch)
                    batch = []
            if batch or not rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                rows += len(batch)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return rows
