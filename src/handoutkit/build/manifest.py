"""``build/manifest.json``: every job and every output of the build folder, with checksums.

For each job it records the digest of the inputs it was built from (see
`fingerprint`), its title, review date, warnings and what its notebooks'
quality checks found (the report is made from these); for each file its kind,
path, sha256 and size. A build replaces the records of the jobs it ran and
keeps the others, so building one clinic never forgets the rest. No
timestamps and a fixed order: the same outputs give the same manifest.

The jobs whose last build failed are kept beside it in ``failures.json``: a
failed job changes nothing of what the manifest describes, so its manifest
stays byte for byte what it was. The manifest is read as untrusted input:
every path in it must stay inside the build folder, or the build stops
before it deletes or replaces anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

from ..errors import BuildFolderError
from ..model import Entry, Failure, JobKey, JobRecord, Manifest
from .folder import safe_relative, write_atomic

MANIFEST = "manifest.json"
FAILURES = "failures.json"
FORMAT = 4


def up_to_date(manifest: Manifest, key: JobKey, inputs: str, out_dir: Path) -> bool:
    """Built from these very inputs, and every file it made is still there, whole."""
    record = manifest.job(key)
    if record is None or record.inputs != inputs:
        return False
    entries = manifest.outputs_of(key)
    return bool(entries) and all(_present(out_dir / e.path, e.size) for e in entries)


def _present(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def read_manifest(out_dir: Path) -> Manifest:
    """The manifest of a build folder (empty when there is none).

    A manifest that cannot be parsed, or is of another format, is treated as empty (every
    job is rebuilt, nothing is deleted) and says why in ``unreadable``. A path in it that
    would leave the build folder raises `BuildFolderError` naming the entry.
    """
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValueError) as exc:
        return Manifest(unreadable=f"it could not be read ({exc})")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        return Manifest(unreadable=f"it is of format {found!r}, this version writes {FORMAT}")
    try:
        jobs = tuple(JobRecord.from_dict(job) for job in data["jobs"])
        outputs = tuple(Entry(**entry) for entry in data["outputs"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return Manifest(unreadable=f"an entry is damaged ({exc})")
    for index, entry in enumerate(outputs):
        problem = safe_relative(entry.path)
        if problem is None and not (out_dir / entry.path).parent.resolve().is_relative_to(
            out_dir.resolve()
        ):
            problem = "a folder on its way is a symbolic link out of the build folder"
        if problem is not None:
            raise BuildFolderError(
                f"the manifest lists the file {entry.path!r}, which is not inside the build "
                f"folder: {problem}. Nothing was deleted or replaced.",
                fix="the manifest was edited by hand, damaged or copied from elsewhere: "
                "delete manifest.json (the next build then rebuilds everything and deletes "
                "nothing), or build into a new folder with --out.",
                path=path,
                where=f"outputs[{index}], field 'path'",
            )
    return Manifest(jobs=jobs, outputs=outputs, failures=_read_failures(out_dir))


def _read_failures(out_dir: Path) -> tuple[Failure, ...]:
    try:
        data = json.loads((out_dir / FAILURES).read_text(encoding="utf-8"))
        return tuple(Failure(**failure) for failure in data["failures"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()


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


def manifest_bytes(manifest: Manifest) -> bytes:
    """``manifest.json`` as written: the jobs and the outputs, in a fixed order."""
    document = {
        "format": FORMAT,
        "jobs": [job.as_dict() for job in manifest.jobs],
        "outputs": [asdict(entry) for entry in manifest.outputs],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def failures_bytes(manifest: Manifest) -> bytes:
    """``failures.json``: the jobs whose last build failed, and why."""
    document = {"format": FORMAT, "failures": [asdict(f) for f in manifest.failures]}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def write_manifest(out_dir: Path, manifest: Manifest) -> Path:
    """Write ``manifest.json`` and ``failures.json`` (each atomically)."""
    path = out_dir / MANIFEST
    write_atomic(path, manifest_bytes(manifest))
    write_atomic(out_dir / FAILURES, failures_bytes(manifest))
    return path
