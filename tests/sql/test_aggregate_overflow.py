"""Integer sums and averages at the edge of the long range, as PySpark 4.3 (ANSI) answers."""
from __future__ import annotations

import pytest

from rayspark.errors import ArithmeticException
from rayspark.sql import functions as F

MAX = 9223372036854775807


@pytest.mark.parametrize("partitions", [1, 2])
def test_sum_overflow_raises_and_avg_uses_a_double_sum(spark, partitions):
    df = spark.createDataFrame([(MAX,), (1,)], "x long").repartition(partitions)
    with pytest.raises(ArithmeticException, match=r"^\[ARITHMETIC_OVERFLOW\] overflow\. Use "
                       r"'try_add' to tolerate overflow"):
        df.agg(F.sum("x")).collect()
    with pytest.raises(ArithmeticException, match="ARITHMETIC_OVERFLOW"):
        df.agg(F.sum_distinct("x")).collect()
    assert df.agg(F.avg("x")).first()[0] == 4.611686018427388e+18
    assert df.agg(F.try_sum("x")).first()[0] is None


def test_sums_near_the_limit_that_fit_and_names(spark):
    df = spark.createDataFrame([(MAX,), (-5,)], "x long").coalesce(1)
    got = df.agg(F.sum("x"))
    assert got.columns == ["sum(x)"] and got.first()[0] == MAX - 5
    grouped = spark.createDataFrame([(1, 2), (1, 3), (2, None)], "k int, v int") \
        .groupBy("k").agg(F.sum("v")).orderBy("k")
    assert [tuple(r) for r in grouped.collect()] == [(1, 5), (2, None)]
    assert "functions=[sum(v#" in grouped._explain_string()


def test_integers_widen_to_double_and_float_without_error(spark):
    got = spark.sql("SELECT CAST(9223372036854775807 AS DOUBLE) a, "
                    "CAST(9223372036854775807 AS FLOAT) b, CAST(123456789 AS FLOAT) c").first()
    assert tuple(got) == (9.223372036854776e+18, 9.223372036854776e+18, 123456792.0)
