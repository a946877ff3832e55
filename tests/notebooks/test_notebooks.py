"""Every notebook in notebooks/ runs top to bottom in a fresh Jupyter kernel (nbclient), so the
tutorials cannot rot; they are stored with their outputs cleared; and in a kernel the console
progress bar never prints (the notebook progress display is used instead).
"""
from __future__ import annotations

import glob
import os

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOK_DIR = os.path.join(ROOT, "notebooks")
NOTEBOOKS = sorted(glob.glob(os.path.join(NOTEBOOK_DIR, "*.ipynb")))

pytestmark = pytest.mark.timeout(300)


def _kernel_env():
    """The kernel starts its own embedded Ray: nothing of this test session's Ray leaks in."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("RAY_ADDRESS", "RAYSPARK_", "spark."))}


def _text(outputs) -> str:
    out = []
    for o in outputs:
        if o.get("output_type") == "stream":
            out.append(o.get("text", ""))
        elif "data" in o:
            out.append(o["data"].get("text/plain", ""))
        elif o.get("output_type") == "error":
            out.append("\n".join(o.get("traceback", [])))
    return "".join(out)


def test_there_are_notebooks():
    assert any(os.path.basename(p).startswith("01_") for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[os.path.basename(p) for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, (f"{os.path.basename(path)}: clear the outputs of cells {dirty} before "
                       "committing (Jupyter: Edit > Clear Outputs of All Cells)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[os.path.basename(p) for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": NOTEBOOK_DIR}})
    client.execute(env=_kernel_env())          # raises CellExecutionError on any cell error
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    text = "\n".join(_text(c.outputs) for c in code_cells)
    assert "[Stage " not in text, "the console progress bar printed inside a notebook"
    if os.path.basename(path).startswith("01_getting_started_rdd"):
        flat = " ".join(text.split())
        assert "[('the', 50), ('and', 20), ('a', 7), ('that', 7), ('was', 7)," in flat
        assert "(4) ShuffledRDD" in flat and "+-(4) PythonRDD" in flat
        assert "CachedPartitions: 4" in flat
        assert ("inner join: [(1, ('Ada', 37.5)), (2, ('Grace', 52.5)), (3, ('Linus', 99.0))]"
                in flat)
        assert "[('mill', 4), ('old', 4), ('said', 4)," in flat
        # the caching cell's 1 s jobs drew the notebook progress display (display_data
        # outputs; the bar is emptied when each job finishes)
        caching = next(c for c in code_cells if "fills the cache" in c.source)
        assert any(o.get("output_type") == "display_data" for o in caching.outputs)
