"""``handoutkit check``: run the quality checks over a selection and report them.

Documents (procedure × language) get readability, structure and governance
findings; clinics get brand-contrast findings; each clinic × document gets
accessibility findings from its deck plan. The report prints as a table, is
written to ``build/checks.json`` and ``build/checks.html`` (linked from the
gallery), and decides the exit code and which jobs a build refuses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HandoutKitError
from ..model import ApprovalState, Clinic, Document, Finding, Handout, JobKey, Status
from ..outputs.handout.view import handout_text_colors
from ..read.approvals import approval_state, read_approvals
from ..read.brand import read_clinic
from ..read.catalog import Catalog
from ..read.content import read_document
from ..read.handout import load_handout
from .checks import (
    CheckSettings,
    brand_contrast,
    pemat_score,
    readability,
    readability_scores,
    structure,
)
from .deckchecks import outputs_accessibility
from .governance import approve_command, governance
from .names import anchor

if TYPE_CHECKING:
    from ..model import JobRecord

DOCUMENT_GROUPS = ("readability", "structure")  # a document's undated findings
HANDOUT_GROUP = "accessibility"  # a handout's findings (one clinic's deck of one document)


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
                refused[key] = refusal(*hit)
        return refused

    def as_json(self) -> bytes:
        """``checks.json``: as ``json.dumps(..., indent=2)`` lays the report out, made a
        subject at a time (a catalog of 60,000 jobs has as many subjects)."""
        head = {
            "format": 1,
            "checked_on": self.settings.today.isoformat(),
            "errors": self.count(Status.ERROR),
            "warnings": self.count(Status.WARN),
        }
        text = json.dumps(head, indent=2, ensure_ascii=False)
        chunks = [text[: -len("\n}")].encode("utf-8"), b',\n  "subjects": ']
        for number, subject in enumerate(self.subjects):
            laid = json.dumps(subject.as_dict(), indent=2, ensure_ascii=False)
            chunks.append(
                ((",\n    " if number else "[\n    ") + laid.replace("\n", "\n    ")).encode()
            )
        chunks.append(b"\n  ]\n}\n" if self.subjects else b"[]\n}\n")
        return b"".join(chunks)


def refusal(path: Path, finding: Finding) -> str:
    """Why a build does not make a job: the file, the error found in it, the way out."""
    where = f", {finding.where}" if finding.where else ""
    return (
        f"{path}{where}: the quality check '{finding.item}' found an error: {finding.detail} "
        "(or build anyway with --allow-errors)"
    )


def document_checks(
    document: Document, settings: CheckSettings, approval: ApprovalState | None = None
) -> tuple[tuple[Finding, ...], tuple[tuple[str, float], ...]]:
    """Readability, structure and governance findings of a document (with its approval
    state, where the approval record was read), and its figures."""
    found = (
        *readability(document, settings),
        *structure(document),
        *governance(document, settings, approval),
    )
    scores = (
        *readability_scores(document),
        ("target grade", settings.target_for(document)),
        ("PEMAT structure (%)", float(pemat_score(found))),
    )
    return found, scores


def gate_checks(catalog: Catalog, keys: Sequence[JobKey], settings: CheckSettings) -> QualityReport:
    """The review-date checks of the documents: the errors a build can find before its jobs
    start (the other checks run in the jobs' notebooks)."""

    subjects = []
    approvals = read_approvals(catalog.root)
    for procedure, language in sorted({(k.procedure, k.language) for k in keys}):
        path = catalog.document_path(procedure, language)
        try:
            document, _ = read_document(path, content_root=catalog.root)
        except HandoutKitError:
            continue  # the jobs that read it fail with the reason
        name = f"{procedure}/{language}"
        state = approval_state(document, approvals)
        # A required approval is the approval gate's (--allow-unapproved, not --allow-errors).
        findings = tuple(f for f in governance(document, settings, state) if f.item != "approval")
        subjects.append(_subject("document", name, path, catalog, findings))
    return QualityReport(tuple(subjects), settings)


def approval_gate(catalog: Catalog, keys: Sequence[JobKey]) -> dict[JobKey, str]:
    """The jobs not to start where the project requires approval: those whose document is
    not approved as it is now, each with why (the sentences changed since its approval).
    Each document is read once, whatever number of clinics build it."""
    approvals = read_approvals(catalog.root)
    reasons: dict[tuple[str, str], str | None] = {}
    for procedure, language in sorted({(k.procedure, k.language) for k in keys}):
        path = catalog.document_path(procedure, language)
        try:
            document, _ = read_document(path, content_root=catalog.root)
        except HandoutKitError:
            continue  # the jobs that read it say why
        state = approval_state(document, approvals)
        if state.approved:
            continue
        changes = "; ".join(state.diff.lines())
        reasons[(procedure, language)] = (
            f"{path}: not built: the project requires approval (content/handoutkit.yml, "
            f"'approval: required: true') and the document is {state.describe()}"
            + (f": {changes}" if changes else "")
            + f". Fix: have this text approved: {approve_command(document)}; or build "
            "anyway with --allow-unapproved."
        )
    refused = {key: reason for key in keys
               if (reason := reasons.get((key.procedure, key.language))) is not None}  # fmt: skip
    return refused


def _read(
    catalog: Catalog, keys: Sequence[JobKey]
) -> tuple[dict[tuple[str, str], Document], dict[str, Clinic]]:
    """Each document and clinic of ``keys``, read once, in a stable order."""

    documents = {
        (p, lang): read_document(catalog.document_path(p, lang), content_root=catalog.root)[0]
        for p, lang in sorted({(k.procedure, k.language) for k in keys})
    }
    clinics = {
        slug: read_clinic(catalog.brand_path(slug).parent)[0]
        for slug in sorted({k.clinic for k in keys})
    }
    return documents, clinics


def run_checks(catalog: Catalog, keys: Sequence[JobKey], settings: CheckSettings) -> QualityReport:
    """Every check for the jobs ``keys``.

    Each document and brand file is read once. One that cannot be read raises its
    HandoutKitError, as a build does.
    """

    documents, clinics = _read(catalog, keys)
    approvals = read_approvals(catalog.root)
    subjects = []
    for (procedure, language), document in documents.items():
        found, scores = document_checks(document, settings, approval_state(document, approvals))
        path = document.source
        name = f"{procedure}/{language}"
        subjects.append(_subject("document", name, path, catalog, found, scores))
    for slug, clinic in clinics.items():
        brand = catalog.brand_path(slug)
        findings = brand_contrast(handout_text_colors(clinic).pairs)
        subjects.append(_subject("clinic", slug, brand, catalog, findings))
    subjects += _deck_subjects(catalog, keys, documents, clinics)
    return QualityReport(tuple(subjects), settings)


def report_from_records(
    catalog: Catalog,
    keys: Sequence[JobKey],
    records: Mapping[JobKey, JobRecord],
    settings: CheckSettings,
) -> QualityReport:
    """The report of the jobs ``keys`` made from what their notebooks found (``records``, as
    kept in the manifest), with the review dates checked anew. What no record holds (a job
    that never built) is checked here; a file that cannot be read is left out (its job says
    why).
    """

    by_document, by_clinic = _first_checked(keys, records)
    approvals = read_approvals(catalog.root)
    subjects: list[Subject] = []
    for procedure, language in sorted({(k.procedure, k.language) for k in keys}):
        path = catalog.document_path(procedure, language)
        try:
            document, _ = read_document(path, content_root=catalog.root)
        except HandoutKitError:
            continue
        kept = by_document.get((procedure, language))
        state = approval_state(document, approvals)
        if kept is None:
            found, scores = document_checks(document, settings, state)
        else:
            undated = tuple(f for f in kept.checks if f.group in DOCUMENT_GROUPS)
            found, scores = (*undated, *governance(document, settings, state)), kept.scores
        name = f"{procedure}/{language}"
        subjects.append(_subject("document", name, path, catalog, found, scores))
    for slug in sorted({k.clinic for k in keys}):
        brand = catalog.brand_path(slug)
        kept = by_clinic.get(slug)
        if kept is not None:
            findings = tuple(f for f in kept.checks if f.group == "brand")
        else:
            try:
                clinic, _ = read_clinic(brand.parent)
            except HandoutKitError:
                continue
            findings = brand_contrast(handout_text_colors(clinic).pairs)
        subjects.append(_subject("clinic", slug, brand, catalog, findings))
    for key in keys:
        brand = catalog.brand_path(key.clinic)
        record = records.get(key)
        if record is not None and record.checked:
            findings = tuple(f for f in record.checks if f.group == HANDOUT_GROUP)
        else:
            try:
                findings = outputs_accessibility(load_handout(catalog, key))
            except HandoutKitError:
                continue
        subjects.append(_subject("handout", str(key), brand, catalog, findings))
    return QualityReport(tuple(subjects), settings)


def whole_records(keys: Sequence[JobKey], records: Mapping[JobKey, JobRecord]) -> set[JobKey]:
    """The jobs whose whole record `report_from_records` reads: the first checked one of each
    document and of each clinic; of the others, only their `HANDOUT_GROUP` findings."""
    by_document, by_clinic = _first_checked(keys, records)
    return {record.key for record in (*by_document.values(), *by_clinic.values())}


def _first_checked(
    keys: Sequence[JobKey], records: Mapping[JobKey, JobRecord]
) -> tuple[dict[tuple[str, str], JobRecord], dict[str, JobRecord]]:
    """The first checked record (in the order of ``keys``) of each document and of each
    clinic, found in one pass (a search of every record per document and per clinic was
    quadratic in a large catalog)."""
    by_document: dict[tuple[str, str], JobRecord] = {}
    by_clinic: dict[str, JobRecord] = {}
    for key in keys:
        record = records.get(key)
        if record is not None and record.checked:
            by_document.setdefault((record.procedure, record.language), record)
            by_clinic.setdefault(record.clinic, record)
    return by_document, by_clinic


def _deck_subjects(
    catalog: Catalog,
    keys: Sequence[JobKey],
    documents: dict[tuple[str, str], Document],
    clinics: dict[str, Clinic],
) -> list[Subject]:
    """The accessibility of each job's deck, from its slide plan."""

    subjects = []
    for key in keys:
        handout = Handout(documents[key.procedure, key.language], clinics[key.clinic])
        brand = catalog.brand_path(key.clinic)
        findings = outputs_accessibility(handout)
        subjects.append(_subject("handout", str(key), brand, catalog, findings))
    return subjects


def _subject(
    kind: str,
    name: str,
    path: Path,
    catalog: Catalog,
    findings: tuple[Finding, ...],
    scores: tuple[tuple[str, float], ...] = (),
) -> Subject:
    return Subject(kind, name, path, _shown(path, catalog), findings, scores)


def _shown(path: Path, catalog: Catalog) -> str:
    return path.relative_to(catalog.root.parent).as_posix()
