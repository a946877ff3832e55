"""DataFrame.scalar() / DataFrame.exists() for uncorrelated subqueries. Expected values and
messages were recorded from PySpark 4.3 (local[2])."""
import pytest

from rayspark.errors import AnalysisException, PythonException, SparkRuntimeException
from rayspark.sql import Row
from rayspark.sql import functions as sf


def _fields(df):
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


@pytest.fixture
def emp(spark):
    data = [(1, "Alice", 45000, 101), (2, "Bob", 54000, 101), (3, "Charlie", 29000, 102),
            (4, "David", 61000, 102), (5, "Eve", 48000, 101)]
    return spark.createDataFrame(data, ["id", "name", "salary", "department_id"])


def test_scalar_doc_example(emp):
    out = emp.where(sf.col("salary") > emp.select(sf.avg("salary")).scalar()) \
        .select("name", "salary", "department_id").orderBy("name")
    assert out._show_string() == (
        "+-----+------+-------------+\n| name|salary|department_id|\n"
        "+-----+------+-------------+\n|  Bob| 54000|          101|\n"
        "|David| 61000|          102|\n|  Eve| 48000|          101|\n"
        "+-----+------+-------------+\n")


def test_scalar_in_select(emp):
    out = emp.select("name", emp.select(sf.max("salary")).scalar()).orderBy("name").limit(2)
    assert _fields(out) == [("name", "string", True), ("scalarsubquery()", "bigint", True)]
    assert [tuple(r) for r in out.collect()] == [("Alice", 61000), ("Bob", 61000)]
    out = emp.select("name", emp.select(sf.max("salary")).scalar().alias("m"))
    assert out.columns == ["name", "m"]
    out = emp.select((sf.col("salary") / emp.select(sf.sum("salary")).scalar()).alias("p"))
    assert [r.p for r in out.orderBy("p").limit(2).collect()] == [0.12236286919831224,
                                                                  0.189873417721519]
    out = emp.select(emp.select(sf.max("name")).scalar().alias("m")).limit(1)
    assert _fields(out) == [("m", "string", True)] and out.collect() == [Row(m="Eve")]
    out = emp.withColumn("x", emp.select(sf.count("*")).scalar()).select("x").distinct()
    assert out.collect() == [Row(x=5)]
    nested = emp.select(sf.max(sf.col("salary")) - emp.select(sf.min("salary")).scalar())
    assert emp.select(nested.scalar().alias("r")).limit(1).collect() == [Row(r=32000)]


def test_scalar_no_rows_and_errors(emp):
    out = emp.select("name", emp.where("id > 10").select("salary").scalar()).limit(1)
    assert [tuple(r) for r in out.collect()] == [("Alice", None)]
    too_many = emp.select("name", emp.select("salary").scalar())
    with pytest.raises(SparkRuntimeException) as e:
        too_many.collect()
    assert str(e.value) == ("[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a "
                            "subquery used as an expression. SQLSTATE: 21000")
    with pytest.raises(AnalysisException) as e:
        emp.select("name", emp.select("salary", "id").scalar())
    assert str(e.value) == (
        "[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] "
        "Invalid subquery: Scalar subquery must return only one column, but got 2. "
        "SQLSTATE: 42823")


def test_subquery_runs_at_the_action(emp):
    @sf.udf("long")
    def boom(x):
        raise ValueError("ran")
    out = emp.select("id", emp.select(sf.max(boom("salary"))).scalar().alias("m"))
    assert _fields(out) == [("id", "bigint", True), ("m", "bigint", True)]
    with pytest.raises(PythonException, match="ran"):
        out.collect()


def test_exists(emp):
    out = emp.select("name", emp.where("id > 4").exists()).orderBy("name").limit(2)
    assert _fields(out) == [("name", "string", True), ("exists()", "boolean", False)]
    assert out._show_string() == ("+-----+--------+\n| name|exists()|\n+-----+--------+\n"
                                  "|Alice|    true|\n|  Bob|    true|\n+-----+--------+\n")
    assert emp.where(emp.where("id > 10").exists()).count() == 0
    assert emp.where(~emp.where("id > 10").exists()).count() == 5
    assert emp.where(emp.select("id", "name").exists()).count() == 5
    out = emp.select(emp.where("id > 4").exists().alias("e")).limit(1)
    assert _fields(out) == [("e", "boolean", False)] and out.collect() == [Row(e=True)]
    out = emp.groupBy("department_id").agg(sf.sum("salary")).where(emp.exists()) \
        .orderBy("department_id")
    assert [tuple(r) for r in out.collect()] == [(101, 147000), (102, 90000)]
