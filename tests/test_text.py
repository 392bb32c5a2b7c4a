"""Card text reaches the page as text: inline Markdown only, never markup from content."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kitchen_table.text import link_problems, plain, render_inline


def test_inline_markdown_is_rendered() -> None:
    assert render_inline("Count **one by one** and *slowly*.") == (
        "Count <strong>one by one</strong> and <em>slowly</em>."
    )
    assert render_inline("See [the library](https://example.org/?a=1&b=2).") == (
        'See <a href="https://example.org/?a=1&amp;b=2">the library</a>.'
    )


def test_html_in_text_is_shown_as_text() -> None:
    assert render_inline('<script>alert("x")</script> & <img src=x onerror=alert(1)>') == (
        '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;'
    )


def test_block_markdown_stays_a_sentence() -> None:
    assert render_inline("1. Put out spoons") == "1. Put out spoons"
    assert render_inline("# of spoons") == "# of spoons"
    assert render_inline("- a dash") == "- a dash"


def test_only_safe_links() -> None:
    assert link_problems("[a](https://x.org) [b](mailto:a@x.org) [c](tel:+15550100)") == []
    assert len(link_problems("[a](javascript:alert(1)) [b](data:text/html,x)")) == 2
    assert render_inline("[a](javascript:alert(1))") == "[a](javascript:alert(1))"


def test_plain_removes_marks_but_not_words() -> None:
    assert plain("**Spoon** count with [a link](https://x.org)") == "Spoon count with a link"
    assert plain("snake_case_word stays") == "snake_case_word stays"


# render_inline skips Python-Markdown for text without Markdown signs: it must return exactly
# what the converter returns, for every text of the sample cards and for any text at all.
def _sample_texts() -> list[str]:
    import yaml
    from conftest import ROOT

    texts = []
    for file in sorted((ROOT / "content/activities").glob("*.yml")):
        for words in yaml.safe_load(file.read_text(encoding="utf-8"))["text"].values():
            for value in words.values():
                texts.extend(value if isinstance(value, list) else [value])
    return [text for text in texts if isinstance(text, str)]


def test_text_without_markdown_renders_as_the_converter_would() -> None:
    from kitchen_table.text import _converted

    texts = _sample_texts()
    assert len(texts) > 1000
    for text in texts:
        assert render_inline(text) == _converted(text), text


@given(
    st.text(
        alphabet=st.sampled_from(list("ab é中 \n\t\r\u3000\xa0.,:;!?'\"#-1+=()/>")), max_size=40
    )
)
def test_fast_path_matches_the_converter_for_any_text(text: str) -> None:
    from kitchen_table.text import _converted

    assert render_inline(text) == _converted(text)
