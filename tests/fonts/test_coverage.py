"""Before anything is rendered, every character has a glyph: else an error naming it, where
it is, and the font to add."""

from __future__ import annotations

import re

import pytest

from handoutkit.errors import FontError
from handoutkit.fonts import FontChain, Text, check_coverage, font_chain
from handoutkit.fonts.chain import fallback_table, resolve
from handoutkit.fonts.installed import is_installed
from handoutkit.language import language_for
from handoutkit.model import FontFamily
from handoutkit.read.brand import read_clinic
from handoutkit.read.catalog import discover
from handoutkit.read.handout import load_handout

from ..conftest import DEMO_CONTENT, DEMO_KEY
from .test_faces import PRIVATE_USE, private_use_font

WHERE = "section 'Aftercare' (from line 12)"
SENTENCE = "enhance skin appearance"  # in the first section of the demo document


@pytest.fixture(scope="module")
def lato() -> FontFamily:
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    return clinic.typography.base


def refused(texts: list[Text], chains: list[FontChain]) -> FontError:
    with pytest.raises(FontError) as caught:
        check_coverage(texts, chains)
    error = caught.value
    assert "\n" not in str(error)  # one paragraph
    return error


def test_a_private_use_character_is_an_error_naming_it_its_file_and_place(lato):
    text = f"Apply {PRIVATE_USE} twice."
    error = refused([Text(text, "procedures/peel/en.md", WHERE)],
                    [font_chain(lato, text=text, language=language_for("en"))])  # fmt: skip
    message = str(error)
    assert message.startswith(f"procedures/peel/en.md, {WHERE}: the character ")
    assert "U+E000" in message and "scripts: Zzzz:" in message  # a character of no script
    assert "Lato, Noto Sans" in error.problem  # the fonts that were tried
    assert "Fix: use a character Unicode assigns to a script" in message
    assert "defaults: handoutkit: fonts: scripts: Zzzz:" in error.fix  # the brand field


def test_a_character_of_a_script_without_a_font_names_the_script_and_the_font_to_add(lato):
    only_lato = FontChain((resolve(lato),))
    error = refused([Text("Larkspur 诊所", "brand.yml", "field 'meta.name'")], [only_lato])
    assert error.path.name == "brand.yml" and error.where == "field 'meta.name'"
    assert "'诊' (U+8BCA CJK UNIFIED IDEOGRAPH-8BCA" in error.problem
    assert "Han script" in error.problem
    assert "Also without a glyph: '所' (U+6240" in error.problem  # the others, listed
    assert "'Noto Sans CJK SC'" in error.fix
    assert "fonts: scripts: Hani:" in error.fix


def test_the_first_text_without_a_glyph_is_the_one_named(lato):
    chain = font_chain(lato, text="Rest")
    error = refused([Text("Rest well.", "a.md", "line 1"),
                     Text(f"x{PRIVATE_USE}", "b.md", "line 7"),
                     Text(f"y{PRIVATE_USE}", "c.md", "line 9")], [chain])  # fmt: skip
    assert (error.path.name, error.where) == ("b.md", "line 7")


def test_every_chain_must_draw_every_character(lato):
    body = font_chain(lato, text="شكرا")
    headings = FontChain((resolve(lato),))  # the brand's family alone: no Arabic
    text = [Text("Rest شكرا", "en.md", "line 3")]
    check_coverage(text, [body])
    error = refused(text, [body, headings])
    assert "'Lato'" not in error.problem and "(Lato)" in error.problem  # the headings' fonts
    assert "Arabic script" in error.problem and "'Noto Naskh Arabic'" in error.fix
    assert "fonts: scripts: Arab:" in error.fix


def test_white_space_joiners_and_direction_marks_need_no_glyph(lato):
    only_lato = FontChain((resolve(lato),))
    check_coverage([Text("a\u200db\u200f c\u2066d\u2069\u00a0e\n", "en.md", "line 1")],
                   [only_lato])  # fmt: skip


def test_chinese_text_is_covered_by_the_installed_noto_fonts(lato):
    text = "微针疗法：请在治疗后二十四小时内避免日晒。"
    chains = [font_chain(lato, text=text, language=language_for(code)) for code in ("en", "zh")]
    check_coverage([Text(text, "en.md", "line 3")], chains)


def test_no_chain_no_check():
    check_coverage([Text(PRIVATE_USE, "en.md", "line 3")], [])


# --- a whole job, read through load_handout --------------------------------------------------


def first_section_line(path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index("## What is Microneedling?") + 1


def test_a_document_with_a_character_no_font_draws_fails_naming_the_file_and_line(content, edit):
    document = content / "procedures" / "microneedling" / "en.md"
    edit(document, SENTENCE, f"enhance skin {PRIVATE_USE} appearance")
    with pytest.raises(FontError) as caught:
        load_handout(discover(content), DEMO_KEY)
    error = caught.value
    assert error.path == document.resolve()
    assert "section 'What is Microneedling?'" in error.where
    assert f"line {first_section_line(document)}" in error.where
    assert str(error).startswith(f"{document.resolve()}, {error.where}: the character ")
    assert "U+E000" in str(error) and "Fix:" in str(error)


def test_a_title_no_font_draws_is_named_by_its_front_matter_field(content, edit):
    document = content / "procedures" / "microneedling" / "en.md"
    edit(document, "title: Microneedling", f"title: Microneedling {PRIVATE_USE}")
    with pytest.raises(FontError) as caught:
        load_handout(discover(content), DEMO_KEY)
    assert caught.value.where == "front matter, field 'title'"


def test_chinese_in_a_document_is_covered(content, edit):
    document = content / "procedures" / "microneedling" / "en.md"
    edit(document, SENTENCE, "enhance skin appearance (微针疗法，又称胶原蛋白诱导疗法)")
    handout = load_handout(discover(content), DEMO_KEY)
    assert "微针疗法" in handout.document.sections[0].blocks[0].text


def test_a_clinic_detail_no_font_draws_is_named_by_its_brand_field(content, edit):
    brand = content / "clinics" / "larkspur-skin" / "_brand.yml"
    edit(brand, "Suite 4, Springfield", f"Suite 4 {PRIVATE_USE}, Springfield")
    with pytest.raises(FontError) as caught:
        load_handout(discover(content), DEMO_KEY)
    assert caught.value.path == brand.resolve()
    assert caught.value.where == "field 'defaults.handoutkit.address'"


def test_the_font_an_error_suggests_is_one_that_exists(lato):
    error = refused([Text(PRIVATE_USE, "en.md", "line 3")], [font_chain(lato, text="a")])
    suggested = re.findall(r"'(Noto [^']+)'", error.fix)
    known = {name for names in fallback_table().values() for name in names}
    assert all(name in known or is_installed(name) for name in suggested), suggested


def test_following_the_fix_of_a_private_use_character_draws_it(content, edit):
    folder = content / "clinics" / "larkspur-skin"
    (folder / "fonts" / "PrivateUse-Regular.ttf").write_bytes(private_use_font())
    edit(
        folder / "_brand.yml",
        "  base:\n",
        "    - family: Private Use Test\n      source: file\n      files:\n"
        "        - path: fonts/PrivateUse-Regular.ttf\n  base:\n",
    )
    edit(
        folder / "_brand.yml",
        "  handoutkit:\n",
        "  handoutkit:\n    fonts:\n      scripts:\n        Zzzz: Private Use Test\n",
    )
    document = content / "procedures" / "microneedling" / "en.md"
    edit(document, SENTENCE, f"enhance skin {PRIVATE_USE} appearance")
    handout = load_handout(discover(content), DEMO_KEY)
    assert [f.key for f in handout.clinic.typography.scripts] == ["Zzzz"]
