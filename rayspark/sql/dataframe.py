"""``DataFrame``: an immutable logical plan plus the session that runs it.

Transformations resolve their expressions against the plan's output immediately (so errors
point at the call that caused them) and return a new DataFrame; actions optimise the plan,
plan it physically and run it as an RDD job whose partitions are Arrow record batches."""
from __future__ import annotations

import random as _random
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import pyarrow as pa

from ..errors import (AnalysisException, IllegalArgumentException, PySparkIndexError,
                      PySparkTypeError, PySparkValueError, PySparkAttributeError,
                      not_expected_type)
from ..storagelevel import StorageLevel
from .analyzer import ensure_named, expand_star, resolve, resolve_attribute
from .column import Column, _name_expr, col_expr, to_expr
from .expressions.aggregates import AggregateFunction, is_aggregate
from .expressions.base import (Alias, AttributeReference, Expression, Literal, SortOrder,
                               UnresolvedAttribute, UnresolvedStar, UnresolvedRegex)
from .expressions.generators import Generator, MultiAlias
from .plan import logical as L
from .row import Row
from .types import StructField, StructType

__all__ = ["DataFrame", "DataFrameNaFunctions", "DataFrameStatFunctions"]


class _NoValueProxy:
    """Stands for ``na.NoValue`` (imported lazily) as a default argument."""


_NO_VALUE = _NoValueProxy()


def _flatten_cols(cols) -> list:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


_not_expected = not_expected_type


def _partitions_positive(n) -> None:
    if n is not None and n <= 0:
        raise IllegalArgumentException(
            f"requirement failed: Number of partitions ({n}) must be positive.")


class DataFrame:
    def __init__(self, plan: L.LogicalPlan, session):
        self._plan = plan
        self.sparkSession = session
        self._session = session
        self.is_cached = False
        self._cached = None

    # ==================================================================================
    # plumbing
    # ==================================================================================
    def _with(self, plan: L.LogicalPlan) -> "DataFrame":
        return DataFrame(plan, self._session)

    def _attrs(self) -> List[AttributeReference]:
        return self._plan.output

    def _resolve(self, e: Expression, attrs=None) -> Expression:
        return resolve(e, self._attrs() if attrs is None else attrs, self._session)

    def _resolve_col(self, c) -> Expression:
        return self._resolve(_name_expr(c))

    def _effective_plan(self) -> L.LogicalPlan:
        return self._session._cache_manager.substitute(self._plan)

    def _physical(self):
        plan = self._session._optimizer.optimize(self._effective_plan())
        return self._plan_physical(plan)

    def _plan_physical(self, plan: L.LogicalPlan):
        # uncorrelated subqueries (DataFrame.scalar/exists) run before the plan using them
        from .subquery import force_subqueries
        from .observation import start_observations
        if any(isinstance(n, L.MapPartitions) and n.kind == _WATERMARK_DEDUP
               for n in plan.walk()):
            raise _LegacyAnalysisException(
                "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets",
                "_LEGACY_ERROR_TEMP_3102")
        force_subqueries(plan)
        start_observations(plan)
        return self._session._planner().plan(plan)

    def _execute_rdd(self):
        # building the RDD may run jobs (adaptive joins shuffle a side first, broadcasts
        # collect theirs): their SQL errors surface as PySpark's classes too
        with self._session._job_description():
            return self._physical().execute()

    def _collect_table(self) -> pa.Table:
        from .execution.arrow_util import schema_of, to_table
        phys = self._physical()
        with self._session._job_description():
            batches = phys.execute().collect()
        self._finish_observations()
        return to_table(batches, schema_of(self._attrs()))

    def _finish_observations(self) -> None:
        """An action over this plan returned: observe() metrics in it are final."""
        from .observation import finish_observations
        finish_observations(self._plan)

    def _take_table(self, n: int) -> pa.Table:
        """The first n rows, scanning partitions incrementally (one, then more) like Spark's
        CollectLimit: show() on a large input reads only the partitions it needs."""
        if n < 0:
            return self._collect_table()
        from .execution.arrow_util import schema_of, to_table
        schema = schema_of(self._attrs())
        plan = self._session._optimizer.optimize(self._effective_plan())
        if isinstance(plan, L.Limit) and not isinstance(plan, L.Tail) and plan.n <= n:
            return self._collect_table()
        top = plan.child if isinstance(plan, L.Project) else plan
        if isinstance(top, L.Sort) and top.is_global:
            return self.limit(n)._collect_table()      # planned as a top-n (TakeOrdered)
        with self._session._job_description():
            rdd = self._plan_physical(plan).execute()
        total = rdd.getNumPartitions()
        sc = self._session.sparkContext
        batches, rows, scanned = [], 0, 0
        with self._session._job_description():
            while rows < n and scanned < total:
                if scanned == 0:
                    k = 1
                elif rows == 0:
                    k = scanned * 4
                else:
                    k = min(max(int(1.5 * n * scanned / rows) - scanned, 1), scanned * 4)
                left = n - rows

                def first_rows(it, left=left):
                    got = 0
                    for b in it:
                        if got >= left:
                            break
                        if b.num_rows > left - got:
                            b = b.slice(0, left - got)
                        got += b.num_rows
                        yield b
                parts = list(range(scanned, min(scanned + k, total)))
                for b in sc.runJob(rdd, first_rows, parts):
                    if rows >= n:
                        break
                    if b.num_rows > n - rows:
                        b = b.slice(0, n - rows)
                    batches.append(b)
                    rows += b.num_rows
                scanned += len(parts)
        self._finish_observations()
        return to_table(batches, schema)

    def _rows(self, table: pa.Table) -> List[Row]:
        # TIMESTAMPs come back as naive datetimes in the Python process' local zone, as
        # PySpark's collect() returns them (show() and toPandas() use the session zone)
        from .arrow_types import arrow_to_rows
        return arrow_to_rows(table, self.schema, timezone=None)

    # ==================================================================================
    # schema
    # ==================================================================================
    @property
    def schema(self) -> StructType:
        return StructType([StructField(a.name, a.data_type, a.nullable, a.metadata)
                           for a in self._attrs()])

    @property
    def columns(self) -> List[str]:
        return [a.name for a in self._attrs()]

    @property
    def dtypes(self) -> List[Tuple[str, str]]:
        return [(a.name, a.data_type.simpleString()) for a in self._attrs()]

    def printSchema(self, level: Optional[int] = None) -> None:
        print(self.schema.treeString(level) if level is not None else self.schema.treeString())

    def __repr__(self) -> str:
        try:
            from .formatting import repr_string
            return repr_string([a.name for a in self._attrs()],
                               [a.data_type for a in self._attrs()])
        except ImportError:  # pragma: no cover
            return "DataFrame[" + ", ".join(f"{n}: {t}" for n, t in self.dtypes) + "]"

    @property
    def rdd(self):
        from .arrow_types import arrow_to_rows
        schema = self.schema

        def to_rows(it):
            for b in it:
                yield from arrow_to_rows(b, schema, timezone=None)
        return self._execute_rdd().mapPartitions(to_rows)

    @property
    def write(self):
        from .readwriter import DataFrameWriter
        return DataFrameWriter(self)

    @property
    def writeStream(self):
        raise NotImplementedError("Structured Streaming is not available yet in rayspark")

    @property
    def isStreaming(self) -> bool:
        return False

    @property
    def na(self) -> "DataFrameNaFunctions":
        return DataFrameNaFunctions(self)

    @property
    def stat(self) -> "DataFrameStatFunctions":
        return DataFrameStatFunctions(self)

    # ==================================================================================
    # column access
    # ==================================================================================
    def __getitem__(self, item):
        if isinstance(item, str):
            if item == "*":
                return Column(UnresolvedStar())
            return Column(self._resolve(col_expr(item)))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        if isinstance(item, int):
            attrs = self._attrs()
            if not 0 <= item < len(attrs):
                raise PySparkIndexError(
                    f"[COLUMN_ORDINAL_OUT_OF_BOUNDS] Column ordinal out of bounds: {item}",
                    "COLUMN_ORDINAL_OUT_OF_BOUNDS")
            return Column(attrs[item])
        raise _not_expected("item", "Column, float, integer, list or string", item)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self.columns:
            return self[name]
        raise PySparkAttributeError(
            f"[ATTRIBUTE_NOT_SUPPORTED] Attribute `{name}` is not supported.",
            "ATTRIBUTE_NOT_SUPPORTED", {"attr_name": name})

    def __dir__(self):
        return sorted(set(super().__dir__()) | {c for c in self.columns if c.isidentifier()})

    def colRegex(self, colName: str) -> Column:
        name = colName[1:-1] if colName.startswith("`") and colName.endswith("`") else colName
        return Column(UnresolvedRegex(name))

    def metadataColumn(self, colName: str) -> Column:
        # rayspark's sources expose no metadata columns (Spark's file _metadata, ...)
        if not isinstance(colName, str):
            raise _not_expected("colName", "str", colName)
        name = "`" + colName.replace("`", "``") + "`"
        raise AnalysisException(
            f"[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter "
            f"with name {name} cannot be resolved.  SQLSTATE: 42703",
            "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {"objectName": name})

    # ==================================================================================
    # projection
    # ==================================================================================
    def _project_list(self, cols) -> List[Expression]:
        attrs = self._attrs()
        out: List[Expression] = []
        for c in cols:
            if not isinstance(c, (str, Column, Expression)):
                raise _not_expected("col", "Column or str", c)
            e = _name_expr(c) if not isinstance(c, Column) else c._expr
            if isinstance(e, (UnresolvedStar, UnresolvedRegex)):
                out.extend(expand_star(e, attrs))
                continue
            out.append(e)
        return out

    def select(self, *cols) -> "DataFrame":
        cols = _flatten_cols(cols)
        exprs = self._project_list(cols)
        return self._select_exprs(exprs)

    def _select_exprs(self, exprs: List[Expression],
                      window_times_checked: bool = False) -> "DataFrame":
        from .expressions.window_expr import contains_window
        if not window_times_checked:
            base = self._without_null_window_times(exprs)
            if base is not self:
                return base._select_exprs(exprs, window_times_checked=True)
        plan = self._plan
        attrs = plan.output
        exprs = [_named_generator(_sliding_window_generator(e)) for e in exprs]
        # generators (explode) become a Generate node under the projection
        gens = [(i, e) for i, e in enumerate(exprs) if _generator_of(e) is not None]
        if gens:
            if len(gens) > 1:
                raise AnalysisException(
                    "[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: "
                    f"only one generator allowed per SELECT clause but found {len(gens)}: "
                    f"{', '.join(_generator_of(e).sql() for _, e in gens)}.",
                    "UNSUPPORTED_GENERATOR.MULTI_GENERATOR")
            i, e = gens[0]
            gen, names = _generator_of(e), _alias_names(e)
            gen = self._resolve(gen)
            gen_attrs = gen.element_attrs(names)
            plan = L.Generate(gen, gen.outer, gen_attrs, plan)
            exprs = exprs[:i] + list(gen_attrs) + exprs[i + 1:]
            attrs = plan.output
        resolved = [ensure_named(resolve(e, attrs, self._session)) for e in exprs]
        if any(contains_window(e) for e in resolved):
            from .window_planning import plan_windows
            return self._with(plan_windows(resolved, plan))
        if any(is_aggregate(e) for e in resolved):
            return self._with(L.Aggregate([], resolved, plan))
        return self._with(L.Project(resolved, plan))

    def selectExpr(self, *expr) -> "DataFrame":
        from .parser import parse_expression
        exprs = []
        for e in _flatten_cols(expr):
            exprs.append(Column(parse_expression(e)))
        return self.select(*exprs)

    def withColumn(self, colName: str, col: Column) -> "DataFrame":
        if not isinstance(col, Column):
            raise _not_expected("col", "Column", col)
        return self.withColumns({colName: col})

    def withColumns(self, *colsMap: Dict[str, Column]) -> "DataFrame":
        if len(colsMap) != 1 or not isinstance(colsMap[0], dict):
            raise _not_expected("colsMap", "dict", colsMap[0] if colsMap else None)
        mapping = colsMap[0]
        for v in mapping.values():
            if not isinstance(v, Column):
                raise _not_expected("col", "Column or str", v)
        attrs = self._attrs()
        lowered = {k.lower(): (k, v) for k, v in mapping.items()}
        exprs: List[Any] = []
        used = set()
        for a in attrs:
            hit = lowered.get(a.name.lower())
            if hit is not None:
                exprs.append(Column(Alias(to_expr(hit[1]), hit[0])))
                used.add(hit[0].lower())
            else:
                exprs.append(Column(a))
        for k, v in mapping.items():
            if k.lower() not in used:
                exprs.append(Column(Alias(to_expr(v), k)))
        return self._select_exprs([c._expr for c in exprs])

    def withColumnRenamed(self, existing: str, new: str) -> "DataFrame":
        return self.withColumnsRenamed({existing: new})

    def withColumnsRenamed(self, colsMap: Dict[str, str]) -> "DataFrame":
        if not isinstance(colsMap, dict):
            raise _not_expected("colsMap", "dict", colsMap)
        low = {k.lower(): v for k, v in colsMap.items()}
        exprs = []
        changed = False
        for a in self._attrs():
            if a.name.lower() in low:
                exprs.append(Alias(a, low[a.name.lower()]))
                changed = True
            else:
                exprs.append(a)
        if not changed:
            return self
        return self._with(L.Project(exprs, self._plan))

    def withMetadata(self, columnName: str, metadata: Dict[str, Any]) -> "DataFrame":
        if not isinstance(metadata, dict):
            raise _not_expected("metadata", "dict", metadata)
        self._resolve_col(columnName)
        exprs = []
        for a in self._attrs():
            if a.name == columnName:
                exprs.append(Alias(a, a.name, metadata=metadata))
            else:
                exprs.append(a)
        return self._with(L.Project(exprs, self._plan))

    def toDF(self, *cols: str) -> "DataFrame":
        attrs = self._attrs()
        if len(cols) != len(attrs):
            raise AnalysisException(
                f"[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables assigned or "
                f"aliased: {len(attrs)} does not match the number of source expressions: "
                f"{len(cols)}. SQLSTATE: 42802", "ASSIGNMENT_ARITY_MISMATCH",
                {"numTarget": str(len(attrs)), "numExpr": str(len(cols))})
        return self._with(L.Project([Alias(a, n) for a, n in zip(attrs, cols)], self._plan))

    def drop(self, *cols) -> "DataFrame":
        attrs = self._attrs()
        drop_ids = set()
        for c in cols:
            if isinstance(c, str):
                for a in attrs:
                    if a.name.lower() == c.lower():
                        drop_ids.add(a.expr_id)
            elif isinstance(c, Column):
                e = c._expr
                if isinstance(e, UnresolvedAttribute):
                    # an unknown name is ignored (as a str is), but an ambiguous one is an
                    # error: Spark cannot tell which of the same-named columns to drop
                    try:
                        e = resolve_attribute(e.name_parts, attrs)
                    except AnalysisException as err:
                        if err.getCondition() == "AMBIGUOUS_REFERENCE":
                            raise
                        continue
                if isinstance(e, AttributeReference):
                    drop_ids.add(e.expr_id)
            else:
                raise _not_expected("col", "Column or str", c)
        if not drop_ids:
            return self
        return self._with(L.Project([a for a in attrs if a.expr_id not in drop_ids], self._plan))

    def alias(self, alias: str) -> "DataFrame":
        return self._with(L.SubqueryAlias(alias, self._plan))

    def to(self, schema: StructType) -> "DataFrame":
        from .expressions.cast import Cast
        attrs = {a.name.lower(): a for a in self._attrs()}
        exprs = []
        for f in schema.fields:
            a = attrs.get(f.name.lower())
            if a is None:
                raise AnalysisException(
                    f"[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function "
                    f"parameter with name `{f.name}` cannot be resolved.",
                    "UNRESOLVED_COLUMN.WITH_SUGGESTION")
            e = a if a.data_type == f.dataType else Cast(a, f.dataType)
            exprs.append(Alias(e, f.name))
        return self._with(L.Project(exprs, self._plan))

    # ==================================================================================
    # filtering, sorting, limits
    # ==================================================================================
    def filter(self, condition) -> "DataFrame":
        if isinstance(condition, str):
            from .parser import parse_expression
            e = parse_expression(condition)
        elif isinstance(condition, Column):
            e = condition._expr
        else:
            raise _not_expected("condition", "Column or str", condition)
        e = self._resolve(e)
        from .expressions.window_expr import reject_windows
        reject_windows(e, "WHERE")
        from .types import BooleanType, NullType
        if not isinstance(e.data_type, (BooleanType, NullType)):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{e.sql()}\" due to "
                f"data type mismatch: Filter expression \"{e.sql()}\" of type "
                f"\"{e.data_type.simpleString().upper()}\" is not a boolean.",
                "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN")
        return self._with(L.Filter(e, self._plan))

    where = filter

    def _sort_orders(self, cols, ascending) -> List[SortOrder]:
        if not cols:
            raise PySparkValueError("[CANNOT_BE_EMPTY] At least one cols must be specified.",
                                    "CANNOT_BE_EMPTY", {"item": "cols"})
        cols = _flatten_cols(cols)
        if ascending is not None and not isinstance(ascending, (bool, int, list)):
            raise _not_expected("ascending", "Column, int or str", ascending)
        orders = []
        for c in cols:
            if not isinstance(c, (str, Column, int, Expression)):
                raise _not_expected("col", "Column, int or str", c)
            if isinstance(c, int) and not isinstance(c, bool):
                attrs = self._attrs()
                if c == 0 or abs(c) > len(attrs):
                    raise PySparkIndexError(
                        f"[INDEX_NOT_POSITIVE] Index must be non-zero, got {c}."
                        if c == 0 else f"[ZERO_INDEX] Column ordinal out of bounds: {c}",
                        "INDEX_NOT_POSITIVE")
                e: Expression = attrs[abs(c) - 1]
                orders.append(SortOrder(e, c > 0, c > 0))
                continue
            e = _name_expr(c)
            if isinstance(e, SortOrder):
                orders.append(SortOrder(self._resolve(e.child), e.ascending, e.nulls_first))
            else:
                orders.append(SortOrder(self._resolve(e), True, True))
        if ascending is not None:
            if isinstance(ascending, (bool, int)):
                asc = [bool(ascending)] * len(orders)
            else:
                asc = [bool(a) for a in ascending]
                if len(asc) != len(orders):
                    raise PySparkValueError(
                        "[LENGTH_SHOULD_BE_THE_SAME] cols and ascending should have the same "
                        "length.", "LENGTH_SHOULD_BE_THE_SAME")
            orders = [SortOrder(o.child, a, a) for o, a in zip(orders, asc)]
        return orders

    def orderBy(self, *cols, ascending=None) -> "DataFrame":
        orders = self._sort_orders(cols, ascending)
        if not orders:                         # sort([]): nothing to order by
            return self._with(self._plan)
        return self._with(L.Sort(orders, True, self._plan))

    sort = orderBy

    def sortWithinPartitions(self, *cols, ascending=None) -> "DataFrame":
        orders = self._sort_orders(cols, ascending)
        if not orders:
            return self._with(self._plan)
        return self._with(L.Sort(orders, False, self._plan))

    def limit(self, num: int) -> "DataFrame":
        if num < 0:
            raise AnalysisException(
                f"[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "
                f"\"{num}\" is invalid. The limit expression must be equal to or greater than 0, "
                f"but got {num}. SQLSTATE: 42K0E", "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE")
        return self._with(L.Limit(num, self._plan))

    def offset(self, num: int) -> "DataFrame":
        if num < 0:
            raise AnalysisException(
                f"[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "
                f"\"{num}\" is invalid. The offset expression must be equal to or greater than "
                f"0, but got {num}. SQLSTATE: 42K0E", "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE")
        return self._with(L.Offset(num, self._plan))

    # ==================================================================================
    # aggregation
    # ==================================================================================
    def groupBy(self, *cols) -> "GroupedData":
        from .group import GroupedData
        cols = _flatten_cols(cols)
        df = self._without_null_window_times([c._expr for c in cols if isinstance(c, Column)])
        df, cols = df._expand_sliding_windows(cols)
        return GroupedData(df, [df._group_expr(c) for c in cols], "groupby")

    def _without_null_window_times(self, exprs) -> "DataFrame":
        """This DataFrame without the rows whose time is NULL when ``exprs`` use a time
        ``window(...)``: Spark's TimeWindowing filters them out (a NULL time is in no window),
        so the window column is never NULL."""
        from .expressions.predicates import IsNotNull, combine_conjuncts
        from .expressions.time_window import TimeWindow
        times = [x.children[0] for e in exprs for x in e.walk() if isinstance(x, TimeWindow)]
        if not times:
            return self
        return self.filter(Column(combine_conjuncts([IsNotNull(t) for t in times])))

    def _expand_sliding_windows(self, cols):
        """A sliding ``window(...)`` among the grouping columns: each row is repeated for every
        window it falls into (an explode under the grouping, as Spark's TimeWindowing), and the
        grouping uses that ``window`` column."""
        from .expressions.generators import Explode
        from .expressions.time_window import SlidingTimeWindows, is_sliding
        idx = [i for i, c in enumerate(cols) if isinstance(c, Column) and is_sliding(c._expr)]
        if not idx:
            return self, cols
        if len(idx) > 1:
            raise _multiple_time_windows()
        w = cols[idx[0]]._expr
        name = "__window"
        df = self.select("*", Column(Explode(SlidingTimeWindows.of(w))).alias(name))
        cols = list(cols)
        cols[idx[0]] = Column(Alias(df[name]._expr, "window"))
        return df, cols

    groupby = groupBy

    def _group_expr(self, c) -> Expression:
        if not isinstance(c, (str, Column, int, Expression)):
            raise _not_expected("col", "Column or str", c)
        if isinstance(c, int) and not isinstance(c, bool):
            return self._attrs()[c - 1]
        return self._resolve(_name_expr(c))

    def rollup(self, *cols) -> "GroupedData":
        from .group import GroupedData
        return GroupedData(self, [self._group_expr(c) for c in _flatten_cols(cols)], "rollup")

    def cube(self, *cols) -> "GroupedData":
        from .group import GroupedData
        return GroupedData(self, [self._group_expr(c) for c in _flatten_cols(cols)], "cube")

    def groupingSets(self, groupingSets, *cols) -> "GroupedData":
        from .group import GroupedData
        sets = [[self._group_expr(c) for c in s] for s in groupingSets]
        return GroupedData(self, [self._group_expr(c) for c in _flatten_cols(cols)],
                           "groupingsets", grouping_sets=sets)

    def agg(self, *exprs) -> "DataFrame":
        return self.groupBy().agg(*exprs)

    def distinct(self) -> "DataFrame":
        return self._with(L.Distinct(self._plan))

    def dropDuplicates(self, subset: Optional[List[str]] = None) -> "DataFrame":
        if subset is None:
            return self.distinct()
        if not isinstance(subset, (list, tuple)):
            raise _not_expected("subset", "list or tuple", subset)
        keys = []
        attrs = self._attrs()
        for name in subset:
            hits = [a for a in attrs if a.name.lower() == str(name).lower()]
            if not hits:
                raise _among_field_names(name, attrs)
            keys.extend(hits)
        return self._with(L.Deduplicate(keys, self._plan))

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, subset=None):
        """Streaming only: over a batch DataFrame Spark fails when the query runs (every
        rayspark DataFrame is a batch one), so the marker node raises at planning."""
        deduped = self.dropDuplicates(subset)
        return deduped._with(L.MapPartitions(_identity_batches, list(deduped._attrs()),
                                             deduped._plan, kind=_WATERMARK_DEDUP))

    # ==================================================================================
    # joins and set operations
    # ==================================================================================
    def join(self, other: "DataFrame", on=None, how: Optional[str] = None) -> "DataFrame":
        how_key = (how or "inner").lower().replace("_", "") if how else "inner"
        jt = L.JOIN_TYPES.get(how_key) or L.JOIN_TYPES.get((how or "").lower())
        if jt is None:
            raise AnalysisException(
                f"[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{how}'. Supported join types "
                "include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', "
                "'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', "
                "'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000",
                "UNSUPPORTED_JOIN_TYPE")
        left, right = self._plan, other._plan
        if right is left or any(a.expr_id in {b.expr_id for b in left.output}
                                for a in right.output):
            right = _fresh_instance(right)
        hint = None
        if getattr(other, "_hint", None) == "broadcast":
            hint = "right"
        elif getattr(self, "_hint", None) == "broadcast":
            hint = "left"
        if on is None:
            join = L.Join(left, right, "cross" if jt == "inner" else jt, None, hint)
            return self._with(join)
        if isinstance(on, str):
            on = [on]
        if isinstance(on, (list, tuple)) and on and all(isinstance(x, str) for x in on):
            return self._using_join(left, right, list(on), jt, hint)
        if isinstance(on, (list, tuple)):
            cond = None
            for c in on:
                e = c._expr if isinstance(c, Column) else to_expr(c)
                cond = e if cond is None else _and(cond, e)
        else:
            cond = on._expr if isinstance(on, Column) else to_expr(on)
        cond = _resolve_join_condition(cond, left, right, self, other, self._session)
        return self._with(L.Join(left, right, jt, cond, hint))

    def _using_join(self, left, right, names, jt, hint):
        from .expressions.conditional import Coalesce
        from .expressions.predicates import EqualTo
        lkeys, rkeys = [], []
        for n in names:
            try:
                lk = resolve_attribute([n], left.output)
            except AnalysisException:
                raise AnalysisException(
                    f"[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `{n}` cannot be resolved "
                    f"on the left side of the join. The left-side columns: "
                    f"[{', '.join(sorted('`' + a.name + '`' for a in left.output))}]. SQLSTATE: 42703",
                    "UNRESOLVED_USING_COLUMN_FOR_JOIN") from None
            try:
                rk = resolve_attribute([n], right.output)
            except AnalysisException:
                raise AnalysisException(
                    f"[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `{n}` cannot be resolved "
                    f"on the right side of the join. The right-side columns: "
                    f"[{', '.join(sorted('`' + a.name + '`' for a in right.output))}]. SQLSTATE: 42703",
                    "UNRESOLVED_USING_COLUMN_FOR_JOIN") from None
            lkeys.append(lk)
            rkeys.append(rk)
        cond = None
        for lk, rk in zip(lkeys, rkeys):
            eq = EqualTo(lk, rk).coerce()
            cond = eq if cond is None else _and(cond, eq)
        join = L.Join(left, right, jt, cond, hint)
        out = join.output
        by_id = {a.expr_id: a for a in out}
        lids = {a.expr_id for a in lkeys}
        rids = {a.expr_id for a in rkeys}
        proj: List[Expression] = []
        for lk, rk in zip(lkeys, rkeys):
            if jt == "full":
                proj.append(Alias(Coalesce([by_id[lk.expr_id], by_id[rk.expr_id]]).coerce(),
                                  lk.name))
            elif jt == "right":
                proj.append(by_id[rk.expr_id])
            else:
                proj.append(by_id[lk.expr_id])
        proj += [a for a in left.output if a.expr_id not in lids and a.expr_id in by_id]
        if jt not in ("semi", "anti"):
            proj += [by_id[a.expr_id] for a in right.output if a.expr_id not in rids]
        else:
            proj = [by_id[lk.expr_id] for lk in lkeys] + \
                [a for a in left.output if a.expr_id not in lids]
        return self._with(L.Project(proj, join))

    def nearestByJoin(self, other: "DataFrame", rankingExpression: Column, numResults: int,
                      mode: str, direction: str, *, joinType: str = "inner") -> "DataFrame":
        """For each row, the ``numResults`` rows of ``other`` ranked first (Spark 4.2)."""
        from .nearest_by_join import nearest_by_join
        return nearest_by_join(self, other, rankingExpression, numResults, mode, direction,
                               joinType)

    def crossJoin(self, other: "DataFrame") -> "DataFrame":
        right = other._plan
        if any(a.expr_id in {b.expr_id for b in self._plan.output} for a in right.output):
            right = _fresh_instance(right)
        return self._with(L.Join(self._plan, right, "cross", None))

    def hint(self, name: str, *parameters) -> "DataFrame":
        df = self._with(self._plan)
        if name.lower() in ("broadcast", "broadcastjoin", "mapjoin"):
            df._hint = "broadcast"
        return df

    def _check_union(self, other, op):
        a, b = self._attrs(), other._attrs()
        if len(a) != len(b):
            raise AnalysisException(
                f"[NUM_COLUMNS_MISMATCH] {op} can only be performed on inputs with the same "
                f"number of columns, but the first input has {len(a)} columns and the second "
                f"input has {len(b)} columns. SQLSTATE: 42826", "NUM_COLUMNS_MISMATCH")

    def _aligned(self, other: "DataFrame", op: str):
        """Both sides cast to the wider column types, as Spark's union coercion does."""
        from .expressions.coercion import wider_type
        from .expressions.cast import Cast
        self._check_union(other, op)
        lefts, rights = [], []
        changed_l = changed_r = False
        for la, ra in zip(self._attrs(), other._attrs()):
            t = wider_type(la.data_type, ra.data_type)
            if t is None:
                raise AnalysisException(
                    f"[INCOMPATIBLE_COLUMN_TYPE] {op} can only be performed on tables with "
                    f"compatible column types. The column `{ra.name}` of the second table is "
                    f"\"{ra.data_type.simpleString().upper()}\" type which is not compatible "
                    f"with \"{la.data_type.simpleString().upper()}\".",
                    "INCOMPATIBLE_COLUMN_TYPE")
            if la.data_type != t:
                lefts.append(Alias(Cast(la, t, implicit=True), la.name))
                changed_l = True
            else:
                lefts.append(la)
            if ra.data_type != t:
                rights.append(Alias(Cast(ra, t, implicit=True), ra.name))
                changed_r = True
            else:
                rights.append(ra)
        lp = L.Project(lefts, self._plan) if changed_l else self._plan
        rp = L.Project(rights, other._plan) if changed_r else other._plan
        return lp, rp

    def union(self, other: "DataFrame") -> "DataFrame":
        lp, rp = self._aligned(other, "UNION")
        return self._with(L.Union([lp, rp]))

    unionAll = union

    def unionByName(self, other: "DataFrame", allowMissingColumns: bool = False) -> "DataFrame":
        from .expressions.base import Literal as Lit
        mine = self._attrs()
        theirs = {a.name.lower(): a for a in other._attrs()}
        exprs: List[Expression] = []
        for a in mine:
            b = theirs.get(a.name.lower())
            if b is None:
                if not allowMissingColumns:
                    raise _among_field_names(a.name, other._attrs())
                exprs.append(Alias(Lit(None, a.data_type), a.name))
            else:
                exprs.append(b)
        left = self
        if allowMissingColumns:
            extra = [b for b in other._attrs()
                     if b.name.lower() not in {a.name.lower() for a in mine}]
            if extra:
                left = self.select(*[Column(a) for a in mine],
                                   *[Column(Alias(Lit(None, b.data_type), b.name)) for b in extra])
                exprs += extra
        elif len(mine) != len(other._attrs()):
            self._check_union(other, "UNION")
        right = other._with(L.Project(exprs, other._plan))
        return left.union(right)

    def intersect(self, other: "DataFrame") -> "DataFrame":
        lp, rp = self._aligned(other, "INTERSECT")
        return self._with(L.SetOperation(lp, rp, "intersect", False))

    def intersectAll(self, other: "DataFrame") -> "DataFrame":
        lp, rp = self._aligned(other, "INTERSECT ALL")
        return self._with(L.SetOperation(lp, rp, "intersect", True))

    def subtract(self, other: "DataFrame") -> "DataFrame":
        lp, rp = self._aligned(other, "EXCEPT")
        return self._with(L.SetOperation(lp, rp, "except", False))

    def exceptAll(self, other: "DataFrame") -> "DataFrame":
        lp, rp = self._aligned(other, "EXCEPT ALL")
        return self._with(L.SetOperation(lp, rp, "except", True))

    # ==================================================================================
    # partitioning and sampling
    # ==================================================================================
    def repartition(self, numPartitions=None, *cols) -> "DataFrame":
        if isinstance(numPartitions, (str, Column)):
            cols = (numPartitions,) + cols
            numPartitions = None
        if numPartitions is not None and not isinstance(numPartitions, int):
            raise PySparkTypeError(
                "[NOT_COLUMN_OR_STR] Argument `numPartitions` should be a Column or str, got "
                f"{type(numPartitions).__name__}.", "NOT_COLUMN_OR_STR")
        _partitions_positive(numPartitions)
        if not cols:
            return self._with(L.Repartition(numPartitions, True, self._plan))
        exprs = [self._resolve(_name_expr(c)) for c in _flatten_cols(cols)]
        return self._with(L.RepartitionByExpression(exprs, numPartitions, self._plan))

    def repartitionById(self, numPartitions: int, partitionIdCol) -> "DataFrame":
        """Rows go to the partition their INT expression names (pmod; NULL -> 0)."""
        from .direct_partitioning import repartition_by_id
        return repartition_by_id(self, numPartitions, partitionIdCol)

    def repartitionByRange(self, numPartitions=None, *cols) -> "DataFrame":
        if isinstance(numPartitions, (str, Column)):
            cols = (numPartitions,) + cols
            numPartitions = None
        _partitions_positive(numPartitions)
        orders = self._sort_orders(cols, None)
        return self._with(L.RepartitionByExpression(orders, numPartitions, self._plan,
                                                    by_range=True))

    def coalesce(self, numPartitions: int) -> "DataFrame":
        _partitions_positive(numPartitions)
        return self._with(L.Repartition(numPartitions, False, self._plan))

    def sample(self, withReplacement=None, fraction=None, seed=None) -> "DataFrame":
        # argument forms as PySpark's _preapare_args_for_sample
        if isinstance(withReplacement, bool) and isinstance(fraction, float):
            pass
        elif withReplacement is None and isinstance(fraction, float):
            withReplacement = False
        elif isinstance(withReplacement, float) and not isinstance(withReplacement, bool):
            withReplacement, fraction, seed = False, float(withReplacement), fraction
        else:
            types = ", ".join(type(a).__name__ for a in (withReplacement, fraction, seed))
            raise PySparkTypeError(
                "[NOT_EXPECTED_TYPE] Argument `withReplacement (optional), fraction (required) "
                f"and seed (optional)` should be bool, float or int, got {types}.",
                "NOT_EXPECTED_TYPE")
        if withReplacement and fraction < 0:
            raise IllegalArgumentException(
                f"requirement failed: Sampling fraction ({fraction}) must be nonnegative with "
                "replacement")
        if not withReplacement and not 0.0 <= fraction <= 1.0:
            raise IllegalArgumentException(
                f"requirement failed: Sampling fraction ({fraction}) must be on interval [0, 1] "
                "without replacement")
        seed = _random.randint(0, 2 ** 31) if seed is None else int(seed)
        return self._with(L.Sample(float(fraction), bool(withReplacement), seed, self._plan))

    def randomSplit(self, weights: List[float], seed: Optional[int] = None) -> List["DataFrame"]:
        for w in weights:
            if w < 0.0:
                raise PySparkValueError(
                    f"[VALUE_NOT_POSITIVE] Value for `weights` must be positive, got '{w}'.",
                    "VALUE_NOT_POSITIVE", {"arg_name": "weights", "arg_value": str(w)})
        seed = _random.randint(0, 2 ** 31) if seed is None else int(seed)
        total = float(sum(weights))
        bounds, acc = [0.0], 0.0
        for w in weights:
            acc += w / total
            bounds.append(acc)
        base = self.sortWithinPartitions(*self.columns) if self.columns else self
        return [base._with(L.Sample(bounds[i + 1], False, seed, base._plan, lower=bounds[i]))
                for i in range(len(weights))]

    # ==================================================================================
    # other transformations
    # ==================================================================================
    def explode(self, *a, **k):  # pragma: no cover - not a DataFrame method in PySpark
        raise AttributeError("explode")

    def transform(self, func, *args, **kwargs) -> "DataFrame":
        result = func(self, *args, **kwargs)
        assert isinstance(result, DataFrame), (
            f"Func returned an instance of type [{type(result)}], should have been DataFrame.")
        return result

    def fillna(self, value, subset=None) -> "DataFrame":
        return self.na.fill(value, subset)

    def dropna(self, how: str = "any", thresh: Optional[int] = None, subset=None):
        return self.na.drop(how, thresh, subset)

    def replace(self, to_replace, value=_NO_VALUE, subset=None):
        return self.na.replace(to_replace, value, subset)

    def unpivot(self, ids, values, variableColumnName: str, valueColumnName: str):
        from . import functions as F
        ids = [ids] if isinstance(ids, (str, Column)) else list(ids)
        if values is None:
            id_names = {i if isinstance(i, str) else None for i in ids}
            values = [c for c in self.columns if c not in id_names]
        values = [values] if isinstance(values, (str, Column)) else list(values)
        if not values:
            raise AnalysisException(
                "[UNPIVOT_REQUIRES_VALUE_COLUMNS] At least one value column needs to be "
                "specified for UNPIVOT, all columns specified as ids. SQLSTATE: 42K0A",
                "UNPIVOT_REQUIRES_VALUE_COLUMNS")
        structs = [F.struct(F.lit(v if isinstance(v, str) else v._expr.name).alias(variableColumnName),
                            (F.col(v) if isinstance(v, str) else v).alias(valueColumnName))
                   for v in values]
        exploded = self.select(*ids, F.explode(F.array(*structs)).alias("__unpivot"))
        return exploded.select(*ids, F.col("__unpivot")[variableColumnName].alias(variableColumnName),
                               F.col("__unpivot")[valueColumnName].alias(valueColumnName))

    melt = unpivot

    def scalar(self) -> Column:
        """This one-column DataFrame as a scalar subquery: a Column whose value is its single
        row's value (NULL for no row); uncorrelated only."""
        from .subquery import scalar
        return scalar(self)

    def exists(self) -> Column:
        """An EXISTS subquery over this DataFrame: a boolean Column, true when it has a row;
        uncorrelated only."""
        from .subquery import exists
        return exists(self)

    def observe(self, observation, *exprs: Column) -> "DataFrame":
        """Named aggregate metrics over the rows flowing through this point, reported when
        the first action over the returned DataFrame ends (see observation.py)."""
        from .observation import observe
        return observe(self, observation, list(exprs))

    def zip(self, other: "DataFrame") -> "DataFrame":
        """This DataFrame's columns then ``other``'s, row by row; both must be projections of
        the same plan (Spark 4.3)."""
        from .zip_plans import zip_frames
        return zip_frames(self, other)

    def zipWithIndex(self, indexColName: str = "index") -> "DataFrame":
        """Appends a consecutive 0-based LONG index in partition order (RDD.zipWithIndex)."""
        from .distributed_sequence import zip_with_index
        return zip_with_index(self, indexColName)

    def transpose(self, indexColumn=None) -> "DataFrame":
        """The index column's values become the columns (Spark 4; runs a query now, as
        Spark's analyzer does, since the output columns depend on the data)."""
        from .transpose import transpose
        return transpose(self, indexColumn)

    def mapInPandas(self, func, schema, barrier: bool = False, profile=None) -> "DataFrame":
        from .udf import map_in_pandas
        return map_in_pandas(self, func, schema, arrow=False)

    def mapInArrow(self, func, schema, barrier: bool = False, profile=None) -> "DataFrame":
        from .udf import map_in_pandas
        return map_in_pandas(self, func, schema, arrow=True)

    # ==================================================================================
    # actions
    # ==================================================================================
    def collect(self) -> List[Row]:
        return self._rows(self._collect_table())

    def toArrow(self) -> pa.Table:
        from .arrow_types import to_arrow_schema
        t = self._collect_table()
        return t.rename_columns(self.columns).combine_chunks()

    def toPandas(self):
        from .pandas_conversion import table_to_pandas
        return table_to_pandas(self._collect_table(), self.schema, self._session._timezone())

    def take(self, num: int) -> List[Row]:
        return self._rows(self._take_table(num))

    def head(self, n: Optional[int] = None):
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def tail(self, num: int) -> List[Row]:
        return self._with(L.Tail(num, self._plan)).collect()

    def count(self) -> int:
        from . import functions as F
        return self.groupBy().agg(F.count("*")).collect()[0][0]

    def isEmpty(self) -> bool:
        return len(self.take(1)) == 0

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[Row]:
        from .arrow_types import arrow_to_rows
        schema = self.schema
        for b in self._execute_rdd().toLocalIterator():
            yield from arrow_to_rows(b, schema, timezone=None)
        self._finish_observations()

    def foreach(self, f) -> None:
        self.rdd.foreach(f)
        self._finish_observations()

    def foreachPartition(self, f) -> None:
        self.rdd.foreachPartition(f)
        self._finish_observations()

    def toJSON(self, use_unicode: bool = True):
        from .json_rows import row_to_json
        schema = self.schema
        tz = self._session._timezone()
        return self.rdd.map(lambda r: row_to_json(r, schema, tz))

    def _show_string(self, n: int = 20, truncate: Union[bool, int] = True,
                     vertical: bool = False) -> str:
        from .formatting import pretty_string, show_string
        if not isinstance(n, int) or isinstance(n, bool):
            raise _not_expected("n", "int", n)
        if not isinstance(vertical, bool):
            raise _not_expected("vertical", "bool", vertical)
        if not isinstance(truncate, (bool, int)):
            raise _not_expected("truncate", "bool", truncate)
        table = self._take_table(max(n, 0) + 1)
        rows = self._rows(table)
        has_more = len(rows) > n
        rows = rows[:n]
        types = [a.data_type for a in self._attrs()]
        tz = self._session._timezone()
        cells = [[pretty_string(v, t, tz) for v, t in zip(r, types)] for r in rows]
        if truncate is True:
            tr = 20
        elif truncate is False:
            tr = 0
        else:
            tr = int(truncate)
        return show_string(self.columns, cells, truncate=tr, vertical=vertical,
                           has_more=has_more, n=n)

    def show(self, n: int = 20, truncate: Union[bool, int] = True, vertical: bool = False):
        print(self._show_string(n, truncate, vertical))

    def _repr_html_(self):
        if not self._session._eager_eval():
            return None
        from .formatting import html_table, pretty_string
        n = int(self._session.conf.get("spark.sql.repl.eagerEval.maxNumRows", "20"))
        table = self._take_table(n + 1)
        rows = self._rows(table)
        has_more = len(rows) > n
        types = [a.data_type for a in self._attrs()]
        tz = self._session._timezone()
        cells = [[pretty_string(v, t, tz) for v, t in zip(r, types)] for r in rows[:n]]
        return html_table(self.columns, cells, has_more=has_more, n=n)

    def explain(self, extended=None, mode: Optional[str] = None) -> None:
        print(self._explain_string(extended, mode))

    def _explain_string(self, extended=None, mode=None) -> str:
        if extended is not None and mode is not None:
            raise PySparkValueError(
                "[CANNOT_SET_TOGETHER] extended and mode should not be set together.",
                "CANNOT_SET_TOGETHER", {"arg_list": "extended and mode"})
        if isinstance(extended, str):
            mode, extended = extended, None
        mode = (mode or ("extended" if extended else "simple")).lower()
        physical = self._physical()
        phys = "== Physical Plan ==\n" + physical.tree_string()
        if mode == "simple":
            return phys + "\n"
        parsed = self._plan.tree_string()
        analyzed = self._plan.tree_string()
        optimized = self._session._optimizer.optimize(self._effective_plan()).tree_string()
        if mode == "cost":
            size = self._session._optimizer.optimize(self._effective_plan()).size_in_bytes()
            stats = f"Statistics(sizeInBytes={_human_bytes(size)})" if size is not None \
                else "Statistics(sizeInBytes=unknown)"
            return f"== Optimized Logical Plan ==\n{optimized}, {stats}\n\n{phys}\n"
        if mode == "extended":
            schema = ", ".join(f"{a.name}: {a.data_type.simpleString()}" for a in self._attrs())
            return (f"== Parsed Logical Plan ==\n{parsed}\n\n== Analyzed Logical Plan ==\n"
                    f"{schema}\n{analyzed}\n\n== Optimized Logical Plan ==\n{optimized}\n\n"
                    f"{phys}\n")
        if mode == "formatted":
            return phys + "\n"
        if mode == "codegen":
            return phys + "\n"
        raise IllegalArgumentException(
            f"Unknown explain mode: {mode}. Accepted explain modes are 'simple', 'extended', "
            "'codegen', 'cost', 'formatted'.")

    # ==================================================================================
    # persistence and views
    # ==================================================================================
    def cache(self) -> "DataFrame":
        return self.persist()

    def persist(self, storageLevel: StorageLevel = StorageLevel.MEMORY_AND_DISK_DESER
                ) -> "DataFrame":
        self._session._cache_manager.cache(self, storageLevel)
        self.is_cached = True
        return self

    def unpersist(self, blocking: bool = False) -> "DataFrame":
        self._session._cache_manager.uncache(self, blocking)
        self.is_cached = False
        return self

    @property
    def storageLevel(self) -> StorageLevel:
        return self._session._cache_manager.level_of(self)

    def checkpoint(self, eager: bool = True) -> "DataFrame":
        return self._checkpoint(eager, local=False)

    def localCheckpoint(self, eager: bool = True, storageLevel=None) -> "DataFrame":
        return self._checkpoint(eager, local=True)

    def _checkpoint(self, eager, local):
        rdd = self._execute_rdd()
        if local:
            rdd.localCheckpoint()
        else:
            rdd.checkpoint()
        if eager:
            rdd.count()
        attrs = [a.new_instance() for a in self._attrs()]
        return self._with(L.LogicalRDD(attrs, rdd, self._plan.size_in_bytes()))

    def createTempView(self, name: str) -> None:
        self._session.catalog._create_temp_view(name, self, replace=False)

    def createOrReplaceTempView(self, name: str) -> None:
        self._session.catalog._create_temp_view(name, self, replace=True)

    registerTempTable = createOrReplaceTempView

    def createGlobalTempView(self, name: str) -> None:
        self._session.catalog._create_temp_view(name, self, replace=False, global_=True)

    def createOrReplaceGlobalTempView(self, name: str) -> None:
        self._session.catalog._create_temp_view(name, self, replace=True, global_=True)

    # ==================================================================================
    # statistics
    # ==================================================================================
    def describe(self, *cols) -> "DataFrame":
        from .stat import describe
        return describe(self, _flatten_cols(cols))

    def summary(self, *statistics) -> "DataFrame":
        from .stat import summary
        return summary(self, list(statistics))

    def corr(self, col1: str, col2: str, method: Optional[str] = None) -> float:
        return self.stat.corr(col1, col2, method)

    def cov(self, col1: str, col2: str) -> float:
        return self.stat.cov(col1, col2)

    def crosstab(self, col1: str, col2: str) -> "DataFrame":
        return self.stat.crosstab(col1, col2)

    def freqItems(self, cols, support: Optional[float] = None) -> "DataFrame":
        return self.stat.freqItems(cols, support)

    def approxQuantile(self, col, probabilities, relativeError):
        return self.stat.approxQuantile(col, probabilities, relativeError)

    def sampleBy(self, col, fractions, seed=None):
        return self.stat.sampleBy(col, fractions, seed)

    # ==================================================================================
    # misc
    # ==================================================================================
    def inputFiles(self) -> List[str]:
        out = []
        for node in self._plan.walk():
            if isinstance(node, L.FileRelation):
                out.extend(f.path for f in node.file_index.files)
        return sorted(set(out))

    def _canonical_plan(self) -> str:
        """The optimized plan's text with expression ids numbered by first use and alias names
        dropped (Spark's canonicalized plan: equal for the same computation)."""
        import re
        text = self._session._optimizer.optimize(self._plan).tree_string()
        text = re.sub(r" AS [^,\]\)#]+#", " AS #", text)
        ids: Dict[str, str] = {}
        return re.sub(r"#(\d+)", lambda m: "#" + ids.setdefault(m.group(1), str(len(ids))),
                      text)

    def sameSemantics(self, other: "DataFrame") -> bool:
        if not isinstance(other, DataFrame):
            raise PySparkTypeError(
                f"[NOT_DATAFRAME] Argument `other` should be a DataFrame, got "
                f"{type(other).__name__}.", "NOT_DATAFRAME")
        return self._canonical_plan() == other._canonical_plan()

    def semanticHash(self) -> int:
        import zlib
        return zlib.crc32(self._canonical_plan().encode()) - (1 << 31)

    def isLocal(self) -> bool:
        return isinstance(self._plan, L.LocalRelation) and self._plan.local

    def withWatermark(self, eventTime: str, delayThreshold: str) -> "DataFrame":
        return self

    def __iter__(self):
        raise PySparkTypeError(
            "[NOT_ITERABLE] DataFrame is not iterable. Use DataFrame.collect() or "
            "DataFrame.toLocalIterator().", "NOT_ITERABLE")


_WATERMARK_DEDUP = "DeduplicateWithinWatermark"


class _LegacyAnalysisException(AnalysisException):
    """Spark prints ``_LEGACY_ERROR_TEMP_*`` conditions without the ``[condition]`` prefix
    (getCondition still names it)."""

    def __str__(self) -> str:
        return self._message


def _identity_batches(batches):
    return batches


def _human_bytes(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024.0
    return str(n)


def _and(a, b):
    from .expressions.predicates import And
    return And(a, b)


def _generator_of(e: Expression) -> Optional[Generator]:
    if isinstance(e, Generator):
        return e
    if isinstance(e, (Alias, MultiAlias)) and isinstance(e.children[0], Generator):
        return e.children[0]
    return None


def _multiple_time_windows():
    return AnalysisException(
        "Multiple time/session window expressions would result in a cartesian product of "
        "rows, therefore they are currently not supported.")


def _sliding_window_generator(e: Expression) -> Expression:
    """A select column that is a sliding ``window(...)`` (possibly aliased) repeats each row for
    every window containing it: an explode of the row's windows named ``window``."""
    from .expressions.generators import Explode
    from .expressions.time_window import SlidingTimeWindows, is_sliding
    inner, name = (e.child, e.name) if isinstance(e, Alias) else (e, "window")
    if not is_sliding(inner):
        return e
    return Alias(Explode(SlidingTimeWindows.of(inner)), name)


_GENERATOR_NAMES = {"explode", "explode_outer", "posexplode", "posexplode_outer", "inline",
                    "inline_outer"}


def _named_generator(e: Expression) -> Expression:
    """``explode(...)`` called by name (SQL, expr()) becomes the generator expression."""
    from .expressions.base import UnresolvedFunction
    from .functions_registry import lookup_function
    inner = e.children[0] if isinstance(e, (Alias, MultiAlias)) else e
    if isinstance(inner, UnresolvedFunction) and inner.fn_name.lower() in _GENERATOR_NAMES:
        gen = lookup_function(inner.fn_name, list(inner.children))
        return e.with_children([gen]) if inner is not e else gen
    return e


def _alias_names(e: Expression) -> Optional[List[str]]:
    if isinstance(e, Alias):
        return [e.name]
    if isinstance(e, MultiAlias):
        return list(e.names)
    return None


def _fresh_instance(plan: L.LogicalPlan) -> L.LogicalPlan:
    """A copy of ``plan`` whose output attributes have new expression ids (self-joins)."""
    attrs = [a.new_instance() for a in plan.output]
    return L.Project([Alias(old, old.name, expr_id=new.expr_id, qualifier=old.qualifier)
                      for old, new in zip(plan.output, attrs)], plan)


def _resolve_join_condition(cond, left, right, ldf, rdf, session):
    """Columns in a join condition resolve against both sides; a ``df1.x`` attribute that
    was re-instanced for a self-join is mapped onto the right side's copy by name."""
    attrs = left.output + right.output
    right_by_old = {}
    if isinstance(right, L.Project) and right.exprs and all(isinstance(e, Alias) for e in right.exprs) \
            and right.children[0] is rdf._plan:
        for e in right.exprs:
            right_by_old[e.child.expr_id] = e.to_attribute()
    left_ids = {a.expr_id for a in left.output}

    def remap(e):
        if isinstance(e, AttributeReference) and e.expr_id not in left_ids and \
                e.expr_id in right_by_old:
            return right_by_old[e.expr_id]
        return None
    if right_by_old:
        cond = cond.transform_up(remap)
    return resolve(cond, attrs, session)


class DataFrameNaFunctions:
    def __init__(self, df: DataFrame):
        self.df = df

    def drop(self, how: str = "any", thresh: Optional[int] = None, subset=None) -> DataFrame:
        from .na import drop_na
        return drop_na(self.df, how, thresh, subset)

    def fill(self, value, subset=None) -> DataFrame:
        from .na import fill_na
        return fill_na(self.df, value, subset)

    def replace(self, to_replace, value=_NO_VALUE, subset=None) -> DataFrame:
        from .na import NoValue, replace_values
        if value is _NO_VALUE:
            value = NoValue
        return replace_values(self.df, to_replace, value, subset)


class DataFrameStatFunctions:
    def __init__(self, df: DataFrame):
        self.df = df

    def corr(self, col1, col2, method=None):
        from .stat import corr
        return corr(self.df, col1, col2, method)

    def cov(self, col1, col2):
        from .stat import cov
        return cov(self.df, col1, col2)

    def crosstab(self, col1, col2):
        from .stat import crosstab
        return crosstab(self.df, col1, col2)

    def freqItems(self, cols, support=None):
        from .stat import freq_items
        return freq_items(self.df, cols, support)

    def approxQuantile(self, col, probabilities, relativeError):
        from .stat import approx_quantile
        return approx_quantile(self.df, col, probabilities, relativeError)

    def sampleBy(self, col, fractions, seed=None):
        from .stat import sample_by
        return sample_by(self.df, col, fractions, seed)



def _among_field_names(name, attrs) -> AnalysisException:
    return AnalysisException(
        f"[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name \"{name}\" among "
        f"({', '.join(a.name for a in attrs)}). SQLSTATE: 42703",
        "UNRESOLVED_COLUMN_AMONG_FIELD_NAMES",
        {"colName": str(name), "fieldNames": ", ".join(a.name for a in attrs)})
