"""``handoutkit build``: every clinic × procedure × language, or a selection, into a folder."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ..errors import SelectionError
from ..timings import mark
from .common import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Url,
    content_option,
    paper_option,
    papers,
    positive,
    print_notices,
    selection_options,
)

# Dask's own setting of the scheduler to use (``scheduler-address``): what the 'dask'
# executor connects to (handoutkit.execute.dask).
SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"

if TYPE_CHECKING:
    from ..build.builder import BuildOptions, BuildReport
    from ..execute.jobs import JobOutcome
    from ..model import JobKey


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    build = commands.add_parser(
        "build",
        help="build handouts and decks into the build folder",
        description="Build every clinic × procedure × language found in the content folder, "
        "or the selection given by --clinic, --procedure and --language (each may repeat).",
    )
    content_option(build)
    selection_options(
        build,
        out_help="build folder (default: build), or a URL the files are written to by the "
        "workers themselves: s3://bucket/handouts, gcs://…, file:///shared/handouts (see "
        "--records)",
    )
    build.add_argument(
        "--records",
        type=Path,
        metavar="FOLDER",
        help="with --out a URL: the folder on this computer where the build keeps its "
        "records (what was built from what) and its copy of the gallery (default: "
        "build-records/<the URL as a name>)",
    )
    paper_option(build)
    build.add_argument(
        "--jobs",
        "-j",
        type=positive,
        default=0,
        metavar="N",
        help="build N jobs at once, one worker process each (default: the number of cores)",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild every selected job, even if unchanged"
    )
    build.add_argument(
        "--large-print",
        action="store_true",
        help="also make a large-print handout (body text 18 pt or more, 1.5 line spacing)",
    )
    build.add_argument(
        "--allow-errors",
        action="store_true",
        help="build documents even if the quality checks found errors (an overdue review)",
    )
    build.add_argument(
        "--allow-unapproved",
        action="store_true",
        help="build documents the project requires approval of (approval: required: true in "
        "content/handoutkit.yml) even when they are not approved as they are",
    )
    build.add_argument(
        "--executor",
        default="auto",
        metavar="NAME",
        help="how jobs run: 'workers' (processes), 'in-process' (one at a time in this "
        "process, for debugging), 'auto' (the default: workers, but a single job in this "
        "process), 'dask' (on the Dask cluster of --scheduler) or 'dask-local' (on a Dask "
        "cluster of this machine, --jobs workers)",
    )
    build.add_argument(
        "--scheduler",
        default="",
        metavar="ADDRESS",
        help="with --executor dask: the Dask scheduler to send the jobs to (tcp://HOST:PORT)",
    )
    build.add_argument(
        "--no-previews",
        action="store_true",
        help="do not draw slide pictures for the gallery (they need LibreOffice)",
    )
    build.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console) -> int:
    mark("command start")
    _check_scheduler(args)
    from ..build.builder import BuildOptions, build, plan  # start-up: each command its own

    out_dir, out_url = _out(args)
    options = BuildOptions(
        content_dir=args.content,
        out_dir=out_dir,
        out_url=out_url,
        clinics=tuple(args.clinic),
        procedures=tuple(args.procedure),
        languages=tuple(args.language),
        papers=papers(args),
        workers=args.jobs,
        force=args.force,
        previews=not args.no_previews,
        allow_errors=args.allow_errors,
        allow_unapproved=args.allow_unapproved,
        large_print=args.large_print,
        executor=args.executor,
        scheduler=args.scheduler,
    )
    started = time.perf_counter()
    the_plan = plan(options)
    mark("planned")
    print_notices(the_plan.notices)
    todo, fresh = len(the_plan.to_build), len(the_plan.to_skip)
    if todo:
        where = options.out_url or f"{options.out_dir}/"
        out.print(
            f"Building {todo} job(s) into {where} {_running(options, todo)}; "
            f"{fresh} unchanged job(s) skipped."
        )
    else:
        out.print(f"Nothing to build: all {fresh} job(s) are up to date (--force rebuilds them).")
    progress = _progress(out, enabled=todo > 0)
    with progress:
        task = progress.add_task("Building", total=todo)

        def done(outcome: JobOutcome) -> None:
            progress.advance(task)
            if outcome.error is None:
                progress.console.print(f"  built  {escape(str(outcome.key))}")
            else:
                progress.console.print(f"  [red]failed[/] {escape(str(outcome.key))}")

        report = build(
            options,
            the_plan,
            on_done=done,
            on_phase=lambda text: progress.update(task, description=text),
        )
    err = Console(stderr=True, highlight=False)
    for outcome in report.built:
        for warning in outcome.warnings:
            err.print(f"[yellow]warning[/]: {escape(str(outcome.key))}: {escape(warning)}")
    for message, keys in _grouped_failures(report.failed).items():
        jobs = ", ".join(str(key) for key in keys)
        err.print(f"[bold red]error[/] ({escape(jobs)}): {escape(message)}", soft_wrap=True)
    for note in report.notes:
        err.print(f"note: {escape(note)}", soft_wrap=True)
    out.print(_summary(report, time.perf_counter() - started))
    if report.url:
        base = report.url.rstrip("/")
        out.print(f"Gallery: {base}/{report.gallery.name}", soft_wrap=True)
        out.print(f"Manifest: {base}/{report.manifest.name}", soft_wrap=True)
        out.print(f"Records: {report.manifest.parent}", soft_wrap=True)
    else:
        out.print(f"Gallery: {report.gallery}", soft_wrap=True)
        out.print(f"Manifest: {report.manifest}", soft_wrap=True)
    mark("command end")
    if report.interrupted:
        err.print(
            "Interrupted: the jobs that had finished were written and recorded; "
            "no file was half-written. Build again to finish."
        )
        return EXIT_INTERRUPTED
    if report.failed:
        err.print(
            f"[red]{len(report.failed)} job(s) failed[/]: their previous files, if any, are "
            "unchanged. Fix the files named above and build again."
        )
        return EXIT_ERROR
    return EXIT_OK


def _out(args: argparse.Namespace) -> tuple[Path, str]:
    """The build folder and, for ``--out`` a URL, that URL (the folder is then the records
    folder: ``--records``, or one named after the URL)."""
    if not isinstance(args.out, Url):
        if args.records is not None:
            raise SelectionError(
                f"--records {args.records} is only for a build into a URL (--out s3://…).",
                fix="leave --records out: a build into a folder keeps its records there.",
            )
        return Path(args.out), ""
    from ..build.mirror import records_folder  # start-up: only for a build into a URL

    return args.records or records_folder(str(args.out)), str(args.out)


def _running(options: BuildOptions, todo: int) -> str:
    """How the jobs run, as the first line says it."""
    if options.executor == "dask":
        address = options.scheduler or os.environ.get(SCHEDULER_ENV, "")
        return f"on the Dask cluster at {address}"
    workers = min(options.worker_count, todo)
    if options.executor == "dask-local":
        return f"on a Dask cluster of this computer with {workers} worker(s)"
    return f"with {workers} worker(s)"


def _check_scheduler(args: argparse.Namespace) -> None:
    """--scheduler goes with --executor dask, and --executor dask needs a scheduler."""
    if args.scheduler and args.executor != "dask":
        raise SelectionError(
            f"--scheduler {args.scheduler} is only for --executor dask, not "
            f"--executor {args.executor}.",
            fix=f"add --executor dask to build on the Dask cluster at {args.scheduler}, or "
            "leave --scheduler out.",
        )
    if args.executor == "dask" and not (args.scheduler or os.environ.get(SCHEDULER_ENV)):
        raise SelectionError(
            "--executor dask needs the address of a running Dask scheduler.",
            fix="give it with --scheduler tcp://HOST:PORT (as 'dask scheduler' prints it), or "
            "build on this machine alone with --executor dask-local.",
        )


def _progress(console: Console, *, enabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not enabled,
    )


def _grouped_failures(failed: Sequence[JobOutcome]) -> dict[str, list[JobKey]]:
    groups: dict[str, list[JobKey]] = {}
    for outcome in sorted(failed, key=lambda outcome: outcome.key):
        groups.setdefault(outcome.error or "", []).append(outcome.key)
    return groups


def _summary(report: BuildReport, seconds: float) -> Table:
    table = Table(title="Build summary", title_justify="left")
    for column in ("Built", "Skipped", "Failed", "Time"):
        table.add_column(column, justify="right")
    failed = f"[red]{len(report.failed)}[/]" if report.failed else "0"
    table.add_row(str(len(report.built)), str(len(report.skipped)), failed, f"{seconds:.1f} s")
    return table
