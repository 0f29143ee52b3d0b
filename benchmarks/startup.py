"""How long ``handoutkit build`` of one changed job takes, against that job's floor.

Copies the demo content (one job: larkspur-skin × microneedling × en) into a temporary
folder, builds it once (not timed: caches and the build folder as a user has them), then,
``--runs`` times (default 3, the median is printed), in turns:

- the floor in a fresh process: a new Python imports what the job needs and renders the
  job's outputs directly, with the calls `catalog.render_job` makes (handout page, PDF and
  its picture, PPTX, quality checks, browser slides) and writes them; from the process's
  start to the last byte written;
- the document is changed (a sentence added), and ``handoutkit build --no-previews`` (no
  ``--force``: only that job is out of date) runs; from the command's start to its exit.

Then it prints the ratio build / floor (the target is at most 1.5), where the build's time
goes (timestamps every process of the build writes with ``HANDOUTKIT_TIMINGS``, see
``handoutkit.timings``: Python and imports, the kernel's start, the notebooks, the PDF,
writing, report and gallery, exit), and on its own the slide-pictures step: ``handoutkit
build`` with previews after that build, which draws the changed deck's pictures only.

Usage: ``.venv/bin/python benchmarks/startup.py [--runs 3]``. Timings are wall-clock on a
shared machine: compare the ratio of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROCEDURE = "microneedling"
TARGET = 1.5


@dataclass(frozen=True)
class Mark:
    seconds: float  # since the command started
    pid: int
    role: str  # builder, worker or kernel
    what: str


@dataclass(frozen=True)
class Timed:
    seconds: float
    marks: tuple[Mark, ...] = ()


def floor(content: Path, out: Path) -> None:
    """In this fresh process: import what one job needs, render it, write its files; print
    the time the last byte was written (``time.time()``)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from catalog import render_job

    from handoutkit.read.catalog import discover

    catalog = discover(content)
    (key,) = catalog.select()
    files = render_job(catalog, key, {})
    out.mkdir(parents=True, exist_ok=True)
    for suffix, data in files.items():
        with open(out / f"{key.stem}{suffix}", "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    print(json.dumps({"written": time.time()}))


def time_floor(content: Path, out: Path) -> Timed:
    started = time.time()
    completed = subprocess.run(
        [sys.executable, __file__, "--floor", str(content), str(out)],
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        sys.exit(f"the floor failed:\n{completed.stderr}")
    written = json.loads(completed.stdout.strip().splitlines()[-1])["written"]
    return Timed(written - started)


def time_build(command: list[str], timings: Path) -> Timed:
    """Run ``command`` with timestamps on; its wall time and the marks of its processes."""
    timings.unlink(missing_ok=True)
    env = {**os.environ, "HANDOUTKIT_TIMINGS": str(timings), "COLUMNS": "120"}
    started = time.time()
    completed = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.time() - started
    if completed.returncode != 0:
        sys.exit(f"failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr}")
    marks = []
    for line in timings.read_text(encoding="utf-8").splitlines() if timings.exists() else ():
        at, pid, role, what = line.split("\t", 3)
        marks.append(Mark(float(at) - started, int(pid), role, what))
    return Timed(seconds, tuple(sorted(marks, key=lambda mark: mark.seconds)))


def change(document: Path, number: int) -> None:
    """Add a sentence to the document's last paragraph: its job is out of date."""
    text = document.read_text(encoding="utf-8").rstrip("\n")
    document.write_text(f"{text} This is change number {number}.\n", encoding="utf-8")


def breakdown(build: Timed) -> list[tuple[str, float]]:
    """Where the build's time went: (step, seconds), in the order they happened."""

    def at(what: str, role: str = "", last: bool = False) -> float | None:
        found = [m.seconds for m in build.marks if m.what == what and role in ("", m.role)]
        return (found[-1] if last else found[0]) if found else None

    def spans(prefix: str) -> float:
        starts = [m for m in build.marks if m.what.startswith(prefix) and m.what.endswith(" start")]
        total = 0.0
        for start in starts:
            name = start.what.removesuffix(" start")
            end = next(
                (m for m in build.marks if m.what == f"{name} end" and m.seconds >= start.seconds),
                None,
            )
            if end is not None:
                total += end.seconds - start.seconds
        return total

    command, planned = at("command start"), at("planned")
    launched, ready = at("kernel launch"), at("kernel ready")
    first = at("notebook handout.ipynb start")
    rows: list[tuple[str, float]] = []
    if command is not None and planned is not None:
        rows.append(("Python start and the command line's imports", command))
        rows.append(("plan: discover the content, digest the inputs", planned - command))
    if launched is not None and ready is not None:
        if planned is not None:
            rows.append(("from the plan to the kernel's launch", launched - planned))
        preloaded = at("preloaded", "kernel")
        if preloaded is not None:
            booted = preloaded - launched
            rows.append(("kernel: Python, ipykernel, the preloaded imports (and warm-up)", booted))
            rows.append(("kernel: ready to answer", ready - preloaded))
        else:
            rows.append(("kernel: start until it answers", ready - launched))
    notebooks = spans("notebook ")
    waited = max(0.0, ready - first) if ready is not None and first is not None else 0.0
    rows.append(("notebooks: cells run in the kernel (papermill)", notebooks - waited))
    pdf = spans("pdf")
    rows.append(("PDF (WeasyPrint)", pdf))
    rows.append(("other outputs from the notebooks (nbconvert, picture)", spans("collect ") - pdf))
    for name in ("write", "stop executor", "quality report", "gallery", "previews"):
        if any(m.what == f"{name} start" for m in build.marks):
            rows.append((name, spans(name)))
    end = at("command end", "builder", last=True)
    if end is not None:
        rows.append(("exit: after the summary until the process is gone", build.seconds - end))
    return rows


def print_timeline(build: Timed) -> None:
    roles: dict[int, str] = {}
    for mark in build.marks:
        roles.setdefault(mark.pid, mark.role)
    for mark in build.marks:
        print(f"  {mark.seconds:6.2f} s  {roles[mark.pid]:8} {mark.what}")
    print(f"  {build.seconds:6.2f} s  {'':8} the command has exited")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (the median)")
    parser.add_argument("--floor", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(*args.floor)
        return

    handoutkit = str(BIN / "handoutkit")
    with tempfile.TemporaryDirectory(prefix="handoutkit-startup-") as scratch_dir:
        scratch = Path(scratch_dir)
        content, out, timings = scratch / "content", scratch / "build", scratch / "timings.tsv"
        shutil.copytree(ROOT / "content", content)
        document = next((content / "procedures" / PROCEDURE).glob("*.md"))
        common = ["--content", str(content), "--out", str(out)]
        subprocess.run([handoutkit, "build", *common], capture_output=True, check=True)
        print(
            f"One job ({PROCEDURE}, the demo), {args.runs} run(s) of each, the median "
            f"(Python {sys.version.split()[0]}, {os.cpu_count()} cores)"
        )
        floors, builds = [], []
        for number in range(1, args.runs + 1):
            floors.append(time_floor(content, scratch / f"floor-{number}"))
            change(document, number)
            build = time_build([handoutkit, "build", *common, "--no-previews"], timings)
            if not any(m.what == "job done" for m in build.marks):
                sys.exit("the build did not build the changed job")
            builds.append(build)
        pictures = time_build([handoutkit, "build", *common], timings)

    floor_s = statistics.median(timed.seconds for timed in floors)
    build = sorted(builds, key=lambda timed: timed.seconds)[len(builds) // 2]
    ratio = build.seconds / floor_s
    print(f"\n{'':62} {'seconds':>8} {'ratio':>8}")
    name = "floor: a fresh Python imports and renders the one job"
    print(f"{name:62} {floor_s:8.2f} {'1.00×':>8}")
    print(
        f"{'handoutkit build --no-previews, after the document changed':62} "
        f"{build.seconds:8.2f} {ratio:7.2f}×"
    )
    every = ", ".join(f"{timed.seconds:.2f}" for timed in floors)
    print(f"\nall runs: floor {every}; build {', '.join(f'{b.seconds:.2f}' for b in builds)}")
    print("\nWhere the build's time goes (the median run; steps may overlap across processes):")
    for name, seconds in breakdown(build):
        print(f"  {name:62} {seconds:6.2f} s")
    print("\nTimeline of that build (seconds from the command's start):")
    print_timeline(build)
    drawn = next((m for m in pictures.marks if m.what == "previews start"), None)
    ended = next((m for m in pictures.marks if m.what == "previews end"), None)
    step_s = ended.seconds - drawn.seconds if drawn and ended else float("nan")
    print(
        f"\nslide pictures (LibreOffice), a separate step: `handoutkit build` after that build "
        f"draws the changed deck's: {pictures.seconds:.2f} s in all, {step_s:.2f} s of it "
        "drawing"
    )
    verdict = "reached" if ratio <= TARGET else "not reached"
    print(f"\nTarget: build ≤ {TARGET}× the floor: {verdict} ({ratio:.2f}×).")


if __name__ == "__main__":
    main()
