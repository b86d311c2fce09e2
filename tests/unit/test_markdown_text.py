"""The council page's Markdown: raw HTML is shown as text, script links are refused, headings fit the page."""

import pytest

from app.councils.markdown_text import render_markdown


def test_markdown_becomes_paragraphs_lists_emphasis_and_web_links():
    html = render_markdown("Hei **kaikki**\n\n- yksi\n- kaksi\n\n[Kunta](https://www.raakkyla.fi/)")
    assert "<p>Hei <strong>kaikki</strong></p>" in html
    assert "<li>yksi</li>" in html
    assert '<a href="https://www.raakkyla.fi/">Kunta</a>' in html


@pytest.mark.parametrize("typed", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://example.fi" onclick="alert(1)">linkki</a>',
    "<iframe src=https://example.fi></iframe>",
])
def test_raw_html_is_shown_as_text(typed):
    html = render_markdown(f"Ennen\n\n{typed}\n\nJälkeen")
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "onclick=\"" not in html
    assert typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in html


@pytest.mark.parametrize("link", [
    "[klikkaa](javascript:alert(1))",
    "[klikkaa](JaVaScRiPt:alert(1))",
    "[klikkaa](vbscript:msgbox(1))",
    "[klikkaa](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
])
def test_script_links_are_refused_and_stay_text(link):
    html = render_markdown(link)
    assert "href" not in html
    assert "klikkaa" in html or "javascript" in html


def test_images_are_not_loaded_from_other_sites():
    assert "<img" not in render_markdown("![kuva](https://example.fi/kuva.png)")


def test_the_texts_biggest_heading_is_a_third_level_heading():
    html = render_markdown("# Tehtävät\n\n## Historia\n\nTeksti")
    assert "<h3>Tehtävät</h3>" in html and "<h4>Historia</h4>" in html and "<h1>" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and render_markdown(None) == "" and render_markdown("  \n") == ""
