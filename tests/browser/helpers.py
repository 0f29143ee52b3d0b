"""What the slides', the gallery's and the quality report's browser tests read the same way:
the references a page makes, whether the served build answers them, what the browser logged,
and where the keyboard's focus goes and whether it shows."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from .conftest import Site

EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)
ALLOWED_EXTERNAL = re.compile(r"^(https?|mailto|tel):", re.I)

REFERENCES = """() => [...document.querySelectorAll('[href], [src]')].map((e) => {
    const raw = e.getAttribute('href') ?? e.getAttribute('src');
    return [raw, new URL(raw, document.baseURI).href];
})"""


@dataclass
class References:
    """A page's ``href``/``src``: relative ones resolved, in-page fragments, external ones."""

    relative: list[str] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


def references_of(page: Any) -> References:
    found = References()
    for raw, resolved in page.evaluate(REFERENCES):
        if raw.startswith("data:"):
            continue
        if raw.startswith("#"):
            found.fragments.append(raw[1:])
        elif EXTERNAL.match(raw):
            found.external.append(raw)
        else:
            found.relative.append(resolved)
    return found


def status_of(url: str) -> int:
    """The served build's HTTP status for ``url`` (fetched outside the browser)."""
    try:
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class Log:
    """What the browser reported while a page was open: console errors, uncaught exceptions,
    failed requests and HTTP errors. The request a browser makes on its own for
    ``/favicon.ico`` at the root of the site (no page asks for it) is left out."""

    site: Site
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> Any:
        favicon = f"{self.site.url}/favicon.ico"

        def console(message: Any) -> None:
            if message.type == "error" and message.location.get("url") != favicon:
                self.errors.append(f"console: {message.text} ({message.location.get('url')})")

        page.on("console", console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"),
        )
        return page


FOCUS_STOP = """() => {
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const ring = (s) => ({style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                          color: s.outlineColor, shadow: s.boxShadow});
    const focused = ring(getComputedStyle(e));
    const r = e.getBoundingClientRect();
    e.blur();
    const blurred = ring(getComputedStyle(e));
    e.focus({focusVisible: true});  // back where the keyboard left it, for the next Tab
    return {what: e.outerHTML.slice(0, 100), focused, blurred,
            box: [r.left, r.top, r.right, r.bottom], view: [innerWidth, innerHeight]};
}"""


def tab_stops(page: Any, *, limit: int = 200) -> list[dict[str, Any]]:
    """Tab from the top of the page to its last stop: each stop's focus ring, focused and not."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STOP)
        if stop is None or (stops and stop["what"] == stops[0]["what"]):
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab never left the page after {limit} stops")


def assert_focus_visible(stop: dict[str, Any]) -> None:
    """A ring is drawn around the focused element (an outline, or the browser's own ``auto``
    ring, or a box shadow) that is not there without the focus, and the element is on screen."""
    focused, blurred = stop["focused"], stop["blurred"]
    outline = focused["style"] != "none" and focused["width"] > 0
    assert outline or focused["shadow"] != "none", f"no focus ring: {stop}"
    assert focused != blurred, f"the focus changes nothing: {stop}"
    left, top, right, bottom = stop["box"]
    width, height = stop["view"]
    assert right > left and bottom > top, f"focused but not drawn: {stop}"
    assert left >= -0.5 and top >= -0.5 and right <= width + 0.5 and bottom <= height + 0.5, (
        f"focused off screen: {stop}"
    )
