"""Date and time functions. TIMESTAMP values are Arrow ``timestamp('us', tz='UTC')``
(instants), TIMESTAMP_NTZ ``timestamp('us')``, DATE ``date32``.

Session time zone: as Spark's ResolveTimeZone, the analyzer gives every time-zone-aware
expression (``ZonedFunction``s, ``_Extract``, ``_Now``, :class:`~.cast.Cast`) the value of
``spark.sql.session.timeZone`` when it resolves it, so the zone travels inside the expression
to the executors. Those expressions read local fields off the instant's wall clock in that
zone (``pc.local_timestamp``) and turn local wall clocks back into instants with
:func:`~.datetime_parse.from_local` (a time in a DST gap moves forward by the gap, an ambiguous
one takes the earlier offset, as Java does). Zone-aware: ``hour``/``minute``/``second``,
``extract``/``date_part``, ``date_format`` (``z``/``Z``/``X``/``x``/``O``/``VV`` print the
session zone's offset or id), ``from_unixtime``, ``unix_timestamp``/``to_unix_timestamp``,
``to_timestamp``/``to_date``/``try_to_*`` (with or without a pattern), ``date_trunc``,
``months_between``, ``make_timestamp`` without a zone argument, ``current_date``,
``localtimestamp``, ``current_timezone``, and casts TIMESTAMP <-> STRING / DATE /
TIMESTAMP_NTZ; the DATE functions (``year``, ``month``, ``dayofweek``, ``trunc``, ``date_add``,
...) get a TIMESTAMP argument through the zone-aware cast to DATE. Not zone-aware, as in
Spark: ``from_utc_timestamp``/``to_utc_timestamp`` (explicit zone), ``unix_seconds`` and
friends, ``timestamp_seconds``, ``window``. Known gaps: ``zzzz`` prints the short zone name
(``PST``) where Java prints ``Pacific Standard Time``, and ``z`` before a zone's first
standard offset prints the tz database's abbreviation (``MMT``, Java: ``IST``).

``date_format`` turns a Spark datetime pattern (``yyyy-MM-dd HH:mm:ss.SSS``, ``EEE``, ``MMM``,
``a``, quoted text...) into per-field string arrays joined together, so formatting is
vectorised; parsing with a pattern goes through Arrow's ``strptime`` when the pattern maps onto
it and Python's otherwise. Under ANSI mode (Spark 4's default) unparseable input raises
``CANNOT_PARSE_TIMESTAMP``; the ``try_`` variants give NULL."""
from __future__ import annotations

import datetime as _dt
import functools
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (BooleanType, DateType, DecimalType, DoubleType, IntegerType,
                     IntegralType, LongType, NullType, StringType, TimestampNTZType,
                     TimestampType)
from .base import Expression, Literal
from .coercion import cast_to
from .datetime_parse import from_local, is_utc, local_view, to_local, zone_id
from .misc_functions import (DateTimeException, IllegalArgumentError, as_array, check_args, fn,
                             is_null_scalar, literal_arg, pylist, rowwise, type_error)
from .scalar import ScalarFunction

S, I, L = StringType(), IntegerType(), LongType()
DATE, TS, NTZ = DateType(), TimestampType(), TimestampNTZType()
_TS_AT = pa.timestamp("us", tz="UTC")
_NTZ_AT = pa.timestamp("us")
_MICROS_PER_DAY = 86_400_000_000

__all__ = ["DateAdd", "DateDiff", "format_datetime", "spark_pattern_to_strptime",
           "ZonedFunction"]


class ZonedFunction(ScalarFunction):
    """A :class:`ScalarFunction` whose kernel depends on the session time zone (Spark's
    ``TimeZoneAwareExpression``). The analyzer calls :meth:`with_time_zone` with the session
    zone; the kernel is called as ``kernel(*args, n, zone=...)``, UTC until then."""
    time_zone_aware = True
    time_zone = None

    def __init__(self, name, children, tz_kernel, result_type, input_types=None, **kw):
        super().__init__(name, children, functools.partial(tz_kernel, zone="UTC"),
                         result_type, input_types, **kw)
        self.tz_kernel = tz_kernel

    def with_time_zone(self, zone):
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.time_zone = zone
        clone.kernel = functools.partial(self.tz_kernel, zone=zone)
        return clone


def zfn(name, args, kernel, result_type, input_types=None, **kw) -> ZonedFunction:
    return ZonedFunction(name, list(args), kernel, result_type, input_types, **kw)


def _ts_type(ts, i):
    t = ts[i]
    return t if isinstance(t, (TimestampType, TimestampNTZType)) else TS


def _keep(arr_or_scalar, n):
    return arr_or_scalar


def _scalar_out(res, *args):
    if all(isinstance(a, pa.Scalar) for a in args) and isinstance(res, pa.Array) and len(res):
        return res[0]
    return res


def _micros(a) -> pa.Array:
    """int64 microseconds since the epoch of a timestamp (or date) array."""
    if pa.types.is_date32(a.type):
        return pc.multiply(pc.cast(pc.cast(a, pa.int32()), pa.int64()), _MICROS_PER_DAY)
    return pc.cast(a, pa.int64())


def _days(a) -> pa.Array:
    if pa.types.is_date32(a.type):
        return pc.cast(a, pa.int32())
    m = _np_vals(_micros(a))
    return pa.array(np.floor_divide(m[0], _MICROS_PER_DAY).astype(np.int32),
                    mask=m[1] if m[1].any() else None)


def _np_vals(a):
    mask = np.asarray(a.is_null().to_numpy(zero_copy_only=False))
    vals = np.asarray(pc.fill_null(a, 0).to_numpy(zero_copy_only=False))
    return vals, mask


def _as_ts(a) -> pa.Array:
    """A TIMESTAMP-like Arrow array for date or timestamp input."""
    if pa.types.is_date32(a.type):
        return pc.cast(_micros(a), _TS_AT)
    return a


# -- pattern handling ------------------------------------------------------------------------
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.S)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _tokens(pattern: str):
    for m in _TOKEN.finditer(pattern):
        t = m.group(0)
        if t.startswith("'"):
            yield ("lit", "'" if t == "''" else t[1:-1].replace("''", "'"))
        elif t[0].isalpha():
            yield ("field", t)
        else:
            yield ("lit", t)


def _week_based(pattern, letter):
    return IllegalArgumentError(
        "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN] You may get a "
        "different result due to the upgrading to Spark >= 3.0: All week-based patterns are "
        f"unsupported since Spark 3.0, detected week-based character: {letter}. Please use the "
        "SQL function EXTRACT instead. SQLSTATE: 42K0B",
        "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN")


def _pad(int_arr, width):
    s = pc.cast(int_arr, pa.string())
    return pc.utf8_lpad(s, width, "0") if width > 1 else s


def _offset_texts(offs: np.ndarray, style: str, width: int) -> pa.Array:
    """Per-row UTC offsets (seconds) as Java's zone-offset pattern letters print them."""
    uniq, inv = np.unique(offs, return_inverse=True)
    texts = []
    for o in uniq.tolist():
        sign = "-" if o < 0 else "+"
        hh, rem = divmod(abs(int(o)), 3600)
        mm, ss = divmod(rem, 60)
        # Java drops the seconds of an offset for Z..ZZZ, X..XXX and x..xxx
        short = style in "ZXx" and width <= 3
        hm = f"{hh:02d}{mm:02d}" + (f"{ss:02d}" if ss and not short else "")
        hcm = f"{hh:02d}:{mm:02d}" + (f":{ss:02d}" if ss and not short else "")
        if style == "Z":
            t = (("GMT" if o == 0 else f"GMT{sign}{hcm}") if width == 4 else
                 ("Z" if o == 0 else sign + hcm) if width == 5 else sign + hm)
        elif style in "Xx":
            if o == 0 and style == "X":
                t = "Z"
            elif width == 1:
                t = sign + (f"{hh:02d}" if not mm else f"{hh:02d}{mm:02d}")
            else:
                t = sign + (hm if width in (2, 4) else hcm)
        else:  # O
            if o == 0:
                t = "GMT"
            elif width == 4:
                t = f"GMT{sign}{hcm}"
            else:
                t = f"GMT{sign}{hh}" + (f":{mm:02d}" if mm or ss else "") + \
                    (f":{ss:02d}" if ss else "")
        texts.append(t)
    return pc.take(pa.array(texts, pa.string()), pa.array(inv.reshape(-1), pa.int64()))


def _zone_names(inst: pa.Array, zone: str, full: bool) -> pa.Array:
    """Short zone names (``PST``/``PDT``, ``IST``) per instant; an offset zone prints itself."""
    zid = zone_id(zone)
    if zid[0] in "+-":
        return pa.repeat(pa.scalar(zid), len(inst))
    from zoneinfo import ZoneInfo
    z = ZoneInfo(zid)
    out = [None if v is None else v.astimezone(z).tzname()
           for v in inst.cast(_TS_AT).to_pylist()]
    return pa.array(out, pa.string())


def format_datetime(ts: pa.Array, pattern: str, zone="UTC") -> pa.Array:
    """Format a timestamp array with a Spark datetime pattern: TIMESTAMP instants in the
    wall clock of ``zone`` (the session time zone), TIMESTAMP_NTZ / DATE as they are."""
    ts = _as_ts(ts)
    utc = is_utc(zone)
    inst = None
    if not utc and pa.types.is_timestamp(ts.type):
        if ts.type.tz is not None:
            inst, ts = ts, to_local(ts, zone)
        else:
            inst = from_local(ts, zone)
    if pa.types.is_timestamp(ts.type) and ts.type.tz is None:
        ts = pc.cast(pc.cast(ts, pa.int64()), _TS_AT)
    parts = []
    cache = {}

    def offsets():
        if "offs" not in cache:
            local = _np_vals(pc.cast(ts, pa.int64()))[0]
            cache["offs"] = np.floor_divide(local - _np_vals(pc.cast(inst, pa.int64()))[0],
                                            1_000_000)
        return cache["offs"]

    def f(name):
        if name not in cache:
            cache[name] = getattr(pc, name)(ts)
        return cache[name]
    for kind, tok in _tokens(pattern):
        if kind == "lit":
            parts.append(pa.scalar(tok))
            continue
        c, w = tok[0], len(tok)
        if c in "yu" and c == "y":
            y = f("year")
            parts.append(_pad(pc.subtract(y, pc.multiply(pc.divide(y, 100), 100)), 2)
                         if w == 2 else _pad(y, w if w > 2 else 1))
        elif c in "ML":
            mo = f("month")
            if w >= 4:
                parts.append(pc.take(pa.array(_MONTHS), pc.subtract(mo, 1)))
            elif w == 3:
                parts.append(pc.take(pa.array([m[:3] for m in _MONTHS]), pc.subtract(mo, 1)))
            else:
                parts.append(_pad(mo, w))
        elif c == "d":
            parts.append(_pad(f("day"), w))
        elif c == "D":
            parts.append(_pad(f("day_of_year"), w))
        elif c == "H":
            parts.append(_pad(f("hour"), w))
        elif c == "k":
            h = f("hour")
            parts.append(_pad(pc.if_else(pc.equal(h, 0), 24, h), w))
        elif c == "K":
            parts.append(_pad(pc.subtract(f("hour"), pc.multiply(pc.divide(f("hour"), 12), 12)), w))
        elif c == "h":
            h12 = pc.subtract(f("hour"), pc.multiply(pc.divide(f("hour"), 12), 12))
            parts.append(_pad(pc.if_else(pc.equal(h12, 0), 12, h12), w))
        elif c == "m":
            parts.append(_pad(f("minute"), w))
        elif c == "s":
            parts.append(_pad(f("second"), w))
        elif c == "S":
            frac = pc.add(pc.multiply(pc.cast(f("millisecond"), pa.int64()), 1000),
                          pc.cast(f("microsecond"), pa.int64()))
            digits = _pad(frac, 6)
            if w <= 6:
                parts.append(pc.utf8_slice_codeunits(digits, 0, w))
            else:
                parts.append(pc.binary_join_element_wise(digits, pa.scalar("0" * (w - 6)),
                                                         pa.scalar("")))
        elif c == "a":
            parts.append(pc.if_else(pc.less(f("hour"), 12), "AM", "PM"))
        elif c == "E":
            dow = f("day_of_week")
            names = _DAYS if w >= 4 else [x[:3] for x in _DAYS]
            parts.append(pc.take(pa.array(names), dow))
        elif c in "Qq":
            q = f("quarter")
            if w <= 2:
                parts.append(_pad(q, w))
            elif w == 3:
                parts.append(pc.binary_join_element_wise(pa.scalar("Q"), pc.cast(q, pa.string()),
                                                         pa.scalar("")))
            else:
                parts.append(pc.take(pa.array(["1st quarter", "2nd quarter", "3rd quarter",
                                               "4th quarter"]), pc.subtract(q, 1)))
        elif c == "G":
            parts.append(pa.scalar("AD" if w < 4 else "Anno Domini"))
        elif c == "z" and not utc:
            parts.append(_zone_names(inst, zone, w >= 4))
        elif c == "z":
            parts.append(pa.scalar("UTC" if w < 4 else "Coordinated Universal Time"))
        elif c == "V":
            parts.append(pa.scalar("UTC" if utc else zone_id(zone)))
        elif c in "ZXxO" and not utc:
            parts.append(_offset_texts(offsets(), c, w))
        elif c == "Z":
            parts.append(pa.scalar("Z" if w == 5 else ("GMT" if w == 4 else "+0000")))
        elif c in "Xx":
            parts.append(pa.scalar("Z" if c == "X" else {1: "+00", 2: "+0000"}.get(w, "+00:00")))
        elif c == "O":
            parts.append(pa.scalar("GMT"))
        elif c in "uYwWe c":
            raise _week_based(pattern, c)
        else:
            raise IllegalArgumentError(
                f"[INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER] Unrecognized datetime pattern: "
                f"{pattern}. Illegal pattern character found in datetime pattern: {c}. "
                "SQLSTATE: 22007", "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER")
    if not parts:
        return pc.if_else(pc.is_null(ts), pa.scalar(None, pa.string()), "")
    arrays = [p for p in parts]
    out = pc.binary_join_element_wise(*arrays, pa.scalar(""))
    if isinstance(out, pa.Scalar):
        out = pa.repeat(out, len(ts))
    return pc.if_else(pc.is_null(ts), pa.scalar(None, pa.string()), out)


_STRPTIME = {"yyyy": "%Y", "yyy": "%Y", "y": "%Y", "MM": "%m", "M": "%m", "MMM": "%b",
             "MMMM": "%B", "dd": "%d", "d": "%d", "HH": "%H", "H": "%H", "mm": "%M", "m": "%M",
             "ss": "%S", "s": "%S", "hh": "%I", "h": "%I", "a": "%p", "EEE": "%a",
             "EEEE": "%A", "E": "%a", "DDD": "%j", "D": "%j", "yy": "%y"}


def spark_pattern_to_strptime(pattern: str):
    """(strptime format, has_fraction, has_zone) or None when the pattern has no mapping."""
    out, frac = [], False
    for kind, tok in _tokens(pattern):
        if kind == "lit":
            out.append(tok.replace("%", "%%"))
            continue
        if tok[0] == "S":
            out.append("%f")
            frac = True
            continue
        if tok[0] in "XZx":
            out.append("%z")
            continue
        if tok[0] == "u":
            raise _week_based(pattern, "u")
        m = _STRPTIME.get(tok)
        if m is None:
            return None
        out.append(m)
    return "".join(out), frac


def _parse_error(text, fn_name):
    try_name = "try_to_date" if fn_name == "to_date" else "try_to_timestamp"
    return DateTimeException(
        f"Text '{text}' could not be parsed. Use `{try_name}` to tolerate invalid input string "
        "and return NULL instead. SQLSTATE: 22007", "CANNOT_PARSE_TIMESTAMP")


def parse_with_pattern(arr: pa.Array, pattern: str, ansi: bool, fn_name: str) -> pa.Array:
    """Parse strings into naive micros-precision timestamps (wall clock = UTC)."""
    conv = spark_pattern_to_strptime(pattern)
    if conv is None:
        raise IllegalArgumentError(
            f"[INVALID_DATETIME_PATTERN] Unrecognized datetime pattern: {pattern}. "
            "SQLSTATE: 22007", "INVALID_DATETIME_PATTERN")
    fmt, frac = conv
    out = None
    if not frac and "%z" not in fmt and "%j" not in fmt and "%a" not in fmt and "%A" not in fmt:
        try:
            out = pc.strptime(arr, format=fmt, unit="us", error_is_null=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            out = None
    if out is None:
        vals = []
        for s in arr.to_pylist():
            if s is None:
                vals.append(None)
                continue
            try:
                v = _dt.datetime.strptime(s, fmt)
                if v.tzinfo is not None:
                    v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
                vals.append(v)
            except ValueError:
                vals.append(None)
        out = pa.array(vals, type=_NTZ_AT)
    if ansi:
        bad = pc.and_(arr.is_valid(), out.is_null())
        if pc.any(bad).as_py():
            raise _parse_error(arr[pc.index(bad, True).as_py()].as_py(), fn_name)
    return out


def parse_instants(arr: pa.Array, pattern: str, ansi: bool, fn_name: str,
                   zone="UTC") -> pa.Array:
    """Parse strings into TIMESTAMP instants: a pattern with an offset (``Z``, ``X``, ``x``)
    gives the instant it names, otherwise the text is a wall clock in ``zone``."""
    naive = parse_with_pattern(arr, pattern, ansi, fn_name)
    if is_utc(zone) or any(t[0] in "XZx" for k, t in _tokens(pattern) if k == "field"):
        return pc.cast(pc.cast(naive, pa.int64()), _TS_AT)
    return from_local(naive, zone)


# -- current date / time ---------------------------------------------------------------------
class _Now(Expression):
    children = ()

    time_zone_aware = True
    time_zone = None

    def __init__(self, name, kind):
        self.label, self.kind = name, kind

    def with_time_zone(self, zone):
        clone = _Now(self.label, self.kind)
        clone.time_zone = zone
        return clone

    @property
    def data_type(self):
        return {"date": DATE, "ts": TS, "ntz": NTZ, "tz": S}[self.kind]

    @property
    def nullable(self):
        return False

    @property
    def foldable(self):
        return False

    @property
    def deterministic(self):
        return False

    def eval(self, batch):
        now = _dt.datetime.now(_dt.timezone.utc)
        zone = self.time_zone or "UTC"
        if self.kind == "tz":
            return pa.scalar(str(zone), pa.string())
        if self.kind == "ts":
            return pa.scalar(now, _TS_AT)
        if not is_utc(zone):
            now = to_local(pa.array([now], _TS_AT), zone)[0].as_py()
        if self.kind == "date":
            return pa.scalar(now.date(), pa.date32())
        return pa.scalar(now.replace(tzinfo=None), _NTZ_AT)

    def sql(self):
        return f"{self.label}()"

    def _fields_key(self):
        return (self.label,)


for _n, _k in (("current_date", "date"), ("curdate", "date"), ("current_timestamp", "ts"),
               ("now", "ts"), ("localtimestamp", "ntz"), ("current_timezone", "tz")):
    register(_n)((lambda nm, kd: lambda args, distinct=False: _Now(nm, kd))(_n, _k))


# -- formatting and parsing ------------------------------------------------------------------
def _date_format_kernel(ts, fmt, n, zone="UTC"):
    if not isinstance(fmt, pa.Scalar):
        at = ts.type if ts.type != pa.null() else _TS_AT
        return rowwise(lambda t, f: format_datetime(pa.array([t], at), f, zone)[0].as_py(),
                       pa.string(), [ts, fmt], n)
    if not fmt.is_valid or is_null_scalar(ts):
        return pa.scalar(None, pa.string())
    return _scalar_out(format_datetime(as_array(ts, n), fmt.as_py(), zone), ts)


@register("date_format")
def _date_format(args, distinct=False):
    check_args("date_format", args, 2)
    return zfn("date_format", args, _date_format_kernel, S, [_ts_type, S])


def _to_dt_builder(name, target, try_=False):
    def build(args, distinct=False):
        check_args(name, args, 1, 2)
        src = args[0].data_type
        if len(args) == 1:
            from .cast import Cast
            display = (lambda ch: f"{name}({ch[0].sql()})")
            c = Cast(args[0], target, try_=try_)
            from .misc_functions import Renamed
            return Renamed(c.coerce(), lambda: display(args))
        ntz = isinstance(target, TimestampNTZType)

        def parse(arr, pattern, zone):
            if ntz:
                return parse_with_pattern(arr, pattern, not try_, name)
            return parse_instants(arr, pattern, not try_, name, zone)

        def kernel(s, f, n, zone="UTC"):
            if is_null_scalar(s) or is_null_scalar(f):
                return pa.scalar(None, _arrow(target))
            if not pa.types.is_string(s.type):
                arr = as_array(s, n)
                return _scalar_out(_convert_dt(arr, target, zone), s)
            arr = as_array(s, n)
            if isinstance(f, pa.Scalar):
                parsed = parse(arr, f.as_py(), zone)
            else:
                parts = [parse(pa.array([x]), y, zone)[0].as_py()
                         if x is not None and y is not None else None
                         for x, y in zip(arr.to_pylist(), pylist(f, n))]
                parsed = pa.array(parts, _NTZ_AT if ntz else _TS_AT)
            return _scalar_out(_convert_dt(parsed, target, zone), s)
        in0 = None if isinstance(src, (DateType, TimestampType, TimestampNTZType)) else S
        return zfn(name, args, kernel, target, [in0, S], nullable=True)
    return build


def _arrow(t):
    return pa.date32() if isinstance(t, DateType) else (_NTZ_AT if isinstance(t, TimestampNTZType)
                                                        else _TS_AT)


def _convert_dt(arr, target, zone="UTC"):
    """Date/timestamp/naive-timestamp array -> target type, as Spark's casts between them in
    the session time zone ``zone``."""
    at = _arrow(target)
    if arr.type == at:
        return arr
    if not is_utc(zone):
        src = arr.type
        if pa.types.is_timestamp(src) and src.tz is not None:      # TIMESTAMP -> local
            wall = to_local(arr, zone)
            return pc.cast(wall, pa.date32()) if isinstance(target, DateType) else wall
        if isinstance(target, TimestampType):                        # DATE / NTZ -> instant
            naive = pc.cast(_micros(arr), _NTZ_AT)
            return from_local(naive, zone)
    if isinstance(target, DateType):
        return pc.cast(_days(arr), pa.date32())
    return pc.cast(_micros(arr), at)


register("to_date")(_to_dt_builder("to_date", DATE))
register("try_to_date")(_to_dt_builder("try_to_date", DATE, True))
register("to_timestamp")(_to_dt_builder("to_timestamp", TS))
register("to_timestamp_ltz")(_to_dt_builder("to_timestamp_ltz", TS))
register("try_to_timestamp")(_to_dt_builder("try_to_timestamp", TS, True))
register("to_timestamp_ntz")(_to_dt_builder("to_timestamp_ntz", NTZ))

_DEFAULT_FMT = "yyyy-MM-dd HH:mm:ss"


def _unix_ts_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 0, 2)
        if not args:
            args = [_Now("current_timestamp", "ts")]
        if len(args) == 1:
            args = list(args) + [Literal(_DEFAULT_FMT, S)]

        def kernel(t, f, n, zone="UTC"):
            if is_null_scalar(t) or is_null_scalar(f):
                return pa.scalar(None, pa.int64())
            arr = as_array(t, n)
            if pa.types.is_string(arr.type) and not isinstance(f, pa.Scalar):
                arr = _parse_per_format(arr, pylist(f, n), zone)
            elif pa.types.is_string(arr.type):
                arr = parse_instants(arr, f.as_py(), True, "to_timestamp", zone)
            elif pa.types.is_date32(arr.type) and not is_utc(zone):
                arr = _convert_dt(arr, TS, zone)
            m = _np_vals(_micros(arr))
            # seconds truncated toward zero (Java's long division), not floored
            secs = np.sign(m[0]) * (np.abs(m[0]) // 1_000_000)
            out = pa.array(secs, pa.int64(), mask=m[1] if m[1].any() else None)
            return _scalar_out(out, t)
        src = args[0].data_type
        in0 = None if isinstance(src, (DateType, TimestampType, TimestampNTZType, StringType)) \
            else S
        return zfn(name, args, kernel, L, [in0, S], nullable=True)
    return build


def _parse_per_format(arr, formats, zone):
    """Strings parsed with a format per row (a format column): each distinct format parses
    its own rows at once; rows with a NULL format are NULL."""
    out = pa.nulls(len(arr), _TS_AT)
    fmts = pa.array(formats, pa.string())
    for f in set(x for x in formats if x is not None):
        mask = pc.fill_null(pc.equal(fmts, f), False)
        parsed = parse_instants(arr.filter(mask), f, True, "to_timestamp", zone)
        out = pc.replace_with_mask(out, mask, parsed)
    return out


register("unix_timestamp")(_unix_ts_builder("unix_timestamp"))
register("to_unix_timestamp")(_unix_ts_builder("to_unix_timestamp"))


@register("from_unixtime")
def _from_unixtime(args, distinct=False):
    check_args("from_unixtime", args, 1, 2)
    if len(args) == 1:
        args = list(args) + [Literal(_DEFAULT_FMT, S)]

    def kernel(secs, f, n, zone="UTC"):
        if is_null_scalar(secs) or is_null_scalar(f):
            return pa.scalar(None, pa.string())
        arr = as_array(secs, n)
        ts = pc.cast(pc.multiply_checked(pc.cast(arr, pa.int64()), 1_000_000), _TS_AT)
        return _scalar_out(format_datetime(ts, f.as_py(), zone), secs)
    return zfn("from_unixtime", args, kernel, S, [L, S])


# -- field extraction ------------------------------------------------------------------------
def _field_builder(name, compute, on_timestamp=False, rtype=I):
    def kernel(a, n, zone="UTC"):
        if is_null_scalar(a):
            return pa.scalar(None, pa.int32())
        arr = local_view(as_array(a, n), zone)
        out = pc.cast(compute(_as_ts(arr)), pa.int32())
        return _scalar_out(out, a)

    def build(args, distinct=False):
        check_args(name, args, 1)
        if on_timestamp:
            return zfn(name, args, kernel, rtype, [_ts_type])
        # a TIMESTAMP argument reaches these as a (time-zone aware) cast to DATE
        return fn(name, args, kernel, rtype, [DATE])
    return build


_FIELDS = {
    "year": (pc.year, False), "quarter": (pc.quarter, False), "month": (pc.month, False),
    "dayofmonth": (pc.day, False), "day": (pc.day, False),
    "dayofweek": (lambda t: pc.day_of_week(t, count_from_zero=False, week_start=7), False),
    "weekday": (pc.day_of_week, False), "dayofyear": (pc.day_of_year, False),
    "weekofyear": (pc.iso_week, False), "hour": (pc.hour, True), "minute": (pc.minute, True),
    "second": (pc.second, True),
}
for _n, (_f, _on_ts) in _FIELDS.items():
    register(_n)(_field_builder(_n, _f, _on_ts))


def _name_builder(name, names, compute):
    def build(args, distinct=False):
        check_args(name, args, 1)

        def kernel(a, n):
            if is_null_scalar(a):
                return pa.scalar(None, pa.string())
            arr = _as_ts(as_array(a, n))
            return _scalar_out(pc.take(pa.array(names), compute(arr)), a)
        return fn(name, args, kernel, S, [DATE])
    return build


register("dayname")(_name_builder("dayname", [d[:3] for d in _DAYS], pc.day_of_week))
register("monthname")(_name_builder("monthname", [m[:3] for m in _MONTHS],
                                    lambda t: pc.subtract(pc.month(t), 1)))

_EXTRACT = {
    "YEAR": "year", "Y": "year", "YEARS": "year", "YR": "year", "YRS": "year",
    "QUARTER": "quarter", "QTR": "quarter",
    "MONTH": "month", "MON": "month", "MONS": "month", "MONTHS": "month",
    "WEEK": "weekofyear", "W": "weekofyear", "WEEKS": "weekofyear",
    "DAY": "day", "D": "day", "DAYS": "day",
    "DAYOFWEEK": "dayofweek", "DOW": "dayofweek",
    "DAYOFWEEK_ISO": "dow_iso", "DOW_ISO": "dow_iso",
    "DOY": "dayofyear",
    "HOUR": "hour", "H": "hour", "HOURS": "hour", "HR": "hour", "HRS": "hour",
    "MINUTE": "minute", "M": "minute", "MIN": "minute", "MINS": "minute", "MINUTES": "minute",
    "SECOND": "second", "S": "second", "SEC": "second", "SECONDS": "second", "SECS": "second",
}


class _Extract(ScalarFunction):
    time_zone_aware = True
    time_zone = None

    def __init__(self, label, field_expr, source, style):
        super().__init__(label, [field_expr, source], None, None)
        self.style = style

    def with_time_zone(self, zone):
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.time_zone = zone
        return clone

    def _field(self):
        v = literal_arg(self.children[0], "field")
        key = str(v).upper()
        if key not in _EXTRACT:
            raise AnalysisException(
                f"[INVALID_EXTRACT_FIELD] Cannot extract {v} from {self.children[1].sql()}. "
                "SQLSTATE: 42601", "INVALID_EXTRACT_FIELD")
        return _EXTRACT[key]

    @property
    def data_type(self):
        return DecimalType(8, 6) if self._field() == "second" else I

    def coerce(self):
        f = self._field()
        src = self.children[1].data_type
        if f in ("hour", "minute", "second"):
            t = src if isinstance(src, (TimestampType, TimestampNTZType)) else TS
        else:
            t = src if isinstance(src, (DateType, TimestampType, TimestampNTZType)) else DATE
        return self.with_children([self.children[0], cast_to(self.children[1], t)])

    def eval(self, batch):
        n = batch.num_rows
        a = self.children[1].eval(batch)
        f = self._field()
        if is_null_scalar(a):
            return pa.scalar(None, pa.int32() if f != "second" else pa.decimal128(8, 6))
        ts = _as_ts(local_view(as_array(a, n), self.time_zone or "UTC"))
        if f == "second":
            m = _np_vals(_micros(ts))
            secs = np.mod(m[0], 60_000_000)
            import decimal
            vals = [None if bad else decimal.Decimal(int(v)).scaleb(-6)
                    for v, bad in zip(secs, m[1])]
            out = pa.array(vals, pa.decimal128(8, 6))
        elif f == "dow_iso":
            out = pc.cast(pc.day_of_week(ts, count_from_zero=False), pa.int32())
        else:
            out = pc.cast(_FIELDS[f][0](ts), pa.int32())
        return _scalar_out(out, a)

    def sql(self):
        field = self.children[0].sql()
        if self.style == "extract":
            return f"{self.fn_name}({field} FROM {self.children[1].sql()})"
        return f"{self.fn_name}({field}, {self.children[1].sql()})"


@register("extract")
def _extract(args, distinct=False):
    check_args("extract", args, 2)
    return _Extract("extract", args[0], args[1], "extract")


@register("date_part")
def _date_part(args, distinct=False):
    check_args("date_part", args, 2)
    return _Extract("date_part", args[0], args[1], "call")


@register("datepart")
def _datepart(args, distinct=False):
    check_args("datepart", args, 2)
    return _Extract("datepart", args[0], args[1], "extract")


# -- date arithmetic -------------------------------------------------------------------------
def _int_days_type(expr, i, fname):
    t = expr.children[i].data_type
    if not isinstance(t, (IntegerType, NullType)) and not (
            isinstance(t, IntegralType) and not isinstance(t, LongType)):
        if isinstance(t, StringType):
            return I
        raise type_error(expr, i + 1, "(\"INT\" or \"SMALLINT\" or \"TINYINT\")", t)
    return I


class DateAdd(ScalarFunction):
    """``date_add(start, days)`` (also ``date + int`` / ``date - int`` from arithmetic)."""

    def __init__(self, start, days, name="date_add"):
        super().__init__(name, [start, days], None, DATE)

    def coerce(self):
        _int_days_type(self, 1, self.fn_name)
        return self.with_children([cast_to(self.children[0], DATE),
                                   cast_to(self.children[1], I)])

    def eval(self, batch):
        a, b = self.children[0].eval(batch), self.children[1].eval(batch)
        if is_null_scalar(a) or is_null_scalar(b):
            return pa.scalar(None, pa.date32())
        days = pc.cast(a, pa.int32())
        try:
            out = pc.add_checked(days, pc.cast(b, pa.int32()))
        except pa.ArrowInvalid:
            from .arithmetic import overflow_error
            raise overflow_error("add") from None
        return pc.cast(out, pa.date32())

    def sql(self):
        from .arithmetic import UnaryMinus
        d = self.children[1]
        if self.fn_name == "date_add" and isinstance(d, UnaryMinus):
            return f"date_sub({self.children[0].sql()}, {d.children[0].sql()})"
        return f"{self.fn_name}({self.children[0].sql()}, {d.sql()})"


class DateSub(DateAdd):
    def __init__(self, start, days, name="date_sub"):
        super().__init__(start, days, name)

    def eval(self, batch):
        a, b = self.children[0].eval(batch), self.children[1].eval(batch)
        if is_null_scalar(a) or is_null_scalar(b):
            return pa.scalar(None, pa.date32())
        try:
            out = pc.subtract_checked(pc.cast(a, pa.int32()), pc.cast(b, pa.int32()))
        except pa.ArrowInvalid:
            from .arithmetic import overflow_error
            raise overflow_error("subtract") from None
        return pc.cast(out, pa.date32())


@register("date_add")
def _date_add(args, distinct=False):
    check_args("date_add", args, 2)
    return DateAdd(args[0], args[1])


@register("dateadd")
def _dateadd(args, distinct=False):
    check_args("dateadd", args, 2)
    return DateAdd(args[0], args[1])


@register("date_sub")
def _date_sub(args, distinct=False):
    check_args("date_sub", args, 2)
    return DateSub(args[0], args[1])


class DateDiff(ScalarFunction):
    """``datediff(end, start)``: days from start to end."""

    def __init__(self, end, start, name="datediff"):
        super().__init__(name, [end, start], None, I)

    def coerce(self):
        return self.with_children([cast_to(c, DATE) for c in self.children])

    def eval(self, batch):
        a, b = self.children[0].eval(batch), self.children[1].eval(batch)
        if is_null_scalar(a) or is_null_scalar(b):
            return pa.scalar(None, pa.int32())
        return pc.subtract(pc.cast(a, pa.int32()), pc.cast(b, pa.int32()))


@register("datediff")
def _datediff(args, distinct=False):
    check_args("datediff", args, 2)
    return DateDiff(args[0], args[1])


@register("date_diff")
def _date_diff(args, distinct=False):
    check_args("date_diff", args, 2)
    return DateDiff(args[0], args[1], "date_diff")


def _civil(days: np.ndarray):
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    y = m.astype("datetime64[Y]")
    year = y.astype(np.int64) + 1970
    month = (m - y).astype(np.int64) + 1
    day = (d - m).astype(np.int64) + 1
    return year, month, day, m


def _month_len(m: np.ndarray):
    return ((m + 1).astype("datetime64[D]") - m.astype("datetime64[D]")).astype(np.int64)


def _add_months_kernel(a, b, n):
    if is_null_scalar(a) or is_null_scalar(b):
        return pa.scalar(None, pa.date32())
    days, md = _np_vals(pc.cast(as_array(a, n), pa.int32()))
    k, mk = _np_vals(pc.cast(as_array(b, n), pa.int32()))
    _, _, day, m = _civil(days)
    nm = m + k.astype("timedelta64[M]")
    nd = np.minimum(day, _month_len(nm))
    res = (nm.astype("datetime64[D]") + (nd - 1).astype("timedelta64[D]")).astype(np.int64)
    out = pa.array(res.astype(np.int32), pa.int32(), mask=(md | mk) if (md | mk).any() else None)
    return _scalar_out(pc.cast(out, pa.date32()), a, b)


@register("add_months")
def _add_months(args, distinct=False):
    check_args("add_months", args, 2)
    return fn("add_months", args, _add_months_kernel, DATE, [DATE, I])


def _since_local_midnight(arr, days, zone):
    """For TIMESTAMP instants: local midnight's micros plus the time elapsed since it."""
    if not (pa.types.is_timestamp(arr.type) and arr.type.tz is not None):
        return _np_vals(_micros(arr))[0]
    start = from_local(pa.array(days * _MICROS_PER_DAY, pa.int64()).cast(_NTZ_AT), zone)
    return days * _MICROS_PER_DAY + (_np_vals(_micros(arr))[0] - _np_vals(_micros(start))[0])


def _months_between_kernel(a, b, r, n, zone="UTC"):
    if is_null_scalar(a) or is_null_scalar(b):
        return pa.scalar(None, pa.float64())
    round_off = True if not isinstance(r, pa.Scalar) else bool(r.as_py())
    # Spark compares the two wall clocks in the session time zone
    aa, ba = as_array(a, n), as_array(b, n)
    m1, k1 = _np_vals(_micros(local_view(aa, zone)))
    m2, k2 = _np_vals(_micros(local_view(ba, zone)))
    d1, d2 = np.floor_divide(m1, _MICROS_PER_DAY), np.floor_divide(m2, _MICROS_PER_DAY)
    if not is_utc(zone):
        # Spark's time of day is the time elapsed since the local day's start (an hour more
        # or less than the wall clock on a DST day)
        m1, m2 = (_since_local_midnight(x, d, zone) for x, d in ((aa, d1), (ba, d2)))
    y1, mo1, day1, mm1 = _civil(d1)
    y2, mo2, day2, mm2 = _civil(d2)
    month_diff = (y1 * 12 + mo1) - (y2 * 12 + mo2)
    last1 = day1 == _month_len(mm1)
    last2 = day2 == _month_len(mm2)
    # Spark compares the time of day in whole seconds
    t1 = (m1 - d1 * _MICROS_PER_DAY) // 1_000_000
    t2 = (m2 - d2 * _MICROS_PER_DAY) // 1_000_000
    secs = (day1 - day2) * 86_400 + t1 - t2
    diff = month_diff + secs / (31.0 * 86_400)
    whole = (day1 == day2) | (last1 & last2)
    diff = np.where(whole, month_diff.astype(np.float64), diff)
    if round_off:
        from .math_functions import _round_doubles
        diff = _round_doubles(diff, 8, False)
    mask = k1 | k2
    out = pa.array(diff, pa.float64(), mask=mask if mask.any() else None)
    return _scalar_out(out, a, b)


@register("months_between")
def _months_between(args, distinct=False):
    check_args("months_between", args, 2, 3)
    if len(args) == 2:
        args = list(args) + [Literal(True, BooleanType())]
    return zfn("months_between", args, _months_between_kernel, DoubleType(),
              [_ts_type, _ts_type, BooleanType()])


def _last_day_kernel(a, n):
    if is_null_scalar(a):
        return pa.scalar(None, pa.date32())
    days, mask = _np_vals(pc.cast(as_array(a, n), pa.int32()))
    m = days.astype("datetime64[D]").astype("datetime64[M]")
    res = ((m + 1).astype("datetime64[D]") - np.timedelta64(1, "D")).astype(np.int64)
    out = pa.array(res.astype(np.int32), mask=mask if mask.any() else None)
    return _scalar_out(pc.cast(out, pa.date32()), a)


@register("last_day")
def _last_day(args, distinct=False):
    check_args("last_day", args, 1)
    return fn("last_day", args, _last_day_kernel, DATE, [DATE])


_DOW = {"MO": 0, "MON": 0, "MONDAY": 0, "TU": 1, "TUE": 1, "TUESDAY": 1, "WE": 2, "WED": 2,
        "WEDNESDAY": 2, "TH": 3, "THU": 3, "THURSDAY": 3, "FR": 4, "FRI": 4, "FRIDAY": 4,
        "SA": 5, "SAT": 5, "SATURDAY": 5, "SU": 6, "SUN": 6, "SUNDAY": 6}


def _next_day_kernel(a, dow, n):
    if is_null_scalar(a) or is_null_scalar(dow):
        return pa.scalar(None, pa.date32())
    if not isinstance(dow, pa.Scalar):
        return rowwise(lambda d, w: d + _dt.timedelta(days=(_dow(w) - d.weekday() - 1) % 7 + 1),
                       pa.date32(), [a, dow], n)
    target = _dow(dow.as_py())
    days, mask = _np_vals(pc.cast(as_array(a, n), pa.int32()))
    wd = (days.astype(np.int64) + 3) % 7          # 1970-01-01 was a Thursday (3)
    res = days + ((target - wd - 1) % 7 + 1)
    out = pa.array(res.astype(np.int32), mask=mask if mask.any() else None)
    return _scalar_out(pc.cast(out, pa.date32()), a)


def _dow(w):
    key = str(w).strip().upper()
    if key not in _DOW:
        raise IllegalArgumentError(
            f"[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: {w}. SQLSTATE: 22009",
            "ILLEGAL_DAY_OF_WEEK")
    return _DOW[key]


@register("next_day")
def _next_day(args, distinct=False):
    check_args("next_day", args, 2)
    return fn("next_day", args, _next_day_kernel, DATE, [DATE, S])


_TRUNC_DATE = {"YEAR": "year", "YYYY": "year", "YY": "year", "QUARTER": "quarter",
               "MONTH": "month", "MM": "month", "MON": "month", "WEEK": "week"}
_TRUNC_TS = dict(_TRUNC_DATE, DAY="day", DD="day", HOUR="hour", MINUTE="minute",
                 SECOND="second", MILLISECOND="millisecond", MICROSECOND="microsecond")


def _floor(ts, unit):
    if unit == "microsecond":
        return ts
    return pc.floor_temporal(ts, unit=unit, week_starts_monday=True)


def _trunc_kernel(a, fmt, n):
    if is_null_scalar(a) or is_null_scalar(fmt):
        return pa.scalar(None, pa.date32())
    unit = _TRUNC_DATE.get(str(fmt.as_py()).upper()) if isinstance(fmt, pa.Scalar) else None
    if unit is None:
        return pa.scalar(None, pa.date32())
    out = pc.cast(_floor(as_array(a, n), unit), pa.date32())
    return _scalar_out(out, a)


@register("trunc")
def _trunc(args, distinct=False):
    check_args("trunc", args, 2)
    return fn("trunc", args, _trunc_kernel, DATE, [DATE, S])


def _date_trunc_kernel(fmt, a, n, zone="UTC"):
    at = a.type if not isinstance(a, pa.Scalar) or a.type != pa.null() else _TS_AT
    if is_null_scalar(a) or is_null_scalar(fmt):
        return pa.scalar(None, at)
    unit = _TRUNC_TS.get(str(fmt.as_py()).upper()) if isinstance(fmt, pa.Scalar) else None
    if unit is None:
        return pa.scalar(None, at)
    arr = as_array(a, n)
    if is_utc(zone) or arr.type.tz is None or unit in ("second", "millisecond", "microsecond"):
        return _scalar_out(_floor(arr, unit), a)
    # Spark truncates the wall clock in the session zone (ZonedDateTime.truncatedTo for
    # minutes to days: an ambiguous result keeps the original offset where it can; date
    # levels start the local day: a gap moves forward, an overlap takes the earlier offset)
    wall = _floor(to_local(arr, zone), unit)
    keep = arr if unit in ("minute", "hour", "day") else None
    return _scalar_out(from_local(wall, zone, keep_offset_of=keep), a)


@register("date_trunc")
def _date_trunc(args, distinct=False):
    check_args("date_trunc", args, 2)
    return zfn("date_trunc", args, _date_trunc_kernel,
              lambda ts: ts[1] if isinstance(ts[1], TimestampNTZType) else TS,
              [S, lambda ts, i: ts[1] if isinstance(ts[1], TimestampNTZType) else TS])


# -- construction ----------------------------------------------------------------------------
def _field_error(msg):
    return DateTimeException(f"{msg}.  SQLSTATE: 22023",
                             "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION")


def _check_fields(y, m, d, h=0, mi=0, s=0):
    """java.time's checks, in its order and with its messages (LocalDate.of, LocalTime.of)."""
    for field, v, lo, hi, rng in (("MonthOfYear", m, 1, 12, "1 - 12"),
                                  ("DayOfMonth", d, 1, 31, "1 - 28/31")):
        if not lo <= v <= hi:
            raise _field_error(f"Invalid value for {field} (valid values {rng}): {v}")
    try:
        _dt.date(y, m, d)
    except ValueError:
        raise _field_error(f"Invalid date '{_MONTHS[m - 1].upper()} {d}'") from None
    for field, v, hi in (("HourOfDay", h, 23), ("MinuteOfHour", mi, 59),
                         ("SecondOfMinute", s, 59)):
        if not 0 <= v <= hi:
            raise _field_error(f"Invalid value for {field} (valid values 0 - {hi}): {v}")


def _make_date_py(y, m, d):
    _check_fields(y, m, d)
    return _dt.date(y, m, d)


@register("make_date")
def _make_date(args, distinct=False):
    check_args("make_date", args, 3)
    return fn("make_date", args, lambda y, m, d, n: rowwise(_make_date_py, pa.date32(),
                                                            [y, m, d], n), DATE, [I, I, I])


def _make_ts_py(y, mo, d, h, mi, s, tz=None):
    import decimal
    s = decimal.Decimal(s)
    whole = int(s)
    micros = int((s - whole) * 1_000_000)
    extra = 0
    if whole == 60 and micros == 0:
        whole, extra = 0, 60
    elif whole == 60:
        raise DateTimeException(
            "[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), but "
            f"the provided value is {format(s.normalize(), 'f')}. To avoid this error, use `try_make_timestamp`, which "
            "returns NULL on error.\nIf you do not want to use the session default timestamp "
            "version of this function, use `try_make_timestamp_ntz` or "
            "`try_make_timestamp_ltz`. SQLSTATE: 22023", "INVALID_FRACTION_OF_SECOND")
    _check_fields(y, mo, d, h, mi, whole if s >= 0 else int(s.to_integral_value("ROUND_FLOOR")))
    try:
        base = _dt.datetime(y, mo, d, h, mi, whole, micros)
    except ValueError as e:
        raise DateTimeException(f"{e}. SQLSTATE: 22023",
                                "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION") from None
    base += _dt.timedelta(seconds=extra)
    if tz:
        # a wall clock in a Spark zone id (region, offset, short id such as PST)
        base = from_local(pa.array([base], _NTZ_AT), zone_id(tz))[0].as_py() \
            .replace(tzinfo=None)
    return base


def _make_ts_builder(name, target, try_=False, show_tz=True):
    """make_timestamp[_ltz|_ntz] and their try_ forms (NULL instead of an invalid field);
    Spark leaves the time zone argument out of try_make_timestamp's column name."""
    def build(args, distinct=False):
        check_args(name, args, 6, 7 if target is TS else 6)
        at = _arrow(target)
        display = None if show_tz else \
            (lambda ch: f"{name}({', '.join(c.sql() for c in ch[:6])})")

        def kernel(*a, zone="UTC"):
            n = a[-1]
            session = None if target is not TS or is_utc(zone) else zone_id(zone)

            def one(*vals):
                try:
                    if len(vals) == 6 and session is not None:
                        v = _make_ts_py(*vals, session)
                    else:
                        v = _make_ts_py(*vals)
                except DateTimeException:
                    if try_:
                        return None
                    raise
                return v.replace(tzinfo=_dt.timezone.utc) if target is TS else v
            return rowwise(one, at, list(a[:-1]), n)
        return zfn(name, args, kernel, target, [I, I, I, I, I, DecimalType(16, 6), S],
                   display=display)
    return build


register("make_timestamp")(_make_ts_builder("make_timestamp", TS))
register("make_timestamp_ltz")(_make_ts_builder("make_timestamp_ltz", TS))
register("make_timestamp_ntz")(_make_ts_builder("make_timestamp_ntz", NTZ))
register("try_make_timestamp")(_make_ts_builder("try_make_timestamp", TS, True, False))
register("try_make_timestamp_ltz")(_make_ts_builder("try_make_timestamp_ltz", TS, True))
register("try_make_timestamp_ntz")(_make_ts_builder("try_make_timestamp_ntz", NTZ, True))


def _tz_shift(to_utc):
    def kernel(ts, tz, n):
        if is_null_scalar(ts) or is_null_scalar(tz):
            return pa.scalar(None, _TS_AT)
        arr = as_array(ts, n)
        if not isinstance(tz, pa.Scalar):
            return rowwise(lambda t, z: _shift_one(t, z, to_utc), _TS_AT, [arr, tz], n)
        zone = _zone_name(tz.as_py())
        if to_utc:
            naive = pc.cast(pc.cast(arr, pa.int64()), _NTZ_AT)
            local = pc.assume_timezone(naive, zone, ambiguous="earliest",
                                       nonexistent="earliest")
            out = pc.cast(pc.cast(local, pa.int64()), _TS_AT)
        else:
            wall = pc.local_timestamp(pc.cast(arr, pa.timestamp("us", tz=zone)))
            out = pc.cast(pc.cast(wall, pa.int64()), _TS_AT)
        return _scalar_out(out, ts)
    return kernel


def _zone_name(z):
    """A zone id as Spark resolves it (offsets, GMT+8, short ids such as PST) for Arrow."""
    return zone_id(z)


def _tzinfo(zid):
    if zid[0] in "+-":
        sign = -1 if zid[0] == "-" else 1
        return _dt.timezone(sign * _dt.timedelta(hours=int(zid[1:3]), minutes=int(zid[4:6])))
    if zid == "UTC":
        return _dt.timezone.utc
    from zoneinfo import ZoneInfo
    return ZoneInfo(zid)


def _shift_one(t, z, to_utc):
    zone = _tzinfo(_zone_name(z))
    naive = t.replace(tzinfo=None)
    if to_utc:
        return naive.replace(tzinfo=zone).astimezone(_dt.timezone.utc)
    return t.astimezone(zone).replace(tzinfo=_dt.timezone.utc)


@register("to_utc_timestamp")
def _to_utc_timestamp(args, distinct=False):
    check_args("to_utc_timestamp", args, 2)
    return fn("to_utc_timestamp", args, _tz_shift(True), TS, [TS, S])


@register("from_utc_timestamp")
def _from_utc_timestamp(args, distinct=False):
    check_args("from_utc_timestamp", args, 2)
    return fn("from_utc_timestamp", args, _tz_shift(False), TS, [TS, S])


def _epoch_builder(name, factor, to_ts=True):
    def build(args, distinct=False):
        check_args(name, args, 1)

        def kernel(a, n):
            if is_null_scalar(a):
                return pa.scalar(None, _TS_AT if to_ts else pa.int64())
            arr = as_array(a, n)
            if to_ts:
                if pa.types.is_floating(arr.type) or pa.types.is_decimal(arr.type):
                    micros = pc.cast(pc.multiply(pc.cast(arr, pa.float64()), float(factor)),
                                     pa.int64())
                else:
                    try:
                        micros = pc.multiply_checked(pc.cast(arr, pa.int64()), factor)
                    except pa.ArrowInvalid:
                        from .arithmetic import overflow_error
                        raise overflow_error("multiply") from None
                return _scalar_out(pc.cast(micros, _TS_AT), a)
            m, mask = _np_vals(_micros(arr))
            out = pa.array(np.floor_divide(m, factor), pa.int64(),
                           mask=mask if mask.any() else None)
            return _scalar_out(out, a)
        if to_ts:
            it = None if isinstance(args[0].data_type, (IntegralType, DoubleType, DecimalType)) \
                else L
            return fn(name, args, kernel, TS, [it])
        return fn(name, args, kernel, L, [_ts_type])
    return build


register("timestamp_seconds")(_epoch_builder("timestamp_seconds", 1_000_000))
register("timestamp_millis")(_epoch_builder("timestamp_millis", 1_000))
register("timestamp_micros")(_epoch_builder("timestamp_micros", 1))
register("unix_seconds")(_epoch_builder("unix_seconds", 1_000_000, False))
register("unix_millis")(_epoch_builder("unix_millis", 1_000, False))
register("unix_micros")(_epoch_builder("unix_micros", 1, False))


@register("unix_date")
def _unix_date(args, distinct=False):
    check_args("unix_date", args, 1)
    return fn("unix_date", args, lambda a, n: pc.cast(a, pa.int32()), I, [DATE])


@register("date_from_unix_date")
def _date_from_unix_date(args, distinct=False):
    check_args("date_from_unix_date", args, 1)
    return fn("date_from_unix_date", args, lambda a, n: pc.cast(pc.cast(a, pa.int32()),
                                                                pa.date32()), DATE, [I])
