"""LATERAL VIEW, json_tuple/stack in SQL and PIVOT; expected values recorded from PySpark 4.3."""
import pytest

from rayspark.errors import AnalysisException

T_ROWS = [(1, [1, 2], {"a": 1}, '{"a": 1, "b": "x", "c": {"d": [1,2]}}'),
          (2, [], {}, "bad"),
          (3, None, None, None),
          (4, [3], {"b": 2, "c": 3}, '{"a": null, "b": 2.50}')]
T_SCHEMA = "id int, arr array<int>, m map<string,int>, j string"
J1 = '{"a": 1, "b": "x", "c": {"d": [1,2]}}'
J4 = '{"a": null, "b": 2.50}'


@pytest.fixture
def t(spark):
    spark.createDataFrame(T_ROWS, T_SCHEMA).createOrReplaceTempView("t")
    return spark


def _key(r):
    return tuple((v is None, repr(v)) for v in r)


def check(spark, q, schema, rows, ordered=False):
    df = spark.sql(q)
    assert df.schema.simpleString() == schema
    got = [tuple(r) for r in df.collect()]
    if not ordered:
        got, rows = sorted(got, key=_key), sorted(rows, key=_key)
    assert got == rows


LATERAL_CASES = [
    ("SELECT id, c FROM t LATERAL VIEW explode(arr) x AS c",
     "struct<id:int,c:int>", [(1, 1), (1, 2), (4, 3)]),
    ("SELECT * FROM t LATERAL VIEW explode(arr) x",
     "struct<id:int,arr:array<int>,m:map<string,int>,j:string,col:int>",
     [(1, [1, 2], {"a": 1}, J1, 1), (1, [1, 2], {"a": 1}, J1, 2),
      (4, [3], {"b": 2, "c": 3}, J4, 3)]),
    ("SELECT id, x.col FROM t LATERAL VIEW explode(arr) x",
     "struct<id:int,col:int>", [(1, 1), (1, 2), (4, 3)]),
    ("SELECT id, c FROM t LATERAL VIEW OUTER explode(arr) x AS c",
     "struct<id:int,c:int>", [(1, 1), (1, 2), (2, None), (3, None), (4, 3)]),
    ("SELECT id, p, c FROM t LATERAL VIEW posexplode(arr) x AS p, c",
     "struct<id:int,p:int,c:int>", [(1, 0, 1), (1, 1, 2), (4, 0, 3)]),
    ("SELECT id, k, v FROM t LATERAL VIEW explode(m) x AS k, v",
     "struct<id:int,k:string,v:int>", [(1, "a", 1), (4, "b", 2), (4, "c", 3)]),
    ("SELECT id, x.* FROM t LATERAL VIEW OUTER posexplode(m) x",
     "struct<id:int,pos:int,key:string,value:int>",
     [(1, 0, "a", 1), (2, None, None, None), (3, None, None, None), (4, 0, "b", 2),
      (4, 1, "c", 3)]),
    ("SELECT id, c, d FROM t LATERAL VIEW explode(arr) x AS c "
     "LATERAL VIEW explode(array(c, c * 10)) y AS d",
     "struct<id:int,c:int,d:int>",
     [(1, 1, 1), (1, 1, 10), (1, 2, 2), (1, 2, 20), (4, 3, 3), (4, 3, 30)]),
    ("SELECT id, a, b FROM t LATERAL VIEW json_tuple(j, 'a', 'b') jt AS a, b",
     "struct<id:int,a:string,b:string>",
     [(1, "1", "x"), (2, None, None), (3, None, None), (4, None, "2.5")]),
    ("SELECT id, jt.* FROM t LATERAL VIEW json_tuple(j, 'a', 'c', 'zz') jt",
     "struct<id:int,c0:string,c1:string,c2:string>",
     [(1, "1", '{"d":[1,2]}', None), (2, None, None, None), (3, None, None, None),
      (4, None, None, None)]),
    ("SELECT id, s1, s2 FROM t LATERAL VIEW stack(2, id, id + 1, id * 10, id * 20) s AS s1, s2",
     "struct<id:int,s1:int,s2:int>",
     [(1, 1, 2), (1, 10, 20), (2, 2, 3), (2, 20, 40), (3, 3, 4), (3, 30, 60), (4, 4, 5),
      (4, 40, 80)]),
    ("SELECT id, s.* FROM t LATERAL VIEW inline(array(struct(id AS aa, 'p' AS bb))) s",
     "struct<id:int,aa:int,bb:string>", [(1, 1, "p"), (2, 2, "p"), (3, 3, "p"), (4, 4, "p")]),
    ("SELECT id, c FROM t LATERAL VIEW explode_outer(arr) x AS c",
     "struct<id:int,c:int>", [(1, 1), (1, 2), (2, None), (3, None), (4, 3)]),
    ("SELECT id, p, c FROM t LATERAL VIEW posexplode_outer(arr) x AS p, c",
     "struct<id:int,p:int,c:int>", [(1, 0, 1), (1, 1, 2), (2, None, None), (3, None, None),
                                    (4, 0, 3)]),
    ("SELECT id, c FROM t LATERAL VIEW explode(arr) x AS c WHERE c > 1",
     "struct<id:int,c:int>", [(1, 2), (4, 3)]),
    ("SELECT a.id, c FROM t a LATERAL VIEW explode(a.arr) x AS c",
     "struct<id:int,c:int>", [(1, 1), (1, 2), (4, 3)]),
]


@pytest.mark.parametrize("q, schema, rows", LATERAL_CASES)
def test_lateral_view(t, q, schema, rows):
    check(t, q, schema, rows)


def test_lateral_view_group_by(t):
    check(t, "SELECT c, count(*) FROM t LATERAL VIEW explode(arr) x AS c GROUP BY c ORDER BY c",
          "struct<c:int,count(1):bigint>", [(1, 1), (2, 1), (3, 1)], ordered=True)


@pytest.mark.parametrize("q, cls", [
    ("SELECT id, c FROM t LATERAL VIEW explode(arr) x AS c, d", "UDTF_ALIAS_NUMBER_MISMATCH"),
    ("SELECT id, c FROM t LATERAL VIEW posexplode(arr) x AS c", "UDTF_ALIAS_NUMBER_MISMATCH"),
    ("SELECT id, c FROM t LATERAL VIEW explode(id) x AS c",
     "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"),
    ("SELECT id FROM t LATERAL VIEW upper(j) x AS c", "UNSUPPORTED_GENERATOR.NOT_GENERATOR"),
    ("SELECT id, c FROM t LATERAL VIEW explode(nope) x AS c",
     "UNRESOLVED_COLUMN.WITH_SUGGESTION"),
    ("SELECT id, s.* FROM t LATERAL VIEW stack(3, id, 'x', 5) s",
     "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES"),
])
def test_lateral_view_errors(t, q, cls):
    with pytest.raises(AnalysisException) as e:
        t.sql(q).collect()
    assert e.value.getCondition() == cls


def test_lateral_view_alias_message(t):
    with pytest.raises(AnalysisException) as e:
        t.sql("SELECT id, c FROM t LATERAL VIEW explode(arr) x AS c, d")
    assert str(e.value).startswith(
        "[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not "
        "match the number of columns output by the UDTF.")


JSON_TUPLE_CASES = [
    ("SELECT json_tuple(j, 'a', 'b') FROM t", "struct<c0:string,c1:string>",
     [("1", "x"), (None, None), (None, None), (None, "2.5")]),
    ("SELECT json_tuple(j, 'a', 'b') AS (x, y) FROM t", "struct<x:string,y:string>",
     [("1", "x"), (None, None), (None, None), (None, "2.5")]),
    ("SELECT id, json_tuple(j, 'a') FROM t", "struct<id:int,c0:string>",
     [(1, "1"), (2, None), (3, None), (4, None)]),
    ("""SELECT json_tuple('{"a": true, "b": [1, 2], "c": "s", "d": 1e3, "e": 1.50}', """
     "'a', 'b', 'c', 'd', 'e')",
     "struct<c0:string,c1:string,c2:string,c3:string,c4:string>",
     [("true", "[1,2]", "s", "1000.0", "1.5")]),
    ("SELECT stack(2, 1, 2, 3)", "struct<col0:int,col1:int>", [(1, 2), (3, None)]),
    ("SELECT stack(2, 1, 'a', 2, 'b') AS (x, y)", "struct<x:int,y:string>",
     [(1, "a"), (2, "b")]),
]


@pytest.mark.parametrize("q, schema, rows", JSON_TUPLE_CASES)
def test_select_generators(t, q, schema, rows):
    check(t, q, schema, rows)


@pytest.mark.parametrize("q, cls, msg", [
    ("""SELECT json_tuple('{"a": 1}', 'a', NULL)""", "DATATYPE_MISMATCH.NON_STRING_TYPE",
     """Cannot resolve "json_tuple({"a": 1}, a, NULL)" due to data type mismatch: all """
     "arguments of the function `json_tuple` must be strings."),
    ("""SELECT json_tuple('{"a": 1}')""", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
     "The `json_tuple` requires > 1 parameters but the actual number is 1."),
    ("SELECT stack(2, 1, 'a', 'b', 2)", "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES",
     'Cannot resolve "stack(2, 1, a, b, 2)" due to data type mismatch: The data type of the '
     'column (0) do not have the same type: "INT" (1) <> "STRING" (3).'),
])
def test_select_generator_errors(t, q, cls, msg):
    with pytest.raises(AnalysisException) as e:
        t.sql(q).collect()
    assert e.value.getCondition() == cls
    assert msg in str(e.value)


SALES = [("A", 2020, "q1", 10, 1.0), ("A", 2020, "q2", 20, 2.0), ("A", 2021, "q1", 30, 3.0),
         ("B", 2020, "q1", 40, 4.0), ("B", 2020, "q1", 5, 5.0), ("B", 2021, "q3", 1, 6.0)]
SUB = "(SELECT name, q, amt FROM sales)"


@pytest.fixture
def sales(spark):
    spark.createDataFrame(SALES, "name string, year int, q string, amt int, v double") \
        .createOrReplaceTempView("sales")
    return spark


PIVOT_CASES = [
    ("SELECT * FROM sales PIVOT (sum(amt) FOR q IN ('q1', 'q2', 'q3'))",
     "struct<name:string,year:int,v:double,q1:bigint,q2:bigint,q3:bigint>",
     [("B", 2021, 6.0, None, None, 1), ("B", 2020, 5.0, 5, None, None),
      ("B", 2020, 4.0, 40, None, None), ("A", 2020, 2.0, None, 20, None),
      ("A", 2020, 1.0, 10, None, None), ("A", 2021, 3.0, 30, None, None)]),
    ("SELECT * FROM sales PIVOT (sum(amt) AS s, avg(v) AS a FOR q IN ('q1' AS first, 'q2'))",
     "struct<name:string,year:int,first_s:bigint,first_a:double,q2_s:bigint,q2_a:double>",
     [("B", 2021, None, None, None, None), ("A", 2020, 10, 1.0, 20, 2.0),
      ("A", 2021, 30, 3.0, None, None), ("B", 2020, 45, 4.5, None, None)]),
    ("SELECT * FROM sales PIVOT (sum(amt), avg(v) FOR q IN ('q1', 'q2'))",
     "struct<name:string,year:int,q1_sum(amt):bigint,q1_avg(v):double,q2_sum(amt):bigint,"
     "q2_avg(v):double>",
     [("B", 2021, None, None, None, None), ("A", 2020, 10, 1.0, 20, 2.0),
      ("A", 2021, 30, 3.0, None, None), ("B", 2020, 45, 4.5, None, None)]),
    ("SELECT * FROM sales PIVOT (sum(amt) AS s FOR q IN ('q1' AS first, 'q2'))",
     "struct<name:string,year:int,v:double,first:bigint,q2:bigint>",
     [("B", 2021, 6.0, None, None), ("B", 2020, 5.0, 5, None), ("B", 2020, 4.0, 40, None),
      ("A", 2020, 2.0, None, 20), ("A", 2020, 1.0, 10, None), ("A", 2021, 3.0, 30, None)]),
    (f"SELECT * FROM {SUB} PIVOT (sum(amt) FOR q IN ('q1', 'q2'))",
     "struct<name:string,q1:bigint,q2:bigint>", [("B", 45, None), ("A", 40, 20)]),
    (f"SELECT name, q1 FROM {SUB} PIVOT (sum(amt) FOR q IN ('q1', 'q2')) WHERE q1 > 20",
     "struct<name:string,q1:bigint>", [("B", 45), ("A", 40)]),
    ("SELECT * FROM (SELECT name, year, amt FROM sales) "
     "PIVOT (sum(amt) FOR year IN (2020, 2021 AS y21))",
     "struct<name:string,2020:bigint,y21:bigint>", [("B", 45, 1), ("A", 30, 30)]),
    ("SELECT * FROM (SELECT name, year, q, amt FROM sales) "
     "PIVOT (sum(amt) FOR (year, q) IN ((2020, 'q1') AS a, (2021, 'q1') AS b))",
     "struct<name:string,a:bigint,b:bigint>", [("B", 45, None), ("A", 10, 30)]),
    ("SELECT * FROM (SELECT name, year, q, amt FROM sales) "
     "PIVOT (sum(amt) FOR (year, q) IN ((2020, 'q1'), (2021, 'q1')))",
     "struct<name:string,{2020, q1}:bigint,{2021, q1}:bigint>",
     [("B", 45, None), ("A", 10, 30)]),
    (f"SELECT * FROM {SUB} PIVOT (count(amt) FOR q IN ('q1', 'q2'))",
     "struct<name:string,q1:bigint,q2:bigint>", [("B", 2, None), ("A", 2, 1)]),
    (f"SELECT * FROM {SUB} PIVOT (first(amt) FOR q IN ('q1', 'q2'))",
     "struct<name:string,q1:int,q2:int>", [("B", 40, None), ("A", 10, 20)]),
    (f"SELECT * FROM {SUB} PIVOT (sum(amt) FOR q IN ('q1' AS a, 'q2' AS a))",
     "struct<name:string,a:bigint,a:bigint>", [("B", 45, None), ("A", 40, 20)]),
    (f"SELECT * FROM {SUB} PIVOT (sum(amt) FOR q IN (NULL, 'q1'))",
     "struct<name:string,null:bigint,q1:bigint>", [("B", None, 45), ("A", None, 40)]),
    ("SELECT * FROM (SELECT name, year, amt FROM sales) "
     "PIVOT (sum(amt) FOR year IN ('2020', 2021))",
     "struct<name:string,2020:bigint,2021:bigint>", [("B", 45, 1), ("A", 30, 30)]),
    ("SELECT p.name FROM sales PIVOT (sum(amt) FOR q IN ('q1')) p",
     "struct<name:string>", [("B",), ("B",), ("B",), ("A",), ("A",), ("A",)]),
    ("SELECT s.name FROM sales s PIVOT (sum(amt) FOR q IN ('q1'))",
     "struct<name:string>", [("B",), ("B",), ("B",), ("A",), ("A",), ("A",)]),
    (f"SELECT * FROM {SUB} PIVOT (sum(amt) FILTER (WHERE amt > 10) FOR q IN ('q1'))",
     "struct<name:string,q1:bigint>", [("B", 40), ("A", 30)]),
    (f"SELECT * FROM {SUB} PIVOT (sum(DISTINCT amt) AS s, count(DISTINCT amt) FOR q IN ('q1'))",
     "struct<name:string,q1_s:bigint,q1_count(DISTINCT amt):bigint>",
     [("B", 45, 2), ("A", 40, 2)]),
    ("SELECT * FROM (SELECT name, q, amt, v FROM sales) PIVOT (sum(amt) FOR q IN ('q1')) "
     "LATERAL VIEW explode(array(1)) e AS z",
     "struct<name:string,v:double,q1:bigint,z:int>",
     [("A", 1.0, 10, 1), ("A", 3.0, 30, 1), ("B", 6.0, None, 1), ("B", 4.0, 40, 1),
      ("B", 5.0, 5, 1), ("A", 2.0, None, 1)]),
]


@pytest.mark.parametrize("q, schema, rows", PIVOT_CASES)
def test_pivot(sales, q, schema, rows):
    check(sales, q, schema, rows)


def test_pivot_order_by(sales):
    check(sales, f"SELECT * FROM {SUB} s PIVOT (sum(amt) FOR q IN ('q1', 'q2')) ORDER BY name",
          "struct<name:string,q1:bigint,q2:bigint>", [("A", 40, 20), ("B", 45, None)],
          ordered=True)


@pytest.mark.parametrize("q, cls", [
    (f"SELECT * FROM {SUB} PIVOT (sum(amt) FOR qq IN ('q1', 'q2'))",
     "UNRESOLVED_COLUMN.WITH_SUGGESTION"),
    (f"SELECT * FROM {SUB} PIVOT (sum(zz) FOR q IN ('q1', 'q2'))",
     "UNRESOLVED_COLUMN.WITH_SUGGESTION"),
    (f"SELECT * FROM {SUB} PIVOT (sum(amt) FOR q IN (name))", "NON_LITERAL_PIVOT_VALUES"),
    ("SELECT * FROM (SELECT name, year, q, amt FROM sales) "
     "PIVOT (sum(amt) FOR (year, q) IN ((2020, 'q1', 1)))", "PIVOT_VALUE_DATA_TYPE_MISMATCH"),
])
def test_pivot_errors(sales, q, cls):
    with pytest.raises(AnalysisException) as e:
        sales.sql(q).collect()
    assert e.value.getCondition() == cls
