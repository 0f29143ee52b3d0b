"""A clinic's PowerPoint template is checked before a deck is built on it.

Every template here is made in the test: python-pptx's default template,
rewritten with the parts, content types and relationships PowerPoint writes
for macros, ActiveX controls, embedded objects and links, or with its zip
headers patched to lie. Nothing is stored, and no bomb is ever written to disk.
"""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from handoutkit.errors import BrandError
from handoutkit.inputs import pptxzip
from handoutkit.inputs.pptxfile import check_pptx_template
from handoutkit.limits import PPTX_INFLATED_BYTES, PPTX_MEMBERS, PPTX_TEMPLATE_BYTES

from ..outputs.deck.test_pptx_templates import classic_template, wide_template

PATH = Path("clinics/larkspur-skin/templates/corporate.potx")
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS_R = "http://schemas.microsoft.com/office/2006/relationships"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"
PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
OLE_OBJECT = "application/vnd.openxmlformats-officedocument.oleObject"
NEVER_COPIED = "never copies macros, controls or embedded programs into decks"
Rel = tuple[str, str, bool]  # type, target, external


# --- making templates ---------------------------------------------------------------------


def default_template() -> bytes:
    buffer = io.BytesIO()
    Presentation().save(buffer)
    return buffer.getvalue()


def rebuilt(
    base: bytes | None = None,
    *,
    parts: dict[str, bytes] | None = None,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
    rels: dict[str, list[Rel]] | None = None,
    replace: dict[str, Callable[[bytes], bytes]] | None = None,
    drop: tuple[str, ...] = (),
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """``base`` rewritten as PowerPoint would write the added parts, types and relationships."""
    source = zipfile.ZipFile(io.BytesIO(base if base is not None else default_template()))
    contents = {info.filename: source.read(info) for info in source.infolist()}
    for name in drop:
        del contents[name]
    contents.update(parts or {})
    for rels_name, added in (rels or {}).items():
        xml = contents.get(
            rels_name,
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"></Relationships>',
        )
        lines = "".join(
            f'<Relationship Id="rId{100 + number}" Type="{kind}" Target="{target}"'
            + (' TargetMode="External"' if external else "")
            + "/>"
            for number, (kind, target, external) in enumerate(added)
        )
        contents[rels_name] = xml.replace(b"</Relationships>", lines.encode() + b"</Relationships>")
    types = contents.get("[Content_Types].xml")
    if types is not None:
        for extension, content_type in (defaults or {}).items():
            old = f'<Default Extension="{extension}" '.encode()
            if old in types:  # one Default per extension: replace the existing one
                start = types.index(old)
                types = types[:start] + types[types.index(b"/>", start) + 2 :]
            element = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
            types = types.replace(b"</Types>", element.encode() + b"</Types>")
        for part, content_type in (overrides or {}).items():
            element = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
            types = types.replace(b"</Types>", element.encode() + b"</Types>")
        contents["[Content_Types].xml"] = types
    for name, change in (replace or {}).items():
        contents[name] = change(contents[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, data in contents.items():
            target.writestr(name, data)
    return out.getvalue()


def central_entry(data: bytes, name: str) -> int:
    """Where ``name``'s entry in the zip's central directory starts."""
    end = data.rfind(b"PK\x05\x06")
    size, offset = struct.unpack_from("<LL", data, end + 12)
    position = offset
    while position < offset + size:
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, position + 28)
        if data[position + 46 : position + 46 + name_length] == name.encode():
            return position
        position += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"{name} is not in the zip")


# offsets of the fields in the local header and in the central directory entry
FIELDS = {
    "flags": ("<H", 6, 8),
    "method": ("<H", 8, 10),
    "crc": ("<L", 14, 16),
    "compressed": ("<L", 18, 20),
    "size": ("<L", 22, 24),
}


def patched(data: bytes, name: str, **values: int) -> bytes:
    """``data`` with the header fields of ``name`` set to ``values`` in both of its headers."""
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    central = central_entry(data, name)
    buffer = bytearray(data)
    for field, value in values.items():
        layout, in_local, in_central = FIELDS[field]
        struct.pack_into(layout, buffer, local + in_local, value)
        struct.pack_into(layout, buffer, central + in_central, value)
    return bytes(buffer)


def deflated_zeros(count: int) -> bytes:
    """``count`` zero bytes deflated (raw, as in a zip), never holding them all at once."""
    block = bytes(1024 * 1024)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    pieces = [deflater.compress(block) for _ in range(count // len(block))]
    pieces.append(deflater.compress(bytes(count % len(block))))
    pieces.append(deflater.flush())
    return b"".join(pieces)


def bomb(inflated: int, *, declared: int = 1024) -> bytes:
    """The default template plus a picture whose headers declare ``declared`` bytes unpacked.

    Its deflated data inflates to ``inflated`` bytes; the sizes in the local header and in
    the central directory both lie.
    """
    stream = deflated_zeros(inflated)
    data = rebuilt(parts={"ppt/media/image1.png": stream}, method=zipfile.ZIP_STORED)
    return patched(data, "ppt/media/image1.png", method=zipfile.ZIP_DEFLATED, size=declared)


def refused(data: bytes) -> BrandError:
    with pytest.raises(BrandError) as caught:
        check_pptx_template(data, path=PATH)
    error = caught.value
    assert error.path == PATH
    assert "\n" not in error.message  # one paragraph
    return error


def best_time(data: bytes, runs: int = 5) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        check_pptx_template(data, path=PATH)
        timings.append(time.perf_counter() - start)
    return min(timings)


# --- templates that pass -----------------------------------------------------------------


def test_python_pptx_default_template_passes_in_well_under_a_tenth_of_a_second():
    assert best_time(default_template()) < 0.1


@pytest.mark.parametrize("make", [wide_template, classic_template], ids=["pptx", "potx"])
def test_the_test_suites_corporate_templates_pass(make):
    check_pptx_template(make(), path=PATH)


def test_a_template_of_a_few_megabytes_passes_fast_and_is_not_kept_in_memory():
    noise = random.Random(0).randbytes
    data = rebuilt(
        parts={
            "ppt/media/image1.png": noise(3 * 1024 * 1024),  # deflated, incompressible
            "ppt/media/image2.jpeg": noise(2 * 1024 * 1024),
        },
        rels={MASTER_RELS: [(f"{R}/image", "../media/image1.png", False)]},
    )
    assert best_time(data) < 0.1
    tracemalloc.start()
    try:
        check_pptx_template(data, path=PATH)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024  # the 5 MB of pictures are inflated in chunks, not kept


def test_web_and_email_hyperlinks_are_allowed():
    data = rebuilt(
        rels={
            MASTER_RELS: [
                (f"{R}/hyperlink", "https://www.larkspur-skin.example/", True),
                (f"{R}/hyperlink", "http://larkspur-skin.example/contact?x=1&amp;y=2", True),
                (f"{R}/hyperlink", "mailto:info@larkspur-skin.example", True),
                (f"{R}/hyperlink", "../slides/slide1.xml", False),  # an internal jump
            ]
        }
    )
    check_pptx_template(data, path=PATH)


def test_a_template_with_exactly_the_most_parts_allowed_passes():
    base = default_template()
    existing = len(zipfile.ZipFile(io.BytesIO(base)).infolist())
    extra = {f"ppt/media/blank{n}.png": b"" for n in range(PPTX_MEMBERS.value - existing)}
    check_pptx_template(rebuilt(base, parts=extra), path=PATH)


# --- not a PowerPoint file ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n", b"PK\x03\x04 not really a zip", b""],
    ids=["pdf", "broken-zip", "empty"],
)
def test_a_file_that_is_not_a_zip_is_not_a_powerpoint_file(data):
    error = refused(data)
    assert "is not a PowerPoint file" in error.problem
    assert error.where is None
    assert "save it again" in error.fix and ".potx" in error.fix


def test_a_password_protected_or_old_powerpoint_file_is_named_as_such():
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert "password-protected" in error.problem and "97-2003" in error.problem


def test_a_zip_without_content_types_is_not_a_powerpoint_file():
    error = refused(rebuilt(drop=("[Content_Types].xml",)))
    assert "is not a PowerPoint file" in error.problem
    assert "[Content_Types].xml" in error.problem


def test_a_word_file_named_pptx_is_refused():
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    data = rebuilt(
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                PRESENTATION_MAIN.encode(), word.encode()
            )
        }
    )
    error = refused(data)
    assert "not a PowerPoint presentation or template" in error.problem


def test_a_template_over_the_size_limit_is_refused_before_anything_is_read():
    error = refused(b"PK\x03\x04" + bytes(PPTX_TEMPLATE_BYTES.value))
    assert "too large" in error.problem
    assert PPTX_TEMPLATE_BYTES.shown in error.problem


# --- the zip's structure -----------------------------------------------------------------


def test_a_template_with_too_many_parts_is_refused():
    extra = {f"ppt/media/blank{n}.png": b"" for n in range(PPTX_MEMBERS.value)}
    error = refused(rebuilt(parts=extra))
    assert "too many parts" in error.problem
    assert PPTX_MEMBERS.shown in error.problem
    assert error.where is None


@pytest.mark.parametrize(
    ("name", "reason", "where"),
    [
        ("../evil", "contains '..'", "part ../evil"),
        ("ppt/../../evil.xml", "contains '..'", "part ppt/../../evil.xml"),
        ("/etc/evil", "absolute path", "part /etc/evil"),
        ("C:/evil.xml", "absolute path", "part C:/evil.xml"),
        ("ppt\\slides\\evil.xml", "backslash", "part ppt\\slides\\evil.xml"),
    ],
)
def test_a_part_name_that_could_escape_a_folder_is_refused_naming_the_part(name, reason, where):
    error = refused(rebuilt(parts={name: b"<x/>"}))
    assert error.where == where
    assert reason in error.problem


def test_a_part_name_with_a_nul_is_refused_and_the_nul_shown_escaped():
    data = rebuilt(parts={"ppt/evilZ.xml": b"<x/>"}).replace(b"ppt/evilZ.xml", b"ppt/evil\0.xml")
    error = refused(data)
    assert error.where == "part ppt/evil\\x00.xml"
    assert "NUL" in error.problem


def test_two_parts_with_the_same_name_are_refused():
    base = default_template()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate, as it should
        for info in zipfile.ZipFile(io.BytesIO(base)).infolist():
            target.writestr(info.filename, zipfile.ZipFile(io.BytesIO(base)).read(info))
        target.writestr("ppt/presProps.xml", b"<p:presentationPr/>")
    error = refused(out.getvalue())
    assert error.where == "part ppt/presProps.xml"
    assert "two parts named" in error.problem


def test_two_parts_whose_names_differ_only_in_case_are_refused():
    error = refused(rebuilt(parts={"PPT/presProps.xml": b"<x/>"}))
    assert error.where == "part PPT/presProps.xml"
    assert "two parts named" in error.problem


def test_an_encrypted_part_is_refused():
    error = refused(patched(default_template(), "docProps/app.xml", flags=1))
    assert error.where == "part docProps/app.xml"
    assert "encrypted" in error.problem


def test_a_part_compressed_other_than_stored_or_deflated_is_refused():
    error = refused(patched(default_template(), "docProps/app.xml", method=12))
    assert error.where == "part docProps/app.xml"
    assert "bzip2" in error.problem and "stored or deflated" in error.problem


# --- sizes and zip bombs -----------------------------------------------------------------


def test_a_part_declaring_more_than_the_unpacked_limit_is_refused_before_inflating(
    monkeypatch,
):
    data = patched(default_template(), "docProps/thumbnail.jpeg", size=PPTX_INFLATED_BYTES.value)

    def no_inflating(*args, **kwargs):
        raise AssertionError("a part was inflated")

    monkeypatch.setattr(pptxzip.zlib, "decompressobj", no_inflating)
    error = refused(data)
    assert error.where == "part docProps/thumbnail.jpeg"
    assert PPTX_INFLATED_BYTES.shown in error.problem
    assert "Nothing was unpacked" in error.problem


def test_a_zip_bomb_whose_headers_lie_is_refused_as_soon_as_it_lies():
    inflated = PPTX_INFLATED_BYTES.value + PPTX_INFLATED_BYTES.value // 5  # 60 MB of zeros
    data = bomb(inflated)
    stored = zipfile.ZipFile(io.BytesIO(data)).getinfo("ppt/media/image1.png").compress_size
    assert stored < inflated // 500  # about 60 KB in the file
    tracemalloc.start()
    try:
        error = refused(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.where == "part ppt/media/image1.png"
    assert "declares 1 KB unpacked but unpacks to more" in error.problem
    assert "zip bomb" in error.problem
    assert peak < inflated // 50  # never near the 60 MB it would inflate to


def test_a_zip_bomb_declaring_nothing_unpacked_is_refused():
    error = refused(bomb(PPTX_INFLATED_BYTES.value * 2, declared=0))
    assert error.where == "part ppt/media/image1.png"
    assert "unpacks to more" in error.problem


def test_a_part_that_holds_less_than_it_declares_is_damaged():
    base = default_template()
    size = zipfile.ZipFile(io.BytesIO(base)).getinfo("docProps/app.xml").file_size
    error = refused(patched(base, "docProps/app.xml", size=size + 10))
    assert error.where == "part docProps/app.xml"
    assert "damaged" in error.problem and "holds" in error.problem


def test_a_part_whose_checksum_does_not_match_is_damaged():
    error = refused(patched(default_template(), "docProps/app.xml", crc=0))
    assert error.where == "part docProps/app.xml"
    assert "checksum" in error.problem


def test_a_part_whose_data_runs_past_the_end_of_the_file_is_damaged():
    error = refused(patched(default_template(), "docProps/thumbnail.jpeg", compressed=10**7))
    assert error.where == "part docProps/thumbnail.jpeg"
    assert "damaged" in error.problem


# --- XML parts ---------------------------------------------------------------------------


def test_content_types_with_a_doctype_are_refused():
    def with_doctype(xml: bytes) -> bytes:
        return xml.replace(b"<Types ", b'<!DOCTYPE Types [<!ENTITY e "x">]>\n<Types ', 1)

    error = refused(rebuilt(replace={"[Content_Types].xml": with_doctype}))
    assert error.where == "part [Content_Types].xml"
    assert "DOCTYPE" in error.problem


def test_a_relationships_part_with_entities_that_would_expand_is_refused():
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE Relationships [<!ENTITY a "hahahahahaha">'
        + b"".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(8)
        )
        + b']>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="&i;" Target="x"/></Relationships>'
    )
    error = refused(rebuilt(replace={MASTER_RELS: lambda _: laughs}))
    assert error.where == f"part {MASTER_RELS}"
    assert "document type declaration" in error.problem


def test_a_doctype_in_utf_16_is_refused_too():
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE Relationships SYSTEM '
        '"http://attacker.example/x.dtd"><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"/>'
    ).encode("utf-16")
    error = refused(rebuilt(replace={MASTER_RELS: lambda _: xml}))
    assert error.where == f"part {MASTER_RELS}"
    assert "document type declaration" in error.problem


def test_a_relationships_part_that_is_not_xml_is_refused():
    error = refused(rebuilt(replace={MASTER_RELS: lambda _: b"<Relationships><oops"}))
    assert error.where == f"part {MASTER_RELS}"
    assert "not well-formed XML" in error.problem


# --- active content ----------------------------------------------------------------------


def test_a_template_with_a_vba_project_is_refused_naming_the_part():
    data = rebuilt(
        parts={"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA"},
        overrides={"ppt/vbaProject.bin": "application/vnd.ms-office.vbaProject"},
        rels={PRESENTATION_RELS: [(f"{MS_R}/vbaProject", "vbaProject.bin", False)]},
    )
    error = refused(data)
    assert error.where == "part ppt/vbaProject.bin"
    assert "VBA project (macros) in ppt/vbaProject.bin" in error.problem
    assert "used by the presentation (ppt/presentation.xml)" in error.problem
    assert NEVER_COPIED in error.problem
    assert "PowerPoint Template (*.potx)" in error.fix and "pptx_template" in error.fix


def test_a_macro_enabled_main_content_type_is_refused_naming_the_main_part():
    macro = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
    data = rebuilt(
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                PRESENTATION_MAIN.encode(), macro.encode()
            )
        }
    )
    error = refused(data)
    assert error.where == "part ppt/presentation.xml"
    assert "macro-enabled" in error.problem and macro in error.problem
    assert NEVER_COPIED in error.problem
    assert "*.potx" in error.fix


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"parts": {"ppt/vbaData.xml": b"<x/>"}}, "part ppt/vbaData.xml"),
        ({"defaults": {"bin": "application/vnd.ms-office.vbaProject"}}, "part [Content_Types].xml"),
        (
            {"rels": {PRESENTATION_RELS: [(f"{MS_R}/vbaProject", "macros.dat", False)]}},
            f"part {PRESENTATION_RELS}",
        ),
    ],
    ids=["vbaData-part", "content-type", "relationship"],
)
def test_a_vba_project_is_found_by_part_name_content_type_or_relationship(change, where):
    error = refused(rebuilt(**change))
    assert error.where == where
    assert "VBA project" in error.problem and NEVER_COPIED in error.problem
    if where == "part [Content_Types].xml":
        assert "gives .bin files the content type 'application/vnd.ms-office.vbaProject'" in (
            error.problem
        )


def test_a_template_with_an_activex_control_is_refused_naming_the_part():
    data = rebuilt(
        parts={
            "ppt/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/'
            b'office/2006/activeX" ax:classid="{8BD21D10-EC42-11CE-9E0D-00AA006002F3}"/>',
            "ppt/activeX/_rels/activeX1.xml.rels": (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/'
                b'relationships/activeXControlBinary" Target="activeX1.bin"/></Relationships>'
            ),
            "ppt/activeX/activeX1.bin": b"\x00" * 64,
        },
        overrides={
            "ppt/activeX/activeX1.xml": "application/vnd.ms-office.activeX+xml",
            "ppt/activeX/activeX1.bin": "application/vnd.ms-office.activeX",
        },
        rels={LAYOUT_RELS: [(f"{R}/control", "../activeX/activeX1.xml", False)]},
    )
    error = refused(data)
    assert error.where == "part ppt/activeX/activeX1.xml"
    assert "ActiveX control in ppt/activeX/activeX1.xml" in error.problem
    assert "used by slide layout 2 (ppt/slideLayouts/slideLayout2.xml)" in error.problem
    assert NEVER_COPIED in error.problem
    assert "delete the ActiveX control" in error.fix


def test_an_activex_control_relationship_alone_is_refused_naming_its_relationships_part():
    data = rebuilt(
        parts={"ppt/controls/c1.xml": b"<x/>"},
        rels={LAYOUT_RELS: [(f"{R}/control", "../controls/c1.xml", False)]},
    )
    error = refused(data)
    assert error.where == f"part {LAYOUT_RELS}"
    assert "ActiveX control" in error.problem and "'control'" in error.problem
    assert "ppt/controls/c1.xml" in error.problem


def test_a_template_with_an_embedded_ole_object_is_refused_naming_the_part():
    data = rebuilt(
        parts={"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 package"},
        overrides={"ppt/embeddings/oleObject1.bin": OLE_OBJECT},
        rels={MASTER_RELS: [(f"{R}/oleObject", "../embeddings/oleObject1.bin", False)]},
    )
    error = refused(data)
    assert error.where == "part ppt/embeddings/oleObject1.bin"
    assert "embedded object or file in ppt/embeddings/oleObject1.bin" in error.problem
    assert "used by slide master 1" in error.problem
    assert NEVER_COPIED in error.problem
    assert "delete the embedded object" in error.fix


@pytest.mark.parametrize(
    ("change", "where", "found"),
    [
        (
            {
                "parts": {"ppt/media/thing.bin": b"x"},
                "overrides": {"ppt/media/thing.bin": OLE_OBJECT},
                "rels": {LAYOUT_RELS: [(f"{R}/image", "../media/thing.bin", False)]},
            },
            "part ppt/media/thing.bin",
            "oleObject",
        ),
        (
            {"rels": {LAYOUT_RELS: [(f"{R}/package", "../media/sheet.xlsx", False)]}},
            f"part {LAYOUT_RELS}",
            "'package'",
        ),
        (
            {"rels": {LAYOUT_RELS: [(f"{R}/oleObject", "file:///C:/Data/sheet.xlsx", True)]}},
            f"part {LAYOUT_RELS}",
            "file:///C:/Data/sheet.xlsx",
        ),
    ],
    ids=["content-type", "package-relationship", "linked-ole-object"],
)
def test_an_ole_object_is_found_by_content_type_or_relationship(change, where, found):
    error = refused(rebuilt(**change))
    assert error.where == where
    assert found in error.problem and NEVER_COPIED in error.problem


def test_what_only_a_sample_slide_holds_is_not_refused_since_the_deck_drops_those_slides():
    slide = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
    )
    data = rebuilt(
        parts={
            "ppt/slides/slide1.xml": slide,
            "ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx": b"PK chart data",
            "ppt/media/orphan.bin": b"x",
        },
        overrides={"ppt/media/orphan.bin": OLE_OBJECT},
        rels={
            PRESENTATION_RELS: [(f"{R}/slide", "slides/slide1.xml", False)],
            "ppt/slides/_rels/slide1.xml.rels": [
                (f"{R}/package", "../embeddings/Microsoft_Excel_Worksheet1.xlsx", False),
                (f"{R}/image", "https://tracker.example/p.png", True),
            ],
        },
    )
    check_pptx_template(data, path=PATH)  # a chart and a linked picture on a sample slide


def test_the_same_chart_on_a_layout_is_refused():
    data = rebuilt(
        parts={"ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx": b"PK chart data"},
        rels={
            LAYOUT_RELS: [(f"{R}/package", "../embeddings/Microsoft_Excel_Worksheet1.xlsx", False)]
        },
    )
    error = refused(data)
    assert "used by slide layout 2" in error.problem and NEVER_COPIED in error.problem


# --- links to outside the template -------------------------------------------------------


def test_an_external_linked_picture_is_refused_naming_the_part_type_and_target():
    data = rebuilt(rels={MASTER_RELS: [(f"{R}/image", "file:///C:/Logos/logo.png", True)]})
    error = refused(data)
    assert error.where == f"part {MASTER_RELS}"
    assert "slide master 1 (ppt/slideMasters/slideMaster1.xml)" in error.problem
    assert "a linked picture" in error.problem and "'image'" in error.problem
    assert "'file:///C:/Logos/logo.png'" in error.problem
    assert "Insert > Pictures" in error.fix


def test_a_picture_linked_from_the_web_is_refused_too():
    data = rebuilt(rels={MASTER_RELS: [(f"{R}/image", "https://tracker.example/p.png", True)]})
    error = refused(data)
    assert "https://tracker.example/p.png" in error.problem


@pytest.mark.parametrize(
    "target",
    [
        "file:///C:/Users/Public/run.bat",
        "javascript:alert(1)",
        "\\\\fileserver\\share\\deck.pptx",
        " https://www.example.com/",
        "ms-settings:",
    ],
    ids=["file", "javascript", "unc", "leading-space", "other-scheme"],
)
def test_a_hyperlink_that_is_not_a_web_or_email_address_is_refused(target):
    data = rebuilt(rels={LAYOUT_RELS: [(f"{R}/hyperlink", target, True)]})
    error = refused(data)
    assert error.where == f"part {LAYOUT_RELS}"
    assert "'hyperlink'" in error.problem and f"'{target}'" in error.problem
    assert "slide layout 2" in error.problem
    assert "http:, https:, mailto:" in error.problem
    assert "change the hyperlink" in error.fix


def test_an_attached_external_template_is_refused():
    data = rebuilt(
        rels={"_rels/.rels": [(f"{R}/attachedTemplate", "\\\\corp\\templates\\a.potx", True)]}
    )
    error = refused(data)
    assert error.where == "part _rels/.rels"
    assert "attachedTemplate" in error.problem and "an attached template" in error.problem
