"""Every folder of tests is collected: pytest skips some folder names by default (``build``
among them), and tests/build went unrun until `norecursedirs` was set in pyproject.toml."""

from __future__ import annotations

import fnmatch
import tomllib

from .conftest import ROOT


def test_every_test_folder_is_collected():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    skipped = settings["tool"]["pytest"]["ini_options"]["norecursedirs"]
    folders = [
        path.name
        for path in (ROOT / "tests").iterdir()
        if path.is_dir() and any(path.glob("test_*.py"))
    ]
    assert "build" in folders
    assert [name for name in folders if any(fnmatch.fnmatch(name, p) for p in skipped)] == []
