"""Newcomer guides, the glossary of school words and the school year at a glance.

Owns content/guides/, content/glossary.yml and content/school.yml on the site, and the generated
folders docs/guides/, docs/glossary/ and docs/school-year/ (gitignored). Events:
- on_config: validate the library (abort with every error), show content/school.yml's details to
  templates as config.extra.school, write the guide, glossary and school-year pages;
- on_page_markdown: "Edit this page" opens the YAML file the page comes from;
- on_page_content: render those pages from overrides/partials/; then, in guides and activity
  cards, mark each glossary term's first appearance: <abbr title> with the definition in the
  reader's language (a tooltip on hover), inside a link to the term on the glossary page (a tap
  on a phone, no JavaScript needed);
- on_post_build: every guide got its page, and the school year's .ics calendar in this language.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import icalendar
from babel.dates import format_date
from content_library import (
    generated_languages,
    library_for,
    page_language,
    page_source,
    page_title,
    render,
    sync_generated_pages,
)
from kitchen_table.addresses import folders_of, page_file
from kitchen_table.calendar import build_time, event_key, sequences
from kitchen_table.glossary import Term, mark_first_terms
from kitchen_table.guides import Guide
from kitchen_table.library import Library
from kitchen_table.school import School
from kitchen_table.strings import fill
from kitchen_table.text import plain
from kitchen_table.translation_model import ORIGINAL, provenance_note
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

GUIDE_FOLDERS = folders_of("guides")
CALENDAR_FILE = "school-year.ics"
# CLDR has no Haitian Creole date names (Babel answers in French): the site's own, until it does
_HAITIAN_MONTHS = (
    "janvye",
    "fevriye",
    "mas",
    "avril",
    "me",
    "jen",
    "jiyè",
    "out",
    "septanm",
    "oktòb",
    "novanm",
    "desanm",
)
_HAITIAN_DAYS = ("lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi", "dimanch")


# -- on_config ------------------------------------------------------------------------------------


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library = library_for(config)
    if library.school is not None:
        details = library.school.details
        # the names templates have used since the school lived in mkdocs.yml's extra.school
        config.extra["school"] = {**details, "phone": details["office_phone"]}
    languages = generated_languages(config)
    sync_generated_pages(config, GUIDE_FOLDERS, lambda: _generate_pages(library, languages))
    _drop_absent_pages_from_nav(config, library)
    return config


def _drop_absent_pages_from_nav(config: MkDocsConfig, library: Library) -> None:
    """A site without guides, glossary or school file gets no such page: its nav entry goes too
    (a nav entry without its page is a warning, which fails a strict build)."""
    absent = {
        "guides/index.md": not library.guides,
        "glossary/index.md": library.glossary is None,
        "school-year/index.md": library.school is None,
    }

    def is_absent(entry: object) -> bool:
        if isinstance(entry, dict) and len(entry) == 1:
            entry = next(iter(entry.values()))
        return isinstance(entry, str) and absent.get(entry, False)

    if isinstance(config.nav, list):
        config.nav[:] = [entry for entry in config.nav if not is_absent(entry)]


def _generate_pages(library: Library, languages: tuple[str, ...] | None = None) -> dict[str, str]:
    pages: dict[str, str] = {}
    default = library.languages[0]
    for language in languages or library.languages:  # a preview's rebuild: one
        words = library.strings[language]

        def add(path: str, **meta: Any) -> None:
            pages[page_file(path, language, default)] = page_source(meta)  # noqa: B023

        if library.guides:
            add("guides/index", title=words["guides"], guides_index=True)
        for guide in library.guides:
            text = guide.text_in(language)
            add(
                f"guides/{guide.id}",
                title=text.title,
                description=plain(text.summary),
                guide=guide.id,
            )
        if library.glossary is not None:
            add("glossary/index", title=words["glossary"], glossary=True)
        if library.school is not None:
            add(
                "school-year/index",
                title=fill(words["school_year"], year=library.school.year),
                school_year=True,
            )
    return pages


# -- on_page_markdown: edit the YAML, not the generated page -------------------------------------


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    library = library_for(config)
    source = None
    if guide_id := page.meta.get("guide"):
        source = library.guide(guide_id).source
    elif page.meta.get("glossary") and library.glossary is not None:
        source = library.glossary.source
    elif page.meta.get("school_year") and library.school is not None:
        source = library.school.source
    if source and page.edit_url:
        root = Path(config.config_file_path).parent
        generated = Path(config.docs_dir) / page.file.src_uri
        relative = os.path.relpath(root / source, generated.parent)
        page.edit_url = urljoin(page.edit_url, Path(relative).as_posix())
    return markdown


# -- on_page_content ------------------------------------------------------------------------------


@event_priority(-50)  # after hooks/activities.py has rendered the card, so its terms are marked
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not any(
        page.meta.get(key)
        for key in ("guide", "guides_index", "glossary", "school_year", "activity")
    ):
        return html  # ours: the guides, glossary and school year; a card for its glossary terms
    library = library_for(config)
    language = page_language(config)
    words = library.strings[language]
    here = _here(page)
    if guide_id := page.meta.get("guide"):
        view = _guide_view(library, library.guide(guide_id), language, config)
        html = render(config, "partials/guide.html", guide=view, words=words)
    elif page.meta.get("guides_index"):
        html = render(
            config,
            "partials/guides-index.html",
            words=words,
            title=page_title(page),
            guides=[_guide_summary(g, language, here) for g in library.guides],
            glossary_url=_url("glossary/", here) if library.glossary else None,
            school_year_url=_url("school-year/", here) if library.school else None,
        )
    elif page.meta.get("glossary") and library.glossary is not None:
        return render(
            config,
            "partials/glossary.html",
            words=words,
            title=page_title(page),
            terms=glossary_view(library, language),
            provenance=_glossary_provenance(library, language),
            language=language,
        )
    elif page.meta.get("school_year") and library.school is not None:
        return render(
            config,
            "partials/school-year.html",
            words=words,
            title=page_title(page),
            school=library.school,
            dates=dates_view(library.school, language),
            calendar=CALENDAR_FILE,
        )
    if (page.meta.get("guide") or page.meta.get("activity")) and library.glossary is not None:
        glossary_url = _url("glossary/", here)
        # an untranslated page shows English: find the English words, define them in the reader's
        shown = (
            library.guide(page.meta["guide"])
            if page.meta.get("guide")
            else library.activity(page.meta["activity"])
        )
        text_language = shown.text_in(language).language

        def mark(term: Term, found: str) -> str:
            entry = term.in_language(language)
            definition = entry.definition
            # a machine-translated definition says so in its tooltip, as the glossary page does
            if note := _glossary_provenance(library, language, term):
                definition = f"{definition}\n\n{note}"
            return (
                f'<a class="kt-term" href="{escape(glossary_url)}#{term.id}">'
                f'<abbr title="{escape(definition)}">{found}</abbr></a>'
            )

        html = Markup(mark_first_terms(str(html), library.glossary, text_language, mark))
    return html


def _here(page: Page) -> str:
    """The page's address without the language prefix: links between pages of one language are
    relative, so they stay in that language (guides/enrolling.es.md -> guides/enrolling/)."""
    path = page.file.src_uri.split(".")[0].removesuffix("index")
    return path if not path or path.endswith("/") else f"{path}/"


def _url(target: str, here: str) -> str:
    return get_relative_url(target, here or ".")


def _editors_guide(config: MkDocsConfig) -> str:
    repo = (config.repo_url or "").rstrip("/")
    return f"{repo}/blob/main/CONTRIBUTING.md#add-a-translation"


def _guide_view(
    library: Library, guide: Guide, language: str, config: MkDocsConfig
) -> dict[str, Any]:
    text = guide.text_in(language)
    here = f"guides/{guide.id}/"
    return {
        "id": guide.id,
        "text": text,
        "sources": guide.sources,
        "language": language,
        "translated": guide.is_translated(language),
        "stale": guide.is_stale(language),
        "provenance": guide.provenance_note(language, library.strings[language]),
        "help_url": _editors_guide(config),
        "all_url": _url("guides/", here),
        "glossary_url": _url("glossary/", here) if library.glossary else None,
    }


def _guide_summary(guide: Guide, language: str, here: str) -> dict[str, Any]:
    text = guide.text_in(language)
    return {
        "title": text.title,
        "summary": text.summary,
        "language": text.language,
        "url": _url(f"guides/{guide.id}/", here),
    }


def _glossary_provenance(library: Library, language: str, term: Term | None = None) -> str:
    """How the glossary's definitions in `language` were translated ("Translated by computer…"),
    or "" for the original; for one `term`, "" when it falls back to the English."""
    glossary = library.glossary
    assert glossary is not None
    if term is not None and language not in term.entries:
        return ""
    return provenance_note(glossary.translations.get(language, ORIGINAL), library.strings[language])


def glossary_view(library: Library, language: str) -> list[dict[str, Any]]:
    glossary = library.glossary
    assert glossary is not None
    view = []
    for term in glossary.sorted_terms(language):
        entry = term.in_language(language)
        english = term.entries["en"].term
        view.append(
            {
                "id": term.id,
                "term": entry.term,
                "definition": entry.definition,
                "language": language if language in term.entries else "en",
                "english": english if english != entry.term else None,
            }
        )
    return view


def dates_view(school: School, language: str) -> list[dict[str, Any]]:
    return [
        {
            "kind": day.kind,
            "what": day.what_in(language),
            "what_language": language if language in day.what else "en",
            "start": day.start.isoformat(),
            "end": day.end.isoformat(),
            "when": _when(day.start, day.end, language),
        }
        for day in school.dates
    ]


def _day_name(day: datetime.date, language: str) -> str:
    if language == "ht":
        return (
            f"{_HAITIAN_DAYS[day.weekday()]} {day.day} {_HAITIAN_MONTHS[day.month - 1]} {day.year}"
        )
    return format_date(day, format="full", locale=language)


def _when(start: datetime.date, end: datetime.date, language: str) -> str:
    if start == end:
        return _day_name(start, language)
    return f"{_day_name(start, language)} – {_day_name(end, language)}"


# -- on_post_build: pages and the calendar --------------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    library = library_for(config)
    language = page_language(config)
    root = Path(config.site_dir)
    if language != library.languages[0]:
        root = root / language
    lost = [
        guide.source
        for guide in library.guides
        if not (root / "guides" / guide.id / "index.html").is_file()
    ]
    if lost:
        raise PluginError(
            f"{len(lost)} valid guide(s) got no page in {language}: "
            f"{', '.join(lost)} — check exclude_docs, not_in_nav and plugins "
            "in mkdocs.yml"
        )
    if library.school is not None:
        calendar = school_calendar(
            library.school, language, config.site_url or "", library.calendar_versions
        )
        target = root / "school-year" / CALENDAR_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(calendar.to_ical())


def school_calendar(
    school: School,
    language: str,
    site_url: str,
    versions: Mapping[str, tuple[int, str]] | None = None,
    stamp: datetime.datetime | None = None,
) -> icalendar.Calendar:
    """The school year as an iCalendar file a phone's calendar imports: one all-day event per
    date, named in `language`. Each event's UID stays the same when its words change, its
    SEQUENCE grows when it changes (kitchen_table.calendar), and DTSTAMP is when the file was
    built, so importing an updated file changes events instead of doubling them."""
    host = urlsplit(site_url).hostname or "kitchen-table.invalid"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Kitchen Table//School year//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{school.details['name']} {school.year}")
    stamp = stamp or build_time()
    numbers = sequences(school, versions or {})
    for day in school.dates:
        key = event_key(school, day)
        event = icalendar.Event()
        event.add("uid", f"{key}@{host}")
        event.add("dtstamp", stamp)
        event.add("sequence", numbers[key])
        event.add("summary", day.what_in(language))
        event.add("dtstart", day.start)
        event.add("dtend", day.end + datetime.timedelta(days=1))  # all-day: the end is exclusive
        event.add("categories", [day.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar
