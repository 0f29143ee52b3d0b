"""Job fingerprints: the same inputs give the same digest anywhere; any input change shows."""

from __future__ import annotations

import shutil

import pytest

from handoutkit.fingerprint import Fingerprinter, digest_folder

from .conftest import DEMO_CONTENT, ROOT

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
