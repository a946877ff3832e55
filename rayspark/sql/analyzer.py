"""Name and type resolution. DataFrame methods and the SQL front end call ``resolve`` on the
expressions they put into a plan, so an unknown column or a type error is reported at the
call that introduced it (as Spark's eager analysis does), with Spark's error conditions and
its "Did you mean" suggestions."""
from __future__ import annotations

from typing import List, Optional, Sequence

from ..errors import AnalysisException
from .expressions.base import (Alias, AttributeReference, Expression, UnresolvedAttribute,
                               UnresolvedFunction, UnresolvedStar, UnresolvedRegex)
from .expressions.complex import GetItem, GetStructField
from .types import MapType, StructType

__all__ = ["resolve", "resolve_attribute", "unresolved_column", "expand_star", "ensure_named",
           "case_sensitive", "resolve_time_zones"]

case_sensitive = False


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _display(attr: AttributeReference) -> str:
    parts = list(attr.qualifier[-1:]) + [attr.name]
    return ".".join(_quote(p) for p in parts)


def unresolved_column(name_parts: Sequence[str], candidates: Sequence[AttributeReference],
                      kind: str = "column"):
    name = ".".join(_quote(p) for p in name_parts)
    names = []
    for a in candidates:
        d = _display(a)
        if d not in names:
            names.append(d)
    target = ".".join(name_parts)
    scored = sorted(names, key=lambda c: _levenshtein(target, c))[:5]
    if not names:
        return AnalysisException(
            f"A column, variable, or function parameter with name {name} cannot be resolved. "
            "SQLSTATE: 42703", "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {"objectName": name})
    return AnalysisException(
        f"A column, variable, or function parameter with name {name} cannot be resolved. "
        f"Did you mean one of the following? [{', '.join(scored)}]. SQLSTATE: 42703",
        "UNRESOLVED_COLUMN.WITH_SUGGESTION",
        {"objectName": name, "proposal": ", ".join(scored)})


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _eq(a: str, b: str) -> bool:
    return a == b if case_sensitive else a.lower() == b.lower()


def _extract_fields(expr: Expression, parts: Sequence[str]) -> Expression:
    from .expressions.literals import lit_expr
    for p in parts:
        dt = expr.data_type
        if isinstance(dt, StructType):
            expr = GetStructField(expr, p)
            expr.data_type  # validates the field
        elif isinstance(dt, MapType):
            expr = GetItem(expr, lit_expr(p)).coerce()
        else:
            raise AnalysisException(
                f"[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "
                f"\"{expr.sql()}\". Need a complex type [STRUCT, ARRAY, MAP] but got "
                f"\"{dt.simpleString().upper()}\".", "INVALID_EXTRACT_BASE_FIELD_TYPE")
    return expr


def resolve_attribute(parts: Sequence[str], attrs: Sequence[AttributeReference],
                      outer: Optional[Sequence[AttributeReference]] = None) -> Expression:
    """Find ``a`` / ``t.a`` / ``a.field`` / ``t.a.field`` among ``attrs``."""
    parts = list(parts)
    matches = []
    # qualified: t.a[.fields]
    if len(parts) >= 2:
        for a in attrs:
            if a.qualifier and _eq(a.qualifier[-1], parts[0]) and _eq(a.name, parts[1]):
                matches.append((a, parts[2:]))
    if not matches:
        for a in attrs:
            if _eq(a.name, parts[0]):
                matches.append((a, parts[1:]))
    if not matches:
        if outer:
            return resolve_attribute(parts, outer)
        raise unresolved_column(parts, attrs)
    ids = {m[0].expr_id for m in matches}
    if len(ids) > 1:
        name = ".".join(_quote(p) for p in parts)
        found = ", ".join(_display(m[0]) for m in matches)
        raise AnalysisException(
            f"[AMBIGUOUS_REFERENCE] Reference {name} is ambiguous, could be: [{found}]. "
            "SQLSTATE: 42704", "AMBIGUOUS_REFERENCE", {"name": name, "referenceNames": found})
    attr, rest = matches[0]
    return _extract_fields(attr, rest) if rest else attr


def resolve(expr: Expression, attrs: Sequence[AttributeReference], session=None,
            outer: Optional[Sequence[AttributeReference]] = None) -> Expression:
    """Resolve names and functions bottom-up and apply type coercion."""
    from .functions_registry import lookup_function
    attrs = list(attrs)
    ids = {a.expr_id for a in attrs} | ({a.expr_id for a in outer} if outer else set())

    expr = _expand_star_arguments(expr, attrs)

    def rule(e: Expression):
        if isinstance(e, UnresolvedAttribute):
            return resolve_attribute(e.name_parts, attrs, outer)
        if isinstance(e, AttributeReference):
            if e.expr_id not in ids:
                match = [a for a in attrs if _eq(a.name, e.name) and
                         a.data_type == e.data_type]
                if len(match) == 1:
                    return match[0]
                raise AnalysisException(
                    f"[MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION] Resolved "
                    f"attribute(s) {e.tree_string()} missing from "
                    f"{', '.join(a.tree_string() for a in attrs)} in operator. "
                    "Attribute(s) with the same name appear in the operation: "
                    f"{e.name}. Please check if the right attribute(s) are used.",
                    "MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION")
            return None
        if isinstance(e, UnresolvedFunction):
            return lookup_function(e.fn_name, list(e.children), e.is_distinct, session,
                                   ignore_nulls=e.ignore_nulls).coerce()
        if isinstance(e, (UnresolvedStar, UnresolvedRegex)):
            raise AnalysisException(
                f"[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression "
                f"{e.sql()}.", "INVALID_USAGE_OF_STAR_OR_REGEX")
        if getattr(e, "_needs_plan", False):
            return e.resolve_with(attrs, session)
        return e.coerce()
    return resolve_time_zones(expr.transform_up(rule), _session_time_zone(session))


def _session_time_zone(session) -> Optional[str]:
    get = getattr(session, "_timezone", None)
    return get() if get is not None else None


def resolve_time_zones(expr: Expression, zone: Optional[str]) -> Expression:
    """Spark's ResolveTimeZone: every time-zone-aware expression (casts involving
    timestamps, ``hour``, ``date_format``, ``to_timestamp``, ...) without a zone gets the
    session time zone, so the zone travels with the expression to the executors."""
    if zone is None:
        return expr

    def rule(e: Expression):
        if getattr(e, "time_zone_aware", False) and e.time_zone is None:
            return e.with_time_zone(zone)
        return None
    return expr.transform_up(rule)


def _expand_star_arguments(expr: Expression, attrs) -> Expression:
    """``hash('*')``, ``concat(*)``, ``struct(t.*)``: a star among a function's arguments
    stands for all (matching) columns, as in Spark. ``count(*)`` is handled by its builder."""
    from .expressions.aggregates import Count

    def rule(e):
        if isinstance(e, Count) or not any(isinstance(c, (UnresolvedStar, UnresolvedRegex))
                                           for c in e.children):
            return None
        if isinstance(e, UnresolvedFunction) and e.fn_name.lower() == "count":
            return None
        kids = []
        for c in e.children:
            kids.extend(expand_star(c, attrs))
        return e.with_children(kids)
    return expr.transform_down(rule)


def expand_star(e: Expression, attrs: Sequence[AttributeReference]) -> List[Expression]:
    if isinstance(e, UnresolvedStar):
        if e.target is None:
            return list(attrs)
        out = [a for a in attrs if a.qualifier and _eq(a.qualifier[-1], e.target[-1])]
        if not out:
            # struct expansion: s.*
            base = resolve_attribute(list(e.target), attrs)
            if isinstance(base.data_type, StructType):
                return [Alias(GetStructField(base, f.name), f.name)
                        for f in base.data_type.fields]
            raise AnalysisException(
                f"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve {'.'.join(_quote(p) for p in e.target)}.* "
                f"given input columns {', '.join(_quote(a.name) for a in attrs)}.",
                "CANNOT_RESOLVE_STAR_EXPAND")
        return out
    if isinstance(e, UnresolvedRegex):
        import re
        pat = re.compile(e.pattern)
        return [a for a in attrs if pat.fullmatch(a.name)]
    return [e]


def ensure_named(e: Expression) -> Expression:
    """Give an unnamed expression Spark's automatic column name."""
    if isinstance(e, (AttributeReference, Alias)):
        return e
    return Alias(e, e.name)
