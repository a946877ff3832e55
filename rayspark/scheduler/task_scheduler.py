"""Task scheduler: which task runs on which executor slot, and retries.

Pure bookkeeping, owned by the DAG scheduler's loop thread (no locks, no Ray). Each stage
attempt is a ``TaskSetManager`` with pending partitions indexed by preferred executor (delay
scheduling: a task waits up to ``spark.locality.wait`` for a slot on an executor that holds its
cached input; as in Spark 3.1+, a local launch restarts that wait only when no idle executor
was turned away in the same round, so a stream of local launches cannot starve idle executors).
``assign`` fills free slots - first one task per core on every executor, then up to
``pipelineDepth`` queued tasks per core, so executors never idle while the driver reacts to a
completion.
"""
from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Deque, Dict, List, Optional, Set, Tuple

from .task import TaskSpec


@dataclass
class ExecutorSlots:
    executor_id: str
    cores: int
    running: Set[int] = field(default_factory=set)     # task ids
    alive: bool = True


class TaskSetManager:
    def __init__(self, stage, attempt: int, kind: str, job_id: int, partitions: List[int],
                 output_index: Dict[int, int], prefs: Dict[int, List[str]], max_failures: int,
                 priority: Tuple[int, int], properties: Tuple[Tuple[str, str], ...] = ()):
        self.stage = stage
        self.attempt = attempt
        self.kind = kind
        self.job_id = job_id
        self.partitions = partitions
        self.output_index = output_index
        self.prefs = prefs
        self.max_failures = max_failures
        self.priority = priority
        self.properties = properties
        self.pending: Set[int] = set(partitions)
        self.by_executor: Dict[str, Deque[int]] = {}
        self.no_pref: Deque[int] = deque()
        self.all_pending: Deque[int] = deque()
        self.running: Dict[int, TaskSpec] = {}
        self.failures: Dict[int, int] = {}
        self.executor_losses: Dict[int, int] = {}
        self.successful: Set[int] = set()
        self.attempt_numbers: Dict[int, int] = {}
        self.zombie = False
        self.last_local_launch = time.monotonic()   # start of the current locality wait
        self._round_local = False      # launched a task on its preferred executor this round
        self._round_declined = False   # turned an idle executor away this round (locality)
        self._durations = 0.0
        self._finished = 0
        for p in partitions:
            self._index(p)

    def _index(self, p: int) -> None:
        pref = self.prefs.get(p)
        if pref:
            for e in pref:
                self.by_executor.setdefault(e, deque()).append(p)
        else:
            self.no_pref.append(p)
        self.all_pending.append(p)

    def requeue(self, p: int) -> None:
        if p not in self.successful:
            self.pending.add(p)
            self._index(p)

    @staticmethod
    def _pop(q: Optional[Deque[int]], pending: Set[int]) -> Optional[int]:
        while q:
            p = q.popleft()
            if p in pending:
                return p
        return None

    def begin_round(self) -> None:
        self._round_local = False
        self._round_declined = False

    def end_round(self, now: float) -> None:
        """Restart the locality wait after a round with a local launch and no idle executor
        turned away (Spark's delay-scheduling timer reset, SPARK-18886)."""
        if self._round_local and not self._round_declined:
            self.last_local_launch = now

    def next_for(self, executor_id: str, live_executors: Set[str], locality_wait: float,
                 now: float, idle: bool = True) -> Optional[int]:
        """The next partition to run on ``executor_id`` (``idle``: one of its cores has no
        task, so turning it away for locality counts against the wait)."""
        if self.zombie or not self.pending:
            return None
        p = self._pop(self.by_executor.get(executor_id), self.pending)
        if p is not None:
            self._round_local = True
            return p
        p = self._pop(self.no_pref, self.pending)
        if p is not None:
            return p
        # Tasks preferring another executor: take one if its executors are gone or we waited.
        waited = now - self.last_local_launch >= locality_wait
        for _ in range(len(self.all_pending)):
            p = self.all_pending[0]
            if p not in self.pending:
                self.all_pending.popleft()
                continue
            pref = self.prefs.get(p) or []
            if waited or not any(e in live_executors for e in pref):
                self.all_pending.popleft()
                return p
            if idle:
                self._round_declined = True
            break
        return None

    def record_duration(self, seconds: float) -> None:
        self._durations += seconds
        self._finished += 1

    def mean_duration(self) -> float:
        return self._durations / self._finished if self._finished else 0.0

    def has_waiting_local_tasks(self) -> bool:
        return bool(self.pending) and not self.zombie


class TaskScheduler:
    def __init__(self, max_failures: int, locality_wait: float, pipeline_depth: int):
        self.max_failures = max_failures
        self.locality_wait = locality_wait
        self.pipeline_depth = pipeline_depth
        self.executors: Dict[str, ExecutorSlots] = {}
        self.task_sets: List[TaskSetManager] = []
        self.task_ids = itertools.count()
        self.running: Dict[int, Tuple[TaskSpec, TaskSetManager, str]] = {}

    # --- executors -----------------------------------------------------------------------
    def add_executor(self, executor_id: str, cores: int) -> None:
        self.executors[executor_id] = ExecutorSlots(executor_id, cores)

    def remove_executor(self, executor_id: str) -> List[Tuple[TaskSpec, TaskSetManager]]:
        """Forget an executor; return its running tasks (they are requeued, not failed)."""
        slots = self.executors.pop(executor_id, None)
        lost = []
        if slots is None:
            return lost
        for tid in list(slots.running):
            entry = self.running.pop(tid, None)
            if entry is not None:
                spec, tsm, _ = entry
                tsm.running.pop(tid, None)
                tsm.requeue(spec.partition)
                lost.append((spec, tsm))
        return lost

    def live_executor_ids(self) -> Set[str]:
        return {e for e, s in self.executors.items() if s.alive}

    # --- task sets -----------------------------------------------------------------------
    def submit(self, tsm: TaskSetManager) -> None:
        self.task_sets.append(tsm)
        self.task_sets.sort(key=lambda t: t.priority)

    def remove_task_set(self, tsm: TaskSetManager) -> None:
        tsm.zombie = True
        if tsm in self.task_sets:
            self.task_sets.remove(tsm)

    MAX_BATCH = 16
    SHORT_TASK = 0.02      # seconds; tasks shorter than this are batched into one actor call

    def batch_size(self) -> int:
        """Tasks per actor call: >1 only for many short tasks, where a call's fixed cost
        (~0.5 ms of Ray overhead each way) would dominate; shrinks as the queue drains
        (guided self-scheduling), so the last tasks still spread over all executors."""
        active = [t for t in self.task_sets if t.pending and not t.zombie]
        if not active or any(t.mean_duration() > self.SHORT_TASK for t in active):
            return 1
        pending = sum(len(t.pending) for t in active)
        n = max(1, len(self.executors))
        return max(1, min(self.MAX_BATCH, pending // (n * 4)))

    def assign(self, batch: int = 1) -> List[Tuple[str, TaskSpec, TaskSetManager]]:
        """Fill free slots; returns (executor_id, spec, task set) to launch, grouped by
        executor. A slot holds ``batch`` tasks (one actor call)."""
        launches: List[Tuple[str, TaskSpec, TaskSetManager]] = []
        active = [t for t in self.task_sets if t.pending and not t.zombie]
        if not active or not self.executors:
            return launches
        live = self.live_executor_ids()
        now = time.monotonic()
        for tsm in active:
            tsm.begin_round()
        try:
            self._fill(launches, list(active), live, now, batch)
        finally:
            for tsm in active:
                tsm.end_round(now)
        return launches

    def _fill(self, launches: List[Tuple[str, TaskSpec, TaskSetManager]],
              active: List[TaskSetManager], live: Set[str], now: float, batch: int) -> None:
        for depth in (1, self.pipeline_depth):
            for eid in sorted(self.executors, key=lambda e: len(self.executors[e].running)):
                slots = self.executors[eid]
                limit = slots.cores * depth * batch
                while slots.alive and len(slots.running) < limit:
                    launched = False
                    idle = len(slots.running) < slots.cores     # a core with nothing to do
                    for tsm in active:
                        p = tsm.next_for(eid, live, self.locality_wait, now, idle)
                        if p is None:
                            continue
                        spec = self._make_spec(tsm, p)
                        slots.running.add(spec.task_id)
                        tsm.running[spec.task_id] = spec
                        self.running[spec.task_id] = (spec, tsm, eid)
                        launches.append((eid, spec, tsm))
                        launched = True
                        break
                    if not launched:
                        break
                active = [t for t in active if t.pending and not t.zombie]
                if not active:
                    return

    def _make_spec(self, tsm: TaskSetManager, p: int) -> TaskSpec:
        tsm.pending.discard(p)
        n = tsm.attempt_numbers.get(p, 0)
        tsm.attempt_numbers[p] = n + 1
        return TaskSpec(task_id=next(self.task_ids), job_id=tsm.job_id, stage_id=tsm.stage.id,
                        stage_attempt=tsm.attempt, partition=p,
                        output_index=tsm.output_index.get(p, p), attempt=n, kind=tsm.kind,
                        local_properties=tsm.properties)

    def task_finished(self, task_id: int) -> Optional[Tuple[TaskSpec, TaskSetManager, str]]:
        entry = self.running.pop(task_id, None)
        if entry is None:
            return None
        spec, tsm, eid = entry
        tsm.running.pop(task_id, None)
        slots = self.executors.get(eid)
        if slots is not None:
            slots.running.discard(task_id)
        return entry

    def has_pending_waiting_for_locality(self) -> bool:
        return any(t.has_waiting_local_tasks() for t in self.task_sets)
