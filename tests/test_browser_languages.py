"""Languages in Chromium: search (Pagefind) stays in the reader's language, Arabic reads
right to left."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# (page language, query, a card that must be found, its title in that language)
SEARCHES = [
    ("en", "spoons", "spoon-count", "Spoon count"),
    ("es", "cucharas", "spoon-count", None),
    ("zh", "勺子", "spoon-count", None),
    ("ar", "ملاعق", "spoon-count", None),
    ("vi", None, "spoon-count", None),
]


@pytest.fixture()
def reader(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def _title(site_url: str, reader, language: str, card: str) -> str:
    prefix = "" if language == "en" else f"{language}/"
    reader.goto(f"{site_url}/{prefix}activities/{card}/")
    return reader.locator("h1.kt-card__title").inner_text()


def _search(reader, site_url: str, language: str, query: str) -> tuple[list[str], list[str]]:
    prefix = "" if language == "en" else f"{language}/"
    indexes: list[str] = []
    reader.on(
        "request",
        lambda request: (
            indexes.append(urlsplit(request.url).path) if "/pagefind/" in request.url else None
        ),
    )
    reader.goto(f"{site_url}/{prefix}")
    reader.wait_for_load_state("networkidle")
    # the index waits until the reader opens search
    assert indexes == [], f"search index downloaded before search was opened: {indexes}"
    field = reader.locator("input.md-search__input")
    field.click()  # on a wide screen the box is in the header
    field.fill(query)
    reader.locator(".md-search-result__item").first.wait_for(timeout=20000)
    links = reader.locator(".md-search-result__item a.md-search-result__link")
    hrefs = [urlsplit(links.nth(i).get_attribute("href") or "").path for i in range(links.count())]
    return hrefs, indexes


@pytest.mark.parametrize(
    ("language", "query", "card", "title"), SEARCHES, ids=[s[0] for s in SEARCHES]
)
def test_search_returns_only_the_readers_language(
    reader, site_url: str, language: str, query: str | None, card: str, title: str | None
) -> None:
    words = _title(site_url, reader, language, card).split()
    query = query or words[0]
    hrefs, indexes = _search(reader, site_url, language, query)
    root = urlsplit(site_url).path  # the site is served below site_url's path
    prefix = f"{root}/" if language == "en" else f"{root}/{language}/"
    # Pagefind's script, then this language's files only (pagefind.<lang>_….pf_meta, its
    # index and fragment chunks, its WebAssembly: wasm.<lang> or wasm.unknown, no stemmer)
    names = [path.rsplit("/", 1)[-1] for path in indexes]
    chunks = [name for name in names if re.search(r"\.pf_(meta|index|fragment)$", name)]
    assert chunks, names
    assert all(re.match(rf"(pagefind\.)?{language}_", name) for name in chunks), names
    assert hrefs, f"no results for {query!r} in {language}"
    for href in hrefs:
        first = href.removeprefix(root).strip("/").split("/")[0]
        if language == "en":
            assert first not in {"es", "zh", "vi", "ar", "ht", "so", "pt"}, href
        else:
            assert href.startswith(prefix), href
    assert any(f"activities/{card}/" in href for href in hrefs), hrefs


def test_vietnamese_search_works_without_diacritics(reader, site_url: str) -> None:
    title = _title(site_url, reader, "vi", "spoon-count")
    import unicodedata

    plain = "".join(
        c
        for c in unicodedata.normalize("NFD", title.replace("Đ", "D"))
        if unicodedata.category(c) != "Mn"
    )
    assert plain != title, "the Vietnamese title should have diacritics"
    hrefs, _ = _search(reader, site_url, "vi", plain.split()[0].lower())
    assert any("activities/spoon-count/" in href for href in hrefs), hrefs


def test_arabic_card_reads_right_to_left(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}/ar/activities/spoon-count/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('ol.kt-steps')).direction") == "rtl"
    )
    chips = page.locator("ul.kt-chips > li")
    first, second = chips.nth(0).bounding_box(), chips.nth(1).bounding_box()
    assert first["x"] > second["x"], "chips should run from right to left"
    step = page.locator("ol.kt-steps > li").first.bounding_box()
    article = page.locator("article.kt-card").bounding_box()
    right_gap = article["x"] + article["width"] - (step["x"] + step["width"])
    assert right_gap > step["x"] - article["x"], "step numbers belong on the right"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_selector_keeps_an_arabic_reader_on_the_same_card(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}/ar/activities/recipe-fractions/")
    page.locator(".md-header [hreflang='zh']").first.evaluate("link => link.click()")
    page.wait_for_url("**/zh/activities/recipe-fractions/")
    assert page.get_attribute("html", "lang") == "zh"
    assert page.get_attribute("html", "dir") == "ltr"
    context.close()
