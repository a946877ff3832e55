"""JSON reading and writing; expected values recorded from PySpark 4.3 (time zone UTC)."""
import datetime
import decimal
import math

import pytest

from rayspark.errors import AnalysisException, SparkException
from rayspark.sql.arrow_types import rows_to_arrow
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.types import Row, StructType

from ds_helpers import read, write

T = datetime.datetime
D = datetime.date


def js(tmp_path, text, **options):
    return read("json", write(tmp_path, "f.json", text), **options)


def test_inference_types_and_sorted_fields(tmp_path):
    s, rows = js(tmp_path,
                 '{"b":1,"a":"x","c":1.5,"d":true,"e":null,"f":[1,2],"g":{"z":1,"y":"q"}}\n'
                 '{"b":2,"a":"y","c":2,"h":"2021-01-01","i":12345678901234567890123}\n\n'
                 '{"b":3.5,"a":5}\n')
    assert s.simpleString() == ("struct<a:string,b:double,c:double,d:boolean,e:string,"
                                "f:array<bigint>,g:struct<y:string,z:bigint>,h:string,"
                                "i:decimal(23,0)>")
    assert rows == [
        ("x", 1.0, 1.5, True, None, [1, 2], Row(y="q", z=1), None, None),
        ("y", 2.0, 2.0, None, None, None, None, "2021-01-01",
         decimal.Decimal("12345678901234567890123")),
        ("5", 3.5, None, None, None, None, None, None, None)]


def test_corrupt_records_and_modes(tmp_path):
    text = '{"a":1}\n{bad json}\n{"a":"x","b":[]}\n[1,2]\n'
    s, rows = js(tmp_path, text)
    assert s.simpleString() == "struct<_corrupt_record:string,a:string,b:array<string>>"
    assert rows == [(None, "1", None), ("{bad json}", None, None), (None, "x", []),
                    ("[1,2]", None, None)]
    s, rows = js(tmp_path, text, mode="DROPMALFORMED")
    assert s.simpleString() == "struct<a:string,b:array<string>>"
    assert rows == [("1", None), ("x", [])]
    with pytest.raises(SparkException) as e:
        js(tmp_path, text, mode="FAILFAST")
    assert str(e.value).startswith(
        "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in "
        "record parsing: _corrupt_record.")


def test_multiline_and_arrays_of_objects(tmp_path):
    text = '[{"a":1,"b":{"c":[1,2.5]}},{"a":2,"b":null}]'
    for opts in ({"multiLine": True}, {}):
        s, rows = js(tmp_path, text, **opts)
        assert s.simpleString() == "struct<a:bigint,b:struct<c:array<double>>>"
        assert rows == [(1, Row(c=[1.0, 2.5])), (2, None)]
    s, rows = js(tmp_path, '{\n "a": 1,\n "b": "x"\n}\n', multiLine=True)
    assert rows == [(1, "x")]


def test_mixed_types_and_primitives_as_string(tmp_path):
    text = ('{"a":"1","b":1,"c":"2021-01-01T10:00:00","d":"2021-01-01","e":1e400, "f": 1.0}\n'
            '{"a":2,"b":"x","c":"2021-01-01T10:00:00Z"}\n')
    s, rows = js(tmp_path, text)
    assert s.simpleString() == "struct<a:string,b:string,c:string,d:string,e:double,f:double>"
    assert rows == [("1", "1", "2021-01-01T10:00:00", "2021-01-01", math.inf, 1.0),
                    ("2", "x", "2021-01-01T10:00:00Z", None, None, None)]
    s, rows = js(tmp_path, text, primitivesAsString=True)
    assert s.simpleString() == "struct<a:string,b:string,c:string,d:string,e:string,f:string>"
    assert rows[0] == ("1", "1", "2021-01-01T10:00:00", "2021-01-01", "1e400", "1.0")


def test_reading_with_schema_is_strict(tmp_path):
    text = ('{"a":"1","b":1,"c":"2021-01-01T10:00:00","d":"2021-01-01","e":1e400, "f": 1.0}\n'
            '{"a":2,"b":"x","c":"2021-01-01T10:00:00Z"}\n')
    s, rows = js(tmp_path, text,
                 schema="a INT, b INT, c TIMESTAMP, d DATE, f INT, _corrupt_record STRING")
    assert rows == [
        (None, 1, T(2021, 1, 1, 10), D(2021, 1, 1), None,
         '{"a":"1","b":1,"c":"2021-01-01T10:00:00","d":"2021-01-01","e":1e400, "f": 1.0}'),
        (2, None, T(2021, 1, 1, 10), None, None, '{"a":2,"b":"x","c":"2021-01-01T10:00:00Z"}')]
    s, rows = js(tmp_path, text, schema="a INT, b INT", mode="DROPMALFORMED")
    assert rows == []


def test_quotes_comments_and_leading_zeros(tmp_path):
    text = "{'a':1}\n{\"a\":NaN, \"b\": 01}\n// c\n{\"a\":2}\n"
    s, rows = js(tmp_path, text)
    assert s.simpleString() == "struct<_corrupt_record:string,a:bigint>"
    assert rows == [(None, 1), ('{"a":NaN, "b": 01}', None), ("// c", None), (None, 2)]
    s, rows = js(tmp_path, text, allowComments=True)
    assert (None, 2) in rows and ("// c", None) not in rows


def test_all_null_fields(tmp_path):
    text = '{"a":null,"b":[],"c":{}, "d":[null], "e":{"x":null}}\n'
    s, rows = js(tmp_path, text)
    assert s.simpleString() == "struct<a:string,b:array<string>,d:array<string>,e:struct<x:string>>"
    assert rows == [(None, [], [None], Row(x=None))]
    s, rows = js(tmp_path, text, dropFieldIfAllNull=True)
    assert s.simpleString() == "struct<>"


def test_conflicts_decimals_and_big_numbers(tmp_path):
    s, rows = js(tmp_path, '{"a":[1,"x"],"b":[{"x":1},{"y":2}],"c":1}\n{"a":[2],"c":{"k":1}}\n')
    assert s.simpleString() == ("struct<a:array<string>,b:array<struct<x:bigint,y:bigint>>,"
                                "c:string>")
    assert rows == [(["1", "x"], [Row(x=1, y=None), Row(x=None, y=2)], "1"),
                    (["2"], None, '{"k":1}')]
    s, rows = js(tmp_path, '{"a":1.25,"b":1}\n', prefersDecimal=True)
    assert s.simpleString() == "struct<a:decimal(3,2),b:bigint>"
    assert rows == [(decimal.Decimal("1.25"), 1)]
    s, rows = js(tmp_path, '{"a":9223372036854775808,"b":-9223372036854775808, '
                           '"c":123456789012345678901234567890123456789012}\n')
    assert s.simpleString() == "struct<a:decimal(19,0),b:bigint,c:double>"
    assert rows == [(decimal.Decimal("9223372036854775808"), -9223372036854775808,
                     1.2345678901234568e+41)]


def test_top_level_scalars_empty_files_and_duplicates(tmp_path):
    s, rows = js(tmp_path, '1\n"x"\n{"a":1}\n')
    assert s.simpleString() == "struct<_corrupt_record:string,a:bigint>"
    assert rows == [("1", None), ('"x"', None), (None, 1)]
    assert js(tmp_path, "")[0].simpleString() == "struct<>"
    for text in ('{"a":1,"A":2,"b":3}\n', '{"a":1,"a":2}\n'):
        with pytest.raises(AnalysisException) as e:
            js(tmp_path, text)
        assert str(e.value) == ("[COLUMN_ALREADY_EXISTS] The column `a` already exists. Choose "
                                "another name or rename the existing column.")
    assert get_format("json").infer_schema([], {}) is None


def test_writer_matches_spark(tmp_path):
    from test_csv import WRITE_ROWS, WRITE_SCHEMA
    from rayspark.sql.types import BinaryType, StructField
    schema = StructType(WRITE_SCHEMA.fields + [StructField("bin", BinaryType())])
    rows = [r + (b,) for r, b in zip(WRITE_ROWS[:4], [b"ab", None, b"", None])]
    f = get_format("json")
    path = str(tmp_path / ("out" + f.extension({})))
    f.write(rows_to_arrow(rows, schema, timezone="UTC").to_batches(), schema, path,
            {"timeZone": "UTC"})
    assert open(path).read() == (
        '{"i":1,"l":10,"d":1.5,"f":2.25,"s":"plain","b":true,"dt":"2021-01-02",'
        '"ts":"2021-01-02T03:04:05.123Z","dec":1.500,"ntz":"2021-01-02T03:04:05.000",'
        '"bin":"YWI="}\n{}\n'
        '{"i":-2,"l":1099511627776,"d":1.0E20,"f":"NaN","s":"has,comma \\"q\\" \\\\ x",'
        '"b":false,"dt":"0001-01-01","ts":"2021-01-02T00:00:00.000Z","dec":-0.001,'
        '"ntz":"2021-01-02T03:04:05.100","bin":""}\n'
        '{"i":3,"l":0,"d":1.0E-5,"f":"Infinity","s":"","b":true,"dt":"2021-12-31",'
        '"ts":"2021-01-02T00:00:00.001Z","dec":0.000,"ntz":"2021-01-02T03:04:05.120"}\n')


def test_nested_writer_and_round_trip(tmp_path):
    schema = StructType.fromDDL(
        "a array<int>, m map<string,double>, s struct<x:int,y:string>, e array<string>")
    rows = [([1, None], {"k": 1.5}, Row(x=None, y="z"), [])]
    f = get_format("json")
    path = str(tmp_path / "out.json.gz")
    f.write(rows_to_arrow(rows, schema).to_batches(), schema, path, {"compression": "gzip"})
    import gzip
    assert gzip.open(path, "rt").read() == '{"a":[1,null],"m":{"k":1.5},"s":{"y":"z"},"e":[]}\n'
    s, back = read("json", path, schema=schema)
    assert back == [([1, None], {"k": 1.5}, Row(x=None, y="z"), [])]
