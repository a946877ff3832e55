"""``DataFrame.zipWithIndex``: a consecutive 0-based LONG index in partition order.

Spark plans this as ``AttachDistributedSequence``: the child's RDD is zipped with its index
(``RDD.zipWithIndex``: one job counts the rows of every partition but the last, then each
partition numbers its rows from the sum of the counts before it). rayspark's planner has no
such node, so the same RDD steps are built by a deferred relation (deferred_rdd.py) when the
plan is planned for an action - the child planned and its partitions counted then, as in
Spark. The input columns keep their expression ids, so ``df.zipWithIndex().select(df.x)``
resolves as in Spark; the index column is not nullable."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from ..errors import PySparkTypeError
from .expressions.base import AttributeReference
from .deferred_rdd import LogicalRDD
from .types import LongType

__all__ = ["zip_with_index"]


def zip_with_index(df, index_name: str):
    if not isinstance(index_name, str):
        raise PySparkTypeError(
            f"[NOT_STR] Argument `indexColName` should be a str, got "
            f"{type(index_name).__name__}.", "NOT_STR",
            {"arg_name": "indexColName", "arg_type": type(index_name).__name__})
    attrs = list(df._attrs()) + [AttributeReference(index_name, LongType(), False)]

    def build():
        rdd = df._execute_rdd()
        n = rdd.getNumPartitions()
        starts = [0]
        if n > 1:
            counts = df._session.sparkContext.runJob(
                rdd, lambda it: [sum(b.num_rows for b in it)], range(n - 1))
            for c in counts:
                starts.append(starts[-1] + c)

        def attach(k, batches):
            nxt = starts[k]
            for b in batches:
                idx = pa.array(np.arange(nxt, nxt + b.num_rows, dtype=np.int64))
                nxt += b.num_rows
                yield pa.RecordBatch.from_arrays(b.columns + [idx],
                                                 names=b.schema.names + [index_name])
        return rdd.mapPartitionsWithIndex(attach)
    return df._with(LogicalRDD(attrs, build, "AttachDistributedSequence"))
