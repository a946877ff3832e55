"""How DataFrames print: ``show()`` tables, the notebook HTML table and ``repr``.

* :func:`pretty_string` - one collected Python value as ``show()`` prints it (Spark's
  ToPrettyString: ``NULL``, ``true``, ``1.0E20``, ``[01 02 FF]``, ``[1, 2, NULL]``,
  ``{a -> 1, b -> NULL}``, ``{1, x}``). For whole Arrow columns use
  ``cast_to_string(array, type, tz, pretty=True)`` from
  :mod:`rayspark.sql.execution.cast_string`, which gives the same strings.
* :func:`show_string` - the text of ``df.show(n, truncate, vertical)`` from the cells'
  pretty strings (exactly what PySpark prints, without the newline ``print`` adds).
* :func:`html_table` - ``DataFrame._repr_html_`` with ``spark.sql.repl.eagerEval.enabled``.
* :func:`repr_string` - ``DataFrame.__repr__``: ``DataFrame[a: bigint, b: string]``.

Spark's layout rules, as PySpark 4.3.0 prints them:

* each cell (and column name) first has control characters escaped: newline, carriage
  return, tab, form feed, backspace, vertical tab and bell become ``\\n``, ``\\r``,
  ``\\t``, ``\\f``, ``\\b``, ``\\v``, ``\\a``;
* cells longer than ``truncate`` (counted in UTF-16 code units, as Java counts) are cut to
  ``truncate - 3`` units plus ``...`` (to ``truncate`` units, no dots, when
  ``truncate < 4``); column names are never cut; a cut through a surrogate pair leaves
  ``?`` (what the JVM sends Python for a lone surrogate);
* the display width of a string is its UTF-16 length plus one for each East-Asian
  full-width character (Spark's ``stringHalfWidth``), columns are at least 3 wide and
  right-aligned when truncating, left-aligned when not;
* ``only showing top N rows`` (``row`` when N is 1) follows when more rows exist, with no
  newline after it; vertical output of no rows is just ``(0 rows)``, without footer.

Pure functions; any thread may call them.
"""
from __future__ import annotations

import datetime
import re
from html.entities import codepoint2name
from typing import Any, Iterable, List, Optional, Sequence, Union

import pyarrow as pa

from rayspark.sql.execution.cast_string import (binary_hex, cast_to_string, format_date,
                                                format_day_time_interval, format_decimal,
                                                format_double, format_float,
                                                format_timestamp,
                                                format_year_month_interval)
from rayspark.sql.types import (ArrayType, BinaryType, BooleanType, DataType, DateType,
                                DayTimeIntervalType, DecimalType, DoubleType, FloatType,
                                IntegralType, MapType, NullType, StructType,
                                TimestampNTZType, TimestampType, YearMonthIntervalType)

__all__ = ["pretty_string", "show_string", "html_table", "repr_string", "string_half_width"]


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------
def _zone(name: Optional[str]) -> Optional[datetime.tzinfo]:
    from .arrow_types import _zone as zone_info
    return zone_info(name)


def _timestamp_text(value: datetime.datetime, session_tz: Optional[str]) -> str:
    """A collected TIMESTAMP is a naive wall clock in the Python process' local zone (as
    PySpark's ``collect`` returns it); Spark prints the instant in the session zone."""
    if not isinstance(value, datetime.datetime):  # a date where a timestamp was expected
        value = datetime.datetime(value.year, value.month, value.day)
    zone = _zone(session_tz)
    if zone is not None:
        aware = value if value.tzinfo is not None else value.astimezone()
        try:
            value = aware.astimezone(zone)
        except (OverflowError, ValueError):  # the wall clock is in year 0 or 10000
            micros = (aware - _EPOCH) // datetime.timedelta(microseconds=1)
            return cast_to_string(pa.array([micros], pa.timestamp("us", tz="UTC")),
                                  TimestampType(), session_tz)[0].as_py()
    return format_timestamp(value)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _micros(value: Any) -> int:
    if isinstance(value, datetime.timedelta):
        return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    return int(value)


def _fields(value: Any, data_type: StructType) -> List[Any]:
    if isinstance(value, dict):
        return [value.get(name) for name in data_type.names]
    return list(value)


def pretty_string(value: Any, data_type: DataType, session_tz: str = "UTC") -> str:
    """One collected value of ``data_type`` as ``DataFrame.show()`` prints it.

    TIMESTAMP values are naive datetimes in the Python process' local zone (aware ones
    are fine too) and are printed in ``session_tz``; TIMESTAMP_NTZ values print as
    they are. DayTimeInterval values are timedeltas (or microseconds), YearMonthInterval
    values months.
    """
    if value is None:
        return "NULL"
    if isinstance(data_type, BooleanType):
        return "true" if value else "false"
    if isinstance(data_type, IntegralType):
        return str(int(value))
    if isinstance(data_type, DoubleType):
        return format_double(value)
    if isinstance(data_type, FloatType):
        return format_float(value)
    if isinstance(data_type, DecimalType):
        return format_decimal(value, data_type.scale)
    if isinstance(data_type, BinaryType):
        return binary_hex(value)
    if isinstance(data_type, TimestampType):
        return _timestamp_text(value, session_tz)
    if isinstance(data_type, TimestampNTZType):
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime(value.year, value.month, value.day)
        return format_timestamp(value)
    if isinstance(data_type, DateType):
        return format_date(value)
    if isinstance(data_type, DayTimeIntervalType):
        return format_day_time_interval(_micros(value), data_type.startField,
                                        data_type.endField)
    if isinstance(data_type, YearMonthIntervalType):
        return format_year_month_interval(int(value), data_type.startField,
                                          data_type.endField)
    if isinstance(data_type, ArrayType):
        element = data_type.elementType
        return "[" + ", ".join(pretty_string(v, element, session_tz) for v in value) + "]"
    if isinstance(data_type, MapType):
        k, v = data_type.keyType, data_type.valueType
        return "{" + ", ".join(pretty_string(key, k, session_tz) + " -> " +
                               pretty_string(item, v, session_tz)
                               for key, item in value.items()) + "}"
    if isinstance(data_type, StructType):
        return "{" + ", ".join(pretty_string(v, f.dataType, session_tz)
                               for v, f in zip(_fields(value, data_type),
                                               data_type.fields)) + "}"
    if isinstance(data_type, NullType):
        return "NULL"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return binary_hex(value)
    return str(value)


# --------------------------------------------------------------------------------------------
# Text measures
# --------------------------------------------------------------------------------------------
_META = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b",
         "\u000b": "\\v", "\u0007": "\\a"}
_META_RE = re.compile("[\n\r\t\f\b\u000b\u0007]")

# East-Asian full-width ranges Spark counts as two columns (BMP only; characters
# outside the BMP already count two as a surrogate pair).
_FULL_WIDTH_RE = re.compile("[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF"
                            "\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]")


def _escape_meta(text: str) -> str:
    return _META_RE.sub(lambda m: _META[m.group(0)], text)


def _utf16_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def string_half_width(text: str) -> int:
    """Columns ``text`` takes in a ``show()`` table: UTF-16 length plus one per
    East-Asian full-width character."""
    if text.isascii():
        return len(text)
    return _utf16_len(text) + len(_FULL_WIDTH_RE.findall(text))


def _utf16_prefix(text: str, units: int) -> str:
    """The first ``units`` UTF-16 code units of ``text``; half a surrogate pair is '?'."""
    if text.isascii():
        return text[:units]
    out: List[str] = []
    used = 0
    for ch in text:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > units:
            if used < units:
                out.append("?")
            break
        out.append(ch)
        used += size
    return "".join(out)


def _truncate(text: str, truncate: int) -> str:
    if truncate > 0 and _utf16_len(text) > truncate:
        if truncate < 4:
            return _utf16_prefix(text, truncate)
        return _utf16_prefix(text, truncate - 3) + "..."
    return text


def _truncate_arg(truncate: Union[bool, int]) -> int:
    if isinstance(truncate, bool):
        return 20 if truncate else 0
    return int(truncate)


def _footer(has_more: bool, n: int) -> str:
    if not has_more:
        return ""
    n = max(n, 0)
    return "only showing top %d %s" % (n, "row" if n == 1 else "rows")


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------
def _pad(text: str, width: int, right_align: bool) -> str:
    fill = " " * (width - string_half_width(text))
    return fill + text if right_align else text + fill


def show_string(names: Sequence[str], rows: Sequence[Sequence[str]], *,
                truncate: Union[bool, int] = 20, vertical: bool = False,
                has_more: bool = False, n: int = 20) -> str:
    """The text ``df.show(n, truncate, vertical)`` prints, given the column names, the
    shown rows' cells as pretty strings (see :func:`pretty_string`) and whether the
    DataFrame has more rows than shown. ``truncate``: True is 20, False/0 is no limit.
    The result has no final newline after the ``only showing`` footer, as in Spark
    (``print`` adds one)."""
    limit = _truncate_arg(truncate)
    header = [_escape_meta(str(name)) for name in names]
    cells = [[_truncate(_escape_meta("NULL" if c is None else str(c)), limit) for c in row]
             for row in rows]
    footer = _footer(has_more, n)
    if vertical:
        if not cells:
            return "(0 rows)"  # no footer, even when rows were held back (n=0)
        return _vertical(header, cells) + footer
    widths = [3] * len(header)
    for row in [header] + cells:
        for j, cell in enumerate(row):
            widths[j] = max(widths[j], string_half_width(cell))
    right = limit > 0
    sep = "+" + "+".join("-" * w for w in widths) + "+\n"
    lines = [sep]
    for i, row in enumerate([header] + cells):
        lines.append("|" + "|".join(_pad(c, w, right) for c, w in zip(row, widths)) + "|\n")
        if i == 0:
            lines.append(sep)
    lines.append(sep)
    return "".join(lines) + footer


def _vertical(header: List[str], cells: List[List[str]]) -> str:
    name_width = max([3] + [string_half_width(h) for h in header])
    data_width = max([3] + [string_half_width(c) for row in cells for c in row])
    out: List[str] = []
    for i, row in enumerate(cells):
        out.append(("-RECORD %d" % i).ljust(name_width + data_width + 5, "-") + "\n")
        for name, cell in zip(header, row):
            out.append(" " + _pad(name, name_width, False) + " | "
                       + _pad(cell, data_width, False) + " \n")
        if not header:  # Spark fails here (empty.max); print the bare record line
            out.append("\n")
    return "".join(out)


def _escape_html(text: str) -> str:
    """HTML 4 escaping of Commons Text's ``escapeHtml4``: ``& < > "`` and every
    character with a named HTML 4 entity (``&eacute;``, ``&nbsp;``, ``&euro;``), not
    the apostrophe."""
    if text.isascii():
        return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace('"', "&quot;"))
    return "".join("&%s;" % codepoint2name[ord(ch)] if ord(ch) in codepoint2name else ch
                   for ch in text)


def html_table(names: Sequence[str], rows: Sequence[Sequence[str]], *, has_more: bool,
               n: int, truncate: Union[bool, int] = 20) -> str:
    """``DataFrame._repr_html_`` under ``spark.sql.repl.eagerEval.enabled``: the shown
    rows' pretty strings as ``<table border='1'>``, cut at ``truncate`` characters
    (``spark.sql.repl.eagerEval.truncate``), then ``only showing top N rows`` when
    ``has_more`` (``n`` being ``spark.sql.repl.eagerEval.maxNumRows``)."""
    limit = _truncate_arg(truncate)
    out = ["<table border='1'>\n<tr><th>"]
    out.append("</th><th>".join(_escape_html(_escape_meta(str(name))) for name in names))
    out.append("</th></tr>\n")
    for row in rows:
        out.append("<tr><td>")
        out.append("</td><td>".join(
            _escape_html(_truncate(_escape_meta("NULL" if c is None else str(c)), limit))
            for c in row))
        out.append("</td></tr>\n")
    out.append("</table>\n")
    footer = _footer(has_more, n)
    return "".join(out) + (footer + "\n" if footer else "")


def repr_string(names: Iterable[str], types: Iterable[Union[DataType, str]]) -> str:
    """``DataFrame.__repr__``: ``DataFrame[a: bigint, s: struct<x:int,y:array<string>>]``
    (type names as ``DataFrame.dtypes`` gives them)."""
    return "DataFrame[%s]" % ", ".join(
        "%s: %s" % (name, t if isinstance(t, str) else t.simpleString())
        for name, t in zip(names, types))
