"""describe / summary / DataFrame.stat. Expected values were recorded from PySpark 4.3
(local[2]); quantile summaries follow Spark's Greenwald-Khanna rules exactly."""
import datetime
import decimal
import math

import numpy as np
import pytest

from rayspark.errors import (AnalysisException, IllegalArgumentException, PySparkTypeError,
                             PySparkValueError)
from rayspark.sql import Row
from rayspark.sql.stat import QuantileSummary


@pytest.fixture
def df(spark):
    return spark.createDataFrame(
        [(1, 2.0, "a", True, datetime.date(2020, 1, 1)), (None, None, None, None, None),
         (3, 0.5, "c", False, datetime.date(2021, 2, 3)), (4, 10.25, "10", True, None),
         (5, -1.0, "2", None, None)], "i int, d double, s string, b boolean, dt date")


def _t(rows):
    return [tuple(r) for r in rows]


def test_describe(df):
    out = df.describe()
    assert out.columns == ["summary", "i", "d", "s"]
    assert out.schema.simpleString() == "struct<summary:string,i:string,d:string,s:string>"
    assert [f.nullable for f in out.schema.fields] == [True] * 4
    assert _t(out.collect()) == [
        ("count", "4", "4", "4"),
        ("mean", "3.25", "2.9375", "6.0"),
        ("stddev", "1.707825127659933", "5.026492315720775", "5.656854249492381"),
        ("min", "1", "-1.0", "10"),
        ("max", "5", "10.25", "c")]
    assert _t(df.describe("i", "s").collect())[1] == ("mean", "3.25", "6.0")
    assert df.describe(["i", "b"]).columns == ["summary", "i"]
    # booleans and dates are left out, even when named
    assert _t(df.describe("b").collect()) == [("count",), ("mean",), ("stddev",), ("min",),
                                              ("max",)]
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.describe("zz")


def test_summary_default_and_explicit(df):
    assert _t(df.summary().collect()) == [
        ("count", "4", "4", "4"),
        ("mean", "3.25", "2.9375", "6.0"),
        ("stddev", "1.707825127659933", "5.026492315720775", "5.656854249492381"),
        ("min", "1", "-1.0", "10"),
        ("25%", "1", "-1.0", "2.0"),
        ("50%", "3", "0.5", "2.0"),
        ("75%", "4", "2.0", "10.0"),
        ("max", "5", "10.25", "c")]
    assert _t(df.summary("count", "min", "33%", "max", "count_distinct",
                         "approx_count_distinct", "mean").collect()) == [
        ("count", "4", "4", "4"), ("min", "1", "-1.0", "10"), ("33%", "3", "0.5", "2.0"),
        ("max", "5", "10.25", "c"), ("count_distinct", "4", "4", "4"),
        ("approx_count_distinct", "4", "4", "4"), ("mean", "3.25", "2.9375", "6.0")]
    assert _t(df.summary("12.5%", "0%", "100%").collect()) == [
        ("12.5%", "1", "-1.0", "2.0"), ("0%", "1", "-1.0", "2.0"), ("100%", "5", "10.25", "10.0")]
    assert _t(df.select("d").summary("COUNT", "Mean").collect()) == [("COUNT", "4"),
                                                                     ("Mean", "2.9375")]
    assert _t(df.select("i").summary(" 50%", "5e1%").collect()) == [(" 50%", "3"),
                                                                    ("5e1%", "3")]


def test_summary_types(spark):
    df2 = spark.createDataFrame(
        [(1.0 / 3, 2 ** 40, decimal.Decimal("1.25"), 1.5),
         (2.0 / 3, 3, decimal.Decimal("2.50"), 2.5), (5.0, 7, None, None)],
        "a double, c long, e decimal(10,2), f float")
    assert _t(df2.summary("count", "mean", "min", "25%", "50%", "75%", "max").collect()) == [
        ("count", "3", "3", "2", "2"),
        ("mean", "2.0", "3.665038759286667E11", "1.875000", "2.0"),
        ("min", "0.3333333333333333", "3", "1.25", "1.5"),
        ("25%", "0.3333333333333333", "3", "1.25", "1.5"),
        ("50%", "0.6666666666666666", "7", "1.25", "1.5"),
        ("75%", "5.0", "1099511627776", "2.5", "2.5"),
        ("max", "5.0", "1099511627776", "2.50", "2.5")]
    assert _t(df2.select("c", "e", "f").summary("stddev").collect()) == [
        ("stddev", "6.348033342707104E11", "0.8838834764831844", "0.7071067811865476")]


def test_summary_larger_and_empty(spark):
    df3 = spark.createDataFrame([(float(x), x % 3, str(x)) for x in range(1, 101)],
                                "x double, k long, s string")
    assert _t(df3.summary("count", "mean", "min", "25%", "50%", "75%", "max").collect()) == [
        ("count", "100", "100", "100"), ("mean", "50.5", "1.0", "50.5"),
        ("min", "1.0", "0", "1"), ("25%", "25.0", "0", "25.0"), ("50%", "50.0", "1", "50.0"),
        ("75%", "75.0", "2", "75.0"), ("max", "100.0", "2", "99")]
    big = spark.range(0, 20000, 1, 2).selectExpr("(id * 7919) % 20011 as x")
    assert _t(big.summary("25%", "50%", "75%").collect()) == [
        ("25%", "5001"), ("50%", "10003"), ("75%", "15006")]
    empty = spark.createDataFrame([], "i int, s string")
    assert _t(empty.describe().collect()) == [
        ("count", "0", "0"), ("mean", None, None), ("stddev", None, None), ("min", None, None),
        ("max", None, None)]


def test_summary_errors(df):
    with pytest.raises(IllegalArgumentException) as e:
        df.summary("foo")
    assert str(e.value).startswith(
        "[UNRECOGNIZED_STATISTIC] The statistic 'foo' is not recognized. Valid statistics "
        "include `count`, `count_distinct`, `approx_count_distinct`, `mean`, `stddev`, `min`, "
        "`max`, and percentile values.")
    with pytest.raises(IllegalArgumentException, match="'abc%' is not recognized"):
        df.summary("abc%")
    with pytest.raises(IllegalArgumentException) as e:
        df.summary("150%")
    assert str(e.value) == "requirement failed: Percentiles must be in the range [0, 1]"
    # no numeric or string column: nothing to check the statistics against
    assert _t(df.select("b").summary("count").collect()) == [("count",)]


def test_quantile_summary_matches_spark():
    def run(parts, probs, eps):
        merged = QuantileSummary(eps)
        for p in parts:
            merged = merged.merge(QuantileSummary(eps).insert_all(np.array(p, float)))
        return merged.query(probs)
    x = list(range(1, 101))
    probs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.999, 1.0]
    assert run([x[:50], x[50:]], probs, 0.1) == [1.0, 1.0, 23.0, 50.0, 73.0, 100.0, 100.0]
    assert run([x[:50], x[50:]], [0.1, 0.25, 0.5, 0.75], 0.05) == [7.0, 25.0, 50.0, 75.0]
    assert run([x[:50], x[50:]], probs, 0.0) == [1.0, 10.0, 25.0, 50.0, 75.0, 100.0, 100.0]
    assert QuantileSummary(0.01).query([0.5]) is None


def test_approx_quantile(spark):
    df3 = spark.createDataFrame([(float(x), x % 3, str(x)) for x in range(1, 101)],
                                "x double, k long, s string")
    probs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.999, 1.0]
    assert df3.approxQuantile("x", probs, 0.0) == [1.0, 10.0, 25.0, 50.0, 75.0, 100.0, 100.0]
    assert df3.approxQuantile("x", probs, 0.1) == [1.0, 1.0, 23.0, 50.0, 73.0, 100.0, 100.0]
    assert df3.stat.approxQuantile("x", [0.1, 0.25, 0.5, 0.75], 0.05) == [7.0, 25.0, 50.0, 75.0]
    assert df3.approxQuantile(["x", "k"], [0.5], 0.0) == [[50.0], [1.0]]
    assert df3.approxQuantile(("x",), [0.5], 0.0) == [[50.0]]
    assert df3.approxQuantile("x", (0.5,), 0) == [50.0]
    assert df3.approxQuantile("x", [0.5], 1.5) == [1.0]
    assert spark.createDataFrame([], "x double").approxQuantile("x", [0.5], 0.0) == []
    nulls = spark.createDataFrame([(None,), (1.0,), (2.0,), (float("nan"),)], "x double")
    assert nulls.approxQuantile("x", [0.0, 0.5, 1.0], 0.0) == [1.0, 1.0, 2.0]
    assert spark.createDataFrame([(None,)], "x double").approxQuantile(["x"], [0.5], 0.0) == [[]]
    assert spark.createDataFrame([(1.1,), (2.2,)], "f float").approxQuantile(
        "f", [0.5], 0.0) == [1.100000023841858]
    assert spark.createDataFrame(
        [(decimal.Decimal("1.10"),), (decimal.Decimal("2.25"),)], "f decimal(4,2)"
    ).approxQuantile("f", [0.5, 1.0], 0.0) == [1.1, 2.25]
    big = spark.range(0, 10000, 1, 4).selectExpr("(id * 7919) % 10007 as x")
    assert big.approxQuantile("x", [0.01, 0.1, 0.33, 0.5, 0.9, 0.99], 0.01) == [
        0.0, 961.0, 3258.0, 4966.0, 8915.0, 10006.0]
    assert spark.range(0, 1000, 1, 2).approxQuantile(
        "id", [0.01, 0.1, 0.33, 0.5, 0.9, 0.99], 0.05) == [0.0, 71.0, 331.0, 529.0, 901.0,
                                                           999.0]


def test_approx_quantile_errors(spark, df):
    with pytest.raises(IllegalArgumentException) as e:
        df.approxQuantile("s", [0.5], 0.0)
    assert str(e.value) == ("requirement failed: Quantile calculation for column s with data "
                            "type StringType is not supported.")
    with pytest.raises(IllegalArgumentException, match="data type DateType"):
        df.approxQuantile("dt", [0.5], 0.0)
    cases = [
        (("i", [1.5], 0.0), "[NOT_EXPECTED_TYPE] Argument `probabilities` should be "
                            "list[float, int], got float."),
        (("i", 0.5, 0.0), "[NOT_EXPECTED_TYPE] Argument `probabilities` should be list or "
                          "tuple, got float."),
        ((1, [0.5], 0.0), "[NOT_EXPECTED_TYPE] Argument `col` should be list, str or tuple, "
                          "got int."),
        (("i", [0.5], "x"), "[NOT_EXPECTED_TYPE] Argument `relativeError` should be float or "
                            "int, got str."),
        ((["i", 1], [0.5], 0.0), "[DISALLOWED_TYPE_FOR_CONTAINER] Argument `col`(type: list) "
                                 "should only contain a type in [str], got int"),
    ]
    for args, msg in cases:
        with pytest.raises(PySparkTypeError) as e:
            df.approxQuantile(*args)
        assert str(e.value) == msg
    with pytest.raises(PySparkValueError) as e:
        df.approxQuantile("i", [0.5], -1.0)
    assert str(e.value) == ("[NEGATIVE_VALUE] Value for `relativeError` must be greater than "
                            "or equal to 0, got '-1.0'.")
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.approxQuantile("zz", [0.5], 0.0)


def test_corr_cov(spark, df):
    df3 = spark.createDataFrame([(float(x), x % 3) for x in range(1, 101)], "x double, k long")
    assert df3.corr("x", "k") == pytest.approx(-0.01407195089460568, rel=1e-12)
    assert df3.stat.corr("x", "k", "pearson") == pytest.approx(-0.01407195089460568, rel=1e-12)
    assert df3.cov("x", "k") == pytest.approx(-0.3333333333333296, rel=1e-12)
    # nulls are read as 0.0, not skipped
    assert df.cov("i", "d") == pytest.approx(2.2375, rel=1e-12)
    assert df.corr("i", "d") == pytest.approx(0.23730454550193458, rel=1e-12)
    side = spark.createDataFrame([(1.0, None), (2.0, 3.0), (3.0, 5.0), (None, 1.0), (4.0, 4.0)],
                                 "a double, b double")
    assert side.corr("a", "b") == pytest.approx(0.8387421368293257, rel=1e-12)
    assert side.cov("a", "b") == pytest.approx(2.75, rel=1e-12)
    ints = spark.createDataFrame([(i, (i * 7) % 11) for i in range(30)], "a int, b long")
    assert ints.corr("a", "b") == pytest.approx(0.07623408084206743, rel=1e-12)
    assert ints.cov("a", "b") == pytest.approx(2.172413793103449, rel=1e-12)
    empty = spark.createDataFrame([], "a double, b double")
    assert math.isnan(empty.corr("a", "b")) and empty.cov("a", "b") == 0.0
    one = spark.createDataFrame([(1.0, 2.0)], "a double, b double")
    assert math.isnan(one.corr("a", "b")) and one.cov("a", "b") == 0.0
    const = spark.createDataFrame([(1.0, 2.0), (1.0, 3.0)], "a double, b double")
    assert math.isnan(const.corr("a", "b"))
    dec = spark.createDataFrame([(decimal.Decimal("1.5"), 2), (decimal.Decimal("2.5"), 7),
                                 (decimal.Decimal("4.0"), 1)], "a decimal(5,2), b int")
    assert dec.cov("a", "b") == pytest.approx(-1.0833333333333335, rel=1e-12)


def test_corr_cov_errors(df):
    with pytest.raises(PySparkValueError) as e:
        df.corr("i", "d", "spearman")
    assert str(e.value) == ("[VALUE_NOT_ALLOWED] Value for `method` has to be amongst the "
                            "following values: ['pearson'].")
    with pytest.raises(IllegalArgumentException) as e:
        df.corr("i", "s")
    assert str(e.value) == ("requirement failed: Currently correlation calculation for columns "
                            "with dataType string not supported.")
    with pytest.raises(IllegalArgumentException) as e:
        df.cov("i", "b")
    assert str(e.value) == ("requirement failed: Currently covariance calculation for columns "
                            "with dataType boolean not supported.")
    with pytest.raises(PySparkTypeError) as e:
        df.cov(1, "i")
    assert str(e.value) == "[NOT_EXPECTED_TYPE] Argument `col1` should be str, got int."
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.corr("i", "zz")


def test_crosstab(spark):
    df = spark.createDataFrame([(1, "x"), (2, "y"), (1, "x"), (3, None), (None, "y"), (2, "z"),
                                (10, "x")], "k int, v string")
    ct = df.crosstab("k", "v")
    assert [(f.name, f.dataType.simpleString(), f.nullable) for f in ct.schema.fields] == [
        ("k_v", "string", True), ("null", "bigint", False), ("x", "bigint", False),
        ("y", "bigint", False), ("z", "bigint", False)]
    # (Spark's row order follows its shuffle's hash partitioning; compare as sets)
    assert sorted(_t(ct.collect())) == sorted([
        ("3", 1, 0, 0, 0), ("1", 0, 2, 0, 0), ("10", 0, 1, 0, 0), ("2", 0, 0, 1, 1),
        ("null", 0, 0, 1, 0)])
    rev = df.stat.crosstab("v", "k")
    assert rev.columns == ["v_k", "1", "10", "2", "3", "null"]
    assert sorted(_t(rev.collect())) == sorted([
        ("x", 2, 1, 0, 0, 0), ("z", 0, 0, 1, 0, 0), ("y", 0, 0, 1, 0, 1),
        ("null", 0, 0, 0, 1, 0)])
    d = spark.createDataFrame([(1.5, True), (2.0, False), (1e20, True)], "a double, b boolean")
    assert sorted(_t(d.crosstab("b", "a").collect())) == [("false", 0, 0, 1), ("true", 1, 1, 0)]
    assert d.crosstab("b", "a").columns == ["b_a", "1.0E20", "1.5", "2.0"]
    assert spark.createDataFrame([(1, "p`q")], "a int, c string").crosstab("a", "c").columns \
        == ["a_c", "pq"]
    assert spark.createDataFrame([], "a int, c string").crosstab("a", "c").collect() == []
    assert _t(spark.createDataFrame([(datetime.date(2020, 1, 2), 1)], "a date, c int")
              .crosstab("a", "c").collect()) == [("2020-01-02", 1)]
    with pytest.raises(PySparkTypeError, match="Argument `col1` should be str, got int"):
        df.crosstab(1, "v")
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.crosstab("k", "zz")


def test_freq_items(spark):
    dff = spark.createDataFrame([(i % 3, str(i % 2), float(i % 5)) for i in range(30)] +
                                [(None, None, None)], "a int, b string, c double")
    fi = dff.freqItems(["a", "b", "c"])
    assert [(f.name, f.dataType.simpleString(), f.nullable) for f in fi.schema.fields] == [
        ("a_freqItems", "array<int>", False), ("b_freqItems", "array<string>", False),
        ("c_freqItems", "array<double>", False)]
    row = dff.stat.freqItems(("a", "b")).collect()[0]
    assert sorted(row[0], key=str) == sorted([0, None, 1, 2], key=str)
    assert sorted(row[1], key=str) == sorted([None, "1", "0"], key=str)
    assert _t(dff.freqItems(["a", "c"], 0.4).collect()) == [([None], [None])]
    assert _t(spark.createDataFrame([], "a int").freqItems(["a"]).collect()) == [([],)]
    n = spark.createDataFrame([(1, Row(x=2))], "a int, s struct<x:int>")
    assert n.freqItems(["s.x"]).columns == ["s.x_freqItems"]
    assert _t(n.freqItems(["s.x"]).collect()) == [([2],)]
    assert _t(n.freqItems(["s"]).collect()) == [([Row(x=2)],)]
    with pytest.raises(PySparkTypeError) as e:
        dff.freqItems("a")
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `cols` should be list or tuple, "
                            "got str.")
    with pytest.raises(IllegalArgumentException) as e:
        dff.freqItems(["a"], 1e-5)
    assert str(e.value) == "requirement failed: Support must be in [1e-4, 1], but got 1.0E-5."


def test_sample_by(spark):
    from rayspark.sql import functions as F
    ds = spark.range(0, 100).select((F.col("id") % 3).alias("key"), "id")
    assert ds.sampleBy("key", fractions={0: 1.0, 1: 0.0}, seed=0).count() == 34
    assert ds.stat.sampleBy(F.col("key"), {0: 1}, 0).count() == 34
    assert ds.sampleBy("key", fractions={0.0: 1.0}, seed=0).count() == 34
    assert ds.sampleBy("key", fractions={"0": 1.0}, seed=0).count() == 0
    assert ds.sampleBy("key", fractions={0: 1.0}).columns == ["key", "id"]
    strs = ds.selectExpr("cast(key as string) k")
    assert strs.sampleBy("k", fractions={"0": 1.0}, seed=0).count() == 34
    big = spark.range(0, 20000, 1, 2).select((F.col("id") % 2).alias("key"))
    a = big.sampleBy("key", {0: 0.5, 1: 0.1}, seed=7)
    counts = dict((r[0], r[1]) for r in a.groupBy("key").count().collect())
    assert 4500 < counts[0] < 5500 and 800 < counts[1] < 1200
    # the same seed gives the same sample
    assert a.count() == big.sampleBy("key", {0: 0.5, 1: 0.1}, seed=7).count()


def test_sample_by_errors(spark):
    ds = spark.range(0, 10).selectExpr("id % 3 as key")
    with pytest.raises(IllegalArgumentException) as e:
        ds.sampleBy("key", fractions={0: 0.5, "a": -1.0}, seed=0)
    assert str(e.value) == ("requirement failed: Fractions must be in [0, 1], but got "
                            "Map(0 -> 0.5, a -> -1.0).")
    with pytest.raises(PySparkTypeError) as e:
        ds.sampleBy("key", fractions={(1,): 0.5}, seed=0)
    assert str(e.value) == ("[DISALLOWED_TYPE_FOR_CONTAINER] Argument `fractions`(type: dict) "
                            "should only contain a type in [float, int, str], got tuple")
    with pytest.raises(PySparkTypeError) as e:
        ds.sampleBy("key", fractions=[0.5], seed=0)
    assert str(e.value) == "[NOT_EXPECTED_TYPE] Argument `fractions` should be dict, got list."
    with pytest.raises(PySparkTypeError) as e:
        ds.sampleBy(1, fractions={0: 0.5}, seed=0)
    assert str(e.value) == "[NOT_EXPECTED_TYPE] Argument `col` should be Column or str, got int."
