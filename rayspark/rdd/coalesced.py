"""CoalescedRDD: fewer partitions without a shuffle; each reads a contiguous group of parents.

Groups are contiguous ranges of parent partitions (which keeps order, as Spark's coalesce does for
partitions without locality preferences).
"""
from __future__ import annotations

import itertools

from .dependency import ParentsListDependency
from .partition import Partition
from .rdd import RDD


class CoalescedPartition(Partition):
    __slots__ = ("parents",)

    def __init__(self, index: int, parents):
        super().__init__(index)
        self.parents = parents


class CoalescedRDD(RDD):
    kind_name = "CoalescedRDD"

    def __init__(self, prev: RDD, num_partitions: int):
        n = prev.getNumPartitions()
        k = min(num_partitions, n) if n else num_partitions
        groups = [list(range((i * n) // k, ((i + 1) * n) // k)) for i in range(k)] if n else []
        super().__init__(prev.ctx, [ParentsListDependency(prev, lambda i: groups[i])])
        self.prev = prev
        self._groups = groups

    def get_partitions(self):
        parent_parts = self.prev.partitions
        return [CoalescedPartition(i, [parent_parts[j] for j in g]) for i, g in enumerate(self._groups)]

    def compute(self, split, context):
        return itertools.chain.from_iterable(self.prev.iterator(p, context) for p in split.parents)
