"""Nothing of a build outlives it: workers, kernels and scratch folders, even after kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from handoutkit.execute.lifecycle import (
    BUILD_ENV,
    LOCK_NAME,
    UNLOCKED_GRACE_S,
    die_with_parent,
    kill_build,
    make_scratch,
    processes_of_build,
    remove_scratch,
    sweep_stale_scratch,
)
from handoutkit.execute.pool import WorkerPool
from handoutkit.model import JobKey, Paper
from handoutkit.model.run import JobSpec

from ..conftest import DEMO_CONTENT, DEMO_KEY, ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

EXIT_S = 10.0
BOOT_S = 120.0

# A builder: a pool of two workers running a job for each clinic named; it prints the pool's
# id and its scratch folder first.
BUILDER = """\
import sys
import time
from pathlib import Path

from handoutkit.model import JobKey
from handoutkit.model.run import JobSpec
from handoutkit.execute.lifecycle import make_scratch
from handoutkit.model import Paper
from handoutkit.execute.pool import WorkerPool


def main():
    root, content, prefix = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    procedure, language, *clinics = sys.argv[4:]
    scratch = make_scratch(prefix)
    pool = WorkerPool(2, scratch=scratch)
    print(pool.build_id, scratch, flush=True)
    specs = [
        JobSpec(
            key=JobKey(clinic, procedure, language),
            content_dir=content,
            notebooks_dir=root / "notebooks",
            templates_dir=root / "templates",
            papers=(Paper.LETTER,),
        )
        for clinic in clinics
    ]
    for outcome in pool.run(specs):
        print("done", outcome.error, flush=True)
    time.sleep(600)


if __name__ == "__main__":
    main()
"""

# Makes a scratch folder, prints its path and waits to be killed.
SCRATCH_OWNER = (
    "import time; from handoutkit.execute.lifecycle import make_scratch; "
    "print(make_scratch(), flush=True); time.sleep(600)"
)


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def parent_of(pid: int) -> int | None:
    """The parent's pid, from /proc (the field after the command name, which may hold spaces)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def cwd(pid):
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return ""


def kernels(pids):
    return [pid for pid in pids if "ipykernel_launcher" in cmdline(pid)]


def wait_for(condition, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return found


def stat_fields(pid):
    """/proc/<pid>/stat after the command name: state, ppid, ..."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def alive(pid):
    fields = stat_fields(pid)
    return bool(fields) and fields[0] not in ("Z", "X")


def unique_prefix():
    return f"hk-test-{uuid.uuid4().hex[:8]}-"


def spec_for(key):
    return JobSpec(
        key=key,
        content_dir=DEMO_CONTENT,
        notebooks_dir=ROOT / "notebooks",
        templates_dir=ROOT / "templates",
        papers=(Paper.LETTER,),
    )


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A temp dir of the test's own, for this process and the processes it starts."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    return tmp_path


# -- every process of a build ends with it ---------------------------------------------------


@pytest.mark.notebook
def test_workers_and_kernels_exit_within_seconds_of_the_builder_being_killed(content, tmp_path):
    """Two jobs, one per worker, both running when the builder is killed."""
    shutil.copytree(content / "clinics" / DEMO_KEY.clinic, content / "clinics" / "clinic-2")
    script = tmp_path / "builder.py"
    script.write_text(BUILDER, encoding="utf-8")
    prefix = unique_prefix()
    errors = (tmp_path / "builder.err").open("w")  # the kill leaves semaphores to report
    builder = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(ROOT),
            str(content),
            prefix,
            DEMO_KEY.procedure,
            DEMO_KEY.language,
            DEMO_KEY.clinic,
            "clinic-2",
        ],
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    errors.close()
    build_id = ""
    try:
        assert builder.stdout is not None
        build_id, scratch = builder.stdout.readline().split()
        # Both kernels are running a job's notebook (each runs in the notebooks folder).
        wait_for(
            lambda: (
                [cwd(pid) for pid in kernels(processes_of_build(build_id))]
                == [str(ROOT / "notebooks")] * 2
            ),
            BOOT_S,
            "the jobs to start",
        )
        before = processes_of_build(build_id)
        workers = [pid for pid in before if "multiprocessing" in cmdline(pid)]
        assert len(workers) == 2 and len(kernels(before)) == 2 and len(before) == 4
        assert {int(stat_fields(pid)[1]) for pid in kernels(before)} == set(workers)
        assert {int(stat_fields(pid)[1]) for pid in workers} == {builder.pid}

        builder.kill()
        killed = time.monotonic()
        builder.wait(EXIT_S)
        wait_for(
            lambda: not processes_of_build(build_id) and not [p for p in before if alive(p)],
            EXIT_S,
            "every process to exit",
        )
        seconds = time.monotonic() - killed
        print(f"all {len(before)} processes of the build exited {seconds:.2f} s after the kill")
        # The next build removes the scratch folder the killed one left behind.
        assert Path(scratch).is_dir()
        assert sweep_stale_scratch(prefix) == 1
        assert not Path(scratch).exists()
    finally:
        builder.kill()
        builder.wait()
        if build_id:
            kill_build(build_id)
        sweep_stale_scratch(prefix)


@pytest.mark.notebook
def test_no_process_is_left_after_a_run_and_close():
    """A failed job, then the demo job (an outcome of megabytes, the last thing sent)."""
    scratch = make_scratch(unique_prefix())
    pool = WorkerPool(1, scratch=scratch)
    try:
        assert wait_for(lambda: kernels(processes_of_build(pool.build_id)), BOOT_S, "the kernel")
        started = processes_of_build(pool.build_id)
        bad = JobKey("nope", DEMO_KEY.procedure, DEMO_KEY.language)
        outcomes = {
            outcome.key: outcome for outcome in pool.run([spec_for(bad), spec_for(DEMO_KEY)])
        }
        assert "unknown clinic 'nope'" in (outcomes[bad].error or "")
        assert outcomes[DEMO_KEY].error is None
        assert sum(len(output.data) for output in outcomes[DEMO_KEY].outputs) > 1_000_000
        pool.close()
        assert processes_of_build(pool.build_id) == []
        assert not [pid for pid in started if alive(pid)]
        assert [p.name for p in scratch.iterdir()] == [LOCK_NAME]  # the kernel's sockets are gone
    finally:
        pool.kill()
        remove_scratch(scratch)
    assert not scratch.exists()


@pytest.mark.notebook
def test_no_process_is_left_after_kill_even_with_a_kernel_still_booting():
    scratch = make_scratch(unique_prefix())
    try:
        pool = WorkerPool(2, scratch=scratch)
        # The id is in the workers' environment, not in this process's.
        assert BUILD_ENV not in os.environ
        other = WorkerPool(0, scratch=scratch)
        assert other.build_id != pool.build_id
        other.kill()
        # As soon as a kernel process exists: it has not run its first line yet.
        wait_for(lambda: kernels(processes_of_build(pool.build_id)), BOOT_S, "a kernel")
        started = processes_of_build(pool.build_id)
        assert os.getpid() not in started
        # The two workers are this process's children (a kernel being forked from a worker
        # shows the worker's command line until it execs, so the command line cannot tell).
        assert len([pid for pid in started if parent_of(pid) == os.getpid()]) == 2
        pool.kill()
        assert processes_of_build(pool.build_id) == []
        assert not [pid for pid in started if alive(pid)]
    finally:
        remove_scratch(scratch)


# A builder that never reads: its worker sends megabytes, then leaves as a pool worker does.
# The worker has no death signal, as off Linux.
UNREAD = """\
import multiprocessing, os, time
from handoutkit.execute.pool import _flush

def worker(results, parent):
    results.put(b"x" * 5_000_000)
    _flush(results, parent)

if __name__ == "__main__":
    results = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(
        target=worker, args=(results, os.getpid())
    )
    process.start()
    print(process.pid, flush=True)
    time.sleep(600)
"""


def test_a_worker_whose_builder_is_gone_does_not_wait_to_send_its_outcome(tmp_path):
    script = tmp_path / "unread.py"
    script.write_text(UNREAD, encoding="utf-8")
    builder = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE)
    worker = 0
    try:
        assert builder.stdout is not None
        worker = int(builder.stdout.readline())
        time.sleep(1.0)
        assert alive(worker)  # waiting for the builder to read
        builder.kill()
        builder.wait()
        wait_for(lambda: not alive(worker), EXIT_S, "the worker to leave")
    finally:
        builder.kill()
        builder.wait()
        if worker and alive(worker):
            os.kill(worker, signal.SIGKILL)


def test_processes_of_build_finds_the_live_ones_only():
    build_id = uuid.uuid4().hex
    env = {**os.environ, BUILD_ENV: build_id}
    sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
    first = subprocess.Popen(sleeper, env=env)
    second = subprocess.Popen(sleeper, env={**env, BUILD_ENV: build_id + "x"})
    try:
        assert wait_for(lambda: processes_of_build(build_id), EXIT_S, "it") == [first.pid]
        first.kill()
        wait_for(lambda: not alive(first.pid), EXIT_S, "a zombie")
        assert Path(f"/proc/{first.pid}").exists()  # not reaped yet: a zombie
        assert processes_of_build(build_id) == []
        assert processes_of_build("") == []
    finally:
        for process in (first, second):
            process.kill()
            process.wait()


def test_kill_build_ends_a_process_and_its_children():
    build_id = uuid.uuid4().hex
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
            "time.sleep(600)",
        ],
        env={**os.environ, BUILD_ENV: build_id},
    )
    try:
        pids = wait_for(
            lambda: len(found := processes_of_build(build_id)) == 2 and found, EXIT_S, "both"
        )
        assert kill_build(build_id) == []
        assert not [pid for pid in pids if alive(pid)]
    finally:
        parent.kill()
        parent.wait()


# -- die_with_parent ---------------------------------------------------------------------------

# Starts a child that calls die_with_parent, prints the child's pid once it did, and waits.
INTERMEDIATE = """\
import subprocess, sys, time
child = subprocess.Popen(
    [sys.executable, "-c", "import os, time; "
     "from handoutkit.execute.lifecycle import die_with_parent; "
     "die_with_parent(os.getppid()); print('ready', flush=True); time.sleep(600)"],
    stdout=subprocess.PIPE, text=True,
)
assert child.stdout.readline() == "ready\\n"
print(child.pid, flush=True)
time.sleep(600)
"""


def test_a_child_that_called_die_with_parent_dies_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", INTERMEDIATE], stdout=subprocess.PIPE)
    child = 0
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        time.sleep(0.2)
        assert alive(child)
        parent.kill()
        parent.wait()
        wait_for(lambda: not alive(child), EXIT_S, "the child to die")
    finally:
        parent.kill()
        parent.wait()
        if child and alive(child):
            os.kill(child, signal.SIGKILL)


def test_die_with_parent_kills_at_once_a_child_whose_parent_is_already_gone():
    code = (
        "import os; from handoutkit.execute.lifecycle import die_with_parent; "
        "die_with_parent(os.getppid() + 1); print('alive')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL and done.stdout == ""


def test_die_with_parent_does_nothing_off_linux():
    code = (
        "import sys; sys.platform = 'darwin'; "
        "from handoutkit.execute.lifecycle import die_with_parent; "
        "die_with_parent(-1); print('alive')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "alive\n"


def test_die_with_parent_keeps_a_child_whose_parent_lives():
    code = (
        "import os; from handoutkit.execute.lifecycle import die_with_parent; "
        "die_with_parent(os.getppid()); die_with_parent(); print('alive')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "alive\n"
    assert die_with_parent.__doc__


# -- scratch folders ---------------------------------------------------------------------------


def test_a_scratch_folder_is_private_locked_and_removed(private_tmp):
    scratch = make_scratch()
    assert scratch.parent == private_tmp and scratch.name.startswith("handoutkit-run-")
    assert scratch.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in scratch.iterdir()] == [LOCK_NAME]
    (scratch / "kernel-1").mkdir()
    (scratch / "kernel-1" / "socket").write_text("")
    assert sweep_stale_scratch() == 0  # this process holds its lock
    assert scratch.is_dir()
    remove_scratch(scratch)
    assert not scratch.exists()
    remove_scratch(scratch)  # again: nothing to do, no error


def test_sweep_removes_the_scratch_of_a_killed_owner_and_keeps_a_live_ones(private_tmp):
    owners = [
        subprocess.Popen([sys.executable, "-c", SCRATCH_OWNER], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        dead, live = (Path(owner.stdout.readline().strip()) for owner in owners)  # type: ignore[union-attr]
        (dead / "kernel-1").mkdir()
        (dead / "kernel-1" / "kernel-1").write_text("")
        assert dead.is_dir() and live.is_dir()
        owners[0].kill()
        owners[0].wait()
        assert sweep_stale_scratch() == 1
        assert not dead.exists()
        assert live.is_dir() and (live / LOCK_NAME).is_file()
        assert sweep_stale_scratch() == 0
    finally:
        for owner in owners:
            owner.kill()
            owner.wait()
    assert sweep_stale_scratch() == 1  # the other owner is dead now
    assert not list(private_tmp.iterdir())


def test_sweep_follows_no_link_and_keeps_what_is_not_a_stale_scratch_folder(private_tmp):
    outside = private_tmp / "outside"
    outside.mkdir()
    (outside / "keep").write_text("")
    (private_tmp / "handoutkit-run-link").symlink_to(outside)
    (private_tmp / "handoutkit-run-file").write_text("")
    link_to_lock = private_tmp / "handoutkit-run-linked-lock"
    link_to_lock.mkdir()
    (link_to_lock / LOCK_NAME).symlink_to(outside / "keep")
    fresh = private_tmp / "handoutkit-run-unlocked-fresh"
    fresh.mkdir()
    old = private_tmp / "handoutkit-run-unlocked-old"
    old.mkdir()
    (old / "kernel-1").mkdir()
    past = time.time() - UNLOCKED_GRACE_S - 60
    os.utime(old, (past, past))
    other = private_tmp / "another-prefix"
    other.mkdir()

    assert sweep_stale_scratch() == 1
    assert not old.exists()
    assert (outside / "keep").is_file()
    assert {p.name for p in private_tmp.iterdir()} == {
        "outside",
        "handoutkit-run-link",
        "handoutkit-run-file",
        "handoutkit-run-linked-lock",
        "handoutkit-run-unlocked-fresh",
        "another-prefix",
    }


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_sweep_keeps_a_folder_of_another_user(private_tmp):
    theirs = private_tmp / "handoutkit-run-theirs"
    theirs.mkdir()
    past = time.time() - UNLOCKED_GRACE_S - 60
    os.utime(theirs, (past, past))
    os.chown(theirs, 65534, 65534)
    assert sweep_stale_scratch() == 0
    assert theirs.is_dir()


def test_sweep_never_raises_nor_sweeps_without_a_prefix(monkeypatch, private_tmp):
    old = private_tmp / "anything"
    old.mkdir()
    past = time.time() - UNLOCKED_GRACE_S - 60
    os.utime(old, (past, past))
    assert sweep_stale_scratch("") == 0
    assert old.is_dir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp / "missing"))
    assert sweep_stale_scratch() == 0
