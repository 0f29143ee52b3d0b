"""The preview's loop: serve, build once, then rebuild on every save until Ctrl-C.

The content folder (documents, brands, notices, approvals, settings), the templates and the
notebooks are watched (watchfiles: inotify on Linux). A save is acted on 30 ms after the
last file event of a burst (an editor's save is often several). Slide pictures, drawn in
the background, are written between rebuilds.
"""

from __future__ import annotations

import logging
import signal
import threading
import webbrowser
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..build.builder import BuildOptions
from ..errors import ContentError, PreviewError
from .events import Hub
from .server import LOOPBACK, PreviewServer
from .session import PreviewSession, Rebuilt

STEP_MS = 30  # a burst of file events ends after this long without one
IDLE_MS = 500  # how often slide pictures drawn in the background are written
PORT_TRIES = 20  # the default port and the next ones, if taken

# watchfiles logs Ctrl-C as a warning; the preview says it stopped itself.
logging.getLogger("watchfiles.main").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class PreviewOptions:
    build: BuildOptions
    host: str = LOOPBACK
    port: int = 8000
    port_given: bool = False  # a port the user chose is never replaced by another
    open_browser: bool = False


def watched_folders(options: BuildOptions) -> tuple[Path, ...]:
    """The folders whose files a build reads: content, templates, notebooks."""
    folders = [options.content_dir, options.templates_dir, options.notebooks_dir]
    found: list[Path] = []
    for folder in folders:
        real = folder.resolve()
        if real.is_dir() and not any(real.is_relative_to(other) for other in found):
            found = [other for other in found if not other.is_relative_to(real)]
            found.append(real)
    return tuple(found)


def preview(
    options: PreviewOptions,
    *,
    say: Callable[[str], None],
    said: Callable[[Rebuilt], None],
    stop: threading.Event | None = None,
) -> None:
    """Serve and rebuild until Ctrl-C (or ``stop`` is set); return once nothing is left."""
    import watchfiles  # start-up: only the preview watches

    content = options.build.content_dir
    if not content.is_dir():
        raise ContentError(
            "the content folder does not exist.",
            fix="run the preview in your project's folder, or pass --content with the folder "
            "that holds clinics/ and procedures/.",
            path=content,
        )
    hub = Hub()
    session = PreviewSession(options.build, hub)
    stop = stop or threading.Event()
    with _terminate_as_interrupt():
        server = _server(options, hub)
        try:
            session.start()
            server.start()
            said(session.rebuild(on_start=lambda n: say(f"Building {n} job(s)...")))
            if session.pictures:
                session.draw_pictures(session.selected)  # those an earlier build left out
            say(f"Preview: {server.url}  (Ctrl-C stops it)")
            if options.open_browser:
                webbrowser.open(server.url)
            folders = watched_folders(options.build)
            say("Watching " + ", ".join(str(folder) for folder in folders))
            for changes in watchfiles.watch(
                *folders,
                watch_filter=watchfiles.DefaultFilter(),
                step=STEP_MS,
                rust_timeout=IDLE_MS,
                yield_on_timeout=True,
                stop_event=stop,
                raise_interrupt=False,
            ):
                if not changes:
                    if committed := session.commit_pictures():
                        said(committed)
                    continue
                say(f"Changed: {_names([path for _, path in changes])}")
                rebuilt = session.rebuild()
                said(rebuilt)
                if rebuilt.interrupted:
                    break
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            session.stop()


def _names(paths: Sequence[str]) -> str:
    """The files saved, by name (an editor's temporary files, already gone, left out)."""
    names = sorted({Path(path).name for path in paths if Path(path).exists()})
    if not names:
        return "a file was deleted"
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _server(options: PreviewOptions, hub: Hub) -> PreviewServer:
    """The server on the port asked for, or, for the default one, the next free one."""
    root = options.build.out_dir
    tries = 1 if options.port_given or options.port == 0 else PORT_TRIES
    for port in range(options.port, options.port + tries):
        try:
            return PreviewServer(root, hub, host=options.host, port=port)
        except OSError as error:
            last = error
    raise PreviewError(
        f"the preview could not listen on {options.host} port {options.port}"
        f"{f' to {options.port + tries - 1}' if tries > 1 else ''} ({last.strerror or last}).",
        fix="pass --port with another port (another program, or another preview, uses it).",
    )


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """A SIGTERM (a service manager stopping the preview) ends it as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
