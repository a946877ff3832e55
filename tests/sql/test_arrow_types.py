"""Spark <-> Arrow types and Python rows <-> Arrow tables.

TO_ARROW/FROM_ARROW/SCHEMA_CASE are what PySpark 4.3.0's ``to_arrow_type`` (timezone
"UTC"), ``from_arrow_type`` and the schema functions return for the same inputs. The row
conversion expectations are the values PySpark 4.3.0 returns from
``spark.createDataFrame(rows, schema).collect()`` (its non-Arrow path), recorded as literals.
"""
import datetime
import decimal
import os
import time

import pyarrow as pa
import pytest

import rayspark.sql.types as T
from rayspark.sql import Row
from rayspark.sql.arrow_types import (arrow_to_rows, from_arrow_schema, from_arrow_type,
                                      rows_to_arrow, to_arrow_schema, to_arrow_type)

# (Spark type, Arrow type, field metadata of a struct, Spark type read back)
TO_ARROW = [
    ('BooleanType()', 'bool', None, 'BooleanType()'),
    ('ByteType()', 'int8', None, 'ByteType()'),
    ('ShortType()', 'int16', None, 'ShortType()'),
    ('IntegerType()', 'int32', None, 'IntegerType()'),
    ('LongType()', 'int64', None, 'LongType()'),
    ('FloatType()', 'float', None, 'FloatType()'),
    ('DoubleType()', 'double', None, 'DoubleType()'),
    ('DecimalType(10,2)', 'decimal128(10, 2)', None, 'DecimalType(10,2)'),
    ('DecimalType(38,18)', 'decimal128(38, 18)', None, 'DecimalType(38,18)'),
    ('StringType()', 'string', None, 'StringType()'),
    ('BinaryType()', 'binary', None, 'BinaryType()'),
    ('DateType()', 'date32[day]', None, 'DateType()'),
    ('TimestampType()', 'timestamp[us, tz=UTC]', None, 'TimestampType()'),
    ('TimestampNTZType()', 'timestamp[us]', None, 'TimestampNTZType()'),
    ('DayTimeIntervalType(0, 3)', 'duration[us]', None, 'DayTimeIntervalType(0, 3)'),
    ('NullType()', 'null', None, 'NullType()'),
    ('ArrayType(IntegerType(), True)', 'list<element: int32>', None, 'ArrayType(IntegerType(), True)'),
    ('ArrayType(StringType(), False)', 'list<element: string not null>', None, 'ArrayType(StringType(), False)'),
    ('MapType(StringType(), LongType(), True)', 'map<string, int64>', None, 'MapType(StringType(), LongType(), True)'),
    ('MapType(IntegerType(), ArrayType(DoubleType(), True), False)', 'map<int32, list<element: double>>', None, 'MapType(IntegerType(), ArrayType(DoubleType(), True), False)'),
    ("StructType([StructField('a', IntegerType(), False), StructField('b', ArrayType(TimestampType(), True), True)])", 'struct<a: int32 not null, b: list<element: timestamp[us, tz=UTC]>>', ['{b\'SPARK::metadata::json\': b\'{"comment": "x"}\'}', 'None'], "StructType([StructField('a', IntegerType(), False), StructField('b', ArrayType(TimestampType(), True), True)])"),
    ('YearMonthIntervalType(0, 1)', 'ERR PySparkTypeError [UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] YearMonthIntervalType(0, 1) is not supported in conversion to Arrow.'),
    ('CalendarIntervalType()', 'ERR PySparkTypeError [UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] CalendarIntervalType() is not supported in conversion to Arrow.'),
]

FROM_ARROW = [
    ('int8', 'ByteType()', 'ByteType()'),
    ('uint8', 'ERR PySparkTypeError [UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] uint8 is not supported in conversion to Arrow.'),
    ('large_string', 'StringType()', 'StringType()'),
    ('large_binary', 'BinaryType()', 'BinaryType()'),
    ('fixed_size_binary[3]', 'BinaryType()', 'BinaryType()'),
    ('timestamp[ns]', 'TimestampNTZType()', 'TimestampType()'),
    ('timestamp[s, tz=Asia/Tokyo]', 'TimestampType()', 'TimestampType()'),
    ('duration[ms]', 'DayTimeIntervalType(0, 3)', 'DayTimeIntervalType(0, 3)'),
    ('large_list<item: int32>', 'ArrayType(IntegerType(), True)', 'ArrayType(IntegerType(), True)'),
    ('fixed_size_list<item: int32>[2]', 'ArrayType(IntegerType(), True)', 'ArrayType(IntegerType(), True)'),
    ('dictionary<values=string, indices=int32, ordered=0>', 'StringType()', 'StringType()'),
    ('halffloat', 'ERR PySparkTypeError [UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] halffloat is not supported in conversion to Arrow.'),
    ('date64[ms]', 'ERR PySparkTypeError [UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] date64[ms] is not supported in conversion to Arrow.'),
    ('map<string, int32>', 'MapType(StringType(), IntegerType(), True)', 'MapType(StringType(), IntegerType(), True)'),
    ('struct<x: int64 not null>', "StructType([StructField('x', LongType(), False)])", "StructType([StructField('x', LongType(), False)])"),
    ('null', 'NullType()', 'NullType()'),
    ('decimal128(5, 1)', 'DecimalType(5,1)', 'DecimalType(5,1)'),
    ('decimal256(40, 2)', 'DecimalType(40,2)', 'DecimalType(40,2)'),
]

SCHEMA_CASE = ('a: int32 not null\n  -- field metadata --\n  SPARK::metadata::json: \'{"comment": "c"}\'\nt: timestamp[us, tz=UTC]', "StructType([StructField('a', IntegerType(), False), StructField('t', TimestampType(), True)])", [{'comment': 'c'}, {}])

UTC = datetime.timezone.utc
D = decimal.Decimal


def _types_by_repr():
    return {repr(t): t for t in [
        T.BooleanType(), T.ByteType(), T.ShortType(), T.IntegerType(), T.LongType(),
        T.FloatType(), T.DoubleType(), T.DecimalType(10, 2), T.DecimalType(38, 18),
        T.StringType(), T.BinaryType(), T.DateType(), T.TimestampType(), T.TimestampNTZType(),
        T.DayTimeIntervalType(), T.NullType(), T.ArrayType(T.IntegerType()),
        T.ArrayType(T.StringType(), False), T.MapType(T.StringType(), T.LongType()),
        T.MapType(T.IntegerType(), T.ArrayType(T.DoubleType()), False),
        T.StructType([T.StructField("a", T.IntegerType(), False, {"comment": "x"}),
                      T.StructField("b", T.ArrayType(T.TimestampType()))]),
        T.YearMonthIntervalType(), T.CalendarIntervalType()]}


def _arrow_by_name():
    return {str(t): t for t in [
        pa.int8(), pa.uint8(), pa.large_string(), pa.large_binary(), pa.binary(3),
        pa.timestamp("ns"), pa.timestamp("s", tz="Asia/Tokyo"), pa.duration("ms"),
        pa.large_list(pa.int32()), pa.list_(pa.int32(), 2), pa.dictionary(pa.int32(), pa.string()),
        pa.float16(), pa.date64(), pa.map_(pa.string(), pa.int32()),
        pa.struct([pa.field("x", pa.int64(), nullable=False)]), pa.null(), pa.decimal128(5, 1),
        pa.decimal256(40, 2)]}


@pytest.mark.parametrize("case", TO_ARROW, ids=[c[0] for c in TO_ARROW])
def test_to_arrow_type_matches_pyspark(case):
    spark_type = _types_by_repr()[case[0]]
    if case[1].startswith("ERR "):
        with pytest.raises(Exception) as info:
            to_arrow_type(spark_type)
        assert "ERR %s %s" % (type(info.value).__name__, info.value) == case[1]
        return
    arrow_type = to_arrow_type(spark_type)
    assert str(arrow_type) == case[1]
    if case[2] is not None:
        assert [str(f.metadata) for f in arrow_type] == case[2]
    assert repr(from_arrow_type(arrow_type)) == case[3]


@pytest.mark.parametrize("case", FROM_ARROW, ids=[c[0] for c in FROM_ARROW])
def test_from_arrow_type_matches_pyspark(case):
    arrow_type = _arrow_by_name()[case[0]]
    if case[1].startswith("ERR "):
        with pytest.raises(Exception) as info:
            from_arrow_type(arrow_type)
        assert "ERR %s %s" % (type(info.value).__name__, info.value) == case[1]
        return
    assert repr(from_arrow_type(arrow_type)) == case[1]
    assert repr(from_arrow_type(arrow_type, prefer_timestamp_ntz=False)) == case[2]


def test_schema_round_trip_keeps_nullability_and_metadata():
    schema = T.StructType([T.StructField("a", T.IntegerType(), False, {"comment": "c"}),
                           T.StructField("t", T.TimestampType())])
    arrow_schema = to_arrow_schema(schema)
    assert str(arrow_schema) == SCHEMA_CASE[0]
    back = from_arrow_schema(arrow_schema)
    assert repr(back) == SCHEMA_CASE[1]
    assert [f.metadata for f in back] == SCHEMA_CASE[2]


def test_large_types_and_session_zone_label():
    assert to_arrow_type(T.StringType(), prefers_large_types=True) == pa.large_string()
    assert to_arrow_type(T.BinaryType(), prefers_large_types=True) == pa.large_binary()
    assert to_arrow_type(T.TimestampType(), timezone="Asia/Tokyo") == \
        pa.timestamp("us", tz="Asia/Tokyo")
    assert to_arrow_type(T.VarcharType(3)) == pa.string()


def _round_trip(rows, ddl, **kw):
    schema = T.StructType.fromDDL(ddl)
    table = rows_to_arrow(rows, schema, **kw)
    assert table.schema == to_arrow_schema(schema)
    return arrow_to_rows(table, schema, **kw)


def test_decimals_round_half_up_like_spark():
    rows = [(D("1.235"),), (D("1.245"),), (D("-1.235"),), (D("1E+3"),), (D("NaN"),), (None,),
            (D("7"),)]
    assert _round_trip(rows, "a decimal(10,2)") == [
        Row(a=D("1.24")), Row(a=D("1.25")), Row(a=D("-1.24")), Row(a=D("1000.00")),
        Row(a=None), Row(a=None), Row(a=D("7.00"))]


def test_decimal_overflow_fails_like_spark():
    with pytest.raises(ArithmeticError) as info:
        rows_to_arrow([(D("123456789012.5"),)], T.StructType.fromDDL("a decimal(10,2)"))
    assert str(info.value) == (
        "[NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION]  The 123456789012.50 rounded half up "
        "from 123456789012.5 cannot be represented as Decimal(10, 2). SQLSTATE: 22003")


def test_values_for_string_columns_become_strings():
    rows = [(1,), (True,), ({"x": 1},), ([1, 2],), (None,), ("s",)]
    assert [r.a for r in _round_trip(rows, "a string")] == [
        "1", "true", "{'x': 1}", "[1, 2]", None, "s"]


def test_binary_dates_and_intervals():
    rows = [(b"ab", datetime.datetime(2020, 1, 2, 3, 4, 5, 6), datetime.timedelta(days=1, microseconds=5)),
            (bytearray(b"z"), datetime.date(1969, 12, 31), None)]
    assert _round_trip(rows, "b binary, d date, i interval day to second") == [
        Row(b=b"ab", d=datetime.date(2020, 1, 2), i=datetime.timedelta(days=1, microseconds=5)),
        Row(b=b"z", d=datetime.date(1969, 12, 31), i=None)]


def test_structs_from_dicts_rows_tuples_and_objects():
    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

    rows = [({"x": 1, "y": "a"},), ({"y": "b"},), (Row(p=2, q="c"),), ((3, "d"),),
            (Point(4, "e"),), (None,)]
    # A Row is a tuple: it is read by position, whatever its field names.
    assert _round_trip(rows, "s struct<x:int,y:string>") == [
        Row(s=Row(x=1, y="a")), Row(s=Row(x=None, y="b")), Row(s=Row(x=2, y="c")),
        Row(s=Row(x=3, y="d")), Row(s=Row(x=4, y="e")), Row(s=None)]
    schema = T.StructType.fromDDL("s struct<x:int,y:string>")
    with pytest.raises(TypeError) as info:  # what createDataFrame reports (verifySchema)
        T._make_type_verifier(schema)((Row(y="c", x=2),))
    assert str(info.value) == ("[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field x in field s: "
                               "IntegerType() can not accept object 'c' in type <class 'str'>.")


def test_top_level_row_shapes():
    class Obj:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    schema = "a int, b int"
    assert _round_trip([{"b": 2, "a": 1}], schema) == [Row(a=1, b=2)]
    assert _round_trip([Row(b=1, a=2)], schema) == [Row(a=1, b=2)]
    assert _round_trip([[5, 6], (7, 8), {"a": 9}, Obj(b=10), None], schema) == [
        Row(a=5, b=6), Row(a=7, b=8), Row(a=9, b=None), Row(a=None, b=10), Row(a=None, b=None)]
    assert _round_trip([], schema) == []
    with pytest.raises(ValueError) as info:
        rows_to_arrow([(1, 2, 3)], T.StructType.fromDDL(schema))
    assert str(info.value) == ("[FIELD_STRUCT_LENGTH_MISMATCH] Length of object (3) does not "
                               "match with length of fields (2).")


def test_nested_arrays_and_maps():
    rows = [([1, None], {"k": None, "j": [datetime.date(2020, 1, 1)]},
             [Row(t=datetime.datetime(2020, 1, 1, tzinfo=UTC))]),
            ((2,), {}, []),
            (None, None, None)]
    got = _round_trip(rows, "a array<int>, m map<string, array<date>>, s array<struct<t: timestamp>>",
                      timezone="UTC")
    assert got == [
        Row(a=[1, None], m={"k": None, "j": [datetime.date(2020, 1, 1)]},
            s=[Row(t=datetime.datetime(2020, 1, 1))]),
        Row(a=[2], m={}, s=[]),
        Row(a=None, m=None, s=None)]
    assert isinstance(got[0].s[0], Row)


@pytest.fixture
def local_zone():
    saved = os.environ.get("TZ")

    def use(zone):
        os.environ["TZ"] = zone
        time.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_timestamps_follow_pyspark_in_the_local_zone(local_zone):
    # Recorded from PySpark with TZ=America/New_York: naive values are local wall-clock
    # time, aware ones instants; both come back as naive local time; NTZ keeps wall clock.
    local_zone("America/New_York")
    rows = [(datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
             datetime.datetime(2020, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
             datetime.datetime(2020, 7, 1, 12, 0,
                               tzinfo=datetime.timezone(datetime.timedelta(hours=2))))]
    schema = T.StructType.fromDDL("a timestamp, b timestamp, c timestamp_ntz")
    table = rows_to_arrow(rows, schema)
    assert table.column("a").cast(pa.int64()).to_pylist() == [1577952245000006]
    assert table.column("b").cast(pa.int64()).to_pylist() == [1577934245000006]
    assert arrow_to_rows(table) == [Row(a=datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
                                        b=datetime.datetime(2020, 1, 1, 22, 4, 5, 6),
                                        c=datetime.datetime(2020, 7, 1, 12, 0))]
    gap = rows_to_arrow([(datetime.datetime(2021, 3, 14, 2, 30),)],
                        T.StructType.fromDDL("a timestamp"))
    assert gap.column(0).cast(pa.int64()).to_pylist() == [1615707000000000]
    assert arrow_to_rows(gap) == [Row(a=datetime.datetime(2021, 3, 14, 3, 30))]


def test_timestamps_in_a_named_session_zone():
    schema = T.StructType.fromDDL("a timestamp")
    table = rows_to_arrow([(datetime.datetime(2020, 1, 2, 3, 0),)], schema, timezone="Asia/Tokyo")
    assert table.column(0).to_pylist() == [datetime.datetime(2020, 1, 1, 18, 0, tzinfo=UTC)]
    assert arrow_to_rows(table, timezone="Asia/Tokyo") == [Row(a=datetime.datetime(2020, 1, 2, 3, 0))]
    assert arrow_to_rows(table, timezone="UTC") == [Row(a=datetime.datetime(2020, 1, 1, 18, 0))]


def test_reading_foreign_arrow_data():
    table = pa.table({
        "ns": pa.array([1_500, None], pa.timestamp("ns")),
        "tz": pa.array([0, 1_000], pa.timestamp("ms", tz="Asia/Tokyo")),
        "d": pa.array(["x", "y"]).dictionary_encode(),
        "l": pa.array([[1], [2, 3]], pa.large_list(pa.int64())),
        "dur": pa.array([1, 2], pa.duration("s")),
    })
    chunked = pa.concat_tables([table.slice(0, 1), table.slice(1)])
    assert arrow_to_rows(chunked, timezone="UTC") == [
        Row(ns=datetime.datetime(1970, 1, 1, 0, 0, 0, 1), tz=datetime.datetime(1970, 1, 1),
            d="x", l=[1], dur=datetime.timedelta(seconds=1)),
        Row(ns=None, tz=datetime.datetime(1970, 1, 1, 0, 0, 1), d="y", l=[2, 3],
            dur=datetime.timedelta(seconds=2))]


def test_sliced_nested_data_and_empty_structs():
    schema = T.StructType.fromDDL("m map<string, struct<x: int>>, e struct<>")
    table = rows_to_arrow([({"a": (1,)}, ()), ({"b": None}, None), (None, ())], schema)
    assert arrow_to_rows(table.slice(1)) == [Row(m={"b": None}, e=None), Row(m=None, e=Row())]


def test_null_columns_and_float_columns():
    rows = [(None, 1.5), ("ignored", 3.4e39)]
    assert _round_trip(rows, "n void, f float") == [Row(n=None, f=1.5), Row(n=None, f=float("inf"))]
