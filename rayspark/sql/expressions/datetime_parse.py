"""Parsing strings to dates and timestamps the way Spark's CAST does (ISO-8601-ish forms:
``2024-01-02``, ``2024-01-02 03:04:05[.ffffff]``, ``T`` separator, optional zone)."""
from __future__ import annotations

import datetime

import pyarrow as pa
import pyarrow.compute as pc

from ..types import DataType, DateType, TimestampNTZType

__all__ = ["parse_datetime_strings"]


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
            return datetime.datetime(d.year, d.month, d.day)
        return datetime.datetime.fromisoformat(t)
    except (ValueError, IndexError):
        return None


def parse_datetime_strings(arr: pa.Array, dst: DataType) -> pa.Array:
    to_date = isinstance(dst, DateType)
    target = pa.date32() if to_date else (pa.timestamp("us") if isinstance(dst, TimestampNTZType)
                                          else pa.timestamp("us", tz="UTC"))
    try:
        trimmed = pc.utf8_trim_whitespace(arr)
        if to_date:
            return pc.cast(trimmed, pa.date32())
        out = pc.cast(trimmed, pa.timestamp("us"))
        return out if isinstance(dst, TimestampNTZType) else pc.assume_timezone(out, "UTC")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    vals = []
    for s in arr.to_pylist():
        v = None if s is None else _parse_one(s, to_date)
        if isinstance(v, datetime.datetime):
            if v.tzinfo is not None:
                v = v.astimezone(datetime.timezone.utc)
                v = v.replace(tzinfo=None) if isinstance(dst, TimestampNTZType) else v
            elif not isinstance(dst, TimestampNTZType):
                v = v.replace(tzinfo=datetime.timezone.utc)
        vals.append(v)
    return pa.array(vals, type=target)
