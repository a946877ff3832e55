"""The same program against a real Ray cluster through Ray Client (master "ray://host:port").

The cluster (a head and one worker, token authentication on, every port on 127.0.0.1) is
started with `ray start` by tests/cli/raycluster.py and stopped by PID; the driver runs in a
subprocess because the test process is already connected to the session's embedded Ray.
"""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "cli"))
from raycluster import RayCluster  # noqa: E402

APP = """
from operator import add
from rayspark import SparkContext
sc = SparkContext('ray://127.0.0.1:{port}', 'client-test')
print('slots', sc.defaultParallelism)
print('pairs', sorted(sc.parallelize(range(1000), 4).map(lambda x: (x % 7, 1)).reduceByKey(add).collect()))
nodes = sorted({{i['node_id'] for i in sc._backend.executor_info()}})
print('nodes', len(nodes))
sc.stop()
print('stopped')
"""


@pytest.mark.timeout(300)
def test_word_count_style_job_through_ray_client():
    cluster = RayCluster(worker_nodes=1, cpus_per_node=1).start()
    try:
        env = cluster.client_env()          # RAY_AUTH_TOKEN only: rayspark turns token mode on
        p = subprocess.run([sys.executable, "-c", APP.format(port=cluster.client_port)],
                           env=env, capture_output=True, text=True, timeout=240)
        assert p.returncode == 0, (p.stderr[-3000:] + "\n" + cluster.ray_logs("ray_client_server*")
                                   + cluster.ray_logs("python-core-driver*", 1500))
        lines = p.stdout.splitlines()
        assert "slots 2" in lines
        assert ("pairs [(0, 143), (1, 143), (2, 143), (3, 143), (4, 143), (5, 143), (6, 142)]"
                in lines)
        assert "nodes 2" in lines               # one executor on each node
        assert lines[-1] == "stopped"
    finally:
        cluster.stop()
