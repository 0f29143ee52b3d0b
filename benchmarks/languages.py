"""What a job costs in Arabic and Chinese against English: build time per job.

Makes a catalog in a temporary folder: the language fixtures' clinic copied ``--clinics``
times, and one procedure written in English, Arabic and Chinese (the fixture documents of
``tests/fixtures/languages``, and an English one of the same shape written here). For each
language it builds the catalog's jobs in that language with ``handoutkit build --jobs 1``,
once with one clinic and once with all, and prints the time a job adds (the difference,
divided by the extra jobs: start-up cancels out), and its ratio to English's. Then the
render floor of one job per language in one warm process (the renderers alone, no notebooks).

Usage: ``.venv/bin/python benchmarks/languages.py [--clinics 5]``. Timings are wall-clock on
a shared machine: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "languages" / "content"
BIN = Path(sys.executable).parent
LANGUAGES = ("en", "ar", "zh")

# The fixture documents' shape in English (words about layout, written for the benchmark).
ENGLISH = """---
title: Test document
subtitle: A short text for the tests of Handout Kit
language: en
reviewed: 2026-10-15
reviewed_by: Test writer
---

## Overview

This document is here to test the layout from left to right. The name Larkspur Skin Clinic \
appears inside the sentence. Call us on +1 (555) 010-2030 or visit \
https://larkspur-skin.example to learn more.

## Steps

1. **Step one:** Read this first sentence.
2. **Step two:** Read this second sentence.
3. **Step three:** Read this third sentence.

## Points

- This is the first point of the list.
- This is the second point of the list, a little longer so that it wraps to a second line.
- Is this a question? Yes, this is a question.

## Table

| Column | Value |
|--------|-------|
| First | One |
| Second | Two |

## Conclusion

The test document ends here.
"""


def make_catalog(target: Path, clinics: int) -> None:
    for number in range(1, clinics + 1):
        shutil.copytree(FIXTURES / "clinics" / "larkspur-skin", target / "clinics" / f"c{number}")
    procedure = target / "procedures" / "sample"
    procedure.mkdir(parents=True)
    (procedure / "en.md").write_text(ENGLISH, encoding="utf-8")
    for code in ("ar", "zh"):
        shutil.copy(FIXTURES / "procedures" / "sample" / f"{code}.md", procedure / f"{code}.md")


def build_seconds(content: Path, out: Path, language: str, clinics: list[str]) -> float:
    command = [str(BIN / "handoutkit"), "build", "--content", str(content), "--out", str(out),
               "--jobs", "1", "--no-previews", "--force", "--language", language]  # fmt: skip
    for clinic in clinics:
        command += ["--clinic", clinic]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def floor(content: Path) -> None:
    """One job per language rendered in this warm process (after a warm-up of each)."""
    from handoutkit.model import JobKey, Paper
    from handoutkit.notebook import handout_html
    from handoutkit.outputs.deck.layouts import plan_deck
    from handoutkit.outputs.deck.outline import browser_deck
    from handoutkit.outputs.deck.pptx import render_deck
    from handoutkit.outputs.handout.pdf import render_pdf
    from handoutkit.read.catalog import discover
    from handoutkit.read.handout import load_handout

    catalog = discover(content)
    seconds = {}
    for code in LANGUAGES:
        key = JobKey("c1", "sample", code)

        def one(key: JobKey = key) -> None:
            handout = load_handout(catalog, key)
            render_pdf(handout_html(handout, Paper.LETTER.value).fragment)
            plans = plan_deck(handout)
            render_deck(handout, plans)
            browser_deck(handout, plans)

        one()  # warm up: fonts read and subset, templates compiled
        started = time.perf_counter()
        for _ in range(3):
            one()
        seconds[code] = (time.perf_counter() - started) / 3
    print(json.dumps(seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=5)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(args.floor)
        return
    with tempfile.TemporaryDirectory() as scratch:
        content = Path(scratch) / "content"
        make_catalog(content, args.clinics)
        every = [f"c{n}" for n in range(1, args.clinics + 1)]
        per_job = {}
        for code in LANGUAGES:
            out = Path(scratch) / f"build-{code}"
            # The first build of a script subsets its fonts into the cache (Noto CJK: seconds)
            cold = build_seconds(content, out, code, ["c1"])
            shutil.rmtree(out)
            one = build_seconds(content, out, code, ["c1"])
            shutil.rmtree(out)
            print(f"{code}: first build of 1 job (font subsets not cached yet) {cold:.1f} s")
            many = build_seconds(content, out, code, every)
            per_job[code] = (many - one) / (args.clinics - 1)
            print(f"{code}: build of 1 job {one:.1f} s, of {args.clinics} jobs {many:.1f} s")
        done = subprocess.run([sys.executable, __file__, "--floor", str(content)],
                              capture_output=True, text=True, check=True)  # fmt: skip
        floors = json.loads(done.stdout.strip().splitlines()[-1])
    print()
    print(f"{'language':<10}{'build s/job':>12}{'ratio':>8}{'floor s/job':>13}{'ratio':>8}")
    for code in LANGUAGES:
        print(f"{code:<10}{per_job[code]:>12.2f}{per_job[code] / per_job['en']:>7.2f}×"
              f"{floors[code]:>13.2f}{floors[code] / floors['en']:>7.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
