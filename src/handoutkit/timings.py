"""Timestamps of a build's steps, for `benchmarks/startup.py`: where a build's time goes.

With ``HANDOUTKIT_TIMINGS=<file>`` in the environment, every process of a build (the
builder, its workers, their kernels) appends a line per step to that file:
``<time.time()> <tab> <pid> <tab> <role> <tab> <what>``. Without it nothing is written and
`mark` costs an attribute lookup. The file is opened for each line in append mode, so the
lines of several processes do not mix.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "HANDOUTKIT_TIMINGS"
_PATH = os.environ.get(ENV, "")
role = "builder"  # "worker" in a worker process, "kernel" in a kernel


def enabled() -> bool:
    return bool(_PATH)


def mark(what: str, who: str = "") -> None:
    """Record that ``what`` happens now in this process (``who``: its role, if not `role`)."""
    if not _PATH:
        return
    line = f"{time.time():.6f}\t{os.getpid()}\t{who or role}\t{what}\n"
    try:
        with open(_PATH, "a", encoding="utf-8") as file:
            file.write(line)
    except OSError:
        pass  # a benchmark's aid: never a reason for a build to fail


@contextmanager
def step(what: str) -> Iterator[None]:
    """Mark ``what`` start and ``what`` end around the block."""
    mark(f"{what} start")
    try:
        yield
    finally:
        mark(f"{what} end")
