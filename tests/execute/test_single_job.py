"""A build of one job: run in the builder's process with one kernel, no worker; a job's files
are collected from one notebook while the kernel runs the next, in order; Ctrl-C and kill -9
leave no kernel behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pytest
from nbformat import NotebookNode

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.errors import RenderError
from handoutkit.execute import executors, jobs
from handoutkit.model import JobOutcome, Output, Paper
from handoutkit.model.run import JobSpec
from handoutkit.outputs.kinds import Collected, FileKind, OutputKind

from ..conftest import DEMO_CONTENT, DEMO_KEY, ROOT

EXIT_S = 10.0
BOOT_S = 120.0


def wait_for(condition, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody has reaped yet does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def children_kernels(parent: int) -> list[int]:
    """The live kernels jupyter_client started for process ``parent`` (from /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            environ = Path(f"/proc/{name}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"JPY_PARENT_PID={parent}".encode() in environ and alive(int(name)):
            found.append(int(name))
    return found


# -- which executor a build starts ------------------------------------------------------------


@pytest.fixture
def chosen(monkeypatch):
    """The executor names builds start (each job fails at once: no kernel is started)."""
    names: list[str] = []

    class Recorded:
        def __init__(self, name: str, options: executors.ExecutorOptions) -> None:
            names.append(name)

        def run(self, specs):
            for spec in specs:
                yield JobOutcome(spec.key, error="recorded")

        def close(self) -> None:
            pass

        kill = close

    executors.executor_names()  # the built-in ones are registered before they are replaced
    for name in ("auto", "workers", "in-process"):
        monkeypatch.setitem(
            executors._FACTORIES, name, lambda options, name=name: Recorded(name, options)
        )
    return names


def test_one_job_runs_in_the_builders_process_and_more_in_workers(chosen, content, tmp_path):
    def build_with(**options):
        opts = BuildOptions(content_dir=content, previews=False, workers=2, **options)
        build(opts, plan(opts))

    build_with(out_dir=tmp_path / "one")
    build_with(out_dir=tmp_path / "asked", executor="workers")
    shutil.copytree(content / "clinics" / DEMO_KEY.clinic, content / "clinics" / "clinic-2")
    build_with(out_dir=tmp_path / "two")
    assert chosen == ["in-process", "workers", "auto"]


# -- a job's files are collected behind its notebooks, in order -------------------------------


class Slow(OutputKind):
    """A kind whose files take a while to collect."""

    name = "slow"
    notebook = "slow.ipynb"
    tag = "slow"
    files = (FileKind("slow-file", "Slow"),)
    fails = False
    collected = 0.0

    def collect(self, notebook, variant, spec):
        time.sleep(0.3)
        self.collected = time.monotonic()
        if self.fails:
            raise RenderError("the slow kind's files could not be made.", fix="none.")
        return Collected(outputs=(Output(spec.key, "slow-file", "slow.txt", b"slow"),))


class Quick(OutputKind):
    name = "quick"
    notebook = "quick.ipynb"
    tag = "quick"
    files = (FileKind("quick-file", "Quick"),)

    def collect(self, notebook, variant, spec):
        return Collected(outputs=(Output(spec.key, "quick-file", "quick.txt", b"quick"),))


def spec() -> JobSpec:
    return JobSpec(
        key=DEMO_KEY,
        content_dir=DEMO_CONTENT,
        notebooks_dir=ROOT / "notebooks",
        templates_dir=ROOT / "templates",
        papers=(Paper.LETTER,),
    )


@pytest.fixture
def fake_kinds(monkeypatch):
    """Two kinds, slow then quick, and notebooks that run at once (or fail, if told)."""
    slow, quick = Slow(), Quick()
    ran: list[tuple[str, float]] = []
    failing: set[str] = set()

    def execute(spec, name, parameters, output_path, folder=None):
        ran.append((name, time.monotonic()))
        if name in failing:
            raise RenderError(f"the notebook {name} stopped.", fix="none.")
        return NotebookNode(cells=[], metadata={})

    monkeypatch.setattr(jobs, "kinds", lambda: (slow, quick))
    monkeypatch.setattr(jobs, "execute", execute)
    return slow, ran, failing


def test_the_next_notebook_runs_while_the_files_are_collected_and_outputs_keep_their_order(
    fake_kinds,
):
    slow, ran, _ = fake_kinds
    outcome = jobs.run_job(spec())
    assert outcome.error is None
    assert [name for name, _ in ran] == ["slow.ipynb", "quick.ipynb"]
    assert ran[1][1] < slow.collected  # the quick notebook ran before the slow files were made
    assert [output.path for output in outcome.outputs] == ["slow.txt", "quick.txt"]


def test_a_notebooks_failed_files_are_the_jobs_error_not_a_later_notebooks(fake_kinds):
    slow, _, failing = fake_kinds
    slow.fails = True
    assert "slow kind's files" in (jobs.run_job(spec()).error or "")
    failing.add("quick.ipynb")  # the next notebook fails too, sooner
    assert "slow kind's files" in (jobs.run_job(spec()).error or "")
    slow.fails = False
    assert "quick.ipynb stopped" in (jobs.run_job(spec()).error or "")


# -- Ctrl-C and kill -9 -----------------------------------------------------------------------


@pytest.fixture
def temp():
    """A temp dir of the build's own, with a short path (the kernel's sockets go there)."""
    folder = Path(tempfile.mkdtemp(prefix="hk-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start_build(content: Path, tmp_path: Path, temp: Path) -> tuple[subprocess.Popen[str], Path]:
    """``handoutkit build`` of the one demo job, with its steps' timestamps in a file."""
    timings = tmp_path / "timings.tsv"
    command = [sys.executable, "-m", "handoutkit.cli", "build", "--content", str(content)]
    command += ["--out", str(tmp_path / "b"), "--no-previews"]
    env = {**os.environ, "HANDOUTKIT_TIMINGS": str(timings), "TMPDIR": str(temp)}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    return process, timings


def reached(timings: Path, what: str) -> bool:
    return timings.exists() and what in timings.read_text(encoding="utf-8")


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


@linux_only
@pytest.mark.notebook
def test_ctrl_c_during_a_single_job_stops_it_and_leaves_no_kernel(content, tmp_path, temp):
    builder, timings = start_build(content, tmp_path, temp)
    try:
        wait_for(lambda: reached(timings, "notebook handout.ipynb start"), BOOT_S, "a notebook")
        kernels = wait_for(lambda: children_kernels(builder.pid), BOOT_S, "the kernel")
        builder.send_signal(signal.SIGINT)
        _, err = builder.communicate(timeout=60)
    finally:
        builder.kill()
        builder.wait()
    assert builder.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    forced = "did not stop within" in err
    if forced:
        # Stopped by the deadline (cli.interrupts), as a user's build would be: still no
        # kernel and no partial file, but the stacks say where the stop hung.
        warnings.warn(f"the build's stop hung and the deadline ended it:\n{err}", stacklevel=1)
        wait_for(lambda: not [pid for pid in kernels if alive(pid)], EXIT_S, "the kernel")
    assert not [pid for pid in kernels if alive(pid)]
    out = tmp_path / "b"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert not (out / DEMO_KEY.clinic).exists()  # nothing of the job was written
    # The scratch folder is gone (after a forced stop, the next build removes it).
    assert forced or list(temp.iterdir()) == []


@linux_only
@pytest.mark.notebook
def test_the_kernel_of_a_single_job_exits_when_the_builder_is_killed(content, tmp_path, temp):
    builder, timings = start_build(content, tmp_path, temp)
    try:
        wait_for(lambda: reached(timings, "kernel launch"), BOOT_S, "the kernel's launch")
        # As soon as the kernel process exists: it may not have run its first line yet.
        kernels = wait_for(lambda: children_kernels(builder.pid), BOOT_S, "the kernel")
        builder.kill()
        builder.wait(EXIT_S)
        wait_for(
            lambda: not [pid for pid in kernels if alive(pid)],
            EXIT_S,
            "the kernel to exit",
        )
    finally:
        builder.kill()
        builder.wait()
