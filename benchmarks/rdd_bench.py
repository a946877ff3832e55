"""RDD workloads on rayspark, PySpark, pysparkling and dask.bag.

    python -m benchmarks.rdd_bench [--engines rayspark,pyspark,dask,pysparkling]
                                   [--size large|small|both] [--repeat 3]
                                   [--only wordcount,join,...] [--json FILE]

The parent process generates the input data and the expected answers (plain
Python, single process), then runs one child process per engine
(`python -m benchmarks.rdd_bench --child ENGINE ...`).  The child creates the
engine's context once (timed separately), runs every selected workload (one
warm-up run, then --repeat timed runs, every run's answer verified) and
reports through the events file (see harness.py).  Engines that cannot be
imported or whose context does not work are reported as skipped.

This module is also imported by worker processes (dask's spawn pool
re-imports the parent's __main__ module), so importing it must stay cheap and
side-effect free: no engine imports at module level.
"""
from __future__ import annotations

import argparse
import json
import operator
import os
import random
import shutil
import string
import sys
import tempfile
import time
from collections import Counter
from itertools import islice

if __package__ in (None, ""):  # allow `python benchmarks/rdd_bench.py`
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "benchmarks"

from benchmarks import harness  # noqa: E402

# --------------------------------------------------------------------------
# sizes and workloads
# --------------------------------------------------------------------------

SIZES = {
    "large": dict(words=10_000_000, word_files=8, n=10_000_000, partitions=8,
                  join_right=100_000),
    "small": dict(words=500_000, word_files=4, n=500_000, partitions=4,
                  join_right=10_000),
}
VOCAB_SIZE = 10_000
WORDS_PER_LINE = 12
SEED = 20240601
RBK_KEYS = 100_000           # reduceByKey: key = i % RBK_KEYS
SORT_MUL = 2654435761        # sortByKey: key = (i * SORT_MUL) % 2**32 (a bijection)
SORT_MOD = 2 ** 32
TINY_TASKS = 2000

WORKLOADS = ["wordcount", "reduceByKey", "sortByKey", "join", "cached",
             "python_map", "tiny_tasks"]
UNSIZED = {"tiny_tasks"}      # same work at every size; run once


class WrongAnswer(AssertionError):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise WrongAnswer(msg)


def _add3(a, b):
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _add2(a, b):
    return (a[0] + b[0], a[1] + b[1])


def _python_map_fn(x):
    return (x * 7919) % 10007 + len(str(x))


# --------------------------------------------------------------------------
# data generation and expected answers (parent, plain Python)
# --------------------------------------------------------------------------

def make_vocab(rng: random.Random) -> list[str]:
    vocab, seen = [], set()
    letters = string.ascii_lowercase
    while len(vocab) < VOCAB_SIZE:
        w = "".join(rng.choice(letters) for _ in range(rng.randint(2, 10)))
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    return vocab


def make_corpus(path: str, n_words: int, n_files: int) -> dict:
    """Write n_words words (Zipf-distributed over a 10k vocabulary, seeded)
    into n_files text files; return the exact word counts."""
    os.makedirs(path, exist_ok=True)
    rng = random.Random(SEED)
    vocab = make_vocab(rng)
    cum, acc = [], 0.0
    for r in range(len(vocab)):
        acc += 1.0 / (r + 1)
        cum.append(acc)
    counts: Counter = Counter()
    per_file = [n_words // n_files + (1 if i < n_words % n_files else 0)
                for i in range(n_files)]
    for i, nf in enumerate(per_file):
        with open(os.path.join(path, f"part-{i:05d}.txt"), "w") as f:
            left = nf
            while left:
                k = min(left, 120_000)
                words = rng.choices(vocab, cum_weights=cum, k=k)
                counts.update(words)
                f.write("\n".join(" ".join(words[j:j + WORDS_PER_LINE])
                                  for j in range(0, k, WORDS_PER_LINE)))
                f.write("\n")
                left -= k
    return dict(counts)


def expected_reduce_by_key(n: int) -> list:
    k = min(n, RBK_KEYS)
    nkeys, sum_v, sum_kv = 0, 0, 0
    for key in range(k):
        v = n // RBK_KEYS + (1 if key < n % RBK_KEYS else 0)
        if v:
            nkeys += 1
            sum_v += v
            sum_kv += (key + 1) * v
    return [nkeys, sum_v, sum_kv]


def expected_sort(n: int) -> dict:
    try:
        import numpy as np
        keys = (np.arange(n, dtype=np.uint64) * np.uint64(SORT_MUL)) % np.uint64(SORT_MOD)
        return dict(count=n, key_sum=int(keys.sum(dtype=np.uint64)),
                    min=int(keys.min()), max=int(keys.max()))
    except ImportError:
        keys = [(i * SORT_MUL) % SORT_MOD for i in range(n)]
        return dict(count=n, key_sum=sum(keys), min=min(keys), max=max(keys))


def expected_join(n: int, r: int) -> list:
    # left (i % 2r, i) for i < n; right (2j, j) for j < r: left keys match
    # when even; the matching right value is key // 2.
    count, checksum = 0, 0
    m = 2 * r
    for i in range(n):
        key = i % m
        if key % 2 == 0:
            count += 1
            checksum += i + key // 2
    return [count, checksum]


def expected_cached(n: int) -> list:
    # data = [2*i for i in range(n)]; filter keeps x % 3 == 0 <=> i % 3 == 0
    return [n, n * (n - 1), 2 * (n - 1), 0, (n + 2) // 3]


def expected_python_map(n: int) -> tuple[int, float]:
    t0 = time.perf_counter()
    total = sum(map(_python_map_fn, range(n)))
    return total, time.perf_counter() - t0


def prepare(sizes: list[str], workloads: list[str], workdir: str, log) -> dict:
    """Generate inputs and expected answers for every (workload, size)."""
    spec = {"jobs": [], "sizes": {}, "expected": {}}
    for size in sizes:
        p = dict(SIZES[size])
        spec["sizes"][size] = p
        exp = spec["expected"].setdefault(size, {})
        for w in workloads:
            if w in UNSIZED:
                continue
            t0 = time.perf_counter()
            if w == "wordcount":
                d = os.path.join(workdir, f"corpus-{size}")
                exp["wordcount"] = make_corpus(d, p["words"], p["word_files"])
                p["corpus_dir"] = d
            elif w == "reduceByKey":
                exp[w] = expected_reduce_by_key(p["n"])
            elif w == "sortByKey":
                exp[w] = expected_sort(p["n"])
            elif w == "join":
                exp[w] = expected_join(p["n"], p["join_right"])
            elif w == "cached":
                exp[w] = expected_cached(p["n"])
            elif w == "python_map":
                total, secs = expected_python_map(p["n"])
                exp[w] = total
                exp["python_map_plain_python_seconds"] = secs
            log(f"prepared {w} {size} in {time.perf_counter() - t0:.1f}s")
            spec["jobs"].append([w, size])
    if "tiny_tasks" in workloads:
        spec["jobs"].append(["tiny_tasks", "-"])
    return spec


# --------------------------------------------------------------------------
# verification (child, outside the timed region)
# --------------------------------------------------------------------------

def verify(workload: str, size: str, spec: dict, result) -> None:
    exp = spec["expected"].get(size, {}).get(workload)
    if workload == "wordcount":
        got = dict(result)
        check(len(got) == len(result), "duplicate words in wordcount output")
        check(len(got) == len(exp), f"{len(got)} distinct words, expected {len(exp)}")
        bad = [w for w, c in exp.items() if got.get(w) != c]
        if bad:
            raise WrongAnswer(f"{len(bad)} wrong counts, e.g. {bad[0]!r}: "
                              f"{got.get(bad[0])} != {exp[bad[0]]}")
    elif workload == "reduceByKey":
        check(list(result) == exp, f"(keys, sum v, sum (k+1)*v) = {tuple(result)}, expected {tuple(exp)}")
    elif workload == "sortByKey":
        parts = result
        count = sum(p[0] for p in parts)
        check(count == exp["count"], f"count {count}, expected {exp['count']}")
        check(all(p[3] for p in parts), "a partition is not sorted")
        ksum = sum(p[4] for p in parts)
        check(ksum == exp["key_sum"], f"key checksum {ksum}, expected {exp['key_sum']}")
        nonempty = [p for p in parts if p[0]]
        for a, b in zip(nonempty, nonempty[1:]):
            check(a[2] <= b[1], f"partitions out of order: last {a[2]} > first {b[1]}")
        check(nonempty[0][1] == exp["min"] and nonempty[-1][2] == exp["max"],
              "wrong global min/max key")
    elif workload == "join":
        check(list(result) == exp, f"(count, checksum) = {tuple(result)}, expected {tuple(exp)}")
    elif workload == "cached":
        check(list(result) == exp, f"(count,sum,max,min,filter-count) = {tuple(result)}, expected {tuple(exp)}")
    elif workload == "python_map":
        check(result == exp, f"sum {result}, expected {exp}")
    elif workload == "tiny_tasks":
        check(result == TINY_TASKS, f"count {result}, expected {TINY_TASKS}")
    else:
        raise ValueError(workload)


# --------------------------------------------------------------------------
# engines (child side)
# --------------------------------------------------------------------------

def _sorted_partition_summary(p):
    # (len, first, last, is_sorted, key_sum) of one partition of sorted keys
    if not p:
        return (0, None, None, True, 0)
    return (len(p), p[0], p[-1],
            all(map(operator.le, p, islice(p, 1, None))), sum(p))


class RDDEngine:
    """rayspark, pyspark and pysparkling share the PySpark RDD API."""

    name = "?"
    sc = None

    def start(self):
        raise NotImplementedError

    def stop(self):
        if self.sc is not None:
            self.sc.stop()
            self.sc = None

    def text_path(self, d: str) -> str:
        return d

    def supports(self, workload: str) -> bool:
        return True

    def smoke(self):
        got = self.sc.parallelize(range(100), 2).map(lambda x: x + 1).sum()
        check(got == 5050, f"smoke test: sum {got} != 5050")

    # ---- workloads: each returns a zero-arg callable doing one timed run
    def wordcount(self, p):
        sc, path = self.sc, self.text_path(p["corpus_dir"])
        add = operator.add

        def run():
            return (sc.textFile(path).flatMap(str.split)
                    .map(lambda w: (w, 1)).reduceByKey(add).collect())
        return run

    def reduceByKey(self, p):
        sc, n, parts, add = self.sc, p["n"], p["partitions"], operator.add
        nkeys = RBK_KEYS

        def run():
            return (sc.parallelize(range(n), parts).map(lambda i: (i % nkeys, 1))
                    .reduceByKey(add)
                    .map(lambda kv: (1, kv[1], (kv[0] + 1) * kv[1]))
                    .reduce(_add3))
        return run

    def sortByKey(self, p):
        sc, n, parts = self.sc, p["n"], p["partitions"]
        mul, mod = SORT_MUL, SORT_MOD

        def run():
            return (sc.parallelize(range(n), parts).map(lambda i: ((i * mul) % mod, i))
                    .sortByKey().map(lambda kv: kv[0]).glom()
                    .map(_sorted_partition_summary).collect())
        return run

    def join(self, p):
        sc, n, parts, r = self.sc, p["n"], p["partitions"], p["join_right"]
        m = 2 * r

        def run():
            left = sc.parallelize(range(n), parts).map(lambda i: (i % m, i))
            right = sc.parallelize(range(r), parts).map(lambda j: (2 * j, j))
            return (left.join(right, parts)
                    .map(lambda kv: (1, kv[1][0] + kv[1][1])).reduce(_add2))
        return run

    def cached(self, p, extra):
        sc, n, parts = self.sc, p["n"], p["partitions"]

        def run():
            rdd = sc.parallelize(range(n), parts).map(lambda x: x * 2).cache()
            out, steps = [], []
            for action in (lambda: rdd.count(), lambda: rdd.sum(), lambda: rdd.max(),
                           lambda: rdd.min(),
                           lambda: rdd.filter(lambda x: x % 3 == 0).count()):
                t0 = time.perf_counter()
                out.append(action())
                steps.append(time.perf_counter() - t0)
            extra.setdefault("action_seconds", []).append(steps)
            rdd.unpersist()
            return out
        return run

    def python_map(self, p):
        sc, n, parts, f = self.sc, p["n"], p["partitions"], _python_map_fn

        def run():
            return sc.parallelize(range(n), parts).map(f).sum()
        return run

    def tiny_tasks(self, p):
        sc, n = self.sc, TINY_TASKS

        def run():
            return sc.parallelize(range(n), n).map(lambda x: x).count()
        return run


class RaysparkEngine(RDDEngine):
    name = "rayspark"

    def start(self):
        from rayspark import SparkContext
        self.sc = SparkContext("local[2]", "rayspark-bench")
        if hasattr(self.sc, "setLogLevel"):
            try:
                self.sc.setLogLevel("ERROR")
            except Exception:
                pass

    def stop(self):
        try:
            super().stop()
        finally:
            ray = sys.modules.get("ray")
            if ray is not None and ray.is_initialized():
                ray.shutdown()


class PysparkEngine(RDDEngine):
    name = "pyspark"

    def start(self):
        from pyspark import SparkConf, SparkContext
        conf = (SparkConf()
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.memory", "4g"))
        self.sc = SparkContext("local[2]", "pyspark-bench", conf=conf)
        self.sc.setLogLevel("ERROR")


class PysparklingEngine(RDDEngine):
    name = "pysparkling"

    def start(self):
        import pysparkling
        self.sc = pysparkling.Context()

    def stop(self):
        self.sc = None  # nothing to stop

    def text_path(self, d):
        return os.path.join(d, "*")  # pysparkling does not list a bare directory


class DaskEngine:
    """dask.bag, multiprocessing scheduler, 2 workers, one persistent pool
    (created with the "context" so pool start-up is not in the timings)."""

    name = "dask"

    def start(self):
        import functools
        from concurrent.futures import ProcessPoolExecutor

        import dask
        import dask.bag  # noqa: F401
        import dask.multiprocessing as dmp
        self.pool = ProcessPoolExecutor(
            2, mp_context=dmp.get_context(),
            initializer=functools.partial(dmp.initialize_worker_process))
        dask.config.set(scheduler="processes", num_workers=2, pool=self.pool)

    def stop(self):
        self.pool.shutdown(wait=True, cancel_futures=True)

    def smoke(self):
        import dask.bag as db
        got = db.from_sequence(range(100), npartitions=2).map(lambda x: x + 1).sum().compute()
        check(got == 5050, f"smoke test: sum {got} != 5050")

    def supports(self, workload):
        return workload != "sortByKey"  # dask.bag has no sort

    def wordcount(self, p):
        import dask.bag as db
        path, add = os.path.join(p["corpus_dir"], "*.txt"), operator.add

        def run():
            return (db.read_text(path).map(str.split).flatten()
                    .map(lambda w: (w, 1))
                    .foldby(0, lambda acc, kv: acc + kv[1], 0, add, 0)
                    .compute())
        return run

    def reduceByKey(self, p):
        import dask.bag as db
        n, parts, add, nkeys = p["n"], p["partitions"], operator.add, RBK_KEYS

        def run():
            return (db.range(n, npartitions=parts).map(lambda i: (i % nkeys, 1))
                    .foldby(0, lambda acc, kv: acc + kv[1], 0, add, 0)
                    .map(lambda kv: (1, kv[1], (kv[0] + 1) * kv[1]))
                    .fold(_add3, initial=(0, 0, 0)).compute())
        return run

    def join(self, p):
        # dask.bag can only join against an in-memory / single-partition
        # collection (a broadcast hash join, no shuffle).
        import dask.bag as db
        n, parts, r = p["n"], p["partitions"], p["join_right"]
        m = 2 * r
        first = operator.itemgetter(0)

        def run():
            left = db.range(n, npartitions=parts).map(lambda i: (i % m, i))
            right = db.range(r, npartitions=1).map(lambda j: (2 * j, j))
            # elements are (right_elem, left_elem)
            return (left.join(right, on_self=first, on_other=first)
                    .map(lambda ab: (1, ab[1][1] + ab[0][1]))
                    .fold(_add2, initial=(0, 0)).compute())
        return run

    def cached(self, p, extra):
        import dask.bag as db
        n, parts = p["n"], p["partitions"]

        def run():
            b = db.range(n, npartitions=parts).map(lambda x: x * 2)
            out, steps = [], []
            t0 = time.perf_counter()
            b = b.persist()
            persist_s = time.perf_counter() - t0
            for action in (b.count, b.sum, b.max, b.min,
                           lambda: b.filter(lambda x: x % 3 == 0).count()):
                t0 = time.perf_counter()
                out.append(action().compute())
                steps.append(time.perf_counter() - t0)
            steps[0] += persist_s  # the first action pays for materialisation
            extra.setdefault("action_seconds", []).append(steps)
            return out
        return run

    def python_map(self, p):
        import dask.bag as db
        n, parts, f = p["n"], p["partitions"], _python_map_fn

        def run():
            return db.range(n, npartitions=parts).map(f).sum().compute()
        return run

    def tiny_tasks(self, p):
        import dask.bag as db
        n = TINY_TASKS

        def run():
            return db.from_sequence(range(n), npartitions=n).map(lambda x: x).count().compute()
        return run


ENGINE_CLASSES = {"rayspark": RaysparkEngine, "pyspark": PysparkEngine,
                  "pysparkling": PysparklingEngine, "dask": DaskEngine}


# --------------------------------------------------------------------------
# child main
# --------------------------------------------------------------------------

def child_main(engine_name: str, spec_path: str, events_path: str) -> int:
    def run_jobs(engine, spec, ev):
        repeat, warmup = spec["repeat"], spec["warmup"]
        for workload, size in spec["jobs"]:
            ev.emit(event="start", name=workload, size=size)
            if not engine.supports(workload):
                ev.emit(event="result", name=workload, size=size, status="n/a")
                continue
            p = spec["sizes"].get(size, {})
            extra: dict = {}
            try:
                maker = getattr(engine, workload)
                fn = maker(p, extra) if workload == "cached" else maker(p)
                times, _, warm = harness.time_repeated(
                    fn, repeat, warmup,
                    verify=lambda res: verify(workload, size, spec, res))
            except WrongAnswer as e:
                harness.emit_failure(ev, workload, size, e, wrong=True)
                continue
            except Exception as e:  # noqa: BLE001
                harness.emit_failure(ev, workload, size, e, wrong=False)
                continue
            if "action_seconds" in extra:  # keep the timed runs only
                extra["action_seconds"] = extra["action_seconds"][warmup:]
            if workload == "tiny_tasks":
                extra["tasks_per_second"] = TINY_TASKS / harness.median(times)
            ev.emit(event="result", name=workload, size=size, status="ok",
                    times=times, warmup=warm, median=harness.median(times), extra=extra)
    return harness.serve_child(events_path, spec_path, ENGINE_CLASSES[engine_name], run_jobs)


# --------------------------------------------------------------------------
# parent
# --------------------------------------------------------------------------

def run_engine(engine: str, spec: dict, workdir: str, timeout: float, log) -> dict:
    """Run all jobs of `spec` on one engine; restart the child after a hang
    or crash and carry on with the remaining jobs."""
    out = {"results": {}, "context_seconds": [], "first_job_seconds": [],
           "stop_seconds": [], "status": "ok", "reason": None, "restarts": 0}
    jobs = [tuple(j) for j in spec["jobs"]]
    log_path = os.path.join(workdir, f"{engine}.log")
    while jobs:
        child_spec = dict(spec, jobs=jobs)
        spec_path = os.path.join(workdir, f"{engine}.spec.json")
        with open(spec_path, "w") as f:
            json.dump(child_spec, f)
        events_path = os.path.join(workdir, f"{engine}.events.jsonl")

        def on_event(ev):
            kind = ev.get("event")
            if kind == "context":
                log(f"[{engine}] context up in {ev['seconds']:.2f}s "
                    f"(first job {ev['first_job_seconds']:.2f}s)")
            elif kind == "skip":
                log(f"[{engine}] skipped: {ev['reason']}")
            elif kind == "result":
                what = f"[{engine}] {ev['name']} {ev['size']}: "
                if ev["status"] == "ok":
                    log(what + f"median {ev['median']:.3f}s "
                        f"(runs {', '.join(f'{t:.3f}' for t in ev['times'])})")
                else:
                    log(what + ev["status"] + (f" -- {ev['message']}" if ev.get("message") else ""))

        run = harness.run_child(
            [sys.executable, "-m", "benchmarks.rdd_bench", "--child", engine,
             "--spec", spec_path, "--events", events_path],
            events_path, log_path, progress_timeout=timeout, on_event=on_event)
        done = set()
        finished = False
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
                key = (ev["name"], ev["size"])
                out["results"][key] = ev
                done.add(key)
                if ev.get("trace"):
                    log(f"[{engine}] {ev['name']} {ev['size']} traceback (tail):\n"
                        + ev["trace"].rstrip())
            elif kind == "done":
                finished = True
        if finished:
            break
        # hung or crashed: blame the job that was running, restart for the rest
        started = [tuple((e["name"], e["size"])) for e in run.events if e.get("event") == "start"]
        if not any(e.get("event") == "context" for e in run.events):
            out["status"] = "skip"
            out["reason"] = ("context start timed out" if run.timed_out
                             else f"child exited with code {run.returncode} before the context was up")
            log(f"[{engine}] skipped: {out['reason']}\n" + harness.tail(log_path, 15, run.log_offset).rstrip())
            return out
        culprit = started[-1] if started and started[-1] not in done else None
        status = "TIMEOUT" if run.timed_out else f"CRASH(rc={run.returncode})"
        log(f"[{engine}] {status} during {culprit}\n" + harness.tail(log_path, 25, run.log_offset).rstrip())
        if culprit is not None:
            out["results"][culprit] = {"name": culprit[0], "size": culprit[1], "status": status.split("(")[0]}
            done.add(culprit)
        jobs = [j for j in jobs if j not in done]
        out["restarts"] += 1
        if out["restarts"] > 3:
            for j in jobs:
                out["results"][j] = {"name": j[0], "size": j[1], "status": "SKIP"}
            break
    return out


def cell(res: dict | None) -> str:
    if res is None:
        return "-"
    if res.get("status") == "ok":
        return harness.fmt_seconds(res["median"])
    return res.get("status", "?")


def render(engines: list[str], per_engine: dict, jobs: list, baseline: str,
           spec: dict) -> str:
    ran = [e for e in engines if per_engine[e]["status"] != "skip"]
    others = [e for e in ("pyspark", "pysparkling", "dask") if e in ran and e != baseline]
    if baseline not in ran:
        others = []
    headers = ["workload", "size"] + [e + " s" for e in ran] + [f"{baseline}/{o}" for o in others]
    rows = []
    for w, size in jobs:
        label = size if size != "-" else f"{TINY_TASKS} tasks"
        row = [w, label]
        med = {}
        for e in ran:
            r = per_engine[e]["results"].get((w, size))
            row.append(cell(r))
            med[e] = r["median"] if r and r.get("status") == "ok" else None
        for o in others:
            row.append(harness.fmt_ratio(harness.ratio(med[baseline], med[o])))
        rows.append(row)
    lines = [harness.format_table(headers, rows)]
    lines.append("")
    legend = "seconds = median of timed runs after warm-up (context start excluded)"
    if others:
        legend += (f"; ratio = {baseline} time / other time"
                   f" (< 1 means {baseline} is faster)")
    lines.append(legend)
    notes = []
    for e in engines:
        info = per_engine[e]
        if info["status"] == "skip":
            notes.append(f"{e}: skipped ({info['reason']})")
            continue
        cs = harness.median(info["context_seconds"])
        fj = harness.median(info["first_job_seconds"])
        s = f"{e}: context start {harness.fmt_seconds(cs)}s, first job {harness.fmt_seconds(fj)}s"
        tt = info["results"].get(("tiny_tasks", "-"))
        if tt and tt.get("status") == "ok":
            s += f", tiny_tasks {tt['extra']['tasks_per_second']:.0f} tasks/s"
        if info["restarts"]:
            s += f", child restarted {info['restarts']}x"
        notes.append(s)
    for size, exp in spec["expected"].items():
        if "python_map_plain_python_seconds" in exp:
            notes.append(f"plain Python, 1 process: python_map {size} "
                         f"{harness.fmt_seconds(exp['python_map_plain_python_seconds'])}s")
    lines.extend(notes)
    lines.append(harness.machine_line(spec.get("load_before")))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.rdd_bench", description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default="rayspark,pyspark,pysparkling,dask")
    ap.add_argument("--size", choices=["large", "small", "both"], default="small")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated workload names")
    ap.add_argument("--json", dest="json_path", default=None, help="save raw timings here")
    ap.add_argument("--baseline", default="rayspark",
                    help="engine the ratio columns compare against the others (default rayspark)")
    ap.add_argument("--timeout", type=float, default=1800.0,
                    help="kill an engine's child after this many seconds without progress")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs)")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    # child mode
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    ap.add_argument("--events", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        return child_main(args.child, args.spec, args.events)

    engines = harness.parse_engines(args.engines)
    if not engines:
        ap.error("no engines")
    workloads = WORKLOADS
    if args.only:
        names = [w.strip() for w in args.only.split(",") if w.strip()]
        bad = [w for w in names if w not in WORKLOADS]
        if bad:
            ap.error(f"unknown workload(s) {bad}; choose from {','.join(WORKLOADS)}")
        workloads = [w for w in WORKLOADS if w in names]
    sizes = ["small", "large"] if args.size == "both" else [args.size]

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    load_before = harness.load_average()
    workdir = tempfile.mkdtemp(prefix="rayspark-bench-")
    try:
        spec = prepare(sizes, workloads, workdir, log)
        spec["repeat"], spec["warmup"] = args.repeat, args.warmup
        spec["load_before"] = load_before
        jobs = [tuple(j) for j in spec["jobs"]]
        per_engine = {}
        for e in engines:
            t0 = time.perf_counter()
            per_engine[e] = run_engine(e, spec, workdir, args.timeout, log)
            log(f"[{e}] finished in {time.perf_counter() - t0:.0f}s")
        table = render(engines, per_engine, jobs, args.baseline, spec)
        print(table, flush=True)
        if args.json_path:
            raw = {
                "machine": {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
                            "platform": sys.platform, "load_before": load_before},
                "args": {"engines": engines, "size": args.size, "repeat": args.repeat,
                         "warmup": args.warmup, "only": workloads},
                "sizes": {s: {k: v for k, v in p.items() if k != "corpus_dir"}
                          for s, p in spec["sizes"].items()},
                "plain_python_seconds": {s: e.get("python_map_plain_python_seconds")
                                         for s, e in spec["expected"].items()},
                "engines": {e: {k: v for k, v in info.items() if k != "results"}
                            for e, info in per_engine.items()},
                "results": [dict(r, engine=e) for e, info in per_engine.items()
                            for r in info["results"].values()],
                "table": table,
            }
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
