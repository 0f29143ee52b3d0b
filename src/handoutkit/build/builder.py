"""Run and record a build of the catalog; every output comes from the notebooks.

1. plan: discover the content, select the jobs, fingerprint each job's inputs
   and compare them with the manifest: a job built from the same inputs is
   skipped unless forced. Nothing heavy is imported on this path, so a build
   with nothing to do takes a fraction of a second.
2. run: the other jobs go to worker processes (`pool`), each executing the
   notebooks in its own warm kernel (`engine`); a single job runs in this
   process and its kernel. A job's bad content or brand fails that job only;
   the others finish.
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
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from ..errors import BuildFolderError, RenderError
from ..execute.lifecycle import (
    INTERRUPTED,
    KERNEL_SOCKET_TAIL,
    SOCKET_PATH_MAX,
    make_scratch,
    remove_scratch,
    sockets_fit,
    sweep_stale_scratch,
)
from ..model import Failure, JobKey
from ..model.run import JobOutcome
from ..quality.names import CHECKS_HTML
from ..report.paths import GALLERY, clinic_page
from ..timings import mark, step
from .folder import BuildFolder, build_lock, interrupts_deferred
from .gate import gate, refused, write_quality_report
from .manifest import MANIFEST, export, listed_digests, open_records
from .plan import STALE, BuildOptions, Plan, PlannedJob, digest_again, plan, shared_changed
from .previews import draw_previews
from .record import commit_job, record_of
from .store import Store

if TYPE_CHECKING:
    from ..execute.executors import Executor


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
    url: str = ""  # a build into a URL: where the files, the gallery and the manifest are

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


def build(
    options: BuildOptions,
    the_plan: Plan,
    *,
    on_done: Callable[[JobOutcome], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
    executor: Executor | None = None,
) -> BuildReport:
    """Run the plan's jobs that need it; write each job's files with the manifest, all or
    none; then the failures, the slide previews, the quality report and the gallery.

    A build folder that cannot be written stops the build with a `BuildFolderError`: the
    jobs finished before it are kept, the others keep their previous files.

    ``executor``, if given, runs the jobs and is left running for the caller's next build
    (the preview server keeps its warm workers); otherwise one is started and stopped here.
    """
    started = time.perf_counter()
    out_dir = the_plan.out_dir
    folder = _folder(options, out_dir)
    folder.create()
    built: list[JobOutcome] = []
    failed: list[JobOutcome] = []
    notes: list[str] = []
    interrupted = False
    with build_lock(out_dir):
        store = open_records(out_dir)
        try:
            if options.out_url:
                from .mirror import URL_META  # start-up: only for a build into a URL

                if store.meta(URL_META) != options.out_url:
                    store.set_meta(URL_META, options.out_url)  # whose records these are
            # Only a build that did not finish (killed) leaves files to sweep: a build of a
            # large catalog does not walk every file of the folder.
            swept = not store.was_finished()
            folder.prepare(listed=lambda: listed_digests(out_dir), sweep=swept)
            interrupted = _run(
                options,
                the_plan,
                folder,
                store,
                (built, failed, notes),
                (on_done, on_phase),
                executor,
                recovering=swept,
            )
        finally:
            store.close()
    return BuildReport(
        built=tuple(built),
        failed=tuple(failed),
        skipped=tuple(job.key for job in the_plan.to_skip),
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
        notes=tuple(notes),
        manifest=out_dir / MANIFEST,
        gallery=out_dir / GALLERY,
        url=options.out_url,
    )


def _folder(options: BuildOptions, out_dir: Path) -> BuildFolder:
    """The build folder, or in a build into a URL its records folder, published there."""
    if not options.out_url:
        return BuildFolder(out_dir)
    from ..execute.remote import RemoteFolder  # start-up: only for a build into a URL
    from .mirror import MirroredFolder

    return MirroredFolder(out_dir, RemoteFolder(options.out_url))


def _run(
    options: BuildOptions,
    the_plan: Plan,
    folder: BuildFolder,
    store: Store,
    found: tuple[list[JobOutcome], list[JobOutcome], list[str]],
    callbacks: tuple[Callable[[JobOutcome], None] | None, Callable[[str], None] | None],
    executor: Executor | None,
    *,
    recovering: bool = False,
) -> bool:
    """The build under its lock: jobs, records, previews, exports and pages. Returns whether
    it was interrupted. ``recovering``: the last build did not finish (killed), so its
    records may not be exported nor its pages made: this build makes them all."""
    built, failed, notes = found
    on_done, on_phase = callbacks
    out_dir = the_plan.out_dir
    interrupted = False
    if store.notice:
        notes.append(store.notice)
    runnable = []
    for job in the_plan.to_build:
        if job.error is None:
            runnable.append(job)
        else:
            failed.append(_report_done(JobOutcome(job.key, error=job.error), on_done))
    sweep_stale_scratch()  # what builds killed before they could clean up left
    if runnable:
        store.begin()
        scratch = None if executor else _scratch(make_scratch)
        try:
            # The workers and their kernels boot while this process checks review dates.
            with step("start executor"):
                pool = executor or _own_executor(options, scratch, len(runnable))  # type: ignore[arg-type]
            try:
                with step("gate"):
                    gated = gate(options, the_plan)
                for job in runnable:
                    if job.key in gated:
                        outcome = JobOutcome(job.key, error=gated[job.key])
                        failed.append(_report_done(outcome, on_done))
                recorded_digest = digest_again(options, the_plan)
                specs = [job.spec for job in runnable if job.key not in gated]
                for outcome in _until_interrupted(pool.run(specs)):
                    mark("job done")
                    if outcome.error is None and not options.allow_errors:
                        outcome = refused(outcome, the_plan.catalog)
                    if outcome.error is None:
                        record = record_of(outcome, recorded_digest(outcome))
                        with interrupts_deferred(), step("write"):  # files and records
                            commit_job(folder, store, outcome, record)
                        built.append(outcome)
                    else:
                        failed.append(outcome)
                    if on_done:
                        on_done(outcome)
                if not executor:
                    with step("stop executor"):
                        pool.close()
            except KeyboardInterrupt:
                interrupted = True
                pool.kill()
            except BaseException:
                pool.kill()
                raise
        finally:
            if scratch:
                remove_scratch(scratch)
    built_keys = [outcome.key for outcome in built]
    if built and shared_changed(options, the_plan):
        # A template or notebook changed while the jobs ran: build them all again next time.
        store.mark_stale(built_keys, STALE)
    store.settle_failures(
        [Failure.of(outcome.key, outcome.error or "") for outcome in failed],
        resolved=[job.key for job in the_plan.to_skip] + built_keys,
    )
    if options.previews and not interrupted:
        keys = [job.key for job in the_plan.jobs]
        with step("previews"):
            draw_previews(folder, store, the_plan.catalog.root, keys, notes, on_phase)
    stale = [key for key, inputs in store.inputs_of(built_keys).items() if inputs == STALE]
    if stale:
        notes.append(
            f"files that {len(stale)} job(s) read changed while they were built "
            f"({', '.join(str(key) for key in stale)}): build again to include the change."
        )
    if store.changed or runnable:  # a build with nothing to do writes nothing
        store.save_file_digests(the_plan.files.hashed)
    changed = store.changed or recovering  # the gallery and the report show failures too
    if changed or not (out_dir / MANIFEST).is_file():
        store.begin()
        with step("manifest"):
            export(folder, store)
    pages_missing = not (out_dir / CHECKS_HTML).is_file() or not (out_dir / GALLERY).is_file()
    if changed or pages_missing:
        store.begin()
        # The pages read the records a clinic at a time (a large catalog is never loaded whole).
        if changed or not (out_dir / CHECKS_HTML).is_file():
            with step("quality report"):
                write_quality_report(options, the_plan, store, notes, folder)
        if changed or not (out_dir / GALLERY).is_file():
            with step("gallery"):
                # start-up: the pages' templates only when a page changes.
                from .reports import write_gallery

                pages = None if recovering else _pages_to_write(store)
                write_gallery(folder, store, options.templates_dir, pages)
    folder.publish()  # a build into a URL: its pages and manifest.json there
    store.end()
    return interrupted


def _pages_to_write(store: Store) -> list[str] | None:
    """The clinics whose gallery pages a build rewrites: those of the jobs it changed, and any
    whose page is missing; None (every clinic's) when the gallery is new or every record
    was replaced."""
    root = store.root
    if store.whole or not (root / GALLERY).is_file():
        return None
    clinics = {key.clinic for key in store.touched}
    missing = [c for c in store.clinics() if not (root / clinic_page(c)).is_file()]
    clinics.update(missing)
    return sorted(clinics)


def start_executor(options: BuildOptions, scratch: Path, jobs: int) -> Executor:
    """The executor ``options`` name, with as many workers as ``jobs`` can use."""
    # start-up: the executors only when there are jobs.
    from ..execute.executors import ExecutorOptions, make_executor

    try:
        return make_executor(
            options.executor,
            ExecutorOptions(
                workers=min(options.worker_count, jobs),
                scratch=scratch,
                kernel_name=options.kernel_name,
                scheduler=options.scheduler,
            ),
        )
    except OSError as exc:
        raise RenderError(
            f"the worker processes could not be started ({exc.strerror or exc}).",
            fix="close other programs (the machine may be out of memory or "
            "processes), or build with --jobs 1, and build again.",
        ) from None


def _own_executor(options: BuildOptions, scratch: Path, jobs: int) -> Executor:
    """The executor a build starts for itself: `start_executor`'s, except that with the
    default executor (``auto``) a single job runs in this process, its kernel the only process
    started (a worker would start a second Python and import everything once more)."""
    from ..execute.executors import AUTO, IN_PROCESS  # start-up: as in start_executor

    if jobs == 1 and options.executor == AUTO:
        options = dataclasses.replace(options, executor=IN_PROCESS)
    return start_executor(options, scratch, jobs)


def _scratch(make: Callable[[], Path]) -> Path:
    """A private scratch folder for the workers' sockets, or one paragraph saying why not."""
    try:
        folder = make()
    except OSError as exc:
        raise BuildFolderError(
            f"Handout Kit could not create its scratch folder in {tempfile.gettempdir()} "
            f"({exc.strerror or exc}). Nothing was written.",
            fix="free some space there, or point TMPDIR at a folder with room, and build again.",
        ) from None
    if not sockets_fit(folder):
        remove_scratch(folder)
        room = SOCKET_PATH_MAX - KERNEL_SOCKET_TAIL
        raise BuildFolderError(
            f"the temporary folder {tempfile.gettempdir()} has too long a path for the "
            f"notebook kernels' sockets (their folder {folder} has {len(os.fsencode(folder))} "
            f"characters; at most {room} fit). Nothing was written.",
            fix="point TMPDIR at a folder with a short path and build again, for example: "
            "TMPDIR=/tmp handoutkit build",
        )
    return folder


def _until_interrupted(outcomes: Iterator[JobOutcome]) -> Iterator[JobOutcome]:
    """``outcomes``, until a Ctrl-C: raised as KeyboardInterrupt where it lands and, should
    that be somewhere that swallows it (a finalizer the garbage collector runs, say), again
    before the next job's files are written."""
    if threading.current_thread() is not threading.main_thread():
        yield from outcomes
        return
    received = INTERRUPTED  # also seen by a job running in this process (jobs._result)
    received.clear()

    def on_sigint(number: int, frame: FrameType | None) -> None:
        received.set()
        if callable(previous) and previous is not signal.default_int_handler:
            previous(number, frame)  # the command's (cli.interrupts): it raises too
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        for outcome in outcomes:
            if received.is_set():
                raise KeyboardInterrupt
            yield outcome
        if received.is_set():
            raise KeyboardInterrupt
    finally:
        signal.signal(signal.SIGINT, previous)


def _report_done(outcome: JobOutcome, on_done: Callable[[JobOutcome], None] | None) -> JobOutcome:
    if on_done:
        on_done(outcome)
    return outcome


__all__ = [
    "STALE",
    "BuildOptions",
    "BuildReport",
    "Plan",
    "PlannedJob",
    "build",
    "plan",
    "start_executor",
]
