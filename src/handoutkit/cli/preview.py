"""``handoutkit preview``: see the handouts as you type (serve, watch, rebuild, reload)."""

from __future__ import annotations

import argparse
import time

from rich.console import Console
from rich.markup import escape

from .common import (
    EXIT_OK,
    content_option,
    local_out,
    paper_option,
    papers,
    positive,
    print_notices,
    selection_options,
)

DEFAULT_PORT = 8000


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    preview = commands.add_parser(
        "preview",
        help="serve the build folder and rebuild what a saved file changes",
        description="Build the selection (--clinic, --procedure, --language; default: all), "
        "serve the build folder on this computer only, and rebuild the jobs a saved content, "
        "brand or template file changes: every open page of them reloads by itself, and an "
        "error shows over the last good version until the file is fixed. Ctrl-C stops it.",
    )
    content_option(preview)
    selection_options(preview, out_help="build folder to write and serve (default: build)")
    preview.add_argument(
        "--port",
        type=int,
        default=None,
        metavar="N",
        help=f"port to serve on (default: {DEFAULT_PORT}, or the next free one)",
    )
    preview.add_argument(
        "--host",
        default=None,
        metavar="ADDRESS",
        help="interface to serve on (default: 127.0.0.1, this computer only); another one "
        "lets other computers of the network read the handouts",
    )
    preview.add_argument("--open", action="store_true", help="open the gallery in a browser")
    paper_option(preview)
    preview.add_argument(
        "--jobs",
        "-j",
        type=positive,
        default=0,
        metavar="N",
        help="warm worker processes (default: the number of cores, at most one per job)",
    )
    preview.add_argument(
        "--no-previews",
        action="store_true",
        help="do not draw slide pictures for the gallery when you pause (LibreOffice)",
    )
    preview.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console) -> int:
    from ..build.builder import BuildOptions  # start-up: each command its own
    from ..preview.server import LOOPBACK
    from ..preview.session import Rebuilt
    from ..preview.watch import PreviewOptions, preview

    err = Console(stderr=True, highlight=False)
    host = args.host or LOOPBACK
    if args.host and args.host not in (LOOPBACK, "localhost", "::1"):
        err.print(
            f"[yellow]warning[/]: serving on {escape(host)}: other computers that reach it can "
            "read every handout in the build folder. Use it only on a network you trust."
        )
    options = PreviewOptions(
        build=BuildOptions(
            content_dir=args.content,
            out_dir=local_out(args, "preview"),
            clinics=tuple(args.clinic),
            procedures=tuple(args.procedure),
            languages=tuple(args.language),
            papers=papers(args),
            workers=args.jobs,
            previews=not args.no_previews,
        ),
        host=host,
        port=DEFAULT_PORT if args.port is None else args.port,
        port_given=args.port is not None,
        open_browser=args.open,
    )

    def say(text: str) -> None:
        out.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {escape(text)}", soft_wrap=True)

    def said(rebuilt: Rebuilt) -> None:
        print_notices(rebuilt.notices)
        if rebuilt.error:
            err.print(f"[bold red]error[/]: {escape(rebuilt.error)}", soft_wrap=True)
            return
        for key in rebuilt.built:
            say(f"built  {key}")
        for key in rebuilt.failed:
            say(f"failed {key}: the error shows over its pages")
        for note in rebuilt.notes:
            err.print(f"note: {escape(note)}", soft_wrap=True)
        if rebuilt.built or rebuilt.failed:
            say(f"{rebuilt.seconds:.1f} s; {len(rebuilt.reloaded)} open page(s) told to reload")
        elif rebuilt.reloaded:
            say("slide pictures drawn for the gallery")

    preview(options, say=say, said=said)
    out.print("Preview stopped.")
    return EXIT_OK
