"""RayBackend: the driver side's only contact with Ray.

It starts (or attaches to) Ray, creates the executor actors spread over the cluster's nodes,
ships stage closures and inputs into the object store, launches tasks as actor calls (returning
futures for the scheduler loop), and replaces executors that die. Everything above it (DAG and
task scheduler) is Ray-free.
"""
from __future__ import annotations

import itertools
import logging
import os
import sys
import threading
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple

from .. import broadcast as _broadcast
from ..errors import SparkException
from ..serializers import dumps_closure
from .stage import ResultStage
from .task import RESULT, SHUFFLE_MAP

_shipping = threading.local()


def shipping_stage() -> bool:
    """True while a stage closure is being pickled (RDDs may be pickled only then)."""
    return getattr(_shipping, "active", False)


class ExecutorHandle:
    __slots__ = ("executor_id", "actor", "cores", "alive")

    def __init__(self, executor_id: str, actor: Any, cores: int):
        self.executor_id = executor_id
        self.actor = actor
        self.cores = cores
        self.alive = True


_ray_log_level = [logging.ERROR]
_log = logging.getLogger("rayspark.ray")


def _quiet_ray_logging(level: int) -> None:
    """Keep Ray's messages off the user's console unless the log level asks for them.

    Besides Ray's loggers, Ray prints raylet error reports (such as "A worker died...", which
    every executor loss produces) straight to the driver's stderr; those are routed to the
    ``rayspark.ray`` logger instead, visible at INFO and below.
    """
    _ray_log_level[0] = level
    for name in ("ray", "ray.worker", "ray._private", "ray.util", "ray.data", "ray.tune"):
        logging.getLogger(name).setLevel(level)
    try:
        import ray._private.worker as rw
    except Exception:
        return
    if getattr(rw.print_to_stdstream, "_rayspark", False):
        return
    original = rw.print_to_stdstream

    def print_to_stdstream(data, *args, **kwargs):
        if data.get("pid") == "raylet" and _ray_log_level[0] > logging.INFO:
            for line in data.get("lines", ()):
                _log.debug("%s", line)
            return None
        return original(data, *args, **kwargs)
    print_to_stdstream._rayspark = True
    rw.print_to_stdstream = print_to_stdstream


def _user_pythonpath() -> str:
    """sys.path entries of the driver that are not part of the Python installation, so
    executors can import the same user modules (functions are pickled by reference)."""
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    out = []
    for p in sys.path:
        p = os.path.realpath(p or os.getcwd())
        if os.path.isdir(p) and not any(p.startswith(x + os.sep) or p == x for x in prefixes):
            out.append(p)
    cwd = os.getcwd()
    if cwd not in out:
        out.append(cwd)
    return os.pathsep.join(dict.fromkeys(out))


def ray_init_kwargs(log_level: int = logging.ERROR) -> Dict[str, Any]:
    return dict(include_dashboard=False, log_to_driver=log_level <= logging.INFO,
                logging_level=log_level, configure_logging=True)


def _get_node_when_registered(get_node):
    """ray.init asks the GCS for the new node's record with a call that, if the raylet has not
    registered yet (it waits for its agents, ~1 s), retries only after a full second. Poll the
    node table cheaply first, so the record is read as soon as it exists."""
    def wrapped(gcs_address, node_id):
        try:
            import ray._private.services as ray_services
            import ray._private.state as ray_state
            state = ray_state.GlobalState()
            state._initialize_global_state(ray_services._get_gcs_client_options(gcs_address))
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if any(n.get("NodeID") == node_id and n.get("Alive") for n in state.node_table()):
                    break
                time.sleep(0.02)
        except Exception:
            pass                # fall back to Ray's own wait
        return get_node(gcs_address, node_id)
    return wrapped


def init_local_ray(num_cpus: int, log_level: int = logging.ERROR, with_dashboard: bool = False,
                   **extra: Any) -> bool:
    """Start an embedded single-node Ray quietly; False if Ray was already initialized."""
    import ray
    global _embedded_env
    if ray.is_initialized():
        return False
    # Ray's processes inherit the driver's environment at init: executors get a stable str hash
    # and the driver's import path without a per-actor runtime_env (which would slow startup).
    saved = {k: os.environ.get(k) for k in ("PYTHONHASHSEED", "PYTHONPATH", "RAY_USAGE_STATS_ENABLED")}
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["PYTHONPATH"] = _user_pythonpath()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    _quiet_ray_logging(log_level)
    import ray._private.node as ray_node
    import ray._private.utils as ray_utils
    import ray._private.services as ray_services
    start_api_server = ray_node.Node.start_api_server
    start_log_monitor = ray_node.Node.start_log_monitor
    start_monitor = ray_node.Node.start_monitor
    get_node = ray_services.get_node
    dependency_check = ray_utils.get_dashboard_dependency_error
    # The autoscaler monitor (a Python process importing Ray while the raylet's agents start,
    # on the critical path when there are 2 cores) has nothing to scale in an embedded
    # single-node Ray.
    ray_node.Node.start_monitor = lambda self: None
    ray_services.get_node = _get_node_when_registered(get_node)
    if log_level > logging.INFO:
        # executor output is not forwarded to the driver (log_to_driver=False), so the log
        # monitor process would only compete for the CPU while Ray starts
        ray_node.Node.start_log_monitor = lambda self: None
    if not with_dashboard:
        # ...and its per-node agent then runs in minimal mode instead of importing the
        # dashboard's web stack (aiohttp & co., ~0.5 s on ray.init's critical path).
        ray_utils.get_dashboard_dependency_error = lambda: ImportError("embedded rayspark")
        # Ray starts its dashboard/API-server process even with include_dashboard=False and
        # ray.init waits for it to register (1-3 s here). An embedded engine serves no jobs or
        # dashboard, so skip it; `ray start` clusters (master "ray") keep theirs.
        def _no_api_server(self, *, include_dashboard, raise_on_failure):
            self._webui_url = None
        ray_node.Node.start_api_server = _no_api_server
    try:
        extra.setdefault("_node_ip_address", "127.0.0.1")
        ray.init(address="local", num_cpus=num_cpus, **ray_init_kwargs(log_level), **extra)
    finally:
        ray_node.Node.start_api_server = start_api_server
        ray_node.Node.start_log_monitor = start_log_monitor
        ray_node.Node.start_monitor = start_monitor
        ray_services.get_node = get_node
        ray_utils.get_dashboard_dependency_error = dependency_check
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    _embedded_env = True
    return True


_embedded_env = False

# Ray Client's proxy starts one server process per client; under load that process sometimes
# dies as it starts (the proxy then answers "Starting Ray client server failed", or psutil
# finds it a zombie). A new connection gets a new server, so such failures are retried.
_CLIENT_SERVER_START_FAILURES = ("Starting Ray client server failed", "ZombieProcess")
CLIENT_CONNECT_ATTEMPTS = 3


def _connect(ray, kwargs: Dict[str, Any]) -> None:
    """ray.init(**kwargs), retrying a Ray Client connection whose per-client server died
    while starting; every other failure is raised at once."""
    for attempt in range(1, CLIENT_CONNECT_ATTEMPTS + 1):
        try:
            ray.init(**kwargs)
            return
        except ConnectionError as e:
            text = str(e)
            if (attempt == CLIENT_CONNECT_ATTEMPTS
                    or not any(m in text for m in _CLIENT_SERVER_START_FAILURES)):
                raise
            logging.getLogger("rayspark").warning(
                "Ray Client server for this driver failed to start (attempt %d of %d); "
                "connecting again", attempt, CLIENT_CONNECT_ATTEMPTS)
            try:
                ray.shutdown()
            except Exception:
                pass
            time.sleep(attempt)


class RayBackend:
    def __init__(self, *, mode: str, address: Optional[str], slots: int, conf: Dict[str, str],
                 num_executors: int, executor_cores: int, max_replacements: int,
                 log_level: int = logging.ERROR):
        for name in ("ray", "ray.widgets.util"):   # before import: Ray logs at import time
            logging.getLogger(name).setLevel(log_level)
        if (mode == "cluster" and "RAY_AUTH_MODE" not in os.environ
                and (os.environ.get("RAY_AUTH_TOKEN") or os.environ.get("RAY_AUTH_TOKEN_PATH"))):
            # Ray's clients send a token only in token mode (read when ray is imported): a user
            # who exported the cluster's token means to use it
            os.environ["RAY_AUTH_MODE"] = "token"
        import ray
        self._ray = ray
        self.mode = mode
        self.owns_ray = False
        _quiet_ray_logging(log_level)
        if not ray.is_initialized():
            if mode == "local":
                extra: Dict[str, Any] = {}
                spill = conf.get("spark.local.dir")
                if spill:
                    extra["object_spilling_directory"] = spill
                init_local_ray(slots, log_level, **extra)
                self.owns_ray = True
        if not ray.is_initialized():
            kwargs = ray_init_kwargs(log_level)
            kwargs["address"] = address or os.environ.get("RAY_ADDRESS") or "auto"
            try:
                _connect(ray, kwargs)
            except (ConnectionError, RuntimeError, PermissionError) as e:
                raise SparkException(
                    f"Could not connect to the Ray cluster at {kwargs.get('address')}: {e}. Is a "
                    "cluster running there (`ray start --head`)? Ray 2.60 clusters use token "
                    "authentication by default: set RAY_AUTH_TOKEN (or ~/.ray/auth_token) to the "
                    "cluster's token, printed by `ray get-auth-token` on the head node (see "
                    "docs/deploying-on-ray.md). For an embedded Ray use master 'local[N]'.",
                    "RAY_CONNECTION_FAILED") from e
            self.owns_ray = True
        self._conf = dict(conf)
        env: Dict[str, str] = {}
        if not _embedded_env:
            env["PYTHONHASHSEED"] = "0"
            if mode == "local":
                env["PYTHONPATH"] = _user_pythonpath()
        for k, v in conf.items():
            if k.startswith("spark.executorEnv."):
                env[k[len("spark.executorEnv."):]] = v
        self._runtime_env = {"env_vars": env} if env else None
        self._cores = executor_cores
        self._ids = itertools.count()
        self._max_replacements = max_replacements
        self._replacements = 0
        self.executors: Dict[str, ExecutorHandle] = {}
        self._broadcast_refs: Dict[int, Any] = {}
        self._file_refs: Dict[str, Any] = {}
        self._lock = threading.Lock()
        self._batch_ids = itertools.count()
        self._local_dirs: Dict[str, str] = {}
        self._batches: Dict[int, Tuple[Any, str, frozenset]] = {}
        # On a cluster each Spark executor (spark.executor.cores slots, spark.executor.memory)
        # is one bundle of a SPREAD placement group; its slot actors run inside that bundle,
        # and a replacement for a lost slot goes back into the same bundle.
        self._placement_groups: List[Any] = []
        self._bundle_of: Dict[str, Tuple[Any, int]] = {}
        for _ in range(num_executors):
            self._start_executor()

    # --- executors ---------------------------------------------------------------------
    def _start_executor(self, bundle: Optional[Tuple[Any, int]] = None) -> ExecutorHandle:
        from ..executor.actor import Executor
        eid = str(next(self._ids))
        conf = self._conf
        if self.mode == "local":
            # The driver names the executor's local dir, so it can delete it if the executor
            # is killed (a SIGKILLed process cannot clean up its spill files and disk blocks).
            import tempfile
            import uuid
            base = self._conf.get("spark.local.dir") or tempfile.gettempdir()
            path = os.path.join(base, f"rayspark-exec-{eid}-{uuid.uuid4().hex[:12]}")
            self._local_dirs[eid] = path
            conf = dict(conf, **{"spark.rayspark.executor.localDir": path})
        opts: Dict[str, Any] = dict(num_cpus=self._cores, scheduling_strategy="SPREAD",
                                    max_restarts=0, max_task_retries=0)
        if bundle is not None:
            from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy
            pg, index = bundle
            opts["scheduling_strategy"] = PlacementGroupSchedulingStrategy(
                placement_group=pg, placement_group_bundle_index=index)
            self._bundle_of[eid] = bundle
        if self._runtime_env:
            opts["runtime_env"] = self._runtime_env
        actor = Executor.options(**opts).remote(eid, conf)
        h = ExecutorHandle(eid, actor, self._cores)
        with self._lock:
            self.executors[eid] = h
        return h

    def start_executors(self, n: int) -> None:
        if self.mode != "cluster" or n <= 0:
            for _ in range(n):
                self._start_executor()
            return
        pg, per_bundle = self._reserve(n)
        for i in range(n):
            self._start_executor((pg, i // per_bundle))

    def _reserve(self, slots: int) -> Tuple[Any, int]:
        """A SPREAD placement group with one bundle per Spark executor (its cores and
        memory); waits until Ray has placed it, else fails saying what did not fit."""
        from ray.util.placement_group import placement_group, remove_placement_group
        from ..conf import EXECUTOR_CORES, EXECUTOR_MEMORY, PLACEMENT_TIMEOUT, SparkConf
        typed = SparkConf(loadDefaults=False).setAll(self._conf.items()).typed
        cores = max(1, typed(EXECUTOR_CORES))
        memory = int(typed(EXECUTOR_MEMORY))
        timeout = float(typed(PLACEMENT_TIMEOUT))
        n_bundles = -(-slots // cores)
        bundle = {"CPU": float(cores), "memory": float(memory)}
        pg = placement_group([dict(bundle) for _ in range(n_bundles)], strategy="SPREAD",
                             name=f"rayspark-executors-{uuid.uuid4().hex[:8]}")
        if not pg.wait(timeout_seconds=timeout):
            remove_placement_group(pg)
            have = self._ray.available_resources()
            raise SparkException(
                f"Could not place {n_bundles} executor(s) of {cores} CPU and "
                f"{memory / (1 << 30):.1f} GiB memory on the Ray cluster within {timeout:.0f} s "
                f"(available: {have.get('CPU', 0):g} CPU, "
                f"{have.get('memory', 0) / (1 << 30):.1f} GiB memory). Lower "
                "spark.executor.instances / spark.executor.cores / spark.executor.memory, or "
                "add nodes.", "EXECUTOR_PLACEMENT_FAILED")
        self._placement_groups.append(pg)
        return pg, cores

    def cluster_cpus(self) -> int:
        """CPUs of the attached cluster (the default executor count for master "ray")."""
        return int(self._ray.cluster_resources().get("CPU", 1))

    def executor_slots(self) -> List[Tuple[str, int]]:
        return [(e.executor_id, 1) for e in self.executors.values() if e.alive]

    def replace_executor(self, eid: str, reason: str) -> Optional[Tuple[str, int]]:
        h = self.executors.get(eid)
        if h is not None:
            h.alive = False
            try:
                self._ray.kill(h.actor, no_restart=True)
            except Exception:
                pass
            with self._lock:
                self.executors.pop(eid, None)
        self._remove_local_dir(eid)
        if self._replacements >= self._max_replacements:
            return None
        self._replacements += 1
        new = self._start_executor(self._bundle_of.pop(eid, None))
        return new.executor_id, 1

    def executor_ready(self, eid: str):
        """A future that resolves once executor ``eid`` has started and answers (it raises if
        the executor died first). It may never resolve if Ray cannot place the actor."""
        return self.executors[eid].actor.ping.remote().future()

    def handles(self, eids: List[str]) -> List[Tuple[str, Any]]:
        """(executor id, actor handle) of live executors among ``eids``."""
        out = []
        for e in eids:
            h = self.executors.get(e)
            if h is not None and h.alive:
                out.append((e, h.actor))
        return out

    def _remove_local_dir(self, eid: str) -> None:
        path = self._local_dirs.pop(eid, None)
        if path:
            import shutil
            shutil.rmtree(path, ignore_errors=True)

    def is_alive(self, eid: str) -> bool:
        h = self.executors.get(eid)
        if h is None or not h.alive:
            return False
        try:
            self._ray.get(h.actor.ping.remote(), timeout=10)
            return True
        except Exception:
            return False

    def is_executor_failure(self, e: BaseException) -> bool:
        from ray.exceptions import ActorDiedError, ActorUnavailableError, RayActorError
        return isinstance(e, (RayActorError, ActorDiedError, ActorUnavailableError))

    def executor_info(self) -> List[Dict[str, Any]]:
        hs = [h for h in self.executors.values() if h.alive]
        infos = self._ray.get([h.actor.info.remote() for h in hs])
        return infos

    # --- shipping ------------------------------------------------------------------------
    def put_input(self, blob: Any) -> Any:
        return self._ray.put(blob)

    def put_stage(self, stage) -> Tuple[Any, Dict[Any, Any]]:
        if isinstance(stage, ResultStage):
            payload = (RESULT, stage.rdd, stage.func)
        else:
            payload = (SHUFFLE_MAP, stage.rdd, stage.dep)
        _broadcast.start_collecting()
        _shipping.active = True
        try:
            blob = dumps_closure(payload, what=f"the closure of stage {stage.id}")
        finally:
            _shipping.active = False
            bids = _broadcast.stop_collecting()
        inputs: Dict[Any, Any] = {}
        for bid in bids:
            ref = self._broadcast_refs.get(bid)
            if ref is None:
                raise SparkException(f"Broadcast variable {bid} was destroyed and cannot be used",
                                     "BROADCAST_DESTROYED")
            inputs[("bc", bid)] = ref
        for name, ref in self._file_refs.items():
            inputs[("file", name)] = ref
        return self._ray.put(blob), inputs

    def add_broadcast(self, bid: int, blob: bytes) -> None:
        self._broadcast_refs[bid] = self._ray.put(blob)

    def unpersist_broadcast(self, bid: int, blocking: bool = False) -> None:
        refs = [h.actor.remove_broadcast.remote(bid) for h in self.executors.values() if h.alive]
        if blocking:
            self._ray.get(refs)

    def destroy_broadcast(self, bid: int, blocking: bool = False) -> None:
        self._broadcast_refs.pop(bid, None)
        self.unpersist_broadcast(bid, blocking)

    def add_file(self, name: str, data: bytes) -> None:
        self._file_refs[name] = self._ray.put(data)

    def remove_rdd(self, rdd_id: int, blocking: bool = False) -> None:
        refs = [h.actor.remove_rdd.remote(rdd_id) for h in self.executors.values() if h.alive]
        if blocking:
            try:
                self._ray.get(refs)
            except Exception:
                pass

    # --- tasks ---------------------------------------------------------------------------
    def launch_batch(self, eid: str, tasks: List[Tuple[Any, Any, Dict[Any, Any]]]):
        """Run [(stage_ref, spec, inputs), ...] in order in one actor call; the future
        resolves to the list of TaskResults (or raises if the executor died)."""
        h = self.executors[eid]
        ref = h.actor.run_tasks.remote(tasks)
        bid = next(self._batch_ids)
        with self._lock:
            self._batches[bid] = (ref, eid, frozenset(spec.task_id for _, spec, _ in tasks))
        fut = ref.future()
        fut.add_done_callback(lambda _f, bid=bid: self._batch_finished(bid))
        return fut

    def _batch_finished(self, bid: int) -> None:
        with self._lock:
            self._batches.pop(bid, None)

    def cancel_tasks(self, task_ids, kill_timeout: float) -> None:
        """Cancel the actor calls whose tasks are all in ``task_ids``: queued calls are dropped
        by Ray; an executor still running one after ``kill_timeout`` seconds is killed (the
        scheduler then replaces it, as for any lost executor)."""
        with self._lock:
            doomed = [(bid, ref, eid) for bid, (ref, eid, tids) in self._batches.items()
                      if tids <= task_ids]
        for bid, ref, eid in doomed:
            try:
                self._ray.cancel(ref)
            except Exception:
                pass
            t = threading.Timer(kill_timeout, self._kill_if_running, (bid, eid))
            t.daemon = True
            t.start()

    def _kill_if_running(self, bid: int, eid: str) -> None:
        with self._lock:
            running = bid in self._batches
        h = self.executors.get(eid)
        if running and h is not None and h.alive:
            try:
                self._ray.kill(h.actor, no_restart=True)
            except Exception:
                pass

    # --- lifecycle ----------------------------------------------------------------------
    def stop(self) -> None:
        ray = self._ray
        hs = list(self.executors.values())
        try:
            ray.get([h.actor.shutdown.remote() for h in hs if h.alive], timeout=10)
        except Exception:
            pass
        for h in hs:
            try:
                ray.kill(h.actor, no_restart=True)
            except Exception:
                pass
        self.executors.clear()
        if self._placement_groups:
            from ray.util.placement_group import remove_placement_group
            for pg in self._placement_groups:
                try:
                    remove_placement_group(pg)
                except Exception:
                    pass
            self._placement_groups.clear()
        for eid in list(self._local_dirs):
            self._remove_local_dir(eid)
        self._broadcast_refs.clear()
        self._file_refs.clear()
        if self.owns_ray and ray.is_initialized():
            ray.shutdown()
