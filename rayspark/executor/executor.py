"""Runs one task inside an executor process. No Ray imports: object-store access comes in
through an ``ObjectIO`` (implemented by ``actor.py``), so this module is testable in-process.

Per process it owns: the block manager (cached RDD blocks, memory + disk), the unified memory
manager, a small cache of deserialized stage closures (a stage attempt's closure is fetched and
unpickled once, then reused by all its tasks on this executor), and the broadcast values.
"""
from __future__ import annotations

import os
import pickle
import random
import shutil
import tempfile
import time
import traceback
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Protocol, Tuple

from .. import broadcast as _broadcast
from ..conf import EXECUTOR_MEMORY, MEMORY_FRACTION, STORAGE_FRACTION, SHUFFLE_BLOCK_TARGET, SparkConf
from ..errors import FetchFailedError
from ..scheduler.task import RESULT, MapStatus, TaskError, TaskResult, TaskSpec
from ..serializers import loads_closure
from ..shuffle.reader import read_shuffle_blocks
from ..shuffle.writer import write_map_output
from ..storage.block_manager import BlockManager
from ..storage.disk_store import load_values
from ..storage.memory_manager import TaskMemoryConsumer, UnifiedMemoryManager
from ..taskcontext import TaskContext

STAGE_CACHE_SIZE = 16


class ObjectIO(Protocol):
    def get(self, ref: Any) -> Any: ...
    def get_many(self, refs: List[Any]) -> List[Any]: ...   # raises shuffle.reader.LostObjects
    def put(self, value: Any) -> Any: ...


class TaskServices:
    """What RDD ``compute`` code may use on the executor (reached via ``TaskContext.services``)."""

    def __init__(self, runner: "TaskRunner", spec: TaskSpec, inputs: Dict[Any, Any]):
        self._runner = runner
        self._spec = spec
        self._inputs = inputs
        self._consumer: Optional[TaskMemoryConsumer] = None
        self.spill_dir = runner.spill_dir
        self.executor_id = runner.executor_id
        self.replica_updates: List[Tuple[str, Any]] = []

    def memory_consumer(self) -> TaskMemoryConsumer:
        if self._consumer is None:
            self._consumer = TaskMemoryConsumer(self._runner.memory_manager, self._spec.task_id)
        return self._consumer

    def release_memory(self) -> None:
        if self._consumer is not None:
            self._consumer.release_all()
        self._runner.memory_manager.release_all_execution(self._spec.task_id)

    def get_or_compute(self, block_id, level, compute):
        """A cached block: local, else fetched from the executor that holds it, else computed
        (and replicated to peers for the ``_2`` levels)."""
        bm = self._runner.block_manager
        holders = self._inputs.get(("block", block_id.name))
        if holders and not bm.contains(block_id):
            data = self._runner.io.fetch_block(holders, block_id.name)
            if data is not None:
                return load_values(data)
        it = bm.get_or_compute(block_id, level, compute)
        if level.replication > 1:
            self._replicate(block_id, level)
        return it

    def _replicate(self, block_id, level) -> None:
        peers = list(self._inputs.get(("peers",), ()))
        if not peers:
            return
        data = self._runner.block_manager.get_serialized(block_id)
        if data is None:
            return
        random.Random(hash(block_id.name)).shuffle(peers)
        for peer_id, actor in peers[:level.replication - 1]:
            status = self._runner.io.push_block(actor, block_id.name, data, level)
            if status is not None:
                self.replica_updates.append((peer_id, status))

    def fetch_input(self, key) -> Any:
        return self._runner.io.get(self._inputs[key])

    def read_shuffle(self, shuffle_id: int, reduce_id: int):
        blocks = self._inputs.get(("shuffle", shuffle_id, reduce_id))
        if blocks is None:
            # the scheduler omitted lost map outputs below a cached block that is gone now
            raise FetchFailedError(shuffle_id, [], f"map outputs of shuffle {shuffle_id} "
                                   "were lost and are needed to recompute an evicted block")
        return read_shuffle_blocks(shuffle_id, blocks, self._runner.io.get_many)


class TaskRunner:
    def __init__(self, executor_id: str, node_id: str, conf: Dict[str, str], io: ObjectIO):
        self.executor_id = executor_id
        self.node_id = node_id
        self.io = io
        sc = SparkConf(loadDefaults=False).setAll(conf.items())
        self.conf = sc
        self.memory_manager = UnifiedMemoryManager(sc.typed(EXECUTOR_MEMORY), sc.typed(MEMORY_FRACTION),
                                                   sc.typed(STORAGE_FRACTION))
        chosen = sc.get("spark.rayspark.executor.localDir")
        if chosen:
            os.makedirs(chosen, exist_ok=True)
            self.local_dir = chosen
        else:
            base = sc.get("spark.local.dir") or tempfile.gettempdir()
            os.makedirs(base, exist_ok=True)
            self.local_dir = tempfile.mkdtemp(prefix=f"rayspark-exec-{executor_id}-", dir=base)
        self.spill_dir = os.path.join(self.local_dir, "spill")
        os.makedirs(self.spill_dir, exist_ok=True)
        self.block_manager = BlockManager(executor_id, self.memory_manager, self.local_dir)
        self.target_block = sc.typed(SHUFFLE_BLOCK_TARGET)
        self._stages: "OrderedDict[Any, Tuple]" = OrderedDict()
        self.files_dir = os.path.join(self.local_dir, "files")
        os.makedirs(self.files_dir, exist_ok=True)
        from ..files import SparkFiles
        SparkFiles._root_directory = self.files_dir
        SparkFiles._is_running_on_worker = True

    # ------------------------------------------------------------------------------------
    def _load_stage(self, key: Any, ref: Any, inputs: Dict[Any, Any]) -> Tuple:
        stage = self._stages.get(key)
        if stage is not None:
            self._stages.move_to_end(key)
            return stage
        for k, r in inputs.items():
            if k[0] == "bc" and not _broadcast.executor_has(k[1]):
                _broadcast.executor_store(k[1], loads_closure(self.io.get(r)))
            elif k[0] == "file":
                self._materialize_file(k[1], r)
        stage = loads_closure(self.io.get(ref))
        self._stages[key] = stage
        while len(self._stages) > STAGE_CACHE_SIZE:
            self._stages.popitem(last=False)
        return stage

    def _materialize_file(self, name: str, ref: Any) -> None:
        path = os.path.join(self.files_dir, name)
        if os.path.exists(path):
            return
        data = self.io.get(ref)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)

    def run(self, spec: TaskSpec, stage_key: Any, stage_ref: Any, inputs: Dict[Any, Any]) -> TaskResult:
        t0 = time.perf_counter()
        services = TaskServices(self, spec, inputs)
        ctx = TaskContext(spec.stage_id, spec.stage_attempt, spec.partition, spec.attempt,
                          spec.task_id, 1, dict(spec.local_properties), services)
        TaskContext._set(ctx)
        try:
            kind, rdd, fn = self._load_stage(stage_key, stage_ref, inputs)
            split = rdd.partitions[spec.partition]
            pickled = False
            if kind == RESULT:
                # pickled here, not by Ray after we return, so an unpicklable result is this
                # task's error (with its own message) rather than a Ray failure of the batch
                value = _dump_result(fn(rdd.iterator(split, ctx)))
                pickled = True
            else:
                out = write_map_output(rdd.iterator(split, ctx), fn, services.memory_consumer(),
                                       self.spill_dir, self.target_block)
                refs = tuple(self.io.put(seg) for seg in out.segments)
                value = MapStatus(spec.partition, self.executor_id, self.node_id, refs,
                                  tuple(out.blocks), out.records, out.bytes_written)
                ctx.add_metric("shuffleRecordsWritten", out.records)
                ctx.add_metric("shuffleBytesWritten", out.bytes_written)
            ctx.run_completion_callbacks()
            return TaskResult(spec.task_id, self.executor_id, True, value,
                              accum_updates=tuple(ctx._accum_updates.items()),
                              block_updates=tuple(self.block_manager.drain_updates()),
                              replica_updates=tuple(services.replica_updates),
                              metrics=tuple(ctx.metrics.items()),
                              duration=time.perf_counter() - t0, value_pickled=pickled)
        except FetchFailedError as e:
            return TaskResult(spec.task_id, self.executor_id, False,
                              error=TaskError("FetchFailedError", str(e), "",
                                              fetch_failed=(e.shuffle_id, tuple(e.map_ids))),
                              block_updates=tuple(self.block_manager.drain_updates()))
        except BaseException as e:   # user code errors travel back with their traceback
            tb = _format_user_traceback(e)
            return TaskResult(spec.task_id, self.executor_id, False,
                              error=TaskError(type(e).__name__, str(e), tb),
                              block_updates=tuple(self.block_manager.drain_updates()))
        finally:
            services.release_memory()
            TaskContext._set(None)

    # ------------------------------------------------------------------------------------
    def put_replica(self, name: str, data: bytes, level) -> Any:
        """Store a block pushed by a peer; return its status for the driver's registry."""
        from ..storage.block_id import BlockId
        bm = self.block_manager
        bm.put_serialized(name, data, level)
        bm.drain_updates()
        return bm.get_status(BlockId.parse(name))

    def remove_rdd(self, rdd_id: int) -> int:
        n = self.block_manager.remove_rdd(rdd_id)
        self.block_manager.drain_updates()
        return n

    def remove_broadcast(self, bid: int) -> None:
        _broadcast.executor_drop(bid)

    def shutdown(self) -> None:
        try:
            self.block_manager.clear()
        finally:
            shutil.rmtree(self.local_dir, ignore_errors=True)


def _dump_result(value: Any) -> bytes:
    try:
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except Exception:
        import cloudpickle
        return cloudpickle.dumps(value, pickle.HIGHEST_PROTOCOL)


_ENGINE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _format_user_traceback(e: BaseException) -> str:
    """Python traceback of a task error, without the engine's own frames on top."""
    frames = traceback.extract_tb(e.__traceback__)
    keep = [f for f in frames if not f.filename.startswith(_ENGINE_DIR)] or frames
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(keep)
    lines += traceback.format_exception_only(type(e), e)
    return "".join(lines)
