"""SparkConf: PySpark's API and values, and validation of declared spark.* keys (no Ray needed).

Expected values were taken from PySpark 4.3.0.
"""
from __future__ import annotations

import pytest

from rayspark import SparkConf
from rayspark import conf as conf_module
from rayspark.conf import CONFIG_ENTRIES, parse_bytes, parse_seconds
from rayspark.errors import PySparkRuntimeError


# ============================================================ the API ========================
def test_setters_chain_and_getters():
    c = SparkConf(loadDefaults=False)
    assert c.setMaster("local").setAppName("My app") is c
    assert c.get("spark.master") == "local"
    assert c.get("spark.app.name") == "My app"
    assert c.setSparkHome("/path").get("spark.home") == "/path"
    assert c.get("spark.nothing") is None
    assert c.get("spark.nothing", "dflt") == "dflt"
    assert c.get("spark.master", "dflt") == "local"
    assert c.contains("spark.master") and not c.contains("spark.nothing")


def test_values_are_stored_as_str_like_pyspark():
    c = SparkConf(loadDefaults=False)
    c.set("a", True).set("b", None).set("n", 3).set("f", 0.5)
    # PySpark 4.3.0: 'True' 'None' '3' '0.5'
    assert [c.get(k) for k in "abnf"] == ["True", "None", "3", "0.5"]
    assert c.getAll() == [("a", "True"), ("b", "None"), ("n", "3"), ("f", "0.5")]


def test_set_if_missing_set_all_and_get_all_order():
    c = SparkConf(loadDefaults=False)
    c.set("a", "1")
    c.setIfMissing("a", "x").setIfMissing("b", "2")
    assert c.get("a") == "1" and c.get("b") == "2"
    c.setAll([("c", "3"), ("a", "9")])
    assert c.getAll() == [("a", "9"), ("b", "2"), ("c", "3")]


def test_set_executor_env_and_to_debug_string():
    # PySpark's SparkConf docstring example
    c = SparkConf(loadDefaults=False)
    c.setSparkHome("/path")
    c.setExecutorEnv("VAR1", "value1")
    c.setExecutorEnv(pairs=[("VAR3", "value3"), ("VAR4", "value4")])
    assert c.get("spark.executorEnv.VAR1") == "value1"
    assert c.toDebugString() == ("spark.executorEnv.VAR1=value1\n"
                                 "spark.executorEnv.VAR3=value3\n"
                                 "spark.executorEnv.VAR4=value4\n"
                                 "spark.home=/path")
    assert SparkConf(loadDefaults=False).toDebugString() == ""


@pytest.mark.parametrize("kwargs", [{}, {"key": "A", "value": "1", "pairs": [("B", "2")]}])
def test_set_executor_env_needs_one_pair_or_a_list(kwargs):
    with pytest.raises(PySparkRuntimeError) as info:
        SparkConf(loadDefaults=False).setExecutorEnv(**kwargs)
    assert isinstance(info.value, RuntimeError)
    assert info.value.getCondition() == "KEY_VALUE_PAIR_REQUIRED"
    assert str(info.value) == "[KEY_VALUE_PAIR_REQUIRED] Key-value pair or a list of pairs is required."


def test_copy_is_independent():
    c = SparkConf(loadDefaults=False).set("a", "1")
    d = c.copy()
    d.set("a", "2").set("b", "3")
    assert c.getAll() == [("a", "1")]
    assert d.getAll() == [("a", "2"), ("b", "3")]


def test_load_defaults_reads_system_properties(monkeypatch):
    from rayspark import SparkContext
    monkeypatch.setenv("spark.test.sysprop", "placeholder")     # restored after the test
    SparkContext.setSystemProperty("spark.test.sysprop", "from-sysprop")
    assert SparkConf().get("spark.test.sysprop") == "from-sysprop"
    assert SparkConf(loadDefaults=False).get("spark.test.sysprop") is None
    assert SparkConf().set("spark.test.sysprop", "mine").get("spark.test.sysprop") == "mine"


# ============================================================ declared keys ===================
def test_every_spark_key_read_by_the_engine_is_declared_once_with_a_doc():
    assert len(CONFIG_ENTRIES) == len({e.key for e in CONFIG_ENTRIES.values()})
    for key, entry in CONFIG_ENTRIES.items():
        assert key == entry.key and key.startswith("spark.")
        assert entry.doc
        if entry.default is not None:     # the default itself passes the checks
            assert entry.check is None or entry.check(entry.default), key


@pytest.mark.parametrize("key, raw", [
    ("spark.executor.memory", "lots"),
    ("spark.executor.memory", "12q"),
    ("spark.executor.memory", "0"),
    ("spark.task.maxFailures", "0"),
    ("spark.task.maxFailures", "two"),
    ("spark.executor.cores", "x"),
    ("spark.executor.instances", "-1"),
    ("spark.default.parallelism", "0"),
    ("spark.memory.fraction", "1.5"),
    ("spark.memory.storageFraction", "abc"),
    ("spark.ui.showConsoleProgress", "maybe"),
    ("spark.locality.wait", "soon"),
    ("spark.log.level", "bogus"),
    ("spark.rayspark.task.pipelineDepth", "0"),
    ("spark.rayspark.executor.maxReplacements", "-1"),
])
def test_bad_values_of_declared_keys_raise_value_error_naming_the_key(key, raw):
    c = SparkConf(loadDefaults=False).set(key, raw)
    with pytest.raises(ValueError) as info:
        c.validate()
    msg = str(info.value)
    assert msg.startswith(f"Invalid value '{raw}' for configuration {key}: ")


def test_unknown_keys_are_accepted():
    SparkConf(loadDefaults=False).set("spark.whatever.unknown", "anything").validate()
    SparkConf(loadDefaults=False).set("not.spark", "x").validate()


@pytest.mark.parametrize("entry, raw, value", [
    (conf_module.EXECUTOR_MEMORY, "512m", 512 << 20),
    (conf_module.EXECUTOR_MEMORY, "2g", 2 << 30),
    (conf_module.EXECUTOR_MEMORY, "4", 4 << 20),          # Spark: executor memory in MiB
    (conf_module.EXECUTOR_MEMORY, " 1G ", 1 << 30),
    (conf_module.TASK_MAX_FAILURES, "3", 3),
    (conf_module.MEMORY_FRACTION, "0.75", 0.75),
    (conf_module.SHOW_PROGRESS, "FALSE", False),
    (conf_module.SHOW_PROGRESS, "True", True),            # what PySpark's set(k, True) stores
    (conf_module.LOCALITY_WAIT, "3s", 3.0),
    (conf_module.LOCALITY_WAIT, "100ms", 0.1),
    (conf_module.LOCALITY_WAIT, "3000", 3.0),             # Spark: a bare number is ms here
    (conf_module.LOCALITY_WAIT, "1min", 60.0),
    (conf_module.SHUFFLE_BLOCK_TARGET, "1k", 1024),
    (conf_module.LOG_LEVEL, "warn", "WARN"),
])
def test_typed_values(entry, raw, value):
    c = SparkConf(loadDefaults=False).set(entry.key, raw)
    assert c.typed(entry) == value


def test_typed_defaults_when_unset():
    c = SparkConf(loadDefaults=False)
    assert c.typed(conf_module.EXECUTOR_MEMORY) == 2 << 30
    assert c.typed(conf_module.TASK_MAX_FAILURES) == 4
    assert c.typed(conf_module.EXECUTOR_CORES) == 1
    assert c.typed(conf_module.MEMORY_FRACTION) == 0.6
    assert c.typed(conf_module.STORAGE_FRACTION) == 0.5
    assert c.typed(conf_module.SHOW_PROGRESS) is True
    assert c.typed(conf_module.DEFAULT_PARALLELISM) is None


@pytest.mark.parametrize("text, n", [("1024", 1024), ("1k", 1024), ("1kb", 1024), ("3m", 3 << 20),
                                     ("1t", 1 << 40), ("2p", 2 << 50), ("1.5g", 3 << 29)])
def test_parse_bytes(text, n):
    assert parse_bytes(text) == n


@pytest.mark.parametrize("text, secs", [("5", 5.0), ("250ms", 0.25), ("2min", 120.0), ("2m", 120.0),
                                        ("1h", 3600.0), ("1d", 86400.0), ("500us", 0.0005)])
def test_parse_seconds(text, secs):
    assert parse_seconds(text) == pytest.approx(secs)
