import http.client
import socket
import threading

import pytest

from handoutkit.preview.events import Hub, reload_event
from handoutkit.preview.page import TAG
from handoutkit.preview.server import PreviewServer

PAGE = b"<html><head><title>t</title></head><body>hello</body></html>"


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "build"
    (root / "c" / "p").mkdir(parents=True)
    (root / "c" / "p" / "page.html").write_bytes(PAGE)
    (root / "c" / "p" / "deck.pptx").write_bytes(b"PK deck")
    (root / "index.html").write_bytes(b"<html><body>gallery</body></html>")
    (root / ".lock").write_bytes(b"")
    (tmp_path / "secret.txt").write_text("outside")
    (root / "c" / "link.txt").symlink_to(tmp_path / "secret.txt")
    server = PreviewServer(root, Hub())
    server.start()
    yield server
    server.stop()


def get(server, path, host=None, method="GET"):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    headers = {"Host": host} if host else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    return response.status, response.getheader("Content-Type"), response.read()


def test_a_page_is_served_with_the_preview_script_and_stays_without_it_on_disk(served):
    status, kind, body = get(served, "/c/p/page.html")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert body == PAGE.replace(b"</head>", TAG + b"</head>")
    assert (served.root / "c" / "p" / "page.html").read_bytes() == PAGE


def test_other_files_are_served_as_they_are(served):
    assert get(served, "/c/p/deck.pptx")[2] == b"PK deck"


def test_the_root_is_the_gallery(served):
    status, _, body = get(served, "/")
    assert status == 200 and b"gallery" in body and TAG in body


@pytest.mark.parametrize(
    "path",
    [
        "/.lock",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/c/%2E%2E/%2E%2E/secret.txt",
        "/c/link.txt",
        "/c/p/page.html%00.png",
        "/c/p/missing.html",
        "/c/p/",
    ],
)
def test_nothing_outside_the_build_folder_nor_hidden_nor_missing_is_served(served, path):
    status, _, body = get(served, path)
    assert status == 404
    assert b"outside" not in body


def test_a_request_naming_another_host_is_refused(served):
    assert get(served, "/c/p/page.html", host="attacker.example")[0] == 421
    assert get(served, "/c/p/page.html", host=f"localhost:{served.port}")[0] == 200


def test_only_reading_is_allowed(served):
    assert get(served, "/c/p/page.html", method="POST")[0] == 501
    status, _, body = get(served, "/c/p/page.html", method="HEAD")
    assert status == 200 and body == b""


def test_the_event_stream_sends_the_errors_then_each_reload(served):
    connection = socket.create_connection(("127.0.0.1", served.port), timeout=5)
    connection.sendall(
        f"GET /_handoutkit/events HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode()
    )
    received = b""
    while b"event: errors" not in received:
        received += connection.recv(4096)
    assert b"text/event-stream" in received
    served.hub.publish(reload_event(["/c/p/page.html"]))
    while b"event: reload" not in received:
        received += connection.recv(4096)
    assert b'data: {"paths": ["/c/p/page.html"]}' in received
    connection.close()


def test_stopping_ends_the_open_streams_and_frees_the_port(tmp_path):
    server = PreviewServer(tmp_path, Hub())
    server.start()
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    connection.sendall(
        f"GET /_handoutkit/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
    )
    received = b""
    while b"event: errors" not in received:
        received += connection.recv(4096)
    stopped = threading.Thread(target=server.stop)
    stopped.start()
    stopped.join(10)
    assert not stopped.is_alive()
    rest = b""
    while chunk := connection.recv(4096):
        rest += chunk
    assert rest == b""  # the server closed the stream
    PreviewServer(tmp_path, Hub(), port=server.port).server_close()  # the port is free again


def test_the_page_script_and_the_shared_worker_are_served(served):
    for path, words in (
        ("/_handoutkit/preview.js", b"SharedWorker"),
        ("/_handoutkit/worker.js", b"onconnect"),
    ):
        status, kind, body = get(served, path)
        assert (status, kind) == (200, "text/javascript")
        assert words in body
