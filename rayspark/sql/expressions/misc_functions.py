"""Shared helpers of the SQL function modules, and the miscellaneous functions (typeof,
nanvl, assert_true, raise_error, bitwise_not, input_file_name, ...).

The helpers: ``fn`` builds a ``ScalarFunction``; ``rowwise`` runs a Python function per row
for the few functions no Arrow kernel covers (NULL in, NULL out unless asked otherwise);
``literal_arg`` reads the value of an argument that must be a constant."""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException, SparkException
from ..functions_registry import register
from ..types import (BinaryType, BooleanType, ByteType, DataType, DoubleType, FloatType,
                     IntegerType, IntegralType, LongType, NullType, ShortType, StringType)
from .base import Expression, Literal, materialize
from .scalar import ScalarFunction
from .types_util import arrow_type

__all__ = ["fn", "rowwise", "literal_arg", "as_array", "num_rows_of", "wrong_args",
           "type_error", "SparkRuntimeException", "DateTimeException",
           "ArrayIndexOutOfBoundsException", "IllegalArgumentError", "null_of", "pylist",
           "check_args", "is_null_scalar"]


# -- error classes PySpark raises from these functions ---------------------------------------
class SparkRuntimeException(SparkException, RuntimeError):
    pass


class DateTimeException(SparkException, ValueError):
    pass


class ArrayIndexOutOfBoundsException(SparkException, IndexError):
    pass


class IllegalArgumentError(SparkException, ValueError):
    pass


def wrong_args(name: str, n: int, expected: str):
    return AnalysisException(
        f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{name}` requires {expected} parameters but "
        f"the actual number is {n}. Please, refer to "
        "'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. "
        "SQLSTATE: 42605", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")


def check_args(name: str, args, lo: int, hi: Optional[int] = None):
    hi = lo if hi is None else hi
    if not lo <= len(args) <= hi:
        exp = str(lo) if lo == hi else (f"[{', '.join(str(i) for i in range(lo, hi + 1))}]"
                                         if hi < 10 else f"> {lo - 1}")
        raise wrong_args(name, len(args), exp)


def type_error(expr: Expression, ordinal: int, required: str, actual: DataType):
    ords = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return AnalysisException(
        f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{expr.sql()}\" due to "
        f"data type mismatch: The {ords.get(ordinal, str(ordinal))} parameter requires the "
        f"{required} type, however \"{expr.children[ordinal - 1].sql()}\" has the type "
        f"\"{actual.simpleString().upper()}\". SQLSTATE: 42K09",
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")


# -- helpers ---------------------------------------------------------------------------------
def fn(name: str, args: Sequence[Expression], kernel: Callable, result_type,
       input_types=None, **kw) -> ScalarFunction:
    return ScalarFunction(name, list(args), kernel, result_type, input_types, **kw)


def is_null_scalar(v) -> bool:
    return isinstance(v, pa.Scalar) and not v.is_valid


def num_rows_of(*args) -> Optional[int]:
    for a in args:
        if isinstance(a, (pa.Array, pa.ChunkedArray)):
            return len(a)
    return None


def as_array(v, n: int) -> pa.Array:
    return materialize(v, n)


def pylist(v, n: int) -> List[Any]:
    if isinstance(v, pa.Scalar):
        return [v.as_py()] * n
    return v.to_pylist()


def null_of(dt: DataType, n: Optional[int] = None):
    at = arrow_type(dt) if not isinstance(dt, NullType) else pa.null()
    return pa.scalar(None, type=at) if n is None else pa.nulls(n, at)


def rowwise(f: Callable, out_type, args: Sequence[Any], n: int, null_safe: bool = False):
    """Apply ``f`` to each row's Python values. ``out_type`` is an Arrow type. Without
    ``null_safe`` any NULL argument gives NULL without calling ``f``. All-scalar arguments
    give a scalar."""
    if all(isinstance(a, pa.Scalar) for a in args):
        vals = [a.as_py() for a in args]
        if not null_safe and any(v is None for v in vals):
            return pa.scalar(None, type=out_type)
        return pa.scalar(f(*vals), type=out_type)
    cols = [pylist(a, n) for a in args]
    out = []
    if null_safe:
        for row in zip(*cols):
            out.append(f(*row))
    else:
        for row in zip(*cols):
            out.append(None if any(v is None for v in row) else f(*row))
    return pa.array(out, type=out_type)


def literal_arg(e: Expression, what: str = "argument", fname: str = "") -> Any:
    """The constant value of a foldable argument (a literal, or e.g. ``-1`` / a cast)."""
    if isinstance(e, Literal):
        return e.value
    if e.foldable:
        v = e.eval(pa.RecordBatch.from_pydict({"_": pa.array([0])}))
        if isinstance(v, pa.Scalar):
            return v.as_py()
        return materialize(v, 1)[0].as_py()
    raise AnalysisException(
        f"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{fname or e.sql()}\" due to "
        f"data type mismatch: the input {what} should be a foldable expression; however, "
        f"got \"{e.sql()}\". SQLSTATE: 42K09", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")


def _to_bool(v):
    return pc.fill_null(v, False)


# -- misc functions --------------------------------------------------------------------------
class TypeOf(Expression):
    def __init__(self, child):
        self.children = (child,)

    @property
    def data_type(self):
        return StringType()

    @property
    def nullable(self):
        return False

    def eval(self, batch):
        return pa.scalar(self.children[0].data_type.simpleString(), pa.string())

    def sql(self):
        return f"typeof({self.children[0].sql()})"


@register("typeof")
def _typeof(args, distinct=False):
    check_args("typeof", args, 1)
    return TypeOf(args[0])


@register("input_file_name")
def _input_file_name(args, distinct=False):
    check_args("input_file_name", args, 0)
    return fn("input_file_name", [], lambda n: pa.scalar("", pa.string()), StringType(),
              nullable=False, deterministic=False)


@register("input_file_block_start")
def _ifbs(args, distinct=False):
    return fn("input_file_block_start", [], lambda n: pa.scalar(-1, pa.int64()), LongType(),
              nullable=False, deterministic=False)


@register("input_file_block_length")
def _ifbl(args, distinct=False):
    return fn("input_file_block_length", [], lambda n: pa.scalar(-1, pa.int64()), LongType(),
              nullable=False, deterministic=False)


def _nanvl_kernel(a, b, n):
    if is_null_scalar(a):
        return a
    isnan = pc.is_nan(a)
    if isinstance(isnan, pa.Scalar):
        return b if isnan.as_py() else a
    return pc.if_else(_to_bool(isnan), b, a)


@register("nanvl")
def _nanvl(args, distinct=False):
    check_args("nanvl", args, 2)

    def rtype(ts):
        return FloatType() if all(isinstance(t, (FloatType, NullType)) for t in ts) \
            else DoubleType()
    return fn("nanvl", args, _nanvl_kernel, rtype,
              [lambda ts, i: rtype(ts)])


class AssertTrue(Expression):
    def __init__(self, child, message: Optional[Expression] = None):
        self.children = (child,) if message is None else (child, message)

    @property
    def data_type(self):
        return NullType()

    def coerce(self):
        from .coercion import cast_to
        c = self.children[0]
        if not isinstance(c.data_type, (BooleanType, NullType)):
            raise type_error(self, 1, "\"BOOLEAN\"", c.data_type)
        if len(self.children) > 1:
            return self.with_children([c, cast_to(self.children[1], StringType())])
        return self

    @property
    def deterministic(self):
        return False

    def eval(self, batch):
        n = batch.num_rows
        v = as_array(self.children[0].eval(batch), n)
        bad = pc.invert(pc.fill_null(v, False))
        if pc.any(bad).as_py():
            if len(self.children) > 1:
                msgs = as_array(self.children[1].eval(batch), n)
                idx = pc.index(bad, True).as_py()
                msg = msgs[idx].as_py()
            else:
                msg = f"'{self.children[0].sql()}' is not true!"
            raise SparkRuntimeException(f"{msg} SQLSTATE: P0001",
                                        "USER_RAISED_EXCEPTION")
        return pa.scalar(None, pa.null())

    def sql(self):
        # without a message Spark's name shows the default one: '<cond>' is not true!
        c = self.children[0].sql()
        return f"assert_true({c}, '{c}' is not true!)" if len(self.children) == 1 else \
            f"assert_true({c}, {self.children[1].sql()})"


@register("assert_true")
def _assert_true(args, distinct=False):
    check_args("assert_true", args, 1, 2)
    return AssertTrue(*args)


class RaiseError(Expression):
    def __init__(self, message):
        self.children = (message,)

    @property
    def data_type(self):
        return NullType()

    @property
    def deterministic(self):
        return False

    @property
    def foldable(self):
        return False

    def coerce(self):
        from .coercion import cast_to
        return self.with_children([cast_to(self.children[0], StringType())])

    def eval(self, batch):
        if batch.num_rows == 0:
            return pa.scalar(None, pa.null())
        v = self.children[0].eval(batch)
        msg = v.as_py() if isinstance(v, pa.Scalar) else v[0].as_py()
        raise SparkRuntimeException(f"{msg} SQLSTATE: P0001",
                                    "USER_RAISED_EXCEPTION")

    def sql(self):
        return f"raise_error({self.children[0].sql()})"


@register("raise_error")
def _raise_error(args, distinct=False):
    check_args("raise_error", args, 1)
    return RaiseError(args[0])


def _require_integral(name, expr_fn):
    def check(e):
        for i, c in enumerate(e.children):
            if not isinstance(c.data_type, (IntegralType, NullType)):
                raise type_error(e, i + 1, "\"INTEGRAL\"", c.data_type)
    return check


class _IntegralOp(ScalarFunction):
    def coerce(self):
        from .coercion import common_type, cast_to
        for i, c in enumerate(self.children):
            if not isinstance(c.data_type, (IntegralType, NullType)):
                raise type_error(self, i + 1, "\"INTEGRAL\"", c.data_type)
        t = common_type(c.data_type for c in self.children)
        if isinstance(t, NullType):
            t = IntegerType()
        return self.with_children([cast_to(c, t) for c in self.children])


def _bitwise_builder(name, kernel, symbol):
    def build(args, distinct=False):
        check_args(name, args, 2)
        e = _IntegralOp(name, list(args), kernel,
                        lambda ts: next((t for t in ts if not isinstance(t, NullType)),
                                        IntegerType()),
                        display=lambda ch: f"({ch[0].sql()} {symbol} {ch[1].sql()})")
        return e
    return build


register("bitwise_and_op")(_bitwise_builder("bitwise_and_op",
                                            lambda a, b, n: pc.bit_wise_and(a, b), "&"))
register("bitwise_or_op")(_bitwise_builder("bitwise_or_op",
                                           lambda a, b, n: pc.bit_wise_or(a, b), "|"))
register("bitwise_xor_op")(_bitwise_builder("bitwise_xor_op",
                                            lambda a, b, n: pc.bit_wise_xor(a, b), "^"))


@register("bitwise_not", "~")
def _bitwise_not(args, distinct=False):
    check_args("~", args, 1)
    return _IntegralOp("~", list(args), lambda a, n: pc.bit_wise_not(a),
                       lambda ts: ts[0] if not isinstance(ts[0], NullType) else IntegerType(),
                       display=lambda ch: f"~{ch[0].sql()}")


def _bit_count_kernel(a, n):
    import numpy as np
    arr = as_array(a, n)
    width = arr.type.bit_width
    u = np.asarray(arr.fill_null(0).to_numpy(zero_copy_only=False)) \
        .astype({8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[width]) \
        .view({8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}[width])
    counts = np.zeros(len(u), dtype=np.int32)
    u = u.astype(np.uint64)
    for _ in range(width):
        counts += (u & np.uint64(1)).astype(np.int32)
        u = u >> np.uint64(1)
    out = pa.array(counts, mask=arr.is_null().to_numpy(zero_copy_only=False))
    return out[0] if isinstance(a, pa.Scalar) else out


@register("bit_count")
def _bit_count(args, distinct=False):
    check_args("bit_count", args, 1)

    class BitCount(ScalarFunction):
        def coerce(self):
            from .coercion import cast_to
            t = self.children[0].data_type
            if isinstance(t, BooleanType):
                return self.with_children([cast_to(self.children[0], IntegerType())])
            if not isinstance(t, (IntegralType, NullType)):
                raise type_error(self, 1, "(\"INTEGRAL\" or \"BOOLEAN\")", t)
            if isinstance(t, NullType):
                return self.with_children([cast_to(self.children[0], IntegerType())])
            return self
    return BitCount("bit_count", list(args), _bit_count_kernel, IntegerType())


@register("version")
def _version(args, distinct=False):
    return fn("version", [], lambda n: pa.scalar("4.1.0 rayspark", pa.string()), StringType(),
              nullable=False)


@register("current_database", "current_schema")
def _current_database(args, distinct=False):
    return fn("current_schema", [], lambda n: pa.scalar("default", pa.string()),
              StringType(), nullable=False)


@register("current_catalog")
def _current_catalog(args, distinct=False):
    return fn("current_catalog", [], lambda n: pa.scalar("spark_catalog", pa.string()),
              StringType(), nullable=False)


@register("current_user", "user", "session_user")
def _current_user(args, distinct=False):
    import getpass
    try:
        user = getpass.getuser()
    except Exception:  # pragma: no cover
        user = "unknown"
    return fn("current_user", [], lambda n: pa.scalar(user, pa.string()), StringType(),
              nullable=False)


@register("uuid")
def _uuid(args, distinct=False):
    import uuid

    def k(n):
        return pa.array([str(uuid.uuid4()) for _ in range(n)], pa.string())
    return fn("uuid", [], k, StringType(), nullable=False, deterministic=False)


@register("nvl2")
def _nvl2(args, distinct=False):
    check_args("nvl2", args, 3)
    from .conditional import If
    from .predicates import IsNotNull
    e = If(IsNotNull(args[0]), args[1], args[2])
    return _Renamed(e, lambda: f"nvl2({', '.join(a.sql() for a in args)})")


@register("equal_null")
def _equal_null(args, distinct=False):
    check_args("equal_null", args, 2)
    from .predicates import EqualNullSafe
    return _Renamed(EqualNullSafe(args[0], args[1]).coerce(),
                    lambda: f"equal_null({args[0].sql()}, {args[1].sql()})")


@register("zeroifnull")
def _zeroifnull(args, distinct=False):
    check_args("zeroifnull", args, 1)
    from .conditional import Coalesce
    from .literals import lit_expr
    return _Renamed(Coalesce([args[0], lit_expr(0)]).coerce(),
                    lambda: f"zeroifnull({args[0].sql()})")


@register("nullifzero")
def _nullifzero(args, distinct=False):
    check_args("nullifzero", args, 1)
    from .conditional import If
    from .literals import lit_expr
    from .predicates import EqualTo
    a = args[0]
    return _Renamed(If(EqualTo(a, lit_expr(0)).coerce(), Literal(None, a.data_type), a).coerce(),
                    lambda: f"nullifzero({a.sql()})")


class _Renamed(Expression):
    """Wraps a rewritten expression so it keeps the function's own display name."""

    def __init__(self, child, display):
        self.children = (child,)
        self.display = display

    @property
    def data_type(self):
        return self.children[0].data_type

    @property
    def nullable(self):
        return self.children[0].nullable

    def coerce(self):
        # the builder's expression has not been through coercion yet (the analyzer coerces
        # the node a builder returns, which is this wrapper)
        child = self.children[0].coerce()
        return self if child is self.children[0] else _Renamed(child, self.display)

    def eval(self, batch):
        return self.children[0].eval(batch)

    def sql(self):
        return self.display()

    def _fields_key(self):
        return (self.display(),)


Renamed = _Renamed
