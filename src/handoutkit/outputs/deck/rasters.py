"""The pictures a deck shows, as PNG: content figures, the clinic's logo, the booking QR code.

Each is rasterised once per process (a clinic's decks share a logo and a QR code).
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno

from ...model import Asset
from ..images import pixel_size, raster_logo
from .geometry import LOGO_PX, PICTURE_PX
from .template import Box


@lru_cache(maxsize=32)
def picture_png(image: Asset) -> bytes:
    """A content figure as PNG at the resolution the deck uses."""
    return raster_logo(image, PICTURE_PX)


def picture_size(image: Asset) -> tuple[int, int]:
    """Width and height in pixels of ``picture_png(image)``."""
    return pixel_size(picture_png(image))


def logo_png(logo: Asset) -> bytes:
    """The clinic's logo as PNG at the resolution the deck uses."""
    return raster_logo(logo, LOGO_PX)


@lru_cache(maxsize=64)
def qr_png(url: str) -> bytes:
    """The QR code of ``url`` as PNG bytes."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


def fitted(png: bytes, box: Box) -> Box:
    """``png`` scaled into ``box`` keeping its proportions, at the box's top left."""
    width_px, height_px = pixel_size(png)
    aspect = width_px / height_px if height_px else 1.0
    height = min(box.height, box.width / aspect)
    return Box(box.left, box.top, height * aspect, height)
