"""Sliding time windows (window(time, duration, slide[, start])): every row lands in each window
that contains it; values recorded from PySpark 4.3 with the session zone UTC."""
from __future__ import annotations

import datetime as dt

import pytest

from rayspark.errors import AnalysisException
from rayspark.sql import functions as F

T = dt.datetime


@pytest.fixture
def events(spark):
    return spark.createDataFrame([(T(2016, 3, 11, 9, 0, 7), 1), (T(2016, 3, 11, 9, 0, 12), 2),
                                  (None, 3), (T(2016, 3, 11, 9, 7, 0), 4)],
                                 "date timestamp, val int")


def test_group_by_a_sliding_window(events):
    w = events.groupBy(F.window("date", "10 seconds", "5 seconds")).agg(F.sum("val").alias("sum"))
    assert w.columns == ["window", "sum"]
    assert w.schema.simpleString() == \
        "struct<window:struct<start:timestamp,end:timestamp>,sum:bigint>"
    got = sorted((r.window.start, r.window.end, r.sum) for r in w.collect())
    assert got == [(T(2016, 3, 11, 9, 0, 0), T(2016, 3, 11, 9, 0, 10), 1),
                   (T(2016, 3, 11, 9, 0, 5), T(2016, 3, 11, 9, 0, 15), 3),
                   (T(2016, 3, 11, 9, 0, 10), T(2016, 3, 11, 9, 0, 20), 2),
                   (T(2016, 3, 11, 9, 6, 55), T(2016, 3, 11, 9, 7, 5), 4),
                   (T(2016, 3, 11, 9, 7, 0), T(2016, 3, 11, 9, 7, 10), 4)]


def test_start_offset_and_other_grouping_columns(events):
    w = events.groupBy(F.window("date", "1 minute", "20 seconds", "5 seconds"), "val").count()
    got = sorted((r.window.start, r.window.end, r.val, r["count"]) for r in w.collect())
    assert len(got) == 9
    assert got[:4] == [(T(2016, 3, 11, 8, 59, 25), T(2016, 3, 11, 9, 0, 25), 1, 1),
                       (T(2016, 3, 11, 8, 59, 25), T(2016, 3, 11, 9, 0, 25), 2, 1),
                       (T(2016, 3, 11, 8, 59, 45), T(2016, 3, 11, 9, 0, 45), 1, 1),
                       (T(2016, 3, 11, 8, 59, 45), T(2016, 3, 11, 9, 0, 45), 2, 1)]


def test_select_repeats_rows_per_window(events):
    got = sorted((r.window.start, r.val) for r in
                 events.select(F.window("date", "10 seconds", "5 seconds"), "val").collect())
    assert got == [(T(2016, 3, 11, 9, 0, 0), 1), (T(2016, 3, 11, 9, 0, 5), 1),
                   (T(2016, 3, 11, 9, 0, 5), 2), (T(2016, 3, 11, 9, 0, 10), 2),
                   (T(2016, 3, 11, 9, 6, 55), 4), (T(2016, 3, 11, 9, 7, 0), 4)]


def test_errors(events):
    with pytest.raises(AnalysisException, match="Multiple time/session window expressions"):
        events.groupBy(F.window("date", "10 seconds", "5 seconds"),
                       F.window("date", "20 seconds", "5 seconds")).count()
    with pytest.raises(AnalysisException, match=r"DATATYPE_MISMATCH\.PARAMETER_CONSTRAINT_VIOLATION"
                       r"\] Cannot resolve \"window\(date, 10000000, 20000000, 0\)\""):
        events.groupBy(F.window("date", "10 seconds", "20 seconds")).count()


def test_rows_with_a_null_time_are_in_no_window(spark):
    # checked against PySpark 4.3: Spark's TimeWindowing filters NULL times out, so the window
    # column is never NULL (tumbling windows too)
    import datetime
    df = spark.createDataFrame([(datetime.datetime(2024, 1, 1, 0, 3), 1), (None, 2),
                                (datetime.datetime(2024, 1, 1, 0, 14), 3)], "ts timestamp, x int")
    got = sorted((r[0].start.minute, r[1])
                 for r in df.groupBy(F.window("ts", "10 minutes")).agg(F.sum("x")).collect())
    assert got == [(0, 1), (10, 3)]
    sel = df.select(F.window("ts", "10 minutes").alias("w"), "x")
    assert sel.count() == 2 and sel.schema["w"].nullable is False
    assert df.withColumn("w", F.window("ts", "10 minutes")).count() == 2
    assert df.groupBy(F.window("ts", "10 minutes", "5 minutes")).count().count() == 4
