"""One preview rebuild: plan, build what changed in the warm workers, tell the open pages.

The workers (and their kernels) start once and stay up between rebuilds, so a rebuild costs
what its jobs cost. The build is the real one (`build.builder.build`): the same files, the
same manifest, the same all-or-none writes. Slide pictures for the gallery (LibreOffice, some
seconds) are drawn in the background after a rebuild (`draw_pictures`) and written between
rebuilds (`commit_pictures`), so a save is never kept waiting for them.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..build.builder import BuildOptions, BuildReport, build, plan, start_executor
from ..build.folder import BuildFolder, build_lock
from ..build.gate import write_quality_report
from ..build.manifest import export, open_records, read_manifest
from ..build.previews import Drawn, commit_drawn, draw, sources_of
from ..build.reports import write_gallery
from ..errors import HandoutKitError
from ..execute.executors import Executor
from ..execute.lifecycle import make_scratch, remove_scratch
from ..model import JobKey, JobOutcome, Manifest, Notice
from ..outputs.kinds import kinds
from ..report.paths import checks_clinic_page, checks_procedure_page, clinic_page
from .events import SUMMARY_PAGES, Errors, Hub, reload_event


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """What one rebuild did, for the console."""

    built: tuple[JobKey, ...] = ()
    failed: tuple[JobKey, ...] = ()
    reloaded: tuple[str, ...] = ()  # URL paths of the pages told to reload
    error: str | None = None  # the build as a whole could not run (a broken settings file)
    notices: tuple[Notice, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    interrupted: bool = False


class PreviewSession:
    """Rebuilds for one preview: ``options`` say what and where; ``hub`` tells the pages."""

    def __init__(self, options: BuildOptions, hub: Hub) -> None:
        self.options = dataclasses.replace(options, previews=False)
        self.hub = hub
        self.pictures = options.previews  # draw the gallery's slide pictures meanwhile
        self._lock = threading.Lock()
        self._drawing: threading.Thread | None = None
        self._drawn: list[Drawn] = []
        self._picture_keys: set[JobKey] = set()
        self.selected: tuple[JobKey, ...] = ()  # the jobs when the preview started
        self._scratch: Path | None = None
        self._executor: Executor | None = None

    def start(self) -> None:
        """Start the warm workers (they boot while the first rebuild plans)."""
        self._scratch = make_scratch()
        try:
            self.selected = tuple(job.key for job in plan(self.options).jobs)
        except HandoutKitError:
            self.selected = ()
        jobs = len(self.selected) or self.options.worker_count
        self._executor = start_executor(self.options, self._scratch, jobs)

    def stop(self) -> None:
        """Stop the workers and their kernels, let LibreOffice finish the pictures it draws
        (it ends with the terminal's Ctrl-C too); return once none is left."""
        if self._drawing is not None:
            self._drawing.join()
        if self._executor is not None:
            self._executor.kill()
            self._executor = None
        if self._scratch is not None:
            remove_scratch(self._scratch)
            self._scratch = None

    def rebuild(self, *, on_start: Callable[[int], None] | None = None) -> Rebuilt:
        """Build the jobs whose inputs changed, then reload their pages and report errors."""
        started = time.perf_counter()
        try:
            the_plan = plan(self.options)
            if on_start and the_plan.to_build:
                on_start(len(the_plan.to_build))
            before = read_manifest(the_plan.out_dir)
            reloaded: set[str] = set()
            failures = {failure.key: failure.error for failure in before.failures}

            def done(outcome: JobOutcome) -> None:
                # A job's pages reload as soon as its files are written, before the
                # gallery and the report are.
                if outcome.error is not None:
                    return
                pages = {url_path(o.path) for o in outcome.outputs if o.path.endswith(".html")}
                self.hub.set_errors(without(self.hub.errors, pages, failures.get(outcome.key)))
                self.hub.publish(reload_event(pages))
                reloaded.update(pages)

            report = build(self.options, the_plan, executor=self._executor, on_done=done)
        except HandoutKitError as error:
            self.hub.set_errors(dataclasses.replace(self.hub.errors, everywhere=(error.message,)))
            return Rebuilt(error=error.message, seconds=time.perf_counter() - started)
        manifest = read_manifest(the_plan.out_dir)
        selected = {job.key for job in the_plan.jobs}
        self.hub.set_errors(errors_of(manifest, selected))
        built = (outcome.key for outcome in report.built)
        pages = changed_pages(before, manifest, built)
        if rest := [page for page in pages if page not in reloaded]:
            self.hub.publish(reload_event(rest))
        if report.built and self.pictures:
            self.draw_pictures(outcome.key for outcome in report.built)
        return _rebuilt(report, the_plan.notices, pages, time.perf_counter() - started)

    def draw_pictures(self, keys: Iterable[JobKey]) -> None:
        """Start drawing the slide pictures of ``keys`` in the background (LibreOffice, some
        seconds): a save meanwhile is rebuilt at once. `commit_pictures` writes them."""
        self._picture_keys.update(keys)
        if self._drawing is not None and self._drawing.is_alive():
            return  # drawn when this one ends
        wanted = tuple(sorted(self._picture_keys))
        self._picture_keys.clear()
        root, content = self.options.out_dir, self.options.content_dir

        def work() -> None:
            manifest = read_manifest(root)
            for kind in kinds():
                if kind.preview_source is None:
                    continue
                sources = sources_of(manifest, wanted, kind)
                if sources:
                    drawn = draw(BuildFolder(root).read, kind, sources, content)
                    with self._lock:
                        self._drawn.append(drawn)

        self._drawing = threading.Thread(target=work, name="slide-pictures", daemon=True)
        self._drawing.start()

    def commit_pictures(self) -> Rebuilt | None:
        """Write the pictures drawn since the last call (for decks not rebuilt meanwhile),
        the gallery that shows them and the report; reload those pages. None if none."""
        with self._lock:
            drawn, self._drawn = self._drawn, []
        if self._picture_keys and (self._drawing is None or not self._drawing.is_alive()):
            self.draw_pictures(())
        if not drawn:
            return None
        started = time.perf_counter()
        try:
            the_plan = plan(self.options)
            with build_lock(the_plan.out_dir):
                folder = BuildFolder(the_plan.out_dir)
                before = read_manifest(the_plan.out_dir)
                with open_records(the_plan.out_dir) as store:
                    changed = False
                    for batch in drawn:
                        changed = commit_drawn(folder, store, batch) or changed
                    if not changed:
                        return None
                    export(folder, store)
                    manifest = store.manifest()
                notes = [note for batch in drawn for note in batch.previews.notes]
                write_quality_report(self.options, the_plan, manifest, notes, folder)
                write_gallery(folder, manifest, self.options.templates_dir)
        except HandoutKitError as error:
            return Rebuilt(error=error.message, seconds=time.perf_counter() - started)
        pages = changed_pages(before, manifest, ())
        self.hub.publish(reload_event(pages))
        return Rebuilt(reloaded=tuple(pages), seconds=time.perf_counter() - started)


def _rebuilt(
    report: BuildReport, notices: tuple[Notice, ...], pages: list[str], seconds: float
) -> Rebuilt:
    return Rebuilt(
        built=tuple(outcome.key for outcome in report.built),
        failed=tuple(outcome.key for outcome in report.failed),
        reloaded=tuple(pages),
        notices=notices,
        notes=report.notes,
        seconds=seconds,
        interrupted=report.interrupted,
    )


def url_path(relative: str) -> str:
    """The URL path of a file of the build folder (manifest paths use forward slashes)."""
    return "/" + relative


def errors_of(manifest: Manifest, selected: set[JobKey]) -> Errors:
    """The errors of the selected jobs' last builds, by the pages of their last good
    version (a job that never built has none: the summary pages show its error)."""
    pages: dict[str, tuple[str, ...]] = {}
    messages: list[str] = []
    for failure in manifest.failures:
        if failure.key not in selected:
            continue
        messages.append(failure.error)
        for entry in manifest.outputs_of(failure.key):
            if entry.path.endswith(".html"):
                path = url_path(entry.path)
                pages[path] = (*pages.get(path, ()), failure.error)
    return Errors(pages=pages, jobs=tuple(dict.fromkeys(messages)))


def without(errors: Errors, pages: set[str], message: str | None) -> Errors:
    """``errors`` once a job whose pages are ``pages`` built (its error was ``message``)."""
    return Errors(
        everywhere=errors.everywhere,
        pages={path: found for path, found in errors.pages.items() if path not in pages},
        jobs=tuple(found for found in errors.jobs if found != message),
    )


def changed_pages(before: Manifest, after: Manifest, built: Iterable[JobKey]) -> list[str]:
    """The pages of the jobs just built (a picture they show may be all that changed) and
    of any other file rewritten; the gallery and the report if anything changed."""
    old = {entry.path: entry.sha256 for entry in before.outputs}
    rebuilt = set(built)
    pages = [
        url_path(entry.path)
        for entry in after.outputs
        if entry.path.endswith(".html")
        and (entry.key in rebuilt or old.get(entry.path) != entry.sha256)
    ]
    if after != before:
        pages.extend(SUMMARY_PAGES)
        pages.extend(url_path(page) for page in _summary_pages_of(before, after, rebuilt))
    return pages


def _summary_pages_of(before: Manifest, after: Manifest, rebuilt: set[JobKey]) -> list[str]:
    """The gallery's and the report's pages of the clinics and procedures whose jobs changed
    (built, failed or recovered, or a file of theirs rewritten)."""
    old_files = {(entry.path, entry.sha256) for entry in before.outputs}
    changed = set(rebuilt)
    changed.update(e.key for e in after.outputs if (e.path, e.sha256) not in old_files)
    changed.update(f.key for f in set(before.failures) ^ set(after.failures))
    pages = []
    for clinic in sorted({key.clinic for key in changed}):
        pages += [clinic_page(clinic), checks_clinic_page(clinic)]
    pages += [checks_procedure_page(p) for p in sorted({key.procedure for key in changed})]
    return pages
