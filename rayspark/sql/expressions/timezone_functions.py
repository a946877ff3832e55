"""``convert_timezone([sourceTz, ]targetTz, sourceTs)``: a TIMESTAMP_NTZ wall clock read in
``sourceTz`` (default: the session time zone, shown as ``current_timezone()``) and re-read in
``targetTz``. Zones are Spark zone ids (regions, offsets, short ids such as ``PST``)."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ..functions_registry import builtin, register
from ..types import StringType, TimestampNTZType
from .datetime_parse import from_local, to_local, zone_id
from .misc_functions import as_array, check_args, fn, is_null_scalar, pylist

__all__ = ["convert_timezone_kernel"]

_NTZ = pa.timestamp("us")


def _convert(naive: pa.Array, src: str, dst: str) -> pa.Array:
    return pc.cast(to_local(from_local(naive, zone_id(src)), zone_id(dst)), _NTZ)


def convert_timezone_kernel(src, dst, ts, n):
    if is_null_scalar(src) or is_null_scalar(dst) or is_null_scalar(ts):
        return pa.scalar(None, _NTZ)
    arr = as_array(ts, n)
    if arr.type != _NTZ:
        arr = pc.cast(arr, _NTZ)
    if isinstance(src, pa.Scalar) and isinstance(dst, pa.Scalar):
        out = _convert(arr, src.as_py(), dst.as_py())
    else:
        # zones per row: convert each distinct (source, target) pair's rows at once
        srcs, dsts = pylist(src, n), pylist(dst, n)
        out = pa.nulls(n, _NTZ)
        for s, d in set(zip(srcs, dsts)):
            if s is None or d is None:
                continue
            mask = pa.array([a == s and b == d for a, b in zip(srcs, dsts)], pa.bool_())
            out = pc.replace_with_mask(out, mask, _convert(arr.filter(mask), s, d))
    return out[0] if isinstance(ts, pa.Scalar) else out


@register("convert_timezone")
def _convert_timezone(args, distinct=False):
    check_args("convert_timezone", args, 2, 3)
    args = list(args)
    if len(args) == 2:
        args = [builtin("current_timezone")([])] + args
    return fn("convert_timezone", args, convert_timezone_kernel, TimestampNTZType(),
              [StringType(), StringType(), TimestampNTZType()])
