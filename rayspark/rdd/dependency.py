"""Dependencies between RDDs: narrow ones are pipelined inside a task, shuffle ones cut stages.

A ``NarrowDependency`` says which parent partitions one child partition reads
(``get_parents``); the DAG scheduler walks these to find a task's cached blocks, shuffle inputs
and preferred locations. A ``ShuffleDependency`` is the only thing that cuts a stage: its map
side is a ShuffleMapStage, and its ``shuffle_id`` keys the map-output tracker.
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Callable, List, Optional

from ..shuffle.aggregator import Aggregator

if TYPE_CHECKING:  # pragma: no cover
    from .rdd import RDD
    from .partitioner import Partitioner

__all__ = ["Dependency", "NarrowDependency", "OneToOneDependency", "RangeDependency",
           "ShuffleDependency", "Aggregator"]


class Dependency:
    def __init__(self, rdd: "RDD"):
        self.rdd = rdd


class NarrowDependency(Dependency):
    def get_parents(self, partition_id: int) -> List[int]:
        raise NotImplementedError


class OneToOneDependency(NarrowDependency):
    def get_parents(self, partition_id: int) -> List[int]:
        return [partition_id]


class RangeDependency(NarrowDependency):
    """Child partitions [out_start, out_start+length) map to parent [in_start, ...)."""

    def __init__(self, rdd: "RDD", in_start: int, out_start: int, length: int):
        super().__init__(rdd)
        self.in_start = in_start
        self.out_start = out_start
        self.length = length

    def get_parents(self, partition_id: int) -> List[int]:
        if self.out_start <= partition_id < self.out_start + self.length:
            return [partition_id - self.out_start + self.in_start]
        return []


class ParentsListDependency(NarrowDependency):
    """Each child partition reads an explicit list of parent partitions (coalesce, cartesian)."""

    def __init__(self, rdd: "RDD", parents_of: Callable[[int], List[int]]):
        super().__init__(rdd)
        self._parents_of = parents_of

    def get_parents(self, partition_id: int) -> List[int]:
        return list(self._parents_of(partition_id))


class ShuffleDependency(Dependency):
    """The map side of a shuffle: records of ``rdd`` are (key, value) pairs routed by
    ``partitioner``; with ``map_side_combine`` values are pre-aggregated per map task.

    ``shuffle_id`` is assigned by the context. When this object is garbage-collected on the
    driver the context forgets the shuffle's map outputs, which frees their objects in Ray.
    """

    def __init__(self, rdd: "RDD", partitioner: "Partitioner",
                 aggregator: Optional[Aggregator] = None, map_side_combine: bool = False,
                 writer: Any = None):
        super().__init__(rdd)
        self.partitioner = partitioner
        self.aggregator = aggregator
        self.map_side_combine = map_side_combine and aggregator is not None
        self.writer = writer            # optional custom map-side writer (SQL uses Arrow)
        self.shuffle_id = rdd.ctx._new_shuffle_id()
        ctx = rdd.ctx
        weakref.finalize(self, ctx._cleanup_shuffle, self.shuffle_id)

    @property
    def num_partitions(self) -> int:
        return self.partitioner.numPartitions

    def __getstate__(self):
        # Executors need the routing and combining logic, never the upstream lineage.
        return {"partitioner": self.partitioner, "aggregator": self.aggregator,
                "map_side_combine": self.map_side_combine, "writer": self.writer,
                "shuffle_id": self.shuffle_id, "rdd": None}

    def __setstate__(self, state):
        self.__dict__.update(state)
