"""Recording what a job made: its files and its manifest entry together, all or none."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Entry, JobRecord
from ..model.run import JobOutcome, Output
from .folder import BuildFolder
from .store import Store

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
        sha256=output.sha256 or hashlib.sha256(output.data).hexdigest(),
        size=output.size if output.sha256 else len(output.data),
    )


def commit_job(folder: BuildFolder, store: Store, outcome: JobOutcome, record: JobRecord) -> None:
    """Put a job's files in place, then its record (one transaction), then delete the files
    of its previous build that it no longer makes. A build killed between the two leaves the
    new files under the old record: sizes or digest differ, and the next build builds the job
    again (call it with Ctrl-C deferred, as the builder does)."""
    store.begin()
    # A file the worker wrote itself (a build into a URL) has its digest and no bytes.
    folder.commit([(output.path, output.data) for output in outcome.outputs if not output.sha256])
    gone = store.put_job(record, [entry_of(output) for output in outcome.outputs])
    folder.commit([], remove=gone)


def differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True
