"""Listing and partition discovery; expected values recorded from PySpark 4.3."""
import datetime
import decimal
import os
import pickle

import pytest

from rayspark.errors import AnalysisException, SparkException
from rayspark.sql.datasources.file_index import (escape_path_name, list_files,
                                                 unescape_path_name)
from rayspark.sql.types import StructField, StructType, LongType

from ds_helpers import read, write


def _part_dirs(root, name, dirs):
    for d in dirs:
        write(root, f"{name}/{d}/f.csv", "v\n1\n")
    return os.path.join(str(root), name)


def _schema_and_values(root, name, dirs, **kw):
    index = list_files([_part_dirs(root, name, dirs)], kw.pop("options", {}), **kw)
    values = sorted((f.partition_values for f in index.files), key=repr)
    return index.partition_schema.simpleString(), values


@pytest.mark.parametrize("dirs, schema", [
    (["x=1", "x=10000000000"], "struct<x:bigint>"),
    (["x=1", "x=1.5"], "struct<x:double>"),
    (["x=1", "x=abc"], "struct<x:string>"),
    (["d=2021-01-01", "d=2021-01-02"], "struct<d:date>"),
    (["t=2021-01-01 10%3A00%3A00", "t=2021-01-02 11%3A00%3A00.5"], "struct<t:timestamp>"),
    (["d=2021-01-01", "d=2021-01-02 10%3A00%3A00"], "struct<d:timestamp>"),
    (["x=1", "x=99999999999999999999"], "struct<x:decimal(20,0)>"),
    (["x=1.5", "x=99999999999999999999"], "struct<x:string>"),
    (["x=true", "x=false"], "struct<x:string>"),
    (["x=1", "x=2021-01-01"], "struct<x:string>"),
    (["x=1", "x=01"], "struct<x:int>"),
])
def test_partition_type_inference(tmp_path, dirs, schema):
    assert _schema_and_values(tmp_path, "p", dirs)[0] == schema


def test_partition_values_nulls_and_unescaping(tmp_path):
    root = _part_dirs(tmp_path, "p1", ["x=1/y=a", "x=2/y=b%3Dc", "x=__HIVE_DEFAULT_PARTITION__/y=d",
                                       "x=3/y=2021-01-01"])
    schema, rows = read("csv", root, header=True)
    assert schema.simpleString() == "struct<v:string,x:int,y:string>"
    assert sorted(rows, key=lambda r: r.y) == [
        ("1", 3, "2021-01-01"), ("1", 1, "a"), ("1", 2, "b=c"), ("1", None, "d")]


def test_partition_value_types_in_python(tmp_path):
    _, ts = _schema_and_values(tmp_path, "t", ["t=2021-01-01 10%3A00%3A00",
                                               "t=2021-01-02 11%3A00%3A00.5"])
    utc = datetime.timezone.utc
    assert ts == [(datetime.datetime(2021, 1, 1, 10, tzinfo=utc),),
                  (datetime.datetime(2021, 1, 2, 11, 0, 0, 500000, tzinfo=utc),)]
    _, dec = _schema_and_values(tmp_path, "dec", ["x=1", "x=99999999999999999999"])
    assert dec == [(decimal.Decimal(1),), (decimal.Decimal("99999999999999999999"),)]
    _, d = _schema_and_values(tmp_path, "d", ["d=2021-01-02"])
    assert d == [(datetime.date(2021, 1, 2),)]


def test_type_inference_disabled_and_user_partition_schema(tmp_path):
    assert _schema_and_values(tmp_path, "a", ["x=1", "x=10000000000"],
                              partition_column_type_inference=False) == \
        ("struct<x:string>", [("1",), ("10000000000",)])
    user = StructType([StructField("x", LongType())])
    assert _schema_and_values(tmp_path, "b", ["x=1"], user_partition_schema=user) == \
        ("struct<x:bigint>", [(1,)])


def test_hidden_files_and_temporary_dirs_are_skipped(tmp_path):
    write(tmp_path, "p/x=1/f.csv", "v\n1\n")
    for name in ["p/_SUCCESS", "p/.hidden.csv", "p/_tmp.csv", "p/x=1/.f.csv.crc",
                 "p/_temporary/0/f.csv", "p/.rayspark-staging-abc/f.csv", "p/f.csv._COPYING_"]:
        write(tmp_path, name, "v\n9\n")
    schema, rows = read("csv", str(tmp_path / "p"), header=True)
    assert schema.simpleString() == "struct<v:string,x:int>" and rows == [("1", 1)]
    write(tmp_path, "q/_k=1/f.csv", "v\n1\n")  # `_k=v` directories are partitions
    assert list_files([str(tmp_path / "q")]).partition_schema.names == ["_k"]


def test_base_path_globs_and_recursive_lookup(tmp_path):
    root = _part_dirs(tmp_path, "p1", ["x=1/y=a", "x=2/y=b", "x=3/y=c"])
    # Reading a partition directory itself: only the columns below it.
    assert read("csv", root + "/x=1", header=True)[0].simpleString() == \
        "struct<v:string,y:string>"
    s, rows = read("csv", root + "/x=1", header=True, basePath=root)
    assert s.simpleString() == "struct<v:string,x:int,y:string>" and rows == [("1", 1, "a")]
    # A glob's matches are roots of their own.
    s, rows = read("csv", root + "/x=*/y=[ab]*", header=True)
    assert s.simpleString() == "struct<v:string>" and len(rows) == 2
    assert len(list_files([root + "/x={1,3}"]).files) == 2
    s, rows = read("csv", root, header=True, recursiveFileLookup=True)
    assert s.simpleString() == "struct<v:string>" and len(rows) == 3
    write(tmp_path, "p1/x=1/y=a/g.txt", "v\n2\n")
    assert len(list_files([root], {"pathGlobFilter": "*.csv"}).files) == 3


def test_missing_paths_raise_path_not_found(tmp_path):
    missing = str(tmp_path / "nope.csv")
    with pytest.raises(AnalysisException) as e:
        list_files([missing])
    assert str(e.value) == f"[PATH_NOT_FOUND] Path does not exist: file:{missing}."
    assert e.value.getCondition() == "PATH_NOT_FOUND"
    with pytest.raises(AnalysisException, match=r"nope\*\.csv\.$"):
        list_files([str(tmp_path / "nope*.csv")])
    with pytest.raises(AnalysisException, match="PATH_NOT_FOUND"):
        list_files(["file:" + missing])
    assert list_files([missing], ignore_missing_files=True).files == []


def test_conflicting_partition_directories(tmp_path):
    write(tmp_path, "p/x=1/y=2/f.csv", "v\n1\n")
    write(tmp_path, "p/x=1/f.csv", "v\n1\n")
    with pytest.raises(SparkException) as e:
        list_files([str(tmp_path / "p")])
    assert e.value.getCondition() == "CONFLICTING_PARTITION_COLUMN_NAMES"
    assert "Partition column name list #0: x\n\tPartition column name list #1: x, y" in str(e.value)


def test_prune_and_partition_arrays(tmp_path):
    root = _part_dirs(tmp_path, "p", ["x=1/y=a", "x=2/y=b", "x=__HIVE_DEFAULT_PARTITION__/y=c"])
    index = list_files([root])
    calls = []

    def pred(values):
        calls.append(values)
        return values["x"] is not None and values["x"] >= 2

    pruned = index.prune(pred)
    assert [f.partition_values for f in pruned.files] == [(2, "b")]
    assert len(calls) == 3
    arrays = index.partition_arrays(pruned.files[0], 3, ["y", "x"])
    assert [a.to_pylist() for a in arrays] == [["b"] * 3, [2, 2, 2]]
    assert str(arrays[1].type) == "int32"
    null_split = [f for f in index.files if f.partition_values[0] is None][0]
    assert index.partition_arrays(null_split, 2)[0].to_pylist() == [None, None]
    assert pickle.loads(pickle.dumps(index)) == index


def test_path_name_escaping_round_trips():
    assert escape_path_name("a b/c=d:%#é") == "a b%2Fc%3Dd%3A%25%23é"
    assert unescape_path_name("a b%2Fc%3Dd%3A%25%23é") == "a b/c=d:%#é"
    assert unescape_path_name("100%") == "100%" and unescape_path_name("%zz") == "%zz"
