"""The physical plan: operators that turn into RDDs whose partitions are iterators of
``pyarrow.RecordBatch``. Narrow operators wrap their child's RDD with ``mapPartitions`` (the
core composes consecutive ones into one task, so a stage's operators run fused); exchanges are
the core's shuffles. The partition functions capture only bound expressions and plain data,
never the session or an RDD, so they pickle once per stage."""
from __future__ import annotations

from typing import List, Optional, Sequence

from ..expressions.base import AttributeReference, bind_references
from .arrow_util import schema_of

__all__ = ["SparkPlan", "bind_all"]


def bind_all(exprs, attrs):
    return [bind_references(e, attrs) for e in exprs]


class SparkPlan:
    children: Sequence["SparkPlan"] = ()
    #: set when the operator runs inside a whole-stage (fused) pipeline, for explain
    codegen_stage: Optional[int] = None

    def __init__(self, sc, output: List[AttributeReference], children=()):
        self.sc = sc
        self._output = list(output)
        self.children = tuple(children)

    @property
    def output(self) -> List[AttributeReference]:
        return self._output

    @property
    def schema(self):
        return schema_of(self._output)

    def execute(self):
        """The RDD of this operator's batches (built anew each call; cheap: no job runs)."""
        raise NotImplementedError

    def num_partitions(self) -> int:
        return self.execute().getNumPartitions()

    def node_string(self) -> str:
        return type(self).__name__.replace("Exec", "")

    def tree_string(self) -> str:
        lines: List[str] = []
        self._lines(lines, "", True, True)
        return "\n".join(lines)

    def _lines(self, lines, prefix, is_last, is_root):
        text = self.node_string()
        if is_root:
            lines.append(text)
            child_prefix = ""
        else:
            lines.append(prefix + "+- " + text)
            child_prefix = prefix + ("   " if is_last else ":  ")
        for i, c in enumerate(self.children):
            c._lines(lines, child_prefix, i == len(self.children) - 1, False)


def attrs_string(attrs) -> str:
    return "[" + ", ".join(a.tree_string() for a in attrs) + "]"
