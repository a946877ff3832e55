"""Physical planning: logical plan -> physical operators (Spark's SparkStrategies).

Choices made here: partial/final hash aggregation around a hash exchange; broadcast hash join
when one side is estimated under ``spark.sql.autoBroadcastJoinThreshold`` (or hinted) and the
join type allows building that side, otherwise a shuffled hash join (which, with adaptive execution,
turns into a broadcast join when one side's shuffle output proves small); nested-loop joins for
conditions without equalities; global sort = range exchange + per-partition sort."""
from __future__ import annotations

from typing import List, Optional, Tuple

from .expressions.aggregates import AggregateFunction
from .expressions.base import Alias, AttributeReference, Expression
from .expressions.predicates import EqualTo, combine_conjuncts, split_conjuncts
from .execution import basic as B
from .execution.aggregate import HashAggregateExec
from .execution.exchange import (HashPartitioning, RangePartitioning, RoundRobinPartitioning,
                                 ShuffleExchangeExec, SinglePartition)
from .execution.generate import GenerateExec
from .execution.joins import (BroadcastHashJoinExec, BroadcastNestedLoopJoinExec,
                              ShuffledHashJoinExec)
from .execution.set_operations import SetOperationExec
from .execution.sort import SortExec
from .plan import logical as L

__all__ = ["Planner"]


class Planner:
    def __init__(self, session):
        self.session = session
        self.sc = session.sparkContext

    # -- configuration ------------------------------------------------------------------
    def shuffle_partitions(self) -> int:
        return self.session._shuffle_partitions()

    def broadcast_threshold(self) -> int:
        return self.session._broadcast_threshold()

    def adaptive_broadcast_threshold(self) -> int:
        """-1 unless adaptive execution may turn shuffled joins into broadcast joins."""
        return self.session._adaptive_broadcast_threshold()

    # -- entry ----------------------------------------------------------------------------
    def plan(self, node: L.LogicalPlan):
        method = getattr(self, "_plan_" + type(node).__name__, None)
        if method is None:
            raise NotImplementedError(f"no physical plan for {type(node).__name__}")
        return method(node)

    def _plan_LocalRelation(self, node):
        slices = node.num_slices or (self.sc.defaultParallelism if node.table.num_rows else 1)
        slices = max(1, min(slices, max(1, node.table.num_rows)))
        return B.LocalTableScanExec(self.sc, node.output, node.table, slices)

    def _plan_LogicalRDD(self, node):
        return B.RDDScanExec(self.sc, node.output, node.rdd)

    def _plan_CachedRelation(self, node):
        return B.RDDScanExec(self.sc, node.output, node.rdd, "InMemoryTableScan")

    def _plan_Range(self, node):
        return B.RangeExec(self.sc, node.output, node.start, node.end, node.step,
                           node.num_partitions)

    def _plan_FileRelation(self, node):
        from .execution.file_scan import FileScanExec
        return FileScanExec(self.sc, node)

    def _plan_SubqueryAlias(self, node):
        return self.plan(node.child)

    def _plan_Project(self, node):
        return B.ProjectExec(self.sc, node.output, node.exprs, self.plan(node.child))

    def _plan_Filter(self, node):
        limit = _window_group_limit(node)
        child = self._plan_Window(node.child, group_limit=limit) if limit else \
            self.plan(node.child)
        return B.FilterExec(self.sc, node.condition, child)

    def _plan_Sample(self, node):
        return B.SampleExec(self.sc, node.lower, node.fraction, node.with_replacement,
                            node.seed, self.plan(node.child))

    def _plan_Limit(self, node):
        child = node.child
        if isinstance(child, L.Sort) and child.is_global and node.n <= 100_000:
            from .execution.sort import TakeOrderedExec
            return TakeOrderedExec(self.sc, node.n, child.orders, self.plan(child.child))
        if isinstance(child, L.Project) and isinstance(child.child, L.Sort) and \
                child.child.is_global and node.n <= 100_000:
            from .execution.sort import TakeOrderedExec
            inner = child.child
            top = TakeOrderedExec(self.sc, node.n, inner.orders, self.plan(inner.child))
            return B.ProjectExec(self.sc, child.output, child.exprs, top)
        return B.GlobalLimitExec(self.sc, node.n, self.plan(node.child))

    def _plan_Tail(self, node):
        return B.TailExec(self.sc, node.n, self.plan(node.child))

    def _plan_Offset(self, node):
        return B.OffsetExec(self.sc, node.n, self.plan(node.child))

    def _plan_Union(self, node):
        return B.UnionExec(self.sc, node.output, [self.plan(c) for c in node.children])

    def _plan_Expand(self, node):
        return B.ExpandExec(self.sc, node.output, node.projections, self.plan(node.child))

    def _plan_Generate(self, node):
        return GenerateExec(self.sc, node.generator, node.outer, node.gen_output,
                            self.plan(node.child))

    def _exchange_by_keys(self, keys, child):
        """Rows with equal ``keys`` in one partition (all rows in one without keys)."""
        part = HashPartitioning(keys, self.shuffle_partitions()) if keys else SinglePartition()
        return ShuffleExchangeExec(self.sc, part, child)

    def _plan_MapPartitions(self, node):
        child = self.plan(node.child)
        if node.group_keys is not None:
            child = self._exchange_by_keys(node.group_keys, child)
        return B.MapPartitionsExec(self.sc, node.output, node.fn, child, node.kind)

    def _plan_CoGroupMap(self, node):
        from .execution.cogroup import FlatMapCoGroupsExec
        left = self._exchange_by_keys(node.left_keys, self.plan(node.children[0]))
        right = self._exchange_by_keys(node.right_keys, self.plan(node.children[1]))
        return FlatMapCoGroupsExec(self.sc, node.output, node.fn, node.left_keys,
                                   node.right_keys, left, right, node.kind)

    def _plan_Window(self, node, group_limit: Optional[Tuple[int, str]] = None):
        from .execution.window import WindowExec
        child = self.plan(node.child)
        if group_limit:
            from .execution.window_group_limit import WindowGroupLimitExec
            _read_keys_as_dictionaries(child, node.partition_spec, node.order_spec)
            child = WindowGroupLimitExec(self.sc, group_limit[0], node.partition_spec,
                                         node.order_spec[0], child, group_limit[1])
        inner = node.child
        same = isinstance(inner, L.Window) and [e.semantic_key() for e in inner.partition_spec] \
            == [e.semantic_key() for e in node.partition_spec] and node.partition_spec
        if same:
            pass                       # the child Window's exchange already co-locates keys
        elif node.partition_spec:
            child = ShuffleExchangeExec(
                self.sc, HashPartitioning(node.partition_spec, self.shuffle_partitions()), child)
        else:
            child = ShuffleExchangeExec(self.sc, SinglePartition(), child)
        return WindowExec(self.sc, node.output, node.window_exprs, node.partition_spec,
                          node.order_spec, child)

    def _plan_Repartition(self, node):
        child = self.plan(node.child)
        if node.shuffle:
            return ShuffleExchangeExec(self.sc, RoundRobinPartitioning(node.num_partitions), child)
        return B.CoalesceExec(self.sc, node.num_partitions, child)

    def _plan_RepartitionByExpression(self, node):
        n = node.num_partitions or self.shuffle_partitions()
        child = self.plan(node.child)
        if node.by_range:
            return ShuffleExchangeExec(self.sc, RangePartitioning(node.exprs, n), child)
        if not node.exprs:
            return ShuffleExchangeExec(self.sc, RoundRobinPartitioning(n), child)
        return ShuffleExchangeExec(self.sc, HashPartitioning(node.exprs, n), child)

    def _plan_Sort(self, node):
        child = self.plan(node.child)
        if node.is_global:
            n = self.shuffle_partitions()
            child = ShuffleExchangeExec(self.sc, RangePartitioning(node.orders, n)
                                        if n > 1 else SinglePartition(), child)
        return SortExec(self.sc, node.orders, node.is_global, child)

    def _plan_Distinct(self, node):
        out = node.child.output
        return self.plan(L.Aggregate(list(out), list(out), node.child))

    def _plan_Deduplicate(self, node):
        from .expressions.aggregates import First
        key_ids = {k.expr_id for k in node.keys}
        aggs = []
        for a in node.child.output:
            if a.expr_id in key_ids:
                aggs.append(a)
            else:
                aggs.append(Alias(First(a, False), a.name, expr_id=a.expr_id))
        return self.plan(L.Aggregate(list(node.keys), aggs, node.child))

    def _plan_SetOperation(self, node):
        left, right = self.plan(node.children[0]), self.plan(node.children[1])
        n = self.shuffle_partitions()
        left = ShuffleExchangeExec(self.sc, HashPartitioning(list(left.output), n), left)
        right = ShuffleExchangeExec(self.sc, HashPartitioning(list(right.output), n), right)
        return SetOperationExec(self.sc, node.kind, node.is_all, left, right)

    # -- aggregation ----------------------------------------------------------------------
    def _plan_Aggregate(self, node):
        child = self.plan(node.child)
        aggs: List[AggregateFunction] = []
        agg_keys = {}
        for e in node.aggregates:
            for a in e.walk():
                if isinstance(a, AggregateFunction):
                    k = a.semantic_key()
                    if k not in agg_keys:
                        agg_keys[k] = len(aggs)
                        aggs.append(a)
        agg_attrs = [AttributeReference(f"agg{i}", a.data_type, a.nullable)
                     for i, a in enumerate(aggs)]
        key_attrs = []
        group_keys = {}
        for i, g in enumerate(node.grouping):
            attr = g if isinstance(g, AttributeReference) else \
                AttributeReference(f"_groupingexpression{i}", g.data_type, g.nullable)
            key_attrs.append(attr)
            group_keys[g.semantic_key()] = attr

        def rewrite(e: Expression):
            def rule(x):
                k = x.semantic_key()
                if isinstance(x, AggregateFunction):
                    return agg_attrs[agg_keys[k]]
                if k in group_keys and not isinstance(x, Alias):
                    return group_keys[k]
                return None
            return e.transform_down(rule) if not isinstance(e, Alias) else \
                Alias(e.child.transform_down(rule), e.name, e.expr_id, e.metadata)
        result_exprs = [rewrite(e) for e in node.aggregates]
        _read_keys_as_dictionaries(child, node.grouping,
                                   [c for a in aggs for c in a.children])
        partial = HashAggregateExec(self.sc, "partial", node.grouping, key_attrs, aggs,
                                    agg_attrs, [], key_attrs, child)
        buffer_keys = [AttributeReference(a.name, a.data_type, a.nullable, a.expr_id)
                       for a in key_attrs]
        if node.grouping:
            part = HashPartitioning(list(buffer_keys), self.shuffle_partitions())
        else:
            part = SinglePartition()
        exchange = ShuffleExchangeExec(self.sc, part, partial)
        return HashAggregateExec(self.sc, "final", node.grouping, key_attrs, aggs, agg_attrs,
                                 result_exprs, node.output, exchange)

    # -- joins ----------------------------------------------------------------------------
    def _split_keys(self, node) -> Tuple[list, list, Optional[Expression]]:
        left_ids = {a.expr_id for a in node.left.output}
        right_ids = {a.expr_id for a in node.right.output}
        lk, rk, rest = [], [], []
        if node.condition is None:
            return lk, rk, None
        for c in split_conjuncts(node.condition):
            if isinstance(c, EqualTo):
                l_refs = {a.expr_id for a in c.left.references()}
                r_refs = {a.expr_id for a in c.right.references()}
                if l_refs and r_refs and l_refs <= left_ids and r_refs <= right_ids:
                    lk.append(c.left)
                    rk.append(c.right)
                    continue
                if l_refs and r_refs and l_refs <= right_ids and r_refs <= left_ids:
                    lk.append(c.right)
                    rk.append(c.left)
                    continue
            rest.append(c)
        return lk, rk, combine_conjuncts(rest)

    def _plan_Join(self, node):
        jt = node.join_type
        lk, rk, rest = self._split_keys(node)
        left, right = self.plan(node.left), self.plan(node.right)
        output = node.output
        threshold = self.broadcast_threshold()
        hint = node.hint
        lsize, rsize = node.left.size_in_bytes(), node.right.size_in_bytes()

        def small(size, hinted):
            return hinted or (threshold >= 0 and size is not None and size <= threshold)
        can_right = jt in ("inner", "cross", "left", "semi", "anti")
        can_left = jt in ("inner", "cross", "right")
        build = None
        if can_right and small(rsize, hint == "right"):
            build = "right"
        if can_left and small(lsize, hint == "left") and (
                build is None or (lsize is not None and rsize is not None and lsize < rsize
                                  and hint != "right")):
            build = "left"
        if not lk:
            if build is None:
                if jt == "full" or not (can_right or can_left):
                    left = ShuffleExchangeExec(self.sc, SinglePartition(), left)
                    right = ShuffleExchangeExec(self.sc, SinglePartition(), right)
                    return ShuffledHashJoinExec(self.sc, output, jt, [], [], rest, left, right)
                build = "right" if can_right else "left"
            return BroadcastNestedLoopJoinExec(self.sc, output, jt, [], [], rest, left, right,
                                               build)
        if build is not None:
            return BroadcastHashJoinExec(self.sc, output, jt, lk, rk, rest, left, right, build)
        n = self.shuffle_partitions()
        left = ShuffleExchangeExec(self.sc, HashPartitioning(lk, n), left)
        right = ShuffleExchangeExec(self.sc, HashPartitioning(rk, n), right)
        adaptive = self.adaptive_broadcast_threshold() if hint is None else -1
        if adaptive >= 0 and (can_left or can_right):
            # adaptive execution: shuffle the side more likely to be small first and broadcast
            # it if it is (unknown estimates count as large; the right side on a tie)
            def rank(size):
                return (size is None, size or 0)
            side = "right" if can_right else "left"
            if can_left and can_right and rank(lsize) < rank(rsize):
                side = "left"
            return ShuffledHashJoinExec(self.sc, output, jt, lk, rk, rest, left, right,
                                        build_side=side, adaptive_threshold=adaptive)
        return ShuffledHashJoinExec(self.sc, output, jt, lk, rk, rest, left, right)


def _read_keys_as_dictionaries(child, grouping, others) -> None:
    """String grouping keys that are plain columns of a Parquet scan below an operator that
    only groups by them (a partial aggregate, a window's group limit; reached directly or
    through Filters that do not use them) are read dictionary-encoded: Parquet stores such
    columns as dictionaries, so no strings are built, and the operator groups by the integer
    codes (it decodes what it outputs). ``others``: the operator's other expressions."""
    from .execution.file_scan import FileScanExec
    from .types import StringType
    keys = {g.expr_id for g in grouping
            if isinstance(g, AttributeReference) and isinstance(g.data_type, StringType)}
    for g in grouping:
        if not isinstance(g, AttributeReference):
            keys -= {a.expr_id for a in g.references()}
    for c in others:
        keys -= {r.expr_id for r in c.references()}
    node = child
    while keys and isinstance(node, B.FilterExec):
        keys -= {a.expr_id for a in node.condition.references()}
        node = node.children[0]
    if keys and isinstance(node, FileScanExec) and node.relation.fmt == "parquet":
        parts = set(node.relation.partition_schema.names)
        node.dictionary_columns = frozenset(a.name for a in node.output
                                            if a.expr_id in keys and a.name not in parts)


def _window_group_limit(node) -> Optional[Tuple[int, str]]:
    """(k, the ranking's SQL) when ``node`` is a Filter keeping ranks <= k (``rn <= k``, ``rn < k + 1``,
    ``rn = 1``...) of a row_number/rank/dense_rank computed by the Window directly below,
    and every function of that Window only looks at rows up to the current one (rankings,
    aggregates over UNBOUNDED PRECEDING .. CURRENT ROW): then rows ranked beyond k in their
    map partition can be dropped before the window's exchange (Spark's WindowGroupLimit)."""
    from .expressions import predicates as P
    from .expressions import window_functions as WF
    from .expressions.base import Literal
    from .expressions.window_expr import (RANGE_UNBOUNDED_TO_CURRENT,
                                          ROWS_UNBOUNDED_TO_CURRENT, WindowExpression)
    window = node.child
    if not isinstance(window, L.Window) or len(window.order_spec) != 1:
        return None
    ranks = {}
    for e in window.window_exprs:
        w = e.child if isinstance(e, Alias) else e
        if not isinstance(w, WindowExpression) or not w.deterministic:
            return None
        if isinstance(w.func, (WF.RowNumber, WF.Rank, WF.DenseRank)):
            if isinstance(e, Alias):
                ranks[e.expr_id] = w.func.sql()
        elif not (isinstance(w.func, AggregateFunction) and w.spec.frame in
                  (ROWS_UNBOUNDED_TO_CURRENT, RANGE_UNBOUNDED_TO_CURRENT)):
            return None
    best = None
    for c in split_conjuncts(node.condition):
        left, right = getattr(c, "left", None), getattr(c, "right", None)
        flip = {P.GreaterThanOrEqual: P.LessThanOrEqual, P.GreaterThan: P.LessThan}
        kind = type(c)
        if isinstance(left, Literal) and type(c) in flip:
            left, right, kind = right, left, flip[type(c)]
        if not (isinstance(left, AttributeReference) and left.expr_id in ranks and
                isinstance(right, Literal) and isinstance(right.value, int) and
                not isinstance(right.value, bool)):
            continue
        k = {P.LessThanOrEqual: right.value, P.LessThan: right.value - 1,
             P.EqualTo: right.value}.get(kind)
        if k is not None and k >= 1 and (best is None or k < best[0]):
            best = (k, ranks[left.expr_id])
    return best
