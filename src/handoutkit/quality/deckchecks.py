"""The accessibility of the outputs: slide titles, alt text and text sizes.

Read from the deck's plan (what the PPTX is drawn from) and the brand, never from the
outputs' bytes; apart from the other checks because it is the one that needs the deck.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Finding, Handout, Status
from ..outputs.deck.layouts import plan_deck
from ..outputs.deck.slides import PictureBox, SlideKind, TableBox, TextBox

if TYPE_CHECKING:
    from ..outputs.deck.slides import SlidePlan

SLIDE_TEXT_MIN_PT = 20.0
SLIDE_TITLE_MIN_PT = 28.0
HANDOUT_TEXT_MIN_PT = 12.0


def outputs_accessibility(
    handout: Handout, plans: Sequence[SlidePlan] | None = None
) -> tuple[Finding, ...]:
    """Slide titles, alt text and text sizes, read from the deck's plan (made here if not
    given) and the brand."""

    group = "accessibility"
    plans = plan_deck(handout) if plans is None else plans
    numbered = list(enumerate(plans, start=1))
    untitled = [n for n, p in numbered if not p.title.strip()]
    repeated = sorted({p.title for p in plans if [q.title for q in plans].count(p.title) > 1})
    if untitled or repeated:
        titles = Finding(
            group,
            "slide titles",
            Status.ERROR,
            f"slides without a title: {untitled}; titles used twice: {repeated}. "
            "Fix: give every section its own heading.",
        )
    else:
        titles = Finding(
            group,
            "slide titles",
            Status.PASS,
            f"{len(plans)} slides, each with a title of its own.",
        )
    pictures = [
        (n, part.alt) for n, p in numbered for part in p.body if isinstance(part, PictureBox)
    ]
    no_alt = [n for n, alt in pictures if not alt.strip()]
    if not handout.clinic.logo_alt.strip():
        no_alt.insert(0, 1)
    alt = (
        Finding(group, "alt text", Status.ERROR,
                f"pictures without alt text on slides {no_alt}. Fix: describe each picture "
                "(the logo's 'alt' in the brand file, figures' ![text](file) in the document).")
        if no_alt
        else Finding(group, "alt text", Status.PASS,
                     f"{len(pictures) + 1} pictures (logo included) all have alt text.")
    )  # fmt: skip
    small = [
        f"slide {n}: {size:g} pt"
        for n, p in numbered if p.kind is not SlideKind.TITLE
        for size in (
            *(para.size_pt for part in p.body if isinstance(part, TextBox)
              for para in part.paragraphs),
            *(part.size_pt for part in p.body if isinstance(part, TableBox)),
        )
        if size < SLIDE_TEXT_MIN_PT
    ] + [
        f"slide {n} title: {p.title_size_pt:g} pt"
        for n, p in numbered if p.title_size_pt < SLIDE_TITLE_MIN_PT
    ]  # fmt: skip
    base = handout.clinic.typography.base_size_pt
    if base < HANDOUT_TEXT_MIN_PT:
        small.insert(0, f"handout body: {base:g} pt")
    sizes = (
        Finding(group, "text sizes", Status.ERROR,
                f"text under the minimum (slides {SLIDE_TEXT_MIN_PT:g} pt, titles "
                f"{SLIDE_TITLE_MIN_PT:g} pt, handout {HANDOUT_TEXT_MIN_PT:g} pt): "
                + "; ".join(small) + ".")
        if small
        else Finding(group, "text sizes", Status.PASS,
                     f"handout body {base:g} pt (≥ {HANDOUT_TEXT_MIN_PT:g}), slide text ≥ "
                     f"{SLIDE_TEXT_MIN_PT:g} pt, titles ≥ {SLIDE_TITLE_MIN_PT:g} pt.")
    )  # fmt: skip
    return titles, alt, sizes
