"""ParallelCollectionRDD: data from the driver (``parallelize``/``range``), sliced evenly.

``range`` inputs stay ``range`` objects (no data is materialised). Other data is pickled per
slice; slices bigger than a few KB go to the object store once, so the stage closure stays small
and each task fetches only its own slice.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List

from ..serializers import dumps_batch, loads_batch
from .partition import DataPartition
from .rdd import RDD

INLINE_SLICE_BYTES = 64 * 1024


def slice_data(data: Iterable[Any], num_slices: int) -> List[Any]:
    if isinstance(data, range):
        n = len(data)
        out = []
        for i in range(num_slices):
            start, end = (i * n) // num_slices, ((i + 1) * n) // num_slices
            out.append(data[start:end])
        return out
    seq = data if isinstance(data, list) else list(data)
    n = len(seq)
    return [seq[(i * n) // num_slices:((i + 1) * n) // num_slices] for i in range(num_slices)]


class ParallelCollectionRDD(RDD):
    op_name = "parallelize"
    kind_name = "ParallelCollectionRDD"

    def __init__(self, ctx, data: Iterable[Any], num_slices: int):
        super().__init__(ctx, [])
        if num_slices <= 0:
            raise ValueError(f"Number of slices must be positive, got {num_slices}")
        slices = slice_data(data, num_slices)
        self._inputs: Dict[Any, Any] = {}
        parts = []
        for i, s in enumerate(slices):
            if isinstance(s, range):
                parts.append(DataPartition(i, data=s))
                continue
            blob = dumps_batch(s)
            if len(blob) <= INLINE_SLICE_BYTES:
                parts.append(DataPartition(i, data=s))
            else:
                key = ("pc", self.id, i)
                self._inputs[key] = ctx._backend.put_input(blob)
                parts.append(DataPartition(i, input_key=key))
        self._partitions = parts

    def get_partitions(self):
        return self._partitions

    def task_inputs(self, split_index: int) -> Dict[Any, Any]:
        key = ("pc", self.id, split_index)
        if key in self._inputs:
            return {key: self._inputs[key]}
        return {}

    def compute(self, split, context):
        if split.input_key is None:
            return iter(split.data)
        return iter(loads_batch(context.services.fetch_input(split.input_key)))

    def __getstate__(self):
        state = super().__getstate__()
        state["_inputs"] = {}
        return state

