"""DataFrame.repartitionById (Spark 4.1). Expected partitions and messages were recorded from
PySpark 4.3 (local[2])."""
import pytest

from rayspark.errors import (AnalysisException, ArithmeticException, PySparkTypeError,
                             PySparkValueError)
from rayspark.sql import functions as sf


@pytest.fixture
def df(spark):
    return spark.createDataFrame([(1, -1), (2, None), (3, 5), (4, 7), (5, -4), (6, 2 ** 31 - 1)],
                                 "id int, p int")


def test_partition_is_pmod_of_the_id_and_null_goes_to_zero(df):
    out = df.repartitionById(3, "p")
    assert out.rdd.getNumPartitions() == 3
    assert out.columns == ["id", "p"]
    got = sorted(tuple(r) for r in out.select("id", sf.spark_partition_id()).collect())
    assert got == [(1, 2), (2, 0), (3, 2), (4, 1), (5, 2), (6, 1)]
    one = df.repartitionById(1, sf.col("p"))
    assert {r[0] for r in one.select(sf.spark_partition_id()).collect()} == {0}
    assert df.repartitionById(5, "p").count() == 6


def test_doc_example_and_map_order(spark):
    d = spark.range(10).withColumn("partition_id", (sf.col("id") % 3).cast("int"))
    got = sorted(tuple(r) for r in d.repartitionById(3, "partition_id")
                 .select("id", "partition_id", sf.spark_partition_id()).collect())
    assert got == [(i, i % 3, i % 3) for i in range(10)]
    r = spark.range(0, 20, 1, 4).repartitionById(2, (sf.col("id") % 2).cast("int"))
    assert [tuple(x) for x in r.select("id", sf.spark_partition_id()).collect()] == \
        [(i, 0) for i in range(0, 20, 2)] + [(i, 1) for i in range(1, 20, 2)]


def test_errors(df):
    for ddl, typ in (("long", "BIGINT"), ("short", "SMALLINT"), ("string", "STRING"),
                     ("double", "DOUBLE")):
        with pytest.raises(AnalysisException) as e:
            df.repartitionById(3, sf.col("p").cast(ddl))
        assert str(e.value) == (
            f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "
            f"\"direct_shuffle_partition_id(CAST(p AS {typ}))\" due to data type mismatch: The "
            f"first parameter requires the \"INT\" type, however \"CAST(p AS {typ})\" has the "
            f"type \"{typ}\". SQLSTATE: 42K09")
    for n in (0, -1):
        with pytest.raises(PySparkValueError) as e:
            df.repartitionById(n, "p")
        assert str(e.value) == (f"[VALUE_NOT_POSITIVE] Value for `numPartitions` must be "
                                f"positive, got '{n}'.")
    with pytest.raises(PySparkTypeError) as e:
        df.repartitionById("p", "p")
    assert str(e.value) == "[NOT_EXPECTED_TYPE] Argument `numPartitions` should be int, got str."
    with pytest.raises(PySparkTypeError) as e:
        df.repartitionById(3, 1)
    assert str(e.value) == "[NOT_EXPECTED_TYPE] Argument `col` should be Column or str, got int."
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.repartitionById(3, "nope")
    overflow = df.repartitionById(3, sf.col("p") + 1)
    with pytest.raises(ArithmeticException, match="ARITHMETIC_OVERFLOW"):
        overflow.collect()


def test_repartition_by_id_runs_at_the_action(spark):
    @sf.udf("int")
    def boom(x):
        raise ValueError("ran")
    r = spark.range(5).select(boom("id").alias("p")).repartitionById(2, "p")
    assert r.columns == ["p"]
    with pytest.raises(Exception, match="ran"):
        r.collect()
