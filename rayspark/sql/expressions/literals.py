"""Literals: Python values to typed ``Literal`` expressions, and how Spark prints them and
column names (back-quoting names that need it)."""
from __future__ import annotations

import datetime
import decimal
import re
from typing import Any, List

from ..types import (ArrayType, BinaryType, BooleanType, DataType, DateType, DecimalType,
                     DoubleType, FloatType, IntegerType, LongType, MapType, NullType, StringType,
                     StructType, TimestampNTZType, TimestampType, ByteType, ShortType,
                     DayTimeIntervalType)
from ...errors import PySparkTypeError

__all__ = ["lit_expr", "infer_literal_type", "literal_sql", "quote_if_needed",
           "parse_attribute_name"]

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_if_needed(name: str) -> str:
    if _PLAIN.match(name):
        return name
    return "`" + name.replace("`", "``") + "`"


def parse_attribute_name(name: str) -> List[str]:
    """Split ``a.b`` / ```a.b`.c`` into name parts the way Spark does for ``col()``."""
    parts, cur, i, in_quote = [], [], 0, False
    while i < len(name):
        ch = name[i]
        if in_quote:
            if ch == "`":
                if i + 1 < len(name) and name[i + 1] == "`":
                    cur.append("`")
                    i += 1
                else:
                    in_quote = False
            else:
                cur.append(ch)
        elif ch == "`":
            in_quote = True
        elif ch == ".":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    if in_quote:
        from ...errors import AnalysisException
        raise AnalysisException(
            f"Syntax error in attribute name: {name}.", "INVALID_ATTRIBUTE_NAME_SYNTAX",
            {"name": name})
    parts.append("".join(cur))
    return parts


def infer_literal_type(value: Any) -> DataType:
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return BooleanType()
    if isinstance(value, int):
        return IntegerType() if -(1 << 31) <= value < (1 << 31) else LongType()
    if isinstance(value, float):
        return DoubleType()
    if isinstance(value, str):
        return StringType()
    if isinstance(value, decimal.Decimal):
        sign, digits, exp = value.as_tuple()
        scale = max(0, -exp)
        precision = max(len(digits), scale, 1)
        return DecimalType(min(38, precision), scale)
    if isinstance(value, datetime.datetime):
        return TimestampType()
    if isinstance(value, datetime.date):
        return DateType()
    if isinstance(value, datetime.timedelta):
        return DayTimeIntervalType()
    if isinstance(value, (bytes, bytearray)):
        return BinaryType()
    if isinstance(value, (list, tuple)):
        elem = NullType()
        from ..types import _merge_type
        for v in value:
            elem = _merge_type(elem, infer_literal_type(v))
        return ArrayType(elem, True)
    try:
        import numpy as np
        if isinstance(value, np.generic):
            return infer_literal_type(value.item())
    except ImportError:  # pragma: no cover
        pass
    raise PySparkTypeError(
        f"[UNSUPPORTED_LITERAL] Unsupported Literal '{value!r}'.", "UNSUPPORTED_LITERAL",
        {"literal": repr(value)})


def lit_expr(value: Any):
    from .base import Literal
    try:
        import numpy as np
        if isinstance(value, np.generic):
            value = value.item()
    except ImportError:  # pragma: no cover
        pass
    dt = infer_literal_type(value)
    if isinstance(value, tuple):
        value = list(value)
    return Literal(value, dt)


def _fmt_double(v: float) -> str:
    try:
        from ..execution.cast_string import format_double
        return format_double(v)
    except ImportError:  # pragma: no cover - until the formatting module lands
        return repr(v)


def literal_sql(value: Any, dt: DataType, pretty: bool = False) -> str:
    """Spark's text for a literal: pretty (column names) drops quotes and type suffixes."""
    if value is None:
        return "NULL"
    if isinstance(dt, BooleanType):
        return "true" if value else "false"
    if isinstance(dt, StringType):
        if pretty:
            return value
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(dt, LongType):
        return str(value) if pretty else f"{value}L"
    if isinstance(dt, (IntegerType,)):
        return str(value)
    if isinstance(dt, ShortType):
        return str(value) if pretty else f"{value}S"
    if isinstance(dt, ByteType):
        return str(value) if pretty else f"{value}Y"
    if isinstance(dt, DoubleType):
        s = _fmt_double(float(value))
        return s if pretty else f"{s}D"
    if isinstance(dt, FloatType):
        return _fmt_double(float(value))
    if isinstance(dt, DecimalType):
        return str(value) if pretty else f"{value}BD"
    if isinstance(dt, DateType):
        return f"DATE '{value.isoformat()}'"
    if isinstance(dt, (TimestampType, TimestampNTZType)):
        kw = "TIMESTAMP" if isinstance(dt, TimestampType) else "TIMESTAMP_NTZ"
        s = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.microsecond:
            s += (".%06d" % value.microsecond).rstrip("0")
        return f"{kw} '{s}'"
    if isinstance(dt, BinaryType):
        return "X'" + bytes(value).hex().upper() + "'"
    if isinstance(dt, ArrayType):
        return "array(" + ", ".join(literal_sql(v, dt.elementType, pretty) for v in value) + ")"
    return str(value)
