"""Previews an output kind draws in one batch after the jobs (the deck's, by LibreOffice)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import JobKey, Manifest
from ..outputs.kinds import kinds
from .folder import BuildFolder
from .manifest import (
    manifest_bytes,
    merge,
    with_warnings,
)
from .record import entry_of

if TYPE_CHECKING:
    pass


def draw_previews(
    folder: BuildFolder,
    manifest: Manifest,
    content_dir: Path,
    keys: Sequence[JobKey],
    notes: list[str],
    on_phase: Callable[[str], None] | None,
) -> Manifest:
    """For each output kind that draws its previews in a batch (the deck: LibreOffice), the
    previews of every job whose source file has none yet; written with the manifest."""
    for kind in kinds():
        if kind.preview_source is None:
            continue
        sources = {
            key: entry
            for key in keys
            for entry in manifest.outputs_of(key)
            if entry.kind == kind.preview_source
            and not any(e.kind == kind.preview_kind for e in manifest.outputs_of(key))
        }
        if not sources:
            continue
        if on_phase:
            on_phase(f"Drawing previews of {len(sources)} {kind.name} file(s)")
        try:
            data = {
                key: (e.path, (folder.root / e.path).read_bytes()) for key, e in sources.items()
            }
        except OSError as error:
            notes.append(f"previews were not drawn: {error}")
            continue
        drawn = kind.previews(data, content_dir)
        notes.extend(drawn.notes)
        for key, found in (drawn.warnings or {}).items():
            manifest = with_warnings(manifest, key, found)
        if drawn.outputs:
            entries = [entry_of(output) for output in drawn.outputs]
            manifest = merge(manifest, jobs=[], outputs=entries, out_dir=folder.root)
            files = [(output.path, output.data) for output in drawn.outputs]
            folder.commit(files, manifest=manifest_bytes(manifest))
    return manifest
