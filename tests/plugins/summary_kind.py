"""A small output kind from outside the package: a one-page plain-text summary.

It proves the output-kind seam: registered from the tests, with its own notebook, it is built,
recorded in the manifest and listed in the gallery, and no module of the package changes.
"""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode

from handoutkit.model import JobSpec, Output
from handoutkit.outputs.kinds import Collected, FileKind, OutputKind, Variant

TAG = "summary"


class SummaryKind(OutputKind):
    name = "summary"
    notebook = "summary.ipynb"
    tag = TAG
    files = (FileKind("summary-txt", "Summary (text)", rank=30),)
    notebooks_dir = Path(__file__).resolve().parent

    def collect(self, notebook: NotebookNode, variant: Variant, spec: JobSpec) -> Collected:
        text = "".join(
            output.get("text", "")
            for cell in notebook.cells
            if TAG in cell.get("metadata", {}).get("tags", [])
            for output in cell.get("outputs", [])
            if output.get("name") == "stdout"
        )
        path = f"{spec.folder}/{spec.key.stem}_summary.txt"
        return Collected(outputs=(Output(spec.key, "summary-txt", path, text.encode("utf-8")),))
