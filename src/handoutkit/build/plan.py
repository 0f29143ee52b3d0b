"""Plan a build: select the jobs, check the build folder, fingerprint each job's inputs.

Nothing is written and nothing heavy is imported here: a build with nothing to do (every
job's digest is the one its manifest record holds) takes a fraction of a second. After a
job ran, its inputs are digested again (`digest_again`): a file saved while it ran makes its
record `STALE`, so the next build builds it again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HandoutKitError
from ..inputs.folders import digest_file
from ..inputs.statcache import StatCache
from ..model import JobKey, Notice, Paper
from ..model.contract import ENGINE_NAME
from ..model.run import JobOutcome, JobSpec
from ..outputs.kinds import kinds
from ..read.catalog import NOTICE_FOLDER, Catalog, discover
from ..read.settings import ProjectSettings, read_settings
from ..resources import PROJECT_NOTEBOOKS, PROJECT_TEMPLATES
from .fingerprint import Fingerprinter
from .folder import check_out_dir
from .manifest import MANIFEST, records_for_plan, up_to_date_files

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path  # the build folder; in a build into a URL, its records folder
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
    executor: str = "auto"  # how jobs run (handoutkit.execute.executors)
    scheduler: str = ""  # with the 'dask' executor: the Dask scheduler's address
    out_url: str = ""  # a build into a URL (fsspec): the workers write the job files there
    allow_errors: bool = False  # build documents whose quality checks found errors
    allow_unapproved: bool = False  # build documents the project requires approval of anyway

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
    # Digests of the input files, by stat (read from the build's store; what this plan hashed
    # anew is saved by the build).
    files: StatCache = field(default_factory=StatCache, compare=False)

    @property
    def to_build(self) -> tuple[PlannedJob, ...]:
        return tuple(job for job in self.jobs if not job.fresh)

    @property
    def to_skip(self) -> tuple[PlannedJob, ...]:
        return tuple(job for job in self.jobs if job.fresh)


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
    if options.out_url:
        # start-up: fsspec only for a build into a URL.
        from .mirror import check_out_url

        check_out_url(options.out_url, out_dir, content=catalog.root)
    records, unreadable, digests = records_for_plan(out_dir)
    # The project settings change what the notebooks show (the checks' target grade).
    project = read_settings(catalog.root)
    shown = ()
    if project.source:
        shown = (f"settings={digest_file(project.source, root=catalog.root)}",)
    # Which kinds of output there are: a new one (a plugin) builds every job again.
    made = f"kinds={','.join(kind.name for kind in kinds())}"
    identity = (*options.identity(), *shown, made)
    files = StatCache(digests)
    printer = fingerprinter(options, catalog, identity, files)
    # In a build into a URL the records are trusted: the files there are not looked at.
    files_at = None if options.out_url else out_dir
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
            out_url=options.out_url,
            allow_errors=options.allow_errors,
        )
        try:
            folders = job_digest(printer, catalog, key)
        except HandoutKitError as error:
            jobs.append(PlannedJob(spec=spec, inputs="", fresh=False, error=error.message))
            continue
        record = records.get(key)
        inputs = with_outside(folders, record.outside_inputs if record else (), catalog.root)
        fresh = not options.force and up_to_date_files(record, inputs, files_at)
        jobs.append(PlannedJob(spec=spec, inputs=inputs, fresh=fresh, folders=folders))
    notices = [*catalog.notices, *printer.notices]
    if unreadable:
        notices.append(
            Notice(
                f"the manifest is not used: {unreadable}. Every job is built again "
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
        files=files,
    )


def fingerprinter(
    options: BuildOptions,
    catalog: Catalog,
    identity: tuple[str, ...],
    files: StatCache | None = None,
) -> Fingerprinter:
    return Fingerprinter(
        options.notebooks_dir.resolve(),
        options.templates_dir.resolve(),
        identity,
        content_root=catalog.root,
        extra=tuple(kind.notebooks_dir for kind in kinds() if kind.notebooks_dir),
        cache=files,
    )


def with_outside(folders: str, outside: Sequence[str], root: Path) -> str:
    """A job's digest: its folders', and the files it last read from elsewhere in the content
    folder (a document's picture from a shared folder), which no folder digest covers."""
    if not outside:
        return folders
    parts = [folders, *(f"{path}\0{digest_file(root / path, root=root)}" for path in outside)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def job_digest(printer: Fingerprinter, catalog: Catalog, key: JobKey) -> str:
    """A job's digest: its clinic's folder, its document, the group's notices of language
    assistance, which languages its procedure has (its pages link to each) and the latest
    approval of its document (its footer says who approved it)."""
    paths = printer.memo  # what every job of a clinic or a document shares, made once
    clinic = paths.get(key.clinic)
    if clinic is None:
        clinic = paths[key.clinic] = catalog.root / "clinics" / key.clinic
    document = paths.get((key.procedure, key.language))
    if document is None:
        document = paths[(key.procedure, key.language)] = catalog.document_path(
            key.procedure, key.language
        )
    shown = paths.get(key.procedure)
    if shown is None:
        shown = paths[key.procedure] = (
            f"languages={','.join(catalog.languages_of(key.procedure))}",
            catalog.root / NOTICE_FOLDER,
        )
    return printer.job(
        clinic,
        document,
        folders=(shown[1],),
        facts=(
            shown[0],
            f"approval={printer.approval(catalog.root, key.procedure, key.language)}",
        ),
    )


def digest_again(options: BuildOptions, the_plan: Plan) -> Callable[[JobOutcome], str]:
    """For a job that just finished: the digest to record, made now from its folders and the
    files it read elsewhere; `STALE` if its clinic folder or its document's folder changed
    while it ran (the outputs may show the old text or the new, so the next build builds it
    again)."""
    planned = {job.key: job.folders for job in the_plan.jobs}

    def recorded(outcome: JobOutcome) -> str:
        printer = fingerprinter(options, the_plan.catalog, the_plan.identity, the_plan.files)
        printer.trust_shared(the_plan.shared)  # checked once, at the end of the build
        try:
            now = job_digest(printer, the_plan.catalog, outcome.key)
        except HandoutKitError:
            return STALE
        if now != planned[outcome.key]:
            return STALE
        return with_outside(now, outcome.outside_inputs, the_plan.catalog.root)

    return recorded


def shared_changed(options: BuildOptions, the_plan: Plan) -> bool:
    """Did the package, the templates or the notebooks change while the build ran?"""
    printer = fingerprinter(options, the_plan.catalog, the_plan.identity, the_plan.files)
    return printer.shared() != the_plan.shared
