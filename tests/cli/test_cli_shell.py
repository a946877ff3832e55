"""`rayspark shell` under a real terminal (a pty driven by pexpect): the banner, `sc` ready, a
job typed at the prompt and its answer read back, the console progress bar on a slow job,
Ctrl-C cancelling a running job, and a clean `exit()` with status 0. Once with IPython, once
with Python's plain console.
"""
from __future__ import annotations

import os
import re
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.timeout(120)

RAYSPARK = os.path.join(os.path.dirname(sys.executable), "rayspark")
PYFILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apps", "pyfiles",
                       "textutil.py")
PROMPT = r"(\]: |>>> )"           # IPython's "In [n]: " (with colour codes) or ">>> "
ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07")


def spawn(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAYSPARK_", "spark."))}
    env.update(IPYTHONDIR=str(tmp_path / "ipython"), PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm",
               COLUMNS="80", LINES="40")
    env.pop("RAY_ADDRESS", None)
    child = pexpect.spawn(RAYSPARK, ["shell", "--master", "local[2]", *args], env=env,
                          cwd=str(tmp_path), encoding="utf-8", timeout=60, dimensions=(40, 80))
    child.logfile_read = open(tmp_path / "terminal.log", "w")
    return child


def transcript(tmp_path) -> str:
    return ANSI.sub("", (tmp_path / "terminal.log").read_text())


def finish(child, tmp_path) -> None:
    child.sendline("exit()")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0, transcript(tmp_path)[-3000:]


def test_ipython_shell_runs_a_job_and_exits_cleanly(tmp_path):
    pytest.importorskip("IPython")
    child = spawn(tmp_path, "--name", "pty-test")
    try:
        child.expect(PROMPT)
        banner = transcript(tmp_path)
        assert "version 0.1.0" in banner and "(IPython)" in banner
        assert re.search(r"master: local\[2\]\s+app id: local-\d+\s+task slots: 2", banner)
        assert "SparkContext as 'sc'" in banner
        child.sendline("sc.parallelize(range(100), 4).map(lambda x: x * x).sum()")
        child.expect("328350")
        child.expect(PROMPT)
        child.sendline("sc.appName, sc.master")
        child.expect(r"\('pty-test', 'local\[2\]'\)")
        child.expect(PROMPT)
        # Ctrl-C during a long job interrupts it and cancels it (as pyspark)
        child.sendline("sc.parallelize(range(4), 4).map("
                       "lambda x: __import__('time').sleep(20) or x).sum()")
        child.expect(r"\[Stage \d+:")
        child.sendintr()
        child.expect("KeyboardInterrupt")
        child.expect(PROMPT)
        child.sendline("import time; time.sleep(1); sc.statusTracker().getActiveJobsIds()")
        child.expect(r"\]: (\x1b\[[0-9;]*m)*\[\]")        # Out[n]: [] (colours between)
        child.expect(PROMPT)
        finish(child, tmp_path)
    finally:
        if child.isalive():
            child.terminate(force=True)


def test_plain_console_with_options_and_progress_bar(tmp_path):
    child = spawn(tmp_path, "--plain", "--executor-memory", "1g", "--conf",
                  "spark.default.parallelism=3", "--py-files", PYFILES)
    try:
        child.expect(">>> ")
        assert "(Python console)" in transcript(tmp_path)
        child.sendline("from textutil import normalize")
        child.expect(">>> ")
        child.sendline("sc.parallelize(['Fox.', 'fox!', 'DOG'], 2).map(normalize).collect()")
        child.expect(re.escape("['fox', 'fox', 'dog']"))
        child.expect(">>> ")
        child.sendline("sc.getConf().get('spark.executor.memory'), sc.defaultParallelism")
        child.expect(re.escape("('1g', 3)"))
        child.expect(">>> ")
        # `spark` is ready: a DataFrame job and its table
        child.sendline("spark.createDataFrame([(1, 'a'), (2, 'b')], ['k', 'v'])"
                       ".groupBy('v').count().orderBy('v').show()")
        child.expect(re.escape("|  v|count|"))
        child.expect(re.escape("|  b|    1|"))
        child.expect(">>> ")
        # two waves of 1 s tasks on 2 slots: the console bar shows up (after 500 ms)
        child.sendline("sc.parallelize(range(4), 4).map("
                       "lambda x: __import__('time').sleep(1) or x).sum()")
        child.expect(r"\[Stage \d+:")
        child.expect(r"\r\s*\r6\r?\n")          # the bar is cleared before the answer
        child.expect(">>> ")
        finish(child, tmp_path)
    finally:
        if child.isalive():
            child.terminate(force=True)
