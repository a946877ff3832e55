"""ORC through ``pyarrow.orc``. ORC timestamps are read as TIMESTAMP (UTC instants);
writes use zstd by default, as Spark 4 does."""
from __future__ import annotations

from typing import Any, Iterable, Iterator, List, Mapping, Optional

import pyarrow as pa

from rayspark.sql.arrow_types import to_arrow_schema
from rayspark.sql.datasources.arrow_util import conform_batch
from rayspark.sql.datasources.file_format import FileFormat, project_schema
from rayspark.sql.datasources.options import as_options
from rayspark.sql.datasources.parquet import _spark_type, merge_schemas
from rayspark.sql.types import StructField, StructType, TimestampType

__all__ = ["OrcFileFormat"]

_CODECS = {"none": "uncompressed", "uncompressed": "uncompressed", "snappy": "snappy",
           "zlib": "zlib", "lz4": "lz4", "zstd": "zstd"}


def _orc_schema(path: str) -> StructType:
    from pyarrow import orc
    schema = orc.ORCFile(path).schema
    fields = []
    for f in schema:
        dt = TimestampType() if pa.types.is_timestamp(f.type) else _spark_type(f.type)
        fields.append(StructField(f.name, dt, True))
    return StructType(fields)


def _orc_arrow_schema(schema: StructType) -> pa.Schema:
    """ORC stores timestamps without a zone label: write the UTC values naive."""
    fields = []
    for f in to_arrow_schema(schema):
        if pa.types.is_timestamp(f.type):
            f = f.with_type(pa.timestamp("us"))
        fields.append(f.remove_metadata())
    return pa.schema(fields)


class OrcFileFormat(FileFormat):
    short_name = "orc"
    display_name = "ORC"

    def infer_schema(self, files: List[str], options: Mapping[str, Any]) -> Optional[StructType]:
        if not files:
            return None
        files = sorted(files)
        if as_options(options).get_bool("mergeSchema", False):
            return merge_schemas([_orc_schema(f) for f in files])
        return _orc_schema(files[0])

    def read(self, path: str, data_schema: StructType, options: Mapping[str, Any], *,
             required_columns: Optional[List[str]] = None,
             filters: Any = None) -> Iterator[pa.RecordBatch]:
        from pyarrow import orc
        out_schema = project_schema(data_schema, required_columns)
        target = to_arrow_schema(out_schema)
        f = orc.ORCFile(path)
        names = f.schema.names
        lower = {n.lower(): n for n in reversed(names)}
        cols = []
        for fld in out_schema.fields:
            n = fld.name if fld.name in names else lower.get(fld.name.lower())
            if n is not None and n not in cols:
                cols.append(n)
        for i in range(f.nstripes):
            stripe = f.read_stripe(i, columns=cols)
            yield conform_batch(stripe, out_schema, target)

    def write(self, batches: Iterable[pa.RecordBatch], schema: StructType, path: str,
              options: Mapping[str, Any]) -> None:
        from pyarrow import orc
        opts = as_options(options)
        codec = (opts.get("compression") or opts.get("codec") or "zstd").lower()
        target = _orc_arrow_schema(schema)
        full = to_arrow_schema(schema)
        table = pa.Table.from_batches([conform_batch(b, schema, full) for b in batches],
                                      schema=full)
        table = pa.Table.from_arrays(
            [c.cast(pa.timestamp("us")) if pa.types.is_timestamp(c.type) else c
             for c in table.columns], schema=target)
        orc.write_table(table, path, compression=_CODECS.get(codec, codec))

    def extension(self, options: Mapping[str, Any]) -> str:
        codec = (as_options(options).get("compression") or "zstd").lower()
        return ("" if codec in ("none", "uncompressed") else "." + codec) + ".orc"
