"""Predicates: comparisons, AND/OR/NOT (three-valued, like SQL), IS [NOT] NULL, IN, LIKE,
RLIKE, null-safe equality."""
from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from ..types import (BooleanType, DataType, DateType, DoubleType, FloatType, MapType, NullType,
                     NumericType, StringType, TimestampNTZType, TimestampType)
from .arithmetic import BinaryOperator, type_mismatch, _quoted_type
from .base import Expression, Literal
from .coercion import cast_to, wider_type, common_type
from .types_util import arrow_type

__all__ = ["Comparison", "EqualTo", "EqualNullSafe", "NotEqual", "LessThan", "LessThanOrEqual",
           "GreaterThan", "GreaterThanOrEqual", "And", "Or", "Not", "IsNull", "IsNotNull",
           "In", "Like", "RLike", "ILike", "IsNaN", "split_conjuncts", "combine_conjuncts"]


def _comparison_type(l: DataType, r: DataType):
    if isinstance(l, StringType) and isinstance(r, (NumericType, DateType, TimestampType,
                                                    TimestampNTZType, BooleanType)):
        return r
    if isinstance(r, StringType) and isinstance(l, (NumericType, DateType, TimestampType,
                                                    TimestampNTZType, BooleanType)):
        return l
    return wider_type(l, r)


def _null_scalar_fix(v, at):
    if isinstance(v, pa.Scalar) and v.type == pa.null():
        return pa.scalar(None, type=at)
    return v


class Comparison(BinaryOperator):
    kernel = ""

    @property
    def data_type(self):
        return BooleanType()

    def coerce(self):
        l, r = self.left.data_type, self.right.data_type
        if isinstance(l, MapType) or isinstance(r, MapType):
            raise type_mismatch(self, f"the binary operator requires the input type \"ANY "
                                f"except MAP\", not {_quoted_type(l)}", "INVALID_ORDERING_TYPE")
        t = _comparison_type(l, r)
        if t is None:
            raise type_mismatch(self, f"the left and right operands of the binary operator "
                                f"have incompatible types ({_quoted_type(l)} and "
                                f"{_quoted_type(r)})")
        if isinstance(t, NullType):
            return self
        return self.with_children([cast_to(self.left, t), cast_to(self.right, t)])

    def eval(self, batch):
        a, b = self.left.eval(batch), self.right.eval(batch)
        if isinstance(a, pa.Scalar) and a.type == pa.null() or \
                isinstance(b, pa.Scalar) and b.type == pa.null():
            n = batch.num_rows
            return pa.nulls(n, pa.bool_())
        from .nested_compare import compare_nested, is_nested
        if is_nested(a.type):
            return compare_nested(self.kernel, a, b, batch.num_rows)
        return getattr(pc, self.kernel)(a, b)


class EqualTo(Comparison):
    symbol = "="
    kernel = "equal"

    def eval(self, batch):
        out = super().eval(batch)
        return _nan_equal(self, batch, out)


def _nan_equal(expr, batch, out):
    """Spark compares NaN = NaN as true."""
    if not isinstance(expr.left.data_type, (FloatType, DoubleType)):
        return out
    a, b = expr.left.eval(batch), expr.right.eval(batch)
    both = pc.and_(pc.is_nan(a), pc.is_nan(b))
    return pc.if_else(pc.fill_null(both, False), True, out)


class NotEqual(Comparison):
    symbol = "!="
    kernel = "not_equal"

    def sql(self):
        return f"(NOT ({self.left.sql()} = {self.right.sql()}))"


class LessThan(Comparison):
    symbol = "<"
    kernel = "less"


class LessThanOrEqual(Comparison):
    symbol = "<="
    kernel = "less_equal"


class GreaterThan(Comparison):
    symbol = ">"
    kernel = "greater"


class GreaterThanOrEqual(Comparison):
    symbol = ">="
    kernel = "greater_equal"


class EqualNullSafe(Comparison):
    symbol = "<=>"

    @property
    def nullable(self):
        return False

    def eval(self, batch):
        a, b = self.left.eval(batch), self.right.eval(batch)
        n = batch.num_rows
        from .base import materialize
        a = materialize(a, n) if not (isinstance(a, pa.Scalar) and a.type == pa.null()) \
            else pa.nulls(n, pa.null())
        b = materialize(b, n) if not (isinstance(b, pa.Scalar) and b.type == pa.null()) \
            else pa.nulls(n, pa.null())
        an, bn = a.is_null(), b.is_null()
        if a.type == pa.null() or b.type == pa.null():
            return pc.and_(an, bn)
        from .nested_compare import compare_nested, is_nested
        if is_nested(a.type):
            eq = pc.fill_null(compare_nested("equal", a, b, n), False)
            return pc.or_(pc.and_(an, bn), eq)
        eq = pc.fill_null(pc.equal(a, b), False)
        if pa.types.is_floating(a.type) and pa.types.is_floating(b.type):
            eq = pc.or_(eq, pc.fill_null(pc.and_(pc.is_nan(a), pc.is_nan(b)), False))
        return pc.or_(pc.and_(an, bn), eq)


def _to_bool(v, n):
    if isinstance(v, pa.Scalar) and v.type == pa.null():
        return pa.scalar(None, type=pa.bool_())
    return v


class _Logical(BinaryOperator):
    """AND / OR over booleans (SQL's three-valued logic)."""

    @property
    def data_type(self):
        return BooleanType()

    def coerce(self):
        for c in self.children:
            if not isinstance(c.data_type, (BooleanType, NullType)):
                raise type_mismatch(self, f"the binary operator requires the input type "
                                    f"\"BOOLEAN\", not {_quoted_type(c.data_type)}",
                                    "BINARY_OP_WRONG_TYPE")
        return self

class And(_Logical):
    symbol = "AND"

    def eval(self, batch):
        n = batch.num_rows
        return pc.and_kleene(_to_bool(self.left.eval(batch), n), _to_bool(self.right.eval(batch), n))


class Or(_Logical):
    symbol = "OR"

    def eval(self, batch):
        n = batch.num_rows
        return pc.or_kleene(_to_bool(self.left.eval(batch), n), _to_bool(self.right.eval(batch), n))


class Not(Expression):
    def __init__(self, child: Expression):
        self.children = (child,)

    @property
    def data_type(self):
        return BooleanType()

    def coerce(self):
        dt = self.children[0].data_type
        if not isinstance(dt, (BooleanType, NullType)):
            raise type_mismatch(self, f"the parameter requires the \"BOOLEAN\" type, however "
                                f"{self.children[0].sql()} has the type {_quoted_type(dt)}",
                                "UNEXPECTED_INPUT_TYPE")
        return self

    def eval(self, batch):
        return pc.invert(_to_bool(self.children[0].eval(batch), batch.num_rows))

    def sql(self):
        return f"(NOT {self.children[0].sql()})"

    def tree_string(self):
        return f"NOT {self.children[0].tree_string()}"


class IsNull(Expression):
    def __init__(self, child: Expression):
        self.children = (child,)

    @property
    def data_type(self):
        return BooleanType()

    @property
    def nullable(self):
        return False

    def eval(self, batch):
        v = self.children[0].eval(batch)
        if isinstance(v, pa.Scalar):
            return pa.scalar(not v.is_valid)
        return v.is_null()

    def sql(self):
        return f"({self.children[0].sql()} IS NULL)"

    def tree_string(self):
        return f"isnull({self.children[0].tree_string()})"


class IsNotNull(IsNull):
    def eval(self, batch):
        v = self.children[0].eval(batch)
        if isinstance(v, pa.Scalar):
            return pa.scalar(v.is_valid)
        return v.is_valid()

    def sql(self):
        return f"({self.children[0].sql()} IS NOT NULL)"

    def tree_string(self):
        return f"isnotnull({self.children[0].tree_string()})"


class IsNaN(IsNull):
    def eval(self, batch):
        v = self.children[0].eval(batch)
        return pc.fill_null(pc.is_nan(pc.cast(v, pa.float64())), False)

    def sql(self):
        return f"isnan({self.children[0].sql()})"


class In(Expression):
    """``value IN (list)``; SQL semantics: NULL when not found and the list holds a NULL."""

    def __init__(self, value: Expression, values):
        self.children = (value,) + tuple(values)

    @property
    def data_type(self):
        return BooleanType()

    def coerce(self):
        t = common_type(c.data_type for c in self.children)
        if t is None:
            value_t = self.children[0].data_type
            if all(isinstance(c, Literal) for c in self.children[1:]):
                t = value_t
            else:
                raise type_mismatch(self, "Input to `in` should all be the same type, but it's "
                                    f"[{', '.join(c.data_type.simpleString() for c in self.children)}]",
                                    "DATA_DIFF_TYPES")
        if isinstance(t, NullType):
            return self
        return self.with_children([cast_to(c, t) for c in self.children])

    def eval(self, batch):
        from .base import materialize
        n = batch.num_rows
        v = self.children[0].eval(batch)
        items = [c.eval(batch) for c in self.children[1:]]
        from .nested_compare import compare_nested, is_nested
        vt = v.type if isinstance(v, (pa.Scalar, pa.Array, pa.ChunkedArray)) else None
        if vt is not None and is_nested(vt):
            result = pa.array([False] * n)
            for i in items:
                result = pc.or_kleene(result, compare_nested("equal", v, i, n))
            return result
        if all(isinstance(i, pa.Scalar) for i in items):
            non_null = [i for i in items if i.is_valid]
            has_null = len(non_null) != len(items)
            if isinstance(v, pa.Scalar):
                v = materialize(v, n)
            if v.type == pa.null():
                return pa.nulls(n, pa.bool_())
            value_set = pa.array([i.as_py() for i in non_null], type=v.type)
            found = pc.is_in(v, value_set=value_set)
            found = pc.if_else(v.is_null(), None, found)
            if has_null:
                found = pc.if_else(found, True, None)
            return found
        result = pa.array([False] * n)
        for i in items:
            result = pc.or_kleene(result, pc.equal(v, i))
        return result

    def sql(self):
        vals = ", ".join(c.sql() for c in self.children[1:])
        return f"({self.children[0].sql()} IN ({vals}))"

    def tree_string(self):
        vals = ",".join(c.tree_string() for c in self.children[1:])
        return f"{self.children[0].tree_string()} IN ({vals})"


def like_to_regex(pattern: str, escape: str = "\\") -> str:
    out, i = ["^"], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    out.append("$")
    return "".join(out)


class Like(Expression):
    symbol = "LIKE"
    ignore_case = False

    def __init__(self, child: Expression, pattern: Expression, escape: str = "\\"):
        self.children = (child, pattern)
        self.escape = escape

    @property
    def data_type(self):
        return BooleanType()

    def coerce(self):
        return self.with_children([cast_to(c, StringType()) for c in self.children])

    def eval(self, batch):
        v = self.children[0].eval(batch)
        p = self.children[1].eval(batch)
        if isinstance(p, pa.Scalar):
            if not p.is_valid:
                return pa.nulls(batch.num_rows, pa.bool_())
            pat = p.as_py()
            if self.escape == "\\" and "\\" not in pat:
                return pc.match_like(v, pat, ignore_case=self.ignore_case)
            return pc.match_substring_regex(v, like_to_regex(pat, self.escape),
                                            ignore_case=self.ignore_case)
        vals = v.to_pylist() if not isinstance(v, pa.Scalar) else [v.as_py()] * batch.num_rows
        return pa.array([None if a is None or b is None else
                         re.match(like_to_regex(b, self.escape), a, re.S |
                                  (re.I if self.ignore_case else 0)) is not None
                         for a, b in zip(vals, p.to_pylist())], type=pa.bool_())

    def sql(self):
        return f"{self.children[0].sql()} {self.symbol} {self.children[1].sql()}"


class ILike(Like):
    symbol = "ILIKE"
    ignore_case = True

    def sql(self):
        return f"ilike({self.children[0].sql()}, {self.children[1].sql()})"


class RLike(Like):
    symbol = "RLIKE"

    def sql(self):
        return f"RLIKE({self.children[0].sql()}, {self.children[1].sql()})"

    def eval(self, batch):
        v = self.children[0].eval(batch)
        p = self.children[1].eval(batch)
        if isinstance(p, pa.Scalar):
            if not p.is_valid:
                return pa.nulls(batch.num_rows, pa.bool_())
            return pc.match_substring_regex(v, p.as_py())
        vals = v.to_pylist() if not isinstance(v, pa.Scalar) else [v.as_py()] * batch.num_rows
        return pa.array([None if a is None or b is None else re.search(b, a) is not None
                         for a, b in zip(vals, p.to_pylist())], type=pa.bool_())


class Between(And):
    """``x BETWEEN lo AND hi`` (SQL text): evaluated as ``x >= lo AND x <= hi``, named as
    written. (``Column.between`` builds the plain conjunction, as PySpark names it.)"""

    def __init__(self, value: Expression, low: Expression, high: Expression):
        super().__init__(GreaterThanOrEqual(value, low).coerce(),
                         LessThanOrEqual(value, high).coerce())

    def sql(self):
        v, lo = self.left.children
        hi = self.right.children[1]
        return f"between({v.sql()}, {lo.sql()}, {hi.sql()})"


def split_conjuncts(e: Expression):
    if isinstance(e, And):
        return split_conjuncts(e.left) + split_conjuncts(e.right)
    return [e]


def combine_conjuncts(es):
    es = list(es)
    if not es:
        return None
    out = es[0]
    for e in es[1:]:
        out = And(out, e)
    return out
