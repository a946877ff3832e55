"""Spark SQL data types as PySpark exposes them: classes, JSON form, schema inference.

Everything the DataFrame layer needs to describe, infer and check data lives here:

* the type classes (``IntegerType()``, ``StructType([...])`` ...) with PySpark's reprs,
  ``simpleString``/``json``/``treeString`` output, equality and hashing, so that schemas
  print and compare exactly as they do in PySpark;
* the Python <-> internal value conversions (``toInternal``/``fromInternal``), which define
  what a date or a timestamp *means* (days since the epoch, microseconds since the epoch);
* schema inference from Python objects and the merging of inferred types across rows
  (``_infer_schema``, ``_merge_type``), with PySpark's rules and error conditions;
* the value verifier and converter that ``createDataFrame`` runs over local data before it
  is turned into Arrow (``_make_type_verifier``, ``_create_converter``).

The DDL parser lives in :mod:`rayspark.sql.ddl` and the Arrow mapping in
:mod:`rayspark.sql.arrow_types`; this module only calls into them lazily so that it stays
importable on its own.
"""
from __future__ import annotations

import calendar
import datetime
import decimal
import json
import re
import time
from array import array
from functools import reduce
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, Type, Union

from rayspark.errors import (PySparkException, PySparkRuntimeError, PySparkTypeError,
                             PySparkValueError)

__all__ = [
    "DataType", "NullType", "CharType", "StringType", "VarcharType", "BinaryType",
    "BooleanType", "DateType", "TimestampType", "TimestampNTZType", "DecimalType",
    "DoubleType", "FloatType", "ByteType", "IntegerType", "LongType", "ShortType",
    "DayTimeIntervalType", "YearMonthIntervalType", "CalendarIntervalType", "ArrayType",
    "MapType", "StructField", "StructType", "Row",
]

# --------------------------------------------------------------------------------------------
# Error conditions.  rayspark.errors has no KeyError/IndexError/AttributeError flavours yet;
# PySpark raises those (and callers rely on ``hasattr``/``except KeyError`` working), so they
# are defined here until rayspark.errors grows them.
# --------------------------------------------------------------------------------------------
try:  # pragma: no cover - depends on what rayspark.errors provides
    from rayspark.errors import PySparkKeyError  # type: ignore[attr-defined]
except ImportError:
    class PySparkKeyError(PySparkException, KeyError):
        """A key (a field name) does not exist; still an ordinary ``KeyError``."""

        def __str__(self) -> str:  # KeyError would repr() the message otherwise
            return PySparkException.__str__(self)

try:  # pragma: no cover
    from rayspark.errors import PySparkIndexError  # type: ignore[attr-defined]
except ImportError:
    class PySparkIndexError(PySparkException, IndexError):
        """A position is out of range; still an ordinary ``IndexError``."""

try:  # pragma: no cover
    from rayspark.errors import PySparkAttributeError  # type: ignore[attr-defined]
except ImportError:
    class PySparkAttributeError(PySparkException, AttributeError):
        """An attribute is missing; an ``AttributeError`` so ``hasattr``/pickle work."""

try:  # pragma: no cover
    from rayspark.errors import PySparkNotImplementedError  # type: ignore[attr-defined]
except ImportError:
    class PySparkNotImplementedError(PySparkException, NotImplementedError):
        """A feature is not implemented; still an ordinary ``NotImplementedError``."""

try:  # pragma: no cover
    from rayspark.errors import ArithmeticException  # type: ignore[attr-defined]
except ImportError:
    class ArithmeticException(PySparkException, ArithmeticError):
        """A number does not fit its type (Spark's ``SparkArithmeticException``)."""

# Message templates of the conditions raised by rayspark.sql's type layer, worded as in
# PySpark 4's error-conditions.json so that ``str(error)`` reads the same.
_MESSAGES = {
    "ARGUMENT_REQUIRED": "Argument `<arg_name>` is required when <condition>.",
    "ATTRIBUTE_NOT_SUPPORTED": "Attribute `<attr_name>` is not supported.",
    "CANNOT_CONVERT_TYPE": "Cannot convert <from_type> into <to_type>.",
    "CANNOT_DETERMINE_TYPE": "Some of types cannot be determined after inferring.",
    "CANNOT_INFER_EMPTY_SCHEMA": "Can not infer schema from an empty dataset.",
    "CANNOT_INFER_SCHEMA_FOR_TYPE": "Can not infer schema for type: `<data_type>`.",
    "CANNOT_INFER_TYPE_FOR_FIELD": "Unable to infer the type of the field `<field_name>`.",
    "CANNOT_MERGE_TYPE": "Can not merge type `<data_type1>` and `<data_type2>`.",
    "CANNOT_PARSE_DATATYPE": "Unable to parse datatype. <msg>.",
    "CANNOT_SET_TOGETHER": "<arg_list> should not be set together.",
    "COLLATION_INVALID_PROVIDER": "The value <provider> does not represent a correct collation "
                                  "provider. Supported providers are: [<supportedProviders>].",
    "FIELD_DATA_TYPE_UNACCEPTABLE": "<data_type> can not accept object <obj> in type <obj_type>.",
    "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME":
        "<field_name>: <data_type> can not accept object <obj> in type <obj_type>.",
    "FIELD_NOT_NULLABLE": "Field is not nullable, but got None.",
    "FIELD_NOT_NULLABLE_WITH_NAME": "<field_name>: This field is not nullable, but got None.",
    "FIELD_STRUCT_LENGTH_MISMATCH":
        "Length of object (<object_length>) does not match with length of fields "
        "(<field_length>).",
    "FIELD_STRUCT_LENGTH_MISMATCH_WITH_NAME":
        "<field_name>: Length of object (<object_length>) does not match with length of "
        "fields (<field_length>).",
    "INDEX_OUT_OF_RANGE": "<arg_name> index out of range, got '<index>'.",
    "INVALID_INTERVAL_CASTING": "Interval <start_field> to <end_field> is invalid.",
    "INVALID_JSON_DATA_TYPE_FOR_COLLATIONS":
        "Collations can only be applied to string types, but the JSON data type is <jsonType>.",
    "INVALID_TYPENAME_CALL":
        "StructField does not have typeName. Use typeName on its type explicitly instead.",
    "KEY_NOT_EXISTS": "Key `<key>` does not exist.",
    "NOT_EXPECTED_TYPE": "Argument `<arg_name>` should be <expected_type>, got <arg_type>.",
    "NOT_IMPLEMENTED": "<feature> is not implemented.",
    "READ_ONLY": "<object> is read-only.",
    "TOO_MANY_VALUES": "Expected <expected> values for `<item>`, got <actual>.",
    "UNEXPECTED_TUPLE_WITH_STRUCT": "Unexpected tuple <tuple> with StructType.",
    "UNSUPPORTED_DATA_TYPE": "Unsupported DataType `<data_type>`.",
    "UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION":
        "<data_type> is not supported in conversion to Arrow.",
    "VALUE_OUT_OF_BOUNDS":
        "Value for `<arg_name>` must be between <lower_bound> and <upper_bound> (inclusive), "
        "got <actual>",
}

_PARAM = re.compile(r"<([a-zA-Z0-9_-]+)>")


def _error(cls: Type[PySparkException], condition: str, /, **params: str) -> PySparkException:
    """Build ``cls`` for ``condition`` with PySpark's rendered message."""
    text = _PARAM.sub(lambda m: params.get(m.group(1), m.group(0)), _MESSAGES[condition])
    return cls(text, condition, params)


# --------------------------------------------------------------------------------------------
# Base classes
# --------------------------------------------------------------------------------------------
class DataType:
    """Base class of every Spark SQL data type.

    Two types are equal when they are of the same class with the same parameters; the hash
    follows the repr so equal types hash alike and can key dictionaries.
    """

    def __repr__(self) -> str:
        return type(self).__name__ + "()"

    def __hash__(self) -> int:
        return hash(str(self))

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)

    @classmethod
    def typeName(cls) -> str:
        """The JSON name of the type: the class name without ``Type``, lower-cased."""
        return cls.__name__[:-len("Type")].lower()

    def simpleString(self) -> str:
        """The short SQL-ish form used in ``struct<a:int>`` strings."""
        return self.typeName()

    def jsonValue(self) -> Union[str, Dict[str, Any]]:
        return self.typeName()

    def json(self) -> str:
        """Compact JSON with sorted keys - the form Spark stores schemas in."""
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def needConversion(self) -> bool:
        """Whether Python values of this type differ from their internal representation.

        Lets nested converters skip whole subtrees (an ``array<int>`` needs no work).
        """
        return False

    def toInternal(self, obj: Any) -> Any:
        """Python value -> internal value (e.g. a date -> days since 1970-01-01)."""
        return obj

    def fromInternal(self, obj: Any) -> Any:
        """Internal value -> Python value."""
        return obj

    def _as_nullable(self) -> "DataType":
        return self

    @classmethod
    def fromDDL(cls, ddl: str) -> "DataType":
        """Parse a DDL string (``"a INT, b STRING"``, ``"array<int>"``, ``"a: int"``)."""
        return _parse_datatype_string(ddl)

    def _tree_name(self) -> str:
        """The name ``treeString`` prints: JVM type names, which for parameterised types
        are their simple strings."""
        return self.typeName()


class DataTypeSingleton(type):
    """Metaclass making parameterless types singletons (``IntegerType() is IntegerType()``)."""

    _instances: Dict[type, Any] = {}

    def __call__(cls):  # type: ignore[override]
        instance = cls._instances.get(cls)
        if instance is None:
            instance = super().__call__()
            cls._instances[cls] = instance
        return instance


class _SingletonPickle:
    """Unpickle parameterless types back to their singleton instance."""

    def __reduce__(self):
        return (type(self), ())


class NullType(_SingletonPickle, DataType, metaclass=DataTypeSingleton):
    """The type of ``None``; what inference yields when it cannot tell."""

    @classmethod
    def typeName(cls) -> str:
        return "void"


class AtomicType(DataType):
    """Everything that is not null, an array, a map or a struct."""


class NumericType(AtomicType):
    """Numeric types."""


class IntegralType(_SingletonPickle, NumericType, metaclass=DataTypeSingleton):
    """Integral types."""


class FractionalType(NumericType):
    """Fractional types."""


class StringType(AtomicType):
    """UTF-8 strings; ``collation`` other than UTF8_BINARY only affects naming here."""

    providerSpark = "spark"
    providerICU = "icu"
    providers = [providerSpark, providerICU]

    def __init__(self, collation: str = "UTF8_BINARY"):
        self.collation = collation

    @classmethod
    def collationProvider(cls, collationName: str) -> str:
        return cls.providerSpark if collationName.startswith("UTF8") else cls.providerICU

    def isUTF8BinaryCollation(self) -> bool:
        return self.collation == "UTF8_BINARY"

    def simpleString(self) -> str:
        if self.isUTF8BinaryCollation():
            return "string"
        return f"string collate {self.collation}"

    def jsonValue(self) -> str:
        return self.simpleString()

    def __repr__(self) -> str:
        if self.isUTF8BinaryCollation():
            return "StringType()"
        return f"StringType('{self.collation}')"


class CharType(AtomicType):
    """Fixed-length string, ``char(n)``."""

    def __init__(self, length: int):
        self.length = length

    def simpleString(self) -> str:
        return f"char({self.length})"

    jsonValue = simpleString
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"CharType({self.length})"


class VarcharType(AtomicType):
    """Length-limited string, ``varchar(n)``."""

    def __init__(self, length: int):
        self.length = length

    def simpleString(self) -> str:
        return f"varchar({self.length})"

    jsonValue = simpleString
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"VarcharType({self.length})"


class BinaryType(_SingletonPickle, AtomicType, metaclass=DataTypeSingleton):
    """Byte strings (``bytes``/``bytearray``)."""


class BooleanType(_SingletonPickle, AtomicType, metaclass=DataTypeSingleton):
    """``True``/``False``."""


class DatetimeType(AtomicType):
    """Date and timestamp types."""


_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


class DateType(_SingletonPickle, DatetimeType, metaclass=DataTypeSingleton):
    """Calendar dates, stored as days since 1970-01-01."""

    EPOCH_ORDINAL = _EPOCH_ORDINAL

    def needConversion(self) -> bool:
        return True

    def toInternal(self, d: Optional[datetime.date]) -> Optional[int]:
        if d is None:
            return None
        return d.toordinal() - _EPOCH_ORDINAL

    def fromInternal(self, v: Optional[int]) -> Optional[datetime.date]:
        if v is None:
            return None
        return datetime.date.fromordinal(v + _EPOCH_ORDINAL)


class TimestampType(_SingletonPickle, DatetimeType, metaclass=DataTypeSingleton):
    """Instants, stored as microseconds since the epoch (UTC).

    Like PySpark, naive Python datetimes are read as wall-clock time in the Python process'
    local time zone and instants come back as naive local datetimes.
    """

    def needConversion(self) -> bool:
        return True

    def toInternal(self, dt: Optional[datetime.datetime]) -> Optional[int]:
        if dt is None:
            return None
        if dt.tzinfo is not None:
            seconds = calendar.timegm(dt.utctimetuple())
        else:
            seconds = time.mktime(dt.timetuple())
        return int(seconds) * 1_000_000 + dt.microsecond

    def fromInternal(self, ts: Optional[int]) -> Optional[datetime.datetime]:
        if ts is None:
            return None
        seconds, micros = divmod(ts, 1_000_000)
        return datetime.datetime.fromtimestamp(seconds).replace(microsecond=micros)


class TimestampNTZType(_SingletonPickle, DatetimeType, metaclass=DataTypeSingleton):
    """Wall-clock timestamps without a time zone, stored as microseconds of that wall clock
    counted as if it were UTC (an aware datetime keeps its wall clock, its zone is dropped)."""

    @classmethod
    def typeName(cls) -> str:
        return "timestamp_ntz"

    def needConversion(self) -> bool:
        return True

    def toInternal(self, dt: Optional[datetime.datetime]) -> Optional[int]:
        if dt is None:
            return None
        return calendar.timegm(dt.timetuple()) * 1_000_000 + dt.microsecond

    def fromInternal(self, ts: Optional[int]) -> Optional[datetime.datetime]:
        if ts is None:
            return None
        return _EPOCH_NAIVE + datetime.timedelta(microseconds=ts)


_EPOCH_NAIVE = datetime.datetime(1970, 1, 1)


class DecimalType(FractionalType):
    """Fixed-point decimals: ``precision`` digits in total, ``scale`` of them after the
    point (default ``decimal(10,0)``; inference yields ``decimal(38,18)``)."""

    def __init__(self, precision: int = 10, scale: int = 0):
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self) -> str:
        return "decimal(%d,%d)" % (self.precision, self.scale)

    jsonValue = simpleString
    _tree_name = simpleString

    def __repr__(self) -> str:
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class DoubleType(_SingletonPickle, FractionalType, metaclass=DataTypeSingleton):
    """64-bit floating point."""


class FloatType(_SingletonPickle, FractionalType, metaclass=DataTypeSingleton):
    """32-bit floating point."""


class ByteType(IntegralType):
    """Signed 8-bit integers."""

    def simpleString(self) -> str:
        return "tinyint"


class ShortType(IntegralType):
    """Signed 16-bit integers."""

    def simpleString(self) -> str:
        return "smallint"


class IntegerType(IntegralType):
    """Signed 32-bit integers."""

    def simpleString(self) -> str:
        return "int"


class LongType(IntegralType):
    """Signed 64-bit integers (use DecimalType beyond that range)."""

    def simpleString(self) -> str:
        return "bigint"


class AnsiIntervalType(AtomicType):
    """ANSI SQL interval types."""


class _IntervalFields:
    """Shared shape of the two ANSI interval types: a start and an end field."""

    _fields: Dict[int, str] = {}
    _defaults: Tuple[int, int] = (0, 0)

    def _init_fields(self, startField: Optional[int], endField: Optional[int]) -> None:
        if startField is None and endField is None:
            startField, endField = self._defaults
        elif endField is None:
            endField = startField
        if startField not in self._fields or endField not in self._fields:
            raise _error(PySparkRuntimeError, "INVALID_INTERVAL_CASTING",
                         start_field=str(startField), end_field=str(endField))
        self.startField = startField
        self.endField = endField

    def _str_repr(self) -> str:
        start, end = self._fields[self.startField], self._fields[self.endField]
        if start == end:
            return f"interval {start}"
        return f"interval {start} to {end}"

    def __repr__(self) -> str:
        return "%s(%d, %d)" % (type(self).__name__, self.startField, self.endField)


class DayTimeIntervalType(_IntervalFields, AnsiIntervalType):
    """Day-time intervals (``datetime.timedelta``), stored as microseconds."""

    DAY, HOUR, MINUTE, SECOND = 0, 1, 2, 3
    _fields = {DAY: "day", HOUR: "hour", MINUTE: "minute", SECOND: "second"}
    _inverted_fields = {v: k for k, v in _fields.items()}
    _defaults = (DAY, SECOND)

    def __init__(self, startField: Optional[int] = None, endField: Optional[int] = None):
        self._init_fields(startField, endField)

    simpleString = _IntervalFields._str_repr
    jsonValue = _IntervalFields._str_repr
    _tree_name = _IntervalFields._str_repr

    def needConversion(self) -> bool:
        return True

    def toInternal(self, dt: Optional[datetime.timedelta]) -> Optional[int]:
        if dt is None:
            return None
        return (dt.days * 86400 + dt.seconds) * 1_000_000 + dt.microseconds

    def fromInternal(self, micros: Optional[int]) -> Optional[datetime.timedelta]:
        if micros is None:
            return None
        return datetime.timedelta(microseconds=micros)


class YearMonthIntervalType(_IntervalFields, AnsiIntervalType):
    """Year-month intervals (no Python value type; collecting them is not supported)."""

    YEAR, MONTH = 0, 1
    _fields = {YEAR: "year", MONTH: "month"}
    _inverted_fields = {v: k for k, v in _fields.items()}
    _defaults = (YEAR, MONTH)

    def __init__(self, startField: Optional[int] = None, endField: Optional[int] = None):
        self._init_fields(startField, endField)

    simpleString = _IntervalFields._str_repr
    jsonValue = _IntervalFields._str_repr
    _tree_name = _IntervalFields._str_repr

    def needConversion(self) -> bool:
        return True

    def toInternal(self, obj: Any) -> Any:
        raise _not_implemented("YearMonthIntervalType.toInternal")

    def fromInternal(self, obj: Any) -> Any:
        raise _not_implemented("YearMonthIntervalType.fromInternal")


class CalendarIntervalType(_SingletonPickle, DataType, metaclass=DataTypeSingleton):
    """Calendar intervals (months, days, microseconds); not convertible to Python."""

    @classmethod
    def typeName(cls) -> str:
        return "interval"

    def needConversion(self) -> bool:
        return True

    def toInternal(self, obj: Any) -> Any:
        raise _not_implemented("CalendarIntervalType.toInternal")

    def fromInternal(self, obj: Any) -> Any:
        raise _not_implemented("CalendarIntervalType.fromInternal")


def _not_implemented(feature: str) -> PySparkException:
    return _error(PySparkNotImplementedError, "NOT_IMPLEMENTED", feature=feature)


# --------------------------------------------------------------------------------------------
# Complex types
# --------------------------------------------------------------------------------------------
_MAX_DEPTH = (1 << 31) - 1  # the JVM's Int.MaxValue: "no depth limit" in treeString


def _escape_meta(name: str) -> str:
    """Field names in tree strings show control characters escaped, as Spark prints them."""
    return (name.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
            .replace("\f", "\\f").replace("\b", "\\b").replace("\u000b", "\\v")
            .replace("\u0007", "\\a"))


def _tree_children(dt: DataType, prefix: str, out: List[str], depth: int) -> None:
    """Append the nested lines of a complex type (nothing for atomic types)."""
    if isinstance(dt, (ArrayType, MapType, StructType)):
        dt._tree_lines(prefix, out, depth - 1)


class ArrayType(DataType):
    """Arrays of ``elementType``; ``containsNull`` says whether elements may be None."""

    def __init__(self, elementType: DataType, containsNull: bool = True):
        assert isinstance(elementType, DataType), \
            "elementType %s should be an instance of %s" % (elementType, DataType)
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:
        return "array<%s>" % self.elementType.simpleString()

    def __repr__(self) -> str:
        return "ArrayType(%s, %s)" % (self.elementType, self.containsNull)

    def jsonValue(self) -> Dict[str, Any]:
        return {"type": self.typeName(), "elementType": self.elementType.jsonValue(),
                "containsNull": self.containsNull}

    @classmethod
    def fromJson(cls, json: Dict[str, Any], fieldPath: str = "",
                 collationsMap: Optional[Dict[str, str]] = None) -> "ArrayType":
        path = "element" if fieldPath == "" else fieldPath + ".element"
        return ArrayType(_parse_datatype_json_value(json["elementType"], path, collationsMap),
                         json["containsNull"])

    def _as_nullable(self) -> "ArrayType":
        return ArrayType(self.elementType._as_nullable(), True)

    def toNullable(self) -> "ArrayType":
        """The same type with every nullability flag (nested too) set to True."""
        return self._as_nullable()

    def needConversion(self) -> bool:
        return self.elementType.needConversion()

    def toInternal(self, obj: Any) -> Any:
        if not self.needConversion() or not obj:
            return obj
        convert = self.elementType.toInternal
        return [convert(v) for v in obj]

    def fromInternal(self, obj: Any) -> Any:
        if not self.needConversion() or not obj:
            return obj
        convert = self.elementType.fromInternal
        return [convert(v) for v in obj]

    def _tree_lines(self, prefix: str, out: List[str], depth: int) -> None:
        if depth > 0:
            out.append(f"{prefix}-- element: {self.elementType._tree_name()} "
                       f"(containsNull = {str(self.containsNull).lower()})\n")
            _tree_children(self.elementType, prefix + "    |", out, depth)


class MapType(DataType):
    """Maps from ``keyType`` to ``valueType``; keys are never None, values may be unless
    ``valueContainsNull`` is False."""

    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True):
        assert isinstance(keyType, DataType), \
            "keyType %s should be an instance of %s" % (keyType, DataType)
        assert isinstance(valueType, DataType), \
            "valueType %s should be an instance of %s" % (valueType, DataType)
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:
        return "map<%s,%s>" % (self.keyType.simpleString(), self.valueType.simpleString())

    def __repr__(self) -> str:
        return "MapType(%s, %s, %s)" % (self.keyType, self.valueType, self.valueContainsNull)

    def jsonValue(self) -> Dict[str, Any]:
        return {"type": self.typeName(), "keyType": self.keyType.jsonValue(),
                "valueType": self.valueType.jsonValue(),
                "valueContainsNull": self.valueContainsNull}

    @classmethod
    def fromJson(cls, json: Dict[str, Any], fieldPath: str = "",
                 collationsMap: Optional[Dict[str, str]] = None) -> "MapType":
        key_path = "key" if fieldPath == "" else fieldPath + ".key"
        value_path = "value" if fieldPath == "" else fieldPath + ".value"
        return MapType(_parse_datatype_json_value(json["keyType"], key_path, collationsMap),
                       _parse_datatype_json_value(json["valueType"], value_path, collationsMap),
                       json["valueContainsNull"])

    def _as_nullable(self) -> "MapType":
        return MapType(self.keyType._as_nullable(), self.valueType._as_nullable(), True)

    def toNullable(self) -> "MapType":
        """The same type with every nullability flag (nested too) set to True."""
        return self._as_nullable()

    def needConversion(self) -> bool:
        return self.keyType.needConversion() or self.valueType.needConversion()

    def toInternal(self, obj: Any) -> Any:
        if not self.needConversion() or not obj:
            return obj
        kconv, vconv = self.keyType.toInternal, self.valueType.toInternal
        return {kconv(k): vconv(v) for k, v in obj.items()}

    def fromInternal(self, obj: Any) -> Any:
        if not self.needConversion() or not obj:
            return obj
        kconv, vconv = self.keyType.fromInternal, self.valueType.fromInternal
        return {kconv(k): vconv(v) for k, v in obj.items()}

    def _tree_lines(self, prefix: str, out: List[str], depth: int) -> None:
        if depth > 0:
            out.append(f"{prefix}-- key: {self.keyType._tree_name()}\n")
            _tree_children(self.keyType, prefix + "    |", out, depth)
            out.append(f"{prefix}-- value: {self.valueType._tree_name()} "
                       f"(valueContainsNull = {str(self.valueContainsNull).lower()})\n")
            _tree_children(self.valueType, prefix + "    |", out, depth)


_COLLATIONS_METADATA_KEY = "__COLLATIONS"


class StructField(DataType):
    """A named, typed column of a :class:`StructType`, with nullability and metadata
    (a JSON-able dict; DDL comments are stored under ``"comment"``)."""

    def __init__(self, name: str, dataType: DataType, nullable: bool = True,
                 metadata: Optional[Dict[str, Any]] = None):
        assert isinstance(dataType, DataType), \
            "dataType %s should be an instance of %s" % (dataType, DataType)
        assert isinstance(name, str), "field name %s should be a string" % (name)
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self) -> str:
        return "%s:%s" % (self.name, self.dataType.simpleString())

    def __repr__(self) -> str:
        return "StructField('%s', %s, %s)" % (self.name, self.dataType, self.nullable)

    def typeName(self) -> str:  # type: ignore[override]
        raise _error(PySparkTypeError, "INVALID_TYPENAME_CALL")

    def jsonValue(self) -> Dict[str, Any]:
        # Collations are not part of a type's JSON (for compatibility with readers that do
        # not know them); Spark records them in the field metadata instead.
        collations = self._collation_metadata()
        metadata = self.metadata
        data_type = self.dataType
        if collations:
            metadata = {**metadata, _COLLATIONS_METADATA_KEY: collations}
            data_type = _strip_collations(data_type)
        return {"name": self.name, "type": data_type.jsonValue(), "nullable": self.nullable,
                "metadata": metadata}

    def _collation_metadata(self) -> Dict[str, str]:
        found: Dict[str, str] = {}

        def visit(dt: DataType, path: str) -> None:
            if isinstance(dt, StringType):
                if not dt.isUTF8BinaryCollation():
                    found[path] = f"{StringType.collationProvider(dt.collation)}.{dt.collation}"
            elif isinstance(dt, ArrayType):
                visit(dt.elementType, path + ".element")
            elif isinstance(dt, MapType):
                visit(dt.keyType, path + ".key")
                visit(dt.valueType, path + ".value")

        visit(self.dataType, self.name)
        return found

    @classmethod
    def fromJson(cls, json: Dict[str, Any]) -> "StructField":
        metadata = json.get("metadata")
        collations: Dict[str, str] = {}
        if metadata and _COLLATIONS_METADATA_KEY in metadata:
            for path, value in metadata[_COLLATIONS_METADATA_KEY].items():
                provider, _, collation = value.partition(".")
                if provider.lower() not in StringType.providers:
                    raise _error(PySparkValueError, "COLLATION_INVALID_PROVIDER",
                                 provider=provider,
                                 supportedProviders=", ".join(StringType.providers))
                collations[path] = collation
            metadata = {k: v for k, v in metadata.items() if k != _COLLATIONS_METADATA_KEY}
        return StructField(json["name"],
                           _parse_datatype_json_value(json["type"], json["name"], collations),
                           json.get("nullable", True), metadata)

    def needConversion(self) -> bool:
        return self.dataType.needConversion()

    def toInternal(self, obj: Any) -> Any:
        return self.dataType.toInternal(obj)

    def fromInternal(self, obj: Any) -> Any:
        return self.dataType.fromInternal(obj)

    def _tree_lines(self, prefix: str, out: List[str], depth: int) -> None:
        if depth > 0:
            out.append(f"{prefix}-- {_escape_meta(self.name)}: {self.dataType._tree_name()} "
                       f"(nullable = {str(self.nullable).lower()})\n")
            _tree_children(self.dataType, prefix + "    |", out, depth)


def _strip_collations(dt: DataType) -> DataType:
    if isinstance(dt, StringType):
        return StringType()
    if isinstance(dt, ArrayType):
        return ArrayType(_strip_collations(dt.elementType), dt.containsNull)
    if isinstance(dt, MapType):
        return MapType(_strip_collations(dt.keyType), _strip_collations(dt.valueType),
                       dt.valueContainsNull)
    return dt


class StructType(DataType):
    """A row type: an ordered list of :class:`StructField`.

    Fields are reachable by position, by name (the first field of that name) or by slice;
    iterating yields the fields.
    """

    def __init__(self, fields: Optional[List[StructField]] = None):
        if not fields:
            self.fields: List[StructField] = []
            self.names: List[str] = []
        else:
            self.fields = fields if isinstance(fields, list) else list(fields)
            self.names = [f.name for f in self.fields]
            assert all(isinstance(f, StructField) for f in self.fields), \
                "fields should be a list of StructField"
        self._refresh()

    def _refresh(self) -> None:
        # Which fields need per-value conversion, precomputed because toInternal/fromInternal
        # run once per row.
        self._needConversion = [f.needConversion() for f in self.fields]
        self._needSerializeAnyField = any(self._needConversion)

    def add(self, field: Union[str, StructField], data_type: Union[str, DataType, None] = None,
            nullable: bool = True, metadata: Optional[Dict[str, Any]] = None) -> "StructType":
        """Append a field (in place) and return self, so calls chain.

        Either one :class:`StructField`, or a name plus a type given as a DataType or as a
        JSON type name (``"string"``, ``"integer"``, ``"decimal(10,2)"``).
        """
        if isinstance(field, StructField):
            self.fields.append(field)
            self.names.append(field.name)
        else:
            if isinstance(field, str) and data_type is None:
                raise _error(PySparkValueError, "ARGUMENT_REQUIRED", arg_name="data_type",
                             condition="passing name of struct_field to create")
            if isinstance(data_type, str):
                data_type = _parse_datatype_json_value(data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
            self.names.append(field)
        self._refresh()
        return self

    def __iter__(self):
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: Union[str, int, slice]) -> Any:
        if isinstance(key, str):
            for field in self.fields:
                if field.name == key:
                    return field
            raise _error(PySparkKeyError, "KEY_NOT_EXISTS", key=key)
        if isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError:
                raise _error(PySparkIndexError, "INDEX_OUT_OF_RANGE", arg_name="StructType",
                             index=str(key)) from None
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise _error(PySparkTypeError, "NOT_EXPECTED_TYPE", expected_type="int, slice or str",
                     arg_name="key", arg_type=type(key).__name__)

    def fieldNames(self) -> List[str]:
        return list(self.names)

    def simpleString(self) -> str:
        return "struct<%s>" % ",".join(f.simpleString() for f in self.fields)

    def __repr__(self) -> str:
        return "StructType([%s])" % ", ".join(str(f) for f in self.fields)

    def jsonValue(self) -> Dict[str, Any]:
        return {"type": self.typeName(), "fields": [f.jsonValue() for f in self.fields]}

    @classmethod
    def fromJson(cls, json: Dict[str, Any]) -> "StructType":
        """Build from the dict form of :meth:`json` (``{"type": "struct", "fields": [...]}``)."""
        return StructType([StructField.fromJson(f) for f in json["fields"]])

    def _as_nullable(self) -> "StructType":
        return StructType([StructField(f.name, f.dataType._as_nullable(), True, f.metadata)
                           for f in self.fields])

    def toNullable(self) -> "StructType":
        """The same type with every nullability flag (nested too) set to True."""
        return self._as_nullable()

    def treeString(self, maxDepth: int = _MAX_DEPTH) -> str:
        """The text ``DataFrame.printSchema()`` prints, nested to ``maxDepth`` levels
        (``<= 0`` means unlimited)."""
        out = ["root\n"]
        depth = maxDepth if maxDepth > 0 else _MAX_DEPTH
        for field in self.fields:
            field._tree_lines(" |", out, depth)
        return "".join(out)

    def _tree_lines(self, prefix: str, out: List[str], depth: int) -> None:
        for field in self.fields:
            field._tree_lines(prefix, out, depth)

    def toDDL(self) -> str:
        """The DDL string Spark's ``StructType.toDDL`` produces (``a INT NOT NULL,b STRING``)."""
        from rayspark.sql.ddl import struct_to_ddl
        return struct_to_ddl(self)

    def needConversion(self) -> bool:
        # Rows, namedtuples, dicts and objects all become plain tuples internally.
        return True

    def toInternal(self, obj: Any) -> Optional[tuple]:
        if obj is None:
            return None
        if self._needSerializeAnyField:
            flags = self._needConversion
            if isinstance(obj, dict):
                return tuple(f.toInternal(obj.get(n)) if c else obj.get(n)
                             for n, f, c in zip(self.names, self.fields, flags))
            if isinstance(obj, (tuple, list)):
                return tuple(f.toInternal(v) if c else v
                             for f, v, c in zip(self.fields, obj, flags))
            if hasattr(obj, "__dict__"):
                d = obj.__dict__
                return tuple(f.toInternal(d.get(n)) if c else d.get(n)
                             for n, f, c in zip(self.names, self.fields, flags))
        else:
            if isinstance(obj, dict):
                return tuple(obj.get(n) for n in self.names)
            if isinstance(obj, (tuple, list)):
                return tuple(obj)
            if hasattr(obj, "__dict__"):
                d = obj.__dict__
                return tuple(d.get(n) for n in self.names)
        raise _error(PySparkValueError, "UNEXPECTED_TUPLE_WITH_STRUCT", tuple=str(obj))

    def fromInternal(self, obj: Any) -> Any:
        from rayspark.sql.row import Row, _create_row
        if obj is None:
            return None
        if isinstance(obj, Row):
            return obj
        if self._needSerializeAnyField:
            values = [f.fromInternal(v) if c else v
                      for f, v, c in zip(self.fields, obj, self._needConversion)]
        else:
            values = obj
        return _create_row(self.names, values)


# --------------------------------------------------------------------------------------------
# Parsing type names and JSON
# --------------------------------------------------------------------------------------------
_atomic_types: List[type] = [
    StringType, CharType, VarcharType, BinaryType, BooleanType, DecimalType, FloatType,
    DoubleType, ByteType, ShortType, IntegerType, LongType, DateType, TimestampType,
    TimestampNTZType, NullType, YearMonthIntervalType, DayTimeIntervalType,
]
_complex_types: List[type] = [ArrayType, MapType, StructType]
_all_complex_types: Dict[str, type] = {"array": ArrayType, "map": MapType, "struct": StructType}

# JSON names that map straight to a parameterless type.
_all_mappable_types: Dict[str, type] = {
    "string": StringType, "binary": BinaryType, "boolean": BooleanType,
    "decimal": DecimalType, "float": FloatType, "double": DoubleType, "byte": ByteType,
    "short": ShortType, "integer": IntegerType, "long": LongType, "date": DateType,
    "timestamp": TimestampType, "timestamp_ntz": TimestampNTZType, "void": NullType,
    "interval": CalendarIntervalType,
}

_FIXED_DECIMAL = re.compile(r"decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)")
_LENGTH_CHAR = re.compile(r"char\(\s*(\d+)\s*\)")
_LENGTH_VARCHAR = re.compile(r"varchar\(\s*(\d+)\s*\)")
_STRING_WITH_COLLATION = re.compile(r"string\s+collate\s+(\w+)")
_INTERVAL_DAYTIME = re.compile(
    r"interval (day|hour|minute|second)( to (day|hour|minute|second))?")
_INTERVAL_YEARMONTH = re.compile(r"interval (year|month)( to (year|month))?")


def _parse_datatype_string(s: str) -> DataType:
    """Parse a DDL or simple type string the way ``spark.createDataFrame(schema=str)`` does:
    a table schema (``"a INT, b STRING"``), else a single type (``"array<int>"``), else the
    legacy ``"a: int, b: string"`` form. Raises ParseException for bad input."""
    from rayspark.sql.ddl import parse_ddl
    return parse_ddl(s)


def _parse_datatype_json_string(json_string: str) -> DataType:
    """Parse the output of :meth:`DataType.json`."""
    return _parse_datatype_json_value(json.loads(json_string))


def _parse_datatype_json_value(json_value: Union[dict, str], fieldPath: str = "",
                               collationsMap: Optional[Dict[str, str]] = None) -> DataType:
    """Parse the output of :meth:`DataType.jsonValue` (a type name or a dict)."""
    if isinstance(json_value, dict):
        tpe = json_value["type"]
        if tpe in _all_complex_types:
            if collationsMap and fieldPath in collationsMap:
                _check_collation_target(tpe)
            if tpe == "array":
                return ArrayType.fromJson(json_value, fieldPath, collationsMap)
            if tpe == "map":
                return MapType.fromJson(json_value, fieldPath, collationsMap)
            return StructType.fromJson(json_value)
        raise _error(PySparkValueError, "UNSUPPORTED_DATA_TYPE", data_type=str(tpe))

    if json_value in _all_mappable_types:
        if collationsMap and fieldPath in collationsMap:
            _check_collation_target(json_value)
            return StringType(collationsMap[fieldPath])
        return _all_mappable_types[json_value]()
    m = _FIXED_DECIMAL.match(json_value)
    if m:
        return DecimalType(int(m.group(1)), int(m.group(2)))
    m = _INTERVAL_DAYTIME.match(json_value)
    if m:
        fields = DayTimeIntervalType._inverted_fields
        return DayTimeIntervalType(fields[m.group(1)], fields.get(m.group(3)))
    m = _INTERVAL_YEARMONTH.match(json_value)
    if m:
        fields = YearMonthIntervalType._inverted_fields
        return YearMonthIntervalType(fields[m.group(1)], fields.get(m.group(3)))
    m = _STRING_WITH_COLLATION.match(json_value)
    if m:
        return StringType(m.group(1))
    m = _LENGTH_CHAR.match(json_value)
    if m:
        return CharType(int(m.group(1)))
    m = _LENGTH_VARCHAR.match(json_value)
    if m:
        return VarcharType(int(m.group(1)))
    raise _error(PySparkValueError, "CANNOT_PARSE_DATATYPE", msg=str(json_value))


def _check_collation_target(json_type: str) -> None:
    if json_type != "string":
        raise _error(PySparkTypeError, "INVALID_JSON_DATA_TYPE_FOR_COLLATIONS",
                     jsonType=json_type)


# --------------------------------------------------------------------------------------------
# Schema inference from Python values
# --------------------------------------------------------------------------------------------
_type_mappings: Dict[type, type] = {
    type(None): NullType,
    bool: BooleanType,
    int: LongType,
    float: DoubleType,
    str: StringType,
    bytearray: BinaryType,
    bytes: BinaryType,
    decimal.Decimal: DecimalType,
    datetime.date: DateType,
    datetime.datetime: TimestampType,
    datetime.timedelta: DayTimeIntervalType,
}


def _int_size_to_type(size: int) -> Optional[type]:
    """The smallest signed Spark integral type holding ``size`` bits."""
    for bits, tpe in ((8, ByteType), (16, ShortType), (32, IntegerType), (64, LongType)):
        if size <= bits:
            return tpe
    return None


def _array_typecode_types() -> Dict[str, type]:
    """Element types of ``array.array`` typecodes. Unsigned codes need one more bit, since
    Spark only has signed integers; ones that do not fit a long are left out."""
    mapping: Dict[str, type] = {"f": FloatType, "d": DoubleType, "u": StringType}
    for code in "bhil":
        tpe = _int_size_to_type(array(code).itemsize * 8)
        if tpe is not None:
            mapping[code] = tpe
    for code in "BHIL":
        tpe = _int_size_to_type(array(code).itemsize * 8 + 1)
        if tpe is not None:
            mapping[code] = tpe
    return mapping


_array_type_mappings = _array_typecode_types()


def _from_numpy_type(nt: Any) -> Optional[DataType]:
    """The Spark type of a NumPy dtype, or None when there is none."""
    import numpy as np
    simple = {
        np.dtype("bool"): BooleanType, np.dtype("int8"): ByteType,
        np.dtype("int16"): ShortType, np.dtype("int32"): IntegerType,
        np.dtype("int64"): LongType, np.dtype("float32"): FloatType,
        np.dtype("float64"): DoubleType,
    }
    if nt in simple:
        return simple[nt]()
    if nt.type == np.dtype("str"):
        return StringType()
    return None


def _infer_type(obj: Any, infer_dict_as_struct: bool = False,
                infer_array_from_first_element: bool = False,
                infer_map_from_first_pair: bool = False,
                prefer_timestamp_ntz: bool = False) -> DataType:
    """The Spark type of one Python value, as PySpark infers it.

    ``int`` is a long, ``float`` a double, ``Decimal`` ``decimal(38,18)``, ``list`` an array
    of the merged element types, ``dict`` a map (or a struct with ``infer_dict_as_struct``),
    a Row/namedtuple/object a struct and ``None`` a NullType to be resolved by merging.
    """
    if obj is None:
        return NullType()
    if hasattr(obj, "__UDT__"):
        return obj.__UDT__
    mapped = _type_mappings.get(type(obj))
    if mapped is DecimalType:
        # Each value has its own precision; 38,18 is the common type PySpark settles on.
        return DecimalType(38, 18)
    if mapped is TimestampType and prefer_timestamp_ntz and obj.tzinfo is None:
        return TimestampNTZType()
    if mapped is not None:
        return mapped()

    flags = (infer_dict_as_struct, infer_array_from_first_element, infer_map_from_first_pair,
             prefer_timestamp_ntz)
    if isinstance(obj, dict):
        if infer_dict_as_struct:
            struct = StructType()
            for key, value in obj.items():
                if key is not None and value is not None:
                    struct.add(key, _infer_type(value, *flags), True)
            return struct
        if infer_map_from_first_pair:
            for key, value in obj.items():
                if key is not None and value is not None:
                    return MapType(_infer_type(key, *flags), _infer_type(value, *flags), True)
            return MapType(NullType(), NullType(), True)
        key_type: DataType = NullType()
        value_type: DataType = NullType()
        for key, value in obj.items():
            if key is not None:
                key_type = _merge_type(key_type, _infer_type(key, *flags))
            if value is not None:
                value_type = _merge_type(value_type, _infer_type(value, *flags))
        return MapType(key_type, value_type, True)
    if isinstance(obj, list):
        if not obj:
            return ArrayType(NullType(), True)
        # PySpark passes prefer_timestamp_ntz into the infer_map_from_first_pair slot for
        # list elements (so list elements never prefer TIMESTAMP_NTZ); kept for parity.
        element_flags = (infer_dict_as_struct, infer_array_from_first_element,
                         prefer_timestamp_ntz)
        if infer_array_from_first_element:
            return ArrayType(_infer_type(obj[0], *element_flags), True)
        return ArrayType(reduce(_merge_type, (_infer_type(v, *element_flags) for v in obj)),
                         True)
    if isinstance(obj, array):
        if obj.typecode in _array_type_mappings:
            return ArrayType(_array_type_mappings[obj.typecode](), False)
        raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE",
                     data_type=f"array({obj.typecode})")
    try:
        return _infer_schema(obj, infer_dict_as_struct=infer_dict_as_struct,
                             infer_array_from_first_element=infer_array_from_first_element,
                             prefer_timestamp_ntz=prefer_timestamp_ntz)
    except TypeError:
        raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE",
                     data_type=type(obj).__name__) from None


def _infer_schema(row: Any, names: Optional[List[str]] = None,
                  infer_dict_as_struct: bool = False,
                  infer_array_from_first_element: bool = False,
                  infer_map_from_first_pair: bool = False,
                  prefer_timestamp_ntz: bool = False) -> StructType:
    """The StructType of one row: a dict (columns sorted by key), a Row or namedtuple (its
    field order), a plain tuple/list (named ``_1, _2, ...`` after any given ``names``) or an
    object (its sorted ``__dict__``)."""
    if isinstance(row, dict):
        items: Iterable[Tuple[str, Any]] = sorted(row.items())
    elif isinstance(row, (tuple, list)):
        if hasattr(row, "__fields__"):
            items = zip(row.__fields__, tuple(row))
        elif hasattr(row, "_fields"):
            items = zip(row._fields, tuple(row))
        else:
            if names is None:
                names = ["_%d" % i for i in range(1, len(row) + 1)]
            elif len(names) < len(row):
                names.extend("_%d" % i for i in range(len(names) + 1, len(row) + 1))
            items = zip(names, row)
    elif hasattr(row, "__dict__"):
        items = sorted(row.__dict__.items())
    else:
        raise _error(PySparkTypeError, "CANNOT_INFER_SCHEMA_FOR_TYPE",
                     data_type=type(row).__name__)

    fields = []
    for name, value in items:
        try:
            data_type = _infer_type(value, infer_dict_as_struct, infer_array_from_first_element,
                                    infer_map_from_first_pair, prefer_timestamp_ntz)
        except TypeError:
            raise _error(PySparkTypeError, "CANNOT_INFER_TYPE_FOR_FIELD",
                         field_name=str(name)) from None
        fields.append(StructField(name, data_type, True))
    return StructType(fields)


def _infer_schema_from_data(data: Iterable[Any], names: Optional[List[str]] = None, *,
                            infer_dict_as_struct: bool = False,
                            infer_array_from_first_element: bool = False,
                            infer_map_from_first_pair: bool = False,
                            prefer_timestamp_ntz: bool = False) -> StructType:
    """Infer one schema for all rows of local data (``createDataFrame`` without a schema):
    every row is inferred and the results merged; a column left NullType is an error."""
    data = data if isinstance(data, list) else list(data)
    if not data:
        raise _error(PySparkValueError, "CANNOT_INFER_EMPTY_SCHEMA")
    schema = reduce(_merge_type, (
        _infer_schema(row, names, infer_dict_as_struct=infer_dict_as_struct,
                      infer_array_from_first_element=infer_array_from_first_element,
                      infer_map_from_first_pair=infer_map_from_first_pair,
                      prefer_timestamp_ntz=prefer_timestamp_ntz)
        for row in data))
    if _has_nulltype(schema):
        raise _error(PySparkValueError, "CANNOT_DETERMINE_TYPE")
    return schema


def _has_nulltype(dt: DataType) -> bool:
    """Whether a NullType is left anywhere in ``dt`` (inference could not decide)."""
    if isinstance(dt, StructType):
        return any(_has_nulltype(f.dataType) for f in dt.fields)
    if isinstance(dt, ArrayType):
        return _has_nulltype(dt.elementType)
    if isinstance(dt, MapType):
        return _has_nulltype(dt.keyType) or _has_nulltype(dt.valueType)
    return isinstance(dt, NullType)


def _has_type(dt: DataType, dts: Union[type, Tuple[type, ...]]) -> bool:
    """Whether ``dt`` or any type nested in it is an instance of ``dts``."""
    if isinstance(dt, dts):
        return True
    if isinstance(dt, StructType):
        return any(_has_type(f.dataType, dts) for f in dt.fields)
    if isinstance(dt, ArrayType):
        return _has_type(dt.elementType, dts)
    if isinstance(dt, MapType):
        return _has_type(dt.keyType, dts) or _has_type(dt.valueType, dts)
    return False


def _merge_type(a: DataType, b: DataType, name: Optional[str] = None) -> DataType:
    """The common type of two inferred types: NullType yields to anything, TIMESTAMP to
    TIMESTAMP_NTZ's left, any atomic type to a string; structs merge field by field (new
    fields appended), arrays and maps element-wise. Anything else must match exactly."""
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, TimestampType) and isinstance(b, TimestampNTZType):
        return a
    if isinstance(a, TimestampNTZType) and isinstance(b, TimestampType):
        return b
    if isinstance(a, AtomicType) and isinstance(b, StringType):
        return b
    if isinstance(a, StringType) and isinstance(b, AtomicType):
        return a
    if type(a) is not type(b):
        raise _error(PySparkTypeError, "CANNOT_MERGE_TYPE", data_type1=type(a).__name__,
                     data_type2=type(b).__name__)

    if isinstance(a, StructType):
        assert isinstance(b, StructType)
        other = {f.name: f.dataType for f in b.fields}
        where = (lambda n: f"field {n}") if name is None else (lambda n: f"field {n} in {name}")
        fields = [StructField(f.name, _merge_type(f.dataType, other.get(f.name, NullType()),
                                                  name=where(f.name)))
                  for f in a.fields]
        seen = {f.name for f in fields}
        fields.extend(StructField(n, t) for n, t in other.items() if n not in seen)
        return StructType(fields)
    if isinstance(a, ArrayType):
        assert isinstance(b, ArrayType)
        return ArrayType(_merge_type(a.elementType, b.elementType,
                                     name="element in array %s" % name), True)
    if isinstance(a, MapType):
        assert isinstance(b, MapType)
        return MapType(_merge_type(a.keyType, b.keyType, name="key of map %s" % name),
                       _merge_type(a.valueType, b.valueType, name="value of map %s" % name),
                       True)
    return a


# --------------------------------------------------------------------------------------------
# Converting and verifying local data against a schema (createDataFrame)
# --------------------------------------------------------------------------------------------
def _need_converter(dataType: DataType) -> bool:
    """Whether values of this type need reshaping before they are internal rows: structs
    (name -> position), strings (any value is coerced with ``str``) and nulls."""
    if isinstance(dataType, StructType):
        return True
    if isinstance(dataType, ArrayType):
        return _need_converter(dataType.elementType)
    if isinstance(dataType, MapType):
        return _need_converter(dataType.keyType) or _need_converter(dataType.valueType)
    return isinstance(dataType, (NullType, StringType))


def _to_str(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"  # Spark's spelling of booleans
    return str(value)


def _identity(x: Any) -> Any:
    return x


def _create_converter(dataType: DataType) -> Callable[[Any], Any]:
    """A function turning a Python value of ``dataType`` into its positional shape: structs
    become tuples (dicts and objects by field name, tuples by position), values for string
    columns become ``str``, values for null columns become None."""
    if not _need_converter(dataType):
        return _identity
    if isinstance(dataType, ArrayType):
        element = _create_converter(dataType.elementType)
        return lambda v: None if v is None else [element(x) for x in v]
    if isinstance(dataType, MapType):
        kconv = _create_converter(dataType.keyType)
        vconv = _create_converter(dataType.valueType)
        return lambda v: None if v is None else {kconv(k): vconv(x) for k, x in v.items()}
    if isinstance(dataType, NullType):
        return lambda v: None
    if isinstance(dataType, StringType):
        return _to_str
    if not isinstance(dataType, StructType):
        return _identity

    names = [f.name for f in dataType.fields]
    converters = [_create_converter(f.dataType) for f in dataType.fields]
    convert_fields = any(_need_converter(f.dataType) for f in dataType.fields)

    def convert_struct(obj: Any) -> Optional[tuple]:
        if obj is None:
            return None
        if isinstance(obj, (tuple, list)):
            if convert_fields:
                return tuple(conv(v) for v, conv in zip(obj, converters))
            return tuple(obj)
        if isinstance(obj, dict):
            d = obj
        elif hasattr(obj, "__dict__"):
            d = obj.__dict__
        else:
            raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE", data_type=type(obj).__name__)
        if convert_fields:
            return tuple(conv(d.get(n)) for n, conv in zip(names, converters))
        return tuple(d.get(n) for n in names)

    return convert_struct


# Python classes accepted for each type (exact classes: a subclass such as bool for int is
# rejected, as PySpark does).
_acceptable_types: Dict[type, Tuple[type, ...]] = {
    BooleanType: (bool,),
    ByteType: (int,),
    ShortType: (int,),
    IntegerType: (int,),
    LongType: (int,),
    FloatType: (float,),
    DoubleType: (float,),
    DecimalType: (decimal.Decimal,),
    StringType: (str,),
    CharType: (str,),
    VarcharType: (str,),
    BinaryType: (bytearray, bytes),
    DateType: (datetime.date, datetime.datetime),
    TimestampType: (datetime.datetime,),
    TimestampNTZType: (datetime.datetime,),
    DayTimeIntervalType: (datetime.timedelta,),
    ArrayType: (list, tuple, array),
    MapType: (dict,),
    StructType: (tuple, list, dict),
}

_INTEGRAL_BOUNDS = {
    ByteType: (-128, 127),
    ShortType: (-32768, 32767),
    IntegerType: (-2147483648, 2147483647),
    LongType: (-9223372036854775808, 9223372036854775807),
}


def _make_type_verifier(dataType: DataType, nullable: bool = True,
                        name: Optional[str] = None) -> Callable[[Any], None]:
    """A function checking one value against ``dataType`` before it is accepted as data.

    It raises PySparkTypeError when the Python class does not fit the type and
    PySparkValueError for None in a non-nullable place, integers out of range and tuples of
    the wrong length - with PySpark's conditions and messages. ``name`` ("field a",
    "element in array field a", ...) prefixes messages so nested failures say where.
    """
    type_cls = type(dataType)

    def not_nullable() -> PySparkException:
        if name is not None:
            return _error(PySparkValueError, "FIELD_NOT_NULLABLE_WITH_NAME", field_name=name)
        return _error(PySparkValueError, "FIELD_NOT_NULLABLE")

    def unacceptable(obj: Any) -> PySparkException:
        params = dict(data_type=str(dataType), obj=repr(obj), obj_type=str(type(obj)))
        if name is not None:
            return _error(PySparkTypeError, "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
                          field_name=name, **params)
        return _error(PySparkTypeError, "FIELD_DATA_TYPE_UNACCEPTABLE", **params)

    def check_class(obj: Any) -> None:
        accepted = _acceptable_types.get(type_cls)
        prefix = "" if name is None else name + ": "
        assert accepted is not None, \
            prefix + "unknown datatype: %s for object %r" % (dataType, obj)
        if type(obj) not in accepted:
            raise unacceptable(obj)

    verify_value: Callable[[Any], None]
    if isinstance(dataType, (StringType, CharType, VarcharType)):
        def verify_value(obj: Any) -> None:
            pass  # any value is turned into a string by the converter
    elif isinstance(dataType, IntegralType):
        low, high = _INTEGRAL_BOUNDS[type_cls]

        def verify_value(obj: Any) -> None:
            check_class(obj)
            if obj < low or obj > high:
                raise _error(PySparkValueError, "VALUE_OUT_OF_BOUNDS", arg_name="obj",
                             lower_bound=str(low), upper_bound=str(high), actual=str(obj))
    elif isinstance(dataType, ArrayType):
        verify_element = _make_type_verifier(dataType.elementType, dataType.containsNull,
                                             name="element in array %s" % name)

        def verify_value(obj: Any) -> None:
            check_class(obj)
            for item in obj:
                verify_element(item)
    elif isinstance(dataType, MapType):
        verify_key = _make_type_verifier(dataType.keyType, False, name="key of map %s" % name)
        verify_map_value = _make_type_verifier(dataType.valueType, dataType.valueContainsNull,
                                               name="value of map %s" % name)

        def verify_value(obj: Any) -> None:
            check_class(obj)
            for k, v in obj.items():
                verify_key(k)
                verify_map_value(v)
    elif isinstance(dataType, StructType):
        where = (lambda n: f"field {n}") if name is None else (lambda n: f"field {n} in {name}")
        verifiers = [(f.name, _make_type_verifier(f.dataType, f.nullable, name=where(f.name)))
                     for f in dataType.fields]

        def verify_value(obj: Any) -> None:
            if isinstance(obj, dict):
                for field_name, verify in verifiers:
                    verify(obj.get(field_name))
            elif isinstance(obj, (tuple, list)):
                if len(obj) != len(verifiers):
                    params = dict(object_length=str(len(obj)), field_length=str(len(verifiers)))
                    if name is not None:
                        raise _error(PySparkValueError, "FIELD_STRUCT_LENGTH_MISMATCH_WITH_NAME",
                                     field_name=name, **params)
                    raise _error(PySparkValueError, "FIELD_STRUCT_LENGTH_MISMATCH", **params)
                for value, (_, verify) in zip(obj, verifiers):
                    verify(value)
            elif hasattr(obj, "__dict__"):
                d = obj.__dict__
                for field_name, verify in verifiers:
                    verify(d.get(field_name))
            else:
                raise unacceptable(obj)
    else:
        verify_value = check_class

    def verify(obj: Any) -> None:
        # Decimal NaN has no Spark representation; like None it becomes null.
        if obj is None or (isinstance(obj, decimal.Decimal) and obj.is_nan()):
            if not nullable:
                raise not_nullable()
            return
        verify_value(obj)

    return verify


def _create_row(fields: Any, values: Any) -> Any:
    """A Row with the given field names and values (also how Rows unpickle)."""
    from rayspark.sql.row import _create_row as create
    return create(fields, values)


def __getattr__(name: str) -> Any:
    # ``from rayspark.sql.types import Row`` works as in PySpark without a circular import.
    if name == "Row":
        from rayspark.sql.row import Row
        return Row
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

