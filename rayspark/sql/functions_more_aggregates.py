"""PySpark functions whose Python signatures take more than columns (see the module's
expressions counterpart for their implementations); re-exported by rayspark.sql.functions."""
from __future__ import annotations

from .column import Column, _name_expr
from .expressions.base import Literal
from .expressions.literals import lit_expr
from .types import NullType

__all__: list = ["mode", "string_agg", "string_agg_distinct", "listagg", "listagg_distinct"]


def mode(col, deterministic: bool = False) -> Column:
    from .expressions.more_aggregates import Mode
    return Column(Mode(_name_expr(col), bool(deterministic)))


def _delimiter(delimiter):
    if delimiter is None:
        return Literal(None, NullType())
    if isinstance(delimiter, Column):
        return delimiter._expr
    return lit_expr(delimiter)


def _agg(name, col, delimiter, distinct):
    from .expressions.more_aggregates import StringAgg
    return Column(StringAgg(_name_expr(col), _delimiter(delimiter), name, distinct))


def string_agg(col, delimiter=None) -> Column:
    return _agg("string_agg", col, delimiter, False)


def string_agg_distinct(col, delimiter=None) -> Column:
    return _agg("string_agg", col, delimiter, True)


def listagg(col, delimiter=None) -> Column:
    return _agg("listagg", col, delimiter, False)


def listagg_distinct(col, delimiter=None) -> Column:
    return _agg("listagg", col, delimiter, True)
