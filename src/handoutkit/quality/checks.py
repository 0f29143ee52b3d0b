"""The patient-education quality gate: structure, governance, brand contrast, accessibility
(the last, which reads the deck's plan, in deckchecks).

Each check reads the validated models (never the outputs' bytes) and returns
findings: ``pass``, ``warn`` or ``error``, with what was measured and what to
change. The software never rewrites the clinic's words: it reports. The words the checks
look for are each language's (``[checks]`` in its data file).

Structure follows the machine-checkable items of AHRQ's PEMAT-P
(understandability): informative headings, short sections, lists for steps,
numbered steps, a summary, and at least one action for the patient.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..language import CheckWords, language_for, languages
from ..language.readability import score, words
from ..language.sentences import sentences
from ..model import (
    Document,
    Finding,
    ListBlock,
    Paragraph,
    Section,
    Status,
)
from ..outputs.colors import ColorPair
from ..read.settings import DEFAULT_REVIEW_MONTHS, DEFAULT_TARGET_GRADE, ProjectSettings

MIN_SCORED_WORDS = 30  # a grade of fewer words says little
SHORT_SECTION_WORDS = 200
GENERIC_HEADINGS = {
    "introduction", "information", "details", "other", "misc", "miscellaneous", "notes",
    "section", "text", "general", "more", "overview",
}  # fmt: skip


def check_words(language: str) -> CheckWords:
    """The words the structure checks look for in ``language`` (English's if it has none)."""
    found = language_for(language) or language_for("en")
    assert found is not None  # English ships with Handout Kit
    return found.checks


def _today() -> date:
    """Today, or ``HANDOUTKIT_TODAY`` (YYYY-MM-DD) so that tests and audits can fix the date."""
    fixed = os.environ.get("HANDOUTKIT_TODAY", "").strip()
    return date.fromisoformat(fixed) if fixed else date.today()


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """The project's defaults; a document's front matter may set its own."""

    target_grade: float = DEFAULT_TARGET_GRADE
    review_months: int = DEFAULT_REVIEW_MONTHS
    today: date = field(default_factory=_today)
    approval_required: bool = False

    @classmethod
    def of(
        cls,
        project: ProjectSettings,
        *,
        target_grade: float | None = None,
        review_months: int | None = None,
    ) -> CheckSettings:
        """The project's settings, with the values given here (a command's options) first."""
        return cls(
            target_grade=target_grade or project.target_grade,
            review_months=review_months or project.review_months,
            approval_required=project.approval_required,
        )

    def target_for(self, document: Document) -> float:
        return document.meta.target_grade or self.target_grade

    def interval_for(self, document: Document) -> int:
        return document.meta.review_months or self.review_months


def section_text(section: Section) -> str:
    """The section's prose, one paragraph or list item a line (what is read and scored)."""
    parts: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.extend(item.text for item in block.items)
    return "\n".join(parts)


def document_text(document: Document) -> str:
    return "\n".join(section_text(section) for section in document.sections)


def readability(document: Document, settings: CheckSettings) -> tuple[Finding, ...]:
    """Reading grades of the whole document and of each section, against the target."""
    target, language = settings.target_for(document), document.language
    whole = score(document_text(document), language)
    found = language_for(language, exact=True)  # the language `score` scored by
    called = found.name if found is not None else f"'{language}'"
    if found is None or not found.readability.formulas:
        return (
            Finding("readability", "reading level", Status.SKIP,
                    f"no readability formula for {called}: nothing is measured or held against "
                    "the target grade."),
        )  # fmt: skip
    if not whole.grades:
        why = (
            f"the text is too short for the grade-level formulas of {called}"
            if any(f.grade for f in found.readability.formulas)
            else f"no grade-level formula for {called}"
        )
        figures = "; ".join(f"{f.name} {f.value:g}" for f in whole.figures) or "none"
        return (
            Finding("readability", "reading grade", Status.SKIP,
                    f"{why}, so nothing is held against the target grade. The figures (in the "
                    f"report): {figures}."),
        )  # fmt: skip
    findings = []
    for name, grade in whole.grades:
        over = grade > target
        detail = f"grade {grade:g} for the whole document (target {target:g} or lower)."
        if over:
            detail += (
                " Fix: split the longest sentences and use shorter, everyday words;"
                " Handout Kit never changes the text."
            )
        findings.append(Finding("readability", name, Status.WARN if over else Status.PASS, detail))
    if any(f.status is Status.WARN for f in findings):
        longest = "; ".join(f"“{s}” ({n} words)" for s, n in whole.longest_sentences[:3])
        hardest = ", ".join(f"{w} ({n})" for w, n in whole.hardest_words)
        findings.append(
            Finding("readability", "what to rewrite", Status.WARN,
                    f"longest sentences: {longest}. Words with the most syllables: {hardest}.")
        )  # fmt: skip
    for section in document.sections:
        part = score(section_text(section), language)
        if part.words < MIN_SCORED_WORDS or not part.grades:
            continue
        name, grade = part.grades[0]
        over = grade > target
        findings.append(
            Finding("readability", f"section ‘{section.title}’",
                    Status.WARN if over else Status.PASS,
                    f"{name} {grade:g} (target {target:g}); {part.words} words in "
                    f"{part.sentences} sentences.", where=f"line {section.line}")
        )  # fmt: skip
    return tuple(findings)


def readability_scores(document: Document) -> tuple[tuple[str, float], ...]:
    """Every figure of the whole document, for the report."""
    whole = score(document_text(document), document.language)
    return (
        *whole.grades,
        *((f.name, f.value) for f in whole.figures if not f.grade),
        ("words", float(whole.words)),
        ("sentences", float(whole.sentences)),
    )


def structure(document: Document) -> tuple[Finding, ...]:
    """PEMAT-P's machine-checkable understandability items."""
    group, language = "structure", document.language
    findings: list[Finding] = []
    summary_words = check_words(language).summary_words
    generic = [
        s.title for s in document.sections
        if (len(s.title.split()) < 2 or s.title.strip().lower() in GENERIC_HEADINGS)
        and not _is_summary(s.title, summary_words)
    ]  # fmt: skip
    findings.append(
        Finding(group, "informative headings", Status.WARN, "headings that say little: "
                + ", ".join(f"'{t}'" for t in generic) + ". Fix: name what the section tells "
                "the patient, e.g. 'How to care for your skin'.")
        if generic
        else Finding(group, "informative headings", Status.PASS,
                     f"{len(document.sections)} sections, each with a descriptive heading.")
    )  # fmt: skip
    long = [(s, len(words(section_text(s)))) for s in document.sections]
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
    step_sections = [s for s in document.sections if _names_steps(s.title)]
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
    summary = [s for s in document.sections if _is_summary(s.title, summary_words)]
    findings.append(
        _not_checked(group, "summary", language, "summary_words")
        if not summary_words
        else Finding(group, "summary", Status.PASS, f"'{summary[0].title}' sums up.")
        if summary
        else Finding(group, "summary", Status.WARN,
                     "no summary or conclusion section. Fix: end with a short section headed "
                     "'Conclusion' or 'Key points'.")
    )  # fmt: skip
    verbs = check_words(language).action_verbs
    rules = language_for(language)
    actions = [
        sentence for s in document.sections for sentence in sentences(section_text(s), rules)
        if _starts_with_action(sentence, verbs)
    ]  # fmt: skip
    findings.append(
        _not_checked(group, "action for the patient", language, "action_verbs")
        if not verbs
        else Finding(group, "action for the patient", Status.PASS,
                f"{len(actions)} sentence(s) tell the patient what to do, e.g. "
                f"‘{_shorten(actions[0])}’.")
        if actions
        else Finding(group, "action for the patient", Status.WARN,
                     "no sentence tells the patient what to do. Fix: add at least one, e.g. "
                     "'Call the clinic if redness lasts more than three days.'")
    )  # fmt: skip
    return tuple(findings)


def _not_checked(group: str, name: str, language: str, field: str) -> Finding:
    found = language_for(language)
    file = found.source if found is not None and found.source else f"{language}.toml"
    return Finding(group, name, Status.SKIP,
                   f"not checked: Handout Kit has no words for it in '{language}'. Fix: a "
                   f"translator may add checks.{field} to {Path(file).name}.")  # fmt: skip


def _names_steps(title: str) -> bool:
    """A heading of steps ("How it works", "Steps"), in any language's words: a heading in one
    language over a document in another still counts."""
    steps = "|".join(word for lang in languages() for word in lang.checks.step_words)
    return re.search(rf"\b({steps})\b", title, re.IGNORECASE) is not None


def _is_summary(title: str, summary_words: Sequence[str]) -> bool:
    return any(word in title.lower() for word in summary_words)


def _shorten(sentence: str, limit: int = 80) -> str:
    """At most ``limit`` characters, cut between words."""
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def _starts_with_action(sentence: str, verbs: Sequence[str]) -> bool:
    body = sentence.split(":", 1)[1] if ":" in sentence[:40] else sentence
    lowered = body.strip().lower()
    return any(lowered.startswith(verb + " ") for verb in verbs)


def pemat_score(findings: Iterable[Finding]) -> int:
    """Percent of structure items passed (PEMAT reports understandability as a percentage)."""
    items = [f for f in findings if f.group == "structure"]
    return round(100 * sum(f.status is Status.PASS for f in items) / len(items)) if items else 0


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
