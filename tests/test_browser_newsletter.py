"""The newsletter kit in Chromium: copy buttons, this week's link, the link builder for schools,
week pages on paper."""

from __future__ import annotations

import base64
import datetime
import io

import pytest
from conftest import ROOT
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)


def test_copy_the_text_message(browser, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/vi/activities/spoon-count/")
    page.locator(".kt-send summary").click()  # the kit is folded: a school opens it
    message = page.locator("#kt-send-sms").input_value()
    assert message.endswith(" https://example.org/kitchen-table/vi/activities/spoon-count/")
    status = page.locator(".kt-send [data-kt-copy-status]")
    page.locator('[data-kt-copy-from="kt-send-sms"]').click()
    # the status is written once the clipboard's promise is kept: wait for it
    expect(status).to_have_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == message
    status.evaluate("node => { node.textContent = ''; }")
    page.locator('[data-kt-copy-from="kt-send-html"]').click()
    expect(status).to_have_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()").startswith('<div lang="vi"')
    context.close()


def test_copy_a_guide_text_message(browser, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/ar/guides/enrolling/")
    page.locator(".kt-send summary").click()
    message = page.locator("#kt-send-sms").input_value()
    assert message.endswith(" https://example.org/kitchen-table/ar/guides/enrolling/")
    page.locator('[data-kt-copy-from="kt-send-sms"]').click()
    status = page.locator(".kt-send [data-kt-copy-status]")
    expect(status).to_have_text(LIBRARY.strings["ar"]["text_copied"])  # once the copy is done
    assert page.evaluate("navigator.clipboard.readText()") == message
    context.close()


@pytest.mark.parametrize(
    "path", ["ar/guides/enrolling/", "guides/special-education/", "es/activities/spoon-count/"]
)
def test_the_send_this_panel_is_on_screen_not_on_paper(browser, site_url: str, path: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/{path}")
    panel = page.locator(".kt-send")
    assert panel.is_visible()
    page.emulate_media(media="print")
    assert panel.is_hidden()
    page.close()


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (datetime.datetime(2026, 11, 25, 9), "2026-11-23"),
        (datetime.datetime(2026, 11, 30, 0, 30), "2026-11-30"),
        (datetime.datetime(2027, 3, 1, 9), "2027-03-01"),  # planned, not in weeks.yml
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


RASTERISE = """async (svg) => {
  const image = new Image();
  image.src = "data:image/svg+xml;base64," + svg;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 400;
  const paint = canvas.getContext("2d");
  paint.imageSmoothingEnabled = false;
  paint.drawImage(image, 0, 0, 400, 400);
  return canvas.toDataURL("image/png");
}"""
"""The downloaded SVG drawn by Chromium itself, as a PNG (data URL) that zxing-cpp can read."""


def _decode(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_link_builder_draws_the_qr_code_of_the_link_it_shows(browser, site_url: str) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: console.append(str(error)))
    page.goto(f"{site_url}/ar/for-schools/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "qrcode" in url], "loaded before a link was made"
    page.locator("select[name=grade]").select_option("3")
    page.locator("select[name=skill]").select_option("math")
    page.locator("[data-kt-language]").select_option(label="Español")
    page.locator("[data-kt-link-builder] button[type=submit]").click()
    qr = page.locator("[data-kt-link-qr-image]")
    qr.wait_for(state="visible")
    address = page.locator("#kt-link").input_value()
    assert address == f"{site_url}/es/activities/?grade=3&skill=math"
    assert _decode(qr.screenshot()) == [address]
    assert address in (qr.get_attribute("alt") or "")

    # another choice: the link and its QR code follow, without pressing the button again
    page.locator("select[name=skill]").select_option("")
    page.locator("[data-kt-language]").select_option(label="Soomaali")
    page.wait_for_function(
        "() => { const image = document.querySelector('[data-kt-link-qr-image]');"
        " return image.getAttribute('data-kt-qr-for') === document.querySelector('#kt-link').value"
        " && !image.closest('[hidden]'); }"
    )
    address = page.locator("#kt-link").input_value()
    assert address == f"{site_url}/so/activities/?grade=3"
    assert _decode(qr.screenshot()) == [address]

    # the SVG download is that same code
    with page.expect_download() as download:
        page.locator("[data-kt-link-qr-svg]").click()
    svg = download.value.path().read_bytes()
    assert download.value.suggested_filename.endswith(".svg")
    assert svg.startswith(b"<svg") and b"<script" not in svg
    shown = page.evaluate(RASTERISE, base64.b64encode(svg).decode())
    png = base64.b64decode(shown.split(",", 1)[1])
    assert _decode(png) == [address]

    assert len([url for url in requests if "qrcode-generator-2.0.4/qrcode.js" in url]) == 1
    outside = [url for url in requests if not url.startswith(("data:", site_url))]
    assert outside == [], f"third-party requests: {outside}"
    assert console == []
    context.close()


@pytest.mark.parametrize("language", ["en", "ar", "so"])
def test_week_pages_print_on_one_page(browser, site_url: str, language: str) -> None:
    from pypdf import PdfReader

    page = browser.new_page()
    page.emulate_media(media="print")
    prefix = "" if language == "en" else f"/{language}"
    too_long = {}

    # a whole school year of weeks: the four with the longest words in this language (the
    # page holds every band's titles and summaries), to keep the suite quick
    def length(week) -> int:
        return sum(
            len(LIBRARY.activity(card).text_in(language).title)
            + len(LIBRARY.activity(card).text_in(language).summary)
            for ids in week.packs.values()
            for card in ids
        )

    for week in sorted(LIBRARY.weeks, key=length, reverse=True)[:4]:
        page.goto(f"{site_url}{prefix}/weeks/{week.slug}/")
        for paper in ("Letter", "A4"):
            pages = len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)
            if pages != 1:
                too_long[f"{week.slug} on {paper}"] = pages
    page.close()
    assert too_long == {}
