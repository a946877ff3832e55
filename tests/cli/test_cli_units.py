"""The launcher's pure parts: conf building, properties files, py-files staging, job status
messages (no Ray, no subprocess)."""
from __future__ import annotations

import argparse
import os
import zipfile

import pytest

from rayspark.cli import common, jobs
from rayspark.cli.main import build_parser


def parse(*argv):
    return build_parser().parse_args(list(argv))


def test_options_become_spark_conf(tmp_path):
    props = tmp_path / "app.conf"
    props.write_text("# defaults\nspark.executor.memory 4g\nspark.task.maxFailures=2\n"
                     "spark.app.name  from-file\n")
    args = parse("submit", "--properties-file", str(props), "--conf", "spark.executor.memory=3g",
                 "--conf", "spark.x=a=b", "--executor-memory", "1g", "--num-executors", "3",
                 "--executor-cores", "2", "--name", "n", "app.py", "--flag", "v")
    conf = common.build_conf(args)
    assert conf == {"spark.executor.memory": "1g", "spark.task.maxFailures": "2",
                    "spark.app.name": "n", "spark.x": "a=b", "spark.executor.instances": "3",
                    "spark.executor.cores": "2"}
    assert args.app == "app.py" and args.app_args == ["--flag", "v"]
    env = common.conf_env("local[2]", conf)
    assert env["RAYSPARK_MASTER"] == "local[2]"
    assert env["RAYSPARK_CONF"].startswith("{") and '"spark.x": "a=b"' in env["RAYSPARK_CONF"]


def test_py_files_are_staged_on_one_path(tmp_path):
    (tmp_path / "one.py").write_text("X = 1\n")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("Y = 2\n")
    with zipfile.ZipFile(tmp_path / "deps.zip", "w") as z:
        z.writestr("zipped/__init__.py", "Z = 3\n")
        z.writestr("flat.py", "W = 4\n")
    files = common.split_py_files(
        ",".join(str(tmp_path / n) for n in ("one.py", "pkg", "deps.zip")))
    staged = common.stage_py_files(files, str(tmp_path / "staged"))
    assert sorted(os.listdir(staged)) == ["flat.py", "one.py", "pkg", "zipped"]
    with pytest.raises(common.CliError, match="is not a .py, .zip"):
        (tmp_path / "data.txt").write_text("")
        common.split_py_files(str(tmp_path / "data.txt"))


def test_failed_job_message_drops_the_repeated_log():
    msg = ("Job entrypoint command failed with exit code 1, last available logs (truncated to "
           "20,000 chars):\nTraceback ...\nValueError: x\n")
    assert jobs.short_message(msg) == "Job entrypoint command failed with exit code 1"
    assert jobs.short_message(None) == ""
    assert jobs.short_message("Job finished successfully.") == "Job finished successfully."


def test_auth_errors_say_what_to_do(monkeypatch):
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.delenv("RAY_AUTH_TOKEN_PATH", raising=False)
    e = jobs.explain_auth_error("http://h:8265", RuntimeError("Forbidden: Invalid token"))
    assert "rejected the authentication token" in str(e) and "ray get-auth-token" in str(e)
    e = jobs.explain_auth_error("http://h:8265", RuntimeError("Unauthorized: Missing token"))
    assert "requires an authentication token and none was found" in str(e)
    assert "RAY_AUTH_TOKEN" in str(e) and "~/.ray/auth_token" in str(e)
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    e = jobs.explain_auth_error("http://h:8265", RuntimeError("Unauthorized: Missing token"))
    assert "RAY_AUTH_MODE is 'disabled' here" in str(e)


def test_address_defaults(monkeypatch):
    monkeypatch.delenv("RAY_API_SERVER_ADDRESS", raising=False)
    monkeypatch.setenv("RAY_ADDRESS", "127.0.0.1:6379")       # a GCS address is not the API
    assert jobs.default_address() == "http://127.0.0.1:8265"
    monkeypatch.setenv("RAY_API_SERVER_ADDRESS", "http://head:8265")
    assert jobs.default_address() == "http://head:8265"
    assert jobs.normalize_address("head:8265/") == "http://head:8265"


def test_logs_are_polled_without_aiohttp(monkeypatch):
    """With a minimal Ray (no aiohttp, no websocket), the driver's log is polled instead."""
    import io
    import sys
    import types

    monkeypatch.setitem(sys.modules, "aiohttp", None)      # `import aiohttp` fails
    states = iter(["RUNNING", "RUNNING", "SUCCEEDED"])
    logs = iter(["line 1\n", "line 1\nline 2\n", "line 1\nline 2\ndone\n"])

    class Client:
        def get_job_info(self, job_id):
            return types.SimpleNamespace(status=next(states), message="")

        def get_job_logs(self, job_id):
            return next(logs)

    monkeypatch.setattr(jobs.time, "sleep", lambda s: None)
    out = io.StringIO()
    jobs.stream_logs(Client(), "raysubmit_x", out)
    assert out.getvalue() == "line 1\nline 2\ndone\n"
