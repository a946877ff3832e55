"""PushDownFilters into file scans: conjuncts over partition columns prune files (partition
pruning); simple comparisons over data columns become a ``pyarrow.compute.Expression`` the
Parquet reader uses to skip row groups. The Filter stays above the scan for exactness."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ...expressions.base import AttributeReference, Literal
from ...expressions import predicates as P
from ...plan.logical import Filter, FileRelation, LogicalPlan

_CMP = {P.EqualTo: "__eq__", P.LessThan: "__lt__", P.LessThanOrEqual: "__le__",
        P.GreaterThan: "__gt__", P.GreaterThanOrEqual: "__ge__"}
_FLIP = {"__lt__": "__gt__", "__gt__": "__lt__", "__le__": "__ge__", "__ge__": "__le__",
         "__eq__": "__eq__"}


def _to_arrow(e, names):
    from ...expressions.cast import Cast
    if isinstance(e, P.And):
        a, b = _to_arrow(e.left, names), _to_arrow(e.right, names)
        return a & b if a is not None and b is not None else (a if a is not None else b)
    if type(e) in _CMP:
        l, r = e.left, e.right
        op = _CMP[type(e)]
        if isinstance(r, AttributeReference) and isinstance(l, Literal):
            l, r, op = r, l, _FLIP[op]
        if isinstance(l, AttributeReference) and l.name in names and isinstance(r, Literal) \
                and r.value is not None:
            try:
                return getattr(pc.field(l.name), op)(pa.scalar(r._arrow_value()))
            except Exception:
                return None
        return None
    if isinstance(e, P.IsNotNull) and isinstance(e.children[0], AttributeReference) \
            and e.children[0].name in names:
        return pc.field(e.children[0].name).is_valid()
    if isinstance(e, P.IsNull) and type(e) is P.IsNull and \
            isinstance(e.children[0], AttributeReference) and e.children[0].name in names:
        return pc.field(e.children[0].name).is_null()
    return None


def _partition_predicate(conjuncts, rel):
    from ...expressions.base import bind_references
    part_attrs = [a for a in rel.all_attrs if a.name in rel.partition_schema.names]
    bound = [bind_references(c, part_attrs) for c in conjuncts]
    from ...execution.arrow_util import schema_of

    def pred(values):
        arrays = [pa.array([values[a.name]], type=schema_of([a]).field(0).type)
                  for a in part_attrs]
        batch = pa.RecordBatch.from_arrays(arrays, schema=schema_of(part_attrs))
        for b in bound:
            v = b.eval(batch)
            v = v[0] if isinstance(v, (pa.Array, pa.ChunkedArray)) else v
            if not v.is_valid or not v.as_py():
                return False
        return True
    return pred


def rule(plan: LogicalPlan) -> LogicalPlan:
    def r(node):
        if not (isinstance(node, Filter) and isinstance(node.child, FileRelation)):
            return None
        rel = node.child
        if getattr(rel, "_pushed", False):
            return None
        part_ids = {a.expr_id for a in rel.all_attrs if a.name in rel.partition_schema.names}
        data_names = set(rel.data_schema.names)
        part_filters, data_filters = [], []
        for c in P.split_conjuncts(node.condition):
            refs = {a.expr_id for a in c.references()}
            if refs and refs <= part_ids and c.deterministic:
                part_filters.append(c)
            else:
                data_filters.append(c)
        new = rel.copy()
        new._pushed = True
        if part_filters:
            new.file_index = rel.file_index.prune(_partition_predicate(part_filters, rel))
            new.partition_filters = tuple(part_filters)
        arrow_parts = [x for x in (_to_arrow(c, data_names) for c in data_filters)
                       if x is not None]
        if arrow_parts and rel.fmt == "parquet":
            expr = arrow_parts[0]
            for x in arrow_parts[1:]:
                expr = expr & x
            new.arrow_filter = expr
            new.data_filters = tuple(c for c in data_filters if _to_arrow(c, data_names) is not None)
        return Filter(node.condition, new)
    return plan.transform_up(r)
