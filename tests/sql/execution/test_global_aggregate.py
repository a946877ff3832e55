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
