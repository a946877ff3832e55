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
    lengths = pc.fill_null(pc.list_value_length(arr), 0).to_numpy(zero_copy_only=False)
    if outer:
        reps = np.maximum(lengths, 1)
    else:
        reps = lengths
    parent = np.repeat(np.arange(n, dtype=np.int64), reps)
    base_cols = [c.take(pa.array(parent)) for c in batch.columns[:child_count]]
    if outer:
        # positions inside each list, or -1 for the padded empty/null rows
        starts = np.concatenate([[0], np.cumsum(reps)[:-1]]) if n else np.zeros(0, np.int64)
        pos = np.arange(len(parent)) - np.repeat(starts, reps)
        empty = np.repeat(lengths == 0, reps)
        flat_idx_src = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else np.zeros(0, np.int64)
        flat_idx = np.repeat(flat_idx_src, reps) + pos
    else:
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else np.zeros(0, np.int64)
        pos = np.arange(len(parent)) - np.repeat(starts, reps)
        empty = np.zeros(len(parent), dtype=bool)
        flat_idx = np.arange(len(parent))
    flat = pc.list_flatten(arr) if not is_map else None
    gen_cols = []
    if position:
        gen_cols.append(pa.array(np.where(empty, 0, pos).astype(np.int32),
                                 mask=empty if outer else None))
    mask = pa.array(empty) if outer else None
    if is_map:
        keys = arr.keys if arr.offset == 0 else pc.list_flatten(pc.map_keys(arr))
        items = arr.items if arr.offset == 0 else pc.list_flatten(pc.map_values(arr))
        keys = pc.list_flatten(pc.map_keys(arr))
        items = pc.list_flatten(pc.map_values(arr))
        for v in (keys, items):
            taken = v.take(pa.array(np.where(empty, 0, flat_idx) if len(v) else
                                    np.zeros(0, np.int64)))
            if outer and len(taken):
                taken = pc.if_else(mask, pa.scalar(None, type=v.type), taken)
            elif outer:
                taken = pa.nulls(len(parent), v.type)
            gen_cols.append(taken)
    elif type(gen).__name__ == "Inline":
        if len(flat):
            taken = flat.take(pa.array(np.where(empty, 0, flat_idx)))
        else:
            taken = pa.nulls(len(parent), flat.type)
        for i in range(taken.type.num_fields):
            f = pc.struct_field(taken, [i])
            if outer:
                f = pc.if_else(mask, pa.scalar(None, type=f.type), f)
            gen_cols.append(f)
    else:
        if len(flat):
            taken = flat.take(pa.array(np.where(empty, 0, flat_idx)))
            if outer:
                taken = pc.if_else(mask, pa.scalar(None, type=flat.type), taken)
        else:
            taken = pa.nulls(len(parent), flat.type)
        gen_cols.append(taken)
    return batch_from_arrays(base_cols + gen_cols, out_attrs, len(parent))


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
