"""The build folder's own pages: the quality report (``checks.json``, ``checks.html``) and the
gallery (``index.html``)."""

from __future__ import annotations

from pathlib import Path

from ..model import Manifest
from ..quality.names import CHECKS_HTML, CHECKS_JSON
from ..quality.report import QualityReport
from ..report.checks_page import checks_html
from ..resources import PROJECT_TEMPLATES
from .folder import BuildFolder

GALLERY = "index.html"


def write_report(
    report: QualityReport, folder: BuildFolder, templates_dir: Path = PROJECT_TEMPLATES
) -> tuple[Path, Path]:
    """``checks.json`` and ``checks.html`` in the build folder, together and atomically."""
    folder.commit(
        [(CHECKS_JSON, report.as_json()), (CHECKS_HTML, checks_html(report, templates_dir))]
    )
    return folder.root / CHECKS_JSON, folder.root / CHECKS_HTML


def write_gallery(
    folder: BuildFolder, manifest: Manifest, templates_dir: Path = PROJECT_TEMPLATES
) -> Path:
    """The gallery of every job ``manifest`` records; returns its entry page."""
    # start-up: Jinja2 only when the gallery changes.
    from ..report.gallery import render_gallery

    folder.write(GALLERY, render_gallery(manifest, templates_dir))
    return folder.root / GALLERY
