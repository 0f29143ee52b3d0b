"""A catalog of four jobs built in parallel, again with nothing changed, and after edits."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.build.folder import build_lock
from handoutkit.build.manifest import read_manifest
from handoutkit.build.store import STORE
from handoutkit.errors import BuildLockedError
from handoutkit.model import JobKey, Paper

from ..conftest import DEMO_CONTENT, FIXTURE_CONTENT, ROOT

pytestmark = pytest.mark.notebook

LARKSPUR = "clinics/larkspur-skin"
HARBOR = "clinics/harbor-dermatology"
KEYS = {
    JobKey(clinic, procedure, "en")
    for clinic in ("harbor-dermatology", "larkspur-skin")
    for procedure in ("chemical-peel", "microneedling")
}


def make_catalog(target):
    """Demo content plus the fixture clinic and procedure: 2 clinics × 2 procedures."""
    shutil.copytree(DEMO_CONTENT, target)
    shutil.copytree(FIXTURE_CONTENT / HARBOR, target / HARBOR)
    shutil.copytree(
        FIXTURE_CONTENT / "procedures/chemical-peel", target / "procedures/chemical-peel"
    )
    return target


def run(content, out, **options):
    options.setdefault("previews", False)
    opts = BuildOptions(content_dir=content, out_dir=out, **options)
    return build(opts, plan(opts))


def snapshot(out):
    """Bytes and modification times of every file (lock left out)."""
    return {
        p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def built_keys(report):
    return {outcome.key for outcome in report.built}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """The catalog built once with two workers: (content folder, build folder, report)."""
    root = tmp_path_factory.mktemp("catalog")
    content = make_catalog(root / "content")
    out = root / "build"
    report = run(content, out, workers=2)
    return content, out, report


@pytest.fixture
def copy(first, tmp_path):
    """A scratch copy of the built catalog and its build folder, safe to change."""
    content, out, _ = first
    shutil.copytree(content, tmp_path / "content")
    shutil.copytree(out, tmp_path / "build")
    return tmp_path / "content", tmp_path / "build"


def test_two_workers_build_every_job_of_the_catalog(first):
    _, out, report = first
    assert report.ok and built_keys(report) == KEYS and report.skipped == ()
    manifest = read_manifest(out)
    assert {job.key for job in manifest.jobs} == KEYS
    for key in KEYS:
        kinds = sorted(entry.kind for entry in manifest.outputs_of(key))
        assert kinds == sorted(
            [
                "handout-pdf",
                "handout-html",
                "slides-pptx",
                "slides-html",
                "notebook-handout",
                "notebook-slides",
                "preview-handout",
            ]
        )


def test_nothing_changed_means_nothing_built_and_nothing_written(copy):
    content, out = copy
    before = snapshot(out)
    report = run(content, out, workers=2)
    assert report.built == () and report.failed == ()
    assert set(report.skipped) == KEYS
    assert snapshot(out) == before


def test_changing_one_clinics_logo_rebuilds_only_that_clinics_jobs(copy):
    content, out = copy
    logo = content / LARKSPUR / "logo/larkspur-mark.svg"
    logo.write_text(logo.read_text().replace("#5B3F8C", "#6A4C9C"))
    before = snapshot(out)
    report = run(content, out, workers=2)
    assert built_keys(report) == {k for k in KEYS if k.clinic == "larkspur-skin"}
    assert set(report.skipped) == {k for k in KEYS if k.clinic == "harbor-dermatology"}
    after = snapshot(out)
    harbor = [path for path in before if path.startswith("harbor-dermatology/")]
    assert harbor and all(after[path] == before[path] for path in harbor)
    # Only the rebuilt clinic's gallery page is written again (with its mtime: not at all).
    assert after["gallery/harbor-dermatology.html"] == before["gallery/harbor-dermatology.html"]
    assert after["gallery/larkspur-skin.html"] != before["gallery/larkspur-skin.html"]
    deck = "larkspur-skin/microneedling/larkspur-skin_microneedling_en_slides.pptx"
    assert after[deck][0] != before[deck][0]  # the new logo is in the deck


def test_changing_one_document_rebuilds_it_for_every_clinic(copy, edit):
    content, out = copy
    edit(content / "procedures/chemical-peel/en.md", "reviewed: ", "reviewed: 2026-10-01\n#")
    report = run(content, out, workers=2)
    assert built_keys(report) == {k for k in KEYS if k.procedure == "chemical-peel"}


def test_changing_a_notebook_or_the_paper_rebuilds_everything(copy, tmp_path):
    content, out = copy
    assert built_keys(run(content, out, papers=(Paper.A4,))) == KEYS
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    book = nbformat.read(notebooks / "slides.ipynb", 4)
    book.cells.append(nbformat.v4.new_markdown_cell("A note for the team."))
    nbformat.write(book, notebooks / "slides.ipynb")
    report = run(content, out, papers=(Paper.A4,), notebooks_dir=notebooks)
    assert built_keys(report) == KEYS


def test_a_deleted_output_is_made_again(copy):
    content, out = copy
    (
        out / "harbor-dermatology/microneedling/harbor-dermatology_microneedling_en_handout.html"
    ).unlink()
    report = run(content, out)
    assert built_keys(report) == {JobKey("harbor-dermatology", "microneedling", "en")}


def test_force_rebuilds_everything_byte_for_byte(first, copy):
    content, out = copy
    original = {path: data for path, (data, _) in snapshot(first[1]).items()}
    run(content, out, workers=2, force=True)
    before = {path: data for path, (data, _) in snapshot(out).items()}
    # Built from a content folder elsewhere, the files are the same but for the notebooks
    # (their parameters name the content folder), the manifest's checksums of them and the
    # gallery's sizes of them (on the clinics' pages).
    changed = {p for p in original if original[p] != before[p] and not p.endswith(".ipynb")}
    changed.discard(STORE)  # the records' database: the same records, not the same bytes
    pages = {"gallery/harbor-dermatology.html", "gallery/larkspur-skin.html"}
    assert changed <= {"manifest.json", "index.html", *pages}
    assert "manifest.json" in changed
    report = run(content, out, workers=2, force=True)
    assert built_keys(report) == KEYS
    after = {path: data for path, (data, _) in snapshot(out).items()}
    assert after.keys() == before.keys()
    different = [path for path in before if after[path] != before[path] and path != STORE]
    assert different == []  # PDF, PPTX, HTML, notebooks, previews, manifest, gallery


def test_a_broken_brand_fails_its_clinics_jobs_and_the_others_finish(copy, edit):
    content, out = copy
    edit(content / HARBOR / "_brand.yml", "primary: teal", 'primary: "#12345Z"')
    before = snapshot(out)
    report = run(content, out, workers=2, force=True)
    assert built_keys(report) == {k for k in KEYS if k.clinic == "larkspur-skin"}
    failed = {outcome.key: outcome.error for outcome in report.failed}
    assert set(failed) == {k for k in KEYS if k.clinic == "harbor-dermatology"}
    for error in failed.values():
        assert error.startswith(str(content / HARBOR / "_brand.yml"))
        assert "line 13" in error and "'#12345Z'" in error and "Fix:" in error
    after = snapshot(out)
    harbor = [path for path in before if path.startswith("harbor-dermatology/")]
    assert all(after[path] == before[path] for path in harbor)  # previous outputs kept
    manifest = read_manifest(out)
    assert {f.key for f in manifest.failures} == set(failed)
    # Fixing the file clears the failures (and rebuilds only that clinic).
    shutil.copy(FIXTURE_CONTENT / HARBOR / "_brand.yml", content / HARBOR / "_brand.yml")
    report = run(content, out, workers=2)
    assert report.ok and read_manifest(out).failures == ()


def test_a_job_cannot_see_what_the_previous_job_defined(copy, tmp_path):
    """Every notebook checks that no earlier job's variable is visible, then sets one."""
    content, out = copy
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    for name in ("handout.ipynb", "slides.ipynb"):
        book = nbformat.read(notebooks / name, 4)
        book.cells.append(
            nbformat.v4.new_code_cell(
                "assert 'set_by_an_earlier_job' not in globals(), set_by_an_earlier_job\n"
                "set_by_an_earlier_job = clinic"
            )
        )
        nbformat.write(book, notebooks / name)
    report = run(content, out, workers=1, notebooks_dir=notebooks)
    assert report.ok, [outcome.error for outcome in report.failed]
    assert built_keys(report) == KEYS  # four jobs, eight notebooks, one kernel


def test_a_second_build_of_the_same_folder_is_refused_while_one_runs(copy):
    content, out = copy
    with build_lock(out), pytest.raises(BuildLockedError) as caught:
        run(content, out, force=True)
    assert "another Handout Kit build is writing to this folder" in caught.value.message


def test_a_document_saved_while_its_job_runs_is_built_again_next_time(copy, tmp_path):
    """The handout notebook saves its own document halfway through the job, as an editor
    would: the job's record must not claim the new text, so the next build builds it."""
    content, out = copy
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    book = nbformat.read(notebooks / "handout.ipynb", 4)
    book.cells.append(
        nbformat.v4.new_code_cell(
            "from pathlib import Path\n"
            "saved = Path(content_dir) / 'procedures' / procedure / f'{language}.md'\n"
            "if clinic == 'larkspur-skin' and procedure == 'microneedling':\n"
            "    saved.write_text(saved.read_text() + '\\nA sentence saved during the build.\\n')"
        )
    )
    nbformat.write(book, notebooks / "handout.ipynb")
    changed = JobKey("larkspur-skin", "microneedling", "en")
    report = run(content, out, workers=1, notebooks_dir=notebooks, force=True)
    assert report.ok, [outcome.error for outcome in report.failed]
    assert any(
        "changed while they were built" in note and str(changed) in note for note in report.notes
    )
    # The job that read the file as it changed is not up to date; the others are.
    again = plan(BuildOptions(content_dir=content, out_dir=out, notebooks_dir=notebooks))
    stale = {job.key for job in again.to_build}
    assert changed in stale
    assert JobKey("larkspur-skin", "chemical-peel", "en") not in stale
    assert read_manifest(out).job(changed).inputs != next(
        job.inputs for job in again.jobs if job.key == changed
    )


def test_a_picture_from_a_shared_folder_is_part_of_its_jobs_fingerprint(copy, edit):
    """A document may show a picture from elsewhere in the content folder: the job records
    what it read there, and a change to that picture rebuilds the handouts that show it."""
    from PIL import Image

    content, out = copy
    shared = content / "shared" / "diagram.png"
    shared.parent.mkdir()
    Image.new("RGB", (40, 30), "navy").save(shared)
    edit(
        content / "procedures/microneedling/en.md",
        "## Conclusion\n",
        "## Conclusion\n\n![A diagram of the skin](../../shared/diagram.png)\n\n",
    )
    report = run(content, out, workers=2)
    assert report.ok, [outcome.error for outcome in report.failed]
    record = read_manifest(out).job(JobKey("larkspur-skin", "microneedling", "en"))
    assert record.outside_inputs == ("shared/diagram.png",)
    assert plan(BuildOptions(content_dir=content, out_dir=out)).to_build == ()
    Image.new("RGB", (40, 30), "maroon").save(shared)
    again = plan(BuildOptions(content_dir=content, out_dir=out))
    assert {job.key for job in again.to_build} == {
        JobKey(clinic, "microneedling", "en") for clinic in ("harbor-dermatology", "larkspur-skin")
    }
