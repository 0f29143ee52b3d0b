"""``build/manifest.json``: every job and every output of the build folder, with checksums.

The build keeps these records in its store (`store`, SQLite), a job at a time, and exports
``manifest.json`` and ``failures.json`` from it at the end of a build that changed something;
an edited, copied or deleted ``manifest.json`` starts the store again from it (`records`).

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
import os
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

from ..errors import BuildFolderError
from ..inputs.statcache import Stat
from ..model import Entry, Failure, JobKey, JobRecord, Manifest
from .folder import BuildFolder, safe_relative, write_atomic
from .store import Fresh, Store, open_store

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


def read_manifest_json(out_dir: Path) -> Manifest:
    """``manifest.json`` of a build folder, as written (empty when there is none).

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


# -- the store and its exports ------------------------------------------------------------

_EXPORTED = "exported"  # the store's meta: size and time of the manifest.json it last wrote


def _stat_of(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "none"
    return f"{info.st_size}:{info.st_mtime_ns}"  # a copy that keeps times is the same


def _in_sync(store: Store, out_dir: Path) -> bool:
    """The store is the manifest.json on disk (or one it has not exported yet)."""
    exported = store.meta(_EXPORTED)
    return exported is not None and exported == _stat_of(out_dir / MANIFEST)


def read_manifest(out_dir: Path) -> Manifest:
    """Everything the build folder records: its store, or ``manifest.json`` if the store is
    not that manifest (an older version's folder, or manifest.json edited or deleted)."""
    store = open_store(out_dir, read_only=True)
    if store is None:
        return read_manifest_json(out_dir)
    with store:
        if not _in_sync(store, out_dir):
            return read_manifest_json(out_dir)
        return store.manifest()


def recorded(out_dir: Path) -> tuple[dict[JobKey, Fresh], str | None]:
    """What a plan needs of every recorded job, and why the records are not used (if so);
    reads the store, or manifest.json as `read_manifest` does."""
    fresh, unreadable, _ = records_for_plan(out_dir)
    return fresh, unreadable


def records_for_plan(out_dir: Path) -> tuple[dict[JobKey, Fresh], str | None, dict[str, Stat]]:
    """`recorded`, and the stat cache of the inputs (empty if there is no store), read in
    one opening of the store."""
    store = open_store(out_dir, read_only=True)
    if store is not None:
        with store:
            files = store.file_digests()
            if _in_sync(store, out_dir):
                return store.freshness(), None, files
    else:
        files = {}
    legacy = read_manifest_json(out_dir)
    return _freshness(legacy), legacy.unreadable, files


def _freshness(manifest: Manifest) -> dict[JobKey, Fresh]:
    return {
        job.key: Fresh(
            job.inputs,
            job.outside_inputs,
            tuple((entry.path, entry.size) for entry in manifest.outputs_of(job.key)),
        )
        for job in manifest.jobs
    }


def up_to_date_files(fresh: Fresh | None, inputs: str, out_dir: Path | None) -> bool:
    """Built from these very inputs, and every file it made is still there, whole
    (``out_dir`` None: the files are elsewhere, a URL, and their records are trusted)."""
    if fresh is None or fresh.inputs != inputs or not fresh.outputs:
        return False
    if out_dir is None:
        return True
    root = f"{out_dir}{os.sep}"  # strings, not Paths: a plan stats every file of every job
    for path, size in fresh.outputs:
        try:
            if os.stat(root + path).st_size != size:
                return False
        except OSError:
            return False
    return True


def open_records(out_dir: Path) -> Store:
    """The store a build writes (hold the build lock): started again from manifest.json when
    it is not that manifest. Raises `BuildFolderError` for a manifest.json naming a path
    outside the build folder (as `read_manifest_json`)."""
    store = open_store(out_dir)
    assert store is not None  # writable stores are always made
    if not _in_sync(store, out_dir):
        try:
            legacy = read_manifest_json(out_dir)
            store.reset(legacy)
            # An unreadable manifest.json is not exported over: it stays for people to see
            # until a build changes something.
            store.set_meta(_EXPORTED, _stat_of(out_dir / MANIFEST))
        except BaseException:
            store.close()
            raise
    return store


def export(folder: BuildFolder, store: Store) -> None:
    """``manifest.json`` and ``failures.json`` from the store, each replaced atomically."""
    target = folder.root / MANIFEST
    folder.stream(MANIFEST, (chunk.encode() for chunk in store.manifest_chunks(FORMAT)))
    store.set_meta(_EXPORTED, _stat_of(target))
    failures = failures_bytes(store.manifest(keys=list(store.failures())))
    if differs_bytes(folder.root / FAILURES, failures):
        folder.write(FAILURES, failures)


def differs_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def listed_digests(out_dir: Path) -> dict[str, str]:
    """Every recorded file's sha256 by path: the store's, or manifest.json's."""
    store = open_store(out_dir, read_only=True)
    if store is not None:
        with store:
            if _in_sync(store, out_dir):
                return store.listed()
    manifest = read_manifest_json(out_dir)
    return {entry.path: entry.sha256 for entry in manifest.outputs}
