"""Dask executors: a build's jobs on a Dask cluster, each worker with a warm Jupyter kernel.

``dask`` sends the jobs to a running Dask scheduler (``--scheduler tcp://HOST:PORT``, or
Dask's own ``DASK_SCHEDULER_ADDRESS``); ``dask-local`` starts a `distributed.LocalCluster`
on this machine, a worker process per job at once, one thread each, and stops it with the
build. From Python, `DaskExecutor` takes a `distributed.Client` the caller made (and
closes): ``build(options, plan(options), executor=DaskExecutor(client=client))``.

Every worker keeps one kernel across jobs (`KernelPlugin`), as the pool's workers do. Jobs
go in batches, a task each (`batch_size`), and their outcomes stream back as the batches
complete; only the builder writes files. A worker lost mid-batch: the scheduler runs the
batch again on another worker (a job is pure; its outcome comes back as bytes), and each
job's outcome is yielded once. A Dask worker must see the content folder at the same path
as the builder: a `JobSpec` carries paths, not files.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dask.config
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from .. import timings
from ..errors import HandoutKitError, RenderError, SelectionError
from ..model import JobKey
from ..model.run import JobOutcome, JobSpec
from .lifecycle import (
    BUILD_ENV,
    kill_build,
    make_scratch,
    new_build_id,
    remove_scratch,
    sweep_stale_scratch,
)

if TYPE_CHECKING:
    from .executors import ExecutorOptions

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"  # Dask's own setting (``scheduler-address``)
CONNECT_TIMEOUT_S = 10.0
CLOSE_TIMEOUT_S = 10.0
MAX_BATCH = 8  # jobs per task, at most
BATCHES_PER_WORKER = 4  # at least this many tasks per worker thread, load allowing
PLUGIN = "handoutkit-kernel"
PACKAGE = "handoutkit"

# A worker with more than one thread runs one job at a time: its process has one kernel.
_ONE_JOB_AT_A_TIME = threading.Lock()


def batch_size(jobs: int, workers: int) -> int:
    """Jobs per task: few enough tasks that the scheduler's overhead is small, enough that
    every worker gets several (a slow job does not leave the others idle at the end)."""
    return max(1, min(MAX_BATCH, math.ceil(jobs / (BATCHES_PER_WORKER * max(1, workers)))))


def run_batch(specs: Sequence[JobSpec]) -> list[JobOutcome]:
    """A task: run ``specs`` one after another in this worker's warm kernel."""
    # start-up: papermill and the renderers only in a Dask worker, never in the builder.
    from .jobs import run_job

    with _ONE_JOB_AT_A_TIME:
        return [run_job(spec) for spec in specs]


class KernelPlugin(WorkerPlugin):
    """Gives each Dask worker a warm Jupyter kernel, started as the worker joins and shut
    down as it leaves; its sockets live in a scratch folder of the worker's own."""

    idempotent = True  # a second build on the same cluster keeps the kernels warm

    def __init__(self, kernel_name: str, *, ignore_interrupts: bool = False) -> None:
        self.kernel_name = kernel_name
        self.ignore_interrupts = ignore_interrupts
        self.scratch: Path | None = None

    def setup(self, worker: Any) -> None:
        timings.role = "worker"
        if self.ignore_interrupts:
            # A worker of this machine's cluster: the terminal's Ctrl-C is the builder's.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        # start-up: jupyter_client only in a Dask worker.
        from .kernel import KERNEL_PRELOAD, KERNEL_WARM_UP, WarmKernel

        sweep_stale_scratch()  # what workers killed before they could clean up left
        self.scratch = make_scratch()
        WarmKernel.socket_root = self.scratch
        WarmKernel.get(self.kernel_name).start(preload=KERNEL_PRELOAD, warm_up=KERNEL_WARM_UP)
        # The renderers load while the kernel boots, off the worker's event loop.
        threading.Thread(target=_warm_up, name="handoutkit-warm-up", daemon=True).start()

    def teardown(self, worker: Any) -> None:
        # start-up: as in setup.
        from .kernel import WarmKernel

        try:
            WarmKernel.discard(self.kernel_name)
        finally:
            if self.scratch is not None:
                if WarmKernel.socket_root == self.scratch:
                    WarmKernel.socket_root = None
                remove_scratch(self.scratch)
                self.scratch = None


def _warm_up() -> None:
    # start-up: papermill and the renderers, in a Dask worker only (see KernelPlugin.setup).
    from .jobs import warm_up

    with contextlib.suppress(Exception):  # a job that needs them reports the problem
        warm_up()


class DaskExecutor:
    """Runs a build's jobs on the Dask cluster of ``client``, or of the scheduler at
    ``scheduler``, or on a `LocalCluster` it starts (``local``), and yields their outcomes.

    ``options`` gives the kernel's name and, for ``local``, the number of workers and the
    scratch folder; without it, the kernel is ``python3``. A client given is the caller's:
    `close` and `kill` leave it open. After `close` or `kill` of a local cluster, none of
    its processes (workers, kernels) is left.
    """

    def __init__(
        self,
        options: ExecutorOptions | None = None,
        *,
        client: Client | None = None,
        scheduler: str = "",
        local: bool = False,
    ) -> None:
        self._workers = options.workers if options else 1
        self._scratch = options.scratch if options else Path(tempfile.gettempdir())
        self._kernel_name = options.kernel_name if options else "python3"
        self.build_id = new_build_id()  # in the environment of a local cluster's processes
        self._cluster: LocalCluster | None = None
        self._local = local and client is None
        self._own_client = client is None
        self._pending: dict[Future, tuple[JobSpec, ...]] = {}
        self._runs = 0
        self._stopping = False
        self.address = scheduler
        try:
            if self._local:
                self._cluster = self._start_cluster()
                self.address = str(self._cluster.scheduler_address)
                client = Client(self._cluster, set_as_default=False)
            elif client is None:
                client = _connect(scheduler)
            self.client: Client = client
            self.address = self.address or str(client.scheduler.address)
            _check_workers(client, self.address)
            self._register(ignore_interrupts=local)
        except HandoutKitError:
            self.kill()
            raise
        except Exception as error:
            self.kill()
            raise RenderError(
                f"the Dask cluster {f'at {self.address} ' if self.address else ''}could not be "
                f"made ready for the build ({type(error).__name__}: {error}).",
                fix="if your own Python script calls build(), put the call under 'if __name__ "
                '== "__main__":\' (each local worker imports the script); otherwise look at '
                "the scheduler's and the workers' logs, or build with --executor workers.",
            ) from None
        except BaseException:
            self.kill()
            raise

    def _start_cluster(self) -> LocalCluster:
        """A `LocalCluster` of worker processes, each (and its kernel) with the build id in
        its environment, as the pool's workers have."""
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
        before = os.environ.get(BUILD_ENV)
        try:
            # The nanny puts these in this process's environment before starting a worker.
            with dask.config.set(
                {"distributed.nanny.pre-spawn-environ": {**environ, BUILD_ENV: self.build_id}}
            ):
                return LocalCluster(
                    n_workers=max(1, self._workers),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    scheduler_port=0,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                    local_directory=str(self._scratch),
                )
        finally:
            _restore(BUILD_ENV, before)

    def _register(self, *, ignore_interrupts: bool) -> None:
        plugin = KernelPlugin(self._kernel_name, ignore_interrupts=ignore_interrupts)
        try:
            self.client.register_plugin(plugin, name=f"{PLUGIN}-{self._kernel_name}")
        except Exception as error:
            raise RenderError(
                f"the Dask workers of the scheduler at {self.address} could not start a "
                f"Jupyter kernel '{self._kernel_name}' ({type(error).__name__}: "
                f"{error}).",
                fix="install ipykernel and Handout Kit in the workers' Python environment "
                "(python -m ipykernel install --sys-prefix), then build again.",
            ) from None

    def run(self, specs: Sequence[JobSpec]) -> Iterator[JobOutcome]:
        """Yield the outcome of every spec, once each, as its batch completes. The cluster
        stays up, its kernels warm, for the next `run` until `close` or `kill`."""
        if not specs:
            return
        self._runs += 1
        size = batch_size(len(specs), self._threads())
        batches = [tuple(specs[at : at + size]) for at in range(0, len(specs), size)]
        futures: dict[Future, tuple[JobSpec, ...]] = {}
        for number, batch in enumerate(batches):
            key = f"handoutkit-{self.build_id}-{self._runs}-{number}"
            futures[self.client.submit(run_batch, batch, key=key, pure=False)] = batch
        self._pending.update(futures)
        waiting: set[JobKey] = {spec.key for spec in specs}
        try:
            for future in as_completed(list(futures), loop=self.client.loop):
                if self._stopping:
                    return  # killed: nothing more
                batch = futures[future]
                for outcome in self._outcomes(future, batch):
                    if outcome.key in waiting:  # each job's outcome once
                        waiting.discard(outcome.key)
                        yield outcome
                self._pending.pop(future, None)
                future.release()
            if self._stopping:
                return
            for spec in specs:
                if spec.key in waiting:
                    yield JobOutcome(
                        spec.key,
                        error="the Dask cluster returned no outcome for it. Fix: build again; "
                        "report it as a Handout Kit bug if it happens again.",
                    )
        finally:
            for future in futures:
                self._pending.pop(future, None)

    def _outcomes(self, future: Future, batch: tuple[JobSpec, ...]) -> list[JobOutcome]:
        """The outcomes of a completed batch, or its error on each of its jobs."""
        if future.status == "finished":
            try:
                return list(future.result())
            except Exception as error:  # its result could not be fetched
                problem = _problem(error, self.address)
        elif future.status == "cancelled":
            if self._stopping:
                return []
            problem = (
                f"the Dask scheduler at {self.address} dropped it (the connection to it was "
                "lost, or another client cancelled it). Fix: check that the scheduler runs, "
                "and build again."
            )
        else:
            problem = _problem(future.exception(), self.address)
        return [JobOutcome(spec.key, error=problem) for spec in batch]

    def _threads(self) -> int:
        """The worker threads of the cluster now (the options' workers if none yet)."""
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:
            threads = 0
        return threads or max(1, self._workers)

    def close(self) -> None:
        """Release what is left and close the client (if made here) and the local cluster;
        return once every process of a local cluster is gone."""
        self._stopping = True
        client = getattr(self, "client", None)
        try:
            if client is not None and self._pending:
                with contextlib.suppress(Exception):
                    client.cancel(list(self._pending), force=True)
            self._pending.clear()
            if client is not None and self._own_client:
                with contextlib.suppress(Exception):
                    client.close(timeout=CLOSE_TIMEOUT_S)
            if self._cluster is not None:
                with contextlib.suppress(Exception):
                    self._cluster.close(timeout=CLOSE_TIMEOUT_S)
        finally:
            if self._local:
                kill_build(self.build_id)  # a worker or kernel the cluster did not stop
                if os.environ.get(BUILD_ENV) == self.build_id:
                    del os.environ[BUILD_ENV]  # put there by a nanny that restarted a worker
                self._cluster = None

    def kill(self) -> None:
        """Cancel every task not done yet and close; a task already running on a cluster
        that is not this machine's finishes there, its outcome dropped."""
        self.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(address: str) -> Client:
    """A client of the scheduler at ``address``, or one paragraph saying why not."""
    address = address or os.environ.get(SCHEDULER_ENV, "")
    address = address or str(dask.config.get("scheduler-address", None) or "")
    if not address:
        raise SelectionError(
            "the 'dask' executor needs the address of a Dask scheduler.",
            fix="give it with --scheduler tcp://HOST:PORT (dask scheduler prints it), or "
            "build on this machine alone with --executor dask-local.",
        )
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (ValueError, TypeError) as error:
        raise SelectionError(
            f"'{address}' is not the address of a Dask scheduler ({error}).",
            fix="give it as 'dask scheduler' prints it, tcp://HOST:PORT (the port is 8786 "
            "unless the scheduler was started with another), or build on this machine alone "
            "with --executor dask-local.",
        ) from None
    except OSError as error:
        raise RenderError(
            f"Handout Kit could not connect to the Dask scheduler at {address} within "
            f"{CONNECT_TIMEOUT_S:.0f} s ({type(error).__name__}: {error}).",
            fix=f"start one there ('dask scheduler', then 'dask worker {address}' on each "
            "machine that builds), check the address and port given with --scheduler, or "
            "build on this machine alone with --executor dask-local.",
        ) from None


def _check_workers(client: Client, address: str) -> None:
    """The workers there now must have this version of Handout Kit."""
    ours = _version()
    found = client.run(version, PACKAGE, on_error="return")
    lacking = sorted(w for w, v in found.items() if isinstance(v, PackageNotFoundError))
    if lacking:
        raise RenderError(
            f"the Dask workers {', '.join(lacking)} of the scheduler at {address} do not "
            "have Handout Kit installed.",
            fix=f"install it in their Python environment (pip install handoutkit=={ours}, "
            "the builder's version), restart them and build again.",
        )
    other = {w: v for w, v in found.items() if isinstance(v, str) and v != ours}
    if other:
        listed = ", ".join(f"{w} ({v})" for w, v in sorted(other.items()))
        raise RenderError(
            f"the Dask workers {listed} of the scheduler at {address} have another version "
            f"of Handout Kit than this builder ({ours}).",
            fix=f"install the same version on them (pip install handoutkit=={ours}), restart "
            "them and build again.",
        )


def _version() -> str:
    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        return "0+unknown"


def _problem(error: BaseException | None, address: str) -> str:
    """One paragraph for a batch that failed on the cluster (not in a job)."""
    if isinstance(error, KilledWorker):
        return (
            f"the Dask workers building it stopped each time it was tried ({error}). Fix: "
            "look at the workers' logs (out of memory?), then build again."
        )
    if isinstance(error, ModuleNotFoundError) and (error.name or "").startswith(PACKAGE):
        return (
            f"a Dask worker of the scheduler at {address} does not have Handout Kit "
            f"installed ({error}). Fix: install the builder's version there ({_version()}), "
            "restart the worker and build again."
        )
    return (
        f"the Dask cluster at {address} could not run it ({type(error).__name__}: {error}). "
        "Fix: look at the workers' logs, then build again."
    )


def _restore(name: str, value: str | None) -> None:
    """``os.environ[name]`` as it was (``value``; None: unset)."""
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def connect(options: ExecutorOptions) -> DaskExecutor:
    """The ``dask`` executor: the scheduler at the options' ``scheduler`` address, if they
    have one, else at ``DASK_SCHEDULER_ADDRESS`` (which ``--scheduler`` sets)."""
    return DaskExecutor(options, scheduler=options.scheduler)


def start_local(options: ExecutorOptions) -> DaskExecutor:
    """The ``dask-local`` executor: a `LocalCluster` of ``options.workers`` processes."""
    return DaskExecutor(options, local=True)


__all__ = ["DaskExecutor", "KernelPlugin", "batch_size", "connect", "run_batch", "start_local"]
