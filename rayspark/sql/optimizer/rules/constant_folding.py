"""ConstantFolding: evaluate foldable expressions once at planning time (``1 + 2`` -> ``3``)
so tasks don't recompute them per batch; names are kept by aliasing."""
from __future__ import annotations

import pyarrow as pa

from ...expressions.base import Alias, AttributeReference, Expression, Literal, SortOrder
from ...plan.logical import LogicalPlan

_EMPTY = pa.RecordBatch.from_struct_array(pa.array([{}], type=pa.struct([])))


def fold(e: Expression) -> Expression:
    def r(x):
        if isinstance(x, (Literal, Alias, AttributeReference, SortOrder)) or not x.children:
            return None
        if not x.foldable:
            return None
        try:
            v = x.eval(_EMPTY)
        except Exception:
            return None          # errors (e.g. 1/0) surface at run time, as in a task
        if isinstance(v, (pa.Array, pa.ChunkedArray)):
            if len(v) != 1:
                return None
            v = v[0]
        from ...arrow_types import arrow_to_rows
        from ...types import StructField, StructType
        try:
            value = arrow_to_rows(pa.table([pa.array([v.as_py()], type=v.type)], names=["v"]),
                                  StructType([StructField("v", x.data_type, True)]),
                                  timezone="UTC")[0][0]
        except Exception:
            return None
        lit = Literal(value, x.data_type)
        lit.folded_name = x.name
        return lit
    return e.transform_up(r)


def _fold_named(e: Expression) -> Expression:
    if isinstance(e, Alias):
        return Alias(fold(e.child), e.name, e.expr_id, e.metadata)
    return fold(e)


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        exprs = node.expressions()
        if not exprs:
            return None
        return node.with_expressions(_fold_named)
    return plan.transform_up(r)
