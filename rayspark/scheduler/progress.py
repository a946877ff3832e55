"""Console progress bar like Spark's ``[Stage 3:====>   (12 + 2) / 40]``.

A daemon thread redraws the bar on stderr every 200 ms for stages that have run longer than
500 ms, only when stderr is a terminal and ``spark.ui.showConsoleProgress`` is on; it clears the
line when no stage is active so job output is never interleaved with a stale bar. In Jupyter the
context uses a notebook bar instead (see ``notebook_progress``).
"""
from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import List

from .status import SparkStageInfo, StatusStore

UPDATE_PERIOD = 0.2
FIRST_DELAY = 0.5


def render_bar(stages: List[SparkStageInfo], width: int) -> str:
    """Render the bar for up to 3 stages in ``width`` columns (pure function, unit-tested)."""
    stages = sorted(stages, key=lambda s: s.stageId)[:3]
    if not stages:
        return ""
    bar_width = width // len(stages)
    parts = []
    for s in stages:
        total = s.numTasks
        header = f"[Stage {s.stageId}:"
        tailer = f"({s.numCompletedTasks} + {s.numActiveTasks}) / {total}]"
        w = bar_width - len(header) - len(tailer)
        if w > 0 and total > 0:
            percent = w * s.numCompletedTasks // total
            bar = "".join("=" if i < percent else (">" if i == percent else " ") for i in range(w))
            parts.append(header + bar + tailer)
        else:
            parts.append(header + tailer)
    return "".join(parts)


class ConsoleProgressBar:
    def __init__(self, store: StatusStore, stream=None):
        self._store = store
        self._stream = stream or sys.stderr
        self._stop = threading.Event()
        self._last = ""
        self._thread = threading.Thread(target=self._run, name="rayspark-progress", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(UPDATE_PERIOD):
            try:
                self._refresh()
            except Exception:
                pass

    def _refresh(self) -> None:
        now = time.time() * 1000
        stages = [s for s in self._store.active_stages() if now - s.submissionTime >= FIRST_DELAY * 1000]
        width = shutil.get_terminal_size((80, 20)).columns
        line = render_bar(stages, width)
        if line == self._last:
            return
        if line:
            self._stream.write("\r" + line)
        else:
            self._stream.write("\r" + " " * width + "\r")
        self._stream.flush()
        self._last = line

    def finish(self) -> None:
        """Clear the bar (called after each job so results print on a clean line)."""
        if self._last:
            width = shutil.get_terminal_size((80, 20)).columns
            self._stream.write("\r" + " " * width + "\r")
            self._stream.flush()
            self._last = ""

    def stop(self) -> None:
        self._stop.set()
        self.finish()
