"""One exception root for every problem a user can fix.

Each error names the file, where in it (line or field), what was wrong and
how to fix it, and renders as one paragraph: the CLI prints it instead of a
traceback.
"""

from __future__ import annotations

from pathlib import Path


class HandoutKitError(Exception):
    """Root of all errors Handout Kit reports to its users."""

    def __init__(
        self,
        problem: str,
        *,
        fix: str,
        path: Path | str | None = None,
        where: str | None = None,
    ) -> None:
        self.problem = problem
        self.fix = fix
        self.path = Path(path) if path is not None else None
        self.where = where
        super().__init__(self.message)

    @property
    def location(self) -> str:
        """``file, where`` as far as they are known."""
        parts = [str(self.path)] if self.path is not None else []
        if self.where:
            parts.append(self.where)
        return ", ".join(parts)

    @property
    def message(self) -> str:
        head = f"{self.location}: " if self.location else ""
        return f"{head}{self.problem} Fix: {self.fix}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keep keyword-only fields when errors cross process boundaries.
        return (_rebuild, (type(self), self.problem, self.fix, self.path, self.where))


def _rebuild(
    cls: type[HandoutKitError], problem: str, fix: str, path: Path | None, where: str | None
) -> HandoutKitError:
    return cls(problem, fix=fix, path=path, where=where)


class ContentError(HandoutKitError):
    """A procedure document is malformed or incomplete."""


class BrandError(HandoutKitError):
    """A clinic's ``_brand.yml`` or one of its assets is wrong."""


class UnsafePathError(HandoutKitError):
    """A path or URL points outside the folders Handout Kit may read."""


class SelectionError(HandoutKitError):
    """The user asked for a clinic, procedure or language that does not exist."""


class RenderError(HandoutKitError):
    """Rendering or executing a notebook failed."""


class LanguageError(HandoutKitError):
    """A language's data file, or a plugin's language, is missing a field or has a wrong one."""


class BuildLockedError(HandoutKitError):
    """Another build holds the lock on the output folder."""


class BuildFolderError(HandoutKitError):
    """The build folder cannot be used or written: refused, full, read-only, tampered with."""


class ReportedError(HandoutKitError):
    """An error a notebook already reported in full (file, place, what, fix), passed on as is."""

    def __init__(self, text: str) -> None:
        self._text = text
        super().__init__(text, fix="")

    @property
    def message(self) -> str:
        return self._text

    def __reduce__(self) -> tuple[object, ...]:
        return (ReportedError, (self._text,))


class FontError(HandoutKitError):
    """A character no font of the output draws, or a named font that is not there."""


class PreviewError(HandoutKitError):
    """The preview server cannot serve (its port is taken, say)."""
