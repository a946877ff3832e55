"""``pyspark.sql.functions`` for rayspark: builders of Column expressions.

Most functions take a column name or a Column (PySpark's ``ColumnOrName``); a few take
literals. The expression classes live in ``rayspark.sql.expressions``; the same classes
serve SQL text through the function registry."""
from __future__ import annotations

from typing import Any, Optional

from ..errors import PySparkTypeError, PySparkValueError
from .column import Column, _name_expr, col_expr, to_expr
from .expressions import aggregates as A
from .expressions import arithmetic as ar
from .expressions import predicates as pr
from .expressions.base import Literal, SortOrder, UnresolvedFunction, UnresolvedStar
from .expressions.conditional import CaseWhen, Coalesce
from .expressions.literals import lit_expr


def _c(x) -> Any:
    return _name_expr(x)


def _fn(name, *args, distinct=False):
    """A function resolved by name in the registry (used for the long tail of functions)."""
    return Column(UnresolvedFunction(name, [_c(a) for a in args], distinct))


# -- columns and literals ------------------------------------------------------------------
def col(col: str) -> Column:
    if not isinstance(col, str):
        raise PySparkTypeError(
            f"[NOT_STR] Argument `col` should be a str, got {type(col).__name__}.", "NOT_STR")
    return Column(col_expr(col))


column = col


def lit(col: Any) -> Column:
    if isinstance(col, Column):
        return col
    if isinstance(col, list):
        return array(*[lit(c) for c in col])
    return Column(lit_expr(col))


def expr(str: str) -> Column:
    from .parser import parse_expression
    return Column(parse_expression(str))


def broadcast(df):
    return df.hint("broadcast")


# -- sorting ---------------------------------------------------------------------------------
def asc(col) -> Column:
    return Column(SortOrder(_c(col), True, True))


def desc(col) -> Column:
    return Column(SortOrder(_c(col), False, False))


def asc_nulls_first(col):
    return Column(SortOrder(_c(col), True, True))


def asc_nulls_last(col):
    return Column(SortOrder(_c(col), True, False))


def desc_nulls_first(col):
    return Column(SortOrder(_c(col), False, True))


def desc_nulls_last(col):
    return Column(SortOrder(_c(col), False, False))


# -- conditionals ----------------------------------------------------------------------------
def when(condition: Column, value: Any) -> Column:
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            f"[NOT_COLUMN] Argument `condition` should be a Column, got "
            f"{type(condition).__name__}.", "NOT_COLUMN")
    return Column(CaseWhen([(to_expr(condition), to_expr(value))]))


def coalesce(*cols) -> Column:
    return Column(Coalesce([_c(c) for c in cols]))


def isnull(col) -> Column:
    return Column(pr.IsNull(_c(col)))


def isnotnull(col) -> Column:
    return Column(pr.IsNotNull(_c(col)))


def isnan(col) -> Column:
    return Column(pr.IsNaN(_c(col)))


def nvl(col1, col2) -> Column:
    return _fn("nvl", col1, col2)


def ifnull(col1, col2) -> Column:
    return _fn("ifnull", col1, col2)


def nullif(col1, col2) -> Column:
    return _fn("nullif", col1, col2)


# -- aggregates ------------------------------------------------------------------------------
def _agg(cls, col, name=None):
    e = cls(_c(col))
    if name:
        e.pretty_name = name
    return Column(e)


def count(col) -> Column:
    if isinstance(col, str) and col == "*":
        return Column(A.Count())
    e = _c(col)
    if isinstance(e, (UnresolvedStar,)):
        return Column(A.Count())
    if isinstance(e, Literal) and e.value is not None:
        return Column(A.Count())
    return Column(A.Count(e))


def sum(col) -> Column:
    return _agg(A.Sum, col)


def avg(col) -> Column:
    return _agg(A.Average, col)


def mean(col) -> Column:
    return _agg(A.Average, col)


def min(col) -> Column:
    return _agg(A.Min, col)


def max(col) -> Column:
    return _agg(A.Max, col)


def first(col, ignorenulls: bool = False) -> Column:
    return Column(A.First(_c(col), ignorenulls))


def last(col, ignorenulls: bool = False) -> Column:
    return Column(A.Last(_c(col), ignorenulls))


def first_value(col, ignoreNulls=None) -> Column:
    e = A.First(_c(col), bool(ignoreNulls.value if isinstance(ignoreNulls, Column) and False
                              else ignoreNulls))
    e.pretty_name = "first_value"
    return Column(e)


def last_value(col, ignoreNulls=None) -> Column:
    e = A.Last(_c(col), bool(ignoreNulls))
    e.pretty_name = "last_value"
    return Column(e)


def any_value(col, ignoreNulls=None) -> Column:
    return Column(A.AnyValue(_c(col), bool(ignoreNulls)))


def collect_list(col) -> Column:
    return _agg(A.CollectList, col)


def array_agg(col) -> Column:
    return _agg(A.CollectList, col, "array_agg")


def collect_set(col) -> Column:
    return _agg(A.CollectSet, col)


def countDistinct(col, *cols) -> Column:
    return Column(A.CountDistinct(*[_c(c) for c in (col,) + cols]))


count_distinct = countDistinct


def sum_distinct(col) -> Column:
    return Column(A.SumDistinct(_c(col)))


sumDistinct = sum_distinct


def approx_count_distinct(col, rsd: Optional[float] = None) -> Column:
    return Column(A.ApproxCountDistinct(_c(col), rsd or 0.05))


approxCountDistinct = approx_count_distinct


def stddev(col) -> Column:
    return _agg(A.StddevSamp, col, "stddev")


std = stddev


def stddev_samp(col) -> Column:
    return _agg(A.StddevSamp, col)


def stddev_pop(col) -> Column:
    return _agg(A.StddevPop, col)


def variance(col) -> Column:
    return _agg(A.VarianceSamp, col, "variance")


def var_samp(col) -> Column:
    return _agg(A.VarianceSamp, col)


def var_pop(col) -> Column:
    return _agg(A.VariancePop, col)


def skewness(col) -> Column:
    return _agg(A.Skewness, col)


def kurtosis(col) -> Column:
    return _agg(A.Kurtosis, col)


def product(col) -> Column:
    return _agg(A.Product, col)


def corr(col1, col2) -> Column:
    return Column(A.Corr(_c(col1), _c(col2)))


def covar_samp(col1, col2) -> Column:
    return Column(A.CovSamp(_c(col1), _c(col2)))


def covar_pop(col1, col2) -> Column:
    return Column(A.CovPop(_c(col1), _c(col2)))


def max_by(col, ord) -> Column:
    return Column(A.MaxBy(_c(col), _c(ord)))


def min_by(col, ord) -> Column:
    return Column(A.MinBy(_c(col), _c(ord)))


def bool_and(col) -> Column:
    return _agg(A.BoolAnd, col)


def bool_or(col) -> Column:
    return _agg(A.BoolOr, col)


every = bool_and
some = bool_or


def count_if(col) -> Column:
    return _agg(A.CountIf, col)


def percentile_approx(col, percentage, accuracy=10000) -> Column:
    return Column(A.Percentile(_c(col), to_expr(percentage), to_expr(accuracy), approx=True,
                               name="percentile_approx"))


approx_percentile = percentile_approx


def percentile(col, percentage, frequency=1) -> Column:
    return Column(A.Percentile(_c(col), to_expr(percentage)))


def median(col) -> Column:
    return Column(A.Percentile(_c(col), lit_expr(0.5), name="median"))


# -- arithmetic ------------------------------------------------------------------------------
def abs(col) -> Column:
    return Column(ar.Abs(_c(col)))


def negative(col) -> Column:
    return Column(ar.UnaryMinus(_c(col)))


negate = negative


def pmod(dividend, divisor) -> Column:
    return Column(ar.Pmod(_c(dividend) if not isinstance(dividend, (int, float)) else
                          lit_expr(dividend),
                          _c(divisor) if not isinstance(divisor, (int, float)) else
                          lit_expr(divisor)))


def try_divide(left, right) -> Column:
    return _fn("try_divide", left, right)


def try_add(left, right) -> Column:
    return _fn("try_add", left, right)


def try_subtract(left, right) -> Column:
    return _fn("try_subtract", left, right)


def try_multiply(left, right) -> Column:
    return _fn("try_multiply", left, right)


def _bitwise(op, a, b):
    name = {"&": "bitwise_and_op", "|": "bitwise_or_op", "^": "bitwise_xor_op"}[op]
    return Column(UnresolvedFunction(name, [to_expr(a), to_expr(b)]))


# -- complex types ---------------------------------------------------------------------------
def _varargs(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
        return list(cols[0])
    return list(cols)


def array(*cols) -> Column:
    from .expressions.complex import CreateArray
    return Column(CreateArray([_c(c) for c in _varargs(cols)]))


def struct(*cols) -> Column:
    from .expressions.complex import CreateStruct
    return Column(CreateStruct([_c(c) for c in _varargs(cols)]))


def create_map(*cols) -> Column:
    from .expressions.complex import CreateMap
    return Column(CreateMap([_c(c) for c in _varargs(cols)]))


def explode(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col)))


def explode_outer(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col), outer=True))


def posexplode(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col), position=True))


def posexplode_outer(col) -> Column:
    from .expressions.generators import Explode
    return Column(Explode(_c(col), position=True, outer=True))


def inline(col) -> Column:
    from .expressions.generators import Inline
    return Column(Inline(_c(col)))


def inline_outer(col) -> Column:
    from .expressions.generators import Inline
    return Column(Inline(_c(col), outer=True))


# -- misc ------------------------------------------------------------------------------------
def monotonically_increasing_id() -> Column:
    from .expressions.misc_core import MonotonicallyIncreasingID
    return Column(MonotonicallyIncreasingID())


def spark_partition_id() -> Column:
    from .expressions.misc_core import SparkPartitionID
    return Column(SparkPartitionID())


def rand(seed: Optional[int] = None) -> Column:
    from .expressions.misc_core import Rand
    return Column(Rand(seed))


def randn(seed: Optional[int] = None) -> Column:
    from .expressions.misc_core import Rand
    return Column(Rand(seed, normal=True))


def call_function(funcName: str, *cols) -> Column:
    return _fn(funcName, *cols)


def udf(f=None, returnType=None, *, useArrow=None):
    from .udf import udf as _udf
    return _udf(f, returnType, useArrow=useArrow)


def pandas_udf(f=None, returnType=None, functionType=None):
    from .udf import pandas_udf as _pudf
    return _pudf(f, returnType, functionType)


def __getattr__(name: str):
    """Functions not defined above resolve through the registry by name
    (``F.upper("s")`` == ``F.call_function("upper", "s")``) when the registry knows them."""
    if name.startswith("_"):
        raise AttributeError(name)
    from .functions_registry import builtin
    if builtin(name) is None:
        raise AttributeError(f"module 'rayspark.sql.functions' has no attribute '{name}'")

    def f(*cols):
        return _fn(name, *cols)
    f.__name__ = name
    return f
