"""Generators (explode, posexplode, inline, json_tuple, stack): expressions that turn one row
into many. They only appear in a select list or a LATERAL VIEW; the DataFrame turns them into a
``Generate`` plan node.

``json_tuple`` and ``stack`` are ``Inline`` generators over an expression that builds each
row's ARRAY<STRUCT> of output rows (``JsonTupleRows``, ``StackRows``); they keep their own name
in ``sql()``."""
from __future__ import annotations

from typing import List

import numpy as np
import pyarrow as pa

from ...errors import AnalysisException
from ..functions_registry import register
from ..types import (ArrayType, IntegerType, MapType, NullType, StringType, StructField,
                     StructType)
from .base import Expression, Literal, Unevaluable, AttributeReference, materialize
from .coercion import cast_to
from .types_util import arrow_type

__all__ = ["Generator", "Explode", "Inline", "MultiAlias", "JsonTupleRows", "StackRows",
           "json_tuple_generator"]


def _alias_mismatch(expected: int, names):
    return AnalysisException(
        f"[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS "
        f"clause does not match the number of columns output by the UDTF. Expected "
        f"{expected} aliases, but got {', '.join(names)}.", "UDTF_ALIAS_NUMBER_MISMATCH")


class Generator(Expression):
    outer = False

    def element_attrs(self, names=None) -> List[AttributeReference]:
        raise NotImplementedError


class Explode(Generator):
    def __init__(self, child: Expression, position: bool = False, outer: bool = False):
        self.children = (child,)
        self.position = position
        self.outer = outer

    @property
    def pretty_name(self):
        return ("pos" if self.position else "") + "explode" + ("_outer" if self.outer else "")

    def coerce(self):
        dt = self.children[0].data_type
        if not isinstance(dt, (ArrayType, MapType)):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{self.sql()}\" due "
                f"to data type mismatch: The first parameter requires the (\"ARRAY\" or \"MAP\") "
                f"type, however \"{self.children[0].sql()}\" has the type "
                f"\"{dt.simpleString().upper()}\".", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
        return self

    @property
    def data_type(self):
        return self.children[0].data_type

    def element_attrs(self, names=None):
        dt = self.children[0].data_type
        attrs = []
        if self.position:
            attrs.append(("pos", IntegerType(), self.outer))
        if isinstance(dt, ArrayType):
            attrs.append(("col", dt.elementType, True))
        else:
            attrs.append(("key", dt.keyType, self.outer))
            attrs.append(("value", dt.valueType, True))
        if names:
            if len(names) != len(attrs):
                raise _alias_mismatch(len(attrs), names)
            attrs = [(n, t, nl) for n, (_, t, nl) in zip(names, attrs)]
        return [AttributeReference(n, t, nl) for n, t, nl in attrs]

    def _fields_key(self):
        return (self.position, self.outer)


class Inline(Generator):
    pretty_name = "inline"

    def __init__(self, child: Expression, outer: bool = False, display: str = None):
        self.children = (child,)
        self.outer = outer
        # json_tuple / stack: shown under their own name with the row builder's arguments
        self.display = display

    def sql(self):
        if getattr(self, "display", None):
            return f"{self.display}({', '.join(c.sql() for c in self.children[0].children)})"
        return super().sql()

    def _fields_key(self):
        return (self.outer, getattr(self, "display", None))

    @property
    def data_type(self):
        return self.children[0].data_type

    def element_attrs(self, names=None):
        dt = self.children[0].data_type
        if not isinstance(dt, ArrayType) or not isinstance(dt.elementType, StructType):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"{self.sql()}\" due "
                "to data type mismatch: The first parameter requires the \"ARRAY<STRUCT>\" type.",
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
        fields = dt.elementType.fields
        if names and len(names) != len(fields):
            raise _alias_mismatch(len(fields), names)
        ns = names or [f.name for f in fields]
        return [AttributeReference(n, f.dataType, True) for n, f in zip(ns, fields)]


class MultiAlias(Unevaluable):
    def __init__(self, child: Expression, names: List[str]):
        self.children = (child,)
        self.names = names

    @property
    def data_type(self):
        return self.children[0].data_type

    def sql(self):
        return f"{self.children[0].sql()} AS ({', '.join(self.names)})"


def _pretty(args):
    return ", ".join(a.name for a in args)


# -- json_tuple --------------------------------------------------------------------------------
class JsonTupleRows(Expression):
    """``json_tuple(json, f1, ...)`` as one row per input: ARRAY<STRUCT<c0, c1, ...>> of
    length 1 holding the top-level fields' values as strings (NULL for invalid JSON)."""

    def __init__(self, children):
        self.children = tuple(children)

    @property
    def data_type(self):
        return ArrayType(StructType([StructField(f"c{i}", StringType(), True)
                                     for i in range(len(self.children) - 1)]), False)

    @property
    def nullable(self):
        return False

    def coerce(self):
        if not all(isinstance(c.data_type, StringType) for c in self.children):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.NON_STRING_TYPE] Cannot resolve \"json_tuple("
                f"{_pretty(self.children)})\" due to data type mismatch: all arguments of the "
                "function `json_tuple` must be strings. SQLSTATE: 42K09",
                "DATATYPE_MISMATCH.NON_STRING_TYPE")
        return self

    def eval(self, batch):
        from .json_functions import json_tuple_values
        n = batch.num_rows
        vals = [materialize(c.eval(batch), n).to_pylist() for c in self.children]
        texts, fields = vals[0], list(zip(*vals[1:])) if n else []
        rows = [[json_tuple_values(texts[i], fields[i])] for i in range(n)]
        return pa.array(rows, type=arrow_type(self.data_type))

    def sql(self):
        return f"json_tuple({', '.join(c.sql() for c in self.children)})"


def json_tuple_generator(args) -> Inline:
    if len(args) < 2:
        raise AnalysisException(
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `json_tuple` requires > 1 parameters but "
            f"the actual number is {len(args)}. Please, refer to "
            "'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. "
            "SQLSTATE: 42605", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    return Inline(JsonTupleRows(args), display="json_tuple")


@register("json_tuple")
def _json_tuple(args, distinct=False):
    return json_tuple_generator(list(args))


# -- stack -------------------------------------------------------------------------------------
class StackRows(Expression):
    """``stack(n, v1, ..., vk)``: ARRAY<STRUCT<col0, ...>> of ``n`` rows of ceil(k/n) columns
    filled row by row (missing trailing values are NULL)."""

    def __init__(self, children):
        self.children = tuple(children)

    @property
    def num_rows(self):
        return int(self.children[0].value)

    @property
    def num_fields(self):
        k = len(self.children) - 1
        return -(-k // self.num_rows)

    def _col_types(self):
        vals = self.children[1:]
        nf = self.num_fields
        types = []
        for j in range(nf):
            t = NullType()
            for i in range(j, len(vals), nf):
                if not isinstance(vals[i].data_type, NullType):
                    t = vals[i].data_type
                    break
            types.append(t)
        return types

    @property
    def data_type(self):
        return ArrayType(StructType([StructField(f"col{j}", t, True)
                                     for j, t in enumerate(self._col_types())]), False)

    @property
    def nullable(self):
        return False

    def coerce(self):
        vals = self.children[1:]
        nf = self.num_fields
        types = self._col_types()
        first = {}
        for i, v in enumerate(vals):
            j = i % nf
            dt = v.data_type
            if isinstance(dt, NullType):
                continue
            if j not in first:
                first[j] = i + 1
            elif dt != types[j]:
                raise AnalysisException(
                    f"[DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES] Cannot resolve \"stack("
                    f"{_pretty(self.children)})\" due to data type mismatch: The data type of "
                    f"the column ({j}) do not have the same type: "
                    f"\"{types[j].simpleString().upper()}\" ({first[j]}) <> "
                    f"\"{dt.simpleString().upper()}\" ({i + 1}). SQLSTATE: 42K09",
                    "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES")
        kids = [self.children[0]] + [
            cast_to(v, types[i % nf]) if isinstance(v.data_type, NullType) and
            not isinstance(types[i % nf], NullType) else v for i, v in enumerate(vals)]
        return self.with_children(kids)

    def eval(self, batch):
        n = batch.num_rows
        rows, nf = self.num_rows, self.num_fields
        vals = self.children[1:]
        st = arrow_type(self.data_type).value_type
        structs = []
        for r in range(rows):
            cols = []
            for j in range(nf):
                i = r * nf + j
                ft = st.field(j).type
                if i < len(vals):
                    a = materialize(vals[i].eval(batch), n)
                    if isinstance(a, pa.ChunkedArray):
                        a = a.combine_chunks()
                    cols.append(a if a.type == ft else a.cast(ft))
                else:
                    cols.append(pa.nulls(n, ft))
            structs.append(pa.StructArray.from_arrays(cols, fields=list(st)))
        flat = pa.concat_arrays(structs) if structs else pa.array([], st)
        order = (np.arange(rows, dtype=np.int64)[None, :] * n +
                 np.arange(n, dtype=np.int64)[:, None]).reshape(-1)
        values = flat.take(pa.array(order, type=pa.int64()))
        offsets = pa.array(np.arange(0, n * rows + 1, rows, dtype=np.int32) if rows else
                           np.zeros(n + 1, dtype=np.int32))
        return pa.ListArray.from_arrays(offsets, values, type=arrow_type(self.data_type))

    def sql(self):
        return f"stack({', '.join(c.sql() for c in self.children)})"


@register("stack")
def _stack(args, distinct=False):
    args = list(args)
    if len(args) < 2:
        raise AnalysisException(
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `stack` requires > 1 parameters but the "
            f"actual number is {len(args)}. Please, refer to "
            "'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. "
            "SQLSTATE: 42605", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    n = args[0]
    if not isinstance(n, Literal) or not isinstance(n.value, int) or isinstance(n.value, bool) \
            or n.value <= 0:
        raise AnalysisException(
            "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"stack("
            f"{_pretty(args)})\" due to data type mismatch: the input n should be a positive "
            "integer literal. SQLSTATE: 42K09", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT")
    return Inline(StackRows(args), display="stack")
