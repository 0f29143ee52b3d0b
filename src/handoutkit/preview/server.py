"""The preview's HTTP server: the build folder's files, the event stream, the page script.

Only GET and HEAD; only files inside the build folder (no listing, no dotfiles, no link
leading out); HTML pages get the preview script (`page.with_preview`) as they are sent.
Bound to 127.0.0.1 unless the user asks for another interface; then too, a request must
name this server as its host (a web page elsewhere cannot read the previews through a DNS
name that points here).
"""

from __future__ import annotations

import http.server
import ipaddress
import mimetypes
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .events import GALLERY_PATH, Hub
from .page import EVENTS_PATH, SCRIPT_PATH, WORKER_PATH, client_script, with_preview, worker_script

LOOPBACK = "127.0.0.1"
MAX_PATH = 4096
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".js": "text/javascript",
}


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves ``root`` and the events of ``hub`` on ``host``:``port`` (0: any free port)."""

    daemon_threads = True  # an open event stream never holds the preview up at exit
    block_on_close = False

    def __init__(self, root: Path, hub: Hub, *, host: str = LOOPBACK, port: int = 0) -> None:
        self.root = root.resolve()
        self.hub = hub
        super().__init__((host, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.server_address[0])
        shown = "localhost" if host == LOOPBACK else host
        return f"http://{shown}:{self.port}/"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.1,), name="preview-http", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Close every event stream, stop serving and release the port."""
        self.hub.close()
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
        self.server_close()

    def allowed_hosts(self) -> set[str]:
        host = str(self.server_address[0])
        names = {host, f"{host}:{self.port}"}
        if _is_loopback(host):
            for name in ("localhost", "127.0.0.1", "[::1]"):
                names |= {name, f"{name}:{self.port}"}
        return names

    def file_for(self, url_path: str) -> Path | None:
        """The file ``url_path`` names inside the build folder, or None."""
        path = unquote(url_path)
        if path.endswith("/"):
            path += "index.html"
        if "\0" in path or "\\" in path or len(path) > MAX_PATH:
            return None
        parts = [part for part in path.split("/") if part]
        if any(part.startswith(".") for part in parts):  # the lock, the marker, .. and .
            return None
        candidate = self.root.joinpath(*parts)
        with suppress(OSError):
            real = candidate.resolve()
            if real.is_relative_to(self.root) and real.is_file():
                return real
        return None


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the preview prints what it rebuilds, not every request

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        if self.headers.get("Host", "") not in self.server.allowed_hosts():
            self._send(421, b"This preview answers only to its own address.\n", "text/plain")
            return
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._stream()
            return
        if path in (SCRIPT_PATH, WORKER_PATH):
            script = client_script() if path == SCRIPT_PATH else worker_script()
            self._send(200, script, _TYPES[".js"], body=body)
            return
        if path == "/":
            path = GALLERY_PATH
        file = self.server.file_for(path)
        if file is None:
            self._send(404, b"Not found in the build folder.\n", "text/plain", body=body)
            return
        try:
            data = file.read_bytes()
        except OSError:
            self._send(404, b"Not found in the build folder.\n", "text/plain", body=body)
            return
        kind = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        if file.suffix == ".html":
            data = with_preview(data)
        self._send(200, data, kind or "application/octet-stream", body=body)

    def _send(self, status: int, data: bytes, kind: str, *, body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # always the newest build
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            with suppress(ConnectionError):
                self.wfile.write(data)

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")  # reconnect fast after a restart
            for event in self.server.hub.subscribe():
                self.wfile.write(b": keep-alive\n\n" if event is None else event.encode())
                self.wfile.flush()
        except (ConnectionError, ValueError):
            pass  # the page was closed
