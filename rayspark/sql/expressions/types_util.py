"""Small type helpers shared by expressions: the Arrow type of a Spark type (cached)."""
from __future__ import annotations

import functools

import pyarrow as pa

from ..types import DataType, NullType

__all__ = ["arrow_type"]


@functools.lru_cache(maxsize=512)
def _arrow_type_cached(key: str, dt: DataType) -> pa.DataType:
    from ..arrow_types import to_arrow_type
    if isinstance(dt, NullType):
        return pa.null()
    return to_arrow_type(dt)


def arrow_type(dt: DataType) -> pa.DataType:
    return _arrow_type_cached(dt.json() if hasattr(dt, "json") else repr(dt), dt)
