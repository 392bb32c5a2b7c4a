"""One function renders content's Markdown, and its output holds only the inline set we allow."""

from __future__ import annotations

import pytest
from kitchen_table.glossary import Entry, Glossary, Term, mark_first_terms
from kitchen_table.text import (
    link_problems,
    plain,
    render_inline,
    safe_href,
    sanitised,
    spreadsheet_cell,
)


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        (
            "<strong>a</strong> <em>b</em> <code>c</code>",
            "<strong>a</strong> <em>b</em> <code>c</code>",
        ),
        ('<a href="https://x.org/" onclick="alert(1)">x</a>', '<a href="https://x.org/">x</a>'),
        ('<a href="javascript:alert(1)">x</a>', "x"),
        ('<a href="java\tscript:alert(1)">x</a>', "x"),
        ('<a href="/\\evil.example/">x</a>', "x"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<strong onmouseover="alert(1)">a</strong>', "<strong>a</strong>"),
        ("<!-- x --><svg/onload=alert(1)>", "&lt;!-- x --&gt;&lt;svg/onload=alert(1)&gt;"),
        ("<em>never closed", "<em>never closed</em>"),
    ],
)
def test_the_sanitiser_keeps_the_inline_set_only(html: str, kept: str) -> None:
    assert sanitised(html) == kept


def test_markdown_wrapped_tags_never_become_tags() -> None:
    payload = "<**script**>alert(1)<**/script**>"
    assert "<script" not in render_inline(payload)
    # the text is what Markdown shows: written as text (escaped) wherever it goes
    assert plain(payload) == "<script>alert(1)</script>"
    assert plain("**Spoon** count with [a link](https://x.org)") == "Spoon count with a link"


@pytest.mark.parametrize(
    "link",
    [
        "/\\evil.example/",
        "//evil.example/",
        "https://school.example@evil.example/",
        "https://ex\u0430mple.org/",
    ],
)
def test_links_that_pretend_are_refused(link: str) -> None:
    assert link_problems(f"[tap]({link})"), link
    assert not safe_href(link) or "@" in link or not link.isascii()


def test_a_glossary_term_never_marks_up_inside_an_entity_or_a_link() -> None:
    term = Term("amp", {"en": Entry("amp", "A word.", ("amp",))})
    glossary = Glossary("content/glossary.yml", (term,), {"en": "original"})
    html = 'Salt &amp; pepper, <a href="/x/">amp</a>, then amp.'
    marked = mark_first_terms(html, glossary, "en", lambda t, found: f"<abbr>{found}</abbr>")
    assert marked == 'Salt &amp; pepper, <a href="/x/">amp</a>, then <abbr>amp</abbr>.'


def test_a_csv_cell_never_starts_a_formula() -> None:
    for text in (
        '=HYPERLINK("https://evil.example","tap")',
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "-2+3",
        "\tx",
    ):
        assert spreadsheet_cell(text) == f"'{text}"
    assert spreadsheet_cell("Try this at home: count spoons") == "Try this at home: count spoons"
