"""Dropping, before a window's exchange, rows that cannot survive a filter on a ranking.

``WHERE rn <= k`` over ``row_number()/rank()/dense_rank() OVER (PARTITION BY p ORDER BY o)``
keeps at most the first k rows (by rank) of every group; Spark 3.5's WindowGroupLimit uses
this to shrink the input of the shuffle. Here a map-side ``WindowGroupLimitExec`` keeps, for
every chunk of its input, a superset of the rows whose rank *within that chunk* is at most k:
a row's rank in the chunk is never larger than its rank in the whole group, so no row with
global rank <= k is lost, and every row that precedes such a row (all of which the ranking and
any ``UNBOUNDED PRECEDING .. CURRENT ROW`` aggregate of that row need) has a rank no larger
than its own, so it is kept too. The window and the filter above still compute the exact
answer from what arrives.

The superset is cheap to find: over a strided sample of the chunk, the k-th smallest ORDER BY
value of each group is a threshold at least as large as the k-th smallest of the whole chunk,
so rows beyond it have chunk rank > k. Only single numeric/temporal ORDER BY keys are pruned
(other chunks pass through); NULLs and NaNs go where Spark's ordering puts them."""
from __future__ import annotations

from typing import List, Optional

import numpy as np
import pyarrow as pa

from ..expressions.base import materialize
from .arrow_util import group_codes, to_table
from .base import SparkPlan, bind_all

__all__ = ["WindowGroupLimitExec", "keep_mask"]

#: rows of input pruned together (bounds the memory of the operator)
CHUNK_ROWS = 1 << 20
#: rows sampled per chunk to find each group's threshold
SAMPLE_ROWS = 1 << 16


def _values(arr: pa.Array) -> Optional[np.ndarray]:
    """The ORDER BY values as numbers numpy orders as Spark does (None: not prunable)."""
    t = arr.type
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        return arr.fill_null(0).to_numpy(zero_copy_only=False)
    if pa.types.is_date32(t):
        return arr.view(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
    if pa.types.is_timestamp(t) or pa.types.is_date64(t):
        return arr.view(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
    return None


def keep_mask(group_arrays: List[pa.Array], order_array: pa.Array, ascending: bool,
              nulls_first: bool, limit: int) -> Optional[np.ndarray]:
    """Rows to keep of one chunk (a superset of those ranked <= ``limit`` in their group), or
    None to keep them all."""
    n = len(order_array)
    if isinstance(order_array, pa.ChunkedArray):
        order_array = order_array.combine_chunks()
    x = _values(order_array)
    if x is None or n <= limit:
        return None
    null = np.asarray(order_array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    nan = np.isnan(x) if x.dtype.kind == "f" else np.zeros(n, dtype=bool)
    valid = ~null & ~nan
    gid = group_codes(group_arrays, n)
    ngroups = int(gid.max()) + 1 if n else 0
    step = max(1, n // SAMPLE_ROWS)
    sample = np.arange(0, n, step)
    sample = sample[valid[sample]]
    gs, xs = gid[sample], x[sample]
    order = np.lexsort((xs, gs))
    gs, xs = gs[order], xs[order]
    starts = np.flatnonzero(np.r_[True, gs[1:] != gs[:-1]]) if len(gs) else np.zeros(0, int)
    ends = np.r_[starts[1:], len(gs)] if len(gs) else np.zeros(0, int)
    has = np.zeros(ngroups, dtype=bool)
    thr = np.zeros(ngroups, dtype=x.dtype)
    enough = (ends - starts) >= limit
    groups = gs[starts[enough]]
    has[groups] = True
    thr[groups] = xs[starts[enough] + limit - 1] if ascending else xs[ends[enough] - limit]
    if not has.any():
        return None
    g_has, g_thr = has[gid], thr[gid]
    with np.errstate(invalid="ignore"):
        within = x <= g_thr if ascending else x >= g_thr
    keep = ~g_has | (valid & within)
    keep |= null & (nulls_first | ~g_has)
    # Spark orders NaN above every number: first when descending, last when ascending
    keep |= nan & (not ascending)
    return keep


def _decoded(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays(
        [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c
         for c in batch.columns], schema=schema)


class WindowGroupLimitExec(SparkPlan):
    """Map-side pruning for a window filtered to its first ``limit`` ranks (see module)."""

    def __init__(self, sc, limit: int, partition_spec, order, child, ranking: str = "rank()"):
        super().__init__(sc, child.output, [child])
        self.limit = limit
        self.ranking = ranking
        self.partition_spec = list(partition_spec)
        self.order = order

    def execute(self):
        child = self.children[0]
        parts = bind_all(self.partition_spec, child.output)
        key = bind_all([self.order.child], child.output)[0]
        asc, nulls_first, limit = self.order.ascending, self.order.nulls_first, self.limit
        schema = child.schema

        def prune_chunk(batches):
            # string keys may come dictionary-encoded from the scan (one dictionary per
            # chunk after unifying); what leaves is decoded
            try:
                table = pa.Table.from_batches(batches).unify_dictionaries().combine_chunks()
            except (pa.ArrowInvalid, pa.ArrowTypeError):   # batches shaped differently
                table = to_table([_decoded(b, schema) for b in batches], schema)
                table = table.combine_chunks()
            batch = table.to_batches()[0] if table.num_rows else None
            if batch is None:
                return []
            keep = keep_mask([materialize(p.eval(batch), batch.num_rows) for p in parts],
                             materialize(key.eval(batch), batch.num_rows), asc, nulls_first,
                             limit)
            out = batch if keep is None else batch.filter(pa.array(keep))
            if not out.num_rows:
                return []
            return [_decoded(out, schema)]

        def prune(it):
            pending, rows = [], 0
            for b in it:
                pending.append(b)
                rows += b.num_rows
                if rows >= CHUNK_ROWS:
                    yield from prune_chunk(pending)
                    pending, rows = [], 0
            if pending:
                yield from prune_chunk(pending)
        return child.execute().mapPartitions(prune, preservesPartitioning=True)

    def node_string(self):
        return (f"WindowGroupLimit [{', '.join(e.tree_string() for e in self.partition_spec)}]"
                f", [{self.order.tree_string()}], {self.ranking}, {self.limit}, Partial")
