"""The page for schools (/for-schools/, hooks/newsletter.py renders it with
overrides/partials/for-schools.html): the link builder, the grade and skill pages' addresses
with their QR codes, and this week's booklets to print in every language."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from content_library import format_date, language_names
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.taxonomy import GRADES, in_language
from mkdocs.utils import get_relative_url

from kitchen_site.booklets import band_label, booklet_path, page_address, prefix_of

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

BUILDER_SCRIPT = "assets/for-schools.js"
"""The link builder, loaded by the page for schools only (family pages do not pay for it)."""
QR_SCRIPT = "assets/vendor/qrcode-generator-2.0.4/qrcode.js"
"""Draws the link builder's QR code in the browser (vendored, see its SOURCE.txt); only the page
for schools names it, and BUILDER_SCRIPT loads it when a reader makes a link."""


def static_pages(library: Library) -> list[tuple[str, str]]:
    """The grade and skill pages: (kind, path) for each, whose addresses never need a choice."""
    grades = [("grade", f"grades/{grade.lower()}/") for grade in GRADES]
    return grades + [("skill", f"skills/{area.id}/") for area in library.taxonomy.areas]


def for_schools_view(
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
                "address": page_address(config, library, language, path),
                "qr": get_relative_url(f"{path}qr.svg", here),
            }
        )
    for area in taxonomy.areas:
        path = f"skills/{area.id}/"
        static.append(
            {
                "label": in_language(area.labels, language),
                "address": page_address(config, library, language, path),
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
                    prefix_of(library, other) + "activities/", prefix_of(library, language) + here
                ),
            }
            for other in library.languages
        ],
        "catalog_url": get_relative_url("activities/", here),
        # the site's files are served once, at its root: not under the language's folder
        "script": get_relative_url(BUILDER_SCRIPT, prefix_of(library, language) + here),
        "qr_script": get_relative_url(QR_SCRIPT, prefix_of(library, language) + here),
        "static": static,
        "print": print_view(library, language, names, here),
    }


def print_view(
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
