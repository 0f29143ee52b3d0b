"""``handoutkit check``: the report over a catalog, its files and its exit codes."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from handoutkit.build.folder import BuildFolder
from handoutkit.build.reports import write_report
from handoutkit.cli import main
from handoutkit.quality.checks import CheckSettings
from handoutkit.quality.report import run_checks
from handoutkit.read.catalog import discover

from ..conftest import DEMO_CONTENT, DEMO_KEY


def check(capsys, *args):
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


def demo_report():
    catalog = discover(DEMO_CONTENT)
    return run_checks(catalog, catalog.select(), CheckSettings())


def test_the_demo_document_is_above_grade_8_and_the_report_says_so_as_a_warning():
    report = demo_report()
    kinds = [(s.kind, s.name) for s in report.subjects]
    assert kinds == [
        ("document", "microneedling/en"),
        ("clinic", "larkspur-skin"),
        ("handout", str(DEMO_KEY)),
    ]
    document = report.subjects[0]
    scores = dict(document.scores)
    assert scores["Flesch-Kincaid grade"] > 8 and scores["SMOG grade"] > 8
    assert scores["target grade"] == 8
    assert 0 <= scores["PEMAT structure (%)"] <= 100
    grade = next(f for f in document.findings if f.item == "Flesch-Kincaid grade")
    assert grade.status.value == "warn"
    assert report.exit_code(strict=False) == 0
    assert report.exit_code(strict=True) == 1


def test_the_report_is_written_as_json_and_as_an_html_page(tmp_path):
    json_path, html_path = write_report(demo_report(), BuildFolder(tmp_path))
    data = json.loads(json_path.read_text())
    assert data["checked_on"] == "2026-11-25"
    (document,) = [s for s in data["subjects"] if s["kind"] == "document"]
    assert document["result"] == "warn"
    assert {f["group"] for f in document["findings"]} == {"readability", "structure", "governance"}
    assert data["warnings"] == sum(
        f["status"] == "warn" for s in data["subjects"] for f in s["findings"]
    )
    # checks.html links each procedure's and each clinic's page, where the findings are.
    index = BeautifulSoup(html_path.read_text(), "html.parser")
    links = {a["href"] for a in index.select("main a[href]")}
    procedure, clinic = "checks/procedures/microneedling.html", "checks/larkspur-skin.html"
    assert {procedure, clinic} <= links
    soup = BeautifulSoup((tmp_path / procedure).read_text(), "html.parser")
    section = soup.select_one("section#document-microneedling-en")
    assert section.h2.get_text() == "Document: microneedling/en"
    rows = {
        tuple(td.get_text(" ", strip=True) for td in row.select("td")[1:3])
        for row in section.select("tbody tr")
    }
    assert ("Flesch-Kincaid grade", "warn") in rows
    soup = BeautifulSoup((tmp_path / clinic).read_text(), "html.parser")
    assert soup.select_one("section#handout-larkspur-skin_microneedling_en")


def test_check_prints_the_tables_and_exits_0_with_warnings(capsys, tmp_path):
    code, out, _ = check(capsys, "--out", str(tmp_path))
    assert code == 0
    assert "document: microneedling/en" in out and "clinic: larkspur-skin" in out
    assert "Flesch-Kincaid grade" in out and "SMOG grade" in out and "warn" in out
    assert "0 error(s)" in out
    assert (tmp_path / "checks.json").is_file() and (tmp_path / "checks.html").is_file()


def test_strict_turns_warnings_into_exit_1(capsys, tmp_path):
    assert check(capsys, "--out", str(tmp_path), "--strict")[0] == 1


def test_a_high_enough_target_grade_passes_readability(capsys, tmp_path):
    code, out, _ = check(capsys, "--out", str(tmp_path), "--target-grade", "16")
    data = json.loads((tmp_path / "checks.json").read_text())
    readability = [
        f for s in data["subjects"] for f in s["findings"] if f["group"] == "readability"
    ]
    assert readability and all(
        f["status"] == "pass" for f in readability if "section" not in f["item"]
    )
    assert code == 0 and "target 16" in out


def test_an_overdue_review_is_an_error_with_exit_2(capsys, content, edit, tmp_path):
    doc = content / "procedures/microneedling/en.md"
    edit(doc, "reviewed: 2026-11-02", "reviewed: 2023-01-15")
    out_dir = tmp_path / "build"
    code, out, _ = check(capsys, "--content", str(content), "--out", str(out_dir))
    assert code == 2 and "1 error(s)" in out
    data = json.loads((out_dir / "checks.json").read_text())
    (error,) = [f for s in data["subjects"] for f in s["findings"] if f["status"] == "error"]
    assert "more than twice the 12-month review interval" in error["detail"]


def test_a_content_file_that_cannot_be_read_is_exit_2_with_one_paragraph(
    capsys, content, edit, tmp_path
):
    edit(content / "procedures/microneedling/en.md", "title: Microneedling", "title: [Micro")
    code, out, err = check(capsys, "--content", str(content), "--out", str(tmp_path / "b"))
    assert code == 2
    assert "en.md, line 2: the front matter is not valid YAML" in err
    assert "Traceback" not in out + err
