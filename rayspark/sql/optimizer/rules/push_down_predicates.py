"""PushDownPredicates: move deterministic filter conjuncts below projections (substituting
aliases) and into the side of an inner join (or the preserved side of an outer join) that
provides all their columns, so rows are dropped as early as possible."""
from __future__ import annotations

from ...expressions.base import Alias, AttributeReference
from ...expressions.predicates import combine_conjuncts, split_conjuncts
from ...expressions.window_expr import contains_window
from ...expressions.aggregates import is_aggregate
from ...plan.logical import Filter, Join, LogicalPlan, Project, SubqueryAlias


def _refs(e):
    return {a.expr_id for a in e.references()}


def _pushable(e):
    return e.deterministic and not is_aggregate(e) and not contains_window(e)


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        if not isinstance(node, Filter):
            return None
        child = node.child
        if isinstance(child, Project) and all(_pushable(e) for e in child.exprs):
            aliases = {e.expr_id: e.child for e in child.exprs if isinstance(e, Alias)}
            conj = split_conjuncts(node.condition)
            if not all(_pushable(c) for c in conj):
                return None

            def sub(x):
                if isinstance(x, AttributeReference) and x.expr_id in aliases:
                    return aliases[x.expr_id]
                return None
            pushed = combine_conjuncts([c.transform_up(sub) for c in conj])
            return Project(child.exprs, Filter(pushed, child.child))
        if isinstance(child, SubqueryAlias):
            return SubqueryAlias(child.alias, Filter(node.condition, child.child))
        if isinstance(child, Join) and child.join_type in ("inner", "cross", "left", "right",
                                                            "semi", "anti"):
            left_ids = {a.expr_id for a in child.left.output}
            right_ids = {a.expr_id for a in child.right.output}
            to_left, to_right, keep = [], [], []
            for c in split_conjuncts(node.condition):
                refs = _refs(c)
                if not _pushable(c):
                    keep.append(c)
                elif refs and refs <= left_ids and child.join_type in ("inner", "cross", "left",
                                                                       "semi", "anti"):
                    to_left.append(c)
                elif refs and refs <= right_ids and child.join_type in ("inner", "cross",
                                                                        "right"):
                    to_right.append(c)
                else:
                    keep.append(c)
            # conditions over both sides of an inner/cross join become its join condition
            # (so "FROM a, b WHERE a.k = b.k" is an equi-join, not a filtered cross join)
            to_join = []
            if child.join_type in ("inner", "cross"):
                both = left_ids | right_ids
                for c in list(keep):
                    refs = _refs(c)
                    if _pushable(c) and refs & left_ids and refs & right_ids and refs <= both:
                        to_join.append(c)
                        keep.remove(c)
            if not to_left and not to_right and not to_join:
                return None
            left = Filter(combine_conjuncts(to_left), child.left) if to_left else child.left
            right = Filter(combine_conjuncts(to_right), child.right) if to_right else child.right
            cond = child.condition
            jt = child.join_type
            if to_join:
                cond = combine_conjuncts(([cond] if cond is not None else []) + to_join)
                jt = "inner"
            j = Join(left, right, jt, cond, child.hint)
            return Filter(combine_conjuncts(keep), j) if keep else j
        return None
    return plan.transform_down(r)
