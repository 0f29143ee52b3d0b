"""A file's bytes, read and checked once, so renderers never touch the filesystem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Asset:
    """A file's bytes, read and checked once (a logo, a figure, a font)."""

    name: str
    media_type: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()
