"""What keeps a build from outliving itself: death signals, scratch folders, build ids.

A build is a builder process, its worker processes and each worker's Jupyter
kernel. However the builder ends, even by ``kill -9``, none of the others may
live on, and nothing it made in the temp folder may stay there for good:

- `die_with_parent`: a worker (and a kernel) asks Linux to SIGKILL it as soon
  as its parent dies (``prctl(PR_SET_PDEATHSIG)``), so no orphan keeps running
  (or blocks forever writing a result nobody reads).
- `make_scratch` / `remove_scratch` / `sweep_stale_scratch`: a build's scratch
  folder holds a lock file its builder keeps locked while the folder is in use;
  the next build removes every scratch folder whose lock it can take, as its
  owner is dead (Linux releases a process's locks when it dies).
- `BUILD_ENV`, `processes_of_build`, `kill_build`: every worker of a pool gets
  ``HANDOUTKIT_BUILD=<the pool's id>`` in its environment (its kernels inherit
  it), so every process of a build can be found in ``/proc``, even one whose
  parent is gone.

The death signal and ``/proc`` are Linux's: elsewhere `die_with_parent` does nothing
and no process of a build is found. The scratch folders work on any POSIX system.
Nothing here raises but `make_scratch`. Imports are light: every worker and kernel
runs `die_with_parent` first.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import select
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILD_ENV = "HANDOUTKIT_BUILD"
SCRATCH_PREFIX = "handoutkit-run-"
LOCK_NAME = "owner.lock"
# A scratch folder without a lock file is either being made (the lock file appears, already
# locked, a moment after the folder) or was made without one (by an older Handout Kit): it
# is removed only once it is this old.
UNLOCKED_GRACE_S = 3600.0
KILL_TIMEOUT_S = 10.0
_POLL_S = 0.05
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_PROC = Path("/proc")
_NO_PIDFD = -1

# The lock file of every scratch folder this process made, open (and locked) until removed.
_held: dict[Path, int] = {}

# Set by the builder's Ctrl-C handler, which also raises KeyboardInterrupt where the main
# thread is. That exception may be swallowed (raised in a finalizer the garbage collector
# runs): a wait for another thread of this process checks this too, so it never waits on.
INTERRUPTED = threading.Event()


def _on_linux() -> bool:
    return sys.platform.startswith("linux")


def die_with_parent(parent_pid: int | None = None) -> None:
    """Have Linux SIGKILL this process the moment its parent dies.

    Call it first thing in a child process. ``parent_pid`` is the pid the parent had
    (the child's ``os.getppid()`` when it was started): if this process's parent is no
    longer that process, the parent died before the death signal was set, and this
    process kills itself at once. Without ``parent_pid`` there is no such check.

    The signal comes when the *thread* that started this process ends, so the parent
    must start it from a thread that lives as long as the child should (the main
    thread). It is not inherited by this process's own children, but survives exec.
    Off Linux, or if the call fails, this does nothing.
    """
    if not _on_linux():
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(
            ctypes.c_int(_PR_SET_PDEATHSIG),
            ctypes.c_ulong(signal.SIGKILL),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        )
    except (OSError, AttributeError):
        return
    # Checked after the signal is set: a parent dying in between is caught one way or the other.
    if parent_pid is not None and os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGKILL)


# -- scratch folders ------------------------------------------------------------------------


# A Unix socket's path has at most 103 bytes on macOS (107 on Linux); a kernel's sockets are
# <scratch>/kernel-XXXXXXXX/kernel-NNNNN (`kernel.WarmKernel`).
SOCKET_PATH_MAX = 107 if sys.platform.startswith("linux") else 103
KERNEL_SOCKET_TAIL = len("/kernel-xxxxxxxx/kernel-65535")


def sockets_fit(folder: Path) -> bool:
    """True if a kernel's sockets in ``folder`` have paths short enough to be made (a longer
    one fails the kernel's start, which the builder would notice only after its timeout)."""
    return len(os.fsencode(folder)) + KERNEL_SOCKET_TAIL <= SOCKET_PATH_MAX


def make_scratch(prefix: str = SCRATCH_PREFIX) -> Path:
    """A new private folder (mode 0700) in the temp dir, locked by this process until
    `remove_scratch` (or until this process dies, when `sweep_stale_scratch` may remove it).

    The lock is an ``flock`` on ``owner.lock`` inside; its file descriptor is not inherited
    by child processes. Raises OSError if the folder cannot be made.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=tempfile.gettempdir()))
    try:
        # Locked before it gets its name, so a sweep never sees it unlocked.
        unnamed = f".{LOCK_NAME}.{os.getpid()}"
        fd = os.open(
            path / unnamed,
            os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            0o600,
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, f"{os.getpid()}\n".encode())
            os.rename(path / unnamed, path / LOCK_NAME)
        except BaseException:
            os.close(fd)
            raise
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _held[path] = fd
    return path


def remove_scratch(path: Path) -> None:
    """Delete a scratch folder and everything in it, then release its lock; never raises.

    The lock is held until the folder is gone, so no sweep can race with the removal.
    A symbolic link is not followed (nor removed).
    """
    path = Path(path)
    fd = _held.pop(path, None)
    try:
        shutil.rmtree(path, ignore_errors=True)
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


def sweep_stale_scratch(prefix: str = SCRATCH_PREFIX) -> int:
    """Remove the scratch folders (``<temp dir>/<prefix>*``) that builds which died left
    behind; return how many were removed. Never raises.

    A folder is removed if its lock can be taken (its owner is dead; a live owner's lock,
    this process's own included, cannot be taken), or if it has no lock file and is older
    than `UNLOCKED_GRACE_S`. Only real folders owned by the current user are considered:
    symbolic links are neither followed nor removed.
    """
    if not prefix:
        return 0  # never every folder of the temp dir
    try:
        root = tempfile.gettempdir()
        with os.scandir(root) as entries:
            names = [entry.name for entry in entries if entry.name.startswith(prefix)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        try:
            if _remove_if_stale(root, name):
                removed += 1
        except Exception:  # one odd folder must not stop the sweep, nor the build
            continue
    return removed


def _remove_if_stale(root: str, name: str) -> bool:
    path = os.path.join(root, name)
    try:
        folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False  # gone, a symbolic link, not a folder, or not ours to open
    try:
        info = os.fstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        try:
            lock = os.open(
                LOCK_NAME,
                os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                dir_fd=folder,
            )
        except FileNotFoundError:
            if time.time() - info.st_mtime < UNLOCKED_GRACE_S:
                return False
            return _remove(path, info)
        except OSError:
            return False
        try:
            if not stat.S_ISREG(os.fstat(lock).st_mode):
                return False
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    return False  # its build is running
                raise
            return _remove(path, info)  # still holding the lock
        finally:
            os.close(lock)
    finally:
        os.close(folder)


def _remove(path: str, info: os.stat_result) -> bool:
    """Remove the folder at ``path`` if it is still the one checked (``info``)."""
    try:
        now = os.lstat(path)
    except OSError:
        return False
    if not os.path.samestat(now, info):
        return False
    shutil.rmtree(path, ignore_errors=True)  # does not follow symbolic links inside
    return not os.path.lexists(path)


# -- the processes of a build ---------------------------------------------------------------


def processes_of_build(build_id: str) -> list[int]:
    """The pids of the live processes (not zombies) started with ``HANDOUTKIT_BUILD`` set
    to ``build_id``: a pool's workers, their kernels and whatever those started.

    Reads ``/proc/<pid>/environ``, the environment each process started with (changes a
    process makes to its own environment later do not show). Only processes this user may
    inspect are seen; off Linux the list is empty. Never raises.
    """
    if not build_id:
        return []
    wanted = f"{BUILD_ENV}={build_id}".encode()
    try:
        pids = [int(name) for name in os.listdir(_PROC) if name.isdigit()]
    except OSError:
        return []
    return sorted(pid for pid in pids if _started_with(pid, wanted) and _alive(pid))


def _started_with(pid: int, variable: bytes) -> bool:
    try:
        environ = (_PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return False
    return variable in environ.split(b"\0")


def _alive(pid: int) -> bool:
    """Whether ``pid`` exists and is neither a zombie nor dead."""
    try:
        line = (_PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return False
    # "pid (comm) state ...": comm may hold spaces and parentheses.
    fields = line[line.rfind(b")") + 1 :].split()
    return bool(fields) and fields[0] not in (b"Z", b"X", b"x")


_environ_lock = threading.Lock()


@contextmanager
def environment(name: str, value: str) -> Iterator[None]:
    """``os.environ[name]`` is ``value`` inside (for the processes started there)."""
    with _environ_lock:
        before = os.environ.get(name)
        os.environ[name] = value
        try:
            yield
        finally:
            if before is None:
                del os.environ[name]
            else:
                os.environ[name] = before


def new_build_id() -> str:
    """An id for `BUILD_ENV`, unique to the executor that makes it."""
    return f"{os.getpid()}-{uuid.uuid4().hex}"


def kill_build(build_id: str, timeout_s: float = KILL_TIMEOUT_S) -> list[int]:
    """SIGKILL every process of the build and wait up to ``timeout_s`` until all have
    exited; return the pids still alive then (normally none). Never raises.

    Each process is held by a pidfd, opened before its environment is checked again, so a
    pid reused by an unrelated process is never signalled, and a process counts as gone only
    once it has exited, not merely started to (a dying process drops out of
    `processes_of_build` a moment before it is done).
    """
    deadline = time.monotonic() + timeout_s
    wanted = f"{BUILD_ENV}={build_id}".encode()
    held: dict[int, int] = {}  # pid: its pidfd, or _NO_PIDFD
    try:
        while True:
            for pid in processes_of_build(build_id):
                if pid not in held and (handle := _kill(pid, wanted)) is not None:
                    held[pid] = handle
            for pid, handle in list(held.items()):
                if _exited(pid, handle, wanted):
                    del held[pid]
                    if handle != _NO_PIDFD:
                        os.close(handle)
            if not held or time.monotonic() >= deadline:
                return sorted(held)
            time.sleep(_POLL_S)
    finally:
        for handle in held.values():
            if handle != _NO_PIDFD:
                with contextlib.suppress(OSError):
                    os.close(handle)


def _kill(pid: int, wanted: bytes) -> int | None:
    """SIGKILL ``pid`` if it is still of the build; return its pidfd (`_NO_PIDFD` if there
    are none, before Linux 5.3), or None if it was not signalled."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return None  # gone already
    except (OSError, AttributeError):
        if not _started_with(pid, wanted):
            return None
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            return None
        return _NO_PIDFD
    try:
        if _started_with(pid, wanted):
            signal.pidfd_send_signal(handle, signal.SIGKILL)
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def _exited(pid: int, handle: int, wanted: bytes) -> bool:
    if handle == _NO_PIDFD:
        return not (_alive(pid) and _started_with(pid, wanted))
    try:
        return bool(select.select([handle], [], [], 0)[0])  # readable once it has exited
    except (OSError, ValueError):
        return True
