"""Previews an output kind draws in one batch after the jobs (the deck's, by LibreOffice)."""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HandoutKitError
from ..model import Entry, JobKey, Manifest
from ..outputs.kinds import OutputKind, Previews, kinds
from .folder import BuildFolder
from .record import entry_of
from .store import Store

if TYPE_CHECKING:
    pass


BATCH = 64  # jobs whose previews one LibreOffice run draws


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


def draw(
    read: Callable[[str], bytes],
    kind: OutputKind,
    sources: Mapping[JobKey, Entry],
    content_dir: Path,
) -> Drawn:
    """Draw the previews of ``sources`` (files of the build, ``read`` by their path in it);
    writes nothing. An unreadable source is a note, not an error."""
    try:
        data = {key: (e.path, read(e.path)) for key, e in sources.items()}
    except OSError as error:
        return Drawn(Previews(notes=(f"previews were not drawn: {error}",)), {})
    except HandoutKitError as error:
        return Drawn(Previews(notes=(f"previews were not drawn: {error.message}",)), {})
    return Drawn(kind.previews(data, content_dir), {k: e.sha256 for k, e in sources.items()})


def commit_drawn(folder: BuildFolder, store: Store, drawn: Drawn) -> bool:
    """Write ``drawn``'s pictures and record them, for the jobs whose source file is still
    the one drawn (a job built again meanwhile gets new previews later). Returns whether
    anything was written."""
    manifest = store.manifest(list(drawn.sources))
    current = {
        key: entry.sha256
        for key in drawn.sources
        for entry in manifest.outputs_of(key)
        if entry.sha256 == drawn.sources[key]
    }
    changed = False
    for key, found in (drawn.previews.warnings or {}).items():
        record = manifest.job(key)
        if key in current and record is not None and found:
            store.put_record(dataclasses.replace(record, warnings=record.warnings + tuple(found)))
            changed = True
    outputs = [output for output in drawn.previews.outputs if output.key in current]
    if outputs:
        store.begin()
        folder.commit([(output.path, output.data) for output in outputs])
        store.put_outputs(entry_of(output) for output in outputs)
        changed = True
    return changed


def draw_previews(
    folder: BuildFolder,
    store: Store,
    content_dir: Path,
    keys: Sequence[JobKey],
    notes: list[str],
    on_phase: Callable[[str], None] | None,
) -> None:
    """For each output kind that draws its previews in a batch (the deck: LibreOffice), the
    previews of every job whose source file has none yet; written and recorded.

    `BATCH` jobs at a time (a catalog's first build has tens of thousands of decks, each a few
    megabytes); a batch that draws nothing is split in halves, down to the deck that cannot
    be drawn (retried by the next build); nothing is read when the kind cannot draw at all
    here (LibreOffice missing)."""
    for kind in kinds():
        if kind.preview_source is None or kind.preview_kind is None:
            continue
        lacking = store.without(kind.preview_kind, keys)
        if not lacking:
            continue
        why = kind.previews_unavailable()
        if why is not None:
            notes.append(why)
            continue
        if on_phase:
            on_phase(f"Drawing previews of {len(lacking)} {kind.name} file(s)")
        batches = deque(lacking[start : start + BATCH] for start in range(0, len(lacking), BATCH))
        drew, failed = False, 0
        while batches:
            batch = batches.popleft()
            sources = sources_of(store.manifest(batch), batch, kind)
            if not sources:
                continue
            drawn = draw(folder.read, kind, sources, content_dir)
            if commit_drawn(folder, store, drawn) or not drawn.previews.notes:
                drew = True
                continue
            if len(batch) > 1:  # one deck LibreOffice cannot open fails its whole batch
                middle = len(batch) // 2
                batches.extendleft([batch[middle:], batch[:middle]])
                continue
            notes.extend(note for note in drawn.previews.notes if note not in notes)
            failed += 1
            if failed >= 2 and not drew:
                break  # not one deck drawn: LibreOffice itself fails; the next build retries
