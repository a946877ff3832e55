"""SQL text -> unresolved expressions and statement trees (Spark's ``AstBuilder``).

This is the only module that imports sqlglot. Text is tokenized and parsed with sqlglot's
Spark dialect, then translated into rayspark's own vocabulary:

* expressions become unresolved expression trees (``UnresolvedAttribute``,
  ``UnresolvedFunction``, typed ``Literal``s, ...) -- the same nodes the DataFrame API builds;
* queries and statements become the small dataclasses below (``SelectQuery``, ``SetOpQuery``,
  ``CreateView``, ...), which ``sql_frontend`` turns into DataFrames.

Spark semantics win over sqlglot's defaults where they differ: ``1.5`` is a DECIMAL literal,
``1L``/``1S``/``1Y``/``1D``/``1F``/``1BD`` keep their type (sqlglot rewrites them as casts, so the
token stream is patched before parsing), adjacent string literals are one literal, and function
calls keep the name the user wrote (sqlglot's function table is switched off; the rayspark
function registry resolves names later).
"""
from __future__ import annotations

import datetime
import decimal
import logging
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import sqlglot
from sqlglot import exp
from sqlglot.dialects.spark import Spark
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from ..errors import AnalysisException, ParseException
from .expressions import arithmetic as ar
from .expressions import predicates as pr
from .expressions.base import (Alias, Expression, Literal, SortOrder, UnresolvedAttribute,
                               UnresolvedFunction, UnresolvedStar, Unevaluable)
from .expressions.cast import Cast
from .expressions.complex import GetItem
from .expressions.conditional import CaseWhen
from .types import (BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType,
                    FloatType, IntegerType, LongType, NullType, ShortType, StringType,
                    TimestampNTZType, TimestampType, _parse_datatype_string)

__all__ = ["parse_expression", "parse_statement", "ScalarSubquery", "ExistsSubquery",
           "InSubquery", "SelectQuery", "SetOpQuery", "ValuesQuery", "TableRef", "SubqueryRef",
           "TableFunctionRef", "JoinRef", "LateralView", "PivotRef", "GroupSpec", "QueryStatement", "CreateView", "DropView",
           "DescribeTable", "ShowTables", "ShowColumns", "Explain", "CacheTable",
           "UncacheTable", "SetConfig"]

logging.getLogger("sqlglot").setLevel(logging.ERROR)

# function-call syntax that needs sqlglot's special parsing (``CAST(x AS t)``,
# ``EXTRACT(f FROM x)``, ``TRIM(BOTH c FROM x)``, ``POSITION(a IN b)``); every other call is
# parsed as a plain, name-preserving function call
_KEEP_FUNCTION_PARSERS = {"CAST", "TRY_CAST", "EXTRACT", "TRIM", "POSITION"}

# generator functions built at parse time (see ``_Anonymous``)
_PARSE_TIME_GENERATORS = {"json_tuple", "stack"}


class _SparkSQL(Spark):
    class Parser(Spark.Parser):
        FUNCTIONS: Dict[str, Any] = {}
        FUNCTION_PARSERS = {k: v for k, v in Spark.Parser.FUNCTION_PARSERS.items()
                            if k in _KEEP_FUNCTION_PARSERS}
        PLACEHOLDER_PARSERS = {
            **Spark.Parser.PLACEHOLDER_PARSERS,
            TokenType.PLACEHOLDER: lambda self: self.expression(
                exp.Placeholder(this=self._prev.text, kind="positional")),
        }


_DIALECT = _SparkSQL()

# ============================================================================================
# parsed statements and queries
# ============================================================================================


@dataclass
class TableRef:
    name: List[str]
    alias: Optional[str] = None


@dataclass
class SubqueryRef:
    query: Any
    alias: Optional[str] = None
    columns: Optional[List[str]] = None


@dataclass
class TableFunctionRef:
    name: str
    args: List[Expression]
    alias: Optional[str] = None
    columns: Optional[List[str]] = None


@dataclass
class LateralView:
    """``LATERAL VIEW [OUTER] generator(args) [table] [AS c1, ...]``."""
    generator: Expression
    outer: bool
    table: Optional[str] = None
    columns: Optional[List[str]] = None


@dataclass
class PivotRef:
    """``child PIVOT (agg [AS a], ... FOR col | (c1, c2) IN (v [AS a], ...)) [alias]``:
    ``aggs`` are (expression, alias or None), ``values`` (expressions, alias or None); a
    value has one expression per pivot column."""
    child: Any
    aggs: List[Tuple[Expression, Optional[str]]]
    columns: List[Expression]
    values: List[Tuple[List[Expression], Optional[str]]]
    alias: Optional[str] = None


@dataclass
class JoinRef:
    left: Any
    right: Any
    how: str  # inner, left, right, full, semi, anti, cross
    on: Optional[Expression] = None
    using: Optional[List[str]] = None


@dataclass
class GroupSpec:
    kind: str  # groupby, rollup, cube, groupingsets
    exprs: List[Expression]
    sets: Optional[List[List[Expression]]] = None


@dataclass
class SelectQuery:
    items: List[Expression]
    from_: Any = None
    where: Optional[Expression] = None
    group: Optional[GroupSpec] = None
    having: Optional[Expression] = None
    distinct: bool = False
    order: List[SortOrder] = field(default_factory=list)
    limit: Optional[Expression] = None
    offset: Optional[Expression] = None
    ctes: List[Tuple[str, Any, Optional[List[str]]]] = field(default_factory=list)
    laterals: List[LateralView] = field(default_factory=list)


@dataclass
class SetOpQuery:
    op: str  # union, intersect, except
    all: bool
    left: Any
    right: Any
    order: List[SortOrder] = field(default_factory=list)
    limit: Optional[Expression] = None
    offset: Optional[Expression] = None
    ctes: List[Tuple[str, Any, Optional[List[str]]]] = field(default_factory=list)


@dataclass
class ValuesQuery:
    rows: List[List[Expression]]
    alias: Optional[str] = None
    columns: Optional[List[str]] = None
    order: List[SortOrder] = field(default_factory=list)
    limit: Optional[Expression] = None
    offset: Optional[Expression] = None
    ctes: List[Tuple[str, Any, Optional[List[str]]]] = field(default_factory=list)


@dataclass
class QueryStatement:
    query: Any


@dataclass
class CreateView:
    name: List[str]
    query: Any
    replace: bool
    global_: bool
    if_not_exists: bool
    columns: Optional[List[str]] = None


@dataclass
class DropView:
    name: List[str]
    if_exists: bool
    kind: str = "VIEW"


@dataclass
class DescribeTable:
    name: List[str]
    extended: bool = False


@dataclass
class ShowTables:
    database: Optional[str]
    pattern: Optional[str]


@dataclass
class ShowColumns:
    table: List[str]
    database: Optional[str] = None


@dataclass
class Explain:
    statement: Any
    mode: str  # simple, extended, codegen, cost, formatted


@dataclass
class CacheTable:
    name: List[str]
    lazy: bool
    query: Any = None


@dataclass
class UncacheTable:
    name: List[str]
    if_exists: bool


@dataclass
class SetConfig:
    key: Optional[str]
    value: Optional[str]


# ============================================================================================
# subquery expressions (rewritten away by sql_frontend)
# ============================================================================================


class _SubqueryExpression(Unevaluable):
    @property
    def resolved(self):
        return False


class ScalarSubquery(_SubqueryExpression):
    def __init__(self, query):
        self.query = query
        self.children = ()

    def sql(self):
        return "scalarsubquery()"


class ExistsSubquery(_SubqueryExpression):
    def __init__(self, query):
        self.query = query
        self.children = ()

    def sql(self):
        return "exists()"


class InSubquery(_SubqueryExpression):
    def __init__(self, values: Sequence[Expression], query):
        self.query = query
        self.children = tuple(values)

    def sql(self):
        return f"({', '.join(c.sql() for c in self.children)} IN (listquery()))"


# ============================================================================================
# tokens and errors
# ============================================================================================
_SUFFIX_TYPES = {TokenType.BIGINT, TokenType.SMALLINT, TokenType.TINYINT, TokenType.DOUBLE,
                 TokenType.FLOAT, TokenType.DECIMAL}


def _tokenize(text: str) -> List[Token]:
    try:
        tokens = _DIALECT.tokenize(text)
    except TokenError as e:
        raise _token_error(text, e) from None
    out: List[Token] = []
    i = 0
    n_pos = 0
    while i < len(tokens):
        t = tokens[i]
        # ``1L`` arrives as NUMBER '1', DCOLON, BIGINT 'L' sharing one source span: keep the
        # literal as one NUMBER token whose text carries the suffix
        if (t.token_type == TokenType.NUMBER and i + 2 < len(tokens)
                and tokens[i + 1].token_type == TokenType.DCOLON
                and tokens[i + 1].start == t.start and tokens[i + 2].start == t.start
                and tokens[i + 2].token_type in _SUFFIX_TYPES):
            out.append(Token(TokenType.NUMBER, text[t.start:t.end + 1], t.line, t.col,
                             t.start, t.end, t.comments))
            i += 3
            continue
        # adjacent string literals are one literal; 'it''s' (no space) is an escaped quote
        if t.token_type == TokenType.STRING and out and out[-1].token_type == TokenType.STRING:
            prev = out[-1]
            joiner = text[prev.end] if prev.end + 1 == t.start and text[prev.end] in "'\"" else ""
            out[-1] = Token(TokenType.STRING, prev.text + joiner + t.text, prev.line, prev.col,
                            prev.start, t.end, prev.comments)
            i += 1
            continue
        if t.token_type == TokenType.PLACEHOLDER and t.text == "?":
            t = Token(TokenType.PLACEHOLDER, f"{n_pos}@{t.start}", t.line, t.col, t.start, t.end,
                      t.comments)
            n_pos += 1
        out.append(t)
        i += 1
    return out


def _syntax_error(text: str, near: Optional[str], offset: Optional[int]) -> ParseException:
    from .ddl import _parse_exception
    where = "end of input" if near is None else f"'{near}'"
    return _parse_exception(text, "PARSE_SYNTAX_ERROR", f"Syntax error at or near {where}.",
                            {"error": where, "hint": ""}, offset)


def _end_offset(text: str) -> int:
    return len(text.rstrip())


def _token_error(text: str, e: TokenError) -> ParseException:
    # unterminated string or comment: Spark points at the quote
    for q in ("'", '"', "`"):
        if text.count(q) % 2 == 1:
            pos = text.rfind(q)
            return _syntax_error(text, q, pos)
    return _syntax_error(text, None, _end_offset(text))


_STATEMENT_STARTS = {TokenType.SELECT, TokenType.WITH, TokenType.VALUES, TokenType.FROM,
                     TokenType.CREATE, TokenType.DROP, TokenType.DESCRIBE, TokenType.SHOW,
                     TokenType.CACHE, TokenType.UNCACHE, TokenType.SET, TokenType.L_PAREN,
                     TokenType.TABLE, TokenType.COMMAND, TokenType.EXECUTE}


def _parse_error(text: str, tokens: List[Token], e: ParseError) -> ParseException:
    if tokens and tokens[0].token_type not in _STATEMENT_STARTS and \
            tokens[0].text.upper() not in ("EXPLAIN", "DESC", "SET", "SHOW"):
        return _syntax_error(text, tokens[0].text, tokens[0].start)
    errs = getattr(e, "errors", None) or []
    if not errs:
        return _syntax_error(text, None, _end_offset(text))
    info = errs[0]
    line, col = info.get("line") or 1, info.get("col") or 0
    lines = text.split("\n")
    end = sum(len(l) + 1 for l in lines[:line - 1]) + col - 1
    hit = None
    for idx, t in enumerate(tokens):
        if t.start <= end <= t.end:
            hit = idx
            break
    if hit is None:
        return _syntax_error(text, None, _end_offset(text))
    desc = info.get("description", "")
    if (desc.startswith("Required keyword") or desc.startswith("Expecting")) \
            and hit == len(tokens) - 1:
        return _syntax_error(text, None, _end_offset(text))
    tok = tokens[hit]
    return _syntax_error(text, text[tok.start:tok.end + 1], tok.start)


def _parse_tokens(text: str) -> List[exp.Expression]:
    tokens = _tokenize(text)
    if not tokens:
        return []
    try:
        trees = _DIALECT.parser().parse(tokens, text)
    except ParseError as e:
        raise _parse_error(text, tokens, e) from None
    return [t for t in trees if t is not None]


# ============================================================================================
# literals
# ============================================================================================
_INT_MIN, _INT_MAX = -(1 << 31), (1 << 31) - 1
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1


def _integral_literal(v: int) -> Literal:
    if _INT_MIN <= v <= _INT_MAX:
        return Literal(v, IntegerType())
    if _LONG_MIN <= v <= _LONG_MAX:
        return Literal(v, LongType())
    return _decimal_literal(decimal.Decimal(v))


def _decimal_literal(d: decimal.Decimal) -> Literal:
    sign, digits, e = d.as_tuple()
    if e > 0:
        d = d.quantize(decimal.Decimal(1))
        sign, digits, e = d.as_tuple()
    scale = max(0, -e)
    precision = max(len(digits), scale, 1)
    if precision > 38:
        raise AnalysisException(
            f"[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {precision} exceeds "
            "max precision 38. SQLSTATE: 22003", "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION")
    return Literal(d, DecimalType(precision, scale))


def _number_literal(text: str) -> Literal:
    t = text.upper()
    for suffix, kind in (("BD", "decimal"), ("L", "bigint"), ("S", "smallint"),
                         ("Y", "tinyint"), ("D", "double"), ("F", "float")):
        if t.endswith(suffix) and (suffix != "D" or not t.endswith("BD")):
            num = text[:-len(suffix)]
            if kind == "decimal":
                return _decimal_literal(decimal.Decimal(num))
            if kind == "double":
                return Literal(float(num), DoubleType())
            if kind == "float":
                return Literal(float(num), FloatType())
            v = int(num)
            bounds = {"bigint": (_LONG_MIN, _LONG_MAX, LongType),
                      "smallint": (-32768, 32767, ShortType),
                      "tinyint": (-128, 127, ByteType)}[kind]
            if not bounds[0] <= v <= bounds[1]:
                raise ParseException(
                    f"[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal {num} is outside the valid "
                    f"range for {kind} with minimum value of {bounds[0]} and maximum value of "
                    f"{bounds[1]}. Please adjust the value accordingly. SQLSTATE: 22003",
                    "INVALID_NUMERIC_LITERAL_RANGE")
            return Literal(v, bounds[2]())
    if "E" in t:
        return Literal(float(text), DoubleType())
    if "." in t:
        return _decimal_literal(decimal.Decimal(text))
    return _integral_literal(int(text))


def _negate(lit: Literal, suffixed: bool) -> Literal:
    v = lit.value
    if isinstance(lit.data_type, (IntegerType, LongType)) and not suffixed:
        return _integral_literal(-v)
    if isinstance(lit.data_type, DecimalType) and v is not None:
        return Literal(-v, lit.data_type)
    return Literal(-v, lit.data_type)


_UNIT_ADD_FUNCTIONS = {"timestampadd", "dateadd", "date_add"}
_UNIT_DIFF_FUNCTIONS = {"timestampdiff", "datediff", "date_diff", "timediff"}
_DATETIME_UNITS = {"YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DAYOFYEAR", "HOUR", "MINUTE",
                   "SECOND", "MILLISECOND", "MICROSECOND"}


def _datetime_unit(node) -> Optional[str]:
    """The unit keyword of Spark's ``TIMESTAMPADD(unit, ...)`` forms: a bare, unquoted name."""
    if isinstance(node, exp.Column) and not node.table and isinstance(node.this, exp.Identifier) \
            and not node.this.quoted and node.name.upper() in _DATETIME_UNITS:
        return node.name            # as written: Spark names the column with it
    if isinstance(node, exp.Var) and node.name.upper() in _DATETIME_UNITS:
        return node.name
    return None


def _typed_literal(kind: str, value: str, text: str) -> Expression:
    if kind == "DATE":
        try:
            return Literal(datetime.date.fromisoformat(value.strip()), DateType())
        except ValueError:
            pass
        return Cast(Literal(value, StringType()), DateType())
    if kind in ("TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMPLTZ", "TIMESTAMPNTZ"):
        dt = TimestampNTZType() if kind == "TIMESTAMPNTZ" else TimestampType()
        return _TypedLiteralText(Cast(Literal(value, StringType()), dt), value, kind)
    return Cast(Literal(value, StringType()), _datatype_of(text))


class _TypedLiteralText(Cast):
    """``TIMESTAMP '...'``: evaluated as a cast of the text (so the session time zone
    applies) but named the way Spark prints the literal."""

    def __init__(self, cast: Cast, value: str, kind: str):
        super().__init__(cast.child, cast.to)
        self._text = value
        self._kind = "TIMESTAMP_NTZ" if kind == "TIMESTAMPNTZ" else "TIMESTAMP"

    @property
    def foldable(self):
        return True

    @property
    def name(self):
        return self.sql()

    def sql(self):
        return f"{self._kind} '{self._text}'"


def _datatype_of(node) -> Any:
    text = node if isinstance(node, str) else node.sql(dialect="spark")
    try:
        return _parse_datatype_string(text)
    except Exception:
        return _parse_datatype_string(text.lower())


# ============================================================================================
# expressions
# ============================================================================================
class _Builder:
    """Translates sqlglot expression nodes; ``query`` translates a nested query (set by the
    statement builder so subqueries inside expressions can be turned into query trees)."""

    def __init__(self, text: str, params=None):
        self.text = text
        self.params = params

    # -- entry ---------------------------------------------------------------------------
    def expr(self, node) -> Expression:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is not None:
            return method(node)
        if isinstance(node, exp.Binary) and type(node).__name__ in _BINARY:
            return _BINARY[type(node).__name__](self.expr(node.this), self.expr(node.expression))
        if isinstance(node, exp.Func):
            return self._generic_func(node)
        raise self._unsupported(node)

    def _unsupported(self, node) -> Exception:
        return ParseException(
            f"[UNSUPPORTED_FEATURE] The feature is not supported: {type(node).__name__} "
            f"expressions in SQL text (`{node.sql(dialect='spark')}`) are not supported by "
            "rayspark yet. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")

    # -- names ---------------------------------------------------------------------------
    def _Column(self, node):
        parts = [p.name for p in node.parts]
        if isinstance(node.this, exp.Star):
            return UnresolvedStar(parts[:-1] or None)
        return UnresolvedAttribute(parts)

    def _Star(self, node):
        return UnresolvedStar()

    def _Identifier(self, node):
        return UnresolvedAttribute([node.name])

    def _Var(self, node):
        return UnresolvedAttribute([node.name])

    def _Dot(self, node):
        base = self.expr(node.this)
        name = node.expression.name
        if isinstance(node.expression, exp.Star):
            if isinstance(base, UnresolvedAttribute):
                return UnresolvedStar(list(base.name_parts))
            raise self._unsupported(node)
        if isinstance(base, UnresolvedAttribute) and not isinstance(node.this, exp.Paren):
            return UnresolvedAttribute(list(base.name_parts) + [name])
        return GetItem(base, Literal(name, StringType()))

    def _Paren(self, node):
        return self.expr(node.this)

    def _Tuple(self, node):
        """``(a, 1)`` is a struct: Spark's named_struct with the columns' own names, col<i>
        for other expressions (``named_struct(a, a, col2, 1)``)."""
        args = []
        for i, e in enumerate(node.expressions):
            x = self.expr(e)
            if isinstance(x, Alias):
                name = x.name
            elif isinstance(x, UnresolvedAttribute):
                name = x.name_parts[-1]
            else:
                name = f"col{i + 1}"
            args += [Literal(name, StringType()), x]
        return UnresolvedFunction("named_struct", args)

    def _Alias(self, node):
        return Alias(self.expr(node.this), node.alias)

    def _Aliases(self, node):
        from .expressions.generators import MultiAlias
        return MultiAlias(self.expr(node.this), [i.name for i in node.expressions])

    def _Bracket(self, node):
        base = self.expr(node.this)
        for k in node.expressions:
            base = GetItem(base, self.expr(k))
        return base

    # -- literals ------------------------------------------------------------------------
    def _Literal(self, node):
        if node.is_string:
            return Literal(node.this, StringType())
        return _number_literal(node.this)

    def _Boolean(self, node):
        return Literal(bool(node.this), BooleanType())

    def _Null(self, node):
        return Literal(None, NullType())

    def _HexString(self, node):
        h = node.this
        if len(h) % 2:
            h = "0" + h
        return Literal(bytes.fromhex(h), BinaryType())

    def _Placeholder(self, node):
        from .expressions.literals import lit_expr
        name = node.this
        positional = node.args.get("kind") == "positional"
        p = self.params
        if positional:
            index, _, start = name.partition("@")
            if not isinstance(p, (list, tuple)) or int(index) >= len(p):
                raise AnalysisException(
                    f"[UNBOUND_SQL_PARAMETER] Found the unbound parameter: _{start}. "
                    "Please, fix `args` and provide a mapping of the parameter to either a SQL "
                    "literal or collection constructor functions such as `map()`, `array()`, "
                    "`struct()`. SQLSTATE: 42P02", "UNBOUND_SQL_PARAMETER")
            value = p[int(index)]
        else:
            if not isinstance(p, dict) or name not in p:
                raise AnalysisException(
                    f"[UNBOUND_SQL_PARAMETER] Found the unbound parameter: {name}. Please, fix "
                    "`args` and provide a mapping of the parameter to either a SQL literal or "
                    "collection constructor functions such as `map()`, `array()`, `struct()`. "
                    "SQLSTATE: 42P02", "UNBOUND_SQL_PARAMETER", {"name": name})
            value = p[name]
        from .column import Column
        if isinstance(value, Column):
            return value._expr
        return lit_expr(value)

    def _Neg(self, node):
        inner = node.this
        if isinstance(inner, exp.Literal) and not inner.is_string:
            lit = _number_literal(inner.this)
            return _negate(lit, inner.this.upper().endswith(("L", "S", "Y")))
        return ar.UnaryMinus(self.expr(inner), sql_style=True)

    def _Cast(self, node):
        to = node.args.get("to")
        child = node.this
        # sqlglot's Spark dialect reads ``CAST`` as TryCast and typed literals as Cast
        if type(node) is exp.Cast and isinstance(child, exp.Literal) and child.is_string:
            return _typed_literal(to.this.name if hasattr(to.this, "name") else str(to.this),
                                  child.this, to)
        return self._cast(node, try_=bool(node.args.get("safe")))

    def _TryCast(self, node):
        return self._cast(node, try_=bool(node.args.get("safe")))

    def _cast(self, node, try_):
        child = self.expr(node.this)
        dt = _datatype_of(node.args["to"])
        return Cast(child, dt, keep_name=isinstance(child, UnresolvedAttribute), try_=try_)

    # -- operators -----------------------------------------------------------------------
    def _Not(self, node):
        inner = node.this
        if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
            return pr.IsNotNull(self.expr(inner.this))
        return pr.Not(self.expr(inner))

    def _Is(self, node):
        if isinstance(node.expression, exp.Null):
            return pr.IsNull(self.expr(node.this))
        if isinstance(node.expression, exp.Boolean):
            # x IS TRUE == (x <=> true)
            return pr.EqualNullSafe(self.expr(node.this), self.expr(node.expression))
        raise self._unsupported(node)

    def _NEQ(self, node):
        return pr.Not(pr.EqualTo(self.expr(node.this), self.expr(node.expression)))

    def _NullSafeNEQ(self, node):
        return pr.Not(pr.EqualNullSafe(self.expr(node.this), self.expr(node.expression)))

    def _In(self, node):
        if node.args.get("query") is not None:
            q = node.args["query"]
            q = q.this if isinstance(q, exp.Subquery) else q
            # (a, b) IN (SELECT x, y ...) compares column by column
            values = [self.expr(x) for x in node.this.expressions] \
                if isinstance(node.this, exp.Tuple) else [self.expr(node.this)]
            return InSubquery(values, self.query(q))
        value = self.expr(node.this)
        if node.args.get("unnest") is not None or node.args.get("field") is not None:
            raise self._unsupported(node)
        return pr.In(value, [self.expr(e) for e in node.expressions])

    def _Between(self, node):
        from .functions_registry import builtin
        x, lo, hi = self.expr(node.this), self.expr(node.args["low"]), self.expr(node.args["high"])
        if builtin("between") is not None:
            return UnresolvedFunction("between", [x, lo, hi])
        return pr.And(pr.GreaterThanOrEqual(x, lo), pr.LessThanOrEqual(x, hi))

    def _like(self, node, cls, escape="\\"):
        out = cls(self.expr(node.this), self.expr(node.expression), escape) \
            if cls is not pr.RLike else cls(self.expr(node.this), self.expr(node.expression))
        return pr.Not(out) if node.args.get("negate") else out

    def _Like(self, node):
        return self._like(node, pr.Like)

    def _ILike(self, node):
        return self._like(node, pr.ILike)

    def _RegexpLike(self, node):
        return self._like(node, pr.RLike)

    def _Escape(self, node):
        inner = node.this
        esc = node.expression.this
        cls = pr.ILike if isinstance(inner, exp.ILike) else pr.Like
        return self._like(inner, cls, esc)

    def _DPipe(self, node):
        return UnresolvedFunction("concat", [self.expr(node.this), self.expr(node.expression)])

    def _Concat(self, node):  # only produced for adjacent string literals; kept for safety
        return UnresolvedFunction("concat", [self.expr(e) for e in node.expressions])

    def _bitwise(self, name, node):
        return UnresolvedFunction(name, [self.expr(node.this), self.expr(node.expression)])

    def _BitwiseAnd(self, node):
        return self._bitwise("bitwise_and_op", node)

    def _BitwiseOr(self, node):
        return self._bitwise("bitwise_or_op", node)

    def _BitwiseXor(self, node):
        return self._bitwise("bitwise_xor_op", node)

    def _BitwiseNot(self, node):
        return UnresolvedFunction("~", [self.expr(node.this)])

    def _BitwiseLeftShift(self, node):
        return self._bitwise("shiftleft", node)

    def _BitwiseRightShift(self, node):
        return self._bitwise("shiftright", node)

    def _Case(self, node):
        base = node.this
        branches = []
        for b in node.args.get("ifs") or []:
            cond = self.expr(b.this)
            if base is not None:
                cond = pr.EqualTo(self.expr(base), cond)
            branches.append((cond, self.expr(b.args["true"])))
        default = node.args.get("default")
        return CaseWhen(branches, self.expr(default) if default is not None else None)

    def _If(self, node):
        args = [self.expr(node.this), self.expr(node.args["true"])]
        if node.args.get("false") is not None:
            args.append(self.expr(node.args["false"]))
        else:
            args.append(Literal(None, NullType()))
        return UnresolvedFunction("if", args)

    # -- functions -----------------------------------------------------------------------
    def _Anonymous(self, node):
        name = node.name
        args = list(node.expressions)
        distinct = False
        if len(args) == 1 and isinstance(args[0], exp.Distinct):
            distinct = True
            args = list(args[0].expressions)
        if name.lower() == "count" and len(args) == 1 and isinstance(args[0], exp.Star):
            return UnresolvedFunction(name, [Literal(1, IntegerType())], distinct)
        unit = _datetime_unit(args[0]) if len(args) == 3 and not distinct else None
        if unit is not None and name.lower() in _UNIT_ADD_FUNCTIONS:
            # TIMESTAMPADD / DATEADD / DATE_ADD (unit, quantity, ts): the unit is a keyword
            from .expressions.more_scalar_functions import timestamp_add_expr
            return timestamp_add_expr(unit, self.expr(args[1]), self.expr(args[2]))
        if unit is not None and name.lower() in _UNIT_DIFF_FUNCTIONS:
            from .expressions.more_scalar_functions import timestamp_diff_expr
            return timestamp_diff_expr(unit, self.expr(args[1]), self.expr(args[2]))
        if name.lower() in _PARSE_TIME_GENERATORS and not distinct:
            # generators the DataFrame's select does not know by name: built here so a select
            # list (SQL, selectExpr, expr()) sees a Generator
            from .functions_registry import builtin
            return builtin(name)([self.expr(a) for a in args])
        return UnresolvedFunction(name, [self.expr(a) for a in args], distinct)

    def _WithinGroup(self, node):
        """``percentile_cont(p) / percentile_disc(p) / mode() WITHIN GROUP (ORDER BY x)``."""
        from .expressions.cast import Cast
        from .expressions.misc_functions import Renamed
        f, order = node.this, node.expression
        if not isinstance(f, exp.Anonymous) or not isinstance(order, exp.Order) or \
                len(order.expressions) != 1:
            raise self._unsupported(node)
        name = f.name.lower()
        ordered = order.expressions[0]
        desc = bool(ordered.args.get("desc"))
        key = self.expr(ordered.this)
        args = [self.expr(a) for a in f.expressions]
        text = (f"{name}({', '.join(a.sql() for a in args)}) WITHIN GROUP (ORDER BY "
                f"{key.sql()}{' DESC' if desc else ''})")
        if name in ("percentile_cont", "percentile_disc") and len(args) == 1 and \
                isinstance(args[0], Literal) and isinstance(args[0].value, (int, float, decimal.Decimal)):
            p = float(args[0].value)
            if name == "percentile_cont":
                # continuous: the p-th value in descending order is the (1-p)-th ascending
                pct = UnresolvedFunction("percentile", [key, Literal(1.0 - p if desc else p,
                                                                     DoubleType())])
                return Renamed(pct, lambda: text)
            if not desc:
                disc = UnresolvedFunction("percentile_approx", [key, Literal(p, DoubleType())])
                return Renamed(Cast(disc, DoubleType()), lambda: text)
        if name == "mode" and not args and not desc:
            # Spark: the smallest of the most frequent values (named with DESC, as Spark does)
            return UnresolvedFunction("mode", [key, Literal(True, BooleanType())])
        raise ParseException(
            f"[UNSUPPORTED_FEATURE] The feature is not supported: `{text}` is not supported by "
            "rayspark yet (WITHIN GROUP works for percentile_cont, percentile_disc in ascending "
            "order and mode() in ascending order). SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")

    def _Filter(self, node):
        f = self.expr(node.this)
        cond = node.expression.this if isinstance(node.expression, exp.Where) else node.expression
        if isinstance(f, UnresolvedFunction) and f.children:
            # agg(x) FILTER (WHERE c) == agg(if(c, x, NULL)); the frontend keeps Spark's name
            c = self.expr(cond)
            out = UnresolvedFunction(
                f.fn_name, [UnresolvedFunction("if", [c, f.children[0],
                                                      Literal(None, NullType())])]
                + list(f.children[1:]), f.is_distinct, ignore_nulls=f.ignore_nulls)
            out.filter = c
            out.unfiltered = f
            return out
        raise self._unsupported(node)

    def _IgnoreNulls(self, node):
        f = self.expr(node.this)
        if isinstance(f, UnresolvedFunction):
            f.ignore_nulls = True
        return f

    def _RespectNulls(self, node):
        return self.expr(node.this)

    def _Extract(self, node):
        return UnresolvedFunction("extract", [Literal(node.this.name, StringType()),
                                              self.expr(node.expression)])

    def _Trim(self, node):
        pos = (node.args.get("position") or "").upper()
        name = {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(pos, "trim")
        args = [self.expr(node.this)]
        if node.expression is not None:
            args.append(self.expr(node.expression))
        return UnresolvedFunction(name, args)

    def _StrPosition(self, node):
        return UnresolvedFunction("position", [self.expr(node.args["substr"]),
                                               self.expr(node.this)])

    def _CurrentDate(self, node):
        return UnresolvedFunction("current_date", [])

    def _CurrentTimestamp(self, node):
        return UnresolvedFunction("current_timestamp", [])

    def _CurrentUser(self, node):
        return UnresolvedFunction("current_user", [])

    def _SessionUser(self, node):
        return UnresolvedFunction("session_user", [])

    def _Lambda(self, node):
        raise ParseException(
            "[UNSUPPORTED_FEATURE] The feature is not supported: lambda functions in SQL text "
            "are not supported by rayspark yet. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")

    def _generic_func(self, node):
        if any(isinstance(v, exp.Lambda) for v in node.iter_expressions()):
            return self._Lambda(node)
        args = []
        for k in node.arg_types:
            v = node.args.get(k)
            if v is None:
                continue
            if isinstance(v, list):
                args.extend(self.expr(x) for x in v)
            elif isinstance(v, exp.Expression):
                args.append(self.expr(v))
        return UnresolvedFunction(node.sql_name().lower(), args)

    def _Window(self, node):
        func = self.expr(node.this)
        if node.args.get("alias") is not None or isinstance(node.args.get("over"), str) and \
                node.args.get("over", "").upper() != "OVER":
            raise self._unsupported(node)
        partition = [self.expr(p) for p in node.args.get("partition_by") or []]
        order = [self.sort_order(o) for o in (node.args.get("order").expressions
                                              if node.args.get("order") else [])]
        frame = None
        spec = node.args.get("spec")
        if spec is not None:
            kind = (spec.args.get("kind") or "ROWS").upper()
            start = _frame_bound(spec.args.get("start"), spec.args.get("start_side"), self)
            end = _frame_bound(spec.args.get("end"), spec.args.get("end_side"), self)
            frame = (kind, start, end)
        return build_window(func, partition, order, frame)

    # -- subqueries ----------------------------------------------------------------------
    def _Subquery(self, node):
        return ScalarSubquery(self.query(node.this))

    def _Exists(self, node):
        q = node.this
        q = q.this if isinstance(q, exp.Subquery) else q
        return ExistsSubquery(self.query(q))

    def query(self, node):
        return _StatementBuilder(self.text, self.params).query(node)

    # -- sorting -------------------------------------------------------------------------
    def sort_order(self, node) -> SortOrder:
        if isinstance(node, exp.Ordered):
            asc = not node.args.get("desc")
            nf = node.args.get("nulls_first")
            return SortOrder(self.expr(node.this), asc, asc if nf is None else bool(nf))
        return SortOrder(self.expr(node), True, True)


def _is_struct_call(e) -> bool:
    return isinstance(e, UnresolvedFunction) and e.fn_name.lower() == "struct" and False


def _frame_bound(value, side, builder):
    """-> Python int offset (negative = preceding) or "UNBOUNDED_PRECEDING/FOLLOWING"."""
    side = (side or "").upper()
    if value is None:
        return None
    v = value if isinstance(value, str) else None
    if v is not None:
        v = v.upper()
        if v == "UNBOUNDED":
            return "unbounded_preceding" if side == "PRECEDING" else "unbounded_following"
        if v in ("CURRENT ROW", "CURRENT"):
            return 0
    e = builder.expr(value)
    if not isinstance(e, Literal):
        raise ParseException(
            "[UNSUPPORTED_FEATURE] The feature is not supported: non-literal window frame "
            "boundaries. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")
    n = e.value
    return -n if side == "PRECEDING" else n


def build_window(func: Expression, partition, order, frame) -> Expression:
    """``f(...) OVER (...)`` through the public Window API (so SQL and DataFrames share one
    window representation)."""
    try:
        from .window import Window
    except ImportError:
        raise AnalysisException(
            "[UNSUPPORTED_FEATURE] The feature is not supported: window functions are not "
            "available in this build of rayspark. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")
    from .column import Column
    spec = Window.partitionBy(*[Column(p) for p in partition]) if partition else None
    if order:
        spec = spec.orderBy(*[Column(o) for o in order]) if spec is not None else \
            Window.orderBy(*[Column(o) for o in order])
    if spec is None:
        spec = Window.partitionBy()
    if frame is not None:
        kind, start, end = frame
        start = _bound_value(start, Window)
        end = _bound_value(end if end is not None else 0, Window)
        spec = spec.rowsBetween(start, end) if kind == "ROWS" else spec.rangeBetween(start, end)
    return Column(func).over(spec)._expr


def _bound_value(b, Window):
    if b == "unbounded_preceding":
        return Window.unboundedPreceding
    if b == "unbounded_following":
        return Window.unboundedFollowing
    return b


_BINARY = {
    "Add": ar.Add, "Sub": ar.Subtract, "Mul": ar.Multiply, "Div": ar.Divide,
    "IntDiv": ar.IntegralDivide, "Mod": ar.Remainder, "EQ": pr.EqualTo, "LT": pr.LessThan,
    "LTE": pr.LessThanOrEqual, "GT": pr.GreaterThan, "GTE": pr.GreaterThanOrEqual,
    "NullSafeEQ": pr.EqualNullSafe, "And": pr.And, "Or": pr.Or,
}


# ============================================================================================
# statements
# ============================================================================================
def _name_parts(table) -> List[str]:
    if isinstance(table, exp.Schema):
        table = table.this
    if isinstance(table, exp.Table):
        return [p.name for p in table.parts]
    if isinstance(table, (exp.Identifier, exp.Column, exp.Dot)):
        return [p.name for p in getattr(table, "parts", [table])]
    return [table.name]


def _limit_value(node):
    if node is None:
        return None
    return node.expression if node.expression is not None else node.this


class _StatementBuilder:
    def __init__(self, text: str, params=None):
        self.text = text
        self.params = params
        self.eb = _Builder(text, params)

    # -- queries -------------------------------------------------------------------------
    def query(self, node):
        if isinstance(node, exp.Subquery):
            q = self.query(node.this)
            return self._modifiers(q, node)
        if isinstance(node, exp.Select):
            q = self._select(node)
        elif isinstance(node, exp.SetOperation):
            op = {"Union": "union", "Intersect": "intersect", "Except": "except"}[
                type(node).__name__]
            distinct = node.args.get("distinct")
            q = SetOpQuery(op, not distinct, self.query(node.this), self.query(node.expression))
        elif isinstance(node, exp.Values):
            q = self._values(node)
        else:
            raise self.eb._unsupported(node)
        q.ctes = self._ctes(node) + q.ctes
        return self._modifiers(q, node)

    def _modifiers(self, q, node):
        order = node.args.get("order")
        if order is not None:
            q.order = [self.eb.sort_order(o) for o in order.expressions]
        lim = _limit_value(node.args.get("limit"))
        if lim is not None:
            q.limit = self.eb.expr(lim)
        off = _limit_value(node.args.get("offset"))
        if off is not None:
            q.offset = self.eb.expr(off)
        return q

    def _ctes(self, node) -> list:
        w = node.args.get("with_") or node.args.get("with")
        if w is None:
            return []
        if w.args.get("recursive"):
            raise self.eb._unsupported(w)
        out = []
        for cte in w.expressions:
            cols = [c.name for c in cte.args["alias"].columns] if cte.args.get("alias") and \
                cte.args["alias"].columns else None
            out.append((cte.alias, self.query(cte.this), cols))
        return out

    def _values(self, node) -> ValuesQuery:
        rows = []
        for t in node.expressions:
            items = t.expressions if isinstance(t, exp.Tuple) else [t]
            rows.append([self.eb.expr(e) for e in items])
        alias = node.args.get("alias")
        q = ValuesQuery(rows)
        if alias is not None:
            q.alias = alias.name or None
            q.columns = [c.name for c in alias.columns] or None
        return q

    def _select(self, node) -> SelectQuery:
        for unsupported in ("pivots", "qualify", "cluster", "distribute", "sort",
                            "windows", "into", "settings", "connect", "prewhere", "match"):
            if node.args.get(unsupported):
                raise ParseException(
                    f"[UNSUPPORTED_FEATURE] The feature is not supported: {unsupported.upper()} "
                    "in SQL queries is not supported by rayspark yet. SQLSTATE: 0A000",
                    "UNSUPPORTED_FEATURE")
        q = SelectQuery(items=[self.eb.expr(e) for e in node.expressions])
        d = node.args.get("distinct")
        if d is not None:
            if d.args.get("on"):
                raise self.eb._unsupported(d)
            q.distinct = True
        frm = node.args.get("from_") or node.args.get("from")
        if frm is not None:
            rel = self._relation(frm.this)
            for j in node.args.get("joins") or []:
                rel = self._join(rel, j)
            q.from_ = rel
        for lat in node.args.get("laterals") or []:
            q.laterals.append(self._lateral_view(lat))
        where = node.args.get("where")
        if where is not None:
            q.where = self.eb.expr(where.this)
        group = node.args.get("group")
        if group is not None:
            q.group = self._group(group)
        having = node.args.get("having")
        if having is not None:
            q.having = self.eb.expr(having.this)
        return q

    def _lateral_view(self, lat) -> LateralView:
        if not lat.args.get("view") or lat.args.get("cross_apply") is not None:
            raise self.eb._unsupported(lat)
        alias = lat.args.get("alias")
        table = alias.name if alias is not None and alias.name else None
        cols = [c.name for c in alias.columns] if alias is not None and alias.columns else None
        return LateralView(self.eb.expr(lat.this), bool(lat.args.get("outer")), table, cols)

    def _pivots(self, ref, node):
        for pv in node.args.get("pivots") or []:
            ref = self._pivot(ref, pv)
        return ref

    def _pivot(self, child, pv) -> PivotRef:
        if pv.args.get("unpivot") or pv.args.get("group") or pv.args.get("default_on_null") \
                or len(pv.args.get("fields") or []) != 1:
            raise self.eb._unsupported(pv)
        aggs = []
        for e in pv.expressions:
            if isinstance(e, exp.Alias):
                aggs.append((self.eb.expr(e.this), e.alias))
            else:
                aggs.append((self.eb.expr(e), None))
        f = pv.args["fields"][0]
        if not isinstance(f, exp.In) or f.args.get("query") is not None:
            raise self.eb._unsupported(f)
        cols = f.this.expressions if isinstance(f.this, exp.Tuple) else [f.this]
        multi = isinstance(f.this, exp.Tuple)
        values = []
        for v in f.expressions:
            alias = None
            if isinstance(v, (exp.PivotAlias, exp.Alias)):
                alias, v = v.alias, v.this
            items = v.expressions if multi and isinstance(v, exp.Tuple) else [v]
            values.append(([self.eb.expr(x) for x in items], alias))
        pa_ = pv.args.get("alias")
        return PivotRef(child, aggs, [self.eb.expr(c) for c in cols], values,
                        pa_.name if pa_ is not None and pa_.name else None)

    def _group(self, g) -> GroupSpec:
        plain, kinds = [], []
        for e in g.expressions:
            if isinstance(e, (exp.Rollup, exp.Cube)):
                kinds.append(("rollup" if isinstance(e, exp.Rollup) else "cube",
                              [self.eb.expr(x) for x in e.expressions]))
            elif isinstance(e, exp.GroupingSets):
                sets = []
                for s in e.expressions:
                    if isinstance(s, exp.Tuple):
                        sets.append([self.eb.expr(x) for x in s.expressions])
                    else:
                        sets.append([self.eb.expr(s)])
                kinds.append(("groupingsets", sets))
            else:
                plain.append(self.eb.expr(e))
        for key in ("rollup", "cube", "grouping_sets"):
            for item in g.args.get(key) or []:
                exprs = [self.eb.expr(x) for x in item.expressions]
                if key == "grouping_sets":
                    kinds.append(("groupingsets", [[x] for x in exprs]))
                elif exprs:
                    kinds.append((key, exprs))
                else:  # GROUP BY a, b WITH ROLLUP
                    kinds.append((key, plain))
                    plain = []
        if not kinds:
            return GroupSpec("groupby", plain)
        if len(kinds) > 1 or plain:
            raise ParseException(
                "[UNSUPPORTED_FEATURE] The feature is not supported: mixing plain GROUP BY "
                "expressions with several ROLLUP/CUBE/GROUPING SETS. SQLSTATE: 0A000",
                "UNSUPPORTED_FEATURE")
        kind, payload = kinds[0]
        if kind == "groupingsets":
            keys: List[Expression] = []
            seen = set()
            for s in payload:
                for x in s:
                    k = x.semantic_key()
                    if k not in seen:
                        seen.add(k)
                        keys.append(x)
            return GroupSpec(kind, keys, payload)
        return GroupSpec(kind, payload)

    def _relation(self, node):
        alias_node = node.args.get("alias")
        alias = alias_node.name if alias_node is not None and alias_node.name else None
        cols = [c.name for c in alias_node.columns] if alias_node is not None and \
            alias_node.columns else None
        if isinstance(node, exp.Table):
            if isinstance(node.this, exp.Anonymous) or isinstance(node.this, exp.Func):
                f = node.this
                name = f.name if isinstance(f, exp.Anonymous) else f.sql_name()
                args = [self.eb.expr(a) for a in (f.expressions if isinstance(f, exp.Anonymous)
                                                  else f.iter_expressions())]
                return TableFunctionRef(name.lower(), args, alias, cols)
            if node.args.get("laterals"):
                raise self.eb._unsupported(node)
            ref = TableRef(_name_parts(node), alias)
            if cols:
                ref = SubqueryRef(SelectQuery([UnresolvedStar()], from_=ref), alias or
                                  ref.name[-1], cols)
            return self._pivots(ref, node)
        if isinstance(node, exp.Subquery):
            return self._pivots(SubqueryRef(self.query(node), alias, cols), node)
        if isinstance(node, exp.Values):
            q = self._values(node)
            return SubqueryRef(q, q.alias, q.columns)
        raise self.eb._unsupported(node)

    def _join(self, left, j):
        if j.args.get("pivots"):
            raise self.eb._unsupported(j)
        right = self._relation(j.this)
        side = (j.args.get("side") or "").upper()
        kind = (j.args.get("kind") or "").upper()
        if kind in ("SEMI", "ANTI"):
            how = kind.lower()
        elif kind == "CROSS":
            how = "cross"
        elif side == "LEFT":
            how = "left"
        elif side == "RIGHT":
            how = "right"
        elif side == "FULL":
            how = "full"
        else:
            how = "inner"
        if j.args.get("method"):  # NATURAL
            raise self.eb._unsupported(j)
        on = j.args.get("on")
        using = j.args.get("using")
        if not on and not using and how == "inner":
            how = "cross"
        return JoinRef(left, right, how, self.eb.expr(on) if on is not None else None,
                       [u.name for u in using] if using else None)

    # -- statements ----------------------------------------------------------------------
    def statement(self, node):
        if isinstance(node, (exp.Select, exp.SetOperation, exp.Values, exp.Subquery)):
            return QueryStatement(self.query(node))
        if isinstance(node, exp.Create):
            return self._create(node)
        if isinstance(node, exp.Drop):
            kind = (node.args.get("kind") or "").upper()
            if kind not in ("VIEW", "TABLE"):
                raise self.eb._unsupported(node)
            target = node.this if node.this is not None else node.args["tables"][0]
            return DropView(_name_parts(target), bool(node.args.get("exists")), kind)
        if isinstance(node, exp.Describe):
            return DescribeTable(_name_parts(node.this),
                                 (node.args.get("style") or "").upper() in ("EXTENDED",
                                                                            "FORMATTED"))
        if isinstance(node, exp.Cache):
            q = node.args.get("expression")
            return CacheTable(_name_parts(node.this), bool(node.args.get("lazy")),
                              self.query(q) if q is not None else None)
        if isinstance(node, exp.Uncache):
            return UncacheTable(_name_parts(node.this), bool(node.args.get("exists")))
        if isinstance(node, exp.Set):
            items = node.expressions
            if not items:
                return SetConfig(None, None)
            item = items[0].this if isinstance(items[0], exp.SetItem) else items[0]
            if isinstance(item, exp.EQ):
                return SetConfig(self._conf_key(item.this), self._conf_value(item.expression))
            raise self.eb._unsupported(node)
        if isinstance(node, exp.Command):
            return self._command(node)
        raise self.eb._unsupported(node)

    def _conf_key(self, node) -> str:
        return node.sql(dialect="spark").replace(" ", "").replace("`", "")

    def _conf_value(self, node) -> str:
        if isinstance(node, exp.Literal):
            return node.this
        if isinstance(node, exp.Boolean):
            return "true" if node.this else "false"
        return node.sql(dialect="spark")

    def _create(self, node):
        kind = (node.args.get("kind") or "").upper()
        props = [type(p).__name__ for p in (node.args.get("properties").expressions
                                            if node.args.get("properties") else [])]
        if kind != "VIEW" or "TemporaryProperty" not in props:
            raise ParseException(
                "[UNSUPPORTED_FEATURE] The feature is not supported: only CREATE [OR REPLACE] "
                "[GLOBAL] TEMPORARY VIEW is supported by rayspark's SQL; use "
                "DataFrame.write.saveAsTable for tables. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")
        target = node.this
        cols = [c.name for c in target.expressions] if isinstance(target, exp.Schema) else None
        return CreateView(_name_parts(target), self.query(node.expression),
                          bool(node.args.get("replace")), "GlobalProperty" in props,
                          bool(node.args.get("exists")), cols)

    def _command(self, node):
        word = str(node.this).upper()
        rest_node = node.expression
        rest = rest_node.this if isinstance(rest_node, exp.Literal) else \
            (rest_node.sql() if isinstance(rest_node, exp.Expression) else str(rest_node or ""))
        if word == "EXPLAIN":
            return self._explain(rest)
        if word == "SHOW":
            return self._show(rest)
        if word == "SET":
            key, _, value = rest.partition("=")
            return SetConfig(key.strip(), value.strip() if _ else None)
        raise ParseException(
            f"[UNSUPPORTED_FEATURE] The feature is not supported: {word} statements are not "
            "supported by rayspark's SQL yet. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")

    def _explain(self, rest: str):
        offset = self.text.find(rest) if rest else len(self.text)
        words = rest.split(None, 1)
        mode = "simple"
        if words and words[0].upper() in ("EXTENDED", "CODEGEN", "COST", "FORMATTED", "LOGICAL"):
            mode = words[0].lower()
            rest = words[1] if len(words) > 1 else ""
            offset = self.text.find(rest, offset) if rest else len(self.text)
        # parse the inner statement against the full text so errors point into it
        padded = " " * max(offset, 0) + rest
        trees = _parse_tokens_for(self.text, padded)
        if len(trees) != 1:
            raise _syntax_error(self.text, None, _end_offset(self.text))
        return Explain(_StatementBuilder(self.text, self.params).statement(trees[0]), mode)

    def _show(self, rest: str):
        toks = [t for t in _DIALECT.tokenize(rest)]
        words = [t.text for t in toks]
        upper = [w.upper() for w in words]
        if upper and upper[0] == "TABLES":
            db, pattern = None, None
            i = 1
            if i < len(upper) and upper[i] in ("IN", "FROM"):
                db = words[i + 1]
                i += 2
            if i < len(upper) and upper[i] == "LIKE":
                i += 1
            if i < len(toks) and toks[i].token_type == TokenType.STRING:
                pattern = toks[i].text
            return ShowTables(db, pattern)
        if upper and upper[0] == "COLUMNS" and len(upper) >= 3 and upper[1] in ("IN", "FROM"):
            i = 2
            name = [words[i]]
            i += 1
            while i + 1 < len(words) and words[i] == ".":
                name.append(words[i + 1])
                i += 2
            db = None
            if i + 1 < len(upper) and upper[i] in ("IN", "FROM"):
                db = words[i + 1]
            return ShowColumns(name, db)
        raise ParseException(
            f"[UNSUPPORTED_FEATURE] The feature is not supported: SHOW {' '.join(words[:1])} "
            "is not supported by rayspark's SQL yet. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE")


def _parse_tokens_for(full_text: str, padded: str):
    try:
        return _parse_tokens(padded)
    except ParseException as e:
        # re-render the message against the original text (same offsets)
        raise e


# ============================================================================================
# public entry points
# ============================================================================================
def parse_statement(text: str, params=None):
    """Parse one SQL statement into the statement dataclasses above."""
    trees = _parse_tokens(text)
    if not trees:
        raise _syntax_error(text, None, _end_offset(text))
    if len(trees) > 1:
        tokens = _tokenize(text)
        semi = next(i for i, t in enumerate(tokens) if t.token_type == TokenType.SEMICOLON)
        nxt = tokens[semi + 1] if semi + 1 < len(tokens) else tokens[semi]
        word = text[nxt.start:nxt.end + 1]
        from .ddl import _parse_exception
        raise _parse_exception(text, "PARSE_SYNTAX_ERROR",
                               f"Syntax error at or near '{word}': extra input '{word}'.",
                               {"error": f"'{word}'", "hint": f": extra input '{word}'"},
                               nxt.start)
    return _StatementBuilder(text, params).statement(trees[0])


def parse_expression(text: str, params=None) -> Expression:
    """Parse one expression (``F.expr``, ``selectExpr``, ``filter("...")``), optionally with
    an alias (``a + 1 AS b``)."""
    prefix = "SELECT "
    padded = prefix + text
    try:
        trees = _parse_tokens(padded)
    except ParseException:
        raise _reparse_error(text, prefix) from None
    if len(trees) != 1 or not isinstance(trees[0], exp.Select):
        raise _syntax_error(text, None, _end_offset(text))
    sel = trees[0]
    extra = [k for k, v in sel.args.items() if v and k != "expressions"]
    if extra or len(sel.expressions) != 1:
        tokens = _tokenize(padded)
        bad = None
        if len(sel.expressions) != 1:
            depth = 0
            for t in tokens[1:]:
                if t.token_type == TokenType.L_PAREN:
                    depth += 1
                elif t.token_type == TokenType.R_PAREN:
                    depth -= 1
                elif t.token_type == TokenType.COMMA and depth == 0:
                    bad = t
                    break
        else:
            kw = {TokenType.FROM, TokenType.WHERE, TokenType.GROUP_BY, TokenType.ORDER_BY,
                  TokenType.LIMIT, TokenType.HAVING}
            bad = next((t for t in tokens[1:] if t.token_type in kw), None)
        if bad is None:
            raise _syntax_error(text, None, _end_offset(text))
        return _raise(_syntax_error(text, padded[bad.start:bad.end + 1],
                                    bad.start - len(prefix)))
    return _Builder(text, params).expr(sel.expressions[0])


def _raise(e):
    raise e


def _reparse_error(text: str, prefix: str) -> ParseException:
    """Parse errors of ``SELECT <text>`` re-rendered against ``text`` alone."""
    padded = prefix + text
    try:
        tokens = _tokenize(padded)
        _DIALECT.parser().parse(tokens, padded)
    except ParseException as e:
        return _shift(e, text, len(prefix))
    except ParseError as e:
        err = _parse_error(padded, tokens, e)
        return _shift(err, text, len(prefix))
    return _syntax_error(text, None, _end_offset(text))


def _shift(err: ParseException, text: str, by: int) -> ParseException:
    params = err.getMessageParameters()
    msg = err.getMessage()
    near = params.get("error")
    import re
    m = re.search(r"\(line (\d+), pos (\d+)\)", msg)
    if m is None:
        return _syntax_error(text, None, _end_offset(text))
    line, pos = int(m.group(1)), int(m.group(2))
    lines = (" " * by + text).split("\n")
    offset = sum(len(l) + 1 for l in lines[:line - 1]) + pos - by
    if near == "end of input":
        return _syntax_error(text, None, _end_offset(text))
    return _syntax_error(text, near[1:-1] if near else None, max(offset, 0))
