"""The newsletter kit in Chromium: copy buttons, this week's link, the link builder for schools,
week pages on paper."""

from __future__ import annotations

import datetime
import io

import pytest
from conftest import ROOT
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library

pytestmark = pytest.mark.browser

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)


def test_copy_the_text_message(browser, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/vi/activities/spoon-count/")
    message = page.locator("#kt-send-sms").input_value()
    assert message.endswith(" https://example.org/kitchen-table/vi/activities/spoon-count/")
    page.locator('[data-kt-copy-from="kt-send-sms"]').click()
    assert page.locator(".kt-send [data-kt-copy-status]").inner_text() == "Đã sao chép"
    assert page.evaluate("navigator.clipboard.readText()") == message
    page.locator('[data-kt-copy-from="kt-send-html"]').click()
    assert page.evaluate("navigator.clipboard.readText()").startswith('<div lang="vi"')
    context.close()


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (datetime.datetime(2026, 11, 25, 9), "2026-11-23"),
        (datetime.datetime(2026, 11, 30, 0, 30), "2026-11-30"),
        (datetime.datetime(2027, 3, 1, 9), "2026-12-07"),
        (datetime.datetime(2026, 1, 5, 9), None),
    ],
)
def test_home_page_links_this_week(
    browser, site_url: str, today: datetime.datetime, week: str | None
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(today)
    page.goto(f"{site_url}/es/")
    link = page.locator("[data-kt-this-week]")
    target = link.get_attribute("href")
    if week is None:  # before the first week: the list of weeks
        assert target.endswith("weeks/")
    else:
        assert target.endswith(f"weeks/{week}/")
        link.click()
        assert page.url.endswith(f"/es/weeks/{week}/")
    context.close()


def test_link_builder_opens_the_filtered_list(browser, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/for-schools/")
    page.locator("select[name=grade]").select_option("3")
    page.locator("select[name=skill]").select_option("math")
    page.locator("[data-kt-language]").select_option(label="Español")
    page.locator("[data-kt-link-builder] button[type=submit]").click()
    address = page.locator("#kt-link").input_value()
    assert address == f"{site_url}/es/activities/?grade=3&skill=math"
    page.locator("[data-kt-link-open]").click()
    page.wait_for_url(address)
    shown = page.locator(".kt-catalog__item:visible")
    expected = [
        a for a in LIBRARY.activities if "3" in a.grades and "math" in a.areas(LIBRARY.taxonomy)
    ]
    assert expected, "the sample library has grade 3 math cards"
    assert shown.count() == len(expected)
    links = [shown.nth(i).locator("a").first.get_attribute("href") for i in range(shown.count())]
    assert sorted(link.strip("./").split("/")[-1] for link in links) == sorted(
        a.id for a in expected
    )
    page.close()


@pytest.mark.parametrize("language", ["en", "ar", "so"])
def test_week_pages_print_on_one_page(browser, site_url: str, language: str) -> None:
    from pypdf import PdfReader

    page = browser.new_page()
    page.emulate_media(media="print")
    prefix = "" if language == "en" else f"/{language}"
    too_long = {}
    for week in LIBRARY.weeks:
        page.goto(f"{site_url}{prefix}/weeks/{week.slug}/")
        for paper in ("Letter", "A4"):
            pages = len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)
            if pages != 1:
                too_long[f"{week.slug} on {paper}"] = pages
    page.close()
    assert too_long == {}
