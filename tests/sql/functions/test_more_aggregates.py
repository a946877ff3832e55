"""mode, try_sum/try_avg, bit_and/or/xor, regr_*, string_agg/listagg: expected values, types and
column names as PySpark 4.3 shows them (checked with scratch scripts against real PySpark)."""
from __future__ import annotations

from decimal import Decimal
import math

import pytest

from rayspark.sql import functions as F


@pytest.fixture(scope="module", autouse=True)
def _ray():
    from rayspark.scheduler.backend import init_local_ray
    init_local_ray(num_cpus=2)
    yield


def q(spark, sql):
    df = spark.sql(sql)
    return df.columns, df.schema.simpleString(), [tuple(r) for r in df.collect()]


SQL_CASES = [
    # mode
    ("select mode(x), mode(x, true) from values ('b'),('a'),('c'),('a'),('b') as v(x)",
     ['mode(x)', 'mode() WITHIN GROUP (ORDER BY x DESC)'],
     'struct<mode(x):string,mode() WITHIN GROUP (ORDER BY x DESC):string>', [('b', 'a')]),
    ("select mode(x, true) from values (3),(1),(2),(1),(3),(2) as v(x)",
     ['mode() WITHIN GROUP (ORDER BY x DESC)'],
     'struct<mode() WITHIN GROUP (ORDER BY x DESC):int>', [(1,)]),
    ("select mode(x) from values (null),(null),(1) as v(x)", ['mode(x)'], 'struct<mode(x):int>',
     [(1,)]),
    ("select mode(x) from values (cast(null as int)),(null) as v(x)", ['mode(x)'],
     'struct<mode(x):int>', [(None,)]),
    ("select mode(x) from values (1) as v(x) where x > 5", ['mode(x)'], 'struct<mode(x):int>',
     [(None,)]),
    # try_sum / try_avg
    ("select try_sum(x), try_avg(x), sum(x) from values (1),(2),(null) as v(x)",
     ['try_sum(x)', 'try_avg(x)', 'sum(x)'],
     'struct<try_sum(x):bigint,try_avg(x):double,sum(x):bigint>', [(3, 1.5, 3)]),
    ("select try_sum(x), try_avg(x) from values (9223372036854775807L),(1L) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):bigint,try_avg(x):double>',
     [(None, 4.611686018427388e+18)]),
    ("select try_sum(x), try_avg(x) from values (2147483647),(1) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):bigint,try_avg(x):double>',
     [(2147483648, 1073741824.0)]),
    ("select try_sum(x), try_avg(x) from values (cast(null as int)) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):bigint,try_avg(x):double>',
     [(None, None)]),
    ("select try_sum(x), try_avg(x) from values (1.5D),(2.5D) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):double,try_avg(x):double>', [(4.0, 2.0)]),
    ("select try_sum(x), try_avg(x) from values (1.5),(2.25) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):decimal(13,2),try_avg(x):decimal(7,6)>',
     [(Decimal('3.75'), Decimal('1.875000'))]),
    ("select try_sum(x), try_avg(x) from values (cast(9.9e37 as decimal(38,0))),"
     "(cast(9.9e37 as decimal(38,0))) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):decimal(38,0),try_avg(x):decimal(38,4)>',
     [(None, None)]),
    ("select try_sum(x), try_avg(x) from values (1e308D),(1e308D) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):double,try_avg(x):double>',
     [(math.inf, math.inf)]),
    ("select try_sum(x), try_avg(x) from values (cast(1 as tinyint)),(cast(2 as tinyint)) as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):bigint,try_avg(x):double>', [(3, 1.5)]),
    ("select try_sum(x), try_avg(x) from values ('1'),('2.5') as v(x)",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):double,try_avg(x):double>', [(3.5, 1.75)]),
    ("select try_sum(x), try_avg(x) from values (1) as v(x) where x>5",
     ['try_sum(x)', 'try_avg(x)'], 'struct<try_sum(x):bigint,try_avg(x):double>',
     [(None, None)]),
    ("select g, try_sum(x), try_avg(x) from values (1, 9223372036854775807L),(1,1L),(2,5L) "
     "as v(g,x) group by g order by g",
     ['g', 'try_sum(x)', 'try_avg(x)'], 'struct<g:int,try_sum(x):bigint,try_avg(x):double>',
     [(1, None, 4.611686018427388e+18), (2, 5, 5.0)]),
    ("select try_avg(x) from values (cast(1 as decimal(10,2))),(cast(2 as decimal(10,2))) as v(x)",
     ['try_avg(x)'], 'struct<try_avg(x):decimal(14,6)>', [(Decimal('1.500000'),)]),
    ("select try_sum(distinct x), try_avg(distinct x) from values (1),(1),(2) as v(x)",
     ['try_sum(DISTINCT x)', 'try_avg(DISTINCT x)'],
     'struct<try_sum(DISTINCT x):bigint,try_avg(DISTINCT x):double>', [(3, 1.5)]),
    # bit_*
    ("select bit_and(x), bit_or(x), bit_xor(x) from values (3),(5),(null) as v(x)",
     ['bit_and(x)', 'bit_or(x)', 'bit_xor(x)'],
     'struct<bit_and(x):int,bit_or(x):int,bit_xor(x):int>', [(1, 7, 6)]),
    ("select bit_and(x), bit_or(x), bit_xor(x) from values (cast(3 as tinyint)),"
     "(cast(-5 as tinyint)) as v(x)", ['bit_and(x)', 'bit_or(x)', 'bit_xor(x)'],
     'struct<bit_and(x):tinyint,bit_or(x):tinyint,bit_xor(x):tinyint>', [(3, -5, -8)]),
    ("select bit_and(x), bit_or(x), bit_xor(x) from values (cast(3 as smallint)),"
     "(cast(5 as smallint)) as v(x)", ['bit_and(x)', 'bit_or(x)', 'bit_xor(x)'],
     'struct<bit_and(x):smallint,bit_or(x):smallint,bit_xor(x):smallint>', [(1, 7, 6)]),
    ("select bit_and(x), bit_or(x), bit_xor(x) from values (cast(null as int)) as v(x)",
     ['bit_and(x)', 'bit_or(x)', 'bit_xor(x)'],
     'struct<bit_and(x):int,bit_or(x):int,bit_xor(x):int>', [(None, None, None)]),
    ("select bit_xor(distinct x), bit_or(distinct x) from values (3),(3),(5) as v(x)",
     ['bit_xor(DISTINCT x)', 'bit_or(DISTINCT x)'],
     'struct<bit_xor(DISTINCT x):int,bit_or(DISTINCT x):int>', [(6, 7)]),
    # regr_*
    ("select regr_count(y,x), regr_avgx(y,x), regr_avgy(y,x), regr_sxx(y,x), regr_syy(y,x), "
     "regr_sxy(y,x), regr_slope(y,x), regr_intercept(y,x), regr_r2(y,x) from values (1, null),"
     "(2, 1.5D),(null, 3),(4, 4),(5, 2.5),(6, 7) as v(y,x)",
     ['regr_count(y, x)', 'regr_avgx(y, x)', 'regr_avgy(y, x)', 'regr_sxx(y, x)',
      'regr_syy(y, x)', 'regr_sxy(y, x)', 'regr_slope(y, x)', 'regr_intercept(y, x)',
      'regr_r2(y, x)'], None,
     [(4, 3.75, 4.25, 17.25, 8.75, 9.75, 0.5652173913043478, 2.130434782608696,
       0.6298136645962734)]),
    ("select regr_count(y,x), regr_sxx(y,x), regr_syy(y,x), regr_sxy(y,x), regr_slope(y,x), "
     "regr_intercept(y,x), regr_r2(y,x) from values (1, 2) as v(y,x)", None, None,
     [(1, 0.0, 0.0, 0.0, None, None, None)]),
    ("select regr_sxx(y,x), regr_syy(y,x), regr_slope(y,x), regr_intercept(y,x), regr_r2(y,x) "
     "from values (1, 2),(1,3) as v(y,x)", None, None, [(0.5, 0.0, 0.0, 1.0, 1.0)]),
    ("select regr_count(y,x), regr_avgx(y,x), regr_sxx(y,x), regr_r2(y,x) "
     "from values (cast(null as int), 2) as v(y,x)", None, None, [(0, None, None, None)]),
    ("select regr_count(y,x), regr_avgy(y,x), regr_slope(y,x) from values (1, 2) as v(y,x) "
     "where y > 5", None, None, [(0, None, None)]),
    ("select regr_avgx(y,x), regr_avgy(y,x), regr_sxx(y,x) from values (1.5, 2),(2.5, 4) as v(y,x)",
     None, 'struct<regr_avgx(y, x):double,regr_avgy(y, x):decimal(6,5),regr_sxx(y, x):double>',
     [(3.0, Decimal('2.00000'), 2.0)]),
    ("select g, regr_count(y,x), regr_slope(y,x), regr_r2(y,x) from values (1,1,1),(1,2,2),"
     "(1,3,4),(2,null,1),(2,5,5) as v(g,y,x) group by g order by g", None, None,
     [(1, 3, 0.6428571428571428, 0.9642857142857141), (2, 1, None, None)]),
    # string_agg / listagg
    ("select string_agg(x), listagg(x, ','), string_agg(distinct x, '|') "
     "from values ('a'),('b'),('a') as v(x)",
     ['string_agg(x, NULL)', 'listagg(x, ,)', 'string_agg(DISTINCT x, |)'],
     'struct<string_agg(x, NULL):string,listagg(x, ,):string,string_agg(DISTINCT x, |):string>',
     [('aba', 'a,b,a', 'a|b')]),
    ("select string_agg(x) from values (cast(null as string)) as v(x)", ['string_agg(x, NULL)'],
     'struct<string_agg(x, NULL):string>', [(None,)]),
    ("select string_agg(x, ',') from values ('a') as v(x) where x = 'z'", ['string_agg(x, ,)'],
     None, [(None,)]),
    ("select string_agg(x, ',') from values (1),(2) as v(x)", None,
     'struct<string_agg(x, ,):string>', [('1,2',)]),
    ("select g, string_agg(x, ',') from values (1,'a'),(2,'b'),(1,'c'),(1,null) as v(g,x) "
     "group by g order by g", None, None, [(1, 'a,c'), (2, 'b')]),
    ("select string_agg(x, null), string_agg(x, '') from values ('a'),('b') as v(x)",
     ['string_agg(x, NULL)', 'string_agg(x, )'], None, [('ab', 'ab')]),
    ("select string_agg(x, X'42') from values (X'01'),(X'02') as v(x)", ["string_agg(x, X'42')"],
     "struct<string_agg(x, X'42'):binary>", [(b'\x01B\x02',)]),
]


@pytest.mark.parametrize("sql,names,schema,rows", SQL_CASES)
def test_sql(spark, sql, names, schema, rows):
    got_names, got_schema, got_rows = q(spark, sql)
    if names is not None:
        assert got_names == names
    if schema is not None:
        assert got_schema == schema
    assert got_rows == rows


def test_mode_nan_and_errors(spark):
    _, _, rows = q(spark, "select mode(x), mode(x, true) from values (1.5D),(2.5D),(2.5D),"
                          "(double('NaN')),(double('NaN')),(double('NaN')) as v(x)")
    assert all(math.isnan(v) for v in rows[0])
    with pytest.raises(Exception, match="INTEGRAL"):
        spark.sql("select bit_and(x) from values (1.5D) as v(x)").collect()
    with pytest.raises(Exception, match="NON_FOLDABLE_INPUT"):
        spark.sql("select string_agg(x, y) from values ('a', ','),('b', ',') as v(x, y)").collect()


def test_dataframe_api(spark):
    df = spark.createDataFrame([("Java", 2012, 20000), ("dotNET", 2012, 5000),
                                ("Java", 2012, 20000), ("dotNET", 2012, 5000),
                                ("dotNET", 2013, 48000), ("Java", 2013, 30000)],
                               schema=("course", "year", "earnings"))
    g = df.groupby("course").agg(F.mode("year")).orderBy("course")
    assert g.columns == ["course", "mode(year)"]
    assert [tuple(r) for r in g.collect()] == [("Java", 2012), ("dotNET", 2012)]
    a = df.agg(F.mode("year"), F.mode("course", deterministic=True))
    assert a.columns == ["mode(year)", "mode() WITHIN GROUP (ORDER BY course DESC)"]
    assert tuple(a.collect()[0]) == (2012, "Java")

    r = spark.range(10).agg(F.try_sum("id"), F.try_avg("id"))
    assert r.columns == ["try_sum(id)", "try_avg(id)"]
    assert tuple(r.collect()[0]) == (45, 4.5)

    b = spark.createDataFrame([[1], [1], [2]], ["c"]).select(F.bit_and("c"), F.bit_or("c"),
                                                              F.bit_xor("c"))
    assert b.schema.simpleString() == "struct<bit_and(c):bigint,bit_or(c):bigint,bit_xor(c):bigint>"
    assert tuple(b.collect()[0]) == (0, 3, 2)

    x = spark.createDataFrame([(1, 2), (2, 2), (2, 3), (2, 4)], schema=["x", "y"])
    fs = ["regr_count", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
          "regr_slope", "regr_intercept", "regr_r2"]
    res = x.select(*[getattr(F, f)("y", "x") for f in fs])
    assert res.columns == [f"{f}(y, x)" for f in fs]
    assert tuple(res.collect()[0]) == (4, 1.75, 2.75, 0.75, 2.75, 0.75, 1.0, 1.0,
                                       0.2727272727272727)

    s = spark.createDataFrame([('a',), ('b',), (None,), ('c',), ('b',)], ['strings']).coalesce(1)
    out = s.select(F.string_agg('strings'), F.string_agg('strings', ', '),
                   F.string_agg_distinct('strings', ', '), F.listagg('strings', '-'),
                   F.listagg_distinct('strings'), F.string_agg('strings', F.lit(', ')))
    assert out.columns == ['string_agg(strings, NULL)', 'string_agg(strings, , )',
                           'string_agg(DISTINCT strings, , )', 'listagg(strings, -)',
                           'listagg(DISTINCT strings, NULL)', 'string_agg(strings, , )']
    assert tuple(out.collect()[0]) == ('abcb', 'a, b, c, b', 'a, b, c', 'a-b-c-b', 'abc',
                                       'a, b, c, b')
    bdf = spark.createDataFrame([(b'\x01',), (b'\x02',), (None,), (b'\x03',), (b'\x02',)],
                                ['bytes']).coalesce(1)
    bo = bdf.select(F.string_agg('bytes', b'\x42'), F.listagg_distinct('bytes'))
    assert bo.schema.simpleString() == \
        "struct<string_agg(bytes, X'42'):binary,listagg(DISTINCT bytes, NULL):binary>"
    assert tuple(bo.collect()[0]) == (b'\x01B\x02B\x03B\x02', b'\x01\x02\x03')
