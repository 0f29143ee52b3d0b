"""What a build folder holds, as the manifest records it: jobs, their outputs, failures.

Pure types: reading, merging and writing them is `build.manifest`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .findings import Finding
from .job import JobKey


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
    approval: str = ""  # the document's approval when built: approved, changed or never
    approvals: tuple[str, ...] = field(default=())  # its approval history, newest first
    warnings: tuple[str, ...] = field(default=())
    checks: tuple[Finding, ...] = field(default=())  # undated findings of the notebooks
    scores: tuple[tuple[str, float], ...] = field(default=())  # the document's figures
    # Files the job read outside its clinic's and document's folders (content-relative):
    # the next plan digests them too.
    outside_inputs: tuple[str, ...] = field(default=())

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
            **({"approval": self.approval} if self.approval else {}),
            **({"approvals": list(self.approvals)} if self.approvals else {}),
            "warnings": list(self.warnings),
            "checks": [finding.as_dict() for finding in self.checks],
            "scores": [[name, value] for name, value in self.scores],
            "outside_inputs": list(self.outside_inputs),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobRecord:
        return cls(
            **{name: data[name] for name in _RECORD_TEXT if name in data},
            approval=str(data.get("approval", "")),
            approvals=tuple(str(line) for line in data.get("approvals", ())),
            warnings=tuple(data.get("warnings", ())),
            checks=tuple(Finding.from_dict(item) for item in data.get("checks", ())),
            scores=tuple((str(name), float(value)) for name, value in data.get("scores", ())),
            outside_inputs=tuple(str(path) for path in data.get("outside_inputs", ())),
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
    failures: tuple[Failure, ...] = ()  # kept in failures.json
    unreadable: str | None = None  # why an existing manifest.json could not be used
    # Lookups by job, made once: a plan asks for every job's record and files.
    _jobs: dict[JobKey, JobRecord] = field(init=False, repr=False, compare=False)
    _outputs: dict[JobKey, tuple[Entry, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_jobs", {job.key: job for job in self.jobs})
        outputs: dict[JobKey, list[Entry]] = {}
        for entry in self.outputs:
            outputs.setdefault(entry.key, []).append(entry)
        object.__setattr__(self, "_outputs", {k: tuple(v) for k, v in outputs.items()})

    def job(self, key: JobKey) -> JobRecord | None:
        return self._jobs.get(key)

    def outputs_of(self, key: JobKey) -> tuple[Entry, ...]:
        return self._outputs.get(key, ())


def safe_relative(path: object) -> str | None:
    """Why ``path`` (from a manifest) is not a safe path inside the build folder, or None."""
    if not isinstance(path, str) or not path:
        return "it is not a file name"
    if "\\" in path or "\0" in path:
        return "it contains a backslash or a NUL character"
    pure = PurePosixPath(path)
    if pure.is_absolute():
        return "it is an absolute path"
    if any(part in ("", ".", "..") for part in path.split("/")):
        return "it leaves the build folder with '..' (or has an empty part)"
    return None
