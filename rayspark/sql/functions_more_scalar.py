"""PySpark functions whose Python signatures take more than columns (see the module's
expressions counterpart for their implementations); re-exported by rayspark.sql.functions."""
from __future__ import annotations

from .column import Column, _name_expr

__all__: list = ["timestamp_add", "timestamp_diff", "to_csv", "from_csv", "schema_of_csv",
                  "convert_timezone", "to_char", "to_varchar", "to_number", "try_to_number",
                  "window_time"]


def _not_expected(arg, value):
    from ..errors import not_expected_type
    return not_expected_type(arg, "Column or str", value)


def _string_or_column(arg: str, value):
    """A str as a string literal, a Column as its expression (a foldable one for the CSV
    schema arguments)."""
    from .expressions.literals import lit_expr
    if isinstance(value, str):
        return lit_expr(value)
    if isinstance(value, Column):
        return value._expr
    raise _not_expected(arg, value)


def to_csv(col, options=None) -> Column:
    """A struct column as a CSV line (the CSV writer's options)."""
    from .functions import _call, _options_expr
    return _call("to_csv", _name_expr(col), *_options_expr(options))


def from_csv(col, schema, options=None) -> Column:
    """Parse a CSV line into a struct of ``schema`` (a DDL string or a foldable string
    Column such as ``schema_of_csv(...)``)."""
    from .functions import _call, _options_expr
    return _call("from_csv", _name_expr(col), _string_or_column("schema", schema),
                 *_options_expr(options))


def schema_of_csv(csv, options=None) -> Column:
    """The DDL schema Spark infers for one CSV line (a string or a foldable string Column)."""
    from .functions import _call, _options_expr
    return _call("schema_of_csv", _string_or_column("csv", csv), *_options_expr(options))


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


def convert_timezone(sourceTz, targetTz, sourceTs) -> Column:
    """The TIMESTAMP_NTZ ``sourceTs`` read in ``sourceTz`` (None: the session time zone) as
    a wall clock of ``targetTz``. The zones are Columns (``lit('Asia/Hong_Kong')``)."""
    from .expressions.base import UnresolvedFunction
    src = UnresolvedFunction("current_timezone", []) if sourceTz is None else \
        _name_expr(sourceTz)
    return Column(UnresolvedFunction("convert_timezone",
                                     [src, _name_expr(targetTz), _name_expr(sourceTs)]))


def to_char(col, format) -> Column:
    """A number in a Spark number format (``'$99.99'``), a date/timestamp in a datetime
    pattern, a binary as hex, base64 or UTF-8 text."""
    return Column(UnresolvedFunction_("to_char", col, format))


def to_varchar(col, format) -> Column:
    return Column(UnresolvedFunction_("to_varchar", col, format))


def to_number(col, format) -> Column:
    """The Decimal a string spells in a Spark number format (failing when it does not)."""
    return Column(UnresolvedFunction_("to_number", col, format))


def try_to_number(col, format) -> Column:
    return Column(UnresolvedFunction_("try_to_number", col, format))


def UnresolvedFunction_(name, *cols):
    from .expressions.base import UnresolvedFunction
    return UnresolvedFunction(name, [_name_expr(c) for c in cols])


def window_time(windowColumn) -> Column:
    """The event time of a time window: its end minus one microsecond."""
    return Column(UnresolvedFunction_("window_time", windowColumn))
