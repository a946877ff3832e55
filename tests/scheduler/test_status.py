"""StatusTracker (PySpark's API) over the scheduler's StatusStore, and on a live local context."""
from __future__ import annotations

import threading
import time

import pytest

from rayspark import SparkJobInfo, SparkStageInfo, StatusTracker
from rayspark.errors import PythonException
from rayspark.scheduler.status import StatusStore


# ============================================================ shapes (PySpark 4.3.0) ==========
def test_info_tuples_have_pysparks_fields():
    assert SparkJobInfo._fields == ("jobId", "stageIds", "status")
    assert SparkStageInfo._fields == ("stageId", "currentAttemptId", "name", "numTasks",
                                      "numActiveTasks", "numCompletedTasks", "numFailedTasks")


def test_status_store_bookkeeping():
    store = StatusStore()
    tracker = StatusTracker(store)
    store.job_started(0, [1, 0], "g")
    store.job_started(1, [2], None)
    store.stage_submitted(0, 0, "map at a.py:1", 3)
    store.stage_submitted(1, 0, "collect at a.py:2", 2)
    for _ in range(3):
        store.task_started(0)
    store.task_ended(0, ok=True)
    store.task_ended(0, ok=False)
    store.task_ended(0, ok=False, counted=False)        # lost with its executor
    assert tracker.getStageInfo(0) == SparkStageInfo(0, 0, "map at a.py:1", 3, 0, 1, 2)
    assert tracker.getActiveStageIds() == [0, 1]
    assert tracker.getActiveJobsIds() == [0, 1]
    store.stage_completed(0)
    store.stage_submitted(0, 1, "map at a.py:1", 1)      # a resubmitted attempt
    assert tracker.getStageInfo(0) == SparkStageInfo(0, 1, "map at a.py:1", 1, 0, 0, 0)
    store.stage_completed(0)
    store.stage_completed(1)
    store.job_ended(0, True)
    store.job_ended(1, False)
    assert tracker.getActiveStageIds() == [] and tracker.getActiveJobsIds() == []
    assert tracker.getJobInfo(0) == SparkJobInfo(0, [1, 0], "SUCCEEDED")
    assert tracker.getJobInfo(1).status == "FAILED"
    assert tracker.getJobIdsForGroup("g") == [0]
    assert tracker.getJobIdsForGroup() == [1]
    assert tracker.getJobIdsForGroup("nope") == []
    assert tracker.getJobInfo(42) is None and tracker.getStageInfo(42) is None


def test_status_store_keeps_only_recent_jobs_and_stages(monkeypatch):
    monkeypatch.setattr(StatusStore, "MAX_RETAINED", 5)
    store = StatusStore()
    for i in range(8):
        store.job_started(i, [i], None)
        store.stage_submitted(i, 0, "s", 1)
        store.stage_completed(i)
        store.job_ended(i, True)
    tracker = StatusTracker(store)
    assert tracker.getJobInfo(0) is None and tracker.getStageInfo(2) is None
    assert tracker.getJobInfo(7).status == "SUCCEEDED"
    assert sorted(tracker.getJobIdsForGroup()) == [3, 4, 5, 6, 7]


# ============================================================ a live context ==================
def _wait(pred, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise AssertionError("condition not reached")


def test_status_tracker_observes_a_running_job(sc):
    st = sc.statusTracker()
    group = f"status-{time.monotonic_ns()}"
    out = {}

    def run():
        sc.setJobGroup(group, "a slow job")
        try:
            out["result"] = (sc.parallelize(range(4), 2)
                             .map(lambda x: (time.sleep(1.0), x)[1]).collect())
        except BaseException as e:  # noqa: BLE001
            out["error"] = e

    t = threading.Thread(target=run)
    t.start()
    try:
        (job_id,) = _wait(lambda: st.getJobIdsForGroup(group))
        assert job_id in st.getActiveJobsIds()
        info = st.getJobInfo(job_id)
        assert info.status == "RUNNING" and len(info.stageIds) == 1
        (stage_id,) = info.stageIds
        assert _wait(lambda: stage_id in st.getActiveStageIds())
        running = _wait(lambda: (s := st.getStageInfo(stage_id)) and s.numActiveTasks > 0 and s)
        assert running.stageId == stage_id and running.numTasks == 2
        assert running.currentAttemptId == 0
        assert running.numCompletedTasks + running.numActiveTasks <= 2
        assert "test_status.py" in running.name
    finally:
        t.join(30)
    assert out == {"result": [0, 1, 2, 3]}
    assert st.getJobInfo(job_id).status == "SUCCEEDED"
    assert job_id not in st.getActiveJobsIds()
    assert stage_id not in st.getActiveStageIds()
    done = st.getStageInfo(stage_id)
    assert (done.numTasks, done.numActiveTasks, done.numCompletedTasks, done.numFailedTasks) == (2, 0, 2, 0)
    assert job_id not in st.getJobIdsForGroup()          # it belongs to a group


def test_status_of_shuffle_and_failed_jobs(sc):
    st = sc.statusTracker()
    group = f"status2-{time.monotonic_ns()}"
    res = {}

    def run():
        sc.setJobGroup(group, "two jobs")
        res["sum"] = sorted(sc.parallelize(range(10), 2).map(lambda x: (x % 2, x))
                            .reduceByKey(lambda a, b: a + b, 2).collect())

        def boom(x):
            raise ValueError("no")
        try:
            sc.parallelize(range(2), 1).map(boom).collect()
        except PythonException as e:
            res["error"] = e

    t = threading.Thread(target=run)
    t.start()
    t.join(60)
    assert res["sum"] == [(0, 20), (1, 25)]
    assert isinstance(res["error"], PythonException)
    ok_job, failed_job = sorted(st.getJobIdsForGroup(group))
    ok = st.getJobInfo(ok_job)
    assert ok.status == "SUCCEEDED" and len(ok.stageIds) == 2
    assert [st.getStageInfo(s).numCompletedTasks for s in ok.stageIds] == [2, 2]
    failed = st.getJobInfo(failed_job)
    assert failed.status == "FAILED"
    assert st.getStageInfo(failed.stageIds[0]).numFailedTasks >= 1
