"""Text -> typed Arrow columns, vectorised, with Spark's rules for CSV values.

Every converter takes a whole string column and returns ``(typed array, bad mask)``: the
rows whose text does not convert are null in the array and true in the mask, so the reader
can apply the parse mode (PERMISSIVE/DROPMALFORMED/FAILFAST) per row. Work is done with
``pyarrow.compute`` over the column; only rare spellings (Java's hex floats, exponent
decimals) are handled value by value in Python.

Dates and timestamps follow Spark: without a ``dateFormat``/``timestampFormat`` the
reader accepts what ``CAST(string AS DATE/TIMESTAMP)`` accepts (``2021-1-2``,
``2021-01-02 03:04``, ``...T03:04:05.123456+01:00``); with one, text must match the Java
pattern. Timestamps without a zone are wall-clock time in the session time zone.
Inference (:func:`infer_string_type`) tries, per value, int, long, decimal (integral values
only), double, date (``yyyy-MM-dd`` or ``dateFormat``), timestamp, boolean, else string,
and widens the column's types as Spark's ``CSVInferSchema`` does.
"""
from __future__ import annotations

import decimal
import re
from typing import List, Optional, Tuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rayspark.errors import AnalysisException
from rayspark.sql.types import (BinaryType, BooleanType, ByteType, DataType, DateType,
                                DecimalType, DoubleType, FloatType, IntegerType, LongType,
                                NullType, ShortType, StringType, TimestampNTZType,
                                TimestampType, CharType, VarcharType)

__all__ = ["JavaDateTimePattern", "convert_column", "infer_string_type", "csv_wider_type",
           "parse_timestamp_column", "parse_date_column"]

# --------------------------------------------------------------------------------------------
# Java date-time patterns
# --------------------------------------------------------------------------------------------
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class JavaDateTimePattern:
    """A Java ``DateTimeFormatter`` pattern (the subset Spark users write: y u M L d D H h k
    K m s S a E X x Z z V, quoted literals, ``[optional]`` sections) compiled to a regular
    expression with named groups and to a list of tokens for formatting."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.tokens: List[Tuple[str, object]] = []  # ("lit", text) | (letter, count) | ("[", ) ...
        self._parse(pattern)
        self.regex = "^" + self._regex(self.tokens) + "$"
        self.has_zone = any(t[0] in "XxZzVO" for t in self._flat(self.tokens))

    def _parse(self, p: str) -> None:
        stack: List[List] = [self.tokens]
        i, n = 0, len(p)
        while i < n:
            c = p[i]
            if c == "'":
                j = p.find("'", i + 1)
                if j == i + 1:  # '' is a literal quote
                    stack[-1].append(("lit", "'"))
                    i += 2
                    continue
                if j < 0:
                    j = n
                stack[-1].append(("lit", p[i + 1:j]))
                i = j + 1
            elif c == "[":
                sub: List = []
                stack[-1].append(("opt", sub))
                stack.append(sub)
                i += 1
            elif c == "]":
                if len(stack) > 1:
                    stack.pop()
                i += 1
            elif c.isalpha():
                j = i
                while j < n and p[j] == c:
                    j += 1
                stack[-1].append((c, j - i))
                i = j
            else:
                stack[-1].append(("lit", c))
                i += 1

    def _flat(self, tokens):
        for t in tokens:
            if t[0] == "opt":
                yield from self._flat(t[1])
            else:
                yield t

    def _regex(self, tokens) -> str:
        out = []
        for kind, arg in tokens:
            if kind == "lit":
                out.append(re.escape(arg))
            elif kind == "opt":
                out.append("(?:" + self._regex(arg) + ")?")
            else:
                out.append(self._field_regex(kind, arg))
        return "".join(out)

    _seen: set

    def _group(self, name: str, body: str) -> str:
        seen = self.__dict__.setdefault("_seen", set())
        if name in seen:
            return "(?:" + body + ")"
        seen.add(name)
        return f"(?P<{name}>{body})"

    def _field_regex(self, letter: str, count: int) -> str:
        if letter in "yu":
            return self._group("y", r"\d{2}" if count == 2 else
                               (r"[+-]?\d{4,9}" if count >= 4 else r"[+-]?\d{1,9}"))
        if letter in "ML":
            if count >= 4:
                return self._group("Mname", "|".join(_MONTHS))
            if count == 3:
                return self._group("Mname", "|".join(m[:3] for m in _MONTHS))
            return self._group("M", r"\d{2}" if count == 2 else r"\d{1,2}")
        if letter == "d":
            return self._group("d", r"\d{2}" if count == 2 else r"\d{1,2}")
        if letter == "D":
            return self._group("D", r"\d{1,3}")
        if letter in "Hk":
            return self._group("H", r"\d{2}" if count == 2 else r"\d{1,2}")
        if letter in "hK":
            return self._group("h", r"\d{2}" if count == 2 else r"\d{1,2}")
        if letter == "m":
            return self._group("m", r"\d{2}" if count == 2 else r"\d{1,2}")
        if letter == "s":
            return self._group("s", r"\d{2}" if count == 2 else r"\d{1,2}")
        if letter in "Sn":
            return self._group("f", r"\d{1,%d}" % max(count, 1))
        if letter == "a":
            return self._group("a", "AM|PM|am|pm")
        if letter == "E":
            return "(?:" + "|".join(_DAYS + [d[:3] for d in _DAYS]) + ")"
        if letter in "XxZOzV":
            return self._group("z", r"Z|[+-]\d{2}(?::?\d{2})?(?::?\d{2})?|UTC|GMT|UT|"
                                    r"(?:UTC|GMT|UT)[+-]\d{1,2}(?::?\d{2})?|"
                                    r"[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?")
        if letter == "G":
            return "(?:AD|BC)"
        raise AnalysisException(f"Unknown pattern letter: {letter}", "INVALID_DATETIME_PATTERN",
                                {"pattern": self.pattern})


_LENIENT_TS = (r"^\s*(?P<y>[+-]?\d{4,6})(?:-(?P<M>\d{1,2})(?:-(?P<d>\d{1,2})"
               r"(?:[ T](?:(?P<H>\d{1,2}):(?P<m>\d{1,2})(?::(?P<s>\d{1,2})(?:\.(?P<f>\d*))?)?)?"
               r"\s*(?P<z>Z|[+-]\d{1,2}(?::?\d{2})?(?::?\d{2})?|UTC|GMT|UT|"
               r"(?:UTC|GMT|UT)[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)?"
               r")?)?)?\s*$")
_LENIENT_DATE = r"^\s*(?P<y>[+-]?\d{4,6})(?:-(?P<M>\d{1,2})(?:-(?P<d>\d{1,2})(?:[ T].*)?)?)?\s*$"
_STRICT_DATE = r"^(?P<y>\d{4})-(?P<M>\d{2})-(?P<d>\d{2})$"

_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _int_field(struct: pa.StructArray, names: List[str], name: str, default: int) -> np.ndarray:
    if name not in names:
        return np.full(len(struct), default, dtype=np.int64)
    f = struct.field(name)
    f = pc.if_else(pc.equal(f, ""), None, f)
    f = pc.replace_substring_regex(f, r"^\+", "")      # "+2021": Arrow's cast takes no '+'
    return pc.fill_null(pc.cast(f, pa.int64()), default).to_numpy(zero_copy_only=False)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _zone_offset_seconds(zone: str) -> Optional[int]:
    """Fixed offset of a zone string in seconds, or None for a region id."""
    z = zone.strip()
    if z in ("Z", "UTC", "GMT", "UT"):
        return 0
    m = re.fullmatch(r"(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?", z)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return sign * (int(m.group(2)) * 3600 + int(m.group(3) or 0) * 60
                       + int(m.group(4) or 0))
    return None


def _to_utc(naive_micros: np.ndarray, valid: np.ndarray, time_zone: Optional[str]) -> np.ndarray:
    """Wall-clock micros in ``time_zone`` -> UTC micros."""
    if time_zone is None or _zone_offset_seconds(time_zone) is not None:
        off = _zone_offset_seconds(time_zone or "UTC") or 0
        return naive_micros - off * 1_000_000
    ts = pa.array(naive_micros, pa.timestamp("us"), mask=~valid)
    try:
        out = pc.assume_timezone(ts, time_zone, ambiguous="earliest", nonexistent="earliest")
    except pa.ArrowInvalid:
        out = pc.assume_timezone(ts, time_zone, ambiguous="earliest",
                                 nonexistent="shift_forward")
    return pc.fill_null(pc.cast(out, pa.int64()), 0).to_numpy(zero_copy_only=False)


def _extract(arr: pa.Array, regex: str) -> Tuple[Optional[pa.StructArray], np.ndarray]:
    struct = pc.extract_regex(arr, regex)
    ok = struct.is_valid().to_numpy(zero_copy_only=False)
    return (struct if ok.any() else None), ok


def _components(arr: pa.Array, regex: str, fields_default_time: bool = True):
    struct, ok = _extract(arr, regex)
    n = len(arr)
    if struct is None:
        return None, ok
    names = [struct.type.field(i).name for i in range(struct.type.num_fields)]
    y = _int_field(struct, names, "y", 1970)
    if "y" in names:
        yy = struct.field("y")
        two = pc.fill_null(pc.equal(pc.utf8_length(yy), 2), False).to_numpy(zero_copy_only=False)
        y = np.where(two, 2000 + y, y)
    if "Mname" in names:
        mn = pc.utf8_slice_codeunits(struct.field("Mname"), 0, 3)
        idx = pc.index_in(mn, pa.array([m[:3] for m in _MONTHS]))
        M = pc.fill_null(idx, 0).to_numpy(zero_copy_only=False).astype(np.int64) + 1
    else:
        M = _int_field(struct, names, "M", 1)
    d = _int_field(struct, names, "d", 1)
    H = _int_field(struct, names, "H", 0)
    if "h" in names:
        h = _int_field(struct, names, "h", 12)
        pm = pc.fill_null(pc.match_substring(struct.field("a"), "p", ignore_case=True),
                          False).to_numpy(zero_copy_only=False) if "a" in names \
            else np.zeros(n, bool)
        ok = ok & (h >= 1) & (h <= 12)
        H = (h % 12) + np.where(pm, 12, 0)
    mi = _int_field(struct, names, "m", 0)
    s = _int_field(struct, names, "s", 0)
    if "f" in names:
        frac = pc.utf8_slice_codeunits(pc.utf8_rpad(struct.field("f"), 6, "0"), 0, 6)
        f = pc.fill_null(pc.cast(frac, pa.int64()), 0).to_numpy(zero_copy_only=False)
    else:
        f = np.zeros(n, np.int64)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    dim = _DAYS_IN_MONTH[np.clip(M, 0, 12)] + ((M == 2) & leap)
    ok = ok & (M >= 1) & (M <= 12) & (d >= 1) & (d <= dim) & (H < 24) & (mi < 60) & (s < 60)
    days = _days_from_civil(y, M, d)
    zone = struct.field("z") if "z" in names else None
    return (days, H, mi, s, f, zone), ok


# --------------------------------------------------------------------------------------------
# Byte-level checks over a whole string column (much cheaper than a regex per value)
# --------------------------------------------------------------------------------------------
def _offsets(arr: pa.Array) -> Optional[np.ndarray]:
    """The ``len(arr) + 1`` value offsets of a (large_)string array, or None for other types."""
    if not isinstance(arr, pa.Array):
        return None
    if arr.type == pa.string():
        dtype = np.int32
    elif arr.type == pa.large_string():
        dtype = np.int64
    else:
        return None
    buf = arr.buffers()[1]
    if buf is None:
        return None
    return np.frombuffer(buf, dtype=dtype)[arr.offset:arr.offset + len(arr) + 1]


def _value_bytes(arr: pa.Array) -> Optional[bytes]:
    """The bytes of every value of a (large_)string array, nulls' slots included; None for
    other types."""
    offsets = _offsets(arr)
    if offsets is None:
        return None
    if len(arr) == 0:
        return b""
    data = arr.buffers()[2]
    lo, hi = int(offsets[0]), int(offsets[-1])
    if data is None or hi <= lo:
        return b""
    return memoryview(data)[lo:hi].tobytes()


def _only_bytes(arr: pa.Array, allowed: bytes) -> bool:
    """Whether every byte of every value of a string array is one of ``allowed`` (a
    sufficient check: a null slot holding other bytes makes it false)."""
    seg = _value_bytes(arr)
    return seg is not None and not seg.translate(None, allowed)


def _has_line_break(arr: pa.Array) -> bool:
    """Whether some value of a string array holds a CR or LF (nulls' slots included)."""
    if isinstance(arr, pa.ChunkedArray):
        return any(_has_line_break(c) for c in arr.chunks)
    seg = _value_bytes(arr)
    if seg is None:
        return bool(pc.any(pc.match_substring_regex(arr, "[\r\n]")).as_py())
    return seg.find(b"\n") >= 0 or seg.find(b"\r") >= 0


_DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]


def _all_plain_dates(arr: pa.Array) -> Optional[bool]:
    """Whether every non-null value is ``[0-9]{4}-[0-9]{2}-[0-9]{2}``, checked on the raw
    bytes: True/False, or None when the bytes do not tell (not a string array, no non-null
    value, or null slots holding bytes)."""
    offsets = _offsets(arr)
    if offsets is None or len(arr) == 0 or arr.null_count == len(arr):
        return None
    lens = np.diff(offsets)
    if arr.null_count:
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        if (lens[~valid] != 0).any():
            return None
        if (lens[valid] != 10).any():
            return False
    elif (lens != 10).any():
        return False
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]
    rows = data.reshape(-1, 10)
    if not ((rows[:, 4] == 45).all() and (rows[:, 7] == 45).all()):
        return False
    return bool(((rows[:, _DATE_DIGITS] - np.uint8(48)) <= 9).all())


def parse_date_column(arr: pa.Array, pattern: Optional[JavaDateTimePattern] = None,
                      strict_default: bool = False) -> Tuple[pa.Array, np.ndarray]:
    """Strings -> date32 (null where not a date) and the mask of unparseable non-nulls."""
    plain = None
    if pattern is None and len(arr):
        plain = _all_plain_dates(arr)
        if plain is None:
            plain = pc.all(pc.match_substring_regex(
                arr, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")).as_py()
    if plain:
        # every value is a plain yyyy-MM-dd (the common case): Arrow's own parser, which
        # rejects impossible dates as Spark does
        try:
            out = pc.cast(arr, pa.date32())
            notnull = arr.is_valid().to_numpy(zero_copy_only=False)
            return out, np.zeros(len(arr), dtype=bool) & notnull
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    if pattern is not None:
        regex = pattern.regex
    else:
        regex = _STRICT_DATE if strict_default else _LENIENT_DATE
    comps, ok = _components(arr, regex)
    notnull = arr.is_valid().to_numpy(zero_copy_only=False)
    if comps is None:
        return pa.nulls(len(arr), pa.date32()), notnull
    days = comps[0]
    ok = ok & notnull
    return pa.array(days.astype(np.int32), pa.date32(), mask=~ok), notnull & ~ok


def parse_timestamp_column(arr: pa.Array, pattern: Optional[JavaDateTimePattern] = None,
                           time_zone: Optional[str] = "UTC", ntz: bool = False
                           ) -> Tuple[pa.Array, np.ndarray]:
    """Strings -> timestamp('us', tz='UTC') (or timestamp('us') for ``ntz``) and the mask
    of unparseable non-null values."""
    regex = _LENIENT_TS if pattern is None else pattern.regex
    out_type = pa.timestamp("us") if ntz else pa.timestamp("us", tz="UTC")
    comps, ok = _components(arr, regex)
    notnull = arr.is_valid().to_numpy(zero_copy_only=False)
    if comps is None:
        return pa.nulls(len(arr), out_type), notnull
    days, H, mi, s, f, zone = comps
    ok = ok & notnull
    micros = days * 86_400_000_000 + H * 3_600_000_000 + mi * 60_000_000 + s * 1_000_000 + f
    if not ntz:
        has_zone = np.zeros(len(arr), bool)
        if zone is not None:
            has_zone = pc.fill_null(pc.not_equal(zone, ""), False).to_numpy(
                zero_copy_only=False) & ok
        local = ok & ~has_zone
        result = micros.copy()
        if local.any():
            result[local] = _to_utc(micros[local], np.ones(local.sum(), bool), time_zone)
        if has_zone.any():
            zones = np.asarray(zone.to_pylist(), dtype=object)
            for z in set(zones[has_zone]):
                rows = has_zone & (zones == z)
                off = _zone_offset_seconds(z)
                if off is not None:
                    result[rows] = micros[rows] - off * 1_000_000
                else:
                    try:
                        result[rows] = _to_utc(micros[rows], np.ones(rows.sum(), bool), z)
                    except (pa.ArrowInvalid, ValueError, KeyError):
                        ok = ok & ~rows
        micros = result
    elif zone is not None:
        ok = ok & ~pc.fill_null(pc.not_equal(zone, ""), False).to_numpy(zero_copy_only=False)
    return pa.array(micros, out_type, mask=~ok), notnull & ~ok


# --------------------------------------------------------------------------------------------
# Numbers and booleans
# --------------------------------------------------------------------------------------------
_INT_RX = r"^[+-]?[0-9]+$"
_JAVA_DOUBLE_RX = (r"^[\x00-\x20]*[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)"
                   r"(?:[eE][+-]?[0-9]+)?[fFdD]?)[\x00-\x20]*$")
_HEX_DOUBLE = re.compile(r"[\x00-\x20]*[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                         r"[pP][+-]?\d+[fFdD]?[\x00-\x20]*\Z")
_HEX_DOUBLE_RE2 = "^" + _HEX_DOUBLE.pattern.replace("\\Z", "$")   # Arrow's RE2 syntax
_BIGDEC_RX = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"

# Bytes of the values whose Arrow cast is known to accept only what Java's parser accepts
# (exhaustively checked over short strings): Arrow's integer cast on ``-`` and digits accepts
# a subset of ``[+-]?[0-9]+`` and its float cast on these bytes a subset of Java's
# ``Double.parseDouble`` grammar without its letters (NaN, Infinity, d/f suffixes, hex).
_INT_BYTES = b"0123456789-"
_FLOAT_BYTES = b"0123456789.eE+-"

_INT_RANGES = {ByteType: (-2 ** 7, 2 ** 7 - 1), ShortType: (-2 ** 15, 2 ** 15 - 1),
               IntegerType: (-2 ** 31, 2 ** 31 - 1), LongType: (-2 ** 63, 2 ** 63 - 1)}
_ARROW_INT = {ByteType: pa.int8(), ShortType: pa.int16(), IntegerType: pa.int32(),
              LongType: pa.int64()}


def _mask(arr: pa.Array) -> np.ndarray:
    return pc.fill_null(arr, False).to_numpy(zero_copy_only=False)


def _parse_integral(arr: pa.Array, dt: DataType) -> Tuple[pa.Array, np.ndarray]:
    lo, hi = _INT_RANGES[type(dt)]
    notnull = arr.is_valid().to_numpy(zero_copy_only=False)
    # The common case: every value a plain integer Arrow parses as Java does. The byte check
    # keeps out what Arrow reads but Java does not ("0x1F") and spares a failing cast, which
    # is far slower than the check.
    if _only_bytes(arr, _INT_BYTES):
        try:
            direct = pc.cast(arr, pa.int64())
            lo_v, hi_v = pc.min(direct).as_py(), pc.max(direct).as_py()
            if lo_v is None or (lo <= lo_v and hi_v <= hi):
                return direct.cast(_ARROW_INT[type(dt)]), np.zeros(len(arr), bool)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    ok = _mask(pc.match_substring_regex(arr, _INT_RX))
    short = _mask(pc.less_equal(pc.utf8_length(arr), 18))
    fast = ok & short
    values = np.zeros(len(arr), np.int64)
    if fast.any():
        sub = pc.filter(arr, pa.array(fast))
        sub = pc.replace_substring_regex(sub, r"^\+", "")
        values[fast] = pc.cast(sub, pa.int64()).to_numpy(zero_copy_only=False)
    slow = ok & ~short
    for i in np.nonzero(slow)[0]:
        v = int(arr[int(i)].as_py())
        if lo <= v <= hi:
            values[i] = v
        else:
            ok[i] = False
    ok = ok & (values >= lo) & (values <= hi)
    out = pa.array(values, pa.int64(), mask=~ok).cast(_ARROW_INT[type(dt)])
    return out, notnull & ~ok


def _java_double_py(text: str) -> Optional[float]:
    t = text.strip("".join(chr(c) for c in range(0x21)))
    if _HEX_DOUBLE.match(text):
        body = t.rstrip("fFdD")
        return float.fromhex(body)
    if t and t[-1] in "fFdD" and not t.endswith("Infinity"):
        t = t[:-1]
    return float(t)


def _parse_fractional(arr: pa.Array, dt: DataType, nan_value: str = "NaN",
                      positive_inf: str = "Inf", negative_inf: str = "-Inf"
                      ) -> Tuple[pa.Array, np.ndarray]:
    notnull = arr.is_valid().to_numpy(zero_copy_only=False)
    special = {nan_value: float("nan"), positive_inf: float("inf"), negative_inf: float("-inf")}
    if not any(t and not t.encode("utf-8").translate(None, _FLOAT_BYTES) for t in special) \
            and _only_bytes(arr, _FLOAT_BYTES):
        # Every value is made of digits, '.', 'e', signs (and no special spelling is): Arrow's
        # cast accepts exactly the Java doubles among them and gives the same values.
        try:
            out = pc.cast(arr, pa.float64())
        except pa.ArrowInvalid:
            out = None
        if out is not None:
            if isinstance(dt, FloatType):
                out = out.cast(pa.float32(), safe=False)
            return out, np.zeros(len(arr), bool)
    ok = _mask(pc.match_substring_regex(arr, _JAVA_DOUBLE_RX))
    values = np.full(len(arr), np.nan)
    if ok.any():
        sub = arr if ok.all() else pc.filter(arr, pa.array(ok))
        try:  # Java's spellings Arrow does not parse (1.5d, " 1") need trimming first
            parsed = pc.cast(sub, pa.float64())
        except pa.ArrowInvalid:
            sub = pc.replace_substring_regex(sub, r"^[\x00-\x20]+|[fFdD]?[\x00-\x20]*$", "")
            parsed = pc.cast(sub, pa.float64())
        values[ok] = parsed.to_numpy(zero_copy_only=False)
    for text, v in special.items():
        eq = _mask(pc.equal(arr, text))
        values[eq] = v
        ok = ok | eq
    rest = notnull & ~ok
    if rest.any():
        for i in np.nonzero(rest)[0]:
            text = arr[int(i)].as_py()
            if _HEX_DOUBLE.match(text):
                values[i] = _java_double_py(text)
                ok[i] = True
    out = pa.array(values, pa.float64(), mask=~ok)
    if isinstance(dt, FloatType):
        out = out.cast(pa.float32(), safe=False)
    return out, notnull & ~ok


def _parse_decimal(arr: pa.Array, dt: DecimalType) -> Tuple[pa.Array, np.ndarray]:
    quantum = decimal.Decimal(1).scaleb(-dt.scale)
    limit = decimal.Decimal(10) ** (dt.precision - dt.scale)
    out, bad = [], np.zeros(len(arr), bool)
    for i, text in enumerate(arr.to_pylist()):
        if text is None:
            out.append(None)
            continue
        try:
            v = decimal.Decimal(text.replace(",", ""))
            if not v.is_finite():
                raise ValueError
            v = v.quantize(quantum, rounding=decimal.ROUND_HALF_UP,
                           context=decimal.Context(prec=80))
            if abs(v) >= limit:
                raise ValueError
            out.append(v)
        except (ValueError, decimal.InvalidOperation):
            out.append(None)
            bad[i] = True
    return pa.array(out, pa.decimal128(dt.precision, dt.scale)), bad


def _parse_boolean(arr: pa.Array) -> Tuple[pa.Array, np.ndarray]:
    notnull = arr.is_valid().to_numpy(zero_copy_only=False)
    low = pc.utf8_lower(arr)
    t = _mask(pc.equal(low, "true"))
    f = _mask(pc.equal(low, "false"))
    ok = t | f
    return pa.array(t, pa.bool_(), mask=~ok), notnull & ~ok


def convert_column(arr: pa.Array, dt: DataType, *, date_pattern=None, timestamp_pattern=None,
                   timestamp_ntz_pattern=None, time_zone: Optional[str] = "UTC",
                   nan_value: str = "NaN", positive_inf: str = "Inf",
                   negative_inf: str = "-Inf", source: str = "CSV", column: str = ""
                   ) -> Tuple[pa.Array, np.ndarray]:
    """Convert a string column (nulls already applied) to ``dt``; returns the Arrow array
    (typed like ``to_arrow_type(dt)``) and the mask of values that failed to convert."""
    if isinstance(arr, pa.ChunkedArray):
        if arr.num_chunks > 1:   # chunk by chunk: no copy of the whole column
            parts = [convert_column(c, dt, date_pattern=date_pattern,
                                    timestamp_pattern=timestamp_pattern,
                                    timestamp_ntz_pattern=timestamp_ntz_pattern,
                                    time_zone=time_zone, nan_value=nan_value,
                                    positive_inf=positive_inf, negative_inf=negative_inf,
                                    source=source, column=column) for c in arr.chunks]
            return (pa.chunked_array([p[0] for p in parts], parts[0][0].type),
                    np.concatenate([p[1] for p in parts]))
        arr = arr.chunk(0) if arr.num_chunks == 1 else pa.array([], arr.type)
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    n = len(arr)
    if isinstance(dt, (StringType, CharType, VarcharType)):
        return arr, np.zeros(n, bool)
    if type(dt) in _INT_RANGES:
        return _parse_integral(arr, dt)
    if isinstance(dt, (DoubleType, FloatType)):
        return _parse_fractional(arr, dt, nan_value, positive_inf, negative_inf)
    if isinstance(dt, DecimalType):
        return _parse_decimal(arr, dt)
    if isinstance(dt, BooleanType):
        return _parse_boolean(arr)
    if isinstance(dt, DateType):
        return parse_date_column(arr, date_pattern)
    if isinstance(dt, TimestampType):
        return parse_timestamp_column(arr, timestamp_pattern, time_zone)
    if isinstance(dt, TimestampNTZType):
        return parse_timestamp_column(arr, timestamp_ntz_pattern, time_zone, ntz=True)
    if isinstance(dt, BinaryType):
        return arr.cast(pa.binary()), np.zeros(n, bool)
    if isinstance(dt, NullType):
        return pa.nulls(n), np.zeros(n, bool)
    raise AnalysisException(
        f'The {source} datasource doesn\'t support the column `{column}` of the type '
        f'"{dt.simpleString().upper()}".', "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        {"columnName": f"`{column}`", "columnType": dt.simpleString().upper(),
         "format": source})


# --------------------------------------------------------------------------------------------
# Inference
# --------------------------------------------------------------------------------------------
def csv_wider_type(a: DataType, b: DataType) -> DataType:
    """Spark's ``CSVInferSchema.compatibleType`` for the types CSV inference produces."""
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    ta, tb = type(a), type(b)
    pair = {ta, tb}
    if pair == {IntegerType, LongType}:
        return LongType()
    if pair <= {IntegerType, LongType, DoubleType} and DoubleType in pair:
        return DoubleType()
    if DecimalType in pair:
        if DoubleType in pair:
            return DoubleType()
        width = {IntegerType: 10, LongType: 20}
        if ta is DecimalType and tb is DecimalType:
            scale = max(a.scale, b.scale)
            rng = max(a.precision - a.scale, b.precision - b.scale)
            return DoubleType() if rng + scale > 38 else DecimalType(rng + scale, scale)
        dec, other = (a, b) if ta is DecimalType else (b, a)
        if type(other) in width:
            w = width[type(other)]
            return DecimalType(max(dec.precision - dec.scale, w) + dec.scale, dec.scale)
    if pair == {DateType, TimestampType}:
        return TimestampType()
    if pair == {DateType, TimestampNTZType}:
        return TimestampNTZType()
    return StringType()


def _decimal_type_of(text: str) -> Optional[DataType]:
    """The type Spark's ``tryParseDecimal`` gives one value (None: not a number)."""
    try:
        v = decimal.Decimal(text.replace(",", ""))
    except decimal.InvalidOperation:
        return None
    if not v.is_finite():
        return None
    sign, digits, exp = v.as_tuple()
    scale = -exp
    if scale == 0:
        precision = len(digits)
        while precision > 1 and digits[len(digits) - precision] == 0:
            precision -= 1
        if precision <= 38:
            return DecimalType(precision, 0)
    return None


def infer_string_type(arr: pa.Array, *, date_pattern=None, timestamp_pattern=None,
                      time_zone: Optional[str] = "UTC", nan_value: str = "NaN",
                      positive_inf: str = "Inf", negative_inf: str = "-Inf",
                      prefers_date: bool = True) -> DataType:
    """The type Spark's CSV inference gives a column of strings (nulls already applied);
    NullType when every value is null.

    Each value has a type of its own and the column's is their widening, in which
    ``StringType`` absorbs everything and ``DoubleType`` every number. So the types of a
    head of the column often settle the whole column cheaply: a string head makes it a string
    column; a head of doubles, of ints or of plain dates makes it so when byte checks and one
    Arrow cast show every other value to be a number (respectively an integer within a long,
    a valid ``yyyy-MM-dd`` date). Otherwise every value is classified (``_infer_all``)."""
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    chunks = [c for c in (c.drop_null() for c in chunks) if len(c)]
    if not chunks:
        return NullType()
    kw = dict(date_pattern=date_pattern, timestamp_pattern=timestamp_pattern,
              time_zone=time_zone, nan_value=nan_value, positive_inf=positive_inf,
              negative_inf=negative_inf, prefers_date=prefers_date)
    if sum(len(c) for c in chunks) <= _INFER_HEAD:
        return _infer_all(_concat(chunks), **kw)
    head_parts, need = [], _INFER_HEAD
    for c in chunks:
        head_parts.append(c.slice(0, need))
        need -= len(head_parts[-1])
        if not need:
            break
    head = _infer_all(_concat(head_parts), **kw)
    if isinstance(head, StringType):
        return head

    def casts(to):
        try:
            return [pc.cast(c, to) for c in chunks]
        except pa.ArrowInvalid:
            return None
    if isinstance(head, (IntegerType, LongType)) and \
            all(_only_bytes(c, _INT_BYTES) for c in chunks):
        direct = casts(pa.int64())
        if direct is not None:
            lo = min(pc.min(d).as_py() for d in direct)
            hi = max(pc.max(d).as_py() for d in direct)
            return IntegerType() if -2 ** 31 <= lo and hi < 2 ** 31 else LongType()
    elif isinstance(head, DoubleType) and all(_only_bytes(c, _FLOAT_BYTES) for c in chunks):
        if casts(pa.float64()) is not None:
            return head
    elif isinstance(head, DateType) and prefers_date and date_pattern is None and \
            not any(_all_plain_dates(pa.array([t])) for t in
                    (nan_value, positive_inf, negative_inf)) and \
            all(_all_plain_dates(c) for c in chunks):
        if casts(pa.date32()) is not None:
            return head
    return _infer_all(_concat(chunks), **kw)


def _concat(chunks: List[pa.Array]) -> pa.Array:
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


_INFER_HEAD = 1024


def _infer_all(arr: pa.Array, *, date_pattern=None, timestamp_pattern=None,
               time_zone: Optional[str] = "UTC", nan_value: str = "NaN",
               positive_inf: str = "Inf", negative_inf: str = "-Inf",
               prefers_date: bool = True) -> DataType:
    """:func:`infer_string_type` of a non-empty column without nulls, classifying every
    value."""
    result: DataType = NullType()
    remaining = np.ones(len(arr), bool)

    def take(mask):
        nonlocal remaining
        hit = mask & remaining
        remaining = remaining & ~mask
        return hit

    # fast path: every value is a plain (signed) decimal integer that fits a long. The regex
    # comes first: a failing Arrow cast is far slower than a regex pass.
    if pc.all(pc.match_substring_regex(arr, r"^-?[0-9]{1,18}$")).as_py():
        direct = pc.cast(arr, pa.int64())
        lo, hi = pc.min(direct).as_py(), pc.max(direct).as_py()
        return IntegerType() if -2 ** 31 <= lo and hi < 2 ** 31 else LongType()
    is_int = take(_mask(pc.match_substring_regex(arr, _INT_RX)))
    direct = None
    if is_int.all():
        try:  # all plain integers within long: one cast gives the range
            direct = pc.cast(arr, pa.int64())
        except pa.ArrowInvalid:
            direct = None
    if direct is not None:
        lo, hi = pc.min(direct).as_py(), pc.max(direct).as_py()
        return IntegerType() if -2 ** 31 <= lo and hi < 2 ** 31 else LongType()
    if is_int.any():
        ints = pc.filter(arr, pa.array(is_int))
        lens = pc.utf8_length(pc.replace_substring_regex(ints, r"^[+-]?0*", ""))
        short = _mask(pc.less_equal(lens, 18))
        if short.any():
            v = pc.cast(pc.replace_substring_regex(pc.filter(ints, pa.array(short)), r"^\+", ""),
                        pa.int64())
            lo, hi = pc.min(v).as_py(), pc.max(v).as_py()
            result = IntegerType() if -2 ** 31 <= lo and hi < 2 ** 31 else LongType()
        for text in set(pc.filter(ints, pa.array(~short)).to_pylist()):
            v = int(text)
            t = LongType() if -2 ** 63 <= v < 2 ** 63 else (_decimal_type_of(text)
                                                             or DoubleType())
            result = csv_wider_type(result, t)
    if remaining.any():
        plain = take(_mask(pc.match_substring_regex(arr, r"^[+-]?[0-9]*\.[0-9]+$")))
        if plain.any():
            result = csv_wider_type(result, DoubleType())
    if remaining.any():
        other = _mask(pc.match_substring_regex(arr, _BIGDEC_RX)) | _mask(
            pc.match_substring_regex(arr, r"^[+-]?[0-9.,]*[0-9][0-9.,]*$"))
        other &= remaining
        if other.any():
            hits = np.zeros(len(arr), bool)
            idx = np.nonzero(other)[0]
            texts = pc.filter(arr, pa.array(other)).to_pylist()
            for i, text in zip(idx, texts):
                t = _decimal_type_of(text)
                if t is not None:
                    hits[i] = True
                    result = csv_wider_type(result, t)
            take(hits)
    if remaining.any():
        dbl = _mask(pc.match_substring_regex(arr, _JAVA_DOUBLE_RX))
        for special in (nan_value, positive_inf, negative_inf):
            dbl = dbl | _mask(pc.equal(arr, special))
        dbl = take(dbl)
        if dbl.any():
            result = csv_wider_type(result, DoubleType())
        if remaining.any():
            hex_hits = take(_mask(pc.match_substring_regex(arr, _HEX_DOUBLE_RE2)))
            if hex_hits.any():
                result = csv_wider_type(result, DoubleType())
    if isinstance(result, StringType):
        return result
    if remaining.any() and date_pattern is None and timestamp_pattern is None:
        # Without custom patterns a date or timestamp starts with its (signed) year.
        candidates = remaining & _mask(pc.match_substring_regex(arr, r"^\s*[+-]?[0-9]{4}"))
    else:
        candidates = remaining.copy()
    if candidates.any() and prefers_date:
        sub = pc.filter(arr, pa.array(candidates))
        _, bad = parse_date_column(sub, date_pattern, strict_default=date_pattern is None)
        hit = np.zeros(len(arr), bool)
        hit[np.nonzero(candidates)[0][~bad]] = True
        candidates &= ~hit
        if take(hit).any():
            result = csv_wider_type(result, DateType())
    if candidates.any():
        sub = pc.filter(arr, pa.array(candidates))
        _, bad = parse_timestamp_column(sub, timestamp_pattern, time_zone)
        hit = np.zeros(len(arr), bool)
        hit[np.nonzero(candidates)[0][~bad]] = True
        if take(hit).any():
            result = csv_wider_type(result, TimestampType())
    if remaining.any():
        low = pc.utf8_lower(arr)
        is_bool = take(_mask(pc.equal(low, "true")) | _mask(pc.equal(low, "false")))
        if is_bool.any():
            result = csv_wider_type(result, BooleanType())
    if remaining.any():
        result = StringType()
    return result


_JAVA_DOUBLE_PY = re.compile(_JAVA_DOUBLE_RX)
