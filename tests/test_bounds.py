"""The limits bound the work: a document at every limit at once builds in at most 4 times the
CPU time of the demo document's build, on the same machine in the same run, and in 1 GB.

The document is generated from `handoutkit.limits`, so it follows the limits if they change:
as many sections, list items, table rows and columns, pictures and bytes as they allow.
The build runs as a subprocess (the workers, their kernels and LibreOffice included) and the
largest process's peak resident memory and the CPU time of the whole process tree are read
from the operating system. The time is a ratio, not seconds: machines differ severalfold in
speed (the same build took 19 s on one 2-core machine and 44 s on another); what the limits
promise is that no input at them makes the work run away.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from handoutkit.limits import (
    DOCUMENT_BYTES,
    FIGURE_BYTES,
    FIGURES,
    LIST_ITEMS,
    SECTIONS,
    TABLE_COLUMNS,
    TABLE_ROWS,
)

from .conftest import DEMO_CONTENT

pytestmark = [pytest.mark.notebook, pytest.mark.libreoffice]

CPU_RATIO, MEGABYTES = 4.0, 1024.0
WORDS = [
    "skin",
    "treatment",
    "collagen",
    "needle",
    "session",
    "redness",
    "healing",
    "patient",
    "doctor",
    "cream",
    "sun",
    "care",
    "results",
    "weeks",
    "days",
    "gentle",
    "small",
    "channels",
    "serum",
]

_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": done.returncode, "seconds": time.perf_counter() - started,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024,
                  "stderr": done.stderr[-3000:]}))
"""


def sentence(rng: random.Random, words: int = 14) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join([chosen[0].capitalize(), *chosen[1:]]) + "."


def document_at_the_limits(folder: Path) -> Path:
    """The demo's front matter and a body using every limit, just under each."""
    rng = random.Random(7)
    path = folder / "en.md"
    front = path.read_text(encoding="utf-8").split("---", 2)[1]
    images = folder / "images"
    images.mkdir()
    side = int((FIGURE_BYTES.value / FIGURES.value / 3) ** 0.5 * 0.95)  # noise: ~3 bytes/pixel
    for number in range(FIGURES.value):
        noise = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        noise.save(images / f"picture-{number}.png")
    header = "| " + " | ".join(f"Column {c + 1}" for c in range(TABLE_COLUMNS.value)) + " |\n"
    header += "|" + "---|" * TABLE_COLUMNS.value + "\n"
    budget = DOCUMENT_BYTES.value - len(front) - 64
    chunks, size = [], 0
    for section in range(1, SECTIONS.value + 1):
        parts = [f"## Section {section}\n\n", " ".join(sentence(rng) for _ in range(4)) + "\n\n"]
        if section == 1:
            parts.append(
                "".join(
                    f"{n}. **Step {n}:** {sentence(rng, 9)}\n"
                    for n in range(1, LIST_ITEMS.value + 1)
                )
                + "\n"
            )
        if section == 2:
            rows = "".join(
                "| " + " | ".join(rng.choice(WORDS) for _ in range(TABLE_COLUMNS.value)) + " |\n"
                for _ in range(TABLE_ROWS.value)
            )
            parts.append(header + rows + "\n")
        if section <= FIGURES.value:
            parts.append(f"![Picture {section}](images/picture-{section - 1}.png)\n\n")
        chunk = "".join(parts)
        if size + len(chunk) > budget:
            break
        chunks.append(chunk)
        size += len(chunk)
    # Fill what is left of the size limit with text in the last section.
    while size + 120 < budget:
        line = sentence(rng) + "\n\n"
        chunks.append(line)
        size += len(line)
    path.write_text(f"---{front}---\n\n" + "".join(chunks), encoding="utf-8")
    return path


def test_a_document_at_every_limit_builds_in_4_times_the_demos_cpu_time_and_1_gb(tmp_path):
    reference = _measured_build(tmp_path / "demo")
    assert reference["code"] == 0, reference["stderr"]
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    document = document_at_the_limits(content / "procedures" / "microneedling")
    size = document.stat().st_size
    pictures = sum(p.stat().st_size for p in (document.parent / "images").iterdir())
    text = document.read_text(encoding="utf-8")
    # The document really is at the limits, not comfortably under them.
    assert 0.97 * DOCUMENT_BYTES.value <= size <= DOCUMENT_BYTES.value
    assert 0.8 * FIGURE_BYTES.value <= pictures <= FIGURE_BYTES.value
    assert text.count("\n## ") == SECTIONS.value
    result = _measured_build(tmp_path, content)
    assert result["code"] == 0, result["stderr"]
    assert result["cpu_seconds"] < CPU_RATIO * reference["cpu_seconds"], (result, reference)
    assert result["peak_mb"] < MEGABYTES, result


def _measured_build(folder: Path, content: Path | None = None) -> dict[str, Any]:
    """Build ``content`` (a copy of the demo by default) as a subprocess, measured."""
    if content is None:
        content = folder / "content"
        shutil.copytree(DEMO_CONTENT, content)
    command = [
        sys.executable, "-m", "handoutkit.cli", "build",
        "--content", str(content), "--out", str(folder / "build"), "--jobs", "1",
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        env={**os.environ, "HANDOUTKIT_CACHE_DIR": ""},
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
