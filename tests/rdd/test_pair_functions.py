"""Key-value transformations and actions, checked against PySpark 4.3 results (local[2]).

Executors hash keys with PYTHONHASHSEED=0 as PySpark's do, so partition contents and collect
order match PySpark's exactly, including for str and tuple keys.
"""
from operator import add

import pytest

from rayspark.resultiterable import ResultIterable


def test_map_values_flat_map_values(sc):
    assert sc.parallelize([("a", ["apple", "banana", "lemon"]), ("b", ["grapes"])]) \
        .mapValues(len).collect() == [("a", 3), ("b", 1)]
    assert sc.parallelize([("a", ["x", "y", "z"]), ("b", ["p", "r"])]) \
        .flatMapValues(lambda x: x).collect() == \
        [("a", "x"), ("a", "y"), ("a", "z"), ("b", "p"), ("b", "r")]


def test_keys_values(sc):
    rdd = sc.parallelize([(1, 2), (3, 4)])
    assert rdd.keys().collect() == [1, 3]
    assert rdd.values().collect() == [2, 4]


# ------------------------------------------------------------------ partitionBy ---------------
def test_partition_by(sc):
    sets = sc.parallelize([1, 2, 3, 4, 2, 4, 1]).map(lambda x: (x, x)).partitionBy(2) \
        .glom().collect()
    assert sets == [[(2, 2), (4, 4), (2, 2), (4, 4)], [(1, 1), (3, 3), (1, 1)]]


def test_partition_by_string_keys(sc):
    assert sc.parallelize([(w, 1) for w in "a b c d e f g h i j".split()], 2) \
        .partitionBy(3).glom().collect() == [
            [("b", 1), ("f", 1), ("j", 1)],
            [("a", 1), ("c", 1), ("h", 1), ("i", 1)],
            [("d", 1), ("e", 1), ("g", 1)]]


def test_partition_by_tuple_keys(sc):
    # portable_hash masks tuple hashes to 63 bits like PySpark
    assert sc.parallelize([((i, i + 1), i) for i in range(12)], 2).partitionBy(3) \
        .glom().collect() == [
            [((1, 2), 1), ((5, 6), 5), ((7, 8), 7), ((9, 10), 9)],
            [((6, 7), 6), ((11, 12), 11)],
            [((0, 1), 0), ((2, 3), 2), ((3, 4), 3), ((4, 5), 4), ((8, 9), 8), ((10, 11), 10)]]
    assert sc.parallelize([((str(i), -i, None), i) for i in range(12)], 2).partitionBy(4) \
        .glom().collect() == [
            [(("3", -3, None), 3), (("5", -5, None), 5), (("7", -7, None), 7)],
            [(("0", 0, None), 0), (("10", -10, None), 10)],
            [(("1", -1, None), 1), (("2", -2, None), 2), (("8", -8, None), 8)],
            [(("4", -4, None), 4), (("6", -6, None), 6), (("9", -9, None), 9),
             (("11", -11, None), 11)]]


def test_partition_by_negative_keys_and_custom_function(sc):
    assert sc.parallelize([(-i, i) for i in range(10)], 2).partitionBy(3).glom().collect() == [
        [(0, 0), (-3, 3), (-6, 6), (-9, 9)], [(-1, 1), (-2, 2), (-5, 5), (-8, 8)],
        [(-4, 4), (-7, 7)]]
    assert sc.parallelize([(i, i) for i in range(8)], 2).partitionBy(3, lambda k: k * 7) \
        .glom().collect() == [[(0, 0), (3, 3), (6, 6)], [(1, 1), (4, 4), (7, 7)],
                              [(2, 2), (5, 5)]]


def test_partition_by_same_partitioner_is_a_no_op(sc):
    a = sc.parallelize([(1, 1)]).partitionBy(2)
    assert a.partitionBy(2) is a
    assert a.partitionBy(3) is not a
    assert sc.parallelize([(i, i) for i in range(8)], 3).partitionBy(None).getNumPartitions() == 3


# ------------------------------------------------------------------ reduce/fold/aggregate -----
def test_reduce_by_key(sc):
    rdd = sc.parallelize([("a", 1), ("b", 1), ("a", 1)])
    assert sorted(rdd.reduceByKey(add).collect()) == [("a", 2), ("b", 1)]
    assert sc.parallelize([(i % 5, i) for i in range(40)], 4).reduceByKey(add).glom().collect() \
        == [[(0, 140), (4, 172)], [(1, 148)], [(2, 156)], [(3, 164)]]
    assert sc.parallelize([(str(i % 9), i) for i in range(40)], 4).reduceByKey(add, 3) \
        .glom().collect() == [[("5", 74), ("7", 82)],
                              [("0", 90), ("2", 100), ("3", 105), ("4", 70), ("6", 78)],
                              [("1", 95), ("8", 86)]]


def test_reduce_by_key_mixed_keys(sc):
    rdd = sc.parallelize([(1.5, 1), (2.0, 2), (2, 3), (-0.5, 4), (True, 5), (None, 6),
                          (None, 7)], 2)
    assert rdd.reduceByKey(add, 3).glom().collect() == \
        [[(None, 13)], [(True, 5)], [(1.5, 1), (2.0, 5), (-0.5, 4)]]


def test_reduce_by_key_locally(sc):
    rdd = sc.parallelize([("a", 1), ("b", 1), ("a", 1)])
    assert sorted(rdd.reduceByKeyLocally(add).items()) == [("a", 2), ("b", 1)]


def test_fold_by_key(sc):
    assert sorted(sc.parallelize([("a", 1), ("b", 1), ("a", 1)]).foldByKey(0, add).collect()) \
        == [("a", 2), ("b", 1)]
    # the zero value is applied once per key per map partition
    assert sorted(sc.parallelize([("a", 1), ("b", 1), ("a", 1), ("a", 5)], 3)
                  .foldByKey(10, add).collect()) == [("a", 27), ("b", 11)]


def test_aggregate_by_key(sc):
    rdd = sc.parallelize([("a", 1), ("b", 1), ("a", 2)])
    seq = (lambda x, y: (x[0] + y, x[1] + 1))
    comb = (lambda x, y: (x[0] + y[0], x[1] + y[1]))
    assert sorted(rdd.aggregateByKey((0, 0), seq, comb).collect()) == [("a", (3, 2)), ("b", (1, 1))]


def test_aggregate_by_key_partitions_and_zero(sc):
    rdd = sc.parallelize([(i % 4, i) for i in range(17)], 3)
    assert rdd.aggregateByKey(100, add, lambda a, b: a * b, 2).glom().collect() == \
        [[(0, 1437696), (2, 1340688)], [(1, 1301082), (3, 1388646)]]


def test_aggregate_by_key_mutable_zero_is_copied(sc):
    def seq(acc, v):
        acc.append(v)
        return acc
    rdd = sc.parallelize([("a", 1), ("b", 2), ("a", 3)], 2)
    assert sorted(rdd.aggregateByKey([], seq, add).collect()) == [("a", [1, 3]), ("b", [2])]


def test_combine_by_key(sc):
    def to_list(a):
        return [a]

    def append(a, b):
        a.append(b)
        return a

    def extend(a, b):
        a.extend(b)
        return a
    x = sc.parallelize([("a", 1), ("b", 1), ("a", 2)])
    assert sorted(x.combineByKey(to_list, append, extend).collect()) == \
        [("a", [1, 2]), ("b", [1])]


def test_combine_by_key_on_partitioned_rdd(sc):
    x = sc.parallelize([(i % 6, i) for i in range(24)], 3).partitionBy(2)
    y = x.combineByKey(lambda v: [v], lambda a, b: a + [b], lambda a, b: a + b, 2)
    assert y.getNumPartitions() == 2
    assert y.glom().collect() == [
        [(0, [0, 6, 12, 18]), (2, [2, 8, 14, 20]), (4, [4, 10, 16, 22])],
        [(1, [1, 7, 13, 19]), (3, [3, 9, 15, 21]), (5, [5, 11, 17, 23])]]


# ------------------------------------------------------------------ grouping ------------------
def test_group_by_key(sc):
    rdd = sc.parallelize([("a", 1), ("b", 1), ("a", 1)])
    assert sorted(rdd.groupByKey().mapValues(len).collect()) == [("a", 2), ("b", 1)]
    assert sorted(rdd.groupByKey().mapValues(list).collect()) == [("a", [1, 1]), ("b", [1])]


def test_group_by_key_order(sc):
    rdd = sc.parallelize([(i % 7, i) for i in range(30)], 3)
    assert rdd.groupByKey().mapValues(list).glom().collect() == [
        [(0, [0, 7, 14, 21, 28]), (3, [3, 10, 17, 24]), (6, [6, 13, 20, 27])],
        [(1, [1, 8, 15, 22, 29]), (4, [4, 11, 18, 25])],
        [(2, [2, 9, 16, 23]), (5, [5, 12, 19, 26])]]
    assert rdd.groupByKey(2).mapValues(list).glom().collect() == [
        [(0, [0, 7, 14, 21, 28]), (2, [2, 9, 16, 23]), (4, [4, 11, 18, 25]),
         (6, [6, 13, 20, 27])],
        [(1, [1, 8, 15, 22, 29]), (3, [3, 10, 17, 24]), (5, [5, 12, 19, 26])]]


def test_group_by_key_string_and_tuple_keys(sc):
    words = "the quick brown fox jumps over the lazy dog the end fox".split()
    assert sc.parallelize([(w, i) for i, w in enumerate(words)], 3).groupByKey(4) \
        .mapValues(list).glom().collect() == [
            [("quick", [1]), ("end", [10])],
            [("the", [0, 6, 9]), ("fox", [3, 11]), ("jumps", [4])],
            [("lazy", [7]), ("dog", [8])],
            [("brown", [2]), ("over", [5])]]
    data = [((i % 3, "k%d" % (i % 2)), i) for i in range(12)]
    assert sc.parallelize(data, 2).groupByKey(3).mapValues(list).glom().collect() == [
        [((0, "k1"), [3, 9]), ((2, "k1"), [5, 11])],
        [((1, "k1"), [1, 7]), ((2, "k0"), [2, 8]), ((1, "k0"), [4, 10])],
        [((0, "k0"), [0, 6])]]


def test_group_by_key_partition_func(sc):
    assert sc.parallelize([(i, i) for i in range(10)], 2).groupByKey(3, lambda k: k // 4) \
        .mapValues(list).glom().collect() == [
            [(0, [0]), (1, [1]), (2, [2]), (3, [3])], [(4, [4]), (5, [5]), (6, [6]), (7, [7])],
            [(8, [8]), (9, [9])]]


def test_group_by_key_returns_result_iterable(sc):
    v = sc.parallelize([("a", 1), ("a", 2)]).groupByKey().collect()[0][1]
    assert type(v).__name__ == "ResultIterable"
    assert isinstance(v, ResultIterable)
    assert len(v) == 2
    assert list(v) == [1, 2]
    assert list(v) == [1, 2]          # re-iterable
    assert v.maxindex == 2


def test_group_by(sc):
    rdd = sc.parallelize([1, 1, 2, 3, 5, 8])
    assert [(x, sorted(y)) for (x, y) in rdd.groupBy(lambda x: x % 2).collect()] == \
        [(0, [2, 8]), (1, [1, 1, 3, 5])]
    assert sc.parallelize(range(20), 3).groupBy(lambda x: x % 4, 3).mapValues(list) \
        .glom().collect() == [[(0, [0, 4, 8, 12, 16]), (3, [3, 7, 11, 15, 19])],
                              [(1, [1, 5, 9, 13, 17])], [(2, [2, 6, 10, 14, 18])]]
    fruit = ["apple", "avocado", "banana", "blueberry", "cherry", "kiwi"]
    assert sc.parallelize(fruit, 2).groupBy(lambda s: s[0]).mapValues(list).collect() == \
        [("b", ["banana", "blueberry"]), ("c", ["cherry"]), ("a", ["apple", "avocado"]),
         ("k", ["kiwi"])]


def test_cogroup(sc):
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2)])
    assert [(k, tuple(map(list, v))) for k, v in sorted(x.cogroup(y).collect())] == \
        [("a", ([1], [2])), ("b", ([4], []))]
    k, v = x.cogroup(y).collect()[0]
    assert type(v) is tuple and all(isinstance(i, ResultIterable) for i in v)


def test_cogroup_partitions_and_order(sc):
    x = sc.parallelize([(i % 5, i) for i in range(12)], 3)
    y = sc.parallelize([(i % 7, -i) for i in range(9)], 2)
    # the default partition count is the sum of the inputs' (PySpark groups their union)
    assert [[(k, tuple(map(list, v))) for k, v in p] for p in x.cogroup(y).glom().collect()] == [
        [(0, ([0, 5, 10], [0, -7])), (5, ([], [-5]))],
        [(1, ([1, 6, 11], [-1, -8])), (6, ([], [-6]))],
        [(2, ([2, 7], [-2]))], [(3, ([3, 8], [-3]))], [(4, ([4, 9], [-4]))]]


def test_group_with(sc):
    w = sc.parallelize([("a", 5), ("b", 6)])
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2)])
    z = sc.parallelize([("b", 42)])
    assert [(k, tuple(map(list, v))) for k, v in sorted(w.groupWith(x, y, z).collect())] == \
        [("a", ([5], [1], [2], [])), ("b", ([6], [4], [], [42]))]


def test_group_with_partitions(sc):
    w = sc.parallelize([(i % 3, i) for i in range(6)], 2)
    x = sc.parallelize([(i % 4, i) for i in range(5)], 3)
    y = sc.parallelize([(9, 9)], 1)
    assert [[(k, tuple(map(list, v))) for k, v in p] for p in w.groupWith(x, y).glom().collect()] \
        == [[(0, ([0, 3], [0, 4], []))], [(1, ([1, 4], [1], []))], [(2, ([2, 5], [2], []))],
            [(3, ([], [3], [])), (9, ([], [], [9]))], [], []]


# ------------------------------------------------------------------ joins ---------------------
X = [(i % 5, i) for i in range(12)]
Y = [(i % 4, -i) for i in range(9)]

JOIN = [
    [(0, (0, 0)), (0, (0, -4)), (0, (0, -8)), (0, (5, 0)), (0, (5, -4)), (0, (5, -8)),
     (0, (10, 0)), (0, (10, -4)), (0, (10, -8))],
    [(1, (1, -1)), (1, (1, -5)), (1, (6, -1)), (1, (6, -5)), (1, (11, -1)), (1, (11, -5))],
    [(2, (2, -2)), (2, (2, -6)), (2, (7, -2)), (2, (7, -6))],
    [(3, (3, -3)), (3, (3, -7)), (3, (8, -3)), (3, (8, -7))]]


def test_join(sc):
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2), ("a", 3)])
    j = x.join(y)
    assert j.getNumPartitions() == 4
    assert sorted(j.collect()) == [("a", (1, 2)), ("a", (1, 3))]


def test_join_partitions(sc):
    x, y = sc.parallelize(X, 3), sc.parallelize(Y, 2)
    assert x.join(y).glom().collect() == JOIN + [[]]
    assert x.join(y, 4).glom().collect() == JOIN


def test_left_outer_join(sc):
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2)])
    assert sorted(x.leftOuterJoin(y).collect()) == [("a", (1, 2)), ("b", (4, None))]
    assert sc.parallelize(X, 3).leftOuterJoin(sc.parallelize(Y, 2)).glom().collect() == \
        JOIN + [[(4, (4, None)), (4, (9, None))]]


def test_right_outer_join(sc):
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2)])
    assert sorted(y.rightOuterJoin(x).collect()) == [("a", (2, 1)), ("b", (None, 4))]
    assert sc.parallelize(X, 3).rightOuterJoin(sc.parallelize(Y, 2)).glom().collect() == \
        JOIN + [[]]


def test_full_outer_join(sc):
    x = sc.parallelize([("a", 1), ("b", 4)])
    y = sc.parallelize([("a", 2), ("c", 8)])
    assert sorted(x.fullOuterJoin(y).collect()) == \
        [("a", (1, 2)), ("b", (4, None)), ("c", (None, 8))]
    y2 = sc.parallelize([(i % 7, -i) for i in range(9)], 2)
    assert sc.parallelize(X, 3).fullOuterJoin(y2, 3).glom().collect() == [
        [(0, (0, 0)), (0, (0, -7)), (0, (5, 0)), (0, (5, -7)), (0, (10, 0)), (0, (10, -7)),
         (3, (3, -3)), (3, (8, -3)), (6, (None, -6))],
        [(1, (1, -1)), (1, (1, -8)), (1, (6, -1)), (1, (6, -8)), (1, (11, -1)), (1, (11, -8)),
         (4, (4, -4)), (4, (9, -4))],
        [(2, (2, -2)), (2, (7, -2)), (5, (None, -5))]]


def test_join_none_values(sc):
    x = sc.parallelize([("a", None), ("b", 1)])
    y = sc.parallelize([("a", None), ("c", None)])
    assert sorted(x.fullOuterJoin(y).collect(), key=str) == \
        [("a", (None, None)), ("b", (1, None)), ("c", (None, None))]


def test_join_co_partitioned(sc):
    x = sc.parallelize(X, 3).partitionBy(2)
    y = sc.parallelize(Y, 2).partitionBy(2)
    j = x.join(y)
    assert j.getNumPartitions() == 2
    assert j.partitioner == x.partitioner
    assert j.glom().collect() == [JOIN[0] + JOIN[2], JOIN[1] + JOIN[3]]


def test_subtract_by_key(sc):
    x = sc.parallelize([("a", 1), ("b", 4), ("b", 5), ("a", 2)])
    y = sc.parallelize([("a", 3), ("c", None)])
    assert x.subtractByKey(y).collect() == [("b", 4), ("b", 5)]
    x = sc.parallelize([(i % 5, i) for i in range(15)], 3)
    assert x.subtractByKey(sc.parallelize([(1, 0), (3, 0)], 1), 2).glom().collect() == \
        [[(0, 0), (0, 5), (0, 10), (2, 2), (2, 7), (2, 12), (4, 4), (4, 9), (4, 14)], []]


# ------------------------------------------------------------------ sorting -------------------
PAIRS = [("a", 1), ("b", 2), ("1", 3), ("d", 4), ("2", 5)]


def test_sort_by_key(sc):
    assert sc.parallelize(PAIRS).sortByKey().first() == ("1", 3)
    expected = [("1", 3), ("2", 5), ("a", 1), ("b", 2), ("d", 4)]
    assert sc.parallelize(PAIRS).sortByKey(True, 1).collect() == expected
    assert sc.parallelize(PAIRS).sortByKey(True, 2).collect() == expected


def test_sort_by_key_keyfunc(sc):
    words = [("Mary", 1), ("had", 2), ("a", 3), ("little", 4), ("lamb", 5), ("whose", 6),
             ("fleece", 7), ("was", 8), ("white", 9)]
    assert sc.parallelize(words).sortByKey(True, 3, keyfunc=lambda k: k.lower()).collect() == \
        [("a", 3), ("fleece", 7), ("had", 2), ("lamb", 5), ("little", 4), ("Mary", 1),
         ("was", 8), ("white", 9), ("whose", 6)]


KEYS16 = [(k, k) for k in [5, 3, 9, 1, 7, 2, 8, 6, 4, 0, 11, 15, 13, 12, 14, 10]]


def test_sort_by_key_range_partitions(sc):
    assert sc.parallelize(KEYS16, 3).sortByKey().glom().collect() == [
        [(k, k) for k in range(0, 6)], [(k, k) for k in range(6, 11)],
        [(k, k) for k in range(11, 16)]]


def test_sort_by_key_descending_partitions(sc):
    assert sc.parallelize(KEYS16, 3).sortByKey(False).glom().collect() == [
        [(k, k) for k in range(15, 10, -1)], [(k, k) for k in range(10, 5, -1)],
        [(k, k) for k in range(5, -1, -1)]]
    data = [(k % 13, k) for k in range(40)]
    assert sc.parallelize(data, 3).sortByKey(False, 4).glom().collect() == [
        [(12, 12), (12, 25), (12, 38), (11, 11), (11, 24), (11, 37), (10, 10), (10, 23),
         (10, 36)],
        [(9, 9), (9, 22), (9, 35), (8, 8), (8, 21), (8, 34), (7, 7), (7, 20), (7, 33)],
        [(6, 6), (6, 19), (6, 32), (5, 5), (5, 18), (5, 31), (4, 4), (4, 17), (4, 30)],
        [(3, 3), (3, 16), (3, 29), (2, 2), (2, 15), (2, 28), (1, 1), (1, 14), (1, 27),
         (0, 0), (0, 13), (0, 26), (0, 39)]]


def test_sort_by_key_sampled_bounds(sc):
    # bounds come from PySpark's sample(False, 20 * n / count, seed=1) of the keys
    import random
    rnd = random.Random(4)
    data = [(rnd.randint(0, 1000), i) for i in range(500)]
    asc = sc.parallelize(data, 4).sortByKey(numPartitions=5)
    assert [len(p) for p in asc.glom().collect()] == [85, 93, 115, 86, 121]
    assert asc.keys().collect() == sorted(k for k, _ in data)
    desc = sc.parallelize(data, 4).sortByKey(False, 5)
    assert [len(p) for p in desc.glom().collect()] == [121, 86, 115, 93, 85]


def test_sort_by_key_single_partition_and_empty(sc):
    assert sc.parallelize([(3, "c"), (1, "a"), (2, "b")], 3).sortByKey(False, 1) \
        .glom().collect() == [[(3, "c"), (2, "b"), (1, "a")]]
    r = sc.parallelize([], 2).sortByKey()
    assert r.collect() == []
    assert r.getNumPartitions() == 2


def test_sort_by_key_is_stable(sc):
    assert sc.parallelize([(1, "b"), (0, "x"), (1, "a"), (1, "c"), (0, "y")], 2) \
        .sortByKey().collect() == [(0, "x"), (0, "y"), (1, "b"), (1, "a"), (1, "c")]


def test_sort_by_key_ascending_none_sorts_descending(sc):
    # PySpark tests the truthiness of `ascending`
    assert sc.parallelize([(2, 1), (1, 2)], 2).sortByKey(None).collect() == [(2, 1), (1, 2)]


def test_sort_by(sc):
    assert sc.parallelize(PAIRS).sortBy(lambda x: x[0]).collect() == \
        [("1", 3), ("2", 5), ("a", 1), ("b", 2), ("d", 4)]
    assert sc.parallelize(PAIRS).sortBy(lambda x: x[1]).collect() == PAIRS
    assert sc.parallelize(range(20), 3).sortBy(lambda x: (x % 5, x), False, 2).glom().collect() \
        == [[19, 14, 9, 4, 18, 13, 8, 3, 17], [12, 7, 2, 16, 11, 6, 1, 15, 10, 5, 0]]
    assert sc.parallelize([5, 2, 8, 1], 2).sortBy(lambda x: x, ascending=False,
                                                   numPartitions=1).collect() == [8, 5, 2, 1]


def test_repartition_and_sort_within_partitions(sc):
    rdd = sc.parallelize([(0, 5), (3, 8), (2, 6), (0, 8), (3, 8), (1, 3)])
    assert rdd.repartitionAndSortWithinPartitions(2, lambda x: x % 2, True).glom().collect() == \
        [[(0, 5), (0, 8), (2, 6)], [(1, 3), (3, 8), (3, 8)]]


def test_repartition_and_sort_within_partitions_options(sc):
    rdd = sc.parallelize([(i % 7, i) for i in range(20)], 3)
    assert rdd.repartitionAndSortWithinPartitions(3, ascending=False).glom().collect() == [
        [(6, 6), (6, 13), (3, 3), (3, 10), (3, 17), (0, 0), (0, 7), (0, 14)],
        [(4, 4), (4, 11), (4, 18), (1, 1), (1, 8), (1, 15)],
        [(5, 5), (5, 12), (5, 19), (2, 2), (2, 9), (2, 16)]]
    default = rdd.repartitionAndSortWithinPartitions()
    assert default.getNumPartitions() == 3
    assert default.glom().collect() == [
        [(0, 0), (0, 7), (0, 14), (3, 3), (3, 10), (3, 17), (6, 6), (6, 13)],
        [(1, 1), (1, 8), (1, 15), (4, 4), (4, 11), (4, 18)],
        [(2, 2), (2, 9), (2, 16), (5, 5), (5, 12), (5, 19)]]
    words = sc.parallelize([("b", 1), ("A", 2), ("a", 3), ("C", 4), ("c", 5)], 2)
    assert words.repartitionAndSortWithinPartitions(2, lambda k: 0, keyfunc=lambda k: k.lower()) \
        .glom().collect() == [[("A", 2), ("a", 3), ("b", 1), ("C", 4), ("c", 5)], []]


# ------------------------------------------------------------------ pair actions --------------
def test_count_by_key(sc):
    d = sc.parallelize([("a", 1), ("b", 1), ("a", 1)]).countByKey()
    assert type(d).__name__ == "defaultdict"
    assert sorted(d.items()) == [("a", 2), ("b", 1)]


def test_collect_as_map(sc):
    m = sc.parallelize([(1, 2), (3, 4)]).collectAsMap()
    assert type(m) is dict and m == {1: 2, 3: 4}
    assert sc.parallelize([(1, 2), (1, 3), (2, 0)], 2).collectAsMap() == {1: 3, 2: 0}


def test_lookup(sc):
    pairs = range(1000)
    rdd = sc.parallelize(zip(pairs, pairs), 10)
    assert rdd.lookup(42) == [42]
    assert rdd.lookup(1024) == []
    grouped = rdd.groupByKey()
    assert grouped.lookup(1024) == []
    assert list(grouped.lookup(42)[0]) == [42]
    assert sc.parallelize([("a", "b")]).sortByKey().lookup("a") == ["b"]


def test_lookup_on_partitioned_rdd(sc):
    rdd = sc.parallelize([(i % 4, i) for i in range(12)], 3).partitionBy(2)
    assert rdd.lookup(1) == [1, 5, 9]
    assert rdd.lookup(5) == []
    strs = sc.parallelize([("k%d" % (i % 4), i) for i in range(12)], 3).partitionBy(3)
    assert strs.lookup("k1") == [1, 5, 9]        # hashed like the executors hash
    assert strs.lookup("zz") == []


def test_sort_by_key_sample_sketch_matches_pyspark_sampler():
    # the one-pass sketch keeps the keys PySpark's sample(False, f, seed=1) would pick
    from rayspark.rdd.rdd import _SampleSketch
    from rayspark.rdd.sampler import RDDSampler
    data = [(k, None) for k in range(1000)]
    n, full, (max_u, kept) = _SampleSketch(50)(iter(data))
    assert (n, full, len(kept)) == (1000, True, 50)
    fraction = 0.03
    assert fraction <= max_u
    expected = [kv[0] for kv in RDDSampler(False, fraction, 1).func(0, iter(data))]
    assert [k for u, k in kept if u < fraction] == expected


def test_sort_by_key_falls_back_to_sampling_when_the_sketch_overflows(sc, monkeypatch):
    import rayspark.rdd.rdd as rdd_module
    real = rdd_module._SampleSketch
    monkeypatch.setattr(rdd_module, "_SampleSketch", lambda cap: real(3))
    asc = sc.parallelize(KEYS16, 3).sortByKey()
    assert asc.glom().collect() == [
        [(k, k) for k in range(0, 6)], [(k, k) for k in range(6, 11)],
        [(k, k) for k in range(11, 16)]]


def test_sort_large(sc):
    import random
    rnd = random.Random(11)
    data = [(rnd.random(), i) for i in range(20000)]
    assert sc.parallelize(data, 5).sortByKey(numPartitions=6).glom().map(len).collect() == \
        [2203, 3078, 3152, 2919, 4399, 4249]
    desc = sc.parallelize([(i * 7919) % 10007 for i in range(10007)], 4).sortBy(lambda x: x, False, 5)
    assert desc.glom().map(lambda p: (len(p), p[0], p[-1])).collect() == [
        (2737, 10006, 7270), (1965, 7269, 5305), (1834, 5304, 3471), (1849, 3470, 1622),
        (1622, 1621, 0)]


def test_distinct_and_group_by_key_large(sc):
    d = sc.parallelize([str(i % 997) for i in range(20000)], 5).distinct(4)
    assert d.glom().map(lambda p: (len(p), p[:3])).collect() == [
        (253, ["4", "5", "10"]), (245, ["1", "2", "9"]), (254, ["0", "3", "6"]),
        (245, ["8", "11", "19"])]
    g = sc.parallelize([("k%d" % (i % 13), i) for i in range(5000)], 4).groupByKey(3)
    assert g.mapValues(len).collect()[:4] == [("k1", 385), ("k3", 385), ("k5", 385), ("k7", 385)]
