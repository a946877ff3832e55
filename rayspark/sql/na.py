"""Missing-value handling behind ``DataFrame.na`` / ``fillna`` / ``dropna`` / ``replace``.

Every operation is a plain projection or filter over the DataFrame (``coalesce``,
``CASE WHEN``, a non-null count), so it runs inside the same distributed stage as the rest
of the plan. Spark's rules that are reproduced here:

* ``fill`` with a scalar touches only columns of the matching kind (a number fills every
  numeric column, the number being cast to the column's type; a string fills string
  columns; a bool fills boolean columns); NaN counts as missing in float/double columns.
  A dict maps column names to values that are cast to the column type whatever they are.
* ``drop`` keeps a row when it has at least ``thresh`` values that are neither null nor NaN.
* ``replace`` picks the target kind (numeric / string / boolean) from the first key and
  rewrites only columns of that kind with a ``CASE col WHEN key THEN value ... ELSE col``.
"""
from __future__ import annotations

import math
import warnings
from typing import Any, Dict, List, Optional

from .. import errors as _errors
from ..errors import (AnalysisException, IllegalArgumentException, PySparkException,
                      PySparkTypeError, PySparkValueError)
from .column import Column
from .expressions.base import Alias, AttributeReference, Literal
from .types import (BooleanType, DoubleType, FloatType, LongType, IntegerType, NumericType,
                    StringType)

__all__ = ["drop_na", "fill_na", "replace_values", "NoValue"]


class _NoValueType:
    """Marker for "``value`` was not passed" (``replace(to_replace)`` without a value)."""

    def __repr__(self):
        return "<no value>"


NoValue = _NoValueType()

UnsupportedOperationException = getattr(_errors, "UnsupportedOperationException", None)
if UnsupportedOperationException is None:  # pragma: no cover - depends on rayspark.errors
    class UnsupportedOperationException(PySparkException):  # type: ignore[no-redef]
        """An operation the engine does not support (Spark's UnsupportedOperationException)."""


def _type_name(v) -> str:
    return type(v).__name__


def _nested_error(name: str) -> Exception:
    parts = ".".join(f"`{p}`" for p in _split_name(name))
    return UnsupportedOperationException(
        f"The feature is not supported: The "
        f"replace function does not support nested column {parts}. SQLSTATE: 0A000",
        "UNSUPPORTED_FEATURE.REPLACE_NESTED_COLUMN", {"colName": parts})


def _split_name(name: str) -> List[str]:
    from .expressions.literals import parse_attribute_name
    try:
        return parse_attribute_name(name)
    except AnalysisException:
        return [name]


def _resolve_name(df, name: str):
    """``df.resolve(name)``: an attribute of ``df`` or a nested-field expression."""
    return df._resolve_col(name)


def _is_float_col(dt) -> bool:
    return isinstance(dt, (FloatType, DoubleType))


def _java_value_type(v) -> str:
    """The Java class name py4j would give ``v`` (for Spark's error messages)."""
    if isinstance(v, bool):
        return "java.lang.Boolean"
    if isinstance(v, int):
        return "java.lang.Integer" if -(1 << 31) <= v < (1 << 31) else "java.lang.Long"
    if isinstance(v, float):
        return "java.lang.Double"
    if isinstance(v, str):
        return "java.lang.String"
    if isinstance(v, (list, tuple)):
        return "java.util.ArrayList"
    if isinstance(v, dict):
        return "java.util.HashMap"
    return type(v).__name__


def _java_repr(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_java_repr(x) for x in v) + "]"
    if v is None:
        return "null"
    return str(v)


# ---------------------------------------------------------------------------------------
# fill
# ---------------------------------------------------------------------------------------
def _literal_for(value):
    """The literal a fill/replace value becomes on the JVM side (ints as int/long, floats as
    double, strings, booleans)."""
    if isinstance(value, bool):
        return Literal(value, BooleanType())
    if isinstance(value, int):
        if -(1 << 31) <= value < (1 << 31):
            return Literal(value, IntegerType())
        return Literal(value, LongType())
    if isinstance(value, float):
        return Literal(value, DoubleType())
    if isinstance(value, str):
        return Literal(value, StringType())
    raise IllegalArgumentException(
        f"Unsupported value type {_java_value_type(value)} ({_java_repr(value)}).")


def _fill_column(attr: AttributeReference, lit_expr) -> Column:
    """``coalesce(nanvl(col, null), cast(value as col type)) AS col``."""
    from . import functions as F
    c = Column(attr)
    if _is_float_col(attr.data_type):
        c = F.when(~F.isnan(c), c)
    filled = F.coalesce(c, Column(lit_expr).cast(attr.data_type))
    if _fill_nullable(attr, lit_expr):
        # Spark's analysed plan keeps the column nullable when the replacement value's
        # cast could fail (a narrowing numeric cast or a cast to decimal); mirror that in
        # the schema without changing any value.
        filled = F.when(F.lit(True), filled)
    return filled.alias(attr.name)


def _fill_nullable(attr, lit_expr) -> bool:
    """Whether Spark's ``cast(value AS col type)`` may produce null (so the filled column
    stays nullable): from a string, fractional to integral, integral narrowing, or into a
    decimal that cannot hold every source value."""
    from .types import ByteType, DecimalType, IntegralType, ShortType
    if not attr.nullable:
        return False
    src, dst = lit_expr.data_type, attr.data_type
    if isinstance(src, StringType):
        return not isinstance(dst, StringType)
    digits = {ByteType: 3, ShortType: 5, IntegerType: 10, LongType: 20}
    if isinstance(dst, DecimalType):
        need = digits.get(type(src))
        return need is None or dst.precision - dst.scale < need
    if isinstance(src, (FloatType, DoubleType)) and isinstance(dst, IntegralType):
        return True
    if isinstance(src, IntegralType) and isinstance(dst, IntegralType):
        return digits[type(dst)] < digits[type(src)]
    return False


def fill_na(df, value, subset=None):
    if not isinstance(value, (float, int, str, bool, dict)):
        raise PySparkTypeError(
            f"Argument `value` should be bool, dict, float, int or str, "
            f"got {_type_name(value)}.", "NOT_EXPECTED_TYPE",
            {"arg_name": "value", "expected_type": "bool, dict, float, int or str",
             "arg_type": _type_name(value)})
    if isinstance(value, dict):
        return _fill_map(df, value)
    # Python ints travel as doubles (PySpark calls fill(Double)); bools stay bools
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if subset is not None:
        if isinstance(subset, str):
            subset = [subset]
        elif not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                f"Argument `subset` should be list or tuple, got "
                f"{_type_name(subset)}.", "NOT_EXPECTED_TYPE",
                {"arg_name": "subset", "expected_type": "list or tuple",
                 "arg_type": _type_name(subset)})
    return _fill_value(df, value, subset)


def _fill_value(df, value, subset):
    attrs = df._attrs()
    if subset is None:
        targets = {a.expr_id for a in attrs}
    else:
        targets = set()
        for name in subset:
            e = _resolve_name(df, name)
            if isinstance(e, AttributeReference):  # nested fields are silently skipped
                targets.add(e.expr_id)
    lit_expr = _literal_for(value)
    out = []
    for a in attrs:
        dt = a.data_type
        if isinstance(value, bool):
            matches = isinstance(dt, BooleanType)
        elif isinstance(value, float):
            matches = isinstance(dt, NumericType)
        else:
            matches = isinstance(dt, StringType)
        if matches and a.expr_id in targets:
            out.append(_fill_column(a, lit_expr))
        else:
            out.append(Column(a))
    return df.select(*out)


def _fill_map(df, values: Dict[str, Any]):
    by_id = {}
    for name, v in values.items():
        if not isinstance(name, str):
            raise PySparkTypeError(
                f"Argument `value` should be a dict with str keys, got key "
                f"{name!r} of type {_type_name(name)}.", "NOT_STR")
        e = _resolve_name(df, name)
        if not isinstance(e, AttributeReference):
            raise _nested_error(name)
        if v is None or not isinstance(v, (bool, int, float, str)):
            raise IllegalArgumentException(
                f"Unsupported value type {_java_value_type(v)} ({_java_repr(v)}).")
        by_id[e.expr_id] = v
    out = []
    for a in df._attrs():
        if a.expr_id in by_id:
            out.append(_fill_column(a, _literal_for(by_id[a.expr_id])))
        else:
            out.append(Column(a))
    return df.select(*out)


# ---------------------------------------------------------------------------------------
# drop
# ---------------------------------------------------------------------------------------
def drop_na(df, how="any", thresh: Optional[int] = None, subset=None):
    from . import functions as F
    if isinstance(thresh, str):
        # PySpark hands a str ``thresh`` to the JVM's drop(how, cols)
        if thresh.lower() not in ("any", "all"):
            raise IllegalArgumentException(f"how ({thresh}) must be 'any' or 'all'")
        how, thresh = thresh.lower(), None
    elif how is not None and how not in ("any", "all"):
        raise PySparkValueError(
            "Value for `how` has to be amongst the following values: "
            "['any', 'all'].", "VALUE_NOT_ALLOWED",
            {"arg_name": "how", "allowed_values": "['any', 'all']"})
    if subset is None:
        exprs = list(df._attrs())
    else:
        if isinstance(subset, str):
            subset = [subset]
        elif not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                f"Argument `subset` should be list, str or tuple, got "
                f"{_type_name(subset)}.", "NOT_EXPECTED_TYPE",
                {"arg_name": "subset", "expected_type": "list, str or tuple",
                 "arg_type": _type_name(subset)})
        exprs = [_resolve_name(df, n) for n in subset]
    if thresh is None:
        thresh = len(exprs) if how == "any" else 1
    thresh = int(thresh)
    if thresh <= 0:
        return df.filter(F.lit(True))
    if thresh > len(exprs):
        return df.filter(F.lit(False))
    # at least ``thresh`` values that are neither null nor NaN
    present = None
    for e in exprs:
        c = Column(e)
        ok = c.isNotNull()
        if _is_float_col(e.data_type):
            ok = ok & ~F.isnan(c)
        term = F.when(ok, F.lit(1)).otherwise(F.lit(0))
        present = term if present is None else present + term
    return df.filter(present >= F.lit(thresh))


# ---------------------------------------------------------------------------------------
# replace
# ---------------------------------------------------------------------------------------
def _all_of(types, xs) -> bool:
    return all(isinstance(x, types) for x in xs)


def replace_values(df, to_replace, value=NoValue, subset=None):
    if value is NoValue:
        if isinstance(to_replace, dict):
            value = None
        else:
            raise PySparkTypeError(
                "Argument `value` is required when `to_replace` is dict.",
                "ARGUMENT_REQUIRED",
                {"arg_name": "value", "condition": "`to_replace` is dict"})
    valid = (bool, float, int, str, list, tuple)
    if not isinstance(to_replace, valid + (dict,)):
        raise PySparkTypeError(
            f"Argument `to_replace` should be bool, dict, float, int, str "
            f"or tuple, got {_type_name(to_replace)}.", "NOT_EXPECTED_TYPE",
            {"arg_name": "to_replace",
             "expected_type": "bool, dict, float, int, str or tuple",
             "arg_type": _type_name(to_replace)})
    if value is not None and not isinstance(value, valid) and not isinstance(to_replace, dict):
        raise PySparkTypeError(
            f"Argument `value` should be bool, float, int, list, None, str or tuple, got "
            f"{_type_name(value)}.", "NOT_EXPECTED_TYPE",
            {"arg_name": "value",
             "expected_type": "bool, float, int, list, None, str or tuple",
             "arg_type": _type_name(value)})
    if isinstance(to_replace, (list, tuple)) and isinstance(value, (list, tuple)) \
            and len(to_replace) != len(value):
        raise PySparkValueError(
            f"to_replace and value should be of the same length, "
            f"got {len(to_replace)} and {len(value)}.", "LENGTH_SHOULD_BE_THE_SAME",
            {"arg1": "to_replace", "arg2": "value", "arg1_length": str(len(to_replace)),
             "arg2_length": str(len(value))})
    if not (subset is None or isinstance(subset, (list, tuple, str))):
        raise PySparkTypeError(
            f"Argument `subset` should be list, str or tuple, got {_type_name(subset)}.",
            "NOT_EXPECTED_TYPE",
            {"arg_name": "subset", "expected_type": "list, str or tuple",
             "arg_type": _type_name(subset)})
    if isinstance(to_replace, (float, int, str)):
        to_replace = [to_replace]
    if isinstance(to_replace, dict):
        rep = dict(to_replace)
        if value is not None:
            warnings.warn("to_replace is a dict and value is not None. value will be ignored.")
    else:
        if isinstance(value, (float, int, str)) or value is None:
            value = [value] * len(to_replace)
        rep = dict(zip(to_replace, value))
    if isinstance(subset, str):
        subset = [subset]
    vals = [v for v in rep.values() if v is not None]
    if not any(_all_of(t, rep.keys()) and _all_of(t, vals)
               for t in (bool, str, (float, int))):
        raise PySparkValueError(
            "Mixed type replacements are not supported.",
            "MIXED_TYPE_REPLACEMENT")
    if subset is None:
        attrs = list(df._attrs())
    else:
        attrs = []
        for name in subset:
            e = _resolve_name(df, name)
            if not isinstance(e, AttributeReference):
                raise _nested_error(name)
            attrs.append(e)
    if not rep or not attrs:
        return df
    return _replace0(df, attrs, rep)


def _as_double(v) -> float:
    if isinstance(v, bool):
        raise IllegalArgumentException(
            f"Unsupported value type java.lang.Boolean ({_java_repr(v)}).")
    return float(v)


def _replace0(df, attrs, rep: dict):
    from . import functions as F
    # Spark turns numbers into doubles; strings, booleans and nulls stay as they are
    pairs = []
    for k, v in rep.items():
        if isinstance(v, (str, bool)):
            pairs.append((k, v))
        elif v is None:
            pairs.append((k if isinstance(k, (str, bool)) else _as_double(k), None))
        else:
            pairs.append((_as_double(k), _as_double(v)))
    first = next(iter(rep))
    if isinstance(first, bool):
        kind = "bool"
    elif isinstance(first, str):
        kind = "string"
    else:
        kind = "numeric"
    ids = {a.expr_id for a in attrs}
    out = []
    for a in df._attrs():
        dt = a.data_type
        if a.expr_id in ids and (
                (kind == "numeric" and isinstance(dt, NumericType)) or
                (kind == "string" and isinstance(dt, StringType)) or
                (kind == "bool" and isinstance(dt, BooleanType))):
            out.append(_replace_column(a, pairs))
        else:
            out.append(Column(a))
    return df.select(*out)


def _replace_column(attr, pairs) -> Column:
    from . import functions as F
    c = Column(attr)
    expr = None
    for k, v in pairs:
        if isinstance(k, float) and math.isnan(k):
            cond = F.isnan(c) if _is_float_col(attr.data_type) else F.lit(False)
        else:
            cond = c == Column(_literal_for(k))
        val = Column(Literal(None, attr.data_type)) if v is None else \
            Column(_literal_for(v)).cast(attr.data_type)
        expr = F.when(cond, val) if expr is None else expr.when(cond, val)
    return expr.otherwise(c).alias(attr.name)
