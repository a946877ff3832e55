"""DataFrameReader / DataFrameWriter (``spark.read`` / ``df.write``)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from ..errors import AnalysisException, PySparkTypeError

__all__ = ["DataFrameReader", "DataFrameWriter"]


def _opt_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class DataFrameReader:
    def __init__(self, session):
        self._session = session
        self._format: Optional[str] = None
        self._schema = None
        self._options: Dict[str, str] = {}

    def format(self, source: str) -> "DataFrameReader":
        self._format = source
        return self

    def schema(self, schema) -> "DataFrameReader":
        from .types import StructType, _parse_datatype_string
        if isinstance(schema, str):
            schema = _parse_datatype_string(schema)
        if not isinstance(schema, StructType):
            raise PySparkTypeError(
                f"[NOT_STR_OR_STRUCT] Argument `schema` should be a StructType or str, got "
                f"{type(schema).__name__}.", "NOT_STR_OR_STRUCT")
        self._schema = schema
        return self

    def option(self, key: str, value: Any) -> "DataFrameReader":
        self._options[key] = _opt_value(value)
        return self

    def options(self, **options) -> "DataFrameReader":
        for k, v in options.items():
            self.option(k, v)
        return self

    def load(self, path=None, format=None, schema=None, **options):
        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**{k: v for k, v in options.items() if v is not None})
        fmt = (self._format or self._session.conf.get("spark.sql.sources.default")).lower()
        paths = [] if path is None else ([path] if isinstance(path, str) else list(path))
        if not paths and "path" in self._options:
            paths = [self._options["path"]]
        from .file_source import read_files
        return read_files(self._session, fmt, paths, self._schema, self._options)

    def _fmt(self, fmt, path, schema=None, **opts):
        self.format(fmt)
        if schema is not None:
            self.schema(schema)
        self.options(**{k: v for k, v in opts.items() if v is not None})
        return self.load(path)

    def parquet(self, *paths, **options):
        return self._fmt("parquet", list(paths), **options)

    def orc(self, path, **options):
        return self._fmt("orc", path, **options)

    def csv(self, path, schema=None, **options):
        return self._fmt("csv", path, schema, **options)

    def json(self, path, schema=None, **options):
        return self._fmt("json", path, schema, **options)

    def text(self, paths, wholetext: bool = False, lineSep=None, pathGlobFilter=None,
             recursiveFileLookup=None, modifiedBefore=None, modifiedAfter=None):
        return self._fmt("text", paths, wholetext=wholetext, lineSep=lineSep,
                         pathGlobFilter=pathGlobFilter, recursiveFileLookup=recursiveFileLookup)

    def table(self, tableName: str):
        return self._session.table(tableName)


class DataFrameWriter:
    def __init__(self, df):
        self._df = df
        self._format: Optional[str] = None
        self._mode = "errorifexists"
        self._options: Dict[str, str] = {}
        self._partition_by: List[str] = []

    def mode(self, saveMode: Optional[str]) -> "DataFrameWriter":
        if saveMode is None:
            return self
        m = saveMode.lower()
        if m not in ("append", "overwrite", "error", "errorifexists", "ignore", "default"):
            from ..errors import IllegalArgumentException
            raise IllegalArgumentException(
                f"[INVALID_SAVE_MODE] The specified save mode \"{saveMode}\" is invalid. Valid "
                "save modes include \"append\", \"overwrite\", \"ignore\", \"error\", "
                "\"errorifexists\", and \"default\".", "INVALID_SAVE_MODE")
        self._mode = "errorifexists" if m in ("error", "default") else m
        return self

    def format(self, source: str) -> "DataFrameWriter":
        self._format = source
        return self

    def option(self, key: str, value: Any) -> "DataFrameWriter":
        self._options[key] = _opt_value(value)
        return self

    def options(self, **options) -> "DataFrameWriter":
        for k, v in options.items():
            if v is not None:
                self.option(k, v)
        return self

    def partitionBy(self, *cols) -> "DataFrameWriter":
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        self._partition_by = list(cols)
        return self

    def bucketBy(self, numBuckets, col, *cols):
        raise NotImplementedError("bucketBy is not supported by rayspark")

    def sortBy(self, col, *cols):
        raise NotImplementedError("sortBy is not supported by rayspark")

    def save(self, path: Optional[str] = None, format=None, mode=None, partitionBy=None,
             **options):
        if format is not None:
            self.format(format)
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**options)
        fmt = (self._format or self._df._session.conf.get("spark.sql.sources.default")).lower()
        path = path or self._options.get("path")
        if path is None:
            raise AnalysisException("[SAVE_PATH_REQUIRED] 'path' is not specified.",
                                    "SAVE_PATH_REQUIRED")
        from .file_sink import write_files
        write_files(self._df, fmt, path, self._mode, self._options, self._partition_by)

    def _fmt(self, fmt, path, mode=None, partitionBy=None, **opts):
        self.format(fmt)
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**opts)
        self.save(path)

    def parquet(self, path, mode=None, partitionBy=None, compression=None):
        self._fmt("parquet", path, mode, partitionBy, compression=compression)

    def orc(self, path, mode=None, partitionBy=None, compression=None):
        self._fmt("orc", path, mode, partitionBy, compression=compression)

    def csv(self, path, mode=None, compression=None, sep=None, quote=None, escape=None,
            header=None, nullValue=None, **kw):
        self._fmt("csv", path, mode, None, compression=compression, sep=sep, quote=quote,
                  escape=escape, header=header, nullValue=nullValue, **kw)

    def json(self, path, mode=None, compression=None, **kw):
        self._fmt("json", path, mode, None, compression=compression, **kw)

    def text(self, path, compression=None, lineSep=None):
        self._fmt("text", path, None, None, compression=compression, lineSep=lineSep)

    def saveAsTable(self, name: str, format=None, mode=None, partitionBy=None, **options):
        import os
        catalog = self._df._session.catalog
        path = catalog._table_path(name.split(".")[-1])
        m = (mode or self._mode or "errorifexists").lower()
        if m in ("error", "default"):
            m = "errorifexists"
        if m == "errorifexists" and os.path.isdir(path):
            raise AnalysisException(
                f"[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view "
                f"`spark_catalog`.`default`.`{name}` because it already exists.",
                "TABLE_OR_VIEW_ALREADY_EXISTS")
        self._mode = m
        self.save(path, format or "parquet", None, partitionBy, **options)

    def insertInto(self, tableName: str, overwrite: Optional[bool] = None):
        self.mode("overwrite" if overwrite else "append").saveAsTable(tableName)
