"""``spark.read`` for files: list the files (with partition discovery), settle the schema
(given, or inferred by the format), and return a DataFrame over a ``FileRelation`` whose
columns are the data columns followed by the partition columns, as Spark orders them."""
from __future__ import annotations

from typing import Dict, List, Optional

from ..errors import AnalysisException
from .create import attrs_for
from .plan import logical as L
from .types import StructField, StructType

__all__ = ["read_files"]


def _with_session_defaults(session, fmt: str, options: Dict[str, str]) -> Dict[str, str]:
    """Session settings the formats read as options (Spark passes them the same way)."""
    out = dict(options)
    lower = {k.lower() for k in out}
    if "timezone" not in lower:
        out["timeZone"] = session._timezone()
    if "maxpartitionbytes" not in lower:
        out["maxPartitionBytes"] = str(session.conf.get("spark.sql.files.maxPartitionBytes"))
    if "opencostinbytes" not in lower:
        out["openCostInBytes"] = str(session.conf.get("spark.sql.files.openCostInBytes",
                                                      str(4 << 20)))
    if fmt == "parquet" and "mergeschema" not in lower:
        out["mergeSchema"] = str(session.conf.get("spark.sql.parquet.mergeSchema",
                                                  "false")).lower()
    return out


def _infer(session, file_format, index, options):
    """The data schema of the files: CSV with inferSchema over splittable files is inferred
    by a distributed job (each task infers its byte range, the driver merges the types as
    Spark's CSV inference does); other formats infer on the driver."""
    from .datasources.options import as_options
    opts = as_options(options)
    if file_format.short_name == "csv" and opts.get_bool("inferSchema", False) and \
            index.files and all(file_format.splittable(f.path, options) for f in index.files):
        from .datasources.parsing import csv_wider_type
        from .execution.file_scan import wave_units
        from .types import NullType, StringType
        sc = session.sparkContext
        files = sorted(index.files, key=lambda f: f.path)
        # the merged types do not depend on how the bytes are cut
        units, _ = wave_units(files, file_format, options, max(1, sc.defaultParallelism))
        units = [(u.split.path, u.start or 0, u.length if u.length is not None else u.size)
                 for u in units]
        fmt_name = file_format.short_name

        def infer(unit):
            from .datasources.file_format import get_format
            path, start, length = unit
            return unit, get_format(fmt_name).infer_chunk(path, start, length, options)
        results = sc.parallelize(units, len(units)).map(infer).collect()
        names, types = None, []
        for (path, start, _), (chunk_names, chunk_types) in sorted(results):
            if names is None and chunk_names is not None:
                names = chunk_names
            for i, t in enumerate(chunk_types):
                if i < len(types):
                    types[i] = csv_wider_type(types[i], t)
                else:
                    types.append(t)
        if names is None:
            return StructType([])
        types += [NullType()] * (len(names) - len(types))
        return StructType([StructField(n, StringType() if isinstance(t, NullType) else t, True)
                           for n, t in zip(names, types[:len(names)])])
    return file_format.infer_schema(index.paths, options)


def read_files(session, fmt: str, paths: List[str], user_schema: Optional[StructType],
               options: Dict[str, str]):
    from .dataframe import DataFrame
    from .datasources.file_format import get_format
    from .datasources.file_index import list_files
    if not paths:
        raise AnalysisException(
            "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for "
            f"{fmt.capitalize()}. It must be specified manually. SQLSTATE: 42KD9",
            "UNABLE_TO_INFER_SCHEMA")
    file_format = get_format(fmt)
    options = _with_session_defaults(session, fmt, options)
    inference = str(session.conf.get(
        "spark.sql.sources.partitionColumnTypeInference.enabled")).lower() == "true"
    index = list_files(paths, options, partition_column_type_inference=inference,
                       time_zone=session._timezone())
    part_schema = index.partition_schema
    part_names = {n.lower() for n in part_schema.names}
    if user_schema is not None:
        data_schema = StructType([f for f in user_schema.fields
                                  if f.name.lower() not in part_names])
        # partition columns named in the user's schema take its types
        user_types = {f.name.lower(): f for f in user_schema.fields}
        part_schema = StructType([
            StructField(f.name, user_types[f.name.lower()].dataType, True)
            if f.name.lower() in user_types else f for f in part_schema.fields])
    else:
        data_schema = _infer(session, file_format, index, options)
        if data_schema is None:
            from .datasources.file_format import unable_to_infer_schema
            raise unable_to_infer_schema(file_format.display_name or fmt)
        data_schema = StructType([f for f in data_schema.fields
                                  if f.name.lower() not in part_names])
    full = StructType(list(data_schema.fields) + list(part_schema.fields))
    attrs = attrs_for(full)
    rel = L.FileRelation(fmt, index, data_schema, part_schema, options, attrs,
                         paths=tuple(paths))
    return DataFrame(rel, session)
