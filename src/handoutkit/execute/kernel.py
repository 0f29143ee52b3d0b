"""One Jupyter kernel per process, started once and reused for every notebook run there.

`WarmKernel` launches the kernel, waits until it answers, resets it between notebooks and
shuts it down; the papermill engine (`engine`) executes notebooks in it. Only jupyter_client
is imported here, so a process can launch its kernel first and import papermill and the
renderers while the kernel boots.

The kernel's first line asks Linux to kill it when the process that started it dies
(`lifecycle.die_with_parent`), even by SIGKILL; ipykernel's own check of its parent (through
``JPY_PARENT_PID``) starts only after the preload lines.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from ..timings import ENV as TIMINGS_ENV
from ..timings import mark

# What the notebooks' cells import, loaded while the kernel boots.
KERNEL_PRELOAD = (
    "handoutkit.notebook",
    "handoutkit.read.brand",
    "handoutkit.read.content",
    "handoutkit.outputs.deck.layouts",
    "handoutkit.outputs.deck.pptx",
    "handoutkit.language.readability",
)
# Loads the pronouncing dictionary the handout notebook's quality checks need (0.7 s).
KERNEL_WARM_UP = "handoutkit.language.readability.warm_up()"

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
KILL_WAIT_S = 10.0
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
            run_sync(_until_ready)(self.kc, READY_TIMEOUT_S)
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
        """Stop the kernel now (and whatever it started); return once it is gone."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km.has_kernel:
                _kill(self.km)
                run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            self.kc = None
            shutil.rmtree(self._sockets, ignore_errors=True)


def _kill(km: AsyncKernelManager) -> None:
    """SIGKILL the kernel's process group and reap the kernel: jupyter_client's own shutdown
    then finds it gone at once, instead of polling every 0.1 s until it is."""
    process = getattr(km.provisioner, "process", None)
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)  # a kernel leads its own session and group
    except OSError:
        process.kill()
    process.wait(KILL_WAIT_S)


async def _until_ready(client: Any, timeout: float) -> None:
    """What jupyter_client's ``wait_for_ready`` does, without its last 0.2 s of silence: wait
    until the kernel answers a kernel_info request on the shell channel and its idle status
    for that request arrives on IOPub (IOPub is connected; what the kernel said before is
    read), asking again while either does not come."""
    deadline = time.monotonic() + timeout
    asked: set[str] = set()
    while True:
        asked.add(client.kernel_info())
        try:
            reply = await client.shell_channel.get_msg(timeout=1)
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            while True:
                try:
                    message = await client.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    break  # IOPub not connected yet: ask again
                parent = message.get("parent_header", {}).get("msg_id")
                state = message.get("content", {}).get("execution_state")
                if message["msg_type"] == "status" and state == "idle" and parent in asked:
                    client._handle_kernel_info_reply(reply)
                    return
        if not await client._async_is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
