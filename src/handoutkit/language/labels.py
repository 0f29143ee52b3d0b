"""The few neutral words Handout Kit adds itself (page numbers, footers), per language.

The words are in each language's data file (``data/<code>.toml``, ``[labels]``); `LABELS`
and `labels_for` read them through the registry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .record import Labels
from .registry import language_for, languages

__all__ = ["LABELS", "Labels", "labels_for"]


class _Labels(Mapping[str, Labels]):
    """The labels of every registered language, by code (a view: plugins' languages too)."""

    def __getitem__(self, code: str) -> Labels:
        found = language_for(code, exact=True)
        if found is None:
            raise KeyError(code)
        return found.labels

    def __iter__(self) -> Iterator[str]:
        return iter([language.code for language in languages()])

    def __len__(self) -> int:
        return len(languages())


LABELS: Mapping[str, Labels] = _Labels()


def labels_for(language: str) -> Labels | None:
    """Labels for ``language`` (``en``, ``es-MX``...), or None when there are none."""
    found = language_for(language)
    return found.labels if found is not None else None
