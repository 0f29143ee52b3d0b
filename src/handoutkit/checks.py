"""The patient-education quality gate: structure, governance, brand contrast, accessibility.

Each check reads the validated models (never the outputs' bytes) and returns
findings: ``pass``, ``warn`` or ``error``, with what was measured and what to
change. The software never rewrites the clinic's words: it reports.

Structure follows the machine-checkable items of AHRQ's PEMAT-P
(understandability): informative headings, short sections, lists for steps,
numbered steps, a summary, and at least one action for the patient.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .colors import ColorPair
from .models import Document, Handout, ListBlock, Paragraph, Section

DEFAULT_REVIEW_MONTHS = 12
SHORT_SECTION_WORDS = 200
GENERIC_HEADINGS = {
    "introduction", "information", "details", "other", "misc", "miscellaneous", "notes",
    "section", "text", "general", "more", "overview",
}  # fmt: skip
SUMMARY_WORDS = {
    "en": ("conclusion", "summary", "key points", "in short", "remember"),
    "es": ("conclusión", "resumen", "puntos clave", "recuerde"),
    "fr": ("conclusion", "résumé", "points clés", "à retenir"),
    "de": ("fazit", "zusammenfassung", "wichtig", "das wichtigste"),
}
# Verbs a patient is asked to do something with, at the start of a sentence or item.
ACTION_VERBS = {
    "en": (
        "avoid", "keep", "call", "ask", "use", "apply", "protect", "refrain", "contact",
        "book", "wash", "drink", "stop", "take", "wear", "tell", "consult", "follow",
        "hydrate", "rest", "schedule", "do not", "don't", "always", "never",
    ),
    "es": ("evite", "mantenga", "llame", "pregunte", "use", "aplique", "proteja", "consulte"),
    "fr": ("évitez", "gardez", "appelez", "demandez", "utilisez", "appliquez", "protégez"),
    "de": ("vermeiden", "halten", "rufen", "fragen", "verwenden", "schützen", "trinken"),
}  # fmt: skip
STEP_WORDS = ("how", "step", "procedure", "process", "cómo", "pasos", "comment", "étapes", "wie")


class Status(Enum):
    PASS = "pass"
    WARN = "warn"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Finding:
    """One checked item: its group, name, result, what was found and, if needed, the fix."""

    group: str
    item: str
    status: Status
    detail: str
    where: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "group": self.group,
            "item": self.item,
            "status": self.status.value,
            "detail": self.detail,
            "where": self.where,
        }


@dataclass(frozen=True, slots=True)
class CheckSettings:
    target_grade: float = 8.0
    review_months: int = DEFAULT_REVIEW_MONTHS
    today: date = field(default_factory=date.today)


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text))


def _section_text(section: Section) -> str:
    parts: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.extend(
                f"{item.term}: {item.text}" if item.term else item.text for item in block.items
            )
    return "\n".join(parts)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]


def structure(document: Document) -> tuple[Finding, ...]:
    """PEMAT-P's machine-checkable understandability items."""
    group, language = "structure", document.language
    findings: list[Finding] = []
    generic = [
        s.title for s in document.sections
        if len(s.title.split()) < 2 or s.title.strip().lower() in GENERIC_HEADINGS
    ]  # fmt: skip
    findings.append(
        Finding(group, "informative headings", Status.WARN, "headings that say little: "
                + ", ".join(f"'{t}'" for t in generic) + ". Fix: name what the section tells "
                "the patient, e.g. 'How to care for your skin'.")
        if generic
        else Finding(group, "informative headings", Status.PASS,
                     f"{len(document.sections)} sections, each with a descriptive heading.")
    )  # fmt: skip
    long = [(s, _words(_section_text(s))) for s in document.sections]
    too_long = [(s, n) for s, n in long if n > SHORT_SECTION_WORDS]
    findings.append(
        Finding(group, "short sections", Status.WARN,
                "; ".join(f"'{s.title}' has {n} words" for s, n in too_long)
                + f" (at most {SHORT_SECTION_WORDS}). Fix: split it under two headings.",
                where=f"line {too_long[0][0].line}")
        if too_long
        else Finding(group, "short sections", Status.PASS,
                     f"the longest section has {max((n for _, n in long), default=0)} words.")
    )  # fmt: skip
    lists = [b for s in document.sections for b in s.blocks if isinstance(b, ListBlock)]
    findings.append(
        Finding(group, "lists used", Status.PASS, f"{len(lists)} lists.")
        if lists
        else Finding(group, "lists used", Status.WARN,
                     "no lists. Fix: write steps, tips or risks as a list, one item per line.")
    )  # fmt: skip
    step_sections = [s for s in document.sections if any(w in s.title.lower() for w in STEP_WORDS)]
    unnumbered = [
        s.title for s in step_sections
        for b in s.blocks if isinstance(b, ListBlock) and not b.ordered
    ]  # fmt: skip
    ordered = [b for b in lists if b.ordered]
    if unnumbered:
        findings.append(
            Finding(
                group,
                "steps numbered",
                Status.WARN,
                "the steps under "
                + ", ".join(f"'{t}'" for t in unnumbered)
                + " are bullets. Fix: number them (1., 2., 3.).",
            )
        )
    elif ordered:
        findings.append(
            Finding(group, "steps numbered", Status.PASS, f"{len(ordered)} numbered list(s).")
        )
    else:
        findings.append(Finding(group, "steps numbered", Status.WARN,
                                "no numbered steps. Fix: if the patient follows steps, number "
                                "them (1., 2., 3.)."))  # fmt: skip
    words = SUMMARY_WORDS.get(language, SUMMARY_WORDS["en"])
    summary = [s for s in document.sections if any(w in s.title.lower() for w in words)]
    findings.append(
        Finding(group, "summary", Status.PASS, f"'{summary[0].title}' sums up.")
        if summary
        else Finding(group, "summary", Status.WARN,
                     "no summary or conclusion section. Fix: end with a short section headed "
                     "'Conclusion' or 'Key points'.")
    )  # fmt: skip
    verbs = ACTION_VERBS.get(language, ACTION_VERBS["en"])
    actions = [
        sentence for s in document.sections for sentence in _sentences(_section_text(s))
        if _starts_with_action(sentence, verbs)
    ]  # fmt: skip
    findings.append(
        Finding(group, "action for the patient", Status.PASS,
                f"{len(actions)} sentence(s) tell the patient what to do, e.g. "
                f"'{actions[0][:60]}'.")
        if actions
        else Finding(group, "action for the patient", Status.WARN,
                     "no sentence tells the patient what to do. Fix: add at least one, e.g. "
                     "'Call the clinic if redness lasts more than three days.'")
    )  # fmt: skip
    return tuple(findings)


def _starts_with_action(sentence: str, verbs: Sequence[str]) -> bool:
    body = sentence.split(":", 1)[1] if ":" in sentence[:40] else sentence
    lowered = body.strip().lower()
    return any(lowered.startswith(verb + " ") for verb in verbs)


def pemat_score(findings: Iterable[Finding]) -> int:
    """Percent of structure items passed (PEMAT reports understandability as a percentage)."""
    items = [f for f in findings if f.group == "structure"]
    return round(100 * sum(f.status is Status.PASS for f in items) / len(items)) if items else 0


def _months_between(earlier: date, later: date) -> int:
    return (
        (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    )


def governance(document: Document, settings: CheckSettings) -> tuple[Finding, ...]:
    """Who reviewed the document and when; overdue reviews are warnings, then errors."""
    meta, group = document.meta, "governance"
    findings = [
        Finding(group, "reviewer", Status.PASS, f"reviewed by {meta.reviewed_by}.")
        if meta.reviewed_by.strip()
        else Finding(group, "reviewer", Status.ERROR, "no reviewer. Fix: fill 'reviewed_by'.",
                     where="front matter")
    ]  # fmt: skip
    age = _months_between(meta.reviewed, settings.today)
    interval = settings.review_months
    if meta.reviewed > settings.today:
        status, detail = (
            Status.ERROR,
            (
                f"the review date {meta.reviewed.isoformat()} is in the future. "
                "Fix: write the date the clinical review took place."
            ),
        )
    elif age > 2 * interval:
        status, detail = (
            Status.ERROR,
            (
                f"last reviewed {meta.reviewed.isoformat()}, {age} months ago: more than "
                f"twice the {interval}-month review interval. Fix: have the document reviewed "
                "again and update 'reviewed' and 'reviewed_by'."
            ),
        )
    elif age > interval:
        status, detail = (
            Status.WARN,
            (
                f"last reviewed {meta.reviewed.isoformat()}, {age} months ago (interval {interval} "
                "months). Fix: schedule a review."
            ),
        )
    else:
        status, detail = Status.PASS, f"reviewed {meta.reviewed.isoformat()} ({age} months ago)."
    findings.append(Finding(group, "review date", status, detail, where="front matter"))
    return tuple(findings)


def brand_contrast(pairs: Iterable[ColorPair]) -> tuple[Finding, ...]:
    """WCAG contrast of every text colour the templates use, and what was adjusted."""
    findings = []
    for pair in pairs:
        if pair.adjusted:
            detail = (
                f"the brand's {pair.wanted} on {pair.background} is {pair.wanted_ratio}:1, under "
                f"{pair.minimum}:1; the handout prints {pair.used} instead ({pair.used_ratio}:1). "
                "Fix: choose a darker (or lighter) brand colour if you want it kept."
            )
            findings.append(Finding("brand", pair.role, Status.WARN, detail))
        else:
            detail = f"{pair.used} on {pair.background}: {pair.used_ratio}:1 (≥ {pair.minimum}:1)."
            findings.append(Finding("brand", pair.role, Status.PASS, detail))
    return tuple(findings)


def outputs_accessibility(handout: Handout) -> tuple[Finding, ...]:
    """Alt text, slide titles and text sizes, read from the deck plan and the brand."""
    from .deckplan import SlideKind, TableBox, TextBox, plan_deck

    group = "accessibility"
    plans = plan_deck(handout)
    untitled = [n for n, p in enumerate(plans, start=1) if not p.title.strip()]
    titles = [p.title for p in plans]
    pictures = [part for p in plans for part in p.body if not isinstance(part, TextBox | TableBox)]
    no_alt = [pic for pic in pictures if not pic.alt.strip()]  # type: ignore[union-attr]
    small = [
        (n, para.size_pt)
        for n, p in enumerate(plans, start=1)
        if p.kind is not SlideKind.TITLE
        for part in p.body if isinstance(part, TextBox)
        for para in part.paragraphs if para.size_pt < 20
    ]  # fmt: skip
    base = handout.clinic.typography.base_size_pt
    return (
        Finding(group, "slide titles", Status.ERROR if untitled or len(set(titles)) < len(titles)
                else Status.PASS,
                f"{len(plans)} slides, each with its own title." if not untitled
                else f"slides without a title: {untitled}."),
        Finding(group, "alt text", Status.ERROR if no_alt else Status.PASS,
                f"{len(pictures) + 1} pictures (logo included) all have alt text." if not no_alt
                else f"{len(no_alt)} picture(s) without alt text. Fix: describe each picture."),
        Finding(group, "text sizes", Status.ERROR if small or base < 12 else Status.PASS,
                f"handout body {base:g} pt (≥ 12), slide text ≥ 20 pt, titles ≥ 28 pt."
                if not small and base >= 12 else f"text under the minimum: {small or base}."),
    )  # fmt: skip
