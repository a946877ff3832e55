"""Spark configuration: ``SparkConf`` and the one place every ``spark.*`` key is declared.

Every key the engine reads is declared below once, with its type, default and meaning, so that
``SparkContext`` can validate values up front ("unknown conf values" fail at construction, not in
a task) and documentation can be generated from one table. Unknown keys are accepted (PySpark
accepts any key) but typed keys are checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

__all__ = ["SparkConf", "ConfigEntry", "CONFIG_ENTRIES", "parse_bytes"]


_SIZE_UNITS = {"b": 1, "k": 1 << 10, "kb": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
               "g": 1 << 30, "gb": 1 << 30, "t": 1 << 40, "tb": 1 << 40, "p": 1 << 50,
               "pb": 1 << 50}


def parse_bytes(value: Any, default_unit: str = "b") -> int:
    """Parse a Spark size string ("512m", "2g", "1024") into bytes."""
    if isinstance(value, int):
        return value * _SIZE_UNITS[default_unit]
    text = str(value).strip().lower()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]*)", text)
    if not m or (m.group(2) and m.group(2) not in _SIZE_UNITS):
        raise ValueError(f"Invalid size '{value}': expected a number with an optional unit "
                         "b, k, m, g, t or p (for example 512m or 2g)")
    unit = m.group(2) or default_unit
    return int(float(m.group(1)) * _SIZE_UNITS[unit])


_TIME_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0,
               "d": 86400.0}


def parse_seconds(value: Any, default_unit: str = "s") -> float:
    """Parse a Spark duration ("3s", "100ms", "2min", "5") into seconds; a bare number is in
    ``default_unit`` (Spark's time configs each declare one, e.g. ms for spark.locality.wait)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) * _TIME_UNITS[default_unit]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]*)", str(value).strip().lower())
    if not m or (m.group(2) and m.group(2) not in _TIME_UNITS):
        raise ValueError(f"expected a duration such as 3s or 100ms, got '{value}'")
    return float(m.group(1)) * _TIME_UNITS[m.group(2) or default_unit]


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValueError(f"expected true or false, got '{value}'")


def _parse_int(value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"expected an integer, got '{value}'") from None


def _parse_float(value: Any) -> float:
    try:
        return float(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a number, got '{value}'") from None


@dataclass(frozen=True)
class ConfigEntry:
    key: str
    parse: Callable[[Any], Any]
    default: Any
    doc: str
    check: Optional[Callable[[Any], bool]] = None
    check_doc: str = ""

    def read(self, conf: "SparkConf") -> Any:
        raw = conf.get(self.key)
        if raw is None:
            return self.default
        return self.validate(raw)

    def validate(self, raw: Any) -> Any:
        try:
            value = self.parse(raw)
        except ValueError as e:
            raise ValueError(f"Invalid value '{raw}' for configuration {self.key}: {e}") from None
        if self.check is not None and not self.check(value):
            raise ValueError(f"Invalid value '{raw}' for configuration {self.key}: {self.check_doc}")
        return value


CONFIG_ENTRIES: Dict[str, ConfigEntry] = {}


def _entry(key, parse, default, doc, check=None, check_doc=""):
    e = ConfigEntry(key, parse, default, doc, check, check_doc)
    CONFIG_ENTRIES[key] = e
    return e


_positive = (lambda v: v > 0, "must be positive")
_fraction = (lambda v: 0.0 <= v <= 1.0, "must be between 0 and 1")

EXECUTOR_INSTANCES = _entry("spark.executor.instances", _parse_int, None,
                            "Number of executor actors (default: one per core of the master).",
                            *_positive)
EXECUTOR_CORES = _entry("spark.executor.cores", _parse_int, 1,
                        "Task slots per executor. Python executors run one task per process, so "
                        "each slot is its own actor process; cores>1 starts that many actors.",
                        *_positive)
EXECUTOR_MEMORY = _entry("spark.executor.memory", lambda v: parse_bytes(v, "m"), 2 << 30,
                         "Memory budget of one executor (unified memory manager).",
                         *_positive)
DEFAULT_PARALLELISM = _entry("spark.default.parallelism", _parse_int, None,
                             "Default number of partitions (default: total task slots).",
                             *_positive)
TASK_MAX_FAILURES = _entry("spark.task.maxFailures", _parse_int, 4,
                           "Attempts of one task before its job fails.", *_positive)
MEMORY_FRACTION = _entry("spark.memory.fraction", _parse_float, 0.6,
                         "Fraction of (executor memory - 300MB) for execution and storage.",
                         *_fraction)
STORAGE_FRACTION = _entry("spark.memory.storageFraction", _parse_float, 0.5,
                          "Part of the unified region protected for cached blocks.", *_fraction)
LOCAL_DIR = _entry("spark.local.dir", str, None,
                   "Directory for spill files and disk blocks (default: the system temp dir).")
SHOW_PROGRESS = _entry("spark.ui.showConsoleProgress", _parse_bool, True,
                       "Show a console progress bar for running stages (on a terminal only).")
LOCALITY_WAIT = _entry("spark.locality.wait", lambda v: parse_seconds(v, "ms"), 0.1,
                       "How long a task waits for a slot on its preferred executor (a duration "
                       "such as 100ms or 3s; a bare number is milliseconds, as in Spark).")
SHUFFLE_BLOCK_TARGET = _entry("spark.rayspark.shuffle.targetBlockSize",
                              lambda v: parse_bytes(v), 1 << 20,
                              "Map outputs smaller than this are coalesced into one object "
                              "store object per map task (by reduce-id ranges).", *_positive)
TASK_MAX_EXECUTOR_LOSSES = _entry("spark.rayspark.task.maxExecutorLosses", _parse_int, 3,
                                  "A task whose executor process dies this many times while "
                                  "running it fails its job (it probably crashes the process).",
                                  *_positive)
TASK_PIPELINE_DEPTH = _entry("spark.rayspark.task.pipelineDepth", _parse_int, 2,
                             "Tasks queued per slot so executors never wait for the driver "
                             "between short tasks.", *_positive)
EXECUTOR_MAX_RESTARTS = _entry("spark.rayspark.executor.maxReplacements", _parse_int, 16,
                               "How many lost executors a context replaces before giving up.",
                               lambda v: v >= 0, "must be >= 0")
PLACEMENT_TIMEOUT = _entry("spark.rayspark.executor.placementTimeout",
                           lambda v: parse_seconds(v), 120.0,
                           "On a Ray cluster (master ray / ray://), how long to wait for the "
                           "placement group that reserves the executors' cores and memory "
                           "before failing with what could not be placed.", *_positive)
CHECKPOINT_COMPRESS = _entry("spark.checkpoint.compress", _parse_bool, False,
                             "Compress RDD checkpoint files.")
VALID_LOG_LEVELS = ("ALL", "DEBUG", "ERROR", "FATAL", "INFO", "OFF", "TRACE", "WARN")
LOG_LEVEL = _entry("spark.log.level", lambda v: str(v).strip().upper(), None,
                   "Initial log level (like setLogLevel).",
                   lambda v: v in VALID_LOG_LEVELS,
                   "valid values are " + ",".join(VALID_LOG_LEVELS))


class SparkConf:
    """Configuration for a Spark application, as key/value string pairs (PySpark's API)."""

    def __init__(self, loadDefaults: bool = True, _jvm: Any = None, _jconf: Any = None):
        """``loadDefaults`` loads the ``spark.*`` system properties (what
        ``SparkContext.setSystemProperty`` set in this process), as PySpark does from the JVM's
        system properties; values set on this object afterwards take priority. It also loads
        ``RAYSPARK_CONF`` (a JSON object set by ``rayspark submit/shell --conf``) first, so
        system properties and the app's own settings override the launcher's."""
        self._conf: Dict[str, str] = {}
        if loadDefaults:
            import os
            launcher = os.environ.get("RAYSPARK_CONF")
            if launcher:
                import json
                try:
                    self._conf.update({str(k): str(v) for k, v in json.loads(launcher).items()})
                except (ValueError, AttributeError) as e:
                    raise ValueError("RAYSPARK_CONF must be a JSON object of spark.* settings "
                                     f"(as set by `rayspark submit --conf`): {e}") from None
            for k, v in os.environ.items():
                if k.startswith("spark."):
                    self._conf[k] = v
        self._locked = False

    def set(self, key: str, value: Any) -> "SparkConf":
        """Set a configuration property (the value is stored as ``str(value)``, as PySpark)."""
        # After the context copied it, a conf can still be changed but with no effect (PySpark).
        self._conf[key] = str(value)
        return self

    def setIfMissing(self, key: str, value: Any) -> "SparkConf":
        if key not in self._conf:
            self.set(key, value)
        return self

    def setMaster(self, value: str) -> "SparkConf":
        return self.set("spark.master", value)

    def setAppName(self, value: str) -> "SparkConf":
        return self.set("spark.app.name", value)

    def setSparkHome(self, value: str) -> "SparkConf":
        return self.set("spark.home", value)

    def setExecutorEnv(self, key: Optional[str] = None, value: Optional[str] = None,
                       pairs: Optional[List[Tuple[str, str]]] = None) -> "SparkConf":
        """Set an environment variable to be passed to executors."""
        if (key is not None and pairs is not None) or (key is None and pairs is None):
            from .errors import PySparkRuntimeError
            raise PySparkRuntimeError("Key-value pair or a list of pairs is required.",
                                      "KEY_VALUE_PAIR_REQUIRED")
        if key is not None:
            self.set("spark.executorEnv." + key, value)
        else:
            for k, v in pairs or []:
                self.set("spark.executorEnv." + k, v)
        return self

    def setAll(self, pairs: Iterable[Tuple[str, Any]]) -> "SparkConf":
        for k, v in pairs:
            self.set(k, v)
        return self

    def get(self, key: str, defaultValue: Optional[str] = None) -> Optional[str]:
        return self._conf.get(key, defaultValue)

    def getAll(self) -> List[Tuple[str, str]]:
        return list(self._conf.items())

    def contains(self, key: str) -> bool:
        return key in self._conf

    def toDebugString(self) -> str:
        return "\n".join(f"{k}={v}" for k, v in sorted(self._conf.items()))

    def copy(self) -> "SparkConf":
        c = SparkConf(loadDefaults=False)
        c._conf = dict(self._conf)
        return c

    def typed(self, entry: ConfigEntry) -> Any:
        """The validated, typed value of a declared key (or its default)."""
        return entry.read(self)

    def validate(self) -> None:
        """Check every declared key that is set; raise ValueError naming the bad one."""
        for key, raw in self._conf.items():
            entry = CONFIG_ENTRIES.get(key)
            if entry is not None:
                entry.validate(raw)

    def __contains__(self, key: str) -> bool:
        return self.contains(key)

    def __repr__(self) -> str:
        return f"SparkConf({self._conf!r})"
