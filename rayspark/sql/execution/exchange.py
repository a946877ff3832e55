"""Exchanges: redistributing batches between stages through the core's shuffle.

The map side evaluates the partitioning keys for each batch, splits it by target partition
and emits ``(partition_id, batch)`` records; ``partitionBy`` with the identity function moves
them (the core pickles record batches, which Arrow serialises as IPC buffers) and the reduce
side sees only batches. Range partitioning samples the keys first (one small job), like
Spark's RangePartitioner."""
from __future__ import annotations

from typing import List, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions.base import materialize
from .arrow_util import partition_ids, split_by_partition
from .base import SparkPlan, bind_all
from .sort import sort_indices_for

__all__ = ["ShuffleExchangeExec", "HashPartitioning", "RoundRobinPartitioning",
           "SinglePartition", "RangePartitioning", "identity_partition"]


def identity_partition(pid):
    return pid


class HashPartitioning:
    def __init__(self, exprs, n):
        self.exprs = list(exprs)
        self.n = n

    def __str__(self):
        return f"hashpartitioning({', '.join(e.tree_string() for e in self.exprs)}, {self.n})"


class RoundRobinPartitioning:
    def __init__(self, n):
        self.n = n

    def __str__(self):
        return f"RoundRobinPartitioning({self.n})"


class SinglePartition:
    n = 1

    def __str__(self):
        return "SinglePartition"


class RangePartitioning:
    def __init__(self, orders, n):
        self.orders = list(orders)
        self.n = n

    def __str__(self):
        return f"rangepartitioning({', '.join(o.tree_string() for o in self.orders)}, {self.n})"


def _merge_small(parts, n):
    """Concatenate each partition's pieces into one batch (fewer, larger shuffle records)."""
    for pid in range(n):
        pieces = parts[pid]
        if not pieces:
            continue
        if len(pieces) == 1:
            yield pid, pieces[0]
        else:
            t = pa.Table.from_batches(pieces)
            yield pid, t.combine_chunks().to_batches()[0]


class ShuffleExchangeExec(SparkPlan):
    def __init__(self, sc, partitioning, child):
        super().__init__(sc, child.output, [child])
        self.partitioning = partitioning

    def execute(self):
        child_rdd = self.children[0].execute()
        p = self.partitioning
        n = p.n
        attrs = self.children[0].output
        if isinstance(p, HashPartitioning):
            keys = bind_all(p.exprs, attrs)

            def route(it):
                parts = [[] for _ in range(n)]
                for b in it:
                    arrays = [materialize(k.eval(b), b.num_rows) for k in keys]
                    for pid, sub in split_by_partition(b, partition_ids(arrays, b.num_rows, n), n):
                        parts[pid].append(sub)
                return _merge_small(parts, n)
            mapper = route
        elif isinstance(p, SinglePartition):
            def mapper(it):
                bs = [b for b in it if b.num_rows]
                if bs:
                    yield 0, pa.Table.from_batches(bs).combine_chunks().to_batches()[0]
        elif isinstance(p, RoundRobinPartitioning):
            def mapper_idx(idx, it):
                parts = [[] for _ in range(n)]
                pos = idx
                for b in it:
                    pids = (np.arange(b.num_rows) + pos) % n
                    pos += b.num_rows
                    for pid, sub in split_by_partition(b, pids, n):
                        parts[pid].append(sub)
                return _merge_small(parts, n)
            shuffled = child_rdd.mapPartitionsWithIndex(mapper_idx).partitionBy(
                n, identity_partition)
            return shuffled.values()
        elif isinstance(p, RangePartitioning):
            mapper = self._range_mapper(child_rdd, attrs, p)
        else:  # pragma: no cover
            raise TypeError(p)
        shuffled = child_rdd.mapPartitions(mapper).partitionBy(n, identity_partition)
        return shuffled.values()

    def _range_mapper(self, child_rdd, attrs, p):
        orders = bind_all(p.orders, attrs)
        n = p.n
        key_exprs = [o.child for o in orders]
        per_partition = max(20, int(20 * n / max(1, child_rdd.getNumPartitions())) + 1)

        def sample(idx, it):
            rng = np.random.default_rng(idx)
            rows = []
            for b in it:
                cols = [materialize(k.eval(b), b.num_rows) for k in key_exprs]
                t = pa.table(cols, names=[f"k{i}" for i in range(len(cols))])
                if t.num_rows > per_partition:
                    take = np.sort(rng.choice(t.num_rows, per_partition, replace=False))
                    t = t.take(pa.array(take))
                rows.append(t)
            if rows:
                yield pa.concat_tables(rows)
        samples = [t for t in child_rdd.mapPartitionsWithIndex(sample).collect() if t.num_rows]
        if not samples or n == 1:
            bounds = None
        else:
            s = pa.concat_tables(samples)
            idx = sort_indices_for([s.column(i) for i in range(s.num_columns)], orders)
            s = s.take(idx)
            m = s.num_rows
            picks = sorted({min(m - 1, (i * m) // n) for i in range(1, n)})
            bounds = s.take(pa.array(picks, type=pa.int64()))

        def route(it):
            parts = [[] for _ in range(n)]
            for b in it:
                if bounds is None or bounds.num_rows == 0:
                    pids = np.zeros(b.num_rows, dtype=np.int64)
                else:
                    cols = [materialize(k.eval(b), b.num_rows) for k in key_exprs]
                    pids = _range_partition_ids(cols, bounds, orders)
                for pid, sub in split_by_partition(b, pids, n):
                    parts[pid].append(sub)
            return _merge_small(parts, n)
        return route

    def node_string(self):
        return f"Exchange {self.partitioning}"


def _range_partition_ids(cols, bounds: pa.Table, orders) -> np.ndarray:
    """Partition of each row = number of bounds strictly less than the row's key (in the sort
    order), found by sorting rows and bounds together."""
    nrows = len(cols[0])
    nb = bounds.num_rows
    merged = []
    for i, c in enumerate(cols):
        bc = bounds.column(i)
        bc = bc.cast(c.type) if bc.type != c.type else bc
        merged.append(pa.concat_arrays([c, bc.combine_chunks()]))
    # bounds sort after rows with equal keys: tie-breaker column
    tie = pa.array(np.concatenate([np.zeros(nrows, dtype=np.int8), np.ones(nb, dtype=np.int8)]))
    idx = sort_indices_for(merged, orders, tie_breaker=tie).to_numpy()
    is_bound = idx >= nrows
    bounds_before = np.cumsum(is_bound) - is_bound
    pids = np.empty(nrows, dtype=np.int64)
    row_pos = ~is_bound
    pids[idx[row_pos]] = bounds_before[row_pos]
    return pids
