"""The build folder's records in SQLite: read and written one job at a time.

``build/.manifest.sqlite`` holds what ``manifest.json`` describes (every job's record, every
output file, the failures) and the stat cache of the inputs (`FileCache`). A build reads only
what it needs (a plan: each job's digest and its files' sizes) and writes only the jobs it
ran, each in one transaction, so a build of one job in a catalog of 60,000 neither reads nor
rewrites the others. ``manifest.json`` and ``failures.json`` are exports for people and tools,
written from here at the end of a build that changed something (`export`).

``manifest.json`` stays what people edit or delete: the store remembers the size and time
of the ``manifest.json`` it last exported, and a build that finds another one (edited,
copied, deleted, or written by an older version) starts the store again from it, checked as
`build.manifest.read_manifest_json` checks it. A damaged database or one of another format is
set aside (renamed ``.manifest.sqlite.damaged``) and started again the same way. Paths in it
are checked where files are written or deleted (`BuildFolder.target`).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..model import Entry, Failure, JobKey, JobRecord, Manifest
from .folder import write_failed

STORE = ".manifest.sqlite"
FORMAT = 1
UNFINISHED = "unfinished"  # meta: "yes" while a build runs (and after one was killed)
_BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    clinic TEXT NOT NULL, procedure TEXT NOT NULL, language TEXT NOT NULL,
    inputs TEXT NOT NULL, outside TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (clinic, procedure, language)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, clinic TEXT NOT NULL, procedure TEXT NOT NULL,
    language TEXT NOT NULL, kind TEXT NOT NULL, paper TEXT, sha256 TEXT NOT NULL,
    size INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS outputs_of_job ON outputs (clinic, procedure, language);
CREATE TABLE IF NOT EXISTS failures (
    clinic TEXT NOT NULL, procedure TEXT NOT NULL, language TEXT NOT NULL,
    error TEXT NOT NULL, PRIMARY KEY (clinic, procedure, language)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, device INTEGER NOT NULL,
    digest BLOB NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class Fresh:
    """What a plan needs of a job's record: its digest, the files it read elsewhere, and the
    path and size of every file it made."""

    inputs: str
    outside_inputs: tuple[str, ...]
    outputs: tuple[tuple[str, int], ...]


class Store:
    """One build folder's records; open it with `open_store`."""

    def __init__(self, connection: sqlite3.Connection, root: Path, notice: str | None) -> None:
        self._db = connection
        self.root = root
        self.notice = notice  # why an earlier store or manifest could not be used
        self.changed = False  # something was written since it was opened
        self.touched: set[JobKey] = set()  # the jobs whose record, files or failure changed
        self.whole = False  # every record was replaced (started again from a manifest.json)
        self._unfinished = False  # marked unfinished by this build (see `begin`)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; a database error is the build folder's one paragraph (the disk
        full, read-only, ...), with the transaction rolled back."""
        try:
            with self._db:
                if not self._unfinished:
                    self._unfinished = True  # in the same transaction as the first write
                    self._db.execute(_SET_META, (UNFINISHED, "yes"))
                yield
        except sqlite3.Error as error:
            raise write_failed(
                _os_error(error),
                self.root,
                "recording the build in " + STORE,
                kept="The files of the last successful build and its manifest are unchanged.",
            ) from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------

    def freshness(self) -> dict[JobKey, Fresh]:
        """Every recorded job's digest and files (a plan's question), without the records."""
        rows = self._db.execute(
            "SELECT j.clinic, j.procedure, j.language, j.inputs, j.outside, "
            "group_concat(o.path || char(0) || o.size, char(10)) "
            "FROM jobs j LEFT JOIN outputs o "
            "ON o.clinic = j.clinic AND o.procedure = j.procedure AND o.language = j.language "
            "GROUP BY j.clinic, j.procedure, j.language"
        )
        found = {}
        for clinic, procedure, language, inputs, outside, files in rows:
            outputs = ()
            if files:
                pairs = (line.split("\0") for line in files.split("\n"))
                outputs = tuple((path, int(size)) for path, size in pairs)
            outside_inputs = tuple(json.loads(outside)) if outside != "[]" else ()
            found[JobKey(clinic, procedure, language)] = Fresh(inputs, outside_inputs, outputs)
        return found

    def manifest(self, keys: Collection[JobKey] | None = None) -> Manifest:
        """The records, files and failures of ``keys`` (None: of every job)."""
        if keys is None:
            jobs = self._db.execute("SELECT record FROM jobs ORDER BY clinic, procedure, language")
            records = tuple(JobRecord.from_dict(json.loads(row[0])) for row in jobs)
            outputs = tuple(
                Entry(*row) for row in self._db.execute(f"{_OUTPUTS} ORDER BY path, kind")
            )
            failures = tuple(
                Failure(*row)
                for row in self._db.execute(f"{_FAILURES} ORDER BY clinic, procedure, language")
            )
            return Manifest(jobs=records, outputs=outputs, failures=failures)
        wanted = sorted(set(keys))
        found_jobs: list[JobRecord] = []
        found_outputs: list[Entry] = []
        found_failures: list[Failure] = []
        for key in wanted:
            where = (key.clinic, key.procedure, key.language)
            row = self._db.execute(f"SELECT record FROM jobs {_WHERE_JOB}", where).fetchone()
            if row is not None:
                found_jobs.append(JobRecord.from_dict(json.loads(row[0])))
            found_outputs.extend(
                Entry(*entry) for entry in self._db.execute(f"{_OUTPUTS} {_WHERE_JOB}", where)
            )
            found_failures.extend(
                Failure(*failure)
                for failure in self._db.execute(f"{_FAILURES} {_WHERE_JOB}", where)
            )
        return Manifest(
            jobs=tuple(found_jobs),
            outputs=tuple(sorted(found_outputs, key=lambda e: (e.path, e.kind))),
            failures=tuple(found_failures),
        )

    def meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        with self._writing():
            self._db.execute(_SET_META, (name, value))

    def was_finished(self) -> bool:
        """The last build that wrote here ended as it should (none was killed mid-way)."""
        return self.meta(UNFINISHED) == "no"

    def begin(self) -> None:
        """Mark the folder unfinished before the first file is written: a build killed from
        now on makes the next one sweep the folder for what it left."""
        if not self._unfinished:
            with self._writing():
                pass

    def end(self) -> None:
        """The build ended as it should (if it wrote anything)."""
        if self._unfinished:
            with self._writing():
                self._db.execute(_SET_META, (UNFINISHED, "no"))

    def reset(self, legacy: Manifest) -> None:
        """Forget every record and take ``legacy``'s (a manifest.json): files' digests stay."""
        self.whole = True
        with self._writing():
            for table in ("jobs", "outputs", "failures"):
                self._db.execute(f"DELETE FROM {table}")
            for record in legacy.jobs:
                self._put_record(record)
            self._put_outputs(list(legacy.outputs))
            self._db.executemany(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                [(f.clinic, f.procedure, f.language, f.error) for f in legacy.failures],
            )

    def mark_stale(self, keys: Iterable[JobKey], stale: str) -> None:
        """Make the records of ``keys`` say ``stale`` as their digest: built again next time."""
        for key in keys:
            where = (key.clinic, key.procedure, key.language)
            row = self._db.execute(f"SELECT record FROM jobs {_WHERE_JOB}", where).fetchone()
            if row is not None:
                data = json.loads(row[0])
                data["inputs"] = stale
                self.put_record(JobRecord.from_dict(data))

    def inputs_of(self, keys: Iterable[JobKey]) -> dict[JobKey, str]:
        """The recorded digest of each of ``keys`` that has a record."""
        found = {}
        for key in keys:
            where = (key.clinic, key.procedure, key.language)
            row = self._db.execute(f"SELECT inputs FROM jobs {_WHERE_JOB}", where).fetchone()
            if row is not None:
                found[key] = str(row[0])
        return found

    def clinics(self) -> list[str]:
        """The clinics with a record or a failure."""
        found = self._db.execute("SELECT clinic FROM jobs UNION SELECT clinic FROM failures")
        return [row[0] for row in found]

    def failures(self) -> dict[JobKey, str]:
        return {f.key: f.error for f in (Failure(*row) for row in self._db.execute(_FAILURES))}

    def manifest_of_clinic(self, clinic: str) -> Manifest:
        """The records, files and failures of one clinic's jobs (a gallery page's)."""
        where = (clinic,)
        jobs = self._db.execute(
            "SELECT record FROM jobs WHERE clinic = ? ORDER BY procedure, language", where
        )
        return Manifest(
            jobs=tuple(JobRecord.from_dict(json.loads(row[0])) for row in jobs),
            outputs=tuple(
                Entry(*row)
                for row in self._db.execute(
                    f"{_OUTPUTS} WHERE clinic = ? ORDER BY path, kind", where
                )
            ),
            failures=tuple(
                Failure(*row)
                for row in self._db.execute(
                    f"{_FAILURES} WHERE clinic = ? ORDER BY procedure, language", where
                )
            ),
        )

    def light_records(self, group: str) -> dict[JobKey, JobRecord]:
        """Every record with only its findings of ``group`` and its scores (the quality
        report's view of a job: its accessibility). A record of a large catalog is a few
        kilobytes of findings; this reads the few it needs, in SQLite."""
        rows = self._db.execute(
            "SELECT clinic, procedure, language, json_extract(record, '$.scores'), "
            "(SELECT json_group_array(json(value)) FROM json_each(record, '$.checks') "
            " WHERE json_extract(value, '$.group') = ?) FROM jobs",
            (group,),
        )
        found = {}
        # Many jobs say the same (a document's figures, a deck's findings): one copy of each.
        parsed: dict[tuple[str, str], JobRecord] = {}
        for clinic, procedure, language, scores, checks in rows:
            shared = parsed.get((scores, checks))
            if shared is None:
                data = {"clinic": "", "procedure": "", "language": "", "inputs": ""}
                data["scores"] = json.loads(scores) if scores else []
                data["checks"] = json.loads(checks) if checks else []
                shared = parsed[scores, checks] = JobRecord.from_dict(data)
            found[JobKey(clinic, procedure, language)] = dataclasses.replace(
                shared, clinic=clinic, procedure=procedure, language=language
            )
        return found

    def index_facts(self) -> Iterator[tuple[JobKey, str, str, int, str]]:
        """Every record's clinic name, title, number of warnings and approval, by job (what
        the gallery's search index shows of it), read in SQLite."""
        rows = self._db.execute(
            "SELECT clinic, procedure, language, json_extract(record, '$.clinic_name'), "
            "json_extract(record, '$.title'), json_array_length(record, '$.warnings'), "
            "json_extract(record, '$.approval') FROM jobs"
        )
        for clinic, procedure, language, name, title, warnings, approval in rows:
            key = JobKey(clinic, procedure, language)
            yield key, name or "", title or "", int(warnings or 0), approval or ""

    def paths_of(self, kinds: Collection[str]) -> dict[JobKey, list[tuple[str, str]]]:
        """The (kind, path) of every recorded file of ``kinds``, by job."""
        marks = ", ".join("?" * len(kinds))
        found: dict[JobKey, list[tuple[str, str]]] = {}
        rows = self._db.execute(
            f"SELECT clinic, procedure, language, kind, path FROM outputs WHERE kind IN ({marks}) "
            "ORDER BY path, kind",
            tuple(kinds),
        )
        for clinic, procedure, language, kind, path in rows:
            found.setdefault(JobKey(clinic, procedure, language), []).append((kind, path))
        return found

    def listed(self) -> dict[str, str]:
        """Every recorded file's sha256 by path (to restore a killed build's backups)."""
        return dict(self._db.execute("SELECT path, sha256 FROM outputs"))

    def without(self, kind: str, keys: Collection[JobKey]) -> list[JobKey]:
        """The jobs of ``keys`` that have files recorded but none of ``kind``."""
        # One pass over the outputs' index that returns only the lacking jobs (usually none):
        # a build with nothing to do asks this of every job of the catalog.
        lacking = {
            JobKey(*row)
            for row in self._db.execute(
                "SELECT clinic, procedure, language FROM outputs "
                "GROUP BY clinic, procedure, language HAVING SUM(kind = ?) = 0",
                (kind,),
            )
        }
        if not lacking:
            return []
        return [key for key in keys if key in lacking]

    # -- writing (each call one transaction) ----------------------------------------------

    def put_job(self, record: JobRecord, entries: Iterable[Entry]) -> list[str]:
        """Replace a job's record and files; returns the paths of its earlier files that it
        no longer makes (to delete once this is committed)."""
        key = record.key
        where = (key.clinic, key.procedure, key.language)
        entries = list(entries)
        made = {entry.path for entry in entries}
        with self._writing():
            before = [
                row[0] for row in self._db.execute(f"SELECT path FROM outputs {_WHERE_JOB}", where)
            ]
            self._db.execute(f"DELETE FROM outputs {_WHERE_JOB}", where)
            self._db.execute(f"DELETE FROM failures {_WHERE_JOB}", where)
            self._put_record(record)
            self._put_outputs(entries)
        self.changed = True
        self.touched.add(key)
        return [path for path in before if path not in made]

    def put_outputs(self, entries: Iterable[Entry]) -> None:
        """Add files to jobs already recorded (their previews), replacing those of the same
        path."""
        entries = list(entries)
        with self._writing():
            self._put_outputs(entries)
        self.changed = True
        self.touched.update(entry.key for entry in entries)

    def put_record(self, record: JobRecord) -> None:
        """Replace a job's record, its files unchanged (warnings added, marked stale)."""
        with self._writing():
            self._put_record(record)
        self.changed = True
        self.touched.add(record.key)

    def settle_failures(self, failed: Iterable[Failure], resolved: Iterable[JobKey]) -> None:
        """Record the jobs that failed (replacing their earlier failure) and forget the
        failures of the jobs in ``resolved``."""
        failed = list(failed)
        rows = [(f.clinic, f.procedure, f.language, f.error) for f in failed]
        gone = [(k.clinic, k.procedure, k.language) for k in resolved]
        before = self.failures()
        after = dict(before)
        for key in resolved:
            after.pop(key, None)
        after.update({f.key: f.error for f in failed})
        if after == before:
            return
        with self._writing():
            self._db.executemany(f"DELETE FROM failures {_WHERE_JOB}", gone)
            self._db.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)", rows)
        self.changed = True
        self.touched.update(key for key, _ in set(before.items()) ^ set(after.items()))

    def _put_record(self, record: JobRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?, ?, ?)",
            (
                record.clinic,
                record.procedure,
                record.language,
                record.inputs,
                json.dumps(list(record.outside_inputs)),
                _exported(record.as_dict()),
            ),
        )

    def _put_outputs(self, entries: list[Entry]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (e.path, e.clinic, e.procedure, e.language, e.kind, e.paper, e.sha256, e.size)
                for e in entries
            ],
        )

    # -- the stat cache ---------------------------------------------------------------------

    def file_digests(self) -> dict[str, tuple[int, int, int, int, int, bytes]]:
        """path → (size, mtime_ns, ctime_ns, inode, device, sha256) of the inputs hashed."""
        rows = self._db.execute("SELECT * FROM files")
        return {row[0]: tuple(row[1:]) for row in rows}  # type: ignore[misc]

    def save_file_digests(self, rows: dict[str, tuple[int, int, int, int, int, bytes]]) -> None:
        if not rows:
            return
        with self._writing():
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(path, *values) for path, values in rows.items()],
            )

    # -- the exports ------------------------------------------------------------------------

    def manifest_chunks(self, manifest_format: int) -> Iterator[str]:
        """``manifest.json`` as `build.manifest.manifest_bytes` writes it, made a record at a
        time (a catalog's records never all in memory)."""
        yield f'{{\n  "format": {manifest_format},\n  "jobs": '
        jobs = self._db.execute("SELECT record FROM jobs ORDER BY clinic, procedure, language")
        # A record is kept as manifest.json shows it (`_exported`): copied, not parsed and
        # laid out again (an older store's compact records are).
        yield from _text_list(
            (row[0] if row[0].startswith("{\n") else _exported(json.loads(row[0])) for row in jobs),
            "  ",
        )
        yield ',\n  "outputs": '
        rows = self._db.execute(f"{_OUTPUTS} ORDER BY path, kind")
        yield from _text_list((_entry_text(*row) for row in rows), "  ")
        yield "\n}\n"


_SET_META = "INSERT OR REPLACE INTO meta VALUES (?, ?)"
_WHERE_JOB = "WHERE clinic = ? AND procedure = ? AND language = ?"
_OUTPUTS = "SELECT clinic, procedure, language, kind, paper, path, sha256, size FROM outputs"
_FAILURES = "SELECT clinic, procedure, language, error FROM failures"


_ITEM = "    "  # the depth of a job or a file in manifest.json (json.dumps(..., indent=2))


def _exported(item: object) -> str:
    """``item`` as json.dumps(..., indent=2) lays it out as an item of a top-level list."""
    return json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + _ITEM)


def _entry_text(
    clinic: str,
    procedure: str,
    language: str,
    kind: str,
    paper: str | None,
    path: str,
    sha256: str,
    size: int,
) -> str:
    """`_exported` of an `Entry`, made without the JSON encoder's (slow) indenting: there
    is one for every file of the catalog."""
    quoted = [json.dumps(value, ensure_ascii=False) for value in
              (clinic, procedure, language, kind, paper, path, sha256)]  # fmt: skip
    names = ("clinic", "procedure", "language", "kind", "paper", "path", "sha256")
    lines = [f'{_ITEM}  "{name}": {value},' for name, value in zip(names, quoted, strict=True)]
    return "{\n" + "\n".join(lines) + f'\n{_ITEM}  "size": {int(size)}\n{_ITEM}}}'


def _text_list(texts: Iterable[str], indent: str) -> Iterator[str]:
    """A JSON list of items already laid out (`_exported`) at depth ``indent``."""
    first = True
    for text in texts:
        yield ("[\n" if first else ",\n") + indent + "  " + text
        first = False
    yield "[]" if first else "\n" + indent + "]"


def open_store(out_dir: Path, *, read_only: bool = False) -> Store | None:
    """The build folder's store, made if there is none (None, read-only, if there is none or
    it cannot be used). A store that cannot be used is set aside and made anew."""
    path = out_dir / STORE
    if read_only:
        if not path.is_file():
            return None
        try:
            return _connect(path, out_dir, read_only=True)
        except sqlite3.DatabaseError:
            return None
    try:
        return _connect(path, out_dir)
    except sqlite3.DatabaseError as error:
        notice = _set_aside(path, f"it could not be read ({error})")
        store = _connect(path, out_dir)
        store.notice = notice
        return store


def _connect(path: Path, out_dir: Path, *, read_only: bool = False) -> Store:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_S)
    else:
        connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S)
    try:
        found = _format(connection)
        if found is None and read_only:
            raise sqlite3.DatabaseError("it has no tables")
        if found is None:
            with connection:
                connection.executescript(_SCHEMA)
                connection.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),)
                )
        elif found != str(FORMAT):
            raise sqlite3.DatabaseError(f"it is of format {found}, this version writes {FORMAT}")
        connection.execute("SELECT COUNT(*) FROM meta").fetchone()
    except BaseException:
        connection.close()
        raise
    return Store(connection, out_dir, None)


def _format(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    except sqlite3.OperationalError:
        return None  # a new database: no tables yet
    return None if row is None else str(row[0])


def _os_error(error: sqlite3.Error) -> OSError:
    """SQLite's error as the OSError it stands for (for the fix to suggest)."""
    text = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "full" in text:
        number = errno.ENOSPC
    elif code == sqlite3.SQLITE_READONLY or "readonly" in text:
        number = errno.EROFS
    elif code in (sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
        number = errno.EACCES
    else:
        number = errno.EIO
    return OSError(number, os.strerror(number))


def _set_aside(path: Path, why: str) -> str:
    damaged = path.with_name(path.name + ".damaged")
    try:
        os.replace(path, damaged)
    except OSError:
        path.unlink(missing_ok=True)
    return f"the build's records were set aside ({damaged.name}): {why}. Every job is built again."
