"""A build with nothing to do: it reads the records it needs, writes nothing, and imports none
of what only a build that runs jobs or writes pages needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import DEMO_CONTENT, ROOT

pytestmark = pytest.mark.notebook

# Loaded only by a build that renders, checks or writes pages (or runs on Dask).
HEAVY = (
    "weasyprint",
    "jinja2",
    "papermill",
    "pptx",
    "dask",
    "distributed",
    "handoutkit.quality.report",
    "handoutkit.report.gallery",
)

NO_OP = """
import json, sys
from handoutkit.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def files(out: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(out).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def test_a_build_with_nothing_to_do_writes_nothing_and_imports_nothing_heavy(tmp_path):
    out = tmp_path / "build"
    command = ["build", "--content", str(DEMO_CONTENT), "--out", str(out), "--no-previews"]
    first = subprocess.run(
        [sys.executable, "-m", "handoutkit.cli", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    before = files(out)
    again = subprocess.run(
        [sys.executable, "-c", NO_OP, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    result = json.loads(again.stdout.strip().splitlines()[-1])
    assert result["status"] == 0, again.stderr
    assert "Nothing to build" in again.stdout
    loaded = set(result["modules"])
    assert [name for name in HEAVY if name in loaded] == []
    assert files(out) == before  # not even the records' database
