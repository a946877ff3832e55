"""Conditional expressions: CASE WHEN, IF, COALESCE (vectorised with ``if_else``)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..types import BooleanType, NullType
from .base import Expression, materialize
from .coercion import cast_to, common_type
from .types_util import arrow_type

__all__ = ["CaseWhen", "If", "Coalesce"]


def _branch_type(expr, values):
    t = common_type(v.data_type for v in values)
    if t is None:
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{expr.sql()}\" due to data "
            f"type mismatch: Input to `{type(expr).__name__.lower()}` should all be the same "
            f"type, but it's [{', '.join(v.data_type.simpleString() for v in values)}].",
            "DATATYPE_MISMATCH.DATA_DIFF_TYPES")
    return t


def _as_array(v, n, at):
    if isinstance(v, pa.Scalar) and v.type == pa.null():
        return pa.nulls(n, at)
    v = materialize(v, n)
    if v.type != at:
        v = v.cast(at)
    return v


def _fill(result, mask, value, batch, n, at):
    """``result`` with the rows of ``mask`` set to ``value`` evaluated on those rows only."""
    if not mask.any():
        return result
    if mask.all():
        return _as_array(value.eval(batch), n, at)
    sub = batch.filter(pa.array(mask))
    vals = _as_array(value.eval(sub), sub.num_rows, at)
    return pc.replace_with_mask(result, pa.array(mask), vals)


class CaseWhen(Expression):
    """children = [cond1, value1, cond2, value2, ..., (else)]"""

    def __init__(self, branches, else_value=None):
        kids = []
        for c, v in branches:
            kids += [c, v]
        if else_value is not None:
            kids.append(else_value)
        self.children = tuple(kids)
        self.has_else = else_value is not None

    @property
    def branches(self):
        n = len(self.children) - (1 if self.has_else else 0)
        return [(self.children[i], self.children[i + 1]) for i in range(0, n, 2)]

    @property
    def else_value(self):
        return self.children[-1] if self.has_else else None

    def _values(self):
        vals = [v for _, v in self.branches]
        if self.has_else:
            vals.append(self.else_value)
        return vals

    @property
    def data_type(self):
        return common_type(v.data_type for v in self._values())

    @property
    def nullable(self):
        return not self.has_else or any(v.nullable for v in self._values())

    def coerce(self):
        t = _branch_type(self, self._values())
        branches = []
        for c, v in self.branches:
            if not isinstance(c.data_type, (BooleanType, NullType)):
                raise AnalysisException(
                    f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{self.sql()}\" "
                    f"due to data type mismatch: WHEN expressions in CaseWhen should all be "
                    f"boolean type, but the 1th when expression's type is {c.sql()}.",
                    "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
            branches.append((c, cast_to(v, t) if not isinstance(t, NullType) else v))
        e = cast_to(self.else_value, t) if self.has_else and not isinstance(t, NullType) \
            else self.else_value
        return CaseWhen(branches, e)

    def eval(self, batch):
        """Each branch's value is computed only for the rows that take that branch (SQL's
        CASE is lazy: ``CASE WHEN b <> 0 THEN a / b END`` must not divide by zero)."""
        n = batch.num_rows
        at = arrow_type(self.data_type)
        result = pa.nulls(n, at)
        undecided = np.ones(n, dtype=bool)
        for cond, value in self.branches:
            if not undecided.any():
                break
            c = cond.eval(batch)
            c = pc.fill_null(materialize(c, n) if not (isinstance(c, pa.Scalar) and c.type == pa.null())
                             else pa.nulls(n, pa.bool_()), False)
            take = np.asarray(c.to_numpy(zero_copy_only=False), dtype=bool) & undecided
            result = _fill(result, take, value, batch, n, at)
            undecided &= ~take
        if self.has_else and undecided.any():
            result = _fill(result, undecided, self.else_value, batch, n, at)
        return result

    def sql(self):
        parts = ["CASE"]
        for c, v in self.branches:
            parts.append(f"WHEN {c.sql()} THEN {v.sql()}")
        if self.has_else:
            parts.append(f"ELSE {self.else_value.sql()}")
        parts.append("END")
        return " ".join(parts)

    def _fields_key(self):
        return (self.has_else,)


class If(CaseWhen):
    def __init__(self, cond, a, b):
        super().__init__([(cond, a)], b)

    def coerce(self):
        node = super().coerce()
        (c, v), = node.branches
        return If(c, v, node.else_value)

    def sql(self):
        (c, v), = self.branches
        return f"(IF({c.sql()}, {v.sql()}, {self.else_value.sql()}))"


class Coalesce(Expression):
    pretty_name = "coalesce"

    def __init__(self, children):
        self.children = tuple(children)

    @property
    def data_type(self):
        return common_type(c.data_type for c in self.children)

    @property
    def nullable(self):
        return all(c.nullable for c in self.children)

    def coerce(self):
        t = _branch_type(self, self.children)
        if isinstance(t, NullType):
            return self
        return self.with_children([cast_to(c, t) for c in self.children])

    def eval(self, batch):
        n = batch.num_rows
        at = arrow_type(self.data_type)
        if at == pa.null():
            return pa.nulls(n)
        vals = [_as_array(c.eval(batch), n, at) for c in self.children]
        return pc.coalesce(*vals)
