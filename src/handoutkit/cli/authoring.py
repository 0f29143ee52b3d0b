"""``handoutkit approve``: record who approved a document's exact text."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from .common import EXIT_OK, content_option


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    approve = commands.add_parser(
        "approve",
        help="record that a document's text, as it is now, is approved",
        description="Append to content/approvals.jsonl that this exact text of the document "
        "is approved, by whom, in what role and when. The handout's footer then says "
        "'Approved <date> by <name>, <role>'; a later edit shows as 'changed since approval' "
        "(with the sentences that changed) until the new text is approved.",
    )
    content_option(approve)
    approve.add_argument("--procedure", required=True, metavar="SLUG")
    approve.add_argument("--language", required=True, metavar="CODE")
    approve.add_argument("--by", required=True, metavar="NAME", help="who approves the text")
    approve.add_argument("--role", metavar="ROLE", help="their role: 'Medical Director'")
    approve.set_defaults(run=run_approve)


def run_approve(args: argparse.Namespace, out: Console) -> int:
    from ..authoring.approve import approve  # start-up: each command its own

    done = approve(args.content, args.procedure, args.language, args.by, args.role)
    approval = done.approval
    who = f"{approval.by}, {approval.role}" if approval.role else approval.by
    again = " This text had been approved before; this approval is recorded too."
    out.print(
        escape(
            f"Approved {approval.procedure}/{approval.language} as it is now "
            f"({done.sentences} sentences, sha256 {approval.sha256[:12]}…) by {who}, "
            f"{approval.at.isoformat(sep=' ')}. Recorded in {done.record}, line {approval.line}."
            + (again if done.again else "")
        ),
        soft_wrap=True,
    )
    return EXIT_OK
