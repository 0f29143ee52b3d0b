"""Reading YAML that clinics write (front matter, brand and settings files) safely.

The YAML comes from many people and editors, so it is bounded and checked on
ruamel.yaml's event stream before anything is built from it: anchors, aliases
and merge keys (which let a few lines expand to gigabytes), nesting deeper
than ``YAML_DEPTH``, tags, a second document, duplicate keys and keys in
typographic quotes are refused with the file's line and a fix. What passes is
loaded in round-trip mode, so mappings and sequences keep their line numbers
(``.lc``) for the callers' own messages; dates stay text, for the caller to
check under its field's name.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner

from ..errors import HandoutKitError
from ..limits import YAML_DEPTH, Limit

__all__ = ["TYPOGRAPHIC_QUOTES", "line_of", "load_yaml", "where"]

TYPOGRAPHIC_QUOTES = "“”‘’„‚«»‹›「」『』"

_CORE = "tag:yaml.org,2002:"
_SYNTAX_FIX = (
    "check that line for a missing colon, a stray quote or bracket, or wrong indentation; "
    "a value containing ': ' or starting with '#', '&', '*', '!', '[' or '{' must be in quotes."
)
_TAB_FIX = (
    "indent with spaces, not tabs, and put a space (not a tab) after 'key:': YAML does not "
    "allow tabs there."
)
_NO_REFERENCES = "Handout Kit does not read YAML anchors, aliases or merge keys ('&', '*', '<<')"


def load_yaml(
    text: str,
    *,
    path: Path,
    error: type[HandoutKitError],
    limit: Limit,
    first_line: int = 1,
    what: str = "the file",
) -> Any:
    """The round-trip tree of one YAML document (None when empty), or ``error``.

    ``text`` is already decoded (:func:`~handoutkit.inputs.textfile.decode_text`);
    ``first_line`` is the file's line number of its first line (2 for front
    matter), so every ``where`` names a line of the file; ``what`` names the text in
    messages ("the front matter"). Mappings and sequences
    are ``CommentedMap`` / ``CommentedSeq``; scalars are str, int, float, bool or
    None (ruamel's subclasses of them for some), dates stay str.
    """
    size = len(text.encode("utf-8"))
    if size > limit.value:
        raise error(
            f"{what} is too large: {limit.exceeded(size)}.",
            fix=f"keep it under {limit.shown}: remove long comments and fields Handout Kit "
            "does not use.",
            path=path,
            where=f"line {first_line}",
        )
    _check_events(text, _Context(path, error, first_line, what))
    try:
        return _yaml().load(text)
    except _BadValue as exc:
        raise error(
            f"the value cannot be read ({exc.reason}).",
            fix="if it is meant as text, put it in quotes.",
            path=path,
            where=f"line {exc.line + first_line}",
        ) from None
    except DuplicateKeyError as exc:  # keys equal only once resolved: 1 and 0x1, true and True
        line = exc.problem_mark.line + first_line if exc.problem_mark else None
        raise error(
            f"a key appears twice in one mapping ({exc.problem}).",
            fix="keep one of them.",
            path=path,
            where=f"line {line}" if line is not None else None,
        ) from None
    except YAMLError as exc:  # _check_events parsed the same text: not expected
        raise _syntax_error(exc, text, _Context(path, error, first_line, what)) from None


def line_of(node: Any, *keys: str | int, first_line: int = 1) -> int | None:
    """The file line of the deepest of ``keys`` found under ``node`` (of ``node`` itself
    when no keys are given), None when the tree does not know it."""
    line: int | None = None
    if not keys:
        lc = getattr(node, "lc", None)
        return lc.line + first_line if lc is not None and lc.line is not None else None
    for key in keys:
        try:
            lc = getattr(node, "lc", None)
            if lc is not None:
                line = lc.item(key)[0] if isinstance(key, int) else lc.key(key)[0]
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line + first_line if line is not None else None


def where(node: Any, *keys: str | int, first_line: int = 1) -> str:
    """``line 22, field 'color.palette.larkspur'``; ``field '...'`` when the line is unknown."""
    line = line_of(node, *keys, first_line=first_line)
    parts = [f"line {line}"] if line is not None else []
    if keys:
        parts.append(f"field '{'.'.join(str(key) for key in keys)}'")
    return ", ".join(parts)


# --- ruamel.yaml, configured --------------------------------------------------------------


class _TooDeep(Exception):
    """Raised by the scanner at the first '[' or '{' beyond ``YAML_DEPTH``."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _BadValue(Exception):
    """A scalar that matched a type but cannot be built (an integer of 5,000 digits)."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason, line)
        self.reason = reason
        self.line = line


class _Scanner(RoundTripScanner):
    """Stops at once on deep flow nesting: ruamel's scanner looks up to 1,024 characters
    ahead for a key after every '[', which is slow on '[[[[...' long before the parser
    sends an event."""

    def fetch_flow_collection_start(self, token_class: Any, to_push: str) -> None:
        if self.flow_level >= YAML_DEPTH.value:
            raise _TooDeep(self.reader.get_mark().line)
        super().fetch_flow_collection_start(token_class, to_push)


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps dates as text and locates values it cannot build."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            raise _BadValue(str(exc), node.start_mark.line) from None


# A date the resolver recognises (2026-11-02, 2026-13-45) is built as the string it is.
_Constructor.add_constructor(_CORE + "timestamp", RoundTripConstructor.construct_yaml_str)


def _yaml() -> YAML:
    """A fresh round-trip loader (ruamel's YAML objects are not thread-safe)."""
    yaml = YAML(typ="rt")
    yaml.Scanner = _Scanner
    yaml.Constructor = _Constructor
    return yaml


# --- checks on the event stream -----------------------------------------------------------


@dataclass(slots=True)
class _Context:
    path: Path
    error: type[HandoutKitError]
    first_line: int
    what: str = "the file"

    def fail(self, problem: str, fix: str, line: int, fields: list[str | int]) -> HandoutKitError:
        """``error`` at the 0-based text ``line``, naming ``fields`` when there are any."""
        at = f"line {line + self.first_line}"
        if fields:
            at += f", field '{'.'.join(str(name) for name in fields)}'"
        return self.error(problem, fix=fix, path=self.path, where=at)


@dataclass(slots=True)
class _Level:
    """One open mapping or sequence while the events are read."""

    mapping: bool
    expecting_key: bool = True
    keys: dict[str, int] = field(default_factory=dict)  # key -> 0-based line
    child: str | int | None = None  # key or index of the node being read
    count: int = 0


def _check_events(text: str, ctx: _Context) -> None:
    """Refuse what must never be composed, reading ruamel's events once."""
    stack: list[_Level] = []
    documents = 0
    try:
        with closing(_yaml().parse(text)) as events:
            for event in events:
                if isinstance(event, DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise ctx.fail(
                            "the text holds more than one YAML document: a second one starts here.",
                            "remove this '---' line and what follows it, or merge the two "
                            "parts into one.",
                            event.start_mark.line,
                            [],
                        )
                elif isinstance(event, CollectionEndEvent):
                    stack.pop()
                elif isinstance(event, NodeEvent):
                    _check_node(event, stack, ctx)
    except _TooDeep as exc:
        raise _too_deep(exc.line, ctx) from None
    except YAMLError as exc:
        raise _syntax_error(exc, text, ctx) from None


def _check_node(event: NodeEvent, stack: list[_Level], ctx: _Context) -> None:
    line = event.start_mark.line
    parent = stack[-1] if stack else None
    is_key = False
    if parent is not None:
        if parent.mapping:
            is_key = parent.expecting_key
            parent.expecting_key = not is_key
        else:
            parent.child, parent.count = parent.count, parent.count + 1
    # The fields leading to this node; a key's own name is added by _check_key.
    levels = stack[:-1] if is_key else stack
    fields = [level.child for level in levels if level.child is not None]

    if isinstance(event, AliasEvent):
        raise ctx.fail(
            f"the value is the alias '*{event.anchor}'; {_NO_REFERENCES}.",
            "write the value out in full here instead of the alias.",
            line,
            fields,
        )
    if event.anchor is not None:
        raise ctx.fail(
            f"the value has the anchor '&{event.anchor}'; {_NO_REFERENCES}.",
            f"delete '&{event.anchor}' and write the value out in full wherever "
            f"'*{event.anchor}' is used.",
            line,
            fields,
        )
    # Even core tags: ruamel builds '!!str 1.0' as a TaggedScalar, not a str.
    if event.tag is not None:
        tag = "!!" + event.tag[len(_CORE) :] if event.tag.startswith(_CORE) else event.tag
        raise ctx.fail(
            f"the value has the YAML tag '{tag}'; Handout Kit's files use no tags.",
            "remove the tag (the word starting with '!'); to keep a value such as 1.0 as "
            "text, put it in quotes: '1.0'.",
            line,
            fields,
        )
    if is_key:
        assert parent is not None
        if not isinstance(event, ScalarEvent):
            raise ctx.fail(
                "a key here is a list or a mapping; keys must be plain names.",
                "write the key as a name followed by a colon, e.g. title: ...",
                line,
                fields,
            )
        _check_key(event, parent, line, fields, ctx)
        parent.child = event.value
    if isinstance(event, CollectionStartEvent):
        stack.append(_Level(mapping=isinstance(event, MappingStartEvent)))
        if len(stack) > YAML_DEPTH.value:
            raise _too_deep(line, ctx)


def _check_key(
    event: ScalarEvent, parent: _Level, line: int, fields: list[str | int], ctx: _Context
) -> None:
    key: str = event.value
    here = [*fields, key]
    if key == "<<" and event.style is None and event.tag is None:
        raise ctx.fail(
            f"the key '<<' merges another mapping into this one; {_NO_REFERENCES}.",
            "write the fields out in full in this mapping and delete the '<<' line.",
            line,
            fields,
        )
    bare = key.strip(TYPOGRAPHIC_QUOTES + " ")
    if key and (key[0] in TYPOGRAPHIC_QUOTES or key[-1] in TYPOGRAPHIC_QUOTES):
        raise ctx.fail(
            f"the key {key} is written with typographic quotes (as Word or a Mac's smart "
            "quotes write them), so it is not a field Handout Kit knows.",
            f"write it without quotes: {bare}: ...",
            line,
            here,
        )
    first = parent.keys.get(key)
    if first is not None:
        raise ctx.fail(
            f"'{key}' appears twice, on lines {first + ctx.first_line} and "
            f"{line + ctx.first_line}.",
            "keep one of them.",
            line,
            here,
        )
    parent.keys[key] = line


def _too_deep(line: int, ctx: _Context) -> HandoutKitError:
    return ctx.fail(
        f"{ctx.what} is nested too deeply: {YAML_DEPTH.exceeded(f'more than {YAML_DEPTH.value}')}.",
        "Handout Kit's files need only a few levels: look for stray '[' or '{' or "
        "indentation that grows line after line.",
        line,
        [],
    )


def _syntax_error(exc: YAMLError, text: str, ctx: _Context) -> HandoutKitError:
    """The error for text ruamel.yaml cannot parse, at the line to fix."""
    if isinstance(exc, ReaderError):
        line = text.count("\n", 0, max(exc.position, 0))
        character = exc.character if isinstance(exc.character, int) else 0
        return ctx.fail(
            f"the text contains the character U+{character:04X}, which YAML does not allow.",
            "delete that character.",
            line,
            [],
        )
    if not isinstance(exc, MarkedYAMLError):
        return ctx.error(
            f"{ctx.what} is not valid YAML ({exc}).", fix=_SYNTAX_FIX, path=ctx.path, where=None
        )
    problem = (exc.problem or exc.context or "unreadable YAML").rstrip(".")
    context = (exc.context or "") if exc.problem else ""
    construct = context.removeprefix("while scanning ").removeprefix("while parsing ")
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    at_end = "end of stream" in problem or "<stream end>" in problem
    # Where the broken construct starts (an unclosed quote or '[', a key without its
    # colon) is the line to fix; otherwise where the parser gave up is.
    use_context = bool(context) and context_mark is not None
    use_context &= at_end or "flow" in context or "scanning" in context
    mark = context_mark if use_context or problem_mark is None else problem_mark
    if mark is None:
        return ctx.error(
            f"{ctx.what} is not valid YAML: {problem}.", fix=_SYNTAX_FIX, path=ctx.path
        )
    detail = problem
    if use_context and at_end:
        detail = f"{construct} starts here and is never closed ({problem})"
    elif use_context and problem_mark is not None and problem_mark.line != mark.line:
        detail = f"{construct} starts here: {problem} on line {problem_mark.line + ctx.first_line}"
    elif context and context_mark is not None and context_mark.line != mark.line:
        detail = f"{problem} ({context} that starts on line {context_mark.line + ctx.first_line})"
    line_text = _line(text, mark.line)
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    tab = "'\\t'" in problem or "\t" in indent
    fix = _TAB_FIX if tab else _SYNTAX_FIX
    return ctx.fail(f"{ctx.what} is not valid YAML: {detail}.", fix, mark.line, [])


def _line(text: str, index: int) -> str:
    """Line ``index`` (0-based) of ``text``, '' past the end."""
    lines = text.split("\n", index + 1)
    return lines[index] if index < len(lines) else ""
