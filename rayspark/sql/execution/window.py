"""``WindowExec``: window functions over one exchanged partition, vectorised with numpy.

After the exchange every PARTITION BY group lives in one partition. Per partition the
operator sorts the rows by (partition keys, order keys) with Spark's ordering, finds the group
boundaries and the peer boundaries (rows with equal order keys), turns each function's frame
into per-row ``[lo, hi)`` index ranges over the sorted rows and computes the function from
those arrays:

* ranking functions from row / peer / group positions; lag / lead by shifted indices;
* aggregates over frames: counts and integer sums by prefix differences, floating sums and
  averages by running sums (growing frames) or sequential sliding sums (so results equal
  Spark's left-to-right additions), min / max by running accumulations or a sparse table,
  first / last / nth_value by positions, collect_list by gathering ranges;
* any other aggregate through its partial / merge / finish contract over the distinct frames
  (a per-frame fallback, quadratic for growing frames).
"""
from __future__ import annotations

from typing import List, Optional, Tuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..expressions import aggregates as A
from ..expressions import window_functions as WF
from ..expressions.base import (Alias, AttributeReference, BoundReference, SortOrder,
                                bind_references, materialize)
from ..expressions.types_util import arrow_type
from ..expressions.window_expr import (CURRENT_ROW, UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING,
                                       WindowExpression)
from ..types import DecimalType, FloatType, DoubleType, IntegralType
from .arrow_util import batch_from_arrays, to_table
from .base import SparkPlan, attrs_string, bind_all
from .sort import sort_indices_for

__all__ = ["WindowExec", "window_partition"]

#: above this many element visits, sliding floating sums use prefix differences instead
_SEQUENTIAL_LIMIT = 20_000_000


class WindowExec(SparkPlan):
    def __init__(self, sc, output, window_exprs, partition_spec, order_spec, child):
        super().__init__(sc, output, [child])
        self.window_exprs = list(window_exprs)
        self.partition_spec = list(partition_spec)
        self.order_spec = list(order_spec)

    def execute(self):
        child = self.children[0]
        attrs = child.output
        part = bind_all(self.partition_spec, attrs)
        orders = bind_all(self.order_spec, attrs)
        funcs = [bind_references(e.child if isinstance(e, Alias) else e, attrs)
                 for e in self.window_exprs]
        schema = child.schema
        out_attrs = self.output

        def run(it):
            table = to_table(list(it), schema)
            if table.num_rows:
                yield window_partition(table, part, orders, funcs, out_attrs)
        return child.execute().mapPartitions(run, preservesPartitioning=True)

    def node_string(self):
        return ("Window [" + ", ".join(e.tree_string() for e in self.window_exprs) + "], [" +
                ", ".join(e.tree_string() for e in self.partition_spec) + "], [" +
                ", ".join(o.tree_string() for o in self.order_spec) + "]")


# ======================================================================================
# partition structure
# ======================================================================================
def _single_batch(table: pa.Table) -> pa.RecordBatch:
    table = table.combine_chunks()
    cols = [c.chunk(0) if c.num_chunks == 1 else pa.concat_arrays(c.chunks) if c.num_chunks
            else pa.array([], type=c.type) for c in table.columns]
    return pa.RecordBatch.from_arrays(cols, schema=table.schema)


def _codes(arr: pa.Array) -> np.ndarray:
    """Integer codes equal exactly for values Spark treats as equal (NULL = NULL, NaN = NaN,
    -0.0 = 0.0)."""
    t = arr.type
    if pa.types.is_null(t):
        return np.zeros(len(arr), dtype=np.int64)
    if pa.types.is_floating(t):
        arr = pc.if_else(pc.equal(arr, 0), pa.scalar(0, t), arr)
    if pa.types.is_nested(t):
        from .sort import _sortable
        seen = {}
        return np.array([seen.setdefault(repr(_sortable(v)), len(seen))
                         for v in arr.to_pylist()], dtype=np.int64)
    enc = pc.dictionary_encode(arr, null_encoding="encode")
    return np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)


def _changes(arr) -> np.ndarray:
    """``out[i]`` is True when sorted row i+1 differs from row i (NULL = NULL, NaN = NaN,
    -0.0 = 0.0) - neighbours are compared directly, no hashing of the values."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n = len(arr)
    if n < 2:
        return np.zeros(0, dtype=bool)
    t = arr.type
    if pa.types.is_null(t):
        return np.zeros(n - 1, dtype=bool)
    if pa.types.is_nested(t):
        c = _codes(arr)
        return c[1:] != c[:-1]
    a, b = arr.slice(1), arr.slice(0, n - 1)
    flag = pc.fill_null(pc.not_equal(a, b), False)
    if arr.null_count:
        flag = pc.or_(flag, pc.xor(a.is_null(), b.is_null()))
    if pa.types.is_floating(t):
        flag = pc.and_(flag, pc.invert(pc.fill_null(pc.and_(pc.is_nan(a), pc.is_nan(b)),
                                                    False)))
    return np.asarray(flag.to_numpy(zero_copy_only=False), dtype=bool)


class _Part:
    """Group and peer structure of one sorted partition."""

    def __init__(self, n, part_keys, order_keys):
        self.n = n
        self.i = np.arange(n, dtype=np.int64)
        gflag = np.zeros(n, dtype=bool)
        if n:
            gflag[0] = True
        for a in part_keys:
            gflag[1:] |= _changes(a)
        pflag = gflag.copy()
        for a in order_keys:
            pflag[1:] |= _changes(a)
        self.gflag, self.pflag = gflag, pflag
        self.starts = np.flatnonzero(gflag)
        self.ends = np.append(self.starts[1:], n).astype(np.int64)
        self.gid = np.cumsum(gflag) - 1
        self.gstart = self.starts[self.gid]
        self.gend = self.ends[self.gid]
        pstarts = np.flatnonzero(pflag)
        pends = np.append(pstarts[1:], n).astype(np.int64)
        pid = np.cumsum(pflag) - 1
        self.pstart = pstarts[pid]
        self.pend = pends[pid]
        self.order_keys = order_keys
        self._frames = {}


# ======================================================================================
# frames
# ======================================================================================
def _range_search(p: _Part, order: SortOrder, offset, lower: bool) -> np.ndarray:
    """Per-row frame edge for a RANGE bound ``offset`` (value distance from the row's key)."""
    arr = p.order_keys[0]
    n = p.n
    t = arr.type
    if pa.types.is_decimal(t):
        arr = arr.cast(pa.float64())
        t = arr.type
    valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    use_float = pa.types.is_floating(t) or isinstance(offset, float)
    if use_float:
        vals = np.asarray(pc.fill_null(arr.cast(pa.float64()), 0.0)
                          .to_numpy(zero_copy_only=False), dtype=np.float64)
        valid &= ~np.isnan(vals)
    else:
        vals = np.asarray(pc.fill_null(arr.cast(pa.int64()), 0).to_numpy(zero_copy_only=False),
                          dtype=np.int64)
    w = vals if order.ascending else -vals
    # rows with a NULL (or NaN) key: the frame edge is their peer group's edge
    out = (p.pstart if lower else p.pend).copy()
    nn = np.flatnonzero(valid)
    if not len(nn):
        return out
    wv = w[nn]
    g = p.gid[nn]
    if use_float:
        q = wv + float(offset)
    else:
        off = int(offset)
        with np.errstate(over="ignore"):
            q = wv + np.int64(off)
        if off > 0:
            q = np.where(q < wv, np.iinfo(np.int64).max, q)
        elif off < 0:
            q = np.where(q > wv, np.iinfo(np.int64).min, q)
    allv = np.concatenate([wv, q])
    _, inv = np.unique(allv, return_inverse=True)
    inv = inv.reshape(-1)
    r = np.int64(len(allv) + 1)
    kr = g.astype(np.int64) * r + inv[:len(wv)]
    kq = g.astype(np.int64) * r + inv[len(wv):]
    bstart = np.searchsorted(g, g, "left")
    bend = np.searchsorted(g, g, "right")
    if lower:
        j = np.searchsorted(kr, kq, "left")
        j = np.minimum(np.maximum(j, bstart), bend)
        edge = np.where(j < bend, nn[np.minimum(j, len(nn) - 1)], nn[bend - 1] + 1)
    else:
        j = np.searchsorted(kr, kq, "right")
        j = np.minimum(np.maximum(j, bstart), bend)
        edge = np.where(j > bstart, nn[np.maximum(j - 1, 0)] + 1, nn[bstart])
    out[nn] = edge
    return out


def frame_bounds(p: _Part, frame, orders) -> Tuple[np.ndarray, np.ndarray]:
    key = frame.key()
    hit = p._frames.get(key)
    if hit is not None:
        return hit
    i = p.i
    if frame.is_rows:
        lo = p.gstart if frame.lower == UNBOUNDED_PRECEDING else \
            i if frame.lower == CURRENT_ROW else \
            np.clip(i + int(frame.lower), p.gstart, p.gend)
        hi = p.gend if frame.upper == UNBOUNDED_FOLLOWING else \
            i + 1 if frame.upper == CURRENT_ROW else \
            np.clip(i + int(frame.upper) + 1, p.gstart, p.gend)
    else:
        lo = p.gstart if frame.lower == UNBOUNDED_PRECEDING else \
            p.pstart if frame.lower == CURRENT_ROW else \
            _range_search(p, orders[0], frame.lower, True)
        hi = p.gend if frame.upper == UNBOUNDED_FOLLOWING else \
            p.pend if frame.upper == CURRENT_ROW else \
            _range_search(p, orders[0], frame.upper, False)
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    p._frames[key] = (lo, hi)
    return lo, hi


# ======================================================================================
# segmented scans
# ======================================================================================
def _seg_accumulate(ufunc, x: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``ufunc.accumulate`` restarted at every group, applied strictly left to right (so
    floating sums equal sequential additions)."""
    out = np.empty_like(x)
    n = len(x)
    if not n:
        return out
    sizes = ends - starts
    t = max(1, int(np.sqrt(n)))
    big = np.flatnonzero(sizes > t)
    for gi in big:
        s, e = starts[gi], ends[gi]
        out[s:e] = ufunc.accumulate(x[s:e])
    small = sizes <= t
    ss, sz = starts[small], sizes[small]
    if len(ss):
        for k in range(int(sz.max())):
            pos = ss[sz > k] + k
            if k == 0:
                out[pos] = x[pos]
            else:
                out[pos] = ufunc(out[pos - 1], x[pos])
    return out


def _prefix(x: np.ndarray) -> np.ndarray:
    out = np.zeros(len(x) + 1, dtype=np.int64 if x.dtype.kind in "biu" else x.dtype)
    np.cumsum(x, out=out[1:])
    return out


def _frame_reduce(ufunc, x, lo, hi, p: _Part, identity):
    """ufunc-reduction of x over each [lo, hi) frame (order-insensitive ufuncs: min/max)."""
    n = len(x)
    res = np.full(n, identity, dtype=x.dtype)
    ne = hi > lo
    if not ne.any():
        return res
    if np.array_equal(lo[ne], p.gstart[ne]):
        acc = _seg_accumulate(ufunc, x, p.starts, p.ends)
        res[ne] = acc[hi[ne] - 1]
        return res
    if np.array_equal(hi[ne], p.gend[ne]):
        rx = x[::-1]
        acc = _seg_accumulate(ufunc, rx, n - p.ends[::-1], n - p.starts[::-1])
        res[ne] = acc[n - 1 - lo[ne]]
        return res
    # sparse table over powers of two up to the widest frame
    width = int((hi - lo)[ne].max())
    levels = [x]
    k = 1
    while 2 * k <= width:
        prev = levels[-1]
        nxt = prev.copy()
        nxt[:n - k] = ufunc(prev[:n - k], prev[k:])
        levels.append(nxt)
        k *= 2
    w = (hi - lo)[ne]
    lvl = np.floor(np.log2(np.maximum(w, 1))).astype(np.int64)
    a, b = lo[ne], hi[ne]
    out = np.empty(int(ne.sum()), dtype=x.dtype)
    for L in np.unique(lvl):
        m = lvl == L
        tab = levels[L]
        out[m] = ufunc(tab[a[m]], tab[b[m] - (1 << int(L))])
    res[ne] = out
    return res


def _frame_float_sum(x, lo, hi, p: _Part) -> np.ndarray:
    """Sum of x over [lo, hi), adding left to right as Spark's frames do."""
    n = len(x)
    ne = hi > lo
    res = np.zeros(n, dtype=np.float64)
    if not ne.any():
        return res
    if np.array_equal(lo[ne], p.gstart[ne]):
        acc = _seg_accumulate(np.add, x, p.starts, p.ends)
        res[ne] = acc[hi[ne] - 1]
        return res
    widths = hi - lo
    maxw = int(widths.max())
    if maxw * n <= _SEQUENTIAL_LIMIT:
        for d in range(maxw):
            m = widths > d
            res[m] += x[lo[m] + d]
        return res
    cs = _prefix(x)
    res[ne] = cs[hi[ne]] - cs[lo[ne]]
    return res


# ======================================================================================
# function evaluation
# ======================================================================================
def _valid(arr: pa.Array) -> np.ndarray:
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=bool)
    return np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _eval(e, batch) -> pa.Array:
    a = materialize(e.eval(batch), batch.num_rows)
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    return a


def _take_or(values: pa.Array, idx: np.ndarray, ok: np.ndarray, other=None) -> pa.Array:
    taken = values.take(pa.array(np.where(ok, idx, 0) if len(values) else
                                 np.zeros(0, dtype=np.int64)))
    mask = pa.array(ok)
    if other is None:
        other = pa.nulls(len(idx), values.type)
    return pc.if_else(mask, taken, other)


def _numpy_float(arr: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(arr.cast(pa.float64()), 0.0).to_numpy(zero_copy_only=False),
                      dtype=np.float64)


def _ranking(f, p: _Part):
    i, gs, ge = p.i, p.gstart, p.gend
    if isinstance(f, WF.RowNumber):
        return pa.array(i - gs + 1, pa.int32())
    if isinstance(f, WF.Rank):
        return pa.array(p.pstart - gs + 1, pa.int32())
    if isinstance(f, WF.DenseRank):
        c = np.cumsum(p.pflag)
        return pa.array(c - c[gs] + 1, pa.int32())
    size = ge - gs
    if isinstance(f, WF.PercentRank):
        rank = (p.pstart - gs).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(size > 1, rank / np.maximum(size - 1, 1), 0.0)
        return pa.array(v, pa.float64())
    if isinstance(f, WF.CumeDist):
        return pa.array((p.pend - gs) / size, pa.float64())
    if isinstance(f, WF.NTile):
        nb = int(f.buckets)
        k = i - gs
        base = size // nb
        r = size % nb
        thr = r * (base + 1)
        bucket = np.where(k < thr, k // (base + 1), r + (k - thr) // np.maximum(base, 1)) + 1
        return pa.array(bucket, pa.int32())
    raise NotImplementedError(type(f).__name__)


def _offset(f, batch, p: _Part):
    x = _eval(f.input, batch)
    default = _eval(f.default, batch)
    if default.type != x.type:
        default = default.cast(x.type) if not pa.types.is_null(default.type) else \
            pa.nulls(len(x), x.type)
    s = f.shift
    i = p.i
    if not f.ignore_nulls or s == 0:
        t = i + s
        ok = (t >= p.gstart) & (t < p.gend)
    else:
        valid = _valid(x)
        pos = np.flatnonzero(valid)
        cin = np.cumsum(valid)              # non-null rows in [0, i]
        cex = cin - valid                   # non-null rows in [0, i)
        if s > 0:
            o = cin + s - 1
        else:
            o = cex + s
        inside = (o >= 0) & (o < len(pos))
        t = np.where(inside, pos[np.clip(o, 0, max(len(pos) - 1, 0))] if len(pos) else 0, -1)
        ok = inside & (t >= p.gstart) & (t < p.gend)
    return _take_or(x, t, ok, default)


def _nth_value(f, batch, p, lo, hi):
    x = _eval(f.input, batch)
    k = int(f.offset)
    if not f.ignore_nulls:
        t = lo + k - 1
        ok = t < hi
    else:
        valid = _valid(x)
        pos = np.flatnonzero(valid)
        cex = _prefix(valid.astype(np.int64))
        o = cex[lo] + k - 1
        ok = o < cex[hi]
        t = pos[np.minimum(o, len(pos) - 1)] if len(pos) else np.zeros(len(lo), np.int64)
    return _take_or(x, t, ok)


def _first_last(f, x: pa.Array, lo, hi):
    ne = hi > lo
    n = len(x)
    if isinstance(f, A.Last):
        if not f.ignore_nulls:
            return _take_or(x, hi - 1, ne)
        valid = _valid(x)
        prev = np.maximum.accumulate(np.where(valid, np.arange(n), -1))
        t = prev[np.maximum(hi - 1, 0)]
        return _take_or(x, t, ne & (t >= lo))
    if not f.ignore_nulls:
        return _take_or(x, lo, ne)
    valid = _valid(x)
    nxt = np.minimum.accumulate(np.where(valid, np.arange(n), n)[::-1])[::-1]
    nxt = np.append(nxt, n)
    t = nxt[lo]
    return _take_or(x, t, ne & (t < hi))


def _collect_list(x: pa.Array, lo, hi):
    valid = _valid(x)
    vals = x.filter(pa.array(valid)) if x.null_count else x
    cex = _prefix(valid.astype(np.int64))
    counts = cex[hi] - cex[lo]
    offsets = np.zeros(len(lo) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    total = int(offsets[-1])
    if total:
        ind = np.arange(total, dtype=np.int64) + np.repeat(cex[lo] - offsets[:-1], counts)
        values = vals.take(pa.array(ind))
    else:
        values = pa.array([], type=x.type)
    if total < 2 ** 31:
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), values)
    return pa.LargeListArray.from_arrays(pa.array(offsets), values)


def _min_max(f, x: pa.Array, lo, hi, p):
    is_max = isinstance(f, A.Max)
    valid = _valid(x)
    cnt = _prefix(valid.astype(np.int64))
    has = (cnt[hi] - cnt[lo]) > 0
    t = x.type
    if pa.types.is_floating(t):
        v = np.asarray(pc.fill_null(x.cast(pa.float64()), 0.0).to_numpy(zero_copy_only=False),
                       dtype=np.float64)
        if is_max:
            v = np.where(valid, v, -np.inf)
            r = _frame_reduce(np.maximum, v, lo, hi, p, -np.inf)
        else:
            isnan = np.isnan(v) & valid
            v = np.where(valid, v, np.inf)
            r = _frame_reduce(np.fmin, v, lo, hi, p, np.inf)
            if isnan.any():
                nn = _prefix((valid & ~isnan).astype(np.int64))
                r = np.where(has & (nn[hi] - nn[lo] == 0), np.nan, r)
        return pa.array(r, pa.float64(), mask=~has).cast(t)
    if pa.types.is_integer(t):
        v = np.asarray(pc.fill_null(x.cast(pa.int64()), 0).to_numpy(zero_copy_only=False),
                       dtype=np.int64)
        info = np.iinfo(np.int64)
        ident = info.min if is_max else info.max
        v = np.where(valid, v, ident)
        r = _frame_reduce(np.maximum if is_max else np.minimum, v, lo, hi, p, ident)
        return pa.array(r, pa.int64(), mask=~has).cast(t)
    if pa.types.is_nested(t):
        return None
    # strings, dates, timestamps, decimals, booleans: by rank codes
    u = pc.unique(x.drop_null()) if x.null_count else pc.unique(x)
    su = u.take(pc.sort_indices(u))
    codes = np.asarray(pc.fill_null(pc.index_in(x, su), 0).to_numpy(zero_copy_only=False),
                       dtype=np.int64)
    ident = -1 if is_max else len(su)
    codes = np.where(valid, codes, ident)
    r = _frame_reduce(np.maximum if is_max else np.minimum, codes, lo, hi, p, ident)
    return _take_or(su, np.clip(r, 0, max(len(su) - 1, 0)), has)


def _moments(f, x: pa.Array, lo, hi, p):
    valid = _valid(x)
    v = _numpy_float(x)
    # shift by each group's first value to limit cancellation in the sums of squares
    first = np.zeros(len(p.starts))
    pos = np.flatnonzero(valid)
    if len(pos):
        gfirst = np.searchsorted(pos, p.starts)
        okg = gfirst < len(pos)
        first[okg] = v[pos[np.minimum(gfirst[okg], len(pos) - 1)]]
    c = np.where(valid, v - first[p.gid], 0.0)
    n = (_prefix(valid.astype(np.int64))[hi] - _prefix(valid.astype(np.int64))[lo]) \
        .astype(np.float64)
    s1 = _frame_float_sum(c, lo, hi, p)
    s2 = _frame_float_sum(c * c, lo, hi, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        m2 = np.maximum(s2 - s1 * s1 / np.where(n > 0, n, 1), 0.0)
        var = m2 / (n - f.ddof)
        if f.take_sqrt:
            var = np.sqrt(var)
    ok = n > f.ddof
    return pa.array(np.where(ok, var, 0.0), pa.float64(), mask=~ok)


def _fallback(agg, batch, lo, hi):
    """Any aggregate: run its partial / merge / finish over each distinct frame."""
    from .aggregate import run_final, run_partial
    n = len(lo)
    key = lo * (n + 1) + hi
    uniq, inv = np.unique(key, return_inverse=True)
    inv = inv.reshape(-1)
    ulo, uhi = uniq // (n + 1), uniq % (n + 1)
    lengths = uhi - ulo
    offsets = np.zeros(len(uniq) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    total = int(offsets[-1])
    idx = np.arange(total, dtype=np.int64) + np.repeat(ulo - offsets[:-1], lengths)
    fid = np.repeat(np.arange(len(uniq), dtype=np.int64), lengths)
    inputs = [_eval(c, batch) for c in agg.children] if not (
        isinstance(agg, A.Count) and not agg.children) else []
    take = pa.array(idx)
    cols = [pa.array(fid)] + [a.take(take) for a in inputs]
    names = [f"c{j}" for j in range(len(cols))]
    frame_batch = pa.RecordBatch.from_arrays(cols, names=names)
    key_ref = BoundReference(0, AttributeReference("fid", _long()))
    in_refs = [BoundReference(j + 1, AttributeReference(f"c{j}", c.data_type))
               for j, c in enumerate(agg.children)] if inputs else []
    at = arrow_type(agg.data_type)
    empty = agg.empty_value()
    result = pa.array([empty] * n, type=at) if empty is not None else pa.nulls(n, at)
    if total == 0:
        return result
    part = run_partial([frame_batch], [key_ref], [agg], [in_refs])
    keys, results = run_final([part], 1, [agg], False)
    fids = np.asarray(keys[0].to_numpy(zero_copy_only=False), dtype=np.int64)
    vals = results[0]
    if isinstance(vals, pa.ChunkedArray):
        vals = vals.combine_chunks()
    if vals.type != at:
        vals = vals.cast(at)
    where = np.full(len(uniq), -1, dtype=np.int64)
    where[fids] = np.arange(len(fids))
    row = where[inv]
    return _take_or(vals, row, row >= 0, result)


def _long():
    from ..types import LongType
    return LongType()


def _aggregate(agg, batch, p, lo, hi):
    dt_in = agg.children[0].data_type if agg.children else None
    if isinstance(agg, A.Count) and not agg.is_distinct and type(agg) is A.Count:
        if not agg.children:
            return pa.array(hi - lo, pa.int64())
        valid = np.ones(p.n, dtype=bool)
        for c in agg.children:
            valid &= _valid(_eval(c, batch))
        cnt = _prefix(valid.astype(np.int64))
        return pa.array(cnt[hi] - cnt[lo], pa.int64())
    if type(agg) is A.CountIf:
        x = _eval(agg.child, batch)
        t = np.asarray(pc.fill_null(x, False).to_numpy(zero_copy_only=False), dtype=bool)
        cnt = _prefix(t.astype(np.int64))
        return pa.array(cnt[hi] - cnt[lo], pa.int64())
    if type(agg) in (A.Sum, A.Average) and not isinstance(dt_in, DecimalType):
        x = _eval(agg.child, batch)
        valid = _valid(x)
        cnt = _prefix(valid.astype(np.int64))
        n = cnt[hi] - cnt[lo]
        has = n > 0
        if type(agg) is A.Sum and isinstance(dt_in, IntegralType):
            v = np.asarray(pc.fill_null(x.cast(pa.int64()), 0).to_numpy(zero_copy_only=False),
                           dtype=np.int64)
            with np.errstate(over="ignore"):
                cs = _prefix(v)
                s = cs[hi] - cs[lo]
            return pa.array(s, pa.int64(), mask=~has)
        v = np.where(valid, _numpy_float(x), 0.0)
        s = _frame_float_sum(v, lo, hi, p)
        if type(agg) is A.Average:
            with np.errstate(divide="ignore", invalid="ignore"):
                s = s / np.where(has, n, 1)
        return pa.array(s, pa.float64(), mask=~has)
    if type(agg) in (A.Min, A.Max):
        r = _min_max(agg, _eval(agg.child, batch), lo, hi, p)
        if r is not None:
            return r
    if type(agg) in (A.First, A.Last, A.AnyValue):
        return _first_last(agg, _eval(agg.child, batch), lo, hi)
    if type(agg) is A.CollectList:
        return _collect_list(_eval(agg.child, batch), lo, hi)
    if type(agg) in (A.VarianceSamp, A.VariancePop, A.StddevSamp, A.StddevPop):
        return _moments(agg, _eval(agg.child, batch), lo, hi, p)
    return _fallback(agg, batch, lo, hi)


def _evaluate(we: WindowExpression, batch, p: _Part, orders):
    f = we.func
    if isinstance(f, WF._Ranking):
        return _ranking(f, p)
    if isinstance(f, WF._Offset):
        return _offset(f, batch, p)
    lo, hi = frame_bounds(p, we.spec.frame, orders)
    if isinstance(f, WF.NthValue):
        return _nth_value(f, batch, p, lo, hi)
    return _aggregate(f, batch, p, lo, hi)


def window_partition(table: pa.Table, part, orders, funcs, out_attrs) -> pa.RecordBatch:
    """Sort one partition and append the window function columns."""
    batch = _single_batch(table)
    n = batch.num_rows
    pk = [_eval(e, batch) for e in part]
    ok = [_eval(o.child, batch) for o in orders]
    # partition keys only have to bring equal values together: strings sort by their
    # dictionary code (an integer), which is much cheaper than comparing strings
    sort_pk = [pc.dictionary_encode(a).indices
               if pa.types.is_string(a.type) or pa.types.is_large_string(a.type)
               or pa.types.is_binary(a.type) else a for a in pk]
    # (sort_indices_for ranks NaN above every number, as Spark)
    keys = sort_pk + ok
    key_orders = [SortOrder(e) for e in part] + list(orders)
    if keys:
        idx = sort_indices_for(keys, key_orders,
                               tie_breaker=pa.array(np.arange(n, dtype=np.int64)))
        batch = batch.take(idx)
        pk = [a.take(idx) for a in pk]
        ok = [a.take(idx) for a in ok]
    p = _Part(n, pk, ok)
    results = [_evaluate(we, batch, p, orders) for we in funcs]
    return batch_from_arrays(list(batch.columns) + results, out_attrs, n)
