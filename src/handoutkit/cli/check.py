"""``handoutkit check`` and ``handoutkit list``: the quality report, and what the content holds."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .common import (
    EXIT_CHECK_ERRORS,
    EXIT_OK,
    content_option,
    local_out,
    positive,
    print_notices,
    selection_options,
)


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = commands.add_parser(
        "check",
        help="check reading level, structure, review dates, contrast and accessibility",
        description="Report on every selected procedure document and clinic: readability "
        "against a target grade, PEMAT-P structure items, review dates, WCAG contrast of the "
        "brand colours and accessibility of the slides. Writes <out>/checks.json and "
        "<out>/checks.html. Exit status: "
        "0 clean, 1 warnings (with --strict), 2 errors.",
    )
    content_option(check)
    selection_options(check, out_help="where checks.json and checks.html go (default: build)")
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
        type=positive,
        default=None,
        metavar="N",
        help="months between clinical reviews; twice that is an error "
        "(default: content/handoutkit.yml, else 12)",
    )
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    check.set_defaults(run=run_check, error_status=EXIT_CHECK_ERRORS)

    listing = commands.add_parser("list", help="list the clinics, procedures and languages found")
    content_option(listing)
    listing.set_defaults(run=run_list)


def run_check(args: argparse.Namespace, out: Console) -> int:
    # start-up: each command imports what it runs (check: the readers and the checks).
    from ..build.folder import BuildFolder, build_lock, check_out_dir
    from ..build.reports import write_report
    from ..model import Status
    from ..quality.checks import CheckSettings
    from ..quality.report import run_checks
    from ..read.catalog import discover
    from ..read.settings import read_settings

    catalog = discover(args.content)
    print_notices(catalog.notices)
    folder = BuildFolder(check_out_dir(local_out(args, "check"), content=catalog.root))
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
        Status.SKIP: "[dim]skip[/]",
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


def run_list(args: argparse.Namespace, out: Console) -> int:
    from ..read.catalog import discover  # start-up: each command its own

    catalog = discover(args.content)
    print_notices(catalog.notices)
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
