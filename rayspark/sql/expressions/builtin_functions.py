"""Registry entries for the core functions: aggregates, conditionals, casts, predicates and
arithmetic as SQL function names."""
from __future__ import annotations

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import _parse_datatype_string
from . import aggregates as A
from . import arithmetic as ar
from . import predicates as pr
from .base import Literal
from .cast import Cast
from .conditional import CaseWhen, Coalesce, If


def _one(args, name):
    if len(args) != 1:
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires 1 parameters but the "
            f"actual number is {len(args)}. SQLSTATE: 42605",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    return args[0]


@register("count")
def _count(args, distinct=False):
    if distinct:
        return A.CountDistinct(*args)
    if not args or (len(args) == 1 and isinstance(args[0], Literal) and args[0].value is not None):
        c = A.Count()
        if args:
            c.shown = args[0].sql()
        return c
    if len(args) == 1 and type(args[0]).__name__ == "UnresolvedStar":
        return A.Count()
    return A.Count(*args)


def _simple_agg(cls, name):
    def build(args, distinct=False, **kw):
        if distinct and cls is A.Sum:
            return A.SumDistinct(_one(args, name))
        if distinct and cls in (A.Average,):
            raise AnalysisException("avg(DISTINCT) is not supported yet",
                                    "UNSUPPORTED_FEATURE")
        e = cls(_one(args, name))
        # Spark names the column after the name called, except array_agg (collect_list)
        e.pretty_name = "collect_list" if name == "array_agg" else name
        return e
    return build


for _cls, _names in [(A.Sum, ["sum"]), (A.Average, ["avg", "mean"]), (A.Min, ["min"]),
                     (A.Max, ["max"]), (A.CollectList, ["collect_list", "array_agg"]),
                     (A.CollectSet, ["collect_set"]), (A.VarianceSamp, ["var_samp", "variance"]),
                     (A.VariancePop, ["var_pop"]), (A.StddevSamp, ["stddev", "stddev_samp", "std"]),
                     (A.StddevPop, ["stddev_pop"]), (A.Skewness, ["skewness"]),
                     (A.Kurtosis, ["kurtosis"]),    # product: DataFrame API only, as Spark
                     (A.BoolAnd, ["bool_and", "every"]), (A.BoolOr, ["bool_or", "some", "any"]),
                     (A.CountIf, ["count_if"])]:
    for _n in _names:
        register(_n)(_simple_agg(_cls, _n))


@register("first", "first_value")
def _first(args, distinct=False, ignore_nulls=False):
    ign = ignore_nulls or (len(args) > 1 and bool(args[1].value))
    e = A.First(args[0], ign)
    return e


@register("last", "last_value")
def _last(args, distinct=False, ignore_nulls=False):
    ign = ignore_nulls or (len(args) > 1 and bool(args[1].value))
    return A.Last(args[0], ign)


@register("any_value")
def _any_value(args, distinct=False, ignore_nulls=False):
    return A.AnyValue(args[0], ignore_nulls)


@register("approx_count_distinct")
def _acd(args, distinct=False):
    return A.ApproxCountDistinct(args[0])


@register("corr")
def _corr(args, distinct=False):
    return A.Corr(*args)


@register("covar_samp")
def _covs(args, distinct=False):
    return A.CovSamp(*args)


@register("covar_pop")
def _covp(args, distinct=False):
    return A.CovPop(*args)


@register("max_by")
def _maxby(args, distinct=False):
    _max_by_args("max_by", args)
    return A.MaxBy(*args)


def _max_by_args(name, args):
    if not 2 <= len(args) <= 3:
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires [2, 3] parameters but "
            f"the actual number is {len(args)}. Please, refer to "
            "'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. "
            "SQLSTATE: 42605", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")


@register("min_by")
def _minby(args, distinct=False):
    _max_by_args("min_by", args)
    return A.MinBy(*args)


@register("percentile")
def _pct(args, distinct=False):
    return A.Percentile(*args[:3])


def _pcta_builder(name):
    def build(args, distinct=False):
        return A.Percentile(args[0], args[1], args[2] if len(args) > 2 else None, approx=True,
                            name=name)
    return build


register("percentile_approx")(_pcta_builder("percentile_approx"))
register("approx_percentile")(_pcta_builder("approx_percentile"))


@register("median")
def _median(args, distinct=False):
    from .literals import lit_expr
    return A.Percentile(args[0], lit_expr(0.5), name="median")


@register("coalesce")
def _coalesce(args, distinct=False):
    return Coalesce(args)


def _named(name, inner, args):
    """``inner`` shown as ``name(args)``: Spark keeps an alias's own name (nvl, ifnull,
    nullif, try_add, ...) for the column even though it evaluates as another expression."""
    from .misc_functions import Renamed
    return Renamed(inner, lambda: f"{name}({', '.join(a.sql() for a in args)})")


def _nvl_builder(name):
    def build(args, distinct=False):
        if len(args) != 2:
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires 2 parameters but "
                f"the actual number is {len(args)}. Please, refer to "
                "'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. "
                "SQLSTATE: 42605", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        return _named(name, Coalesce(args), args)
    return build


register("nvl")(_nvl_builder("nvl"))
register("ifnull")(_nvl_builder("ifnull"))


@register("if", "iff")
def _if(args, distinct=False):
    return If(*args)


@register("nullif")
def _nullif(args, distinct=False):
    from .base import Literal as L
    return _named("nullif", If(pr.EqualTo(args[0], args[1]), L(None, args[0].data_type),
                               args[0]), args)


@register("isnull")
def _isnull(args, distinct=False):
    return pr.IsNull(_one(args, "isnull"))


@register("isnotnull")
def _isnotnull(args, distinct=False):
    return pr.IsNotNull(_one(args, "isnotnull"))


@register("isnan")
def _isnan(args, distinct=False):
    return pr.IsNaN(_one(args, "isnan"))


@register("negative")
def _neg(args, distinct=False):
    return ar.UnaryMinus(args[0])


@register("abs")
def _abs(args, distinct=False):
    return ar.Abs(args[0])


@register("pmod")
def _pmod(args, distinct=False):
    return ar.Pmod(*args)


@register("mod")
def _mod(args, distinct=False):
    return ar.Remainder(*args)


@register("try_divide")
def _try_div(args, distinct=False):
    e = ar.Divide(*args)
    e.try_mode = True
    return _named("try_divide", e, args)


@register("try_add")
def _try_add(args, distinct=False):
    e = ar.Add(*args)
    e.try_mode = True
    return _named("try_add", e, args)


@register("try_multiply")
def _try_mul(args, distinct=False):
    e = ar.Multiply(*args)
    e.try_mode = True
    return _named("try_multiply", e, args)


@register("try_subtract")
def _try_sub(args, distinct=False):
    e = ar.Subtract(*args)
    e.try_mode = True
    return _named("try_subtract", e, args)


def _cast_builder(name, try_=False):
    def build(args, distinct=False):
        return Cast(args[0], _parse_datatype_string(name), try_=try_)
    return build


for _t in ["int", "bigint", "smallint", "tinyint", "double", "float", "string", "boolean",
           "date", "timestamp", "binary"]:
    register(_t)(_cast_builder(_t))


@register("grouping")
def _grouping(args, distinct=False):
    from .grouping import Grouping
    return Grouping(args[0])


@register("grouping_id")
def _grouping_id(args, distinct=False):
    from .grouping import GroupingID
    return GroupingID(args)


def _generator(position=False, outer=False, inline=False):
    def build(args, distinct=False):
        from .generators import Explode, Inline
        if inline:
            return Inline(args[0], outer=outer)
        return Explode(args[0], position=position, outer=outer)
    return build


register("explode")(_generator())
register("explode_outer")(_generator(outer=True))
register("posexplode")(_generator(position=True))
register("posexplode_outer")(_generator(position=True, outer=True))
register("inline")(_generator(inline=True))
register("inline_outer")(_generator(inline=True, outer=True))


@register("array")
def _array(args, distinct=False):
    from .complex import CreateArray
    return CreateArray(args)


@register("struct")
def _struct(args, distinct=False):
    from .complex import CreateStruct
    return CreateStruct(args)


@register("map")
def _map(args, distinct=False):
    from .complex import CreateMap
    return CreateMap(args)


@register("between")
def _between(args, distinct=False):
    return pr.Between(*args)
