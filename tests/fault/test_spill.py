"""Shuffle operations over more data than an executor's execution memory spill to disk, return
exactly the right answer, and leave no spill file behind.

With ``spark.executor.memory=64m`` the unified memory manager reserves half of it (the reserve
is capped at executor_memory / 2) and keeps ``(64m - 32m) * 0.6 = 19.2 MiB`` for execution and
storage together: one task can hold at most ~19 MiB of sort/aggregation buffers. Every job below
puts 25-45 MiB (estimated Python object size) into each reduce task.

Spilling is observed through the task metrics the executors report (Spark's
``memoryBytesSpilled`` / ``diskBytesSpilled``, summed per stage in the status store) and through
the spill files that appear under ``spark.local.dir`` while the jobs run.
"""
from __future__ import annotations

import os
import threading
import time
from operator import add

import pytest

from rayspark import SparkConf

from faultutil import run_bounded, wait_for_executors

pytestmark = pytest.mark.timeout(240)

N = 400_000
PAD = "x" * 100
PARTS = 4


@pytest.fixture
def spill_sc(new_context, tmp_path):
    local = tmp_path / "local"
    local.mkdir()
    conf = (SparkConf().set("spark.executor.memory", "64m")
            .set("spark.local.dir", str(local))
            .set("spark.ui.showConsoleProgress", "false"))
    sc = new_context("local[2]", "fault-spill", conf=conf)
    wait_for_executors(sc, 2)
    return sc, str(local)


def _spill_files(local_dir: str):
    out = []
    for root, _, files in os.walk(local_dir):
        if os.path.basename(root) == "spill":
            out.extend(os.path.join(root, f) for f in files)
    return out


class _SpillWatcher(threading.Thread):
    """Counts distinct spill files seen under spark.local.dir while a job runs."""

    def __init__(self, local_dir: str):
        super().__init__(daemon=True)
        self.local_dir = local_dir
        self.seen = set()
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            self.seen.update(_spill_files(self.local_dir))
            time.sleep(0.005)

    def stop(self):
        self._done.set()
        self.join(5)


def _run_spilling(sc, local_dir: str, group: str, action):
    """Run ``action`` as job group ``group``; return (result, metrics of the last stage of
    each job, all-stage metrics, spill files seen)."""
    def in_group():
        sc.setJobGroup(group, group)     # a thread-local property of the job's thread
        return action()
    watcher = _SpillWatcher(local_dir)
    watcher.start()
    try:
        result = run_bounded(sc, in_group, timeout=120)
    finally:
        watcher.stop()
    status = sc._dag.status
    tracker = sc.statusTracker()
    jobs = tracker.getJobIdsForGroup(group)
    assert jobs
    final_stages = [max(tracker.getJobInfo(j).stageIds) for j in jobs]
    final = {}
    total = {}
    for j in jobs:
        for s in tracker.getJobInfo(j).stageIds:
            for k, v in status.task_metrics(s).items():
                total[k] = total.get(k, 0) + v
                if s in final_stages:
                    final[k] = final.get(k, 0) + v
    # no spill file survives its task
    assert _spill_files(local_dir) == []
    return result, final, total, watcher.seen


def _assert_reduce_side_spilled(final, total, seen):
    # the reduce side (the job's last stage: sorter / aggregator / cogroup) spilled ...
    assert final.get("diskBytesSpilled", 0) > 0, final
    assert final.get("memoryBytesSpilled", 0) > 0, final
    assert total.get("diskBytesSpilled", 0) >= final["diskBytesSpilled"]
    # ... into files under spark.local.dir that were there while the job ran
    assert seen, "no spill file was ever seen under spark.local.dir"


def test_sort_by_key_spills(spill_sc):
    sc, local = spill_sc
    rdd = sc.parallelize(range(N), PARTS).map(lambda i: ((i * 7919) % N, PAD + str(i)))
    result, final, total, seen = _run_spilling(
        sc, local, "sort", lambda: rdd.sortByKey(numPartitions=PARTS).collect())
    assert len(result) == N
    assert [k for k, _ in result] == list(range(N))
    inv = pow(7919, -1, N)
    assert all(v == PAD + str((k * inv) % N) for k, v in result)
    _assert_reduce_side_spilled(final, total, seen)


def test_group_by_key_spills(spill_sc):
    sc, local = spill_sc
    keys = N // 4
    rdd = sc.parallelize(range(N), PARTS).map(lambda i: (i % keys, PAD + str(i)))
    result, final, total, seen = _run_spilling(
        sc, local, "group", lambda: rdd.groupByKey(2).mapValues(sorted).collect())
    assert len(result) == keys
    got = dict(result)
    assert len(got) == keys
    for k in (0, 1, keys // 2, keys - 1):
        assert got[k] == sorted(PAD + str(k + j * keys) for j in range(4))
    assert all(len(v) == 4 for v in got.values())
    _assert_reduce_side_spilled(final, total, seen)


def test_reduce_by_key_many_keys_spills(spill_sc):
    sc, local = spill_sc
    keys = N // 2
    rdd = sc.parallelize(range(N), PARTS).map(lambda i: (PAD + str(i % keys), i))
    result, final, total, seen = _run_spilling(
        sc, local, "reduce", lambda: rdd.reduceByKey(add, 2).collect())
    assert len(result) == keys
    got = dict(result)
    assert len(got) == keys
    assert all(got[PAD + str(k)] == 2 * k + keys for k in range(keys))
    _assert_reduce_side_spilled(final, total, seen)


def test_join_spills(spill_sc):
    sc, local = spill_sc
    n = N // 2
    left = sc.parallelize(range(n), PARTS).map(lambda i: (i, PAD + str(i)))
    right = sc.parallelize(range(0, n, 2), PARTS).map(lambda i: (i, i * 3))
    result, final, total, seen = _run_spilling(
        sc, local, "join", lambda: left.join(right, PARTS).collect())
    assert sorted(result) == [(i, (PAD + str(i), i * 3)) for i in range(0, n, 2)]
    _assert_reduce_side_spilled(final, total, seen)
    # the executors are still there; stopping the context removes their local directories
    assert sorted(wait_for_executors(sc, 2)) == ["0", "1"]
    sc.stop()
    assert os.listdir(local) == []
