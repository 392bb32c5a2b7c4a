"""The newsletter kit in the built site: the "Send this" panel on every card and every guide, their
QR code files, the CSV of text messages per language, the weekly packs and their feeds, the page
for schools."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from conftest import ROOT
from kitchen_table.cli import site_languages, site_url
from kitchen_table.library import load_library
from kitchen_table.sms import MAX_SEGMENTS, count
from PIL import Image
from test_search import fragments

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
SITE_URL = site_url(ROOT / "mkdocs.yml")


def folder(site: Path, language: str) -> Path:
    return site if language == "en" else site / language


def link(kind_folder: str, item_id: str, language: str) -> str:
    return f"{SITE_URL}{'' if language == 'en' else language + '/'}{kind_folder}/{item_id}/"


def card_link(card: str, language: str) -> str:
    return link("activities", card, language)


def guide_link(guide: str, language: str) -> str:
    return link("guides", guide, language)


def field(page: str, field_id: str) -> str:
    found = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no field {field_id}"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_has_a_send_this_panel(site: Path, language: str) -> None:
    words = LIBRARY.strings[language]
    for activity in LIBRARY.activities:
        page = (folder(site, language) / "activities" / activity.id / "index.html").read_text(
            encoding="utf-8"
        )
        assert html.escape(words["send_this"], quote=False) in page
        message = field(page, "kt-send-sms")
        link = card_link(activity.id, language)
        assert message.endswith(f" {link}")
        counted = count(message)
        assert counted.segments <= MAX_SEGMENTS, (activity.id, language, message)
        assert f'data-kt-sms-segments="{counted.segments}"' in page
        title = re.sub(r"[*_]", "", activity.text_in(language).title)
        text = activity.text_in(language)
        assert (text.sms or title) in message
        plain = field(page, "kt-send-plain")
        assert plain.startswith(title) and plain.endswith(link)
        email = field(page, "kt-send-html")
        assert f'href="{link}"' in email
        # email-safe: inline styles only
        assert not re.search(r"<(script|style|link)|class=|id=|on\w+=", email), email


def test_a_written_sms_is_the_one_sent(site: Path) -> None:
    written = [
        (kind, item, language)
        for kind, items in (("activities", LIBRARY.activities), ("guides", LIBRARY.guides))
        for item in items
        for language in LANGUAGES
        if item.texts.get(language) and item.texts[language].sms
    ]
    kinds = {kind for kind, _item, _language in written}
    assert kinds == {"activities", "guides"}, (
        "the sample shows a written sms: on a card and a guide"
    )
    for kind, item, language in written:
        page = (folder(site, language) / kind / item.id / "index.html").read_text(encoding="utf-8")
        assert field(page, "kt-send-sms") == (
            f"{item.texts[language].sms} {link(kind, item.id, language)}"
        )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_qr_code_files_open_the_card(site: Path, language: str) -> None:
    import zxingcpp

    for activity in LIBRARY.activities[:3]:
        here = folder(site, language) / "activities" / activity.id
        page = (here / "index.html").read_text(encoding="utf-8")
        assert 'href="qr.svg"' in page and 'href="qr.png"' in page
        svg = (here / "qr.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith(("<?xml", "<svg"))
        image = Image.open(here / "qr.png")
        found = zxingcpp.read_barcodes(image)
        assert [code.text for code in found] == [card_link(activity.id, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sms_csv_parses_with_every_card_guide_and_week(site: Path, language: str) -> None:
    raw = (folder(site, language) / "newsletter" / "sms.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [(row["kind"], row["id"]) for row in rows] == [
        *(("activity", a.id) for a in LIBRARY.activities),
        *(("guide", g.id) for g in LIBRARY.guides),
        *(("week", f"{w.slug}/{band}") for w in LIBRARY.weeks for band in w.packs),
    ]
    weeks = [row for row in rows if row["kind"] == "week"]
    for row in weeks:  # the weekly pack's text, as the plan has it, with the week's link
        slug = row["id"].split("/")[0]
        assert row["link"] == link("weeks", slug, language).removesuffix("/") + "/"
        assert row["sms"].endswith(row["link"])
        assert int(row["segments"]) <= MAX_SEGMENTS
    for row in rows:
        if row["kind"] == "week":
            continue
        item = (LIBRARY.activity if row["kind"] == "activity" else LIBRARY.guide)(row["id"])
        assert row["language"] == item.text_in(language).language
        kind_folder = "activities" if row["kind"] == "activity" else "guides"
        assert row["link"] == link(kind_folder, row["id"], language)
        assert row["sms"].endswith(row["link"])
        counted = count(row["sms"])
        assert (row["encoding"], int(row["segments"])) == (counted.encoding, counted.segments)
        assert int(row["segments"]) <= MAX_SEGMENTS
    for kind_folder, first in (
        ("activities", LIBRARY.activities[0]),
        ("guides", LIBRARY.guides[0]),
    ):
        page = (folder(site, language) / kind_folder / first.id / "index.html").read_text(
            encoding="utf-8"
        )
        assert 'href="../../newsletter/sms.csv"' in page


# -- the "Send this" panel on guides ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_guide_has_a_send_this_panel(site: Path, language: str) -> None:
    words = LIBRARY.strings[language]
    for guide in LIBRARY.guides:
        page = (folder(site, language) / "guides" / guide.id / "index.html").read_text(
            encoding="utf-8"
        )
        text = guide.text_in(language)
        address = guide_link(guide.id, language)
        # one panel, after the guide itself
        assert page.count('<section class="kt-send"') == 1
        assert page.index('<section class="kt-send"') > page.index("</article>")
        assert html.escape(words["send_this"], quote=False) in page
        # the written text, else the lead-in of the guide's language with its title
        title = re.sub(r"[*_]", "", text.title)
        lead = LIBRARY.strings[text.language]["sms_lead_guide"].format(title=title)
        message = field(page, "kt-send-sms")
        assert message == f"{text.sms or lead} {address}", (guide.id, language)
        counted = count(message)
        assert counted.segments <= MAX_SEGMENTS
        assert f'data-kt-sms-segments="{counted.segments}"' in page
        blurb = field(page, "kt-send-plain")
        assert blurb.startswith(f"{title}\n\n") and blurb.endswith(f"\n\n{address}")
        email = field(page, "kt-send-html")
        assert email.startswith(f'<div lang="{text.language}"')
        assert (' dir="rtl"' in email) == (text.language == "ar")
        assert f'href="{address}"' in email
        assert html.escape(words["open_guide"], quote=False) in email
        assert not re.search(r"<(script|style|link)|class=|id=|on\w+=", email), email
        assert 'href="qr.svg"' in page and 'href="qr.png"' in page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_guide_panel_is_not_in_the_search_index(site: Path, language: str) -> None:

    guides = [page for page in fragments(site, language) if "guides/enrolling/" in page["url"]]
    assert guides, "the guide is searchable"
    message = guide_link("enrolling", language)
    assert not [page["url"] for page in guides if message in page["content"]]
    assert not [
        anchor
        for page in guides
        for anchor in page.get("anchors", [])
        if anchor.get("id") == "kt-send"
    ]


def test_arabic_guide_page_is_right_to_left_around_its_panel(site: Path) -> None:
    page = (site / "ar" / "guides" / "enrolling" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* dir="rtl"', page)
    panel = page[page.index('<section class="kt-send"') :]
    # the words choose their own direction; the email's HTML code stays left to right
    assert re.search(r'<textarea[^>]*id="kt-send-sms"[^>]*dir="auto"', panel)
    assert re.search(r'<textarea[^>]*id="kt-send-html"[^>]*dir="ltr"', panel)
    assert field(page, "kt-send-sms").startswith("لكل طفل")  # the written Arabic text


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_qr_code_files_open_the_guide(site: Path, language: str) -> None:
    import zxingcpp

    for guide in LIBRARY.guides:
        here = folder(site, language) / "guides" / guide.id
        svg = (here / "qr.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith(("<?xml", "<svg"))
        found = zxingcpp.read_barcodes(Image.open(here / "qr.png"))
        assert [code.text for code in found] == [guide_link(guide.id, language)]


# -- the weekly packs -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_week_pages_show_three_cards_per_band(site: Path, language: str) -> None:
    for week in LIBRARY.weeks:
        page = (folder(site, language) / "weeks" / week.slug / "index.html").read_text(
            encoding="utf-8"
        )
        for ids in week.packs.values():
            for card_id in ids:
                assert f'href="../../activities/{card_id}/"' in page
                assert card_link(card_id, language) in page  # written out for paper
        assert page.count('class="kt-week__band"') == len(week.packs)
    listing = (folder(site, language) / "weeks" / "index.html").read_text(encoding="utf-8")
    for week in LIBRARY.weeks:
        assert f'href="{week.slug}/"' in listing


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_lists_the_weeks_without_javascript(site: Path, language: str) -> None:
    home = (folder(site, language) / "index.html").read_text(encoding="utf-8")
    assert "data-kt-this-week" in home
    # this week (on the day of the build) and the next two; the list of weeks has them all
    started = [week for week in LIBRARY.weeks if week.start <= LIBRARY.today]
    first = LIBRARY.weeks.index(started[-1]) if started else 0
    shown = LIBRARY.weeks[first : first + 3]
    for week in LIBRARY.weeks:
        item = re.search(
            rf'<li( hidden)?><a href="weeks/{week.slug}/" '
            rf'data-kt-week-start="{week.slug}"',
            home,
        )
        assert item, week.slug  # every week, for the phone's date to pick from
        assert (item.group(1) is None) == (week in shown), week.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_feeds_are_valid_atom(site: Path, language: str) -> None:
    import feedparser
    from kitchen_table.weeks import BANDS

    for name in ("feed", *BANDS):
        raw = (folder(site, language) / "weeks" / f"{name}.xml").read_bytes()
        feed = feedparser.parse(raw)
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.language == language
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids)), "entry ids are unique"
        weeks = [entry for entry in feed.entries if "/weeks/" in entry.link]
        # the weeks that have started, none still to come (they may change until they start)
        expected = [
            w
            for w in LIBRARY.weeks
            if (name == "feed" or name in w.packs) and w.start <= LIBRARY.today
        ]
        assert len(weeks) == len(expected)
        for entry in feed.entries:
            assert entry.updated_parsed is not None
            assert entry.link.startswith(SITE_URL)
        newest = max(w.start for w in expected)
        assert feed.feed.updated.startswith(newest.isoformat())


def test_feeds_do_not_depend_on_when_the_site_was_built(site: Path, tmp_path: Path) -> None:
    """The same content builds the same feeds: no build time inside."""
    from conftest import copy_project, mkdocs

    project = copy_project(tmp_path / "again")
    out = tmp_path / "out"
    result = mkdocs("build", "--strict", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    for feed in sorted((site / "weeks").glob("*.xml")):
        assert (out / "weeks" / feed.name).read_bytes() == feed.read_bytes(), feed.name


def test_only_the_page_for_schools_names_the_link_builder_scripts(site: Path) -> None:
    """The link builder's script and its QR library (vendored with its licence and its source)
    are named by the page for schools only: no page a family opens pays for them."""
    from kitchen_site.for_schools import BUILDER_SCRIPT, QR_SCRIPT

    vendored = site / QR_SCRIPT
    assert vendored.is_file() and (site / BUILDER_SCRIPT).is_file()
    assert "MIT" in (vendored.parent / "LICENSE").read_text(encoding="utf-8")
    assert "npm pack qrcode-generator@" in (vendored.parent / "SOURCE.txt").read_text("utf-8")
    schools = sorted(
        str((folder(site, language) / "for-schools" / "index.html").relative_to(site))
        for language in LANGUAGES
    )
    for name in (vendored.parent.name, Path(BUILDER_SCRIPT).name):
        naming = sorted(
            str(page.relative_to(site))
            for page in site.rglob("*.html")
            if name in page.read_text(encoding="utf-8")
        )
        assert naming == schools, name
    for language in LANGUAGES:
        here = folder(site, language) / "for-schools"
        page = (here / "index.html").read_text("utf-8")
        loaded = re.search(r'<script src="([^"]+)" defer></script>', page)
        assert loaded and (here / loaded.group(1)).resolve() == (site / BUILDER_SCRIPT).resolve()
        named = re.search(r'data-kt-qr-script="([^"]+)"', page)
        assert named and (here / named.group(1)).resolve() == vendored.resolve(), language
        assert f'<script src="{named.group(1)}"' not in page  # loaded on demand only


def feeds_in_head(page: str) -> list[dict[str, str]]:
    """The <link rel="alternate" type="application/atom+xml"> elements of a page's <head>."""
    from html.parser import HTMLParser

    class Head(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside = False
            self.feeds: list[dict[str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = {name: value or "" for name, value in attrs}
            self.inside = self.inside or tag == "head"
            if tag == "link" and self.inside and found.get("type") == "application/atom+xml":
                assert found.get("rel") == "alternate", found
                self.feeds.append(found)

        def handle_endtag(self, tag: str) -> None:
            self.inside = self.inside and tag != "head"

    parser = Head()
    parser.feed(page)
    return parser.feeds


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_home_and_weeks_pages_lead_feed_readers_to_the_weekly_feed(
    site: Path, language: str
) -> None:
    import feedparser

    root = folder(site, language)
    pages = [root / "index.html", root / "weeks" / "index.html"]
    pages += [root / "weeks" / week.slug / "index.html" for week in LIBRARY.weeks]
    for page in pages:
        feeds = feeds_in_head(page.read_text(encoding="utf-8"))
        assert len(feeds) == 1, (page, feeds)
        target = (page.parent / feeds[0]["href"]).resolve()
        assert target == (root / "weeks" / "feed.xml").resolve(), page
        feed = feedparser.parse(target.read_bytes())
        assert not feed.bozo and feed.version == "atom10"
        assert feed.feed.language == language
        assert feed.feed.title == feeds[0]["title"]
    # a card page stays light: feed readers find the feed from the home page
    card = root / "activities" / LIBRARY.activities[0].id / "index.html"
    assert feeds_in_head(card.read_text(encoding="utf-8")) == []
