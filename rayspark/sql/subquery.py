"""``DataFrame.scalar()`` and ``DataFrame.exists()`` for uncorrelated subqueries (Spark 4).

An uncorrelated subquery has one value for the whole outer query, so - as the SQL front end
does for ``(SELECT ...)`` - it becomes a literal. Here the literal is lazy: the subquery runs
when the outer query is planned for an action (Spark also runs subqueries before the plan that
uses them), not when ``scalar()``/``exists()`` is called, and a DataFrame that is never acted
on never runs it. ``DataFrame._physical`` forces every such literal of the optimized plan
before physical planning, so the value is computed on the driver and a task only ever sees a
plain literal. A scalar subquery must have one column (checked at the call, as Spark's
analysis does) and at most one row (checked when it runs: SCALAR_SUBQUERY_TOO_MANY_ROWS); no
row gives NULL. Correlated subqueries (``Column.outer()``) are not supported."""
from __future__ import annotations

import threading
from typing import Any

from ..errors import AnalysisException, SparkRuntimeException
from .expressions.base import Literal
from .types import BooleanType

__all__ = ["ScalarSubqueryValue", "ExistsSubqueryValue", "scalar", "exists",
           "force_subqueries"]

_UNSET = object()


class _LazySubqueryLiteral(Literal):
    """A literal whose value is computed from a DataFrame the first time it is needed."""

    def __init__(self, df, data_type):
        self._df = df
        self._value = _UNSET
        self._data_type = data_type
        self._lock = threading.Lock()

    @property
    def value(self) -> Any:
        with self._lock:
            if self._value is _UNSET:
                self._value = self._compute()
            return self._value

    @value.setter
    def value(self, v) -> None:
        self._value = v

    def _compute(self) -> Any:
        raise NotImplementedError

    def _fields_key(self):
        # identity, without running the subquery (the key is used while planning)
        return (type(self).__name__, id(self._df), self._data_type.simpleString())

    def __reduce__(self):
        # tasks get the computed value as a plain literal, never the DataFrame
        return (Literal, (self.value, self._data_type))

    def tree_string(self) -> str:
        return self.sql()


class ScalarSubqueryValue(_LazySubqueryLiteral):
    @property
    def nullable(self) -> bool:
        return True

    def _compute(self) -> Any:
        table = self._df.limit(2)._collect_table()
        if table.num_rows > 1:
            raise SparkRuntimeException(
                "[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used "
                "as an expression. SQLSTATE: 21000", "SCALAR_SUBQUERY_TOO_MANY_ROWS")
        if not table.num_rows:
            return None
        return self._df._rows(table)[0][0]

    def sql(self) -> str:
        return "scalarsubquery()"


class ExistsSubqueryValue(_LazySubqueryLiteral):
    def __init__(self, df):
        super().__init__(df, BooleanType())

    @property
    def nullable(self) -> bool:
        return False

    def _compute(self) -> Any:
        return self._df.limit(1)._collect_table().num_rows > 0

    def sql(self) -> str:
        return "exists()"


def scalar(df):
    from .column import Column
    attrs = df._attrs()
    if len(attrs) != 1:
        raise AnalysisException(
            "[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] "
            f"Invalid subquery: Scalar subquery must return only one column, but got "
            f"{len(attrs)}. SQLSTATE: 42823",
            "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
            {"number": str(len(attrs))})
    return Column(ScalarSubqueryValue(df, attrs[0].data_type))


def exists(df):
    from .column import Column
    return Column(ExistsSubqueryValue(df))


def force_subqueries(plan) -> None:
    """Run the subqueries of ``plan`` (before it is planned physically)."""
    for node in plan.walk():
        for e in node.expressions():
            for x in e.walk():
                if isinstance(x, _LazySubqueryLiteral):
                    x.value
