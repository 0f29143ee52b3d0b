"""``handoutkit import``, ``approve`` and ``init``: a clinic's text into the content folder,
its sign-off, and a new project."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .common import EXIT_OK, content_option


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importer = commands.add_parser(
        "import",
        help="turn a Word document, a text file or Markdown into a procedure document",
        description="Read FILE (.docx, plain text or Markdown) and write "
        "<content>/procedures/<procedure>/<language>.md, after proving that every sentence "
        "of FILE is in it, in order. Prints what became what and what was left out. "
        "Never replaces a document without --force.",
    )
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument("--procedure", required=True, metavar="SLUG")
    importer.add_argument(
        "--language",
        metavar="CODE",
        help="the document's language (default: the one the Word document says, else en)",
    )
    content_option(importer)
    importer.add_argument(
        "--force", action="store_true", help="replace an existing document, showing the changes"
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="check and show the mapping, write nothing"
    )
    importer.set_defaults(run=run_import)
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

    init = commands.add_parser(
        "init",
        help="start a new project folder with an example clinic and procedure",
        description="Make DIR with content/ (an example clinic and procedure, the settings "
        "file), a README for the marketing team and a .gitignore for build/. Then run "
        "'handoutkit build' inside DIR.",
    )
    init.add_argument("folder", type=Path, metavar="DIR")
    init.set_defaults(run=run_init)


def run_import(args: argparse.Namespace, out: Console) -> int:
    from ..authoring.importer import import_file  # start-up: each command its own

    done = import_file(
        args.file,
        procedure=args.procedure,
        content_dir=args.content,
        language=args.language,
        force=args.force,
        write=not args.dry_run,
    )
    source = done.source
    table = Table(title=f"{source.form} {source.path} → {done.target}", title_justify="left")
    table.add_column("What")
    table.add_column("Imported as", overflow="fold")
    for what, value in done.mapping():
        table.add_row(what, escape(value))
    out.print(table)
    for omitted in source.omitted:
        out.print(escape(f"left out ({omitted.origin}): {omitted.why}: ‘{omitted.text}’"),
                  soft_wrap=True)  # fmt: skip
    err = Console(stderr=True, highlight=False)
    for doubt in source.doubts:
        err.print(f"[yellow]check[/] ({escape(doubt.origin)}): {escape(doubt.text)}",
                  soft_wrap=True)  # fmt: skip
    if done.replaced is not None:
        changes = done.replaced.lines() or ("no sentence changes",)
        out.print(f"Replacing {done.target}: {done.replaced.summary() or 'the same text'}")
        for line in changes:
            out.print(f"  {escape(line)}", soft_wrap=True)
    verb = "Wrote" if done.written else "Would write (--dry-run)"
    out.print(
        f"{verb} {done.target}: every one of the {done.fidelity.sentences} sentences of "
        f"{source.path.name} is in it, in order. It is not approved yet: review it, then "
        f"handoutkit approve --procedure {args.procedure} --language {done.language} "
        "--by NAME --role ROLE.",
        soft_wrap=True,
    )
    return EXIT_OK


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


def run_init(args: argparse.Namespace, out: Console) -> int:
    from ..authoring.project import init_project  # start-up: each command its own

    made = init_project(args.folder)
    out.print(
        escape(
            f"Made {args.folder} ({len(made)} files): content/ with an example clinic and "
            f"procedure, content/handoutkit.yml, README.md and .gitignore. Next: cd "
            f"{args.folder} && handoutkit build, then open build/index.html."
        ),
        soft_wrap=True,
    )
    return EXIT_OK
