"""The function registry: SQL function names -> expression builders.

``spark.sql("SELECT upper(s) ...")``, ``F.expr`` and ``F.call_function`` find functions here;
the Python API in ``functions.py`` builds the same expression classes directly. Function
modules register themselves with ``register``; user UDFs registered with
``spark.udf.register`` go into the session's own table, consulted first."""
from __future__ import annotations

import difflib
from typing import Callable, Dict, List

from ..errors import AnalysisException
from .expressions.base import Expression

__all__ = ["register", "lookup_function", "function_names", "builtin"]

_BUILDERS: Dict[str, Callable] = {}
_loaded = False


def register(*names: str):
    """Decorator: ``@register("upper", "ucase")`` over ``builder(args, distinct=False, **kw)``."""
    def deco(builder):
        for n in names:
            _BUILDERS[n.lower()] = builder
        return builder
    return deco


def builtin(name: str):
    _ensure_loaded()
    return _BUILDERS.get(name.lower())


def _ensure_loaded():
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib
    for mod in ("builtin_functions", "string_functions", "math_functions",
                "datetime_functions", "collection_functions", "json_functions",
                "hash_functions", "window_functions", "misc_functions", "more_aggregates",
                "more_scalar_functions", "timezone_functions", "number_format", "time_window"):
        try:
            importlib.import_module(f"rayspark.sql.expressions.{mod}")
        except ModuleNotFoundError as e:
            if e.name != f"rayspark.sql.expressions.{mod}":
                raise


def function_names() -> List[str]:
    _ensure_loaded()
    return sorted(_BUILDERS)


def lookup_function(name: str, args: List[Expression], is_distinct: bool = False, session=None,
                    ignore_nulls: bool = False) -> Expression:
    _ensure_loaded()
    key = name.lower()
    if session is not None:
        udf = session._udfs.get(key)
        if udf is not None:
            return udf._build(args)
    builder = _BUILDERS.get(key)
    if builder is None:
        raise AnalysisException(
            f"[UNRESOLVED_ROUTINE] Cannot resolve routine `{name}` on search path "
            "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]. "
            "SQLSTATE: 42883", "UNRESOLVED_ROUTINE",
            {"routineName": f"`{name}`"})
    kw = {}
    if ignore_nulls:
        kw["ignore_nulls"] = True
    try:
        return builder(args, is_distinct, **kw)
    except TypeError as e:
        if "positional argument" in str(e) or "required" in str(e) or "takes" in str(e):
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{key}` requires a different number "
                f"of parameters but the actual number is {len(args)}. SQLSTATE: 42605",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION") from None
        raise
