"""The browser deck: reveal.js HTML from the executed slides notebook, through nbconvert.

The executed notebook is built without a kernel, from what the cell tagged ``deck``
displays (``hk.build_deck(handout)._repr_mimebundle_()``), as in test_exporter.py.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output

import handoutkit.notebook as hk
from handoutkit.errors import RenderError
from handoutkit.model.contract import OUTLINE_MIMETYPE
from handoutkit.outputs.deck.exporter import BrowserDeckExporter
from handoutkit.outputs.deck.layouts import plan_deck
from handoutkit.outputs.deck.outline import deck_outline
from handoutkit.outputs.handout.templates import PROJECT_TEMPLATES

from ...fidelity import missing_sentences

VENDOR = PROJECT_TEMPLATES / "nbconvert" / "slides" / "reveal"
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


def executed_notebook(handout, *, tag="deck"):
    """What papermill leaves in notebooks/slides.ipynb, without running a kernel."""
    bundle = hk.build_deck(handout)._repr_mimebundle_()
    cells = [
        new_code_cell(
            "secret_input = 'never shown'",
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/html": "<p>not the deck</p>"},
                    execution_count=1,
                )
            ],
        ),
        new_code_cell(
            "hk.build_deck(handout)",
            metadata={"tags": [tag]},
            outputs=[new_output("display_data", data=bundle)],
        ),
    ]
    return new_notebook(cells=cells)


def export(handout) -> str:
    html, _ = BrowserDeckExporter().from_notebook_node(executed_notebook(handout))
    return html


@pytest.fixture(scope="module")
def demo_page(demo_handout):
    return export(demo_handout)


@pytest.fixture(scope="module")
def fixture_page(fixture_handout):
    return export(fixture_handout)


def soup_of(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def document_spans(handout):
    """Every inline span of the document (paragraphs, subheadings, list items, table cells)."""
    for section in handout.document.sections:
        for block in section.blocks:
            yield from getattr(block, "spans", ())
            for item in getattr(block, "items", ()):
                yield from item.spans
            for cell in (*getattr(block, "header", ()), *sum(getattr(block, "rows", ()), ())):
                yield from cell


def slide_sections(soup: BeautifulSoup) -> list:
    return soup.select("div.reveal > div.slides > section")


def title_of(section) -> str:
    return section.find(["h1", "h2"]).get_text(strip=True)


# --- one section a planned slide, with its title and its notes ----------------------------


@pytest.mark.parametrize("which", ["demo", "fixture"])
def test_one_section_per_planned_slide_with_its_title_and_notes(which, request):
    handout = request.getfixturevalue(f"{which}_handout")
    soup = soup_of(request.getfixturevalue(f"{which}_page"))
    plans = plan_deck(handout)
    sections = slide_sections(soup)
    assert len(sections) == len(plans)
    for section, plan in zip(sections, plans, strict=True):
        assert title_of(section) == plan.title
        notes = section.select("aside.notes")
        assert len(notes) == 1
        lines = [p.get_text() for p in notes[0].find_all("p")]
        assert lines == [line for line in plan.notes.splitlines() if line.strip()]


def test_every_sentence_of_the_demo_document_is_in_the_slides_and_notes(demo_page):
    slides = soup_of(demo_page).select_one("div.slides")
    assert missing_sentences(slides.get_text(" ")) == []


def test_inputs_and_other_outputs_are_left_out(demo_page):
    assert "secret_input" not in demo_page and "hk.build_deck" not in demo_page
    assert "not the deck" not in demo_page
    assert "<table><thead><tr><th>#</th>" not in demo_page  # the notebook's list of titles


def test_title_slide_has_the_logo_title_subtitle_and_clinic(demo_page, demo_handout):
    cover = slide_sections(soup_of(demo_page))[0]
    logo = cover.select_one("img.hk-logo")
    assert logo["src"].startswith("data:image/")
    assert logo["alt"] == demo_handout.clinic.logo_alt
    assert cover.h1.get_text() == "Microneedling"
    assert cover.select_one(".hk-subtitle").get_text() == "Collagen Induction Therapy"
    assert cover.select_one(".hk-cover-clinic").get_text() == "Larkspur Skin Clinic"


def test_lists_tables_and_pictures_keep_their_structure(fixture_page, demo_page):
    fixture = slide_sections(soup_of(fixture_page))
    steps = next(s for s in fixture if title_of(s) == "Preparing for Your Visit")
    assert [h3.get_text() for h3 in steps.find_all("h3")] == ["Two weeks before", "On the day"]
    assert steps.ol["start"] == "1" and len(steps.ol.find_all("li")) == 2
    assert steps.ol.li.strong.get_text() == "Stop exfoliants:"
    table = next(s for s in fixture if s.find("table")).find("table")
    assert [th.get_text() for th in table.select("thead th")] == [
        "Depth",
        "Typical downtime",
        "Sessions",
    ]
    assert len(table.select("tbody tr")) == 3
    continued = [s for s in fixture if "Questions Patients Often Ask" in title_of(s)]
    assert sum(len(s.find_all("li")) for s in continued) == 12
    contact = slide_sections(soup_of(demo_page))[-1]
    qr = contact.select_one("figure.hk-picture img")
    assert qr["src"].startswith("data:image/png;base64,")
    assert qr["alt"].startswith("QR code:")
    assert contact.find("a", href="https://larkspur-skin.example/book")


# --- self-contained, branded, escaped ----------------------------------------------------


@pytest.mark.parametrize("which", ["demo", "fixture"])
def test_nothing_is_fetched_from_the_network(which, request):
    handout = request.getfixturevalue(f"{which}_handout")
    soup = soup_of(request.getfixturevalue(f"{which}_page"))
    contact = handout.clinic.contact
    clinic_links = {link for link in (contact.website, contact.booking_url) if link}
    document_links = {span.href for span in document_spans(handout) if span.href}
    for tag in soup.find_all(src=True) + soup.find_all(href=True):
        value = tag.get("src") or tag.get("href")
        if _REMOTE.match(value):
            # Only the clinic's own links, as anchors in the slides' content.
            assert tag.name == "a", tag
            assert tag.find_parent("div", class_="slides") is not None, tag
            assert value in clinic_links | document_links, value
    assert not soup.find_all("link")
    assert not soup.find_all(["iframe", "object", "embed"])
    scripts = soup.find_all("script")
    assert len(scripts) == 3 and not any(script.get("src") for script in scripts)
    css = "\n".join(style.get_text() for style in soup.find_all("style"))
    assert "@import" not in css
    assert not re.search(r"url\(\s*(?!['\"]?data:)", css)


def test_reveal_js_and_its_notes_plugin_are_inlined_from_the_vendored_copy(demo_page):
    scripts = [script.get_text() for script in soup_of(demo_page).find_all("script")]
    assert (VENDOR / "reveal.js").read_text(encoding="utf-8") in scripts[0]
    assert (VENDOR / "notes.js").read_text(encoding="utf-8") in scripts[1]
    assert "reveal.js 5." in scripts[0]
    styles = [style.get_text() for style in soup_of(demo_page).find_all("style")]
    assert (VENDOR / "reveal.css").read_text(encoding="utf-8").strip() in styles[1]
    licence = (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in licence  # the MIT licence
    assert "MIT" in (VENDOR / "SOURCE.txt").read_text(encoding="utf-8")


def test_reveal_is_initialised_with_slide_numbers_and_the_notes_plugin(demo_page):
    init = soup_of(demo_page).find_all("script")[-1].get_text()
    assert "Reveal.initialize(" in init
    assert 'slideNumber: "c/t"' in init
    assert "plugins: [RevealNotes]" in init
    assert "width: 960" in init and "height: 540" in init


def test_brand_colours_fonts_and_footer(demo_page, demo_handout):
    soup = soup_of(demo_page)
    css = soup.find_all("style")[-1].get_text().lower()
    assert demo_handout.clinic.colors.primary.lower() in css
    assert css.count("@font-face") == 4  # Lato regular, italic, bold, bold italic
    assert 'src: url("data:font/woff2;base64,' in css
    assert '"lato"' in css
    assert soup.select_one("footer.hk-footer").get_text() == "Larkspur Skin Clinic"
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == (
        "Microneedling: Collagen Induction Therapy | Larkspur Skin Clinic"
    )


def test_raw_html_in_the_document_is_text_never_markup(fixture_page):
    soup = soup_of(fixture_page)
    slide = next(s for s in slide_sections(soup) if title_of(s) == "Raw Markup Stays Text")
    assert "<script>alert(1)</script>" in slide.select_one(".hk-body").get_text()
    assert "<script>alert(1)</script>" in slide.select_one("aside.notes").get_text()
    assert not slide.find_all(["script", "b"])
    assert all("alert(1)" not in script.get_text() for script in soup.find_all("script"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fixture_page


# --- reproducible, and a clear error without the tagged cell -----------------------------


def test_export_is_deterministic(fixture_handout):
    first = export(fixture_handout).encode("utf-8")
    again, _ = BrowserDeckExporter().from_notebook_node(executed_notebook(fixture_handout))
    assert again.encode("utf-8") == first


def test_the_executed_notebook_is_not_changed_by_the_export(fixture_handout):
    notebook = executed_notebook(fixture_handout)
    before = json.dumps(notebook, sort_keys=True)
    BrowserDeckExporter().from_notebook_node(notebook)
    assert json.dumps(notebook, sort_keys=True) == before


def test_notebook_without_the_tagged_cell_is_an_error(fixture_handout):
    with pytest.raises(RenderError) as caught:
        BrowserDeckExporter().from_notebook_node(executed_notebook(fixture_handout, tag="x"))
    assert "tag 'deck'" in caught.value.fix


def test_the_deck_displays_a_json_outline(fixture_handout):
    bundle = hk.build_deck(fixture_handout)._repr_mimebundle_()
    outline = bundle[OUTLINE_MIMETYPE]
    assert json.loads(json.dumps(outline)) == outline
    plans = plan_deck(fixture_handout)
    assert outline["slides"] == deck_outline(fixture_handout, plans)
    assert [slide["title"] for slide in outline["slides"]] == [plan.title for plan in plans]
    assert outline["slides"][0]["kind"] == "title"
    assert outline["slides"][-1]["kind"] == "contact"
