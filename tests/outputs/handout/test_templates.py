"""A clinic's handout template overrides run in a sandbox: nothing escapes, nothing runs away.

Each test writes an override into the scratch copy of the demo content
(``clinics/larkspur-skin/templates/handout/``) and renders the demo handout
with it, as the handout notebook does. Every refusal is a `RenderError` that
names the override file and its line.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import handoutkit.outputs.handout.templates
from handoutkit.errors import RenderError
from handoutkit.limits import TEMPLATE_BYTES
from handoutkit.model import Paper
from handoutkit.outputs.handout.html import render_fragment
from handoutkit.outputs.handout.templates import template_folders
from handoutkit.read.catalog import discover
from handoutkit.read.handout import load_handout

from ...conftest import DEMO_KEY
from ...inputs.test_files import opened_files, real, without_hanging

FIRST_LINE = "<p>A clinic's own handout</p>\n"  # so that the line refused is line 2


@pytest.fixture
def clinic(content: Path) -> Path:
    return content / "clinics" / "larkspur-skin"


@pytest.fixture
def handout(content: Path):
    return load_handout(discover(content), DEMO_KEY)


@pytest.fixture
def override(clinic: Path) -> Path:
    """The clinic's handout.html.j2 (not written yet)."""
    folder = clinic / "templates" / "handout"
    folder.mkdir(parents=True)
    return folder / "handout.html.j2"


def render(handout, clinic: Path) -> str:
    return render_fragment(handout, Paper.LETTER, template_folders(clinic_folder=clinic))


def refused(handout, clinic: Path, template: Path) -> RenderError:
    """The RenderError of rendering with ``template``, checked to name that file."""
    with pytest.raises(RenderError) as caught:
        render(handout, clinic)
    error = caught.value
    assert error.path == template
    assert str(template) in error.message
    assert "\n" not in error.problem
    return error


# --- escapes from the sandbox -------------------------------------------------------------


ESCAPES = {
    "__globals__": ("{{ range.__globals__ }}", "__globals__"),
    "__class__": ("{{ v.__class__ }}", "__class__"),
    "__subclasses__": ("{{ dict.__subclasses__() }}", "__subclasses__"),
    "cycler-os": (
        "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
        "__init__",
    ),
    "lipsum-globals": ("{{ lipsum.__globals__['os'].system('touch MARKER') }}", "__globals__"),
    "template-context": ("{{ self._TemplateReference__context }}", "_TemplateReference__context"),
    "str-mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    "attr-filter": ("{{ (v|attr('__class__')).__mro__ }}", "__class__"),
    "format-string": ("{{ '{0.__class__}'.format(v) }}", "__class__"),
}


@pytest.mark.parametrize(("expression", "attribute"), ESCAPES.values(), ids=ESCAPES)
def test_reaching_into_python_internals_is_refused_naming_the_template_and_line(
    handout, clinic, override, tmp_path, expression, attribute
):
    marker = tmp_path / "escaped"
    override.write_text(FIRST_LINE + expression.replace("MARKER", str(marker)) + "\n")
    error = refused(handout, clinic, override)
    assert error.where == "line 2"
    assert "uses something templates may not use" in error.problem
    assert f"'{attribute}'" in error.problem and "unsafe" in error.problem
    assert not marker.exists()


def test_no_escape_attempt_runs_a_command(handout, clinic, override, tmp_path):
    marker = tmp_path / "escaped"
    attempts = [
        "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
        "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
        "{{ namespace.__init__.__globals__.os.system('touch MARKER') }}",
        "{{ lipsum.__globals__.os.popen('touch MARKER').read() }}",
        "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch MARKER') }}",
        "{% set x = v.__class__.__init__.__globals__ %}{{ x.os.system('touch MARKER') }}",
    ]
    for attempt in attempts:
        override.write_text(FIRST_LINE + attempt.replace("MARKER", str(marker)) + "\n")
        error = refused(handout, clinic, override)
        assert error.where == "line 2", attempt
    assert not marker.exists()


def test_an_escape_in_an_overridden_block_names_the_block_file_and_its_line(
    handout, clinic, override
):
    block = override.parent / "blocks" / "paragraph.html.j2"
    block.parent.mkdir()
    block.write_text("<p>\n{{ b.block.text }}\n{{ b.__class__.__mro__ }}</p>\n")
    error = refused(handout, clinic, block)
    assert error.where == "line 3"
    assert "'__class__'" in error.problem


# --- values too large to build ------------------------------------------------------------


BUILDERS = {
    "string-repeat": "{{ 'x' * 10**8 }}",
    "string-repeat-reversed": "{{ 10**8 * 'x' }}",
    "list-repeat": "{{ [0] * 10**8 }}",
    # Jinja2's ** is left-associative (2 ** 10 ** 6 is (2 ** 10) ** 6, a small number):
    # the power of a million is written with parentheses.
    "power": "{{ 2 ** (10 ** 6) }}",
}


@pytest.mark.parametrize("expression", BUILDERS.values(), ids=BUILDERS)
def test_operators_that_would_build_huge_values_are_refused_at_once(
    handout, clinic, override, expression
):
    override.write_text(FIRST_LINE + expression + "\n")
    start = time.perf_counter()
    error = refused(handout, clinic, override)
    assert time.perf_counter() - start < 1
    assert error.where == "line 2"
    assert "uses something templates may not use" in error.problem
    assert "000,000" in error.problem  # says how large: 100,000,000 times, 2,000,000 bits


def test_a_chain_of_small_powers_that_builds_millions_of_digits_is_refused(
    handout, clinic, override
):
    # Each exponent is small (64), but the result has 5 million digits; one more ** 64
    # would need gigabytes and minutes of a single C call that no alarm interrupts.
    override.write_text(FIRST_LINE + "{{ ((((2 ** 64) ** 64) ** 64) ** 64) > 0 }}\n")
    error = refused(handout, clinic, override)
    assert error.where == "line 2"
    assert "too large" in error.problem


def test_repeating_a_value_up_to_the_bound_is_allowed(handout, clinic, override):
    override.write_text("<p>{{ ('ab' * 1000)|length }} {{ 2 ** 10 }}</p>\n")
    assert "<p>2000 1024</p>" in render(handout, clinic)


# --- templates that never end -------------------------------------------------------------


def test_a_template_that_includes_itself_is_refused(handout, clinic, override):
    override.write_text(FIRST_LINE + '{% include "handout.html.j2" %}\n')
    error = refused(handout, clinic, override)
    assert error.where == "line 2"
    assert "includes itself" in error.problem


def test_a_macro_that_calls_itself_forever_is_refused(handout, clinic, override):
    override.write_text(FIRST_LINE + "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n")
    error = refused(handout, clinic, override)
    assert error.where == "line 2"
    assert "endlessly" in error.problem


def test_an_endless_loop_is_stopped_after_render_seconds(handout, clinic, override, monkeypatch):
    monkeypatch.setattr(handoutkit.outputs.handout.templates, "RENDER_SECONDS", 1)
    override.write_text(
        FIRST_LINE + "{% for i in range(99999) %}{% for j in range(99999) %}{{ '' }}{% endfor %}"
        "{% endfor %}\n"
    )
    start = time.perf_counter()
    error = refused(handout, clinic, override)
    elapsed = time.perf_counter() - start
    assert 0.9 < elapsed < 5
    assert "ran for more than 1 s" in error.problem
    assert error.where == "line 2"


# --- what an override may be --------------------------------------------------------------


def test_an_override_that_links_outside_the_clinic_folder_is_refused_unopened(
    handout, clinic, override, tmp_path
):
    outside = tmp_path / "elsewhere" / "handout.html.j2"
    outside.parent.mkdir()
    outside.write_text("<p>from outside {{ v.title }}</p>\n")
    override.symlink_to(outside)
    with opened_files() as opened:
        error = refused(handout, clinic, override)
    assert real(outside) not in opened
    assert "symbolic link" in error.problem and "outside" in error.problem
    assert str(outside) in error.problem


def test_an_override_that_is_a_named_pipe_is_refused_unopened_and_at_once(
    handout, clinic, override
):
    os.mkfifo(override)
    folders = template_folders(clinic_folder=clinic)
    with opened_files() as opened, pytest.raises(RenderError) as caught:
        without_hanging(lambda: render_fragment(handout, Paper.LETTER, folders), fifo=override)
    assert real(override) not in opened
    assert caught.value.path == override
    assert "named pipe (FIFO)" in caught.value.problem


def test_an_override_over_the_size_limit_is_refused_unread_naming_the_limit(
    handout, clinic, override
):
    override.write_text("<p>" + "x" * TEMPLATE_BYTES.value + "</p>\n")
    with opened_files() as opened:
        error = refused(handout, clinic, override)
    assert real(override) not in opened
    assert "too large" in error.problem
    assert TEMPLATE_BYTES.name in error.problem and TEMPLATE_BYTES.shown in error.problem


def test_an_override_may_not_include_the_brand_file_above_it(handout, clinic, override):
    override.write_text(FIRST_LINE + '{% include "../../_brand.yml" %}\n')
    with opened_files() as opened:
        error = refused(handout, clinic, override)
    assert real(clinic / "_brand.yml") not in opened
    assert error.where == "line 2"
    assert "../../_brand.yml" in error.problem


def test_an_override_that_is_not_utf8_names_the_file(handout, clinic, override):
    override.write_bytes(FIRST_LINE.encode() + "<p>Caf\u00e9</p>\n".encode("cp1252"))
    error = refused(handout, clinic, override)
    assert error.where == "line 2, column 7"
    assert "Windows-1252" in error.problem


# --- errors Python raises while a template runs -------------------------------------------


PYTHON_ERRORS = {
    "division-by-zero": "{{ 1 // 0 }}",
    "range-too-big": "{{ range(10 ** 6)|list|length }}",
    "type-error": "{{ v.title + 1 }}",
    "number-too-long-to-print": "{{ ((2 ** 64) ** 64) ** 64 }}",
}


@pytest.mark.parametrize("expression", PYTHON_ERRORS.values(), ids=PYTHON_ERRORS)
def test_an_error_python_raises_in_a_template_is_a_render_error_naming_it(
    handout, clinic, override, expression
):
    override.write_text(FIRST_LINE + expression + "\n")
    error = refused(handout, clinic, override)
    assert error.where == "line 2"


# --- what still works ---------------------------------------------------------------------


def test_a_harmless_override_renders(handout, clinic, override):
    override.write_text("<p>{{ v.title }}</p>\n")
    assert render(handout, clinic) == "<p>Microneedling</p>\n"


def test_the_projects_own_templates_still_render_the_demo_handout(handout, clinic):
    html = render(handout, clinic)  # no override folder: the project's templates
    assert "<h1>Microneedling</h1>" in html
    assert "Collagen Induction Therapy" in html
    assert html.count('<section class="hk-section"') == len(handout.document.sections)


def test_an_override_of_one_block_keeps_the_projects_other_templates(handout, clinic, override):
    block = override.parent / "blocks" / "paragraph.html.j2"
    block.parent.mkdir()
    block.write_text('<p class="clinic-paragraph">{{ b.block.text }}</p>\n')
    html = render(handout, clinic)
    assert "<h1>Microneedling</h1>" in html
    assert 'class="clinic-paragraph"' in html


MEMORY_BOMBS = {
    "center": "{{ ''|center(2000000000) }}",
    "format-width": "{{ '%2000000000s'|format('x') }}",
    "macro-doubling": "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s|length }}{% endmacro %}"
    "{{ f('x', 40) }}",
    "huge-output": "{% for i in range(100000) %}{{ 'y' * 900000 }}{% endfor %}",
}


@pytest.mark.parametrize("expression", MEMORY_BOMBS.values(), ids=MEMORY_BOMBS)
def test_a_template_that_would_take_gigabytes_is_stopped_in_its_own_process(
    handout, clinic, override, expression
):
    """Filters and macros can build text no operator check sees (a gigabyte in one C call):
    a clinic's templates render in a child process capped in memory, output and time."""
    import resource

    override.write_text(FIRST_LINE + expression + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    error = refused(handout, clinic, override)
    assert time.perf_counter() - start < handoutkit.outputs.handout.templates.RENDER_SECONDS + 2
    assert "more memory than a handout can" in error.problem or "MB of HTML" in error.problem
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # the work was done, and refused, in the child
