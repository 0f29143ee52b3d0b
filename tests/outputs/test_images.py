"""Raster images for the deck: SVG drawn locally, outside references refused."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from handoutkit.errors import RenderError
from handoutkit.inputs.imagefile import ImageProblem, check_image
from handoutkit.model import Asset
from handoutkit.outputs.images import raster_logo, svg_to_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLAIN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect width="200" height="100" fill="#5B3F8C"/></svg>'
)


def svg(body: str) -> Asset:
    text = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="100">{body}</svg>'
    )
    return Asset("logo.svg", "image/svg+xml", text.encode())


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def test_a_plain_svg_becomes_a_png_of_the_asked_height():
    png = svg_to_png(Asset("logo.svg", "image/svg+xml", PLAIN.encode()), height_px=64)
    assert png.startswith(PNG_SIGNATURE)
    assert size_of(png) == (128, 64)


@pytest.mark.parametrize(
    "reference",
    [
        "http://example.com/logo.png",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        "other-file.png",
    ],
)
def test_an_svg_referring_to_an_outside_file_or_url_is_refused(reference):
    asset = svg(f'<image href="{reference}" width="10" height="10"/>')
    with pytest.raises(RenderError) as caught:
        svg_to_png(asset, height_px=50)
    assert "outside file or URL" in caught.value.problem
    assert "embed everything in the SVG" in caught.value.fix
    assert caught.value.path is not None and caught.value.path.name == "logo.svg"


def test_outside_stylesheets_and_use_references_are_refused():
    for body in (
        "<style>@import url(http://example.com/x.css);</style>",
        '<use xlink:href="http://example.com/x.svg#shape"/>',
    ):
        with pytest.raises(RenderError):
            svg_to_png(svg(body), height_px=50)


def test_data_uris_inside_an_svg_are_allowed():
    inner = base64.b64encode(PLAIN.encode()).decode()
    asset = svg(f'<image href="data:image/svg+xml;base64,{inner}" width="100" height="50"/>')
    assert svg_to_png(asset, height_px=50).startswith(PNG_SIGNATURE)


def test_xml_entities_are_refused():
    text = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>'
    )
    with pytest.raises(RenderError):
        svg_to_png(Asset("logo.svg", "image/svg+xml", text.encode()), height_px=10)


def test_raster_logo_keeps_png_and_jpeg_bytes_as_they_are():
    png = svg_to_png(Asset("logo.svg", "image/svg+xml", PLAIN.encode()), height_px=20)
    assert raster_logo(Asset("logo.png", "image/png", png), 300) == png
    jpeg = io.BytesIO()
    Image.new("RGB", (4, 2), "white").save(jpeg, "JPEG")
    assert raster_logo(Asset("logo.jpg", "image/jpeg", jpeg.getvalue()), 300) == jpeg.getvalue()


def test_raster_logo_draws_svg_and_refuses_other_types():
    png = raster_logo(Asset("logo.svg", "image/svg+xml", PLAIN.encode()), 40)
    assert size_of(png) == (80, 40)
    with pytest.raises(RenderError):
        raster_logo(Asset("logo.gif", "image/gif", b"GIF89a"), 40)


# --- what the picture check accepts, the deck can draw ------------------------------------


def test_an_empty_svg_is_reported_as_empty_never_as_an_outside_file_or_url():
    with pytest.raises(RenderError) as caught:
        svg_to_png(Asset("logo.svg", "image/svg+xml", b""), height_px=50)
    assert "outside file or URL" not in caught.value.problem
    assert "empty" in caught.value.problem
    assert caught.value.path is not None and caught.value.path.name == "logo.svg"


def tiny_png_uri() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


ACCEPTED = {
    "gradient-by-id": '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
    '<rect width="100" height="100" fill="url(#g)"/>',
    "use-by-id": '<defs><circle id="c" cx="5" cy="5" r="5"/></defs><use href="#c"/>'
    '<use xlink:href="#c"/>',
    "png-data-uri": f'<image href="{tiny_png_uri()}" width="10" height="10"/>',
}


def test_an_svg_with_an_empty_link_is_refused_when_read_not_when_drawn():
    asset = svg('<image href="" width="10" height="10"/><rect width="10" height="10"/>')
    with pytest.raises(ImageProblem) as caught:
        check_image(asset.data, asset.media_type)
    assert 'empty address (href="")' in caught.value.problem


@pytest.mark.parametrize("body", ACCEPTED.values(), ids=ACCEPTED)
def test_every_svg_the_picture_check_accepts_is_drawn_for_the_deck(body):
    asset = svg(body)
    assert check_image(asset.data, asset.media_type) is None  # accepted when it was read
    assert svg_to_png(asset, height_px=40).startswith(PNG_SIGNATURE)
