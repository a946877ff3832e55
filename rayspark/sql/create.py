"""``createDataFrame``: local rows, dicts, pandas, Arrow or an RDD, with a schema that is
inferred, given as a StructType, a DDL string, a single type or a list of column names."""
from __future__ import annotations

from typing import Any, List, Optional

import pyarrow as pa

from ..errors import PySparkTypeError, PySparkValueError
from .arrow_types import from_arrow_schema, rows_to_arrow, to_arrow_schema
from .expressions.base import AttributeReference
from .plan import logical as L
from .row import Row
from .types import (AtomicType, DataType, StructField, StructType, _has_nulltype,
                    _infer_schema, _infer_schema_from_data, _make_type_verifier, _merge_type,
                    _parse_datatype_string)

__all__ = ["create_dataframe", "attrs_for"]


def attrs_for(schema: StructType) -> List[AttributeReference]:
    return [AttributeReference(f.name, f.dataType, f.nullable, metadata=f.metadata or None)
            for f in schema.fields]


def _normalize_schema(schema):
    """-> (StructType or None, names or None, single_type or None)"""
    if schema is None:
        return None, None, None
    if isinstance(schema, str):
        dt = _parse_datatype_string(schema)
        if isinstance(dt, StructType):
            return dt, None, None
        return None, None, dt
    if isinstance(schema, StructType):
        return schema, None, None
    if isinstance(schema, DataType):
        return None, None, schema
    if isinstance(schema, (list, tuple)):
        if all(isinstance(x, str) for x in schema):
            return None, list(schema), None
    raise PySparkTypeError(
        f"[NOT_LIST_OR_NONE_OR_STRUCT] Argument `schema` should be a list, None or StructType, "
        f"got {type(schema).__name__}.", "NOT_LIST_OR_NONE_OR_STRUCT")


def _apply_names(schema: StructType, names: Optional[List[str]]) -> StructType:
    if not names:
        return schema
    fields = []
    for i, f in enumerate(schema.fields):
        name = names[i] if i < len(names) else f.name
        fields.append(StructField(name, f.dataType, f.nullable, f.metadata))
    return StructType(fields)


def _from_pandas(session, pdf, struct, names):
    table = pa.Table.from_pandas(pdf, preserve_index=False)
    inferred = from_arrow_schema(table.schema, prefer_timestamp_ntz=False)
    if struct is None:
        schema = _apply_names(inferred, names or [str(c) for c in pdf.columns])
        table = table.rename_columns(schema.names)
        target = to_arrow_schema(schema)
        table = table.cast(target) if table.schema != target else table
        return schema, table
    rows = [tuple(r) for r in pdf.itertuples(index=False, name=None)]
    import math
    rows = [tuple(None if (isinstance(v, float) and math.isnan(v)) else
                  (v.to_pydatetime() if hasattr(v, "to_pydatetime") else v) for v in r)
            for r in rows]
    return struct, rows_to_arrow(rows, struct, timezone=session._timezone())


def create_dataframe(session, data, schema=None, samplingRatio=None, verifySchema=True):
    from .dataframe import DataFrame
    from ..rdd.rdd import RDD
    struct, names, single = _normalize_schema(schema)
    if isinstance(data, DataFrame):
        raise PySparkTypeError(
            "[INVALID_TYPE] Argument `data` should not be a DataFrame.", "INVALID_TYPE")
    try:
        import pandas as pd
        if isinstance(data, pd.DataFrame):
            s, table = _from_pandas(session, data, struct, names)
            return DataFrame(L.LocalRelation(attrs_for(s), table, local=False), session)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(data, pa.Table):
        s = struct or _apply_names(from_arrow_schema(data.schema), names)
        table = data.rename_columns(s.names)
        target = to_arrow_schema(s)
        if table.schema != target:
            table = table.cast(target)
        return DataFrame(L.LocalRelation(attrs_for(s), table, local=False), session)
    if isinstance(data, RDD):
        return _from_rdd(session, data, struct, names, single, samplingRatio, verifySchema)
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        raise PySparkTypeError(
            f"[INVALID_TYPE] Argument `data` should not be a {type(data).__name__}.",
            "INVALID_TYPE")
    rows = list(data)
    try:
        import numpy as np
        if isinstance(data, np.ndarray):
            rows = [tuple(r) if isinstance(r, np.ndarray) else (r,) for r in data.tolist()]
    except ImportError:  # pragma: no cover
        pass
    if single is not None:
        struct = StructType([StructField("value", single, True)])
        rows = [r if isinstance(r, (tuple, list, Row)) and not isinstance(single, AtomicType)
                and False else (r,) for r in rows]
    if struct is None:
        if not rows:
            raise PySparkValueError("[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an "
                                    "empty dataset.", "CANNOT_INFER_EMPTY_SCHEMA")
        rows = [_plain(r) for r in rows]
        struct = _infer_schema_from_data(rows, list(names) if names else None)
        struct = _apply_names(struct, names)
    else:
        rows = [_plain(r) for r in rows]
        if verifySchema:
            verify = _make_type_verifier(struct)
            for r in rows:
                verify(r)
    table = rows_to_arrow(rows, struct, timezone=session._timezone())
    return DataFrame(L.LocalRelation(attrs_for(struct), table, local=False), session)


def _plain(r):
    if isinstance(r, (tuple, list, dict, Row)) or hasattr(r, "__dict__"):
        return r
    return (r,)


def _from_rdd(session, rdd, struct, names, single, samplingRatio, verifySchema):
    from .dataframe import DataFrame
    if single is not None:
        struct = StructType([StructField("value", single, True)])
        rdd = rdd.map(lambda v: (v,))
    if struct is None:
        if samplingRatio is None:
            first = rdd.take(100)
            if not first:
                raise PySparkValueError("[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from "
                                        "an empty dataset.", "CANNOT_INFER_EMPTY_SCHEMA")
            schema = None
            for row in first:
                s = _infer_schema(_plain(row), list(names) if names else None)
                schema = s if schema is None else _merge_type(schema, s)
                if not _has_nulltype(schema):
                    break
        else:
            sampled = rdd.sample(False, samplingRatio).collect()
            schema = _infer_schema_from_data([_plain(r) for r in sampled],
                                             list(names) if names else None)
        struct = _apply_names(schema, names)
    tz = session._timezone()
    schema = struct
    verify = _make_type_verifier(schema) if verifySchema else None

    def to_batches(it):
        rows = []
        for r in it:
            r = _plain(r)
            if verify is not None:
                verify(r)
            rows.append(r)
            if len(rows) >= 65536:
                yield from rows_to_arrow(rows, schema, timezone=tz).to_batches()
                rows = []
        if rows:
            yield from rows_to_arrow(rows, schema, timezone=tz).to_batches()
    batches = rdd.mapPartitions(to_batches)
    return DataFrame(L.LogicalRDD(attrs_for(schema), batches), session)
