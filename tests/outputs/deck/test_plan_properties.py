"""Property test: whatever the sections hold, every slide's text fits, nothing is lost.

Documents are generated with hypothesis: any number of sections, paragraphs
of one to eight sentences, numbered and bulleted lists of any length, term
items. For each, the deck plan must keep every text box within the body,
every size at or above the minimums, at most six items per slide, unique
titles, and notes that hold every sentence and everything the slide shows.
"""

from __future__ import annotations

import io
import re
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.util import Emu

from handoutkit.language.sentences import sentences
from handoutkit.model import Clinic, Handout
from handoutkit.outputs.deck.geometry import BODY_BOTTOM, CONTENT_W, INSET_Y, MARGIN_X, SLIDE_W
from handoutkit.outputs.deck.layouts import plan_deck
from handoutkit.outputs.deck.pptx import render_deck
from handoutkit.outputs.deck.slides import SlideKind, TableBox, TextBox
from handoutkit.read.brand import read_clinic
from handoutkit.read.content import parse_document

from ...conftest import DEMO_CONTENT
from .test_pptx import measured_height, normalise

MIN_BODY_PT = 20.0
MIN_TITLE_PT = 28.0

WORDS = (
    "skin", "collagen", "needles", "treatment", "recovery", "redness", "gentle", "procedure",
    "clinic", "patients", "sunscreen", "moisturizer", "micro-channels", "elastin", "smoother",
    "firmer", "texture", "scarring", "absorption", "practitioner", "consultation", "serum",
    "sensitivity", "irritation", "infection", "bleeding", "anesthetic", "healing", "results",
    "session", "areas", "face", "neck", "hands", "hyperpigmentation", "photodamage",
)  # fmt: skip

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=3, max_size=36).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=8).map(" ".join)
term = st.lists(word, min_size=1, max_size=3).map(lambda ws: " ".join(ws).title())
item = st.tuples(st.one_of(st.none(), term), st.lists(sentence, min_size=1, max_size=3))
items = st.lists(item, min_size=1, max_size=14)
heading = st.lists(word, min_size=1, max_size=5).map(lambda ws: " ".join(ws).title())


def _list(kind: str, entries: list[tuple[str | None, list[str]]]) -> str:
    lines = []
    for number, (name, texts) in enumerate(entries, start=1):
        marker = f"{number}." if kind == "ordered" else "-"
        text = " ".join(texts)
        lines.append(f"{marker} **{name}:** {text}" if name else f"{marker} {text}")
    return "\n".join(lines)


block = st.one_of(
    paragraph,
    items.map(lambda entries: _list("ordered", entries)),
    items.map(lambda entries: _list("bullet", entries)),
)
section = st.tuples(heading, st.lists(block, min_size=1, max_size=4))
document = st.lists(section, min_size=1, max_size=4)


def markdown(sections: list[tuple[str, list[str]]]) -> str:
    front = (
        "---\ntitle: Generated Procedure\nlanguage: en\nreviewed: 2026-10-01\n"
        "reviewed_by: The test suite\n---\n"
    )
    body = "\n\n".join(f"## {title}\n\n" + "\n\n".join(blocks) for title, blocks in sections)
    return front + "\n" + body + "\n"


@cache
def demo_clinic() -> Clinic:
    return read_clinic(DEMO_CONTENT / "clinics" / "larkspur-skin")[0]


def handout_of(text: str) -> Handout:
    root = Path(tempfile.mkdtemp(prefix="handoutkit-prop-"))
    path = root / "procedures" / "generated" / "en.md"
    document, _ = parse_document(text, path=path, content_root=root)
    return Handout(document, demo_clinic())


def sentences_of(text: str) -> list[str]:
    """The sentences and list terms of a generated document (headings left out)."""
    body = re.sub(r"^## .*$", "", text.split("---\n", 2)[2], flags=re.M)
    plain = re.sub(r"^(\d+\.|-) ", "", body, flags=re.M).replace("**", "")
    return sentences(plain)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections=document)
def test_every_planned_text_box_fits_and_every_sentence_is_kept(sections):
    text = markdown(sections)
    plans = plan_deck(handout_of(text))
    titles = [plan.title for plan in plans]
    assert len(set(titles)) == len(titles)
    for heading, _ in sections:
        assert any(title.startswith(heading) for title in titles)
    spoken = normalise("\n".join(plan.notes for plan in plans))
    for piece in sentences_of(text):
        assert normalise(piece) in spoken
    for plan in plans:
        assert plan.title_size_pt >= MIN_TITLE_PT
        if plan.kind is SlideKind.TITLE:
            continue
        items = 0
        notes = normalise(plan.notes)
        for part in plan.body:
            assert part.top_pt + part.height_pt <= BODY_BOTTOM + 0.01
            if isinstance(part, TableBox):
                assert part.size_pt >= MIN_BODY_PT
            if not isinstance(part, TextBox):
                continue
            assert MARGIN_X + part.width_pt <= SLIDE_W - MARGIN_X + 0.01
            assert part.width_pt <= CONTENT_W
            used = sum(p.space_before_pt + p.height_pt for p in part.paragraphs) + 2 * INSET_Y
            assert used <= part.height_pt + 0.01
            for para in part.paragraphs:
                assert para.size_pt >= MIN_BODY_PT
                assert normalise(para.text) in notes
                items += para.marker is not None
        assert items <= 6


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections=document)
def test_every_drawn_text_box_holds_its_lines_when_measured_again(sections):
    handout = handout_of(markdown(sections))
    deck = Presentation(io.BytesIO(render_deck(handout)))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.name.startswith("Body"):
                used, room = measured_height(shape, handout)
                assert used <= room + 0.01
                assert Emu(shape.top + shape.height).pt <= BODY_BOTTOM + 0.01
