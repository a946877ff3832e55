"""Smoke test of benchmarks.sql_bench: every workload's rayspark side at --size tiny
(10k rows), answers checked against the pandas answers of benchmarks.sql_data and, when
duckdb is importable, against DuckDB's answers."""
from __future__ import annotations

import pytest

from benchmarks import sql_bench, sql_data


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return sql_data.ensure("tiny", str(tmp_path_factory.mktemp("sqlbench-data")))


@pytest.fixture(scope="module")
def duck():
    pytest.importorskip("duckdb")
    engine = sql_bench.DuckDBEngine()
    engine.start()
    yield engine
    engine.stop()


def _rayspark_engine(spark):
    from rayspark.sql import Window
    from rayspark.sql import functions as F
    engine = sql_bench.RaysparkEngine()
    engine.spark, engine.F, engine.Window = spark, F, Window
    return engine


def _rows(workload, result):
    rows = result[0] if workload == "csv_infer" else result
    rows = sql_bench.normalise(rows)
    if workload == "window":
        rows.sort(key=lambda r: (r[0], r[3]))
    return rows


def test_tiny_expected_answers_shape(tiny):
    exp = tiny["expected"]
    assert len(exp["groupby_parquet"]) == sql_data.N_CATEGORIES
    assert sum(r[2] for r in exp["groupby_parquet"]) == sql_data.SIZES["tiny"]
    assert len(exp["q3"]) == 10
    assert len(exp["window"]) == sql_data.N_CATEGORIES * sql_data.WINDOW_TOP
    assert exp["csv_infer"][0][0] == sql_data.SIZES["tiny"]


@pytest.mark.parametrize("workload", sql_bench.WORKLOADS)
def test_rayspark_tiny(spark, tiny, workload):
    spec = {"expected": tiny["expected"]}
    result = getattr(_rayspark_engine(spark), workload)(tiny["paths"])()
    sql_bench.verify(workload, spec, result)   # raises WrongAnswer on a mismatch


@pytest.mark.parametrize("workload", sql_bench.WORKLOADS)
def test_duckdb_tiny_agrees(tiny, duck, workload):
    spec = {"expected": tiny["expected"]}
    result = getattr(duck, workload)(tiny["paths"])()
    sql_bench.verify(workload, spec, result)


def test_compare_tolerance():
    assert sql_bench.compare([["a", 1.0]], [["a", 1.0 + 1e-9]], ordered=True) is None
    assert sql_bench.compare([["a", 1.0]], [["a", 1.001]], ordered=True) is not None
    assert sql_bench.compare([[1], [2]], [[2], [1]], ordered=False) is None
    assert sql_bench.compare([[1], [2]], [[2], [1]], ordered=True) is not None
