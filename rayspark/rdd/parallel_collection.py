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
    """Split ``data`` into ``num_slices`` slices exactly as PySpark does.

    A ``range`` is cut at ``start + int(i * size / num_slices) * step`` (PySpark's float
    arithmetic). Other data is first grouped into batches of
    ``max(1, min(len // num_slices, 1024))`` elements (PySpark's serialization batches) and the
    *batches* are then spread over the slices with Spark's ``ParallelCollectionRDD.slice``
    positions, so e.g. 17 elements in 3 slices give 5/5/7 elements, not 5/6/6.
    """
    if isinstance(data, range):
        n = len(data)
        if n == 0:
            return [data[0:0] for _ in range(num_slices)]
        step = data.step
        start0 = data.start

        def start(i: int) -> int:
            return start0 + int(i * n / num_slices) * step
        return [range(start(i), start(i + 1), step) for i in range(num_slices)]
    seq = data if isinstance(data, list) else list(data)
    n = len(seq)
    batch = max(1, min(n // num_slices, 1024))
    nbatches = (n + batch - 1) // batch
    out = []
    for i in range(num_slices):
        b0, b1 = (i * nbatches) // num_slices, ((i + 1) * nbatches) // num_slices
        out.append(seq[b0 * batch:min(b1 * batch, n)])
    return out


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

