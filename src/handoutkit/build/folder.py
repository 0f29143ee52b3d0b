"""The build folder: Handout Kit's alone, written atomically, a job's files all together.

- **Whose folder.** Which folders ``--out`` may name is `outdir`'s (`check_out_dir`,
  `is_build_folder`, `safe_relative`, `MARKER`, importable from here too).
- **Only inside.** Every path written or deleted is relative, has no ``..`` and
  resolves inside the build folder (no symbolic link out); deleting is only ever of
  files a manifest lists, checked the same way.
- **All together or not at all.** `BuildFolder.commit` writes a job's files to
  temporary files beside their targets, flushes them to disk, keeps a hard link to
  each file it replaces, renames the new files into place and writes the manifest
  last. A failure at any point (no space, read-only, permission) puts every replaced
  file back, removes the new ones and leaves the manifest as it was; the error is one
  paragraph saying what happened, where, and what to do. A build killed halfway leaves
  temporary files and backups that the next build removes (restoring a backup when the
  manifest still describes it).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import BuildFolderError, BuildLockedError
from ..model.records import safe_relative
from .outdir import MANIFEST, MARKER, check_out_dir, is_build_folder

__all__ = [
    "MARKER",
    "BuildFolder",
    "build_lock",
    "check_out_dir",
    "interrupts_deferred",
    "is_build_folder",
    "safe_relative",
    "write_atomic",
    "write_failed",
]

_MARKER_TEXT = (
    "This folder is a Handout Kit build folder. Handout Kit writes here only the files it "
    "makes and deletes only files its manifest.json lists.\n"
)
_TMP, _OLD = ".hk-tmp", ".hk-old"


def _fix_for(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space on that disk (or build into another folder with --out), then "
    if error.errno == errno.EROFS:
        return "the disk is read-only: build into another folder with --out, or "
    if error.errno in (errno.EACCES, errno.EPERM):
        return "check that you may write to that folder (or build elsewhere with --out), then "
    if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
        return (
            "the folder is on a disk that cannot lock files (a network drive?): build into "
            "a folder on a local disk with --out, then "
        )
    return "check the folder and the disk (or build into another folder with --out), then "


def write_failed(error: OSError, folder: Path, doing: str, *, kept: str) -> BuildFolderError:
    """The one paragraph for a write that failed: what happened, where, what to do."""
    reason = error.strerror or str(error)
    return BuildFolderError(
        f"Handout Kit could not write to the build folder ({reason}, while {doing}). {kept}",
        fix=_fix_for(error) + "build again.",
        path=folder,
    )


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class BuildFolder:
    """The files of one build folder: every path checked, every change atomic."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._token = f"{os.getpid()}-{secrets.token_hex(4)}"

    def target(self, relative: str) -> Path:
        """The absolute path of ``relative``, checked to stay inside the build folder."""
        problem = safe_relative(relative)
        path = self.root / relative
        if problem is None and not path.parent.resolve().is_relative_to(self.root):
            problem = f"{path.parent} is a symbolic link out of the build folder"
        if problem is None and path.is_symlink():
            problem = "it is a symbolic link"
        if problem is not None:
            raise BuildFolderError(
                f"refusing to write or delete '{relative}': {problem}.",
                fix="remove what was placed in the build folder by hand (or use a new folder "
                "with --out) and build again.",
                path=self.root,
            )
        return path

    def create(self) -> None:
        """Make the folder (and its parents) if it is new."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_failed(exc, self.root, "creating it", kept="Nothing was written.") from None

    def prepare(
        self, listed: Callable[[], Mapping[str, str]] | None = None, *, sweep: bool = True
    ) -> None:
        """Mark the folder as a build folder; remove what a killed build left behind.

        ``sweep=False``: the caller knows no build was killed here (a build of a large catalog
        need not walk every file). ``listed``: the recorded sha256 of every file (by default,
        manifest.json's). Call it holding the `build_lock`: no other build may be writing.
        """
        marker = self.root / MARKER
        if not marker.is_file():
            try:
                write_atomic(marker, _MARKER_TEXT.encode())
            except OSError as exc:
                raise write_failed(
                    exc, self.root, "marking it as a build folder", kept="Nothing was written."
                ) from None
        if sweep:
            self.sweep(listed)

    def sweep(self, listed: Callable[[], Mapping[str, str]] | None = None) -> None:
        """Remove temporary files of killed builds; put back a backup the records describe."""
        digests: Mapping[str, str] | None = None
        for dirpath, _, filenames in os.walk(self.root):
            for name in filenames:
                if not name.startswith(".") or not name.endswith((_TMP, _OLD)):
                    continue
                leftover = Path(dirpath) / name
                try:
                    if name.endswith(_OLD):
                        if digests is None:
                            digests = listed() if listed else _listed_digests(self.root / MANIFEST)
                        _restore_if_listed(leftover, digests, self.root)
                    leftover.unlink(missing_ok=True)
                except OSError:
                    pass

    def write(self, relative: str, data: bytes) -> None:
        """One file, atomically (the gallery, the quality report)."""
        self.commit([(relative, data)])

    def stream(self, relative: str, chunks: Iterable[bytes]) -> None:
        """One file made of ``chunks``, atomically, never all in memory (an export)."""
        target = self.target(relative)
        temporary = self._aside(target, _TMP)
        try:
            with open(temporary, "xb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            _quietly(temporary.unlink, missing_ok=True)
            raise write_failed(
                exc, self.root, f"writing {relative}", kept=f"The previous {relative} is unchanged."
            ) from None
        except BaseException:
            _quietly(temporary.unlink, missing_ok=True)
            raise
        self.committed([relative])

    def read(self, relative: str) -> bytes:
        """The bytes of a file of the build (raises OSError if it cannot be read)."""
        return self.target(relative).read_bytes()

    def committed(self, relatives: Sequence[str], *, removed: bool = False) -> None:
        """Called with the files a commit put in place (or, ``removed``, deleted)."""

    def publish(self) -> None:
        """Nothing: the files are where they were committed (a build into a URL publishes
        its records folder's files there: `mirror.MirroredFolder`)."""

    def commit(
        self,
        files: Sequence[tuple[str, bytes]],
        *,
        manifest: bytes | None = None,
        remove: Sequence[str] = (),
    ) -> None:
        """Replace ``files`` and then the manifest, all or none; then delete ``remove``.

        Raises `BuildFolderError` (one paragraph, no traceback) with everything as it was.
        """
        changes = [(self.target(relative), data) for relative, data in files]
        if manifest is not None:
            changes.append((self.root / MANIFEST, manifest))
        staged: list[tuple[Path, Path]] = []
        created: list[Path] = []  # folders this commit made, removed again if it fails
        doing = "writing the new files"
        try:
            for target, data in changes:
                created.extend(_missing_folders(target.parent, self.root))
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = self._aside(target, _TMP)
                staged.append((temporary, target))
                _write_synced(temporary, data)
            doing = "putting the new files in place"
            with interrupts_deferred():
                self._swap(staged)
        except OSError as exc:
            for temporary, _ in staged:
                _quietly(temporary.unlink, missing_ok=True)
            for folder in reversed(created):
                _quietly(folder.rmdir)  # only if empty: another job's files may be there
            raise write_failed(
                exc,
                self.root,
                doing,
                kept="The files of the last successful build and its manifest are unchanged.",
            ) from None
        self.committed(
            [relative for relative, _ in files] + ([MANIFEST] if manifest is not None else [])
        )
        for relative in remove:
            _quietly(self.target(relative).unlink, missing_ok=True)
        if remove:
            self.committed(remove, removed=True)

    def _aside(self, target: Path, suffix: str) -> Path:
        return target.with_name(f".{target.name}.{self._token}{suffix}")

    def _swap(self, staged: Sequence[tuple[Path, Path]]) -> None:
        """Rename every staged file over its target; on failure put every target back."""
        done: list[tuple[Path, Path | None]] = []  # (target, backup of the file it replaced)
        try:
            for temporary, target in staged:
                backup = None
                if target.exists():
                    backup = self._aside(target, _OLD)
                    _backup(target, backup)
                done.append((target, backup))
                os.replace(temporary, target)
        except OSError:
            for target, backup in reversed(done):
                if backup is None:
                    _quietly(target.unlink, missing_ok=True)
                elif _same_file(backup, target):  # not replaced yet: the link is all there is
                    _quietly(backup.unlink, missing_ok=True)
                else:
                    _quietly(os.replace, backup, target)
            raise
        for _, backup in done:
            if backup is not None:
                _quietly(backup.unlink, missing_ok=True)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block is done, then raise it: a job's files go into
    place all together, and its manifest entry with them, never half.

    Nested, the inner block hands a Ctrl-C to the outer one, which raises it at its end.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        if callable(previous) and previous is not signal.default_int_handler:
            previous(signal.SIGINT, None)  # an outer block's: it raises at its own end
        else:
            raise KeyboardInterrupt


def _backup(target: Path, backup: Path) -> None:
    """Keep the file ``target`` names under ``backup`` (a hard link: readers see no gap)."""
    try:
        os.link(target, backup)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
            raise
        os.replace(target, backup)  # a file system without hard links


def _missing_folders(folder: Path, root: Path) -> list[Path]:
    """The folders from ``root`` down to ``folder`` that do not exist yet, outermost first."""
    missing = []
    while folder != root and folder.is_relative_to(root) and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _quietly(action: Callable[..., object], *args: object, **kwargs: object) -> None:
    with suppress(OSError):
        action(*args, **kwargs)


def _listed_digests(manifest: Path) -> dict[str, str]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {
            entry["path"]: entry["sha256"]
            for entry in data.get("outputs", ())
            if isinstance(entry, dict) and safe_relative(entry.get("path")) is None
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _restore_if_listed(backup: Path, listed: Mapping[str, str], root: Path) -> None:
    """A build killed while replacing a job's files: the manifest still describes the old
    file, which the backup holds, so put it back."""
    name = backup.name[1:].rsplit(".", 2)[0]  # ".x.pdf.<token>.hk-old" -> "x.pdf"
    target = backup.with_name(name)
    relative = target.relative_to(root).as_posix()
    wanted = listed.get(relative)
    if wanted is None or _sha256(backup) != wanted or _sha256(target) == wanted:
        return
    os.replace(backup, target)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``<out_dir>/.lock`` so two builds never write the same folder at once."""
    lock_path = out_dir / ".lock"
    try:
        handle = open(lock_path, "a+")  # noqa: SIM115 (held for the whole build)
    except OSError as exc:
        raise write_failed(
            exc, out_dir, "creating its lock file", kept="Nothing was written."
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                "another Handout Kit build is writing to this folder.",
                fix="wait for it to finish, or build into another folder with --out.",
                path=out_dir,
            ) from None
        except OSError as exc:  # a file system without locks (NFS without a lock service)
            raise write_failed(
                exc, out_dir, "locking it against a second build", kept="Nothing was written."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
