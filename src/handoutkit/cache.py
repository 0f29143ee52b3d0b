"""A small on-disk cache for slow, deterministic derivations (font subsets).

Entries are named by a digest of everything they are made from, so a stale
entry is never used: a changed input has another name. Reading or writing
the cache may fail (read-only home, full disk); then the value is computed
as if there were no cache. Set ``HANDOUTKIT_CACHE_DIR`` to move it, or to an
empty string to turn it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path | None:
    """``$HANDOUTKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/handoutkit`` or ``~/.cache/handoutkit``."""
    configured = os.environ.get("HANDOUTKIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "handoutkit"


def cached(kind: str, parts: tuple[bytes | str, ...], compute: Callable[[], bytes]) -> bytes:
    """``compute()``, or the bytes it returned before for the same ``parts``."""
    folder = cache_dir()
    if folder is None:
        return compute()
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(hashlib.sha256(data).digest())
    path = folder / kind / digest.hexdigest()
    try:
        return path.read_bytes()
    except OSError:
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(value)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
