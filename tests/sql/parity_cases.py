"""DataFrame scenarios run on PySpark (to record expected values) and on rayspark (tests);
each returns a JSON-able value. Expected values: tests/sql/data/pyspark_4_3_dataframe.json,
recorded with tests/sql/tools/record_pyspark_parity.py."""
import datetime, decimal


def _rows(rows):
    out = []
    for r in rows:
        out.append([_v(x) for x in r])
    return out


def _v(x):
    if isinstance(x, (datetime.date, datetime.datetime, decimal.Decimal)):
        return repr(x)
    if isinstance(x, list):
        return [_v(i) for i in x]
    if isinstance(x, dict):
        return {str(k): _v(v) for k, v in sorted(x.items(), key=lambda kv: str(kv[0]))}
    if hasattr(x, "asDict"):
        return ["Row", [_v(i) for i in x]]
    return x


def base(spark):
    return spark.createDataFrame(
        [(1, "a", 2.5, True), (2, None, 3.0, False), (3, "a", 1.0, None), (4, "b", None, True),
         (5, "b", 7.5, False)], ["id", "s", "x", "flag"])


def other(spark):
    return spark.createDataFrame([(1, "one"), (3, "three"), (6, "six"), (None, "none")],
                                 ["id", "name"])


def C(spark, F):
    df = base(spark)
    o = other(spark)
    cases = {}
    def case(name):
        def deco(f):
            cases[name] = f
            return f
        return deco

    @case("schema_simple")
    def _():
        return df.schema.simpleString()

    @case("select_exprs_names")
    def _():
        d = df.select(F.col("id") + 1, F.col("id") / 2, F.col("x") * F.col("id"), F.col("id") % 2,
                      -F.col("id"), F.col("id") == 1, F.col("s").isNull(), ~F.col("flag"),
                      (F.col("id") > 1) & (F.col("x") < 3), F.lit(1), F.lit("q"), F.lit(None),
                      F.lit(1.5), F.col("id").cast("string"), F.col("s").isin("a", "c"),
                      F.col("id").between(2, 4), F.when(F.col("id") > 2, "big").otherwise("small"),
                      F.coalesce(F.col("s"), F.lit("z")))
        return [d.columns, d.schema.simpleString(), _rows(d.collect())]

    @case("filter_where")
    def _():
        return _rows(df.filter((F.col("x") > 2) | F.col("s").isNull()).where(F.col("id") < 5).collect())

    @case("filter_null_cond")
    def _():
        return _rows(df.filter(F.col("flag")).collect())

    @case("groupby_agg")
    def _():
        d = df.groupBy("s").agg(F.sum("id"), F.count("*"), F.count("x"), F.avg("x"), F.min("x"),
                                F.max("id"), F.countDistinct("flag"), F.collect_list("id"),
                                F.sum(F.col("id") * 2).alias("dbl"), F.first("id"))
        return [d.columns, d.schema.simpleString(), sorted(_rows(d.collect()), key=str)]

    @case("global_agg")
    def _():
        d = df.agg(F.sum("id"), F.avg("x"), F.stddev("x"), F.variance("id"), F.count("s"),
                   F.max("s"), F.min("flag"))
        return [d.columns, _rows(d.collect())]

    @case("global_agg_empty")
    def _():
        d = df.filter(F.col("id") > 100).agg(F.sum("id"), F.count("*"), F.avg("x"), F.collect_list("id"))
        return [d.columns, _rows(d.collect())]

    @case("groupby_count_shortcuts")
    def _():
        return [sorted(_rows(df.groupBy("s").count().collect()), key=str),
                sorted(_rows(df.groupBy("s").sum("id", "x").collect()), key=str),
                df.groupBy("s").avg().columns,
                sorted(_rows(df.groupBy("s").agg({"x": "max", "id": "count"}).collect()), key=str)]

    @case("groupby_expr")
    def _():
        d = df.groupBy((F.col("id") % 2).alias("odd")).agg(F.sum("id").alias("t")).orderBy("odd")
        return [d.columns, _rows(d.collect())]

    @case("orderby")
    def _():
        return [_rows(df.orderBy(F.desc("x")).collect()), _rows(df.orderBy("s", F.col("id").desc()).collect()),
                _rows(df.orderBy(F.col("x").asc_nulls_last()).collect()),
                _rows(df.sort(["s", "id"], ascending=[False, True]).collect())]

    @case("joins")
    def _():
        res = {}
        for how in ["inner", "left", "right", "full", "semi", "anti", "left_outer", "outer", "leftsemi"]:
            d = df.join(o, "id", how)
            res[how] = [d.columns, sorted(_rows(d.collect()), key=str)]
        d = df.join(o, df.id == o.id, "left")
        res["expr_left"] = [d.columns, sorted(_rows(d.collect()), key=str)]
        d = df.join(o, (df.id == o.id) & (df.x > 2), "inner")
        res["expr_cond"] = [d.columns, sorted(_rows(d.collect()), key=str)]
        d = df.join(o, df.id < o.id, "inner")
        res["nonequi"] = [sorted(_rows(d.select(df.id, o.id).collect()), key=str)]
        res["cross"] = df.crossJoin(o).count()
        return res

    @case("self_join")
    def _():
        a = df.alias("a"); b = df.alias("b")
        d = a.join(b, F.col("a.id") == F.col("b.id") + 1).select("a.id", "b.id", "a.s")
        return [d.columns, sorted(_rows(d.collect()), key=str)]

    @case("set_ops")
    def _():
        x = spark.createDataFrame([(1, "a"), (1, "a"), (2, None), (3, "c")], ["k", "v"])
        y = spark.createDataFrame([(1, "a"), (2, None), (4, "d")], ["k", "v"])
        return {"union": sorted(_rows(x.union(y).collect()), key=str),
                "intersect": sorted(_rows(x.intersect(y).collect()), key=str),
                "intersectAll": sorted(_rows(x.intersectAll(y).collect()), key=str),
                "subtract": sorted(_rows(x.subtract(y).collect()), key=str),
                "exceptAll": sorted(_rows(x.exceptAll(y).collect()), key=str),
                "distinct": sorted(_rows(x.distinct().collect()), key=str),
                "dropDuplicates": x.dropDuplicates(["k"]).count(),
                "unionByName": sorted(_rows(x.unionByName(y.select("v", "k")).collect()), key=str)}

    @case("union_types")
    def _():
        x = spark.createDataFrame([(1,)], ["a"]).select(F.col("a").cast("int").alias("a"))
        y = spark.createDataFrame([(2.5,)], ["a"])
        d = x.union(y)
        return [d.schema.simpleString(), sorted(_rows(d.collect()), key=str)]

    @case("withcolumn_ops")
    def _():
        d = (df.withColumn("y", F.col("id") * 10).withColumnRenamed("s", "str").drop("flag")
               .withColumns({"z": F.lit(0), "id": F.col("id") + 100}))
        return [d.columns, _rows(d.collect())]

    @case("limit_offset")
    def _():
        return [_rows(df.orderBy("id").limit(2).collect()), _rows(df.orderBy("id").offset(3).collect()),
                len(df.take(3)), _rows(df.orderBy("id").tail(2)), df.orderBy("id").first()[0],
                _rows(df.orderBy("id").head(2)), df.limit(0).count()]

    @case("show_basic")
    def _():
        return df._jdf.showString(20, 20, False) if hasattr(df, "_jdf") else df._show_string()

    @case("show_trunc")
    def _():
        d = spark.createDataFrame([("a" * 30, 1.0), ("b", None)], ["long_string_col", "v"])
        if hasattr(d, "_jdf"):
            return [d._jdf.showString(1, 20, False), d._jdf.showString(20, 5, False), d._jdf.showString(20, 0, True)]
        return [d._show_string(1), d._show_string(20, 5), d._show_string(20, 0, True)]

    @case("show_agg")
    def _():
        d = df.groupBy("s").agg(F.sum("x").alias("sx"), F.count("*")).orderBy("s")
        return d._jdf.showString(20, 20, False) if hasattr(d, "_jdf") else d._show_string()

    @case("explode")
    def _():
        d = spark.createDataFrame([(1, [1, 2]), (2, []), (3, None)], ["k", "arr"])
        m = spark.createDataFrame([(1, {"a": 1, "b": 2})], ["k", "m"])
        return [_rows(d.select("k", F.explode("arr")).collect()),
                _rows(d.select("k", F.explode_outer("arr").alias("e")).collect()),
                _rows(d.select("k", F.posexplode("arr")).collect()),
                d.select("k", F.posexplode("arr")).columns,
                sorted(_rows(m.select("k", F.explode("m")).collect()), key=str),
                m.select(F.explode("m")).columns]

    @case("complex_types")
    def _():
        d = spark.createDataFrame([(1, [1, 2, 3], {"a": 1}, ("x", 2))], "k int, arr array<int>, m map<string,int>, st struct<p:string,q:int>")
        r = d.select(F.col("arr")[0], F.col("arr").getItem(1), F.col("m")["a"], F.col("st.p"), F.col("st")["q"],
                     F.array("k", "k"), F.struct("k", F.col("arr")).alias("s2"), F.create_map(F.lit("z"), "k"))
        return [r.columns, r.schema.simpleString(), _rows(r.collect())]

    @case("rollup_cube")
    def _():
        d = spark.createDataFrame([("a", "x", 1), ("a", "y", 2), ("b", "x", 3)], ["c1", "c2", "v"])
        r = d.rollup("c1", "c2").agg(F.sum("v")).orderBy("c1", "c2")
        c = d.cube("c1").agg(F.sum("v"), F.grouping("c1")).orderBy("c1") if hasattr(F, "grouping") else None
        return [r.columns, _rows(r.collect()), c.columns if c is not None else None,
                _rows(c.collect()) if c is not None else None]

    @case("pivot")
    def _():
        d = spark.createDataFrame([("a", "x", 1), ("a", "y", 2), ("b", "x", 3), ("a", "x", 4)], ["c1", "c2", "v"])
        r = d.groupBy("c1").pivot("c2").sum("v").orderBy("c1")
        r2 = d.groupBy("c1").pivot("c2", ["x"]).agg(F.sum("v"), F.count("v")).orderBy("c1")
        return [r.columns, _rows(r.collect()), r2.columns, _rows(r2.collect())]

    @case("create_from_types")
    def _():
        import pandas as pd
        d1 = spark.createDataFrame([{"b": 1, "a": "x"}, {"b": 2, "a": None}])
        d2 = spark.createDataFrame([(1, 2.0)], "a int, b double")
        d3 = spark.createDataFrame(pd.DataFrame({"i": [1, 2], "f": [1.5, None], "s": ["a", None]}))
        d4 = spark.createDataFrame([1, 2, 3], "int")
        d5 = spark.createDataFrame([(datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("1.50"))], ["d", "t", "dec"])
        return [[d.schema.simpleString(), _rows(d.collect())] for d in (d1, d2, d3, d4, d5)]

    @case("range_ops")
    def _():
        d = spark.range(10)
        return [d.columns, d.count(), spark.range(2, 20, 3).collect() and _rows(spark.range(2, 20, 3).collect()),
                d.filter(F.col("id") % 3 == 0).agg(F.sum("id")).collect()[0][0]]

    @case("arith_types")
    def _():
        d = spark.createDataFrame([(7, 2, 2.0)], "a int, b bigint, c double")
        r = d.select(F.col("a") + F.col("b"), F.col("a") / F.col("b"), F.col("a") % F.col("b"),
                     F.col("a") * F.col("c"), F.col("a") - F.lit(1), F.col("a") + F.lit(1.5),
                     F.col("a") + F.lit("3"), F.col("c") / F.lit(4))
        return [r.columns, r.schema.simpleString(), _rows(r.collect())]

    @case("null_semantics")
    def _():
        d = spark.createDataFrame([(1, None), (None, None), (2, 3)], "a int, b int")
        r = d.select(F.col("a") + F.col("b"), F.col("a") == F.col("b"), F.col("a").eqNullSafe(F.col("b")),
                     (F.col("a") > 0) & F.col("b").isNull(), (F.col("a") > 5) | F.lit(None).cast("boolean"),
                     F.col("a").isin(1, None))
        return [r.columns, _rows(r.collect())]

    @case("tojson_like_collect_struct")
    def _():
        d = spark.createDataFrame([(1, "a")], ["k", "v"]).select(F.struct("k", "v").alias("s"))
        r = d.collect()[0]
        return [r.s.k, r.s.v, r["s"].asDict()]

    @case("repartition")
    def _():
        return [df.repartition(3).rdd.getNumPartitions(), df.coalesce(1).rdd.getNumPartitions(),
                sorted(_rows(df.repartition(4, "s").collect()), key=str),
                df.repartition(2, "s").count()]

    @case("errors")
    def _():
        out = []
        for f in [lambda: df.select("nope"), lambda: df.filter(F.col("idx") > 1),
                  lambda: df.select(F.col("s") + F.col("flag")), lambda: df.groupBy("s").agg(F.col("x")),
                  lambda: df.join(o, "nope"), lambda: df.filter(F.col("id")),
                  lambda: df.select(F.col("id") / 0).collect(),
                  lambda: spark.createDataFrame([([1],)], ["a"]).select(F.col("a")[5]).collect()]:
            try:
                f()
                out.append(None)
            except Exception as e:
                out.append([type(e).__name__, str(e).split("\n")[0].split(" SQLSTATE")[0]])
        return out
    return cases
