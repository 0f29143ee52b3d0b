"""A papermill engine that keeps one Jupyter kernel warm per process.

papermill's default engine starts a new kernel for every notebook, so every
run pays for the kernel start and for importing the renderers again. The
``handoutkit`` engine (registered in papermill's engine registry and under
papermill's ``papermill.engine`` entry point) runs every notebook of a process
in its `kernel.WarmKernel`. Before every notebook the kernel's user namespace,
history and execution counter are reset and its working directory is set, so
one notebook cannot see what the previous one defined; only imported modules
(and their caches) stay loaded, which is the point.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

from jupyter_core.utils import ensure_event_loop
from nbclient.exceptions import DeadKernelError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

from ..model.contract import ENGINE_NAME
from .kernel import KernelResetError as KernelResetError
from .kernel import WarmKernel


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
        except BaseException as error:
            # Failing outside a cell (kernel died, timed out, interrupted): start afresh next
            # time. The kernel is killed first thing; what goes wrong after must not hide why.
            if not isinstance(error, Exception):
                _abandon_tasks()  # a Ctrl-C landed in nbclient's event loop (in-process)
            with contextlib.suppress(Exception):
                WarmKernel.discard(kernel_name)
            raise
        return result


def _abandon_tasks() -> None:
    """Cancel the tasks an interrupted notebook run left in this thread's event loop, before
    the loop runs again to stop the kernel, and keep asyncio from printing the errors of
    tasks nobody waits for any more (a cell's, finding the kernel killed)."""
    loop = ensure_event_loop()
    if loop.is_running():
        return
    loop.set_exception_handler(_abandoned)
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        with contextlib.suppress(BaseException):
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _abandoned(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The loop's handler of errors nobody retrieved: silent about an interrupted run's."""
    if not isinstance(context.get("exception"), _ABANDONED):
        loop.default_exception_handler(context)


_ABANDONED = (KeyboardInterrupt, asyncio.CancelledError, DeadKernelError)


papermill_engines.register(ENGINE_NAME, WarmEngine)
