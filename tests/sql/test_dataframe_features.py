"""DataFrame features beyond the parity scenarios: UDFs, caching, explain, conversions,
writes and their save modes (atomic commit), and the shape of plans."""
from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa
import pytest

from rayspark.errors import AnalysisException, PythonException
from rayspark.sql import Row, functions as F, types as T


@pytest.fixture
def df(spark):
    return spark.createDataFrame([(1, "a", 2.0), (2, "b", 3.0), (3, "a", 4.0)],
                                 ["id", "s", "x"])


def test_row_udf_names_types_and_nulls(df):
    sq = F.udf(lambda v: v * v, "long")
    out = df.select(sq("id"), sq(F.col("id") + 1).alias("y"))
    assert out.columns == ["<lambda>(id)", "y"]
    assert out.collect() == [Row(1, 4), Row(4, 9), Row(9, 16)]

    @F.udf(returnType=T.StringType())
    def up(s):
        return s.upper() if s is not None else None
    assert [r[0] for r in df.select(up("s")).collect()] == ["A", "B", "A"]


def test_udf_error_carries_the_remote_traceback(df):
    bad = F.udf(lambda v: 1 // 0, "int")
    with pytest.raises(PythonException) as ei:
        df.select(bad("id")).collect()
    assert "ZeroDivisionError" in str(ei.value)


def test_pandas_udfs_scalar_and_grouped_agg(df):
    @F.pandas_udf("double")
    def plus(a: pd.Series, b: pd.Series) -> pd.Series:
        return a + b

    @F.pandas_udf("double")
    def mean_(v: pd.Series) -> float:
        return v.mean()
    assert [r[0] for r in df.select(plus("id", "x")).collect()] == [3.0, 5.0, 7.0]
    got = df.groupBy("s").agg(mean_("x")).orderBy("s").collect()
    assert got == [Row(s="a", **{"mean_(x)": 3.0}), Row(s="b", **{"mean_(x)": 3.0})]


def test_apply_in_pandas_map_in_pandas_and_arrow(df):
    def norm(pdf):
        pdf["x"] = pdf["x"] - pdf["x"].mean()
        return pdf
    got = df.groupBy("s").applyInPandas(norm, "id long, s string, x double").orderBy("id")
    assert got.collect() == [Row(id=1, s="a", x=-1.0), Row(id=2, s="b", x=0.0),
                             Row(id=3, s="a", x=1.0)]

    def keep(it):
        for pdf in it:
            yield pdf[pdf.id > 1]
    assert df.mapInPandas(keep, df.schema).count() == 2

    def double(it):
        for b in it:
            yield pa.RecordBatch.from_arrays([pa.compute.multiply(b.column(0), 2)], ["id"])
    assert sorted(r.id for r in df.mapInArrow(double, "id long").collect()) == [2, 4, 6]


def test_apply_in_pandas_groups_nan_and_null_keys_and_many_groups(spark):
    df = spark.createDataFrame([(float("nan"), 1), (float("nan"), 2), (1.0, 3), (None, 4)],
                               "k double, v long")
    out = df.groupBy("k").applyInPandas(lambda p: p.assign(n=len(p)), "k double, v long, n long")
    # NaN rows form one group (a NaN returned in pandas comes back as null, as in PySpark)
    assert sorted((r.v, r.n) for r in out.collect()) == [(1, 2), (2, 2), (3, 1), (4, 1)]
    big = spark.range(0, 20000, numPartitions=2).selectExpr("id % 3000 AS k", "id AS v")
    firsts = big.groupBy("k").applyInPandas(lambda p: p.sort_values("v").head(1), "k long, v long")
    assert sorted(tuple(r) for r in firsts.collect()) == [(k, k) for k in range(3000)]


def test_udf_registered_for_sql_resolves_by_name(spark, df):
    spark.udf.register("twice", lambda v: v * 2, "long")
    from rayspark.sql.column import Column
    from rayspark.sql.expressions.base import UnresolvedFunction, UnresolvedAttribute
    col = Column(UnresolvedFunction("twice", [UnresolvedAttribute(["id"])]))
    assert [r[0] for r in df.select(col).collect()] == [2, 4, 6]


def test_cache_computes_once_and_reports_level(spark, df, tmp_path):
    marker = tmp_path / "runs"
    marker.mkdir()

    @F.udf("long")
    def touch(v):
        (marker / f"{v}-{os.getpid()}-{id(object())}").touch()
        return v
    cached = df.select(touch("id").alias("id")).cache()
    assert cached.storageLevel.useDisk and cached.storageLevel.useMemory
    assert cached.count() == 3
    first = len(os.listdir(marker))
    assert cached.filter(F.col("id") > 1).count() == 2
    assert sorted(r.id for r in cached.collect()) == [1, 2, 3]
    assert len(os.listdir(marker)) == first == 3
    cached.unpersist()
    assert not cached.storageLevel.useMemory


def test_explain_shows_the_planned_operators(spark, df, capsys):
    other = spark.createDataFrame([(1, "one")], ["id", "name"])
    q = df.join(other, "id").where(F.col("x") > 2).groupBy("s").agg(F.sum("x"))
    q.explain(True)
    text = capsys.readouterr().out
    for part in ("== Parsed Logical Plan ==", "== Analyzed Logical Plan ==",
                 "== Optimized Logical Plan ==", "== Physical Plan ==",
                 "HashAggregate(keys=[s#", "partial_sum(x#", "Exchange hashpartitioning(s#",
                 "BroadcastHashJoin"):
        assert part in text
    # the filter was pushed below the join in the optimized plan
    optimized = text.split("== Optimized Logical Plan ==")[1].split("== Physical Plan ==")[0]
    assert optimized.index("Join Inner") < optimized.index("Filter (x#")
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    assert "ShuffledHashJoin" in q._explain_string()


def test_constant_folding_keeps_column_names(df):
    q = df.select((F.lit(1) + F.lit(2)).alias("three"), F.lit(2) * 3)
    assert q.columns == ["three", "(2 * 3)"]
    assert q.first() == Row(3, 6)
    assert "Project [3 AS three" in q._explain_string("extended")


def test_conversions(spark, df):
    pdf = df.toPandas()
    assert list(pdf.columns) == ["id", "s", "x"] and pdf["id"].tolist() == [1, 2, 3]
    assert df.toArrow().column("x").to_pylist() == [2.0, 3.0, 4.0]
    assert df.rdd.map(lambda r: r.id).sum() == 6
    assert list(df.toLocalIterator())[2] == Row(id=3, s="a", x=4.0)
    back = spark.createDataFrame(df.rdd)
    assert back.schema == df.schema and back.count() == 3
    assert spark.createDataFrame(pdf).collect() == df.collect()
    assert spark.createDataFrame(df.toArrow()).collect() == df.collect()


def test_repr_and_html(spark, df):
    assert repr(df) == "DataFrame[id: bigint, s: string, x: double]"
    assert df._repr_html_() is None
    spark.conf.set("spark.sql.repl.eagerEval.enabled", True)
    html = df._repr_html_()
    assert html.startswith("<table border='1'>") and "<th>id</th>" in html


def test_write_modes_and_atomic_overwrite(spark, df, tmp_path):
    out = str(tmp_path / "t")
    df.write.parquet(out)
    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS"):
        df.write.parquet(out)
    df.write.mode("ignore").parquet(out)
    df.write.mode("append").parquet(out)
    assert spark.read.parquet(out).count() == 6

    # an overwrite whose job fails leaves the previous data readable and no staging dirs
    bad = F.udf(lambda v: 1 // 0, "long")
    with pytest.raises(PythonException):
        df.select(bad("id").alias("id")).write.mode("overwrite").parquet(out)
    assert spark.read.parquet(out).count() == 6
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []
    df.write.mode("overwrite").parquet(out)
    assert spark.read.parquet(out).count() == 3


def test_partitioned_write_discovery_and_pruning(spark, df, tmp_path):
    out = str(tmp_path / "p")
    df.write.partitionBy("s").parquet(out)
    assert sorted(os.listdir(out)) == ["_SUCCESS", "s=a", "s=b"]
    back = spark.read.parquet(out)
    assert back.columns == ["id", "x", "s"]
    q = back.where(F.col("s") == "b")
    assert "PartitionFilters: [(s#" in q._explain_string()
    assert q.collect() == [Row(id=2, x=3.0, s="b")]
    assert back.where(F.col("s") == "a").count() == 2


def test_csv_json_text_round_trips(spark, df, tmp_path):
    df.write.option("header", True).csv(str(tmp_path / "c"))
    c = spark.read.csv(str(tmp_path / "c"), header=True, inferSchema=True)
    assert c.dtypes == [("id", "int"), ("s", "string"), ("x", "double")]
    assert sorted(c.collect()) == sorted(df.collect())
    df.write.json(str(tmp_path / "j"))
    j = spark.read.json(str(tmp_path / "j"))
    assert j.dtypes == [("id", "bigint"), ("s", "string"), ("x", "double")]
    df.select("s").write.text(str(tmp_path / "t"))
    assert sorted(r.value for r in spark.read.text(str(tmp_path / "t")).collect()) == \
        ["a", "a", "b"]


def test_save_as_table_and_table(spark, df, tmp_path):
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "wh"))
    df.write.saveAsTable("sales")
    assert spark.table("sales").count() == 3
    assert [t.name for t in spark.catalog.listTables()] == ["sales"]
    with pytest.raises(AnalysisException, match="TABLE_OR_VIEW_ALREADY_EXISTS"):
        df.write.saveAsTable("sales")
    df.write.mode("append").saveAsTable("sales")
    assert spark.table("sales").count() == 6


def test_temp_views(spark, df):
    df.createOrReplaceTempView("v1")
    assert spark.table("v1").count() == 3
    with pytest.raises(AnalysisException, match="TEMP_TABLE_OR_VIEW_ALREADY_EXISTS"):
        df.createTempView("v1")
    df.createOrReplaceGlobalTempView("g1")
    assert spark.table("global_temp.g1").count() == 3
    with pytest.raises(AnalysisException, match="TABLE_OR_VIEW_NOT_FOUND"):
        spark.table("nope")
    assert spark.catalog.dropTempView("v1")


def test_checkpoint_cuts_lineage(spark, df, tmp_path):
    spark.sparkContext.setCheckpointDir(str(tmp_path))
    c = df.groupBy("s").count().checkpoint()
    assert sorted(c.collect()) == [Row(s="a", count=2), Row(s="b", count=1)]
    assert "LogicalRDD" in c._explain_string("extended")


def test_or_conditions_are_not_split_like_and(spark, tmp_path):
    t = spark.createDataFrame([(1, 2), (2, None), (3, 3)], ["k", "v"])
    u = spark.createDataFrame([(1, 2), (3, 5)], ["k", "v"])
    assert t.join(u, (t.k == u.k) | (t.v == 99), "anti").collect() == [Row(k=2, v=None)]
    t.write.parquet(str(tmp_path / "t"))
    back = spark.read.parquet(str(tmp_path / "t"))
    got = back.where((F.col("k") == 1) | (F.col("v") == 3)).orderBy("k").collect()
    assert got == [Row(k=1, v=2), Row(k=3, v=3)]


def test_sample_and_random_split(spark):
    df = spark.range(1000)
    a, b = df.randomSplit([0.3, 0.7], seed=7)
    ids_a = {r.id for r in a.collect()}
    ids_b = {r.id for r in b.collect()}
    assert not ids_a & ids_b and len(ids_a | ids_b) == 1000
    assert 200 < len(ids_a) < 400
    s = df.sample(0.1, seed=3)
    assert s.collect() == s.collect()            # seeded: the same rows every time
    assert 50 < s.count() < 150
    assert df.sample(True, 2.0, seed=1).count() > 1000


def test_range_and_hash_repartitioning(spark):
    df = spark.range(100).withColumn("g", F.col("id") % 5)
    parts = df.repartitionByRange(4, "id").rdd.glom().collect()
    flat = [[r.id for r in p] for p in parts]
    assert sum(len(p) for p in flat) == 100 and len(flat) == 4
    nonempty = [p for p in flat if p]
    for left, right in zip(nonempty, nonempty[1:]):
        assert max(left) < min(right)
    hashed = df.repartition(3, "g").rdd.glom().collect()
    owners = {}
    for i, p in enumerate(hashed):
        for r in p:
            owners.setdefault(r.g, set()).add(i)
    assert all(len(v) == 1 for v in owners.values())
    within = df.repartition(2).sortWithinPartitions(F.desc("id")).rdd.glom().collect()
    for p in within:
        ids = [r.id for r in p]
        assert ids == sorted(ids, reverse=True)


def test_drop_duplicates_and_union_by_name(spark):
    df = spark.createDataFrame([(1, "a"), (1, "b"), (2, "c")], ["k", "v"])
    got = df.dropDuplicates(["k"]).orderBy("k").collect()
    assert [r.k for r in got] == [1, 2] and got[0].v in ("a", "b")
    other = spark.createDataFrame([("z", 9, True)], ["v", "k", "extra"])
    merged = df.unionByName(other, allowMissingColumns=True).orderBy("k")
    assert merged.columns == ["k", "v", "extra"]
    assert merged.collect()[-1] == Row(k=9, v="z", extra=True)
    assert merged.collect()[0].extra is None


def test_nan_sorts_above_every_number(spark):
    df = spark.createDataFrame([(float("nan"),), (1.0,), (None,), (float("inf"),), (-1.0,)],
                               ["v"])
    desc = [r.v for r in df.orderBy(F.desc("v")).collect()]
    assert str(desc) == "[nan, inf, 1.0, -1.0, None]"
    asc = [r.v for r in df.orderBy("v").collect()]
    assert str(asc) == "[None, -1.0, 1.0, inf, nan]"


def test_window_in_filter_is_an_analysis_error(spark):
    from rayspark.sql import Window
    df = spark.range(3)
    with pytest.raises(AnalysisException, match="WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE"):
        df.filter(F.row_number().over(Window.orderBy("id")) > 1)


def test_window_over_an_aggregate(spark):
    from rayspark.sql import Window
    t = spark.createDataFrame([("a", 1), ("a", 2), ("b", 5), ("c", 1)], ["k", "v"])
    t.createOrReplaceTempView("t")
    got = spark.sql("SELECT k, sum(v) s, rank() OVER (ORDER BY sum(v) DESC) r FROM t "
                    "GROUP BY k ORDER BY k").collect()
    assert got == [Row(k="a", s=3, r=2), Row(k="b", s=5, r=1), Row(k="c", s=1, r=3)]
    api = t.groupBy("k").agg(F.sum("v").alias("s"),
                             F.rank().over(Window.orderBy(F.sum("v"))).alias("r"))
    assert api.orderBy("k").collect() == [Row(k="a", s=3, r=2), Row(k="b", s=5, r=3),
                                          Row(k="c", s=1, r=1)]


def test_comma_joins_with_where_equalities_plan_hash_joins(spark):
    spark.createDataFrame([(1, "x"), (2, "y")], ["k", "v"]).createOrReplaceTempView("a")
    spark.createDataFrame([(1, 10), (3, 30)], ["k2", "w"]).createOrReplaceTempView("b")
    spark.createDataFrame([(10, "ten")], ["w2", "name"]).createOrReplaceTempView("c")
    q = spark.sql("select v, w, name from a, b, c where a.k = b.k2 and b.w = c.w2")
    assert q.collect() == [Row(v="x", w=10, name="ten")]
    plan = q._explain_string()
    assert "NestedLoop" not in plan and plan.count("HashJoin") == 2


def test_window_functions_on_one_spec_share_one_operator(spark):
    from rayspark.sql import Window
    df = spark.createDataFrame([("a", 1.0), ("a", 2.0), ("b", 3.0)], ["g", "v"])
    w = Window.partitionBy("g").orderBy("v")
    q = df.withColumn("rn", F.row_number().over(w)).withColumn("s", F.sum("v").over(w))
    assert q._explain_string().count("Window [") == 1
    assert sorted(q.collect()) == [Row(g="a", v=1.0, rn=1, s=1.0), Row(g="a", v=2.0, rn=2, s=3.0),
                                   Row(g="b", v=3.0, rn=1, s=3.0)]


def test_case_when_evaluates_only_the_branch_taken(spark):
    df = spark.createDataFrame([(1, 0), (4, 2), (None, 1)], ["a", "b"])
    got = df.select(F.when(F.col("b") != 0, F.col("a") / F.col("b")).otherwise(-1).alias("r"),
                    F.when(F.col("a").isNull(), "n").when(F.col("a") > 2, "big").alias("w"))
    assert got.collect() == [Row(r=-1.0, w=None), Row(r=2.0, w="big"), Row(r=None, w="n")]


def test_nan_equals_nan_as_in_spark(spark):
    d = spark.createDataFrame([(float("nan"),), (1.0,), (None,)], ["v"])
    got = d.select(d.v == float("nan"), d.v.eqNullSafe(float("nan"))).collect()
    assert [tuple(r) for r in got] == [(True, True), (False, False), (None, False)]


def test_column_transform_chains_functions(spark):
    d = spark.createDataFrame([("  a ",)], ["t"])
    assert d.select(d.t.transform(F.trim).transform(F.upper).alias("r")).first().r == "A"


def test_grouped_data_repr_and_pivot_on_struct_fields(spark):
    df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
    assert repr(df.groupBy(df.name)) == ("GroupedData[grouping expressions: [name], value: "
                                         "[age: bigint, name: string], type: GroupBy]")
    d2 = spark.createDataFrame([
        Row(training="expert", sales=Row(course="dotNET", year=2012, earnings=10000)),
        Row(training="junior", sales=Row(course="Java", year=2012, earnings=20000))])
    got = d2.groupBy("sales.year").pivot("sales.course").agg(F.sum("sales.earnings"))
    assert got.columns == ["year", "Java", "dotNET"]
    assert got.collect() == [Row(year=2012, Java=20000, dotNET=10000)]


def test_drop_table_and_explain_cost(spark, df, tmp_path, capsys):
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "wh"))
    df.write.saveAsTable("t2")
    spark.sql("DROP TABLE t2")
    assert not spark.catalog.tableExists("t2")
    spark.sql("DROP TABLE IF EXISTS t2")
    with pytest.raises(AnalysisException, match="TABLE_OR_VIEW_NOT_FOUND"):
        spark.sql("DROP TABLE t2")
    df.explain(mode="cost")
    out = capsys.readouterr().out
    assert out.startswith("== Optimized Logical Plan ==") and "Statistics(sizeInBytes=" in out


def test_same_semantics_ignores_ids_and_alias_names(spark):
    df1 = spark.createDataFrame([(1, 2), (3, 4)], ["id", "value"])
    a = df1.withColumn("col1", df1.id * 2)
    assert a.sameSemantics(df1.withColumn("col0", df1.id * 2))
    assert not a.sameSemantics(df1.withColumn("col1", df1.id * 3))
    assert not a.sameSemantics(df1.withColumn("col1", df1.value * 2))
    assert spark.range(10).semanticHash() == spark.range(10).semanticHash()


def test_moments_and_sums_match_spark_to_the_last_digit(spark):
    # expected values recorded from PySpark 4.3 (local[2]) on the same rows
    import random
    random.seed(1)
    rows = [(random.choice("xyz"), random.random() * 100) for _ in range(1000)]
    e = spark.createDataFrame(rows, ["k", "v"])
    got = [tuple(r) for r in e.groupBy("k").agg(F.stddev("v"), F.variance("v"), F.avg("v"),
                                                F.sum("v")).orderBy("k").collect()]
    assert got == [
        ("x", 28.870460388949937, 833.5034830699274, 51.535352728680095, 16182.10075680555),
        ("y", 27.723920305329028, 768.6157570962353, 52.10109561546053, 17297.563744332896),
        ("z", 29.760050317137722, 885.660594878569, 47.738440343894474, 16899.407881738643)]
    assert tuple(e.agg(F.stddev("v"), F.var_pop("v"), F.avg("v")).first()) == \
        (28.855536237693087, 831.8093295932541, 50.37907238287711)
    d = spark.createDataFrame([(11, 37.8, 142.2), (12, 40.3, 142.3), (13, 44.1, 150.5)],
                              ["age", "weight", "height"])
    stats = {r.summary: r for r in d.describe().collect()}
    assert (stats["mean"].weight, stats["stddev"].weight, stats["stddev"].height) == \
        ("40.733333333333334", "3.172275734127372", "4.763402145525822")


def test_max_ranks_nan_highest_min_skips_it(spark):
    d = spark.createDataFrame([("a", 1.0), ("a", float("nan")), ("b", 2.0), ("b", None)],
                              ["k", "v"])
    got = d.groupBy("k").agg(F.max("v"), F.min("v")).orderBy("k")
    assert got.columns == ["k", "max(v)", "min(v)"]
    rows = got.collect()
    assert str(rows[0]["max(v)"]) == "nan" and rows[0]["min(v)"] == 1.0
    assert rows[1]["max(v)"] == 2.0


def test_star_arguments_and_trim_names(spark):
    df = spark.createDataFrame([("ABC", "DEF")], ["c1", "c2"])
    got = df.select("*", F.hash("*"))
    assert got.columns == ["c1", "c2", "hash(c1, c2)"]
    assert got.first()[2] == 599895104          # PySpark 4.3's docstring value
    d = spark.createDataFrame([("***Spark",)], ["value"])
    assert d.select(F.trim("value", F.lit("*"))).columns == ["TRIM(BOTH * FROM value)"]


def test_time_windows_and_nested_grouping_keys(spark):
    import datetime
    df = spark.createDataFrame([(datetime.datetime(2016, 3, 11, 9, 0, 7), 1),
                                (datetime.datetime(2016, 3, 11, 9, 0, 8), 2),
                                (datetime.datetime(2016, 3, 11, 9, 0, 12), 5)],
                               "dt TIMESTAMP, v INT")
    w = df.groupBy(F.window("dt", "5 seconds")).agg(F.sum("v")).orderBy("window")
    assert w.columns == ["window", "sum(v)"]
    assert [(r.window.start.second, r.window.end.second, r[1]) for r in w.collect()] == \
        [(5, 10, 3), (10, 15, 5)]
    s = spark.createDataFrame([((1, "a"), 2), ((1, "a"), 3), (None, 4)],
                              "st struct<x:int,y:string>, v int")
    assert s.groupBy("st").sum("v").orderBy("st").collect() == \
        [Row(st=None, **{"sum(v)": 4}), Row(st=Row(x=1, y="a"), **{"sum(v)": 5})]
    a = spark.createDataFrame([([1, 2],), ([1, 2],), ([3],), (None,)], ["a"])
    assert a.groupBy("a").count().orderBy("a").collect() == \
        [Row(a=None, count=1), Row(a=[1, 2], count=2), Row(a=[3], count=1)]
    assert a.distinct().count() == 3


def test_empty_array_literal_in_values_and_explode(spark):
    df = spark.sql("SELECT * FROM VALUES (1,ARRAY(1,2,3,NULL)), (2,ARRAY()), (3,NULL) AS t(i,a)")
    assert df.dtypes == [("i", "int"), ("a", "array<int>")]
    assert [tuple(r) for r in df.select("i", F.explode_outer("a")).collect()] == \
        [(1, 1), (1, 2), (1, 3), (1, None), (2, None), (3, None)]
    assert spark.range(1).select(F.array()).schema.simpleString() == \
        "struct<array():array<void>>"


def test_substring_and_split_take_column_names(spark):
    df = spark.createDataFrame([("Spark", 2, 3)], ["s", "p", "l"])
    got = df.select(F.substring(df.s, 2, "l"), F.substring("s", "p", "l"))
    assert got.columns == ["substring(s, 2, l)", "substring(s, p, l)"]
    assert tuple(got.first()) == ("par", "par")
    d2 = spark.createDataFrame([("oneAtwoBthreeC", "[ABC]", 2)], ["s", "p", "l"])
    assert d2.select(F.split("s", d2.p, "l")).first()[0] == ["one", "twoBthreeC"]


def test_pivot_counts_and_missing_values_as_pyspark(spark):
    # values recorded from PySpark 4.3: numeric/boolean aggregates pivot through PivotFirst
    # (a value a group lacks is NULL, also for count); with a string aggregate among them
    # every aggregate sees only its value's rows (count 0, first ignoring the others' NULLs)
    df = spark.createDataFrame([("a", "x", 1), ("a", "y", 2), ("b", "x", 3), ("b", "x", None)],
                               "k string, p string, v int")
    assert sorted(df.groupBy("k").pivot("p").count().collect()) == [
        Row(k="a", x=1, y=1), Row(k="b", x=2, y=None)]
    assert sorted(df.groupBy("k").pivot("p").agg(F.count("v")).collect()) == [
        Row(k="a", x=1, y=1), Row(k="b", x=1, y=None)]
    got = sorted(df.groupBy("k").pivot("p", ["x", "y", "z"])
                 .agg(F.count("v"), F.max("p"), F.first("v")).collect())
    assert [tuple(r) for r in got] == [
        ("a", 1, "x", 1, 1, "y", 2, 0, None, None),
        ("b", 1, "x", 3, 0, None, None, 0, None, None)]
    assert got[0].__fields__[1:4] == ["x_count(v)", "x_max(p)", "x_first(v)"]


def test_is_local_as_pyspark(spark):
    # checked against PySpark 4.3: createDataFrame's data is distributed; command results and
    # VALUES are local relations
    assert spark.createDataFrame([(1,)], ["a"]).isLocal() is False
    assert spark.range(3).isLocal() is False
    assert spark.sql("SHOW TABLES").isLocal() is True
    assert spark.sql("VALUES (1)").isLocal() is True
    assert spark.sql("SELECT * FROM VALUES (1) AS t(a)").isLocal() is False
    assert spark.createDataFrame([(1, 2)], ["a", "b"]).transpose().isLocal() is False


def test_dict_aggregates_names_and_type_checks(spark):
    # checked against PySpark 4.3
    from rayspark.errors import AnalysisException
    df = spark.createDataFrame([(1, 2.0), (1, 3.0), (2, 5.0)], ["k", "a"])
    assert df.groupBy("k").agg({"a": "std"}).columns == ["k", "stddev(a)"]
    with pytest.raises(AnalysisException, match="`countdistinct`"):
        df.groupBy("k").agg({"a": "countDistinct"})
    with pytest.raises(AnalysisException, match="`product`"):
        df.groupBy("k").agg({"a": "product"})
    with pytest.raises(AnalysisException) as e:
        df.agg(F.bool_and("a"))
    assert e.value.getErrorClass() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert 'requires the "BOOLEAN" type, however "a" has the type "DOUBLE"' in str(e.value)
    assert df.agg(F.product("a")).first()[0] == 30.0
    assert spark.conf.get("spark.sql.mapKeyDedupPolicy") == "EXCEPTION"
