"""Finding tonight's activity on a phone: filters and their addresses, the lists without
JavaScript, a saved grade, read aloud, share links, print on one page with a QR code."""

from __future__ import annotations

import io
import itertools
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import ROOT, copy_project, mkdocs, serving
from content_library import CARDS_PER_PAGE
from kitchen_table.library import load_library
from kitchen_table.taxonomy import GRADES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "es", "zh", "vi", "ar", "ht", "so", "pt")
LIBRARY = load_library(ROOT, LANGUAGES)
TAXONOMY = LIBRARY.taxonomy


def facts(activity) -> dict[str, object]:
    """What each filter looks at, worked out here from the content, not from the page."""
    return {
        "grade": {grade.lower() for grade in activity.grades},
        "skill": set(activity.areas(TAXONOMY)),
        "minutes": activity.minutes,
        "home": all(TAXONOMY.materials[m].at_home for m in activity.materials),
        "free": activity.cost == "free",
        "setting": TAXONOMY.settings[activity.setting].group,
        "lang": {language for language in LANGUAGES if activity.is_translated(language)},
    }


def expected(**choice: str) -> set[str]:
    wanted = set()
    for activity in LIBRARY.activities:
        known = facts(activity)
        if all(
            (known["minutes"] <= int(value))
            if name == "minutes"
            else known[name] is True
            if name in ("home", "free")
            else (value in known[name] if isinstance(known[name], set) else known[name] == value)
            for name, value in choice.items()
        ):
            wanted.add(activity.id)
    return wanted


def sorted_cards() -> list:
    """The cards in the order the lists show them (grade, then English title)."""
    return sorted(
        LIBRARY.activities, key=lambda a: (GRADES.index(a.grades[0]), a.text_in("en").title.lower())
    )


def first_page() -> set[str]:
    """The cards the all-activities list shows on its first page (the rest on its next pages)."""
    return {a.id for a in sorted_cards()[:CARDS_PER_PAGE]}


def shown(page) -> set[str]:
    """The cards the list shows, once the filters have every card (a paged list fetches them)."""
    page.locator(".kt-catalog:not([aria-busy])").wait_for(state="attached")
    links = page.locator(".kt-catalog__item:not([hidden]) a.kt-catalog__link")
    return {
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in links.evaluate_all("links => links.map(l => l.getAttribute('href'))")
    }


@pytest.fixture()
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


# -- filters ------------------------------------------------------------------------------------

SINGLE_FILTERS = [
    ("grade", "3"),
    ("grade", "pk"),
    ("skill", "math"),
    ("skill", "literacy"),
    ("minutes", "10"),
    ("minutes", "20"),
    ("home", "1"),
    ("free", "1"),
    ("setting", "outdoors"),
    ("setting", "on-the-go"),
]
UNTRANSLATED = ("spoon-count", "laundry-sort-count")


@pytest.fixture(scope="module")
def partly_translated_url(tmp_path_factory: pytest.TempPathFactory):
    """The sample with two cards not yet in Spanish (every sample card is in every language,
    so the sample itself cannot show the language filter at work)."""
    project = copy_project(tmp_path_factory.mktemp("partly-translated"))
    for activity_id in UNTRANSLATED:
        card = project / "content" / "activities" / f"{activity_id}.yml"
        lines = card.read_text(encoding="utf-8").splitlines(keepends=True)
        start = lines.index("  es:\n")
        end = next(
            i
            for i in range(start + 1, len(lines))
            if re.fullmatch(r"  [a-z]{2}:\n|\S.*\n?", lines[i])
        )
        card.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    out = project / "public" / "kitchen-table"
    result = mkdocs("build", "--strict", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    with serving(out) as url:
        yield url


def open_filters(page) -> None:
    """The filters are folded under one line: a tap opens them."""
    page.locator(".kt-filters summary").click()


@pytest.mark.parametrize(("name", "value"), SINGLE_FILTERS)
def test_each_filter_shows_exactly_its_cards(phone, site_url: str, name: str, value: str) -> None:
    phone.goto(f"{site_url}/activities/")
    open_filters(phone)
    field = phone.locator(f"[data-kt-filters] [name={name}]")
    if value == "1":
        field.check()
    else:
        field.select_option(value)
    want = expected(**{name: value})
    assert 0 < len(want) < len(LIBRARY.activities), f"{name}={value} would not show filtering"
    assert shown(phone) == want
    assert phone.locator("[data-kt-count]").inner_text() == f"Activities: {len(want)}"
    assert parse_qs(urlsplit(phone.url).query) == {name: [value]}


def test_language_filter_shows_the_cards_translated_into_it(
    phone, partly_translated_url: str
) -> None:
    phone.goto(f"{partly_translated_url}/activities/?lang=es&grade=k")
    everything = {a.id for a in LIBRARY.activities}
    want = (everything - set(UNTRANSLATED)) & expected(grade="k")
    assert shown(phone) == want and len(want) < len(expected(grade="k"))
    open_filters(phone)
    phone.locator("[name=lang]").select_option("en")
    assert shown(phone) == expected(grade="k")
    options = phone.locator("[name=lang] option").all_inner_texts()
    assert options == [
        "Any",
        "English",
        "Español",
        "中文",
        "Tiếng Việt",
        "العربية",
        "Kreyòl ayisyen",
        "Soomaali",
        "Português",
    ]


def test_filters_combine_and_say_when_nothing_matches(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/activities/")
    open_filters(phone)
    filters = phone.locator("[data-kt-filters]")
    filters.locator("[name=grade]").select_option("k")
    filters.locator("[name=skill]").select_option("math")
    filters.locator("[name=home]").check()
    want = expected(grade="k", skill="math", home="1")
    assert want and want != expected(grade="k") and shown(phone) == want
    assert parse_qs(urlsplit(phone.url).query) == {"grade": ["k"], "skill": ["math"], "home": ["1"]}
    # every combination of two filters agrees with the content
    for (a, x), (b, y) in itertools.combinations(SINGLE_FILTERS, 2):
        if a == b:
            continue
        phone.goto(f"{site_url}/activities/?{a}={x}&{b}={y}")
        assert shown(phone) == expected(**{a: x, b: y}), (a, x, b, y)
        none = phone.locator("[data-kt-none]")
        assert none.is_visible() == (not expected(**{a: x, b: y}))
    phone.goto(f"{site_url}/activities/?grade=8&minutes=10&setting=on-the-go")
    assert expected(grade="8", minutes="10", setting="on-the-go") == set()
    assert phone.locator("[data-kt-none]").is_visible()
    open_filters(phone)
    phone.get_by_role("button", name="Clear filters").click()
    assert shown(phone) == first_page()  # the list as it opens, in pages
    assert urlsplit(phone.url).query == ""


def test_a_newsletter_link_opens_that_list_and_survives_a_reload(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/es/activities/?grade=3&skill=math")
    assert phone.locator("[name=grade]").input_value() == "3"
    assert phone.locator("[name=skill]").input_value() == "math"
    assert shown(phone) == expected(grade="3", skill="math")
    # labels are in the reader's language
    assert "Actividades: " in phone.locator("[data-kt-count]").inner_text()
    open_filters(phone)
    assert phone.locator("[name=skill] option[value=math]").inner_text() == "Matemáticas"
    phone.locator("[name=minutes]").select_option("20")
    assert parse_qs(urlsplit(phone.url).query) == {
        "grade": ["3"],
        "skill": ["math"],
        "minutes": ["20"],
    }
    phone.reload()
    assert phone.locator("[name=minutes]").input_value() == "20"
    assert shown(phone) == expected(grade="3", skill="math", minutes="20")
    # an address with a value that does not exist shows everything, not nothing
    phone.goto(f"{site_url}/activities/?grade=13&skill=%3Cscript%3E")
    assert shown(phone) == first_page()


def test_without_javascript_the_lists_are_static_pages(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}/activities/")
    assert not page.locator("[data-kt-filters]").is_visible()
    assert shown(page) == first_page()
    page.get_by_role("link", name="More activities").click()  # the list's next page
    assert shown(page) == {a.id for a in sorted_cards()[CARDS_PER_PAGE : 2 * CARDS_PER_PAGE]}
    page.go_back()
    page.locator(".kt-browse").get_by_role("link", name="Activities by grade").click()
    page.get_by_role("link", name="Grade 3").click()
    assert shown(page) == expected(grade="3")
    page.goto(f"{site_url}/skills/math/")
    assert shown(page) == expected(skill="math")
    for hidden in ("[data-kt-read]", "[data-kt-copy]", "[data-kt-print]"):
        page.goto(f"{site_url}/activities/spoon-count/")
        assert not page.locator(hidden).is_visible()
    # sharing still works: the links are plain links
    assert page.get_by_role("link", name="WhatsApp").is_visible()
    context.close()


# -- my child -----------------------------------------------------------------------------------


def test_a_saved_grade_leads_the_home_page_and_one_tap_forgets_it(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/")
    assert not phone.locator("[data-kt-my-child]").is_visible()
    form = phone.locator("[data-kt-save-grade]")
    form.get_by_label("Grade 3").check()
    form.get_by_role("button", name="Save").click()
    phone.reload()
    section = phone.locator("[data-kt-my-child]")
    section.locator(".kt-catalog__item").first.wait_for()
    first = phone.locator("main h1, main h2").first
    assert first.inner_text() == "Activities for your child"  # it leads the page
    cards = {
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in section.locator("a.kt-catalog__link").evaluate_all("ls => ls.map(l => l.href)")
    }
    assert cards and cards <= expected(grade="3")
    section.locator("a.kt-catalog__link").first.click()
    phone.wait_for_url("**/activities/*/")
    phone.go_back()
    assert phone.evaluate("localStorage.getItem('kitchen-table:grades')") == "3"
    assert phone.context.cookies() == []
    phone.get_by_role("button", name="Forget my child's grade").click()
    assert not section.is_visible()
    assert phone.evaluate("localStorage.length") == 0
    phone.reload()
    assert not phone.locator("[data-kt-my-child]").is_visible()


# -- on the card --------------------------------------------------------------------------------

FAKE_VOICES = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  const voices = %s;
  const synth = {
    getVoices: () => voices, speak: (u) => spoken.push([u.lang, u.text]),
    cancel: () => {}, addEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth});
})();
"""


def test_read_aloud_uses_a_voice_in_the_page_language(browser, site_url: str) -> None:
    context = browser.new_context()
    context.add_init_script(FAKE_VOICES % '[{"lang": "es-MX", "name": "Paulina"}]')
    page = context.new_page()
    page.goto(f"{site_url}/es/activities/spoon-count/")
    page.get_by_role("button", name="Leer en voz alta").click()
    button = page.locator("[data-kt-read]")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0] == ["es-MX", "Contar cucharas"]
    assert all(lang == "es-MX" for lang, _ in spoken) and len(spoken) > 10
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text() == "Dejar de leer"
    button.click()
    assert button.inner_text() == "Leer en voz alta"
    # no voice for the language: no button
    page.goto(f"{site_url}/so/activities/spoon-count/")
    assert not page.locator("[data-kt-read]").is_visible()
    context.close()


def test_share_links_carry_the_title_and_address_in_the_page_language(
    browser, site_url: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/vi/activities/spoon-count/")
    address = "https://example.org/kitchen-table/vi/activities/spoon-count/"
    title = LIBRARY.activity("spoon-count").text_in("vi").title
    whatsapp = page.get_by_role("link", name="WhatsApp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=")
    assert unquote(whatsapp.split("text=", 1)[1]) == f"{title} {address}"
    sms = page.get_by_role("link", name="Tin nhắn").get_attribute("href")
    assert sms.startswith("sms:") and unquote(sms.split("body=", 1)[1]) == f"{title} {address}"
    page.get_by_role("button", name="Sao chép đường dẫn").click()
    # the clipboard answers asynchronously: wait for the message rather than read it at once
    expect(page.locator("[data-kt-copied]")).to_have_text("Đã sao chép đường dẫn")
    assert page.evaluate("navigator.clipboard.readText()") == address
    context.close()


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _longest(language: str, count: int = 3) -> list[str]:
    def size(activity) -> int:
        text = activity.text_in(language)
        return sum(
            map(
                len,
                [
                    text.title,
                    text.summary,
                    *text.steps,
                    *text.talk_about,
                    text.why_it_matters,
                    text.easier or "",
                    text.harder or "",
                    text.tell_the_teacher,
                ],
            )
        ) + 30 * len(activity.materials)

    return [a.id for a in sorted(LIBRARY.activities, key=size, reverse=True)[:count]]


def test_every_english_card_prints_on_one_page(browser, site_url: str) -> None:
    page = browser.new_page()
    page.emulate_media(media="print")
    too_long = {}
    for activity in LIBRARY.activities:
        page.goto(f"{site_url}/activities/{activity.id}/")
        for paper in ("Letter", "A4"):
            pages = _pages(page.pdf(format=paper))
            if pages != 1:
                too_long[f"{activity.id} on {paper}"] = pages
    page.close()
    assert too_long == {}


# The sheets less the print margins (@page in docs/assets/kitchen-table.css: 7 mm at the top
# and bottom, 10 mm at the sides), in millimetres
PAPERS = {"Letter": (215.9, 279.4), "A4": (210.0, 297.0)}
MARGINS = (7, 10)


def _printable(paper: str) -> tuple[int, int]:
    """The paper's printable box in CSS pixels (96 to the inch): width, height."""
    width, height = PAPERS[paper]
    return (
        round((width - 2 * MARGINS[1]) * 96 / 25.4),
        round((height - 2 * MARGINS[0]) * 96 / 25.4),
    )


def _print_height(page) -> float:
    return page.evaluate("document.querySelector('.md-content').getBoundingClientRect().height")


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_card_prints_on_one_sheet_beside_english(
    browser, site_url: str, language: str
) -> None:
    """Every translated card beside its English, every section in both, is one Letter sheet and
    one A4 sheet: each card laid out for print at each paper's width must be no taller than
    the sheet, and Chromium's PDF of the two tallest on each paper (the nearest to a second
    sheet) has one page. The longest cards alone are one sheet too."""
    page = browser.new_page()
    page.emulate_media(media="print")
    cards = [activity.id for activity in LIBRARY.activities if activity.is_translated(language)]
    assert cards, f"the sample has no card in {language}"
    heights: dict[str, dict[str, float]] = {paper: {} for paper in PAPERS}
    for card in cards:
        page.goto(f"{site_url}/{language}/activities/{card}/bilingual/")
        for paper, by_card in heights.items():
            page.set_viewport_size({"width": _printable(paper)[0], "height": 900})
            by_card[card] = _print_height(page)
    too_tall = {
        f"{card} on {paper}": f"{round(height)} px of {_printable(paper)[1]}"
        for paper, by_card in heights.items()
        for card, height in by_card.items()
        if height > _printable(paper)[1]
    }
    assert too_tall == {}
    sheets = {}
    for paper, by_card in heights.items():
        for card in sorted(by_card, key=by_card.__getitem__)[-2:]:
            page.goto(f"{site_url}/{language}/activities/{card}/bilingual/")
            sheets[f"{card}/bilingual/ on {paper}"] = _pages(page.pdf(format=paper))
    for card in _longest(language, count=2):
        page.goto(f"{site_url}/{language}/activities/{card}/")
        assert not page.locator(".kt-share").is_visible()  # the screen's tools are not printed
        assert page.locator(".kt-qr svg").is_visible()
        for paper in PAPERS:
            sheets[f"{card}/ on {paper}"] = _pages(page.pdf(format=paper))
    page.close()
    assert sheets == dict.fromkeys(sheets, 1)


def test_bilingual_view_pairs_each_step_with_its_english(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/ar/activities/spoon-count/")
    phone.get_by_role("link", name="اطبع بلغتين").click()
    phone.wait_for_url("**/ar/activities/spoon-count/bilingual/")
    cells = phone.locator(".kt-bilingual__cell")
    arabic, english = (
        LIBRARY.activity("spoon-count").text_in("ar"),
        LIBRARY.activity("spoon-count").text_in("en"),
    )
    steps = phone.locator(".kt-bilingual__cell .kt-steps")
    assert steps.nth(0).locator("li").all_inner_texts() == list(arabic.steps)
    assert steps.nth(1).locator("li").all_inner_texts() == list(english.steps)
    assert cells.nth(1).get_attribute("lang") == "en" and cells.nth(1).get_attribute("dir") == "ltr"
    assert cells.nth(0).get_attribute("lang") == "ar"
    # on a phone each section comes in Arabic, then in English, one under the other
    assert cells.nth(0).bounding_box()["y"] < cells.nth(1).bounding_box()["y"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # on a wider screen (and on paper) side by side: Arabic reads from the right
    phone.set_viewport_size({"width": 900, "height": 700})
    assert cells.nth(0).bounding_box()["x"] > cells.nth(1).bounding_box()["x"]
    assert cells.nth(0).bounding_box()["y"] == cells.nth(1).bounding_box()["y"]
    # every translated card has one, reachable from its English page
    phone.goto(f"{site_url}/activities/spoon-count/")
    names = phone.locator(".kt-share a[hreflang]").evaluate_all(
        "links => links.map(l => l.getAttribute('hreflang'))"
    )
    assert names == [
        lang for lang in LANGUAGES[1:] if LIBRARY.activity("spoon-count").is_translated(lang)
    ]


@pytest.mark.parametrize("language", ["en", "zh", "ar"])
def test_printed_qr_code_opens_this_card_in_this_language(
    browser, site_url: str, language: str
) -> None:
    import zxingcpp
    from PIL import Image

    page = browser.new_page(device_scale_factor=2)
    page.emulate_media(media="print")
    prefix = "" if language == "en" else f"{language}/"
    page.goto(f"{site_url}/{prefix}activities/recipe-fractions/")
    png = page.locator(".kt-card .kt-qr svg").screenshot()
    page.close()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [code.text for code in found] == [
        f"https://example.org/kitchen-table/{prefix}activities/recipe-fractions/"
    ]
