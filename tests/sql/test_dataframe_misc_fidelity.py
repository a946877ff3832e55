"""explain / transform / metadataColumn / dropDuplicatesWithinWatermark as PySpark 4.3 has
them (messages recorded from PySpark 4.3, local[2])."""
import pytest

from rayspark.errors import AnalysisException, IllegalArgumentException, PySparkTypeError, \
    PySparkValueError


@pytest.fixture
def df(spark):
    return spark.createDataFrame([(14, "Tom", 1.5), (14, "Tom", 1.5)], ["age", "name", "h"])


def test_explain_argument_errors(df):
    with pytest.raises(IllegalArgumentException) as e:
        df.explain("nope")
    assert str(e.value) == ("Unknown explain mode: nope. Accepted explain modes are 'simple', "
                            "'extended', 'codegen', 'cost', 'formatted'.")
    with pytest.raises(IllegalArgumentException):
        df.explain(mode="nope")
    with pytest.raises(PySparkValueError) as e:
        df.explain(True, "simple")
    assert str(e.value) == "[CANNOT_SET_TOGETHER] extended and mode should not be set together."


def test_transform_must_return_a_dataframe(df):
    with pytest.raises(AssertionError) as e:
        df.transform(lambda d: 1)
    assert str(e.value) == ("Func returned an instance of type [<class 'int'>], should have been "
                            "DataFrame.")
    assert df.transform(lambda d, n: d.limit(n), 1).count() == 1


def test_metadata_column_unknown(df):
    for name in ("age", "_metadata"):
        with pytest.raises(AnalysisException) as e:
            df.metadataColumn(name)
        assert str(e.value) == (
            "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter "
            f"with name `{name}` cannot be resolved.  SQLSTATE: 42703")


def test_drop_duplicates_within_watermark_on_batch(df):
    out = df.dropDuplicatesWithinWatermark(["age"])
    assert out.columns == ["age", "name", "h"]
    with pytest.raises(AnalysisException) as e:
        out.collect()
    assert str(e.value) == ("dropDuplicatesWithinWatermark is not supported with batch "
                            "DataFrames/DataSets")
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_3102"
    with pytest.raises(AnalysisException):
        df.dropDuplicatesWithinWatermark().count()
    with pytest.raises(PySparkTypeError) as e:
        df.dropDuplicatesWithinWatermark("age")
    assert str(e.value) == ("[NOT_EXPECTED_TYPE] Argument `subset` should be list or tuple, "
                            "got str.")
