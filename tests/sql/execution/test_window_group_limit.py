"""A filter keeping the first k ranks of a window (``rn <= k``) prunes each map partition
before the window's exchange (WindowGroupLimit); the answers must be those of the same query
without the pruning (a filter on ``CAST(rn AS BIGINT)`` is not recognised, so it is the
reference), whatever the ties, NULLs, NaNs and directions."""
from __future__ import annotations

import datetime
import math

import pytest

from rayspark.sql import Window, functions as F
from rayspark.sql.execution.window_group_limit import keep_mask


def _plan(df) -> str:
    return df._physical().tree_string() if hasattr(df._physical(), "tree_string") else \
        str(df._physical())


def _rows(df):
    def key(r):
        return tuple((v is None, str(v)) for v in r)
    return sorted((tuple(r) for r in df.collect()), key=key)


def _same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        for u, v in zip(x, y):
            if isinstance(u, float) and isinstance(v, float) and math.isnan(u):
                assert math.isnan(v)
            else:
                assert u == v or (isinstance(u, float) and u == pytest.approx(v)), (x, y)


@pytest.fixture
def data(spark):
    rows = []
    for i in range(3000):
        g = None if i % 97 == 0 else f"g{i % 7}"
        v = None if i % 53 == 0 else float("nan") if i % 71 == 0 else float((i * 37) % 101)
        rows.append((g, i % 3, v, i))
    return spark.createDataFrame(rows, "g string, h int, v double, i long").repartition(4)


@pytest.mark.parametrize("order", [
    F.col("v").asc(), F.col("v").desc(), F.col("v").asc_nulls_last(),
    F.col("v").desc_nulls_first()])
@pytest.mark.parametrize("fn", [F.row_number, F.rank, F.dense_rank])
@pytest.mark.parametrize("cond", ["le", "lt", "eq", "ge"])
def test_group_limit_keeps_the_answer(spark, data, order, fn, cond):
    w = Window.partitionBy("g", "h").orderBy(order)
    base = data.withColumn("r", fn().over(w)).withColumn("s", F.sum("i").over(w)) \
        .withColumn("m", F.max("v").over(w)).withColumn("c", F.count("*").over(w))
    k = 3
    pick = {"le": lambda c: c <= k, "lt": lambda c: c < k + 1, "eq": lambda c: c == 1,
            "ge": lambda c: F.lit(k) >= c}[cond]
    opt = base.where(pick(F.col("r")))
    ref = base.where(pick(F.col("r").cast("long")))
    assert "WindowGroupLimit" in _plan(opt) and "WindowGroupLimit" not in _plan(ref)
    _same(_rows(opt), _rows(ref))


def test_global_windows_and_temporal_keys(spark):
    rows = [(datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 40),
             datetime.datetime(2020, 1, 1) + datetime.timedelta(hours=(i * 7) % 50), i)
            for i in range(2000)]
    df = spark.createDataFrame(rows, "d date, t timestamp, i long").repartition(3)
    for col in ("d", "t"):
        w = Window.orderBy(F.col(col).desc())
        base = df.withColumn("r", F.rank().over(w)).withColumn("s", F.sum("i").over(w))
        opt, ref = base.where("r <= 5"), base.where(F.col("r").cast("long") <= 5)
        assert "WindowGroupLimit" in _plan(opt)
        _same(_rows(opt), _rows(ref))


@pytest.mark.parametrize("extra", [
    lambda w: F.lead("i").over(w),                                   # looks ahead
    lambda w: F.sum("i").over(w.rowsBetween(Window.unboundedPreceding,
                                           Window.unboundedFollowing)),
    lambda w: F.percent_rank().over(w),                              # needs the group size
])
def test_functions_that_look_past_the_current_row_are_not_pruned(spark, data, extra):
    w = Window.partitionBy("g").orderBy("v")
    q = data.withColumn("r", F.row_number().over(w)).withColumn("x", extra(w)).where("r <= 2")
    assert "WindowGroupLimit" not in _plan(q)
    assert q.count() == 2 * data.select("g").distinct().count()


def test_string_order_keys_pass_through_unpruned(spark):
    df = spark.createDataFrame([(i % 3, f"s{i % 17:02d}") for i in range(500)], "g int, s string")
    w = Window.partitionBy("g").orderBy("s")
    base = df.withColumn("r", F.row_number().over(w))
    _same(_rows(base.where("r <= 2")), _rows(base.where(F.col("r").cast("long") <= 2)))


def test_keep_mask_is_a_superset_of_the_first_ranks():
    import numpy as np
    import pyarrow as pa
    rng = np.random.default_rng(7)
    n = 5000
    groups = rng.integers(0, 5, n)
    v = rng.integers(0, 50, n).astype(float)
    v[::13] = np.nan
    nulls = rng.random(n) < 0.05
    vals = pa.array(v, mask=nulls)
    for asc in (True, False):
        for nulls_first in (True, False):
            keep = keep_mask([pa.array(groups)], vals, asc, nulls_first, 3)
            assert keep is not None and keep.sum() < n / 2

            def order_key(i):   # Spark: NULLs first/last as asked, NaN above every number
                if nulls[i]:
                    return (0 if nulls_first else 2, 0.0)
                x = float("inf") if np.isnan(v[i]) else v[i]
                return (1, x if asc else -x)
            for g in range(5):
                idx = np.flatnonzero(groups == g)
                keys = [order_key(i) for i in idx]
                for pos, i in enumerate(idx):
                    rank = 1 + sum(1 for k in keys if k < keys[pos])
                    if rank <= 3:
                        assert keep[i], (asc, nulls_first, g, v[i], nulls[i], rank)


def test_parquet_scans_feed_dictionary_keys_to_the_limit(spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    for f in range(3):
        cats = [None if i % 41 == 0 else f"c{(i + f) % 9}" for i in range(4000)]
        pq.write_table(pa.table({"cat": cats, "amount": [float((i * 31 + f) % 997)
                                                         for i in range(4000)],
                                 "key": list(range(f * 4000, f * 4000 + 4000))}),
                       tmp_path / f"p{f}.parquet", row_group_size=1500)
    df = spark.read.parquet(str(tmp_path))
    w = Window.partitionBy("cat").orderBy("amount")
    base = df.withColumn("rn", F.row_number().over(w)).withColumn("run", F.sum("amount").over(w))
    opt = base.where("rn <= 3")
    ref = base.where(F.col("rn").cast("long") <= 3)
    plan = opt._physical()
    scans = []

    def walk(p):
        if type(p).__name__ == "FileScanExec":
            scans.append(p)
        for c in p.children:
            walk(c)
    walk(plan)
    assert scans[0].dictionary_columns == frozenset({"cat"})
    got = _rows(opt)
    _same(got, _rows(ref))
    assert len(got) == 10 * 3
    # a second window over the same partitioning (no exchange between them)
    w2 = Window.partitionBy("cat").orderBy(F.col("key").desc())
    two = base.withColumn("r2", F.rank().over(w2))
    _same(_rows(two.where("r2 <= 2")), _rows(two.where(F.col("r2").cast("long") <= 2)))
