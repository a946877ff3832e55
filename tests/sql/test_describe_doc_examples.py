"""describe()/summary() on PySpark's docstring data. Expected tables were recorded from
PySpark 4.3 with local[2] (two input slices): PySpark's own docstrings were produced with
local[4], where the float sums run in a different order and the last digits of mean/stddev
differ (40.73333333333333 / 3.1722757341273704) - the same values rayspark gives with four
slices."""
import pytest


@pytest.fixture
def df(spark):
    return spark.createDataFrame(
        [("Bob", 13, 40.3, 150.5), ("Alice", 12, 37.8, 142.3), ("Tom", 11, 44.1, 142.2)],
        ["name", "age", "weight", "height"])


def test_describe_doc_example(df):
    assert df.describe(["age"])._show_string() == (
        "+-------+----+\n|summary| age|\n+-------+----+\n|  count|   3|\n|   mean|12.0|\n"
        "| stddev| 1.0|\n|    min|  11|\n|    max|  13|\n+-------+----+\n")
    assert df.describe().collect()[1:3] == [
        ("mean", None, "12.0", "40.733333333333334", "145.0"),
        ("stddev", None, "1.0", "3.172275734127371", "4.763402145525822")]


def test_summary_doc_example(df):
    assert df.select("age", "weight", "height").summary()._show_string() == (
        "+-------+----+------------------+-----------------+\n"
        "|summary| age|            weight|           height|\n"
        "+-------+----+------------------+-----------------+\n"
        "|  count|   3|                 3|                3|\n"
        "|   mean|12.0|40.733333333333334|            145.0|\n"
        "| stddev| 1.0| 3.172275734127371|4.763402145525822|\n"
        "|    min|  11|              37.8|            142.2|\n"
        "|    25%|  11|              37.8|            142.2|\n"
        "|    50%|  12|              40.3|            142.3|\n"
        "|    75%|  13|              44.1|            150.5|\n"
        "|    max|  13|              44.1|            150.5|\n"
        "+-------+----+------------------+-----------------+\n")


def test_four_slices_give_the_docstring_digits(spark):
    sliced = spark.createDataFrame(spark.sparkContext.parallelize(
        [("Bob", 13, 40.3, 150.5), ("Alice", 12, 37.8, 142.3), ("Tom", 11, 44.1, 142.2)], 4),
        ["name", "age", "weight", "height"])
    assert sliced.describe("weight").collect()[1:3] == [
        ("mean", "40.73333333333333"), ("stddev", "3.1722757341273704")]
