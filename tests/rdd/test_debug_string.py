"""toDebugString: Spark's layout (indentation at shuffles, '+-' children, storage levels,
CachedPartitions lines), as PySpark 4.3 prints it. RDD kinds and call sites are rayspark's own
(``<kind>[id] at <operation> at <file>:<line>``)."""
import inspect
import re
from operator import add

from rayspark import StorageLevel

F = __file__            # call sites name the user's file as PySpark does (full path)


def _line() -> int:
    return inspect.currentframe().f_back.f_lineno


def _dbg(rdd) -> str:
    out = rdd.toDebugString()
    assert isinstance(out, bytes)
    return out.decode()


def test_narrow_lineage(sc):
    src = sc.parallelize([1, 2], 2); m = src.map(lambda x: x); n = _line()  # noqa: E702
    assert _dbg(src) == f"(2) ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} []"
    assert _dbg(m) == (f"(2) PythonRDD[{m.id()}] at map at {F}:{n} []\n"
                       f" |  ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} []")


def test_named_rdd(sc):
    r = sc.parallelize([1, 2], 2).setName("nums"); n = _line()  # noqa: E702
    assert _dbg(r) == f"(2) nums ParallelCollectionRDD[{r.id()}] at parallelize at {F}:{n} []"


def test_shuffle_boundary(sc):
    src = sc.parallelize([(1, 2)], 2); red = src.reduceByKey(add); m = red.map(lambda x: x); n = _line()  # noqa: E501,E702
    assert _dbg(m) == (
        f"(2) PythonRDD[{m.id()}] at map at {F}:{n} []\n"
        f" |  ShuffledRDD[{red.id()}] at reduceByKey at {F}:{n} []\n"
        f" +-(2) ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} []")


def _ids_hidden(text: str) -> str:
    return re.sub(r"\[\d+\]", "[N]", text)


def test_two_shuffles_nest(sc):
    src = sc.parallelize([(1, 2)], 2); r1 = src.reduceByKey(add); sw = r1.map(lambda kv: (kv[1], kv[0])); g = sw.groupByKey(3); n = _line()  # noqa: E501,E702
    assert _ids_hidden(_dbg(g)) == (
        f"(3) PythonRDD[N] at groupByKey at {F}:{n} []\n"
        f" |  ShuffledRDD[N] at groupByKey at {F}:{n} []\n"
        f" +-(2) PythonRDD[N] at map at {F}:{n} []\n"
        f"    |  ShuffledRDD[N] at reduceByKey at {F}:{n} []\n"
        f"    +-(2) ParallelCollectionRDD[N] at parallelize at {F}:{n} []")


def test_wide_partition_count_prefix(sc):
    src = sc.parallelize(range(3), 12); m = src.map(lambda x: (x, x)); red = m.reduceByKey(add); n = _line()  # noqa: E501,E702
    assert _dbg(red) == (
        f"(12) ShuffledRDD[{red.id()}] at reduceByKey at {F}:{n} []\n"
        f" +-(12) PythonRDD[{m.id()}] at map at {F}:{n} []\n"
        f"    |   ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} []")


def test_several_shuffle_parents(sc):
    a0 = sc.parallelize([(1, 2)], 2); a = a0.map(lambda x: x); b0 = sc.parallelize([(1, 3)], 1); j = a.join(b0); n = _line()  # noqa: E501,E702
    lines = _dbg(j).splitlines()
    # a shuffle child that is not the last dependency keeps its parent's '|' column
    assert lines[-3:] == [
        f" +-(2) PythonRDD[{a.id()}] at map at {F}:{n} []",
        f" |  |  ParallelCollectionRDD[{a0.id()}] at parallelize at {F}:{n} []",
        f" +-(1) ParallelCollectionRDD[{b0.id()}] at parallelize at {F}:{n} []"]
    assert lines[0] == f"(3) PythonRDD[{j.id()}] at join at {F}:{n} []"


def test_union(sc):
    a = sc.parallelize([1], 1); b0 = sc.parallelize([2], 2); b = b0.map(lambda x: x); u = a.union(b); n = _line()  # noqa: E501,E702
    assert _dbg(u) == (
        f"(3) UnionRDD[{u.id()}] at union at {F}:{n} []\n"
        f" |  ParallelCollectionRDD[{a.id()}] at parallelize at {F}:{n} []\n"
        f" |  PythonRDD[{b.id()}] at map at {F}:{n} []\n"
        f" |  ParallelCollectionRDD[{b0.id()}] at parallelize at {F}:{n} []")


def test_coalesce(sc):
    src = sc.parallelize([1], 4); c = src.coalesce(2); n = _line()  # noqa: E702
    assert _dbg(c) == (f"(2) CoalescedRDD[{c.id()}] at coalesce at {F}:{n} []\n"
                       f" |  ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} []")


def test_cached_rdd_shows_level_and_cached_partitions(sc):
    src = sc.parallelize([1, 2], 2); m = src.map(lambda x: x).cache(); n = _line()  # noqa: E702
    assert _dbg(m) == (
        f"(2) PythonRDD[{m.id()}] at map at {F}:{n} [Memory Serialized 1x Replicated]\n"
        f" |  ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} "
        "[Memory Serialized 1x Replicated]")
    m.count()
    lines = _dbg(m).splitlines()
    # like Spark, every line shows the level of the RDD toDebugString was called on
    assert lines[0] == f"(2) PythonRDD[{m.id()}] at map at {F}:{n} [Memory Serialized 1x Replicated]"
    assert lines[1].startswith(" |       CachedPartitions: 2; MemorySize: ")
    assert lines[1].endswith(" B; DiskSize: 0.0 B")
    assert lines[2] == (f" |  ParallelCollectionRDD[{src.id()}] at parallelize at {F}:{n} "
                        "[Memory Serialized 1x Replicated]")
    child = m.map(lambda x: x); n2 = _line()  # noqa: E702
    lines = _dbg(child).splitlines()
    assert lines[0] == f"(2) PythonRDD[{child.id()}] at map at {F}:{n2} []"
    assert lines[1] == f" |  PythonRDD[{m.id()}] at map at {F}:{n} []"
    assert lines[2].startswith(" |      CachedPartitions: 2; MemorySize: ")
    m.unpersist()


def test_disk_persisted_rdd(sc):
    m = sc.parallelize([1, 2], 2).map(lambda x: x).persist(StorageLevel.DISK_ONLY)
    m.count()
    lines = _dbg(m).splitlines()
    assert lines[0].endswith(" [Disk Serialized 1x Replicated]")
    assert lines[1].startswith(" |       CachedPartitions: 2; MemorySize: 0.0 B; DiskSize: ")
    m.unpersist()


def test_text_file_rdd_is_named_after_its_path(sc, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("x\ny\n")
    r = sc.textFile(str(p)); m = r.map(lambda x: x); n = _line()  # noqa: E702
    assert r.name() == str(p)
    assert m.name() is None
    assert _dbg(m) == (f"(2) PythonRDD[{m.id()}] at map at {F}:{n} []\n"
                       f" |  {p} HadoopRDD[{r.id()}] at textFile at {F}:{n} []")
