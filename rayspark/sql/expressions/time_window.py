"""``window(time, duration[, slide[, start]])``: the time window a timestamp falls into, as a
``struct<start: timestamp, end: timestamp>`` named ``window`` (Spark's TimeWindow). Tumbling
windows (slide = duration) are one struct per row; a sliding window (slide < duration) puts a
row into every window that contains it: ``groupBy``/``select`` turn it into an ``explode`` of
:class:`SlidingTimeWindows` (Spark's TimeWindowing rule: ceil(duration / slide) candidate
windows per row, the latest first, kept when start <= time < end; NULL times give no row)."""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..types import StructField, StructType, TimestampNTZType, TimestampType
from .base import Expression, materialize

__all__ = ["TimeWindow", "SlidingTimeWindows", "parse_interval_micros", "is_sliding"]

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


class _OverTime(Expression):
    """What a time window and a sliding window's list share: the time column (a TIMESTAMP, other
    input cast to one), durations in microseconds, and reading the times as microseconds."""

    def __init__(self, time: Expression, duration: int, slide: int, start: int):
        self.children = (time,)
        self.duration, self.slide, self.start = duration, slide, start

    def _window_type(self) -> StructType:
        t = self.children[0].data_type
        ts = t if isinstance(t, (TimestampType, TimestampNTZType)) else TimestampType()
        return StructType([StructField("start", ts, True), StructField("end", ts, True)])

    def _timestamp_time(self):
        """This expression over a TIMESTAMP time, or None when the time already is one."""
        if isinstance(self.children[0].data_type, (TimestampType, TimestampNTZType)):
            return None
        from .coercion import cast_to
        return type(self)(cast_to(self.children[0], TimestampType()), self.duration,
                          self.slide, self.start)

    def _times(self, batch):
        """(the time array, its microseconds with NULL as 0)."""
        ts = materialize(self.children[0].eval(batch), batch.num_rows)
        if isinstance(ts, pa.ChunkedArray):
            ts = ts.combine_chunks()
        micros = np.asarray(pc.fill_null(ts.cast(pa.int64()), 0).to_numpy(zero_copy_only=False),
                            dtype=np.int64)
        return ts, micros

    def sql(self):
        return "window"

    def _fields_key(self):
        return (self.duration, self.slide, self.start)


class TimeWindow(_OverTime):
    @property
    def data_type(self):
        return self._window_type()

    @property
    def nullable(self):
        return False        # rows with a NULL time are filtered out first (DataFrame.groupBy/select)

    @property
    def name(self):
        return "window"

    def coerce(self):
        cast = self._timestamp_time()
        if cast is not None:
            return cast
        if self.duration <= 0:
            raise AnalysisException("The window duration must be positive.",
                                    "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        if self.slide != self.duration:
            raise AnalysisException(
                "A sliding time window (slideDuration != windowDuration) is supported as a "
                "groupBy() column or a select() column of its own.", "UNSUPPORTED_FEATURE")
        return self

    def eval(self, batch):
        ts, micros = self._times(batch)
        start = micros - (micros - self.start) % self.duration
        st = pa.array(start, pa.int64()).cast(ts.type)
        en = pa.array(start + self.duration, pa.int64()).cast(ts.type)
        return pa.StructArray.from_arrays([st, en], names=["start", "end"],
                                          mask=pc.invert(ts.is_valid()))


def is_sliding(e) -> bool:
    return isinstance(e, TimeWindow) and e.slide != e.duration


class SlidingTimeWindows(_OverTime):
    """The windows of a sliding ``window(...)`` that contain each row's time, as an array of
    ``struct<start, end>`` (latest window first); empty for a NULL time."""

    @classmethod
    def of(cls, w: TimeWindow) -> "SlidingTimeWindows":
        return cls(w.children[0], w.duration, w.slide, w.start)

    @property
    def data_type(self):
        from ..types import ArrayType
        return ArrayType(self._window_type(), False)

    @property
    def nullable(self):
        return False

    def coerce(self):
        cast = self._timestamp_time()
        if cast is not None:
            return cast
        if self.duration <= 0 or self.slide <= 0:
            raise AnalysisException("The window duration and slide duration must be positive.",
                                    "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        if self.slide > self.duration:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION] Cannot resolve \"window("
                f"{self.children[0].sql()}, {self.duration}, {self.slide}, {self.start})\" due "
                f"to data type mismatch: The `slide_duration`({self.slide}L) must be <= the "
                f"`window_duration`({self.duration}L). SQLSTATE: 42K09")
        return self

    def eval(self, batch):
        ts, micros = self._times(batch)
        valid = np.asarray(ts.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        k = -(-self.duration // self.slide)
        last = micros - (micros - self.start) % self.slide
        starts = last[:, None] - np.arange(k, dtype=np.int64)[None, :] * self.slide
        ends = starts + self.duration
        keep = (starts <= micros[:, None]) & (micros[:, None] < ends) & valid[:, None]
        offsets = np.concatenate([[0], np.cumsum(keep.sum(axis=1))]).astype(np.int32)
        st = pa.array(starts[keep], pa.int64()).cast(ts.type)
        en = pa.array(ends[keep], pa.int64()).cast(ts.type)
        values = pa.StructArray.from_arrays([st, en], names=["start", "end"])
        return pa.ListArray.from_arrays(pa.array(offsets), values)


def _window_time_builder(args, distinct=False):
    """``window_time(window)``: the last instant inside a time window (its end minus one
    microsecond), a TIMESTAMP usable as the event time of windowed results."""
    from .misc_functions import check_args, fn, type_error
    check_args("window_time", args, 1)
    t = args[0].data_type
    names = [f.name for f in t.fields] if isinstance(t, StructType) else []
    if names != ["start", "end"] or not isinstance(t.fields[1].dataType,
                                                   (TimestampType, TimestampNTZType)):
        raise type_error(_Named(args[0]), 1, "\"STRUCT<start: TIMESTAMP, end: TIMESTAMP>\"", t)
    ts = t.fields[1].dataType

    def kernel(w, n):
        arr = materialize(w, n)
        end = pc.struct_field(arr, [1])
        micros = pc.subtract(pc.cast(end, pa.int64()), 1)
        out = pc.cast(micros, end.type)
        return out[0] if isinstance(w, pa.Scalar) else out
    return fn("window_time", args, kernel, ts)


class _Named(Expression):
    def __init__(self, child):
        self.children = (child,)

    def sql(self):
        return f"window_time({self.children[0].sql()})"


def _register():
    from ..functions_registry import register
    register("window_time")(_window_time_builder)


_register()
