"""One executor's memory budget, split between execution and storage.

Owns: the byte accounting of a single executor process (one per executor
actor).  It never touches data; callers report what they are about to hold.

Model (Spark's unified memory manager)::

    usable        = (executor_memory - reserved) * memory_fraction
    storage region = usable * storage_fraction      # soft boundary

* Execution memory (shuffle/sort/aggregation buffers, per task attempt) may
  borrow any free storage memory, and may take back storage memory above the
  storage region by evicting cached blocks.
* Storage memory (cached blocks) may borrow free execution memory, but never
  forces execution to give memory back.
* A task is granted at most ``1/N`` of the execution pool while N tasks hold
  execution memory.  Requests are never blocked: the caller gets what is
  available now and spills if that is not enough.

Who calls it: the memory store (storage), shuffle/sort code through
``TaskMemoryConsumer`` (execution), the executor at task end
(``release_all_execution``).  Any thread may call; all state is guarded by
``self.lock``, a re-entrant lock that the memory store and block manager of the
same executor share, so that eviction callbacks (which run while the manager
is deciding) may re-enter without lock-ordering deadlocks.

Eviction protocol: an ``evict(bytes_needed)`` callable frees cached blocks,
returns the bytes it freed, and must give those bytes back through
``release_storage`` itself (the memory store does both).
"""

from __future__ import annotations

import threading
from typing import Callable, Hashable, Optional

__all__ = ["UnifiedMemoryManager", "TaskMemoryConsumer", "DEFAULT_RESERVED_BYTES"]

DEFAULT_RESERVED_BYTES = 300 * 1024 * 1024

Evictor = Callable[[int], int]


class UnifiedMemoryManager:
    def __init__(
        self,
        executor_memory_bytes: int,
        memory_fraction: float = 0.6,
        storage_fraction: float = 0.5,
        reserved_bytes: Optional[int] = None,
    ) -> None:
        if executor_memory_bytes <= 0:
            raise ValueError("executor_memory_bytes must be positive")
        if not 0 < memory_fraction <= 1 or not 0 <= storage_fraction <= 1:
            raise ValueError("memory_fraction must be in (0, 1], storage_fraction in [0, 1]")
        if reserved_bytes is None:
            reserved_bytes = DEFAULT_RESERVED_BYTES
        self.reserved_bytes = min(int(reserved_bytes), executor_memory_bytes // 2)
        self._max_memory = int((executor_memory_bytes - self.reserved_bytes) * memory_fraction)
        self.storage_region_size = int(self._max_memory * storage_fraction)

        self.lock = threading.RLock()
        # Pool sizes always add up to max_memory; the boundary moves as the
        # two sides borrow from each other.
        self._storage_pool = self.storage_region_size
        self._execution_pool = self._max_memory - self.storage_region_size
        self._storage_used = 0
        self._execution_by_task: dict[Hashable, int] = {}
        self._execution_used = 0
        self._storage_evictor: Optional[Evictor] = None

    # ------------------------------------------------------------------ state
    @property
    def max_memory(self) -> int:
        return self._max_memory

    @property
    def storage_used(self) -> int:
        return self._storage_used

    @property
    def execution_used(self) -> int:
        return self._execution_used

    @property
    def max_storage(self) -> int:
        """Most storage could hold right now (everything execution is not using)."""
        with self.lock:
            return self._max_memory - self._execution_used

    @property
    def storage_free(self) -> int:
        """Bytes storage could acquire without evicting anything."""
        with self.lock:
            return self._max_memory - self._execution_used - self._storage_used

    @property
    def execution_free(self) -> int:
        with self.lock:
            return self._execution_pool - self._execution_used

    def execution_used_by(self, task_attempt_id: Hashable) -> int:
        with self.lock:
            return self._execution_by_task.get(task_attempt_id, 0)

    def set_storage_evictor(self, evictor: Optional[Evictor]) -> None:
        """Register how execution may evict cached blocks (the memory store does this)."""
        with self.lock:
            self._storage_evictor = evictor

    # -------------------------------------------------------------- execution
    def acquire_execution(self, task_attempt_id: Hashable, nbytes: int) -> int:
        """Grant up to *nbytes* of execution memory to the task; returns bytes granted."""
        if nbytes <= 0:
            return 0
        with self.lock:
            current = self._execution_by_task.get(task_attempt_id, 0)
            self._execution_by_task.setdefault(task_attempt_id, 0)
            extra_needed = nbytes - (self._execution_pool - self._execution_used)
            if extra_needed > 0:
                self._grow_execution_pool(extra_needed)
            active_tasks = len(self._execution_by_task)
            max_per_task = self._execution_pool // active_tasks
            free = self._execution_pool - self._execution_used
            granted = max(0, min(nbytes, free, max_per_task - current))
            if granted:
                self._execution_by_task[task_attempt_id] = current + granted
                self._execution_used += granted
            elif current == 0:
                del self._execution_by_task[task_attempt_id]
            return granted

    def _grow_execution_pool(self, extra_needed: int) -> None:
        # Storage gives back its free memory, plus whatever it holds beyond
        # its region (by evicting blocks); memory inside the region that is
        # occupied by blocks stays with storage.
        storage_free = self._storage_pool - self._storage_used
        reclaimable = max(storage_free, self._storage_pool - self.storage_region_size)
        if reclaimable <= 0:
            return
        to_reclaim = min(extra_needed, reclaimable)
        from_free = min(storage_free, to_reclaim)
        remaining = to_reclaim - from_free
        if remaining > 0 and self._storage_evictor is not None:
            self._storage_evictor(remaining)  # releases through release_storage
        # Shrink by whatever is now free, up to what we wanted.
        shrink = min(to_reclaim, self._storage_pool - self._storage_used)
        if shrink > 0:
            self._storage_pool -= shrink
            self._execution_pool += shrink

    def release_execution(self, task_attempt_id: Hashable, nbytes: int) -> None:
        with self.lock:
            current = self._execution_by_task.get(task_attempt_id, 0)
            freed = min(max(nbytes, 0), current)
            self._execution_used -= freed
            if current - freed > 0:
                self._execution_by_task[task_attempt_id] = current - freed
            else:
                self._execution_by_task.pop(task_attempt_id, None)

    def release_all_execution(self, task_attempt_id: Hashable) -> int:
        """Free everything the task holds (call at task end); returns bytes freed."""
        with self.lock:
            freed = self._execution_by_task.pop(task_attempt_id, 0)
            self._execution_used -= freed
            return freed

    # ---------------------------------------------------------------- storage
    def acquire_storage(self, block_id: object, nbytes: int, evict: Optional[Evictor] = None) -> bool:
        """Reserve *nbytes* for caching *block_id*, evicting via *evict* if needed.

        Returns False (and reserves nothing) when the block cannot fit.
        """
        if nbytes < 0:
            raise ValueError("nbytes must be >= 0")
        with self.lock:
            if nbytes > self._max_memory - self._execution_used:
                return False  # would not fit even with every cached block evicted
            storage_free = self._storage_pool - self._storage_used
            if nbytes > storage_free:
                borrow = min(self._execution_pool - self._execution_used, nbytes - storage_free)
                if borrow > 0:
                    self._execution_pool -= borrow
                    self._storage_pool += borrow
            shortfall = nbytes - (self._storage_pool - self._storage_used)
            if shortfall > 0 and evict is not None:
                evict(shortfall)
            if nbytes > self._storage_pool - self._storage_used:
                return False
            self._storage_used += nbytes
            return True

    def release_storage(self, nbytes: int) -> None:
        with self.lock:
            self._storage_used -= min(max(nbytes, 0), self._storage_used)

    def __repr__(self) -> str:
        return (
            f"UnifiedMemoryManager(max={self._max_memory}, storage_used={self._storage_used}, "
            f"execution_used={self._execution_used}, storage_pool={self._storage_pool}, "
            f"execution_pool={self._execution_pool})"
        )


class TaskMemoryConsumer:
    """Execution memory held by one buffer (sorter, aggregation map) of one task.

    ``try_acquire`` is all-or-nothing: when it returns False the caller should
    spill its buffer and ``release`` what it held.  Several consumers of the
    same task share the task's fair share of the execution pool.
    """

    def __init__(self, manager: UnifiedMemoryManager, task_attempt_id: Hashable) -> None:
        self.manager = manager
        self.task_attempt_id = task_attempt_id
        self._used = 0

    @property
    def used(self) -> int:
        return self._used

    def try_acquire(self, nbytes: int) -> bool:
        if nbytes <= 0:
            return True
        granted = self.manager.acquire_execution(self.task_attempt_id, nbytes)
        if granted < nbytes:
            if granted:
                self.manager.release_execution(self.task_attempt_id, granted)
            return False
        self._used += granted
        return True

    def release(self, nbytes: int) -> None:
        nbytes = min(max(nbytes, 0), self._used)
        if nbytes:
            self.manager.release_execution(self.task_attempt_id, nbytes)
            self._used -= nbytes

    def release_all(self) -> None:
        self.release(self._used)
