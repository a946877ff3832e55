"""CollapseWindow: adjacent Window operators with the same PARTITION BY / ORDER BY (frames
may differ) become one, when the upper one does not use the lower one's results - one sort and
one pass over each partition instead of two (``withColumn`` per window function)."""
from __future__ import annotations

from ...plan.logical import LogicalPlan, Window


def _spec_key(w: Window):
    return (tuple(e.semantic_key() for e in w.partition_spec),
            tuple(o.semantic_key() for o in w.order_spec))


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        if isinstance(node, Window) and isinstance(node.child, Window):
            inner = node.child
            if _spec_key(node) != _spec_key(inner):
                return None
            produced = {a.expr_id for a in inner.output[len(inner.child.output):]}
            for e in node.window_exprs:
                if any(a.expr_id in produced for a in e.references()):
                    return None
            return Window(inner.window_exprs + node.window_exprs, inner.partition_spec,
                          inner.order_spec, inner.child)
        return None
    return plan.transform_up(r)
