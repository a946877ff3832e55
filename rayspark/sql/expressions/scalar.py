"""A generic scalar function node: most SQL functions are a vectorised kernel plus a result
type and implicit input casts, so they are declared in one line each with ``ScalarFunction``
instead of a class apiece."""
from __future__ import annotations

from typing import Callable, Optional, Sequence, Union

import pyarrow as pa

from ..types import DataType, NullType
from .base import Expression, materialize
from .coercion import cast_to
from .types_util import arrow_type

__all__ = ["ScalarFunction"]


class ScalarFunction(Expression):
    """``kernel(*args, num_rows)`` gets Arrow arrays/scalars and returns an array or scalar.

    ``result_type``: a DataType or ``f(child_types) -> DataType``; ``input_types``: types to
    cast the children to (None entries leave a child alone); ``null_safe``: when False a NULL
    scalar argument short-cuts to a NULL result."""

    def __init__(self, name: str, children: Sequence[Expression], kernel: Callable,
                 result_type: Union[DataType, Callable], input_types: Optional[Sequence] = None,
                 sql_args: Optional[Sequence[str]] = None, nullable: Optional[bool] = None,
                 deterministic: bool = True, materialize_args: bool = False,
                 display: Optional[Callable] = None):
        self.children = tuple(children)
        self.fn_name = name
        self.kernel = kernel
        self._result_type = result_type
        self.input_types = input_types
        self._nullable = nullable
        self._deterministic = deterministic
        self.materialize_args = materialize_args
        self.display = display

    @property
    def data_type(self) -> DataType:
        if callable(self._result_type) and not isinstance(self._result_type, DataType):
            return self._result_type([c.data_type for c in self.children])
        return self._result_type

    @property
    def nullable(self):
        if self._nullable is not None:
            return self._nullable
        return any(c.nullable for c in self.children)

    @property
    def deterministic(self):
        return self._deterministic and all(c.deterministic for c in self.children)

    def coerce(self):
        if not self.input_types:
            return self
        kids = []
        for i, c in enumerate(self.children):
            t = self.input_types[i] if i < len(self.input_types) else self.input_types[-1]
            if callable(t) and not isinstance(t, DataType):
                t = t([x.data_type for x in self.children], i)
            kids.append(cast_to(c, t) if t is not None and not isinstance(c.data_type, NullType)
                        or (t is not None and isinstance(c.data_type, NullType)) else c)
        return self.with_children(kids)

    def eval(self, batch):
        n = batch.num_rows
        args = [c.eval(batch) for c in self.children]
        if self.materialize_args:
            args = [materialize(a, n) if not (isinstance(a, pa.Scalar) and a.type == pa.null())
                    else pa.nulls(n, arrow_type(c.data_type) if not isinstance(c.data_type, NullType) else pa.null())
                    for a, c in zip(args, self.children)]
        out = self.kernel(*args, n)
        at = arrow_type(self.data_type)
        if isinstance(out, (pa.Array, pa.ChunkedArray)) and out.type != at and at != pa.null():
            out = out.cast(at)
        elif isinstance(out, pa.Scalar) and out.type != at and at != pa.null():
            out = out.cast(at) if out.is_valid else pa.scalar(None, type=at)
        return out

    def sql(self):
        if self.display is not None:
            return self.display(self.children)
        return f"{self.fn_name}({', '.join(c.sql() for c in self.children)})"

    def _fields_key(self):
        return (self.fn_name,)
