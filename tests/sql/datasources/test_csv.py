"""CSV reading and writing; expected values recorded from PySpark 4.3 (session time zone
UTC) and written here literally."""
import datetime
import decimal
import math
import os

import pyarrow as pa
import pytest

from rayspark.errors import IllegalArgumentException, SparkException
from rayspark.sql.arrow_types import rows_to_arrow
from rayspark.sql.datasources.csv import CSVOptions, tokenize
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.types import (BinaryType, BooleanType, DateType, DecimalType, DoubleType,
                                FloatType, IntegerType, LongType, StringType, StructField,
                                StructType, TimestampNTZType, TimestampType)

from ds_helpers import read, write

D = datetime.date
T = datetime.datetime


def csv(tmp_path, text, **options):
    return read("csv", write(tmp_path, "f.csv", text), **options)


@pytest.mark.parametrize("text, options, schema, rows", [
    ("a,b,c,d,e,f,g,h,i,j\n1,2147483648,1.5,true,2021-01-01,2021-01-01 10:00:00,x,,1e3,NaN\n"
     "2,3,2,false,2021-02-01,2021-01-01T10:00:00Z,y,,2,Infinity\n", {},
     "struct<a:int,b:bigint,c:double,d:boolean,e:date,f:timestamp,g:string,h:string,i:double,"
     "j:double>",
     [(1, 2147483648, 1.5, True, D(2021, 1, 1), T(2021, 1, 1, 10), "x", None, 1000.0, math.nan),
      (2, 3, 2.0, False, D(2021, 2, 1), T(2021, 1, 1, 10), "y", None, 2.0, math.inf)]),
    ("a,b,c,d\n1.5d, 1,+5,1.0f\n2, 2,-3,2\n", {}, "struct<a:double,b:double,c:int,d:double>",
     [(1.5, 1.0, 5, 1.0), (2.0, 2.0, -3, 2.0)]),
    ("a,b,c\n1,1,TRUE\n2.5,x,False\n", {}, "struct<a:double,b:string,c:boolean>",
     [(1.0, "1", True), (2.5, "x", False)]),
    ("a\n2021-01-01 10:00:00\n1\n", {}, "struct<a:string>", [("2021-01-01 10:00:00",), ("1",)]),
    ("a,b,c,d\n2021-01-01,2021-01-01 10:00,2021-01-01T10:00:00.123456,2021-1-1\n"
     "2021-01-02,2021-01-01 10:00:01,2021-01-01T10:00:00+01:00,2021-1-2\n", {},
     "struct<a:date,b:timestamp,c:timestamp,d:timestamp>",
     [(D(2021, 1, 1), T(2021, 1, 1, 10), T(2021, 1, 1, 10, 0, 0, 123456), T(2021, 1, 1)),
      (D(2021, 1, 2), T(2021, 1, 1, 10, 0, 1), T(2021, 1, 1, 9), T(2021, 1, 2))]),
    ("a,b\n01/02/2021,01/02/2021 10:11:12\n",
     {"dateFormat": "MM/dd/yyyy", "timestampFormat": "MM/dd/yyyy HH:mm:ss"},
     "struct<a:date,b:timestamp>", [(D(2021, 1, 2), T(2021, 1, 2, 10, 11, 12))]),
    ("a,b,c\n12345678901234567890,1.10,1\n1,2.2,99999999999999999999999999999999999999999\n",
     {}, "struct<a:decimal(20,0),b:double,c:double>",
     [(decimal.Decimal("12345678901234567890"), 1.1, 1.0), (decimal.Decimal(1), 2.2, 1e41)]),
    ("a,b\n,1\n,2\n", {}, "struct<a:string,b:int>", [(None, 1), (None, 2)]),
    ("a,b,c\nNaN,Inf,-Inf\n1,2,3\n", {}, "struct<a:double,b:double,c:double>",
     [(math.nan, math.inf, -math.inf), (1.0, 2.0, 3.0)]),
    ("a,b,c\nInfinity,-Infinity,+Infinity\n", {}, "struct<a:double,b:double,c:double>",
     [(math.inf, -math.inf, math.inf)]),
    ("a,b,c,d\n-0,1E5,.5,5.\n", {}, "struct<a:int,b:double,c:double,d:decimal(1,0)>",
     [(0, 100000.0, 0.5, decimal.Decimal(5))]),
    ("a,b\n0x10,1_000\n", {}, "struct<a:string,b:string>", [("0x10", "1_000")]),
    ("a,b\n2021,2021-01\n", {}, "struct<a:int,b:timestamp>", [(2021, T(2021, 1, 1))]),
    ('a,b\n"1","2.5"\n', {}, "struct<a:int,b:double>", [(1, 2.5)]),
    ("a\ntrue\n1\n", {}, "struct<a:string>", [("true",), ("1",)]),
    ("a\n2021-01-01\n2021-01-01 10:00:00\n", {}, "struct<a:timestamp>",
     [(T(2021, 1, 1),), (T(2021, 1, 1, 10),)]),
    ("a\n2021-01-01 10:00:00 \n", {}, "struct<a:timestamp>", [(T(2021, 1, 1, 10),)]),
    ("a\n1\n99999999999\n", {}, "struct<a:bigint>", [(1,), (99999999999,)]),
    ("a\n1\n99999999999999999999\n", {}, "struct<a:decimal(20,0)>",
     [(decimal.Decimal(1),), (decimal.Decimal("99999999999999999999"),)]),
    ("a,b\r\n1,2\r\n3,4\r\n", {}, "struct<a:int,b:int>", [(1, 2), (3, 4)]),
    ("a,b\n 1 , x \n2,y\n", {}, "struct<a:double,b:string>", [(1.0, " x "), (2.0, "y")]),
    ("a,b\n 1 , x \n2,y\n", {"ignoreLeadingWhiteSpace": True, "ignoreTrailingWhiteSpace": True},
     "struct<a:int,b:string>", [(1, "x"), (2, "y")]),
    ("a,b,c\n1,2\n1,2,3,4\n1,2,3\n\n4,5,6\n", {}, "struct<a:int,b:int,c:int>",
     [(1, 2, None), (1, 2, 3), (1, 2, 3), (4, 5, 6)]),
])
def test_infer_schema(tmp_path, text, options, schema, rows):
    s, got = csv(tmp_path, text, header=True, inferSchema=True, **options)
    assert s.simpleString() == schema
    assert len(got) == len(rows)
    for g, r in zip(got, rows):
        assert all(a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
                   for a, b in zip(g, r)), (g, r)


@pytest.mark.parametrize("text, options, schema, rows", [
    ("1,a\n2,b\n", {"inferSchema": True}, "struct<_c0:int,_c1:string>", [(1, "a"), (2, "b")]),
    ("1,a\n2,b\n", {}, "struct<_c0:string,_c1:string>", [("1", "a"), ("2", "b")]),
    ("a,a,,A,b\n1,2,3,4,5\n", {"header": True}, "struct<a0:string,a1:string,_c2:string,"
     "A3:string,b:string>", [("1", "2", "3", "4", "5")]),
    ('a,b\n"x,y","he said ""hi"""\n"q\\"r",s\\t\nab"c,"" \n', {"header": True},
     "struct<a:string,b:string>",
     [("x,y", '"he said ""hi"""'), ('q"r', "s\\t"), ('ab"c', None)]),
    ('a,b,c\n,"",x\n1,,\n', {"header": True}, "struct<a:string,b:string,c:string>",
     [(None, None, "x"), ("1", None, None)]),
    ('a,b,c\n,"",x\n1,,\n', {"header": True, "nullValue": "x"},
     "struct<a:string,b:string,c:string>", [(None, "", None), ("1", None, None)]),
    ('a,b,c\n,"",x\n1,,\n', {"header": True, "emptyValue": "E"},
     "struct<a:string,b:string,c:string>", [(None, "E", "x"), ("1", None, None)]),
    ('a,b\n1,"x\ny"\n2,z\n', {"header": True}, "struct<a:string,b:string>",
     [("1", "x"), ('y"', None), ("2", "z")]),
    ('a,b\n1,"x\ny"\n2,z\n', {"header": True, "multiLine": True}, "struct<a:string,b:string>",
     [("1", "x\ny"), ("2", "z")]),
    ("#c\na,b\n1,2\n#x,y\n3,4\n", {"header": True, "comment": "#"}, "struct<a:string,b:string>",
     [("1", "2"), ("3", "4")]),
    ("#c\na,b\n1,2\n#x,y\n3,4\n", {"header": True}, "struct<#c:string>",
     [("a",), ("1",), ("#x",), ("3",)]),
    ("a;b\n1;2\n", {"header": True, "sep": ";"}, "struct<a:string,b:string>", [("1", "2")]),
    ("a\tb\n1\t2\n", {"header": True, "sep": "\\t"}, "struct<a:string,b:string>", [("1", "2")]),
    ("a||b\n1||2\n", {"header": True, "sep": "||"}, "struct<a:string,b:string>", [("1", "2")]),
    ("a,b\n", {"header": True, "inferSchema": True}, "struct<a:string,b:string>", []),
    ("", {"header": True, "inferSchema": True}, "struct<>", []),
    ("ä b,c.d\n1,2\n", {"header": True, "inferSchema": True}, "struct<ä b:int,c.d:int>",
     [(1, 2)]),
])
def test_parsing_options(tmp_path, text, options, schema, rows):
    s, got = csv(tmp_path, text, **options)
    assert s.simpleString() == schema
    assert got == rows


M1 = "a,b,c\n1,2.5,x\nbad,3.0,y\n4,oops,z\n5,6\n7,8,9,10\n"


def test_permissive_mode_keeps_good_values(tmp_path):
    s, rows = csv(tmp_path, M1, header=True, schema="a INT, b DOUBLE, c STRING")
    assert rows == [(1, 2.5, "x"), (None, 3.0, "y"), (4, None, "z"), (5, 6.0, None),
                    (7, 8.0, "9")]
    s, rows = csv(tmp_path, M1, header=True,
                  schema="a INT, b DOUBLE, c STRING, _corrupt_record STRING")
    assert rows == [(1, 2.5, "x", None), (None, 3.0, "y", "bad,3.0,y"),
                    (4, None, "z", "4,oops,z"), (5, 6.0, None, "5,6"),
                    (7, 8.0, "9", "7,8,9,10")]
    s, rows = csv(tmp_path, M1, header=True, schema="a INT, b DOUBLE, c STRING, bad STRING",
                  columnNameOfCorruptRecord="bad")
    assert [r.bad for r in rows] == [None, "bad,3.0,y", "4,oops,z", "5,6", "7,8,9,10"]
    s, rows = csv(tmp_path, M1, header=True, schema="a INT, b DOUBLE, c STRING", mode="foo")
    assert len(rows) == 5  # unknown modes are PERMISSIVE


def test_dropmalformed_and_failfast(tmp_path):
    s, rows = csv(tmp_path, M1, header=True, schema="a INT, b DOUBLE, c STRING",
                  mode="DROPMALFORMED")
    assert rows == [(1, 2.5, "x")]
    with pytest.raises(SparkException) as e:
        csv(tmp_path, M1, header=True, schema="a INT, b DOUBLE, c STRING", mode="FAILFAST")
    assert e.value.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"
    assert str(e.value).startswith(
        "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in "
        "record parsing: [null,3.0,y].\nParse Mode: FAILFAST.")
    with pytest.raises(SparkException, match=r"\[5,6,null\]"):
        csv(tmp_path, M1, header=True, inferSchema=True, mode="FAILFAST")


def test_bad_dates_booleans_and_corrupt_record(tmp_path):
    s, rows = csv(tmp_path, "a,b\n2021-01-01,2021-01-01 10:00:00\nx,y\n", header=True,
                  schema="a DATE, b TIMESTAMP, _corrupt_record STRING")
    assert rows == [(D(2021, 1, 1), T(2021, 1, 1, 10), None), (None, None, "x,y")]
    assert csv(tmp_path, "a\ntrue\nyes\n", header=True, schema="a BOOLEAN")[1] == [(True,),
                                                                                  (None,)]


def test_reading_with_schema_lenient_dates_and_projection(tmp_path):
    path = write(tmp_path, "f.csv", "a,b,c\n2021-1-2,1.239,x\n2021-01-03 10:00,-0.5,y\n")
    fmt = get_format("csv")
    schema = StructType.fromDDL("a DATE, b DECIMAL(5,2), c STRING")
    batches = list(fmt.read(path, schema, {"header": True}, required_columns=["c", "a"]))
    assert batches[0].schema == pa.schema([("c", pa.string()), ("a", pa.date32())])
    assert batches[0].to_pylist() == [{"c": "x", "a": D(2021, 1, 2)},
                                      {"c": "y", "a": D(2021, 1, 3)}]
    b = list(fmt.read(path, schema, {"header": True}, required_columns=["b"]))[0]
    assert b.column(0).to_pylist() == [decimal.Decimal("1.24"), decimal.Decimal("-0.50")]
    empty = list(fmt.read(path, schema, {"header": True}, required_columns=[]))
    assert sum(x.num_rows for x in empty) == 2


def test_timestamps_in_session_time_zone(tmp_path):
    s, rows = csv(tmp_path, "a\n2021-07-01 12:00:00\n2021-07-01T12:00:00Z\n", header=True,
                  schema="a TIMESTAMP", timeZone="America/Los_Angeles")
    assert rows == [(T(2021, 7, 1, 19),), (T(2021, 7, 1, 12),)]  # shown in UTC


def test_options_errors():
    with pytest.raises(IllegalArgumentException, match="Delimiter cannot be empty"):
        CSVOptions.parse({"sep": ""})


def test_fast_and_python_tokenizers_agree():
    data = b'a,b,c\n1,"x,y",\n2,"",z\n\n3,"q",r\n'
    o = CSVOptions.parse({})
    fast = tokenize(data, o, 3)
    slow = tokenize(data, o, 3, want_raw=True)
    assert fast.raw is None and slow.raw == ["a,b,c", '1,"x,y",', '2,"",z', '3,"q",r']
    assert [c.to_pylist() for c in fast.columns] == [c.to_pylist() for c in slow.columns] == \
        [["a", "1", "2", "3"], ["b", "x,y", "", "q"], ["c", None, "z", "r"]]


def test_gzip_files_are_read_by_extension(tmp_path):
    import gzip
    path = str(tmp_path / "f.csv.gz")
    with gzip.open(path, "wt") as f:
        f.write("a\n1\n")
    assert read("csv", path, header=True, inferSchema=True)[1] == [(1,)]


# ------------------------------------------------------------------------------------ writing
WRITE_SCHEMA = StructType([
    StructField("i", IntegerType()), StructField("l", LongType()),
    StructField("d", DoubleType()), StructField("f", FloatType()),
    StructField("s", StringType()), StructField("b", BooleanType()),
    StructField("dt", DateType()), StructField("ts", TimestampType()),
    StructField("dec", DecimalType(10, 3)), StructField("ntz", TimestampNTZType())])
WRITE_ROWS = [
    (1, 10, 1.5, 2.25, "plain", True, D(2021, 1, 2), T(2021, 1, 2, 3, 4, 5, 123456),
     decimal.Decimal("1.5"), T(2021, 1, 2, 3, 4, 5)),
    (None,) * 10,
    (-2, 2 ** 40, 1e20, math.nan, 'has,comma "q" \\ x', False, D(1, 1, 1), T(2021, 1, 2),
     decimal.Decimal("-0.001"), T(2021, 1, 2, 3, 4, 5, 100000)),
    (3, 0, 1e-5, math.inf, "", True, D(2021, 12, 31), T(2021, 1, 2, 0, 0, 0, 1000),
     decimal.Decimal("0"), T(2021, 1, 2, 3, 4, 5, 120000)),
    (4, 0, 123456789.0, -0.0, "line\nbreak", True, D(2021, 12, 31), T(1960, 1, 2),
     decimal.Decimal("12345.6"), T(2021, 1, 2, 3, 4, 5, 120000)),
    (5, 0, 1234567.0, 1e10, " lead", True, D(2021, 12, 31), T(1960, 1, 2),
     decimal.Decimal("12345.6"), T(2021, 1, 2, 3, 4, 5, 120000)),
    (6, 0, 0.1, 3.4028235e38, "trail ", True, D(2021, 12, 31), T(1960, 1, 2),
     decimal.Decimal("12345.6"), T(2021, 1, 2, 3, 4, 5, 120000)),
    (7, 0, 1e7, 1e-7, 'q"', True, D(2021, 12, 31), T(1960, 1, 2),
     decimal.Decimal("12345.6"), T(2021, 1, 2, 3, 4, 5, 120000)),
]
TAIL = ("5,0,1234567.0,1.0E10,lead,true,2021-12-31,1960-01-02T00:00:00.000Z,12345.600,"
        "2021-01-02T03:04:05.120\n6,0,0.1,3.4028235E38,trail,true,2021-12-31,"
        "1960-01-02T00:00:00.000Z,12345.600,2021-01-02T03:04:05.120\n")


def _write(tmp_path, fmt, schema, rows, **options):
    options.setdefault("timeZone", "UTC")
    f = get_format(fmt)
    path = str(tmp_path / ("out" + f.extension(options)))
    table = rows_to_arrow(rows, schema, timezone="UTC")
    f.write(table.to_batches(max_chunksize=3), schema, path, options)
    return path


def test_writer_matches_spark(tmp_path):
    text = open(_write(tmp_path, "csv", WRITE_SCHEMA, WRITE_ROWS, header=True)).read()
    assert text == (
        "i,l,d,f,s,b,dt,ts,dec,ntz\n"
        "1,10,1.5,2.25,plain,true,2021-01-02,2021-01-02T03:04:05.123Z,1.500,"
        "2021-01-02T03:04:05.000\n,,,,,,,,,\n"
        '-2,1099511627776,1.0E20,NaN,"has,comma \\"q\\" \\\\ x",false,0001-01-01,'
        "2021-01-02T00:00:00.000Z,-0.001,2021-01-02T03:04:05.100\n"
        '3,0,1.0E-5,Infinity,"",true,2021-12-31,2021-01-02T00:00:00.001Z,0.000,'
        "2021-01-02T03:04:05.120\n"
        '4,0,1.23456789E8,-0.0,"line\nbreak",true,2021-12-31,1960-01-02T00:00:00.000Z,'
        "12345.600,2021-01-02T03:04:05.120\n" + TAIL +
        '7,0,1.0E7,1.0E-7,"q\\"",true,2021-12-31,1960-01-02T00:00:00.000Z,12345.600,'
        "2021-01-02T03:04:05.120\n")


def test_writer_options_match_spark(tmp_path):
    text = open(_write(tmp_path, "csv", WRITE_SCHEMA, WRITE_ROWS[1:4], sep=";", quote="'",
                       nullValue="NULL", emptyValue="EMPTY")).read()
    assert text == (
        "NULL;NULL;NULL;NULL;NULL;NULL;NULL;NULL;NULL;NULL\n"
        '-2;1099511627776;1.0E20;NaN;has,comma "q" \\ x;false;0001-01-01;'
        "2021-01-02T00:00:00.000Z;-0.001;2021-01-02T03:04:05.100\n"
        "3;0;1.0E-5;Infinity;EMPTY;true;2021-12-31;2021-01-02T00:00:00.001Z;0.000;"
        "2021-01-02T03:04:05.120\n")
    text = open(_write(tmp_path, "csv", WRITE_SCHEMA, WRITE_ROWS[:3], header=True,
                       quoteAll=True, escape='"', dateFormat="dd/MM/yyyy",
                       timestampFormat="yyyy-MM-dd HH:mm:ss")).read()
    assert text == (
        '"i","l","d","f","s","b","dt","ts","dec","ntz"\n'
        '"1","10","1.5","2.25","plain","true","02/01/2021","2021-01-02 03:04:05","1.500",'
        '"2021-01-02T03:04:05.000"\n"","","","","","","","","",""\n'
        '"-2","1099511627776","1.0E20","NaN","has,comma ""q"" \\ x","false","01/01/0001",'
        '"2021-01-02 00:00:00","-0.001","2021-01-02T03:04:05.100"\n')


def test_write_read_round_trip_and_compression(tmp_path):
    path = _write(tmp_path, "csv", WRITE_SCHEMA, WRITE_ROWS, header=True, compression="gzip")
    assert path.endswith(".csv.gz")
    schema, rows = read("csv", path, schema=WRITE_SCHEMA, header=True, multiLine=True)
    assert rows[0] == (1, 10, 1.5, 2.25, "plain", True, D(2021, 1, 2),
                       T(2021, 1, 2, 3, 4, 5, 123000), decimal.Decimal("1.500"),
                       T(2021, 1, 2, 3, 4, 5))
    assert rows[1] == (None,) * 10
    assert rows[2][4] == 'has,comma "q" \\ x' and rows[4][4] == "line\nbreak"
    assert rows[3][4] is None  # "" reads back as null, as in Spark


def test_unsupported_types_for_csv(tmp_path):
    from rayspark.errors import AnalysisException
    from rayspark.sql.types import ArrayType
    schema = StructType([StructField("a", ArrayType(IntegerType()))])
    with pytest.raises(AnalysisException) as e:
        _write(tmp_path, "csv", schema, [([1],)])
    assert e.value.getCondition() == "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE"
    assert str(e.value) == ('[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn\'t '
                            'support the column `a` of the type "ARRAY<INT>".')
