"""Discovering clinics, procedures and languages; selecting jobs."""

from __future__ import annotations

import pytest

from handoutkit.catalog import JobKey, discover
from handoutkit.errors import SelectionError

from .conftest import DEMO_CONTENT, DEMO_KEY


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
