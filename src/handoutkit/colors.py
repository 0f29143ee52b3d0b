"""Colour arithmetic shared by the renderers: WCAG contrast and readable picks."""

from __future__ import annotations


def _luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(on: str, *candidates: str, minimum: float) -> str:
    """The first candidate readable on ``on``, else the most readable of them, black or white."""
    for color in candidates:
        if contrast(color, on) >= minimum:
            return color
    return max((*candidates, "#000000", "#ffffff"), key=lambda c: contrast(c, on))
