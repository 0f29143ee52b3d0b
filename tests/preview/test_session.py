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
    ]


def test_nothing_reloads_when_nothing_changed():
    same = Manifest(outputs=(entry(A, "c/p/a.html"),))
    assert changed_pages(same, same, []) == []
