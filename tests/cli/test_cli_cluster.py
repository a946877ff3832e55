"""`rayspark submit --address` against a real two-node Ray cluster on 127.0.0.1 (a head and a
worker started with `ray start`, one CPU each, token authentication on; see raycluster.py).

The app runs SparkContext() with RAYSPARK_MASTER=ray set by the job's runtime environment; with
two executors of one CPU each on two one-CPU nodes, one executor must run on each node. The
driver's log is streamed back, the launcher exits with the job's status, a failing app is
reported as FAILED with exit status 1, `status`/`logs`/`list` read the job back, and a missing or
wrong token is a clear one-line error at once. Teardown stops only this cluster's processes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from raycluster import RayCluster

pytestmark = pytest.mark.timeout(240)

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(HERE, "apps")
PYFILES = os.path.join(APPS, "pyfiles", "textutil.py")


@pytest.fixture(scope="module")
def cluster():
    c = RayCluster(worker_nodes=1, cpus_per_node=1)
    try:
        c.start(timeout=90)
        yield c
    finally:
        c.stop()


def rayspark(cluster, *args, token="own", timeout=120):
    return subprocess.run([sys.executable, "-m", "rayspark", *args],
                          env=cluster.client_env(token), capture_output=True, text=True,
                          timeout=timeout, cwd=HERE)


def test_app_runs_on_both_nodes_with_the_right_answer(cluster):
    nodes = cluster.node_ids()
    assert len(nodes) == 2
    r = rayspark(cluster, "submit", "--address", cluster.address, "--name", "wc-cluster",
                 "--num-executors", "2", "--py-files", PYFILES,
                 os.path.join(APPS, "cluster_app.py"))
    assert r.returncode == 0, f"stdout:\n{r.stdout[-4000:]}\nstderr:\n{r.stderr[-4000:]}"
    lines = r.stdout.splitlines()
    executor_nodes = json.loads(next(ln for ln in lines if ln.startswith("EXECUTOR_NODES "))
                                .split(" ", 1)[1])
    assert executor_nodes == nodes                       # one executor on each node
    assert ("app wc-cluster on ray with 2 slots: [('the', 4), ('fox', 3), ('dog', 2)]"
            in lines)
    assert "rayspark: submitted job raysubmit_" in r.stderr
    assert r.stderr.rstrip().endswith("SUCCEEDED")
    job_id = r.stderr.split("submitted job ", 1)[1].split()[0]

    s = rayspark(cluster, "status", job_id, "--address", cluster.address)
    assert s.returncode == 0 and s.stdout.splitlines()[0] == "SUCCEEDED"
    logs = rayspark(cluster, "logs", job_id, "--address", cluster.address)
    assert logs.returncode == 0 and "('the', 4)" in logs.stdout
    ls = rayspark(cluster, "list", "--address", cluster.address)
    assert ls.returncode == 0
    assert any(ln.startswith(job_id + "\tSUCCEEDED\twc-cluster") for ln in ls.stdout.splitlines())


def test_failing_app_is_reported_as_failed(cluster):
    r = rayspark(cluster, "submit", "--address", cluster.address, "--conf",
                 "spark.task.maxFailures=1", os.path.join(APPS, "failing.py"))
    assert r.returncode == 1
    assert "ValueError: record 7 is not allowed" in r.stdout       # the driver's log
    assert "failed 1 times" in r.stdout
    last = r.stderr.rstrip().splitlines()[-1]
    assert last.startswith("rayspark: job raysubmit_") and " FAILED: " in last
    assert "exit code 1" in last


def test_stop_a_running_job(cluster):
    app = os.path.join(APPS, "sleeper.py")
    r = rayspark(cluster, "submit", "--no-wait", "--address", cluster.address, app)
    assert r.returncode == 0, r.stderr
    job_id = r.stdout.strip()
    assert job_id.startswith("raysubmit_")
    s = rayspark(cluster, "stop", job_id, "--address", cluster.address)
    assert s.returncode == 0, s.stderr
    assert s.stdout.strip() in (f"job {job_id}: STOPPED", f"job {job_id} already ended: STOPPED")
    s = rayspark(cluster, "status", job_id, "--address", cluster.address)
    assert s.stdout.splitlines()[0] == "STOPPED"


@pytest.mark.parametrize("token, message", [
    (None, "requires an authentication token and none was found"),
    ("not-the-token", "rejected the authentication token"),
])
def test_missing_or_wrong_token_is_a_clear_error(cluster, token, message):
    t0 = time.monotonic()
    r = rayspark(cluster, "submit", "--address", cluster.address,
                 os.path.join(APPS, "failing.py"), token=token, timeout=60)
    assert time.monotonic() - t0 < 30                    # no hang
    assert r.returncode == 1
    assert r.stderr.startswith(f"rayspark: the Ray cluster at {cluster.address} ")
    assert message in r.stderr and "ray get-auth-token" in r.stderr
    assert "Traceback" not in r.stderr
