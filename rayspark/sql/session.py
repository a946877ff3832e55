"""``SparkSession``: the entry point of rayspark.sql (builder, createDataFrame, range, sql,
table, read, catalog, conf, udf), over one SparkContext."""
from __future__ import annotations

import contextlib
import re
import datetime
import decimal
import threading
from typing import Any, Dict, Iterable, List, Optional, Union

import pyarrow as pa

from ..context import SparkContext
from ..conf import SparkConf
from ..errors import (AnalysisException, PySparkTypeError, PySparkValueError)
from .expressions.base import AttributeReference
from .plan import logical as L
from .row import Row
from .types import (DataType, StructField, StructType, _infer_schema, _merge_type,
                    _parse_datatype_string, _has_nulltype, NullType, _make_type_verifier)

__all__ = ["SparkSession"]


class _Builder:
    def __init__(self):
        self._options: Dict[str, str] = {}
        self._lock = threading.Lock()

    def config(self, key=None, value=None, conf: Optional[SparkConf] = None, *, map=None):
        if conf is not None:
            for k, v in conf.getAll():
                self._options[k] = v
        if map is not None:
            for k, v in map.items():
                self._options[k] = str(v)
        if key is not None:
            if isinstance(value, bool):
                value = "true" if value else "false"
            self._options[key] = str(value)
        return self

    def master(self, master: str):
        return self.config("spark.master", master)

    def appName(self, name: str):
        return self.config("spark.app.name", name)

    def remote(self, url: str):
        raise NotImplementedError("Spark Connect is not supported; use master('ray://...')")

    def enableHiveSupport(self):
        return self

    def getOrCreate(self) -> "SparkSession":
        with self._lock:
            session = SparkSession._active
            if session is not None and not session._stopped:
                for k, v in self._options.items():
                    if k.startswith("spark.sql."):
                        session.conf.set(k, v)
                return session
            conf = SparkConf()
            for k, v in self._options.items():
                conf.set(k, v)
            sc = SparkContext.getOrCreate(conf)
            session = SparkSession(sc, options=self._options)
            return session

    def create(self):
        return self.getOrCreate()


class _ClassProperty:
    def __init__(self, f):
        self.f = f

    def __get__(self, obj, owner):
        return self.f(owner)


class SparkSession:
    _active: Optional["SparkSession"] = None

    @_ClassProperty
    def builder(cls) -> _Builder:
        return _Builder()

    def __init__(self, sparkContext: SparkContext, jsparkSession=None, options=None):
        from .cache_manager import CacheManager
        from .catalog import Catalog
        from .conf import RuntimeConfig
        from .optimizer import Optimizer
        from .udf import UDFRegistration
        self._sc = sparkContext
        self.conf = RuntimeConfig(self, {k: v for k, v in (options or {}).items()
                                         if k.startswith("spark.sql.")})
        self._cache_manager = CacheManager(self)
        self._optimizer = Optimizer(self)
        self._udfs: Dict[str, Any] = {}
        self.udf = UDFRegistration(self)
        self.catalog = Catalog(self)
        self._stopped = False
        SparkSession._active = self

    # -- properties ---------------------------------------------------------------------
    @property
    def sparkContext(self) -> SparkContext:
        return self._sc

    @property
    def version(self) -> str:
        from .. import __version__
        return __version__

    @classmethod
    def getActiveSession(cls) -> Optional["SparkSession"]:
        s = cls._active
        return s if s is not None and not s._stopped else None

    @classmethod
    def active(cls) -> "SparkSession":
        s = cls.getActiveSession()
        if s is None:
            raise AnalysisException("[NO_ACTIVE_SESSION] No active Spark session found.",
                                    "NO_ACTIVE_SESSION")
        return s

    def newSession(self) -> "SparkSession":
        s = SparkSession(self._sc)
        return s

    @property
    def read(self):
        from .readwriter import DataFrameReader
        return DataFrameReader(self)

    @property
    def readStream(self):
        raise NotImplementedError("Structured Streaming is not available yet in rayspark")

    # -- internal settings ----------------------------------------------------------------
    def _timezone(self) -> str:
        return self.conf.get("spark.sql.session.timeZone")

    def _shuffle_partitions(self) -> int:
        if self.conf._is_set("spark.sql.shuffle.partitions"):
            return int(self.conf.get("spark.sql.shuffle.partitions"))
        # Spark coalesces its 200 default shuffle partitions adaptively (AQE); rayspark does
        # not coalesce partitions and uses one partition per executor slot instead.
        return max(1, self._sc.defaultParallelism)

    def _adaptive_broadcast_threshold(self) -> int:
        if str(self.conf.get("spark.sql.adaptive.enabled")).lower() != "true":
            return -1
        if self.conf._is_set("spark.sql.adaptive.autoBroadcastJoinThreshold"):
            return self._broadcast_threshold("spark.sql.adaptive.autoBroadcastJoinThreshold")
        return self._broadcast_threshold()

    def _broadcast_threshold(self, key: str = "spark.sql.autoBroadcastJoinThreshold") -> int:
        v = str(self.conf.get(key)).lower()
        mult = 1
        for suffix, m in (("kb", 1024), ("mb", 1 << 20), ("gb", 1 << 30), ("k", 1024),
                          ("m", 1 << 20), ("g", 1 << 30), ("b", 1)):
            if v.endswith(suffix):
                v, mult = v[: -len(suffix)], m
                break
        return int(float(v) * mult)

    def _eager_eval(self) -> bool:
        return str(self.conf.get("spark.sql.repl.eagerEval.enabled")).lower() == "true"

    def _planner(self):
        from .planner import Planner
        return Planner(self)

    @contextlib.contextmanager
    def _job_description(self):
        """Run a SQL job; errors raised by SQL expressions inside tasks (ANSI arithmetic,
        casts, index errors) reach the caller as their own classes, as in PySpark."""
        from ..errors import PythonException, SQL_TASK_ERRORS
        try:
            yield
        except PythonException as e:
            cls = SQL_TASK_ERRORS.get(e.exc_type)
            if cls is None:
                raise
            text = getattr(e, "task_message", "") or ""
            cond = None
            m = re.match(r"^\[([A-Z0-9_.]+)\] (.*)$", text, re.S)
            if m:
                cond, text = m.group(1), m.group(2)
            raise cls(text, cond) from None

    # -- DataFrame creation ---------------------------------------------------------------
    def range(self, start: int, end: Optional[int] = None, step: int = 1,
              numPartitions: Optional[int] = None):
        from .dataframe import DataFrame
        if end is None:
            start, end = 0, start
        if step == 0:
            raise PySparkValueError("[VALUE_NOT_POSITIVE] step must not be 0",
                                    "VALUE_NOT_POSITIVE")
        n = numPartitions or self._sc.defaultParallelism
        return DataFrame(L.Range(int(start), int(end), int(step), int(n)), self)

    def createDataFrame(self, data, schema=None, samplingRatio: Optional[float] = None,
                        verifySchema: bool = True):
        from .create import create_dataframe
        return create_dataframe(self, data, schema, samplingRatio, verifySchema)

    def sql(self, sqlQuery: str, args: Optional[Union[Dict[str, Any], List]] = None, **kwargs):
        from .sql_frontend import run_sql
        return run_sql(self, sqlQuery, args, kwargs)

    def table(self, tableName: str):
        return self.catalog._table(tableName)

    def stop(self) -> None:
        self._cache_manager.clear()
        self._stopped = True
        if SparkSession._active is self:
            SparkSession._active = None
        self._sc.stop()

    def _repr_html_(self) -> str:
        sc = self._sc
        return (f"<div><p><b>SparkSession</b> (rayspark)</p><p>master: <code>{sc.master}"
                f"</code>, app: <code>{sc.appName}</code>, app id: <code>{sc.applicationId}"
                f"</code>, task slots: {sc.defaultParallelism}</p></div>")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
