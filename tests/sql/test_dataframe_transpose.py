"""DataFrame.transpose (Spark 4). Expected schemas, rows and error messages were recorded
from PySpark 4.3 (local[2])."""
import datetime
import decimal

import pytest

from rayspark.errors import AnalysisException, PySparkTypeError
from rayspark.sql import Row
from rayspark.sql import functions as sf


def _fields(df):
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


@pytest.fixture
def df(spark):
    return spark.createDataFrame([("A", 1, 2), ("B", 3, 4)], ["id", "val1", "val2"])


def test_doc_example(df):
    expected = ("+----+---+---+\n| key|  A|  B|\n+----+---+---+\n|val1|  1|  3|\n"
                "|val2|  2|  4|\n+----+---+---+\n")
    for t in (df.transpose(), df.transpose(df.id), df.transpose("id"),
              df.select("val1", "val2", "id").transpose("id"),
              df.alias("t").transpose("t.id")):
        assert t._show_string() == expected
        assert _fields(t) == [("key", "string", False), ("A", "bigint", True),
                              ("B", "bigint", True)]
    t = df.transpose()
    assert t.collect() == [Row(key="val1", A=1, B=3), Row(key="val2", A=2, B=4)]
    assert t.where("A > 1").collect() == [Row(key="val2", A=2, B=4)]


def test_null_index_dropped_duplicates_kept_sorted(spark):
    d = spark.createDataFrame([("b", 1, 2.5), (None, 3, 4.0), ("a", 5, None), ("b", 7, 8.0)],
                              "id string, x int, y double")
    t = d.transpose()
    assert _fields(t) == [("key", "string", False), ("a", "double", True),
                          ("b", "double", True), ("b", "double", True)]
    assert [tuple(r) for r in t.collect()] == [("x", 5.0, 1.0, 7.0), ("y", None, 2.5, 8.0)]


def test_index_value_order_and_names(spark):
    t = spark.createDataFrame([(float("nan"), 1), (1.0, 2), (float("inf"), 3), (None, 4)],
                              "id double, v int").transpose()
    assert t.columns == ["key", "1.0", "Infinity", "NaN"]
    assert [tuple(r) for r in t.collect()] == [("v", 2, 3, 1)]
    t = spark.createDataFrame([("é", 1), ("z", 2), ("Z", 3), ("a", 4)],
                              "id string, v int").transpose()
    assert t.columns == ["key", "Z", "a", "z", "é"]
    t = spark.createDataFrame([(3.5, 2), (1.25, 4), (-0.0, 1)], "id double, v int").transpose()
    assert t.columns == ["key", "-0.0", "1.25", "3.5"]
    t = spark.createDataFrame([(True, 1), (False, 2)], ["id", "v"]).transpose()
    assert [tuple(r) for r in t.collect()] == [("v", 2, 1)]
    assert t.columns == ["key", "false", "true"]
    t = spark.createDataFrame([(datetime.date(2020, 1, 2), 2, 3)],
                              "id date, v int, w bigint").transpose()
    assert _fields(t) == [("key", "string", False), ("2020-01-02", "bigint", True)]
    t = spark.createDataFrame([(datetime.datetime(2020, 1, 2, 3, 4, 5), 1)],
                              "id timestamp, v int").transpose()
    assert t.columns == ["key", "2020-01-02 03:04:05"]
    t = spark.createDataFrame([(decimal.Decimal("1.50"), 1)], "id decimal(5,2), v int")
    assert t.transpose().columns == ["key", "1.50"]
    t = spark.createDataFrame([(bytearray(b"ab"), 1)], "id binary, v int").transpose()
    assert t.columns == ["key", "ab"]
    t = spark.createDataFrame([("", 1), (" b", 3)], "id string, v int").transpose()
    assert t.columns == ["key", "", " b"]
    t = spark.createDataFrame([("key", 1, 2), ("B", 3, 4)], ["id", "val1", "val2"]).transpose()
    assert t.columns == ["key", "B", "key"]


def test_common_type(spark):
    cases = [
        ("id string, v tinyint, w smallint", ("a", 1, 2), "smallint", [("v", 1), ("w", 2)]),
        ("id string, v int, w float", ("a", 1, 2.5), "double", [("v", 1.0), ("w", 2.5)]),
        ("id string, v bigint, w float", ("a", 1, 2.5), "double", [("v", 1.0), ("w", 2.5)]),
        ("id string, v float, w double", ("a", 1.5, 2.5), "double", [("v", 1.5), ("w", 2.5)]),
        ("id string, v decimal(20,0), w bigint", ("a", decimal.Decimal(1), 2),
         "decimal(20,0)", [("v", decimal.Decimal(1)), ("w", decimal.Decimal(2))]),
        ("id string, v decimal(30,2), w bigint", ("a", decimal.Decimal("1.5"), 2),
         "decimal(30,2)", [("v", decimal.Decimal("1.50")), ("w", decimal.Decimal("2.00"))]),
        ("id string, v void, w bigint", ("a", None, 2), "bigint", [("v", None), ("w", 2)]),
        ("id string, v array<int>, w array<bigint>", ("a", [1], [2]), "array<bigint>",
         [("v", [1]), ("w", [2])]),
        ("id string, v string, w string", ("a", "x", "y"), "string", [("v", "x"), ("w", "y")]),
        ("id string, v struct<a:int,b:int>", ("a", (1, 2)), "struct<a:int,b:int>",
         [("v", Row(a=1, b=2))]),
        ("id string, m map<string,int>", ("a", {"a": 1}), "map<string,int>",
         [("m", {"a": 1})]),
    ]
    for ddl, row, typ, rows in cases:
        t = spark.createDataFrame([row], ddl).transpose()
        assert _fields(t) == [("key", "string", False), ("a", typ, True)], ddl
        assert [tuple(r) for r in t.collect()] == rows, ddl
    t = spark.createDataFrame([("A", 1, None)], "id string, v int, w int").transpose()
    assert t._show_string() == ("+---+----+\n|key|   A|\n+---+----+\n|  v|   1|\n|  w|NULL|\n"
                                "+---+----+\n")


def test_no_common_type(spark, df):
    cases = [
        (df, "val1", "STRING", "BIGINT"),
        (spark.createDataFrame([(1, "x", 2)], "id int, s string, v int"), None, "STRING",
         "INT"),
        (spark.createDataFrame([(1, True, 2)], "id int, s boolean, v int"), None, "BOOLEAN",
         "INT"),
        (spark.createDataFrame([("A", decimal.Decimal(1), 2)], "id string, v decimal(10,2), "
                               "w int"), None, "DECIMAL(10,2)", "INT"),
        (spark.createDataFrame([("A", decimal.Decimal(1), decimal.Decimal(2))],
                               "id string, v decimal(10,2), w decimal(5,0)"), None,
         "DECIMAL(10,2)", "DECIMAL(5,0)"),
        (spark.createDataFrame([("A", (1,), (2,))], "id string, v struct<a:int>, "
                               "w struct<b:int>"), None, "STRUCT<a: INT>", "STRUCT<b: INT>"),
    ]
    for d, idx, t1, t2 in cases:
        with pytest.raises(AnalysisException) as e:
            d.transpose(idx)
        assert e.value.getCondition() == "TRANSPOSE_NO_LEAST_COMMON_TYPE"
        assert str(e.value) == (
            "[TRANSPOSE_NO_LEAST_COMMON_TYPE] Transpose requires non-index columns to share a "
            f"least common type, but \"{t1}\" and \"{t2}\" do not. SQLSTATE: 42K09")


def test_invalid_index(spark, df):
    def message(reason):
        return ("[TRANSPOSE_INVALID_INDEX_COLUMN] Invalid index column for TRANSPOSE because: "
                f"{reason} SQLSTATE: 42804")
    with pytest.raises(AnalysisException) as e:
        df.transpose(sf.col("val2") + 1)
    assert str(e.value) == message("Index column must be an atomic attribute")
    cases = [("id array<int>, v int", ([1], 2), "ArrayType(IntegerType,true)"),
             ("id map<string,int>, v int", ({"a": 1}, 1),
              "MapType(StringType,IntegerType,true)"),
             ("id struct<a:int,b:string>, v int", ((1, "x"), 1),
              "StructType(StructField(a,IntegerType,true),StructField(b,StringType,true))"),
             ("id void, v int", (None, 1), "NullType")]
    for ddl, row, found in cases:
        with pytest.raises(AnalysisException) as e:
            spark.createDataFrame([row], ddl).transpose()
        assert e.value.getCondition() == "TRANSPOSE_INVALID_INDEX_COLUMN"
        assert str(e.value) == message(f"Index column must be of atomic type, but found: {found}")
    with pytest.raises(AnalysisException) as e:
        df.transpose("nope")
    assert e.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    with pytest.raises(PySparkTypeError) as e:
        df.transpose(1)
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `col` should be Column or str, "
                            "got int.")


def test_empty_and_index_only(spark):
    t = spark.createDataFrame([], "id string, v int").transpose()
    assert _fields(t) == [("key", "string", False)]
    assert [tuple(r) for r in t.collect()] == [("v",)]
    t = spark.createDataFrame([("A", 1, 2)], "id string, v int, w int").where("v > 5")
    assert [tuple(r) for r in t.transpose().collect()] == [("v",), ("w",)]
    t = spark.createDataFrame([(1,), (2,)], "id int").transpose()
    assert _fields(t) == [("key", "string", False), ("1", "string", True),
                          ("2", "string", True)]
    assert t.collect() == []


def test_row_limit(spark):
    d = spark.createDataFrame([(i, i) for i in range(502)], "id int, v int")
    with pytest.raises(AnalysisException) as e:
        d.transpose()
    assert str(e.value) == (
        "[TRANSPOSE_EXCEED_ROW_LIMIT] Number of rows exceeds the allowed limit of 500 for "
        "TRANSPOSE. If this was intended, set spark.sql.transposeMaxValues to at least the "
        "current row count. SQLSTATE: 54006")
    spark.conf.set("spark.sql.transposeMaxValues", "2")
    try:
        small = spark.createDataFrame([("a", 1), ("b", 2), ("c", 3)], "id string, v int")
        with pytest.raises(AnalysisException, match="allowed limit of 2 for TRANSPOSE"):
            small.transpose()
        ok = spark.createDataFrame([("a", 1), ("b", 2), (None, 3)], "id string, v int")
        assert [tuple(r) for r in ok.transpose().collect()] == [("v", 1, 2)]
    finally:
        spark.conf.unset("spark.sql.transposeMaxValues")
