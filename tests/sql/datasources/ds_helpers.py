"""Shared helpers: write small files, read them back through a FileFormat as Rows."""
from __future__ import annotations

import os
from typing import Any, List, Optional, Tuple

import pyarrow as pa

from rayspark.sql.arrow_types import arrow_to_rows
from rayspark.sql.datasources.file_format import get_format
from rayspark.sql.datasources.file_index import list_files
from rayspark.sql.types import StructType


def write(root, name: str, text: str, mode: str = "w") -> str:
    path = os.path.join(str(root), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, newline="") as f:
        f.write(text)
    return path


def read(fmt: str, paths, schema: Optional[Any] = None, **options) -> Tuple[StructType, List]:
    """What ``spark.read.format(fmt).options(**options).load(paths)`` collects (session time
    zone UTC), with partition columns appended."""
    options.setdefault("timeZone", "UTC")
    f = get_format(fmt)
    index = list_files(paths if isinstance(paths, list) else [paths], options, time_zone="UTC")
    if isinstance(schema, str):
        schema = StructType.fromDDL(schema)
    data_schema = schema if schema is not None else f.infer_schema(index.paths, options)
    full = StructType(data_schema.fields + index.partition_schema.fields)
    rows = []
    for split in index.files:
        for batch in f.read(split.path, data_schema, options):
            table = pa.Table.from_batches([batch])
            for field, arr in zip(index.partition_schema.fields,
                                  index.partition_arrays(split, batch.num_rows)):
                table = table.append_column(field.name, arr)
            rows.extend(arrow_to_rows(table, full, timezone="UTC"))
    return full, rows
