"""Parsing strings to dates and timestamps the way Spark's CAST does (ISO-8601-ish forms:
``2024-01-02``, ``2024-01-02 03:04:05[.ffffff]``, ``T`` separator, optional zone), and the
session-time-zone helpers the date/time expressions share: :func:`to_local` (a TIMESTAMP
instant -> its wall clock in a zone) and :func:`from_local` (a wall clock in a zone -> the
instant, resolving DST gaps and overlaps as Java's ``ZonedDateTime.of`` does: a nonexistent
local time moves forward by the length of the gap, an ambiguous one takes the earlier
offset). A string without an offset is a wall clock in the session zone."""
from __future__ import annotations

import datetime
import re

import pyarrow as pa
import pyarrow.compute as pc

from ..types import DataType, DateType, TimestampNTZType

__all__ = ["parse_datetime_strings", "zone_id", "is_utc", "to_local", "from_local",
           "local_view"]

_UTC_NAMES = {"UTC", "Z", "GMT", "UT", "ETC/UTC", "ETC/GMT", "ETC/UCT", "UCT", "ZULU",
              "ETC/ZULU", "GMT0", "ETC/GMT0", "ETC/UNIVERSAL", "UNIVERSAL", "ETC/GREENWICH",
              "GREENWICH"}


# java.time.ZoneId.SHORT_IDS: Spark resolves zone ids with this map (``PST``, ``JST``, ...)
_SHORT_IDS = {
    "ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
    "ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
    "BST": "Asia/Dhaka", "CAT": "Africa/Harare", "CNT": "America/St_Johns",
    "CST": "America/Chicago", "CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa",
    "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan", "NST": "Pacific/Auckland",
    "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
    "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
    "EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
}


def zone_id(z) -> str:
    """A Spark zone id (region name, ``+05:30``, ``GMT+8``, ``UTC-01:00``, ``Z``, a short id
    such as ``PST``) as a zone Arrow understands."""
    z = "UTC" if z is None else str(z).strip()
    if z.upper() in _UTC_NAMES:
        return "UTC"
    if z in _SHORT_IDS:
        return _SHORT_IDS[z]
    m = re.fullmatch(r"(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?", z,
                     re.IGNORECASE)
    if m:
        sign, hh, mm = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hh == 0 and mm == 0 and not int(m.group(4) or 0):
            return "UTC"
        return f"{sign}{hh:02d}:{mm:02d}"
    return z


def is_utc(z) -> bool:
    return zone_id(z) == "UTC"


_US = pa.timestamp("us")
_US_UTC = pa.timestamp("us", tz="UTC")


def to_local(arr, zone) -> pa.Array:
    """A TIMESTAMP (instant) array -> naive ``timestamp('us')`` wall clock in ``zone``."""
    arr = arr.cast(_US_UTC) if arr.type.unit != "us" else arr
    if is_utc(zone):
        return pc.cast(pc.cast(arr, pa.int64()), _US)
    return pc.local_timestamp(pc.cast(arr, pa.timestamp("us", tz=zone_id(zone))))


def local_view(arr, zone):
    """The wall clock of a TIMESTAMP array in ``zone``; naive timestamps and dates as they
    are. Field extraction and formatting then read local fields off the result."""
    if pa.types.is_timestamp(arr.type) and arr.type.tz is not None and not is_utc(zone):
        return to_local(arr, zone)
    return arr


def from_local(naive, zone, keep_offset_of=None) -> pa.Array:
    """A naive wall-clock array in ``zone`` -> ``timestamp('us', tz='UTC')`` instants. A time in a
    DST gap moves forward by the gap, an ambiguous one takes the earlier offset (Java's
    ``ZonedDateTime.of``). With ``keep_offset_of`` (instants), an ambiguous time keeps that
    instant's offset where it is valid (``ZonedDateTime.truncatedTo``)."""
    if isinstance(naive, pa.ChunkedArray):
        naive = naive.combine_chunks()
    if naive.type != _US:
        naive = pc.cast(naive, _US)
    wall = pc.cast(naive, pa.int64())
    if is_utc(zone):
        return pc.cast(wall, _US_UTC)
    zone = zone_id(zone)
    first = pc.assume_timezone(naive, zone, ambiguous="earliest", nonexistent="earliest")
    inst = pc.cast(first, pa.int64())
    back = pc.cast(pc.local_timestamp(first), pa.int64())
    # in a gap, "earliest" gives the last instant before the transition; Java shifts the wall
    # clock forward by the gap, i.e. applies the offset in force before the transition
    gap = pc.not_equal(back, wall)
    if pc.any(gap).as_py():
        inst = pc.if_else(gap, pc.subtract(wall, pc.subtract(back, inst)), inst)
    if keep_offset_of is not None:
        old = pc.cast(keep_offset_of, pa.int64())
        old_local = pc.cast(to_local(keep_offset_of, zone), pa.int64())
        cand = pc.subtract(wall, pc.subtract(old_local, old))
        cand_local = pc.cast(to_local(pc.cast(cand, _US_UTC), zone), pa.int64())
        inst = pc.if_else(pc.equal(cand_local, wall), cand, inst)
    return pc.cast(inst, _US_UTC)


def _parse_one(s: str, to_date: bool):
    s = s.strip()
    try:
        if to_date:
            head = s.split(" ")[0].split("T")[0]
            parts = head.split("-")
            if len(parts) == 1:
                return datetime.date(int(parts[0]), 1, 1)
            if len(parts) == 2:
                return datetime.date(int(parts[0]), int(parts[1]), 1)
            return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        t = s.replace("T", " ")
        if t.endswith("Z"):
            t = t[:-1] + "+00:00"
        if len(t) <= 10:
            d = _parse_one(t, True)
            return None if d is None else datetime.datetime(d.year, d.month, d.day)
        return datetime.datetime.fromisoformat(t)
    except (ValueError, IndexError):
        return None


def parse_datetime_strings(arr: pa.Array, dst: DataType, zone="UTC") -> pa.Array:
    """Strings -> DATE / TIMESTAMP / TIMESTAMP_NTZ. For TIMESTAMP, a string without an offset
    is a wall clock in ``zone`` (the session time zone)."""
    to_date = isinstance(dst, DateType)
    ntz = isinstance(dst, TimestampNTZType)
    target = pa.date32() if to_date else (_US if ntz else _US_UTC)
    try:
        trimmed = pc.utf8_trim_whitespace(arr)
        if to_date:
            return pc.cast(trimmed, pa.date32())
        out = pc.cast(trimmed, pa.timestamp("us"))
        if ntz:
            return out
        return pc.assume_timezone(out, "UTC") if is_utc(zone) else from_local(out, zone)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    vals, local = [], []
    for s in arr.to_pylist():
        v = None if s is None else _parse_one(s, to_date)
        is_local = False
        if isinstance(v, datetime.datetime):
            if v.tzinfo is not None:
                v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            elif not ntz:
                is_local = True
        vals.append(v)
        local.append(is_local)
    if to_date:
        return pa.array(vals, type=target)
    naive = pa.array(vals, type=_US)
    if ntz:
        return naive
    as_utc = pc.cast(pc.cast(naive, pa.int64()), _US_UTC)
    if is_utc(zone) or not any(local):
        return as_utc
    return pc.if_else(pa.array(local, pa.bool_()), from_local(naive, zone), as_utc)
