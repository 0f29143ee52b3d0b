"""The gallery and the quality report made from the build's records a clinic at a time
(`build.reports.StoreGallery`, `build.gate.report_records`) are what the whole manifest
makes, byte for byte, without loading every record whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from handoutkit.build.folder import BuildFolder
from handoutkit.build.gate import report_records
from handoutkit.build.manifest import open_records
from handoutkit.build.reports import write_gallery
from handoutkit.model import Failure, Finding, JobKey, Manifest, Status
from handoutkit.quality.report import HANDOUT_GROUP, whole_records

from ..report import synthetic

LOST = JobKey("clinic-009", "microneedling", "en")  # failed, never built: files, no record


def checked(manifest: Manifest) -> Manifest:
    """Every other job checked: its document's figures and findings of three groups, which
    say which job they are about (so a job given another's findings is seen)."""
    jobs = []
    for number, record in enumerate(manifest.jobs):
        if number % 2:
            jobs.append(record)
            continue
        said = f"{record.key} #{number}"
        checks = (
            Finding("readability", "grade", Status.WARN, f"grade 11 in {said}"),
            Finding("brand", "contrast", Status.PASS, f"4.8:1 in {said}"),
            Finding(HANDOUT_GROUP, "alt text", Status.ERROR, f"no alt text in {said}"),
            Finding(HANDOUT_GROUP, "slide titles", Status.PASS, "8 slides, each titled."),
        )
        scores = (("FK grade", 9.5), ("target grade", 8.0))
        jobs.append(dataclasses.replace(record, checks=checks, scores=scores))
    return dataclasses.replace(manifest, jobs=tuple(jobs))


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, Manifest]:
    manifest = checked(synthetic.manifest(5, 3))
    out = tmp_path / "build"
    out.mkdir()
    with open_records(out) as store:
        for record in manifest.jobs:
            store.put_job(record, manifest.outputs_of(record.key))
        store.settle_failures([*manifest.failures, Failure.of(LOST, "no brand")], resolved=[])
        lost_files = synthetic.job_files(LOST)
        store.put_outputs(lost_files)
    whole = dataclasses.replace(
        manifest,
        jobs=tuple(sorted(manifest.jobs, key=lambda record: record.key)),
        outputs=tuple(sorted((*manifest.outputs, *lost_files), key=lambda e: (e.path, e.kind))),
        failures=tuple(
            sorted((*manifest.failures, Failure.of(LOST, "no brand")), key=lambda f: f.key)
        ),
    )
    return out, whole


def pages(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.parametrize("clinics", [None, ["clinic-001", "clinic-009"]])
def test_the_gallery_from_the_records_is_the_gallery_of_the_whole_manifest(
    recorded, tmp_path, clinics
):
    out, manifest = recorded
    from_store, from_manifest = tmp_path / "a", tmp_path / "b"
    for folder in (from_store, from_manifest):
        folder.mkdir()
    with open_records(out) as store:
        assert store.manifest() == manifest  # the fixture recorded what it meant to
        write_gallery(BuildFolder(from_store), store, clinics=clinics)
    write_gallery(BuildFolder(from_manifest), manifest, clinics=clinics)
    made = pages(from_store)
    assert made == pages(from_manifest)
    assert "gallery/clinic-009.html" in made
    assert (clinics is None) == ("gallery/clinic-002.html" in made)
    assert b'"c":"clinic-009","n":"","p":"microneedling"' in made["gallery/index.json"]


def test_the_report_reads_every_jobs_accessibility_and_only_a_few_records_whole(recorded):
    out, manifest = recorded
    keys = sorted({record.key for record in manifest.jobs} | {LOST})
    with open_records(out) as store:
        light = report_records(store, keys)
    full = report_records(manifest, keys)
    assert light.keys() == full.keys() and LOST not in light
    whole = whole_records(keys, full)
    # At most the first checked job of each of the 3 × 3 documents and of each of 5 clinics.
    assert 5 <= len(whole) <= 9 + 5 < len(keys)
    for key in keys:
        if key in whole:
            assert light[key] == full[key]
        elif key in full:
            kept = tuple(f for f in full[key].checks if f.group == HANDOUT_GROUP)
            assert light[key].checks == kept and light[key].scores == full[key].scores
            assert light[key].checked == full[key].checked
