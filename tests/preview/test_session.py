import pytest

from handoutkit.model import Entry, Failure, JobKey, Manifest
from handoutkit.preview.session import changed_pages, errors_of

A = JobKey("c", "p", "en")
B = JobKey("c", "p", "es")


def entry(key: JobKey, path: str, sha: str = "1") -> Entry:
    return Entry(key.clinic, key.procedure, key.language, "k", None, path, sha, 1)


def test_a_failed_jobs_error_shows_over_its_last_good_pages():
    manifest = Manifest(
        outputs=(entry(A, "c/p/a.html"), entry(A, "c/p/a.pdf"), entry(B, "c/p/b.html")),
        failures=(Failure.of(A, "en.md, line 2: broken. Fix: mend it."),),
    )
    errors = errors_of(manifest, {A, B})
    assert dict(errors.pages) == {"/c/p/a.html": ("en.md, line 2: broken. Fix: mend it.",)}
    assert errors.messages == ("en.md, line 2: broken. Fix: mend it.",)


def test_errors_of_jobs_outside_the_selection_are_not_shown():
    manifest = Manifest(failures=(Failure.of(B, "broken"),))
    assert errors_of(manifest, {A}).messages == ()


def test_the_pages_of_rebuilt_jobs_and_the_summary_pages_reload():
    before = Manifest(outputs=(entry(A, "c/p/a.html"), entry(B, "c/p/b.html")))
    after = Manifest(outputs=(entry(A, "c/p/a.html"), entry(B, "c/p/b.html", "2")))
    assert changed_pages(before, after, [A]) == [
        "/c/p/a.html",
        "/c/p/b.html",
        "/index.html",
        "/checks.html",
        "/gallery/c.html",  # the clinic's cards, its checks and the procedure's checks
        "/checks/c.html",
        "/checks/procedures/p.html",
    ]


def test_a_job_that_fails_or_recovers_reloads_its_clinics_and_procedures_pages():
    failed = Manifest(failures=(Failure.of(JobKey("d", "q", "en"), "broken"),))
    assert changed_pages(Manifest(), failed, []) == [
        "/index.html",
        "/checks.html",
        "/gallery/d.html",
        "/checks/d.html",
        "/checks/procedures/q.html",
    ]
    assert changed_pages(failed, Manifest(), []) == changed_pages(Manifest(), failed, [])


def test_nothing_reloads_when_nothing_changed():
    same = Manifest(outputs=(entry(A, "c/p/a.html"),))
    assert changed_pages(same, same, []) == []


@pytest.mark.notebook
def test_a_saved_brand_file_rebuilds_that_clinics_jobs_only_and_reloads_their_pages(
    content, tmp_path, edit, monkeypatch
):
    import shutil

    monkeypatch.setattr("handoutkit.preview.events.KEEPALIVE_S", 0.2)  # _drain's end

    from handoutkit.build.builder import BuildOptions
    from handoutkit.preview.events import Hub
    from handoutkit.preview.session import PreviewSession

    shutil.copytree(content / "clinics" / "larkspur-skin", content / "clinics" / "birch-skin")
    hub = Hub()
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "build", workers=1)
    session = PreviewSession(options, hub)
    session.start()
    try:
        first = session.rebuild()
        assert sorted(key.clinic for key in first.built) == ["birch-skin", "larkspur-skin"]
        stream = hub.subscribe()
        next(stream)  # the error state (none)
        edit(content / "clinics" / "birch-skin" / "_brand.yml", "short: Larkspur", "short: Birch")
        second = session.rebuild()
        assert [key.clinic for key in second.built] == ["birch-skin"]
        assert second.failed == () and second.error is None
        told = {path for event in _drain(stream) for path in _paths(event)}
        assert told and all(
            path.startswith("/birch-skin/")
            or path in ("/index.html", "/checks.html", "/checks/procedures/microneedling.html")
            or path in ("/gallery/birch-skin.html", "/checks/birch-skin.html")
            for path in told
        )
        assert "/gallery/birch-skin.html" in told  # its cards
        assert "/birch-skin/microneedling/birch-skin_microneedling_en_handout.html" in told
        assert session.rebuild().built == ()  # nothing changed since
    finally:
        session.stop()


def _drain(stream):
    """The events published so far (the hub's queues are filled before rebuild returns)."""
    events = []
    while True:
        event = next(stream)
        if event is None:
            return events
        events.append(event)


def _paths(event):
    import json

    return json.loads(event.data)["paths"] if event.name == "reload" else []
