"""A build folder that is a URL (``--out s3://bucket/handouts``): files written through fsspec.

With such an ``--out`` the workers write a job's files themselves, where they run (a Dask
worker of a cluster), and hand back only each file's sha256 and size; the builder records
them, and writes the gallery, the quality report and the manifest there too.

- **Atomic per file.** On an object store (S3, Google Cloud Storage, Azure) a file is one
  upload: readers see the old object or the new one, never half. Anywhere else (a shared
  folder as ``file://``, SFTP, SMB) it is written beside its target under a temporary name
  and then moved over it. A job is recorded only once all its files are written; a job
  stopped halfway is not recorded, so the next build builds it again.
- **Only inside.** Every path is relative, without ``..``, below the URL.
- **Errors.** A missing driver (``s3fs``), missing credentials or a refused write is one
  paragraph naming the URL and the fix, never a traceback.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import BuildFolderError
from ..model.records import safe_relative
from ..model.run import JobOutcome, Output

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

# Stores where one upload is atomic (the object appears whole when the upload completes).
OBJECT_STORES = frozenset({"s3", "s3a", "gcs", "gs", "az", "abfs", "abfss", "adl", "memory"})
_DRIVERS = {"s3": "s3fs", "s3a": "s3fs", "gcs": "gcsfs", "gs": "gcsfs", "az": "adlfs",
            "abfs": "adlfs", "abfss": "adlfs", "adl": "adlfs", "sftp": "paramiko",
            "smb": "smbprotocol"}  # fmt: skip
_TMP = ".hk-tmp"


def is_url(text: str) -> bool:
    """True if ``text`` names a folder by URL (``s3://…``, ``file://…``), not a local path."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.replace("+", "").isalnum() and len(scheme) > 1


def protocol_of(url: str) -> str:
    return url.partition("://")[0].lower()


def is_local_url(url: str) -> bool:
    return protocol_of(url) in ("file", "local")


def local_path(url: str) -> str:
    """The path of a ``file://`` URL."""
    return url.partition("://")[2] or "/"


@dataclass(frozen=True)
class RemoteFolder:
    """The build folder at ``url``; picklable (a worker opens its own connection)."""

    url: str

    @cached_property
    def _opened(self) -> tuple[AbstractFileSystem, str]:
        return open_url(self.url)

    @property
    def fs(self) -> AbstractFileSystem:
        return self._opened[0]

    @property
    def root(self) -> str:
        return self._opened[1]

    def path(self, relative: str) -> str:
        problem = safe_relative(relative)
        if problem is not None:
            raise BuildFolderError(
                f"refusing to write or delete '{relative}' below {self.url}: not a path inside "
                f"it ({problem}).",
                fix="this is a Handout Kit bug; please report it.",
            )
        path = "/".join([self.root.rstrip("/"), *relative.split("/")])
        if is_local_url(self.url) and not Path(path).parent.resolve().is_relative_to(
            Path(self.root).resolve()
        ):  # a symbolic link out of the folder, as `BuildFolder.target` refuses
            raise BuildFolderError(
                f"refusing to write or delete '{relative}' below {self.url}: a symbolic link "
                "leads out of it.",
                fix="remove the link from the build folder, or build into another one.",
            )
        return path

    def put(self, relative: str, data: bytes) -> None:
        """Write ``data`` to ``relative`` so readers see the old file or the new one."""
        self._replace(relative, lambda path: self.fs.pipe_file(path, data))

    def put_file(self, relative: str, local: Path) -> None:
        """Copy the file ``local`` to ``relative`` as `put` does, without reading it whole
        (``manifest.json`` of a large catalog is hundreds of megabytes)."""
        self._replace(relative, lambda path: self.fs.put_file(str(local), path))

    def _replace(self, relative: str, write: Callable[[str], object]) -> None:
        target = self.path(relative)
        try:
            if protocol_of(self.url) in OBJECT_STORES:
                write(target)  # one upload: the object appears whole when it completes
                return
            parent = target.rsplit("/", 1)[0]
            self.fs.makedirs(parent, exist_ok=True)
            temporary = f"{parent}/.{target.rsplit('/', 1)[1]}.{secrets.token_hex(4)}{_TMP}"
            try:
                write(temporary)
                self.fs.mv(temporary, target)
            except BaseException:
                _quietly_rm(self.fs, temporary)
                raise
        except BuildFolderError:
            raise  # already one paragraph (a missing driver)
        except Exception as exc:  # drivers raise their own (botocore's, paramiko's, ...)
            raise self.failed(exc, f"writing {relative}") from None

    def read(self, relative: str) -> bytes:
        try:
            return self.fs.cat_file(self.path(relative))
        except BuildFolderError:
            raise  # already one paragraph (a missing driver)
        except Exception as exc:  # as in `put`
            raise self.failed(exc, f"reading {relative}") from None

    def exists(self, relative: str) -> bool:
        try:
            return bool(self.fs.isfile(self.path(relative)))
        except Exception:  # as in `put`: not there, as far as we can tell
            return False

    def names(self) -> list[str]:
        """The names at the top of the folder (none if it does not exist yet)."""
        try:
            if not self.fs.exists(self.root):
                return []
            return sorted(
                PurePosixPath(str(entry)).name for entry in self.fs.ls(self.root, detail=False)
            )
        except BuildFolderError:
            raise  # already one paragraph (a missing driver)
        except Exception as exc:  # as in `put`
            raise self.failed(exc, "listing it") from None

    def delete(self, relatives: Iterable[str]) -> None:
        """Delete ``relatives`` (files only; one already gone is no error)."""
        for relative in relatives:
            _quietly_rm(self.fs, self.path(relative))

    def failed(self, error: BaseException, doing: str) -> BuildFolderError:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return BuildFolderError(
            f"Handout Kit could not write to the build folder {self.url} ({reason}, while "
            f"{doing}). Nothing of this job was recorded.",
            fix="check the address, your access to it (credentials, permissions) and the "
            "connection, then build again.",
        )


def open_url(url: str) -> tuple[AbstractFileSystem, str]:
    """fsspec's file system for ``url`` and the path in it; one paragraph if it cannot be."""
    from fsspec.core import url_to_fs  # start-up: fsspec only for a build into a URL

    protocol = protocol_of(url)
    try:
        return url_to_fs(url)
    except ImportError:
        driver = _DRIVERS.get(protocol, f"the fsspec driver for {protocol}://")
        raise BuildFolderError(
            f"--out {url}: Python cannot write to {protocol}:// addresses without {driver}.",
            fix=f"install it where Handout Kit runs (and on every worker): pip install {driver}; "
            "then build again.",
        ) from None
    except (ValueError, OSError, TypeError) as exc:
        raise BuildFolderError(
            f"--out {url} is not an address Handout Kit can write to ({exc}).",
            fix="give a folder (--out build) or a URL such as s3://bucket/handouts or "
            "file:///shared/handouts.",
        ) from None


def write_outputs(outcome: JobOutcome, url: str) -> JobOutcome:
    """Write a finished job's files below ``url``; the outcome keeps only their digests."""
    folder = RemoteFolder(url)
    written = []
    for output in outcome.outputs:
        folder.put(output.path, output.data)
        written.append(stored(output))
    return dataclasses.replace(outcome, outputs=tuple(written))


def stored(output: Output) -> Output:
    """``output`` as written elsewhere: its sha256 and size instead of its bytes."""
    return dataclasses.replace(
        output, data=b"", sha256=hashlib.sha256(output.data).hexdigest(), size=len(output.data)
    )


def _quietly_rm(fs: AbstractFileSystem, path: str) -> None:
    with suppress(Exception):  # as in `put`; a file not deleted is left, not an error
        fs.rm_file(path)


__all__ = ["RemoteFolder", "is_url", "open_url", "write_outputs"]
