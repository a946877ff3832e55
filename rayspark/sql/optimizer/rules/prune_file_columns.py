"""ColumnPruning: a file scan reads only the columns the plan above it uses, and a join's
inputs carry only the columns used above the join or by its condition (a projection is put
on a side that has more), so exchanges and broadcasts move no column nobody reads."""
from __future__ import annotations

from ...plan.logical import FileRelation, LogicalPlan


def _required(plan: LogicalPlan, needed):
    """Walk down, tracking which attribute ids are needed; prune FileRelations."""
    if isinstance(plan, FileRelation):
        keep = [a.name for a in plan.all_attrs if a.expr_id in needed]
        if plan.required is not None and set(keep) == set(plan.required):
            return plan
        return plan.copy(required=keep)
    from ...plan import logical as L
    if isinstance(plan, (L.Union, L.SetOperation, L.Expand, L.MapPartitions, L.Distinct,
                         L.Deduplicate)):
        ids = set()
        for c in plan.children:
            ids |= {a.expr_id for a in c.output}
        return plan.with_children([_required(c, {a.expr_id for a in c.output})
                                   for c in plan.children])
    own = set()
    for e in plan.expressions():
        own |= {a.expr_id for a in e.references()}
    if isinstance(plan, L.Generate):
        own |= {a.expr_id for a in plan.child.output} & needed
    if isinstance(plan, (L.Project, L.Aggregate)):
        child_needed = own
    elif isinstance(plan, L.Window):
        child_needed = own | needed
    else:
        child_needed = own | needed
    children = [_required(c, child_needed) for c in plan.children]
    if isinstance(plan, L.Join):
        children = [_narrowed(c, child_needed) for c in children]
    return plan.with_children(children)


def _narrowed(child: LogicalPlan, needed) -> LogicalPlan:
    from ...plan import logical as L
    keep = [a for a in child.output if a.expr_id in needed]
    if len(keep) == len(child.output):
        return child
    if not keep:
        keep = child.output[:1]         # a side only counted (a cross join's row count)
    if isinstance(child, L.Project):
        ids = {a.expr_id for a in keep}
        exprs = [e for e, a in zip(child.exprs, L.named_output(child.exprs)) if a.expr_id in ids]
        return L.Project(exprs, child.child)
    return L.Project(keep, child)


def rule(plan: LogicalPlan) -> LogicalPlan:
    return _required(plan, {a.expr_id for a in plan.output})
