"""Opening a clinic's files: inside their folder, regular files only, never more than a limit.

Content folders come from many clinics and may hold anything: a symbolic link
to a file elsewhere on the machine, a named pipe that blocks whoever opens
it, a device, a folder named like a document, a file of gigabytes. Every file
Handout Kit reads from a content folder is opened here, and only after the
path has been resolved (symbolic links followed) and checked to stay inside
the allowed folder, and ``lstat`` has said it is a regular file of a bounded
size: nothing else is ever opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutKitError, UnsafePathError
from ..limits import Limit

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1024 * 1024


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


@dataclass(frozen=True, slots=True)
class Located:
    """A path checked to be a regular file inside its root (symbolic links resolved)."""

    path: Path  # as named (relative to nothing: what the user wrote, joined to its folder)
    real: Path  # resolved
    size: int
    # What a stat cache compares (`inputs.statcache`): the file's times and identity.
    identity: tuple[int, int, int, int] = (0, 0, 0, 0)  # mtime_ns, ctime_ns, inode, device


class FileProblem(Exception):
    """Why a path cannot be read, phrased to follow the file's name in a sentence."""

    def __init__(self, problem: str, fix: str, *, unsafe: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
        self.unsafe = unsafe


def locate(path: Path, *, root: Path, limit: Limit | None = None) -> Located:
    """Check ``path`` without opening it; raises `FileProblem` saying what is wrong."""
    real_root = root.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        raise FileProblem(
            f"cannot be followed ({exc.__class__.__name__}: a loop of symbolic links?).",
            "replace the link by the file itself.",
        ) from None
    if not real.is_relative_to(real_root):
        raise FileProblem(
            f"is a symbolic link to {real}, outside {real_root}; Handout Kit reads nothing "
            "from outside the content folder.",
            f"copy the file into {real_root} instead of linking to it.",
            unsafe=True,
        )
    try:
        info = os.lstat(real)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileProblem(
                f"is a broken symbolic link (it points to {os.readlink(path)}, which does "
                "not exist).",
                "replace the link by the file it should point to, or remove it.",
            ) from None
        raise FileProblem(
            "does not exist.",
            "check the spelling of the name, or add the file.",
        ) from None
    except OSError as exc:
        raise FileProblem(
            f"cannot be read ({exc.strerror}).", "check the file's permissions."
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(
            f"is {kind_of(info.st_mode)}, not a regular file.",
            "replace it by a regular file (or remove it).",
        )
    if limit is not None and info.st_size > limit.value:
        raise FileProblem(
            f"is too large: {limit.exceeded(info.st_size)}.",
            f"{limit.fix or 'use a smaller file'}.",
        )
    identity = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    return Located(path=path, real=real, size=info.st_size, identity=identity)


def read_located(located: Located, *, limit: Limit | None = None) -> bytes:
    """The bytes of a file `locate` accepted, reading at most the limit (the file may grow)."""
    cap = limit.value if limit is not None else None
    fd = _open(located)
    try:
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if cap is not None and total > cap:
                raise FileProblem(
                    f"is too large: {limit.exceeded(total)}.",  # type: ignore[union-attr]
                    f"{limit.fix or 'use a smaller file'}.",  # type: ignore[union-attr]
                )
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def digest_located(located: Located) -> bytes:
    """sha256 of a file `locate` accepted."""
    fd = _open(located)
    try:
        digest = hashlib.sha256()
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
        return digest.digest()
    finally:
        os.close(fd)


def _open(located: Located) -> int:
    try:
        fd = os.open(located.real, _FLAGS)
    except OSError as exc:
        raise FileProblem(
            f"cannot be read ({exc.strerror}).", "check the file and its permissions."
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # replaced between the check and the open
        os.close(fd)
        raise FileProblem(
            f"is {kind_of(info.st_mode)}, not a file.", "replace it by a regular file."
        )
    return fd


def read_file(
    path: Path,
    *,
    root: Path,
    limit: Limit,
    error: type[HandoutKitError],
    name: str | None = None,
    source: Path | None = None,
    where: str | None = None,
) -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``limit``.

    Errors are ``error`` (`UnsafePathError` for a link out of ``root``) naming ``name``
    (default: the path) in ``source`` at ``where`` (default: the file itself).
    """
    try:
        located = locate(path, root=root, limit=limit)
        return read_located(located, limit=limit)
    except FileProblem as problem:
        label = f"the file '{name}'" if name else "the file"
        cls = UnsafePathError if problem.unsafe else error
        raise cls(
            f"{label} {problem.problem}",
            fix=problem.fix,
            path=source or path,
            where=where,
        ) from None
