"""The fast paths of CSV inference and conversion (byte checks plus one Arrow cast, and the
type of a column's head settling the column) give exactly what classifying every value
gives: each case is run both ways and compared, and the types are also written literally
(they follow the Spark rules recorded in test_csv.py)."""
import datetime
import decimal
import math
import os

import numpy as np
import pyarrow as pa
import pytest

from rayspark.sql.datasources import parsing
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.datasources.csv import _quote_inside_field, CSVOptions
from rayspark.sql.datasources.parsing import convert_column, infer_string_type
from rayspark.sql.types import (DateType, DoubleType, FloatType, IntegerType,
                                LongType, StructType)

from ds_helpers import read, write

N = parsing._INFER_HEAD + 500


def _column(head, tail, nulls=False):
    values = [head[i % len(head)] for i in range(N)] + list(tail)
    if nulls:
        values = [None if i % 7 == 3 else v for i, v in enumerate(values)]
    return pa.array(values, pa.string())


@pytest.fixture
def slow(monkeypatch):
    """Switch every fast path off: each value is classified/parsed on its own."""
    def force():
        monkeypatch.setattr(parsing, "_only_bytes", lambda arr, allowed: False)
        monkeypatch.setattr(parsing, "_all_plain_dates", lambda arr: None)
        monkeypatch.setattr(parsing, "_INFER_HEAD", 1 << 40)
    return force


INTS = ["0", "17", "-3", "123456"]
DOUBLES = ["1234.56", "0.5", "-7.25", "3"]
DATES = ["2021-01-01", "1999-12-31", "2020-02-29"]


@pytest.mark.parametrize("head, tail, expected", [
    (INTS, [], "int"),
    (INTS, ["007", "-0", "2147483647", "-2147483648"], "int"),
    (INTS, ["2147483648"], "bigint"),
    (INTS, ["-2147483649"], "bigint"),
    (INTS, ["9223372036854775807"], "bigint"),
    (INTS, ["9223372036854775808"], "decimal(19,0)"),
    (INTS, ["0000000000000000000000000001"], "int"),
    (INTS, ["1" * 40], "double"),
    (INTS, ["+5"], "int"),
    (INTS, ["0x10"], "string"),
    (INTS, ["1e5"], "double"),
    (INTS, ["1.5"], "double"),
    (INTS, ["5."], "decimal(10,0)"),
    (INTS, ["NaN"], "double"),
    (INTS, ["Infinity"], "double"),
    (INTS, ["-Inf"], "double"),
    (INTS, [" 1"], "double"),
    (INTS, ["1-2"], "string"),
    (INTS, ["2021-01-01"], "string"),
    (INTS, ["true"], "string"),
    (DOUBLES, [], "double"),
    (DOUBLES, ["1e5", "1E+05", ".5", "5.", "-0.0", "1", "+2.5", "1e400", "99" * 30], "double"),
    (DOUBLES, ["NaN", "Infinity", "-Infinity", "Inf"], "double"),
    (DOUBLES, ["1.5d", "2f"], "double"),
    (DOUBLES, ["nan"], "string"),
    (DOUBLES, ["inf"], "string"),
    (DOUBLES, ["1-2"], "string"),
    (DOUBLES, ["2021-01-01"], "string"),
    (DOUBLES, ["0x1p3"], "double"),
    (DOUBLES, ["1,000.5"], "string"),
    (DATES, [], "date"),
    (DATES, ["2021-02-29"], "string"),
    (DATES, ["2021-13-01"], "string"),
    (DATES, ["2021-01-01 10:00:00"], "timestamp"),
    (DATES, ["2021-1-1"], "timestamp"),
    (DATES, ["2021-01-01T10:00:00Z"], "timestamp"),
    (DATES, ["20210101"], "string"),
    (DATES, ["\uff12021-01-01"], "string"),
    (DATES, ["2021/01/01"], "string"),
    (["a", "b1"], ["1", "2021-01-01"], "string"),
    (["true", "FALSE"], ["True"], "boolean"),
    (["true", "FALSE"], ["1"], "string"),
])
@pytest.mark.parametrize("nulls", [False, True])
def test_infer_fast_equals_slow(slow, head, tail, expected, nulls):
    arrays = [_column(head, tail, nulls), _column(head, tail, nulls).slice(3)]
    fast = [infer_string_type(arr, time_zone="UTC") for arr in arrays]
    assert [t.simpleString() for t in fast] == [expected, expected]
    slow()
    assert [infer_string_type(arr, time_zone="UTC") for arr in arrays] == fast


@pytest.mark.parametrize("options, expected", [
    ({"prefers_date": False}, "timestamp"),
    ({"nan_value": "2021-01-01"}, "string"),
    ({"nan_value": "1999-12-31", "positive_inf": "2020-02-29",
      "negative_inf": "2021-01-01"}, "double"),
    ({"timestamp_pattern": parsing.JavaDateTimePattern("yyyy-MM-dd")}, "date"),
])
def test_infer_date_options(slow, options, expected):
    arr = _column(DATES, [])
    fast = infer_string_type(arr, time_zone="UTC", **options)
    assert fast.simpleString() == expected
    slow()
    assert infer_string_type(arr, time_zone="UTC", **options) == fast


def _same(a: pa.Array, b: pa.Array):
    assert a.type == b.type
    if pa.types.is_date32(a.type):  # year 0 has no datetime.date
        a, b = a.cast(pa.int32()), b.cast(pa.int32())
    x, y = a.to_pylist(), b.to_pylist()
    assert len(x) == len(y)
    for u, v in zip(x, y):
        assert u == v or (isinstance(u, float) and math.isnan(u) and math.isnan(v)) or \
            (u is None and v is None), (u, v)
        if isinstance(u, float) and u == 0:
            assert math.copysign(1, u) == math.copysign(1, v)


@pytest.mark.parametrize("dt, head, tail", [
    (DoubleType(), DOUBLES, ["1e5", ".5", "5.", "-0.0", "+2.5", "1e400", "-1e-400"]),
    (DoubleType(), DOUBLES, ["NaN", "Inf", "-Inf", "Infinity", "nan", "inf", "1.5d", "x"]),
    (DoubleType(), DOUBLES, ["1-2", "e5", ".", "1e"]),
    (FloatType(), DOUBLES, ["1e5", "3.4e39", "0.1"]),
    (IntegerType(), INTS, ["007", "-0", "+5", "2147483648", "0x10", "1.0", "1e2"]),
    (LongType(), INTS, ["9223372036854775807", "9223372036854775808", "0x1F", "-"]),
    (DateType(), DATES, []),
    (DateType(), DATES, ["2021-02-29", "0000-01-01", "2021-1-1", "2021-01-01 10:00", "x"]),
])
@pytest.mark.parametrize("nulls", [False, True])
def test_convert_fast_equals_slow(slow, dt, head, tail, nulls):
    arrays = [_column(head, tail, nulls), _column(head, tail, nulls).slice(5)]
    fast = [convert_column(arr, dt) for arr in arrays]
    slow()
    for arr, (got, got_bad) in zip(arrays, fast):
        ref, ref_bad = convert_column(arr, dt)
        _same(got, ref)
        assert np.array_equal(got_bad, ref_bad)


def test_convert_literal_values():
    got, bad = convert_column(pa.array(["1e5", "-0.0", ".5", "5.", None, "1e400"]),
                              DoubleType())
    assert got.to_pylist()[:5] == [100000.0, -0.0, 0.5, 5.0, None]
    assert got[5].as_py() == math.inf and not bad.any()
    # Java's Integer.parseInt rejects hex, which Arrow's cast would read.
    got, bad = convert_column(pa.array(["0x10", "007", "-12"]), IntegerType())
    assert got.to_pylist() == [None, 7, -12] and bad.tolist() == [True, False, False]
    got, bad = convert_column(pa.array(["2021-01-02", None, "2021-02-30"]), DateType())
    assert got.to_pylist() == [datetime.date(2021, 1, 2), None, None]
    assert bad.tolist() == [False, False, True]


def test_byte_helpers():
    arr = pa.array(["12", None, "x\ny", "-3"]).slice(1)
    assert parsing._has_line_break(arr)
    assert not parsing._has_line_break(arr.slice(2))
    assert parsing._only_bytes(arr.slice(2), b"0123456789-")
    assert not parsing._only_bytes(arr, b"0123456789-")
    assert parsing._only_bytes(pa.array([], pa.string()), b"0")
    assert parsing._all_plain_dates(pa.array(["2021-01-01", None])) is True
    assert parsing._all_plain_dates(pa.array(["2021-01-01", "2021-1-01"])) is False
    assert parsing._all_plain_dates(pa.array(["2021-01-01", "2021x01-01"])) is False
    assert parsing._all_plain_dates(pa.array(["2021-01-01", "2021-01-0a"])) is False
    assert parsing._all_plain_dates(pa.array([None], pa.string())) is None
    assert parsing._all_plain_dates(pa.array([1])) is None


@pytest.mark.parametrize("text, expected", [
    (b'"a","b"\n1,2\n', False),
    (b'a,b\n1,"x"y\n', True),
    (b'a,b\n1,x"y\n', True),
    (b'a,b\n1,""\n', False),
    (b'a,b\n1,"" \n', True),
] + [(b'"a","b"\n' + b'"1","2"\n' * 3000, False),
     (b'"a","b"\n' + b'"1","2"\n' * 3000 + b'1,x"y\n', True)])
def test_quote_inside_field(text, expected):
    assert _quote_inside_field(text, CSVOptions.parse({})) is expected


@pytest.fixture(params=[1 << 24, 2048], ids=["one-chunk", "many-chunks"])
def block_bytes(request, monkeypatch):
    """Arrow's CSV block size: small blocks make every column many chunks."""
    from rayspark.sql.datasources import csv as csv_module
    monkeypatch.setattr(csv_module, "_BLOCK_BYTES", request.param)
    return request.param


def test_read_matches_slow_path(tmp_path, slow, block_bytes):
    """The benchmark's shape (quoted header, int/double/string/date columns) with edge cases
    after the head of each column, read with inference both ways."""
    rng = np.random.default_rng(7)
    lines = ['"id","price","name","day","n","big"']
    for i in range(3000):
        price = "%.2f" % rng.uniform(0, 10000) if i % 50 else str(i)
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 3650)))
        lines.append(f"{i},{price},user{i % 97:04d}x,{day.isoformat()},{i % 13},{i}")
    lines += ['3000,"12.5","quoted, name",2021-02-28,,9223372036854775808',
              '3001,,,,"",-5',
              '3002,1e5,"",2020-02-29,007,0',
              '3003,-0.0,x,2020-02-29,-0,1']
    path = write(tmp_path, "data.csv", "\n".join(lines) + "\n")
    opts = dict(header=True, inferSchema=True)
    schema, rows = read("csv", path, **opts)
    assert schema.simpleString() == ("struct<id:int,price:double,name:string,day:date,n:int,"
                                     "big:decimal(19,0)>")
    assert rows[-4:] == [
        (3000, 12.5, "quoted, name", datetime.date(2021, 2, 28), None,
         decimal.Decimal("9223372036854775808")),
        (3001, None, None, None, None, decimal.Decimal(-5)),
        (3002, 100000.0, None, datetime.date(2020, 2, 29), 7, decimal.Decimal(0)),
        (3003, -0.0, "x", datetime.date(2020, 2, 29), 0, decimal.Decimal(1))]
    slow()
    schema2, rows2 = read("csv", path, **opts)
    assert schema2 == schema and rows2 == rows
    # the same values read with the schema given
    _, rows3 = read("csv", path, schema=StructType.fromDDL(
        "id int, price double, name string, day date, n int, big decimal(19,0)"),
        header=True)
    assert rows3 == rows


def test_quoted_line_break_after_quoted_header(tmp_path, block_bytes):
    """A quote in the header sends the fast tokenizer's answer through the line-break check:
    a quoted field holding a line break later on is split as Spark splits it."""
    text = '"a","b"\n' + "".join(f"{i},x\n" for i in range(2000)) + '1,"x\ny"\n2,z\n'
    schema, rows = read("csv", write(tmp_path, "f.csv", text), header=True)
    assert schema.simpleString() == "struct<a:string,b:string>"
    assert rows[-3:] == [("1", "x"), ('y"', None), ("2", "z")]


def _read_columns(path, schema, columns, **options):
    options.setdefault("timeZone", "UTC")
    f = get_format("csv")
    table = pa.Table.from_batches(list(f.read(path, StructType.fromDDL(schema), options,
                                              required_columns=columns)))
    return table.to_pylist()


@pytest.mark.parametrize("text", [
    "a,b,c\n1,x,2021-01-01\n2,y,2021-01-02\n",
    "a,b,c\n1,x,2021-01-01\nq,y,2021-01-02\n3,z,bad\n",
    "a,b,c\n1,x\n2,y,2021-01-02,extra\n\n3,z,2021-01-03\n",
    'a,b,c\n1,"x\ny",2021-01-01\n2,y,2021-01-02\n',
])
@pytest.mark.parametrize("mode", ["PERMISSIVE", "DROPMALFORMED"])
@pytest.mark.parametrize("columns", [["a"], ["c"], ["a", "c"], []])
def test_pruned_columns_read_as_full_read(tmp_path, monkeypatch, text, mode, columns,
                                         block_bytes):
    """Arrow skips building the columns not asked for (a file without quotes): the rows are
    those of tokenising every column (only the columns asked for are converted either way,
    so only their values make a record malformed, as with Spark's CSV column pruning)."""
    from rayspark.sql.datasources import csv as csv_module
    path = write(tmp_path, "f.csv", text)
    schema = "a int, b string, c date"
    got = _read_columns(path, schema, columns, header=True, mode=mode)
    tokenize = csv_module.tokenize
    # the reference: every column tokenised as strings and converted by Spark's rules
    monkeypatch.setattr(csv_module, "tokenize",
                        lambda data, o, width=None, want_raw=False, wanted=None, typed=None:
                        tokenize(data, o, width, want_raw))
    assert got == _read_columns(path, schema, columns, header=True, mode=mode)
    if mode == "PERMISSIVE":
        full = _read_columns(path, schema, None, header=True, mode=mode)
        assert got == [{k: r[k] for k in columns} for r in full]


def test_pruned_columns_failfast_message(tmp_path):
    from rayspark.errors import SparkException
    path = write(tmp_path, "f.csv", "a,b,c\n1,x,2021-01-01\nq,y,2021-01-02\n")
    with pytest.raises(SparkException) as full:
        _read_columns(path, "a int, b string, c date", None, header=True, mode="FAILFAST")
    with pytest.raises(SparkException) as pruned:
        _read_columns(path, "a int, b string, c date", ["a"], header=True, mode="FAILFAST")
    assert str(pruned.value) == str(full.value)
    assert "[null,y,2021-01-02]" in str(pruned.value)


def test_pruned_columns_with_corrupt_record(tmp_path):
    path = write(tmp_path, "f.csv", "a,b\n1,x\nq,y\n")
    schema = "a int, b string, _corrupt_record string"
    got = _read_columns(path, schema, ["a", "_corrupt_record"], header=True)
    assert got == [{"a": 1, "_corrupt_record": None}, {"a": None, "_corrupt_record": "q,y"}]


def _chunked(values, size):
    return pa.chunked_array([pa.array(values[i:i + size], pa.string())
                             for i in range(0, len(values), size)], pa.string())


@pytest.mark.parametrize("head, tail", [
    (INTS, []), (INTS, ["2147483648"]), (INTS, ["1.5"]), (INTS, ["x"]), (DOUBLES, []),
    (DOUBLES, ["nan"]), (DATES, []), (DATES, ["2021-02-29"]), (DATES, ["2021-1-1"])])
@pytest.mark.parametrize("size", [1, 100, 1000, 5000])
def test_chunked_columns(slow, head, tail, size):
    """Columns in chunks (as Arrow's CSV reader returns them) are inferred and converted
    chunk by chunk, with the answers of one array."""
    values = _column(head, tail, nulls=True).to_pylist()
    if size == 1:
        values = values[:300]   # a chunk per value: keep it short
    chunked = _chunked(values, size)
    whole = pa.array(values, pa.string())
    t = infer_string_type(chunked)
    assert t == infer_string_type(whole)
    for dt in (t, DoubleType(), IntegerType(), DateType()):
        got, bad = convert_column(chunked, dt)
        ref, ref_bad = convert_column(whole, dt)
        _same(got.combine_chunks() if isinstance(got, pa.ChunkedArray) else got, ref)
        assert np.array_equal(bad, ref_bad)
    slow()
    assert infer_string_type(whole) == t


def test_pruned_columns_with_duplicate_names(tmp_path):
    path = write(tmp_path, "f.csv", "1,2,3\n4,5,6\n")
    got = _read_columns(path, "a int, a int, b int", ["a"])
    assert got == [{"a": 2}, {"a": 5}]


_SPELLINGS = ["1.5", "-2", "+3", "1e5", "1E-2", ".5", "5.", "nan", "NaN", "inf", "Inf", "-Inf",
              "Infinity", "-Infinity", " 5", "5 ", "5d", "1,5", "0x10", "", '""', '"2.5"', "x"]


@pytest.mark.parametrize("value", _SPELLINGS)
@pytest.mark.parametrize("mode", ["PERMISSIVE", "DROPMALFORMED"])
def test_doubles_and_dates_arrow_converts_read_as_spark_reads_them(tmp_path, monkeypatch,
                                                                   value, mode):
    """Arrow's reader converts double and default-format date columns itself; a value it
    reads differently from Spark (``nan``, ``inf``) or cannot read sends the split back to
    strings and Spark's converters, so every spelling reads as on the string path."""
    from rayspark.sql.datasources import csv as csv_module
    date = {"": "", '""': '""', "x": "2021-02-30", "1.5": "2021-2-3", "5d": "2021-02-03T00:00"}
    rows = [f"{i},{v},{d}" for i, (v, d) in enumerate(
        [("1.25", "2021-01-01"), (value, date.get(value, "2021-01-02")), ("3", "2020-02-29")])]
    path = write(tmp_path, "f.csv", "a,b,c\n" + "\n".join(rows) + "\n")
    schema = "a int, b double, c date"
    for columns in (["b", "c"], ["c"], None):
        got = _read_columns(path, schema, columns, header=True, mode=mode)
        tokenize = csv_module.tokenize
        with monkeypatch.context() as m:
            m.setattr(csv_module, "tokenize",
                      lambda data, o, width=None, want_raw=False, wanted=None, typed=None:
                      tokenize(data, o, width, want_raw, wanted))
            want = _read_columns(path, schema, columns, header=True, mode=mode)
        assert repr(got) == repr(want)       # repr: NaN == NaN


def test_typed_columns_are_converted_by_the_reader(tmp_path):
    from rayspark.sql.datasources.csv import CSVOptions, tokenize
    data = b"a,b,c\n1,2.5,2021-01-01\n2,,2021-01-02\n"
    o = CSVOptions.parse({"header": "true"})
    toks = tokenize(data, o, 3, wanted=[1, 2], typed={1: pa.float64(), 2: pa.date32()})
    assert toks.header_skipped and toks.num_rows == 2
    assert toks.columns[1].type == pa.float64() and toks.columns[1].to_pylist() == [2.5, None]
    assert toks.columns[2].type == pa.date32()
    # "nan" is a double to Arrow but not to Spark: strings come back
    toks = tokenize(b"a,b\n1,nan\n", o, 2, wanted=[1], typed={1: pa.float64()})
    assert not toks.header_skipped and toks.columns[1].type == pa.string()


_TAILS = ["2.5", "3", "12345678901234567890", "1e5", "nan", "NaN", "Inf", "-Infinity", "x",
          "2021-01-01", "2021-01-01 10:00:00", "", '""', '"7.5"', " 5", "5d", "0x10"]


@pytest.mark.parametrize("tail", _TAILS)
@pytest.mark.parametrize("head", ["1.5", "2021-02-03", "7", "word"])
def test_split_inference_with_the_typed_reader_matches_string_inference(tmp_path, monkeypatch,
                                                                         head, tail):
    """A split's types are inferred from its first records, then Arrow's typed reader checks
    the rest; whatever a later value is, the split's types equal those of inferring every
    value from strings."""
    from rayspark.sql.datasources import csv as csv_module
    from rayspark.sql.datasources.csv import CSVFileFormat
    rows = ["a,b,c"] + [f"{i},{head},{'w' if i % 2 else 'v'}" for i in range(1100)] + \
        [f"1100,{tail},z", "1101,,z"]
    path = write(tmp_path, "f.csv", "\n".join(rows) + "\n")
    size = os.path.getsize(path)
    fmt = CSVFileFormat()
    for first, (start, length) in ((True, (0, size)), (False, (1, size))):
        opts = {"header": "true", "inferSchema": "true"}
        got = fmt.infer_chunk(path, start, length, opts)
        with monkeypatch.context() as m:
            m.setattr(csv_module, "_infer_with_typed_reader", lambda data, o, first: None)
            want = fmt.infer_chunk(path, start, length, opts)
        assert got == want, (first, got, want)


def test_typed_reader_inference_is_taken_for_plain_numbers_and_dates(tmp_path):
    from rayspark.sql.datasources.csv import CSVOptions, _infer_with_typed_reader
    from rayspark.sql.datasources.io_util import map_line_range
    from rayspark.sql.types import DateType, DoubleType, IntegerType, StringType
    rows = ["a,b,c,d"] + [f"{i},{i / 4},2021-01-{i % 28 + 1:02d},n{i}" for i in range(2000)]
    path = write(tmp_path, "f.csv", "\n".join(rows) + "\n")
    data = map_line_range(path, 0, os.path.getsize(path))
    names, types = _infer_with_typed_reader(data, CSVOptions.parse({"header": "true"}), True)
    assert names == ["a", "b", "c", "d"]
    assert types == [IntegerType(), DoubleType(), DateType(), StringType()]


@pytest.mark.parametrize("value", ["20210101", "2021-1-1", " 2021-01-01", "2021-01-01 ",
                                   "+2021-01-01", "2021/01/01", "9999-12-31",
                                   "2021-13-01", "2021-01-01T10:00:00", " 2.5", "2.5 ", "-0",
                                   "1e400", "4.9e-325", "0x1p3"])
def test_more_spellings_read_as_on_the_string_path(tmp_path, monkeypatch, value):
    from rayspark.sql.datasources import csv as csv_module
    text = f"b,c\n1.5,2021-01-01\n{value},{value}\n"
    path = write(tmp_path, "f.csv", text)
    got = _read_columns(path, "b double, c date", None, header=True)
    tokenize = csv_module.tokenize
    monkeypatch.setattr(csv_module, "tokenize",
                        lambda data, o, width=None, want_raw=False, wanted=None, typed=None:
                        tokenize(data, o, width, want_raw, wanted))
    assert repr(got) == repr(_read_columns(path, "b double, c date", None, header=True))


def test_a_plus_signed_year_reads_as_spark_reads_it(tmp_path):
    # checked against PySpark 4.3: "+2021-01-01" is 2021-01-01 as a date, null as a double
    path = write(tmp_path, "f.csv", "b,c\n1.5,2021-01-01\n+2021-01-01,+2021-01-01\n")
    assert _read_columns(path, "b double, c date", None, header=True) == [
        {"b": 1.5, "c": datetime.date(2021, 1, 1)}, {"b": None, "c": datetime.date(2021, 1, 1)}]
