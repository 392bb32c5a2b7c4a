"""The weekly paper packs: one booklet per week, grade band and language, at
/<language>/weeks/<monday>/<band>/ (and /weeks/<monday>/<band>/ in the default language).

Not a hook itself: hooks/newsletter.py's on_post_build calls write_booklets() for the language
it has just built. A booklet is a plain, standalone page (overrides/booklet.html, its own small
stylesheet docs/assets/booklet.css, no script): the band's three cards in large type on at most
two Letter or A4 pages, the school's name and phone, a QR code to the week online; in the
languages content/school.yml lists under booklets: side_by_side, each card beside its English.
About 1,200 of them for a school year in eight languages, so they are written straight to the
site: no Markdown, no theme, no search index, one QR code per week and language.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from content_library import format_date, kept_by_preview, qr_cache, qr_code, render
from kitchen_table.activities import Activity
from kitchen_table.addresses import address, language_prefix
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.weeks import Week
from markupsafe import Markup
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

BOOKLET_CSS = "assets/booklet.css"
TALK_ABOUT = 2
"""Questions printed per card, so that two pages hold three cards in large type..."""
TALK_ABOUT_SIDE_BY_SIDE = 1
"""...and one when each card is printed beside its English (measured: bench/booklet_pages.py)."""


def band_label(library: Library, band: str, language: str) -> str:
    """ "Grades 3–5", "3.º a 5.º grado": each band's name is its own interface string, so no
    language reads "Grades Grade 3 – Grade 5" (band_pk_k, band_1_2, band_3_5, band_6_8)."""
    return library.strings[language]["band_" + band.lower().replace("-", "_")]


def prefix_of(library: Library, language: str) -> str:
    """The language's folder of the site: "" for the default language, "es/" for Spanish."""
    return language_prefix(language, library.languages[0])


def page_address(config: MkDocsConfig, library: Library, language: str, path: str) -> str:
    """The full address of `path` in `language` (what QR codes and feeds carry)."""
    return address(config.site_url, library.languages[0], path, language)


def band_slug(band: str) -> str:
    """PK-K -> pk-k: the band's part of a booklet's address."""
    return band.lower()


def booklet_path(week: Week, band: str) -> str:
    return f"weeks/{week.slug}/{band_slug(band)}/"


def write_booklets(
    library: Library, language: str, config: MkDocsConfig, root: Path, names: dict[str, str]
) -> int:
    """Every booklet of `language` under `root` (that language's folder of the site)."""
    words = library.strings[language]
    school = library.school
    default = library.languages[0]
    side = language in (school.side_by_side if school else ()) and language != default
    prefix = prefix_of(library, language)
    written = 0
    kept = kept_by_preview(config)
    for week in library.weeks:
        if f"weeks/{week.slug}" in kept and all(
            (root / booklet_path(week, band) / "index.html").is_file() for band in week.packs
        ):
            continue  # a preview's rebuild: the same cards as last time, unchanged
        online = page_address(config, library, language, f"weeks/{week.slug}/")
        qr = Markup(
            qr_code(online, qr_cache(config))
            .svg_inline(
                scale=1,
                border=4,
                omitsize=True,
                title=words["booklet_scan"],
                svgclass="kt-booklet__qr",
            )
            .replace("<svg ", '<svg role="img" ', 1)
        )
        title = fill(words["week_title"], date=format_date(words, week.start))
        name = school.details["name"] if school else config.site_name
        phone = school.details["office_phone"] if school else ""
        short = school.details.get("short_name", name) if school else name
        before, _, after = words["booklet_call"].replace("{school}", short).partition("{phone}")
        for band, ids in week.packs.items():
            here = f"{prefix}{booklet_path(week, band)}"
            cards = [library.activity(card) for card in ids]
            talk = TALK_ABOUT_SIDE_BY_SIDE if side else TALK_ABOUT
            columns = [_column(library, cards, language, talk)]
            if side:
                columns.append(_column(library, cards, default, talk))
            view: dict[str, Any] = {
                "language": language,
                "direction": "rtl" if language == "ar" else "ltr",
                "title": title,
                "band": band_label(library, band, language),
                "school": name,
                "phone": phone,
                "tel": "".join(c for c in phone if c.isdigit() or c == "+"),
                "call": (before, after),
                "qr": qr,
                "online": online,
                "css": get_relative_url(BOOKLET_CSS, here),
                "week_url": "../",
                "columns": columns,
                "side_by_side": side,
                "others": [
                    {
                        "label": names[other],
                        "url": get_relative_url(
                            f"{prefix_of(library, other)}{booklet_path(week, band)}", here
                        ),
                    }
                    for other in library.languages
                    if other != language
                ],
            }
            target = root / booklet_path(week, band) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                render(config, "booklet.html", booklet=view, words=words), encoding="utf-8"
            )
            written += 1
    return written


def _column(library: Library, cards: list[Activity], language: str, talk: int) -> dict[str, Any]:
    words = library.strings[language]
    shown = []
    for card in cards:
        text = card.text_in(language)
        shown.append(
            {
                "language": text.language,
                "title": text.title,
                "summary": text.summary,
                "minutes": fill(words["minutes"], n=card.minutes),
                "steps": text.steps,
                "talk_about": text.talk_about[:talk],
            }
        )
    return {
        "language": language,
        "direction": "rtl" if language == "ar" else "ltr",
        "cards": shown,
        "what_to_do": words["what_to_do"],
        "talk_about": words["talk_about"],
    }
