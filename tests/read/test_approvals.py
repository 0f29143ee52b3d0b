"""The approval record, ``approvals.jsonl``: ``handoutkit approve`` appends who approved which
exact text; a document is approved while its text has that digest, changed (sentence by
sentence) once edited, never approved otherwise; a damaged line is an error naming it."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from handoutkit.authoring.approve import approve
from handoutkit.errors import ContentError, SelectionError
from handoutkit.model import ApprovalState, ApprovalStatus, Document, SentenceDiff
from handoutkit.read.approvals import (
    APPROVALS,
    approval_state,
    approved_text,
    read_approvals,
    sentence_diff,
)
from handoutkit.read.content import read_document

from ..conftest import DEMO_CONTENT

DOC = Path("procedures") / "microneedling" / "en.md"
WHEN = datetime(2026, 12, 4, 10, 15, tzinfo=UTC)
BY, ROLE = "Dr. A. Lee", "Medical Director"
OLD = (
    "This technique involves using fine needles to create micro-injuries in the skin, "
    "prompting the body’s natural healing process and resulting in smoother, firmer skin."
)
NEW = OLD.replace("using fine needles", "using very fine needles")
TIPS = "Here are some post-care tips:"


def document(content: Path) -> Document:
    found, _ = read_document(content / DOC, content_root=content)
    return found


def record_lines(content: Path) -> list[dict]:
    return [json.loads(line) for line in (content / APPROVALS).read_text("utf-8").splitlines()]


def state(content: Path) -> ApprovalState:
    return approval_state(document(content), read_approvals(content))


def line_for(text: str, **fields) -> str:
    """A record line as ``handoutkit approve`` writes it, with ``fields`` changed."""
    item = {"procedure": "microneedling", "language": "en",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text, "by": BY,
            "role": ROLE, "at": "2026-12-04T10:15:00+00:00"}  # fmt: skip
    item.update(fields)
    return json.dumps(item, ensure_ascii=False)


# --- approve ------------------------------------------------------------------------------


def test_approve_appends_one_json_line_per_call(content):
    first = approve(content, "microneedling", "en", BY, ROLE, now=WHEN)
    kept = (content / APPROVALS).read_bytes()
    second = approve(content, "microneedling", "en", "Dr. B. Cho", now=WHEN + timedelta(days=1))
    assert (first.approval.line, second.approval.line) == (1, 2)
    assert first.record == second.record == content.resolve() / APPROVALS
    data = (content / APPROVALS).read_bytes()
    assert data.startswith(kept) and data.count(b"\n") == 2  # the first line is never rewritten
    assert [line["by"] for line in record_lines(content)] == [BY, "Dr. B. Cho"]


def test_the_record_is_of_the_documents_approved_text_with_its_digest(content):
    recorded = approve(content, "microneedling", "en", BY, ROLE, now=WHEN)
    text = approved_text(document(content))
    (line,) = record_lines(content)
    assert line == {
        "procedure": "microneedling", "language": "en",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text": text, "by": BY,
        "role": ROLE, "at": "2026-12-04T10:15:00+00:00",
    }  # fmt: skip
    assert recorded.sentences == len(text.splitlines()) == 35
    assert text.splitlines()[:3] == ["Microneedling", "Collagen Induction Therapy",
                                     "What is Microneedling?"]  # fmt: skip


def test_the_approved_text_is_one_sentence_a_line_items_with_their_terms():
    lines = approved_text(document(DEMO_CONTENT)).splitlines()
    assert OLD in lines and TIPS in lines
    assert "Hydrate: Keep your skin moisturized with a gentle moisturizer." in lines
    assert all(line == " ".join(line.split()) and line for line in lines)


def test_approving_the_same_text_again_is_recorded_and_said(content):
    first = approve(content, "microneedling", "en", BY, now=WHEN)
    again = approve(content, "microneedling", "en", BY, now=WHEN)
    assert (first.again, again.again) == (False, True)
    assert again.approval.sha256 == first.approval.sha256


def test_the_time_is_kept_to_the_second_with_its_offset(content):
    when = datetime(2026, 12, 4, 11, 15, 30, 999, tzinfo=timezone(timedelta(hours=1)))
    recorded = approve(content, "microneedling", "en", BY, now=when)
    assert record_lines(content)[0]["at"] == "2026-12-04T11:15:30+01:00"
    assert recorded.approval.at == when.replace(microsecond=0)


def test_without_a_time_it_is_noon_utc_of_the_fixed_today(content):
    recorded = approve(content, "microneedling", "en", BY)  # conftest fixes today
    assert recorded.approval.at == datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_a_name_and_role_are_kept_with_their_white_space_collapsed_and_no_role_is_null(content):
    approve(content, "microneedling", "en", "  Dr.   A.\tLee ", now=WHEN)
    approve(content, "microneedling", "en", BY, "", now=WHEN)
    assert [(line["by"], line["role"]) for line in record_lines(content)] == [
        (BY, None),
        (BY, None),
    ]
    assert [a.role for a in read_approvals(content)] == [None, None]


@pytest.mark.parametrize("by", ["", "   ", "\t\n", "Dr. \x07Lee", "x" * 201])
def test_approve_refuses_a_name_that_is_empty_or_not_a_name(content, by):
    with pytest.raises(SelectionError) as caught:
        approve(content, "microneedling", "en", by, now=WHEN)
    error = caught.value
    assert error.problem.startswith("--by must be a name of 1 to 200 characters")
    assert error.fix == 'write it in quotes: --by "Dr. A. Lee".'
    assert not (content / APPROVALS).exists()


def test_approve_refuses_a_blank_role(content):
    with pytest.raises(SelectionError) as caught:
        approve(content, "microneedling", "en", BY, "   ", now=WHEN)
    assert caught.value.problem.startswith("--role must be a name")
    assert not (content / APPROVALS).exists()


def test_approve_on_an_unknown_procedure_lists_the_ones_that_exist(content):
    with pytest.raises(SelectionError) as caught:
        approve(content, "chemical-peel", "en", BY, now=WHEN)
    error = caught.value
    assert "unknown procedure 'chemical-peel'" in error.problem
    assert "the procedures that exist are: microneedling." in error.problem
    assert error.path == content.resolve() / "procedures"
    assert not (content / APPROVALS).exists()


def test_approve_on_a_language_without_a_document_lists_the_ones_that_exist(content):
    with pytest.raises(SelectionError) as caught:
        approve(content, "microneedling", "es", BY, now=WHEN)
    assert "unknown language 'es'; the languages that exist are: en." in caught.value.problem
    assert not (content / APPROVALS).exists()


def test_approve_refuses_a_document_that_does_not_read_cleanly(content, edit):
    edit(content / DOC, "## Conclusion\n", "## Conclusion\n\n## Empty\n")
    with pytest.raises(ContentError) as caught:
        approve(content, "microneedling", "en", BY, now=WHEN)
    assert caught.value.path == (content / DOC).resolve()
    assert not (content / APPROVALS).exists()


def test_approve_refuses_to_grow_a_damaged_record(content):
    (content / APPROVALS).write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        approve(content, "microneedling", "en", BY, now=WHEN)
    assert caught.value.where == "line 1"
    assert (content / APPROVALS).read_text(encoding="utf-8") == "{not json\n"


def test_a_record_without_a_final_new_line_gets_its_next_line_numbered_right(content):
    text = approved_text(document(content))
    (content / APPROVALS).write_text(line_for(text), encoding="utf-8")  # no "\n" at the end
    recorded = approve(content, "microneedling", "en", BY, now=WHEN)
    assert recorded.approval.line == 2
    assert [a.line for a in read_approvals(content)] == [1, 2]


# --- reading the record -----------------------------------------------------------------------


def test_without_a_record_there_are_no_approvals(content):
    assert read_approvals(content) == ()


def test_the_approvals_are_read_oldest_first_each_with_its_line(content):
    first = approve(content, "microneedling", "en", BY, ROLE, now=WHEN)
    second = approve(content, "microneedling", "en", "Dr. B. Cho", now=WHEN + timedelta(hours=1))
    assert read_approvals(content) == (first.approval, second.approval)


def test_blank_lines_are_skipped_and_the_lines_numbered_as_in_the_file(content):
    text = approved_text(document(content))
    (content / APPROVALS).write_text(f"{line_for(text)}\n\n  \n{line_for(text, by='B')}\n",
                                     encoding="utf-8")  # fmt: skip
    assert [(a.by, a.line) for a in read_approvals(content)] == [(BY, 1), ("B", 4)]


def damaged(text: str) -> dict[str, tuple[str, str]]:
    """Each kind of damaged line, and what the error says of it."""
    return {
        "not JSON": ("{not json", "the line is not a JSON object (Expecting property name"),
        "a list": ("[1, 2]", "the line is not a JSON object."),
        "no 'by'": (line_for(text).replace('"by"', '"who"'),
                    "the field 'by' is missing or not text."),
        "empty 'by'": (line_for(text, by="  "), "the field 'by' is missing or not text."),
        "'sha256' a number": (line_for(text, sha256=5),
                              "the field 'sha256' is missing or not text."),
        "'role' a number": (line_for(text, role=5), "the field 'role' is not text."),
        "edited text": (line_for(text).replace("Microneedling", "Micro-needling", 1),
                        "the approved text does not have the digest recorded with it: it was "
                        "edited."),
        "'at' without timezone": (line_for(text, at="2026-12-04T10:15:00"),
                                  "'at' is '2026-12-04T10:15:00', without its offset from UTC."),
        "'at' not a date": (line_for(text, at="yesterday"),
                            "'at' is 'yesterday', not a date and time."),
    }  # fmt: skip


@pytest.mark.parametrize("kind", list(damaged("")))
def test_a_damaged_line_is_an_error_naming_the_record_and_the_line(content, kind):
    text = approved_text(document(content))
    line, problem = damaged(text)[kind]
    record = content / APPROVALS
    record.write_text(f"{line_for(text)}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_approvals(content)
    error = caught.value
    assert (error.path, error.where) == (record, "line 3")
    assert str(error).startswith(f"{record}, line 3: {problem}")
    assert "\n" not in str(error)
    assert "written by 'handoutkit approve' only" in error.fix
    assert "restore the line from version control" in error.fix


def test_a_same_size_edit_with_a_new_time_is_read_again(content):
    approve(content, "microneedling", "en", BY, now=WHEN)
    record = content / APPROVALS
    before = os.stat(record)
    assert read_approvals(content)[0].by == BY
    record.write_text(record.read_text(encoding="utf-8").replace("Dr. A. Lee", "Dr. A. Lex"),
                      encoding="utf-8")  # fmt: skip
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert read_approvals(content)[0].by == "Dr. A. Lex"


def test_a_same_size_edit_keeping_the_records_time_is_checked(content):
    approve(content, "microneedling", "en", BY, now=WHEN)
    record = content / APPROVALS
    before = os.stat(record)
    read_approvals(content)
    record.write_text(record.read_text(encoding="utf-8").replace("Microneedling", "Microneedlinx",
                                                                  1), encoding="utf-8")  # fmt: skip
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(ContentError):
        read_approvals(content)


# --- the approval state ---------------------------------------------------------------------


def test_a_document_never_approved_is_never_approved(content):
    found = state(content)
    assert found == ApprovalState(ApprovalStatus.NEVER)
    assert (found.latest, found.approved, found.describe()) == (None, False, "never approved")


def test_approvals_of_other_documents_do_not_count(content):
    text = approved_text(document(content))
    (content / APPROVALS).write_text(f"{line_for(text, procedure='chemical-peel')}\n"
                                     f"{line_for(text, language='es')}\n",
                                     encoding="utf-8")  # fmt: skip
    assert state(content).status is ApprovalStatus.NEVER


def test_after_approve_the_document_is_approved(content):
    recorded = approve(content, "microneedling", "en", BY, ROLE, now=WHEN)
    found = state(content)
    assert (found.status, found.history, found.diff) == (
        ApprovalStatus.APPROVED, (recorded.approval,), SentenceDiff(),
    )  # fmt: skip
    assert found.approved and found.latest == recorded.approval


def test_after_editing_one_sentence_it_changed_by_exactly_that_sentence(content, edit):
    approve(content, "microneedling", "en", BY, now=WHEN)
    edit(content / DOC, "using fine needles", "using very fine needles")
    found = state(content)
    assert found.status is ApprovalStatus.CHANGED
    assert found.diff == SentenceDiff(changed=((OLD, NEW),))
    assert found.diff.lines() == (f"‘{OLD}’ became ‘{NEW}’",)


def test_an_added_sentence_is_added(content, edit):
    approve(content, "microneedling", "en", BY, now=WHEN)
    edit(content / DOC, TIPS, f"Rest for a day. {TIPS}")
    found = state(content)
    assert (found.status, found.diff) == (
        ApprovalStatus.CHANGED, SentenceDiff(added=("Rest for a day.",)),
    )  # fmt: skip


def test_a_removed_sentence_is_removed(content, edit):
    approve(content, "microneedling", "en", BY, now=WHEN)
    edit(content / DOC, f" {TIPS}", "")
    assert state(content).diff == SentenceDiff(removed=(TIPS,))


def test_a_change_of_markup_alone_changes_nothing_approved(content, edit):
    approve(content, "microneedling", "en", BY, now=WHEN)
    edit(content / DOC, "using fine needles", "using *fine* needles")
    assert state(content).status is ApprovalStatus.APPROVED


def test_approving_the_changed_text_makes_it_approved_again_with_its_history(content, edit):
    first = approve(content, "microneedling", "en", BY, now=WHEN)
    edit(content / DOC, "using fine needles", "using very fine needles")
    second = approve(content, "microneedling", "en", BY, now=WHEN + timedelta(days=1))
    found = state(content)
    assert (found.status, found.history) == (
        ApprovalStatus.APPROVED, (first.approval, second.approval),
    )  # fmt: skip


def test_reverting_to_an_older_approved_text_is_changed_from_the_latest(content, edit):
    approve(content, "microneedling", "en", BY, now=WHEN)
    edit(content / DOC, "using fine needles", "using very fine needles")
    approve(content, "microneedling", "en", BY, now=WHEN + timedelta(days=1))
    edit(content / DOC, "using very fine needles", "using fine needles")
    found = state(content)
    assert (found.status, found.diff) == (
        ApprovalStatus.CHANGED, SentenceDiff(changed=((NEW, OLD),)),
    )  # fmt: skip


# --- sentence_diff -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "now", "diff"),
    [
        ("a\nb\nc", "a\nb\nc", SentenceDiff()),
        ("a\nb\nc", "a\nB\nc", SentenceDiff(changed=(("b", "B"),))),
        ("a\nc", "a\nb\nc", SentenceDiff(added=("b",))),
        ("a\nb\nc", "a\nc", SentenceDiff(removed=("b",))),
        ("a\nb\nc", "a\nB\nX\nc", SentenceDiff(added=("X",), changed=(("b", "B"),))),
        ("a\nb\nx\nc", "a\nB\nc", SentenceDiff(removed=("x",), changed=(("b", "B"),))),
        ("", "a", SentenceDiff(added=("a",))),
    ],
    ids=["same", "changed", "added", "removed", "changed and added", "changed and removed",
         "from nothing"],
)  # fmt: skip
def test_sentence_diff_pairs_replaced_sentences_and_lists_the_rest(approved, now, diff):
    assert sentence_diff(approved, now) == diff
    assert bool(sentence_diff(approved, now)) is bool(diff)
