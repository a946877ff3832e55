"""Cheap estimates of how many bytes Python objects occupy.

Owns: the numbers the memory manager is told when a block is cached or a
buffer grows.  Exact sizes of Python object graphs are expensive to compute,
so we sample: ``estimate_size`` measures up to ``SAMPLE_SIZE`` evenly spaced
records (recursively, via ``sys.getsizeof``) and scales to the list length;
large containers inside a record are sampled the same way.  Arrays that know
their size (numpy, pyarrow, pandas) report their buffers directly.

``SizeTracker`` is for collections that grow one record at a time (sort and
aggregation buffers): it measures a record only at exponentially spaced
counts, like Spark's SizeTracker, so tracking costs O(log n) measurements.

Pure functions plus a small per-buffer object; no locking (each tracker is
owned by the one thread that grows its collection).
"""

from __future__ import annotations

import math
import sys
from typing import Any, Optional, Sequence

__all__ = ["estimate_size", "deep_size", "SizeTracker", "SAMPLE_SIZE"]

SAMPLE_SIZE = 100
_MAX_DEPTH = 12
_ATOMIC = (int, float, complex, bool, str, bytes, bytearray, type(None))
_SEQUENCES = (tuple, list, set, frozenset)
_ARRAY_HEADER = 112  # approximate object header of an ndarray / arrow object


def _sample_indices(n: int, k: int = SAMPLE_SIZE) -> range | list[int]:
    if n <= k:
        return range(n)
    step = n / k
    return [int(i * step) for i in range(k)]


def _buffer_size(obj: Any) -> Optional[int]:
    """Size of array-like objects from numpy/pyarrow/pandas, else None."""
    module = type(obj).__module__ or ""
    if module.startswith(("numpy", "pyarrow", "pandas")):
        if module.startswith("pandas") and hasattr(obj, "memory_usage"):
            try:
                usage = obj.memory_usage(index=True, deep=False)
                total = usage.sum() if hasattr(usage, "sum") else usage
                return int(total) + _ARRAY_HEADER
            except Exception:  # noqa: BLE001 - fall back to generic sizing
                return None
        nbytes = getattr(obj, "nbytes", None)
        if isinstance(nbytes, int):
            return nbytes + _ARRAY_HEADER
    return None


def deep_size(obj: Any) -> int:
    """Approximate bytes held by *obj* and everything it references (sampled)."""
    return _deep(obj, set(), 0)


def _deep(obj: Any, seen: set[int], depth: int) -> int:
    if isinstance(obj, _ATOMIC):
        return sys.getsizeof(obj)
    oid = id(obj)
    if oid in seen:
        return 0
    seen.add(oid)
    if depth >= _MAX_DEPTH:
        return sys.getsizeof(obj)
    if isinstance(obj, _SEQUENCES):
        size = sys.getsizeof(obj)
        n = len(obj)
        if n == 0:
            return size
        if n <= SAMPLE_SIZE:
            return size + sum(_deep(x, seen, depth + 1) for x in obj)
        items = obj if isinstance(obj, (tuple, list)) else list(obj)
        idx = _sample_indices(n)
        sampled = sum(_deep(items[i], seen, depth + 1) for i in idx)
        return size + int(sampled * n / len(idx))
    if isinstance(obj, dict):
        size = sys.getsizeof(obj)
        n = len(obj)
        if n == 0:
            return size
        if n <= SAMPLE_SIZE:
            return size + sum(_deep(k, seen, depth + 1) + _deep(v, seen, depth + 1) for k, v in obj.items())
        items = list(obj.items())
        idx = _sample_indices(n)
        sampled = sum(_deep(items[i][0], seen, depth + 1) + _deep(items[i][1], seen, depth + 1) for i in idx)
        return size + int(sampled * n / len(idx))
    buf = _buffer_size(obj)
    if buf is not None:
        return buf
    size = sys.getsizeof(obj)
    attrs = getattr(obj, "__dict__", None)
    if isinstance(attrs, dict):
        size += _deep(attrs, seen, depth + 1)
    slots = getattr(type(obj), "__slots__", ())
    if isinstance(slots, str):
        slots = (slots,)
    for slot in slots:
        try:
            size += _deep(getattr(obj, slot), seen, depth + 1)
        except AttributeError:
            pass
    return size


def estimate_size(values: Sequence[Any]) -> int:
    """Estimated bytes held by the list *values* and its records."""
    n = len(values)
    base = sys.getsizeof(values) if isinstance(values, list) else 56 + 8 * n
    if n == 0:
        return base
    idx = _sample_indices(n)
    # Records are measured independently: sharing between records (e.g. the
    # same string in many rows) is ignored, which errs on the large side.
    sampled = sum(_deep(values[i], set(), 0) for i in idx)
    return base + int(sampled * n / len(idx))


class SizeTracker:
    """Running size estimate of a collection that grows record by record.

    Call ``update(n, sample_record)`` after adding *n* records; a record is
    measured only when ``wants_sample`` (the record count has grown by
    ``growth`` times since the last measurement), so passing a sample is
    cheap.  ``estimated_size`` = records * mean measured bytes per record.
    """

    def __init__(self, growth: float = 1.1, base_bytes: int = 0) -> None:
        self.growth = growth
        self.base_bytes = base_bytes
        self.reset()

    def reset(self) -> None:
        self.num_records = 0
        self._next_sample_at = 1
        self._sampled_bytes = 0
        self._num_samples = 0

    @property
    def wants_sample(self) -> bool:
        return self.num_records >= self._next_sample_at or self._num_samples == 0

    def update(self, n_added_records: int = 1, sample_record: Any = None) -> None:
        self.num_records += n_added_records
        if sample_record is not None and self.wants_sample:
            self._sampled_bytes += deep_size(sample_record)
            self._num_samples += 1
            self._next_sample_at = max(self.num_records + 1, math.ceil(self.num_records * self.growth))

    @property
    def bytes_per_record(self) -> float:
        if self._num_samples == 0:
            return 0.0
        return self._sampled_bytes / self._num_samples

    @property
    def estimated_size(self) -> int:
        # 8 bytes per record for the container's pointer slot.
        return self.base_bytes + int(self.num_records * (self.bytes_per_record + 8))
