"""A real two-node Ray cluster on 127.0.0.1 for the CLI tests, started with ``ray start``.

Each node is a ``ray start --block`` child of the test: with ``--block`` the ``ray start``
process stays alive as the parent of the node's processes (GCS, raylet, dashboard, workers),
which Ray ties to it (they die with it), and a SIGTERM to that one PID drains nothing
(``RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S=0``) and stops exactly that node. So teardown never
needs ``ray stop`` (which would stop every Ray on the machine, the test session's included):
it signals the PIDs this module started, then, as a safety net, any process left whose command
line names this cluster's own temp dir.

Every port is picked free, each node has its own temp dir (``--temp-dir``), and the cluster
uses its own token (``RAY_AUTH_MODE=token`` + ``RAY_AUTH_TOKEN``), so ``~/.ray`` is never read
or written. ``PATH`` starts with this venv's ``bin`` so that the job entrypoint ``python`` is the
interpreter that has rayspark installed (on a real cluster, the nodes' Python must have it).
"""
from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Dict, List, Optional

BIN = os.path.dirname(sys.executable)
RAY = os.path.join(BIN, "ray")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _node_ports() -> List[str]:
    return ["--node-manager-port", str(free_port()), "--object-manager-port", str(free_port()),
            "--dashboard-agent-listen-port", str(free_port()),
            "--dashboard-agent-grpc-port", str(free_port()),
            "--metrics-export-port", str(free_port()),
            "--runtime-env-agent-port", str(free_port())]


class RayCluster:
    def __init__(self, worker_nodes: int = 1, cpus_per_node: int = 1):
        self.token = secrets.token_hex(32)
        self.temp_dir = tempfile.mkdtemp(prefix="rsk", dir="/tmp")   # short: socket paths
        self.gcs_port = free_port()
        self.dashboard_port = free_port()
        self.client_port = free_port()      # Ray Client server: master "ray://127.0.0.1:<port>"
        self.address = f"http://127.0.0.1:{self.dashboard_port}"
        self.worker_nodes = worker_nodes
        self.cpus = cpus_per_node
        self.procs: List[subprocess.Popen] = []
        self.env = self._env()

    def _env(self) -> Dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("RAY_", "RAYSPARK_")) and not k.startswith("spark.")}
        env.update(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=self.token,
                   RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S="0", RAY_USAGE_STATS_ENABLED="0",
                   PATH=BIN + os.pathsep + env.get("PATH", ""))
        return env

    def client_env(self, token: Optional[str] = "own") -> Dict[str, str]:
        """Environment for a `rayspark` client: with this cluster's token (default), another
        token, or none at all (token=None: no RAY_AUTH_* and a HOME without ~/.ray)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RAY_", "RAYSPARK_"))}
        if token == "own":
            env["RAY_AUTH_TOKEN"] = self.token
        elif token is not None:
            env["RAY_AUTH_TOKEN"] = token
        else:
            home = os.path.join(self.temp_dir, "home")
            os.makedirs(home, exist_ok=True)
            env["HOME"] = home
        return env

    def _spawn(self, args: List[str], log: str) -> subprocess.Popen:
        out = open(os.path.join(self.temp_dir, log), "w")
        try:
            p = subprocess.Popen([RAY, "start", "--block", "--node-ip-address=127.0.0.1",
                                  f"--num-cpus={self.cpus}", "--disable-usage-stats"] + args
                                 + _node_ports(), env=self.env, stdout=out,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
        finally:
            out.close()
        self.procs.append(p)
        return p

    def log(self, name: str) -> str:
        try:
            with open(os.path.join(self.temp_dir, name)) as f:
                return f.read()
        except OSError:
            return ""

    def start(self, timeout: float = 90.0) -> "RayCluster":
        deadline = time.monotonic() + timeout
        self._spawn(["--head", f"--port={self.gcs_port}", "--include-dashboard=true",
                     "--dashboard-host=127.0.0.1", f"--dashboard-port={self.dashboard_port}",
                     f"--ray-client-server-port={self.client_port}", f"--temp-dir={self.temp_dir}"],
                    "head.log")
        self._wait(lambda: self._get("/api/version") is not None, deadline, "head.log")
        for i in range(self.worker_nodes):
            # its own temp dir: nodes sharing one session dir on one machine would also share
            # (and clean up) each other's runtime_env working_dir copies
            self._spawn([f"--address=127.0.0.1:{self.gcs_port}",
                         f"--temp-dir={os.path.join(self.temp_dir, f'w{i}')}"], f"worker{i}.log")
        self._wait(lambda: len(self.node_ids()) == 1 + self.worker_nodes, deadline,
                   "worker0.log")
        return self

    def _wait(self, ready, deadline: float, log: str) -> None:
        while time.monotonic() < deadline:
            dead = [p for p in self.procs if p.poll() is not None]
            if dead:
                raise RuntimeError(f"ray start exited with {dead[0].returncode}:\n"
                                   f"{self.log(log)[-4000:]}")
            try:
                if ready():
                    return
            except Exception:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the Ray cluster did not come up in time:\n{self.log(log)[-4000:]}")

    def _get(self, path: str):
        req = urllib.request.Request(self.address + path,
                                     headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read().decode())

    def ray_logs(self, pattern: str, tail: int = 3000) -> str:
        """The ends of this cluster's Ray log files matching ``pattern`` (a glob under each
        node's session logs dir), for assertion messages when a Ray process misbehaves."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.temp_dir, "**", "logs", pattern),
                                     recursive=True)):
            try:
                with open(path, errors="replace") as f:
                    text = f.read()
            except OSError:
                continue
            if text.strip():
                out.append(f"--- {os.path.relpath(path, self.temp_dir)}\n{text[-tail:]}")
        return "\n".join(out)

    def node_ids(self) -> List[str]:
        """Ids of the alive nodes (Ray's state API through the dashboard)."""
        data = self._get("/api/v0/nodes")["data"]["result"]["result"]
        return sorted(n["node_id"] for n in data if n["state"] == "ALIVE")

    # ------------------------------------------------------------------ teardown ----------
    def stop(self, timeout: float = 30.0) -> None:
        """Stop the nodes this cluster started (workers first), by PID."""
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(10)
        self._kill_leftovers()
        shutil.rmtree(self.temp_dir, ignore_errors=True)

    def _kill_leftovers(self) -> None:
        """Processes whose command line names this cluster's temp dir are this cluster's."""
        me = os.getpid()
        for pid in _pids():
            if pid == me:
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().decode(errors="replace")
            except OSError:
                continue
            if self.temp_dir in cmd:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


def _pids() -> List[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]
