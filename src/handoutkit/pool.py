"""Worker processes, each with its own warm Jupyter kernel: job specs in, outcomes out.

A small pool of its own rather than ``concurrent.futures``, because a build
must be able to stop at once on Ctrl-C without orphans: workers run in their
own process group (the terminal's Ctrl-C reaches only the builder, which then
kills them), their kernels exit when their worker dies (ipykernel watches its
parent), and every socket file lives in a scratch folder the builder removes.
A worker that dies mid-job fails that job only.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import JobKey
from .jobs import JobOutcome, JobSpec

POLL_S = 0.5
# What the notebooks' cells import, loaded while the kernel boots.
KERNEL_PRELOAD = (
    "handoutkit.notebook",
    "handoutkit.brand",
    "handoutkit.content",
    "handoutkit.deckplan",
    "handoutkit.render.pptx",
    "handoutkit.readability",
)
# Loads the pronouncing dictionary the handout notebook's quality checks need (0.7 s).
KERNEL_WARM_UP = "handoutkit.readability.warm_up()"
CLOSE_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class _Started:
    key: JobKey
    pid: int


def _worker(tasks: Any, results: Any, scratch: str, parent: int, kernel_name: str) -> None:
    os.setpgrp()  # the terminal's Ctrl-C goes to the builder only
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .engine import WarmKernel

    WarmKernel.socket_root = Path(scratch)
    # The kernel boots (and imports the notebooks' module) while this process imports the
    # renderers below.
    WarmKernel.get(kernel_name).start(preload=KERNEL_PRELOAD, warm_up=KERNEL_WARM_UP)
    from .jobs import run_job, warm_up

    warm_up()
    try:
        while True:
            try:
                spec = tasks.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != parent:
                    return  # the builder is gone
                continue
            if spec is None:
                return
            results.put(_Started(spec.key, os.getpid()))
            results.put(run_job(spec))
    finally:
        WarmKernel.shutdown_all()


class WorkerPool:
    """``size`` worker processes; `run` yields each job's outcome as it completes."""

    def __init__(self, size: int, *, scratch: Path, kernel_name: str = "python3") -> None:
        context = mp.get_context("spawn")
        self._tasks: Any = context.Queue()
        self._results: Any = context.Queue()
        self._processes = [
            context.Process(
                target=_worker,
                args=(self._tasks, self._results, str(scratch), os.getpid(), kernel_name),
                name=f"handoutkit-worker-{number}",
                daemon=True,
            )
            for number in range(1, size + 1)
        ]
        for process in self._processes:
            process.start()

    def run(self, specs: Sequence[JobSpec]) -> Iterator[JobOutcome]:
        for spec in specs:
            self._tasks.put(spec)
        for _ in self._processes:
            self._tasks.put(None)
        running: dict[int, JobKey] = {}
        waiting = {spec.key for spec in specs}
        while waiting:
            try:
                message = self._results.get(timeout=POLL_S)
            except queue.Empty:
                yield from self._lost(running, waiting)
                continue
            if isinstance(message, _Started):
                running[message.pid] = message.key
            else:
                running = {pid: key for pid, key in running.items() if key != message.key}
                waiting.discard(message.key)
                yield message

    def _lost(self, running: dict[int, JobKey], waiting: set[JobKey]) -> Iterator[JobOutcome]:
        """Fail the jobs of workers that died; if none is left, fail the rest."""
        for process in self._processes:
            if process.is_alive() or process.pid not in running:
                continue
            key = running.pop(process.pid)  # type: ignore[arg-type]
            waiting.discard(key)
            yield JobOutcome(
                key,
                error=f"the worker process building it stopped (exit code {process.exitcode}). "
                "Fix: build this job again; if it stops again, report it as a Handout Kit bug.",
            )
        if waiting and not any(process.is_alive() for process in self._processes):
            codes = ", ".join(str(process.exitcode) for process in self._processes)
            for key in sorted(waiting):
                yield JobOutcome(
                    key,
                    error=f"the worker processes stopped before building it (exit codes {codes}). "
                    "Fix: if your own Python script calls build(), put the call under "
                    "'if __name__ == \"__main__\":' (each worker imports the script); "
                    "otherwise build again, and report it if it happens again.",
                )
            waiting.clear()

    def close(self) -> None:
        """Let the workers finish (they were told to stop after the last job), then end them."""
        for process in self._processes:
            process.join(CLOSE_TIMEOUT_S)
        self.kill()

    def kill(self) -> None:
        """Stop every worker now; their kernels exit as soon as they notice."""
        started = [process for process in self._processes if process.pid is not None]
        for process in started:
            if process.is_alive():
                process.kill()
        for process in started:
            process.join()
        for channel in (self._tasks, self._results):
            channel.close()
            channel.cancel_join_thread()
