"""Recording what a job made: its files and its manifest entry together, all or none."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Entry, JobKey, JobRecord, Manifest
from ..model.run import JobOutcome, Output
from .folder import BuildFolder
from .manifest import (
    manifest_bytes,
    merge,
)
from .plan import STALE

if TYPE_CHECKING:
    pass


def record_of(outcome: JobOutcome, inputs: str) -> JobRecord:
    key = outcome.key
    return JobRecord(
        clinic=key.clinic,
        procedure=key.procedure,
        language=key.language,
        inputs=inputs,
        title=outcome.title,
        clinic_name=outcome.clinic_name,
        reviewed=outcome.reviewed,
        approval=outcome.approval,
        approvals=outcome.approvals,
        warnings=outcome.warnings,
        checks=outcome.checks,
        scores=outcome.scores,
        outside_inputs=outcome.outside_inputs,
    )


def entry_of(output: Output) -> Entry:
    return Entry(
        clinic=output.key.clinic,
        procedure=output.key.procedure,
        language=output.key.language,
        kind=output.kind,
        paper=output.paper.value if output.paper else None,
        path=output.path,
        sha256=hashlib.sha256(output.data).hexdigest(),
        size=len(output.data),
    )


def commit_job(
    folder: BuildFolder,
    manifest: Manifest,
    outcome: JobOutcome,
    record: JobRecord,
    before: Manifest,
) -> Manifest:
    """Put a job's files and its manifest entry in place, all or none; then delete the files
    of its previous build that it no longer makes. Returns the manifest now on disk."""
    updated = merge(
        manifest,
        jobs=[record],
        outputs=[entry_of(output) for output in outcome.outputs],
        out_dir=folder.root,
    )
    made = {output.path for output in outcome.outputs}
    folder.commit(
        [(output.path, output.data) for output in outcome.outputs],
        manifest=manifest_bytes(updated),
        remove=[e.path for e in before.outputs_of(outcome.key) if e.path not in made],
    )
    return updated


def mark_stale(manifest: Manifest, keys: Sequence[JobKey]) -> Manifest:
    jobs = tuple(
        dataclasses.replace(job, inputs=STALE) if job.key in keys else job for job in manifest.jobs
    )
    return dataclasses.replace(manifest, jobs=jobs)


def differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True
