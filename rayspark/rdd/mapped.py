"""MapPartitionsRDD: a function over each partition's iterator (map, filter, flatMap, ...).

Consecutive narrow Python functions are composed into one (like PySpark's PipelinedRDD), unless
the parent is persisted or marked for checkpointing, so a chain of maps costs one generator
stack per task and one RDD in the lineage.
"""
from __future__ import annotations

from .dependency import OneToOneDependency
from .closure import user_function
from .rdd import RDD
from ..storage.storage_level import StorageLevel


class MapPartitionsRDD(RDD):
    kind_name = "PythonRDD"

    def __init__(self, prev: RDD, f, preservesPartitioning: bool = False):
        f = user_function(f)        # pickled on its own: an RDD captured by f is an error
        if (isinstance(prev, MapPartitionsRDD) and prev._storage_level == StorageLevel.NONE
                and prev._checkpoint_state is None and prev._checkpoint_rdd is None):
            prev_f, source = prev.func, prev.prev

            def composed(split, it, _f=f, _g=prev_f):
                return _f(split, _g(split, it))
            f = composed
            preserves = prev.preserves_partitioning and preservesPartitioning
            prev = source
        else:
            preserves = preservesPartitioning
        super().__init__(prev.ctx, [OneToOneDependency(prev)])
        self.prev = prev
        self.func = f
        self.preserves_partitioning = preserves
        self.partitioner = prev.partitioner if preserves else None

    def get_partitions(self):
        return self.prev.partitions

    def compute(self, split, context):
        return self.func(split.index, self.prev.iterator(split, context))
