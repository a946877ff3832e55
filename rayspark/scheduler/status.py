"""Live job/stage status: written by the scheduler loop, read by the progress bar and by
``SparkContext.statusTracker()`` from any thread (every access takes one lock and returns
immutable snapshots)."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Dict, List, NamedTuple, Optional, Tuple


class SparkJobInfo(NamedTuple):
    jobId: int
    stageIds: List[int]
    status: str          # RUNNING, SUCCEEDED, FAILED, UNKNOWN


class SparkStageInfo(NamedTuple):
    """PySpark's SparkStageInfo (the same seven fields, in the same order)."""
    stageId: int
    currentAttemptId: int
    name: str
    numTasks: int
    numActiveTasks: int
    numCompletedTasks: int
    numFailedTasks: int


@dataclass
class _StageRec:
    stage_id: int
    attempt: int
    name: str
    num_tasks: int
    submitted: float
    active: int = 0
    completed: int = 0
    failed: int = 0
    done: bool = False


class StatusStore:
    MAX_RETAINED = 1000

    def __init__(self):
        self._lock = threading.Lock()
        self._jobs: "OrderedDict[int, Tuple[List[int], str, Optional[str]]]" = OrderedDict()
        self._stages: "OrderedDict[int, _StageRec]" = OrderedDict()
        self._active_stages: Dict[int, _StageRec] = {}
        self._stage_metrics: "OrderedDict[int, Dict[str, int]]" = OrderedDict()
        self.version = 0

    def _trim(self) -> None:
        while len(self._jobs) > self.MAX_RETAINED:
            self._jobs.popitem(last=False)
        while len(self._stages) > self.MAX_RETAINED:
            self._stages.popitem(last=False)
        while len(self._stage_metrics) > self.MAX_RETAINED:
            self._stage_metrics.popitem(last=False)

    def job_started(self, job_id: int, stage_ids: List[int], group: Optional[str]) -> None:
        with self._lock:
            self._jobs[job_id] = (list(stage_ids), "RUNNING", group)
            self._trim()

    def job_ended(self, job_id: int, succeeded: bool) -> None:
        with self._lock:
            if job_id in self._jobs:
                ids, _, group = self._jobs[job_id]
                self._jobs[job_id] = (ids, "SUCCEEDED" if succeeded else "FAILED", group)

    def stage_submitted(self, stage_id: int, attempt: int, name: str, num_tasks: int) -> None:
        with self._lock:
            rec = _StageRec(stage_id, attempt, name, num_tasks, time.time())
            self._stages[stage_id] = rec
            self._active_stages[stage_id] = rec
            self.version += 1
            self._trim()

    def task_started(self, stage_id: int) -> None:
        with self._lock:
            rec = self._stages.get(stage_id)
            if rec is not None:
                rec.active += 1

    def task_ended(self, stage_id: int, ok: bool, counted: bool = True) -> None:
        with self._lock:
            rec = self._stages.get(stage_id)
            if rec is not None:
                rec.active = max(0, rec.active - 1)
                if ok and counted:
                    rec.completed += 1
                elif not ok:
                    rec.failed += 1

    def add_task_metrics(self, stage_id: int, metrics) -> None:
        """Sum a successful task's metrics ((name, value) pairs, e.g. ``memoryBytesSpilled``,
        ``diskBytesSpilled``, ``shuffleBytesWritten``) into its stage's totals."""
        if not metrics:
            return
        with self._lock:
            totals = self._stage_metrics.get(stage_id)
            if totals is None:
                totals = self._stage_metrics[stage_id] = {}
                self._trim()
            for name, value in metrics:
                totals[name] = totals.get(name, 0) + value

    def stage_completed(self, stage_id: int) -> None:
        with self._lock:
            rec = self._active_stages.pop(stage_id, None)
            if rec is not None:
                rec.done = True
            self.version += 1

    # --- readers -------------------------------------------------------------------------
    def active_stages(self) -> List[SparkStageInfo]:
        with self._lock:
            return [self._info(r) for r in self._active_stages.values()]

    def active_stages_with_submission(self) -> List[Tuple[SparkStageInfo, float]]:
        """(info, submission time in seconds since the epoch) of every active stage."""
        with self._lock:
            return [(self._info(r), r.submitted) for r in self._active_stages.values()]

    def _info(self, r: _StageRec) -> SparkStageInfo:
        return SparkStageInfo(r.stage_id, r.attempt, r.name, r.num_tasks, r.active,
                              r.completed, r.failed)

    def stage_info(self, stage_id: int) -> Optional[SparkStageInfo]:
        with self._lock:
            r = self._stages.get(stage_id)
            return self._info(r) if r else None

    def task_metrics(self, stage_id: Optional[int] = None) -> Dict[str, int]:
        """Summed metrics of the successful tasks of one stage (all attempts), or of every
        retained stage when ``stage_id`` is None."""
        with self._lock:
            if stage_id is not None:
                return dict(self._stage_metrics.get(stage_id, {}))
            out: Dict[str, int] = {}
            for totals in self._stage_metrics.values():
                for name, value in totals.items():
                    out[name] = out.get(name, 0) + value
            return out

    def job_info(self, job_id: int) -> Optional[SparkJobInfo]:
        with self._lock:
            j = self._jobs.get(job_id)
            return SparkJobInfo(job_id, list(j[0]), j[1]) if j else None

    def job_ids_for_group(self, group: Optional[str]) -> List[int]:
        with self._lock:
            return [jid for jid, (_, _, g) in self._jobs.items() if g == group]

    def active_job_ids(self) -> List[int]:
        with self._lock:
            return [jid for jid, (_, st, _) in self._jobs.items() if st == "RUNNING"]

    def active_stage_ids(self) -> List[int]:
        with self._lock:
            return list(self._active_stages)


class StatusTracker:
    """Low-level status reporting API (PySpark's ``StatusTracker``)."""

    def __init__(self, store: StatusStore):
        self._store = store

    def getJobIdsForGroup(self, jobGroup: Optional[str] = None) -> List[int]:
        return self._store.job_ids_for_group(jobGroup)

    def getActiveStageIds(self) -> List[int]:
        return sorted(self._store.active_stage_ids())

    def getActiveJobsIds(self) -> List[int]:
        return sorted(self._store.active_job_ids())

    def getJobInfo(self, jobId: int) -> Optional[SparkJobInfo]:
        return self._store.job_info(jobId)

    def getStageInfo(self, stageId: int) -> Optional[SparkStageInfo]:
        return self._store.stage_info(stageId)
