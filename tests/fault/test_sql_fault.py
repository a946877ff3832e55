"""SQL jobs are RDD jobs: SIGKILL an executor in the middle of a DataFrame aggregation or a
file write and the answer (or the written data) is exact - recomputed, never duplicated."""
from __future__ import annotations

import os
import time
import uuid

import pytest

from rayspark import SparkConf

from faultutil import Killer, started_on, run_bounded, wait_for_executors

pytestmark = pytest.mark.timeout(240)


def _session(new_context):
    from rayspark.sql import SparkSession
    conf = SparkConf().set("spark.ui.showConsoleProgress", "false")
    ctx = new_context("local[2]", "fault-sql", conf=conf)
    pids = wait_for_executors(ctx, 2)
    spark = SparkSession(ctx)
    spark.conf.set("spark.sql.shuffle.partitions", "3")
    return spark, pids


def _slow_marking(marker_dir, tag, sleep):
    """mapInArrow function: marks (partition, pid) and sleeps, then passes batches on."""
    def f(it):
        from rayspark.taskcontext import TaskContext
        idx = TaskContext.get().partitionId()
        name = f"{tag}-{idx}-{os.getpid()}-{uuid.uuid4().hex}"
        open(os.path.join(marker_dir, name), "w").close()
        time.sleep(sleep)
        yield from it
    return f


def test_groupby_survives_executor_kill_in_map_stage(new_context, tmp_path):
    from rayspark.sql import functions as F
    spark, pids = _session(new_context)
    victim = pids["1"]
    d = str(tmp_path)
    df = spark.range(0, 20000, numPartitions=6).withColumn("k", F.col("id") % 7)
    slow = df.mapInArrow(_slow_marking(d, "map", 0.5), df.schema)
    killer = Killer(victim, started_on(d, "map", victim), delay=0.2)
    killer.start()
    rows = run_bounded(spark.sparkContext,
                       lambda: slow.groupBy("k").agg(F.sum("id").alias("s"),
                                                     F.count("*").alias("n")).collect())
    killer.check()
    got = {r.k: (r.s, r.n) for r in rows}
    expected = {}
    for i in range(20000):
        s, n = expected.get(i % 7, (0, 0))
        expected[i % 7] = (s + i, n + 1)
    assert got == expected


def test_write_killed_mid_job_commits_each_row_once(new_context, tmp_path):
    spark, pids = _session(new_context)
    victim = pids["0"]
    d = str(tmp_path / "markers")
    os.makedirs(d)
    out = str(tmp_path / "out")
    df = spark.range(0, 6000, numPartitions=6)
    slow = df.mapInArrow(_slow_marking(d, "write", 0.5), df.schema)
    killer = Killer(victim, started_on(d, "write", victim), delay=0.2)
    killer.start()
    run_bounded(spark.sparkContext, lambda: slow.write.parquet(out))
    killer.check()
    back = spark.read.parquet(out)
    assert back.count() == 6000
    assert sorted(r.id for r in back.collect()) == list(range(6000))
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".rayspark-staging")]
