"""Scale out on Dask (and Spark): the batch's per-document step mapped over partitions, one analyzer per worker.

Every function here goes through :func:`jpnews_tags.batch.inputs.process_sources`, the same code
``jpnews-tags batch`` runs, so the records are
identical to the local batch's (see ``docs/batch.md`` for the record). Each worker process (each worker thread,
if a worker runs several) builds its :class:`~jpnews_tags.Analyzer` once, on first use, and keeps it.

- :func:`analyze_sources`: a ``dask.bag`` of batch sources (:func:`archive_bag` makes one from files,
  directories and JSON Lines files) -> a bag of records. Workers read the files, so they must see the same paths.
- :func:`analyze_texts`: a bag of ``{"id", "text", "title"?, "date"?, "tags"?}`` mappings -> records.
- :func:`analyze_dataframe`: a ``dask.dataframe`` with ``id``/``text``/``title`` columns -> a dataframe of
  records, nested values (``existing_tags``, ``entities``, ``tags``, ``versions``) as JSON strings.
- :func:`spark_map_in_pandas` and :data:`SPARK_SCHEMA`: the same for Spark's ``DataFrame.mapInPandas``.

Dask and pandas are imported only by the functions that need them (``pip install 'jpnews-tags[dask]'``).

Example (without a cluster, the partition function itself):
    >>> recs = analyze_partition([{"id": "a1", "text": "AWSが発表"}], AnalyzerOptions())
    >>> recs[0]["id"], [e["canonical"] for e in recs[0]["entities"]], recs[0]["error"]
    ('a1', ['Amazon Web Services'], None)
"""

from __future__ import annotations

import json
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..analyzer import Analyzer, AnalyzerOptions
from .inputs import DEFAULT_INCLUDE, DEFAULT_MAX_DOC_CHARS, Source, iter_sources, process_sources
from .records import NESTED_KEYS, RECORD_KEYS, spark_schema

__all__ = [
    "SPARK_SCHEMA",
    "AnalyzerOptions",
    "analyze_dataframe",
    "analyze_partition",
    "analyze_sources",
    "analyze_texts",
    "archive_bag",
    "records_frame",
    "spark_map_in_pandas",
]

#: Columns of :func:`analyze_dataframe` and :func:`spark_map_in_pandas` (nested values as JSON text).
SPARK_SCHEMA = spark_schema()

#: The analyzers of this process, by (thread, options): one per worker thread and set of options.
_analyzers: dict[tuple[int, bytes], Analyzer] = {}
_lock = threading.Lock()


def worker_analyzer(options: AnalyzerOptions | None = None) -> Analyzer:
    """The analyzer of this worker (thread) for ``options``: built on first use, then reused."""
    key = (threading.get_ident(), pickle.dumps(options or AnalyzerOptions()))
    analyzer = _analyzers.get(key)
    if analyzer is None:
        analyzer = (options or AnalyzerOptions()).build()
        with _lock:
            _analyzers[key] = analyzer
    return analyzer


def analyze_partition(
    items: Iterable[Source | Mapping[str, Any]],
    options: AnalyzerOptions | None = None,
    max_chars: int = DEFAULT_MAX_DOC_CHARS,
) -> list[dict[str, Any]]:
    """Records of one partition: batch sources (files, JSON Lines lines) or ``{"id", "text", ...}`` mappings.

    A text longer than ``max_chars`` is an error record, as in ``jpnews-tags batch --max-doc-chars``. (The
    batch's time budget per document needs the main thread of a process, which a Dask task does not run in.)
    """
    return [o.record for o in process_sources(worker_analyzer(options), items, max_chars=max_chars)]


def archive_bag(
    inputs: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    partition_size: int = 64,
) -> Any:
    """A ``dask.bag`` of the batch sources of ``inputs`` (paths and JSON Lines lines), in batch order.

    The list of sources is built on the client (a path or a JSON line each); for archives too big for that,
    build the bag from your own listing, or read JSON Lines with ``dask.bag.read_text`` and use
    :func:`analyze_texts`.
    """
    import dask.bag as db

    sources = list(iter_sources(inputs, include, exclude))
    nparts = max(1, -(-len(sources) // max(1, partition_size)))
    return db.from_sequence(sources, npartitions=nparts)  # type: ignore[no-untyped-call]


def analyze_sources(bag: Any, options: AnalyzerOptions | None = None) -> Any:
    """A bag of batch sources -> a bag of records, identical to ``jpnews-tags batch`` output records."""
    return bag.map_partitions(analyze_partition, options)


def analyze_texts(bag: Any, options: AnalyzerOptions | None = None) -> Any:
    """A bag of ``{"id", "text", "title"?, "date"?, "tags"?, "path"?}`` mappings -> a bag of records."""
    return bag.map_partitions(analyze_partition, options)


def records_frame(
    frame: Any,
    options: AnalyzerOptions | None = None,
    *,
    text: str = "text",
    id: str = "id",
    title: str = "title",
) -> Any:
    """One pandas DataFrame of texts -> a DataFrame of records (string columns, nested values as JSON)."""
    import pandas as pd

    cols = set(frame.columns)
    items: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        item: dict[str, Any] = {"id": _none(row.get(id)), "text": row.get(text)}
        if title in cols:
            item["title"] = _none(row.get(title))
        for extra in ("path", "date", "tags"):
            if extra in cols:
                item[extra] = _none(row.get(extra))
        items.append(item)
    records = analyze_partition(items, options)
    data = {
        k: [
            json.dumps(r[k], ensure_ascii=False) if k in NESTED_KEYS else (None if r[k] is None else str(r[k]))
            for r in records
        ]
        for k in RECORD_KEYS
    }
    return pd.DataFrame(data, index=frame.index, columns=list(RECORD_KEYS), dtype=object)


def _none(v: Any) -> Any:
    """pandas' missing values (NaN, NA, None) as None; numpy scalars as Python ones."""
    if v is None:
        return None
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):  # lists and the like
        return v
    item = getattr(v, "item", None)
    return item() if callable(item) else v


def analyze_dataframe(
    ddf: Any, options: AnalyzerOptions | None = None, *, text: str = "text", id: str = "id", title: str = "title"
) -> Any:
    """A ``dask.dataframe`` of texts -> a ``dask.dataframe`` of records (see :func:`records_frame`)."""
    import pandas as pd

    meta = pd.DataFrame({k: pd.Series(dtype=object) for k in RECORD_KEYS})
    return ddf.map_partitions(records_frame, options, text=text, id=id, title=title, meta=meta)


def spark_map_in_pandas(
    options: AnalyzerOptions | None = None, *, text: str = "text", id: str = "id", title: str = "title"
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """A function for ``spark_df.mapInPandas(fn, SPARK_SCHEMA)``: batches of texts -> batches of records."""

    def fn(batches: Iterator[Any]) -> Iterator[Any]:
        for pdf in batches:
            yield records_frame(pdf, options, text=text, id=id, title=title)

    return fn
