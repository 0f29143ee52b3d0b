"""The gallery (``index.html`` and a page per clinic, ``gallery/<clinic>.html``) and the
quality report (``checks.html``, ``checks/<clinic>.html``, ``checks/procedures/<procedure>.html``)
in a real browser, for the demo catalog (with its slide pictures) and the five-language one
(right to left among them), and for a made-up manifest of hundreds of jobs (the search's
pages).

Every property is read from Chromium: what each page asks the server for and gets, the pictures'
decoded sizes, what the console logged, the language switch's state after clicks and keys, the
search's results after typing and choosing, where the keyboard's focus is and whether it shows,
and axe-core's findings.
"""

from __future__ import annotations

import itertools
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

from handoutkit.build.folder import BuildFolder
from handoutkit.build.reports import write_gallery

from ..report import synthetic
from .conftest import DESKTOP, PHONE, Site, _serve, axe_violations, describe
from .helpers import (
    ALLOWED_EXTERNAL,
    Log,
    assert_focus_visible,
    references_of,
    status_of,
    tab_stops,
)

# The pages of each kind, found in the served build folder.
KINDS = ["index", "clinic", "checks", "clinic-checks", "procedure-checks"]
GALLERY_KINDS = ("index", "clinic")


@pytest.fixture(params=["demo", "languages"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


def page_name(site: Site, kind: str) -> str:
    """The path of a page of ``kind`` in ``site`` (its first clinic's or procedure's)."""
    if kind == "index":
        return "index.html"
    if kind == "checks":
        return "checks.html"
    pattern = {
        "clinic": "gallery/*.html",
        "clinic-checks": "checks/*.html",
        "procedure-checks": "checks/procedures/*.html",
    }[kind]
    found = sorted(site.root.glob(pattern))
    assert found, f"no {pattern} in the build folder"
    return found[0].relative_to(site.root).as_posix()


def open_page(page: Any, site: Site, name: str) -> Any:
    response = page.goto(f"{site.url}/{name}")
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    return page


def text_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def rows_of(site: Site) -> list[dict[str, Any]]:
    return json.loads((site.root / "gallery/index.json").read_text(encoding="utf-8"))["rows"]


# --- Links, pictures and the console ----------------------------------------------------------

PICTURES = """() => [...document.images].map((img) => ({
    src: img.src, alt: img.getAttribute('alt'), result: !!img.closest('#searchResults'),
    lazy: img.loading === 'lazy', sized: img.hasAttribute('width') && img.hasAttribute('height'),
    complete: img.complete, natural: img.naturalWidth}))"""
# The pictures of the cards of the languages not chosen (not loaded until they are).
HIDDEN_PICTURES = "[...document.querySelectorAll('[role=\"tabpanel\"][hidden] img')]"


@pytest.mark.parametrize("kind", KINDS)
def test_every_link_and_picture_resolves_and_the_console_stays_clean(
    site: Site, kind: str, new_page: Any
) -> None:
    """Every relative ``href``/``src`` is a file the build serves (HTTP 200), and a fragment
    names an element of the page it points into; every picture has decoded (complete, with a
    width), loads lazily with its size given; external links are web, e-mail and phone links
    only; the browser logs no error, no uncaught exception and no failed request while the page
    loads and its search shows its first results."""
    name = page_name(site, kind)
    log = Log(site)
    page = log.attach(new_page(viewport=DESKTOP))
    open_page(page, site, name)
    # Pictures further down load as they would for a reader who scrolls to them, and those of
    # a language not shown yet as the reader chooses it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    tabs = page.locator('[role="tab"]')
    if tabs.count():
        hidden = page.evaluate(PICTURES.replace("[...document.images]", HIDDEN_PICTURES))
        assert hidden and not any(picture["complete"] for picture in hidden), hidden
    for index in range(tabs.count()):
        tabs.nth(index).click()
        page.wait_for_load_state("networkidle")
    found = references_of(page)
    assert found.relative, f"{name} links nothing"
    pages: dict[str, str] = {}
    for url in sorted(set(found.relative)):
        assert url.startswith(site.url), url
        assert status_of(url) == 200, url
        target, fragment = urldefrag(url)
        if fragment:
            text = pages.setdefault(target, text_of(target))
            assert f'id="{fragment}"' in text, f"{url}: no element with that id"
    for fragment in found.fragments:
        assert page.locator(f'[id="{fragment}"]').count() == 1, f"#{fragment} is not in {name}"
    assert all(ALLOWED_EXTERNAL.match(link) for link in found.external), found.external
    pictures = page.evaluate(PICTURES)
    for picture in pictures:
        assert picture["complete"] and picture["natural"] > 0, f"not loaded: {picture}"
        assert picture["lazy"], f"loads before it is scrolled to: {picture}"
        # A search result's picture is decorative: its title, a link, is next to it.
        assert picture["alt"] or picture["result"], f"no text alternative: {picture}"
    drawn = {site.url_of(path) for path in site.files("previews/*.png")}
    if kind == "clinic":
        # Every picture the build drew (a handout's first page, a deck's first slides) is on
        # its card: the demo's with its slides, the fixture catalog's without (--no-previews).
        assert {picture["src"] for picture in pictures} == drawn
        assert all(picture["sized"] for picture in pictures)
    if kind == "index":
        # A result shows its handout's first page.
        handouts = {url for url in drawn if url.endswith("_handout.png")}
        assert {picture["src"] for picture in pictures} == handouts
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


def open_clinic(page: Any, site: Site) -> Any:
    return open_page(page, site, page_name(site, "clinic"))


def test_the_language_switch_shows_the_clicked_language_and_hides_the_others(
    languages_site: Site, new_page: Any
) -> None:
    """One language's card at a time: the first at first; a click on a language shows its card
    alone, marks its tab selected (``aria-selected``) and moves the focus to it."""
    page = open_clinic(new_page(viewport=DESKTOP), languages_site)
    procedure = procedure_with_tabs(page)
    state = page.evaluate(TABS_STATE, procedure)
    assert state["wired"], "each tab controls its panel, each panel is labelled by its tab"
    assert sorted(state["tabs"]) == ["ar", "hi", "ru", "vi", "zh"]
    assert_chosen(state, state["tabs"][0], focused=False)
    for language in [*state["tabs"][1:], state["tabs"][0]]:
        page.locator(f'#{procedure} [role="tab"][lang="{language}"]').click()
        assert_chosen(page.evaluate(TABS_STATE, procedure), language)
        panel = page.locator(f'#{procedure} [role="tabpanel"]:visible')
        assert panel.locator("h2").get_attribute("lang") == language
        box = panel.bounding_box()
        assert box is not None and box["height"] > 50, "the chosen card is drawn"


def test_the_arrow_keys_home_and_end_move_along_the_languages_as_the_aria_tabs_pattern_says(
    languages_site: Site, new_page: Any
) -> None:
    """Tab reaches the chosen language only; → and ← choose the next and the previous one
    (wrapping round at either end), Home and End the first and the last, each moving the focus
    with the choice; Tab from the tab list goes into the chosen card (the panel first, as its
    first content, the title, takes no focus), not to the other tabs."""
    page = open_clinic(new_page(viewport=DESKTOP), languages_site)
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
    """The search, the quality report and e-mails link a card by its anchor: the clinic's page
    opens with that language chosen. A link from before the gallery had a page per clinic
    (``index.html#<card>``) leads there too."""
    page = open_clinic(new_page(viewport=DESKTOP), languages_site)
    procedure = procedure_with_tabs(page)
    tabs = page.evaluate(TABS_STATE, procedure)["tabs"]
    anchor = page.locator(f'#{procedure} [role="tab"][lang="{tabs[-1]}"]').get_attribute(
        "aria-controls"
    )
    clinic = page_name(languages_site, "clinic")
    page.goto(f"{languages_site.url}/{clinic}#{anchor}")
    page.reload()
    assert_chosen(page.evaluate(TABS_STATE, procedure), tabs[-1], focused=False)
    old = new_page(viewport=DESKTOP)
    old.goto(f"{languages_site.url}/index.html#{anchor}")
    old.wait_for_url(f"**/{clinic}#{anchor}")
    old.wait_for_load_state("load")
    assert_chosen(old.evaluate(TABS_STATE, procedure), tabs[-1], focused=False)


# --- The search -------------------------------------------------------------------------------

RESULTS = """() => ({
    count: document.getElementById('resultCount').textContent,
    links: [...document.querySelectorAll('#searchResults li a')].map((a) => a.getAttribute('href')),
    pager: !document.getElementById('resultPages').hidden,
    page: document.getElementById('pageNumber').textContent,
    previous: document.getElementById('previousPage').disabled,
    next: document.getElementById('nextPage').disabled,
    hash: location.hash,
})"""


def results(page: Any) -> dict[str, Any]:
    page.wait_for_timeout(50)
    return page.evaluate(RESULTS)


def search_for(page: Any, words: str) -> dict[str, Any]:
    """Type ``words`` as a person would (the search waits for a pause in the typing)."""
    page.fill("#searchText", "")
    page.locator("#searchText").press_sequentially(words, delay=20)
    page.wait_for_timeout(400)
    return results(page)


def test_the_search_finds_a_job_by_words_of_its_title(languages_site: Site, new_page: Any) -> None:
    """Words of a title find its job, in any case and without its accents (Vietnamese
    ``tai lieu`` finds ``Tài liệu``); each result links to its card; the count says how many of
    all, in a live region."""
    page = open_page(new_page(viewport=DESKTOP), languages_site, "index.html")
    rows = rows_of(languages_site)
    assert results(page)["count"] == "5 of 5 handouts"
    assert page.get_attribute("#resultCount", "role") == "status"
    by_language = {row["l"]: row for row in rows}
    searches = [("tai lieu", "vi"), ("ТЕСТОВЫЙ", "ru"), ("测试", "zh"), ("اختبار", "ar")]
    for words, language in searches:
        found = search_for(page, words)
        assert found["count"] == "1 of 5 handouts", (words, found)
        assert found["links"] == [by_language[language]["h"]], words
    found = search_for(page, "no such handout")
    assert found["count"].startswith("0 of 5 handouts") and found["links"] == []
    search_for(page, "тестовый")
    page.locator("#searchResults li a").first.click()
    page.wait_for_url(f"**/{by_language['ru']['h']}")
    procedure = procedure_with_tabs(page)
    assert_chosen(page.evaluate(TABS_STATE, procedure), "ru", focused=False)


def test_the_filters_narrow_the_results(languages_site: Site, new_page: Any) -> None:
    """Clinic, procedure, language, approval, with warnings and failed: each keeps the rows
    that have it, with the words typed; Clear shows every job again."""
    page = open_page(new_page(viewport=DESKTOP), languages_site, "index.html")
    rows = rows_of(languages_site)
    page.select_option("#searchLanguage", "ar")
    found = results(page)
    assert found["count"] == "1 of 5 handouts"
    assert found["links"] == [row["h"] for row in rows if row["l"] == "ar"]
    page.select_option("#searchLanguage", "")
    page.select_option("#searchClinic", "larkspur-skin")
    page.select_option("#searchProcedure", "sample")
    assert results(page)["count"] == "5 of 5 handouts"
    state = rows[0]["a"] or "never"
    page.select_option("#searchApproval", state)
    assert results(page)["count"].startswith(f"{sum(r['a'] == state for r in rows)} of 5 ")
    page.select_option("#searchApproval", "")
    page.check("#searchFailed")
    assert results(page)["count"].startswith(f"{sum(r['f'] for r in rows)} of 5")
    page.uncheck("#searchFailed")
    page.check("#searchWarnings")
    assert results(page)["count"].startswith(f"{sum(r['w'] > 0 for r in rows)} of 5")
    assert "warnings=1" in results(page)["hash"]
    page.click("button[type=reset]")
    assert results(page)["count"] == "5 of 5 handouts"


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The gallery of a made-up manifest: 3 clinics × 40 procedures × 3 languages (360 jobs,
    without files: only the search is looked at)."""
    out = tmp_path_factory.mktemp("browser-large") / "build"
    folder = BuildFolder(out)
    folder.create()
    write_gallery(folder, synthetic.manifest(3, 40, pictures=False))
    yield from _serve(out)


def test_the_results_come_fifty_a_page_with_previous_and_next(
    large_site: Site, new_page: Any
) -> None:
    """360 jobs: pages of 50, the last of 10; Next and Previous move a page and put the focus
    on the results; the page is kept in the address, so a reload or Back returns to it."""
    page = open_page(new_page(viewport=DESKTOP), large_site, "index.html")
    rows = rows_of(large_site)
    found = results(page)
    assert found["count"] == "360 of 360 handouts"
    assert found["links"] == [row["h"] for row in rows[:50]]
    assert found["pager"] and found["previous"] and not found["next"]
    assert found["page"] == "Page 1 of 8 (1–50)"
    page.click("#nextPage")
    found = results(page)
    assert found["links"] == [row["h"] for row in rows[50:100]]
    assert found["page"] == "Page 2 of 8 (51–100)" and not found["previous"]
    assert page.evaluate("document.activeElement.id") == "searchResults"
    assert page.evaluate("document.getElementById('searchResults').start") == 51
    for _ in range(6):
        page.click("#nextPage")
    found = results(page)
    assert found["links"] == [row["h"] for row in rows[350:]] and found["next"]
    assert found["hash"] == "#page=8"
    page.reload()
    page.wait_for_load_state("load")
    assert results(page)["page"] == "Page 8 of 8 (351–360)"
    page.click("#previousPage")
    assert results(page)["page"] == "Page 7 of 8 (301–350)"
    # A search goes back to its first page.
    found = search_for(page, "clinic 001 laser")
    assert found["count"] == "120 of 360 handouts" and found["page"] == "Page 1 of 3 (1–50)"
    assert all(link.startswith("gallery/clinic-001.html#") for link in found["links"])
    page.check("#searchFailed")
    failed = [r["h"] for r in rows if r["c"] == "clinic-001" and r["f"]]
    assert results(page)["links"] == failed[:50]


def test_the_gallery_works_opened_from_disk(demo_site: Site, new_page: Any) -> None:
    """Opened as a file (file://, where a page may not fetch()), the entry page finds every
    job from its script index, a result opens the clinic's page, and nothing fails to load."""
    log = Log(demo_site)
    page = log.attach(new_page(viewport=DESKTOP))
    page.goto((demo_site.root / "index.html").as_uri())
    page.wait_for_load_state("load")
    rows = rows_of(demo_site)
    found = results(page)
    assert found["count"] == f"{len(rows)} of {len(rows)} handout" + ("s" if len(rows) > 1 else "")
    assert found["links"] == [row["h"] for row in rows]
    assert search_for(page, "microneedling")["links"] == [rows[0]["h"]]
    page.locator("#searchResults li a").first.click()
    page.wait_for_load_state("load")
    target, anchor = rows[0]["h"].split("#")
    assert page.url == f"{(demo_site.root / target).as_uri()}#{anchor}"
    assert page.locator("article").count() == 1
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[...document.images].every((i) => i.complete && i.naturalWidth > 0)")
    assert not log.errors, "\n".join(log.errors)


# --- Accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_wcag_21_aa_violation(
    site: Site, kind: str, width: str, new_page: Any
) -> None:
    """axe-core's WCAG 2.1 A and AA rules on each page as a phone and a desktop show it; on a
    clinic's page of the five-language gallery, with each language of the switch chosen in
    turn; on the entry page, with a search's results shown and with none."""
    name = page_name(site, kind)
    page = open_page(new_page(viewport=PHONE if width == "phone" else DESKTOP), site, name)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if kind == "clinic" and width == "desktop":
        tabs = page.locator('[role="tab"]')
        for index in range(1, tabs.count()):
            tabs.nth(index).click()
            violations = axe_violations(page)
            assert not violations, f"{tabs.nth(index).inner_text()}:\n" + describe(violations)
    if kind == "index":
        assert results(page)["links"], "the results are shown"
        search_for(page, "no such handout")
        violations = axe_violations(page)
        assert not violations, "no results:\n" + describe(violations)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_axe_finds_no_violation_on_a_page_of_many_results(
    large_site: Site, width: str, new_page: Any
) -> None:
    page = open_page(new_page(viewport=PHONE if width == "phone" else DESKTOP), large_site, "")
    page.check("#searchWarnings")
    page.click("#nextPage")
    violations = axe_violations(page)
    assert not violations, describe(violations)


FOCUSABLE = """() => [...document.querySelectorAll(
        'a[href], button:not([disabled]), input, select, summary,'
        + ' [tabindex]:not([tabindex="-1"])')]
    .filter((e) => e.tabIndex >= 0 && e.getClientRects().length
        && getComputedStyle(e).visibility !== 'hidden')
    .map((e) => e.outerHTML.slice(0, 100))"""


@pytest.mark.parametrize("kind", KINDS)
def test_keyboard_focus_is_visible_on_every_link_and_control(
    site: Site, kind: str, new_page: Any
) -> None:
    """Tab stops at every link and control the page shows, in order, once each, and each draws
    a focus ring on screen."""
    page = open_page(new_page(viewport=DESKTOP), site, page_name(site, kind))
    expected = page.evaluate(FOCUSABLE)
    stops = tab_stops(page, limit=len(expected) + 5)
    assert [stop["what"] for stop in stops] == expected
    for stop in stops:
        assert_focus_visible(stop)


def test_the_pager_is_keyboard_usable(large_site: Site, new_page: Any) -> None:
    """Tab reaches Next; Enter turns the page and puts the focus on the results, from where
    Tab goes to the first result."""
    page = open_page(new_page(viewport=DESKTOP), large_site, "index.html")
    page.focus("#nextPage")
    page.keyboard.press("Enter")
    assert results(page)["page"].startswith("Page 2 of 8")
    assert page.evaluate("document.activeElement.id") == "searchResults"
    page.keyboard.press("Tab")
    rows = rows_of(large_site)
    assert page.evaluate("document.activeElement.getAttribute('href')") == rows[50]["h"]


def test_without_scripts_every_languages_card_shows(languages_site: Site, new_page: Any) -> None:
    """The switch is the script's: with scripts off, every language's card shows, one under
    the other (the tabs are then plain links to the cards)."""
    page = open_clinic(new_page(viewport=DESKTOP, java_script_enabled=False), languages_site)
    shown = page.evaluate(
        "[...document.querySelectorAll('article')].map((a) => !a.hidden && a.offsetHeight > 50)"
    )
    assert shown == [True] * 5


def test_without_scripts_the_entry_page_lists_every_clinic(large_site: Site, new_page: Any) -> None:
    """The search is the script's: with scripts off it is not shown, and every clinic is
    listed with its counts and a link to its page."""
    page = open_page(
        new_page(viewport=DESKTOP, java_script_enabled=False), large_site, "index.html"
    )
    assert not page.locator("#findHandout").is_visible()
    rows = page.evaluate(
        """() => [...document.querySelectorAll('#clinicList tbody tr')].map((tr) => [
            tr.querySelector('th a').getAttribute('href'),
            ...[...tr.querySelectorAll('td.number')].map((td) => td.textContent)])"""
    )
    assert [row[0] for row in rows] == [f"gallery/clinic-00{n}.html" for n in range(3)]
    assert all(row[1] == "120" for row in rows)
    for href, *_ in rows:
        assert status_of(f"{large_site.url}/{href}") == 200


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => h.getClientRects().length)
    .map((h) => ({level: +h.tagName[1], text: h.textContent.trim()}))"""


@pytest.mark.parametrize("kind", KINDS)
def test_the_headings_start_with_one_h1_and_never_skip_a_level(
    site: Site, kind: str, new_page: Any
) -> None:
    """One ``h1`` first, then no heading more than one level below the one before it, none
    empty; every card of the gallery and every section of the report starts with its heading."""
    page = open_page(new_page(viewport=DESKTOP), site, page_name(site, kind))
    headings = page.evaluate(HEADINGS)
    levels = [h["level"] for h in headings]
    assert levels[0] == 1 and levels.count(1) == 1, headings
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, headings
    assert all(h["text"] for h in headings), headings
    untitled = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((e) => !/^H[1-6]$/.test(e.firstElementChild.tagName)).map((e) => e.id)""",
        "main article" if kind == "clinic" else "main > section",
    )
    assert not untitled, untitled


def test_the_pages_stay_apart(demo_site: Site) -> None:
    """The gallery's entry page holds no card, a clinic's page every card of the clinic."""
    index = (demo_site.root / "index.html").read_text(encoding="utf-8")
    assert "<article" not in index
    clinic = Path(demo_site.root / page_name(demo_site, "clinic")).read_text(encoding="utf-8")
    assert clinic.count("<article") == len(rows_of(demo_site))
