"""The weekly packs on the site: the list of weeks, each week's page and the home page's link to
this week's pack (hooks/newsletter.py renders them with overrides/partials/weeks.html, week.html
and this-week.html). The plan itself is the content model's (kitchen_table.plan, .weeks)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from content_library import format_date
from kitchen_table.activities import card_address
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.weeks import BANDS, Week
from mkdocs.utils import get_relative_url

from kitchen_site.booklets import band_label, booklet_path, page_address
from kitchen_site.offline import script_attributes

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

HOME_WEEKS = 3
"""Weeks the home page names: this week (on the build's day) and the next ones, so the phone's
own date can still pick the right one when the site was built a week or two before."""


def home_weeks(library: Library, language: str) -> list[dict[str, Any]]:
    """Every week, for kitchen-table.js to pick the one that holds the phone's date; all but
    HOME_WEEKS of them hidden, so the home page does not list a whole school year."""
    today = library.today or datetime.datetime.now(datetime.UTC).date()
    first = max(0, sum(week.start <= today for week in library.weeks) - 1)
    weeks = weeks_list(library, language, "")
    for index, week in enumerate(weeks):
        week["hidden"] = not first <= index < first + HOME_WEEKS
    return weeks


def weeks_list(library: Library, language: str, here: str) -> list[dict[str, Any]]:
    words = library.strings[language]
    return [
        {
            "start": week.slug,
            "label": fill(words["week_title"], date=format_date(words, week.start)),
            "url": get_relative_url(f"weeks/{week.slug}/", here or "."),
        }
        for week in library.weeks
    ]


def feed_links(
    library: Library, language: str, config: MkDocsConfig, here: str
) -> list[dict[str, str]]:
    names = {"feed.xml": library.strings[language]["weeks_feed"]}
    names.update({f"{band}.xml": band_label(library, band, language) for band in BANDS})
    return [
        {
            "label": label,
            "url": get_relative_url(f"weeks/{name}", here or "."),
            # written out, to copy into a feed reader without opening the feed
            "address": page_address(config, library, language, f"weeks/{name}"),
        }
        for name, label in names.items()
    ]


def week_view(
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
                "offline_label": library.strings[language]["offline_save"].replace("{band}", label),
                "offline_saved": library.strings[language]["offline_saved"].replace(
                    "{band}", label
                ),
            }
        )
    return {
        "bands": bands,
        "start": week.slug,
        "all_url": get_relative_url("weeks/", here),
        "offline": script_attributes(library, language, here),
    }
