"""Accumulators are counted exactly once per (stage, partition): failed attempts, retries,
tasks lost with their executor and map partitions recomputed after a fetch failure never add
twice.
"""
from __future__ import annotations

from operator import add

import pytest

from rayspark import SparkConf, TaskContext

from faultutil import (Killer, any_started, markers, marking, run_bounded, started_on,
                       wait_for_executors)

pytestmark = pytest.mark.timeout(180)


def _context(new_context, **extra):
    conf = SparkConf().set("spark.ui.showConsoleProgress", "false")
    for k, v in extra.items():
        conf.set(k, v)
    ctx = new_context("local[2]", "fault-accumulators", conf=conf)
    return ctx, wait_for_executors(ctx, 2)


def test_retried_result_tasks_count_once(new_context):
    sc, _ = _context(new_context, **{"spark.task.maxFailures": "4"})
    acc = sc.accumulator(0)
    attempts = sc.accumulator(0)

    def f(x):
        acc.add(1)              # added before the failure: the failed attempt's updates are dropped
        ctx = TaskContext.get()
        if ctx.attemptNumber() == 0 and x % 100 == 50:
            raise RuntimeError(f"first attempt of partition {ctx.partitionId()} fails")
        if x % 100 == 0:
            attempts.add(ctx.attemptNumber())
        return x

    rdd = sc.parallelize(range(1000), 10).map(f)
    assert run_bounded(sc, rdd.sum) == sum(range(1000))
    assert acc.value == 1000
    assert attempts.value == 10          # every partition succeeded on its second attempt (1)


def test_retried_map_tasks_count_once(new_context):
    sc, _ = _context(new_context, **{"spark.task.maxFailures": "4"})
    acc = sc.accumulator(0)

    def f(kv):
        acc.add(kv[1])
        ctx = TaskContext.get()
        if ctx.attemptNumber() < 2 and ctx.partitionId() % 2 == 0 and kv[1] == 7:
            raise ValueError("flaky map task")
        return kv

    data = [(i % 5, i) for i in range(500)]
    rdd = sc.parallelize(data, 6).map(f).reduceByKey(add, 3)
    result = run_bounded(sc, rdd.collect)
    expected = {}
    for k, v in data:
        expected[k] = expected.get(k, 0) + v
    assert sorted(result) == sorted(expected.items())
    assert acc.value == sum(range(500))
    # the shuffle is reused: a second action adds nothing on the map side
    run_bounded(sc, rdd.count)
    assert acc.value == sum(range(500))


def test_task_exhausting_retries_fails_job_and_adds_nothing(new_context):
    sc, _ = _context(new_context, **{"spark.task.maxFailures": "2"})
    acc = sc.accumulator(0)

    def f(x):
        acc.add(1)
        if x == 3:
            raise KeyError("always")
        return x
    with pytest.raises(Exception) as info:
        run_bounded(sc, sc.parallelize(range(8), 2).map(f).collect)
    assert "failed 2 times" in str(info.value)
    # partition 0 (0..3, with x == 3) never succeeded; partition 1 (4..7) may have finished first
    assert acc.value in (0, 4)
    assert run_bounded(sc, sc.parallelize(range(10), 2).sum) == 45


def test_result_tasks_lost_with_executor_count_once(new_context, tmp_path):
    sc, pids = _context(new_context)
    victim = pids["1"]
    d = str(tmp_path)
    acc = sc.accumulator(0)

    def f(x):
        acc.add(x)
        return x

    killer = Killer(victim, started_on(d, "t", victim), delay=0.2)
    killer.start()
    rdd = sc.parallelize(range(400), 8).mapPartitionsWithIndex(marking(d, "t", 0.4)).map(f)
    assert run_bounded(sc, rdd.collect) == list(range(400))
    killer.check()
    assert any(len(ps) > 1 for ps in markers(d, "t").values())   # something ran twice
    assert acc.value == sum(range(400))
    wait_for_executors(sc, 2)


def test_map_outputs_recomputed_after_executor_loss_count_once(new_context, tmp_path):
    sc, pids = _context(new_context)
    victim = pids["0"]
    d = str(tmp_path)
    map_acc = sc.accumulator(0)
    reduce_acc = sc.accumulator(0)

    def on_map(kv):
        map_acc.add(1)
        return kv

    def on_reduce(kv):
        reduce_acc.add(1)
        return kv

    killer = Killer(victim, any_started(d, "reduce"), delay=0.2)
    killer.start()
    data = [(i % 50, 1) for i in range(5000)]
    rdd = (sc.parallelize(data, 8).map(on_map)
             .mapPartitionsWithIndex(marking(d, "map"))
             .reduceByKey(add, 4)
             .mapPartitionsWithIndex(marking(d, "reduce", 1.0))
             .map(on_reduce))
    result = run_bounded(sc, rdd.collect)
    killer.check()
    assert sorted(result) == [(k, 100) for k in range(50)]
    recomputed = [p for p, ps in markers(d, "map").items() if len(ps) > 1]
    assert recomputed, "no map partition was recomputed: the kill did not lose map outputs"
    assert map_acc.value == 5000
    assert reduce_acc.value == 50
    wait_for_executors(sc, 2)
