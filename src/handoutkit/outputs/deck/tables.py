"""Tables on slides: column widths shared as HTML tables share them, row heights, notes."""

from __future__ import annotations

from collections.abc import Sequence

from .geometry import CELL_MARGIN_Y
from .slides import Runs
from .typeset import Typesetter, text_of


def table_note(header: Sequence[Runs], rows: Sequence[Sequence[Runs]]) -> str:
    lines = [" | ".join(text_of(cell) for cell in row) for row in (header, *rows)]
    return "\n".join(lines)


def row_height(ts: Typesetter, row: Sequence[Runs], widths: Sequence[float]) -> float:
    """Height of a table row: its tallest cell, with the cell margins."""
    lines = max(
        (ts.cell_lines(cell, width) for cell, width in zip(row, widths, strict=False)),
        default=1,
    )
    return round(lines * ts.body_line + 2 * CELL_MARGIN_Y, 2)


def column_widths(
    ts: Typesetter, header: Sequence[Runs], body: Sequence[Sequence[Runs]]
) -> tuple[float, ...]:
    """Columns as wide as their text wants, sharing the slide's width."""
    count = max(len(header), *(len(row) for row in body)) if body else len(header)
    rows = [header, *body]
    natural = [
        max((ts.natural_width(row[c]) for row in rows if c < len(row)), default=1.0)
        for c in range(count)
    ]
    minimum = [
        min(
            max((ts.longest_word(row[c]) for row in rows if c < len(row)), default=1.0),
            ts.width / count,
        )
        for c in range(count)
    ]
    widths = _share(natural, minimum, ts.width)
    scale = ts.width / sum(widths)  # fill the width; shrink only if the minima do not fit
    return tuple(round(w * scale, 2) for w in widths)


def _share(natural: Sequence[float], minimum: Sequence[float], total: float) -> list[float]:
    """Column widths: narrow columns get their natural width, as in HTML tables; the
    others share what is left in proportion to their text, never below their longest word.
    """
    widths = list(natural)
    pending = set(range(len(natural)))
    remaining = total
    while pending:
        share = remaining / len(pending)
        narrow = [c for c in pending if natural[c] <= share]
        if not narrow:
            break
        remaining -= sum(natural[c] for c in narrow)
        pending.difference_update(narrow)
    while pending:
        wanted = sum(natural[c] for c in pending)
        too_narrow = [c for c in pending if remaining * natural[c] / wanted < minimum[c]]
        if not too_narrow:
            for c in pending:
                widths[c] = remaining * natural[c] / wanted
            break
        for c in too_narrow:
            widths[c] = minimum[c]
        remaining -= sum(minimum[c] for c in too_narrow)
        pending.difference_update(too_narrow)
    return widths
