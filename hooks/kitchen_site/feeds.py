"""The Atom feeds of the weekly packs and of new activities (weeks/feed.xml, weeks/<band>.xml)
with the page a person sees who opens one (weeks/feed.xsl), and the <link rel="alternate">
by which feed readers find them (overrides/main.html's <head>)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from content_library import format_date, render
from kitchen_table.activities import card_address
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.text import plain
from kitchen_table.weeks import BANDS
from mkdocs.utils import get_relative_url

from kitchen_site.booklets import band_label, page_address, prefix_of

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def feed_discovery(
    library: Library, language: str, config: MkDocsConfig, page_url: str
) -> dict[str, str]:
    """The <link rel="alternate"> of `language`'s weekly feed for a page at `page_url`: the title
    the feed itself carries and an address relative to the page (a preview works too)."""
    words = library.strings[language]
    return {
        "title": f"{config.site_name}: {words['weeks']}",
        "href": get_relative_url(f"{prefix_of(library, language)}weeks/feed.xml", page_url or "."),
    }


ATOM = "http://www.w3.org/2005/Atom"


FEED_STYLE = "feed.xsl"
"""Beside the feeds in weeks/: how a feed reads when a person opens it (feed readers ignore it)."""
FEED_CSS = "assets/feed.css"


def write_feeds(library: Library, language: str, config: MkDocsConfig, root: Path) -> None:
    """weeks/feed.xml (every band), weeks/<band>.xml and weeks/feed.xsl. A feed lists the weeks
    that have started (library.today), none still to come, each dated by its Monday (a card is
    new in the first week that sends it), so the same content on the same day builds the same
    feeds, and no entry is dated in the future."""
    folder = root / "weeks"
    folder.mkdir(parents=True, exist_ok=True)
    for band in (None, *BANDS):
        name = "feed.xml" if band is None else f"{band}.xml"
        entries = feed_entries(library, language, config, band)
        (folder / name).write_bytes(atom(library, language, config, name, band, entries))
    prefix = prefix_of(library, language)
    style = render(
        config,
        "partials/feed-xsl.html",
        words=library.strings[language],
        feed={
            "language": language,
            "direction": "rtl" if language == "ar" else "ltr",
            # the site's files are served once, at its root: not under the language's folder
            "css": get_relative_url(FEED_CSS, f"{prefix}weeks/feed.xml"),
            "weeks_url": "./",
        },
    )
    (folder / FEED_STYLE).write_text(str(style).lstrip(), encoding="utf-8")


def feed_entries(
    library: Library, language: str, config: MkDocsConfig, band: str | None
) -> list[dict[str, Any]]:
    words = library.strings[language]
    entries = []
    first_week: dict[str, datetime.date] = {}
    today = library.today or datetime.datetime.now(datetime.UTC).date()
    for week in library.weeks:
        if week.start > today:
            break  # a week still to come is not news yet, and may change until it starts
        bands = [b for b in week.packs if band is None or b == band]
        if not bands:
            continue
        address = page_address(config, library, language, f"weeks/{week.slug}/")
        items = []
        titles = []
        for b in bands:
            for card_id in week.packs[b]:
                first_week.setdefault(card_id, week.start)
                text = library.activity(card_id).text_in(language)
                link = card_address(config.site_url, library.languages[0], card_id, language)
                titles.append(plain(text.title))
                items.append(
                    f'<li><a href="{escape(link)}">{escape(text.title)}</a> — '
                    f"{escape(plain(text.summary))}</li>"
                )
        title = fill(words["week_title"], date=format_date(words, week.start))
        if band is not None:
            title = f"{title} · {band_label(library, band, language)}"
        entries.append(
            {
                "id": address if band is None else f"{address}#{band}",
                "title": title,
                "link": address,
                "updated": week.start,
                "summary": " · ".join(dict.fromkeys(titles)),
                "content": f"<ul>{''.join(items)}</ul>",
            }
        )
    for card_id, start in first_week.items():
        activity = library.activity(card_id)
        text = activity.text_in(language)
        link = card_address(config.site_url, library.languages[0], card_id, language)
        entries.append(
            {
                "id": link,
                "title": fill(words["new_activity"], title=text.title),
                "link": link,
                "updated": start,
                "summary": plain(text.summary),
                "content": f"<p>{escape(plain(text.summary))}</p>",
            }
        )
    entries.sort(key=lambda entry: (entry["updated"], entry["id"]), reverse=True)
    return entries


def stamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(
    library: Library,
    language: str,
    config: MkDocsConfig,
    name: str,
    band: str | None,
    entries: list[dict[str, Any]],
) -> bytes:
    words = library.strings[language]
    address = page_address(config, library, language, f"weeks/{name}")
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language})
    title = f"{config.site_name}: {words['weeks']}"
    if band is not None:
        title = f"{title} · {band_label(library, band, language)}"
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "id").text = address
    ET.SubElement(feed, "link", {"rel": "self", "href": address})
    ET.SubElement(
        feed,
        "link",
        {
            "rel": "alternate",
            "type": "text/html",
            "href": page_address(config, library, language, "weeks/"),
        },
    )
    # no week has started yet: the feed is as new as the first week it will carry
    newest = max((e["updated"] for e in entries), default=None) or (
        library.weeks[0].start if library.weeks else datetime.date(1970, 1, 1)
    )
    ET.SubElement(feed, "updated").text = stamp(newest)
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = config.site_name
    for entry in entries:
        item = ET.SubElement(feed, "entry")
        ET.SubElement(item, "title").text = entry["title"]
        ET.SubElement(item, "id").text = entry["id"]
        ET.SubElement(
            item, "link", {"rel": "alternate", "type": "text/html", "href": entry["link"]}
        )
        ET.SubElement(item, "updated").text = stamp(entry["updated"])
        ET.SubElement(item, "summary").text = entry["summary"]
        ET.SubElement(item, "content", {"type": "html"}).text = entry["content"]
    ET.indent(feed)
    # a person who opens the feed sees a page (weeks/feed.xsl, same origin), not raw XML
    head = (
        b"<?xml version='1.0' encoding='utf-8'?>\n"
        + f'<?xml-stylesheet type="text/xsl" href="{FEED_STYLE}"?>\n'.encode()
    )
    return head + ET.tostring(feed, encoding="utf-8") + b"\n"
