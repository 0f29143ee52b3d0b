"""Job fingerprints: the same inputs give the same digest anywhere; any input change shows."""

from __future__ import annotations

import os
import shutil

import pytest

from handoutkit.build.fingerprint import Fingerprinter
from handoutkit.errors import ContentError
from handoutkit.inputs import folders as fingerprint
from handoutkit.inputs.folders import digest_folder, scan_folder
from handoutkit.limits import FOLDER_BYTES, FOLDER_FILES, Limit

from ..conftest import DEMO_CONTENT, ROOT
from ..inputs.test_files import opened_files, real, without_hanging

CLINIC = "clinics/larkspur-skin"
DOC = "procedures/microneedling/en.md"


def digest(content, options=("papers=letter",)):
    printer = Fingerprinter(ROOT / "notebooks", ROOT / "templates", options)
    return printer.job(content / CLINIC, content / DOC)


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, target)
    return target


def test_same_inputs_in_another_folder_give_the_same_digest(copy):
    assert digest(copy) == digest(DEMO_CONTENT)


@pytest.mark.parametrize(
    "changed",
    [DOC, f"{CLINIC}/_brand.yml", f"{CLINIC}/logo/larkspur-mark.svg"],
    ids=["document", "brand", "logo"],
)
def test_changing_an_input_file_changes_the_digest(copy, changed):
    before = digest(copy)
    path = copy / changed
    path.write_bytes(path.read_bytes() + b"\n")
    assert digest(copy) != before


def test_a_new_figure_beside_the_document_changes_the_digest(copy):
    before = digest(copy)
    (copy / "procedures/microneedling/images").mkdir()
    (copy / "procedures/microneedling/images/diagram.png").write_bytes(b"png")
    assert digest(copy) != before


def test_another_language_of_the_same_procedure_does_not(copy):
    before = digest(copy)
    (copy / "procedures/microneedling/es.md").write_text("---\ntitle: x\n---\n")
    assert digest(copy) == before


def test_build_options_are_part_of_the_digest(copy):
    assert digest(copy, ("papers=letter",)) != digest(copy, ("papers=a4",))


def test_hidden_files_and_caches_are_ignored(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    before = digest_folder(tmp_path)
    (tmp_path / ".DS_Store").write_text("finder")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__/x.pyc").write_bytes(b"\0")
    assert digest_folder(tmp_path) == before


# --- untrusted clinic folders -------------------------------------------------------------


def job_and_notices(content):
    printer = Fingerprinter(ROOT / "notebooks", ROOT / "templates", ("papers=letter",))
    return printer.job(content / CLINIC, content / DOC), printer.notices


def notice_for(notices, path):
    found = [notice for notice in notices if notice.path == path]
    assert len(found) == 1, f"no notice (or several) for {path}: {notices}"
    return found[0].message


def test_a_link_out_of_the_clinic_folder_and_a_named_pipe_are_never_opened(copy, tmp_path):
    secret = tmp_path / "elsewhere" / "secret.key"
    secret.parent.mkdir()
    secret.write_text("not the clinic's\n")
    clinic = copy / CLINIC
    (clinic / "key.pem").symlink_to(secret)
    os.mkfifo(clinic / "fonts" / "pipe.ttf")
    with opened_files() as opened:
        first, notices = without_hanging(
            lambda: job_and_notices(copy), fifo=clinic / "fonts" / "pipe.ttf"
        )
    assert real(secret) not in opened
    assert real(clinic / "fonts" / "pipe.ttf") not in opened
    assert real(clinic / "_brand.yml") in opened  # the rest of the folder is hashed
    link = notice_for(notices, clinic / "key.pem")
    assert "symbolic link" in link and str(secret) in link and "It is not read." in link
    pipe = notice_for(notices, clinic / "fonts" / "pipe.ttf")
    assert "named pipe (FIFO)" in pipe and "It is not read." in pipe
    # stable: the same again, and the outside file's content is no part of it
    secret.write_text("changed\n")
    again, _ = without_hanging(lambda: job_and_notices(copy), fifo=clinic / "fonts" / "pipe.ttf")
    assert again == first


def test_a_link_out_still_enters_the_digest_by_name(copy, tmp_path):
    before = digest(copy)
    (tmp_path / "secret.txt").write_text("x")
    (copy / CLINIC / "key.pem").symlink_to(tmp_path / "secret.txt")
    assert digest(copy) != before


def test_a_link_to_a_folder_outside_is_a_notice_and_nothing_in_it_is_read(copy, tmp_path):
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "photo.jpg").write_bytes(b"private")
    (copy / CLINIC / "archive").symlink_to(outside)
    with opened_files() as opened:
        _, notices = job_and_notices(copy)
    assert real(outside / "photo.jpg") not in opened
    assert "symbolic link to a folder outside" in notice_for(notices, copy / CLINIC / "archive")


def test_a_broken_link_is_a_notice_saying_where_it_points(copy):
    (copy / CLINIC / "logo" / "old-logo.svg").symlink_to("deleted-logo.svg")
    _, notices = job_and_notices(copy)
    message = notice_for(notices, copy / CLINIC / "logo" / "old-logo.svg")
    assert "broken symbolic link" in message and "deleted-logo.svg" in message


def test_a_link_to_a_file_inside_the_folder_is_hashed_by_its_content(copy):
    clinic = copy / CLINIC
    (clinic / "logo" / "current.svg").symlink_to("larkspur-mark.svg")
    before, notices = job_and_notices(copy)
    assert not [n for n in notices if n.path == clinic / "logo" / "current.svg"]
    target = clinic / "logo" / "larkspur-mark.svg"
    target.write_bytes(target.read_bytes() + b"\n")
    after, _ = job_and_notices(copy)
    assert after != before
    entries = dict(scan_folder(clinic).entries)
    assert entries["logo/current.svg"] == entries["logo/larkspur-mark.svg"]


def test_a_clinic_folder_with_more_files_than_the_limit_fails_the_job(copy, monkeypatch):
    small = Limit(FOLDER_FILES.name, 5, FOLDER_FILES.unit)
    monkeypatch.setattr(fingerprint, "FOLDER_FILES", small)
    assert len([p for p in (copy / CLINIC).rglob("*") if p.is_file()]) > 5
    with pytest.raises(ContentError) as caught:
        digest(copy)
    error = caught.value
    assert error.path == copy / CLINIC
    assert "the folder is too large" in error.problem
    assert f"{FOLDER_FILES.name} is 5 files (found 6)" in error.problem
    assert "keep only the files the handouts use" in error.fix


def test_a_clinic_folder_over_the_byte_limit_fails_the_job(copy, monkeypatch):
    small = Limit(FOLDER_BYTES.name, 1024 * 1024, FOLDER_BYTES.unit)
    monkeypatch.setattr(fingerprint, "FOLDER_BYTES", small)
    with pytest.raises(ContentError) as caught:
        digest(copy)
    assert caught.value.path == copy / CLINIC
    assert f"{FOLDER_BYTES.name} is 1 MB" in caught.value.problem


def test_a_procedure_folder_with_more_files_than_the_limit_fails_the_job(copy, monkeypatch):
    clinic_files = len([p for p in (copy / CLINIC).rglob("*") if p.is_file()])
    monkeypatch.setattr(
        fingerprint, "FOLDER_FILES", Limit(FOLDER_FILES.name, clinic_files, "files")
    )
    folder = (copy / DOC).parent
    for number in range(clinic_files):
        (folder / f"figure-{number}.png").write_bytes(b"png")
    with pytest.raises(ContentError) as caught:
        digest(copy)  # the clinic folder is within the limit, the procedure folder is not
    assert caught.value.path == folder
    assert f"is {clinic_files} files (found {clinic_files + 1})" in caught.value.problem


# --- what else a job's pages show ----------------------------------------------------------


def planned_digest(content):
    from handoutkit.build.plan import job_digest
    from handoutkit.model import JobKey
    from handoutkit.read.catalog import discover

    printer = Fingerprinter(ROOT / "notebooks", ROOT / "templates", ("papers=letter",),
                            content_root=content)  # fmt: skip
    return job_digest(printer, discover(content), JobKey("larkspur-skin", "microneedling", "en"))


def test_a_new_language_of_the_procedure_changes_the_digest_of_its_other_jobs(copy):
    """Their handout pages and browser slides link to it."""
    before = planned_digest(copy)
    spanish = (copy / DOC).read_text(encoding="utf-8").replace("language: en", "language: es")
    (copy / "procedures/microneedling/es.md").write_text(spanish, encoding="utf-8")
    assert planned_digest(copy) != before


def test_a_changed_notice_of_language_assistance_changes_every_jobs_digest(copy):
    notices = copy / "notices" / "language-assistance"
    notices.mkdir(parents=True)
    (notices / "es.md").write_text("ATENCIÓN: ...\n", encoding="utf-8")
    before = planned_digest(copy)
    (notices / "es.md").write_text("ATENCIÓN: otro texto.\n", encoding="utf-8")
    assert planned_digest(copy) != before
    (notices / "vi.md").write_text("CHÚ Ý: ...\n", encoding="utf-8")
    assert planned_digest(copy) != before
