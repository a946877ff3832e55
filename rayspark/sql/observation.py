"""``Observation`` and ``DataFrame.observe``: named aggregate metrics over the rows that flow
through a point of a query, reported when the action that ran the query ends.

Spark plans ``observe`` as a ``CollectMetrics`` node that passes rows through and feeds an
aggregation buffer per task; the buffers travel back with the task results (an accumulator)
and the driver merges them when the query finishes. rayspark does the same with its parts: the
node is an opaque pass-through ``MapPartitions`` (so no filter or column pruning moves across
it, as none moves across CollectMetrics), each task runs the aggregates' *partial* step over
the batches it passes on (``execution.aggregate.run_partial``, chunked so a partition is never
held whole) and adds the partial buffers to a core accumulator - which the DAG scheduler merges
once per successful task, so retries are not counted twice. When a DataFrame action that ran
the plan returns, the driver merges the buffers (``run_final``), finishes the metric
expressions and fills the ``Observation``; only the first action counts, as in Spark.

Differences from Spark, both from executing Arrow batches rather than rows: an action that
stops early (``first()``, ``show()``) counts whole batches that were produced, not only the
rows it kept; and an action that does not go through the DataFrame API's own actions (a
``write``, an action on ``df.rdd``) fills the observation when ``get`` is first called."""
from __future__ import annotations

import threading
import uuid
from typing import Any, Dict, List, Optional

from ..accumulators import AccumulatorParam
from ..errors import (AnalysisException, PySparkAssertionError, PySparkTypeError,
                      PySparkValueError, not_expected_type)
from .column import Column

__all__ = ["Observation", "PySparkAssertionError", "observe"]

KIND = "CollectMetrics"
_CHUNK_ROWS = 1 << 16           # rows per partial aggregation (as the aggregate exec sums)


class Observation:
    """Collects the metrics of one ``DataFrame.observe`` during the first action over it."""

    def __init__(self, name: Optional[str] = None) -> None:
        if name is not None:
            if not isinstance(name, str):
                raise not_expected_type("name", "str", name)
            if name == "":
                raise PySparkValueError(
                    "[VALUE_NOT_NON_EMPTY_STR] Value for `name` must be a non-empty string, "
                    "got ''.", "VALUE_NOT_NON_EMPTY_STR", {"arg_name": "name", "arg_value": name})
        self._name = name
        self._collector: Optional["_MetricsCollector"] = None
        self._done = threading.Event()
        self._result: Optional[Dict[str, Any]] = None

    def _on(self, df, *exprs):
        if self._collector is not None:
            raise PySparkAssertionError(
                "[REUSE_OBSERVATION] An Observation can be used with a DataFrame only once.",
                "REUSE_OBSERVATION")
        name = self._name if self._name is not None else str(uuid.uuid4())
        observed, collector = _observed(df, name, list(exprs), self)
        self._collector = collector
        return observed

    @property
    def get(self) -> Dict[str, Any]:
        """The metrics as a dict; waits for the first action over the observed DataFrame."""
        if self._collector is None:
            raise PySparkAssertionError(
                "[NO_OBSERVE_BEFORE_GET] Should observe by calling `DataFrame.observe` before "
                "`get`.", "NO_OBSERVE_BEFORE_GET")
        self._collector.finish_if_ran()
        self._done.wait()
        return dict(self._result)

    def _set(self, row) -> None:
        self._result = row.asDict(recursive=False)
        self._done.set()


class _ListParam(AccumulatorParam):
    """Partial aggregation buffers (record batches), concatenated task by task."""

    def zero(self, value):
        return []

    def addInPlace(self, value1, value2):
        return list(value1) + list(value2)


class _PassThrough:
    """The task side: yields every batch unchanged and adds partial buffers of the metrics'
    aggregates over them to the accumulator (the driver-side collector is not shipped)."""

    def __init__(self, acc, aggs, inputs, collector):
        self.acc, self.aggs, self.inputs = acc, aggs, inputs
        self.collector = collector

    def __getstate__(self):
        state = dict(self.__dict__)
        state["collector"] = None
        return state

    def __call__(self, batches):
        from .execution.aggregate import run_partial
        pending, rows, partials = [], 0, []
        try:
            for b in batches:
                yield b
                if b.num_rows:
                    pending.append(b)
                    rows += b.num_rows
                    if rows >= _CHUNK_ROWS:
                        partials.append(run_partial(pending, [], self.aggs, self.inputs))
                        pending, rows = [], 0
        finally:
            if pending:
                partials.append(run_partial(pending, [], self.aggs, self.inputs))
            # tagged with the partition so that the driver merges in partition order, as
            # Spark's final merge does (float sums, collect_list, first depend on it)
            from ..taskcontext import TaskContext
            ctx = TaskContext.get()
            part = ctx.partitionId() if ctx is not None else 0
            partials = [(part, i, p) for i, p in enumerate(partials) if p is not None]
            if partials:
                self.acc.add(partials)


class _MetricsCollector:
    """The driver side of one observe(): merges the partial buffers after an action."""

    def __init__(self, session, name, metrics, aggs, agg_attrs, results, observation):
        self.name = name
        self.metrics = metrics
        self.aggs, self.agg_attrs, self.results = aggs, agg_attrs, results
        self.observation = observation
        self.acc = session.sparkContext.accumulator([], _ListParam())
        self.ran = False
        self.done = False
        self._lock = threading.Lock()

    def finish(self) -> None:
        """An action that executed the observed plan has returned."""
        with self._lock:
            if self.done:
                return
            self.done = True
            row = self._metrics_row([p for _, _, p in sorted(self.acc.value,
                                                             key=lambda t: t[:2])])
        if self.observation is not None:
            self.observation._set(row)

    def restart(self) -> None:
        with self._lock:
            if not self.done:
                self.acc.value = []

    def finish_if_ran(self) -> None:
        if not self.done and self.acc.value:
            self.finish()

    def _metrics_row(self, partials):
        import pyarrow as pa
        from .arrow_types import arrow_to_rows
        from .execution.aggregate import run_final
        from .execution.arrow_util import batch_from_arrays, schema_of
        from .types import StructField, StructType
        res = run_final(partials, 0, self.aggs, True) if partials else None
        if res is None:
            arrays = [pa.array([a.empty_value()], type=schema_of([attr]).field(0).type)
                      for a, attr in zip(self.aggs, self.agg_attrs)]
        else:
            arrays = res[1]
        inner = batch_from_arrays(arrays, self.agg_attrs, 1)
        out = batch_from_arrays([e.eval(inner) for e in self.results], self.metrics, 1)
        schema = StructType([StructField(a.name, a.data_type, a.nullable) for a in self.metrics])
        return arrow_to_rows(pa.Table.from_batches([out]), schema, timezone=None)[0]


def observe(df, observation, exprs):
    """``DataFrame.observe(observation_or_name, *exprs)``."""
    if not isinstance(observation, (Observation, str)):
        raise not_expected_type("observation", "Observation or str", observation)
    if not exprs:
        raise PySparkValueError("[CANNOT_BE_EMPTY] At least one exprs must be specified.",
                                "CANNOT_BE_EMPTY", {"item": "exprs"})
    if not all(isinstance(c, Column) for c in exprs):
        raise PySparkTypeError(
            "[NOT_EXPECTED_TYPE] Argument `exprs` should be list[Column], got tuple.",
            "NOT_EXPECTED_TYPE", {"arg_name": "exprs", "expected_type": "list[Column]",
                                  "arg_type": "tuple"})
    if isinstance(observation, Observation):
        return observation._on(df, *exprs)
    return _observed(df, observation, list(exprs), None)[0]


def collectors_in(plan) -> List[_MetricsCollector]:
    """The observe() collectors of a logical plan (to finish after an action ran it)."""
    from .plan import logical as L
    out = []
    for node in plan.walk():
        if isinstance(node, L.MapPartitions) and node.kind == KIND and \
                isinstance(node.fn, _PassThrough) and node.fn.collector is not None:
            out.append(node.fn.collector)
    return out


def start_observations(plan) -> None:
    """A new execution of ``plan`` starts: unfinished metrics drop buffers left by an
    earlier execution that failed (its successful tasks still added theirs)."""
    for c in collectors_in(plan):
        c.restart()


def finish_observations(plan) -> None:
    for c in collectors_in(plan):
        c.finish()


def _observed(df, name: str, exprs: List[Column], observation):
    from .analyzer import ensure_named
    from .expressions.base import Alias
    from .execution.base import bind_all
    from .plan import logical as L
    metrics = [ensure_named(df._resolve(c._expr)) for c in exprs]
    for m in metrics:
        _check_metric(m, m)
    for other in collectors_in(df._plan):
        if other.name == name and [m.semantic_key() for m in other.metrics] != \
                [m.semantic_key() for m in metrics]:
            raise AnalysisException(
                f"[DUPLICATED_METRICS_NAME] The metric name is not unique: {name}. The same "
                "name cannot be used for metrics with different results.\nHowever multiple "
                "instances of metrics with with same result and name are allowed (e.g. "
                "self-joins). SQLSTATE: 42710", "DUPLICATED_METRICS_NAME", {"metricName": name})
    aggs, agg_attrs, results = _split_aggregates(metrics)
    child_attrs = df._attrs()
    inputs = [bind_all(list(a.children) if not _no_inputs(a) else [], child_attrs)
              for a in aggs]
    collector = _MetricsCollector(df._session, name, [m.to_attribute() for m in metrics],
                                  aggs, agg_attrs, results, observation)
    collector.metric_exprs = metrics
    fn = _PassThrough(collector.acc, aggs, inputs, collector)
    node = L.MapPartitions(fn, list(child_attrs), df._plan, kind=KIND)
    node.node_string = lambda: (f"CollectMetrics {name}, "
                                f"[{', '.join(m.tree_string() for m in metrics)}]")
    return df._with(node), collector


def _no_inputs(agg) -> bool:
    from .expressions.aggregates import Count
    return isinstance(agg, Count) and not agg.children


def _split_aggregates(metrics):
    """The distinct aggregate functions of the metrics, an attribute for each, and the
    metric expressions with each aggregate replaced by its attribute (as the planner does
    for an Aggregate's result expressions)."""
    from .expressions.aggregates import AggregateFunction
    from .expressions.base import Alias, AttributeReference
    aggs, keys = [], {}
    for m in metrics:
        for a in m.walk():
            if isinstance(a, AggregateFunction) and a.semantic_key() not in keys:
                keys[a.semantic_key()] = len(aggs)
                aggs.append(a)
    agg_attrs = [AttributeReference(f"agg{i}", a.data_type, a.nullable)
                 for i, a in enumerate(aggs)]

    def rule(x):
        if isinstance(x, AggregateFunction):
            return agg_attrs[keys[x.semantic_key()]]
        return None
    results = [Alias(m.child.transform_down(rule), m.name, m.expr_id, m.metadata)
               if isinstance(m, Alias) else m.transform_down(rule) for m in metrics]
    from .execution.base import bind_all
    return aggs, agg_attrs, bind_all(results, agg_attrs)


def _sql_of(metric) -> str:
    return metric.sql()


def _nondeterministic_itself(e) -> bool:
    """Non-deterministic by itself, not through a child; the current time functions are
    deterministic within one query in Spark (rayspark marks them non-deterministic so that
    they are not constant-folded across queries)."""
    if e.deterministic or type(e).__name__ == "_Now":
        return False
    return all(c.deterministic for c in e.children)


def _invalid(sub: str, text: str, metric) -> AnalysisException:
    return AnalysisException(
        f"[INVALID_OBSERVED_METRICS.{sub}] Invalid observed metrics. {text} SQLSTATE: 42K0E",
        f"INVALID_OBSERVED_METRICS.{sub}", {"expr": _sql_of(metric)})


def _check_metric(metric, e, seen_aggregate: bool = False) -> None:
    """Spark's CheckAnalysis rules for a CollectMetrics expression."""
    from .expressions.aggregates import AggregateFunction
    from .expressions.base import AttributeReference
    from .expressions.window_expr import WindowExpression
    s = _sql_of(metric)
    if isinstance(e, WindowExpression):
        raise _invalid("WINDOW_EXPRESSIONS_UNSUPPORTED", "Window expressions are not allowed "
                       f"in observed metrics, but found: \"{s}\".", metric)
    if isinstance(e, AggregateFunction):
        if seen_aggregate:
            raise _invalid("NESTED_AGGREGATES_UNSUPPORTED", "Nested aggregates are not allowed "
                           f"in observed metrics, but found: \"{s}\".", metric)
        if getattr(e, "is_distinct", False):
            raise _invalid("AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED", "Aggregate "
                           "expressions with DISTINCT are not allowed in observed metrics, but "
                           f"found: \"{s}\".", metric)
        for c in e.children:
            _check_metric(metric, c, True)
        return
    if isinstance(e, AttributeReference) and not seen_aggregate:
        raise _invalid("NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE", f"Attribute \"{s}\" can only be "
                       "used as an argument to an aggregate function.", metric)
    if _nondeterministic_itself(e) and not seen_aggregate:
        raise _invalid("NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC", "Non-deterministic "
                       f"expression \"{s}\" can only be used as an argument to an aggregate "
                       "function.", metric)
    for c in e.children:
        _check_metric(metric, c, seen_aggregate)
