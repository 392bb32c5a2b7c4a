"""The newsletter kit for schools: everything a school needs to send an activity to families.

Owns no content of its own yet: it reads the activity cards (content/activities/, including their
optional `sms:` text). Events:
- on_page_content (after hooks/activities.py has rendered a card): the "Send this" panel — the
  text message with its SMS segment count, a newsletter blurb as plain text and as email-safe
  HTML, and links to the card's QR code files (overrides/partials/send-this.html);
- on_post_build: for the language just built, each card's QR code as files
  (activities/<id>/qr.svg and qr.png) and every card's text message in one CSV for
  bulk-messaging tools (newsletter/sms.csv).
"""

from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import segno
from content_library import library_for, page_language, render, site_languages
from kitchen_table import sms
from kitchen_table.activities import Activity, card_address
from kitchen_table.library import Library
from kitchen_table.text import plain
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

CSV_PATH = "newsletter/sms.csv"
CSV_HEADER = ("id", "language", "title", "sms", "encoding", "segments", "link")
QR_SCALE_PNG = 10
"""Pixels per QR module in the PNG: sharp when printed a few centimetres wide."""
EMAIL_STYLE = {
    "box": "font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.4;color:#1a1a1a",
    "title": "margin:0 0 8px;font-size:18px;font-weight:bold",
    "text": "margin:0 0 8px",
    "link": "color:#0b5394;text-decoration:underline",
}
"""Inline styles only: email programs drop <style>, classes and scripts."""


# -- the "Send this" panel on a card ------------------------------------------------------------


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    activity_id = page.meta.get("activity")
    if not activity_id:
        return html
    library = library_for(config)
    language = page_language(config)
    view = send_view(library, library.activity(activity_id), language, config)
    return html + render(
        config, "partials/send-this.html", send=view, words=library.strings[language]
    )


def text_message(library: Library, activity: Activity, language: str, config: MkDocsConfig) -> str:
    """The card's text message in `language`, with its link."""
    text = activity.text_in(language)
    link = card_address(config.site_url, site_languages(config)[0], activity.id, language)
    # not translated yet: the English words with the English lead-in, never a mix
    lead = library.strings[text.language]["sms_lead"]
    return sms.card_text(text.sms, plain(text.title), lead, link)


def blurbs(
    library: Library, activity: Activity, language: str, config: MkDocsConfig
) -> tuple[str, str]:
    """The newsletter blurb as plain text and as email-safe HTML (inline styles only)."""
    text = activity.text_in(language)
    link = card_address(config.site_url, site_languages(config)[0], activity.id, language)
    title, summary = plain(text.title), plain(text.summary)
    words = library.strings[language]
    direction = ' dir="rtl"' if text.language == "ar" else ""
    html = (
        f'<div lang="{text.language}"{direction} style="{EMAIL_STYLE["box"]}">'
        f'<p style="{EMAIL_STYLE["title"]}">{escape(title)}</p>'
        f'<p style="{EMAIL_STYLE["text"]}">{escape(summary)}</p>'
        f'<p style="{EMAIL_STYLE["text"]}"><a href="{escape(link)}" '
        f'style="{EMAIL_STYLE["link"]}">{escape(words["open_activity"])}</a></p></div>'
    )
    return f"{title}\n\n{summary}\n\n{link}", html


def send_view(
    library: Library, activity: Activity, language: str, config: MkDocsConfig
) -> dict[str, Any]:
    message = text_message(library, activity, language, config)
    counted = sms.count(message)
    plain_blurb, html_blurb = blurbs(library, activity, language, config)
    here = f"activities/{activity.id}/"
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
    for activity in library.activities:
        link = card_address(config.site_url, site_languages(config)[0], activity.id, language)
        folder = root / "activities" / activity.id
        folder.mkdir(parents=True, exist_ok=True)
        code = segno.make(link, error="m")
        code.save(
            folder / "qr.svg",
            kind="svg",
            scale=4,
            border=4,
            title=plain(activity.text_in(language).title),
        )
        code.save(folder / "qr.png", kind="png", scale=QR_SCALE_PNG, border=4)
        message = text_message(library, activity, language, config)
        counted = sms.count(message)
        rows.append(
            (
                activity.id,
                activity.text_in(language).language,
                plain(activity.text_in(language).title),
                message,
                counted.encoding,
                counted.segments,
                link,
            )
        )
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    target = root / CSV_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out.getvalue(), encoding="utf-8", newline="")
    log.debug(f"{language}: {len(rows)} QR code pairs and {CSV_PATH} written")
