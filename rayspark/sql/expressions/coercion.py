"""Spark's implicit type coercion (ANSI mode, Spark 4 defaults): widening numeric types,
decimal precision rules, string promotion, and the common type of several inputs."""
from __future__ import annotations

from typing import Iterable, Optional

from ..types import (ArrayType, BinaryType, BooleanType, ByteType, DataType, DateType,
                     DecimalType, DoubleType, FloatType, IntegerType, IntegralType, LongType,
                     MapType, NullType, NumericType, ShortType, StringType, StructType,
                     TimestampNTZType, TimestampType, StructField)

__all__ = ["numeric_precedence", "wider_type", "common_type", "cast_to", "is_numeric",
           "decimal_for_integral", "bounded_decimal", "is_string"]

_ORDER = [ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType]
MAX_PRECISION = 38


def numeric_precedence(dt: DataType) -> int:
    for i, cls in enumerate(_ORDER):
        if isinstance(dt, cls):
            return i
    return -1


def is_numeric(dt: DataType) -> bool:
    return isinstance(dt, NumericType)


def is_string(dt: DataType) -> bool:
    return isinstance(dt, StringType)


def decimal_for_integral(dt: DataType) -> DecimalType:
    return {ByteType: DecimalType(3, 0), ShortType: DecimalType(5, 0),
            IntegerType: DecimalType(10, 0), LongType: DecimalType(20, 0)}[type(dt)]


def bounded_decimal(precision: int, scale: int) -> DecimalType:
    """Spark's DecimalType.adjustPrecisionScale (allowPrecisionLoss = true)."""
    if precision <= MAX_PRECISION:
        return DecimalType(precision, scale)
    int_digits = precision - scale
    min_scale = min(scale, 6)
    adjusted_scale = max(MAX_PRECISION - int_digits, min_scale)
    return DecimalType(MAX_PRECISION, adjusted_scale)


def _wider_decimal(a: DecimalType, b: DecimalType) -> DecimalType:
    scale = max(a.scale, b.scale)
    rng = max(a.precision - a.scale, b.precision - b.scale)
    return bounded_decimal(rng + scale, scale) if rng + scale <= MAX_PRECISION else \
        DecimalType(MAX_PRECISION, max(0, MAX_PRECISION - rng))


def wider_type(a: DataType, b: DataType) -> Optional[DataType]:
    """The tightest common type of two types, or None (Spark's findWiderTypeForTwo)."""
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, DecimalType) or isinstance(b, DecimalType):
        if isinstance(a, DecimalType) and isinstance(b, DecimalType):
            return _wider_decimal(a, b)
        other = b if isinstance(a, DecimalType) else a
        dec = a if isinstance(a, DecimalType) else b
        if isinstance(other, IntegralType):
            return _wider_decimal(dec, decimal_for_integral(other))
        if isinstance(other, (FloatType, DoubleType)):
            return DoubleType()
        if isinstance(other, StringType):
            return DoubleType()
        return None
    pa_, pb = numeric_precedence(a), numeric_precedence(b)
    if pa_ >= 0 and pb >= 0:
        return _ORDER[max(pa_, pb)]()
    if isinstance(a, StringType) or isinstance(b, StringType):
        other = b if isinstance(a, StringType) else a
        if isinstance(other, IntegralType):
            return LongType()
        if isinstance(other, (FloatType, DoubleType)):
            return DoubleType()
        if isinstance(other, (DateType, TimestampType, TimestampNTZType, BooleanType,
                              BinaryType)):
            return other
        if isinstance(other, StringType):
            return StringType()
        return None
    if isinstance(a, (DateType, TimestampType, TimestampNTZType)) and \
            isinstance(b, (DateType, TimestampType, TimestampNTZType)):
        if isinstance(a, TimestampType) or isinstance(b, TimestampType):
            return TimestampType()
        return TimestampNTZType()
    return merge_nested(a, b, wider_type)


def merge_nested(a: DataType, b: DataType, merge) -> Optional[DataType]:
    """Arrays, maps and structs (same field names, any case) of two types merged element by
    element with ``merge`` (a common-type rule), nullability or-ed; None when they differ in
    shape or ``merge`` finds no common type."""
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        e = merge(a.elementType, b.elementType)
        return None if e is None else ArrayType(e, a.containsNull or b.containsNull)
    if isinstance(a, MapType) and isinstance(b, MapType):
        k = merge(a.keyType, b.keyType)
        v = merge(a.valueType, b.valueType)
        if k is None or v is None:
            return None
        return MapType(k, v, a.valueContainsNull or b.valueContainsNull)
    if isinstance(a, StructType) and isinstance(b, StructType) and len(a.fields) == len(b.fields):
        fields = []
        for fa, fb in zip(a.fields, b.fields):
            if fa.name.lower() != fb.name.lower():
                return None
            t = merge(fa.dataType, fb.dataType)
            if t is None:
                return None
            fields.append(StructField(fa.name, t, fa.nullable or fb.nullable))
        return StructType(fields)
    return None


def common_type(types: Iterable[DataType]) -> Optional[DataType]:
    out: Optional[DataType] = NullType()
    for t in types:
        out = wider_type(out, t)
        if out is None:
            return None
    return out


def cast_to(expr, dt: DataType):
    """``expr`` cast to ``dt`` unless it already has that type."""
    from .cast import Cast
    if expr.data_type == dt:
        return expr
    from .complex import CreateMap
    from ..types import MapType
    if isinstance(expr, CreateMap) and not expr.children and isinstance(dt, MapType):
        # map() is map<void, void>, which Arrow cannot hold (its keys may not be of the null
        # type): build the empty map in the wanted type instead of casting one
        return CreateMap([], data_type=dt)
    return Cast(expr, dt, implicit=True)
