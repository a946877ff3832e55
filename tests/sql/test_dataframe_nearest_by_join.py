"""DataFrame.nearestByJoin (Spark 4.2). Expected rows and messages were recorded from
PySpark 4.3 (local[2]); the cases avoid ties, whose order Spark leaves unspecified."""
import pytest

from rayspark.errors import AnalysisException
from rayspark.sql import functions as sf


def _rows(df):
    return sorted((tuple(r) for r in df.collect()), key=str)


@pytest.fixture
def sides(spark):
    users = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0), (4, None), (1, 10.0)],
                                  ["user_id", "score"])
    products = spark.createDataFrame([("A", 11.0), ("B", 22.0), ("C", 5.0), ("D", None)],
                                     ["product", "pscore"])
    return users, products


def test_doc_example(spark):
    users = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0)], ["user_id", "score"])
    products = spark.createDataFrame([("A", 11.0), ("B", 22.0), ("C", 5.0)],
                                     ["product", "pscore"])
    out = users.nearestByJoin(products, -sf.abs(users.score - products.pscore), 1, "exact",
                              "similarity").select("user_id", "product").orderBy("user_id")
    assert out._show_string() == ("+-------+-------+\n|user_id|product|\n+-------+-------+\n"
                                  "|      1|      A|\n|      2|      B|\n|      3|      B|\n"
                                  "+-------+-------+\n")


def test_top_k_per_left_row(sides):
    users, products = sides
    sim = -sf.abs(users.score - products.pscore)
    out = users.nearestByJoin(products, sim, 1, "exact", "similarity")
    assert [(f.name, f.dataType.simpleString(), f.nullable) for f in out.schema.fields] == [
        ("user_id", "bigint", True), ("score", "double", True), ("product", "string", True),
        ("pscore", "double", True)]
    assert _rows(out) == [(1, 10.0, "A", 11.0), (1, 10.0, "A", 11.0), (2, 20.0, "B", 22.0),
                          (3, 30.0, "B", 22.0)]
    dist = sf.abs(users.score - products.pscore)
    expected = [(1, 10.0, "A", 11.0), (1, 10.0, "A", 11.0), (1, 10.0, "C", 5.0),
                (1, 10.0, "C", 5.0), (2, 20.0, "A", 11.0), (2, 20.0, "B", 22.0),
                (3, 30.0, "A", 11.0), (3, 30.0, "B", 22.0)]
    assert _rows(users.nearestByJoin(products, dist, 2, "exact", "distance")) == expected
    assert _rows(users.nearestByJoin(products, sim, 2, "approx", "similarity")) == expected
    assert _rows(users.nearestByJoin(products, products.product, 1, "exact", "distance")) == [
        (1, 10.0, "A", 11.0), (1, 10.0, "A", 11.0), (2, 20.0, "A", 11.0),
        (3, 30.0, "A", 11.0), (4, None, "A", 11.0)]


def test_left_outer(sides):
    users, products = sides
    sim = -sf.abs(users.score - products.pscore)
    none = products.where("pscore > 100")
    assert _rows(users.nearestByJoin(none, sim, 2, "exact", "similarity",
                                     joinType="leftouter")) == [
        (1, 10.0, None, None), (1, 10.0, None, None), (2, 20.0, None, None),
        (3, 30.0, None, None), (4, None, None, None)]
    assert _rows(users.nearestByJoin(none, sim, 2, "exact", "similarity")) == []
    expected = [(1, 10.0, "A", 11.0), (1, 10.0, "A", 11.0), (2, 20.0, "B", 22.0),
                (3, 30.0, "B", 22.0), (4, None, None, None)]
    for jt in ("leftouter", "left_outer", "left", "LeftOuter"):
        assert _rows(users.nearestByJoin(products, sim, 1, "EXACT", "Similarity",
                                         joinType=jt)) == expected


def test_errors(sides):
    users, products = sides
    sim = -sf.abs(users.score - products.pscore)

    def check(cond, text, *args, **kw):
        with pytest.raises(AnalysisException) as e:
            users.nearestByJoin(products, *args, **kw)
        assert e.value.getCondition() == cond
        assert str(e.value) == f"[{cond}] {text}"
    check("NEAREST_BY_JOIN.UNSUPPORTED_MODE", "Invalid nearest-by join. Unsupported "
          "nearest-by join mode 'fast'. Supported modes include: 'approx', 'exact'. "
          "SQLSTATE: 42604", sim, 1, "fast", "similarity")
    check("NEAREST_BY_JOIN.UNSUPPORTED_DIRECTION", "Invalid nearest-by join. Unsupported "
          "nearest-by join direction 'up'. Supported nearest-by join directions include: "
          "'distance', 'similarity'. SQLSTATE: 42604", sim, 1, "exact", "up")
    for k in (0, 100001):
        check("NEAREST_BY_JOIN.NUM_RESULTS_OUT_OF_RANGE", f"Invalid nearest-by join. The "
              f"number of results {k} must be between 1 and 100000. Update the literal in "
              f"`APPROX NEAREST {k} BY ...` (or `EXACT NEAREST {k} BY ...`) to fall within "
              "that range. SQLSTATE: 42604", sim, k, "exact", "similarity")
    for jt in ("right", "cross", "full"):
        check("NEAREST_BY_JOIN.UNSUPPORTED_JOIN_TYPE", f"Invalid nearest-by join. "
              f"Unsupported nearest-by join type {jt}. Supported types: 'INNER', "
              "'LEFT OUTER'. SQLSTATE: 42604", sim, 1, "exact", "similarity", joinType=jt)
    check("NEAREST_BY_JOIN.UNSUPPORTED_JOIN_TYPE", "Invalid nearest-by join. Unsupported "
          "nearest-by join type right. Supported types: 'INNER', 'LEFT OUTER'. "
          "SQLSTATE: 42604", sim, 0, "fast", "up", joinType="right")
    check("UNSUPPORTED_EXPR_FOR_OPERATOR", "The query operator NearestByJoin contains one or "
          "more unsupported expressions.\nConsider to rewrite it to avoid window functions, "
          "aggregate functions, and generator functions in the NearestByJoin operator.\n"
          "Invalid expressions: [\"max(score)\"] SQLSTATE: 42K0E",
          sf.max(users.score), 1, "exact", "similarity")
