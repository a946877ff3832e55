"""DataFrame.drop with Column arguments. Expected values and messages recorded from
PySpark 4.3: a str drops every column of that name, an unknown name is ignored, but a Column
whose name matches several columns is an AMBIGUOUS_REFERENCE error."""
import pytest

from rayspark.errors import AnalysisException
from rayspark.sql import functions as sf


@pytest.fixture
def dfs(spark):
    df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
    df2 = spark.createDataFrame([(80, "Tom"), (85, "Bob")], ["height", "name"])
    return df, df2


def test_drop_ambiguous_column_raises(dfs):
    df, df2 = dfs
    df3 = df.join(df2)
    with pytest.raises(AnalysisException) as e:
        df3.drop(sf.col("name"))
    assert e.value.getCondition() == "AMBIGUOUS_REFERENCE"
    assert str(e.value) == ("[AMBIGUOUS_REFERENCE] Reference `name` is ambiguous, could be: "
                            "[`name`, `name`]. SQLSTATE: 42704")
    with pytest.raises(AnalysisException, match="AMBIGUOUS_REFERENCE"):
        df3.drop(sf.col("age"), sf.col("name"))


def test_drop_ambiguous_qualified(dfs):
    df, df2 = dfs
    j = df.alias("a").join(df2.alias("b"))
    with pytest.raises(AnalysisException) as e:
        j.drop(sf.col("name.x"))
    assert str(e.value) == ("[AMBIGUOUS_REFERENCE] Reference `name`.`x` is ambiguous, could be: "
                            "[`a`.`name`, `b`.`name`]. SQLSTATE: 42704")
    assert j.drop(sf.col("a.name")).columns == ["age", "height", "name"]


def test_drop_unambiguous_forms(dfs):
    df, df2 = dfs
    df3 = df.join(df2)
    assert df3.drop("name").columns == ["age", "height"]
    assert df3.drop(df.name).columns == ["age", "height", "name"]
    assert df3.drop(df2.name).columns == ["age", "name", "height"]
    assert df3.drop(sf.col("nope")).columns == ["age", "name", "height", "name"]
    assert df3.drop("nope").columns == ["age", "name", "height", "name"]
    assert df.drop(sf.col("age") + 1).columns == ["age", "name"]
