"""Discovering clinics, procedures and languages; selecting jobs."""

from __future__ import annotations

import pytest

from handoutkit.errors import ContentError, SelectionError
from handoutkit.model import JobKey
from handoutkit.read.catalog import discover
from handoutkit.read.handout import load_handout

from ..conftest import DEMO_CONTENT, DEMO_KEY


def test_demo_content_holds_one_clinic_one_procedure_one_language():
    catalog = discover(DEMO_CONTENT)
    assert catalog.clinics == ("larkspur-skin",)
    assert catalog.documents == (("microneedling", "en"),)
    assert catalog.select() == (DEMO_KEY,)


def test_file_names_say_clinic_procedure_and_language():
    assert JobKey("larkspur-skin", "microneedling", "es").stem == "larkspur-skin_microneedling_es"


def test_every_clinic_gets_every_procedure_document(content):
    (content / "clinics" / "second").mkdir()
    (content / "clinics" / "second" / "_brand.yml").write_text("meta:\n  name: Second\n")
    spanish = content / "procedures" / "microneedling" / "es.md"
    spanish.write_text("x")
    catalog = discover(content)
    assert len(catalog.select()) == 4
    assert catalog.select(clinics=["second"], languages=["es"]) == (
        JobKey("second", "microneedling", "es"),
    )


@pytest.mark.parametrize(
    ("selection", "kind", "existing"),
    [
        ({"clinics": ["nope"]}, "clinic", "larkspur-skin"),
        ({"procedures": ["botox"]}, "procedure", "microneedling"),
        ({"languages": ["xx"]}, "language", "en"),
    ],
)
def test_unknown_slug_lists_the_ones_that_exist(selection, kind, existing):
    with pytest.raises(SelectionError) as caught:
        discover(DEMO_CONTENT).select(**selection)
    assert f"unknown {kind}" in caught.value.problem
    assert existing in caught.value.problem


def test_folders_that_are_not_slugs_are_ignored(content):
    (content / "clinics" / "Draft Clinic").mkdir()
    (content / "clinics" / "Draft Clinic" / "_brand.yml").write_text("meta:\n  name: X\n")
    assert discover(content).clinics == ("larkspur-skin",)


def test_missing_content_folder_says_how_to_point_at_one(tmp_path):
    with pytest.raises(SelectionError) as caught:
        discover(tmp_path / "nowhere")
    assert "--content" in caught.value.fix


# --- names that break the rules, and documents that are not files -------------------------


def notice_for(catalog, path):
    found = [notice for notice in catalog.notices if notice.path == path]
    assert len(found) == 1, f"no notice (or several) for {path}: {catalog.notices}"
    return found[0].message


def test_a_procedure_folder_that_is_not_a_slug_is_skipped_with_a_notice_naming_the_rule(content):
    folder = content / "procedures" / "Chemical Peel"
    folder.mkdir()
    (folder / "en.md").write_text("x")
    catalog = discover(content)
    assert catalog.procedures == ("microneedling",)
    message = notice_for(catalog, folder)
    assert "the procedure folder 'Chemical Peel' is skipped" in message
    assert "lowercase letters, digits and hyphens" in message
    assert "rename it 'chemical-peel'" in message


def test_a_clinic_folder_that_is_not_a_slug_is_skipped_with_a_notice_naming_the_rule(content):
    folder = content / "clinics" / "Draft Clinic"
    folder.mkdir()
    (folder / "_brand.yml").write_text("meta:\n  name: X\n")
    catalog = discover(content)
    assert catalog.clinics == ("larkspur-skin",)
    message = notice_for(catalog, folder)
    assert "the clinic folder 'Draft Clinic' is skipped" in message
    assert "lowercase letters, digits and hyphens" in message
    assert "rename it 'draft-clinic'" in message


def test_a_document_named_in_capitals_is_skipped_with_a_notice_naming_the_rule(content):
    path = content / "procedures" / "microneedling" / "EN.md"
    path.write_text("x")
    catalog = discover(content)
    assert catalog.documents == (("microneedling", "en"),)
    message = notice_for(catalog, path)
    assert "'EN.md' is not used" in message
    assert "language code in lowercase" in message and "en.md" in message


def test_a_clinic_folder_without_a_brand_file_is_a_notice(content):
    folder = content / "clinics" / "new-clinic"
    (folder / "logo").mkdir(parents=True)
    catalog = discover(content)
    assert catalog.clinics == ("larkspur-skin",)
    assert "has no _brand.yml, so it is not a clinic" in notice_for(catalog, folder)


def test_a_procedure_folder_without_documents_is_a_notice(content):
    folder = content / "procedures" / "laser"
    folder.mkdir()
    (folder / "notes.txt").write_text("draft")
    catalog = discover(content)
    assert "has no <language>.md document" in notice_for(catalog, folder)


def test_a_document_name_that_is_a_folder_is_still_a_document_and_only_its_job_fails(content):
    (content / "procedures" / "laser" / "en.md").mkdir(parents=True)
    catalog = discover(content)
    assert ("laser", "en") in catalog.documents
    assert load_handout(catalog, DEMO_KEY).document.meta.title == "Microneedling"
    with pytest.raises(ContentError) as caught:
        load_handout(catalog, JobKey("larkspur-skin", "laser", "en"))
    assert caught.value.path == catalog.document_path("laser", "en")
    assert "is a folder, not a regular file" in caught.value.problem


def test_a_document_name_that_is_a_broken_link_is_still_a_document_and_only_its_job_fails(
    content,
):
    folder = content / "procedures" / "laser"
    folder.mkdir()
    (folder / "en.md").symlink_to("en-draft.md")
    catalog = discover(content)
    assert ("laser", "en") in catalog.documents
    assert load_handout(catalog, DEMO_KEY).document.meta.title == "Microneedling"
    with pytest.raises(ContentError) as caught:
        load_handout(catalog, JobKey("larkspur-skin", "laser", "en"))
    assert caught.value.path == folder / "en.md"
    assert "broken symbolic link" in caught.value.problem
    assert "en-draft.md" in caught.value.problem


def test_a_procedure_folder_linked_from_outside_the_content_folder_is_skipped(content, tmp_path):
    outside = tmp_path / "elsewhere" / "laser"
    outside.mkdir(parents=True)
    (outside / "en.md").write_text("---\ntitle: Laser\n---\n")
    link = content / "procedures" / "laser"
    link.symlink_to(outside)
    catalog = discover(content)
    assert catalog.procedures == ("microneedling",)
    message = notice_for(catalog, link)
    assert "symbolic link" in message and str(outside) in message
    assert "outside the content folder" in message and "skipped" in message


def test_a_clinic_folder_linked_from_outside_the_content_folder_is_skipped(content, tmp_path):
    outside = tmp_path / "elsewhere" / "other-clinic"
    outside.mkdir(parents=True)
    (outside / "_brand.yml").write_text("meta:\n  name: Other\n")
    link = content / "clinics" / "other-clinic"
    link.symlink_to(outside)
    catalog = discover(content)
    assert catalog.clinics == ("larkspur-skin",)
    assert "outside the content folder" in notice_for(catalog, link)


def test_a_procedure_folder_linked_from_inside_the_content_folder_is_discovered(content):
    (content / "procedures" / "collagen-induction").symlink_to("microneedling")
    catalog = discover(content)
    assert catalog.procedures == ("collagen-induction", "microneedling")
    assert catalog.notices == ()
