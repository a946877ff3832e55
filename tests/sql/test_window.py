"""Window functions: names, types and values recorded from PySpark 4.3 (same data, same
expressions); see the CASES table. Also analysis errors, nesting and planning checks."""
import datetime
import math

import pytest

from rayspark.errors import AnalysisException
from rayspark.sql import functions as _functions
from rayspark.sql import window_functions_api as _window_functions
from rayspark.sql.window import Window as W


class _Functions:
    """``functions`` plus the window-only functions (wherever they are exported from)."""

    def __getattr__(self, name):
        if hasattr(_window_functions, name):
            return getattr(_window_functions, name)
        return getattr(_functions, name)


F = _Functions()

DATA = [(1, "a", 1, 1.0), (2, "a", 2, 2.5), (3, "a", 2, None), (4, "a", 4, -1.0),
        (5, "a", None, 7.0), (6, "a", 7, 3.0), (7, "b", 3, 0.5), (8, "b", 3, 0.25),
        (9, "b", None, None), (10, "b", 10, 2.0), (11, "c", 5, None), (12, None, 1, 1.5),
        (13, None, 1, 2.5), (14, "a", None, 0.5)]


@pytest.fixture
def df(spark):
    return spark.createDataFrame(DATA, "id int, k string, v int, x double")


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == pytest.approx(b, rel=1e-9, abs=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


CASES = {
    'ranking': [
        (lambda: F.row_number().over(W.partitionBy("k").orderBy("v", "id")),
         'row_number() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [3, 4, 5, 6, 1, 7, 2, 3, 1, 4, 1, 1, 2, 2]),
        (lambda: F.rank().over(W.partitionBy("k").orderBy("v")),
         'RANK() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [3, 4, 4, 6, 1, 7, 2, 2, 1, 4, 1, 1, 1, 1]),
        (lambda: F.dense_rank().over(W.partitionBy("k").orderBy("v")),
         'DENSE_RANK() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [2, 3, 3, 4, 1, 5, 2, 2, 1, 3, 1, 1, 1, 1]),
        (lambda: F.percent_rank().over(W.partitionBy("k").orderBy("v")),
         'PERCENT_RANK() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', False,
         [0.3333333333333333, 0.5, 0.5, 0.8333333333333334, 0.0, 1.0, 0.3333333333333333, 0.3333333333333333, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]),
        (lambda: F.cume_dist().over(W.partitionBy("k").orderBy("v")),
         'cume_dist() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', False,
         [0.42857142857142855, 0.7142857142857143, 0.7142857142857143, 0.8571428571428571, 0.2857142857142857, 1.0, 0.75, 0.75, 0.25, 1.0, 1.0, 1.0, 1.0, 0.2857142857142857]),
        (lambda: F.ntile(2).over(W.partitionBy("k").orderBy("v", "id")),
         'ntile(2) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [1, 1, 2, 2, 1, 2, 1, 2, 1, 2, 1, 1, 2, 1]),
        (lambda: F.ntile(3).over(W.partitionBy("k").orderBy("v", "id")),
         'ntile(3) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [1, 2, 2, 3, 1, 3, 1, 2, 1, 3, 1, 1, 2, 1]),
        (lambda: F.ntile(20).over(W.orderBy("id")),
         'ntile(20) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
        (lambda: F.ntile(4).over(W.orderBy(F.desc("id"))),
         'ntile(4) OVER (ORDER BY id DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [4, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1]),
        (lambda: F.row_number().over(W.orderBy("id")),
         'row_number() OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
        (lambda: F.rank().over(W.partitionBy("k").orderBy(F.desc("v"))),
         'RANK() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [5, 3, 3, 2, 6, 1, 2, 2, 4, 1, 1, 1, 1, 6]),
        (lambda: F.dense_rank().over(W.partitionBy("k").orderBy(F.col("v").asc_nulls_last())),
         'DENSE_RANK() OVER (PARTITION BY k ORDER BY v ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [1, 2, 2, 3, 5, 4, 1, 1, 3, 2, 1, 1, 1, 5]),
        (lambda: F.rank().over(W.orderBy("k", F.desc_nulls_first("v"))),
         'RANK() OVER (ORDER BY k ASC NULLS FIRST, v DESC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', False,
         [9, 7, 7, 6, 3, 5, 12, 12, 10, 11, 14, 1, 1, 3]),
        (lambda: F.cume_dist().over(W.orderBy(F.desc("x"))),
         'cume_dist() OVER (ORDER BY x DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', False,
         [0.5, 0.2857142857142857, 1.0, 0.7857142857142857, 0.07142857142857142, 0.14285714285714285, 0.6428571428571429, 0.7142857142857143, 1.0, 0.35714285714285715, 1.0, 0.42857142857142855, 0.2857142857142857, 0.6428571428571429]),
    ],
    'offsets': [
        (lambda: F.lag("x").over(W.partitionBy("k").orderBy("v", "id")),
         'lag(x, 1, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)',
         'double', True,
         [0.5, 1.0, 2.5, None, None, -1.0, None, 0.5, None, 0.25, None, None, 1.5, 7.0]),
        (lambda: F.lag("x", 2, 0.0).over(W.partitionBy("k").orderBy("v", "id")),
         'lag(x, 2, 0.0) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -2 FOLLOWING AND -2 FOLLOWING)',
         'double', True,
         [7.0, 0.5, 1.0, 2.5, 0.0, None, 0.0, None, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0]),
        (lambda: F.lead("v").over(W.partitionBy("k").orderBy("v", "id")),
         'lead(v, 1, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING)',
         'int', True,
         [2, 2, 4, 7, None, None, 3, 10, 3, None, None, 1, None, 1]),
        (lambda: F.lead("v", 2, -1).over(W.partitionBy("k").orderBy("v", "id")),
         'lead(v, 2, -1) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN 2 FOLLOWING AND 2 FOLLOWING)',
         'int', True,
         [2, 4, 7, -1, 1, -1, 10, -1, 3, -1, -1, -1, -1, 2]),
        (lambda: F.lag("v", 0).over(W.partitionBy("k").orderBy("v", "id")),
         'lag(v, 0, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN 0 FOLLOWING AND 0 FOLLOWING)',
         'int', True,
         [1, 2, 2, 4, None, 7, 3, 3, None, 10, 5, 1, 1, None]),
        (lambda: F.lead("id", -1).over(W.partitionBy("k").orderBy("v", "id")),
         'lead(id, -1, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)',
         'int', True,
         [14, 1, 2, 3, None, 4, 9, 7, None, 8, None, None, 12, 5]),
        (lambda: F.lag("k", 1, "zz").over(W.orderBy("id")),
         'lag(k, 1, zz) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)',
         'string', True,
         ['zz', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', None, None]),
        (lambda: F.lead(F.col("x") * 2, 3).over(W.orderBy(F.desc("id"))),
         'lead((x * 2), 3, NULL) OVER (ORDER BY id DESC NULLS LAST ROWS BETWEEN 3 FOLLOWING AND 3 FOLLOWING)',
         'double', True,
         [None, None, None, 2.0, 5.0, None, -2.0, 14.0, 6.0, 1.0, 0.5, None, 4.0, None]),
        (lambda: F.nth_value("x", 2).over(W.partitionBy("k").orderBy("v", "id")),
         'nth_value(x, 2) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [0.5, 0.5, 0.5, 0.5, None, 0.5, 0.5, 0.5, None, 0.5, None, None, 2.5, 0.5]),
        (lambda: F.nth_value("x", 2, True).over(W.partitionBy("k").orderBy("v", "id")),
         'nth_value(x, 2) ignore nulls OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [0.5, 0.5, 0.5, 0.5, None, 0.5, None, 0.25, None, 0.25, None, None, 2.5, 0.5]),
        (lambda: F.nth_value("id", 3).over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.unboundedPreceding, W.unboundedFollowing)),
         'nth_value(id, 3) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'int', True,
         [1, 1, 1, 1, 1, 1, 8, 8, 8, 8, None, None, None, 1]),
        (lambda: F.nth_value("x", 1, True).over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'nth_value(x, 1) ignore nulls OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'double', True,
         [0.5, 1.0, 2.5, -1.0, 7.0, -1.0, 0.5, 0.5, 0.5, 0.25, None, 1.5, 1.5, 7.0]),
    ],
    'rows_frames': [
        (lambda: F.sum("v").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'sum(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'bigint', True,
         [3, 5, 8, 13, None, 11, 6, 16, 3, 13, 5, 2, 2, 1]),
        (lambda: F.sum("v").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.unboundedPreceding, -1)),
         'sum(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND -1 FOLLOWING)',
         'bigint', True,
         [None, 1, 3, 5, None, 9, None, 3, None, 6, None, None, 1, None]),
        (lambda: F.sum("v").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(1, 2)),
         'sum(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING)',
         'bigint', True,
         [4, 6, 11, 7, 1, None, 13, 10, 6, None, None, 1, None, 3]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-3, -1)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -3 FOLLOWING AND -1 FOLLOWING)',
         'bigint', True,
         [19, 20, 17, 6, None, 9, 9, 16, None, 24, None, None, 12, 5]),
        (lambda: F.sum("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.currentRow, W.unboundedFollowing)),
         'sum(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)',
         'double', True,
         [5.5, 4.5, 2.0, 2.0, 13.0, 3.0, 2.75, 2.25, 2.75, 2.0, None, 4.0, 2.5, 6.0]),
        (lambda: F.sum("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.unboundedPreceding, W.unboundedFollowing)),
         'sum(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'double', True,
         [13.0, 13.0, 13.0, 13.0, 13.0, 13.0, 2.75, 2.75, 2.75, 2.75, None, 4.0, 4.0, 13.0]),
        (lambda: F.avg("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-2, 0)),
         'avg(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -2 FOLLOWING AND CURRENT ROW)',
         'double', True,
         [2.8333333333333335, 1.3333333333333333, 1.75, 0.75, 7.0, 1.0, 0.5, 0.375, None, 0.9166666666666666, None, 1.5, 2.0, 3.75]),
        (lambda: F.avg("v").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(0, 1)),
         'avg(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)',
         'double', True,
         [1.5, 2.0, 3.0, 5.5, None, 7.0, 3.0, 6.5, 3.0, 10.0, 5.0, 1.0, 1.0, 1.0]),
        (lambda: F.count("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'count(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'bigint', False,
         [3, 2, 2, 2, 2, 2, 2, 3, 1, 2, 0, 2, 2, 3]),
        (lambda: F.count("*").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-2, W.currentRow)),
         'count(1) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -2 FOLLOWING AND CURRENT ROW)',
         'bigint', False,
         [3, 3, 3, 3, 1, 3, 2, 3, 1, 3, 1, 1, 2, 2]),
        (lambda: F.min("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'min(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'double', True,
         [0.5, 1.0, -1.0, -1.0, 0.5, -1.0, 0.25, 0.25, 0.5, 0.25, None, 1.5, 1.5, 0.5]),
        (lambda: F.max("v").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(0, 2)),
         'max(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING)',
         'int', True,
         [2, 4, 7, 7, 1, 7, 10, 10, 3, 10, 5, 1, 1, 2]),
        (lambda: F.min("k").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, W.unboundedFollowing)),
         'min(k) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND UNBOUNDED FOLLOWING)',
         'string', True,
         ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', None, None, 'a']),
        (lambda: F.max("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.unboundedPreceding, 0)),
         'max(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 0.5, 0.5, None, 2.0, None, 1.5, 2.5, 7.0]),
        (lambda: F.first("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'first(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'double', True,
         [0.5, 1.0, 2.5, None, 7.0, -1.0, None, 0.5, None, 0.25, None, 1.5, 1.5, 7.0]),
        (lambda: F.last("x", True).over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-2, 0)),
         'last(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -2 FOLLOWING AND CURRENT ROW)',
         'double', True,
         [1.0, 2.5, 2.5, -1.0, 7.0, 3.0, 0.5, 0.25, None, 2.0, None, 1.5, 2.5, 0.5]),
        (lambda: F.first("x", True).over(W.partitionBy("k").orderBy("v", "id").rowsBetween(0, W.unboundedFollowing)),
         'first(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)',
         'double', True,
         [1.0, 2.5, -1.0, -1.0, 7.0, 3.0, 0.5, 0.25, 0.5, 2.0, None, 1.5, 2.5, 0.5]),
        (lambda: F.last("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.unboundedPreceding, W.unboundedFollowing)),
         'last(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'double', True,
         [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 2.0, 2.0, 2.0, 2.0, None, 2.5, 2.5, 3.0]),
        (lambda: F.collect_list("id").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'collect_list(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'array<int>', False,
         [[14, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 6], [5, 14], [4, 6], [9, 7, 8], [7, 8, 10], [9, 7], [8, 10], [11], [12, 13], [12, 13], [5, 14, 1]]),
        (lambda: F.collect_list("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(W.unboundedPreceding, W.currentRow)),
         'collect_list(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'array<double>', False,
         [[7.0, 0.5, 1.0], [7.0, 0.5, 1.0, 2.5], [7.0, 0.5, 1.0, 2.5], [7.0, 0.5, 1.0, 2.5, -1.0], [7.0], [7.0, 0.5, 1.0, 2.5, -1.0, 3.0], [0.5], [0.5, 0.25], [], [0.5, 0.25, 2.0], [], [1.5], [1.5, 2.5], [7.0, 0.5]]),
        (lambda: F.sum("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1000, 1000)),
         'sum(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1000 FOLLOWING AND 1000 FOLLOWING)',
         'double', True,
         [13.0, 13.0, 13.0, 13.0, 13.0, 13.0, 2.75, 2.75, 2.75, 2.75, None, 4.0, 4.0, 13.0]),
        (lambda: F.min("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(2, 5)),
         'min(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING)',
         'double', True,
         [-1.0, -1.0, 3.0, None, -1.0, None, 2.0, None, 0.25, None, None, None, None, -1.0]),
    ],
    'range_frames': [
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy("v").rangeBetween(-1, 1)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'bigint', True,
         [6, 6, 6, 4, 19, 6, 15, 15, 9, 10, 11, 25, 25, 19]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy("v").rangeBetween(W.unboundedPreceding, 1)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)',
         'bigint', True,
         [25, 25, 25, 29, 19, 35, 24, 24, 9, 34, 11, 25, 25, 19]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy("v").rangeBetween(-1, W.unboundedFollowing)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN -1 FOLLOWING AND UNBOUNDED FOLLOWING)',
         'bigint', True,
         [16, 16, 16, 10, 35, 6, 25, 25, 34, 10, 11, 25, 25, 35]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy("v").rangeBetween(0, 0)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN CURRENT ROW AND CURRENT ROW)',
         'bigint', True,
         [1, 5, 5, 4, 19, 6, 15, 15, 9, 10, 11, 25, 25, 19]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy("v").rangeBetween(W.currentRow, W.unboundedFollowing)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)',
         'bigint', True,
         [16, 15, 15, 10, 35, 6, 25, 25, 34, 10, 11, 25, 25, 35]),
        (lambda: F.count("x").over(W.partitionBy("k").orderBy("v").rangeBetween(-2, -1)),
         'count(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN -2 FOLLOWING AND -1 FOLLOWING)',
         'bigint', False,
         [0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy(F.desc("v")).rangeBetween(-1, 2)),
         'sum(id) OVER (PARTITION BY k ORDER BY v DESC NULLS LAST RANGE BETWEEN -1 FOLLOWING AND 2 FOLLOWING)',
         'bigint', True,
         [6, 6, 6, 9, 19, 6, 15, 15, 9, 10, 11, 25, 25, 19]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy(F.col("v").asc_nulls_last()).rangeBetween(-2, 0)),
         'sum(id) OVER (PARTITION BY k ORDER BY v ASC NULLS LAST RANGE BETWEEN -2 FOLLOWING AND CURRENT ROW)',
         'bigint', True,
         [1, 6, 6, 9, 19, 6, 15, 15, 9, 10, 11, 25, 25, 19]),
        (lambda: F.sum("id").over(W.partitionBy("k").orderBy(F.col("v").desc_nulls_first()).rangeBetween(W.unboundedPreceding, 0)),
         'sum(id) OVER (PARTITION BY k ORDER BY v DESC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', True,
         [35, 34, 34, 29, 19, 25, 34, 34, 9, 19, 11, 25, 25, 19]),
        (lambda: F.count("*").over(W.orderBy("v").rangeBetween(-100, 100)),
         'count(1) OVER (ORDER BY v ASC NULLS FIRST RANGE BETWEEN -100 FOLLOWING AND 100 FOLLOWING)',
         'bigint', False,
         [11, 11, 11, 11, 3, 11, 11, 11, 3, 11, 11, 11, 11, 3]),
        (lambda: F.sum("id").over(W.orderBy("x").rangeBetween(-1, 1)),
         'sum(id) OVER (ORDER BY x ASC NULLS FIRST RANGE BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'bigint', True,
         [52, 43, 23, 4, 5, 31, 42, 30, 23, 44, 23, 59, 43, 42]),
        (lambda: F.max("id").over(W.orderBy(F.desc("x")).rangeBetween(0, 1)),
         'max(id) OVER (ORDER BY x DESC NULLS LAST RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING)',
         'int', True,
         [14, 13, 11, 4, 5, 13, 14, 8, 11, 12, 11, 14, 13, 14]),
        (lambda: F.sum("x").over(W.orderBy("v").rangeBetween(1, 3)),
         'sum(x) OVER (ORDER BY v ASC NULLS FIRST RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING)',
         'double', True,
         [2.25, -0.25, -0.25, 3.0, 7.5, 2.0, -1.0, -1.0, 7.5, None, 3.0, 2.25, 2.25, 7.5]),
        (lambda: F.avg("x").over(W.orderBy("v").rangeBetween(-1000000, 2)),
         'avg(x) OVER (ORDER BY v ASC NULLS FIRST RANGE BETWEEN -1000000 FOLLOWING AND 2 FOLLOWING)',
         'double', True,
         [1.375, 1.0357142857142858, 1.0357142857142858, 1.0357142857142858, 3.75, 1.28125, 1.0357142857142858, 1.0357142857142858, 3.75, 1.3611111111111112, 1.28125, 1.375, 1.375, 3.75]),
        (lambda: F.min("id").over(W.partitionBy("k").orderBy("id").rangeBetween(W.unboundedPreceding, W.unboundedFollowing)),
         'min(id) OVER (PARTITION BY k ORDER BY id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'int', True,
         [1, 1, 1, 1, 1, 1, 7, 7, 7, 7, 11, 12, 12, 1]),
    ],
    'default_frames': [
        (lambda: F.sum("v").over(W.partitionBy("k").orderBy("v")),
         'sum(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', True,
         [1, 5, 5, 9, None, 16, 6, 6, None, 16, 5, 2, 2, None]),
        (lambda: F.sum("x").over(W.partitionBy("k").orderBy("v")),
         'sum(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [8.5, 11.0, 11.0, 10.0, 7.5, 13.0, 0.75, 0.75, None, 2.75, None, 4.0, 4.0, 7.5]),
        (lambda: F.count("x").over(W.partitionBy("k").orderBy("v")),
         'count(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', False,
         [3, 4, 4, 5, 2, 6, 2, 2, 0, 3, 0, 2, 2, 2]),
        (lambda: F.max("x").over(W.partitionBy("k").orderBy("v")),
         'max(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 0.5, 0.5, None, 2.0, None, 2.5, 2.5, 7.0]),
        (lambda: F.min("v").over(W.partitionBy("k").orderBy(F.desc("v"))),
         'min(v) OVER (PARTITION BY k ORDER BY v DESC NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', True,
         [1, 2, 2, 4, 1, 7, 3, 3, 3, 10, 5, 1, 1, 1]),
        (lambda: F.avg("id").over(W.partitionBy("k").orderBy("v")),
         'avg(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [6.666666666666667, 5.0, 5.0, 4.833333333333333, 9.5, 5.0, 8.0, 8.0, 9.0, 8.5, 11.0, 12.5, 12.5, 9.5]),
        (lambda: F.first("id").over(W.partitionBy("k").orderBy("v", "id")),
         'first(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', True,
         [5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 11, 12, 12, 5]),
        (lambda: F.last("id").over(W.partitionBy("k").orderBy("v", "id")),
         'last(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', True,
         [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
        (lambda: F.last("x", True).over(W.partitionBy("k").orderBy("v", "id")),
         'last(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [1.0, 2.5, 2.5, -1.0, 7.0, 3.0, 0.5, 0.25, None, 2.0, None, 1.5, 2.5, 0.5]),
        (lambda: F.collect_list("id").over(W.partitionBy("k").orderBy("v", "id")),
         'collect_list(id) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'array<int>', False,
         [[5, 14, 1], [5, 14, 1, 2], [5, 14, 1, 2, 3], [5, 14, 1, 2, 3, 4], [5], [5, 14, 1, 2, 3, 4, 6], [9, 7], [9, 7, 8], [9], [9, 7, 8, 10], [11], [12], [12, 13], [5, 14]]),
        (lambda: F.sum("v").over(W.partitionBy("k")),
         'sum(v) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'bigint', True,
         [16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 5, 2, 2, 16]),
        (lambda: F.count("*").over(W.partitionBy("k")),
         'count(1) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'bigint', False,
         [7, 7, 7, 7, 7, 7, 4, 4, 4, 4, 1, 2, 2, 7]),
        (lambda: F.max("k").over(W.partitionBy("v")),
         'max(k) OVER (PARTITION BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'string', True,
         ['a', 'a', 'a', 'a', 'b', 'a', 'b', 'b', 'b', 'b', 'c', 'a', 'a', 'b']),
        (lambda: F.sum("id").over(W.orderBy("k")),
         'sum(id) OVER (ORDER BY k ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', True,
         [60, 60, 60, 60, 60, 60, 94, 94, 94, 94, 105, 25, 25, 60]),
        (lambda: F.count("v").over(W.partitionBy()),
         'count(v) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'bigint', False,
         [11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11]),
        (lambda: F.sum("id").over(W.orderBy("v")),
         'sum(id) OVER (ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', True,
         [54, 59, 59, 78, 28, 95, 74, 74, 28, 105, 89, 54, 54, 28]),
        (lambda: F.sum("v").over(W.partitionBy("k", "x")),
         'sum(v) OVER (PARTITION BY k, x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'bigint', True,
         [1, 2, 2, 4, None, 7, 3, 3, None, 10, 5, 1, 1, None]),
        (lambda: F.sum(F.col("v") + 1).over(W.partitionBy(F.upper("k")).orderBy(F.col("v") * -1)),
         'sum((v + 1)) OVER (PARTITION BY upper(k) ORDER BY (v * -1) ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', True,
         [21, 19, 19, 13, None, 8, 19, 19, None, 11, 6, 4, 4, None]),
    ],
    'expressions': [
        (lambda: (F.sum("v").over(W.partitionBy("k").orderBy("v")) / 2),
         '(sum(v) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) / 2)',
         'double', True,
         [0.5, 2.5, 2.5, 4.5, None, 8.0, 3.0, 3.0, None, 8.0, 2.5, 1.0, 1.0, None]),
        (lambda: F.row_number().over(W.partitionBy("k").orderBy("v", "id")) + F.rank().over(W.orderBy("v")),
         '(row_number() OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) + RANK() OVER (ORDER BY v ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))',
         'int', False,
         [7, 11, 12, 17, 2, 20, 11, 12, 2, 18, 13, 5, 6, 3]),
        (lambda: F.col("v") - F.lag("v").over(W.partitionBy("k").orderBy("v", "id")),
         '(v - lag(v, 1, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING))',
         'int', True,
         [None, 1, 0, 2, None, 3, None, 0, None, 7, None, None, 0, None]),
        (lambda: F.when(F.row_number().over(W.partitionBy("k").orderBy("id")) == 1, "first").otherwise("other"),
         'CASE WHEN (row_number() OVER (PARTITION BY k ORDER BY id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) = 1) THEN first ELSE other END',
         'string', False,
         ['first', 'other', 'other', 'other', 'other', 'other', 'first', 'other', 'other', 'other', 'first', 'first', 'other', 'other']),
        (lambda: F.max(F.lag("v").over(W.partitionBy("k").orderBy("v", "id"))).over(W.partitionBy("k")),
         'max(lag(v, 1, NULL) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'int', True,
         [4, 4, 4, 4, 4, 4, 3, 3, 3, 3, None, 1, 1, 4]),
        (lambda: F.coalesce(F.lead("x").over(W.orderBy("id")), F.lit(-9.0)),
         'coalesce(lead(x, 1, NULL) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING), -9.0)',
         'double', False,
         [2.5, -9.0, -1.0, 7.0, 3.0, 0.5, 0.25, -9.0, 2.0, -9.0, 1.5, 2.5, 0.5, -9.0]),
        (lambda: F.sum("id").over(W.partitionBy("k")) * 100 + F.count("*").over(W.partitionBy("k")),
         '((sum(id) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) * 100) + count(1) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))',
         'bigint', True,
         [3507, 3507, 3507, 3507, 3507, 3507, 3404, 3404, 3404, 3404, 1101, 2502, 2502, 3507]),
    ],
    'stats': [
        (lambda: F.stddev("x").over(W.partitionBy("k")),
         'stddev(x) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'double', True,
         [2.7688746209726918, 2.7688746209726918, 2.7688746209726918, 2.7688746209726918, 2.7688746209726918, 2.7688746209726918, 0.9464847243000457, 0.9464847243000457, 0.9464847243000457, 0.9464847243000457, None, 0.7071067811865476, 0.7071067811865476, 2.7688746209726918]),
        (lambda: F.var_pop("x").over(W.partitionBy("k").orderBy("v", "id")),
         'var_pop(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'double', True,
         [8.722222222222223, 6.5625, 6.5625, 7.5, 0.0, 6.388888888888889, 0.0, 0.015625, None, 0.5972222222222223, None, 0.0, 0.25, 10.5625]),
        (lambda: F.stddev_pop("id").over(W.orderBy("id").rowsBetween(-2, 2)),
         'stddev_pop(id) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN -2 FOLLOWING AND 2 FOLLOWING)',
         'double', True,
         [0.816496580927726, 1.118033988749895, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.4142135623730951, 1.118033988749895, 0.816496580927726]),
        (lambda: F.variance("x").over(W.orderBy("id").rowsBetween(W.unboundedPreceding, 1)),
         'variance(x) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)',
         'double', True,
         [1.125, 1.125, 3.0833333333333335, 11.5625, 8.75, 7.666666666666667, 6.913690476190477, 6.913690476190477, 5.9274553571428585, 5.9274553571428585, 5.204861111111112, 4.667361111111111, 4.385227272727272, 4.385227272727272]),
    ],
    'fallback': [
        (lambda: F.product("x").over(W.partitionBy("k").orderBy("v", "id").rowsBetween(-1, 1)),
         'product(x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)',
         'double', True,
         [1.25, 2.5, -2.5, -3.0, 3.5, -3.0, 0.125, 0.25, 0.5, 0.5, None, 3.75, 3.75, 3.5]),
        (lambda: F.max_by("id", "x").over(W.partitionBy("k")),
         'max_by(id, x) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'int', True,
         [5, 5, 5, 5, 5, 5, 10, 10, 10, 10, None, 13, 13, 5]),
        (lambda: F.min_by("id", "x").over(W.partitionBy("k").orderBy("v", "id")),
         'min_by(id, x) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'int', True,
         [14, 14, 14, 4, 5, 4, 7, 8, None, 8, None, 12, 12, 14]),
        (lambda: F.median("x").over(W.partitionBy("k")),
         'median(x) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'double', True,
         [1.75, 1.75, 1.75, 1.75, 1.75, 1.75, 0.5, 0.5, 0.5, 0.5, None, 2.0, 2.0, 1.75]),
        (lambda: F.count_if(F.col("x") > 1).over(W.partitionBy("k").orderBy("v")),
         'count_if((x > 1)) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'bigint', False,
         [1, 2, 2, 2, 1, 3, 0, 0, 0, 1, 0, 2, 2, 1]),
        (lambda: F.bool_and(F.col("x") > 0).over(W.orderBy("id").rowsBetween(-2, 0)),
         'bool_and((x > 0)) OVER (ORDER BY id ASC NULLS FIRST ROWS BETWEEN -2 FOLLOWING AND CURRENT ROW)',
         'boolean', True,
         [True, True, True, False, False, False, True, True, True, True, True, True, True, True]),
        (lambda: F.sum(F.col("x").cast("decimal(10,2)")).over(W.partitionBy("k").orderBy("v", "id")),
         'sum(CAST(x AS DECIMAL(10,2))) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST, id ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
         'decimal(20,2)', True,
         [8.5, 11.0, 11.0, 10.0, 7.0, 13.0, 0.5, 0.75, None, 2.75, None, 1.5, 4.0, 7.5]),
        (lambda: F.skewness("id").over(W.partitionBy("k")),
         'skewness(id) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
         'double', True,
         [1.4062500000000002, 1.4062500000000002, 1.4062500000000002, 1.4062500000000002, 1.4062500000000002, 1.4062500000000002, 0.0, 0.0, 0.0, 0.0, None, 0.0, 0.0, 1.4062500000000002]),
    ],
}


@pytest.mark.parametrize("group", list(CASES))
def test_recorded_cases(df, group):
    cases = CASES[group]
    cols = [make() for make, *_ in cases]
    # all columns of a group in one select: several window specs side by side
    unnamed = df.select(*cols)
    fields = unnamed.schema.fields
    rows = df.select("id", *[c.alias(f"c{i}") for i, c in enumerate(cols)]).orderBy("id") \
        .collect()
    assert [r[0] for r in rows] == list(range(1, 15))
    problems = []
    for i, (_, name, type_, nullable, expected) in enumerate(cases):
        f = fields[i]
        got = [float(v) if type(v).__name__ == "Decimal" else v for v in (r[i + 1] for r in rows)]
        if f.name != name:
            problems.append(f"name {f.name!r} != {name!r}")
        if f.dataType.simpleString() != type_ or f.nullable != nullable:
            problems.append(f"{name}: type {f.dataType.simpleString()} {f.nullable} != "
                            f"{type_} {nullable}")
        if not _same(got, expected):
            problems.append(f"{name}: {got} != {expected}")
    assert not problems, "\n".join(problems)


def test_windows_over_an_aggregate(df):
    # what GroupedData.agg / SQL GROUP BY with OVER should build (values from PySpark 4.3:
    # df.groupBy("k").agg(sum(v), rank().over(orderBy(desc(sum(v)))), sum(sum(v)).over(),
    #                     (max(x) - lag(max(x)).over(orderBy(k))).alias("d")))
    from rayspark.sql.analyzer import ensure_named, resolve
    from rayspark.sql.window_planning import plan_windows_over_aggregate
    attrs = df._plan.output
    k = resolve(F.col("k")._expr, attrs)
    cols = [F.col("k"), F.sum("v"), F.rank().over(W.orderBy(F.desc(F.sum("v")))),
            F.sum(F.sum("v")).over(W.partitionBy()),
            (F.max("x") - F.lag(F.max("x")).over(W.orderBy("k"))).alias("d")]
    named = [ensure_named(resolve(c._expr, attrs)) for c in cols]
    out = df._with(plan_windows_over_aggregate([k], named, df._plan))
    assert out.columns == [
        "k", "sum(v)",
        "RANK() OVER (ORDER BY sum(v) DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND "
        "CURRENT ROW)",
        "sum(sum(v)) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)", "d"]
    rows = sorted((tuple(r) for r in out.collect()), key=lambda r: str(r[0]))
    assert rows == [(None, 2, 4, 39, None), ("a", 16, 1, 39, 4.5), ("b", 16, 1, 39, -5.0),
                    ("c", 5, 3, 39, None)]
    with pytest.raises(AnalysisException) as info:
        bad = [ensure_named(resolve(F.avg("v").over(W.partitionBy())._expr, attrs))]
        plan_windows_over_aggregate([k], bad, df._plan)
    assert info.value.getCondition() == "MISSING_AGGREGATION"


def test_nan_infinity_and_signed_zero(spark):
    # NaN sorts above every number and NaN = NaN; -0.0 = 0.0 (values from PySpark 4.3)
    nan, inf = float("nan"), float("inf")
    data = [(1, nan), (2, 1.0), (3, nan), (4, -0.0), (5, 0.0), (6, None), (7, inf), (8, -inf),
            (9, 2.0)]
    df = spark.createDataFrame(data, "id int, x double")
    cols = [F.rank().over(W.orderBy("x")), F.rank().over(W.orderBy(F.desc("x"))),
            F.count("*").over(W.partitionBy("x")),
            F.sum("id").over(W.orderBy("x").rangeBetween(-1, 1)),
            F.max("x").over(W.orderBy("id").rowsBetween(-1, 1)),
            F.min("x").over(W.orderBy("id").rowsBetween(-1, 1)),
            F.sum("x").over(W.orderBy("id").rowsBetween(-1, 0))]
    rows = [tuple(r) for r in df.select("id", *[c.alias(f"c{i}") for i, c in enumerate(cols)])
            .orderBy("id").collect()]
    expected = [(1, 8, 1, 2, 4, nan, 1.0, nan), (2, 5, 5, 1, 20, nan, 1.0, nan),
                (3, 8, 1, 2, 4, nan, -0.0, nan), (4, 3, 6, 2, 11, nan, -0.0, nan),
                (5, 3, 6, 2, 11, -0.0, -0.0, 0.0), (6, 1, 9, 1, 6, inf, 0.0, 0.0),
                (7, 7, 3, 1, 7, inf, -inf, inf), (8, 2, 8, 1, 8, inf, -inf, nan),
                (9, 6, 4, 1, 11, 2.0, -inf, -inf)]
    assert len(rows) == len(expected)
    for got, exp in zip(rows, expected):
        assert _same(list(got), list(exp)), (got, exp)


def test_lag_lead_ignore_nulls(df):
    # lag/lead ... IGNORE NULLS (SQL syntax; built here at expression level). Values from
    # PySpark 4.3 SQL over the same data.
    from rayspark.sql.column import Column, col_expr
    from rayspark.sql.expressions import window_functions as WFX
    from rayspark.sql.expressions.base import Literal
    from rayspark.sql.expressions.literals import lit_expr
    from rayspark.sql.types import NullType

    def off(cls, c, n, default=None):
        d = Literal(None, NullType()) if default is None else lit_expr(default)
        return Column(cls(col_expr(c), lit_expr(n), d, ignore_nulls=True))
    w = W.partitionBy("k").orderBy("v", "id")
    out = df.select("id", off(WFX.Lag, "x", 1).over(w).alias("a"),
                    off(WFX.Lead, "x", 2, -5.0).over(w).alias("b"),
                    off(WFX.Lag, "x", 2).over(W.orderBy("id")).alias("c"))
    assert out.schema.fields[1].nullable
    rows = [tuple(r) for r in out.orderBy("id").collect()]
    assert rows == [
        (1, 0.5, -1.0, None), (2, 1.0, 3.0, None), (3, 2.5, 3.0, 1.0), (4, 2.5, -5.0, 1.0),
        (5, None, 1.0, 2.5), (6, -1.0, -5.0, -1.0), (7, None, 2.0, 7.0), (8, 0.5, -5.0, 3.0),
        (9, None, 0.25, 0.5), (10, 0.25, -5.0, 0.5), (11, None, -5.0, 0.25),
        (12, None, -5.0, 0.25), (13, 1.5, -5.0, 2.0), (14, 7.0, 2.5, 1.5)]


# -- a medium data set: several partitions, groups of very different sizes --------------------
def medium_data():
    rows = []
    for i in range(1, 181):
        k = "big" if i > 100 else f"g{i % 6}"
        v = None if i % 11 == 0 else (i * 37) % 23
        x = None if i % 7 == 0 else ((i * 13) % 17) * 0.1 - 0.5
        rows.append((i, k, v, x))
    return rows


def medium_columns():
    wo = W.partitionBy("k").orderBy("v", "id")
    wv = W.partitionBy("k").orderBy("v")
    return {
        "rn": F.row_number().over(wo),
        "rk": F.rank().over(W.partitionBy("k").orderBy(F.desc("v"))),
        "s_rows": F.sum("x").over(wo.rowsBetween(-3, 2)),
        "a_range": F.avg("x").over(wv.rangeBetween(-2, 2)),
        "mn_rows": F.min("x").over(wo.rowsBetween(-5, 5)),
        "mx_range": F.max("v").over(wv.rangeBetween(-3, 0)),
        "s_run": F.sum("x").over(wv),
        "c_rows": F.count("x").over(wo.rowsBetween(W.unboundedPreceding, -2)),
        "lag3": F.lag("x", 3).over(wo),
        "first_ign": F.first("x", True).over(wo.rowsBetween(-4, -1)),
        "nth3": F.nth_value("x", 3, True).over(wo),
        "sd": F.stddev("x").over(wo.rowsBetween(-10, 0)),
        "nt": F.ntile(4).over(wo),
        "cd": F.cume_dist().over(wv),
        "mxby": F.max_by("x", "id").over(wo.rowsBetween(-2, 2)),
        "s_shrink": F.sum("x").over(wv.rangeBetween(1, W.unboundedFollowing)),
        "mn_shrink": F.min("id").over(W.partitionBy("k").orderBy(F.desc("id"))
                                      .rowsBetween(0, W.unboundedFollowing)),
        "s_all": F.sum("v").over(W.orderBy("id").rowsBetween(-50, 50)),
    }


def test_medium_data_set(spark):
    df = spark.createDataFrame(medium_data(), "id int, k string, v int, x double")
    cols = medium_columns()
    rows = df.select("id", *[c.alias(n) for n, c in cols.items()]).orderBy("id").collect()
    assert [r["id"] for r in rows] == list(range(1, 181))
    bad = []
    for n in cols:
        got = [r[n] for r in rows]
        exp = MEDIUM[n]
        for i, (g, e) in enumerate(zip(got, exp)):
            if isinstance(e, float):
                ok = isinstance(g, float) and abs(g - e) <= 1e-9 * max(1.0, abs(e))
            else:
                ok = g == e
            if not ok:
                bad.append(f"{n}[id={i + 1}]: {g!r} != {e!r}")
    assert not bad, "\n".join(bad[:20])


# -- analysis errors (conditions and messages as Spark 4.3 reports them) ---------------------
def _error(fn):
    with pytest.raises(AnalysisException) as info:
        fn()
    return info.value


def test_ranking_and_offsets_require_order(df):
    e = _error(lambda: df.select(F.rank().over(W.partitionBy("k"))))
    assert e.getCondition() == "WINDOW_FUNCTION_FRAME_NOT_ORDERED"
    assert str(e).startswith(
        "[WINDOW_FUNCTION_FRAME_NOT_ORDERED] Window function rank requires the window to be "
        "ordered. You need to add an ORDER BY clause. For example: SELECT RANK() OVER "
        "(PARTITION BY window_partition ORDER BY window_ordering) FROM table.")
    e = _error(lambda: df.select(F.lag("v").over(W.partitionBy("k"))))
    assert "SELECT lag(v, 1, NULL) OVER" in str(e)
    for f in (F.row_number(), F.dense_rank(), F.percent_rank(), F.cume_dist(), F.ntile(2),
              F.lead("v")):
        assert _error(lambda: df.select(f.over(W.partitionBy("k")))).getCondition() == \
            "WINDOW_FUNCTION_FRAME_NOT_ORDERED"
    # nth_value and aggregates do not need an order
    df.select(F.nth_value("v", 1).over(W.partitionBy("k")), F.sum("v").over(W.partitionBy("k")))


def test_frame_errors(df):
    w = W.partitionBy("k").orderBy("v")
    e = _error(lambda: df.select(F.row_number().over(w.rowsBetween(-1, 1))))
    assert e.getCondition() == "_LEGACY_ERROR_TEMP_1036"
    assert str(e).endswith("Window Frame specifiedwindowframe(RowFrame, -1, 1) must match the "
                      "required frame specifiedwindowframe(RowFrame, unboundedpreceding$(), "
                      "currentrow$()).")
    e = _error(lambda: df.select(F.lag("v").over(w.rowsBetween(-1, 1))))
    assert str(e).endswith("Cannot specify window frame for lag function.")
    # the frame a function requires anyway is accepted
    df.select(F.row_number().over(w.rowsBetween(W.unboundedPreceding, W.currentRow)))
    e = _error(lambda: df.select(F.sum("v").over(W.partitionBy("k").rangeBetween(-1, 1))))
    assert e.getCondition() == "DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER"
    assert "Cannot resolve \"(PARTITION BY k RANGE BETWEEN -1 FOLLOWING AND 1 FOLLOWING)\"" \
        in str(e)
    e = _error(lambda: df.select(F.sum("v").over(W.orderBy("v", "x").rangeBetween(-1, 1))))
    assert e.getCondition() == "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER"
    e = _error(lambda: df.select(F.sum("v").over(W.orderBy("k").rangeBetween(-1, 1))))
    assert e.getCondition() == "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE"
    e = _error(lambda: df.select(F.sum("v").over(W.orderBy(F.current_date())
                                                  .rangeBetween(-1, 1))))
    assert e.getCondition() == "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE"
    for frame in ("rowsBetween", "rangeBetween"):
        e = _error(lambda: df.select(F.sum("v").over(getattr(W.orderBy("v"), frame)(2, 1))))
        assert e.getCondition() == "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON"
        assert "The lower bound of a window frame must be less than or equal to the upper " \
            "bound." in str(e)
    e = _error(lambda: W.orderBy("v").rowsBetween(-10 ** 12, 1))
    assert str(e) == ("[INVALID_BOUNDARY.START] The boundary `start` is invalid: "
                      "-1000000000000L. Expected the value is '0', '-9223372036854775808L', "
                      "'[-2147483648, 2147483647]'. SQLSTATE: 22003")
    # range frames take any long
    df.select(F.sum("v").over(W.orderBy("v").rangeBetween(-10 ** 12, 1)))


def test_function_errors(df):
    w = W.partitionBy("k").orderBy("v")
    e = _error(lambda: df.select(F.upper("k").over(w)))
    assert str(e) == ("[UNSUPPORTED_EXPR_FOR_WINDOW] Expression \"upper(k)\" not supported "
                      "within a window function. SQLSTATE: 42P20")
    e = _error(lambda: df.select(F.ntile(0).over(w)))
    assert str(e) == ("[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"ntile(0)\" due "
                      "to data type mismatch: The buckets must be between (0, 2147483647] "
                      "(current value = 0). SQLSTATE: 42K09")
    e = _error(lambda: df.select(F.nth_value("v", 0).over(w)))
    assert e.getCondition() == "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE"


# -- API and planning ------------------------------------------------------------------------
def test_window_spec_is_immutable_and_reusable(df):
    base = W.partitionBy("k")
    ordered = base.orderBy("v")
    framed = ordered.rowsBetween(-1, 0)
    assert base is not ordered and ordered is not framed
    names = df.select(F.count("*").over(base), F.count("*").over(ordered),
                      F.count("*").over(framed)).columns
    assert names == [
        "count(1) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED "
        "FOLLOWING)",
        "count(1) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST RANGE BETWEEN UNBOUNDED "
        "PRECEDING AND CURRENT ROW)",
        "count(1) OVER (PARTITION BY k ORDER BY v ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING "
        "AND CURRENT ROW)"]
    assert W.unboundedPreceding == -(1 << 63) and W.unboundedFollowing == (1 << 63) - 1
    assert W.currentRow == 0


def test_over_without_spec_and_lists(df):
    rows = df.select("id", F.count("*").over().alias("n"),
                     F.sum("id").over(W.partitionBy(["k"]).orderBy(["id"])).alias("s")) \
        .orderBy("id").collect()
    assert {r.n for r in rows} == {14}
    assert [r.s for r in rows] == [1, 3, 6, 10, 15, 21, 7, 15, 24, 34, 11, 12, 25, 35]


def test_top_n_per_group_with_filter(df):
    w = W.partitionBy("k").orderBy(F.desc("x"), "id")
    out = df.withColumn("rn", F.row_number().over(w)).filter(F.col("rn") <= 2) \
        .select("k", "id", "rn").orderBy("k", "rn").collect()
    assert [tuple(r) for r in out] == [
        (None, 13, 1), (None, 12, 2), ("a", 5, 1), ("a", 6, 2), ("b", 10, 1), ("b", 7, 2),
        ("c", 11, 1)]


def test_same_window_twice_and_with_column(df):
    w = W.partitionBy("k").orderBy("id")
    out = df.select("id", F.row_number().over(w).alias("a"), F.row_number().over(w).alias("b"),
                    (F.row_number().over(w) * 10).alias("c")).orderBy("id").collect()
    assert all(r.a == r.b and r.c == 10 * r.a for r in out)
    df2 = df.withColumn("prev", F.lag("id").over(w)).withColumn(
        "gap", F.col("id") - F.col("prev"))
    assert df2.columns == ["id", "k", "v", "x", "prev", "gap"]
    got = {r.id: r.gap for r in df2.collect()}
    assert got[2] == 1 and got[14] == 8 and got[1] is None and got[13] == 1


def test_windows_grouped_by_spec(df):
    w1 = W.partitionBy("k").orderBy("v")
    w2 = W.partitionBy("k").orderBy("v").rowsBetween(-1, 1)
    w3 = W.orderBy("id")
    plan = df.select(F.sum("v").over(w1), F.max("v").over(w2), F.row_number().over(w3),
                     F.min("v").over(w1))._plan
    text = plan.tree_string()
    # w1 and w2 share PARTITION BY / ORDER BY: one Window operator; w3 gets its own
    assert text.count("Window [") == 2


def test_collect_set_over_window(df):
    rows = df.select("id", F.collect_set("v").over(W.partitionBy("k")).alias("s")) \
        .orderBy("id").collect()
    got = {r.id: sorted(r.s) for r in rows}
    assert got[1] == [1, 2, 4, 7] and got[9] == [3, 10] and got[12] == [1] and got[11] == [5]


def test_empty_input_and_single_partition(spark):
    empty = spark.createDataFrame([], "k string, v int")
    assert empty.select(F.row_number().over(W.orderBy("v"))).collect() == []
    df = spark.range(0, 50, 1, 4)
    rows = df.select("id", F.sum("id").over(W.orderBy("id")).alias("s"),
                     F.lag("id", 10).over(W.orderBy("id")).alias("l")).orderBy("id").collect()
    assert [r.s for r in rows] == [i * (i + 1) // 2 for i in range(50)]
    assert [r.l for r in rows] == [None] * 10 + list(range(40))


def test_types_of_window_results(spark):
    df = spark.createDataFrame([("a", datetime.date(2024, 1, d), float(d)) for d in (3, 1, 2)],
                               "k string, d date, f float")
    w = W.partitionBy("k").orderBy("d")
    out = df.select("d", F.min("d").over(w).alias("mn"), F.max("f").over(w).alias("mx"),
                    F.first("d").over(W.partitionBy("k")).alias("fst"),
                    F.lag("f", 1, 9).over(w).alias("lg")).orderBy("d")
    assert [f.dataType.simpleString() for f in out.schema.fields] == \
        ["date", "date", "float", "date", "float"]
    rows = out.collect()
    assert [r.mn for r in rows] == [datetime.date(2024, 1, 1)] * 3
    assert [r.mx for r in rows] == [1.0, 2.0, 3.0]
    assert [r.lg for r in rows] == [9.0, 1.0, 2.0]


MEDIUM = {
    'rn': [
        12, 7, 16, 10, 4, 11, 7, 17, 10, 5, 1, 5, 17, 12, 5, 14, 9, 16, 11, 6, 15, 1, 3, 10, 6,
        16, 9, 4, 13, 4, 16, 11, 1, 13, 8, 15, 10, 5, 14, 9, 16, 9, 5, 1, 8, 3, 12, 3, 15, 10, 4,
        12, 7, 14, 1, 4, 13, 8, 15, 8, 4, 15, 7, 17, 11, 1, 14, 9, 3, 11, 6, 13, 9, 3, 12, 7, 2,
        7, 3, 14, 6, 16, 10, 2, 13, 8, 17, 2, 5, 12, 8, 2, 11, 6, 14, 6, 2, 13, 2, 15, 41, 13, 58,
        29, 74, 45, 17, 62, 33, 1, 49, 20, 65, 36, 8, 53, 23, 68, 39, 11, 2, 26, 71, 42, 14, 59,
        30, 75, 46, 18, 63, 3, 78, 50, 21, 66, 37, 9, 54, 24, 69, 40, 4, 56, 27, 72, 43, 15, 60,
        31, 76, 47, 19, 5, 34, 79, 51, 22, 67, 38, 10, 55, 25, 70, 6, 12, 57, 28, 73, 44, 16, 61,
        32, 77, 48, 7, 64, 35, 80, 52
    ],
    'rk': [
        6, 11, 2, 8, 13, 6, 11, 1, 8, 13, 15, 12, 1, 6, 13, 4, 8, 1, 7, 12, 3, 16, 14, 7, 12, 2,
        9, 14, 4, 13, 2, 7, 16, 5, 9, 2, 8, 13, 4, 9, 1, 8, 13, 17, 10, 15, 5, 14, 3, 8, 14, 6,
        10, 3, 17, 14, 5, 10, 2, 9, 14, 3, 11, 1, 6, 16, 4, 9, 15, 7, 11, 4, 9, 15, 6, 11, 15, 10,
        15, 4, 12, 2, 7, 15, 5, 10, 1, 16, 12, 5, 10, 16, 7, 12, 3, 11, 16, 5, 16, 3, 37, 65, 20,
        49, 4, 33, 62, 17, 46, 74, 29, 59, 14, 43, 71, 26, 56, 11, 41, 69, 74, 53, 8, 37, 65, 20,
        49, 4, 33, 62, 17, 74, 1, 29, 59, 14, 43, 71, 26, 56, 11, 41, 74, 24, 53, 8, 37, 65, 20,
        49, 4, 33, 62, 74, 46, 1, 29, 59, 14, 43, 71, 26, 56, 11, 74, 69, 24, 53, 8, 37, 65, 20,
        49, 4, 33, 74, 17, 46, 1, 29
    ],
    's_rows': [
        1.5, 0.3, 1.8, 0.7, 1.2, 2.1, 2.2, 0.7, 1.6, 1.1, 0.7, 2.4, 1.7, -0.5, 2.4, 1.2, 0.9, 0.8,
        1.6, 1.3, 1.9, 0.7, 1.2, 3.1, 1.5, 0.7, 2.6, 2.3, 2.2, 2.1, 1.2, 0.5, 1.4, 0.1, -0.2, 1.7,
        2.1, 0.6, 1.2, 0.9, 0.2, 2.4, 1.3, 1.2, 3.2, 1.3, 2.0, 1.9, 2.0, 0.9, 2.3, 0.3, 0.4, 2.2,
        -0.4, 0.8, 2.2, 1.5, 1.3, 1.7, 0.9, 0.7, 1.7, 2.0, 1.4, 1.0, 1.3, 0.9, 1.2, 0.5, 1.4, 1.5,
        1.0, 0.8, 2.8, 1.9, 1.6, 2.7, 1.2, 1.3, 1.9, 1.5, 2.0, 2.1, 0.6, 0.2, 1.3, 0.7, 1.4, 1.1,
        1.6, 1.2, 2.1, 1.2, 2.0, 3.4, 0.2, 0.2, 0.9, 2.3, 1.4, 1.7, 3.3, 1.8, 1.4, 0.5, 1.7, 1.9,
        0.6, 1.2, 1.4, 1.4, 0.6, 0.9, 1.8, 2.2, 1.7, 1.2, 1.1, 2.9, 1.3, 1.9, 1.1, 0.8, 2.5, 2.7,
        1.8, 1.4, -0.4, 1.2, 2.1, 1.3, 1.9, 1.4, 0.8, 0.0, 0.8, 2.6, 1.6, 1.7, 0.6, 2.2, 1.1, 2.9,
        2.0, 1.2, 0.4, 2.6, 3.5, 0.9, 0.8, 0.6, 1.3, 1.9, 0.7, 0.9, 2.2, 0.6, 1.1, 0.9, 3.9, 2.7,
        2.8, 1.7, 2.6, 2.3, 2.2, 1.7, 1.3, 0.5, 1.7, 2.6, 1.3, 0.9, 1.4, 1.9, 0.5, 0.8, 0.6, 2.2
    ],
    'a_range': [
        0.4, 0.0, 0.45, 0.05, 0.7, 0.3, 0.35, 0.35, 0.6, 0.2, 0.2, 0.5333333333, 0.9, 0.1, -0.1,
        0.0666666667, -0.05, 0.4, 0.4, 0.0, 0.4666666667, 0.45, 0.7, 0.5333333333, 0.4333333333,
        0.3, 0.6, 0.2, 0.5333333333, 0.5333333333, 0.5666666667, -0.1, 0.3, 0.0666666667,
        -0.0333333333, 0.2, 0.525, 0.125, 0.375, -0.025, -0.1, 0.55, 0.375, 0.6, 0.725, 0.2,
        0.475, 0.5333333333, 0.3, 0.125, 0.2, 0.0666666667, -0.125, 0.34, -0.4, 0.05, 0.3, 0.325,
        0.1333333333, 0.475, 0.26, 0.3333333333, 0.6333333333, 0.7, 0.475, 0.3, 0.0333333333,
        0.125, 0.15, 0.15, 0.0, 0.225, 0.45, 0.0666666667, 0.3, 0.325, 0.2, 0.6, 0.4, 0.0, 0.65,
        0.7, 0.7, 0.7, -0.3, 0.0666666667, 0.4, 0.45, 0.0, 0.1666666667, 0.9, 0.3, 0.1,
        0.2666666667, 0.15, 0.6, 0.2, 0.0, 0.3, 0.7, 0.2214285714, 0.4153846154, 0.3571428571,
        0.2571428571, 0.2727272727, 0.2928571429, 0.3692307692, 0.3071428571, 0.2461538462,
        0.2666666667, 0.2666666667, 0.3, 0.2666666667, 0.1785714286, 0.5, 0.4, 0.3153846154,
        0.1733333333, 0.1384615385, 0.4181818182, 0.2666666667, 0.2846153846, 0.2285714286,
        0.2214285714, 0.4153846154, 0.3571428571, 0.2571428571, 0.2727272727, 0.2928571429,
        0.3692307692, 0.3071428571, 0.2666666667, 0.25, 0.2666666667, 0.3, 0.2666666667,
        0.1785714286, 0.5, 0.4, 0.3153846154, 0.1733333333, 0.1384615385, 0.2666666667, 0.42,
        0.2846153846, 0.2285714286, 0.2214285714, 0.4153846154, 0.3571428571, 0.2571428571,
        0.2727272727, 0.2928571429, 0.3692307692, 0.2666666667, 0.2461538462, 0.25, 0.2666666667,
        0.3, 0.2666666667, 0.1785714286, 0.5, 0.4, 0.3153846154, 0.1733333333, 0.2666666667,
        0.4181818182, 0.42, 0.2846153846, 0.2285714286, 0.2214285714, 0.4153846154, 0.3571428571,
        0.2571428571, 0.2727272727, 0.2928571429, 0.2666666667, 0.3071428571, 0.2461538462, 0.25,
        0.2666666667
    ],
    'mn_rows': [
        -0.5, -0.5, -0.3, -0.5, -0.5, -0.4, -0.3, -0.3, -0.3, -0.4, -0.4, -0.2, -0.5, -0.5, -0.5,
        -0.5, -0.5, -0.4, -0.5, -0.5, -0.3, -0.2, -0.4, -0.4, -0.4, -0.3, -0.5, -0.3, -0.5, -0.2,
        -0.5, -0.5, -0.5, -0.5, -0.5, -0.4, -0.5, -0.5, -0.3, -0.5, -0.3, -0.4, -0.4, -0.4, -0.5,
        -0.3, -0.5, -0.2, -0.5, -0.5, -0.5, -0.5, -0.5, -0.4, -0.4, -0.5, -0.3, -0.5, -0.3, -0.4,
        -0.4, -0.3, -0.5, -0.5, -0.5, -0.2, -0.5, -0.5, -0.5, -0.5, -0.5, -0.4, -0.5, -0.4, -0.3,
        -0.4, -0.4, -0.2, -0.4, -0.5, -0.5, -0.5, -0.5, -0.2, -0.5, -0.5, 0.0, -0.3, -0.5, -0.4,
        -0.5, -0.4, -0.3, -0.4, -0.5, -0.2, -0.4, -0.5, -0.5, -0.5, -0.5, -0.5, -0.3, -0.3, -0.4,
        -0.5, -0.5, -0.5, -0.3, -0.3, -0.5, -0.5, -0.5, -0.3, -0.5, -0.4, -0.5, -0.5, -0.5, -0.5,
        -0.3, -0.3, -0.5, -0.5, -0.5, -0.3, -0.3, -0.4, -0.5, -0.5, -0.5, -0.3, -0.4, -0.4, -0.5,
        -0.5, -0.3, -0.5, -0.4, -0.5, -0.5, -0.5, -0.3, -0.4, -0.3, -0.4, -0.5, -0.5, -0.3, -0.3,
        -0.4, -0.5, -0.5, -0.3, -0.3, -0.4, -0.4, -0.5, -0.5, -0.3, -0.5, -0.4, -0.3, -0.5, -0.3,
        -0.5, -0.3, -0.3, -0.4, -0.5, -0.5, -0.5, -0.3, -0.4, -0.5, -0.2, -0.5, -0.3, -0.4, -0.4
    ],
    'mx_range': [
        14, 5, 19, 10, 1, 15, 6, 20, 11, 2, None, 7, 21, 12, 3, 17, 8, 22, 13, 4, 18, None, 0, 14,
        5, 19, 10, 1, 15, 6, 20, 11, None, 16, 7, 21, 12, 3, 17, 8, 22, 13, 4, None, 9, 0, 14, 5,
        19, 10, 1, 15, 6, 20, None, 2, 16, 7, 21, 12, 3, 17, 8, 22, 13, None, 18, 9, 0, 14, 5, 19,
        10, 1, 15, 6, None, 11, 2, 16, 7, 21, 12, 3, 17, 8, 22, None, 4, 18, 9, 0, 14, 5, 19, 10,
        1, 15, None, 20, 11, 2, 16, 7, 21, 12, 3, 17, 8, None, 13, 4, 18, 9, 0, 14, 5, 19, 10, 1,
        None, 6, 20, 11, 2, 16, 7, 21, 12, 3, 17, None, 22, 13, 4, 18, 9, 0, 14, 5, 19, 10, None,
        15, 6, 20, 11, 2, 16, 7, 21, 12, 3, None, 8, 22, 13, 4, 18, 9, 0, 14, 5, 19, None, 1, 15,
        6, 20, 11, 2, 16, 7, 21, 12, None, 17, 8, 22, 13
    ],
    's_run': [
        3.0, 1.2, 5.3, 2.2, 1.6, 4.3, 0.9, 2.4, 4.1, 1.3, 0.2, 1.9, 4.2, 1.7, 1.2, 2.4, 1.1, 6.0,
        2.2, 0.8, 5.3, 0.9, 0.7, 3.8, 0.9, 2.7, 3.1, 0.7, 3.0, 2.1, 3.1, 1.7, 0.6, 2.5, 1.6, 5.2,
        1.8, 0.8, 5.3, 2.6, 3.4, 3.7, 1.2, 0.6, 2.5, 0.7, 3.2, 1.0, 2.4, 1.4, 0.9, 3.0, 1.6, 4.8,
        -0.4, 1.2, 4.4, 2.1, 3.3, 3.7, 0.2, 1.7, 2.3, 4.5, 2.1, 0.3, 2.4, 1.5, 1.4, 2.2, 1.2, 4.8,
        1.8, 1.2, 3.9, 2.0, 0.2, 2.7, -0.4, 1.5, 2.3, 3.4, 1.4, 0.3, 2.5, 2.0, 5.7, 0.9, 1.2, 5.2,
        0.9, 0.7, 3.8, 2.3, 3.6, 2.1, -0.6, 1.7, 0.6, 2.7, 11.4, 5.6, 17.4, 9.7, 20.0, 11.5, 6.2,
        17.8, 9.9, 1.6, 13.0, 7.0, 18.0, 10.6, 3.1, 14.7, 7.9, 19.0, 11.1, 5.0, 1.6, 8.9, 19.1,
        11.4, 5.6, 17.4, 9.7, 20.0, 11.5, 6.2, 17.8, 1.6, 21.0, 13.0, 7.0, 18.0, 10.6, 3.1, 14.7,
        7.9, 19.0, 11.1, 1.6, 15.1, 8.9, 19.1, 11.4, 5.6, 17.4, 9.7, 20.0, 11.5, 6.2, 1.6, 9.9,
        21.0, 13.0, 7.0, 18.0, 10.6, 3.1, 14.7, 7.9, 19.0, 1.6, 5.0, 15.1, 8.9, 19.1, 11.4, 5.6,
        17.4, 9.7, 20.0, 11.5, 1.6, 17.8, 9.9, 21.0, 13.0
    ],
    'c_rows': [
        8, 4, 13, 7, 1, 7, 5, 12, 7, 3, 0, 2, 12, 9, 3, 10, 6, 12, 7, 3, 12, 0, 1, 7, 4, 11, 6, 2,
        9, 1, 12, 8, 0, 9, 5, 11, 6, 3, 11, 6, 12, 6, 3, 0, 6, 1, 8, 1, 11, 7, 2, 9, 4, 10, 0, 2,
        10, 5, 11, 5, 2, 10, 5, 13, 7, 0, 10, 6, 1, 8, 3, 9, 6, 1, 9, 4, 0, 4, 1, 10, 4, 12, 6, 0,
        9, 5, 13, 0, 2, 8, 6, 0, 8, 3, 10, 3, 0, 10, 0, 11, 33, 9, 48, 23, 63, 36, 13, 51, 26, 0,
        40, 16, 54, 29, 5, 43, 18, 57, 32, 8, 0, 20, 60, 34, 10, 49, 23, 64, 37, 14, 52, 1, 66,
        40, 17, 55, 30, 6, 44, 19, 58, 33, 2, 46, 21, 61, 35, 11, 50, 24, 64, 38, 15, 3, 27, 67,
        41, 17, 56, 31, 7, 45, 20, 59, 4, 8, 47, 22, 62, 36, 12, 50, 25, 65, 39, 4, 53, 28, 67, 42
    ],
    'lag3': [
        0.9, None, 0.5, -0.3, 0.2, 1.0, 0.6, -0.2, None, 0.0, None, None, -0.1, -0.5, 0.7, None,
        0.0, -0.4, None, 0.5, 0.1, None, None, 0.6, 0.2, None, 1.1, 0.9, 0.3, 0.3, -0.5, 0.8,
        None, -0.4, -0.4, 0.9, None, 0.1, -0.3, 1.0, -0.2, 0.2, -0.2, None, 0.3, None, -0.5, None,
        0.8, 0.4, -0.1, 0.5, 0.9, 0.5, None, 0.6, 1.0, 0.6, 1.1, -0.2, -0.4, None, -0.5, -0.1,
        None, None, 0.4, 0.0, None, 0.1, 0.5, 0.1, -0.3, None, 0.6, None, None, 1.1, None, 0.3,
        0.8, -0.5, 0.4, None, 0.0, -0.4, 0.9, None, None, None, 1.0, None, 0.2, -0.2, 0.7, 0.7,
        None, -0.1, None, 0.8, 0.1, None, 1.0, 0.0, -0.4, 0.9, 0.5, None, -0.3, None, 0.6, 0.9,
        0.5, 0.1, None, 0.3, None, 0.2, -0.2, 1.1, None, 0.3, -0.1, None, 0.8, -0.3, 1.0, 0.6,
        None, -0.2, 1.1, None, 1.0, -0.1, 0.2, -0.2, 0.4, -0.2, -0.4, -0.1, -0.5, 0.8, -0.3, 0.7,
        None, 0.9, 0.5, 1.1, 0.7, None, -0.1, -0.5, 0.8, 0.4, 0.7, 0.3, None, -0.5, 0.1, -0.3,
        0.5, 0.6, 0.9, 0.5, 1.1, 0.4, 0.0, 0.6, 0.2, -0.1, -0.5, 0.8, 0.4, None, -0.4, 0.1, 0.4,
        0.0, -0.4, 1.0
    ],
    'first_ign': [
        0.9, 0.5, 0.1, 1.0, 0.2, 0.6, 0.2, -0.2, 1.1, 0.9, None, 0.3, -0.5, 0.8, -0.1, -0.4, -0.4,
        0.9, 0.9, 0.1, -0.3, None, 0.2, 0.2, -0.2, -0.2, 0.3, 0.9, -0.5, 0.3, 0.8, 0.4, None, 0.5,
        0.9, 0.5, -0.3, 0.6, 1.0, 0.6, 1.1, -0.2, -0.4, None, -0.5, 0.9, -0.5, 0.3, 0.4, 0.0,
        -0.1, 0.1, 0.5, 0.1, None, 0.6, 0.6, 0.6, 0.7, 1.1, -0.4, 0.3, 0.8, -0.5, 0.4, None, 0.0,
        -0.4, -0.1, -0.3, 0.5, 0.1, 1.0, 0.6, 0.2, -0.2, 0.2, 0.7, -0.4, -0.1, 0.7, 0.8, 0.0, 0.3,
        0.9, -0.4, 0.5, 0.9, 0.2, 1.0, 0.6, 0.6, 0.2, 0.0, 0.3, 0.7, -0.4, -0.5, -0.1, 0.8, 0.8,
        0.4, 0.0, 0.6, 0.2, -0.1, -0.5, 0.8, 0.4, None, -0.4, 0.8, 0.4, 0.0, 0.1, 1.0, -0.5, 0.1,
        -0.3, 0.5, -0.3, 0.9, 0.5, 0.1, 0.8, 1.0, 0.0, -0.4, 0.9, 0.5, 1.1, -0.3, 1.0, 0.6, 0.9,
        0.5, 0.1, -0.2, 0.3, -0.1, 0.2, -0.2, -0.3, 0.6, 0.3, -0.1, 0.5, 0.8, -0.3, 1.0, 0.6,
        -0.5, -0.2, -0.3, -0.3, 1.0, -0.1, 0.2, -0.2, 0.4, -0.2, -0.4, -0.1, -0.5, 0.4, 1.1, 0.7,
        0.6, 0.9, 0.5, 1.1, 0.7, 0.4, -0.1, -0.5, 1.1, 1.1, 0.7, 0.3, 1.0
    ],
    'nth3': [
        0.2, 0.5, 0.8, -0.2, 0.9, 1.1, 0.2, 0.5, 0.8, -0.2, None, 1.1, 0.2, 0.5, 0.8, -0.2, 0.9,
        1.1, 0.2, 0.5, 0.8, None, None, 1.1, 0.2, 0.5, 0.8, -0.2, 0.9, 1.1, 0.2, 0.5, None, -0.2,
        0.9, 1.1, 0.2, 0.5, 0.8, -0.2, 0.9, 1.1, 0.2, None, 0.8, -0.2, 0.9, None, 0.2, 0.5, 0.8,
        -0.2, 0.9, 1.1, None, 0.5, 0.8, -0.2, 0.9, 1.1, 0.2, 0.5, 0.8, -0.2, 0.9, None, 0.2, 0.5,
        0.8, -0.2, 0.9, 1.1, 0.2, 0.5, 0.8, -0.2, None, 1.1, 0.2, 0.5, 0.8, -0.2, 0.9, None, 0.2,
        0.5, 0.8, None, 0.9, 1.1, 0.2, None, 0.8, -0.2, 0.9, 1.1, None, 0.5, None, -0.2, 1.1, 1.1,
        1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, None, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1,
        None, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1,
        1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1,
        1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1,
        1.1, 1.1, 1.1, 1.1, 1.1, 1.1
    ],
    'sd': [
        0.4816061092, 0.3741657387, 0.4876246279, 0.5222813205, 0.3511884584, 0.4236088342,
        0.5576737397, 0.504424865, 0.5270462767, 0.5123475383, None, 0.5560275773, 0.5617256575,
        0.4236088342, 0.5458937626, 0.5532730891, 0.4995235826, 0.4408325457, 0.515051238,
        0.4037325848, 0.4621808208, None, 0.2121320344, 0.4527692569, 0.5576737397, 0.4781329429,
        0.5194433834, 0.5859465277, 0.5452828012, 0.4, 0.5343554194, 0.4270050741, None,
        0.5607534614, 0.4457203907, 0.4557045827, 0.5470701183, 0.4546060566, 0.5363456597,
        0.4949747468, 0.4962078418, 0.4608480795, 0.5727128425, None, 0.5533448077, 0.5859465277,
        0.55, 0.2828427125, 0.58002463, 0.4503085362, 0.6291528696, 0.5074445783, 0.4457203907,
        0.5202563471, None, 0.2645751311, 0.5266244709, 0.5291502622, 0.5334374898, 0.4608480795,
        0.4434711565, 0.4126472801, 0.6013872851, 0.549343042, 0.469041576, None, 0.5532730891,
        0.4703721931, 0.4932882862, 0.5222813205, 0.4929503018, 0.5104464277, 0.5826867164,
        0.2645751311, 0.5354126135, 0.5715476066, None, 0.450555213, 0.3055050463, 0.4373213921,
        0.6013872851, 0.5321862665, 0.4652188425, None, 0.534114012, 0.4099941928, 0.4236088342,
        0.6363961031, 0.5477225575, 0.4390646624, 0.5576737397, 0.3535533906, 0.5513619501,
        0.5366563146, 0.5506561742, 0.4969909456, 0.1414213562, 0.4527692569, 0.5656854249,
        0.5228129047, 0.380058475, 0.5946520925, 0.5146735751, 0.5119988839, 0.4402019738,
        0.5230784942, 0.5316640543, 0.4301162634, 0.4075673087, None, 0.5853875395, 0.6186903731,
        0.4808557187, 0.4366539438, 0.5669467095, 0.561248608, 0.5437523946, 0.4802776974,
        0.3945461528, 0.5099019514, 0.4949747468, 0.49272485, 0.4227614844, 0.4131182236,
        0.5494947174, 0.5146735751, 0.469041576, 0.5165053512, 0.525462759, 0.542524961,
        0.4900113377, 0.7, 0.5238744549, 0.5479760741, 0.6, 0.5159672686, 0.4718756898,
        0.5249149591, 0.5329165038, 0.5085382101, 0.4931756505, 0.4022160834, 0.5909032634,
        0.5168279318, 0.5196152423, 0.4388000166, 0.4304390523, 0.5797509044, 0.5275730597,
        0.4539946157, 0.5168279318, 0.5172040216, 0.58357138, 0.5909032634, 0.4085883557,
        0.5172040216, 0.5768689433, 0.6100091074, 0.47656176, 0.3945461528, 0.5249149591,
        0.5313504807, 0.5142416207, 0.468653778, 0.5630275304, 0.4702245327, 0.5233439489,
        0.5126959556, 0.4300105707, 0.4969350505, 0.561842208, 0.5253570215, 0.4415880433,
        0.5016638981, 0.4978525312, 0.5163977795, 0.4954235001, 0.4325634186, 0.534114012,
        0.5868938954
    ],
    'nt': [
        3, 2, 4, 3, 1, 3, 2, 4, 3, 1, 1, 2, 4, 3, 1, 4, 3, 4, 3, 2, 4, 1, 1, 3, 2, 4, 2, 1, 4, 1,
        4, 3, 1, 3, 2, 4, 3, 1, 4, 2, 4, 3, 1, 1, 2, 1, 3, 1, 4, 3, 1, 3, 2, 4, 1, 1, 3, 2, 4, 2,
        1, 4, 2, 4, 3, 1, 4, 2, 1, 3, 2, 4, 2, 1, 3, 2, 1, 2, 1, 4, 2, 4, 3, 1, 3, 2, 4, 1, 2, 3,
        2, 1, 3, 2, 4, 2, 1, 3, 1, 4, 3, 1, 3, 2, 4, 3, 1, 4, 2, 1, 3, 1, 4, 2, 1, 3, 2, 4, 2, 1,
        1, 2, 4, 3, 1, 3, 2, 4, 3, 1, 4, 1, 4, 3, 2, 4, 2, 1, 3, 2, 4, 2, 1, 3, 2, 4, 3, 1, 3, 2,
        4, 3, 1, 1, 2, 4, 3, 2, 4, 2, 1, 3, 2, 4, 1, 1, 3, 2, 4, 3, 1, 4, 2, 4, 3, 1, 4, 2, 4, 3
    ],
    'cd': [
        0.7058823529, 0.4117647059, 0.9411764706, 0.5882352941, 0.25, 0.6875, 0.4117647059, 1.0,
        0.5882352941, 0.2941176471, 0.125, 0.3125, 1.0, 0.7058823529, 0.2941176471, 0.8235294118,
        0.5625, 1.0, 0.6470588235, 0.3529411765, 0.8823529412, 0.1176470588, 0.1875, 0.625,
        0.3529411765, 0.9411764706, 0.5294117647, 0.2352941176, 0.8125, 0.25, 0.9411764706,
        0.6470588235, 0.1176470588, 0.7647058824, 0.5, 0.9375, 0.5882352941, 0.2941176471,
        0.8235294118, 0.5294117647, 1.0, 0.5625, 0.2941176471, 0.0588235294, 0.4705882353,
        0.1764705882, 0.75, 0.1875, 0.8823529412, 0.5882352941, 0.2352941176, 0.7058823529,
        0.4375, 0.875, 0.0588235294, 0.2352941176, 0.7647058824, 0.4705882353, 0.9375, 0.5,
        0.2352941176, 0.8823529412, 0.4117647059, 1.0, 0.6875, 0.0625, 0.8235294118, 0.5294117647,
        0.1764705882, 0.6470588235, 0.375, 0.8125, 0.5294117647, 0.1764705882, 0.7058823529,
        0.4117647059, 0.125, 0.4375, 0.1764705882, 0.8235294118, 0.3529411765, 0.9411764706,
        0.625, 0.125, 0.7647058824, 0.4705882353, 1.0, 0.1176470588, 0.3125, 0.75, 0.4705882353,
        0.1176470588, 0.6470588235, 0.3529411765, 0.875, 0.375, 0.1176470588, 0.7647058824,
        0.1176470588, 0.8823529412, 0.55, 0.2, 0.7625, 0.4, 0.9625, 0.6, 0.2375, 0.8, 0.4375,
        0.0875, 0.65, 0.275, 0.8375, 0.475, 0.125, 0.6875, 0.3125, 0.875, 0.5, 0.15, 0.0875, 0.35,
        0.9125, 0.55, 0.2, 0.7625, 0.4, 0.9625, 0.6, 0.2375, 0.8, 0.0875, 1.0, 0.65, 0.275,
        0.8375, 0.475, 0.125, 0.6875, 0.3125, 0.875, 0.5, 0.0875, 0.7125, 0.35, 0.9125, 0.55, 0.2,
        0.7625, 0.4, 0.9625, 0.6, 0.2375, 0.0875, 0.4375, 1.0, 0.65, 0.275, 0.8375, 0.475, 0.125,
        0.6875, 0.3125, 0.875, 0.0875, 0.15, 0.7125, 0.35, 0.9125, 0.55, 0.2, 0.7625, 0.4, 0.9625,
        0.6, 0.0875, 0.8, 0.4375, 1.0, 0.65
    ],
    'mxby': [
        -0.5, 0.8, 0.4, None, -0.4, 0.9, None, 0.2, -0.3, 1.0, None, 0.2, None, None, 1.1, 0.3,
        0.3, 0.0, -0.5, 0.8, 0.4, 0.0, -0.4, 0.9, None, -0.2, -0.3, 1.0, 0.6, 0.2, -0.1, None,
        0.7, 0.3, 0.3, -0.4, None, 0.5, 0.1, -0.3, 0.6, 0.6, 0.2, 0.1, 1.1, 0.0, 0.6, None, -0.5,
        0.8, 0.7, None, -0.4, 0.9, -0.2, 0.1, -0.3, 1.0, 0.6, 0.2, -0.2, None, 1.1, 0.3, 0.3,
        None, -0.5, 0.8, 0.7, None, -0.4, 0.9, None, 0.1, -0.3, 1.0, None, 0.2, -0.2, None, 1.1,
        0.3, 0.3, None, -0.5, 0.8, 0.4, 0.0, -0.4, 0.9, None, 0.1, -0.3, 1.0, 0.6, 0.2, -0.2,
        None, 0.7, 0.3, None, 1.1, 0.7, None, -0.1, -0.5, 0.8, 0.1, -0.3, 1.1, None, 0.9, 0.1,
        -0.3, 0.5, 0.6, 0.6, 0.2, 0.1, 1.1, 0.1, None, -0.1, -0.5, 0.8, 0.4, 0.0, -0.4, None, 0.8,
        0.1, None, 1.0, 0.6, 0.9, 0.1, -0.3, 0.5, 0.6, 0.6, 0.2, 0.1, -0.2, 0.7, None, -0.1, -0.5,
        0.8, 0.4, 0.0, -0.4, None, -0.5, 0.5, -0.3, 1.0, 0.6, 0.9, 0.5, 0.1, 1.1, 0.7, 0.6, 0.2,
        0.5, 1.1, 0.7, None, -0.1, -0.5, 0.8, 0.4, 0.0, -0.4, None, 0.5, 0.1, -0.3, 1.0, 0.6
    ],
    's_shrink': [
        1.2, 1.2, 0.4, 2.3, 1.8, 1.7, 3.3, None, 1.6, 3.2, 3.4, 4.1, None, 0.7, 4.5, 2.1, 2.3,
        None, 2.0, 1.6, 0.4, 4.5, 2.7, 2.2, 3.3, -0.3, 2.6, 3.8, 0.4, 3.9, 1.1, 0.7, 5.7, 2.0,
        1.8, 0.8, 2.4, 1.6, 0.4, 1.9, None, 2.3, 3.0, 2.4, 3.2, 3.8, 0.2, 5.0, 1.8, 1.0, 4.8, 1.5,
        1.8, 1.2, 4.2, 1.2, 1.3, 2.4, 0.1, 2.3, 4.0, 0.7, 3.4, None, 1.3, 6.0, 1.8, 0.9, 4.3, 2.3,
        2.2, 1.2, 2.4, 1.2, 1.8, 2.5, 3.4, 3.3, 4.6, 0.9, 3.4, 1.1, 2.0, 5.7, 1.7, 0.4, None, 4.5,
        2.2, 0.8, 3.3, 1.7, 1.9, 2.2, -0.2, 3.9, 4.8, 0.7, 5.7, 1.8, 9.6, 15.4, 3.6, 11.3, 1.0,
        9.5, 14.8, 3.2, 11.1, 21.0, 8.0, 14.0, 3.0, 10.4, 17.9, 6.3, 13.1, 2.0, 9.9, 16.0, 21.0,
        12.1, 1.9, 9.6, 15.4, 3.6, 11.3, 1.0, 9.5, 14.8, 3.2, 21.0, None, 8.0, 14.0, 3.0, 10.4,
        17.9, 6.3, 13.1, 2.0, 9.9, 21.0, 5.9, 12.1, 1.9, 9.6, 15.4, 3.6, 11.3, 1.0, 9.5, 14.8,
        21.0, 11.1, None, 8.0, 14.0, 3.0, 10.4, 17.9, 6.3, 13.1, 2.0, 21.0, 16.0, 5.9, 12.1, 1.9,
        9.6, 15.4, 3.6, 11.3, 1.0, 9.5, 21.0, 3.2, 11.1, None, 8.0
    ],
    'mn_shrink': [
        1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
        1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
        1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
        1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101,
        101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101,
        101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101,
        101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101,
        101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101
    ],
    's_all': [
        510, 525, 531, 551, 551, 553, 569, 576, 597, 609, 612, 629, 637, 659, 672, 672, 690, 699,
        699, 713, 718, 737, 747, 748, 763, 769, 769, 780, 782, 798, 805, 826, 838, 841, 858, 866,
        888, 888, 892, 910, 919, 919, 933, 938, 957, 967, 968, 983, 983, 1003, 1014, 1002, 1013,
        1001, 1012, 1023, 1011, 1022, 1010, 999, 1010, 1014, 1025, 1013, 1001, 1012, 1000, 1011,
        999, 987, 983, 971, 991, 1002, 990, 1001, 989, 1000, 1011, 999, 1010, 990, 1001, 1014,
        1002, 1013, 1001, 989, 1000, 988, 999, 987, 974, 985, 991, 1002, 1013, 1001, 1012, 1000,
        1011, 1022, 1010, 1004, 992, 1014, 1025, 1013, 1024, 1012, 1000, 1011, 999, 1010, 988,
        976, 991, 979, 990, 1001, 989, 1000, 988, 999, 1010, 995, 1006, 1014, 1025, 1036, 1020,
        1013, 992, 980, 977, 960, 952, 930, 930, 926, 908, 899, 899, 885, 880, 861, 851, 850, 835,
        835, 815, 804, 802, 786, 779, 758, 746, 743, 726, 718, 718, 705, 701, 683, 674, 674, 660,
        655, 636, 626, 625, 625, 619, 599, 588, 586, 570, 563, 542, 530
    ],
}
