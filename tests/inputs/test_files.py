"""Opening a clinic's files: inside their root, regular files only, never past a limit.

Every file here is made in the test. Whether a file was opened is not taken on
trust: `opened_files` records, through a Python audit hook, the real path of
everything opened while it is active, and `without_hanging` runs a call in a
thread so that a regression that opens a named pipe fails the test instead of
blocking the suite. Other test modules import both.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from handoutkit.errors import ContentError, UnsafePathError
from handoutkit.inputs.files import FileProblem, locate, read_file, read_located
from handoutkit.limits import Limit

SMALL = Limit("size of a test file", 16, "bytes")

# --- helpers other test modules use --------------------------------------------------------

_recorders: list[list[str]] = []
_inside_hook = threading.local()
_hook_installed = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _recorders or not args or getattr(_inside_hook, "on", False):
        return
    target = args[0]
    if not isinstance(target, str | bytes | os.PathLike):
        return  # an open by file descriptor
    _inside_hook.on = True
    try:
        real = os.path.realpath(os.fsdecode(target))
    except Exception:  # an audit hook must never raise
        return
    finally:
        _inside_hook.on = False
    for recorder in list(_recorders):
        recorder.append(real)


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """The real paths of every file opened (``open`` audit events) inside the block."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)  # hooks cannot be removed: it records only while asked to
        _hook_installed = True
    found: list[str] = []
    _recorders.append(found)
    try:
        yield found
    finally:
        _recorders.remove(found)


def without_hanging(
    call: Callable[[], Any], *, fifo: Path | None = None, seconds: float = 5
) -> Any:
    """``call()``'s result (or its exception), failing the test if it runs ``seconds``.

    A call blocked opening ``fifo`` for reading is released (a writer opens and closes the
    pipe) so the thread ends.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if fifo is not None:
            with suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(1)
        pytest.fail(f"still running after {seconds} s: it blocked (on {fifo or 'something'})")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def real(path: Path) -> str:
    return os.path.realpath(path)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("a file outside the root\n")
    return secret


# --- what is read -------------------------------------------------------------------------


def test_a_regular_file_inside_the_root_is_located_and_read(root):
    path = root / "notes.txt"
    path.write_bytes(b"twelve bytes")
    located = locate(path, root=root, limit=SMALL)
    assert (located.path, located.real, located.size) == (path, path.resolve(), 12)
    assert read_located(located, limit=SMALL) == b"twelve bytes"
    assert read_file(path, root=root, limit=SMALL, error=ContentError) == b"twelve bytes"


def test_the_audit_hook_sees_what_is_read_so_never_opened_means_something(root):
    (root / "target.txt").write_bytes(b"seen")
    (root / "link.txt").symlink_to("target.txt")
    with opened_files() as opened:
        read_file(root / "link.txt", root=root, limit=SMALL, error=ContentError)
    assert opened == [real(root / "target.txt")]


def test_a_symbolic_link_to_a_file_inside_the_root_is_followed(root):
    (root / "images").mkdir()
    target = root / "images" / "real.txt"
    target.write_bytes(b"linked")
    link = root / "link.txt"
    link.symlink_to(Path("images") / "real.txt")
    located = locate(link, root=root, limit=SMALL)
    assert located.path == link and located.real == target.resolve()
    assert read_file(link, root=root, limit=SMALL, error=ContentError) == b"linked"


# --- what is refused, and never opened ----------------------------------------------------


def test_a_symbolic_link_out_of_the_root_is_unsafe_and_its_target_never_opened(root, outside):
    link = root / "notes.txt"
    link.symlink_to(outside)
    with opened_files() as opened:
        with pytest.raises(FileProblem) as located:
            locate(link, root=root, limit=SMALL)
        with pytest.raises(UnsafePathError) as caught:
            read_file(link, root=root, limit=SMALL, error=ContentError, where="line 3")
    assert real(outside) not in opened
    assert located.value.unsafe
    error = caught.value
    assert error.path == link and error.where == "line 3"
    assert "symbolic link" in error.problem and str(outside.resolve()) in error.problem
    assert "outside" in error.problem and str(root.resolve()) in error.problem
    assert "copy the file into" in error.fix


def test_a_symbolic_link_that_leaves_and_comes_back_through_a_parent_is_still_outside(
    root, outside
):
    (root / "sub").mkdir()
    link = root / "sub" / "up.txt"
    link.symlink_to(Path("..") / ".." / "elsewhere" / "secret.txt")
    with opened_files() as opened, pytest.raises(UnsafePathError):
        read_file(link, root=root, limit=SMALL, error=ContentError)
    assert real(outside) not in opened


def test_a_broken_symbolic_link_says_it_is_broken_and_where_it_points(root):
    link = root / "notes.txt"
    link.symlink_to("renamed-notes.txt")
    with pytest.raises(ContentError) as caught:
        read_file(link, root=root, limit=SMALL, error=ContentError, name="notes.txt")
    error = caught.value
    assert error.path == link
    assert "broken symbolic link" in error.problem
    assert "renamed-notes.txt" in error.problem and "does not exist" in error.problem
    assert error.problem.startswith("the file 'notes.txt' ")


def test_a_loop_of_symbolic_links_is_refused(root):
    (root / "a.txt").symlink_to("b.txt")
    (root / "b.txt").symlink_to("a.txt")
    with pytest.raises(ContentError) as caught:
        read_file(root / "a.txt", root=root, limit=SMALL, error=ContentError)
    assert "loop of symbolic links" in caught.value.problem
    assert caught.value.path == root / "a.txt"


def test_a_folder_is_not_a_file(root):
    folder = root / "en.md"
    folder.mkdir()
    with pytest.raises(ContentError) as caught:
        read_file(folder, root=root, limit=SMALL, error=ContentError)
    assert caught.value.path == folder
    assert "is a folder, not a regular file" in caught.value.problem


def test_a_named_pipe_is_refused_at_once_without_being_opened(root):
    fifo = root / "en.md"
    os.mkfifo(fifo)
    with opened_files() as opened, pytest.raises(ContentError) as caught:
        without_hanging(
            lambda: read_file(fifo, root=root, limit=SMALL, error=ContentError), fifo=fifo
        )
    assert real(fifo) not in opened
    assert caught.value.path == fifo
    assert "a named pipe (FIFO), not a regular file" in caught.value.problem


def test_a_symbolic_link_to_a_named_pipe_inside_the_root_is_refused_too(root):
    fifo = root / "pipe"
    os.mkfifo(fifo)
    (root / "en.md").symlink_to("pipe")
    with opened_files() as opened, pytest.raises(ContentError) as caught:
        without_hanging(
            lambda: read_file(root / "en.md", root=root, limit=SMALL, error=ContentError),
            fifo=fifo,
        )
    assert real(fifo) not in opened
    assert "named pipe (FIFO)" in caught.value.problem


def test_a_device_is_refused_without_being_opened(root):
    device = root / "zero.png"
    device.symlink_to("/dev/zero")
    # /dev/zero is outside the root: allow it by making the root '/'
    with opened_files() as opened, pytest.raises(ContentError) as caught:
        without_hanging(lambda: read_file(device, root=Path("/"), limit=SMALL, error=ContentError))
    assert "/dev/zero" not in opened
    assert "is a device, not a regular file" in caught.value.problem


def test_a_missing_file_says_so(root):
    with pytest.raises(ContentError) as caught:
        read_file(root / "missing.txt", root=root, limit=SMALL, error=ContentError)
    assert "does not exist" in caught.value.problem
    assert caught.value.path == root / "missing.txt"


# --- sizes --------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_it_is_opened_naming_the_limit(root):
    path = root / "big.txt"
    path.write_bytes(b"x" * (SMALL.value + 1))
    with opened_files() as opened, pytest.raises(ContentError) as caught:
        read_file(path, root=root, limit=SMALL, error=ContentError)
    assert real(path) not in opened
    problem = caught.value.problem
    assert "too large" in problem
    assert SMALL.name in problem and SMALL.shown in problem  # "16 bytes"
    assert "(found 17 bytes)" in problem


def test_a_file_of_exactly_the_limit_is_read(root):
    path = root / "full.txt"
    path.write_bytes(b"y" * SMALL.value)
    assert read_file(path, root=root, limit=SMALL, error=ContentError) == b"y" * SMALL.value


def test_a_file_that_grows_after_it_was_located_is_read_only_up_to_the_limit(root):
    path = root / "growing.log"
    path.write_bytes(b"small")
    located = locate(path, root=root, limit=SMALL)
    with path.open("ab") as grow:
        grow.write(b"z" * (4 * 1024 * 1024))  # several reads' worth
    with pytest.raises(FileProblem) as caught:
        read_located(located, limit=SMALL)
    assert "too large" in caught.value.problem
    assert SMALL.shown in caught.value.problem


def test_a_file_replaced_by_a_named_pipe_after_it_was_located_is_not_read(root):
    path = root / "en.md"
    path.write_bytes(b"text")
    located = locate(path, root=root, limit=SMALL)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(FileProblem) as caught:
        without_hanging(lambda: read_located(located, limit=SMALL), fifo=path)
    assert "named pipe (FIFO)" in caught.value.problem
