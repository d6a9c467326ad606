"""Scale-out: a real two-process Dask cluster gives the same records as the local batch (and Spark, if present)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from jpnews_tags.batch.inputs import RECORD_KEYS
from jpnews_tags.batch.run import BatchConfig, run_batch

from .test_batch import OPTS, make_archive, make_broken, read_records

RECORDS = [
    {"id": "r1", "title": "AWSの発表", "text": "米国政府はAWSと契約した。"},
    {"id": "r2", "text": "エヌビディアとOpenAIが提携。", "date": "2025-03-04"},
    {"id": "r3", "text": ""},
    {"id": "r4", "title": None, "text": "日本のOpenAI"},
]


def local_batch(tmp_path: Path, inputs: list[str]) -> list[dict[str, Any]]:
    out = tmp_path / "local.jsonl"
    run_batch(BatchConfig(inputs, out, workers=1, progress="none", analyzer=OPTS), io.StringIO())
    return read_records(out)


def small_archive(tmp_path: Path) -> list[str]:
    root = make_archive(tmp_path / "arc")
    make_broken(root / "broken")
    recs = tmp_path / "recs.jsonl"
    recs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return [str(root), str(recs)]


def test_local_cluster_two_worker_processes_matches_local_batch(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    from jpnews_tags.batch.dask import analyze_dataframe, analyze_sources, analyze_texts, archive_bag

    inputs = small_archive(tmp_path)
    expected = local_batch(tmp_path, inputs)
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        bag = archive_bag(inputs, partition_size=4)
        assert bag.npartitions > 2
        got = analyze_sources(bag, OPTS).compute()
        assert got == expected  # same records, same order
        # the work really ran on both worker processes, each with its own analyzer
        pids = client.run(os.getpid)
        assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
        loaded = client.run(_has_analyzer)
        assert all(loaded.values()), loaded

        # a bag of {"id", "text", ...} mappings: the same records as the batch's JSON Lines input
        import dask.bag as db

        texts = db.from_sequence([{**r, "path": f"{inputs[1]}:{i}"} for i, r in enumerate(RECORDS, 1)], npartitions=2)
        assert analyze_texts(texts, OPTS).compute() == expected[-len(RECORDS) :]

        # a dataframe of texts: records as columns, nested values as JSON text
        frame = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=2)
        df = analyze_dataframe(frame, OPTS).compute()
        assert list(df.columns) == list(RECORD_KEYS)
        for row, exp in zip(df.to_dict("records"), expected[-len(RECORDS) :], strict=True):
            assert row["id"] == exp["id"] and (row["error"] is None) == (exp["error"] is None)
            assert json.loads(row["entities"]) == exp["entities"]
            assert json.loads(row["tags"]) == exp["tags"]
            assert json.loads(row["versions"]) == exp["versions"]
            assert row["content_hash"] == exp["content_hash"]


def _has_analyzer() -> bool:
    from jpnews_tags.batch import dask as dask_integration

    return len(dask_integration._analyzers) == 1


def test_spark_map_in_pandas_matches_local_batch(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    from jpnews_tags.batch.dask import SPARK_SCHEMA, spark_map_in_pandas

    recs = tmp_path / "recs.jsonl"
    recs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    expected = local_batch(tmp_path, [str(recs)])
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("jpnews-tags-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        sdf = spark.createDataFrame(
            [(r["id"], r["text"], r.get("title")) for r in RECORDS], "id string, text string, title string"
        ).repartition(2)
        rows = sdf.mapInPandas(spark_map_in_pandas(OPTS), SPARK_SCHEMA).collect()
    finally:
        spark.stop()
    got = {r["id"]: r for r in rows}
    assert set(got) == {r["id"] for r in RECORDS}
    for exp in expected:
        row = got[exp["id"]]
        assert json.loads(row["entities"]) == exp["entities"]
        assert json.loads(row["tags"]) == exp["tags"]
        assert row["content_hash"] == exp["content_hash"]
        # the same error, located by the record's id since Spark rows have no FILE:LINE
        assert _reason(row["error"]) == _reason(exp["error"])
        assert row["error"] is None or row["error"].startswith(f"record {exp['id']!r}: ")


def _reason(error: str | None) -> str | None:
    return None if error is None else error.rsplit(": ", 1)[1]
