"""CartesianRDD: every pair of elements; partition (i, j) reads partition i and j of the parents."""
from __future__ import annotations

from .dependency import ParentsListDependency
from .partition import Partition
from .rdd import RDD


class CartesianPartition(Partition):
    __slots__ = ("s1", "s2")

    def __init__(self, index: int, s1, s2):
        super().__init__(index)
        self.s1 = s1
        self.s2 = s2


class CartesianRDD(RDD):
    kind_name = "CartesianRDD"

    def __init__(self, rdd1: RDD, rdd2: RDD):
        n2 = rdd2.getNumPartitions()
        super().__init__(rdd1.ctx, [ParentsListDependency(rdd1, lambda i: [i // n2]),
                                    ParentsListDependency(rdd2, lambda i: [i % n2])])
        self.rdd1 = rdd1
        self.rdd2 = rdd2

    def get_partitions(self):
        return [CartesianPartition(i * len(self.rdd2.partitions) + j, s1, s2)
                for i, s1 in enumerate(self.rdd1.partitions)
                for j, s2 in enumerate(self.rdd2.partitions)]

    def compute(self, split, context):
        right = list(self.rdd2.iterator(split.s2, context))
        for x in self.rdd1.iterator(split.s1, context):
            for y in right:
                yield (x, y)
