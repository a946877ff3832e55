"""SQL/DataFrame workloads on rayspark, PySpark local[2] and DuckDB (the
single-process reference).

    python -m benchmarks.sql_bench [--engines rayspark,pyspark,duckdb]
                                   [--size tiny|small|large] [--repeat 3]
                                   [--only groupby_parquet,q3_dataframe,...]
                                   [--data-dir /tmp/rayspark-bench-data]
                                   [--json FILE] [--profile DIR]

The parent generates (or reuses) the data set for the size with
benchmarks.sql_data -- Parquet tables, one CSV file and the expected answers
computed with pandas -- then runs one child process per engine
(`python -m benchmarks.sql_bench --child ENGINE ...`).  The child starts its
session once (timed separately, not part of any workload), then for every
workload runs one warm-up run and --repeat timed runs; every run reads its
input files from disk again and its answer is checked against the pandas
answer (same rows, floats within 1e-6 relative), so the engines agree with
each other.  See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import decimal
import json
import math
import os
import shutil
import sys
import tempfile
import time

if __package__ in (None, ""):  # allow `python benchmarks/sql_bench.py`
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "benchmarks"

from benchmarks import harness  # noqa: E402
from benchmarks import sql_data  # noqa: E402

ENGINES = ("rayspark", "pyspark", "duckdb")
REFERENCE = "duckdb"
WORKLOADS = ["groupby_parquet", "q3_dataframe", "q3_sql", "window", "csv_infer"]
REL_TOL = 1e-6

Q3_SQL = f"""
SELECT l_orderkey,
       sum(l_extendedprice * (1 - l_discount)) AS revenue,
       o_orderdate,
       o_shippriority
FROM customer, orders, lineitem
WHERE c_mktsegment = '{sql_data.Q3_SEGMENT}'
  AND c_custkey = o_custkey
  AND l_orderkey = o_orderkey
  AND o_orderdate < date '{sql_data.Q3_DATE.isoformat()}'
  AND l_shipdate > date '{sql_data.Q3_DATE.isoformat()}'
GROUP BY l_orderkey, o_orderdate, o_shippriority
ORDER BY revenue DESC, o_orderdate
LIMIT 10
"""

WINDOW_SQL = f"""
SELECT category, key, amount, rn, running FROM (
  SELECT category, key, amount,
         row_number() OVER w AS rn,
         sum(amount) OVER w AS running
  FROM facts
  WINDOW w AS (PARTITION BY category ORDER BY amount)
) WHERE rn <= {sql_data.WINDOW_TOP}
"""


class WrongAnswer(AssertionError):
    pass


# --------------------------------------------------------------------------
# answers: normalisation and comparison
# --------------------------------------------------------------------------

def _norm_value(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, _dt.datetime):
        return v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v
    if hasattr(v, "item"):  # numpy scalar
        return _norm_value(v.item())
    return v


def normalise(rows) -> list:
    return [[_norm_value(v) for v in tuple(r)] for r in rows]


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return False
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-9)
    return a == b


def compare(got: list, exp: list, ordered: bool) -> str | None:
    """None if `got` equals `exp` (floats within REL_TOL); else a message."""
    if len(got) != len(exp):
        return f"{len(got)} rows, expected {len(exp)}"
    if not ordered:
        got = sorted(got, key=lambda r: [str(x) for x in r])
        exp = sorted(exp, key=lambda r: [str(x) for x in r])
    for i, (g, e) in enumerate(zip(got, exp)):
        if len(g) != len(e) or not all(_same(x, y) for x, y in zip(g, e)):
            return f"row {i}: {g} != expected {e}"
    return None


def verify(workload: str, spec: dict, result) -> None:
    exp = spec["expected"]
    if workload == "groupby_parquet":
        msg = compare(normalise(result), exp["groupby_parquet"], ordered=False)
    elif workload in ("q3_dataframe", "q3_sql"):
        msg = compare(normalise(result), exp["q3"], ordered=True)
    elif workload == "window":
        got = sorted(normalise(result), key=lambda r: (r[0], r[3]))
        msg = compare(got, exp["window"], ordered=True)
    elif workload == "csv_infer":
        rows, schema = result
        msg = compare(normalise(rows), exp["csv_infer"], ordered=True)
        if msg is None and schema is not None and schema != exp["csv_schema"]:
            msg = f"inferred schema {schema}, expected {exp['csv_schema']}"
    else:
        raise ValueError(workload)
    if msg:
        raise WrongAnswer(msg)


# --------------------------------------------------------------------------
# engines (child side)
# --------------------------------------------------------------------------

class SparkAPIEngine:
    """rayspark and PySpark share the PySpark DataFrame API."""

    name = "?"
    spark = None
    F = None
    Window = None

    def smoke(self):
        got = self.spark.range(100).groupBy().sum("id").collect()[0][0]
        if got != 4950:
            raise WrongAnswer(f"smoke test: sum {got} != 4950")

    def row_number(self):
        return self.F.row_number()

    def groupby_parquet(self, p):
        spark, F, path = self.spark, self.F, p["facts"]

        def run():
            return (spark.read.parquet(path).groupBy("category")
                    .agg(F.sum("amount"), F.count("*"), F.avg("qty")).collect())
        return run

    def q3_dataframe(self, p):
        spark, F = self.spark, self.F
        day = sql_data.Q3_DATE

        def run():
            c = spark.read.parquet(p["customer"]).filter(F.col("c_mktsegment") == sql_data.Q3_SEGMENT)
            o = spark.read.parquet(p["orders"]).filter(F.col("o_orderdate") < F.lit(day))
            li = spark.read.parquet(p["lineitem"]).filter(F.col("l_shipdate") > F.lit(day))
            return (c.join(o, F.col("c_custkey") == F.col("o_custkey"))
                    .join(li, F.col("l_orderkey") == F.col("o_orderkey"))
                    .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                    .agg(F.sum(F.col("l_extendedprice") * (1 - F.col("l_discount"))).alias("revenue"))
                    .orderBy(F.col("revenue").desc(), F.col("o_orderdate"))
                    .limit(10)
                    .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                    .collect())
        return run

    def q3_sql(self, p):
        spark = self.spark

        def run():
            for t in ("customer", "orders", "lineitem"):
                spark.read.parquet(p[t]).createOrReplaceTempView(t)
            return spark.sql(Q3_SQL).collect()
        return run

    def window(self, p):
        spark, F, Window, path = self.spark, self.F, self.Window, p["facts"]
        rn = self.row_number

        def run():
            w = Window.partitionBy("category").orderBy("amount")
            return (spark.read.parquet(path)
                    .withColumn("rn", rn().over(w))
                    .withColumn("running", F.sum("amount").over(w))
                    .filter(F.col("rn") <= sql_data.WINDOW_TOP)
                    .select("category", "key", "amount", "rn", "running")
                    .collect())
        return run

    def csv_infer(self, p):
        spark, F, path = self.spark, self.F, p["csv"]

        def run():
            df = spark.read.csv(path, header=True, inferSchema=True)
            rows = df.agg(F.count("*"), F.sum("price"), F.max("day")).collect()
            schema = [f"{f.name}:{f.dataType.simpleString()}" for f in df.schema.fields]
            return rows, schema
        return run


class RaysparkEngine(SparkAPIEngine):
    name = "rayspark"

    def start(self):
        from rayspark.sql import SparkSession, Window
        from rayspark.sql import functions as F
        self.spark = (SparkSession.builder.master("local[2]")
                      .appName("rayspark-sql-bench").getOrCreate())
        try:
            self.spark.sparkContext.setLogLevel("ERROR")
        except Exception:  # noqa: BLE001
            pass
        self.F, self.Window = F, Window

    def row_number(self):
        try:
            return self.F.row_number()
        except AttributeError:
            # functions.row_number not exported yet: use the module that defines it
            from rayspark.sql.window_functions_api import row_number
            return row_number()

    def stop(self):
        try:
            if self.spark is not None:
                sc = self.spark.sparkContext
                self.spark.stop()
                sc.stop()
        finally:
            ray = sys.modules.get("ray")
            if ray is not None and ray.is_initialized():
                ray.shutdown()


class PysparkEngine(SparkAPIEngine):
    name = "pyspark"

    def start(self):
        from pyspark.sql import SparkSession, Window
        from pyspark.sql import functions as F
        self.spark = (SparkSession.builder.master("local[2]")
                      .appName("pyspark-sql-bench")
                      .config("spark.driver.memory", "4g")
                      .config("spark.sql.shuffle.partitions", "2")
                      .config("spark.ui.enabled", "false")
                      .config("spark.ui.showConsoleProgress", "false")
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")
        self.F, self.Window = F, Window

    def stop(self):
        if self.spark is not None:
            self.spark.stop()


class DuckDBEngine:
    """Single process, threads=2.  DuckDB has no DataFrame API of Spark's
    shape, so q3_dataframe runs the same SQL as q3_sql."""

    name = "duckdb"

    def start(self):
        import duckdb
        self.con = duckdb.connect()
        self.con.execute("SET threads=2")

    def stop(self):
        self.con.close()

    def smoke(self):
        got = self.con.execute("SELECT sum(range) FROM range(100)").fetchone()[0]
        if got != 4950:
            raise WrongAnswer(f"smoke test: sum {got} != 4950")

    @staticmethod
    def _pq(d):
        return "read_parquet('%s')" % os.path.join(d, "*.parquet").replace("'", "''")

    def groupby_parquet(self, p):
        q = (f"SELECT category, sum(amount), count(*), avg(qty) FROM {self._pq(p['facts'])} "
             "GROUP BY category")
        return lambda: self.con.execute(q).fetchall()

    def q3_sql(self, p):
        con = self.con

        def run():
            for t in ("customer", "orders", "lineitem"):
                con.execute(f"CREATE OR REPLACE TEMP VIEW {t} AS SELECT * FROM {self._pq(p[t])}")
            return con.execute(Q3_SQL).fetchall()
        return run

    q3_dataframe = q3_sql

    def window(self, p):
        con = self.con

        def run():
            con.execute(f"CREATE OR REPLACE TEMP VIEW facts AS SELECT * FROM {self._pq(p['facts'])}")
            return con.execute(WINDOW_SQL).fetchall()
        return run

    def csv_infer(self, p):
        # read_csv's sniffer detects header and column types (from a sample)
        q = ("SELECT count(*), sum(price), max(day) FROM read_csv('%s', header=true)"
             % p["csv"].replace("'", "''"))
        return lambda: (self.con.execute(q).fetchall(), None)


ENGINE_CLASSES = {"rayspark": RaysparkEngine, "pyspark": PysparkEngine, "duckdb": DuckDBEngine}


# --------------------------------------------------------------------------
# child main
# --------------------------------------------------------------------------

def child_main(engine_name: str, spec_path: str, events_path: str) -> int:
    def run_jobs(engine, spec, ev):
        repeat, warmup, profile_dir = spec["repeat"], spec["warmup"], spec.get("profile_dir")
        size = spec["size"]
        for workload in spec["jobs"]:
            ev.emit(event="start", name=workload, size=size)
            try:
                fn = getattr(engine, workload)(spec["paths"])
                times, result, warm = harness.time_repeated(
                    fn, repeat, warmup, verify=lambda res: verify(workload, spec, res))
                if profile_dir:
                    import cProfile
                    prof = cProfile.Profile()
                    prof.enable()
                    fn()
                    prof.disable()
                    os.makedirs(profile_dir, exist_ok=True)
                    prof.dump_stats(os.path.join(profile_dir, f"{engine_name}-{workload}.pstats"))
            except WrongAnswer as e:
                harness.emit_failure(ev, workload, size, e, wrong=True)
                continue
            except Exception as e:  # noqa: BLE001
                harness.emit_failure(ev, workload, size, e, wrong=False)
                continue
            rows = result[0] if workload == "csv_infer" else result
            ev.emit(event="result", name=workload, size=size, status="ok",
                    times=times, warmup=warm, median=harness.median(times),
                    answer=normalise(rows)[:20])
    return harness.serve_child(events_path, spec_path, ENGINE_CLASSES[engine_name], run_jobs)


# --------------------------------------------------------------------------
# parent
# --------------------------------------------------------------------------

def run_engine(engine: str, spec: dict, workdir: str, timeout: float, log) -> dict:
    """Run all workloads of `spec` on one engine; after a hang or crash, blame
    the running workload and restart the child for the rest."""
    out = {"results": {}, "context_seconds": [], "first_job_seconds": [],
           "stop_seconds": [], "status": "ok", "reason": None, "restarts": 0}
    jobs = list(spec["jobs"])
    log_path = os.path.join(workdir, f"{engine}.log")
    while jobs:
        spec_path = os.path.join(workdir, f"{engine}.spec.json")
        with open(spec_path, "w") as f:
            json.dump(dict(spec, jobs=jobs), f)
        events_path = os.path.join(workdir, f"{engine}.events.jsonl")

        def on_event(ev):
            kind = ev.get("event")
            if kind == "context":
                log(f"[{engine}] session up in {ev['seconds']:.2f}s "
                    f"(first job {ev['first_job_seconds']:.2f}s)")
            elif kind == "skip":
                log(f"[{engine}] skipped: {ev['reason']}")
            elif kind == "start":
                log(f"[{engine}] {ev['name']} ...")
            elif kind == "result":
                what = f"[{engine}] {ev['name']} {ev['size']}: "
                if ev["status"] == "ok":
                    log(what + f"median {ev['median']:.3f}s (warm-up "
                        f"{', '.join(f'{t:.3f}' for t in ev['warmup'])}; runs "
                        f"{', '.join(f'{t:.3f}' for t in ev['times'])})")
                else:
                    log(what + ev["status"] + (f" -- {ev['message']}" if ev.get("message") else ""))

        run = harness.run_child(
            [sys.executable, "-m", "benchmarks.sql_bench", "--child", engine,
             "--spec", spec_path, "--events", events_path],
            events_path, log_path, progress_timeout=timeout, on_event=on_event)
        done, finished = set(), False
        for ev in run.events:
            kind = ev.get("event")
            if kind == "skip":
                out["status"], out["reason"] = "skip", ev["reason"]
                log(harness.tail(log_path, 15, run.log_offset).rstrip())
                return out
            if kind == "context":
                out["context_seconds"].append(ev["seconds"])
                out["first_job_seconds"].append(ev["first_job_seconds"])
            elif kind == "stopped":
                out["stop_seconds"].append(ev["seconds"])
            elif kind == "result":
                out["results"][ev["name"]] = ev
                done.add(ev["name"])
                if ev.get("trace"):
                    log(f"[{engine}] {ev['name']} traceback (tail):\n" + ev["trace"].rstrip())
            elif kind == "done":
                finished = True
        if finished:
            break
        started = [e["name"] for e in run.events if e.get("event") == "start"]
        if not any(e.get("event") == "context" for e in run.events):
            out["status"] = "skip"
            out["reason"] = ("session start timed out" if run.timed_out
                             else f"child exited with code {run.returncode} before the session was up")
            log(f"[{engine}] skipped: {out['reason']}\n"
                + harness.tail(log_path, 15, run.log_offset).rstrip())
            return out
        culprit = started[-1] if started and started[-1] not in done else None
        status = "TIMEOUT" if run.timed_out else f"CRASH(rc={run.returncode})"
        log(f"[{engine}] {status} during {culprit}\n"
            + harness.tail(log_path, 25, run.log_offset).rstrip())
        if culprit is not None:
            out["results"][culprit] = {"name": culprit, "status": status.split("(")[0]}
            done.add(culprit)
        jobs = [j for j in jobs if j not in done]
        out["restarts"] += 1
        if out["restarts"] > 3:
            for j in jobs:
                out["results"][j] = {"name": j, "status": "SKIP"}
            break
    return out


def _cell(res):
    if res is None:
        return "-"
    if res.get("status") == "ok":
        return harness.fmt_seconds(res["median"])
    return res.get("status", "?")


def render(engines, per_engine, spec) -> str:
    ran = [e for e in engines if per_engine[e]["status"] != "skip"]
    others = [e for e in ran if e != "rayspark"] if "rayspark" in ran else []
    headers = ["workload", "size"] + [f"{e} s" for e in ran] + [f"rayspark/{o}" for o in others]
    rows = []
    for w in spec["jobs"]:
        row, med = [w, spec["size"]], {}
        for e in ran:
            r = per_engine[e]["results"].get(w)
            row.append(_cell(r))
            med[e] = r["median"] if r and r.get("status") == "ok" else None
        for o in others:
            row.append(harness.fmt_ratio(harness.ratio(med["rayspark"], med[o])))
        rows.append(row)
    lines = [harness.format_table(headers, rows), ""]
    lines.append(f"seconds = median of {spec['repeat']} timed runs after {spec['warmup']} warm-up "
                 "run(s), input files read in every run, session start excluded; every answer "
                 "checked against pandas (floats within 1e-6 relative)")
    if others:
        lines.append("ratio = rayspark time / other time (< 1 means rayspark is faster)")
    lines.append(f"fact table rows: {spec['rows']:,}; pyspark: local[2], spark.driver.memory=4g, "
                 "spark.sql.shuffle.partitions=2; rayspark: local[2], default conf (shuffle "
                 "partitions = defaultParallelism = 2); duckdb: threads=2")
    for e in engines:
        info = per_engine[e]
        if info["status"] == "skip":
            lines.append(f"{e}: skipped ({info['reason']})")
            continue
        s = (f"{e}: session start {harness.fmt_seconds(harness.median(info['context_seconds']))}s, "
             f"first job {harness.fmt_seconds(harness.median(info['first_job_seconds']))}s")
        if info["restarts"]:
            s += f", child restarted {info['restarts']}x"
        lines.append(s)
    lines.append(harness.machine_line(spec.get("load_before")) +
                 ("; after %.2f %.2f %.2f" % tuple(spec["load_after"]) if spec.get("load_after") else ""))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sql_bench",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--size", choices=list(sql_data.SIZES), default="small")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated workload names")
    ap.add_argument("--data-dir", default=sql_data.DEFAULT_DATA_DIR,
                    help="where generated data is cached (default %(default)s)")
    ap.add_argument("--json", dest="json_path", default=None, help="save raw timings here")
    ap.add_argument("--profile", default=None, metavar="DIR",
                    help="after the timed runs, run each workload once more under cProfile "
                         "(driver side) and write DIR/ENGINE-WORKLOAD.pstats")
    ap.add_argument("--timeout", type=float, default=1800.0,
                    help="kill an engine's child after this many seconds without progress")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir with the child logs")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    ap.add_argument("--events", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        return child_main(args.child, args.spec, args.events)

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    bad = [e for e in engines if e not in ENGINES]
    if bad or not engines:
        ap.error(f"unknown engine(s) {bad}; choose from {','.join(ENGINES)}")
    engines = [e for e in ENGINES if e in engines]
    workloads = WORKLOADS
    if args.only:
        names = [w.strip() for w in args.only.split(",") if w.strip()]
        bad = [w for w in names if w not in WORKLOADS]
        if bad:
            ap.error(f"unknown workload(s) {bad}; choose from {','.join(WORKLOADS)}")
        workloads = [w for w in WORKLOADS if w in names]

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    data = sql_data.ensure(args.size, args.data_dir, log=log)
    load_before = harness.load_average()
    spec = {"jobs": workloads, "size": args.size, "rows": data["rows"], "paths": data["paths"],
            "expected": data["expected"], "repeat": args.repeat, "warmup": args.warmup,
            "load_before": load_before,
            "profile_dir": os.path.abspath(args.profile) if args.profile else None}
    workdir = tempfile.mkdtemp(prefix="rayspark-sqlbench-")
    try:
        per_engine = {}
        for e in engines:
            t0 = time.perf_counter()
            per_engine[e] = run_engine(e, spec, workdir, args.timeout, log)
            log(f"[{e}] finished in {time.perf_counter() - t0:.0f}s")
        spec["load_after"] = harness.load_average()
        table = render(engines, per_engine, spec)
        print(table, flush=True)
        if args.json_path:
            raw = {"machine": {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
                               "load_before": load_before, "load_after": spec["load_after"]},
                   "args": vars(args), "rows": data["rows"],
                   "engines": {e: {k: v for k, v in info.items() if k != "results"}
                               for e, info in per_engine.items()},
                   "results": [dict(r, engine=e) for e, info in per_engine.items()
                               for r in info["results"].values()],
                   "table": table}
            with open(args.json_path, "w") as f:
                json.dump(raw, f, indent=1)
            log(f"raw timings written to {args.json_path}")
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
