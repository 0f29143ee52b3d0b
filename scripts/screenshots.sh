#!/bin/sh
# Regenerate the README screenshots from build/: page 1 of the demo handout, a slide of the demo
# deck, and the same slide on a corporate PowerPoint template (the 16:9 one the tests make).
# Needs pdftoppm (poppler-utils) and LibreOffice Impress (libreoffice-impress).
set -eu
cd "$(dirname "$0")/.."
stem=build/larkspur-skin/microneedling/larkspur-skin_microneedling_en
slide=${SLIDE:-4}
for tool in pdftoppm soffice; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install poppler-utils libreoffice-impress" >&2; exit 1; }
done
[ -f "${stem}_handout-letter.pdf" ] || { echo "run 'make build' first" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p docs/images
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "${stem}_handout-letter.pdf" docs/images/handout-page1
soffice --headless --convert-to pdf --outdir "$scratch" "${stem}_slides.pptx" >/dev/null
pdftoppm -png -r 60 -f "$slide" -l "$slide" -singlefile "$scratch/$(basename "$stem")_slides.pdf" docs/images/slide
.venv/bin/python - "$scratch" <<'PY'
import io, sys, tempfile
from pathlib import Path
sys.path.insert(0, ".")
from tests.outputs.deck.test_pptx_templates import handout_on, wide_template
from handoutkit.outputs.deck.pptx import render_deck
handout = handout_on(Path(tempfile.mkdtemp()), "corporate.pptx", wide_template())
Path(sys.argv[1], "template.pptx").write_bytes(render_deck(handout))
PY
soffice --headless --convert-to pdf --outdir "$scratch" "$scratch/template.pptx" >/dev/null
pdftoppm -png -r 60 -f "$slide" -l "$slide" -singlefile "$scratch/template.pdf" docs/images/slide-template
# The language fixtures: page 1 and a slide of the Arabic and the Chinese handout and deck,
# the slides drawn by LibreOffice with the clinic's fonts, as the gallery's previews are.
.venv/bin/handoutkit build --content tests/fixtures/languages/content --out "$scratch/languages" \
    --no-previews --language ar --language zh >/dev/null
.venv/bin/python - "$scratch/languages/larkspur-skin/sample" <<'PY'
import sys
from pathlib import Path
from handoutkit.outputs.deck.rendercheck import check_decks
from handoutkit.outputs.thumbnails import pdf_page_png
from handoutkit.read.brand import read_clinic
folder = Path(sys.argv[1])
clinic, _ = read_clinic(Path("tests/fixtures/languages/content/clinics/larkspur-skin"))
fonts = {face.font.name: face.font.data for face in clinic.typography.base.faces}
decks = {f"{code}.pptx": (folder / f"larkspur-skin_sample_{code}_slides.pptx").read_bytes()
         for code in ("ar", "zh")}
for name, report in check_decks(decks, fonts=fonts).items():
    code = name.removesuffix(".pptx")
    assert report.ok, report.violations
    Path(f"docs/images/slide-{code}.png").write_bytes(report.slide_png(3, width_px=640))
    pdf = (folder / f"larkspur-skin_sample_{code}_handout-letter.pdf").read_bytes()
    Path(f"docs/images/handout-{code}-page1.png").write_bytes(pdf_page_png(pdf, 0, width_px=612))
PY
echo "wrote docs/images/handout-page1.png, slide.png and slide-template.png (slide $slide),"
echo "handout-ar-page1.png, handout-zh-page1.png, slide-ar.png and slide-zh.png"
