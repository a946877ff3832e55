"""Partitioners decide which reduce partition a key goes to.

``portable_hash`` must give the same answer in every executor process: executors are started
with PYTHONHASHSEED=0 so ``hash(str)`` agrees across them (the same rule PySpark relies on).
"""
from __future__ import annotations

import bisect
import sys
from typing import Any, Callable, List, Optional

__all__ = ["Partitioner", "HashPartitioner", "RangeRoute", "portable_hash"]


def portable_hash(x: Any) -> int:
    """Hash that is stable across executor processes (for None, tuples and builtins)."""
    if x is None:
        return 0
    if isinstance(x, tuple):
        h = 0x345678
        for i in x:
            h ^= portable_hash(i)
            h *= 1000003
            h &= sys.maxsize          # PySpark masks to 63 bits (not 64)
        h ^= len(x)
        if h == -1:
            h = -2
        return int(h)
    return hash(x)


class Partitioner:
    """Maps a key to a partition index in ``range(numPartitions)``."""

    def __init__(self, numPartitions: int, partitionFunc: Callable[[Any], int] = portable_hash):
        self.numPartitions = numPartitions
        self.partitionFunc = partitionFunc

    def __eq__(self, other: Any) -> bool:
        return (isinstance(other, Partitioner) and type(other) is type(self)
                and other.numPartitions == self.numPartitions
                and other.partitionFunc == self.partitionFunc)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.numPartitions))

    def __call__(self, k: Any) -> int:
        return self.partitionFunc(k) % self.numPartitions

    def getPartition(self, k: Any) -> int:
        return self(k)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.numPartitions})"


class HashPartitioner(Partitioner):
    def __init__(self, numPartitions: int, partitionFunc: Callable[[Any], int] = portable_hash):
        super().__init__(numPartitions, partitionFunc)


class RangeRoute:
    """Partition function of sortByKey: the index of a key's range among sorted ``bounds``
    (reversed for descending order). Picklable; the shuffle writer inlines it when there is no
    key function."""

    def __init__(self, bounds: List[Any], ascending: bool, num_partitions: int,
                 keyfunc: Optional[Callable[[Any], Any]] = None):
        self.bounds = bounds
        self.ascending = ascending
        self.num_partitions = num_partitions
        self.keyfunc = keyfunc

    def __call__(self, k: Any) -> int:
        p = bisect.bisect_left(self.bounds, k if self.keyfunc is None else self.keyfunc(k))
        return p if self.ascending else self.num_partitions - 1 - p

    # No __eq__: like PySpark's range partition function, a route equals only itself, so two
    # RDDs sorted separately are not co-partitioned (a join of them shuffles both, and has as
    # many partitions as the two together), while an RDD joined with itself is.
