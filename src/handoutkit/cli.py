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

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .errors import HandoutKitError
from .models import Paper

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130


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
        return EXIT_ERROR
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
    build.add_argument(
        "--out", type=Path, default=Path("build"), help="build folder (default: build)"
    )
    build.add_argument("--clinic", action="append", default=[], metavar="SLUG")
    build.add_argument("--procedure", action="append", default=[], metavar="SLUG")
    build.add_argument("--language", action="append", default=[], metavar="CODE")
    build.add_argument(
        "--paper",
        action="append",
        choices=[paper.value for paper in Paper],
        help="paper size of the PDF handout; repeat for both (default: letter)",
    )
    build.set_defaults(run=_build)

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


def _build(args: argparse.Namespace, out: Console) -> int:
    from .builder import BuildOptions, build, plan

    options = BuildOptions(
        content_dir=args.content,
        out_dir=args.out,
        clinics=tuple(args.clinic),
        procedures=tuple(args.procedure),
        languages=tuple(args.language),
        papers=tuple(dict.fromkeys(Paper(value) for value in args.paper or ["letter"])),
    )
    started = time.perf_counter()
    the_plan = plan(options)
    err = Console(stderr=True, highlight=False)
    for job in the_plan.jobs:
        for notice in job.notices:
            err.print(f"[yellow]warning[/]: {job.key}: {escape(str(notice))}", soft_wrap=True)
    if the_plan.errors:
        for error in the_plan.errors:
            _print_error(err, error)
        err.print(
            f"[red]Nothing was built[/]: {len(the_plan.errors)} problem(s) to fix first. "
            "Previous outputs in the build folder are unchanged."
        )
        return EXIT_ERROR
    out.print(f"Building {len(the_plan.jobs)} job(s) into {options.out_dir}/")
    results = build(options, the_plan, on_job=lambda job: out.print(f"  [bold]{job.key}[/] …"))
    table = Table(title="Outputs", title_justify="left")
    table.add_column("File")
    table.add_column("Kind")
    table.add_column("Size", justify="right")
    for result in results:
        for output in result.outputs:
            table.add_row(output.path, output.kind, f"{len(output.data) / 1024:,.0f} KB")
    out.print(table)
    elapsed = time.perf_counter() - started
    out.print(
        f"Built {len(results)} job(s) in {elapsed:.1f} s; "
        f"manifest: {options.out_dir / 'manifest.json'}"
    )
    return EXIT_OK


def _list(args: argparse.Namespace, out: Console) -> int:
    from .catalog import discover

    catalog = discover(args.content)
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


def _print_error(console: Console, error: HandoutKitError) -> None:
    console.print(f"[bold red]error[/]: {escape(error.message)}", soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
