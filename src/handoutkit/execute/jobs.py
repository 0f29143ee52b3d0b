"""One build job, as an executor runs it: notebooks in, files (as bytes) out.

For one clinic × procedure × language, `run_job` executes the notebook of every registered
output kind (`outputs.kinds`) once per variant the kind asks for (a paper size, large
print) with papermill, and lets the kind collect its files from each executed notebook.
Nothing is written here: the builder writes what the job returns, except in a build into a
URL (``JobSpec.out_url``), where the job writes its files there itself (`remote`). A
problem with the job's content or brand comes back as the job's error, so the other jobs
of a build go on.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from pathlib import Path
from typing import Any, TypeVar

import papermill
from nbformat import NotebookNode
from papermill.exceptions import PapermillExecutionError

from ..errors import HandoutKitError, RenderError, ReportedError
from ..model import Finding, JobOutcome, JobSpec, Output, Status
from ..model.contract import PagePayload
from ..outputs.kinds import Collected, OutputKind, Variant, kinds
from ..timings import step
from .lifecycle import INTERRUPTED

T = TypeVar("T")
POLL_S = 0.2
_Call = tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]

# papermill logs every cell it runs at INFO; the build reports progress itself.
logging.getLogger("papermill").setLevel(logging.WARNING)


def warm_up(*, wait: bool = True) -> None:
    """Import the renderers and initialise what every job needs (fontconfig, Pango) before
    the first job's files are collected, while the kernel starts; ``wait=False``: in the
    background, while this process already runs the first notebook."""
    future = _IN_ORDER.submit(_warm_up)
    if wait:
        future.result()


def _warm_up() -> None:
    # start-up: WeasyPrint loads in the background, while the first notebook runs (warm_up).
    from ..outputs.handout.pdf import render_pdf

    render_pdf("<p>Handout Kit</p>")  # loads fontconfig and Pango


def run_job(spec: JobSpec) -> JobOutcome:
    """Run one job; any problem becomes the outcome's error instead of an exception."""
    started = time.perf_counter()
    try:
        outcome = _run(spec)
        if writes_itself(spec, outcome):
            # start-up: fsspec only in a build into a URL.
            from .remote import write_outputs

            with step("write"):
                outcome = write_outputs(outcome, spec.out_url)
    except HandoutKitError as error:
        outcome = JobOutcome(spec.key, error=error.message)
    except Exception as error:  # one job's bug must not stop the others
        outcome = JobOutcome(
            spec.key,
            error=f"unexpected {type(error).__name__}: {error}. Fix: this is a Handout Kit bug; "
            "please report it with the content and brand files of this job.",
        )
    return _with_seconds(outcome, time.perf_counter() - started)


def writes_itself(spec: JobSpec, outcome: JobOutcome) -> bool:
    """In a build into a URL, the job writes its files there, unless its quality checks found
    an error the build refuses (the builder then records the refusal, and nothing is
    published)."""
    if not spec.out_url or outcome.error is not None:
        return False
    return spec.allow_errors or not any(f.status is Status.ERROR for f in outcome.checks)


def _with_seconds(outcome: JobOutcome, seconds: float) -> JobOutcome:
    return dataclasses.replace(outcome, seconds=seconds)


def _run(spec: JobSpec) -> JobOutcome:
    key = spec.key
    parameters: dict[str, Any] = {
        "clinic": key.clinic,
        "procedure": key.procedure,
        "language": key.language,
    }
    runs: list[tuple[OutputKind, list[Future[Collected]]]] = []
    submitted: list[Future[Collected]] = []
    for kind in kinds():
        collecting: list[Future[Collected]] = []
        runs.append((kind, collecting))
        for variant in kind.variants(spec):
            _raise_failed(submitted)  # a notebook whose files failed ends the job there
            try:
                notebook = execute(
                    spec,
                    kind.notebook,
                    {
                        # Relative to the notebook's folder, as in the notebooks' own defaults,
                        # so the executed notebooks are the same wherever the project is.
                        "content_dir": os.path.relpath(
                            spec.content_dir, kind.notebooks_dir or spec.notebooks_dir
                        ),
                        **parameters,
                        **dict(variant.parameters),
                    },
                    kind.notebook_path(spec, variant),
                    kind.notebooks_dir,
                )
            except Exception:
                _raise_failed(submitted, every=True)  # an earlier notebook's problem first
                raise
            # Its files are collected (nbconvert, the PDF) while the kernel runs the next.
            collecting.append(_IN_ORDER.submit(_collect, kind, notebook, variant, spec))
            submitted.append(collecting[-1])
    collected = [(kind, [_result(future) for future in futures]) for kind, futures in runs]
    outputs: list[Output] = []
    page: PagePayload | None = None
    warnings: tuple[str, ...] | None = None
    scores: tuple[tuple[str, float], ...] = ()
    checks: list[Finding] = []
    for _, results in collected:
        if not results:
            continue
        for last in results:
            outputs.extend(last.outputs)
            page = page if page and not last.page else last.page or page
        # A kind's record is its last run's (every run shows the same warnings and checks);
        # warnings and figures come from the first kind that reports them.
        if warnings is None and last.warnings is not None:
            warnings = last.warnings
        scores = scores or last.scores
        checks.extend(last.checks)
    page = page or PagePayload(title="", lang="", author="", description="", created="")
    return JobOutcome(
        key,
        outputs=tuple(outputs),
        title=page.description,
        outside_inputs=page.inputs,
        clinic_name=page.author,
        reviewed=page.created,
        approval=page.approval,
        approvals=page.approvals,
        warnings=warnings or (),
        checks=tuple(checks),
        scores=scores,
    )


def _collect(
    kind: OutputKind, notebook: NotebookNode, variant: Variant, spec: JobSpec
) -> Collected:
    with step(f"collect {variant.name}"):
        return kind.collect(notebook, variant, spec)


class _InOrder:
    """A thread of the process's own running calls one after another, in the order given: a
    job's files are collected from one executed notebook while the kernel runs the next one,
    and the renderers can load while the first notebook runs.

    The thread is a daemon: after a Ctrl-C nobody waits for the call it is in.
    """

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[_Call] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, call: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="collect", daemon=True)
                self._thread.start()
        self._calls.put((future, call, args))
        return future

    def _work(self) -> None:
        while True:
            future, call, args = self._calls.get()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(call(*args))
                except BaseException as error:  # given to whoever waits for the result
                    future.set_exception(error)


_IN_ORDER = _InOrder()


def _raise_failed(futures: list[Future[Collected]], *, every: bool = False) -> None:
    """Raise the exception of the first of ``futures`` that failed, among those done
    (``every``: among all, once they are done)."""
    for future in futures:
        if not every and not future.done():
            return
        _result(future)


def _result(future: Future[T]) -> T:
    """``future``'s result, once there is one; a Ctrl-C the builder received (in this
    process) raises KeyboardInterrupt here, even if the one its handler raised was lost."""
    while not wait([future], timeout=POLL_S).done:
        if INTERRUPTED.is_set():
            raise KeyboardInterrupt
    return future.result()


def execute(
    spec: JobSpec,
    name: str,
    parameters: dict[str, Any],
    output_path: str,
    folder: Path | None = None,
) -> NotebookNode:
    """Run one of the job's notebooks (in ``folder``, by default the project's) with
    papermill and return the executed copy."""
    path = (folder or spec.notebooks_dir) / name
    if not path.is_file():
        raise RenderError(
            "the notebook does not exist.",
            fix="restore it from the project (git checkout notebooks/).",
            path=path,
        )
    try:
        with step(f"notebook {name}"):
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


def _user_errors(root: type[HandoutKitError] = HandoutKitError) -> set[str]:
    """The names of Handout Kit's own errors (every subclass of its root), whose message
    already names the file, the place and the fix."""
    return {root.__name__}.union(*(_user_errors(sub) for sub in root.__subclasses__()))


_USER_ERRORS = _user_errors()


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


__all__ = ["execute", "run_job"]
