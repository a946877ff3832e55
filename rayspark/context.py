"""SparkContext: the driver's entry point (PySpark's API) on top of Ray.

It parses the master URL, starts the backend (embedded Ray for ``local[N]``, an existing cluster
for ``ray``/``ray://``), the DAG scheduler loop and the progress bar, and offers PySpark's
methods for creating RDDs, broadcast variables and accumulators, running jobs and managing
checkpoints, files, job groups and status.
"""
from __future__ import annotations

import itertools
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
import weakref
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence

from . import conf as _conf
from .accumulators import (COMPLEX_ACCUMULATOR_PARAM, FLOAT_ACCUMULATOR_PARAM,
                           INT_ACCUMULATOR_PARAM, Accumulator, AccumulatorParam)
from .broadcast import Broadcast
from .conf import SparkConf
from .errors import SparkContextStoppedError, SparkException
from .files import SparkFiles, local_path
from .serializers import dumps_closure

__all__ = ["SparkContext", "parse_master"]

API_VERSION = "4.0.0"
_LOG_LEVELS = {"ALL": logging.DEBUG, "DEBUG": logging.DEBUG, "INFO": logging.INFO,
               "WARN": logging.WARNING, "WARNING": logging.WARNING, "ERROR": logging.ERROR,
               "FATAL": logging.CRITICAL, "OFF": logging.CRITICAL + 10, "TRACE": logging.DEBUG}


def parse_master(master: str):
    """Return (mode, slots, address, max_failures) for a master URL, or raise."""
    m = master.strip()
    if m == "local":
        return "local", 1, None, None
    mm = re.fullmatch(r"local\[(\*|\d+)(?:\s*,\s*(\d+))?\]", m)
    if mm:
        n = os.cpu_count() or 1 if mm.group(1) == "*" else int(mm.group(1))
        if n < 1:
            raise SparkException(f"Asked to run locally with {n} threads", "INVALID_MASTER")
        return "local", n, None, int(mm.group(2)) if mm.group(2) else None
    if m == "ray" or m == "ray:auto":
        return "cluster", None, None, None
    if m.startswith("ray://"):
        return "cluster", None, m, None
    raise SparkException(
        f"Could not parse Master URL: '{master}'. Use local, local[N], local[*], ray (the Ray "
        "cluster of RAY_ADDRESS or the local one) or ray://host:port.", "INVALID_MASTER")


class SparkContext:
    """Main entry point for rayspark functionality: a connection to a Ray cluster."""

    _active_spark_context: Optional["SparkContext"] = None
    _lock = threading.RLock()
    _next_accum_id = itertools.count()

    def __init__(self, master: Optional[str] = None, appName: Optional[str] = None,
                 sparkHome: Optional[str] = None, pyFiles: Optional[List[str]] = None,
                 environment: Optional[Dict[str, Any]] = None, batchSize: int = 0,
                 serializer: Any = None, conf: Optional[SparkConf] = None, gateway: Any = None,
                 jsc: Any = None, profiler_cls: Any = None, udf_profiler_cls: Any = None,
                 memory_profiler_cls: Any = None):
        with SparkContext._lock:
            active = SparkContext._active_spark_context
            if active is not None and not active._stopped:
                raise ValueError(
                    f"Cannot run multiple SparkContexts at once; existing SparkContext"
                    f"(app={active.appName}, master={active.master}) created by __init__ at "
                    f"{active._created_at}")
            self._stopped = True
            self._do_init(master, appName, sparkHome, pyFiles, environment, conf)
            SparkContext._active_spark_context = self

    def _do_init(self, master, appName, sparkHome, pyFiles, environment, conf) -> None:
        t0 = time.time()
        self._conf = conf.copy() if conf is not None else SparkConf()
        if master:
            self._conf.setMaster(master)
        if appName:
            self._conf.setAppName(appName)
        if sparkHome:
            self._conf.setSparkHome(sparkHome)
        for k, v in (environment or {}).items():
            self._conf.setExecutorEnv(k, v)
        if not self._conf.contains("spark.master"):
            self._conf.setMaster(os.environ.get("RAYSPARK_MASTER", "local[*]"))
        if not self._conf.contains("spark.app.name"):
            self._conf.setAppName("pyspark-shell")
        self._conf.validate()
        self.master = self._conf.get("spark.master")
        self.appName = self._conf.get("spark.app.name")
        mode, slots, address, local_failures = parse_master(self.master)
        self._mode = mode
        self._created_at = _caller_site()

        level_name = (self._conf.get("spark.log.level") or "ERROR").upper()
        self._log_level = _LOG_LEVELS.get(level_name, logging.ERROR)

        if mode == "local":
            instances = self._conf.typed(_conf.EXECUTOR_INSTANCES) or slots
        else:
            instances = self._conf.typed(_conf.EXECUTOR_INSTANCES)
        cores = self._conf.typed(_conf.EXECUTOR_CORES)
        if self._conf.contains("spark.task.maxFailures"):
            max_failures = self._conf.typed(_conf.TASK_MAX_FAILURES)
        elif mode == "local":
            max_failures = local_failures or 1     # like Spark's local[N] / local[N,F]
        else:
            max_failures = _conf.TASK_MAX_FAILURES.default

        from .scheduler.backend import RayBackend
        from .storage.block_manager_master import BlockManagerMaster
        from .scheduler.dag_scheduler import DAGScheduler

        n_exec = (instances or slots or 1) * cores
        self._backend = RayBackend(mode=mode, address=address, slots=max(slots or 1, n_exec),
                                   conf=dict(self._conf.getAll()), num_executors=0,
                                   executor_cores=1,
                                   max_replacements=self._conf.typed(_conf.EXECUTOR_MAX_RESTARTS),
                                   log_level=self._log_level)
        if instances is None:
            instances = max(1, self._backend.cluster_cpus())
            n_exec = instances * cores
        self._backend.start_executors(n_exec)
        self._num_slots = n_exec

        self._rdd_ids = itertools.count()
        self._shuffle_ids = itertools.count()
        self._broadcast_ids = itertools.count()
        self._accumulators: Dict[int, Accumulator] = {}
        self._persistent_rdds: "weakref.WeakValueDictionary[int, Any]" = weakref.WeakValueDictionary()
        self._marked_for_checkpoint: List[Any] = []
        self._checkpoint_dir: Optional[str] = None
        self._local = threading.local()
        self._files_dir = tempfile.mkdtemp(prefix="rayspark-driver-files-")
        SparkFiles._root_directory = self._files_dir
        SparkFiles._is_running_on_worker = False
        self._added_files: Dict[str, str] = {}
        self.block_manager_master = BlockManagerMaster()
        self._dag = DAGScheduler(self._backend, self.block_manager_master, self._accumulators,
                                 max_failures=max_failures,
                                 locality_wait=self._conf.typed(_conf.LOCALITY_WAIT),
                                 pipeline_depth=self._conf.typed(_conf.TASK_PIPELINE_DEPTH),
                                 max_executor_losses=self._conf.typed(_conf.TASK_MAX_EXECUTOR_LOSSES))
        self._start_time = int(t0 * 1000)
        if mode == "local":
            self._app_id = f"local-{self._start_time}"
        else:
            self._app_id = f"app-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:4]}"
        self._progress = None
        if self._conf.typed(_conf.SHOW_PROGRESS):
            self._progress = _make_progress(self._dag.status)
        self._stopped = False
        for key, value in (("spark.app.id", self._app_id),
                           ("spark.app.startTime", str(self._start_time)),
                           ("spark.executor.id", "driver"),
                           ("spark.submit.deployMode", "client")):
            self._conf.setIfMissing(key, value)
        self._conf._locked = True

    # ------------------------------------------------------------------ class methods ------
    @classmethod
    def getOrCreate(cls, conf: Optional[SparkConf] = None) -> "SparkContext":
        with cls._lock:
            if cls._active_spark_context is None or cls._active_spark_context._stopped:
                SparkContext(conf=conf or SparkConf())
            return cls._active_spark_context

    @classmethod
    def setSystemProperty(cls, key: str, value: str) -> None:
        os.environ[key] = value

    # ------------------------------------------------------------------ internals ----------
    def _ensure_active(self) -> None:
        if self._stopped:
            raise SparkContextStoppedError(
                "Cannot call methods on a stopped SparkContext. This stopped SparkContext was "
                f"created at: {self._created_at}. Create a new SparkContext.",
                "SPARK_CONTEXT_STOPPED")

    def _new_rdd_id(self) -> int:
        return next(self._rdd_ids)

    def _new_shuffle_id(self) -> int:
        return next(self._shuffle_ids)

    def _cleanup_shuffle(self, shuffle_id: int) -> None:
        if not self._stopped:
            self._dag.unregister_shuffle(shuffle_id)

    def _unpersist_rdd(self, rdd_id: int, blocking: bool) -> None:
        self._persistent_rdds.pop(rdd_id, None)
        if self._stopped:
            return
        self.block_manager_master.forget_rdd(rdd_id)
        self._backend.remove_rdd(rdd_id, blocking)

    def _destroy_broadcast(self, bid: int, blocking: bool) -> None:
        if not self._stopped:
            self._backend.destroy_broadcast(bid, blocking)

    def _local_properties(self) -> Dict[str, str]:
        props = getattr(self._local, "props", None)
        if props is None:
            props = {}
            self._local.props = props
        return props

    def _run_job(self, rdd, func: Callable, partitions: Optional[Sequence[int]] = None) -> List[Any]:
        """Run ``func(iterator)`` on each partition; return the per-partition results."""
        self._ensure_active()
        if rdd.ctx is not self:
            raise SparkException("This RDD belongs to another (stopped) SparkContext",
                                 "RDD_FROM_ANOTHER_CONTEXT")
        n = rdd.getNumPartitions()     # computes partitions: bad input fails here, on the driver
        _materialize_partitions(rdd)
        parts = list(range(n)) if partitions is None else list(partitions)
        for p in parts:
            if p < 0 or p >= n:
                raise ValueError(f"Partition index {p} is out of range for an RDD with {n} partitions")
        try:
            results = self._dag.run_job(rdd, func, parts, self._local_properties())
        finally:
            if self._progress is not None:
                self._progress.finish()
        if self._marked_for_checkpoint:
            self._do_checkpoints(rdd)
        return results

    def _run_map_stage(self, dep) -> List[Any]:
        """Compute (or reuse) the map outputs of the shuffle ``dep`` and return their MapStatus
        list (sizes in ``bytes_written``/``records``), without running any reduce task."""
        self._ensure_active()
        dep.rdd.getNumPartitions()
        _materialize_partitions(dep.rdd)
        try:
            return self._dag.run_map_stage(dep, self._local_properties())
        finally:
            if self._progress is not None:
                self._progress.finish()

    def _do_checkpoints(self, rdd) -> None:
        from .rdd.checkpoint import LocalCheckpointRDD, ReliableCheckpointRDD
        from .rdd.output import write_checkpoint
        reachable = _lineage_ids(rdd)
        todo = [r for r in self._marked_for_checkpoint if r.id in reachable]
        if not todo:
            return
        self._marked_for_checkpoint = [r for r in self._marked_for_checkpoint if r.id not in reachable]
        for r in todo:
            n = r.getNumPartitions()
            if r._checkpoint_state == "local":
                r._checkpoint_rdd = LocalCheckpointRDD(self, r.id, n, r.partitioner)
            else:
                path = os.path.join(self._checkpoint_dir, f"rdd-{r.id}")
                r._checkpoint_state = "writing"
                write_checkpoint(r, path)
                r._checkpoint_rdd = ReliableCheckpointRDD(self, path, n, r.partitioner)
            r._checkpoint_state = "done"
            r._deps = []
            r._partitions = None

    # ------------------------------------------------------------------ properties ---------
    @property
    def version(self) -> str:
        return API_VERSION

    @property
    def applicationId(self) -> str:
        return self._app_id

    @property
    def uiWebUrl(self) -> Optional[str]:
        return None

    @property
    def startTime(self) -> int:
        return self._start_time

    @property
    def defaultParallelism(self) -> int:
        v = self._conf.typed(_conf.DEFAULT_PARALLELISM)
        return v if v else max(self._num_slots, 1)

    @property
    def defaultMinPartitions(self) -> int:
        return min(self.defaultParallelism, 2)

    @property
    def resources(self) -> Dict[str, Any]:
        return {}

    def sparkUser(self) -> str:
        import getpass
        return os.environ.get("SPARK_USER") or getpass.getuser()

    def getConf(self) -> SparkConf:
        return self._conf.copy()

    def statusTracker(self):
        from .scheduler.status import StatusTracker
        return StatusTracker(self._dag.status)

    # ------------------------------------------------------------------ creating RDDs ------
    def parallelize(self, c: Iterable[Any], numSlices: Optional[int] = None):
        from .rdd.parallel_collection import ParallelCollectionRDD
        self._ensure_active()
        n = numSlices if numSlices is not None else self.defaultParallelism
        if not isinstance(c, (list, range, tuple)):
            c = list(c)
        return ParallelCollectionRDD(self, c, n)

    def range(self, start: int, end: Optional[int] = None, step: int = 1,
              numSlices: Optional[int] = None):
        if end is None:
            end, start = start, 0
        return self.parallelize(range(start, end, step), numSlices)

    def emptyRDD(self):
        from .rdd.checkpoint import EmptyRDD
        self._ensure_active()
        return EmptyRDD(self)

    def union(self, rdds: List[Any]):
        from .rdd.union import UnionRDD
        self._ensure_active()
        if not rdds:
            raise ValueError("union() needs at least one RDD")
        if len(rdds) == 1:
            return rdds[0]
        first = rdds[0]
        if first.partitioner is not None and all(
                r.partitioner == first.partitioner
                and r.getNumPartitions() == first.getNumPartitions() for r in rdds):
            from .rdd.union import PartitionerAwareUnionRDD
            return PartitionerAwareUnionRDD(self, list(rdds))
        return UnionRDD(self, list(rdds))

    def textFile(self, name: str, minPartitions: Optional[int] = None, use_unicode: bool = True):
        from .rdd.text_file import TextFileRDD
        self._ensure_active()
        return TextFileRDD(self, name, minPartitions or self.defaultMinPartitions, use_unicode)

    def wholeTextFiles(self, path: str, minPartitions: Optional[int] = None, use_unicode: bool = True):
        from .rdd.text_file import WholeTextFilesRDD
        self._ensure_active()
        return WholeTextFilesRDD(self, path, minPartitions or self.defaultMinPartitions, use_unicode)

    def pickleFile(self, name: str, minPartitions: Optional[int] = None):
        from .rdd.text_file import PickleFileRDD
        self._ensure_active()
        return PickleFileRDD(self, name, minPartitions or self.defaultMinPartitions)

    # ------------------------------------------------------------------ shared variables ---
    def broadcast(self, value: Any) -> Broadcast:
        self._ensure_active()
        bid = next(self._broadcast_ids)
        self._backend.add_broadcast(bid, dumps_closure(value, what="the broadcast value"))
        return Broadcast(self, value, bid)

    def accumulator(self, value: Any, accum_param: Optional[AccumulatorParam] = None) -> Accumulator:
        if accum_param is None:
            if isinstance(value, bool):
                raise TypeError(f"No default accumulator param for type {type(value)}")
            if isinstance(value, int):
                accum_param = INT_ACCUMULATOR_PARAM
            elif isinstance(value, float):
                accum_param = FLOAT_ACCUMULATOR_PARAM
            elif isinstance(value, complex):
                accum_param = COMPLEX_ACCUMULATOR_PARAM
            else:
                raise TypeError(f"No default accumulator param for type {type(value)}")
        aid = next(SparkContext._next_accum_id)
        acc = Accumulator(aid, value, accum_param)
        self._accumulators[aid] = acc
        return acc

    # ------------------------------------------------------------------ files --------------
    def addFile(self, path: str, recursive: bool = False) -> None:
        self._ensure_active()
        p = local_path(path)
        p = os.path.abspath(os.path.expanduser(p))
        if not os.path.exists(p):
            raise FileNotFoundError(f"File {path} does not exist")
        if os.path.isdir(p):
            if not recursive:
                raise ValueError(f"Added file file:{p} is a directory and recursive is not turned on.")
            raise NotImplementedError("addFile of a directory is not supported yet; add its files")
        name = os.path.basename(p)
        with open(p, "rb") as f:
            data = f.read()
        self._backend.add_file(name, data)
        shutil.copyfile(p, os.path.join(self._files_dir, name))
        self._added_files[name] = "file:" + p

    def addPyFile(self, path: str) -> None:
        self.addFile(path)
        name = os.path.basename(path)
        if self._files_dir not in sys.path:
            sys.path.insert(0, self._files_dir)
        if name.endswith((".zip", ".egg")):
            sys.path.insert(0, os.path.join(self._files_dir, name))

    @property
    def listFiles(self) -> List[str]:
        return list(self._added_files.values())

    def setCheckpointDir(self, dirName: str) -> None:
        d = local_path(dirName)
        d = os.path.join(os.path.abspath(os.path.expanduser(d)), str(uuid.uuid4()))
        os.makedirs(d, exist_ok=True)
        self._checkpoint_dir = d

    def getCheckpointDir(self) -> Optional[str]:
        return ("file:" + self._checkpoint_dir) if self._checkpoint_dir else None

    # ------------------------------------------------------------------ jobs ---------------
    def runJob(self, rdd, partitionFunc: Callable[[Iterable[Any]], Iterable[Any]],
               partitions: Optional[Sequence[int]] = None, allowLocal: bool = False) -> List[Any]:
        """Run ``partitionFunc`` on the given partitions and return the concatenated results."""
        parts = self._run_job(rdd, lambda it: list(partitionFunc(it)), partitions)
        out: List[Any] = []
        for p in parts:
            out.extend(p)
        return out

    def setJobGroup(self, groupId: str, description: str, interruptOnCancel: bool = False) -> None:
        props = self._local_properties()
        props["spark.jobGroup.id"] = groupId
        props["spark.job.description"] = description
        props["spark.job.interruptOnCancel"] = str(interruptOnCancel).lower()

    def setJobDescription(self, value: str) -> None:
        self._local_properties()["spark.job.description"] = value

    def setLocalProperty(self, key: str, value: Optional[str]) -> None:
        if value is None:
            self._local_properties().pop(key, None)
        else:
            self._local_properties()[key] = value

    def getLocalProperty(self, key: str) -> Optional[str]:
        return self._local_properties().get(key)

    def setInterruptOnCancel(self, interruptOnCancel: bool) -> None:
        self._local_properties()["spark.job.interruptOnCancel"] = str(interruptOnCancel).lower()

    def addJobTag(self, tag: str) -> None:
        tags = set(filter(None, self._local_properties().get("spark.job.tags", "").split(",")))
        tags.add(tag)
        self._local_properties()["spark.job.tags"] = ",".join(sorted(tags))

    def cancelJobGroup(self, groupId: str) -> None:
        self._dag.cancel_job_group(groupId)

    def cancelAllJobs(self) -> None:
        self._dag.cancel_all_jobs()

    def setLogLevel(self, logLevel: str) -> None:
        level = _LOG_LEVELS.get(logLevel.upper())
        if level is None:
            raise ValueError(f"Supplied level {logLevel} did not match one of: "
                             "ALL,DEBUG,ERROR,FATAL,INFO,OFF,TRACE,WARN")
        self._log_level = level
        from .scheduler.backend import _quiet_ray_logging
        _quiet_ray_logging(level)
        logging.getLogger("rayspark").setLevel(level)

    def show_profiles(self) -> None:
        pass

    def dump_profiles(self, path: str) -> None:
        pass

    def getRDDStorageInfo(self):
        return self.block_manager_master.storage_info()

    # ------------------------------------------------------------------ lifecycle ----------
    def stop(self) -> None:
        with SparkContext._lock:
            if getattr(self, "_stopped", True):
                return
            self._stopped = True
            try:
                if self._progress is not None:
                    self._progress.stop()
                self._dag.stop()
                self._backend.stop()
            finally:
                shutil.rmtree(self._files_dir, ignore_errors=True)
                if SparkContext._active_spark_context is self:
                    SparkContext._active_spark_context = None

    def __enter__(self) -> "SparkContext":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __getnewargs__(self):
        raise RuntimeError(
            "It appears that you are attempting to reference SparkContext from a broadcast "
            "variable, action, or transformation. SparkContext can only be used on the driver, "
            "not in code that it run on workers. For more information, see SPARK-5063.")

    def __reduce__(self):
        self.__getnewargs__()

    def __repr__(self) -> str:
        return f"<SparkContext master={self.master} appName={self.appName}>"


def _caller_site() -> str:
    f = sys._getframe(1)
    here = os.path.dirname(os.path.abspath(__file__))
    while f is not None and os.path.abspath(f.f_code.co_filename).startswith(here):
        f = f.f_back
    return f"{f.f_code.co_filename}:{f.f_lineno}" if f is not None else "<unknown>"


def _make_progress(store):
    from .scheduler.progress import NotebookProgressBar, in_notebook
    if in_notebook():
        return NotebookProgressBar(store)
    try:
        if not sys.stderr.isatty():
            return None
    except Exception:
        return None
    from .scheduler.progress import ConsoleProgressBar
    return ConsoleProgressBar(store)


def _lineage(rdd):
    """Every RDD of ``rdd``'s lineage, once each (through narrow and shuffle dependencies)."""
    seen = set()
    todo = [rdd]
    while todo:
        r = todo.pop()
        if r.id in seen:
            continue
        seen.add(r.id)
        yield r
        todo.extend(d.rdd for d in r.dependencies)


def _materialize_partitions(rdd) -> None:
    """Compute partitions of the whole lineage on the driver (file listing etc.) so bad input
    fails in the caller's thread before any task runs."""
    for r in _lineage(rdd):
        r.partitions


def _lineage_ids(rdd) -> set:
    return {r.id for r in _lineage(rdd)}
