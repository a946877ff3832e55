"""Helpers shared by the fault tests: marker files written by tasks, a PID killer thread,
bounded job runs and waiting for the executor count to come back.

Task-side helpers are pickled by value (``register_pickle_by_value``) so executors never need to
import this module. Processes are only ever killed by a PID read from ``executor_info()``.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
import uuid
from collections import defaultdict
from typing import Any, Callable, Dict, List, Optional

import cloudpickle
import pytest

cloudpickle.register_pickle_by_value(sys.modules[__name__])

JOB_TIMEOUT = 90          # seconds: a job that needs longer than this is a recovery bug
EXECUTOR_TIMEOUT = 30     # seconds for a replacement executor to come up


# ------------------------------------------------------------------ task side ----------------
def marking(marker_dir: str, tag: str, sleep: float = 0.0):
    """mapPartitionsWithIndex function: leaves ``{tag}-{partition}-{pid}-{uuid}`` in
    ``marker_dir`` every time the partition is computed, sleeps, then passes records on."""
    def f(index, iterator):
        name = f"{tag}-{index}-{os.getpid()}-{uuid.uuid4().hex}"
        with open(os.path.join(marker_dir, name), "w"):
            pass
        if sleep:
            time.sleep(sleep)
        return iterator
    return f


# ------------------------------------------------------------------ driver side --------------
def markers(marker_dir: str, tag: str) -> Dict[int, List[int]]:
    """partition -> pids of every computation of ``tag`` (in no particular order)."""
    out: Dict[int, List[int]] = defaultdict(list)
    for name in os.listdir(marker_dir):
        parts = name.split("-")
        if len(parts) == 4 and parts[0] == tag:
            out[int(parts[1])].append(int(parts[2]))
    return dict(out)


def executor_infos(sc, timeout: float = 10.0) -> List[Dict[str, Any]]:
    """``sc._backend.executor_info()`` with a bound (a replacement that can never be placed
    would make the unbounded call hang)."""
    import ray
    hs = [h for h in list(sc._backend.executors.values()) if h.alive]
    return ray.get([h.actor.info.remote() for h in hs], timeout=timeout)


def executor_pids(sc) -> Dict[str, int]:
    return {i["executor_id"]: i["pid"] for i in executor_infos(sc)}


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a SIGKILLed child that was not reaped yet is a zombie: treat as dead
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


class Killer(threading.Thread):
    """SIGKILLs ``pid`` once ``condition()`` holds (polled), after ``delay`` seconds."""

    def __init__(self, pid: int, condition: Callable[[], bool], delay: float = 0.0,
                 timeout: float = 60.0):
        super().__init__(name=f"killer-{pid}", daemon=True)
        self.pid = pid
        self.condition = condition
        self.delay = delay
        self.timeout = timeout
        self.killed_at: Optional[float] = None
        self.error: Optional[BaseException] = None

    def run(self) -> None:
        deadline = time.monotonic() + self.timeout
        try:
            while not self.condition():
                if time.monotonic() > deadline:
                    return
                time.sleep(0.01)
            if self.delay:
                time.sleep(self.delay)
            os.kill(self.pid, signal.SIGKILL)
            self.killed_at = time.monotonic()
        except BaseException as e:     # reported by check()
            self.error = e

    def check(self) -> None:
        self.join(5)
        if self.error is not None:
            raise self.error
        assert self.killed_at is not None, f"the kill condition for pid {self.pid} never held"


def started_on(marker_dir: str, tag: str, pid: int) -> Callable[[], bool]:
    """Condition: a ``tag`` task has started in process ``pid``."""
    def cond() -> bool:
        return any(pid in pids for pids in markers(marker_dir, tag).values())
    return cond


def any_started(marker_dir: str, tag: str) -> Callable[[], bool]:
    return lambda: bool(markers(marker_dir, tag))


def run_bounded(sc, fn: Callable[[], Any], timeout: float = JOB_TIMEOUT) -> Any:
    """Run ``fn`` (which runs jobs on ``sc``) in a thread; fail the test instead of hanging."""
    box: Dict[str, Any] = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:
            box["error"] = e
    t = threading.Thread(target=target, name="bounded-job", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        try:
            sc.cancelAllJobs()
        finally:
            t.join(10)
        pytest.fail(f"job did not finish within {timeout}s (recovery hangs?)")
    if "error" in box:
        raise box["error"]
    return box.get("value")


def wait_for_executors(sc, n: int, timeout: float = EXECUTOR_TIMEOUT) -> Dict[str, int]:
    """Wait until ``n`` live executors answer ``info`` and all their processes are alive."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            pids = executor_pids(sc)
            if len(pids) == n and all(pid_alive(p) for p in pids.values()):
                return pids
            last = pids
        except Exception as e:     # an executor died and was not noticed yet
            last = e
        time.sleep(0.2)
    pytest.fail(f"expected {n} live executors within {timeout}s, last saw {last!r}")
