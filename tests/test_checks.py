"""Each quality check on small documents made to pass and made to fail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handoutkit.brand import read_clinic
from handoutkit.checks import (
    CheckSettings,
    Status,
    brand_contrast,
    governance,
    outputs_accessibility,
    pemat_score,
    structure,
)
from handoutkit.colors import text_colors
from handoutkit.content import parse_document
from handoutkit.models import Handout

from .conftest import DEMO_CONTENT

FRONT = "---\ntitle: Peel\nlanguage: en\nreviewed: {reviewed}\nreviewed_by: Dr. A. Example\n---\n"

GOOD = """
## What a chemical peel does

A peel removes the outer layer of skin. New skin grows back smoother.

## How the treatment goes

1. **Cleansing:** The skin is cleaned.
2. **Peel:** The solution is applied for a few minutes.
3. **Neutralising:** The solution is washed off.

## Caring for your skin afterwards

- Avoid direct sun for two weeks.
- Keep your skin moisturized.

## Key points

Peels are quick. Call the clinic if redness lasts more than three days.
"""

POOR = """
## Information

{long}

## How it works

- The skin is cleaned.
- The solution is applied.

## Details

The results vary between patients and depend on many factors.
"""


def document(body: str, reviewed: str = "2026-10-01", tmp: Path = Path("/tmp")):
    text = FRONT.format(reviewed=reviewed) + body
    doc, _ = parse_document(text, path=tmp / "procedures" / "peel" / "en.md", content_root=tmp)
    return doc


def by_item(findings):
    return {finding.item: finding for finding in findings}


def test_a_well_structured_document_passes_every_structure_item():
    found = by_item(structure(document(GOOD)))
    assert {item: f.status for item, f in found.items()} == {
        "informative headings": Status.PASS,
        "short sections": Status.PASS,
        "lists used": Status.PASS,
        "steps numbered": Status.PASS,
        "summary": Status.PASS,
        "action for the patient": Status.PASS,
    }
    assert pemat_score(found.values()) == 100
    assert "Avoid direct sun" in found["action for the patient"].detail


def test_a_poorly_structured_document_fails_and_says_what_to_change():
    long = " ".join(["The treatment involves several phases that are explained here."] * 30)
    found = by_item(structure(document(POOR.format(long=long))))
    assert found["informative headings"].status is Status.WARN
    assert "'Information'" in found["informative headings"].detail
    assert (
        found["short sections"].status is Status.WARN and "Fix:" in found["short sections"].detail
    )
    assert found["steps numbered"].status is Status.WARN
    assert "'How it works'" in found["steps numbered"].detail
    assert found["summary"].status is Status.WARN
    assert found["action for the patient"].status is Status.WARN
    assert pemat_score(found.values()) < 50


@pytest.mark.parametrize(
    ("reviewed", "status"),
    [
        ("2026-06-01", Status.PASS),
        ("2025-06-01", Status.WARN),
        ("2024-01-01", Status.ERROR),
        ("2027-01-01", Status.ERROR),
    ],
    ids=["recent", "overdue", "twice-overdue", "future"],
)
def test_review_dates_are_checked_against_the_interval(reviewed, status):
    settings = CheckSettings(review_months=12, today=date(2026, 11, 25))
    found = by_item(governance(document(GOOD, reviewed), settings))
    assert found["review date"].status is status
    assert found["reviewer"].status is Status.PASS


def test_a_shorter_review_interval_can_be_set():
    settings = CheckSettings(review_months=3, today=date(2026, 11, 25))
    found = by_item(governance(document(GOOD, "2026-06-01"), settings))
    assert found["review date"].status is Status.WARN


def test_brand_contrast_reports_each_pair_and_what_was_adjusted():
    pale = text_colors(
        primary="#f2e35c",
        secondary="#4e7a6a",
        foreground="#2a2533",
        background="#ffffff",
        light="#efeaf6",
    )
    found = by_item(brand_contrast(pale.pairs))
    assert found["body text"].status is Status.PASS
    heading = found["headings (large)"]
    assert heading.status is Status.WARN
    assert "#f2e35c" in heading.detail and "prints #000000 instead" in heading.detail


def test_the_demo_deck_has_titles_alt_text_and_large_enough_text():
    clinic, _ = read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")
    from handoutkit.content import read_document

    doc, _ = read_document(
        DEMO_CONTENT / "procedures" / "microneedling" / "en.md", content_root=DEMO_CONTENT
    )
    found = by_item(outputs_accessibility(Handout(doc, clinic)))
    assert all(f.status is Status.PASS for f in found.values()), found
