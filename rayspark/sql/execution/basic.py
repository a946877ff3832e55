"""Leaf scans and narrow operators: local data, RDDs of batches, range, project, filter,
local limit, union, coalesce, sample and Python partition functions."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from ..expressions.base import materialize
from ..expressions.misc_core import input_partition
from .arrow_util import evaluate, schema_of
from .base import SparkPlan, attrs_string, bind_all

__all__ = ["LocalTableScanExec", "RDDScanExec", "RangeExec", "ProjectExec", "FilterExec",
           "LocalLimitExec", "GlobalLimitExec", "UnionExec", "CoalesceExec", "SampleExec",
           "MapPartitionsExec", "ExpandExec", "OffsetExec", "TailExec", "conform_output"]

TARGET_BATCH_ROWS = 1 << 17


class LocalTableScanExec(SparkPlan):
    def __init__(self, sc, output, table: pa.Table, num_slices: int):
        super().__init__(sc, output)
        self.table = table
        self.num_slices = max(1, num_slices)

    def execute(self):
        table = self.table.rename_columns([a.name for a in self.output])
        n = table.num_rows
        slices = []
        for i in range(self.num_slices):
            lo, hi = (i * n) // self.num_slices, ((i + 1) * n) // self.num_slices
            part = table.slice(lo, hi - lo)
            slices.append(part.combine_chunks().to_batches() if hi > lo else [])
        return self.sc.parallelize(slices, self.num_slices).flatMap(_identity_list)

    def node_string(self):
        return f"LocalTableScan {attrs_string(self.output)}"


def _identity_list(x):
    return x


class RDDScanExec(SparkPlan):
    def __init__(self, sc, output, rdd, name="ExistingRDD"):
        super().__init__(sc, output)
        self.rdd = rdd
        self.name = name

    def execute(self):
        return self.rdd

    def node_string(self):
        if self.name == "InMemoryTableScan":
            return f"InMemoryTableScan {attrs_string(self.output)}"
        return f"Scan {self.name}{attrs_string(self.output)}"


class RangeExec(SparkPlan):
    def __init__(self, sc, output, start, end, step, num_slices):
        super().__init__(sc, output)
        self.start, self.end, self.step, self.num_slices = start, end, step, max(1, num_slices)

    def execute(self):
        start, end, step, parts = self.start, self.end, self.step, self.num_slices
        total = max(0, -(-(end - start) // step)) if step > 0 else max(0, -(-(start - end) // -step))
        schema = schema_of(self.output)

        def gen(idx, _it):
            lo = idx * total // parts
            hi = (idx + 1) * total // parts
            for s in range(lo, hi, TARGET_BATCH_ROWS):
                e = min(hi, s + TARGET_BATCH_ROWS)
                arr = pa.array(start + np.arange(s, e, dtype=np.int64) * step, type=pa.int64())
                yield pa.RecordBatch.from_arrays([arr], schema=schema)
        return self.sc.parallelize(range(parts), parts).mapPartitionsWithIndex(gen)

    def node_string(self):
        return (f"Range ({self.start}, {self.end}, step={self.step}, "
                f"splits={self.num_slices})")


class ProjectExec(SparkPlan):
    def __init__(self, sc, output, exprs, child):
        super().__init__(sc, output, [child])
        self.exprs = exprs

    def execute(self):
        bound = bind_all(self.exprs, self.children[0].output)
        out = self.output

        def project(index, it):
            for b in it:
                with input_partition(index):
                    res = evaluate(bound, b, out)
                yield res
        return self.children[0].execute().mapPartitionsWithIndex(project,
                                                                 preservesPartitioning=True)

    def node_string(self):
        return "Project [" + ", ".join(e.tree_string() for e in self.exprs) + "]"


class FilterExec(SparkPlan):
    def __init__(self, sc, condition, child):
        super().__init__(sc, child.output, [child])
        self.condition = condition

    def execute(self):
        cond = bind_all([self.condition], self.children[0].output)[0]

        def filt(index, it):
            for b in it:
                with input_partition(index):
                    mask = cond.eval(b)
                if isinstance(mask, pa.Scalar):
                    if mask.is_valid and mask.as_py():
                        yield b
                    continue
                mask = materialize(mask, b.num_rows)
                if mask.type != pa.bool_():
                    mask = pa.nulls(b.num_rows, pa.bool_())
                out = b.filter(mask, null_selection_behavior="drop")
                if out.num_rows:
                    yield out
        return self.children[0].execute().mapPartitionsWithIndex(filt,
                                                                 preservesPartitioning=True)

    def node_string(self):
        return f"Filter {self.condition.tree_string()}"


def _limit_iter(it, n):
    left = n
    for b in it:
        if left <= 0:
            break
        if b.num_rows > left:
            b = b.slice(0, left)
        left -= b.num_rows
        yield b


class LocalLimitExec(SparkPlan):
    def __init__(self, sc, n, child):
        super().__init__(sc, child.output, [child])
        self.n = n

    def execute(self):
        n = self.n
        return self.children[0].execute().mapPartitions(lambda it: _limit_iter(it, n), True)

    def node_string(self):
        return f"LocalLimit {self.n}"


class GlobalLimitExec(LocalLimitExec):
    """The first n rows in partition order: local limits, then one partition."""

    def execute(self):
        n = self.n
        rdd = self.children[0].execute().mapPartitions(lambda it: _limit_iter(it, n))
        if rdd.getNumPartitions() > 1:
            rdd = rdd.coalesce(1)
        return rdd.mapPartitions(lambda it: _limit_iter(it, n))

    def node_string(self):
        return f"GlobalLimit {self.n}"


class OffsetExec(SparkPlan):
    def __init__(self, sc, n, child):
        super().__init__(sc, child.output, [child])
        self.n = n

    def execute(self):
        n = self.n

        def skip(it):
            left = n
            for b in it:
                if left >= b.num_rows:
                    left -= b.num_rows
                    continue
                if left:
                    b = b.slice(left)
                    left = 0
                yield b
        rdd = self.children[0].execute()
        if rdd.getNumPartitions() > 1:
            rdd = rdd.coalesce(1)
        return rdd.mapPartitions(skip)

    def node_string(self):
        return f"Offset {self.n}"


class TailExec(SparkPlan):
    def __init__(self, sc, n, child):
        super().__init__(sc, child.output, [child])
        self.n = n

    def execute(self):
        n = self.n
        schema = self.schema

        def tail(it):
            t = pa.Table.from_batches(list(it), schema=schema)
            if t.num_rows > n:
                t = t.slice(t.num_rows - n)
            yield from t.combine_chunks().to_batches()
        rdd = self.children[0].execute().mapPartitions(tail)
        if rdd.getNumPartitions() > 1:
            rdd = rdd.coalesce(1)
        return rdd.mapPartitions(tail)


class UnionExec(SparkPlan):
    def __init__(self, sc, output, children):
        super().__init__(sc, output, children)

    def execute(self):
        schema = self.schema

        def conform(it):
            for b in it:
                cols = [c if c.type == f.type else
                        (pa.nulls(len(c), f.type) if c.type == pa.null() else c.cast(f.type))
                        for c, f in zip(b.columns, schema)]
                yield pa.RecordBatch.from_arrays(cols, schema=schema)
        rdds = [c.execute().mapPartitions(conform) for c in self.children]
        return self.sc.union(rdds)

    def node_string(self):
        return "Union"


class CoalesceExec(SparkPlan):
    def __init__(self, sc, n, child):
        super().__init__(sc, child.output, [child])
        self.n = n

    def execute(self):
        return self.children[0].execute().coalesce(self.n)

    def node_string(self):
        return f"Coalesce {self.n}"


class SampleExec(SparkPlan):
    def __init__(self, sc, lower, upper, with_replacement, seed, child):
        super().__init__(sc, child.output, [child])
        self.lower, self.upper = lower, upper
        self.with_replacement = with_replacement
        self.seed = seed

    def execute(self):
        lower, upper, repl, seed = self.lower, self.upper, self.with_replacement, self.seed

        def sample(idx, it):
            rng = np.random.default_rng([seed & 0xFFFFFFFF, idx])
            for b in it:
                if repl:
                    counts = rng.poisson(upper - lower, b.num_rows)
                    idxs = np.repeat(np.arange(b.num_rows), counts)
                    out = b.take(pa.array(idxs, type=pa.int64()))
                else:
                    u = rng.random(b.num_rows)
                    out = b.filter(pa.array((u >= lower) & (u < upper)))
                if out.num_rows:
                    yield out
        return self.children[0].execute().mapPartitionsWithIndex(sample, True)

    def node_string(self):
        return f"Sample {self.lower}, {self.upper}, {str(self.with_replacement).lower()}, {self.seed}"


class ExpandExec(SparkPlan):
    def __init__(self, sc, output, projections, child):
        super().__init__(sc, output, [child])
        self.projections = projections

    def execute(self):
        bound = [bind_all(p, self.children[0].output) for p in self.projections]
        out = self.output

        def expand(it):
            for b in it:
                for proj in bound:
                    yield evaluate(proj, b, out)
        return self.children[0].execute().mapPartitions(expand)

    def node_string(self):
        return f"Expand [{len(self.projections)} projections], {attrs_string(self.output)}"


def conform_output(results, schema: pa.Schema):
    """Batches of a Python function's results (tables or record batches), with the declared
    output columns taken by name and cast to the declared types."""
    for b in results:
        bs = b.to_batches() if isinstance(b, pa.Table) else [b]
        for x in bs:
            if x.num_rows == 0:
                continue
            cols = []
            for f in schema:
                idx = x.schema.get_field_index(f.name)
                col = x.column(idx) if idx >= 0 else None
                if col is None:
                    raise KeyError(f.name)
                cols.append(col if col.type == f.type else col.cast(f.type))
            yield pa.RecordBatch.from_arrays(cols, schema=schema)


class MapPartitionsExec(SparkPlan):
    """Runs ``fn(iterator of RecordBatch) -> iterator of RecordBatch`` per partition and
    conforms the result to the declared output schema."""

    def __init__(self, sc, output, fn, child, kind="MapInArrow"):
        super().__init__(sc, output, [child])
        self.fn = fn
        self.kind = kind

    def execute(self):
        fn = self.fn
        schema = self.schema

        def run(it):
            return conform_output(fn(it), schema)
        return self.children[0].execute().mapPartitions(run)

    def node_string(self):
        return f"{self.kind} {attrs_string(self.output)}"
