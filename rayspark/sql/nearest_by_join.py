"""``DataFrame.nearestByJoin``: for each left row, the ``numResults`` right rows ranked first
by an expression over both sides (Spark 4.2).

Spark's current implementation evaluates the whole cross product and keeps a bounded top-K per
left row; ``approx`` mode may use an index in a later release but today gives the exact answer.
The same plan is built here from existing operators: the left rows are numbered (so equal left
rows stay separate queries), joined with the right side on ``ranking IS NOT NULL`` (a row whose
ranking is NULL is never a match; a left outer join keeps left rows without any), numbered per
left row with ``row_number()`` ordered by the ranking (ascending for ``distance``, descending
for ``similarity``) and cut at ``numResults``. Ties are broken arbitrarily, as Spark documents."""
from __future__ import annotations

from ..errors import AnalysisException, PySparkTypeError
from .column import Column

__all__ = ["nearest_by_join"]

MAX_RESULTS = 100000
_JOIN_TYPES = {"inner": "inner", "left": "left", "leftouter": "left"}


def _invalid(sub: str, text: str) -> AnalysisException:
    return AnalysisException(f"[NEAREST_BY_JOIN.{sub}] Invalid nearest-by join. {text} "
                             "SQLSTATE: 42604", f"NEAREST_BY_JOIN.{sub}")


def nearest_by_join(left, other, ranking, num_results, mode, direction, join_type="inner"):
    from .dataframe import DataFrame
    from . import functions as F
    from .window import Window
    if not isinstance(other, DataFrame):
        raise PySparkTypeError(
            f"[NOT_DATAFRAME] Argument `other` should be a DataFrame, got "
            f"{type(other).__name__}.", "NOT_DATAFRAME")
    if not isinstance(ranking, Column):
        raise PySparkTypeError(
            f"[NOT_COLUMN] Argument `rankingExpression` should be a Column, got "
            f"{type(ranking).__name__}.", "NOT_COLUMN")
    how = _JOIN_TYPES.get(str(join_type).lower().replace("_", ""))
    if how is None:
        raise _invalid("UNSUPPORTED_JOIN_TYPE", f"Unsupported nearest-by join type "
                       f"{join_type}. Supported types: 'INNER', 'LEFT OUTER'.")
    if str(mode).lower() not in ("approx", "exact"):
        raise _invalid("UNSUPPORTED_MODE", f"Unsupported nearest-by join mode '{mode}'. "
                       "Supported modes include: 'approx', 'exact'.")
    if str(direction).lower() not in ("distance", "similarity"):
        raise _invalid("UNSUPPORTED_DIRECTION", f"Unsupported nearest-by join direction "
                       f"'{direction}'. Supported nearest-by join directions include: "
                       "'distance', 'similarity'.")
    if not isinstance(num_results, int) or isinstance(num_results, bool):
        raise PySparkTypeError(
            f"[NOT_INT] Argument `numResults` should be an int, got "
            f"{type(num_results).__name__}.", "NOT_INT")
    if not 1 <= num_results <= MAX_RESULTS:
        raise _invalid("NUM_RESULTS_OUT_OF_RANGE", f"The number of results {num_results} must "
                       f"be between 1 and {MAX_RESULTS}. Update the literal in `APPROX NEAREST "
                       f"{num_results} BY ...` (or `EXACT NEAREST {num_results} BY ...`) to "
                       "fall within that range.")
    _check_ranking(left, other, ranking)

    row_id, rank_col, rn = "__nearest_row", "__nearest_rank", "__nearest_rn"
    numbered = left.withColumn(row_id, F.monotonically_increasing_id())
    joined = numbered.join(other, ranking.isNotNull(), how)
    ranked = joined.withColumn(rank_col, ranking)
    order = F.col(rank_col).asc() if str(direction).lower() == "distance" \
        else F.col(rank_col).desc()
    kept = ranked.withColumn(rn, F.row_number().over(Window.partitionBy(row_id).orderBy(order)))
    kept = kept.where(F.col(rn) <= num_results)
    drop = {row_id, rank_col, rn}
    out = [Column(a) for a in kept._attrs() if a.name not in drop]
    return kept.select(*out)


def _check_ranking(left, other, ranking) -> None:
    """Spark's check: no aggregate, window or generator in the ranking expression."""
    from .analyzer import resolve
    from .expressions.aggregates import AggregateFunction
    from .expressions.generators import Generator
    from .expressions.window_expr import WindowExpression
    e = resolve(ranking._expr, left._attrs() + other._attrs(), left._session)
    bad = [x for x in e.walk() if isinstance(x, (AggregateFunction, WindowExpression,
                                                 Generator))]
    if bad:
        raise AnalysisException(
            "[UNSUPPORTED_EXPR_FOR_OPERATOR] The query operator NearestByJoin contains one or "
            "more unsupported expressions.\nConsider to rewrite it to avoid window functions, "
            "aggregate functions, and generator functions in the NearestByJoin operator.\n"
            f"Invalid expressions: [\"{bad[0].sql()}\"] SQLSTATE: 42K0E",
            "UNSUPPORTED_EXPR_FOR_OPERATOR")
