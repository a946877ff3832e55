"""Shared benchmark machinery: timing, child-process runner, tables, ratios.

Nothing here imports an engine.  Engines run in child processes (one per
engine) so that a JVM, a Ray cluster and a process pool never share one
interpreter; the parent only collects what the children report.

Child -> parent protocol: the child appends one JSON object per line to an
"events" file whose path the parent passes on the command line.  The parent
polls that file, so it knows which workload is running and can kill a child
that stops making progress (then restart it for the remaining workloads).
The child's stdout and stderr go to a log file that is shown only on failure.
"""
from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Canonical engine order; rayspark is the engine being measured.
ENGINES = ("rayspark", "pyspark", "pysparkling", "dask")


# --------------------------------------------------------------------------
# timing
# --------------------------------------------------------------------------

def now() -> float:
    return time.perf_counter()


def median(xs: Sequence[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def time_call(fn: Callable[[], object]) -> tuple[float, object]:
    """Run fn once; return (seconds, result)."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def time_repeated(fn: Callable[[], object], repeat: int, warmup: int = 1,
                  verify: Callable[[object], None] | None = None):
    """Warm up `warmup` times, then time `repeat` runs.

    `verify(result)` runs after every run (warm-up included) outside the timed
    region and must raise on a wrong answer.  Returns (times, last_result,
    warmup_times).
    """
    warm = []
    result = None
    for _ in range(warmup):
        dt, result = time_call(fn)
        warm.append(dt)
        if verify is not None:
            verify(result)
    times = []
    for _ in range(repeat):
        dt, result = time_call(fn)
        times.append(dt)
        if verify is not None:
            verify(result)
    return times, result, warm


# --------------------------------------------------------------------------
# formatting
# --------------------------------------------------------------------------

def fmt_seconds(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


def fmt_ratio(r: float | None) -> str:
    if r is None or math.isnan(r):
        return "-"
    if r >= 10:
        return f"{r:.1f}x"
    return f"{r:.2f}x"


def format_table(headers: Sequence[str], rows: Iterable[Sequence[object]],
                 align: Sequence[str] | None = None) -> str:
    """Plain-text table; align is a string of 'l'/'r' per column (default:
    first two columns left, the rest right)."""
    rows = [[str(c) for c in r] for r in rows]
    headers = [str(h) for h in headers]
    n = len(headers)
    if align is None:
        align = "ll" + "r" * (n - 2)
    widths = [len(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))

    def line(cells):
        out = []
        for i, c in enumerate(cells):
            out.append(c.ljust(widths[i]) if align[i] == "l" else c.rjust(widths[i]))
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep] + [line(r) for r in rows])


def load_average():
    try:
        return os.getloadavg()
    except OSError:
        return None


def machine_line(load_before=None) -> str:
    """The final line of every table: the core count, plus the load average
    sampled before the run (other work on the machine skews every timing)."""
    line = f"machine: os.cpu_count() = {os.cpu_count()} cores"
    if load_before:
        line += ", load average before the run %.2f %.2f %.2f (1/5/15 min)" % tuple(load_before)
    return line


def parse_engines(text: str) -> list[str]:
    names = [e.strip() for e in text.split(",") if e.strip()]
    bad = [e for e in names if e not in ENGINES]
    if bad:
        raise SystemExit(f"unknown engine(s) {bad}; choose from {','.join(ENGINES)}")
    # keep canonical order, drop duplicates
    return [e for e in ENGINES if e in names]


# --------------------------------------------------------------------------
# child environment and process control
# --------------------------------------------------------------------------

def child_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    pp = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = REPO_ROOT + (os.pathsep + pp if pp else "")
    # deterministic str hashing in every process (pyspark workers, dask pool,
    # Ray actors) so hash partitioning agrees across processes
    env.setdefault("PYTHONHASHSEED", "0")
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    env.setdefault("PYTHONWARNINGS", "ignore")
    # quieter Ray
    env.setdefault("RAY_DEDUP_LOGS", "1")
    env.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    env.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    if extra:
        env.update(extra)
    return env


def terminate(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop a child we started: SIGTERM to it (it cleans up its engine),
    then SIGKILL its process group (it was started in its own session)."""
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            try:
                proc.kill()
            except ProcessLookupError:
                pass
        proc.wait()


def tail(path: str, n: int = 40, start: int = 0) -> str:
    """Last n lines of a log file, reading from byte offset `start`."""
    try:
        with open(path, "r", errors="replace") as f:
            f.seek(start)
            lines = f.readlines()
    except OSError:
        return "(no log)"
    return "".join(lines[-n:])


class EventWriter:
    """Child side of the protocol."""

    def __init__(self, path: str):
        self.path = path

    def emit(self, **event) -> None:
        event.setdefault("t", time.time())
        with open(self.path, "a") as f:
            f.write(json.dumps(event) + "\n")
            f.flush()


def serve_child(events_path: str, spec_path: str, make_engine: Callable[[], object],
                run_jobs: Callable[[object, dict, EventWriter], None]) -> int:
    """The child side shared by the benchmarks: exit cleanly on SIGTERM, read the spec, start
    the engine and time its session start and first job (a failure there skips the engine),
    run the workloads with ``run_jobs(engine, spec, ev)``, and always stop the engine."""
    import traceback
    ev = EventWriter(events_path)

    def on_term(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_term)

    with open(spec_path) as f:
        spec = json.load(f)
    engine = make_engine()
    ev.emit(event="hello", pid=os.getpid())
    t0 = time.perf_counter()
    try:
        engine.start()
        t1 = time.perf_counter()
        engine.smoke()
        t2 = time.perf_counter()
    except BaseException as e:  # noqa: BLE001 -- any failure means "skip this engine"
        traceback.print_exc()
        ev.emit(event="skip", reason=f"{type(e).__name__}: {e}".strip()[:300])
        try:
            engine.stop()
        except BaseException:
            pass
        return 0
    ev.emit(event="context", seconds=t1 - t0, first_job_seconds=t2 - t1)
    try:
        run_jobs(engine, spec, ev)
    finally:
        t0 = time.perf_counter()
        try:
            engine.stop()
            ev.emit(event="stopped", seconds=time.perf_counter() - t0)
        except BaseException as e:  # noqa: BLE001
            traceback.print_exc()
            ev.emit(event="stopped", seconds=None, error=str(e)[:300])
    ev.emit(event="done")
    return 0


def emit_failure(ev: EventWriter, name: str, size: str, exc: BaseException,
                 wrong: bool) -> None:
    """Report a workload that gave a wrong answer (WRONG) or raised (FAIL, with the trace)."""
    import traceback
    traceback.print_exc()
    if wrong:
        ev.emit(event="result", name=name, size=size, status="WRONG", message=str(exc)[:500])
    else:
        ev.emit(event="result", name=name, size=size, status="FAIL",
                message=f"{type(exc).__name__}: {exc}"[:500],
                trace="".join(traceback.format_exc().splitlines(True)[-12:]))


@dataclass
class ChildRun:
    events: list = field(default_factory=list)
    returncode: int | None = None
    timed_out: str | None = None  # name of the workload that hung, if any
    log: str = ""
    log_offset: int = 0  # where this run's output starts in the log file


def run_child(argv: list[str], events_path: str, log_path: str,
              progress_timeout: float, on_event: Callable[[dict], None] | None = None,
              cwd: str = REPO_ROOT, env: dict | None = None) -> ChildRun:
    """Run `argv` (a python child speaking the events protocol).

    The child is killed when no new event arrives for `progress_timeout`
    seconds; `timed_out` is then the name from the last "start" event.
    """
    open(events_path, "w").close()
    with open(log_path, "ab") as log:
        offset = log.tell()
        proc = subprocess.Popen(argv, cwd=cwd, env=env or child_env(),
                                stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    run = ChildRun(log=log_path, log_offset=offset)
    pos = 0
    buf = ""
    last_progress = time.monotonic()
    current = None
    try:
        while True:
            exited = proc.poll() is not None
            with open(events_path, "r") as f:
                f.seek(pos)
                chunk = f.read()
                pos = f.tell()
            if chunk:
                buf += chunk
                *complete, buf = buf.split("\n")
                for line in complete:
                    if not line.strip():
                        continue
                    ev = json.loads(line)
                    run.events.append(ev)
                    last_progress = time.monotonic()
                    if ev.get("event") == "start":
                        current = ev.get("name")
                    elif ev.get("event") in ("result", "error"):
                        current = None
                    if on_event:
                        on_event(ev)
            if exited:
                break
            if time.monotonic() - last_progress > progress_timeout:
                run.timed_out = current or "(context)"
                terminate(proc)
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        terminate(proc, grace=5)
        raise
    run.returncode = proc.wait()
    return run
