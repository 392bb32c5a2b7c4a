"""Offline for families with little or no data: a service worker per language and what it needs.

Not a hook itself: hooks/newsletter.py's on_post_build calls write_offline() for the language it
has just built. It writes, in that language's folder of the site,
- sw.js: the language's service worker (overrides/partials/offline-worker.html), same origin
  only, which keeps only the pages this family opened or saved ("Save for offline" on a week's
  page), never the whole site, and answers from them only when the network does not (so updates
  arrive next time the phone is online);
- offline/index.html: what a page that is not saved shows offline: what is saved
  (overrides/offline.html);
- weeks/<monday>/offline.json: per band, what "Save for offline" keeps (the week's page, the
  band's three cards, the community resources list, every page of it and resources/list.json
  its filters read, and the files they use) and its size, which
  the button shows before the family taps it.
The pages load docs/assets/offline.js, an external same-origin script (the site's Content
Security Policy allows no inline script); without JavaScript nothing of this shows.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from content_library import PLACES_PER_PAGE, kept_by_preview, list_pages, render
from kitchen_table.library import Library
from mkdocs.utils import get_relative_url

from kitchen_site.booklets import prefix_of

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

OFFLINE_SCRIPT = "assets/offline.js"
OFFLINE_CSS = "assets/booklet.css"
CACHE_VERSION = 1
"""Raise it when the worker's caching changes: the old caches of the language are dropped."""
_TEMPLATE_BLOCK = re.compile(r"<template\b.*?</template>", re.S)
_USED_FILE = re.compile(
    r"<(?:link[^>]*\brel=\"(?:stylesheet|icon)\"[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)"
    r"=\"([^\"#?]+)\""
)


def cache_name(language: str) -> str:
    return f"kitchen-table-{language}-v{CACHE_VERSION}"


def script_attributes(library: Library, language: str, here: str) -> dict[str, str]:
    """What a page at `here` (relative to its language's root) gives offline.js."""
    full = prefix_of(library, language) + here
    return {
        "src": get_relative_url(OFFLINE_SCRIPT, full),
        "root": get_relative_url("", here).rstrip("/") + "/" if here else "./",
        "cache": cache_name(language),
    }


def write_offline(library: Library, language: str, config: MkDocsConfig, root: Path) -> None:
    site = Path(config.site_dir)
    prefix = prefix_of(library, language)
    words = library.strings[language]
    others = [other for other in library.languages if other != language and not prefix]
    worker = {
        "cache": cache_name(language),
        "offline": "offline/",
        "others": others,
        # the offline page's own files, so it reads well with nothing else saved
        "precache": [
            "offline/",
            get_relative_url(OFFLINE_CSS, prefix or "."),
            get_relative_url(OFFLINE_SCRIPT, prefix or "."),
        ],
    }
    (root / "sw.js").write_text(
        str(render(config, "partials/offline-worker.html", worker=worker)), encoding="utf-8"
    )
    page = {
        "language": language,
        "direction": "rtl" if language == "ar" else "ltr",
        "site": config.site_name,
        "css": get_relative_url(OFFLINE_CSS, f"{prefix}offline/"),
        # named, so the browser never asks for a /favicon.ico the site does not have
        "icon": get_relative_url("assets/favicon.svg", f"{prefix}offline/"),
        "script": get_relative_url(OFFLINE_SCRIPT, f"{prefix}offline/"),
        "root": "../",
        "home": "../",
        "cache": cache_name(language),
    }
    (root / "offline").mkdir(parents=True, exist_ok=True)
    (root / "offline" / "index.html").write_text(
        str(render(config, "offline.html", offline=page, words=words)), encoding="utf-8"
    )
    kept = kept_by_preview(config)
    for week in library.weeks:
        target = root / "weeks" / week.slug / "offline.json"
        if f"weeks/{week.slug}" in kept and target.is_file():
            continue  # a preview's rebuild: the same pages as last time, unchanged
        here = f"{prefix}weeks/{week.slug}/"
        bands = {}
        for band, ids in week.packs.items():
            pages = [here, *(f"{prefix}activities/{card}/" for card in ids)]
            places = f"{prefix}resources/"
            if library.resources:
                pages.append(places)
                pages += [
                    f"{places}page/{number}/"
                    for number in range(2, list_pages(len(library.resources), PLACES_PER_PAGE) + 1)
                ]
            files = _with_their_files(site, pages, Path(config.docs_dir))
            if library.resources and (site / f"{places}list.json").is_file():
                files[f"{places}list.json"] = f"{places}list.json"
            bands[band] = {
                "bytes": sum(_size(site, Path(config.docs_dir), path) for path in files.values()),
                "urls": [get_relative_url(url, here) if url != here else "./" for url in files],
            }
        target.write_text(json.dumps({"bands": bands}, separators=(",", ":")), encoding="utf-8")


def _size(site: Path, docs: Path, path: str) -> int:
    return ((site / path) if (site / path).is_file() else (docs / path)).stat().st_size


def _with_their_files(site: Path, pages: list[str], docs: Path) -> dict[str, str]:
    """Each page (a folder address relative to the site's root) and the same-origin files it
    loads straight away (stylesheets, scripts, icons, images; not what waits in a <template>):
    address -> file, relative to the site's root. A file the site does not hold yet is looked
    for in docs/, which MkDocs copies unchanged: a language built on its own (one part of the
    parallel build) has not received the default language's assets/ when this runs."""
    found = {}
    for page in pages:
        file = f"{page}index.html"
        if not (site / file).is_file():
            continue
        found[page] = file
        html = _TEMPLATE_BLOCK.sub("", (site / file).read_text(encoding="utf-8"))
        for used in _USED_FILE.findall(html):
            if "://" in used or used.startswith(("data:", "//")):
                continue
            path = posixpath.normpath(posixpath.join(page, used))
            if (site / path).is_file() or (docs / path).is_file():
                found[path] = path
    return found
