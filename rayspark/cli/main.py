"""The ``rayspark`` command: ``shell``, ``submit``, and ``status``/``logs``/``stop``/``list``
for jobs on a Ray cluster. Also ``python -m rayspark``.

Each subcommand lives in its own module and registers its parser here; a ``CliError`` is a
user error, printed as one line with exit status 1 (argparse's usage errors exit with 2).
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from .common import CliError, err


def build_parser() -> argparse.ArgumentParser:
    from ..version import __version__
    from . import jobs, shell, submit
    p = argparse.ArgumentParser(
        prog="rayspark",
        description="Apache Spark's architecture and PySpark's API on Ray.",
        epilog="Run `rayspark COMMAND --help` for the options of a command.")
    p.add_argument("--version", action="version", version=f"rayspark {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    shell.add_parser(sub)
    submit.add_parser(sub)
    jobs.add_parsers(sub)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except CliError as e:
        err(str(e))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
