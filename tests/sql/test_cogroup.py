"""groupBy().cogroup(groupBy()).applyInPandas / applyInArrow (PySpark's PandasCogroupedOps)."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from rayspark.errors import PySparkValueError
from rayspark.sql import Row


@pytest.fixture
def sides(spark):
    df1 = spark.createDataFrame([(20000101, 1, 1.0), (20000101, 2, 2.0), (20000102, 1, 3.0),
                                 (20000102, 2, 4.0)], ("time", "id", "v1"))
    df2 = spark.createDataFrame([(20000101, 1, "x"), (20000101, 2, "y")], ("time", "id", "v2"))
    return df1, df2


def test_asof_join_example_from_pyspark(sides):
    df1, df2 = sides

    def asof_join(left, right):
        return pd.merge_asof(left, right, on="time", by="id")
    out = df1.groupby("id").cogroup(df2.groupby("id")).applyInPandas(
        asof_join, schema="time int, id int, v1 double, v2 string")
    assert out.columns == ["time", "id", "v1", "v2"]
    assert sorted(out.collect()) == [Row(time=20000101, id=1, v1=1.0, v2="x"),
                                     Row(time=20000101, id=2, v1=2.0, v2="y"),
                                     Row(time=20000102, id=1, v1=3.0, v2="x"),
                                     Row(time=20000102, id=2, v1=4.0, v2="y")]


def test_key_argument_and_keys_missing_on_one_side(spark):
    left = spark.createDataFrame([(1, "a"), (2, "b"), (2, "c"), (None, "n")], "k int, s string")
    right = spark.createDataFrame([(2, 10.0), (3, 30.0), (None, 5.0)], "k long, x double")

    def summary(key, lp, rp):
        return pd.DataFrame({"key": [key[0]], "left_rows": [len(lp)], "right_rows": [len(rp)],
                             "left_cols": [",".join(lp.columns)],
                             "right_cols": [",".join(rp.columns)]})
    out = left.groupBy("k").cogroup(right.groupBy("k")).applyInPandas(
        summary, "key long, left_rows long, right_rows long, left_cols string, right_cols string")
    got = sorted(out.collect(), key=lambda r: (r.key is None, r.key))
    assert [(r.key, r.left_rows, r.right_rows) for r in got] == [
        (1, 1, 0), (2, 2, 1), (3, 0, 1), (None, 1, 1)]
    # an empty side still has its columns
    assert {(r.left_cols, r.right_cols) for r in got} == {("k,s", "k,x")}


def test_apply_in_arrow_and_many_groups(spark):
    left = spark.range(0, 5000, numPartitions=3).selectExpr("id % 1000 AS k", "id AS v")
    right = spark.range(0, 1000, numPartitions=2).selectExpr("id AS k", "id * 2 AS w")

    def sums(lt, rt):
        assert isinstance(lt, pa.Table) and isinstance(rt, pa.Table)
        return pa.table({"k": [lt.column("k")[0].as_py()],
                         "n": [lt.num_rows], "s": [sum(lt.column("v").to_pylist())],
                         "w": [rt.column("w")[0].as_py()]})
    out = left.groupBy("k").cogroup(right.groupBy("k")).applyInArrow(
        sums, "k long, n long, s long, w long").collect()
    assert len(out) == 1000
    by_key = {r.k: r for r in out}
    assert by_key[7] == Row(k=7, n=5, s=7 + 1007 + 2007 + 3007 + 4007, w=14)


def test_nan_keys_meet_nan_keys(spark):
    left = spark.createDataFrame([(float("nan"), 1), (1.5, 2)], "k double, a long")
    right = spark.createDataFrame([(float("nan"), 10)], "k double, b long")

    def f(lp, rp):
        return pd.DataFrame({"a": [len(lp)], "b": [len(rp)]})
    out = left.groupBy("k").cogroup(right.groupBy("k")).applyInPandas(f, "a long, b long")
    assert sorted(tuple(r) for r in out.collect()) == [(1, 0), (1, 1)]


def test_different_numbers_of_keys_are_an_error(sides):
    df1, df2 = sides
    with pytest.raises(PySparkValueError, match="COGROUP_KEYS_MISMATCH"):
        df1.groupBy("id", "time").cogroup(df2.groupBy("id"))


def test_errors_in_the_function_reach_the_driver(sides):
    from rayspark.errors import PythonException
    df1, df2 = sides

    def boom(lp, rp):
        raise ValueError("cogroup failed here")
    with pytest.raises(PythonException, match="cogroup failed here"):
        df1.groupBy("id").cogroup(df2.groupBy("id")).applyInPandas(boom, "id int").collect()
