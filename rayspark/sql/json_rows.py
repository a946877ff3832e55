"""One Row as the JSON text ``DataFrame.toJSON`` produces (Spark's JSON generator with its
default options).

* Struct fields (top level and nested) whose value is null are left out; nulls inside
  arrays and map values are written as ``null``.
* Numbers as the JVM prints them (``1.0E20``, ``1.23456792E8`` for floats, decimals with
  their scale as ``BigDecimal.toString``); NaN and infinities as quoted strings.
* Timestamps ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` in the session time zone (``Z`` for UTC),
  timestamp_ntz ``yyyy-MM-dd'T'HH:mm:ss.SSS``, dates ``yyyy-MM-dd``, binary as base64,
  intervals as their SQL literal text.
* Map keys are the key's plain text (dates and timestamps as their internal day / micro
  counts, like Spark).
* Strings escaped like Jackson: quote, backslash and control characters only.
"""
from __future__ import annotations

import base64
import datetime
import decimal
import re
from typing import Any, Optional

from .types import (ArrayType, BinaryType, BooleanType, ByteType, CharType, DataType,
                    DateType, DayTimeIntervalType, DecimalType, DoubleType, FloatType,
                    IntegerType, LongType, MapType, NullType, ShortType, StringType,
                    StructType, TimestampNTZType, TimestampType, VarcharType,
                    YearMonthIntervalType)

__all__ = ["row_to_json", "json_string"]

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def json_string(text: str) -> str:
    """A JSON string literal, escaped the way Jackson does (non-ASCII kept as is)."""
    if not _NEEDS_ESCAPE.search(text):
        return '"' + text + '"'
    return '"' + _NEEDS_ESCAPE.sub(
        lambda m: _ESCAPES.get(m.group(), "\\u%04X" % ord(m.group())), text) + '"'


def _zone(name: Optional[str]):
    from .arrow_types import _zone as zone_info
    return zone_info(name)


def _session_zone() -> Optional[str]:
    try:
        from .session import SparkSession
        active = getattr(SparkSession, "_active", None)
        if active is not None:
            return active._timezone()
    except Exception:  # pragma: no cover
        pass
    return None


def _offset_text(offset: Optional[datetime.timedelta]) -> str:
    if not offset:
        return "Z"
    secs = int(offset.total_seconds())
    sign = "+" if secs >= 0 else "-"
    secs = abs(secs)
    return "%s%02d:%02d" % (sign, secs // 3600, (secs % 3600) // 60)


def _wall(value: datetime.datetime) -> str:
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03d" % (
        value.year, value.month, value.day, value.hour, value.minute, value.second,
        value.microsecond // 1000)


def _as_local(value: datetime.datetime) -> datetime.datetime:
    """A naive wall clock of the process' local zone as an aware datetime (at the ends of the
    datetime range, where the local zone cannot be applied, as UTC)."""
    try:
        return value.astimezone()
    except (OverflowError, ValueError):
        return value.replace(tzinfo=datetime.timezone.utc)


def _timestamp(value: datetime.datetime, zone) -> str:
    # rows carry naive wall-clock times in the Python process' local zone (as PySpark's
    # collect returns them); JSON prints them in the session zone
    aware = (_as_local(value) if value.tzinfo is None else value).astimezone(
        zone or datetime.timezone.utc)
    return _wall(aware) + _offset_text(aware.utcoffset())


def _decimal_text(value, dt: DecimalType) -> str:
    d = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    if d.is_finite():
        with decimal.localcontext() as ctx:
            ctx.prec = 80
            d = d.quantize(decimal.Decimal(1).scaleb(-dt.scale))
    return str(d)


def _java_number(text: str) -> str:
    return '"' + text + '"' if text in ("NaN", "Infinity", "-Infinity") else text


def _key_text(key: Any, dt: DataType, zone) -> str:
    """Map keys are written with the key's plain string form."""
    if key is None:
        return "null"
    if isinstance(dt, BooleanType):
        return "true" if key else "false"
    if isinstance(dt, (DoubleType, FloatType)):
        from .execution.cast_string import format_double, format_float
        return format_double(key) if isinstance(dt, DoubleType) else format_float(key)
    if isinstance(dt, DateType):
        return str((key - _EPOCH_DATE).days)
    if isinstance(dt, (TimestampType, TimestampNTZType)):
        if isinstance(dt, TimestampType):
            aware = _as_local(key) if key.tzinfo is None else key
        else:
            aware = key.replace(tzinfo=datetime.timezone.utc)
        delta = aware - _EPOCH_UTC
        return str(delta.days * 86_400_000_000 + delta.seconds * 1_000_000 +
                   delta.microseconds)
    if isinstance(dt, DecimalType):
        return _decimal_text(key, dt)
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return str(key)
    return _value(key, dt, zone)


def _value(v: Any, dt: DataType, zone) -> str:
    if v is None:
        return "null"
    if isinstance(dt, StructType):
        return _struct(v, dt, zone)
    if isinstance(dt, ArrayType):
        return "[" + ",".join(_value(x, dt.elementType, zone) for x in v) + "]"
    if isinstance(dt, MapType):
        pairs = v.items() if isinstance(v, dict) else v
        return "{" + ",".join(json_string(_key_text(k, dt.keyType, zone)) + ":" +
                              _value(x, dt.valueType, zone) for k, x in pairs) + "}"
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return json_string(str(v))
    if isinstance(dt, BooleanType):
        return "true" if v else "false"
    if isinstance(dt, (ByteType, ShortType, IntegerType, LongType)):
        return str(int(v))
    if isinstance(dt, DoubleType):
        from .execution.cast_string import format_double
        return _java_number(format_double(v))
    if isinstance(dt, FloatType):
        from .execution.cast_string import format_float
        return _java_number(format_float(v))
    if isinstance(dt, DecimalType):
        return _decimal_text(v, dt)
    if isinstance(dt, TimestampNTZType):
        return '"' + _wall(v) + '"'
    if isinstance(dt, TimestampType):
        return '"' + _timestamp(v, zone) + '"'
    if isinstance(dt, DateType):
        from .execution.cast_string import format_date
        return '"' + format_date(v) + '"'
    if isinstance(dt, BinaryType):
        return '"' + base64.b64encode(bytes(v)).decode("ascii") + '"'
    if isinstance(dt, DayTimeIntervalType):
        from .execution.cast_string import format_day_time_interval
        micros = v if isinstance(v, int) else (
            v.days * 86_400_000_000 + v.seconds * 1_000_000 + v.microseconds)
        return json_string(format_day_time_interval(micros, dt.startField, dt.endField))
    if isinstance(dt, YearMonthIntervalType):
        from .execution.cast_string import format_year_month_interval
        return json_string(format_year_month_interval(int(v), dt.startField, dt.endField))
    if isinstance(dt, NullType):
        return "null"
    return json_string(str(v))


def _struct(v: Any, dt: StructType, zone) -> str:
    if isinstance(v, dict):
        values = [v.get(f.name) for f in dt.fields]
    else:
        values = list(v)
    items = []
    for f, x in zip(dt.fields, values):
        if x is None:
            continue
        items.append(json_string(f.name) + ":" + _value(x, f.dataType, zone))
    return "{" + ",".join(items) + "}"


def row_to_json(row: Any, schema: StructType, timezone: Optional[str] = None) -> str:
    """``row`` (a Row, tuple or dict in ``schema``'s field order) as one JSON object.
    ``timezone``: the session time zone timestamps are printed in (default: the
    active session's, else UTC)."""
    if timezone is None:
        timezone = _session_zone()
    return _struct(row, schema, _zone(timezone))
