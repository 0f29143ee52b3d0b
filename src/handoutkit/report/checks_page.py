"""The quality report as pages for the people who write and approve the text.

``checks.html`` is the entry page: the totals, every error (the first hundred, each linking
to its part of a page), and for each procedure and each clinic its counts of errors and
warnings with a link to its page. ``checks/procedures/<procedure>.html`` has the document
checks of a procedure's languages (reading level, structure, review dates, approval: a
document is shared by every clinic); ``checks/<clinic>.html`` has a clinic's brand contrast
and the accessibility of each of its handouts and decks. ``checks.json`` stays one file with
every subject (`QualityReport.as_json`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Finding, Status
from ..quality.report import QualityReport, Subject
from ..resources import PROJECT_TEMPLATES
from .pages import page_environment
from .paths import (
    CHECKS_HTML,
    GALLERY,
    checks_clinic_page,
    checks_procedure_page,
    clinic_page,
    href,
)

ERRORS_LISTED = 100  # on the entry page; the rest are on their pages
UP_ONE = "../"  # from checks/<clinic>.html to the build folder
UP_TWO = "../../"  # from checks/procedures/<procedure>.html


@dataclass(frozen=True, slots=True)
class Part:
    """A clinic's or a procedure's page of the report, and its line on the entry page."""

    kind: str  # "clinic" or "procedure"
    slug: str
    page: str  # relative to the build folder
    subjects: tuple[Subject, ...]

    @property
    def errors(self) -> int:
        return _count(self.subjects, Status.ERROR)

    @property
    def warnings(self) -> int:
        return _count(self.subjects, Status.WARN)

    @property
    def href(self) -> str:
        return href(self.page)

    @property
    def languages(self) -> tuple[tuple[str, str], ...]:
        """A procedure's languages, each with the link to its document's part."""
        return tuple(
            (s.name.split("/", 1)[1], f"{self.href}#{s.anchor}")
            for s in self.subjects
            if s.kind == "document"
        )

    @property
    def handouts(self) -> int:
        return sum(s.kind == "handout" for s in self.subjects)


@dataclass(frozen=True, slots=True)
class ListedError:
    subject: Subject
    finding: Finding
    href: str  # to the subject's part of its page


@dataclass(frozen=True, slots=True)
class ChecksFiles:
    """What `checks_files` makes: the pages (made one at a time), the entry page, and the
    clinics and procedures that have a page now."""

    pages: Iterator[tuple[str, bytes]]
    index: bytes
    clinics: tuple[str, ...]
    procedures: tuple[str, ...]  # with a page written now
    # With a page written now, or a handout reported: a document that could not be read this
    # time keeps the page of its last checks, which its jobs' cards still link.
    procedures_in_use: tuple[str, ...] = ()


def _count(subjects: Sequence[Subject], status: Status) -> int:
    return sum(f.status is status for s in subjects for f in s.findings)


def _where(subject: Subject) -> tuple[str, str] | None:
    """("clinic", slug) or ("procedure", slug): the page a subject goes on; None: the entry
    page (a kind of subject this version does not know)."""
    if subject.kind == "document":
        return "procedure", subject.name.split("/", 1)[0]
    if subject.kind == "clinic":
        return "clinic", subject.name
    if subject.kind == "handout":
        return "clinic", subject.name.split(" × ", 1)[0]
    return None


def parts_of(report: QualityReport) -> tuple[list[Part], list[Subject]]:
    """The report's pages (procedures first, then clinics, each in name order) and the
    subjects of no page."""
    grouped: dict[tuple[str, str], list[Subject]] = {}
    others = []
    for subject in report.subjects:
        where = _where(subject)
        if where is None:
            others.append(subject)
        else:
            grouped.setdefault(where, []).append(subject)
    order = {"procedure": 0, "clinic": 1}
    pages = {"procedure": checks_procedure_page, "clinic": checks_clinic_page}
    parts = [
        Part(kind, slug, pages[kind](slug), tuple(subjects))
        for (kind, slug), subjects in sorted(grouped.items(), key=lambda i: (order[i[0][0]], i[0]))
    ]
    return parts, others


def checks_files(report: QualityReport, templates_dir: Path = PROJECT_TEMPLATES) -> ChecksFiles:
    """The report's pages and its entry page (``templates/gallery/checks*.html.j2``)."""
    environment = page_environment(templates_dir)
    parts, others = parts_of(report)
    page_template = environment.get_template("checks_page.html.j2")

    def pages() -> Iterator[tuple[str, bytes]]:
        for part in parts:
            up = UP_TWO if part.kind == "procedure" else UP_ONE
            html = page_template.render(
                part=part,
                report=report,
                up=up,
                gallery_href=up + href(clinic_page(part.slug)) if part.kind == "clinic" else "",
                errors=part.errors,
                warnings=part.warnings,
            )
            yield part.page, html.encode("utf-8")

    listed = [
        ListedError(subject, finding, f"{part.href}#{subject.anchor}")
        for part in parts
        for subject in part.subjects
        for finding in subject.findings
        if finding.status is Status.ERROR
    ]
    listed += [
        ListedError(subject, finding, f"#{subject.anchor}")
        for subject in others
        for finding in subject.findings
        if finding.status is Status.ERROR
    ]
    index = environment.get_template("checks.html.j2").render(
        report=report,
        procedures=[part for part in parts if part.kind == "procedure"],
        clinics=[part for part in parts if part.kind == "clinic"],
        others=others,
        listed=listed[:ERRORS_LISTED],
        unlisted=max(0, len(listed) - ERRORS_LISTED),
        errors=report.count(Status.ERROR),
        warnings=report.count(Status.WARN),
        gallery_href=GALLERY,
        up="",
    )
    return ChecksFiles(
        pages=pages(),
        index=index.encode("utf-8"),
        clinics=tuple(part.slug for part in parts if part.kind == "clinic"),
        procedures=tuple(part.slug for part in parts if part.kind == "procedure"),
        procedures_in_use=tuple(
            sorted(
                {part.slug for part in parts if part.kind == "procedure"}
                | {
                    names[1]
                    for s in report.subjects
                    if s.kind == "handout" and len(names := s.name.split(" × ")) == 3
                }
            )
        ),
    )


def checks_html(report: QualityReport, templates_dir: Path = PROJECT_TEMPLATES) -> bytes:
    """``checks.html``, the report's entry page, as UTF-8 HTML."""
    return checks_files(report, templates_dir).index


__all__ = ["CHECKS_HTML", "ChecksFiles", "Part", "checks_files", "checks_html", "parts_of"]
