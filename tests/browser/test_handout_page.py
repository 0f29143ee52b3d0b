"""The HTML handout page in a real browser: layout at three widths, print, accessibility, links.

The demo's handout page, and where direction and script matter the Arabic and Chinese pages
of the five-language fixture catalog, both built once per session by the real command line
and served over HTTP (conftest.py). Every property is read from Chromium's layout
(``getBoundingClientRect``, ``getComputedStyle``, ``scrollWidth``, text ranges), from the PDFs
Chromium and WeasyPrint print (PDFium's text and character boxes), or from axe-core.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from handoutkit.model import Figure, Handout, JobKey, ListBlock, Table, plain
from handoutkit.read.catalog import discover
from handoutkit.read.handout import load_handout

from .conftest import (
    DESKTOP,
    LANGUAGES_CONTENT,
    PHONE,
    TABLET,
    WIDTHS,
    Site,
    axe_violations,
    describe,
)
from .helpers import ALLOWED_EXTERNAL, assert_focus_visible, references_of, tab_stops

MIN_TEXT_PX = 16
PAPERS = {"letter": "Letter", "a4": "A4"}


def handout_page(site: Site, language: str) -> Path:
    [page] = site.files(f"*_{language}_handout.html")
    return page


def load(page: Any, site: Site, language: str) -> Any:
    """``page`` with the handout page of ``language`` loaded, its fonts too."""
    response = page.goto(site.url_of(handout_page(site, language)))
    assert response is not None and response.status == 200
    page.evaluate("document.fonts.ready")
    return page


def open_page(new_page: Any, site: Site, language: str, viewport: dict[str, int]) -> Any:
    return load(new_page(viewport=viewport), site, language)


@pytest.fixture(params=["en", "ar", "zh"])
def page_of(request: pytest.FixtureRequest, demo_site: Site, languages_site: Site) -> Any:
    """(site, language): the demo handout, and the Arabic and Chinese ones."""
    language = request.param
    return (demo_site if language == "en" else languages_site), language


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalized(text: str) -> str:
    """White space collapsed, and no invisible direction marks."""
    return " ".join(BIDI_CONTROLS.sub("", text).split())


# --- Layout at phone, tablet and desktop width ------------------------------------------------


@pytest.fixture(scope="module")
def shown(
    browser: Any, demo_site: Site, languages_site: Site
) -> Iterator[Callable[[str, str], Any]]:
    """``shown(language, width)``: the page open at that width, once for the layout tests,
    which only read it."""
    opened: dict[tuple[str, str], Any] = {}
    contexts = []

    def show(language: str, width: str) -> Any:
        if (language, width) not in opened:
            site = demo_site if language == "en" else languages_site
            context = browser.new_context(viewport=WIDTHS[width])
            contexts.append(context)
            opened[language, width] = load(context.new_page(), site, language)
        return opened[language, width]

    yield show
    for context in contexts:
        context.close()


LAYOUT = [(language, width) for language in ("en", "ar", "zh") for width in WIDTHS]

# Every element drawn (with a box of some size) and every run of text (which may overflow its
# element's box), where each is across.
BOXES = """() => {
    const found = [];
    for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width * r.height > 0) found.push([e.outerHTML.slice(0, 80), r.left, r.right]);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            found.push(['text: ' + node.textContent.trim().slice(0, 60), r.left, r.right]);
        }
    }
    return found;
}"""


@pytest.mark.parametrize(("language", "width"), LAYOUT)
def test_the_handout_page_never_scrolls_sideways_at_phone_tablet_or_desktop_width(
    shown: Callable[[str, str], Any], language: str, width: str
) -> None:
    """The document is no wider than the viewport, and no element of it is drawn past either
    side (so nothing is cut off by a container that hides its overflow either)."""
    page = shown(language, width)
    viewport = WIDTHS[width]["width"]
    scroll = page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
    )
    assert scroll[2] == viewport and max(scroll[:2]) <= viewport, scroll
    outside = [b for b in page.evaluate(BOXES) if b[1] < -0.5 or b[2] > viewport + 0.5]
    assert not outside, f"drawn past the side of the {viewport} px viewport: {outside[:5]}"


# The font size of every piece of text drawn: each text node's element.
TEXT_SIZES = """() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || !element.getClientRects().length) continue;
        if (element.closest('style, script')) continue;
        found.push([element.tagName.toLowerCase() + '.' + element.className + ': '
                    + node.textContent.trim().slice(0, 40),
                    parseFloat(getComputedStyle(element).fontSize)]);
    }
    return found;
}"""


@pytest.mark.parametrize(("language", "width"), LAYOUT)
def test_every_piece_of_text_is_at_least_16_px_at_phone_tablet_and_desktop_width(
    shown: Callable[[str, str], Any], language: str, width: str
) -> None:
    """Every text the page draws (paragraphs, steps, list items, table cells, the footer,
    the notices and the language links, down to a label or a date inside them) has a
    computed font size of at least 16 px."""
    sizes = shown(language, width).evaluate(TEXT_SIZES)
    assert len(sizes) >= 25, sizes  # the handout's headings, paragraphs, steps and footer
    small = [(what, px) for what, px in sizes if px < MIN_TEXT_PX]
    assert not small, f"text under {MIN_TEXT_PX} px: {small}"


PICTURES = """() => [...document.querySelectorAll('img, svg')].map((e) => {
    // Its container: the nearest ancestor drawn as a block; its column: the handout's content
    // box (inside its padding).
    let box = e.parentElement;
    while (/^(inline|contents)/.test(getComputedStyle(box).display)) box = box.parentElement;
    const article = e.closest('.hk-handout') || document.body;
    const a = article.getBoundingClientRect(), s = getComputedStyle(article);
    const r = e.getBoundingClientRect(), c = box.getBoundingClientRect();
    return {what: e.outerHTML.slice(0, 80), loaded: e.tagName !== 'IMG' || e.complete,
            natural: e.tagName === 'IMG' ? [e.naturalWidth, e.naturalHeight] : null,
            picture: [r.left, r.top, r.right, r.bottom],
            container: [c.left, c.top, c.right, c.bottom],
            column: [a.left + parseFloat(s.paddingLeft), a.right - parseFloat(s.paddingRight)]};
})"""


@pytest.mark.parametrize(("language", "width"), LAYOUT)
def test_every_picture_lies_inside_its_container_its_column_and_the_viewport(
    shown: Callable[[str, str], Any], language: str, width: str
) -> None:
    """Every picture (the logo; a document's figures) is loaded, drawn at its own proportions,
    and inside the box that holds it, the handout's column and the viewport."""
    pictures = shown(language, width).evaluate(PICTURES)
    assert pictures, "the handout shows at least the clinic's logo"
    viewport = WIDTHS[width]["width"]
    for picture in pictures:
        left, top, right, bottom = picture["picture"]
        c_left, c_top, c_right, c_bottom = picture["container"]
        column_left, column_right = picture["column"]
        assert picture["loaded"] and right > left and bottom > top, f"not drawn: {picture}"
        if picture["natural"]:
            natural_width, natural_height = picture["natural"]
            assert natural_width > 0 and natural_height > 0, f"not loaded: {picture}"
            ratio = (right - left) / (bottom - top) / (natural_width / natural_height)
            assert abs(ratio - 1) < 0.02, f"drawn out of proportion ({ratio:.2f}): {picture}"
        assert c_left - 0.5 <= left and right <= c_right + 0.5, f"outside its box: {picture}"
        assert c_top - 0.5 <= top and bottom <= c_bottom + 0.5, f"outside its box: {picture}"
        assert column_left - 0.5 <= left and right <= column_right + 0.5, (
            f"outside the column: {picture}"
        )
        assert left >= 0 and right <= viewport, f"outside the viewport: {picture}"


# --- Print -----------------------------------------------------------------------------------

MM_PER_PT = 25.4 / 72
SIDE_MARGIN_MM = 18  # the handout's @page side margins, in both engines
PRE_BASE_I = "\u093f"
# A PDF's text layer maps each glyph to text once per font: a Devanagari conjunct's half form,
# the vowel sign ि drawn before its consonant (which also comes out after other consonants
# drawn by the same glyph), and Arabic's tanwin and vowel marks shaped with their letter come
# out of it out of place or as other letters (see tests/test_languages.py). ि is left out of
# every text compared, and the words holding one of these are not looked for.
UNREADABLE = re.compile("[\u094d\u093f\u064b-\u065f\u0670]")


def squeezed(text: str) -> str:
    """``text`` as it is compared with a PDF's text layer: letters, marks and digits only (white
    space, punctuation and symbols fall differently in each engine, or are drawn by CSS)."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN" and c != PRE_BASE_I)


def tokens(text: str) -> list[str]:
    """The runs of letters of ``text`` between spaces and punctuation, but those a PDF's text
    layer cannot give back (``UNREADABLE``)."""
    runs = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split()
    return [squeezed(run) for run in runs if not UNREADABLE.search(run)]


@dataclass(frozen=True)
class Printed:
    """A PDF read back with PDFium: each page's size and squeezed text, and every character's
    box (left, top, right, bottom, in mm from the page's top left corner)."""

    sizes: list[tuple[float, float]]
    texts: list[str]
    boxes: list[list[tuple[str, float, float, float, float]]]

    @classmethod
    def of(cls, data: bytes) -> Printed:
        import pypdfium2 as pdfium

        sizes, texts, boxes = [], [], []
        document = pdfium.PdfDocument(data)
        try:
            for page in document:
                width, height = page.get_size()
                text = page.get_textpage()
                sizes.append((width * MM_PER_PT, height * MM_PER_PT))
                texts.append(squeezed(text.get_text_range()))
                chars = []
                for index in range(text.count_chars()):
                    char = text.get_text_range(index, 1)
                    if char.strip():
                        left, bottom, right, top = text.get_charbox(index)
                        chars.append(
                            (char, left * MM_PER_PT, (height - top) * MM_PER_PT,
                             right * MM_PER_PT, (height - bottom) * MM_PER_PT)
                        )  # fmt: skip
                boxes.append(chars)
                text.close()
                page.close()
        finally:
            document.close()
        return cls(sizes, texts, boxes)

    def pages_with(self, text: str) -> list[int]:
        """The pages (from 0) that hold ``text``."""
        return [i for i, page in enumerate(self.texts) if holds(page, text)]

    def pages_without(self, text: str) -> list[int]:
        """The pages (from 1) that do not hold ``text``."""
        return [i for i, page in enumerate(self.texts, 1) if not holds(page, text)]


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff]")


def holds(page: str, text: str) -> bool:
    """Whether a page's squeezed text holds ``text``: its letters in order or, where marks or
    punctuation come out of the text layer out of place, its words in order. A text layer
    may give a right-to-left block's lines in another order (Chromium's does), or a line's
    runs of another direction reversed: there, each of its words, as many times as it has it."""
    whole, words = squeezed(text), tokens(text)
    if whole and whole in page:
        return True
    if re.search(".*?".join(map(re.escape, words)), page):
        return True
    return bool(RIGHT_TO_LEFT.search(text)) and all(
        page.count(word) >= words.count(word) for word in words
    )


def start_of(text: str) -> str:
    """The first four runs of a block's text: enough to find where it starts."""
    return " ".join(tokens(text)[:4])


# What the print CSS lays out, read from the page with the print styles on: each heading and
# the block after it, the blocks that never split (steps, list items, table rows, the
# disclaimer, each notice of language assistance) and every block of text.
PRINTED_BLOCKS = """() => {
    const text = (e) => e.innerText;
    const blocks = '.hk-title-block > *, .hk-section > :is(h2, h3, p), .hk-section li,'
        + ' .hk-section tr, .hk-disclaimer, .hk-tagline';
    return {
        headings: [...document.querySelectorAll('.hk-section > :is(h2, h3)')].map((h) => {
            const next = h.nextElementSibling;
            const first = next && (next.querySelector('li, tr') || next);
            return [text(h), first ? text(first) : ''];
        }),
        unsplit: [...document.querySelectorAll(
            '.hk-section li, .hk-section tr, .hk-disclaimer, .hk-tagline')].map(text),
        blocks: [...document.querySelectorAll(blocks)].map(text),
        clinic: text(document.querySelector('.hk-clinic')),
        contact: document.querySelector('.hk-contact a[href^="tel:"]').textContent,
    };
}"""


@dataclass(frozen=True)
class Prints:
    """One handout page printed by Chromium and by WeasyPrint (the build's PDF), on one paper,
    with what its print CSS lays out."""

    chromium: Printed
    weasyprint: Printed
    layout: dict[str, Any]

    def engine(self, name: str) -> Printed:
        return self.chromium if name == "chromium" else self.weasyprint


@pytest.fixture(scope="module")
def printed(
    browser: Any, demo_site: Site, languages_site: Site
) -> Iterator[Callable[[str, str], Prints]]:
    """``printed(language, paper)``: the page printed by Chromium, the WeasyPrint PDF, once.

    The page is the HTML of the build's first paper, Letter: the file WeasyPrint printed the
    Letter PDF from. The A4 PDF was printed from the same HTML with the A4 page size, so
    Chromium prints A4 with that ``@page`` size added. Chromium prints at the page's own
    ``@page`` size, as a browser's print dialog does (``prefer_css_page_size``): with
    ``format="A4"`` alone it would shrink the Letter page onto A4 instead."""
    done: dict[tuple[str, str], Prints] = {}
    context = browser.new_context()

    def make(language: str, paper: str) -> Prints:
        if (language, paper) not in done:
            site = demo_site if language == "en" else languages_site
            html = handout_page(site, language)
            page = load(context.new_page(), site, language)
            page.emulate_media(media="print")
            if paper == "a4":
                page.evaluate(
                    """() => document.querySelector('.hk-handout').insertAdjacentHTML(
                        'beforeend', '<style>@page { size: 210mm 297mm; }</style>')"""
                )
            layout = page.evaluate(PRINTED_BLOCKS)
            chromium = page.pdf(format=PAPERS[paper], prefer_css_page_size=True)
            page.close()
            pdf = html.with_name(f"{html.stem}-{paper}.pdf")
            done[language, paper] = Prints(
                Printed.of(chromium), Printed.of(pdf.read_bytes()), layout
            )
        return done[language, paper]

    yield make
    context.close()


PRINTS = [(language, paper) for language in ("en", "ar", "zh") for paper in PAPERS]


@pytest.mark.parametrize(("language", "paper"), PRINTS)
def test_a_browsers_print_has_the_pdfs_pages_and_starts_every_section_on_the_same_page(
    printed: Callable[[str, str], Prints], language: str, paper: str
) -> None:
    """Chromium has no running elements (CSS GCPM ``position: running()``, WeasyPrint's): its
    print repeats the header and the contact footer on every page as a table's header and
    footer groups, in the bands they take in WeasyPrint's page margins, so the text has the
    same room on every page. Both engines then print the same pages, each with the header and
    the footer, and each section starting on the same page; in English (one font) every
    heading, paragraph, step and list item too. Not in Chinese and Arabic: a line drawn in a
    fallback font (Noto Sans CJK, Noto Naskh Arabic, after Lato) is taller in WeasyPrint,
    which makes room for that font's ascent and descent (7.0 mm apart in Chinese, against
    6.2 mm in Chromium and 6.1 mm for 12 pt at line-height 1.45), so a block at the foot of a
    page may go to the next one in WeasyPrint only."""
    prints = printed(language, paper)
    chromium, weasyprint = prints.chromium, prints.weasyprint
    assert len(chromium.texts) == len(weasyprint.texts), (
        f"Chromium prints {len(chromium.texts)} pages, WeasyPrint {len(weasyprint.texts)}"
    )
    for (width, height), (pdf_width, pdf_height) in zip(
        chromium.sizes, weasyprint.sizes, strict=True
    ):
        assert abs(width - pdf_width) < 0.5 and abs(height - pdf_height) < 0.5
    compared = [heading for heading, _ in prints.layout["headings"]]
    if language == "en":
        compared = [start_of(block) for block in prints.layout["blocks"]]
    pages = [(text, chromium.pages_with(text), weasyprint.pages_with(text)) for text in compared]
    assert all(in_pdf for _, _, in_pdf in pages), [p for p in pages if not p[2]]
    assert [in_chromium for _, in_chromium, _ in pages] == [in_pdf for _, _, in_pdf in pages], [
        p for p in pages if p[1] != p[2]
    ]
    for name, engine in (("Chromium", chromium), ("WeasyPrint", weasyprint)):
        for part in ("clinic", "contact"):
            missing = engine.pages_without(prints.layout[part])
            assert not missing, f"{name} prints no {part} on pages {missing}"


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
@pytest.mark.parametrize(("language", "paper"), PRINTS)
def test_no_heading_ends_a_printed_page_and_no_step_or_list_item_is_split(
    printed: Callable[[str, str], Prints], language: str, paper: str, engine: str
) -> None:
    """What the print CSS promises, in both engines: a heading is on the page of the block
    after it (``break-after: avoid``), and a step, a list item, a table row, the disclaimer
    and each notice of language assistance is printed whole on one page
    (``break-inside: avoid``)."""
    prints = printed(language, paper)
    pdf = prints.engine(engine)
    for heading, following in prints.layout["headings"]:
        pages = pdf.pages_with(heading)
        assert len(pages) == 1, f"{heading!r} is on pages {pages} of {engine}'s print"
        assert pages[0] in pdf.pages_with(start_of(following)), (
            f"{heading!r} ends page {pages[0] + 1} of {engine}'s {paper} print"
        )
    for block in prints.layout["unsplit"]:
        assert pdf.pages_with(block), f"split across pages in {engine}'s print: {block!r}"


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
@pytest.mark.parametrize(("language", "paper"), PRINTS)
def test_nothing_is_cut_from_a_printed_page(
    printed: Callable[[str, str], Prints], language: str, paper: str, engine: str
) -> None:
    """Every character is printed inside its page and between the side margins, and every
    block of the page is printed (the words of each, on one page or across two)."""
    prints = printed(language, paper)
    pdf = prints.engine(engine)
    for number, ((width, height), chars) in enumerate(zip(pdf.sizes, pdf.boxes, strict=True), 1):
        low, high = SIDE_MARGIN_MM - 0.5, width - SIDE_MARGIN_MM + 0.5
        out = [c for c in chars if c[1] < low or c[3] > high or c[2] < 0 or c[4] > height]
        assert not out, f"page {number} of {engine}'s {paper} print cuts {out[:5]}"
    everything = "".join(pdf.texts)
    for block in prints.layout["blocks"]:
        missing = [run for run in tokens(block) if run not in everything]
        assert not missing, f"{missing} of {block!r} not printed by {engine}"


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


FOCUSABLE = """() => [...document.querySelectorAll(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
    .filter((e) => e.getClientRects().length)
    .map((e) => {
        // The colour behind the element: its own or its nearest painted ancestor's, else the
        // canvas's white.
        const clear = (color) => /^rgba\\(.*, 0\\)$|^transparent$/.test(color);
        let behind = e, color = 'transparent';
        for (; behind && clear(color); behind = behind.parentElement) {
            color = getComputedStyle(behind).backgroundColor;
        }
        return [e.outerHTML.slice(0, 100), clear(color) ? 'rgb(255, 255, 255)' : color];
    })"""


def rgb(color: str) -> tuple[float, ...]:
    """An ``rgb()``/``rgba()`` colour as the browser computes it: its red, green and blue."""
    values = re.findall(r"[\d.]+", color)
    return tuple(float(v) for v in values[:3])


def contrast(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two colours."""

    def luminance(color: str) -> float:
        linear = [c / 255 for c in rgb(color)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in linear]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_keyboard_focus_is_visible_on_every_link_and_control(page_of: Any, new_page: Any) -> None:
    """Tab goes through every link and control in the order of the page, and each shows a
    focus ring it does not have unfocused (``helpers.assert_focus_visible``), at least 2 px
    thick (WCAG 2.2's focus appearance) and of 3:1 contrast with what is behind it (WCAG
    1.4.11), not the thin ring a browser draws of its own."""
    site, language = page_of
    page = open_page(new_page, site, language, TABLET)
    focusable = page.evaluate(FOCUSABLE)
    assert len(focusable) >= 4, "the contact links at least"
    stops = tab_stops(page)
    assert [stop["what"] for stop in stops] == [what for what, _ in focusable]
    for stop, (_, behind) in zip(stops, focusable, strict=True):
        assert_focus_visible(stop)
        ring = stop["focused"]
        assert ring["style"] not in ("none", "auto") and ring["width"] >= 2, stop
        assert contrast(ring["color"], behind) >= 3, (ring["color"], behind, stop["what"])


def source_blocks(handout: Handout) -> list[str]:
    """The document's title, subtitle, and each section's heading, paragraphs, subheadings,
    list items, table rows and pictures (their text alternative), in the source's order, as
    the project's reader reads the Markdown."""
    meta = handout.document.meta
    blocks = [meta.title, *([meta.subtitle] if meta.subtitle else [])]
    for section in handout.document.sections:
        blocks.append(section.title)
        for block in section.blocks:
            if isinstance(block, ListBlock):
                blocks += [item.text for item in block.items]
            elif isinstance(block, Table):
                blocks += [" ".join(map(plain, row)) for row in (block.header, *block.rows)]
            elif isinstance(block, Figure):
                blocks.append(block.alt)
            else:
                blocks.append(block.text)
    return [normalized(block) for block in blocks]


# Every block of the page as it is drawn, in the order of its source (its hidden copies left
# out): the header, the title, the sections' blocks, the disclaimer, the notices, the footer.
READING_ORDER = """() => [...document.querySelectorAll('.hk-handout :is(.hk-header,'
        + ' .hk-title-block > *, h2, h3, p, li, tr, figure)')]
    .filter((e) => e.getClientRects().length)
    .filter((e) => !e.parentElement.closest('.hk-header, li, tr, figure'))
    .map((e) => {
        const r = e.getBoundingClientRect();
        const text = e.tagName === 'FIGURE' ? e.querySelector('img').alt : e.innerText;
        return {text, document: !!e.closest('.hk-title-block, .hk-section'),
                top: r.top + scrollY, bottom: r.bottom + scrollY};
    })"""


@pytest.fixture
def source_of(demo_handout: Handout) -> Callable[[str], Handout]:
    """The handout the page of ``language`` was built from, read from its Markdown."""

    def read(language: str) -> Handout:
        if language == "en":
            return demo_handout
        catalog = discover(LANGUAGES_CONTENT)
        return load_handout(catalog, JobKey("larkspur-skin", "sample", language))

    return read


def test_the_reading_order_follows_the_source_document_and_never_climbs_at_phone_width(
    page_of: Any, new_page: Any, source_of: Callable[[str], Handout]
) -> None:
    """The page's headings, paragraphs, list items and table rows are in the order of the
    document's Markdown (content/procedures/microneedling/en.md for the demo, as the
    project's reader reads it), and at phone width each block of the page, from the header
    to the footer, is drawn below the one before it in the source: what a screen reader
    reads and the keyboard goes through is what the eye reads."""
    site, language = page_of
    page = open_page(new_page, site, language, PHONE)
    shown = page.evaluate(READING_ORDER)
    in_document = [normalized(block["text"]) for block in shown if block["document"]]
    assert in_document == source_blocks(source_of(language))
    for before, after in itertools.pairwise(shown):
        assert after["top"] >= before["bottom"] - 0.5, (
            f"{after['text'][:40]!r} is drawn above {before['text'][:40]!r}, before it in the page"
        )


# --- Links -----------------------------------------------------------------------------------


def test_every_link_and_source_of_the_page_resolves_in_the_served_build(
    page_of: Any, new_page: Any
) -> None:
    """Every relative ``href`` and ``src`` is a file of the build, served (HTTP 200, asked with
    HEAD); every ``#fragment`` is an element of the page; the links to other hosts are listed
    (run with -s), not fetched, and are web, e-mail or telephone links only."""
    site, language = page_of
    page = open_page(new_page, site, language, DESKTOP)
    found = references_of(page)
    for url in found.relative:
        assert url.startswith(f"{site.url}/"), f"{url} leaves the build"
        path = site.root / urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
        assert path.is_file(), f"{url}: no such file in the build"
        request = urllib.request.Request(url, method="HEAD")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, url
    for fragment in found.fragments:
        assert page.locator(f'[id="{fragment}"]').count() == 1, f"#{fragment} is not on the page"
    if language != "en":  # the procedure's other languages
        assert len(found.relative) >= 4, found.relative
    assert found.external, "the clinic's contact links"
    assert all(ALLOWED_EXTERNAL.match(link) for link in found.external), found.external
    print(f"{language}: {len(found.relative)} relative, resolved; not fetched: {found.external}")
