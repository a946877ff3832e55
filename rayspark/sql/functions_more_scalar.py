"""PySpark functions whose Python signatures take more than columns (see the module's
expressions counterpart for their implementations); re-exported by rayspark.sql.functions."""
from __future__ import annotations

from .column import Column, _name_expr

__all__: list = ["timestamp_add", "timestamp_diff"]


def timestamp_add(unit: str, quantity, ts) -> Column:
    """``ts`` plus ``quantity`` ``unit``s (YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR,
    MINUTE, SECOND, MILLISECOND, MICROSECOND; any case): Spark's TIMESTAMPADD. Days and
    longer units move the wall clock in the session time zone."""
    from .expressions.more_scalar_functions import timestamp_add_expr
    return Column(timestamp_add_expr(unit, _name_expr(quantity), _name_expr(ts)))


def timestamp_diff(unit: str, start, end) -> Column:
    """Whole ``unit``s from ``start`` to ``end`` (Spark's TIMESTAMPDIFF; days and longer
    units compare wall clocks in the session time zone)."""
    from .expressions.more_scalar_functions import timestamp_diff_expr
    return Column(timestamp_diff_expr(unit, _name_expr(start), _name_expr(end)))
