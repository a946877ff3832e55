"""Python API of the window-only functions (re-exported by ``functions``):
``row_number() / rank() / dense_rank() / percent_rank() / cume_dist() / ntile(n)`` and
``lag / lead / nth_value``. Use them with ``.over(window)``."""
from __future__ import annotations

from typing import Any

from ..errors import PySparkTypeError
from .column import Column, _name_expr
from .expressions import window_functions as WF
from .expressions.base import Literal
from .expressions.literals import lit_expr
from .types import NullType

__all__ = ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag",
           "lead", "nth_value"]


def row_number() -> Column:
    return Column(WF.RowNumber())


def rank() -> Column:
    return Column(WF.Rank())


def dense_rank() -> Column:
    return Column(WF.DenseRank())


def percent_rank() -> Column:
    return Column(WF.PercentRank())


def cume_dist() -> Column:
    return Column(WF.CumeDist())


def _int_arg(v, name):
    if isinstance(v, bool) or not isinstance(v, int):
        raise PySparkTypeError(
            f"[NOT_INT] Argument `{name}` should be an int, got {type(v).__name__}.", "NOT_INT",
            {"arg_name": name, "arg_type": type(v).__name__})
    return lit_expr(v)


def ntile(n: int) -> Column:
    return Column(WF.NTile(_int_arg(n, "n")))


def _default(v: Any):
    if v is None:
        return Literal(None, NullType())
    if isinstance(v, Column):
        return v._expr
    return lit_expr(v)


def lag(col, offset: int = 1, default: Any = None) -> Column:
    return Column(WF.Lag(_name_expr(col), _int_arg(offset, "offset"), _default(default)))


def lead(col, offset: int = 1, default: Any = None) -> Column:
    return Column(WF.Lead(_name_expr(col), _int_arg(offset, "offset"), _default(default)))


def nth_value(col, offset: int, ignoreNulls: bool = False) -> Column:
    return Column(WF.NthValue(_name_expr(col), _int_arg(offset, "offset"), bool(ignoreNulls)))
