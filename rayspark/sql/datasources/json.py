"""JSON Lines (and whole-file JSON with ``multiLine``) with Spark's semantics.

Each line holds one JSON object (a row) or an array of objects (one row each); blank lines
are skipped; anything else (a scalar, broken JSON) is a corrupt record. ``multiLine`` reads
each file as one JSON document. Single-quoted strings are accepted (``allowSingleQuotes``
is on by default in Spark), comments only with ``allowComments``.

Inference follows Spark's ``JsonInferSchema``: integers are ``bigint`` (wider ones
``decimal(p,0)``, then ``double``), other numbers ``double`` (``decimal`` with
``prefersDecimal``), objects are structs with fields sorted by name, arrays merge their
elements, conflicting types become ``string``, and at the end all-null fields are
``string``, empty structs disappear (``dropFieldIfAllNull`` drops every all-null field).
Corrupt records add the ``columnNameOfCorruptRecord`` column (PERMISSIVE).

Reading converts values strictly as Spark's Jackson parser does: a JSON string is not a
number, ``1.0`` is not an integer, a value of a string column may be any JSON (its text).
Values that do not convert make the record malformed (see the CSV module for the modes).

Writing prints one object per line, leaving out null fields; doubles as Java prints them,
timestamps as ``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``, binary as base64.
"""
from __future__ import annotations

import base64
import datetime
import decimal
import json as _json
import re
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rayspark.errors import AnalysisException, SparkException
from rayspark.sql.arrow_types import to_arrow_schema, to_arrow_type
from rayspark.sql.datasources.csv import batches_of, session_time_zone
from rayspark.sql.datasources.file_format import (FileFormat, compression_codec,
                                                  project_schema)
from rayspark.sql.datasources.formatting import (DEFAULT_DATE_FORMAT,
                                                 DEFAULT_TIMESTAMP_FORMAT,
                                                 DEFAULT_TIMESTAMP_NTZ_FORMAT,
                                                 format_datetime_array, format_double_array,
                                                 java_double_str, java_float_str)
from rayspark.sql.datasources.io_util import (CODEC_EXTENSIONS, is_compressed, open_output,
                                              read_bytes, read_line_range)
from rayspark.sql.datasources.options import as_options, parse_mode
from rayspark.sql.datasources.parsing import (JavaDateTimePattern, parse_date_column,
                                              parse_timestamp_column)
from rayspark.sql.types import (ArrayType, BinaryType, BooleanType, ByteType, DataType,
                                DateType, DecimalType, DoubleType, FloatType, IntegerType,
                                LongType, MapType, NullType, ShortType, StringType,
                                StructField, StructType, TimestampNTZType, TimestampType,
                                CharType, VarcharType)

__all__ = ["JsonFileFormat", "infer_json_type", "merge_json_types"]


class _Float(str):
    """A JSON number with a fraction or exponent, kept as its text."""


class _Corrupt(Exception):
    pass


_SKIP = object()  # a record that held only a comment


# --------------------------------------------------------------------------------------------
# Parsing JSON text
# --------------------------------------------------------------------------------------------
def _requote(text: str, single_quotes: bool, comments: bool) -> str:
    """Rewrite single-quoted strings as double-quoted and drop comments, outside strings."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif c == "'" and single_quotes:
            j, buf = i + 1, []
            while j < n and text[j] != "'":
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j:j + 2] if text[j + 1] != "'" else "'")
                    j += 2
                    continue
                buf.append('\\"' if text[j] == '"' else text[j])
                j += 1
            out.append('"' + "".join(buf) + '"')
            i = j + 1
        elif comments and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif comments and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif comments and c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _constant(name: str) -> Any:
    return _Float(name)


class _Object(dict):
    """A JSON object; ``duplicate`` names a key that appeared twice (case-insensitively)."""
    duplicate: Optional[str] = None


def _pairs(pairs: List[Tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs) or len({k.lower() for k, _ in pairs}) != len(pairs):
        seen = set()
        for k, _ in pairs:
            if k.lower() in seen:
                obj.duplicate = next(n for n, _ in pairs if n.lower() == k.lower())
                break
            seen.add(k.lower())
    return obj


def _loads(text: str, opts) -> Any:
    try:
        return _json.loads(text, parse_float=_Float, parse_constant=_constant,
                           object_pairs_hook=_pairs)
    except ValueError:
        sq, cm = opts["allowSingleQuotes"], opts["allowComments"]
        if sq or cm:
            requoted = _requote(text, sq, cm)
            if not requoted.strip():
                return _SKIP
            try:
                return _json.loads(requoted, parse_float=_Float,
                                   parse_constant=_constant, object_pairs_hook=_pairs)
            except ValueError:
                pass
        raise _Corrupt(text)


def _records(data: bytes, opts) -> Iterator[Tuple[Optional[Any], str]]:
    """(parsed object or None when corrupt, raw text) per record."""
    text = data.decode(opts["encoding"], errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if opts["multiLine"]:
        pieces = [text] if text.strip() else []
    elif opts["lineSep"]:
        pieces = text.split(opts["lineSep"])
    else:
        pieces = text.splitlines()
    for raw in pieces:
        if not raw.strip():
            continue
        try:
            value = _loads(raw, opts)
        except _Corrupt:
            yield None, raw
            continue
        if value is _SKIP:
            continue
        if isinstance(value, dict):
            yield value, raw
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for v in value:
                yield v, raw
        elif isinstance(value, list) and not value:
            continue
        else:
            yield None, raw


# --------------------------------------------------------------------------------------------
# Inference
# --------------------------------------------------------------------------------------------
def _decimal_of(text: str) -> Optional[DecimalType]:
    try:
        d = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    if not d.is_finite():
        return None
    sign, digits, exp = d.as_tuple()
    scale = max(-exp, 0)
    precision = max(len(digits), scale) if exp <= 0 else len(digits) + exp
    if precision > 38:
        return None
    return DecimalType(max(precision, 1), scale)


def infer_json_type(value: Any, prefers_decimal: bool = False,
                    primitives_as_string: bool = False) -> DataType:
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return StringType() if primitives_as_string else BooleanType()
    if isinstance(value, dict):
        dup = getattr(value, "duplicate", None)
        if dup is not None:
            raise AnalysisException(
                f"The column `{dup}` already exists. Choose another name or rename the "
                "existing column.", "COLUMN_ALREADY_EXISTS", {"columnName": f"`{dup}`"})
        return StructType([StructField(k, infer_json_type(value[k], prefers_decimal,
                                                          primitives_as_string), True)
                           for k in sorted(value)])
    if isinstance(value, list):
        t: DataType = NullType()
        for v in value:
            t = merge_json_types(t, infer_json_type(v, prefers_decimal, primitives_as_string))
        return ArrayType(t, True)
    if primitives_as_string:
        return StringType()
    if isinstance(value, _Float):
        if prefers_decimal:
            d = _decimal_of(value)
            if d is not None:
                return d
        return DoubleType()
    if isinstance(value, int):
        if -2 ** 63 <= value < 2 ** 63:
            return LongType()
        digits = len(str(abs(value)))
        return DecimalType(digits, 0) if digits <= 38 else DoubleType()
    return StringType()


def merge_json_types(a: DataType, b: DataType) -> DataType:
    """Spark's ``JsonInferSchema.compatibleType``."""
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, StructType) and isinstance(b, StructType):
        fields = {f.name: f.dataType for f in a.fields}
        for f in b.fields:
            fields[f.name] = merge_json_types(fields[f.name], f.dataType) \
                if f.name in fields else f.dataType
        return StructType([StructField(k, fields[k], True) for k in sorted(fields)])
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(merge_json_types(a.elementType, b.elementType), True)
    num = (LongType, DoubleType, DecimalType)
    if isinstance(a, num) and isinstance(b, num):
        if isinstance(a, DoubleType) or isinstance(b, DoubleType):
            return DoubleType()
        if isinstance(a, DecimalType) and isinstance(b, DecimalType):
            scale = max(a.scale, b.scale)
            rng = max(a.precision - a.scale, b.precision - b.scale)
            return DoubleType() if rng + scale > 38 else DecimalType(rng + scale, scale)
        dec, _ = (a, b) if isinstance(a, DecimalType) else (b, a)
        rng = max(dec.precision - dec.scale, 20)
        return DoubleType() if rng + dec.scale > 38 else DecimalType(rng + dec.scale,
                                                                     dec.scale)
    return StringType()


def _canonical(dt: DataType, drop_all_null: bool) -> Optional[DataType]:
    if isinstance(dt, NullType):
        return None if drop_all_null else StringType()
    if isinstance(dt, ArrayType):
        e = _canonical(dt.elementType, drop_all_null)
        return None if e is None else ArrayType(e, True)
    if isinstance(dt, StructType):
        fields = []
        for f in dt.fields:
            t = _canonical(f.dataType, drop_all_null)
            if t is not None:
                fields.append(StructField(f.name, t, True))
        return StructType(fields) if fields else None
    return dt


# --------------------------------------------------------------------------------------------
# Conversion of parsed values to a schema
# --------------------------------------------------------------------------------------------
class _Bad(Exception):
    pass


def _json_text(value: Any) -> str:
    if isinstance(value, _Float):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


_INT_RANGE = {ByteType: 2 ** 7, ShortType: 2 ** 15, IntegerType: 2 ** 31, LongType: 2 ** 63}


def _converter(dt: DataType, ctx) -> Callable[[Any], Any]:
    """value -> Python value for pa.array of ``to_arrow_type(dt)``; raises _Bad."""
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return lambda v: v if isinstance(v, str) and not isinstance(v, _Float) \
            else _json_text(v)
    if type(dt) in _INT_RANGE:
        bound = _INT_RANGE[type(dt)]

        def conv_int(v):
            if isinstance(v, bool) or not isinstance(v, int) or not -bound <= v < bound:
                raise _Bad
            return v
        return conv_int
    if isinstance(dt, (DoubleType, FloatType)):
        specials = {"NaN": float("nan"), "Infinity": float("inf"), "+Infinity": float("inf"),
                    "-Infinity": float("-inf"), "INF": float("inf"), "+INF": float("inf"),
                    "-INF": float("-inf")}

        def conv_double(v):
            if isinstance(v, bool):
                raise _Bad
            if isinstance(v, _Float):
                return specials.get(v, None) if v in specials else float(v)
            if isinstance(v, int):
                return float(v)
            if isinstance(v, str) and v in specials:
                return specials[v]
            raise _Bad
        return conv_double
    if isinstance(dt, DecimalType):
        quantum = decimal.Decimal(1).scaleb(-dt.scale)
        limit = decimal.Decimal(10) ** (dt.precision - dt.scale)

        def conv_dec(v):
            if isinstance(v, bool) or not isinstance(v, (int, _Float)):
                raise _Bad
            try:
                d = decimal.Decimal(str(v)).quantize(quantum, rounding=decimal.ROUND_HALF_UP,
                                                     context=decimal.Context(prec=100))
            except decimal.InvalidOperation:
                raise _Bad from None
            if abs(d) >= limit:
                raise _Bad
            return d
        return conv_dec
    if isinstance(dt, BooleanType):
        def conv_bool(v):
            if isinstance(v, bool):
                return v
            raise _Bad
        return conv_bool
    if isinstance(dt, (DateType, TimestampType, TimestampNTZType)):
        def conv_dt(v):
            if isinstance(v, str) and not isinstance(v, _Float):
                arr = pa.array([v], pa.string())
                if isinstance(dt, DateType):
                    out, bad = parse_date_column(arr, ctx["date_pattern"])
                else:
                    out, bad = parse_timestamp_column(
                        arr, ctx["ntz_pattern"] if isinstance(dt, TimestampNTZType)
                        else ctx["ts_pattern"], ctx["time_zone"],
                        ntz=isinstance(dt, TimestampNTZType))
                if bad[0]:
                    raise _Bad
                return out[0].as_py()
            if isinstance(dt, TimestampType) and isinstance(v, int) and not isinstance(v, bool):
                return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
                    datetime.timedelta(seconds=v)
            raise _Bad
        return conv_dt
    if isinstance(dt, BinaryType):
        def conv_bin(v):
            if isinstance(v, str):
                try:
                    return base64.b64decode(v)
                except ValueError:
                    raise _Bad from None
            raise _Bad
        return conv_bin
    if isinstance(dt, ArrayType):
        elem = _converter(dt.elementType, ctx)

        def conv_arr(v):
            if not isinstance(v, list):
                raise _Bad
            return [None if x is None else elem(x) for x in v]
        return conv_arr
    if isinstance(dt, MapType):
        val = _converter(dt.valueType, ctx)

        def conv_map(v):
            if not isinstance(v, dict):
                raise _Bad
            return [(k, None if x is None else val(x)) for k, x in v.items()]
        return conv_map
    if isinstance(dt, StructType):
        subs = [(f.name, _converter(f.dataType, ctx)) for f in dt.fields]

        def conv_struct(v):
            if not isinstance(v, dict):
                raise _Bad
            out = {}
            for name, conv in subs:
                x = v.get(name)
                out[name] = None if x is None else conv(x)
            return out
        return conv_struct
    if isinstance(dt, NullType):
        return lambda v: None
    raise AnalysisException(
        f'The JSON datasource doesn\'t support the type "{dt.simpleString().upper()}".',
        "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        {"columnType": dt.simpleString().upper(), "format": "JSON"})


def _json_options(options: Mapping[str, Any]) -> Dict[str, Any]:
    o = as_options(options)
    ts = o.get("timestampFormat")
    ntz = o.get("timestampNTZFormat")
    date = o.get("dateFormat")
    return {
        "multiLine": o.get_bool("multiLine", False),
        "lineSep": o.get("lineSep"),
        "encoding": o.get("encoding") or o.get("charset") or "utf-8",
        "allowSingleQuotes": o.get_bool("allowSingleQuotes", True),
        "allowComments": o.get_bool("allowComments", False),
        "primitivesAsString": o.get_bool("primitivesAsString", False),
        "prefersDecimal": o.get_bool("prefersDecimal", False),
        "dropFieldIfAllNull": o.get_bool("dropFieldIfAllNull", False),
        "mode": parse_mode(o),
        "corrupt": o.get("columnNameOfCorruptRecord", "_corrupt_record"),
        "samplingRatio": o.get_float("samplingRatio", 1.0),
        "ignoreNullFields": o.get_bool("ignoreNullFields", True),
        "date_pattern": JavaDateTimePattern(date) if date else None,
        "ts_pattern": JavaDateTimePattern(ts) if ts else None,
        "ntz_pattern": JavaDateTimePattern(ntz) if ntz else None,
        "time_zone": session_time_zone(o),
        "compression": compression_codec(o),
    }


def _failfast(what: str) -> SparkException:
    return SparkException(
        f"Malformed records are detected in record parsing: {what}.\nParse Mode: FAILFAST. "
        "To process malformed records as null result, try setting the option 'mode' as "
        "'PERMISSIVE'.", "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
        {"badRecord": what, "failFastMode": "FAILFAST"})


class JsonFileFormat(FileFormat):
    short_name = "json"
    display_name = "JSON"

    def infer_schema(self, files: List[str], options: Mapping[str, Any]) -> Optional[StructType]:
        o = _json_options(options)
        if not files:
            return None
        t: DataType = StructType([])
        corrupt_seen = False
        rng = np.random.default_rng(1) if o["samplingRatio"] < 1.0 else None
        for path in sorted(files):
            for value, raw in _records(read_bytes(path), o):
                if rng is not None and rng.random() >= o["samplingRatio"]:
                    continue
                if value is None:
                    if o["mode"] == "FAILFAST":
                        raise _failfast(o["corrupt"])
                    if o["mode"] == "PERMISSIVE":
                        corrupt_seen = True
                    continue
                t = merge_json_types(t, infer_json_type(value, o["prefersDecimal"],
                                                        o["primitivesAsString"]))
        if not isinstance(t, StructType):
            t = StructType([])
        canon = _canonical(t, o["dropFieldIfAllNull"]) or StructType([])
        if corrupt_seen and o["corrupt"] not in canon.names:
            fields = canon.fields + [StructField(o["corrupt"], StringType(), True)]
            canon = StructType(sorted(fields, key=lambda f: f.name))
        return canon

    def splittable(self, path: str, options: Mapping[str, Any]) -> bool:
        o = _json_options(options)
        return not o["multiLine"] and not o["lineSep"] and not is_compressed(path)

    def read(self, path: str, data_schema: StructType, options: Mapping[str, Any], *,
             required_columns: Optional[List[str]] = None,
             filters: Any = None, start: Optional[int] = None,
             length: Optional[int] = None) -> Iterator[pa.RecordBatch]:
        o = _json_options(options)
        out_schema = project_schema(data_schema, required_columns)
        target = to_arrow_schema(out_schema)
        corrupt = o["corrupt"]
        fields = [f for f in out_schema.fields if f.name != corrupt]
        want_corrupt = len(fields) != len(out_schema.fields)
        # Top-level dates and timestamps are parsed per column, vectorised, afterwards.
        deferred = {f.name for f in fields
                    if isinstance(f.dataType, (DateType, TimestampType, TimestampNTZType))}
        convs = [(f.name, None if f.name in deferred else _converter(f.dataType, o))
                 for f in fields]
        columns: Dict[str, List[Any]] = {f.name: [] for f in fields}
        raws: List[Optional[str]] = []
        bad_rows: List[bool] = []
        data = read_bytes(path) if start is None else read_line_range(path, start, length)
        for value, raw in _records(data, o):
            bad = value is None
            if value is None:
                for name, _ in convs:
                    columns[name].append(None)
            else:
                lower = None
                for name, conv in convs:
                    x = value.get(name)
                    if x is None and name not in value:
                        if lower is None:
                            lower = {k.lower(): k for k in value}
                        k = lower.get(name.lower())
                        x = value.get(k) if k is not None else None
                    if x is None:
                        columns[name].append(None)
                    elif conv is None:
                        if isinstance(x, str) and not isinstance(x, _Float):
                            columns[name].append(x)
                        else:
                            columns[name].append(None)
                            bad = True
                    else:
                        try:
                            columns[name].append(conv(x))
                        except (_Bad, ValueError, TypeError, OverflowError):
                            columns[name].append(None)
                            bad = True
            raws.append(raw)
            bad_rows.append(bad)
        n = len(raws)
        bad_mask = np.array(bad_rows, dtype=bool) if n else np.zeros(0, bool)
        arrays: Dict[str, pa.Array] = {}
        for f in fields:
            values = columns[f.name]
            if f.name in deferred:
                strings = pa.array(values, pa.string())
                if isinstance(f.dataType, DateType):
                    arr, failed = parse_date_column(strings, o["date_pattern"])
                else:
                    ntz = isinstance(f.dataType, TimestampNTZType)
                    arr, failed = parse_timestamp_column(
                        strings, o["ntz_pattern"] if ntz else o["ts_pattern"],
                        o["time_zone"], ntz=ntz)
                bad_mask = bad_mask | failed
                arrays[f.name] = arr
            else:
                arrays[f.name] = pa.array(values, to_arrow_type(f.dataType))
        if bad_mask.any():
            if o["mode"] == "FAILFAST":
                first = int(np.nonzero(bad_mask)[0][0])
                raise _failfast(raws[first])
            if o["mode"] == "DROPMALFORMED":
                keep = pa.array(~bad_mask)
                arrays = {k: pc.filter(v, keep) for k, v in arrays.items()}
                raws = [r for r, b in zip(raws, bad_mask) if not b]
                bad_mask = np.zeros(len(raws), bool)
                n = len(raws)
        out = []
        for f in out_schema.fields:
            if f.name in arrays:
                out.append(arrays[f.name].cast(to_arrow_type(f.dataType)))
            else:
                out.append(pa.array([r if b else None for r, b in zip(raws, bad_mask)],
                                    pa.string()))
        yield from batches_of(out, n, target)

    # ------------------------------------------------------------------------------ write
    def write(self, batches: Iterable[pa.RecordBatch], schema: StructType, path: str,
              options: Mapping[str, Any]) -> None:
        o = _json_options(options)
        line_sep = o["lineSep"] or "\n"
        with open_output(path, o["compression"]) as out:
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                parts = []
                for i, f in enumerate(schema.fields):
                    frag = _json_fragment(batch.column(i), f.dataType, o)
                    key = _json.dumps(f.name, ensure_ascii=False) + ":"
                    if not o["ignoreNullFields"]:
                        frag = pc.fill_null(frag, "null")
                    parts.append(pc.binary_join_element_wise(key, frag, ""))
                # (JoinOptions' "skip" drops all-null rows in some Arrow versions: join
                # "fragment," pieces and cut the last comma instead.)
                pieces = [pc.fill_null(pc.binary_join_element_wise(p, ",", ""), "")
                          for p in parts]
                if pieces:
                    body = pc.binary_join_element_wise(*pieces, "") if len(pieces) > 1 \
                        else pieces[0]
                    body = pc.replace_substring_regex(body, ",$", "")
                else:
                    body = pa.repeat(pa.scalar(""), batch.num_rows)
                lines = pc.binary_join_element_wise("{", pc.fill_null(body, ""), "}", "")
                joined = pc.binary_join(pa.array([lines], pa.list_(pa.string())), line_sep)
                out.write((joined[0].as_py() + line_sep).encode("utf-8"))

    def extension(self, options: Mapping[str, Any]) -> str:
        return ".json" + CODEC_EXTENSIONS[compression_codec(as_options(options))]


_CONTROL = re.compile(r"[\x00-\x1f]")


def _escape_strings(arr: pa.Array) -> pa.Array:
    s = pc.replace_substring(arr, "\\", "\\\\")
    s = pc.replace_substring(s, '"', '\\"')
    for raw, esc in (("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\b", "\\b"), ("\f", "\\f")):
        s = pc.replace_substring(s, raw, esc)
    if pc.any(pc.match_substring_regex(s, r"[\x00-\x1f]")).as_py():
        s = pa.array([None if v is None else _CONTROL.sub(
            lambda m: "\\u%04x" % ord(m.group()), v) for v in s.to_pylist()], pa.string())
    return pc.binary_join_element_wise('"', s, '"', "")


def _json_fragment(arr: pa.Array, dt: DataType, o) -> pa.Array:
    """A column as JSON value texts (null stays null)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return _escape_strings(arr.cast(pa.string()))
    if isinstance(dt, BooleanType):
        return pc.if_else(arr, "true", "false")
    if isinstance(dt, (DoubleType, FloatType)):
        text = format_double_array(arr)
        special = pc.is_in(text, pa.array(["NaN", "Infinity", "-Infinity"]))
        return pc.if_else(special, pc.binary_join_element_wise('"', text, '"', ""), text)
    if isinstance(dt, (DateType, TimestampType, TimestampNTZType)):
        pat = {DateType: o["date_pattern"] or JavaDateTimePattern(DEFAULT_DATE_FORMAT),
               TimestampType: o["ts_pattern"] or JavaDateTimePattern(DEFAULT_TIMESTAMP_FORMAT),
               TimestampNTZType: o["ntz_pattern"] or
               JavaDateTimePattern(DEFAULT_TIMESTAMP_NTZ_FORMAT)}[type(dt)]
        return _escape_strings(format_datetime_array(arr, pat, o["time_zone"]))
    if isinstance(dt, BinaryType):
        return pa.array([None if v is None else '"' + base64.b64encode(v).decode() + '"'
                         for v in arr.to_pylist()], pa.string())
    if isinstance(dt, (ArrayType, MapType, StructType)):
        from rayspark.sql.arrow_types import arrow_to_rows
        values = arr.to_pylist()
        return pa.array([None if v is None else _py_json(v, dt, o) for v in values],
                        pa.string())
    return arr.cast(pa.string())


def _py_json(v: Any, dt: DataType, o) -> str:
    if v is None:
        return "null"
    if isinstance(dt, StructType):
        items = []
        for f in dt.fields:
            x = v.get(f.name) if isinstance(v, dict) else None
            if x is None and o["ignoreNullFields"]:
                continue
            items.append(_json.dumps(f.name, ensure_ascii=False) + ":" + _py_json(x, f.dataType, o))
        return "{" + ",".join(items) + "}"
    if isinstance(dt, ArrayType):
        return "[" + ",".join(_py_json(x, dt.elementType, o) for x in v) + "]"
    if isinstance(dt, MapType):
        pairs = v.items() if isinstance(v, dict) else v
        return "{" + ",".join(_json.dumps(str(k), ensure_ascii=False) + ":" +
                              _py_json(x, dt.valueType, o) for k, x in pairs) + "}"
    if isinstance(dt, DoubleType):
        s = java_double_str(v)
        return '"' + s + '"' if s in ("NaN", "Infinity", "-Infinity") else s
    if isinstance(dt, FloatType):
        s = java_float_str(v)
        return '"' + s + '"' if s in ("NaN", "Infinity", "-Infinity") else s
    if isinstance(dt, BooleanType):
        return "true" if v else "false"
    if isinstance(dt, (DateType, TimestampType, TimestampNTZType, BinaryType)):
        at = to_arrow_type(dt)
        return _json_fragment(pa.array([v], at), dt, o)[0].as_py()
    if isinstance(dt, DecimalType):
        return format(v, "f")
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return _json.dumps(v, ensure_ascii=False)
    return str(v)
