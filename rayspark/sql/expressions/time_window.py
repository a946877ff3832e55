"""``window(time, duration[, slide[, start]])``: the time window a timestamp falls into, as a
``struct<start: timestamp, end: timestamp>`` named ``window`` (Spark's TimeWindow). Tumbling
windows (slide = duration) are computed vectorised; sliding windows are rejected until the
planner can expand one row into several windows."""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..types import StructField, StructType, TimestampNTZType, TimestampType
from .base import Expression, materialize

__all__ = ["TimeWindow", "parse_interval_micros"]

_UNITS = {"microsecond": 1, "millisecond": 1000, "second": 1_000_000, "minute": 60_000_000,
          "hour": 3_600_000_000, "day": 86_400_000_000, "week": 7 * 86_400_000_000}


def parse_interval_micros(text: str) -> int:
    """'5 seconds', '1 minute', '2 hours 30 minutes', 'interval 10 minutes' -> microseconds."""
    s = text.strip().lower()
    if s.startswith("interval "):
        s = s[len("interval "):]
    total, pos = 0, 0
    for m in re.finditer(r"(-?\d+)\s*([a-z]+)", s):
        unit = m.group(2).rstrip("s")
        if unit not in _UNITS:
            break
        total += int(m.group(1)) * _UNITS[unit]
        pos = m.end()
    if pos == 0 or s[pos:].strip():
        raise AnalysisException(
            f"The window duration '{text}' is not a valid interval.",
            "CANNOT_PARSE_INTERVAL", {"intervalString": text})
    return total


class TimeWindow(Expression):
    def __init__(self, time: Expression, duration: int, slide: int, start: int):
        self.children = (time,)
        self.duration, self.slide, self.start = duration, slide, start

    @property
    def data_type(self):
        t = self.children[0].data_type
        ts = t if isinstance(t, (TimestampType, TimestampNTZType)) else TimestampType()
        return StructType([StructField("start", ts, True), StructField("end", ts, True)])

    @property
    def name(self):
        return "window"

    def coerce(self):
        t = self.children[0].data_type
        if not isinstance(t, (TimestampType, TimestampNTZType)):
            from .coercion import cast_to
            return TimeWindow(cast_to(self.children[0], TimestampType()), self.duration,
                              self.slide, self.start)
        if self.duration <= 0:
            raise AnalysisException("The window duration must be positive.",
                                    "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        if self.slide != self.duration:
            raise AnalysisException(
                "Sliding time windows (slideDuration != windowDuration) are not supported by "
                "rayspark yet; use a tumbling window.", "UNSUPPORTED_FEATURE")
        return self

    def eval(self, batch):
        ts = materialize(self.children[0].eval(batch), batch.num_rows)
        if isinstance(ts, pa.ChunkedArray):
            ts = ts.combine_chunks()
        micros = np.asarray(pc.fill_null(ts.cast(pa.int64()), 0).to_numpy(zero_copy_only=False),
                            dtype=np.int64)
        offset = (micros - self.start) % self.duration
        start = micros - offset
        valid = ts.is_valid()
        st = pa.array(start, pa.int64()).cast(ts.type)
        en = pa.array(start + self.duration, pa.int64()).cast(ts.type)
        return pa.StructArray.from_arrays([st, en], names=["start", "end"],
                                          mask=pc.invert(valid))

    def sql(self):
        return "window"

    def _fields_key(self):
        return (self.duration, self.slide, self.start)
