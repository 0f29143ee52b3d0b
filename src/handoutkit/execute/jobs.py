"""One build job, as a worker process runs it: notebooks in, files (as bytes) out.

For one clinic × procedure × language, `run_job` executes
``notebooks/handout.ipynb`` (once per paper size) and
``notebooks/slides.ipynb`` with papermill, exports the handout with the
nbconvert exporter, prints it with WeasyPrint, takes the deck from the slides
notebook's output, exports the browser deck (reveal.js) from the same executed
notebook and draws a preview of the handout's first page. Nothing is
written here: the builder writes what the job returns. A problem with the
job's content or brand comes back as the job's error, so the other jobs of a
build go on.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import os
import time
from functools import lru_cache
from typing import Any

import nbformat
import papermill
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from ..errors import HandoutKitError, RenderError, ReportedError
from ..model import Finding, JobOutcome, JobSpec, Output
from ..model.contract import (
    DECK_TAG,
    HANDOUT_TAG,
    PPTX_MIMETYPE,
    ChecksPayload,
    PagePayload,
    WarningsPayload,
    find,
)
from ..outputs.deck.exporter import BrowserDeckExporter
from ..outputs.handout.exporter import HandoutExporter
from ..outputs.handout.pdf import render_pdf
from ..outputs.handout.templates import TemplateFolders, template_folders
from ..outputs.thumbnails import pdf_page_png

HANDOUT_NOTEBOOK = "handout.ipynb"
SLIDES_NOTEBOOK = "slides.ipynb"
HANDOUT_PREVIEW_PX = 420

# papermill logs every cell it runs at INFO; the build reports progress itself.
logging.getLogger("papermill").setLevel(logging.WARNING)


def warm_up() -> None:
    """Initialise what every job needs, before the first job (and while the kernel starts)."""
    render_pdf("<p>Handout Kit</p>")  # loads fontconfig and Pango


def run_job(spec: JobSpec) -> JobOutcome:
    """Run one job; any problem becomes the outcome's error instead of an exception."""
    started = time.perf_counter()
    try:
        outcome = _run(spec)
    except HandoutKitError as error:
        outcome = JobOutcome(spec.key, error=error.message)
    except Exception as error:  # one job's bug must not stop the others
        outcome = JobOutcome(
            spec.key,
            error=f"unexpected {type(error).__name__}: {error}. Fix: this is a Handout Kit bug; "
            "please report it with the content and brand files of this job.",
        )
    return _with_seconds(outcome, time.perf_counter() - started)


def _with_seconds(outcome: JobOutcome, seconds: float) -> JobOutcome:
    return dataclasses.replace(outcome, seconds=seconds)


def _run(spec: JobSpec) -> JobOutcome:

    key, folder = spec.key, spec.folder
    clinic_dir = spec.content_dir / "clinics" / key.clinic
    folders = template_folders(spec.templates_dir, clinic_folder=clinic_dir)
    parameters: dict[str, Any] = {
        # Relative to the notebooks folder, as in the notebooks' own defaults, so the executed
        # notebooks are the same wherever the project is checked out.
        "content_dir": os.path.relpath(spec.content_dir, spec.notebooks_dir),
        "clinic": key.clinic,
        "procedure": key.procedure,
        "language": key.language,
    }
    outputs: list[Output] = []
    page = PagePayload(title="", lang="", author="", description="", created="")
    warnings: tuple[str, ...] = ()
    checks: tuple[Finding, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    variants = [(paper, False) for paper in spec.papers]
    variants += [(paper, True) for paper in spec.papers if spec.large_print]
    for index, (paper, large) in enumerate(variants):
        name = f"handout-large-print-{paper.value}" if large else f"handout-{paper.value}"
        notebook_path = f"{folder}/notebooks/{key.stem}_{name}.ipynb"
        notebook = execute(
            spec,
            HANDOUT_NOTEBOOK,
            {**parameters, "paper": paper.value, "large_print": large},
            notebook_path,
        )
        warnings = _warnings_of(notebook)
        checks, scores = _checks_of(notebook)
        html, _ = _exporter(folders).from_notebook_node(
            _tagged(notebook, HANDOUT_TAG),
            resources={"metadata": {"path": str(spec.notebooks_dir)}},
        )
        page = find(notebook.cells, PagePayload) or page
        pdf = render_pdf(
            html,
            source=spec.content_dir / "procedures" / key.procedure / f"{key.language}.md",
        )
        kind = "handout-large-pdf" if large else "handout-pdf"
        notebook_kind = "notebook-handout-large" if large else "notebook-handout"
        outputs.append(Output(key, kind, f"{folder}/{key.stem}_{name}.pdf", pdf, paper))
        if index == 0:
            html_path = f"{folder}/{key.stem}_handout.html"
            outputs.append(Output(key, "handout-html", html_path, html.encode("utf-8")))
            preview = pdf_page_png(pdf, 0, width_px=HANDOUT_PREVIEW_PX)
            outputs.append(
                Output(key, "preview-handout", f"{folder}/previews/{key.stem}_handout.png", preview)
            )
        outputs.append(Output(key, notebook_kind, notebook_path, _notebook_bytes(notebook), paper))
    slides_path = f"{folder}/notebooks/{key.stem}_slides.ipynb"
    slides = execute(spec, SLIDES_NOTEBOOK, parameters, slides_path)
    outputs.append(Output(key, "slides-pptx", f"{folder}/{key.stem}_slides.pptx", deck_of(slides)))
    browser, _ = _deck_exporter(folders).from_notebook_node(
        _tagged(slides, DECK_TAG), resources={"metadata": {"path": str(spec.notebooks_dir)}}
    )
    outputs.append(
        Output(key, "slides-html", f"{folder}/{key.stem}_slides.html", browser.encode("utf-8"))
    )
    outputs.append(Output(key, "notebook-slides", slides_path, _notebook_bytes(slides)))
    return JobOutcome(
        key,
        outputs=tuple(outputs),
        title=page.description,
        outside_inputs=page.inputs,
        clinic_name=page.author,
        reviewed=page.created,
        warnings=warnings,
        checks=checks + _checks_of(slides)[0],
        scores=scores,
    )


def execute(spec: JobSpec, name: str, parameters: dict[str, Any], output_path: str) -> NotebookNode:
    """Run one of the job's notebooks with papermill and return the executed copy."""

    path = spec.notebooks_dir / name
    if not path.is_file():
        raise RenderError(
            "the notebook does not exist.",
            fix="restore it from the project (git checkout notebooks/).",
            path=path,
        )
    try:
        notebook = papermill.execute_notebook(
            str(path),
            None,
            parameters=parameters,
            engine_name=spec.engine,
            kernel_name=spec.kernel_name,
            cwd=str(path.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        if exc.ename in _USER_ERRORS:
            # The notebook already says what to fix (file, line or field, fix).
            raise ReportedError(exc.evalue) from None
        raise RenderError(
            f"the notebook stopped at cell {exc.exec_count} with {exc.ename}: {exc.evalue}",
            fix="open the notebook in JupyterLab with the same parameters to see the cell; "
            "if the message names a content or brand file, fix that file.",
            path=path,
        ) from None
    return reproducible(notebook, f"notebooks/{name}", output_path)


_USER_ERRORS = {
    "HandoutKitError",
    "ContentError",
    "BrandError",
    "UnsafePathError",
    "SelectionError",
    "RenderError",
}


def reproducible(notebook: NotebookNode, input_path: str, output_path: str) -> NotebookNode:
    """Drop what differs between two runs of the same inputs: run times, random ids, paths."""
    meta = notebook.metadata.get("papermill", {})
    for name in ("start_time", "end_time", "duration"):
        meta.pop(name, None)
    meta["input_path"] = input_path
    meta["output_path"] = output_path
    for cell in notebook.cells:
        cell_meta = cell.metadata.get("papermill", {})
        for name in ("start_time", "end_time", "duration"):
            cell_meta.pop(name, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return notebook


def _tagged(notebook: NotebookNode, tag: str) -> NotebookNode:
    """The notebook with only its cells tagged ``tag``, all an exporter reads: nbconvert
    copies the notebook it is given, and the other cells' outputs are large."""

    trimmed = NotebookNode(notebook)  # shallow: the cells themselves are not copied here
    trimmed.cells = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    return trimmed


def _notebook_bytes(notebook: NotebookNode) -> bytes:

    return nbformat.writes(notebook).encode("utf-8")


def _warnings_of(notebook: NotebookNode) -> tuple[str, ...]:
    listed = find(notebook.cells, WarningsPayload)
    return listed.warnings if listed else ()


def _checks_of(
    notebook: NotebookNode,
) -> tuple[tuple[Finding, ...], tuple[tuple[str, float], ...]]:
    """The quality-check findings the notebook displayed (but not the dated ones, which are
    checked anew for each report) and its figures."""
    listed = find(notebook.cells, ChecksPayload)
    if listed is None:
        return (), ()
    return tuple(f for f in listed.findings if not f.dated), listed.scores


def deck_of(notebook: NotebookNode) -> bytes:
    """The PPTX bytes displayed by the cell tagged ``deck``."""
    for cell in notebook.cells:
        if DECK_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(PPTX_MIMETYPE)
            if data:
                return base64.b64decode(data)
    raise RenderError(
        f"the slides notebook has no cell tagged '{DECK_TAG}' that displayed a deck.",
        fix=f"keep the tag '{DECK_TAG}' on the cell that calls build_deck(...).",
        path=SLIDES_NOTEBOOK,
    )


@lru_cache(maxsize=16)
def _exporter(folders: TemplateFolders) -> HandoutExporter:
    """One exporter per template folders, reused by the jobs of this worker."""

    return HandoutExporter(folders)


@lru_cache(maxsize=16)
def _deck_exporter(folders: TemplateFolders) -> BrowserDeckExporter:
    """One browser deck (reveal.js) exporter per template folders, reused like `_exporter`."""

    return BrowserDeckExporter(folders)


__all__ = ["execute", "run_job"]
