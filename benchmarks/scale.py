"""How a clinic group's whole catalog scales: planning and no-op builds, and building on Dask.

Two parts, each printed with seconds and peak memory (the largest resident set of the
process measured):

- **planning and no-op builds** of synthetic catalogs (default 10,000 and 60,000 jobs:
  clinics × 40 procedures × languages). The content is real folders (the demo clinic's brand
  renamed, its fonts and logo hard-linked; the demo document retitled in each language); the
  build folder is made as if every job had been built: each job's record is a real job's
  (its checks and scores) under its own key and digest, each of its files (with its slide
  pictures) a tiny file (hard links). Then, timed: the first plan (every input hashed), the
  first build (every page written), ``handoutkit build`` with nothing to do (a fresh
  process, as a user runs it), twice, and once with slide pictures on, a build of one job
  (one of its files deleted: a real render) with the catalog's pages, and a plan
  in-process. Targets: a no-op under 2 s
  at 10,000 jobs and under 10 s at 60,000; the builder under 500 MB.
- **real jobs** (``--real N``, default 1,000; 0 skips it): a synthetic catalog of N jobs
  built with the built-in pool (``--executor workers``) and with ``--executor dask-local``
  on the same machine; the ratio, the cost per job, and the projected time of 60,000 jobs
  on a cluster of W workers from that cost.

Usage: ``.venv/bin/python benchmarks/scale.py [--sizes 10000 60000] [--real 1000]``.
Timings are wall-clock on a shared machine: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog import measure
from scale_synthetic import LANGUAGES, make_content

ROOT = Path(__file__).resolve().parents[1]
PROCEDURES = 40


def timed(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of ``command`` in a fresh process; exits if it fails."""
    run = measure(command)
    return run.seconds, run.peak_mb


def build_command(content: Path, out: Path, *more: str, previews: bool = False) -> list[str]:
    return [
        sys.executable,
        "-m",
        "handoutkit.cli",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        *([] if previews else ["--no-previews"]),
        *more,
    ]


def template_job(work: Path) -> tuple[object, list[object]]:
    """A real job's record and file entries: the demo, built once."""
    from handoutkit.build.manifest import read_manifest

    out = work / "demo-build"
    timed(build_command(ROOT / "content", out, previews=True))  # slide pictures, as by default
    manifest = read_manifest(out)
    record = manifest.jobs[0]
    return record, list(manifest.outputs_of(record.key))


def record_everything(content: Path, out: Path, template: tuple[object, list[object]]) -> None:
    """The build folder of ``content`` as if every job had been built (see the docstring)."""
    from handoutkit.build.folder import BuildFolder
    from handoutkit.build.manifest import export, open_records
    from handoutkit.build.plan import BuildOptions, plan

    record, entries = template
    options = BuildOptions(content_dir=content, out_dir=out, previews=False)
    the_plan = plan(options)
    folder = BuildFolder(out)
    folder.create()
    folder.prepare(sweep=False)
    store = open_records(out)
    store._db.execute("PRAGMA synchronous = OFF")  # made up, not built: no need to sync
    source, links = None, 0
    for job in the_plan.jobs:
        key = job.key
        made = []
        for entry in entries:  # type: ignore[attr-defined]
            path = entry.path.replace("larkspur-skin", key.clinic)
            path = path.replace("microneedling", key.procedure).replace("_en_", f"_{key.language}_")
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if source is None or links >= 60_000:  # a file system's limit of links per file
                source, links = out / f".tiny-{len(made)}-{time.monotonic_ns()}", 0
                source.write_bytes(b"x")
            os.link(source, target)
            links += 1
            made.append(
                replace(
                    entry,
                    clinic=key.clinic,
                    procedure=key.procedure,  # type: ignore[type-var]
                    language=key.language,
                    path=path,
                    size=1,
                )
            )
        job_record = replace(
            record,  # type: ignore[type-var]
            clinic=key.clinic,
            procedure=key.procedure,
            language=key.language,
            inputs=job.inputs,
        )
        store.put_job(job_record, made)
    store.save_file_digests(the_plan.files.hashed)
    export(folder, store)
    store.end()
    store.close()


def planning(work: Path, jobs: int, template: tuple[object, list[object]]) -> None:
    languages = min(len(LANGUAGES), 3 if jobs >= 3 * PROCEDURES * 100 else 2)
    clinics = math.ceil(jobs / (PROCEDURES * languages))
    total = clinics * PROCEDURES * languages
    content, out = work / f"content-{total}", work / f"build-{total}"
    started = time.perf_counter()
    make_content(content, clinics, PROCEDURES, languages)
    record_everything(content, out, template)
    made = time.perf_counter() - started
    size = (out / "manifest.json").stat().st_size / 1e6
    print(f"\n{total:,} jobs ({clinics} clinics x {PROCEDURES} procedures x {languages} languages)")
    print(
        f"  made in {made:.1f} s (first plan, every input hashed, records written); "
        f"manifest.json {size:.0f} MB"
    )
    seconds, peak = timed(build_command(content, out))
    print(
        f"  first build (writes the gallery and the report): {seconds:6.2f} s, peak {peak:5.0f} MB"
    )
    for run in (1, 2):
        seconds, peak = timed(build_command(content, out))
        print(f"  no-op build {run}: {seconds:6.2f} s, peak {peak:5.0f} MB")
    seconds, peak = timed(build_command(content, out, previews=True))
    print(f"  no-op build, slide pictures on (the default): {seconds:6.2f} s, peak {peak:5.0f} MB")
    # One job to build again (a file of it deleted), the catalog's pages made again with it.
    job = out / "clinic-0001" / "procedure-001"
    next(job.glob("*_en_handout.html")).unlink()
    seconds, peak = timed(build_command(content, out))
    print(f"  one job built again, and the pages: {seconds:6.2f} s, peak {peak:5.0f} MB")
    code = (
        "import sys, time, resource; from pathlib import Path\n"
        "from handoutkit.build.plan import BuildOptions, plan\n"
        "o = BuildOptions(content_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]))\n"
        "t = time.perf_counter(); p = plan(o); s = time.perf_counter() - t\n"
        "assert not p.to_build, len(p.to_build)\n"
        "print(s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(content), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = map(float, done.stdout.split())
    print(
        f"  plan in-process:  {seconds:6.2f} s ({seconds / total * 1e6:.0f} us a job), "
        f"peak {peak:5.0f} MB"
    )
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def real_jobs(work: Path, jobs: int, workers: int) -> None:
    clinics = max(1, math.ceil(jobs / 20))
    content = work / "real-content"
    make_content(content, clinics, 20, 1)
    total = clinics * 20
    print(f"\n{total:,} real jobs ({clinics} clinics x 20 procedures), {workers} workers")
    results = {}
    for executor in ("workers", "dask-local"):
        out = work / f"real-{executor}"
        command = build_command(content, out, "--executor", executor, "--jobs", str(workers))
        seconds, peak = timed(command)
        results[executor] = seconds
        print(
            f"  {executor:10s} {seconds:8.1f} s ({seconds / total:.2f} s a job, "
            f"{seconds * workers / total:.2f} worker-s a job), peak {peak:5.0f} MB"
        )
    ratio = results["dask-local"] / results["workers"]
    print(f"  dask-local / workers: {ratio:.2f}x")
    per_job = results["dask-local"] * workers / total
    for cluster in (16, 64, 256):
        hours = 60_000 * per_job / cluster / 3600
        print(
            f"  60,000 jobs on {cluster:3d} workers: about {hours * 60:.0f} min "
            f"({per_job:.2f} worker-s a job)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 60_000])
    parser.add_argument("--real", type=int, default=1000, help="real jobs to build (0: none)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hk-scale-"))
    try:
        if args.sizes:
            template = template_job(work)
            for jobs in args.sizes:
                planning(work, jobs, template)
        if args.real:
            real_jobs(work, args.real, args.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
