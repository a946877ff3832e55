"""Statistics behind ``DataFrame.describe/summary`` and ``DataFrame.stat``.

Aggregates (count, mean, stddev, min, max, distinct counts, correlation, covariance,
crosstab counts) are ordinary distributed aggregations of the DataFrame. Quantiles use
Greenwald-Khanna summaries built per partition and merged on the driver, with the same
insert / compress / merge / query rules Spark's ``QuantileSummaries`` follows, so results
(exact for ``relativeError=0``; for small inputs the exact element at rank
``ceil(p * n)``) agree with Spark's. ``freqItems`` runs the Karp-Schenker-Papadimitriou
counting algorithm per partition and merges the counters on the driver. ``sampleBy`` is a
filter ``rand(seed) < fraction(stratum)``.
"""
from __future__ import annotations

import decimal
import math
import random as _random
import sys
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import (AnalysisException, IllegalArgumentException, PySparkTypeError,
                      PySparkValueError)
from .column import Column
from .types import (ArrayType, BooleanType, ByteType, DataType, DecimalType, DoubleType,
                    FloatType, IntegerType, LongType, NumericType, ShortType, StringType,
                    StructField, StructType)

__all__ = ["describe", "summary", "corr", "cov", "crosstab", "freq_items", "approx_quantile",
           "sample_by", "QuantileSummary"]

_DEFAULT_STATS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]
_PERCENTILE_ACCURACY = 10000  # percentile_approx's default accuracy (relative error 1e-4)


def _type_name(v) -> str:
    return type(v).__name__


# =========================================================================================
# Greenwald-Khanna quantile summaries
# =========================================================================================
class QuantileSummary:
    """A Greenwald-Khanna summary: sorted samples (value, g, delta) plus an unsorted buffer
    of values not merged in yet. ``g`` is the rank gap to the previous sample and ``delta``
    the rank uncertainty of a sample; ranks are known to within ``2 * eps * count``."""

    HEAD_SIZE = 50000
    COMPRESS_THRESHOLD = 10000

    def __init__(self, relative_error: float, values=None, g=None, delta=None, count: int = 0):
        self.eps = float(relative_error)
        self.values = np.empty(0, np.float64) if values is None else values
        self.g = np.empty(0, np.int64) if g is None else g
        self.delta = np.empty(0, np.int64) if delta is None else delta
        self.count = count
        self.head: List[np.ndarray] = []
        self.head_len = 0

    # -- building ----------------------------------------------------------------------
    def insert_all(self, values: np.ndarray) -> "QuantileSummary":
        """Insert values in order, flushing the buffer every ``HEAD_SIZE`` values."""
        values = np.asarray(values, np.float64)
        start = 0
        while start < len(values):
            take = min(self.HEAD_SIZE - self.head_len, len(values) - start)
            self.head.append(values[start:start + take])
            self.head_len += take
            start += take
            if self.head_len >= self.HEAD_SIZE:
                self._flush_head()
                if len(self.values) >= self.COMPRESS_THRESHOLD:
                    self._compress_samples()
        return self

    def _flush_head(self) -> None:
        if not self.head_len:
            return
        new = np.sort(np.concatenate(self.head), kind="stable")
        self.head, self.head_len = [], 0
        m, n = len(self.values), len(new)
        # existing samples with a value <= x come before x
        pos = np.searchsorted(self.values, new, side="right") if m else np.zeros(n, np.int64)
        k = np.arange(n, dtype=np.int64)
        running = self.count + k + 1
        new_delta = np.floor(2 * self.eps * running.astype(np.float64)).astype(np.int64)
        first = (pos == 0) & (k == 0)
        last = (pos == m) & (k == n - 1)
        new_delta[first | last] = 0
        total = m + n
        at = pos + k  # final index of each new sample
        is_new = np.zeros(total, bool)
        is_new[at] = True
        values = np.empty(total, np.float64)
        g = np.empty(total, np.int64)
        delta = np.empty(total, np.int64)
        values[at], g[at], delta[at] = new, 1, new_delta
        old = ~is_new
        values[old], g[old], delta[old] = self.values, self.g, self.delta
        self.values, self.g, self.delta = values, g, delta
        self.count += n

    def _compress_samples(self) -> None:
        self.values, self.g, self.delta = _compress(self.values, self.g, self.delta,
                                                     2 * self.eps * self.count)

    def compress(self) -> "QuantileSummary":
        self._flush_head()
        self._compress_samples()
        return self

    def merge(self, other: "QuantileSummary") -> "QuantileSummary":
        """Both summaries compressed first; samples interleaving the other side's get the
        other side's rank uncertainty added."""
        self.compress()
        other.compress()
        if other.count == 0:
            return self
        if self.count == 0:
            out = QuantileSummary(other.eps, other.values, other.g, other.delta, other.count)
            return out
        eps = max(self.eps, other.eps)
        count = self.count + other.count
        extra_self = int(math.floor(2 * other.eps * other.count))
        extra_other = int(math.floor(2 * self.eps * self.count))
        a, b = self.values, other.values
        # merge order: a self sample goes first only when strictly smaller
        pos_b = np.searchsorted(a, b, side="left")   # self samples placed before each b
        pos_a = np.searchsorted(b, a, side="right")  # other samples placed before each a
        total = len(a) + len(b)
        idx_a = np.arange(len(a)) + pos_a
        idx_b = np.arange(len(b)) + pos_b
        values = np.empty(total, np.float64)
        g = np.empty(total, np.int64)
        delta = np.empty(total, np.int64)
        values[idx_a], g[idx_a] = a, self.g
        values[idx_b], g[idx_b] = b, other.g
        # only samples that come after some sample of the other side (and before its end)
        da = self.delta + np.where((pos_a > 0) & (pos_a < len(b)), extra_self, 0)
        db = other.delta + np.where((pos_b > 0) & (pos_b < len(a)), extra_other, 0)
        delta[idx_a], delta[idx_b] = da, db
        values, g, delta = _compress(values, g, delta, 2 * eps * count)
        return QuantileSummary(eps, values, g, delta, count)

    # -- querying ----------------------------------------------------------------------
    def query(self, probabilities: Sequence[float]) -> Optional[List[float]]:
        self.compress()
        if len(self.values) == 0:
            return None
        vals, gs, ds = self.values, self.g, self.delta
        target = int(np.max(gs + ds)) // 2
        out = [0.0] * len(probabilities)
        index, min_rank = 0, int(gs[0])
        last = len(vals) - 1
        for p, pos in sorted((p, i) for i, p in enumerate(probabilities)):
            if p <= self.eps:
                out[pos] = float(vals[0])
                continue
            if p >= 1 - self.eps:
                out[pos] = float(vals[-1])
                continue
            rank = math.ceil(p * self.count)
            i, r = index, min_rank
            found = None
            while i < last:
                if r + int(ds[i]) - target <= rank <= r + target:
                    found = float(vals[i])
                    break
                i += 1
                r += int(gs[i])
            if found is None:
                index, min_rank = last, 0
                out[pos] = float(vals[-1])
            else:
                index, min_rank = i, r
                out[pos] = found
        return out


def _compress(values, g, delta, threshold: float):
    """Merge neighbouring samples (scanning from the largest) while the combined rank
    uncertainty stays below ``threshold``; the smallest and largest samples are kept."""
    n = len(values)
    if n == 0:
        return values, g, delta
    if threshold <= 2:
        # every merge needs g1 + g2 + delta >= 2 to be below the threshold: nothing merges
        if n > 1 and not values[0] <= values[1]:
            return values[1:], g[1:], delta[1:]
        return values, g, delta
    gl = g.tolist()
    dl = delta.tolist()
    out_idx: List[int] = []
    out_g: List[int] = []
    head_i, head_g = n - 1, gl[n - 1]
    for i in range(n - 2, 0, -1):
        if gl[i] + head_g + dl[head_i] < threshold:
            head_g += gl[i]
        else:
            out_idx.append(head_i)
            out_g.append(head_g)
            head_i, head_g = i, gl[i]
    out_idx.append(head_i)
    out_g.append(head_g)
    if n > 1 and values[0] <= values[head_i]:
        out_idx.append(0)
        out_g.append(gl[0])
    out_idx.reverse()
    out_g.reverse()
    idx = np.asarray(out_idx, np.int64)
    return values[idx], np.asarray(out_g, np.int64), delta[idx]


def _partition_summaries(df, relative_error: float, skip_nan: bool):
    """One summary per column of ``df`` (all double), merged over partitions."""
    ncols = len(df.columns)
    eps = relative_error

    def per_partition(batches):
        sums = [QuantileSummary(eps) for _ in range(ncols)]
        for b in batches:
            for i in range(ncols):
                col = b.column(i)
                if col.null_count:
                    col = pc.drop_null(col)
                arr = col.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
                if skip_nan:
                    arr = arr[~np.isnan(arr)]
                if len(arr):
                    sums[i].insert_all(arr)
        for s in sums:
            s.compress()
        yield sums

    parts = df._execute_rdd().mapPartitions(per_partition).collect()
    merged = [QuantileSummary(eps) for _ in range(ncols)]
    for sums in parts:
        merged = [m.merge(s) for m, s in zip(merged, sums)]
    return merged


# =========================================================================================
# describe / summary
# =========================================================================================
def describe(df, cols):
    selected = df.select(*cols) if cols else df
    return summary(selected, ["count", "mean", "stddev", "min", "max"])


def _parse_percentile(stat: str) -> float:
    text = stat[:-1].strip()
    try:
        if "_" in text or text.lower() in ("nan", "inf", "-inf", "+inf", "infinity",
                                            "-infinity", "+infinity"):
            raise ValueError(text)
        return float(text) / 100.0
    except ValueError:
        raise _unrecognized(stat) from None


def _unrecognized(stat: str) -> IllegalArgumentException:
    return IllegalArgumentException(
        f"The statistic '{stat}' is not recognized. Valid statistics include `count`, "
        "`count_distinct`, `approx_count_distinct`, `mean`, `stddev`, `min`, `max`, and "
        "percentile values. Percentile must be a numeric value followed by '%', within "
        "the range 0% to 100%. SQLSTATE: 42704", "UNRECOGNIZED_STATISTIC", {"stats": stat})


def summary(df, statistics):
    from . import functions as F
    stats = list(statistics) if statistics else list(_DEFAULT_STATS)
    for s in stats:
        if not isinstance(s, str):
            raise PySparkTypeError(
                f"Argument `statistics` should be str, got {_type_name(s)}.", "NOT_STR",
                {"arg_name": "statistics", "arg_type": _type_name(s)})
    percentiles = [_parse_percentile(s) for s in stats if s.endswith("%")]
    if not all(0.0 <= p <= 1.0 for p in percentiles):
        raise IllegalArgumentException("requirement failed: Percentiles must be in the range [0, 1]")
    fields = [a for a in df._attrs() if isinstance(a.data_type, (NumericType, StringType))]
    out_schema = StructType([StructField("summary", StringType(), True)] +
                            [StructField(a.name, StringType(), True) for a in fields])
    if not fields:
        return df._session.createDataFrame([(s,) for s in stats], out_schema)
    for s in stats:
        low = s.lower()
        if not (low.endswith("%") or low in ("count", "count_distinct", "approx_count_distinct",
                                              "mean", "stddev", "min", "max")):
            raise _unrecognized(s)

    # one distributed aggregation for everything but percentiles
    aggs = []
    slots: Dict[tuple, int] = {}
    for ci, a in enumerate(fields):
        c = Column(a)
        casted = c.try_cast(DoubleType()) if isinstance(a.data_type, StringType) else c
        for s in stats:
            low = s.lower()
            if low.endswith("%") or (ci, low) in slots:
                continue
            e = {"count": lambda: F.count(c),
                 "count_distinct": lambda: F.countDistinct(c),
                 "approx_count_distinct": lambda: F.approx_count_distinct(c),
                 "mean": lambda: F.avg(casted),
                 "stddev": lambda: F.stddev(casted),
                 "min": lambda: F.min(c),
                 "max": lambda: F.max(c)}[low]()
            slots[(ci, low)] = len(aggs)
            aggs.append(e.cast(StringType()).alias(f"_s{len(aggs)}"))
    row = df.agg(*aggs).collect()[0] if aggs else ()

    pct_text: List[List[Optional[str]]] = [[None] * len(percentiles) for _ in fields]
    if percentiles:
        cols = [(Column(a).try_cast(DoubleType()) if isinstance(a.data_type, StringType)
                 else Column(a).cast(DoubleType())).alias(f"_p{i}")
                for i, a in enumerate(fields)]
        sums = _partition_summaries(df.select(*cols), 1.0 / _PERCENTILE_ACCURACY,
                                    skip_nan=False)
        for ci, (a, s) in enumerate(zip(fields, sums)):
            got = s.query(percentiles)
            if got is not None:
                pct_text[ci] = [_percentile_text(v, a.data_type) for v in got]

    rows = []
    for s in stats:
        low = s.lower()
        vals: List[Optional[str]] = [s]
        pi = None
        if low.endswith("%"):
            pi = sum(1 for x in stats[:stats.index(s)] if x.endswith("%"))
        for ci in range(len(fields)):
            if pi is not None:
                vals.append(pct_text[ci][pi])
            else:
                vals.append(row[slots[(ci, low)]])
        rows.append(tuple(vals))
    return df._session.createDataFrame(rows, out_schema)


def _percentile_text(v: float, dt: DataType) -> str:
    """percentile_approx's value, converted back to the column's type, as a string."""
    from .execution.cast_string import format_double, format_float
    if isinstance(dt, (ByteType, ShortType, IntegerType, LongType)):
        if v != v:
            return "0"
        return str(int(v))
    if isinstance(dt, FloatType):
        return format_float(v)
    if isinstance(dt, DecimalType):
        return str(decimal.Decimal(format_double(v)))
    return format_double(v)


# =========================================================================================
# correlation / covariance
# =========================================================================================
def _check_str(name, arg):
    if not isinstance(arg, str):
        raise PySparkTypeError(
            f"Argument `{name}` should be str, got {_type_name(arg)}.", "NOT_EXPECTED_TYPE",
            {"arg_name": name, "expected_type": "str", "arg_type": _type_name(arg)})


def _numeric_cols(df, cols, what):
    exprs = []
    for c in cols:
        e = df._resolve_col(c)
        if not isinstance(e.data_type, NumericType):
            raise IllegalArgumentException(
                f"requirement failed: Currently {what} calculation for columns with dataType "
                f"{e.data_type.simpleString()} not supported.")
        exprs.append(Column(e).cast(DoubleType()))
    return exprs


class _CoMoments:
    """Count, means and co-moments of two double columns, merged like Spark's
    ``CovarianceCounter``."""

    def __init__(self, n=0, mx=0.0, my=0.0, ck=0.0, mkx=0.0, mky=0.0):
        self.n, self.mx, self.my, self.ck, self.mkx, self.mky = n, mx, my, ck, mkx, mky

    @classmethod
    def of(cls, x: np.ndarray, y: np.ndarray) -> "_CoMoments":
        n = len(x)
        if n == 0:
            return cls()
        mx, my = float(x.mean()), float(y.mean())
        dx, dy = x - mx, y - my
        return cls(n, mx, my, float(np.dot(dx, dy)), float(np.dot(dx, dx)),
                   float(np.dot(dy, dy)))

    def merge(self, o: "_CoMoments") -> "_CoMoments":
        if o.n == 0:
            return self
        if self.n == 0:
            return o
        total = self.n + o.n
        dx, dy = self.mx - o.mx, self.my - o.my
        w = self.n / total * o.n
        return _CoMoments(total, (self.mx * self.n + o.mx * o.n) / total,
                          (self.my * self.n + o.my * o.n) / total,
                          self.ck + o.ck + dx * dy * w, self.mkx + o.mkx + dx * dx * w,
                          self.mky + o.mky + dy * dy * w)


def _co_moments(df, cols, what) -> _CoMoments:
    """Spark reads the two columns as doubles with nulls read as 0.0 (not skipped)."""
    exprs = _numeric_cols(df, cols, what)
    sel = df.select(*[e.alias(f"_m{i}") for i, e in enumerate(exprs)])

    def per_partition(batches):
        acc = _CoMoments()
        for b in batches:
            x = pc.fill_null(b.column(0), 0.0).to_numpy(zero_copy_only=False)
            y = pc.fill_null(b.column(1), 0.0).to_numpy(zero_copy_only=False)
            acc = acc.merge(_CoMoments.of(x.astype(np.float64), y.astype(np.float64)))
        yield acc

    out = _CoMoments()
    for part in sel._execute_rdd().mapPartitions(per_partition).collect():
        out = out.merge(part)
    return out


def corr(df, col1, col2, method=None):
    _check_str("col1", col1)
    _check_str("col2", col2)
    if not method:
        method = "pearson"
    if method != "pearson":
        raise PySparkValueError(
            "Value for `method` has to be amongst the following values: ['pearson'].",
            "VALUE_NOT_ALLOWED", {"arg_name": "method", "allowed_values": "['pearson']"})
    m = _co_moments(df, [col1, col2], "correlation")
    den = math.sqrt(m.mkx * m.mky)
    if den == 0:
        return float("nan")
    return m.ck / den


def cov(df, col1, col2):
    _check_str("col1", col1)
    _check_str("col2", col2)
    m = _co_moments(df, [col1, col2], "covariance")
    if m.n <= 1:
        return 0.0
    return m.ck / (m.n - 1)


# =========================================================================================
# crosstab
# =========================================================================================
def _key(v) -> str:
    return "null" if v is None else v


def crosstab(df, col1, col2):
    from . import functions as F
    _check_str("col1", col1)
    _check_str("col2", col2)
    e1, e2 = df._resolve_col(col1), df._resolve_col(col2)
    counts = df.groupBy(Column(e1).cast(StringType()).alias("_c1"),
                        Column(e2).cast(StringType()).alias("_c2")) \
        .agg(F.count(F.lit(1)).alias("_n")).collect()
    keys2 = sorted({_key(r[1]).replace("`", "") for r in counts})
    if len(keys2) >= 10000:
        raise IllegalArgumentException(
            f"requirement failed: The number of distinct values for {col2}, can't exceed 1e4. "
            f"Currently {len(keys2)}")
    where = {k: i for i, k in enumerate(keys2)}
    table: Dict[str, List[int]] = {}
    for r in counts:
        k1 = _key(r[0])
        row = table.setdefault(k1, [0] * len(keys2))
        row[where[_key(r[1]).replace("`", "")]] += r[2]
    schema = StructType([StructField(f"{col1}_{col2}", StringType(), True)] +
                        [StructField(k, LongType(), True) for k in keys2])
    rows = [tuple([k] + table[k]) for k in sorted(table)]
    out = df._session.createDataFrame(rows, schema)
    # the count columns are non-nullable in Spark (local relations built with non-nullable
    # fields do not collect in rayspark yet, so mark them through the projection)
    return out.select(out.columns[0], *[F.coalesce(F.col(f"`{k}`"), F.lit(0)).cast(LongType())
                                        .alias(k) for k in keys2])


# =========================================================================================
# frequent items
# =========================================================================================
class _FreqCounter:
    """At most ``size`` counters; a new key when full lowers every counter by the smallest
    (Karp, Schenker, Papadimitriou)."""

    def __init__(self, size: int):
        self.size = size
        self.counts: Dict[Any, int] = {}

    def add(self, key, n: int) -> None:
        counts = self.counts
        if key in counts:
            counts[key] += n
        elif len(counts) < self.size:
            counts[key] = n
        else:
            low = min(counts.values()) if counts else 0
            if n - low >= 0:
                counts[key] = n
                self.counts = {k: v - low for k, v in counts.items() if v > low}
            else:
                self.counts = {k: v - n for k, v in counts.items()}


def _hashable(v):
    if isinstance(v, list):
        return ("__list__", tuple(_hashable(x) for x in v))
    if isinstance(v, dict):
        return ("__dict__", tuple((k, _hashable(x)) for k, x in v.items()))
    return v


def freq_items(df, cols, support=None):
    if isinstance(cols, tuple):
        cols = list(cols)
    if not isinstance(cols, list):
        raise PySparkTypeError(
            f"Argument `cols` should be list or tuple, got {_type_name(cols)}.",
            "NOT_EXPECTED_TYPE", {"arg_name": "cols", "expected_type": "list or tuple",
                                  "arg_type": _type_name(cols)})
    from .execution.cast_string import format_double
    if support is None:
        support = 0.01
    if not (1e-4 <= support <= 1.0):
        raise IllegalArgumentException(
            f"requirement failed: Support must be in [1e-4, 1], but got "
            f"{format_double(support)}.")
    size = int(1 / support)
    exprs = [df._resolve_col(c) for c in cols]
    sel = df.select(*[Column(e).alias(f"_f{i}") for i, e in enumerate(exprs)])
    ncols = len(exprs)

    def per_partition(batches):
        counters = [_FreqCounter(size) for _ in range(ncols)]
        for b in batches:
            for i in range(ncols):
                for v in b.column(i).to_pylist():
                    counters[i].add(_hashable(v), 1)
        yield [(list(c.counts.items())) for c in counters]

    parts = sel._execute_rdd().mapPartitions(per_partition).collect()
    merged = [_FreqCounter(size) for _ in range(ncols)]
    for part in parts:
        for i, items in enumerate(part):
            for k, n in items:
                merged[i].add(k, n)
    values = []
    for i in range(ncols):
        values.append([_unhash(k) for k in merged[i].counts])
    from . import functions as F
    names = [f"{c}_freqItems" for c in cols]
    schema = StructType([StructField(n, ArrayType(e.data_type, True), True)
                         for n, e in zip(names, exprs)])
    out = df._session.createDataFrame([tuple(values)], schema)
    # non-nullable array columns, as in Spark (see crosstab)
    return out.select(*[F.coalesce(F.col(f"`{n}`"), F.array().cast(ArrayType(e.data_type, True)))
                        .alias(n) for n, e in zip(names, exprs)])


def _unhash(k):
    if isinstance(k, tuple) and len(k) == 2 and k[0] == "__list__":
        return [_unhash(x) for x in k[1]]
    if isinstance(k, tuple) and len(k) == 2 and k[0] == "__dict__":
        return {n: _unhash(x) for n, x in k[1]}
    return k


# =========================================================================================
# approxQuantile
# =========================================================================================
def approx_quantile(df, col, probabilities, relativeError):
    if not isinstance(col, (str, list, tuple)):
        raise PySparkTypeError(
            f"Argument `col` should be list, str or tuple, got {_type_name(col)}.",
            "NOT_EXPECTED_TYPE",
            {"arg_name": "col", "expected_type": "list, str or tuple",
             "arg_type": _type_name(col)})
    single = isinstance(col, str)
    cols = [col] if single else list(col)
    for c in cols:
        if not isinstance(c, str):
            raise PySparkTypeError(
                f"Argument `col`(type: list) should only contain a type in [str], got "
                f"{_type_name(c)}", "DISALLOWED_TYPE_FOR_CONTAINER",
                {"arg_name": "col", "arg_type": "list", "allowed_types": "str",
                 "item_type": _type_name(c)})
    if not isinstance(probabilities, (list, tuple)):
        raise PySparkTypeError(
            f"Argument `probabilities` should be list or tuple, got "
            f"{_type_name(probabilities)}.", "NOT_EXPECTED_TYPE",
            {"arg_name": "probabilities", "expected_type": "list or tuple",
             "arg_type": _type_name(probabilities)})
    probs = []
    for p in probabilities:
        if not (isinstance(p, (float, int)) and 0 <= p <= 1):
            raise PySparkTypeError(
                f"Argument `probabilities` should be list[float, int], got {_type_name(p)}.",
                "NOT_EXPECTED_TYPE",
                {"arg_name": "probabilities", "expected_type": "list[float, int]",
                 "arg_type": _type_name(p)})
        probs.append(float(p))
    if not isinstance(relativeError, (float, int)):
        raise PySparkTypeError(
            f"Argument `relativeError` should be float or int, got "
            f"{_type_name(relativeError)}.", "NOT_EXPECTED_TYPE",
            {"arg_name": "relativeError", "expected_type": "float or int",
             "arg_type": _type_name(relativeError)})
    if relativeError < 0:
        raise PySparkValueError(
            f"Value for `relativeError` must be greater than or equal to 0, got "
            f"'{float(relativeError)}'.", "NEGATIVE_VALUE",
            {"arg_name": "relativeError", "arg_value": str(float(relativeError))})
    exprs = []
    for c in cols:
        e = df._resolve_col(c)
        if not isinstance(e.data_type, NumericType):
            raise IllegalArgumentException(
                f"requirement failed: Quantile calculation for column {c} with data type "
                f"{_spark_type_name(e.data_type)} is not supported.")
        exprs.append(Column(e).cast(DoubleType()).alias(f"_q{len(exprs)}"))
    sums = _partition_summaries(df.select(*exprs), float(relativeError), skip_nan=True)
    result = [s.query(probs) or [] for s in sums]
    return result[0] if single else result


def _spark_type_name(dt: DataType) -> str:
    """``DataType.toString`` on the JVM: ``StringType``, ``DecimalType(10,2)``..."""
    name = type(dt).__name__
    if isinstance(dt, DecimalType):
        return f"DecimalType({dt.precision},{dt.scale})"
    return name


# =========================================================================================
# sampleBy
# =========================================================================================
def sample_by(df, col, fractions, seed=None):
    from . import functions as F
    if isinstance(col, str):
        c = F.col(col)
    elif isinstance(col, Column):
        c = col
    else:
        raise PySparkTypeError(
            f"Argument `col` should be Column or str, got {_type_name(col)}.",
            "NOT_EXPECTED_TYPE", {"arg_name": "col", "expected_type": "Column or str",
                                  "arg_type": _type_name(col)})
    if not isinstance(fractions, dict):
        raise PySparkTypeError(
            f"Argument `fractions` should be dict, got {_type_name(fractions)}.",
            "NOT_EXPECTED_TYPE", {"arg_name": "fractions", "expected_type": "dict",
                                  "arg_type": _type_name(fractions)})
    fr = {}
    for k, v in fractions.items():
        if not isinstance(k, (float, int, str)):
            raise PySparkTypeError(
                f"Argument `fractions`(type: dict) should only contain a type in "
                f"[float, int, str], got {_type_name(k)}", "DISALLOWED_TYPE_FOR_CONTAINER",
                {"arg_name": "fractions", "arg_type": "dict",
                 "allowed_types": "float, int, str", "item_type": _type_name(k)})
        fr[k] = float(v)
    seed = int(seed) if seed is not None else _random.randint(0, sys.maxsize)
    if not all(0.0 <= p <= 1.0 for p in fr.values()):
        shown = ", ".join(f"{_java_key(k)} -> {v}" for k, v in fr.items())
        raise IllegalArgumentException(
            f"requirement failed: Fractions must be in [0, 1], but got Map({shown}).")
    if not fr:
        return df.filter(F.lit(False))
    resolved = df._resolve(c._expr)
    is_str = isinstance(resolved.data_type, StringType)
    is_num = isinstance(resolved.data_type, NumericType)
    frac = None
    for k, p in fr.items():
        # a stratum matches keys of its own kind only (a str key never matches a number)
        if (isinstance(k, str) and not is_str) or (not isinstance(k, str) and not is_num):
            continue
        cond = Column(resolved) == F.lit(k)
        frac = F.when(cond, F.lit(p)) if frac is None else frac.when(cond, F.lit(p))
    if frac is None:
        return df.filter(F.rand(seed) < F.lit(0.0))
    frac = frac.otherwise(F.lit(0.0))
    return df.filter(F.rand(seed) < frac)


def _java_key(k) -> str:
    if isinstance(k, bool):
        return "true" if k else "false"
    return str(k)
