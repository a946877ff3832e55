"""rayspark.sql.parser: SQL text -> unresolved expressions / statement trees, without running
anything. Literal types and the names Spark gives unaliased expressions were recorded from
PySpark 4.3 (``spark.sql("SELECT <text>")`` column names and types)."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from rayspark.errors import AnalysisException, ParseException
from rayspark.sql import parser as P
from rayspark.sql.expressions.base import (Alias, Literal, UnresolvedAttribute,
                                           UnresolvedFunction, UnresolvedStar)


@pytest.mark.parametrize("text,value,type_", [
    ("1", 1, "int"), ("1L", 1, "bigint"), ("1S", 1, "smallint"), ("1Y", 1, "tinyint"),
    ("1.5", Decimal("1.5"), "decimal(2,1)"), ("1.5D", 1.5, "double"), ("1.5F", 1.5, "float"),
    ("1e3", 1000.0, "double"), ("1.5e0", 1.5, "double"), ("1.5BD", Decimal("1.5"), "decimal(2,1)"),
    ("1E-2BD", Decimal("0.01"), "decimal(2,2)"), (".5", Decimal("0.5"), "decimal(1,1)"),
    ("1.", Decimal("1"), "decimal(1,0)"), ("1.50", Decimal("1.50"), "decimal(3,2)"),
    ("0.001", Decimal("0.001"), "decimal(3,3)"), ("123456789012", 123456789012, "bigint"),
    ("2147483648", 2147483648, "bigint"), ("-2147483648", -2147483648, "int"),
    ("-5", -5, "int"), ("-1.5", Decimal("-1.5"), "decimal(2,1)"),
    ("'x'", "x", "string"), ('"y"', "y", "string"), ("'it''s'", "it's", "string"),
    ("'ab' 'cd'", "abcd", "string"), ("'a\\tb'", "a\tb", "string"),
    ("X'AB'", b"\xab", "binary"), ("true", True, "boolean"), ("null", None, "void"),
    ("DATE '2020-01-01'", datetime.date(2020, 1, 1), "date"),
])
def test_literals(text, value, type_):
    e = P.parse_expression(text)
    assert isinstance(e, Literal)
    assert e.value == value and e.data_type.simpleString() == type_


@pytest.mark.parametrize("text,name", [
    ("id + 1", "(id + 1)"), ("id div 2", "(id div 2)"), ("id % 2", "(id % 2)"),
    ("id / 2", "(id / 2)"), ("2 + 3 * 4", "(2 + (3 * 4))"), ("(2 + 3) * 4", "((2 + 3) * 4)"),
    ("1 - -1", "(1 - -1)"), ("1.5", "1.5"), ("1e3", "1000.0"), ("'x'", "x"), ("1L", "1"),
    ("X'AB'", "X'AB'"), ("null", "NULL"), ("DATE '2020-01-01'", "DATE '2020-01-01'"),
    ("TIMESTAMP '2020-01-01 01:02:03'", "TIMESTAMP '2020-01-01 01:02:03'"),
    ("id = 1", "(id = 1)"), ("id <> 1", "(NOT (id = 1))"), ("id != 1", "(NOT (id = 1))"),
    ("id == 1", "(id = 1)"), ("id <=> n", "(id <=> n)"), ("NOT id = 1", "(NOT (id = 1))"),
    ("id = 1 AND n = 1", "((id = 1) AND (n = 1))"), ("a OR b", "(a OR b)"),
    ("n IS NULL", "(n IS NULL)"), ("n IS NOT NULL", "(n IS NOT NULL)"),
    ("id IN (1, 2)", "(id IN (1, 2))"), ("id NOT IN (1, 2)", "(NOT (id IN (1, 2)))"),
    ("k LIKE 'a%'", "k LIKE a%"), ("k NOT LIKE 'a%'", "(NOT k LIKE a%)"),
    ("k ILIKE 'A%'", "ilike(k, A%)"),
    ("CASE WHEN id = 1 THEN 'one' WHEN id = 2 THEN 'two' ELSE 'many' END",
     "CASE WHEN (id = 1) THEN one WHEN (id = 2) THEN two ELSE many END"),
    ("CASE id WHEN 1 THEN 'one' END", "CASE WHEN (id = 1) THEN one END"),
    ("CAST(id + 1 AS STRING)", "CAST((id + 1) AS STRING)"), ("CAST(id AS STRING)", "id"),
    ("CAST(1 AS BIGINT)", "CAST(1 AS BIGINT)"), ("TRY_CAST('x' AS INT)", "TRY_CAST(x AS INT)"),
    ("CAST(NULL AS INT)", "CAST(NULL AS INT)"), ("TRY_CAST(k AS INT)", "k"),
    ("count(*)", "count(1)"), ("count(DISTINCT k)", "count(DISTINCT k)"),
    ("sum(id) + 1", "(sum(id) + 1)"), ("arr[0]", "arr[0]"), ("m['x']", "m[x]"),
    ("k || 'z'", "concat(k, z)"), ("id AS x", "x"), ("upper(k)", "upper(k)"),
])
def test_names(text, name):
    assert P.parse_expression(text).name == name


def test_tree_shapes():
    e = P.parse_expression("t.a.b")
    assert isinstance(e, UnresolvedAttribute) and e.name_parts == ("t", "a", "b")
    assert P.parse_expression("`a b`").name_parts == ("a b",)
    s = P.parse_expression("t.*")
    assert isinstance(s, UnresolvedStar) and s.target == ("t",)
    assert P.parse_expression("*").target is None
    f = P.parse_expression("count(DISTINCT x, y)")
    assert isinstance(f, UnresolvedFunction) and f.is_distinct and len(f.children) == 2
    a = P.parse_expression("a + 1 AS b")
    assert isinstance(a, Alias) and a.name == "b"
    from rayspark.sql.expressions.arithmetic import IntegralDivide, Divide
    assert isinstance(P.parse_expression("a div b"), IntegralDivide)
    assert isinstance(P.parse_expression("a / b"), Divide)
    assert P.parse_expression("first(x) IGNORE NULLS").ignore_nulls
    assert P.parse_expression("f(a) FILTER (WHERE a > 1)").filter is not None


def test_parameters():
    e = P.parse_expression(":x + 1", {"x": 1})
    assert e.children[0].value == 1
    with pytest.raises(AnalysisException) as err:
        P.parse_expression(":y", {"x": 1})
    assert err.value.getCondition() == "UNBOUND_SQL_PARAMETER"


@pytest.mark.parametrize("text,message", [
    ("a = = 1", "[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601 (line 1, "
                "pos 4)\n\n== SQL ==\na = = 1\n----^^^\n"),
    ("(1", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line "
           "1, pos 2)\n\n== SQL ==\n(1\n--^^^\n"),
    ("a, b", "[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601 (line 1, pos "
             "1)\n\n== SQL ==\na, b\n-^^^\n"),
])
def test_expression_syntax_errors(text, message):
    with pytest.raises(ParseException) as e:
        P.parse_expression(text)
    assert str(e.value) == message


def test_statements():
    s = P.parse_statement("SELECT DISTINCT a, count(*) FROM t x JOIN u USING (k) "
                          "WHERE a > 1 GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC "
                          "NULLS FIRST LIMIT 3 OFFSET 1")
    q = s.query
    assert isinstance(q, P.SelectQuery) and q.distinct
    assert isinstance(q.from_, P.JoinRef) and q.from_.using == ["k"]
    assert q.from_.left.alias == "x" and q.group.kind == "groupby"
    assert q.order[0].ascending is False and q.order[0].nulls_first is True
    assert q.limit.value == 3 and q.offset.value == 1
    s = P.parse_statement("WITH c AS (SELECT 1) SELECT * FROM c UNION ALL SELECT 2")
    assert isinstance(s.query, P.SetOpQuery) and s.query.all and s.query.ctes[0][0] == "c"
    g = P.parse_statement("SELECT k FROM t GROUP BY k, n WITH ROLLUP").query.group
    assert g.kind == "rollup" and len(g.exprs) == 2
    g = P.parse_statement("SELECT k FROM t GROUP BY GROUPING SETS ((k), (n), ())").query.group
    assert g.kind == "groupingsets" and len(g.sets) == 3
    c = P.parse_statement("CREATE OR REPLACE GLOBAL TEMP VIEW v AS SELECT 1")
    assert isinstance(c, P.CreateView) and c.replace and c.global_
    assert P.parse_statement("DROP VIEW IF EXISTS v") == P.DropView(["v"], True, "VIEW")
    assert P.parse_statement("DESCRIBE TABLE t") == P.DescribeTable(["t"], False)
    assert P.parse_statement("SHOW TABLES IN global_temp LIKE 'g*'") == \
        P.ShowTables("global_temp", "g*")
    assert P.parse_statement("SHOW COLUMNS IN t") == P.ShowColumns(["t"], None)
    assert P.parse_statement("EXPLAIN EXTENDED SELECT 1").mode == "extended"
    assert P.parse_statement("CACHE TABLE t") == P.CacheTable(["t"], False, None)
    assert P.parse_statement("UNCACHE TABLE IF EXISTS t") == P.UncacheTable(["t"], True)
    assert P.parse_statement("SET a.b=3") == P.SetConfig("a.b", "3")
    assert P.parse_statement("SET a.b") == P.SetConfig("a.b", None)
    assert P.parse_statement("SET") == P.SetConfig(None, None)
    w = P.parse_statement("SELECT id FROM t WHERE k IN (SELECT k FROM u) AND "
                          "NOT EXISTS (SELECT 1 FROM u)").query.where
    kinds = {type(x).__name__ for x in w.walk()}
    assert {"InSubquery", "ExistsSubquery", "Not"} <= kinds


def test_only_parser_imports_sqlglot():
    import pathlib
    root = pathlib.Path(P.__file__).parent
    offenders = [p.name for p in root.rglob("*.py")
                 if p.name != "parser.py" and "import sqlglot" in p.read_text()
                 or (p.name != "parser.py" and "from sqlglot" in p.read_text())]
    assert offenders == []
