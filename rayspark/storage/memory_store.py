"""Blocks held in the executor's Python heap, in least-recently-used order.

Owns: the in-memory copies of blocks and their storage-memory reservations
with the ``UnifiedMemoryManager``.  A block is either a deserialized list of
records (fast to re-iterate; size estimated) or block bytes (exact size;
decoded on read, see ``disk_store.dump_values``).

Eviction: when a put (or execution memory, via the manager) needs room, the
least recently used blocks are evicted, except blocks of the RDD being written
(evicting a sibling partition to make room for another would just thrash, as
in Spark).  Blocks are only evicted if enough can be freed; otherwise nothing
is evicted and the put fails.  What happens to an evicted block (dropped or
written to disk) is not decided here: the ``on_evict`` hook (set by the block
manager) receives the evicted entries.

Threads: the task thread and block-serving threads may call concurrently.
Every method runs under the memory manager's re-entrant lock, which the
manager also holds when it calls back into ``_evict``; sharing one lock keeps
the store, the accounting and the eviction hook consistent without ordering
problems.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional, Union

from rayspark.storage.block_id import BlockId, RDDBlockId
from rayspark.storage.disk_store import dump_values, load_values
from rayspark.storage.memory_manager import UnifiedMemoryManager
from rayspark.storage.size_estimator import estimate_size

__all__ = ["MemoryStore", "MemoryEntry"]


@dataclass(frozen=True)
class MemoryEntry:
    """A stored block: a list of records (``deserialized``) or block bytes."""

    value: Union[list, bytes]
    size: int
    deserialized: bool

    def values(self) -> list:
        return self.value if self.deserialized else list(load_values(self.value))

    def to_bytes(self) -> bytes:
        return dump_values(self.value) if self.deserialized else self.value


EvictionHook = Callable[[list[tuple[BlockId, MemoryEntry]]], None]


class MemoryStore:
    def __init__(self, memory_manager: UnifiedMemoryManager, on_evict: Optional[EvictionHook] = None) -> None:
        self.memory_manager = memory_manager
        self.on_evict = on_evict
        self._lock = memory_manager.lock
        self._entries: "OrderedDict[BlockId, MemoryEntry]" = OrderedDict()
        self._used = 0
        memory_manager.set_storage_evictor(lambda nbytes: self._evict(nbytes, None))

    # ------------------------------------------------------------------ puts
    def put_values(self, block_id: BlockId, values: list, size: Optional[int] = None) -> bool:
        """Cache a list of records; False if it does not fit even after eviction."""
        if size is None:
            size = estimate_size(values)
        return self._put(block_id, MemoryEntry(values, int(size), True))

    def put_bytes(self, block_id: BlockId, data: bytes) -> bool:
        """Cache block bytes; False if they do not fit even after eviction."""
        return self._put(block_id, MemoryEntry(bytes(data), len(data), False))

    def _put(self, block_id: BlockId, entry: MemoryEntry) -> bool:
        with self._lock:
            if block_id in self._entries:
                return True  # blocks are immutable: the existing copy is as good
            exclude = block_id.rdd_id if isinstance(block_id, RDDBlockId) else None
            ok = self.memory_manager.acquire_storage(
                block_id, entry.size, lambda nbytes: self._evict(nbytes, exclude)
            )
            if not ok:
                return False
            self._entries[block_id] = entry
            self._used += entry.size
            return True

    # ----------------------------------------------------------------- reads
    def get_entry(self, block_id: BlockId) -> Optional[MemoryEntry]:
        """The stored entry (marks it most recently used), or None."""
        with self._lock:
            entry = self._entries.get(block_id)
            if entry is not None:
                self._entries.move_to_end(block_id)
            return entry

    def peek_entry(self, block_id: BlockId) -> Optional[MemoryEntry]:
        """The stored entry without changing LRU order, or None."""
        with self._lock:
            return self._entries.get(block_id)

    def get_values(self, block_id: BlockId) -> Optional[list]:
        entry = self.get_entry(block_id)
        return None if entry is None else entry.values()

    def get_bytes(self, block_id: BlockId) -> Optional[bytes]:
        entry = self.get_entry(block_id)
        return None if entry is None else entry.to_bytes()

    def contains(self, block_id: BlockId) -> bool:
        with self._lock:
            return block_id in self._entries

    def size_of(self, block_id: BlockId) -> int:
        with self._lock:
            entry = self._entries.get(block_id)
            return 0 if entry is None else entry.size

    def block_ids(self) -> list[BlockId]:
        """Block ids from least to most recently used."""
        with self._lock:
            return list(self._entries)

    @property
    def memory_used(self) -> int:
        return self._used

    # -------------------------------------------------------------- removal
    def remove(self, block_id: BlockId) -> bool:
        with self._lock:
            entry = self._entries.pop(block_id, None)
            if entry is None:
                return False
            self._used -= entry.size
            self.memory_manager.release_storage(entry.size)
            return True

    def clear(self) -> None:
        with self._lock:
            self.memory_manager.release_storage(self._used)
            self._entries.clear()
            self._used = 0

    def evict_blocks_to_free_space(
        self, bytes_needed: int, exclude_rdd_id: Optional[int] = None
    ) -> list[tuple[BlockId, MemoryEntry]]:
        """Remove least recently used blocks until *bytes_needed* are freed.

        Blocks of ``exclude_rdd_id`` are skipped.  If not enough can be freed,
        nothing is removed.  The freed memory is released to the manager;
        the caller decides what to do with the returned entries.
        """
        with self._lock:
            chosen: list[BlockId] = []
            freed = 0
            for bid, entry in self._entries.items():
                if freed >= bytes_needed:
                    break
                if exclude_rdd_id is not None and isinstance(bid, RDDBlockId) and bid.rdd_id == exclude_rdd_id:
                    continue
                chosen.append(bid)
                freed += entry.size
            if freed < bytes_needed or not chosen:
                return []
            evicted = [(bid, self._entries.pop(bid)) for bid in chosen]
            self._used -= freed
            self.memory_manager.release_storage(freed)
            return evicted

    def _evict(self, bytes_needed: int, exclude_rdd_id: Optional[int]) -> int:
        """Eviction callback for the memory manager: evict, hand off, report bytes."""
        evicted = self.evict_blocks_to_free_space(bytes_needed, exclude_rdd_id)
        if evicted and self.on_evict is not None:
            self.on_evict(evicted)
        return sum(e.size for _, e in evicted)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"MemoryStore(blocks={len(self._entries)}, used={self._used})"
