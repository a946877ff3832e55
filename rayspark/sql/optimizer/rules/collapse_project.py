"""CollapseProject: a projection over a projection becomes one (aliases substituted), when
the inner one is deterministic and the substitution doesn't duplicate expensive work."""
from __future__ import annotations

from ...expressions.base import Alias, AttributeReference
from ...plan.logical import LogicalPlan, Project


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        if not (isinstance(node, Project) and isinstance(node.child, Project)):
            return None
        inner = node.child
        if not all(e.deterministic for e in inner.exprs):
            return None
        aliases = {e.expr_id: e.child for e in inner.exprs if isinstance(e, Alias)}
        uses = {}
        for e in node.exprs:
            for a in e.references():
                uses[a.expr_id] = uses.get(a.expr_id, 0) + 1
        for k, n in uses.items():
            if n > 1 and k in aliases and not isinstance(aliases[k], AttributeReference) \
                    and aliases[k].children:
                return None

        def sub(x):
            if isinstance(x, AttributeReference) and x.expr_id in aliases:
                return aliases[x.expr_id]
            return None
        out = []
        for e in node.exprs:
            if isinstance(e, Alias):
                out.append(Alias(e.child.transform_up(sub), e.name, e.expr_id, e.metadata))
            elif isinstance(e, AttributeReference) and e.expr_id in aliases:
                out.append(Alias(aliases[e.expr_id], e.name, e.expr_id, e.metadata))
            else:
                out.append(e)
        return Project(out, inner.child)
    return plan.transform_up(r)
