"""A real browser for the HTML outputs: Debian's Chromium driven by Playwright.

Playwright is pointed at the system's ``chromium`` (``HANDOUTKIT_CHROMIUM`` overrides the
path); it never downloads a browser. Where there is no Chromium, or no Playwright, or no
axe-core (``npm ci`` installs it), the tests that need it are skipped, each saying why.

The demo catalog (with its slide pictures) and the five-language fixture catalog are built
once per session with the real command line, and served over HTTP on 127.0.0.1 as a user's
browser would see them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_CONTENT = ROOT / "content"
LANGUAGES_CONTENT = ROOT / "tests" / "fixtures" / "languages" / "content"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Chromium as the machine's probe starts it: without the background-networking flags its
# connections to Google's hosts are refused by the closed network, many at a time.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1440, "height": 900}
WIDTHS = {"phone": PHONE, "tablet": TABLET, "desktop": DESKTOP}


def chromium_path() -> str | None:
    return os.environ.get("HANDOUTKIT_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (skipped, with the reason, if there is none)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine: scripts/install-system-deps.sh installs Debian's "
            "chromium (or set HANDOUTKIT_CHROMIUM to a Chromium executable)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """``new_page(viewport=..., **context options)``: a page in a fresh context, closed after."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] | None = None, **options: Any) -> Any:
        context = browser.new_context(viewport=viewport or DESKTOP, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@dataclass(frozen=True)
class Site:
    """A build folder served over HTTP on 127.0.0.1."""

    root: Path
    url: str

    def url_of(self, path: Path | str) -> str:
        relative = Path(path).relative_to(self.root) if Path(path).is_absolute() else path
        return f"{self.url}/{Path(relative).as_posix()}"

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.root.rglob(pattern))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed mid-download
            super().handle_error(request, client_address)


def _serve(root: Path) -> Iterator[Site]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def _build(content: Path, out: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "handoutkit.cli", "build", "--content", str(content)]
    command += ["--out", str(out), "--paper", "letter", "--paper", "a4", *extra]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo catalog, built with its slide pictures, served."""
    out = tmp_path_factory.mktemp("browser-demo") / "build"
    _build(DEMO_CONTENT, out)
    yield from _serve(out)


@pytest.fixture(scope="session")
def languages_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The five-language fixture catalog (Arabic, Chinese, Hindi, Vietnamese, Russian), served."""
    out = tmp_path_factory.mktemp("browser-languages") / "build"
    _build(LANGUAGES_CONTENT, out, "--no-previews")
    yield from _serve(out)


def axe_violations(page: Any, *, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on ``page``, as it stands."""
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run npm ci, or make test")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary),
            }));
        }""",
        [list(WCAG_21_AA), list(exclude)],
    )


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations, one rule a paragraph, for an assertion's message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
        for v in violations
    )
