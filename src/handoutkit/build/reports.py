"""The quality report's files in the build folder: ``checks.json`` and ``checks.html``."""

from __future__ import annotations

from pathlib import Path

from ..quality.names import CHECKS_HTML, CHECKS_JSON
from ..quality.report import QualityReport
from ..report.checks_page import checks_html
from ..resources import PROJECT_TEMPLATES
from .folder import BuildFolder


def write_report(
    report: QualityReport, folder: BuildFolder, templates_dir: Path = PROJECT_TEMPLATES
) -> tuple[Path, Path]:
    """``checks.json`` and ``checks.html`` in the build folder, together and atomically."""
    folder.commit(
        [(CHECKS_JSON, report.as_json()), (CHECKS_HTML, checks_html(report, templates_dir))]
    )
    return folder.root / CHECKS_JSON, folder.root / CHECKS_HTML
