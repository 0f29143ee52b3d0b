"""The Dask executors: a local cluster builds what the worker pool builds, byte for byte; a
scheduler and a worker started apart take a build from the command line; a worker killed
mid-build costs nothing but time (each job once); Ctrl-C and kill leave no process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import psutil
import pytest
from distributed import Client

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.cli import main
from handoutkit.errors import RenderError
from handoutkit.execute import dask as dask_executor
from handoutkit.execute.dask import DaskExecutor, batch_size
from handoutkit.execute.executors import ExecutorOptions
from handoutkit.execute.lifecycle import BUILD_ENV, processes_of_build
from handoutkit.model import JobKey

from ..conftest import DEMO_CONTENT, FIXTURE_CONTENT

notebook = pytest.mark.notebook

HARBOR = "clinics/harbor-dermatology"
KEYS = {
    JobKey(clinic, procedure, "en")
    for clinic in ("harbor-dermatology", "larkspur-skin")
    for procedure in ("chemical-peel", "microneedling")
}
BIN = Path(sys.executable).parent
START_S = 60.0
EXIT_S = 20.0


def make_catalog(target: Path) -> Path:
    """Demo content plus the fixture clinic and procedure: 2 clinics × 2 procedures."""
    shutil.copytree(DEMO_CONTENT, target)
    shutil.copytree(FIXTURE_CONTENT / HARBOR, target / HARBOR)
    shutil.copytree(
        FIXTURE_CONTENT / "procedures/chemical-peel", target / "procedures/chemical-peel"
    )
    return target


def files_of(out: Path) -> dict[str, bytes]:
    """Every file of a build folder (but its lock and its database) and its bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".lock" and not p.name.startswith(".manifest.sqlite")
    }


def options(content: Path, out: Path, **more: object) -> BuildOptions:
    return BuildOptions(content_dir=content, out_dir=out, previews=False, workers=2, **more)


def descendants() -> set[int]:
    """The live processes below this one (zombies not counted), but multiprocessing's
    resource tracker, which every pool of this process shares until it exits."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and not _tracker(child):
                found.add(child.pid)
        except psutil.NoSuchProcess:
            continue
    return found


def gone_but(before: set[int], timeout_s: float = 10.0) -> None:
    """Every process started since ``before`` has exited (a process may take a moment to be
    reaped); names those still there."""
    deadline = time.monotonic() + timeout_s
    while (left := _started_since(before)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, [_command(pid) for pid in left]


def _started_since(before: set[int]) -> set[int]:
    """The processes below this one started since ``before``, but those started by a process
    that was already there (a browser of the browser tests starts helpers when it likes)."""
    found = set()
    for pid in descendants() - before:
        try:
            parents = {parent.pid for parent in psutil.Process(pid).parents()}
        except psutil.NoSuchProcess:
            continue
        if not parents & before:
            found.add(pid)
    return found


def _command(pid: int) -> str:
    try:
        return " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return f"{pid} (gone)"


def _tracker(process: psutil.Process) -> bool:
    return "resource_tracker" in " ".join(process.cmdline())


def wait_for(condition, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
    return found


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    return make_catalog(tmp_path_factory.mktemp("dask") / "content")


@pytest.fixture(scope="module")
def reference(catalog, tmp_path_factory) -> dict[str, bytes]:
    """The catalog as the built-in pool builds it with two workers."""
    out = tmp_path_factory.mktemp("pool") / "build"
    opts = options(catalog, out, executor="workers")
    report = build(opts, plan(opts))
    assert report.ok and {o.key for o in report.built} == KEYS
    return files_of(out)


@pytest.fixture
def temp():
    """A temp dir with a short path (a kernel's sockets go there)."""
    folder = Path(tempfile.mkdtemp(prefix="hk-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_batches_are_small_enough_to_balance_and_few_enough_to_be_cheap():
    assert batch_size(4, 2) == 1
    assert batch_size(100, 2) == 8  # 13 a batch would leave a worker idle at the end
    assert batch_size(40, 2) == 5
    assert batch_size(1, 50) == 1


@notebook
def test_a_local_cluster_builds_the_same_files_as_the_worker_pool(catalog, reference, tmp_path):
    before = descendants()
    opts = options(catalog, tmp_path / "build", executor="dask-local")
    report = build(opts, plan(opts))
    assert report.ok, [o.error for o in report.failed]
    assert sorted(o.key for o in report.built) == sorted(KEYS)
    made = files_of(tmp_path / "build")
    assert made.keys() == reference.keys()
    assert [path for path in made if made[path] != reference[path]] == []
    gone_but(before)  # the cluster, its workers and kernels are gone
    assert BUILD_ENV not in os.environ


@notebook
def test_workers_write_through_an_fsspec_url_and_return_only_digests(catalog, reference, tmp_path):
    """--out a URL (here a shared folder, file://): the Dask workers write the files, the
    builder gets their digests and writes the records, the gallery and the manifest."""
    shared, records = tmp_path / "shared", tmp_path / "records"
    made = []
    opts = options(catalog, records, executor="dask-local", out_url=f"file://{shared}")
    report = build(opts, plan(opts), on_done=made.append)
    assert report.ok, [o.error for o in report.failed]
    assert sorted(o.key for o in made) == sorted(KEYS)
    assert all(o.outputs and all(f.data == b"" and f.sha256 for f in o.outputs) for o in made)
    at_url = files_of(shared)
    assert at_url.keys() == reference.keys()
    assert [path for path in at_url if at_url[path] != reference[path]] == []
    assert not any(path.startswith(("larkspur-skin/", "harbor-")) for path in files_of(records))


@notebook
def test_a_worker_killed_mid_build_costs_time_only_and_each_job_is_done_once(
    catalog, reference, tmp_path
):
    before = descendants()
    executor = DaskExecutor(ExecutorOptions(workers=2, scratch=tmp_path), local=True)
    done: list[JobKey] = []
    killed: dict[str, object] = {}

    def on_done(outcome) -> None:
        done.append(outcome.key)
        if killed:
            return
        # A worker that has a job of its own to do (running, or next), killed at once.
        busy = wait_for(
            lambda: [w for w, keys in executor.client.processing().items() if keys],
            EXIT_S,
            "a busy worker",
        )
        address = busy[0]
        pid = executor.client.run(os.getpid, workers=[address])[address]
        killed.update(pid=pid, tasks=executor.client.processing()[address])
        os.kill(pid, signal.SIGKILL)

    try:
        opts = options(catalog, tmp_path / "build", executor="dask-local")
        report = build(opts, plan(opts), executor=executor, on_done=on_done)
        assert killed["tasks"]
        assert not psutil.pid_exists(killed["pid"]) or (
            psutil.Process(killed["pid"]).status() == psutil.STATUS_ZOMBIE
        )
    finally:
        executor.close()
    assert report.ok, [o.error for o in report.failed]
    assert sorted(done) == sorted(KEYS)  # each job's outcome once
    assert sorted(o.key for o in report.built) == sorted(KEYS)
    manifest = json.loads((tmp_path / "build" / "manifest.json").read_text())
    assert sorted((j["clinic"], j["procedure"]) for j in manifest["jobs"]) == sorted(
        (k.clinic, k.procedure) for k in KEYS
    )
    made = files_of(tmp_path / "build")
    assert made.keys() == reference.keys()
    assert [path for path in made if made[path] != reference[path]] == []
    gone_but(before)
    assert BUILD_ENV not in os.environ


@notebook
def test_kill_cancels_every_job_and_leaves_no_process(catalog, tmp_path):
    """Killed (from another thread) once the jobs have started, before any is done."""
    before = descendants()
    opts = options(catalog, tmp_path / "build")
    specs = [job.spec for job in plan(opts).to_build]
    executor = DaskExecutor(ExecutorOptions(workers=2, scratch=tmp_path), local=True)
    started: list[int] = []
    killed: list[float] = []

    def kill_once_running() -> None:
        wait_for(lambda: any(executor.client.processing().values()), START_S, "a job to start")
        wait_for(lambda: len(processes_of_build(executor.build_id)) == 4, START_S, "kernels")
        started.extend(pid for pid in descendants() if pid not in before)
        killing = time.monotonic()
        executor.kill()
        killed.append(time.monotonic() - killing)

    killer = threading.Thread(target=kill_once_running)
    try:
        outcomes = executor.run(specs)
        killer.start()
        assert list(outcomes) == []  # ends at once, with no outcome (nor error) at all
    finally:
        killer.join(START_S)
        executor.kill()
    print(f"kill() took {killed[0]:.2f} s")
    assert killed[0] < EXIT_S
    assert len(started) == 4  # two workers, a kernel each
    assert processes_of_build(executor.build_id) == []
    assert not [pid for pid in started if _live(pid)]
    gone_but(before)
    assert BUILD_ENV not in os.environ


def _kernels_below(pid: int, count: int) -> set[int]:
    """Every process below ``pid``, once ``count`` of them are kernels (else nothing)."""
    try:
        below = psutil.Process(pid).children(recursive=True)
        kernels = [p for p in below if "ipykernel" in " ".join(p.cmdline())]
    except psutil.NoSuchProcess:
        return set()
    return {p.pid for p in below} if len(kernels) >= count else set()


def _live(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@notebook
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")
def test_ctrl_c_in_a_terminal_stops_a_local_cluster_build_with_no_process_left(
    catalog, tmp_path, temp
):
    """SIGINT to the whole process group, as a terminal sends it."""
    command = [
        sys.executable,
        "-m",
        "handoutkit.cli",
        "build",
        "--content",
        str(catalog),
        "--out",
        str(tmp_path / "build"),
        "--no-previews",
        "--jobs",
        "2",
        "--executor",
        "dask-local",
    ]
    env = {**os.environ, "TMPDIR": str(temp)}
    builder = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        # Once both workers have their kernel (they ignore the terminal's Ctrl-C from then).
        below = wait_for(lambda: _kernels_below(builder.pid, 2), START_S, "the kernels")
        os.killpg(builder.pid, signal.SIGINT)
        _, err = builder.communicate(timeout=EXIT_S + 10)
    finally:
        if builder.poll() is None:
            builder.kill()
            builder.wait()
    assert builder.returncode == 130, err
    assert "Interrupted" in err
    assert "Traceback" not in err
    wait_for(lambda: not [pid for pid in below if _live(pid)], EXIT_S, "every process to exit")
    assert not list(temp.glob("handoutkit-run-*"))


# -- a scheduler and a worker of their own ----------------------------------------------------


@pytest.fixture
def cluster(tmp_path, temp):
    """``dask scheduler`` and ``dask worker`` on 127.0.0.1, apart from the build: (address,
    worker process, the worker's temp dir)."""
    started: list[subprocess.Popen[bytes]] = []
    logs = tmp_path / "logs"
    logs.mkdir()
    info = tmp_path / "scheduler.json"

    def start(*arguments: str, log: str) -> subprocess.Popen[bytes]:
        with (logs / log).open("wb") as output:
            process = subprocess.Popen(
                [str(BIN / "dask"), *arguments],
                stdout=output,
                stderr=subprocess.STDOUT,
                env={**os.environ, "TMPDIR": str(temp)},
                start_new_session=True,
            )
        started.append(process)
        return process

    try:
        start(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(info),
            log="scheduler.log",
        )
        wait_for(info.is_file, START_S, "the scheduler")
        address = wait_for(lambda: _address(info), START_S, "the scheduler's address")
        worker = start(
            "worker",
            address,
            "--nworkers",
            "1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
            log="worker.log",
        )
        wait_for(lambda: "Registered to" in (logs / "worker.log").read_text(), START_S, "worker")
        yield address, worker, temp
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(EXIT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _address(info: Path) -> str:
    try:
        return str(json.loads(info.read_text())["address"])
    except (OSError, ValueError, KeyError):
        return ""


@notebook
def test_a_scheduler_and_worker_of_their_own_build_from_the_command_line(
    cluster, catalog, reference, tmp_path
):
    address, worker, temp = cluster
    out = tmp_path / "build"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "handoutkit.cli",
            "build",
            "--content",
            str(catalog),
            "--out",
            str(out),
            "--clinic",
            "larkspur-skin",
            "--no-previews",
            "--executor",
            "dask",
            "--scheduler",
            address,
        ],
        capture_output=True,
        text=True,
        timeout=START_S * 2,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("  built  larkspur-skin") == 2
    made = files_of(out)
    ours = [path for path in reference if path.startswith("larkspur-skin/")]
    assert ours and all(made[path] == reference[path] for path in ours)
    # From Python, on a client of the caller's, which the executor leaves open.
    with Client(address, set_as_default=False) as client:
        opts = options(catalog, tmp_path / "again", clinics=("larkspur-skin",), force=True)
        specs = [job.spec for job in plan(opts).to_build]
        with DaskExecutor(client=client) as executor:
            outcomes = list(executor.run(specs))
        assert sorted(o.key for o in outcomes) == sorted(s.key for s in specs)
        assert all(o.error is None for o in outcomes)
        assert client.status == "running"
    # The worker keeps its kernel between builds; stopped, it shuts it down.
    below = {p.pid for p in psutil.Process(worker.pid).children(recursive=True)}
    kernels = [pid for pid in below if "ipykernel" in " ".join(psutil.Process(pid).cmdline())]
    assert kernels and list(temp.glob("handoutkit-run-*"))
    worker.terminate()
    worker.wait(EXIT_S)
    wait_for(lambda: not [pid for pid in below if _live(pid)], EXIT_S, "the worker's processes")
    assert not list(temp.glob("handoutkit-run-*"))  # its scratch folder went with it


# -- what the command line says instead of a traceback ---------------------------------------


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, " ".join(capsys.readouterr().err.split())


def test_scheduler_without_the_dask_executor_is_an_error(capsys, tmp_path):
    code, err = run_cli(
        capsys,
        "build",
        "--content",
        str(DEMO_CONTENT),
        "--out",
        str(tmp_path / "b"),
        "--scheduler",
        "tcp://127.0.0.1:8786",
    )
    assert code == 1
    assert "--scheduler tcp://127.0.0.1:8786 is only for --executor dask" in err


def test_the_dask_executor_without_a_scheduler_says_how_to_give_one(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    code, err = run_cli(
        capsys,
        "build",
        "--content",
        str(DEMO_CONTENT),
        "--out",
        str(tmp_path / "b"),
        "--executor",
        "dask",
    )
    assert code == 1
    assert "--scheduler tcp://HOST:PORT" in err and "--executor dask-local" in err


def test_an_unreachable_scheduler_is_one_paragraph_naming_it_and_the_fix(
    capsys, tmp_path, monkeypatch
):
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT_S", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    code, err = run_cli(
        capsys,
        "build",
        "--content",
        str(DEMO_CONTENT),
        "--out",
        str(tmp_path / "b"),
        "--executor",
        "dask",
        "--scheduler",
        address,
        "--no-previews",
    )
    assert time.monotonic() - started < 15
    assert code == 1
    assert f"could not connect to the Dask scheduler at {address} within 1 s" in err
    assert "'dask scheduler'" in err and "--executor dask-local" in err
    assert "Traceback" not in err
    assert "DASK_SCHEDULER_ADDRESS" not in os.environ


def test_workers_without_handout_kit_or_with_another_version_are_named_with_the_fix():
    class Client:
        def __init__(self, found: dict[str, object]) -> None:
            self.found = found

        def run(self, function, *args, on_error):
            return self.found

    here = "tcp://127.0.0.1:8786"
    lacking = Client({"tcp://10.0.0.5:4000": PackageNotFoundError("handoutkit")})
    with pytest.raises(RenderError) as caught:
        dask_executor._check_workers(lacking, here)
    assert "tcp://10.0.0.5:4000" in caught.value.message
    assert "do not have Handout Kit installed" in caught.value.message
    assert "pip install handoutkit==" in caught.value.fix
    older = Client({"tcp://10.0.0.6:4000": "0.0.1"})
    with pytest.raises(RenderError) as caught:
        dask_executor._check_workers(older, here)
    assert "tcp://10.0.0.6:4000 (0.0.1)" in caught.value.message
    dask_executor._check_workers(Client({"tcp://10.0.0.7:4000": dask_executor._version()}), here)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
