"""The one Ray actor class: ``Executor``. One actor = one task slot (one Python process, so CPU
work in tasks runs truly in parallel). Tasks run one at a time in the default concurrency group;
a small "io" group serves block and housekeeping calls while a task is running.
"""
from __future__ import annotations

import gc
import os
from typing import Any, Dict, List

import numpy as np
import ray
from ray.exceptions import ObjectLostError, OwnerDiedError, RayError, GetTimeoutError

from ..shuffle.reader import LostObjects
from .executor import TaskRunner

FETCH_TIMEOUT = 600
GC_THRESHOLD = 50_000


class _RayObjectIO:
    def get(self, ref: Any) -> Any:
        return ray.get(ref)

    def get_many(self, refs: List[Any]) -> List[Any]:
        try:
            return ray.get(refs, timeout=FETCH_TIMEOUT)
        except (ObjectLostError, OwnerDiedError, GetTimeoutError, RayError):
            lost = []
            for i, r in enumerate(refs):
                try:
                    ray.get(r, timeout=5)
                except (ObjectLostError, OwnerDiedError, GetTimeoutError, RayError):
                    lost.append(i)
            if not lost:
                raise
            raise LostObjects(lost)

    def fetch_block(self, holders: List[Any], name: str):
        """Bytes of a cached block from the first peer that still has it (or None)."""
        for _, actor in holders:
            try:
                data = ray.get(actor.get_block.remote(name), timeout=FETCH_TIMEOUT)
            except RayError:
                continue
            if data is not None:
                return data
        return None

    def push_block(self, peer: Any, name: str, data: bytes, level: Any):
        """Replicate a block to a peer executor; returns the peer's BlockStatus or None."""
        try:
            return ray.get(peer.put_block.remote(name, data, level), timeout=FETCH_TIMEOUT)
        except RayError:
            return None

    def put(self, value: Any) -> Any:
        if isinstance(value, (bytes, bytearray)):
            # a uint8 array is stored out-of-band: readers on this node map it without copying
            value = np.frombuffer(value, dtype=np.uint8)
        return ray.put(value)


@ray.remote(concurrency_groups={"io": 2})
class Executor:
    def __init__(self, executor_id: str, conf: Dict[str, str]):
        # Tasks allocate millions of small tuples and lists that live until the task ends;
        # with CPython's default thresholds (a collection every 700 allocations) the cyclic GC
        # rescans them over and over. Collect young objects less often, and never rescan what
        # the executor itself set up.
        gc.collect()
        gc.freeze()
        gc.set_threshold(GC_THRESHOLD, 20, 20)
        self.executor_id = executor_id
        node_id = ray.get_runtime_context().get_node_id()
        self.runner = TaskRunner(executor_id, node_id, conf, _RayObjectIO())

    def run_tasks(self, tasks: List[Any]):
        run = self.runner.run
        return [run(spec, ref.hex(), ref, inputs) for ref, spec, inputs in tasks]

    @ray.method(concurrency_group="io")
    def info(self) -> Dict[str, Any]:
        return {"executor_id": self.executor_id, "pid": os.getpid(),
                "node_id": self.runner.node_id, "local_dir": self.runner.local_dir}

    @ray.method(concurrency_group="io")
    def ping(self) -> int:
        return os.getpid()

    @ray.method(concurrency_group="io")
    def remove_rdd(self, rdd_id: int) -> int:
        return self.runner.remove_rdd(rdd_id)

    @ray.method(concurrency_group="io")
    def remove_broadcast(self, bid: int) -> None:
        self.runner.remove_broadcast(bid)

    @ray.method(concurrency_group="io")
    def get_block(self, name: str):
        return self.runner.block_manager.get_serialized(name)

    @ray.method(concurrency_group="io")
    def put_block(self, name: str, data: bytes, level):
        return self.runner.put_replica(name, data, level)

    @ray.method(concurrency_group="io")
    def shutdown(self) -> None:
        self.runner.shutdown()
