"""Aggregates without grouping keys over large partitions run as Arrow scalar aggregations
(not a hash aggregation of a constant key); the answers must not change."""
from __future__ import annotations

import datetime

import pytest

from rayspark.sql import functions as F


def test_global_aggregates_over_large_partitions(spark):
    n = 200_000
    df = spark.range(0, n, numPartitions=2).select(
        F.col("id"), (F.col("id") % 7).alias("m"), (F.col("id") * 0.5).alias("x"),
        F.when(F.col("id") % 3 == 0, None).otherwise(F.col("id")).alias("nul"),
        F.date_add(F.lit(datetime.date(2020, 1, 1)), (F.col("id") % 1000).cast("int")).alias("d"),
        F.concat(F.lit("s"), (F.col("id") % 97).cast("string")).alias("s"))
    row = df.agg(F.count("*"), F.sum("id"), F.min("d"), F.max("s"), F.avg("nul"),
                 F.count("nul"), F.sum("x"), F.countDistinct("m"),
                 F.stddev("m"), F.max("x"), F.sum("nul")).first()
    ids = range(n)
    nul = [i for i in ids if i % 3]
    assert row[0] == n and row[1] == n * (n - 1) // 2
    assert row[2] == datetime.date(2020, 1, 1) and row[3] == "s96"
    assert row[4] == pytest.approx(sum(nul) / len(nul)) and row[5] == len(nul)
    assert row[6] == pytest.approx(sum(i * 0.5 for i in ids)) and row[7] == 7
    assert row[8] == pytest.approx(__import__("statistics").stdev(i % 7 for i in ids))
    assert row[9] == (n - 1) * 0.5 and row[10] == sum(nul)
    # collect_list has no scalar form: the keyed path still serves it
    got = df.where(F.col("id") < 70_000).agg(F.collect_list("m")).first()[0]
    assert sorted(got) == sorted(i % 7 for i in range(70_000))
    # empty input: one row of empty values
    empty = df.where(F.col("id") < 0).agg(F.count("*"), F.sum("id"), F.max("s")).first()
    assert tuple(empty) == (0, None, None)


def test_partition_dependent_expressions_see_their_input_partition(spark):
    # checked against PySpark 4.3: a narrow coalesce runs four input partitions in one task,
    # and expressions evaluated below it still see the partition they read
    df = spark.range(0, 10, 1, 4)
    got = df.select(F.spark_partition_id().alias("p"), "id").coalesce(1).collect()
    assert [(r.p, r.id) for r in got] == [(0, 0), (0, 1), (1, 2), (1, 3), (1, 4), (2, 5),
                                          (2, 6), (3, 7), (3, 8), (3, 9)]
    ids = df.select(F.monotonically_increasing_id().alias("m")).coalesce(1).collect()
    assert [r.m for r in ids] == [0, 1, (1 << 33), (1 << 33) + 1, (1 << 33) + 2, (2 << 33),
                                  (2 << 33) + 1, (3 << 33), (3 << 33) + 1, (3 << 33) + 2]
    assert df.where(F.spark_partition_id() == 1).coalesce(1).count() == 3
    # evaluated above the coalesce: one partition
    assert {r.p for r in df.coalesce(1).select(F.spark_partition_id().alias("p")).collect()} == {0}


def test_global_first_and_last_keep_nulls_over_large_partitions(spark):
    # Arrow's scalar first/last skip NULLs whatever their options: they stay on the keyed path
    n = 100_000
    df = spark.range(0, n, numPartitions=1).select(
        F.when(F.col("id") == n - 1, None).otherwise(F.col("id")).alias("a"),
        F.when(F.col("id") == 0, None).otherwise(F.col("id")).alias("b"))
    row = df.agg(F.last("a"), F.first("b"), F.last("a", ignorenulls=True),
                 F.first("b", ignorenulls=True)).first()
    assert tuple(row) == (None, None, n - 2, 1)
