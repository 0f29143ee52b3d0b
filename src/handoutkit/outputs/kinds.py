"""Output kinds: the seam a new kind of output plugs into.

An output kind is a notebook, the variants a job runs it in (one per paper size, say),
how it collects its files from each executed notebook, the labels the gallery gives them,
and, if it has any, the previews drawn after the jobs in one batch. The job runner, the
builder and the gallery loop over `kinds()`; no other module names a kind. Like papermill's
engines and Sphinx's builders, kinds are registered in one place (`BUILT_IN` here, and
`register` for code), and the ``handoutkit.output_kinds`` entry-point group adds those of
other packages: a plugin is one module whose `OutputKind` subclass the group names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import RenderError
from ..model import Finding, JobKey, JobSpec, Output, Paper
from ..model.contract import PagePayload

if TYPE_CHECKING:
    from nbformat import NotebookNode

ENTRY_POINTS = "handoutkit.output_kinds"
BUILT_IN = ("handoutkit.outputs.handout.kind", "handoutkit.outputs.deck.kind")


@dataclass(frozen=True, slots=True)
class FileKind:
    """A kind of file an output kind writes, as the manifest and the gallery name it."""

    name: str  # in the manifest: "handout-pdf"
    label: str  # on the gallery card: "Handout PDF"
    listed: bool = True  # a link on the card (a preview picture is not)
    rank: int = 50  # where the link goes among a card's files (lower first)


@dataclass(frozen=True, slots=True)
class Variant:
    """One run of a kind's notebook in a job: its name and the parameters it adds."""

    name: str  # names the executed notebook: <stem>_<name>.ipynb
    parameters: tuple[tuple[str, object], ...] = ()
    paper: Paper | None = None
    first: bool = True  # the kind's first variant: where what is made once per job comes from


@dataclass(frozen=True, slots=True)
class Collected:
    """What one executed notebook gave: files, and what the job's record keeps."""

    outputs: tuple[Output, ...]
    page: PagePayload | None = None
    warnings: tuple[str, ...] | None = None  # None: this kind does not report warnings
    checks: tuple[Finding, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Previews:
    """What a kind's batch of previews made: pictures, warnings per job, notes for the build."""

    outputs: tuple[Output, ...] = ()
    warnings: Mapping[JobKey, tuple[str, ...]] | None = None
    notes: tuple[str, ...] = ()


class OutputKind:
    """A kind of output. Subclasses set the class attributes and implement `collect`."""

    name: ClassVar[str]
    notebook: ClassVar[str]  # in the notebooks folder
    tag: ClassVar[str]  # the cell whose display holds the output
    files: ClassVar[tuple[FileKind, ...]]
    # The file kind a batch of previews is drawn from, and the file kind of the previews;
    # None: the kind draws its previews in its jobs, or has none.
    preview_source: ClassVar[str | None] = None
    preview_kind: ClassVar[str | None] = None
    # The template (in templates/gallery/) that draws the kind's pictures on a gallery card.
    gallery: ClassVar[str | None] = None
    # Where the kind's notebook is; None: the project's notebooks folder (a plugin ships its own).
    notebooks_dir: ClassVar[Path | None] = None

    def variants(self, spec: JobSpec) -> tuple[Variant, ...]:
        """The notebook runs of one job (default: one, named after the kind)."""
        return (Variant(self.name),)

    def collect(self, notebook: NotebookNode, variant: Variant, spec: JobSpec) -> Collected:
        """The files of one executed notebook (``notebook_output`` for the notebook itself)."""
        raise NotImplementedError

    def previews_unavailable(self) -> str | None:
        """Why `previews` cannot draw anything on this machine (a program missing), or None."""
        return None

    def previews(self, sources: Mapping[JobKey, tuple[str, bytes]], content_dir: Path) -> Previews:
        """Previews of many jobs at once: ``sources`` maps each job to the path and bytes of
        its `preview_source` file. Only called when `preview_source` is set."""
        return Previews()

    # -- helpers for kinds ---------------------------------------------------------------

    @staticmethod
    def notebook_path(spec: JobSpec, variant: Variant) -> str:
        """Where the executed notebook of ``variant`` goes, relative to the build folder."""
        return f"{spec.folder}/notebooks/{spec.key.stem}_{variant.name}.ipynb"

    @staticmethod
    def tagged(notebook: NotebookNode, tag: str) -> NotebookNode:
        """The notebook with only its cells tagged ``tag``, all an exporter reads: nbconvert
        copies the notebook it is given, and the other cells' outputs are large."""
        from nbformat import NotebookNode  # start-up: the builder reads kinds, not notebooks

        trimmed = NotebookNode(notebook)  # shallow: the cells themselves are not copied here
        trimmed.cells = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
        return trimmed

    def notebook_output(
        self, notebook: NotebookNode, variant: Variant, spec: JobSpec, file_kind: str
    ) -> Output:
        """The executed notebook as one of the job's files (kept for the record)."""
        from nbformat import writes  # start-up: the builder reads kinds, not notebooks

        data = writes(notebook).encode("utf-8")
        return Output(spec.key, file_kind, self.notebook_path(spec, variant), data, variant.paper)


def displayed(notebook: NotebookNode, tag: str, mimetype: str) -> Any:
    """What the cell tagged ``tag`` displayed as ``mimetype``, or None."""
    for cell in notebook.cells:
        if tag not in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(mimetype)
            if data:
                return data
    return None


_REGISTRY: dict[str, OutputKind] = {}
_LOADED = False


def register(kind: OutputKind) -> OutputKind:
    """Add ``kind`` (a later kind of the same name replaces the earlier one)."""
    names = {file.name for other in _REGISTRY.values() if other.name != kind.name
             for file in other.files}  # fmt: skip
    taken = [file.name for file in kind.files if file.name in names]
    if taken:
        raise RenderError(
            f"the output kind '{kind.name}' names file kinds another kind has: {taken}.",
            fix="give the kind's files names of their own (prefix them with the kind's name).",
        )
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove the kind ``name`` (tests and plugins that replace a kind)."""
    _REGISTRY.pop(name, None)


def kinds() -> tuple[OutputKind, ...]:
    """Every registered kind, built-in ones first, in the order they were registered."""
    _load()
    return tuple(_REGISTRY.values())


def file_kinds() -> tuple[FileKind, ...]:
    """Every file kind of every output kind, in the kinds' order (the gallery's order)."""
    return tuple(file for kind in kinds() for file in kind.files)


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for module in BUILT_IN:
        import_module(module)  # each registers its kind
    for entry in _entry_points():
        try:
            loaded = entry.load()
        except Exception as exc:  # a broken plugin must not stop the build without a word
            raise RenderError(
                f"the output kind '{entry.name}' ({entry.value}) could not be loaded: {exc}.",
                fix="reinstall the package that provides it, or uninstall it.",
            ) from None
        register(loaded() if isinstance(loaded, type) else loaded)


def _entry_points() -> Iterable[Any]:
    return entry_points(group=ENTRY_POINTS)
