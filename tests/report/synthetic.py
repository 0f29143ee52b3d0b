"""A manifest of many jobs made up in memory (no build): for the gallery's and the report's
tests at sizes a real build would take hours to make."""

from __future__ import annotations

from handoutkit.model import Entry, Failure, JobKey, JobRecord, Manifest

APPROVALS = (
    "approved 2026-12-04 by Dr. A. Lee (Medical Director)",
    "changed since its approval 2026-10-01 by Dr. A. Lee: 1 sentence changed",
    "never approved",
)
TITLES = {
    "microneedling": "Microneedling: Collagen Induction Therapy",
    "chemical-peel": "Chemical Peels: What to Expect",
    "laser-hair-removal": "Laser Hair Removal: Before and After Your Visit",
}


def clinic_slug(number: int) -> str:
    return f"clinic-{number:03d}"


def procedure_slug(number: int) -> str:
    names = list(TITLES)
    return names[number] if number < len(names) else f"procedure-{number:02d}"


def job_files(key: JobKey, *, pictures: bool = True) -> list[Entry]:
    folder = f"{key.clinic}/{key.procedure}"
    files = [
        ("handout-pdf", "letter", f"{folder}/{key.stem}_handout-letter.pdf", 180_000),
        ("handout-pdf", "a4", f"{folder}/{key.stem}_handout-a4.pdf", 181_000),
        ("handout-html", None, f"{folder}/{key.stem}_handout.html", 90_000),
        ("slides-pptx", None, f"{folder}/{key.stem}_slides.pptx", 2_400_000),
    ]
    if pictures:
        files.append(("preview-handout", None, f"{folder}/previews/{key.stem}_handout.png", 60_000))
    return [
        Entry(key.clinic, key.procedure, key.language, kind, paper, path, "0" * 64, size)
        for kind, paper, path, size in files
    ]


def manifest(
    clinics: int,
    procedures: int,
    languages: tuple[str, ...] = ("en", "es", "zh"),
    *,
    first: int = 0,
    pictures: bool = True,
) -> Manifest:
    """``clinics`` × ``procedures`` × ``languages`` jobs: every seventh has two warnings,
    every eleventh failed (with its files from the build before), approvals in turn."""
    jobs, outputs, failures = [], [], []
    number = 0
    for c in range(first, first + clinics):
        for p in range(procedures):
            for language in languages:
                key = JobKey(clinic_slug(c), procedure_slug(p), language)
                title = TITLES.get(key.procedure, f"Procedure {p}: Care Before and After")
                jobs.append(
                    JobRecord(
                        key.clinic,
                        key.procedure,
                        key.language,
                        inputs="0" * 64,
                        title=f"{title} ({language})",
                        clinic_name=f"Clinic {c:03d} Skin & Laser",
                        reviewed="2026-11-02",
                        approval=APPROVALS[number % 3],
                        warnings=("a warning", "another warning") if number % 7 == 0 else (),
                    )
                )
                outputs += job_files(key, pictures=pictures)
                if number % 11 == 0:
                    failures.append(Failure.of(key, f"{key}: the notebook failed"))
                number += 1
    return Manifest(tuple(jobs), tuple(outputs), tuple(failures))
