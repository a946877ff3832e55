"""Python UDFs: ``udf`` (row at a time), ``pandas_udf`` (scalar Series->Series and grouped
aggregate Series->scalar), ``mapInPandas``/``mapInArrow``, ``groupBy().applyInPandas`` and
``spark.udf.register`` for SQL. They run inside the stage's task on Arrow batches: only the
UDF's own call is per row (for ``udf``) or per batch (pandas)."""
from __future__ import annotations

import functools
from typing import Any, Callable, List, Optional

import pyarrow as pa

from ..errors import PySparkTypeError
from .expressions.base import Alias, Expression, materialize
from .expressions.aggregates import AggregateFunction
from .expressions.types_util import arrow_type
from .types import DataType, StringType, StructType, _parse_datatype_string

__all__ = ["udf", "pandas_udf", "UserDefinedFunction", "UDFRegistration", "PythonUDF",
           "PandasUDFType", "map_in_pandas", "apply_in_pandas"]


class PandasUDFType:
    SCALAR = 200
    SCALAR_ITER = 204
    GROUPED_MAP = 201
    GROUPED_AGG = 202


def _to_type(t) -> DataType:
    if t is None:
        return StringType()
    if isinstance(t, str):
        return _parse_datatype_string(t)
    if isinstance(t, DataType):
        return t
    raise PySparkTypeError(
        f"[NOT_DATATYPE_OR_STR] Argument `returnType` should be a DataType or str, got "
        f"{type(t).__name__}.", "NOT_DATATYPE_OR_STR")


def _row_converters(types):
    from .arrow_types import arrow_to_rows
    from .types import StructField
    schema = StructType([StructField(f"c{i}", t, True) for i, t in enumerate(types)])
    return schema


class PythonUDF(Expression):
    """Calls ``func`` once per row (udf) or once per batch with pandas Series (pandas_udf)."""

    def __init__(self, name, func, return_type: DataType, children, kind="row",
                 deterministic=True):
        self.children = tuple(children)
        self.fn_name = name
        self.func = func
        self.return_type = return_type
        self.kind = kind
        self._deterministic = deterministic

    @property
    def data_type(self):
        return self.return_type

    @property
    def nullable(self):
        return True

    @property
    def deterministic(self):
        return self._deterministic

    @property
    def foldable(self):
        return False

    def sql(self):
        return f"{self.fn_name}({', '.join(c.sql() for c in self.children)})"

    def eval(self, batch):
        from .arrow_types import arrow_to_rows, rows_to_arrow
        from .types import StructField
        n = batch.num_rows
        args = [materialize(c.eval(batch), n) if not (isinstance(v := c.eval(batch), pa.Scalar)
                                                      and v.type == pa.null())
                else pa.nulls(n) for c in self.children]
        out_schema = StructType([StructField("r", self.return_type, True)])
        if self.kind == "pandas":
            series = [a.to_pandas() for a in args]
            res = self.func(*series)
            import pandas as pd
            if isinstance(self.return_type, StructType) and isinstance(res, pd.DataFrame):
                return pa.StructArray.from_arrays(
                    [pa.array(res[f.name], type=arrow_type(f.dataType))
                     for f in self.return_type.fields], fields=list(arrow_type(self.return_type)))
            return pa.array(pd.Series(res), type=arrow_type(self.return_type), from_pandas=True)
        in_schema = StructType([StructField(f"c{i}", c.data_type, True)
                                for i, c in enumerate(self.children)])
        rows = arrow_to_rows(pa.table(args, names=[f"c{i}" for i in range(len(args))]),
                             in_schema, timezone="UTC") if args else [()] * n
        f = self.func
        results = [(f(*r),) for r in rows]
        return rows_to_arrow(results, out_schema, timezone="UTC").column(0).combine_chunks()


class PandasAggUDF(AggregateFunction):
    """A grouped-aggregate pandas_udf: values of each group collected, then func(Series)."""

    def __init__(self, name, func, return_type, children):
        self.children = tuple(children)
        self.pretty_name = name
        self.func = func
        self.return_type = return_type

    @property
    def data_type(self):
        return self.return_type

    def partial(self, names):
        return [(n, "list", None) for n in names]

    def merge(self):
        return [("list", None)] * len(self.children)

    def finish(self, merged):
        import pandas as pd
        from .expressions.aggregates import _flatten_groups
        cols = [_flatten_groups(m) for m in merged]
        out = []
        for g in range(len(cols[0])):
            series = [pd.Series(c[g]) for c in cols]
            out.append(self.func(*series))
        return pa.array(out, type=arrow_type(self.return_type))

    def sql(self):
        return f"{self.pretty_name}({', '.join(c.sql() for c in self.children)})"


class UserDefinedFunction:
    def __init__(self, func, returnType=None, name=None, kind="row", deterministic=True):
        self.func = func
        self.returnType = _to_type(returnType)
        self._name = name or getattr(func, "__name__", "<lambda>")
        self.kind = kind
        self.deterministic = deterministic
        self.evalType = {"row": 100, "pandas": PandasUDFType.SCALAR,
                         "pandas_agg": PandasUDFType.GROUPED_AGG}[kind]
        functools.update_wrapper(self, func) if callable(func) else None

    def _build(self, args: List[Expression]) -> Expression:
        if self.kind == "pandas_agg":
            return PandasAggUDF(self._name, self.func, self.returnType, args)
        return PythonUDF(self._name, self.func, self.returnType, args,
                         "pandas" if self.kind == "pandas" else "row", self.deterministic)

    def __call__(self, *cols):
        from .column import Column, _name_expr
        return Column(self._build([_name_expr(c) for c in cols]))

    def asNondeterministic(self):
        self.deterministic = False
        return self


def udf(f=None, returnType=None, *, useArrow=None):
    if f is None or isinstance(f, (str, DataType)):
        rt = f if returnType is None else returnType

        def deco(fn):
            return UserDefinedFunction(fn, rt)
        return deco
    return UserDefinedFunction(f, returnType)


def _pandas_kind(f, functionType):
    if functionType == PandasUDFType.GROUPED_AGG:
        return "pandas_agg"
    if functionType in (None, PandasUDFType.SCALAR):
        import inspect
        try:
            hints = getattr(f, "__annotations__", {})
            ret = hints.get("return")
            if ret is not None and "Series" not in str(ret) and "DataFrame" not in str(ret):
                return "pandas_agg"
        except Exception:  # pragma: no cover
            pass
    return "pandas"


def pandas_udf(f=None, returnType=None, functionType=None):
    if f is None or isinstance(f, (str, DataType)):
        rt = f if returnType is None else returnType

        def deco(fn):
            return UserDefinedFunction(fn, rt, kind=_pandas_kind(fn, functionType))
        return deco
    if isinstance(returnType, int) and functionType is None:
        functionType, returnType = returnType, None
    return UserDefinedFunction(f, returnType, kind=_pandas_kind(f, functionType))


class UDFRegistration:
    def __init__(self, session):
        self._session = session

    def register(self, name: str, f, returnType=None):
        if isinstance(f, UserDefinedFunction):
            u = UserDefinedFunction(f.func, f.returnType if returnType is None else returnType,
                                    name, f.kind)
        else:
            u = UserDefinedFunction(f, returnType, name)
        self._session._udfs[name.lower()] = u
        return u

    def registerJavaFunction(self, *a, **k):
        raise NotImplementedError("Java UDFs need a JVM; rayspark has none")


def _schema_of(schema) -> StructType:
    s = _to_type(schema) if not isinstance(schema, StructType) else schema
    if not isinstance(s, StructType):
        raise PySparkTypeError("[NOT_STRUCT] schema should be a StructType", "NOT_STRUCT")
    return s


def map_in_pandas(df, func, schema, arrow=False):
    from .create import attrs_for
    from .plan.logical import MapPartitions
    s = _schema_of(schema)
    attrs = attrs_for(s)

    if arrow:
        def fn(it):
            return func(iter(it))
    else:
        def fn(it):
            for out in func(b.to_pandas() for b in it):
                yield pa.Table.from_pandas(out, preserve_index=False)
    return df._with(MapPartitions(fn, attrs, df._plan, "MapInArrow" if arrow else "MapInPandas"))


def apply_in_pandas(grouped, func, schema, arrow=False):
    """Rows exchanged by the grouping keys, then func(pandas DataFrame of one group)."""
    from .create import attrs_for
    from .plan.logical import MapPartitions
    df = grouped._df
    s = _schema_of(schema)
    attrs = attrs_for(s)
    keys = list(grouped._grouping)
    key_names = [k.name for k in keys]
    in_names = df.columns
    import inspect
    nparams = len(inspect.signature(func).parameters)

    def fn(it):
        from .cogroup import _group_rows
        batches = [b for b in it if b.num_rows]
        if not batches:
            return
        table = pa.Table.from_batches(batches)
        key_idx = [in_names.index(k) for k in key_names]
        if key_idx:
            # one hash grouping of the partition (NaN keys together, nulls together), then a
            # take per group
            keyed = pa.Table.from_arrays([table.column(i) for i in key_idx],
                                         names=[f"__k{j}" for j in range(len(key_idx))])
            for key, rows in _group_rows(keyed, len(key_idx)).items():
                sub = table.take(pa.array(rows, type=pa.int64()))
                yield from _call_group(func, sub, key, nparams, arrow)
        else:
            yield from _call_group(func, table, (), nparams, arrow)
    return df._with(MapPartitions(fn, attrs, df._plan, "FlatMapGroupsInPandas",
                                  group_keys=keys))


def _call_group(func, table, key, nparams, arrow):
    if arrow:
        out = func(key, table) if nparams == 2 else func(table)
        yield out if isinstance(out, pa.Table) else pa.Table.from_batches(list(out))
        return
    pdf = table.to_pandas()
    out = func(key, pdf) if nparams == 2 else func(pdf)
    yield pa.Table.from_pandas(out, preserve_index=False)
