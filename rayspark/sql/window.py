"""``Window`` / ``WindowSpec``: the Python API for window specifications.

A ``WindowSpec`` is immutable: ``partitionBy``/``orderBy``/``rowsBetween``/``rangeBetween``
return new specs. ``Column.over(spec)`` turns it into an expression-level
``WindowSpecDefinition`` (``_spec()``)."""
from __future__ import annotations

import sys
from typing import Any, List, Optional, Tuple

from ..errors import AnalysisException, PySparkTypeError
from .expressions.base import Expression, SortOrder
from .expressions.window_expr import (CURRENT_ROW, UNBOUNDED_FOLLOWING, UNBOUNDED_PRECEDING,
                                      WindowFrame, WindowSpecDefinition)

__all__ = ["Window", "WindowSpec"]

_JAVA_MIN_LONG = -(1 << 63)
_JAVA_MAX_LONG = (1 << 63) - 1
_PRECEDING_THRESHOLD = max(-sys.maxsize, _JAVA_MIN_LONG)
_FOLLOWING_THRESHOLD = min(sys.maxsize, _JAVA_MAX_LONG)
_INT_MIN, _INT_MAX = -(1 << 31), (1 << 31) - 1


def _flatten(cols) -> list:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


def _col_expr(c) -> Expression:
    from .column import Column, _name_expr
    if isinstance(c, (str, Column)):
        return _name_expr(c)
    raise PySparkTypeError(
        f"[NOT_COLUMN_OR_STR] Argument `cols` should be a Column or str, got "
        f"{type(c).__name__}.", "NOT_COLUMN_OR_STR",
        {"arg_name": "cols", "arg_type": type(c).__name__})


def _order_expr(c) -> SortOrder:
    e = _col_expr(c)
    return e if isinstance(e, SortOrder) else SortOrder(e, True)


def _bound(v, lower: bool):
    if not isinstance(v, int) or isinstance(v, bool):
        raise PySparkTypeError(
            f"[NOT_INT] Argument `{'start' if lower else 'end'}` should be an int, got "
            f"{type(v).__name__}.", "NOT_INT")
    if lower and v <= _PRECEDING_THRESHOLD:
        return UNBOUNDED_PRECEDING
    if not lower and v >= _FOLLOWING_THRESHOLD:
        return UNBOUNDED_FOLLOWING
    if v == 0:
        return CURRENT_ROW
    return v


class WindowSpec:
    """PARTITION BY / ORDER BY / frame of a window; build it with ``Window``'s methods."""

    def __init__(self, partition: Tuple[Expression, ...] = (),
                 order: Tuple[SortOrder, ...] = (), frame: Optional[WindowFrame] = None):
        self._partition = tuple(partition)
        self._order = tuple(order)
        self._frame = frame

    def partitionBy(self, *cols) -> "WindowSpec":
        return WindowSpec(tuple(_col_expr(c) for c in _flatten(cols)), self._order, self._frame)

    def orderBy(self, *cols) -> "WindowSpec":
        return WindowSpec(self._partition, tuple(_order_expr(c) for c in _flatten(cols)),
                          self._frame)

    def rowsBetween(self, start: int, end: int) -> "WindowSpec":
        lo, hi = _bound(start, True), _bound(end, False)
        for name, b, raw in (("start", lo, start), ("end", hi, end)):
            if isinstance(b, int) and not (_INT_MIN <= b <= _INT_MAX):
                raise AnalysisException(
                    f"[INVALID_BOUNDARY.{name.upper()}] The boundary `{name}` is invalid: "
                    f"{raw}L. Expected the value is '0', "
                    f"'{_JAVA_MIN_LONG if name == 'start' else _JAVA_MAX_LONG}L', "
                    f"'[{_INT_MIN}, {_INT_MAX}]'. SQLSTATE: 22003",
                    f"INVALID_BOUNDARY.{name.upper()}")
        return WindowSpec(self._partition, self._order, WindowFrame("rows", lo, hi))

    def rangeBetween(self, start: int, end: int) -> "WindowSpec":
        return WindowSpec(self._partition, self._order,
                          WindowFrame("range", _bound(start, True), _bound(end, False)))

    def _frame_between(self, frame_type: str, lower, upper, lower_sql: Optional[str] = None,
                       upper_sql: Optional[str] = None) -> "WindowSpec":
        """For the SQL front end: a frame from already-classified bounds (``"UNBOUNDED
        PRECEDING"``, ``"UNBOUNDED FOLLOWING"``, ``"CURRENT ROW"`` or a number, negative =
        preceding; numbers may be floats/decimals for RANGE) with the bounds' SQL text for
        the column name (``"1 PRECEDING"``)."""
        import decimal
        fix = [float(b) if isinstance(b, decimal.Decimal) else b for b in (lower, upper)]
        return WindowSpec(self._partition, self._order,
                          WindowFrame(frame_type.lower(), fix[0], fix[1], lower_sql, upper_sql))

    def _spec(self) -> WindowSpecDefinition:
        return WindowSpecDefinition(self._partition, self._order, self._frame)

    def __repr__(self):
        return f"<WindowSpec ({self._spec().sql()})>"


class Window:
    """Static helpers creating ``WindowSpec`` s (``Window.partitionBy("k").orderBy("v")``)."""

    unboundedPreceding: int = _JAVA_MIN_LONG
    unboundedFollowing: int = _JAVA_MAX_LONG
    currentRow: int = 0

    @staticmethod
    def partitionBy(*cols) -> WindowSpec:
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols) -> WindowSpec:
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:
        return WindowSpec().rangeBetween(start, end)
