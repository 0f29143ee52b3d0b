"""``handoutkit build`` refuses documents whose quality checks find errors, unless told not to."""

from __future__ import annotations

import pytest

from handoutkit.builder import BuildOptions, build, plan
from handoutkit.manifest import read_manifest


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


@pytest.mark.notebook
def test_a_job_whose_deck_check_finds_an_error_is_not_written(content, tmp_path, monkeypatch):
    from handoutkit import checks, quality

    def inaccessible(handout):
        return (
            checks.Finding("accessibility", "alt text", checks.Status.ERROR, "no alt. Fix: add"),
        )

    # The report runs in the builder's process, while the workers build.
    monkeypatch.setattr(quality, "outputs_accessibility", inaccessible)
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "b", previews=False)
    report = build(options, plan(options))
    (failure,) = report.failed
    assert report.built == ()
    assert "the quality check 'alt text' found an error" in failure.error
    assert "--allow-errors" in failure.error
    assert not list((tmp_path / "b").rglob("*.pptx"))
    data = (tmp_path / "b" / "checks.json").read_text()
    assert '"status": "error"' in data
