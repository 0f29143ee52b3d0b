"""Print the sha256 of every file of one or more build folders, for comparing two versions.

Usage: ``.venv/bin/python scripts/output-digests.py build [other-build ...] > digests.txt``;
a refactoring that must not change outputs compares the file before and after with ``diff``.
The lock file and the folder marker are left out; the executed notebooks are listed too (they
record the content folder's path relative to ``notebooks/``, so build from the same place).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

LEFT_OUT = {".lock", ".handoutkit", ".gitkeep"}


def main(folders: list[str]) -> int:
    for folder in map(Path, folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in LEFT_OUT:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                print(f"{digest}  {folder.name}/{path.relative_to(folder).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["build"]))
