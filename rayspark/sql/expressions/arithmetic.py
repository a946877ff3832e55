"""Arithmetic: + - * / div % pmod and unary minus, with Spark's result types (decimal
precision rules, ``/`` always fractional) and ANSI errors (overflow, division by zero)."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException, ArithmeticException
from ..types import (DataType, DateType, DecimalType, DoubleType, FloatType, IntegralType,
                     LongType, NullType, NumericType, StringType, DayTimeIntervalType)
from .base import Expression
from .coercion import (bounded_decimal, cast_to, decimal_for_integral, wider_type)
from .types_util import arrow_type

__all__ = ["BinaryOperator", "BinaryArithmetic", "Add", "Subtract", "Multiply", "Divide",
           "IntegralDivide", "Remainder", "Pmod", "UnaryMinus", "UnaryPositive", "Abs",
           "divide_by_zero", "overflow_error", "type_mismatch"]


def divide_by_zero():
    return ArithmeticException(
        "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
        "instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this "
        "error. SQLSTATE: 22012", "DIVIDE_BY_ZERO")


def overflow_error(hint: str):
    return ArithmeticException(
        f"{hint} overflow. Use 'try_{hint}' to tolerate overflow and return NULL instead. If "
        "necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. "
        "SQLSTATE: 22003", "ARITHMETIC_OVERFLOW")


def _overflow_plain():
    return ArithmeticException(
        "overflow. Use 'try_add' to tolerate overflow and return NULL instead. If necessary "
        "set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003",
        "ARITHMETIC_OVERFLOW")


def type_mismatch(expr: Expression, message: str, sub: str = "BINARY_OP_DIFF_TYPES"):
    return AnalysisException(
        f"[DATATYPE_MISMATCH.{sub}] Cannot resolve \"{expr.sql()}\" due to data type "
        f"mismatch: {message}.", f"DATATYPE_MISMATCH.{sub}")


class BinaryOperator(Expression):
    symbol = "?"

    def __init__(self, left: Expression, right: Expression):
        self.children = (left, right)

    @property
    def left(self):
        return self.children[0]

    @property
    def right(self):
        return self.children[1]

    def sql(self):
        return f"({self.left.sql()} {self.symbol} {self.right.sql()})"

    def tree_string(self):
        return f"({self.left.tree_string()} {self.symbol} {self.right.tree_string()})"


def _sql_type(dt: DataType) -> str:
    """Spark's DataType.sql: STRUCT<a: BIGINT, b: INT NOT NULL>, ARRAY<INT>, MAP<K, V>."""
    from ..types import ArrayType, MapType, StructType
    if isinstance(dt, StructType):
        import re
        fields = []
        for f in dt.fields:
            name = f.name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", f.name) else \
                "`" + f.name.replace("`", "``") + "`"
            fields.append(f"{name}: {_sql_type(f.dataType)}"
                          + ("" if f.nullable else " NOT NULL"))
        return "STRUCT<" + ", ".join(fields) + ">"
    if isinstance(dt, ArrayType):
        return f"ARRAY<{_sql_type(dt.elementType)}>"
    if isinstance(dt, MapType):
        return f"MAP<{_sql_type(dt.keyType)}, {_sql_type(dt.valueType)}>"
    return dt.simpleString().upper()


def _quoted_type(dt: DataType) -> str:
    return '"' + _sql_type(dt) + '"'


class BinaryArithmetic(BinaryOperator):
    kernel = ""
    try_mode = False

    @property
    def data_type(self):
        return self._result_type(self.left.data_type, self.right.data_type)

    def _result_type(self, l, r):
        return l if not isinstance(l, NullType) else r

    def coerce(self):
        l, r = self.left.data_type, self.right.data_type
        ok_l = isinstance(l, (NumericType, NullType, StringType))
        ok_r = isinstance(r, (NumericType, NullType, StringType))
        if not (ok_l and ok_r) or (isinstance(l, StringType) and isinstance(r, StringType)):
            if isinstance(l, StringType) and isinstance(r, StringType):
                t = DoubleType()
                return self.with_children([cast_to(self.left, t), cast_to(self.right, t)])
            bad = r if ok_l else l
            if ok_l or ok_r:
                raise type_mismatch(self, "the binary operator requires the input type "
                                    "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL "
                                    "YEAR TO MONTH\" or \"INTERVAL\"), not "
                                    f"{_quoted_type(bad)}", "BINARY_OP_WRONG_TYPE")
            if type(l) is not type(r):
                raise type_mismatch(self, f"the left and right operands of the binary operator "
                                    f"have incompatible types ({_quoted_type(l)} and "
                                    f"{_quoted_type(r)})")
            raise type_mismatch(self, f"the binary operator requires the input type "
                                f"\"NUMERIC\", not {_quoted_type(l)}", "BINARY_OP_WRONG_TYPE")
        if isinstance(l, NullType) and isinstance(r, NullType):
            t = DoubleType() if isinstance(self, Divide) else l
            return self.with_children([cast_to(self.left, t), cast_to(self.right, t)]) \
                if not isinstance(t, NullType) else self
        if isinstance(l, DecimalType) or isinstance(r, DecimalType):
            if isinstance(l, (FloatType, DoubleType)) or isinstance(r, (FloatType, DoubleType)) \
                    or isinstance(l, StringType) or isinstance(r, StringType):
                t = DoubleType()
                return self.with_children([cast_to(self.left, t), cast_to(self.right, t)])
            lt = l if isinstance(l, DecimalType) else (decimal_for_integral(l)
                                                       if isinstance(l, IntegralType) else l)
            rt = r if isinstance(r, DecimalType) else (decimal_for_integral(r)
                                                       if isinstance(r, IntegralType) else r)
            return self.with_children([cast_to(self.left, lt), cast_to(self.right, rt)])
        t = wider_type(l, r)
        if t is None:
            raise type_mismatch(self, f"the left and right operands of the binary operator have "
                                f"incompatible types ({_quoted_type(l)} and {_quoted_type(r)})")
        return self.with_children([cast_to(self.left, t), cast_to(self.right, t)])

    def _compute(self, a, b, dt):
        checked = isinstance(dt, IntegralType)
        fn = getattr(pc, self.kernel + ("_checked" if checked else ""))
        try:
            return fn(a, b)
        except pa.ArrowInvalid as e:
            if "overflow" in str(e).lower():
                if self.try_mode:
                    return self._rowwise_try(a, b)
                raise _overflow_for(self) from None
            raise

    def _rowwise_try(self, a, b):
        n = max(len(x) if not isinstance(x, pa.Scalar) else 1 for x in (a, b))
        la = a.to_pylist() if not isinstance(a, pa.Scalar) else [a.as_py()] * n
        lb = b.to_pylist() if not isinstance(b, pa.Scalar) else [b.as_py()] * n
        at = arrow_type(self.data_type)
        out = []
        fn = getattr(pc, self.kernel + "_checked")
        for x, y in zip(la, lb):
            try:
                out.append(fn(pa.scalar(x, at), pa.scalar(y, at)).as_py())
            except pa.ArrowInvalid:
                out.append(None)
        return pa.array(out, type=at)

    def eval(self, batch):
        dt = self.data_type
        a, b = self.left.eval(batch), self.right.eval(batch)
        at = arrow_type(dt)
        if isinstance(dt, DecimalType):
            out = self._compute(a, b, dt)
            return _fit_decimal(out, dt)
        if isinstance(a, pa.Scalar) and a.type == pa.null():
            a = pa.scalar(None, type=at)
        if isinstance(b, pa.Scalar) and b.type == pa.null():
            b = pa.scalar(None, type=at)
        return self._compute(a, b, dt)


def _overflow_for(expr):
    name = {"add": "add", "subtract": "subtract", "multiply": "multiply",
            "divide": "divide"}.get(expr.kernel, "add")
    return ArithmeticException(
        f"overflow. Use 'try_{name}' to tolerate overflow and return NULL instead. If "
        "necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. "
        "SQLSTATE: 22003", "ARITHMETIC_OVERFLOW")


def _fit_decimal(out, dt: DecimalType):
    at = arrow_type(dt)
    if isinstance(out, pa.Scalar):
        return pa.scalar(out.as_py(), type=out.type).cast(at) if out.is_valid else \
            pa.scalar(None, type=at)
    if out.type == at:
        return out
    try:
        return pc.cast(out, at, safe=False) if out.type.scale == dt.scale else \
            pc.cast(pc.round(out, dt.scale), at)
    except (pa.ArrowInvalid, AttributeError):
        import decimal
        q = decimal.Decimal(1).scaleb(-dt.scale)
        return pa.array([None if v is None else decimal.Decimal(v).quantize(
            q, rounding=decimal.ROUND_HALF_UP) for v in out.to_pylist()], type=at)


def _add_result_type(l, r):
    if isinstance(l, DecimalType) and isinstance(r, DecimalType):
        scale = max(l.scale, r.scale)
        return bounded_decimal(max(l.precision - l.scale, r.precision - r.scale) + scale + 1,
                               scale)
    return l if not isinstance(l, NullType) else r


class Add(BinaryArithmetic):
    symbol = "+"
    kernel = "add"

    def _result_type(self, l, r):
        return _add_result_type(l, r)

    def coerce(self):
        l, r = self.left.data_type, self.right.data_type
        if isinstance(l, DateType) and isinstance(r, IntegralType):
            from .datetime_functions import DateAdd
            return DateAdd(self.left, self.right).coerce()
        return super().coerce()


class Subtract(BinaryArithmetic):
    symbol = "-"
    kernel = "subtract"

    def _result_type(self, l, r):
        return _add_result_type(l, r)

    def coerce(self):
        l, r = self.left.data_type, self.right.data_type
        if isinstance(l, DateType) and isinstance(r, IntegralType):
            from .datetime_functions import DateAdd
            return DateAdd(self.left, UnaryMinus(self.right).coerce()).coerce()
        if isinstance(l, DateType) and isinstance(r, DateType):
            return DateSubtract(self.left, self.right)
        return super().coerce()


class Multiply(BinaryArithmetic):
    symbol = "*"
    kernel = "multiply"

    def _result_type(self, l, r):
        if isinstance(l, DecimalType) and isinstance(r, DecimalType):
            return bounded_decimal(l.precision + r.precision + 1, l.scale + r.scale)
        return super()._result_type(l, r)


def _zero_divisor(b) -> bool:
    if isinstance(b, pa.Scalar):
        return b.is_valid and b.as_py() == 0
    return bool(pc.any(pc.equal(b, pa.scalar(0, type=b.type) if not pa.types.is_decimal(b.type)
                                else pa.scalar(0).cast(b.type))).as_py() or False)


def _null_zero_divisors(b):
    if isinstance(b, pa.Scalar):
        return pa.scalar(None, type=b.type) if b.is_valid and b.as_py() == 0 else b
    zero = pc.equal(b, pa.scalar(0).cast(b.type))
    return pc.if_else(zero, pa.scalar(None, type=b.type), b)


class Divide(BinaryArithmetic):
    symbol = "/"
    kernel = "divide"

    def _result_type(self, l, r):
        if isinstance(l, DecimalType) and isinstance(r, DecimalType):
            scale = max(6, l.scale + r.precision + 1)
            precision = l.precision - l.scale + r.scale + scale
            return bounded_decimal(precision, scale)
        return DoubleType()

    def coerce(self):
        l, r = self.left.data_type, self.right.data_type
        if isinstance(l, DecimalType) or isinstance(r, DecimalType):
            return super().coerce()
        node = super().coerce()
        if isinstance(node, Divide):
            return node.with_children([cast_to(node.left, DoubleType()),
                                       cast_to(node.right, DoubleType())])
        return node

    def eval(self, batch):
        dt = self.data_type
        a, b = self.left.eval(batch), self.right.eval(batch)
        if _zero_divisor(b):
            if not self.try_mode:
                raise divide_by_zero()
            b = _null_zero_divisors(b)
        if isinstance(dt, DecimalType):
            import decimal
            ctx = decimal.Context(prec=60)
            q = decimal.Decimal(1).scaleb(-dt.scale)
            la = a.to_pylist() if not isinstance(a, pa.Scalar) else None
            lb = b.to_pylist() if not isinstance(b, pa.Scalar) else None
            n = len(la) if la is not None else (len(lb) if lb is not None else 1)
            la = la if la is not None else [a.as_py()] * n
            lb = lb if lb is not None else [b.as_py()] * n
            vals = [None if x is None or y is None else
                    ctx.divide(x, y).quantize(q, rounding=decimal.ROUND_HALF_UP)
                    for x, y in zip(la, lb)]
            out = pa.array(vals, type=arrow_type(dt))
            return out[0] if isinstance(a, pa.Scalar) and isinstance(b, pa.Scalar) else out
        return pc.divide(pc.cast(a, pa.float64()), pc.cast(b, pa.float64()))


class IntegralDivide(BinaryArithmetic):
    symbol = "div"
    kernel = "divide"

    @property
    def data_type(self):
        return LongType()

    def coerce(self):
        node = super().coerce()
        l, r = node.left.data_type, node.right.data_type
        if isinstance(l, (FloatType, DoubleType)) or isinstance(r, (FloatType, DoubleType)):
            raise type_mismatch(self, "the binary operator requires the input type "
                                "(\"INTEGRAL\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR "
                                "TO MONTH\"), not \"DOUBLE\"", "BINARY_OP_WRONG_TYPE")
        if isinstance(l, IntegralType):
            return node.with_children([cast_to(node.left, LongType()),
                                       cast_to(node.right, LongType())])
        return node

    def eval(self, batch):
        a, b = self.left.eval(batch), self.right.eval(batch)
        if _zero_divisor(b):
            if not self.try_mode:
                raise divide_by_zero()
            b = _null_zero_divisors(b)
        if pa.types.is_decimal(a.type):
            q = pc.divide(a, b)
            return pc.cast(pc.trunc(pc.cast(q, pa.float64())), pa.int64())
        # truncating division (Java semantics), not floor division
        return _trunc_div(a, b)


def _trunc_div(a, b):
    q = pc.divide_checked(a, b)   # arrow integer division truncates toward zero
    return pc.cast(q, pa.int64())


class Remainder(BinaryArithmetic):
    symbol = "%"
    kernel = "mod"

    def _result_type(self, l, r):
        if isinstance(l, DecimalType) and isinstance(r, DecimalType):
            scale = max(l.scale, r.scale)
            return bounded_decimal(min(l.precision - l.scale, r.precision - r.scale) + scale,
                                   scale)
        return super()._result_type(l, r)

    def eval(self, batch):
        a, b = self.left.eval(batch), self.right.eval(batch)
        if _zero_divisor(b):
            if not self.try_mode:
                raise divide_by_zero()
            b = _null_zero_divisors(b)
        return _java_mod(a, b, self.data_type)


def _java_mod(a, b, dt):
    """Remainder with the sign of the dividend (Java's %)."""
    at = arrow_type(dt)
    if isinstance(dt, (FloatType, DoubleType)):
        fa, fb = pc.cast(a, pa.float64()), pc.cast(b, pa.float64())
        q = pc.trunc(pc.divide(fa, fb))
        return pc.cast(pc.subtract(fa, pc.multiply(q, fb)), at)
    if isinstance(dt, DecimalType):
        import decimal
        la = a.to_pylist() if not isinstance(a, pa.Scalar) else None
        lb = b.to_pylist() if not isinstance(b, pa.Scalar) else None
        n = len(la) if la is not None else (len(lb) if lb is not None else 1)
        la = la if la is not None else [a.as_py()] * n
        lb = lb if lb is not None else [b.as_py()] * n
        return pa.array([None if x is None or y is None else decimal.Decimal(x) % decimal.Decimal(y)
                         for x, y in zip(la, lb)], type=at)
    q = pc.divide(a, b)            # truncates toward zero for integers
    return pc.cast(pc.subtract(a, pc.multiply(q, b)), at)


class Pmod(BinaryArithmetic):
    kernel = "mod"
    pretty_name = "pmod"

    def sql(self):
        return f"pmod({self.left.sql()}, {self.right.sql()})"

    def eval(self, batch):
        a, b = self.left.eval(batch), self.right.eval(batch)
        if _zero_divisor(b):
            raise divide_by_zero()
        dt = self.data_type
        r = _java_mod(a, b, dt)
        neg = pc.less(r, pa.scalar(0).cast(r.type) if not pa.types.is_decimal(r.type)
                      else pa.scalar(0).cast(r.type))
        return pc.if_else(neg, _java_mod(pc.add(r, b), b, dt), r)


class UnaryMinus(Expression):
    """``-x``: named ``negative(x)`` from the Column API and ``(- x)`` from SQL text."""

    def __init__(self, child: Expression, sql_style: bool = False):
        self.children = (child,)
        self.sql_style = sql_style

    @property
    def data_type(self):
        return self.children[0].data_type

    def coerce(self):
        dt = self.children[0].data_type
        if isinstance(dt, StringType):
            return UnaryMinus(cast_to(self.children[0], DoubleType()),
                              getattr(self, "sql_style", False))
        if not isinstance(dt, (NumericType, NullType, DayTimeIntervalType)):
            raise type_mismatch(self, f"the parameter requires the \"NUMERIC\" type, not "
                                f"{_quoted_type(dt)}", "UNEXPECTED_INPUT_TYPE")
        return self

    def eval(self, batch):
        v = self.children[0].eval(batch)
        try:
            return pc.negate_checked(v) if isinstance(self.data_type, IntegralType) \
                else pc.negate(v)
        except pa.ArrowInvalid:
            raise _overflow_plain() from None

    def sql(self):
        if getattr(self, "sql_style", False):
            return f"(- {self.children[0].sql()})"
        return f"negative({self.children[0].sql()})"

    def tree_string(self):
        return f"-{self.children[0].tree_string()}"


class UnaryPositive(Expression):
    def __init__(self, child: Expression):
        self.children = (child,)

    @property
    def data_type(self):
        return self.children[0].data_type

    def eval(self, batch):
        return self.children[0].eval(batch)

    def sql(self):
        return f"(+ {self.children[0].sql()})"


class Abs(UnaryMinus):
    def eval(self, batch):
        v = self.children[0].eval(batch)
        try:
            return pc.abs_checked(v) if isinstance(self.data_type, IntegralType) else pc.abs(v)
        except pa.ArrowInvalid:
            raise _overflow_plain() from None

    def sql(self):
        return f"abs({self.children[0].sql()})"

    def tree_string(self):
        return f"abs({self.children[0].tree_string()})"


class DateSubtract(BinaryOperator):
    """``date - date``: an INTERVAL DAY (Spark's SubtractDates), named ``(d1 - d2)``."""
    symbol = "-"

    @property
    def data_type(self):
        return DayTimeIntervalType(0, 0)

    def eval(self, batch):
        a, b = self.left.eval(batch), self.right.eval(batch)
        days = pc.subtract(pc.cast(a, pa.int32()), pc.cast(b, pa.int32()))
        micros = pc.multiply(pc.cast(days, pa.int64()), 86_400_000_000)
        return pc.cast(micros, pa.duration("us"))
