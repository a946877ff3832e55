"""The file format interface and the registry of built-in formats.

A :class:`FileFormat` knows one file type: it infers a relation's schema from files,
reads one file as Arrow record batches of a given schema, and writes batches into one file.
Scans and writes above it (planning splits, partition columns, the commit protocol) are the
same for every format. Formats are stateless and picklable; ``read``/``write`` run on
executors.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence

import pyarrow as pa

from rayspark.errors import AnalysisException
from rayspark.sql.types import StructField, StructType

__all__ = ["FileFormat", "get_format", "register_format", "project_schema",
           "unable_to_infer_schema", "compression_codec"]


class FileFormat:
    """Base class of file formats (``short_name`` is the ``format(...)`` name)."""

    short_name: str = ""
    display_name: str = ""   # as Spark names it in messages (CSV, JSON, Parquet, ...)

    def infer_schema(self, files: List[str], options: Mapping[str, Any]) -> Optional[StructType]:
        """The data schema of ``files`` (partition columns excluded), or None when it cannot
        be inferred (no files)."""
        raise NotImplementedError

    def read(self, path: str, data_schema: StructType, options: Mapping[str, Any], *,
             required_columns: Optional[List[str]] = None,
             filters: Any = None) -> Iterator[pa.RecordBatch]:
        """Batches of ``path`` whose schema is exactly
        ``to_arrow_schema(project_schema(data_schema, required_columns))``. ``filters`` is an
        optional ``pyarrow.compute.Expression`` the format may use to skip data (rows that
        fail it may still be returned)."""
        raise NotImplementedError

    def write(self, batches: Iterable[pa.RecordBatch], schema: StructType, path: str,
              options: Mapping[str, Any]) -> None:
        """Write ``batches`` (of ``to_arrow_schema(schema)``) as one file at ``path``."""
        raise NotImplementedError

    def extension(self, options: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def supports_type(self, dt) -> bool:
        return True

    def splittable(self, path: str, options: Mapping[str, Any]) -> bool:
        """Whether ``read`` can take ``start``/``length`` byte ranges of ``path`` (line-based
        formats on uncompressed files), so one large file is read by several tasks."""
        return False

    def __reduce__(self):
        return (get_format, (self.short_name,))

    def __repr__(self) -> str:
        return f"<FileFormat {self.short_name}>"


def project_schema(schema: StructType, required_columns: Optional[Sequence[str]]) -> StructType:
    """``schema`` narrowed to ``required_columns`` (in that order; names matched exactly,
    then case-insensitively)."""
    if required_columns is None:
        return schema
    by_name = {f.name: f for f in schema.fields}
    by_lower: Dict[str, StructField] = {}
    for f in schema.fields:
        by_lower.setdefault(f.name.lower(), f)
    out = []
    for name in required_columns:
        f = by_name.get(name) or by_lower.get(name.lower())
        if f is None:
            raise AnalysisException(
                f"A column or function parameter with name `{name}` cannot be resolved.",
                "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {"objectName": f"`{name}`"})
        out.append(f)
    return StructType(out)


def unable_to_infer_schema(display_name: str) -> AnalysisException:
    return AnalysisException(
        f"Unable to infer schema for {display_name}. It must be specified manually.",
        "UNABLE_TO_INFER_SCHEMA", {"format": display_name})


_CODEC_EXT = {"none": "", "uncompressed": "", "gzip": ".gz", "bzip2": ".bz2", "lz4": ".lz4",
              "snappy": ".snappy", "deflate": ".deflate", "zstd": ".zst", "xz": ".xz"}


def compression_codec(options: Mapping[str, Any], default: str = "none") -> str:
    """The ``compression`` (or ``codec``) option, lower-cased."""
    codec = options.get("compression") or options.get("codec") or default
    codec = codec.lower()
    if codec not in _CODEC_EXT:
        from rayspark.errors import IllegalArgumentException
        raise IllegalArgumentException(
            f"Codec [{codec}] is not available. Known codecs are "
            "bzip2, deflate, uncompressed, lz4, gzip, snappy, none, zstd.",
            "CODEC_NOT_AVAILABLE", {"codecName": codec})
    return codec


_REGISTRY: Dict[str, str] = {
    "parquet": "rayspark.sql.datasources.parquet:ParquetFileFormat",
    "csv": "rayspark.sql.datasources.csv:CSVFileFormat",
    "json": "rayspark.sql.datasources.json:JsonFileFormat",
    "text": "rayspark.sql.datasources.text:TextFileFormat",
    "orc": "rayspark.sql.datasources.orc:OrcFileFormat",
}
_ALIASES = {"org.apache.spark.sql.parquet": "parquet",
            "org.apache.spark.sql.execution.datasources.parquet": "parquet",
            "org.apache.spark.sql.execution.datasources.parquet.parquetfileformat": "parquet",
            "org.apache.spark.sql.csv": "csv", "com.databricks.spark.csv": "csv",
            "org.apache.spark.sql.execution.datasources.csv.csvfileformat": "csv",
            "org.apache.spark.sql.json": "json",
            "org.apache.spark.sql.execution.datasources.json.jsonfileformat": "json",
            "org.apache.spark.sql.text": "text",
            "org.apache.spark.sql.execution.datasources.text.textfileformat": "text",
            "org.apache.spark.sql.execution.datasources.orc": "orc",
            "org.apache.spark.sql.execution.datasources.orc.orcfileformat": "orc"}
_INSTANCES: Dict[str, FileFormat] = {}


def register_format(name: str, target: str) -> None:
    """Register ``module:Class`` under ``name`` (a plug-in point for more formats)."""
    _REGISTRY[name.lower()] = target
    _INSTANCES.pop(name.lower(), None)


def get_format(name: str) -> FileFormat:
    """The format named ``name`` (case-insensitive); ``[DATA_SOURCE_NOT_FOUND]`` otherwise."""
    key = (name or "").lower()
    key = _ALIASES.get(key, key)
    inst = _INSTANCES.get(key)
    if inst is not None:
        return inst
    target = _REGISTRY.get(key)
    if target is None:
        raise AnalysisException(
            f"Failed to find the data source: {name}. Make sure the provider name is correct "
            "and the package is properly registered and compatible with your Spark version.",
            "DATA_SOURCE_NOT_FOUND", {"provider": str(name)})
    import importlib
    module, cls = target.split(":")
    inst = getattr(importlib.import_module(module), cls)()
    _INSTANCES[key] = inst
    return inst
