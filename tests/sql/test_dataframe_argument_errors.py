"""DataFrame methods' argument checks and error classes. Every message was recorded from
PySpark 4.3 (local[2])."""
import pytest

from rayspark.errors import (AnalysisException, IllegalArgumentException, PySparkTypeError,
                             PySparkValueError)
from rayspark.sql import functions as sf


@pytest.fixture
def df(spark):
    return spark.createDataFrame([(14, "Tom", 1.5), (23, "Alice", None), (16, "Bob", 2.5)],
                                 ["age", "name", "h"])


def _raises(cls, text, f):
    with pytest.raises(cls) as e:
        f()
    assert str(e.value) == text
    return e.value


def test_not_expected_type(df):
    cases = [
        (lambda: df.drop(1), "Argument `col` should be Column or str, got int."),
        (lambda: df.drop(["age"]), "Argument `col` should be Column or str, got list."),
        (lambda: df.drop(None), "Argument `col` should be Column or str, got NoneType."),
        (lambda: df.withColumn("x", 1), "Argument `col` should be Column, got int."),
        (lambda: df.withColumns({"x": 1}), "Argument `col` should be Column or str, got int."),
        (lambda: df.withColumns([1]), "Argument `colsMap` should be dict, got list."),
        (lambda: df.withColumnsRenamed([1]), "Argument `colsMap` should be dict, got list."),
        (lambda: df.sort(1.5), "Argument `col` should be Column, int or str, got float."),
        (lambda: df.orderBy(["age", 1.5]),
         "Argument `col` should be Column, int or str, got float."),
        (lambda: df.sort(df.age, ascending="x"),
         "Argument `ascending` should be Column, int or str, got str."),
        (lambda: df.select(1), "Argument `col` should be Column or str, got int."),
        (lambda: df.select(1.5), "Argument `col` should be Column or str, got float."),
        (lambda: df.filter(1), "Argument `condition` should be Column or str, got int."),
        (lambda: df.where(None), "Argument `condition` should be Column or str, got NoneType."),
        (lambda: df[1.5],
         "Argument `item` should be Column, float, integer, list or string, got float."),
        (lambda: df.groupBy(1.5), "Argument `col` should be Column or str, got float."),
        (lambda: df.dropDuplicates("age"), "Argument `subset` should be list or tuple, got str."),
        (lambda: df.show(n="1"), "Argument `n` should be int, got str."),
        (lambda: df.show(truncate="x"), "Argument `truncate` should be bool, got str."),
        (lambda: df.show(vertical="x"), "Argument `vertical` should be bool, got str."),
        (lambda: df.sample(withReplacement=1),
         "Argument `withReplacement (optional), fraction (required) and seed (optional)` "
         "should be bool, float or int, got int, NoneType, NoneType."),
        (lambda: df.sample("a"),
         "Argument `withReplacement (optional), fraction (required) and seed (optional)` "
         "should be bool, float or int, got str, NoneType, NoneType."),
    ]
    for f, text in cases:
        err = _raises(PySparkTypeError, f"[NOT_EXPECTED_TYPE] {text}", f)
        assert err.getCondition() == "NOT_EXPECTED_TYPE"


def test_analysis_errors(df):
    _raises(AnalysisException, "[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables "
            "assigned or aliased: 3 does not match the number of source expressions: 1. "
            "SQLSTATE: 42802", lambda: df.toDF("a"))
    _raises(AnalysisException, "[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables "
            "assigned or aliased: 3 does not match the number of source expressions: 4. "
            "SQLSTATE: 42802", lambda: df.toDF("a", "b", "c", "d"))
    _raises(AnalysisException, "[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column "
            "name \"nope\" among (age, name, h). SQLSTATE: 42703",
            lambda: df.dropDuplicates(["age", "nope"]))
    _raises(AnalysisException, "[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column "
            "name \"h\" among (name, age). SQLSTATE: 42703",
            lambda: df.unionByName(df.select("name", "age")))
    _raises(AnalysisException, "[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column "
            "name \"x\" among (age, name, h). SQLSTATE: 42703",
            lambda: df.select("age", "name", "h", sf.lit(1).alias("x")).unionByName(df))
    _raises(AnalysisException, "[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like "
            "expression \"-5\" is invalid. The offset expression must be equal to or greater "
            "than 0, but got -5. SQLSTATE: 42K0E", lambda: df.orderBy("age").offset(-5))
    _raises(AnalysisException, "[UNSUPPORTED_JOIN_TYPE] Unsupported join type 'sideways'. "
            "Supported join types include: 'inner', 'outer', 'full', 'fullouter', "
            "'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', "
            "'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', "
            "'cross'. SQLSTATE: 0A000", lambda: df.join(df, "age", "sideways"))
    for ids, values in (("name", []), (["name", "age", "h"], None)):
        _raises(AnalysisException, "[UNPIVOT_REQUIRES_VALUE_COLUMNS] At least one value column "
                "needs to be specified for UNPIVOT, all columns specified as ids. "
                "SQLSTATE: 42K0A", lambda: df.unpivot(ids, values, "k", "v"))
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN.WITH_SUGGESTION"):
        df.withMetadata("nope", {"a": 1})


def test_value_errors(df):
    for n in (0, -1):
        text = f"requirement failed: Number of partitions ({n}) must be positive."
        _raises(IllegalArgumentException, text, lambda: df.repartition(n))
        _raises(IllegalArgumentException, text, lambda: df.repartition(n, "age"))
        _raises(IllegalArgumentException, text, lambda: df.repartitionByRange(n, "age"))
        _raises(IllegalArgumentException, text, lambda: df.coalesce(n))
    _raises(IllegalArgumentException, "requirement failed: Sampling fraction (1.5) must be on "
            "interval [0, 1] without replacement", lambda: df.sample(1.5))
    _raises(IllegalArgumentException, "requirement failed: Sampling fraction (1.5) must be on "
            "interval [0, 1] without replacement", lambda: df.sample(False, 1.5))
    _raises(IllegalArgumentException, "requirement failed: Sampling fraction (-1.0) must be "
            "nonnegative with replacement", lambda: df.sample(True, -1.0))
    _raises(PySparkValueError, "[VALUE_NOT_POSITIVE] Value for `weights` must be positive, "
            "got '-1.0'.", lambda: df.randomSplit([1.0, -1.0]))
    _raises(PySparkValueError, "[CANNOT_BE_EMPTY] At least one cols must be specified.",
            lambda: df.sort())
    with pytest.raises(AssertionError, match="exprs should not be empty"):
        df.agg()
    with pytest.raises(AssertionError, match="exprs should not be empty"):
        df.groupBy("name").agg()


def test_accepted_forms(df):
    assert df.sort([]).columns == ["age", "name", "h"]
    assert df.sort([]).count() == 3
    assert df.dropDuplicates(("age",)).count() == 3
    assert df.sample(True, 1.5, 1).count() >= 0
    assert df.sample(fraction=1.0).count() == 3
    assert df.sample(0.0, 3).count() == 0
    assert df.withMetadata("age", {"a": 1}).schema["age"].metadata == {"a": 1}
    assert df.drop("age", "nope").columns == ["name", "h"]
    assert df.drop(df.age, "name").columns == ["h"]
