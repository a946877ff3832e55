"""Element-wise and set transformations, checked against PySpark 4.3 results (local[2]).

Collect order is part of the expectation wherever PySpark's order is deterministic (executors
hash with PYTHONHASHSEED=0 in both engines).
"""
import pytest


def test_map(sc):
    assert sc.parallelize(range(10), 3).map(lambda x: x * x).collect() == \
        [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
    assert sc.parallelize(range(10), 3).glom().collect() == [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]


def test_flat_map(sc):
    assert sc.parallelize([2, 3, 4], 2).flatMap(lambda x: range(1, x)).glom().collect() == \
        [[1], [1, 2, 1, 2, 3]]
    assert sc.parallelize([2, 3, 4]).flatMap(lambda x: [(x, x), (x, x)]).collect() == \
        [(2, 2), (2, 2), (3, 3), (3, 3), (4, 4), (4, 4)]


def test_filter(sc):
    assert sc.parallelize(range(10), 3).filter(lambda x: x % 2).glom().collect() == \
        [[1], [3, 5], [7, 9]]


def test_map_partitions(sc):
    assert sc.parallelize([1, 2, 3, 4], 2).mapPartitions(lambda it: [sum(it)]).collect() == [3, 7]

    def gen(it):
        yield sum(it)
    assert sc.parallelize(range(9), 3).mapPartitions(gen).collect() == [3, 12, 21]


def test_map_partitions_with_index(sc):
    rdd = sc.parallelize([1, 2, 3, 4], 4)
    assert rdd.mapPartitionsWithIndex(lambda i, it: [(i, list(it))]).collect() == \
        [(0, [1]), (1, [2]), (2, [3]), (3, [4])]
    assert rdd.mapPartitionsWithSplit(lambda i, it: [i]).sum() == 6


def test_chained_narrow_transformations(sc):
    rdd = sc.parallelize(range(20), 4)
    out = (rdd.map(lambda x: x + 1).filter(lambda x: x % 3).flatMap(lambda x: [x, -x])
           .mapPartitionsWithIndex(lambda i, it: ((i, x) for x in it)).collect())
    expected = [(i, y) for i, part in enumerate([range(0, 5), range(5, 10), range(10, 15),
                                                 range(15, 20)])
                for x in part if (x + 1) % 3 for y in (x + 1, -(x + 1))]
    assert out == expected


def test_glom(sc):
    assert sc.parallelize([1], 3).glom().collect() == [[], [], [1]]


def test_key_by(sc):
    assert sc.parallelize(["ab", "c", "def"], 2).keyBy(len).collect() == \
        [(2, "ab"), (1, "c"), (3, "def")]
    x = sc.parallelize(range(0, 3)).keyBy(lambda x: x * x)
    y = sc.parallelize(zip(range(0, 5), range(0, 5)))
    assert [(k, list(map(list, v))) for k, v in sorted(x.cogroup(y).collect())] == \
        [(0, [[0], [0]]), (1, [[1], [1]]), (2, [[], [2]]), (3, [[], [3]]), (4, [[2], [4]])]


# ------------------------------------------------------------------ distinct ------------------
def test_distinct(sc):
    assert sc.parallelize([1, 1, 2, 3, 3, 3, 4, 5, 5], 3).distinct().collect() == [3, 1, 4, 2, 5]
    assert sc.parallelize([1, 1, 2, 3, 3, 3, 4, 5, 5, 7, 9, 11], 3).distinct(2).glom().collect() \
        == [[2, 4], [1, 3, 5, 7, 9, 11]]


def test_distinct_strings_and_tuples(sc):
    assert sc.parallelize(["b", "a", "c", "a", "dd", "b"], 2).distinct().glom().collect() == \
        [["b", "c"], ["a", "dd"]]
    assert sc.parallelize([(1, "a"), (2, "b"), (1, "a"), (3, None), ((1, 2), 3)], 2) \
        .distinct().glom().collect() == [[(1, "a"), (2, "b"), ((1, 2), 3)], [(3, None)]]


def test_distinct_mixed_types(sc):
    data = [1.5, None, True, -3, 2 ** 70, 1.5, -1, -2]
    assert sc.parallelize(data, 3).distinct(3).glom().collect() == \
        [[None, -3], [True, -1, -2], [1.5, 1180591620717411303424]]


# ------------------------------------------------------------------ sampling ------------------
def test_sample_without_replacement(sc):
    assert sc.parallelize(range(100), 4).sample(False, 0.1, 81).collect() == \
        [4, 26, 39, 41, 42, 52, 63, 76, 80, 86, 97]


def test_sample_with_replacement(sc):
    assert sc.parallelize(range(100), 4).sample(True, 0.2, 42).collect() == \
        [15, 18, 22, 24, 27, 27, 34, 36, 46, 55, 63, 65, 76, 86, 93, 94, 99]
    assert sc.parallelize(range(20), 2).sample(True, 25.0, 3).count() == 476


def test_sample_fraction_above_one_without_replacement(sc):
    assert sc.parallelize(range(10), 2).sample(False, 1.5, 1).collect() == list(range(10))


def test_sample_is_deterministic_for_a_seed(sc):
    rdd = sc.parallelize(range(1000), 5)
    assert rdd.sample(False, 0.3, 7).collect() == rdd.sample(False, 0.3, 7).collect()


def test_sample_negative_fraction(sc):
    with pytest.raises(ValueError, match=r"^Fraction must be nonnegative\.$"):
        sc.parallelize(range(10)).sample(False, -0.1, 1)


def test_random_split(sc):
    r1, r2 = sc.parallelize(range(50), 2).randomSplit([2, 3], 17)
    assert r1.collect() == [7, 9, 11, 16, 17, 19, 25, 26, 27, 32, 33, 35, 36, 44, 46, 49]
    assert r2.collect() == [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 13, 14, 15, 18, 20, 21, 22, 23, 24,
                            28, 29, 30, 31, 34, 37, 38, 39, 40, 41, 42, 43, 45, 47, 48]


def test_random_split_three_ways(sc):
    parts = sc.parallelize(range(30), 3).randomSplit([0.1, 0.5, 0.4], 5)
    assert [p.collect() for p in parts] == [
        [13, 20, 24, 29],
        [1, 2, 3, 5, 6, 8, 10, 11, 14, 15, 18, 21, 22, 23, 25, 28],
        [0, 4, 7, 9, 12, 16, 17, 19, 26, 27]]


def test_random_split_bad_weights(sc):
    rdd = sc.parallelize(range(3))
    with pytest.raises(ValueError, match="Weights must be nonnegative"):
        rdd.randomSplit([-1.0, 2.0], 1)
    with pytest.raises(ValueError, match="Sum of weights must be positive"):
        rdd.randomSplit([0, 0], 1)


# ------------------------------------------------------------------ set operations ------------
def test_union(sc):
    rdd = sc.parallelize([1, 1, 2, 3], 2)
    u = rdd.union(rdd)
    assert u.getNumPartitions() == 4
    assert u.glom().collect() == [[1, 1], [2, 3], [1, 1], [2, 3]]
    assert (sc.parallelize([1, 2], 1) + sc.parallelize([3], 2)).glom().collect() == \
        [[1, 2], [], [3]]


def test_union_with_non_rdd_raises(sc):
    with pytest.raises(TypeError):
        sc.parallelize([1]) + [2]


def test_union_of_co_partitioned_rdds_keeps_partitioner(sc):
    a = sc.parallelize([(1, 1), (2, 2), (3, 3)], 2).partitionBy(3)
    b = sc.parallelize([(1, "x"), (4, "y")], 2).partitionBy(3)
    u = a.union(b)
    assert u.getNumPartitions() == 3
    assert u.partitioner == a.partitioner
    assert u.glom().collect() == [[(3, 3)], [(1, 1), (1, "x"), (4, "y")], [(2, 2)]]


def test_union_of_differently_partitioned_rdds(sc):
    a = sc.parallelize([(1, 1), (2, 2), (3, 3)], 2).partitionBy(3)
    b = sc.parallelize([(1, "x"), (4, "y")], 2).partitionBy(2)
    u = a.union(b)
    assert u.getNumPartitions() == 5
    assert u.partitioner is None
    assert u.glom().collect() == [[(3, 3)], [(1, 1)], [(2, 2)], [(4, "y")], [(1, "x")]]


def test_intersection(sc):
    a = sc.parallelize([1, 10, 2, 3, 4, 5], 2)
    b = sc.parallelize([1, 6, 2, 3, 7, 8], 2)
    r = a.intersection(b)
    assert r.getNumPartitions() == 4
    assert r.collect() == [1, 2, 3]


def test_intersection_removes_duplicates(sc):
    a = sc.parallelize([1, 1, 2, 2, "x", (1, 2)], 3)
    b = sc.parallelize([1, 2, 2, "x", (1, 2)], 1)
    r = a.intersection(b)
    assert r.getNumPartitions() == 4
    assert r.glom().collect() == [[], [1, (1, 2)], [2], ["x"]]


def test_subtract(sc):
    x = sc.parallelize([("a", 1), ("b", 4), ("b", 5), ("a", 3)])
    y = sc.parallelize([("a", 3), ("c", None)])
    r = x.subtract(y)
    assert r.getNumPartitions() == 4
    assert r.collect() == [("b", 4), ("a", 1), ("b", 5)]


def test_subtract_keeps_duplicates(sc):
    assert sc.parallelize([1, 1, 2, 3, 3], 2).subtract(sc.parallelize([3], 1)).collect() == \
        [1, 1, 2]


def test_subtract_num_partitions(sc):
    r = sc.parallelize(range(20), 3).subtract(sc.parallelize(range(0, 20, 3), 2), 4)
    assert r.getNumPartitions() == 4
    assert r.glom().collect() == [[4, 8, 16], [1, 5, 13, 17], [2, 10, 14], [7, 11, 19]]


def test_cartesian(sc):
    c = sc.parallelize([1, 2], 2).cartesian(sc.parallelize(["a", "b", "c"], 3))
    assert c.getNumPartitions() == 6
    assert c.glom().collect() == [[(1, "a")], [(1, "b")], [(1, "c")],
                                  [(2, "a")], [(2, "b")], [(2, "c")]]
    r = sc.parallelize([1, 2])
    assert r.cartesian(r).collect() == [(1, 1), (1, 2), (2, 1), (2, 2)]


# ------------------------------------------------------------------ zip -----------------------
def test_zip(sc):
    x = sc.parallelize(range(0, 5))
    y = sc.parallelize(range(1000, 1005))
    assert x.zip(y).collect() == [(0, 1000), (1, 1001), (2, 1002), (3, 1003), (4, 1004)]
    assert sc.parallelize(range(6), 3).zip(sc.parallelize("abcdef", 3)).glom().collect() == \
        [[(0, "a"), (1, "b")], [(2, "c"), (3, "d")], [(4, "e"), (5, "f")]]


def test_zip_with_itself_mapped(sc):
    x = sc.parallelize(range(10), 3)
    assert x.zip(x.map(lambda v: v * 10)).collect() == [(i, i * 10) for i in range(10)]


def test_zip_with_index(sc):
    assert sc.parallelize(["a", "b", "c", "d"], 3).zipWithIndex().collect() == \
        [("a", 0), ("b", 1), ("c", 2), ("d", 3)]
    assert sc.parallelize(["a", "b"], 5).zipWithIndex().glom().collect() == \
        [[], [], [("a", 0)], [], [("b", 1)]]
    assert sc.parallelize(range(20), 4).filter(lambda x: x % 3 == 0).zipWithIndex() \
        .glom().collect() == [[(0, 0), (3, 1)], [(6, 2), (9, 3)], [(12, 4)], [(15, 5), (18, 6)]]


def test_zip_with_unique_id(sc):
    assert sc.parallelize(["a", "b", "c", "d", "e"], 3).zipWithUniqueId().collect() == \
        [("a", 0), ("b", 1), ("c", 4), ("d", 2), ("e", 5)]


# ------------------------------------------------------------------ coalesce / repartition ----
def test_coalesce(sc):
    assert sc.parallelize([1, 2, 3, 4, 5], 3).glom().collect() == [[1], [2, 3], [4, 5]]
    assert sc.parallelize([1, 2, 3, 4, 5], 3).coalesce(1).glom().collect() == [[1, 2, 3, 4, 5]]
    assert sc.parallelize(range(20), 7).coalesce(3).glom().collect() == \
        [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19]]


def test_coalesce_to_more_partitions_is_a_no_op(sc):
    r = sc.parallelize(range(5), 2).coalesce(5)
    assert r.getNumPartitions() == 2
    assert r.glom().collect() == [[0, 1], [2, 3, 4]]


def test_coalesce_with_shuffle(sc):
    # PySpark deals batches of 10 elements round robin from XORShiftRandom(index).nextInt(n)
    assert sc.parallelize(range(20), 2).coalesce(3, True).glom().collect() == \
        [list(range(10)), list(range(10, 20)), []]


def test_repartition_partition_contents(sc):
    assert sc.parallelize(range(12), 4).repartition(3).glom().collect() == \
        [[0, 1, 2, 9, 10, 11], [3, 4, 5], [6, 7, 8]]
    assert sc.parallelize(range(100), 3).repartition(4).glom().collect() == [
        [30, 31, 32] + list(range(63, 76)),
        list(range(0, 10)) + list(range(33, 43)) + list(range(76, 86)),
        list(range(10, 20)) + list(range(43, 53)) + list(range(86, 96)),
        list(range(20, 30)) + list(range(53, 63)) + list(range(96, 100))]


def test_repartition_up_and_to_one(sc):
    assert sc.parallelize(range(30), 2).repartition(5).glom().collect() == \
        [list(range(10, 15)) + list(range(25, 30)), [], [], [],
         list(range(0, 10)) + list(range(15, 25))]
    assert sc.parallelize(range(30), 3).repartition(1).glom().collect() == [list(range(30))]
    r = sc.parallelize([1, 2, 3, 4, 5, 6, 7], 4)
    assert len(r.repartition(2).glom().collect()) == 2
    assert len(r.repartition(10).glom().collect()) == 10


@pytest.mark.parametrize("call", [lambda r: r.repartition(0), lambda r: r.coalesce(0)])
def test_repartition_non_positive(sc, call):
    with pytest.raises(ValueError, match=r"^Number of partitions must be positive\.$"):
        call(sc.parallelize(range(3)))


# ------------------------------------------------------------------ pipe ----------------------
def test_pipe(sc):
    assert sc.parallelize(["1", "2", "", "3"]).pipe("cat").collect() == ["1", "2", "", "3"]
    assert sc.parallelize([1, 2, 3], 2).pipe("cat").glom().collect() == [["1"], ["2", "3"]]
    assert sc.parallelize(["héllo", "wörld"], 1).pipe("cat").collect() == ["héllo", "wörld"]
    assert sc.parallelize(["a b", "c"], 1).pipe("wc -w").collect() == ["3"]


def test_pipe_env(sc):
    assert sc.parallelize(["a"], 1).pipe('sh -c "echo $FOO"', env={"FOO": "bar"}).collect() == \
        ["bar"]
    # like PySpark, the command gets only the given environment
    cmd = 'sh -c "echo ${HOME:-none} ${FOO:-nofoo}"'
    assert sc.parallelize(["x"], 1).pipe(cmd).collect() == ["none nofoo"]
    assert sc.parallelize(["x"], 1).pipe(cmd, env={"FOO": "1"}).collect() == ["none 1"]


def test_pipe_strips_trailing_newlines_of_elements(sc):
    assert sc.parallelize(["a\n", "b\n\n", "c"], 1).pipe("cat").collect() == ["a", "b", "c"]
    assert sc.parallelize([b"x", 1.5, None], 1).pipe("cat").collect() == ["b'x'", "1.5", "None"]
    assert sc.parallelize([1], 3).pipe("cat").glom().collect() == [[], [], ["1"]]


def test_pipe_exit_code(sc):
    assert sc.parallelize([1, 2], 1).pipe("grep 4").collect() == []
    from rayspark.errors import PythonException
    with pytest.raises(PythonException) as ei:
        sc.parallelize([1, 2], 1).pipe("grep 4", checkCode=True).collect()
    assert "[PIPE_FUNCTION_EXITED] Pipe function `grep 4' exited with error code 1." \
        in str(ei.value)


def test_repartition_large(sc):
    assert sc.parallelize(list(range(5000)), 3).repartition(4).glom() \
        .map(lambda p: (len(p), p[:3], sum(p))).collect() == [
            (1248, [30, 31, 32], 3146344), (1258, [0, 1, 2], 3122965),
            (1250, [10, 11, 12], 3110925), (1244, [20, 21, 22], 3117266)]


def test_sample_and_take_sample_large(sc):
    rdd = sc.parallelize(list(range(100000)), 6)
    assert rdd.sample(False, 0.001, 5).collect()[:10] == \
        [555, 3574, 3743, 4936, 5758, 7394, 8486, 9480, 10090, 10655]
    assert rdd.takeSample(False, 8, 5) == [9480, 38385, 15208, 15161, 74360, 85540, 88688, 3574]
