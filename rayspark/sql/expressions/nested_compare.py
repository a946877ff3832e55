"""Comparisons of nested values (structs, arrays), which Arrow's compare kernels do not take:
Spark orders them field by field / element by element, a NULL inside before any value, NaN
after every number, and a shorter array before a longer one it starts. A NULL at the top
level still gives a NULL comparison."""
from __future__ import annotations

import math
import operator

import pyarrow as pa

from .base import materialize

__all__ = ["is_nested", "compare_nested"]

_OPS = {"equal": operator.eq, "not_equal": operator.ne, "less": operator.lt,
        "less_equal": operator.le, "greater": operator.gt, "greater_equal": operator.ge}


def is_nested(t: pa.DataType) -> bool:
    return pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t)


def order_key(v):
    """A key whose Python ordering is Spark's ordering of the value."""
    if v is None:
        return (0,)
    if isinstance(v, dict):
        return (1, tuple(order_key(x) for x in v.values()))
    if isinstance(v, (list, tuple)):
        return (1, tuple(order_key(x) for x in v))
    if isinstance(v, float) and math.isnan(v):
        return (2,)
    return (1, v)


def compare_nested(kernel: str, a, b, n: int) -> pa.Array:
    """``a <kernel> b`` row by row (``kernel`` as the pyarrow compare function's name)."""
    op = _OPS[kernel]
    left = materialize(a, n).to_pylist()
    right = materialize(b, n).to_pylist()
    return pa.array([None if x is None or y is None else op(order_key(x), order_key(y))
                     for x, y in zip(left, right)], pa.bool_())
