"""Text measurement with real font metrics: widths, wrapping, and the system-font fallbacks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from handoutkit.model import FontFamily
from handoutkit.outputs import measure
from handoutkit.outputs.measure import FALLBACK_EM, TextMeasurer
from handoutkit.read.brand import read_clinic

from ..conftest import DEMO_CONTENT

SENTENCE = (
    "Microneedling, also known as collagen induction therapy, is a minimally invasive "
    "cosmetic procedure designed to enhance skin appearance by stimulating collagen production."
)


@pytest.fixture(scope="module")
def lato() -> FontFamily:
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    return clinic.typography.base


def test_brand_face_is_read_from_the_clinic_font_file(lato):
    assert TextMeasurer(lato).metrics.name == "Lato"
    assert TextMeasurer(lato, bold=True).metrics.advances != TextMeasurer(lato).metrics.advances


def test_width_scales_linearly_with_size(lato):
    m = TextMeasurer(lato)
    assert m.width_pt("Collagen", 24) == pytest.approx(2 * m.width_pt("Collagen", 12))
    assert m.width_pt("Collagen", 12) > 0


def test_longer_and_wider_text_measures_wider(lato):
    m = TextMeasurer(lato)
    assert m.width_pt("skin care", 24) > m.width_pt("skin", 24)
    assert m.width_pt("WWWW", 24) > m.width_pt("iiii", 24)
    assert TextMeasurer(lato, bold=True).width_pt(SENTENCE, 24) > m.width_pt(SENTENCE, 24)


def test_wrapped_lines_never_exceed_the_width_and_keep_every_word(lato):
    m = TextMeasurer(lato)
    for width in (120.0, 300.0, 640.0):
        lines = m.wrap(SENTENCE, 24, width)
        assert all(m.width_pt(line, 24) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == SENTENCE.replace(" ", "")
        assert m.line_count(SENTENCE, 24, width) == len(lines)
    assert " ".join(m.wrap(SENTENCE, 24, 300.0)) == SENTENCE  # no word is too long here
    assert len(m.wrap(SENTENCE, 24, 120.0)) > len(m.wrap(SENTENCE, 24, 640.0))


def test_wrapping_is_greedy_like_powerpoint(lato):
    m = TextMeasurer(lato)
    lines = m.wrap(SENTENCE, 24, 400.0)
    for line, following in pairwise(lines):
        # the next line's first word would not have fitted on this line
        assert m.width_pt(f"{line} {following.split()[0]}", 24) > 400.0


def test_an_over_long_word_is_broken_between_characters(lato):
    m = TextMeasurer(lato)
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    lines = m.wrap(f"a {word} b", 24, 150.0)
    assert "".join(lines).replace(" ", "") == f"a{word}b"
    assert all(m.width_pt(line, 24) <= 150.0 for line in lines)
    assert len(lines) >= 4


def test_empty_text_and_line_breaks(lato):
    m = TextMeasurer(lato)
    assert m.wrap("", 24, 200.0) == [""]
    assert m.wrap("one\ntwo", 24, 2000.0) == ["one", "two"]


def test_a_system_family_is_measured_with_the_installed_font():
    m = TextMeasurer(FontFamily("DejaVu Sans"))
    assert m.metrics.advances  # real metrics, not the flat fallback
    assert m.width_pt("WWWW", 24) > m.width_pt("iiii", 24)


def test_an_unknown_system_family_falls_back_to_installed_metrics():
    m = TextMeasurer(FontFamily("No Such Font Family 123"))
    assert m.width_pt("Collagen", 24) > 0
    assert m.line_count(SENTENCE, 24, 300.0) >= 2


def test_without_fontconfig_every_character_is_six_tenths_of_an_em(monkeypatch):
    monkeypatch.setattr(measure, "_system_font_file", lambda *args: None)
    monkeypatch.setattr(measure, "_metrics_for", measure._metrics_for.__wrapped__)
    m = TextMeasurer(FontFamily("No Such Font Family 456"))
    assert m.width_pt("abcde", 10) == pytest.approx(5 * FALLBACK_EM * 10)
    assert m.wrap("aaaa bbbb cccc", 10, 50.0) == ["aaaa", "bbbb", "cccc"]
