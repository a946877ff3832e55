"""Shaping Arrow batches to the schema a scan promised (shared by the formats)."""
from __future__ import annotations

from typing import Optional

import pyarrow as pa

from rayspark.sql.types import (ArrayType, DataType, MapType, StructField, StructType)

__all__ = ["conform_batch", "nullable_schema", "empty_batch", "no_column_batch"]


def no_column_batch(n: int) -> pa.RecordBatch:
    """A batch of ``n`` rows and no columns (what count(*) over a scan reads), made without
    building ``n`` Python objects."""
    return pa.RecordBatch.from_struct_array(pa.StructArray.from_buffers(pa.struct([]), n, [None]))


def _nullable(dt: DataType) -> DataType:
    if isinstance(dt, StructType):
        return nullable_schema(dt)
    if isinstance(dt, ArrayType):
        return ArrayType(_nullable(dt.elementType), True)
    if isinstance(dt, MapType):
        return MapType(_nullable(dt.keyType), _nullable(dt.valueType), True)
    return dt


def nullable_schema(schema: StructType) -> StructType:
    """Every field (also nested) nullable, as Spark reads file data."""
    return StructType([StructField(f.name, _nullable(f.dataType), True, f.metadata)
                       for f in schema.fields])


def _cast(col: pa.Array, at: pa.DataType) -> pa.Array:
    if col.type == at:
        return col
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    if pa.types.is_struct(at) and pa.types.is_struct(col.type):
        names = [col.type.field(i).name for i in range(col.type.num_fields)]
        lower = {n.lower(): i for i, n in reversed(list(enumerate(names)))}
        children = []
        for f in at:
            i = names.index(f.name) if f.name in names else lower.get(f.name.lower())
            children.append(pa.nulls(len(col), f.type) if i is None
                            else _cast(col.field(i), f.type))
        return pa.StructArray.from_arrays(children, fields=list(at), mask=col.is_null())
    if pa.types.is_timestamp(at) and pa.types.is_timestamp(col.type) and \
            (col.type.tz is None) != (at.tz is None):
        # Parquet INT96 or unlabelled instants: the stored value is UTC either way.
        col = col.cast(pa.timestamp(col.type.unit, tz=at.tz), safe=False) if at.tz else \
            col.cast(pa.timestamp(col.type.unit), safe=False)
    return col.cast(at, safe=False)


def conform_batch(batch: pa.RecordBatch, schema: StructType,
                  target: Optional[pa.Schema] = None) -> pa.RecordBatch:
    """``batch`` reshaped to ``schema``: columns picked by name (exact, then
    case-insensitive), missing ones null, types cast to the Arrow types of the schema."""
    from rayspark.sql.arrow_types import to_arrow_schema
    target = target or to_arrow_schema(schema)
    if batch.schema.equals(target, check_metadata=False):
        return pa.RecordBatch.from_arrays(batch.columns, schema=target)
    names = batch.schema.names
    lower = {n.lower(): i for i, n in reversed(list(enumerate(names)))}
    cols = []
    for f in target:
        i = names.index(f.name) if f.name in names else lower.get(f.name.lower())
        cols.append(pa.nulls(batch.num_rows, f.type) if i is None
                    else _cast(batch.column(i), f.type))
    return pa.RecordBatch.from_arrays(cols, schema=target)


def empty_batch(schema: StructType) -> pa.RecordBatch:
    from rayspark.sql.arrow_types import to_arrow_schema
    target = to_arrow_schema(schema)
    return pa.RecordBatch.from_arrays([pa.array([], f.type) for f in target], schema=target)
