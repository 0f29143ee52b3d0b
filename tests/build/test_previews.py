"""Slide pictures drawn after the jobs (`build.previews`): a batch at a time, so a catalog's
first build never holds every deck in memory, and not retried batch after batch when they
cannot be drawn (LibreOffice missing)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from handoutkit.build import previews
from handoutkit.build.folder import BuildFolder
from handoutkit.build.manifest import open_records
from handoutkit.model import Entry, JobKey, JobRecord
from handoutkit.model.run import Output
from handoutkit.outputs.kinds import Previews

KEYS = [JobKey(f"clinic-{n}", "peel", "en") for n in range(5)]


class Deck:
    """A kind whose previews are drawn in batches, as the deck's by LibreOffice."""

    name = "deck"
    preview_source = "slides-pptx"
    preview_kind = "preview-slide"

    def __init__(self, *, installed: bool = True, bad: tuple[int, ...] = ()) -> None:
        self.installed = installed
        # the decks it cannot open ("*": not one)
        self.bad = {"*" if n == "*" else f"clinic-{n}" for n in bad}
        self.batches: list[int] = []

    def previews_unavailable(self) -> str | None:
        return None if self.installed else "slide pictures were not drawn: no LibreOffice."

    def previews(self, sources: Mapping[JobKey, tuple[str, bytes]], content: Path) -> Previews:
        self.batches.append(len(sources))
        if "*" in self.bad or any(key.clinic in self.bad for key in sources):
            return Previews(notes=("slide pictures were not drawn: a deck would not open.",))
        return Previews(
            outputs=tuple(
                Output(key, self.preview_kind, f"{path}.png", data + b".png")
                for key, (path, data) in sources.items()
            )
        )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "build"
    out.mkdir()
    with open_records(out) as store:
        for key in KEYS:
            path = f"{key.clinic}/peel/{key.stem}_slides.pptx"
            (out / key.clinic / "peel").mkdir(parents=True)
            (out / path).write_bytes(b"deck")
            where = (key.clinic, key.procedure, key.language)
            entry = Entry(*where, "slides-pptx", None, path, "ab", 4)
            store.put_job(JobRecord(*where, inputs="d"), [entry])
    return out


def draw(out: Path, kind: Deck, monkeypatch) -> list[str]:
    monkeypatch.setattr(previews, "kinds", lambda: [kind])
    monkeypatch.setattr(previews, "BATCH", 2)
    notes: list[str] = []
    with open_records(out) as store:
        previews.draw_previews(BuildFolder(out), store, out, KEYS, notes, None)
    return notes


def test_previews_are_drawn_a_batch_at_a_time_and_recorded(folder, monkeypatch):
    deck = Deck()
    assert draw(folder, deck, monkeypatch) == []
    assert deck.batches == [2, 2, 1]
    with open_records(folder) as store:
        assert store.without("preview-slide", KEYS) == []
    assert (folder / f"clinic-4/peel/{KEYS[4].stem}_slides.pptx.png").read_bytes() == b"deck.png"
    again = Deck()
    draw(folder, again, monkeypatch)
    assert again.batches == []  # every deck has its pictures


def test_one_deck_that_cannot_be_drawn_costs_only_its_own_pictures(folder, monkeypatch):
    deck = Deck(bad=(0,))
    notes = draw(folder, deck, monkeypatch)
    assert notes == ["slide pictures were not drawn: a deck would not open."]
    assert deck.batches == [2, 1, 1, 2, 1]  # its batch split in halves
    with open_records(folder) as store:
        assert store.without("preview-slide", KEYS) == [KEYS[0]]  # tried again next build


def test_nothing_is_read_when_the_pictures_cannot_be_drawn_here(folder, monkeypatch):
    deck = Deck(installed=False)
    assert draw(folder, deck, monkeypatch) == ["slide pictures were not drawn: no LibreOffice."]
    assert deck.batches == []


def test_a_failure_of_every_deck_stops_after_two(folder, monkeypatch):
    deck = Deck(bad=("*",))  # type: ignore[arg-type]
    notes = draw(folder, deck, monkeypatch)
    assert deck.batches == [2, 1, 1]
    assert notes == ["slide pictures were not drawn: a deck would not open."]
