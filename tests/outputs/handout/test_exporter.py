"""The nbconvert exporter: only the tagged handout output reaches the page, inputs never."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output

from handoutkit.errors import RenderError
from handoutkit.notebook import handout_html
from handoutkit.outputs.handout.exporter import HandoutExporter


def executed_notebook(handout, *, tag="handout"):
    bundle = handout_html(handout)._repr_mimebundle_()
    cells = [
        new_code_cell(
            "secret_input = 'never shown'",
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/html": "<p>not the handout</p>"},
                    execution_count=1,
                )
            ],
        ),
        new_code_cell(
            "hk.handout_html(handout)",
            metadata={"tags": [tag]},
            outputs=[
                new_output("display_data", data=bundle),
            ],
        ),
    ]
    return new_notebook(cells=cells)


@pytest.fixture(scope="module")
def page(demo_handout):
    html, _ = HandoutExporter().from_notebook_node(executed_notebook(demo_handout))
    return html


def test_page_is_a_complete_document_with_language_and_metadata(page):
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == (
        "Microneedling: Collagen Induction Therapy | Larkspur Skin Clinic"
    )
    assert soup.find("meta", attrs={"name": "author"})["content"] == "Larkspur Skin Clinic"
    assert soup.find("meta", attrs={"name": "dcterms.created"})["content"] == "2026-11-02"


def test_inputs_and_untagged_outputs_are_left_out(page):
    assert "secret_input" not in page and "hk.handout_html" not in page
    assert "not the handout" not in page
    assert page.count("<article") == 1


def test_notebook_without_the_tagged_cell_is_an_error(demo_handout):
    with pytest.raises(RenderError) as caught:
        HandoutExporter().from_notebook_node(executed_notebook(demo_handout, tag="other"))
    assert "tag 'handout'" in caught.value.fix
