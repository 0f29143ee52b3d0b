"""Ctrl-C always ends the command: a deadline after the first one.

The first Ctrl-C raises KeyboardInterrupt, as Python's own handler does: the build stops its
jobs, keeps the jobs that finished, removes its scratch folder and exits with 130. Should
that stop itself hang (a bug: a lock a thread never releases, a kernel that never answers),
the deadline ends the process anyway, with every thread's stack on stderr for a bug report.
Workers and kernels die with the process that started them (`lifecycle.die_with_parent`);
the next build removes the scratch folder; files are only ever replaced whole, by rename.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from .common import EXIT_INTERRUPTED

STOP_DEADLINE_S = 20.0
STUCK = "Interrupted, but Handout Kit did not stop within {seconds:.0f} s of Ctrl-C"


def install(deadline_s: float = STOP_DEADLINE_S) -> Callable[[], None]:
    """Make Ctrl-C (SIGINT) raise KeyboardInterrupt and arm the deadline; main thread only.

    Returns what undoes it (the previous handler back, the deadline off): for `main` called
    from Python, whose caller goes on. The command itself keeps both until it has exited:
    a stop can also hang after `main` returned (a thread Python waits for at exit)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    armed: list[threading.Timer] = []

    def on_sigint(number: int, frame: FrameType | None) -> None:
        if not armed:
            timer = threading.Timer(deadline_s, _stuck, args=(deadline_s,))
            timer.daemon = True
            timer.start()
            armed.append(timer)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)

    def uninstall() -> None:
        # None: a handler not set from Python, which cannot be put back; the default then.
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
        for timer in armed:
            timer.cancel()

    return uninstall


def _stuck(deadline_s: float) -> None:
    try:
        sys.stderr.write(
            STUCK.format(seconds=deadline_s) + ": it stopped at once. Build again to finish; "
            "please report this with the stacks below.\n"
        )
        sys.stderr.flush()
        faulthandler.dump_traceback(sys.stderr, all_threads=True)
    finally:
        os._exit(EXIT_INTERRUPTED)
