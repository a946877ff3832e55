"""Evaluate Column expressions over a small table the way the planner does: resolve against
the table's attributes, bind, eval, and return (column name, simple type, Python values)."""
from __future__ import annotations

import pyarrow as pa

from rayspark.sql.analyzer import resolve
from rayspark.sql.arrow_types import rows_to_arrow
from rayspark.sql.expressions.base import AttributeReference, bind_references, materialize
from rayspark.sql.types import _parse_datatype_string


def table(schema: str, rows):
    st = _parse_datatype_string(schema)
    data = rows_to_arrow(list(rows), st, timezone="UTC")
    if isinstance(data, pa.Table):
        data = data.combine_chunks().to_batches()[0] if data.num_rows else \
            pa.RecordBatch.from_pylist([], schema=data.schema)
    attrs = [AttributeReference(f.name, f.dataType, f.nullable) for f in st.fields]
    return data, attrs


def run(column, schema="x int", rows=((1,),)):
    batch, attrs = table(schema, rows)
    expr = column._expr if hasattr(column, "_expr") else column
    resolved = resolve(expr, attrs)
    bound = bind_references(resolved, attrs)
    out = materialize(bound.eval(batch), batch.num_rows)
    from rayspark.sql.arrow_types import arrow_to_rows
    from rayspark.sql.types import StructType, StructField
    st = StructType([StructField("v", resolved.data_type, True)])
    vals = [r[0] for r in arrow_to_rows(pa.RecordBatch.from_arrays([out], ["v"]), st, timezone="UTC")]
    return resolved.name, resolved.data_type.simpleString(), vals


def same(a, b, rel=1e-12):
    """Equality that lets floats differ in the last bits (Java's libm vs numpy's) and NaN
    equal NaN; Rows compare by fields, dicts by content."""
    import math
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], rel) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, rel) for x, y in zip(a, b))
    return a == b and type(a) is type(b) or (a == b and not isinstance(a, (bool, float)))
