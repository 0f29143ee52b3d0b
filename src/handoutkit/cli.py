"""``handoutkit``: build handouts and decks, list what the content folder holds.

Problems with the user's files print as one paragraph (file, line or field,
what is wrong, the fix) and exit with status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
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

from . import __version__
from .errors import HandoutKitError
from .model import Notice, Paper

if TYPE_CHECKING:
    from .build.builder import BuildReport
    from .execute.jobs import JobOutcome
    from .model import JobKey

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130
EXIT_CHECK_ERRORS = 2  # handoutkit check: 1 means warnings (with --strict), 2 errors


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``handoutkit`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    try:
        return int(args.run(args, out))
    except HandoutKitError as error:
        _print_error(err, error)
        return int(getattr(args, "error_status", EXIT_ERROR))
    except KeyboardInterrupt:
        err.print("Interrupted: files already finished were kept; no file was half-written.")
        return EXIT_INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handoutkit",
        description="Branded patient handouts (PDF, HTML) and consultation decks (PPTX) "
        "from clinic content, through parameterized notebooks.",
    )
    parser.add_argument("--version", action="version", version=f"handoutkit {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build handouts and decks into the build folder",
        description="Build every clinic × procedure × language found in the content folder, "
        "or the selection given by --clinic, --procedure and --language (each may repeat).",
    )
    _content_option(build)
    _selection_options(build, out_help="build folder (default: build)")
    build.add_argument(
        "--paper",
        action="append",
        choices=[paper.value for paper in Paper],
        help="paper size of the PDF handout; repeat for both (default: letter)",
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=_positive,
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
        "--executor",
        default="workers",
        metavar="NAME",
        help="how jobs run: 'workers' (processes, the default) or 'in-process' (one at a "
        "time in this process, for debugging)",
    )
    build.add_argument(
        "--no-previews",
        action="store_true",
        help="do not draw slide pictures for the gallery (they need LibreOffice)",
    )
    build.set_defaults(run=_build)

    check = commands.add_parser(
        "check",
        help="check reading level, structure, review dates, contrast and accessibility",
        description="Report on every selected procedure document and clinic: readability "
        "against a target grade, PEMAT-P structure items, review dates, WCAG contrast of the "
        "brand colours and accessibility of the slides. Writes <out>/checks.json and "
        "<out>/checks.html. Exit status: "
        "0 clean, 1 warnings (with --strict), 2 errors.",
    )
    _content_option(check)
    _selection_options(check, out_help="where checks.json and checks.html go (default: build)")
    check.add_argument(
        "--target-grade",
        type=float,
        default=None,
        metavar="GRADE",
        help="reading grade to aim for, unless a document sets its own target_grade "
        "(default: content/handoutkit.yml, else 8)",
    )
    check.add_argument(
        "--review-months",
        type=_positive,
        default=None,
        metavar="N",
        help="months between clinical reviews; twice that is an error "
        "(default: content/handoutkit.yml, else 12)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    check.set_defaults(run=_check, error_status=EXIT_CHECK_ERRORS)

    listing = commands.add_parser("list", help="list the clinics, procedures and languages found")
    _content_option(listing)
    listing.set_defaults(run=_list)
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="folder holding clinics/ and procedures/ (default: content)",
    )


def _selection_options(command: argparse.ArgumentParser, *, out_help: str) -> None:
    """--out, and --clinic, --procedure and --language (each may repeat)."""
    command.add_argument("--out", type=Path, default=Path("build"), help=out_help)
    command.add_argument("--clinic", action="append", default=[], metavar="SLUG")
    command.add_argument("--procedure", action="append", default=[], metavar="SLUG")
    command.add_argument("--language", action="append", default=[], metavar="CODE")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not '{text}'")
    return value


def _build(args: argparse.Namespace, out: Console) -> int:
    from .build.builder import BuildOptions, build, plan  # start-up: each command its own

    options = BuildOptions(
        content_dir=args.content,
        out_dir=args.out,
        clinics=tuple(args.clinic),
        procedures=tuple(args.procedure),
        languages=tuple(args.language),
        papers=tuple(dict.fromkeys(Paper(value) for value in args.paper or ["letter"])),
        workers=args.jobs,
        force=args.force,
        previews=not args.no_previews,
        allow_errors=args.allow_errors,
        large_print=args.large_print,
        executor=args.executor,
    )
    started = time.perf_counter()
    the_plan = plan(options)
    _print_notices(the_plan.notices)
    todo, fresh = len(the_plan.to_build), len(the_plan.to_skip)
    if todo:
        workers = min(options.worker_count, todo)
        out.print(
            f"Building {todo} job(s) into {options.out_dir}/ with {workers} worker(s); "
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
    out.print(f"Gallery: {report.gallery}", soft_wrap=True)
    out.print(f"Manifest: {report.manifest}", soft_wrap=True)
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


def _check(args: argparse.Namespace, out: Console) -> int:
    # start-up: each command imports what it runs (check: the readers and the checks).
    from .build.folder import BuildFolder, build_lock, check_out_dir
    from .build.reports import write_report
    from .model import Status
    from .quality.checks import CheckSettings
    from .quality.report import run_checks
    from .read.catalog import discover
    from .read.settings import read_settings

    catalog = discover(args.content)
    _print_notices(catalog.notices)
    folder = BuildFolder(check_out_dir(args.out, content=catalog.root))
    settings = CheckSettings.of(
        read_settings(catalog.root),
        target_grade=args.target_grade,
        review_months=args.review_months,
    )
    keys = catalog.select(
        clinics=tuple(args.clinic), procedures=tuple(args.procedure), languages=tuple(args.language)
    )
    report = run_checks(catalog, keys, settings)
    marks = {
        Status.PASS: "[green]pass[/]",
        Status.WARN: "[yellow]warn[/]",
        Status.ERROR: "[bold red]error[/]",
    }
    for subject in report.subjects:
        table = Table(title=f"{subject.kind}: {subject.name}", title_justify="left")
        table.add_column("Check", no_wrap=True)
        table.add_column("Item", max_width=30)
        table.add_column("Result")
        table.add_column("Detail", overflow="fold", ratio=1)
        for finding in subject.findings:
            item = finding.item + (f" ({finding.where})" if finding.where else "")
            table.add_row(
                finding.group, escape(item), marks[finding.status], escape(finding.detail)
            )
        out.print(table)
        if subject.scores:
            figures = ", ".join(f"{name} {value:g}" for name, value in subject.scores)
            out.print(escape(figures), soft_wrap=True)
    folder.create()
    with build_lock(folder.root):
        folder.prepare()
        json_path, html_path = write_report(report, folder)
    errors, warnings = report.count(Status.ERROR), report.count(Status.WARN)
    out.print(
        f"{errors} error(s), {warnings} warning(s). Report: {html_path} and {json_path}",
        soft_wrap=True,
    )
    return report.exit_code(strict=args.strict)


def _list(args: argparse.Namespace, out: Console) -> int:
    from .read.catalog import discover  # start-up: each command its own

    catalog = discover(args.content)
    _print_notices(catalog.notices)
    table = Table(title=f"Content in {catalog.root}", title_justify="left")
    table.add_column("Clinics")
    table.add_column("Procedures")
    table.add_column("Languages")
    procedures = catalog.procedures
    for row in range(max(len(catalog.clinics), len(procedures))):
        clinic = catalog.clinics[row] if row < len(catalog.clinics) else ""
        procedure = procedures[row] if row < len(procedures) else ""
        languages = ", ".join(catalog.languages_of(procedure)) if procedure else ""
        table.add_row(clinic, procedure, languages)
    out.print(table)
    jobs = len(catalog.clinics) * len(catalog.documents)
    out.print(f"{jobs} job(s): every clinic × every procedure document.")
    return EXIT_OK


def _print_notices(notices: Sequence[Notice]) -> None:
    """Warnings found before any job ran (names skipped, files that cannot be read)."""
    err = Console(stderr=True, highlight=False)
    for notice in notices:
        err.print(f"[yellow]warning[/]: {escape(str(notice))}", soft_wrap=True)


def _print_error(console: Console, error: HandoutKitError) -> None:
    console.print(f"[bold red]error[/]: {escape(error.message)}", soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
