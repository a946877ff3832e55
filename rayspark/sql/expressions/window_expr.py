"""Window expressions: a function evaluated over a window specification.

``WindowSpecDefinition`` holds the PARTITION BY expressions and the ORDER BY ``SortOrder`` s as
its children (so the analyzer resolves them with the rest of the expression) and an optional
``WindowFrame``. ``WindowExpression(func, spec)`` pairs a window-capable function (an aggregate
or a ranking / offset function from ``window_functions``) with a spec; its ``coerce`` - run by
the analyzer once the children are resolved - validates the pair and fills in the frame the
function implies, which is part of the column's automatic name
(``sum(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND
CURRENT ROW)``)."""
from __future__ import annotations

from typing import Optional, Sequence, Union

from ...errors import AnalysisException
from .base import Expression, SortOrder, Unevaluable

__all__ = ["WindowExpression", "WindowSpecDefinition", "WindowFrame", "contains_window",
           "UNBOUNDED_PRECEDING", "UNBOUNDED_FOLLOWING", "CURRENT_ROW", "reject_windows"]

UNBOUNDED_PRECEDING = "UNBOUNDED PRECEDING"
UNBOUNDED_FOLLOWING = "UNBOUNDED FOLLOWING"
CURRENT_ROW = "CURRENT ROW"
_SPECIAL = (UNBOUNDED_PRECEDING, UNBOUNDED_FOLLOWING, CURRENT_ROW)
_REPR = {UNBOUNDED_PRECEDING: "unboundedpreceding$()", UNBOUNDED_FOLLOWING: "unboundedfollowing$()",
         CURRENT_ROW: "currentrow$()"}

Bound = Union[str, int, float]


def _bound_sql(b: Bound) -> str:
    if b in _SPECIAL:
        return b
    if isinstance(b, float) and b.is_integer():
        b = int(b)
    return f"{b} FOLLOWING"


def _bound_pos(b: Bound, lower: bool):
    """Numeric position of a bound for ordering checks (None = not comparable)."""
    if b == UNBOUNDED_PRECEDING:
        return float("-inf")
    if b == UNBOUNDED_FOLLOWING:
        return float("inf")
    if b == CURRENT_ROW:
        return 0
    return b


class WindowFrame:
    """``ROWS``/``RANGE BETWEEN lower AND upper``. A bound is ``UNBOUNDED_PRECEDING``,
    ``UNBOUNDED_FOLLOWING``, ``CURRENT_ROW`` or a number: an offset from the current row
    (rows) or from the current row's ORDER BY value (range); negative = preceding."""

    def __init__(self, frame_type: str, lower: Bound, upper: Bound,
                 lower_sql: Optional[str] = None, upper_sql: Optional[str] = None):
        assert frame_type in ("rows", "range")
        self.frame_type = frame_type
        self.lower = lower
        self.upper = upper
        # how the bounds print when they came from SQL text ("1 PRECEDING", "(- 1.5)
        # FOLLOWING"); the DataFrame API prints offsets as "n FOLLOWING"
        self.lower_sql = lower_sql
        self.upper_sql = upper_sql

    @property
    def is_rows(self) -> bool:
        return self.frame_type == "rows"

    def has_value_bound(self) -> bool:
        return self.lower not in _SPECIAL or self.upper not in _SPECIAL

    def sql(self) -> str:
        t = "ROWS" if self.is_rows else "RANGE"
        lo = self.lower_sql or _bound_sql(self.lower)
        hi = self.upper_sql or _bound_sql(self.upper)
        return f"{t} BETWEEN {lo} AND {hi}"

    def spark_repr(self) -> str:
        t = "RowFrame" if self.is_rows else "RangeFrame"
        lo = _REPR.get(self.lower, self.lower) if isinstance(self.lower, str) else self.lower
        hi = _REPR.get(self.upper, self.upper) if isinstance(self.upper, str) else self.upper
        return f"specifiedwindowframe({t}, {lo}, {hi})"

    def key(self):
        return (self.frame_type, self.lower, self.upper)

    def __eq__(self, other):
        return isinstance(other, WindowFrame) and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def __repr__(self):
        return self.sql()


ROWS_UNBOUNDED_TO_CURRENT = WindowFrame("rows", UNBOUNDED_PRECEDING, CURRENT_ROW)
RANGE_UNBOUNDED_TO_CURRENT = WindowFrame("range", UNBOUNDED_PRECEDING, CURRENT_ROW)
ROWS_WHOLE = WindowFrame("rows", UNBOUNDED_PRECEDING, UNBOUNDED_FOLLOWING)


class WindowSpecDefinition(Unevaluable):
    """PARTITION BY / ORDER BY / frame. Children: partition expressions then SortOrders."""

    def __init__(self, partition_spec: Sequence[Expression] = (),
                 order_spec: Sequence[Expression] = (), frame: Optional[WindowFrame] = None):
        self.n_partition = len(partition_spec)
        self.children = tuple(partition_spec) + tuple(order_spec)
        self.frame = frame

    @property
    def partition_spec(self):
        return list(self.children[:self.n_partition])

    @property
    def order_spec(self):
        # a rule may have replaced a SortOrder over a constant by the constant itself
        return [o if isinstance(o, SortOrder) else SortOrder(o)
                for o in self.children[self.n_partition:]]

    def with_frame(self, frame: Optional[WindowFrame]) -> "WindowSpecDefinition":
        return WindowSpecDefinition(self.partition_spec, self.order_spec, frame)

    @property
    def data_type(self):
        from ..types import NullType
        return NullType()

    @property
    def foldable(self):
        return False

    @property
    def nullable(self):
        return True

    def sql(self) -> str:
        parts = []
        if self.n_partition:
            parts.append("PARTITION BY " + ", ".join(e.sql() for e in self.partition_spec))
        if self.order_spec:
            parts.append("ORDER BY " + ", ".join(o.sql() for o in self.order_spec))
        if self.frame is not None:
            parts.append(self.frame.sql())
        return " ".join(parts)

    def tree_string(self) -> str:
        parts = [e.tree_string() for e in self.partition_spec] + \
                [o.tree_string() for o in self.order_spec]
        frame = self.frame.spark_repr() if self.frame is not None else "unspecifiedframe$()"
        return f"windowspecdefinition({', '.join(parts + [frame])})"

    def group_key(self):
        """Specs with equal keys share one Window operator (frames may differ)."""
        return (tuple(e.semantic_key() for e in self.partition_spec),
                tuple(o.semantic_key() for o in self.order_spec))

    def _fields_key(self):
        return (self.n_partition, self.frame.key() if self.frame is not None else None)


def _analysis_error(cond: str, msg: str):
    return AnalysisException(msg, cond)


def _type_name(dt) -> str:
    return dt.simpleString().upper()


class WindowExpression(Unevaluable):
    def __init__(self, func: Expression, spec: WindowSpecDefinition):
        self.children = (func, spec)

    @property
    def func(self) -> Expression:
        return self.children[0]

    @property
    def spec(self) -> WindowSpecDefinition:
        return self.children[1]

    @property
    def data_type(self):
        return self.func.data_type

    @property
    def nullable(self):
        return self.func.nullable

    @property
    def foldable(self):
        return False

    @property
    def deterministic(self):
        return self.func.deterministic and self.spec.deterministic

    def sql(self):
        return f"{self.func.sql()} OVER ({self.spec.sql()})"

    def tree_string(self):
        return f"{self.func.tree_string()} {self.spec.tree_string()}"

    def semantic_key(self):
        return ("window", self.func.semantic_key(), self.spec.semantic_key())

    # -- analysis -------------------------------------------------------------------------
    def coerce(self) -> "WindowExpression":
        from .aggregates import AggregateFunction
        from .window_functions import WindowFunction
        func, spec = self.func, self.spec
        if not func.resolved or not spec.resolved:
            return self
        if isinstance(func, AggregateFunction):
            if func.is_distinct:
                raise _analysis_error(
                    "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
                    f"[DISTINCT_WINDOW_FUNCTION_UNSUPPORTED] Distinct window functions are not "
                    f"supported: {func.sql()} {spec.with_frame(spec.frame).tree_string()}. "
                    "SQLSTATE: 0A000")
        elif not isinstance(func, WindowFunction):
            raise _analysis_error(
                "UNSUPPORTED_EXPR_FOR_WINDOW",
                f"[UNSUPPORTED_EXPR_FOR_WINDOW] Expression \"{func.sql()}\" not supported "
                "within a window function. SQLSTATE: 42P20")
        ordered = bool(spec.order_spec)
        required = func.required_frame() if isinstance(func, WindowFunction) else None
        if isinstance(func, WindowFunction) and func.requires_order and not ordered:
            raise _analysis_error(
                "WINDOW_FUNCTION_FRAME_NOT_ORDERED",
                f"[WINDOW_FUNCTION_FRAME_NOT_ORDERED] Window function {func.display_name} "
                "requires the window to be ordered. You need to add an ORDER BY clause. For "
                f"example: SELECT {func.sql()} OVER (PARTITION BY window_partition ORDER BY "
                "window_ordering) FROM table. SQLSTATE: 42601")
        frame = spec.frame
        if frame is None:
            if required is not None:
                frame = required
            elif ordered:
                frame = RANGE_UNBOUNDED_TO_CURRENT
            else:
                frame = ROWS_WHOLE
        elif required is not None and frame != required:
            if getattr(func, "is_offset", False):
                raise _analysis_error(
                    "_LEGACY_ERROR_TEMP_1035",
                    f"Cannot specify window frame for {func.display_name} function.")
            raise _analysis_error(
                "_LEGACY_ERROR_TEMP_1036",
                f"Window Frame {frame.spark_repr()} must match the required frame "
                f"{required.spark_repr()}.")
        _check_frame(frame, spec)
        if frame is spec.frame:
            return self
        return WindowExpression(func, spec.with_frame(frame))


def _check_frame(frame: WindowFrame, spec: WindowSpecDefinition) -> None:
    from ..types import (DateType, DecimalType, NumericType, TimestampNTZType, TimestampType)
    lo, hi = _bound_pos(frame.lower, True), _bound_pos(frame.upper, False)
    if frame.lower == UNBOUNDED_FOLLOWING or frame.upper == UNBOUNDED_PRECEDING or lo > hi:
        raise _analysis_error(
            "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON",
            f"[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON] Cannot resolve "
            f"\"{frame.sql()}\" due to data type mismatch: The lower bound of a window frame "
            "must be less than or equal to the upper bound. SQLSTATE: 42K09")
    if frame.is_rows or not frame.has_value_bound():
        return
    orders = spec.order_spec
    if not orders:
        raise _analysis_error(
            "DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER",
            f"[DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER] Cannot resolve \"({spec.sql()})\" "
            "due to data type mismatch: A range window frame cannot be used in an unordered "
            "window specification. SQLSTATE: 42K09")
    if len(orders) > 1:
        raise _analysis_error(
            "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER",
            f"[DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER] Cannot resolve \"({spec.sql()})\" due "
            "to data type mismatch: A range window frame with value boundaries cannot be used "
            "in a window specification with multiple order by expressions: "
            f"{','.join(o.tree_string() for o in orders)}. SQLSTATE: 42K09")
    dt = orders[0].child.data_type
    if isinstance(dt, (DateType, TimestampType, TimestampNTZType)):
        raise _analysis_error(
            "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE",
            f"[DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE] Cannot resolve \"({spec.sql()})\" "
            f"due to data type mismatch: The data type \"{_type_name(dt)}\" used in the order "
            "specification does not support the data type \"BIGINT\" which is used in the "
            "range frame. SQLSTATE: 42K09")
    if not isinstance(dt, (NumericType, DecimalType)):
        which = "lower" if frame.lower not in _SPECIAL else "upper"
        raise _analysis_error(
            "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
            f"[DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE] Cannot resolve "
            f"\"{frame.sql()}\" due to data type mismatch: The data type of the {which} bound "
            f"\"{_type_name(dt)}\" does not match the expected data type (\"NUMERIC\" or "
            "\"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\"). "
            "SQLSTATE: 42K09")


def contains_window(e: Expression) -> bool:
    return any(isinstance(x, WindowExpression) for x in e.walk())


def reject_windows(e: Expression, clause: str = "WHERE") -> None:
    """Raise Spark's error for a window function where none is allowed (``filter``)."""
    if contains_window(e):
        raise _analysis_error(
            "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
            "[WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE] It is not allowed to use window functions "
            f"inside {clause} clause. SQLSTATE: 42601")
