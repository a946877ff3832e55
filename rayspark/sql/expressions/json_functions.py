"""JSON functions: from_json (schema as DDL, StructType/ArrayType/MapType), to_json,
get_json_object, json_tuple (values; the generator is in ``generators``), schema_of_json,
json_array_length, json_object_keys.

JSON text is parsed per row with Python's ``json`` module (Arrow's JSON reader parses whole
files, not a column of documents with a fixed schema and Spark's PERMISSIVE rules)."""
from __future__ import annotations

import datetime as _dt
import decimal
import json
import re

import pyarrow as pa

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (ArrayType, BinaryType, BooleanType, ByteType, DataType, DateType,
                     DecimalType, DoubleType, FloatType, IntegerType, IntegralType, LongType,
                     MapType, NullType, ShortType, StringType, StructField, StructType,
                     TimestampNTZType, TimestampType, _parse_datatype_string)
from .base import Expression, LeafExpression, Literal, materialize
from .coercion import cast_to
from .misc_functions import check_args, fn, literal_arg, rowwise
from .types_util import arrow_type

__all__ = ["SchemaLiteral", "JsonToStructs", "StructsToJson"]


class SchemaLiteral(LeafExpression):
    """A DataType argument (``from_json(col, StructType(...))``)."""

    def __init__(self, schema: DataType):
        self.schema = schema

    @property
    def data_type(self):
        return StringType()

    @property
    def foldable(self):
        return True

    @property
    def nullable(self):
        return False

    def eval(self, batch):
        return pa.scalar(self.schema.simpleString())

    def sql(self):
        return self.schema.simpleString()

    def _fields_key(self):
        return (self.schema.simpleString(),)


def _schema_arg(e) -> DataType:
    if isinstance(e, SchemaLiteral):
        return e.schema
    text = literal_arg(e, "schema")
    try:
        return _parse_datatype_string(text)
    except Exception:
        try:
            return DataType.fromJson(json.loads(text)) if hasattr(DataType, "fromJson") else None
        except Exception:
            raise AnalysisException(
                f"[PARSE_SYNTAX_ERROR] Syntax error in schema {text!r}.",
                "PARSE_SYNTAX_ERROR") from None


class _Bad(Exception):
    pass


def _loads(text, features=None):
    from .json_lenient import JsonFeatures, loads
    return loads(text, features or JsonFeatures(), parse_float=decimal.Decimal)


def _json_text(v):
    """Compact JSON of a parsed value (numbers as written)."""
    if isinstance(v, str):
        return v
    return json.dumps(v, separators=(",", ":"), default=_dec_default, ensure_ascii=False)


class _RawNumber(float):
    pass


def _dec_default(o):
    if isinstance(o, decimal.Decimal):
        return _RawJson(str(o))
    raise TypeError


class _RawJson(str):
    pass


def _dumps(v):
    # json.dumps cannot emit a raw number token; format decimals ourselves
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _dumps(x)
                              for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_dumps(x) for x in v) + "]"
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        # Jackson writes non-numeric numbers as quoted strings
        return '"NaN"' if v != v else ('"Infinity"' if v > 0 else '"-Infinity"')
    return json.dumps(v, ensure_ascii=False)


def _convert(v, dt):
    """A parsed JSON value as a Python value of Spark type ``dt`` (raise _Bad on mismatch)."""
    if v is None:
        return None
    if isinstance(dt, StringType):
        return v if isinstance(v, str) else _dumps(v)
    if isinstance(dt, IntegralType):
        if isinstance(v, bool) or not isinstance(v, int):
            raise _Bad()
        return v
    if isinstance(dt, (DoubleType, FloatType)):
        if isinstance(v, bool):
            raise _Bad()
        if isinstance(v, (int, decimal.Decimal, float)):
            return float(v)
        if isinstance(v, str) and v in ("NaN", "Infinity", "-Infinity"):
            return float(v.replace("Infinity", "inf"))
        raise _Bad()
    if isinstance(dt, DecimalType):
        if isinstance(v, bool) or not isinstance(v, (int, decimal.Decimal)):
            raise _Bad()
        return decimal.Decimal(v).quantize(decimal.Decimal(1).scaleb(-dt.scale))
    if isinstance(dt, BooleanType):
        if not isinstance(v, bool):
            raise _Bad()
        return v
    if isinstance(dt, DateType):
        if not isinstance(v, str):
            raise _Bad()
        try:
            return _dt.date.fromisoformat(v[:10])
        except ValueError:
            raise _Bad() from None
    if isinstance(dt, (TimestampType, TimestampNTZType)):
        if not isinstance(v, str):
            raise _Bad()
        try:
            t = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            raise _Bad() from None
        if t.tzinfo is not None:
            t = t.astimezone(_dt.timezone.utc)
            return t.replace(tzinfo=None) if isinstance(dt, TimestampNTZType) else t
        return t if isinstance(dt, TimestampNTZType) else t.replace(tzinfo=_dt.timezone.utc)
    if isinstance(dt, ArrayType):
        if not isinstance(v, list):
            raise _Bad()
        return [_convert(x, dt.elementType) for x in v]
    if isinstance(dt, MapType):
        if not isinstance(v, dict):
            raise _Bad()
        return [(k, _convert(x, dt.valueType)) for k, x in v.items()]
    if isinstance(dt, StructType):
        if not isinstance(v, dict):
            raise _Bad()
        return {f.name: _convert(v.get(f.name), f.dataType) for f in dt.fields}
    if isinstance(dt, BinaryType):
        raise _Bad()
    raise _Bad()


class JsonToStructs(Expression):
    def __init__(self, child, schema_expr, options=None):
        self.children = (child,)
        self.schema_expr = schema_expr
        self.schema = _schema_arg(schema_expr)
        self.options = options or {}
        if not isinstance(self.schema, (StructType, ArrayType, MapType)):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"from_json\": Input "
                f"schema \"{self.schema.simpleString().upper()}\" must be a struct, an array, "
                "a map or a variant.", "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA")

    @property
    def data_type(self):
        return self.schema

    @property
    def nullable(self):
        return True

    def coerce(self):
        t = self.children[0].data_type
        if not isinstance(t, (StringType, NullType)):
            from .misc_functions import type_error
            raise type_error(self, 1, "\"STRING\"", t)
        return self

    def eval(self, batch):
        n = batch.num_rows
        v = self.children[0].eval(batch)
        schema = self.schema
        mode = str(self.options.get("mode", "PERMISSIVE")).upper()
        from .json_lenient import features_from_options
        features = features_from_options(self.options)

        def one(text):
            if text is None:
                return None
            try:
                parsed = _loads(text, features)
                return _convert(parsed, schema)
            except (ValueError, _Bad):
                if mode == "FAILFAST":
                    from .misc_functions import SparkRuntimeException
                    raise SparkRuntimeException(
                        "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are "
                        "detected in record parsing: "
                        f"[{text}]. Parse Mode: FAILFAST. To process malformed records as null "
                        "result, try setting the option 'mode' as 'PERMISSIVE'.",
                        "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION") from None
                if isinstance(schema, StructType):
                    return {f.name: None for f in schema.fields}
                return None
        return rowwise(one, arrow_type(schema), [v], n, null_safe=True)

    def sql(self):
        return f"from_json({self.children[0].sql()})"

    @property
    def name(self):
        return "entries" if isinstance(self.schema, MapType) else self.sql()

    def _fields_key(self):
        return (self.schema.simpleString(),)


def _options(args):
    if not args:
        return {}
    e = args[0]
    if type(e).__name__ == "CreateMap":
        kids = e.children
        return {literal_arg(k): literal_arg(v) for k, v in zip(kids[0::2], kids[1::2])}
    return {}


@register("from_json")
def _from_json(args, distinct=False):
    check_args("from_json", args, 2, 3)
    return JsonToStructs(args[0], args[1], _options(args[2:]))


def _java_double(v):
    from ..execution.cast_string import format_double
    return format_double(v)


def _to_json_value(v, dt, date_format=None):
    if v is None:
        return "null"
    if isinstance(dt, StructType):
        items = v.items() if isinstance(v, dict) else zip([f.name for f in dt.fields], v)
        types = {f.name: f.dataType for f in dt.fields}
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" +
                              _to_json_value(x, types[k], date_format)
                              for k, x in items if x is not None) + "}"
    if isinstance(dt, MapType):
        pairs = v.items() if isinstance(v, dict) else v
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" +
                              _to_json_value(x, dt.valueType, date_format)
                              for k, x in pairs) + "}"
    if isinstance(dt, ArrayType):
        return "[" + ",".join(_to_json_value(x, dt.elementType, date_format) for x in v) + "]"
    if isinstance(dt, DateType) and date_format is not None:
        # the dateFormat option: a Spark datetime pattern
        from .datetime_functions import format_datetime
        return json.dumps(format_datetime(pa.array([v], pa.date32()), date_format)[0].as_py())
    if isinstance(dt, BooleanType):
        return "true" if v else "false"
    if isinstance(dt, (DoubleType, FloatType)):
        if v != v or v in (float("inf"), float("-inf")):
            return json.dumps("NaN" if v != v else ("Infinity" if v > 0 else "-Infinity"))
        return _java_double(float(v))
    if isinstance(dt, (IntegralType, DecimalType)):
        return str(v)
    if isinstance(dt, DateType):
        return json.dumps(v.isoformat())
    if isinstance(dt, (TimestampType, TimestampNTZType)):
        if v.tzinfo is not None:
            v = v.astimezone(_dt.timezone.utc)
        text = v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}"
        return json.dumps(text + ("Z" if isinstance(dt, TimestampType) else ""))
    if isinstance(dt, BinaryType):
        import base64
        return json.dumps(base64.b64encode(bytes(v)).decode())
    return json.dumps(str(v), ensure_ascii=False)


class StructsToJson(Expression):
    def __init__(self, child, options=None):
        self.children = (child,)
        self.options = options or {}

    @property
    def data_type(self):
        return StringType()

    def coerce(self):
        t = self.children[0].data_type
        if not isinstance(t, (StructType, ArrayType, MapType)):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve \"{self.sql()}\" due "
                f"to data type mismatch: Input schema \"{t.simpleString().upper()}\" must be a "
                "struct, an array, a map or a variant.", "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA")
        return self

    def eval(self, batch):
        n = batch.num_rows
        v = materialize(self.children[0].eval(batch), n)
        dt = self.children[0].data_type
        vals = v.to_pylist()
        date_format = next((str(x) for k, x in self.options.items()
                            if str(k).lower() == "dateformat"), None)
        return pa.array([None if x is None else _to_json_value(x, dt, date_format)
                         for x in vals], pa.string())

    def sql(self):
        return f"to_json({self.children[0].sql()})"


@register("to_json")
def _to_json(args, distinct=False):
    check_args("to_json", args, 1, 2)
    return StructsToJson(args[0], _options(args[1:]))


_PATH = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]|\[\*\]|\.\*")

# path instructions of Spark's JsonPathParser
class _Instr:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_KEY, _SUB, _WILD = _Instr("Key"), _Instr("Subscript"), _Instr("Wildcard")


def _json_path(path):
    """``$.a[0]['b'][*].*`` -> Spark's instructions (Key Named, Subscript Index, Subscript
    Wildcard, Key Wildcard), or None for a path Spark rejects."""
    if not path or not path.startswith("$"):
        return None
    steps, pos = [], 1
    while pos < len(path):
        m = _PATH.match(path, pos)
        if not m:
            return None
        if m.group(1) is not None:
            steps += [_KEY, m.group(1)]
        elif m.group(2) is not None:
            steps += [_SUB, int(m.group(2))]
        elif m.group(3) is not None:
            steps += [_KEY, m.group(3)]
        elif m.group(0) == "[*]":
            steps += [_SUB, _WILD]
        else:
            steps += [_KEY, _WILD]
        pos = m.end()
    return steps


_RAW, _QUOTED, _FLATTEN = "raw", "quoted", "flatten"


def _eval_path(v, out, style, path):
    """Spark's GetJsonObject.evaluatePath over a parsed document: appends the JSON text of
    each match to ``out``; True when something matched. Wildcards over arrays collect their
    matches (a single match unwrapped, Hive's behaviour); strings matched outside a wildcard
    come out unquoted."""
    if not path:
        if isinstance(v, str) and style == _RAW:
            out.append(v)
            return True
        if isinstance(v, list) and not isinstance(v, _Pairs) and style == _FLATTEN:
            dirty = False
            for x in v:
                dirty |= _eval_path(x, out, style, [])
            return dirty
        out.append(_jackson_text(v))
        return True
    head = path[0]
    if isinstance(v, _Pairs) and head is _KEY:
        sel, xs = path[1], path[2:]
        for name, x in v:
            if sel is _WILD or name == sel:
                if sel is not _WILD and x is None:
                    return False
                if _eval_path(x, out, style, xs):
                    return True      # once a field matched, the others are skipped
                if sel is not _WILD:
                    return False
        return False
    if isinstance(v, list) and not isinstance(v, _Pairs) and head is _SUB:
        sel, xs = path[1], path[2:]
        if sel is _WILD and xs[:2] == [_SUB, _WILD]:
            buf, dirty = [], False
            for x in v:
                dirty |= _eval_path(x, buf, _FLATTEN, xs[2:])
            out.append("[" + ",".join(buf) + "]")
            return dirty
        if sel is _WILD and style != _QUOTED:
            buf, dirty = [], 0
            for x in v:
                dirty += 1 if _eval_path(x, buf, _QUOTED if style == _RAW else _FLATTEN,
                                         xs) else 0
            if dirty > 1:
                out.append("[" + ",".join(buf) + "]")
            elif dirty == 1:
                out.append(",".join(buf))
            return dirty > 0
        if sel is _WILD:
            buf, dirty = [], False
            for x in v:
                dirty |= _eval_path(x, buf, _QUOTED, xs)
            out.append("[" + ",".join(buf) + "]")
            return dirty
        if isinstance(sel, int) and sel < len(v):
            return _eval_path(v[sel], out, _QUOTED if xs[:2] == [_SUB, _WILD] else style, xs)
    return False


def _get_json_py(text, path):
    steps = _json_path(path)
    if steps is None:
        return None
    from .json_lenient import JsonFeatures, loads
    try:
        # Spark's get_json_object parser accepts single quotes and raw control characters;
        # objects keep their pairs (duplicate keys: the first one matches, as in a stream)
        v = loads(text, _GET_JSON_FEATURES, parse_float=_JFloat, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):
        return None
    out = []
    if not _eval_path(v, out, _RAW, steps):
        return None
    return "".join(out)


class _JFloat(float):
    pass


_DECODER = json.JSONDecoder(parse_float=_JFloat)


def _get_json_features():
    from .json_lenient import JsonFeatures
    return JsonFeatures(single_quotes=True, control_chars=True)


_GET_JSON_FEATURES = _get_json_features()


class _Pairs(list):
    """A JSON object as its (key, value) pairs, duplicates kept (get_json_object)."""


def _jackson_text(v):
    """A parsed value re-serialised as Jackson's copyCurrentStructure writes it: compact,
    floating-point numbers as Java doubles, non-ASCII characters unescaped."""
    if isinstance(v, _Pairs):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _jackson_text(x)
                              for k, x in v) + "}"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _jackson_text(x)
                              for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_jackson_text(x) for x in v) + "]"
    if isinstance(v, _JFloat):
        return _java_double(float(v))
    return json.dumps(v, ensure_ascii=False)


def json_tuple_values(text, fields):
    """One ``json_tuple`` row: {c0: ..., c1: ...} (Spark's JsonTuple: only the leading JSON
    object is read, the last duplicate key wins, strings unquoted, NULL for invalid JSON)."""
    out = {f"c{i}": None for i in range(len(fields))}
    if text is None:
        return out
    try:
        v, _ = _DECODER.raw_decode(text.lstrip(" \t\n\r"))
    except (ValueError, RecursionError):
        return out
    if not isinstance(v, dict):
        return out
    for i, f in enumerate(fields):
        if f is None or f not in v:
            continue
        x = v[f]
        out[f"c{i}"] = None if x is None else x if isinstance(x, str) else _jackson_text(x)
    return out


@register("get_json_object")
def _get_json_object(args, distinct=False):
    check_args("get_json_object", args, 2)
    return fn("get_json_object", args, lambda j, p, n: rowwise(_get_json_py, pa.string(), [j, p], n),
              StringType(), [StringType(), StringType()], nullable=True)


def _infer(v):
    if v is None:
        return NullType()
    if isinstance(v, bool):
        return BooleanType()
    if isinstance(v, int):
        return LongType()
    if isinstance(v, decimal.Decimal):
        return DoubleType()
    if isinstance(v, str):
        return StringType()
    if isinstance(v, list):
        et = NullType()
        for x in v:
            et = _merge(et, _infer(x))
        return ArrayType(StringType() if isinstance(et, NullType) else et, True)
    if isinstance(v, dict):
        fields = [StructField(k, _infer(x), True) for k, x in sorted(v.items())]
        return StructType([StructField(f.name, StringType() if isinstance(f.dataType, NullType)
                                       else f.dataType, True) for f in fields])
    return StringType()


def _merge(a, b):
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType) or a == b:
        return a
    if isinstance(a, (LongType, DoubleType)) and isinstance(b, (LongType, DoubleType)):
        return DoubleType()
    if isinstance(a, StructType) and isinstance(b, StructType):
        names = sorted({f.name for f in a.fields} | {f.name for f in b.fields})
        fa = {f.name: f.dataType for f in a.fields}
        fb = {f.name: f.dataType for f in b.fields}
        return StructType([StructField(nm, _merge(fa.get(nm, NullType()), fb.get(nm, NullType())),
                                       True) for nm in names])
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(_merge(a.elementType, b.elementType), True)
    return StringType()


def _ddl(dt):
    if isinstance(dt, StructType):
        return "STRUCT<" + ", ".join(f"{f.name}: {_ddl(f.dataType)}" for f in dt.fields) + ">"
    if isinstance(dt, ArrayType):
        return f"ARRAY<{_ddl(dt.elementType)}>"
    if isinstance(dt, MapType):
        return f"MAP<{_ddl(dt.keyType)}, {_ddl(dt.valueType)}>"
    return dt.simpleString().upper()


@register("schema_of_json")
def _schema_of_json(args, distinct=False):
    check_args("schema_of_json", args, 1, 2)
    text = literal_arg(args[0], "json", "schema_of_json")
    from .json_lenient import features_from_options
    try:
        dt = _infer(_loads(text, features_from_options(_options(args[1:]))))
    except ValueError:
        dt = StringType()
    if isinstance(dt, NullType):
        dt = StringType()
    out = _ddl(dt)
    return fn("schema_of_json", args[:1], lambda a, n: pa.scalar(out), StringType(),
              nullable=False)


@register("json_array_length")
def _json_array_length(args, distinct=False):
    check_args("json_array_length", args, 1)

    def one(t):
        try:
            v = _loads(t)
        except ValueError:
            return None
        return len(v) if isinstance(v, list) else None
    return fn("json_array_length", args, lambda a, n: rowwise(one, pa.int32(), [a], n),
              IntegerType(), [StringType()], nullable=True)


@register("json_object_keys")
def _json_object_keys(args, distinct=False):
    check_args("json_object_keys", args, 1)

    def one(t):
        try:
            v = _loads(t)
        except ValueError:
            return None
        return list(v.keys()) if isinstance(v, dict) else None
    return fn("json_object_keys", args, lambda a, n: rowwise(one, pa.list_(pa.string()), [a], n),
              ArrayType(StringType(), True), [StringType()], nullable=True)
