"""Batch-tagging an archive: inputs, the record each document becomes, output and resume, workers, Dask.

``jpnews-tags batch`` is :func:`run_batch`; see docs/batch.md.
"""

from .run import AnalyzerOptions, BatchConfig, BatchError, Summary, run_batch

__all__ = ["AnalyzerOptions", "BatchConfig", "BatchError", "Summary", "run_batch"]
