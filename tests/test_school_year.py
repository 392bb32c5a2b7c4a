"""The school year runs itself: every school week's packs in the built site, the feeds a parent
may open, the paper packs (booklets) and offline. Read as families and their tools meet them:
the built files, feedparser, Chromium at 360 px, its PDFs (pypdf) and a QR decoder."""

from __future__ import annotations

import datetime
import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT
from kitchen_table.cli import site_languages, site_url
from kitchen_table.library import load_library
from kitchen_table.weeks import BANDS
from test_search import fragments

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
SITE_URL = site_url(ROOT / "mkdocs.yml")
ATOM = "{http://www.w3.org/2005/Atom}"
PHONE = {"width": 360, "height": 740}


def folder(site: Path, language: str) -> Path:
    return site if language == LANGUAGES[0] else site / language


def prefix(language: str) -> str:
    return "" if language == LANGUAGES[0] else f"/{language}"


def band_names(language: str) -> list[str]:
    words = LIBRARY.strings[language]
    return [words["band_" + band.lower().replace("-", "_")] for band in BANDS]


# -- every school week, in every language ---------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_planned_week_has_its_page_and_booklets(site: Path, language: str) -> None:
    assert LIBRARY.school is not None and len(LIBRARY.weeks) > 30
    for week in LIBRARY.weeks:
        page = (folder(site, language) / "weeks" / week.slug / "index.html").read_text("utf-8")
        for band, ids in week.packs.items():
            assert f'href="{band.lower()}/"' in page  # the booklet to print
            booklet = folder(site, language) / "weeks" / week.slug / band.lower() / "index.html"
            text = booklet.read_text("utf-8")
            assert text.count('class="kt-booklet__card"') == len(ids) == 3
            for card in ids:
                title = LIBRARY.activity(card).text_in(language).title
                assert re.sub(r"[*_`]", "", title.split("*")[0])[:12] in text, (card, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_band_names_say_grades_once_on_the_weeks_pages(site: Path, language: str) -> None:
    week = LIBRARY.weeks[0]
    pages = [
        folder(site, language) / "weeks" / "index.html",
        folder(site, language) / "weeks" / week.slug / "index.html",
    ]
    doubled = {
        "en": "Grades Grade",
        "es": "Grados 1.er",
        "pt": "Séries 1º",
        "vi": "Lớp Lớp",
        "ht": "Klas Klas",
        "so": "Fasallada Fasalka",
        "ar": "الصفوف الصف",
        "zh": "年级 年级",
    }
    for page in pages:
        html = page.read_text("utf-8")
        assert doubled[language] not in html
    week_page = pages[1].read_text("utf-8")
    for name in band_names(language):
        assert f"<h2>{name}</h2>" in week_page or f">{name}</h2>" in week_page, name


# -- the feeds: valid Atom for readers, a page for people ------------------------------------


def _strict_atom(raw: bytes) -> ET.Element:
    """RFC 4287's rules that feedparser forgives: one id, title and updated per feed and entry,
    absolute ids, RFC 3339 dates, a self link, no entry without a link."""
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
    for node in (root, *root.findall(f"{ATOM}entry")):
        for name in ("id", "title", "updated"):
            assert len(node.findall(f"{ATOM}{name}")) == 1, name
        assert node.find(f"{ATOM}id").text.startswith("https://")
        assert stamp.match(node.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return root


@pytest.mark.parametrize("language", LANGUAGES)
def test_feeds_carry_started_weeks_with_their_own_dates(site: Path, language: str) -> None:
    import feedparser

    today = LIBRARY.today
    for name in ("feed", *BANDS):
        raw = (folder(site, language) / "weeks" / f"{name}.xml").read_bytes()
        assert b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>' in raw.split(b"<feed")[0]
        _strict_atom(raw)
        feed = feedparser.parse(raw)
        assert not feed.bozo and feed.version == "atom10"
        dates = [datetime.date(*entry.updated_parsed[:3]) for entry in feed.entries]
        assert dates and max(dates) <= today  # nothing dated in the future
        weeks = [e for e in feed.entries if re.search(r"/weeks/\d{4}-\d{2}-\d{2}/", e.link)]
        started = [
            w for w in LIBRARY.weeks if w.start <= today and (name == "feed" or name in w.packs)
        ]
        assert [e.link for e in weeks] == [
            f"{SITE_URL}{prefix(language).lstrip('/') + '/' if prefix(language) else ''}"
            f"weeks/{w.slug}/"
            for w in reversed(started)
        ]
        for entry, week in zip(weeks, reversed(started), strict=True):
            assert entry.updated.startswith(week.slug)  # each entry its own date
            assert entry.summary  # what the XSL page shows
        assert len({e.id for e in feed.entries}) == len(feed.entries)


@pytest.mark.parametrize("language", ["en", "es", "ar", "zh"])
def test_a_feed_opened_in_the_browser_reads_as_a_page(
    browser, site_url: str, language: str
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site_url) else None)
    page.goto(f"{site_url}{prefix(language)}/weeks/3-5.xml")
    words = LIBRARY.strings[language]
    body = page.locator("body").inner_text()
    assert "does not appear to have any style information" not in body
    assert words["feed_what"] in body and words["feed_how"] in body
    assert page.locator("h1").inner_text().endswith(band_names(language)[2])
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "18px"  # feed.css
    first = page.locator(".kt-feed__entry h2 a").first
    assert re.search(r"/weeks/\d{4}-\d{2}-\d{2}/$", first.get_attribute("href"))
    assert not outside
    context.close()


# -- the paper packs --------------------------------------------------------------------------


def _longest_booklets(site: Path, language: str, count: int) -> list[Path]:
    booklets = (folder(site, language) / "weeks").glob("*/*/index.html")
    return sorted(booklets, key=lambda b: -len(re.sub(r"<[^>]+>", "", b.read_text("utf-8"))))[
        :count
    ]


def _longest_language(site: Path, languages: list[str]) -> str:
    return max(
        languages,
        key=lambda language: sum(
            len(b.read_text("utf-8")) for b in (folder(site, language) / "weeks").glob("*/*/*.html")
        ),
    )


def test_the_longest_booklets_print_on_two_pages_at_most(
    browser, site_url: str, site: Path
) -> None:
    """A sample (the three longest of the longest language printed side by side, and of the
    longest printed alone), on Letter and A4; bench/booklet_pages.py counts them all."""
    from pypdf import PdfReader

    side = list(LIBRARY.school.side_by_side)
    alone = [language for language in LANGUAGES if language not in side]
    page = browser.new_page(viewport=PHONE)  # printed from the phone the family has
    checked = 0
    for language in (_longest_language(site, side), _longest_language(site, alone)):
        for booklet in _longest_booklets(site, language, 3):
            address = booklet.parent.relative_to(site).as_posix()
            page.goto(f"{site_url}/{address}/")
            for paper in ("Letter", "A4"):
                pages = len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)
                assert 1 <= pages <= 2, (address, paper, pages)
                checked += 1
            # large type on paper: no text below 12 pt (16 px)
            page.emulate_media(media="print")
            smallest = page.evaluate("""Math.min(...[...document.querySelectorAll(
                '.kt-booklet__cards li, .kt-booklet__cards p')].map(e =>
                parseFloat(getComputedStyle(e).fontSize)))""")
            assert smallest >= 16, (address, smallest)
            page.emulate_media(media="null")  # "screen" would make the next PDF use it too
    assert checked == 12
    page.close()


def test_a_booklet_has_the_school_phone_and_a_qr_code_to_the_week(browser, site_url: str) -> None:
    import zxingcpp
    from PIL import Image

    week = LIBRARY.weeks[-1]
    page = browser.new_page(viewport={"width": 816, "height": 1056})
    page.goto(f"{site_url}/so/weeks/{week.slug}/3-5/")
    phone = LIBRARY.school.details["office_phone"]
    digits = "".join(c for c in phone if c.isdigit() or c == "+")  # as phones dial it
    assert page.locator(f'a[href="tel:{digits}"]').inner_text() == phone
    assert LIBRARY.school.details["name"] in page.locator("header").inner_text()
    # side by side: each card in Somali and in English, each marked with its language
    assert page.locator('.kt-booklet__card article[lang="so"]').count() == 3
    assert page.locator('.kt-booklet__card article[lang="en"]').count() == 3
    shot = page.locator(".kt-booklet__qr").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [code.text for code in found] == [f"{SITE_URL}so/weeks/{week.slug}/"]
    page.goto(f"{site_url}/weeks/{week.slug}/3-5/")  # English alone: one column
    assert page.locator(".kt-booklet__card article").count() == 3
    page.close()


def test_the_page_for_schools_prints_this_week_for_any_band_in_any_language(
    browser, site_url: str
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{site_url}/for-schools/")
    started = [w for w in LIBRARY.weeks if w.start <= LIBRARY.today]
    week = started[-1] if started else LIBRARY.weeks[0]
    page.locator(".kt-print-week li", has_text="Grades 3–5").get_by_role(
        "link", name="Soomaali"
    ).click()
    assert page.url.endswith(f"/so/weeks/{week.slug}/3-5/")
    assert page.evaluate("document.documentElement.lang") == "so"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


# -- offline ------------------------------------------------------------------------------------


def test_after_one_visit_the_pack_and_its_cards_open_offline(browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site_url) else None)
    started = [w for w in LIBRARY.weeks if w.start <= LIBRARY.today]
    week = started[-1] if started else LIBRARY.weeks[0]
    words = LIBRARY.strings["es"]
    page.goto(f"{site_url}/es/weeks/{week.slug}/")
    save = page.locator('[data-kt-offline-band="3-5"] button')
    save.wait_for(state="visible")
    size = re.search(r"(\d+) KB", save.inner_text())
    assert size and 50 < int(size.group(1)) < 1000  # the size shows before the tap
    save.click()
    status = page.locator('[data-kt-offline-band="3-5"] [data-kt-offline-status]')
    status.filter(has_text=words["offline_saved"].split(":")[0]).wait_for()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cards = week.packs["3-5"]
    context.set_offline(True)
    page.goto(f"{site_url}/es/weeks/{week.slug}/")
    assert page.locator(".kt-week__band").count() == len(week.packs)
    for card in cards:
        page.goto(f"{site_url}/es/activities/{card}/")
        title = LIBRARY.activity(card).text_in("es").title
        assert page.locator("h1").first.inner_text().strip() == title.replace("*", "")
        # its stylesheet came too: the page is laid out, not raw
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{site_url}/es/resources/")
    assert page.locator("h1").first.inner_text() != ""
    # a page never opened nor saved is not kept: the offline page says what is
    page.goto(f"{site_url}/es/guides/")
    assert page.locator("h1").inner_text() == words["offline_title"]
    saved = page.locator("[data-kt-offline-list] a")
    saved.first.wait_for()
    hrefs = [saved.nth(i).get_attribute("href") for i in range(saved.count())]
    assert any(href.endswith(f"/es/activities/{cards[0]}/") for href in hrefs)
    assert not any("/guides/" in href for href in hrefs)
    # each saved page by its own name, not followed by the site's on every line
    names = {
        saved.nth(i).get_attribute("href"): saved.nth(i).inner_text() for i in range(saved.count())
    }
    card_name = next(
        name for href, name in names.items() if href.endswith(f"/es/activities/{cards[0]}/")
    )
    assert card_name == LIBRARY.activity(cards[0]).text_in("es").title.replace("*", "")
    assert not any(name.endswith(" - Kitchen Table") for name in names.values()), names
    assert not outside
    context.close()


def test_without_javascript_no_offline_button_and_the_week_still_works(
    browser, site_url: str
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/weeks/{LIBRARY.weeks[0].slug}/")
    assert page.locator("[data-kt-offline-band]").first.is_hidden()
    assert page.locator("[data-kt-booklet]").count() == len(LIBRARY.weeks[0].packs)
    page.locator("[data-kt-booklet]").first.click()  # the booklet needs no script either
    assert page.locator(".kt-booklet__card").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_the_service_workers_are_same_origin_and_keep_only_what_was_opened(site: Path) -> None:
    for language in LANGUAGES:
        worker = (folder(site, language) / "sw.js").read_text("utf-8")
        assert not re.search(r"https?://", worker)
        assert "kitchen-table-" + language in worker
        assert "addAll(PRECACHE)" in worker and "offline/" in worker
        assert (folder(site, language) / "offline" / "index.html").is_file()


def test_search_finds_cards_not_a_year_of_weeks(site: Path) -> None:

    for language in ("en", "es"):
        locations = [page["url"] for page in fragments(site, language)]
        assert not [loc for loc in locations if re.search(r"weeks/\d{4}-\d{2}-\d{2}/", loc)]
        assert any("activities/" in loc for loc in locations)


def test_a_started_week_whose_cards_are_all_gone_leaves_a_valid_plan(tmp_path: Path) -> None:
    """Every card replaced by a renamed copy (a library rebuilt, as the bench's is): make check
    twice in a row, as an editor would, and the plan file it wrote is still accepted."""
    import subprocess
    import sys

    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    (project / "content/weeks.yml").unlink()  # weeks set by hand name the old cards
    for card in sorted((project / "content/activities").glob("*.yml")):
        text = card.read_text("utf-8")
        text = re.sub(r"^id: (\S+)$", r"id: \1-copy", text, count=1, flags=re.M)
        text = re.sub(r"^next: .*\n", "", text, flags=re.M)
        (card.parent / f"{card.stem}-copy.yml").write_text(text, "utf-8")
        card.unlink()
    check = [str(Path(sys.executable).parent / "kitchen-table"), "check"]
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["KITCHEN_TABLE_TODAY"] = "2026-12-04"
    first = subprocess.run(check, cwd=project, env=env, capture_output=True, text=True)
    second = subprocess.run(check, cwd=project, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "is no longer a card" in first.stderr  # the started weeks' cards are gone, and said
    assert second.returncode == 0, second.stderr
