"""UnionRDD: partitions of several RDDs side by side (RangeDependency per parent)."""
from __future__ import annotations

from typing import List

from .dependency import OneToOneDependency, RangeDependency
from .partition import Partition
from .rdd import RDD


class UnionPartition(Partition):
    __slots__ = ("parent_index", "parent_split")

    def __init__(self, index: int, parent_index: int, parent_split):
        super().__init__(index)
        self.parent_index = parent_index
        self.parent_split = parent_split


class UnionRDD(RDD):
    kind_name = "UnionRDD"

    def __init__(self, ctx, rdds: List[RDD]):
        deps = []
        pos = 0
        for r in rdds:
            n = r.getNumPartitions()
            deps.append(RangeDependency(r, 0, pos, n))
            pos += n
        super().__init__(ctx, deps)
        self.rdds = rdds

    def get_partitions(self):
        parts = []
        for ri, r in enumerate(self.rdds):
            for sp in r.partitions:
                parts.append(UnionPartition(len(parts), ri, sp))
        return parts

    def compute(self, split, context):
        return self.rdds[split.parent_index].iterator(split.parent_split, context)


class PartitionerAwareUnionRDD(RDD):
    """Union of RDDs with the same partitioner: partition i reads partition i of every parent."""
    kind_name = "PartitionerAwareUnionRDD"

    def __init__(self, ctx, rdds: List[RDD]):
        super().__init__(ctx, [OneToOneDependency(r) for r in rdds])
        self.rdds = rdds
        self.partitioner = rdds[0].partitioner

    def get_partitions(self):
        return [Partition(i) for i in range(self.rdds[0].getNumPartitions())]

    def compute(self, split, context):
        import itertools
        return itertools.chain.from_iterable(
            r.iterator(r.partitions[split.index], context) for r in self.rdds)
