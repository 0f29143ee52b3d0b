"""What the preview tells the open pages, and the hub that tells all of them at once.

Two kinds of event, as server-sent events: ``reload`` (these pages were rewritten) and
``errors`` (the build's errors now, the whole state: a page that connects late, or reloads,
gets it first). Pages are named by their URL path (``/clinic/procedure/file.html``).
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

GALLERY_PATH = "/index.html"
REPORT_PATH = "/checks.html"
SUMMARY_PAGES = (GALLERY_PATH, REPORT_PATH)  # these show every error
SUMMARY_FOLDERS = ("/gallery/", "/checks/")  # and every page in these (clinics')
_CLOSED = None
KEEPALIVE_S = 15.0  # a comment line now and then, so a dropped connection is noticed


@dataclass(frozen=True, slots=True)
class Event:
    """One server-sent event."""

    name: str
    data: str

    def encode(self) -> bytes:
        lines = "".join(f"data: {line}\n" for line in self.data.splitlines() or [""])
        return f"event: {self.name}\n{lines}\n".encode()


def reload_event(paths: Iterable[str]) -> Event:
    return Event("reload", json.dumps({"paths": sorted(set(paths))}))


@dataclass(frozen=True, slots=True)
class Errors:
    """The build's errors now: those of no page in particular (a broken settings file) and
    those of each page's job."""

    everywhere: tuple[str, ...] = ()
    pages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    jobs: tuple[str, ...] = ()  # every job's error once, for the summary pages

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.everywhere, *self.jobs)))

    def event(self) -> Event:
        return Event(
            "errors",
            json.dumps(
                {
                    "global": list(self.everywhere),
                    "pages": {path: list(messages) for path, messages in self.pages.items()},
                    "all": list(self.messages),
                    "summary": [*SUMMARY_PAGES, *SUMMARY_FOLDERS],
                },
                ensure_ascii=False,
            ),
        )


class Hub:
    """Every open page's event queue; `publish` puts an event on all of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: set[queue.SimpleQueue[Event | None]] = set()
        self._errors = Errors()
        self._closed = False

    @property
    def errors(self) -> Errors:
        return self._errors

    def set_errors(self, errors: Errors) -> None:
        """Make ``errors`` the state, and tell every page if it changed."""
        with self._lock:
            if errors == self._errors:
                return
            self._errors = errors
        self.publish(errors.event())

    def publish(self, event: Event) -> None:
        with self._lock:
            for channel in self._queues:
                channel.put(event)

    def subscribe(self) -> Iterator[Event | None]:
        """The events for one page, the error state first; ``None`` every `KEEPALIVE_S`
        with nothing to send. Ends when the hub closes."""
        channel: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        with self._lock:
            if self._closed:
                return
            self._queues.add(channel)
            first = self._errors.event()
        try:
            yield first
            while True:
                try:
                    event = channel.get(timeout=KEEPALIVE_S)
                except queue.Empty:
                    yield None
                    continue
                if event is _CLOSED:
                    return
                yield event
        finally:
            with self._lock:
                self._queues.discard(channel)

    def close(self) -> None:
        """End every page's stream (the server is stopping)."""
        with self._lock:
            self._closed = True
            for channel in self._queues:
                channel.put(_CLOSED)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._queues)
