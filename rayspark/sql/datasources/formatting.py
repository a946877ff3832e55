"""Typed Arrow columns -> text, as Spark's CSV and JSON writers print values.

Doubles and floats are printed as Java's ``Double.toString``/``Float.toString``
(``1.5``, ``1.0E20``, ``1.0E-5``, ``NaN``, ``Infinity``); dates as ``yyyy-MM-dd``;
timestamps as ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX`` in the session time zone (``Z`` for UTC)
and TIMESTAMP_NTZ as ``yyyy-MM-dd'T'HH:mm:ss.SSS``, unless a ``dateFormat``,
``timestampFormat`` or ``timestampNTZFormat`` pattern says otherwise. Everything is
vectorised with ``pyarrow.compute`` except doubles outside [1e-3, 1e7), which Java prints
in scientific notation and which are formatted one by one.
"""
from __future__ import annotations

import decimal
import math
from typing import Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rayspark.sql.datasources.parsing import JavaDateTimePattern, _zone_offset_seconds

__all__ = ["java_double_str", "java_float_str", "format_double_array", "format_datetime_array",
           "DEFAULT_TIMESTAMP_FORMAT", "DEFAULT_TIMESTAMP_NTZ_FORMAT", "DEFAULT_DATE_FORMAT"]

DEFAULT_DATE_FORMAT = "yyyy-MM-dd"
DEFAULT_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"
DEFAULT_TIMESTAMP_NTZ_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS"


def _java_from_repr(text: str) -> str:
    d = decimal.Decimal(text)
    sign, digits, exp = d.as_tuple()
    # normalise: strip trailing zeros of the digit string
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    point = len(digits) + exp  # position of the decimal point in the digit string
    mag = point - 1            # scientific exponent
    if 1e-3 <= abs(float(d)) < 1e7:
        if point <= 0:
            body = "0." + "0" * (-point) + ds
        elif point >= len(ds):
            body = ds + "0" * (point - len(ds)) + ".0"
        else:
            body = ds[:point] + "." + ds[point:]
    else:
        body = ds[0] + "." + (ds[1:] or "0") + "E" + str(mag)
    return ("-" if sign else "") + body


def java_double_str(x: float) -> str:
    """Java's ``Double.toString`` (shortest round-tripping digits)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    return _java_from_repr(repr(float(x)))


def java_float_str(x: float) -> str:
    """Java's ``Float.toString`` (shortest digits that round-trip as a float32)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    return _java_from_repr(np.format_float_positional(np.float32(x), unique=True, trim="-"))


def format_double_array(arr: pa.Array) -> pa.Array:
    """A float32/float64 column as Java prints it (nulls stay null)."""
    is_float = pa.types.is_float32(arr.type)
    mag = pc.abs(arr.cast(pa.float64()))
    plain = pc.fill_null(pc.or_(pc.and_(pc.greater_equal(mag, 1e-3), pc.less(mag, 1e7)),
                                pc.equal(mag, 0.0)), False)
    text = pc.cast(arr, pa.string())
    needs_point = pc.invert(pc.match_substring_regex(text, r"[.eEn]"))
    text = pc.if_else(needs_point, pc.binary_join_element_wise(text, ".0", ""), text)
    mask = plain.to_numpy(zero_copy_only=False)
    if mask.all() and arr.null_count == 0:
        return text
    values = arr.to_pylist()
    fmt = java_float_str if is_float else java_double_str
    out = text.to_pylist()
    for i in np.nonzero(~mask)[0]:
        v = values[i]
        out[i] = None if v is None else fmt(v)
    return pa.array(out, pa.string())


def _pad(values: pa.Array, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(values, pa.string()), width, "0")


_MONTH_NAMES = pa.array(["January", "February", "March", "April", "May", "June", "July",
                         "August", "September", "October", "November", "December"])
_DAY_NAMES = pa.array(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday"])


def _local_wall_clock(arr: pa.Array, time_zone: Optional[str]):
    """(naive wall-clock timestamp array, offset seconds int64 array)."""
    micros = pc.cast(arr.cast(pa.timestamp("us", tz=arr.type.tz), safe=False), pa.int64())
    if arr.type.tz is None:
        return arr.cast(pa.timestamp("us")), pa.nulls(len(arr), pa.int64()).fill_null(0)
    off = _zone_offset_seconds(time_zone or "UTC")
    if off is not None:
        local = pc.add(micros, off * 1_000_000)
        return local.cast(pa.timestamp("us")), pa.repeat(pa.scalar(off, pa.int64()), len(arr))
    local = pc.local_timestamp(arr.cast(pa.timestamp("us", tz=time_zone)))
    lmicros = pc.cast(local, pa.int64())
    return local, pc.divide(pc.subtract(lmicros, micros), 1_000_000)


def _offset_text(off: pa.Array, style: str, count: int) -> pa.Array:
    sign = pc.if_else(pc.less(off, 0), "-", "+")
    a = pc.abs(off)
    hh = _pad(pc.divide(a, 3600), 2)
    mm = _pad(pc.divide(pc.subtract(a, pc.multiply(pc.divide(a, 3600), 3600)), 60), 2)
    if style in "Xx":
        if count == 1:
            body = pc.binary_join_element_wise(sign, hh, "")
        elif count == 2:
            body = pc.binary_join_element_wise(sign, hh, mm, "")
        else:
            body = pc.binary_join_element_wise(sign, hh, ":", mm, "")
        if style == "X":
            body = pc.if_else(pc.equal(off, 0), "Z", body)
        return body
    # Z
    return pc.binary_join_element_wise(sign, hh, mm, "")


def format_datetime_array(arr: pa.Array, pattern: JavaDateTimePattern,
                          time_zone: Optional[str] = "UTC") -> pa.Array:
    """A timestamp (instants in ``time_zone``; naive ones as they are) or date32 column
    formatted with a Java pattern."""
    n = len(arr)
    if pa.types.is_date(arr.type):
        local = arr.cast(pa.timestamp("us")) if pa.types.is_date32(arr.type) else \
            arr.cast(pa.date32()).cast(pa.timestamp("us"))
        off = pa.repeat(pa.scalar(0, pa.int64()), n)
    else:
        local, off = _local_wall_clock(arr, time_zone)
    micros_of_second = pc.subtract(pc.cast(local, pa.int64()),
                                   pc.multiply(pc.divide(pc.subtract(
                                       pc.cast(local, pa.int64()),
                                       pc.if_else(pc.less(pc.cast(local, pa.int64()), 0),
                                                  999_999, 0)), 1_000_000), 1_000_000))

    def render(tokens):
        parts = []
        for kind, arg in tokens:
            if kind == "lit":
                parts.append(pa.repeat(pa.scalar(arg), n))
            elif kind == "opt":
                parts.extend(render(arg))
            elif kind in "yu":
                y = pc.year(local)
                parts.append(_pad(pc.subtract(y, pc.multiply(pc.divide(y, 100), 100)), 2)
                             if arg == 2 else _pad(y, max(arg, 4) if arg != 1 else 1))
            elif kind in "ML":
                m = pc.month(local)
                if arg >= 3:
                    names = pc.take(_MONTH_NAMES, pc.subtract(m, 1))
                    parts.append(names if arg >= 4 else pc.utf8_slice_codeunits(names, 0, 3))
                else:
                    parts.append(_pad(m, arg))
            elif kind == "d":
                parts.append(_pad(pc.day(local), arg))
            elif kind == "D":
                parts.append(_pad(pc.day_of_year(local), arg))
            elif kind in "Hk":
                parts.append(_pad(pc.hour(local), arg))
            elif kind in "hK":
                h = pc.hour(local)
                h12 = pc.subtract(h, pc.multiply(pc.divide(h, 12), 12))
                parts.append(_pad(pc.if_else(pc.equal(h12, 0), 12, h12), arg))
            elif kind == "a":
                parts.append(pc.if_else(pc.less(pc.hour(local), 12), "AM", "PM"))
            elif kind == "m":
                parts.append(_pad(pc.minute(local), arg))
            elif kind == "s":
                parts.append(_pad(pc.second(local), arg))
            elif kind in "Sn":
                frac = _pad(micros_of_second, 6)
                parts.append(pc.utf8_slice_codeunits(frac, 0, arg) if arg <= 6 else
                             pc.utf8_rpad(frac, arg, "0"))
            elif kind == "E":
                names = pc.take(_DAY_NAMES, pc.day_of_week(local))
                parts.append(names if arg >= 4 else pc.utf8_slice_codeunits(names, 0, 3))
            elif kind in "XxZ":
                parts.append(_offset_text(off, kind, arg))
            elif kind in "zVO":
                parts.append(pa.repeat(pa.scalar(time_zone or "UTC"), n))
            elif kind == "G":
                parts.append(pa.repeat(pa.scalar("AD"), n))
        return parts

    parts = render(pattern.tokens)
    if not parts:
        return pa.repeat(pa.scalar(""), n)
    out = pc.binary_join_element_wise(*parts, "") if len(parts) > 1 else parts[0]
    return pc.if_else(arr.is_valid(), out, pa.scalar(None, pa.string()))
