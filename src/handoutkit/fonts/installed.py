"""The fonts installed on this machine, as fontconfig lists them (read once per process)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

_FORMAT = "%{family}\t%{weight}\t%{slant}\t%{index}\t%{file}\n"
_BOLD = 200  # fontconfig's weight of Bold; Regular is 80
_ROMAN = 0


@dataclass(frozen=True, slots=True)
class InstalledFace:
    families: tuple[str, ...]  # "Noto Sans CJK SC" (and its other names)
    weight: int  # fontconfig's scale
    italic: bool
    index: int  # in a collection (.ttc)
    path: str


@lru_cache(maxsize=1)
def installed() -> tuple[InstalledFace, ...]:
    """Every face fontconfig knows (none where fontconfig is not installed)."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        done = subprocess.run(
            ["fc-list", "--format", _FORMAT], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in sorted(done.stdout.splitlines()):
        parts = line.split("\t")
        if len(parts) != 5 or not parts[1].isdigit() or not parts[3].isdigit():
            continue
        families = tuple(name.strip() for name in parts[0].split(",") if name.strip())
        slant = int(parts[2]) if parts[2].isdigit() else _ROMAN
        faces.append(InstalledFace(families, int(parts[1]), slant != _ROMAN, int(parts[3]),
                                   parts[4]))  # fmt: skip
    return tuple(faces)


@lru_cache(maxsize=256)
def find_installed(
    family: str, *, bold: bool = False, italic: bool = False
) -> InstalledFace | None:
    """The installed face of ``family`` (its name exactly, any case) closest to the style."""
    wanted = family.casefold()
    matches = [face for face in installed() if wanted in (n.casefold() for n in face.families)]
    if not matches:
        return None
    weight = _BOLD if bold else 80
    return min(matches, key=lambda f: (f.italic != italic, abs(f.weight - weight), f.path))


def is_installed(family: str) -> bool:
    return find_installed(family) is not None
