"""DataFrame.toJSON / json_rows.row_to_json. Expected texts were recorded from PySpark 4.3."""
import datetime
from zoneinfo import ZoneInfo
import decimal

from rayspark.sql import Row
from rayspark.sql.json_rows import json_string, row_to_json
from rayspark.sql.types import (ArrayType, DayTimeIntervalType, DecimalType, FloatType,
                                IntegerType, MapType, StringType, StructField, StructType,
                                TimestampType, YearMonthIntervalType, _parse_datatype_string)

SCHEMA = ("i int, d double, s string, b boolean, dt date, ts timestamp, dec decimal(5,2), "
          "bin binary, arr array<int>, m map<string,int>, st struct<x:int,y:string>, f float, "
          "l long, d2 double, d3 double, d4 double")
ROWS = [(1, 2.5, 'a"b\\c\n\t\u0001é/', True, datetime.date(2020, 1, 2),
         datetime.datetime(2020, 1, 2, 3, 4, 5, 123456), decimal.Decimal("1.50"),
         bytearray(b"ab\x00"), [1, None, 3], {"j": 1, "k": None}, Row(x=None, y="s"), 1.5,
         10 ** 12, 1e20, float("nan"), float("inf")),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, 1e-7,
         -0.0, float("-inf"))]
WANT = ['{"i":1,"d":2.5,"s":"a\\"b\\\\c\\n\\t\\u0001é/","b":true,"dt":"2020-01-02",'
        '"ts":"2020-01-02T03:04:05.123Z","dec":1.50,"bin":"YWIA","arr":[1,null,3],'
        '"m":{"j":1,"k":null},"st":{"y":"s"},"f":1.5,"l":1000000000000,"d2":1.0E20,'
        '"d3":"NaN","d4":"Infinity"}',
        '{"d2":1.0E-7,"d3":-0.0,"d4":"-Infinity"}']


def test_row_to_json_all_types():
    schema = _parse_datatype_string(SCHEMA)
    assert [row_to_json(r, schema, "UTC") for r in ROWS] == WANT


def test_dataframe_to_json(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    df = spark.createDataFrame(ROWS, SCHEMA).drop("m")
    want = [w.replace('"m":{"j":1,"k":null},', "") for w in WANT]
    assert df.toJSON().collect() == want
    empty = spark.createDataFrame([(None, [None], (None,))],
                                  "n string, a array<string>, st struct<q:int>")
    assert empty.toJSON().collect() == ['{"a":[null],"st":{}}']
    names = spark.createDataFrame([(1, 2, 3)], ["a\"b", "é", "x\ny"])
    assert names.toJSON().collect() == ['{"a\\"b":1,"é":2,"x\\ny":3}']


def test_timestamps_and_zones():
    ts = StructType([StructField("a", TimestampType()), StructField("b", TimestampType())])
    row = (datetime.datetime(2020, 1, 2, 3, 4, 5), datetime.datetime(2020, 1, 2, 3, 4, 5, 100000))
    assert row_to_json(row, ts, "UTC") == \
        '{"a":"2020-01-02T03:04:05.000Z","b":"2020-01-02T03:04:05.100Z"}'
    one = StructType([StructField("t", TimestampType())])
    # rows carry naive wall-clock times of the process' local zone (as collect() returns
    # them); JSON prints the instant in the session zone

    def local(*wall, zone):
        aware = datetime.datetime(*wall, tzinfo=ZoneInfo(zone))
        return datetime.datetime.fromtimestamp(aware.timestamp())
    assert row_to_json((local(2020, 6, 1, 12, zone="America/Los_Angeles"),), one,
                       "America/Los_Angeles") == '{"t":"2020-06-01T12:00:00.000-07:00"}'
    assert row_to_json((local(2020, 1, 1, 0, 0, 0, 500000, zone="America/Los_Angeles"),), one,
                       "America/Los_Angeles") == '{"t":"2020-01-01T00:00:00.500-08:00"}'
    assert row_to_json((local(1900, 1, 1, zone="America/Los_Angeles"),), one,
                       "America/Los_Angeles") == '{"t":"1900-01-01T00:00:00.000-08:00"}'
    assert row_to_json((local(2020, 6, 1, 12, zone="Asia/Kolkata"),), one, "Asia/Kolkata") == \
        '{"t":"2020-06-01T12:00:00.000+05:30"}'
    assert row_to_json((datetime.datetime(1, 1, 1), datetime.date(1, 1, 1)),
                       _parse_datatype_string("t timestamp, d date"), "UTC") == \
        '{"t":"0001-01-01T00:00:00.000Z","d":"0001-01-01"}'
    assert row_to_json((datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),), one, "UTC") == \
        '{"t":"9999-12-31T23:59:59.999Z"}'
    ntz = _parse_datatype_string("a timestamp_ntz, b timestamp_ntz")
    assert row_to_json((datetime.datetime(2020, 1, 2, 3, 4, 5, 120000),
                        datetime.datetime(2020, 1, 2, 3, 4, 5)), ntz) == \
        '{"a":"2020-01-02T03:04:05.120","b":"2020-01-02T03:04:05.000"}'


def test_maps_nested_numbers_intervals():
    s = _parse_datatype_string(
        "m map<int,string>, m2 map<double,array<int>>, m3 map<boolean,int>, m4 map<date,int>, "
        "s struct<a:map<string,struct<p:int,q:int>>>, am array<map<string,int>>")
    row = ({1: "a", 2: None}, {1.5: [1]}, {True: 1}, {datetime.date(2020, 1, 1): 1},
           Row(a={"x": Row(p=1, q=None)}), [{"k": 1}])
    assert row_to_json(row, s, "UTC") == (
        '{"m":{"1":"a","2":null},"m2":{"1.5":[1]},"m3":{"true":1},"m4":{"18262":1},'
        '"s":{"a":{"x":{"p":1}}},"am":[{"k":1}]}')
    s2 = StructType([StructField("i", DayTimeIntervalType(0, 3)),
                     StructField("ym", YearMonthIntervalType(0, 1)),
                     StructField("f", FloatType()), StructField("f2", FloatType()),
                     StructField("f3", FloatType())])
    assert row_to_json((datetime.timedelta(days=1), 14, 1.0, 1e-5, 123456789.123), s2) == (
        '{"i":"INTERVAL \'1 00:00:00\' DAY TO SECOND","ym":"INTERVAL \'1-2\' YEAR TO MONTH",'
        '"f":1.0,"f2":1.0E-5,"f3":1.23456792E8}')
    s3 = StructType([StructField("a", DecimalType(20, 15)), StructField("b", DecimalType(5, 2)),
                     StructField("c", DecimalType(22, 2))])
    assert row_to_json((decimal.Decimal("1E-10"), decimal.Decimal(0),
                        decimal.Decimal("12345678901234567890.12")), s3) == \
        '{"a":1.00000E-10,"b":0.00,"c":12345678901234567890.12}'


def test_string_escapes():
    assert json_string("\x7f\u2028\ud7ff<>&'") == '"\x7f\u2028\ud7ff<>&\'"'
    assert json_string("\x1f\b\f\r") == '"\\u001F\\b\\f\\r"'
    s = StructType([StructField("c", StringType())])
    assert row_to_json(Row(c="ab"), s) == '{"c":"ab"}'
    assert row_to_json({"c": None}, s) == "{}"
    arr = StructType([StructField("a", ArrayType(MapType(StringType(), IntegerType())))])
    assert row_to_json(([None, {"z": None}],), arr) == '{"a":[null,{"z":null}]}'
