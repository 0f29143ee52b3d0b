"""Reading brand.yml files: colours, fonts, logo and clinic details, checked."""

from __future__ import annotations

import io
import os
import random
import zipfile

import pytest
from PIL import Image
from pptx import Presentation

from handoutkit.errors import BrandError, UnsafePathError
from handoutkit.limits import FONT_FILES, SCRIPT_FONTS, YAML_FILE_BYTES
from handoutkit.read.brand import read_clinic

from ..conftest import DEMO_CONTENT, FIXTURE_CONTENT
from ..inputs.test_files import opened_files, real, without_hanging


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


# --- the brand file and the files it names, read safely -----------------------------------


def clinic_folder(content):
    return brand_file(content).parent


def refused_brand(content, kind=BrandError):
    with pytest.raises(kind) as caught:
        read_clinic(clinic_folder(content))
    error = caught.value
    assert "\n" not in error.problem
    return error


def noisy_png() -> bytes:
    rng = random.Random(5)
    image = Image.frombytes(
        "RGB", (120, 90), bytes(rng.randrange(256) for _ in range(120 * 90 * 3))
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def use_logo(content, edit, name: str, data: bytes) -> None:
    (clinic_folder(content) / "logo" / name).write_bytes(data)
    edit(brand_file(content), "logo/larkspur-mark.svg", f"logo/{name}")


def test_a_brand_file_saved_as_windows_1252_names_line_column_and_encoding(content):
    path = brand_file(content)
    text = path.read_text(encoding="utf-8").replace(
        "full: Larkspur Skin Clinic", "full: Caf\u00e9 Skin"
    )
    path.write_bytes(text.encode("cp1252"))
    error = refused_brand(content)
    assert error.path == path
    assert error.where == "line 6, column 14"  # "    full: Caf" is 13 characters
    assert "Windows-1252" in error.problem and "0xE9" in error.problem
    assert "UTF-8" in error.fix


def test_an_alias_bomb_in_the_brand_file_is_refused_before_it_expands(content):
    path = brand_file(content)
    lines = path.read_text(encoding="utf-8").splitlines()
    bomb = ["bomb:", '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [
        f"  {b}: &{b} [{', '.join([f'*{a}'] * 9)}]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    path.write_text("\n".join([*lines, *bomb]) + "\n", encoding="utf-8")
    error = refused_brand(content)
    assert error.where == f"line {len(lines) + 2}, field 'bomb.a'"
    assert "the anchor '&a'" in error.problem and "anchors, aliases" in error.problem


def test_an_empty_logo_is_empty_never_an_outside_file_or_url(content):
    (clinic_folder(content) / "logo" / "larkspur-mark.svg").write_bytes(b"")
    error = refused_brand(content)
    assert error.path == brand_file(content)
    assert error.where == "line 14, field 'logo.images.mark.path'"
    assert error.problem == "the picture 'logo/larkspur-mark.svg' is empty (0 bytes)."
    assert "outside file or URL" not in error.message


def test_an_empty_png_logo_is_empty(content, edit):
    use_logo(content, edit, "mark.png", b"")
    assert refused_brand(content).problem == "the picture 'logo/mark.png' is empty (0 bytes)."


def test_a_logo_that_is_a_truncated_png_is_damaged(content, edit):
    png = noisy_png()
    use_logo(content, edit, "mark.png", png[: len(png) // 2])
    error = refused_brand(content)
    assert error.where == "line 14, field 'logo.images.mark.path'"
    assert error.problem == "the picture 'logo/mark.png' is damaged: it is cut short."


def test_a_logo_that_is_a_jpeg_named_png_says_so(content, edit):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "purple").save(buffer, "JPEG")
    use_logo(content, edit, "mark.png", buffer.getvalue())
    assert "is a JPEG file, not PNG" in refused_brand(content).problem


def test_a_garbage_font_file_names_the_font_file_and_its_line(content):
    fonts = clinic_folder(content) / "fonts"
    (fonts / "Lato-Bold.ttf").write_bytes(random.Random(11).randbytes(40_000))
    error = refused_brand(content)
    assert error.path == brand_file(content)
    assert error.where == "line 43, field 'typography.fonts.0.files.2.path'"
    assert error.problem.startswith("the font file 'fonts/Lato-Bold.ttf' cannot be read as a font")
    assert ".ttf" in error.fix


def test_an_empty_font_file_is_named(content):
    (clinic_folder(content) / "fonts" / "Lato-Italic.ttf").write_bytes(b"")
    error = refused_brand(content)
    assert error.where == "line 40, field 'typography.fonts.0.files.1.path'"
    assert error.problem == "the font file 'fonts/Lato-Italic.ttf' is empty (0 bytes)."


def test_more_font_files_than_the_limit_are_refused_naming_the_limit(content):
    path = brand_file(content)
    text = path.read_text(encoding="utf-8")
    start = text.index("      files:\n") + len("      files:\n")
    end = text.index("  base:\n")
    count = FONT_FILES.value + 1
    files = "".join(
        f"        - path: fonts/Lato-Regular.ttf\n          weight: {100 * (n % 9 + 1)}\n"
        for n in range(count)
    )
    path.write_text(text[:start] + files + text[end:], encoding="utf-8")
    first_file_line = text[:start].count("\n") + 1
    error = refused_brand(content)
    assert error.where == (
        f"line {first_file_line + 2 * FONT_FILES.value}, "
        f"field 'typography.fonts.0.files.{FONT_FILES.value}.path'"
    )
    assert FONT_FILES.exceeded(count) in error.problem  # names the limit and the number


def add_template(content, edit, data: bytes, name: str = "deck.pptx"):
    (clinic_folder(content) / name).write_bytes(data)
    edit(brand_file(content), "  handoutkit:\n", f"  handoutkit:\n    pptx_template: {name}\n")
    return clinic_folder(content) / name


def pptx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    Presentation().save(buffer)
    if not extra:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_powerpoint_template_reads(content, edit):
    add_template(content, edit, pptx_bytes())
    clinic, _ = read_clinic(clinic_folder(content))
    assert clinic.deck_template is not None and clinic.deck_template.name == "deck.pptx"


def test_a_powerpoint_template_that_is_not_a_zip_is_refused_naming_it(content, edit):
    template = add_template(content, edit, b"PowerPoint? No, a text file.\n" * 10)
    error = refused_brand(content)
    assert error.path == template
    assert (
        "is not a PowerPoint file" in error.problem and "not a readable zip file" in error.problem
    )


def test_a_powerpoint_template_with_a_vba_project_is_refused_naming_the_part(content, edit):
    template = add_template(content, edit, pptx_bytes({"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))
    error = refused_brand(content)
    assert error.path == template
    assert error.where == "part ppt/vbaProject.bin"
    assert "VBA project (macros) in ppt/vbaProject.bin" in error.problem


def test_a_powerpoint_template_named_anything_else_is_refused_naming_the_field(content, edit):
    add_template(content, edit, pptx_bytes(), name="deck.pptm")
    error = refused_brand(content)
    assert error.path == brand_file(content)
    assert "field 'defaults.handoutkit.pptx_template'" in error.where
    assert ".pptx" in error.problem and ".potx" in error.problem


def test_a_powerpoint_template_linked_from_outside_the_clinic_is_unsafe(content, edit, tmp_path):
    outside = tmp_path / "shared" / "deck.pptx"
    outside.parent.mkdir()
    outside.write_bytes(pptx_bytes())
    (clinic_folder(content) / "deck.pptx").symlink_to(outside)
    edit(brand_file(content), "  handoutkit:\n", "  handoutkit:\n    pptx_template: deck.pptx\n")
    with opened_files() as opened:
        error = refused_brand(content, UnsafePathError)
    assert real(outside) not in opened
    assert "outside" in error.problem


def test_a_brand_file_that_is_a_named_pipe_is_refused_without_blocking(content):
    path = brand_file(content)
    path.unlink()
    os.mkfifo(path)
    with opened_files() as opened, pytest.raises(BrandError) as caught:
        without_hanging(lambda: read_clinic(path.parent), fifo=path)
    assert real(path) not in opened
    assert caught.value.path == path
    assert "named pipe (FIFO)" in caught.value.problem


def test_a_brand_file_over_its_size_limit_is_refused_unread(content):
    path = brand_file(content)
    path.write_text(
        path.read_text(encoding="utf-8") + "# " + "x" * YAML_FILE_BYTES.value + "\n",
        encoding="utf-8",
    )
    with opened_files() as opened:
        error = refused_brand(content)
    assert real(path) not in opened
    assert f"{YAML_FILE_BYTES.name} is {YAML_FILE_BYTES.shown}" in error.problem


# --- the clinic's disclaimer per language, and its fonts per script or language -----------

DISCLAIMER = (
    "    disclaimer: >-\n"
    "      This handout is general information from Larkspur Skin Clinic. Ask your\n"
    "      practitioner about your own treatment.\n"
)


def with_settings(content, edit, lines: str):
    """The demo brand with ``lines`` under ``defaults: handoutkit:`` instead of its disclaimer."""
    edit(brand_file(content), DISCLAIMER, lines)
    return read_clinic(clinic_folder(content))


def test_the_demo_disclaimer_is_english_by_default():
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    contact = clinic.contact
    assert contact.language == "en" and contact.disclaimers == ()
    assert contact.disclaimer_in("en") == contact.disclaimer
    assert contact.disclaimer.startswith("This handout is general information from Larkspur")
    assert contact.disclaimer_in("es") is None


def test_a_disclaimer_given_per_language_is_read_in_the_files_order(content, edit):
    clinic, notices = with_settings(content, edit, (
        "    disclaimer:\n"
        "      en: General information from Larkspur.\n"
        "      ar: \"معلومات عامة من لاركسبور.\"\n"
        "      es: >-\n"
        "        Información general\n"
        "        de Larkspur.\n"
    ))  # fmt: skip
    contact = clinic.contact
    assert notices == ()
    assert contact.disclaimer is None
    assert contact.disclaimers == (
        ("en", "General information from Larkspur."),
        ("ar", "معلومات عامة من لاركسبور."),
        ("es", "Información general de Larkspur."),  # folded lines, one space
    )
    assert contact.disclaimer_in("ar") == "معلومات عامة من لاركسبور."
    assert contact.disclaimer_in("fr") is None


def test_a_regional_document_takes_its_languages_disclaimer(content, edit):
    clinic, _ = with_settings(content, edit, (
        "    disclaimer:\n      es: Información general.\n      zh-Hant: 一般資訊。\n"
    ))  # fmt: skip
    contact = clinic.contact
    assert contact.disclaimer_in("es-MX") == "Información general."
    assert contact.disclaimer_in("ES") == "Información general."  # tags ignore case
    assert contact.disclaimer_in("zh-hant") == "一般資訊。"
    assert contact.disclaimer_in("pt-BR") is None


def test_the_brands_language_says_what_language_a_plain_disclaimer_is_in(content, edit):
    clinic, notices = with_settings(content, edit, (
        "    language: es\n    disclaimer: Información general de Larkspur.\n"
    ))  # fmt: skip
    contact = clinic.contact
    assert notices == ()
    assert (contact.language, contact.disclaimer) == ("es", "Información general de Larkspur.")
    assert contact.disclaimer_in("es") == contact.disclaimer_in("es-MX") == contact.disclaimer
    assert contact.disclaimer_in("en") is None


@pytest.mark.parametrize(
    ("lines", "field", "problem"),
    [
        ("    disclaimer:\n      English: General information.\n",
         "defaults.handoutkit.disclaimer.English", "'English' is not a language tag"),
        ("    disclaimer:\n      es_MX: Información.\n",
         "defaults.handoutkit.disclaimer.es_MX", "'es_MX' is not a language tag"),
        ("    disclaimer:\n      en: 5\n",
         "defaults.handoutkit.disclaimer.en", "the disclaimer in 'en' must be text"),
        ("    disclaimer:\n      en: [General, information]\n",
         "defaults.handoutkit.disclaimer.en", "the disclaimer in 'en' must be text"),
        ("    disclaimer:\n      en: \"  \"\n",
         "defaults.handoutkit.disclaimer.en", "the disclaimer in 'en' must be text"),
        ("    language: Spanish\n",
         "defaults.handoutkit.language", "'Spanish' is not a language tag"),
        ("    language: 7\n", "defaults.handoutkit.language", "'language' must be text"),
    ],
    ids=["word-key", "underscore-key", "number", "list", "blank", "language-word",
         "language-number"],
)  # fmt: skip
def test_a_bad_disclaimer_or_language_is_an_error_naming_the_field(
    content, edit, lines, field, problem
):
    edit(brand_file(content), DISCLAIMER, lines)
    error = refused_brand(content)
    assert error.path == brand_file(content)
    assert f"field '{field}'" in error.where and error.where.startswith("line ")
    assert problem in error.problem
    assert "Fix:" in str(error)


def test_the_brands_fonts_per_language_and_script_are_read_with_where_they_are(content, edit):
    clinic, notices = with_settings(content, edit, (
        "    fonts:\n"
        "      scripts:\n"
        "        Arab: Noto Sans Arabic\n"
        "        Hani: Noto Sans CJK TC\n"
        "      languages:\n"
        "        ja: Noto Sans CJK JP\n"
    ))  # fmt: skip
    assert notices == ()
    fonts = clinic.typography.scripts
    assert [(f.key, f.family.name, f.by_language) for f in fonts] == [
        ("ja", "Noto Sans CJK JP", True),  # languages first: they come first in the chain
        ("Arab", "Noto Sans Arabic", False),
        ("Hani", "Noto Sans CJK TC", False),
    ]
    assert fonts[1].where.endswith("field 'defaults.handoutkit.fonts.scripts.Arab'")
    assert all(f.family.faces == () for f in fonts)  # installed fonts, not files


def test_a_brands_script_font_can_be_one_of_its_own_font_files(content, edit):
    clinic, _ = with_settings(content, edit, "    fonts:\n      scripts:\n        Cyrl: Lato\n")
    (cyrillic,) = clinic.typography.scripts
    assert cyrillic.family == clinic.typography.base  # the files typography: fonts: lists


@pytest.mark.parametrize(
    ("lines", "field", "problem"),
    [
        ("    fonts:\n      scripts:\n        Xxxx: Noto Sans\n",
         "defaults.handoutkit.fonts.scripts.Xxxx", "'Xxxx' is not an ISO 15924 script code"),
        ("    fonts:\n      scripts:\n        arabic: Noto Sans Arabic\n",
         "defaults.handoutkit.fonts.scripts.arabic", "'arabic' is not an ISO 15924 script code"),
        ("    fonts:\n      languages:\n        Japanese: Noto Sans CJK JP\n",
         "defaults.handoutkit.fonts.languages.Japanese", "'Japanese' is not a language tag"),
        ("    fonts:\n      colours:\n        Arab: Noto Sans Arabic\n",
         "defaults.handoutkit.fonts", "must hold 'scripts:' and/or 'languages:'"),
        ("    fonts: Noto Sans\n",
         "defaults.handoutkit.fonts", "must hold 'scripts:' and/or 'languages:'"),
        ("    fonts:\n      scripts: [Arab]\n",
         "defaults.handoutkit.fonts.scripts", "'scripts:' must map an ISO 15924 script code"),
        ("    fonts:\n      languages:\n        ja: 5\n",
         "defaults.handoutkit.fonts.languages.ja", "the font for 'ja' must be a family name"),
    ],
    ids=["not-a-script", "script-name", "language-name", "colours", "text", "list", "number"],
)  # fmt: skip
def test_a_bad_font_per_script_or_language_is_an_error_naming_the_field(
    content, edit, lines, field, problem
):
    edit(brand_file(content), DISCLAIMER, lines)
    error = refused_brand(content)
    assert error.path == brand_file(content)
    assert error.where.endswith(f"field '{field}'") and error.where.startswith("line ")
    assert problem in error.problem
    assert "Fix:" in str(error)


def test_more_fonts_per_script_or_language_than_the_limit_is_an_error(content, edit):
    count = SCRIPT_FONTS.value + 1
    tags = [f"{a}{b}" for a in "abcdefghij" for b in "abcdefghij"][:count]
    lines = "".join(f"        {tag}: Noto Sans\n" for tag in tags)
    edit(brand_file(content), DISCLAIMER, f"    fonts:\n      languages:\n{lines}")
    error = refused_brand(content)
    assert error.where.endswith(f"field 'defaults.handoutkit.fonts.languages.{tags[-1]}'")
    assert SCRIPT_FONTS.exceeded(count) in error.problem
    assert "Fix:" in str(error)


def test_as_many_fonts_as_the_limit_are_read(content, edit):
    tags = [f"{a}{b}" for a in "abcdefghij" for b in "abcdefghij"][: SCRIPT_FONTS.value]
    lines = "".join(f"        {tag}: Noto Sans\n" for tag in tags)
    clinic, _ = with_settings(content, edit, f"    fonts:\n      languages:\n{lines}")
    assert [f.key for f in clinic.typography.scripts] == tags
