"""The build folder: which folders may be used, atomic writes, the sweep, the build lock."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest

from handoutkit.build import folder as files
from handoutkit.build.folder import (
    MARKER,
    BuildFolder,
    build_lock,
    check_out_dir,
    is_build_folder,
    safe_relative,
    write_atomic,
)
from handoutkit.build.manifest import manifest_bytes
from handoutkit.errors import BuildFolderError, BuildLockedError
from handoutkit.model import Entry, Manifest


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


# --- atomic writes and the lock ---------------------------------------------------------


def test_write_replaces_the_file_in_one_step(tmp_path):
    target = tmp_path / "a" / "handout.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["handout.pdf"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"good")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_second_build_on_the_same_folder_is_refused_with_a_clear_error(tmp_path):
    with build_lock(tmp_path), pytest.raises(BuildLockedError) as caught, build_lock(tmp_path):
        pass
    assert "--out" in caught.value.fix
    with build_lock(tmp_path):  # released afterwards
        pass


LOCK_FIXES = {
    errno.ENOSPC: "free some space",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "check that you may write to that folder",
}


@pytest.mark.parametrize("code", sorted(LOCK_FIXES), ids=errno.errorcode.get)
def test_a_folder_that_cannot_hold_the_lock_file_is_a_build_folder_error(
    tmp_path, monkeypatch, code
):
    def cannot_open(path, *args, **kwargs):
        assert Path(path) == tmp_path / ".lock"
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(files, "open", cannot_open, raising=False)  # shadows the builtin
    with pytest.raises(BuildFolderError) as caught, build_lock(tmp_path):
        pytest.fail("the build ran without its lock")
    error = caught.value
    assert error.path == tmp_path
    assert f"({os.strerror(code)}, while creating its lock file)" in error.problem
    assert "Nothing was written." in error.problem
    assert LOCK_FIXES[code] in error.fix and "--out" in error.fix
    assert "\n" not in error.message
    assert not (tmp_path / ".lock").exists()


def test_a_lock_in_a_folder_that_does_not_exist_is_a_build_folder_error(tmp_path):
    with pytest.raises(BuildFolderError) as caught, build_lock(tmp_path / "missing"):
        pytest.fail("the build ran without its lock")
    assert os.strerror(errno.ENOENT) in caught.value.problem
    assert not (tmp_path / "missing").exists()


def test_a_file_system_without_locks_is_a_build_folder_error_not_an_os_error(tmp_path, monkeypatch):
    """flock fails with ENOLCK on an NFS mount without a lock daemon (and EOPNOTSUPP or
    ENOSYS on some FUSE file systems): the lock file opens, but cannot be locked."""

    def no_locks(handle, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    try:
        with build_lock(tmp_path):
            pytest.fail("the build ran without its lock")
    except BuildFolderError as error:
        assert os.strerror(errno.ENOLCK) in error.problem and "--out" in error.fix
    except OSError as error:
        pytest.fail(f"build_lock let a raw OSError out (the CLI prints a traceback): {error!r}")


# --- which folders may be used ----------------------------------------------------------


@pytest.fixture
def content(tmp_path):
    """A content folder (check_out_dir only compares paths with it)."""
    folder = tmp_path / "content"
    (folder / "clinics").mkdir(parents=True)
    (folder / "procedures").mkdir()
    return folder


def refused(out: Path, content: Path) -> BuildFolderError:
    """The refusal of ``out``, after checking nothing was created or changed."""
    before = tree(content.parent)
    with pytest.raises(BuildFolderError) as caught:
        check_out_dir(out, content=content)
    assert tree(content.parent) == before
    error = caught.value
    assert error.path == out
    assert error.message.startswith(f"{out}: ") and "\n" not in error.message
    assert "--out" in error.fix and error.fix.endswith(".")
    return error


def test_the_root_of_the_file_system_is_refused(content):
    error = refused(Path("/"), content)
    assert error.problem == "the build folder would be the root of the file system."
    assert "pass --out with a new or empty folder" in error.fix


def test_a_link_to_the_root_of_the_file_system_is_refused(content, tmp_path):
    link = tmp_path / "looks-harmless"
    link.symlink_to("/")
    error = refused(link, content)
    assert "root of the file system" in error.problem


def test_the_home_folder_is_refused_even_when_empty(content, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()  # empty: only the home rule can refuse it
    monkeypatch.setenv("HOME", str(home))
    assert Path.home() == home
    error = refused(home, content)
    assert "home folder" in error.problem and "your own files" in error.problem
    assert "pass --out with a new or empty folder" in error.fix
    # A folder of its own inside the home folder is fine.
    assert check_out_dir(home / "handouts", content=content) == home / "handouts"


def test_the_content_folder_itself_is_refused(content):
    error = refused(content, content)
    assert f"inside the content folder {content}" in error.problem
    assert "read its own outputs as content" in error.problem
    assert "pass --out with a folder outside the content folder" in error.fix


def test_a_folder_inside_the_content_folder_is_refused(content):
    error = refused(content / "build", content)
    assert f"inside the content folder {content}" in error.problem
    assert "outside the content folder" in error.fix
    assert not (content / "build").exists()


def test_a_folder_holding_the_content_folder_is_refused(content):
    error = refused(content.parent, content)
    assert error.problem == f"the build folder would hold the content folder {content}."
    assert "pass --out with a new or empty folder" in error.fix


def test_an_existing_file_is_refused(content, tmp_path):
    existing = tmp_path / "build"
    existing.write_bytes(b"not a folder")
    error = refused(existing, content)
    assert error.problem == "this is a file, not a folder."
    assert existing.read_bytes() == b"not a folder"


def test_a_folder_of_foreign_files_is_refused_naming_some_of_them(content, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    for name in ("taxes.xlsx", "cv.docx", "photo.jpg", "notes.txt", ".gitkeep"):
        (folder / name).write_bytes(b"mine")
    error = refused(folder, content)
    assert "already holds files Handout Kit did not make (cv.docx, notes.txt, photo.jpg, ...)" in (
        error.problem
    )
    assert "taxes.xlsx" not in error.problem and ".gitkeep" not in error.problem
    assert "never uses a folder of yours" in error.problem
    assert "(or empty this folder first)" in error.fix
    assert all((folder / name).read_bytes() == b"mine" for name in os.listdir(folder))


def test_a_single_foreign_file_is_named_without_an_ellipsis(content, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"mine")
    (folder / ".DS_Store").write_bytes(b"finder")
    error = refused(folder, content)
    assert "did not make (report.pdf);" in error.problem


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"hello": 1}),
        json.dumps({"format": 3, "jobs": []}),  # no outputs: not a manifest of ours
        json.dumps({"format": "3", "outputs": []}),
        json.dumps([{"format": 3, "outputs": []}]),
        "{not json",
    ],
    ids=["hello", "no-outputs", "format-text", "a-list", "not-json"],
)
def test_a_folder_with_a_foreign_manifest_is_refused(content, tmp_path, text):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "manifest.json").write_text(text)
    assert not is_build_folder(folder)
    error = refused(folder, content)
    assert "did not make (manifest.json)" in error.problem
    assert (folder / "manifest.json").read_text() == text


def accepted(out: Path, content: Path) -> None:
    before = tree(content.parent)
    assert check_out_dir(out, content=content) == out.resolve()
    assert tree(content.parent) == before  # nothing created, nothing changed


def test_a_new_path_is_accepted_and_not_created(content, tmp_path):
    accepted(tmp_path / "new" / "build", content)
    assert not (tmp_path / "new").exists()


def test_an_empty_folder_is_accepted(content, tmp_path):
    (tmp_path / "build").mkdir()
    accepted(tmp_path / "build", content)


def test_a_folder_holding_only_a_gitkeep_is_accepted(content, tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / ".gitkeep").write_bytes(b"")
    accepted(tmp_path / "build", content)


def test_a_folder_with_the_marker_is_accepted_whatever_it_holds(content, tmp_path):
    folder = tmp_path / "build"
    (folder / "clinic").mkdir(parents=True)
    (folder / MARKER).write_text("This folder is a Handout Kit build folder.\n")
    (folder / "clinic" / "handout.pdf").write_bytes(b"%PDF")
    (folder / "index.html").write_text("<html>")
    assert is_build_folder(folder)
    accepted(folder, content)


def test_an_older_build_folder_with_only_its_manifest_is_accepted(content, tmp_path):
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"format": 3, "jobs": [], "outputs": []}))
    (folder / "handout.pdf").write_bytes(b"%PDF")  # an output of that build
    assert is_build_folder(folder)
    accepted(folder, content)


def test_the_content_folder_is_compared_resolved(content, tmp_path):
    """A symbolic link to the content folder is the content folder."""
    link = tmp_path / "alias"
    link.symlink_to(content)
    error = refused(link / "build", content)
    assert "inside the content folder" in error.problem


# --- paths in the build folder ----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("", "not a file name"),
        (None, "not a file name"),
        ("/etc/passwd", "absolute path"),
        ("../outside.pdf", "'..'"),
        ("clinic/../../outside.pdf", "'..'"),
        ("clinic//x.pdf", "empty part"),
        ("./x.pdf", "'..'"),
        ("clinic\\x.pdf", "backslash"),
        ("x\0.pdf", "NUL"),
    ],
)
def test_unsafe_relative_paths_say_why(path, why):
    problem = safe_relative(path)
    assert problem is not None and why in problem


def test_safe_relative_paths_pass():
    assert safe_relative("clinic/peel/previews/x_slide-1.png") is None
    assert safe_relative("manifest.json") is None


def test_the_build_folder_never_writes_through_a_link_out_of_it(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "build"
    root.mkdir()
    (root / "clinic").symlink_to(outside)
    with pytest.raises(BuildFolderError) as caught:
        BuildFolder(root).commit([("clinic/x.pdf", b"new")])
    assert "symbolic link out of the build folder" in caught.value.problem
    assert list(outside.iterdir()) == []


# --- the sweep of what a killed build left ----------------------------------------------

TOKEN = "4242-0badc0de"  # the pid and random part of a killed build's BuildFolder


def listed(*files: tuple[str, bytes]) -> bytes:
    """A manifest listing ``files`` with their checksums."""
    return manifest_bytes(
        Manifest(
            outputs=tuple(
                Entry(
                    "clinic",
                    "peel",
                    "en",
                    "handout-pdf",
                    None,
                    path,
                    hashlib.sha256(data).hexdigest(),
                    len(data),
                )
                for path, data in files
            )
        )
    )


def killed_folder(tmp_path: Path) -> Path:
    root = tmp_path / "build"
    (root / "clinic" / "peel").mkdir(parents=True)
    (root / MARKER).write_text("marker\n")
    return root


def test_the_sweep_removes_temporaries_of_a_killed_build(tmp_path):
    root = killed_folder(tmp_path)
    pdf = root / "clinic" / "peel" / "x.pdf"
    pdf.write_bytes(b"old")
    manifest = listed(("clinic/peel/x.pdf", b"old"))
    (root / "manifest.json").write_bytes(manifest)
    temporaries = [
        root / "clinic" / "peel" / f".x.pdf.{TOKEN}.hk-tmp",
        root / "clinic" / "peel" / f".x.html.{TOKEN}.hk-tmp",
        root / f".manifest.json.{TOKEN}.hk-tmp",
        root / ".index.html.k2j3h4.hk-tmp",  # write_atomic's temporary
    ]
    for temporary in temporaries:
        temporary.write_bytes(b"half-written")
    BuildFolder(root).prepare()
    assert tree(root) == {
        MARKER: b"marker\n",
        "clinic": None,
        "clinic/peel": None,
        "clinic/peel/x.pdf": b"old",
        "manifest.json": manifest,
    }


def test_the_sweep_puts_back_a_backup_the_manifest_still_describes(tmp_path):
    """Killed after x.pdf was replaced and before the manifest was: x.pdf holds the new
    bytes, its backup the old ones the manifest lists; the sweep puts the old file back."""
    root = killed_folder(tmp_path)
    manifest = listed(("clinic/peel/x.pdf", b"old pdf"), ("clinic/peel/y.html", b"old html"))
    (root / "manifest.json").write_bytes(manifest)
    (root / "clinic" / "peel" / "x.pdf").write_bytes(b"new pdf")
    (root / "clinic" / "peel" / f".x.pdf.{TOKEN}.hk-old").write_bytes(b"old pdf")
    (root / "clinic" / "peel" / "y.html").write_bytes(b"old html")  # not replaced yet
    (root / "clinic" / "peel" / f".y.html.{TOKEN}.hk-tmp").write_bytes(b"new html")
    BuildFolder(root).prepare()
    assert tree(root) == {
        MARKER: b"marker\n",
        "clinic": None,
        "clinic/peel": None,
        "clinic/peel/x.pdf": b"old pdf",
        "clinic/peel/y.html": b"old html",
        "manifest.json": manifest,
    }


def test_the_sweep_puts_back_a_backup_whose_file_is_missing(tmp_path):
    """Without hard links the file is moved aside: killed then, only the backup is left."""
    root = killed_folder(tmp_path)
    manifest = listed(("clinic/peel/x.pdf", b"old pdf"))
    (root / "manifest.json").write_bytes(manifest)
    (root / "clinic" / "peel" / f".x.pdf.{TOKEN}.hk-old").write_bytes(b"old pdf")
    BuildFolder(root).prepare()
    assert (root / "clinic" / "peel" / "x.pdf").read_bytes() == b"old pdf"
    assert sorted(os.listdir(root / "clinic" / "peel")) == ["x.pdf"]


@pytest.mark.parametrize(
    ("manifest", "current"),
    [
        # Killed after the manifest was replaced: it describes the new file.
        (listed(("clinic/peel/x.pdf", b"new pdf")), b"new pdf"),
        # The manifest does not list the file at all.
        (listed(("clinic/peel/other.pdf", b"old pdf")), b"new pdf"),
        # No manifest.
        (None, b"new pdf"),
        # The file already holds the bytes the manifest lists.
        (listed(("clinic/peel/x.pdf", b"old pdf")), b"old pdf"),
    ],
    ids=["manifest-is-new", "not-listed", "no-manifest", "file-already-right"],
)
def test_a_backup_the_manifest_does_not_call_for_is_just_deleted(tmp_path, manifest, current):
    root = killed_folder(tmp_path)
    if manifest is not None:
        (root / "manifest.json").write_bytes(manifest)
    (root / "clinic" / "peel" / "x.pdf").write_bytes(current)
    (root / "clinic" / "peel" / f".x.pdf.{TOKEN}.hk-old").write_bytes(b"old pdf")
    BuildFolder(root).prepare()
    assert (root / "clinic" / "peel" / "x.pdf").read_bytes() == current
    assert sorted(os.listdir(root / "clinic" / "peel")) == ["x.pdf"]


def test_a_backup_whose_bytes_differ_from_the_manifest_is_not_put_back(tmp_path):
    root = killed_folder(tmp_path)
    (root / "manifest.json").write_bytes(listed(("clinic/peel/x.pdf", b"old pdf")))
    (root / "clinic" / "peel" / "x.pdf").write_bytes(b"new pdf")
    (root / "clinic" / "peel" / f".x.pdf.{TOKEN}.hk-old").write_bytes(b"something else")
    BuildFolder(root).prepare()
    assert (root / "clinic" / "peel" / "x.pdf").read_bytes() == b"new pdf"
    assert sorted(os.listdir(root / "clinic" / "peel")) == ["x.pdf"]


def test_the_sweep_leaves_files_that_only_look_like_leftovers(tmp_path):
    root = killed_folder(tmp_path)
    (root / "notes.hk-tmp").write_bytes(b"not hidden: not ours")
    (root / ".hk-tmp-notes").write_bytes(b"another suffix")
    BuildFolder(root).prepare()
    assert (root / "notes.hk-tmp").read_bytes() == b"not hidden: not ours"
    assert (root / ".hk-tmp-notes").read_bytes() == b"another suffix"


def test_prepare_marks_a_new_build_folder(tmp_path):
    root = tmp_path / "build"
    folder = BuildFolder(root)
    folder.create()
    folder.prepare()
    assert is_build_folder(root)
    assert sorted(os.listdir(root)) == [MARKER]


def test_ctrl_c_during_a_commit_waits_until_every_file_is_in_place(tmp_path, monkeypatch):
    """A Ctrl-C that arrives while a job's files are renamed into place is held until the
    last one (and the manifest) is there, then stops the build as usual."""
    import signal

    from handoutkit.build.folder import BuildFolder, interrupts_deferred

    folder = BuildFolder(tmp_path)
    real_replace = os.replace
    calls = []

    def replace_then_interrupt(source, target):
        real_replace(source, target)
        calls.append(target)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C after the first rename

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt), interrupts_deferred():
        folder.commit([("a/one.pdf", b"1"), ("a/two.pdf", b"2")], manifest=b"{}")
        done = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert done == {"one.pdf", "two.pdf", "manifest.json"}  # all in place before it stopped


def test_a_temp_folder_with_no_room_for_the_scratch_folder_is_one_paragraph(tmp_path, monkeypatch):
    import handoutkit.build.builder
    from handoutkit.build.builder import BuildOptions, build, plan

    from ..conftest import DEMO_CONTENT

    def full() -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(handoutkit.build.builder, "make_scratch", full)
    options = BuildOptions(content_dir=DEMO_CONTENT, out_dir=tmp_path / "build", previews=False)
    with pytest.raises(BuildFolderError) as caught:
        build(options, plan(options))
    assert "could not create its scratch folder" in caught.value.problem
    assert os.strerror(errno.ENOSPC) in caught.value.problem and "TMPDIR" in caught.value.fix
    assert not (tmp_path / "build" / "manifest.json").exists()
