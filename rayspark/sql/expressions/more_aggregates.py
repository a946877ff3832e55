"""More aggregate functions, with Spark's semantics: mode, try_sum / try_avg, bit_and / bit_or /
bit_xor, the regr_* family and string_agg / listagg.

They collect each partition's values in row order (a pyarrow ``list`` aggregation), gather the
partitions' lists in partition order when merging and compute the result in ``finish`` - so
row-order-sensitive results (string_agg's order, try_sum's overflow, the regression moments'
last digits) follow Spark's partial/final evaluation."""
from __future__ import annotations

import decimal
import math
from typing import List

import pyarrow as pa

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (BinaryType, DecimalType, DoubleType, IntegralType, LongType, NullType,
                     NumericType, StringType)
from .aggregates import AggregateFunction, Average, Sum
from .arithmetic import _quoted_type, type_mismatch
from .builtin_functions import _one
from .base import Literal
from .coercion import bounded_decimal, cast_to
from .types_util import arrow_type

__all__ = ["Mode", "TrySum", "TryAvg", "BitAgg", "RegrCount", "RegrAvg", "RegrStat",
           "StringAgg"]


def _partitions(arr: pa.Array) -> List[List[list]]:
    """merged ``list<list<v>>`` -> per group, the partitions' value lists in order."""
    return [[p or [] for p in (g or [])] for g in arr.to_pylist()]


def _dedupe(vals):
    seen, out = set(), []
    for v in vals:
        k = repr(v) if isinstance(v, (list, dict)) else v
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


class _ListAgg(AggregateFunction):
    """Collects every child's values (row order) per partition; ``finish`` sees, per group,
    one list per child holding each partition's list."""

    def partial(self, names):
        return [(n, "list", None) for n in names[:self._nlist()]]

    def merge(self):
        return [("list", None)] * self._nlist()

    def _nlist(self):
        return len(self.children)

    def _groups(self, merged):
        cols = [_partitions(m) for m in merged[:self._nlist()]]
        return list(zip(*cols))

    def _fields_key(self):
        return (self.is_distinct, self.pretty_name)


# -- mode -----------------------------------------------------------------------------------
class Mode(_ListAgg):
    pretty_name = "mode"

    def __init__(self, child, deterministic: bool = False):
        self.children = (child,)
        self.deterministic_ties = deterministic

    @property
    def data_type(self):
        return self.child.data_type

    def _nlist(self):
        return 1

    def finish(self, merged):
        out = []
        for (parts,) in self._groups(merged):
            counts, first = {}, {}
            for p in parts:
                for v in p:
                    if v is None:
                        continue
                    k = ("nan",) if isinstance(v, float) and v != v else \
                        (repr(v) if isinstance(v, (list, dict)) else v)
                    if k not in counts:
                        counts[k] = 0
                        first[k] = v
                    counts[k] += 1
            if not counts:
                out.append(None)
                continue
            best = max(counts.values())
            tied = [first[k] for k, c in counts.items() if c == best]
            if len(tied) > 1 and self.deterministic_ties:
                # the smallest value (NaN is the largest double, as in Spark)
                nans = [v for v in tied if isinstance(v, float) and v != v]
                rest = [v for v in tied if not (isinstance(v, float) and v != v)]
                try:
                    rest.sort()
                except TypeError:
                    pass
                tied = rest + nans
            # without deterministic, Spark returns any of the tied values: here the first seen
            out.append(tied[0])
        return pa.array(out, type=arrow_type(self.data_type))

    def sql(self):
        if self.deterministic_ties:
            return f"mode() WITHIN GROUP (ORDER BY {self.child.sql()} DESC)"
        return f"mode({self.child.sql()})"

    def tree_string(self):
        return self.sql()

    def _fields_key(self):
        return (self.deterministic_ties,)


def _bool_literal(e, name):
    if isinstance(e, Literal) and isinstance(e.value, bool):
        return e.value
    if isinstance(e, Literal) and e.value is None:
        return False
    raise AnalysisException(
        f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{name}\" due to data type "
        f"mismatch: the second parameter requires a constant BOOLEAN. SQLSTATE: 42K09",
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")


@register("mode")
def _mode(args, distinct=False):
    if len(args) not in (1, 2):
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `mode` requires [1, 2] parameters but "
            f"the actual number is {len(args)}. SQLSTATE: 42605",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    det = _bool_literal(args[1], "mode") if len(args) == 2 else False
    return Mode(args[0], det)


# -- try_sum / try_avg ------------------------------------------------------------------------
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1


def _fits_decimal(v: decimal.Decimal, dt: DecimalType) -> bool:
    return v.is_finite() and v.adjusted() < dt.precision - dt.scale


class _TryMixin:
    """try_sum/try_avg: integral and decimal (and DISTINCT) inputs are collected per partition
    and added exactly in ``finish``, where overflow turns into NULL; others take the parent's
    vectorised path."""

    def __init__(self, child, distinct: bool = False):
        self.children = (child,)
        self.is_distinct = distinct

    def _exact(self):
        return self.is_distinct or isinstance(self.child.data_type, (IntegralType, DecimalType))

    def partial(self, names):
        return [(names[0], "list", None)] if self._exact() else super().partial(names)

    def merge(self):
        return [("list", None)] if self._exact() else super().merge()

    def sql(self):
        d = "DISTINCT " if self.is_distinct else ""
        return f"{self.pretty_name}({d}{self.child.sql()})"

    def tree_string(self):
        return self.sql()

    def _fields_key(self):
        return (self.is_distinct,)


class TrySum(_TryMixin, Sum):
    """try_sum: sum, but NULL where Spark's sum would overflow (integral: the running sum of a
    partition or the merge of partitions leaves the long range; decimal: the sum does not fit
    the result type). Double sums are plain sums (they reach infinity)."""
    pretty_name = "try_sum"

    def finish(self, merged):
        if not self._exact():
            return super().finish(merged)
        dt = self.data_type
        out = []
        for parts in _partitions(merged[0]):
            if self.is_distinct:
                parts = [_dedupe(v for p in parts for v in p if v is not None)]
            out.append(self._total(parts, dt))
        return pa.array(out, type=arrow_type(dt))

    def _total(self, parts, dt):
        if isinstance(dt, LongType):
            total, seen = 0, False
            for p in parts:
                s, any_ = 0, False
                for v in p:
                    if v is None:
                        continue
                    s += v
                    any_ = True
                    if not _LONG_MIN <= s <= _LONG_MAX:
                        return None
                if any_:
                    total += s
                    seen = True
                    if not _LONG_MIN <= total <= _LONG_MAX:
                        return None
            return total if seen else None
        vals = [v for p in parts for v in p if v is not None]
        if not vals:
            return None
        if isinstance(dt, DecimalType):
            ctx = decimal.Context(prec=80)
            total = sum(vals, decimal.Decimal(0))
            total = ctx.plus(total)
            return total if _fits_decimal(total, dt) else None
        total = 0.0
        for v in vals:
            total += float(v)
        return total



class TryAvg(_TryMixin, Average):
    """try_avg: avg, but NULL where a decimal average's sum or result overflows (integral and
    double inputs average as doubles and never overflow)."""
    pretty_name = "try_avg"

    def finish(self, merged):
        if not self._exact():
            return super().finish(merged)
        dt = self.data_type
        in_dt = self.child.data_type
        out = []
        for parts in _partitions(merged[0]):
            vals = [v for p in parts for v in p if v is not None]
            if self.is_distinct:
                vals = _dedupe(vals)
            if not vals:
                out.append(None)
                continue
            if not isinstance(dt, DecimalType):
                s = 0.0
                for v in vals:
                    s += float(v)
                out.append(s / len(vals))
                continue
            ctx = decimal.Context(prec=80)
            total = ctx.plus(sum(vals, decimal.Decimal(0)))
            if not _fits_decimal(total, bounded_decimal(in_dt.precision + 10, in_dt.scale)):
                out.append(None)
                continue
            q = decimal.Decimal(1).scaleb(-dt.scale)
            avg = ctx.divide(total, decimal.Decimal(len(vals))).quantize(
                q, rounding=decimal.ROUND_HALF_UP, context=ctx)
            out.append(avg if _fits_decimal(avg, dt) else None)
        return pa.array(out, type=arrow_type(dt))



@register("try_sum")
def _try_sum(args, distinct=False):
    return TrySum(_one(args, "try_sum"), distinct)


@register("try_avg")
def _try_avg(args, distinct=False):
    return TryAvg(_one(args, "try_avg"), distinct)



# -- bit_and / bit_or / bit_xor ---------------------------------------------------------------
class BitAgg(_ListAgg):
    """bit_and / bit_or / bit_xor over an integral column; the result has the input's type."""

    def __init__(self, child, op: str, distinct: bool = False):
        self.children = (child,)
        self.pretty_name = op
        self.is_distinct = distinct

    @property
    def data_type(self):
        return self.child.data_type

    def coerce(self):
        dt = self.child.data_type
        if isinstance(dt, (IntegralType, NullType)):
            return self
        raise type_mismatch(self, f"The first parameter requires the \"INTEGRAL\" type, "
                            f"however \"{self.child.sql()}\" has the type {_quoted_type(dt)}",
                            "UNEXPECTED_INPUT_TYPE")

    def finish(self, merged):
        out = []
        for (parts,) in self._groups(merged):
            vals = [v for p in parts for v in p if v is not None]
            if self.is_distinct:
                vals = _dedupe(vals)
            if not vals:
                out.append(None)
                continue
            acc = vals[0]
            for v in vals[1:]:
                if self.pretty_name == "bit_and":
                    acc &= v
                elif self.pretty_name == "bit_or":
                    acc |= v
                else:
                    acc ^= v
            out.append(acc)
        return pa.array(out, type=arrow_type(self.data_type))


def _bit(op):
    def build(args, distinct=False):
        return BitAgg(_one(args, op), op, distinct)
    return build


for _op in ("bit_and", "bit_or", "bit_xor"):
    register(_op)(_bit(_op))


# -- regr_* -----------------------------------------------------------------------------------
def _pair_filter(ys, xs):
    return [(y, x) for y, x in zip(ys, xs) if y is not None and x is not None]


class _RegrBase(_ListAgg):
    """regr_*(y, x): over the rows where both y and x are non-null."""

    def __init__(self, y, x, name: str):
        self.children = (y, x)
        self.pretty_name = name

    def _fields_key(self):
        return (self.pretty_name,)

    def _pairs_by_partition(self, merged):
        for ys_parts, xs_parts in self._groups(merged):
            yield [_pair_filter(ys, xs) for ys, xs in zip(ys_parts, xs_parts)]


class RegrCount(_RegrBase):
    @property
    def data_type(self):
        return LongType()

    @property
    def nullable(self):
        return False

    def finish(self, merged):
        return pa.array([sum(len(p) for p in parts)
                         for parts in self._pairs_by_partition(merged)], pa.int64())

    def empty_value(self):
        return 0


class RegrAvg(_RegrBase):
    """regr_avgx / regr_avgy: avg of x (or y) over the pairs, with avg's result type."""

    @property
    def _target(self):
        return self.children[1] if self.pretty_name == "regr_avgx" else self.children[0]

    @property
    def data_type(self):
        dt = self._target.data_type
        if isinstance(dt, DecimalType):
            return bounded_decimal(dt.precision + 4, dt.scale + 4)
        return DoubleType()

    def coerce(self):
        kids = []
        for c in self.children:
            dt = c.data_type
            if isinstance(dt, (StringType,)):
                c = cast_to(c, DoubleType())
            elif not isinstance(dt, (NumericType, NullType)):
                raise type_mismatch(self, f"the parameter requires the \"NUMERIC\" type, "
                                    f"however \"{c.sql()}\" has the type {_quoted_type(dt)}",
                                    "UNEXPECTED_INPUT_TYPE")
            kids.append(c)
        return self.with_children(kids)

    def finish(self, merged):
        dt = self.data_type
        idx = 1 if self.pretty_name == "regr_avgx" else 0
        out = []
        for parts in self._pairs_by_partition(merged):
            vals = [p[idx] for part in parts for p in part]
            if not vals:
                out.append(None)
            elif isinstance(dt, DecimalType):
                ctx = decimal.Context(prec=80)
                q = decimal.Decimal(1).scaleb(-dt.scale)
                avg = ctx.divide(ctx.plus(sum(vals, decimal.Decimal(0))),
                                 decimal.Decimal(len(vals))).quantize(
                    q, rounding=decimal.ROUND_HALF_UP, context=ctx)
                out.append(avg if _fits_decimal(avg, dt) else None)
            else:
                total = 0.0
                for part in parts:
                    s = 0.0
                    for p in part:
                        s += float(p[idx])
                    total += s
                out.append(total / len(vals))
        return pa.array(out, type=arrow_type(dt))


class RegrStat(_RegrBase):
    """regr_sxx / syy / sxy / slope / intercept / r2 from Spark's moment buffers, updated row by
    row within a partition and merged partition after partition with Spark's formulas."""

    @property
    def data_type(self):
        return DoubleType()

    def coerce(self):
        return self.with_children([cast_to(c, DoubleType()) for c in self.children])

    @staticmethod
    def _moments(part):
        # n, xAvg, yAvg, ck, xMk, yMk (PearsonCorrelation), m2x, m2y (CentralMomentAgg)
        n = xa = ya = ck = xmk = ymk = m2x = m2y = 0.0
        for y, x in part:
            n1 = n + 1.0
            dx = x - xa
            dxn = dx / n1
            dy = y - ya
            dyn = dy / n1
            nxa, nya = xa + dxn, ya + dyn
            ck += dx * (y - nya)
            xmk += dx * (x - nxa)
            ymk += dy * (y - nya)
            m2x += dx * (dx - dxn)
            m2y += dy * (dy - dyn)
            n, xa, ya = n1, nxa, nya
        return [n, xa, ya, ck, xmk, ymk, m2x, m2y]

    @staticmethod
    def _merge(a, b):
        n1, xa1, ya1, ck1, xmk1, ymk1, m2x1, m2y1 = a
        n2, xa2, ya2, ck2, xmk2, ymk2, m2x2, m2y2 = b
        n = n1 + n2
        dx = xa2 - xa1
        dxn = 0.0 if n == 0 else dx / n
        dy = ya2 - ya1
        dyn = 0.0 if n == 0 else dy / n
        return [n, xa1 + dxn * n2, ya1 + dyn * n2, ck1 + ck2 + dx * dyn * n1 * n2,
                xmk1 + xmk2 + dx * dxn * n1 * n2, ymk1 + ymk2 + dy * dyn * n1 * n2,
                m2x1 + m2x2 + dx * dxn * n1 * n2, m2y1 + m2y2 + dy * dyn * n1 * n2]

    def _stat(self, m):
        n, xa, ya, ck, xmk, ymk, m2x, m2y = m
        if n == 0:
            return None
        name = self.pretty_name
        if name == "regr_sxx":
            return m2x
        if name == "regr_syy":
            return m2y
        if name == "regr_sxy":
            return ck
        var_x = m2x / n
        if var_x == 0.0:
            return None
        if name == "regr_r2":
            if m2y / n == 0.0:
                return 1.0
            if n == 1.0:
                return float("nan")
            corr = ck / math.sqrt(xmk * ymk)
            return corr * corr
        slope = (ck / n) / var_x
        if name == "regr_slope":
            return slope
        return ya - slope * xa

    def finish(self, merged):
        out = []
        for parts in self._pairs_by_partition(merged):
            m = [0.0] * 8
            for part in parts:
                m = self._merge(m, self._moments(part))
            out.append(self._stat(m))
        return pa.array(out, type=pa.float64())


def _regr(name, cls):
    def build(args, distinct=False):
        if len(args) != 2:
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires 2 parameters but "
                f"the actual number is {len(args)}. SQLSTATE: 42605",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        return cls(args[0], args[1], name)
    return build


register("regr_count")(_regr("regr_count", RegrCount))
for _n in ("regr_avgx", "regr_avgy"):
    register(_n)(_regr(_n, RegrAvg))
for _n in ("regr_sxx", "regr_syy", "regr_sxy", "regr_slope", "regr_intercept", "regr_r2"):
    register(_n)(_regr(_n, RegrStat))


# -- string_agg / listagg ---------------------------------------------------------------------
class StringAgg(_ListAgg):
    """string_agg / listagg(col[, delimiter]): the non-null values joined in input order (the
    partitions' rows in partition order); binary input gives binary. NULL over no values."""

    def __init__(self, child, delimiter, name: str = "string_agg", distinct: bool = False):
        self.children = (child, delimiter)
        self.pretty_name = name
        self.is_distinct = distinct

    def _nlist(self):
        return 1

    def partial(self, names):
        return [(names[0], "list", None)]

    @property
    def data_type(self):
        return BinaryType() if isinstance(self.child.data_type, BinaryType) else StringType()

    def coerce(self):
        d = self.children[1]
        if not d.foldable:
            raise type_mismatch(self, "the input `delimiter` should be a foldable \"STRING\" "
                                f"expression; however, got \"{d.sql()}\"",
                                "NON_FOLDABLE_INPUT")
        c = self.child
        if isinstance(c.data_type, BinaryType):
            if not isinstance(d.data_type, (BinaryType, NullType)):
                d = cast_to(d, BinaryType())
        else:
            if not isinstance(c.data_type, StringType):
                c = cast_to(c, StringType())
            if not isinstance(d.data_type, (StringType, NullType)):
                d = cast_to(d, StringType())
        return self.with_children([c, d])

    def _delimiter(self):
        d = self.children[1]
        v = d.value if isinstance(d, Literal) else \
            d.eval(pa.record_batch([pa.array([0])], ["x"])).as_py()
        binary = isinstance(self.data_type, BinaryType)
        if v is None:
            return b"" if binary else ""
        if binary and isinstance(v, str):
            return v.encode()
        return v

    def finish(self, merged):
        sep = self._delimiter()
        out = []
        for (parts,) in self._groups(merged):
            vals = [v for p in parts for v in p if v is not None]
            if self.is_distinct:
                vals = _dedupe(vals)
            out.append(sep.join(vals) if vals else None)
        return pa.array(out, type=arrow_type(self.data_type))

    def sql(self):
        d = "DISTINCT " if self.is_distinct else ""
        return f"{self.pretty_name}({d}{self.child.sql()}, {self.children[1].sql()})"

    def tree_string(self):
        return self.sql()


def _string_agg(name):
    def build(args, distinct=False):
        if len(args) not in (1, 2):
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires [1, 2] parameters "
                f"but the actual number is {len(args)}. SQLSTATE: 42605",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        delim = args[1] if len(args) == 2 else Literal(None, NullType())
        return StringAgg(args[0], delim, name, distinct)
    return build


for _n in ("string_agg", "listagg"):
    register(_n)(_string_agg(_n))
