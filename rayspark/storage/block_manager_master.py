"""Driver-side registry of which executor holds which block.

Owns: the driver's view of block locations, built only from the
``BlockStatus`` updates executors attach to task results (and from explicit
removals).  It never talks to executors itself: callers (the scheduler, the
SparkContext, the executor backend) ask it where blocks are, whom to tell to
drop an RDD or broadcast, and what was lost with an executor, then do the
messaging themselves.  That keeps it free of Ray and unit-testable.

Used by: the task scheduler for cache locality (``get_locations_multi``),
the DAG scheduler when an executor dies (``remove_executor``),
``unpersist``/broadcast cleanup (``executors_with_rdd``, ``forget_*``) and
storage status pages (``storage_info``).  Any thread may call; one lock.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable, Optional

from rayspark.storage.block_id import BlockId, BroadcastBlockId, RDDBlockId
from rayspark.storage.block_manager import BlockStatus

__all__ = ["BlockManagerMaster", "RDDStorageInfo"]

ExecutorId = Hashable


@dataclass(frozen=True)
class RDDStorageInfo:
    """Cached footprint of one RDD across executors (field names as Spark's RDDInfo)."""

    id: int
    numCachedPartitions: int
    memSize: int
    diskSize: int


class BlockManagerMaster:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocks: dict[str, dict[ExecutorId, BlockStatus]] = {}
        self._by_executor: dict[ExecutorId, set[str]] = defaultdict(set)
        self._rdd_index: dict[int, set[str]] = defaultdict(set)
        self._broadcast_index: dict[int, set[str]] = defaultdict(set)

    # -------------------------------------------------------------- indexes
    def _index_for(self, name: str) -> Optional[set[str]]:
        try:
            bid = BlockId.parse(name)
        except ValueError:
            return None
        if isinstance(bid, RDDBlockId):
            return self._rdd_index[bid.rdd_id]
        if isinstance(bid, BroadcastBlockId):
            return self._broadcast_index[bid.broadcast_id]
        return None

    def _drop_location(self, name: str, executor_id: ExecutorId) -> None:
        holders = self._blocks.get(name)
        if holders is None:
            return
        holders.pop(executor_id, None)
        self._by_executor.get(executor_id, set()).discard(name)
        if not holders:
            del self._blocks[name]
            index = self._index_for(name)
            if index is not None:
                index.discard(name)

    # -------------------------------------------------------------- updates
    def update_block_info(self, executor_id: ExecutorId, status: BlockStatus) -> None:
        """Record an executor's report; an invalid level removes the location."""
        name = status.block_id_name
        with self._lock:
            if not status.storage_level.is_valid:
                self._drop_location(name, executor_id)
                return
            self._blocks.setdefault(name, {})[executor_id] = status
            self._by_executor[executor_id].add(name)
            index = self._index_for(name)
            if index is not None:
                index.add(name)

    def update_many(self, executor_id: ExecutorId, statuses: Iterable[BlockStatus]) -> None:
        for status in statuses:
            self.update_block_info(executor_id, status)

    def remove_executor(self, executor_id: ExecutorId) -> list[str]:
        """Forget an executor; returns names of blocks that now have no copy left."""
        with self._lock:
            names = self._by_executor.pop(executor_id, set())
            lost = []
            for name in sorted(names):
                self._drop_location(name, executor_id)
                if name not in self._blocks:
                    lost.append(name)
            return lost

    def remove_block(self, block_id_name: str) -> list[ExecutorId]:
        """Forget every copy of a block; returns the executors that held it."""
        with self._lock:
            holders = list(self._blocks.get(block_id_name, {}))
            for executor_id in holders:
                self._drop_location(block_id_name, executor_id)
            return holders

    def _forget(self, names: set[str]) -> list[ExecutorId]:
        executors: dict[ExecutorId, None] = {}
        for name in list(names):
            for executor_id in list(self._blocks.get(name, {})):
                executors[executor_id] = None
                self._drop_location(name, executor_id)
        return list(executors)

    def forget_rdd(self, rdd_id: int) -> list[ExecutorId]:
        """Drop all locations of an RDD's blocks; returns the executors that held any."""
        with self._lock:
            executors = self._forget(self._rdd_index.get(rdd_id, set()))
            self._rdd_index.pop(rdd_id, None)
            return executors

    def forget_broadcast(self, broadcast_id: int) -> list[ExecutorId]:
        """Drop all locations of a broadcast's blocks; returns the executors that held any."""
        with self._lock:
            executors = self._forget(self._broadcast_index.get(broadcast_id, set()))
            self._broadcast_index.pop(broadcast_id, None)
            return executors

    # -------------------------------------------------------------- queries
    def get_locations(self, block_id_name: str) -> list[ExecutorId]:
        """Executors holding the block (memory holders first, then report order)."""
        with self._lock:
            holders = self._blocks.get(block_id_name, {})
            return sorted(holders, key=lambda e: not holders[e].storage_level.useMemory)

    def get_locations_multi(self, names: Iterable[str]) -> dict[str, list[ExecutorId]]:
        return {name: self.get_locations(name) for name in names}

    def get_status(self, block_id_name: str) -> dict[ExecutorId, BlockStatus]:
        with self._lock:
            return dict(self._blocks.get(block_id_name, {}))

    def executor_blocks(self, executor_id: ExecutorId) -> list[str]:
        with self._lock:
            return sorted(self._by_executor.get(executor_id, ()))

    def rdd_blocks(self, rdd_id: int) -> dict[str, dict[ExecutorId, BlockStatus]]:
        with self._lock:
            return {name: dict(self._blocks[name]) for name in sorted(self._rdd_index.get(rdd_id, ()))}

    def executors_with_rdd(self, rdd_id: int) -> list[ExecutorId]:
        with self._lock:
            seen: dict[ExecutorId, None] = {}
            for name in self._rdd_index.get(rdd_id, ()):
                for executor_id in self._blocks[name]:
                    seen[executor_id] = None
            return list(seen)

    def executors_with_broadcast(self, broadcast_id: int) -> list[ExecutorId]:
        with self._lock:
            seen: dict[ExecutorId, None] = {}
            for name in self._broadcast_index.get(broadcast_id, ()):
                for executor_id in self._blocks[name]:
                    seen[executor_id] = None
            return list(seen)

    def storage_info(self) -> list[RDDStorageInfo]:
        """Per cached RDD (sorted by id): cached partitions and bytes summed over copies."""
        with self._lock:
            infos = []
            for rdd_id in sorted(self._rdd_index):
                names = self._rdd_index[rdd_id]
                if not names:
                    continue
                mem = disk = 0
                for name in names:
                    for status in self._blocks[name].values():
                        mem += status.mem_size
                        disk += status.disk_size
                infos.append(RDDStorageInfo(rdd_id, len(names), mem, disk))
            return infos
