"""``StorageLevel``: how a persisted RDD's blocks are kept.

Same constructor, attribute names, constants, ``repr`` and ``str`` as
PySpark's class, so user code such as ``rdd.persist(StorageLevel.DISK_ONLY)``
and anything printing a level behaves identically.  Unlike PySpark's class it
is a frozen (immutable, hashable) value object, so levels can be dict keys and
be shared across threads.

How rayspark interprets the flags (see ``block_manager``): ``useMemory`` keeps
blocks in the executor's memory store, ``useDisk`` writes them (or memory
blocks evicted later) to the executor's local dir, ``useOffHeap`` is treated
as memory (there is no separate off-heap pool in Python), ``replication`` > 1
asks the executor to push copies to peers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

__all__ = ["StorageLevel"]


@dataclass(frozen=True, repr=False)
class StorageLevel:
    useDisk: bool
    useMemory: bool
    useOffHeap: bool
    deserialized: bool
    replication: int = 1

    NONE: ClassVar["StorageLevel"]
    DISK_ONLY: ClassVar["StorageLevel"]
    DISK_ONLY_2: ClassVar["StorageLevel"]
    DISK_ONLY_3: ClassVar["StorageLevel"]
    MEMORY_ONLY: ClassVar["StorageLevel"]
    MEMORY_ONLY_2: ClassVar["StorageLevel"]
    MEMORY_AND_DISK: ClassVar["StorageLevel"]
    MEMORY_AND_DISK_2: ClassVar["StorageLevel"]
    MEMORY_AND_DISK_DESER: ClassVar["StorageLevel"]
    OFF_HEAP: ClassVar["StorageLevel"]

    def __repr__(self) -> str:
        return (
            f"StorageLevel({self.useDisk}, {self.useMemory}, {self.useOffHeap}, "
            f"{self.deserialized}, {self.replication})"
        )

    def __str__(self) -> str:
        parts = []
        if self.useDisk:
            parts.append("Disk")
        if self.useMemory:
            parts.append("Memory")
        if self.useOffHeap:
            parts.append("OffHeap")
        parts.append("Deserialized" if self.deserialized else "Serialized")
        parts.append(f"{self.replication}x Replicated")
        return " ".join(parts)

    @property
    def is_valid(self) -> bool:
        """True when the level keeps the block somewhere (Spark's ``isValid``)."""
        return bool(self.useMemory or self.useDisk or self.useOffHeap) and self.replication > 0


StorageLevel.NONE = StorageLevel(False, False, False, False)
StorageLevel.DISK_ONLY = StorageLevel(True, False, False, False)
StorageLevel.DISK_ONLY_2 = StorageLevel(True, False, False, False, 2)
StorageLevel.DISK_ONLY_3 = StorageLevel(True, False, False, False, 3)
StorageLevel.MEMORY_ONLY = StorageLevel(False, True, False, False)
StorageLevel.MEMORY_ONLY_2 = StorageLevel(False, True, False, False, 2)
StorageLevel.MEMORY_AND_DISK = StorageLevel(True, True, False, False)
StorageLevel.MEMORY_AND_DISK_2 = StorageLevel(True, True, False, False, 2)
StorageLevel.MEMORY_AND_DISK_DESER = StorageLevel(True, True, False, True)
StorageLevel.OFF_HEAP = StorageLevel(True, True, True, False, 1)
