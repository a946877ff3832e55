"""Expressions that depend on the task running them: partition id, monotonically increasing
ids and random numbers (seeded per partition, so a retried task gives the same values)."""
from __future__ import annotations

import itertools
import threading

import numpy as np
import pyarrow as pa

from ..types import DoubleType, IntegerType, LongType
from .base import LeafExpression

__all__ = ["SparkPartitionID", "MonotonicallyIncreasingID", "Rand", "input_partition"]

_uids = itertools.count()
_local = threading.local()


class input_partition:
    """``with input_partition(i):`` - the operator evaluating expressions reads partition i
    of its input. Spark gives nondeterministic expressions the index of the partition they
    are evaluated on, which is not the task's partition when a narrow coalesce runs several
    input partitions in one task (``df.select(spark_partition_id()).coalesce(1)``)."""
    __slots__ = ("index", "saved")

    def __init__(self, index: int):
        self.index = index

    def __enter__(self):
        self.saved = getattr(_local, "index", None)
        _local.index = self.index
        return self

    def __exit__(self, *exc):
        _local.index = self.saved
        return False


def _task():
    from ...taskcontext import TaskContext
    return TaskContext.get()


def _partition_id() -> int:
    index = getattr(_local, "index", None)
    if index is not None:
        return index
    ctx = _task()
    return ctx.partitionId() if ctx is not None else 0


def _counter(uid, start=0):
    ctx = _task()
    store = getattr(ctx, "_sql_counters", None) if ctx is not None else None
    if store is None:
        store = {}
        if ctx is not None:
            try:
                ctx._sql_counters = store
            except AttributeError:
                pass
    return store, store.get(uid, start)


class _Stateful(LeafExpression):
    @property
    def deterministic(self):
        return False

    @property
    def foldable(self):
        return False

    @property
    def nullable(self):
        return False


class SparkPartitionID(_Stateful):
    @property
    def data_type(self):
        return IntegerType()

    def eval(self, batch):
        return pa.scalar(_partition_id(), pa.int32())

    def sql(self):
        return "SPARK_PARTITION_ID()"


class MonotonicallyIncreasingID(_Stateful):
    def __init__(self):
        self.uid = next(_uids)

    @property
    def data_type(self):
        return LongType()

    def eval(self, batch):
        part = _partition_id()
        store, offset = _counter(("mid", self.uid, part))
        base = (part << 33) + offset
        store[("mid", self.uid, part)] = offset + batch.num_rows
        return pa.array(np.arange(base, base + batch.num_rows, dtype=np.int64))

    def sql(self):
        return "monotonically_increasing_id()"


class Rand(_Stateful):
    def __init__(self, seed=None, normal=False):
        self.seed = int(np.random.randint(0, 2 ** 31)) if seed is None else int(seed)
        self.normal = normal
        self.uid = next(_uids)

    @property
    def data_type(self):
        return DoubleType()

    def eval(self, batch):
        part = _partition_id()
        key = ("rand", self.uid, part)
        store, state = _counter(key, None)
        if state is None:
            state = np.random.default_rng([self.seed & 0xFFFFFFFF, part])
            store[key] = state
        vals = state.standard_normal(batch.num_rows) if self.normal else state.random(batch.num_rows)
        return pa.array(vals)

    def sql(self):
        return f"{'randn' if self.normal else 'rand'}({self.seed})"
