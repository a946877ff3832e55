"""CAST(x AS STRING) over Arrow arrays, as Spark 4 renders values.

This module owns how a value of every Spark SQL type becomes text:

* :func:`cast_to_string` - the vectorised cast of a whole ``pyarrow`` array
  (``pretty=True`` gives the variant ``Dataset.show`` prints instead: nulls as ``NULL``,
  binary as hex bytes ``[01 FF]``).
* scalar helpers shared with :mod:`rayspark.sql.formatting` (which renders collected Python
  values): :func:`format_double` and :func:`format_float` (Java's ``Double.toString`` /
  ``Float.toString``), :func:`format_decimal`, :func:`format_date`,
  :func:`format_timestamp`, :func:`format_day_time_interval`,
  :func:`format_year_month_interval`, :func:`decode_utf8`.

Rules (checked against PySpark 4.3.0 on Java 17):

* integers plain; booleans ``true``/``false``; decimals plain with their scale kept
  (``0.0000000000``, never ``0E-10``).
* doubles/floats like Java: plain for 1e-3 <= |x| < 1e7 (``1.0``, ``0.001``,
  ``9999999.999``), otherwise ``d.dddE<exp>`` (``1.0E7``, ``1.0E-4``); ``NaN``,
  ``Infinity``, ``-Infinity``, ``-0.0``. Digits as Java 17 prints them: the shortest
  that read back as the same value, but all of a whole number's digits from 2^54 (floats
  2^25) up (see :func:`format_double` for the rare values where Java 17 differs still).
* dates ``yyyy-MM-dd`` (years past 9999 get a ``+``, years before 1 are ``0000``,
  ``-0005``); timestamps ``yyyy-MM-dd HH:mm:ss`` plus the microseconds with trailing
  zeros dropped (``.5``, ``.000001``), TIMESTAMP in the session time zone,
  TIMESTAMP_NTZ as stored.
* binary decoded as UTF-8, each malformed sequence replaced by U+FFFD the way Java
  decodes (``ED A0 80``, an encoded surrogate, is one replacement, not three).
* ANSI intervals as SQL literals: ``INTERVAL '1 02:03:04.5' DAY TO SECOND``,
  ``INTERVAL '1-2' YEAR TO MONTH``.
* collections: ``[1, 2, null]``, ``{a -> 1, b -> null}``, ``{1, x}`` (struct values
  only); nested nulls are ``null`` in a cast, ``NULL`` when pretty; a null at the top
  stays null in a cast (``pretty`` makes it ``NULL`` too).

Everything stays columnar (``pyarrow.compute``) except the values Arrow formats
differently from Java (doubles outside the plain range, decimals Arrow would write in
scientific notation, malformed UTF-8, intervals), which are formatted one by one.
Pure functions; any thread may call them.
"""
from __future__ import annotations

import codecs
import datetime
import decimal
import math
from typing import Any, Callable, List, Optional, Union

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rayspark.sql.types import (ArrayType, BinaryType, BooleanType, CharType, DataType,
                                DateType, DayTimeIntervalType, DecimalType, DoubleType,
                                FloatType, IntegralType, MapType, NullType, StringType,
                                StructType, TimestampNTZType, TimestampType, VarcharType,
                                YearMonthIntervalType)

__all__ = ["cast_to_string", "format_double", "format_float", "format_decimal",
           "format_date", "format_timestamp", "format_day_time_interval",
           "format_year_month_interval", "decode_utf8", "binary_hex"]


# --------------------------------------------------------------------------------------------
# Floating point: Java's Double.toString / Float.toString
# --------------------------------------------------------------------------------------------
def _java_layout(negative: bool, digits: str, exp: int) -> str:
    """Lay out ``0.d1d2d3... x 10^(exp+1)`` (``digits`` significant, no trailing zeros,
    ``exp`` the power of ten of the first digit) the way Java does."""
    sign = "-" if negative else ""
    if -3 <= exp < 7:
        if exp >= 0:
            whole = digits[:exp + 1].ljust(exp + 1, "0")
            frac = digits[exp + 1:] or "0"
        else:
            whole, frac = "0", "0" * (-exp - 1) + digits
        return f"{sign}{whole}.{frac}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exp}"


def _two_digits(exact: decimal.Decimal, digits: str, exp: int) -> str:
    """Java writes at least two significant digits in scientific form; when the shortest
    form has one, it picks the two-digit decimal closest to the exact value (``4.9E-324``
    for the smallest double, where Python says ``5e-324``). Only very low-precision
    (subnormal) values make that anything other than ``d.0``."""
    with decimal.localcontext() as ctx:
        ctx.prec = 1100
        scaled = exact.scaleb(1 - exp).to_integral_value(rounding=decimal.ROUND_HALF_EVEN)
    if scaled == int(digits) * 10 or not 10 <= scaled <= 99:
        return digits
    return str(int(scaled)).rstrip("0")


def _long_digits(value: int, precision: int) -> "tuple[str, int]":
    """Java 17's digits for a whole number between 2^(precision+1) and 2^63 (every such
    double or float is whole): the exact integer with its last
    ``floor((binary exponent - precision - 1) * log10(2))`` digits rounded off half-up -
    more digits than the shortest form (float 123456789 prints ``1.23456792E8``)."""
    drop = int((value.bit_length() - 2 - precision) * _LOG10_2)
    if drop:
        power = 10 ** drop
        value, rest = divmod(value, power)
        if rest >= power // 2:
            value += 1
    text = str(value)
    return text.rstrip("0") or "0", len(text) - 1 + drop


_LOG10_2 = math.log10(2)


def _split_repr(text: str) -> "tuple[str, int]":
    """Shortest repr of a positive finite float -> (significant digits, exponent of the
    first digit)."""
    mantissa, _, exp_text = text.partition("e")
    exp = int(exp_text) if exp_text else 0
    whole, _, frac = mantissa.partition(".")
    all_digits = whole + frac
    stripped = all_digits.lstrip("0")
    exp += len(whole) - 1 - (len(all_digits) - len(stripped))
    return stripped.rstrip("0") or "0", exp


def format_double(x: float) -> str:
    """``Double.toString(x)`` as Spark on Java 17 prints it: plain when
    1e-3 <= |x| < 1e7, else ``d.dddE<n>``; the shortest digits that read back as ``x``,
    except that whole numbers from 2^54 to 2^63 get Java 17's long-integer digits (the
    exact value with a few low digits rounded off: ``-1.61304845894623136E17`` where the
    shortest form is ``-1.6130484589462314E17``).

    Java 17's general algorithm also prints a digit too many for a few values, mostly
    between 1e20 and 1e26 (``7.1393E20`` comes out as ``7.139299999999999E20``) and for
    a few subnormals; those (about 1 in 5000 random doubles) are not reproduced. Java 19+
    prints the shortest form everywhere, so on a newer JVM Spark differs in both cases.
    """
    x = float(x)
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    if x == 0.0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    negative = x < 0
    magnitude = -x if negative else x
    if 2.0 ** 54 <= magnitude < 2.0 ** 63:
        digits, exp = _long_digits(int(magnitude), 53)
    else:
        digits, exp = _split_repr(repr(magnitude))
        if len(digits) == 1 and not -3 <= exp < 7:
            digits = _two_digits(decimal.Decimal(magnitude), digits, exp)
    return _java_layout(negative, digits, exp)


def format_float(x: float) -> str:
    """``Float.toString`` of ``x`` rounded to 32 bits (the value a FloatType column
    holds; Python hands it over widened to a double): ``0.1``, ``1.0E10``,
    ``3.4028235E38``, ``1.4E-45``. As in :func:`format_double`, whole numbers from 2^25
    to 2^63 get Java 17's long-integer digits (float 123456789 prints
    ``1.23456792E8``; Java 19+ prints ``1.2345679E8``)."""
    f = np.float32(x)
    if f != f:
        return "NaN"
    if np.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    if f == 0:
        return "-0.0" if np.signbit(f) else "0.0"
    negative = bool(f < 0)
    magnitude = -f if negative else f
    if 2.0 ** 25 <= magnitude < 2.0 ** 63:
        digits, exp = _long_digits(int(magnitude), 24)
        return _java_layout(negative, digits, exp)
    text = np.format_float_scientific(magnitude, unique=True, trim="-")
    mantissa, _, exp_text = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exp = int(exp_text)
    if len(digits) == 1 and not -3 <= exp < 7:
        digits = _two_digits(decimal.Decimal(float(magnitude)), digits, exp)
    return _java_layout(negative, digits, exp)


# --------------------------------------------------------------------------------------------
# Other scalar formats
# --------------------------------------------------------------------------------------------
def format_decimal(value: Any, scale: Optional[int] = None) -> str:
    """A decimal as Spark prints it: plain digits, ``scale`` fraction digits
    (``Decimal('0E-10')`` with scale 10 -> ``0.0000000000``). Without ``scale`` the
    value's own exponent is kept."""
    d = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    if scale is not None and d.is_finite():
        with decimal.localcontext() as ctx:
            ctx.prec = max(ctx.prec, len(d.as_tuple().digits) + abs(scale) + 40)
            d = d.quantize(decimal.Decimal(1).scaleb(-scale), rounding=decimal.ROUND_HALF_UP)
    return format(d, "f")


def _year(year: int) -> str:
    if year > 9999:
        return "+%d" % year
    if year < 0:
        return "-%04d" % -year
    return "%04d" % year


def format_date(value: datetime.date) -> str:
    """``yyyy-MM-dd``."""
    return "%s-%02d-%02d" % (_year(value.year), value.month, value.day)


def _fraction(micros: int) -> str:
    """Microseconds of a second -> ``.5``, ``.000001`` or '' (trailing zeros dropped)."""
    if not micros:
        return ""
    return ("." + "%06d" % micros).rstrip("0")


def format_timestamp(value: datetime.datetime) -> str:
    """The wall clock of ``value`` as ``yyyy-MM-dd HH:mm:ss[.ffffff]`` (fraction
    trimmed). Time zone conversion is the caller's business."""
    return "%s %02d:%02d:%02d%s" % (format_date(value), value.hour, value.minute,
                                    value.second, _fraction(value.microsecond))


_DT_UNITS = ("DAY", "HOUR", "MINUTE", "SECOND")
_YM_UNITS = ("YEAR", "MONTH")
_MICROS = (86_400_000_000, 3_600_000_000, 60_000_000, 1_000_000)


def format_day_time_interval(micros: int, start: int = 0, end: int = 3) -> str:
    """A day-time interval of ``micros`` microseconds as the SQL literal Spark prints,
    e.g. ``INTERVAL '1 02:03:04.5' DAY TO SECOND``, ``INTERVAL '03' HOUR``,
    ``INTERVAL '-0 00:00:00.000001' DAY TO SECOND``. The leading field is unbounded
    (hours/minutes/seconds at least two digits), the value is cut at the end field."""
    sign = "-" if micros < 0 else ""
    rest = -micros if micros < 0 else micros
    parts: List[str] = []
    for field in range(start, end + 1):
        unit = _MICROS[field]
        if field == 3:
            secs, frac = divmod(rest, unit)
            parts.append("%02d%s" % (secs, _fraction(frac)))
            break
        amount, rest = divmod(rest, unit)
        parts.append(str(amount) if field == 0 else "%02d" % amount)
    if start == 0 and len(parts) > 1:
        text = parts[0] + " " + ":".join(parts[1:])
    else:
        text = ":".join(parts)
    units = _DT_UNITS[start] if start == end else f"{_DT_UNITS[start]} TO {_DT_UNITS[end]}"
    return f"INTERVAL '{sign}{text}' {units}"


def format_year_month_interval(months: int, start: int = 0, end: int = 1) -> str:
    """A year-month interval of ``months`` months: ``INTERVAL '1-2' YEAR TO MONTH``,
    ``INTERVAL '-1' YEAR``, ``INTERVAL '14' MONTH``."""
    sign = "-" if months < 0 else ""
    magnitude = -months if months < 0 else months
    if start == end == 1:
        return f"INTERVAL '{sign}{magnitude}' MONTH"
    years, rest = divmod(magnitude, 12)
    if start == end == 0:
        return f"INTERVAL '{sign}{years}' YEAR"
    return f"INTERVAL '{sign}{years}-{rest}' YEAR TO MONTH"


def _java_utf8_errors(err: UnicodeError) -> "tuple[str, int]":
    """Replace a malformed UTF-8 sequence as Java's decoder does: like Python, except that
    ``ED`` followed by ``A0``-``BF`` (an encoded UTF-16 surrogate) and at most one more
    continuation byte is one malformed sequence."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    data, start = err.object, err.start
    end = err.end
    if data[start] == 0xED and start + 1 < len(data) and 0xA0 <= data[start + 1] <= 0xBF:
        end = start + 2
        if end < len(data) and 0x80 <= data[end] <= 0xBF:
            end += 1
    return "\ufffd", end


codecs.register_error("rayspark.java_utf8", _java_utf8_errors)


def decode_utf8(data: bytes) -> str:
    """Bytes -> text as CAST(binary AS STRING) does (Java's replacement of bad bytes)."""
    return bytes(data).decode("utf-8", "rayspark.java_utf8")


def binary_hex(data: bytes) -> str:
    """Binary as ``show()`` prints it: ``[01 02 FF]``."""
    return "[" + " ".join("%02X" % b for b in bytes(data)) + "]"


# --------------------------------------------------------------------------------------------
# Columnar cast
# --------------------------------------------------------------------------------------------
_STRING = pa.string()


def _by_element(array: pa.Array, fn: Callable[[Any], str]) -> pa.Array:
    return pa.array([None if v is None else fn(v) for v in array.to_pylist()], _STRING)


def _patch(text: pa.Array, need: pa.Array, values: pa.Array,
           fn: Callable[[Any], str]) -> pa.Array:
    """Replace the entries of ``text`` where ``need`` is true by ``fn`` of ``values``."""
    need = pc.fill_null(need, False)
    if not pc.any(need).as_py():
        return text
    idx = np.flatnonzero(need.to_numpy(zero_copy_only=False))
    out = text.to_pylist()
    picked = values.take(pa.array(idx)).to_pylist()
    for i, v in zip(idx, picked):
        out[i] = fn(v)
    return pa.array(out, _STRING)


def _floating(array: pa.Array, is_float: bool) -> pa.Array:
    """Arrow prints the same shortest digits Java does; only the layout differs. Values
    in Java's plain range keep Arrow's text (plus ``.0`` when it has no point); the
    rest (scientific range, NaN, infinities, zeros) are formatted one by one."""
    text = pc.cast(array, _STRING)
    magnitude = pc.abs(array)
    plain = pc.and_(pc.greater_equal(magnitude, 1e-3), pc.less(magnitude, 1e7))
    text = pc.if_else(pc.match_substring(text, "."), text,
                      pc.binary_join_element_wise(text, ".0", ""))
    fmt = format_float if is_float else format_double
    return _patch(text, pc.invert(plain), array, fmt)


def _decimal(array: pa.Array, scale: int) -> pa.Array:
    text = pc.cast(array, _STRING)
    return _patch(text, pc.match_substring(text, "E"), array,
                  lambda v: format_decimal(v, scale))


def _plus_big_years(text: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(text, r"^(\d{5,})", r"+\1")


def _timestamps(array: pa.Array, zone: Optional[str]) -> pa.Array:
    micros = array.cast(pa.timestamp("us", tz=zone), safe=False)
    text = pc.strftime(micros, "%Y-%m-%d %H:%M:%S")  # %S carries the microseconds
    text = pc.replace_substring_regex(text, r"\.?0+$", "")
    return _plus_big_years(text)


def _binary(array: pa.Array, pretty: bool) -> pa.Array:
    if pretty:
        return _by_element(array, binary_hex)
    try:
        return array.cast(_STRING)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return _by_element(array, decode_utf8)


def _null_text(text: pa.Array, pretty: bool) -> pa.Array:
    """A nested value's text, with nulls written out."""
    return pc.fill_null(text, "NULL" if pretty else "null")


def _list(array: pa.Array, element_type: DataType, zone: Optional[str],
          pretty: bool) -> pa.Array:
    if isinstance(array, (pa.LargeListArray, pa.FixedSizeListArray)):
        array = array.cast(pa.list_(array.type.value_type))
    values = _null_text(_cast(pc.list_flatten(array), element_type, zone, pretty), pretty)
    lengths = pc.fill_null(pc.list_value_length(array), 0).to_numpy(zero_copy_only=False)
    offsets = np.zeros(len(array) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    lists = pa.ListArray.from_arrays(pa.array(offsets), values, mask=array.is_null())
    return pc.binary_join_element_wise("[", pc.binary_join(lists, ", "), "]", "")


def _map(array: pa.Array, data_type: MapType, zone: Optional[str], pretty: bool) -> pa.Array:
    entry_type = pa.list_(pa.struct([array.type.key_field, array.type.item_field]))
    as_list = array.cast(entry_type)
    entries = pc.list_flatten(as_list)
    keys = _null_text(_cast(entries.field(0), data_type.keyType, zone, pretty), pretty)
    items = _null_text(_cast(entries.field(1), data_type.valueType, zone, pretty), pretty)
    pairs = pc.binary_join_element_wise(keys, " -> ", items, "")
    lengths = pc.fill_null(pc.list_value_length(as_list), 0).to_numpy(zero_copy_only=False)
    offsets = np.zeros(len(array) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    lists = pa.ListArray.from_arrays(pa.array(offsets), pairs, mask=array.is_null())
    return pc.binary_join_element_wise("{", pc.binary_join(lists, ", "), "}", "")


def _struct(array: pa.StructArray, data_type: StructType, zone: Optional[str],
            pretty: bool) -> pa.Array:
    n = len(array)
    fields = [_null_text(_cast(array.field(i), f.dataType, zone, pretty), pretty)
              for i, f in enumerate(data_type.fields)]
    if fields:
        inner = pc.binary_join_element_wise(*fields, ", ") if len(fields) > 1 else fields[0]
    else:
        inner = pa.array([""] * n, _STRING)
    text = pc.binary_join_element_wise("{", inner, "}", "")
    if array.null_count:
        text = pc.if_else(array.is_valid(), text, pa.scalar(None, _STRING))
    return text


def _cast(array: pa.Array, data_type: DataType, zone: Optional[str], pretty: bool) -> pa.Array:
    t = array.type
    if isinstance(data_type, NullType) or pa.types.is_null(t):
        return pa.nulls(len(array), _STRING)
    if isinstance(data_type, (StringType, CharType, VarcharType)):
        return array.cast(_STRING)
    if isinstance(data_type, (IntegralType, BooleanType)):
        return pc.cast(array, _STRING)
    if isinstance(data_type, DoubleType):
        return _floating(array.cast(pa.float64()), False)
    if isinstance(data_type, FloatType):
        return _floating(array.cast(pa.float32()), True)
    if isinstance(data_type, DecimalType):
        return _decimal(array, data_type.scale)
    if isinstance(data_type, DateType):
        return _plus_big_years(pc.cast(array.cast(pa.date32()), _STRING))
    if isinstance(data_type, TimestampType):
        return _timestamps(array, zone or "UTC")
    if isinstance(data_type, TimestampNTZType):
        return _timestamps(array.cast(pa.timestamp(t.unit)) if t.tz else array, None)
    if isinstance(data_type, BinaryType):
        return _binary(array, pretty)
    if isinstance(data_type, DayTimeIntervalType):
        micros = array.cast(pa.duration("us"), safe=False).cast(pa.int64())
        s, e = data_type.startField, data_type.endField
        return _by_element(micros, lambda v: format_day_time_interval(v, s, e))
    if isinstance(data_type, YearMonthIntervalType):
        s, e = data_type.startField, data_type.endField
        return _by_element(array.cast(pa.int64()), lambda v: format_year_month_interval(v, s, e))
    if isinstance(data_type, ArrayType):
        return _list(array, data_type.elementType, zone, pretty)
    if isinstance(data_type, MapType):
        return _map(array, data_type, zone, pretty)
    if isinstance(data_type, StructType):
        return _struct(array, data_type, zone, pretty)
    return pc.cast(array, _STRING)


def cast_to_string(array: Union[pa.Array, pa.ChunkedArray], data_type: DataType,
                   session_tz: str = "UTC", *, pretty: bool = False) -> pa.Array:
    """``CAST(array AS STRING)`` for a column of Spark type ``data_type`` (Arrow layout as
    in :mod:`rayspark.sql.arrow_types`); TIMESTAMPs are written in ``session_tz``.

    With ``pretty=True`` the result is what ``Dataset.show`` prints for each value
    (Spark's ToPrettyString): nulls, top-level and nested, as ``NULL`` and binary as
    ``[01 FF]``; the result then has no nulls.
    """
    if isinstance(array, pa.ChunkedArray):
        chunks = [_cast(c, data_type, session_tz, pretty) for c in array.chunks]
        out = pa.concat_arrays(chunks) if chunks else pa.array([], _STRING)
    else:
        out = _cast(array, data_type, session_tz, pretty)
    if pretty:
        out = pc.fill_null(out, "NULL")
    return out
