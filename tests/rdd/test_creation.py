"""Creating RDDs: parallelize, range, emptyRDD, SparkContext.union.

Expected values were produced by PySpark 4.3 (local[2]) on the same inputs and partition counts.
"""
import pytest


def test_parallelize_default_slices(sc):
    rdd = sc.parallelize(range(7))
    assert rdd.getNumPartitions() == 2          # defaultParallelism of local[2]
    assert rdd.glom().collect() == [[0, 1, 2], [3, 4, 5, 6]]


@pytest.mark.parametrize("data, n, expected", [
    ([1, 2, 3, 4, 5], 4, [[1], [2], [3], [4, 5]]),
    ([1, 2, 3], 5, [[], [1], [], [2], [3]]),
    ("abcdef", 2, [["a", "b", "c"], ["d", "e", "f"]]),
    ({3, 1, 2}, 2, [[1], [2, 3]]),
    ((1, 2, 3), 3, [[1], [2], [3]]),
    ([], 3, [[], [], []]),
])
def test_parallelize_slices(sc, data, n, expected):
    rdd = sc.parallelize(data, n)
    assert rdd.getNumPartitions() == n
    assert rdd.glom().collect() == expected


def test_parallelize_generator(sc):
    assert sc.parallelize((x for x in range(5)), 2).glom().collect() == [[0, 1], [2, 3, 4]]


def test_parallelize_slices_whole_batches(sc):
    # PySpark serializes a list in batches of max(1, len // numSlices) elements and slices the
    # batches, not the elements: 17 elements in 3 slices are 5 / 5 / 7, not 5 / 6 / 6.
    assert [len(p) for p in sc.parallelize(list(range(17)), 3).glom().collect()] == [5, 5, 7]
    assert sc.parallelize(list(range(10)), 4).glom().collect() == \
        [[0, 1], [2, 3], [4, 5], [6, 7, 8, 9]]
    assert [len(p) for p in sc.parallelize(list(range(100)), 7).glom().collect()] == \
        [14, 14, 14, 14, 14, 14, 16]


def test_parallelize_zero_slices_raises(sc):
    with pytest.raises(ValueError):
        sc.parallelize([1, 2], 0)


@pytest.mark.parametrize("args, expected", [
    ((5,), [[0, 1], [2, 3, 4]]),
    ((2, 10, 3, 2), [[2], [5, 8]]),
    ((10, 0, -2, 3), [[10], [8, 6], [4, 2]]),
    ((1, 7, 2), [[1], [3, 5]]),
    ((0, 100, 7, 4), [[0, 7, 14], [21, 28, 35, 42], [49, 56, 63, 70], [77, 84, 91, 98]]),
    ((5, 5), [[], []]),
])
def test_range(sc, args, expected):
    assert sc.range(*args).glom().collect() == expected


def test_range_keyword_numslices(sc):
    assert sc.range(0, 10, numSlices=3).glom().collect() == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    assert sc.range(1000, numSlices=7).count() == 1000


def test_empty_rdd(sc):
    rdd = sc.emptyRDD()
    assert rdd.getNumPartitions() == 0
    assert rdd.collect() == []
    assert rdd.count() == 0
    assert rdd.isEmpty()
    assert rdd.glom().collect() == []


def test_context_union(sc):
    a = sc.parallelize([1, 2], 2)
    b = sc.parallelize([3], 1)
    c = sc.range(4, 7, numSlices=2)
    u = sc.union([a, b, c])
    assert u.getNumPartitions() == 5
    assert u.glom().collect() == [[1], [2], [3], [4], [5, 6]]
    assert sc.union([a]).collect() == [1, 2]


def test_context_union_empty_list_raises(sc):
    with pytest.raises((ValueError, IndexError)):
        sc.union([])


def test_context_property(sc):
    rdd = sc.parallelize([1])
    assert rdd.context is sc
    assert rdd.ctx is sc


def test_context_union_of_co_partitioned_rdds(sc):
    a = sc.parallelize([(1, 1), (2, 2), (3, 3)], 2).partitionBy(3)
    b = sc.parallelize([(1, "x"), (4, "y")], 2).partitionBy(3)
    u = sc.union([a, b])
    assert u.getNumPartitions() == 3
    assert u.glom().collect() == [[(3, 3)], [(1, 1), (1, "x"), (4, "y")], [(2, 2)]]


def test_parallelize_large_list_uses_1024_element_batches(sc):
    assert sc.parallelize(list(range(100000)), 7).glom().map(len).collect() == \
        [14336] * 6 + [13984]
    assert sc.parallelize(list(range(5000)), 3).glom().map(lambda p: (len(p), p[0], p[-1])) \
        .collect() == [(1024, 0, 1023), (2048, 1024, 3071), (1928, 3072, 4999)]
    assert sc.range(0, 10 ** 6, 3, 7).glom().map(lambda p: (len(p), p[0], p[-1])).collect() == [
        (47619, 0, 142854), (47619, 142857, 285711), (47619, 285714, 428568),
        (47619, 428571, 571425), (47619, 571428, 714282), (47619, 714285, 857139),
        (47620, 857142, 999999)]
