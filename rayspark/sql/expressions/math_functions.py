"""Math functions: round/bround (HALF_UP / HALF_EVEN on the decimal value Spark sees, i.e. the
shortest decimal representation of a double), floor/ceil (BIGINT for doubles), logarithms
(NULL for non-positive input), trigonometry, greatest/least, bit shifts, hex/conv/bin..."""
from __future__ import annotations

import decimal
import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (BinaryType, BooleanType, ByteType, DecimalType, DoubleType, FloatType,
                     IntegerType, IntegralType, LongType, NullType, NumericType, ShortType,
                     StringType)
from .base import Expression, Literal
from .coercion import bounded_decimal, cast_to, common_type
from .misc_functions import (as_array, check_args, fn, is_null_scalar, literal_arg, rowwise,
                             type_error)
from .scalar import ScalarFunction
from .types_util import arrow_type

D, L, I = DoubleType(), LongType(), IntegerType()


def _np(a, n, dtype=None):
    """(values, null mask) of an Arrow array/scalar as numpy."""
    arr = as_array(a, n)
    mask = np.asarray(arr.is_null().to_numpy(zero_copy_only=False))
    if arr.type == pa.null():
        vals = np.zeros(len(arr), dtype=dtype or np.float64)
    else:
        fill = 0 if not pa.types.is_floating(arr.type) else 0.0
        vals = np.asarray(pc.fill_null(arr, fill).to_numpy(zero_copy_only=False))
    if dtype is not None:
        vals = vals.astype(dtype)
    return vals, mask


from . import fdlibm as _fdlibm  # noqa: E402

_LOG_2 = float(_fdlibm.log(np.array([2.0]))[0])


def _out(vals, mask, at, scalar_like=None):
    out = pa.array(vals, type=at, mask=mask if mask.any() else None)
    if scalar_like is not None and isinstance(scalar_like, pa.Scalar):
        return out[0]
    return out


def _all_scalar(*a):
    return all(isinstance(x, pa.Scalar) for x in a)


# -- unary double functions ------------------------------------------------------------------
def _unary_double(name, f, display=None, null_below=None):
    def kernel(a, n):
        if isinstance(a, pa.Scalar):
            if not a.is_valid:
                return pa.scalar(None, pa.float64())
            res = kernel(pa.array([a.as_py()], pa.float64()), 1)
            return res[0]
        x, mask = _np(pc.cast(a, pa.float64()), n)
        with np.errstate(all="ignore"):
            y = f(x)
        if null_below is not None:
            mask = mask | (x <= null_below)
        return _out(y.astype(np.float64), mask, pa.float64())

    def build(args, distinct=False):
        check_args(name, args, 1)
        label = display or name.upper()
        return fn(name, args, kernel, D, [D],
                  display=lambda ch: f"{label}({ch[0].sql()})")
    return build


_UNARY = {
    # exp, expm1, sinh, cosh, tanh as Java's StrictMath (fdlibm), atanh as Spark's
    # 0.5 * (log1p(x) - log1p(-x)): the C library's differ in the last digit
    "sqrt": np.sqrt, "exp": _fdlibm.exp, "expm1": _fdlibm.expm1, "sin": np.sin,
    "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "sinh": _fdlibm.sinh, "cosh": _fdlibm.cosh, "tanh": _fdlibm.tanh, "asinh": np.arcsinh, "acosh": np.arccosh,
    "atanh": _fdlibm.atanh, "cbrt": _fdlibm.cbrt, "degrees": np.degrees, "radians": np.radians,
    "cot": lambda x: 1.0 / np.tan(x), "sec": lambda x: 1.0 / np.cos(x),
    "csc": lambda x: 1.0 / np.sin(x), "signum": np.sign,
}
for _name, _f in _UNARY.items():
    register(_name)(_unary_double(_name, _f))
register("sign")(_unary_double("sign", np.sign, display="sign"))
register("rint")(_unary_double("rint", np.rint, display="rint"))
# ln / log2 / log(base, x) / log10 use fdlibm's log and log10 (Java's StrictMath): the C
# library's differ in the last digit for a few percent of inputs. Spark's Log2 is
# log(x) / log(2).
register("ln")(_unary_double("ln", _fdlibm.log, display="ln", null_below=0.0))
register("log10")(_unary_double("log10", _fdlibm.log10, null_below=0.0))
register("log2")(_unary_double("log2", lambda x: _fdlibm.log(x) / _LOG_2, null_below=0.0))
register("log1p")(_unary_double("log1p", _fdlibm.log1p, null_below=-1.0))


def _log2_kernel(base, x, n):
    if _all_scalar(base, x):
        if not base.is_valid or not x.is_valid:
            return pa.scalar(None, pa.float64())
        b, v = base.as_py(), x.as_py()
        if b <= 0 or v <= 0:
            return pa.scalar(None, pa.float64())
        lv = float(_fdlibm.log(np.array([v]))[0])
        return pa.scalar(lv / float(_fdlibm.log(np.array([b]))[0]) if b != math.e else lv)
    b, mb = _np(pc.cast(as_array(base, n), pa.float64()), n)
    v, mv = _np(pc.cast(as_array(x, n), pa.float64()), n)
    with np.errstate(all="ignore"):
        lv = _fdlibm.log(v)
        y = np.where(b == math.e, lv, lv / _fdlibm.log(b))
    return _out(y, mb | mv | (b <= 0) | (v <= 0), pa.float64())


@register("log")
def _log(args, distinct=False):
    check_args("log", args, 1, 2)
    if len(args) == 1:
        return _unary_double("ln", _fdlibm.log, display="ln", null_below=0.0)(args)
    return fn("log", args, _log2_kernel, D, [D, D],
              display=lambda ch: f"LOG({ch[0].sql()}, {ch[1].sql()})")


def _binary_double(name, f, label):
    def kernel(a, b, n):
        if _all_scalar(a, b):
            if not a.is_valid or not b.is_valid:
                return pa.scalar(None, pa.float64())
            with np.errstate(all="ignore"):
                return pa.scalar(float(f(np.float64(a.as_py()), np.float64(b.as_py()))))
        x, mx = _np(pc.cast(as_array(a, n), pa.float64()), n)
        y, my = _np(pc.cast(as_array(b, n), pa.float64()), n)
        with np.errstate(all="ignore"):
            return _out(f(x, y).astype(np.float64), mx | my, pa.float64())

    def build(args, distinct=False):
        check_args(name, args, 2)
        return fn(name, args, kernel, D, [D, D],
                  display=lambda ch: f"{label}({ch[0].sql()}, {ch[1].sql()})")
    return build


register("pow")(_binary_double("pow", np.power, "POWER"))
register("power")(_binary_double("power", np.power, "POWER"))
register("atan2")(_binary_double("atan2", np.arctan2, "ATAN2"))
register("hypot")(_binary_double("hypot", np.hypot, "HYPOT"))


class _Constant(Expression):
    def __init__(self, name, value):
        self.label, self.value = name, value

    children = ()

    @property
    def data_type(self):
        return D

    @property
    def nullable(self):
        return False

    @property
    def foldable(self):
        return True

    def eval(self, batch):
        return pa.scalar(self.value, pa.float64())

    def sql(self):
        return f"{self.label}()"

    def _fields_key(self):
        return (self.label,)


@register("e")
def _e(args, distinct=False):
    check_args("e", args, 0)
    return _Constant("E", math.e)


@register("pi")
def _pi(args, distinct=False):
    check_args("pi", args, 0)
    return _Constant("PI", math.pi)


# -- rounding --------------------------------------------------------------------------------
def _round_doubles(x: np.ndarray, scale: int, half_even: bool) -> np.ndarray:
    """Spark's ``BigDecimal(x).setScale(scale, mode).toDouble`` where BigDecimal(x) is the
    shortest decimal text of x; vectorised, with an exact check only for values near a tie."""
    finite = np.isfinite(x)
    out = x.copy()
    if scale > 300:
        return out
    with np.errstate(all="ignore"):
        if scale >= 0:
            f = 10.0 ** scale
            y = x * f
        else:
            f = 10.0 ** (-scale)
            y = x / f
        big = np.abs(y) >= 2.0 ** 52
        fl = np.floor(y)
        frac = y - fl
        if half_even:
            r = np.where(frac > 0.5, fl + 1, np.where(frac < 0.5, fl,
                                                       np.where(np.mod(fl, 2) == 0, fl, fl + 1)))
        else:
            r = np.where(y >= 0, np.floor(y + 0.5), np.ceil(y - 0.5))
            r = np.where(np.abs(y - np.trunc(y)) == 0.5, np.trunc(y) + np.sign(y), r)
        res = r / f if scale >= 0 else r * f
        near = finite & ~big & (np.abs(np.abs(frac) - 0.5) < 1e-6)
    keep = ~finite | big
    out = np.where(keep, x, res)
    if near.any():
        mode = decimal.ROUND_HALF_EVEN if half_even else decimal.ROUND_HALF_UP
        q = decimal.Decimal(1).scaleb(-scale)
        for i in np.nonzero(near)[0]:
            v = decimal.Decimal(repr(float(x[i]))).quantize(q, rounding=mode) if scale >= 0 else \
                decimal.Decimal(repr(float(x[i]))).quantize(q, rounding=mode)
            out[i] = float(v)
    # keep the sign of zero results like Java (-0.0 for negative inputs rounding to 0)
    return np.where((out == 0) & (x < 0), -0.0, out) if not half_even else out


def _round_int(x: np.ndarray, scale: int, half_even: bool) -> np.ndarray:
    if scale >= 0:
        return x
    p = 10 ** (-scale)
    if p > 10 ** 18:
        return np.zeros_like(x)
    p = np.int64(p)
    xi = x.astype(np.int64)
    q, r = np.divmod(np.abs(xi), p)
    half = p // 2
    up = (r > half) | ((r == half) & ((q % 2 == 1) if half_even else True))
    q = q + up.astype(np.int64)
    return (np.sign(xi) * q * p).astype(x.dtype)


class Round(ScalarFunction):
    def __init__(self, name, children, half_even):
        super().__init__(name, children, None, None)
        self.half_even = half_even

    def _scale(self):
        v = literal_arg(self.children[1], "scale", self.sql())
        return 0 if v is None else int(v)

    @property
    def data_type(self):
        t = self.children[0].data_type
        if isinstance(t, DecimalType):
            s = self._scale()
            integral = t.precision - t.scale + 1
            if s < 0:
                return bounded_decimal(max(integral, -s + 1), 0)
            ns = min(t.scale, s)
            return bounded_decimal(integral + ns, ns)
        if isinstance(t, NullType):
            return D
        return t

    def coerce(self):
        t = self.children[0].data_type
        if isinstance(t, StringType):
            return self.with_children([cast_to(self.children[0], D),
                                       cast_to(self.children[1], I)])
        if not isinstance(t, (NumericType, NullType)):
            raise type_error(self, 1, "\"NUMERIC\"", t)
        if not self.children[1].foldable:
            literal_arg(self.children[1], "scale", self.sql())
        kids = [self.children[0] if not isinstance(t, NullType)
                else cast_to(self.children[0], D), cast_to(self.children[1], I)]
        return self.with_children(kids)

    def eval(self, batch):
        n = batch.num_rows
        a = self.children[0].eval(batch)
        scale = self._scale()
        dt = self.data_type
        at = arrow_type(dt)
        if is_null_scalar(a):
            return pa.scalar(None, at)
        arr = as_array(a, n)
        if isinstance(dt, DecimalType):
            src = self.children[0].data_type
            if scale >= src.scale:
                out = arr
            else:
                out = pc.round(arr, ndigits=scale,
                               round_mode="half_to_even" if self.half_even
                               else "half_towards_infinity")
            out = pc.cast(out, at, safe=False) if out.type != at else out
        elif pa.types.is_floating(arr.type):
            x, mask = _np(pc.cast(arr, pa.float64()), len(arr))
            out = _out(_round_doubles(x, scale, self.half_even), mask, pa.float64())
            if out.type != at:
                out = pc.cast(out, at)
        else:
            x, mask = _np(arr, len(arr))
            out = _out(_round_int(x, scale, self.half_even), mask, at)
        return out[0] if isinstance(a, pa.Scalar) else out

    def sql(self):
        return f"{self.fn_name}({self.children[0].sql()}, {self.children[1].sql()})"

    def _fields_key(self):
        return (self.fn_name,)


def _round_builder(name, half_even):
    def build(args, distinct=False):
        check_args(name, args, 1, 2)
        if len(args) == 1:
            args = list(args) + [Literal(0, I)]
        return Round(name, list(args), half_even)
    return build


register("round")(_round_builder("round", False))
register("bround")(_round_builder("bround", True))


class FloorCeil(ScalarFunction):
    def __init__(self, name, children, up, label):
        super().__init__(name, children, None, None)
        self.up, self.label = up, label

    @property
    def data_type(self):
        t = self.children[0].data_type
        if len(self.children) == 2:
            s = int(literal_arg(self.children[1], "scale", self.sql()) or 0)
            dt = _as_decimal(t)
            integral = dt.precision - dt.scale + 1
            if s < 0:
                return bounded_decimal(max(integral, -s + 1), 0)
            ns = min(dt.scale, s)
            return bounded_decimal(integral + ns, ns)
        if isinstance(t, DecimalType):
            return bounded_decimal(t.precision - t.scale + 1, 0)
        return L

    def coerce(self):
        t = self.children[0].data_type
        if isinstance(t, StringType):
            return self.with_children([cast_to(self.children[0], D)] + list(self.children[1:]))
        if not isinstance(t, (NumericType, NullType)):
            raise type_error(self, 1, "(\"DECIMAL\" or \"DOUBLE\" or \"BIGINT\")", t)
        kids = [self.children[0]]
        if isinstance(t, NullType):
            kids = [cast_to(self.children[0], D)]
        if len(self.children) == 2:
            kids.append(cast_to(self.children[1], I))
        return self.with_children(kids)

    def eval(self, batch):
        n = batch.num_rows
        a = self.children[0].eval(batch)
        dt = self.data_type
        at = arrow_type(dt)
        if is_null_scalar(a):
            return pa.scalar(None, at)
        arr = as_array(a, n)
        mode = "up" if self.up else "down"
        if isinstance(dt, DecimalType):
            if not pa.types.is_decimal(arr.type):
                src = _as_decimal(self.children[0].data_type)
                if pa.types.is_floating(arr.type):
                    arr = pa.array([None if v is None else decimal.Decimal(repr(v))
                                    for v in arr.to_pylist()], type=arrow_type(src))
                else:
                    arr = pc.cast(arr, arrow_type(src))
            s = dt.scale if len(self.children) == 2 else 0
            if len(self.children) == 2:
                s = int(literal_arg(self.children[1]))
            out = pc.round(arr, ndigits=s, round_mode=mode) if s < arr.type.scale else arr
            out = pc.cast(out, at, safe=False)
        elif pa.types.is_floating(arr.type):
            x, mask = _np(pc.cast(arr, pa.float64()), len(arr))
            y = np.ceil(x) if self.up else np.floor(x)
            y = np.where(np.isnan(y), 0, np.clip(y, -2.0 ** 63, 2.0 ** 63 - 1024))
            out = _out(y.astype(np.int64), mask, pa.int64())
        else:
            out = pc.cast(arr, pa.int64())
        return out[0] if isinstance(a, pa.Scalar) else out

    def sql(self):
        if len(self.children) == 1:
            return f"{self.label}({self.children[0].sql()})"
        return f"{self.fn_name}({self.children[0].sql()}, {self.children[1].sql()})"


def _as_decimal(t):
    if isinstance(t, DecimalType):
        return t
    if isinstance(t, (FloatType, DoubleType)):
        return DecimalType(30, 15)
    return {ByteType: DecimalType(3, 0), ShortType: DecimalType(5, 0),
            IntegerType: DecimalType(10, 0)}.get(type(t), DecimalType(20, 0))


def _floor_ceil_builder(name, up, label):
    def build(args, distinct=False):
        check_args(name, args, 1, 2)
        return FloorCeil(name, list(args), up, label)
    return build


register("floor")(_floor_ceil_builder("floor", False, "FLOOR"))
register("ceil")(_floor_ceil_builder("ceil", True, "CEIL"))
register("ceiling")(_floor_ceil_builder("ceiling", True, "ceiling"))


# -- greatest / least ------------------------------------------------------------------------
class _GreatestLeast(ScalarFunction):
    def __init__(self, name, children):
        super().__init__(name, children, None, None)

    @property
    def data_type(self):
        t = common_type(c.data_type for c in self.children)
        return t if t is not None and not isinstance(t, NullType) else \
            (t if t is not None else StringType())

    def coerce(self):
        if len(self.children) < 2:
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{self.fn_name}` requires > 1 "
                f"parameters but the actual number is {len(self.children)}. SQLSTATE: 42605",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
        t = common_type(c.data_type for c in self.children)
        if t is None:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{self.sql()}\" due to "
                f"data type mismatch: Input to `{self.fn_name}` should all be the same type, "
                f"but it's [{', '.join(c.data_type.simpleString() for c in self.children)}].",
                "DATATYPE_MISMATCH.DATA_DIFF_TYPES")
        if isinstance(t, NullType):
            return self
        return self.with_children([cast_to(c, t) for c in self.children])

    def eval(self, batch):
        n = batch.num_rows
        dt = self.data_type
        at = arrow_type(dt) if not isinstance(dt, NullType) else pa.null()
        vals = []
        for c in self.children:
            v = c.eval(batch)
            if isinstance(v, pa.Scalar) and v.type == pa.null():
                v = pa.scalar(None, at)
            vals.append(v)
        f = pc.max_element_wise if self.fn_name == "greatest" else pc.min_element_wise
        try:
            out = f(*vals, skip_nulls=True)
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            import builtins
            agg = builtins.max if self.fn_name == "greatest" else builtins.min

            def one(*xs):
                xs = [x for x in xs if x is not None]
                return agg(xs) if xs else None
            return rowwise(one, at, vals, n, null_safe=True)
        if pa.types.is_floating(at):
            # Spark orders NaN above every other value
            nan_any = None
            for v in vals:
                isn = pc.fill_null(pc.is_nan(v), False)
                nan_any = isn if nan_any is None else pc.or_(nan_any, isn)
            if self.fn_name == "greatest":
                out = pc.if_else(nan_any, pa.scalar(float("nan"), at), out)
        return out


@register("greatest")
def _greatest(args, distinct=False):
    return _GreatestLeast("greatest", list(args))


@register("least")
def _least(args, distinct=False):
    return _GreatestLeast("least", list(args))


# -- integers: factorial, shifts, hex/bin/conv -----------------------------------------------
_FACT = pa.array([math.factorial(i) for i in range(21)], pa.int64())


def _factorial_kernel(a, n):
    if isinstance(a, pa.Scalar):
        if not a.is_valid or not 0 <= a.as_py() <= 20:
            return pa.scalar(None, pa.int64())
        return pa.scalar(math.factorial(a.as_py()), pa.int64())
    ok = pc.and_(pc.greater_equal(a, 0), pc.less_equal(a, 20))
    idx = pc.if_else(ok, a, pa.scalar(None, a.type))
    return pc.take(_FACT, idx)


@register("factorial")
def _factorial(args, distinct=False):
    check_args("factorial", args, 1)
    return fn("factorial", args, _factorial_kernel, L, [I])


class _Shift(ScalarFunction):
    def __init__(self, name, children, kind):
        super().__init__(name, children, None, None)
        self.kind = kind

    @property
    def data_type(self):
        t = self.children[0].data_type
        return L if isinstance(t, LongType) else I

    def coerce(self):
        t = self.children[0].data_type
        if not isinstance(t, (IntegralType, NullType)):
            raise type_error(self, 1, "(\"INT\" or \"BIGINT\")", t)
        return self.with_children([cast_to(self.children[0], self.data_type),
                                   cast_to(self.children[1], I)])

    def eval(self, batch):
        n = batch.num_rows
        a, b = self.children[0].eval(batch), self.children[1].eval(batch)
        is_long = isinstance(self.data_type, LongType)
        dtype, utype, bits = (np.int64, np.uint64, 63) if is_long else (np.int32, np.uint32, 31)
        x, mx = _np(a, n, dtype)
        s, ms = _np(b, n, np.int64)
        s = (s & bits).astype(utype)
        if self.kind == "left":
            y = (x.view(utype) << s).view(dtype)
        elif self.kind == "right":
            y = x >> s.astype(dtype)
        else:
            y = (x.view(utype) >> s).view(dtype)
        out = _out(y, mx | ms, pa.int64() if is_long else pa.int32())
        return out[0] if _all_scalar(a, b) else out


for _n, _k in (("shiftleft", "left"), ("shiftright", "right"),
               ("shiftrightunsigned", "unsigned")):
    register(_n)((lambda nm, kd: lambda args, distinct=False: _Shift(nm, list(args), kd))(_n, _k))


def _hex_py(v):
    if isinstance(v, int):
        return format(v & 0xFFFFFFFFFFFFFFFF, "X")
    if isinstance(v, str):
        v = v.encode("utf-8")
    return bytes(v).hex().upper()


@register("hex")
def _hex(args, distinct=False):
    check_args("hex", args, 1)
    t = args[0].data_type
    it = L if isinstance(t, IntegralType) else (None if isinstance(t, (BinaryType, StringType))
                                                 else L)
    return fn("hex", args, lambda a, n: rowwise(_hex_py, pa.string(), [a], n), StringType(),
              [it])


def _unhex_py(s):
    if len(s) % 2:
        s = "0" + s
    try:
        return bytes.fromhex(s)
    except ValueError:
        return None


@register("unhex")
def _unhex(args, distinct=False):
    check_args("unhex", args, 1)
    return fn("unhex", args, lambda a, n: rowwise(_unhex_py, pa.binary(), [a], n), BinaryType(),
              [StringType()], nullable=True)


@register("bin")
def _bin(args, distinct=False):
    check_args("bin", args, 1)
    return fn("bin", args, lambda a, n: rowwise(lambda v: format(v & 0xFFFFFFFFFFFFFFFF, "b"),
                                                pa.string(), [a], n), StringType(), [L])


_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _conv_py(s, frm, to):
    if not (2 <= frm <= 36) or not (2 <= abs(to) <= 36):
        return None
    s = s.strip()
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    val = 0
    for ch in s.upper():
        d = _DIGITS.find(ch)
        if d < 0 or d >= frm:
            break
        val = val * frm + d
        if val >= 2 ** 64:
            val = 2 ** 64 - 1
            break
    if neg:
        val = (-val) & 0xFFFFFFFFFFFFFFFF if to > 0 else -val
    if to < 0 and val >= 2 ** 63:
        val -= 2 ** 64
    base = abs(to)
    sign = "-" if val < 0 else ""
    val = abs(val)
    out = ""
    while True:
        out = _DIGITS[val % base] + out
        val //= base
        if not val:
            break
    return sign + out


@register("conv")
def _conv(args, distinct=False):
    check_args("conv", args, 3)
    return fn("conv", args, lambda a, f, t, n: rowwise(_conv_py, pa.string(), [a, f, t], n),
              StringType(), [StringType(), I, I])


@register("positive")
def _positive(args, distinct=False):
    from .arithmetic import UnaryPositive
    check_args("positive", args, 1)
    return UnaryPositive(args[0])


def _width_bucket_py(v, lo, hi, nb):
    if nb <= 0 or lo == hi or any(isinstance(x, float) and math.isnan(x) for x in (v, lo, hi)):
        return None
    if lo < hi:
        if v < lo:
            return 0
        if v >= hi:
            return nb + 1
        return int((v - lo) * nb / (hi - lo)) + 1
    if v > lo:
        return 0
    if v <= hi:
        return nb + 1
    return int((lo - v) * nb / (lo - hi)) + 1


@register("width_bucket")
def _width_bucket(args, distinct=False):
    check_args("width_bucket", args, 4)
    return fn("width_bucket", args, lambda *a: rowwise(_width_bucket_py, pa.int64(),
                                                       list(a[:-1]), a[-1]),
              L, [D, D, D, L])


@register("try_mod")
def _try_mod(args, distinct=False):
    from .arithmetic import Remainder
    from .misc_functions import Renamed
    e = Remainder(*args)
    e.try_mode = True
    return Renamed(e, lambda: f"try_mod({', '.join(a.sql() for a in args)})")
