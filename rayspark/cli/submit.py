"""``rayspark submit``: run a PySpark-style application, like ``spark-submit``.

Two ways, chosen by ``--address``:

- **Locally** (no ``--address``; ``--master local[N]``, default ``local[*]``): the app runs as a
  child ``python app.py args`` on this machine. Its ``SparkContext()`` starts an embedded Ray.
  Master and conf reach it through ``RAYSPARK_MASTER`` and ``RAYSPARK_CONF`` (see
  ``common.py``); ``--py-files`` are laid out in one directory on its ``PYTHONPATH`` (the
  embedded Ray passes the driver's path on to the executors). The exit status is the app's.
- **On a Ray cluster** (``--address http://head:8265``): the app is submitted through Ray's Jobs
  API. The runtime environment has the app's directory as ``working_dir`` (uploaded; it is the
  driver's and every executor's current directory) with the ``--py-files`` added to it, and
  ``RAYSPARK_MASTER=ray`` plus the conf as environment variables, so ``SparkContext()`` in the
  app attaches to the cluster. The entrypoint is ``python app.py args``. The driver's log is
  streamed here while the job runs; the exit status is 0 if the job SUCCEEDED, 1 otherwise.
  Ctrl-C stops following but leaves the job running (``rayspark stop JOB_ID`` stops it).
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from typing import Dict, List

from .common import (CliError, add_app_options, build_conf, conf_env, err, split_py_files,
                     stage_py_files)
from . import jobs


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "submit", help="run an application locally or on a Ray cluster (like spark-submit)",
        description="Run app.py with the given master and conf: locally on an embedded Ray, or "
                    "on a Ray cluster through its Jobs API with --address.")
    add_app_options(p, master_help="local, local[N] or local[*] (default) to run here; with "
                                   "--address the master is always the cluster ('ray')")
    p.add_argument("--address", metavar="URL",
                   help="submit to the Ray cluster whose dashboard is at URL "
                        "(e.g. http://head:8265) through Ray's Jobs API")
    p.add_argument("--no-wait", action="store_true",
                   help="with --address: print the job id and return without following the job")
    p.add_argument("--submission-id", metavar="ID", help="with --address: the job id to use")
    p.add_argument("--python", metavar="EXE", default=None,
                   help="the Python that runs the app (default: this one locally, `python` on "
                        "the cluster)")
    p.add_argument("app", metavar="app.py", help="the application's main file")
    p.add_argument("app_args", nargs=argparse.REMAINDER, metavar="args",
                   help="arguments for the application")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    app = os.path.abspath(os.path.expanduser(args.app))
    if not os.path.isfile(app):
        raise CliError(f"application file {args.app} does not exist")
    conf = build_conf(args)
    conf.setdefault("spark.app.name", os.path.basename(app))     # as spark-submit
    files = split_py_files(args.py_files)
    if args.address:
        if args.master and args.master not in ("ray", "ray:auto"):
            raise CliError(f"--master {args.master} cannot be used with --address: a job on a "
                           "Ray cluster always uses that cluster (master 'ray')")
        return _run_on_cluster(args, app, conf, files)
    return _run_locally(args, app, conf, files)


# ------------------------------------------------------------------ locally ----------------
def _run_locally(args, app: str, conf: Dict[str, str], files: List[str]) -> int:
    env = dict(os.environ)
    env.update(conf_env(args.master or os.environ.get("RAYSPARK_MASTER") or "local[*]", conf))
    staged = stage_py_files(files)
    paths = [os.path.dirname(app)] + ([staged] if staged else [])
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    cmd = [args.python or sys.executable, app] + list(args.app_args)
    try:
        proc = subprocess.Popen(cmd, env=env)
    except OSError as e:
        raise CliError(f"cannot run {cmd[0]}: {e.strerror}") from None
    try:
        while True:
            try:
                rc = proc.wait()
                break
            except KeyboardInterrupt:      # the child got the same Ctrl-C; wait for it
                continue
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if staged:
            shutil.rmtree(staged, ignore_errors=True)
    return rc if rc >= 0 else 128 - rc       # killed by a signal: the shell's convention


# ------------------------------------------------------------------ on a cluster -----------
def _runtime_env(app: str, conf: Dict[str, str], files: List[str]):
    """The job's runtime environment, and a temporary directory to delete after submission.

    ``working_dir`` is the app's directory. With ``--py-files`` it is a temporary overlay
    instead: links to every entry of the app's directory plus the py-files laid out at its root
    (archives extracted), so that they are importable by the driver and, since executors inherit
    the job's working_dir (it is their current directory and on their path), by every executor.
    (Ray's ``py_modules`` would be the natural place, but in Ray 2.60 a job submission cannot
    upload a single ``.py`` module there.)
    """
    env_vars = {"RAYSPARK_MASTER": "ray", "PYTHONUNBUFFERED": "1"}
    env_vars.update(conf_env(None, conf))
    app_dir = os.path.dirname(app)
    staged = stage_py_files(files)
    if staged:
        for name in os.listdir(app_dir):
            if not os.path.lexists(os.path.join(staged, name)):
                os.symlink(os.path.join(app_dir, name), os.path.join(staged, name))
    return {"working_dir": staged or app_dir, "env_vars": env_vars}, staged


def _run_on_cluster(args, app: str, conf: Dict[str, str], files: List[str]) -> int:
    address = jobs.normalize_address(args.address)
    client = jobs.connect(address)
    runtime_env, staged = _runtime_env(app, conf, files)
    entrypoint = shlex.join([args.python or "python", os.path.basename(app)]
                            + list(args.app_args))
    metadata = {"rayspark.app.name": conf.get("spark.app.name", os.path.basename(app))}
    try:
        try:
            job_id = client.submit_job(entrypoint=entrypoint, runtime_env=runtime_env,
                                       submission_id=args.submission_id, metadata=metadata)
        except Exception as e:
            if jobs._is_auth_error(e):
                raise jobs.explain_auth_error(address, e) from None
            raise CliError(f"submitting {os.path.basename(app)} to {address} failed: {e}") from e
    finally:
        if staged:
            shutil.rmtree(staged, ignore_errors=True)
    err(f"submitted job {job_id} to {address}")
    if args.no_wait:
        print(job_id, flush=True)
        return 0
    try:
        jobs.stream_logs(client, job_id)
        info = jobs.wait_for_terminal(client, job_id, address)
    except KeyboardInterrupt:
        err(f"stopped following job {job_id}; it keeps running. `rayspark status {job_id} "
            f"--address {address}` shows its status, `rayspark stop {job_id} --address "
            f"{address}` stops it.")
        return 130
    status = jobs.status_name(info.status)
    if status == "SUCCEEDED":
        err(f"job {job_id} SUCCEEDED")
        return 0
    message = jobs.short_message(info.message)
    detail = f": {message}" if message else ""
    err(f"job {job_id} {status}{detail}")
    return 1
