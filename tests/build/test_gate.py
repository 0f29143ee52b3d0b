"""``handoutkit build`` refuses documents whose quality checks find errors, unless told not to."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.build.manifest import read_manifest
from handoutkit.resources import PROJECT_NOTEBOOKS


def overdue(content, edit):
    edit(content / "procedures/microneedling/en.md", "reviewed: 2026-11-02", "reviewed: 2023-01-15")


def test_a_document_reviewed_long_ago_is_not_built_and_says_why(content, edit, tmp_path):
    overdue(content, edit)
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "b", previews=False)
    report = build(options, plan(options))
    (failure,) = report.failed
    assert report.built == ()
    assert "last reviewed 2023-01-15" in failure.error
    assert "more than twice the 12-month review interval" in failure.error
    assert "--allow-errors" in failure.error and "Fix:" in failure.error
    assert failure.error.startswith(str(content / "procedures/microneedling/en.md"))
    assert [f.key for f in read_manifest(tmp_path / "b").failures] == [failure.key]
    assert not list((tmp_path / "b").rglob("*.pdf"))


@pytest.mark.notebook
def test_allow_errors_builds_it_anyway(content, edit, tmp_path):
    overdue(content, edit)
    options = BuildOptions(
        content_dir=content, out_dir=tmp_path / "b", previews=False, allow_errors=True
    )
    report = build(options, plan(options))
    assert report.ok and len(report.built) == 1


def notebooks_finding_an_error(tmp_path):
    """The project's notebooks, but the slides notebook's checks find an error."""
    folder = tmp_path / "notebooks"
    shutil.copytree(PROJECT_NOTEBOOKS, folder)
    book = nbformat.read(folder / "slides.ipynb", 4)
    (cell,) = [c for c in book.cells if c.source == "deck.checks"]
    cell.source = (
        "from handoutkit.quality.checks import Finding, Status\n"
        "hk.Checks((Finding('accessibility', 'alt text', Status.ERROR, 'no alt. Fix: add'),), ())"
    )
    nbformat.write(book, folder / "slides.ipynb")
    return folder


@pytest.mark.notebook
def test_a_job_whose_notebook_checks_find_an_error_is_not_written(content, tmp_path):
    options = BuildOptions(
        content_dir=content,
        out_dir=tmp_path / "b",
        notebooks_dir=notebooks_finding_an_error(tmp_path),
        previews=False,
    )
    report = build(options, plan(options))
    (failure,) = report.failed
    assert report.built == ()
    assert failure.error.startswith(str(content / "clinics/larkspur-skin/_brand.yml"))
    assert "the quality check 'alt text' found an error: no alt. Fix: add" in failure.error
    assert "--allow-errors" in failure.error
    assert not list((tmp_path / "b").rglob("*.pptx"))

    allowed = BuildOptions(
        content_dir=content,
        out_dir=tmp_path / "b",
        notebooks_dir=options.notebooks_dir,
        previews=False,
        allow_errors=True,
    )
    report = build(allowed, plan(allowed))
    assert report.ok and len(report.built) == 1
    data = json.loads((tmp_path / "b" / "checks.json").read_text())
    (handout,) = [s for s in data["subjects"] if s["kind"] == "handout"]
    assert handout["result"] == "error"
