"""INTERSECT / EXCEPT [ALL]: both sides exchanged by the hash of all columns, then each
partition counts every distinct row per side with a hash aggregate (NULLs compare equal here,
as set operations require)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_util import to_table
from .base import SparkPlan

__all__ = ["SetOperationExec"]


def set_operation(lt: pa.Table, rt: pa.Table, kind: str, is_all: bool, schema) -> pa.Table:
    names = [f"c{i}" for i in range(len(schema))]
    lt = lt.rename_columns(names).append_column("__l", pa.repeat(pa.scalar(1, pa.int64()), lt.num_rows))
    lt = lt.append_column("__r", pa.repeat(pa.scalar(0, pa.int64()), lt.num_rows))
    rt = rt.rename_columns(names)
    rt = rt.cast(lt.select(names).schema) if rt.schema != lt.select(names).schema else rt
    rt = rt.append_column("__l", pa.repeat(pa.scalar(0, pa.int64()), rt.num_rows))
    rt = rt.append_column("__r", pa.repeat(pa.scalar(1, pa.int64()), rt.num_rows))
    both = pa.concat_tables([lt, rt])
    g = both.group_by(names, use_threads=False).aggregate([("__l", "sum"), ("__r", "sum")])
    cl = g.column("__l_sum").to_numpy()
    cr = g.column("__r_sum").to_numpy()
    if kind == "intersect":
        reps = np.minimum(cl, cr) if is_all else ((cl > 0) & (cr > 0)).astype(np.int64)
    else:
        reps = np.maximum(cl - cr, 0) if is_all else ((cl > 0) & (cr == 0)).astype(np.int64)
    idx = np.repeat(np.arange(g.num_rows), reps)
    out = g.select(names).take(pa.array(idx, type=pa.int64()))
    return pa.Table.from_arrays(out.columns, schema=schema)


class SetOperationExec(SparkPlan):
    def __init__(self, sc, kind, is_all, left, right):
        super().__init__(sc, left.output, [left, right])
        self.kind = kind
        self.is_all = is_all

    def execute(self):
        left, right = self.children
        lschema, rschema, schema = left.schema, right.schema, self.schema
        kind, is_all = self.kind, self.is_all

        def run(lit, rit):
            lt = to_table(list(lit), lschema)
            rt = to_table(list(rit), rschema)
            if lt.num_rows == 0:
                return
            res = set_operation(lt, rt, kind, is_all, schema)
            if res.num_rows:
                yield from res.combine_chunks().to_batches()
        return left.execute().zipPartitions(right.execute(), run)

    def node_string(self):
        return f"{self.kind.capitalize()}{'All' if self.is_all else ''}"
