"""Plan, run and record a build of the catalog; every output comes from the notebooks.

1. plan: discover the content, select the jobs, fingerprint each job's inputs
   and compare them with the manifest: a job built from the same inputs is
   skipped unless forced. Nothing heavy is imported on this path, so a build
   with nothing to do takes a fraction of a second.
2. run: the other jobs go to worker processes (`pool`), each executing the
   notebooks in its own warm kernel (`engine`). A job's bad content or brand
   fails that job only; the others finish.
3. write: each job's files atomically as it completes (a failed job keeps its
   previous outputs), then the slide previews (LibreOffice), the manifest and
   the gallery. On Ctrl-C the workers stop at once and every job that had
   finished is recorded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import Catalog, JobKey, discover
from .errors import HandoutKitError
from .files import build_lock, write_atomic
from .fingerprint import Fingerprinter, digest_files
from .jobs import JobOutcome, JobSpec, Output
from .manifest import (
    Entry,
    Failure,
    JobRecord,
    Manifest,
    merge,
    read_manifest,
    with_warnings,
    write_manifest,
)
from .models import Paper
from .names import ENGINE_NAME
from .quality import CHECKS_HTML
from .settings import ProjectSettings, read_settings
from .templates import PROJECT_TEMPLATES

if TYPE_CHECKING:
    from .checks import CheckSettings

PROJECT_NOTEBOOKS = PROJECT_TEMPLATES.parent / "notebooks"
SLIDE_PREVIEWS = 3
SLIDE_PREVIEW_PX = 320
GALLERY = "index.html"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    clinics: tuple[str, ...] = ()
    procedures: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    papers: tuple[Paper, ...] = (Paper.LETTER,)
    large_print: bool = False  # also a large-print handout on each paper
    notebooks_dir: Path = PROJECT_NOTEBOOKS
    templates_dir: Path = PROJECT_TEMPLATES
    kernel_name: str = "python3"
    workers: int = 0  # 0: one per core
    force: bool = False
    previews: bool = True  # slide pictures for the gallery, if LibreOffice is installed
    engine: str = ENGINE_NAME
    allow_errors: bool = False  # build documents whose quality checks found errors

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)

    def identity(self) -> tuple[str, ...]:
        """The options that change what a job makes (part of every job's fingerprint)."""
        return (
            "papers=" + ",".join(paper.value for paper in self.papers),
            f"large_print={self.large_print}",
            f"kernel={self.kernel_name}",
            f"engine={self.engine}",
        )


@dataclass(frozen=True, slots=True)
class PlannedJob:
    spec: JobSpec
    inputs: str  # digest of everything the job reads
    fresh: bool  # built before from the same inputs, and its files are all there

    @property
    def key(self) -> JobKey:
        return self.spec.key


@dataclass(frozen=True, slots=True)
class Plan:
    catalog: Catalog
    out_dir: Path
    jobs: tuple[PlannedJob, ...]
    settings: ProjectSettings  # content/handoutkit.yml, read and validated before any job

    @property
    def to_build(self) -> tuple[PlannedJob, ...]:
        return tuple(job for job in self.jobs if not job.fresh)

    @property
    def to_skip(self) -> tuple[PlannedJob, ...]:
        return tuple(job for job in self.jobs if job.fresh)


@dataclass(frozen=True, slots=True)
class BuildReport:
    built: tuple[JobOutcome, ...]
    failed: tuple[JobOutcome, ...]
    skipped: tuple[JobKey, ...]
    seconds: float
    interrupted: bool
    notes: tuple[str, ...]  # things worth knowing that are not errors (previews skipped, ...)
    manifest: Path
    gallery: Path

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


def plan(options: BuildOptions) -> Plan:
    """Select the jobs and decide which need building; reads names and digests only."""
    catalog = discover(options.content_dir)
    keys = catalog.select(
        clinics=options.clinics, procedures=options.procedures, languages=options.languages
    )
    out_dir = options.out_dir.resolve()
    notebooks_dir = options.notebooks_dir.resolve()
    templates_dir = options.templates_dir.resolve()
    manifest = read_manifest(out_dir)
    # The project settings change what the notebooks show (the checks' target grade).
    project = read_settings(catalog.root)
    present = [project.source] if project.source else []
    shown = (f"settings={digest_files(present, relative_to=catalog.root)}",)
    printer = Fingerprinter(notebooks_dir, templates_dir, (*options.identity(), *shown))
    jobs = []
    for key in keys:
        spec = JobSpec(
            key=key,
            content_dir=catalog.root,
            notebooks_dir=notebooks_dir,
            templates_dir=templates_dir,
            papers=options.papers,
            large_print=options.large_print,
            kernel_name=options.kernel_name,
            engine=options.engine,
        )
        inputs = printer.job(
            catalog.root / "clinics" / key.clinic,
            catalog.document_path(key.procedure, key.language),
        )
        fresh = not options.force and manifest.up_to_date(key, inputs, out_dir)
        jobs.append(PlannedJob(spec=spec, inputs=inputs, fresh=fresh))
    return Plan(catalog=catalog, out_dir=out_dir, jobs=tuple(jobs), settings=project)


def build(
    options: BuildOptions,
    the_plan: Plan,
    *,
    on_done: Callable[[JobOutcome], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> BuildReport:
    """Run the plan's jobs that need it, write their files, the manifest and the gallery."""
    started = time.perf_counter()
    out_dir = the_plan.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = {job.key: job.inputs for job in the_plan.jobs}
    built: list[JobOutcome] = []
    failed: list[JobOutcome] = []
    notes: list[str] = []
    interrupted = False
    with build_lock(out_dir):
        before = read_manifest(out_dir)
        to_build = the_plan.to_build
        if to_build:
            scratch = Path(tempfile.mkdtemp(prefix="handoutkit-run-"))
            try:
                from .pool import WorkerPool

                # The workers and their kernels boot while this process checks review dates.
                pool = WorkerPool(
                    min(options.worker_count, len(to_build)),
                    scratch=scratch,
                    kernel_name=options.kernel_name,
                )
                try:
                    refused = _gate(options, the_plan)
                    for job in to_build:
                        if job.key in refused:
                            outcome = JobOutcome(job.key, error=refused[job.key])
                            failed.append(outcome)
                            if on_done:
                                on_done(outcome)
                    for outcome in pool.run(
                        [job.spec for job in to_build if job.key not in refused]
                    ):
                        if outcome.error is None and not options.allow_errors:
                            outcome = _refused(outcome, the_plan.catalog)
                        if outcome.error is None:
                            _write(out_dir, outcome, before)
                            built.append(outcome)
                        else:
                            failed.append(outcome)
                        if on_done:
                            on_done(outcome)
                    pool.close()
                except KeyboardInterrupt:
                    interrupted = True
                    pool.kill()
                except BaseException:
                    pool.kill()
                    raise
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        manifest = merge(
            before,
            jobs=[_record(outcome, inputs[outcome.key]) for outcome in built],
            outputs=[_entry(output) for outcome in built for output in outcome.outputs],
            failures=[Failure.of(outcome.key, outcome.error or "") for outcome in failed],
            resolved=[job.key for job in the_plan.to_skip],
            out_dir=out_dir,
        )
        if options.previews and not interrupted:
            keys = [job.key for job in the_plan.jobs]
            content = the_plan.catalog.root
            manifest = _slide_previews(manifest, content, out_dir, keys, notes, on_phase)
        manifest_path = out_dir / "manifest.json"
        gallery_path = out_dir / GALLERY
        if manifest != before or not manifest_path.is_file():
            write_manifest(out_dir, manifest)
        if manifest != before or not (out_dir / CHECKS_HTML).is_file():
            _report(options, the_plan, manifest, notes)
        if manifest != before or not gallery_path.is_file():
            from .gallery import render_gallery

            write_atomic(gallery_path, render_gallery(manifest, options.templates_dir))
    return BuildReport(
        built=tuple(built),
        failed=tuple(failed),
        skipped=tuple(job.key for job in the_plan.to_skip),
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
        notes=tuple(notes),
        manifest=manifest_path,
        gallery=gallery_path,
    )


def _gate(options: BuildOptions, the_plan: Plan) -> dict[JobKey, str]:
    """The jobs not to start: those whose documents' review dates are errors (unless
    ``allow_errors``). A document that cannot be read is left to its job, which says why.
    """
    if options.allow_errors:
        return {}
    from .quality import gate_checks

    keys = [job.key for job in the_plan.to_build]
    report = gate_checks(the_plan.catalog, keys, _settings(the_plan))
    return report.refused(keys)


def _refused(outcome: JobOutcome, catalog: Catalog) -> JobOutcome:
    """``outcome`` failed with the reason if its notebooks' checks found an error (a deck
    without slide titles or alt text, text too small): its files are then not written."""
    from .checks import Status
    from .quality import refusal

    error = next((f for f in outcome.checks if f.status is Status.ERROR), None)
    if error is None:
        return outcome
    return JobOutcome(outcome.key, error=refusal(catalog.brand_path(outcome.key.clinic), error))


def _report(options: BuildOptions, the_plan: Plan, manifest: Manifest, notes: list[str]) -> None:
    """checks.json and checks.html of every selected job, from what the notebooks found (kept
    in the manifest) with the review dates checked anew: nothing is computed twice."""
    from .checks import Status
    from .quality import report_from_records, write_report

    keys = [job.key for job in the_plan.jobs]
    records = {key: record for key in keys if (record := manifest.job(key)) is not None}
    report = report_from_records(the_plan.catalog, keys, records, _settings(the_plan))
    _, html_path = write_report(report, the_plan.out_dir, options.templates_dir)
    notes.append(
        f"quality checks: {report.count(Status.ERROR)} error(s), "
        f"{report.count(Status.WARN)} warning(s); see {html_path}"
    )


def _settings(the_plan: Plan) -> CheckSettings:
    from .checks import CheckSettings

    return CheckSettings.of(the_plan.settings)


def _write(out_dir: Path, outcome: JobOutcome, before: Manifest) -> None:
    """Write a job's files; remove the files of its previous build it no longer makes."""
    for output in outcome.outputs:
        write_atomic(out_dir / output.path, output.data)
    made = {output.path for output in outcome.outputs}
    for entry in before.outputs_of(outcome.key):
        if entry.path not in made:
            (out_dir / entry.path).unlink(missing_ok=True)


def _record(outcome: JobOutcome, inputs: str) -> JobRecord:
    key = outcome.key
    return JobRecord(
        clinic=key.clinic,
        procedure=key.procedure,
        language=key.language,
        inputs=inputs,
        title=outcome.title,
        clinic_name=outcome.clinic_name,
        reviewed=outcome.reviewed,
        warnings=outcome.warnings,
        checks=outcome.checks,
        scores=outcome.scores,
    )


def _entry(output: Output) -> Entry:
    return Entry(
        clinic=output.key.clinic,
        procedure=output.key.procedure,
        language=output.key.language,
        kind=output.kind,
        paper=output.paper.value if output.paper else None,
        path=output.path,
        sha256=hashlib.sha256(output.data).hexdigest(),
        size=len(output.data),
    )


def _slide_previews(
    manifest: Manifest,
    content_dir: Path,
    out_dir: Path,
    keys: Sequence[JobKey],
    notes: list[str],
    on_phase: Callable[[str], None] | None,
) -> Manifest:
    """Draw the first slides of every deck that has no pictures yet (one LibreOffice run)."""
    decks = {
        key: deck
        for key in keys
        for deck in manifest.outputs_of(key)
        if deck.kind == "slides-pptx"
        and not any(e.kind == "preview-slide" for e in manifest.outputs_of(key))
    }
    if not decks:
        return manifest
    from .libreoffice import convert_to_pdf, soffice

    if soffice() is None:
        notes.append(
            "slide pictures for the gallery were not drawn: LibreOffice is not installed "
            "(apt-get install libreoffice-impress)."
        )
        return manifest
    from .thumbnails import pdf_pages_png

    if on_phase:
        on_phase(f"Drawing slide previews of {len(decks)} deck(s) with LibreOffice")
    names = {key: Path(deck.path).name for key, deck in decks.items()}
    try:
        pdfs = convert_to_pdf(
            {names[key]: (out_dir / deck.path).read_bytes() for key, deck in decks.items()},
            font_dirs=sorted({content_dir / "clinics" / key.clinic for key in decks}),
        )
    except (HandoutKitError, OSError) as error:
        message = error.message if isinstance(error, HandoutKitError) else str(error)
        notes.append(f"slide pictures for the gallery were not drawn: {message}")
        return manifest
    from .rendercheck import check_pdf

    entries = []
    for key, deck in decks.items():
        # The same PDF proves what LibreOffice drew stays inside every text box.
        report = check_pdf((out_dir / deck.path).read_bytes(), pdfs[names[key]], name=names[key])
        if report.violations:
            found = [f"LibreOffice draws text outside its box: {v}" for v in report.violations]
            manifest = with_warnings(manifest, key, found)
            notes.extend(f"{key}: {line}" for line in found)
        images = pdf_pages_png(pdfs[names[key]], range(SLIDE_PREVIEWS), width_px=SLIDE_PREVIEW_PX)
        folder = Path(deck.path).parent.as_posix()
        for number, image in enumerate(images, start=1):
            path = f"{folder}/previews/{key.stem}_slide-{number}.png"
            write_atomic(out_dir / path, image)
            entries.append(_entry(Output(key, "preview-slide", path, image)))
    return merge(manifest, jobs=[], outputs=entries, out_dir=out_dir)
