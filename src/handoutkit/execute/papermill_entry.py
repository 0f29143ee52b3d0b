"""The ``handoutkit`` engine as papermill's ``papermill.engine`` entry point finds it.

papermill loads its entry points while ``papermill.engines`` is still being
imported, so the class it loads must not import papermill itself: this one
only hands each call to `engine.WarmEngine`, imported on first use.
"""

from __future__ import annotations

from typing import Any


class WarmEngine:
    """Defers to `handoutkit.execute.engine.WarmEngine` (``papermill --engine handoutkit``)."""

    @staticmethod
    def _engine() -> Any:
        # start-up: papermill loads this entry point while it is still importing itself.
        from .engine import WarmEngine as Engine

        return Engine

    @classmethod
    def execute_notebook(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._engine().execute_notebook(*args, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb: Any, name: str | None = None) -> str:
        return cls._engine().nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb: Any, language: str | None = None) -> str:
        return cls._engine().nb_language(nb, language)
