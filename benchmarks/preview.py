"""How long a writer waits: from saving a content file to the page in the browser showing it.

Starts ``handoutkit preview`` (its defaults: slide pictures drawn in the background) on a
copy of the demo content in a temporary folder, opens the handout page and the browser
slides in headless Chromium (Debian's, driven by Playwright), then saves the document 20
times, each time with one word changed, pausing between saves as a writer does. For each
save it records when:

- the open handout page, reloaded by itself (the preview's script), has loaded with the new
  word (the load event's time, by the browser's clock, which is the machine's);
- the open browser slides have;
- the PDF handout and the PPTX deck are replaced in the build folder.

and prints p50, p95 and the slowest of each, against the targets (handout page: p50 under
1.0 s, p95 under 2.0 s; PDF and deck: p95 under 3.0 s).

Usage: ``.venv/bin/python benchmarks/preview.py [--saves 20] [--pause 2.0]``.
Timings are wall-clock on a shared machine: compare them within one run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402

WORD = "minimally"  # a word of the first paragraph, replaced by a new token each save
LOADED_AT = """() => new Promise((resolve) => {
    const done = () => {
        const entry = performance.getEntriesByType("navigation")[0];
        resolve(performance.timeOrigin + entry.loadEventEnd);
    };
    if (document.readyState === "complete") setTimeout(done);
    else addEventListener("load", () => setTimeout(done));
})"""
TARGETS = {"handout page": (1.0, 2.0), "PDF": (None, 3.0), "deck (PPTX)": (None, 3.0)}


def start_preview(content: Path, out: Path, extra: list[str]) -> tuple[subprocess.Popen[str], str]:
    command = [str(Path(sys.executable).parent / "handoutkit"), "preview"]
    command += ["--content", str(content), "--out", str(out), "--port", "0", *extra]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if match := re.search(r"Preview: (http://localhost:\d+/)", line):
            return process, match.group(1)
    raise SystemExit("the preview did not start")


def replaced_after(path: Path, moment_ns: int) -> bool:
    try:
        return path.stat().st_mtime_ns >= moment_ns
    except OSError:
        return False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between saves")
    parser.add_argument(
        "--no-previews", action="store_true", help="the preview draws no slide pictures"
    )
    args = parser.parse_args()
    executable = chromium_path()
    if executable is None:
        raise SystemExit("no Chromium: scripts/install-system-deps.sh installs it")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="handoutkit-preview-bench-") as scratch:
        content = Path(scratch) / "content"
        shutil.copytree(ROOT / "content", content)
        out = Path(scratch) / "build"
        document = content / "procedures" / "microneedling" / "en.md"
        started = time.perf_counter()
        process, url = start_preview(content, out, ["--no-previews"] if args.no_previews else [])
        print(f"preview started and built the demo in {time.perf_counter() - started:.1f} s")
        [handout] = out.rglob("*_en_handout.html")
        [slides] = out.rglob("*_en_slides.html")
        [pdf] = out.rglob("*_en_handout-letter.pdf")
        [deck] = out.rglob("*_en_slides.pptx")
        waits: dict[str, list[float]] = {
            "handout page": [],
            "browser slides": [],
            "PDF": [],
            "deck (PPTX)": [],
        }
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=list(CHROMIUM_ARGS)
                )
                page = browser.new_page()
                page.goto(url + handout.relative_to(out).as_posix())
                deck_page = browser.new_page()
                deck_page.goto(url + slides.relative_to(out).as_posix())
                previous = WORD
                for number in range(1, args.saves + 1):
                    time.sleep(args.pause)
                    token = f"edit{number}x"
                    text = document.read_text(encoding="utf-8")
                    moment_ns = time.time_ns()
                    document.write_text(text.replace(previous, token, 1), encoding="utf-8")
                    previous = token
                    shown = f"document.documentElement.innerHTML.includes('{token}')"
                    for name, open_page in (("handout page", page), ("browser slides", deck_page)):
                        open_page.wait_for_function(shown, polling=10, timeout=30_000)
                        # When the reloaded page had loaded, by the browser's own clock (the
                        # machine's): Playwright notices only later, after a navigation.
                        loaded_ms = open_page.evaluate(LOADED_AT)
                        waits[name].append(loaded_ms / 1000 - moment_ns / 1e9)
                    for name, path in (("PDF", pdf), ("deck (PPTX)", deck)):
                        while not replaced_after(path, moment_ns):
                            time.sleep(0.01)
                        waits[name].append(path.stat().st_mtime_ns / 1e9 - moment_ns / 1e9)
                    print(
                        f"save {number:2}: page {waits['handout page'][-1]:.2f} s, "
                        f"slides {waits['browser slides'][-1]:.2f} s, "
                        f"PDF {waits['PDF'][-1]:.2f} s, deck {waits['deck (PPTX)'][-1]:.2f} s"
                    )
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=60)
    print()
    drawn = "no slide pictures" if args.no_previews else "slide pictures drawn meanwhile"
    print(f"{args.saves} saves, {args.pause:.1f} s apart ({drawn}):")
    for name, values in waits.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        target = TARGETS.get(name)
        goal = ""
        if target:
            parts = []
            if target[0]:
                parts.append(f"p50 < {target[0]:.1f} s {'met' if p50 < target[0] else 'MISSED'}")
            parts.append(f"p95 < {target[1]:.1f} s {'met' if p95 < target[1] else 'MISSED'}")
            goal = "  (" + "; ".join(parts) + ")"
        print(f"  {name:15} p50 {p50:.2f} s  p95 {p95:.2f} s  max {max(values):.2f} s{goal}")


if __name__ == "__main__":
    main()
