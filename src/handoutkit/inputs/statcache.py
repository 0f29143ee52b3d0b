"""A stat cache of file digests, as git's index keeps one: unchanged files are not read again.

A file's digest is reused while its size, modification and change times, inode and device
are those it had when it was hashed. A file changed within `RACY_S` of being hashed could
change again within the file system's time resolution without its times moving, so its
digest is used for this build only and not kept (git calls such entries "racily clean").
The cache is the build folder's (`build.store` keeps it); a plan reads it and the build
saves what the plan hashed anew.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .files import Located

RACY_S = 3.0  # FAT's two seconds, with a margin

# size, mtime_ns, ctime_ns, inode, device, sha256
Stat = tuple[int, int, int, int, int, bytes]


@dataclass(slots=True)
class StatCache:
    """Digests of files by resolved path; `hashed` holds the ones worth keeping."""

    known: Mapping[str, Stat] = field(default_factory=dict)
    hashed: dict[str, Stat] = field(default_factory=dict)
    hits: int = 0

    def get(self, located: Located) -> bytes | None:
        """The digest of ``located`` if it is unchanged since it was hashed."""
        path = str(located.real)
        entry = self.hashed.get(path) or self.known.get(path)
        if entry is None or entry[0] != located.size or entry[1:5] != located.identity:
            return None
        self.hits += 1
        return entry[5]

    def put(self, located: Located, digest: bytes) -> None:
        mtime_ns, ctime_ns = located.identity[:2]
        if time.time_ns() - max(mtime_ns, ctime_ns) < RACY_S * 1e9:
            return  # racily clean: hashed again next time
        self.hashed[str(located.real)] = (located.size, *located.identity, digest)
