"""A build into a URL (fsspec): the job files written there by whoever ran the job, the
records kept in a local folder, the gallery and manifest.json published after them; the
same files as a build into a folder, byte for byte."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from pathlib import Path

import fsspec
import pytest

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.build.mirror import RECORDS, records_folder
from handoutkit.cli import main
from handoutkit.errors import BuildFolderError
from handoutkit.execute.remote import RemoteFolder, is_url, write_outputs
from handoutkit.model import JobKey, JobOutcome
from handoutkit.model.run import Output

from ..conftest import FIXTURE_CONTENT, FIXTURE_KEY

STATE = {".lock", ".manifest.sqlite"}


def files_of(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` but a build's own state (its lock and its database)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in STATE
    }


def options(content: Path, out: Path, url: str = "", **more: object) -> BuildOptions:
    return BuildOptions(
        content_dir=content, out_dir=out, out_url=url, previews=False, executor="in-process",
        **more,
    )  # fmt: skip


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


# -- the URL folder itself ----------------------------------------------------------------


def test_urls_are_told_from_folders():
    assert is_url("s3://bucket/handouts") and is_url("file:///shared/handouts")
    assert not is_url("build") and not is_url("C:/build") and not is_url("./a://b")


def test_a_file_replaced_through_a_file_url_is_whole_and_leaves_no_temporary_file(tmp_path):
    folder = RemoteFolder(f"file://{tmp_path}/out")
    folder.put("a/b.pdf", b"old")
    folder.put("a/b.pdf", b"new")
    assert (tmp_path / "out/a/b.pdf").read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "out/a").iterdir()) == ["b.pdf"]
    assert folder.read("a/b.pdf") == b"new" and folder.exists("a/b.pdf")
    folder.delete(["a/b.pdf", "a/never.pdf"])
    assert not (tmp_path / "out/a/b.pdf").exists()


def test_a_local_file_is_published_without_being_read_whole(tmp_path):
    local = tmp_path / "manifest.json"
    local.write_bytes(b"{}" * 100_000)
    folder = RemoteFolder(f"file://{tmp_path}/out")
    folder.put_file("manifest.json", local)
    assert (tmp_path / "out/manifest.json").read_bytes() == local.read_bytes()
    assert os.listdir(tmp_path / "out") == ["manifest.json"]
    with pytest.raises(BuildFolderError, match=r"writing gone\.json"):
        folder.put_file("gone.json", tmp_path / "missing.json")


def test_an_object_store_gets_one_upload_per_file():
    url = "memory://hk-test-upload/out"
    RemoteFolder(url).put("x/y.html", b"<p>1</p>")
    fs = fsspec.filesystem("memory")
    assert fs.cat_file("/hk-test-upload/out/x/y.html") == b"<p>1</p>"
    assert fs.find("/hk-test-upload") == ["/hk-test-upload/out/x/y.html"]  # nothing aside


@pytest.mark.parametrize("bad", ["../x.pdf", "/etc/passwd", "a/../../b", "a\\b", "", "a//b"])
def test_a_path_leaving_the_url_is_refused(tmp_path, bad):
    with pytest.raises(BuildFolderError, match="not a path inside it"):
        RemoteFolder(f"file://{tmp_path}/out").put(bad, b"x")
    assert not (tmp_path / "x.pdf").exists()


def test_a_refused_write_is_one_paragraph_naming_the_url_and_the_fix(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a").write_text("a file where a folder should be")
    url = f"file://{tmp_path}/out"
    with pytest.raises(BuildFolderError) as caught:
        RemoteFolder(url).put("a/b.pdf", b"x")
    assert url in caught.value.message and "writing a/b.pdf" in caught.value.message
    assert "credentials" in caught.value.fix


def test_a_url_without_its_driver_says_which_package_to_install():
    with pytest.raises(BuildFolderError) as caught:
        RemoteFolder("s3://bucket/handouts").names()
    assert "s3fs" in caught.value.message and "pip install s3fs" in caught.value.fix


def test_a_job_writes_its_files_itself_and_gives_back_their_digests(tmp_path):
    key = JobKey("c", "p", "en")
    outcome = JobOutcome(key, outputs=(Output(key, "pdf", "c/p/c_p_en.pdf", b"%PDF-1.7"),))
    written = write_outputs(outcome, f"file://{tmp_path}")
    (output,) = written.outputs
    assert output.data == b"" and output.size == 8
    assert output.sha256 == hashlib.sha256(b"%PDF-1.7").hexdigest()
    assert (tmp_path / "c/p/c_p_en.pdf").read_bytes() == b"%PDF-1.7"


def test_each_url_has_its_own_records_folder():
    one, other = records_folder("s3://b/handouts"), records_folder("s3://b/handouts2")
    assert one != other and one.parent == other.parent == RECORDS
    assert one.name.startswith("s3-b-handouts-")


# -- a build into a URL -------------------------------------------------------------------


@pytest.mark.notebook
def test_a_build_into_a_file_url_writes_the_files_a_folder_build_writes(content, tmp_path):
    folder = tmp_path / "folder"
    report = build(options(content, folder), plan(options(content, folder)))
    assert report.ok
    shared, records = tmp_path / "shared", tmp_path / "records"
    url = f"file://{shared}"
    made: list[JobOutcome] = []
    opts = options(content, records, url)
    report = build(opts, plan(opts), on_done=made.append)
    assert report.ok and report.url == url
    assert files_of(shared) == files_of(folder)
    # The job wrote its files itself: the builder was given their digests, not their bytes.
    (outcome,) = made
    assert outcome.outputs and all(o.data == b"" and o.sha256 for o in outcome.outputs)
    # The records folder holds the records and the pages, no job file.
    assert not (records / FIXTURE_KEY.clinic).exists()
    assert (records / ".manifest.sqlite").is_file() and (records / "index.html").is_file()
    listed = json.loads((shared / "manifest.json").read_bytes())["outputs"]
    assert listed and all(
        hashlib.sha256((shared / e["path"]).read_bytes()).hexdigest() == e["sha256"] for e in listed
    )


@pytest.mark.notebook
def test_a_second_build_into_the_url_writes_nothing_there_and_a_change_only_what_changed(
    content, tmp_path, edit
):
    shared, records = tmp_path / "shared", tmp_path / "records"
    opts = options(content, records, f"file://{shared}")
    assert build(opts, plan(opts)).ok
    before = {path: os.stat(shared / path).st_mtime_ns for path in files_of(shared)}
    again = plan(opts)
    assert not again.to_build
    build(opts, again)
    assert {path: os.stat(shared / path).st_mtime_ns for path in files_of(shared)} == before
    document = content / "procedures/chemical-peel/en.md"
    edit(document, "Chemical Peel", "Chemical Peel Treatment")
    changed = plan(opts)
    assert [job.key for job in changed.to_build] == [FIXTURE_KEY]
    assert build(opts, changed).ok
    handout = next(p for p in files_of(shared) if p.endswith("_handout.html"))
    assert "Chemical Peel Treatment" in (shared / handout).read_text(encoding="utf-8")
    assert files_of(shared)["manifest.json"] == (records / "manifest.json").read_bytes()


@pytest.mark.notebook
def test_a_build_killed_before_publishing_publishes_its_pages_next_time(content, tmp_path):
    shared, records = tmp_path / "shared", tmp_path / "records"
    opts = options(content, records, f"file://{shared}")
    assert build(opts, plan(opts)).ok
    (shared / "index.html").unlink()
    (shared / "manifest.json").unlink()
    from handoutkit.build.store import open_store

    store = open_store(records)
    store.begin()  # as a build killed while it ran leaves it: unfinished
    store.close()
    build(opts, plan(opts))
    assert (shared / "index.html").read_bytes() == (records / "index.html").read_bytes()
    assert (shared / "manifest.json").is_file()


def test_a_url_holding_files_of_someone_else_is_refused_before_anything_runs(content, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "thesis.docx").write_bytes(b"mine")
    opts = options(content, tmp_path / "records", f"file://{shared}")
    with pytest.raises(BuildFolderError, match=r"thesis\.docx"):
        plan(opts)
    assert sorted(os.listdir(shared)) == ["thesis.docx"]


def test_the_records_folder_may_not_be_the_url_itself(content, tmp_path):
    opts = options(content, tmp_path / "same", f"file://{tmp_path / 'same'}")
    with pytest.raises(BuildFolderError, match="records folder"):
        plan(opts)


@pytest.mark.parametrize("command", ["check", "preview"])
def test_commands_that_need_a_folder_refuse_a_url_with_what_to_do(capsys, content, command):
    code = main([command, "--content", str(content), "--out", "s3://bucket/handouts"])
    err = capsys.readouterr().err
    assert code != 0  # check's own status for an error (2), as for any other
    assert f"handoutkit {command} works on a build folder on this computer" in err
    assert "Traceback" not in err


def test_records_without_a_url_is_an_error(capsys, content, tmp_path):
    code = main(["build", "--content", str(content), "--out", str(tmp_path / "b"),
                 "--records", str(tmp_path / "r")])  # fmt: skip
    assert code == 1
    assert "--records" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_a_job_whose_checks_found_an_error_is_not_published_unless_errors_are_allowed():
    """The builder refuses such a job (`gate.refused`); its worker must not have written
    its files to the URL before."""
    from handoutkit.execute.jobs import writes_itself
    from handoutkit.model import Finding, JobSpec, Status

    key = JobKey("c", "p", "en")
    spec = JobSpec(key, Path("/c"), Path("/n"), Path("/t"), (), out_url="s3://b/x")
    error = Finding("accessibility", "alt text", Status.ERROR, "no alt text")
    warning = Finding("accessibility", "alt text", Status.WARN, "short alt text")
    assert writes_itself(spec, JobOutcome(key, checks=(warning,)))
    assert not writes_itself(spec, JobOutcome(key, checks=(warning, error)))
    assert writes_itself(
        dataclasses.replace(spec, allow_errors=True), JobOutcome(key, checks=(error,))
    )
    assert not writes_itself(spec, JobOutcome(key, error="the notebook failed"))
    assert not writes_itself(dataclasses.replace(spec, out_url=""), JobOutcome(key))


def test_a_symbolic_link_out_of_a_file_url_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out/clinic").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BuildFolderError, match="symbolic link"):
        RemoteFolder(f"file://{tmp_path}/out").put("clinic/x.pdf", b"x")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_url_holding_a_website_with_its_own_manifest_json_is_refused(content, tmp_path):
    shared = tmp_path / "site"
    shared.mkdir()
    (shared / "manifest.json").write_text('{"name": "our site"}')
    (shared / "index.html").write_text("<h1>Welcome</h1>")
    with pytest.raises(BuildFolderError, match="did not make"):
        plan(options(content, tmp_path / "records", f"file://{shared}"))
    assert (shared / "index.html").read_text() == "<h1>Welcome</h1>"


@pytest.mark.notebook
def test_records_of_one_url_are_not_used_for_another(content, tmp_path):
    records = tmp_path / "records"
    first = options(content, records, f"file://{tmp_path / 'one'}")
    assert build(first, plan(first)).ok
    with pytest.raises(BuildFolderError, match="holds the records of the build into"):
        plan(options(content, records, f"file://{tmp_path / 'two'}"))
    assert not (tmp_path / "two").exists()
