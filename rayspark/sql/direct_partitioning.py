"""``DataFrame.repartitionById(numPartitions, partitionIdCol)``: each row goes to the partition
its INT expression names (``pmod(id, numPartitions)``, NULL to partition 0).

Spark shuffles with a direct partitioning on ``direct_shuffle_partition_id(expr)``. rayspark's
planner has no such exchange, so the shuffle is built with the core's RDD API: each map task
splits its Arrow batches by target partition and the pieces are shuffled with an identity
partitioner (reduce partitions keep map order, as Spark's do). The RDD is built when the plan
is planned for an action (deferred_rdd.py); the columns keep their expression ids."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from ..errors import AnalysisException, PySparkValueError, not_expected_type
from .column import Column, _name_expr
from .deferred_rdd import LogicalRDD
from .types import IntegerType

__all__ = ["repartition_by_id"]


def repartition_by_id(df, num_partitions, partition_id_col):
    from .expressions.base import bind_references, materialize
    if not isinstance(num_partitions, int) or isinstance(num_partitions, bool):
        raise not_expected_type("numPartitions", "int", num_partitions)
    if num_partitions <= 0:
        raise PySparkValueError(
            f"[VALUE_NOT_POSITIVE] Value for `numPartitions` must be positive, got "
            f"'{num_partitions}'.", "VALUE_NOT_POSITIVE",
            {"arg_name": "numPartitions", "arg_value": str(num_partitions)})
    if not isinstance(partition_id_col, (str, Column)):
        raise not_expected_type("col", "Column or str", partition_id_col)
    e = df._resolve(_name_expr(partition_id_col))
    if not isinstance(e.data_type, IntegerType):
        shown = e.sql()
        typ = e.data_type.simpleString().upper()
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "
            f"\"direct_shuffle_partition_id({shown})\" due to data type mismatch: The first "
            f"parameter requires the \"INT\" type, however \"{shown}\" has the type "
            f"\"{typ}\". SQLSTATE: 42K09", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    attrs = df._attrs()
    bound = bind_references(e, attrs)
    n = num_partitions

    def split(batches):
        for b in batches:
            if not b.num_rows:
                continue
            ids = materialize(bound.eval(b), b.num_rows)
            target = np.mod(ids.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64),
                            n)
            for t in np.unique(target):
                rows = np.flatnonzero(target == t)
                yield int(t), (b if len(rows) == b.num_rows else b.take(pa.array(rows)))

    def build():
        return df._execute_rdd().mapPartitions(split).partitionBy(n, lambda k: k).values()
    return df._with(LogicalRDD(list(attrs), build, "RepartitionById"))
