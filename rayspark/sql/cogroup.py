"""``df1.groupBy(k).cogroup(df2.groupBy(k)).applyInPandas(func, schema)`` (PySpark's
PandasCogroupedOps): both sides are exchanged by their grouping keys into the same partitions,
and for every key found on either side ``func`` gets that key's rows of each side as a pandas
DataFrame (an empty one, with the side's columns, when the key is missing there) - optionally
the key tuple first. ``applyInArrow`` passes ``pyarrow.Table`` objects instead."""
from __future__ import annotations

import inspect
from typing import Dict, List, Tuple

import numpy as np
import pyarrow as pa

from .plan.logical import LogicalPlan, _attrs

__all__ = ["PandasCogroupedOps", "CoGroupMap"]


class PandasCogroupedOps:
    def __init__(self, left, right):
        if len(left._grouping) != len(right._grouping):
            from ..errors import PySparkValueError
            raise PySparkValueError(
                "[COGROUP_KEYS_MISMATCH] cogroup needs the same number of grouping keys on both "
                f"sides: {len(left._grouping)} and {len(right._grouping)}",
                "COGROUP_KEYS_MISMATCH")
        self._left = left
        self._right = right

    def applyInPandas(self, func, schema):
        return self._apply(func, schema, arrow=False)

    def applyInArrow(self, func, schema):
        return self._apply(func, schema, arrow=True)

    def _apply(self, func, schema, arrow: bool):
        from .create import attrs_for
        from .expressions.cast import Cast
        from .udf import _schema_of
        s = _schema_of(schema)
        lkeys = list(self._left._grouping)
        rkeys = []
        for lk, rk in zip(lkeys, self._right._grouping):
            # equal keys must land in the same partition: hash them with the left side's types
            rkeys.append(rk if rk.data_type == lk.data_type else Cast(rk, lk.data_type))
        ldf, rdf = self._left._df, self._right._df
        plan = CoGroupMap(_cogroup_fn(func, arrow, ldf.columns, rdf.columns, len(lkeys)),
                          attrs_for(s), ldf._plan, rdf._plan, lkeys, rkeys,
                          "FlatMapCoGroupsInArrow" if arrow else "FlatMapCoGroupsInPandas")
        return ldf._with(plan)


class CoGroupMap(LogicalPlan):
    """A Python function over co-grouped rows of two inputs (planned as two hash exchanges on
    the keys, zipped partition by partition)."""

    def __init__(self, fn, attrs, left, right, left_keys, right_keys, kind):
        self.fn = fn
        self.attrs = list(attrs)
        self.children = (left, right)
        self.left_keys = list(left_keys)
        self.right_keys = list(right_keys)
        self.kind = kind

    @property
    def output(self):
        return self.attrs

    def expressions(self):
        # the function sees every input column: report them all as used, so that column
        # pruning keeps them
        return (self.left_keys + self.right_keys + list(self.children[0].output)
                + list(self.children[1].output))

    def node_string(self):
        return f"{self.kind} {_attrs(self.attrs)}"


def _group_rows(table: pa.Table, nkeys: int) -> Dict[Tuple, np.ndarray]:
    """key tuple -> row indices, for the first ``nkeys`` columns of ``table`` (the evaluated
    keys; nulls form their own group, as in Spark)."""
    if table.num_rows == 0:
        return {}
    names = [f"__k{i}" for i in range(nkeys)]
    keyed = pa.Table.from_arrays(table.columns[:nkeys]
                                 + [pa.array(np.arange(table.num_rows, dtype=np.int64))],
                                 names=names + ["__i"])
    if not nkeys:
        return {(): np.arange(table.num_rows)}
    groups = keyed.group_by(names, use_threads=False).aggregate([("__i", "list")])
    keys = list(zip(*(groups.column(n).to_pylist() for n in names)))
    lists = groups.column("__i_list").combine_chunks()
    offsets = lists.offsets.to_numpy()
    rows = lists.values.to_numpy()
    return {k: rows[offsets[g]:offsets[g + 1]] for g, k in enumerate(keys)}


def _cogroup_fn(func, arrow: bool, left_names: List[str], right_names: List[str], nkeys: int):
    nparams = len(inspect.signature(func).parameters)

    def call(key, lt: pa.Table, rt: pa.Table):
        if arrow:
            out = func(key, lt, rt) if nparams == 3 else func(lt, rt)
            return out if isinstance(out, pa.Table) else pa.Table.from_batches(list(out))
        lp, rp = lt.to_pandas(), rt.to_pandas()
        out = func(key, lp, rp) if nparams == 3 else func(lp, rp)
        return pa.Table.from_pandas(out, preserve_index=False)

    def side(table: pa.Table, names: List[str], idx):
        data = table.select(list(range(nkeys, table.num_columns)))
        part = data.take(pa.array(idx, type=pa.int64())) if idx is not None else data.slice(0, 0)
        return part.rename_columns(names)

    def run(lt: pa.Table, rt: pa.Table):
        lg, rg = _group_rows(lt, nkeys), _group_rows(rt, nkeys)
        rnorm = {_norm(k): k for k in rg}
        for key, idx in lg.items():
            ridx = rg.pop(rnorm.get(_norm(key), _MISSING), None)
            yield call(key, side(lt, left_names, idx), side(rt, right_names, ridx))
        for key, ridx in rg.items():
            yield call(key, side(lt, left_names, None), side(rt, right_names, ridx))
    return run


_MISSING = object()
_NAN = object()


def _norm(key: Tuple) -> Tuple:
    """The key with NaN made equal to NaN (Spark groups NaN with NaN)."""
    return tuple(_NAN if isinstance(v, float) and v != v else v for v in key)
