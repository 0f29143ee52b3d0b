"""The executor seam: the builder runs its jobs through a registered executor."""

from __future__ import annotations

import pytest

from handoutkit.build.builder import BuildOptions, build, plan
from handoutkit.errors import SelectionError
from handoutkit.execute.executors import (
    ExecutorOptions,
    executor_names,
    make_executor,
    register_executor,
)
from handoutkit.execute.jobs import run_job

from ..conftest import DEMO_CONTENT

pytestmark = pytest.mark.notebook


def files_of(out):
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".pdf", ".pptx", ".html", ".png")
    }


def test_the_workers_and_the_in_process_executor_make_the_same_files(tmp_path):
    made = {}
    for name in ("workers", "in-process"):
        opts = BuildOptions(
            content_dir=DEMO_CONTENT, out_dir=tmp_path / name, previews=False, executor=name
        )
        assert build(opts, plan(opts)).ok
        made[name] = files_of(tmp_path / name)
    assert made["workers"] and made["workers"] == made["in-process"]


def test_a_registered_executor_runs_the_builds_jobs(tmp_path):
    ran = []

    class Recording:
        def __init__(self, options: ExecutorOptions) -> None:
            self.options = options

        def run(self, specs):
            for spec in specs:
                ran.append(spec.key)
                yield run_job(spec)

        def close(self) -> None:
            from handoutkit.execute.engine import WarmKernel

            WarmKernel.shutdown_all()

        kill = close

    register_executor("recording", Recording)
    assert "recording" in executor_names()
    opts = BuildOptions(
        content_dir=DEMO_CONTENT, out_dir=tmp_path / "b", previews=False, executor="recording"
    )
    report = build(opts, plan(opts))
    assert report.ok, [outcome.error for outcome in report.failed]
    assert ran == [outcome.key for outcome in report.built]


def test_an_unknown_executor_is_an_error_listing_the_ones_there_are(tmp_path):
    with pytest.raises(SelectionError) as caught:
        make_executor("cluster", ExecutorOptions(workers=1, scratch=tmp_path))
    assert "workers" in caught.value.fix and "in-process" in caught.value.fix
