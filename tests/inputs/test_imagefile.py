"""Pictures are checked before any renderer draws them: whole, what their name says, bounded.

Every picture is made in the test (Pillow for real PNG, JPEG and GIF files;
``struct`` and ``zlib`` for a PNG whose header declares what no one should
decode).
"""

from __future__ import annotations

import base64
import io
import random
import struct
import time
import zlib

import pytest
from PIL import Image

from handoutkit.inputs.imagefile import SVG, ImageProblem, check_image
from handoutkit.limits import IMAGE_PIXELS

PNG, JPEG = "image/png", "image/jpeg"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
OUTSIDE = "a file or address outside the picture"


def noise(size: tuple[int, int] = (160, 120)) -> Image.Image:
    """A picture that compresses badly, so that half its file is half its pixels."""
    rng = random.Random(7)
    return Image.frombytes(
        "RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3))
    )


def saved(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def declared_png(width: int, height: int) -> bytes:
    """A valid PNG (good CRCs) whose IHDR declares ``width`` × ``height`` RGB pixels; its
    IDAT holds one row, so decoding it all would need width × height × 3 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = zlib.compress(b"\0" + bytes(3 * min(width, 4096)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


def svg(body: str, *, attributes: str = 'width="10" height="10"') -> bytes:
    return f"<svg {SVG_NS} {attributes}>{body}</svg>".encode()


def problem(data: bytes, media_type: str) -> str:
    with pytest.raises(ImageProblem) as caught:
        check_image(data, media_type)
    assert caught.value.fix  # every refusal says what to do
    return caught.value.problem


# --- pictures that pass -------------------------------------------------------------------


def test_whole_png_and_jpeg_pass_and_give_their_size():
    assert check_image(saved(noise(), "PNG"), PNG) == (160, 120)
    assert check_image(saved(noise((30, 20)), "JPEG"), JPEG) == (30, 20)


def test_an_svg_with_references_inside_itself_and_data_uris_passes():
    dot = base64.b64encode(saved(Image.new("RGB", (2, 2), "red"), "PNG")).decode()
    body = (
        '<defs><linearGradient id="fade"><stop offset="0"/></linearGradient>'
        '<circle id="dot" r="2"/></defs>'
        '<rect width="10" height="10" fill="url(#fade)" style="stroke: url(#fade)"/>'
        '<use href="#dot"/><use xlink:href="#dot"/>'
        f'<image href="data:image/png;base64,{dot}" width="2" height="2"/>'
        "<style>rect { fill: url(#fade) }</style>"
    )
    assert check_image(svg(body), SVG) is None


# --- empty, damaged, or not what the name says --------------------------------------------


@pytest.mark.parametrize("media_type", [PNG, JPEG, SVG])
def test_an_empty_file_is_empty(media_type):
    assert problem(b"", media_type) == "is empty (0 bytes)."


def test_a_jpeg_named_png_says_it_is_a_jpeg():
    assert problem(saved(noise(), "JPEG"), PNG) == "is a JPEG file, not PNG as its name says."


def test_a_png_named_jpeg_says_it_is_a_png():
    assert problem(saved(noise(), "PNG"), JPEG) == "is a PNG file, not JPEG as its name says."


def test_a_gif_named_png_says_it_is_a_gif():
    gif = saved(Image.new("P", (4, 4)), "GIF")
    assert problem(gif, PNG) == "is a GIF file, not PNG as its name says."


def test_bytes_that_are_no_picture_at_all_are_named_as_such():
    assert problem(b"this is a text file, not a picture\n" * 20, PNG) == (
        "is not a picture Handout Kit can read (not PNG)."
    )


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_picture_cut_in_half_is_damaged_not_drawn_with_black_pixels(kind):
    data = saved(noise(), kind)
    assert problem(data[: len(data) // 2], {"PNG": PNG, "JPEG": JPEG}[kind]) == (
        "is damaged: it is cut short."
    )


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_cut_picture_is_damaged_even_once_weasyprint_told_pillow_to_fill_it_in(kind):
    import weasyprint  # noqa: F401 (sets Pillow's LOAD_TRUNCATED_IMAGES on import)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # what every kernel of a build has
    data = saved(noise(), kind)
    assert problem(data[: len(data) // 2], {"PNG": PNG, "JPEG": JPEG}[kind]) == (
        "is damaged: it is cut short."
    )
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it


def test_a_png_whose_data_does_not_match_its_checksum_is_damaged():
    data = bytearray(saved(noise(), "PNG"))
    start = data.index(b"IDAT") + 100
    data[start : start + 8] = b"\0" * 8
    assert problem(bytes(data), PNG).startswith("is damaged: ")


# --- too many pixels ----------------------------------------------------------------------


def test_a_png_declaring_60000_by_60000_pixels_is_refused_without_decoding_it(monkeypatch):
    data = declared_png(60000, 60000)
    assert len(data) < 20_000

    def no_decoding(*args, **kwargs):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    start = time.perf_counter()
    found = problem(data, PNG)
    assert time.perf_counter() - start < 0.5
    assert IMAGE_PIXELS.shown in found  # "40 megapixels"
    assert "pixels" in found


def test_a_png_just_over_the_pixel_limit_is_refused_naming_its_size(monkeypatch):
    monkeypatch.setattr(Image.Image, "load", lambda *args: pytest.fail("decoded"))
    found = problem(declared_png(8000, 5001), PNG)  # 40,008,000 pixels
    assert "is too large" in found
    assert IMAGE_PIXELS.exceeded("8000 × 5001 pixels") in found


# --- SVG ----------------------------------------------------------------------------------


def test_an_svg_with_a_doctype_and_entities_is_refused_before_they_expand():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol">'
        + "".join(
            f'<!ENTITY {b} "&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};">'
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    ).encode()
    start = time.perf_counter()
    found = problem(laughs + svg("<text>&i;</text>"), SVG)
    assert time.perf_counter() - start < 0.5
    assert "declares a DOCTYPE" in found and "entities" in found


def test_an_svg_with_an_external_entity_is_refused():
    data = b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>")
    assert "declares a DOCTYPE" in problem(data, SVG)


@pytest.mark.parametrize(
    ("body", "reference"),
    [
        ('<image href="file:///etc/passwd" width="1" height="1"/>', "file:///etc/passwd"),
        ('<image xlink:href="file:///etc/passwd" width="1" height="1"/>', "file:///etc/passwd"),
        ('<image href="photo.jpg" width="1" height="1"/>', "photo.jpg"),
        ('<use href="other.svg#shape"/>', "other.svg#shape"),
        (
            '<rect width="1" height="1" style="fill: url(http://example.com/p.svg#x)"/>',
            "http://example.com/p.svg#x",
        ),
        (
            '<rect width="1" height="1" fill="url(\'https://example.com/g.svg#g\')"/>',
            "https://example.com/g.svg#g",
        ),
        (
            "<style>rect { fill: url(http://example.com/p.svg#x) }</style>",
            "http://example.com/p.svg#x",
        ),
        ("<style>@import url(http://example.com/x.css);</style>", "http://example.com/x.css"),
        ('<style>@import "http://example.com/x.css";</style>', "@import"),
        (
            "<style><![CDATA[ @font-face { src: url(https://example.com/f.woff) } ]]></style>",
            "https://example.com/f.woff",
        ),
    ],
    ids=[
        "image-file-url",
        "xlink-file-url",
        "image-relative",
        "use-other-file",
        "style-attribute-url",
        "fill-attribute-url",
        "style-element-url",
        "import-url",
        "import-string",
        "font-face-cdata",
    ],
)
def test_an_svg_referring_to_anything_outside_itself_is_refused_naming_it(body, reference):
    found = problem(svg(body), SVG)
    assert f"refers to '{reference}'" in found
    assert OUTSIDE in found


def test_an_html_file_named_svg_is_not_an_svg_picture():
    html = b"<html><head><title>Logo</title></head><body><img src='logo.png'/></body></html>"
    assert problem(html, SVG) == "is not an SVG picture (its first element is <html>)."


def test_an_html5_file_named_svg_is_refused():
    assert "DOCTYPE" in problem(b"<!DOCTYPE html>\n<html><body><p>Logo</body></html>", SVG)


def test_text_that_is_not_xml_named_svg_is_not_a_valid_svg():
    assert problem(b"PNG? no: just words", SVG).startswith("is not a valid SVG file (")


def test_an_svg_in_another_namespace_is_not_an_svg_picture():
    data = b'<svg xmlns="http://example.com/not-svg"><rect/></svg>'
    assert problem(data, SVG).startswith("is not an SVG picture")
