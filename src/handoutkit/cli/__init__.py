"""``handoutkit``: build handouts and decks, check them, import and approve their text.

Problems with the user's files print as one paragraph (file, line or field,
what is wrong, the fix) and exit with status 1; never a traceback. Each command is a module
that adds its parser (`COMMANDS`).
"""

from __future__ import annotations

import argparse
import atexit
import gc
from collections.abc import Sequence

from rich.console import Console

from .. import __version__
from ..errors import HandoutKitError
from . import authoring, build, check, interrupts, preview
from .common import EXIT_ERROR, EXIT_INTERRUPTED, print_error

COMMANDS = (
    build.add_command,
    preview.add_command,
    check.add_commands,
    authoring.add_commands,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``handoutkit`` command."""
    _exit_without_collecting()
    uninstall = interrupts.install()
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        out = Console(highlight=False)
        err = Console(stderr=True, highlight=False)
        try:
            return int(args.run(args, out))
        except HandoutKitError as error:
            print_error(err, error)
            return int(getattr(args, "error_status", EXIT_ERROR))
        except KeyboardInterrupt:
            err.print("Interrupted: files already finished were kept; no file was half-written.")
            return EXIT_INTERRUPTED
    finally:
        if argv is not None:  # called from Python: leave its Ctrl-C as it was
            uninstall()


def _exit_without_collecting() -> None:
    """At exit, freeze what is left instead of letting Python search it all for reference
    cycles: after a build that rendered in this process, that search took 0.3 s, just before
    the system frees the memory anyway. Files are written and closed, kernels stopped and
    scratch folders removed before; atexit handlers and ``weakref.finalize`` still run."""
    global _FREEZE_AT_EXIT
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT = True
        atexit.register(gc.freeze)  # the last handler registered runs first


_FREEZE_AT_EXIT = False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handoutkit",
        description="Branded patient handouts (PDF, HTML) and consultation decks (PPTX) "
        "from clinic content, through parameterized notebooks.",
    )
    parser.add_argument("--version", action="version", version=f"handoutkit {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser
