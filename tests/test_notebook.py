"""The analysis notebook runs from top to bottom (nbclient), so that it cannot silently break."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT


def test_notebook_is_committed_without_outputs() -> None:
    nb = nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4)
    assert all(
        not c.get("outputs") and c.get("execution_count") is None
        for c in nb.cells
        if c.cell_type == "code"
    )


def test_notebook_executes_from_any_folder_with_its_figures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run from a folder outside the checkout (it looked for data/ in the working folder);
    its figures show inline (it forced the Agg backend: no figure at all)."""
    monkeypatch.delenv("DELIB_DB_URL", raising=False)
    nb = nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("deliberations" in o.get("text", "") for o in outputs if o.output_type == "stream")
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) >= 4
