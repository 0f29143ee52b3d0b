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

    def __init__(self, *, drawable: bool) -> None:
        self.drawable = drawable
        self.batches: list[int] = []

    def previews(self, sources: Mapping[JobKey, tuple[str, bytes]], content: Path) -> Previews:
        self.batches.append(len(sources))
        if not self.drawable:
            return Previews(notes=("slide pictures were not drawn: LibreOffice is missing.",))
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
    deck = Deck(drawable=True)
    assert draw(folder, deck, monkeypatch) == []
    assert deck.batches == [2, 2, 1]
    with open_records(folder) as store:
        assert store.without("preview-slide", KEYS) == []
    assert (folder / f"clinic-4/peel/{KEYS[4].stem}_slides.pptx.png").read_bytes() == b"deck.png"
    again = Deck(drawable=True)
    draw(folder, again, monkeypatch)
    assert again.batches == []  # every deck has its pictures


def test_previews_that_cannot_be_drawn_are_tried_once_a_build_with_one_note(folder, monkeypatch):
    deck = Deck(drawable=False)
    notes = draw(folder, deck, monkeypatch)
    assert deck.batches == [2]
    assert notes == ["slide pictures were not drawn: LibreOffice is missing."]
