"""A Word document read block by block: Word's own styles and lists, and what people type by
hand (bold or large headings, "1." and "•", Shift+Enter); headers, footers and comments left
out and listed; pictures kept with their description; a file that is not final or not a .docx
refused, naming the file and how to fix it."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from PIL import Image

from handoutkit.authoring.docx import read_docx
from handoutkit.authoring.importer import read_source
from handoutkit.authoring.source import Block, Doubt, Kind, Omitted, Picture, Piece, Source
from handoutkit.errors import ContentError

PATH = Path("chemical-peel.docx")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DECIMAL = 5  # the numId of a decimal list starting at 1 in python-docx's own template
ALT = "A red square standing for the treated skin"


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 4), colour).save(out, "PNG")
    return out.getvalue()


def saved(document: WordDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(document: WordDocument) -> Source:
    return read_docx(PATH, saved(document))


def listed(paragraph: Paragraph, num_id: int, level: int = 0) -> Paragraph:
    """``paragraph`` in Word's list ``num_id`` (its numPr), as Word's list buttons make it."""
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))  # fmt: skip
    return paragraph


def titled(heading: str = "Aftercare") -> WordDocument:
    document = docx.Document()
    document.add_paragraph("Chemical Peel", style="Title")
    document.add_paragraph(heading, style="Heading 1")
    return document


def defaults(document: WordDocument, tag: str):
    """The ``tag`` element of the run properties every text of ``document`` inherits."""
    return document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/"
                                        f"{qn('w:rPr')}/{qn(tag)}")  # fmt: skip


def summary(source: Source) -> list[tuple]:
    return [(b.kind, b.origin, b.number, b.term, b.text) for b in source.blocks]


# --- a document in Word's styles --------------------------------------------------------------


def styled() -> WordDocument:
    document = docx.Document()
    document.add_paragraph("Chemical Peel", style="Title")
    document.add_paragraph("Skin Resurfacing", style="Subtitle")
    document.add_paragraph("What is a peel?", style="Heading 1")
    intro = document.add_paragraph("A peel removes the top layer of skin. ")
    intro.add_run("It takes about an hour.").italic = True
    document.add_paragraph("The steps", style="Heading 2")
    for term, rest in (("Clean:", " The skin is cleaned."), ("Peel:", " A solution is applied.")):
        item = listed(document.add_paragraph(), DECIMAL)
        item.add_run(term).bold = True
        item.add_run(rest)
    document.add_paragraph("Aftercare", style="Heading 1")
    document.add_paragraph("Use sun cream.", style="List Bullet")
    document.add_paragraph("Wear a hat.", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for (row, column), text in {(0, 0): "Day", (0, 1): "Care", (1, 0): "1", (1, 1): "Rest"}.items():
        table.cell(row, column).text = text
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Call us if it blisters."
    document.add_picture(io.BytesIO(png("red")))
    document.add_picture(io.BytesIO(png("blue")))
    document.inline_shapes[0]._inline.docPr.set("descr", "A red  square standing\nfor the "
                                                "treated skin")  # fmt: skip
    document.sections[0].header.paragraphs[0].text = "Harbor Dermatology: draft"
    document.sections[0].footer.paragraphs[0].text = "Printed in the clinic"
    document.add_comment(intro.runs[0], text="Check  the time.", author="A. Lee")
    return document


@pytest.fixture(scope="module")
def styled_source() -> Source:
    return read(styled())


def test_a_document_in_words_styles_reads_as_its_blocks_in_order(styled_source):
    assert summary(styled_source) == [
        (Kind.TITLE, "paragraph 1", None, None, "Chemical Peel"),
        (Kind.SUBTITLE, "paragraph 2", None, None, "Skin Resurfacing"),
        (Kind.HEADING, "paragraph 3", None, None, "What is a peel?"),
        (Kind.PARAGRAPH, "paragraph 4", None, None,
         "A peel removes the top layer of skin. It takes about an hour."),
        (Kind.SUBHEADING, "paragraph 5", None, None, "The steps"),
        (Kind.NUMBER, "paragraph 6", 1, "Clean", "The skin is cleaned."),
        (Kind.NUMBER, "paragraph 7", 2, "Peel", "A solution is applied."),
        (Kind.HEADING, "paragraph 8", None, None, "Aftercare"),
        (Kind.BULLET, "paragraph 9", None, None, "Use sun cream."),
        (Kind.BULLET, "paragraph 10", None, None, "Wear a hat."),
        (Kind.TABLE, "table at paragraph 11", None, None, ""),
        (Kind.PICTURE, "paragraph 12", None, None, ""),
        (Kind.PICTURE, "paragraph 13", None, None, ""),
    ]  # fmt: skip
    assert (styled_source.path, styled_source.form, styled_source.language) == (
        PATH, "Word document", "en",
    )  # fmt: skip


def test_a_paragraphs_pieces_keep_their_italic(styled_source):
    assert styled_source.blocks[3].pieces == (
        Piece("A peel removes the top layer of skin. "),
        Piece("It takes about an hour.", italic=True),
    )


def test_a_bold_term_opening_a_numbered_item_is_its_term_not_its_text(styled_source):
    clean = styled_source.blocks[5]
    assert (clean.term, clean.pieces) == ("Clean", (Piece("The skin is cleaned."),))


def test_a_table_lists_a_merged_cell_once_and_its_first_row_is_the_header(styled_source):
    (table,) = styled_source.of(Kind.TABLE)
    assert table.rows == (
        ((Piece("Day"),), (Piece("Care"),)),
        ((Piece("1"),), (Piece("Rest"),)),
        ((Piece("Call us if it blisters."),),),
    )


def test_a_picture_keeps_its_bytes_and_its_description_in_one_line(styled_source):
    described, undescribed = styled_source.of(Kind.PICTURE)
    assert described.picture == Picture("picture-1.png", png("red"), ALT)
    assert described.picture.data == png("red")  # data is left out of comparisons
    assert (undescribed.picture.name, undescribed.picture.alt) == ("picture-2.png", "")
    assert undescribed.picture.data == png("blue")


def test_a_picture_without_a_description_is_a_doubt_naming_it_and_how_to_place_it(
    styled_source,
):
    (doubt,) = styled_source.doubts
    assert doubt.origin == "paragraph 13"
    assert "picture-2.png has no alternative text" in doubt.text
    assert "not placed" in doubt.text
    assert "![description](images/picture-2.png)" in doubt.text


def test_the_header_footer_and_comments_are_left_out_and_listed(styled_source):
    assert styled_source.omitted == (
        Omitted("section 1", "Harbor Dermatology: draft", "the page header"),
        Omitted("section 1", "Printed in the clinic", "the page footer"),
        Omitted("comment 0", "Check the time.", "a comment by A. Lee"),
    )
    texts = " ".join(b.text for b in styled_source.blocks)
    assert "Harbor" not in texts and "Printed" not in texts and "Check" not in texts


def test_a_footer_holding_only_a_page_number_field_is_listed_as_a_page_number():
    document = titled()
    document.add_paragraph("Rest today.")
    footer = document.sections[0].footer.paragraphs[0]
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t>'
                               "</w:r></w:fldSimple>"))  # fmt: skip
    assert read(document).omitted == (Omitted("section 1", "(a page number)", "the page footer"),)


def test_a_footer_holding_only_a_complex_page_number_field_is_listed_as_a_page_number():
    document = titled()
    document.add_paragraph("Rest today.")
    footer = document.sections[0].footer.paragraphs[0]
    for run in ('<w:fldChar w:fldCharType="begin"/>',
                '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar w:fldCharType="end"/>'):  # fmt: skip
        footer._p.append(parse_xml(f"<w:r {nsdecls('w')}>{run}</w:r>"))
    assert read(document).omitted == (Omitted("section 1", "(a page number)", "the page footer"),)


# --- a document typed by hand ------------------------------------------------------------------


def typed() -> WordDocument:
    document = docx.Document()
    title = document.add_paragraph().add_run("Laser Hair Removal:")
    title.bold, title.font.size = True, Pt(20)
    document.add_paragraph().add_run("What to Expect").font.size = Pt(16)
    document.add_paragraph().add_run("Before your visit").bold = True
    soft = document.add_paragraph("Shave the area the day")
    soft.add_run().add_break()  # Shift+Enter
    soft.add_run("before your visit.")
    document.add_paragraph("1. Arrive ten minutes early.")
    document.add_paragraph("2. Wear loose clothes.")
    document.add_paragraph().add_run("After your visit").bold = True
    cooling = document.add_paragraph("• ")
    cooling.add_run("Cooling:").bold = True
    cooling.add_run(" Apply a cool pack.")
    document.add_paragraph("•\tSun: Avoid the sun for a week.")  # a term, but not in bold
    document.add_paragraph("4")  # a page number typed in the body
    return document


@pytest.fixture(scope="module")
def typed_source() -> Source:
    return read(typed())


def test_a_document_typed_by_hand_reads_as_its_blocks_in_order(typed_source):
    assert summary(typed_source) == [
        (Kind.TITLE, "paragraph 1", None, None, "Laser Hair Removal"),
        (Kind.SUBTITLE, "paragraph 2", None, None, "What to Expect"),
        (Kind.HEADING, "paragraph 3", None, None, "Before your visit"),
        (Kind.PARAGRAPH, "paragraph 4", None, None, "Shave the area the day before your visit."),
        (Kind.NUMBER, "paragraph 5", 1, None, "Arrive ten minutes early."),
        (Kind.NUMBER, "paragraph 6", 2, None, "Wear loose clothes."),
        (Kind.HEADING, "paragraph 7", None, None, "After your visit"),
        (Kind.BULLET, "paragraph 8", None, "Cooling", "Apply a cool pack."),
        (Kind.BULLET, "paragraph 9", None, None, "Sun: Avoid the sun for a week."),
    ]


def test_a_typed_title_ending_with_a_colon_above_its_subtitle_loses_the_colon(typed_source):
    title = typed_source.blocks[0]
    assert (title.pieces, title.colon) == ((Piece("Laser Hair Removal", bold=True),), True)


def test_a_typed_page_number_is_left_out_and_listed(typed_source):
    assert typed_source.omitted == (Omitted("paragraph 10", "4", "a page number"),)


def test_every_guess_from_bold_or_size_is_said_as_a_doubt_naming_its_paragraph(typed_source):
    assert [(d.origin, d.text.split(" was taken as ")[1]) for d in typed_source.doubts] == [
        ("paragraph 1", "the title (the first short paragraph in bold or large type)."),
        ("paragraph 2", "the subtitle (a short paragraph in bold or large type below the title)."),
        ("paragraph 3", "a heading (a short paragraph in bold or large type)."),
        ("paragraph 7", "a heading (a short paragraph in bold or large type)."),
    ]
    assert typed_source.doubts[0].text.startswith("‘Laser Hair Removal:’ was taken as")


def test_a_soft_line_break_or_a_tab_inside_a_paragraph_is_a_space():
    document = titled()
    paragraph = document.add_paragraph("Rest for a day")
    paragraph.add_run().add_break()
    paragraph.add_run("and drink water.\tCall us")
    paragraph.add_run().add_break()
    paragraph.add_run("if it hurts.")
    (block,) = read(document).of(Kind.PARAGRAPH)
    assert block.text == "Rest for a day and drink water. Call us if it hurts."


@pytest.mark.parametrize(
    ("text", "kind"),
    [("A sentence that ends.", Kind.PARAGRAPH), ("Ends with a colon:", Kind.PARAGRAPH),
     (" ".join(["word"] * 13), Kind.PARAGRAPH), (" ".join(["word"] * 12), Kind.HEADING)],
    ids=["full stop", "colon", "13 words", "12 words"],
)  # fmt: skip
def test_only_a_short_bold_paragraph_not_ending_like_a_sentence_is_a_heading(text, kind):
    document = titled()
    document.add_paragraph().add_run(text).bold = True
    assert read(document).blocks[-1].kind is kind


def test_a_paragraph_partly_in_bold_is_a_paragraph():
    document = titled()
    paragraph = document.add_paragraph()
    paragraph.add_run("Call us").bold = True
    paragraph.add_run(" today")
    assert read(document).blocks[-1] == Block(
        Kind.PARAGRAPH, "paragraph 3", (Piece("Call us", bold=True), Piece(" today"))
    )


def test_a_short_paragraph_in_the_documents_own_body_size_is_not_a_heading():
    document = titled()
    defaults(document, "w:sz").set(qn("w:val"), "24")  # the body is 12 pt
    document.add_paragraph().add_run("Call us today").font.size = Pt(12)
    source = read(document)
    assert source.blocks[-1] == Block(Kind.PARAGRAPH, "paragraph 3", (Piece("Call us today"),))
    assert source.doubts == ()


# --- Word's lists ---------------------------------------------------------------------------


def test_a_word_list_is_numbered_from_its_start():
    document = titled()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start '
        'w:val="3"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
    ))  # fmt: skip
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="43"><w:abstractNumId '
                               'w:val="77"/></w:num>'))  # fmt: skip
    listed(document.add_paragraph("Rest."), 43)
    listed(document.add_paragraph("Drink water."), 43)
    assert [(b.kind, b.number, b.text) for b in read(document).blocks[2:]] == [
        (Kind.NUMBER, 3, "Rest."),
        (Kind.NUMBER, 4, "Drink water."),
    ]


def test_a_word_list_whose_numbering_value_was_set_starts_there():
    document = titled()
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="42"><w:abstractNumId w:val="7"/><w:lvlOverride '
        'w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    ))  # fmt: skip
    listed(document.add_paragraph("Rest."), 42)
    listed(document.add_paragraph("Drink water."), 42)
    assert [b.number for b in read(document).blocks[2:]] == [5, 6]


def test_a_word_bulleted_list_by_its_numbering_is_bulleted():
    document = titled()
    for text in ("Rest.", "Drink water."):
        listed(document.add_paragraph(text), 1)  # numId 1: a bullet list in the template
    assert [(b.kind, b.number) for b in read(document).blocks[2:]] == [(Kind.BULLET, None)] * 2


def test_the_list_number_style_without_its_own_numbering_is_a_numbered_list():
    document = titled()
    for text in ("Rest.", "Drink water."):
        document.add_paragraph(text, style="List Number")
    assert [(b.kind, b.number) for b in read(document).blocks[2:]] == [
        (Kind.NUMBER, 1),
        (Kind.NUMBER, 2),
    ]


def test_an_item_whose_bold_term_is_followed_by_its_colon_has_that_term():
    document = titled()
    item = document.add_paragraph(style="List Bullet")
    item.add_run("Sun").bold = True
    item.add_run(": Avoid it for a week.")
    (block,) = read(document).of(Kind.BULLET)
    assert (block.term, block.text) == ("Sun", "Avoid it for a week.")


def test_an_item_that_is_only_a_bold_term_keeps_it_as_its_text():
    document = titled()
    item = document.add_paragraph(style="List Bullet")
    item.add_run("Sun:").bold = True
    (block,) = read(document).of(Kind.BULLET)
    assert (block.term, block.pieces) == (None, (Piece("Sun:", bold=True),))


def test_a_list_inside_a_list_is_flattened_said_as_a_doubt_naming_its_paragraph():
    document = titled()
    listed(document.add_paragraph("Rest."), DECIMAL)
    listed(document.add_paragraph("On your back."), DECIMAL, level=1)
    listed(document.add_paragraph("Drink water."), DECIMAL)
    source = read(document)
    assert [b.kind for b in source.blocks[2:]] == [Kind.NUMBER] * 3
    assert [d.origin for d in source.doubts] == ["paragraph 4"]


# --- headings, links, pictures, content controls -------------------------------------------


def test_heading_3_is_a_subheading_said_as_a_doubt():
    document = titled()
    document.add_paragraph("On the day", style="Heading 3")
    source = read(document)
    assert source.blocks[-1] == Block(Kind.SUBHEADING, "paragraph 3", (Piece("On the day"),))
    assert source.doubts == (
        Doubt("paragraph 3", "a Heading 3 heading was imported as a subheading (###)."),
    )


def test_a_link_keeps_its_address():
    document = titled()
    paragraph = document.add_paragraph("See ")
    rel = document.part.relate_to("https://example.org/care", RELATIONSHIP_TYPE.HYPERLINK,
                                  is_external=True)  # fmt: skip
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t>'
                                  "our page</w:t></w:r></w:hyperlink>"))  # fmt: skip
    paragraph.add_run(".")
    assert read(document).blocks[-1].pieces == (
        Piece("See "),
        Piece("our page", href="https://example.org/care"),
        Piece("."),
    )


def test_a_picture_in_a_format_handouts_do_not_show_is_left_out_and_listed():
    document = titled()
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF")
    document.add_picture(gif)
    source = read(document)
    assert source.of(Kind.PICTURE) == ()
    assert source.omitted == (
        Omitted("paragraph 3", "(a picture)", "a picture in a format handouts do not show "
                "(PNG, JPEG and SVG they do)"),
    )  # fmt: skip


def test_a_picture_inside_a_paragraph_is_placed_after_it_said_as_a_doubt():
    document = titled()
    paragraph = document.add_paragraph("The treated skin looks like this. ")
    paragraph.add_run().add_picture(io.BytesIO(png("red")))
    document.inline_shapes[0]._inline.docPr.set("descr", ALT)
    source = read(document)
    assert [b.kind for b in source.blocks[2:]] == [Kind.PARAGRAPH, Kind.PICTURE]
    assert source.doubts == (Doubt("paragraph 3", "a picture inside a paragraph was placed "
                                                  "after it."),)  # fmt: skip


def test_the_paragraphs_of_a_content_control_are_read_in_place():
    document = titled()
    document.add_paragraph("Rest today.")
    control = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Drink water.</w:t>'
                        "</w:r></w:p></w:sdtContent></w:sdt>")  # fmt: skip
    document.paragraphs[-1]._p.addnext(control)
    document.add_paragraph("Call us.")
    assert [b.text for b in read(document).blocks[2:]] == [
        "Rest today.", "Drink water.", "Call us.",
    ]  # fmt: skip


# --- the document's language ----------------------------------------------------------------


@pytest.mark.parametrize(("tag", "code"), [("es-ES", "es"), ("en-US", "en"), ("de-DE", "de")])
def test_the_documents_language_is_its_default_text_language(tag, code):
    document = titled()
    defaults(document, "w:lang").set(qn("w:val"), tag)
    assert read(document).language == code


def test_without_a_default_text_language_the_documents_language_property_is_used():
    document = titled()
    lang = defaults(document, "w:lang")
    del lang.attrib[qn("w:val")]
    document.core_properties.language = "es-MX"
    assert read(document).language == "es"


def test_a_document_that_says_no_language_has_none():
    document = titled()
    lang = defaults(document, "w:lang")
    lang.getparent().remove(lang)
    assert read(document).language is None


# --- refused ------------------------------------------------------------------------------------


def word_bytes() -> bytes:
    document = titled()
    document.add_paragraph("Rest today.")
    return saved(document)


def tracked(tag: str) -> bytes:
    document = titled()
    paragraph = document.add_paragraph("Rest ")
    text = "w:delText" if tag == "w:del" else "w:t"
    paragraph._p.append(parse_xml(
        f'<{tag} {nsdecls("w")} w:id="1" w:author="A. Lee" w:date="2026-01-05T10:00:00Z">'
        f"<w:r><{text}>today</{text}></w:r></{tag}>"
    ))  # fmt: skip
    return saved(document)


REFUSED = {
    "damaged": ("peel.docx", lambda: word_bytes()[:2000],
                "not a Word document Handout Kit can read (BadZipFile)", "Save As > Word Document"),
    "not a zip": ("peel.docx", lambda: b"Chemical Peel\n\nRest today.\n",
                  "not a Word document Handout Kit can read", "Save As > Word Document (*.docx)"),
    "password": ("peel.docx",
                 lambda: OLE + bytes(200) + "EncryptedPackage".encode("utf-16-le") + bytes(64),
                 "protected with a password", "remove the password"),
    ".doc by its bytes": ("peel.docx",
                          lambda: OLE + bytes(200) + "WordDocument".encode("utf-16-le"),
                          "old Word 97-2003 format (.doc)", "Save As > Word Document (*.docx)"),
    ".doc bytes, named .txt": ("peel.txt", lambda: OLE + bytes(200),
                               "old Word 97-2003 format (.doc)", "then import the .docx"),
    ".doc by its name": ("peel.doc", word_bytes, "old Word 97-2003 format (.doc)",
                         "Save As > Word Document (*.docx)"),
    "inserted text": ("peel.docx", lambda: tracked("w:ins"), "1 tracked change(s) not yet "
                      "accepted or rejected", "Review > Accept > Accept All Changes"),
    "deleted text": ("peel.docx", lambda: tracked("w:del"), "its text is not final",
                     "Accept All Changes (or reject them)"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_file_that_cannot_be_imported_is_refused_naming_it_and_the_fix(tmp_path, case):
    name, data, problem, fix = REFUSED[case]
    path = tmp_path / name
    path.write_bytes(data())
    with pytest.raises(ContentError) as caught:
        read_source(path)
    error = caught.value
    assert error.path == path
    assert str(error).startswith(f"{path}: ")
    assert "\n" not in str(error) and " Fix: " in str(error)
    assert problem in error.problem
    assert fix in error.fix


def test_a_word_file_that_unpacks_to_hundreds_of_megabytes_is_refused_before_it_is_read(
    tmp_path,
):
    """A zip bomb: a small file whose document part inflates past the limit, whatever size
    its directory declares."""
    import zipfile

    from handoutkit.authoring.docx import INFLATED, read_docx
    from handoutkit.errors import ContentError

    path = tmp_path / "bomb.docx"
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(INFLATED // len(chunk) + 2):
            part.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ContentError) as caught:
        read_docx(path, path.read_bytes())
    assert caught.value.path == path and "unpacks to more" in caught.value.problem
    assert "Compress Pictures" in caught.value.fix
