"""The build's records in SQLite (`build.store`, `build.manifest`): read and written a job at a
time, exported as manifest.json byte for byte as before, started again from an edited or
deleted manifest.json, set aside when damaged; and the stat cache of the inputs."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from handoutkit.build import manifest as manifests
from handoutkit.build.folder import BuildFolder
from handoutkit.build.manifest import (
    MANIFEST,
    export,
    manifest_bytes,
    open_records,
    read_manifest,
    recorded,
)
from handoutkit.build.store import STORE, open_store
from handoutkit.errors import BuildFolderError
from handoutkit.inputs import folders, statcache
from handoutkit.inputs.folders import scan_folder
from handoutkit.inputs.statcache import StatCache
from handoutkit.model import Entry, Failure, Finding, JobKey, JobRecord, Status

KEY = JobKey("clinic-a", "peel", "en")
OTHER = JobKey("clinic-b", "peel", "es")


def record(key: JobKey, inputs: str = "digest", **more: object) -> JobRecord:
    return JobRecord(key.clinic, key.procedure, key.language, inputs, title="Peel", **more)  # type: ignore[arg-type]


def entry(key: JobKey, name: str, size: int = 3) -> Entry:
    path = f"{key.clinic}/{key.procedure}/{name}"
    return Entry(key.clinic, key.procedure, key.language, "handout-pdf", "letter", path, "ab", size)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "build"
    folder.mkdir()
    return folder


def exported(out: Path) -> None:
    with open_records(out) as store:
        export(BuildFolder(out), store)


def test_a_job_is_recorded_and_read_back_with_its_files_and_nothing_else(out):
    with open_records(out) as store:
        assert store.put_job(record(KEY, warnings=("w",)), [entry(KEY, "a.pdf")]) == []
        store.put_job(record(OTHER), [entry(OTHER, "b.pdf")])
        subset = store.manifest([KEY])
        assert [job.key for job in subset.jobs] == [KEY]
        assert subset.jobs[0].warnings == ("w",)
        assert [e.path for e in subset.outputs] == ["clinic-a/peel/a.pdf"]
        fresh = store.freshness()
        assert fresh[KEY].inputs == "digest" and fresh[KEY].outputs == (("clinic-a/peel/a.pdf", 3),)


def test_the_jobs_lacking_a_kind_of_file_are_those_recorded_with_files_but_none_of_it(out):
    third = JobKey("clinic-c", "peel", "en")
    never = JobKey("clinic-d", "peel", "en")
    picture = Entry("clinic-a", "peel", "en", "deck-preview", None, "clinic-a/peel/p.png", "cd", 5)
    with open_records(out) as store:
        store.put_job(record(KEY), [entry(KEY, "a.pdf"), picture])
        store.put_job(record(OTHER), [entry(OTHER, "b.pdf")])
        store.put_job(record(third), [entry(third, "c.pdf")])
        assert store.without("deck-preview", [never, third, KEY, OTHER]) == [third, OTHER]
        assert store.without("handout-pdf", [KEY, OTHER, third]) == []


def test_a_job_built_again_gives_the_paths_of_the_files_it_no_longer_makes(out):
    with open_records(out) as store:
        store.put_job(record(KEY), [entry(KEY, "a.pdf"), entry(KEY, "old.pdf")])
        assert store.put_job(record(KEY), [entry(KEY, "a.pdf")]) == ["clinic-a/peel/old.pdf"]
        assert [e.path for e in store.manifest([KEY]).outputs] == ["clinic-a/peel/a.pdf"]


def test_the_export_is_the_manifest_json_of_the_same_records_byte_for_byte(out):
    with open_records(out) as store:
        store.put_job(record(KEY, checks=(), scores=(("grade", 7.5),)), [entry(KEY, "a.pdf")])
        store.put_job(record(OTHER, approvals=("approved",)), [entry(OTHER, "é.pdf")])
        export(BuildFolder(out), store)
        whole = store.manifest()
    assert (out / MANIFEST).read_bytes() == manifest_bytes(whole)


def test_records_of_an_older_store_kept_compact_export_the_same_bytes(out):
    """Records are kept laid out as manifest.json shows them, to be copied, not parsed; an
    older store kept them compact, and they are laid out again."""
    third = JobKey("clinic-c", "peel", "zh")
    finding = Finding("readability", "grade", Status.WARN, "grade 11 — “high”", "line 3")
    with open_records(out) as store:
        store.put_job(record(KEY, checks=(finding,), scores=(("grade", 7.5),)), [entry(KEY, "a")])
        store.put_job(record(OTHER, approvals=("approved",)), [entry(OTHER, "é.pdf")])
        deck = Entry("clinic-c", "peel", "zh", "slides-pptx", None, "clinic-c/peel/d.pptx", "cd", 0)
        store.put_job(record(third, warnings=("注意",)), [entry(third, "b.pdf"), deck])
        store._db.execute(
            "UPDATE jobs SET record = json(record) WHERE clinic = ?", (OTHER.clinic,)
        )  # as an older version wrote it
        assert (
            store._db.execute("SELECT record FROM jobs WHERE clinic = ?", (OTHER.clinic,))
            .fetchone()[0]
            .startswith('{"')
        )
        export(BuildFolder(out), store)
        whole = store.manifest()
    assert (out / MANIFEST).read_bytes() == manifest_bytes(whole)
    assert "注意" in (out / MANIFEST).read_text(encoding="utf-8")


def test_an_empty_store_exports_an_empty_manifest_as_before(out):
    exported(out)
    assert (out / MANIFEST).read_bytes() == manifest_bytes(manifests.Manifest())


def test_failures_are_kept_until_their_job_builds_or_is_resolved(out):
    with open_records(out) as store:
        store.settle_failures([Failure.of(KEY, "broken")], resolved=[])
        assert store.failures() == {KEY: "broken"}
        assert store.changed
        store.changed = False
        store.settle_failures([Failure.of(KEY, "broken")], resolved=[])
        assert not store.changed  # the same failure again writes nothing
        store.put_job(record(KEY), [entry(KEY, "a.pdf")])
        assert store.failures() == {}


def test_a_plan_reads_the_store_while_the_manifest_json_is_the_one_it_exported(out):
    with open_records(out) as store:
        store.put_job(record(KEY), [entry(KEY, "a.pdf")])
    exported(out)
    found, why = recorded(out)
    assert set(found) == {KEY} and why is None
    assert read_manifest(out).job(KEY) is not None


def test_an_edited_manifest_json_starts_the_store_again_from_it(out):
    with open_records(out) as store:
        store.put_job(record(KEY), [entry(KEY, "a.pdf")])
    exported(out)
    text = (out / MANIFEST).read_text().replace('"clinic-a"', '"clinic-z"')
    time.sleep(0.01)
    (out / MANIFEST).write_text(text)
    assert {key.clinic for key in recorded(out)[0]} == {"clinic-z"}
    with open_records(out) as store:
        assert {job.clinic for job in store.manifest().jobs} == {"clinic-z"}


def test_a_deleted_manifest_json_forgets_every_record_so_nothing_is_deleted(out):
    with open_records(out) as store:
        store.put_job(record(KEY), [entry(KEY, "a.pdf")])
    exported(out)
    (out / MANIFEST).unlink()
    assert recorded(out)[0] == {}
    with open_records(out) as store:
        assert store.manifest().jobs == () and store.listed() == {}


def test_a_manifest_json_naming_a_path_outside_the_folder_stops_the_build(out):
    outside = {**asdict(entry(KEY, "a.pdf")), "path": "../../etc/passwd"}
    document = {"format": manifests.FORMAT, "jobs": [], "outputs": [outside]}
    (out / MANIFEST).write_text(json.dumps(document))
    with pytest.raises(BuildFolderError) as caught:
        open_records(out)
    assert "not inside the build folder" in caught.value.problem


def test_a_damaged_store_is_set_aside_and_the_build_starts_again_saying_why(out):
    (out / STORE).write_bytes(b"this is not a database" * 100)
    with open_records(out) as store:
        assert store.notice and "set aside" in store.notice
        assert store.manifest().jobs == ()
    assert (out / f"{STORE}.damaged").exists()


def test_a_store_of_another_format_is_set_aside(out):
    with open_records(out) as store:
        store.set_meta("format", "999")
    with open_records(out) as store:
        assert store.notice and "format 999" in store.notice


def test_a_full_disk_while_recording_is_one_paragraph_naming_the_fix(out, monkeypatch):
    with open_records(out) as store:

        class Full:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, *args):
                raise sqlite3.OperationalError("database or disk is full")

            executemany = execute

        monkeypatch.setattr(store, "_db", Full())
        with pytest.raises(BuildFolderError) as caught:
            store.put_job(record(KEY), [entry(KEY, "a.pdf")])
        monkeypatch.undo()
    assert os.strerror(28) in caught.value.problem  # ENOSPC
    assert "free some space" in caught.value.fix


def test_a_read_only_open_of_a_folder_without_a_store_makes_nothing(out):
    assert open_store(out, read_only=True) is None
    assert not (out / STORE).exists()


# -- the stat cache ---------------------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch):
    """How many files `scan_folder` reads to hash."""
    reads: list[Path] = []
    original = folders.digest_located

    def counting(located):
        reads.append(located.real)
        return original(located)

    monkeypatch.setattr(folders, "digest_located", counting)
    return reads


@pytest.fixture
def old(monkeypatch):
    """Files as if changed long ago (a file's change time cannot be set back): their digests
    may be kept."""
    monkeypatch.setattr(statcache, "RACY_S", 0.0)


def test_an_unchanged_file_is_not_read_again(tmp_path, counted, old):
    (tmp_path / "a.txt").write_text("one")
    cache = StatCache()
    first = scan_folder(tmp_path, cache=cache)
    assert len(counted) == 1 and len(cache.hashed) == 1
    again = scan_folder(tmp_path, cache=StatCache(dict(cache.hashed)))
    assert len(counted) == 1 and again.digest == first.digest


def test_a_changed_file_of_the_same_size_and_time_is_read_again(tmp_path, counted, old):
    path = tmp_path / "a.txt"
    path.write_text("one")
    cache = StatCache()
    first = scan_folder(tmp_path, cache=cache)
    before = path.stat()
    path.write_text("two")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same time, put back
    again = scan_folder(tmp_path, cache=StatCache(dict(cache.hashed)))
    assert len(counted) == 2 and again.digest != first.digest  # the change time moved


def test_a_file_changed_just_now_is_hashed_but_not_kept(tmp_path, counted):
    (tmp_path / "a.txt").write_text("one")
    cache = StatCache()
    scan_folder(tmp_path, cache=cache)
    assert cache.hashed == {}
    scan_folder(tmp_path, cache=cache)
    assert len(counted) == 2


def test_the_store_knows_which_jobs_a_build_changed(out):
    with open_records(out) as store:
        assert store.whole  # a new store: every record (none) is new
        store.put_job(record(KEY), [entry(KEY, "a.pdf")])
        store.settle_failures([Failure.of(OTHER, "broken")], resolved=[KEY])
        assert store.touched == {KEY, OTHER}
        export(BuildFolder(out), store)
    with open_records(out) as store:
        assert not store.whole
        store.settle_failures([Failure.of(OTHER, "broken")], resolved=[KEY])
        assert store.touched == set()  # the same failure again changes nothing
        assert sorted(store.clinics()) == ["clinic-a", "clinic-b"]
