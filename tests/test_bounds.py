"""The limits bound the work: a document at every limit at once still builds in 30 s and 1 GB.

The document is generated from `handoutkit.limits`, so it follows the limits if they change:
as many sections, list items, table rows and columns, pictures and bytes as they allow.
The build runs as a subprocess (the workers, their kernels and LibreOffice included) and the
largest process's peak resident memory is read from the operating system.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

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

SECONDS, MEGABYTES = 30.0, 1024.0
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
print(json.dumps({"code": done.returncode, "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
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


def test_a_document_at_every_limit_builds_within_30_s_and_1_gb(tmp_path):
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
    command = [
        sys.executable, "-m", "handoutkit.cli", "build",
        "--content", str(content), "--out", str(tmp_path / "build"), "--jobs", "1",
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        env={**os.environ, "HANDOUTKIT_CACHE_DIR": ""},
        check=True,
        timeout=300,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, result["stderr"]
    assert result["seconds"] < SECONDS, result
    assert result["peak_mb"] < MEGABYTES, result
