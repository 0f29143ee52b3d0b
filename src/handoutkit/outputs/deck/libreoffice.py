"""LibreOffice as a real PPTX client: decks converted to PDF the way a presenter would see them.

One ``soffice`` process converts a whole batch (starting LibreOffice costs
about a second; each further deck a fraction of that). A fresh private
profile folder (no slower than a reused one) keeps it from clashing with a
LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from ...errors import RenderError
from ...inputs.files import FileProblem, locate, read_located
from ...inputs.folders import scan_folder
from ...limits import FONT_BYTES

FONT_SUFFIXES = (".ttf", ".otf")

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_S = 600


def soffice() -> str | None:
    """The LibreOffice command, if it is installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def clinic_fonts(folder: Path) -> dict[str, bytes]:
    """The font files in a clinic's folder, by a unique name, read as every clinic file is
    (inside the folder, regular files, bounded): LibreOffice gets copies, never the folder."""
    fonts = {}
    for relative, _ in scan_folder(folder).entries:
        if not relative.lower().endswith(FONT_SUFFIXES):
            continue
        try:
            data = read_located(locate(folder / relative, root=folder), limit=FONT_BYTES)
        except FileProblem:
            continue  # the brand reader reports it if the brand uses it
        fonts[f"{folder.name}/{relative}"] = data
    return fonts


def _fontconfig(folder: Path, font_dirs: Sequence[Path]) -> Path:
    """A fontconfig file: the system's fonts plus ``font_dirs``."""
    dirs = "".join(f"<dir>{escape(str(d.resolve()))}</dir>" for d in font_dirs)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{dirs}<cachedir>{escape(str(folder / 'fontcache'))}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return config


def convert_to_pdf(
    documents: Mapping[str, bytes],
    *,
    profile_dir: Path | None = None,
    fonts: Mapping[str, bytes] | None = None,
) -> dict[str, bytes]:
    """PDF bytes of each document, by name (``name`` must end in .pptx, .docx, ...).

    ``fonts`` (file name to bytes: the clinics' font files) are added to the fonts
    LibreOffice may use, so decks are drawn in the brand's fonts even where those are not
    installed. They are copied into a private folder: LibreOffice never scans a clinic's.
    """
    command = soffice()
    if command is None:
        raise RenderError(
            "LibreOffice is not installed, so slides cannot be drawn as pictures.",
            fix="install it with 'apt-get install libreoffice-impress' (make build does this).",
        )
    with tempfile.TemporaryDirectory(prefix="handoutkit-lo-") as scratch:
        folder = Path(scratch)
        profile = profile_dir or folder / "profile"
        inputs = []
        for name, data in documents.items():
            path = folder / "in" / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            inputs.append(str(path))
        environment = dict(os.environ)
        if fonts:
            font_dir = folder / "fonts"
            for number, (name, data) in enumerate(sorted(fonts.items())):
                target = font_dir / f"{number:03d}-{Path(name).name}"
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(data)
            environment["FONTCONFIG_FILE"] = str(_fontconfig(folder, [font_dir]))
        completed = subprocess.run(
            [
                command,
                f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "out"),
                *inputs,
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
            env=environment,
        )
        results = {}
        for name in documents:
            pdf = folder / "out" / (Path(name).stem + ".pdf")
            if not pdf.is_file():
                raise RenderError(
                    f"LibreOffice could not convert {name} to PDF "
                    f"(exit {completed.returncode}: {completed.stderr.strip()[-300:]}).",
                    fix="open the deck in PowerPoint or LibreOffice to check it; if it opens, "
                    "this is a Handout Kit bug.",
                )
            results[name] = pdf.read_bytes()
        return results
