"""Executor-side block manager: where cached partitions and other blocks live.

Owns: one executor's memory store, disk store (a ``blockmgr-<uuid>``
directory under the executor's local dir) and the storage level requested
for each block.  It decides placement (memory if the level allows and the
block fits, else disk if allowed, else not stored), what happens to blocks
evicted from memory (written to disk for levels that use disk, dropped
otherwise) and keeps a log of block status changes that the executor ships
to the driver's ``BlockManagerMaster`` with each task result.

Who calls it: the executor's task thread (``get_or_compute`` from RDD
iteration, puts of broadcast/task-result blocks), block-serving threads
(``get_serialized`` / ``put_serialized`` for remote reads and replication)
and the executor's control calls (``remove_*``, ``clear``).  Replication to
peers is the caller's job: it reads ``get_serialized`` bytes and pushes them.

Threads: all metadata lives under the memory manager's re-entrant lock
(shared with the memory store, whose eviction hook calls back in here).
Computing a missing block holds only a per-block lock, so two threads asking
for the same block compute it once while other blocks stay available.
No Ray imports: this runs the same in a test as in an executor actor.
"""

from __future__ import annotations

import os
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from rayspark.storage.block_id import BlockId, BroadcastBlockId, RDDBlockId, UnrecognizedBlockId
from rayspark.storage.disk_store import DiskStore, load_values
from rayspark.storage.memory_manager import UnifiedMemoryManager
from rayspark.storage.memory_store import MemoryEntry, MemoryStore
from rayspark.storage.size_estimator import estimate_size
from rayspark.storage.storage_level import StorageLevel

__all__ = ["BlockManager", "BlockStatus"]

BlockRef = Union[BlockId, str]


@dataclass(frozen=True)
class BlockStatus:
    """Where one executor holds one block, as reported to the driver.

    ``storage_level`` is the *effective* level (e.g. a MEMORY_AND_DISK block
    evicted to disk reports useMemory=False); a dropped or removed block
    reports ``StorageLevel.NONE`` with both sizes 0.
    """

    block_id_name: str
    storage_level: StorageLevel
    mem_size: int
    disk_size: int

    @property
    def is_cached(self) -> bool:
        return self.storage_level.is_valid


def _as_block_id(block: BlockRef) -> BlockId:
    if isinstance(block, BlockId):
        return block
    try:
        return BlockId.parse(block)
    except ValueError:
        return UnrecognizedBlockId(block)


class BlockManager:
    def __init__(self, executor_id: str, memory_manager: UnifiedMemoryManager, local_dir: str) -> None:
        self.executor_id = executor_id
        self.memory_manager = memory_manager
        self._lock = memory_manager.lock
        self.memory_store = MemoryStore(memory_manager, on_evict=self._on_evicted)
        self.local_dir = os.path.join(local_dir, f"blockmgr-{uuid.uuid4()}")
        self.disk_store = DiskStore(self.local_dir)
        self._levels: dict[BlockId, StorageLevel] = {}  # requested level per stored block
        self._updates: list[BlockStatus] = []
        self._write_locks: dict[BlockId, list] = {}  # block -> [RLock, users]

    # ---------------------------------------------------------- status log
    def _status(self, block_id: BlockId) -> BlockStatus:
        level = self._levels.get(block_id)
        if level is None:
            return BlockStatus(block_id.name, StorageLevel.NONE, 0, 0)
        entry = self.memory_store.peek_entry(block_id)
        on_disk = level.useDisk and self.disk_store.contains(block_id)
        if entry is None and not on_disk:
            return BlockStatus(block_id.name, StorageLevel.NONE, 0, 0)
        effective = StorageLevel(
            useDisk=on_disk,
            useMemory=entry is not None,
            useOffHeap=False,
            deserialized=entry is not None and level.deserialized,
            replication=level.replication,
        )
        return BlockStatus(
            block_id.name,
            effective,
            entry.size if entry is not None else 0,
            self.disk_store.size_of(block_id) if on_disk else 0,
        )

    def _report(self, block_id: BlockId) -> None:
        status = self._status(block_id)
        if status.storage_level == StorageLevel.NONE:
            self._levels.pop(block_id, None)
        self._updates.append(status)

    def drain_updates(self) -> list[BlockStatus]:
        """Status changes since the last call (oldest first); clears the log."""
        with self._lock:
            updates, self._updates = self._updates, []
            return updates

    def get_status(self, block: BlockRef) -> Optional[BlockStatus]:
        """Current status of a block, or None if this executor does not hold it."""
        block_id = _as_block_id(block)
        with self._lock:
            if block_id not in self._levels:
                return None
            status = self._status(block_id)
            return status if status.is_cached else None

    # ------------------------------------------------------------- eviction
    def _on_evicted(self, evicted: list[tuple[BlockId, MemoryEntry]]) -> None:
        """Memory-store hook (runs under the shared lock): spill or drop."""
        for block_id, entry in evicted:
            level = self._levels.get(block_id)
            if level is not None and level.useDisk and not self.disk_store.contains(block_id):
                try:
                    if entry.deserialized:
                        self.disk_store.put_values(block_id, entry.value)
                    else:
                        self.disk_store.put_bytes(block_id, entry.value)
                except Exception:  # noqa: BLE001 - unwritable block: drop it like MEMORY_ONLY
                    pass
            self._report(block_id)

    @contextmanager
    def _write_lock(self, block_id: BlockId):
        with self._lock:
            slot = self._write_locks.setdefault(block_id, [threading.RLock(), 0])
            slot[1] += 1
        slot[0].acquire()
        try:
            yield
        finally:
            slot[0].release()
            with self._lock:
                slot[1] -= 1
                if slot[1] == 0:
                    del self._write_locks[block_id]

    # ---------------------------------------------------------------- reads
    def contains(self, block: BlockRef) -> bool:
        block_id = _as_block_id(block)
        with self._lock:
            return self.memory_store.contains(block_id) or (
                block_id in self._levels and self.disk_store.contains(block_id)
            )

    def block_ids(self) -> list[BlockId]:
        with self._lock:
            return [b for b in self._levels if self.contains(b)]

    def _get_local(self, block_id: BlockId) -> Optional[Iterator[Any]]:
        """Iterator over a stored block's values, or None."""
        with self._lock:
            entry = self.memory_store.get_entry(block_id)
            if entry is not None:
                return iter(entry.value) if entry.deserialized else load_values(entry.value)
            level = self._levels.get(block_id)
            if level is None:
                return None
            disk_iter = self.disk_store.get_values(block_id)
        if disk_iter is None or not level.useMemory:
            return disk_iter
        # Disk copy of a memory level: try to bring it back into memory (as
        # Spark does), keeping the disk copy so a later eviction is free.
        values = list(disk_iter)
        size = estimate_size(values)
        with self._lock:
            if self._levels.get(block_id) is level and self.memory_store.put_values(block_id, values, size):
                self._report(block_id)
        return iter(values)

    def get_local_values(self, block: BlockRef) -> Optional[list]:
        it = self._get_local(_as_block_id(block))
        return None if it is None else list(it)

    def get_serialized(self, block: BlockRef) -> Optional[bytes]:
        """Block bytes (``disk_store.dump_values`` format) for a remote reader, or None."""
        block_id = _as_block_id(block)
        with self._lock:
            entry = self.memory_store.get_entry(block_id)
            if entry is None and block_id in self._levels:
                return self.disk_store.get_bytes(block_id)
        return None if entry is None else entry.to_bytes()

    # ----------------------------------------------------------------- puts
    def get_or_compute(
        self, block: BlockRef, level: StorageLevel, compute: Callable[[], Iterable[Any]]
    ) -> Iterator[Any]:
        """Values of a cached block, computing and caching it at *level* if absent."""
        block_id = _as_block_id(block)
        it = self._get_local(block_id)
        if it is not None:
            return it
        if not level.is_valid:
            return iter(compute())
        with self._write_lock(block_id):
            it = self._get_local(block_id)  # another thread may have stored it
            if it is not None:
                return it
            if level.useMemory or level.useOffHeap:
                values = list(compute())
                self._put_values_locked(block_id, values, level)
                return iter(values)
            # Disk only: stream the computation to disk, then read it back.
            # Removal waits for our block lock, so the file is still there.
            self._put_disk_values(block_id, compute(), level)
            it = self._get_local(block_id)
            return it if it is not None else iter(())

    def put_values(self, block: BlockRef, values: Iterable[Any], level: StorageLevel) -> bool:
        """Store records at *level*; True if stored (or already present)."""
        block_id = _as_block_id(block)
        if not level.is_valid:
            return False
        with self._write_lock(block_id):
            return self._put_values_locked(block_id, values, level)

    def _put_values_locked(self, block_id: BlockId, values: Iterable[Any], level: StorageLevel) -> bool:
        values = values if isinstance(values, list) else list(values)
        use_memory = level.useMemory or level.useOffHeap
        size = estimate_size(values) if use_memory else 0
        with self._lock:
            if self.contains(block_id):
                return True
            if use_memory:
                self._levels[block_id] = level
                if self.memory_store.put_values(block_id, values, size):
                    self._report(block_id)
                    return True
                if not level.useDisk:
                    del self._levels[block_id]
                    return False
        return self._put_disk_values(block_id, values, level)

    def _put_disk_values(self, block_id: BlockId, values: Iterable[Any], level: StorageLevel) -> bool:
        # Written outside the lock (may be slow); the rename makes it appear atomically.
        self.disk_store.put_values(block_id, values)
        with self._lock:
            self._levels[block_id] = level
            self._report(block_id)
        return True

    def put_serialized(self, block: BlockRef, data: bytes, level: StorageLevel) -> bool:
        """Store block bytes received from a peer (replication / remote put)."""
        block_id = _as_block_id(block)
        if not level.is_valid:
            return False
        with self._write_lock(block_id):
            return self._put_serialized_locked(block_id, data, level)

    def _put_serialized_locked(self, block_id: BlockId, data: bytes, level: StorageLevel) -> bool:
        with self._lock:
            if self.contains(block_id):
                return True
            if level.useMemory or level.useOffHeap:
                self._levels[block_id] = level
                if self.memory_store.put_bytes(block_id, data):
                    self._report(block_id)
                    return True
                if not level.useDisk:
                    del self._levels[block_id]
                    return False
        self.disk_store.put_bytes(block_id, data)
        with self._lock:
            self._levels[block_id] = level
            self._report(block_id)
        return True

    # -------------------------------------------------------------- removal
    def remove_block(self, block: BlockRef) -> bool:
        """Delete a block from memory and disk; True if it was stored here.

        Waits for a thread that is computing/storing the same block to finish.
        """
        block_id = _as_block_id(block)
        with self._write_lock(block_id), self._lock:
            in_mem = self.memory_store.remove(block_id)
            on_disk = self.disk_store.remove(block_id)
            known = self._levels.pop(block_id, None) is not None
            if in_mem or on_disk or known:
                self._updates.append(BlockStatus(block_id.name, StorageLevel.NONE, 0, 0))
                return True
            return False

    def _remove_matching(self, predicate: Callable[[BlockId], bool]) -> int:
        with self._lock:
            targets = {b for b in self._levels if predicate(b)}
            targets.update(b for b in self.memory_store.block_ids() if predicate(b))
        # Outside the shared lock: remove_block takes per-block locks first.
        return sum(1 for b in targets if self.remove_block(b))

    def remove_rdd(self, rdd_id: int) -> int:
        """Remove all cached partitions of an RDD; returns how many were removed."""
        return self._remove_matching(lambda b: isinstance(b, RDDBlockId) and b.rdd_id == rdd_id)

    def remove_broadcast(self, broadcast_id: int) -> int:
        """Remove a broadcast value and its pieces; returns how many blocks were removed."""
        return self._remove_matching(
            lambda b: isinstance(b, BroadcastBlockId) and b.broadcast_id == broadcast_id
        )

    def remove_shuffle(self, shuffle_id: int) -> int:
        """Remove shuffle blocks stored through this manager."""
        return self._remove_matching(lambda b: b.is_shuffle and getattr(b, "shuffle_id", None) == shuffle_id)

    def clear(self) -> None:
        """Drop every block and delete the disk directory (executor shutdown)."""
        with self._lock:
            self.memory_store.clear()
            self._levels.clear()
            self._updates.clear()
            self.disk_store.clear()

    @property
    def memory_used(self) -> int:
        return self.memory_store.memory_used

    def __repr__(self) -> str:
        return f"BlockManager({self.executor_id!r}, blocks={len(self._levels)}, dir={self.local_dir!r})"
