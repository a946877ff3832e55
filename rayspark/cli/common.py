"""What ``rayspark shell`` and ``rayspark submit`` share: the spark-submit style options, the
conf they build, and staging of ``--py-files``.

A launcher never starts Ray itself. It turns its options into a ``spark.*`` conf and hands it on:
the shell builds ``SparkConf`` in its own process, and ``submit`` passes the conf to the app's
process in two environment variables that ``SparkContext`` reads:

- ``RAYSPARK_MASTER``: the master, used when the app gives none (as ``--master`` in Spark).
- ``RAYSPARK_CONF``: a JSON object of ``spark.*`` keys that ``SparkConf()`` loads as defaults.
  Values the app sets itself take priority, as in Spark.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import zipfile
from typing import Dict, List, Optional, Sequence

MASTER_ENV = "RAYSPARK_MASTER"
CONF_ENV = "RAYSPARK_CONF"


class CliError(Exception):
    """A user error the CLI reports as one clear line (no traceback) and exit code 1."""


def add_app_options(p: argparse.ArgumentParser, *, master_help: str) -> None:
    """The options of pyspark/spark-submit that rayspark understands."""
    p.add_argument("--master", metavar="MASTER", help=master_help)
    p.add_argument("--name", metavar="NAME", help="application name (spark.app.name)")
    p.add_argument("--conf", "-c", metavar="KEY=VALUE", action="append", default=[],
                   help="a spark.* configuration value; repeat for more")
    p.add_argument("--executor-memory", metavar="MEM",
                   help="memory budget of each executor, e.g. 2g (spark.executor.memory)")
    p.add_argument("--executor-cores", metavar="N", type=int,
                   help="task slots per executor (spark.executor.cores)")
    p.add_argument("--num-executors", metavar="N", type=int,
                   help="number of executors (spark.executor.instances)")
    p.add_argument("--py-files", metavar="FILES", default="",
                   help="comma-separated .py, .zip, .egg or .whl files (or package "
                        "directories) to put on the Python path of the driver and executors")
    p.add_argument("--properties-file", metavar="FILE",
                   help="a file of 'key value' or 'key=value' lines with spark.* settings")


def parse_conf_pairs(pairs: Sequence[str]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for item in pairs:
        if "=" not in item:
            raise CliError(f"--conf expects KEY=VALUE, got '{item}'")
        k, v = item.split("=", 1)
        k = k.strip()
        if not k:
            raise CliError(f"--conf expects KEY=VALUE, got '{item}'")
        out[k] = v
    return out


def read_properties_file(path: str) -> Dict[str, str]:
    """Spark's ``--properties-file`` format: ``key value`` or ``key=value``; ``#`` comments."""
    out: Dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise CliError(f"cannot read properties file {path}: {e.strerror}") from None
    for line in lines:
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        if "=" in line and (" " not in line or line.index("=") < line.index(" ")):
            k, v = line.split("=", 1)
        else:
            parts = line.split(None, 1)
            k, v = parts[0], parts[1] if len(parts) > 1 else ""
        out[k.strip()] = v.strip()
    return out


def build_conf(args: argparse.Namespace) -> Dict[str, str]:
    """The spark.* settings the options ask for (later sources win: properties file, then
    --conf, then the dedicated options such as --executor-memory)."""
    conf: Dict[str, str] = {}
    if getattr(args, "properties_file", None):
        conf.update(read_properties_file(args.properties_file))
    conf.update(parse_conf_pairs(args.conf))
    if args.name:
        conf["spark.app.name"] = args.name
    if args.executor_memory:
        conf["spark.executor.memory"] = args.executor_memory
    if args.executor_cores is not None:
        conf["spark.executor.cores"] = str(args.executor_cores)
    if args.num_executors is not None:
        conf["spark.executor.instances"] = str(args.num_executors)
    files = split_py_files(args.py_files)
    if files:
        conf["spark.submit.pyFiles"] = ",".join(files)
    _validate(conf)
    return conf


def _validate(conf: Dict[str, str]) -> None:
    """Check declared keys now, so a typo fails in the launcher rather than in the app."""
    from ..conf import CONFIG_ENTRIES
    for k, v in conf.items():
        entry = CONFIG_ENTRIES.get(k)
        if entry is not None:
            try:
                entry.validate(v)
            except ValueError as e:
                raise CliError(str(e)) from None


def split_py_files(value: str) -> List[str]:
    files = [os.path.abspath(os.path.expanduser(p.strip())) for p in (value or "").split(",")
             if p.strip()]
    for f in files:
        if not os.path.exists(f):
            raise CliError(f"--py-files: {f} does not exist")
        if not (os.path.isdir(f) or f.endswith((".py", ".zip", ".egg", ".whl"))):
            raise CliError(f"--py-files: {f} is not a .py, .zip, .egg or .whl file or a directory")
    return files


def stage_py_files(files: Sequence[str], dest: Optional[str] = None) -> Optional[str]:
    """Lay ``--py-files`` out in one directory that can go on ``sys.path``: .py files and package
    directories are copied, .zip/.egg/.whl archives extracted (as Python puts a zip on its path).
    Returns the directory (None when there are no files)."""
    if not files:
        return None
    dest = dest or tempfile.mkdtemp(prefix="rayspark-pyfiles-")
    os.makedirs(dest, exist_ok=True)
    for f in files:
        base = os.path.basename(f.rstrip(os.sep))
        if os.path.isdir(f):
            shutil.copytree(f, os.path.join(dest, base), dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif f.endswith(".py"):
            shutil.copy2(f, os.path.join(dest, base))
        else:
            try:
                with zipfile.ZipFile(f) as z:
                    z.extractall(dest)
            except zipfile.BadZipFile:
                raise CliError(f"--py-files: {f} is not a valid zip archive") from None
    return dest


def conf_env(master: Optional[str], conf: Dict[str, str]) -> Dict[str, str]:
    """The environment variables that carry master and conf into an app's process."""
    env: Dict[str, str] = {}
    if master:
        env[MASTER_ENV] = master
    if conf:
        env[CONF_ENV] = json.dumps(conf, sort_keys=True)
    return env


def err(msg: str) -> None:
    print(f"rayspark: {msg}", file=sys.stderr, flush=True)
