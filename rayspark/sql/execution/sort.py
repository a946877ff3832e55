"""Sorting batches with Spark's ordering: per key direction and null placement (ASC NULLS
FIRST / DESC NULLS LAST by default), NaN above every other value."""
from __future__ import annotations

from typing import List

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions.base import materialize
from .arrow_util import to_table
from .base import SparkPlan, bind_all

__all__ = ["SortExec", "sort_indices_for", "sort_table"]


def sort_indices_for(arrays, orders, tie_breaker=None) -> pa.Array:
    names, cols, keys = [], [], []
    for i, (arr, o) in enumerate(zip(arrays, orders)):
        arr = materialize(arr, len(arr)) if not isinstance(arr, (pa.Array, pa.ChunkedArray)) else arr
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if arr.null_count:
            flag = pc.cast(arr.is_null(), pa.int8())
            cols.append(flag)
            names.append(f"n{i}")
            keys.append((f"n{i}", "descending" if o.nulls_first else "ascending"))
        if pa.types.is_null(arr.type):
            continue
        if pa.types.is_floating(arr.type) and pc.any(pc.is_nan(arr)).as_py():
            # Spark: NaN is larger than any other value (pyarrow puts it last either way)
            nan = pc.cast(pc.fill_null(pc.is_nan(arr), False), pa.int8())
            cols.append(nan)
            names.append(f"nan{i}")
            keys.append((f"nan{i}", "ascending" if o.ascending else "descending"))
        if pa.types.is_struct(arr.type) or pa.types.is_list(arr.type) or \
                pa.types.is_map(arr.type):
            ranks = _python_ranks(arr)
            arr = pa.array(ranks)
        cols.append(arr)
        names.append(f"k{i}")
        keys.append((f"k{i}", "ascending" if o.ascending else "descending"))
    if tie_breaker is not None:
        cols.append(tie_breaker)
        names.append("tie")
        keys.append(("tie", "ascending"))
    if not cols:
        n = len(arrays[0]) if arrays else 0
        return pa.array(np.arange(n), type=pa.int64())
    t = pa.table(cols, names=names)
    return pc.sort_indices(t, sort_keys=keys)


def _python_ranks(arr):
    vals = arr.to_pylist()

    def key(v):
        return (v is None, _sortable(v))
    order = sorted(range(len(vals)), key=lambda i: key(vals[i]))
    ranks = [0] * len(vals)
    for r, i in enumerate(order):
        ranks[i] = r
    return ranks


def _sortable(v):
    if isinstance(v, dict):
        return tuple((k, _sortable(x)) for k, x in v.items())
    if isinstance(v, list):
        return tuple(_sortable(x) for x in v)
    if isinstance(v, tuple):
        return tuple(_sortable(x) for x in v)
    return (0, v) if v is not None else (1, 0)


def sort_table(table: pa.Table, bound_orders) -> pa.Table:
    if table.num_rows <= 1:
        return table
    batch = table.combine_chunks()
    rb = pa.RecordBatch.from_arrays([c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c
                                     for c in batch.columns], schema=batch.schema)
    arrays = [materialize(o.child.eval(rb), rb.num_rows) for o in bound_orders]
    idx = sort_indices_for(arrays, bound_orders)
    return table.take(idx)


class SortExec(SparkPlan):
    """Sorts each partition (after a range exchange this gives a total order)."""

    def __init__(self, sc, orders, is_global, child):
        super().__init__(sc, child.output, [child])
        self.orders = orders
        self.is_global = is_global

    def execute(self):
        orders = bind_all(self.orders, self.children[0].output)
        schema = self.schema

        def sort_part(it):
            t = to_table(list(it), schema)
            if t.num_rows:
                yield from sort_table(t, orders).combine_chunks().to_batches()
        return self.children[0].execute().mapPartitions(sort_part, preservesPartitioning=True)

    def node_string(self):
        return ("Sort [" + ", ".join(o.tree_string() for o in self.orders) +
                f"], {str(self.is_global).lower()}, 0")


class TakeOrderedExec(SparkPlan):
    """``orderBy(...).limit(n)``: each partition keeps its first n rows in order, one task
    merges those - no range exchange and no sampling job (Spark's TakeOrderedAndProject)."""

    def __init__(self, sc, n, orders, child):
        super().__init__(sc, child.output, [child])
        self.n = n
        self.orders = orders

    def execute(self):
        orders = bind_all(self.orders, self.children[0].output)
        schema = self.schema
        n = self.n

        def top(it):
            t = to_table(list(it), schema)
            if t.num_rows:
                yield from sort_table(t, orders).slice(0, n).combine_chunks().to_batches()
        rdd = self.children[0].execute().mapPartitions(top)
        if rdd.getNumPartitions() > 1:
            rdd = rdd.coalesce(1)
        return rdd.mapPartitions(top)

    def node_string(self):
        return (f"TakeOrdered(limit={self.n}, orderBy=[" +
                ", ".join(o.tree_string() for o in self.orders) + "])")
