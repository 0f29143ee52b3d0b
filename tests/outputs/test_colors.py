"""WCAG contrast: brand colours are used where readable, replaced where they are not."""

from __future__ import annotations

import pytest

from handoutkit.outputs.colors import contrast, text_colors

DEMO = {
    "primary": "#5b3f8c",
    "secondary": "#4e7a6a",
    "foreground": "#2a2533",
    "background": "#ffffff",
    "light": "#efeaf6",
}


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_readable_brand_colours_are_kept():
    colors = text_colors(**DEMO)
    assert not any(pair.adjusted for pair in colors.pairs)
    assert all(pair.used_ratio >= pair.minimum for pair in colors.pairs)


def test_a_pale_brand_colour_is_replaced_by_a_readable_one_and_says_so():
    colors = text_colors(**{**DEMO, "primary": "#f2e35c"})  # pale yellow on white
    heading = colors.heading
    assert heading.wanted_ratio < 3.0
    assert heading.adjusted and heading.used == "#000000"
    assert heading.used_ratio >= heading.minimum
    # White numbers on pale yellow are unreadable: the numbers turn dark.
    assert colors.on_primary.adjusted and colors.on_primary.used_ratio >= 4.5
    assert not colors.body.adjusted
