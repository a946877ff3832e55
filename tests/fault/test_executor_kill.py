"""SIGKILL an executor process (by the PID it reports) while a job runs; the job must return the
exact answer, recompute only what the dead executor held, and leave the context usable with as
many executors as before.
"""
from __future__ import annotations

import os
from operator import add

import pytest

from rayspark import SparkConf
from rayspark.storage.block_id import RDDBlockId

from faultutil import (Killer, any_started, markers, marking, run_bounded, started_on,
                       wait_for_executors)

pytestmark = pytest.mark.timeout(180)


def _context(new_context, **extra):
    conf = SparkConf().set("spark.ui.showConsoleProgress", "false")
    for k, v in extra.items():
        conf.set(k, v)
    ctx = new_context("local[2]", "fault-kill", conf=conf)
    pids = wait_for_executors(ctx, 2)
    return ctx, pids


def _still_usable(sc, pids_before):
    assert sc.parallelize(range(100), 4).map(lambda x: x * x).sum() == sum(x * x for x in range(100))
    after = wait_for_executors(sc, len(pids_before))
    assert len(after) == len(pids_before)
    return after


def test_narrow_job_survives_executor_kill(new_context, tmp_path):
    sc, pids = _context(new_context)
    victim = pids["0"]
    d = str(tmp_path)
    killer = Killer(victim, started_on(d, "map", victim), delay=0.2)
    killer.start()
    rdd = sc.parallelize(range(800), 8).mapPartitionsWithIndex(marking(d, "map", 0.4)) \
            .map(lambda x: x * 3)
    result = run_bounded(sc, rdd.collect)
    killer.check()
    assert result == [x * 3 for x in range(800)]
    done = markers(d, "map")
    assert sorted(done) == list(range(8))
    # the partition the victim was running when it died ran again elsewhere
    assert any(victim in p and len(p) > 1 for p in done.values())
    after = _still_usable(sc, pids)
    assert victim not in after.values()


def test_kill_during_map_stage_of_shuffle(new_context, tmp_path):
    sc, pids = _context(new_context)
    victim = pids["1"]
    d = str(tmp_path)
    killer = Killer(victim, started_on(d, "map", victim), delay=0.2)
    killer.start()
    data = [(i % 37, i) for i in range(3000)]
    rdd = sc.parallelize(data, 6).mapPartitionsWithIndex(marking(d, "map", 0.4)) \
            .reduceByKey(add, 3)
    result = run_bounded(sc, rdd.collect)
    killer.check()
    expected = {}
    for k, v in data:
        expected[k] = expected.get(k, 0) + v
    assert sorted(result) == sorted(expected.items())
    _still_usable(sc, pids)


def test_shuffle_map_outputs_lost_after_map_stage(new_context, tmp_path):
    """The executor that wrote map outputs dies after the map stage finished, while reduce tasks
    run: those outputs are gone (OwnerDiedError -> fetch failure) and exactly the map partitions
    it had computed are computed again, once."""
    sc, pids = _context(new_context)
    victim = pids["0"]
    d = str(tmp_path)
    killer = Killer(victim, any_started(d, "reduce"), delay=0.2)
    killer.start()
    data = [(i % 101, 1) for i in range(20000)]
    rdd = (sc.parallelize(data, 8)
             .mapPartitionsWithIndex(marking(d, "map"))
             .reduceByKey(add, 4)
             .mapPartitionsWithIndex(marking(d, "reduce", 1.0)))
    result = run_bounded(sc, rdd.collect)
    killer.check()
    assert sorted(result) == [(k, len([1 for i in range(20000) if i % 101 == k]))
                              for k in range(101)]
    maps = markers(d, "map")
    assert sorted(maps) == list(range(8))
    first_on_victim = {p for p, ps in maps.items() if victim in ps}
    assert first_on_victim, "the victim computed no map partition; nothing was lost"
    for p, ps in maps.items():
        if p in first_on_victim:
            assert len(ps) == 2 and ps.count(victim) == 1, (p, ps)   # lost -> recomputed once
        else:
            assert len(ps) == 1, (p, ps)                             # kept -> never recomputed
    _still_usable(sc, pids)
    # the shuffle is reused by a later job without recomputation
    assert sorted(rdd.collect()) == sorted(result)
    assert markers(d, "map") == maps


def test_shuffle_reused_by_later_job_after_owner_died(new_context, tmp_path):
    """A job that reuses a finished shuffle whose map outputs died with their executor (between
    jobs, no task running there) must notice the loss and recompute just those outputs."""
    sc, pids = _context(new_context)
    d = str(tmp_path)
    data = [(i % 13, i) for i in range(2600)]
    counts = sc.parallelize(data, 6).mapPartitionsWithIndex(marking(d, "map")).reduceByKey(add, 3)
    first = run_bounded(sc, counts.collect)
    maps = markers(d, "map")
    victim = pids["1"]
    on_victim = {p for p, ps in maps.items() if victim in ps}
    assert on_victim
    os.kill(victim, 9)
    second = run_bounded(sc, counts.collect)
    assert sorted(second) == sorted(first)
    again = markers(d, "map")
    for p, ps in again.items():
        assert len(ps) == (2 if p in on_victim else 1), (p, ps)
    _still_usable(sc, pids)


def test_cached_blocks_lost_with_executor(new_context, tmp_path):
    # a long locality wait: tasks only run where their block is cached while that executor lives,
    # so every recomputation below is due to the kill
    sc, pids = _context(new_context, **{"spark.locality.wait": "60s"})
    d = str(tmp_path)
    cached = sc.parallelize(range(1000), 8).mapPartitionsWithIndex(marking(d, "base")) \
               .map(lambda x: x * 2).cache()
    assert run_bounded(sc, cached.count) == 1000
    assert sorted(markers(d, "base")) == list(range(8))
    master = sc.block_manager_master
    locs = {p: master.get_locations(RDDBlockId(cached.id, p).name) for p in range(8)}
    assert all(len(v) == 1 for v in locs.values()), locs
    victim_id = "0"
    victim = pids[victim_id]
    lost = {p for p, v in locs.items() if v == [victim_id]}
    assert lost and len(lost) < 8

    killer = Killer(victim, started_on(d, "use", victim), delay=0.2)
    killer.start()
    job = cached.mapPartitionsWithIndex(marking(d, "use", 0.5)).map(lambda x: x + 1)
    result = run_bounded(sc, job.collect)
    killer.check()
    assert result == [x * 2 + 1 for x in range(1000)]
    # the dead executor's blocks are no longer listed anywhere
    for p in range(8):
        assert victim_id not in master.get_locations(RDDBlockId(cached.id, p).name)
    # a further job recomputes whatever was lost and not yet recomputed; afterwards each lost
    # partition was recomputed exactly once and nothing else was
    assert run_bounded(sc, cached.collect) == [x * 2 for x in range(1000)]
    base = markers(d, "base")
    for p, ps in base.items():
        assert len(ps) == (2 if p in lost else 1), (p, ps, lost)
    assert run_bounded(sc, cached.sum) == sum(x * 2 for x in range(1000))
    assert markers(d, "base") == base
    _still_usable(sc, pids)


def test_checkpointed_rdd_survives_executor_kill(new_context, tmp_path):
    sc, pids = _context(new_context)
    d = str(tmp_path / "markers")
    os.makedirs(d)
    sc.setCheckpointDir(str(tmp_path / "ckpt"))
    base = sc.parallelize(range(600), 6).mapPartitionsWithIndex(marking(d, "base")) \
             .map(lambda x: (x % 7, x))
    base.checkpoint()
    assert run_bounded(sc, base.count) == 600
    assert base.isCheckpointed()
    computed = markers(d, "base")
    victim = pids["0"]
    killer = Killer(victim, started_on(d, "use", victim), delay=0.2)
    killer.start()
    job = base.mapPartitionsWithIndex(marking(d, "use", 0.5)).reduceByKey(add)
    result = run_bounded(sc, job.collect)
    killer.check()
    expected = {}
    for x in range(600):
        expected[x % 7] = expected.get(x % 7, 0) + x
    assert sorted(result) == sorted(expected.items())
    # recovery read the checkpoint files; the truncated lineage never ran again
    assert markers(d, "base") == computed
    _still_usable(sc, pids)


def test_killed_executor_local_dir_removed_by_stop(new_context, tmp_path):
    from rayspark import StorageLevel
    local = tmp_path / "local"
    local.mkdir()
    sc, pids = _context(new_context, **{"spark.local.dir": str(local)})
    rdd = sc.parallelize(range(1000), 4).persist(StorageLevel.DISK_ONLY)
    assert run_bounded(sc, rdd.count) == 1000
    os.kill(pids["0"], 9)
    assert run_bounded(sc, rdd.sum) == sum(range(1000))
    wait_for_executors(sc, 2)
    sc.stop()
    assert os.listdir(local) == []
