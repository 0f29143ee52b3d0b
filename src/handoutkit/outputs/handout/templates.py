"""Where templates come from: the project's ``templates/`` folder, overridable per clinic.

Like Pelican's theme override chain: a file in
``content/clinics/<slug>/templates/handout/`` replaces the project's file of
the same name for that clinic only.

A clinic's templates are untrusted input, so handout templates are rendered
in Jinja2's immutable sandbox (no attribute starting with ``_``, no unsafe
callables, no mutation), with operators that would build huge strings or
lists refused, loaded only from inside their folder (no link out, no special
file, no file over the template size limit), and stopped after
`RENDER_SECONDS`. Every refusal is a `RenderError` naming the template file
and its line.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ...errors import HandoutKitError, RenderError
from ...inputs.files import FileProblem, locate, read_located
from ...inputs.textfile import decode_text
from ...limits import TEMPLATE_BYTES
from ...model import JobSpec
from ...resources import PROJECT_TEMPLATES


@dataclass(frozen=True, slots=True)
class TemplateFolders:
    """The template folders in override order (first match wins)."""

    handout: tuple[Path, ...]
    nbconvert: Path

    @property
    def roots(self) -> tuple[Path, ...]:
        """Every folder a renderer may read from."""
        return (*self.handout, self.nbconvert)


def template_folders(
    root: Path | None = None, *, clinic_folder: Path | None = None
) -> TemplateFolders:
    """The folders to use; ``root`` defaults to the project's ``templates/``."""
    root = (root or PROJECT_TEMPLATES).resolve()
    handout = root / "handout"
    nbconvert = root / "nbconvert"
    if not (handout / "handout.html.j2").is_file() or not nbconvert.is_dir():
        raise RenderError(
            f"the templates folder {root} is missing 'handout/handout.html.j2' or 'nbconvert/'.",
            fix="reinstall Handout Kit (its wheel carries the templates), or pass a folder "
            "laid out like the project's templates/.",
            path=root,
        )
    override = clinic_folder / "templates" / "handout" if clinic_folder else None
    folders = (override, handout) if override and override.is_dir() else (handout,)
    return TemplateFolders(handout=folders, nbconvert=nbconvert)


def job_template_folders(spec: JobSpec) -> TemplateFolders:
    """The template folders of one job: the project's (or the job's own) and its clinic's."""
    clinic = spec.content_dir / "clinics" / spec.key.clinic
    return template_folders(spec.templates_dir, clinic_folder=clinic)


RENDER_SECONDS = 10  # a handout renders in a fraction of a second; a loop that runs away stops
_MAX_BUILT = 1_000_000  # characters or items one operator may build ("x" * n, list * n)
_MAX_BITS = 10_000  # bits of a number one operator may build (2 ** n)
# A clinic's templates render in a child process that may allocate this much on top of what
# the process had, send back at most RENDER_OUTPUT_BYTES, and is killed after RENDER_SECONDS
# even inside a single long C call (a filter asked for a gigabyte).
RENDER_MEMORY_BYTES = 512 * 1024 * 1024
RENDER_OUTPUT_BYTES = 64 * 1024 * 1024


class SafeLoader(BaseLoader):
    """Templates from ``folders`` (first match wins), read as every clinic file is: inside
    the folder, regular files only, at most `TEMPLATE_BYTES`, UTF-8 text."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = tuple(folder.resolve() for folder in folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..'
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            try:
                located = locate(path, root=folder, limit=TEMPLATE_BYTES)
                data = read_located(located, limit=TEMPLATE_BYTES)
            except FileProblem as problem:
                raise RenderError(
                    f"the template {problem.problem}",
                    fix=problem.fix,
                    path=path,
                ) from None
            # A new environment renders each handout: nothing is cached to keep up to date.
            return decode_text(data, path=path, error=RenderError), str(path), lambda: False
        raise TemplateNotFound(template)


class _Refused(StrictUndefined):
    """What an unsafe attribute gives: every use of it, even one more attribute (which
    Jinja2's ``attr`` filter would turn into a plain undefined), raises the SecurityError."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        self._fail_with_undefined_error()


class HandoutSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with ``*`` and ``**`` bounded."""

    intercepted_binops = frozenset({"*", "**"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> StrictUndefined:
        return _Refused(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.",
            obj=obj,
            name=attribute,
            exc=SecurityError,
        )

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        numbers = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and numbers and right > 0 and left.bit_length() * right > _MAX_BITS:
            bits = left.bit_length() * right
            raise SecurityError(f"a power of about {bits:,} bits is too large a number.")
        if operator == "*" and numbers and left.bit_length() + right.bit_length() > _MAX_BITS:
            raise SecurityError("the product is too large.")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                repeated = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if repeated and len(sequence) * count > _MAX_BUILT:
                    raise SecurityError(
                        f"repeating a value {count:,} times builds more than "
                        f"{_MAX_BUILT:,} characters or items."
                    )
        return super().call_binop(context, operator, left, right)


def handout_environment(folders: TemplateFolders) -> Environment:
    """The sandboxed Jinja2 environment of a clinic's handout templates (autoescaped,
    undefined names are errors)."""
    return HandoutSandbox(
        loader=SafeLoader(folders.handout),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_template(
    environment: Environment, name: str, *, isolated: bool = False, **values: Any
) -> str:
    """Render ``name``; any failure is a `RenderError` naming the template file and line.

    ``isolated`` (a clinic's own templates are among the folders): render in a child
    process bounded in memory, output and time, so no template can take the machine.
    """
    if isolated and hasattr(os, "fork"):
        return _render_in_child(environment, name, values)
    return _render(environment, name, values)


def _render(environment: Environment, name: str, values: dict[str, Any]) -> str:
    try:
        with _time_limit(RENDER_SECONDS):
            template = environment.get_template(name)
            return template.render(**values)
    except HandoutKitError:
        raise
    except Exception as exc:  # a template may raise anything Python can (1 // 0, "a" + 1)
        filename, line = _template_frame(exc, getattr(exc, "filename", None))
        what = {
            SecurityError: "uses something templates may not use",
            RecursionError: "includes itself (or another template that includes it) endlessly",
            _TimeUp: f"ran for more than {RENDER_SECONDS} s (a loop that never ends?)",
            MemoryError: "needs more memory than a handout can",
        }
        kind = next((text for cls, text in what.items() if isinstance(exc, cls)), "failed")
        detail = str(exc).rstrip(".") if isinstance(exc, TemplateError) else ""
        if kind == "failed":
            detail = f"{type(exc).__name__}: {exc}".rstrip(".")
        raise RenderError(
            f"the handout template {kind}" + (f": {detail}" if detail else "") + ".",
            fix="templates may only print the values of the handout view (v.title, "
            "v.sections, ...) with Jinja2's loops, conditions and filters; compare the "
            "override with the project's file of the same name in templates/handout/.",
            path=filename,
            where=f"line {line}" if line else None,
        ) from None


def _render_in_child(environment: Environment, name: str, values: dict[str, Any]) -> str:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send the reply, leave without any cleanup
        status = 0
        try:
            os.close(read_end)
            _cap_memory(RENDER_MEMORY_BYTES)
            try:
                reply: dict[str, Any] = {"html": _render(environment, name, values)}
            except HandoutKitError as error:
                where = [error.problem, error.fix, str(error.path or ""), error.where]
                reply = {"error": where}
            payload = memoryview(json.dumps(reply).encode())
            while payload:
                payload = payload[os.write(write_end, payload) :]
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        data, stopped = _read_reply(read_end, pid)
    finally:
        os.close(read_end)
    if data:
        reply = json.loads(data)
        if "html" in reply:
            return str(reply["html"])
        problem, fix, path, where = reply["error"]
        raise RenderError(problem, fix=fix, path=path or None, where=where)
    raise RenderError(
        f"the handout template {stopped}.",
        fix="templates may only print the values of the handout view with Jinja2's loops, "
        "conditions and filters; look in the clinic's templates/handout/ for a loop, a "
        "filter or a macro that builds huge text.",
        path=environment.loader.folders[0] if isinstance(environment.loader, SafeLoader) else None,
    )


def _read_reply(fd: int, pid: int) -> tuple[bytes, str]:
    """What the child sent, or b"" and why it sent nothing useful (it was then killed)."""
    deadline = time.monotonic() + RENDER_SECONDS + 1.0
    chunks, size, stopped = [], 0, ""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            stopped = f"ran for more than {RENDER_SECONDS} s"
            break
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        size += len(chunk)
        if size > RENDER_OUTPUT_BYTES:
            stopped = f"made more than {RENDER_OUTPUT_BYTES // (1024 * 1024)} MB of HTML"
            break
        chunks.append(chunk)
    if stopped:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if not stopped and (status != 0 or not chunks):
        stopped = "needed more memory than a handout can, or stopped (its process ended)"
    return (b"".join(chunks) if not stopped else b""), stopped


def _cap_memory(budget: int) -> None:
    """Let this process allocate at most ``budget`` bytes more than it holds now."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            size = next(
                int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:")
            )
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + budget if hard == resource.RLIM_INFINITY else min(size + budget, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, StopIteration, ValueError):
        pass  # no /proc: the time and output limits still hold


def _template_frame(exc: BaseException, fallback: str | None) -> tuple[str | None, int | None]:
    """The template file and line an error was raised at (Jinja2 rewrites tracebacks so that
    template frames carry the template's file name and line)."""
    found: tuple[str | None, int | None] = (fallback, getattr(exc, "lineno", None))
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


class _TimeUp(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise `_TimeUp` in this thread after ``seconds`` (only in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = [
    "PROJECT_TEMPLATES",
    "TemplateFolders",
    "handout_environment",
    "render_template",
    "template_folders",
]
