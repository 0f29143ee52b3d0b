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

from .errors import RenderError

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_S = 600


def soffice() -> str | None:
    """The LibreOffice command, if it is installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


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
    font_dirs: Sequence[Path] = (),
) -> dict[str, bytes]:
    """PDF bytes of each document, by name (``name`` must end in .pptx, .docx, ...).

    ``font_dirs`` (the clinics' folders, say) are added to the fonts LibreOffice may use,
    so decks are drawn in the brand's fonts even where those are not installed.
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
        if font_dirs:
            environment["FONTCONFIG_FILE"] = str(_fontconfig(folder, font_dirs))
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
