"""Planning a projection that contains window expressions.

``plan_windows(named_exprs, child)`` extracts every ``WindowExpression`` into ``Window``
operators - one per distinct (PARTITION BY, ORDER BY), stacked on the child; the frames of the
functions sharing an operator may differ - and puts a ``Project`` on top that restores the
select list, with each window expression replaced by the attribute its operator outputs
(``sum(v) OVER w / 2`` becomes ``w0 / 2``). Windows nested in the arguments or spec of another
window are extracted first, into lower operators."""
from __future__ import annotations

from typing import Dict, List

from .expressions.base import Alias, AttributeReference, Expression
from .expressions.window_expr import WindowExpression, contains_window
from .plan import logical as L

__all__ = ["plan_windows", "plan_windows_over_aggregate"]


def _innermost(e: Expression) -> List[WindowExpression]:
    """Window expressions of ``e`` with no window expression inside them."""
    out = []
    for x in e.walk():
        if isinstance(x, WindowExpression) and not any(
                isinstance(y, WindowExpression) for c in x.children for y in c.walk()):
            out.append(x)
    return out


def plan_windows(named_exprs: List[Expression], child: L.LogicalPlan) -> L.LogicalPlan:
    exprs = list(named_exprs)
    plan = child
    while any(contains_window(e) for e in exprs):
        # one layer: the window expressions that contain no other window expression
        layer: Dict[object, Alias] = {}
        groups: Dict[object, List[Alias]] = {}
        specs: Dict[object, object] = {}
        top_level: Dict[int, Alias] = {}
        for i, e in enumerate(exprs):
            if isinstance(e, Alias) and isinstance(e.child, WindowExpression) and \
                    not any(isinstance(y, WindowExpression)
                            for c in e.child.children for y in c.walk()):
                key = e.child.semantic_key()
                if key not in layer:
                    # keep the select's own alias (name and id) for a top-level window
                    layer[key] = e
                    gk = e.child.spec.group_key()
                    groups.setdefault(gk, []).append(e)
                    specs.setdefault(gk, e.child.spec)
                top_level[i] = layer[key]
        for e in exprs:
            for w in _innermost(e):
                key = w.semantic_key()
                if key in layer:
                    continue
                a = Alias(w, w.sql())
                layer[key] = a
                gk = w.spec.group_key()
                groups.setdefault(gk, []).append(a)
                specs.setdefault(gk, w.spec)
        for gk, aliases in groups.items():
            spec = specs[gk]
            plan = L.Window(aliases, spec.partition_spec, spec.order_spec, plan)

        def replace(x):
            if isinstance(x, WindowExpression):
                a = layer.get(x.semantic_key())
                if a is not None:
                    return a.to_attribute()
            return None

        new_exprs = []
        for i, e in enumerate(exprs):
            if i in top_level:
                a = top_level[i]
                attr = a.to_attribute()
                if a is e:
                    new_exprs.append(attr)
                else:   # the same window selected twice under different names
                    new_exprs.append(Alias(attr, e.name, e.expr_id, e.metadata))
                continue
            if isinstance(e, Alias):
                new_exprs.append(Alias(e.child.transform_up(replace), e.name, e.expr_id,
                                       e.metadata))
            else:
                new_exprs.append(e.transform_up(replace))
        exprs = new_exprs
    return L.Project(exprs, plan)


def plan_windows_over_aggregate(grouping: List[Expression], named_exprs: List[Expression],
                                child: L.LogicalPlan) -> L.LogicalPlan:
    """``SELECT k, sum(v), rank() OVER (ORDER BY sum(v)) ... GROUP BY k``: the aggregation
    runs first (an ``Aggregate`` computing the grouping expressions and every aggregate
    function that is not itself a window function), then the windows over its output.

    ``grouping`` and ``named_exprs`` are resolved against ``child``; the result is
    ``Project(Window(...(Aggregate)))`` with the select list's names and ids."""
    from ..errors import AnalysisException
    from .expressions.aggregates import AggregateFunction
    group_keys = {g.semantic_key(): g for g in grouping}
    agg_out: Dict[object, Expression] = {}
    key_out: Dict[object, Expression] = {}

    def key_attr(g):
        k = g.semantic_key()
        if k not in key_out:
            key_out[k] = g if isinstance(g, AttributeReference) else Alias(g, g.sql())
        e = key_out[k]
        return e if isinstance(e, AttributeReference) else e.to_attribute()

    def agg_attr(a):
        k = a.semantic_key()
        if k not in agg_out:
            agg_out[k] = Alias(a, a.sql())
        return agg_out[k].to_attribute()

    def rewrite(e: Expression, in_window_func: bool = False) -> Expression:
        if isinstance(e, WindowExpression):
            f = e.func
            if isinstance(f, AggregateFunction):
                f = f.with_children([rewrite(c) for c in f.children])
            else:
                f = rewrite(f)
            return e.with_children([f, rewrite(e.spec)])
        if isinstance(e, AggregateFunction):
            return agg_attr(e)
        if e.semantic_key() in group_keys:
            return key_attr(e)
        if isinstance(e, AttributeReference):
            raise AnalysisException(
                f"[MISSING_AGGREGATION] The non-aggregating expression \"{e.name}\" is based "
                "on columns which are not participating in the GROUP BY clause.\nAdd the "
                "columns or the expression to the GROUP BY, aggregate the expression, or use "
                f"\"any_value({e.name})\" if you do not care which of the values within a "
                "group is returned. SQLSTATE: 42803", "MISSING_AGGREGATION",
                {"expression": f"\"{e.name}\""})
        if not e.children:
            return e
        return e.with_children([rewrite(c) for c in e.children])

    rewritten = []
    for e in named_exprs:
        if isinstance(e, Alias):
            rewritten.append(Alias(rewrite(e.child), e.name, e.expr_id, e.metadata))
        elif isinstance(e, AttributeReference):
            rewritten.append(key_attr(e) if e.semantic_key() in group_keys else rewrite(e))
        else:
            rewritten.append(rewrite(e))
    agg = L.Aggregate(list(grouping), list(key_out.values()) + list(agg_out.values()), child)
    return plan_windows(rewritten, agg)
