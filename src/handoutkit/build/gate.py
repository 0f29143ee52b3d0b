"""The quality checks a build runs itself: review dates before any job starts, the
notebooks' findings after, and the report made from what the manifest keeps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import JobKey, JobRecord, Manifest, Status
from ..model.run import JobOutcome
from ..read.catalog import Catalog
from .folder import BuildFolder, interrupts_deferred
from .plan import BuildOptions, Plan
from .store import Store

if TYPE_CHECKING:
    from ..quality.checks import CheckSettings


def gate(options: BuildOptions, the_plan: Plan) -> dict[JobKey, str]:
    """The jobs not to start: those whose documents' review dates are errors (unless
    ``allow_errors``), and where the project requires approval, those whose documents are
    not approved as they are (unless ``allow_unapproved``). A document that cannot be read
    is left to its job, which says why.
    """
    # A Ctrl-C is held until the checks are imported: one landing mid-import leaves fontTools
    # half-patched, and the report an interrupted build still writes would fail to import it.
    with interrupts_deferred():
        # start-up: the readers only when building
        from ..quality.report import approval_gate, gate_checks

    keys = [job.key for job in the_plan.to_build]
    refused: dict[JobKey, str] = {}
    if the_plan.settings.approval_required and not options.allow_unapproved:
        refused.update(approval_gate(the_plan.catalog, keys))
    if not options.allow_errors:
        report = gate_checks(the_plan.catalog, keys, check_settings(the_plan))
        for key, reason in report.refused(keys).items():
            refused.setdefault(key, reason)
    return refused


def refused(outcome: JobOutcome, catalog: Catalog) -> JobOutcome:
    """``outcome`` failed with the reason if its notebooks' checks found an error (a deck
    without slide titles or alt text, text too small): its files are then not written."""
    from ..quality.report import refusal  # start-up: only once a job has finished

    error = next((f for f in outcome.checks if f.status is Status.ERROR), None)
    if error is None:
        return outcome
    return JobOutcome(outcome.key, error=refusal(catalog.brand_path(outcome.key.clinic), error))


def write_quality_report(
    options: BuildOptions,
    the_plan: Plan,
    source: Store | Manifest,
    notes: list[str],
    folder: BuildFolder,
) -> None:
    """checks.json and checks.html of every selected job, from what the notebooks found (kept
    in the records) with the review dates checked anew: nothing is computed twice."""
    # start-up: the checks and Jinja2 only when the report changes.
    from ..quality.report import report_from_records
    from .reports import write_report

    keys = [job.key for job in the_plan.jobs]
    records = report_records(source, keys)
    report = report_from_records(the_plan.catalog, keys, records, check_settings(the_plan))
    _, html_path = write_report(report, folder, options.templates_dir)
    notes.append(
        f"quality checks: {report.count(Status.ERROR)} error(s), "
        f"{report.count(Status.WARN)} warning(s); see {html_path}"
    )


def report_records(source: Store | Manifest, keys: Sequence[JobKey]) -> dict[JobKey, JobRecord]:
    """The records of ``keys`` the quality report reads. From the store, every record's
    accessibility findings and only a few records whole (one per document and per clinic):
    a catalog of 60,000 jobs is not loaded whole to report on it."""
    from ..quality.report import HANDOUT_GROUP, whole_records  # start-up: as above

    if isinstance(source, Manifest):
        return {key: record for key in keys if (record := source.job(key)) is not None}
    light = source.light_records(HANDOUT_GROUP)
    whole = {record.key: record for record in source.manifest(whole_records(keys, light)).jobs}
    return {key: whole.get(key, light[key]) for key in keys if key in light}


def check_settings(the_plan: Plan) -> CheckSettings:
    from ..quality.checks import CheckSettings  # start-up: only when checks run

    return CheckSettings.of(the_plan.settings)
