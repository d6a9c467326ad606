"""Batch-tagging an archive: inputs, the record each document becomes, output and resume, workers, Dask.

``jpnews-tags batch`` is :func:`run_batch`; see docs/batch.md. The modules, in the order a document meets them:

- ``inputs``: finding documents as a stream and turning one into its record (the step every runner shares);
- ``records``: :class:`BatchRecord`, the one definition of the record (JSON Lines, Parquet, Spark, Dask, report);
- ``budget``: the time one document may take; ``workers``: the worker processes;
- ``output``: the append-only JSON Lines output, its resume manifest, Parquet;
- ``config``, ``progress``, ``summary``, ``run``: what a run is asked, what it shows, what it did, the run loop;
- ``dask``: the same step on Dask and Spark.
"""

from ..analyzer import AnalyzerOptions
from .config import BatchConfig
from .output import BatchError
from .records import BatchRecord
from .run import run_batch
from .summary import Summary

__all__ = ["AnalyzerOptions", "BatchConfig", "BatchError", "BatchRecord", "Summary", "run_batch"]
