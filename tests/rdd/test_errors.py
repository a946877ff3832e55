"""Errors users see: from their functions, from closures that cannot be shipped, from misuse."""
import os
import threading

import pytest

from rayspark.errors import (InvalidInputException, PicklingError, PySparkException,
                             PythonException, SparkContextStoppedError, SparkException)

THIS_FILE = os.path.basename(__file__)


def _raise_key_error(x):
    if x == 3:
        raise KeyError("boom %d" % x)
    return x


def test_exception_in_user_code(sc):
    with pytest.raises(PythonException) as ei:
        sc.parallelize(range(5), 2).map(_raise_key_error).collect()
    e = ei.value
    assert isinstance(e, SparkException) and isinstance(e, PySparkException)
    assert e.exc_type == "KeyError"
    assert e.getErrorClass() == "PYTHON_EXCEPTION"
    assert "KeyError: 'boom 3'" in str(e)
    # the remote traceback names the user's file, line and function
    assert f'File "{__file__}"' in e.remote_traceback
    assert "in _raise_key_error" in e.remote_traceback
    assert 'raise KeyError("boom %d" % x)' in e.remote_traceback
    assert e.remote_traceback.strip().endswith("KeyError: 'boom 3'")
    # and which task failed
    assert e.partition == 1
    assert "Task 1 in stage" in str(e) and "failed 1 times" in str(e)


def test_exception_in_lambda_in_action(sc):
    with pytest.raises(PythonException) as ei:
        sc.parallelize([1, 2, 0], 1).reduce(lambda a, b: a // b)
    assert ei.value.exc_type == "ZeroDivisionError"
    assert THIS_FILE in ei.value.remote_traceback
    assert "ZeroDivisionError: integer division or modulo by zero" in str(ei.value)


def test_exception_after_shuffle(sc):
    def bad(v):
        raise ValueError("bad value %r" % (v,))
    with pytest.raises(PythonException) as ei:
        sc.parallelize([(1, 1), (2, 2)], 2).reduceByKey(lambda a, b: a + b).mapValues(bad).collect()
    assert ei.value.exc_type == "ValueError"
    assert "ValueError: bad value" in str(ei.value)
    assert "in bad" in ei.value.remote_traceback


def test_unpicklable_closure_names_the_object(sc):
    lock = threading.Lock()
    with pytest.raises(PicklingError) as ei:
        sc.parallelize([1, 2], 2).map(lambda x: (x, lock)).collect()
    msg = str(ei.value)
    assert "lock object" in msg and "<closure lock>" in msg      # what, and where
    assert "cannot pickle '_thread.lock' object" in msg


class _Unpicklable:
    def __reduce__(self):
        raise TypeError("refusing to be pickled")


def test_unpicklable_object_in_closure(sc):
    thing = _Unpicklable()
    with pytest.raises(PicklingError) as ei:
        sc.parallelize([1, 2], 2).map(lambda x: (x, thing)).count()
    msg = str(ei.value)
    assert "_Unpicklable object" in msg
    assert "thing" in msg
    assert "refusing to be pickled" in msg


def test_unpicklable_result(sc):
    with pytest.raises(PythonException) as ei:
        sc.parallelize([1, 2], 2).map(lambda x: threading.Lock()).collect()
    assert "cannot pickle '_thread.lock' object" in str(ei.value)


@pytest.mark.parametrize("use", [
    lambda r, other: r.map(lambda x: other.count()).collect(),
    lambda r, other: r.map(lambda x: other).collect(),
    lambda r, other: r.foreach(lambda x: other.count()),
    lambda r, other: r.map(lambda x: (x, 1)).reduceByKey(lambda a, b: other).collect(),
    lambda r, other: r.filter(lambda x: x in other.collect()).count(),
])
def test_rdd_referenced_inside_a_closure(sc, use):
    r = sc.parallelize([1, 2], 2)
    other = sc.parallelize([3])
    ran = sc.accumulator(0)
    r = r.map(lambda x: (ran.add(1), x)[1])
    with pytest.raises(PySparkException) as ei:
        use(r, other)
    assert "RDD_TRANSFORM_ONLY_VALID_ON_DRIVER" in str(ei.value)
    assert "SPARK-5063" in str(ei.value)
    assert ran.value == 0                         # raised on the driver, before any task ran


def test_broadcasting_an_rdd(sc):
    with pytest.raises(Exception, match="SPARK-5063"):
        sc.broadcast(sc.parallelize([1]))


def test_zip_with_different_partition_counts(sc):
    with pytest.raises(ValueError, match="^Can only zip with RDD which has the same number of "
                                         "partitions$"):
        sc.parallelize(range(4), 2).zip(sc.parallelize(range(4), 3))


def test_zip_with_different_partition_sizes(sc):
    with pytest.raises(PythonException) as ei:
        sc.parallelize(range(4), 2).zip(sc.parallelize(range(5), 2)).collect()
    assert "Can only zip RDDs with same number of elements in each partition" in str(ei.value)


def test_missing_input_is_reported_before_any_task(sc, tmp_path):
    ran = sc.accumulator(0)
    other = sc.parallelize(range(4), 2).map(lambda x: (ran.add(1), x)[1])
    missing = sc.textFile(str(tmp_path / "missing.txt")).map(lambda x: (ran.add(1), x)[1])
    with pytest.raises(InvalidInputException):
        other.union(missing).count()
    assert ran.value == 0


def test_first_and_reduce_on_empty(sc):
    with pytest.raises(ValueError, match=r"^RDD is empty$"):
        sc.parallelize([], 2).first()
    with pytest.raises(ValueError, match=r"^Can not reduce\(\) empty RDD$"):
        sc.emptyRDD().reduce(lambda a, b: a)


def test_actions_on_a_stopped_context(new_context):
    ctx = new_context("local[2]", "stopped")
    rdd = ctx.parallelize([1, 2, 3], 2).map(lambda x: x + 1)
    assert rdd.collect() == [2, 3, 4]
    ctx.stop()
    for action in (lambda: rdd.collect(), lambda: rdd.count(), lambda: rdd.take(1),
                   lambda: rdd.map(lambda x: x), lambda: ctx.parallelize([1])):
        with pytest.raises(SparkContextStoppedError) as ei:
            action()
        assert ei.value.getErrorClass() == "SPARK_CONTEXT_STOPPED"
        assert "Cannot call methods on a stopped SparkContext" in str(ei.value)


def _exit_process_on_1(x):
    if x == 1:
        os._exit(1)
    return x


@pytest.mark.timeout(120)
def test_task_that_kills_its_process_fails_only_the_job(new_context):
    from rayspark import SparkConf
    conf = SparkConf().set("spark.rayspark.executor.maxReplacements", "3")
    ctx = new_context("local[2]", "crashing-task", conf=conf)
    with pytest.raises(SparkException) as ei:
        ctx.parallelize([0, 1], 2).map(_exit_process_on_1).collect()
    assert "NO_EXECUTORS_LEFT" not in str(ei.value)
    assert "Task 1 in stage" in str(ei.value)
    assert ctx.parallelize([1, 2, 3], 3).map(lambda x: x + 1).collect() == [2, 3, 4]


def test_unpicklable_result_is_reported_as_a_task_error(sc):
    with pytest.raises(PythonException) as ei:
        sc.parallelize([1, 2], 2).map(lambda x: threading.Lock()).collect()
    assert ei.value.exc_type == "TypeError"
    assert "RayTaskError" not in str(ei.value)
    assert "dag_scheduler.py" not in ei.value.remote_traceback
