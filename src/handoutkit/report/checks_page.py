"""``checks.html``: the quality report as a page for the people who write and approve the text."""

from __future__ import annotations

from pathlib import Path

from ..model import Status
from ..quality.report import QualityReport
from ..resources import PROJECT_TEMPLATES
from .pages import page_environment


def checks_html(report: QualityReport, templates_dir: Path = PROJECT_TEMPLATES) -> bytes:
    """The report as UTF-8 HTML (``templates/gallery/checks.html.j2``)."""
    template = page_environment(templates_dir).get_template("checks.html.j2")
    html = template.render(
        report=report,
        subjects=report.subjects,
        errors=report.count(Status.ERROR),
        warnings=report.count(Status.WARN),
    )
    return html.encode("utf-8")
