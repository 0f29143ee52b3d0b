"""What a job is asked to make and what it gives back: the executor's input and output.

Plain, picklable values: any executor (worker processes, a cluster, the builder's own
process) takes a `JobSpec` and returns a `JobOutcome`, whose files are bytes for the builder
to write (or, in a build into a URL, were written by the worker and are only digests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .contract import ENGINE_NAME
from .findings import Finding
from .job import JobKey, Paper


@dataclass(frozen=True, slots=True)
class JobSpec:
    """Everything a worker needs to run one job (all paths absolute)."""

    key: JobKey
    content_dir: Path
    notebooks_dir: Path
    templates_dir: Path
    papers: tuple[Paper, ...]
    large_print: bool = False  # also a large-print handout on each paper
    kernel_name: str = "python3"
    engine: str = ENGINE_NAME
    out_url: str = ""  # a build into a URL: the worker writes the job's files there itself
    allow_errors: bool = False  # the build makes jobs whose quality checks found errors

    @property
    def folder(self) -> str:
        """The job's folder in the build, relative to it."""
        return f"{self.key.clinic}/{self.key.procedure}"


@dataclass(frozen=True, slots=True)
class Output:
    """One file a job makes: what it is, where it goes (relative to the build folder)."""

    key: JobKey
    kind: str
    path: str
    data: bytes = field(repr=False)
    paper: Paper | None = None
    # Set when the worker wrote the file itself (a build into a URL); ``data`` is then empty.
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What a job made, or why it failed; ``seconds`` is for the report, never recorded."""

    key: JobKey
    outputs: tuple[Output, ...] = ()
    title: str = ""
    clinic_name: str = ""
    reviewed: str = ""
    approval: str = ""  # "approved 2026-12-04 by Dr. A. Lee (Medical Director)", or why not
    approvals: tuple[str, ...] = ()  # its approvals, newest first: "2026-12-04 Dr. A. Lee …"
    warnings: tuple[str, ...] = ()
    checks: tuple[Finding, ...] = ()  # what the notebooks' quality checks found (undated ones)
    scores: tuple[tuple[str, float], ...] = ()  # the document's readability figures
    outside_inputs: tuple[str, ...] = ()  # files read beyond the job's folders (see models)
    error: str | None = None
    seconds: float = 0.0
