"""The community resources list and map in Debian's Chromium at phone size: filters with and
without JavaScript, "near me" on the phone, and the map only on request, working with its tiles
blocked."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT, copy_project, english_only_site, mkdocs
from content_library import PLACES_PER_PAGE
from kitchen_table.cli import site_extra, site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library
from kitchen_table.resource_settings import distance_km

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT, site_languages(ROOT / "mkdocs.yml"), site_extra(ROOT / "mkdocs.yml"))


def _phone(browser, **options):
    return browser.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, **options
    )


def test_filters_without_javascript_are_links_to_lists(browser, site_url: str, library) -> None:
    context = _phone(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/resources/")
    # every place is on one of the list's pages, reached by plain links
    listed = page.locator("a.kt-res-name").all_inner_texts()
    assert len(listed) == PLACES_PER_PAGE < len(library.resources)  # the sample has two pages
    while page.locator("[data-kt-pages] a[rel=next]").count():
        page.locator("[data-kt-pages] a[rel=next]").click()
        listed += page.locator("a.kt-res-name").all_inner_texts()
    assert sorted(listed) == sorted(r.texts["en"].name for r in library.resources)
    page.goto(f"{site_url}/resources/")
    assert not page.locator("form.kt-res-form").is_visible()
    assert not page.get_by_role("button", name="Show map").is_visible()
    page.get_by_text("Kind of help").first.click()
    page.locator(".kt-res-filters a", has_text="Food").click()
    page.wait_for_url("**/resources/categories/food/")
    food = {r.texts["en"].name for r in library.resources if r.category == "food"}
    assert set(page.locator("a.kt-res-name").all_inner_texts()) == food
    page.get_by_text("Staff speak").first.click()
    page.locator(".kt-res-filters a", has_text="Somali").click()
    page.wait_for_url("**/resources/languages/so/")
    assert page.locator("li.kt-res-item").count() == sum(
        "so" in r.languages for r in library.resources
    )
    context.close()


def test_filters_with_javascript_keep_their_state_in_the_address(
    browser, site_url: str, library
) -> None:
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{site_url}/es/resources/")
    form = page.locator("form.kt-res-form")
    assert form.is_visible()
    form.locator("select[name=category]").select_option("health")
    form.locator("select[name=language]").select_option("es")
    form.locator("input[name=free]").check()
    expected = {
        r.texts["es"].name
        for r in library.resources
        if r.category == "health" and "es" in r.languages and r.free
    }
    assert expected  # the sample has such places
    every_place(page)
    assert set(page.locator("li.kt-res-item:visible a.kt-res-name").all_inner_texts()) == expected
    assert page.locator("[data-kt-count]").inner_text() == f"Lugares: {len(expected)}"
    assert urlsplit(page.url).query == "category=health&language=es&free=1"
    # the address alone brings the same list back (a shared link, a reload)
    page.goto(f"{site_url}/es/resources/?category=legal-immigration")
    every_place(page)
    legal = {r.texts["es"].name for r in library.resources if r.category == "legal-immigration"}
    assert set(page.locator("li.kt-res-item:visible a.kt-res-name").all_inner_texts()) == legal
    assert form.locator("select[name=category]").input_value() == "legal-immigration"
    page.goto(f"{site_url}/es/resources/?category=food&language=xx&free=1")
    assert form.locator("select[name=language]").input_value() == ""  # unknown: any language
    context.close()


def test_a_filter_that_matches_nothing_says_so(browser, site_url: str, library) -> None:
    """The "nothing matches" line is the resources list's own (the search box in the header
    once carried an attribute of the same name, and the script showed or hid that instead)."""
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{site_url}/resources/")
    form = page.locator("form.kt-res-form")
    offered = {
        name: [
            value
            for value in form.locator(f"select[name={name}] option").evaluate_all(
                "options => options.map(o => o.value)"
            )
            if value
        ]
        for name in ("category", "language")
    }
    empty = next(
        (category, language)
        for category in offered["category"]
        for language in offered["language"]
        if not any(r.category == category and language in r.languages for r in library.resources)
    )
    page.goto(f"{site_url}/resources/?category={empty[0]}&language={empty[1]}")
    every_place(page)
    assert page.locator("li.kt-res-item:visible").count() == 0
    assert page.locator("p.kt-res-none").is_visible()
    assert page.locator(".md-search").get_attribute("hidden") is None  # the script left it alone
    context.close()


def every_place(page) -> None:
    """Wait until the list shows every place (resources.js read resources/list.json)."""
    page.locator("[data-kt-resources][data-kt-every-place]").wait_for(state="attached")


def test_a_filter_looks_at_every_page_of_the_list(browser, site_url: str, library) -> None:
    """The first page holds some places; a filter finds those on the next pages too, and the
    list's page links step aside while it shows every match."""
    context = _phone(browser)
    page = context.new_page()
    page.goto(f"{site_url}/resources/")
    first_page = set(page.locator("li.kt-res-item").evaluate_all("i => i.map(e => e.dataset.id)"))
    later = next(r for r in library.resources if r.id not in first_page)
    page.locator("form.kt-res-form select[name=category]").select_option(later.category)
    every_place(page)
    shown = page.locator("li.kt-res-item:visible").evaluate_all("i => i.map(e => e.dataset.id)")
    assert set(shown) == {r.id for r in library.resources if r.category == later.category}
    assert later.id in shown
    assert page.locator("[data-kt-count]").inner_text() == f"Places: {len(shown)}"
    assert not page.locator("[data-kt-pages]").is_visible()
    # its line is the one the page would write: the name links to its page
    line = page.locator(f"li.kt-res-item[data-id='{later.id}']")
    line.locator("a.kt-res-name").click()
    page.wait_for_url(f"**/resources/{later.id}/")
    context.close()


def test_without_the_list_file_the_filters_say_they_look_at_this_page(
    browser, site_url: str, library
) -> None:
    """Offline (or list.json missing), the filters work on this page's places and say so."""
    context = _phone(browser)
    context.route("**/resources/list.json", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site_url}/resources/")
    on_page = page.locator("li.kt-res-item").evaluate_all(
        "i => i.map(e => [e.dataset.id, e.dataset.category])"
    )
    category = on_page[0][1]
    page.locator("form.kt-res-form select[name=category]").select_option(category)
    page.locator("[data-kt-offline]").wait_for(state="visible")
    shown = page.locator("li.kt-res-item:visible").evaluate_all("i => i.map(e => e.dataset.id)")
    assert shown == [place for place, kind in on_page if kind == category]
    assert page.locator("[data-kt-pages]").is_visible()  # the other pages are still a tap away
    context.close()


def test_near_me_sorts_by_distance_on_the_phone(browser, site_url: str, library) -> None:
    here = (44.5405, -72.5690)  # by the chapel on Mill Road
    context = _phone(
        browser,
        geolocation={"latitude": here[0], "longitude": here[1]},
        permissions=["geolocation"],
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/resources/")
    page.get_by_role("button", name="Sort by distance from me").click()
    page.wait_for_function("document.querySelector('[data-kt-distance]') !== null")
    order = [
        r.id
        for r in sorted(
            library.resources, key=lambda r: distance_km(here, (r.latitude, r.longitude))
        )
    ]
    shown = page.locator("li.kt-res-item").evaluate_all("items => items.map(i => i.dataset.id)")
    assert shown == order
    assert "km" in page.locator("li.kt-res-item").first.inner_text()
    sent = [url for url in requests if "44.54" in url or "72.56" in url]
    assert sent == []  # the position went nowhere
    context.close()


def test_map_loads_only_on_request_and_works_with_tiles_blocked(
    browser, site_url: str, library
) -> None:
    context = _phone(browser)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    own = urlsplit(site_url).netloc
    blocked: list[str] = []

    def block(route) -> None:
        blocked.append(route.request.url)
        route.abort()

    page.route(lambda url: urlsplit(url).netloc != own, block)
    page.goto(f"{site_url}/resources/?category=food")
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if urlsplit(url).netloc != own] == []
    assert not [url for url in requests if "leaflet" in url]
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector("path.kt-res-marker")
    food = sum(r.category == "food" for r in library.resources)
    # the filter applies to the map too: only the food places have markers
    assert page.locator("path.kt-res-marker").count() == food
    assert page.locator("path.kt-res-marker--food").count() == food
    page.locator("select[name=category]").select_option("")
    assert page.locator("path.kt-res-marker").count() == len(library.resources)
    page.locator("select[name=category]").select_option("food")
    assert [url for url in requests if "leaflet-1.9.4/leaflet.js" in url]
    assert blocked and all(urlsplit(url).netloc == "tile.openstreetmap.org" for url in blocked)
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    # tiles failed, yet the markers lead to the places and the list is still there
    page.locator("path.kt-res-marker--food").first.click()
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_url("**/resources/*/")
    assert page.locator("a[href^='tel:']").count() >= 1
    context.close()


PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss/payloads.txt").read_text("utf-8").splitlines()
    if line.strip()
]


def _hostile_resource(number: int, payload: str) -> dict:
    short = payload[:80]
    return {
        "id": f"hostile-{number}",
        "organization": payload[:100],
        "category": "food",
        "address": {"street": payload[:100], "city": "Maple Hollow"},
        "location": {"latitude": 44.53, "longitude": -72.58},
        "phone": "555-0100",
        "hours": [],
        "languages": ["en"],
        "free": False,
        "last_verified": "2026-10-01",
        "text": {
            "en": {
                "translation": "original",
                "name": short,
                "description": payload[:400],
                "fees": payload[:200],
                "eligibility": payload[:200],
            }
        },
    }


def test_hostile_text_in_a_resource_is_refused_or_shown_as_text(browser, tmp_path: Path) -> None:
    """Each payload of tests/xss/payloads.txt in every text field of a resource: refused for its
    HTML or links, or built and shown in Chromium as text, with nothing run or loaded."""
    project = copy_project(tmp_path / "project")
    english_only_site(project)
    config = project / "mkdocs.yml"
    resources = project / "content/resources"
    shutil.rmtree(resources)
    resources.mkdir()
    accepted = {}
    for number, payload in enumerate(PAYLOADS):
        path = resources / f"hostile-{number}.yml"
        path.write_text(
            yaml.safe_dump(_hostile_resource(number, payload), allow_unicode=True), "utf-8"
        )
        try:
            load_library(project, ("en",), site_extra(config))
        except ContentInvalid as invalid:
            problems = [str(e) for e in invalid.errors]
            # refused as an editor reads it: the file, its line, the field, what to do
            assert problems and all(
                re.fullmatch(
                    rf"content/resources/hostile-{number}\.yml:\d+: [^:]+: .+ — .+", p, re.S
                )
                for p in problems
            ), problems
            path.unlink()
        else:
            accepted[number] = payload
    assert len(accepted) >= 15 and len(accepted) < len(PAYLOADS)
    result = mkdocs("build", "--strict", "--site-dir", str(project / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(lambda url: urlsplit(url).hostname != "127.0.0.1", lambda route: route.abort())
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).hostname not in ("127.0.0.1", None)
            else None
        ),
    )
    try:
        for number, payload in accepted.items():
            page.goto(f"{base}/resources/hostile-{number}/")
            made = page.evaluate("""() => {
                const inside = [...document.querySelectorAll('.kt-resource *')];
                return {
                  handlers: inside.filter(e => [...e.attributes].some(
                    a => a.name.toLowerCase().startsWith('on'))).length,
                  scripts: inside.filter(e => ['SCRIPT', 'IFRAME', 'IMG', 'SVG', 'STYLE',
                    'META', 'OBJECT'].includes(e.tagName.toUpperCase())).length,
                }; }""")
            assert made == {"handlers": 0, "scripts": 0}, (payload, made)
            assert page.locator(".kt-res-org").first.inner_text() == payload[:100].strip()
            assert (
                page.locator(".kt-res-address").inner_text()
                == f"{payload[:100].strip()}, Maple Hollow"
            )
        page.goto(f"{base}/resources/")
        assert page.locator("li.kt-res-item").count() == min(len(accepted), PLACES_PER_PAGE)
        page.get_by_role("button", name="Show map").click()
        page.wait_for_selector("path.kt-res-marker")
        # the map read every place from resources/list.json and wrote their lines as text
        assert page.locator("li.kt-res-item").count() == len(accepted)
        made = page.evaluate("""() => {
            const inside = [...document.querySelectorAll('.kt-res-list *')];
            return {
              handlers: inside.filter(e => [...e.attributes].some(
                a => a.name.toLowerCase().startsWith('on'))).length,
              tags: [...new Set(inside.map(e => e.tagName.toLowerCase()))].sort(),
            }; }""")
        assert made["handlers"] == 0
        assert {"a", "li", "p"} <= set(made["tags"]) <= {"a", "bdi", "li", "p", "span", "strong"}
        organizations = page.locator("p.kt-res-org").all_inner_texts()
        assert sorted(organizations) == sorted(p[:100].strip() for p in accepted.values())
        page.locator("path.kt-res-marker").last.click()  # all at one spot: the top one
        assert page.locator(".leaflet-popup-content a").count() == 1
        assert page.locator(".leaflet-popup-content *:not(a)").count() == 0
    finally:
        context.close()
        server.shutdown()
    assert dialogs == []
    assert [url for url in outside if "tile.openstreetmap.org" not in url] == []
