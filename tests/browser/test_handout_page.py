"""The HTML handout page in a real browser: layout at three widths, print, accessibility, links.

Every property is read from Chromium's layout (``getBoundingClientRect``,
``getComputedStyle``, ``scrollWidth``) or from the PDFs both engines print.
"""

from __future__ import annotations

import io
import itertools
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, PHONE, TABLET, WIDTHS, Site, axe_violations, describe

BODY_TEXT = "p, li, td, th, dd, dt, blockquote, figcaption, caption"
MIN_BODY_PX = 16
PAPERS = {"letter": "Letter", "a4": "A4"}


def handout_page(site: Site, language: str) -> Path:
    [page] = site.files(f"*_{language}_handout.html")
    return page


def open_page(new_page: Any, site: Site, language: str, viewport: dict[str, int]) -> Any:
    page = new_page(viewport=viewport)
    response = page.goto(site.url_of(handout_page(site, language)))
    assert response is not None and response.status == 200
    page.evaluate("document.fonts.ready")
    return page


@pytest.fixture(params=["en", "ar", "zh"])
def page_of(request: pytest.FixtureRequest, demo_site: Site, languages_site: Site) -> Any:
    """(site, language): the demo handout, and the Arabic and Chinese ones."""
    language = request.param
    return (demo_site if language == "en" else languages_site), language


def normalized(text: str) -> str:
    return " ".join(text.split())


# --- Layout at phone, tablet and desktop width ------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_handout_page_never_scrolls_sideways_at_phone_tablet_or_desktop_width(
    page_of: Any, new_page: Any, width: str
) -> None:
    site, language = page_of
    page = open_page(new_page, site, language, WIDTHS[width])
    scroll = page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
    )
    assert max(scroll[:2]) <= WIDTHS[width]["width"] == scroll[2], scroll


@pytest.mark.parametrize("width", WIDTHS)
def test_every_body_text_element_is_at_least_16_px_at_every_width(
    page_of: Any, new_page: Any, width: str
) -> None:
    site, language = page_of
    page = open_page(new_page, site, language, WIDTHS[width])
    sizes = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((e) => e.textContent.trim() && e.getClientRects().length)
            .map((e) => [e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 40),
                         parseFloat(getComputedStyle(e).fontSize)])""",
        BODY_TEXT,
    )
    assert len(sizes) >= 10, sizes  # the handout's paragraphs, steps and footer lines
    small = [(what, px) for what, px in sizes if px < MIN_BODY_PX]
    assert not small, f"text under {MIN_BODY_PX} px: {small}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_picture_lies_inside_its_container_and_the_viewport(
    page_of: Any, new_page: Any, width: str
) -> None:
    site, language = page_of
    page = open_page(new_page, site, language, WIDTHS[width])
    pictures = page.evaluate(
        """() => [...document.querySelectorAll('img, svg')].map((e) => {
            const r = e.getBoundingClientRect();
            const c = e.parentElement.getBoundingClientRect();
            return {what: e.outerHTML.slice(0, 60), complete: e.tagName !== 'IMG' || e.complete,
                    natural: e.tagName === 'IMG' ? e.naturalWidth : 1,
                    r: [r.left, r.top, r.right, r.bottom, r.width, r.height],
                    c: [c.left, c.top, c.right, c.bottom]};
        })"""
    )
    assert pictures, "the handout shows at least the clinic's logo"
    viewport = WIDTHS[width]["width"]
    for picture in pictures:
        left, top, right, bottom, w, h = picture["r"]
        c_left, c_top, c_right, c_bottom = picture["c"]
        assert picture["complete"] and picture["natural"] > 0, f"not loaded: {picture}"
        assert w > 0 and h > 0, picture
        assert c_left - 0.5 <= left and right <= c_right + 0.5, f"outside its box: {picture}"
        assert c_top - 0.5 <= top and bottom <= c_bottom + 0.5, f"outside its box: {picture}"
        assert left >= 0 and right <= viewport, f"outside the viewport: {picture}"


# --- Print -----------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, with no white space (line breaks fall differently in each engine)."""
    from pypdf import PdfReader

    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def page_of_text(pages: list[str], text: str) -> int | None:
    squeezed = re.sub(r"\s+", "", text)
    return next((i for i, page in enumerate(pages) if squeezed in page), None)


@pytest.fixture(scope="module")
def demo_print(demo_site: Site, browser: Any) -> dict[str, Any]:
    """The demo page printed by Chromium (Letter and A4), the WeasyPrint PDFs the build made,
    and the page's headings, each with the start of its first block, and list items."""
    html = handout_page(demo_site, "en")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(demo_site.url_of(html))
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready")
        found = page.evaluate(
            """() => ({
                headings: [...document.querySelectorAll('.hk-section > h2, .hk-section > h3')]
                    .map((h) => [h.textContent, h.nextElementSibling
                        ? h.nextElementSibling.textContent.trim().slice(0, 30) : null]),
                items: [...document.querySelectorAll('.hk-list li')].map((li) => li.textContent),
            })"""
        )
        chromium = {paper: pdf_pages(page.pdf(format=fmt)) for paper, fmt in PAPERS.items()}
    finally:
        context.close()
    stem = html.name.removesuffix(".html")
    weasyprint = {
        paper: pdf_pages((html.parent / f"{stem}-{paper}.pdf").read_bytes()) for paper in PAPERS
    }
    return {"chromium": chromium, "weasyprint": weasyprint, **found}


@pytest.mark.parametrize("paper", PAPERS)
def test_a_browsers_print_starts_every_section_on_the_same_page_as_the_weasyprint_pdf(
    demo_print: dict[str, Any], paper: str
) -> None:
    """Chromium has no running elements (CSS GCPM ``position: running()``), so where WeasyPrint
    repeats the header and the contact footer in every page's margins, a browser prints them
    once, in the flow: the header at the top of page 1, the footer after the last section
    (the print CSS gives a browser narrower page margins to make room). The sections break
    the same way; the browser's copy may need one more page, for the footer."""
    chromium, weasyprint = demo_print["chromium"][paper], demo_print["weasyprint"][paper]
    headings = [heading for heading, _ in demo_print["headings"]]
    in_chromium = [page_of_text(chromium, h) for h in headings]
    in_weasyprint = [page_of_text(weasyprint, h) for h in headings]
    assert None not in in_weasyprint, list(zip(headings, in_weasyprint, strict=True))
    pages = list(zip(headings, in_chromium, in_weasyprint, strict=True))
    assert in_chromium == in_weasyprint, pages
    assert len(weasyprint) <= len(chromium) <= len(weasyprint) + 1
    footer_page = page_of_text(chromium, "Reviewed")
    assert footer_page == len(chromium) - 1, "the contact footer ends the browser's copy"


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
@pytest.mark.parametrize("paper", PAPERS)
def test_no_heading_ends_a_printed_page_and_no_step_or_list_item_is_split(
    demo_print: dict[str, Any], engine: str, paper: str
) -> None:
    """What the print CSS promises (break-after: avoid, break-inside: avoid), in both engines."""
    pages = demo_print[engine][paper]
    for heading, first_words in demo_print["headings"]:
        where = page_of_text(pages, heading)
        assert where is not None, heading
        # The start of the heading's first block on the same page (a step's number, drawn
        # by CSS, may come between them in the text).
        assert first_words and page_of_text(pages[where:], first_words) == 0, (
            f"{heading!r} ends page {where + 1} in {engine}'s {paper} print"
        )
    for item in demo_print["items"]:
        assert page_of_text(pages, item) is not None, f"split across pages: {item!r}"


# --- Accessibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_wcag_21_aa_violation_in_the_demo_handout_at_any_width(
    demo_site: Site, new_page: Any, width: str
) -> None:
    page = open_page(new_page, demo_site, "en", WIDTHS[width])
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_axe_finds_no_wcag_21_aa_violation_in_the_arabic_and_chinese_handouts(
    languages_site: Site, new_page: Any, language: str
) -> None:
    page = open_page(new_page, languages_site, language, PHONE)
    assert page.evaluate("document.documentElement.lang") == language
    violations = axe_violations(page)
    assert not violations, describe(violations)


FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
FOCUS_STYLE = """() => {
    const s = getComputedStyle(document.activeElement);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
}"""


def test_keyboard_focus_is_visible_on_every_link_and_control(page_of: Any, new_page: Any) -> None:
    site, language = page_of
    page = open_page(new_page, site, language, TABLET)
    focusable = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((e) => e.getClientRects().length).length""",
        FOCUSABLE,
    )
    assert focusable >= 3, "the contact links at least"
    seen = []
    for _ in range(focusable):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.outerHTML.slice(0, 80), document.activeElement.tagName]"
        )
        assert focused[1] != "BODY", f"Tab left the page after {len(seen)} stops"
        with_focus = page.evaluate(FOCUS_STYLE)
        ring = page.evaluate(
            """() => {
                const r = document.activeElement.getBoundingClientRect();
                return r.width > 0 && r.height > 0;
            }"""
        )
        # The same element, unfocused: focus moved to the body by script, not by keyboard.
        page.evaluate("""() => { window.__hk = document.activeElement; window.__hk.blur(); }""")
        without = page.evaluate(
            """() => {
                const s = getComputedStyle(window.__hk);
                return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
            }"""
        )
        page.evaluate("() => window.__hk.focus({focusVisible: true})")
        assert ring, focused[0]
        assert with_focus != without, f"no visible focus on {focused[0]}: {with_focus}"
        outline, outline_width, _, shadow = with_focus.split(" | ")
        drawn = outline != "none" and float(outline_width.removesuffix("px")) > 0
        assert drawn or shadow != "none", f"no focus ring on {focused[0]}: {with_focus}"
        seen.append(focused[0])
    assert len(set(seen)) == focusable, seen


def source_blocks(demo_handout: Any) -> list[str]:
    """The demo document's headings, paragraphs and list items, in the source's order."""
    blocks = []
    for section in demo_handout.document.sections:
        blocks.append(section.title)
        for block in section.blocks:
            if hasattr(block, "items"):
                for item in block.items:
                    text = "".join(span.text for span in item.spans)
                    blocks.append(f"{item.term}: {text}" if item.term else text)
            else:
                blocks.append("".join(span.text for span in block.spans))
    return [normalized(b) for b in blocks]


READING_ORDER = """() => [...document.querySelectorAll(
        '.hk-section > h2, .hk-section > h3, .hk-section > p, .hk-section li')]
    .map((e) => { const r = e.getBoundingClientRect();
                  return [e.textContent, r.top + scrollY, r.bottom + scrollY]; })"""


def test_the_reading_order_follows_the_source_document_and_never_climbs_at_phone_width(
    demo_site: Site, new_page: Any, demo_handout: Any
) -> None:
    page = open_page(new_page, demo_site, "en", PHONE)
    shown = page.evaluate(READING_ORDER)
    assert [normalized(text) for text, _, _ in shown] == source_blocks(demo_handout)
    for (before, _, bottom_before), (after, top_after, _) in itertools.pairwise(shown):
        assert top_after >= bottom_before - 0.5, f"{after[:40]!r} shows above {before[:40]!r}"


# --- Links -----------------------------------------------------------------------------------


def test_every_relative_link_and_source_of_the_page_is_a_file_of_the_served_build(
    page_of: Any, new_page: Any
) -> None:
    """Relative ``href``/``src`` are fetched (status 200); external links are listed only."""
    site, language = page_of
    page = open_page(new_page, site, language, DESKTOP)
    references = page.evaluate(
        """() => [...document.querySelectorAll('[href], [src]')].map((e) => [
            e.getAttribute('href') ?? e.getAttribute('src'), e.href || e.src])"""
    )
    relative, external = [], []
    for raw, resolved in references:
        if raw.startswith(("data:", "#")):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I) or raw.startswith("//"):
            external.append(raw)
        else:
            relative.append(resolved)
    for url in relative:
        assert url.startswith(site.url), url
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200, url
        except urllib.error.HTTPError as error:
            pytest.fail(f"{url}: HTTP {error.code}")
    if language != "en":
        assert relative, "the other languages' pages are linked"
    assert all(re.match(r"^(https?|mailto|tel):", link) for link in external), external
    print(f"{language}: {len(relative)} relative fetched; external, not fetched: {external}")
