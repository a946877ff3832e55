"""Console progress bar like Spark's ``[Stage 3:====>   (12 + 2) / 40]``.

Spark's ``ConsoleProgressBar``, line for line: a daemon thread redraws the bar every 200 ms for
up to three stages that have run longer than 500 ms, writing ``CR + bar + CR`` to stderr only
when the bar changed (or once a minute, to keep ssh sessions alive); the terminal width is
``COLUMNS`` (default 80), shared equally by the stages shown. ``finish()`` (after every job)
clears the line with spaces so job output never follows a stale bar, and no bar is drawn for
500 ms after a job finished, so quick consecutive jobs do not flicker. The context starts the
bar only when stderr is a terminal and ``spark.ui.showConsoleProgress`` is on.

Threads: the bar thread and the job-submitting thread (``finish``) share one lock; the status
store it reads is thread-safe.
"""
from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import List, Optional

from .status import SparkStageInfo, StatusStore

UPDATE_PERIOD = 0.2     # seconds between redraws (Spark: 200 ms)
FIRST_DELAY = 0.5       # a stage is shown once it has run this long (Spark: 500 ms)
KEEPALIVE = 60.0        # redraw an unchanged bar after this long (Spark: 1 minute)
MAX_STAGES = 3


def render_bar(stages: List[SparkStageInfo], width: int) -> str:
    """The bar for up to 3 stages (lowest ids first) in ``width`` columns, exactly as Spark
    draws it: each stage gets ``width // n`` columns of ``[Stage id:===>   (done + active) /
    total]``; a stage whose header and counts do not fit gets no bar, only its counts."""
    stages = sorted(stages, key=lambda s: s.stageId)[:MAX_STAGES]
    if not stages:
        return ""
    bar_width = width // len(stages)
    parts = []
    for s in stages:
        total = s.numTasks
        header = f"[Stage {s.stageId}:"
        tailer = f"({s.numCompletedTasks} + {s.numActiveTasks}) / {total}]"
        w = bar_width - len(header) - len(tailer)
        bar = ""
        if w > 0 and total > 0:
            percent = w * s.numCompletedTasks // total
            bar = "".join("=" if i < percent else (">" if i == percent else " ")
                          for i in range(w))
        parts.append(header + bar + tailer)
    return "".join(parts)


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 20)).columns


class _ProgressBar:
    """What both bars share: the redraw thread, the timing rules (stages shown once they ran
    500 ms, at most three, nothing for 500 ms after a job finished) and the lock that the
    thread and ``finish`` hold. Subclasses draw (``_draw``) and erase (``_clear``)."""

    def __init__(self, store: StatusStore):
        self._store = store
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._last_finish = 0.0
        self._thread = threading.Thread(target=self._run, name="rayspark-progress", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(UPDATE_PERIOD):
            try:
                self._refresh()
            except Exception:
                pass

    def _refresh(self) -> None:
        with self._lock:
            now = time.time()
            if now - self._last_finish < FIRST_DELAY:
                return
            stages = sorted((info for info, submitted in
                             self._store.active_stages_with_submission()
                             if now - submitted >= FIRST_DELAY),
                            key=lambda s: s.stageId)[:MAX_STAGES]
            if stages:      # as Spark: the bar stays until the job's finish() clears it
                self._draw(stages, now)

    def _draw(self, stages: List[SparkStageInfo], now: float) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Remove the bar (called after each job so results follow a clean line)."""
        with self._lock:
            self._clear()
            self._last_finish = time.time()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2 * UPDATE_PERIOD + 1)
        self.finish()


class ConsoleProgressBar(_ProgressBar):
    def __init__(self, store: StatusStore, stream=None, width: Optional[int] = None):
        self._stream = stream or sys.stderr
        self._width = width
        self._last = ""
        self._last_update = 0.0
        super().__init__(store)

    def _columns(self) -> int:
        return self._width if self._width is not None else terminal_width()

    def _draw(self, stages: List[SparkStageInfo], now: float) -> None:
        line = render_bar(stages, self._columns())
        if line != self._last or now - self._last_update > KEEPALIVE:
            self._stream.write("\r" + line + "\r")
            self._stream.flush()
            self._last_update = now
        self._last = line

    def _clear(self) -> None:
        if self._last:
            self._stream.write("\r" + " " * self._columns() + "\r")
            self._stream.flush()
            self._last = ""


def in_notebook() -> bool:
    """True inside a Jupyter kernel (ipykernel's shell), where stderr is no terminal and a
    console bar would only leave carriage-return litter in the cell output."""
    ipython = sys.modules.get("IPython")
    if ipython is None or "ipykernel" not in sys.modules:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


class _HtmlDisplay:
    """One updatable display (IPython display handle) per shown bar: an HTML ``<progress>`` per
    stage, with Spark's console text as the plain-text form. Needs nothing beyond IPython."""

    def __init__(self):
        self._handle = None

    def update(self, stages: List[SparkStageInfo]) -> None:
        from IPython.display import display
        rows = []
        for s in stages:
            rows.append(
                f'<div style="font-family:monospace">'
                f'<progress value="{s.numCompletedTasks}" max="{max(s.numTasks, 1)}" '
                f'style="width:24em;vertical-align:middle"></progress> '
                f"Stage {s.stageId}: ({s.numCompletedTasks} + {s.numActiveTasks}) / "
                f"{s.numTasks}</div>")
        bundle = {"text/html": "".join(rows), "text/plain": render_bar(stages, 80)}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.update({"text/plain": ""}, raw=True)
            self._handle = None


class _WidgetDisplay:
    """ipywidgets progress bars (one per stage), removed when the job finishes."""

    def __init__(self, widgets):
        self._w = widgets
        self._box = None
        self._rows = {}

    def update(self, stages: List[SparkStageInfo]) -> None:
        from IPython.display import display
        w = self._w
        if self._box is None:
            self._box = w.VBox([])
            display(self._box)
        for s in stages:
            row = self._rows.get(s.stageId)
            if row is None:
                bar = w.IntProgress(min=0, max=max(s.numTasks, 1), description=f"Stage {s.stageId}")
                label = w.Label()
                row = self._rows[s.stageId] = (w.HBox([bar, label]), bar, label)
            row[1].value = s.numCompletedTasks
            row[2].value = f"({s.numCompletedTasks} + {s.numActiveTasks}) / {s.numTasks}"
        shown = {s.stageId for s in stages}
        self._box.children = tuple(r[0] for sid, r in sorted(self._rows.items()) if sid in shown)

    def close(self) -> None:
        if self._box is not None:
            for row in self._rows.values():
                row[0].close()
            self._box.close()
        self._box = None
        self._rows = {}


class NotebookProgressBar(_ProgressBar):
    """The progress bar in a Jupyter notebook: the same stages and timing rules as
    ``ConsoleProgressBar`` (stages shown once they ran 500 ms, at most three, redrawn every
    200 ms when changed, removed by ``finish()`` after each job), drawn as ipywidgets progress
    bars when ipywidgets is installed, else as an updatable HTML display. It never writes to
    stdout or stderr.

    Threads: as the console bar (one lock shared by the redraw thread and ``finish``). ipykernel
    sends display messages from a thread without its own context to the running cell.
    """

    def __init__(self, store: StatusStore, display=None):
        self._display = display if display is not None else self._default_display()
        self._last: Optional[tuple] = None
        super().__init__(store)

    @staticmethod
    def _default_display():
        try:
            import ipywidgets
            return _WidgetDisplay(ipywidgets)
        except Exception:
            return _HtmlDisplay()

    def _draw(self, stages: List[SparkStageInfo], now: float) -> None:
        state = tuple((s.stageId, s.numTasks, s.numCompletedTasks, s.numActiveTasks)
                      for s in stages)
        if state != self._last:
            self._display.update(stages)
            self._last = state

    def _clear(self) -> None:
        if self._last is not None:
            try:
                self._display.close()
            except Exception:
                pass
            self._last = None
