"""Text, Parquet and ORC; expected values recorded from PySpark 4.3."""
import datetime
import decimal
import os

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from rayspark.errors import AnalysisException, SparkException
from rayspark.sql.arrow_types import rows_to_arrow
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.types import Row, StructType

from ds_helpers import read, write


def test_text_lines_wholetext_and_linesep(tmp_path):
    path = write(tmp_path, "t.txt", "hello\nworld\r\n\nlast")
    s, rows = read("text", path)
    assert s.simpleString() == "struct<value:string>"
    assert rows == [("hello",), ("world",), ("",), ("last",)]
    assert read("text", path, wholetext=True)[1] == [("hello\nworld\r\n\nlast",)]
    assert read("text", write(tmp_path, "u.txt", "a;b;;c"), lineSep=";")[1] == \
        [("a",), ("b",), ("",), ("c",)]
    assert read("text", write(tmp_path, "v.txt", "x\ny\n"))[1] == [("x",), ("y",)]


def test_text_reads_across_block_boundaries(tmp_path, monkeypatch):
    from rayspark.sql.datasources import text
    real = text.iter_chunks
    monkeypatch.setattr(text, "iter_chunks", lambda p: real(p, size=3))
    path = write(tmp_path, "t.txt", "ab\r\ncd\r\n\ref\ng")
    assert read("text", path)[1] == [("ab",), ("cd",), ("",), ("ef",), ("g",)]


def test_text_writer(tmp_path):
    f = get_format("text")
    schema = StructType.fromDDL("s string")
    path = str(tmp_path / ("x" + f.extension({})))
    rows = [("plain",), (None,), ('has,comma "q" \\ x',), ("",), ("line\nbreak",), (" lead",)]
    f.write(rows_to_arrow(rows, schema).to_batches(), schema, path, {})
    assert path.endswith(".txt")
    assert open(path).read() == 'plain\n\nhas,comma "q" \\ x\n\nline\nbreak\n lead\n'
    with pytest.raises(AnalysisException) as e:
        f.write([], StructType.fromDDL("s string, i int"), path, {})
    assert str(e.value) == ("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't "
                            'support the column `i` of the type "INT".')
    with pytest.raises(AnalysisException, match="supports only a single column"):
        f.write([], StructType.fromDDL("s string, t string"), path, {})


SCHEMA = StructType.fromDDL("i int, l bigint, d double, s string, b boolean, dt date, "
                            "ts timestamp, dec decimal(10,3), ntz timestamp_ntz, bin binary, "
                            "arr array<int>, st struct<x:int,y:string>, m map<string,int>")
ROWS = [(1, 10, 1.5, "x", True, datetime.date(2021, 1, 2),
         datetime.datetime(2021, 1, 2, 3, 4, 5, 123456), decimal.Decimal("1.5"),
         datetime.datetime(2021, 1, 2, 3, 4, 5), b"ab", [1, None], Row(x=1, y="a"), {"k": 1}),
        (None,) * 13]


def test_parquet_round_trip_and_footer(tmp_path):
    f = get_format("parquet")
    assert f.extension({}) == ".snappy.parquet"
    assert f.extension({"compression": "none"}) == ".parquet"
    assert f.extension({"compression": "gzip"}) == ".gz.parquet"
    path = str(tmp_path / ("p" + f.extension({})))
    f.write(rows_to_arrow(ROWS, SCHEMA, timezone="UTC").to_batches(), SCHEMA, path, {})
    assert pq.read_metadata(path).row_group(0).column(0).compression == "SNAPPY"
    s, rows = read("parquet", path)
    assert s == SCHEMA
    assert rows == ROWS


def test_parquet_projection_filters_and_missing_columns(tmp_path):
    f = get_format("parquet")
    schema = StructType.fromDDL("a int, b string")
    path = str(tmp_path / "p.parquet")
    table = rows_to_arrow([(i, str(i)) for i in range(1000)], schema)
    pq.write_table(table, path, row_group_size=100)
    wider = StructType.fromDDL("a int, b string, c double")
    batches = list(f.read(path, wider, {}, required_columns=["c", "a"],
                          filters=pc.field("a") >= 950))
    out = pa.Table.from_batches(batches)
    assert out.schema == pa.schema([("c", pa.float64()), ("a", pa.int32())])
    # only row groups the statistics rule out are skipped (rows 0-899); the exact row filter
    # is the Filter the planner keeps above the scan
    assert out.column("a").to_pylist() == list(range(900, 1000))
    assert out.column("c").null_count == 100
    # A filter on a column the file lacks is ignored rather than failing the read.
    batches = list(f.read(path, wider, {}, required_columns=["a"], filters=pc.field("c") > 1))
    assert sum(b.num_rows for b in batches) == 1000


def test_parquet_schema_merge(tmp_path):
    f = get_format("parquet")
    one, two = StructType.fromDDL("a int"), StructType.fromDDL("a int, b string")
    os.makedirs(tmp_path / "ms/x=1")
    os.makedirs(tmp_path / "ms/x=2")
    f.write(rows_to_arrow([(1,)], one).to_batches(), one, str(tmp_path / "ms/x=1/p.parquet"), {})
    f.write(rows_to_arrow([(2, "b")], two).to_batches(), two, str(tmp_path / "ms/x=2/p.parquet"),
            {})
    s, rows = read("parquet", str(tmp_path / "ms"))
    assert s.simpleString() == "struct<a:int,x:int>"
    assert sorted(rows) == [(1, 1), (2, 2)]
    s, rows = read("parquet", str(tmp_path / "ms"), mergeSchema=True)
    assert s.simpleString() == "struct<a:int,b:string,x:int>"
    assert sorted(rows, key=lambda r: r.a) == [(1, None, 1), (2, "b", 2)]
    bad = StructType.fromDDL("a bigint, b string")
    f.write(rows_to_arrow([(2, "b")], bad).to_batches(), bad, str(tmp_path / "ms/x=1/q.parquet"),
            {})
    with pytest.raises(SparkException) as e:
        f.infer_schema([str(tmp_path / "ms/x=1/q.parquet"), str(tmp_path / "ms/x=2/p.parquet")],
                       {"mergeSchema": "true"})
    assert str(e.value) == ('[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\nInitial schema:\n'
                            '"STRUCT<a: BIGINT, b: STRING>"\nSchema that cannot be merged with '
                            'the initial schema:\n"STRUCT<a: INT, b: STRING>".')
    assert e.value.__cause__.getCondition() == "CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE"


def test_parquet_int96_and_foreign_files(tmp_path):
    path = str(tmp_path / "int96.parquet")
    t = pa.table({"ts": pa.array([datetime.datetime(2021, 1, 1, 10)], pa.timestamp("ns")),
                  "u": pa.array([7], pa.uint32())})
    pq.write_table(t, path, use_deprecated_int96_timestamps=True)
    s, rows = read("parquet", path)
    assert s.simpleString() == "struct<ts:timestamp,u:bigint>"
    assert rows == [(datetime.datetime(2021, 1, 1, 10), 7)]


def test_orc_round_trip(tmp_path):
    f = get_format("orc")
    assert f.extension({}) == ".zstd.orc" and f.extension({"compression": "snappy"}) == \
        ".snappy.orc"
    schema = StructType.fromDDL("i int, s string, ts timestamp, d date, arr array<bigint>")
    rows = [(1, "x", datetime.datetime(2021, 1, 2, 3, 4, 5), datetime.date(2021, 1, 2), [1]),
            (None, None, None, None, None)]
    path = str(tmp_path / ("o" + f.extension({})))
    f.write(rows_to_arrow(rows, schema, timezone="UTC").to_batches(), schema, path, {})
    s, back = read("orc", path)
    assert s == schema and back == rows


def test_registry():
    for name in ("parquet", "CSV", "Json", "text", "orc", "org.apache.spark.sql.parquet"):
        assert get_format(name).short_name == name.lower().split(".")[-1]
    with pytest.raises(AnalysisException) as e:
        get_format("foo")
    assert str(e.value) == ("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: foo. Make "
                            "sure the provider name is correct and the package is properly "
                            "registered and compatible with your Spark version.")
    import pickle
    assert pickle.loads(pickle.dumps(get_format("csv"))) is get_format("csv")
