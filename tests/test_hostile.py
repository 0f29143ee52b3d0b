"""Hostile input: `handoutkit build` refuses or warns, and never does harm.

Every case copies a good build (its content folder and its build folder), breaks one thing
on purpose and runs ``handoutkit build`` in a subprocess, as a user would. Whatever the
input, the build must:

- exit with the documented status: 1 when it refuses an input or a job fails, 0 when the
  input is only warned about (a name that breaks the naming rules, a link or a special file
  that nothing reads);
- never print a traceback, and name the file at fault with a phrase saying what is wrong;
- when it fails, leave the manifest and every file the manifest lists byte for byte as they
  were, and no temporary file (``.hk-tmp``, ``.hk-old``) behind;
- never open a file outside the content folder: ``tests/hostile/sitecustomize.py`` puts an
  audit hook in every Python process of the build (the builder, its workers and their
  Jupyter kernels inherit ``PYTHONPATH``) that logs each file opened inside the folder
  ``HANDOUTKIT_AUDIT_DIR``, which holds secrets, a FIFO and other bait;
- finish within `TIMEOUT` seconds (a build blocked on a FIFO fails the case, it does not
  hang the test run).

Every hostile file is made here, no bigger than it needs to be.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import DEMO_CONTENT, ROOT

TIMEOUT = 180  # seconds for one build; a good build of the demo takes a few
TODAY = "2026-11-25"  # the demo's review date is not overdue on that day
HOSTILE = ROOT / "tests" / "hostile"  # holds sitecustomize.py (the audit hook)

CLINIC = "clinics/larkspur-skin"
BRAND = f"{CLINIC}/_brand.yml"
LOGO = f"{CLINIC}/logo/larkspur-mark.svg"
FONT = f"{CLINIC}/fonts/Lato-Regular.ttf"
OVERRIDE = f"{CLINIC}/templates/handout/handout.html.j2"
PPTX_TEMPLATE = f"{CLINIC}/templates/corporate.pptx"
DOC = "procedures/microneedling/en.md"
FIGURE = "procedures/microneedling/images/d.png"
DECK = "larkspur-skin/microneedling/larkspur-skin_microneedling_en_slides.pptx"
HANDOUT_HTML = "larkspur-skin/microneedling/larkspur-skin_microneedling_en_handout.html"
DEMO_TITLE = "Microneedling: Collagen Induction Therapy"
TEMPORARY = (".hk-tmp", ".hk-old")


# --- running a build ------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def said(self) -> str:
        """stderr with every run of whitespace made one space (messages wrap)."""
        return " ".join(self.err.split())

    def __str__(self) -> str:
        return (
            f"exit status {self.code}\n--- stderr ---\n{self.err[-6000:]}"
            f"\n--- stdout ---\n{self.out[-3000:]}"
        )


def audited_env(watched: Path, log: Path) -> dict[str, str]:
    """The environment of every subprocess: the audit hook on, the review day fixed."""
    path = os.pathsep.join(filter(None, [str(HOSTILE), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PYTHONPATH": path,
        "HANDOUTKIT_AUDIT_DIR": str(watched),
        "HANDOUTKIT_AUDIT_LOG": str(log),
        "HANDOUTKIT_TODAY": TODAY,
        "COLUMNS": "1000",  # one message, one line: paths are not folded
        "NO_COLOR": "1",
    }


def run(command: Sequence[str], *, env: dict[str, str], cwd: Path) -> Result:
    """Run ``command`` in its own process group; past `TIMEOUT`, kill the group and fail."""
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="backslashreplace",
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the build, its workers and kernels
        out, err = process.communicate()
        pytest.fail(f"the build did not finish in {TIMEOUT} s (blocked?)\n{err[-3000:]}")
    return Result(process.returncode, out, err)


def build_command(content: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        *("-m", "handoutkit.cli", "build"),
        *("--content", str(content), "--out", str(out)),
        *("--no-previews", "--jobs", "1"),
        *extra,
    ]


# --- the good build and the scene of each case ------------------------------------------


@dataclass(frozen=True)
class Good:
    content: Path
    build: Path
    audit_log: Path  # what the good build opened inside its own content folder


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Good:
    """The demo content, built once (the build every case starts from).

    The audit hook watches the content folder itself here, so its log shows which processes
    of a real build it ran in (see `test_the_audit_hook_logs_opens_in_every_process`).
    """
    root = tmp_path_factory.mktemp("good")
    content, build = root / "content", root / "build"
    shutil.copytree(DEMO_CONTENT, content, symlinks=True)
    log = root / "audit.log"
    result = run(build_command(content, build), env=audited_env(content, log), cwd=root)
    assert result.code == 0, str(result)
    return Good(content, build, log)


@dataclass(frozen=True)
class Scene:
    """One case's copy of the good build, the folder it must not read, and bait in it."""

    root: Path
    content: Path
    build: Path
    outside: Path
    marker: Path  # a template that runs code would create this file

    def __getitem__(self, relative: str) -> Path:
        return self.content / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self[relative]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def replace_with_link(self, relative: str, target: Path | str) -> None:
        self[relative].unlink()
        self[relative].symlink_to(target)

    def replace_with_fifo(self, relative: str) -> None:
        self[relative].unlink()
        os.mkfifo(self[relative])

    def fill(self, text: str) -> str:
        """``text`` with ``{content}``, ``{build}``, ``{root}`` and ``{outside}`` filled in."""
        return text.format(
            content=self.content, build=self.build, root=self.root, outside=self.outside
        )


def make_scene(good: Good, tmp_path: Path) -> Scene:
    content, build = tmp_path / "content", tmp_path / "build"
    shutil.copytree(good.content, content, symlinks=True)
    shutil.copytree(good.build, build, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("the outside secret\n")
    (outside / "secret.svg").write_text(svg('<rect width="10" height="10" fill="#D00"/>'))
    (outside / "secret.png").write_bytes(png(4, 4))
    os.mkfifo(outside / "secret.fifo")
    (outside / "botox").mkdir()
    shutil.copy(DEMO_CONTENT / DOC, outside / "botox" / "en.md")
    return Scene(tmp_path, content, build, outside, tmp_path / "code-ran")


# --- hostile files ----------------------------------------------------------------------


def svg(body: str, *, head: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="10" height="10" viewBox="0 0 10 10">{body}</svg>\n'
    )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data."""
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, *, rows: int | None = None, noisy: bool = False) -> bytes:
    """An 8-bit RGB PNG of one colour (or of random pixels, which do not compress); only
    its first ``rows`` rows (default: all) of pixel data follow the IHDR."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    noise = random.Random(0)
    row = (lambda: noise.randbytes(3 * width)) if noisy else (lambda: b"\x5b\x3f\x8c" * width)
    pixels = b"".join(b"\x00" + row() for _ in range(height if rows is None else rows))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(pixels, 9))
        + png_chunk(b"IEND", b"")
    )


def blank_pptx() -> dict[str, bytes]:
    """The parts of python-pptx's default presentation, by name, in order."""
    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pptx_with_vba() -> bytes:
    """A template that carries a VBA project, declared and linked as PowerPoint does."""
    parts = blank_pptx()
    types = parts["[Content_Types].xml"].decode()
    override = (
        '<Override PartName="/ppt/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    rels = parts["ppt/_rels/presentation.xml.rels"].decode()
    link = (
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
        'relationships/vbaProject" Target="vbaProject.bin"/>'
    )
    parts["ppt/_rels/presentation.xml.rels"] = rels.replace(
        "</Relationships>", link + "</Relationships>"
    ).encode()
    # An OLE compound file's signature, as a real vbaProject.bin starts.
    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return zipped(parts)


def pptx_zip_bomb(*, lying: bool, inflated: int = 60 * 1024 * 1024) -> bytes:
    """A valid template plus one part that inflates to ``inflated`` bytes (over the 50 MB
    limit) from about a thousandth of that; if ``lying``, its local and central headers
    both say it unpacks to 1 KB."""
    bomb = "ppt/media/image1.bin"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in blank_pptx().items():
            archive.writestr(name, data)
        with archive.open(bomb, "w", force_zip64=False) as member:
            block = bytes(1024 * 1024)
            for _ in range(inflated // len(block)):
                member.write(block)
        local = archive.getinfo(bomb).header_offset
    data = bytearray(buffer.getvalue())
    assert len(data) < inflated // 500
    if not lying:
        return bytes(data)
    declared = 1024
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, declared)  # local header: uncompressed size
    end = data.rindex(b"PK\x05\x06")  # end of central directory: entries, offset
    count, _, start = struct.unpack_from("<HII", data, end + 10)
    central, lied = start, 0
    for _ in range(count):
        assert data[central : central + 4] == b"PK\x01\x02"
        name_length, extra, comment = struct.unpack_from("<HHH", data, central + 28)
        if data[central + 46 : central + 46 + name_length] == bomb.encode():
            struct.pack_into("<I", data, central + 24, declared)  # central: uncompressed
            lied += 1
        central += 46 + name_length + extra + comment
    assert lied == 1
    return bytes(data)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """YAML's "billion laughs": 9 aliases of 9 aliases ... of a string (9**9 strings)."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def deck_texts(deck: Path) -> list[str]:
    """The raw text of every <a:t> of every slide and notes page of ``deck``."""
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(deck)).slides:
        pages = [slide.shapes]
        if slide.has_notes_slide:
            pages.append(slide.notes_slide.shapes)
        for shapes in pages:
            for shape in shapes:
                texts.extend(t.text or "" for t in shape._element.iter() if _is_text(t))
    return texts


def _is_text(element: object) -> bool:
    tag = getattr(element, "tag", "")
    return isinstance(tag, str) and tag.endswith("}t")


# --- the mutations ----------------------------------------------------------------------

Mutation = Callable[[Scene], Sequence[str] | None]


def manifest_path_to(path_of: Callable[[Scene], str]) -> Mutation:
    """The manifest's preview entry is changed to name a victim file beside the build."""

    def mutate(scene: Scene) -> Sequence[str]:
        victim = scene.root / "victim.txt"
        victim.write_text("the user's own file\n")
        manifest = scene.build / "manifest.json"
        data = json.loads(manifest.read_text())
        entry = next(e for e in data["outputs"] if e["kind"] == "preview-handout")
        entry["path"] = path_of(scene)
        manifest.write_text(json.dumps(data, indent=2))
        return ["--force"]  # the job is rebuilt, so a stale entry would be deleted

    return mutate


def build_folder_link_out(scene: Scene) -> Sequence[str]:
    moved = scene.outside / "larkspur-skin"
    shutil.move(scene.build / "larkspur-skin", moved)
    (scene.build / "larkspur-skin").symlink_to(moved, target_is_directory=True)
    return ["--force"]


def out_folder(make: Callable[[Path], None]) -> Mutation:
    """--out names ``<root>/elsewhere``, which ``make`` makes first."""

    def mutate(scene: Scene) -> Sequence[str]:
        target = scene.root / "elsewhere"
        make(target)
        return ["--out", str(target)]

    return mutate


def users_index(target: Path) -> None:
    target.mkdir()
    (target / "index.html").write_text("<h1>My own page</h1>\n")


def foreign_manifest(target: Path) -> None:
    target.mkdir()
    (target / "manifest.json").write_text('{"hello": 1}\n')


def a_file(target: Path) -> None:
    target.write_text("a file of the user's\n")


def template_override(payload: str) -> Mutation:
    """A clinic override of the handout template: the project's, with ``payload`` first."""

    def mutate(scene: Scene) -> Sequence[str]:
        project = (ROOT / "templates/handout/handout.html.j2").read_text(encoding="utf-8")
        scene[OVERRIDE].parent.mkdir(parents=True)
        text = payload.replace("MARKER", f"'{scene.marker}'") + "\n" + project
        scene[OVERRIDE].write_text(text, encoding="utf-8")
        return None

    return mutate


def pptx_template(make: Callable[[], bytes]) -> Mutation:
    def mutate(scene: Scene) -> Sequence[str]:
        scene[PPTX_TEMPLATE].parent.mkdir(parents=True, exist_ok=True)
        scene[PPTX_TEMPLATE].write_bytes(make())
        scene.edit(
            BRAND,
            "  handoutkit:\n",
            "  handoutkit:\n    pptx_template: templates/corporate.pptx\n",
        )
        return None

    return mutate


def doc_text(old: str, new: str) -> Mutation:
    def mutate(scene: Scene) -> None:
        scene.edit(DOC, old, new)

    return mutate


def in_conclusion(block: str) -> Mutation:
    return doc_text("## Conclusion\n", f"## Conclusion\n\n{block}\n")


def doc_encoded(encoding: str, prefix: str = "") -> Mutation:
    def mutate(scene: Scene) -> None:
        text = scene[DOC].read_text(encoding="utf-8")
        scene[DOC].write_bytes((prefix + text).encode(encoding))

    return mutate


def front_matter(lines: str) -> Mutation:
    """``lines`` added to the document's front matter (after its title)."""
    return doc_text("title: Microneedling\n", f"title: Microneedling\n{lines}")


def figure(data: bytes | None, *, link: bool = False) -> Mutation:
    """The document shows images/d.png, which is ``data`` (or a link out of the folder)."""

    def mutate(scene: Scene) -> None:
        scene[FIGURE].parent.mkdir()
        if link:
            scene[FIGURE].symlink_to(scene.outside / "secret.png")
        else:
            assert data is not None
            scene[FIGURE].write_bytes(data)
        in_conclusion("![Diagram of the skin](images/d.png)\n")(scene)

    return mutate


def logo(text: str) -> Mutation:
    def mutate(scene: Scene) -> None:
        scene[LOGO].write_text(scene.fill(text), encoding="utf-8")

    return mutate


def second_procedure(folder: str, name: str) -> Mutation:
    """A copy of the demo document as ``procedures/<folder>/<name>``."""

    def mutate(scene: Scene) -> None:
        target = scene.content / "procedures" / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(scene[DOC], target)

    return mutate


def folder_named_en_md(scene: Scene) -> Sequence[str]:
    (scene.content / "procedures/peel/en.md").mkdir(parents=True)
    return ["--force"]  # the demo job is built again beside the one that fails


def brand_cp1252(scene: Scene) -> None:
    text = scene[BRAND].read_text(encoding="utf-8")
    text = text.replace("full: Larkspur Skin Clinic", "full: Clínica Dermatológica Larkspur")
    scene[BRAND].write_bytes(text.encode("cp1252"))


def brand_alias_bomb(scene: Scene) -> None:
    """The bomb under defaults: handoutkit: (the brand file's last mapping)."""
    text = scene[BRAND].read_text(encoding="utf-8")
    bomb = textwrap.indent(alias_bomb(), "      ")
    scene[BRAND].write_text(f"{text}    laughs:\n{bomb}", encoding="utf-8")


def brand_nested(scene: Scene) -> None:
    """A value under defaults: handoutkit: nested 10,000 deep (20 KB, within the file limit)."""
    text = scene[BRAND].read_text(encoding="utf-8")
    nested = "[" * 10_000 + "]" * 10_000
    scene[BRAND].write_text(f"{text}    tags: {nested}\n", encoding="utf-8")


def huge_document(scene: Scene) -> None:
    text = scene[DOC].read_text(encoding="utf-8")
    paragraph = "Keep your skin clean and protected from the sun after each session. " * 15
    filler = (paragraph + "\n\n") * (20 * 1024 * 1024 // (len(paragraph) + 2))
    scene[DOC].write_text(text + "\n## More\n\n" + filler, encoding="utf-8")


def broken_logo_link(scene: Scene) -> None:
    scene.replace_with_link(LOGO, "gone.svg")


def empty_logo(scene: Scene) -> None:
    scene[LOGO].write_bytes(b"")


def garbage_font(scene: Scene) -> None:
    scene[FONT].write_bytes(os.urandom(64 * 1024))


def clinic_link_out(scene: Scene) -> None:
    (scene[CLINIC] / "notes.txt").symlink_to(scene.outside / "secret.txt")


def clinic_fifo(scene: Scene) -> None:
    os.mkfifo(scene[CLINIC] / "pipe")


def procedure_link_out(scene: Scene) -> None:
    (scene.content / "procedures/botox").symlink_to(
        scene.outside / "botox", target_is_directory=True
    )


# --- checks after some cases ------------------------------------------------------------

Check = Callable[[Scene, Result], list[str]]


def unchanged(relative: str, expected: bytes | str) -> Check:
    """The file ``<root>/<relative>`` still holds ``expected``; nothing was added beside it."""

    def check(scene: Scene, result: Result) -> list[str]:
        path = scene.root / relative
        data = expected.encode() if isinstance(expected, str) else expected
        problems = []
        if not path.is_file() or path.read_bytes() != data:
            problems.append(f"{path} was changed or removed")
        if path.parent != scene.root:
            others = sorted(p.name for p in path.parent.iterdir() if p != path)
            if others:
                problems.append(f"the build wrote into {path.parent}: {others}")
        return problems

    return check


def folder_untouched(relative: str) -> Check:
    def check(scene: Scene, result: Result) -> list[str]:
        if (scene.root / relative).exists():
            return [f"{scene.root / relative} was created"]
        return []

    return check


def content_untouched(scene: Scene, result: Result) -> list[str]:
    made = [p for p in scene.content.rglob("*") if p.name in {".handoutkit", ".lock"}]
    made += [p for p in scene.content.rglob("*.json")]
    return [f"the build wrote into the content folder: {made}"] if made else []


def no_code_ran(scene: Scene, result: Result) -> list[str]:
    return [f"the template ran code: {scene.marker} exists"] if scene.marker.exists() else []


def demo_title_kept(scene: Scene, result: Result) -> list[str]:
    data = json.loads((scene.build / "manifest.json").read_text())
    titles = [job["title"] for job in data["jobs"]]
    return [] if titles == [DEMO_TITLE] else [f"the job's title is now {titles}"]


def demo_still_built(scene: Scene, result: Result) -> list[str]:
    problems = []
    if "built larkspur-skin × microneedling × en" not in " ".join(result.out.split()):
        problems.append("the demo job was not built beside the failing one")
    data = json.loads((scene.build / "manifest.json").read_text())
    demo = [e for e in data["outputs"] if e["path"].startswith("larkspur-skin/microneedling/")]
    if len(demo) < 6:
        problems.append(f"the demo job's outputs are no longer listed: {demo}")
    return problems


def clean_deck(scene: Scene, result: Result) -> list[str]:
    """The break became a space or a line break: no control character, and no python-pptx
    escape of one, in any slide or note or in the handout page, and the sentences on either
    side are still two sentences."""
    from bs4 import BeautifulSoup

    texts = deck_texts(scene.build / DECK)
    control = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x00[01][0-9A-Fa-f]_")
    problems = [f"slide text holds {text!r}" for text in texts if control.search(text)]
    kept = re.compile(r"collagen production\.\s+This technique")
    if not kept.search(" ".join(texts)):
        problems.append("the deck does not hold 'collagen production. This technique'")
    page = (scene.build / HANDOUT_HTML).read_text(encoding="utf-8")
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(x0*[bc]|0*1[12]);", page, re.IGNORECASE):
        problems.append("the handout page holds a control character")
    if not kept.search(BeautifulSoup(page, "html.parser").get_text(" ")):
        problems.append("the handout page does not hold 'collagen production. This technique'")
    return problems


# --- the cases --------------------------------------------------------------------------


Says = str | tuple[str, ...]  # fragments of stderr; Scene.fill fills in the folders


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Mutation
    exit: int
    file: Says  # names the file at fault
    problem: Says  # says what is wrong with it
    check: Check | None = None
    keeps_outputs: bool = True  # an exit-1 case leaves manifest and outputs byte for byte


# A clinic file the brand file names is reported at the brand file's field, by its path.
BRAND_SAYS = "{content}/" + BRAND
LOGO_SAYS = (BRAND_SAYS, "'logo/larkspur-mark.svg'")
DOC_SAYS = "{content}/" + DOC
FIGURE_SAYS = (DOC_SAYS, "'images/d.png'")
UNSAFE = "the handout template uses something templates may not use"

# Template injections (server-side template injection): payload, what the error says.
SSTI = {
    "cycler-init-globals-os-system": (
        "{{ cycler.__init__.__globals__.os.system('touch ' ~ MARKER) }}",
        (UNSAFE, "'__init__'"),
    ),
    "class-mro-subclasses-builtins": (
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'catch_warnings' %}"
        "{{ c()._module.__builtins__['__import__']('os').system('touch ' ~ MARKER) }}"
        "{% endif %}{% endfor %}",
        (UNSAFE, "'__class__'"),
    ),
    "lipsum-globals-os-popen": (
        "{{ lipsum.__globals__['os'].popen('touch ' ~ MARKER).read() }}",
        (UNSAFE, "'__globals__'"),
    ),
    "attr-filter-init-globals": (
        "{{ (cycler|attr('__init__')|attr('__globals__'))['os'].system('touch ' ~ MARKER) }}",
        (UNSAFE, "'__init__'"),
    ),
    "self-template-reference-context": (
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
        ".system('touch ' ~ MARKER) }}",
        (UNSAFE, "'_TemplateReference__context'"),
    ),
}

# An SVG whose DOCTYPE defines a file entity and a growing internal one.
DOCTYPE_SVG = svg(
    "<text>&secret;&laugh3;</text>",
    head=(
        '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{outside}/secret.txt">'
        '<!ENTITY laugh "lol"><!ENTITY laugh2 "&laugh;&laugh;&laugh;&laugh;&laugh;">'
        '<!ENTITY laugh3 "&laugh2;&laugh2;&laugh2;&laugh2;&laugh2;">]>\n'
    ),
)
NOT_YAML_ALIASES = "Handout Kit does not read YAML anchors, aliases or merge keys"
FIFO = "is a named pipe (FIFO), not a regular file"
LINKED_OUT = "is a symbolic link to {outside}/"
OUTSIDE_PICTURE = "a file or address outside the picture"
DEPTH = "limit on the nesting depth of YAML"

CASES = [
    # --- data loss ---------------------------------------------------------------------
    Case(
        "manifest-entry-dotdot-path-to-victim-is-refused",
        manifest_path_to(lambda scene: "../victim.txt"),
        1,
        ("{build}/manifest.json", "field 'path'"),
        ("'../victim.txt', which is not inside the build folder", "Nothing was deleted"),
    ),
    Case(
        "manifest-entry-absolute-path-to-victim-is-refused",
        manifest_path_to(lambda scene: str(scene.root / "victim.txt")),
        1,
        ("{build}/manifest.json", "field 'path'"),
        ("it is an absolute path", "Nothing was deleted"),
    ),
    Case(
        "build-subfolder-symlinked-out-of-build-folder-is-refused",
        build_folder_link_out,
        1,
        # Refused where the job's files would go: the records are not read path by path.
        "{build}",
        "larkspur-skin/microneedling is a symbolic link out of the build folder",
    ),
    Case(
        "out-folder-holding-users-index-html-is-refused",
        out_folder(users_index),
        1,
        "{root}/elsewhere",
        "already holds files Handout Kit did not make (index.html)",
        check=unchanged("elsewhere/index.html", "<h1>My own page</h1>\n"),
    ),
    Case(
        "out-folder-holding-foreign-manifest-json-is-refused",
        out_folder(foreign_manifest),
        1,
        "{root}/elsewhere",
        "already holds files Handout Kit did not make (manifest.json)",
        check=unchanged("elsewhere/manifest.json", '{"hello": 1}\n'),
    ),
    Case(
        "out-folder-equal-to-content-folder-is-refused",
        lambda scene: ["--out", str(scene.content)],
        1,
        "{content}",
        "the build folder would be inside the content folder",
        check=content_untouched,
    ),
    Case(
        "out-folder-inside-a-clinic-folder-is-refused",
        lambda scene: ["--out", str(scene[CLINIC] / "build")],
        1,
        "{content}/clinics/larkspur-skin/build",
        "the build folder would be inside the content folder",
        check=folder_untouched("content/clinics/larkspur-skin/build"),
    ),
    Case(
        "out-naming-an-existing-file-is-refused",
        out_folder(a_file),
        1,
        "{root}/elsewhere",
        "this is a file, not a folder",
        check=unchanged("elsewhere", "a file of the user's\n"),
    ),
    # --- code execution ----------------------------------------------------------------
    *(
        Case(
            f"template-override-{name}-runs-no-code",
            template_override(payload),
            1,
            ("{content}/" + OVERRIDE, "line 1"),
            says,
            check=no_code_ran,
        )
        for name, (payload, says) in SSTI.items()
    ),
    Case(
        "pptx-template-with-vba-project-is-refused",
        pptx_template(pptx_with_vba),
        1,
        ("{content}/" + PPTX_TEMPLATE, "part ppt/vbaProject.bin"),
        "carries a VBA project (macros)",
    ),
    Case(
        "pptx-template-zip-bomb-with-lying-headers-is-refused",
        pptx_template(lambda: pptx_zip_bomb(lying=True)),
        1,
        ("{content}/" + PPTX_TEMPLATE, "part ppt/media/image1.bin"),
        "its zip headers lie about its size",
    ),
    Case(
        "pptx-template-zip-bomb-with-honest-headers-is-refused",
        pptx_template(lambda: pptx_zip_bomb(lying=False)),
        1,
        "{content}/" + PPTX_TEMPLATE,
        "limit on the unpacked size of a PowerPoint template",
    ),
    # --- reading outside the content folder --------------------------------------------
    Case(
        "logo-symlinked-to-outside-svg-is-refused-unread",
        lambda scene: scene.replace_with_link(LOGO, scene.outside / "secret.svg"),
        1,
        (*LOGO_SAYS, "{content}/" + LOGO),
        (LINKED_OUT + "secret.svg", "instead of linking to it"),
    ),
    Case(
        "unused-symlink-in-clinic-folder-is-warned-about-unread",
        clinic_link_out,
        0,
        "{content}/clinics/larkspur-skin/notes.txt",
        (LINKED_OUT + "secret.txt", "It is not read"),
    ),
    Case(
        "unread-fifo-in-clinic-folder-is-warned-about-without-blocking",
        clinic_fifo,
        0,
        "{content}/clinics/larkspur-skin/pipe",
        (FIFO, "It is not read"),
    ),
    Case(
        "logo-that-is-a-fifo-is-refused-without-blocking",
        lambda scene: scene.replace_with_fifo(LOGO),
        1,
        LOGO_SAYS,
        FIFO,
    ),
    Case(
        "figure-symlinked-to-outside-is-refused-unread",
        figure(None, link=True),
        1,
        (*FIGURE_SAYS, "{content}/" + FIGURE),
        (LINKED_OUT + "secret.png", "instead of linking to it"),
    ),
    Case(
        "procedure-folder-symlinked-to-outside-is-skipped-with-warning",
        procedure_link_out,
        0,
        "{content}/procedures/botox",
        (LINKED_OUT + "botox", "it is skipped"),
    ),
    # --- resource exhaustion -----------------------------------------------------------
    Case(
        "front-matter-yaml-alias-bomb-is-refused",
        front_matter("laughs:\n  " + alias_bomb().replace("\n", "\n  ").rstrip() + "\n"),
        1,
        (DOC_SAYS, "field 'laughs.a0'"),
        NOT_YAML_ALIASES,
    ),
    Case(
        "brand-yaml-alias-bomb-is-refused",
        brand_alias_bomb,
        1,
        (BRAND_SAYS, "field 'defaults.handoutkit.laughs.a0'"),
        NOT_YAML_ALIASES,
    ),
    Case(
        "document-of-20-mb-is-refused",
        huge_document,
        1,
        DOC_SAYS,
        "limit on the size of a procedure document is",
    ),
    Case(
        "front-matter-nested-10000-deep-is-refused",
        front_matter("tags: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        1,
        DOC_SAYS,
        "limit on the size of a document's front matter is",  # 20 KB of brackets
    ),
    Case(
        "front-matter-nested-5000-deep-within-size-limit-is-refused",
        front_matter("tags: " + "[" * 5_000 + "]" * 5_000 + "\n"),
        1,
        DOC_SAYS,
        DEPTH,
    ),
    Case(
        "brand-value-nested-10000-deep-is-refused",
        brand_nested,
        1,
        BRAND_SAYS,
        DEPTH,
    ),
    Case(
        "table-of-12-columns-is-refused",
        in_conclusion(
            "| " + " | ".join(f"C{n}" for n in range(12)) + " |\n"
            "|" + "---|" * 12 + "\n"
            "| " + " | ".join(str(n) for n in range(12)) + " |\n"
        ),
        1,
        DOC_SAYS,
        "limit on the number of columns in a table is",
    ),
    Case(
        "png-figure-declaring-60000-by-60000-pixels-is-refused",
        figure(png(60_000, 60_000, rows=2)),
        1,
        FIGURE_SAYS,
        "limit on the pixels of a picture",
    ),
    Case(
        "font-file-of-random-bytes-is-refused",
        garbage_font,
        1,
        (BRAND_SAYS, "'fonts/Lato-Regular.ttf'"),
        "cannot be read as a font",
    ),
    # --- tracebacks and wrong messages -------------------------------------------------
    Case(
        "reviewed-date-2026-13-45-is-refused",
        doc_text("reviewed: 2026-11-02", "reviewed: 2026-13-45"),
        1,
        (DOC_SAYS, "field 'reviewed'"),
        "'2026-13-45', which is not a date in the calendar",
    ),
    Case(
        "logo-that-is-a-broken-symlink-is-refused",
        broken_logo_link,
        1,
        LOGO_SAYS,
        "is a broken symbolic link (it points to gone.svg",
    ),
    Case(
        "folder-named-en-md-fails-only-its-job",
        folder_named_en_md,
        1,
        "{content}/procedures/peel/en.md",
        ("error (larkspur-skin × peel × en)", "the file is a folder, not a regular file"),
        check=demo_still_built,
        keeps_outputs=False,  # the demo job is rebuilt (--force): its files are new
    ),
    Case(
        "brand-file-in-windows-1252-is-refused",
        brand_cp1252,
        1,
        BRAND_SAYS,
        ("the file is not UTF-8", "Windows-1252"),
    ),
    Case(
        "logo-that-is-an-empty-file-is-refused",
        empty_logo,
        1,
        LOGO_SAYS,
        "is empty (0 bytes)",
    ),
    Case(
        "document-with-utf8-byte-order-mark-is-accepted",
        doc_encoded("utf-8", "\ufeff"),
        0,
        (),
        (),
        check=demo_title_kept,
    ),
    Case(
        "front-matter-key-in-typographic-quotes-is-refused",
        doc_text("title: Microneedling\n", "“title”: Microneedling\n"),
        1,
        DOC_SAYS,
        "written with typographic quotes",
    ),
    Case(
        "front-matter-duplicate-title-key-is-refused",
        front_matter("title: Another Title\n"),
        1,
        DOC_SAYS,
        "'title' appears twice",
    ),
    Case(
        "document-saved-as-utf-16-is-refused",
        doc_encoded("utf-16"),
        1,
        DOC_SAYS,
        "the file is saved as UTF-16",
    ),
    # --- silently wrong output ---------------------------------------------------------
    Case(
        "nul-character-in-paragraph-is-refused",
        doc_text("collagen production. This", "collagen production.\x00 This"),
        1,
        (DOC_SAYS, "line 11"),
        "U+0000 (NULL)",
    ),
    Case(
        "vertical-tab-line-break-in-paragraph-is-accepted-cleanly",
        doc_text("collagen production. This", "collagen production.\x0bThis"),
        0,
        (),
        (),
        check=clean_deck,
    ),
    Case(
        "form-feed-in-paragraph-is-refused",
        doc_text("collagen production. This", "collagen production.\x0cThis"),
        1,
        (DOC_SAYS, "line 11"),
        "U+000C (FORM FEED)",
    ),
    Case(
        "character-no-installed-font-draws-is-refused-not-printed-as-a-box",
        doc_text("collagen production. This", "collagen production (\u1c5a). This"),
        1,
        (DOC_SAYS, "section 'What is Microneedling?'"),
        ("U+1C5A OL CHIKI LETTER LA", "it would print as an empty box", "Noto Sans Ol Chiki"),
    ),
    Case(
        "truncated-png-figure-is-refused",
        figure(png(64, 64, noisy=True)[:6000]),  # half of its 12 KB
        1,
        FIGURE_SAYS,
        "is damaged: it is cut short",
    ),
    Case(
        "procedure-folder-named-chemical-peel-is-skipped-with-warning",
        second_procedure("Chemical Peel", "en.md"),
        0,
        "{content}/procedures/Chemical Peel",
        ("use only lowercase letters, digits and hyphens", "rename it 'chemical-peel'"),
    ),
    Case(
        "document-named-uppercase-en-md-is-skipped-with-warning",
        second_procedure("peel", "EN.md"),
        0,
        "{content}/procedures/peel/EN.md",
        "named by its language code in lowercase",
    ),
    Case(
        "svg-logo-whose-doctype-defines-entities-is-refused",
        logo(DOCTYPE_SVG),
        1,
        LOGO_SAYS,
        "declares a DOCTYPE",
    ),
    Case(
        "svg-logo-image-href-to-relative-outside-path-is-refused",
        logo(svg('<image href="../../../../outside/secret.png" width="10" height="10"/>')),
        1,
        LOGO_SAYS,
        ("refers to '../../../../outside/secret.png'", OUTSIDE_PICTURE),
    ),
    Case(
        "svg-logo-image-xlink-href-to-file-url-outside-is-refused",
        logo(svg('<image xlink:href="file://{outside}/secret.png" width="10" height="10"/>')),
        1,
        LOGO_SAYS,
        ("refers to 'file://{outside}/secret.png'", OUTSIDE_PICTURE),
    ),
]


def snapshot(build: Path) -> dict[str, bytes | None]:
    """The manifest and every file it lists (``None`` for one that is missing)."""

    def read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError:
            return None

    files = {"manifest.json": read(build / "manifest.json")}
    try:
        outputs = json.loads(files["manifest.json"] or b"{}").get("outputs", [])
    except ValueError:
        outputs = []
    for entry in outputs if isinstance(outputs, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            files[entry["path"]] = read(build / entry["path"])
    return files


def damaged(build: Path) -> list[str]:
    """The outputs the manifest lists that are missing or not what it says they are."""
    data = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    for entry in data["outputs"]:
        try:
            found = (build / entry["path"]).read_bytes()
        except OSError:
            problems.append(f"{entry['path']} is listed but missing")
            continue
        if hashlib.sha256(found).hexdigest() != entry["sha256"] or len(found) != entry["size"]:
            problems.append(f"{entry['path']} is not the file the manifest describes")
    return problems


def leftovers(root: Path) -> list[str]:
    return sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if name.endswith(TEMPORARY)
    )


@pytest.mark.notebook
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_refused_or_warned_about_and_does_no_harm(case, good, tmp_path):
    scene = make_scene(good, tmp_path)
    extra = case.mutate(scene) or ()
    before = snapshot(scene.build)
    log = tmp_path / "audit.log"
    result = run(
        build_command(scene.content, scene.build, *extra),
        env=audited_env(scene.outside, log),
        cwd=tmp_path,
    )
    problems = []
    if "Traceback" in result.out or "Traceback" in result.err:
        problems.append("a traceback was printed")
    if result.code != case.exit:
        problems.append(f"exit status {result.code}, expected {case.exit}")
    for kind, says in (("name", case.file), ("say", case.problem)):
        for fragment in (says,) if isinstance(says, str) else says:
            if scene.fill(fragment) not in result.said:
                problems.append(f"stderr does not {kind} {scene.fill(fragment)!r}")
    if case.exit == 1 and case.keeps_outputs:
        after = snapshot(scene.build)
        changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
        if changed:
            problems.append(f"files of the last good build changed: {changed}")
    else:  # the build wrote (or had nothing to do): what it lists is whole
        problems.extend(damaged(scene.build))
    if stray := leftovers(tmp_path):
        problems.append(f"temporary files left behind: {stray}")
    if log.exists() and log.read_text():
        problems.append(f"files outside the content folder were opened:\n{log.read_text()}")
    if case.check is not None:
        problems.extend(case.check(scene, result))
    assert not problems, "\n".join(problems) + "\n" + str(result)


@pytest.mark.notebook  # the good build starts a kernel
def test_the_audit_hook_logs_opens_in_every_process(good, tmp_path):
    """The hook sees open() and os.open() (str and bytes paths) in a process and in its
    spawned child, and ignores files elsewhere; in the good build (watched on its own
    content folder) it logged what the builder and the Jupyter kernel opened."""
    watched = tmp_path / "outside"
    watched.mkdir()
    secret = watched / "secret.txt"
    secret.write_text("secret\n")
    (tmp_path / "public.txt").write_text("public\n")
    log = tmp_path / "audit.log"
    script = (
        "import multiprocessing, os, sys\n"
        "if __name__ == '__main__':\n"
        "    open(sys.argv[1]).read()\n"
        "    open(sys.argv[2]).read()\n"
        "    child = multiprocessing.get_context('spawn').Process(\n"
        "        target=os.open, args=(os.fsencode(sys.argv[1]), os.O_RDONLY))\n"
        "    child.start(); child.join()\n"
        "    sys.exit(child.exitcode)\n"
    )
    result = run(
        [sys.executable, "-c", script, str(secret), str(tmp_path / "public.txt")],
        env=audited_env(watched, log),
        cwd=tmp_path,
    )
    assert result.code == 0, str(result)
    lines = [line.split("\t") for line in log.read_text().splitlines()]
    assert [fields[1] for fields in lines] == [str(secret), str(secret)], lines
    assert len({fields[0] for fields in lines}) == 2  # the parent and its spawned child
    assert "multiprocessing" in lines[1][3]  # the child's command line
    # The good build, watched on its own content folder: the builder, and the kernel that
    # ran the notebooks (the worker only passes job specs to it) opened content files.
    seen = [line.split("\t") for line in good.audit_log.read_text().splitlines()]
    commands = {fields[0]: fields[3] for fields in seen}
    assert any("handoutkit.cli" in command for command in commands.values()), commands
    assert any("ipykernel" in command for command in commands.values()), commands
