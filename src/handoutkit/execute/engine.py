"""A papermill engine that keeps one Jupyter kernel warm per process.

papermill's default engine starts a new kernel for every notebook, so every
run pays for the kernel start and for importing the renderers again. The
``handoutkit`` engine (registered in papermill's engine registry and under
papermill's ``papermill.engine`` entry point) starts a kernel once per worker
process and reuses it. Before every notebook the kernel's user namespace,
history and execution counter are reset and its working directory is set, so
one notebook cannot see what the previous one defined; only imported modules
(and their caches) stay loaded, which is the point.

The kernel's first line asks Linux to kill it when the process that started it
dies (`lifecycle.die_with_parent`), even by SIGKILL; ipykernel's own check of
its parent (through ``JPY_PARENT_PID``) starts only after the preload lines.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

from ..model.contract import ENGINE_NAME
from ..timings import ENV as TIMINGS_ENV
from ..timings import mark

# Runs silently (no history, no execution count) before every notebook.
_RESET = """\
__import__("os").chdir({cwd!r})
get_ipython().reset(new_session=True, aggressive=False)
"""


class KernelResetError(RuntimeError):
    """The kernel did not reset cleanly; the engine discards it and starts another."""


# No history database and no output cache: nothing is written to ~/.ipython per cell, and a
# reset need not garbage-collect the output cache (30 ms per notebook).
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False", "--InteractiveShell.cache_size=0")
# The kernel's first line (before the preload): it dies with the process that started it.
# A line of its own, so a kernel without Handout Kit only logs the ImportError.
_DIE_WITH_PARENT = (
    "__import__('handoutkit.execute.lifecycle').execute.lifecycle.die_with_parent({pid})"
)
READY_TIMEOUT_S = 120
_KERNEL_MARK = "__import__('handoutkit.timings').timings.mark({what!r}, 'kernel')"


class WarmKernel:
    """One kernel, its manager and its client, reused for every notebook run in this process."""

    _kernels: ClassVar[dict[str, WarmKernel]] = {}
    socket_root: ClassVar[Path | None] = None  # where socket folders go (default: the temp dir)

    def __init__(self, kernel_name: str) -> None:
        self.kernel_name = kernel_name
        # IPC sockets in a private folder: no TCP ports, no transport warning.
        self._sockets = Path(tempfile.mkdtemp(prefix="kernel-", dir=self.socket_root))
        self.km = AsyncKernelManager(
            kernel_name=kernel_name, transport="ipc", ip=str(self._sockets / "kernel")
        )
        self.kc: Any = None

    @classmethod
    def get(cls, kernel_name: str) -> WarmKernel:
        """The warm kernel for ``kernel_name`` in this process (not started yet if new)."""
        kernel = cls._kernels.get(kernel_name)
        if kernel is None or not kernel.alive():
            if kernel is not None:
                kernel.shutdown()
            kernel = cls._kernels[kernel_name] = cls(kernel_name)
        return kernel

    @classmethod
    def shutdown_all(cls) -> None:
        for kernel in list(cls._kernels.values()):
            kernel.shutdown()
        cls._kernels.clear()

    @classmethod
    def discard(cls, kernel_name: str) -> None:
        kernel = cls._kernels.pop(kernel_name, None)
        if kernel is not None:
            kernel.shutdown()

    def start(self, *, preload: tuple[str, ...] = (), warm_up: str = "") -> None:
        """Launch the kernel process without waiting for it; it imports ``preload`` first,
        then runs the statement ``warm_up``.

        A worker calls this before its own imports, so both start up at the same time.
        The kernel is this process's child and dies with it (even if this process is killed
        before the kernel has booted); call this from a thread that lives as long as the
        kernel should (the main thread), as Linux's death signal follows the thread.
        """
        if self.km.has_kernel:
            return
        arguments = [*KERNEL_ARGUMENTS]
        arguments.append(f"--IPKernelApp.exec_lines={_DIE_WITH_PARENT.format(pid=os.getpid())}")
        if preload:
            lines = f"import {', '.join(preload)}" + (f"; {warm_up}" if warm_up else "")
            if os.environ.get(TIMINGS_ENV):  # benchmarks/startup.py: when the kernel is up
                lines += f"; {_KERNEL_MARK.format(what='preloaded')}"
            arguments.append(f"--IPKernelApp.exec_lines={lines}")
        mark("kernel launch")
        run_sync(self.km.start_kernel)(extra_arguments=arguments)

    def ready(self) -> None:
        """Start the kernel if needed and wait until it answers."""
        self.start()
        if self.kc is None:
            self.kc = self.km.client()
            self.kc.start_channels()
            run_sync(self.kc.wait_for_ready)(timeout=READY_TIMEOUT_S)
            mark("kernel ready")

    def alive(self) -> bool:
        if not self.km.has_kernel:
            return True  # not started yet
        return bool(run_sync(self.km.is_alive)())

    def reset(self, cwd: Path) -> None:
        """Forget everything defined before (by a notebook or a preload); work in ``cwd``."""
        reply = run_sync(self.kc.execute_interactive)(
            _RESET.format(cwd=str(cwd)), silent=True, store_history=False, timeout=60
        )
        if reply["content"]["status"] != "ok":
            raise KernelResetError(reply["content"].get("evalue", "reset failed"))

    def shutdown(self) -> None:
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            self.kc = None
            shutil.rmtree(self._sockets, ignore_errors=True)


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, executing in this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(  # type: ignore[override]
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            record_timing=False,
        )
        kernel = WarmKernel.get(kernel_name)
        # papermill has already changed into the notebook's cwd.
        cwd = Path.cwd()
        try:
            kernel.ready()
            kernel.reset(cwd)
            client = PapermillNotebookClient(nb_man, km=kernel.km, **final_kwargs)
            client.kc = kernel.kc
            result = client.execute()
        except BaseException:
            # Failing outside a cell (kernel died, timed out, interrupted): start afresh next time.
            WarmKernel.discard(kernel_name)
            raise
        return result


papermill_engines.register(ENGINE_NAME, WarmEngine)
