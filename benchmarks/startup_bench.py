"""Time from a cold interpreter to the first job's answer.

    python -m benchmarks.startup_bench [--engines rayspark,pyspark] [--repeat 3]

Each run is a fresh `python -c` subprocess doing

    from rayspark import SparkContext        # or pyspark, ...
    sc = SparkContext("local[2]")
    sc.parallelize(range(100)).sum()         # -> 4950

The clock starts in the parent just before the child is spawned (so it
includes interpreter start-up and imports) and stops when the child prints
the answer; shutting the context down afterwards is timed separately and not
included.  The child also reports its own split (import / context / first
job); "interpreter" is the rest of the total (python start-up, site, pipe).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

if __package__ in (None, ""):  # allow `python benchmarks/startup_bench.py`
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "benchmarks"

from benchmarks import harness  # noqa: E402

MARKER = "__STARTUP_BENCH__ "

_PRELUDE = """
import time as _t
_t0 = _t.perf_counter()
import json as _json, sys as _sys
def _report(**kw):
    _sys.stdout.write({marker!r} + _json.dumps(kw) + "\\n")
    _sys.stdout.flush()
try:
"""

_EPILOGUE = """
except BaseException as _e:
    _report(error=type(_e).__name__ + ": " + str(_e)[:300])
    raise
_report(answer=_ans, import_s=_t1 - _t0, context_s=_t2 - _t1, job_s=_t3 - _t2)
"""

# bodies are indented into the try: block of the prelude
SCRIPTS = {
    "rayspark": """
    from rayspark import SparkContext
    _t1 = _t.perf_counter()
    sc = SparkContext("local[2]")
    _t2 = _t.perf_counter()
    _ans = sc.parallelize(range(100)).sum()
    _t3 = _t.perf_counter()
""",
    "pyspark": """
    from pyspark import SparkContext
    _t1 = _t.perf_counter()
    sc = SparkContext("local[2]")
    _t2 = _t.perf_counter()
    _ans = sc.parallelize(range(100)).sum()
    _t3 = _t.perf_counter()
""",
    "pysparkling": """
    from pysparkling import Context
    _t1 = _t.perf_counter()
    sc = Context()
    _t2 = _t.perf_counter()
    _ans = sc.parallelize(range(100)).sum()
    _t3 = _t.perf_counter()
""",
    "dask": """
    import dask.bag as db
    _t1 = _t.perf_counter()
    _t2 = _t.perf_counter()  # no context: the process pool starts with the job
    _ans = db.from_sequence(range(100), npartitions=2).sum().compute(
        scheduler="processes", num_workers=2)
    _t3 = _t.perf_counter()
""",
}

# after the answer: stop the engine (timed separately by the parent)
TEARDOWN = {
    "rayspark": """
try:
    sc.stop()
finally:
    import sys as _s2
    _ray = _s2.modules.get("ray")
    if _ray is not None and _ray.is_initialized():
        _ray.shutdown()
""",
    "pyspark": "sc.stop()\n",
    "pysparkling": "",
    "dask": "",
}


def child_script(engine: str) -> str:
    return (_PRELUDE.format(marker=MARKER) + SCRIPTS[engine] + _EPILOGUE
            + TEARDOWN[engine])


def run_once(engine: str, log_path: str, timeout: float) -> dict:
    """One cold start.  Returns dict(total_s, import_s, context_s, job_s,
    teardown_s, interpreter_s) or a dict with "error"."""
    got = {}
    answered = threading.Event()

    def reader(stream):
        # read every line (so the child never blocks on a full pipe); note
        # the time the marker line arrives
        for line in iter(stream.readline, b""):
            text = line.decode(errors="replace")
            if text.startswith(MARKER) and not answered.is_set():
                got["t"] = time.perf_counter()
                got["report"] = json.loads(text[len(MARKER):])
                answered.set()
        answered.set()  # EOF: child gone (or closed stdout)

    with open(log_path, "ab") as log:
        offset = log.tell()
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", child_script(engine)],
                                cwd=harness.REPO_ROOT, env=harness.child_env(),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=log, start_new_session=True)
    th = threading.Thread(target=reader, args=(proc.stdout,), daemon=True)
    th.start()
    answered.wait(timeout)
    report = got.get("report")
    if report is None or "error" in report:
        timed_out = proc.poll() is None and not answered.is_set()
        harness.terminate(proc, grace=5)
        if report is not None:
            return {"error": report["error"]}
        why = "timed out" if timed_out else f"exited with code {proc.returncode}"
        return {"error": f"no answer ({why}): "
                         + harness.tail(log_path, 3, offset).strip().replace("\n", " | ")[-300:]}
    t_answer = got["t"]
    try:
        proc.wait(timeout=120)
        teardown = time.perf_counter() - t_answer
    except subprocess.TimeoutExpired:
        harness.terminate(proc)
        teardown = None
    th.join(timeout=5)
    out = dict(total_s=t_answer - t0, import_s=report["import_s"],
               context_s=report["context_s"], job_s=report["job_s"],
               teardown_s=teardown, answer=report["answer"])
    out["interpreter_s"] = out["total_s"] - out["import_s"] - out["context_s"] - out["job_s"]
    if report["answer"] != 4950:
        out["error"] = f"wrong answer {report['answer']!r} (expected 4950)"
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.startup_bench",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default="rayspark,pyspark")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300.0, help="per run, seconds")
    ap.add_argument("--json", dest="json_path", default=None)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    engines = harness.parse_engines(args.engines)

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    results = {}
    load_before = harness.load_average()
    with tempfile.TemporaryDirectory(prefix="rayspark-startup-") as wd:
        for e in engines:
            runs = []
            log_path = os.path.join(wd, f"{e}.log")
            for i in range(args.repeat):
                r = run_once(e, log_path, args.timeout)
                runs.append(r)
                if "error" in r:
                    log(f"[{e}] run {i + 1}: FAILED -- {r['error']}")
                    break  # an engine that does not start is not retried
                log(f"[{e}] run {i + 1}: {r['total_s']:.2f}s to answer "
                    f"(import {r['import_s']:.2f}, context {r['context_s']:.2f}, "
                    f"job {r['job_s']:.2f}; teardown {harness.fmt_seconds(r['teardown_s'])})")
            results[e] = runs

    headers = ["engine", "to answer s", "interpreter", "import", "context",
               "first job", "teardown", "runs"]
    rows = []
    med = {}
    for e in engines:
        ok = [r for r in results[e] if "error" not in r]
        if len(ok) < len(results[e]):
            rows.append([e, "FAIL", "-", "-", "-", "-", "-", f"{len(ok)}/{args.repeat}"])
            continue
        m = {k: harness.median([r[k] for r in ok if r.get(k) is not None]) for k in
             ("total_s", "interpreter_s", "import_s", "context_s", "job_s", "teardown_s")}
        med[e] = m["total_s"]
        rows.append([e] + [harness.fmt_seconds(m[k]) for k in
                           ("total_s", "interpreter_s", "import_s", "context_s", "job_s",
                            "teardown_s")] + [str(len(ok))])
    print(harness.format_table(headers, rows, align="l" + "r" * 7))
    print()
    print("median of runs, each a fresh interpreter; 'to answer' = spawn -> first job's "
          "answer (teardown not included)")
    if "rayspark" in med:
        for o in ("pyspark", "pysparkling", "dask"):
            if o in med:
                print(f"rayspark/{o}: {harness.fmt_ratio(harness.ratio(med['rayspark'], med[o]))}")
    for e in engines:
        errs = [r["error"] for r in results[e] if "error" in r]
        if errs:
            print(f"{e}: {errs[0]}")
    print(harness.machine_line(load_before))
    if args.json_path:
        with open(args.json_path, "w") as f:
            json.dump({"machine": {"cpu_count": os.cpu_count(), "load_before": load_before}, "repeat": args.repeat,
                       "runs": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
