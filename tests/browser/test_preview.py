"""``handoutkit preview`` as a writer uses it: a page open in a browser, a file saved."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import DEMO_CONTENT, axe_violations, describe

OLD = "Microneedling, also known as collagen induction therapy, is"
NEW = "Microneedling, which this test saved a moment ago, is"
BROKEN = ("title: Microneedling", "title: [Microneedling")
WAIT_MS = 30_000


@dataclass
class Preview:
    process: subprocess.Popen[str]
    url: str
    content: Path
    out: Path

    @property
    def document(self) -> Path:
        return self.content / "procedures" / "microneedling" / "en.md"

    def page_url(self) -> str:
        [page] = self.out.rglob("*_en_handout.html")
        return self.url + page.relative_to(self.out).as_posix()

    def replace(self, old: str, new: str) -> None:
        text = self.document.read_text(encoding="utf-8")
        assert old in text
        self.document.write_text(text.replace(old, new, 1), encoding="utf-8")


def processes_of(pid: int) -> list[int]:
    """Live processes started by the preview's worker pools (their environment says so)."""
    wanted = f"HANDOUTKIT_BUILD={pid}-".encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            environ = Path("/proc", name, "environ").read_bytes()
            state = Path("/proc", name, "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and any(entry.startswith(wanted) for entry in environ.split(b"\0")):
            found.append(int(name))
    return found


@pytest.fixture
def preview(tmp_path: Path, browser: object) -> Iterator[Preview]:
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    out = tmp_path / "build"
    command = [sys.executable, "-m", "handoutkit.cli", "preview", "--content", str(content)]
    command += ["--out", str(out), "--port", "0", "--no-previews", "--jobs", "1"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    url = None
    seen = []
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while url is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if match := re.search(r"Preview: (http://localhost:\d+/)", line):
            url = match.group(1)
    if url is None:
        process.kill()
        pytest.fail("the preview did not start:\n" + "".join(seen))
    try:
        yield Preview(process, url, content, out)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def test_a_saved_sentence_appears_in_the_open_page_and_an_error_shows_over_it(preview, new_page):
    page = new_page()
    page.goto(preview.page_url())
    assert OLD in page.inner_text("body")

    preview.replace(OLD, NEW)
    page.wait_for_function(f"document.body.innerText.includes({NEW!r})", timeout=WAIT_MS)

    preview.replace(*BROKEN)
    overlay = page.locator("handoutkit-preview-error [role=alertdialog]")
    overlay.wait_for(state="visible", timeout=WAIT_MS)
    message = overlay.inner_text()
    assert str(preview.document) in message
    assert "line 2" in message and "not valid YAML" in message and "Fix:" in message
    assert NEW in page.inner_text("body")  # the last good version, underneath
    violations = axe_violations(page)
    assert not violations, describe(violations)

    preview.replace(BROKEN[1], BROKEN[0])
    overlay.wait_for(state="detached", timeout=WAIT_MS)
    assert NEW in page.inner_text("body")


def test_the_gallery_card_shows_a_failed_job_and_recovers_with_no_reload_by_hand(preview, new_page):
    page = new_page()
    page.goto(preview.url + "gallery/larkspur-skin.html")  # the clinic's page of cards
    card_failed = "document.body.innerText.toLowerCase().includes('failed')"
    assert not page.evaluate(card_failed)

    preview.replace(*BROKEN)
    page.wait_for_function(card_failed, timeout=WAIT_MS)
    page.locator("handoutkit-preview-error").wait_for(state="attached", timeout=WAIT_MS)

    preview.replace(BROKEN[1], BROKEN[0])
    page.wait_for_function(f"!({card_failed})", timeout=WAIT_MS)


def test_eight_open_pages_all_load_and_all_reload(preview, browser):
    """A browser opens at most six connections to a server: a stream per page would leave
    the seventh unable to load."""
    context = browser.new_context()
    try:
        pages = []
        for _ in range(8):
            page = context.new_page()
            page.goto(preview.page_url(), timeout=WAIT_MS)
            pages.append(page)
        preview.replace(OLD, NEW)
        for page in pages:
            page.wait_for_function(f"document.body.innerText.includes({NEW!r})", timeout=WAIT_MS)
    finally:
        context.close()


def test_ctrl_c_stops_the_preview_with_no_process_left(preview):
    assert processes_of(preview.process.pid), "the warm workers should be up while it serves"
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=30) == 0
    assert processes_of(preview.process.pid) == []
    assert preview.process.stdout is not None
    assert "Preview stopped." in preview.process.stdout.read()
