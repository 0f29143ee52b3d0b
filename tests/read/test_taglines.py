"""Notices of language assistance: one file per language, the group's or a clinic's own,
read bounded from inside the content folder, each in its language's direction."""

from __future__ import annotations

from pathlib import Path

import pytest

from handoutkit.errors import ContentError, FontError, UnsafePathError
from handoutkit.limits import NOTICE_BYTES, NOTICE_FILES
from handoutkit.model import Tagline
from handoutkit.read.catalog import discover
from handoutkit.read.handout import load_handout
from handoutkit.read.printed import tagline_chain
from handoutkit.read.taglines import ordered, read_taglines, tagline_folder

from ..conftest import DEMO_KEY
from ..inputs.test_files import opened_files, real

CLINIC = "larkspur-skin"
NOTICES = {
    "es": "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia "
    "lingüística. Llame al **+1 (555) 010-2030**.\n",
    "ar": "ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية متوفرة لك بالمجان.\n",
    "en": "Language assistance services, free of charge, are available to you.\n",
    "zh-Hant": "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。\n",
}


def group_folder(content: Path) -> Path:
    return content / "notices" / "language-assistance"


def clinic_folder(content: Path, clinic: str = CLINIC) -> Path:
    return content / "clinics" / clinic / "notices" / "language-assistance"


def write_notices(folder: Path, notices: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for tag, text in notices.items():
        (folder / f"{tag}.md").write_text(text, encoding="utf-8")
    return folder


def refused(content: Path, kind: type[Exception] = ContentError):
    with pytest.raises(kind) as caught:
        read_taglines(content, CLINIC)
    assert "\n" not in str(caught.value)
    assert "Fix:" in str(caught.value)
    return caught.value


def tagline(tag: str) -> Tagline:
    return Tagline(tag, "ltr", (), Path(f"{tag}.md"))


def test_a_content_folder_without_notices_has_none(content):
    assert tagline_folder(content, CLINIC) == (None, ())
    assert read_taglines(content, CLINIC) == ((), ())


def test_each_notice_is_read_with_its_language_direction_text_and_file(content):
    folder = write_notices(group_folder(content), NOTICES)
    taglines, skipped = read_taglines(content, CLINIC)
    assert skipped == ()
    assert [(t.language, t.direction) for t in taglines] == [
        ("ar", "rtl"), ("en", "ltr"), ("es", "ltr"), ("zh-Hant", "ltr"),
    ]  # fmt: skip
    spanish = taglines[2]
    assert spanish.source == folder / "es.md"
    assert spanish.text.endswith("Llame al +1 (555) 010-2030.")  # bold kept as markup, not **
    assert [span.strong for span in spanish.paragraphs[0].spans if "555" in span.text] == [True]


def test_a_notice_of_two_paragraphs_keeps_both(content):
    write_notices(group_folder(content), {"en": "Free help in your language.\n\nCall us.\n"})
    (notice,), _ = read_taglines(content, CLINIC)
    assert [p.text for p in notice.paragraphs] == ["Free help in your language.", "Call us."]


def test_the_documents_language_comes_first_then_the_others_by_tag():
    taglines = tuple(tagline(tag) for tag in ("zh-Hant", "en", "es", "ar", "vi"))
    assert [t.language for t in ordered(taglines, "es")] == ["es", "ar", "en", "vi", "zh-Hant"]
    assert ordered(taglines, "es-MX")[0].language == "es"  # by its language
    assert [t.language for t in ordered(taglines, "fr")] == ["ar", "en", "es", "vi", "zh-Hant"]
    assert ordered((), "en") == ()


def test_the_notice_in_the_documents_own_script_comes_before_its_other_script():
    taglines = tuple(tagline(tag) for tag in ("en", "zh-Hans", "zh-Hant"))
    assert [t.language for t in ordered(taglines, "zh-Hant")] == ["zh-Hant", "zh-Hans", "en"]


def test_a_clinics_own_notices_replace_the_groups_for_that_clinic_only(content):
    write_notices(group_folder(content), NOTICES)
    own = write_notices(clinic_folder(content), {"es": "Llame a Larkspur al 555 0100.\n"})
    taglines, _ = read_taglines(content, CLINIC)
    assert [(t.language, t.source) for t in taglines] == [("es", own / "es.md")]
    assert taglines[0].text == "Llame a Larkspur al 555 0100."
    others, _ = read_taglines(content, "another-clinic")
    assert [t.language for t in others] == ["ar", "en", "es", "zh-Hant"]


def test_a_file_not_named_by_a_language_is_skipped_with_a_notice_naming_it(content):
    folder = write_notices(group_folder(content), {"es": NOTICES["es"]})
    (folder / "Spanish.md").write_text("Llame al 555.\n", encoding="utf-8")
    (folder / "README.txt").write_text("One notice per language.\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\1")  # hidden: skipped without a word
    taglines, skipped = read_taglines(content, CLINIC)
    assert [t.language for t in taglines] == ["es"]
    assert [notice.path for notice in skipped] == [folder / "README.txt", folder / "Spanish.md"]
    assert "'Spanish.md' is not a notice and is skipped" in skipped[1].message
    assert "es.md or zh-Hant.md" in skipped[1].message  # how to name it


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Free help.\n\n## Call us\n", 3),
        ("Free help.\n\n- Call us\n- Write to us\n", 3),
        ("# Notice\n\nFree help.\n", 1),
        ("Free help.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 3),
    ],
    ids=["heading", "list", "title", "table"],
)
def test_a_notice_holding_more_than_paragraphs_names_the_file_and_line(content, text, line):
    folder = write_notices(group_folder(content), {"en": text})
    error = refused(content)
    assert error.path == folder / "en.md" and error.where == f"line {line}"
    assert "paragraphs of text only" in error.problem
    assert "one or two short paragraphs" in error.fix


@pytest.mark.parametrize("text", ["", "  \n\n\t\n"], ids=["empty", "blank"])
def test_an_empty_notice_is_an_error_naming_the_file(content, text):
    folder = write_notices(group_folder(content), {"en": NOTICES["en"], "vi": text})
    error = refused(content)
    assert error.path == folder / "vi.md"
    assert "empty" in error.problem and "delete the file" in error.fix


def test_more_notices_than_the_limit_is_an_error_naming_the_folder_and_the_limit(content):
    folder = group_folder(content)
    count = NOTICE_FILES.value + 1
    write_notices(folder, {f"n{index:03d}": "Free help.\n" for index in range(count)})
    with opened_files() as opened:
        error = refused(content)
    assert error.path == folder
    assert NOTICE_FILES.exceeded(count) in error.problem
    assert not [path for path in opened if path.startswith(real(folder))]  # none was read


def test_a_notice_over_the_size_limit_is_refused_unread(content):
    folder = write_notices(group_folder(content), {"en": "Free help. " * NOTICE_BYTES.value})
    with opened_files() as opened:
        error = refused(content)
    assert real(folder / "en.md") not in opened
    assert error.path == folder / "en.md"
    assert f"{NOTICE_BYTES.name} is {NOTICE_BYTES.shown}" in error.problem


def test_a_notice_that_links_outside_the_content_folder_is_refused_unread(content, tmp_path):
    outside = tmp_path / "elsewhere" / "secret.md"
    outside.parent.mkdir()
    outside.write_text("Not for the handout.\n", encoding="utf-8")
    folder = write_notices(group_folder(content), {"en": NOTICES["en"]})
    (folder / "es.md").symlink_to(outside)
    with opened_files() as opened:
        error = refused(content, UnsafePathError)
    assert real(outside) not in opened
    assert error.path == folder / "es.md"
    assert "outside" in error.problem and str(outside) in error.problem


@pytest.mark.parametrize(
    ("tag", "text", "direction"),
    [
        ("ar", "ملحوظة: خدمات مجانية.", "rtl"),
        ("he", "שירותי סיוע בשפה.", "rtl"),
        ("ar-EG", "خدمات مجانية.", "rtl"),
        ("es", "Servicios gratuitos.", "ltr"),
        ("yi", "12: שפּראַך הילף.", "rtl"),  # no data file: its first letter's, past the digits
        ("xq", "Call 555: שלום.", "ltr"),  # the first strong letter is Latin
        ("xq", "555 0100.", "ltr"),  # no letter at all
    ],
)
def test_a_notices_direction_is_its_languages_else_its_first_letters(content, tag, text, direction):
    write_notices(group_folder(content), {tag: text})
    (notice,), _ = read_taglines(content, CLINIC)
    assert (notice.language, notice.direction) == (tag, direction)


# --- through load_handout --------------------------------------------------------------


def test_a_job_carries_the_notices_its_own_language_first_and_the_skipped_files(content):
    folder = write_notices(group_folder(content), NOTICES)
    (folder / "notes.txt").write_text("not a notice\n", encoding="utf-8")
    handout = load_handout(discover(content), DEMO_KEY)
    assert [t.language for t in handout.taglines] == ["en", "ar", "es", "zh-Hant"]
    skipped = [n for n in handout.notices if n.path == folder / "notes.txt"]
    assert len(skipped) == 1 and "'notes.txt' is not a notice" in skipped[0].message


def test_a_notice_with_a_character_no_font_draws_fails_naming_the_notice(content):
    folder = write_notices(group_folder(content), {**NOTICES, "de": "Hilfe \ue000 kostenlos.\n"})
    with pytest.raises(FontError) as caught:
        load_handout(discover(content), DEMO_KEY)
    assert caught.value.path == folder / "de.md"
    assert caught.value.where == "the notice"
    assert "U+E000" in str(caught.value) and "Fix:" in str(caught.value)


def test_every_notice_is_checked_in_its_own_languages_fonts(content):
    hindi = "ध्यान दें: भाषा सहायता सेवाएं मुफ्त हैं।\n"
    korean = "주의: 무료 언어 지원 서비스를 이용하실 수 있습니다.\n"
    write_notices(group_folder(content), {"hi": hindi, "ko": korean})
    handout = load_handout(discover(content), DEMO_KEY)
    drawn = {t.language: tagline_chain(handout, t).family_for(t.text[0]).name
             for t in handout.taglines}  # fmt: skip
    assert drawn == {"hi": "Noto Sans Devanagari", "ko": "Noto Sans CJK KR"}
