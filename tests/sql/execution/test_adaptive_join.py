"""Adaptive join selection: a join planned as a shuffled hash join (no side estimated under
spark.sql.autoBroadcastJoinThreshold) shuffles its likely-small side first and, when that
side's shuffle output is small enough, runs as a broadcast hash join without shuffling the
other side; otherwise it joins the shuffled sides, reusing the shuffle already made. Also the
column pruning that keeps unused columns out of a join's inputs."""
from __future__ import annotations

import pytest

from rayspark.sql import Row, functions as F


@pytest.fixture
def sides(spark):
    # the plan-time threshold is 1 byte: nothing is broadcast when planning
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "1b")
    left = spark.range(0, 3000, numPartitions=3).select(
        (F.col("id") % 500).alias("k"), F.col("id").alias("v"),
        F.lit("unused padding").alias("pad"))
    right = spark.createDataFrame([(k, f"name{k}") for k in range(0, 700, 7)], ["k", "name"])
    return left, right


def run(spark, df, adaptive: str, threshold: str = "10m"):
    spark.conf.set("spark.sql.adaptive.enabled", adaptive)
    spark.conf.set("spark.sql.adaptive.autoBroadcastJoinThreshold", threshold)
    tracker = spark.sparkContext.statusTracker()
    before = set(tracker.getJobIdsForGroup())
    rows = sorted(df.collect(), key=lambda r: tuple((x is None, x) for x in r))
    jobs = len(set(tracker.getJobIdsForGroup()) - before)
    return rows, jobs


@pytest.mark.parametrize("how", ["inner", "left", "right", "left_semi", "left_anti"])
def test_small_side_is_broadcast_at_run_time_with_the_same_answer(spark, sides, how):
    left, right = sides
    q = left.join(right, "k", how).drop("pad")
    fixed, fixed_jobs = run(spark, q, "false")
    adaptive, jobs = run(spark, q, "true")
    assert adaptive == fixed
    assert len(fixed) > 0
    assert fixed_jobs == 1
    # the small side's map stage, reading it back for the broadcast, then the join itself
    assert jobs == 3


def test_side_too_big_for_a_broadcast_keeps_the_shuffled_join_and_its_shuffle(spark, sides):
    left, right = sides
    q = left.join(right, "k").groupBy("name").agg(F.sum("v").alias("s"))
    fixed, _ = run(spark, q, "false")
    got, jobs = run(spark, q, "true", threshold="10b")
    assert got == fixed
    assert jobs == 2            # the map stage job, then the join job (its shuffle reused)
    assert got[0] == Row(name="name0", s=sum(v for v in range(3000) if v % 500 == 0))


def test_adaptive_threshold_minus_one_and_hints_plan_as_before(spark, sides):
    left, right = sides
    q = left.join(right, "k")
    _, jobs = run(spark, q, "true", threshold="-1")
    assert jobs == 1
    spark.conf.set("spark.sql.adaptive.autoBroadcastJoinThreshold", "10m")
    hinted = left.join(F.broadcast(right), "k")
    assert "BroadcastHashJoin" in hinted._explain_string()
    _, jobs = run(spark, hinted, "true")
    assert jobs == 2            # the broadcast side's collect, then the join


def test_join_inputs_carry_only_the_columns_used_above(spark, sides):
    left, right = sides
    q = left.join(right, "k").select("v", "name")
    plan = q._explain_string()
    assert "pad" not in plan            # the literal column is never computed
    wide = left.join(right, "k").select("v", "name", "pad")._explain_string()
    assert "pad" in wide
    assert sorted(q.collect())[:2] == [Row(v=0, name="name0"), Row(v=7, name="name7")]


def test_errors_in_the_side_shuffled_first_keep_their_sql_class(spark, sides):
    from rayspark.errors import ArithmeticException
    left, right = sides
    bad = right.withColumn("q", F.col("k") / F.lit(0).cast("int") * 0 + F.expr("1 div 0"))
    spark.conf.set("spark.sql.adaptive.enabled", "true")
    for action in (lambda: left.join(bad, "k").collect(), lambda: left.join(bad, "k").show(),
                   lambda: left.join(bad, "k").rdd.count()):
        with pytest.raises(ArithmeticException, match="DIVIDE_BY_ZERO"):
            action()
