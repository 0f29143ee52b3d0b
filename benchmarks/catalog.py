"""How fast a whole catalog regenerates, against the cost of rendering alone.

Builds a synthetic catalog (default 10 clinics × 4 procedures, made in a
temporary folder from the shipped demo content) and prints, from one run:

- the render floor: what the notebooks and the builder compute, called directly in one
  warm process: the renderers (handout, PDF, PPTX) and, with them, everything else the
  build makes (browser slides, quality checks);
- ``handoutkit build --jobs 1`` and ``--jobs 2``, each as a ratio to the floor;
- the naive way: one ``papermill`` command per notebook, for a few jobs;
- a rebuild with nothing changed, in total;
- the slide previews (LibreOffice), a separate step of the build;
- the quality checks of the whole catalog (``handoutkit check``);
- the peak memory of the largest process of each.

Usage: ``.venv/bin/python benchmarks/catalog.py [--clinics 10] [--procedures 4]``.
Timings are wall-clock on a shared machine: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from handoutkit.model import JobKey
    from handoutkit.read.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEMO_CLINIC = "larkspur-skin"
DEMO_PROCEDURE = "microneedling"

# Runs a command and reports the largest resident set of any process below it.
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "seconds": seconds, "peak_kb": peak,
                  "err": done.stderr.decode(errors="replace")[-2000:]}))
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def measure(command: list[str]) -> Run:
    """Seconds and peak memory of ``command`` in a fresh process; exits if it fails."""
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        sys.exit(f"command failed ({result['code']}): {' '.join(command)}\n{result['err']}")
    return Run(result["seconds"], result["peak_kb"] / 1024)


def make_catalog(target: Path, clinics: int, procedures: int) -> None:
    """Clinics that differ in name and colour, procedures that differ in title."""
    source = ROOT / "content"
    brand = (source / "clinics" / DEMO_CLINIC / "_brand.yml").read_text()
    for number in range(1, clinics + 1):
        folder = target / "clinics" / f"clinic-{number:02d}"
        shutil.copytree(source / "clinics" / DEMO_CLINIC, folder)
        text = brand.replace("Larkspur Skin Clinic", f"Clinic Number {number}")
        text = text.replace('"#5B3F8C"', f'"#{0x30 + number * 9:02X}3F8C"')
        (folder / "_brand.yml").write_text(text)
    document = (source / "procedures" / DEMO_PROCEDURE / "en.md").read_text()
    for number in range(1, procedures + 1):
        folder = target / "procedures" / f"procedure-{number}"
        folder.mkdir(parents=True)
        text = re.sub(r"^title: (.*)$", rf"title: \1 {number}", document, count=1, flags=re.M)
        (folder / "en.md").write_text(text)


def displayed(shown: object, tag: str) -> NotebookNode:
    """A notebook whose one cell, tagged ``tag``, displayed ``shown`` (as a notebook does)."""
    import nbformat

    book = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("", metadata={"tags": [tag]})
    data = shown._repr_mimebundle_()  # type: ignore[attr-defined]
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    book.cells.append(cell)
    return book


def render_job(
    catalog: Catalog,
    key: JobKey,
    exporters: dict[object, object],
    spent: dict[str, float] | None = None,
) -> dict[str, bytes]:
    """What one job's notebooks and worker compute, called directly: the handout page, its
    PDF and first-page picture, the PPTX, then the quality checks and the browser slides.
    Returns the files by suffix; adds the seconds of the renderers (``render``) and of the
    rest (``more``) to ``spent``. ``exporters`` keeps the nbconvert exporters between jobs."""
    from handoutkit.model import Paper
    from handoutkit.notebook import Deck, checks, handout_html
    from handoutkit.outputs.deck.exporter import BrowserDeckExporter
    from handoutkit.outputs.deck.layouts import plan_deck
    from handoutkit.outputs.deck.outline import browser_deck
    from handoutkit.outputs.deck.pptx import render_deck
    from handoutkit.outputs.handout.exporter import HandoutExporter
    from handoutkit.outputs.handout.pdf import render_pdf
    from handoutkit.outputs.handout.templates import template_folders
    from handoutkit.outputs.thumbnails import pdf_page_png
    from handoutkit.quality.deckchecks import outputs_accessibility
    from handoutkit.read.handout import load_handout

    started = time.perf_counter()
    handout = load_handout(catalog, key)
    folders = template_folders(clinic_folder=handout.clinic.source.parent)
    page = handout_html(handout, Paper.LETTER.value)
    handouts = exporters.setdefault(("handout", folders), HandoutExporter(folders))
    html, _ = handouts.from_notebook_node(displayed(page, "handout"))  # type: ignore[attr-defined]
    pdf = render_pdf(html)
    picture = pdf_page_png(pdf, 0, width_px=420)
    plans = plan_deck(handout)
    data = render_deck(handout, plans)
    rendered = time.perf_counter()
    checks(handout, catalog.root)._repr_mimebundle_()
    deck = Deck((), data, browser_deck(handout, plans), outputs_accessibility(handout, plans))
    decks = exporters.setdefault(("deck", folders), BrowserDeckExporter(folders))
    slides, _ = decks.from_notebook_node(displayed(deck, "deck"))  # type: ignore[attr-defined]
    if spent is not None:
        spent["render"] = spent.get("render", 0.0) + rendered - started
        spent["more"] = spent.get("more", 0.0) + time.perf_counter() - rendered
    return {
        ".pdf": pdf,
        ".html": html.encode("utf-8"),
        ".png": picture,
        ".pptx": data,
        "_slides.html": slides.encode("utf-8"),
    }


def floor(content: Path) -> None:
    """What the notebooks and the builder compute, called directly in this (warm) process.

    Two sums: the renderers (handout page, PDF, preview, PPTX) and everything the jobs
    and the build make besides (browser slides, the notebooks' quality checks, the
    catalog's quality report). Prints seconds and peak memory as JSON.
    """
    from handoutkit.quality.checks import CheckSettings
    from handoutkit.quality.report import run_checks
    from handoutkit.read.catalog import discover

    catalog = discover(content)
    keys = catalog.select()
    exporters: dict[object, object] = {}
    render_job(catalog, keys[0], exporters)  # warm up: imports, fonts, templates, dictionary
    spent = {"render": 0.0, "more": 0.0}
    for key in keys:
        render_job(catalog, key, exporters, spent)
    started = time.perf_counter()
    run_checks(catalog, keys, CheckSettings())
    spent["more"] += time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({**spent, "jobs": len(keys), "peak_mb": peak}))


def naive(content: Path, scratch: Path, jobs: int) -> Run:
    """One papermill command per notebook (a fresh kernel each), for the first ``jobs`` jobs."""
    papermill = str(BIN / "papermill")
    commands = []
    for number in range(1, jobs + 1):
        clinic = f"clinic-{number:02d}"
        common = [
            "-p",
            "content_dir",
            str(content),
            "-p",
            "clinic",
            clinic,
            "-p",
            "procedure",
            "procedure-1",
            "-p",
            "language",
            "en",
            "--no-progress-bar",
        ]
        commands.append(
            [
                papermill,
                str(ROOT / "notebooks/handout.ipynb"),
                str(scratch / f"{clinic}-handout.ipynb"),
                *common,
            ]
        )
        commands.append(
            [
                papermill,
                str(ROOT / "notebooks/slides.ipynb"),
                str(scratch / f"{clinic}-slides.ipynb"),
                *common,
            ]
        )
    total, peak = 0.0, 0.0
    for command in commands:
        run = measure(command)
        total += run.seconds
        peak = max(peak, run.peak_mb)
    return Run(total, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=10)
    parser.add_argument("--procedures", type=int, default=4)
    parser.add_argument("--naive-jobs", type=int, default=3)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return

    handoutkit = str(BIN / "handoutkit")
    with tempfile.TemporaryDirectory(prefix="handoutkit-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        content, out = scratch / "content", scratch / "build"
        make_catalog(content, args.clinics, args.procedures)
        jobs = args.clinics * args.procedures
        print(
            f"Catalog: {args.clinics} clinics × {args.procedures} procedures = {jobs} jobs "
            f"(Python {sys.version.split()[0]})"
        )

        completed = subprocess.run(
            [sys.executable, __file__, "--floor", str(content)],
            capture_output=True,
            text=True,
            check=True,
        )
        floor_result = json.loads(completed.stdout.strip().splitlines()[-1])
        render_per_job = floor_result["render"] / floor_result["jobs"]
        floor_per_job = (floor_result["render"] + floor_result["more"]) / floor_result["jobs"]

        build = [
            handoutkit,
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--no-previews",
            "--force",
        ]
        one = measure([*build, "--jobs", "1"])
        two = measure([*build, "--jobs", "2"])
        noop = measure(
            [handoutkit, "build", "--content", str(content), "--out", str(out), "--no-previews"]
        )
        previews = measure([handoutkit, "build", "--content", str(content), "--out", str(out)])
        checks = measure(
            [handoutkit, "check", "--content", str(content), "--out", str(scratch / "checks")]
        )
        naive_dir = scratch / "naive"
        naive_dir.mkdir()
        slow = naive(content, naive_dir, args.naive_jobs)

    per = {
        "floor": floor_per_job,
        "jobs1": one.seconds / jobs,
        "jobs2": two.seconds / jobs,
        "naive": slow.seconds / args.naive_jobs,
    }
    rows = [
        (
            "renderers alone (one warm process)",
            render_per_job,
            f"{render_per_job / per['floor']:.2f}× floor",
            f"{floor_result['peak_mb']:.0f}",
        ),
        (
            "floor: all the build computes (+ browser slides, checks)",
            per["floor"],
            "1.00×",
            f"{floor_result['peak_mb']:.0f}",
        ),
        (
            "build --jobs 1",
            per["jobs1"],
            f"{per['jobs1'] / per['floor']:.2f}× floor",
            f"{one.peak_mb:.0f}",
        ),
        (
            "build --jobs 2",
            per["jobs2"],
            f"{per['jobs2'] / per['floor']:.2f}× floor",
            f"{two.peak_mb:.0f}",
        ),
        (
            f"naive: papermill per notebook ({args.naive_jobs} jobs)",
            per["naive"],
            f"{per['naive'] / per['floor']:.2f}× floor",
            f"{slow.peak_mb:.0f}",
        ),
    ]
    print(f"\n{'':58} {'s per job':>10} {'ratio':>16} {'peak MB':>8}")
    for name, seconds, ratio, peak in rows:
        print(f"{name:58} {seconds:10.3f} {ratio:>16} {peak:>8}")
    print(f"\n--jobs 1 is {per['jobs1'] / render_per_job:.2f}× the renderers alone")
    print(f"--jobs 2 is {per['jobs1'] / per['jobs2']:.2f}× faster than --jobs 1")
    print(
        f"--jobs 1 is {per['naive'] / per['jobs1']:.1f}× faster than the naive way, "
        f"--jobs 2 {per['naive'] / per['jobs2']:.1f}×"
    )
    print(
        f"rebuild with nothing changed: {noop.seconds:.2f} s in all ({jobs} jobs skipped), "
        f"peak {noop.peak_mb:.0f} MB"
    )
    print(
        f"slide previews with LibreOffice (a separate step, {jobs} decks): "
        f"{previews.seconds:.1f} s, peak {previews.peak_mb:.0f} MB"
    )
    print(
        f"handoutkit check of the catalog (the build takes the same findings from its "
        f"notebooks): {checks.seconds:.1f} s, peak {checks.peak_mb:.0f} MB"
    )
    peak = max(floor_result["peak_mb"], one.peak_mb, two.peak_mb, noop.peak_mb, slow.peak_mb)
    print(f"largest process of the build steps: {peak:.0f} MB")
    print(
        "\nTargets: --jobs 1 ≤ 1.5× floor; --jobs 2 ≥ 1.7× faster than --jobs 1; "
        "≥ 8× faster than naive; no-op rebuild < 1 s; no process over 400 MB."
    )


if __name__ == "__main__":
    main()
