"""``spark.conf``: the session's runtime SQL configuration (``spark.sql.*`` keys and the
SparkContext's settings, readable and - for SQL keys - settable at runtime)."""
from __future__ import annotations

from typing import Any, Dict, Optional

from ..errors import AnalysisException, PySparkTypeError

__all__ = ["RuntimeConfig", "SQL_DEFAULTS"]

#: SQL settings rayspark reads, with Spark 4's defaults.
SQL_DEFAULTS: Dict[str, str] = {
    "spark.sql.shuffle.partitions": "200",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.autoBroadcastJoinThreshold": "10485760",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.mapKeyDedupPolicy": "EXCEPTION",
    "spark.sql.caseSensitive": "false",
    "spark.sql.repl.eagerEval.enabled": "false",
    "spark.sql.repl.eagerEval.maxNumRows": "20",
    "spark.sql.repl.eagerEval.truncate": "20",
    "spark.sql.warehouse.dir": "spark-warehouse",
    "spark.sql.sources.default": "parquet",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "true",
    "spark.sql.files.maxPartitionBytes": "134217728",
    "spark.sql.files.openCostInBytes": "4194304",
    "spark.sql.execution.arrow.pyspark.enabled": "false",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "10000",
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    "spark.sql.parquet.compression.codec": "snappy",
    "spark.sql.crossJoin.enabled": "true",
}

_UNSET = object()


class RuntimeConfig:
    def __init__(self, session, initial: Optional[Dict[str, str]] = None):
        self._session = session
        self._values: Dict[str, str] = dict(initial or {})

    def _sc_conf(self):
        return self._session.sparkContext._conf

    def set(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise PySparkTypeError(f"[NOT_STR] Argument `key` should be a str, got "
                                   f"{type(key).__name__}.", "NOT_STR")
        if isinstance(value, bool):
            value = "true" if value else "false"
        self._values[key] = str(value)

    def get(self, key: str, default: Any = _UNSET) -> Optional[str]:
        if key in self._values:
            return self._values[key]
        sc_conf = self._sc_conf()
        if sc_conf.contains(key):
            return sc_conf.get(key)
        if default is not _UNSET:
            return default
        if key in SQL_DEFAULTS:
            return SQL_DEFAULTS[key]
        raise _no_such_element(key)

    def getAll(self) -> Dict[str, str]:
        out = dict(SQL_DEFAULTS)
        out.update(dict(self._sc_conf().getAll()))
        out.update(self._values)
        return out

    @property
    def all(self):
        return self.getAll()

    def unset(self, key: str) -> None:
        self._values.pop(key, None)

    def isModifiable(self, key: str) -> bool:
        return key.startswith("spark.sql.")

    def _is_set(self, key: str) -> bool:
        return key in self._values or self._sc_conf().contains(key)


def _no_such_element(key):
    from ..errors import PySparkException

    class SparkNoSuchElementException(PySparkException, KeyError):
        pass
    return SparkNoSuchElementException(
        f"[SQL_CONF_NOT_FOUND] The SQL config \"{key}\" cannot be found. Please verify that "
        "the config exists. SQLSTATE: 42K0I", "SQL_CONF_NOT_FOUND")
