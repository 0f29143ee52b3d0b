"""Plan, run and record a build of the catalog; every output comes from the notebooks.

1. plan: discover the content, select the jobs, fingerprint each job's inputs
   and compare them with the manifest: a job built from the same inputs is
   skipped unless forced. Nothing heavy is imported on this path, so a build
   with nothing to do takes a fraction of a second.
2. run: the other jobs go to worker processes (`pool`), each executing the
   notebooks in its own warm kernel (`engine`). A job's bad content or brand
   fails that job only; the others finish.
3. write: each job's files and the manifest together as it completes, all or
   none (`files.BuildFolder.commit`: a failed job, a full disk or a read-only
   folder keeps the previous files and manifest), then the slide previews
   (LibreOffice), the failures and the gallery. On Ctrl-C the workers stop at
   once and every job that had finished is recorded. The build folder is
   checked before anything runs: it must be new, empty or a build folder.
4. digest again: after a job, its inputs are digested anew; a file saved while
   the job ran makes its record stale, so the next build builds it again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildFolderError, HandoutKitError, RenderError
from ..execute.lifecycle import make_scratch, remove_scratch, sweep_stale_scratch
from ..inputs.folders import digest_file
from ..model import Entry, Failure, JobKey, JobRecord, Manifest, Notice, Paper, Status
from ..model.contract import ENGINE_NAME
from ..model.run import JobOutcome, JobSpec, Output
from ..outputs.kinds import kinds
from ..quality.names import CHECKS_HTML
from ..read.catalog import Catalog, discover
from ..read.settings import ProjectSettings, read_settings
from ..resources import PROJECT_NOTEBOOKS, PROJECT_TEMPLATES
from .fingerprint import Fingerprinter
from .folder import BuildFolder, build_lock, check_out_dir, interrupts_deferred
from .manifest import (
    FAILURES,
    MANIFEST,
    failures_bytes,
    manifest_bytes,
    merge,
    read_manifest,
    up_to_date,
    with_warnings,
)

if TYPE_CHECKING:
    from ..quality.checks import CheckSettings

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
    executor: str = "workers"  # how jobs run (handoutkit.execute.executors)
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


STALE = "stale: an input changed while the job was built"  # never a digest: always rebuilt


@dataclass(frozen=True, slots=True)
class PlannedJob:
    spec: JobSpec
    inputs: str  # digest of everything the job reads
    fresh: bool  # built before from the same inputs, and its files are all there
    error: str | None = None  # the job cannot run (a folder it reads is over a limit)
    folders: str = ""  # the part of ``inputs`` from its folders (and the shared inputs)

    @property
    def key(self) -> JobKey:
        return self.spec.key


@dataclass(frozen=True, slots=True)
class Plan:
    catalog: Catalog
    out_dir: Path
    jobs: tuple[PlannedJob, ...]
    settings: ProjectSettings  # content/handoutkit.yml, read and validated before any job
    identity: tuple[str, ...] = ()  # what the fingerprints were made with, to digest again
    shared: str = ""  # the digest of what every job reads (package, templates, notebooks)
    notices: tuple[Notice, ...] = ()  # skipped names, unreadable files, a damaged manifest

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
    """Select the jobs and decide which need building; reads names and digests only.

    Everything is checked before anything is written: the build folder (``--out``), the
    manifest's paths, the project settings.
    """
    catalog = discover(options.content_dir)
    keys = catalog.select(
        clinics=options.clinics, procedures=options.procedures, languages=options.languages
    )
    out_dir = check_out_dir(options.out_dir, content=catalog.root)
    manifest = read_manifest(out_dir)
    # The project settings change what the notebooks show (the checks' target grade).
    project = read_settings(catalog.root)
    shown = ()
    if project.source:
        shown = (f"settings={digest_file(project.source, root=catalog.root)}",)
    # Which kinds of output there are: a new one (a plugin) builds every job again.
    made = f"kinds={','.join(kind.name for kind in kinds())}"
    identity = (*options.identity(), *shown, made)
    printer = _fingerprinter(options, catalog, identity)
    jobs = []
    for key in keys:
        spec = JobSpec(
            key=key,
            content_dir=catalog.root,
            notebooks_dir=printer.notebooks_dir,
            templates_dir=printer.templates_dir,
            papers=options.papers,
            large_print=options.large_print,
            kernel_name=options.kernel_name,
            engine=options.engine,
        )
        try:
            folders = _job_digest(printer, catalog, key)
        except HandoutKitError as error:
            jobs.append(PlannedJob(spec=spec, inputs="", fresh=False, error=error.message))
            continue
        record = manifest.job(key)
        inputs = _with_outside(folders, record.outside_inputs if record else (), catalog.root)
        fresh = not options.force and up_to_date(manifest, key, inputs, out_dir)
        jobs.append(PlannedJob(spec=spec, inputs=inputs, fresh=fresh, folders=folders))
    notices = [*catalog.notices, *printer.notices]
    if manifest.unreadable:
        notices.append(
            Notice(
                f"the manifest is not used: {manifest.unreadable}. Every job is built again "
                "and no earlier file is deleted.",
                path=out_dir / MANIFEST,
            )
        )
    return Plan(
        catalog=catalog,
        out_dir=out_dir,
        jobs=tuple(jobs),
        settings=project,
        identity=identity,
        shared=printer.shared(),
        notices=tuple(notices),
    )


def _fingerprinter(
    options: BuildOptions, catalog: Catalog, identity: tuple[str, ...]
) -> Fingerprinter:
    return Fingerprinter(
        options.notebooks_dir.resolve(),
        options.templates_dir.resolve(),
        identity,
        content_root=catalog.root,
        extra=tuple(kind.notebooks_dir for kind in kinds() if kind.notebooks_dir),
    )


def _with_outside(folders: str, outside: Sequence[str], root: Path) -> str:
    """A job's digest: its folders', and the files it last read from elsewhere in the content
    folder (a document's picture from a shared folder), which no folder digest covers."""
    if not outside:
        return folders
    parts = [folders, *(f"{path}\0{digest_file(root / path, root=root)}" for path in outside)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _job_digest(printer: Fingerprinter, catalog: Catalog, key: JobKey) -> str:
    return printer.job(
        catalog.root / "clinics" / key.clinic,
        catalog.document_path(key.procedure, key.language),
    )


def build(
    options: BuildOptions,
    the_plan: Plan,
    *,
    on_done: Callable[[JobOutcome], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> BuildReport:
    """Run the plan's jobs that need it; write each job's files with the manifest, all or
    none; then the failures, the slide previews, the quality report and the gallery.

    A build folder that cannot be written stops the build with a `BuildFolderError`: the
    jobs finished before it are kept, the others keep their previous files.
    """
    started = time.perf_counter()
    out_dir = the_plan.out_dir
    folder = BuildFolder(out_dir)
    folder.create()
    built: list[JobOutcome] = []
    failed: list[JobOutcome] = []
    notes: list[str] = []
    interrupted = False
    with build_lock(out_dir):
        folder.prepare()
        before = read_manifest(out_dir)
        manifest = before
        runnable = []
        for job in the_plan.to_build:
            if job.error is None:
                runnable.append(job)
            else:
                failed.append(_report_done(JobOutcome(job.key, error=job.error), on_done))
        sweep_stale_scratch()  # what builds killed before they could clean up left
        if runnable:
            scratch = _scratch(make_scratch)
            try:
                # start-up: the executors only when there are jobs.
                from ..execute.executors import ExecutorOptions, make_executor

                # The workers and their kernels boot while this process checks review dates.
                try:
                    pool = make_executor(
                        options.executor,
                        ExecutorOptions(
                            workers=min(options.worker_count, len(runnable)),
                            scratch=scratch,
                            kernel_name=options.kernel_name,
                        ),
                    )
                except OSError as exc:
                    raise RenderError(
                        f"the worker processes could not be started ({exc.strerror or exc}).",
                        fix="close other programs (the machine may be out of memory or "
                        "processes), or build with --jobs 1, and build again.",
                    ) from None
                try:
                    refused = _gate(options, the_plan)
                    for job in runnable:
                        if job.key in refused:
                            outcome = JobOutcome(job.key, error=refused[job.key])
                            failed.append(_report_done(outcome, on_done))
                    digest_again = _digest_again(options, the_plan)
                    for outcome in pool.run(
                        [job.spec for job in runnable if job.key not in refused]
                    ):
                        if outcome.error is None and not options.allow_errors:
                            outcome = _refused(outcome, the_plan.catalog)
                        if outcome.error is None:
                            record = _record(outcome, digest_again(outcome))
                            with interrupts_deferred():  # the files and what records them
                                manifest = _commit(folder, manifest, outcome, record, before)
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
                remove_scratch(scratch)
        if built and _shared_changed(options, the_plan):
            # A template or notebook changed while the jobs ran: build them all again next time.
            manifest = _stale(manifest, [outcome.key for outcome in built])
        manifest = merge(
            manifest,
            jobs=[],
            outputs=[],
            failures=[Failure.of(outcome.key, outcome.error or "") for outcome in failed],
            resolved=[job.key for job in the_plan.to_skip] + [o.key for o in built],
            out_dir=out_dir,
        )
        if options.previews and not interrupted:
            keys = [job.key for job in the_plan.jobs]
            content = the_plan.catalog.root
            manifest = _previews(folder, manifest, content, keys, notes, on_phase)
        stale = [o.key for o in built if (r := manifest.job(o.key)) and r.inputs == STALE]
        if stale:
            notes.append(
                f"files that {len(stale)} job(s) read changed while they were built "
                f"({', '.join(str(key) for key in stale)}): build again to include the change."
            )
        recorded = manifest_bytes(manifest)
        if _differs(out_dir / MANIFEST, recorded):
            folder.commit([], manifest=recorded)
        failures = failures_bytes(manifest)
        if _differs(out_dir / FAILURES, failures):
            folder.write(FAILURES, failures)
        changed = manifest != before  # the gallery and the report show failures too
        if changed or not (out_dir / CHECKS_HTML).is_file():
            _report(options, the_plan, manifest, notes, folder)
        if changed or not (out_dir / GALLERY).is_file():
            # start-up: Jinja2 only when the gallery changes.
            from ..report.gallery import render_gallery

            folder.write(GALLERY, render_gallery(manifest, options.templates_dir))
    return BuildReport(
        built=tuple(built),
        failed=tuple(failed),
        skipped=tuple(job.key for job in the_plan.to_skip),
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
        notes=tuple(notes),
        manifest=out_dir / MANIFEST,
        gallery=out_dir / GALLERY,
    )


def _scratch(make: Callable[[], Path]) -> Path:
    """A private scratch folder for the workers' sockets, or one paragraph saying why not."""
    try:
        return make()
    except OSError as exc:
        raise BuildFolderError(
            f"Handout Kit could not create its scratch folder in {tempfile.gettempdir()} "
            f"({exc.strerror or exc}). Nothing was written.",
            fix="free some space there, or point TMPDIR at a folder with room, and build again.",
        ) from None


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def _report_done(outcome: JobOutcome, on_done: Callable[[JobOutcome], None] | None) -> JobOutcome:
    if on_done:
        on_done(outcome)
    return outcome


def _commit(
    folder: BuildFolder,
    manifest: Manifest,
    outcome: JobOutcome,
    record: JobRecord,
    before: Manifest,
) -> Manifest:
    """Put a job's files and its manifest entry in place, all or none; then delete the files
    of its previous build that it no longer makes. Returns the manifest now on disk."""
    updated = merge(
        manifest,
        jobs=[record],
        outputs=[_entry(output) for output in outcome.outputs],
        out_dir=folder.root,
    )
    made = {output.path for output in outcome.outputs}
    folder.commit(
        [(output.path, output.data) for output in outcome.outputs],
        manifest=manifest_bytes(updated),
        remove=[e.path for e in before.outputs_of(outcome.key) if e.path not in made],
    )
    return updated


def _digest_again(options: BuildOptions, the_plan: Plan) -> Callable[[JobOutcome], str]:
    """For a job that just finished: the digest to record, made now from its folders and the
    files it read elsewhere; `STALE` if its clinic folder or its document's folder changed
    while it ran (the outputs may show the old text or the new, so the next build builds it
    again)."""
    planned = {job.key: job.folders for job in the_plan.jobs}

    def recorded(outcome: JobOutcome) -> str:
        printer = _fingerprinter(options, the_plan.catalog, the_plan.identity)
        printer.trust_shared(the_plan.shared)  # checked once, at the end of the build
        try:
            now = _job_digest(printer, the_plan.catalog, outcome.key)
        except HandoutKitError:
            return STALE
        if now != planned[outcome.key]:
            return STALE
        return _with_outside(now, outcome.outside_inputs, the_plan.catalog.root)

    return recorded


def _shared_changed(options: BuildOptions, the_plan: Plan) -> bool:
    """Did the package, the templates or the notebooks change while the build ran?"""
    return _fingerprinter(options, the_plan.catalog, the_plan.identity).shared() != the_plan.shared


def _stale(manifest: Manifest, keys: Sequence[JobKey]) -> Manifest:
    jobs = tuple(
        dataclasses.replace(job, inputs=STALE) if job.key in keys else job for job in manifest.jobs
    )
    return dataclasses.replace(manifest, jobs=jobs)


def _gate(options: BuildOptions, the_plan: Plan) -> dict[JobKey, str]:
    """The jobs not to start: those whose documents' review dates are errors (unless
    ``allow_errors``). A document that cannot be read is left to its job, which says why.
    """
    if options.allow_errors:
        return {}
    from ..quality.report import gate_checks  # start-up: the readers only when building

    keys = [job.key for job in the_plan.to_build]
    report = gate_checks(the_plan.catalog, keys, _settings(the_plan))
    return report.refused(keys)


def _refused(outcome: JobOutcome, catalog: Catalog) -> JobOutcome:
    """``outcome`` failed with the reason if its notebooks' checks found an error (a deck
    without slide titles or alt text, text too small): its files are then not written."""
    from ..quality.report import refusal  # start-up: only once a job has finished

    error = next((f for f in outcome.checks if f.status is Status.ERROR), None)
    if error is None:
        return outcome
    return JobOutcome(outcome.key, error=refusal(catalog.brand_path(outcome.key.clinic), error))


def _report(
    options: BuildOptions,
    the_plan: Plan,
    manifest: Manifest,
    notes: list[str],
    folder: BuildFolder,
) -> None:
    """checks.json and checks.html of every selected job, from what the notebooks found (kept
    in the manifest) with the review dates checked anew: nothing is computed twice."""
    # start-up: the checks and Jinja2 only when the report changes.
    from ..quality.report import report_from_records
    from .reports import write_report

    keys = [job.key for job in the_plan.jobs]
    records = {key: record for key in keys if (record := manifest.job(key)) is not None}
    report = report_from_records(the_plan.catalog, keys, records, _settings(the_plan))
    _, html_path = write_report(report, folder, options.templates_dir)
    notes.append(
        f"quality checks: {report.count(Status.ERROR)} error(s), "
        f"{report.count(Status.WARN)} warning(s); see {html_path}"
    )


def _settings(the_plan: Plan) -> CheckSettings:
    from ..quality.checks import CheckSettings  # start-up: only when checks run

    return CheckSettings.of(the_plan.settings)


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
        outside_inputs=outcome.outside_inputs,
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


def _previews(
    folder: BuildFolder,
    manifest: Manifest,
    content_dir: Path,
    keys: Sequence[JobKey],
    notes: list[str],
    on_phase: Callable[[str], None] | None,
) -> Manifest:
    """For each output kind that draws its previews in a batch (the deck: LibreOffice), the
    previews of every job whose source file has none yet; written with the manifest."""
    for kind in kinds():
        if kind.preview_source is None:
            continue
        sources = {
            key: entry
            for key in keys
            for entry in manifest.outputs_of(key)
            if entry.kind == kind.preview_source
            and not any(e.kind == kind.preview_kind for e in manifest.outputs_of(key))
        }
        if not sources:
            continue
        if on_phase:
            on_phase(f"Drawing previews of {len(sources)} {kind.name} file(s)")
        try:
            data = {
                key: (e.path, (folder.root / e.path).read_bytes()) for key, e in sources.items()
            }
        except OSError as error:
            notes.append(f"previews were not drawn: {error}")
            continue
        drawn = kind.previews(data, content_dir)
        notes.extend(drawn.notes)
        for key, found in (drawn.warnings or {}).items():
            manifest = with_warnings(manifest, key, found)
        if drawn.outputs:
            entries = [_entry(output) for output in drawn.outputs]
            manifest = merge(manifest, jobs=[], outputs=entries, out_dir=folder.root)
            files = [(output.path, output.data) for output in drawn.outputs]
            folder.commit(files, manifest=manifest_bytes(manifest))
    return manifest
