"""The gallery as pages: a page per clinic, the entry page and the index of every job, read
from a made-up manifest (no build), at sizes up to a few hundred clinics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handoutkit.build.folder import BuildFolder
from handoutkit.build.reports import write_gallery
from handoutkit.model import Failure, JobKey, JobRecord, Manifest
from handoutkit.report.gallery import (
    gallery_files,
    index_row,
    index_rows,
    index_script,
    render_clinic,
)

from . import synthetic
from .synthetic import clinic_slug, job_files

# The index holds a row per job: at 60,000 jobs (500 clinics × 40 procedures × 3 languages)
# under 400 bytes a row is under 24 MB, against ~100 MB for the single page it replaces.
BYTES_PER_ROW = 400


def soup_of(data: bytes) -> BeautifulSoup:
    return BeautifulSoup(data.decode("utf-8"), "html.parser")


def written(tmp_path: Path, manifest: Manifest, **options) -> Path:
    folder = BuildFolder(tmp_path)
    folder.create()
    return write_gallery(folder, manifest, **options)


# --- The rows of the index -------------------------------------------------------------------


def test_a_row_is_made_from_one_jobs_record_files_and_failure():
    key = JobKey("larkspur-skin", "microneedling", "ar")
    record = JobRecord(
        *("larkspur-skin", "microneedling", "ar", "0" * 64),
        title="الوخز بالإبر الدقيقة",
        clinic_name="Larkspur Skin Clinic",
        approval="changed since its approval 2026-10-01 by Dr. Lee: 1 sentence changed",
        warnings=("one", "two"),
    )
    failure = Failure.of(key, "the notebook failed")
    row = index_row(key, record, job_files(key), failure)
    assert row == {
        "c": "larkspur-skin",
        "n": "Larkspur Skin Clinic",
        "p": "microneedling",
        "t": "الوخز بالإبر الدقيقة",
        "l": "ar",
        "w": 2,
        "f": 1,
        "a": "changed",
        "h": "gallery/larkspur-skin.html#larkspur-skin_microneedling_ar",
        "i": "larkspur-skin/microneedling/previews/larkspur-skin_microneedling_ar_handout.png",
    }


def test_a_job_that_never_built_has_a_row_with_what_is_known():
    key = JobKey("birch-skin", "botox", "en")
    row = index_row(key, None, (), Failure.of(key, "unknown clinic"))
    assert row["t"] == "botox" and row["n"] == "" and row["f"] == 1 and row["a"] == ""
    assert "i" not in row and row["w"] == 0


@pytest.mark.parametrize(
    ("approval", "state"),
    [
        ("approved 2026-12-04 by Dr. A. Lee (Medical Director)", "approved"),
        ("changed since its approval 2026-10-01 by Dr. A. Lee: 1 sentence changed", "changed"),
        ("never approved", "never"),
        ("", ""),
    ],
)
def test_the_approval_state_is_the_first_word_of_the_records_approval(approval, state):
    key = JobKey("a", "b", "en")
    record = JobRecord("a", "b", "en", "0" * 64, approval=approval)
    assert index_row(key, record, (), None)["a"] == state


def test_the_index_has_one_row_per_job_in_json_and_in_the_script():
    manifest = synthetic.manifest(4, 5)
    files = dict(gallery_files(manifest).index)
    data = json.loads(files["gallery/index.json"])
    keys = sorted(job.key for job in manifest.jobs)
    assert data["format"] == 1 and data["jobs"] == len(keys) == 4 * 5 * 3
    assert [(r["c"], r["p"], r["l"]) for r in data["rows"]] == [
        (k.clinic, k.procedure, k.language) for k in keys
    ]
    script = files["gallery/index.js"].decode("utf-8")
    prefix = "window.HANDOUTKIT_INDEX = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix) : -2]) == data


def test_the_index_stays_small_per_job():
    """Rows stay under BYTES_PER_ROW each, measured on the whole file (its frame included)."""
    manifest = synthetic.manifest(20, 10)
    files = dict(gallery_files(manifest).index)
    jobs = len(manifest.jobs)
    for name in ("gallery/index.json", "gallery/index.js"):
        assert len(files[name]) / jobs < BYTES_PER_ROW, (name, len(files[name]) / jobs)
    # The entry page lists clinics, not jobs: its size grows with the clinics only.
    assert len(files["index.html"]) / jobs < 100


def test_the_script_escapes_the_line_separators_json_allows():
    row = {"t": "a\u2028b\u2029c"}
    script = index_script([row]).decode("utf-8")
    assert "\u2028" not in script and "\\u2028" in script and "\\u2029" in script


# --- A page per clinic ----------------------------------------------------------------------


def test_a_manifest_of_several_clinics_gives_one_page_per_clinic(tmp_path):
    manifest = synthetic.manifest(3, 2)
    entry = written(tmp_path, manifest)
    assert entry == tmp_path / "index.html"
    pages = sorted(p.name for p in (tmp_path / "gallery").glob("*.html"))
    assert pages == [f"{clinic_slug(n)}.html" for n in range(3)]
    assert {p.name for p in (tmp_path / "gallery").iterdir()} == {
        *pages,
        "index.json",
        "index.js",
    }


def test_a_clinics_page_holds_its_cards_and_never_another_clinics(tmp_path):
    manifest = synthetic.manifest(3, 2)
    written(tmp_path, manifest)
    for number in range(3):
        clinic = clinic_slug(number)
        soup = BeautifulSoup((tmp_path / f"gallery/{clinic}.html").read_text(), "html.parser")
        cards = [article["id"] for article in soup.select("article")]
        expected = sorted(job.key.stem for job in manifest.jobs if job.clinic == clinic)
        assert sorted(cards) == expected and len(cards) == 2 * 3
        others = [clinic_slug(n) for n in range(3) if n != number]
        text = str(soup)
        assert not any(other in text for other in others)


def test_every_link_of_a_clinics_page_is_relative_to_the_page(tmp_path):
    """The files are one folder up (``../<clinic>/...``); each href resolves from
    ``gallery/`` to a file the manifest lists, or to one of the build folder's pages."""
    manifest = synthetic.manifest(2, 2)
    written(tmp_path, manifest)
    listed = {entry.path for entry in manifest.outputs}
    pages = {"index.html", "checks.html", "checks/clinic-000.html"}
    pages |= {f"checks/procedures/{p}.html" for p in ("chemical-peel", "microneedling")}
    soup = BeautifulSoup((tmp_path / "gallery/clinic-000.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.select("a[href]")] + [i["src"] for i in soup.select("img")]
    assert hrefs
    for link in hrefs:
        path, _, fragment = link.partition("#")
        if not path:
            assert soup.find(id=fragment), link
            continue
        assert path.startswith("../"), link
        target = path[len("../") :]
        assert target in listed or target in pages, link


def test_pictures_load_lazily_with_their_size_given(tmp_path):
    manifest = synthetic.manifest(1, 1)
    written(tmp_path, manifest)
    soup = BeautifulSoup((tmp_path / "gallery/clinic-000.html").read_text(), "html.parser")
    images = soup.select("img")
    assert len(images) == 3
    for image in images:
        assert image["loading"] == "lazy" and image["decoding"] == "async"
        assert (image["width"], image["height"]) == ("420", "544")  # Letter, its first paper


def test_a_clinics_page_does_not_grow_with_the_other_clinics():
    small = synthetic.manifest(1, 8)
    large = synthetic.manifest(300, 8)
    one = render_clinic(small, clinic_slug(0))
    same = render_clinic(large, clinic_slug(0))
    assert len(same) == len(one)


def test_the_entry_page_lists_every_clinic_with_its_counts_and_links():
    manifest = synthetic.manifest(3, 4)
    soup = soup_of(dict(gallery_files(manifest).index)["index.html"])
    rows = soup.select("#clinicList tbody tr")
    assert [row["id"] for row in rows] == [clinic_slug(n) for n in range(3)]
    rows_of = index_rows(manifest)
    for row in rows:
        mine = [r for r in rows_of if r["c"] == row["id"]]
        link = row.select_one("th a")
        assert link["href"] == f"gallery/{row['id']}.html"
        assert link.get_text() == mine[0]["n"]
        numbers = [td.get_text() for td in row.select("td.number")]
        assert numbers == [
            str(len(mine)),
            str(sum(r["w"] > 0 for r in mine)),
            str(sum(r["f"] for r in mine)),
        ]
        assert row.select("td a")[-1]["href"] == f"checks/{row['id']}.html"
    # The search's choices, and where the page finds the index.
    assert [o["value"] for o in soup.select("#searchClinic option")][1:] == [
        clinic_slug(n) for n in range(3)
    ]
    assert [o["value"] for o in soup.select("#searchLanguage option")][1:] == ["en", "es", "zh"]
    (script,) = [s for s in soup.select("script[src]")]
    assert re.fullmatch(r"gallery/index\.js\?v=[0-9a-f]{12}", script["src"])
    assert soup.select_one("#findHandout")["data-index"] == "gallery/index.json"


def test_the_pages_of_some_clinics_are_rewritten_and_the_index_of_all(tmp_path):
    manifest = synthetic.manifest(3, 2)
    written(tmp_path, manifest)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "gallery").iterdir()}
    page = tmp_path / "gallery/clinic-001.html"
    page.write_text("stale")
    (tmp_path / "gallery/clinic-000.html").write_text("kept as it is")
    written(tmp_path, manifest, clinics=["clinic-001"])
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "gallery/clinic-000.html").read_text() == "kept as it is"
    assert (tmp_path / "gallery/index.js").stat().st_mtime_ns >= before["index.js"]
    rows = json.loads((tmp_path / "gallery/index.json").read_text())["rows"]
    assert len(rows) == len(manifest.jobs)


def test_the_page_of_a_clinic_with_no_job_left_is_removed(tmp_path):
    written(tmp_path, synthetic.manifest(3, 1))
    written(tmp_path, synthetic.manifest(2, 1))
    assert sorted(p.name for p in (tmp_path / "gallery").glob("*.html")) == [
        "clinic-000.html",
        "clinic-001.html",
    ]
    written(tmp_path, synthetic.manifest(1, 1), clinics=["clinic-001"])
    assert not (tmp_path / "gallery/clinic-001.html").exists()


def test_a_clinic_called_gallery_keeps_its_own_files(tmp_path):
    """A clinic's outputs are in ``<clinic>/<procedure>/``: a clinic called ``gallery``
    shares the folder with the pages, and the sweep of stale pages leaves its files alone."""
    key = JobKey("gallery", "botox", "en")
    record = JobRecord("gallery", "botox", "en", "0" * 64, title="Botox")
    manifest = Manifest((record,), tuple(job_files(key)), ())
    output = tmp_path / "gallery/botox/gallery_botox_en_handout.html"
    output.parent.mkdir(parents=True)
    output.write_text("the clinic's handout")
    written(tmp_path, manifest)
    written(tmp_path, Manifest())
    assert output.read_text() == "the clinic's handout"
    assert not (tmp_path / "gallery/gallery.html").exists()


def test_hrefs_are_quoted():
    key = JobKey("a-b", "c", "en")
    entries = [e.__class__(**{**{f: getattr(e, f) for f in e.__slots__}, "path": "a-b/c/x y#z.pdf"})
               for e in job_files(key)[:1]]  # fmt: skip
    record = JobRecord("a-b", "c", "en", "0" * 64)
    html = render_clinic(Manifest((record,), tuple(entries), ()), "a-b").decode()
    assert 'href="../a-b/c/x%20y%23z.pdf"' in html
