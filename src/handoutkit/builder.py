"""Plan, run and write a build: every output comes from executing the notebooks.

1. plan: discover the content, select the jobs, read and validate every
   document and brand before anything runs (so bad input stops the build
   before a single file is written);
2. run: per job, execute ``notebooks/handout.ipynb`` (once per paper size)
   and ``notebooks/slides.ipynb`` with papermill, export the handout with
   nbconvert and print it with WeasyPrint, take the deck from the notebook's
   output;
3. write: every file atomically (temporary file, then rename), then the
   manifest. A failed job leaves the previous good outputs untouched.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .catalog import Catalog, JobKey, discover
from .errors import HandoutKitError, RenderError
from .files import build_lock, write_atomic
from .manifest import Entry, write_manifest
from .models import Notice, Paper
from .notebook import PPTX_MIMETYPE
from .templates import PROJECT_TEMPLATES, TemplateFolders, template_folders
from .view import label_notices

PROJECT_NOTEBOOKS = PROJECT_TEMPLATES.parent / "notebooks"
HANDOUT_NOTEBOOK = "handout.ipynb"
SLIDES_NOTEBOOK = "slides.ipynb"
DECK_TAG = "deck"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    clinics: tuple[str, ...] = ()
    procedures: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    papers: tuple[Paper, ...] = (Paper.LETTER,)
    notebooks_dir: Path = PROJECT_NOTEBOOKS
    templates_dir: Path = PROJECT_TEMPLATES
    kernel_name: str = "python3"


@dataclass(frozen=True, slots=True)
class Job:
    key: JobKey
    notices: tuple[Notice, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The validated jobs of a build, or the errors that stop it."""

    catalog: Catalog
    jobs: tuple[Job, ...]
    errors: tuple[HandoutKitError, ...]


@dataclass(frozen=True, slots=True)
class Output:
    """One file a job makes: what it is, where it goes (relative to the build folder)."""

    key: JobKey
    kind: str
    path: str
    data: bytes = field(repr=False)
    paper: Paper | None = None


@dataclass(frozen=True, slots=True)
class JobResult:
    job: Job
    outputs: tuple[Output, ...]


def plan(options: BuildOptions) -> Plan:
    """Select the jobs and validate all their inputs; nothing is written."""
    catalog = discover(options.content_dir)
    keys = catalog.select(
        clinics=options.clinics, procedures=options.procedures, languages=options.languages
    )
    jobs: list[Job] = []
    errors: list[HandoutKitError] = []
    seen: set[str] = set()
    for key in keys:
        try:
            handout = catalog.load(key)
        except HandoutKitError as error:
            # One broken brand file breaks every job of that clinic: report it once.
            if error.message not in seen:
                seen.add(error.message)
                errors.append(error)
            continue
        jobs.append(Job(key=key, notices=handout.notices + label_notices(handout)))
    return Plan(catalog=catalog, jobs=tuple(jobs), errors=tuple(errors))


def build(
    options: BuildOptions,
    the_plan: Plan,
    *,
    on_job: Callable[[Job], None] | None = None,
) -> tuple[JobResult, ...]:
    """Run every job of a valid plan and write its outputs and the manifest."""
    if the_plan.errors:
        raise the_plan.errors[0]
    out_dir = options.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    results: list[JobResult] = []
    with build_lock(out_dir):
        for job in the_plan.jobs:
            if on_job:
                on_job(job)
            outputs = run_job(job.key, options, the_plan.catalog)
            for output in outputs:
                write_atomic(out_dir / output.path, output.data)
            results.append(JobResult(job=job, outputs=outputs))
        write_manifest(
            out_dir,
            [Entry.of(output) for result in results for output in result.outputs],
            replace={result.job.key for result in results},
        )
    return tuple(results)


def run_job(key: JobKey, options: BuildOptions, catalog: Catalog) -> tuple[Output, ...]:
    """Execute the notebooks for one job and return its files, in memory."""
    from .exporter import HandoutExporter
    from .render.pdf import render_pdf

    folders = template_folders(
        options.templates_dir, clinic_folder=catalog.brand_path(key.clinic).parent
    )
    folder = f"{key.clinic}/{key.procedure}"
    parameters = {
        "content_dir": str(catalog.root),
        "clinic": key.clinic,
        "procedure": key.procedure,
        "language": key.language,
    }
    outputs: list[Output] = []
    for index, paper in enumerate(options.papers):
        notebook = execute(
            options.notebooks_dir / HANDOUT_NOTEBOOK,
            {**parameters, "paper": paper.value},
            options,
        )
        html, _ = HandoutExporter(folders).from_notebook_node(
            notebook, resources={"metadata": {"path": str(options.notebooks_dir)}}
        )
        pdf = render_pdf(
            html,
            allowed_roots=_allowed_roots(catalog, folders),
            source=catalog.document_path(key.procedure, key.language),
        )
        stem = f"{folder}/{key.stem}_handout"
        outputs.append(Output(key, "handout-pdf", f"{stem}-{paper.value}.pdf", pdf, paper))
        if index == 0:
            outputs.append(Output(key, "handout-html", f"{stem}.html", html.encode("utf-8")))
        outputs.append(
            Output(
                key,
                "notebook-handout",
                f"{folder}/notebooks/{key.stem}_handout-{paper.value}.ipynb",
                nbformat.writes(notebook).encode("utf-8"),
                paper,
            )
        )
    slides = execute(options.notebooks_dir / SLIDES_NOTEBOOK, parameters, options)
    outputs.append(Output(key, "slides-pptx", f"{folder}/{key.stem}_slides.pptx", deck_of(slides)))
    outputs.append(
        Output(
            key,
            "notebook-slides",
            f"{folder}/notebooks/{key.stem}_slides.ipynb",
            nbformat.writes(slides).encode("utf-8"),
        )
    )
    return tuple(outputs)


def execute(path: Path, parameters: dict[str, str], options: BuildOptions) -> nbformat.NotebookNode:
    """Run a notebook with papermill and return the executed copy."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    if not path.is_file():
        raise RenderError(
            "the notebook does not exist.",
            fix="restore it from the project (git checkout notebooks/).",
            path=path,
        )
    with tempfile.TemporaryDirectory(prefix="handoutkit-") as scratch:
        executed = Path(scratch) / path.name
        try:
            papermill.execute_notebook(
                str(path),
                str(executed),
                parameters=parameters,
                kernel_name=options.kernel_name,
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
            )
        except PapermillExecutionError as exc:
            raise RenderError(
                f"the notebook stopped at cell {exc.exec_count} with {exc.ename}: {exc.evalue}",
                fix="open the notebook in JupyterLab with the same parameters to see the cell; "
                "if the message names a content or brand file, fix that file.",
                path=path,
            ) from None
        return nbformat.read(executed, as_version=4)


def deck_of(notebook: nbformat.NotebookNode) -> bytes:
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
        path=PROJECT_NOTEBOOKS / SLIDES_NOTEBOOK,
    )


def _allowed_roots(catalog: Catalog, folders: TemplateFolders) -> Sequence[Path]:
    return (catalog.root, *folders.roots)
