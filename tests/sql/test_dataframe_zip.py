"""DataFrame.zip (4.3) and DataFrame.zipWithIndex (4.2). Expected values and messages were
recorded from PySpark 4.3 (local[2])."""
import pytest

from rayspark.errors import AnalysisException, PySparkTypeError
from rayspark.sql import Row
from rayspark.sql import functions as sf
from rayspark.sql.window import Window

NOT_MERGEABLE = (
    "[ZIP_PLANS_NOT_MERGEABLE] The two DataFrames in zip() cannot be merged. They must "
    "produce the same canonicalized plan after stripping outer Project chains, and must not "
    "contain non-scalar Python UDFs. SQLSTATE: 42K03")


def _fields(df):
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


@pytest.fixture
def df(spark):
    return spark.createDataFrame([(1, 2, 3), (4, 5, 6)], ["a", "b", "c"])


def test_zip_doc_example(df):
    out = df.select("a").zip(df.select("b"))
    assert out._show_string() == ("+---+---+\n|  a|  b|\n+---+---+\n|  1|  2|\n|  4|  5|\n"
                                  "+---+---+\n")
    assert _fields(out) == [("a", "bigint", True), ("b", "bigint", True)]


def test_zip_projection_chains(spark, df):
    left = df.select((sf.col("a") + 1).alias("x")).withColumn("y", sf.col("x") * 2)
    right = df.withColumnRenamed("b", "bb").select("bb", "c")
    assert [tuple(r) for r in left.zip(right).collect()] == [(2, 4, 2, 3), (5, 10, 5, 6)]
    assert left.zip(right).columns == ["x", "y", "bb", "c"]
    out = df.withColumn("d", sf.col("a") * 10).zip(
        df.withColumn("e", sf.col("b") * 10).select("e"))
    assert [tuple(r) for r in out.collect()] == [(1, 2, 3, 10, 20), (4, 5, 6, 40, 50)]
    out = df.select("a", "b").select((sf.col("a") + sf.col("b")).alias("s")).zip(
        df.select("c").withColumnRenamed("c", "cc"))
    assert [tuple(r) for r in out.collect()] == [(3, 3), (9, 6)]
    out = df.select(sf.lit(1).alias("one")).zip(df.select("a"))
    assert _fields(out) == [("one", "int", False), ("a", "bigint", True)]
    assert [tuple(r) for r in out.collect()] == [(1, 1), (1, 4)]
    out = df.select("a").zip(df.select("b")).zip(df.select("c"))
    assert [tuple(r) for r in out.collect()] == [(1, 2, 3), (4, 5, 6)]
    out = spark.range(3).select("id").zip(spark.range(3).select((sf.col("id") * 2).alias("d")))
    assert _fields(out) == [("id", "bigint", False), ("d", "bigint", False)]
    assert [tuple(r) for r in out.collect()] == [(0, 0), (1, 2), (2, 4)]


def test_zip_same_columns_and_references(df):
    out = df.zip(df)
    assert out.columns == ["a", "b", "c", "a", "b", "c"]
    assert [tuple(r) for r in out.collect()] == [(1, 2, 3, 1, 2, 3), (4, 5, 6, 4, 5, 6)]
    assert df.select("a").zip(df.select("a")).select("a").collect() == [Row(a=1), Row(a=4)]
    out = df.zip(df.select(sf.col("a").alias("z")))
    assert [tuple(r) for r in out.collect()] == [(1, 2, 3, 1), (4, 5, 6, 4)]
    out = df.select(df.a).zip(df.select(df.b)).select(df.a, df.b)
    assert out.collect() == [Row(a=1, b=2), Row(a=4, b=5)]
    out = df.alias("t").select("t.a").zip(df.select("b"))
    assert out.collect() == [Row(a=1, b=2), Row(a=4, b=5)]


def test_zip_same_computation_below_projections(df, tmp_path):
    out = df.where("a > 1").select("a").zip(df.where("a > 1").select("c"))
    assert out.collect() == [Row(a=4, c=6)]
    path = str(tmp_path / "p")
    df.write.parquet(path)
    spark = df.sparkSession
    out = spark.read.parquet(path).select("a").zip(spark.read.parquet(path).select("b"))
    assert sorted(tuple(r) for r in out.collect()) == [(1, 2), (4, 5)]
    out = df.orderBy("b").select("a").zip(df.orderBy("b").select("c"))
    assert [tuple(r) for r in out.collect()] == [(1, 3), (4, 6)]


def test_zip_not_mergeable(spark, df):
    df2 = spark.createDataFrame([(1, 2, 3), (4, 5, 6)], ["a", "b", "c"])
    cases = [
        lambda: df.where("a > 1").select("a").zip(df.select("c")),
        lambda: df.where("a > 1").select("a").zip(df.where("a > 2").select("b")),
        lambda: df.select("a").zip(df2.select("b")),
        lambda: df.groupBy("a").count().zip(df.groupBy("a").agg(sf.sum("b"))),
        lambda: df.select(sf.row_number().over(Window.orderBy("a")).alias("rn"))
        .zip(df.select("a")),
        lambda: df.mapInArrow(lambda it: it, df.schema).select("a").zip(df.select("b")),
    ]
    for make in cases:
        with pytest.raises(AnalysisException) as e:
            make()
        assert str(e.value) == NOT_MERGEABLE
        assert e.value.getCondition() == "ZIP_PLANS_NOT_MERGEABLE"
    with pytest.raises(PySparkTypeError, match="NOT_DATAFRAME"):
        df.zip(1)


@pytest.fixture
def letters(spark):
    return spark.createDataFrame([("a", 1), ("b", 2), ("c", 3)], ["letter", "number"])


def test_zip_with_index_doc_example(letters):
    out = letters.zipWithIndex()
    assert out._show_string() == (
        "+------+------+-----+\n|letter|number|index|\n+------+------+-----+\n"
        "|     a|     1|    0|\n|     b|     2|    1|\n|     c|     3|    2|\n"
        "+------+------+-----+\n")
    assert _fields(out) == [("letter", "string", True), ("number", "bigint", True),
                            ("index", "bigint", False)]
    named = letters.zipWithIndex("row_id")
    assert named.columns == ["letter", "number", "row_id"]
    assert [r.row_id for r in named.collect()] == [0, 1, 2]


def test_zip_with_index_duplicate_name(letters):
    out = letters.zipWithIndex("number")
    assert _fields(out) == [("letter", "string", True), ("number", "bigint", True),
                            ("number", "bigint", False)]
    assert [tuple(r) for r in out.collect()] == [("a", 1, 0), ("b", 2, 1), ("c", 3, 2)]
    with pytest.raises(AnalysisException) as e:
        out.select("number")
    assert str(e.value) == ("[AMBIGUOUS_REFERENCE] Reference `number` is ambiguous, could be: "
                            "[`number`, `number`]. SQLSTATE: 42704")
    assert letters.zipWithIndex("LETTER").columns == ["letter", "number", "LETTER"]


def test_zip_with_index_partitions_and_plans(spark, letters):
    r = spark.range(0, 10, 1, 3)
    assert [tuple(x) for x in r.zipWithIndex().where("id % 3 = 0").collect()] == [
        (0, 0), (3, 3), (6, 6), (9, 9)]
    assert [tuple(x) for x in r.where("id % 3 = 0").zipWithIndex().collect()] == [
        (0, 0), (3, 1), (6, 2), (9, 3)]
    assert [tuple(x) for x in r.orderBy(sf.desc("id")).zipWithIndex().collect()] == [
        (9 - i, i) for i in range(10)]
    assert spark.range(0).zipWithIndex().collect() == []
    assert r.zipWithIndex().count() == 10
    agg = spark.range(0, 100, 1, 4).zipWithIndex().agg(sf.sum("index"), sf.min("index"),
                                                        sf.max("index"))
    assert tuple(agg.collect()[0]) == (4950, 0, 99)
    u = spark.range(0, 20, 1, 4).union(spark.range(5)).zipWithIndex().orderBy("index")
    assert [tuple(x) for x in u.collect()[-3:]] == [(2, 22), (3, 23), (4, 24)]
    z = letters.zipWithIndex()
    assert z.select(letters.letter, "index").collect() == [
        Row(letter="a", index=0), Row(letter="b", index=1), Row(letter="c", index=2)]
    assert sorted(tuple(x) for x in z.join(letters, "letter").collect()) == [
        ("a", 1, 0, 1), ("b", 2, 1, 2), ("c", 3, 2, 3)]
    w = z.withColumn("x", sf.col("index") * 2).zipWithIndex("i2")
    assert _fields(w)[-2:] == [("x", "bigint", False), ("i2", "bigint", False)]
    assert [tuple(x) for x in w.collect()] == [("a", 1, 0, 0, 0), ("b", 2, 1, 2, 1),
                                               ("c", 3, 2, 4, 2)]


def test_zip_with_index_runs_at_the_action(spark):
    @sf.udf("long")
    def boom(x):
        raise ValueError("ran")
    z = spark.range(0, 10, 1, 3).select(boom("id").alias("b")).zipWithIndex()
    assert z.columns == ["b", "index"]          # nothing ran yet
    with pytest.raises(Exception, match="ran"):
        z.collect()

