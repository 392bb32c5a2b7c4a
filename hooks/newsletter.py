"""The newsletter kit for schools: everything a school needs to send an activity to families.

The hook only: it owns content/weeks.yml (the weekly packs) and the generated folders docs/weeks/
and docs/for-schools/ (gitignored), and hands each job to its module in hooks/kitchen_site/.
Reads the activity cards (content/activities/, including their optional `sms:` text) and the
newcomer guides (content/guides/, likewise). Events:
- on_config: write the week pages, the list of weeks and the page for schools;
- on_page_content (after hooks/activities.py has rendered a card and hooks/guides.py a guide),
  for those pages and the home page only: on each card and guide, the "Send this" panel
  (kitchen_site.send: the text message with its SMS segment count, a newsletter blurb as plain
  text and as email-safe HTML, links to its QR code files; overrides/partials/send-this.html);
  the week pages, the list of weeks (kitchen_site.weeks), the page for schools
  (kitchen_site.for_schools), and on the home page a link to this week's pack (kitchen-table.js
  picks the week from the phone's date);
- on_page_context, on the home page, the list of weeks and each week page only: the language's
  weekly feed for feed readers and newsletter tools to discover (overrides/main.html's <head>;
  card pages stay light);
- on_post_build: for the language just built, each card's and guide's QR code as files and
  every text message in one CSV (kitchen_site.share_files), the Atom feeds of weekly packs and
  new activities (kitchen_site.feeds), the paper packs (kitchen_site.booklets) and the offline
  service worker (kitchen_site.offline).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from content_library import (
    format_date,
    generated_languages,
    language_names,
    library_for,
    page_language,
    page_source,
    render,
    site_languages,
    sync_generated_pages,
)
from kitchen_site.booklets import write_booklets
from kitchen_site.feeds import feed_discovery, write_feeds
from kitchen_site.for_schools import for_schools_view
from kitchen_site.offline import script_attributes, write_offline
from kitchen_site.send import CSV_PATH, send_view, sendable
from kitchen_site.share_files import write_share_files
from kitchen_site.weeks import feed_links, home_weeks, week_view, weeks_list
from kitchen_table.addresses import folders_of, page_file
from kitchen_table.library import Library
from kitchen_table.strings import fill
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

NEWSLETTER_FOLDERS = folders_of("newsletter")


# -- on_config: the week pages and the page for schools -------------------------------------------


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library = library_for(config)
    languages = generated_languages(config)
    sync_generated_pages(config, NEWSLETTER_FOLDERS, lambda: _generate_pages(library, languages))
    return config


def _generate_pages(library: Library, languages: tuple[str, ...] | None = None) -> dict[str, str]:
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


# -- on_page_content: the "Send this" panel, the weeks, the home page's link --------------------


@event_priority(-60)  # after hooks/guides.py (-50) has rendered a guide and marked glossary terms
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = page.meta
    if not (
        meta.get("activity")
        or meta.get("guide")
        or meta.get("week")
        or meta.get("weeks_index")
        or meta.get("for_schools")
        or meta.get("home")
    ):
        return html  # not a page of ours
    library = library_for(config)
    language = page_language(config)
    words = library.strings[language]
    here = page.file.src_uri.split(".")[0].removesuffix("index")
    if item := sendable(library, page):
        view = send_view(library, item, language, config)
        return html + render(config, "partials/send-this.html", send=view, words=words)
    if slug := meta.get("week"):
        week = next(week for week in library.weeks if week.slug == str(slug))
        return render(
            config,
            "partials/week.html",
            week=week_view(library, week, language, config, here),
            words=words,
        )
    if meta.get("weeks_index"):
        return render(
            config,
            "partials/weeks.html",
            weeks=weeks_list(library, language, here),
            feeds=feed_links(library, language, config, here),
            words=words,
        )
    if meta.get("for_schools"):
        return render(
            config,
            "partials/for-schools.html",
            schools=for_schools_view(library, language, config, here),
            words=words,
        )
    if meta.get("home") and library.weeks:
        return html + render(
            config,
            "partials/this-week.html",
            weeks=home_weeks(library, language),
            words=words,
            all_url=get_relative_url("weeks/", "."),
            schools_url=get_relative_url("for-schools/", "."),
            offline=script_attributes(library, language, ""),
        )
    return html


# -- on_page_context: the weekly feed, where feed readers look for it --------------------------


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    if not (page.meta.get("home") or page.meta.get("weeks_index") or page.meta.get("week")):
        return context  # the feed is named on the home page and the weeks pages only
    library = library_for(config)
    if library.weeks:
        context["weeks_feed"] = feed_discovery(library, page_language(config), config, page.url)
    return context


# -- files written after each language's build ----------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    library = library_for(config)
    language = page_language(config)
    root = Path(config.site_dir)
    if language != site_languages(config)[0]:
        root = root / language
    rows = write_share_files(library, language, config, root)
    if library.weeks:
        write_feeds(library, language, config, root)
        booklets = write_booklets(library, language, config, root, language_names(config))
        write_offline(library, language, config, root)
        log.debug(f"{language}: {booklets} weekly paper packs written")
    log.debug(f"{language}: {rows} QR code pairs and {CSV_PATH} written")
