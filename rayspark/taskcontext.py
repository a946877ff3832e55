"""TaskContext: what a running task knows about itself (PySpark's ``TaskContext``).

The executor sets the current context in a thread-local before running a task and clears it
afterwards; user code reads it with ``TaskContext.get()``. The context also carries the task's
accumulator updates and its connection to the executor's services (block manager, shuffle
inputs), so RDD ``compute`` code never imports Ray.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional

__all__ = ["TaskContext", "BarrierTaskContext"]

_current = threading.local()


class TaskContext:
    """Information about the task currently running on an executor."""

    def __init__(self, stage_id: int = 0, stage_attempt: int = 0, partition_id: int = 0,
                 attempt_number: int = 0, task_attempt_id: int = 0, cpus: int = 1,
                 local_properties: Optional[Dict[str, str]] = None, services: Any = None):
        self._stage_id = stage_id
        self._stage_attempt = stage_attempt
        self._partition_id = partition_id
        self._attempt_number = attempt_number
        self._task_attempt_id = task_attempt_id
        self._cpus = cpus
        self._local_properties = dict(local_properties or {})
        self._services = services          # executor-side services (block manager, inputs...)
        self._accum_updates: Dict[int, Any] = {}
        self._completion_callbacks: List[Any] = []
        self.metrics: Dict[str, int] = {}

    # --- PySpark API -------------------------------------------------------------------------
    @classmethod
    def get(cls) -> Optional["TaskContext"]:
        return getattr(_current, "ctx", None)

    @classmethod
    def _set(cls, ctx: Optional["TaskContext"]) -> None:
        _current.ctx = ctx

    def stageId(self) -> int:
        return self._stage_id

    def partitionId(self) -> int:
        return self._partition_id

    def attemptNumber(self) -> int:
        return self._attempt_number

    def taskAttemptId(self) -> int:
        return self._task_attempt_id

    def getLocalProperty(self, key: str) -> Optional[str]:
        return self._local_properties.get(key)

    def cpus(self) -> int:
        return self._cpus

    def resources(self) -> Dict[str, Any]:
        return {}

    # --- engine internals ---------------------------------------------------------------------
    @property
    def services(self) -> Any:
        return self._services

    def add_metric(self, name: str, value: int) -> None:
        self.metrics[name] = self.metrics.get(name, 0) + value

    def add_completion_callback(self, fn) -> None:
        self._completion_callbacks.append(fn)

    def run_completion_callbacks(self) -> None:
        callbacks, self._completion_callbacks = self._completion_callbacks, []
        for fn in reversed(callbacks):
            try:
                fn()
            except Exception:
                pass


class BarrierTaskContext(TaskContext):
    """Barrier execution mode is not supported; the class exists for import compatibility."""

    @classmethod
    def get(cls):
        raise NotImplementedError("barrier execution mode is not supported by rayspark")
