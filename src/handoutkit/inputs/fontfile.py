"""Checking a font file before the handout, the deck and the measurer use it.

A file that fontTools cannot read would otherwise be skipped by one step
(the slide measurer falls back to another font) and fail in another (the
PDF): the handout would be set in a font no one chose, or the job would stop
inside a notebook. Here it is refused, naming the font file.
"""

from __future__ import annotations

import hashlib
import io
import logging

from fontTools.ttLib import TTFont, TTLibError

logging.getLogger("fontTools").setLevel(logging.ERROR)

# The tables every font the handout and the deck can use must have (outlines: glyf or CFF).
_REQUIRED = ("head", "hhea", "hmtx", "cmap", "maxp", "name")
_OUTLINES = ("glyf", "CFF ", "CFF2")


class FontProblem(Exception):
    """Why a font file cannot be used, phrased to follow "the font file …"."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = (
            "download the font again from its publisher and copy the .ttf, .otf, .woff or "
            ".woff2 file into the clinic folder (a font that opens in your computer's font "
            "viewer works)."
        )


def check_font(data: bytes) -> None:
    """Raise `FontProblem` unless ``data`` is a font fontTools can read, with glyphs.

    A font passes once per process: every clinic of a group often ships the same files.
    """
    if not data:
        raise FontProblem("is empty (0 bytes).")
    digest = hashlib.sha256(data).digest()
    if digest not in _CHECKED:
        if len(_CHECKED) >= 256:
            _CHECKED.clear()
        try:
            _check(data)
            _CHECKED[digest] = None
        except FontProblem as problem:
            _CHECKED[digest] = problem.problem
    problem = _CHECKED[digest]
    if problem is not None:
        raise FontProblem(problem)


_CHECKED: dict[bytes, str | None] = {}  # sha256 → the problem, or None for a good font


def _check(data: bytes) -> None:
    try:
        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        for tag in font.reader.keys():  # noqa: SIM118 (a reader, not a dict)
            font.reader[tag]  # every table whole: a cut file fails here, cheaply
        missing = [tag for tag in _REQUIRED if tag not in font]
        if not any(tag in font for tag in _OUTLINES):
            missing.append("glyf or CFF")
        if missing:
            raise FontProblem(f"is not a complete font: it has no {', '.join(missing)} table.")
        if not font.getBestCmap():
            raise FontProblem("has no characters (its character map is empty).")
        font["head"].unitsPerEm  # noqa: B018 (decodes the head table)
        font["hmtx"].metrics  # noqa: B018 (decodes the widths)
    except FontProblem:
        raise
    except (TTLibError, Exception) as exc:  # fontTools raises many kinds on a damaged file
        raise FontProblem(
            f"cannot be read as a font ({type(exc).__name__}: {str(exc)[:160]})."
        ) from None
