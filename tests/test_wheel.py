"""The wheel works on its own: built from the repository, installed into a fresh virtual
environment outside it, it builds the demo content (templates and notebooks come from the
wheel's package data) and honours a clinic's template override.

The fresh environment gets the wheel and nothing else from the repository; its other
packages come from the test environment's site-packages through a path line (no download),
which carries no Handout Kit (the test environment's editable install is a .pth file, and a
path line's own .pth files are not read).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import DEMO_CONTENT, ROOT

pytestmark = pytest.mark.notebook

PDF = "larkspur-skin/microneedling/larkspur-skin_microneedling_en_handout-letter.pdf"
HTML = "larkspur-skin/microneedling/larkspur-skin_microneedling_en_handout.html"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (built,) = folder.glob("handoutkit-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with only the wheel installed."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
         "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    packages = next(venv.glob("lib/python*/site-packages"))
    (packages / "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # Installing ipykernel and nbconvert puts their data (the python3 kernel spec,
    # nbconvert's base templates) in the environment's share/jupyter; the dependencies
    # borrowed above put theirs in the test environment's.
    shutil.copytree(Path(sys.prefix) / "share" / "jupyter", venv / "share" / "jupyter")
    return venv


def run_in(venv: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``arguments`` run in ``venv`` (a program of it, or its python for ``-c`` / ``-m``)."""
    program = [arguments[0]] if Path(arguments[0]).is_absolute() else [str(venv / "bin/python")]
    rest = arguments[1:] if Path(arguments[0]).is_absolute() else arguments
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment["PATH"] = f"{venv / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
    return subprocess.run(
        [*program, *rest], cwd=cwd, capture_output=True, text=True, env=environment
    )


def test_the_wheel_carries_the_templates_and_notebooks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "handoutkit/_data/templates/handout/handout.html.j2" in names
    assert "handoutkit/_data/notebooks/handout.ipynb" in names
    assert "handoutkit/_data/notebooks/slides.ipynb" in names
    assert not any(name.startswith(("tests/", "content/")) for name in names)


def test_the_installed_wheel_finds_its_own_package_and_data(installed, tmp_path):
    done = run_in(
        installed,
        "-c",
        "import handoutkit, handoutkit.resources as r; "
        "print(handoutkit.__file__); print(r.PROJECT_TEMPLATES); print(r.PROJECT_NOTEBOOKS)",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    package, templates, notebooks = done.stdout.splitlines()
    for path in (package, templates, notebooks):
        assert Path(path).is_relative_to(installed) and not Path(path).is_relative_to(ROOT)


def test_the_installed_wheel_serves_the_preview_script(installed, tmp_path):
    done = run_in(
        installed,
        "-c",
        "from handoutkit.preview.page import client_script; print(client_script()[:200])",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "EventSource" in done.stdout or "Handout Kit preview" in done.stdout


def build_command(venv: Path, content: Path) -> list[str]:
    """The wheel's own ``handoutkit`` command, as a user runs it."""
    return [str(venv / "bin" / "handoutkit"), "build", "--content", str(content),
            "--out", "build", "--no-previews", "--jobs", "1"]  # fmt: skip


def test_the_installed_wheel_builds_the_demo_outside_the_repository(installed, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    override = content / "clinics/larkspur-skin/templates/handout"
    done = run_in(installed, *build_command(installed, content), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    pdf = (tmp_path / "build" / PDF).read_bytes()
    # The same templates give the same handout as a build with the repository's code.
    reference = tmp_path / "reference"
    subprocess.run(
        [sys.executable, "-m", "handoutkit.cli", "build", "--content", str(content),
         "--out", str(reference), "--no-previews", "--jobs", "1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    assert hashlib.sha256(pdf).digest() == hashlib.sha256((reference / PDF).read_bytes()).digest()
    # A clinic's template override still replaces the packaged template of the same name.
    override.mkdir(parents=True)
    (override / "blocks").mkdir()
    (override / "blocks/paragraph.html.j2").write_text(
        '<p class="clinic-own">{{ m.spans(b.block.spans) }}</p>\n'
    )
    done = run_in(installed, *build_command(installed, content), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'class="clinic-own"' in (tmp_path / "build" / HTML).read_text(encoding="utf-8")


def test_the_wheel_carries_the_example_a_new_project_starts_from(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "handoutkit/_data/content/procedures/microneedling/en.md" in names
    assert "handoutkit/_data/content/clinics/larkspur-skin/_brand.yml" in names
    assert {f"handoutkit/authoring/starter/{name}" for name in
            ("README.md", "gitignore", "handoutkit.yml")} <= names  # fmt: skip


def test_init_then_build_works_from_the_installed_wheel_in_a_new_folder(installed, tmp_path):
    handoutkit = str(installed / "bin" / "handoutkit")
    done = run_in(installed, handoutkit, "init", "clinic-handouts", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    project = tmp_path / "clinic-handouts"
    done = run_in(installed, handoutkit, "build", "--no-previews", "--jobs", "1", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "build" / PDF).read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "build").exists()  # the build went into the project, where it ran
    done = run_in(installed, handoutkit, "import", str(ROOT / "tests/fixtures/seeds/"
                  "microneedling.txt"), "--procedure", "peel", cwd=project)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "content/procedures/peel/en.md").is_file()
