"""Multi-node fault tolerance on a ``ray.cluster_utils.Cluster`` (head + 2 worker nodes, all on
127.0.0.1): executors spread over the worker nodes, a worker node removed while a shuffle job's
reduce stage runs, the exact answer, and pending replacement executors that start (and take
tasks) once a new node brings capacity back. The scenario lives in ``multinode_scenario.py`` and
runs in a subprocess: the pytest process is already connected to the session's Ray.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(300)

SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multinode_scenario.py")
TIMEOUT = 240


def test_node_removed_during_shuffle_job():
    env = dict(os.environ)
    env.pop("RAY_ADDRESS", None)           # the scenario attaches to its own cluster
    proc = subprocess.Popen([sys.executable, SCENARIO], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.terminate()                    # SIGTERM: the scenario shuts its cluster down
        try:
            out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        pytest.fail(f"multi-node scenario did not finish within {TIMEOUT}s\n{err[-5000:]}")
    lines = [ln for ln in out.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, (
        f"scenario failed (exit {proc.returncode})\nstdout:\n{out[-3000:]}\n"
        f"stderr:\n{err[-8000:]}")
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["ok"]
    assert result["executors"] == 4 and result["nodes_with_executors"] == 2
    # one SPREAD placement-group bundle per executor, reserving its cores and memory
    assert result["placement_bundles"] == 4 and result["bundle_memory"] == 2 << 30
    assert result["placement_error"] == "EXECUTOR_PLACEMENT_FAILED"
    # the removed node's map outputs were recomputed, and only those
    assert result["map_partitions"] < result["maps_computed"] <= 2 * result["map_partitions"]
    # without spare capacity the replacements wait; jobs ran on the two survivors meanwhile
    assert result["running_after_removal"] == 2 and result["pending_after_removal"] == 2
    assert result["running_after_new_node"] == 4
