"""Which folders a build may use (``--out``), and which paths inside one it may touch.

- **Whose folder.** ``--out`` must be a new or empty folder, or one a Handout Kit build
  made (it holds the marker file ``.handoutkit``, or an older build's manifest). The
  root of the file system, a home folder, the content folder and anything inside it,
  an existing file and a folder holding other files are refused before anything is
  written, each with the reason and what to pass instead.
- **Only inside.** A path from a manifest is relative, has no ``..``, no backslash and
  no NUL (`model.records.safe_relative`); `folder.BuildFolder` also checks it resolves inside.
"""

from __future__ import annotations

import json
import os
import pwd
from contextlib import suppress
from pathlib import Path

from ..errors import BuildFolderError

MARKER = ".handoutkit"
MANIFEST = "manifest.json"
# A folder holding only these is empty for our purposes (a Git placeholder, Finder's file).
_IGNORABLE = {".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db"}


def _homes() -> set[Path]:
    homes = {Path.home().resolve()}
    with suppress(OSError):
        homes.update(Path(entry.pw_dir).resolve() for entry in pwd.getpwall() if entry.pw_dir)
    return homes - {Path("/nonexistent")}


def is_build_folder(folder: Path) -> bool:
    """True if a Handout Kit build made ``folder`` (its marker, or an older build's manifest)."""
    if (folder / MARKER).is_file():
        return True
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("format"), int) and "outputs" in data


def check_out_dir(out: Path, *, content: Path) -> Path:
    """``out`` resolved, if a build may write there; else `BuildFolderError` saying why."""
    real = out.resolve()
    content_real = content.resolve()
    instead = "pass --out with a new or empty folder, for example --out build"

    def refuse(problem: str, fix: str = instead) -> BuildFolderError:
        return BuildFolderError(problem, fix=fix + ".", path=out)

    if real == Path(real.anchor):
        raise refuse("the build folder would be the root of the file system.")
    if real in _homes():
        raise refuse("the build folder would be a home folder, which holds your own files.")
    if real == content_real or real.is_relative_to(content_real):
        raise refuse(
            f"the build folder would be inside the content folder {content_real}: every build "
            "would then read its own outputs as content.",
            "pass --out with a folder outside the content folder, for example --out build",
        )
    if content_real.is_relative_to(real):
        raise refuse(f"the build folder would hold the content folder {content_real}.")
    if real.exists() and not real.is_dir():
        raise refuse("this is a file, not a folder.")
    if real.is_dir() and not is_build_folder(real):
        try:
            others = sorted(name for name in os.listdir(real) if name not in _IGNORABLE)
        except OSError as exc:
            raise refuse(f"the folder cannot be read ({exc.strerror}).") from None
        if others:
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise refuse(
                f"the folder already holds files Handout Kit did not make ({shown}); a build "
                "replaces and deletes files in its folder, so it never uses a folder of yours.",
                f"{instead} (or empty this folder first)",
            )
    return real
