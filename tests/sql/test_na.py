"""DataFrame.na: fill / drop / replace. Expected values were recorded from PySpark 4.3."""
import math

import pytest

from rayspark.errors import (AnalysisException, IllegalArgumentException, PySparkTypeError,
                             PySparkValueError)
from rayspark.sql import Row


def _rows(df):
    return [tuple(r) for r in df.collect()]


def _eq(got, want):
    """Row lists equal, NaN equal to NaN."""
    assert len(got) == len(want), (got, want)
    for g, w in zip(got, want):
        assert len(g) == len(w), (g, w)
        for a, b in zip(g, w):
            if isinstance(b, float) and math.isnan(b):
                assert isinstance(a, float) and math.isnan(a), (g, w)
            else:
                assert a == b and type(a) is type(b), (g, w)


NAN = float("nan")


@pytest.fixture
def df(spark):
    return spark.createDataFrame(
        [(1, 2.0, "a", True), (None, None, None, None), (3, NAN, "c", False)],
        "i int, d double, s string, b boolean")


@pytest.fixture
def df4(spark):
    return spark.createDataFrame(
        [(1, 2.0, "a", True), (None, None, None, None), (3, NAN, None, False),
         (None, 4.0, "d", None)], "i int, d double, s string, b boolean")


def test_fill_scalars(df):
    _eq(_rows(df.na.fill(0)), [(1, 2.0, "a", True), (0, 0.0, None, None), (3, 0.0, "c", False)])
    # a float fills integral columns truncated
    _eq(_rows(df.fillna(1.5)), [(1, 2.0, "a", True), (1, 1.5, None, None),
                                (3, 1.5, "c", False)])
    _eq(_rows(df.na.fill("x")), [(1, 2.0, "a", True), (None, None, "x", None),
                                 (3, NAN, "c", False)])
    _eq(_rows(df.na.fill(True)), [(1, 2.0, "a", True), (None, None, None, True),
                                  (3, NAN, "c", False)])


def test_fill_dict_casts_to_column_type(df):
    _eq(_rows(df.na.fill({"i": 5, "s": "z", "b": False, "d": 7})),
        [(1, 2.0, "a", True), (5, 7.0, "z", False), (3, 7.0, "c", False)])
    _eq(_rows(df.na.fill({"i": "5"})), [(1, 2.0, "a", True), (5, None, None, None),
                                        (3, NAN, "c", False)])
    _eq(_rows(df.na.fill({"s": 5})), [(1, 2.0, "a", True), (None, None, "5", None),
                                      (3, NAN, "c", False)])
    _eq(_rows(df.na.fill({"I": 2.7})), [(1, 2.0, "a", True), (2, None, None, None),
                                        (3, NAN, "c", False)])


def test_fill_subset(df):
    want = [(1, 2.0, "a", True), (9, None, None, None), (3, NAN, "c", False)]
    _eq(_rows(df.na.fill(9, ["i"])), want)
    _eq(_rows(df.na.fill(9, "i")), want)
    _eq(_rows(df.na.fill(9, ("I",))), want)
    # a value of another type than the subset's columns changes nothing
    _eq(_rows(df.na.fill("q", ["i"])), [(1, 2.0, "a", True), (None, None, None, None),
                                        (3, NAN, "c", False)])


def test_fill_types_and_nullability(spark, df):
    df2 = spark.createDataFrame([(1, 2, 3.5, None)], "a long, b short, c float, e decimal(10,2)")
    filled = df2.na.fill(2.9)
    assert filled.dtypes == [("a", "bigint"), ("b", "smallint"), ("c", "float"),
                             ("e", "decimal(10,2)")]
    assert str(filled.collect()[0].e) == "2.90"
    assert [f.nullable for f in df.na.fill(1).schema.fields] == [True, False, True, True]
    t = spark.createDataFrame([(1, 2, 3.0, 4.0, None)], "a int, b long, c float, d double, e decimal(5,1)")
    assert [f.nullable for f in t.na.fill(1).schema.fields] == [True, True, False, False, True]
    assert _rows(spark.createDataFrame([(None, None)], "a long, b short").na.fill(2.9)) == [(2, 2)]


def test_fill_nested_and_names(spark):
    n = spark.createDataFrame([(1, Row(x=None))], "a int, st struct<x:int>")
    assert _rows(n.na.fill(0)) == [(1, Row(x=None))]
    assert _rows(n.na.fill(0, ["st.x"])) == [(1, Row(x=None))]
    with pytest.raises(Exception) as e:
        n.na.fill({"st.x": 0})
    assert "REPLACE_NESTED_COLUMN" in str(e.value)
    assert _rows(spark.createDataFrame([(None,)], "`a.b` int").na.fill(0)) == [(0,)]
    assert _rows(spark.createDataFrame([(None,)], "`a.b` int").na.fill(0, ["`a.b`"])) == [(0,)]
    dup = spark.createDataFrame([(1, None)], "a int, b int").toDF("a", "a")
    assert _rows(dup.na.fill(0)) == [(1, 0)]
    with pytest.raises(AnalysisException, match="AMBIGUOUS_REFERENCE"):
        dup.na.fill(0, ["a"])


def test_fill_errors(df):
    with pytest.raises(PySparkTypeError) as e:
        df.na.fill([1])
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `value` should be bool, dict, float, "
                            "int or str, got list.")
    with pytest.raises(PySparkTypeError, match="got NoneType"):
        df.na.fill(None)
    with pytest.raises(PySparkTypeError) as e:
        df.na.fill(9, 3)
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `subset` should be list or tuple, "
                            "got int.")
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.na.fill(9, ["zz"])
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df.na.fill({"zz": 1})
    with pytest.raises(IllegalArgumentException) as e:
        df.na.fill({"i": [1]})
    assert str(e.value) == "Unsupported value type java.util.ArrayList ([1])."


def test_drop(df4):
    _eq(_rows(df4.na.drop()), [(1, 2.0, "a", True)])
    all_ = [(1, 2.0, "a", True), (3, NAN, None, False), (None, 4.0, "d", None)]
    _eq(_rows(df4.na.drop("all")), all_)
    _eq(_rows(df4.dropna(None)), all_)
    _eq(_rows(df4.na.drop(thresh=2)), all_)
    _eq(_rows(df4.na.drop(thresh=3)), [(1, 2.0, "a", True)])
    assert len(df4.na.drop(thresh=0).collect()) == 4
    _eq(_rows(df4.na.drop("all", thresh=4)), [(1, 2.0, "a", True)])
    _eq(_rows(df4.na.drop(subset=["i"])), [(1, 2.0, "a", True), (3, NAN, None, False)])
    _eq(_rows(df4.na.drop(subset="d")), [(1, 2.0, "a", True), (None, 4.0, "d", None)])
    _eq(_rows(df4.dropna("all", subset=["i", "s"])), all_)


def test_drop_nan_nested_and_errors(spark, df4):
    assert spark.createDataFrame([(NAN,)], "f float").na.drop().collect() == []
    n = spark.createDataFrame([(1, Row(x=None))], "a int, st struct<x:int>")
    assert n.na.drop(subset=["st.x"]).collect() == []
    with pytest.raises(PySparkValueError) as e:
        df4.na.drop("some")
    assert str(e.value) == ("[VALUE_NOT_ALLOWED] Value for `how` has to be amongst the "
                            "following values: ['any', 'all'].")
    with pytest.raises(PySparkTypeError) as e:
        df4.na.drop(subset=1)
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `subset` should be list, str or "
                            "tuple, got int.")
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df4.na.drop(subset=["zz"])
    with pytest.raises(IllegalArgumentException, match=r"how \(2\) must be 'any' or 'all'"):
        df4.na.drop(thresh="2")


def test_replace_scalars_lists_dicts(df4):
    base = [(1, 2.0, "a", True), (None, None, None, None), (3, NAN, None, False),
            (None, 4.0, "d", None)]

    def with_(changes):
        out = [list(r) for r in base]
        for (ri, ci), v in changes.items():
            out[ri][ci] = v
        return [tuple(r) for r in out]
    _eq(_rows(df4.na.replace(1, 10)), with_({(0, 0): 10}))
    _eq(_rows(df4.na.replace(2.0, 20.5)), with_({(0, 1): 20.5}))
    _eq(_rows(df4.na.replace(1, 10.7)), with_({(0, 0): 10}))
    _eq(_rows(df4.na.replace(3, 7.9)), with_({(2, 0): 7}))
    _eq(_rows(df4.na.replace(2, 9)), with_({(0, 1): 9.0}))
    _eq(_rows(df4.na.replace(1.0, 7)), with_({(0, 0): 7}))
    _eq(_rows(df4.na.replace(3.5, 7)), base)
    _eq(_rows(df4.na.replace("a", "A")), with_({(0, 2): "A"}))
    _eq(_rows(df4.na.replace("a", None)), with_({(0, 2): None}))
    _eq(_rows(df4.na.replace(1, None)), with_({(0, 0): None}))
    _eq(_rows(df4.na.replace(True, False)), with_({(0, 3): False}))
    _eq(_rows(df4.na.replace([1, 3], [11, 33])), with_({(0, 0): 11, (2, 0): 33}))
    _eq(_rows(df4.na.replace([1, 3], 0)), with_({(0, 0): 0, (2, 0): 0}))
    _eq(_rows(df4.na.replace({"a": "AA", "d": "DD"})), with_({(0, 2): "AA", (3, 2): "DD"}))
    _eq(_rows(df4.na.replace(("a", "d"), ("x", "y"))), with_({(0, 2): "x", (3, 2): "y"}))
    _eq(_rows(df4.na.replace([1, 2.0], [3, 4.0])), with_({(0, 0): 3, (0, 1): 4.0}))
    _eq(_rows(df4.na.replace(NAN, 9.0)), with_({(2, 1): 9.0}))
    _eq(_rows(df4.na.replace({"a": None})), with_({(0, 2): None}))
    _eq(_rows(df4.replace({1: 2})), with_({(0, 0): 2}))
    _eq(_rows(df4.na.replace(1, 5, ["d"])), base)
    _eq(_rows(df4.na.replace(1, 5, "i")), with_({(0, 0): 5}))
    _eq(_rows(df4.na.replace({})), base)
    _eq(_rows(df4.na.replace([], [])), base)


def test_replace_other_types(spark):
    assert _rows(spark.createDataFrame([(1,)], "b long").na.replace(1, 2 ** 40)) == [(2 ** 40,)]
    assert _rows(spark.createDataFrame([(1.5,)], "f float").na.replace(1.5, 2.25)) == [(2.25,)]
    nested = spark.createDataFrame([(1, Row(x=1))], "a int, st struct<x:int>")
    assert _rows(nested.na.replace(1, 2)) == [(2, Row(x=1))]
    with pytest.raises(Exception) as e:
        nested.na.replace(1, 2, ["st.x"])
    assert str(e.value) == (
        "[UNSUPPORTED_FEATURE.REPLACE_NESTED_COLUMN] The feature is not supported: The replace "
        "function does not support nested column `st`.`x`. SQLSTATE: 0A000")
    dup = spark.createDataFrame([(1, 1)], "a int, b int").toDF("a", "a")
    assert _rows(dup.na.replace(1, 2)) == [(2, 2)]


def test_replace_errors(df4):
    mixed = "[MIXED_TYPE_REPLACEMENT] Mixed type replacements are not supported."
    for args in [({1: 100, "a": "b"},), ([1, "a"], [2, "b"]), ("a", 1), (1, "x"),
                 (["a", None], ["x", "y"])]:
        with pytest.raises(PySparkValueError) as e:
            df4.na.replace(*args)
        assert str(e.value) == mixed
    with pytest.raises(PySparkValueError) as e:
        df4.na.replace([1, 3], [0])
    assert str(e.value) == ("[LENGTH_SHOULD_BE_THE_SAME] to_replace and value should be of the "
                            "same length, got 2 and 1.")
    with pytest.raises(PySparkTypeError) as e:
        df4.na.replace(None, 1)
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `to_replace` should be bool, dict, "
                            "float, int, str or tuple, got NoneType.")
    with pytest.raises(PySparkTypeError, match="got set"):
        df4.na.replace({1}, 2)
    with pytest.raises(PySparkTypeError) as e:
        df4.na.replace(1, {1: 2})
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `value` should be bool, float, int, "
                            "list, None, str or tuple, got dict.")
    with pytest.raises(PySparkTypeError) as e:
        df4.na.replace(1, 2, 5)
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `subset` should be list, str or "
                            "tuple, got int.")
    with pytest.raises(IllegalArgumentException) as e:
        df4.na.replace(True, 5)
    assert str(e.value) == "Unsupported value type java.lang.Boolean (true)."
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        df4.na.replace(1, 2, ["zz"])


def test_replace_without_value(df4):
    from rayspark.sql.na import NoValue, replace_values
    with pytest.raises(PySparkTypeError) as e:
        replace_values(df4, 1, NoValue)
    assert str(e.value) == ("[ARGUMENT_REQUIRED] Argument `value` is required when "
                            "`to_replace` is dict.")
    assert _rows(replace_values(df4, {"a": "b"}))[0] == (1, 2.0, "b", True)
