"""Shared fixtures: the demo content, a second fixture catalog, and scratch copies to break."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from handoutkit.model import Handout, JobKey
from handoutkit.read.catalog import discover
from handoutkit.read.handout import load_handout

# The same examples on every run, so CI is never red by chance; HYPOTHESIS_PROFILE=explore
# draws new ones (and keeps failures in .hypothesis/) when looking for bugs on purpose.
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Review-date checks compare with today: fix it so the demo's review is never overdue in tests
# (the notebooks' kernels inherit it). Tests that need another date pass CheckSettings(today=).
os.environ["HANDOUTKIT_TODAY"] = "2026-11-25"

ROOT = Path(__file__).resolve().parents[1]
DEMO_CONTENT = ROOT / "content"
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
DEMO_KEY = JobKey("larkspur-skin", "microneedling", "en")
FIXTURE_KEY = JobKey("harbor-dermatology", "chemical-peel", "en")


@pytest.fixture(scope="session")
def demo_handout() -> Handout:
    return load_handout(discover(DEMO_CONTENT), DEMO_KEY)


@pytest.fixture(scope="session")
def fixture_handout() -> Handout:
    return load_handout(discover(FIXTURE_CONTENT), FIXTURE_KEY)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A scratch copy of the demo content folder, safe to break."""
    target = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, target)
    return target


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace ``old`` by ``new`` in a file, failing if ``old`` is not there."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return replace
