"""The handout fragment: parsed back as HTML, it shows the document and the brand."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from handoutkit.model import Paper
from handoutkit.outputs.handout.html import css_string, render_fragment
from handoutkit.outputs.handout.templates import template_folders


def fragment(handout, paper=Paper.LETTER):
    return render_fragment(handout, paper, template_folders())


@pytest.fixture(scope="module")
def demo_soup(demo_handout):
    return BeautifulSoup(fragment(demo_handout), "html.parser")


def test_article_declares_the_document_language(demo_soup):
    assert demo_soup.article["lang"] == "en"


def test_title_subtitle_and_one_h2_per_section(demo_soup, demo_handout):
    assert demo_soup.h1.get_text() == "Microneedling"
    assert demo_soup.select_one(".hk-subtitle").get_text() == "Collagen Induction Therapy"
    assert [h.get_text() for h in demo_soup.find_all("h2")] == [
        s.title for s in demo_handout.document.sections
    ]


def test_steps_are_an_ordered_list_with_bold_terms(demo_soup):
    section = demo_soup.find("h2", string="How Does Microneedling Work?").parent
    steps = section.find("ol")
    assert [li.strong.get_text() for li in steps.find_all("li")] == [
        "Preparation:",
        "Microneedling:",
        "Post-Treatment Care:",
    ]


def test_header_has_logo_with_alt_text_and_clinic_name(demo_soup):
    header = demo_soup.select_one("header.hk-header")
    assert header.img["alt"] == "Larkspur Skin Clinic logo, a violet larkspur flower"
    assert header.img["src"].startswith("data:image/svg+xml;base64,")
    assert header.get_text(strip=True) == "Larkspur Skin Clinic"


def test_footer_has_contact_links_and_review_line(demo_soup):
    footer = demo_soup.select_one("footer.hk-footer")
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert "tel:+15550102030" in hrefs and "mailto:hello@larkspur-skin.example" in hrefs
    assert footer.time["datetime"] == "2026-11-02"
    assert footer.time.get_text() == "Reviewed November 2, 2026 by Handout Kit demo team"


def test_fonts_are_embedded_and_subset(demo_soup):
    css = demo_soup.style.get_text()
    sources = re.findall(r'src: url\("data:font/woff2;base64,([^"]+)"\)', css)
    assert len(sources) == 4
    assert all(len(source) < 120_000 for source in sources)  # a full Lato face is ~900 KB


def test_no_url_outside_the_page_is_referenced(demo_soup):
    html = str(demo_soup)
    assert not re.search(r'(?:src|href)="(?!data:|tel:|mailto:|https://larkspur|#)', html)
    assert "url(http" not in html and "file:" not in html


@pytest.mark.parametrize(
    ("paper", "size"), [(Paper.LETTER, "8.5in 11in"), (Paper.A4, "210mm 297mm")]
)
def test_page_size_follows_the_paper(demo_handout, paper, size):
    assert f"size: {size};" in fragment(demo_handout, paper)


def test_body_text_is_at_least_12pt(demo_soup):
    css = demo_soup.style.get_text()
    base = re.search(r"\.hk-handout \{[^}]*font-size: ([\d.]+)pt", css)
    assert float(base.group(1)) >= 12


def test_fixture_document_renders_its_table_and_escapes_raw_html(fixture_handout):
    soup = BeautifulSoup(fragment(fixture_handout), "html.parser")
    table = soup.find("table")
    assert [th.get_text() for th in table.find_all("th")] == [
        "Depth",
        "Typical downtime",
        "Sessions",
    ]
    assert len(table.tbody.find_all("tr")) == 3
    assert soup.find("script") is None and soup.find("b") is None
    assert (
        "<script>alert(1)</script>"
        in soup.find("h2", string="Raw Markup Stays Text").parent.p.get_text()
    )
    questions = soup.find("h2", string="Questions Patients Often Ask").parent
    assert len(questions.find_all("li")) == 12


def test_css_strings_cannot_close_the_style_element():
    assert str(css_string('Evil"</style><script>')) == '"Evil\\22 \\3c /style\\3e \\3c script\\3e "'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Lato", '"Lato"'),
        ("data:font/woff2;base64,AbC+/=", '"data:font/woff2;base64,AbC+/="'),
        ("it's", '"it\'s"'),
        ("amp&", '"amp\\26 "'),
        ("back\\slash", '"back\\5c slash"'),
        ("tab\there", '"tab\\9 here"'),
        ("Ünïcode", '"Ünïcode"'),
        ("line\u2028break", '"line\\2028 break"'),
    ],
)
def test_css_strings_escape_exactly_the_unsafe_characters(value, expected):
    assert str(css_string(value)) == expected
