"""Complex-type expressions needed by name resolution and the Column API: struct field
access, array index / map key lookup, and array / struct / map constructors."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from ...errors import AnalysisException
from ..types import (ArrayType, IntegerType, IntegralType, MapType, NullType, StringType,
                     StructField, StructType)
from .base import Alias, Expression, Literal, materialize
from .coercion import cast_to, common_type
from .types_util import arrow_type

__all__ = ["GetStructField", "GetItem", "CreateArray", "CreateStruct", "CreateMap"]


def _index_error(index, size):
    from ...errors import ArrayIndexOutOfBoundsException
    return ArrayIndexOutOfBoundsException(
        f"The index {index} is out of bounds. The array has {size} elements. Use the SQL "
        "function `get()` to tolerate accessing element at invalid index and return NULL "
        "instead. SQLSTATE: 22003", "INVALID_ARRAY_INDEX")


class GetStructField(Expression):
    def __init__(self, child: Expression, field_name: str, qualified_name: bool = False):
        self.children = (child,)
        self.field_name = field_name
        self.qualified_name = qualified_name

    def _field(self):
        st = self.children[0].data_type
        for i, f in enumerate(st.fields):
            if f.name == self.field_name:
                return i, f
        for i, f in enumerate(st.fields):
            if f.name.lower() == self.field_name.lower():
                return i, f
        raise AnalysisException(
            f"[FIELD_NOT_FOUND] No such struct field `{self.field_name}` in "
            f"{', '.join('`' + f.name + '`' for f in st.fields)}.", "FIELD_NOT_FOUND")

    @property
    def data_type(self):
        return self._field()[1].dataType

    @property
    def nullable(self):
        return True

    @property
    def name(self):
        if self.qualified_name:
            return self.sql()
        return self._field()[1].name

    def eval(self, batch):
        v = self.children[0].eval(batch)
        i, _ = self._field()
        if isinstance(v, pa.Scalar):
            v = materialize(v, batch.num_rows)
        if isinstance(v, pa.ChunkedArray):
            v = v.combine_chunks()
        out = pc.struct_field(v, [i])
        return out

    def sql(self):
        return f"{self.children[0].sql()}.{self.field_name}"

    def tree_string(self):
        return f"{self.children[0].tree_string()}.{self.field_name}"

    def _fields_key(self):
        return (self.field_name,)


class GetItem(Expression):
    """``arr[i]`` (0-based, NULL when out of range for Column.getItem) or ``map[key]``."""

    def __init__(self, child: Expression, key: Expression, sql_index: bool = False):
        self.children = (child, key)

    @property
    def data_type(self):
        dt = self.children[0].data_type
        if isinstance(dt, ArrayType):
            return dt.elementType
        if isinstance(dt, MapType):
            return dt.valueType
        if isinstance(dt, StructType):
            return GetStructField(self.children[0], self.children[1].value).data_type
        raise AnalysisException(
            f"[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "
            f"\"{self.children[0].sql()}\". Need a complex type [STRUCT, ARRAY, MAP] but got "
            f"\"{dt.simpleString().upper()}\".", "INVALID_EXTRACT_BASE_FIELD_TYPE")

    @property
    def nullable(self):
        return True

    def coerce(self):
        dt = self.children[0].data_type
        if isinstance(dt, StructType):
            return GetStructField(self.children[0], self.children[1].value, True)
        self.data_type  # raises for bad base types
        if isinstance(dt, ArrayType):
            return self.with_children([self.children[0], cast_to(self.children[1], IntegerType())])
        return self.with_children([self.children[0], cast_to(self.children[1], dt.keyType)])

    def eval(self, batch):
        base = materialize(self.children[0].eval(batch), batch.num_rows)
        key = self.children[1].eval(batch)
        dt = self.children[0].data_type
        at = arrow_type(self.data_type)
        if isinstance(dt, ArrayType) and isinstance(key, pa.Scalar):
            if not key.is_valid:
                return pa.nulls(batch.num_rows, at)
            i = key.as_py()
            lens = pc.list_value_length(base)
            ok = pc.and_(pc.greater(lens, i), pa.scalar(i >= 0))
            bad = pc.and_(base.is_valid(), pc.invert(pc.fill_null(ok, True)))
            if i < 0 or pc.any(bad).as_py():
                idx = pc.index(bad, True).as_py()
                n_el = pc.list_value_length(base)[max(idx, 0)].as_py()
                raise _index_error(i, n_el)
            safe = pc.if_else(pc.fill_null(ok, False), base, pa.scalar(None, type=base.type))
            return pc.list_element(safe, i)
        bases = base.to_pylist()
        keys = materialize(key, batch.num_rows).to_pylist()
        out = []
        for b, k in zip(bases, keys):
            if b is None or k is None:
                out.append(None)
            elif isinstance(dt, ArrayType):
                if not 0 <= k < len(b):
                    raise _index_error(k, len(b))
                out.append(b[k])
            else:
                d = dict(b)
                out.append(d.get(k))
        return pa.array(out, type=at)

    def sql(self):
        return f"{self.children[0].sql()}[{self.children[1].sql()}]"


class CreateArray(Expression):
    pretty_name = "array"

    def __init__(self, children):
        self.children = tuple(children)

    @property
    def foldable(self):
        return all(c.foldable for c in self.children)

    @property
    def data_type(self):
        t = common_type(c.data_type for c in self.children)
        return ArrayType(t if t is not None else NullType(),
                         any(c.nullable for c in self.children) or not self.children)

    @property
    def nullable(self):
        return False

    def coerce(self):
        t = common_type(c.data_type for c in self.children)
        if t is None:
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"{self.sql()}\" due to "
                f"data type mismatch: Input to `array` should all be the same type, but it's "
                f"[{', '.join(c.data_type.simpleString() for c in self.children)}].",
                "DATATYPE_MISMATCH.DATA_DIFF_TYPES")
        if isinstance(t, NullType) or not self.children:
            return self
        return self.with_children([cast_to(c, t) for c in self.children])

    def eval(self, batch):
        n = batch.num_rows
        at = arrow_type(self.data_type)
        cols = [materialize(c.eval(batch), n) for c in self.children]
        if not cols:
            return pa.array([[]] * n, type=at)
        cols = [c.cast(at.value_type) if c.type != at.value_type else c for c in cols]
        import numpy as np
        k = len(cols)
        # interleave: values[i*k + j] = cols[j][i]
        stacked = pa.concat_arrays(cols)
        order = (np.arange(n)[:, None] + np.arange(k)[None, :] * n).reshape(-1)
        values = stacked.take(pa.array(order, type=pa.int64()))
        offsets = pa.array(np.arange(0, n * k + 1, k, dtype=np.int32))
        return pa.ListArray.from_arrays(offsets, values, type=at)


class CreateStruct(Expression):
    pretty_name = "struct"

    def __init__(self, children, names=None):
        self.children = tuple(children)
        self.names = names

    def _names(self):
        if self.names:
            return list(self.names)
        out = []
        for i, c in enumerate(self.children):
            if isinstance(c, Alias):
                out.append(c.name)
            elif hasattr(c, "name") and not isinstance(c, Literal) and \
                    type(c).__name__ in ("AttributeReference", "GetStructField"):
                out.append(c.name)
            else:
                out.append(f"col{i + 1}")
        return out

    def coerce(self):
        if not self.names:
            return CreateStruct(self.children, self._names())
        return self

    @property
    def data_type(self):
        return StructType([StructField(n, c.data_type, c.nullable)
                           for n, c in zip(self._names(), self.children)])

    @property
    def nullable(self):
        return False

    def eval(self, batch):
        n = batch.num_rows
        at = arrow_type(self.data_type)
        cols = [materialize(c.eval(batch), n) for c in self.children]
        cols = [c.cast(f.type) if c.type != f.type else c for c, f in zip(cols, at)]
        return pa.StructArray.from_arrays(cols, fields=list(at))

    def _fields_key(self):
        return tuple(self._names())


class CreateMap(Expression):
    pretty_name = "map"

    def __init__(self, children, data_type=None):
        self.children = tuple(children)
        self._empty_type = data_type      # map() built directly in a cast-to type

    @property
    def foldable(self):
        return all(c.foldable for c in self.children)

    @property
    def data_type(self):
        keys = self.children[0::2]
        vals = self.children[1::2]
        if not self.children and getattr(self, "_empty_type", None) is not None:
            return self._empty_type
        if not self.children:
            return MapType(NullType(), NullType(), False)     # Spark's map()
        kt = common_type(k.data_type for k in keys) or StringType()
        vt = common_type(v.data_type for v in vals) or StringType()
        return MapType(kt, vt, any(v.nullable for v in vals))

    @property
    def nullable(self):
        return False

    def coerce(self):
        from .collection_functions import map_key_dedup_last_win
        dt = self.data_type
        kids = []
        for i, c in enumerate(self.children):
            t = dt.keyType if i % 2 == 0 else dt.valueType
            kids.append(cast_to(c, t) if not isinstance(t, NullType) else c)
        out = self.with_children(kids)
        if out is self:
            out = object.__new__(type(self))
            out.__dict__.update(self.__dict__)
        # the session's spark.sql.mapKeyDedupPolicy, read on the driver at analysis
        out.last_win = map_key_dedup_last_win()
        return out

    def eval(self, batch):
        from .collection_functions import _build_map
        n = batch.num_rows
        cols = [materialize(c.eval(batch), n).to_pylist() for c in self.children]
        last_win = getattr(self, "last_win", False)
        rows = []
        for i in range(n):
            rows.append(_build_map(((cols[j][i], cols[j + 1][i])
                                    for j in range(0, len(cols), 2)), last_win))
        return pa.array(rows, type=arrow_type(self.data_type))
