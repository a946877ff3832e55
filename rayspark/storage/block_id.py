"""Typed identifiers for every block the storage layer knows about.

A block is one unit of stored data: a cached RDD partition, one map task's
output for one reducer, a broadcast value (or a piece of it), a large task
result, or a temporary spill file.  Each kind has its own frozen dataclass so
code can ask what a block *is* without string parsing, and each has one
canonical ``name`` string.  The name is the only key used outside Python
objects: the memory store's map, spill/disk file names and the driver's
block registry are all keyed by it, and ``BlockId.parse`` turns a name back
into the typed id.

Who uses it: everyone (driver, executors, shuffle code).  Values are
immutable and hashable, so they are safe to share between threads.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Callable, ClassVar

__all__ = [
    "BlockId",
    "RDDBlockId",
    "ShuffleBlockId",
    "ShuffleDataBlockId",
    "ShuffleIndexBlockId",
    "BroadcastBlockId",
    "TaskResultBlockId",
    "TempLocalBlockId",
    "TempShuffleBlockId",
    "UnrecognizedBlockId",
]


@dataclass(frozen=True)
class BlockId:
    """Base class; subclasses define ``name``."""

    # (regex, factory) pairs consulted by ``parse``, filled in below.
    _PARSERS: ClassVar[list[tuple[re.Pattern[str], Callable[..., "BlockId"]]]] = []

    @property
    def name(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def is_rdd(self) -> bool:
        return isinstance(self, RDDBlockId)

    @property
    def is_shuffle(self) -> bool:
        return isinstance(self, (ShuffleBlockId, ShuffleDataBlockId, ShuffleIndexBlockId))

    @property
    def is_broadcast(self) -> bool:
        return isinstance(self, BroadcastBlockId)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def parse(name: str) -> "BlockId":
        """Return the typed id whose ``name`` is *name*.

        Raises ``ValueError`` for names no block kind produces.
        """
        for pattern, factory in BlockId._PARSERS:
            m = pattern.fullmatch(name)
            if m:
                return factory(*m.groups())
        raise ValueError(f"Unrecognized block id name: {name!r}")


@dataclass(frozen=True)
class RDDBlockId(BlockId):
    """A cached partition: ``rdd_<rdd_id>_<split_index>``."""

    rdd_id: int
    split_index: int

    @property
    def name(self) -> str:
        return f"rdd_{self.rdd_id}_{self.split_index}"


@dataclass(frozen=True)
class ShuffleBlockId(BlockId):
    """One map task's output for one reducer: ``shuffle_<s>_<m>_<r>``."""

    shuffle_id: int
    map_id: int
    reduce_id: int

    @property
    def name(self) -> str:
        return f"shuffle_{self.shuffle_id}_{self.map_id}_{self.reduce_id}"


@dataclass(frozen=True)
class ShuffleDataBlockId(BlockId):
    """All reducers' output of one map task in one file: ``shuffle_<s>_<m>_<r>.data``.

    Used by sort-based shuffle writers together with ``ShuffleIndexBlockId``
    (``reduce_id`` is conventionally 0).
    """

    shuffle_id: int
    map_id: int
    reduce_id: int = 0

    @property
    def name(self) -> str:
        return f"shuffle_{self.shuffle_id}_{self.map_id}_{self.reduce_id}.data"


@dataclass(frozen=True)
class ShuffleIndexBlockId(BlockId):
    """Offsets into a ``ShuffleDataBlockId`` file: ``shuffle_<s>_<m>_<r>.index``."""

    shuffle_id: int
    map_id: int
    reduce_id: int = 0

    @property
    def name(self) -> str:
        return f"shuffle_{self.shuffle_id}_{self.map_id}_{self.reduce_id}.index"


@dataclass(frozen=True)
class BroadcastBlockId(BlockId):
    """A broadcast value ``broadcast_<id>`` or one piece ``broadcast_<id>_<field>``."""

    broadcast_id: int
    field: str = ""

    @property
    def name(self) -> str:
        if self.field:
            return f"broadcast_{self.broadcast_id}_{self.field}"
        return f"broadcast_{self.broadcast_id}"


@dataclass(frozen=True)
class TaskResultBlockId(BlockId):
    """A task result too large to send inline: ``taskresult_<task_id>``."""

    task_id: int

    @property
    def name(self) -> str:
        return f"taskresult_{self.task_id}"


@dataclass(frozen=True)
class TempLocalBlockId(BlockId):
    """Scratch data local to one executor: ``temp_local_<uuid>``."""

    uuid_str: str

    @property
    def name(self) -> str:
        return f"temp_local_{self.uuid_str}"

    @classmethod
    def new(cls) -> "TempLocalBlockId":
        return cls(str(uuid.uuid4()))


@dataclass(frozen=True)
class TempShuffleBlockId(BlockId):
    """A sort/aggregation spill file: ``temp_shuffle_<uuid>``."""

    uuid_str: str

    @property
    def name(self) -> str:
        return f"temp_shuffle_{self.uuid_str}"

    @classmethod
    def new(cls) -> "TempShuffleBlockId":
        return cls(str(uuid.uuid4()))


@dataclass(frozen=True)
class UnrecognizedBlockId(BlockId):
    """Not produced by ``parse``; lets tests and tools key arbitrary names."""

    raw_name: str

    @property
    def name(self) -> str:
        return self.raw_name


BlockId._PARSERS.extend(
    [
        (re.compile(r"rdd_(\d+)_(\d+)"), lambda r, s: RDDBlockId(int(r), int(s))),
        (
            re.compile(r"shuffle_(\d+)_(\d+)_(\d+)"),
            lambda s, m, r: ShuffleBlockId(int(s), int(m), int(r)),
        ),
        (
            re.compile(r"shuffle_(\d+)_(\d+)_(\d+)\.data"),
            lambda s, m, r: ShuffleDataBlockId(int(s), int(m), int(r)),
        ),
        (
            re.compile(r"shuffle_(\d+)_(\d+)_(\d+)\.index"),
            lambda s, m, r: ShuffleIndexBlockId(int(s), int(m), int(r)),
        ),
        (
            re.compile(r"broadcast_(\d+)(?:_(.+))?"),
            lambda b, f: BroadcastBlockId(int(b), f or ""),
        ),
        (re.compile(r"taskresult_(\d+)"), lambda t: TaskResultBlockId(int(t))),
        (re.compile(r"temp_local_(.+)"), lambda u: TempLocalBlockId(u)),
        (re.compile(r"temp_shuffle_(.+)"), lambda u: TempShuffleBlockId(u)),
    ]
)
