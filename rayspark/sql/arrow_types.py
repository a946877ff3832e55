"""Spark types <-> Arrow types, and Python rows <-> Arrow tables.

DataFrames execute on ``pyarrow`` record batches, so every Spark type has one Arrow
representation, chosen to keep the values Spark means:

==========================  ===========================================================
Spark                       Arrow
==========================  ===========================================================
BooleanType                 bool
ByteType/ShortType          int8/int16
IntegerType/LongType        int32/int64
FloatType/DoubleType        float32/float64
DecimalType(p, s)           decimal128(p, s)
StringType (char, varchar)  string - 32-bit offsets, like PySpark's default; a batch
                            holding more than 2 GiB of text must be split (batches are
                            small), and ``prefers_large_types`` gives large_string
BinaryType                  binary (large_binary with ``prefers_large_types``)
DateType                    date32 (days since the epoch, as Spark stores dates)
TimestampType               timestamp('us', tz='UTC'): an instant. Spark keeps
                            timestamps as UTC microseconds and applies the session time
                            zone only when reading or showing wall-clock values
TimestampNTZType            timestamp('us') without zone: a wall-clock value
DayTimeIntervalType         duration('us')
NullType                    null
ArrayType                   list_ (element field "element", nullable = containsNull)
MapType                     map_ (key not null, value nullable = valueContainsNull)
StructType                  struct (field nullability and metadata kept)
==========================  ===========================================================

Field metadata travels as JSON under ``SPARK::metadata::json``, the key Spark uses.

:func:`rows_to_arrow` builds a Table from local Python rows (what ``createDataFrame`` gets)
and :func:`arrow_to_rows` turns a Table back into :class:`Row` objects (``collect``). Both
follow PySpark's non-Arrow conversions: tuples and Rows are positional, dicts and objects go
by field name, naive datetimes are wall-clock time in the given time zone (the Python
process' local zone by default, as PySpark does), decimals are rounded half-up to the
type's scale.
"""
from __future__ import annotations

import datetime
import re
import decimal
import gc
import json
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pat

from rayspark.errors import PySparkTypeError, PySparkValueError
from rayspark.sql.row import Row, _create_row
from rayspark.sql.types import (ArithmeticException, ArrayType, BinaryType, BooleanType,
                                ByteType, CharType, DataType, DateType, DayTimeIntervalType,
                                DecimalType, DoubleType, FloatType, IntegerType, LongType,
                                MapType, NullType, ShortType, StringType, StructField,
                                StructType, TimestampNTZType, TimestampType, VarcharType,
                                _error, _to_str)

__all__ = ["to_arrow_type", "to_arrow_schema", "from_arrow_type", "from_arrow_schema",
           "rows_to_arrow", "arrow_to_rows", "METADATA_KEY"]

METADATA_KEY = b"SPARK::metadata::json"

_SIMPLE_TO_ARROW = {
    BooleanType: pa.bool_(), ByteType: pa.int8(), ShortType: pa.int16(),
    IntegerType: pa.int32(), LongType: pa.int64(), FloatType: pa.float32(),
    DoubleType: pa.float64(), DateType: pa.date32(), TimestampNTZType: pa.timestamp("us"),
    DayTimeIntervalType: pa.duration("us"), NullType: pa.null(),
}


# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------
def _field_metadata(metadata: Optional[Dict[str, Any]]) -> Optional[Dict[bytes, bytes]]:
    if metadata:
        return {METADATA_KEY: json.dumps(metadata).encode("utf-8")}
    return None


def _metadata_from_arrow(metadata: Optional[Dict[bytes, bytes]]) -> Optional[Dict[str, Any]]:
    if metadata and METADATA_KEY in metadata:
        return json.loads(metadata[METADATA_KEY].decode("utf-8"))
    return None


def to_arrow_type(dt: DataType, *, timezone: str = "UTC",
                  prefers_large_types: bool = False) -> pa.DataType:
    """The Arrow type that holds values of ``dt`` (see the module table).

    ``timezone`` only labels TimestampType columns; the stored values are UTC instants
    either way.
    """
    simple = _SIMPLE_TO_ARROW.get(type(dt))
    if simple is not None:
        return simple
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return pa.large_string() if prefers_large_types else pa.string()
    if isinstance(dt, BinaryType):
        return pa.large_binary() if prefers_large_types else pa.binary()
    if isinstance(dt, DecimalType):
        return pa.decimal128(dt.precision, dt.scale)
    if isinstance(dt, TimestampType):
        return pa.timestamp("us", tz=timezone)
    kw = dict(timezone=timezone, prefers_large_types=prefers_large_types)
    if isinstance(dt, ArrayType):
        element = to_arrow_type(dt.elementType, **kw)
        # Arrow requires null-typed fields to be nullable (their values all are NULL)
        return pa.list_(pa.field("element", element,
                                 nullable=dt.containsNull or pa.types.is_null(element)))
    if isinstance(dt, MapType):
        key = to_arrow_type(dt.keyType, **kw)
        if pa.types.is_null(key):
            # map<void, ...> (``map()``) can only be empty - map keys are never NULL - but
            # Arrow cannot hold a non-nullable null-typed key: any key type stands in
            key = pa.int8()
        value = to_arrow_type(dt.valueType, **kw)
        return pa.map_(pa.field("key", key, nullable=False),
                       pa.field("value", value,
                                nullable=dt.valueContainsNull or pa.types.is_null(value)))
    if isinstance(dt, StructType):
        return pa.struct([_to_arrow_field(f, **kw) for f in dt.fields])
    raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION",
                 data_type=str(dt))


def _to_arrow_field(field: StructField, **kw: Any) -> pa.Field:
    at = to_arrow_type(field.dataType, **kw)
    return pa.field(field.name, at, nullable=field.nullable or pa.types.is_null(at),
                    metadata=_field_metadata(field.metadata))


def to_arrow_schema(schema: StructType, *, timezone: str = "UTC",
                    prefers_large_types: bool = False) -> pa.Schema:
    """The Arrow schema of a DataFrame schema (nullability and metadata kept)."""
    return pa.schema([_to_arrow_field(f, timezone=timezone,
                                      prefers_large_types=prefers_large_types)
                      for f in schema.fields])


def from_arrow_type(at: pa.DataType, prefer_timestamp_ntz: bool = True) -> DataType:
    """The Spark type of an Arrow type. Units of timestamps and durations are ignored (data
    is converted to microseconds); a timestamp without zone is TIMESTAMP_NTZ unless
    ``prefer_timestamp_ntz`` is False; dictionary-encoded types are their value type."""
    if pat.is_boolean(at):
        return BooleanType()
    for check, cls in ((pat.is_int8, ByteType), (pat.is_int16, ShortType),
                       (pat.is_int32, IntegerType), (pat.is_int64, LongType),
                       (pat.is_float32, FloatType), (pat.is_float64, DoubleType),
                       (pat.is_date32, DateType), (pat.is_duration, DayTimeIntervalType),
                       (pat.is_null, NullType)):
        if check(at):
            return cls()
    if pat.is_decimal(at):
        return DecimalType(at.precision, at.scale)
    if pat.is_string(at) or pat.is_large_string(at) or pat.is_string_view(at):
        return StringType()
    if (pat.is_binary(at) or pat.is_large_binary(at) or pat.is_fixed_size_binary(at)
            or pat.is_binary_view(at)):
        return BinaryType()
    if pat.is_timestamp(at):
        if at.tz is None and prefer_timestamp_ntz:
            return TimestampNTZType()
        return TimestampType()
    if pat.is_map(at):
        return MapType(from_arrow_type(at.key_type, prefer_timestamp_ntz),
                       from_arrow_type(at.item_type, prefer_timestamp_ntz),
                       at.item_field.nullable)
    if pat.is_list(at) or pat.is_large_list(at) or pat.is_fixed_size_list(at):
        return ArrayType(from_arrow_type(at.value_type, prefer_timestamp_ntz),
                         at.value_field.nullable)
    if pat.is_struct(at):
        return StructType([StructField(f.name, from_arrow_type(f.type, prefer_timestamp_ntz),
                                       f.nullable, _metadata_from_arrow(f.metadata))
                           for f in at])
    if pat.is_dictionary(at):
        return from_arrow_type(at.value_type, prefer_timestamp_ntz)
    raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION",
                 data_type=str(at))


def from_arrow_schema(schema: pa.Schema, prefer_timestamp_ntz: bool = True) -> StructType:
    """The DataFrame schema of an Arrow schema."""
    return StructType([StructField(f.name, from_arrow_type(f.type, prefer_timestamp_ntz),
                                   f.nullable, _metadata_from_arrow(f.metadata))
                       for f in schema])


# --------------------------------------------------------------------------------------------
# Python values -> Arrow
# --------------------------------------------------------------------------------------------
def _zone(timezone: Optional[str]) -> Optional[datetime.tzinfo]:
    """None means "the Python process' local zone" (what PySpark's conversions use)."""
    if timezone is None:
        return None
    if timezone.upper() in ("UTC", "Z", "GMT", "UT", "ETC/UTC"):
        return datetime.timezone.utc
    # Spark also accepts fixed offsets: +05:30, -8, GMT+8, UTC-01:00, +05:30:15
    m = re.fullmatch(r"(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?",
                     timezone.strip(), re.IGNORECASE)
    if m:
        offset = datetime.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0),
                                    seconds=int(m.group(4) or 0))
        return datetime.timezone(-offset if m.group(1) == "-" else offset)
    from zoneinfo import ZoneInfo
    return ZoneInfo(timezone)


_EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_EPOCH = datetime.datetime(1970, 1, 1)
_MICRO = datetime.timedelta(microseconds=1)


def _instant_micros(zone: Optional[datetime.tzinfo]) -> Callable[[Any], Optional[int]]:
    """datetime -> microseconds since the epoch; naive values are wall-clock in ``zone``."""
    local = TimestampType().toInternal

    def convert(value: Any) -> Optional[int]:
        if value is None:
            return None
        if value.tzinfo is None:
            if zone is None:
                return local(value)
            value = value.replace(tzinfo=zone)
        return (value - _EPOCH_UTC) // _MICRO

    return convert


def _wall_clock_micros(value: Any) -> Optional[int]:
    """datetime -> microseconds of its wall clock counted as UTC (TIMESTAMP_NTZ)."""
    if value is None:
        return None
    return (value.replace(tzinfo=None) - _EPOCH) // _MICRO


def _decimal_converter(dt: DecimalType) -> Callable[[Any], Any]:
    """Round half-up to the scale, as Spark does; NaN is null; too many digits fail."""
    quantum = decimal.Decimal(1).scaleb(-dt.scale)

    def overflow(value: decimal.Decimal, rounded: Any) -> ArithmeticException:
        return ArithmeticException(
            f" The {rounded} rounded half up from {value} cannot be represented as "
            f"Decimal({dt.precision}, {dt.scale}). SQLSTATE: 22003",
            "NUMERIC_VALUE_OUT_OF_RANGE.WITHOUT_SUGGESTION",
            {"value": str(value), "precision": str(dt.precision), "scale": str(dt.scale)})

    def convert(value: Any) -> Any:
        if not isinstance(value, decimal.Decimal):
            return value
        if value.is_nan():
            return None
        context = decimal.Context(prec=max(value.adjusted(), 0) + dt.scale + 2)
        rounded = value.quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=context)
        if rounded.adjusted() >= dt.precision - dt.scale:
            raise overflow(value, rounded)
        return rounded

    return convert


def _has_timestamps(dt: DataType) -> bool:
    if isinstance(dt, (TimestampType, TimestampNTZType)):
        return True
    if isinstance(dt, ArrayType):
        return _has_timestamps(dt.elementType)
    if isinstance(dt, MapType):
        return _has_timestamps(dt.keyType) or _has_timestamps(dt.valueType)
    if isinstance(dt, StructType):
        return any(_has_timestamps(f.dataType) for f in dt.fields)
    return False


def _value_converter(dt: DataType, zone: Optional[datetime.tzinfo]) -> Optional[Callable]:
    """A function reshaping one Python value of ``dt`` into something ``pa.array`` reads
    with Spark's meaning, or None when the value can be handed over as it is."""
    if isinstance(dt, TimestampType):
        return _instant_micros(zone)
    if isinstance(dt, TimestampNTZType):
        return _wall_clock_micros
    if isinstance(dt, DecimalType):
        return _decimal_converter(dt)
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return _to_str
    if isinstance(dt, NullType):
        return lambda value: None
    if isinstance(dt, ArrayType):
        element = _value_converter(dt.elementType, zone)
        if element is None:
            return None
        return lambda value: None if value is None else [element(v) for v in value]
    if isinstance(dt, MapType):
        key = _value_converter(dt.keyType, zone) or _identity
        item = _value_converter(dt.valueType, zone) or _identity
        return lambda value: None if value is None else [(key(k), item(v))
                                                          for k, v in value.items()]
    if isinstance(dt, StructType):
        return _struct_converter(dt, zone)
    return None


def _identity(value: Any) -> Any:
    return value


def _struct_converter(dt: StructType, zone: Optional[datetime.tzinfo]) -> Callable:
    """Row/tuple (by position), dict or object (by name) -> tuple of converted fields."""
    names = dt.names
    converters = [_value_converter(f.dataType, zone) or _identity for f in dt.fields]
    pairs = list(zip(names, converters))

    def convert(value: Any) -> Optional[tuple]:
        if value is None:
            return None
        if isinstance(value, (tuple, list)):
            return tuple(conv(v) for conv, v in zip(converters, value))
        if isinstance(value, dict):
            d = value
        elif hasattr(value, "__dict__"):
            d = value.__dict__
        else:
            raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE",
                         data_type=type(value).__name__)
        return tuple(conv(d.get(name)) for name, conv in pairs)

    return convert


def _column_to_arrow(values: List[Any], dt: DataType, arrow_type: pa.DataType,
                     zone: Optional[datetime.tzinfo]) -> pa.Array:
    """One column of Python values -> an Arrow array of ``arrow_type``.

    Values pyarrow already reads correctly go straight through its C converter; only when
    that fails (a value needing rounding, coercion or reshaping) or the type has
    timestamps (whose wall-clock meaning pyarrow does not know) is the column converted in
    Python first.
    """
    if not _has_timestamps(dt):
        try:
            return pa.array(values, type=arrow_type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            pass
    converter = _value_converter(dt, zone)
    if converter is not None:
        values = [converter(v) for v in values]
    return pa.array(values, type=arrow_type)


def _columns_of(rows: List[Any], schema: StructType) -> List[List[Any]]:
    """Rows -> per-field value lists. Tuples (and Rows) are positional, dicts and objects
    are read by field name; a None row is a row of nulls."""
    width = len(schema.fields)
    if not rows:
        return [[] for _ in range(width)]
    kinds = set(map(type, rows))
    if kinds <= {tuple, list, Row}:
        lengths = set(map(len, rows))
        if lengths != {width}:
            _length_mismatch(next(r for r in rows if len(r) != width), width)
        # One pass per column is much faster than zip(*rows) on large inputs.
        return [list(map(itemgetter(i), rows)) for i in range(width)]
    names = schema.names
    if kinds == {dict}:
        return [[r.get(name) for r in rows] for name in names]
    shaped = []
    for row in rows:
        if row is None:
            shaped.append((None,) * width)
        elif isinstance(row, (tuple, list)):
            if len(row) != width:
                _length_mismatch(row, width)
            shaped.append(row)
        elif isinstance(row, dict) or hasattr(row, "__dict__"):
            d = row if isinstance(row, dict) else row.__dict__
            shaped.append(tuple(d.get(name) for name in names))
        else:
            raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE", data_type=type(row).__name__)
    return [list(map(itemgetter(i), shaped)) for i in range(width)]


def _length_mismatch(row: Sequence[Any], width: int) -> None:
    raise _error(PySparkValueError, "FIELD_STRUCT_LENGTH_MISMATCH",
                 object_length=str(len(row)), field_length=str(width))


def rows_to_arrow(rows: Iterable[Any], schema: StructType, *,
                  timezone: Optional[str] = None,
                  prefers_large_types: bool = False) -> pa.Table:
    """Build an Arrow table of ``schema`` from local rows (Rows, tuples, lists, dicts or
    objects; nested values likewise).

    Values are taken as PySpark takes them once verified: anything in a string column is
    turned into a string (booleans as ``true``/``false``), decimals are rounded half-up to
    the column's scale, naive datetimes in TIMESTAMP columns are wall-clock time in
    ``timezone`` (None: the Python process' local zone). Run
    :func:`rayspark.sql.types._make_type_verifier` first to reject ill-typed values with
    PySpark's errors.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    zone = _zone(timezone)
    arrow_schema = to_arrow_schema(schema, prefers_large_types=prefers_large_types)
    with _gc_paused():
        columns = _columns_of(rows, schema)
        arrays = [_column_to_arrow(values, field.dataType, arrow_field.type, zone)
                  for values, field, arrow_field in zip(columns, schema.fields, arrow_schema)]
    return pa.Table.from_arrays(arrays, schema=arrow_schema)


# --------------------------------------------------------------------------------------------
# Arrow -> Python values
# --------------------------------------------------------------------------------------------
def _needs_fixup(dt: DataType) -> bool:
    """Whether ``to_pylist`` output may differ from what PySpark hands back for ``dt``
    (time values are also normalised to microseconds, whatever unit the data has)."""
    if isinstance(dt, (TimestampType, TimestampNTZType, DayTimeIntervalType, StructType,
                       MapType)):
        return True
    if isinstance(dt, ArrayType):
        return _needs_fixup(dt.elementType)
    return False


def _local_datetime(zone: Optional[datetime.tzinfo]) -> Callable[[Optional[int]], Any]:
    """Microseconds since the epoch -> naive wall-clock datetime in ``zone`` (None: local),
    the value PySpark's ``collect`` returns for a TIMESTAMP."""
    from_internal = TimestampType().fromInternal

    def convert(micros: Optional[int]) -> Any:
        if micros is None:
            return None
        if zone is None:
            return from_internal(micros)
        return (_EPOCH_UTC + datetime.timedelta(microseconds=micros)).astimezone(zone) \
            .replace(tzinfo=None)

    return convert


def _array_values(array: Union[pa.Array, pa.ChunkedArray], dt: DataType,
                  zone: Optional[datetime.tzinfo]) -> List[Any]:
    """An Arrow array -> the Python values PySpark returns for ``dt``."""
    if isinstance(array, pa.ChunkedArray):
        out: List[Any] = []
        for chunk in array.chunks:
            out.extend(_array_values(chunk, dt, zone))
        return out
    if not _needs_fixup(dt):
        return array.to_pylist()
    if isinstance(dt, TimestampType):
        convert = _local_datetime(zone)
        micros = array.cast(pa.timestamp("us", tz=getattr(array.type, "tz", None)), safe=False)
        return [convert(v) for v in micros.cast(pa.int64()).to_pylist()]
    if isinstance(dt, TimestampNTZType):
        return array.cast(pa.timestamp("us"), safe=False).to_pylist()
    if isinstance(dt, DayTimeIntervalType):
        return array.cast(pa.duration("us"), safe=False).to_pylist()
    if isinstance(dt, StructType):
        children = [_array_values(child, f.dataType, zone)
                    for child, f in zip(array.flatten(), dt.fields)]
        names = dt.names
        valid = array.is_valid().to_pylist()
        values = zip(*children) if children else ((),) * len(array)
        return [_create_row(names, v) if ok else None for ok, v in zip(valid, values)]
    if isinstance(dt, MapType):
        entries_type = pa.list_(pa.struct([array.type.key_field, array.type.item_field]))
        as_list = array.cast(entries_type)
        entries = pc.list_flatten(as_list)
        keys = _array_values(entries.field(0), dt.keyType, zone)
        items = _array_values(entries.field(1), dt.valueType, zone)
        lengths = pc.list_value_length(as_list).to_pylist()
        out, start = [], 0
        for n in lengths:
            if n is None:
                out.append(None)
            else:
                out.append(dict(zip(keys[start:start + n], items[start:start + n])))
                start += n
        return out
    assert isinstance(dt, ArrayType)
    elements = _array_values(pc.list_flatten(array), dt.elementType, zone)
    out, start = [], 0
    for n in pc.list_value_length(array).to_pylist():
        if n is None:
            out.append(None)
        else:
            out.append(elements[start:start + n])
            start += n
    return out


def arrow_to_rows(data: Union[pa.Table, pa.RecordBatch], schema: Optional[StructType] = None,
                  *, timezone: Optional[str] = None) -> List[Row]:
    """The rows of an Arrow table as :class:`Row` objects, valued as PySpark's ``collect``
    returns them: structs as Rows, maps as dicts, TIMESTAMPs as naive datetimes in
    ``timezone`` (None: the Python process' local zone), TIMESTAMP_NTZ as naive datetimes.
    ``schema`` defaults to the one derived from the Arrow schema."""
    if schema is None:
        schema = from_arrow_schema(data.schema)
    zone = _zone(timezone)
    with _gc_paused():
        columns = [_array_values(data.column(i), f.dataType, zone)
                   for i, f in enumerate(schema.fields)]
        names = schema.names
        if not columns:
            return [_create_row(names, ()) for _ in range(data.num_rows)]
        return [_create_row(names, values) for values in zip(*columns)]


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building many small objects.

    Building a million Rows otherwise triggers collections over and over, which costs
    several times the building itself; Rows, lists and dicts made here form no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
