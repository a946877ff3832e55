"""Window-only functions: ranking (row_number, rank, dense_rank, percent_rank, ntile,
cume_dist) and offsets (lag, lead, nth_value), registered under their SQL names.

They are markers with a type and a name: ``execution.window.WindowExec`` computes them over a
sorted partition. ``required_frame`` is the frame a function always runs in (shown in the
column name, checked against a user frame); ``requires_order`` says whether ORDER BY is
mandatory. Aggregate functions over a window are the ordinary ``aggregates`` classes."""
from __future__ import annotations

from typing import Optional

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import DoubleType, IntegerType, IntegralType, LongType, NullType
from .base import Expression, Literal, Unevaluable
from .coercion import cast_to
from .window_expr import (CURRENT_ROW, UNBOUNDED_PRECEDING, WindowFrame,
                          ROWS_UNBOUNDED_TO_CURRENT, RANGE_UNBOUNDED_TO_CURRENT)

__all__ = ["WindowFunction", "RowNumber", "Rank", "DenseRank", "PercentRank", "NTile",
           "CumeDist", "Lag", "Lead", "NthValue"]


class WindowFunction(Unevaluable):
    """Base of the window-only functions."""
    requires_order = True
    is_offset = False
    display_name = ""

    @property
    def foldable(self):
        return False

    def required_frame(self) -> Optional[WindowFrame]:
        return ROWS_UNBOUNDED_TO_CURRENT


class _Ranking(WindowFunction):
    children = ()

    def __init__(self):
        self.children = ()

    @property
    def data_type(self):
        return IntegerType()

    @property
    def nullable(self):
        return False

    def sql(self):
        return f"{self.pretty_name}()"


class RowNumber(_Ranking):
    pretty_name = "row_number"
    display_name = "row_number"


class Rank(_Ranking):
    pretty_name = "RANK"
    display_name = "rank"


class DenseRank(_Ranking):
    pretty_name = "DENSE_RANK"
    display_name = "dense_rank"


class PercentRank(_Ranking):
    pretty_name = "PERCENT_RANK"
    display_name = "percent_rank"

    @property
    def data_type(self):
        return DoubleType()


class CumeDist(_Ranking):
    pretty_name = "cume_dist"
    display_name = "cume_dist"

    @property
    def data_type(self):
        return DoubleType()

    def required_frame(self):
        return RANGE_UNBOUNDED_TO_CURRENT


def _int_literal(e: Expression, what: str, fn: str):
    if not isinstance(e, Literal) or not isinstance(e.data_type, (IntegralType, NullType)):
        if e.foldable and isinstance(e.data_type, IntegralType):
            import pyarrow as pa
            return e.eval(pa.record_batch([pa.array([0])], ["x"])).as_py()
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{fn}\" due to data type "
            f"mismatch: the input {what} should be a foldable \"INT\" expression; however, got "
            f"\"{e.sql()}\". SQLSTATE: 42K09", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    return e.value


class NTile(_Ranking):
    pretty_name = "ntile"
    display_name = "ntile"

    def __init__(self, buckets: Expression):
        self.children = (buckets,)

    @property
    def buckets(self) -> int:
        return _int_literal(self.children[0], "buckets", self.sql())

    def sql(self):
        return f"ntile({self.children[0].sql()})"

    def coerce(self):
        n = self.buckets
        if n is None or n <= 0 or n > 2147483647:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"{self.sql()}\" due "
                "to data type mismatch: The buckets must be between (0, 2147483647] (current "
                f"value = {n}). SQLSTATE: 42K09", "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        return self


class _Offset(WindowFunction):
    """lag / lead: the input ``offset`` rows before / after the current row in the
    partition's order, or ``default`` when that row lies outside the partition."""
    is_offset = True
    direction = 1

    def __init__(self, child: Expression, offset: Expression, default: Expression,
                 ignore_nulls: bool = False):
        self.children = (child, offset, default)
        self.ignore_nulls = ignore_nulls

    @property
    def input(self):
        return self.children[0]

    @property
    def default(self):
        return self.children[2]

    @property
    def offset(self) -> int:
        return _int_literal(self.children[1], "offset", self.pretty_name)

    @property
    def shift(self) -> int:
        """Signed distance of the row read (negative = earlier)."""
        return self.direction * self.offset

    @property
    def data_type(self):
        return self.input.data_type

    @property
    def nullable(self):
        d = self.default
        return self.input.nullable or d.nullable or \
            (isinstance(d, Literal) and d.value is None)

    def required_frame(self):
        s = self.shift
        return WindowFrame("rows", s, s)

    def coerce(self):
        dt = self.input.data_type
        d = self.default
        if isinstance(d.data_type, NullType) or d.data_type == dt or isinstance(dt, NullType):
            return self
        return self.with_children([self.input, self.children[1], _cast_default(d, dt)])

    def sql(self):
        d = self.default
        d_sql = d.child.sql() if getattr(d, "implicit", False) else d.sql()
        # Spark leaves IGNORE NULLS out of lag/lead names (unlike nth_value)
        return f"{self.pretty_name}({self.input.sql()}, {self.children[1].sql()}, {d_sql})"

    def _fields_key(self):
        return (self.ignore_nulls,)


def _cast_default(d, dt):
    from .cast import Cast
    c = Cast(d, dt, ansi=False, implicit=True)
    return c


class Lag(_Offset):
    pretty_name = "lag"
    display_name = "lag"
    direction = -1


class Lead(_Offset):
    pretty_name = "lead"
    display_name = "lead"


class NthValue(WindowFunction):
    """The ``offset``-th (1-based) row of the frame (``ignore_nulls``: of its non-null
    values), NULL when the frame is shorter."""
    pretty_name = "nth_value"
    display_name = "nth_value"
    requires_order = False

    def __init__(self, child: Expression, offset: Expression, ignore_nulls: bool = False):
        self.children = (child, offset)
        self.ignore_nulls = ignore_nulls

    @property
    def input(self):
        return self.children[0]

    @property
    def offset(self) -> int:
        return _int_literal(self.children[1], "offset", self.pretty_name)

    @property
    def data_type(self):
        return self.input.data_type

    @property
    def nullable(self):
        return True

    def required_frame(self):
        return None

    def coerce(self):
        n = self.offset
        if n is None or n <= 0:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"{self.sql()}\" due "
                "to data type mismatch: The offset must be between (0, 9223372036854775807] "
                f"(current value = {n}L). SQLSTATE: 42K09",
                "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
        return self

    def sql(self):
        s = f"nth_value({self.input.sql()}, {self.children[1].sql()})"
        return s + (" ignore nulls" if self.ignore_nulls else "")

    def _fields_key(self):
        return (self.ignore_nulls,)


# -- registry ---------------------------------------------------------------------------------
def _no_args(cls, name):
    def build(args, distinct=False, **kw):
        if args:
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires 0 parameters but "
                f"the actual number is {len(args)}. SQLSTATE: 42605",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        return cls()
    return build


for _cls, _name in ((RowNumber, "row_number"), (Rank, "rank"), (DenseRank, "dense_rank"),
                    (PercentRank, "percent_rank"), (CumeDist, "cume_dist")):
    register(_name)(_no_args(_cls, _name))


def _lit(v):
    from .literals import lit_expr
    return lit_expr(v)


@register("ntile")
def _ntile(args, distinct=False, **kw):
    if len(args) > 1:
        raise TypeError("ntile takes 1 positional argument")
    return NTile(args[0] if args else _lit(1))


def _offset_builder(cls):
    def build(args, distinct=False, ignore_nulls=False):
        if not 1 <= len(args) <= 3:
            raise TypeError(f"{cls.pretty_name} takes 1 to 3 positional arguments")
        offset = args[1] if len(args) > 1 else _lit(1)
        default = args[2] if len(args) > 2 else Literal(None, NullType())
        return cls(args[0], offset, default, ignore_nulls)
    return build


register("lag")(_offset_builder(Lag))
register("lead")(_offset_builder(Lead))


@register("nth_value")
def _nth_value(args, distinct=False, ignore_nulls=False):
    if len(args) == 3:
        ignore_nulls = ignore_nulls or bool(args[2].value)
    elif len(args) != 2:
        raise TypeError("nth_value takes 2 positional arguments")
    return NthValue(args[0], args[1], ignore_nulls)
