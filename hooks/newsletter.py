"""The newsletter kit for schools: everything a school needs to send an activity to families.

Owns content/weeks.yml (the weekly packs) and the generated folders docs/weeks/ and
docs/for-schools/ (gitignored); reads the activity cards (content/activities/, including their
optional `sms:` text) and the newcomer guides (content/guides/, likewise). Events:
- on_config: write the week pages, the list of weeks and the page for schools;
- on_page_content (after hooks/activities.py has rendered a card and hooks/guides.py a guide):
  on each card and guide, the "Send this" panel — the text message with its SMS segment count,
  a newsletter blurb as plain text and as email-safe HTML, and links to its QR code files
  (overrides/partials/send-this.html);
  the week pages, the list of weeks, the page for schools, and on the home page a link to this
  week's pack (kitchen-table.js picks the week from the phone's date);
- on_page_context: on the home page, the list of weeks and each week page, the language's weekly
  feed for feed readers and newsletter tools to discover (overrides/main.html's <head>; card
  pages stay light);
- on_post_build: for the language just built, each card's and guide's QR code as files
  (activities/<id>/qr.svg and qr.png, guides/<id>/…), every card's and guide's text message in
  one CSV for bulk-messaging tools (newsletter/sms.csv), and the Atom feeds of weekly packs and new
  activities (weeks/feed.xml, and weeks/<band>.xml per grade band).
"""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from booklets import band_label, booklet_path, page_address, prefix_of, write_booklets
from content_library import (
    format_date,
    generated_languages,
    kept_by_preview,
    language_names,
    library_for,
    page_language,
    page_source,
    qr_cache,
    qr_code,
    render,
    site_languages,
    sync_generated_pages,
)
from kitchen_table import sms
from kitchen_table.activities import Activity, card_address
from kitchen_table.addresses import folders_of, page_file, permanent_address
from kitchen_table.guides import Guide
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.taxonomy import GRADES, in_language
from kitchen_table.text import plain, spreadsheet_cell
from kitchen_table.weeks import BANDS, Week
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url
from offline import script_attributes, write_offline

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

CSV_PATH = "newsletter/sms.csv"
CSV_HEADER = ("kind", "id", "language", "title", "sms", "encoding", "segments", "link")
"""kind: activity, guide or week (id <monday>/<band>: that week's pack for the band)."""
QR_SCALE_PNG = 10
"""Pixels per QR module in the PNG: sharp when printed a few centimetres wide."""
PNG_COMPRESSION = 1
"""zlib's fastest level: a card's PNG is 1.2 KB instead of 0.7 KB at level 9, and is written in
half the time (3 ms instead of 6, for each card and guide in each language)."""
EMAIL_STYLE = {
    "box": "font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.4;color:#1a1a1a",
    "title": "margin:0 0 8px;font-size:18px;font-weight:bold",
    "text": "margin:0 0 8px",
    "link": "color:#0b5394;text-decoration:underline",
}
"""Inline styles only: email programs drop <style>, classes and scripts."""


NEWSLETTER_FOLDERS = folders_of("newsletter")
BUILDER_SCRIPT = "assets/for-schools.js"
"""The link builder, loaded by the page for schools only (family pages do not pay for it)."""
QR_SCRIPT = "assets/vendor/qrcode-generator-2.0.4/qrcode.js"
"""Draws the link builder's QR code in the browser (vendored, see its SOURCE.txt); only the page
for schools names it, and BUILDER_SCRIPT loads it when a reader makes a link."""


# -- on_config: the week pages and the page for schools -------------------------------------------


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library = library_for(config)
    languages = generated_languages(config)
    sync_generated_pages(config, NEWSLETTER_FOLDERS, lambda: _generate_pages(library, languages))
    return config


def _generate_pages(library: Library,
                    languages: tuple[str, ...] | None = None) -> dict[str, str]:
    pages: dict[str, str] = {}
    default = library.languages[0]
    for language in languages or library.languages:  # a preview's rebuild: one
        words = library.strings[language]

        def add(path: str, **meta: Any) -> None:
            pages[page_file(path, language, default)] = page_source(meta)  # noqa: B023

        if library.weeks:
            add("weeks/index", title=words["weeks"], weeks_index=True)
        for week in library.weeks:
            add(
                f"weeks/{week.slug}",
                title=fill(words["week_title"], date=format_date(words, week.start)),
                week=week.slug,
                # a school year of weeks repeats the cards' titles: search finds the cards
                search={"exclude": True},
            )
        add("for-schools/index", title=words["for_schools"], for_schools=True)
    return pages


# -- on_page_content: the "Send this" panel, the weeks, the home page's link --------------------


@event_priority(-60)  # after hooks/guides.py (-50) has rendered a guide and marked glossary terms
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    library = library_for(config)
    language = page_language(config)
    words = library.strings[language]
    here = page.file.src_uri.split(".")[0].removesuffix("index")
    if item := _sendable(library, page):
        view = send_view(library, item, language, config)
        return html + render(config, "partials/send-this.html", send=view, words=words)
    if slug := page.meta.get("week"):
        week = next(week for week in library.weeks if week.slug == str(slug))
        view = _week_view(library, week, language, config, here)
        return render(config, "partials/week.html", week=view, words=words)
    if page.meta.get("weeks_index"):
        return render(
            config,
            "partials/weeks.html",
            weeks=_weeks_list(library, language, here),
            feeds=_feed_links(library, language, config, here),
            words=words,
        )
    if page.meta.get("for_schools"):
        return render(
            config,
            "partials/for-schools.html",
            schools=_for_schools_view(library, language, config, here),
            words=words,
        )
    if page.meta.get("home") and library.weeks:
        return html + render(
            config,
            "partials/this-week.html",
            weeks=_home_weeks(library, language),
            words=words,
            all_url=get_relative_url("weeks/", "."),
            schools_url=get_relative_url("for-schools/", "."),
            offline=script_attributes(library, language, ""),
        )
    return html


HOME_WEEKS = 3
"""Weeks the home page names: this week (on the build's day) and the next ones, so the phone's
own date can still pick the right one when the site was built a week or two before."""


def _home_weeks(library: Library, language: str) -> list[dict[str, Any]]:
    """Every week, for kitchen-table.js to pick the one that holds the phone's date; all but
    HOME_WEEKS of them hidden, so the home page does not list a whole school year."""
    today = library.today or datetime.datetime.now(datetime.UTC).date()
    first = max(0, sum(week.start <= today for week in library.weeks) - 1)
    weeks = _weeks_list(library, language, "")
    for index, week in enumerate(weeks):
        week["hidden"] = not first <= index < first + HOME_WEEKS
    return weeks


def _weeks_list(library: Library, language: str, here: str) -> list[dict[str, str]]:
    words = library.strings[language]
    return [
        {
            "start": week.slug,
            "label": fill(words["week_title"], date=format_date(words, week.start)),
            "url": get_relative_url(f"weeks/{week.slug}/", here or "."),
        }
        for week in library.weeks
    ]


def _feed_links(
    library: Library, language: str, config: MkDocsConfig, here: str
) -> list[dict[str, str]]:
    names = {"feed.xml": library.strings[language]["weeks_feed"]}
    names.update({f"{band}.xml": band_label(library, band, language) for band in BANDS})
    return [
        {
            "label": label,
            "url": get_relative_url(f"weeks/{name}", here or "."),
            # written out, to copy into a feed reader without opening the feed
            "address": _page_address(config, library, language, f"weeks/{name}"),
        }
        for name, label in names.items()
    ]


def _week_view(
    library: Library, week: Week, language: str, config: MkDocsConfig, here: str
) -> dict[str, Any]:
    bands = []
    for band, ids in week.packs.items():
        cards = []
        for card_id in ids:
            activity = library.activity(card_id)
            text = activity.text_in(language)
            cards.append(
                {
                    "title": text.title,
                    "summary": text.summary,
                    "language": text.language,
                    "minutes": activity.minutes,
                    "url": get_relative_url(f"activities/{card_id}/", here),
                    "address": card_address(
                        config.site_url, library.languages[0], card_id, language
                    ),
                }
            )
        label = band_label(library, band, language)
        bands.append(
            {
                "label": label,
                "cards": cards,
                "booklet": {
                    "label": fill(library.strings[language]["booklet_link"], band=label),
                    "url": get_relative_url(booklet_path(week, band), here),
                },
                "planned": week.origin.get(band) == "planned",
                "band": band,
                "offline_label": library.strings[language]["offline_save"].replace(
                    "{band}", label),
                "offline_saved": library.strings[language]["offline_saved"].replace(
                    "{band}", label),
            }
        )
    return {
        "bands": bands,
        "start": week.slug,
        "all_url": get_relative_url("weeks/", here),
        "offline": script_attributes(library, language, here),
    }


_prefix = prefix_of


def _static_pages(library: Library) -> list[tuple[str, str]]:
    """The grade and skill pages: (kind, path) for each, whose addresses never need a choice."""
    grades = [("grade", f"grades/{grade.lower()}/") for grade in GRADES]
    return grades + [("skill", f"skills/{area.id}/") for area in library.taxonomy.areas]


def _for_schools_view(
    library: Library, language: str, config: MkDocsConfig, here: str
) -> dict[str, Any]:
    taxonomy = library.taxonomy
    names = language_names(config)
    static = []
    for grade in GRADES:
        path = f"grades/{grade.lower()}/"
        static.append(
            {
                "label": in_language(taxonomy.grades[grade], language),
                "address": _page_address(config, library, language, path),
                "qr": get_relative_url(f"{path}qr.svg", here),
            }
        )
    for area in taxonomy.areas:
        path = f"skills/{area.id}/"
        static.append(
            {
                "label": in_language(area.labels, language),
                "address": _page_address(config, library, language, path),
                "qr": get_relative_url(f"{path}qr.svg", here),
            }
        )
    return {
        "grades": [
            {"value": g.lower(), "label": in_language(taxonomy.grades[g], language)} for g in GRADES
        ],
        "skills": [
            {"value": area.id, "label": in_language(area.labels, language)}
            for area in taxonomy.areas
        ],
        "languages": [
            {
                "value": other,
                "label": names[other],
                "selected": other == language,
                "catalog": get_relative_url(
                    _prefix(library, other) + "activities/", _prefix(library, language) + here
                ),
            }
            for other in library.languages
        ],
        "catalog_url": get_relative_url("activities/", here),
        # the site's files are served once, at its root: not under the language's folder
        "script": get_relative_url(BUILDER_SCRIPT, _prefix(library, language) + here),
        "qr_script": get_relative_url(QR_SCRIPT, _prefix(library, language) + here),
        "static": static,
        "print": _print_view(library, language, names, here),
    }


def _print_view(
    library: Library, language: str, names: dict[str, str], here: str
) -> dict[str, Any] | None:
    """This week's booklets (the week that holds the build's day, else the first), for every
    band in every language: "print this week for grade 3, in Somali"."""
    if not library.weeks:
        return None
    today = library.today or datetime.datetime.now(datetime.UTC).date()
    started = [week for week in library.weeks if week.start <= today]
    week = started[-1] if started else library.weeks[0]
    words = library.strings[language]
    here_full = prefix_of(library, language) + here
    return {
        "title": fill(words["week_title"], date=format_date(words, week.start)),
        "weeks_url": get_relative_url("weeks/", here),
        "bands": [
            {
                "label": band_label(library, band, language),
                "booklets": [
                    {
                        "language": other,
                        "name": names[other],
                        "url": get_relative_url(
                            prefix_of(library, other) + booklet_path(week, band), here_full
                        ),
                    }
                    for other in library.languages
                ],
            }
            for band in week.packs
        ],
    }


# -- on_page_context: the weekly feed, where feed readers look for it --------------------------


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    library = library_for(config)
    if library.weeks and (
        page.meta.get("home") or page.meta.get("weeks_index") or page.meta.get("week")
    ):
        context["weeks_feed"] = feed_discovery(library, page_language(config), config, page.url)
    return context


def feed_discovery(
    library: Library, language: str, config: MkDocsConfig, page_url: str
) -> dict[str, str]:
    """The <link rel="alternate"> of `language`'s weekly feed for a page at `page_url`: the title
    the feed itself carries and an address relative to the page (a preview works too)."""
    words = library.strings[language]
    return {
        "title": f"{config.site_name}: {words['weeks']}",
        "href": get_relative_url(f"{_prefix(library, language)}weeks/feed.xml", page_url or "."),
    }


# -- the "Send this" panel on a card or a guide -------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    """What the kit needs to know of a kind of page it makes ready to send."""

    name: str
    """What sms.csv's `kind` column says."""
    folder: str
    """Where its pages are: activities/<id>/, guides/<id>/."""
    lead: str
    """The interface words that make a text message from the title."""
    open: str
    """The interface words of the email's link."""


ACTIVITY = _Kind("activity", "activities", "sms_lead", "open_activity")
GUIDE = _Kind("guide", "guides", "sms_lead_guide", "open_guide")
Sendable = Activity | Guide
"""A card or a guide: what gets a "Send this" panel, QR code files and a row in sms.csv."""


def _kind_of(item: Sendable) -> _Kind:
    return ACTIVITY if isinstance(item, Activity) else GUIDE


def _sendable(library: Library, page: Page) -> Sendable | None:
    if activity_id := page.meta.get("activity"):
        return library.activity(activity_id)
    if guide_id := page.meta.get("guide"):
        return library.guide(guide_id)
    return None


def address(config: MkDocsConfig, item: Sendable, language: str) -> str:
    """The card's or guide's permanent address in `language`: what texts and QR codes open."""
    default = site_languages(config)[0]
    return permanent_address(config.site_url, default, _kind_of(item).folder, item.id, language)


def text_message(library: Library, item: Sendable, language: str, config: MkDocsConfig) -> str:
    """The card's or guide's text message in `language`, with its link."""
    text = item.text_in(language)
    # not translated yet: the English words with the English lead-in, never a mix
    lead = library.strings[text.language][_kind_of(item).lead]
    return sms.text_for(text.sms, text.title, lead, address(config, item, language))


def blurbs(
    library: Library, item: Sendable, language: str, config: MkDocsConfig
) -> tuple[str, str]:
    """The newsletter blurb as plain text and as email-safe HTML (inline styles only)."""
    text = item.text_in(language)
    link = address(config, item, language)
    title, summary = text.title, plain(text.summary)
    words = library.strings[language]
    direction = ' dir="rtl"' if text.language == "ar" else ""
    html = (
        f'<div lang="{text.language}"{direction} style="{EMAIL_STYLE["box"]}">'
        f'<p style="{EMAIL_STYLE["title"]}">{escape(title)}</p>'
        f'<p style="{EMAIL_STYLE["text"]}">{escape(summary)}</p>'
        f'<p style="{EMAIL_STYLE["text"]}"><a href="{escape(link)}" '
        f'style="{EMAIL_STYLE["link"]}">{escape(words[_kind_of(item).open])}</a></p></div>'
    )
    return f"{title}\n\n{summary}\n\n{link}", html


def send_view(
    library: Library, item: Sendable, language: str, config: MkDocsConfig
) -> dict[str, Any]:
    message = text_message(library, item, language, config)
    counted = sms.count(message)
    plain_blurb, html_blurb = blurbs(library, item, language, config)
    here = f"{_kind_of(item).folder}/{item.id}/"
    return {
        "sms": message,
        "count": counted,
        "limit": counted.single_limit
        if counted.segments == 1
        else {"GSM-7": 153, "UCS-2": 67}[counted.encoding] * counted.segments,
        "plain": plain_blurb,
        "html": html_blurb,
        "qr_svg": "qr.svg",
        "qr_png": "qr.png",
        "csv_url": get_relative_url(CSV_PATH, here),
    }


# -- files written after each language's build ----------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    library = library_for(config)
    language = page_language(config)
    root = Path(config.site_dir)
    if language != site_languages(config)[0]:
        root = root / language
    rows = []
    kept = kept_by_preview(config)
    for item in (*library.activities, *library.guides):
        link = address(config, item, language)
        text = item.text_in(language)
        folder = root / _kind_of(item).folder / item.id
        if f"{_kind_of(item).folder}/{item.id}" not in kept or not (
                (folder / "qr.svg").is_file() and (folder / "qr.png").is_file()):
            folder.mkdir(parents=True, exist_ok=True)
            code = qr_code(link, qr_cache(config))
            code.save(folder / "qr.svg", kind="svg", scale=4, border=4, title=text.title)
            code.save(folder / "qr.png", kind="png", scale=QR_SCALE_PNG, border=4,
                      compresslevel=PNG_COMPRESSION)
        message = text_message(library, item, language, config)
        counted = sms.count(message)
        rows.append(
            (
                _kind_of(item).name,
                item.id,
                text.language,
                spreadsheet_cell(text.title),
                spreadsheet_cell(message),
                counted.encoding,
                counted.segments,
                link,
            )
        )
    rows += _week_rows(library, language, config)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    target = root / CSV_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out.getvalue(), encoding="utf-8", newline="")
    for _kind, path in _static_pages(library):
        code = qr_code(_page_address(config, library, language, path), qr_cache(config))
        (root / path).mkdir(parents=True, exist_ok=True)
        code.save(root / path / "qr.svg", kind="svg", scale=4, border=4)
    if library.weeks:
        _write_feeds(library, language, config, root)
        booklets = write_booklets(library, language, config, root, language_names(config))
        write_offline(library, language, config, root)
        log.debug(f"{language}: {booklets} weekly paper packs written")
    log.debug(f"{language}: {len(rows)} QR code pairs and {CSV_PATH} written")


def _week_rows(library: Library, language: str, config: MkDocsConfig) -> list[tuple[Any, ...]]:
    """sms.csv's rows for the weekly packs: one text per week and band, with the week's link
    (kind "week", id "<monday>/<band>"), as the plan has them."""
    words = library.strings[language]
    rows = []
    for week in library.weeks:
        link = page_address(config, library, language, f"weeks/{week.slug}/")
        for band in week.packs:
            label = band_label(library, band, language)
            message = sms.text_for(None, label, words["sms_lead_week"], link)
            counted = sms.count(message)
            title = fill(words["week_title"], date=format_date(words, week.start))
            rows.append(("week", f"{week.slug}/{band}", language, f"{title} · {label}", message,
                         counted.encoding, counted.segments, link))
    return rows


# -- Atom feeds of the weekly packs and of new activities ------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


FEED_STYLE = "feed.xsl"
"""Beside the feeds in weeks/: how a feed reads when a person opens it (feed readers ignore it)."""
FEED_CSS = "assets/feed.css"


def _write_feeds(library: Library, language: str, config: MkDocsConfig, root: Path) -> None:
    """weeks/feed.xml (every band), weeks/<band>.xml and weeks/feed.xsl. A feed lists the weeks
    that have started (library.today), none still to come, each dated by its Monday (a card is
    new in the first week that sends it), so the same content on the same day builds the same
    feeds, and no entry is dated in the future."""
    folder = root / "weeks"
    folder.mkdir(parents=True, exist_ok=True)
    for band in (None, *BANDS):
        name = "feed.xml" if band is None else f"{band}.xml"
        entries = _feed_entries(library, language, config, band)
        (folder / name).write_bytes(_atom(library, language, config, name, band, entries))
    prefix = _prefix(library, language)
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


_page_address = page_address


def _feed_entries(
    library: Library, language: str, config: MkDocsConfig, band: str | None
) -> list[dict[str, str]]:
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
        address = _page_address(config, library, language, f"weeks/{week.slug}/")
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


def _stamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _atom(
    library: Library,
    language: str,
    config: MkDocsConfig,
    name: str,
    band: str | None,
    entries: list[dict[str, Any]],
) -> bytes:
    words = library.strings[language]
    address = _page_address(config, library, language, f"weeks/{name}")
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
            "href": _page_address(config, library, language, "weeks/"),
        },
    )
    # no week has started yet: the feed is as new as the first week it will carry
    newest = max((e["updated"] for e in entries), default=None) or (
        library.weeks[0].start if library.weeks else datetime.date(1970, 1, 1)
    )
    ET.SubElement(feed, "updated").text = _stamp(newest)
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = config.site_name
    for entry in entries:
        item = ET.SubElement(feed, "entry")
        ET.SubElement(item, "title").text = entry["title"]
        ET.SubElement(item, "id").text = entry["id"]
        ET.SubElement(
            item, "link", {"rel": "alternate", "type": "text/html", "href": entry["link"]}
        )
        ET.SubElement(item, "updated").text = _stamp(entry["updated"])
        ET.SubElement(item, "summary").text = entry["summary"]
        ET.SubElement(item, "content", {"type": "html"}).text = entry["content"]
    ET.indent(feed)
    # a person who opens the feed sees a page (weeks/feed.xsl, same origin), not raw XML
    head = (
        b"<?xml version='1.0' encoding='utf-8'?>\n"
        + f'<?xml-stylesheet type="text/xsl" href="{FEED_STYLE}"?>\n'.encode()
    )
    return head + ET.tostring(feed, encoding="utf-8") + b"\n"
