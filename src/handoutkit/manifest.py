"""``build/manifest.json``: every job and every output of the build folder, with checksums.

For each job it records the digest of the inputs it was built from (see
`fingerprint`), its title, review date, warnings and what its notebooks'
quality checks found (the report is made from these); for each file its kind,
path, sha256 and size. A build replaces the records of the jobs it ran and
keeps the others, so building one clinic never forgets the rest. No
timestamps and a fixed order: the same outputs give the same manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .catalog import JobKey
from .checks import Finding
from .files import write_atomic

MANIFEST = "manifest.json"
FORMAT = 3


@dataclass(frozen=True, slots=True)
class Entry:
    """One output file."""

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


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job that built successfully: what it was built from, and what it said."""

    clinic: str
    procedure: str
    language: str
    inputs: str  # digest of everything the job read
    title: str = ""
    clinic_name: str = ""
    reviewed: str = ""
    warnings: tuple[str, ...] = field(default=())
    checks: tuple[Finding, ...] = field(default=())  # undated findings of the notebooks
    scores: tuple[tuple[str, float], ...] = field(default=())  # the document's figures

    @property
    def key(self) -> JobKey:
        return JobKey(self.clinic, self.procedure, self.language)

    @property
    def checked(self) -> bool:
        """Its notebooks ran the quality checks (a job built by an older version did not)."""
        return bool(self.scores)

    def as_dict(self) -> dict[str, object]:
        return {
            **{name: getattr(self, name) for name in _RECORD_TEXT},
            "warnings": list(self.warnings),
            "checks": [finding.as_dict() for finding in self.checks],
            "scores": [[name, value] for name, value in self.scores],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobRecord:
        return cls(
            **{name: data[name] for name in _RECORD_TEXT if name in data},
            warnings=tuple(data.get("warnings", ())),
            checks=tuple(Finding.from_dict(item) for item in data.get("checks", ())),
            scores=tuple((str(name), float(value)) for name, value in data.get("scores", ())),
        )


_RECORD_TEXT = ("clinic", "procedure", "language", "inputs", "title", "clinic_name", "reviewed")


@dataclass(frozen=True, slots=True)
class Failure:
    """A job whose last build failed (its previous outputs, if any, are still listed)."""

    clinic: str
    procedure: str
    language: str
    error: str

    @property
    def key(self) -> JobKey:
        return JobKey(self.clinic, self.procedure, self.language)

    @classmethod
    def of(cls, key: JobKey, error: str) -> Failure:
        return cls(key.clinic, key.procedure, key.language, error)


@dataclass(frozen=True, slots=True)
class Manifest:
    jobs: tuple[JobRecord, ...] = ()
    outputs: tuple[Entry, ...] = ()
    failures: tuple[Failure, ...] = ()

    def job(self, key: JobKey) -> JobRecord | None:
        return next((job for job in self.jobs if job.key == key), None)

    def outputs_of(self, key: JobKey) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.outputs if entry.key == key)

    def up_to_date(self, key: JobKey, inputs: str, out_dir: Path) -> bool:
        """Built from these very inputs, and every file it made is still there, whole."""
        record = self.job(key)
        if record is None or record.inputs != inputs:
            return False
        entries = self.outputs_of(key)
        return bool(entries) and all(_present(out_dir / e.path, e.size) for e in entries)


def _present(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def read_manifest(out_dir: Path) -> Manifest:
    """The manifest of a build folder; empty if it is missing, unreadable or of another format."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return Manifest()
        jobs = tuple(JobRecord.from_dict(job) for job in data["jobs"])
        return Manifest(
            jobs=jobs,
            outputs=tuple(Entry(**entry) for entry in data["outputs"]),
            failures=tuple(Failure(**failure) for failure in data.get("failures", ())),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def merge(
    old: Manifest,
    *,
    jobs: Iterable[JobRecord],
    outputs: Iterable[Entry],
    failures: Iterable[Failure] = (),
    resolved: Iterable[JobKey] = (),
    out_dir: Path,
) -> Manifest:
    """``old`` updated by a build.

    ``jobs`` replace the records and outputs of the same jobs; ``outputs`` are added (replacing
    entries of the same path); ``failures`` replace those of the same jobs; the failures of the
    jobs in ``jobs`` and ``resolved`` are dropped. Entries whose file is gone are dropped.
    """
    jobs, outputs, failures = list(jobs), list(outputs), list(failures)
    replaced = {job.key for job in jobs}
    new_paths = {entry.path for entry in outputs}
    cleared = replaced | set(resolved) | {failure.key for failure in failures}
    kept_jobs = [job for job in old.jobs if job.key not in replaced]
    kept_outputs = [
        entry
        for entry in old.outputs
        if entry.key not in replaced
        and entry.path not in new_paths
        and (out_dir / entry.path).is_file()
    ]
    kept_failures = [failure for failure in old.failures if failure.key not in cleared]
    return Manifest(
        jobs=tuple(sorted([*kept_jobs, *jobs], key=lambda job: job.key)),
        outputs=tuple(sorted([*kept_outputs, *outputs], key=lambda e: (e.path, e.kind))),
        failures=tuple(sorted([*kept_failures, *failures], key=lambda f: f.key)),
    )


def with_warnings(manifest: Manifest, key: JobKey, warnings: Iterable[str]) -> Manifest:
    """``manifest`` with ``warnings`` added to the record of the job ``key``."""
    extra = tuple(warnings)
    jobs = tuple(
        replace(job, warnings=job.warnings + extra) if job.key == key else job
        for job in manifest.jobs
    )
    return replace(manifest, jobs=jobs)


def write_manifest(out_dir: Path, manifest: Manifest) -> Path:
    document = {
        "format": FORMAT,
        "jobs": [job.as_dict() for job in manifest.jobs],
        "outputs": [asdict(entry) for entry in manifest.outputs],
        "failures": [asdict(failure) for failure in manifest.failures],
    }
    path = out_dir / MANIFEST
    write_atomic(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    return path
