"""Logical plan nodes. Plans are immutable: the analyzer resolves expressions as nodes are
built (so errors surface at the call that caused them) and optimizer rules return new trees.
``output`` is the list of attributes a node produces; ``tree_string`` renders it the way
``explain()`` shows logical plans (``Project [a#1, b#2]`` with ``+-`` children)."""
from __future__ import annotations

from typing import Any, Callable, List, Optional, Sequence, Tuple

from ..expressions.base import Alias, AttributeReference, Expression, SortOrder

__all__ = ["LogicalPlan", "LocalRelation", "LogicalRDD", "Range", "FileRelation", "Project",
           "Filter", "Aggregate", "Join", "Sort", "Limit", "Offset", "Union", "SetOperation",
           "Distinct", "Repartition", "RepartitionByExpression", "SubqueryAlias", "Generate",
           "Window", "Sample", "Expand", "Deduplicate", "CachedRelation", "MapPartitions",
           "named_output", "Tail"]


def named_output(exprs: Sequence[Expression]) -> List[AttributeReference]:
    out = []
    for e in exprs:
        if isinstance(e, AttributeReference):
            out.append(e)
        elif isinstance(e, Alias):
            out.append(e.to_attribute())
        else:
            raise TypeError(f"unnamed expression in output: {e!r}")
    return out


def _attrs(attrs) -> str:
    return "[" + ", ".join(a.tree_string() for a in attrs) + "]"


class LogicalPlan:
    children: Tuple["LogicalPlan", ...] = ()

    @property
    def output(self) -> List[AttributeReference]:
        raise NotImplementedError

    def with_children(self, children: Sequence["LogicalPlan"]) -> "LogicalPlan":
        if tuple(children) == tuple(self.children):
            return self
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.children = tuple(children)
        clone.__dict__.pop("_output_cache", None)
        return clone

    def expressions(self) -> List[Expression]:
        return []

    def with_expressions(self, fn: Callable[[Expression], Expression]) -> "LogicalPlan":
        return self

    def transform_up(self, rule):
        node = self.with_children([c.transform_up(rule) for c in self.children])
        out = rule(node)
        return node if out is None else out

    def transform_down(self, rule):
        out = rule(self)
        node = self if out is None else out
        return node.with_children([c.transform_down(rule) for c in node.children])

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    # -- display ------------------------------------------------------------------------
    def node_string(self) -> str:
        return type(self).__name__

    def tree_string(self, indent: int = 0) -> str:
        lines: List[str] = []
        self._tree_lines(lines, "", True, True)
        return "\n".join(lines)

    def _tree_lines(self, lines, prefix, is_last, is_root):
        if is_root:
            lines.append(self.node_string())
            child_prefix = ""
        else:
            lines.append(prefix + "+- " + self.node_string())
            child_prefix = prefix + ("   " if is_last else ":  ")
        for i, c in enumerate(self.children):
            c._tree_lines(lines, child_prefix, i == len(self.children) - 1, False)

    def __repr__(self):
        return self.tree_string()

    def size_in_bytes(self) -> Optional[int]:
        """Estimated size for join planning (None = unknown/large)."""
        sizes = [c.size_in_bytes() for c in self.children]
        if not sizes or any(s is None for s in sizes):
            return None
        return sum(sizes)


class LeafNode(LogicalPlan):
    children = ()


class LocalRelation(LeafNode):
    """Rows held by the driver as an Arrow table (createDataFrame of local data)."""

    def __init__(self, attrs: List[AttributeReference], table, num_slices: Optional[int] = None,
                 local: bool = True):
        self._output = list(attrs)
        self.table = table
        self.num_slices = num_slices
        #: what DataFrame.isLocal() says: PySpark builds createDataFrame's data (and
        #: transpose's result) as a distributed relation, command results and VALUES locally
        self.local = local

    @property
    def output(self):
        return self._output

    def node_string(self):
        return f"LocalRelation {_attrs(self._output)}"

    def size_in_bytes(self):
        return self.table.nbytes


class LogicalRDD(LeafNode):
    """An RDD whose partitions are Arrow record batches (from createDataFrame(rdd))."""

    def __init__(self, attrs: List[AttributeReference], rdd, size_hint: Optional[int] = None):
        self._output = list(attrs)
        self.rdd = rdd
        self.size_hint = size_hint

    @property
    def output(self):
        return self._output

    def node_string(self):
        return f"LogicalRDD {_attrs(self._output)}, false"

    def size_in_bytes(self):
        return self.size_hint


class CachedRelation(LeafNode):
    """A cached DataFrame's plan: the persisted RDD of its batches."""

    def __init__(self, attrs, rdd, plan: LogicalPlan, storage_level):
        self._output = list(attrs)
        self.rdd = rdd
        self.plan = plan
        self.storage_level = storage_level

    @property
    def output(self):
        return self._output

    def node_string(self):
        return f"InMemoryRelation {_attrs(self._output)}, {self.storage_level}"

    def size_in_bytes(self):
        return self.plan.size_in_bytes()


class Range(LeafNode):
    def __init__(self, start: int, end: int, step: int, num_partitions: int,
                 attr: Optional[AttributeReference] = None):
        from ..types import LongType
        self.start, self.end, self.step = start, end, step
        self.num_partitions = num_partitions
        self.attr = attr or AttributeReference("id", LongType(), False)

    @property
    def output(self):
        return [self.attr]

    def node_string(self):
        return (f"Range ({self.start}, {self.end}, step={self.step}, "
                f"splits={self.num_partitions})")

    def size_in_bytes(self):
        n = max(0, -(-(self.end - self.start) // self.step)) if self.step else 0
        return 8 * n


class FileRelation(LeafNode):
    """Files of one format under some paths: columns, partition columns, pushed filters."""

    def __init__(self, fmt: str, file_index, data_schema, partition_schema, options: dict,
                 attrs: List[AttributeReference], required: Optional[List[str]] = None,
                 data_filters: Sequence[Expression] = (),
                 partition_filters: Sequence[Expression] = (), paths: Sequence[str] = ()):
        self.fmt = fmt
        self.file_index = file_index
        self.data_schema = data_schema
        self.partition_schema = partition_schema
        self.options = dict(options)
        self._output = list(attrs)
        self.required = required
        self.data_filters = tuple(data_filters)
        self.partition_filters = tuple(partition_filters)
        self.paths = tuple(paths)

    @property
    def output(self):
        if self.required is None:
            return self._output
        keep = set(self.required)
        return [a for a in self._output if a.name in keep]

    @property
    def all_attrs(self):
        return self._output

    def copy(self, **kw):
        clone = object.__new__(FileRelation)
        clone.__dict__.update(self.__dict__)
        clone.__dict__.update(kw)
        return clone

    def node_string(self):
        s = f"Relation [{', '.join(a.tree_string() for a in self.output)}] {self.fmt}"
        return s

    def size_in_bytes(self):
        try:
            return sum(f.size for f in self.file_index.files)
        except Exception:
            return None


class UnaryNode(LogicalPlan):
    @property
    def child(self) -> LogicalPlan:
        return self.children[0]

    @property
    def output(self):
        return self.child.output


class Project(UnaryNode):
    def __init__(self, exprs: Sequence[Expression], child: LogicalPlan):
        self.exprs = list(exprs)
        self.children = (child,)

    @property
    def output(self):
        return named_output(self.exprs)

    def expressions(self):
        return list(self.exprs)

    def with_expressions(self, fn):
        return Project([fn(e) for e in self.exprs], self.child)

    def node_string(self):
        return "Project [" + ", ".join(e.tree_string() for e in self.exprs) + "]"


class Filter(UnaryNode):
    def __init__(self, condition: Expression, child: LogicalPlan):
        self.condition = condition
        self.children = (child,)

    def expressions(self):
        return [self.condition]

    def with_expressions(self, fn):
        return Filter(fn(self.condition), self.child)

    def node_string(self):
        return f"Filter {self.condition.tree_string()}"


class Aggregate(UnaryNode):
    """GROUP BY ``grouping`` computing named ``aggregates`` (which may mix grouping
    expressions and aggregate functions, like ``sum(x) + 1 AS y``)."""

    def __init__(self, grouping: Sequence[Expression], aggregates: Sequence[Expression],
                 child: LogicalPlan):
        self.grouping = list(grouping)
        self.aggregates = list(aggregates)
        self.children = (child,)

    @property
    def output(self):
        return named_output(self.aggregates)

    def expressions(self):
        return self.grouping + self.aggregates

    def with_expressions(self, fn):
        return Aggregate([fn(e) for e in self.grouping], [fn(e) for e in self.aggregates],
                         self.child)

    def node_string(self):
        return ("Aggregate [" + ", ".join(e.tree_string() for e in self.grouping) + "], [" +
                ", ".join(e.tree_string() for e in self.aggregates) + "]")


JOIN_TYPES = {
    "inner": "inner", "cross": "cross", "outer": "full", "full": "full", "fullouter": "full",
    "full_outer": "full", "left": "left", "leftouter": "left", "left_outer": "left",
    "right": "right", "rightouter": "right", "right_outer": "right", "semi": "semi",
    "leftsemi": "semi", "left_semi": "semi", "anti": "anti", "leftanti": "anti",
    "left_anti": "anti",
}
JOIN_DISPLAY = {"inner": "Inner", "cross": "Cross", "full": "FullOuter", "left": "LeftOuter",
                "right": "RightOuter", "semi": "LeftSemi", "anti": "LeftAnti"}


class Join(LogicalPlan):
    def __init__(self, left: LogicalPlan, right: LogicalPlan, join_type: str,
                 condition: Optional[Expression], hint: Optional[str] = None):
        self.children = (left, right)
        self.join_type = join_type
        self.condition = condition
        self.hint = hint

    @property
    def left(self):
        return self.children[0]

    @property
    def right(self):
        return self.children[1]

    @property
    def output(self):
        jt = self.join_type
        left, right = self.left.output, self.right.output
        if jt in ("semi", "anti"):
            return left
        if jt == "left":
            return left + [a.with_nullability(True) for a in right]
        if jt == "right":
            return [a.with_nullability(True) for a in left] + right
        if jt == "full":
            return [a.with_nullability(True) for a in left + right]
        return left + right

    def expressions(self):
        return [self.condition] if self.condition is not None else []

    def with_expressions(self, fn):
        return Join(self.left, self.right, self.join_type,
                    fn(self.condition) if self.condition is not None else None, self.hint)

    def node_string(self):
        c = f", {self.condition.tree_string()}" if self.condition is not None else ""
        return f"Join {JOIN_DISPLAY[self.join_type]}{c}"


class Sort(UnaryNode):
    def __init__(self, orders: Sequence[SortOrder], is_global: bool, child: LogicalPlan):
        self.orders = list(orders)
        self.is_global = is_global
        self.children = (child,)

    def expressions(self):
        return list(self.orders)

    def with_expressions(self, fn):
        return Sort([fn(o) for o in self.orders], self.is_global, self.child)

    def node_string(self):
        return ("Sort [" + ", ".join(o.tree_string() for o in self.orders) +
                f"], {'true' if self.is_global else 'false'}")


class Limit(UnaryNode):
    def __init__(self, n: int, child: LogicalPlan):
        self.n = n
        self.children = (child,)

    def node_string(self):
        return f"GlobalLimit {self.n}"


class Tail(Limit):
    def node_string(self):
        return f"Tail {self.n}"


class Offset(UnaryNode):
    def __init__(self, n: int, child: LogicalPlan):
        self.n = n
        self.children = (child,)

    def node_string(self):
        return f"Offset {self.n}"


class Union(LogicalPlan):
    def __init__(self, children: Sequence[LogicalPlan]):
        self.children = tuple(children)

    @property
    def output(self):
        first = self.children[0].output
        outs = [c.output for c in self.children]
        return [a.with_nullability(any(o[i].nullable for o in outs)) for i, a in enumerate(first)]

    def node_string(self):
        return "Union false, false"


class SetOperation(LogicalPlan):
    """INTERSECT / EXCEPT [ALL]."""

    def __init__(self, left, right, kind: str, is_all: bool):
        self.children = (left, right)
        self.kind = kind
        self.is_all = is_all

    @property
    def output(self):
        return self.children[0].output

    def node_string(self):
        return f"{self.kind.capitalize()} {'All ' if self.is_all else ''}{str(self.is_all).lower()}"


class Distinct(UnaryNode):
    def __init__(self, child):
        self.children = (child,)


class Deduplicate(UnaryNode):
    def __init__(self, keys: Sequence[AttributeReference], child):
        self.keys = list(keys)
        self.children = (child,)

    def node_string(self):
        return f"Deduplicate {_attrs(self.keys)}"


class Repartition(UnaryNode):
    def __init__(self, num_partitions: int, shuffle: bool, child):
        self.num_partitions = num_partitions
        self.shuffle = shuffle
        self.children = (child,)

    def node_string(self):
        return f"Repartition {self.num_partitions}, {str(self.shuffle).lower()}"


class RepartitionByExpression(UnaryNode):
    def __init__(self, exprs: Sequence[Expression], num_partitions: Optional[int], child,
                 by_range: bool = False):
        self.exprs = list(exprs)
        self.num_partitions = num_partitions
        self.children = (child,)
        self.by_range = by_range

    def expressions(self):
        return list(self.exprs)

    def with_expressions(self, fn):
        return RepartitionByExpression([fn(e) for e in self.exprs], self.num_partitions,
                                       self.child, self.by_range)

    def node_string(self):
        return ("RepartitionByExpression [" + ", ".join(e.tree_string() for e in self.exprs) +
                f"], {self.num_partitions}")


class SubqueryAlias(UnaryNode):
    def __init__(self, alias: str, child):
        self.alias = alias
        self.children = (child,)

    @property
    def output(self):
        return [a.with_qualifier((self.alias,)) for a in self.child.output]

    def node_string(self):
        return f"SubqueryAlias {self.alias}"


class Generate(UnaryNode):
    """explode/posexplode/inline of ``generator`` appending ``gen_output`` to the child's
    columns (``outer`` keeps rows whose collection is empty or null)."""

    def __init__(self, generator: Expression, outer: bool, gen_output: List[AttributeReference],
                 child):
        self.generator = generator
        self.outer = outer
        self.gen_output = list(gen_output)
        self.children = (child,)

    @property
    def output(self):
        return self.child.output + self.gen_output

    def expressions(self):
        return [self.generator]

    def with_expressions(self, fn):
        return Generate(fn(self.generator), self.outer, self.gen_output, self.child)

    def node_string(self):
        return (f"Generate {self.generator.tree_string()}, {str(self.outer).lower()}, "
                f"{_attrs(self.gen_output)}")


class Window(UnaryNode):
    """Window functions sharing one PARTITION BY / ORDER BY spec, appended to the child."""

    def __init__(self, window_exprs: Sequence[Expression], partition_spec, order_spec, child):
        self.window_exprs = list(window_exprs)
        self.partition_spec = list(partition_spec)
        self.order_spec = list(order_spec)
        self.children = (child,)

    @property
    def output(self):
        return self.child.output + named_output(self.window_exprs)

    def expressions(self):
        return self.window_exprs + self.partition_spec + self.order_spec

    def with_expressions(self, fn):
        return Window([fn(e) for e in self.window_exprs], [fn(e) for e in self.partition_spec],
                      [fn(e) for e in self.order_spec], self.child)

    def node_string(self):
        return ("Window [" + ", ".join(e.tree_string() for e in self.window_exprs) + "], [" +
                ", ".join(e.tree_string() for e in self.partition_spec) + "], [" +
                ", ".join(e.tree_string() for e in self.order_spec) + "]")


class Sample(UnaryNode):
    def __init__(self, fraction: float, with_replacement: bool, seed: int, child,
                 lower: float = 0.0):
        self.fraction = fraction
        self.lower = lower
        self.with_replacement = with_replacement
        self.seed = seed
        self.children = (child,)

    def node_string(self):
        return f"Sample {self.lower}, {self.fraction}, {str(self.with_replacement).lower()}, {self.seed}"


class Expand(UnaryNode):
    """Each input row becomes one row per projection (ROLLUP / CUBE / GROUPING SETS)."""

    def __init__(self, projections: List[List[Expression]], attrs: List[AttributeReference],
                 child):
        self.projections = projections
        self.attrs = attrs
        self.children = (child,)

    @property
    def output(self):
        return self.attrs

    def node_string(self):
        return f"Expand {len(self.projections)} projections, {_attrs(self.attrs)}"


class MapPartitions(UnaryNode):
    """A Python function over each partition's Arrow batches (mapInPandas/mapInArrow,
    applyInPandas after an exchange)."""

    def __init__(self, fn, attrs: List[AttributeReference], child, kind: str = "MapInArrow",
                 group_keys: Optional[List[Expression]] = None):
        self.fn = fn
        self.attrs = attrs
        self.children = (child,)
        self.kind = kind
        self.group_keys = group_keys

    @property
    def output(self):
        return self.attrs

    def node_string(self):
        return f"{self.kind} {_attrs(self.attrs)}"
