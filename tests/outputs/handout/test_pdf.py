"""WeasyPrint reads only data: URIs: every picture and font is embedded, nothing is fetched."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from handoutkit.errors import UnsafePathError
from handoutkit.outputs.handout.pdf import render_pdf

from ...pdftags import structure_tags

PAGE = '<html lang="en"><head><title>T</title></head><body><p>Hello patient.</p>{}</body></html>'
DOT = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_data_uris_render(tmp_path):
    pdf = render_pdf(PAGE.format(f'<img src="{DOT}" alt="dot">'))
    assert text_of(pdf).strip() == "Hello patient."


def test_not_even_a_file_beside_the_document_is_read(tmp_path):
    (tmp_path / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    html = PAGE.format(f'<img src="file://{tmp_path}/dot.svg" alt="dot">')
    with pytest.raises(UnsafePathError) as caught:
        render_pdf(html, source=tmp_path / "en.md")
    assert f"file://{tmp_path}/dot.svg" in caught.value.problem


@pytest.mark.parametrize(
    "url",
    ["http://example.com/x.png", "https://example.com/x.css", "file:///etc/hostname", "x.png"],
)
def test_other_urls_stop_the_render_instead_of_being_fetched(tmp_path, url):
    html = PAGE.format(f'<img src="{url}" alt="x">')
    with pytest.raises(UnsafePathError) as caught:
        render_pdf(html, source=tmp_path / "en.md")
    assert url in caught.value.problem
    assert caught.value.path == tmp_path / "en.md"


def test_stylesheet_imports_are_refused_too(tmp_path):
    html = PAGE.format('<style>@import url("http://example.com/a.css");</style>')
    with pytest.raises(UnsafePathError):
        render_pdf(html)


def test_pictures_are_tagged_figures_with_their_alt_text(tmp_path):
    html = PAGE.format(f'<img src="{DOT}" alt="Diagram of the skin layers">')
    reader = PdfReader(io.BytesIO(render_pdf(html)))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert ("/Figure", "Diagram of the skin layers") in structure_tags(reader)
    assert ("/P", "") in structure_tags(reader)
