"""PySpark functions whose Python signatures take more than columns (see the module's
expressions counterpart for their implementations); re-exported by rayspark.sql.functions."""
from __future__ import annotations

from .column import Column, _name_expr

__all__: list = ["timestamp_add", "timestamp_diff", "to_csv", "from_csv", "schema_of_csv"]


def _options(options):
    """PySpark's options dict as a map literal (booleans as ``true``/``false``)."""
    if not options:
        return []
    from .expressions.complex import CreateMap
    from .expressions.literals import lit_expr
    kids = []
    for k, v in options.items():
        kids += [lit_expr(str(k)), lit_expr(str(v).lower() if isinstance(v, bool) else str(v))]
    return [CreateMap(kids)]


def _not_expected(arg, value):
    from ..errors import PySparkTypeError
    return PySparkTypeError(
        f"[NOT_EXPECTED_TYPE] Argument `{arg}` should be Column or str, got "
        f"{type(value).__name__}.", "NOT_EXPECTED_TYPE",
        {"expected_type": "Column or str", "arg_name": arg, "arg_type": type(value).__name__})


def _call(name, *args):
    from .expressions.base import UnresolvedFunction
    return Column(UnresolvedFunction(name, list(args)))


def to_csv(col, options=None) -> Column:
    """A struct column as a CSV line (the CSV writer's options)."""
    return _call("to_csv", _name_expr(col), *_options(options))


def from_csv(col, schema, options=None) -> Column:
    """Parse a CSV line into a struct of ``schema`` (a DDL string or a foldable string
    Column such as ``schema_of_csv(...)``)."""
    from .expressions.literals import lit_expr
    if isinstance(schema, str):
        s = lit_expr(schema)
    elif isinstance(schema, Column):
        s = schema._expr
    else:
        raise _not_expected("schema", schema)
    return _call("from_csv", _name_expr(col), s, *_options(options))


def schema_of_csv(csv, options=None) -> Column:
    """The DDL schema Spark infers for one CSV line (a string or a foldable string Column)."""
    from .expressions.literals import lit_expr
    if isinstance(csv, str):
        c = lit_expr(csv)
    elif isinstance(csv, Column):
        c = csv._expr
    else:
        raise _not_expected("csv", csv)
    return _call("schema_of_csv", c, *_options(options))


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
