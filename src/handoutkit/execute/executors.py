"""Executors: how a build's jobs are run, a seam like papermill's engines.

An executor takes picklable `JobSpec` values and yields their `JobOutcome` values as they
complete; the builder writes what they made. `workers` runs them in worker processes with
a warm Jupyter kernel each (`pool.WorkerPool`); `in-process` runs them one after another in
the builder's own process and kernel (for debugging, and for tests); `auto`, the default, is
`workers`, but a build of a single job runs it `in-process` (no worker to start, one kernel).
`dask` runs them on a Dask cluster, `dask-local` on a Dask cluster of this machine
(`dask.DaskExecutor`).
Others register here or through the ``handoutkit.executors`` entry-point group (a
cluster's, say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from ..errors import SelectionError
from ..model import JobOutcome, JobSpec
from .lifecycle import BUILD_ENV, environment, kill_build, new_build_id

ENTRY_POINTS = "handoutkit.executors"
DEFAULT = "workers"
IN_PROCESS = "in-process"
# The builder's default: `workers`, except that a build of a single job runs it in-process.
AUTO = "auto"


@dataclass(frozen=True, slots=True)
class ExecutorOptions:
    """What every executor is given: how many jobs at once, a private scratch folder (for
    sockets and temporary files; the builder removes it) and the kernel to run notebooks in."""

    workers: int
    scratch: Path
    kernel_name: str = "python3"
    scheduler: str = ""  # a cluster's address, for the executors that send jobs to one


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


def _dask(options: ExecutorOptions) -> Executor:
    from .dask import connect  # start-up: Dask only for a build that asks for it

    return connect(options)


def _dask_local(options: ExecutorOptions) -> Executor:
    from .dask import start_local  # start-up: Dask only for a build that asks for it

    return start_local(options)


class InProcess:
    """The jobs one after another in this process and its own warm kernel: no worker process
    to start, only the kernel. A build of a single job runs it so; it also helps debugging.

    The kernel is launched first and boots (importing what the notebooks' cells import)
    while this process goes on: the builder checks review dates, `run` imports papermill
    and starts the first notebook while the renderers load in the background.
    """

    def __init__(self, options: ExecutorOptions) -> None:
        from .kernel import KERNEL_PRELOAD, WarmKernel  # start-up: jupyter_client, when jobs run

        self._kernels = WarmKernel
        WarmKernel.socket_root = options.scratch
        self._kernel_name = options.kernel_name
        self._warm = False
        # The kernel has the id in its environment, as a pool's workers do, so that it is
        # found and ended even if a Ctrl-C lands while it is being launched.
        self.build_id = new_build_id()
        try:
            with environment(BUILD_ENV, self.build_id):
                # No warm-up: the pronouncing dictionary loads when a check needs it
                # (English), not for a job in another language. The job waits for the kernel
                # either way.
                WarmKernel.get(options.kernel_name).start(preload=KERNEL_PRELOAD)
        except BaseException:
            self.kill()
            raise

    def run(self, specs: Sequence[JobSpec]) -> Iterator[JobOutcome]:
        from .jobs import run_job, warm_up  # start-up: the renderers only when jobs run

        if not self._warm:
            warm_up(wait=False)  # the renderers load while the first notebook runs
            self._warm = True
        for spec in specs:
            yield run_job(spec)

    def close(self) -> None:
        try:
            self._kernels.shutdown_all()
        finally:
            kill_build(self.build_id)  # a kernel whose launch was cut short
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
    register_executor(AUTO, _workers)  # an executor kept for many builds (the preview's)
    register_executor(IN_PROCESS, InProcess)
    register_executor("dask", _dask)
    register_executor("dask-local", _dask_local)
    for entry in entry_points(group=ENTRY_POINTS):
        register_executor(entry.name, entry.load())
