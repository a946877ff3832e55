"""Aggregate functions, each split into a partial step (per map partition), a merge of
partial buffers (after the exchange by grouping keys) and a finish step - Spark's
Partial/Final aggregation, executed by pyarrow's hash aggregation kernels.

An aggregate describes itself to the hash-aggregate operator through:
``partial(names)`` -> aggregations over its input columns (pyarrow ``group_by`` specs) that make
its buffer columns; ``prepare_merge(buffers)`` -> optional rewrite of the buffers before
merging; ``merge()`` -> one pyarrow aggregation per (prepared) buffer; ``finish(merged)`` -> the
result array.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..types import (ArrayType, BooleanType, DataType, DecimalType, DoubleType, FloatType,
                     IntegralType, LongType, NullType, NumericType, StringType, StructType,
                     StructField)
from .arithmetic import type_mismatch, _quoted_type
from .base import Expression, Literal
from .coercion import bounded_decimal, cast_to
from .types_util import arrow_type

__all__ = ["AggregateFunction", "Count", "Sum", "Average", "Min", "Max", "First", "Last",
           "CollectList", "CollectSet", "CountDistinct", "StddevSamp", "StddevPop",
           "VarianceSamp", "VariancePop", "Corr", "CovSamp", "CovPop", "AnyValue",
           "ApproxCountDistinct", "BoolAnd", "BoolOr", "Product", "MaxBy", "MinBy",
           "Percentile", "is_aggregate", "SumDistinct", "Skewness", "Kurtosis", "Median",
           "CountIf"]

_COUNT_VALID = pc.CountOptions(mode="only_valid")


def is_aggregate(e: Expression) -> bool:
    return any(isinstance(x, AggregateFunction) for x in e.walk())


class AggregateFunction(Expression):
    is_distinct = False

    def __init__(self, *children: Expression):
        self.children = tuple(children)

    @property
    def child(self):
        return self.children[0]

    @property
    def foldable(self):
        return False

    def sql(self):
        d = "DISTINCT " if self.is_distinct else ""
        return f"{self.pretty_name}({d}{', '.join(c.sql() for c in self.children)})"

    def tree_string(self):
        d = "distinct " if self.is_distinct else ""
        return f"{self.pretty_name}({d}{', '.join(c.tree_string() for c in self.children)})"

    # -- execution contract ------------------------------------------------------------
    def partial(self, names: Sequence[str]) -> List[tuple]:
        raise NotImplementedError

    def prepare_merge(self, buffers: List[pa.Array]) -> List[pa.Array]:
        return buffers

    def merge(self) -> List[tuple]:
        raise NotImplementedError

    def finish(self, merged: List[pa.Array]) -> pa.Array:
        return merged[0]

    def empty_value(self):
        """Result over no rows at all (global aggregate of an empty input)."""
        return None

    def _require_numeric(self, allow_string=True):
        dt = self.child.data_type
        if isinstance(dt, (NumericType, NullType)):
            return self
        if allow_string and isinstance(dt, StringType):
            return self.with_children([cast_to(self.child, DoubleType())] + list(self.children[1:]))
        raise type_mismatch(self, f"the parameter requires the \"NUMERIC\" type, however "
                            f"{self.child.sql()} has the type {_quoted_type(dt)}",
                            "UNEXPECTED_INPUT_TYPE")


def _cast(arr, dt):
    at = arrow_type(dt)
    return arr if arr.type == at else pc.cast(arr, at)


class Count(AggregateFunction):
    pretty_name = "count"

    @property
    def data_type(self):
        return LongType()

    @property
    def nullable(self):
        return False

    def sql(self):
        if not self.children:
            # count(*) and count(<non-NULL literal>) count rows; Spark names them after the
            # literal (count(1), count(0), count(x))
            return f"count({getattr(self, 'shown', '1')})"
        return super().sql()

    def partial(self, names):
        if not names:
            return [([], "count_all", None)]
        return [(names[0], "count", _COUNT_VALID)]

    def merge(self):
        return [("sum", None)]

    def finish(self, merged):
        return pc.fill_null(_cast(merged[0], LongType()), 0)

    def empty_value(self):
        return 0


class CountIf(Count):
    pretty_name = "count_if"

    def partial(self, names):
        return [(names[0], "sum", None)]

    def prepare_input(self, arr):
        return pc.cast(pc.fill_null(arr, False), pa.int64())

    def sql(self):
        return AggregateFunction.sql(self)


class Sum(AggregateFunction):
    pretty_name = "sum"

    @property
    def data_type(self):
        dt = self.child.data_type
        if isinstance(dt, DecimalType):
            return bounded_decimal(dt.precision + 10, dt.scale)
        if isinstance(dt, IntegralType):
            return LongType()
        return DoubleType()

    @property
    def nullable(self):
        return True

    def coerce(self):
        out = self._require_numeric()
        if type(out) is Sum and len(out.children) == 1 and \
                isinstance(out.child.data_type, IntegralType):
            # a hidden double copy of the input: Arrow's integer sums wrap around silently,
            # the double sum shows when they did (they then differ by about 2^64), and Spark
            # (ANSI) raises ARITHMETIC_OVERFLOW there
            from .cast import Cast
            out = out.with_children([out.child, Cast(out.child, DoubleType())])
        return out

    def partial(self, names):
        return [(n, "sum", pc.ScalarAggregateOptions(min_count=1)) for n in names[:2]]

    def merge(self):
        return [("sum", pc.ScalarAggregateOptions(min_count=1))] * min(2, len(self.children))

    def finish(self, merged):
        if len(merged) == 2:
            exact, approx = merged
            e = exact.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False)
            a = approx.to_numpy(zero_copy_only=False)
            with np.errstate(invalid="ignore"):
                if np.any(np.abs(e - a) > 2.0 ** 62):
                    from .arithmetic import _overflow_plain
                    raise _overflow_plain()
        return _cast(merged[0], self.data_type)

    def sql(self):
        return f"{self.pretty_name}({self.children[0].sql()})" if not self.is_distinct \
            else super().sql()

    def tree_string(self):
        return f"{self.pretty_name}({self.children[0].tree_string()})" if not self.is_distinct \
            else super().tree_string()


class SumDistinct(Sum):
    is_distinct = True

    def partial(self, names):
        return [(names[0], "distinct", None)]

    def merge(self):
        return [("list", None)]

    def finish(self, merged):
        vals = []
        for groups in merged[0].to_pylist():
            s = set()
            for part in groups or []:
                s.update(v for v in part if v is not None)
            vals.append(sum(s) if s else None)
        if isinstance(self.data_type, LongType) and any(
                v is not None and not -2 ** 63 <= v < 2 ** 63 for v in vals):
            from .arithmetic import _overflow_plain
            raise _overflow_plain()
        return pa.array(vals, type=arrow_type(self.data_type))


class Product(AggregateFunction):
    pretty_name = "product"

    @property
    def data_type(self):
        return DoubleType()

    def coerce(self):
        return self.with_children([cast_to(self.child, DoubleType())])

    def partial(self, names):
        return [(names[0], "product", pc.ScalarAggregateOptions(min_count=1))]

    def merge(self):
        return [("product", pc.ScalarAggregateOptions(min_count=1))]


class Average(AggregateFunction):
    pretty_name = "avg"

    @property
    def data_type(self):
        dt = self.child.data_type
        if isinstance(dt, DecimalType):
            return bounded_decimal(dt.precision + 4, dt.scale + 4)
        return DoubleType()

    @property
    def nullable(self):
        return True

    def coerce(self):
        return self._require_numeric()

    def prepare_input(self, arr):
        # Spark averages integers with a double sum (no overflow)
        return pc.cast(arr, pa.float64(), safe=False) if pa.types.is_integer(arr.type) else arr

    def partial(self, names):
        return [(names[0], "sum", pc.ScalarAggregateOptions(min_count=1)),
                (names[0], "count", _COUNT_VALID)]

    def merge(self):
        return [("sum", pc.ScalarAggregateOptions(min_count=1)), ("sum", None)]

    def finish(self, merged):
        s, n = merged
        if isinstance(self.data_type, DecimalType):
            import decimal
            q = decimal.Decimal(1).scaleb(-self.data_type.scale)
            ctx = decimal.Context(prec=60)
            return pa.array([None if a is None or not c else
                             ctx.divide(a, decimal.Decimal(c)).quantize(
                                 q, rounding=decimal.ROUND_HALF_UP)
                             for a, c in zip(s.to_pylist(), n.to_pylist())],
                            type=arrow_type(self.data_type))
        n = pc.cast(n, pa.float64())
        zero = pc.equal(n, 0.0)
        return pc.if_else(zero, None, pc.divide(pc.cast(s, pa.float64()), n))


class Min(AggregateFunction):
    pretty_name = "min"
    fn = "min"

    @property
    def data_type(self):
        return self.child.data_type

    def partial(self, names):
        return [(names[0], self.fn, None)]

    def merge(self):
        return [(self.fn, None)]

    def finish(self, merged):
        return _cast(merged[0], self.data_type) if not isinstance(self.data_type, NullType) \
            else merged[0]


class Max(Min):
    """max; over floating-point input a hidden second child (isnan) makes NaN the largest
    value, as in Spark (Arrow's max skips NaN)."""
    pretty_name = "max"
    fn = "max"

    def coerce(self):
        from .predicates import IsNaN
        if len(self.children) == 1 and isinstance(self.child.data_type, (FloatType, DoubleType)):
            return self.with_children([self.child, IsNaN(self.child)])
        return self

    def partial(self, names):
        if len(self.children) == 2:
            return [(names[0], "max", None), (names[1], "any", None)]
        return super().partial(names)

    def merge(self):
        if len(self.children) == 2:
            return [("max", None), ("any", None)]
        return super().merge()

    def finish(self, merged):
        if len(self.children) == 2:
            mx, nan = merged
            out = pc.if_else(pc.fill_null(nan, False), pa.scalar(float("nan"), mx.type), mx)
            return _cast(out, self.data_type)
        return super().finish(merged)

    def sql(self):
        return f"{self.pretty_name}({self.children[0].sql()})"

    def tree_string(self):
        return f"{self.pretty_name}({self.children[0].tree_string()})"


class BoolAnd(Min):
    pretty_name = "bool_and"
    fn = "all"

    @property
    def data_type(self):
        return BooleanType()

    def coerce(self):
        dt = self.child.data_type
        if isinstance(dt, (BooleanType, NullType)):
            return self
        raise type_mismatch(self, f"The first parameter requires the \"BOOLEAN\" type, however "
                            f"\"{self.child.sql()}\" has the type {_quoted_type(dt)}",
                            "UNEXPECTED_INPUT_TYPE")

    def partial(self, names):
        return [(names[0], "all", pc.ScalarAggregateOptions(skip_nulls=True, min_count=1))]

    def merge(self):
        return [("all", pc.ScalarAggregateOptions(skip_nulls=True, min_count=1))]


class BoolOr(BoolAnd):
    pretty_name = "bool_or"

    def partial(self, names):
        return [(names[0], "any", pc.ScalarAggregateOptions(skip_nulls=True, min_count=1))]

    def merge(self):
        return [("any", pc.ScalarAggregateOptions(skip_nulls=True, min_count=1))]


class First(AggregateFunction):
    pretty_name = "first"
    fn = "first"

    def __init__(self, child, ignore_nulls: bool = False):
        self.children = (child,)
        self.ignore_nulls = ignore_nulls

    @property
    def data_type(self):
        return self.child.data_type

    def partial(self, names):
        return [(names[0], self.fn, pc.ScalarAggregateOptions(skip_nulls=self.ignore_nulls,
                                                              min_count=0))]

    def merge(self):
        return [(self.fn, pc.ScalarAggregateOptions(skip_nulls=self.ignore_nulls, min_count=0))]

    def _fields_key(self):
        return (self.ignore_nulls,)


class Last(First):
    pretty_name = "last"
    fn = "last"


class AnyValue(First):
    pretty_name = "any_value"


def _flatten_groups(arr: pa.Array) -> List[list]:
    out = []
    for groups in arr.to_pylist():
        vals = []
        for part in groups or []:
            if part:
                vals.extend(part)
        out.append(vals)
    return out


class CollectList(AggregateFunction):
    pretty_name = "collect_list"

    @property
    def data_type(self):
        return ArrayType(self.child.data_type, False)

    @property
    def nullable(self):
        return False

    def partial(self, names):
        return [(names[0], "list", None)]

    def merge(self):
        return [("list", None)]

    def finish(self, merged):
        at = arrow_type(self.data_type)
        return pa.array([[v for v in g if v is not None] for g in _flatten_groups(merged[0])],
                        type=at)

    def empty_value(self):
        return []


class CollectSet(CollectList):
    pretty_name = "collect_set"

    def partial(self, names):
        return [(names[0], "distinct", None)]

    def finish(self, merged):
        at = arrow_type(self.data_type)
        out = []
        for g in _flatten_groups(merged[0]):
            seen, vals = set(), []
            for v in g:
                if v is None:
                    continue
                key = repr(v) if isinstance(v, (list, dict)) else v
                if key not in seen:
                    seen.add(key)
                    vals.append(v)
            out.append(vals)
        return pa.array(out, type=at)


class CountDistinct(AggregateFunction):
    pretty_name = "count"
    is_distinct = True

    @property
    def data_type(self):
        return LongType()

    @property
    def nullable(self):
        return False

    def _by_lists(self) -> bool:
        """Arrow's hash "distinct" takes one column: several columns
        (``count(DISTINCT a, b)``) collect the values per group instead."""
        return len(self.children) > 1

    @staticmethod
    def prepare_input(arr):
        """Arrow cannot hash nested values (struct, list, map): count their text forms."""
        t = arr.type
        if pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t) or \
                pa.types.is_map(t):
            return pa.array([None if v is None else repr(v) for v in arr.to_pylist()],
                            pa.string())
        return arr

    def partial(self, names):
        if self._by_lists():
            return [(n, "list", None) for n in names]
        return [(names[0], "distinct", None)]

    def merge(self):
        return [("list", None)] * (len(self.children) if self._by_lists() else 1)

    def finish(self, merged):
        def key(v):
            return repr(v) if isinstance(v, (dict, list)) else v
        out = []
        # a tuple counts when none of its values is NULL (Spark's count(DISTINCT a, b))
        for rows in zip(*(_flatten_groups(m) for m in merged)):
            out.append(len({tuple(key(v) for v in t) for t in zip(*rows)
                            if all(v is not None for v in t)}))
        return pa.array(out, type=pa.int64())

    def empty_value(self):
        return 0


class ApproxCountDistinct(CountDistinct):
    pretty_name = "approx_count_distinct"
    is_distinct = False

    def __init__(self, child, rsd: float = 0.05):
        self.children = (child,)
        self.rsd = rsd


class _Moments(AggregateFunction):
    """Variance family with Spark's buffers (n, avg, m2). Small partitions update them row by
    row exactly as Spark's CentralMomentAgg does; large ones compute them vectorised. Partial
    buffers are merged in partition order with Spark's merge formula, so results on small data
    match Spark to the last digit."""
    ddof = 1
    take_sqrt = False

    @property
    def data_type(self):
        return DoubleType()

    def coerce(self):
        node = self._require_numeric()
        return node.with_children([cast_to(node.child, DoubleType())])

    def partial(self, names):
        return [(names[0], "count", _COUNT_VALID), (names[0], "mean", None),
                (names[0], "variance", pc.VarianceOptions(ddof=0))]

    def finish_partial(self, buffers, groups_of_values=None):
        """(count, mean, population variance) -> (n, avg, m2); with the values of each group
        in row order, Spark's row-by-row update instead."""
        n, avg, var = [b.combine_chunks() if isinstance(b, pa.ChunkedArray) else b
                       for b in buffers]
        if groups_of_values is not None:
            ns, avgs, m2s = [], [], []
            for vals in groups_of_values:
                cnt, a, m2 = 0.0, 0.0, 0.0
                for x in vals:
                    if x is None:
                        continue
                    cnt += 1.0
                    delta = x - a
                    delta_n = delta / cnt
                    a += delta_n
                    m2 += delta * (delta - delta_n)
                ns.append(int(cnt))
                avgs.append(a)
                m2s.append(m2)
            return [pa.array(ns, pa.int64()), pa.array(avgs, pa.float64()),
                    pa.array(m2s, pa.float64())]
        nf = pc.cast(n, pa.float64())
        m2 = pc.fill_null(pc.multiply(pc.cast(var, pa.float64()), nf), 0.0)
        return [n, pc.fill_null(pc.cast(avg, pa.float64()), 0.0), m2]

    def merge(self):
        return [("list", None), ("list", None), ("list", None)]

    def finish(self, merged):
        import math
        out = []
        for ns, avgs, m2s in zip(*(m.to_pylist() for m in merged)):
            n, avg, m2 = 0.0, 0.0, 0.0
            for n2, avg2, m2_2 in zip(ns or [], avgs or [], m2s or []):
                if n2 is None:
                    continue
                n2 = float(n2)
                total = n + n2
                delta = avg2 - avg
                delta_n = delta / total if total != 0 else 0.0
                avg = avg + delta_n * n2
                m2 = m2 + m2_2 + delta * delta_n * n * n2
                n = total
            if n <= self.ddof:
                out.append(None)
                continue
            v = m2 / (n - self.ddof)
            out.append(math.sqrt(v) if self.take_sqrt else v)
        return pa.array(out, type=pa.float64())


class VarianceSamp(_Moments):
    pretty_name = "var_samp"


class VariancePop(_Moments):
    pretty_name = "var_pop"
    ddof = 0


class StddevSamp(_Moments):
    pretty_name = "stddev_samp"
    take_sqrt = True


class StddevPop(_Moments):
    pretty_name = "stddev_pop"
    ddof = 0
    take_sqrt = True


class Skewness(_Moments):
    """skewness / kurtosis with Spark's CentralMomentAgg buffers (n, avg, m2, m3, m4): each
    partition updates them row by row in row order, the final step merges the partitions'
    buffers in order with Spark's merge formulas, so small inputs match Spark's digits."""
    pretty_name = "skewness"

    def partial(self, names):
        return [(names[0], "list", None)]

    def finish_partial(self, buffers, groups_of_values=None):
        if groups_of_values is None:
            lists = buffers[0]
            if isinstance(lists, pa.ChunkedArray):
                lists = lists.combine_chunks()
            groups_of_values = lists.to_pylist()
        out = []
        for vals in groups_of_values:
            n = avg = m2 = m3 = m4 = 0.0
            for x in vals or []:
                if x is None:
                    continue
                n += 1.0
                delta = x - avg
                delta_n = delta / n
                avg = avg + delta_n
                m2 = m2 + delta * (delta - delta_n)
                delta2 = delta * delta
                delta_n2 = delta_n * delta_n
                m3 = m3 - 3.0 * delta_n * m2 + delta * (delta2 - delta_n2)
                m4 = m4 - 4.0 * delta_n * m3 - 6.0 * delta_n2 * m2 + \
                    delta * (delta * delta2 - delta_n * delta_n2)
            out.append([n, avg, m2, m3, m4])
        return [pa.array(out, pa.list_(pa.float64()))]

    def prepare_merge(self, buffers):
        return buffers

    def merge(self):
        return [("list", None)]

    def finish(self, merged):
        out = []
        for parts in merged[0].to_pylist():
            n = avg = m2 = m3 = m4 = 0.0
            for b in parts or []:
                if not b:
                    continue
                n2, avg2, m2_2, m3_2, m4_2 = b
                n1 = n
                total = n1 + n2
                delta = avg2 - avg
                delta_n = 0.0 if total == 0.0 else delta / total
                new_avg = avg + delta_n * n2
                new_m2 = m2 + m2_2 + delta * delta_n * n1 * n2
                new_m3 = m3 + m3_2 + delta_n * delta_n * delta * n1 * n2 * (n1 - n2) + \
                    3.0 * delta_n * (n1 * m2_2 - n2 * m2)
                new_m4 = m4 + m4_2 + \
                    delta_n * delta_n * delta_n * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) + \
                    6.0 * delta_n * delta_n * (n1 * n1 * m2_2 + n2 * n2 * m2) + \
                    4.0 * delta_n * (n1 * m3_2 - n2 * m3)
                n, avg, m2, m3, m4 = total, new_avg, new_m2, new_m3, new_m4
            if n == 0.0 or m2 == 0.0:
                out.append(None)
                continue
            out.append(self._stat(n, m2, m3, m4))
        return pa.array(out, type=pa.float64())

    def _stat(self, n, m2, m3, m4):
        import math
        return math.sqrt(n) * m3 / math.sqrt(m2 * m2 * m2)


class Kurtosis(Skewness):
    pretty_name = "kurtosis"

    def _stat(self, n, m2, m3, m4):
        return n * m4 / (m2 * m2) - 3.0


class _CoMoments(AggregateFunction):
    """corr / covar_samp / covar_pop over pairs where both values are non-null."""

    @property
    def data_type(self):
        return DoubleType()

    def coerce(self):
        return self.with_children([cast_to(c, DoubleType()) for c in self.children])

    def partial(self, names):
        return [(names[0], "list", None), (names[1], "list", None)]

    def merge(self):
        return [("list", None), ("list", None)]

    def finish(self, merged):
        import numpy as np
        out = []
        for xs, ys in zip(_flatten_groups(merged[0]), _flatten_groups(merged[1])):
            pairs = [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None]
            if not pairs:
                out.append(None)
                continue
            x = np.array([p[0] for p in pairs])
            y = np.array([p[1] for p in pairs])
            out.append(self._stat(x, y))
        return pa.array(out, type=pa.float64())


class Corr(_CoMoments):
    pretty_name = "corr"

    def _stat(self, x, y):
        n = len(x)
        if n < 2:
            return None
        dx, dy = x - x.mean(), y - y.mean()
        c = (dx * dy).sum()
        vx, vy = (dx * dx).sum(), (dy * dy).sum()
        if vx == 0 or vy == 0:
            return None
        return float(c / (vx ** 0.5 * vy ** 0.5))


class CovSamp(_CoMoments):
    pretty_name = "covar_samp"

    def _stat(self, x, y):
        n = len(x)
        if n < 2:
            return None
        return float(((x - x.mean()) * (y - y.mean())).sum() / (n - 1))


class CovPop(_CoMoments):
    pretty_name = "covar_pop"

    def _stat(self, x, y):
        return float(((x - x.mean()) * (y - y.mean())).sum() / len(x))


class MaxBy(AggregateFunction):
    """max_by(x, ord) / min_by(x, ord); with a third argument ``k`` (Spark 4.3) the ``x``
    of the k rows with the largest (smallest) ``ord`` as an array, best first."""
    pretty_name = "max_by"
    pick_max = True

    def __init__(self, *children):
        self.children = tuple(children)

    @property
    def k(self):
        return self.children[2].value if len(self.children) > 2 else None

    @property
    def data_type(self):
        if len(self.children) > 2:
            return ArrayType(self.children[0].data_type, True)
        return self.children[0].data_type

    def coerce(self):
        if len(self.children) < 3:
            return self
        k = self.children[2]
        if not k.foldable:
            raise type_mismatch(self, "the input k should be a foldable int expression; "
                                f"however, got {k.sql()}", "NON_FOLDABLE_INPUT")
        from .base import Literal as _Lit
        from ..types import IntegerType
        if not isinstance(k, _Lit):
            k = _Lit(k.eval(pa.record_batch({"_": pa.array([0])})).as_py(), k.data_type)
        if not isinstance(k.data_type, IntegralType) or k.value is None:
            raise type_mismatch(self, "the input k should be a foldable int expression; "
                                f"however, got {k.sql()}", "NON_FOLDABLE_INPUT")
        if not 1 <= k.value <= 100000:
            raise type_mismatch(self, f"The `k` must be between [1, 100000] (current value = "
                                f"{k.value})", "VALUE_OUT_OF_RANGE")
        return self.with_children([self.children[0], self.children[1],
                                   _Lit(int(k.value), IntegerType())])

    def partial(self, names):
        return [(names[0], "list", None), (names[1], "list", None)]

    def merge(self):
        return [("list", None), ("list", None)]

    def finish(self, merged):
        if self.k is not None:
            return self._finish_top_k(merged)
        out = []
        for vs, ks in zip(_flatten_groups(merged[0]), _flatten_groups(merged[1])):
            best, best_k = None, None
            for v, k in zip(vs, ks):
                if k is None:
                    continue
                if best_k is None or (k > best_k if self.pick_max else k < best_k):
                    best, best_k = v, k
            out.append(best)
        return pa.array(out, type=arrow_type(self.data_type))


    def _finish_top_k(self, merged):
        out = []
        for vs, ks in zip(_flatten_groups(merged[0]), _flatten_groups(merged[1])):
            pairs = [(k, v) for v, k in zip(vs, ks) if k is not None]
            if not pairs:
                out.append(None)
                continue
            pairs.sort(key=lambda p: p[0], reverse=self.pick_max)   # stable: ties keep order
            out.append([v for _, v in pairs[:self.k]])
        return pa.array(out, type=arrow_type(self.data_type))


class MinBy(MaxBy):
    pretty_name = "min_by"
    pick_max = False


class Percentile(AggregateFunction):
    """percentile / percentile_approx / median: exact percentiles over the collected values
    (percentile_approx gives the exact answer, which is within any accuracy bound)."""
    pretty_name = "percentile"

    def __init__(self, child, percentage: Expression, accuracy: Optional[Expression] = None,
                 approx: bool = False, name: Optional[str] = None):
        self.children = (child, percentage) + ((accuracy,) if accuracy is not None else ())
        self.approx = approx
        if name:
            self.pretty_name = name

    def _p(self):
        v = self.children[1]
        assert isinstance(v, Literal) or v.foldable
        if isinstance(v, Literal):
            return v.value
        out = v.eval(pa.record_batch([pa.array([0])], ["x"]))
        return (out if isinstance(out, pa.Scalar) else out[0]).as_py()

    @property
    def data_type(self):
        p = self._p()
        base = self.child.data_type if self.approx else DoubleType()
        return ArrayType(base, False) if isinstance(p, list) else base

    @property
    def _frequency(self):
        """The exact percentile's third argument: how many times each row counts."""
        return self.children[2] if not self.approx and len(self.children) > 2 else None

    def coerce(self):
        f = self._frequency
        if f is not None and not isinstance(f.data_type, (IntegralType, NullType)):
            from .misc_functions import type_error
            raise type_error(self, 3, "\"INTEGRAL\"", f.data_type)
        return self

    def partial(self, names):
        if self._frequency is not None:
            return [(names[0], "list", None), (names[2], "list", None)]
        return [(names[0], "list", None)]

    def merge(self):
        return [("list", None)] * (2 if self._frequency is not None else 1)

    def _exact(self, counts, q):
        """Spark's Percentile over (value, count) pairs sorted by value: the value at
        position (total - 1) * q of the expanded sequence, linearly interpolated as
        lower + (position - floor) * (higher - lower)."""
        total = sum(c for _, c in counts)
        position = (total - 1) * q
        lower, higher = math.floor(position), math.ceil(position)

        def at(i):
            seen = 0
            for v, c in counts:
                seen += c
                if i < seen:
                    return v
            return counts[-1][0]
        lo_v, hi_v = at(lower), at(higher)
        if higher == lower or lo_v == hi_v:
            return float(lo_v)
        return float(lo_v) + (position - lower) * (float(hi_v) - float(lo_v))

    def finish(self, merged):
        p = self._p()
        ps = [float(q) for q in (p if isinstance(p, list) else [p])]
        groups = _flatten_groups(merged[0])
        freqs = _flatten_groups(merged[1]) if self._frequency is not None else \
            [None] * len(groups)
        out = []
        for g, fs in zip(groups, freqs):
            counts = {}
            for i, v in enumerate(g):
                if v is None:
                    continue
                f = 1 if fs is None else fs[i]
                if f is None:
                    continue
                if f < 0:
                    from ...errors import IllegalArgumentException
                    raise IllegalArgumentException(
                        "[NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION] Found the negative value in "
                        f"\"{self._frequency.sql()}\": {f}L, but expected a positive integral "
                        "value. SQLSTATE: 22003", "NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION")
                if f > 0:
                    counts[v] = counts.get(v, 0) + f
            if not counts:
                out.append(None)
                continue
            pairs = sorted(counts.items())
            res = []
            for q in ps:
                if self.approx:
                    vals = [v for v, c in pairs for _ in range(c)]
                    idx = max(0, min(len(vals) - 1, int(-(-q * len(vals) // 1)) - 1))
                    res.append(vals[idx])
                else:
                    res.append(self._exact(pairs, q))
            out.append(res if isinstance(p, list) else res[0])
        return pa.array(out, type=arrow_type(self.data_type))

    def sql(self):
        args = [self.child.sql(), self.children[1].sql()]
        if self.pretty_name == "median":
            args = [self.child.sql()]
        elif self.approx:
            args.append(self.children[2].sql() if len(self.children) > 2 else "10000")
        else:
            args.append(self._frequency.sql() if self._frequency is not None else "1")
        return f"{self.pretty_name}({', '.join(args)})"

    def _fields_key(self):
        return (self.approx, self.pretty_name)


class Median(Percentile):
    pass
