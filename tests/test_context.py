"""SparkContext: construction, validation, lifecycle, files, checkpoint dir, job groups.

Expected messages and values were taken from PySpark 4.3.0 where it has an analogue.
Tests that need their own context use ``new_context`` (which stops the shared one).
"""
from __future__ import annotations

import os
import re
import threading
import time

import pytest

from rayspark import SparkConf, SparkContext, SparkFiles
from rayspark.context import parse_master
from rayspark.errors import (SparkContextStoppedError, SparkException, SparkJobCancelled)


def _no_active_context():
    active = SparkContext._active_spark_context
    return active is None or active._stopped


# ============================================================ master URLs =====================
@pytest.mark.parametrize("master, parsed", [
    ("local", ("local", 1, None, None)),
    ("local[3]", ("local", 3, None, None)),
    ("local[2,4]", ("local", 2, None, 4)),
    ("local[*]", ("local", os.cpu_count() or 1, None, None)),
    ("ray", ("cluster", None, None, None)),
    ("ray://head:10001", ("cluster", None, "ray://head:10001", None)),
])
def test_parse_master(master, parsed):
    assert parse_master(master) == parsed


@pytest.mark.parametrize("master, message", [
    # PySpark 4.3.0: org.apache.spark.SparkException: <message>
    ("foo", "Could not parse Master URL: 'foo'"),
    ("local[x]", "Could not parse Master URL: 'local[x]'"),
    ("local[-1]", "Could not parse Master URL: 'local[-1]'"),
    ("local[0]", "Asked to run locally with 0 threads"),
])
def test_bad_master_url(new_context, master, message):
    with pytest.raises(SparkException) as info:
        new_context(master, "bad-master")
    assert info.value.getMessage().startswith(message)
    assert info.value.getCondition() == "INVALID_MASTER"
    assert _no_active_context()


# ============================================================ conf validation =================
@pytest.mark.parametrize("key, raw", [
    ("spark.executor.memory", "lots"),
    ("spark.task.maxFailures", "0"),
    ("spark.executor.cores", "x"),
    ("spark.log.level", "bogus"),
])
def test_bad_conf_values_fail_at_construction_naming_the_key(new_context, key, raw):
    conf = SparkConf().setMaster("local[1]").setAppName("bad-conf").set(key, raw)
    with pytest.raises(ValueError, match=re.escape(f"Invalid value '{raw}' for configuration {key}")):
        new_context(conf=conf)
    assert _no_active_context()


def test_a_failed_construction_leaves_nothing_behind(new_context):
    with pytest.raises(ValueError):
        new_context(conf=SparkConf().setMaster("local[1]").set("spark.executor.memory", "lots"))
    with pytest.raises(SparkException):
        new_context("nonsense", "bad")
    ok = new_context(conf=SparkConf().setMaster("local[1]").setAppName("good-conf"))
    assert SparkContext._active_spark_context is ok
    assert ok.parallelize(range(3), 1).collect() == [0, 1, 2]


# ============================================================ one context at a time ===========
def test_only_one_active_context(sc):
    with pytest.raises(ValueError) as info:
        SparkContext("local[1]", "second")
    # PySpark 4.3.0: "Cannot run multiple SparkContexts at once; existing SparkContext(app=probe,
    # master=local[2]) created by __init__ at /tmp/probe/p1.py:18 "
    assert re.match(r"Cannot run multiple SparkContexts at once; existing SparkContext\(app="
                    + re.escape(sc.appName) + r", master=" + re.escape(sc.master)
                    + r"\) created by __init__ at .+:\d+", str(info.value)), str(info.value)
    assert SparkContext._active_spark_context is sc and not sc._stopped


def test_get_or_create_returns_the_active_context(sc):
    assert SparkContext.getOrCreate() is sc
    assert SparkContext.getOrCreate(SparkConf().setAppName("ignored")) is sc
    assert sc.appName == "rayspark-tests"


def test_get_or_create_builds_from_conf_when_none_is_active():
    active = SparkContext._active_spark_context
    if active is not None:
        active.stop()             # the shared context; the next test that needs it gets a new one
    assert _no_active_context()
    ctx = SparkContext.getOrCreate(SparkConf().setMaster("local[1]").setAppName("goc"))
    try:
        assert (ctx.master, ctx.appName) == ("local[1]", "goc")
        assert SparkContext.getOrCreate() is ctx
    finally:
        ctx.stop()


# ============================================================ lifecycle =======================
def test_stop_is_idempotent_and_actions_on_a_stopped_context_fail_clearly(new_context):
    ctx = new_context("local[1]", "stopper")
    rdd = ctx.parallelize(range(10), 2)
    ctx.stop()
    ctx.stop()
    assert _no_active_context()
    for action in (lambda: rdd.count(), lambda: ctx.parallelize([1]), lambda: ctx.range(3),
                   lambda: ctx.broadcast(1), lambda: ctx.emptyRDD()):
        with pytest.raises(SparkContextStoppedError) as info:
            action()
        assert isinstance(info.value, RuntimeError)
        assert str(info.value).startswith(
            "[SPARK_CONTEXT_STOPPED] Cannot call methods on a stopped SparkContext.")


def test_stop_fails_running_jobs(new_context):
    ctx = new_context("local[1]", "stop-running")
    group = "stopped-under-it"

    def job():
        ctx.setJobGroup(group, "slow")
        return ctx.parallelize(range(2), 2).map(lambda x: (time.sleep(1.5), x)[1]).collect()

    t, out = _run_in_thread(job)
    _wait_active_job(ctx, group)
    ctx.stop()
    t.join(30)
    err = out.get("error")
    # Spark: "Job 0 cancelled because SparkContext was shut down"
    assert isinstance(err, SparkJobCancelled), out
    assert "cancelled because SparkContext was shut down" in str(err)
    assert _no_active_context()


def test_context_manager_stops(new_context):
    with new_context("local[1]", "cm") as ctx:
        assert SparkContext._active_spark_context is ctx
        assert ctx.parallelize(range(5), 1).sum() == 10
    assert ctx._stopped and _no_active_context()


def test_getconf_is_a_copy_with_master_and_app_name(sc):
    c = sc.getConf()
    assert c.get("spark.master") == "local[2]" and c.get("spark.app.name") == "rayspark-tests"
    c.set("spark.master", "changed")
    assert sc.getConf().get("spark.master") == "local[2]"


# ============================================================ properties =======================
def test_default_parallelism_and_min_partitions(sc, new_context):
    # PySpark 4.3.0: local[2] -> 2, 2; local -> 1, 1; local[3] -> 3, 2
    assert (sc.defaultParallelism, sc.defaultMinPartitions) == (2, 2)
    ctx = new_context("local", "one")
    assert (ctx.defaultParallelism, ctx.defaultMinPartitions) == (1, 1)
    ctx = new_context(conf=SparkConf().setMaster("local[1]").setAppName("dp")
                      .set("spark.default.parallelism", "5"))
    assert (ctx.defaultParallelism, ctx.defaultMinPartitions) == (5, 2)
    assert ctx.parallelize(range(10)).getNumPartitions() == 5


def test_application_id_and_start_time(sc):
    # PySpark 4.3.0 local mode: 'local-1795746427323' (the start time in ms)
    assert re.fullmatch(r"local-\d{13}", sc.applicationId)
    assert abs(int(sc.applicationId.split("-")[1]) - sc.startTime) < 60_000
    assert sc.startTime <= int(time.time() * 1000)
    assert isinstance(sc.version, str) and sc.version.count(".") == 2


def test_set_log_level(sc):
    try:
        for level in ("warn", "Info", "ERROR", "off", "ALL", "TRACE", "FATAL", "DEBUG"):
            sc.setLogLevel(level)
        with pytest.raises(ValueError) as info:
            sc.setLogLevel("bogus")
        # PySpark 4.3.0: IllegalArgumentException "requirement failed: Supplied level bogus did
        # not match one of: ALL,DEBUG,ERROR,WARN,INFO,OFF,FATAL,TRACE"
        msg = str(info.value)
        assert msg.startswith("Supplied level bogus did not match one of: ")
        assert set(msg.rsplit(": ", 1)[1].split(",")) == {
            "ALL", "DEBUG", "ERROR", "WARN", "INFO", "OFF", "FATAL", "TRACE"}
    finally:
        sc.setLogLevel("ERROR")


# ============================================================ files and checkpoints ============
def test_add_file_is_visible_to_tasks_and_driver(sc, tmp_path):
    name = f"data-{time.monotonic_ns()}.txt"
    path = tmp_path / name
    path.write_text("hello\n")
    sc.addFile(str(path))
    assert "file:" + str(path) in sc.listFiles
    # driver side
    with open(SparkFiles.get(name)) as f:
        assert f.read() == "hello\n"
    assert SparkFiles.get(name) == os.path.join(SparkFiles.getRootDirectory(), name)
    # task side (PySpark 4.3.0: ['hello\n'])
    got = sc.parallelize(range(4), 2).map(lambda _: open(SparkFiles.get(name)).read()).collect()
    assert got == ["hello\n"] * 4
    roots = sc.parallelize(range(2), 2).map(lambda _: SparkFiles.getRootDirectory()).collect()
    assert all(r != SparkFiles.getRootDirectory() for r in roots)   # executors' own copies


def test_add_file_errors(sc, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        sc.addFile(str(tmp_path / "missing.txt"))
    with pytest.raises(ValueError, match="is a directory and recursive is not turned on"):
        sc.addFile(str(tmp_path))


def test_set_checkpoint_dir(sc, tmp_path):
    sc.setCheckpointDir(str(tmp_path / "ck"))
    # PySpark 4.3.0: 'file:/tmp/probe/ck/7009ce11-a331-46f2-996f-c77f6d59a91f'
    d = sc.getCheckpointDir()
    assert re.fullmatch("file:" + re.escape(str(tmp_path / "ck")) + r"/[0-9a-f-]{36}", d)
    assert os.path.isdir(d[len("file:"):])
    rdd = sc.parallelize(range(6), 2).map(lambda x: x * 2)
    rdd.checkpoint()
    assert rdd.collect() == [0, 2, 4, 6, 8, 10]
    assert rdd.isCheckpointed()
    assert rdd.getCheckpointFile().startswith(d)
    assert os.listdir(d[len("file:"):])
    assert rdd.collect() == [0, 2, 4, 6, 8, 10]


# ============================================================ cancellation ====================
def _run_in_thread(fn):
    out = {}

    def target():
        try:
            out["result"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the test
            out["error"] = e
        out["finished_at"] = time.monotonic()
    t = threading.Thread(target=target, daemon=True)
    t.start()
    return t, out


def _wait_active_job(sc, group, timeout=30.0):
    st = sc.statusTracker()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = [j for j in st.getJobIdsForGroup(group) if j in st.getActiveJobsIds()]
        if jobs:
            stage = st.getJobInfo(jobs[0]).stageIds[-1]
            info = st.getStageInfo(stage)
            if info is not None and info.numActiveTasks > 0:
                return jobs[0]
        time.sleep(0.02)
    raise AssertionError("the job never started running")


def test_cancel_job_group_from_another_thread(sc):
    group = f"cancel-me-{time.monotonic_ns()}"

    def job():
        sc.setJobGroup(group, "a slow job", interruptOnCancel=True)
        return sc.parallelize(range(2), 2).map(lambda x: (time.sleep(1.5), x)[1]).collect()

    t, out = _run_in_thread(job)
    job_id = _wait_active_job(sc, group)
    cancelled_at = time.monotonic()
    sc.cancelJobGroup(group)
    t.join(30)
    err = out.get("error")
    assert isinstance(err, SparkJobCancelled), out
    # Spark: "Job 3 cancelled part of cancelled job group <group>"
    assert err.getMessage() == f"Job {job_id} cancelled part of cancelled job group {group}"
    assert out["finished_at"] - cancelled_at < 1.0           # did not wait for the tasks
    assert sc.statusTracker().getJobInfo(job_id).status == "FAILED"
    # the context stays usable
    assert sc.parallelize(range(10), 2).sum() == 45


def test_cancel_job_group_leaves_other_groups_running(sc):
    group, other = f"g-{time.monotonic_ns()}", f"keep-{time.monotonic_ns()}"

    def slow(g):
        def job():
            sc.setJobGroup(g, "slow")
            return sc.parallelize(range(1), 1).map(lambda x: (time.sleep(1.5), x)[1]).collect()
        return job

    t1, out1 = _run_in_thread(slow(group))
    t2, out2 = _run_in_thread(slow(other))
    _wait_active_job(sc, group)
    _wait_active_job(sc, other)
    sc.cancelJobGroup(group)
    t1.join(30)
    t2.join(30)
    assert isinstance(out1.get("error"), SparkJobCancelled)
    assert out2 == {"result": [0], "finished_at": out2["finished_at"]}


def test_cancel_all_jobs(sc):
    group = f"all-{time.monotonic_ns()}"

    def job():
        sc.setJobGroup(group, "slow")
        return sc.parallelize(range(2), 2).map(lambda x: (time.sleep(1.5), x)[1]).collect()

    t, out = _run_in_thread(job)
    job_id = _wait_active_job(sc, group)
    sc.cancelAllJobs()
    t.join(30)
    err = out.get("error")
    assert isinstance(err, SparkJobCancelled), out
    assert err.getMessage() == f"Job {job_id} cancelled as part of cancellation of all jobs"
    assert sc.parallelize([1, 2, 3], 1).collect() == [1, 2, 3]


def test_cancelled_tasks_stop_and_free_their_executors(sc):
    group = f"free-{time.monotonic_ns()}"

    def job():
        sc.setJobGroup(group, "very slow", interruptOnCancel=True)
        return sc.parallelize(range(2), 2).map(lambda x: (time.sleep(20.0), x)[1]).collect()

    t, out = _run_in_thread(job)
    _wait_active_job(sc, group)
    start = time.monotonic()
    sc.cancelJobGroup(group)
    t.join(30)
    assert sc.parallelize(range(4), 2).count() == 4
    assert time.monotonic() - start < 10  # tasks sleep 20 s: they were stopped
