"""Arrow table -> pandas DataFrame the way PySpark's ``toPandas`` types its columns (integer
columns with nulls become float64, timestamps are naive datetime64 in the session time zone,
dates and nested values are Python objects)."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from .types import (ArrayType, BinaryType, DateType, MapType, StructType, TimestampNTZType,
                    TimestampType, DecimalType)

__all__ = ["table_to_pandas"]


def table_to_pandas(table: pa.Table, schema: StructType, timezone: str = "UTC") -> pd.DataFrame:
    from .arrow_types import arrow_to_rows
    data = {}
    names = [f.name for f in schema.fields]
    cols = {}
    for i, f in enumerate(schema.fields):
        arr = table.column(i)
        dt = f.dataType
        if isinstance(dt, TimestampType):
            s = arr.to_pandas()
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_convert(timezone).dt.tz_localize(None)
            cols[i] = s.astype("datetime64[ns]")
        elif isinstance(dt, TimestampNTZType):
            cols[i] = arr.to_pandas().astype("datetime64[ns]")
        elif isinstance(dt, (DateType, ArrayType, MapType, StructType, DecimalType, BinaryType)):
            vals = arr.to_pylist()
            if isinstance(dt, MapType):
                vals = [None if v is None else dict(v) for v in vals]
            elif isinstance(dt, (StructType, ArrayType)):
                rows = arrow_to_rows(pa.table([arr], names=["x"]),
                                     StructType([f]), timezone=timezone)
                vals = [r[0] for r in rows]
            elif isinstance(dt, BinaryType):
                vals = [None if v is None else bytearray(v) for v in vals]
            cols[i] = pd.Series(vals, dtype=object)
        else:
            cols[i] = arr.to_pandas()
    df = pd.DataFrame({i: cols[i] for i in range(len(names))})
    df.columns = names
    return df
