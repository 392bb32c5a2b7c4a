"""The "Send this to families" panel on a card or a guide (overrides/partials/send-this.html):
the text message with its SMS segment count, the newsletter blurb as plain text and as
email-safe HTML, and links to the QR code files and the CSV (kitchen_site.share_files)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from content_library import site_languages
from kitchen_table import sms
from kitchen_table.activities import Activity
from kitchen_table.addresses import permanent_address
from kitchen_table.guides import Guide
from kitchen_table.library import Library
from kitchen_table.text import plain
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

CSV_PATH = "newsletter/sms.csv"
CSV_HEADER = ("kind", "id", "language", "title", "sms", "encoding", "segments", "link")
"""kind: activity, guide or week (id <monday>/<band>: that week's pack for the band)."""

EMAIL_STYLE = {
    "box": "font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.4;color:#1a1a1a",
    "title": "margin:0 0 8px;font-size:18px;font-weight:bold",
    "text": "margin:0 0 8px",
    "link": "color:#0b5394;text-decoration:underline",
}
"""Inline styles only: email programs drop <style>, classes and scripts."""


@dataclass(frozen=True)
class Kind:
    """What the kit needs to know of a kind of page it makes ready to send."""

    name: str
    """What sms.csv's `kind` column says."""
    folder: str
    """Where its pages are: activities/<id>/, guides/<id>/."""
    lead: str
    """The interface words that make a text message from the title."""
    open: str
    """The interface words of the email's link."""


ACTIVITY = Kind("activity", "activities", "sms_lead", "open_activity")
GUIDE = Kind("guide", "guides", "sms_lead_guide", "open_guide")
Sendable = Activity | Guide
"""A card or a guide: what gets a "Send this" panel, QR code files and a row in sms.csv."""


def kind_of(item: Sendable) -> Kind:
    return ACTIVITY if isinstance(item, Activity) else GUIDE


def sendable(library: Library, page: Page) -> Sendable | None:
    if activity_id := page.meta.get("activity"):
        return library.activity(activity_id)
    if guide_id := page.meta.get("guide"):
        return library.guide(guide_id)
    return None


def address(config: MkDocsConfig, item: Sendable, language: str) -> str:
    """The card's or guide's permanent address in `language`: what texts and QR codes open."""
    default = site_languages(config)[0]
    return permanent_address(config.site_url, default, kind_of(item).folder, item.id, language)


def text_message(library: Library, item: Sendable, language: str, config: MkDocsConfig) -> str:
    """The card's or guide's text message in `language`, with its link."""
    text = item.text_in(language)
    # not translated yet: the English words with the English lead-in, never a mix
    lead = library.strings[text.language][kind_of(item).lead]
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
        f'style="{EMAIL_STYLE["link"]}">{escape(words[kind_of(item).open])}</a></p></div>'
    )
    return f"{title}\n\n{summary}\n\n{link}", html


def send_view(
    library: Library, item: Sendable, language: str, config: MkDocsConfig
) -> dict[str, Any]:
    message = text_message(library, item, language, config)
    counted = sms.count(message)
    plain_blurb, html_blurb = blurbs(library, item, language, config)
    here = f"{kind_of(item).folder}/{item.id}/"
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
