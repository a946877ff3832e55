"""Large line-based files are read (and, for CSV, schema-inferred) by several tasks, each
taking a byte range; together the ranges hold every line exactly once."""
import os

import pytest

from rayspark.sql import Row, functions as F
from rayspark.sql.datasources.io_util import read_line_range


def test_line_ranges_partition_the_lines(tmp_path):
    p = tmp_path / "lines.txt"
    lines = [f"line-{i}-" + "x" * (i % 17) for i in range(500)]
    p.write_bytes(("\n".join(lines) + "\n").encode())
    size = os.path.getsize(p)
    for step in (1, 7, 64, 1000, size):
        got = b"".join(read_line_range(str(p), s, min(step, size - s))
                       for s in range(0, size, step))
        assert got.decode().splitlines() == lines


@pytest.mark.parametrize("header", [True, False])
def test_split_csv_matches_the_whole_file(spark, tmp_path, header):
    path = tmp_path / "data.csv"
    rows = [(i, f"name {i}", i * 0.5, "2024-01-%02d" % (i % 28 + 1)) for i in range(3000)]
    text = ("id,name,score,day\n" if header else "") + \
        "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in rows)
    path.write_text(text)
    spark.conf.set("spark.sql.files.maxPartitionBytes", "4096")
    spark.conf.set("spark.sql.files.openCostInBytes", "1024")
    df = spark.read.csv(str(path), header=header, inferSchema=True)
    assert df.rdd.getNumPartitions() > 1
    assert [t for _, t in df.dtypes] == ["int", "string", "double", "date"]
    assert df.count() == 3000
    got = sorted(tuple(r) for r in df.collect())
    import datetime
    assert got == sorted((a, b, c, datetime.date(2024, 1, i % 28 + 1))
                         for i, (a, b, c, _) in enumerate(rows))
    # a wider type late in the file is found by the task that reads it
    with open(path, "a") as fh:
        fh.write("3000.5,x,1,not a date\n")
    df2 = spark.read.csv(str(path), header=header, inferSchema=True)
    assert [t for _, t in df2.dtypes] == ["double", "string", "double", "string"]
    assert df2.agg(F.max(df2.columns[0])).first()[0] == 3000.5


def test_split_json_lines_and_text_match_the_whole_file(spark, tmp_path):
    import json
    path = tmp_path / "data.json"
    with open(path, "w") as fh:
        for i in range(2000):
            fh.write(json.dumps({"id": i, "name": f"n{i}", "tags": [i % 3]}) + "\n")
    spark.conf.set("spark.sql.files.maxPartitionBytes", "4096")
    spark.conf.set("spark.sql.files.openCostInBytes", "1024")
    df = spark.read.json(str(path))
    assert df.rdd.getNumPartitions() > 1
    assert df.count() == 2000
    assert sorted(r.id for r in df.collect()) == list(range(2000))
    t = spark.read.text(str(path))
    assert t.rdd.getNumPartitions() > 1
    lines = sorted(r.value for r in t.collect())
    assert len(lines) == 2000 and lines == sorted(path.read_text().splitlines())


def test_byte_range_splits_fill_whole_waves_of_task_slots(tmp_path):
    from rayspark.sql.datasources.csv import CSVFileFormat
    from rayspark.sql.datasources.file_index import FileSplit
    from rayspark.sql.execution.file_scan import scan_units, wave_units
    path = tmp_path / "big.csv"
    path.write_text("x\n" * 150_000)                          # 300,000 bytes
    files = [FileSplit(str(path), os.path.getsize(path))]
    opts = {"maxPartitionBytes": "100000", "openCostInBytes": "1000"}
    fmt = CSVFileFormat()
    assert len(scan_units(files, fmt, opts, 100_000)) == 3    # Spark's cut: 3 on 2 slots
    units, split = wave_units(files, fmt, opts, 2)
    assert len(units) == 4 and split == 75_000                 # two full waves
    assert sum(u.length for u in units) == 300_000
    units, split = wave_units(files, fmt, opts, 3)
    assert len(units) == 3 and split == 100_000                # already whole waves


def test_whole_files_are_packed_into_whole_waves_of_task_slots(tmp_path):
    from rayspark.sql.datasources.file_index import FileSplit
    from rayspark.sql.execution.file_scan import ScanUnit, pack_files, pack_waves
    sizes = [13_100_000, 13_000_000, 13_050_000, 12_990_000,
             13_070_000, 13_020_000, 13_010_000, 13_040_000]
    units = [ScanUnit(FileSplit(str(tmp_path / f"f{i}"), s)) for i, s in enumerate(sizes)]
    split = sum(sizes) // 2
    assert len(pack_files(units, split)) == 3                 # Spark's packing: 3 + 3 + 2
    groups = pack_waves(units, split, 2)
    assert len(groups) == 4 and sorted(len(g) for g in groups) == [2, 2, 2, 2]
    assert sorted(u.split.path for g in groups for u in g) == sorted(u.split.path for u in units)
    assert len(pack_waves(units, split, 3)) == 3               # already one whole wave
    assert len(pack_waves(units[:1], split, 2)) == 1           # nothing to spread


def test_mapped_line_ranges_hold_the_same_lines_as_read_ones(tmp_path):
    from rayspark.sql.datasources.io_util import as_buffer, map_line_range
    p = tmp_path / "lines.txt"
    lines = [f"l{i}," + "y" * (i % 13) for i in range(300)]
    p.write_bytes(("\n".join(lines)).encode())                 # no newline at the end
    size = os.path.getsize(p)
    for step in (1, 5, 64, size, size + 10):
        for s in range(0, size, step):
            got, want = map_line_range(str(p), s, step), read_line_range(str(p), s, step)
            assert bytes(as_buffer(got)) == want
            if want:
                assert len(got) == len(want) and got[:3] == want[:3]
                assert got.find(b"\n") == want.find(b"\n") and (b"l1" in got) == (b"l1" in want)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert map_line_range(str(empty), 0, 10) == b""


def test_a_quoted_header_keeps_the_unquoted_fast_path(spark, tmp_path):
    from rayspark.sql.datasources.csv import _quotes_only_in_first_line
    assert _quotes_only_in_first_line(b'"a","b"\n1,2\n', b'"')
    assert not _quotes_only_in_first_line(b'"a","b"\n1,"2"\n', b'"')
    assert not _quotes_only_in_first_line(b'"a,b\n1,2"\n', b'"')       # odd: spans lines
    assert not _quotes_only_in_first_line(b'"a","b"', b'"')            # one line only
    path = tmp_path / "q.csv"
    path.write_text('"id","name","score"\n' + "".join(f"{i},n{i},{i / 2}\n" for i in range(3000))
                    + '3000,"two\nlines",1.5\n')
    spark.conf.set("spark.sql.files.maxPartitionBytes", "8192")
    spark.conf.set("spark.sql.files.openCostInBytes", "1024")
    df = spark.read.csv(str(path), header=True, inferSchema=True)
    assert df.rdd.getNumPartitions() > 2
    # without multiLine the quoted line break splits its record in two, as in Spark, so
    # `lines"` makes id a string column (values checked against PySpark 4.3)
    assert df.dtypes == [("id", "string"), ("name", "string"), ("score", "double")]
    assert df.count() == 3002 and df.where(F.col("score").isNull()).count() == 2
    ids = F.expr("try_cast(id AS INT)")
    assert df.where(ids < 3000).agg(F.sum(ids)).first()[0] == sum(range(3000))
