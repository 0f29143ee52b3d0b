"""``build/manifest.json``: every output of every build, with its checksum.

Each build replaces the entries of the jobs it ran and keeps the others, so
building one clinic never forgets the rest. No timestamps: the same outputs
give the same manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog import JobKey
from .files import write_atomic

if TYPE_CHECKING:
    from .builder import Output

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Entry:
    clinic: str
    procedure: str
    language: str
    kind: str
    paper: str | None
    path: str  # relative to the build folder, with forward slashes
    sha256: str
    size: int

    @property
    def key(self) -> JobKey:
        return JobKey(self.clinic, self.procedure, self.language)

    @classmethod
    def of(cls, output: Output) -> Entry:
        return cls(
            clinic=output.key.clinic,
            procedure=output.key.procedure,
            language=output.key.language,
            kind=output.kind,
            paper=output.paper.value if output.paper else None,
            path=output.path,
            sha256=hashlib.sha256(output.data).hexdigest(),
            size=len(output.data),
        )


def read_manifest(out_dir: Path) -> tuple[Entry, ...]:
    """The entries of an existing manifest; none if it is missing or unreadable."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return tuple(Entry(**entry) for entry in data["outputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()


def write_manifest(out_dir: Path, entries: Iterable[Entry], *, replace: set[JobKey]) -> Path:
    """Merge ``entries`` into the manifest, replacing those of the jobs in ``replace``."""
    kept = [
        entry
        for entry in read_manifest(out_dir)
        if entry.key not in replace and (out_dir / entry.path).is_file()
    ]
    merged = sorted([*kept, *entries], key=lambda entry: (entry.path, entry.kind))
    document = {"format": FORMAT, "outputs": [asdict(entry) for entry in merged]}
    path = out_dir / MANIFEST
    write_atomic(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    return path
