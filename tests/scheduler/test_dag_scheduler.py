"""DAGScheduler unit tests with a fake backend: no Ray, no executors (Spark's DAGSchedulerSuite).

Real RDD graphs are built on a FakeContext; the fake backend records every launched task and the
test completes it by hand (result value, MapStatus, user error, fetch failure, executor death).
"""
from __future__ import annotations

import operator

import pytest

from dag_fakes import Harness, map_status
from rayspark.rdd.dependency import ShuffleDependency
from rayspark.errors import PythonException, SparkException, SparkJobCancelled
from rayspark.scheduler.stage import ResultStage, ShuffleMapStage
from rayspark.scheduler.task import RESULT, SHUFFLE_MAP
from rayspark.storage.block_id import RDDBlockId
from rayspark.storage.block_manager import BlockStatus
from rayspark.storage.storage_level import StorageLevel


@pytest.fixture
def make(monkeypatch):
    made = []

    def factory(*executors, **kw):
        h = Harness(monkeypatch, executors or ("0", "1"), **kw)
        made.append(h)
        return h
    yield factory
    for h in made:
        h.stop()


def pairs(ctx, n=8, slices=2):
    return ctx.parallelize([(i % 3, i) for i in range(n)], slices)


def shuffle_id_of(rdd):
    """The shuffle id of the nearest shuffle dependency in ``rdd``'s lineage."""
    todo = [rdd]
    while todo:
        r = todo.pop(0)
        for d in r.dependencies:
            if isinstance(d, ShuffleDependency):
                return d.shuffle_id
            todo.append(d.rdd)
    raise AssertionError("no shuffle")


def stage_kinds(h):
    return [(type(s).__name__, s.id, a) for s, a in h.backend.put_stages]


# ============================================================ stage building ==================
def test_narrow_ops_are_pipelined_into_one_result_stage(make):
    h = make()
    rdd = (h.ctx.parallelize(range(12), 3).map(lambda x: x + 1).filter(lambda x: x % 2)
           .flatMap(lambda x: [x, x]).mapPartitions(lambda it: it).glom())
    job = h.submit(rdd)
    tasks = h.wait_running(2)
    assert stage_kinds(h) == [("ResultStage", 0, 0)]
    stage = h.backend.put_stages[0][0]
    assert stage.rdd is rdd and stage.parents == []
    assert {t.spec.kind for t in tasks} == {RESULT}
    assert {t.stage_id for t in tasks} == {0}
    for t in tasks:
        assert t.stage_ref == "stage-0.0"
        assert t.inputs[("bc", 0)] == "bc-ref"        # stage inputs travel with every task
    # results are returned in partition order whatever the completion order
    h.succeed(tasks[1], "r1")
    last = [l for l in h.wait_running(2) if l is not tasks[0]]
    assert [l.partition for l in last] == [2]
    h.succeed(last[0], "r2")
    h.succeed(tasks[0], "r0")
    assert job.get() == ["r0", "r1", "r2"]
    assert h.dag.status.job_info(job.job_id) == (job.job_id, [0], "SUCCEEDED")
    assert h.dag.status.active_stage_ids() == []


def test_union_and_coalesce_are_narrow(make):
    h = make("0", "1", "2", "3")
    a = h.ctx.parallelize(range(4), 2).map(lambda x: x)
    b = h.ctx.parallelize(range(4), 3)
    rdd = a.union(b).coalesce(2)
    job = h.submit(rdd)
    tasks = h.wait_running(2)
    assert stage_kinds(h) == [("ResultStage", 0, 0)]
    for t in tasks:
        h.succeed(t, t.partition)
    assert job.get() == [0, 1]


def test_stages_are_cut_only_at_shuffle_dependencies(make):
    h = make()
    mapped = pairs(h.ctx, 9, 3).map(lambda kv: kv)
    reduced = mapped.reduceByKey(operator.add, 2)
    final = reduced.mapValues(lambda v: v * 2).filter(lambda kv: True)
    shuffle_id = reduced.dep.shuffle_id
    job = h.submit(final)

    maps = h.wait_running(2)
    assert stage_kinds(h) == [("ShuffleMapStage", 0, 0)]
    map_stage = h.backend.put_stages[0][0]
    assert isinstance(map_stage, ShuffleMapStage)
    assert map_stage.rdd is mapped                 # the map side pipelines everything before
    assert map_stage.shuffle_id == shuffle_id and map_stage.num_partitions == 3
    assert {m.spec.kind for m in maps} == {SHUFFLE_MAP}
    # the result stage waits for the whole map stage
    h.succeed_map(maps[0], 2)
    h.succeed_map(maps[1], 2)
    last = h.wait_running(1, stage_id=0)
    assert h.running(stage_id=1) == []
    st2 = h.succeed_map(last[0], 2)

    reduces = h.wait_running(2, stage_id=1)
    assert stage_kinds(h) == [("ShuffleMapStage", 0, 0), ("ResultStage", 1, 0)]
    result_stage = h.backend.put_stages[1][0]
    assert result_stage.rdd is final and result_stage.parents == [map_stage]
    # each reduce task gets (map id, segment ref, offset, length) for its block of every map
    r1 = [r for r in reduces if r.partition == 1][0]
    blocks = r1.inputs[("shuffle", shuffle_id, 1)]
    assert [b[0] for b in blocks] == [0, 1, 2]
    assert blocks[2] == (2, st2.segments[0], 10, 10)
    for r in reduces:
        h.succeed(r, [r.partition])
    assert job.get() == [[0], [1]]
    assert h.dag.status.job_info(job.job_id).stageIds == [0, 1]


def test_chained_shuffles_make_one_stage_per_shuffle(make):
    h = make()
    first = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 3)
    second = first.map(lambda kv: (kv[1], kv[0])).groupByKey(2)
    job = h.submit(second)
    h.run_stage(0, 2, lambda l: map_status(l.partition, l.eid, 3))
    h.run_stage(1, 3, lambda l: map_status(l.partition, l.eid, 2))
    h.run_stage(2, 2, lambda l: l.partition)
    assert job.get() == [0, 1]
    kinds = stage_kinds(h)
    assert kinds == [("ShuffleMapStage", 0, 0), ("ShuffleMapStage", 1, 0), ("ResultStage", 2, 0)]
    s0, s1, s2 = (s for s, _ in h.backend.put_stages)
    assert s1.parents == [s0] and s2.parents == [s1]
    assert s1.rdd.dependencies[0].rdd is first    # map side of shuffle 2 reads shuffle 1


def test_shuffle_stage_is_reused_and_skipped_by_a_later_job(make):
    h = make()
    reduced = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2)
    job1 = h.submit(reduced)
    h.run_stage(0, 2, lambda l: map_status(l.partition, l.eid, 2))
    h.run_stage(1, 2, lambda l: l.partition)
    assert job1.get() == [0, 1]

    job2 = h.submit(reduced.map(lambda kv: kv))
    tasks = h.wait_running(2)
    assert {t.stage_id for t in tasks} == {2}           # only the new result stage runs
    assert stage_kinds(h)[2:] == [("ResultStage", 2, 0)]
    for t in tasks:
        h.succeed(t, "x")
    assert job2.get() == ["x", "x"]
    info = h.dag.status.job_info(job2.job_id)
    assert info.stageIds == [0, 2] and info.status == "SUCCEEDED"   # 0 is the skipped stage
    # a third job on a sub-range of partitions
    job3 = h.submit(reduced, partitions=[1])
    (t,) = h.wait_running(1)
    assert (t.stage_id, t.partition, t.spec.output_index) == (3, 1, 0)
    h.succeed(t, "only-1")
    assert job3.get() == ["only-1"]


def test_map_stage_job_computes_only_the_map_outputs_and_a_later_job_reuses_them(make):
    h = make()
    reduced = pairs(h.ctx, 8, 3).reduceByKey(operator.add, 2)
    stats = h.submit_map_stage(reduced.dep)
    maps = h.run_stage(0, 3, lambda l: map_status(l.partition, l.eid, 2))
    got = stats.get()
    assert [s.map_id for s in got] == [0, 1, 2]
    assert h.running() == []                          # no reduce task ran
    assert h.dag.status.job_info(stats.job_id).status == "SUCCEEDED"
    job = h.submit(reduced)
    tasks = h.wait_running(2)
    assert {t.stage_id for t in tasks} == {1}          # the map stage is skipped
    for t in tasks:
        h.succeed(t, t.partition)
    assert job.get() == [0, 1]
    # asking again for outputs that exist runs nothing
    again = h.submit_map_stage(reduced.dep)
    assert [s.map_id for s in again.get()] == [0, 1, 2]
    assert len([l for l in h.backend.launches if l.stage_id == 0]) == len(maps)


def test_map_stage_job_fails_with_its_map_task(make):
    h = make()
    reduced = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2)
    stats = h.submit_map_stage(reduced.dep)
    (m0, m1) = h.wait_running(2, stage_id=0)
    h.fail(m0, "ValueError", "bad record")
    err = stats.wait_error()
    assert isinstance(err, PythonException) and "bad record" in str(err)


def test_job_arriving_while_its_shuffle_stage_runs_waits_for_it(make):
    h = make()
    reduced = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2)
    job1 = h.submit(reduced)
    maps = h.wait_running(2, stage_id=0)
    job2 = h.submit(reduced.map(lambda kv: kv))
    assert [s for s, _ in h.backend.put_stages] == [h.dag.shuffle_stages[shuffle_id_of(reduced)]]
    for m in maps:
        h.succeed_map(m, 2)
    rs = h.wait_running(2)
    assert len(rs) == 2 and all(r.spec.kind == RESULT for r in rs)
    for _ in range(4):
        r = h.wait_running(1)[0]
        h.succeed(r, "a" if r.spec.job_id == job1.job_id else "b")
    assert job1.get() == ["a", "a"] and job2.get() == ["b", "b"]
    assert len([l for l in h.backend.launches if l.stage_id == 0]) == 2   # map stage ran once
    assert sorted(st.id for st, _ in h.backend.put_stages) == [0, 1, 2]


def test_independent_shuffle_parents_run_concurrently(make):
    h = make("0", "1", "2", "3")
    a = pairs(h.ctx, 6, 2).reduceByKey(operator.add, 2)
    b = pairs(h.ctx, 6, 2).groupByKey(3)
    job = h.submit(a.union(b))
    running = h.wait_running(4)
    map_stage_ids = {l.stage_id for l in running}
    assert len(map_stage_ids) == 2                    # both map stages before either finished
    assert all(l.spec.kind == SHUFFLE_MAP for l in running)
    assert sorted(s.shuffle_id for s, _ in h.backend.put_stages) == sorted(
        [shuffle_id_of(a), shuffle_id_of(b)])
    for l in running:
        h.succeed_map(l, 2 if l.spec.stage_id == h.dag.shuffle_stages[shuffle_id_of(a)].id else 3)
    h.run_stage(2, 5, lambda l: l.partition)
    assert job.get() == [0, 1, 2, 3, 4]
    assert h.dag.status.job_info(job.job_id).stageIds == [0, 1, 2]


def _cache_on(h, rdd, eid):
    for p in range(rdd.getNumPartitions()):
        h.block_master.update_block_info(
            eid, BlockStatus(RDDBlockId(rdd.id, p).name, StorageLevel.MEMORY_ONLY, 100, 0))


def test_tasks_prefer_executors_holding_cached_blocks(make):
    h = make("0", "1", locality_wait=10.0)
    cached = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2).persist(StorageLevel.MEMORY_ONLY)
    job1 = h.submit(cached)
    h.run_stage(0, 2, lambda l: map_status(l.partition, l.eid, 2))
    h.run_stage(1, 2, lambda l: l.partition)
    job1.get()
    _cache_on(h, cached, "1")        # as the executor reports with its task results
    job2 = h.submit(cached.map(lambda kv: kv))
    (t,) = h.running()
    assert (t.stage_id, t.eid) == (2, "1")    # "0" is free but the task waits for "1"
    # a task running elsewhere is told where the block lives (to fetch instead of recompute)
    assert t.inputs.get(("block", RDDBlockId(cached.id, t.partition).name)) in (None, [])
    h.succeed(t, t.partition)
    (t2,) = h.running()
    assert t2.eid == "1"
    h.succeed(t2, t2.partition)
    assert job2.get() == [0, 1]
    assert [k for k in stage_kinds(h) if k[0] == "ShuffleMapStage"] == [("ShuffleMapStage", 0, 0)]


def test_fully_cached_rdd_does_not_need_lost_shuffle_outputs(make):
    h = make("0", "1")
    cached = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2).persist(StorageLevel.MEMORY_ONLY)
    job1 = h.submit(cached)
    h.run_stage(0, 2, lambda l: map_status(l.partition, l.eid, 2))
    h.run_stage(1, 2, lambda l: l.partition)
    job1.get()
    _cache_on(h, cached, "1")
    # the map outputs are lost (their executor died); the cached blocks are still on "1"
    h.dag.tracker.unregister_map_outputs(shuffle_id_of(cached), [0, 1])
    job2 = h.submit(cached.map(lambda kv: kv))
    assert len(h.running(stage_id=2)) == 2, "result tasks should start at once"
    assert h.dag.failed == set()
    h.run_stage(2, 2, lambda l: l.partition)
    assert job2.get() == [0, 1]


# ============================================================ task failures ===================
def test_task_retried_up_to_max_failures_then_job_fails_with_python_exception(make):
    h = make(max_failures=3)
    job = h.submit(h.ctx.parallelize(range(4), 2))
    tasks = h.wait_running(2)
    h.succeed(tasks[0], "ok")
    bad = tasks[1]
    attempts = []
    for i in range(3):
        attempts.append(bad)
        assert (bad.partition, bad.spec.attempt, bad.spec.stage_attempt) == (1, i, 0)
        h.fail(bad, "ValueError", "boom")
        if i < 2:
            bad = h.wait_running(1)[0]
    err = job.wait_error()
    assert type(err) is PythonException
    assert (err.stage_id, err.partition, err.attempt) == (0, 1, 2)
    assert err.exc_type == "ValueError"
    assert "ValueError: boom" in err.remote_traceback
    last = attempts[-1]
    assert err.getMessage().startswith(
        f"Job aborted due to stage failure: Task 1 in stage 0.0 failed 3 times, most recent "
        f"failure: Lost task 1.2 in stage 0.0 (TID {last.spec.task_id}) (executor {last.eid}): "
        "Traceback (most recent call last):")
    assert str(err).startswith("[PYTHON_EXCEPTION] Job aborted due to stage failure")
    assert h.dag.status.job_info(job.job_id).status == "FAILED"
    assert h.dag.status.active_stage_ids() == []
    assert h.dag.status.stage_info(0).numFailedTasks == 3
    # the scheduler is still usable
    job2 = h.submit(h.ctx.parallelize(range(2), 1))
    h.succeed(h.wait_running(1)[0], "fine")
    assert job2.get() == ["fine"]


def test_failures_of_different_partitions_are_counted_separately(make):
    h = make(max_failures=2)
    job = h.submit(h.ctx.parallelize(range(4), 2))
    t0, t1 = h.wait_running(2)
    h.fail(t0)
    h.fail(t1)
    r0, r1 = h.wait_running(2)
    assert (r0.spec.attempt, r1.spec.attempt) == (1, 1)
    h.succeed(r0, 0)
    h.succeed(r1, 1)
    assert job.get() == [0, 1]


def test_non_retryable_error_fails_the_job_at_once(make):
    h = make(max_failures=4)
    job = h.submit(h.ctx.parallelize(range(2), 1))
    (t,) = h.wait_running(1)
    h.fail(t, "PicklingError", "cannot pickle", retryable=False)
    err = job.wait_error()
    assert isinstance(err, PythonException) and err.exc_type == "PicklingError"
    assert "failed 1 times" in err.getMessage()


def test_future_raising_a_non_executor_error_counts_as_task_failure(make):
    h = make(max_failures=1)
    job = h.submit(h.ctx.parallelize(range(2), 1))
    (t,) = h.wait_running(1)
    t.call.die(RuntimeError("result could not be deserialized"))
    err = job.wait_error()
    assert isinstance(err, PythonException)
    assert err.exc_type == "RuntimeError"
    assert "result could not be deserialized" in err.getMessage()


def test_shuffle_map_failure_fails_the_job(make):
    h = make(max_failures=1)
    job = h.submit(pairs(h.ctx).reduceByKey(operator.add, 2))
    t = h.wait_running(1, stage_id=0)[0]
    h.fail(t, "ZeroDivisionError", "division by zero")
    err = job.wait_error()
    assert isinstance(err, PythonException)
    assert (err.stage_id, err.exc_type) == (0, "ZeroDivisionError")
    assert h.running(stage_id=1) == []


# ============================================================ fetch failures ==================
def test_fetch_failure_resubmits_only_missing_map_partitions_then_the_reduce_stage(make):
    h = make()
    reduced = pairs(h.ctx, 9, 3).reduceByKey(operator.add, 2)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    maps = h.run_stage(0, 3, lambda l: map_status(l.partition, l.eid, 2))
    r0, r1 = h.wait_running(2, stage_id=1)
    h.fetch_fail(r0, sid, [1])
    h.succeed(r1, "r1")                      # the other reduce task of the old attempt still counts
    assert h.dag.tracker.missing(sid, 3) == [1]
    assert h.running() == []                 # nothing runs until the resubmission timer fires
    assert h.fire_timers() >= 1

    (m1,) = h.wait_running(1)
    assert (m1.stage_id, m1.partition, m1.spec.stage_attempt) == (0, 1, 1)
    assert stage_kinds(h)[-1] == ("ShuffleMapStage", 0, 1)
    assert h.running(stage_id=1) == []       # the reduce stage waits for its parent
    h.succeed_map(m1, 2)

    (again,) = h.wait_running(1, stage_id=1)
    assert (again.partition, again.spec.stage_attempt, again.spec.attempt) == (0, 1, 0)
    assert [b[0] for b in again.inputs[("shuffle", sid, 0)]] == [0, 1, 2]
    h.succeed(again, "r0")
    assert job.get() == ["r0", "r1"]
    assert len([m for m in h.backend.launches if m.stage_id == 0]) == 4   # 3 + 1 re-run
    assert h.dag.status.stage_info(0).currentAttemptId == 1
    assert h.dag.status.stage_info(1).currentAttemptId == 1


def test_partition_finished_by_an_older_stage_attempt_is_not_relaunched(make):
    h = make()
    reduced = pairs(h.ctx, 9, 3).reduceByKey(operator.add, 2)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    h.run_stage(0, 3, lambda l: map_status(l.partition, l.eid, 2))
    r0, r1 = h.wait_running(2, stage_id=1)
    h.fetch_fail(r0, sid, [1])
    h.fire_timers()
    (m1,) = h.wait_running(1, stage_id=0)
    h.succeed_map(m1, 2)
    again = h.wait_running(1, stage_id=1)
    assert [a.partition for a in again if a is not r1] == [0]
    # r1 (attempt 0) finishes now, after attempt 1 of its stage was submitted
    h.succeed(r1, "r1")
    for a in again:
        if a is not r1:
            h.succeed(a, "r0")
    assert job.get() == ["r0", "r1"]
    relaunched_r1 = [l for l in h.backend.launches if l.stage_id == 1 and l.partition == 1]
    assert len(relaunched_r1) == 1, f"partition 1 ran again: {relaunched_r1}"


def test_fetch_failure_while_the_map_rerun_runs_does_not_start_a_second_rerun(make):
    # A reduce task of the old attempt reports a fetch failure for a map output that the
    # resubmitted map stage is computing right now: that running attempt produces it, no
    # other attempt is started beside it (which would compute the partition twice).
    h = make("0", "1", "2")
    reduced = pairs(h.ctx, 9, 3).reduceByKey(operator.add, 3)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    h.run_stage(0, 3, lambda l: map_status(l.partition, l.eid, 3))
    r0, r1, r2 = h.wait_running(3, stage_id=1)
    h.fetch_fail(r0, sid, [1])
    h.fire_timers()
    (m1,) = h.wait_running(1, stage_id=0)
    assert m1.partition == 1
    h.fetch_fail(r1, sid, [1])               # launched before the re-run: same lost output
    h.fire_timers()
    assert [l.partition for l in h.running(stage_id=0)] == [1]
    h.succeed_map(m1, 3)
    h.succeed(r2, "r2")
    for r in h.wait_running(2, stage_id=1):
        h.succeed(r, f"r{r.partition}")
    assert job.get() == ["r0", "r1", "r2"]
    map1 = [l for l in h.backend.launches if l.stage_id == 0 and l.partition == 1]
    assert len(map1) == 2, f"map partition 1 ran {len(map1)} times"


def test_repeated_fetch_failures_abort_the_stage(make):
    h = make()
    reduced = pairs(h.ctx, 4, 1).reduceByKey(operator.add, 1)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    for attempt in range(4):
        h.run_stage(0, 1, lambda l: map_status(l.partition, l.eid, 1))
        (r,) = h.wait_running(1, stage_id=1)
        assert r.spec.stage_attempt == attempt
        h.fetch_fail(r, sid, [0])
        if attempt < 3:
            h.fire_timers()
    err = job.wait_error()
    assert type(err) is SparkException
    assert "Stage 1 failed 4 times because map outputs of shuffle" in str(err)


def test_fetch_failure_from_dead_owner_loses_the_executor(make):
    h = make()
    reduced = pairs(h.ctx, 4, 2).reduceByKey(operator.add, 2)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    maps = h.run_stage(0, 2, lambda l: map_status(l.partition, l.eid, 2))
    owner = [m for m in maps if m.partition == 0][0].eid
    rs = h.wait_running(2, stage_id=1)
    h.backend.alive.discard(owner)          # the owner of map 0 died
    h.fetch_fail(rs[0], sid, [0])
    assert [r[0] for r in h.backend.replaced] == [owner]
    assert owner not in h.dag.task_scheduler.live_executor_ids()
    other = [r for r in rs if r.eid != owner]
    for r in other:
        h.succeed(r, f"r{r.partition}")
    h.fire_timers()
    # everything the dead owner held is recomputed, nothing else
    remap = h.wait_running(1, stage_id=0)
    assert [m.partition for m in remap] == sorted(m.partition for m in maps if m.eid == owner)
    for m in remap:
        h.succeed_map(m, 2)
    for r in h.wait_running(1, stage_id=1):
        h.succeed(r, f"r{r.partition}")
    out = job.get()
    assert out == ["r0", "r1"]


# ============================================================ executor loss ===================
def test_executor_loss_requeues_running_tasks_without_counting_a_failure(make):
    h = make("0", "1", max_failures=1, pipeline_depth=2)
    job = h.submit(h.ctx.parallelize(range(8), 6))
    running = h.wait_running(4)
    on0 = [l for l in running if l.eid == "0"]
    assert len(on0) == 2
    h.executor_died(on0[0])
    assert h.backend.replaced[0][:2] == ("0", "2")
    assert set(h.dag.task_scheduler.executors) == {"1", "2"}
    # both tasks of the dead executor are requeued; the late reply of the second is ignored
    h.succeed(on0[1], "stale")
    tsm = h.dag.task_sets[h.backend.put_stages[0][0]]
    assert tsm.failures == {}
    results = {}
    while len(results) < 6:
        l = h.wait_running(1)[0]
        assert l.eid != "0"
        results[l.partition] = l.spec.attempt
        h.succeed(l, f"p{l.partition}")
    assert job.get() == [f"p{i}" for i in range(6)]
    assert results[on0[0].partition] == 1 and results[on0[1].partition] == 1
    info = h.dag.status.stage_info(0)
    assert (info.numCompletedTasks, info.numActiveTasks) == (6, 0)


def test_executor_loss_forgets_its_map_outputs_and_recomputes_only_them(make):
    h = make("0", "1")
    reduced = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    maps = h.run_stage(0, 2, lambda l: map_status(l.partition, l.eid, 2))
    assert sorted(m.eid for m in maps) == ["0", "1"]
    lost_map = [m for m in maps if m.eid == "0"][0].partition
    rs = h.wait_running(2, stage_id=1)
    dying = [r for r in rs if r.eid == "0"][0]
    survivor = [r for r in rs if r.eid == "1"][0]
    h.executor_died(dying)
    assert h.dag.tracker.missing(sid, 2) == [lost_map]
    h.succeed(survivor, f"r{survivor.partition}")
    h.fire_timers()
    (remap,) = h.wait_running(1, stage_id=0)
    assert remap.partition == lost_map and remap.eid != "0"
    h.succeed_map(remap, 2)
    (r,) = h.wait_running(1, stage_id=1)
    assert r.partition == dying.partition
    h.succeed(r, f"r{r.partition}")
    assert sorted(job.get()) == ["r0", "r1"]


def test_lost_executor_not_replaced_leaves_its_tasks_to_the_others(make):
    h = make("0", "1", max_replacements=0)
    job = h.submit(h.ctx.parallelize(range(4), 3))
    running = h.wait_running(2)
    h.executor_died([l for l in running if l.eid == "0"][0])
    assert set(h.dag.task_scheduler.executors) == {"1"}
    seen = set()
    while len(seen) < 3:
        l = h.wait_running(1)[0]
        assert l.eid == "1"
        seen.add(l.partition)
        h.succeed(l, l.partition)
    assert job.get() == [0, 1, 2]


def test_job_fails_when_no_executor_is_left(make):
    h = make("0", max_replacements=0)
    job = h.submit(h.ctx.parallelize(range(2), 2))
    (t,) = h.wait_running(1)
    h.executor_died(t)
    assert job.done.wait(1.0), "the job hangs with no executor to run on"
    err = job.wait_error()
    assert isinstance(err, SparkException) and "executor" in str(err).lower()


# ============================================================ accumulators ====================
def test_accumulator_merged_once_per_partition_even_if_a_result_arrives_twice(make):
    h = make("0", "1", pipeline_depth=2)
    acc = h.accumulator(7)
    job = h.submit(h.ctx.parallelize(range(8), 4))
    running = h.wait_running(4)
    on0 = [l for l in running if l.eid == "0"]
    h.executor_died(on0[0])
    # the "dead" executor's other task still answers: ignored, not merged
    h.succeed(on0[1], "late", accum_updates=[(7, 100)])
    assert acc.value == 0
    seen = {}
    while len(seen) < 4:
        l = h.wait_running(1)[0]
        seen[l.partition] = l
        h.succeed(l, l.partition, accum_updates=[(7, 1)])
    assert job.get() == [0, 1, 2, 3]
    assert acc.value == 4


def test_accumulator_of_a_recomputed_map_partition_is_not_counted_twice(make):
    h = make()
    acc = h.accumulator(3)
    reduced = pairs(h.ctx, 6, 3).reduceByKey(operator.add, 1)
    sid = reduced.dep.shuffle_id
    job = h.submit(reduced)
    h.run_stage(0, 3, lambda l: map_status(l.partition, l.eid, 1),
                accum_updates=lambda l: [(3, 10)])
    assert acc.value == 30
    (r,) = h.wait_running(1, stage_id=1)
    h.fetch_fail(r, sid, [2])
    h.fire_timers()
    h.run_stage(0, 1, lambda l: map_status(l.partition, l.eid, 1),
                accum_updates=lambda l: [(3, 10)])
    assert acc.value == 30
    (r,) = h.wait_running(1, stage_id=1)
    h.succeed(r, "done", accum_updates=[(3, 1)])
    assert job.get() == ["done"]
    assert acc.value == 31


def test_accumulator_updates_of_failed_attempts_are_dropped(make):
    h = make(max_failures=2)
    acc = h.accumulator(1)
    job = h.submit(h.ctx.parallelize(range(2), 1))
    (t,) = h.wait_running(1)
    h.fail(t)
    (t,) = h.wait_running(1)
    h.succeed(t, "v", accum_updates=[(1, 5)])
    assert job.get() == ["v"] and acc.value == 5


# ============================================================ cancellation ====================
def test_cancel_job(make):
    h = make()
    job = h.submit(h.ctx.parallelize(range(8), 4))
    running = h.wait_running(2)
    h.dag.cancel_job(job.job_id, "because")
    err = job.wait_error()
    assert type(err) is SparkJobCancelled
    assert str(err) == f"Job {job.job_id} cancelled: because"
    for l in running:                      # late results of cancelled tasks launch nothing
        h.succeed(l, "late")
    assert h.running() == []
    assert h.dag.status.active_job_ids() == [] and h.dag.status.active_stage_ids() == []
    assert h.dag.status.job_info(job.job_id).status == "FAILED"
    job2 = h.submit(h.ctx.parallelize(range(2), 2))
    for l in h.wait_running(2):
        h.succeed(l, l.partition)
    assert job2.get() == [0, 1]


def test_cancel_job_group_cancels_only_that_group(make):
    h = make("0", "1", "2", "3", "4", "5")
    g1a = h.submit(h.ctx.parallelize(range(4), 2), properties={"spark.jobGroup.id": "g1"})
    g1b = h.submit(h.ctx.parallelize(range(4), 2), properties={"spark.jobGroup.id": "g1"})
    g2 = h.submit(h.ctx.parallelize(range(4), 2), properties={"spark.jobGroup.id": "g2"})
    h.wait_running(6)
    assert sorted(h.dag.status.job_ids_for_group("g1")) == sorted([g1a.job_id, g1b.job_id])
    h.dag.cancel_job_group("g1")
    for j in (g1a, g1b):
        err = j.wait_error()
        assert type(err) is SparkJobCancelled
        assert str(err) == f"Job {j.job_id} cancelled part of cancelled job group g1"
    assert not g2.done.is_set()
    g2_tasks = [l for l in h.running() if l.spec.job_id == g2.job_id]
    assert len(g2_tasks) == 2
    for l in g2_tasks:
        h.succeed(l, l.partition)
    assert g2.get() == [0, 1]
    # tasks carry the job's local properties
    assert ("spark.jobGroup.id", "g2") in g2_tasks[0].spec.local_properties


def test_cancelling_one_job_keeps_a_shared_map_stage_for_another(make):
    h = make()
    reduced = pairs(h.ctx, 8, 2).reduceByKey(operator.add, 2)
    a = h.submit(reduced, properties={"spark.jobGroup.id": "a"})
    b = h.submit(reduced.map(lambda kv: kv), properties={"spark.jobGroup.id": "b"})
    maps = h.wait_running(2, stage_id=0)
    h.dag.cancel_job_group("a")
    assert isinstance(a.wait_error(), SparkJobCancelled)
    for m in maps:
        h.succeed_map(m, 2)
    rs = h.wait_running(2)
    assert all(r.spec.job_id == b.job_id for r in rs)
    for r in rs:
        h.succeed(r, r.partition)
    assert b.get() == [0, 1]


def test_cancel_all_jobs(make):
    h = make("0", "1", "2", "3")
    jobs = [h.submit(h.ctx.parallelize(range(2), 2)) for _ in range(2)]
    h.wait_running(4)
    h.dag.cancel_all_jobs()
    for j in jobs:
        err = j.wait_error()
        assert type(err) is SparkJobCancelled
        assert str(err) == f"Job {j.job_id} cancelled as part of cancellation of all jobs"


def test_stop_fails_running_jobs_and_refuses_new_ones(make):
    h = make()
    job = h.submit(h.ctx.parallelize(range(2), 2))
    h.wait_running(2)
    h.dag.stop()
    err = job.wait_error()
    assert type(err) is SparkJobCancelled
    assert "SparkContext was shut down" in str(err)
    with pytest.raises(SparkException, match="stopped"):
        h.dag.run_job(h.ctx.parallelize([1], 1), list, [0], {})


def test_empty_partition_list_returns_without_a_job(make):
    h = make()
    assert h.dag.run_job(h.ctx.parallelize([1], 1), list, [], {}) == []
    assert h.backend.launches == []
