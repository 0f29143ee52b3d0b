"""One preview rebuild: plan, build what changed in the warm workers, tell the open pages.

The workers (and their kernels) start once and stay up between rebuilds, so a rebuild costs
what its jobs cost. The build is the real one (`build.builder.build`): the same files, the
same manifest, the same all-or-none writes. Slide pictures for the gallery (LibreOffice, some
seconds) are left out of a rebuild and drawn when the writer pauses (`draw_pictures`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..build.builder import BuildOptions, BuildReport, build, plan, start_executor
from ..build.manifest import read_manifest
from ..errors import HandoutKitError
from ..execute.executors import Executor
from ..execute.lifecycle import make_scratch, remove_scratch
from ..model import JobKey, Manifest, Notice
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
        self.pictures = options.previews  # draw the gallery's slide pictures when idle
        self._pictures_due = False
        self._scratch: Path | None = None
        self._executor: Executor | None = None

    def start(self) -> None:
        """Start the warm workers (they boot while the first rebuild plans)."""
        self._scratch = make_scratch()
        try:
            jobs = len(plan(self.options).jobs)
        except HandoutKitError:
            jobs = self.options.worker_count
        self._executor = start_executor(self.options, self._scratch, max(1, jobs))

    def stop(self) -> None:
        """Stop the workers and their kernels; return once none is left."""
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
            report = build(self.options, the_plan, executor=self._executor)
        except HandoutKitError as error:
            self.hub.set_errors(dataclasses.replace(self.hub.errors, everywhere=(error.message,)))
            return Rebuilt(error=error.message, seconds=time.perf_counter() - started)
        manifest = read_manifest(the_plan.out_dir)
        selected = {job.key for job in the_plan.jobs}
        self.hub.set_errors(errors_of(manifest, selected))
        pages = changed_pages(before, manifest, (outcome.key for outcome in report.built))
        if pages:
            self.hub.publish(reload_event(pages))
        if report.built:
            self._pictures_due = self.pictures
        return _rebuilt(report, the_plan.notices, pages, time.perf_counter() - started)

    @property
    def pictures_due(self) -> bool:
        return self._pictures_due

    def draw_pictures(self) -> Rebuilt:
        """Draw the slide pictures the gallery lacks (LibreOffice), then reload the gallery."""
        self._pictures_due = False
        started = time.perf_counter()
        options = dataclasses.replace(self.options, previews=True)
        try:
            the_plan = plan(options)
            before = read_manifest(the_plan.out_dir)
            report = build(options, the_plan, executor=self._executor)
        except HandoutKitError as error:
            return Rebuilt(error=error.message, seconds=time.perf_counter() - started)
        pages = changed_pages(before, read_manifest(the_plan.out_dir), ())
        if pages:
            self.hub.publish(reload_event(pages))
        return _rebuilt(report, (), pages, time.perf_counter() - started)


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
    return pages
