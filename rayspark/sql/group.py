"""``GroupedData``: the result of groupBy / rollup / cube / groupingSets, and pivot."""
from __future__ import annotations

from typing import Dict, List, Optional

from ..errors import AnalysisException, PySparkTypeError, PySparkValueError
from .analyzer import ensure_named, resolve
from .column import Column, _name_expr
from .expressions import aggregates as A
from .expressions.aggregates import is_aggregate
from .expressions.base import Alias, AttributeReference, Expression, Literal
from .plan import logical as L

__all__ = ["GroupedData"]

_DICT_FUNCS = {"avg": A.Average, "mean": A.Average, "sum": A.Sum, "min": A.Min, "max": A.Max,
               "count": A.Count, "first": A.First, "last": A.Last, "stddev": A.StddevSamp,
               "std": A.StddevSamp,
               "variance": A.VarianceSamp, "collect_list": A.CollectList,
               "collect_set": A.CollectSet}


def _pivot_first_types():
    from .types import (BooleanType, ByteType, DecimalType, DoubleType, FloatType, IntegerType,
                        LongType, ShortType)
    return (BooleanType, ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType,
            DecimalType)


_PIVOT_FIRST_TYPES = _pivot_first_types()


class GroupedData:
    def __init__(self, df, grouping: List[Expression], kind: str, grouping_sets=None,
                 pivot=None):
        self._df = df
        self._grouping = grouping
        self._kind = kind
        self._grouping_sets = grouping_sets
        self._pivot = pivot

    def __repr__(self) -> str:
        kind = {"groupby": "GroupBy", "rollup": "Rollup", "cube": "Cube",
                "groupingsets": "GroupingSets"}[self._kind]
        if self._pivot is not None:
            kind = "Pivot"
        keys = ", ".join(g.name for g in self._grouping)
        value = ", ".join(f"{a.name}: {a.data_type.simpleString()}"
                          for a in self._df._plan.output)
        return f"GroupedData[grouping expressions: [{keys}], value: [{value}], type: {kind}]"

    # -- building aggregate expressions ------------------------------------------------
    def _agg_exprs(self, exprs) -> List[Expression]:
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            out = []
            for name, fn in exprs[0].items():
                cls = _DICT_FUNCS.get(fn.lower())
                if cls is None:
                    from .expressions.base import UnresolvedFunction
                    # Spark's strToExpr looks the name up lower-cased
                    out.append(UnresolvedFunction(fn.lower(), [_name_expr(name)]))
                    continue
                if fn.lower() == "count" and name == "*":
                    e = A.Count()
                else:
                    e = cls(_name_expr(name))
                    if fn.lower() in ("stddev", "variance", "std"):
                        e.pretty_name = "stddev" if fn.lower() == "std" else fn.lower()
                out.append(e)
            return out
        out = []
        for e in exprs:
            if not isinstance(e, Column):
                raise PySparkTypeError(
                    f"[NOT_COLUMN] Argument `exprs` should be a Column, got "
                    f"{type(e).__name__}.", "NOT_COLUMN")
            out.append(e._expr)
        return out

    def agg(self, *exprs) -> "DataFrame":
        # PySpark asserts here (a plain AssertionError, not an error class)
        assert exprs, "exprs should not be empty"
        return self._aggregate(self._agg_exprs(exprs))

    def _aggregate(self, agg_exprs: List[Expression]):
        df = self._df
        plan = df._plan
        attrs = plan.output
        session = df._session
        if self._pivot is not None:
            return self._pivot_aggregate(agg_exprs)
        if self._kind in ("rollup", "cube", "groupingsets"):
            return self._grouping_sets_aggregate(agg_exprs)
        resolved = [ensure_named(resolve(e, attrs, session)) for e in agg_exprs]
        for e in resolved:
            self._check_agg(e)
        keys = [ensure_named(g) if not isinstance(g, AttributeReference) else g
                for g in self._grouping]
        grouping = [g.child if isinstance(g, Alias) else g for g in self._grouping]
        from .expressions.window_expr import contains_window
        if any(contains_window(e) for e in resolved):
            from .window_planning import plan_windows_over_aggregate
            return df._with(plan_windows_over_aggregate(grouping, keys + resolved, plan))
        return df._with(L.Aggregate(grouping, keys + resolved, plan))

    def _check_agg(self, e: Expression):
        grouping_keys = {(g.child if isinstance(g, Alias) else g).semantic_key()
                         for g in self._grouping}

        def check(x, inside_agg=False):
            if isinstance(x, A.AggregateFunction):
                return
            if x.semantic_key() in grouping_keys:
                return
            if isinstance(x, AttributeReference):
                raise AnalysisException(
                    f"The non-aggregating expression \"{x.name}\" is "
                    f"based on columns which are not participating in the GROUP BY clause.\n"
                    f"Add the columns or the expression to the GROUP BY, aggregate the "
                    f"expression, or use \"any_value({x.name})\" if you do not care which of "
                    f"the values within a group is returned. SQLSTATE: 42803",
                    "MISSING_AGGREGATION")
            for c in x.children:
                check(c)
        check(e.child if isinstance(e, Alias) else e)

    def _grouping_sets_aggregate(self, agg_exprs):
        """ROLLUP / CUBE / GROUPING SETS: an Expand node replicates each row once per
        grouping set with the absent keys nulled, plus a grouping id; then one aggregate."""
        from .expressions.base import Literal as Lit
        from .types import LongType
        import itertools
        df = self._df
        plan = df._plan
        session = df._session
        keys = self._grouping
        n = len(keys)
        if self._kind == "rollup":
            sets = [list(range(i)) for i in range(n, -1, -1)]
        elif self._kind == "cube":
            sets = []
            for r in range(n, -1, -1):
                sets.extend(list(c) for c in itertools.combinations(range(n), r))
        else:
            sets = [[next(i for i, k in enumerate(keys) if k.semantic_key() == e.semantic_key())
                     for e in s] for s in self._grouping_sets]
        child_attrs = plan.output
        key_attrs = [AttributeReference(k.name if hasattr(k, "name") else f"k{i}",
                                        k.data_type, True) for i, k in enumerate(keys)]
        gid = AttributeReference("spark_grouping_id", LongType(), False)
        projections = []
        for s in sets:
            row = list(child_attrs)
            for i, k in enumerate(keys):
                row.append(k if i in s else Lit(None, k.data_type))
            mask = 0
            for i in range(n):
                if i not in s:
                    mask |= 1 << (n - 1 - i)
            row.append(Lit(mask, LongType()))
            projections.append(row)
        expand = L.Expand(projections, list(child_attrs) + key_attrs + [gid], plan)
        # aggregate expressions refer to the original columns (kept by Expand); the output's
        # grouping keys are the nullable copies
        resolved = [ensure_named(resolve(e, child_attrs, session)) for e in agg_exprs]
        from .expressions.grouping import resolve_grouping_calls
        resolved = [resolve_grouping_calls(r, keys, gid) for r in resolved]
        agg = L.Aggregate(key_attrs + [gid], key_attrs + resolved, expand)
        return df._with(agg)

    def _pivot_aggregate(self, agg_exprs):
        from . import functions as F
        from .expressions.conditional import If
        from .expressions.predicates import EqualNullSafe
        from .expressions.literals import lit_expr
        df = self._df
        pivot_col, values = self._pivot
        pivot_expr = df._resolve(_name_expr(pivot_col))
        if values is None:
            rows = (df.select(Column(Alias(pivot_expr, "__pivot"))).distinct()
                    .orderBy("__pivot").collect())
            values = [r[0] for r in rows]
        attrs = df._plan.output
        session = df._session
        out = []
        resolved_aggs = [resolve(e, attrs, session) for e in agg_exprs]
        keys = [ensure_named(g) if not isinstance(g, AttributeReference) else g
                for g in self._grouping]
        if all(isinstance(e.data_type, _PIVOT_FIRST_TYPES) for e in resolved_aggs):
            return self._pivot_first(pivot_expr, values, resolved_aggs, keys)
        for v in values:
            for e, raw in zip(resolved_aggs, agg_exprs):
                inner = e.child if isinstance(e, Alias) else e

                def rule(x, v=v):
                    if isinstance(x, A.AggregateFunction):
                        kids = [If(EqualNullSafe(pivot_expr, lit_expr(v)).coerce(), c,
                                   Literal(None, c.data_type)).coerce()
                                for c in x.children[:1]] + list(x.children[1:])
                        out = x.with_children(kids)
                        if isinstance(x, (A.First, A.Last)):
                            out.ignore_nulls = True     # other values' rows are NULL here
                        return out
                    return None
                rewritten = inner.transform_down(rule)
                vname = "null" if v is None else str(v)
                if len(resolved_aggs) == 1:
                    name = vname
                else:
                    alias = e.name if isinstance(e, Alias) else e.sql()
                    name = f"{vname}_{alias}"
                out.append(Alias(rewritten, name))
        return df._with(L.Aggregate(list(self._grouping), keys + out, df._plan))

    def _pivot_first(self, pivot_expr, values, aggs, keys):
        """Spark's PivotFirst: aggregate per (group, pivot value) first, then spread each
        value's results into its own columns; a value a group lacks gives NULL (also for
        count), as in Spark."""
        from .expressions.conditional import If
        from .expressions.literals import lit_expr
        from .expressions.predicates import EqualNullSafe
        df = self._df
        pivot = Alias(pivot_expr, "__pivot")
        inner = [Alias(e.child if isinstance(e, Alias) else e, f"__pivot_agg{i}")
                 for i, e in enumerate(aggs)]
        first = L.Aggregate(list(self._grouping) + [pivot_expr], keys + [pivot] + inner,
                            df._plan)
        key_attrs = [k.to_attribute() if isinstance(k, Alias) else k for k in keys]
        p_attr = pivot.to_attribute()
        out = []
        for v in values:
            hit = EqualNullSafe(p_attr, lit_expr(v)).coerce()
            for e, agg in zip(aggs, inner):
                a = agg.to_attribute()
                vname = "null" if v is None else str(v)
                name = vname if len(aggs) == 1 else \
                    f"{vname}_{e.name if isinstance(e, Alias) else e.sql()}"
                out.append(Alias(A.First(If(hit, a, Literal(None, a.data_type)).coerce(), True),
                                 name))
        return df._with(L.Aggregate(key_attrs, key_attrs + out, first))

    # -- shortcuts --------------------------------------------------------------------
    def count(self):
        return self._aggregate([Alias(A.Count(), "count")])

    def _numeric(self, cls, name, cols):
        from .types import NumericType
        attrs = self._df._plan.output
        if not cols:
            targets = [a for a in attrs if isinstance(a.data_type, NumericType)
                       and a.expr_id not in {g.expr_id for g in self._grouping
                                             if isinstance(g, AttributeReference)}]
        else:
            targets = []
            for c in cols:
                e = self._df._resolve(_name_expr(c))
                if not isinstance(e.data_type, NumericType):
                    raise AnalysisException(
                        f"[UNEXPECTED_INPUT_TYPE] \"{c}\" is not a numeric column. Aggregation "
                        "function can only be applied on a numeric column.",
                        "UNEXPECTED_INPUT_TYPE")
                targets.append(e)
        exprs = []
        for t in targets:
            e = cls(t)
            e.pretty_name = name
            exprs.append(e)
        return self._aggregate(exprs)

    def mean(self, *cols):
        return self._numeric(A.Average, "avg", cols)

    avg = mean

    def sum(self, *cols):
        return self._numeric(A.Sum, "sum", cols)

    def min(self, *cols):
        return self._numeric(A.Min, "min", cols)

    def max(self, *cols):
        return self._numeric(A.Max, "max", cols)

    def pivot(self, pivot_col: str, values: Optional[list] = None) -> "GroupedData":
        return GroupedData(self._df, self._grouping, self._kind, self._grouping_sets,
                           (pivot_col, values))

    def applyInPandas(self, func, schema):
        from .udf import apply_in_pandas
        return apply_in_pandas(self, func, schema)

    def applyInArrow(self, func, schema):
        from .udf import apply_in_pandas
        return apply_in_pandas(self, func, schema, arrow=True)

    def cogroup(self, other: "GroupedData"):
        """Co-group with another grouped DataFrame, for ``applyInPandas``/``applyInArrow``."""
        from .cogroup import PandasCogroupedOps
        return PandasCogroupedOps(self, other)
