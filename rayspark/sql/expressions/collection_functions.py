"""Array, map and struct functions, and the higher-order functions (transform, filter,
exists, forall, aggregate, zip_with, transform_keys/values, map_filter, map_zip_with).

Higher-order functions stay vectorised: the lambda's body is evaluated once over the
flattened elements of every row (a ``LambdaVariable`` reads its column from a batch built of
the flattened values, with the row's other columns repeated alongside), then the results are
regrouped by the original list offsets. ``aggregate`` folds position by position, one kernel
call per element position rather than per element."""
from __future__ import annotations

import functools
import itertools
import random as _random
from typing import List, Optional, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (ArrayType, BooleanType, DataType, DateType, IntegerType, IntegralType,
                     LongType, MapType, NullType, StringType, StructField, StructType,
                     TimestampType)
from .base import Alias, Expression, Literal, materialize
from .coercion import cast_to, common_type
from .misc_functions import (ArrayIndexOutOfBoundsException, SparkRuntimeException, as_array,
                             check_args, fn, is_null_scalar, literal_arg, pylist, rowwise,
                             type_error)
from .scalar import ScalarFunction
from .types_util import arrow_type

__all__ = ["LambdaVariable", "LambdaFunction", "HigherOrderFunction", "lambda_function",
           "with_field", "drop_fields"]

I, L, B, S = IntegerType(), LongType(), BooleanType(), StringType()


def _require_array(expr, i=0):
    t = expr.children[i].data_type
    if not isinstance(t, (ArrayType, NullType)):
        raise type_error(expr, i + 1, "\"ARRAY\"", t)
    return t


def _elem(t):
    return t.elementType if isinstance(t, ArrayType) else NullType()


def _list_type(a):
    return a.type


def _arr(v, n, expr):
    if isinstance(v, pa.Scalar) and v.type == pa.null():
        return pa.nulls(n, arrow_type(expr.data_type) if not isinstance(expr.data_type, NullType)
                        else pa.null())
    return materialize(v, n)


# -- size, element access --------------------------------------------------------------------
def _size_kernel(a, n):
    if is_null_scalar(a):
        return pa.scalar(None, pa.int32())
    arr = as_array(a, n)
    out = pc.cast(_map_lengths(arr) if pa.types.is_map(arr.type)
                  else pc.list_value_length(arr), pa.int32())
    return out[0] if isinstance(a, pa.Scalar) else out


def _map_lengths(arr):
    offs = np.asarray(arr.offsets)
    lens = np.diff(offs).astype(np.int32)
    mask = np.asarray(arr.is_null().to_numpy(zero_copy_only=False))
    return pa.array(lens, mask=mask if mask.any() else None)


def _size_builder(name):
    def build(args, distinct=False):
        check_args(name, args, 1)
        t = args[0].data_type
        if not isinstance(t, (ArrayType, MapType, NullType)):
            e = fn(name, args, None, I)
            raise type_error(e, 1, "(\"ARRAY\" or \"MAP\")", t)
        return fn(name, args, _size_kernel, I)
    return build


for _n in ("size", "cardinality", "array_size"):
    register(_n)(_size_builder(_n))


class ElementAt(ScalarFunction):
    def __init__(self, name, children, mode):
        super().__init__(name, children, None, None)
        self.mode = mode    # "element_at" | "try" | "get"

    @property
    def data_type(self):
        t = self.children[0].data_type
        if isinstance(t, ArrayType):
            return t.elementType
        if isinstance(t, MapType):
            return t.valueType
        return NullType()

    @property
    def nullable(self):
        return True

    def coerce(self):
        t = self.children[0].data_type
        if isinstance(t, ArrayType):
            return self.with_children([self.children[0], cast_to(self.children[1], I)])
        if isinstance(t, MapType):
            return self.with_children([self.children[0], cast_to(self.children[1], t.keyType)])
        if isinstance(t, NullType):
            return self
        raise type_error(self, 1, "(\"ARRAY\" or \"MAP\")", t)

    def eval(self, batch):
        n = batch.num_rows
        a, k = self.children[0].eval(batch), self.children[1].eval(batch)
        at = arrow_type(self.data_type) if not isinstance(self.data_type, NullType) else pa.null()
        if is_null_scalar(a) or is_null_scalar(k):
            return pa.scalar(None, at)
        t = self.children[0].data_type
        if isinstance(t, MapType):
            def look(m, key):
                for kk, vv in m:
                    if kk == key:
                        return vv
                return None
            return rowwise(look, at, [a, k], n)
        mode = self.mode

        def one(lst, i):
            if mode == "get":
                return lst[i] if 0 <= i < len(lst) else None
            if i == 0:
                if mode == "try":
                    return None
                raise ArrayIndexOutOfBoundsException(
                    "The index 0 is invalid. An index shall be either < 0 or > 0 (the first "
                    "element has index 1). SQLSTATE: 22003", "INVALID_INDEX_OF_ZERO")
            j = i - 1 if i > 0 else len(lst) + i
            if 0 <= j < len(lst):
                return lst[j]
            if mode == "try":
                return None
            raise ArrayIndexOutOfBoundsException(
                f"The index {i} is out of bounds. The array has {len(lst)} elements. Use "
                "`try_element_at` to tolerate accessing element at invalid index and return "
                "NULL instead. SQLSTATE: 22003", "INVALID_ARRAY_INDEX_IN_ELEMENT_AT")
        if isinstance(k, pa.Scalar) and not isinstance(a, pa.Scalar):
            i = k.as_py()
            lens = pc.list_value_length(a)
            if mode == "get" or i > 0:
                pos = i if mode == "get" else i - 1
                if pos < 0:
                    return pa.nulls(n, at)
                ok = pc.fill_null(pc.greater(lens, pos), True)
                if not pc.all(ok).as_py():
                    if mode == "element_at":
                        bad = pc.index(ok, False).as_py()
                        one(a[bad].as_py(), i)
                    safe = pc.if_else(ok, a, pa.scalar(None, a.type))
                    return pc.list_element(safe, pos)
                return pc.list_element(a, pos)
        return rowwise(one, at, [a, k], n)


@register("element_at")
def _element_at(args, distinct=False):
    check_args("element_at", args, 2)
    return ElementAt("element_at", list(args), "element_at")


@register("try_element_at")
def _try_element_at(args, distinct=False):
    check_args("try_element_at", args, 2)
    return ElementAt("try_element_at", list(args), "try")


@register("get")
def _get(args, distinct=False):
    check_args("get", args, 2)
    return ElementAt("get", list(args), "get")


# -- element-wise array functions (Python lists per row where Arrow has no kernel) ------------
class _ArrayFn(ScalarFunction):
    """An array function computed per row on Python lists; ``rtype(child types)``;
    ``coerce_elem``: cast the extra value arguments to the array's element type."""

    def __init__(self, name, children, py, rtype, coerce_elem=False, null_safe=False,
                 same_arrays=False):
        super().__init__(name, children, None, rtype)
        self.py, self.coerce_elem, self.null_safe = py, coerce_elem, null_safe
        self.same_arrays = same_arrays

    def coerce(self):
        kids = list(self.children)
        t = kids[0].data_type
        if self.same_arrays:
            ct = common_type(k.data_type for k in kids)
            if ct is None or not all(isinstance(k.data_type, (ArrayType, NullType)) for k in kids):
                raise AnalysisException(
                    f"[DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES] Cannot resolve \"{self.sql()}\""
                    f" due to data type mismatch: Input to function `{self.fn_name}` should have "
                    "been two \"ARRAY\" with same element type, but it's "
                    f"[{', '.join(k.data_type.simpleString().upper() for k in kids)}].",
                    "DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES")
            return self.with_children([cast_to(k, ct) for k in kids])
        if not isinstance(t, (ArrayType, NullType)):
            raise type_error(self, 1, "\"ARRAY\"", t)
        if self.coerce_elem and isinstance(t, ArrayType):
            et = common_type([t.elementType, kids[1].data_type])
            if et is None:
                raise AnalysisException(
                    f"[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve "
                    f"\"{self.sql()}\" due to data type mismatch: Input to `{self.fn_name}` "
                    f"should have been \"ARRAY\" followed by a value with same element type, "
                    f"but it's [\"{t.simpleString().upper()}\", "
                    f"\"{kids[1].data_type.simpleString().upper()}\"].",
                    "DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES")
            kids = [cast_to(kids[0], ArrayType(et, t.containsNull)),
                    cast_to(kids[1], et)] + kids[2:]
        return self.with_children(kids)

    def eval(self, batch):
        n = batch.num_rows
        vals = [c.eval(batch) for c in self.children]
        dt = self.data_type
        at = arrow_type(dt) if not isinstance(dt, NullType) else pa.null()
        return rowwise(self.py, at, vals, n, null_safe=self.null_safe)


def _key(v):
    """Hashable stand-in for a value (NaN equal to NaN, lists/dicts by content)."""
    if isinstance(v, float) and v != v:
        return ("nan",)
    if isinstance(v, list):
        return tuple(_key(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _key(x)) for k, x in v.items()))
    return v


def _distinct(xs):
    seen, out = set(), []
    for x in xs:
        k = _key(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _contains_py(lst, v):
    found_null = False
    for x in lst:
        if x is None:
            found_null = True
        elif x == v:
            return True
    return None if found_null else False


def _array_contains_kernel(a, v, n):
    if is_null_scalar(a) or is_null_scalar(v):
        return pa.scalar(None, pa.bool_())
    if isinstance(v, pa.Scalar) and not isinstance(a, pa.Scalar):
        flat = pc.list_flatten(a)
        parents = np.asarray(pc.list_parent_indices(a))
        eq = pc.equal(flat, v)
        eqv = np.asarray(pc.fill_null(eq, False).to_numpy(zero_copy_only=False))
        nul = np.asarray(pc.is_null(flat).to_numpy(zero_copy_only=False))
        hit = np.bincount(parents[eqv], minlength=len(a)) > 0
        has_null = np.bincount(parents[nul], minlength=len(a)) > 0
        res = pa.array(hit)
        mask = (~hit & has_null) | np.asarray(a.is_null().to_numpy(zero_copy_only=False))
        return pa.array(hit, mask=mask if mask.any() else None)
    return rowwise(_contains_py, pa.bool_(), [a, v], n)


@register("array_contains")
def _array_contains(args, distinct=False):
    check_args("array_contains", args, 2)
    return _ContainsNode("array_contains", list(args), None, B, coerce_elem=True)


class _ContainsNode(_ArrayFn):
    def eval(self, batch):
        a, v = self.children[0].eval(batch), self.children[1].eval(batch)
        return _array_contains_kernel(a, v, batch.num_rows)


def _position_py(lst, v):
    for i, x in enumerate(lst):
        if x is not None and x == v:
            return i + 1
    return 0


def _elem_rtype(ts):
    return ts[0]


_SIMPLE = {
    "array_distinct": (lambda xs: _distinct(xs), _elem_rtype, False),
    "array_max": (lambda xs: max((x for x in xs if x is not None and x == x), default=None)
                  if not any(isinstance(x, float) and x != x for x in xs)
                  else float("nan"), lambda ts: _elem(ts[0]), False),
    "array_min": (lambda xs: min((x for x in xs if x is not None and x == x), default=None),
                  lambda ts: _elem(ts[0]), False),
    "array_compact": (lambda xs: [x for x in xs if x is not None], _elem_rtype, False),
    "shuffle": (lambda xs: _random.sample(xs, len(xs)), _elem_rtype, False),
}
for _n, (_py, _rt, _ce) in _SIMPLE.items():
    register(_n)((lambda nm, p, rt: lambda args, distinct=False: _ArrayFn(
        nm, list(args[:1]), p, rt))(_n, _py, _rt))


@register("array_position")
def _array_position(args, distinct=False):
    check_args("array_position", args, 2)
    return _ArrayFn("array_position", list(args), _position_py, L, coerce_elem=True)


@register("array_remove")
def _array_remove(args, distinct=False):
    check_args("array_remove", args, 2)
    return _ArrayFn("array_remove", list(args),
                    lambda xs, v: [x for x in xs if x is None or x != v], _elem_rtype,
                    coerce_elem=True)


@register("array_append")
def _array_append(args, distinct=False):
    check_args("array_append", args, 2)
    return _ArrayFn("array_append", list(args),
                    lambda xs, v: None if xs is None else xs + [v],
                    lambda ts: ArrayType(_elem(ts[0]), True), coerce_elem=True, null_safe=True)


@register("array_prepend")
def _array_prepend(args, distinct=False):
    check_args("array_prepend", args, 2)
    return _ArrayFn("array_prepend", list(args),
                    lambda xs, v: None if xs is None else [v] + xs,
                    lambda ts: ArrayType(_elem(ts[0]), True), coerce_elem=True, null_safe=True)


def _insert_py(xs, pos, v):
    if xs is None or pos is None:
        return None
    if pos == 0:
        raise SparkRuntimeException(
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or "
            "> 0 (the first element has index 1). SQLSTATE: 22003", "INVALID_INDEX_OF_ZERO")
    xs = list(xs)
    if pos > 0:
        if pos - 1 > len(xs):
            xs += [None] * (pos - 1 - len(xs))
        xs.insert(pos - 1, v)
    else:
        j = len(xs) + pos + 1
        if j < 0:
            xs = [v] + [None] * (-j) + xs
        else:
            xs.insert(j, v)
    return xs


class _InsertFn(_ArrayFn):
    def coerce(self):
        t = self.children[0].data_type
        et = common_type([_elem(t), self.children[2].data_type])
        return self.with_children([cast_to(self.children[0], ArrayType(et, True)),
                                   cast_to(self.children[1], I), cast_to(self.children[2], et)])


@register("array_insert")
def _array_insert(args, distinct=False):
    check_args("array_insert", args, 3)
    return _InsertFn("array_insert", list(args), _insert_py,
                     lambda ts: ArrayType(_elem(ts[0]), True), null_safe=True)


def _set_op(name, py):
    def build(args, distinct=False):
        check_args(name, args, 2)
        return _ArrayFn(name, list(args), py, _elem_rtype, same_arrays=True)
    return build


register("array_union")(_set_op("array_union", lambda a, b: _distinct(a + b)))
register("array_intersect")(_set_op("array_intersect", lambda a, b: _distinct(
    [x for x in a if _key(x) in {_key(y) for y in b}])))
register("array_except")(_set_op("array_except", lambda a, b: _distinct(
    [x for x in a if _key(x) not in {_key(y) for y in b}])))


def _overlap_py(a, b):
    sb = {_key(y) for y in b if y is not None}
    if any(x is not None and _key(x) in sb for x in a):
        return True
    if a and b and (None in a or None in b):
        return None
    return False


@register("arrays_overlap")
def _arrays_overlap(args, distinct=False):
    check_args("arrays_overlap", args, 2)
    return _ArrayFn("arrays_overlap", list(args), _overlap_py, B, same_arrays=True)


def _java_str(v):
    from .string_functions import _java_str as js
    return js(v)


@register("array_join")
def _array_join(args, distinct=False):
    check_args("array_join", args, 2, 3)

    def py(xs, sep, rep=None):
        if xs is None or sep is None:
            return None
        parts = [(_java_str(x) if x is not None else rep) for x in xs]
        return sep.join(p for p in parts if p is not None)

    class _Join(_ArrayFn):
        def coerce(self):
            t = self.children[0].data_type
            if not isinstance(t, (ArrayType, NullType)):
                raise type_error(self, 1, "\"ARRAY\"", t)
            kids = [cast_to(self.children[0], ArrayType(S, True))] + \
                [cast_to(c, S) for c in self.children[1:]]
            return self.with_children(kids)

        def eval(self, batch):
            n = batch.num_rows
            vals = [c.eval(batch) for c in self.children]
            if len(vals) == 3 and is_null_scalar(vals[2]):
                return pa.scalar(None, pa.string())
            return rowwise(py, pa.string(), vals, n, null_safe=True)
    return _Join("array_join", list(args), py, S)


@register("array_repeat")
def _array_repeat(args, distinct=False):
    check_args("array_repeat", args, 2)

    class _Repeat(ScalarFunction):
        @property
        def data_type(self):
            return ArrayType(self.children[0].data_type, True)

        def coerce(self):
            return self.with_children([self.children[0], cast_to(self.children[1], I)])

        def eval(self, batch):
            n = batch.num_rows
            v, k = self.children[0].eval(batch), self.children[1].eval(batch)
            return rowwise(lambda x, c: None if c is None else [x] * max(0, c),
                           arrow_type(self.data_type), [v, k], n, null_safe=True)
    return _Repeat("array_repeat", list(args), None, None)


def _sort_key(asc):
    def key(x):
        return (0 if x is None else 1, x) if x is None else (1, x)
    return key


def _sort_py(xs, asc=True, nulls_first=None):
    if nulls_first is None:
        nulls_first = asc
    vals = sorted((x for x in xs if x is not None), key=lambda x: (
        isinstance(x, float) and x != x, x if not (isinstance(x, float) and x != x) else 0),
        reverse=not asc)
    nulls = [None] * (len(xs) - len(vals))
    return nulls + vals if nulls_first else vals + nulls


@register("sort_array")
def _sort_array(args, distinct=False):
    check_args("sort_array", args, 1, 2)
    if len(args) == 1:
        args = list(args) + [Literal(True, B)]
    return _ArrayFn("sort_array", list(args), lambda xs, asc: _sort_py(xs, asc), _elem_rtype)


@register("array_sort")
def _array_sort(args, distinct=False):
    check_args("array_sort", args, 1, 2)
    if len(args) == 2:
        return HigherOrderFunction("array_sort", [args[0]], [args[1]])
    e = _ArrayFn("array_sort", list(args), lambda xs: _sort_py(xs, True, False), _elem_rtype)
    e.display = lambda ch: f"array_sort({ch[0].sql()}, {_DEFAULT_CMP})"
    return e


_V = "namedlambdavariable()"
_DEFAULT_CMP = (f"lambdafunction((IF((({_V} IS NULL) AND ({_V} IS NULL)), 0, (IF(({_V} IS NULL), "
                f"1, (IF(({_V} IS NULL), -1, (IF(({_V} < {_V}), -1, (IF(({_V} > {_V}), 1, 0))"
                f")))))))), {_V}, {_V})")


def _reverse_builder(args, distinct=False):
    check_args("reverse", args, 1)
    t = args[0].data_type
    if isinstance(t, ArrayType):
        return _ArrayFn("reverse", list(args), lambda xs: xs[::-1], _elem_rtype)
    if type(t).__name__ == "BinaryType":
        # bytes reversed (a string's reverse would decode them as UTF-8 first)
        return fn("reverse", args, lambda a, n: pc.binary_reverse(a), t, [t])
    return fn("reverse", args, lambda a, n: pc.utf8_reverse(a), S, [S])


register("reverse")(_reverse_builder)


@register("flatten")
def _flatten(args, distinct=False):
    check_args("flatten", args, 1)

    def py(xss):
        if any(x is None for x in xss):
            return None
        return [y for x in xss for y in x]
    return _ArrayFn("flatten", list(args), py, lambda ts: _elem(ts[0]))


@register("slice")
def _slice(args, distinct=False):
    check_args("slice", args, 3)

    def py(xs, start, length):
        if start == 0:
            raise SparkRuntimeException(
                "[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` "
                "is invalid: Expects a positive or a negative value for `start`, but got 0. "
                "SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.START")
        if length < 0:
            raise SparkRuntimeException(
                "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in "
                f"`slice` is invalid: Expects `length` greater than or equal to 0, but got "
                f"{length}. SQLSTATE: 22023", "INVALID_PARAMETER_VALUE.LENGTH")
        i = start - 1 if start > 0 else len(xs) + start
        if i < 0:
            return []
        return xs[i:i + length]

    class _Slice(_ArrayFn):
        def coerce(self):
            return self.with_children([self.children[0], cast_to(self.children[1], I),
                                       cast_to(self.children[2], I)])
    return _Slice("slice", list(args), py, _elem_rtype)


class _Sequence(ScalarFunction):
    @property
    def data_type(self):
        return ArrayType(self.children[0].data_type, False)

    def coerce(self):
        a, b = self.children[0].data_type, self.children[1].data_type
        if isinstance(a, (DateType, TimestampType)):
            return self
        t = common_type([a, b])
        if not isinstance(t, IntegralType):
            raise type_error(self, 1, "(\"INTEGRAL\" or \"DATE\" or \"TIMESTAMP\")", a)
        kids = [cast_to(self.children[0], t), cast_to(self.children[1], t)]
        if len(self.children) == 3:
            kids.append(cast_to(self.children[2], t))
        return self.with_children(kids)

    def eval(self, batch):
        import datetime as _dt
        n = batch.num_rows
        vals = [c.eval(batch) for c in self.children]
        is_date = isinstance(self.children[0].data_type, DateType)

        def py(start, stop, step=None):
            if is_date:
                if step is None:
                    step = 1 if stop >= start else -1
                elif isinstance(step, _dt.timedelta):
                    step = step.days
                s0, s1 = start.toordinal(), stop.toordinal()
                return [_dt.date.fromordinal(d) for d in _range(s0, s1, step)]
            if step is None:
                step = 1 if stop >= start else -1
            return list(_range(start, stop, step))
        return rowwise(py, arrow_type(self.data_type), vals, n)


def _range(start, stop, step):
    if step == 0 or (step > 0 and start > stop) or (step < 0 and start < stop):
        if start == stop:
            return [start]
        raise SparkRuntimeException(
            f"[ILLEGAL_SEQUENCE_BOUNDARY] Illegal sequence boundaries: {start} to {stop} by "
            f"{step}. SQLSTATE: 22023", "ILLEGAL_SEQUENCE_BOUNDARY")
    return range(start, stop + (1 if step > 0 else -1), step)


@register("sequence")
def _sequence(args, distinct=False):
    check_args("sequence", args, 2, 3)
    return _Sequence("sequence", list(args), None, None)


class _ArraysZip(ScalarFunction):
    def _names(self):
        out = []
        for i, c in enumerate(self.children):
            if type(c).__name__ in ("AttributeReference", "BoundReference", "GetStructField") \
                    or isinstance(c, Alias):
                out.append(c.name if not type(c).__name__ == "BoundReference" else c.attr.name)
            else:
                out.append(str(i))
        return out

    @property
    def data_type(self):
        return ArrayType(StructType([StructField(nm, _elem(c.data_type), True)
                                     for nm, c in zip(self._names(), self.children)]), False)

    def eval(self, batch):
        n = batch.num_rows
        vals = [c.eval(batch) for c in self.children]
        names = self._names()

        def py(*xss):
            if any(x is None for x in xss):
                return None
            m = max((len(x) for x in xss), default=0)
            return [{nm: (x[i] if i < len(x) else None) for nm, x in zip(names, xss)}
                    for i in range(m)]
        return rowwise(py, arrow_type(self.data_type), vals, n, null_safe=True)


@register("arrays_zip")
def _arrays_zip(args, distinct=False):
    return _ArraysZip("arrays_zip", list(args), None, None)


# -- maps ------------------------------------------------------------------------------------
def _require_map(expr, i=0):
    t = expr.children[i].data_type
    if not isinstance(t, (MapType, NullType)):
        raise type_error(expr, i + 1, "\"MAP\"", t)
    return t


def _map_part(name, part):
    def build(args, distinct=False):
        check_args(name, args, 1)

        def rtype(ts):
            t = ts[0]
            if not isinstance(t, MapType):
                return ArrayType(NullType(), True)
            # an element of the null type is always nullable (Spark's map() gives
            # array<void> elements that may be NULL, and Arrow needs them so)
            if part == "keys":
                return ArrayType(t.keyType, isinstance(t.keyType, NullType))
            if part == "values":
                return ArrayType(t.valueType, t.valueContainsNull or
                                 isinstance(t.valueType, NullType))
            return ArrayType(StructType([StructField("key", t.keyType, False),
                                         StructField("value", t.valueType,
                                                     t.valueContainsNull)]), False)

        def kernel(a, n):
            if is_null_scalar(a):
                return pa.scalar(None, arrow_type(rtype([args[0].data_type])))
            arr = as_array(a, n)
            if arr.offset:
                arr = pa.concat_arrays([arr])
            child = {"keys": arr.keys, "values": arr.items}.get(part)
            at = arrow_type(rtype([args[0].data_type]))
            if child is None:
                keys = arr.keys
                if pa.types.is_null(at.value_type.field("key").type):
                    keys = pa.nulls(len(keys))          # map<void, ...>: no entries anyway
                child = pa.StructArray.from_arrays([keys, arr.items],
                                                   fields=list(at.value_type))
            elif pa.types.is_null(at.value_type):
                child = pa.nulls(len(child))            # keys standing in for map<void, ...>
            out = pa.ListArray.from_arrays(arr.offsets, child.cast(at.value_type),
                                           mask=arr.is_null())
            return out[0] if isinstance(a, pa.Scalar) else out
        e = fn(name, args, kernel, rtype)
        _require_map(e)
        return e
    return build


register("map_keys")(_map_part("map_keys", "keys"))
register("map_values")(_map_part("map_values", "values"))
register("map_entries")(_map_part("map_entries", "entries"))


def _dup_key(k):
    return SparkRuntimeException(
        f"[DUPLICATED_MAP_KEY] Duplicate map key {k} was found, please check the input data.\n"
        "If you want to remove the duplicated keys, you can set "
        "\"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key inserted at last "
        "takes precedence. SQLSTATE: 23505", "DUPLICATED_MAP_KEY")


def map_key_dedup_last_win() -> bool:
    """``spark.sql.mapKeyDedupPolicy`` of the active session is LAST_WIN (read on the driver
    when a map-building expression is made; the default, EXCEPTION, fails on a duplicate)."""
    from ..session import SparkSession
    session = SparkSession.getActiveSession()
    if session is None:
        return False
    try:
        policy = session.conf.get("spark.sql.mapKeyDedupPolicy", "EXCEPTION")
    except Exception:  # pragma: no cover - a session without a runtime conf
        return False
    return str(policy).upper() == "LAST_WIN"


def _build_map(pairs, last_win=False):
    """Spark's ArrayBasedMapBuilder: NULL keys fail; a duplicate key fails, or under LAST_WIN
    replaces the value where the key first appeared."""
    seen, out = {}, []
    for k, v in pairs:
        if k is None:
            raise SparkRuntimeException("[NULL_MAP_KEY] Cannot use null as map key. "
                                        "SQLSTATE: 2200E", "NULL_MAP_KEY")
        kk = _key(k)
        if kk in seen:
            if not last_win:
                raise _dup_key(k)
            out[seen[kk]] = (out[seen[kk]][0], v)
            continue
        seen[kk] = len(out)
        out.append((k, v))
    return out


class _MapFn(ScalarFunction):
    def __init__(self, name, children, py, rtype, null_safe=False, coerce_fn=None):
        super().__init__(name, children, None, rtype)
        self.py, self.null_safe, self.coerce_fn = py, null_safe, coerce_fn

    def coerce(self):
        return self.coerce_fn(self) if self.coerce_fn else self

    def eval(self, batch):
        n = batch.num_rows
        vals = [c.eval(batch) for c in self.children]
        return rowwise(self.py, arrow_type(self.data_type), vals, n, null_safe=self.null_safe)


@register("map_from_arrays")
def _map_from_arrays(args, distinct=False):
    check_args("map_from_arrays", args, 2)

    last_win = map_key_dedup_last_win()

    def py(ks, vs):
        if len(ks) != len(vs):
            raise SparkRuntimeException(
                "[INVALID_PARAMETER_VALUE] The key array and value array of MapData must have "
                "the same length.", "INVALID_PARAMETER_VALUE")
        return _build_map(zip(ks, vs), last_win)
    return _MapFn("map_from_arrays", list(args), py,
                  lambda ts: MapType(_elem(ts[0]), _elem(ts[1]), True))


@register("map_from_entries")
def _map_from_entries(args, distinct=False):
    check_args("map_from_entries", args, 1)

    def rtype(ts):
        st = _elem(ts[0])
        return MapType(st.fields[0].dataType, st.fields[1].dataType, True)

    last_win = map_key_dedup_last_win()

    def py(entries):
        if any(e is None for e in entries):
            return None
        return _build_map(((tuple(e.values())[0], tuple(e.values())[1]) for e in entries),
                          last_win)
    return _MapFn("map_from_entries", list(args), py, rtype)


@register("map_concat")
def _map_concat(args, distinct=False):
    def rtype(ts):
        ct = common_type(ts)
        return ct if ct is not None and not isinstance(ct, NullType) else MapType(S, S, True)

    def coerce(e):
        t = e.data_type
        return e.with_children([cast_to(c, t) for c in e.children])

    last_win = map_key_dedup_last_win()

    def py(*ms):
        if any(m is None for m in ms):
            return None
        return _build_map(itertools.chain.from_iterable(ms), last_win)
    return _MapFn("map_concat", list(args), py, rtype, null_safe=True, coerce_fn=coerce)


@register("map_contains_key")
def _map_contains_key(args, distinct=False):
    check_args("map_contains_key", args, 2)

    def coerce(e):
        t = e.children[0].data_type
        if isinstance(t, MapType):
            return e.with_children([e.children[0], cast_to(e.children[1], t.keyType)])
        return e
    return _MapFn("map_contains_key", list(args), lambda m, k: any(kk == k for kk, _ in m), B,
                  coerce_fn=coerce)


@register("str_to_map")
def _str_to_map(args, distinct=False):
    check_args("str_to_map", args, 1, 3)
    args = list(args) + [Literal(",", S), Literal(":", S)][len(args) - 1:]

    last_win = map_key_dedup_last_win()

    def py(text, pd, kd):
        import re
        pairs = []
        for item in re.split(pd, text) if len(pd) > 1 else text.split(pd):
            k, sep, v = item.partition(kd) if len(kd) == 1 else _re_partition(item, kd)
            pairs.append((k, v if sep else None))
        return _build_map(pairs, last_win)

    def coerce(e):
        return e.with_children([cast_to(c, S) for c in e.children])
    return _MapFn("str_to_map", args, py, MapType(S, S, True), coerce_fn=coerce)


def _re_partition(s, pattern):
    import re
    m = re.search(pattern, s)
    if not m:
        return s, "", ""
    return s[:m.start()], m.group(0), s[m.end():]


# -- structs ---------------------------------------------------------------------------------
@register("named_struct")
def _named_struct(args, distinct=False):
    from .complex import CreateStruct
    if len(args) % 2:
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `named_struct` requires 2n (n > 0) "
            f"parameters but the actual number is {len(args)}. SQLSTATE: 42605",
            "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    names = [str(literal_arg(a, "name")) for a in args[0::2]]
    e = CreateStruct(list(args[1::2]), names)
    from .misc_functions import Renamed
    return Renamed(e, lambda: f"named_struct({', '.join(a.sql() for a in args)})")


class UpdateFields(Expression):
    """``Column.withField`` / ``dropFields``: rebuild a struct with a field added/replaced
    or removed (nested paths ``a.b.c`` update inner structs)."""

    def __init__(self, struct, ops, values):
        # ops: list of ("with", path) / ("drop", path); values: expressions of the "with" ops
        self.children = (struct,) + tuple(values)
        self.ops = list(ops)

    @property
    def resolved(self):
        return all(c.resolved for c in self.children)

    def _plan(self):
        st = self.children[0].data_type
        if not isinstance(st, StructType):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{self.sql()}\" due "
                f"to data type mismatch: Parameter 1 requires the \"STRUCT\" type, however "
                f"\"{self.children[0].sql()}\" has the type "
                f"\"{st.simpleString().upper()}\".", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
        # tree of field -> ("orig", index) | ("value", child index) | ("nested", subtree)
        fields = [[f.name, ("orig", i, f.dataType)] for i, f in enumerate(st.fields)]
        vi = 1
        for kind, path in self.ops:
            parts = path.split(".")
            if kind == "with":
                _apply_with(fields, parts, ("value", vi, self.children[vi].data_type))
                vi += 1
            else:
                _apply_drop(fields, parts, path)
        return fields

    @property
    def data_type(self):
        return _fields_type(self._plan())

    @property
    def nullable(self):
        return self.children[0].nullable

    def eval(self, batch):
        n = batch.num_rows
        base = materialize(self.children[0].eval(batch), n)
        vals = [materialize(c.eval(batch), n) for c in self.children[1:]]
        return _build_struct(self._plan(), base, vals, arrow_type(self.data_type))

    def sql(self):
        parts = []
        for kind, path in self.ops:
            parts.append("WithField(...)" if kind == "with" else "dropfield()")
        if all(k == "with" for k, _ in self.ops):
            parts = [f"WithField({c.sql()})" for c in self.children[1:]]
        return f"update_fields({self.children[0].sql()}, {', '.join(parts)})"

    def _fields_key(self):
        return tuple(self.ops)


def _apply_with(fields, parts, leaf):
    for f in fields:
        if f[0] == parts[0]:
            if len(parts) == 1:
                f[1] = leaf
            else:
                sub = _expand(f)
                _apply_with(sub, parts[1:], leaf)
                _nest(f, sub)
            return
    if len(parts) == 1:
        fields.append([parts[0], leaf])
    else:
        raise AnalysisException(f"[FIELD_NOT_FOUND] No such struct field `{parts[0]}`.",
                                "FIELD_NOT_FOUND")


def _nest(f, sub):
    """Mark field ``f`` as rebuilt from ``sub`` (a second path into the same struct edits the
    same ``sub``, keeping the field's original source)."""
    if f[1][0] != "nested":
        f[1] = ("nested", f[1], sub)


def _expand(f):
    node = f[1]
    if node[0] == "nested":
        return node[2]
    dt = node[2]
    if not isinstance(dt, StructType):
        raise AnalysisException(
            f"[FIELD_NOT_FOUND] No such struct field `{f[0]}`.", "FIELD_NOT_FOUND")
    return [[sf.name, ("orig", i, sf.dataType)] for i, sf in enumerate(dt.fields)]


def _apply_drop(fields, parts, path):
    for i, f in enumerate(fields):
        if f[0] == parts[0]:
            if len(parts) == 1:
                del fields[i]
            else:
                sub = _expand(f)
                _apply_drop(sub, parts[1:], path)
                _nest(f, sub)
            return


def _fields_type(fields):
    out = []
    for name, node in fields:
        if node[0] == "nested":
            out.append(StructField(name, _fields_type(node[2]), True))
        else:
            out.append(StructField(name, node[2], True))
    return StructType(out)


def _build_struct(fields, base, vals, at):
    arrays = []
    for (name, node), f in zip(fields, at):
        if node[0] == "orig":
            arrays.append(pc.struct_field(base, [node[1]]))
        elif node[0] == "value":
            v = vals[node[1] - 1]
            arrays.append(v.cast(f.type) if v.type != f.type else v)
        else:
            inner_base = pc.struct_field(base, [node[1][1]]) if node[1][0] == "orig" else \
                vals[node[1][1] - 1]
            arrays.append(_build_struct(node[2], inner_base, vals, f.type))
    return pa.StructArray.from_arrays(arrays, fields=list(at), mask=base.is_null())


def with_field(struct_expr, name, value):
    if isinstance(struct_expr, UpdateFields):
        return UpdateFields(struct_expr.children[0], struct_expr.ops + [("with", name)],
                            list(struct_expr.children[1:]) + [value])
    return UpdateFields(struct_expr, [("with", name)], [value])


def drop_fields(struct_expr, names):
    if isinstance(struct_expr, UpdateFields):
        return UpdateFields(struct_expr.children[0],
                            struct_expr.ops + [("drop", n) for n in names],
                            list(struct_expr.children[1:]))
    return UpdateFields(struct_expr, [("drop", n) for n in names], [])


# -- lambdas and higher-order functions ------------------------------------------------------
_var_ids = itertools.count()


class LambdaVariable(Expression):
    children = ()

    def __init__(self, name, data_type=None, nullable=True, vid=None):
        self.var_name = name
        self._dt = data_type
        self._nullable = nullable
        self.vid = next(_var_ids) if vid is None else vid

    @property
    def column(self):
        return f"__lambda_{self.vid}"

    @property
    def resolved(self):
        return self._dt is not None

    @property
    def data_type(self):
        if self._dt is None:
            raise AnalysisException(f"lambda variable {self.var_name} is not bound",
                                    "UNRESOLVED_LAMBDA_VARIABLE")
        return self._dt

    @property
    def nullable(self):
        return self._nullable

    @property
    def foldable(self):
        return False

    def bind(self, dt, nullable=True):
        return LambdaVariable(self.var_name, dt, nullable, self.vid)

    def eval(self, batch):
        return batch.column(batch.schema.get_field_index(self.column))

    def sql(self):
        return "namedlambdavariable()"

    def semantic_key(self):
        return ("lambdavar", self.vid)


class LambdaFunction(Expression):
    def __init__(self, body, variables):
        self.children = (body,)
        self.variables = list(variables)

    @property
    def body(self):
        return self.children[0]

    @property
    def data_type(self):
        return self.body.data_type

    def sql(self):
        vs = ", ".join(v.sql() for v in self.variables)
        return f"lambdafunction({self.body.sql()}, {vs})"

    def _fields_key(self):
        return tuple(v.vid for v in self.variables)


def lambda_function(f, nargs=None):
    """A LambdaFunction from a Python callable over Columns (PySpark's lambda API)."""
    import inspect
    from ..column import Column, to_expr
    if nargs is None:
        try:
            params = [p for p in inspect.signature(f).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            nargs = len(params)
        except (TypeError, ValueError):
            nargs = 1
        if not 1 <= nargs <= 3:
            from ...errors import PySparkValueError
            raise PySparkValueError(
                "[WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION] Function `<lambda>` should take "
                f"between 1 and 3 arguments, but the provided function takes {nargs}.",
                "WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION")
    names = ["x", "y", "z"][:nargs]
    variables = [LambdaVariable(nm) for nm in names]
    body = f(*[Column(v) for v in variables])
    if not isinstance(body, Column):
        from ...errors import PySparkValueError
        raise PySparkValueError(
            f"[HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN] Function `<lambda>` should return "
            f"Column, got {type(body).__name__}.", "HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN")
    return LambdaFunction(to_expr(body), variables)


def _replace_vars(expr, mapping):
    def rule(e):
        if isinstance(e, LambdaVariable) and e.vid in mapping:
            return mapping[e.vid]
        return None
    return expr.transform_up(rule)


def _expand_batch(batch, parents: Optional[np.ndarray], var_arrays):
    """The batch's columns repeated per element (``parents``: source row of each element)
    plus one column per lambda variable."""
    cols, names = [], []
    if parents is not None and batch.num_columns:
        idx = pa.array(parents, pa.int64())
        for i in range(batch.num_columns):
            cols.append(batch.column(i).take(idx))
            names.append(batch.schema.field(i).name)
    elif parents is None:
        for i in range(batch.num_columns):
            cols.append(batch.column(i))
            names.append(batch.schema.field(i).name)
    for var, arr in var_arrays:
        cols.append(arr)
        names.append(var.column)
    if not cols:
        return pa.RecordBatch.from_pydict({"__empty": pa.nulls(0)})
    # duplicate names are fine for evaluation by position
    return pa.RecordBatch.from_arrays(cols, names=names)


def _eval_body(body, batch, parents, var_arrays, length):
    b = _expand_batch(batch, parents, var_arrays)
    if b.num_rows != length:
        b = pa.RecordBatch.from_arrays(
            [pa.nulls(length)] + [a for _, a in var_arrays],
            names=["__pad"] + [v.column for v, _ in var_arrays]) if var_arrays else b
    out = body.eval(b)
    return materialize(out, length)


def _flat(arr):
    """(values, parent row of each value, position within its list) of a list array."""
    vals = pc.list_flatten(arr)
    parents = np.asarray(pc.list_parent_indices(arr), dtype=np.int64)
    lens = np.asarray(pc.fill_null(pc.list_value_length(arr), 0), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    pos = np.arange(len(parents), dtype=np.int64) - starts[parents] if len(parents) else \
        np.zeros(0, np.int64)
    return vals, parents, pos, lens


def _regroup(values, lens, null_mask, list_type):
    offsets = pa.array(np.concatenate([[0], np.cumsum(lens)]).astype(np.int32))
    mask = pa.array(null_mask) if null_mask.any() else None
    values = values.cast(list_type.value_type) if values.type != list_type.value_type else values
    return pa.ListArray.from_arrays(offsets, values, type=list_type, mask=mask)


class HigherOrderFunction(Expression):
    """transform / filter / exists / forall / aggregate / zip_with / array_sort(cmp) /
    transform_keys / transform_values / map_filter / map_zip_with.

    Built unresolved with the lambdas outside ``children``; ``resolve_with`` (called by the
    analyzer once the array arguments are resolved) gives the lambda variables their types
    and resolves the bodies against the same input columns."""

    def __init__(self, name, args, lambdas, resolved=False):
        self.fn_name = name
        self.n_args = len(args)
        self.pending = [] if resolved else list(lambdas)
        self.children = tuple(args) + (tuple(lambdas) if resolved else ())
        self._is_resolved = resolved

    @property
    def _needs_plan(self):
        return not self._is_resolved

    @property
    def resolved(self):
        return self._is_resolved and all(c.resolved for c in self.children)

    @property
    def args(self):
        return self.children[:self.n_args]

    @property
    def lambdas(self):
        return self.children[self.n_args:] if self._is_resolved else self.pending

    def with_children(self, children):
        if tuple(children) == tuple(self.children):
            return self
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.children = tuple(children)
        return clone

    # -- analysis ----------------------------------------------------------------------------
    def _var_types(self):
        a = [c.data_type for c in self.args]
        name = self.fn_name
        if name in ("transform_keys", "transform_values", "map_filter", "map_zip_with"):
            for i, t in enumerate(a):
                if not isinstance(t, MapType):
                    raise type_error(self, i + 1, "\"MAP\"", t)
        else:
            for i, t in enumerate(a[:2 if name == "zip_with" else 1]):
                if not isinstance(t, ArrayType):
                    raise type_error(self, i + 1, "\"ARRAY\"", t)
        if name in ("transform", "filter"):
            return [[(a[0].elementType, a[0].containsNull), (I, False)]]
        if name in ("exists", "forall"):
            return [[(a[0].elementType, a[0].containsNull)]]
        if name == "array_sort":
            e = (a[0].elementType, a[0].containsNull)
            return [[e, e]]
        if name == "zip_with":
            return [[(a[0].elementType, True), (a[1].elementType, True)]]
        if name in ("aggregate", "reduce"):
            return [[(a[1], True), (a[0].elementType, a[0].containsNull)], [(a[1], True)]]
        if name in ("transform_keys", "transform_values", "map_filter"):
            return [[(a[0].keyType, False), (a[0].valueType, a[0].valueContainsNull)]]
        if name == "map_zip_with":
            return [[(a[0].keyType, False), (a[0].valueType, True), (a[1].valueType, True)]]
        raise AnalysisException(f"unknown higher-order function {name}", "INTERNAL_ERROR")

    def resolve_with(self, attrs, session=None):
        from ..analyzer import resolve
        types = self._var_types()
        resolved_lambdas = []
        acc_type = None
        for k, lam in enumerate(self.pending):
            vt = types[k] if k < len(types) else types[-1]
            if self.fn_name in ("aggregate", "reduce") and k == 1 and acc_type is not None:
                vt = [(acc_type, True)]
            mapping, new_vars = {}, []
            for v, (t, nl) in zip(lam.variables, vt):
                nv = v.bind(t, nl)
                mapping[v.vid] = nv
                new_vars.append(nv)
            body = resolve(_replace_vars(lam.body, mapping), attrs, session)
            if self.fn_name in ("aggregate", "reduce") and k == 0:
                acc_type = common_type([self.args[1].data_type, body.data_type]) or \
                    body.data_type
                if acc_type != vt[0][0]:
                    # re-resolve with the widened accumulator type (e.g. int init, bigint body)
                    mapping = {v.vid: v.bind(acc_type if i == 0 else t, nl)
                               for i, (v, (t, nl)) in enumerate(zip(lam.variables, vt))}
                    new_vars = list(mapping.values())
                    body = resolve(_replace_vars(lam.body, mapping), attrs, session)
                body = cast_to(body, acc_type)
            resolved_lambdas.append(LambdaFunction(body, new_vars))
        args = list(self.args)
        if self.fn_name in ("aggregate", "reduce") and acc_type is not None:
            args[1] = cast_to(args[1], acc_type)
        node = HigherOrderFunction(self.fn_name, args, resolved_lambdas, resolved=True)
        node.data_type  # type checks (e.g. filter needs a boolean body)
        return node

    @property
    def data_type(self):
        name = self.fn_name
        a = [c.data_type for c in self.args]
        lam = self.lambdas
        if name == "transform":
            return ArrayType(lam[0].data_type, True)
        if name in ("filter", "array_sort"):
            if name == "filter" and not isinstance(lam[0].data_type, BooleanType):
                raise type_error(self, 2, "\"BOOLEAN\"", lam[0].data_type)
            return a[0]
        if name in ("exists", "forall"):
            return B
        if name == "zip_with":
            return ArrayType(lam[0].data_type, True)
        if name in ("aggregate", "reduce"):
            return lam[1].data_type if len(lam) > 1 else lam[0].data_type
        if name == "transform_keys":
            return MapType(lam[0].data_type, a[0].valueType, a[0].valueContainsNull)
        if name == "transform_values":
            return MapType(a[0].keyType, lam[0].data_type, True)
        if name == "map_filter":
            return a[0]
        if name == "map_zip_with":
            return MapType(a[0].keyType, lam[0].data_type, True)
        raise AnalysisException(f"unknown higher-order function {name}", "INTERNAL_ERROR")

    @property
    def nullable(self):
        return True

    # -- evaluation ----------------------------------------------------------------------
    def eval(self, batch):
        n = batch.num_rows
        name = self.fn_name
        args = [materialize(c.eval(batch), n) if not (isinstance(c.eval(batch), pa.Scalar) and
                                                      c.eval(batch).type == pa.null())
                else pa.nulls(n, arrow_type(c.data_type) if not isinstance(c.data_type, NullType)
                              else pa.null())
                for c in self.args]
        lams = self.lambdas
        out_at = arrow_type(self.data_type)
        if name in ("transform", "filter", "exists", "forall"):
            arr = args[0]
            if arr.offset:
                arr = pa.concat_arrays([arr])
            vals, parents, pos, lens = _flat(arr)
            lam = lams[0]
            var_arrays = [(lam.variables[0], vals)]
            if len(lam.variables) > 1:
                var_arrays.append((lam.variables[1], pa.array(pos.astype(np.int32))))
            res = _eval_body(lam.body, batch, parents, var_arrays, len(vals))
            nulls = np.asarray(arr.is_null().to_numpy(zero_copy_only=False))
            if name == "transform":
                return _regroup(res, lens, nulls, out_at)
            if name == "filter":
                keep = np.asarray(pc.fill_null(res, False).to_numpy(zero_copy_only=False),
                                  dtype=bool)
                new_lens = np.bincount(parents[keep], minlength=n) if len(parents) else \
                    np.zeros(n, np.int64)
                return _regroup(vals.filter(pa.array(keep)), new_lens, nulls, out_at)
            rv = np.asarray(pc.fill_null(res, False).to_numpy(zero_copy_only=False), dtype=bool)
            rn = np.asarray(res.is_null().to_numpy(zero_copy_only=False))
            has_null = np.bincount(parents[rn], minlength=n) > 0 if len(parents) else \
                np.zeros(n, bool)
            if name == "exists":
                hit = np.bincount(parents[rv], minlength=n) > 0 if len(parents) else \
                    np.zeros(n, bool)
                mask = nulls | (~hit & has_null)
                return pa.array(hit, mask=mask if mask.any() else None)
            fals = np.bincount(parents[~rv & ~rn], minlength=n) > 0 if len(parents) else \
                np.zeros(n, bool)
            mask = nulls | (~fals & has_null)
            return pa.array(~fals, mask=mask if mask.any() else None)
        if name == "zip_with":
            a, b = args
            la = np.asarray(pc.fill_null(pc.list_value_length(a), 0), dtype=np.int64)
            lb = np.asarray(pc.fill_null(pc.list_value_length(b), 0), dtype=np.int64)
            lens = np.maximum(la, lb)
            parents = np.repeat(np.arange(n), lens)
            starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
            pos = np.arange(len(parents)) - starts[parents] if len(parents) else \
                np.zeros(0, np.int64)
            xs = _gather(a, parents, pos, la)
            ys = _gather(b, parents, pos, lb)
            lam = lams[0]
            res = _eval_body(lam.body, batch, parents,
                             [(lam.variables[0], xs), (lam.variables[1], ys)], len(parents))
            nulls = np.asarray(pc.or_(a.is_null(), b.is_null()).to_numpy(zero_copy_only=False))
            lens = np.where(nulls, 0, lens)
            keep = ~nulls[parents] if len(parents) else np.zeros(0, bool)
            return _regroup(res.filter(pa.array(keep)), lens, nulls, out_at)
        if name in ("aggregate", "reduce"):
            return self._aggregate(batch, args, lams, out_at)
        if name == "array_sort":
            return self._sort(batch, args[0], lams[0], out_at)
        return self._map_hof(batch, args, lams, out_at)

    def _aggregate(self, batch, args, lams, out_at):
        n = batch.num_rows
        arr, init = args
        merge = lams[0]
        acc = init.cast(arrow_type(merge.data_type)) if init.type != arrow_type(merge.data_type) \
            else init
        lens = np.asarray(pc.fill_null(pc.list_value_length(arr), 0), dtype=np.int64)
        maxlen = int(lens.max()) if n else 0
        for k in range(maxlen):
            rows = np.nonzero(lens > k)[0]
            idx = pa.array(rows, pa.int64())
            elems = pc.list_element(arr.take(idx), k)
            sub = batch.take(idx) if batch.num_columns else batch
            cur = acc.take(idx)
            res = _eval_body(merge.body, sub, None,
                             [(merge.variables[0], cur), (merge.variables[1], elems)], len(rows))
            res = res.cast(acc.type) if res.type != acc.type else res
            # scatter back
            full = np.arange(n)
            pos = np.full(n, -1, dtype=np.int64)
            pos[rows] = np.arange(len(rows))
            sel = pa.array(pos >= 0)
            acc = pc.if_else(sel, pc.take(res, pa.array(np.where(pos >= 0, pos, 0))), acc)
        if len(lams) > 1:
            fin = lams[1]
            acc = _eval_body(fin.body, batch, None, [(fin.variables[0], acc)], n)
        nulls = arr.is_null()
        return pc.if_else(nulls, pa.scalar(None, acc.type), acc).cast(out_at)

    def _sort(self, batch, arr, cmp, out_at):
        rows = arr.to_pylist()
        et = arrow_type(self.args[0].data_type.elementType)

        def compare(x, y):
            r = _eval_body(cmp.body, _one_row(batch), None,
                           [(cmp.variables[0], pa.array([x], et)),
                            (cmp.variables[1], pa.array([y], et))], 1)[0].as_py()
            if r is None:
                raise SparkRuntimeException(
                    "[COMPARATOR_RETURNS_NULL] The comparator has returned a NULL for a "
                    "comparison.", "COMPARATOR_RETURNS_NULL")
            return r
        out = [None if r is None else sorted(r, key=functools.cmp_to_key(compare)) for r in rows]
        return pa.array(out, out_at)

    def _map_hof(self, batch, args, lams, out_at):
        n = batch.num_rows
        name = self.fn_name
        lam = lams[0]
        m = args[0]
        if m.offset:
            m = pa.concat_arrays([m])
        nulls = np.asarray(m.is_null().to_numpy(zero_copy_only=False))
        if name == "map_zip_with":
            m2 = args[1]
            rows1, rows2 = m.to_pylist(), m2.to_pylist()
            ks, v1, v2, lens = [], [], [], []
            nulls = np.zeros(n, bool)
            for i, (a, b) in enumerate(zip(rows1, rows2)):
                if a is None or b is None:
                    nulls[i] = True
                    lens.append(0)
                    continue
                da, db = dict(a), dict(b)
                keys = list(da) + [k for k in db if k not in da]
                lens.append(len(keys))
                for k in keys:
                    ks.append(k)
                    v1.append(da.get(k))
                    v2.append(db.get(k))
            kt = out_at.key_type
            keys = pa.array(ks, kt)
            parents = np.repeat(np.arange(n), lens)
            res = _eval_body(lam.body, batch, parents, [
                (lam.variables[0], keys),
                (lam.variables[1], pa.array(v1, arrow_type(self.args[0].data_type.valueType))),
                (lam.variables[2], pa.array(v2, arrow_type(self.args[1].data_type.valueType)))],
                len(ks))
            return _map_from(keys, res, np.array(lens), nulls, out_at)
        lens = np.asarray(_map_lengths(m).fill_null(0), dtype=np.int64)
        parents = np.repeat(np.arange(n), lens)
        keys, items = m.keys, m.items
        res = _eval_body(lam.body, batch, parents,
                         [(lam.variables[0], keys), (lam.variables[1], items)], len(keys))
        if name == "transform_values":
            return _map_from(keys, res, lens, nulls, out_at)
        if name == "transform_keys":
            if res.null_count:
                raise SparkRuntimeException("[NULL_MAP_KEY] Cannot use null as map key. "
                                            "SQLSTATE: 2200E", "NULL_MAP_KEY")
            for row in pa.ListArray.from_arrays(
                    pa.array(np.concatenate([[0], np.cumsum(lens)]).astype(np.int32)),
                    res).to_pylist():
                if len({_key(k) for k in row}) != len(row):
                    dup = next(k for i, k in enumerate(row) if _key(k) in
                               {_key(x) for x in row[:i]})
                    raise _dup_key(dup)
            return _map_from(res, items, lens, nulls, out_at)
        keep = np.asarray(pc.fill_null(res, False).to_numpy(zero_copy_only=False), dtype=bool)
        new_lens = np.bincount(parents[keep], minlength=n) if len(parents) else np.zeros(n, int)
        mask = pa.array(keep)
        return _map_from(keys.filter(mask), items.filter(mask), new_lens, nulls, out_at)


def _one_row(batch):
    return batch.slice(0, 1) if batch.num_rows else batch


def _gather(lst, parents, pos, lens):
    """Element ``pos`` of row ``parents`` for each output slot, NULL past the row's end."""
    if not len(parents):
        return pc.list_flatten(lst)[:0]
    flat = pc.list_flatten(lst)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    ok = pos < lens[parents]
    idx = np.where(ok, starts[parents] + pos, 0)
    out = flat.take(pa.array(idx, pa.int64())) if len(flat) else \
        pa.nulls(len(parents), flat.type)
    return pc.if_else(pa.array(ok), out, pa.scalar(None, out.type))


def _map_from(keys, values, lens, nulls, map_type):
    offsets = pa.array(np.concatenate([[0], np.cumsum(lens)]).astype(np.int32))
    keys = keys.cast(map_type.key_type) if keys.type != map_type.key_type else keys
    values = values.cast(map_type.item_type) if values.type != map_type.item_type else values
    out = pa.MapArray.from_arrays(offsets, keys, values, type=map_type)
    if nulls.any():
        out = pc.if_else(pa.array(~nulls), out, pa.scalar(None, map_type))
    return out


def _hof_builder(name, n_args, n_lambdas):
    def build(args, distinct=False):
        lams = [a for a in args if isinstance(a, LambdaFunction)]
        plain = [a for a in args if not isinstance(a, LambdaFunction)]
        return HigherOrderFunction(name, plain, lams)
    return build


for _n, _na, _nl in (("transform", 1, 1), ("filter", 1, 1), ("exists", 1, 1), ("forall", 1, 1),
                     ("aggregate", 2, 2), ("reduce", 2, 2), ("zip_with", 2, 1),
                     ("transform_keys", 1, 1), ("transform_values", 1, 1),
                     ("map_filter", 1, 1), ("map_zip_with", 2, 1)):
    register(_n)(_hof_builder(_n, _na, _nl))


def _hof_sql(self):
    parts = [c.sql() for c in self.args] + [lam.sql() for lam in self.lambdas]
    if self.fn_name in ("aggregate", "reduce") and len(self.lambdas) == 1:
        acc = self.lambdas[0].variables[0] if self.lambdas[0].variables else None
        parts.append("lambdafunction(namedlambdavariable(), namedlambdavariable())")
    return f"{self.fn_name}({', '.join(parts)})"


HigherOrderFunction.sql = _hof_sql
