"""`rayspark submit` on the local machine (embedded Ray in the app's own process), the options
that reach the app (master, name, conf, py-files), a failing app, and the launcher's own errors.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(120)

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(HERE, "apps")
PYFILES = os.path.join(APPS, "pyfiles", "textutil.py")
TIMEOUT = 90


def rayspark(*args, cwd=None, env=None, timeout=TIMEOUT):
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("RAYSPARK_", "spark.")) and k != "RAY_ADDRESS"}
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "rayspark", *args], cwd=cwd, env=base,
                          capture_output=True, text=True, timeout=timeout)


def test_submit_word_count_locally(tmp_path):
    (tmp_path / "words.txt").write_text("The quick brown fox. The lazy dog!\n"
                                        "the fox, the dog; a fox\n")
    r = rayspark("submit", "--master", "local[2]", "--name", "wc", "--executor-memory", "1g",
                 "--py-files", PYFILES, os.path.join(APPS, "wordcount.py"), "words.txt",
                 cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-4000:]
    assert r.stdout == ("app wc on local[2] with executor memory 1g\n"
                        "the: 4\nfox: 3\ndog: 2\n")


def test_failing_app_exits_non_zero_with_the_error(tmp_path):
    r = rayspark("submit", "--master", "local[2]", os.path.join(APPS, "failing.py"),
                 cwd=tmp_path)
    assert r.returncode == 1
    assert "sum:" not in r.stdout
    assert "PythonException" in r.stderr
    assert "ValueError: record 7 is not allowed" in r.stderr
    assert "in stage 0.0" in r.stderr


def test_python_dash_m_and_version():
    r = rayspark("--version", timeout=30)
    assert r.returncode == 0 and r.stdout.strip() == "rayspark 0.1.0"
    r = rayspark(timeout=30)
    assert r.returncode == 2 and "shell" in r.stdout and "submit" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["submit", "missing.py"], "application file missing.py does not exist"),
    (["submit", "--conf", "nonsense", "app.py"], "--conf expects KEY=VALUE, got 'nonsense'"),
    (["submit", "--conf", "spark.executor.cores=zero", "app.py"],
     "Invalid value 'zero' for configuration spark.executor.cores"),
    (["submit", "--py-files", "nope.zip", "app.py"], "nope.zip does not exist"),
    (["submit", "--master", "local[2]", "--address", "http://127.0.0.1:9", "app.py"],
     "cannot be used with --address"),
    (["submit", "--address", "http://127.0.0.1:9", "app.py"],
     "cannot reach the Ray dashboard at http://127.0.0.1:9"),
    (["status", "raysubmit_x", "--address", "127.0.0.1:9"],
     "cannot reach the Ray dashboard at http://127.0.0.1:9"),
])
def test_launcher_errors_are_one_clear_line(tmp_path, args, message):
    (tmp_path / "app.py").write_text("print('never runs')\n")
    r = rayspark(*args, cwd=tmp_path, timeout=60)
    assert r.returncode == 1, r.stderr
    assert r.stdout == ""
    assert r.stderr.startswith("rayspark: ") and message in r.stderr
    assert "Traceback" not in r.stderr


def test_conf_reaches_sparkconf_through_the_environment(tmp_path):
    """What `submit` sets for the app, checked without starting Ray: RAYSPARK_CONF is loaded
    by SparkConf() before spark.* system properties and the app's own settings."""
    code = ("from rayspark import SparkConf; c = SparkConf(); c.set('spark.b', 'app'); "
            "print(sorted(c.getAll()))")
    env = dict(os.environ, RAYSPARK_CONF=json.dumps({"spark.a": "launcher", "spark.b": "launcher",
                                                     "spark.c": "launcher"}))
    env["spark.c"] = "system"
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str([("spark.a", "launcher"), ("spark.b", "app"),
                                    ("spark.c", "system")])
