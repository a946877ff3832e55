"""RemoveNoopProject: a projection that returns exactly its child's columns is dropped."""
from __future__ import annotations

from ...expressions.base import AttributeReference
from ...plan.logical import LogicalPlan, Project


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        if isinstance(node, Project):
            out = node.child.output
            if len(node.exprs) == len(out) and all(
                    isinstance(e, AttributeReference) and e.expr_id == a.expr_id and
                    e.name == a.name for e, a in zip(node.exprs, out)):
                return node.child
        return None
    return plan.transform_up(r)
