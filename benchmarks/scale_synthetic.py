"""A synthetic catalog of any size, built in name only: content folders and build records.

`make_content` writes clinics (the demo clinic's brand with a new name, its fonts and logo
as hard links: no disk space) and procedures (the demo document retitled) in several
languages; `record_everything` writes, for each planned job, one tiny output file and a
manifest record copied from a real job's (its checks and scores) with the job's digest, as
if every job had been built. `benchmarks/scale.py` then plans and runs no-op builds on it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_CLINIC = "larkspur-skin"
DEMO_PROCEDURE = "microneedling"
LANGUAGES = ("en", "es", "fr")


def _link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=os.link)


def make_content(target: Path, clinics: int, procedures: int, languages: int) -> None:
    """``clinics`` × ``procedures`` × ``languages`` jobs' content under ``target``."""
    source = ROOT / "content"
    demo = source / "clinics" / DEMO_CLINIC
    brand = (demo / "_brand.yml").read_text(encoding="utf-8")
    for number in range(1, clinics + 1):
        folder = target / "clinics" / f"clinic-{number:04d}"
        _link_tree(demo, folder)
        (folder / "_brand.yml").unlink()
        text = brand.replace("Larkspur Skin Clinic", f"Clinic Number {number}")
        (folder / "_brand.yml").write_text(text, encoding="utf-8")
    document = (source / "procedures" / DEMO_PROCEDURE / "en.md").read_text(encoding="utf-8")
    for number in range(1, procedures + 1):
        folder = target / "procedures" / f"procedure-{number:03d}"
        folder.mkdir(parents=True)
        for language in LANGUAGES[:languages]:
            text = re.sub(r"^title: (.*)$", rf"title: \1 {number}", document, count=1, flags=re.M)
            text = re.sub(r"^language: .*$", f"language: {language}", text, count=1, flags=re.M)
            (folder / f"{language}.md").write_text(text, encoding="utf-8")
