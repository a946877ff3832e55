"""ShuffledRDD: the reduce side of a shuffle. Its only dependency is a ShuffleDependency.

``compute`` reads this partition's blocks from every map output (through the executor's shuffle
reader) and, when the shuffle has an aggregator, merges values or map-side combiners by key with a
spillable aggregator.
"""
from __future__ import annotations

from .dependency import ShuffleDependency
from .partition import Partition
from .rdd import RDD


class ShuffledRDD(RDD):
    kind_name = "ShuffledRDD"

    def __init__(self, prev: RDD, partitioner, aggregator=None, map_side_combine: bool = False):
        dep = ShuffleDependency(prev, partitioner, aggregator, map_side_combine)
        super().__init__(prev.ctx, [dep])
        self.dep = dep
        self.partitioner = partitioner

    def get_partitions(self):
        return [Partition(i) for i in range(self.dep.num_partitions)]

    def compute(self, split, context):
        svc = context.services
        records = svc.read_shuffle(self.dep.shuffle_id, split.index)
        agg = self.dep.aggregator
        if agg is None:
            return records
        from ..shuffle.aggregator import combine_combiners_by_key, combine_values_by_key
        if self.dep.map_side_combine:
            return combine_combiners_by_key(agg, records, svc.memory_consumer(), svc.spill_dir)
        return combine_values_by_key(agg, records, svc.memory_consumer(), svc.spill_dir)
