"""``DataFrame.zip``: the columns of two DataFrames side by side, row by row.

Rows can only be paired without a join when both sides are projections of one computation:
Spark strips the outer ``Project`` chains of both plans and requires what is left to be the
same canonical plan (error ``ZIP_PLANS_NOT_MERGEABLE`` otherwise). The merged plan here keeps
both chains as they are (no expression is inlined, so a value is computed once per chain as
it was) by stacking them: the left chain over the common base, passing the base columns
through, then the right chain over that, passing the left columns through, and a final
projection of the left then the right output columns.

Two bases are the same when they are one plan object, or the same kind of nodes with the same
text (expression ids numbered by first use) over the same leaves; a leaf that holds data
(local rows, an RDD, a cached relation) must be the very same object, as Spark compares
those by identity."""
from __future__ import annotations

import re
from typing import Dict, List, Tuple

from ..errors import AnalysisException, PySparkTypeError
from .expressions.base import Alias, AttributeReference, Expression
from .plan import logical as L

__all__ = ["zip_frames"]


def zip_frames(left, right):
    from .dataframe import DataFrame
    if not isinstance(right, DataFrame):
        raise PySparkTypeError(
            f"[NOT_DATAFRAME] Argument `other` should be a DataFrame, got "
            f"{type(right).__name__}.", "NOT_DATAFRAME",
            {"arg_name": "other", "arg_type": type(right).__name__})
    lchain, lbase = _strip(left._plan)
    rchain, rbase = _strip(right._plan)
    if not _equivalent(lbase, rbase) or _has_grouped_udf(lbase):
        raise AnalysisException(
            "[ZIP_PLANS_NOT_MERGEABLE] The two DataFrames in zip() cannot be merged. They must "
            "produce the same canonicalized plan after stripping outer Project chains, and "
            "must not contain non-scalar Python UDFs. SQLSTATE: 42K03",
            "ZIP_PLANS_NOT_MERGEABLE")
    # the right chain refers to its base's columns: map them onto the left base's
    to_left: Dict[int, AttributeReference] = {
        r.expr_id: l for r, l in zip(rbase.output, lbase.output) if r.expr_id != l.expr_id}

    plan = lbase
    carry = list(lbase.output)           # base columns the right chain still needs
    for proj in reversed(lchain):
        plan = L.Project(_with_passthrough(proj.exprs, carry), plan)
    left_out = list(left._attrs())
    for proj in reversed(rchain):
        exprs = [_remap(e, to_left) for e in proj.exprs]
        plan = L.Project(_with_passthrough(exprs, left_out), plan)
    right_out = [_remap(a, to_left) for a in right._attrs()]
    return left._with(L.Project(left_out + right_out, plan))


def _strip(plan) -> Tuple[List[L.Project], L.LogicalPlan]:
    """The outer Project chain (top first) and the plan under it; subquery aliases only
    qualify names, so they are looked through."""
    chain: List[L.Project] = []
    while isinstance(plan, (L.Project, L.SubqueryAlias)):
        if isinstance(plan, L.Project):
            chain.append(plan)
        plan = plan.children[0]
    return chain, plan


def _with_passthrough(exprs: List[Expression], keep: List[AttributeReference]):
    ids = {_id_of(e) for e in exprs}
    return list(exprs) + [a for a in keep if a.expr_id not in ids]


def _id_of(e: Expression):
    if isinstance(e, (Alias, AttributeReference)):
        return e.expr_id
    return None


def _remap(e: Expression, to_left: Dict[int, AttributeReference]) -> Expression:
    if not to_left:
        return e

    def rule(x):
        if isinstance(x, AttributeReference) and x.expr_id in to_left:
            return to_left[x.expr_id]
        return None
    return e.transform_up(rule)


_DATA_LEAVES = (L.LocalRelation, L.LogicalRDD, L.CachedRelation)


def _equivalent(a: L.LogicalPlan, b: L.LogicalPlan) -> bool:
    if a is b:
        return True
    if not _same_leaves(a, b):
        return False
    return _canonical(a) == _canonical(b)


def _same_leaves(a: L.LogicalPlan, b: L.LogicalPlan) -> bool:
    if a is b:
        return True
    if type(a) is not type(b) or len(a.children) != len(b.children):
        return False
    if isinstance(a, _DATA_LEAVES):
        return False
    if isinstance(a, L.FileRelation):
        return (a.fmt, a.paths, a.options, a.data_schema, a.partition_schema) == \
            (b.fmt, b.paths, b.options, b.data_schema, b.partition_schema)
    return all(_same_leaves(x, y) for x, y in zip(a.children, b.children))


def _canonical(plan: L.LogicalPlan) -> str:
    ids: Dict[str, str] = {}
    return re.sub(r"#(\d+)", lambda m: "#" + ids.setdefault(m.group(1), str(len(ids))),
                  plan.tree_string())


def _has_grouped_udf(plan: L.LogicalPlan) -> bool:
    return any(type(n).__name__ in ("MapPartitions", "CoGroupMap") for n in plan.walk())
