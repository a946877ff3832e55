"""portable_hash and partitioners, checked against PySpark 4.3 (pyspark.core.rdd)."""
import pytest

from rayspark import HashPartitioner, Partitioner, portable_hash


@pytest.mark.parametrize("key, expected", [
    (None, 0),
    ((1, 2), 3430029580082870073),
    ((1, (2, None)), 6170047192090124139),
    ((), 3430008),
    (1.5, 1152921504606846977),
    (True, 1),
    (-1, -2),
    (7, 7),
])
def test_portable_hash(key, expected):
    assert portable_hash(key) == expected


def test_portable_hash_tuples_fit_in_63_bits():
    for key in [(i, -i, "x" * i) for i in range(200)] + [((1, 2), (3, (4, 5)))]:
        assert 0 <= portable_hash(key) <= 0x7FFFFFFFFFFFFFFF or portable_hash(key) == -2


def test_partitioner_equality_and_call():
    p = Partitioner(3, portable_hash)
    assert p == Partitioner(3, portable_hash)
    assert p != Partitioner(4, portable_hash)
    assert p != Partitioner(3, lambda k: 0)
    assert p(5) == 2
    assert p("a") == portable_hash("a") % 3
    assert p((1, 2)) == 0
    assert HashPartitioner(3) == HashPartitioner(3)


def test_partitioner_of_partition_by(sc):
    rdd = sc.parallelize([(i, i) for i in range(10)], 4).partitionBy(3)
    assert rdd.partitioner.numPartitions == 3
    assert rdd.partitioner == sc.parallelize([(1, 1)]).partitionBy(3).partitioner
    assert rdd.partitioner != sc.parallelize([(1, 1)]).partitionBy(3, lambda k: 0).partitioner
    for i, part in enumerate(rdd.glom().collect()):
        assert all(rdd.partitioner(k) == i for k, _ in part)


def test_custom_partition_function_result_is_taken_modulo(sc):
    rdd = sc.parallelize([(i, i) for i in range(6)], 2).partitionBy(4, lambda k: -k - 1)
    assert rdd.glom().collect() == [[(3, 3)], [(2, 2)], [(1, 1), (5, 5)], [(0, 0), (4, 4)]]


def test_separately_sorted_rdds_are_not_co_partitioned(sc):
    data = [(k % 7, k) for k in range(20)]
    a = sc.parallelize(data, 2).sortByKey()
    b = sc.parallelize(data, 2).sortByKey()
    assert a.partitioner != b.partitioner           # PySpark compares the range functions
    j = a.join(b)
    assert j.getNumPartitions() == 4
    assert j.glom().map(len).collect() == [18, 18, 13, 9]
    assert a.union(b).getNumPartitions() == 4
    assert a.join(a).getNumPartitions() == 2          # an RDD is co-partitioned with itself
    assert a.union(a).getNumPartitions() == 2


def test_pyspark_rdd_module_names():
    from rayspark import RDD as TopLevelRDD
    from rayspark.rdd import (RDD, BoundedFloat, Partitioner as P, ResultIterable, StatCounter,
                              StorageLevel, portable_hash as ph)
    assert RDD is TopLevelRDD
    assert P is Partitioner and ph is portable_hash
    assert float(BoundedFloat(1.5, 0.9, 1.0, 2.0)) == 1.5
    assert {ResultIterable.__name__, StatCounter.__name__, StorageLevel.__name__} == \
        {"ResultIterable", "StatCounter", "StorageLevel"}
