"""The script the preview adds to each HTML page it serves, never to the files on disk."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

PREFIX = "/_handoutkit/"  # the preview's own URLs; no build output starts with an underscore
SCRIPT_PATH = PREFIX + "preview.js"
WORKER_PATH = PREFIX + "worker.js"
EVENTS_PATH = PREFIX + "events"
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@cache
def client_script() -> bytes:
    """The script itself (reload and error overlay)."""
    return files(__package__).joinpath("client", "preview.js").read_bytes()


@cache
def worker_script() -> bytes:
    """The shared worker that holds the one event stream of all the open pages."""
    return files(__package__).joinpath("client", "worker.js").read_bytes()


def with_preview(html: bytes) -> bytes:
    """``html`` with the preview's script tag at the end of its head (else of its body,
    else at the end)."""
    for pattern in (_HEAD_END, _BODY_END):
        match = pattern.search(html)
        if match:
            return html[: match.start()] + TAG + html[match.start() :]
    return html + TAG
