"""A build into a URL (``--out s3://bucket/handouts``): records here, files there.

The workers write each job's files to the URL themselves (`execute.remote`). The builder
keeps what only it writes in a local folder, the *records folder* (the SQLite store, the
lock, and a copy of the gallery, the quality report, the slide pictures and manifest.json),
and publishes what a build changed there to the URL at its end, manifest.json last. A build
killed before publishing leaves its store marked unfinished; the next build then publishes
every file of the records folder again.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..errors import BuildFolderError
from ..execute.remote import RemoteFolder, is_local_url, local_path
from ..quality.names import CHECKS_HTML, CHECKS_JSON
from ..report.paths import GALLERY
from .folder import BuildFolder, check_out_dir
from .manifest import FAILURES
from .outdir import MANIFEST, MARKER
from .store import open_store

URL_META = "url"  # the store's meta: the URL its records describe

RECORDS = Path("build-records")  # the records folders of builds into URLs, by default
# Published last, in this order: the pages that link to everything else, manifest.json last.
_LAST = (CHECKS_JSON, CHECKS_HTML, GALLERY, FAILURES, MANIFEST)
_OWN = {".lock", MARKER}  # the records folder's own files, never published


def records_folder(url: str) -> Path:
    """The default records folder of a build into ``url``: one folder per URL."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", url.partition("://")[2]).strip("-.")[:60]
    tag = hashlib.sha256(url.encode()).hexdigest()[:8]
    return RECORDS / f"{url.partition('://')[0]}-{readable}-{tag}"


def check_out_url(url: str, records: Path, *, content: Path) -> None:
    """Refuse a URL a build may not write to: as `check_out_dir` for a ``file://`` URL;
    elsewhere a folder that holds files and is not a Handout Kit build."""
    remote = RemoteFolder(url)
    store = open_store(records, read_only=True)
    if store is not None:
        with store:
            before = store.meta(URL_META)
        if before is not None and before != url:
            raise BuildFolderError(
                f"the records folder {records} holds the records of the build into {before}, "
                f"not {url}: building with them would skip jobs never built there.",
                fix=f"leave --records out (each URL gets its own), or pass a new folder "
                f"with --records for {url}.",
            )
    if is_local_url(url):
        where = check_out_dir(Path(local_path(url)), content=content)
        if where == records.resolve():
            raise BuildFolderError(
                f"the records folder {records} is the build folder {url} itself.",
                fix="pass --records with another folder, or build into the folder with "
                f"--out {where}.",
            )
        return
    names = remote.names()
    if names and MARKER not in names:
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise BuildFolderError(
            f"--out {url} already holds files Handout Kit did not make ({shown}); a build "
            "replaces and deletes files in its folder, so it never uses a folder of yours.",
            fix=f"pass --out with a new or empty location, for example {url.rstrip('/')}/handouts.",
        )


class MirroredFolder(BuildFolder):
    """The records folder of a build into ``remote``; what it commits is published there."""

    def __init__(self, root: Path, remote: RemoteFolder) -> None:
        super().__init__(root)
        self.remote = remote
        self._changed: dict[str, None] = {}  # in commit order
        self._removed: dict[str, None] = {}

    def committed(self, relatives: Sequence[str], *, removed: bool = False) -> None:
        for relative in relatives:
            (self._removed if removed else self._changed)[relative] = None
            (self._changed if removed else self._removed).pop(relative, None)

    def prepare(
        self, listed: Callable[[], Mapping[str, str]] | None = None, *, sweep: bool = True
    ) -> None:
        super().prepare(listed, sweep=sweep)
        if not self.remote.exists(MARKER):
            self.remote.put(MARKER, (self.root / MARKER).read_bytes())
        if sweep:  # a killed build: its pages may not have reached the URL
            self.everything()

    def read(self, relative: str) -> bytes:
        """A file of the build: here if the builder wrote it, else from the URL (a deck)."""
        try:
            return super().read(relative)
        except FileNotFoundError:
            return self.remote.read(relative)

    def everything(self) -> None:
        """Publish every file of the records folder at the end of this build."""
        for dirpath, _, names in os.walk(self.root):
            for name in names:
                relative = (Path(dirpath) / name).relative_to(self.root).as_posix()
                if not name.startswith(".") and relative not in _OWN:
                    self._changed.setdefault(relative, None)

    def publish(self) -> None:
        """Put what this build changed at the URL (the pages linking to the rest last), then
        delete what it removed."""
        last = [relative for relative in _LAST if relative in self._changed]
        for relative in [*(r for r in self._changed if r not in _LAST), *last]:
            local = self.target(relative)
            if local.is_file():  # else removed by a later commit
                self.remote.put_file(relative, local)
            del self._changed[relative]
        self.remote.delete(self._removed)
        self._removed.clear()


__all__ = ["RECORDS", "MirroredFolder", "check_out_url", "records_folder"]
