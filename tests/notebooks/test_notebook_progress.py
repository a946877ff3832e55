"""NotebookProgressBar (no Ray, no kernel): same timing rules as the console bar, updates a
display instead of writing to a stream, and removes it when the job finishes; the HTML display
carries Spark's console text as its plain-text form; outside a kernel the console bar is chosen.
"""
from __future__ import annotations


from rayspark.scheduler import progress
from rayspark.scheduler.progress import NotebookProgressBar, in_notebook
from rayspark.scheduler.status import StatusStore


class FakeDisplay:
    def __init__(self):
        self.updates = []
        self.closed = 0

    def update(self, stages):
        self.updates.append([(s.stageId, s.numCompletedTasks, s.numActiveTasks, s.numTasks)
                             for s in stages])

    def close(self):
        self.closed += 1


def test_shows_running_stages_after_the_delay_and_clears_on_finish(monkeypatch):
    store = StatusStore()
    display = FakeDisplay()
    bar = NotebookProgressBar(store, display=display)
    bar._stop.set()                                   # drive _refresh by hand
    bar._thread.join(2)
    store.stage_submitted(0, 0, "count", 4)
    store.task_started(0)
    bar._refresh()
    assert display.updates == []                      # not yet 500 ms old
    store._stages[0].submitted -= 1.0
    bar._refresh()
    assert display.updates == [[(0, 0, 1, 4)]]
    bar._refresh()
    assert len(display.updates) == 1                  # unchanged: no redraw
    store.task_ended(0, ok=True)
    bar._refresh()
    assert display.updates[-1] == [(0, 1, 0, 4)]
    bar.finish()
    assert display.closed == 1
    bar._refresh()                                    # within 500 ms of a finish: nothing
    assert len(display.updates) == 2
    bar.finish()
    assert display.closed == 1                        # nothing shown, nothing to close


def test_html_display_bundle(monkeypatch):
    shown = []

    class Handle:
        def update(self, obj, raw=False):
            shown.append(("update", obj))

    def display(obj, raw=False, display_id=None):
        shown.append(("display", obj))
        return Handle()

    import IPython.display
    monkeypatch.setattr(IPython.display, "display", display)
    d = progress._HtmlDisplay()
    from rayspark.scheduler.status import SparkStageInfo
    d.update([SparkStageInfo(3, 0, "x", 40, 2, 12, 0)])
    d.update([SparkStageInfo(3, 0, "x", 40, 2, 13, 0)])
    d.close()
    kinds = [k for k, _ in shown]
    assert kinds == ["display", "update", "update"]
    first = shown[0][1]
    assert '<progress value="12" max="40"' in first["text/html"]
    assert "Stage 3: (12 + 2) / 40" in first["text/html"]
    assert first["text/plain"].startswith("[Stage 3:") and first["text/plain"].endswith(
        "(12 + 2) / 40]")
    assert shown[-1][1] == {"text/plain": ""}


def test_not_in_a_notebook_here():
    assert not in_notebook()
