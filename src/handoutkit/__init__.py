"""Handout Kit: branded patient handouts and consultation decks from clinic content."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handoutkit")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
