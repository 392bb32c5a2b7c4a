"""Search (Pagefind) on the built sample: what is indexed, what a phone fetches, and whether a
family's words find the right page, in every language.

The relevance tests run in Chromium against the built site, through the same Pagefind API the
search box uses (docs/assets/search.js): every card and guide of the sample, not chosen queries.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
from kitchen_table.text import plain

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
PASS_RATE = 0.9
"""The least share of cards and guides a distinctive title word must find in the top three (the
sample's rates, per language, are in the README: 93–100 %)."""


def _prefix(language: str) -> str:
    return "" if language == LANGUAGES[0] else f"{language}/"


def fragments(site: Path, language: str) -> list[dict]:
    """Every page Pagefind indexed in `language`: its fragment files (gzip, a signature, JSON)."""
    pages = []
    for file in sorted((site / "pagefind" / "fragment").glob(f"{language}_*.pf_fragment")):
        data = gzip.decompress(file.read_bytes()).decode("utf-8")
        pages.append(json.loads(data[data.index("{") :]))
    return pages


def _words(text: str, language: str) -> list[str]:
    if language == "zh":
        import jieba

        return [
            word
            for word in jieba.lcut(text)
            if re.fullmatch(r"[\u4e00-\u9fff]{2,}", word) and word in jieba.dt.FREQ
        ]  # a word of the dictionary, not a cut's leftover
    return [
        word
        for word in re.findall(r"\w+", text.casefold())
        if len(word) >= 4 and not word.isdigit()
    ]


def _findables(language: str) -> list[tuple[str, str]]:
    """(address below the language's root, title) of every card and guide."""
    found = [
        (f"activities/{card.id}/", card.text_in(language).title) for card in LIBRARY.activities
    ]
    found += [(f"guides/{guide.id}/", guide.text_in(language).title) for guide in LIBRARY.guides]
    return found


def distinctive_queries(site: Path, language: str) -> list[tuple[str, str, str]]:
    """(address, title, query): for each card and guide, the word of its title that the fewest
    indexed pages of the language hold (the longest of those), as a family remembering the card
    would type it."""
    pages = [page["content"].casefold() for page in fragments(site, language)]
    queries = []
    for address, title in _findables(language):
        words = set(_words(title, language))
        if not words:
            continue
        word = min(words, key=lambda w: (sum(w in page for page in pages), -len(w), w))
        queries.append((address, title, word))
    return queries


def without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


_SEARCH_ALL = """async (queries) => {
  const answers = [];
  for (const query of queries) {
    const found = await window.kitchenTableSearch(query, 3);
    answers.push(found.pages.map(page => page.url));
  }
  return answers;
}"""


def search_all(browser, site_url: str, language: str, queries: list[str]) -> list[list[str]]:
    """The top three addresses (below the site) each query gets from the search box's own code
    (docs/assets/search.js) on a page in `language`, once a tap has opened search."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site_url}/{_prefix(language)}")
    page.locator(".md-header label[for=__search]").first.click()
    page.wait_for_function("() => window.kitchenTableSearch", timeout=20000)
    answers = page.evaluate(_SEARCH_ALL, queries)
    context.close()
    root = urlsplit(site_url).path
    return [[url.removeprefix(root + "/") for url in top] for top in answers]


# -- what is indexed ------------------------------------------------------------------------------


def test_each_language_has_its_own_index_of_its_own_pages(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sorted(entry["languages"]) == sorted(LANGUAGES)
    for language in LANGUAGES:
        urls = [page["url"] for page in fragments(site, language)]
        assert len(urls) == entry["languages"][language]["page_count"]
        root = urlsplit("/" + _prefix(language)).path
        for address, _ in _findables(language):
            assert root + address in urls, f"{language}: {address} is not searchable"
        others = [
            url
            for url in urls
            if url.strip("/").split("/")[0] in LANGUAGES
            and url.strip("/").split("/")[0] != language
        ]
        assert not others, f"{language}: another language's pages: {others[:3]}"
        # the glossary is found in the reader's language
        assert root + "glossary/" in urls
        # its WebAssembly is where kitchen-table.js asks for it on the tap, before the list
        # of languages has arrived to name it (hooks/search.py copies Pagefind's "unknown" one
        # for a language it has no stemmer for)
        assert entry["languages"][language]["wasm"] == language
        assert (site / "pagefind" / f"wasm.{language}.pagefind").is_file()


def test_weeks_print_views_and_panels_are_not_searched(site: Path) -> None:
    for language in ("en", "es", "ar"):
        pages = fragments(site, language)
        urls = [page["url"] for page in pages]
        assert not [url for url in urls if re.search(r"weeks/\d{4}-\d{2}-\d{2}/", url)]
        assert not [url for url in urls if url.endswith("/bilingual/")]
        assert not [url for url in urls if "translations/" in url or "offline/" in url]
        card = next(page for page in pages if page["url"].endswith("activities/spoon-count/"))
        words = LIBRARY.strings[language]
        # the card's text is there; its QR caption, Share and Send this panels are not, nor
        # what every card repeats (the machine translation note, Print / Read aloud) or the
        # next card's title ("Try next", which finds that card on its own page)
        assert words["scan_to_open"] not in card["content"]
        assert words["share_link"] not in card["content"]
        for repeated in ("translation_machine", "print_two_languages", "read_aloud", "next_card"):
            assert words[repeated].rstrip(":：").strip() not in card["content"], repeated
        spoons = next(a for a in LIBRARY.activities if a.id == "spoon-count")
        assert card["meta"]["title"] == spoons.text_in(language).title
        # a list (all activities, a grade's, a skill's, the guides) is found by its own name,
        # not by the words of the cards it lists: a card's words find the card, not six lists
        root = urlsplit("/" + _prefix(language)).path
        lists = [
            page
            for page in pages
            if page["url"] in (f"{root}activities/", f"{root}grades/k/", f"{root}skills/math/")
        ]
        assert len(lists) == 3, [page["url"] for page in lists]
        summary = plain(spoons.text_in(language).summary)
        for page in lists:
            assert summary not in page["content"], page["url"]
            assert page["meta"]["title"]


# -- what a phone fetches -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("language", "query"), [("es", "cucharas"), ("ar", "ملاعق")])
def test_nothing_is_fetched_before_the_tap_then_only_this_languages_index(
    browser, site_url: str, language: str, query: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/{_prefix(language)}activities/spoon-count/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "pagefind" in url or "search" in url], fetched
    before = len(fetched)
    page.locator(".md-header label[for=__search]").first.tap()
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    after = fetched[before:]
    origin = urlsplit(site_url)
    assert all(urlsplit(url).netloc == origin.netloc for url in fetched), "left the site"
    # every file once (what the tap asked for early is what Pagefind uses), and the WebAssembly
    # asked for on the tap, not after Pagefind's list of languages has named it
    names = [urlsplit(url).path.rsplit("/", 1)[-1] for url in after]
    assert len(names) == len(set(names)), names
    wasm = next(i for i, name in enumerate(names) if name.startswith("wasm."))
    meta = next(i for i, name in enumerate(names) if name.endswith(".pf_meta"))
    assert wasm < meta, names
    indexes = [
        urlsplit(url).path.rsplit("/", 1)[-1]
        for url in after
        if re.search(r"\.pf_(meta|index|fragment)$|wasm\.", url)
    ]
    assert indexes, after
    for name in indexes:
        assert re.match(rf"(pagefind\.|wasm\.)?{language}[._]", name), name
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(l => l.getAttribute('href'))"
    )
    assert f"/{language}/activities/spoon-count/" in hrefs[0], hrefs
    # Material's words in the page's language, Material's own result markup
    assert page.locator(".md-search-result__meta").inner_text().strip()
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.md-search-result__item')).direction"
    ) == ("rtl" if language == "ar" else "ltr")
    # the results fit the phone's screen: the page did not grow wider than it (Material's
    # backdrop, scaled, once made it 1,200 px), and each result's text wraps inside it
    assert page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]") == [360, 360]
    edges = page.locator(".md-search-result__article p").evaluate_all(
        "ps => ps.map(p => { const r = p.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    assert edges and all(left >= 0 and right <= 360 for left, right in edges), edges
    context.close()


@pytest.mark.browser
def test_the_next_results_texts_come_when_the_reader_scrolls_to_them(
    browser, site_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    fragments_fetched: list[str] = []
    page.on(
        "request",
        lambda request: (
            fragments_fetched.append(request.url) if ".pf_fragment" in request.url else None
        ),
    )
    page.goto(f"{site_url}/activities/spoon-count/")
    page.locator(".md-header label[for=__search]").first.tap()
    page.keyboard.type("school")
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=20000)
    page.wait_for_timeout(500)
    count = page.locator(".md-search-result__meta").inner_text()
    assert int(re.search(r"\d+", count).group()) > 12, count  # many pages hold the word
    shown = items.count()
    assert 5 <= shown <= 6, shown  # the first screen's, not all of them
    assert len(fragments_fetched) == shown
    page.locator(".md-search__scrollwrap").evaluate("wrap => wrap.scrollTo(0, wrap.scrollHeight)")
    page.wait_for_function(
        "shown => document.querySelectorAll('.md-search-result__item').length > shown", arg=shown
    )
    assert len(fragments_fetched) == items.count()
    context.close()


# -- right results --------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_distinctive_title_word_finds_every_card_and_guide(
    browser, site: Path, site_url: str, language: str
) -> None:
    queries = distinctive_queries(site, language)
    assert len(queries) >= len(LIBRARY.activities), "a title with no word to search"
    answers = search_all(browser, site_url, language, [query for _, _, query in queries])
    missed = [
        (query, address, top)
        for (address, _, query), top in zip(queries, answers, strict=True)
        if f"{_prefix(language)}{address}" not in top
    ]
    rate = 1 - len(missed) / len(queries)
    print(  # noqa: T201 -- the pass rate per language, as the issue asks (pytest -s)
        f"\nsearch relevance {language}: {len(queries) - len(missed)}/{len(queries)} "
        f"({rate:.0%}) found in the top three; missed: {missed[:5]}"
    )
    assert rate >= PASS_RATE, missed


@pytest.mark.browser
def test_vietnamese_without_accents_finds_accented_titles(
    browser, site: Path, site_url: str
) -> None:
    # a Vietnamese syllable without its marks is many words (tien: tiền, tiến, tiên, tiện), so
    # a family types two: the distinctive word and the one after it in the title
    queries = []
    for address, title, word in distinctive_queries(site, "vi"):
        words = re.findall(r"\w+", title.casefold())
        at = words.index(word) if word in words else 0
        phrase = " ".join(words[at : at + 2] if at + 1 < len(words) else words[max(at - 1, 0) :])
        if without_marks(phrase) != phrase:
            queries.append((address, without_marks(phrase)))
    assert len(queries) >= 5, queries
    answers = search_all(browser, site_url, "vi", [query for _, query in queries])
    missed = [
        (query, address)
        for (address, query), top in zip(queries, answers, strict=True)
        if f"vi/{address}" not in top
    ]
    print(f"\nsearch without accents vi: {len(queries) - len(missed)}/{len(queries)}")  # noqa: T201
    assert len(missed) <= (1 - PASS_RATE) * len(queries), missed


def _chinese_topic_words(site: Path) -> list[tuple[str, str]]:
    """(word, card address): two-character words of the cards' Chinese titles that name a few
    pages' subject (什么 "what" is in many pages' text, 分数 "fractions" in a few)."""
    pages = [page["content"] for page in fragments(site, "zh")]
    topics = []
    for card in LIBRARY.activities:
        if not card.is_translated("zh"):
            continue
        for word in _words(card.text_in("zh").title, "zh"):
            count = sum(word in page for page in pages)
            if len(word) == 2 and count <= len(pages) // 10:
                topics.append((count, word, f"activities/{card.id}/"))
    topics.sort()
    return [(word, address) for _, word, address in topics]


@pytest.mark.browser
def test_a_chinese_topic_word_finds_a_card_about_it_first(
    browser, site: Path, site_url: str
) -> None:
    topics = _chinese_topic_words(site)
    assert len(topics) >= 5, topics
    answers = search_all(browser, site_url, "zh", [word for word, _ in topics])
    titles = {f"zh/activities/{card.id}/": card.text_in("zh").title for card in LIBRARY.activities}
    titles |= {f"zh/guides/{guide.id}/": guide.text_in("zh").title for guide in LIBRARY.guides}
    wrong = {
        word: top[:1]
        for (word, _), top in zip(topics, answers, strict=True)
        if not top or word not in titles.get(top[0], "")
    }
    print(f"\nsearch zh topic words first: {len(topics) - len(wrong)}/{len(topics)}")  # noqa: T201
    assert len(wrong) <= (1 - PASS_RATE) * len(topics), f"first result not about it: {wrong}"
