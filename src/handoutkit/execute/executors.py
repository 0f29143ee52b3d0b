"""Executors: how a build's jobs are run, a seam like papermill's engines.

An executor takes picklable `JobSpec` values and yields their `JobOutcome` values as they
complete; the builder writes what they made. `workers` (the default) runs them in worker
processes with a warm Jupyter kernel each (`pool.WorkerPool`); `in-process` runs them one
after another in the builder's own process and kernel (for debugging, and for tests). Others
register here or through the ``handoutkit.executors`` entry-point group (a cluster's, say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from ..errors import SelectionError
from ..model import JobOutcome, JobSpec

ENTRY_POINTS = "handoutkit.executors"
DEFAULT = "workers"


@dataclass(frozen=True, slots=True)
class ExecutorOptions:
    """What every executor is given: how many jobs at once, a private scratch folder (for
    sockets and temporary files; the builder removes it) and the kernel to run notebooks in."""

    workers: int
    scratch: Path
    kernel_name: str = "python3"


class Executor(Protocol):
    """Runs job specs and yields each job's outcome as it completes."""

    def run(self, specs: Sequence[JobSpec]) -> Iterator[JobOutcome]: ...

    def close(self) -> None:
        """Let running work finish, then release everything (processes, kernels)."""

    def kill(self) -> None:
        """Stop now; return once nothing of the executor is left."""


Factory = Callable[[ExecutorOptions], Executor]
_FACTORIES: dict[str, Factory] = {}


def register_executor(name: str, factory: Factory) -> None:
    """Make ``factory`` the executor called ``name``."""
    _FACTORIES[name] = factory


def executor_names() -> tuple[str, ...]:
    _load()
    return tuple(_FACTORIES)


def make_executor(name: str, options: ExecutorOptions) -> Executor:
    """The executor ``name``, started with ``options``."""
    _load()
    factory = _FACTORIES.get(name)
    if factory is None:
        raise SelectionError(
            f"there is no executor '{name}'.",
            fix=f"use one of: {', '.join(_FACTORIES)}.",
        )
    return factory(options)


def _workers(options: ExecutorOptions) -> Executor:
    from .pool import WorkerPool  # start-up: multiprocessing only for a build that runs jobs

    return WorkerPool(options.workers, scratch=options.scratch, kernel_name=options.kernel_name)


class InProcess:
    """The jobs one after another in this process, in its own warm kernel."""

    def __init__(self, options: ExecutorOptions) -> None:
        from .engine import WarmKernel  # start-up: Jupyter only when jobs run

        self._kernels = WarmKernel
        WarmKernel.socket_root = options.scratch
        self._kernel_name = options.kernel_name

    def run(self, specs: Sequence[JobSpec]) -> Iterator[JobOutcome]:
        from .jobs import run_job  # start-up: the renderers only when jobs run

        for spec in specs:
            yield run_job(spec)

    def close(self) -> None:
        self._kernels.shutdown_all()
        self._kernels.socket_root = None  # the scratch folder goes with the build

    def kill(self) -> None:
        self.close()


_LOADED = False


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    register_executor(DEFAULT, _workers)
    register_executor("in-process", InProcess)
    for entry in entry_points(group=ENTRY_POINTS):
        register_executor(entry.name, entry.load())
