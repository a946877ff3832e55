"""Text and pickle files in and out, checked against PySpark 4.3 (local[2]).

Hadoop's .crc side files are not written by rayspark; everything else (part file names,
extensions, _SUCCESS, split planning, hidden files) is compared with PySpark's output.
"""
import bz2
import gzip
import os
import zlib

import pytest

from rayspark.errors import FileAlreadyExistsException, InvalidInputException, PythonException


@pytest.fixture
def indir(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("alpha\nbeta\ngamma\n")
    (d / "b.txt").write_bytes(b"delta\r\nepsilon\n\nzeta")
    (d / "_hidden.txt").write_text("hidden\n")
    (d / ".dot.txt").write_text("dot\n")
    with gzip.open(d / "c.txt.gz", "wt") as f:
        f.write("gz1\ngz2\n")
    (d / "sub" / "d.txt").write_text("sub1\n")
    return d


def _listing(path):
    return sorted(f for f in os.listdir(path) if not f.endswith(".crc"))


# ------------------------------------------------------------------ textFile ------------------
def test_text_file_splits(sc, indir):
    path = str(indir / "a.txt")
    r = sc.textFile(path)
    assert r.getNumPartitions() == 3            # defaultMinPartitions 2 + Hadoop's split slop
    assert r.glom().collect() == [["alpha", "beta"], ["gamma"], []]
    assert sc.textFile(path, 4).glom().collect() == [["alpha"], ["beta"], ["gamma"], [], []]
    assert sc.textFile(path, 1).glom().collect() == [["alpha", "beta", "gamma"]]


def test_text_file_line_endings(sc, indir):
    r = sc.textFile(str(indir / "b.txt"))
    assert r.getNumPartitions() == 2
    assert r.collect() == ["delta", "epsilon", "", "zeta"]


def test_text_file_lines_crossing_split_boundaries(sc, tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "w") as f:
        for i in range(1000):
            f.write("line %d %s\n" % (i, "x" * (i % 17)))
    r = sc.textFile(str(p), 5)
    parts = r.glom().collect()
    assert r.getNumPartitions() == 5
    assert [len(x) for x in parts] == [206, 199, 199, 197, 199]
    assert [x[0] for x in parts] == ["line 0 ", "line 206 xx", "line 405 xxxxxxxxxxxxxx",
                                     "line 604 xxxxxxxxx", "line 801 xx"]
    assert r.collect() == ["line %d %s" % (i, "x" * (i % 17)) for i in range(1000)]


@pytest.mark.parametrize("data, expected", [
    (b"a\rb\rc", ["a", "b", "c"]),                                   # \r ends a line too
    (b"a\r\r\nb\n\n\nc\r\n", ["a", "", "b", "", "", "c"]),
    (b"x\r\ny\rz\n\rw", ["x", "y", "z", "", "w"]),
    (b"\xef\xbb\xbfhello\nworld\n", ["hello", "world"]),               # UTF-8 BOM skipped
    (b"ok\n\xff\xfe bad\n", ["ok", "\ufffd\ufffd bad"]),
])
def test_text_file_line_terminators(sc, tmp_path, data, expected):
    p = tmp_path / "f.txt"
    p.write_bytes(data)
    assert sc.textFile(str(p), 1).collect() == expected


def test_text_file_carriage_returns_across_splits(sc, tmp_path):
    p = tmp_path / "cr.txt"
    p.write_bytes(b"".join(b"line%03d\r" % i for i in range(200)))
    r = sc.textFile(str(p), 4)
    assert r.getNumPartitions() == 4
    assert r.collect() == ["line%03d" % i for i in range(200)]
    p2 = tmp_path / "crlf.txt"
    p2.write_bytes(b"".join(b"line%03d\r\n" % i for i in range(200)))
    r2 = sc.textFile(str(p2), 7)
    assert [len(x) for x in r2.glom().collect()] == [29, 29, 28, 29, 28, 29, 28]


def test_text_file_splits_match_pyspark_on_mixed_terminators(sc, tmp_path):
    # a random file with every kind of line end; PySpark 4.3 reads it with textFile(p, 11) as
    # 11 partitions of [17, 14, 12, 12, 12, 14, 14, 9, 18, 17, 10] lines
    import random
    rnd = random.Random(4)
    parts = []
    for i in range(rnd.randint(50, 300)):
        parts.append(("L%d" % i).encode() * rnd.randint(0, 5)
                     + rnd.choice([b"\n", b"\r", b"\r\n", b"\n\n", b"\r\r\n"]))
    if rnd.random() < 0.5:
        parts.append(b"tail")
    if rnd.random() < 0.3:
        parts.insert(0, b"\xef\xbb\xbf")
    p = tmp_path / "mixed.txt"
    p.write_bytes(b"".join(parts))
    whole = sc.textFile(str(p), 1).collect()
    r11 = sc.textFile(str(p), 11)
    assert [len(x) for x in r11.glom().collect()] == [17, 14, 12, 12, 12, 14, 14, 9, 18, 17, 10]
    for n in (2, 3, 5, 7, 11):
        r = sc.textFile(str(p), n)
        assert r.collect() == whole       # every line read once, whatever the split points


def test_text_file_glob_skips_hidden_files(sc, indir):
    r = sc.textFile(str(indir / "*.txt"))
    assert r.getNumPartitions() == 3
    assert sorted(r.collect()) == ["", "alpha", "beta", "delta", "epsilon", "gamma", "zeta"]


def test_text_file_gzip_and_bzip2(sc, indir, tmp_path):
    r = sc.textFile(str(indir / "*.gz"))
    assert r.getNumPartitions() == 1            # compressed files are not splittable
    assert r.collect() == ["gz1", "gz2"]
    p = tmp_path / "x.txt.bz2"
    with bz2.open(p, "wt") as f:
        f.write("b1\nb2\n")
    assert sc.textFile(str(p)).collect() == ["b1", "b2"]


def test_text_file_directory(sc, indir):
    # PySpark (Hadoop) refuses a directory with sub-directories; rayspark reads them recursively
    r = sc.textFile(str(indir))
    assert r.glom().collect() == [["alpha", "beta", "gamma"], ["delta", "epsilon", "", "zeta"],
                                  ["gz1", "gz2"], ["sub1"]]


def test_text_file_comma_separated_paths(sc, indir):
    r = sc.textFile(str(indir / "a.txt") + "," + str(indir / "sub"))
    assert r.getNumPartitions() == 3
    assert r.collect() == ["alpha", "beta", "gamma", "sub1"]


def test_text_file_empty_file_has_no_partitions(sc, tmp_path):
    p = tmp_path / "e.txt"
    p.write_text("")
    r = sc.textFile(str(p))
    assert r.getNumPartitions() == 0
    assert r.collect() == []


def test_text_file_unicode_and_bytes(sc, tmp_path):
    p = tmp_path / "u.txt"
    p.write_text("héllo\nwörld ✓\n", encoding="utf-8")
    assert sc.textFile(str(p)).collect() == ["héllo", "wörld ✓"]
    assert sc.textFile(str(p), use_unicode=False).collect() == \
        ["héllo".encode(), "wörld ✓".encode()]


def test_text_file_uri(sc, indir):
    assert sc.textFile("file://" + str(indir / "a.txt")).collect() == ["alpha", "beta", "gamma"]


def test_text_file_missing_path_fails_before_any_task(sc, tmp_path):
    missing = tmp_path / "nope.txt"
    rdd = sc.textFile(str(missing))          # lazy, like PySpark
    ran = sc.accumulator(0)

    def touch(x):
        ran.add(1)
        return x
    with pytest.raises(InvalidInputException,
                       match=f"Input path does not exist: file:{missing}$") as ei:
        rdd.map(touch).count()
    assert isinstance(ei.value, FileNotFoundError)
    assert ran.value == 0
    with pytest.raises(InvalidInputException, match=r"Input Pattern file:.*nope\*\.txt matches 0 files"):
        sc.textFile(str(tmp_path / "nope*.txt")).count()
    hidden = tmp_path / "_h.txt"
    hidden.write_text("h\n")
    with pytest.raises(InvalidInputException, match="Input path does not exist"):
        sc.textFile(str(hidden)).count()


# ------------------------------------------------------------------ wholeTextFiles ------------
def test_whole_text_files(sc, indir, tmp_path):
    r = sc.wholeTextFiles(str(indir))
    assert r.getNumPartitions() == 2
    # hidden files and sub-directories are skipped; gzip content is decompressed
    assert sorted((k.replace(str(tmp_path), "TMP"), v) for k, v in r.collect()) == [
        ("file:TMP/in/a.txt", "alpha\nbeta\ngamma\n"),
        ("file:TMP/in/b.txt", "delta\r\nepsilon\n\nzeta"),
        ("file:TMP/in/c.txt.gz", "gz1\ngz2\n")]


def test_whole_text_files_glob(sc, indir, tmp_path):
    r = sc.wholeTextFiles(str(indir / "*.txt"), 3)
    assert r.getNumPartitions() == 2
    assert sorted((k.replace(str(tmp_path), "TMP"), v) for k, v in r.collect()) == [
        ("file:TMP/in/a.txt", "alpha\nbeta\ngamma\n"),
        ("file:TMP/in/b.txt", "delta\r\nepsilon\n\nzeta")]


def test_whole_text_files_min_partitions(sc, tmp_path):
    d = tmp_path / "w"
    d.mkdir()
    for i in range(5):
        (d / f"f{i}.txt").write_text(f"c{i}")
    r = sc.wholeTextFiles(str(d), 3)
    assert r.getNumPartitions() == 3
    assert sorted(v for _, v in r.collect()) == ["c0", "c1", "c2", "c3", "c4"]
    assert sc.wholeTextFiles(str(d), use_unicode=False).values().collect()[0] == b"c0"


# ------------------------------------------------------------------ saveAsTextFile ------------
def test_save_as_text_file(sc, tmp_path):
    out = tmp_path / "out"
    sc.parallelize(["a", 1, (2, "b"), None, b"bytes", "ü"], 3).saveAsTextFile(str(out))
    assert _listing(out) == ["_SUCCESS", "part-00000", "part-00001", "part-00002"]
    assert [(out / f).read_bytes() for f in ["part-00000", "part-00001", "part-00002"]] == \
        [b"a\n1\n", b"(2, 'b')\nNone\n", b"bytes\n\xc3\xbc\n"]
    assert (out / "_SUCCESS").read_bytes() == b""


def test_save_as_text_file_empty_partitions(sc, tmp_path):
    out = tmp_path / "out"
    sc.parallelize([], 2).saveAsTextFile(str(out))
    assert _listing(out) == ["_SUCCESS", "part-00000", "part-00001"]
    assert (out / "part-00000").read_bytes() == b"" == (out / "part-00001").read_bytes()


def test_save_as_text_file_round_trip(sc, tmp_path):
    out = str(tmp_path / "out")
    sc.parallelize(range(10), 3).saveAsTextFile(out)
    back = sc.textFile(out)
    assert back.getNumPartitions() == 3
    assert back.collect() == [str(i) for i in range(10)]
    out2 = str(tmp_path / "out2")
    sc.parallelize(["a\nb", "c"], 1).saveAsTextFile(out2)
    assert sc.textFile(out2).collect() == ["a", "b", "c"]


@pytest.mark.parametrize("codec, ext, opener", [
    ("org.apache.hadoop.io.compress.GzipCodec", ".gz", lambda p: gzip.open(p).read()),
    ("org.apache.hadoop.io.compress.BZip2Codec", ".bz2", lambda p: bz2.open(p).read()),
    ("org.apache.hadoop.io.compress.DefaultCodec", ".deflate",
     lambda p: zlib.decompress(open(p, "rb").read())),
])
def test_save_as_text_file_compressed(sc, tmp_path, codec, ext, opener):
    out = tmp_path / "out"
    sc.parallelize(["x", "y", "z"], 2).saveAsTextFile(str(out), codec)
    assert _listing(out) == ["_SUCCESS", f"part-00000{ext}", f"part-00001{ext}"]
    assert [opener(out / f"part-0000{i}{ext}") for i in range(2)] == [b"x\n", b"y\nz\n"]
    if ext != ".deflate":
        assert sc.textFile(str(out)).collect() == ["x", "y", "z"]


def test_save_as_text_file_unknown_codec(sc, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Exception, match="org.example.NoSuchCodec"):
        sc.parallelize(["x"], 1).saveAsTextFile(str(out), "org.example.NoSuchCodec")
    assert not out.exists()


def test_save_as_text_file_existing_directory(sc, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(FileAlreadyExistsException,
                       match=f"Output directory file:{out} already exists"):
        sc.parallelize([1]).saveAsTextFile(str(out))


def test_failed_job_leaves_no_output(sc, tmp_path):
    out = tmp_path / "out"

    def fail_on_7(x):
        if x == 7:
            raise ValueError("no sevens")
        return x
    with pytest.raises(PythonException, match="no sevens"):
        sc.parallelize(range(10), 3).map(fail_on_7).saveAsTextFile(str(out))
    assert not out.exists()
    assert os.listdir(tmp_path) == []           # no staging directory left behind either


def test_retried_task_writes_one_part_file(new_context, tmp_path):
    ctx = new_context("local[2,2]", "retry-output")       # 2 attempts per task

    def flaky(index, it):
        from rayspark import TaskContext
        data = list(it)
        if index == 1 and TaskContext.get().attemptNumber() == 0:
            raise RuntimeError("first attempt fails")
        return data
    out = tmp_path / "out"
    ctx.parallelize(range(6), 3).mapPartitionsWithIndex(flaky).saveAsTextFile(str(out))
    assert _listing(out) == ["_SUCCESS", "part-00000", "part-00001", "part-00002"]
    assert ctx.textFile(str(out)).collect() == [str(i) for i in range(6)]


# ------------------------------------------------------------------ pickle files --------------
def test_pickle_file_round_trip(sc, tmp_path):
    out = tmp_path / "pk"
    data = [1, "two", (3, 4.0), {"k": [5]}, None]
    sc.parallelize(data, 3).saveAsPickleFile(str(out))
    assert _listing(out) == ["_SUCCESS", "part-00000", "part-00001", "part-00002"]
    r = sc.pickleFile(str(out))
    assert r.getNumPartitions() == 3
    assert r.collect() == data            # part files in name order
    assert sorted(map(repr, r.collect())) == sorted(map(repr, data))


def test_pickle_file_batch_size_and_min_partitions(sc, tmp_path):
    out = str(tmp_path / "pk")
    sc.parallelize(range(100), 2).saveAsPickleFile(out, 7)
    r = sc.pickleFile(out, 5)
    assert r.getNumPartitions() == 2
    assert r.collect() == list(range(100))
    out3 = str(tmp_path / "pk3")
    sc.parallelize(range(30), 3).saveAsPickleFile(out3)
    r3 = sc.pickleFile(out3, 7)
    assert r3.getNumPartitions() == 3
    assert sorted(map(sorted, r3.glom().collect())) == \
        [list(range(0, 10)), list(range(10, 20)), list(range(20, 30))]


def test_pickle_file_empty_and_missing(sc, tmp_path):
    out = str(tmp_path / "pk")
    sc.parallelize([], 2).saveAsPickleFile(out)
    r = sc.pickleFile(out)
    assert (r.getNumPartitions(), r.collect()) == (2, [])
    with pytest.raises(InvalidInputException, match="Input path does not exist"):
        sc.pickleFile(str(tmp_path / "nope")).count()
