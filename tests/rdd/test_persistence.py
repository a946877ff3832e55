"""Persistence, checkpointing and RDD identity, checked against PySpark 4.3 (local[2])."""
from operator import add

import pytest

from rayspark import StorageLevel

LEVELS = [
    ("NONE", "Serialized 1x Replicated", "StorageLevel(False, False, False, False, 1)"),
    ("DISK_ONLY", "Disk Serialized 1x Replicated", "StorageLevel(True, False, False, False, 1)"),
    ("DISK_ONLY_2", "Disk Serialized 2x Replicated", "StorageLevel(True, False, False, False, 2)"),
    ("DISK_ONLY_3", "Disk Serialized 3x Replicated", "StorageLevel(True, False, False, False, 3)"),
    ("MEMORY_ONLY", "Memory Serialized 1x Replicated",
     "StorageLevel(False, True, False, False, 1)"),
    ("MEMORY_ONLY_2", "Memory Serialized 2x Replicated",
     "StorageLevel(False, True, False, False, 2)"),
    ("MEMORY_AND_DISK", "Disk Memory Serialized 1x Replicated",
     "StorageLevel(True, True, False, False, 1)"),
    ("MEMORY_AND_DISK_2", "Disk Memory Serialized 2x Replicated",
     "StorageLevel(True, True, False, False, 2)"),
    ("MEMORY_AND_DISK_DESER", "Disk Memory Deserialized 1x Replicated",
     "StorageLevel(True, True, False, True, 1)"),
    ("OFF_HEAP", "Disk Memory OffHeap Serialized 1x Replicated",
     "StorageLevel(True, True, True, False, 1)"),
]


@pytest.mark.parametrize("name, text, rep", LEVELS)
def test_storage_level_str_and_repr(name, text, rep):
    level = getattr(StorageLevel, name)
    assert str(level) == text
    assert repr(level) == rep


def test_storage_level_equality():
    assert StorageLevel.MEMORY_ONLY == StorageLevel(False, True, False, False)
    assert StorageLevel.MEMORY_ONLY == StorageLevel(False, True, False, False, 1)
    assert StorageLevel.MEMORY_ONLY != StorageLevel.MEMORY_ONLY_2


def test_default_storage_level(sc):
    rdd = sc.parallelize([1])
    assert str(rdd.getStorageLevel()) == "Serialized 1x Replicated"
    assert repr(rdd.getStorageLevel()) == "StorageLevel(False, False, False, False, 1)"
    assert rdd.is_cached is False


def test_cache(sc):
    rdd = sc.parallelize([1, 2, 3], 2)
    assert rdd.cache() is rdd
    assert str(rdd.getStorageLevel()) == "Memory Serialized 1x Replicated"
    assert rdd.is_cached
    assert rdd.collect() == [1, 2, 3]
    assert rdd.map(lambda x: x + 1).collect() == [2, 3, 4]
    assert rdd.map(lambda x: x).is_cached is False
    rdd.unpersist()


def test_persist_default_level(sc):
    rdd = sc.parallelize([1])
    rdd.persist()
    assert str(rdd.getStorageLevel()) == "Memory Serialized 1x Replicated"
    rdd.unpersist()


@pytest.mark.parametrize("name, text", [(n, t) for n, t, _ in LEVELS if n != "NONE"])
def test_persist_levels(sc, name, text):
    rdd = sc.parallelize(range(10), 3).map(lambda x: x * 2)
    assert rdd.persist(getattr(StorageLevel, name)) is rdd
    assert str(rdd.getStorageLevel()) == text
    assert rdd.is_cached
    assert (rdd.sum(), rdd.count(), rdd.collect()) == (90, 10, list(range(0, 20, 2)))
    assert rdd.unpersist() is rdd
    assert str(rdd.getStorageLevel()) == "Serialized 1x Replicated"
    assert rdd.is_cached is False
    assert rdd.collect() == list(range(0, 20, 2))


def _storage(sc, rdd):
    return {i.id: i for i in sc.getRDDStorageInfo()}.get(rdd.id)


@pytest.mark.parametrize("level, in_memory, on_disk", [
    (StorageLevel.MEMORY_ONLY, True, False),
    (StorageLevel.DISK_ONLY, False, True),
    (StorageLevel.MEMORY_AND_DISK_2, True, False),
])
def test_persisted_blocks_are_reused(sc, level, in_memory, on_disk):
    computed = sc.accumulator(0)

    def count(x):
        computed.add(1)
        return x
    rdd = sc.parallelize(range(20), 4).map(count).persist(level)
    assert rdd.sum() == 190
    assert rdd.count() == 20
    assert sorted(rdd.map(lambda x: -x).collect()) == sorted(-x for x in range(20))
    assert computed.value == 20                   # computed once, then read from storage
    info = _storage(sc, rdd)
    assert info is not None and info.numCachedPartitions == 4
    assert (info.memSize > 0) == in_memory
    assert (info.diskSize > 0) == on_disk
    rdd.unpersist(blocking=True)
    assert _storage(sc, rdd) is None
    assert rdd.count() == 20
    assert computed.value == 40                   # recomputed after unpersist


def test_persist_cannot_change_level(sc):
    rdd = sc.parallelize([1])
    rdd.persist(StorageLevel.MEMORY_AND_DISK)
    rdd.persist(StorageLevel.MEMORY_AND_DISK)          # the same level is fine
    with pytest.raises(Exception, match="Cannot change storage level of an RDD after it was "
                                        "already assigned a level"):
        rdd.persist(StorageLevel.MEMORY_ONLY_2)
    rdd.unpersist()
    rdd.persist(StorageLevel.MEMORY_ONLY_2)
    assert str(rdd.getStorageLevel()) == "Memory Serialized 2x Replicated"
    assert rdd.is_cached
    rdd.unpersist()


def test_unpersist_is_idempotent(sc):
    rdd = sc.parallelize([1])
    assert rdd.unpersist() is rdd
    rdd.cache()
    rdd.count()
    assert rdd.unpersist(blocking=True) is rdd
    assert rdd.unpersist() is rdd
    assert rdd.is_cached is False
    assert str(rdd.getStorageLevel()) == "Serialized 1x Replicated"


def test_custom_storage_level(sc):
    rdd = sc.parallelize([1, 2])
    rdd.persist(StorageLevel(True, True, False, True, 2))
    assert str(rdd.getStorageLevel()) == "Disk Memory Deserialized 2x Replicated"
    assert repr(rdd.getStorageLevel()) == "StorageLevel(True, True, False, True, 2)"
    assert rdd.collect() == [1, 2]
    rdd.unpersist()


# ------------------------------------------------------------------ checkpointing -------------
def test_checkpoint(sc, tmp_path):
    sc.setCheckpointDir(str(tmp_path))
    rdd = sc.parallelize(range(10), 2).map(lambda x: x * 2)
    assert (rdd.is_checkpointed, rdd.isCheckpointed(), rdd.getCheckpointFile()) == \
        (False, False, None)
    rdd.checkpoint()
    assert (rdd.is_checkpointed, rdd.isCheckpointed(), rdd.getCheckpointFile()) == \
        (True, False, None)
    assert rdd.count() == 10
    assert rdd.is_checkpointed and rdd.isCheckpointed()
    path = rdd.getCheckpointFile()
    assert path.startswith("file:" + str(tmp_path))
    assert rdd.collect() == list(range(0, 20, 2))
    assert rdd.getNumPartitions() == 2
    import os
    local = path[len("file:"):]
    assert os.path.basename(local).startswith("rdd-")
    assert sorted(f for f in os.listdir(local) if not f.startswith(".")) == \
        ["part-00000", "part-00001"]


def test_checkpoint_truncates_lineage(sc, tmp_path):
    sc.setCheckpointDir(str(tmp_path))
    rdd = sc.parallelize([(1, 2)], 2).reduceByKey(add).map(lambda x: x)
    rdd.checkpoint()
    assert b"ShuffledRDD" in rdd.toDebugString()
    rdd.count()
    lines = rdd.toDebugString().decode().splitlines()
    assert len(lines) == 2
    assert " |  ReliableCheckpointRDD[" in lines[1]
    assert " at count at " in lines[1]
    assert b"ShuffledRDD" not in rdd.toDebugString()


def test_checkpoint_after_a_job(sc, tmp_path):
    sc.setCheckpointDir(str(tmp_path))
    rdd = sc.parallelize(range(6), 2)
    rdd.count()
    rdd.checkpoint()
    assert not rdd.isCheckpointed()
    rdd.count()
    assert rdd.isCheckpointed()
    assert rdd.collect() == [0, 1, 2, 3, 4, 5]


def test_checkpoint_keeps_partitioner(sc, tmp_path):
    sc.setCheckpointDir(str(tmp_path))
    rdd = sc.parallelize([(i % 3, i) for i in range(12)], 3).reduceByKey(add, 2)
    rdd.checkpoint()
    rdd.collect()
    assert rdd.isCheckpointed()
    assert rdd.glom().collect() == [[(0, 18), (2, 26)], [(1, 22)]]
    assert rdd.partitioner is not None
    assert rdd.mapValues(str).collect() == [(0, "18"), (2, "26"), (1, "22")]


def test_checkpoint_without_directory(new_context):
    ctx = new_context("local[2]", "no-checkpoint-dir")
    with pytest.raises(Exception, match="Checkpoint directory has not been set"):
        ctx.parallelize([1]).checkpoint()


def test_local_checkpoint(sc):
    rdd = sc.parallelize(range(10), 2).map(lambda x: x + 1)
    assert (rdd.isLocallyCheckpointed(), rdd.isCheckpointed()) == (False, False)
    rdd.localCheckpoint()
    assert rdd.isLocallyCheckpointed()
    assert not rdd.isCheckpointed()
    assert str(rdd.getStorageLevel()) == "Disk Memory Deserialized 1x Replicated"
    assert (rdd.is_checkpointed, rdd.is_cached) == (False, False)
    assert rdd.sum() == 55
    assert rdd.isLocallyCheckpointed()
    assert rdd.isCheckpointed()            # Spark: checkpointed and materialized, locally
    assert rdd.getCheckpointFile() is None
    assert rdd.collect() == list(range(1, 11))


def test_local_checkpoint_adds_disk_to_a_persisted_level(sc):
    rdd = sc.parallelize(range(4), 2)
    rdd.persist(StorageLevel.MEMORY_ONLY)
    rdd.localCheckpoint()
    assert str(rdd.getStorageLevel()) == "Disk Memory Serialized 1x Replicated"
    assert rdd.collect() == [0, 1, 2, 3]


def test_local_checkpoint_truncates_lineage(sc):
    rdd = sc.parallelize([1, 2], 2)
    rdd.localCheckpoint()
    rdd.count()
    assert (rdd.isCheckpointed(), rdd.isLocallyCheckpointed()) == (True, True)
    lines = rdd.toDebugString().decode().splitlines()
    assert lines[0].startswith("(2) ParallelCollectionRDD[")
    assert lines[0].endswith(" [Disk Memory Deserialized 1x Replicated]")
    assert lines[1].startswith(" |       CachedPartitions: 2; MemorySize: ")
    assert lines[2].startswith(" |  LocalCheckpointRDD[")
    assert " at count at " in lines[2]


# ------------------------------------------------------------------ identity ------------------
def test_name_and_set_name(sc):
    rdd = sc.parallelize([1, 2])
    assert rdd.name() is None
    assert rdd.setName("my rdd") is rdd
    assert rdd.name() == "my rdd"
    assert repr(rdd).startswith("my rdd ParallelCollectionRDD[")


def test_id(sc):
    rdd = sc.parallelize([1])
    mapped = rdd.map(lambda x: x)
    assert type(rdd.id()) is int           # a method, as in PySpark
    assert mapped.id() > rdd.id()
    assert rdd.id() == rdd.id()
    assert rdd.id == rdd.id()              # and usable as the number itself


def test_get_num_partitions(sc):
    rdd = sc.parallelize(range(10), 4)
    pairs = rdd.map(lambda x: (x, x))
    assert rdd.getNumPartitions() == 4
    assert pairs.reduceByKey(add, 3).getNumPartitions() == 3
    assert rdd.coalesce(2).getNumPartitions() == 2
    assert rdd.union(rdd).getNumPartitions() == 8
    assert rdd.cartesian(rdd).getNumPartitions() == 16
    assert pairs.groupByKey().getNumPartitions() == 4


def test_partitioner_propagation(sc):
    rdd = sc.parallelize([(i, i) for i in range(10)], 4)
    p = rdd.partitionBy(3)
    assert rdd.partitioner is None
    assert p.partitioner is not None and p.partitioner.numPartitions == 3
    same = [p.mapValues(str), p.filter(lambda x: True), p.flatMapValues(lambda v: [v]),
            p.reduceByKey(add), rdd.reduceByKey(add, 3), rdd.groupByKey(3),
            p.mapPartitions(lambda it: it, True), p.join(p), p.cogroup(p),
            p.sample(False, 0.5, 1)]
    assert all(r.partitioner == p.partitioner for r in same)
    dropped = [p.map(lambda x: x), p.keys(), p.distinct(), p.coalesce(2)]
    assert all(r.partitioner is None for r in dropped)
    assert rdd.join(rdd).partitioner is not None        # joins always end hash-partitioned
    assert rdd.sortByKey().partitioner is not None


def test_checkpoint_compress(new_context, tmp_path):
    from rayspark import SparkConf
    ctx = new_context("local[2]", "compressed-checkpoints",
                      conf=SparkConf().set("spark.checkpoint.compress", "true"))
    ctx.setCheckpointDir(str(tmp_path))
    rdd = ctx.parallelize([(i % 3, str(i) * 50) for i in range(300)], 2).reduceByKey(
        lambda a, b: a + b)
    expected = rdd.mapValues(len).collect()
    rdd.checkpoint()
    rdd.count()
    assert rdd.isCheckpointed()
    import os
    local = rdd.getCheckpointFile()[len("file:"):]
    assert sorted(os.listdir(local)) == ["part-00000.gz", "part-00001.gz"]
    assert rdd.mapValues(len).collect() == expected
