"""FlatMapCoGroupsInPandas / InArrow: two inputs hash-exchanged by their grouping keys into the
same partitions, zipped, and handed group by group to the user's function (see
``rayspark.sql.cogroup``)."""
from __future__ import annotations

import pyarrow as pa

from ..expressions.base import materialize
from .arrow_util import to_table
from .base import SparkPlan, attrs_string, bind_all
from .basic import conform_output

__all__ = ["FlatMapCoGroupsExec"]


def _keyed(batches, schema: pa.Schema, keys) -> pa.Table:
    """The partition's rows as one table, with the evaluated keys as its first columns."""
    t = to_table(batches, schema).combine_chunks()
    if t.num_rows == 0:
        key_cols = [pa.array([], type=pa.null()) for _ in keys]
        return pa.Table.from_arrays(key_cols + t.columns,
                                    names=[f"__k{i}" for i in range(len(keys))] + t.column_names)
    b = t.to_batches()[0]
    key_cols = [materialize(k.eval(b), t.num_rows) for k in keys]
    return pa.Table.from_arrays(key_cols + t.columns,
                                names=[f"__k{i}" for i in range(len(keys))] + t.column_names)


class FlatMapCoGroupsExec(SparkPlan):
    def __init__(self, sc, output, fn, left_keys, right_keys, left, right, kind):
        super().__init__(sc, output, [left, right])
        self.fn = fn
        self.left_keys = list(left_keys)
        self.right_keys = list(right_keys)
        self.kind = kind

    def execute(self):
        left, right = self.children
        lk = bind_all(self.left_keys, left.output)
        rk = bind_all(self.right_keys, right.output)
        lschema, rschema, schema, fn = left.schema, right.schema, self.schema, self.fn

        def run(lit, rit):
            return conform_output(fn(_keyed(list(lit), lschema, lk),
                                     _keyed(list(rit), rschema, rk)), schema)
        return left.execute().zipPartitions(right.execute(), run)

    def node_string(self):
        return f"{self.kind} {attrs_string(self.output)}"
