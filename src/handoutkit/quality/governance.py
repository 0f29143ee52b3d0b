"""Governance: who signed a document off and when, and whether its text is the approved one.

A document is signed off by its latest approval of this very text (``handoutkit approve``),
else by the review in its front matter. Overdue is a warning, then an error; a text changed
since its approval, or never approved, is a warning, or an error where the project requires
approval (``approval: required: true`` in ``content/handoutkit.yml``).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

from ..model import ApprovalState, ApprovalStatus, Document, Finding, Status

if TYPE_CHECKING:
    from .checks import CheckSettings


def _months_between(earlier: date, later: date) -> int:
    return (
        (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    )


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    last = calendar.monthrange(day.year + year, month + 1)[1]
    return date(day.year + year, month + 1, min(day.day, last))


def governance(
    document: Document, settings: CheckSettings, approval: ApprovalState | None = None
) -> tuple[Finding, ...]:
    """Who signed the document off and when (its latest approval of this very text, else the
    review in its front matter): overdue is a warning, then an error; and, where the approval
    record was read (``approval``), whether the text is the approved one."""
    meta, group = document.meta, "governance"
    approved = approval.latest if approval is not None and approval.approved else None
    when = approved.at.date() if approved is not None else meta.reviewed
    who = approved.by if approved is not None else meta.reviewed_by
    findings: list[Finding] = []
    if approval is not None:
        findings.append(_approval_finding(document, approval, settings))
    if when is None or not who:  # (where approval is required, the approval finding errs)
        findings.append(Finding(group, "reviewer", Status.WARN,
                                "neither approved nor reviewed. Fix: have it approved: "
                                f"{approve_command(document)}.", where="front matter"))  # fmt: skip
        return tuple(findings)
    how = "approved" if approved is not None else "reviewed"
    findings.append(Finding(group, "reviewer", Status.PASS, f"{how} by {who}."))
    age = _months_between(when, settings.today)
    interval = settings.interval_for(document)
    fields = "approve it again" if approved is not None else "update 'reviewed' and 'reviewed_by'"
    if when > settings.today:
        status, detail = (
            Status.ERROR,
            f"the review date {when.isoformat()} is in the future. "
            "Fix: write the date the clinical review took place.",
        )
    elif age > 2 * interval:
        status, detail = (
            Status.ERROR,
            f"last {how} {when.isoformat()}, {age} months ago: more than twice the "
            f"{interval}-month review interval. Fix: have the document reviewed again and "
            f"{fields}.",
        )
    elif age > interval:
        status, detail = (
            Status.WARN,
            f"last {how} {when.isoformat()}, {age} months ago (interval {interval} months). "
            "Fix: schedule a review.",
        )
    else:
        # No "N months ago": a passing result reads the same whenever it is shown.
        due = _add_months(when, interval).isoformat()
        status, detail = Status.PASS, f"{how} {when.isoformat()}; next review by {due}."
    where = "approvals.jsonl" if approved is not None else "front matter"
    findings.append(Finding(group, "review date", status, detail, where=where))
    return tuple(findings)


def approve_command(document: Document) -> str:
    return (
        f"handoutkit approve --procedure {document.procedure} --language {document.language} "
        "--by NAME --role ROLE"
    )


def _approval_finding(
    document: Document, approval: ApprovalState, settings: CheckSettings
) -> Finding:
    """Approved as it is, changed since its approval (the sentences that changed), or never
    approved; the last two are errors where the project requires approval."""
    group, item = "governance", "approval"
    short = Status.ERROR if settings.approval_required else Status.WARN
    if approval.approved:
        return Finding(group, item, Status.PASS, f"{approval.describe()}; this is that text.")
    if approval.status is ApprovalStatus.CHANGED:
        changes = "; ".join(approval.diff.lines())
        return Finding(group, item, short,
                       f"{approval.describe()}: {changes}. Fix: have the new text approved: "
                       f"{approve_command(document)}.", where="approvals.jsonl")  # fmt: skip
    if document.meta.reviewed is not None and not settings.approval_required:
        return Finding(group, item, Status.SKIP,
                       "never approved with handoutkit approve; reviewed in its front matter "
                       "(reviewed, reviewed_by), which its footer shows.")  # fmt: skip
    return Finding(group, item, short,
                   f"never approved. Fix: {approve_command(document)}.")  # fmt: skip
