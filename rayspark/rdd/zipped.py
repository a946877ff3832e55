"""ZippedRDD: ``zip`` of two RDDs with the same partitioning, element by element."""
from __future__ import annotations

from .dependency import OneToOneDependency
from .partition import Partition
from .rdd import RDD


class ZippedRDD(RDD):
    kind_name = "ZippedPartitionsRDD2"

    def __init__(self, rdd1: RDD, rdd2: RDD):
        if rdd1.getNumPartitions() != rdd2.getNumPartitions():
            raise ValueError("Can only zip with RDD which has the same number of partitions")
        super().__init__(rdd1.ctx, [OneToOneDependency(rdd1), OneToOneDependency(rdd2)])
        self.rdd1 = rdd1
        self.rdd2 = rdd2

    def get_partitions(self):
        return [Partition(i) for i in range(self.rdd1.getNumPartitions())]

    def compute(self, split, context):
        it1 = self.rdd1.iterator(self.rdd1.partitions[split.index], context)
        it2 = self.rdd2.iterator(self.rdd2.partitions[split.index], context)
        sentinel = object()
        it2 = iter(it2)
        for a in it1:
            b = next(it2, sentinel)
            if b is sentinel:
                raise ValueError("Can only zip RDDs with same number of elements in each "
                                 f"partition (partition {split.index} of the second RDD is shorter)")
            yield (a, b)
        if next(it2, sentinel) is not sentinel:
            raise ValueError("Can only zip RDDs with same number of elements in each "
                             f"partition (partition {split.index} of the first RDD is shorter)")


class ZippedPartitionsRDD(RDD):
    """``f(iter1, iter2)`` over partition i of two RDDs with the same number of partitions
    (Spark's ``zipPartitions``; the SQL layer joins co-partitioned shuffle outputs with it)."""
    kind_name = "ZippedPartitionsRDD2"

    def __init__(self, rdd1: RDD, rdd2: RDD, f):
        from .closure import user_function
        if rdd1.getNumPartitions() != rdd2.getNumPartitions():
            raise ValueError("Can't zip RDDs with unequal numbers of partitions: "
                             f"{rdd1.getNumPartitions()} and {rdd2.getNumPartitions()}")
        super().__init__(rdd1.ctx, [OneToOneDependency(rdd1), OneToOneDependency(rdd2)])
        self.rdd1 = rdd1
        self.rdd2 = rdd2
        self.func = user_function(f)

    def get_partitions(self):
        return [Partition(i) for i in range(self.rdd1.getNumPartitions())]

    def compute(self, split, context):
        it1 = self.rdd1.iterator(self.rdd1.partitions[split.index], context)
        it2 = self.rdd2.iterator(self.rdd2.partitions[split.index], context)
        return self.func(it1, it2)
