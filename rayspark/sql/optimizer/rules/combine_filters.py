"""CombineFilters: adjacent filters become one conjunction (one pass over each batch)."""
from __future__ import annotations

from ...expressions.predicates import And
from ...plan.logical import Filter, LogicalPlan


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        if isinstance(node, Filter) and isinstance(node.child, Filter):
            inner = node.child
            return Filter(And(inner.condition, node.condition), inner.child)
        return None
    return plan.transform_down(r)
