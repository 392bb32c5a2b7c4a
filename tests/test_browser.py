"""A card page in Debian's Chromium at phone size (360×640), as a family sees it."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# every page type, in two languages (and Arabic for right to left)
PAGES = [
    "",
    "es/",
    "activities/",
    "es/activities/",
    "activities/spoon-count/",
    "es/activities/spoon-count/",
    "ar/activities/spoon-count/",
    "grades/",
    "es/grades/3/",
    "skills/",
    "es/skills/math/",
    "translations/",
    "404.html",
    "activities/?grade=3&skill=math",
    "ar/activities/?home=1",
    "es/activities/spoon-count/bilingual/",
    "ar/activities/spoon-count/bilingual/",
    "resources/",
    "es/resources/",
    "ar/resources/",
    "resources/categories/food/",
    "zh/resources/languages/vi/",
    "resources/free/",
    "resources/maple-hollow-food-pantry/",
    "ar/resources/hollow-family-health-center/",
    "so/resources/family-resource-center/",
    "guides/",
    "es/guides/",
    "guides/special-education/",
    "es/guides/enrolling/",
    "ar/guides/enrolling/",
    "zh/guides/enrolling/",
    "glossary/",
    "pt/glossary/",
    "school-year/",
    "ar/school-year/",
]


@pytest.fixture()
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone_and_stays_on_the_site(phone, site_url: str, path: str) -> None:
    requests: list[str] = []
    failed: list[str] = []
    console: list[str] = []
    phone.on(
        "console",
        lambda message: (
            console.append(message.text) if message.type in ("error", "warning") else None
        ),
    )
    phone.on("request", lambda request: requests.append(request.url))
    phone.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    response = phone.goto(f"{site_url}/{path}")
    assert response is not None and response.ok
    phone.wait_for_load_state("networkidle")
    assert failed == [], f"{path} asked for what is not there: {failed}"
    assert not [url for url in requests if url.endswith("sitemap.xml")]
    assert console == [], f"{path}: {console}"  # a Content-Security-Policy refusal lands here
    policy = phone.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy and "default-src 'self'" in policy and "script-src 'self'" in policy
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways: {width}px wide at 360px"
    outside = [url for url in requests if urlsplit(url).netloc != urlsplit(site_url).netloc]
    assert outside == [], f"{path} called third parties: {outside}"
    assert phone.context.cookies() == []


def test_card_steps_are_visible_and_large(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/activities/spoon-count/")
    steps = phone.locator("ol.kt-steps > li")
    assert steps.count() == 5
    for index in range(steps.count()):
        step = steps.nth(index)
        step.scroll_into_view_if_needed()
        assert step.is_visible()
        box = step.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    size = float(
        phone.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('ol.kt-steps li')).fontSize)"
        )
    )
    body = float(
        phone.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.kt-card__summary')).fontSize)"
        )
    )
    assert size >= 18 and size > body * 0.95, (size, body)
    assert phone.get_by_role("heading", level=1).inner_text() == "Spoon count"


def test_json_ld_parses_in_the_page(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/es/activities/spoon-count/")
    raw = phone.eval_on_selector("script[type='application/ld+json']", "node => node.textContent")
    data = json.loads(raw)
    assert data["name"] == "Contar cucharas"
    assert [step["position"] for step in data["step"]] == [1, 2, 3, 4, 5]


def test_chips_are_tap_sized_links_to_catalogs(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/activities/spoon-count/")
    chip = phone.locator("a.kt-chip--grade").first
    box = chip.bounding_box()
    assert box is not None and box["height"] >= 44
    chip.click()
    phone.wait_for_url("**/grades/pk/")
    assert phone.locator("a.kt-catalog__link", has_text="Spoon count").count() == 1


def test_language_selector_keeps_the_card(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/activities/spoon-count/")
    phone.locator(".md-header [hreflang='es']").first.evaluate("link => link.click()")
    phone.wait_for_url("**/es/activities/spoon-count/")
    assert phone.get_attribute("html", "lang") == "es"
    assert phone.get_by_role("heading", level=1).inner_text() == "Contar cucharas"


def test_guide_prints_cleanly_with_questions_on_one_page(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/guides/special-education/")
    phone.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-content__button"):
        hidden = phone.eval_on_selector_all(
            selector, "nodes => nodes.every(node => getComputedStyle(node).display === 'none')"
        )
        assert hidden, f"{selector} is printed"
    size = float(
        phone.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.kt-guide__section p')).fontSize)"
        )
    )
    assert size >= 18, f"guide text prints at {size}px"  # 14pt = 18.7px
    questions = phone.locator(".kt-questions")
    assert questions.evaluate("node => getComputedStyle(node).breakInside") == "avoid"
    # Letter paper less Chromium's default margins: the list must fit on one printed page
    box = questions.bounding_box()
    assert box is not None and box["height"] < 9.5 * 96, box
    pdf = phone.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")


def test_glossary_term_works_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}/es/guides/special-education/")
        term = page.locator("a.kt-term", has_text="IEP").first
        title = term.locator("abbr").get_attribute("title")
        assert title and title.startswith("Un plan escrito")
        term.tap()
        page.wait_for_url("**/es/glossary/#iep")
        entry = page.locator("#iep")
        assert entry.is_visible() and "Un plan escrito" in entry.inner_text()
    finally:
        context.close()


def test_glossary_term_keeps_its_definition_with_javascript(site_url: str, browser) -> None:
    """Material's scripts wait until search is opened (overrides/main.html), so the definition
    on hover is the browser's own tooltip: the <abbr title> must survive the page's script."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/guides/special-education/")
        page.wait_for_load_state("networkidle")
        abbr = page.locator("a.kt-term abbr", has_text="IEP").first
        abbr.hover()
        assert (abbr.get_attribute("title") or "").startswith("A written plan")
        assert page.locator("a.kt-term abbr[title]").count() >= 3
    finally:
        context.close()


def test_guide_and_school_year_styles_apply_on_screen(phone, site_url: str) -> None:
    phone.goto(f"{site_url}/es/school-year/")
    assert phone.eval_on_selector("ul.kt-dates", "n => getComputedStyle(n).listStyleType") == "none"
    phone.goto(f"{site_url}/es/guides/enrolling/")
    border = phone.eval_on_selector(
        ".kt-questions", "n => getComputedStyle(n).borderInlineStartWidth"
    )
    assert border == "6px", border
