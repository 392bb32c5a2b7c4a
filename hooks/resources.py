"""Community resources: content/resources/*.yml -> a list, filtered lists and a page per resource,
per language, plus the open data (resources.geojson, an HSDS 3.0 data package and HSDS 3
JSON, services.json).

Owns the generated folder docs/resources/ (gitignored). Settings come from mkdocs.yml
`extra.resources` (service area, verified_within_months, report_problem, sample_data, map).
Events:
- on_config: write the pages (the library, resources included, is validated by content_library);
- on_page_markdown: "Edit this page" on a resource opens its YAML file;
- on_page_content: the list and resource pages, rendered from overrides/partials/resource*.html;
- on_post_build: once per build, after every language: resources.geojson and open-data/hsds/
  (kitchen_table.hsds: the official HSDS 3.0 tables, datapackage.json and services.json).

The map page (resources/ in each language) names its tile server in `allow_images_from`, which
hooks/privacy.py adds to that page's Content-Security-Policy only.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from babel import Locale
from babel.dates import format_interval
from content_library import (
    PLACES_PER_PAGE,
    cards_only_rebuild,
    every_language_built,
    format_date,
    generated_languages,
    library_for,
    list_page_links,
    list_pages,
    page_language,
    page_source,
    page_title,
    render,
    sync_generated_pages,
)
from i18n_adapter import once_per_build
from kitchen_table.addresses import folders_of, page_file
from kitchen_table.hsds import write_data_package
from kitchen_table.library import Library
from kitchen_table.resource_map import geojson
from kitchen_table.resources import DAYS, Resource
from kitchen_table.strings import fill
from kitchen_table.taxonomy import in_language
from kitchen_table.text import plain
from markupsafe import Markup
from markupsafe import escape as escape_markup
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

RESOURCE_FOLDERS = folders_of("resources")
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
LEAFLET = "assets/vendor/leaflet-1.9.4"
LIST_FILE = "resources/list.json"
"""Every place of the all-places list, in its order, as its lines show them: what the filter
form, "near me" and the map read (assets/resources.js), fetched the first time one is used."""


def _map_settings(config: MkDocsConfig) -> dict[str, Any]:
    section = (config.extra.get("resources") or {}).get("map") or {}
    tiles = section.get("tiles") or DEFAULT_TILES
    return {
        "tiles": tiles,
        "attribution": section.get("attribution") or "OpenStreetMap contributors",
        "attribution_url": section.get("attribution_url")
        or "https://www.openstreetmap.org/copyright",
        "max_zoom": int(section.get("max_zoom") or 19),
        "origin": tile_origin(tiles),
    }


def tile_origin(tiles: str) -> str:
    """The origin a Content-Security-Policy must allow for a tile URL template:
    https://{s}.tile.example.org/{z}/{x}/{y}.png -> https://*.tile.example.org"""
    parts = urlsplit(tiles.replace("{s}", "a"))
    host = parts.netloc
    if "{s}" in tiles:
        host = "*." + host.split(".", 1)[1] if host.startswith("a.") else host
    return f"{parts.scheme}://{host}"


# -- on_config: the pages -----------------------------------------------------------------------


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library = library_for(config)
    origin = _map_settings(config)["origin"]
    sync_generated_pages(
        config,
        RESOURCE_FOLDERS,
        lambda: _generate_pages(library, origin, generated_languages(config)),
    )
    return config


def _generate_pages(
    library: Library, tile_origin: str, languages: tuple[str, ...] | None = None
) -> dict[str, str]:
    pages: dict[str, str] = {}
    default = library.languages[0]
    taxonomy = library.taxonomy
    used_categories = sorted({r.category for r in library.resources})
    used_languages = sorted({code for r in library.resources for code in r.languages})
    for language in languages or library.languages:  # a preview's rebuild: one
        words = library.strings[language]

        def add(path: str, **meta: Any) -> None:
            pages[page_file(path, language, default)] = page_source(meta)  # noqa: B023

        for resource in library.resources:
            text = resource.text_in(language)
            add(
                f"resources/{resource.id}",
                title=text.name,
                description=plain(text.description),
                resource=resource.id,
            )

        def add_list(listing: str, title: str, **meta: Any) -> None:
            first = _list_path(listing)
            add(f"{first}index", title=title, resources=listing, **meta)
            pages_of_list = list_pages(len(_listed(library, listing)), PLACES_PER_PAGE)  # noqa: B023
            for number in range(2, pages_of_list + 1):  # its next pages: lists, not results
                add(
                    f"{first}page/{number}",
                    title=fill(
                        words["catalog_page_title"],  # noqa: B023
                        title=title,
                        page=number,
                        pages=pages_of_list,
                    ),
                    resources=listing,
                    resources_page=number,
                    search={"exclude": True},
                    **meta,
                )

        # the map (on the all-places list, every page of it) names its tile server
        add_list("all", words["resources_title"], allow_images_from=[tile_origin])
        for category in used_categories:
            label = in_language(taxonomy.resource_categories[category].labels, language)
            add_list(
                f"category:{category}", fill(words["resources_category_title"], category=label)
            )
        for code in used_languages:
            label = in_language(taxonomy.resource_languages[code], language)
            add_list(f"language:{code}", fill(words["resources_language_title"], language=label))
        add_list("free", words["resources_free_title"])
        # every place, for the filters (the i18n plugin puts list.es.json at es/resources/list.json)
        places = list_view(library, "all", language, "resources/", page=0)["items"]
        suffix = "" if language == default else f".{language}"
        pages[f"{LIST_FILE.removesuffix('.json')}{suffix}.json"] = json.dumps(
            places, ensure_ascii=False, separators=(",", ":")
        )
    # category colours come from the taxonomy; the CSP forbids style attributes, so a stylesheet
    pages["resources/categories.css"] = "".join(
        f".kt-res-cat-{c.id} {{ background: {c.color}; }}\n"
        for c in taxonomy.resource_categories.values()
    )
    return pages


# -- on_page_markdown: edit the YAML, not the generated page -------------------------------------


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    resource_id = page.meta.get("resource")
    if resource_id and page.edit_url:
        resource = library_for(config).resource(resource_id)
        root = Path(config.config_file_path).parent
        generated = Path(config.docs_dir) / page.file.src_uri
        source = os.path.relpath(root / resource.source, generated.parent)
        page.edit_url = urljoin(page.edit_url, Path(source).as_posix())
    return markdown


# -- on_page_content: the HTML --------------------------------------------------------------------


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    resource_id = page.meta.get("resource")
    listing = page.meta.get("resources")
    if not resource_id and not listing:
        return html
    library = library_for(config)
    language = page_language(config)
    words = library.strings[language]
    here = page.file.src_uri.split(".")[0].removesuffix("index")
    here = here if here.endswith("/") else f"{here}/"
    sample = bool((config.extra.get("resources") or {}).get("sample_data"))
    # the site's own files, relative to this page (language pages sit one folder deeper)
    root = get_relative_url(".", page.url or ".").rstrip("/") + "/"
    root = "" if root == "./" else root
    if resource_id:
        view = resource_view(library, library.resource(resource_id), language, here)
        return render(
            config, "partials/resource.html", resource=view, words=words, sample=sample, root=root
        )
    view = list_view(library, str(listing), language, here, int(page.meta.get("resources_page", 1)))
    map_settings = _map_settings(config)
    return render(
        config,
        "partials/resources.html",
        listing=view,
        words=words,
        sample=sample,
        title=page_title(page),
        map=map_settings,
        root=root,
        leaflet=LEAFLET,
        host=urlsplit(map_settings["origin"]).netloc.removeprefix("*."),
    )


def _url(target: str, here: str) -> str:
    return get_relative_url(target, here or ".")


def _hours(resource: Resource, words: dict[str, str], language: str) -> list[dict[str, str]]:
    return [
        {
            "days": ", ".join(words[f"day_{d}"] for d in block.days),
            "times": opening_times(block.opens, block.closes, language),
        }
        for block in resource.hours
    ]


def _extension(resource: Resource, words: dict[str, str]) -> str:
    """ "ext. 204" in the reader's language, or nothing."""
    if not resource.phone_extension:
        return ""
    return words["phone_extension"].replace("{extension}", resource.phone_extension)


def _phone(resource: Resource, words: dict[str, str]) -> str | None:
    """The number as families read it, with its extension (the link dials both)."""
    if not resource.phone:
        return None
    extension = _extension(resource, words)
    return f"{resource.phone} {extension}" if extension else resource.phone


def _clock(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours) % 24, int(minutes))


def _english_time(time: datetime.time, meridiem: bool = True) -> str:
    """3 p.m., 9:30 a.m., noon: the way American English writes a time for people."""
    if time == datetime.time(12):
        return "noon"
    if time == datetime.time(0):
        return "midnight"
    hour = time.hour % 12 or 12
    shown = f"{hour}:{time.minute:02d}" if time.minute else str(hour)
    return f"{shown} {'a.m.' if time.hour < 12 else 'p.m.'}" if meridiem else shown


def opening_times(opens: str, closes: str, language: str) -> str:
    """ "15:00"-"19:00" as the reader's language writes a span of hours: "3–7 p.m." in English,
    "15:00–19:00" in Spanish, "下午3:00至7:00" in Chinese (CLDR's, through Babel)."""
    start, end = _clock(opens), _clock(closes)
    if language == "en":
        special = {datetime.time(12), datetime.time(0)}
        same_half = (start.hour < 12) == (end.hour < 12) and not special & {start, end}
        return f"{_english_time(start, meridiem=not same_half)}–{_english_time(end)}"
    locale = Locale.parse(language)
    twelve_hours = "h" in locale.time_formats["short"].pattern
    return format_interval(start, end, "hm" if twelve_hours else "Hm", locale=locale)


def _summary(library: Library, resource: Resource, language: str, here: str) -> dict[str, Any]:
    taxonomy = library.taxonomy
    words = library.strings[language]
    text = resource.text_in(language)
    category = taxonomy.resource_categories[resource.category]
    return {
        "id": resource.id,
        "name": text.name,
        "language": text.language,
        "organization": resource.organization,
        "url": _url(f"resources/{resource.id}/", here),
        "category": resource.category,
        "category_label": in_language(category.labels, language),
        "color": category.color,
        "languages": resource.languages,
        "free": resource.free,
        "address": resource.address,
        "phone": _phone(resource, words),
        "phone_link": resource.phone_link,
        # no pin for a place without coordinates (HSDS makes them optional): it is still listed
        "latitude": f"{resource.latitude:.6f}" if resource.latitude is not None else "",
        "longitude": f"{resource.longitude:.6f}" if resource.longitude is not None else "",
        "out_of_date": resource.out_of_date,
    }


def _list_path(listing: str) -> str:
    """Where a list's first page is (its next pages are below it, at page/2/ ...)."""
    kind, _, key = listing.partition(":")
    if kind == "category":
        return f"resources/categories/{key}/"
    if kind == "language":
        return f"resources/languages/{key}/"
    return "resources/free/" if kind == "free" else "resources/"


def _listed(library: Library, listing: str) -> list[Resource]:
    """The places a list shows, in no particular order."""
    kind, _, key = listing.partition(":")
    resources = list(library.resources)
    if kind == "category":
        return [r for r in resources if r.category == key]
    if kind == "language":
        return [r for r in resources if key in r.languages]
    if kind == "free":
        return [r for r in resources if r.free]
    return resources


def list_view(
    library: Library, listing: str, language: str, here: str, page: int = 1
) -> dict[str, Any]:
    """One page of a list of places (page 0: every place, for resources/list.json), links to its
    other pages, and the filters' choices with their counts over every place."""
    taxonomy = library.taxonomy
    kind, _, key = listing.partition(":")
    resources = _listed(library, listing)
    resources.sort(key=lambda r: (r.category, r.text_in(language).name.lower()))
    total, pages = len(resources), list_pages(len(resources), PLACES_PER_PAGE)
    if page:
        resources = resources[(page - 1) * PLACES_PER_PAGE : page * PLACES_PER_PAGE]

    everything = library.resources
    categories = [
        {
            "id": c,
            "label": in_language(taxonomy.resource_categories[c].labels, language),
            "color": taxonomy.resource_categories[c].color,
            "url": _url(f"resources/categories/{c}/", here),
            "count": sum(r.category == c for r in everything),
        }
        for c in taxonomy.resource_categories
        if any(r.category == c for r in everything)
    ]
    spoken = [
        {
            "id": code,
            "label": in_language(taxonomy.resource_languages[code], language),
            "url": _url(f"resources/languages/{code}/", here),
            "count": sum(code in r.languages for r in everything),
        }
        for code in taxonomy.resource_languages
        if any(code in r.languages for r in everything)
    ]
    return {
        "kind": kind,
        "key": key,
        "items": [_summary(library, r, language, here) for r in resources],
        "total": total,
        **list_page_links(_list_path(listing), page, pages, here),
        "list_url": _url(LIST_FILE, here),
        "categories": categories,
        "spoken": spoken,
        "free_url": _url("resources/free/", here),
        "free_count": sum(r.free for r in everything),
        "all_url": _url("resources/", here),
        "geojson_url": _url("resources.geojson", here),
        "hsds_url": _url("open-data/hsds/datapackage.json", here),
        "hsds_json_url": _url("open-data/hsds/services.json", here),
    }


def resource_view(library: Library, resource: Resource, language: str, here: str) -> dict[str, Any]:
    taxonomy = library.taxonomy
    words = library.strings[language]
    text = resource.text_in(language)
    english = resource.texts["en"]
    settings = library.resource_settings
    name = text.name
    extension = _extension(resource, words)
    if resource.latitude is not None and resource.longitude is not None:
        lat, lon = f"{resource.latitude:.6f}", f"{resource.longitude:.6f}"
        geo = f"geo:{lat},{lon}?q={lat},{lon}({quote(name)})"
        directions = (
            f"https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lon}#map=17/{lat}/{lon}"
        )
    else:  # the map app and OpenStreetMap look the address up
        geo = f"geo:0,0?q={quote(resource.address)}"
        directions = f"https://www.openstreetmap.org/search?query={quote(resource.address)}"
    return {
        **_summary(library, resource, language, here),
        "text": text,
        "description": text.description,
        "fees": text.fees or english.fees,
        "eligibility": text.eligibility or english.eligibility,
        "hours": _hours(resource, words, language),
        "spoken": [
            in_language(taxonomy.resource_languages[c], language) for c in resource.languages
        ],
        "documents": [
            in_language(taxonomy.resource_documents[d], language) for d in resource.documents
        ],
        "access": [
            in_language(taxonomy.resource_access[a], language) for a in resource.accessibility
        ],
        "website": resource.website,
        "email": resource.email,
        "geo": geo,
        "directions": directions,
        # the number keeps its left-to-right order inside Arabic words
        "call": Markup(
            fill(
                escape_markup(words["call"]),
                phone=Markup('<bdi dir="ltr">{}</bdi>').format(resource.phone or "")
                + (Markup(" <bdi>{}</bdi>").format(extension) if extension else ""),
            )
        ),
        "verified": format_date(words, resource.last_verified),
        "verified_iso": resource.last_verified.isoformat(),
        "report": settings.report_link(resource.id, words["report_subject"]),
        "provenance": resource.provenance_note(language, words),
        "stale": resource.is_stale(language),
        "translated": resource.is_translated(language),
        "category_url": _url(f"resources/categories/{resource.category}/", here),
        "all_url": _url("resources/", here),
        "days": DAYS,
    }


# -- on_post_build: open data, once per build -----------------------------------------------------


@once_per_build  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if not every_language_built(config):
        return
    library = library_for(config)
    if not library.resources:
        return
    site = Path(config.site_dir)
    if cards_only_rebuild(config) and (site / "resources.geojson").is_file():
        return  # made from the resources and the settings, which the edit left alone
    data = geojson(library.resources, library.taxonomy, config.site_url or "")
    (site / "resources.geojson").write_text(
        json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    write_data_package(library, site / "open-data" / "hsds")
