"""``handoutkit check``: run the quality checks over a selection and report them.

Documents (procedure × language) get readability, structure and governance
findings; clinics get brand-contrast findings; each clinic × document gets
accessibility findings from its deck plan. The report prints as a table, is
written to ``build/checks.json`` and ``build/checks.html`` (linked from the
gallery), and decides the exit code and which jobs a build refuses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, JobKey
from .checks import (
    CheckSettings,
    Finding,
    Status,
    brand_contrast,
    governance,
    outputs_accessibility,
    pemat_score,
    readability,
    readability_scores,
    structure,
)
from .files import write_atomic
from .templates import PROJECT_TEMPLATES

CHECKS_JSON = "checks.json"
CHECKS_HTML = "checks.html"


@dataclass(frozen=True, slots=True)
class Subject:
    """What a group of findings is about: a document, a clinic, or one clinic's handout."""

    kind: str  # "document", "clinic" or "handout"
    name: str  # "microneedling/en", "larkspur-skin", "larkspur-skin × microneedling × en"
    path: Path  # the file the findings are about
    source: str  # the same, relative to the content folder's parent: the same on every machine
    findings: tuple[Finding, ...]
    scores: tuple[tuple[str, float], ...] = ()

    @property
    def anchor(self) -> str:
        """The subject's id in checks.html, for links from the gallery."""
        return anchor(self.kind, self.name)

    @property
    def worst(self) -> Status:
        statuses = {finding.status for finding in self.findings}
        return next((s for s in (Status.ERROR, Status.WARN) if s in statuses), Status.PASS)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "source": self.source,
            "result": self.worst.value,
            "scores": dict(self.scores),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class QualityReport:
    subjects: tuple[Subject, ...]
    settings: CheckSettings

    def count(self, status: Status) -> int:
        return sum(f.status is status for s in self.subjects for f in s.findings)

    def exit_code(self, *, strict: bool) -> int:
        """0 clean, 1 warnings (only with ``strict``), 2 errors."""
        if self.count(Status.ERROR):
            return 2
        return 1 if strict and self.count(Status.WARN) else 0

    def refused(self, keys: Sequence[JobKey]) -> dict[JobKey, str]:
        """The jobs a build must not make, with the first error that stops each."""
        errors = {
            (s.kind, s.name): (s.path, f) for s in self.subjects for f in s.findings
            if f.status is Status.ERROR
        }  # fmt: skip
        refused = {}
        for key in keys:
            hit = errors.get(("document", f"{key.procedure}/{key.language}")) or errors.get(
                ("handout", str(key))
            )
            if hit:
                source, finding = hit
                where = f", {finding.where}" if finding.where else ""
                refused[key] = (
                    f"{source}{where}: the quality check '{finding.item}' found an error: "
                    f"{finding.detail} (or build anyway with --allow-errors)"
                )
        return refused

    def as_json(self) -> bytes:
        report = {
            "format": 1,
            "checked_on": self.settings.today.isoformat(),
            "errors": self.count(Status.ERROR),
            "warnings": self.count(Status.WARN),
            "subjects": [s.as_dict() for s in self.subjects],
        }
        return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def as_html(self, templates_dir: Path = PROJECT_TEMPLATES) -> bytes:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        environment = Environment(
            loader=FileSystemLoader(str(templates_dir / "gallery")),
            autoescape=True,
            undefined=StrictUndefined,
        )
        template = environment.get_template("checks.html.j2")
        html = template.render(
            report=self,
            subjects=self.subjects,
            errors=self.count(Status.ERROR),
            warnings=self.count(Status.WARN),
        )
        return html.encode("utf-8")


def anchor(kind: str, name: str) -> str:
    return f"{kind}-" + name.replace("/", "-").replace(" × ", "_")


def document_subject(
    catalog: Catalog, procedure: str, language: str, settings: CheckSettings
) -> Subject:
    """Readability, structure and governance of one document (its file is read here)."""
    from .content import read_document

    path = catalog.document_path(procedure, language)
    document, _ = read_document(path, content_root=catalog.root)
    found = (
        *readability(document, settings),
        *structure(document),
        *governance(document, settings),
    )
    scores = (
        *readability_scores(document),
        ("target grade", settings.target_for(document)),
        ("PEMAT structure (%)", float(pemat_score(found))),
    )
    return Subject(
        "document", f"{procedure}/{language}", path, _shown(path, catalog), found, scores
    )


def _shown(path: Path, catalog: Catalog) -> str:
    return path.relative_to(catalog.root.parent).as_posix()


def run_checks(
    catalog: Catalog,
    keys: Sequence[JobKey],
    settings: CheckSettings,
    *,
    decks: bool = True,
) -> QualityReport:
    """Every check for the jobs ``keys``; ``decks=False`` leaves out the deck plans' checks.

    A document or brand file that cannot be read raises its HandoutKitError, as a build does.
    """
    from .brand import read_clinic
    from .view import handout_text_colors

    subjects = [
        document_subject(catalog, procedure, language, settings)
        for procedure, language in sorted({(k.procedure, k.language) for k in keys})
    ]
    for slug in sorted({k.clinic for k in keys}):
        brand = catalog.brand_path(slug)
        clinic, _ = read_clinic(brand.parent)
        findings = brand_contrast(handout_text_colors(clinic).pairs)
        subjects.append(Subject("clinic", slug, brand, _shown(brand, catalog), findings))
    if decks:
        for key in keys:
            brand = catalog.brand_path(key.clinic)
            findings = outputs_accessibility(catalog.load(key))
            subjects.append(Subject("handout", str(key), brand, _shown(brand, catalog), findings))
    return QualityReport(tuple(subjects), settings)


def write_report(
    report: QualityReport, out_dir: Path, templates_dir: Path = PROJECT_TEMPLATES
) -> tuple[Path, Path]:
    """``checks.json`` and ``checks.html`` in ``out_dir``, written atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / CHECKS_JSON, out_dir / CHECKS_HTML
    write_atomic(json_path, report.as_json())
    write_atomic(html_path, report.as_html(templates_dir))
    return json_path, html_path
