"""``DataFrame.transpose``: the values of an index column become the column names.

Spark 4 resolves a transpose while analysing the plan: it runs a query for the (non-null)
index values, checks there are at most ``spark.sql.transposeMaxValues`` of them, and turns the
result into a local relation. The output's schema depends on the data, so it cannot be a lazy
plan node; this module does the same eagerly (one collect of at most max+1 rows) and returns a
DataFrame over the transposed rows held by the driver.

Semantics follow Spark's ``ResolveTranspose``: the first column is the default index; it must
be a plain attribute of an atomic type; every other column is cast to the ANSI *tightest*
common type (no string promotion, no decimal widening beyond what fits); the new columns are
the index values cast to string, ordered ascending by value, with null indices dropped; the
first output column ``key`` (not nullable) holds the original column names."""
from __future__ import annotations

from typing import List, Optional

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import AnalysisException, not_expected_type
from .column import Column, _name_expr
from .expressions.base import AttributeReference
from .expressions.coercion import merge_nested
from .types import (ArrayType, AtomicType, DataType, DateType, DayTimeIntervalType,
                    DecimalType, DoubleType, FloatType, IntegralType, MapType, NullType,
                    NumericType, StringType, StructField, StructType, TimestampNTZType,
                    TimestampType, YearMonthIntervalType)

__all__ = ["transpose"]

MAX_VALUES_KEY = "spark.sql.transposeMaxValues"
DEFAULT_MAX_VALUES = 500

# numeric widening order (Spark's TypeCoercion.numericPrecedence)
_NUMERIC_ORDER = ["byte", "short", "integer", "long", "float", "double"]


def transpose(df, index_column=None):
    from .dataframe import DataFrame
    from .plan import logical as L
    from .create import attrs_for
    attrs = df._attrs()
    index = _index_attribute(df, index_column)
    values = [a for a in attrs if a.expr_id != index.expr_id]
    common = _least_common_type([a.data_type for a in values])
    max_values = int(df._session.conf.get(MAX_VALUES_KEY, str(DEFAULT_MAX_VALUES)))

    from .expressions.cast import Cast
    cols = [Column(index), Column(Cast(index, StringType())).alias("__name")]
    cols += [Column(a if a.data_type == common else Cast(a, common)).alias(f"__v{i}")
             for i, a in enumerate(values)]
    picked = df.where(Column(index).isNotNull()).select(*cols).limit(max_values + 1)
    table = picked._collect_table()
    if table.num_rows > max_values:
        raise AnalysisException(
            f"[TRANSPOSE_EXCEED_ROW_LIMIT] Number of rows exceeds the allowed limit of "
            f"{max_values} for TRANSPOSE. If this was intended, set {MAX_VALUES_KEY} to at "
            "least the current row count. SQLSTATE: 54006", "TRANSPOSE_EXCEED_ROW_LIMIT",
            {"maxValues": str(max_values), "config": MAX_VALUES_KEY})
    # a stable ascending sort on the index value (arrow: NaN after numbers, as Spark orders)
    order = pc.sort_indices(table.column(0), sort_keys=[("", "ascending")]) \
        if table.num_rows else pa.array([], pa.int64())
    table = table.take(order)
    names: List[str] = table.column(1).to_pylist()

    schema = StructType([StructField("key", StringType(), False)] +
                        [StructField(n, common, True) for n in names])
    key_col = pa.array([a.name for a in values], pa.string())
    out_cols = [key_col]
    for i in range(table.num_rows):
        cells = [table.column(2 + j).slice(i, 1).combine_chunks() for j in range(len(values))]
        out_cols.append(pa.concat_arrays(cells) if cells else pa.array([], pa.null()))
    from .execution.arrow_util import schema_of
    out_attrs = attrs_for(schema)
    arrow_schema = schema_of(out_attrs)
    out_cols = [c if c.type == f.type else c.cast(f.type) for c, f in zip(out_cols, arrow_schema)]
    out = pa.Table.from_arrays(out_cols, schema=arrow_schema)
    return DataFrame(L.LocalRelation(out_attrs, out, local=False), df._session)


def _index_attribute(df, index_column) -> AttributeReference:
    attrs = df._attrs()
    if index_column is None:
        e = attrs[0]
    elif isinstance(index_column, (str, Column)):
        e = df._resolve(_name_expr(index_column))
    else:
        raise not_expected_type("col", "Column or str", index_column)
    if not isinstance(e, AttributeReference):
        raise _invalid_index("Index column must be an atomic attribute")
    if not isinstance(e.data_type, AtomicType):
        raise _invalid_index(
            f"Index column must be of atomic type, but found: {scala_string(e.data_type)}")
    return e


def _invalid_index(reason: str) -> AnalysisException:
    return AnalysisException(
        f"[TRANSPOSE_INVALID_INDEX_COLUMN] Invalid index column for TRANSPOSE because: "
        f"{reason} SQLSTATE: 42804", "TRANSPOSE_INVALID_INDEX_COLUMN", {"reason": reason})


def scala_string(dt: DataType) -> str:
    """A type as Scala's ``DataType.toString`` prints it (``ArrayType(IntegerType,true)``),
    which is what Spark puts into this error message."""
    if isinstance(dt, ArrayType):
        return f"ArrayType({scala_string(dt.elementType)},{str(dt.containsNull).lower()})"
    if isinstance(dt, MapType):
        return (f"MapType({scala_string(dt.keyType)},{scala_string(dt.valueType)},"
                f"{str(dt.valueContainsNull).lower()})")
    if isinstance(dt, StructType):
        return "StructType(" + ",".join(
            f"StructField({f.name},{scala_string(f.dataType)},{str(f.nullable).lower()})"
            for f in dt.fields) + ")"
    if isinstance(dt, DecimalType):
        return f"DecimalType({dt.precision},{dt.scale})"
    return type(dt).__name__


def _least_common_type(types: List[DataType]) -> DataType:
    if not types:
        return StringType()
    out = types[0]
    for t in types[1:]:
        wider = _tightest(out, t)
        if wider is None:
            from .ddl import type_to_sql
            raise AnalysisException(
                f"[TRANSPOSE_NO_LEAST_COMMON_TYPE] Transpose requires non-index columns to "
                f"share a least common type, but \"{type_to_sql(out)}\" and "
                f"\"{type_to_sql(t)}\" do not. SQLSTATE: 42K09",
                "TRANSPOSE_NO_LEAST_COMMON_TYPE",
                {"dt1": type_to_sql(out), "dt2": type_to_sql(t)})
        out = wider
    return out


def _numeric_rank(dt: DataType) -> int:
    return _NUMERIC_ORDER.index(dt.typeName()) if dt.typeName() in _NUMERIC_ORDER else -1


def _decimal_of(dt: IntegralType) -> DecimalType:
    return {"byte": DecimalType(3, 0), "short": DecimalType(5, 0),
            "integer": DecimalType(10, 0), "long": DecimalType(20, 0)}[dt.typeName()]


def _wider_than(d: DecimalType, other: DataType) -> bool:
    o = _decimal_of(other)
    return d.precision - d.scale >= o.precision - o.scale and d.scale >= o.scale


def _tightest(a: DataType, b: DataType) -> Optional[DataType]:
    """Spark's ``AnsiTypeCoercion.findTightestCommonType``."""
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, StringType) and isinstance(b, StringType):
        return a if a.collation == b.collation else None
    if isinstance(a, IntegralType) and isinstance(b, DecimalType):
        return b if _wider_than(b, a) else None
    if isinstance(a, DecimalType) and isinstance(b, IntegralType):
        return a if _wider_than(a, b) else None
    if isinstance(a, NumericType) and isinstance(b, NumericType):
        if isinstance(a, DecimalType) or isinstance(b, DecimalType):
            return None
        wider = a if _numeric_rank(a) >= _numeric_rank(b) else b
        # an integral and a float meet at double, not float (no precision loss)
        return DoubleType() if isinstance(wider, FloatType) else wider
    if isinstance(a, (DateType, TimestampType, TimestampNTZType)) and \
            isinstance(b, (DateType, TimestampType, TimestampNTZType)):
        if isinstance(a, TimestampType) or isinstance(b, TimestampType):
            return TimestampType()
        return TimestampNTZType()
    if isinstance(a, DayTimeIntervalType) and isinstance(b, DayTimeIntervalType):
        return DayTimeIntervalType(min(a.startField, b.startField),
                                   max(a.endField, b.endField))
    if isinstance(a, YearMonthIntervalType) and isinstance(b, YearMonthIntervalType):
        return YearMonthIntervalType(min(a.startField, b.startField),
                                     max(a.endField, b.endField))
    return merge_nested(a, b, _tightest)
