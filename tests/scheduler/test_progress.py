"""Console progress bar: Spark's exact format and its timing (no Ray needed).

Expected bars were captured from PySpark 4.3.0's console output (local[2]/local[4], with the
terminal width given by COLUMNS).
"""
from __future__ import annotations

import threading
import time

import pytest

from rayspark.scheduler import progress
from rayspark.scheduler.progress import ConsoleProgressBar, render_bar
from rayspark.scheduler.status import SparkStageInfo, StatusStore


def stage(sid, total, done=0, active=0, failed=0):
    return SparkStageInfo(sid, 0, f"stage {sid}", total, active, done, failed)


# ============================================================ render_bar ======================
@pytest.mark.parametrize("info, width, expected", [
    # PySpark 4.3.0, COLUMNS unset (80): sc.parallelize(range(4), 2).count()
    (stage(0, 2, 0, 0), 80,
     "[Stage 0:>                                                          (0 + 0) / 2]"),
    (stage(0, 2, 0, 2), 80,
     "[Stage 0:>                                                          (0 + 2) / 2]"),
    (stage(0, 2, 1, 1), 80,
     "[Stage 0:=============================>                             (1 + 1) / 2]"),
    (stage(0, 2, 2, 0), 80,
     "[Stage 0:===========================================================(2 + 0) / 2]"),
    # PySpark 4.3.0, COLUMNS=100
    (stage(0, 3, 0, 0), 100,
     "[Stage 0:>                                                                              "
     "(0 + 0) / 3]"),
    (stage(1, 3, 1, 2), 100,
     "[Stage 1:==========================>                                                    "
     "(1 + 2) / 3]"),
])
def test_single_stage_bar_matches_spark(info, width, expected):
    line = render_bar([info], width)
    assert line == expected
    assert len(line) == width


def test_two_stages_share_the_width_like_spark():
    # PySpark 4.3.0, COLUMNS=100, two map stages of a union of two shuffles
    assert render_bar([stage(0, 3, 0, 3), stage(1, 3, 0, 1)], 100) == (
        "[Stage 0:>                            (0 + 3) / 3]"
        "[Stage 1:>                            (0 + 1) / 3]")
    assert render_bar([stage(1, 3, 1, 2), stage(0, 3, 3, 0)], 100) == (
        "[Stage 0:=============================(3 + 0) / 3]"
        "[Stage 1:=========>                   (1 + 2) / 3]")


def test_at_most_three_stages_lowest_ids_first():
    stages = [stage(i, 10, i, 1) for i in (7, 3, 5, 9)]
    line = render_bar(stages, 90)
    assert [p.split(":")[0] for p in line.split("[")[1:]] == ["Stage 3", "Stage 5", "Stage 7"]
    assert len(line) == 90
    assert line == ("[Stage 3:==>     (3 + 1) / 10]"       # w = 30 - 9 - 13 = 8; 8 * 3 // 10
                    "[Stage 5:====>   (5 + 1) / 10]"
                    "[Stage 7:=====>  (7 + 1) / 10]")


def test_large_counts_and_bar_arithmetic():
    line = render_bar([stage(3, 40, 12, 2)], 50)
    # w = 50 - len("[Stage 3:") - len("(12 + 2) / 40]") = 27; 27 * 12 // 40 = 8
    assert line == "[Stage 3:" + "=" * 8 + ">" + " " * 18 + "(12 + 2) / 40]"


def test_no_room_for_a_bar_prints_only_the_counts():
    assert render_bar([stage(12, 400, 3, 1)], 20) == "[Stage 12:(3 + 1) / 400]"
    assert render_bar([stage(0, 5), stage(1, 5)], 30) == "[Stage 0:(0 + 0) / 5][Stage 1:(0 + 0) / 5]"


def test_empty_and_zero_task_stages():
    assert render_bar([], 80) == ""
    assert render_bar([stage(0, 0)], 40) == "[Stage 0:(0 + 0) / 0]"


# ============================================================ the bar thread ==================
class FakeTTY:
    def __init__(self):
        self.writes = []
        self.lock = threading.Lock()

    def write(self, text):
        with self.lock:
            self.writes.append((time.monotonic(), text))

    def flush(self):
        pass

    def isatty(self):
        return True

    def texts(self):
        with self.lock:
            return [t for _, t in self.writes]


def wait_for(pred, timeout=3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def fast_updates(monkeypatch):
    monkeypatch.setattr(progress, "UPDATE_PERIOD", 0.02)


def test_bar_appears_only_after_500ms_then_clears_on_finish(fast_updates):
    store = StatusStore()
    tty = FakeTTY()
    start = time.monotonic()
    store.stage_submitted(0, 0, "count at x.py:1", 4)
    store.task_started(0)
    bar = ConsoleProgressBar(store, stream=tty, width=40)
    try:
        assert wait_for(lambda: tty.texts())
        first_at = tty.writes[0][0]
        assert first_at - start >= progress.FIRST_DELAY - 0.05
        assert tty.texts()[0] == "\r[Stage 0:>                  (0 + 1) / 4]\r"
        # unchanged bars are not rewritten; a change is
        time.sleep(0.1)
        assert len(tty.texts()) == 1
        store.task_ended(0, ok=True)
        store.task_started(0)
        store.task_started(0)
        assert wait_for(lambda: len(tty.texts()) == 2)
        assert tty.texts()[1] == "\r[Stage 0:====>              (1 + 2) / 4]\r"
        bar.finish()
        assert tty.texts()[-1] == "\r" + " " * 40 + "\r"
        n = len(tty.texts())
        time.sleep(0.3)      # no redraw for 500 ms after a job finished
        assert len(tty.texts()) == n
        assert wait_for(lambda: len(tty.texts()) > n)
        assert tty.texts()[-1].startswith("\r[Stage 0:")
    finally:
        bar.stop()
    assert tty.texts()[-1] == "\r" + " " * 40 + "\r"


def test_short_stages_never_show_a_bar(fast_updates):
    store = StatusStore()
    tty = FakeTTY()
    bar = ConsoleProgressBar(store, stream=tty, width=40)
    try:
        for sid in range(5):
            store.stage_submitted(sid, 0, "s", 2)
            time.sleep(0.1)
            store.stage_completed(sid)
        time.sleep(0.2)
        assert tty.texts() == []
        bar.finish()
        assert tty.texts() == []     # nothing to clear
    finally:
        bar.stop()


def test_width_comes_from_COLUMNS(fast_updates, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    store = StatusStore()
    store.stage_submitted(2, 0, "s", 10)
    store._stages[2].submitted -= 1.0        # submitted a second ago
    tty = FakeTTY()
    bar = ConsoleProgressBar(store, stream=tty)
    try:
        assert wait_for(lambda: tty.texts())
        assert len(tty.texts()[0]) == 60 + 2
    finally:
        bar.stop()
    assert tty.texts()[-1] == "\r" + " " * 60 + "\r"
