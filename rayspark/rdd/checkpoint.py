"""Checkpoint RDDs: what an RDD becomes once its lineage is truncated.

``ReliableCheckpointRDD`` reads the files a checkpoint job wrote into the checkpoint directory.
``LocalCheckpointRDD`` stands for blocks kept only in executor storage (``localCheckpoint``): if
such a block is lost it cannot be recomputed, and the error says so.
"""
from __future__ import annotations

import gzip
import os

from ..serializers import read_framed
from .partition import Partition
from .rdd import RDD


class ReliableCheckpointRDD(RDD):
    kind_name = "ReliableCheckpointRDD"
    is_local = False

    def __init__(self, ctx, path: str, num_partitions: int, partitioner=None):
        super().__init__(ctx, [])
        self.path = path
        self.num_partitions = num_partitions
        self.partitioner = partitioner

    def get_partitions(self):
        return [Partition(i) for i in range(self.num_partitions)]

    def compute(self, split, context):
        p = os.path.join(self.path, f"part-{split.index:05d}")
        if not os.path.exists(p) and os.path.exists(p + ".gz"):   # spark.checkpoint.compress
            opener, p = gzip.open, p + ".gz"
        else:
            opener = open
        with opener(p, "rb") as f:
            yield from read_framed(f)


class LocalCheckpointRDD(RDD):
    kind_name = "LocalCheckpointRDD"
    is_local = True

    def __init__(self, ctx, rdd_id: int, num_partitions: int, partitioner=None):
        super().__init__(ctx, [])
        self.orig_rdd_id = rdd_id
        self.num_partitions = num_partitions
        self.partitioner = partitioner

    def get_partitions(self):
        return [Partition(i) for i in range(self.num_partitions)]

    def compute(self, split, context):
        raise RuntimeError(
            f"Checkpoint block rdd_{self.orig_rdd_id}_{split.index} not found! Either the executor "
            "that originally checkpointed this partition is no longer alive, or the original RDD "
            "is unpersisted. If this problem persists, you may consider using `rdd.checkpoint()` "
            "instead, which is slower than local checkpointing but more fault-tolerant.")


class EmptyRDD(RDD):
    kind_name = "EmptyRDD"
    op_name = "emptyRDD"

    def __init__(self, ctx):
        super().__init__(ctx, [])

    def get_partitions(self):
        return []

    def compute(self, split, context):
        return iter(())
