"""CSV with Spark's semantics.

Reading works in three steps, each over whole columns:

1. *Tokenise* a file into string columns. The fast path is ``pyarrow.csv`` (multi-threaded
   C++), used when its answer is provably Spark's: a one-character separator, no comment
   or custom line separator, no whitespace trimming, the escape character absent from the
   file (or equal to the quote), no quote in the middle of a field, every record having the
   expected number of fields and, without ``multiLine``, no quoted line break. Otherwise a
   Python tokenizer that follows Spark's parser (univocity with Spark's settings) runs:
   quotes open a field only at its start, ``\\"`` is an escaped quote, a quote followed
   by anything but the separator turns the field back into raw text (Spark's
   ``STOP_AT_DELIMITER``), empty lines are skipped, comment lines are skipped.
   Unquoted empty fields are null; quoted empty fields are ``emptyValue``; fields equal to
   ``nullValue`` are null.
2. *Convert* each column with :func:`rayspark.sql.datasources.parsing.convert_column`,
   which also reports the values that did not convert.
3. Apply the *mode*: a record is malformed when a value did not convert or it had a
   different number of fields than the schema. PERMISSIVE keeps it (bad values null, the
   raw record in ``columnNameOfCorruptRecord`` when the schema has that column),
   DROPMALFORMED drops it, FAILFAST raises ``[MALFORMED_RECORD_IN_PARSING]``.

Inference tokenises all files the same way, takes names from the first record (the header,
made safe as Spark does: ``_c<i>`` for empty names, ``<name><i>`` for duplicates) and infers
each column with :func:`rayspark.sql.datasources.parsing.infer_string_type`.

Writing formats each column vectorised (see :mod:`.formatting`), quotes values holding the
separator, the quote or a line break, escapes quotes and the escape character with the
escape character, trims whitespace (``ignoreLeading/TrailingWhiteSpace`` default true for
writing) and writes nulls as ``nullValue`` and empty strings as ``emptyValue`` (``""``).
"""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, List, Mapping, Optional, Tuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from rayspark.errors import AnalysisException, IllegalArgumentException, SparkException
from rayspark.sql.arrow_types import to_arrow_schema
from rayspark.sql.datasources.arrow_util import no_column_batch
from rayspark.sql.datasources.file_format import (FileFormat, compression_codec,
                                                  project_schema)
from rayspark.sql.datasources.formatting import (DEFAULT_DATE_FORMAT,
                                                 DEFAULT_TIMESTAMP_FORMAT,
                                                 DEFAULT_TIMESTAMP_NTZ_FORMAT,
                                                 format_datetime_array, format_double_array)
from rayspark.sql.datasources.io_util import (CODEC_EXTENSIONS, as_buffer, is_compressed,
                                              map_line_range, open_output, read_bytes)
from rayspark.sql.datasources.options import as_options, parse_mode
from rayspark.sql.datasources.parsing import (JavaDateTimePattern, _has_line_break,
                                              convert_column, infer_string_type)
from rayspark.sql.types import (ArrayType, BinaryType, BooleanType, DataType, DateType,
                                DoubleType, FloatType, MapType, NullType,
                                StringType, StructField, StructType, TimestampNTZType,
                                TimestampType)

__all__ = ["CSVFileFormat", "CSVOptions", "tokenize"]

_BATCH_ROWS = 1 << 17
_BLOCK_BYTES = 1 << 24   # Arrow's CSV block: a column comes back in chunks of about this


def session_time_zone(opts) -> str:
    """The ``timeZone`` option (the reader/writer passes the session time zone), else the
    process' zone as Spark's default session zone is the JVM's."""
    tz = opts.get("timeZone")
    if tz:
        return tz
    tz = os.environ.get("TZ")
    if tz:
        return tz.lstrip(":")
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


def _delimiter(value: Optional[str]) -> str:
    """Spark's ``sep`` option: ``\\t`` style escapes, ``\\u0001``, multi-character
    separators allowed; empty or a lone backslash rejected."""
    if value is None:
        return ","
    if value == "":
        raise IllegalArgumentException("Delimiter cannot be empty string")
    if value == "\\":
        raise IllegalArgumentException(
            "Single backslash is prohibited. It has special meaning as beginning of an escape "
            "sequence. To get the backslash character, pass a string with two backslashes as "
            "the delimiter.")
    specials = {"\\t": "\t", "\\r": "\r", "\\b": "\b", "\\f": "\f", '\\"': '"', "\\'": "'",
                "\\u0000": "\u0000", "\\\\": "\\"}
    if value in specials:
        return specials[value]
    if value.startswith("\\u") and len(value) == 6:
        try:
            return chr(int(value[2:], 16))
        except ValueError:
            pass
    return value


@dataclass
class CSVOptions:
    header: bool
    infer_schema: bool
    sep: str
    quote: Optional[str]
    escape: Optional[str]
    comment: Optional[str]
    null_value: str
    empty_value_read: str
    empty_value_write: str
    nan_value: str
    positive_inf: str
    negative_inf: str
    date_pattern: Optional[JavaDateTimePattern]
    timestamp_pattern: Optional[JavaDateTimePattern]
    timestamp_ntz_pattern: Optional[JavaDateTimePattern]
    mode: str
    corrupt_column: str
    multi_line: bool
    line_sep: Optional[str]
    encoding: str
    ignore_leading_read: bool
    ignore_trailing_read: bool
    ignore_leading_write: bool
    ignore_trailing_write: bool
    sampling_ratio: float
    quote_all: bool
    escape_quotes: bool
    time_zone: str
    compression: str
    prefers_date: bool

    @classmethod
    def parse(cls, options: Mapping[str, Any]) -> "CSVOptions":
        o = as_options(options)
        quote = o.get_char("quote", '"') if "quote" in o else '"'
        escape = o.get_char("escape", "\\") if "escape" in o else "\\"
        line_sep = o.get("lineSep")
        if line_sep == "":
            raise IllegalArgumentException("'lineSep' cannot be an empty string")
        if line_sep is not None and len(line_sep) > 2:
            raise IllegalArgumentException("'lineSep' can contain only 1 character.")
        date_fmt = o.get("dateFormat")
        ts_fmt = o.get("timestampFormat")
        ntz_fmt = o.get("timestampNTZFormat")
        return cls(
            header=o.get_bool("header", False),
            infer_schema=o.get_bool("inferSchema", False),
            sep=_delimiter(o.get("sep", o.get("delimiter"))),
            quote=quote, escape=escape, comment=o.get_char("comment", None),
            null_value=o.get("nullValue", ""),
            empty_value_read=o.get("emptyValue", ""),
            empty_value_write=o.get("emptyValue", None),
            nan_value=o.get("nanValue", "NaN"),
            positive_inf=o.get("positiveInf", "Inf"),
            negative_inf=o.get("negativeInf", "-Inf"),
            date_pattern=JavaDateTimePattern(date_fmt) if date_fmt else None,
            timestamp_pattern=JavaDateTimePattern(ts_fmt) if ts_fmt else None,
            timestamp_ntz_pattern=JavaDateTimePattern(ntz_fmt) if ntz_fmt else None,
            mode=parse_mode(o),
            corrupt_column=o.get("columnNameOfCorruptRecord", "_corrupt_record"),
            multi_line=o.get_bool("multiLine", False),
            line_sep=line_sep,
            encoding=(o.get("encoding") or o.get("charset") or "UTF-8"),
            ignore_leading_read=o.get_bool("ignoreLeadingWhiteSpace", False),
            ignore_trailing_read=o.get_bool("ignoreTrailingWhiteSpace", False),
            ignore_leading_write=o.get_bool("ignoreLeadingWhiteSpace", True),
            ignore_trailing_write=o.get_bool("ignoreTrailingWhiteSpace", True),
            sampling_ratio=o.get_float("samplingRatio", 1.0),
            quote_all=o.get_bool("quoteAll", False),
            escape_quotes=o.get_bool("escapeQuotes", True),
            time_zone=session_time_zone(o),
            compression=compression_codec(o),
            prefers_date=o.get_bool("preferDate", True),
        )


# --------------------------------------------------------------------------------------------
# Tokenising
# --------------------------------------------------------------------------------------------
@dataclass
class Tokens:
    """A file's records as string columns: ``columns[i]`` holds field i of every record
    (null: unquoted empty or missing; None when only some columns were asked for and i is
    not one of them), ``counts`` the number of fields each record had,
    ``raw`` the record texts (None on the fast path)."""
    columns: List[Optional[pa.Array]]   # or pa.ChunkedArray; None: not asked for
    counts: Optional[np.ndarray]
    raw: Optional[List[str]]
    num_rows: int
    #: the header record was skipped by the reader (typed columns could not hold it)
    header_skipped: bool = False


def _decode(data: bytes, encoding: str) -> str:
    enc = encoding.lower().replace("_", "-")
    if enc in ("utf-8", "utf8"):
        text = data.decode("utf-8", errors="replace")
        return text[1:] if text.startswith("\ufeff") else text
    return data.decode(encoding, errors="replace")


def _fast_path_ok(data: bytes, o: CSVOptions, has_quote: bool) -> bool:
    if len(o.sep) != 1 or o.comment is not None or o.line_sep is not None:
        return False
    if o.ignore_leading_read or o.ignore_trailing_read:
        return False
    if len(o.sep.encode("utf-8")) != 1 or (o.quote and len(o.quote.encode("utf-8")) != 1):
        return False
    if o.escape and o.escape != o.quote and o.escape.encode("utf-8") in data:
        return False
    if has_quote and _quote_inside_field(data, o):
        return False
    return True


def _quote_inside_field(data: bytes, o: CSVOptions) -> bool:
    """Whether some quote character has neither a separator nor a line break (nor the file's
    edge) on either side: a quote in the middle of a field, or text glued to a quoted
    field, which pyarrow reads differently from Spark."""
    q = o.quote.encode("utf-8")
    buf = np.frombuffer(as_buffer(data), dtype=np.uint8)
    where, i = [], data.find(q)
    while i >= 0 and len(where) <= 4096:   # few quotes (say, a quoted header): no full pass
        where.append(i)
        i = data.find(q, i + 1)
    where = np.array(where, dtype=np.int64) if i < 0 else np.flatnonzero(buf == ord(o.quote))
    if not len(where):
        return False
    edge = np.array([ord(o.sep), 10, 13], dtype=np.uint8)
    before = np.ones(len(where), bool)
    inner = where > 0
    before[inner] = np.isin(buf[where[inner] - 1], edge)
    after = np.ones(len(where), bool)
    inner = where < len(buf) - 1
    after[inner] = np.isin(buf[where[inner] + 1], edge)
    # A quote between two quotes ("") inside a field is caught too: neither side is an edge.
    return bool(np.any(~before & ~after))


def _quotes_only_in_first_line(data, quote: bytes) -> bool:
    """Whether every quote character of ``data`` is on its first line, in pairs (a quoted
    header over unquoted records: the first split of most files)."""
    nl = data.find(b"\n")
    if nl < 0 or data.find(quote, nl + 1) >= 0:
        return False
    return bytes(data[:nl]).count(quote) % 2 == 0


def _reader_types(schema: StructType, index: dict, o: CSVOptions, want_corrupt: bool) -> dict:
    """Columns Arrow's CSV reader may convert itself (position -> Arrow type): doubles, and
    dates in the default format, whose Arrow parse accepts a subset of what Spark's does
    with the same values (anything else fails the typed read, which then falls back to
    strings and Spark's converters). About 40% of a typed column's scan time."""
    if o.null_value != "" or want_corrupt or o.mode == "FAILFAST":
        return {}
    typed = {}
    for f in schema.fields:
        i = index.get(f.name)
        t = _reader_type(f.dataType, o) if i is not None else None
        if t is not None:
            typed[i] = t
    return typed


def _reader_type(dt: DataType, o: CSVOptions) -> Optional[pa.DataType]:
    """The Arrow type Arrow's CSV reader may read a ``dt`` column as (see _reader_types)."""
    if isinstance(dt, DoubleType):
        return pa.float64()
    if isinstance(dt, DateType) and o.date_pattern is None:
        return pa.date32()
    return None


def _tokenize_fast(data: bytes, o: CSVOptions, width: int,
                   wanted: Optional[List[int]] = None,
                   has_quote: bool = True, typed: Optional[dict] = None) -> Optional[Tokens]:
    """Arrow's CSV reader over ``data``; string columns, except those in ``typed`` (position
    -> Arrow type) which Arrow converts itself (None when it cannot: the caller then reads
    strings)."""
    if width <= 0:
        return None
    invalid = []

    def handler(row):
        invalid.append(row.number)
        return "skip"

    names = ["c%d" % i for i in range(width)]
    if has_quote and _quotes_only_in_first_line(data, o.quote.encode("utf-8")):
        has_quote = False          # a quoted header: no field after it can hold a line break
    include = None
    if wanted is not None and not has_quote:
        # Without any quote no field can hold a line break, so the columns not asked for need
        # no check and Arrow need not build them (it still checks every record's width).
        include = [names[i] for i in sorted(set(wanted)) if i < width] or names[:1]
    types = {n: pa.string() for n in names}
    for i, t in (typed or {}).items():
        types[names[i]] = t
    skip_header = bool(typed) and o.header
    try:
        table = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(as_buffer(data))),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=True,
                                          block_size=_BLOCK_BYTES,
                                          skip_rows=1 if skip_header else 0),
            parse_options=pcsv.ParseOptions(
                delimiter=o.sep, quote_char=o.quote or False,
                double_quote=bool(o.quote) and o.escape == o.quote, escape_char=False,
                newlines_in_values=o.multi_line, ignore_empty_lines=True,
                invalid_row_handler=handler),
            convert_options=pcsv.ConvertOptions(
                column_types=types, strings_can_be_null=True,
                quoted_strings_can_be_null=False, null_values=[""], include_columns=include))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if invalid:
        return None
    # Columns stay chunked as Arrow parsed them (in blocks, in parallel): the converters
    # work chunk by chunk, so the strings are never copied into one array.
    got = {nm: (c.chunk(0) if c.num_chunks == 1 else
                c if c.num_chunks else pa.array([], pa.string()))
           for nm, c in zip(table.column_names, table.columns)}
    columns = [got.get(nm) for nm in names]
    if not o.multi_line and has_quote:
        # Only a quoted field can hold a line break, which Spark would split at.
        for c in got.values():
            if pa.types.is_string(c.type) and _has_line_break(c):
                return None
    for i, t in (typed or {}).items():
        c = got.get(names[i])
        if c is not None and pa.types.is_floating(t) and len(c) and \
                pc.any(pc.invert(pc.is_finite(c))).as_py():
            return None    # NaN/Inf spellings: Arrow reads "nan", "inf"; Spark only its own
    return Tokens(columns, None, None, table.num_rows, header_skipped=skip_header)


def _records(text: str, o: CSVOptions) -> Iterator[Tuple[List[Optional[str]], str]]:
    """Spark's CSV records of ``text``: (fields, raw record)."""
    sep, quote, escape = o.sep, o.quote, o.escape
    seplen = len(sep)
    lead, trail = o.ignore_leading_read, o.ignore_trailing_read
    if o.line_sep is not None:
        line_ends = (o.line_sep,)
    else:
        line_ends = ("\r\n", "\n", "\r")
    n = len(text)
    pos = 0

    def at_line_end(i: int) -> int:
        for e in line_ends:
            if text.startswith(e, i):
                return len(e)
        return 0

    def line_end_from(i: int) -> int:
        """Index where the line starting at or containing i ends."""
        if o.line_sep is not None:
            j = text.find(o.line_sep, i)
            return n if j < 0 else j
        j1, j2 = text.find("\n", i), text.find("\r", i)
        cands = [j for j in (j1, j2) if j >= 0]
        return min(cands) if cands else n

    while pos < n:
        # Skip empty lines.
        k = at_line_end(pos)
        if k:
            pos += k
            continue
        limit = n if o.multi_line else line_end_from(pos)
        start = pos
        if o.comment is not None and text.startswith(o.comment, pos):
            pos = line_end_from(pos)
            pos += at_line_end(pos)
            continue
        fields: List[Optional[str]] = []
        i = pos
        while True:
            # one field
            if lead:
                while i < limit and text[i] in " \t" and not text.startswith(sep, i):
                    i += 1
            if quote and i < limit and text[i] == quote:
                j = i + 1
                buf = []
                raw_mode = False
                while j < limit:
                    c = text[j]
                    if escape and c == escape and escape != quote and j + 1 < limit and \
                            text[j + 1] in (quote, escape):
                        buf.append(text[j + 1])
                        j += 2
                        continue
                    if c == quote:
                        nxt = j + 1
                        if escape == quote and nxt < limit and text[nxt] == quote:
                            buf.append(quote)
                            j += 2
                            continue
                        k2 = nxt
                        while k2 < limit and text[k2] in " \t" and not text.startswith(sep, k2):
                            k2 += 1
                        if k2 >= limit or text.startswith(sep, k2) or at_line_end(k2):
                            j = k2
                            break
                        raw_mode = True
                        j = nxt
                        break
                    if o.multi_line is False and at_line_end(j):
                        break
                    if at_line_end(j) and not o.multi_line:
                        break
                    buf.append(c)
                    j += 1
                if raw_mode:
                    # Unescaped quote: the field is the raw text up to the separator.
                    k3 = j
                    while k3 < limit and not text.startswith(sep, k3) and not at_line_end(k3):
                        k3 += 1
                    value = text[i:k3]
                    if trail:
                        value = value.rstrip(" \t")
                    fields.append(value)
                    i = k3
                else:
                    fields.append("".join(buf))
                    i = j
            else:
                k3 = i
                while k3 < limit and not text.startswith(sep, k3) and not at_line_end(k3):
                    k3 += 1
                value = text[i:k3]
                if trail:
                    value = value.rstrip(" \t")
                fields.append(value if value != "" else None)
                i = k3
            if i < limit and text.startswith(sep, i):
                i += seplen
                if i >= limit or at_line_end(i):
                    fields.append(None)
                    break
                continue
            break
        # Record ends at the line end.
        end = i
        if not o.multi_line:
            end = limit
        pos = end + at_line_end(end)
        yield fields, text[start:end]


def _first_record_width(data: bytes, o: CSVOptions) -> Optional[int]:
    """The number of fields of the first record (None for an empty file)."""
    size = 1 << 16
    while True:
        head = data[:size]
        text = _decode(head, o.encoding)
        for fields, raw in _records(text, o):
            if size >= len(data) or len(raw) < len(text) - 2:
                return len(fields)
            break
        else:
            if size >= len(data):
                return None
        size *= 4


def tokenize(data: bytes, o: CSVOptions, width: Optional[int] = None,
             want_raw: bool = False, wanted: Optional[List[int]] = None,
             typed: Optional[dict] = None) -> Tokens:
    """Tokenise one file's bytes into ``width`` string columns (the first record's width
    when None). With ``wanted`` (column positions) the other columns may come back as
    None; columns in ``typed`` (position -> Arrow type) may come back converted, when
    Arrow's own parse of every value is what Spark's would be."""
    fast_ok = not want_raw and o.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    has_quote = fast_ok and bool(o.quote) and o.quote.encode("utf-8") in data
    if fast_ok and _fast_path_ok(data, o, has_quote):
        if width is None:
            width = _first_record_width(data, o)
        fast = None
        if width and typed:
            fast = _tokenize_fast(data, o, width, wanted, has_quote, typed)
        if fast is None and width:
            fast = _tokenize_fast(data, o, width, wanted, has_quote)
        if fast is not None:
            return fast
    text = _decode(data, o.encoding)
    rows, raws = [], []
    for fields, raw in _records(text, o):
        rows.append(fields)
        raws.append(raw)
    if width is None:
        width = len(rows[0]) if rows else 0
    counts = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    columns = []
    for i in range(width):
        columns.append(pa.array([r[i] if i < len(r) else None for r in rows], pa.string()))
    return Tokens(columns, counts, raws if want_raw else None, len(rows))


def batches_of(columns: List[pa.Array], num_rows: int, target: pa.Schema
               ) -> Iterator[pa.RecordBatch]:
    """Record batches of at most ``_BATCH_ROWS`` rows (a column-less batch still carries its
    row count, so ``count()`` over no columns works)."""
    if not columns:
        for start in range(0, max(num_rows, 1), _BATCH_ROWS):
            k = min(_BATCH_ROWS, num_rows - start)
            yield no_column_batch(k)
        return
    table = pa.Table.from_arrays(columns, schema=target)
    batches = table.to_batches(max_chunksize=_BATCH_ROWS)
    if not batches:
        batches = [pa.RecordBatch.from_arrays([pa.array([], f.type) for f in target],
                                              schema=target)]
    yield from batches


def _apply_nulls(arr: pa.Array, o: CSVOptions) -> pa.Array:
    """Spark's null handling: unquoted empty (null here) stays null, a quoted empty value
    becomes ``emptyValue``, a value equal to ``nullValue`` becomes null."""
    if o.null_value != "":
        hit = pc.equal(arr, o.null_value)
        if pc.any(hit).as_py():
            arr = pc.if_else(hit, pa.scalar(None, pa.string()), arr)
    empty_to = None if o.empty_value_read == o.null_value else o.empty_value_read
    if empty_to != "":
        hit = pc.equal(arr, "")
        if pc.any(hit).as_py():
            arr = pc.if_else(hit, pa.scalar(empty_to, pa.string()), arr)
    return arr


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------
def _safe_header(tokens: List[Optional[str]], o: CSVOptions,
                 case_sensitive: bool = False) -> List[str]:
    names = [f"_c{i}" if t is None or t == "" or t == o.null_value else t
             for i, t in enumerate(tokens)]
    key = (lambda s: s) if case_sensitive else (lambda s: s.lower())
    counts: dict = {}
    for nm in names:
        counts[key(nm)] = counts.get(key(nm), 0) + 1
    return [nm + str(i) if counts[key(nm)] > 1 else nm for i, nm in enumerate(names)]


def _infer_column(col, o: CSVOptions) -> DataType:
    """The type Spark's CSV inference gives one column of string tokens (header removed)."""
    col = _sample(_apply_nulls(col, o), o.sampling_ratio)
    return infer_string_type(
        col, date_pattern=o.date_pattern, timestamp_pattern=o.timestamp_pattern,
        time_zone=o.time_zone, nan_value=o.nan_value, positive_inf=o.positive_inf,
        negative_inf=o.negative_inf, prefers_date=o.prefers_date)


#: records of a split whose types are inferred first, to choose how to read the rest
_HEAD_RECORDS = 1024


def _infer_with_typed_reader(data, o: CSVOptions, first: bool):
    """(names, types) of one split, inferring the types of its first records and then
    letting Arrow's reader check the rest: a column whose head is a string column is one
    whatever follows (not read again); double and date columns are read typed, and if Arrow
    converts every value (and reads no NaN/Inf spelling) they keep their type, as Spark's
    per-value inference would find; integer and other columns, and typed ones Arrow could not
    read, are inferred from strings. None when this shortcut does not apply (the caller
    infers from strings)."""
    if o.null_value != "" or o.sampling_ratio < 1.0 or not o.quote or \
            o.encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        return None
    pos = 0
    for _ in range(_HEAD_RECORDS + (1 if first and o.header else 0)):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return None                  # a small split: the plain path is as quick
        pos = nl + 1
    head = tokenize(data[:pos], o, None)
    if head.counts is not None or not head.num_rows:
        return None                      # not Arrow's fast path: leave it to the plain one
    width = len(head.columns)
    names = None
    skip = 1 if first and o.header else 0
    if first:
        row0 = [c[0].as_py() for c in head.columns]
        names = _safe_header(row0, o) if o.header else [f"_c{i}" for i in range(len(row0))]
    head_types = [_infer_column(c.slice(skip), o) for c in head.columns]
    typed, wanted = {}, []
    for i, t in enumerate(head_types):
        if isinstance(t, StringType):
            continue
        wanted.append(i)
        at = _reader_type(t, o) if o.prefers_date or not isinstance(t, DateType) else None
        if at is not None:
            typed[i] = at
    if not typed:
        return None
    # the string columns come back where the typed read does not apply or fails
    toks = tokenize(data, o, width, wanted=wanted, typed=typed)
    types: List[DataType] = []
    for i, t in enumerate(head_types):
        col = toks.columns[i]
        if isinstance(t, StringType) or (i in typed and not pa.types.is_string(col.type)):
            types.append(t)
        else:
            types.append(_infer_column(col if toks.header_skipped else col.slice(skip), o))
    return names, types


def _sample(col: pa.Array, ratio: float) -> pa.Array:
    if ratio >= 1.0 or len(col) == 0:
        return col
    rng = np.random.default_rng(1)
    keep = rng.random(len(col)) < ratio
    return pc.filter(col, pa.array(keep))


class CSVFileFormat(FileFormat):
    short_name = "csv"
    display_name = "CSV"

    def infer_schema(self, files: List[str], options: Mapping[str, Any]) -> Optional[StructType]:
        o = CSVOptions.parse(options)
        if not files:
            return None
        files = sorted(files)
        per_file: List[Tokens] = []
        names: Optional[List[str]] = None
        for path in files:
            data = read_bytes(path)
            toks = tokenize(data, o, None)
            if names is None:
                if toks.num_rows == 0:
                    continue
                first = [c[0].as_py() for c in toks.columns]
                names = _safe_header(first, o) if o.header else \
                    [f"_c{i}" for i in range(len(first))]
            per_file.append(toks)
        if names is None:
            return StructType([])
        if not o.infer_schema:
            return StructType([StructField(nm, StringType(), True) for nm in names])
        types: List[DataType] = []
        for i in range(len(names)):
            pieces = []
            for toks in per_file:
                if i < len(toks.columns):
                    col = toks.columns[i]
                    if o.header:
                        col = col.slice(1)
                    pieces.extend(col.chunks if isinstance(col, pa.ChunkedArray) else [col])
            col = pa.concat_arrays(pieces) if pieces else pa.array([], pa.string())
            col = _sample(_apply_nulls(col, o), o.sampling_ratio)
            t = infer_string_type(col, date_pattern=o.date_pattern,
                                  timestamp_pattern=o.timestamp_pattern,
                                  time_zone=o.time_zone, nan_value=o.nan_value,
                                  positive_inf=o.positive_inf, negative_inf=o.negative_inf,
                                  prefers_date=o.prefers_date)
            types.append(StringType() if isinstance(t, NullType) else t)
        return StructType([StructField(nm, t, True) for nm, t in zip(names, types)])

    def splittable(self, path: str, options: Mapping[str, Any]) -> bool:
        o = CSVOptions.parse(options)
        return not o.multi_line and o.line_sep is None and not is_compressed(path) and \
            o.encoding.lower().replace("_", "-") in ("utf-8", "utf8")

    def infer_chunk(self, path: str, start: int, length: int, options: Mapping[str, Any]):
        """(header names or None, inferred type per column) of one byte range - the map side
        of a distributed schema inference; the driver merges with ``csv_wider_type``."""
        o = CSVOptions.parse(options)
        first = start == 0
        if not first:
            o = dataclasses.replace(o, header=False)
        data = map_line_range(path, start, length)
        quick = _infer_with_typed_reader(data, o, first)
        if quick is not None:
            return quick
        toks = tokenize(data, o, None)
        if toks.num_rows == 0:
            return None, []
        names = None
        if first:
            row0 = [c[0].as_py() for c in toks.columns]
            names = _safe_header(row0, o) if o.header else [f"_c{i}" for i in range(len(row0))]
        types: List[DataType] = []
        for col in toks.columns:
            if first and o.header:
                col = col.slice(1)
            types.append(_infer_column(col, o))
        return names, types

    def read(self, path: str, data_schema: StructType, options: Mapping[str, Any], *,
             required_columns: Optional[List[str]] = None,
             filters: Any = None, start: Optional[int] = None,
             length: Optional[int] = None) -> Iterator[pa.RecordBatch]:
        o = CSVOptions.parse(options)
        if start:
            o = dataclasses.replace(o, header=False)
        out_schema = project_schema(data_schema, required_columns)
        target = to_arrow_schema(out_schema)
        corrupt = o.corrupt_column
        token_fields = [f for f in data_schema.fields if f.name != corrupt]
        width = len(token_fields)
        for f in data_schema.fields:
            if f.name == corrupt and not isinstance(f.dataType, StringType):
                raise AnalysisException(
                    "The field for corrupt records must be string type and nullable",
                    "INVALID_CORRUPT_RECORD_TYPE",
                    {"columnName": corrupt, "actualType": f.dataType.simpleString()})
        want_corrupt = any(f.name == corrupt for f in out_schema.fields)
        data = read_bytes(path) if start is None else map_line_range(path, start, length)
        index = {f.name: i for i, f in enumerate(token_fields)}   # as _convert maps them
        wanted = [index[f.name] for f in out_schema.fields if f.name in index]
        toks = tokenize(data, o, width, wanted=wanted,
                        typed=_reader_types(out_schema, index, o, want_corrupt))
        result = self._convert(toks, o, token_fields, out_schema, corrupt, path)
        if result is None:
            # malformed records, and the raw text or (FAILFAST's message) every field is
            # wanted: tokenise again
            toks = tokenize(data, o, width, want_raw=want_corrupt)
            result = self._convert(toks, o, token_fields, out_schema, corrupt, path)
        columns, num_rows = result
        yield from batches_of(columns, num_rows, target)

    def _convert(self, toks: Tokens, o: CSVOptions, token_fields: List[StructField],
                 out_schema: StructType, corrupt: str, path: str):
        n = toks.num_rows
        start = 1 if o.header and n and not toks.header_skipped else 0
        rows = n - start
        index = {f.name: i for i, f in enumerate(token_fields)}
        bad = np.zeros(rows, bool)
        if toks.counts is not None:
            bad |= toks.counts[start:] != len(token_fields)
        converted = {}
        for f in out_schema.fields:
            if f.name == corrupt and f.name not in index:
                continue
            i = index[f.name]
            col = toks.columns[i].slice(start) if i < len(toks.columns) else \
                pa.nulls(rows, pa.string())
            if not pa.types.is_string(col.type):     # converted by the reader already
                converted[f.name] = col
                continue
            col = _apply_nulls(col, o)
            arr, failed = convert_column(
                col, f.dataType, date_pattern=o.date_pattern,
                timestamp_pattern=o.timestamp_pattern,
                timestamp_ntz_pattern=o.timestamp_ntz_pattern, time_zone=o.time_zone,
                nan_value=o.nan_value, positive_inf=o.positive_inf,
                negative_inf=o.negative_inf, source="CSV", column=f.name)
            converted[f.name] = arr
            bad |= failed
        want_corrupt = any(f.name == corrupt and f.name not in index
                           for f in out_schema.fields)
        if bad.any():
            if o.mode == "FAILFAST" and any(c is None for c in toks.columns):
                return None
            if o.mode == "FAILFAST":
                first = int(np.nonzero(bad)[0][0])
                values = []
                for f in token_fields:
                    if f.name in converted:
                        v = converted[f.name][first].as_py()
                        values.append("null" if v is None else str(v))
                    else:
                        i = index[f.name]
                        v = toks.columns[i][first + start].as_py() if i < len(toks.columns) \
                            else None
                        values.append("null" if v is None else v)
                raise SparkException(
                    f"Malformed records are detected in record parsing: [{','.join(values)}]."
                    "\nParse Mode: FAILFAST. To process malformed records as null result, try "
                    "setting the option 'mode' as 'PERMISSIVE'.",
                    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
                    {"badRecord": f"[{','.join(values)}]", "failFastMode": "FAILFAST"})
            if o.mode == "DROPMALFORMED":
                keep = pa.array(~bad)
                converted = {k: pc.filter(v, keep) for k, v in converted.items()}
                rows = int((~bad).sum())
                bad = np.zeros(rows, bool)
            elif want_corrupt and toks.raw is None:
                return None
        columns = []
        for f in out_schema.fields:
            if f.name in converted:
                columns.append(converted[f.name])
            else:  # the corrupt record column
                if toks.raw is not None and bad.any():
                    raws = toks.raw[start:]
                    columns.append(pa.array([r if b else None for r, b in zip(raws, bad)],
                                            pa.string()))
                else:
                    columns.append(pa.nulls(rows, pa.string()))
        return columns, rows

    # ------------------------------------------------------------------------------ write
    def supports_type(self, dt) -> bool:
        return not isinstance(dt, (ArrayType, MapType, StructType))

    def write(self, batches: Iterable[pa.RecordBatch], schema: StructType, path: str,
              options: Mapping[str, Any]) -> None:
        o = CSVOptions.parse(options)
        for f in schema.fields:
            if not self.supports_type(f.dataType):
                t = f.dataType.simpleString().upper()
                raise AnalysisException(
                    f'The CSV datasource doesn\'t support the column `{f.name}` of the type '
                    f'"{t}".', "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
                    {"columnName": f"`{f.name}`", "columnType": f'"{t}"', "format": "CSV"})
        line_sep = o.line_sep or "\n"
        header_done = not as_options(options).get_bool("header", False)
        with open_output(path, o.compression) as out:
            if not header_done:
                names = pa.array(schema.names, pa.string())
                cells = self._quote(names, o, is_string=True)
                out.write((o.sep.join(cells.to_pylist()) + line_sep).encode(o.encoding))
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                cols = [self._format(batch.column(i), f.dataType, o)
                        for i, f in enumerate(schema.fields)]
                if len(cols) > 1:
                    lines = pc.binary_join_element_wise(*cols, o.sep)
                else:
                    lines = cols[0]
                joined = pc.binary_join(pa.array([lines], pa.list_(pa.string())), line_sep)
                out.write((joined[0].as_py() + line_sep).encode(o.encoding))

    def _quote(self, text: pa.Array, o: CSVOptions, is_string: bool) -> pa.Array:
        q = o.quote
        if q is None:
            return text
        esc = o.escape or q
        body = text
        if o.escape_quotes:
            if esc != q:
                body = pc.replace_substring(body, esc, esc + esc)
            body = pc.replace_substring(body, q, esc + q)
        quoted = pc.binary_join_element_wise(q, body, q, "")
        if o.quote_all:
            return quoted
        special = "[" + re.escape(q) + "\r\n]|" + re.escape(o.sep)
        needs = pc.match_substring_regex(text, special)
        return pc.if_else(needs, quoted, text)

    def _format(self, arr: pa.Array, dt: DataType, o: CSVOptions) -> pa.Array:
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        is_string = isinstance(dt, StringType)
        if isinstance(dt, (DoubleType, FloatType)):
            text = format_double_array(arr)
        elif isinstance(dt, BooleanType):
            text = pc.if_else(arr, "true", "false")
        elif isinstance(dt, DateType):
            text = format_datetime_array(arr, o.date_pattern or
                                         JavaDateTimePattern(DEFAULT_DATE_FORMAT), o.time_zone)
        elif isinstance(dt, TimestampType):
            text = format_datetime_array(arr, o.timestamp_pattern or
                                         JavaDateTimePattern(DEFAULT_TIMESTAMP_FORMAT),
                                         o.time_zone)
        elif isinstance(dt, TimestampNTZType):
            text = format_datetime_array(arr, o.timestamp_ntz_pattern or
                                         JavaDateTimePattern(DEFAULT_TIMESTAMP_NTZ_FORMAT),
                                         o.time_zone)
        elif isinstance(dt, BinaryType):
            text = arr.cast(pa.string())
        else:
            text = arr.cast(pa.string())
        if is_string:
            if o.ignore_leading_write:
                text = pc.utf8_ltrim(text, " \t")
            if o.ignore_trailing_write:
                text = pc.utf8_rtrim(text, " \t")
        quoted = self._quote(text, o, is_string)
        if is_string:
            empty = o.empty_value_write
            if empty is None:
                empty = (o.quote or "") * 2
            quoted = pc.if_else(pc.equal(text, ""), empty, quoted)
        null_text = o.null_value
        if o.quote_all and o.quote:
            null_text = o.quote + null_text + o.quote
        return pc.fill_null(quoted, null_text)

    def extension(self, options: Mapping[str, Any]) -> str:
        return ".csv" + CODEC_EXTENSIONS[compression_codec(as_options(options))]
