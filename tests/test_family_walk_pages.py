"""What a family meets on a phone, page by page, beyond the cards: phone numbers to tap, no
English left on other languages' pages, a wrong address that answers in the reader's language,
HTML the Nu Html Checker accepts, <head> language links that agree with the sitemap, and the
resources map when its pictures cannot load. Built pages are read as files; the rest in Chromium
at 360x740 (browser tests fail, not skip, in CI)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from conftest import ROOT, sitemap_pages
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
from kitchen_table.text import tel_href

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
DEFAULT = LANGUAGES[0]
OTHERS = [language for language in LANGUAGES if language != DEFAULT]
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])[
    "site_url"
]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


def strings(language: str) -> dict[str, str]:
    return yaml.safe_load((ROOT / f"content/strings/{language}.yml").read_text(encoding="utf-8"))


def built(site: Path, language: str, path: str) -> str:
    prefix = "" if language == DEFAULT else f"{language}/"
    return (site / f"{prefix}{path}").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def main_part(markup: str) -> str:
    return markup.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


# -- phone numbers ----------------------------------------------------------------------------


def _phones_in(guide_id: str) -> set[str]:
    source = (ROOT / LIBRARY.guide(guide_id).source).read_text(encoding="utf-8")
    return set(re.findall(r"\{(school\.\w+_phone)\}", source))


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_numbers_in_guides_are_tel_links(site: Path, language: str) -> None:
    school = LIBRARY.school
    assert school is not None
    checked = 0
    for guide in LIBRARY.guides:
        for name in _phones_in(guide.id):
            number = school.placeholders()[name]
            page = main_part(built(site, language, f"guides/{guide.id}/index.html"))
            # left-to-right isolates keep the digits in order inside an Arabic sentence
            link = f'<a href="{tel_href(number)}">\u2066{number}\u2069</a>'
            assert link in page, f"{language} {guide.id}: {number} is not a tel: link"
            checked += 1
    assert checked, "the sample's guides should mention a school phone number"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_school_year_page_dials_the_office(site: Path, language: str) -> None:
    school = LIBRARY.school
    assert school is not None
    number = school.details["office_phone"]
    page = main_part(built(site, language, "school-year/index.html"))
    assert f'<a href="{tel_href(number)}" dir="ltr">{number}</a>' in page


def test_a_tel_address_is_what_a_phone_dials() -> None:
    assert tel_href("555-0142") == "tel:5550142"
    assert tel_href("+1 (802) 555-0142") == "tel:+18025550142"
    assert tel_href("802-555-0142 ext. 12") == "tel:8025550142"
    assert tel_href("ask at the desk") is None


# -- English left on other languages' pages -----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_licence_line_is_in_the_pages_language(site: Path, language: str) -> None:
    words = strings(language)
    for path in ("index.html", "guides/enrolling/index.html", "resources/index.html"):
        footer = built(site, language, path).split('<footer class="md-footer">', 1)[1]
        assert words["site_licence"] in unescape(footer), f"{language} {path}"
        if language != DEFAULT:
            assert strings(DEFAULT)["site_licence"] not in unescape(footer)


def _resource_with_hours():
    return next(resource for resource in LIBRARY.resources if resource.hours)


def test_opening_hours_read_as_english_writes_them(site: Path) -> None:
    for resource in (r for r in LIBRARY.resources if r.hours):
        page = text_of(built(site, "en", f"resources/{resource.id}/index.html"))
        for block in resource.hours:
            bare = re.escape(f"{block.opens}–{block.closes}") + r"(?! [ap]\.m\.)"
            assert not re.search(bare, page), resource.id
        assert re.search(r"\d(:\d\d)? [ap]\.m\.|noon|midnight", page), resource.id
        assert not re.search(r"\b(1[3-9]|2[0-3]):[0-5]\d\b", page), resource.id


def test_opening_hours_follow_the_readers_language(site: Path) -> None:
    from resources import opening_times

    assert opening_times("15:00", "19:00", "en") == "3–7 p.m."
    assert opening_times("09:30", "12:00", "en") == "9:30 a.m.–noon"
    assert opening_times("11:00", "13:30", "en") == "11 a.m.–1:30 p.m."
    assert opening_times("15:00", "19:00", "es") == "15:00–19:00"
    assert "م" in opening_times("15:00", "19:00", "ar")  # Arabic writes the afternoon mark
    resource = _resource_with_hours()
    block = resource.hours[0]
    for language in LANGUAGES:
        page = text_of(built(site, language, f"resources/{resource.id}/index.html"))
        expected = re.sub(r"\s+", " ", opening_times(block.opens, block.closes, language))
        assert expected in page, language


def test_no_edit_pencil_sends_families_to_a_code_host(site: Path) -> None:
    repo = "github.com/example/kitchen-table"
    for page in site.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert "md-content__button" not in markup, page
        assert f"{repo}/edit/" not in markup, page
    for language in LANGUAGES:
        schools = built(site, language, "for-schools/index.html")
        assert f'href="https://{repo}/blob/main/CONTRIBUTING.md"' in schools
        assert strings(language)["editors_link"] in unescape(schools)


# -- a wrong address ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_not_found_page(site: Path, language: str) -> None:
    page = built(site, language, "404.html")
    words = strings(language)
    home = SITE_URL.split("example.org", 1)[1] + ("" if language == DEFAULT else f"{language}/")
    assert f'<html lang="{language}"' in page
    assert f"<h1>{words['not_found_title']}</h1>" in unescape(page)
    assert f'href="{home}">{words["not_found_home"]}</a>' in unescape(page)
    for other in LANGUAGES:
        if other != language:  # every other language's words and home, without JavaScript
            assert strings(other)["not_found_home"] in unescape(page)
    assert "Content-Security-Policy" in page


def test_netlify_is_told_where_each_languages_not_found_page_is(site: Path) -> None:
    rules = [
        line.split()
        for line in (site / "_redirects").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    root = SITE_URL.split("example.org", 1)[1]
    assert rules == [[f"{root}{lang}/*", f"{root}{lang}/404.html", "404"] for lang in OTHERS]


# -- <head> agrees with the sitemap -------------------------------------------------------------


_HEAD_LINK = re.compile(r'<link rel="alternate ?" href="([^"]*)" hreflang="([^"]*)"')


def test_head_language_links_agree_with_the_sitemap(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = {}
    for url in ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns):
        links = url.findall("x:link", ns)
        sitemap[url.findtext("s:loc", namespaces=ns)] = {
            (link.get("hreflang"), link.get("href")) for link in links
        }
    pages = sitemap_pages(site)
    assert len(pages) == len(sitemap)
    for page in pages:
        here = SITE_URL + page.relative_to(site).as_posix().removesuffix("index.html")
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = {
            (found.group(2), urljoin(here, unescape(found.group(1))))
            for found in _HEAD_LINK.finditer(head)
        }
        assert links == sitemap[here], here


# -- the Nu Html Checker ------------------------------------------------------------------------

PAGE_TYPES = [
    "index.html",
    "activities/index.html",
    "activities/spoon-count/index.html",
    "guides/index.html",
    "guides/enrolling/index.html",
    "glossary/index.html",
    "school-year/index.html",
    "resources/index.html",
    "resources/categories/food/index.html",
    f"resources/{LIBRARY.resources[0].id}/index.html",
    "weeks/index.html",
    "for-schools/index.html",
    "grades/3/index.html",
    "skills/math/index.html",
    "404.html",
]


def test_vnu_finds_no_error_on_any_page_type(site: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        message = f"the Nu Html Checker needs java and {VNU_JAR} (.ci/run installs both)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    english_only = ("translations/index.html",)
    bilingual = [f"{lang}/activities/spoon-count/bilingual/index.html" for lang in ("ar", "es")]
    files = [str(site / path) for path in (*PAGE_TYPES, *english_only, *bilingual)]
    files += [str(site / "ar" / path) for path in PAGE_TYPES]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages]
    assert problems == []


# -- in Chromium --------------------------------------------------------------------------------


@contextlib.contextmanager
def github_pages(site: Path):
    """A host that answers every wrong address with the site's one /404.html and status 404, as
    GitHub Pages does."""
    not_found = (site / "404.html").read_bytes()

    class PagesHost(http.server.SimpleHTTPRequestHandler):
        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            self.wfile.write(not_found)

        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(PagesHost, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{site.name}"
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["es", "ar", "zh"])
def test_github_pages_one_not_found_page_answers_in_the_addresss_language(
    site: Path, browser, language: str
) -> None:
    words = strings(language)
    with github_pages(site) as url:
        for javascript in (True, False):
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, java_script_enabled=javascript
            )
            page = context.new_page()
            response = page.goto(f"{url}/{language}/activities/no-such-card/")
            assert response is not None and response.status == 404
            home = page.get_by_role("link", name=words["not_found_home"])
            assert home.first.is_visible()
            assert home.first.get_attribute("href").endswith(f"/{language}/")
            if javascript:  # the address's language comes first, in its own words
                heading = page.locator("h1").filter(has_text=words["not_found_title"])
                assert heading.is_visible()
                assert page.locator("h1:visible").count() == 1
                box = heading.bounding_box()
                assert box is not None and box["y"] < 740
            # the page's own part fits the phone (the header's language list is its own matter)
            right = page.eval_on_selector(
                "[data-kt-not-found]", "e => e.getBoundingClientRect().right"
            )
            assert right <= 360
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_resources_map_says_when_its_pictures_fail(
    site_url: str, browser, language: str
) -> None:
    words = strings(language)
    prefix = "" if language == DEFAULT else f"{language}/"
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tile_host = re.sub(r"https://([^/{]+).*", r"\1", LIBRARY_TILES)
    context.route(f"**://{tile_host}/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site_url}/{prefix}resources/")
    # one way in: the form shows, the links it replaces do not
    assert page.locator("[data-kt-filter]").is_visible()
    assert not page.locator("[data-kt-static-filters]").is_visible()
    failed = page.locator("[data-kt-map-failed]")
    assert not failed.is_visible()
    page.locator("[data-kt-show-map]").click()
    failed.wait_for(state="visible", timeout=15000)
    assert words["map_tiles_failed"] == failed.inner_text().strip()
    assert page.locator("li.kt-res-item:visible").count() == len(LIBRARY.resources)
    # the dots are not a heap: no two centres closer than a third of a dot
    centres = page.eval_on_selector_all(
        "path.kt-res-marker",
        "paths => paths.map(p => { const b = p.getBoundingClientRect();"
        " return [b.x + b.width / 2, b.y + b.height / 2]; })",
    )
    assert len(centres) == len(LIBRARY.resources)
    closest = min(
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        for i, a in enumerate(centres)
        for b in centres[i + 1 :]
    )
    assert closest >= 6, f"two places' dots are {closest:.1f} px apart"
    context.close()


@pytest.mark.browser
def test_without_javascript_the_filter_links_are_the_way_in(site_url: str, browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/es/resources/")
    assert page.locator("[data-kt-static-filters]").is_visible()
    assert not page.locator("[data-kt-filter]").is_visible()
    context.close()


LIBRARY_TILES = (
    yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])
    .get("extra", {})
    .get("resources", {})
    .get("map", {})
    .get("tiles")
) or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
