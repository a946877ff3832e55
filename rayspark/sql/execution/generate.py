"""GenerateExec: explode / posexplode / inline, vectorised with Arrow list kernels."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions.base import materialize
from .arrow_util import batch_from_arrays
from .base import SparkPlan, attrs_string, bind_all

__all__ = ["GenerateExec"]


def _explode(batch, gen, outer, position, out_attrs, child_count):
    n = batch.num_rows
    arr = materialize(gen.children[0].eval(batch), n)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    is_map = pa.types.is_map(arr.type)
    offsets = arr.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
    lengths = np.diff(offsets)
    if arr.null_count:
        lengths = np.where(arr.is_null().to_numpy(zero_copy_only=False), 0, lengths)
    reps = np.maximum(lengths, 1) if outer else lengths
    total = int(reps.sum())
    parent = np.repeat(np.arange(n, dtype=np.int64), reps)
    base_cols = [c.take(pa.array(parent)) for c in batch.columns[:child_count]]
    starts = np.concatenate([[0], np.cumsum(reps)[:-1]]).astype(np.int64) if n else \
        np.zeros(0, np.int64)
    pos = np.arange(total, dtype=np.int64) - np.repeat(starts, reps)
    empty = np.repeat(lengths == 0, reps) if outer else np.zeros(total, dtype=bool)
    flat_idx = np.repeat(offsets[:-1], reps) + pos
    flat_idx = np.where(empty, 0, flat_idx)
    mask = pa.array(empty) if outer else None

    def take(values):
        if len(values) == 0:
            return pa.nulls(total, values.type)
        out = values.take(pa.array(flat_idx, type=pa.int64()))
        if outer and empty.any():
            out = pc.if_else(mask, pa.scalar(None, type=values.type), out)
        return out
    gen_cols = []
    if position:
        gen_cols.append(pa.array(pos.astype(np.int32), mask=empty if outer else None))
    if is_map:
        gen_cols.append(take(arr.keys))
        gen_cols.append(take(arr.items))
    elif type(gen).__name__ == "Inline":
        structs = take(arr.values)
        for i in range(structs.type.num_fields):
            f = pc.struct_field(structs, [i])
            if outer and empty.any():
                f = pc.if_else(mask, pa.scalar(None, type=f.type), f)
            gen_cols.append(f)
    else:
        gen_cols.append(take(arr.values))
    return batch_from_arrays(base_cols + gen_cols, out_attrs, total)


class GenerateExec(SparkPlan):
    def __init__(self, sc, generator, outer, gen_output, child):
        super().__init__(sc, child.output + gen_output, [child])
        self.generator = generator
        self.outer = outer

    def execute(self):
        gen = bind_all([self.generator], self.children[0].output)[0]
        outer = self.outer
        position = getattr(gen, "position", False)
        out = self.output
        k = len(self.children[0].output)

        def run(it):
            for b in it:
                res = _explode(b, gen, outer, position, out, k)
                if res.num_rows:
                    yield res
        return self.children[0].execute().mapPartitions(run)

    def node_string(self):
        return (f"Generate {self.generator.tree_string()}, {str(self.outer).lower()}, "
                f"{attrs_string(self.output[len(self.children[0].output):])}")
