"""CoGroupedRDD: for each key, the values of each parent RDD (the core of cogroup and joins).

Each parent is shuffled by the common partitioner (or read narrowly when it is already
partitioned that way), and the reduce side groups values into one list per parent with plain
dict operations - no per-record function calls - while they fit the task's execution memory.
If memory is refused, the groups built so far move into a spillable aggregator and the rest of
the input streams through it, so a cogroup larger than memory still completes.
"""
from __future__ import annotations

from itertools import islice
from typing import Any, Iterable, Iterator, List, Tuple

from ..shuffle.aggregator import Aggregator
from .dependency import OneToOneDependency, ShuffleDependency
from .partition import Partition
from .rdd import RDD

CHUNK = 16384


class _TaggedAggregator:
    """create/merge functions for (slot, value) tagged records (picklable)."""

    def __init__(self, n: int):
        self.n = n

    def create(self, tv):
        lists = tuple([] for _ in range(self.n))
        lists[tv[0]].append(tv[1])
        return lists

    @staticmethod
    def merge_value(lists, tv):
        lists[tv[0]].append(tv[1])
        return lists

    @staticmethod
    def merge_combiners(a, b):
        for x, y in zip(a, b):
            x.extend(y)
        return a


def _estimate_record(sample: List[Tuple[Any, Any]]) -> int:
    from ..storage.size_estimator import estimate_size
    if not sample:
        return 64
    return max(32, estimate_size(sample) // len(sample)) + 16


class CoGroupedRDD(RDD):
    kind_name = "CoGroupedRDD"

    def __init__(self, rdds: List[RDD], partitioner):
        deps = []
        for r in rdds:
            if r.partitioner is not None and r.partitioner == partitioner:
                deps.append(OneToOneDependency(r))
            else:
                deps.append(ShuffleDependency(r, partitioner))
        super().__init__(rdds[0].ctx, deps)
        self.rdds = rdds
        self.partitioner = partitioner

    def get_partitions(self):
        return [Partition(i) for i in range(self.partitioner.numPartitions)]

    def _source(self, i: int, split, context) -> Iterable[Tuple[Any, Any]]:
        dep = self._deps[i]
        if isinstance(dep, ShuffleDependency):
            return context.services.read_shuffle(dep.shuffle_id, split.index)
        parent = dep.rdd
        return parent.iterator(parent.partitions[split.index], context)

    def compute(self, split, context) -> Iterator[Tuple[Any, tuple]]:
        n = len(self._deps)
        svc = context.services
        memory = svc.memory_consumer()
        groups: dict = {}
        external = None
        per_record = None
        for i in range(n):
            it = iter(self._source(i, split, context))
            while external is None:
                chunk = list(islice(it, CHUNK))
                if not chunk:
                    break
                if per_record is None:
                    per_record = _estimate_record(chunk[:: max(1, len(chunk) // 50)])
                for k, v in chunk:
                    lists = groups.get(k)
                    if lists is None:
                        lists = groups[k] = tuple([] for _ in range(n))
                    lists[i].append(v)
                if not memory.try_acquire(len(chunk) * per_record):
                    external = self._spill(groups, n, memory, svc.spill_dir)
                    groups = {}
            if external is not None:
                external.insert_all((k, (i, v)) for k, v in it)
        if external is None:
            return iter(groups.items())
        return self._drain(external)

    @staticmethod
    def _spill(groups: dict, n: int, memory, spill_dir):
        from ..shuffle.external_aggregator import ExternalAggregator
        tagged = _TaggedAggregator(n)
        ext = ExternalAggregator(Aggregator(tagged.create, tagged.merge_value,
                                            tagged.merge_combiners), memory, spill_dir)
        memory.release_all()
        ext.merge_all_combiners(groups.items())
        return ext

    @staticmethod
    def _drain(external) -> Iterator[Tuple[Any, tuple]]:
        try:
            yield from external.items()
        finally:
            external.cleanup()
