"""Previews an output kind draws in one batch after the jobs (the deck's, by LibreOffice)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Entry, JobKey, Manifest
from ..outputs.kinds import OutputKind, Previews, kinds
from .folder import BuildFolder
from .manifest import (
    manifest_bytes,
    merge,
    with_warnings,
)
from .record import entry_of

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class Drawn:
    """One kind's previews of a batch of jobs, and the digest of each job's source file they
    were drawn from (to commit them only if it is still that file)."""

    previews: Previews
    sources: Mapping[JobKey, str]  # job: sha256 of the source file drawn


def sources_of(manifest: Manifest, keys: Sequence[JobKey], kind: OutputKind) -> dict[JobKey, Entry]:
    """The source file (a deck) of every job of ``keys`` that has no previews yet."""
    return {
        key: entry
        for key in keys
        for entry in manifest.outputs_of(key)
        if entry.kind == kind.preview_source
        and not any(e.kind == kind.preview_kind for e in manifest.outputs_of(key))
    }


def draw(root: Path, kind: OutputKind, sources: Mapping[JobKey, Entry], content_dir: Path) -> Drawn:
    """Draw the previews of ``sources`` (files of the build folder ``root``); writes nothing.
    An unreadable source is a note, not an error."""
    try:
        data = {key: (e.path, (root / e.path).read_bytes()) for key, e in sources.items()}
    except OSError as error:
        return Drawn(Previews(notes=(f"previews were not drawn: {error}",)), {})
    return Drawn(kind.previews(data, content_dir), {k: e.sha256 for k, e in sources.items()})


def commit_drawn(folder: BuildFolder, manifest: Manifest, drawn: Drawn) -> Manifest:
    """Write ``drawn``'s pictures with the manifest, for the jobs whose source file is still
    the one drawn (a job built again meanwhile gets new previews later)."""
    current = {
        key: entry.sha256
        for key in drawn.sources
        for entry in manifest.outputs_of(key)
        if entry.sha256 == drawn.sources[key]
    }
    for key, found in (drawn.previews.warnings or {}).items():
        if key in current:
            manifest = with_warnings(manifest, key, found)
    outputs = [output for output in drawn.previews.outputs if output.key in current]
    if outputs:
        entries = [entry_of(output) for output in outputs]
        manifest = merge(manifest, jobs=[], outputs=entries, out_dir=folder.root)
        files = [(output.path, output.data) for output in outputs]
        folder.commit(files, manifest=manifest_bytes(manifest))
    return manifest


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
        sources = sources_of(manifest, keys, kind)
        if not sources:
            continue
        if on_phase:
            on_phase(f"Drawing previews of {len(sources)} {kind.name} file(s)")
        drawn = draw(folder.root, kind, sources, content_dir)
        notes.extend(drawn.previews.notes)
        manifest = commit_drawn(folder, manifest, drawn)
    return manifest
