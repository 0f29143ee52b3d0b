"""The browser slides (``*_slides.html``, reveal.js) in a real browser: the demo deck, and the
Arabic one for right-to-left.

Every property is read from Chromium: boxes from ``getBoundingClientRect`` and text ranges,
the slide shown from reveal.js's API (``Reveal.getIndices()``), fonts from the DevTools
protocol, the speaker notes from the speaker view's own window, compared with the notes the
PowerPoint deck carries (python-pptx).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import Site, axe_violations, describe
from .helpers import (
    ALLOWED_EXTERNAL,
    assert_focus_visible,
    references_of,
    status_of,
    tab_stops,
)

VIEWPORTS = {
    "1024x768": {"width": 1024, "height": 768},
    "1920x1080": {"width": 1920, "height": 1080},
}
TABLET = VIEWPORTS["1024x768"]
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Deck:
    site: Site
    path: Path
    language: str
    rtl: bool

    @property
    def url(self) -> str:
        return self.site.url_of(self.path)

    @property
    def pptx(self) -> Path:
        return self.path.with_suffix(".pptx")

    @property
    def forward(self) -> str:
        """The arrow key that reads on: the next slide of a right-to-left deck is on the left."""
        return "ArrowLeft" if self.rtl else "ArrowRight"

    @property
    def back(self) -> str:
        return "ArrowRight" if self.rtl else "ArrowLeft"


def deck_of(site: Site, language: str) -> Deck:
    [path] = site.files(f"*_{language}_slides.html")
    return Deck(site, path, language, rtl=language == "ar")


@pytest.fixture(params=["en", "ar"])
def deck(request: pytest.FixtureRequest) -> Deck:
    """The demo deck (English) and the Arabic one (right to left)."""
    site = request.getfixturevalue("demo_site" if request.param == "en" else "languages_site")
    return deck_of(site, request.param)


def open_deck(page: Any, deck: Deck, *, url: str | None = None) -> Any:
    response = page.goto(url or deck.url)
    assert response is None or response.status == 200  # None: a file: URL
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate("document.fonts.ready")
    return page


def show(page: Any, index: int) -> None:
    """Slide ``index`` through reveal.js's API, at once: the layout checks need the slide where
    it stops, not the transition on its way there."""
    page.evaluate("(i) => { Reveal.configure({transition: 'none'}); Reveal.slide(i); }", index)
    assert page.evaluate("Reveal.getIndices().h") == index


def normalized(text: str) -> str:
    return " ".join(BIDI_CONTROLS.sub("", text).split())


def pptx_notes(deck: Deck) -> list[str]:
    from pptx import Presentation

    return [
        normalized(slide.notes_slide.notes_text_frame.text)
        for slide in Presentation(str(deck.pptx)).slides
    ]


# --- Layout at a tablet's and a full-HD screen's size -----------------------------------------

SLIDE_LAYOUT = """() => {
    const slide = document.querySelector('.reveal .slides > section.present');
    const box = (r) => [r.left, r.top, r.right, r.bottom];
    const texts = [], pictures = [], overflowing = [];
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim() || n.parentElement.closest('aside.notes')) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const rects = [...range.getClientRects()].filter((r) => r.width && r.height);
        texts.push({text: n.textContent.trim().slice(0, 40), rects: rects.map(box)});
    }
    for (const img of slide.querySelectorAll('img')) {
        pictures.push({alt: img.alt, complete: img.complete, natural: img.naturalWidth,
                       box: box(img.getBoundingClientRect())});
    }
    for (const e of slide.querySelectorAll('*')) {
        if (e.closest('aside.notes') || !e.getClientRects().length) continue;
        if (getComputedStyle(e).display === 'inline') continue;
        // Layout sizes (no transform): content wider or taller than its box overflows it.
        if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) {
            overflowing.push([e.tagName + '.' + e.className, e.textContent.trim().slice(0, 40),
                              e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]);
        }
    }
    const chrome = [...document.querySelectorAll(
            '.hk-footer, .reveal .slide-number, .hk-languages')]
        .filter((e) => e.getClientRects().length)
        .map((e) => ({what: e.className, box: box(e.getBoundingClientRect())}));
    return {slide: box(slide.getBoundingClientRect()), texts, pictures, overflowing, chrome,
            view: [innerWidth, innerHeight]};
}"""


def inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


@pytest.mark.parametrize("size", VIEWPORTS)
def test_every_slide_fits_the_viewport_at_1024x768_and_1920x1080(
    deck: Deck, new_page: Any, size: str
) -> None:
    """On every slide, every piece of text and every picture lies inside the viewport and the
    slide; no box's content overflows it; the footer, the slide number and the language links
    are on screen and cover nothing of the slide's."""
    page = open_deck(new_page(viewport=VIEWPORTS[size]), deck)
    total = page.evaluate("Reveal.getTotalSlides()")
    assert total == len(pptx_notes(deck)), "one browser slide per PowerPoint slide"
    for index in range(total):
        show(page, index)
        layout = page.evaluate(SLIDE_LAYOUT)
        width, height = layout["view"]
        viewport = [0, 0, width, height]
        where = f"slide {index + 1} at {size}"
        assert inside(layout["slide"], viewport), f"{where}: the slide is cut {layout['slide']}"
        assert layout["texts"], f"{where}: no text"
        drawn = []
        for text in layout["texts"]:
            assert text["rects"], f"{where}: {text['text']!r} is not drawn"
            for rect in text["rects"]:
                assert inside(rect, viewport), f"{where}: {text['text']!r} off screen {rect}"
                assert inside(rect, layout["slide"]), f"{where}: {text['text']!r} off the slide"
                drawn.append((text["text"], rect))
        for picture in layout["pictures"]:
            assert picture["complete"] and picture["natural"] > 0, f"{where}: not loaded {picture}"
            assert inside(picture["box"], viewport), f"{where}: off screen {picture}"
            assert inside(picture["box"], layout["slide"]), f"{where}: off the slide {picture}"
            drawn.append((picture["alt"], picture["box"]))
        assert not layout["overflowing"], f"{where}: overflowing {layout['overflowing']}"
        assert layout["chrome"], "the footer and the slide number are shown"
        for chrome in layout["chrome"]:
            assert inside(chrome["box"], viewport), f"{where}: {chrome} off screen"
            covered = [what for what, rect in drawn if overlap(rect, chrome["box"])]
            assert not covered, f"{where}: {chrome['what']} covers {covered}"


FONTS_MARK = """() => {
    const marked = [...document.querySelectorAll(
        '.reveal .slides > section.present *, .hk-footer, .reveal .slide-number')]
        .filter((e) => !e.closest('aside.notes') && [...e.childNodes]
            .some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
    document.querySelectorAll('[data-hk-text]').forEach((e) => e.removeAttribute('data-hk-text'));
    marked.forEach((e, i) => e.setAttribute('data-hk-text', i));
    return marked.map((e) => e.textContent.trim().slice(0, 40));
}"""


def test_every_slide_text_is_drawn_in_the_fonts_the_deck_embeds(deck: Deck, new_page: Any) -> None:
    """The deck carries its fonts (the brand's, and one that covers the language's script):
    the browser draws every glyph of the slides with them, never with a font of the machine."""
    page = open_deck(new_page(viewport=TABLET), deck)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        show(page, index)
        texts = page.evaluate(FONTS_MARK)
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-hk-text]"})
        assert len(nodes["nodeIds"]) == len(texts) > 0
        for node, text in zip(nodes["nodeIds"], texts, strict=True):
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            system = [f["postScriptName"] for f in fonts if not f["isCustomFont"]]
            assert fonts and not system, f"slide {index + 1}: {text!r} drawn with {system}"


# --- Moving between slides --------------------------------------------------------------------


def current(page: Any) -> int:
    return page.evaluate("Reveal.getIndices().h")


def wait_for_slide(page: Any, index: int) -> None:
    page.wait_for_function(
        """(i) => Reveal.getIndices().h === i
            && document.querySelectorAll('.reveal .slides > section')[i]
                .classList.contains('present')""",
        arg=index,
    )


DIRECTIONS = """() => [document.documentElement.dir,
    getComputedStyle(document.querySelector('.reveal .slides')).direction]"""


def test_the_arrow_keys_and_the_arrows_move_in_the_decks_reading_direction(
    deck: Deck, new_page: Any
) -> None:
    """reveal.js with ``rtl: true`` (the Arabic deck) reverses left and right: the next slide
    is the one to the left, ← moves on and → back. The on-screen arrow named "next slide" is on
    the right of a left-to-right deck and on the left of a right-to-left one."""
    page = open_deck(new_page(viewport=TABLET), deck)
    assert page.evaluate("Reveal.getConfig().rtl") is deck.rtl
    direction = "rtl" if deck.rtl else "ltr"
    assert page.evaluate(DIRECTIONS) == [direction, direction]
    assert current(page) == 0
    page.keyboard.press(deck.back)
    assert current(page) == 0, "nothing before the first slide"
    page.keyboard.press(deck.forward)
    wait_for_slide(page, 1)
    page.keyboard.press(deck.forward)
    wait_for_slide(page, 2)
    page.keyboard.press(deck.back)
    wait_for_slide(page, 1)

    next_arrow = page.get_by_role("button", name="next slide")
    box = next_arrow.bounding_box()
    assert box is not None
    on_the_left = box["x"] + box["width"] / 2 < TABLET["width"] / 2
    assert on_the_left is deck.rtl, f"the next-slide arrow at {box}"
    next_arrow.click()
    wait_for_slide(page, 2)
    page.get_by_role("button", name="previous slide").click()
    wait_for_slide(page, 1)
    # The address names the slide (reveal.js writes it at most once a second), so a reload
    # or a shared link opens it.
    page.wait_for_function("location.hash === '#/1'")
    page.reload()
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    assert current(page) == 1


def swipe(cdp: Any, dx: float, *, x: float = 512, y: float = 400) -> None:
    """A finger across the screen, through Chromium's input pipeline (touch and pointer
    events, as a tablet sends them)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 9):
        point = {"x": x + dx * step / 8, "y": y}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_swipe_against_the_reading_direction_shows_the_next_slide(
    deck: Deck, new_page: Any
) -> None:
    """On a touch screen: a finger drawn from right to left shows the next slide of the demo
    deck (left to right for the Arabic one), the other way the previous one."""
    page = open_deck(new_page(viewport=TABLET, has_touch=True), deck)
    cdp = page.context.new_cdp_session(page)
    onward = 300 if deck.rtl else -300
    swipe(cdp, onward)
    wait_for_slide(page, 1)
    swipe(cdp, onward)
    wait_for_slide(page, 2)
    swipe(cdp, -onward)
    wait_for_slide(page, 1)
    swipe(cdp, 10)  # a touch, not a swipe
    swipe(cdp, -10)
    page.wait_for_timeout(300)
    assert current(page) == 1


# --- The speaker view -------------------------------------------------------------------------

NOTES_SHOWN = """(expected) => {
    const value = document.querySelector('.speaker-controls-notes .value');
    const text = value ? value.textContent
        .replace(/[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]/g, '')
        .replace(/\\s+/g, ' ').trim() : '';
    return text === expected;
}"""


@pytest.mark.parametrize("opened", ["served", "from-disk"])
def test_s_opens_the_speaker_view_with_the_current_slides_notes(
    deck: Deck, browser: Any, opened: str
) -> None:
    """The "S" key opens reveal.js's speaker view in a window of its own. It shows the current
    slide's notes (the PowerPoint deck's notes, and the page's ``<aside class="notes">``) and
    follows the deck to the next slide. Served, and opened from the disk without a
    server: the page and its speaker view ask for nothing but the deck's own file."""
    context = browser.new_context(viewport=TABLET)
    try:
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        url = deck.url if opened == "served" else deck.path.as_uri()
        open_deck(page, deck, url=url)
        notes = pptx_notes(deck)
        asides = page.evaluate(
            """() => [...document.querySelectorAll('.reveal .slides > section')]
                .map((s) => s.querySelector('aside.notes').textContent)"""
        )
        assert [normalized(a) for a in asides] == notes, "the page's notes are the deck's"
        page.keyboard.press(deck.forward)
        wait_for_slide(page, 1)
        with page.expect_popup() as popup:
            page.keyboard.press("s")
        speaker = popup.value
        speaker.wait_for_function(NOTES_SHOWN, arg=notes[1], timeout=10_000)
        title = speaker.evaluate("document.title")
        assert "Speaker View" in title
        page.keyboard.press(deck.forward)
        wait_for_slide(page, 2)
        speaker.wait_for_function(NOTES_SHOWN, arg=notes[2], timeout=10_000)
        # The speaker view's windows onto the deck (current and next slide) load the same file.
        frames = [frame.url for frame in speaker.frames if frame.url != "about:blank"]
        assert len(frames) == 2, frames
        assert all(f.split("?")[0] == url for f in frames), frames
        others = [r for r in requests if not r.startswith("data:") and r.split("?")[0] != url]
        assert not others, f"the deck asked for more than its file: {others}"
    finally:
        context.close()


# --- Links ------------------------------------------------------------------------------------


def test_every_link_of_the_slides_leads_to_a_file_of_the_build(deck: Deck, new_page: Any) -> None:
    """Relative ``href``/``src`` (on every slide, shown or not) are files the build serves;
    external links are web, e-mail and phone links only; in-page links are reveal.js's routes
    to slides of the deck."""
    page = open_deck(new_page(viewport=TABLET), deck)
    found = references_of(page)
    for url in found.relative:
        assert url.startswith(deck.site.url), url
        assert status_of(url) == 200, url
    assert all(ALLOWED_EXTERNAL.match(link) for link in found.external), found.external
    total = page.evaluate("Reveal.getTotalSlides()")
    for fragment in found.fragments:
        assert re.fullmatch(r"/\d*", fragment), fragment  # "#/": the first slide
        assert int(fragment[1:] or 0) < total, fragment
    assert found.external, "the contact slide links the clinic's phone, e-mail and web site"
    if deck.rtl:
        assert found.relative, "the other languages' decks are linked"


LANGUAGE_LINKS = """() => ({
    lang: document.documentElement.lang,
    links: [...document.querySelectorAll('.hk-languages a')].map((a) => [a.hreflang, a.href]),
    current: [...document.querySelectorAll('.hk-languages [aria-current="page"]')]
        .map((e) => e.closest('li').lang),
})"""


def test_the_language_links_open_the_same_deck_in_each_other_language(
    languages_site: Site, new_page: Any
) -> None:
    """Every deck of the five-language procedure links the four others (``hreflang`` naming
    the language of the page it opens), marks its own as the current page, and a click on a
    link opens that deck."""
    languages = [
        p.name.removesuffix("_slides.html").rsplit("_", 1)[1]
        for p in languages_site.files("*_slides.html")
    ]
    decks = {language: deck_of(languages_site, language) for language in languages}
    assert set(decks) == {"ar", "hi", "ru", "vi", "zh"}
    page = new_page(viewport=TABLET)
    for language, deck in decks.items():
        open_deck(page, deck)
        shown = page.evaluate(LANGUAGE_LINKS)
        assert shown["lang"] == language
        assert shown["current"] == [language]
        linked = dict(shown["links"])
        assert set(linked) == set(decks) - {language}, shown
        for other, url in linked.items():
            assert url == decks[other].url, (language, other, url)
    open_deck(page, decks["ar"])
    page.locator('.hk-languages a[hreflang="zh"]').click()
    page.wait_for_url(decks["zh"].url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "zh",
        "ltr",
    ]


# --- Accessibility ----------------------------------------------------------------------------


def test_axe_finds_no_wcag_21_aa_violation_on_any_slide(deck: Deck, new_page: Any) -> None:
    """axe-core on every slide as it is shown (reveal.js hides the others from the
    accessibility tree), with the deck's controls, slide number and language links."""
    page = open_deck(new_page(viewport=TABLET), deck)
    for index in range(page.evaluate("Reveal.getTotalSlides()")):
        show(page, index)
        violations = axe_violations(page)
        assert not violations, f"slide {index + 1}:\n" + describe(violations)


FOCUSABLE = """() => [...document.querySelectorAll(
        'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])')]
    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map((e) => e.outerHTML.slice(0, 100))"""


def test_keyboard_focus_is_visible_on_every_link_and_control_of_the_slides(
    deck: Deck, new_page: Any
) -> None:
    """Tab reaches every link of the slide shown (the contact slides' phone, e-mail and web
    links), the slide number, the arrows and the language links, and each shows a focus ring."""
    page = open_deck(new_page(viewport=TABLET), deck)
    with_links = page.evaluate(
        """() => [...document.querySelectorAll('.reveal .slides > section')]
            .map((s, i) => s.querySelector('a[href]') ? i : -1).filter((i) => i >= 0)"""
    )
    assert with_links, "the contact slide has links"
    for index in [0, *with_links]:
        show(page, index)
        expected = page.evaluate(FOCUSABLE)
        stops = tab_stops(page)
        assert [stop["what"] for stop in stops] == expected, f"slide {index + 1}"
        for stop in stops:
            assert_focus_visible(stop)
