"""``rayspark shell``: an interactive Python with a ``SparkContext`` already made (``pyspark``).

The shell builds the conf from its options, starts ``sc`` (embedded Ray for ``local[N]``, the
cluster for ``ray``/``ray://``), prints a banner with the version, master and application id,
and hands over to IPython when it is installed (else Python's own ``code.InteractiveConsole``
with readline completion). The console progress bar is on, as in ``pyspark``, because the shell
runs on a terminal. Ctrl-C interrupts a statement (the scheduler cancels the job it waited
for). ``exit()``, ``quit()`` or Ctrl-D stop the context and leave with status 0.

``spark`` (a ``SparkSession``) is made too, but only when the SQL layer ``rayspark.sql`` is
importable.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
from typing import Any, Dict, Optional

from .common import CliError, add_app_options, build_conf, err, split_py_files, stage_py_files

_ART = [
    r"                                        _",
    r" _ _  __ _  _  _  ___  _ __  __ _  _ _ | |__",
    r"| '_|/ _` || || |(_-< | '_ \/ _` || '_|| / /",
    r"|_|  \__,_| \_, |/__/ | .__/\__,_||_|  |_\_\   version {version}",
    r"            |__/      |_|",
]


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "shell", help="interactive Python with a SparkContext `sc` (like pyspark)",
        description="Start an interactive Python shell (IPython when installed) with a "
                    "SparkContext `sc` already made.")
    add_app_options(p, master_help="local, local[N], local[*] (default), ray or ray://host:port")
    p.add_argument("--plain", action="store_true",
                   help="use Python's plain interactive console even when IPython is installed")
    p.set_defaults(func=run)
    return p


def banner(sc, shell_name: str, has_spark: bool) -> str:
    from ..version import __version__
    lines = [line.format(version=__version__) for line in _ART]
    lines.append("")
    lines.append(f"Apache Spark's engine and PySpark's API on Ray - Python "
                 f"{platform.python_version()} ({shell_name})")
    lines.append(f"master: {sc.master}   app id: {sc.applicationId}   "
                 f"task slots: {sc.defaultParallelism}")
    made = "SparkContext as 'sc'" + (", SparkSession as 'spark'" if has_spark else "")
    lines.append(f"Ready: {made}. Leave with exit() or Ctrl-D.")
    return "\n".join(lines) + "\n"


def _make_session(sc) -> Optional[Any]:
    """``spark`` when the SQL layer exists; None (and no error) while it does not."""
    try:
        from ..sql import SparkSession  # type: ignore[attr-defined]
    except ImportError:
        return None
    except Exception as e:     # a broken SQL layer must not take the shell down
        err(f"rayspark.sql failed to import, no `spark` in this shell: {e}")
        return None
    try:
        return SparkSession.builder.getOrCreate()
    except Exception as e:     # the shell stays usable with `sc`
        err(f"could not create the SparkSession `spark`: {e}")
        return None


def _ipython_available() -> bool:
    try:
        import IPython  # noqa: F401
        return True
    except ImportError:
        return False


def run(args: argparse.Namespace) -> int:
    conf_values = build_conf(args)
    files = split_py_files(args.py_files)
    staged = stage_py_files(files)
    if staged:
        # before the context starts: an embedded Ray hands the driver's path to its executors
        sys.path.insert(0, staged)
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, "")             # modules in the current directory, as in `python`

    from ..conf import SparkConf
    from ..context import SparkContext
    conf = SparkConf()
    conf.setAll(conf_values.items())
    if args.master:
        conf.setMaster(args.master)
    if not conf.contains("spark.app.name"):
        conf.setAppName("rayspark-shell")
    try:
        sc = SparkContext(conf=conf)
    except Exception as e:
        if staged:
            shutil.rmtree(staged, ignore_errors=True)
        raise CliError(f"could not start the SparkContext: {e}") from e
    try:
        spark = _make_session(sc)
        ns: Dict[str, Any] = {"__name__": "__main__", "__doc__": None, "sc": sc}
        if spark is not None:
            ns["spark"] = spark
        use_ipython = not args.plain and _ipython_available()
        shell_name = "IPython" if use_ipython else "Python console"
        text = banner(sc, shell_name, spark is not None)
        if use_ipython:
            _run_ipython(ns, text)
        else:
            _run_console(ns, text)
    except SystemExit as e:        # exit() in the plain console
        code = e.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    finally:
        try:
            sc.stop()
        except Exception:
            pass
        if staged:
            shutil.rmtree(staged, ignore_errors=True)
    return 0


def _run_ipython(ns: Dict[str, Any], text: str) -> None:
    from IPython import start_ipython
    print(text, flush=True)
    start_ipython(argv=["--no-banner", "--no-confirm-exit"], user_ns=ns)


def _run_console(ns: Dict[str, Any], text: str) -> None:
    import code
    try:
        import readline
        import rlcompleter
        readline.set_completer(rlcompleter.Completer(ns).complete)
        readline.parse_and_bind("tab: complete")
    except ImportError:
        pass
    code.InteractiveConsole(ns).interact(banner=text, exitmsg="")
