"""The quality report as pages: ``checks.html`` (the errors, counts per procedure and per
clinic), ``checks/<clinic>.html`` and ``checks/procedures/<procedure>.html``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from handoutkit.build.folder import BuildFolder
from handoutkit.build.reports import write_report
from handoutkit.model import Finding, JobKey, Status
from handoutkit.quality.checks import CheckSettings
from handoutkit.quality.report import QualityReport, Subject
from handoutkit.report.checks_page import ERRORS_LISTED, checks_files

from .synthetic import clinic_slug, procedure_slug

LANGUAGES = ("en", "es")


def finding(status: Status, item: str = "item") -> Finding:
    return Finding("accessibility", item, status, f"{item} is {status.value}")


def report_of(clinics: int, procedures: int, *, errors_every: int = 5) -> QualityReport:
    """Documents of every procedure × language, clinics, and a handout per job; every
    ``errors_every``-th handout has an error, every document a warning."""
    subjects = []
    for p in range(procedures):
        for language in LANGUAGES:
            name = f"{procedure_slug(p)}/{language}"
            path = Path(f"content/procedures/{name}.md")
            found = (finding(Status.PASS), finding(Status.WARN, "Flesch-Kincaid grade"))
            subjects.append(Subject("document", name, path, str(path), found, (("SMOG", 9.0),)))
    for c in range(clinics):
        path = Path(f"content/clinics/{clinic_slug(c)}/_brand.yml")
        subjects.append(Subject("clinic", clinic_slug(c), path, str(path), (finding(Status.PASS),)))
    number = 0
    for c in range(clinics):
        for p in range(procedures):
            for language in LANGUAGES:
                key = JobKey(clinic_slug(c), procedure_slug(p), language)
                status = Status.ERROR if number % errors_every == 0 else Status.PASS
                path = Path(f"content/clinics/{key.clinic}/_brand.yml")
                found = (finding(status, "slide titles"),)
                subjects.append(Subject("handout", str(key), path, str(path), found))
                number += 1
    return QualityReport(tuple(subjects), CheckSettings(today=date(2026, 11, 25)))


def write(tmp_path: Path, report: QualityReport) -> BuildFolder:
    folder = BuildFolder(tmp_path)
    folder.create()
    write_report(report, folder)
    return folder


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_page_per_clinic_and_per_procedure_and_the_json_whole(tmp_path):
    report = report_of(3, 2)
    write(tmp_path, report)
    assert sorted(p.name for p in (tmp_path / "checks").glob("*.html")) == [
        f"{clinic_slug(n)}.html" for n in range(3)
    ]
    assert sorted(p.name for p in (tmp_path / "checks/procedures").glob("*.html")) == [
        "chemical-peel.html",
        "microneedling.html",
    ]
    data = json.loads((tmp_path / "checks.json").read_text())
    assert len(data["subjects"]) == len(report.subjects)  # one file, every subject


def test_a_clinics_page_has_its_brand_and_handouts_and_nothing_of_another_clinic(tmp_path):
    write(tmp_path, report_of(3, 2))
    page = soup(tmp_path / "checks/clinic-001.html")
    ids = [section["id"] for section in page.select("main section")]
    assert ids[0] == "clinic-clinic-001"
    assert ids[1:] == [
        f"handout-clinic-001_{p}_{lang}"
        for p in ("microneedling", "chemical-peel")
        for lang in LANGUAGES
    ]
    assert "clinic-000" not in str(page) and "clinic-002" not in str(page)


def test_a_procedures_page_has_its_documents_in_each_language(tmp_path):
    write(tmp_path, report_of(2, 2))
    page = soup(tmp_path / "checks/procedures/microneedling.html")
    assert [s["id"] for s in page.select("main section")] == [
        "document-microneedling-en",
        "document-microneedling-es",
    ]
    assert page.select_one("section h2").get_text() == "Document: microneedling/en"


def test_the_entry_page_lists_the_errors_and_counts_with_links_that_resolve(tmp_path):
    report = report_of(3, 2)
    write(tmp_path, report)
    page = soup(tmp_path / "checks.html")
    errors = page.select("ul.errors li")
    assert len(errors) == report.count(Status.ERROR) == 3
    rows = page.select("#clinicsHeading ~ table tbody tr")
    assert [row.th.get_text() for row in rows] == [clinic_slug(n) for n in range(3)]
    assert [row.select("td")[1].get_text() for row in rows] == ["1", "1", "1"]
    procedures = page.select("#proceduresHeading ~ table tbody tr")
    assert [row.th.get_text() for row in procedures] == ["chemical-peel", "microneedling"]
    for link in page.select("main a[href]"):
        target, _, fragment = link["href"].partition("#")
        assert (tmp_path / target).is_file(), link["href"]
        if fragment:
            assert soup(tmp_path / target).find(id=fragment), link["href"]


def test_the_entry_page_lists_the_first_errors_and_says_how_many_more(tmp_path):
    report = report_of(60, 2, errors_every=1)
    files = checks_files(report)
    page = BeautifulSoup(files.index.decode(), "html.parser")
    assert len(page.select("ul.errors li")) == ERRORS_LISTED
    assert f"And {60 * 2 * 2 - ERRORS_LISTED} more errors" in page.get_text()


def test_the_pages_of_links_back_resolve(tmp_path):
    write(tmp_path, report_of(1, 1))
    for name in ("checks/clinic-000.html", "checks/procedures/microneedling.html"):
        hrefs = [a["href"] for a in soup(tmp_path / name).select("a[href]")]
        resolved = {(tmp_path / name).parent.joinpath(h).resolve() for h in hrefs}
        assert tmp_path / "checks.html" in resolved and tmp_path / "index.html" in resolved
    hrefs = [a["href"] for a in soup(tmp_path / "checks/clinic-000.html").select("a[href]")]
    assert "../gallery/clinic-000.html" in hrefs


def test_pages_of_clinics_and_procedures_no_longer_reported_are_removed(tmp_path):
    write(tmp_path, report_of(3, 2))
    write(tmp_path, report_of(1, 1))
    assert [p.name for p in (tmp_path / "checks").glob("*.html")] == ["clinic-000.html"]
    assert [p.name for p in (tmp_path / "checks/procedures").glob("*.html")] == [
        "microneedling.html"
    ]


def test_a_clinics_page_does_not_grow_with_the_other_clinics():
    def page(report: QualityReport) -> bytes:
        return dict(checks_files(report).pages)["checks/clinic-000.html"]

    assert len(page(report_of(1, 3))) == len(page(report_of(200, 3)))
