"""Observation / DataFrame.observe. Expected metrics and messages were recorded from
PySpark 4.3 (local[2])."""
import datetime
import threading
import time

import pytest

from rayspark.errors import AnalysisException, PySparkTypeError, PySparkValueError
from rayspark.sql import Observation, Row
from rayspark.sql import functions as sf
from rayspark.errors import PySparkAssertionError
from rayspark.sql.window import Window


@pytest.fixture
def df(spark):
    return spark.createDataFrame([(2, "Alice"), (5, "Bob")], schema=["age", "name"])


def test_doc_example_and_first_action_only(df):
    observation = Observation("my metrics")
    observed = df.observe(observation, sf.count(sf.lit(1)).alias("count"), sf.max("age"))
    assert observed.count() == 2
    assert observation.get == {"count": 2, "max(age)": 5}
    assert observed.where("age > 3").count() == 1
    assert observation.get == {"count": 2, "max(age)": 5}
    assert observed.collect() == [Row(age=2, name="Alice"), Row(age=5, name="Bob")]


def test_metric_expressions(df):
    o = Observation("m2")
    od = df.observe(o, sf.sum("age").alias("s"), (sf.avg("age") * 2 + 1).alias("e"),
                    sf.lit(42).alias("l"), sf.collect_list("name").alias("names"),
                    sf.min("name"), sf.count("*"), sf.stddev("age"))
    assert od.select("name")._show_string() == (
        "+-----+\n| name|\n+-----+\n|Alice|\n|  Bob|\n+-----+\n")
    assert o.get == {"s": 7, "e": 8.0, "l": 42, "names": ["Alice", "Bob"],
                     "min(name)": "Alice", "count(1)": 2,
                     "stddev(age)": 2.1213203435596424}
    o = Observation("lit")
    assert df.observe(o, sf.lit(42).alias("l"), (sf.lit(1) + sf.count("*")).alias("m")) \
        .count() == 2
    assert o.get == {"l": 42, "m": 3}
    o = Observation("types")
    df.observe(o, sf.max(sf.current_date()).alias("d"), sf.first("name").alias("f"),
               sf.sum(sf.col("age").cast("decimal(10,2)")).alias("dec")).collect()
    got = o.get
    assert isinstance(got["d"], datetime.date) and got["f"] == "Alice"
    assert str(got["dec"]) == "7.00"
    o = Observation("dup")
    df.observe(o, sf.max("age").alias("x"), sf.min("age").alias("x")).collect()
    assert o.get == {"x": 2}
    o = Observation()
    df.observe(o, sf.max("age")).collect()
    assert o.get == {"max(age)": 5}


def test_where_the_metrics_sit_in_the_plan(spark, df):
    o = Observation("empty")
    assert df.where("age > 100").observe(
        o, sf.count(sf.lit(1)).alias("c"), sf.max("age"), sf.sum("age")).collect() == []
    assert o.get == {"c": 0, "max(age)": None, "sum(age)": None}
    o = Observation("filtered")
    assert df.observe(o, sf.count(sf.lit(1)).alias("c")).where("age > 3").collect() == [
        Row(age=5, name="Bob")]
    assert o.get == {"c": 2}
    o = Observation("joined")
    joined = df.observe(o, sf.count(sf.lit(1)).alias("c")).join(df, "age")
    assert len(joined.collect()) == 2
    assert o.get == {"c": 2}
    o = Observation("agg")
    big = spark.range(0, 200000, 1, 3).observe(
        o, sf.count(sf.lit(1)).alias("c"), sf.sum("id").alias("s"), sf.avg("id").alias("a"),
        sf.stddev("id").alias("sd"))
    assert [tuple(r) for r in big.groupBy((sf.col("id") % 3).alias("k")).count()
            .orderBy("k").collect()] == [(0, 66667), (1, 66667), (2, 66666)]
    assert o.get == {"c": 200000, "s": 19999900000, "a": 99999.5, "sd": 57735.17125634945}
    o = Observation("pandas")
    assert len(df.observe(o, sf.count(sf.lit(1)).alias("c")).toPandas()) == 2
    assert o.get == {"c": 2}


def test_write_fills_the_observation_at_get(df, tmp_path):
    o = Observation("w")
    df.observe(o, sf.count(sf.lit(1)).alias("c"), sf.sum("age").alias("s")) \
        .write.parquet(str(tmp_path / "out"))
    assert o.get == {"c": 2, "s": 7}


def test_get_waits_for_the_action(df):
    o = Observation("thread")
    od = df.observe(o, sf.count(sf.lit(1)).alias("c"))
    got = {}
    t = threading.Thread(target=lambda: got.setdefault("v", o.get), daemon=True)
    t.start()
    time.sleep(0.5)
    assert t.is_alive()
    od.collect()
    t.join(30)
    assert got == {"v": {"c": 2}}


def test_string_name_and_duplicates(df):
    assert df.observe("n", sf.max("age")).collect() == [Row(age=2, name="Alice"),
                                                        Row(age=5, name="Bob")]
    joined = df.observe("q", sf.max("age")).join(df.observe("q", sf.max("age")), "age")
    assert len(joined.collect()) == 2
    d = df.observe(Observation("zz"), sf.max("age"))
    with pytest.raises(AnalysisException) as e:
        d.observe("zz", sf.min("age"))
    assert str(e.value) == (
        "[DUPLICATED_METRICS_NAME] The metric name is not unique: zz. The same name cannot be "
        "used for metrics with different results.\nHowever multiple instances of metrics with "
        "with same result and name are allowed (e.g. self-joins). SQLSTATE: 42710")


def test_argument_errors(df):
    o = Observation("my metrics")
    df.observe(o, sf.max("age"))
    with pytest.raises(PySparkAssertionError) as e:
        df.observe(o, sf.max("age"))
    assert str(e.value) == ("[REUSE_OBSERVATION] An Observation can be used with a DataFrame "
                            "only once.")
    with pytest.raises(PySparkValueError) as e:
        Observation("")
    assert str(e.value) == ("[VALUE_NOT_NON_EMPTY_STR] Value for `name` must be a non-empty "
                            "string, got ''.")
    with pytest.raises(PySparkTypeError) as e:
        Observation(1)
    assert str(e.value) == "[NOT_EXPECTED_TYPE] Argument `name` should be str, got int."
    with pytest.raises(PySparkAssertionError) as e:
        Observation("x").get
    assert str(e.value) == ("[NO_OBSERVE_BEFORE_GET] Should observe by calling "
                            "`DataFrame.observe` before `get`.")
    with pytest.raises(PySparkValueError) as e:
        df.observe(Observation("y"))
    assert str(e.value) == "[CANNOT_BE_EMPTY] At least one exprs must be specified."
    with pytest.raises(PySparkTypeError) as e:
        df.observe(1, sf.max("age"))
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `observation` should be Observation "
                            "or str, got int.")
    with pytest.raises(PySparkTypeError) as e:
        df.observe("n", "age")
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `exprs` should be list[Column], "
                            "got tuple.")


def test_invalid_metrics(df):
    def check(cond, text, *exprs):
        with pytest.raises(AnalysisException) as e:
            df.observe(Observation("y"), *exprs)
        assert e.value.getCondition() == f"INVALID_OBSERVED_METRICS.{cond}"
        assert str(e.value) == (f"[INVALID_OBSERVED_METRICS.{cond}] Invalid observed metrics. "
                                f"{text} SQLSTATE: 42K0E")
    check("NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE", 'Attribute "age" can only be used as an '
          "argument to an aggregate function.", sf.col("age"))
    check("NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE", 'Attribute "(age + max(age)) AS '
          '`(age + max(age))`" can only be used as an argument to an aggregate function.',
          sf.col("age") + sf.max("age"))
    check("AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED", "Aggregate expressions with "
          "DISTINCT are not allowed in observed metrics, but found: \"count(DISTINCT age) AS "
          "`count(DISTINCT age)`\".", sf.count_distinct("age"))
    check("NESTED_AGGREGATES_UNSUPPORTED", "Nested aggregates are not allowed in observed "
          "metrics, but found: \"max(max(age)) AS `max(max(age))`\".", sf.max(sf.max("age")))
    check("NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC", "Non-deterministic expression "
          "\"(count(1) + rand(1)) AS x\" can only be used as an argument to an aggregate "
          "function.", (sf.count(sf.lit(1)) + sf.rand(1)).alias("x"))
    check("WINDOW_EXPRESSIONS_UNSUPPORTED", "Window expressions are not allowed in observed "
          "metrics, but found: \"row_number() OVER (ORDER BY age ASC NULLS FIRST ROWS BETWEEN "
          "UNBOUNDED PRECEDING AND CURRENT ROW) AS `row_number() OVER (ORDER BY age ASC NULLS "
          "FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`\".",
          sf.row_number().over(Window.orderBy("age")))
    o = Observation("r")
    df.observe(o, sf.max(sf.rand(1)).alias("x")).collect()
    assert 0.0 <= o.get["x"] < 1.0


def test_failed_action_does_not_leave_partial_metrics(spark):
    o = Observation("retry")

    @sf.udf("long")
    def fail_on_last(x):
        if x == 9:
            raise ValueError("boom")
        return x
    src = spark.range(0, 10, 1, 2)
    observed = src.observe(o, sf.count(sf.lit(1)).alias("c"))
    failing = observed.select(fail_on_last("id").alias("v"))
    with pytest.raises(Exception, match="boom"):
        failing.collect()
    assert observed.count() == 10
    assert o.get == {"c": 10}
