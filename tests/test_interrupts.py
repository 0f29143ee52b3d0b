"""Ctrl-C always ends the command (`cli.interrupts`): a stop that hangs is ended by the
deadline, with every thread's stack for a bug report; a stop that works is not touched."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")

SCRIPT = """
import os, signal, sys, threading, time
from handoutkit.cli import interrupts
interrupts.install(deadline_s=1.0)
try:
    print("ready", flush=True)  # in the try: the Ctrl-C may come at once
    time.sleep(30)
except KeyboardInterrupt:
    if sys.argv[1] == "hang":
        threading.Event().wait(30)  # a stop that never ends
    print("stopped by itself", flush=True)
    sys.exit(130)
"""


def run(mode: str) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@linux_only
def test_a_stop_that_hangs_is_ended_by_the_deadline_with_every_threads_stack():
    done = run("hang")
    assert done.returncode == 130
    assert "did not stop within 1 s of Ctrl-C" in done.stderr
    assert "Build again to finish" in done.stderr
    assert "most recent call first" in done.stderr  # faulthandler's stacks
    assert "stopped by itself" not in done.stdout


@linux_only
def test_a_stop_that_works_is_not_touched_by_the_deadline():
    done = run("stop")
    assert done.returncode == 130
    assert done.stdout == "stopped by itself\n"
    assert done.stderr == ""


def test_main_called_from_python_leaves_ctrl_c_as_it_found_it():
    """A program (or a test) calling `main` goes on after it: a Ctrl-C it gets later is its
    own, not a deadline that would end it 20 s on."""
    from handoutkit.cli import main

    before = signal.getsignal(signal.SIGINT)
    assert main(["check", "--out", "s3://b/x"]) != 0  # an error: main returns
    assert signal.getsignal(signal.SIGINT) is before
