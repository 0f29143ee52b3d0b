"""Worker processes, each with its own warm Jupyter kernel: job specs in, outcomes out.

A small pool of its own rather than ``concurrent.futures``, because a build
must be able to stop at once on Ctrl-C without orphans: workers run in their
own process group (the terminal's Ctrl-C reaches only the builder, which then
kills them and their kernels, and waits until they are gone), and every socket
file lives in a scratch folder the builder removes.

Nothing outlives the builder, even one killed by SIGKILL: each worker and each
kernel asks Linux to kill it when its parent dies (`lifecycle.die_with_parent`),
and a worker whose builder is gone never waits to write results nobody reads.
Every worker and kernel has ``HANDOUTKIT_BUILD=<WorkerPool.build_id>`` in its
environment, so all of them can be found (`lifecycle.processes_of_build`).
The pool must be made, and kept, by a thread that lives as long as it does (the
main thread): Linux's death signal follows the thread that started a worker.

A worker that dies mid-job fails that job only.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import timings
from ..model import JobKey
from ..model.run import JobOutcome, JobSpec
from .lifecycle import BUILD_ENV, die_with_parent, environment, kill_build, new_build_id

POLL_S = 0.5
CLOSE_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class _Started:
    key: JobKey
    pid: int


def _worker(tasks: Any, results: Any, scratch: str, parent: int, kernel_name: str) -> None:
    die_with_parent(parent)  # first: from here on, the builder's death is this worker's
    os.setpgrp()  # the terminal's Ctrl-C goes to the builder only
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    timings.role = "worker"
    timings.mark("started")
    # start-up: the kernel boots first (jupyter_client only), then this process imports
    # papermill and the renderers meanwhile.
    from .kernel import KERNEL_PRELOAD, KERNEL_WARM_UP, WarmKernel

    WarmKernel.socket_root = Path(scratch)
    # The kernel boots (and imports the notebooks' module) while this process imports the
    # renderers below.
    WarmKernel.get(kernel_name).start(preload=KERNEL_PRELOAD, warm_up=KERNEL_WARM_UP)
    from .jobs import run_job, warm_up  # start-up: while the kernel boots (see above)

    timings.mark("renderers imported")
    with timings.step("warm up"):
        warm_up()
    try:
        while True:
            try:
                spec = tasks.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != parent:
                    # The builder is gone: nobody reads what is still to be written.
                    results.cancel_join_thread()
                    return
                continue
            if spec is None:
                break
            results.put(_Started(spec.key, os.getpid()))
            results.put(run_job(spec))
    finally:
        WarmKernel.shutdown_all()
    _flush(results, parent)


def _flush(results: Any, parent: int) -> None:
    """Wait until the messages put on ``results`` are in its pipe (an outcome is megabytes;
    leaving first would lose or cut one), but not once the builder is gone."""
    results.close()
    flusher = threading.Thread(target=results.join_thread, name="flush", daemon=True)
    flusher.start()
    while flusher.is_alive():
        flusher.join(POLL_S)
        if flusher.is_alive() and os.getppid() != parent:
            results.cancel_join_thread()  # exiting now does not wait for the queue's thread
            return


class WorkerPool:
    """``size`` worker processes; `run` yields each job's outcome as it completes.

    ``build_id`` is unique to the pool and is the value of ``HANDOUTKIT_BUILD`` in the
    environment of its workers and their kernels. After `close` or `kill` none of them
    is left.
    """

    def __init__(self, size: int, *, scratch: Path, kernel_name: str = "python3") -> None:
        self.build_id = new_build_id()
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
        try:
            # Only the workers (and their kernels) get the id: not this process, nor the
            # resource tracker all pools share (the queues above started it).
            with environment(BUILD_ENV, self.build_id):
                for process in self._processes:
                    process.start()
        except BaseException:
            self.kill()
            raise

    def run(self, specs: Sequence[JobSpec]) -> Iterator[JobOutcome]:
        """Yield the outcome of every spec as it completes. The workers stay up afterwards,
        warm, for the next `run` (a preview server's), until `close` or `kill`."""
        for spec in specs:
            self._tasks.put(spec)
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
        """Let the workers finish the jobs given, stop and shut their kernels down, then end
        whatever is left; return once every process is gone."""
        for _ in self._processes:
            self._tasks.put(None)  # each worker stops after the last job
        for process in self._processes:
            if process.pid is not None:
                process.join(CLOSE_TIMEOUT_S)
        self.kill()

    def kill(self) -> None:
        """Stop every worker and kernel of the pool now; return once all are gone."""
        # All at once, workers, kernels (which would die with their worker, but one still
        # booting only notices when it runs its first line) and whatever they started.
        kill_build(self.build_id)
        started = [process for process in self._processes if process.pid is not None]
        for process in started:
            if process.is_alive():
                process.kill()  # where kill_build cannot see it (no /proc)
        for process in started:
            process.join()
        kill_build(self.build_id)  # anything a worker started in the meantime
        for channel in (self._tasks, self._results):
            channel.close()
            channel.cancel_join_thread()
