"""load_yaml, line_of, where: untrusted YAML read safely, located by the file's lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from handoutkit.errors import BrandError, ContentError
from handoutkit.inputs.yamlfile import TYPOGRAPHIC_QUOTES, line_of, load_yaml, where
from handoutkit.limits import FRONT_MATTER_BYTES, YAML_DEPTH, YAML_FILE_BYTES

PATH = Path("clinics/larkspur-skin/_brand.yml")


def load(text: str, *, first_line: int = 1) -> object:
    return load_yaml(
        text, path=PATH, error=ContentError, limit=YAML_FILE_BYTES, first_line=first_line
    )


def refusal(text: str, *, first_line: int = 1) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load(text, first_line=first_line)
    assert caught.value.path == PATH
    return caught.value


# --- what is read -------------------------------------------------------------------


def test_a_mapping_is_returned_as_a_round_trip_tree_with_line_numbers() -> None:
    tree = load("meta:\n  name: Larkspur\nlist:\n  - a\n  - b\n")
    assert tree == {"meta": {"name": "Larkspur"}, "list": ["a", "b"]}
    assert isinstance(tree, CommentedMap)
    assert isinstance(tree["list"], CommentedSeq)
    assert tree["meta"].lc.key("name") == (1, 2)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"])
def test_an_empty_document_is_none(text: str) -> None:
    assert load(text) is None


def test_core_schema_types_are_kept() -> None:
    tree = load(
        "int: 42\nhex: 0x1F\nfloat: 1.5\nexp: 1e3\nbool: true\nnothing: null\ntilde: ~\n"
        "word: yes\nquoted: '42'\n"
    )
    assert tree == {
        "int": 42,
        "hex": 31,
        "float": 1.5,
        "exp": 1000.0,
        "bool": True,
        "nothing": None,
        "tilde": None,
        "word": "yes",
        "quoted": "42",
    }
    assert type(tree["bool"]) is bool
    assert isinstance(tree["int"], int) and isinstance(tree["float"], float)
    assert isinstance(tree["word"], str) and isinstance(tree["quoted"], str)


@pytest.mark.parametrize("date", ["2026-11-02", "2026-13-45", "2026-02-30", "2026-11-02 10:00:00"])
def test_dates_stay_strings(date: str) -> None:
    tree = load(f"reviewed: {date}\n")
    assert tree == {"reviewed": date}
    assert type(tree["reviewed"]) is str


def test_typographic_quotes_in_values_are_kept() -> None:
    assert load("title: “Microneedling” ‘today’\n") == {"title": "“Microneedling” ‘today’"}


def test_a_quoted_double_angle_key_is_an_ordinary_key() -> None:
    assert load("'<<': 1\n") == {"<<": 1}


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert load("a:\n  name: x\nb:\n  name: y\n") == {"a": {"name": "x"}, "b": {"name": "y"}}


def test_a_document_end_marker_after_one_document_is_fine() -> None:
    assert load("a: 1\n...\n") == {"a": 1}


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = YAML_DEPTH.value
    tree = load("[" * depth + "1" + "]" * depth)
    for _ in range(depth):
        tree = tree[0]
    assert tree == 1


# --- size -----------------------------------------------------------------------------


def test_text_larger_than_the_limit_is_refused_before_parsing() -> None:
    # Not YAML at all, and under the limit in characters: the size in UTF-8 bytes counts.
    text = "é" * (FRONT_MATTER_BYTES.value // 2 + 1) + ": [\n"
    size = len(text.encode())
    with pytest.raises(ContentError) as caught:
        load_yaml(text, path=PATH, error=ContentError, limit=FRONT_MATTER_BYTES, first_line=2)
    error = caught.value
    assert error.where == "line 2"
    assert FRONT_MATTER_BYTES.exceeded(size) in error.problem
    assert FRONT_MATTER_BYTES.shown in error.fix


def test_text_at_the_limit_is_read() -> None:
    text = "a: " + "x" * (FRONT_MATTER_BYTES.value - 4) + "\n"
    assert len(text.encode()) == FRONT_MATTER_BYTES.value
    tree = load_yaml(text, path=PATH, error=ContentError, limit=FRONT_MATTER_BYTES)
    assert tree == {"a": "x" * (FRONT_MATTER_BYTES.value - 4)}


# --- syntax -------------------------------------------------------------------------


def test_a_syntax_error_names_the_line_and_ruamels_problem() -> None:
    error = refusal("title: x\nsummary: a: b\n")
    assert error.where == "line 2"
    assert "mapping values are not allowed here" in error.problem
    assert "colon" in error.fix


def test_syntax_error_lines_are_lines_of_the_file() -> None:
    assert refusal("title: x\nsummary: a: b\n", first_line=2).where == "line 3"


def test_a_tab_used_for_indentation_gets_the_fix_indent_with_spaces() -> None:
    error = refusal("color:\n\tprimary: '#5B3F8C'\n")
    assert error.where == "line 2"
    assert "'\\t'" in error.problem
    assert "indent with spaces" in error.fix


def test_bad_indentation_names_the_line_and_where_the_mapping_starts() -> None:
    error = refusal("a:\n  b: 1\n c: 2\n", first_line=2)
    assert error.where == "line 4"
    assert "expected <block end>" in error.problem
    assert "starts on line 2" in error.problem


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens() -> None:
    error = refusal("title: x\nsummary: 'never closed\nnext: 1\n")
    assert error.where == "line 2"
    assert "quoted scalar starts here and is never closed" in error.problem


def test_an_unclosed_bracket_is_reported_on_its_line() -> None:
    error = refusal("tags: [a, b\nnext: 1\n")
    assert error.where == "line 1"
    assert "flow sequence starts here" in error.problem
    assert "on line 2" in error.problem


# --- anchors, aliases, merge keys ---------------------------------------------------------


def test_an_anchor_is_refused() -> None:
    error = refusal("title: x\nbase: &base\n  a: 1\n")
    assert error.where == "line 2, field 'base'"
    assert "'&base'" in error.problem and "anchors" in error.problem
    assert "write the value out in full" in error.fix


def test_an_alias_is_refused() -> None:
    # No anchor: the alias itself is what is refused (ruamel would call it undefined).
    error = refusal("list:\n  - a\n  - *other\n")
    assert error.where == "line 3, field 'list.1'"
    assert "'*other'" in error.problem
    assert "write the value out in full" in error.fix


def test_a_merge_key_is_refused_even_without_an_alias() -> None:
    error = refusal("colors:\n  <<: {primary: red}\n  secondary: blue\n", first_line=5)
    assert error.where == "line 6, field 'colors'"
    assert "'<<'" in error.problem
    assert "write the fields out in full" in error.fix


def test_a_billion_laughs_alias_bomb_is_refused_at_its_first_anchor() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    error = refusal("\n".join(lines) + "\n")
    assert error.where == "line 1, field 'a'"
    assert "'&a'" in error.problem


# --- depth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "- " * 10_000 + "x\n",
        "a: " + "[" * 10_000,
    ],
    ids=["flow sequences", "flow mappings", "block sequences", "unclosed"],
)
def test_ten_thousand_levels_of_nesting_are_refused(text: str) -> None:
    error = refusal(text, first_line=2)
    assert error.where == "line 2"
    assert YAML_DEPTH.exceeded(f"more than {YAML_DEPTH.value}") in error.problem


def test_one_level_more_than_the_limit_is_refused() -> None:
    depth = YAML_DEPTH.value + 1
    error = refusal("[" * depth + "1" + "]" * depth)
    assert "nesting depth of YAML" in error.problem


def test_deep_indentation_is_refused_at_the_line_that_goes_too_deep() -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(YAML_DEPTH.value + 5))
    error = refusal(text, first_line=2)
    # Line i (from 0) opens mapping i + 1; mapping YAML_DEPTH + 1 is opened on that line.
    assert error.where == f"line {YAML_DEPTH.value + 2}"


# --- keys -------------------------------------------------------------------------------


def test_a_duplicate_key_names_both_lines() -> None:
    error = refusal("title: Knee\nsummary: x\nlanguage: en\ntitle: Genou\n", first_line=2)
    assert error.problem == "'title' appears twice, on lines 2 and 5."
    assert error.where == "line 5, field 'title'"
    assert error.fix == "keep one of them."


def test_a_duplicate_key_in_a_nested_mapping_names_its_field() -> None:
    error = refusal("contact:\n  phones:\n    - main: 1\n      main: 2\n")
    assert error.where == "line 4, field 'contact.phones.0.main'"
    assert "on lines 3 and 4" in error.problem


def test_keys_equal_only_once_resolved_are_refused() -> None:
    error = refusal("1: a\n0x1: b\n")
    assert error.where == "line 2"
    assert "appears twice" in error.problem


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ("‘", "’"), ("„", "“"), ("‚", "‘"), ("«", "»"), ("「", "」")],
)
def test_a_key_in_typographic_quotes_is_refused(opening: str, closing: str) -> None:
    key = f"{opening}title{closing}"
    error = refusal(f"language: en\n{key}: Knee\n", first_line=2)
    assert error.where == f"line 3, field '{key}'"
    assert "typographic quotes" in error.problem and key in error.problem
    assert "title: ..." in error.fix
    assert key not in error.fix


def test_a_key_with_only_a_closing_typographic_quote_is_refused() -> None:
    error = refusal("title”: Knee\n")
    assert "typographic quotes" in error.problem


def test_the_listed_typographic_quotes_are_all_known() -> None:
    assert set("“”‘’„‚«»「」") <= set(TYPOGRAPHIC_QUOTES)


def test_a_complex_key_is_refused() -> None:
    error = refusal("? [a, b]\n: 1\n")
    assert error.where == "line 1"
    assert "keys must be plain names" in error.problem


# --- documents, tags, values ------------------------------------------------------


def test_a_second_document_is_refused() -> None:
    error = refusal("title: x\n---\ntitle: y\n", first_line=2)
    assert error.where == "line 3"
    assert "more than one YAML document" in error.problem


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !foo x\n", "'!foo'"),
        ("a: !!binary aGk=\n", "'!!binary'"),
        ("a: !!python/object:os.system x\n", "'!!python/object:os.system'"),
        ("a: !!set {x}\n", "'!!set'"),
        ("a: !!str 1.0\n", "'!!str'"),
        ("a: !!timestamp 2026-11-02\n", "'!!timestamp'"),
        ("a: ! 12\n", "'!'"),
    ],
)
def test_tags_are_refused_even_the_core_ones(text: str, shown: str) -> None:
    error = refusal(text)
    assert error.where == "line 1, field 'a'"
    assert f"tag {shown}" in error.problem
    assert "put it in quotes" in error.fix


def test_an_integer_too_long_to_convert_is_refused_with_its_line() -> None:
    error = refusal("a: 1\nb: " + "9" * 5000 + "\n", first_line=2)
    assert error.where == "line 3"
    assert "cannot be read" in error.problem
    assert "quotes" in error.fix


def test_load_yaml_raises_the_error_type_passed_in() -> None:
    with pytest.raises(BrandError) as caught:
        load_yaml("a: &x 1\n", path=PATH, error=BrandError, limit=YAML_FILE_BYTES)
    assert caught.value.where == "line 1, field 'a'"


# --- line_of and where ----------------------------------------------------------------

BRAND = """\
meta:
  name: Larkspur Skin
color:
  palette:
    larkspur: '#5B3F8C'
    sand: '#E8DCC8'
contact:
  phones:
    - number: 555 0100
      label: main
    -
      number: 555 0101
"""


@pytest.fixture
def brand() -> object:
    return load(BRAND, first_line=20)


def test_line_of_a_nested_key_is_its_line_in_the_file(brand: object) -> None:
    assert line_of(brand, "color", "palette", "larkspur", first_line=20) == 24
    assert line_of(brand, "meta", first_line=20) == 20


def test_line_of_a_sequence_item_is_the_line_of_its_value(brand: object) -> None:
    assert line_of(brand, "contact", "phones", 0, first_line=20) == 28
    assert line_of(brand, "contact", "phones", 0, "label", first_line=20) == 29
    # An item whose '-' stands alone: its value starts on the next line.
    assert line_of(brand, "contact", "phones", 1, first_line=20) == 31


def test_line_of_a_missing_key_is_the_deepest_key_found(brand: object) -> None:
    assert line_of(brand, "color", "palette", "missing", "deeper", first_line=20) == 23
    assert line_of(brand, "missing", first_line=20) is None


def test_line_of_no_keys_is_the_nodes_own_line(brand: object) -> None:
    assert line_of(brand["color"]["palette"], first_line=20) == 24
    assert line_of("not a node") is None


def test_where_names_the_line_and_the_dotted_field(brand: object) -> None:
    assert where(brand, "color", "palette", "larkspur", first_line=20) == (
        "line 24, field 'color.palette.larkspur'"
    )
    assert where(brand, "contact", "phones", 1, "number", first_line=20) == (
        "line 31, field 'contact.phones.1.number'"
    )


def test_where_without_a_known_line_names_the_field() -> None:
    assert where({"a": {"b": 1}}, "a", "b") == "field 'a.b'"


def test_a_character_yaml_does_not_allow_is_refused_with_its_line() -> None:
    # decode_text refuses control characters first; load_yaml still names the line alone.
    error = refusal("a: 1\nb: x\x07\n", first_line=2)
    assert error.where == "line 3"
    assert "U+0007" in error.problem
