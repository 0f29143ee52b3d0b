"""The manifest: what each job was built from, every file with its checksum, merged per build."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import pytest

from handoutkit.build.folder import write_atomic
from handoutkit.build.manifest import (
    merge,
    read_manifest,
    up_to_date,
    with_warnings,
    write_manifest,
)
from handoutkit.errors import BuildFolderError
from handoutkit.model import Entry, Failure, JobKey, JobRecord, Manifest

A = JobKey("a-clinic", "peel", "en")
B = JobKey("b-clinic", "peel", "en")


def entry(key, data=b"pdf bytes", kind="handout-pdf"):
    path = f"{key.clinic}/{key.procedure}/{key.stem}_{kind}.bin"
    return Entry(
        key.clinic,
        key.procedure,
        key.language,
        kind,
        "letter" if kind == "handout-pdf" else None,
        path,
        hashlib.sha256(data).hexdigest(),
        len(data),
    )


def record(key, inputs="digest-1", warnings=()):
    return JobRecord(
        key.clinic,
        key.procedure,
        key.language,
        inputs,
        "Peel",
        "Clinic",
        "2026-01-02",
        warnings=tuple(warnings),
    )


def build_one(out, key, data=b"pdf bytes", inputs="digest-1"):
    item = entry(key, data)
    write_atomic(out / item.path, data)
    manifest = merge(read_manifest(out), jobs=[record(key, inputs)], outputs=[item], out_dir=out)
    write_manifest(out, manifest)
    return item


def test_outputs_carry_job_kind_path_checksum_and_size(tmp_path):
    build_one(tmp_path, A)
    document = json.loads((tmp_path / "manifest.json").read_text())
    assert document["format"] == 4
    assert document["outputs"] == [
        {
            "clinic": "a-clinic",
            "procedure": "peel",
            "language": "en",
            "kind": "handout-pdf",
            "paper": "letter",
            "path": "a-clinic/peel/a-clinic_peel_en_handout-pdf.bin",
            "sha256": hashlib.sha256(b"pdf bytes").hexdigest(),
            "size": 9,
        }
    ]
    assert document["jobs"][0]["inputs"] == "digest-1"


def test_manifest_reads_back_what_was_written(tmp_path):
    build_one(tmp_path, A)
    failed = merge(
        read_manifest(tmp_path),
        jobs=[],
        outputs=[],
        failures=[Failure.of(B, "broken. Fix: mend it.")],
        out_dir=tmp_path,
    )
    write_manifest(tmp_path, failed)
    assert read_manifest(tmp_path) == failed
    assert read_manifest(tmp_path).failures[0].key == B


def test_building_one_job_keeps_the_records_of_the_others(tmp_path):
    build_one(tmp_path, A)
    build_one(tmp_path, B)
    build_one(tmp_path, A, b"rebuilt", inputs="digest-2")
    manifest = read_manifest(tmp_path)
    assert [e.clinic for e in manifest.outputs] == ["a-clinic", "b-clinic"]
    assert manifest.outputs[0].size == len(b"rebuilt")
    assert [job.inputs for job in manifest.jobs] == ["digest-2", "digest-1"]


def test_entries_of_deleted_files_are_dropped(tmp_path):
    build_one(tmp_path, A)
    gone = build_one(tmp_path, B)
    (tmp_path / gone.path).unlink()
    build_one(tmp_path, A)
    assert [e.clinic for e in read_manifest(tmp_path).outputs] == ["a-clinic"]


def test_a_job_is_up_to_date_only_with_the_same_inputs_and_all_its_files(tmp_path):
    item = build_one(tmp_path, A)
    manifest = read_manifest(tmp_path)
    assert up_to_date(manifest, A, "digest-1", tmp_path)
    assert not up_to_date(manifest, A, "digest-2", tmp_path)
    assert not up_to_date(manifest, B, "digest-1", tmp_path)
    (tmp_path / item.path).write_bytes(b"pdf byte")  # truncated by hand
    assert not up_to_date(manifest, A, "digest-1", tmp_path)
    (tmp_path / item.path).unlink()
    assert not up_to_date(manifest, A, "digest-1", tmp_path)


def test_a_failure_is_kept_until_the_job_builds_or_is_found_up_to_date(tmp_path):
    build_one(tmp_path, A)
    old = read_manifest(tmp_path)
    failed = merge(old, jobs=[], outputs=[], failures=[Failure.of(A, "bad")], out_dir=tmp_path)
    assert failed.failures and failed.jobs == old.jobs and failed.outputs == old.outputs
    again = merge(failed, jobs=[], outputs=[], out_dir=tmp_path)
    assert again.failures == failed.failures
    assert merge(failed, jobs=[], outputs=[], resolved=[A], out_dir=tmp_path).failures == ()
    assert merge(failed, jobs=[record(A)], outputs=[], out_dir=tmp_path).failures == ()


def test_same_builds_give_the_same_bytes(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        build_one(out, B)
        build_one(out, A)
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": 1, "outputs": []}', "of format 1"),
        ("{not json", "could not be read"),
        ('{"format": 4, "jobs": [], "outputs": [{"path": 3}]}', "an entry is damaged"),
    ],
    ids=["other-format", "not-json", "damaged-entry"],
)
def test_a_manifest_that_cannot_be_used_reads_as_empty_and_says_why(tmp_path, text, reason):
    (tmp_path / "manifest.json").write_text(text)
    manifest = read_manifest(tmp_path)
    assert (manifest.jobs, manifest.outputs) == ((), ())
    assert reason in manifest.unreadable


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/etc/passwd", "absolute"),
        ("../outside.txt", "'..'"),
        ("a/../../outside.txt", "'..'"),
        ("a\\..\\b", "backslash"),
        ("linked/file.txt", "symbolic link out"),
    ],
)
def test_a_manifest_path_outside_the_build_folder_is_an_error_naming_the_entry(tmp_path, path, why):
    out = tmp_path / "build"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / "linked").symlink_to(tmp_path / "elsewhere")
    build_one(out, A)
    document = json.loads((out / "manifest.json").read_text())
    document["outputs"][0]["path"] = path
    (out / "manifest.json").write_text(json.dumps(document))
    with pytest.raises(BuildFolderError) as caught:
        read_manifest(out)
    assert caught.value.path == out / "manifest.json"
    assert caught.value.where == "outputs[0], field 'path'"
    assert why in caught.value.problem and repr(path) in caught.value.problem
    assert "delete manifest.json" in caught.value.fix


def test_failures_are_kept_beside_the_manifest_which_they_leave_unchanged(tmp_path):
    build_one(tmp_path, A)
    before = (tmp_path / "manifest.json").read_bytes()
    failed = merge(
        read_manifest(tmp_path),
        jobs=[],
        outputs=[],
        failures=[Failure.of(B, "bad")],
        out_dir=tmp_path,
    )
    write_manifest(tmp_path, failed)
    assert (tmp_path / "manifest.json").read_bytes() == before
    assert read_manifest(tmp_path).failures == (Failure.of(B, "bad"),)


def test_warnings_can_be_added_to_one_jobs_record(tmp_path):
    build_one(tmp_path, A)
    build_one(tmp_path, B)
    manifest = with_warnings(read_manifest(tmp_path), A, ["slide 3: text outside its box"])
    assert manifest.job(A).warnings == ("slide 3: text outside its box",)
    assert manifest.job(B).warnings == ()
    assert manifest.outputs == read_manifest(tmp_path).outputs


def test_a_jobs_quality_findings_and_figures_are_kept_and_read_back(tmp_path):
    from handoutkit.model import Finding, Status

    found = (
        Finding("readability", "SMOG grade", Status.WARN, "grade 13.8", where=None),
        Finding("accessibility", "alt text", Status.PASS, "2 pictures", where="slide 1"),
    )
    kept = replace(record(A), checks=found, scores=(("SMOG grade", 13.8), ("words", 406.0)))
    manifest = merge(Manifest(), jobs=[kept], outputs=[entry(A)], out_dir=tmp_path)
    (tmp_path / entry(A).path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / entry(A).path).write_bytes(b"pdf bytes")
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path).job(A) == kept
