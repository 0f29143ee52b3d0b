"""What a job prints, piece by piece with where it comes from: the disclaimer it prints, and
the warnings when the clinic or Handout Kit has no words for the document's language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from handoutkit.language import language_for
from handoutkit.model import FontFamily, Handout, Paragraph, ScriptFont, Span, Tagline
from handoutkit.read.printed import (
    disclaimer_notices,
    disclaimer_of,
    label_notices,
    printed_texts,
    tagline_chain,
    text_chains,
)

ENGLISH = "General information from Larkspur."
ARABIC = "معلومات عامة من لاركسبور."


def in_language(handout: Handout, code: str) -> Handout:
    meta = replace(handout.document.meta, language=code)
    return replace(handout, document=replace(handout.document, meta=meta))


def with_contact(handout: Handout, **fields) -> Handout:
    contact = replace(handout.clinic.contact, **fields)
    return replace(handout, clinic=replace(handout.clinic, contact=contact))


def with_fonts(handout: Handout, *fonts: ScriptFont) -> Handout:
    typography = replace(handout.clinic.typography, scripts=fonts)
    return replace(handout, clinic=replace(handout.clinic, typography=typography))


@pytest.fixture
def per_language(demo_handout) -> Handout:
    return with_contact(demo_handout, disclaimer=None, disclaimers=(("en", ENGLISH),
                                                                    ("ar", ARABIC)))  # fmt: skip


def test_the_clinics_own_disclaimer_is_printed_in_its_language(demo_handout, per_language):
    assert disclaimer_of(demo_handout) == demo_handout.clinic.contact.disclaimer
    assert disclaimer_of(per_language) == ENGLISH
    assert disclaimer_of(in_language(per_language, "ar")) == ARABIC
    assert disclaimer_of(in_language(per_language, "ar-EG")) == ARABIC


def test_in_another_language_the_language_files_default_disclaimer_is_printed(per_language):
    spanish = in_language(per_language, "es")
    assert disclaimer_of(spanish) == language_for("es").labels.disclaimer
    assert disclaimer_of(spanish).startswith("Este folleto ofrece información general.")
    assert disclaimer_of(in_language(per_language, "zh-TW")) == (
        language_for("zh-Hant").labels.disclaimer
    )
    unknown = in_language(per_language, "xx")
    assert disclaimer_of(unknown) == language_for("en").labels.disclaimer  # English words


def test_a_plain_disclaimer_is_in_the_brands_language(demo_handout):
    spanish = with_contact(demo_handout, disclaimer="Información general.", language="es")
    assert disclaimer_of(in_language(spanish, "es")) == "Información general."
    assert disclaimer_of(spanish) == language_for("en").labels.disclaimer  # an en document


def test_a_notice_when_the_clinic_wrote_a_disclaimer_but_not_in_the_documents_language(
    demo_handout, per_language
):
    assert disclaimer_notices(demo_handout) == ()
    assert disclaimer_notices(in_language(per_language, "ar")) == ()
    (notice,) = disclaimer_notices(in_language(per_language, "es"))
    assert notice.path == demo_handout.clinic.source
    assert "has no version in 'es'" in notice.message
    assert "neutral default disclaimer in Spanish" in notice.message
    assert "Fix: add the clinic's own under 'defaults: handoutkit: disclaimer: es:'" in (
        notice.message
    )


def test_no_notice_when_the_clinic_wrote_no_disclaimer_at_all(demo_handout):
    silent = with_contact(demo_handout, disclaimer=None, disclaimers=())
    assert disclaimer_notices(in_language(silent, "es")) == ()
    assert disclaimer_of(in_language(silent, "es")) == language_for("es").labels.disclaimer


def test_the_disclaimer_printed_is_the_one_glyph_checked(per_language):
    for code in ("en", "ar", "es"):
        handout = in_language(per_language, code)
        (text,) = [t for t in printed_texts(handout) if "disclaimer" in t.where]
        assert text.text == disclaimer_of(handout)
    own = [t for t in printed_texts(in_language(per_language, "ar")) if "disclaimer" in t.where]
    assert own[0].where == "field 'defaults.handoutkit.disclaimer'"
    default = [t for t in printed_texts(in_language(per_language, "es")) if "disclaimer" in t.where]
    assert default[0].where == "[labels] disclaimer"
    assert str(default[0].path).endswith("es.toml")


def test_a_document_in_a_language_without_labels_warns_naming_the_data_file_to_add(
    demo_handout,
):
    assert label_notices(demo_handout) == ()
    assert label_notices(in_language(demo_handout, "es-MX")) == ()  # es's labels
    (notice,) = label_notices(in_language(demo_handout, "xx"))
    assert notice.path == demo_handout.document.source
    assert "no labels for language 'xx'" in notice.message
    assert "src/handoutkit/language/data/xx.toml" in notice.message
    assert "available: ar, de, en," in notice.message


def test_a_notice_of_language_assistance_is_drawn_in_its_own_languages_fonts(demo_handout):
    chinese = "請致電診所"
    notice = Tagline("zh-Hant", "ltr", (Paragraph((Span(chinese),)),), Path("zh-Hant.md"))
    handout = replace(demo_handout, taglines=(notice,))
    assert tagline_chain(handout, notice).family_for("診").name == "Noto Sans CJK TC"
    body, _ = text_chains(handout, chinese)  # the English document's: no Chinese of its own
    assert body.family_for("診").name == "Noto Sans CJK SC"


def test_the_body_and_headings_chains_follow_the_documents_language(demo_handout):
    chinese = "请致电诊所"
    body, headings = text_chains(in_language(demo_handout, "zh-Hant"), chinese)
    assert body.names[:2] == headings.names[:2] == ("Lato", "Noto Sans CJK TC")
    body, _ = text_chains(in_language(demo_handout, "zh-Hans"), chinese)
    assert body.names[:2] == ("Lato", "Noto Sans CJK SC")


def test_a_brands_font_for_a_regional_language_applies_to_documents_in_it(demo_handout):
    hong_kong = ScriptFont("zh-HK", FontFamily("Noto Sans CJK HK"), by_language=True,
                           where="test")  # fmt: skip
    handout = with_fonts(in_language(demo_handout, "zh-HK"), hong_kong)
    body, _ = text_chains(handout, "請致電")
    assert body.names[:2] == ("Lato", "Noto Sans CJK HK")
