"""Multi-node scenario, run in its own process by ``test_multinode.py`` (the pytest process is
already connected to the session's embedded Ray, and a process joins one Ray cluster only).

It starts a ``ray.cluster_utils.Cluster`` on 127.0.0.1 (a head without CPUs, so executors live
on the two worker nodes only), attaches ``SparkContext("ray")`` to it, checks that executors are
spread over both worker nodes, runs a shuffle job, removes one worker node while the reduce
stage runs (its executors and the map outputs they owned disappear with it), and checks the
exact answer and that the context keeps working. Prints one JSON line ``RESULT {...}`` and exits
0 on success. Tears down only what it started (``cluster.shutdown()``).

Ray's token authentication: ``Cluster`` does not set it up (only ``ray.init()`` starting a new
local cluster does); its node processes inherit this process's environment, and
``ray.init(address=...)`` with an explicit address never enables it on its own. So the scenario
makes its own token and sets ``RAY_AUTH_MODE=token`` + ``RAY_AUTH_TOKEN`` before importing Ray:
GCS, raylets, workers and the driver all get the same token, independent of ``~/.ray``.

Addresses: every node binds 127.0.0.1. ``ray.init(address="127.0.0.1:port")`` would rewrite a
loopback address to the machine's external IP (where nothing listens) unless
``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``, which makes Ray's own "node IP" 127.0.0.1.
"""
from __future__ import annotations

import os
import secrets
import sys

os.environ["RAY_AUTH_MODE"] = "token"
os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)
os.environ.pop("RAY_AUTH_TOKEN_PATH", None)
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ.pop("RAY_ADDRESS", None)
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
os.environ.setdefault("PYTHONHASHSEED", "0")

import json  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from operator import add  # noqa: E402

T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def marking(marker_dir, tag, sleep=0.0):
    def f(index, iterator):
        with open(os.path.join(marker_dir, f"{tag}-{index}-{os.getpid()}-{uuid.uuid4().hex}"), "w"):
            pass
        if sleep:
            time.sleep(sleep)
        return iterator
    return f


def markers(marker_dir, tag):
    """partition -> pids of every computation of it."""
    out = {}
    for n in os.listdir(marker_dir):
        parts = n.split("-")
        if parts[0] == tag:
            out.setdefault(int(parts[1]), []).append(int(parts[2]))
    return out


def count_markers(marker_dir, tag):
    return sum(1 for n in os.listdir(marker_dir) if n.startswith(tag + "-"))


def bounded(sc, fn, what: str, timeout: float):
    """Run a job in a thread; raise instead of hanging if it does not finish in time."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:
            box["error"] = e
    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        sc.cancelAllJobs()
        t.join(10)
        raise AssertionError(f"{what} did not finish within {timeout}s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def answering(sc, timeout: float = 5.0):
    """(running, pending): executor id -> node id of executors that answer within
    ``timeout``, and ids of those that do not (not placed by Ray yet)."""
    import ray
    hs = [h for h in list(sc._backend.executors.values()) if h.alive]
    refs = {h.actor.info.remote(): h.executor_id for h in hs}
    ready, _ = ray.wait(list(refs), num_returns=len(refs), timeout=timeout)
    running = {}
    for ref in ready:
        try:
            info = ray.get(ref)
        except Exception:
            continue
        running[info["executor_id"]] = info["node_id"]
    pending = [e for e in refs.values() if e not in running]
    return running, pending


def main() -> int:
    import tempfile

    import ray
    from ray.cluster_utils import Cluster

    workers_cpus = int(os.environ.get("SCENARIO_WORKER_CPUS", "2"))
    instances = os.environ.get("SCENARIO_EXECUTORS")      # default: one per cluster CPU
    job_timeout = float(os.environ.get("SCENARIO_JOB_TIMEOUT", "90"))
    result = {}
    # a removed node is declared dead after ~1.5 s instead of Ray's default ~15 s
    fast_health = {"health_check_initial_delay_ms": 0, "health_check_period_ms": 500,
                   "health_check_timeout_ms": 500, "health_check_failure_threshold": 3}
    cluster = Cluster(initialize_head=True, head_node_args=dict(
        num_cpus=0, node_ip_address="127.0.0.1", include_dashboard=False,
        _system_config=fast_health))
    sc = None
    try:
        w1 = cluster.add_node(num_cpus=workers_cpus, node_ip_address="127.0.0.1")
        w2 = cluster.add_node(num_cpus=workers_cpus, node_ip_address="127.0.0.1")
        cluster.wait_for_nodes(timeout=60)
        log(f"cluster up at {cluster.address}")
        ray.init(address=cluster.address, _node_ip_address="127.0.0.1", include_dashboard=False,
                 log_to_driver=False, logging_level="ERROR")

        from rayspark import SparkConf, SparkContext
        conf = SparkConf().set("spark.ui.showConsoleProgress", "false")
        if instances:
            conf.set("spark.executor.instances", instances)
        sc = SparkContext("ray", "multinode-scenario", conf=conf)
        infos = ray.get([h.actor.info.remote() for h in sc._backend.executors.values()],
                        timeout=60)
        by_node = {}
        for i in infos:
            by_node.setdefault(i["node_id"], []).append(i["executor_id"])
        log(f"executors by node: {by_node}")
        worker_ids = {w1.node_id, w2.node_id}
        result["executors"] = len(infos)
        pgs = sc._backend._placement_groups
        result["placement_bundles"] = sum(len(pg.bundle_specs) for pg in pgs)
        result["bundle_memory"] = pgs[0].bundle_specs[0].get("memory") if pgs else None
        result["nodes_with_executors"] = len(by_node)
        assert set(by_node) == worker_ids, (by_node, worker_ids)

        # a shuffle job; the first worker node disappears while its reduce stage runs
        marker_dir = tempfile.mkdtemp(prefix="rayspark-multinode-")
        data = [(i % 97, i) for i in range(30000)]
        expected = {}
        for k, v in data:
            expected[k] = expected.get(k, 0) + v
        n_maps = 2 * len(infos)
        rdd = (sc.parallelize(data, n_maps)
                 .mapPartitionsWithIndex(marking(marker_dir, "map"))
                 .reduceByKey(add, len(infos))
                 .mapPartitionsWithIndex(marking(marker_dir, "reduce", 1.5)))
        victim_executors = set(by_node[w1.node_id])
        removed = threading.Event()

        def remove_worker():
            deadline = time.monotonic() + job_timeout
            while count_markers(marker_dir, "reduce") == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.3)
            log(f"removing node {w1.node_id[:8]} with executors {sorted(victim_executors)}")
            cluster.remove_node(w1, allow_graceful=False)
            removed.set()
        threading.Thread(target=remove_worker, daemon=True).start()

        got = bounded(sc, rdd.collect, "the shuffle job during node removal", job_timeout)
        assert removed.is_set(), "the node was never removed"
        assert sorted(got) == sorted(expected.items()), "wrong answer after node removal"
        result["maps_computed"] = count_markers(marker_dir, "map")
        result["map_partitions"] = n_maps
        assert result["maps_computed"] > n_maps, "no map output was recomputed"
        # exactly the map partitions computed on the removed node ran again, once each
        victim_pids = {i["pid"] for i in infos if i["node_id"] == w1.node_id}
        maps = markers(marker_dir, "map")
        assert sorted(maps) == list(range(n_maps))
        for p, pids in maps.items():
            lost = bool(victim_pids & set(pids))
            assert len(pids) == (2 if lost else 1), (p, pids, victim_pids)
        log(f"job ok: {result['maps_computed']} map computations for {n_maps} partitions")

        # the context still works: no executor on the removed node, exact answers again
        total = bounded(sc, sc.parallelize(range(1000), 8).map(lambda x: x * 2).sum,
                        "a narrow job after node removal", job_timeout)
        assert total == 999000
        again = bounded(sc, sc.parallelize(data, n_maps).reduceByKey(add).collect,
                        "a shuffle job after node removal", job_timeout)
        assert sorted(again) == sorted(expected.items())
        running, pending = answering(sc)
        log(f"after removal: running {sorted(running)}, pending {sorted(pending)}")
        result["running_after_removal"] = len(running)
        result["pending_after_removal"] = len(pending)
        assert not victim_executors & set(running) and not victim_executors & set(pending)
        assert set(running.values()) == {w2.node_id}

        # capacity comes back (a new node): the pending replacements start there and take tasks
        w3 = cluster.add_node(num_cpus=workers_cpus, node_ip_address="127.0.0.1")
        deadline = time.monotonic() + 60
        while True:
            running, pending = answering(sc)
            if len(running) == len(infos) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        log(f"after adding a node: running {sorted(running)}, pending {sorted(pending)}")
        result["running_after_new_node"] = len(running)
        assert len(running) == len(infos), (running, pending)
        assert set(running.values()) == {w2.node_id, w3.node_id}
        again = bounded(sc, sc.parallelize(data, 4 * len(infos)).reduceByKey(add).collect,
                        "a shuffle job on the new node", job_timeout)
        assert sorted(again) == sorted(expected.items())

        # executors that cannot fit anywhere: a clear error, not a hang
        sc.stop()
        sc = None
        from rayspark import SparkConf, SparkContext
        from rayspark.errors import SparkException
        big = (SparkConf().set("spark.ui.showConsoleProgress", "false")
               .set("spark.executor.memory", "4000g")
               .set("spark.rayspark.executor.placementTimeout", "2s"))
        try:
            SparkContext("ray", "too-big", conf=big).stop()
            result["placement_error"] = None
        except SparkException as e:
            result["placement_error"] = e.getErrorClass()
            log(f"placement error as expected: {str(e)[:160]}")
            active = SparkContext._active_spark_context
            if active is not None:
                active.stop()
        result["ok"] = True
        print("RESULT " + json.dumps(result), flush=True)
        return 0
    finally:
        if sc is not None:
            try:
                sc.stop()
            except Exception as e:      # report, but still tear the cluster down
                log(f"sc.stop() failed: {e!r}")
        try:
            ray.shutdown()
        finally:
            cluster.shutdown()
            log("cluster shut down")


def _terminated(signum, frame):
    raise SystemExit(f"terminated by signal {signum}")    # runs main()'s cleanup


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())
