"""The gallery (``index.html``) and the quality report (``checks.html``) in a real browser, for
the demo catalog (with its slide pictures) and the five-language one (right to left among them).

Every property is read from Chromium: what each page asks the server for and gets, the pictures'
decoded sizes, what the console logged, the language switch's state after clicks and keys, where
the keyboard's focus is and whether it shows, and axe-core's findings.
"""

from __future__ import annotations

import itertools
import urllib.request
from typing import Any
from urllib.parse import urldefrag

import pytest

from .conftest import DESKTOP, PHONE, Site, axe_violations, describe
from .helpers import (
    ALLOWED_EXTERNAL,
    Log,
    assert_focus_visible,
    references_of,
    status_of,
    tab_stops,
)

PAGES = ["index.html", "checks.html"]


@pytest.fixture(params=["demo", "languages"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


def open_page(page: Any, site: Site, name: str) -> Any:
    response = page.goto(f"{site.url}/{name}")
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    return page


def ids_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


# --- Links, pictures and the console ----------------------------------------------------------

PICTURES = """() => [...document.images].map((img) => ({
    src: img.getAttribute('src'), alt: img.getAttribute('alt'),
    complete: img.complete, natural: img.naturalWidth}))"""


@pytest.mark.parametrize("name", PAGES)
def test_every_link_and_picture_resolves_and_the_console_stays_clean(
    site: Site, name: str, new_page: Any
) -> None:
    """Every relative ``href``/``src`` is a file the build serves (HTTP 200), and a fragment
    names an element of the page it points into; every picture has decoded (complete, with a
    width); external links are web, e-mail and phone links only; the browser logs no error, no
    uncaught exception and no failed request while the page loads."""
    log = Log(site)
    page = log.attach(new_page(viewport=DESKTOP))
    open_page(page, site, name)
    # Pictures further down load as they would for a reader who scrolls to them.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    found = references_of(page)
    assert found.relative, f"{name} links nothing"
    pages: dict[str, str] = {}
    for url in sorted(set(found.relative)):
        assert url.startswith(site.url), url
        assert status_of(url) == 200, url
        target, fragment = urldefrag(url)
        if fragment:
            text = pages.setdefault(target, ids_of(target))
            assert f'id="{fragment}"' in text, f"{url}: no element with that id"
    for fragment in found.fragments:
        assert page.locator(f'[id="{fragment}"]').count() == 1, f"#{fragment} is not in {name}"
    assert all(ALLOWED_EXTERNAL.match(link) for link in found.external), found.external
    pictures = page.evaluate(PICTURES)
    for picture in pictures:
        assert picture["complete"] and picture["natural"] > 0, f"not loaded: {picture}"
        assert picture["alt"], f"no text alternative: {picture}"
    if name == "index.html":
        # Every picture the build drew (a handout's first page, a deck's first slides) is on
        # its card: the demo's with its slides, the fixture catalog's without (--no-previews).
        drawn = {path.relative_to(site.root).as_posix() for path in site.files("previews/*.png")}
        assert drawn and {picture["src"] for picture in pictures} == drawn
    assert not log.errors, "\n".join(log.errors)


# --- The language switch (WAI-ARIA tabs) ------------------------------------------------------

TABS_STATE = """(procedure) => {
    const root = document.getElementById(procedure);
    const tabs = [...root.querySelectorAll('[role="tablist"] [role="tab"]')];
    return {
        tabs: tabs.map((t) => t.lang),
        selected: tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.lang),
        tabindex: tabs.map((t) => t.tabIndex),
        shown: [...root.querySelectorAll('[role="tabpanel"]')]
            .filter((p) => !p.hidden && p.getClientRects().length && p.offsetHeight > 0)
            .map((p) => document.getElementById(p.getAttribute('aria-labelledby')).lang),
        hiddenPanels: [...root.querySelectorAll('[role="tabpanel"]')]
            .filter((p) => p.hidden || !p.getClientRects().length).length,
        focused: document.activeElement.getAttribute('role') === 'tab'
            && root.contains(document.activeElement) ? document.activeElement.lang : null,
        wired: tabs.every((t) => {
            const panel = document.getElementById(t.getAttribute('aria-controls'));
            return panel && panel.getAttribute('role') === 'tabpanel'
                && panel.getAttribute('aria-labelledby') === t.id;
        }),
    };
}"""


def procedure_with_tabs(page: Any) -> str:
    ids = page.evaluate(
        """() => [...document.querySelectorAll('.procedure')]
            .filter((p) => p.querySelectorAll('[role="tab"]').length > 1).map((p) => p.id)"""
    )
    assert ids, "the five-language procedure has a language switch"
    return ids[0]


def assert_chosen(state: dict[str, Any], language: str, *, focused: bool = True) -> None:
    assert state["selected"] == [language], state
    assert state["shown"] == [language], state
    assert state["hiddenPanels"] == len(state["tabs"]) - 1, state
    # Roving tabindex: the chosen tab is the one Tab stops at, the others are reached by arrows.
    assert state["tabindex"] == [0 if t == language else -1 for t in state["tabs"]], state
    if focused:
        assert state["focused"] == language, state


def test_the_language_switch_shows_the_clicked_language_and_hides_the_others(
    languages_site: Site, new_page: Any
) -> None:
    """One language's card at a time: the first at first; a click on a language shows its card
    alone, marks its tab selected (``aria-selected``) and moves the focus to it."""
    page = open_page(new_page(viewport=DESKTOP), languages_site, "index.html")
    procedure = procedure_with_tabs(page)
    state = page.evaluate(TABS_STATE, procedure)
    assert state["wired"], "each tab controls its panel, each panel is labelled by its tab"
    assert sorted(state["tabs"]) == ["ar", "hi", "ru", "vi", "zh"]
    assert_chosen(state, state["tabs"][0], focused=False)
    for language in [*state["tabs"][1:], state["tabs"][0]]:
        page.locator(f'#{procedure} [role="tab"][lang="{language}"]').click()
        assert_chosen(page.evaluate(TABS_STATE, procedure), language)
        panel = page.locator(f'#{procedure} [role="tabpanel"]:visible')
        assert panel.locator("h3").get_attribute("lang") == language
        box = panel.bounding_box()
        assert box is not None and box["height"] > 50, "the chosen card is drawn"


def test_the_arrow_keys_home_and_end_move_along_the_languages_as_the_aria_tabs_pattern_says(
    languages_site: Site, new_page: Any
) -> None:
    """Tab reaches the chosen language only; → and ← choose the next and the previous one
    (wrapping round at either end), Home and End the first and the last, each moving the focus
    with the choice; Tab from the tab list goes into the chosen card (the panel first, as its
    first content, the title, takes no focus), not to the other tabs."""
    page = open_page(new_page(viewport=DESKTOP), languages_site, "index.html")
    procedure = procedure_with_tabs(page)
    tabs = page.evaluate(TABS_STATE, procedure)["tabs"]
    last = len(tabs) - 1
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(50):
        page.keyboard.press("Tab")
        if page.evaluate(TABS_STATE, procedure)["focused"]:
            break
    assert_chosen(page.evaluate(TABS_STATE, procedure), tabs[0])
    expected = [
        ("ArrowRight", tabs[1]),
        ("ArrowRight", tabs[2]),
        ("ArrowLeft", tabs[1]),
        ("End", tabs[last]),
        ("ArrowRight", tabs[0]),  # wraps round to the first
        ("ArrowLeft", tabs[last]),  # and back to the last
        ("Home", tabs[0]),
    ]
    for key, language in expected:
        page.keyboard.press(key)
        assert_chosen(page.evaluate(TABS_STATE, procedure), language)
    page.keyboard.press("ArrowRight")
    # Tab leaves the tab list for the chosen card. The card starts with its title, which takes
    # no focus, so the panel itself does (the pattern's rule), then the card's first link;
    # Shift+Tab goes back the same way to the chosen tab, not to the first.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_IN_PANEL, procedure) == {"role": "tabpanel", "panel": tabs[1]}
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_IN_PANEL, procedure) == {"role": None, "panel": tabs[1]}
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert_chosen(page.evaluate(TABS_STATE, procedure), tabs[1])


FOCUS_IN_PANEL = """(procedure) => {
    const e = document.activeElement;
    const panel = e.closest('[role="tabpanel"]');
    return {role: e.getAttribute('role'),
            panel: panel && document.getElementById(panel.getAttribute('aria-labelledby')).lang};
}"""


def test_a_link_to_a_languages_card_opens_the_gallery_on_that_language(
    languages_site: Site, new_page: Any
) -> None:
    """The quality report and e-mails link a card by its anchor: the gallery opens with that
    language chosen."""
    page = open_page(new_page(viewport=DESKTOP), languages_site, "index.html")
    procedure = procedure_with_tabs(page)
    tabs = page.evaluate(TABS_STATE, procedure)["tabs"]
    anchor = page.locator(f'#{procedure} [role="tab"][lang="{tabs[-1]}"]').get_attribute(
        "aria-controls"
    )
    page.goto(f"{languages_site.url}/index.html#{anchor}")
    page.reload()
    assert_chosen(page.evaluate(TABS_STATE, procedure), tabs[-1], focused=False)


# --- Accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_21_aa_violation(
    site: Site, name: str, width: str, new_page: Any
) -> None:
    """axe-core's WCAG 2.1 A and AA rules on the page as a phone and a desktop show it; on the
    five-language gallery, with each language of the switch chosen in turn."""
    page = open_page(new_page(viewport=PHONE if width == "phone" else DESKTOP), site, name)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if name == "index.html" and width == "desktop":
        tabs = page.locator('[role="tab"]')
        for index in range(1, tabs.count()):
            tabs.nth(index).click()
            violations = axe_violations(page)
            assert not violations, f"{tabs.nth(index).inner_text()}:\n" + describe(violations)


@pytest.mark.parametrize("name", PAGES)
def test_keyboard_focus_is_visible_on_every_link_and_control(
    site: Site, name: str, new_page: Any
) -> None:
    """Tab stops at every link and control the page shows, in order, once each, and each draws
    a focus ring on screen."""
    page = open_page(new_page(viewport=DESKTOP), site, name)
    expected = page.evaluate(
        """() => [...document.querySelectorAll(
                'a[href], button:not([disabled]), summary, [tabindex]:not([tabindex="-1"])')]
            .filter((e) => e.tabIndex >= 0 && e.getClientRects().length
                && getComputedStyle(e).visibility !== 'hidden')
            .map((e) => e.outerHTML.slice(0, 100))"""
    )
    stops = tab_stops(page, limit=len(expected) + 5)
    assert [stop["what"] for stop in stops] == expected
    for stop in stops:
        assert_focus_visible(stop)


def test_without_scripts_every_languages_card_shows(languages_site: Site, new_page: Any) -> None:
    """The switch is the script's: with scripts off, every language's card shows, one under
    the other (the tabs are then plain links to the cards)."""
    page = open_page(
        new_page(viewport=DESKTOP, java_script_enabled=False), languages_site, "index.html"
    )
    shown = page.evaluate(
        "[...document.querySelectorAll('article')].map((a) => !a.hidden && a.offsetHeight > 50)"
    )
    assert shown == [True] * 5


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map((h) => ({level: +h.tagName[1], text: h.textContent.trim()}))"""


@pytest.mark.parametrize("name", PAGES)
def test_the_headings_start_with_one_h1_and_never_skip_a_level(
    site: Site, name: str, new_page: Any
) -> None:
    """One ``h1`` first, then no heading more than one level below the one before it, none
    empty; every card of the gallery and every section of the report starts with its heading."""
    page = open_page(new_page(viewport=DESKTOP), site, name)
    headings = page.evaluate(HEADINGS)
    levels = [h["level"] for h in headings]
    assert levels[0] == 1 and levels.count(1) == 1, headings
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, headings
    assert all(h["text"] for h in headings), headings
    untitled = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((e) => !/^H[1-6]$/.test(e.firstElementChild.tagName)).map((e) => e.id)""",
        "main article" if name == "index.html" else "main > section",
    )
    assert not untitled, untitled
