"""``Column``: a handle on an expression, with PySpark's operators and methods.

Columns are built before they are resolved (``col("a")`` names a column of whatever
DataFrame it is used with); ``df["a"]`` / ``df.a`` are resolved at once against that
DataFrame, which is how a join tells ``df1.id`` from ``df2.id``."""
from __future__ import annotations

from typing import Any, Iterable, Union

from ..errors import PySparkTypeError, PySparkValueError
from .expressions import arithmetic as ar
from .expressions import predicates as pr
from .expressions.base import (Alias, Expression, SortOrder, UnresolvedAttribute,
                               UnresolvedStar)
from .expressions.cast import Cast
from .expressions.complex import GetItem, GetStructField
from .expressions.conditional import CaseWhen
from .expressions.literals import lit_expr

__all__ = ["Column", "to_expr", "col_expr"]


def col_expr(name: str) -> Expression:
    if name == "*":
        return UnresolvedStar()
    if name.endswith(".*"):
        from .expressions.literals import parse_attribute_name
        return UnresolvedStar(parse_attribute_name(name[:-2]))
    return UnresolvedAttribute.quoted(name)


def to_expr(value: Any) -> Expression:
    """A Column's expression, or a literal for a plain Python value."""
    if isinstance(value, Column):
        return value._expr
    if isinstance(value, Expression):
        return value
    return lit_expr(value)


def _name_expr(value: Any) -> Expression:
    """Arguments of functions like ``F.sum("x")``: a string names a column."""
    if isinstance(value, str):
        return col_expr(value)
    return to_expr(value)


def _bin(op):
    def method(self, other):
        return Column(op(self._expr, to_expr(other)))
    return method


def _rbin(op):
    def method(self, other):
        return Column(op(to_expr(other), self._expr))
    return method


class Column:
    __slots__ = ("_expr",)

    def __init__(self, expr: Expression):
        self._expr = expr

    # arithmetic
    __add__ = _bin(ar.Add)
    __radd__ = _rbin(ar.Add)
    __sub__ = _bin(ar.Subtract)
    __rsub__ = _rbin(ar.Subtract)
    __mul__ = _bin(ar.Multiply)
    __rmul__ = _rbin(ar.Multiply)
    __truediv__ = _bin(ar.Divide)
    __rtruediv__ = _rbin(ar.Divide)
    __div__ = __truediv__
    __mod__ = _bin(ar.Remainder)
    __rmod__ = _rbin(ar.Remainder)

    def __pow__(self, other):
        from . import functions as F
        return F.pow(self, other)

    def __rpow__(self, other):
        from . import functions as F
        return F.pow(other, self)

    def __neg__(self):
        return Column(ar.UnaryMinus(self._expr))

    # comparison
    __eq__ = _bin(pr.EqualTo)
    __ne__ = _bin(lambda a, b: pr.Not(pr.EqualTo(a, b)))
    __lt__ = _bin(pr.LessThan)
    __le__ = _bin(pr.LessThanOrEqual)
    __gt__ = _bin(pr.GreaterThan)
    __ge__ = _bin(pr.GreaterThanOrEqual)
    eqNullSafe = _bin(pr.EqualNullSafe)

    # logic
    __and__ = _bin(pr.And)
    __rand__ = _rbin(pr.And)
    __or__ = _bin(pr.Or)
    __ror__ = _rbin(pr.Or)

    def __invert__(self):
        return Column(pr.Not(self._expr))

    def bitwiseAND(self, other):
        from . import functions as F
        return F._bitwise("&", self, other)

    def bitwiseOR(self, other):
        from . import functions as F
        return F._bitwise("|", self, other)

    def bitwiseXOR(self, other):
        from . import functions as F
        return F._bitwise("^", self, other)

    def __bool__(self):
        raise PySparkValueError(
            "[CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool: please use '&' "
            "for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean "
            "expressions.", "CANNOT_CONVERT_COLUMN_INTO_BOOL")

    __nonzero__ = __bool__

    def __iter__(self):
        raise PySparkTypeError("[NOT_ITERABLE] Column is not iterable.", "NOT_ITERABLE",
                               {"objectName": "Column"})

    def __contains__(self, item):
        raise PySparkValueError(
            "[CANNOT_APPLY_IN_FOR_COLUMN] Cannot apply 'in' operator against a column: please "
            "use 'contains' in a string column or 'array_contains' function for an array "
            "column.", "CANNOT_APPLY_IN_FOR_COLUMN")

    __hash__ = None  # type: ignore[assignment]

    # nulls, membership, patterns
    def isNull(self):
        return Column(pr.IsNull(self._expr))

    def isNotNull(self):
        return Column(pr.IsNotNull(self._expr))

    def isNaN(self):
        return Column(pr.IsNaN(self._expr))

    def isin(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
            cols = tuple(cols[0])
        return Column(pr.In(self._expr, [to_expr(c) for c in cols]))

    def between(self, lowerBound, upperBound):
        return (self >= lowerBound) & (self <= upperBound)

    def like(self, other: str):
        return Column(pr.Like(self._expr, lit_expr(other)))

    def ilike(self, other: str):
        return Column(pr.ILike(self._expr, lit_expr(other)))

    def rlike(self, other: str):
        return Column(pr.RLike(self._expr, lit_expr(other)))

    def startswith(self, other):
        from . import functions as F
        return F.startswith(self, other if isinstance(other, Column) else F.lit(other))

    def endswith(self, other):
        from . import functions as F
        return F.endswith(self, other if isinstance(other, Column) else F.lit(other))

    def contains(self, other):
        from . import functions as F
        return F.contains(self, other if isinstance(other, Column) else F.lit(other))

    def substr(self, startPos, length):
        from . import functions as F
        return F.substr(self, startPos if isinstance(startPos, Column) else F.lit(startPos),
                        length if isinstance(length, Column) else F.lit(length))

    # names and types
    def alias(self, *alias: str, **kwargs):
        metadata = kwargs.get("metadata")
        if len(alias) == 1:
            return Column(Alias(self._expr, alias[0], metadata=metadata))
        from .expressions.generators import MultiAlias
        return Column(MultiAlias(self._expr, list(alias)))

    name = alias

    def cast(self, dataType):
        from .types import DataType, _parse_datatype_string
        if isinstance(dataType, str):
            dataType = _parse_datatype_string(dataType)
        elif not isinstance(dataType, DataType):
            raise PySparkTypeError(
                f"[NOT_DATATYPE_OR_STR] Argument `dataType` should be a DataType or str, got "
                f"{type(dataType).__name__}.", "NOT_DATATYPE_OR_STR")
        return Column(Cast(self._expr, dataType, keep_name=True))

    astype = cast

    def try_cast(self, dataType):
        from .types import _parse_datatype_string
        if isinstance(dataType, str):
            dataType = _parse_datatype_string(dataType)
        return Column(Cast(self._expr, dataType, keep_name=True, try_=True))

    # complex types
    def getItem(self, key):
        return Column(GetItem(self._expr, to_expr(key)))

    def getField(self, name):
        return Column(GetItem(self._expr, lit_expr(name)))

    def __getitem__(self, k):
        if isinstance(k, slice):
            if k.step is not None:
                raise PySparkValueError("[SLICE_WITH_STEP] Slice with step is not supported.",
                                        "SLICE_WITH_STEP")
            return self.substr(k.start, k.stop)
        return Column(GetItem(self._expr, to_expr(k)))

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        return self.getField(item)

    def withField(self, fieldName, col):
        from .expressions.collection_functions import with_field
        return Column(with_field(self._expr, fieldName, to_expr(col)))

    def dropFields(self, *fieldNames):
        from .expressions.collection_functions import drop_fields
        return Column(drop_fields(self._expr, list(fieldNames)))

    # sorting
    def asc(self):
        return Column(SortOrder(self._expr, True, True))

    def asc_nulls_first(self):
        return Column(SortOrder(self._expr, True, True))

    def asc_nulls_last(self):
        return Column(SortOrder(self._expr, True, False))

    def desc(self):
        return Column(SortOrder(self._expr, False, False))

    def desc_nulls_first(self):
        return Column(SortOrder(self._expr, False, True))

    def desc_nulls_last(self):
        return Column(SortOrder(self._expr, False, False))

    # conditionals and windows
    def when(self, condition, value):
        e = self._expr
        if not isinstance(e, CaseWhen) or e.has_else:
            raise PySparkValueError(
                "[INVALID_WHEN_USAGE] when() can only be applied on a Column previously "
                "generated by when() function, and cannot be applied once otherwise() is "
                "applied.", "INVALID_WHEN_USAGE")
        return Column(CaseWhen(e.branches + [(to_expr(condition), to_expr(value))]))

    def otherwise(self, value):
        e = self._expr
        if not isinstance(e, CaseWhen) or e.has_else:
            raise PySparkValueError(
                "[INVALID_WHEN_USAGE] otherwise() can only be applied on a Column previously "
                "generated by when(), and cannot be applied once otherwise() is applied.",
                "INVALID_WHEN_USAGE")
        return Column(CaseWhen(e.branches, to_expr(value)))

    def over(self, window=None):
        from .window import WindowSpec
        from .expressions.window_expr import WindowExpression
        spec = window if window is not None else WindowSpec()
        return Column(WindowExpression(self._expr, spec._spec()))

    def outer(self):
        return self

    def transform(self, f):
        """``f(self)``: chain column functions (``col.transform(F.trim)``)."""
        return f(self)

    def __repr__(self):
        return f"Column<'{self._expr.sql()}'>"

    def __str__(self):
        return self.__repr__()
