"""The slide layouts of a deck, as a table: slide kind → its planner, its drawer, its master.

`plan_deck` runs the planners in the table's order; `pptx.render_deck` draws each planned
slide with its kind's drawer on its master layout. A new kind of slide is a planner (in
`plan`), a drawer (in `draw`) and one row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...model import Handout
from .design import Master
from .draw import Canvas, draw_content, draw_cover
from .plan import DeckContext, plan_contact, plan_cover, plan_sections, unique_titles
from .slides import SlideKind, SlidePlan

Planner = Callable[[DeckContext], list[SlidePlan]]
Drawer = Callable[[Canvas, SlidePlan], None]


@dataclass(frozen=True, slots=True)
class SlideLayout:
    """How one kind of slide is planned and drawn."""

    kind: SlideKind
    plan: Planner
    draw: Drawer
    master: Master


SLIDE_LAYOUTS: tuple[SlideLayout, ...] = (
    SlideLayout(SlideKind.TITLE, plan_cover, draw_cover, Master.COVER),
    SlideLayout(SlideKind.SECTION, plan_sections, draw_content, Master.CONTENT),
    SlideLayout(SlideKind.CONTACT, plan_contact, draw_content, Master.CONTENT),
)


def layout_for(kind: SlideKind) -> SlideLayout:
    """The table's row for ``kind``."""
    return next(layout for layout in SLIDE_LAYOUTS if layout.kind is kind)


def plan_deck(handout: Handout) -> tuple[SlidePlan, ...]:
    """What goes on which slide: titles, measured body parts and speaker notes."""
    deck = DeckContext.of(handout)
    slides = [slide for layout in SLIDE_LAYOUTS for slide in layout.plan(deck)]
    return unique_titles(slides)
