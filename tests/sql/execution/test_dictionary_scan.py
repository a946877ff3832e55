"""Parquet scans below an aggregate read string grouping keys dictionary-encoded (as Parquet
stores them) and the aggregate groups by the codes; scans that need no columns (count(*))
count rows from the footers. Both must give exactly the answers of the plain paths."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rayspark.sql import functions as F
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.types import StructType


def _scans(plan):
    from rayspark.sql.execution.file_scan import FileScanExec
    found = [plan] if isinstance(plan, FileScanExec) else []
    for c in plan.children:
        found += _scans(c)
    return found


@pytest.fixture
def files(tmp_path):
    # two files with different dictionaries (one has a value the other lacks) and NULL keys
    d = tmp_path / "t"
    d.mkdir()
    pq.write_table(pa.table({"c": ["a", "b", None, "a"] * 50, "v": list(range(200)),
                             "w": [1.5] * 200}), d / "p1.parquet", row_group_size=64)
    pq.write_table(pa.table({"c": ["z", "a", "b", None] * 50, "v": list(range(200)),
                             "w": [2.5] * 200}), d / "p2.parquet")
    return str(d)


def _expected(files):
    import pandas as pd
    t = pa.concat_tables([pq.read_table(f"{files}/p1.parquet"), pq.read_table(f"{files}/p2.parquet")])
    return t.to_pandas(), pd


def test_string_keys_are_read_as_dictionaries_with_the_same_answer(spark, files):
    df = spark.read.parquet(files)
    q = df.groupBy("c").agg(F.sum("v"), F.count("*"), F.avg("w"))
    [scan] = _scans(q._physical())
    assert scan.dictionary_columns == frozenset({"c"})
    got = {r[0]: tuple(r[1:]) for r in q.collect()}
    pdf, pd = _expected(files)
    exp = pdf.groupby("c", dropna=False).agg(s=("v", "sum"), n=("v", "size"), a=("w", "mean"))
    want = {(None if pd.isna(k) else k): (int(r.s), int(r.n), float(r.a))
            for k, r in exp.iterrows()}
    assert got == want
    # a filter on another column between scan and aggregate keeps the encoding
    q2 = df.where(F.col("v") > 10).groupBy("c").count()
    [scan] = _scans(q2._physical())
    assert scan.dictionary_columns == frozenset({"c"})
    want2 = pdf[pdf.v > 10].groupby("c", dropna=False).size()
    assert {r[0]: r[1] for r in q2.collect()} == \
        {(None if pd.isna(k) else k): int(n) for k, n in want2.items()}


@pytest.mark.parametrize("build", [
    lambda df: df.groupBy("c").agg(F.max("c")),               # the key is also an input
    lambda df: df.where(F.col("c") != "a").groupBy("c").count(),   # a filter uses it
    lambda df: df.groupBy(F.upper("c")).count(),              # an expression of it
    lambda df: df.groupBy("v").count(),                        # not a string
])
def test_columns_other_operators_use_are_read_as_strings(spark, files, build):
    q = build(spark.read.parquet(files))
    [scan] = _scans(q._physical())
    assert scan.dictionary_columns == frozenset()
    assert q.count() > 0


def test_small_partitions_keep_exact_row_order_sums_with_dictionary_keys(spark, files):
    # partitions under 65,536 rows sum doubles row by row (Spark's order); NULL keys included
    df = spark.read.parquet(files).withColumn("x", F.col("v") * 0.1)
    got = {r[0]: r[1] for r in df.groupBy("c").agg(F.sum("x")).collect()}
    assert set(got) == {"a", "b", "z", None}
    assert got["z"] == pytest.approx(sum(v * 0.1 for v in range(0, 200, 4)))


def test_format_reads_named_string_columns_dictionary_encoded(files):
    fmt = get_format("parquet")
    schema = StructType.fromDDL("c string, v bigint, w double")
    batches = list(fmt.read(f"{files}/p1.parquet", schema, {}, required_columns=["v", "c"],
                            dictionary_columns=["c", "v"]))
    assert batches[0].schema.field("c").type == pa.dictionary(pa.int32(), pa.string())
    assert batches[0].schema.field("v").type == pa.int64()     # only strings are encoded
    assert pa.Table.from_batches(batches).column("c").cast(pa.string()).to_pylist() == \
        ["a", "b", None, "a"] * 50


def test_count_needs_no_column_reads(spark, files, tmp_path):
    fmt = get_format("parquet")
    assert fmt.count_rows(f"{files}/p1.parquet") == [64, 64, 64, 8]
    assert spark.read.parquet(files).count() == 400
    # partition columns of a count-only scan still come from the directory names
    out = str(tmp_path / "parts")
    spark.read.parquet(files).write.partitionBy("w").parquet(out)
    got = sorted(tuple(r) for r in spark.read.parquet(out).groupBy("w").count().collect())
    assert got == [(1.5, 200), (2.5, 200)]
