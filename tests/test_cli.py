"""The command line: bad input gets one paragraph and a non-zero exit, never a traceback."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys

import pytest

from handoutkit.build.manifest import read_manifest
from handoutkit.cli import main

from .conftest import FIXTURE_CONTENT


def run_cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


BRAND = "clinics/larkspur-skin/_brand.yml"
DOC = "procedures/microneedling/en.md"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            DOC,
            "title: Microneedling",
            "title: [Microneedling",
            "line 2: the front matter is not valid YAML",
        ),
        (DOC, "reviewed_by: Handout Kit demo team\n", "", "'reviewed_by' is missing"),
        (DOC, None, "", "the document is empty"),
        (BRAND, '"#5B3F8C"', '"#5B3F8Z"', "line 22, field 'color.palette.larkspur'"),
        (
            BRAND,
            "logo/larkspur-mark.svg",
            "logo/gone.svg",
            "the file 'logo/gone.svg' does not exist",
        ),
        (
            BRAND,
            "  primary: larkspur",
            "  primary: [larkspur",
            "line 27: the file is not valid YAML",
        ),
        (BRAND, "logo/larkspur-mark.svg", "https://cdn.example/l.svg", "is a URL"),
        (
            DOC,
            "## Conclusion\n",
            "## Conclusion\n\n![Chart](../../../../etc/chart.png)\n",
            "points outside",
        ),
        (
            DOC,
            "## Conclusion\n",
            "## Conclusion\n\n![Chart](http://example.com/c.png)\n",
            "is a URL",
        ),
    ],
    ids=[
        "malformed-front-matter",
        "missing-field",
        "empty-document",
        "bad-colour",
        "missing-logo",
        "malformed-brand-yaml",
        "remote-logo",
        "image-outside-content",
        "remote-image",
    ],
)
@pytest.mark.notebook
def test_bad_input_is_one_paragraph_naming_file_problem_and_fix(
    capsys, content, tmp_path, file, old, new, expected
):
    path = content / file
    if old is None:
        path.write_text(new)
    else:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
    code, _out, err = run_cli(
        capsys, "build", "--content", str(content), "--out", str(tmp_path / "b"), "--no-previews"
    )
    assert code == 1
    assert f"error (larkspur-skin × microneedling × en): {path}" in err
    assert expected in err
    assert "Fix:" in err
    assert "Traceback" not in err
    assert "1 job(s) failed" in err
    # Nothing but the gallery (which shows the error), the failures (which record it), the
    # empty manifest, the quality report of what could be read and the folder's marker.
    out = tmp_path / "b"
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    pages = {p for p in written if p.startswith(("gallery/", "checks/"))}
    assert written - pages == {
        *("index.html", "manifest.json", "failures.json", "checks.json", "checks.html"),
        *(".lock", ".handoutkit", ".manifest.sqlite"),
    }
    gallery = {"gallery/index.json", "gallery/index.js", "gallery/larkspur-skin.html"}
    assert {p for p in pages if p.startswith("gallery/")} == gallery
    assert all(p.endswith(".html") for p in pages - gallery)  # the report's pages


@pytest.mark.parametrize(
    ("option", "value", "existing"),
    [("--clinic", "nope", "larkspur-skin"), ("--procedure", "botox", "microneedling")],
)
def test_unknown_slug_lists_the_existing_ones(capsys, content, option, value, existing):
    code, _, err = run_cli(capsys, "build", "--content", str(content), option, value)
    assert code == 1
    assert f"'{value}'" in err and f"exist are: {existing}" in err
    assert "Traceback" not in err


def test_list_shows_clinics_procedures_and_languages(capsys, content):
    code, out, _ = run_cli(capsys, "list", "--content", str(content))
    assert code == 0
    row = next(line for line in out.splitlines() if "larkspur-skin" in line)
    assert "microneedling" in row and "en" in row


def test_missing_content_folder_is_an_error_not_a_traceback(capsys, tmp_path):
    code, _, err = run_cli(capsys, "list", "--content", str(tmp_path / "nowhere"))
    assert code == 1 and "--content" in err


def test_wrong_paper_size_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["build", "--paper", "legal"])
    assert caught.value.code == 2
    assert "invalid choice: 'legal'" in capsys.readouterr().err


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["build", "--jobs", "0"])
    assert caught.value.code == 2
    assert "at least 1" in capsys.readouterr().err


@pytest.mark.notebook
def test_build_prints_a_summary_then_skips_what_is_unchanged(capsys, content, tmp_path):
    args = ("build", "--content", str(content), "--out", str(tmp_path / "b"), "--no-previews")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0
    assert "built larkspur-skin × microneedling × en" in " ".join(out.split())
    row = next(line for line in out.splitlines() if "│" in line and "s │" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")][:3] == ["1", "0", "0"]
    assert f"Gallery: {tmp_path / 'b' / 'index.html'}" in out.replace("\n", "")
    code, out, _ = run_cli(capsys, *args)
    assert code == 0
    assert "Nothing to build: all 1 job(s) are up to date" in " ".join(out.split())


@pytest.mark.notebook
def test_ctrl_c_stops_the_build_and_leaves_no_partial_file(content, tmp_path):
    """Interrupt a build of four jobs after the first one finished."""
    for number in (2, 3, 4):
        shutil.copytree(content / "clinics/larkspur-skin", content / f"clinics/clinic-{number}")
    out = tmp_path / "b"
    command = [
        sys.executable,
        "-m",
        "handoutkit.cli",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--jobs",
        "1",
        "--no-previews",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "built" in line:
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    manifest = read_manifest(out)
    assert 1 <= len(manifest.jobs) < 4  # the finished jobs are recorded, the rest are not
    for entry in manifest.outputs:
        data = (out / entry.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256
    leftovers = subprocess.run(
        ["pgrep", "-f", "handoutkit-worker|handoutkit-run-"], capture_output=True, text=True
    )
    assert leftovers.stdout == ""


def test_a_temp_folder_too_deep_for_the_kernels_sockets_is_refused_at_once(
    capsys, monkeypatch, tmp_path
):
    """A kernel cannot make its sockets under a long TMPDIR (a Unix socket's path is at most
    about 100 bytes): the build says so before starting one, instead of waiting for it."""
    import tempfile
    import time

    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    started = time.monotonic()
    code, _, err = run_cli(capsys, "build", "--content", str(content), "--out",
                           str(tmp_path / "build"), "--no-previews")  # fmt: skip
    assert code == 1 and time.monotonic() - started < 30
    assert "too long a path for the notebook kernels' sockets" in err
    assert "TMPDIR=/tmp" in err and "Traceback" not in err
    assert list(deep.iterdir()) == []  # its scratch folder removed
