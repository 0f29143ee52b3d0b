"""The clinic's sentences, taken from the seed document, and the one allowed normalisation."""

from __future__ import annotations

import re
from pathlib import Path

from pptx import Presentation

from handoutkit.language.sentences import sentences as split_sentences

SEED = Path(__file__).parent / "fixtures" / "seeds" / "microneedling.txt"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "microneedling.txt"

_MARKER = re.compile(r"^(?:•|\d+\.)\s+")


def seed_title() -> tuple[str, str]:
    """The seed's two-line title ("Microneedling:" / "Collagen Induction Therapy")."""
    first, second = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()][:2]
    return first.rstrip(":"), second


def seed_sentences() -> list[str]:
    """Every heading and sentence of the seed, without bullets, step numbers or page number."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    body = [line for line in lines[2:] if line and not line.isdigit()]
    sentences: list[str] = []
    for line in body:
        sentences.extend(split_sentences(_MARKER.sub("", line)))
    return sentences


def normalise(text: str) -> str:
    """Collapse whitespace and join words a line break split after a hyphen."""
    text = text.replace("\u00ad", "")  # soft hyphens from hyphenation
    text = re.sub(r"-\s+", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def missing_sentences(text: str) -> list[str]:
    """Sentences of the seed that ``text`` does not contain."""
    haystack = normalise(text)
    wanted = [*seed_title(), *seed_sentences()]
    return [sentence for sentence in wanted if normalise(sentence) not in haystack]


def deck_text(path: Path) -> str:
    """Everything a deck says: its text boxes, table cells and speaker notes, slide by slide."""
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)
