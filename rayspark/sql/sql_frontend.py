"""``spark.sql``: parsed SQL statements -> DataFrames.

``parser.parse_statement`` turns text into small statement/query trees whose expressions are
the same unresolved expressions the DataFrame API builds; this module plays them through the
DataFrame API (``select``/``filter``/``join``/``orderBy``/``union``/...) so a SQL query and the
equivalent DataFrame program produce one and the same logical plan. Only three places build
plan nodes directly: an aggregating SELECT becomes a single ``Aggregate`` whose output list is
the select list (plus hidden aggregates for HAVING / ORDER BY), subquery predicates become
semi/anti joins, and a FROM-less SELECT reads a one-row relation.

Scoping: CTEs are visible to the query that defines them and to its subqueries. Every table
reference after the first use of a plan gets fresh attribute ids (Spark's ``newInstance``), so
self-joins and subqueries over the outer table never confuse columns.
"""
from __future__ import annotations

import fnmatch
from typing import Dict, List, Optional, Sequence, Tuple

import pyarrow as pa

from ..errors import AnalysisException, ParseException
from . import parser as P
from .analyzer import ensure_named, expand_star, resolve
from .column import Column
from .expressions.aggregates import AggregateFunction
from .expressions.base import (Alias, AttributeReference, Expression, Literal, SortOrder,
                               UnresolvedAttribute, UnresolvedStar, UnresolvedRegex)
from .expressions.predicates import And, EqualTo, Not, combine_conjuncts
from .plan import logical as L
from .types import (BooleanType, IntegerType, LongType, StringType, StructField, StructType)

__all__ = ["run_sql"]


def run_sql(session, text: str, args=None, kwargs=None):
    """Parse and run one SQL statement; queries return lazily evaluated DataFrames, commands
    run at once and return their (small) result as a DataFrame."""
    if not isinstance(text, str):
        from ..errors import PySparkTypeError
        raise PySparkTypeError(
            f"[NOT_STR] Argument `sqlQuery` should be a str, got {type(text).__name__}.",
            "NOT_STR")
    temp_views: List[str] = []
    if kwargs:
        text = _format(session, text, kwargs, temp_views)
    try:
        stmt = P.parse_statement(text, args)
        return _Runner(session).statement(stmt)
    finally:
        for v in temp_views:
            session.catalog.dropTempView(v)


def _format(session, text, kwargs, temp_views):
    """``spark.sql("SELECT * FROM {df}", df=df)``: DataFrames become temporary views, Columns
    their SQL text, other values their ``str``."""
    import string
    import uuid
    from .dataframe import DataFrame

    class _F(string.Formatter):
        def convert_field(self, value, conversion):
            if isinstance(value, DataFrame):
                name = "_rayspark_" + uuid.uuid4().hex[:12]
                session.catalog._create_temp_view(name, value, replace=True)
                temp_views.append(name)
                return name
            if isinstance(value, Column):
                return value._expr.sql()
            return super().convert_field(value, conversion)
    return _F().format(text, **kwargs)


# ============================================================================================
def _df(plan, session):
    from .dataframe import DataFrame
    return DataFrame(plan, session)


def _empty(session):
    from .dataframe import DataFrame
    return DataFrame(L.LocalRelation([], pa.table({})), session)


def _local(session, names: Sequence[str], types, rows: List[tuple]):
    from .arrow_types import to_arrow_type
    from .create import attrs_for
    schema = StructType([StructField(n, t, True) for n, t in zip(names, types)])
    cols = {n: pa.array([r[i] for r in rows], type=to_arrow_type(t))
            for i, (n, t) in enumerate(zip(names, types))}
    return _df(L.LocalRelation(attrs_for(schema), pa.table(cols)), session)


def split_conjuncts(e: Expression) -> List[Expression]:
    # exact type test: predicates.Or subclasses And
    if type(e) is And:
        return split_conjuncts(e.children[0]) + split_conjuncts(e.children[1])
    return [e]


def _has_agg(e: Expression) -> bool:
    from .expressions.window_expr import WindowExpression
    if isinstance(e, AggregateFunction):
        return True
    if isinstance(e, WindowExpression):
        return any(_has_agg(c) for c in e.func.children)
    return any(_has_agg(c) for c in e.children)


def _int_value(e: Expression, what: str, session) -> int:
    r = resolve(e, [], session)
    if not r.foldable:
        raise AnalysisException(
            f"[INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE] The {what} like expression "
            f"\"{e.sql()}\" is invalid. The {what} expression must evaluate to a constant "
            "value. SQLSTATE: 42K0E", "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE")
    v = _eval_scalar(r)
    if not isinstance(v, int):
        raise AnalysisException(
            f"[INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE] The {what} like expression "
            f"\"{e.sql()}\" is invalid. The {what} expression must be integer type, but got "
            f"\"{r.data_type.simpleString().upper()}\". SQLSTATE: 42K0E",
            "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE")
    if v < 0:
        raise AnalysisException(
            f"[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The {what} like expression "
            f"\"{e.sql()}\" is invalid. The {what} expression must be equal to or greater "
            f"than 0, but got {v}. SQLSTATE: 42K0E",
            "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE")
    return v


_ONE_ROW = pa.record_batch({"_": pa.array([0], pa.int8())})


def _eval_arrow(e: Expression):
    v = e.eval(_ONE_ROW)
    if isinstance(v, pa.ChunkedArray):
        v = v.combine_chunks()
    if isinstance(v, pa.Array):
        v = v[0]
    return v


def _eval_scalar(e: Expression):
    return _eval_arrow(e).as_py()


def _pivot_value_name(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _filter_names(items: List[Expression], attrs, session) -> List[Expression]:
    """Un-aliased ``agg(x) FILTER (WHERE c)`` items get Spark's name for them."""
    from .expressions.base import UnresolvedFunction
    out = []
    for e in items:
        if isinstance(e, UnresolvedFunction) and getattr(e, "unfiltered", None) is not None:
            base = resolve(e.unfiltered, attrs, session).sql()
            cond = resolve(e.filter, attrs, session).sql()
            e = Alias(e, f"{base} FILTER (WHERE {cond})")
        out.append(e)
    return out


def _substitute_aliases(e: Expression, named: List[Expression], attrs) -> Expression:
    """Replace names that are not input columns but select-list aliases by the aliased
    (resolved) expression (HAVING s > 3 / GROUP BY ... with ``SUM(x) AS s``)."""
    from .analyzer import resolve_attribute
    aliases = {n.name.lower(): n.child for n in named if isinstance(n, Alias)}

    def rule(x):
        if isinstance(x, UnresolvedAttribute) and len(x.name_parts) == 1 and \
                x.name_parts[0].lower() in aliases:
            try:
                resolve_attribute(x.name_parts, attrs)
                return None
            except AnalysisException:
                return aliases[x.name_parts[0].lower()]
        return None
    return e.transform_up(rule)


class _SubqueryValue(Literal):
    """An uncorrelated scalar subquery, evaluated eagerly; named as Spark names it."""

    def sql(self):
        return "scalarsubquery()"


def _qualified_name(parts: Sequence[str]) -> str:
    return ".".join(parts)


# ============================================================================================
class _Scope:
    def __init__(self, ctes: Optional[Dict[str, object]] = None, parent: "_Scope" = None):
        self.ctes = dict(ctes or {})
        self.parent = parent

    def cte(self, name: str):
        s = self
        while s is not None:
            hit = s.ctes.get(name.lower())
            if hit is not None:
                return hit
            s = s.parent
        return None


class _Runner:
    def __init__(self, session):
        self.session = session
        self.used_ids: set = set()

    # -- statements ----------------------------------------------------------------------
    def statement(self, stmt):
        name = type(stmt).__name__
        return getattr(self, "_stmt_" + name)(stmt)

    def _stmt_QueryStatement(self, stmt):
        return self.query(stmt.query, _Scope())

    def _stmt_CreateView(self, stmt):
        cat = self.session.catalog
        name = stmt.name
        global_ = stmt.global_
        if len(name) == 2 and name[0].lower() == "global_temp":
            global_ = True
        elif len(name) > 1:
            raise AnalysisException(
                f"[TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS] CREATE TEMPORARY VIEW or the "
                f"corresponding Dataset APIs only accept single-part view names, but got: "
                f"{_qualified_name(name)}. SQLSTATE: 428EK", "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS")
        view = name[-1]
        if stmt.if_not_exists and cat.tableExists(
                ("global_temp." if global_ else "") + view):
            return _empty(self.session)
        df = self.query(stmt.query, _Scope())
        if stmt.columns:
            df = df.toDF(*stmt.columns)
        try:
            cat._create_temp_view(view, df, replace=stmt.replace, global_=global_)
        except AnalysisException as e:
            if e.getCondition() == "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS":
                shown = f"`global_temp`.`{view}`" if global_ else f"`{view}`"
                raise AnalysisException(
                    f"Cannot create the temporary view {shown} because it already exists.\n"
                    "Choose a different name, drop or replace the existing view. "
                    "SQLSTATE: 42P07", "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                    {"relationName": shown}) from None
            raise
        return _empty(self.session)

    def _stmt_DropView(self, stmt):
        cat = self.session.catalog
        name = stmt.name
        if len(name) == 2 and name[0].lower() == "global_temp":
            dropped = cat.dropGlobalTempView(name[1])
        elif len(name) == 1:
            dropped = cat.dropTempView(name[0])
        else:
            dropped = False
        if not dropped and stmt.kind == "TABLE" and (len(name) == 1 or
                                                     name[-2].lower() == "default"):
            dropped = cat._drop_table(name[-1])
        if not dropped and not stmt.if_exists:
            full = name if len(name) > 1 else ["spark_catalog", "default"] + list(name)
            shown = ".".join(f"`{p}`" for p in full)
            kind = stmt.kind
            raise AnalysisException(
                f"[TABLE_OR_VIEW_NOT_FOUND] The table or view {shown} cannot be found. Verify "
                "the spelling and correctness of the schema and catalog.\nSearch path: "
                "[`spark_catalog`.`default`].\nIf you did not qualify the name with a schema, "
                "verify the current_schema() output, or qualify the name with the correct "
                f"schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or "
                "DROP TABLE IF EXISTS. SQLSTATE: 42P01", "TABLE_OR_VIEW_NOT_FOUND",
                {"relationName": shown})
        return _empty(self.session)

    def _stmt_DescribeTable(self, stmt):
        df = self.session.table(_qualified_name(stmt.name))
        rows = [(f.name, f.dataType.simpleString(), None) for f in df.schema.fields]
        return _local(self.session, ["col_name", "data_type", "comment"],
                      [StringType()] * 3, rows)

    def _stmt_ShowTables(self, stmt):
        cat = self.session.catalog
        tables = cat.listTables(stmt.database)
        rows = []
        for t in tables:
            ns = "" if t.isTemporary and not t.namespace else \
                (t.namespace[0] if t.namespace else "")
            if stmt.pattern is not None and not any(
                    fnmatch.fnmatch(t.name.lower(), p.strip().lower())
                    for p in stmt.pattern.split("|")):
                continue
            rows.append((ns, t.name, bool(t.isTemporary)))
        rows.sort(key=lambda r: (r[2], r[0], r[1]))
        return _local(self.session, ["namespace", "tableName", "isTemporary"],
                      [StringType(), StringType(), BooleanType()], rows)

    def _stmt_ShowColumns(self, stmt):
        parts = list(stmt.table)
        if stmt.database:
            parts = [stmt.database] + parts
        df = self.session.table(_qualified_name(parts))
        return _local(self.session, ["col_name"], [StringType()],
                      [(n,) for n in df.columns])

    def _stmt_Explain(self, stmt):
        if not isinstance(stmt.statement, P.QueryStatement):
            raise ParseException(
                "[UNSUPPORTED_FEATURE] The feature is not supported: EXPLAIN of a command "
                "is not supported by rayspark yet. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")
        df = self.statement(stmt.statement)
        mode = "simple" if stmt.mode == "logical" else stmt.mode
        text = df._explain_string(mode=mode)
        return _local(self.session, ["plan"], [StringType()], [(text,)])

    def _stmt_CacheTable(self, stmt):
        name = _qualified_name(stmt.name)
        if stmt.query is not None:
            df = self.query(stmt.query, _Scope())
            self.session.catalog._create_temp_view(name, df, replace=False)
        self.session.catalog.cacheTable(name)
        if not stmt.lazy:
            self.session.table(name).count()
        return _empty(self.session)

    def _stmt_UncacheTable(self, stmt):
        name = _qualified_name(stmt.name)
        cat = self.session.catalog
        if not cat.tableExists(name):
            if stmt.if_exists:
                return _empty(self.session)
            self.session.table(name)  # raises TABLE_OR_VIEW_NOT_FOUND
        cat.uncacheTable(name)
        return _empty(self.session)

    def _stmt_SetConfig(self, stmt):
        conf = self.session.conf
        if stmt.key is None:
            rows = sorted(conf.getAll().items())
        elif stmt.value is None:
            try:
                value = conf.get(stmt.key)
            except KeyError:
                value = "<undefined>"
            rows = [(stmt.key, value)]
        else:
            conf.set(stmt.key, stmt.value)
            rows = [(stmt.key, stmt.value)]
        return _local(self.session, ["key", "value"], [StringType(), StringType()], rows)

    # -- queries -------------------------------------------------------------------------
    def query(self, q, scope: _Scope, outer: Optional[List[AttributeReference]] = None):
        df, correlated = self.query_with_correlation(q, scope, outer)
        if correlated:
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported "
                "subquery expression: correlated column references are only supported in "
                "EXISTS / IN predicates of a WHERE clause. SQLSTATE: 0A000",
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE")
        return df

    def query_with_correlation(self, q, scope, outer=None):
        if q.ctes:
            scope = _Scope(parent=scope)
            for name, cq, cols in q.ctes:
                cdf = self.query(cq, scope)
                if cols:
                    cdf = cdf.toDF(*cols)
                scope.ctes[name.lower()] = cdf
        correlated: List[Expression] = []
        if isinstance(q, P.SelectQuery):
            df, correlated = self._select(q, scope, outer)
        elif isinstance(q, P.SetOpQuery):
            df = self._set_op(q, scope)
            df = self._order_limit(df, q, scope)
        elif isinstance(q, P.ValuesQuery):
            df = self._values(q)
            df = self._order_limit(df, q, scope)
        else:  # pragma: no cover
            raise TypeError(type(q).__name__)
        return df, correlated

    def _set_op(self, q, scope):
        left = self.query(q.left, scope)
        right = self.query(q.right, scope)
        if q.op == "union":
            df = left.union(right)
            return df if q.all else df.distinct()
        if q.op == "intersect":
            return left.intersectAll(right) if q.all else left.intersect(right)
        return left.exceptAll(right) if q.all else left.subtract(right)

    def _order_limit(self, df, q, scope):
        if q.order:
            attrs = df._attrs()
            orders = []
            for o in q.order:
                e = self._subqueries_to_literals(o.child, scope)
                if isinstance(e, Literal) and isinstance(e.data_type, IntegerType):
                    e = self._ordinal(e.value, attrs, "ORDER BY")
                orders.append(SortOrder(resolve(e, attrs, self.session), o.ascending,
                                        o.nulls_first))
            df = df._with(L.Sort(orders, True, df._plan))
        return self._limit_offset(df, q)

    def _limit_offset(self, df, q):
        if q.offset is not None:
            df = df.offset(_int_value(q.offset, "offset", self.session))
        if q.limit is not None:
            df = df.limit(_int_value(q.limit, "limit", self.session))
        return df

    @staticmethod
    def _ordinal(n, items, clause):
        if not 1 <= n <= len(items):
            cond = "ORDER_BY_POS_OUT_OF_RANGE" if clause == "ORDER BY" else \
                "GROUP_BY_POS_OUT_OF_RANGE"
            raise AnalysisException(
                f"[{cond}] {clause} position {n} is not in select list (valid range is "
                f"[1, {len(items)}]). SQLSTATE: 42805", cond,
                {"index": str(n), "size": str(len(items))})
        return items[n - 1]

    # -- VALUES --------------------------------------------------------------------------
    def _values(self, q: P.ValuesQuery):
        from .expressions.cast import Cast
        from .expressions.coercion import wider_type
        rows = [[resolve(e, [], self.session) for e in r] for r in q.rows]
        width = len(rows[0])
        for r in rows:
            if len(r) != width:
                raise AnalysisException(
                    "[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline "
                    f"table expected {width} columns but found {len(r)} columns in row "
                    f"{rows.index(r)}. SQLSTATE: 42000",
                    "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH")
            for e in r:
                if not e.foldable:
                    raise AnalysisException(
                        "[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] "
                        f"Invalid inline table. Cannot evaluate the expression \"{e.sql()}\" in "
                        "inline table definition. SQLSTATE: 42000",
                        "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE")
        types = []
        for i in range(width):
            t = rows[0][i].data_type
            for r in rows[1:]:
                w = wider_type(t, r[i].data_type)
                if w is None:
                    raise AnalysisException(
                        "[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid "
                        f"inline table. Found incompatible types in the column `col{i + 1}` for "
                        "inline table. SQLSTATE: 42000",
                        "INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE")
                t = w
            types.append(t)
        from .arrow_types import to_arrow_type
        from .create import attrs_for
        from .expressions.coercion import cast_to as _cast_to
        names = q.columns or [f"col{i + 1}" for i in range(width)]
        if len(names) != width:
            raise AnalysisException(
                f"[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables assigned or "
                f"aliased: {len(names)} does not match the number of source tuples: {width}. "
                "SQLSTATE: 42802", "ASSIGNMENT_ARITY_MISMATCH")
        cols = {}
        for i, (n, t) in enumerate(zip(names, types)):
            vals = []
            for r in rows:
                e = _cast_to(r[i], t)
                vals.append(_eval_arrow(e))
            at = to_arrow_type(t)
            cols[f"c{i}"] = pa.array([v.as_py() for v in vals], type=at) \
                if not all(v.type == at for v in vals) else \
                pa.array([v.as_py() for v in vals], type=at)
        # a column is nullable when some row's expression is (Spark's inline table)
        schema = StructType([StructField(n, t, any(r[i].nullable for r in rows))
                             for i, (n, t) in enumerate(zip(names, types))])
        table = pa.table(list(cols.values()), names=names)
        df = _df(L.LocalRelation(attrs_for(schema), table), self.session)
        if q.alias:
            df = df.alias(q.alias)
        return df

    # -- FROM ----------------------------------------------------------------------------
    def _fresh(self, df):
        """Re-instance the attributes of a relation already used in this statement."""
        plan = df._plan
        ids = {a.expr_id for a in plan.output}
        if not ids & self.used_ids:
            self.used_ids |= ids
            return df
        if isinstance(plan, L.SubqueryAlias):
            inner = plan.child
            fresh = L.SubqueryAlias(plan.alias, L.Project(
                [Alias(a, a.name, metadata=a.metadata) for a in inner.output], inner))
        else:
            fresh = L.Project([Alias(a, a.name, metadata=a.metadata) for a in plan.output], plan)
        self.used_ids |= {a.expr_id for a in fresh.output}
        return df._with(fresh)

    def relation(self, rel, scope):
        if isinstance(rel, P.TableRef):
            cte = scope.cte(rel.name[0]) if len(rel.name) == 1 else None
            if cte is not None:
                df = cte._with(L.SubqueryAlias(rel.name[0], cte._plan))
            else:
                df = self.session.table(_qualified_name(rel.name))
            df = self._fresh(df)
            return df.alias(rel.alias) if rel.alias else df
        if isinstance(rel, P.SubqueryRef):
            df = self.query(rel.query, scope)
            if rel.columns:
                if len(rel.columns) != len(df.columns):
                    raise AnalysisException(
                        f"[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables "
                        f"assigned or aliased: {len(rel.columns)} does not match the number of "
                        f"source tuples: {len(df.columns)}. SQLSTATE: 42802",
                        "ASSIGNMENT_ARITY_MISMATCH")
                df = df.toDF(*rel.columns)
            df = self._fresh(df)
            return df.alias(rel.alias) if rel.alias else df
        if isinstance(rel, P.TableFunctionRef):
            df = self._table_function(rel)
            if rel.columns:
                df = df.toDF(*rel.columns)
            return df.alias(rel.alias) if rel.alias else df
        if isinstance(rel, P.PivotRef):
            df = self._pivot(self.relation(rel.child, scope), rel)
            return df.alias(rel.alias) if rel.alias else df
        if isinstance(rel, P.JoinRef):
            return self._join(rel, scope)
        raise TypeError(type(rel).__name__)  # pragma: no cover

    def _table_function(self, rel):
        if rel.name == "range":
            vals = [_int_value(a, "range", self.session) for a in rel.args]
            if not 1 <= len(vals) <= 4:
                raise AnalysisException(
                    f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `range` requires [1, 2, 3, 4] "
                    f"parameters but the actual number is {len(vals)}. SQLSTATE: 42605",
                    "WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
            if len(vals) == 1:
                return self.session.range(vals[0])
            return self.session.range(*vals)
        raise AnalysisException(
            f"[UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve `{rel.name}` to a "
            "table-valued function. Please make sure that `" + rel.name + "` is defined as a "
            "table-valued function and that all required parameters are provided correctly. "
            "SQLSTATE: 42883", "UNRESOLVABLE_TABLE_VALUED_FUNCTION")

    def _join(self, rel: P.JoinRef, scope):
        left = self.relation(rel.left, scope)
        right = self.relation(rel.right, scope)
        if rel.using:
            return left.join(right, list(rel.using), rel.how if rel.how != "cross" else "inner")
        if rel.on is None:
            if rel.how in ("cross", "inner"):
                return left.crossJoin(right)
            return left._with(L.Join(left._plan, right._plan, rel.how, None))
        on = self._subqueries_to_literals(rel.on, scope)
        how = "inner" if rel.how == "cross" else rel.how
        return left.join(right, Column(on), how)

    # -- subqueries ----------------------------------------------------------------------
    def _scalar(self, sq: P.ScalarSubquery, scope) -> Literal:
        df = self.query(sq.query, scope)
        attrs = df._attrs()
        if len(attrs) != 1:
            raise AnalysisException(
                f"[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] "
                f"Invalid subquery: Scalar subquery must return only one column, but got "
                f"{len(attrs)}. SQLSTATE: 42823",
                "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN")
        table = df.limit(2)._collect_table()
        if table.num_rows > 1:
            from ..errors import PySparkException

            class SparkRuntimeException(PySparkException, RuntimeError):
                pass
            raise SparkRuntimeException(
                "[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used "
                "as an expression. SQLSTATE: 21000", "SCALAR_SUBQUERY_TOO_MANY_ROWS")
        value = table.column(0)[0].as_py() if table.num_rows else None
        return _SubqueryValue(value, attrs[0].data_type)

    def _subqueries_to_literals(self, e: Expression, scope) -> Expression:
        def rule(x):
            if isinstance(x, P.ScalarSubquery):
                return self._scalar(x, scope)
            if isinstance(x, (P.ExistsSubquery, P.InSubquery)):
                raise AnalysisException(
                    "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY] "
                    "Unsupported subquery expression: IN/EXISTS subqueries are supported only "
                    "as top-level conjuncts of a WHERE clause (optionally under NOT). "
                    "SQLSTATE: 0A000",
                    "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY")
            return None
        if not any(isinstance(x, P._SubqueryExpression) for x in e.walk()):
            return e
        return e.transform_down(rule)

    def _subquery_join(self, df, pred: Expression, scope):
        """``[NOT] EXISTS (q)`` / ``x [NOT] IN (q)`` -> a semi or anti join of ``df`` with
        ``q``; equality predicates correlated with ``df`` become part of the join condition."""
        negated = isinstance(pred, Not)
        inner = pred.children[0] if negated else pred
        outer_attrs = df._attrs()
        sub, correlated = self.query_with_correlation(inner.query, scope, outer_attrs)
        sub_attrs = sub._attrs()
        conds = list(correlated)
        in_conds: List[Expression] = []
        if isinstance(inner, P.InSubquery):
            n_visible = len(sub_attrs) - getattr(sub, "_hidden_count", 0)
            values = [resolve(self._subqueries_to_literals(v, scope), outer_attrs, self.session)
                      for v in inner.children]
            if len(values) != n_visible:
                raise AnalysisException(
                    "[DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH] Cannot resolve "
                    f"\"{inner.sql()}\" due to data type mismatch: The number of columns in "
                    f"the left hand side of an IN subquery does not match the number of "
                    f"columns in the output of subquery. Left hand side columns(length: "
                    f"{len(values)}), right hand side columns(length: {n_visible}). "
                    "SQLSTATE: 42K09", "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH")
            for v, a in zip(values, sub_attrs[:n_visible]):
                in_conds.append(EqualTo(v, a).coerce())
        if negated and in_conds:
            # NOT IN is null-aware: a NULL comparison result also disqualifies the row
            # (written as coalesce(eq, true): the planner splits join conditions on OR)
            from .expressions.conditional import Coalesce
            eq = combine_conjuncts(in_conds)
            conds.append(Coalesce([eq, Literal(True, BooleanType())]).coerce())
        else:
            conds.extend(in_conds)
        cond = combine_conjuncts(conds)
        jt = "anti" if negated else "semi"
        return df._with(L.Join(df._plan, sub._plan, jt, cond))

    # -- SELECT --------------------------------------------------------------------------
    def _lateral_view(self, df, lv: P.LateralView):
        """``LATERAL VIEW [OUTER] gen(...) tbl AS c1, ...``: a Generate node over the FROM
        relation whose columns are qualified by ``tbl``."""
        from .expressions.base import UnresolvedFunction
        from .expressions.generators import Generator
        from .functions_registry import lookup_function
        gen = lv.generator
        if isinstance(gen, UnresolvedFunction):
            gen = lookup_function(gen.fn_name, list(gen.children), session=self.session)
        if not isinstance(gen, Generator):
            name = getattr(lv.generator, "fn_name", None) or lv.generator.sql()
            raise AnalysisException(
                f"[UNSUPPORTED_GENERATOR.NOT_GENERATOR] The generator is not supported: "
                f"`{name}` is expected to be a generator. However, its class is "
                f"{type(gen).__name__}, which is not a generator. SQLSTATE: 42K0E",
                "UNSUPPORTED_GENERATOR.NOT_GENERATOR")
        gen = df._resolve(gen)
        attrs = gen.element_attrs(lv.columns)
        if lv.table:
            attrs = [a.with_qualifier([lv.table]) for a in attrs]
        return df._with(L.Generate(gen, lv.outer or gen.outer, attrs, df._plan))

    def _pivot(self, df, rel: P.PivotRef):
        """SQL PIVOT, as Spark's ResolvePivot: grouped by the columns no aggregate or pivot
        column uses; numeric/boolean aggregates are computed per (group, pivot value) and then
        spread with first(... ignore nulls) (Spark's PivotFirst), other aggregates see only
        their pivot value's rows through IF(...)."""
        from .expressions import aggregates as A
        from .expressions.coercion import cast_to
        from .expressions.conditional import If
        from .expressions.predicates import EqualNullSafe
        from .types import (BooleanType, ByteType, DecimalType, DoubleType, FloatType,
                            ShortType)
        attrs = df._attrs()
        pcols = [resolve(c, attrs, self.session) for c in rel.columns]
        aggs = []
        for e, alias in rel.aggs:
            r = resolve(e, attrs, self.session)
            if not r.find(AggregateFunction):
                raise AnalysisException(
                    f"[_LEGACY_ERROR_TEMP_1006] Aggregate expression required for pivot, but "
                    f"'{r.sql()}' did not appear in any aggregate function.",
                    "_LEGACY_ERROR_TEMP_1006")
            aggs.append((r, alias or ensure_named(r).name))
        values = []
        for items, alias in rel.values:
            items = [resolve(x, attrs, self.session) for x in items]
            for x in items:
                if not x.foldable:
                    raise AnalysisException(
                        f"[NON_LITERAL_PIVOT_VALUES] Literal expressions required for pivot "
                        f"values, found \"{x.sql()}\". SQLSTATE: 42K08",
                        "NON_LITERAL_PIVOT_VALUES")
            if len(items) != len(pcols):
                vt = ",".join(f"col{i + 1}:{x.data_type.simpleString()}"
                              for i, x in enumerate(items))
                ct = ",".join(f"{c.name}:{c.data_type.simpleString()}" for c in pcols)
                raise AnalysisException(
                    f"[PIVOT_VALUE_DATA_TYPE_MISMATCH] Invalid pivot value "
                    f"'{', '.join(x.sql() for x in items)}': value data type struct<{vt}> does "
                    f"not match pivot column data type struct<{ct}>. SQLSTATE: 42K09",
                    "PIVOT_VALUE_DATA_TYPE_MISMATCH")
            vals = [Literal(_eval_scalar(cast_to(x, c.data_type)), c.data_type)
                    for x, c in zip(items, pcols)]
            if alias is None:
                names = [_pivot_value_name(v.value) for v in vals]
                alias = names[0] if len(names) == 1 else "{" + ", ".join(names) + "}"
            values.append((vals, alias))
        used = {a.expr_id for e in pcols + [a for a, _ in aggs] for a in e.references()}
        keys = [a for a in attrs if a.expr_id not in used]

        def out_name(vname, aname):
            return vname if len(aggs) == 1 else f"{vname}_{aname}"

        def cond(pivots, vals):
            c = None
            for p, v in zip(pivots, vals):
                e = EqualNullSafe(p, v).coerce()
                c = e if c is None else And(c, e)
            return c

        def null_unless(c, e):
            return If(c, e, Literal(None, e.data_type)).coerce()

        simple = (BooleanType, ByteType, ShortType, IntegerType, LongType, FloatType,
                  DoubleType, DecimalType)
        plan = df._plan
        if all(isinstance(a.data_type, simple) for a, _ in aggs):
            named_p = [p if isinstance(p, AttributeReference) else
                       Alias(p, f"__pivot_col{i}") for i, p in enumerate(pcols)]
            named_a = [Alias(a, f"__pivot_agg{i}") for i, (a, _) in enumerate(aggs)]
            first = L.Aggregate(keys + named_p, keys + named_p + named_a, plan)
            p_attrs = [p if isinstance(p, AttributeReference) else p.to_attribute()
                       for p in named_p]
            a_attrs = [a.to_attribute() for a in named_a]
            outs = []
            for vals, vname in values:
                c = cond(p_attrs, vals)
                for a_attr, (_, aname) in zip(a_attrs, aggs):
                    outs.append(Alias(A.First(null_unless(c, a_attr), True),
                                      out_name(vname, aname)))
            return df._with(L.Aggregate(keys, keys + outs, first))
        outs = []
        for vals, vname in values:
            c = cond(pcols, vals)

            def rule(x, c=c):
                if isinstance(x, AggregateFunction):
                    kids = [null_unless(c, k) for k in x.children]
                    out = x.with_children(kids)
                    if isinstance(x, A.First):
                        out.ignore_nulls = True
                    return out
                return None
            for a, aname in aggs:
                outs.append(Alias(a.transform_down(rule), out_name(vname, aname)))
        return df._with(L.Aggregate(keys, keys + outs, plan))

    def _one_row(self):
        attr = AttributeReference("__one_row", LongType(), False)
        return _df(L.Range(0, 1, 1, 1, attr), self.session), True

    def _select(self, q: P.SelectQuery, scope, outer=None):
        if q.from_ is not None:
            df, no_from = self.relation(q.from_, scope), False
            for lv in q.laterals:
                df = self._lateral_view(df, lv)
        else:
            df, no_from = self._one_row()
        input_attrs = [] if no_from else df._attrs()
        correlated: List[Expression] = []
        # WHERE: subquery predicates -> semi/anti joins; correlated conjuncts are handed back
        if q.where is not None:
            plain, subq = [], []
            for c in split_conjuncts(q.where):
                core = c.children[0] if isinstance(c, Not) else c
                if isinstance(core, (P.ExistsSubquery, P.InSubquery)):
                    subq.append(c)
                else:
                    plain.append(c)
            kept = []
            for c in plain:
                c = self._subqueries_to_literals(c, scope)
                if outer:
                    try:
                        resolve(c, df._attrs(), self.session)
                    except AnalysisException:
                        r = resolve(c, df._attrs(), self.session, outer=outer)
                        correlated.append(r)
                        continue
                kept.append(c)
            if kept:
                df = df.filter(Column(combine_conjuncts(kept)))
            for c in subq:
                df = self._subquery_join(df, c, scope)
        items = [self._subqueries_to_literals(e, scope) for e in q.items]
        # expand stars against the input
        expanded: List[Expression] = []
        for e in items:
            if isinstance(e, (UnresolvedStar, UnresolvedRegex)):
                if no_from:
                    raise AnalysisException(
                        "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression "
                        "`Project`. SQLSTATE: 42000", "INVALID_USAGE_OF_STAR_OR_REGEX")
                expanded.extend(expand_star(e, df._attrs()))
            else:
                expanded.append(e)
        attrs = [] if no_from else df._attrs()
        expanded = _filter_names(expanded, attrs, self.session)
        resolved_probe = [resolve(e, attrs, self.session) for e in expanded]
        is_agg = q.group is not None or q.having is not None or \
            any(_has_agg(e) for e in resolved_probe)
        if is_agg:
            df = self._aggregate(df, q, expanded, attrs, scope)
        else:
            df = self._project(df, q, expanded, attrs, scope, no_from)
        if correlated:
            # keep the inner columns the correlated predicates need
            needed = []
            out_ids = {a.expr_id for a in df._attrs()}
            inner_ids = {a.expr_id for a in input_attrs}
            for c in correlated:
                for a in c.references():
                    if a.expr_id in inner_ids and a.expr_id not in out_ids and \
                            a.expr_id not in {n.expr_id for n in needed}:
                        needed.append(a)
            if needed:
                if is_agg or q.distinct:
                    raise AnalysisException(
                        "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] "
                        "Unsupported subquery expression: correlated predicates under an "
                        "aggregate or DISTINCT subquery are not supported. SQLSTATE: 0A000",
                        "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE")
                df = df._with(self._with_hidden(df, q, needed))
                df._hidden_count = len(needed)
        return df, correlated

    def _with_hidden(self, df, q, needed):
        """The projection below ``df`` extended with ``needed`` input columns."""
        plan = df._plan
        # walk down through Limit/Offset/Sort to the Project that made the select list
        chain = []
        node = plan
        while isinstance(node, (L.Limit, L.Offset, L.Sort)):
            chain.append(node)
            node = node.children[0]
        if not isinstance(node, L.Project):
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported "
                "subquery expression: this correlated subquery shape is not supported. "
                "SQLSTATE: 0A000",
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE")
        new = L.Project(list(node.exprs) + list(needed), node.children[0])
        for c in reversed(chain):
            new = c.with_children([new])
        return new

    # -- projection (no aggregation) ----------------------------------------------------
    def _project(self, df, q, items, attrs, scope, no_from):
        from .dataframe import DataFrame
        base = df
        trial = base.select(*[Column(e) for e in items]) if items else \
            base._with(L.Project([], base._plan))
        out = trial._attrs()
        if q.distinct:
            trial = trial.distinct()
        if not q.order:
            return self._limit_offset(trial, q)
        # ORDER BY: output names/ordinals first, then input columns (hidden)
        orders: List[Tuple[str, object, SortOrder]] = []
        hidden: List[Expression] = []
        for o in q.order:
            e = self._subqueries_to_literals(o.child, scope)
            if isinstance(e, Literal) and isinstance(e.data_type, IntegerType):
                orders.append(("out", self._ordinal(e.value, out, "ORDER BY"), o))
                continue
            try:
                r = resolve(e, out, self.session)
                orders.append(("out", r, o))
            except AnalysisException:
                if q.distinct or no_from:
                    raise
                r = resolve(e, attrs, self.session)
                hidden.append(r)
                orders.append(("hidden", len(hidden) - 1, o))
        if not hidden:
            sorted_df = trial._with(L.Sort([SortOrder(r, o.ascending, o.nulls_first)
                                            for _, r, o in orders], True, trial._plan))
            return self._limit_offset(sorted_df, q)
        # one projection with the hidden sort keys, sort, then drop them
        proj = trial._plan
        if not isinstance(proj, L.Project):
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE] The feature is not supported: ORDER BY columns that are "
                "not in the select list of a query with window functions. SQLSTATE: 0A000",
                "UNSUPPORTED_FEATURE")
        hidden_named = []
        for i, h in enumerate(hidden):
            if isinstance(h, AttributeReference):
                hidden_named.append(h)
            else:
                hidden_named.append(Alias(h, h.sql()))
        wide = L.Project(list(proj.exprs) + hidden_named, proj.children[0])
        wide_out = wide.output
        n = len(out)
        sort_orders = []
        for kind, r, o in orders:
            if kind == "hidden":
                r = wide_out[n + r]
            sort_orders.append(SortOrder(r, o.ascending, o.nulls_first))
        sorted_plan = L.Sort(sort_orders, True, wide)
        df2 = trial._with(L.Project(wide_out[:n], sorted_plan))
        return self._limit_offset(df2, q)

    # -- aggregation ---------------------------------------------------------------------
    def _aggregate(self, df, q, items, attrs, scope):
        session = self.session
        sel = [resolve(e, attrs, session) for e in items]
        # grouping expressions: ordinals and select-list aliases are allowed
        group_exprs: List[Expression] = []
        sets = None
        kind = "groupby"
        if q.group is not None:
            kind = q.group.kind

            def grouping_expr(g):
                if isinstance(g, Literal) and isinstance(g.data_type, IntegerType):
                    item = self._ordinal(g.value, sel, "GROUP BY")
                    if _has_agg(item):
                        raise AnalysisException(
                            f"[GROUP_BY_POS_AGGREGATE] GROUP BY {g.value} refers to an "
                            f"expression {item.sql()} that contains an aggregate function. "
                            "Aggregate functions are not allowed in GROUP BY. SQLSTATE: 42903",
                            "GROUP_BY_POS_AGGREGATE")
                    return item.child if isinstance(item, Alias) else item
                try:
                    return resolve(g, attrs, session)
                except AnalysisException:
                    if isinstance(g, UnresolvedAttribute) and len(g.name_parts) == 1:
                        for it in sel:
                            if isinstance(it, Alias) and it.name.lower() == g.name_parts[0].lower():
                                return it.child
                    raise
            group_exprs = [grouping_expr(g) for g in q.group.exprs]
            if q.group.sets is not None:
                sets = [[grouping_expr(g) for g in s] for s in q.group.sets]
        named = [ensure_named(e) for e in sel]
        if kind == "groupby":
            return self._plain_aggregate(df, q, named, group_exprs, attrs, scope)
        return self._grouping_sets(df, q, named, group_exprs, sets, kind, attrs, scope)

    def _check_grouped(self, e: Expression, keys, has_group: bool):
        key_set = {k.semantic_key() for k in keys}

        def check(x):
            if isinstance(x, AggregateFunction) or x.semantic_key() in key_set:
                return
            from .expressions.window_expr import WindowExpression
            if isinstance(x, AttributeReference):
                if not has_group:
                    raise AnalysisException(
                        "[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add "
                        "GROUP BY or turn it into the window functions using OVER clauses. "
                        "SQLSTATE: 42803", "MISSING_GROUP_BY")
                raise AnalysisException(
                    f"[MISSING_AGGREGATION] The non-aggregating expression \"{x.name}\" is "
                    "based on columns which are not participating in the GROUP BY clause.\n"
                    "Add the columns or the expression to the GROUP BY, aggregate the "
                    f"expression, or use \"any_value({x.name})\" if you do not care which of "
                    "the values within a group is returned. SQLSTATE: 42803",
                    "MISSING_AGGREGATION", {"expression": f"\"{x.name}\""})
            for c in x.children:
                check(c)
        check(e.child if isinstance(e, Alias) else e)

    def _lift(self, e: Expression, keys, outputs: List[Expression],
              extra: List[Expression]) -> Expression:
        """Rewrite ``e`` (resolved against the aggregate's input) in terms of the aggregate's
        output: aggregate calls and grouping keys become output attributes, adding hidden
        outputs to ``extra`` when the select list does not already compute them."""
        by_key = {}
        for o in outputs + extra:
            inner = o.child if isinstance(o, Alias) else o
            by_key.setdefault(inner.semantic_key(), o)
        key_set = {k.semantic_key() for k in keys}

        def attr_of(o):
            return o.to_attribute() if isinstance(o, Alias) else o

        def rule(x):
            if isinstance(x, Literal):
                return None
            k = x.semantic_key()
            hit = by_key.get(k)
            if hit is not None and (isinstance(x, AggregateFunction) or k in key_set):
                return attr_of(hit)
            if isinstance(x, AggregateFunction) or (k in key_set and not x.foldable):
                new = x if isinstance(x, AttributeReference) else Alias(x, x.sql())
                extra.append(new)
                by_key[k] = new
                return attr_of(new)
            return None
        return e.transform_down(rule)

    def _resolve_post(self, e, attrs, out_attrs, scope):
        """HAVING / ORDER BY expressions: the aggregate's input columns first, then the
        select list's aliases."""
        e = self._subqueries_to_literals(e, scope)
        try:
            return resolve(e, attrs, self.session), False
        except AnalysisException:
            return resolve(e, out_attrs, self.session), True

    def _plain_aggregate(self, df, q, named, keys, attrs, scope):
        for e in named:
            self._check_grouped(e, keys, q.group is not None)
        extra: List[Expression] = []
        out_attrs = [e.to_attribute() if isinstance(e, Alias) else e for e in named]
        having = None
        if q.having is not None:
            h = _substitute_aliases(self._subqueries_to_literals(q.having, scope), named, attrs)
            having = self._lift(resolve(h, attrs, self.session), keys, named, extra)
            self._check_grouped(having, [a for a in out_attrs] + [
                x.to_attribute() if isinstance(x, Alias) else x for x in extra], True)
        orders = []
        for o in q.order:
            e = o.child
            if isinstance(e, Literal) and isinstance(e.data_type, IntegerType):
                r, post = self._ordinal(e.value, out_attrs, "ORDER BY"), True
            else:
                try:
                    r, post = resolve(e, out_attrs, self.session), True
                    if _has_agg(r):
                        r, post = resolve(e, attrs, self.session), False
                except AnalysisException:
                    r, post = self._resolve_post(e, attrs, out_attrs, scope)
            if not post:
                r = self._lift(r, keys, named, extra)
            orders.append(SortOrder(r, o.ascending, o.nulls_first))
        from .expressions.window_expr import contains_window
        if any(contains_window(e) for e in list(named) + extra):
            from .window_planning import plan_windows_over_aggregate
            plan = plan_windows_over_aggregate(list(keys), list(named) + extra, df._plan)
        else:
            plan = L.Aggregate(list(keys), list(named) + extra, df._plan)
        if having is not None:
            plan = L.Filter(having, plan)
        if q.distinct:
            if extra:
                plan = L.Project(out_attrs, plan)
            plan = L.Distinct(plan)
        if orders:
            plan = L.Sort(orders, True, plan)
        if extra and not q.distinct:
            plan = L.Project(out_attrs, plan)
        return self._limit_offset(df._with(plan), q)

    def _grouping_sets(self, df, q, named, keys, sets, kind, attrs, scope):
        """ROLLUP / CUBE / GROUPING SETS through GroupedData (an Expand plus one Aggregate),
        then the select list over its output."""
        from .expressions.grouping import Grouping, GroupingID
        aggs: List[Expression] = []
        seen = set()

        def collect(e):
            for x in e.walk():
                if isinstance(x, (AggregateFunction, Grouping, GroupingID)):
                    k = x.semantic_key()
                    if k not in seen:
                        seen.add(k)
                        aggs.append(x)
        for e in named:
            collect(e)
        having = order_exprs = None
        if q.having is not None:
            having = resolve(_substitute_aliases(self._subqueries_to_literals(q.having, scope),
                                                 named, attrs), attrs, self.session)
            collect(having)
        order_res = []
        for o in q.order:
            e = o.child
            if isinstance(e, Literal) and isinstance(e.data_type, IntegerType):
                order_res.append(("ord", e.value, o))
                continue
            try:
                r = resolve(e, attrs, self.session)
                collect(r)
                order_res.append(("in", r, o))
            except AnalysisException:
                order_res.append(("out", e, o))
        cols = [Column(k) for k in keys]
        if kind == "rollup":
            gd = df.rollup(*cols)
        elif kind == "cube":
            gd = df.cube(*cols)
        else:
            gd = df.groupingSets([[Column(k) for k in s] for s in sets], *cols)
        agg_df = gd.agg(*[Column(Alias(a, f"__agg{i}")) for i, a in enumerate(aggs)]) \
            if aggs else gd._aggregate([])
        out = agg_df._attrs()
        key_out = out[:len(keys)]
        agg_out = out[len(keys):]
        mapping = {k.semantic_key(): a for k, a in zip(keys, key_out)}
        mapping.update({a.semantic_key(): o for a, o in zip(aggs, agg_out)})

        def lift(e):
            def rule(x):
                if isinstance(x, Literal):
                    return None
                return mapping.get(x.semantic_key())
            r = e.transform_down(rule)
            for a in r.references():
                if a.expr_id not in {o.expr_id for o in out}:
                    self._check_grouped(a, [], True)
            return r
        plan = agg_df._plan
        if having is not None:
            plan = L.Filter(lift(having), plan)
        proj = []
        for e in named:
            inner = e.child if isinstance(e, Alias) else e
            lifted = lift(inner)
            proj.append(Alias(lifted, e.name, expr_id=e.expr_id) if isinstance(e, Alias)
                        else (lifted.with_name(e.name) if isinstance(lifted, AttributeReference)
                              else Alias(lifted, e.name)))
        proj_out = L.named_output(proj)
        hidden = []
        sort_orders = []
        for kind_, r, o in order_res:
            if kind_ == "ord":
                r = self._ordinal(r, proj_out, "ORDER BY")
            elif kind_ == "out":
                r = resolve(r, proj_out, self.session)
            else:
                lifted = lift(r)
                # prefer a select-list column computing the same thing
                match = next((a for p, a in zip(proj, proj_out)
                              if (p.child if isinstance(p, Alias) else p).semantic_key()
                              == lifted.semantic_key()), None)
                if match is None:
                    if isinstance(lifted, AttributeReference):
                        hidden.append(lifted)
                        match = lifted
                    else:
                        al = Alias(lifted, lifted.sql())
                        hidden.append(al)
                        match = al.to_attribute()
                r = match
            sort_orders.append(SortOrder(r, o.ascending, o.nulls_first))
        plan = L.Project(proj + hidden, plan)
        if q.distinct:
            plan = L.Distinct(L.Project(proj_out, plan) if hidden else plan)
        if sort_orders:
            plan = L.Sort(sort_orders, True, plan)
        if hidden and not q.distinct:
            plan = L.Project(proj_out, plan)
        return self._limit_offset(df._with(plan), q)
