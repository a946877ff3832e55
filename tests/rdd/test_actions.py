"""Actions, checked against PySpark 4.3 results (local[2])."""
from operator import add

import pytest

from rayspark import StatCounter
from rayspark.errors import PythonException


def test_collect_and_count(sc):
    assert sc.parallelize([], 2).collect() == []
    assert sc.parallelize([2, 3, 4]).count() == 3
    assert sc.range(1000, numSlices=7).count() == 1000
    assert sc.parallelize(range(10), 3).filter(lambda x: x > 4).count() == 5


def test_first(sc):
    assert sc.parallelize([2, 3, 4]).first() == 2
    assert sc.parallelize([7], 5).first() == 7


@pytest.mark.parametrize("make", [lambda sc: sc.parallelize([]), lambda sc: sc.emptyRDD(),
                                  lambda sc: sc.parallelize([1, 2], 3).filter(lambda x: x > 5)])
def test_first_on_empty_raises(sc, make):
    with pytest.raises(ValueError, match=r"^RDD is empty$"):
        make(sc).first()


def test_take(sc):
    rdd = sc.parallelize([2, 3, 4, 5, 6])
    assert rdd.cache().take(2) == [2, 3]
    assert rdd.take(10) == [2, 3, 4, 5, 6]
    assert sc.range(100, numSlices=100).filter(lambda x: x > 90).take(3) == [91, 92, 93]
    assert sc.parallelize(range(50), 10).filter(lambda x: x > 30).take(12) == list(range(31, 43))
    assert sc.parallelize([1, 2]).take(0) == []
    assert sc.parallelize([1, 2]).take(-1) == []


def test_take_ordered(sc):
    assert sc.parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7]).takeOrdered(6) == [1, 2, 3, 4, 5, 6]
    assert sc.parallelize([10, 1, 2, 9, 3, 4, 5, 6, 7], 2).takeOrdered(6, key=lambda x: -x) == \
        [10, 9, 7, 6, 5, 4]
    assert sc.parallelize([1]).takeOrdered(0) == []
    data = [(1, "a"), (0, "b"), (1, "c"), (0, "d"), (2, "e")]
    assert sc.parallelize(data, 3).takeOrdered(3, key=lambda x: x[0]) == \
        [(0, "b"), (0, "d"), (1, "a")]
    with pytest.raises(ValueError, match=r"^top N cannot be negative\.$"):
        sc.parallelize([1]).takeOrdered(-1)


def test_top(sc):
    assert sc.parallelize([10, 4, 2, 12, 3]).top(1) == [12]
    assert sc.parallelize([2, 3, 4, 5, 6], 2).top(2) == [6, 5]
    assert sc.parallelize([10, 4, 2, 12, 3]).top(3, key=str) == [4, 3, 2]
    assert sc.parallelize([1, 2]).top(0) == []
    assert sc.parallelize([1, 2]).top(-1) == []
    data = [(1, "a"), (0, "b"), (1, "c"), (0, "d"), (2, "e")]
    assert sc.parallelize(data, 3).top(3, key=lambda x: x[0]) == [(2, "e"), (1, "a"), (1, "c")]


def test_top_on_empty(sc):
    assert sc.parallelize([], 2).top(3) == []
    with pytest.raises(ValueError, match="Can not reduce"):     # no partitions at all
        sc.emptyRDD().top(2)


def test_take_sample(sc):
    rdd = sc.parallelize(range(0, 10))
    assert rdd.takeSample(True, 20, 1) == [0, 6, 3, 4, 3, 1, 3, 7, 3, 5, 3, 0, 0, 9, 6, 5, 7, 9,
                                           4, 7]
    assert rdd.takeSample(False, 5, 2) == [5, 9, 3, 4, 6]
    assert rdd.takeSample(False, 15, 3) == [1, 5, 6, 0, 9, 4, 7, 2, 8, 3]
    rdd = sc.parallelize(range(100), 4)
    assert rdd.takeSample(False, 7, 11) == [95, 59, 66, 45, 19, 44, 72]
    assert rdd.takeSample(True, 7, 11) == [93, 29, 42, 37, 44, 37, 80]


def test_take_sample_edge_cases(sc):
    assert sc.parallelize([], 2).takeSample(False, 3, 1) == []
    assert sc.parallelize([1]).takeSample(True, 0, 1) == []
    with pytest.raises(ValueError, match=r"^Sample size cannot be negative\.$"):
        sc.parallelize(range(3)).takeSample(False, -1, 1)


# ------------------------------------------------------------------ reductions ----------------
def test_reduce(sc):
    assert sc.parallelize([1, 2, 3, 4, 5]).reduce(add) == 15
    assert sc.parallelize((2 for _ in range(10))).map(lambda x: 1).cache().reduce(add) == 10
    assert sc.parallelize([3, 4], 5).reduce(add) == 7
    assert sc.parallelize(["a", "b", "c", "d", "e"], 3).reduce(lambda a, b: a + b) == "abcde"


def test_reduce_on_empty_raises(sc):
    with pytest.raises(ValueError, match=r"^Can not reduce\(\) empty RDD$"):
        sc.parallelize([]).reduce(add)


def test_tree_reduce(sc):
    rdd = sc.parallelize([-5, -4, -3, -2, -1, 1, 2, 3, 4], 10)
    assert [rdd.treeReduce(add, d) for d in (2, 1, 5, 10)] == [-5, -5, -5, -5]
    letters = sc.parallelize(list("abcdefghijklmnop"), 8)
    assert letters.treeReduce(add) == "abefijmncdghklop"      # PySpark's tree shape
    assert letters.treeReduce(add, 3) == "abijcdklefmnghop"
    with pytest.raises(ValueError, match=r"^Cannot reduce empty RDD\.$"):
        sc.parallelize([], 3).treeReduce(add)
    with pytest.raises(ValueError, match=r"^Depth cannot be smaller than 1 but got 0\.$"):
        sc.parallelize([1], 3).treeReduce(add, 0)


def test_fold(sc):
    assert sc.parallelize([1, 2, 3, 4, 5]).fold(0, add) == 15
    assert sc.parallelize([1, 2, 3], 3).fold(10, add) == 46     # zero per partition + once
    assert sc.parallelize([], 2).fold(5, add) == 15
    assert sc.emptyRDD().fold(5, add) == 5
    assert sc.parallelize(list("abcde"), 2).fold("", add) == "abcde"


def test_fold_with_mutable_zero(sc):
    def op(a, b):
        if isinstance(a, list):
            a.append(b if not isinstance(b, list) else len(b))
            return a
        return [a, b]
    assert sc.parallelize([1, 2, 3], 3).fold([], op) == [1, 1, 1]


def test_aggregate(sc):
    seq = (lambda x, y: (x[0] + y, x[1] + 1))
    comb = (lambda x, y: (x[0] + y[0], x[1] + y[1]))
    assert sc.parallelize([1, 2, 3, 4]).aggregate((0, 0), seq, comb) == (10, 4)
    assert sc.parallelize([]).aggregate((0, 0), seq, comb) == (0, 0)
    assert sc.parallelize([1, 2, 3], 3).aggregate(1, add, lambda a, b: a * b) == 24


def test_tree_aggregate(sc):
    rdd = sc.parallelize([-5, -4, -3, -2, -1, 1, 2, 3, 4], 10)
    assert [rdd.treeAggregate(0, add, add, d) for d in (2, 1, 5, 10)] == [-5, -5, -5, -5]
    # the zero value is used once per partition, not again at the end (PySpark reduces)
    r = sc.parallelize(range(20), 8)
    assert (r.treeAggregate(1, add, add), r.treeAggregate(1, add, add, 3)) == (198, 198)
    assert sc.parallelize([], 3).treeAggregate(7, add, add) == 21
    assert sc.emptyRDD().treeAggregate(7, add, add) == 7


def test_tree_aggregate_tree_shape(sc):
    # the order in which partial results are combined shows the tree (PySpark's scale = ceil)
    r = sc.parallelize(list("abcdefghijklmnopqrst"), 9)
    assert r.treeAggregate("", add, add) == "abghmncdijopefklqrst"
    assert r.treeAggregate("", add, add, 3) == "abghmncdijopefklqrst"
    assert r.treeAggregate("", add, add, 4) == "abijqrstefmncdklghop"
    with pytest.raises(ValueError, match=r"^Depth cannot be smaller than 1 but got 0\.$"):
        sc.parallelize([1], 3).treeAggregate(0, add, add, 0)


def test_max_min(sc):
    rdd = sc.parallelize([1.0, 5.0, 43.0, 10.0])
    assert (rdd.max(), rdd.max(key=str), rdd.min(), rdd.min(key=str)) == (43.0, 5.0, 1.0, 1.0)
    ties = sc.parallelize([(1, "a"), (3, "b"), (3, "c"), (0, "d")], 2)
    assert ties.max(key=lambda x: x[0]) == (3, "b")
    assert ties.min(key=lambda x: -x[0]) == (3, "b")
    for action in (lambda r: r.max(), lambda r: r.min()):
        with pytest.raises(ValueError, match="Can not reduce"):
            action(sc.parallelize([], 2))


def test_sum(sc):
    assert sc.parallelize([1.0, 2.0, 3.0]).sum() == 6.0
    assert sc.parallelize([]).sum() == 0
    s = sc.parallelize([1, 2, 3]).sum()
    assert s == 6 and type(s) is int
    assert type(sc.parallelize([]).sum()) is int


def test_mean_variance_stdev(sc):
    rdd = sc.parallelize([1, 2, 3])
    assert rdd.mean() == 2.0
    assert sc.parallelize([1, 2, 3, 4], 3).mean() == 2.5
    assert rdd.variance() == 0.6666666666666666
    assert rdd.stdev() == 0.816496580927726
    assert rdd.sampleStdev() == 1.0
    assert rdd.sampleVariance() == 1.0
    many = sc.parallelize([x * 1.37 for x in range(-7, 30)], 4)
    assert (many.variance(), many.stdev(), many.sampleStdev(), many.sampleVariance(),
            many.mean(), many.sum()) == (213.96660000000008, 14.6275972052829,
                                         14.829366698098296, 219.91011666666677, 15.07, 557.59)


def test_variance_of_one_and_no_elements(sc):
    one = sc.parallelize([5.0], 2)
    assert one.variance() == 0.0
    assert repr(one.sampleVariance()) == "nan" and repr(float(one.sampleStdev())) == "nan"
    empty = sc.parallelize([], 2)
    assert repr(empty.variance()) == "nan"
    assert repr(float(empty.stdev())) == "nan"
    assert repr(empty.sampleVariance()) == "nan"


def test_stats(sc):
    s = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3).stats()
    assert isinstance(s, StatCounter)
    assert (s.count(), s.mean(), s.sum(), s.min(), s.max()) == (10, 5.5, 55.0, 1, 10)
    assert (s.variance(), s.stdev(), s.sampleVariance(), s.sampleStdev()) == \
        (8.25, 2.8722813232690143, 9.166666666666666, 3.0276503540974917)


def test_stats_merge(sc):
    s1 = sc.parallelize([1, 2, 3], 2).stats()
    s2 = sc.parallelize([10, 20], 1).stats()
    s1c = s1.copy()
    s1.mergeStats(s2)
    s1c.merge(100)
    assert (s1.count(), s1.mean(), s1.stdev()) == (5, 7.2, 7.138627319029899)
    assert (s1c.count(), s1c.mean(), s1c.stdev()) == (4, 26.5, 42.44113570582201)
    s2.mergeStats(s2)
    assert (s2.count(), s2.mean(), s2.stdev()) == (4, 15.0, 5.0)


def test_stats_repr_like_pyspark(sc):
    s = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3).stats()
    assert repr(s) == "(count: 10, mean: 5.5, stdev: 2.8722813232690143, max: 10.0, min: 1.0)"
    assert str(sc.parallelize([2, 4, 4, 4, 5, 5, 7, 9], 3).stats()) == \
        "(count: 8, mean: 5.0, stdev: 2.0, max: 9.0, min: 2.0)"


def test_mean_of_empty_rdd_like_pyspark(sc):
    assert sc.parallelize([]).mean() == 0.0
    assert repr(sc.parallelize([], 2).stats()) == \
        "(count: 0, mean: 0.0, stdev: nan, max: -inf, min: inf)"


def test_stats_as_dict_like_pyspark(sc):
    s = sc.parallelize([1.0, 2.0, 3.0, 4.0]).stats()
    assert s.asDict() == {"count": 4, "mean": 2.5, "sum": 10.0, "min": 1.0, "max": 4.0,
                          "stdev": 1.2909944487358056, "variance": 1.6666666666666667}


# ------------------------------------------------------------------ histogram -----------------
def test_histogram(sc):
    rdd = sc.parallelize(range(51))
    assert rdd.histogram(2) == ([0, 25, 50], [25, 26])
    assert rdd.histogram([0, 5, 25, 50]) == ([0, 5, 25, 50], [5, 20, 26])
    assert rdd.histogram([0, 15, 30, 45, 60]) == ([0, 15, 30, 45, 60], [15, 15, 15, 6])
    strs = sc.parallelize(["ab", "ac", "b", "bd", "ef"])
    assert strs.histogram(("a", "b", "c")) == (("a", "b", "c"), [2, 2])


@pytest.mark.parametrize("data, buckets, expected", [
    ([1.0, 2.5, 3.0, float("nan"), None, 4.0, 10.0], 3, ([1.0, 4.0, 7.0, 10.0], [3, 1, 1])),
    ([1.0, 2.5, 3.0, float("nan"), None, 4.0, 10.0], [1, 5, 10], ([1, 5, 10], [4, 1])),
    ([5, 5, 5], 4, ([5, 5], [3])),
    ([1, 2, 3, 9], 1, ([1, 9], [4])),
    (list(range(11)), 3, ([0.0, 3.3333333333333335, 6.666666666666667, 10], [4, 3, 4])),
    (list(range(11)), 5, ([0, 2, 4, 6, 8, 10], [2, 2, 2, 2, 3])),
    ([-10, -3, 0, 2.5, 7], 4, ([-10.0, -5.75, -1.5, 2.75, 7], [1, 1, 2, 1])),
    ([-1, 0, 1, 5, 10, 11], [0, 5, 10], ([0, 5, 10], [2, 2])),
    ([], [0, 1, 2], ([0, 1, 2], [0, 0])),
    ([1, 2, 100, float("inf")], [0, 10, float("inf")], ([0, 10, float("inf")], [2, 2])),
    ([0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0], [0.0, 0.25, 0.5, 0.75, 1.0],
     ([0.0, 0.25, 0.5, 0.75, 1.0], [2, 1, 2, 2])),
    ([0.0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1], 7,
     ([0.0, 0.3, 0.6, 0.8999999999999999, 1.2, 1.5, 1.7999999999999998, 2.1],
      [1, 1, 1, 1, 1, 1, 2])),
])
def test_histogram_edge_cases(sc, data, buckets, expected):
    assert sc.parallelize(data, 2).histogram(buckets) == expected


def test_histogram_many_buckets(sc):
    assert sc.parallelize(range(1000), 4).histogram(7) == (
        [0.0, 142.71428571428572, 285.42857142857144, 428.14285714285717, 570.8571428571429,
         713.5714285714287, 856.2857142857143, 999], [143, 143, 143, 142, 143, 143, 143])


def test_histogram_keeps_bucket_container(sc):
    buckets, counts = sc.parallelize([1, 2, 3], 2).histogram((0, 2, 4))
    assert buckets == (0, 2, 4) and type(buckets) is tuple
    assert counts == [1, 2]


@pytest.mark.parametrize("data, buckets, exc, message", [
    ([], 3, ValueError, r"^Can not reduce\(\) empty RDD$"),
    ([float("nan"), None], 2, ValueError, r"^Can not reduce\(\) empty RDD$"),
    ([1, 2], 0, ValueError, r"^number of buckets must be >= 1$"),
    ([1, 2], [1], ValueError, r"^buckets should have more than one value$"),
    ([1, 2], [2, 1, 3], ValueError, r"^buckets should be sorted$"),
    ([1, 2], [1, 1, 3], ValueError, r"^buckets should not contain duplicated values$"),
    ([1, 2], [1, float("nan"), 3], ValueError, r"^can not have None or NaN in buckets$"),
    ([1, float("inf")], 2, ValueError, r"^Can not generate buckets with infinite value$"),
    (["a", "b"], 2, TypeError, r"^Can not generate buckets with non-number in RDD$"),
    ([1, 2], "x", TypeError, r"^buckets should be a list or tuple or number\(int or long\)$"),
])
def test_histogram_errors(sc, data, buckets, exc, message):
    with pytest.raises(exc, match=message):
        sc.parallelize(data, 2).histogram(buckets)


# ------------------------------------------------------------------ counting ------------------
def test_count_by_value(sc):
    d = sc.parallelize([1, 2, 1, 2, 2], 2).countByValue()
    assert type(d).__name__ == "defaultdict"
    assert list(d.items()) == [(1, 2), (2, 3)]
    assert list(sc.parallelize("mississippi", 3).countByValue().items()) == \
        [("m", 1), ("i", 4), ("s", 4), ("p", 2)]


def test_approximate_actions(sc):
    rdd = sc.parallelize(range(1000), 10)
    assert rdd.countApprox(1000, 1.0) == 1000
    s = rdd.sumApprox(1000)
    assert abs(s - 499500) < 1e-6 * 499500
    assert (s.low, s.high, s.confidence) == (499500.0, 499500.0, 1.0)   # job finished
    assert abs(rdd.meanApprox(1000) - 499.5) < 0.01
    n = sc.parallelize(range(1000)).countApproxDistinct()
    assert 950 < n < 1050
    n = sc.parallelize([i % 20 for i in range(1000)]).map(str).countApproxDistinct()
    assert 18 <= n <= 22
    with pytest.raises(ValueError, match="relativeSD should be greater than 0.000017"):
        rdd.countApproxDistinct(0.000001)


# ------------------------------------------------------------------ side effects --------------
def test_foreach(sc):
    acc = sc.accumulator(0)

    def f(x):
        acc.add(x)
    assert sc.parallelize([1, 2, 3, 4, 5], 2).foreach(f) is None
    assert acc.value == 15


def test_foreach_partition(sc):
    acc = sc.accumulator(0)

    def f(it):
        for x in it:
            acc.add(x * 10)
    assert sc.parallelize([1, 2, 3, 4, 5], 3).foreachPartition(f) is None
    assert acc.value == 150


def test_foreach_partition_error_inside_generator_is_raised(sc):
    def f(it):
        for x in it:
            if x == 4:
                raise TypeError("bad element %d" % x)
            yield x
    with pytest.raises(PythonException, match="bad element 4"):
        sc.parallelize([1, 2, 3, 4, 5], 3).foreachPartition(f)
    assert sc.parallelize([1, 2], 2).foreachPartition(lambda it: 42) is None


def test_foreach_partition_generator_is_consumed(sc):
    acc = sc.accumulator(0)

    def f(it):
        for x in it:
            acc.add(x)
            yield x
    sc.parallelize([1, 2, 3, 4, 5], 3).foreachPartition(f)
    assert acc.value == 15


# ------------------------------------------------------------------ misc ----------------------
def test_is_empty(sc):
    assert sc.parallelize([]).isEmpty()
    assert not sc.parallelize([1]).isEmpty()
    assert sc.emptyRDD().isEmpty()
    assert sc.parallelize([1], 4).filter(lambda x: x > 5).isEmpty()
    assert not sc.parallelize([None]).isEmpty()


def test_to_local_iterator(sc):
    rdd = sc.parallelize(range(10), 3)
    it = rdd.toLocalIterator()
    assert not isinstance(it, list)
    assert list(it) == list(range(10))
    assert list(rdd.toLocalIterator(prefetchPartitions=True)) == list(range(10))
    assert list(sc.parallelize([], 3).toLocalIterator()) == []
    assert list(sc.emptyRDD().toLocalIterator()) == []
    assert list(sc.parallelize(range(5), 2).cache().toLocalIterator()) == [0, 1, 2, 3, 4]


def test_to_local_iterator_runs_one_job_per_partition(sc):
    rdd = sc.parallelize(range(6), 3).map(lambda x: x * 2)
    it = rdd.toLocalIterator()
    assert next(it) == 0            # only the first partition has been computed
    assert list(it) == [2, 4, 6, 8, 10]


def test_collect_with_job_group(sc):
    out = sc.parallelize([1, 2, 3]).collectWithJobGroup("g", "d")
    assert out == [1, 2, 3] and type(out) is list
    assert sc.getLocalProperty("spark.jobGroup.id") is None
