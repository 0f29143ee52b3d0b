"""The warm-kernel papermill engine: one kernel reused, nothing leaks between notebooks."""

from __future__ import annotations

import nbformat
import papermill
import pytest
from nbclient.exceptions import DeadKernelError
from papermill.engines import papermill_engines
from papermill.exceptions import PapermillExecutionError

from handoutkit.execute.engine import WarmEngine, WarmKernel

pytestmark = pytest.mark.notebook


def notebook(folder, name, *sources):
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    book.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / name
    nbformat.write(book, path)
    return path


def run(path, **parameters):
    return papermill.execute_notebook(
        str(path),
        None,
        parameters=parameters,
        engine_name="handoutkit",
        cwd=str(path.parent),
        progress_bar=False,
    )


def stdout(book):
    return "".join(
        output.get("text", "")
        for cell in book.cells
        for output in cell.outputs
        if output.output_type == "stream"
    )


@pytest.fixture
def kernel():
    yield
    WarmKernel.shutdown_all()


def test_the_engine_is_in_papermills_registry_and_entry_points():
    from importlib.metadata import entry_points

    assert papermill_engines.get_engine("handoutkit") is WarmEngine
    (entry,) = [e for e in entry_points(group="papermill.engine") if e.name == "handoutkit"]
    assert entry.load().execute_notebook  # the lazy entry-point class


def test_a_variable_set_by_one_notebook_is_gone_in_the_next(tmp_path, kernel):
    first = notebook(
        tmp_path,
        "first.ipynb",
        "leak = 'set by the first notebook'",
        "import os\nprint(os.getpid())",
    )
    second = notebook(
        tmp_path,
        "second.ipynb",
        "assert 'leak' not in globals(), leak\nimport os\nprint(os.getpid())",
    )
    pid_first = stdout(run(first)).strip()
    pid_second = stdout(run(second)).strip()
    assert pid_first == pid_second  # the same warm kernel ran both


def test_the_leak_test_would_catch_a_leak(tmp_path, kernel):
    """Without a reset between them, the second notebook would fail: run both in one."""
    both = notebook(tmp_path, "both.ipynb", "leak = 1", "assert 'leak' not in globals(), leak")
    with pytest.raises(PapermillExecutionError):
        run(both)


def test_every_notebook_counts_from_one_and_runs_in_its_folder(tmp_path, kernel):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        path = notebook(tmp_path / folder, "n.ipynb", "x = 1", "import os\nprint(os.getcwd())")
        book = run(path)
        assert [cell.execution_count for cell in book.cells] == [1, 2]
        assert stdout(book).strip() == str(tmp_path / folder)


def test_parameters_reach_the_warm_kernel(tmp_path, kernel):
    path = notebook(tmp_path, "p.ipynb", "name = 'default'", "print(name)")
    path_book = nbformat.read(path, 4)
    path_book.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(path_book, path)
    assert stdout(run(path, name="given")).strip() == "given"
    assert stdout(run(path, name="again")).strip() == "again"


def test_a_dead_kernel_is_replaced(tmp_path, kernel):
    dies = notebook(tmp_path, "dies.ipynb", "import os\nos._exit(1)")
    with pytest.raises(DeadKernelError):
        run(dies)
    ok = notebook(tmp_path, "ok.ipynb", "print('alive')")
    assert stdout(run(ok)).strip() == "alive"
