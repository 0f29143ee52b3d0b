"""What the commands share: options, exit statuses, how problems and warnings are printed."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..errors import HandoutKitError, SelectionError
from ..execute.remote import is_url
from ..model import Notice, Paper

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130
EXIT_CHECK_ERRORS = 2  # handoutkit check: 1 means warnings (with --strict), 2 errors


def content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="folder holding clinics/ and procedures/ (default: content)",
    )


class Url(str):
    """An ``--out`` given as a URL (``s3://bucket/handouts``), not a folder."""


def out_location(text: str) -> Path | Url:
    """``--out``: a folder, or a URL such as ``s3://bucket/handouts`` (only ``build``
    writes to a URL; the other commands say so)."""
    return Url(text) if is_url(text) else Path(text)


def local_out(args: argparse.Namespace, command: str) -> Path:
    """``--out`` as a folder; a URL is refused with what to do instead."""
    if isinstance(args.out, Url):
        raise SelectionError(
            f"handoutkit {command} works on a build folder on this computer, not on "
            f"--out {args.out}.",
            fix="build into a folder (--out build) for this, or use handoutkit build "
            f"--out {args.out} to publish there.",
        )
    return Path(args.out)


def selection_options(command: argparse.ArgumentParser, *, out_help: str) -> None:
    """--out, and --clinic, --procedure and --language (each may repeat)."""
    command.add_argument(
        "--out", type=out_location, default=Path("build"), metavar="FOLDER", help=out_help
    )
    command.add_argument("--clinic", action="append", default=[], metavar="SLUG")
    command.add_argument("--procedure", action="append", default=[], metavar="SLUG")
    command.add_argument("--language", action="append", default=[], metavar="CODE")


def paper_option(command: argparse.ArgumentParser) -> None:
    """--paper (may repeat)."""
    command.add_argument(
        "--paper",
        action="append",
        choices=[paper.value for paper in Paper],
        help="paper size of the PDF handout; repeat for both (default: letter)",
    )


def papers(args: argparse.Namespace) -> tuple[Paper, ...]:
    """The paper sizes --paper asked for, each once, in order (default: Letter)."""
    return tuple(dict.fromkeys(Paper(value) for value in args.paper or ["letter"]))


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not '{text}'")
    return value


def print_notices(notices: Sequence[Notice]) -> None:
    """Warnings found before any job ran (names skipped, files that cannot be read)."""
    err = Console(stderr=True, highlight=False)
    for notice in notices:
        err.print(f"[yellow]warning[/]: {escape(str(notice))}", soft_wrap=True)


def print_error(console: Console, error: HandoutKitError) -> None:
    console.print(f"[bold red]error[/]: {escape(error.message)}", soft_wrap=True)
