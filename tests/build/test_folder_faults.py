"""`BuildFolder.commit` is all or nothing under every failure of every low-level call it
makes; a commit killed at any point is repaired by the next build; a real disk that fills up
or turns read-only keeps the last build's files byte for byte."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.build.folder import MARKER, BuildFolder
from handoutkit.build.manifest import manifest_bytes
from handoutkit.errors import BuildFolderError
from handoutkit.model import Entry, Manifest

from ..conftest import DEMO_CONTENT, ROOT

# --- a previous job and the commit that replaces it -------------------------------------

OBSOLETE = "clinic/peel/previews/obsolete.png"  # made by the previous build, not by the new
OLD = {
    "clinic/peel/handout.pdf": b"%PDF old handout",
    "clinic/peel/handout.html": b"<html>old handout</html>",
    "clinic/slides/deck.pptx": b"PK old deck",
    OBSOLETE: b"\x89PNG old preview",
}
NEW = {
    "clinic/peel/handout.pdf": b"%PDF new handout, longer than the old one",
    "clinic/peel/handout.html": b"<html>new handout</html>",
    "clinic/slides/deck.pptx": b"PK new deck",
    "clinic/notebooks/handout.ipynb": b'{"cells": []}',  # new, in a new folder
}
CHANGES = len(NEW) + 1  # the files and the manifest
REPLACED = sum(path in OLD for path in NEW) + 1  # the manifest is replaced too
TEMPORARY = (".hk-tmp", ".hk-old")


def manifest_of(outputs: dict[str, bytes]) -> bytes:
    return manifest_bytes(
        Manifest(
            outputs=tuple(
                Entry(
                    "clinic",
                    "peel",
                    "en",
                    "file",
                    None,
                    path,
                    hashlib.sha256(data).hexdigest(),
                    len(data),
                )
                for path, data in sorted(outputs.items())
            )
        )
    )


def previous_build(root: Path) -> dict[str, bytes]:
    """A build folder holding the previous job and its manifest; returns every file."""
    for path, data in OLD.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    (root / "manifest.json").write_bytes(manifest_of(OLD))
    (root / MARKER).write_text("marker\n")
    return snapshot(root)


def after_the_commit() -> dict[str, bytes]:
    return {**NEW, "manifest.json": manifest_of(NEW), MARKER: b"marker\n"}


def commit(root: Path) -> None:
    BuildFolder(root).commit(list(NEW.items()), manifest=manifest_of(NEW), remove=[OBSOLETE])


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones included) and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def leftovers(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.name.endswith(TEMPORARY)]


# --- injecting failures -----------------------------------------------------------------

OPERATIONS: dict[str, tuple[object, str]] = {
    "os.open": (os, "open"),
    "os.write": (os, "write"),
    "os.fsync": (os, "fsync"),
    "os.link": (os, "link"),
    "os.replace": (os, "replace"),
    "os.unlink": (os, "unlink"),
    "Path.mkdir": (Path, "mkdir"),
}
FIXES = {
    errno.ENOSPC: "free some space on that disk",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "check that you may write to that folder",
}
CODES = sorted(FIXES)


Hook = TypeVar("Hook", bound=Callable[[tuple[object, ...]], None])


class Killed(BaseException):
    """The build process killed at this point (nothing after it runs, no cleanup)."""


class Calls:
    """Counts the calls of one operation; the ``fail_at``-th raises ``failure()``."""

    def __init__(self, fail_at: int = 0, failure: Callable[[], BaseException] | None = None):
        self.count = 0
        self.fail_at = fail_at
        self.failure = failure
        self.args: list[tuple[object, ...]] = []

    def __call__(self, args: tuple[object, ...]) -> None:
        self.count += 1
        self.args.append(args)
        if self.count == self.fail_at and self.failure is not None:
            raise self.failure()


@contextmanager
def watching(operation: str, calls: Hook) -> Iterator[Hook]:
    """``operation`` calls ``calls(args)`` first (which may raise), while in the block."""
    owner, name = OPERATIONS[operation]
    real = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        calls(args)
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)
    try:
        yield calls
    finally:
        setattr(owner, name, real)


def os_error(code: int) -> Callable[[], OSError]:
    return lambda: OSError(code, os.strerror(code))


def calls_of_a_clean_commit(tmp_path: Path, operation: str) -> int:
    root = tmp_path / f"count-{operation}"
    previous_build(root)
    with watching(operation, Calls()) as calls:
        commit(root)
    assert snapshot(root) == after_the_commit()
    return calls.count


def outcome(root: Path, operation: str, calls: Calls) -> BaseException | None:
    with watching(operation, calls):
        try:
            commit(root)
        except Exception as error:
            return error
    return None


def assert_reported(error: BaseException | None, root: Path, code: int, label: str) -> None:
    """One paragraph naming the build folder and the reason, saying the last build's files are
    unchanged, with the fix that suits the reason."""
    assert isinstance(error, BuildFolderError), f"{label}: {error!r}"
    real = root.resolve()
    assert error.path == real, label
    assert error.message.startswith(f"{real}: Handout Kit could not write to the build folder ")
    assert f"({os.strerror(code)}, while " in error.problem, label
    assert (
        "The files of the last successful build and its manifest are unchanged." in error.problem
    ), label
    assert FIXES[code] in error.fix and "--out" in error.fix, f"{label}: {error.fix}"
    assert "\n" not in error.message and error.__cause__ is None, label


# --- the clean commit -------------------------------------------------------------------


def test_a_commit_with_no_failure_leaves_exactly_the_new_files(tmp_path):
    root = tmp_path / "build"
    previous_build(root)
    commit(root)
    assert snapshot(root) == after_the_commit()  # obsolete file deleted, no leftovers
    assert leftovers(root) == []


def test_a_clean_commit_writes_flushes_keeps_and_renames_every_file_once(tmp_path):
    counts = {op: calls_of_a_clean_commit(tmp_path, op) for op in OPERATIONS}
    assert counts == {
        "os.open": CHANGES,  # one temporary per file
        "os.write": CHANGES,  # small files: one write each
        "os.fsync": CHANGES,  # each flushed to disk before it is renamed in
        "os.link": REPLACED,  # a hard link to each file it replaces
        "os.replace": CHANGES,  # each renamed into place
        "os.unlink": REPLACED + 1,  # the backups, then the obsolete file
        "Path.mkdir": CHANGES,  # each file's folder (one new)
    }
    assert sum(counts.values()) == 34


# --- a failure at every call ------------------------------------------------------------

BEFORE_THE_SWAP = [op for op in OPERATIONS if op != "os.unlink"]


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        pytest.param(op, code, id=f"{op}-{errno.errorcode[code]}")
        for op in BEFORE_THE_SWAP
        for code in CODES
        # A hard link refused with EACCES falls back to moving the file aside (test below).
        if (op, code) != ("os.link", errno.EACCES)
    ],
)
def test_a_failed_commit_changes_nothing_and_says_why(tmp_path, operation, code):
    total = calls_of_a_clean_commit(tmp_path, operation)
    assert total >= 1
    problems: dict[str, list[str]] = {}  # every failing call, not only the first
    for n in range(1, total + 1):
        label = f"{errno.errorcode[code]} at call {n} of {total} of {operation}"
        root = tmp_path / f"fail-{n}"
        before = previous_build(root)
        calls = Calls(fail_at=n, failure=os_error(code))
        error = outcome(root, operation, calls)
        assert calls.count >= n, f"{label}: the failure was never injected"
        found = []
        try:
            assert_reported(error, root, code, label)
        except AssertionError as wrong:
            found.append(f"reported as {wrong}")
        if leftovers(root):
            found.append(f"left {leftovers(root)}")
        after = snapshot(root)  # bytes, manifest, obsolete file, no new file
        changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
        if changed:
            found.append(f"changed {changed}")
        if found:
            problems[label] = found
    assert not problems, "\n".join(
        f"{label}: {'; '.join(found)}" for label, found in problems.items()
    )


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM], ids=errno.errorcode.get)
def test_where_hard_links_are_refused_the_commit_moves_files_aside_and_completes(tmp_path, code):
    total = calls_of_a_clean_commit(tmp_path, "os.link")
    for n in range(1, total + 1):
        root = tmp_path / f"no-link-{n}"
        previous_build(root)
        calls = Calls(fail_at=n, failure=os_error(code))
        error = outcome(root, "os.link", calls)
        assert calls.count >= n and error is None, f"link {n}: {error!r}"
        assert snapshot(root) == after_the_commit(), f"link {n}"


@pytest.mark.parametrize("code", CODES, ids=errno.errorcode.get)
def test_a_failed_deletion_after_the_files_are_in_place_keeps_the_new_build(tmp_path, code):
    """Every os.unlink of a clean commit comes after the manifest is in place (the backups,
    then the obsolete file): the commit has succeeded, so it cannot fail any more. A backup
    it could not delete is left for the next build's sweep, which deletes it (the manifest
    describes the new file) and never puts it back."""
    total = calls_of_a_clean_commit(tmp_path, "os.unlink")
    for n in range(1, total + 1):
        label = f"{errno.errorcode[code]} at unlink {n} of {total}"
        root = tmp_path / f"unlink-{n}"
        previous_build(root)
        calls = Calls(fail_at=n, failure=os_error(code))
        error = outcome(root, "os.unlink", calls)
        assert calls.count >= n and error is None, f"{label}: {error!r}"
        failed = Path(str(calls.args[n - 1][0])).relative_to(root.resolve()).as_posix()
        expected = after_the_commit()
        if failed == OBSOLETE:
            expected[OBSOLETE] = OLD[OBSOLETE]
        else:
            assert failed.endswith(".hk-old"), label
            assert leftovers(root) == [failed], label
        files = snapshot(root)
        assert {path: files[path] for path in expected} == expected, label
        BuildFolder(root).prepare()  # the next build
        assert snapshot(root) == expected, label
        assert leftovers(root) == [], label


def test_a_failed_deletion_of_the_obsolete_file_leaves_it_and_keeps_the_new_build(tmp_path):
    """Allowed: the new files and manifest are in place; the file the new build no longer
    makes stays (the manifest no longer lists it, so no later build deletes it either)."""
    root = tmp_path / "build"
    previous_build(root)
    obsolete = root.resolve() / OBSOLETE

    def refuse_the_obsolete_file(args: tuple[object, ...]) -> None:
        if Path(str(args[0])) == obsolete:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    with watching("os.unlink", refuse_the_obsolete_file):
        commit(root)
    assert snapshot(root) == {**after_the_commit(), OBSOLETE: OLD[OBSOLETE]}
    assert leftovers(root) == []
    assert OBSOLETE.encode() not in (root / "manifest.json").read_bytes()


# --- killed at any point ----------------------------------------------------------------


def listed_files_match(root: Path) -> None:
    """Every file the manifest on disk lists holds the bytes it lists."""
    for entry in json.loads((root / "manifest.json").read_text())["outputs"]:
        data = (root / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_commit_killed_at_any_call_is_repaired_by_the_next_prepare(tmp_path, operation):
    total = calls_of_a_clean_commit(tmp_path, operation)
    for n in range(1, total + 1):
        label = f"killed at call {n} of {total} of {operation}"
        root = tmp_path / f"killed-{n}"
        before = previous_build(root)
        calls = Calls(fail_at=n, failure=Killed)
        with pytest.raises(Killed), watching(operation, calls):
            commit(root)
        BuildFolder(root).prepare()  # the next build, after the kill
        assert leftovers(root) == [], label
        listed_files_match(root)
        files = snapshot(root)
        if files["manifest.json"] == before["manifest.json"]:
            # Killed before the manifest was replaced: the previous build, whole (a new file
            # already renamed in may stay, unlisted; the next build replaces it).
            extra = set(files) - set(before)
            assert extra <= {"clinic/notebooks/handout.ipynb"}, label
            assert {path: files[path] for path in before} == before, label
        else:
            expected = after_the_commit()
            assert {path: files[path] for path in expected} == expected, label
            assert set(files) - set(expected) <= {OBSOLETE}, label


# --- a real disk that fills up, then turns read-only ------------------------------------


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs mounted on a fresh folder (root only); always unmounted afterwards."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and the mount command")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk))
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not let us mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        if subprocess.run(["umount", str(disk)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], check=False)


def run(out: Path, **options: object):
    opts = BuildOptions(
        content_dir=DEMO_CONTENT,
        out_dir=out,
        previews=False,
        workers=1,
        **options,  # type: ignore[arg-type]
    )
    return build(opts, plan(opts))


def fill(disk: Path, leave: int = 8192) -> Path:
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    filler = disk / "filler"
    with filler.open("wb") as handle:
        remaining = free - leave
        while remaining > 0:
            chunk = min(remaining, 1 << 20)
            handle.write(b"\0" * chunk)
            remaining -= chunk
    stats = os.statvfs(disk)
    assert stats.f_bavail * stats.f_frsize <= 64 * 1024
    return filler


@pytest.mark.notebook
def test_a_disk_that_fills_up_or_turns_read_only_keeps_the_last_build(small_disk):
    out = small_disk / "build"
    report = run(out)
    assert report.ok and len(report.built) == 1
    good = snapshot(out)
    assert any(path.endswith(".pdf") for path in good) and "manifest.json" in good

    filler = fill(small_disk)
    with pytest.raises(BuildFolderError) as caught:
        run(out, force=True)
    error = caught.value
    assert error.path == out.resolve()
    assert f"({os.strerror(errno.ENOSPC)}, while " in error.problem
    assert "The files of the last successful build and its manifest are unchanged." in (
        error.problem
    )
    assert "free some space on that disk" in error.fix and "--out" in error.fix
    assert snapshot(out) == good and leftovers(out) == []

    # The command line: exit status 1 and one paragraph, no traceback.
    cli = subprocess.run(
        [
            *(sys.executable, "-m", "handoutkit.cli", "build"),
            *("--content", str(DEMO_CONTENT), "--out", str(out)),
            *("--force", "--no-previews", "--jobs", "1"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert cli.returncode == 1, cli.stderr
    assert "Traceback" not in cli.stderr and "Traceback" not in cli.stdout
    paragraph = cli.stderr.strip()
    assert "\n" not in paragraph, cli.stderr
    assert paragraph.startswith(f"error: {out.resolve()}: Handout Kit could not write")
    assert os.strerror(errno.ENOSPC) in paragraph and "Fix: free some space" in paragraph
    assert snapshot(out) == good and leftovers(out) == []

    filler.unlink()
    remounted = _mount("-o", "remount,ro", str(small_disk))
    assert remounted.returncode == 0, remounted.stderr
    with pytest.raises(BuildFolderError) as caught:
        run(out, force=True)
    error = caught.value
    assert error.path == out.resolve()
    assert os.strerror(errno.EROFS) in error.problem
    assert "the disk is read-only" in error.fix and "--out" in error.fix
    assert snapshot(out) == good and leftovers(out) == []
