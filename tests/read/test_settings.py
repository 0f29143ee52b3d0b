"""``content/handoutkit.yml``: the project's quality-check settings, validated like the rest."""

from __future__ import annotations

import json

import pytest

from handoutkit.build.builder import BuildOptions, plan
from handoutkit.cli import main
from handoutkit.errors import ContentError
from handoutkit.quality.checks import CheckSettings
from handoutkit.read.settings import ProjectSettings, read_settings


def write(content, text):
    (content / "handoutkit.yml").write_text(text, encoding="utf-8")


def test_without_a_settings_file_the_defaults_apply(tmp_path):
    assert read_settings(tmp_path) == ProjectSettings(target_grade=8.0, review_months=12)


def test_the_settings_file_sets_the_target_grade_and_review_interval(tmp_path):
    write(tmp_path, "checks:\n  target_grade: 6\n  review_months: 24\n")
    settings = read_settings(tmp_path)
    assert (settings.target_grade, settings.review_months) == (6.0, 24)
    assert settings.source == tmp_path / "handoutkit.yml"


def test_a_commands_options_come_before_the_settings_file(tmp_path):
    write(tmp_path, "checks:\n  target_grade: 6\n  review_months: 24\n")
    settings = CheckSettings.of(read_settings(tmp_path), target_grade=7)
    assert (settings.target_grade, settings.review_months) == (7, 24)


@pytest.mark.parametrize(
    ("text", "problem", "where"),
    [
        ("checks:\n  target_grad: 6\n", "unknown setting 'checks.target_grad'", "line 2"),
        ("checks:\n  target_grade: easy\n", "must be a number from 1 to 18", "line 2"),
        ("checks:\n  review_months: 1.5\n", "must be a whole number from 1 to 60", "line 2"),
        ("check:\n  target_grade: 6\n", "'check' is not a section", "line 1"),
        ("checks:\n  target_grade: [6\n", "not valid YAML", "line 2"),
    ],
    ids=["typo", "not-a-number", "not-whole", "unknown-section", "bad-yaml"],
)
def test_a_bad_settings_file_is_an_error_naming_the_line_and_the_fix(
    tmp_path, text, problem, where
):
    write(tmp_path, text)
    with pytest.raises(ContentError) as caught:
        read_settings(tmp_path)
    error = caught.value
    assert problem in error.problem
    assert error.path == tmp_path / "handoutkit.yml"
    assert (error.where or "").startswith(where)
    assert error.fix


def test_check_reads_the_target_grade_from_the_settings_file(capsys, content, tmp_path):
    write(content, "checks:\n  target_grade: 16\n")
    code = main(["check", "--content", str(content), "--out", str(tmp_path / "build")])
    capsys.readouterr()
    data = json.loads((tmp_path / "build" / "checks.json").read_text())
    (document,) = [s for s in data["subjects"] if s["kind"] == "document"]
    assert document["scores"]["target grade"] == 16
    assert code == 0


def test_changing_the_settings_file_makes_every_job_build_again(content, tmp_path):
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "b", previews=False)
    before = {job.key: job.inputs for job in plan(options).jobs}
    write(content, "checks:\n  target_grade: 7\n")
    after = {job.key: job.inputs for job in plan(options).jobs}
    assert before.keys() == after.keys()
    assert all(before[key] != after[key] for key in before)


def test_a_bad_settings_file_stops_the_build_before_any_job_starts(capsys, content, tmp_path):
    write(content, "checks:\n  target_grade: 40\n")
    code = main(["build", "--content", str(content), "--out", str(tmp_path / "b")])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "handoutkit.yml, line 2, field 'checks.target_grade'" in err
    assert "must be a number from 1 to 18, got '40'" in err
    assert not (tmp_path / "b" / "manifest.json").exists()
