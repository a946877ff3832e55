"""Fakes for unit-testing the DAG scheduler without Ray or executors (Spark's DAGSchedulerSuite).

- ``FakeContext``: just what RDD constructors need (ids, a conf, ``put_input``), so real RDD
  graphs (parallelize -> map -> reduceByKey ...) can be built without a SparkContext.
- ``FakeBackend``: the methods the DAG scheduler calls on a backend. ``launch_batch`` records the
  tasks of one actor call and returns a pending ``concurrent.futures.Future`` of their results;
  the test completes each task by hand (the future resolves when all tasks of the call have).
- ``Harness``: a DAGScheduler over the fake backend with helpers to submit jobs in threads, wait
  for launched tasks, complete them (value, MapStatus, user error, fetch failure, executor
  death), synchronise with the scheduler loop, and fire its timers deterministically.
"""
from __future__ import annotations

import itertools
import threading
import time
import types
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence

from rayspark.accumulators import INT_ACCUMULATOR_PARAM, Accumulator
from rayspark.conf import SparkConf
from rayspark.rdd.parallel_collection import ParallelCollectionRDD
from rayspark.scheduler import dag_scheduler as dag_module
from rayspark.scheduler.dag_scheduler import DAGScheduler
from rayspark.scheduler.task import MapStatus, TaskError, TaskResult, TaskSpec
from rayspark.storage.block_manager_master import BlockManagerMaster

TIMEOUT = 5.0


# ================================================================== context ==================
class FakeContext:
    """Provides what ``RDD.__init__`` and the RDD kinds need, nothing more."""

    def __init__(self, default_parallelism: int = 2):
        self._rdd_ids = itertools.count()
        self._shuffle_ids = itertools.count()
        self._conf = SparkConf()
        self.defaultParallelism = default_parallelism
        self.put_inputs: List[bytes] = []
        self._backend = types.SimpleNamespace(put_input=self._put_input)
        self._persistent_rdds: Dict[int, Any] = {}
        self._marked_for_checkpoint: List[Any] = []
        self._checkpoint_dir = None
        self.cleaned_shuffles: List[int] = []

    def _put_input(self, blob: bytes):
        self.put_inputs.append(blob)
        return ("input-ref", len(self.put_inputs) - 1)

    def _ensure_active(self) -> None:
        pass

    def _new_rdd_id(self) -> int:
        return next(self._rdd_ids)

    def _new_shuffle_id(self) -> int:
        return next(self._shuffle_ids)

    def _cleanup_shuffle(self, shuffle_id: int) -> None:
        self.cleaned_shuffles.append(shuffle_id)

    def _unpersist_rdd(self, rdd_id: int, blocking: bool) -> None:
        self._persistent_rdds.pop(rdd_id, None)

    def parallelize(self, data, num_slices: int):
        return ParallelCollectionRDD(self, list(data), num_slices)


# ================================================================== backend ==================
class ExecutorDied(Exception):
    """What the fake backend reports as an executor failure (Ray's RayActorError)."""


class BatchCall:
    """One ``launch_batch`` actor call: its future resolves to the list of TaskResults once
    every task in it has a result (or raises if the executor died)."""

    def __init__(self, eid: str, size: int):
        self.eid = eid
        self.future: Future = Future()
        self.future.set_running_or_notify_cancel()
        self.results: List[Any] = [None] * size
        self.filled = [False] * size

    def set(self, index: int, result: TaskResult) -> None:
        assert not self.filled[index], "task already completed"
        self.results[index] = result
        self.filled[index] = True
        if all(self.filled):
            self.future.set_result(list(self.results))

    def die(self, exc: BaseException) -> None:
        self.future.set_exception(exc)


@dataclass
class Launch:
    eid: str
    stage_ref: Any
    spec: TaskSpec
    inputs: Dict[Any, Any]
    call: BatchCall
    index: int

    @property
    def stage_id(self) -> int:
        return self.spec.stage_id

    @property
    def partition(self) -> int:
        return self.spec.partition

    @property
    def done(self) -> bool:
        return self.call.future.done() or self.call.filled[self.index]

    def __repr__(self) -> str:
        return (f"Launch(stage={self.spec.stage_id}.{self.spec.stage_attempt} "
                f"part={self.spec.partition} attempt={self.spec.attempt} exec={self.eid} "
                f"done={self.done})")


class FakeBackend:
    def __init__(self, executors: Sequence[str], max_replacements: Optional[int] = None):
        self.max_replacements = max_replacements
        self.slots = [(e, 1) for e in executors]
        self.alive = set(executors)
        self.launches: List[Launch] = []
        self.calls: List[BatchCall] = []
        self.put_stages: List[tuple] = []          # (stage, attempt)
        self.replaced: List[tuple] = []            # (old, new, reason)
        self.cancel_queued_calls = 0
        self._new_ids = itertools.count(len(executors))
        self._lock = threading.Lock()

    def executor_slots(self):
        return list(self.slots)

    def put_stage(self, stage):
        self.put_stages.append((stage, stage.attempt))
        return f"stage-{stage.id}.{stage.attempt}", {("bc", 0): "bc-ref"}

    def launch_batch(self, eid, tasks):
        assert eid in self.alive, f"task launched on dead executor {eid}"
        call = BatchCall(eid, len(tasks))
        with self._lock:
            self.calls.append(call)
            for i, (stage_ref, spec, inputs) in enumerate(tasks):
                self.launches.append(Launch(eid, stage_ref, spec, dict(inputs), call, i))
        return call.future

    def handles(self, eids):
        return [(e, f"actor-{e}") for e in eids if e in self.alive]

    def is_executor_failure(self, e: BaseException) -> bool:
        return isinstance(e, ExecutorDied)

    def is_alive(self, eid: str) -> bool:
        return eid in self.alive

    def replace_executor(self, eid: str, reason: str):
        self.alive.discard(eid)
        if self.max_replacements is not None and len(self.replaced) >= self.max_replacements:
            return None
        new = str(next(self._new_ids))
        self.alive.add(new)
        self.replaced.append((eid, new, reason))
        return new, 1

    def cancel_tasks(self, task_ids, kill_timeout: float) -> None:
        self.cancel_queued_calls += 1
        self.cancelled_tasks = set(getattr(self, "cancelled_tasks", set())) | set(task_ids)

    # --- test helpers -------------------------------------------------------------------
    def running(self) -> List[Launch]:
        with self._lock:
            return [l for l in self.launches if not l.done]


# ================================================================== harness ==================
class _Barrier:
    def __init__(self):
        self.done = threading.Event()


class FakeTimer:
    """Replaces threading.Timer inside dag_scheduler: timers fire only when the test says."""

    registry: List["FakeTimer"] = []

    def __init__(self, interval, function, args=None, kwargs=None):
        self.interval = interval
        self.function = function
        self.args = tuple(args or ())
        self.kwargs = dict(kwargs or {})
        self.daemon = True
        self.cancelled = False

    def start(self):
        FakeTimer.registry.append(self)

    def cancel(self):
        self.cancelled = True


class _ThreadingProxy:
    Timer = FakeTimer

    def __getattr__(self, name):
        return getattr(threading, name)


def install_fake_timers(monkeypatch) -> None:
    FakeTimer.registry = []
    monkeypatch.setattr(dag_module, "threading", _ThreadingProxy())


class JobHandle:
    def __init__(self, harness: "Harness", rdd, partitions, properties, map_dep=None):
        self.harness = harness
        self.map_dep = map_dep
        self.result: Any = None
        self.error: Optional[BaseException] = None
        self.done = threading.Event()
        self.job_id: Optional[int] = None
        store = harness.dag.status
        before = set(store._jobs)
        self._thread = threading.Thread(target=self._run, args=(rdd, partitions, properties),
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            new = set(store._jobs) - before
            if new:
                self.job_id = min(new)
                break
            if self.done.is_set():
                break
            time.sleep(0.002)
        harness.sync()

    def _run(self, rdd, partitions, properties):
        try:
            if self.map_dep is not None:
                self.result = self.harness.dag.run_map_stage(self.map_dep, properties)
            else:
                self.result = self.harness.dag.run_job(rdd, lambda it: list(it), partitions,
                                                       properties)
        except BaseException as e:   # noqa: BLE001 - handed to the test
            self.error = e
        finally:
            self.done.set()

    def get(self, timeout: float = TIMEOUT):
        assert self.done.wait(timeout), "job did not finish"
        if self.error is not None:
            raise self.error
        return self.result

    def wait_error(self, timeout: float = TIMEOUT) -> BaseException:
        assert self.done.wait(timeout), "job did not finish"
        assert self.error is not None, f"job succeeded with {self.result!r}"
        return self.error


class Harness:
    def __init__(self, monkeypatch, executors: Sequence[str] = ("0", "1"), *,
                 max_failures: int = 1, locality_wait: float = 0.0, pipeline_depth: int = 1,
                 accumulators: Optional[Dict[int, Any]] = None,
                 max_replacements: Optional[int] = None):
        install_fake_timers(monkeypatch)
        self.ctx = FakeContext()
        self.backend = FakeBackend(executors, max_replacements)
        self.block_master = BlockManagerMaster()
        self.accumulators: Dict[int, Any] = accumulators if accumulators is not None else {}
        self.dag = DAGScheduler(self.backend, self.block_master, self.accumulators,
                                max_failures=max_failures, locality_wait=locality_wait,
                                pipeline_depth=pipeline_depth)
        orig = self.dag._handle

        def handle(ev):
            if isinstance(ev, _Barrier):
                ev.done.set()
                return
            orig(ev)
        self.dag._handle = handle

    # --- jobs -----------------------------------------------------------------------------
    def submit(self, rdd, partitions: Optional[Iterable[int]] = None,
               properties: Optional[Dict[str, str]] = None) -> JobHandle:
        parts = list(range(rdd.getNumPartitions())) if partitions is None else list(partitions)
        return JobHandle(self, rdd, parts, properties or {})

    def submit_map_stage(self, dep, properties: Optional[Dict[str, str]] = None) -> JobHandle:
        return JobHandle(self, dep.rdd, [], properties or {}, map_dep=dep)

    def accumulator(self, aid: int, value: int = 0) -> Accumulator:
        acc = Accumulator(aid, value, INT_ACCUMULATOR_PARAM)
        self.accumulators[aid] = acc
        return acc

    # --- synchronisation ------------------------------------------------------------------
    def sync(self) -> None:
        """Return once the loop has handled every event posted before this call."""
        b = _Barrier()
        self.dag.events.put(b)
        assert b.done.wait(TIMEOUT), "scheduler loop did not answer"

    def fire_timers(self) -> int:
        """Fire pending scheduler timers (resubmission of failed stages, locality revive)."""
        timers, FakeTimer.registry[:] = list(FakeTimer.registry), []
        n = 0
        for t in timers:
            if not t.cancelled:
                t.function(*t.args, **t.kwargs)
                n += 1
        self.sync()
        return n

    def running(self, stage_id: Optional[int] = None) -> List[Launch]:
        self.sync()
        return [l for l in self.backend.running() if stage_id is None or l.stage_id == stage_id]

    def wait_running(self, n: int, stage_id: Optional[int] = None) -> List[Launch]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            got = self.running(stage_id)
            if len(got) >= n:
                return sorted(got, key=lambda l: (l.stage_id, l.partition))
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {n} running tasks of stage {stage_id}, have {got}")
            time.sleep(0.002)

    # --- completing tasks -----------------------------------------------------------------
    def succeed(self, launch: Launch, value: Any = None, accum_updates=()) -> None:
        launch.call.set(launch.index, TaskResult(launch.spec.task_id, launch.eid, True,
                                                 value=value, accum_updates=tuple(accum_updates)))
        self.sync()

    def succeed_map(self, launch: Launch, num_reduce: int, accum_updates=()) -> MapStatus:
        st = map_status(launch.partition, launch.eid, num_reduce)
        self.succeed(launch, st, accum_updates)
        return st

    def fail(self, launch: Launch, exc_type: str = "ValueError", message: str = "boom",
             retryable: bool = True) -> None:
        tb = f"Traceback (most recent call last):\n  File \"job.py\", line 1\n{exc_type}: {message}\n"
        err = TaskError(exc_type, message, tb, retryable=retryable)
        launch.call.set(launch.index, TaskResult(launch.spec.task_id, launch.eid, False, error=err))
        self.sync()

    def fetch_fail(self, launch: Launch, shuffle_id: int, map_ids: Sequence[int]) -> None:
        err = TaskError("FetchFailedError", f"fetch failed for shuffle {shuffle_id}", "",
                        fetch_failed=(shuffle_id, tuple(map_ids)))
        launch.call.set(launch.index, TaskResult(launch.spec.task_id, launch.eid, False, error=err))
        self.sync()

    def executor_died(self, launch: Launch) -> None:
        launch.call.die(ExecutorDied(f"executor {launch.eid} died"))
        self.sync()

    def run_stage(self, stage_id: int, num_tasks: int, value: Callable[[Launch], Any],
                  accum_updates: Callable[[Launch], Any] = lambda l: ()) -> List[Launch]:
        """Complete ``num_tasks`` tasks of a stage in launch order (waiting for each)."""
        done = []
        while len(done) < num_tasks:
            launch = self.wait_running(1, stage_id)[0]
            self.succeed(launch, value(launch), accum_updates(launch))
            done.append(launch)
        return done

    def stop(self) -> None:
        self.dag.stop()


def map_status(map_id: int, eid: str, num_reduce: int) -> MapStatus:
    """A map output with one segment and a 10-byte block for every reduce partition."""
    return MapStatus(map_id=map_id, executor_id=eid, node_id="node-" + eid,
                     segments=(f"seg-{eid}-{map_id}",),
                     blocks=tuple((0, 10 * r, 10) for r in range(num_reduce)), records=num_reduce)
