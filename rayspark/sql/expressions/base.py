"""Expression trees: the shared vocabulary of the DataFrame API, the SQL parser and execution.

An expression is an immutable tree. Before analysis it may hold unresolved pieces
(``UnresolvedAttribute``, ``UnresolvedStar``, ``UnresolvedFunction``); the analyzer replaces them
with ``AttributeReference`` (a column of a plan's output, identified by a unique ``expr_id``) and
typed function nodes, and inserts casts where Spark's type coercion would. Physical operators
*bind* attributes to ordinals (``BoundReference``) and then call ``eval(batch)``, which returns a
``pyarrow.Array``/``ChunkedArray`` with one value per row of the batch or a ``pyarrow.Scalar``
that stands for the same value on every row. Evaluation is vectorised: no row loop in Python
except inside Python UDFs.

``sql()`` is the text Spark prints for an expression and uses as an unnamed column's name
(``(id + 1)``, ``sum(amount)``, ``CASE WHEN ... END``).
"""
from __future__ import annotations

import itertools
import threading
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple

import pyarrow as pa

from ..types import DataType, NullType

__all__ = [
    "Expression", "LeafExpression", "Literal", "AttributeReference", "BoundReference",
    "Alias", "UnresolvedAttribute", "UnresolvedStar", "UnresolvedFunction",
    "UnresolvedRegex", "SortOrder", "new_expr_id", "materialize", "bind_references",
    "Unevaluable", "ExprId",
]

_ids = itertools.count(1)
_ids_lock = threading.Lock()


def new_expr_id() -> int:
    """A fresh id for a new output column (Spark's ``NamedExpression.newExprId``)."""
    with _ids_lock:
        return next(_ids)


ExprId = int


class Expression:
    """Base class. Subclasses list their child expressions in ``children`` and rebuild
    themselves with ``with_children``; fields that are not expressions are set in
    ``__init__``."""

    children: Tuple["Expression", ...] = ()
    #: Spark's function name for ``sql()`` when the default rendering applies
    pretty_name: str = ""

    # -- tree ---------------------------------------------------------------------------
    def with_children(self, children: Sequence["Expression"]) -> "Expression":
        if tuple(children) == tuple(self.children):
            return self
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.children = tuple(children)
        clone._reset_cache()
        return clone

    def _reset_cache(self) -> None:
        pass

    def transform_up(self, rule: Callable[["Expression"], Optional["Expression"]]) -> "Expression":
        new_children = [c.transform_up(rule) for c in self.children]
        node = self.with_children(new_children)
        out = rule(node)
        return node if out is None else out

    def transform_down(self, rule: Callable[["Expression"], Optional["Expression"]]) -> "Expression":
        out = rule(self)
        node = self if out is None else out
        return node.with_children([c.transform_down(rule) for c in node.children])

    def walk(self) -> Iterable["Expression"]:
        yield self
        for c in self.children:
            yield from c.walk()

    def find(self, cls) -> List["Expression"]:
        return [e for e in self.walk() if isinstance(e, cls)]

    def references(self) -> List["AttributeReference"]:
        return [e for e in self.walk() if isinstance(e, AttributeReference)]

    # -- analysis -----------------------------------------------------------------------
    @property
    def resolved(self) -> bool:
        return all(c.resolved for c in self.children)

    @property
    def data_type(self) -> DataType:
        raise NotImplementedError(type(self).__name__)

    @property
    def nullable(self) -> bool:
        return any(c.nullable for c in self.children)

    @property
    def foldable(self) -> bool:
        return bool(self.children) and all(c.foldable for c in self.children) and self.deterministic

    @property
    def deterministic(self) -> bool:
        return all(c.deterministic for c in self.children)

    def coerce(self) -> "Expression":
        """Return this node with Spark's implicit casts applied to its (resolved) children, or
        raise AnalysisException for inputs of the wrong type. Called bottom-up by the analyzer."""
        return self

    # -- execution ----------------------------------------------------------------------
    def eval(self, batch: pa.RecordBatch) -> Any:
        raise NotImplementedError(f"{type(self).__name__} cannot be evaluated")

    # -- display ------------------------------------------------------------------------
    def sql(self) -> str:
        name = self.pretty_name or type(self).__name__.lower()
        return f"{name}({', '.join(c.sql() for c in self.children)})"

    @property
    def name(self) -> str:
        """The column name Spark gives this expression when it is not aliased."""
        return self.sql()

    def tree_string(self) -> str:
        """How the expression appears inside ``explain()`` output."""
        return self.sql()

    def semantic_key(self) -> Any:
        """A hashable key equal for semantically equal expressions (used to match grouping
        expressions and deduplicate aggregate functions)."""
        return (type(self).__name__, self._fields_key(),
                tuple(c.semantic_key() for c in self.children))

    def _fields_key(self) -> Any:
        return ()

    def __repr__(self) -> str:
        return self.tree_string()


class LeafExpression(Expression):
    children = ()


class Unevaluable(Expression):
    def eval(self, batch):  # pragma: no cover - the analyzer removes these
        raise RuntimeError(f"{type(self).__name__} must be resolved before evaluation")


def materialize(value: Any, num_rows: int) -> pa.Array:
    """Turn an ``eval`` result into an Array of exactly ``num_rows`` values."""
    if isinstance(value, pa.ChunkedArray):
        return value.combine_chunks() if value.num_chunks != 1 else value.chunk(0)
    if isinstance(value, pa.Array):
        return value
    if isinstance(value, pa.Scalar):
        if not value.is_valid:
            return pa.nulls(num_rows, value.type)
        return pa.repeat(value, num_rows)
    raise TypeError(f"unexpected evaluation result {type(value)!r}")


class Literal(LeafExpression):
    def __init__(self, value: Any, data_type: DataType):
        self.value = value
        self._data_type = data_type

    @property
    def data_type(self) -> DataType:
        return self._data_type

    @property
    def nullable(self) -> bool:
        return self.value is None

    @property
    def foldable(self) -> bool:
        return True

    def eval(self, batch):
        from ..arrow_types import to_arrow_type
        at = to_arrow_type(self._data_type) if not isinstance(self._data_type, NullType) else pa.null()
        return pa.scalar(self._arrow_value(), type=at)

    def _arrow_value(self):
        from ..types import TimestampType
        import datetime
        v = self.value
        if isinstance(self._data_type, TimestampType) and isinstance(v, datetime.datetime) \
                and v.tzinfo is None:
            return v.replace(tzinfo=datetime.timezone.utc)
        return v

    def sql(self) -> str:
        from .literals import literal_sql
        return literal_sql(self.value, self._data_type, pretty=True)

    def tree_string(self) -> str:
        from .literals import literal_sql
        return literal_sql(self.value, self._data_type, pretty=True)

    def _fields_key(self):
        return (repr(self.value), self._data_type.simpleString())


class AttributeReference(LeafExpression):
    """A column produced by some plan node; ``expr_id`` tells same-named columns apart."""

    def __init__(self, name: str, data_type: DataType, nullable: bool = True,
                 expr_id: Optional[int] = None, qualifier: Tuple[str, ...] = (),
                 metadata: Optional[dict] = None):
        self._name = name
        self._data_type = data_type
        self._nullable = nullable
        self.expr_id = new_expr_id() if expr_id is None else expr_id
        self.qualifier = tuple(qualifier)
        self.metadata = metadata

    @property
    def name(self) -> str:
        return self._name

    @property
    def data_type(self) -> DataType:
        return self._data_type

    @property
    def nullable(self) -> bool:
        return self._nullable

    @property
    def foldable(self) -> bool:
        return False

    def with_name(self, name: str) -> "AttributeReference":
        return AttributeReference(name, self._data_type, self._nullable, self.expr_id,
                                  self.qualifier, self.metadata)

    def with_qualifier(self, qualifier: Sequence[str]) -> "AttributeReference":
        return AttributeReference(self._name, self._data_type, self._nullable, self.expr_id,
                                  tuple(qualifier), self.metadata)

    def with_nullability(self, nullable: bool) -> "AttributeReference":
        return AttributeReference(self._name, self._data_type, nullable, self.expr_id,
                                  self.qualifier, self.metadata)

    def new_instance(self) -> "AttributeReference":
        return AttributeReference(self._name, self._data_type, self._nullable, None,
                                  self.qualifier, self.metadata)

    def sql(self) -> str:
        from .literals import quote_if_needed
        return quote_if_needed(self._name)

    def tree_string(self) -> str:
        suffix = "L" if self._data_type.simpleString() == "bigint" else ""
        return f"{self._name}#{self.expr_id}{suffix}"

    def semantic_key(self):
        return ("attr", self.expr_id)

    def eval(self, batch):  # pragma: no cover - bound before evaluation
        raise RuntimeError(f"attribute {self.tree_string()} was not bound")


class BoundReference(LeafExpression):
    """An attribute bound to a column position of the operator's input batch."""

    def __init__(self, ordinal: int, attr: AttributeReference):
        self.ordinal = ordinal
        self.attr = attr

    @property
    def data_type(self):
        return self.attr.data_type

    @property
    def nullable(self):
        return self.attr.nullable

    @property
    def foldable(self):
        return False

    def sql(self):
        return self.attr.sql()

    @property
    def name(self):
        return self.attr.name

    def eval(self, batch):
        return batch.column(self.ordinal)

    def _fields_key(self):
        return (self.ordinal,)


def bind_references(expr: Expression, input_attrs: Sequence[AttributeReference]) -> Expression:
    positions = {a.expr_id: i for i, a in enumerate(input_attrs)}

    def rule(e):
        if isinstance(e, AttributeReference):
            try:
                return BoundReference(positions[e.expr_id], e)
            except KeyError:
                raise RuntimeError(
                    f"Couldn't find {e.tree_string()} in "
                    f"[{', '.join(a.tree_string() for a in input_attrs)}]") from None
        return None
    return expr.transform_up(rule)


class Alias(Expression):
    def __init__(self, child: Expression, name: str, expr_id: Optional[int] = None,
                 metadata: Optional[dict] = None, qualifier: Tuple[str, ...] = ()):
        self.children = (child,)
        self._name = name
        self.expr_id = new_expr_id() if expr_id is None else expr_id
        self.metadata = metadata
        self.qualifier = tuple(qualifier)

    @property
    def child(self) -> Expression:
        return self.children[0]

    @property
    def name(self) -> str:
        return self._name

    @property
    def data_type(self):
        return self.child.data_type

    @property
    def nullable(self):
        return self.child.nullable

    def to_attribute(self) -> AttributeReference:
        return AttributeReference(self._name, self.child.data_type, self.child.nullable,
                                  self.expr_id, getattr(self, "qualifier", ()),
                                  metadata=self.metadata)

    def eval(self, batch):
        return self.child.eval(batch)

    def sql(self):
        from .literals import quote_if_needed
        return f"{self.child.sql()} AS {quote_if_needed(self._name)}"

    def tree_string(self):
        return f"{self.child.tree_string()} AS {self._name}#{self.expr_id}"

    def _fields_key(self):
        return (self._name,)


class UnresolvedAttribute(LeafExpression, Unevaluable):
    """A column named by the user: ``col("a")``, ``df.a``, ``t.a`` or ``a.b.c`` (struct
    fields). Resolved against the input plan's output by the analyzer."""

    def __init__(self, name_parts: Sequence[str], plan_id: Optional[int] = None):
        self.name_parts = tuple(name_parts)
        self.plan_id = plan_id

    @classmethod
    def quoted(cls, name: str) -> "UnresolvedAttribute":
        from .literals import parse_attribute_name
        return cls(parse_attribute_name(name))

    @property
    def resolved(self):
        return False

    @property
    def name(self):
        return ".".join(self.name_parts)

    def sql(self):
        from .literals import quote_if_needed
        return ".".join(quote_if_needed(p) for p in self.name_parts)

    def tree_string(self):
        return "'" + self.name

    @property
    def data_type(self):
        raise RuntimeError(f"unresolved column {self.name}")

    def _fields_key(self):
        return self.name_parts


class UnresolvedStar(LeafExpression, Unevaluable):
    def __init__(self, target: Optional[Sequence[str]] = None):
        self.target = tuple(target) if target else None

    @property
    def resolved(self):
        return False

    def sql(self):
        return ".".join(self.target) + ".*" if self.target else "*"

    @property
    def name(self):
        return self.sql()


class UnresolvedRegex(LeafExpression, Unevaluable):
    def __init__(self, pattern: str, target: Optional[Sequence[str]] = None):
        self.pattern = pattern
        self.target = tuple(target) if target else None

    @property
    def resolved(self):
        return False

    def sql(self):
        return f"`{self.pattern}`"


class UnresolvedFunction(Unevaluable):
    """A function call by name (SQL text, ``expr()``, ``call_function``); the analyzer looks
    the name up in the function registry."""

    def __init__(self, name: str, args: Sequence[Expression], is_distinct: bool = False,
                 filter: Optional[Expression] = None, ignore_nulls: bool = False):
        self.fn_name = name
        self.children = tuple(args)
        self.is_distinct = is_distinct
        self.filter = filter
        self.ignore_nulls = ignore_nulls

    @property
    def resolved(self):
        return False

    def sql(self):
        d = "DISTINCT " if self.is_distinct else ""
        return f"{self.fn_name}({d}{', '.join(c.sql() for c in self.children)})"

    def _fields_key(self):
        return (self.fn_name.lower(), self.is_distinct)


class SortOrder(Expression):
    """A sort key: child, direction and where nulls go (Spark: ASC NULLS FIRST and DESC NULLS
    LAST by default)."""

    def __init__(self, child: Expression, ascending: bool = True,
                 nulls_first: Optional[bool] = None):
        self.children = (child,)
        self.ascending = ascending
        self.nulls_first = ascending if nulls_first is None else nulls_first

    @property
    def child(self):
        return self.children[0]

    @property
    def data_type(self):
        return self.child.data_type

    def sql(self):
        d = "ASC" if self.ascending else "DESC"
        n = "NULLS FIRST" if self.nulls_first else "NULLS LAST"
        return f"{self.child.sql()} {d} {n}"

    def tree_string(self):
        d = "ASC" if self.ascending else "DESC"
        n = "NULLS FIRST" if self.nulls_first else "NULLS LAST"
        return f"{self.child.tree_string()} {d} {n}"

    def eval(self, batch):
        return self.child.eval(batch)

    def _fields_key(self):
        return (self.ascending, self.nulls_first)
