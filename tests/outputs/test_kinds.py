"""The output-kind seam: one contract every registered kind passes, and a kind from outside
the package (tests/plugins/summary_kind.py) built, recorded and shown with no change to it."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest
from bs4 import BeautifulSoup

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.build.manifest import read_manifest
from handoutkit.build.store import STORE
from handoutkit.errors import BuildFolderError
from handoutkit.outputs.kinds import file_kinds, kinds, register, unregister

from ..conftest import DEMO_CONTENT
from ..plugins.summary_kind import SummaryKind

pytestmark = pytest.mark.notebook


def run(out, **options):
    opts = BuildOptions(content_dir=DEMO_CONTENT, out_dir=out, large_print=True, **options)
    return build(opts, plan(opts))


def files_of(out):
    """Every file's bytes, but the records' database's (its records are compared instead: a
    build that failed leaves it marked unfinished, for the next build to sweep the folder)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(STORE)
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("kinds") / "build"
    report = run(out, workers=1)
    assert report.ok, [o.error for o in report.failed]
    return out


def test_the_built_in_kinds_are_the_handout_and_the_deck():
    assert [kind.name for kind in kinds()][:2] == ["handout", "slides"]
    names = [file.name for file in file_kinds()]
    assert len(names) == len(set(names))  # no file kind belongs to two output kinds


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.name)
def test_every_kind_builds_records_and_shows_its_files(built, kind):
    manifest = read_manifest(built)
    own = {file.name for file in kind.files}
    entries = [entry for entry in manifest.outputs if entry.kind in own]
    listed = {file.name: file.label for file in kind.files if file.listed}
    assert {entry.kind for entry in entries} >= set(listed) - {"handout-large-pdf"} or entries
    assert any(entry.kind in listed for entry in entries)
    for entry in entries:  # in the manifest, on disk, whole
        data = (built / entry.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256 and len(data) == entry.size
    page = built / "gallery/larkspur-skin.html"
    links = {a.get_text() for a in BeautifulSoup(page.read_text(), "html.parser")
             .select("ul.files a")}  # fmt: skip
    for entry in entries:
        if entry.kind in listed:
            label = listed[entry.kind]
            assert any(link.startswith(label) for link in links), label


def test_every_manifest_entry_belongs_to_a_registered_kind(built):
    known = {file.name for file in file_kinds()}
    assert {entry.kind for entry in read_manifest(built).outputs} <= known


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.name)
def test_every_kind_is_byte_identical_on_rebuild_and_written_all_or_nothing(
    built, kind, tmp_path, monkeypatch
):
    out = tmp_path / "build"
    shutil.copytree(built, out)
    before, recorded = files_of(out), read_manifest(out)
    own = {file.name for file in kind.files}
    paths = {e.path for e in read_manifest(out).outputs if e.kind in own}
    real_replace = os.replace

    def refuse_this_kind(source, target):
        if any(str(target).endswith(path) for path in paths):
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_this_kind)
    with pytest.raises(BuildFolderError):
        run(out, workers=1, force=True, executor="in-process")
    assert files_of(out) == before  # nothing of the job was replaced, the manifest neither
    assert read_manifest(out) == recorded
    monkeypatch.setattr(os, "replace", real_replace)
    report = run(out, workers=1, force=True, executor="in-process")
    assert report.ok
    after = files_of(out)
    for path in paths:
        assert after[path] == before[path], path


@pytest.fixture
def summary_kind():
    kind = register(SummaryKind())
    yield kind
    unregister(kind.name)


def test_a_kind_from_outside_the_package_is_built_recorded_and_shown(summary_kind, tmp_path):
    out = tmp_path / "build"
    report = run(out, executor="in-process", previews=False)
    assert report.ok, [o.error for o in report.failed]
    (entry,) = [e for e in read_manifest(out).outputs if e.kind == "summary-txt"]
    text = (out / entry.path).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Microneedling"
    assert "- How Does Microneedling Work?" in text
    gallery = BeautifulSoup((out / "gallery/larkspur-skin.html").read_text(), "html.parser")
    assert "Summary (text)" in {a.get_text() for a in gallery.select("ul.files a")}
    # Its notebook is part of every job's fingerprint: with nothing changed, nothing to build.
    again = plan(BuildOptions(content_dir=DEMO_CONTENT, out_dir=out, large_print=True))
    assert again.to_build == ()
