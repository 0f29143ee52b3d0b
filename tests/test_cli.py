"""The command line: bad input gets one paragraph and a non-zero exit, never a traceback."""

from __future__ import annotations

import pytest

from handoutkit.cli import main


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
        capsys, "build", "--content", str(content), "--out", str(tmp_path / "b")
    )
    assert code == 1
    assert f"error: {path}" in err
    assert expected in err
    assert "Fix:" in err
    assert "Traceback" not in err
    assert "Nothing was built" in err
    assert not (tmp_path / "b").exists()


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
