"""Reading brand.yml files: colours, fonts, logo and clinic details, checked."""

from __future__ import annotations

import pytest

from handoutkit.brand import read_clinic
from handoutkit.errors import BrandError, UnsafePathError

from .conftest import DEMO_CONTENT, FIXTURE_CONTENT


def test_demo_brand_reads_name_colours_fonts_and_contact():
    clinic, notices = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    assert clinic.name == "Larkspur Skin Clinic" and clinic.short_name == "Larkspur"
    assert clinic.colors.primary == "#5b3f8c" and clinic.colors.light == "#f2eef8"
    assert clinic.typography.base.name == "Lato"
    assert {(f.weight, f.style) for f in clinic.typography.base.faces} == {
        (400, "normal"),
        (400, "italic"),
        (700, "normal"),
        (700, "italic"),
    }
    assert clinic.typography.base_size_pt == 12
    assert clinic.logo.media_type == "image/svg+xml"
    assert clinic.logo_alt.startswith("Larkspur Skin Clinic logo")
    assert clinic.contact.booking_url == "https://larkspur-skin.example/book"
    assert notices == ()


def test_brand_without_secondary_colours_or_font_files_gets_defaults():
    clinic, notices = read_clinic(FIXTURE_CONTENT / "clinics" / "harbor-dermatology")
    assert clinic.colors.primary == "#0f5c6e"
    assert clinic.colors.background == "#ffffff"
    assert clinic.typography.base.faces == ()  # an installed system font
    assert notices == ()


def test_missing_phone_is_a_warning_not_an_error(content, edit):
    edit(brand_file(content), '    phone: "+1 (555) 010-2030"\n', "")
    clinic, notices = read_clinic(brand_file(content).parent)
    assert clinic.contact.phone is None
    assert [n.message for n in notices if "phone" in n.message]


def brand_file(content):
    return content / "clinics" / "larkspur-skin" / "_brand.yml"


def test_bad_colour_names_line_and_field(content, edit):
    edit(brand_file(content), '"#5B3F8C"', '"#5B3F8Z"')
    with pytest.raises(BrandError) as caught:
        read_clinic(brand_file(content).parent)
    assert caught.value.where == "line 22, field 'color.palette.larkspur'"
    assert "#5B3F8Z" in caught.value.problem and "hex" in caught.value.fix


def test_semantic_colour_naming_a_missing_palette_entry_is_refused(content, edit):
    edit(brand_file(content), "primary: larkspur", "primary: lavender")
    with pytest.raises(BrandError) as caught:
        read_clinic(brand_file(content).parent)
    assert "color.primary" in caught.value.where


def test_missing_logo_file_is_named(content, edit):
    edit(brand_file(content), "logo/larkspur-mark.svg", "logo/missing.svg")
    with pytest.raises(BrandError) as caught:
        read_clinic(brand_file(content).parent)
    assert "logo/missing.svg" in caught.value.problem
    assert caught.value.path == brand_file(content)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("logo/larkspur-mark.svg", "https://cdn.example/logo.svg", "logo.images.mark.path"),
        ("logo/larkspur-mark.svg", "file:///etc/passwd", "logo.images.mark.path"),
        ("fonts/Lato-Bold.ttf", "http://fonts.example/Lato.ttf", "typography.fonts.0.files.2.path"),
    ],
)
def test_remote_or_file_urls_are_refused_before_anything_is_read(content, edit, old, new, field):
    edit(brand_file(content), old, new)
    with pytest.raises(UnsafePathError) as caught:
        read_clinic(brand_file(content).parent)
    assert field in caught.value.where
    assert new in caught.value.problem


def test_logo_outside_the_clinic_folder_is_refused(content, edit):
    edit(brand_file(content), "logo/larkspur-mark.svg", "../../../../etc/logo.svg")
    with pytest.raises(UnsafePathError):
        read_clinic(brand_file(content).parent)


def test_malformed_yaml_names_the_line(content, edit):
    edit(brand_file(content), "  primary: larkspur", "  primary: [larkspur")
    with pytest.raises(BrandError) as caught:
        read_clinic(brand_file(content).parent)
    assert caught.value.where == "line 27"
    assert "not valid YAML" in caught.value.problem


def test_small_body_text_is_raised_to_12pt_with_a_warning(content, edit):
    edit(brand_file(content), "size: 12pt", "size: 9pt")
    clinic, notices = read_clinic(brand_file(content).parent)
    assert clinic.typography.base_size_pt == 12
    assert any("9pt" in notice.message for notice in notices)


def test_clinic_without_a_name_is_refused(content, edit):
    edit(
        brand_file(content),
        "    full: Larkspur Skin Clinic\n    short: Larkspur\n",
        "    short: L\n",
    )
    with pytest.raises(BrandError, match="no name"):
        read_clinic(brand_file(content).parent)


def test_google_fonts_are_refused_because_they_need_the_network(content, edit):
    edit(brand_file(content), "      source: file\n", "      source: google\n")
    with pytest.raises(BrandError) as caught:
        read_clinic(brand_file(content).parent)
    assert "typography.fonts" in caught.value.where
