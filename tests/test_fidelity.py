"""The clinic's words reach the content file exactly (outputs are checked in test_builder)."""

from __future__ import annotations

import pytest

from handoutkit.model import ListBlock, Paragraph, Subheading

from .fidelity import SEED, SHARED_SEED, missing_sentences, seed_sentences


def document_text(handout) -> str:
    meta = handout.document.meta
    parts = [meta.title, meta.subtitle or ""]
    for section in handout.document.sections:
        parts.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph | Subheading):
                parts.append(block.text)
            elif isinstance(block, ListBlock):
                parts.extend(item.text for item in block.items)
    return "\n".join(parts)


@pytest.mark.skipif(not SHARED_SEED.is_file(), reason="the shared seeds folder is not present")
def test_test_copy_of_the_seed_is_the_shared_seed():
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_has_the_expected_number_of_sentences():
    # 6 headings + 27 sentences: guards the sentence splitter itself.
    assert len(seed_sentences()) == 33


def test_every_seed_sentence_is_in_the_content_file(demo_handout):
    assert missing_sentences(document_text(demo_handout)) == []


def test_a_changed_word_is_detected(demo_handout):
    text = document_text(demo_handout).replace("minimize discomfort", "minimise discomfort")
    assert missing_sentences(text) == [
        "Preparation: The skin is cleansed, and a topical anesthetic is applied to minimize "
        "discomfort."
    ]
