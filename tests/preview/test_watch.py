import socket
from pathlib import Path

import pytest

from handoutkit.build.builder import BuildOptions
from handoutkit.errors import PreviewError
from handoutkit.preview.events import Hub
from handoutkit.preview.watch import PreviewOptions, _server, preview, watched_folders


def options(tmp_path: Path, **more) -> PreviewOptions:
    build = BuildOptions(content_dir=tmp_path / "content", out_dir=tmp_path / "build")
    return PreviewOptions(build=build, **more)


def test_the_content_templates_and_notebooks_are_watched_each_once(tmp_path):
    content = tmp_path / "content"
    (content / "templates").mkdir(parents=True)
    build = BuildOptions(
        content_dir=content,
        out_dir=tmp_path / "build",
        templates_dir=content / "templates",  # inside the content folder: watched with it
        notebooks_dir=tmp_path / "notebooks",  # missing: not watched
    )
    assert watched_folders(build) == (content.resolve(),)


def test_a_taken_port_the_user_chose_is_an_error_naming_the_fix(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PreviewError) as raised:
            _server(options(tmp_path, port=port, port_given=True), Hub())
    assert f"port {port}" in raised.value.message
    assert "Fix: pass --port with another port" in raised.value.message


def test_the_default_port_moves_to_the_next_free_one(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = _server(options(tmp_path, port=port), Hub())
    try:
        assert port < server.port < port + 20
    finally:
        server.server_close()


def test_a_missing_content_folder_is_an_error_before_anything_starts(tmp_path):
    with pytest.raises(Exception) as raised:
        preview(options(tmp_path), say=print, said=print)
    assert "the content folder does not exist" in str(raised.value)
    assert not (tmp_path / "build").exists()
