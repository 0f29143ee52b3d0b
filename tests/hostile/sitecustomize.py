"""Log every file opened inside a forbidden folder, in every Python process of a build.

tests/test_hostile.py puts this folder on ``PYTHONPATH`` of the ``handoutkit build``
subprocess; the builder's worker processes (multiprocessing spawn) and their Jupyter
kernels inherit that environment, so Python imports this module at start-up in each.

With ``HANDOUTKIT_AUDIT_DIR`` (the folder no build may read) and ``HANDOUTKIT_AUDIT_LOG``
(where to write) set, an audit hook sees every ``open`` event (raised by ``open()``,
``io.open()`` and ``os.open()``) and, for a path whose real path lies inside the folder,
appends a line to the log: pid, path, real path and command line, separated by tabs.
The hook is cheap, never raises and guards itself against recursion (its own ``os.open``
of the log raises the same event). Files opened by C libraries (fontconfig, libxml2)
raise no audit event and are not seen.
"""

from __future__ import annotations

import os
import sys
import threading


def _install() -> None:
    watched = os.environ.get("HANDOUTKIT_AUDIT_DIR")
    log = os.environ.get("HANDOUTKIT_AUDIT_LOG")
    if not watched or not log:
        return
    root = os.path.realpath(watched)
    prefix = root.rstrip(os.sep) + os.sep
    state = threading.local()  # per thread: set while the hook itself is writing
    realpath, fspath, getpid = os.path.realpath, os.fspath, os.getpid
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not args or getattr(state, "busy", False):
            return
        state.busy = True
        try:
            path = args[0]
            if isinstance(path, int):
                return  # a file descriptor: nothing was looked up by name
            path = fspath(path)
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not isinstance(path, str):
                return
            real = realpath(path)
            if real != root and not real.startswith(prefix):
                return
            command = " ".join(" ".join(getattr(sys, "orig_argv", None) or sys.argv).split())
            line = f"{getpid()}\t{path}\t{real}\t{command[:300]}\n"
            data = line.encode("utf-8", "backslashreplace")
            fd = os.open(log, flags, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        except Exception:  # an audit hook must never break the process it watches
            pass
        finally:
            state.busy = False

    sys.addaudithook(hook)


_install()
