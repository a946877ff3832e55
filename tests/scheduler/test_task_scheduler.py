"""TaskScheduler / TaskSetManager: slots, pipelining, delay scheduling, retries, lost executors.

Pure bookkeeping: no Ray, no threads. Time is a fake clock so locality waits are exact.
"""
from __future__ import annotations

import types
from collections import Counter

import pytest

from rayspark.scheduler import task_scheduler as ts_module
from rayspark.scheduler.task import RESULT, SHUFFLE_MAP
from rayspark.scheduler.task_scheduler import TaskScheduler, TaskSetManager


class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(ts_module, "time", types.SimpleNamespace(monotonic=c.monotonic))
    return c


def make_tsm(partitions, prefs=None, *, stage_id=0, attempt=0, job_id=0, kind=RESULT,
             max_failures=4, priority=None, output_index=None, properties=()):
    stage = types.SimpleNamespace(id=stage_id)
    return TaskSetManager(stage, attempt, kind, job_id, list(partitions),
                          output_index if output_index is not None else {},
                          prefs or {}, max_failures,
                          priority if priority is not None else (job_id, stage_id), properties)


def make_ts(executors, *, locality_wait=0.0, pipeline_depth=1, max_failures=4):
    ts = TaskScheduler(max_failures, locality_wait, pipeline_depth)
    for e in executors:
        if isinstance(e, tuple):
            ts.add_executor(*e)
        else:
            ts.add_executor(e, 1)
    return ts


def running_on(ts, eid):
    return [spec for spec, _, e in ts.running.values() if e == eid]


def placed(launches):
    return [(eid, spec.partition) for eid, spec, _ in launches]


# ============================================================ slots and pipelining ============
def test_tasks_without_preference_run_anywhere_one_per_slot(clock):
    ts = make_ts(["a", "b", "c"])
    tsm = make_tsm(range(5))
    ts.submit(tsm)
    launches = ts.assign()
    assert placed(launches) == [("a", 0), ("b", 1), ("c", 2)]
    assert tsm.pending == {3, 4}
    assert ts.assign() == []                       # every slot is busy
    entry = ts.task_finished(launches[1][1].task_id)
    assert entry[2] == "b"
    assert placed(ts.assign()) == [("b", 3)]


def test_executor_cores_are_slots(clock):
    ts = make_ts([("a", 2), ("b", 1)])
    ts.submit(make_tsm(range(6)))
    assert Counter(e for e, _ in placed(ts.assign())) == {"a": 2, "b": 1}


def test_pipeline_depth_fills_every_executor_first_then_queues(clock):
    ts = make_ts(["a", "b"], pipeline_depth=3)
    tsm = make_tsm(range(10))
    ts.submit(tsm)
    launches = placed(ts.assign())
    assert launches[:2] == [("a", 0), ("b", 1)]       # one per core on every executor first
    assert Counter(e for e, _ in launches) == {"a": 3, "b": 3}
    assert len(tsm.pending) == 4
    assert ts.assign() == []
    ts.task_finished(running_on(ts, "a")[0].task_id)
    assert [e for e, _ in placed(ts.assign())] == ["a"]


def test_batch_size_grows_for_many_short_tasks_and_shrinks_as_the_queue_drains(clock):
    ts = make_ts(["a", "b"])
    assert ts.batch_size() == 1                         # nothing to run
    tsm = make_tsm(range(200))
    ts.submit(tsm)
    assert ts.batch_size() == TaskScheduler.MAX_BATCH   # 200 // (2 * 4) = 25, capped
    launches = ts.assign(ts.batch_size())
    assert Counter(e for e, _ in placed(launches)) == {"a": 16, "b": 16}
    for _, spec, _ in launches:
        ts.task_finished(spec.task_id)
        tsm.record_duration(0.001)
    tsm.pending = set(range(40))
    assert ts.batch_size() == 5                         # 40 // 8
    tsm.pending = set(range(3))
    assert ts.batch_size() == 1
    tsm.record_duration(10.0)                           # long tasks: one per actor call
    tsm.pending = set(range(200))
    assert ts.batch_size() == 1


def test_no_executors_or_no_tasks_assign_nothing(clock):
    ts = make_ts([])
    ts.submit(make_tsm(range(2)))
    assert ts.assign() == []
    ts2 = make_ts(["a"])
    assert ts2.assign() == []


def test_task_sets_are_served_in_priority_order(clock):
    ts = make_ts(["a", "b"])
    later = make_tsm([0, 1], stage_id=5, job_id=1, priority=(1, 5))
    earlier = make_tsm([0, 1], stage_id=7, job_id=0, priority=(0, 7))
    ts.submit(later)
    ts.submit(earlier)
    launches = ts.assign()
    assert [(spec.stage_id, spec.job_id) for _, spec, _ in launches] == [(7, 0), (7, 0)]
    for _, spec, _ in launches:
        ts.task_finished(spec.task_id)
    assert {spec.stage_id for _, spec, _ in ts.assign()} == {5}


# ============================================================ locality ========================
def test_task_waits_for_its_preferred_executor_up_to_the_locality_wait(clock):
    ts = make_ts(["A", "B"], locality_wait=3.0)
    tsm = make_tsm([0, 1, 2], prefs={0: ["A"], 1: ["A"], 2: []})
    ts.submit(tsm)
    launches = placed(ts.assign())
    assert sorted(launches) == [("A", 0), ("B", 2)]
    ts.task_finished(running_on(ts, "B")[0].task_id)
    clock.advance(1.0)
    assert ts.assign() == []                           # B is free, but 1 waits for A
    assert ts.has_pending_waiting_for_locality()
    clock.advance(2.0)
    assert placed(ts.assign()) == [("B", 1)]           # waited long enough: run elsewhere


def test_preferred_executor_freeing_up_in_time_gets_the_task(clock):
    ts = make_ts(["A", "B"], locality_wait=3.0)
    tsm = make_tsm([0, 1], prefs={0: ["A"], 1: ["A"]})
    ts.submit(tsm)
    (only,) = ts.assign()
    assert placed([only]) == [("A", 0)]
    clock.advance(1.0)
    ts.task_finished(only[1].task_id)
    assert placed(ts.assign()) == [("A", 1)]


def test_local_launches_do_not_restart_the_wait_of_an_idle_executor(clock):
    """Spark 3.1+ (SPARK-18886): the locality timer is not reset by a local launch while
    other executors were turned away, so a stream of local tasks cannot starve them."""
    ts = make_ts(["A", "B"], locality_wait=3.0)
    tsm = make_tsm(range(5), prefs={p: ["A"] for p in range(5)})
    ts.submit(tsm)
    assert placed(ts.assign()) == [("A", 0)]           # B is idle and declined
    for i in (1, 2):
        clock.advance(1.0)
        ts.task_finished(running_on(ts, "A")[0].task_id)
        assert placed(ts.assign()) == [("A", i)]       # A keeps launching local tasks
    clock.advance(1.0)                                 # B has now waited 3 s
    assert placed(ts.assign()) == [("B", 3)]


def test_locality_timer_resets_when_no_executor_was_turned_away(clock):
    ts = make_ts(["A"], locality_wait=3.0)
    tsm = make_tsm(range(3), prefs={0: ["A"], 1: ["A"], 2: ["A"]})
    ts.submit(tsm)
    assert placed(ts.assign()) == [("A", 0)]
    clock.advance(10.0)
    ts.task_finished(running_on(ts, "A")[0].task_id)
    assert placed(ts.assign()) == [("A", 1)]           # local, nobody declined: timer reset
    ts.add_executor("B", 1)
    clock.advance(1.0)
    assert ts.assign() == []                           # B must wait the full locality wait
    clock.advance(2.0)
    assert placed(ts.assign()) == [("B", 2)]


def test_preferred_executor_is_found_whatever_the_executor_order(clock):
    ts = make_ts(["B", "A"], locality_wait=3.0)
    ts.submit(make_tsm([0], prefs={0: ["A"]}))
    assert placed(ts.assign()) == [("A", 0)]


def test_task_whose_preferred_executors_are_gone_runs_at_once(clock):
    ts = make_ts(["A", "B"], locality_wait=100.0, pipeline_depth=1)
    ts.submit(make_tsm([0, 1], prefs={0: ["gone"], 1: ["gone", "also-gone"]}))
    assert sorted(placed(ts.assign())) == [("A", 0), ("B", 1)]


def test_zero_locality_wait_never_delays(clock):
    ts = make_ts(["A", "B"], locality_wait=0.0)
    ts.submit(make_tsm([0, 1], prefs={0: ["A"], 1: ["A"]}))
    assert sorted(placed(ts.assign())) == [("A", 0), ("B", 1)]


# ============================================================ retries bookkeeping =============
def test_attempt_numbers_task_ids_and_spec_fields(clock):
    ts = make_ts(["a"])
    tsm = make_tsm([4, 9], stage_id=3, attempt=2, job_id=7, kind=SHUFFLE_MAP,
                   output_index={4: 0, 9: 1}, properties=(("spark.jobGroup.id", "g"),))
    ts.submit(tsm)
    seen = []
    attempts = []
    while True:
        launches = ts.assign()
        if not launches:
            break
        (launch,) = launches
        spec = launch[1]
        assert (spec.stage_id, spec.stage_attempt, spec.job_id, spec.kind) == (3, 2, 7, SHUFFLE_MAP)
        assert spec.output_index == {4: 0, 9: 1}[spec.partition]
        assert spec.local_properties == (("spark.jobGroup.id", "g"),)
        assert spec.name == (f"task {spec.partition}.{spec.attempt} in stage 3.2 "
                             f"(TID {spec.task_id})")
        seen.append(spec.task_id)
        attempts.append((spec.partition, spec.attempt))
        entry = ts.task_finished(spec.task_id)
        assert entry == (spec, tsm, "a")
        assert ts.task_finished(spec.task_id) is None     # a second report is ignored
        if spec.partition == 4 and spec.attempt < 2:
            tsm.requeue(4)                                 # the scheduler's retry
        else:
            tsm.successful.add(spec.partition)
    assert sorted(attempts) == [(4, 0), (4, 1), (4, 2), (9, 0)]
    assert seen == sorted(set(seen))                       # unique, increasing task ids


def test_requeue_of_a_successful_partition_is_ignored(clock):
    ts = make_ts(["a"])
    tsm = make_tsm([0])
    ts.submit(tsm)
    (launch,) = ts.assign()
    ts.task_finished(launch[1].task_id)
    tsm.successful.add(0)
    tsm.requeue(0)
    assert tsm.pending == set() and ts.assign() == []


def test_requeued_task_is_not_launched_twice(clock):
    ts = make_ts(["a", "b"], pipeline_depth=4)
    tsm = make_tsm([0, 1, 2])
    ts.submit(tsm)
    launches = ts.assign()
    assert len(launches) == 3
    for _, spec, _ in launches:
        ts.task_finished(spec.task_id)
    tsm.requeue(1)
    tsm.requeue(1)                 # duplicate index entries are harmless
    again = ts.assign()
    assert placed(again) in ([("a", 1)], [("b", 1)])


def test_removed_task_set_launches_nothing_but_its_running_tasks_finish(clock):
    ts = make_ts(["a", "b"])
    tsm = make_tsm(range(4))
    ts.submit(tsm)
    launches = ts.assign()
    ts.remove_task_set(tsm)
    assert tsm.zombie and ts.task_sets == []
    for _, spec, _ in launches:
        assert ts.task_finished(spec.task_id) is not None
    assert ts.assign() == []
    assert not ts.has_pending_waiting_for_locality()


# ============================================================ losing executors ================
def test_removing_an_executor_requeues_its_running_tasks(clock):
    ts = make_ts(["a", "b"], pipeline_depth=2)
    tsm = make_tsm(range(4))
    ts.submit(tsm)
    launches = ts.assign()
    on_a = sorted(spec.partition for eid, spec, _ in launches if eid == "a")
    assert len(on_a) == 2
    lost = ts.remove_executor("a")
    assert sorted(spec.partition for spec, _ in lost) == on_a
    assert all(t is tsm for _, t in lost)
    assert tsm.pending == set(on_a)
    assert ts.live_executor_ids() == {"b"}
    assert "a" not in ts.executors
    for spec, _ in lost:
        assert ts.task_finished(spec.task_id) is None      # late reply from the dead executor
    assert ts.remove_executor("a") == []                  # idempotent
    ts.add_executor("c", 1)
    again = ts.assign()
    assert sorted(p for _, p in placed(again)) == on_a
    assert {eid for eid, _ in placed(again)} <= {"b", "c"}
    assert {spec.attempt for _, spec, _ in again} == {1}
    assert tsm.failures == {}                              # losing an executor is no failure
