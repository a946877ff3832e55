"""Expressions that depend on the task running them: partition id, monotonically increasing
ids and random numbers (seeded per partition, so a retried task gives the same values)."""
from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa

from ..types import DoubleType, IntegerType, LongType
from .base import LeafExpression

__all__ = ["SparkPartitionID", "MonotonicallyIncreasingID", "Rand"]

_uids = itertools.count()


def _task():
    from ...taskcontext import TaskContext
    return TaskContext.get()


def _partition_id() -> int:
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
        store, offset = _counter(("mid", self.uid))
        base = (_partition_id() << 33) + offset
        store[("mid", self.uid)] = offset + batch.num_rows
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
        key = ("rand", self.uid)
        store, state = _counter(key, None)
        if state is None:
            state = np.random.default_rng([self.seed & 0xFFFFFFFF, _partition_id()])
            store[key] = state
        vals = state.standard_normal(batch.num_rows) if self.normal else state.random(batch.num_rows)
        return pa.array(vals)

    def sql(self):
        return f"{'randn' if self.normal else 'rand'}({self.seed})"
