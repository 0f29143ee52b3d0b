"""Each quality check on small documents made to pass and made to fail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from handoutkit.errors import ContentError
from handoutkit.model import Handout, Status
from handoutkit.outputs.colors import text_colors
from handoutkit.quality.checks import (
    CheckSettings,
    brand_contrast,
    pemat_score,
    readability,
    structure,
)
from handoutkit.quality.deckchecks import outputs_accessibility
from handoutkit.quality.governance import governance
from handoutkit.read.brand import read_clinic
from handoutkit.read.content import parse_document

from ..conftest import DEMO_CONTENT

FRONT = (
    "---\ntitle: Peel\nlanguage: en\nreviewed: {reviewed}\n"
    "reviewed_by: Dr. A. Example\n{extra}---\n"
)

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


def document(body: str, reviewed: str = "2026-10-01", tmp: Path = Path("/tmp"), extra: str = ""):
    text = FRONT.format(reviewed=reviewed, extra=extra) + body
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
    from handoutkit.read.content import read_document

    doc, _ = read_document(
        DEMO_CONTENT / "procedures" / "microneedling" / "en.md", content_root=DEMO_CONTENT
    )
    found = by_item(outputs_accessibility(Handout(doc, clinic)))
    assert all(f.status is Status.PASS for f in found.values()), found


HARD = """
## What the treatment involves

Microneedling, also known as collagen induction therapy, is a minimally invasive cosmetic \
procedure designed to enhance skin appearance by stimulating collagen production. \
Post-procedural erythema and transient inflammatory hyperpigmentation are occasionally \
encountered, particularly in individuals with photosensitivity.

## Key points

Comprehensive photoprotection is consequently recommended throughout the recuperation interval.
"""


def test_plain_language_passes_the_target_grade():
    found = by_item(readability(document(GOOD), CheckSettings()))
    assert found["Flesch-Kincaid grade"].status is Status.PASS
    assert found["SMOG grade"].status is Status.PASS
    assert "what to rewrite" not in found


def test_a_hard_text_warns_and_names_the_sentences_and_words_to_rewrite():
    doc = document(HARD)
    found = by_item(readability(doc, CheckSettings(target_grade=8)))
    fk = found["Flesch-Kincaid grade"]
    assert fk.status is Status.WARN and "(target 8 or lower)" in fk.detail
    hints = found["what to rewrite"].detail
    assert "“Microneedling, also known as collagen induction therapy" in hints
    assert "hyperpigmentation (6)" in hints
    section = found["section ‘What the treatment involves’"]
    assert section.status is Status.WARN and section.where == "line 8"  # of the file
    # A warning, never a change: the document's words are untouched.
    assert (
        "Microneedling, also known as collagen induction therapy" in doc.sections[0].blocks[0].text
    )


def test_a_document_may_set_its_own_target_grade_and_review_interval():
    doc = document(GOOD, reviewed="2026-04-01", extra="target_grade: 1\nreview_months: 3\n")
    settings = CheckSettings(today=date(2026, 11, 25))
    fk = by_item(readability(doc, settings))["Flesch-Kincaid grade"]
    assert fk.status is Status.WARN and "(target 1 or lower)" in fk.detail
    review = by_item(governance(doc, settings))["review date"]
    assert review.status is Status.ERROR and "3-month review interval" in review.detail


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("target_grade: easy\n", "'target_grade' must be a number from 1 to 18, got 'easy'"),
        ("review_months: 0\n", "'review_months' must be a whole number from 1 to 60"),
        ("review_months: 2.5\n", "'review_months' must be a whole number"),
    ],
)
def test_a_bad_check_setting_in_the_front_matter_is_an_error_naming_the_line(extra, expected):
    with pytest.raises(ContentError) as caught:
        document(GOOD, extra=extra)
    assert expected in caught.value.problem
    assert caught.value.where.startswith("line 6, field")


def test_a_passing_review_says_when_the_next_is_due_not_how_long_ago():
    found = by_item(
        governance(document(GOOD, "2026-02-28"), CheckSettings(today=date(2026, 11, 25)))
    )
    assert found["review date"].detail == "reviewed 2026-02-28; next review by 2027-02-28."


def test_a_document_neither_reviewed_nor_approved_is_a_warning_naming_the_approve_command():
    doc = document(GOOD)
    from dataclasses import replace

    unsigned = replace(doc, meta=replace(doc.meta, reviewed=None, reviewed_by=None))
    found = by_item(governance(unsigned, CheckSettings()))
    assert found["reviewer"].status is Status.WARN and "review date" not in found
    assert "handoutkit approve --procedure" in found["reviewer"].detail


def test_deck_accessibility_names_each_problem_and_the_slide(demo_handout):
    from dataclasses import replace

    from handoutkit.outputs.deck.layouts import plan_deck
    from handoutkit.outputs.deck.slides import PictureBox, TextBox

    plans = list(plan_deck(demo_handout))
    plans[2] = replace(plans[2], title=plans[1].title)  # a title used twice
    box = next(part for part in plans[3].body if isinstance(part, TextBox))
    small = replace(box, paragraphs=(replace(box.paragraphs[0], size_pt=16),))
    unlabelled = PictureBox(alt=" ", image=demo_handout.clinic.logo, top_pt=0, width_pt=10,
                            height_pt=10)  # fmt: skip
    plans[3] = replace(plans[3], body=(small, unlabelled), title_size_pt=24)
    found = by_item(outputs_accessibility(demo_handout, plans))
    assert found["slide titles"].status is Status.ERROR
    assert f"titles used twice: ['{plans[1].title}']" in found["slide titles"].detail
    assert found["alt text"].status is Status.ERROR
    assert "without alt text on slides [4]" in found["alt text"].detail
    sizes = found["text sizes"]
    assert sizes.status is Status.ERROR
    assert "slide 4: 16 pt" in sizes.detail and "slide 4 title: 24 pt" in sizes.detail


def test_only_step_headings_make_a_bulleted_list_a_warning():
    shown = document(GOOD.replace("## Caring for your skin afterwards", "## What to show us"))
    assert by_item(structure(shown))["steps numbered"].status is Status.PASS
    steps = document(GOOD.replace("## Caring for your skin afterwards", "## Steps at home"))
    found = by_item(structure(steps))["steps numbered"]
    assert found.status is Status.WARN and "'Steps at home'" in found.detail


def test_a_spanish_document_is_held_to_the_target_by_its_crawford_grade(tmp_path):
    text = (
        "---\ntitle: Peeling\nlanguage: es\nreviewed: 2026-10-01\nreviewed_by: Dra. Ejemplo\n"
        "---\n\n## Qué es un peeling químico\n\n"
        + "El peeling elimina la capa externa de la piel y la piel nueva crece más lisa. "
        * 4
    )
    path = tmp_path / "procedures" / "peel" / "es.md"
    doc, _ = parse_document(text, path=path, content_root=tmp_path)
    found = by_item(readability(doc, CheckSettings()))
    assert set(found) >= {"Crawford grade"}
    assert "Flesch-Kincaid grade" not in found
    assert found["Crawford grade"].status is Status.PASS
