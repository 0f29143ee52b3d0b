"""The manifest merges builds and lists every file with its checksum."""

from __future__ import annotations

import hashlib
import json

from handoutkit.builder import Output
from handoutkit.catalog import JobKey
from handoutkit.files import write_atomic
from handoutkit.manifest import Entry, read_manifest, write_manifest
from handoutkit.models import Paper

A = JobKey("a-clinic", "peel", "en")
B = JobKey("b-clinic", "peel", "en")


def output(key, data=b"pdf bytes"):
    path = f"{key.clinic}/{key.procedure}/{key.stem}_handout-letter.pdf"
    return Output(key, "handout-pdf", path, data, Paper.LETTER)


def build_one(out, key, data=b"pdf bytes"):
    item = output(key, data)
    write_atomic(out / item.path, item.data)
    write_manifest(out, [Entry.of(item)], replace={key})


def test_entries_carry_job_kind_path_checksum_and_size(tmp_path):
    build_one(tmp_path, A)
    document = json.loads((tmp_path / "manifest.json").read_text())
    assert document["outputs"] == [
        {
            "clinic": "a-clinic",
            "procedure": "peel",
            "language": "en",
            "kind": "handout-pdf",
            "paper": "letter",
            "path": "a-clinic/peel/a-clinic_peel_en_handout-letter.pdf",
            "sha256": hashlib.sha256(b"pdf bytes").hexdigest(),
            "size": 9,
        }
    ]


def test_building_one_job_keeps_the_entries_of_the_others(tmp_path):
    build_one(tmp_path, A)
    build_one(tmp_path, B)
    build_one(tmp_path, A, b"rebuilt")
    entries = read_manifest(tmp_path)
    assert [e.clinic for e in entries] == ["a-clinic", "b-clinic"]
    assert entries[0].size == len(b"rebuilt")


def test_entries_of_deleted_files_are_dropped(tmp_path):
    build_one(tmp_path, A)
    build_one(tmp_path, B)
    (tmp_path / output(B).path).unlink()
    build_one(tmp_path, A)
    assert [e.clinic for e in read_manifest(tmp_path)] == ["a-clinic"]
