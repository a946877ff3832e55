"""CAST between Spark types, vectorised over Arrow arrays with Spark 4's ANSI semantics:
invalid input and overflow raise (``CAST_INVALID_INPUT`` / ``CAST_OVERFLOW``) unless the cast
is a ``try_cast``, which gives NULL instead.

A cast is time-zone aware (Spark's ``TimeZoneAwareExpression``): the analyzer gives it the
session time zone (``time_zone``), and TIMESTAMP <-> STRING / DATE / TIMESTAMP_NTZ casts use
the wall clock in that zone. Without a zone (an expression built outside analysis) it is UTC."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException, ArithmeticException, NumberFormatException
from ..types import (ArrayType, BinaryType, BooleanType, DataType, DateType, DecimalType,
                     DoubleType, FloatType, IntegralType, MapType, NullType, NumericType,
                     StringType, StructType, TimestampNTZType, TimestampType)
from .base import Expression
from .datetime_parse import from_local, is_utc, to_local, zone_id
from .types_util import arrow_type

__all__ = ["Cast", "cast_array", "can_cast", "NumberFormatError"]


NumberFormatError = NumberFormatException


def can_cast(src: DataType, dst: DataType) -> bool:
    if src == dst or isinstance(src, NullType):
        return True
    if isinstance(dst, StringType):
        return True
    atomic = (NumericType, StringType, BooleanType, DateType, TimestampType, TimestampNTZType,
              BinaryType)
    if isinstance(src, StringType):
        return isinstance(dst, atomic)
    if isinstance(src, NumericType) or isinstance(src, BooleanType):
        return isinstance(dst, (NumericType, BooleanType, TimestampType))
    if isinstance(src, (DateType, TimestampType, TimestampNTZType)):
        return isinstance(dst, (DateType, TimestampType, TimestampNTZType, NumericType)) and \
            not (isinstance(src, DateType) and isinstance(dst, NumericType))
    if isinstance(src, BinaryType):
        return isinstance(dst, BinaryType)
    if isinstance(src, ArrayType) and isinstance(dst, ArrayType):
        return can_cast(src.elementType, dst.elementType)
    if isinstance(src, MapType) and isinstance(dst, MapType):
        return can_cast(src.keyType, dst.keyType) and can_cast(src.valueType, dst.valueType)
    if isinstance(src, StructType) and isinstance(dst, StructType):
        return len(src.fields) == len(dst.fields) and all(
            can_cast(a.dataType, b.dataType) for a, b in zip(src.fields, dst.fields))
    return False


def _invalid_input(value, src: DataType, dst: DataType):
    v = "'" + str(value) + "'" if isinstance(src, StringType) else str(value)
    return NumberFormatError(
        f"The value {v} of the type \"{src.simpleString().upper()}\" cannot be cast to "
        f"\"{dst.simpleString().upper()}\" because it is malformed. Correct the value as per "
        "the syntax, or change its target type. Use `try_cast` to tolerate malformed input and "
        "return NULL instead. SQLSTATE: 22018", "CAST_INVALID_INPUT")


def _overflow(value, src: DataType, dst: DataType):
    return ArithmeticException(
        f"The value {value} of the type \"{src.simpleString().upper()}\" cannot be cast to "
        f"\"{dst.simpleString().upper()}\" due to an overflow. Use `try_cast` to tolerate "
        "overflow and return NULL instead. SQLSTATE: 22003", "CAST_OVERFLOW")


_TRUE = {"t", "true", "y", "yes", "1"}
_FALSE = {"f", "false", "n", "no", "0"}


def _first_bad(src_arr: pa.Array, out: pa.Array):
    bad = pc.and_(src_arr.is_valid(), out.is_null())
    idx = pc.index(bad, True).as_py()
    return src_arr[idx].as_py() if idx >= 0 else None


def _per_value(arr: pa.Array, fn, out_type: pa.DataType) -> pa.Array:
    return pa.array([None if v is None else fn(v) for v in arr.to_pylist()], type=out_type)


def _string_to_number(arr, src, dst, ansi):
    at = arrow_type(dst)
    trimmed = pc.utf8_trim_whitespace(arr)
    try:
        return pc.cast(trimmed, at)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    is_int = isinstance(dst, IntegralType)

    def conv(s):
        s = s.strip()
        try:
            if is_int:
                v = int(s)
            elif isinstance(dst, DecimalType):
                import decimal
                v = decimal.Decimal(s)
                v = v.quantize(decimal.Decimal(1).scaleb(-dst.scale),
                               rounding=decimal.ROUND_HALF_UP)
                if len(v.as_tuple().digits) > dst.precision and v != 0:
                    return None
            else:
                low = s.lower()
                if low in ("inf", "+inf", "infinity", "+infinity"):
                    v = float("inf")
                elif low in ("-inf", "-infinity"):
                    v = float("-inf")
                elif low == "nan":
                    v = float("nan")
                else:
                    if low.endswith(("d", "f")):
                        s = s[:-1]
                    v = float(s)
        except (ValueError, ArithmeticError):
            return None
        return v
    vals = []
    for s in arr.to_pylist():
        if s is None:
            vals.append(None)
            continue
        v = conv(s)
        if v is None and ansi:
            raise _invalid_input(s, src, dst)
        vals.append(v)
    try:
        return pa.array(vals, type=at)
    except (pa.ArrowInvalid, OverflowError):
        if ansi:
            raise _overflow(next(v for v in vals if v is not None), src, dst) from None
        out = []
        for v in vals:
            try:
                out.append(pa.scalar(v, type=at).as_py())
            except (pa.ArrowInvalid, OverflowError):
                out.append(None)
        return pa.array(out, type=at)


def _decimal_to_double(arr, src: DecimalType) -> pa.Array:
    """Spark's Decimal.toDouble: unscaled / 10**scale for decimals held in a long (precision
    <= 18; both operands exact, so the quotient is correctly rounded), BigDecimal.doubleValue
    otherwise. Arrow's decimal -> double cast is off in the last place for many values."""
    import numpy as np
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if src.precision <= 18 and src.scale <= 22 and pa.types.is_decimal128(arr.type):
        words = np.frombuffer(arr.buffers()[1], dtype=np.int64)
        unscaled = words[2 * arr.offset:2 * (arr.offset + len(arr)):2]
        vals = unscaled.astype(np.float64) / (10.0 ** src.scale)
        return pa.array(vals, pa.float64(), mask=arr.is_null().to_numpy(zero_copy_only=False)
                        if arr.null_count else None)
    return pa.array([None if v is None else float(v) for v in arr.to_pylist()], pa.float64())


def _numeric_to_numeric(arr, src, dst, ansi):
    at = arrow_type(dst)
    if isinstance(src, DecimalType) and isinstance(dst, (FloatType, DoubleType)):
        out = _decimal_to_double(arr, src)
        return out if isinstance(dst, DoubleType) else pc.cast(out, at, safe=False)
    if isinstance(src, (FloatType, DoubleType)) and isinstance(dst, IntegralType):
        nan = pc.is_nan(arr)
        truncated = pc.trunc(arr)
        try:
            out = pc.cast(truncated, at, safe=True)
            if pc.any(nan).as_py():
                raise pa.ArrowInvalid("nan")
            return out
        except pa.ArrowInvalid:
            if ansi:
                for v in arr.to_pylist():
                    if v is None:
                        continue
                    try:
                        pa.scalar(int(v), type=at)
                    except (ValueError, OverflowError, pa.ArrowInvalid):
                        raise _overflow(_java_double(v, src), src, dst) from None
            vals = []
            for v in arr.to_pylist():
                try:
                    vals.append(None if v is None else pa.scalar(int(v), type=at).as_py())
                except (ValueError, OverflowError, pa.ArrowInvalid):
                    vals.append(None)
            return pa.array(vals, type=at)
    if isinstance(src, IntegralType) and isinstance(dst, (FloatType, DoubleType)):
        # Java widens any integer to float/double, rounding (Arrow's safe cast refuses
        # integers beyond 2^53)
        return pc.cast(arr, at, safe=False)
    try:
        return pc.cast(arr, at, safe=True)
    except pa.ArrowInvalid:
        if ansi:
            for v in arr.to_pylist():
                if v is None:
                    continue
                try:
                    pc.cast(pa.array([v], type=arr.type), at, safe=True)
                except pa.ArrowInvalid:
                    raise _overflow(v, src, dst) from None
        vals = []
        for v in arr.to_pylist():
            try:
                vals.append(None if v is None else
                            pc.cast(pa.array([v], type=arr.type), at, safe=True)[0].as_py())
            except pa.ArrowInvalid:
                vals.append(None)
        return pa.array(vals, type=at)


def _to_decimal(arr, src, dst: DecimalType, ansi):
    """Numbers to DECIMAL(p, s): rounded half-up to the scale, overflow past the precision is
    an error under ANSI (NULL otherwise), as Spark's Decimal.changePrecision."""
    import decimal
    import math
    at = arrow_type(dst)
    q = decimal.Decimal(1).scaleb(-dst.scale)
    limit = decimal.Decimal(10) ** (dst.precision - dst.scale)
    out = []
    for v in arr.to_pylist():
        if v is None:
            out.append(None)
            continue
        if isinstance(v, float):
            if math.isnan(v) or math.isinf(v):
                if ansi:
                    raise _overflow(_java_double(v, src), src, dst)
                out.append(None)
                continue
            d = decimal.Decimal(repr(v))
        else:
            d = decimal.Decimal(v)
        d = d.quantize(q, rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=80))
        if abs(d) >= limit:
            if ansi:
                raise _overflow(v, src, dst)
            out.append(None)
            continue
        out.append(d)
    return pa.array(out, type=at)


def _java_double(v, dt):
    try:
        from ..execution.cast_string import format_double
        s = format_double(float(v))
    except ImportError:  # pragma: no cover
        s = repr(float(v))
    return s + ("D" if isinstance(dt, DoubleType) else "")


def _to_string(arr, src, zone="UTC"):
    try:
        from ..execution.cast_string import cast_to_string
    except ImportError:  # pragma: no cover - formatting module not there yet
        cast_to_string = None
    if cast_to_string is not None:
        if zone_id(zone) != "UTC":
            return cast_to_string(arr, src, zone_id(zone))
        return cast_to_string(arr, src)
    if isinstance(src, BooleanType):
        return pc.if_else(arr, "true", "false")
    return pc.cast(arr, pa.string())


def cast_array(arr, src: DataType, dst: DataType, ansi: bool = True, zone="UTC"):
    """Cast an Arrow array of Spark type ``src`` to Spark type ``dst``; ``zone`` is the session
    time zone for TIMESTAMP <-> STRING / DATE / TIMESTAMP_NTZ."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if src == dst:
        return arr
    at = arrow_type(dst)
    if isinstance(src, NullType):
        return pa.nulls(len(arr), at)
    if isinstance(dst, StringType):
        return _to_string(arr, src, zone)
    if isinstance(src, StringType):
        if isinstance(dst, (NumericType,)):
            return _string_to_number(arr, src, dst, ansi)
        if isinstance(dst, BooleanType):
            low = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
            out = pc.if_else(pc.is_in(low, pa.array(sorted(_TRUE))), True,
                             pc.if_else(pc.is_in(low, pa.array(sorted(_FALSE))), False, None))
            if ansi and pc.sum(pc.and_(arr.is_valid(), out.is_null())).as_py():
                raise _invalid_input(_first_bad(arr, out), src, dst)
            return out
        if isinstance(dst, (DateType, TimestampType, TimestampNTZType)):
            from .datetime_parse import parse_datetime_strings
            out = parse_datetime_strings(arr, dst, zone)
            if ansi and pc.sum(pc.and_(arr.is_valid(), out.is_null())).as_py():
                raise _invalid_input(_first_bad(arr, out), src, dst)
            return out
        if isinstance(dst, BinaryType):
            return pc.cast(arr, pa.binary())
    if isinstance(src, BooleanType) and isinstance(dst, NumericType):
        return pc.cast(pc.cast(arr, pa.int8()), at)
    if isinstance(src, NumericType) and isinstance(dst, BooleanType):
        return pc.not_equal(arr, pa.scalar(0, type=arr.type))
    if isinstance(src, NumericType) and isinstance(dst, DecimalType):
        return _to_decimal(arr, src, dst, ansi)
    if isinstance(src, NumericType) and isinstance(dst, NumericType):
        return _numeric_to_numeric(arr, src, dst, ansi)
    if isinstance(src, (DateType, TimestampType, TimestampNTZType)) and \
            isinstance(dst, (DateType, TimestampType, TimestampNTZType)):
        local = not is_utc(zone)
        if isinstance(src, DateType):
            ts = pc.cast(pc.cast(arr, pa.timestamp("s")), pa.timestamp("us"))
            if isinstance(dst, TimestampNTZType):
                return pc.cast(ts, at)
            return from_local(ts, zone) if local else pc.assume_timezone(ts, "UTC")
        if local and isinstance(src, TimestampType):
            wall = to_local(arr, zone)
            return pc.cast(wall, pa.date32()) if isinstance(dst, DateType) else wall
        if isinstance(dst, DateType):
            return pc.cast(pc.cast(arr, pa.timestamp("us")), pa.date32())
        if local and isinstance(dst, TimestampType):
            return from_local(arr, zone)
        return pc.cast(arr.cast(pa.int64()), pa.int64()).cast(at)
    if isinstance(src, (TimestampType, TimestampNTZType)) and isinstance(dst, NumericType):
        secs = pc.divide(pc.cast(pc.cast(arr, pa.int64()), pa.float64()), 1e6)
        if isinstance(dst, IntegralType):
            return pc.cast(pc.floor(secs), at)
        return pc.cast(secs, at)
    if isinstance(src, NumericType) and isinstance(dst, TimestampType):
        micros = pc.cast(pc.multiply(pc.cast(arr, pa.float64()), 1e6), pa.int64())
        return micros.cast(pa.timestamp("us", tz="UTC"))
    if isinstance(src, ArrayType) and isinstance(dst, ArrayType):
        flat = arr.values if arr.offset == 0 else arr.flatten()
        inner = cast_array(flat, src.elementType, dst.elementType, ansi, zone)
        offsets = arr.offsets
        return pa.ListArray.from_arrays(offsets, inner, mask=arr.is_null()) \
            if arr.offset == 0 else pa.array(arr.to_pylist(), type=at)
    try:
        return pc.cast(arr, at)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
        raise AnalysisException(
            f"Cannot cast {src.simpleString()} to {dst.simpleString()}: {e}",
            "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION") from None


class Cast(Expression):
    def __init__(self, child: Expression, to: DataType, ansi: bool = True, implicit: bool = False,
                 keep_name: bool = False, try_: bool = False):
        self.children = (child,)
        self.to = to
        self.ansi = ansi and not try_
        self.implicit = implicit
        self.keep_name = keep_name
        self.try_ = try_
        self.time_zone = None

    time_zone_aware = True

    def with_time_zone(self, zone):
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.time_zone = zone
        return clone

    @property
    def child(self):
        return self.children[0]

    @property
    def data_type(self):
        return self.to

    @property
    def nullable(self):
        return self.child.nullable or self.try_ or (
            isinstance(self.child.data_type, StringType) and not isinstance(self.to, StringType))

    def coerce(self):
        src = self.child.data_type
        if not can_cast(src, self.to):
            raise AnalysisException(
                f"Cannot resolve \"{self.sql()}\" due to data type mismatch: cannot cast "
                f"\"{src.simpleString().upper()}\" to \"{self.to.simpleString().upper()}\".",
                "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
        return self

    def eval(self, batch):
        v = self.child.eval(batch)
        if isinstance(v, pa.Scalar):
            return cast_array(pa.array([v.as_py()], type=v.type), self.child.data_type,
                              self.to, self.ansi, self.zone)[0]
        return cast_array(v, self.child.data_type, self.to, self.ansi, self.zone)

    @property
    def zone(self):
        return getattr(self, "time_zone", None) or "UTC"

    @property
    def name(self):
        if self.keep_name or self.implicit:
            return self.child.name
        return self.sql()

    def sql(self):
        if self.implicit:
            return self.child.sql()
        kw = "TRY_CAST" if self.try_ else "CAST"
        return f"{kw}({self.child.sql()} AS {self.to.simpleString().upper()})"

    def tree_string(self):
        return f"cast({self.child.tree_string()} as {self.to.simpleString()})"

    def _fields_key(self):
        return (self.to.simpleString(), self.try_)
