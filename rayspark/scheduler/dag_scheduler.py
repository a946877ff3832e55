"""DAG scheduler: turns jobs into stages at shuffle boundaries and drives them to completion.

Design:
- One logic thread (``_loop``) owns all scheduler state: stages, task sets, the map-output
  tracker's contents, running/waiting/failed sets. Everyone else posts frozen events
  (``events.py``): job submitters from user threads, Ray completion callbacks (a task's future
  resolving), timers. The loop blocks on its queue - no polling.
- Stage building is a pure function of the RDD graph: only ``ShuffleDependency`` cuts a stage; a
  ``ShuffleMapStage`` per shuffle id is shared by all jobs, so a later job whose shuffle outputs
  are all registered skips it.
- Each stage attempt ships its closure once (``Backend.put_stage``); tasks carry the reference,
  the partition and their object-store inputs, built at launch time from the current map outputs
  so a task never starts with references to outputs known to be lost.
- Failures: a user-code error is retried up to ``spark.task.maxFailures`` then fails the job with
  the remote traceback; a fetch failure unregisters the lost map outputs and resubmits the map
  stage (only its missing partitions) and then the reduce stage; a dead executor's running tasks
  are requeued (not counted as failures), its cached blocks and map outputs are forgotten, and a
  replacement executor is started.
- Accumulator updates are merged once per (stage, partition), so retries and recomputation after
  executor loss never count twice.
"""
from __future__ import annotations

import itertools
import logging
import pickle
import queue
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from ..errors import PythonException, SparkException, SparkJobCancelled
from ..rdd.dependency import ShuffleDependency
from ..storage.block_id import RDDBlockId
from ..storage.storage_level import StorageLevel
from .events import (AllJobsCancelled, JobCancelled, JobGroupCancelled, JobSubmitted,
                     MapStageSubmitted, ResubmitFailedStages, ReviveOffers, StopLoop, TaskEnded)
from .map_output_tracker import MapOutputTracker
from .stage import ResultStage, ShuffleMapStage, Stage
from .status import StatusStore
from .task import RESULT, SHUFFLE_MAP, TaskResult, TaskSpec
from .task_scheduler import TaskScheduler, TaskSetManager

RESUBMIT_DELAY = 0.2
KILL_TIMEOUT = 2.0          # spark.python.task.killTimeout
RESOURCE_WARNING_DELAY = 15.0
MAX_STAGE_FETCH_FAILURES = 4


@dataclass(frozen=True)
class ExecutorReady:
    """A replacement executor answered (or ``future`` raises: it died while starting)."""
    executor_id: str
    cores: int
    future: Any


class MissingShuffleOutput(Exception):
    def __init__(self, shuffle_id: int, map_ids: List[int]):
        self.shuffle_id = shuffle_id
        self.map_ids = map_ids


class ActiveJob:
    def __init__(self, job_id: int, rdd, func: Callable, partitions: List[int],
                 properties: Dict[str, str]):
        self.job_id = job_id
        self.rdd = rdd
        self.func = func
        self.partitions = partitions
        self.properties = properties
        self.finished = [False] * len(partitions)
        self.results: List[Any] = [None] * len(partitions)
        self.num_finished = 0
        self.final_stage: Optional[Stage] = None
        self.error: Optional[BaseException] = None
        self.done = threading.Event()
        self.map_dep = None       # set for a map-stage job: the ShuffleDependency to compute

    @property
    def group(self) -> Optional[str]:
        return self.properties.get("spark.jobGroup.id")


class DAGScheduler:
    def __init__(self, backend, block_master, accumulators: Dict[int, Any], *, max_failures: int,
                 locality_wait: float, pipeline_depth: int, on_job_end: Callable = None,
                 max_executor_losses: int = 3):
        self.backend = backend
        self.max_executor_losses = max_executor_losses
        self.block_master = block_master
        self.accumulators = accumulators
        self.tracker = MapOutputTracker()
        self.status = StatusStore()
        self.task_scheduler = TaskScheduler(max_failures, locality_wait, pipeline_depth)
        self.events: "queue.SimpleQueue" = queue.SimpleQueue()
        self._job_ids = itertools.count()
        self._stage_ids = itertools.count()
        self.shuffle_stages: Dict[int, ShuffleMapStage] = {}
        self.waiting: Set[Stage] = set()
        self.running: Set[Stage] = set()
        self.failed: Set[Stage] = set()
        self.active_jobs: Dict[int, ActiveJob] = {}
        self.task_sets: Dict[Stage, TaskSetManager] = {}
        self._resubmit_scheduled = False
        self._revive_scheduled = False
        self._lost_executors: Set[str] = set()
        self._pending_executors: Set[str] = set()     # replacements not started yet
        self._launch_epochs: Dict[int, int] = {}    # task id -> map-output epoch at launch
        self._on_job_end = on_job_end
        self._stopped = False
        for eid, cores in backend.executor_slots():
            # like replacements, start-up executors get tasks once they answer, so a job on an
            # over-subscribed cluster runs on the executors Ray could place instead of waiting
            self._add_executor_when_ready(eid, cores)
        self._thread = threading.Thread(target=self._loop, name="rayspark-dag-scheduler", daemon=True)
        self._thread.start()

    # ================================================================ user-thread API ====
    def run_job(self, rdd, func: Callable, partitions: List[int],
                properties: Dict[str, str]) -> List[Any]:
        if self._stopped:
            raise SparkException("Cannot run a job: the SparkContext was stopped")
        job = ActiveJob(next(self._job_ids), rdd, func, list(partitions), dict(properties))
        if not job.partitions:
            return []
        self.events.put(JobSubmitted(job))
        return self._await(job)

    def _await(self, job: ActiveJob) -> List[Any]:
        try:
            while not job.done.wait(0.5 if threading.current_thread() is threading.main_thread() else None):
                pass
        except KeyboardInterrupt:
            self.events.put(JobCancelled(job.job_id, "cancelled by KeyboardInterrupt"))
            job.done.wait(5)
            raise
        if job.error is not None:
            raise job.error
        return job.results

    def run_map_stage(self, dep, properties: Dict[str, str]) -> List[Any]:
        """Compute the map outputs of one shuffle (reusing them if they exist) and return the
        MapStatus of every map partition (Spark's submitMapStage), e.g. for their sizes."""
        if self._stopped:
            raise SparkException("Cannot run a job: the SparkContext was stopped")
        job = ActiveJob(next(self._job_ids), dep.rdd, None, [], dict(properties))
        job.map_dep = dep
        self.events.put(MapStageSubmitted(job))
        return self._await(job)

    def cancel_job(self, job_id: int, reason: str = "") -> None:
        self.events.put(JobCancelled(job_id, reason or f"Job {job_id} cancelled"))

    def cancel_job_group(self, group_id: str) -> None:
        self.events.put(JobGroupCancelled(group_id))

    def cancel_all_jobs(self) -> None:
        self.events.put(AllJobsCancelled())

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.events.put(StopLoop())
        self._thread.join(10)

    def unregister_shuffle(self, shuffle_id: int) -> None:
        """Called when a ShuffleDependency is garbage-collected (any thread)."""
        self.tracker.unregister_shuffle(shuffle_id)

    # ================================================================ the loop ============
    def _loop(self) -> None:
        while True:
            ev = self.events.get()
            if isinstance(ev, StopLoop):
                self._fail_all(SparkJobCancelled("Job cancelled because SparkContext was shut down"))
                return
            try:
                self._handle(ev)
                self._launch_tasks()
            except Exception as e:   # never let the loop die silently
                tb = traceback.format_exc()
                self._fail_all(SparkException(f"Internal scheduler error: {e}\n{tb}"))

    def _handle(self, ev) -> None:
        if isinstance(ev, TaskEnded):
            self._handle_task_ended(ev)
        elif isinstance(ev, JobSubmitted):
            self._handle_job_submitted(ev.job)
        elif isinstance(ev, MapStageSubmitted):
            self._handle_map_stage_submitted(ev.job)
        elif isinstance(ev, ResubmitFailedStages):
            self._resubmit_scheduled = False
            failed = sorted(self.failed, key=lambda s: (min(s.job_ids), s.id))
            self.failed.clear()
            for s in failed:
                self._submit_stage(s)
        elif isinstance(ev, ExecutorReady):
            self._executor_ready(ev)
        elif isinstance(ev, ReviveOffers):
            self._revive_scheduled = False
        elif isinstance(ev, JobCancelled):
            job = self.active_jobs.get(ev.job_id)
            if job is not None:
                self._fail_job(job, SparkJobCancelled(f"Job {ev.job_id} cancelled: {ev.reason}"))
        elif isinstance(ev, JobGroupCancelled):
            for job in [j for j in self.active_jobs.values() if j.group == ev.group_id]:
                self._fail_job(job, SparkJobCancelled(
                    f"Job {job.job_id} cancelled part of cancelled job group {ev.group_id}"))
        elif isinstance(ev, AllJobsCancelled):
            for job in list(self.active_jobs.values()):
                self._fail_job(job, SparkJobCancelled(
                    f"Job {job.job_id} cancelled as part of cancellation of all jobs"))

    # ================================================================ stages =============
    def _handle_job_submitted(self, job: ActiveJob) -> None:
        try:
            parents = self._parent_stages(job.rdd, job.job_id)
            stage = ResultStage(next(self._stage_ids), job.rdd, job.func, job.partitions,
                                parents, job.job_id)
        except Exception as e:
            job.error = e
            job.done.set()
            return
        stage.job = job
        job.final_stage = stage
        self.active_jobs[job.job_id] = job
        if not self.task_scheduler.live_executor_ids():
            t = threading.Timer(RESOURCE_WARNING_DELAY, self._warn_if_no_executors, (job.job_id,))
            t.daemon = True
            t.start()
        self.status.job_started(job.job_id, sorted(s.id for s in self._all_stages(stage)), job.group)
        self._submit_stage(stage)

    def _handle_map_stage_submitted(self, job: ActiveJob) -> None:
        try:
            stage = self._shuffle_map_stage(job.map_dep, job.job_id)
            self._add_job_to_stages(stage, job.job_id)
        except Exception as e:
            job.error = e
            job.done.set()
            return
        job.final_stage = stage
        self.active_jobs[job.job_id] = job
        self.status.job_started(job.job_id, sorted(s.id for s in self._all_stages(stage)), job.group)
        if stage.is_available:
            self._map_stage_job_done(job)
            return
        if not self.task_scheduler.live_executor_ids():
            t = threading.Timer(RESOURCE_WARNING_DELAY, self._warn_if_no_executors, (job.job_id,))
            t.daemon = True
            t.start()
        self._submit_stage(stage)

    def _map_stage_job_done(self, job: ActiveJob) -> None:
        stage = job.final_stage
        job.results = [self.tracker.status(stage.shuffle_id, m)
                       for m in range(stage.num_partitions)]
        self._job_done(job, None)

    def _all_stages(self, stage: Stage) -> Set[Stage]:
        out, todo = set(), [stage]
        while todo:
            s = todo.pop()
            if s not in out:
                out.add(s)
                todo.extend(s.parents)
        return out

    def _parent_stages(self, rdd, job_id: int) -> List[Stage]:
        parents: List[Stage] = []
        seen: Set[int] = set()
        todo = [rdd]
        while todo:
            r = todo.pop()
            if r.id in seen:
                continue
            seen.add(r.id)
            for dep in r.dependencies:
                if isinstance(dep, ShuffleDependency):
                    st = self._shuffle_map_stage(dep, job_id)
                    if st not in parents:
                        parents.append(st)
                else:
                    todo.append(dep.rdd)
        return parents

    def _shuffle_map_stage(self, dep: ShuffleDependency, job_id: int) -> ShuffleMapStage:
        st = self.shuffle_stages.get(dep.shuffle_id)
        if st is not None and self.tracker.has_shuffle(dep.shuffle_id):
            self._add_job_to_stages(st, job_id)
            return st
        parents = self._parent_stages(dep.rdd, job_id)
        st = ShuffleMapStage(next(self._stage_ids), dep.rdd, parents, job_id, dep, self.tracker)
        self.tracker.register_shuffle(dep.shuffle_id)
        self.shuffle_stages[dep.shuffle_id] = st
        return st

    def _add_job_to_stages(self, stage: Stage, job_id: int) -> None:
        for s in self._all_stages(stage):
            s.job_ids.add(job_id)

    def _missing_parent_stages(self, stage: Stage) -> List[Stage]:
        missing: List[Stage] = []
        seen: Set[int] = set()
        todo = [stage.rdd]
        while todo:
            r = todo.pop()
            if r.id in seen:
                continue
            seen.add(r.id)
            if r._storage_level != StorageLevel.NONE and self._fully_cached(r):
                continue
            for dep in r.dependencies:
                if isinstance(dep, ShuffleDependency):
                    st = self._shuffle_map_stage(dep, min(stage.job_ids))
                    if not st.is_available and st not in missing:
                        missing.append(st)
                else:
                    todo.append(dep.rdd)
        return missing

    def _fully_cached(self, rdd) -> bool:
        n = rdd.getNumPartitions()
        names = [RDDBlockId(rdd.id, i).name for i in range(n)]
        locs = self.block_master.get_locations_multi(names)
        live = self.task_scheduler.live_executor_ids()
        return all(any(e in live for e in locs.get(nm, ())) for nm in names)

    def _stage_active(self, stage: Stage) -> bool:
        return any(j in self.active_jobs for j in stage.job_ids)

    def _submit_stage(self, stage: Stage) -> None:
        if not self._stage_active(stage):
            return
        if stage in self.waiting or stage in self.running or stage in self.failed:
            return
        missing = self._missing_parent_stages(stage)
        if not missing:
            self._submit_missing_tasks(stage)
        else:
            for parent in sorted(missing, key=lambda s: s.id):
                self._submit_stage(parent)
            self.waiting.add(stage)

    def _submit_missing_tasks(self, stage: Stage) -> None:
        parts = stage.missing_partitions()
        if not parts:
            self._stage_done(stage)
            return
        stage.attempt += 1
        stage.pending = set(parts)
        try:
            stage_ref, bc_inputs = self.backend.put_stage(stage)
        except Exception as e:
            self._abort_stage(stage, e)
            return
        if isinstance(stage, ResultStage):
            output_index = {p: i for i, p in enumerate(stage.partitions)}
            kind, job_id = RESULT, stage.job.job_id
            props = tuple(sorted(stage.job.properties.items()))
        else:
            output_index = {}
            kind, job_id = SHUFFLE_MAP, min(j for j in stage.job_ids if j in self.active_jobs)
            props = tuple(sorted(self.active_jobs[job_id].properties.items()))
        prefs = {p: self._preferred_executors(stage.rdd, p) for p in parts}
        tsm = TaskSetManager(stage, stage.attempt, kind, job_id, parts, output_index, prefs,
                             self.task_scheduler.max_failures, (min(stage.job_ids), stage.id), props)
        tsm.stage_ref = stage_ref
        tsm.bc_inputs = bc_inputs
        old = self.task_sets.get(stage)
        if old is not None:
            self.task_scheduler.remove_task_set(old)
        self.task_sets[stage] = tsm
        self.task_scheduler.submit(tsm)
        self.running.add(stage)
        self.status.stage_submitted(stage.id, stage.attempt, stage.name, len(parts))

    def _preferred_executors(self, rdd, p: int) -> List[str]:
        """Executors holding a cached block this partition reads (first found), else those on
        the node with most of its shuffle input."""
        todo = [(rdd, p)]
        seen = set()
        shuffle_prefs: List[str] = []
        while todo:
            r, q = todo.pop(0)
            if (r.id, q) in seen:
                continue
            seen.add((r.id, q))
            if r._storage_level != StorageLevel.NONE:
                locs = self.block_master.get_locations(RDDBlockId(r.id, q).name)
                if locs:
                    return list(locs)
            for dep in r.dependencies:
                if not isinstance(dep, ShuffleDependency):
                    for pp in dep.get_parents(q):
                        todo.append((dep.rdd, pp))
                elif not shuffle_prefs:
                    # reduce tasks prefer the node holding most of their input (multi-node)
                    live = self.task_scheduler.live_executor_ids()
                    shuffle_prefs = [e for e in self.tracker.node_local_executors(
                        dep.shuffle_id, q) if e in live]
        return shuffle_prefs

    def _build_inputs(self, stage: Stage, partition: int, tsm: TaskSetManager,
                      eid: Optional[str] = None) -> Dict[Any, Any]:
        """Object-store inputs of one task: broadcasts, files, parallelized slices, shuffle
        blocks for its reduce partitions, and where cached blocks it may read live (so a task
        running away from its cached input fetches it instead of recomputing)."""
        inputs: Dict[Any, Any] = dict(tsm.bc_inputs)
        todo = [(stage.rdd, partition, False)]
        seen = set()
        replicate = False
        live = self.task_scheduler.live_executor_ids()
        while todo:
            r, q, under_cache = todo.pop()
            if (r.id, q) in seen:
                continue
            seen.add((r.id, q))
            extra = r.task_inputs(q)
            if extra:
                inputs.update(extra)
            level = r._storage_level
            if level != StorageLevel.NONE:
                name = RDDBlockId(r.id, q).name
                locs = [e for e in self.block_master.get_locations(name) if e in live]
                if locs:
                    under_cache = True      # lineage below is only needed if the block is lost
                holders = [e for e in locs if e != eid]
                if holders:
                    handles = self.backend.handles(holders)
                    if handles:
                        inputs[("block", name)] = handles
                if level.replication > 1:
                    replicate = True
            for dep in r.dependencies:
                if isinstance(dep, ShuffleDependency):
                    ms = self.shuffle_stages.get(dep.shuffle_id)
                    n = ms.num_partitions if ms is not None else dep.rdd.getNumPartitions()
                    blocks = self.tracker.inputs_for(dep.shuffle_id, n, q)
                    if blocks is None:
                        if under_cache:
                            continue     # the executor reports a fetch failure if it needs it
                        raise MissingShuffleOutput(dep.shuffle_id,
                                                   self.tracker.missing(dep.shuffle_id, n))
                    inputs[("shuffle", dep.shuffle_id, q)] = blocks
                else:
                    for pp in dep.get_parents(q):
                        todo.append((dep.rdd, pp, under_cache))
        if replicate:
            inputs[("peers",)] = self.backend.handles(
                [e for e in self.task_scheduler.live_executor_ids() if e != eid])
        return inputs

    # ================================================================ launching ==========
    def _launch_tasks(self) -> None:
        if not self.task_scheduler.task_sets:
            return
        batch = self.task_scheduler.batch_size()
        calls: Dict[str, List[Tuple[TaskSpec, TaskSetManager, Dict[Any, Any]]]] = {}
        for eid, spec, tsm in self.task_scheduler.assign(batch):
            try:
                inputs = self._build_inputs(tsm.stage, spec.partition, tsm, eid)
            except MissingShuffleOutput as m:
                self.task_scheduler.task_finished(spec.task_id)
                tsm.requeue(spec.partition)
                self._handle_fetch_failure(tsm.stage, tsm, m.shuffle_id, m.map_ids, None)
                continue
            self._launch_epochs[spec.task_id] = self.tracker.epoch
            self.status.task_started(spec.stage_id)
            calls.setdefault(eid, []).append((spec, tsm, inputs))
        for eid, tasks in calls.items():
            for i in range(0, len(tasks), batch):
                chunk = tasks[i:i + batch]
                fut = self.backend.launch_batch(
                    eid, [(tsm.stage_ref, spec, inputs) for spec, tsm, inputs in chunk])
                specs = [spec for spec, _, _ in chunk]
                fut.add_done_callback(
                    lambda f, specs=specs, eid=eid: self.events.put(TaskEnded(specs, eid, f)))
        if self.task_scheduler.has_pending_waiting_for_locality() and not self._revive_scheduled:
            self._revive_scheduled = True
            t = threading.Timer(self.task_scheduler.locality_wait, self.events.put, (ReviveOffers(),))
            t.daemon = True
            t.start()

    # ================================================================ task completion ====
    def _handle_task_ended(self, ev: TaskEnded) -> None:
        try:
            results = ev.future.result()
            error = None
        except Exception as e:
            results, error = None, e
        for i, spec in enumerate(ev.task):
            self._handle_one_task_ended(spec, ev.executor_id,
                                        results[i] if results is not None else None, error)

    def _handle_one_task_ended(self, spec: TaskSpec, eid: str, result: Optional[TaskResult],
                               error: Optional[BaseException]) -> None:
        launch_epoch = self._launch_epochs.pop(spec.task_id, None)
        entry = self.task_scheduler.task_finished(spec.task_id)
        if entry is None:
            return       # already requeued because its executor was lost
        _, tsm, eid = entry
        stage = tsm.stage
        if error is not None:
            if self.backend.is_executor_failure(error):
                self.status.task_ended(spec.stage_id, ok=False, counted=False)
                reason = f"{type(error).__name__}: {error}"
                losses = tsm.executor_losses.get(spec.partition, 0) + 1
                tsm.executor_losses[spec.partition] = losses
                if not tsm.zombie and losses >= self.max_executor_losses:
                    # Ray cannot tell a process killed from outside from one the task crashed
                    # (os._exit, segfault, OOM), so repeated deaths under one task fail the job
                    # instead of killing every replacement executor in turn.
                    self._abort_stage(stage, SparkException(
                        f"Job aborted due to stage failure: Task {spec.partition} in stage "
                        f"{stage.id}.{tsm.attempt} failed: its executor process died {losses} "
                        f"times while running it (most recent: executor {eid}). The task may "
                        "crash its Python process (os._exit, a segfault, running out of "
                        "memory); see spark.rayspark.task.maxExecutorLosses.",
                        "TASK_KILLED_ITS_EXECUTOR"))
                elif not tsm.zombie:
                    tsm.requeue(spec.partition)
                self._executor_lost(eid, reason)
                return
            result = TaskResult(spec.task_id, eid, False, error=_error_from_exception(error))
        tsm.record_duration(result.duration)
        self.status.task_ended(spec.stage_id, result.ok)
        for st in result.block_updates:
            self.block_master.update_block_info(result.executor_id, st)
        for peer, st in result.replica_updates:
            self.block_master.update_block_info(peer, st)
        if result.ok:
            self.status.add_task_metrics(spec.stage_id, result.metrics)
            self._task_succeeded(stage, tsm, spec, result)
        elif result.error is not None and result.error.fetch_failed is not None:
            sid, maps = result.error.fetch_failed
            self._handle_fetch_failure(stage, tsm, sid, list(maps), eid, launch_epoch,
                                       spec.partition)
        else:
            self._task_failed(stage, tsm, spec, result, eid)

    def _merge_accumulators(self, stage: Stage, partition: int, result: TaskResult) -> None:
        if not result.accum_updates or partition in stage.applied_accumulators:
            return
        stage.applied_accumulators.add(partition)
        for aid, update in result.accum_updates:
            acc = self.accumulators.get(aid)
            if acc is not None:
                acc._merge(update)

    def _task_succeeded(self, stage: Stage, tsm: TaskSetManager, spec: TaskSpec,
                        result: TaskResult) -> None:
        tsm.successful.add(spec.partition)
        current = self.task_sets.get(stage)
        if current is not None and current is not tsm:
            # a task of an older attempt finished: the newer attempt need not run it again
            current.successful.add(spec.partition)
            current.pending.discard(spec.partition)
        if isinstance(stage, ShuffleMapStage):
            self.tracker.register_map_output(stage.shuffle_id, result.value)
            self._merge_accumulators(stage, spec.partition, result)
            stage.pending.discard(spec.partition)
            if stage in self.running and not stage.pending:
                if stage.is_available:
                    self._stage_done(stage)
                else:       # outputs were lost while the stage ran: run what is missing
                    self._stage_finished_bookkeeping(stage)
                    self._submit_stage(stage)
        else:
            job = stage.job
            if job is None or job.job_id not in self.active_jobs:
                return
            idx = spec.output_index
            if job.finished[idx]:
                return
            self._merge_accumulators(stage, spec.partition, result)
            job.finished[idx] = True
            job.results[idx] = (pickle.loads(result.value) if result.value_pickled
                                else result.value)
            job.num_finished += 1
            stage.pending.discard(spec.partition)
            if job.num_finished == len(job.partitions):
                self._stage_finished_bookkeeping(stage)
                self._job_done(job, None)

    def _task_failed(self, stage: Stage, tsm: TaskSetManager, spec: TaskSpec,
                     result: TaskResult, eid: str) -> None:
        if tsm.zombie:
            return
        n = tsm.failures.get(spec.partition, 0) + 1
        tsm.failures[spec.partition] = n
        err = result.error
        if n >= tsm.max_failures or (err is not None and not err.retryable):
            msg = (f"Job aborted due to stage failure: Task {spec.partition} in stage "
                   f"{stage.id}.{tsm.attempt} failed {n} times, most recent failure: Lost task "
                   f"{spec.partition}.{spec.attempt} in stage {stage.id}.{tsm.attempt} "
                   f"(TID {spec.task_id}) (executor {eid}): {err.traceback or err.message}")
            exc = PythonException(
                msg, exc_type=err.exc_type, remote_traceback=err.traceback, stage_id=stage.id,
                partition=spec.partition, attempt=spec.attempt)
            exc.task_message = err.message      # str() of the task's exception
            self._abort_stage(stage, exc)
        else:
            tsm.requeue(spec.partition)

    def _handle_fetch_failure(self, stage: Stage, tsm: TaskSetManager, shuffle_id: int,
                              map_ids: List[int], eid: Optional[str],
                              launch_epoch: Optional[int] = None,
                              partition: Optional[int] = None) -> None:
        map_stage = self.shuffle_stages.get(shuffle_id)
        if launch_epoch is not None and map_ids and all(
                self.tracker.registered_after(shuffle_id, m, launch_epoch) for m in map_ids):
            # Stale: every output this task could not read has been registered again (by
            # re-run map tasks) since it was launched, so nothing is lost now: keep those
            # outputs and the stage's current attempt, and just run the partition again.
            if partition is not None and not tsm.zombie:
                tsm.requeue(partition)
            return
        # Only outputs the task was given can be lost: newer ones (registered after its launch)
        # are kept. Owners of lost outputs may be dead: check, and forget all they held.
        removed = self.tracker.unregister_map_outputs(shuffle_id, map_ids, launch_epoch)
        owners = {st.executor_id for st in removed}
        for owner in owners:
            if not self.backend.is_alive(owner):
                self._executor_lost(owner, "map output owner died")
        if stage in self.running:
            stage.fetch_failed_attempts.add(tsm.attempt)
            self._stage_finished_bookkeeping(stage)
            if len(stage.fetch_failed_attempts) >= MAX_STAGE_FETCH_FAILURES:
                self._abort_stage(stage, SparkException(
                    f"Stage {stage.id} failed {MAX_STAGE_FETCH_FAILURES} times because map "
                    f"outputs of shuffle {shuffle_id} could not be fetched"))
                return
        self.failed.add(stage)
        if map_stage is not None and map_stage in self.running:
            # Its current attempt is still running: let that attempt also run the outputs just
            # lost instead of starting another attempt beside it (which would compute the
            # partitions the running one is computing a second time). The failed stage waits
            # for the map stage when it is resubmitted.
            self._rerun_lost_maps(map_stage)
        elif map_stage is not None:
            self.failed.add(map_stage)
            old = self.task_sets.get(map_stage)
            if old is not None and not old.pending and not old.running:
                self.task_scheduler.remove_task_set(old)
        if not self._resubmit_scheduled:
            self._resubmit_scheduled = True
            t = threading.Timer(RESUBMIT_DELAY, self.events.put, (ResubmitFailedStages(),))
            t.daemon = True
            t.start()

    def _rerun_lost_maps(self, ms: ShuffleMapStage) -> None:
        """A running map stage lost outputs it had already produced: queue those partitions
        again in its current attempt (partitions still pending there are not queued twice)."""
        tsm = self.task_sets.get(ms)
        for m in self.tracker.missing(ms.shuffle_id, ms.num_partitions):
            if m not in ms.pending:
                ms.pending.add(m)
                if tsm is not None and not tsm.zombie:
                    tsm.successful.discard(m)
                    tsm.requeue(m)

    def _executor_lost(self, eid: str, reason: str) -> None:
        if eid in self._lost_executors:
            return
        self._lost_executors.add(eid)
        lost = self.task_scheduler.remove_executor(eid)
        for spec, _ in lost:
            self.status.task_ended(spec.stage_id, ok=False, counted=False)
        self.block_master.remove_executor(eid)
        for sid in self.tracker.remove_outputs_on_executor(eid):
            ms = self.shuffle_stages.get(sid)
            if ms is not None and ms in self.running:
                self._rerun_lost_maps(ms)
        self._pending_executors.discard(eid)
        new = self.backend.replace_executor(eid, reason)
        if new is not None:
            self._add_executor_when_ready(*new)
        elif not self.task_scheduler.live_executor_ids() and not self._pending_executors:
            self._fail_all(SparkException(
                f"All executors are lost (the last one, {eid}, died: {reason}) and no "
                "replacement may be started: spark.rayspark.executor.maxReplacements is used up. "
                "Raise it, or find out why executors die (memory?).", "NO_EXECUTORS_LEFT"))

    def _warn_if_no_executors(self, job_id: int) -> None:
        # timer thread, read-only: Spark's "Initial job has not accepted any resources"
        if job_id in self.active_jobs and not self.task_scheduler.live_executor_ids():
            logging.getLogger("rayspark").warning(
                "Job %d has not started: no executor is running yet after %.0f s. Ray may be "
                "unable to place the executor actors (spark.executor.instances x "
                "spark.executor.cores CPUs are needed); check `ray status`.",
                job_id, RESOURCE_WARNING_DELAY)

    def _add_executor_when_ready(self, eid: str, cores: int) -> None:
        """Offer tasks to a replacement executor only once it runs: Ray may be unable to place
        it (e.g. its node was removed and the cluster has no free CPU), and tasks queued on an
        actor that never starts would hang the job instead of running on the live executors."""
        ready = getattr(self.backend, "executor_ready", None)
        if ready is None:
            self.task_scheduler.add_executor(eid, cores)
            return
        self._pending_executors.add(eid)
        ready(eid).add_done_callback(
            lambda f, eid=eid, cores=cores: self.events.put(ExecutorReady(eid, cores, f)))

    def _executor_ready(self, ev: ExecutorReady) -> None:
        if ev.executor_id not in self._pending_executors:
            return            # lost meanwhile
        self._pending_executors.discard(ev.executor_id)
        try:
            ev.future.result()
        except Exception as e:
            self._executor_lost(ev.executor_id, f"died while starting: {type(e).__name__}: {e}")
            return
        self.task_scheduler.add_executor(ev.executor_id, ev.cores)

    # ================================================================ endings =============
    def _stage_finished_bookkeeping(self, stage: Stage) -> None:
        self.running.discard(stage)
        tsm = self.task_sets.pop(stage, None)
        if tsm is not None:
            self.task_scheduler.remove_task_set(tsm)
        self.status.stage_completed(stage.id)

    def _stage_done(self, stage: Stage) -> None:
        self._stage_finished_bookkeeping(stage)
        for job in [j for j in self.active_jobs.values()
                    if j.map_dep is not None and j.final_stage is stage]:
            self._map_stage_job_done(job)
        for child in sorted([s for s in self.waiting if stage in s.parents], key=lambda s: s.id):
            self.waiting.discard(child)
            self._submit_stage(child)

    def _abort_stage(self, stage: Stage, error: BaseException) -> None:
        for job in [j for j in self.active_jobs.values()
                    if j.final_stage is not None and stage in self._all_stages(j.final_stage)]:
            self._fail_job(job, error)

    def _fail_job(self, job: ActiveJob, error: BaseException) -> None:
        self._job_done(job, error)

    def _job_done(self, job: ActiveJob, error: Optional[BaseException]) -> None:
        self.active_jobs.pop(job.job_id, None)
        for s in list(self.running | self.waiting | self.failed):
            if not self._stage_active(s):
                if s in self.running:
                    self._stage_finished_bookkeeping(s)
                self.waiting.discard(s)
                self.failed.discard(s)
        if job.final_stage is not None and job.map_dep is None and job.final_stage in self.running:
            self._stage_finished_bookkeeping(job.final_stage)
        self.status.job_ended(job.job_id, error is None)
        job.error = error
        if error is not None:
            # tasks of stages no job needs any more: drop queued ones, and stop running ones
            # (like PySpark, which kills a cancelled task's Python worker after a grace period)
            orphans = {tid for tid, (_, tsm, _) in self.task_scheduler.running.items()
                       if tsm.zombie}
            if orphans:
                self.backend.cancel_tasks(orphans, KILL_TIMEOUT)
        job.done.set()
        if self._on_job_end is not None:
            try:
                self._on_job_end(job)
            except Exception:
                pass

    def _fail_all(self, error: BaseException) -> None:
        for job in list(self.active_jobs.values()):
            self._job_done(job, error)


def _error_from_exception(e: BaseException):
    from .task import TaskError
    return TaskError(type(e).__name__, str(e),
                     "".join(traceback.format_exception(type(e), e, e.__traceback__)))
