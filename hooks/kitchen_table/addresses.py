"""The one registry of the site's pages and addresses.

What a QR code, a text message and a newsletter open: schools print and send these addresses, so
they never change (tests/golden/urls.txt). Every hook, the bench's floor, the stable-URL test,
`make clean` and the test fixtures read the generated folders, the language prefix and the way
to build an address from here, so no copy can drift. Imports nothing but the standard library:
`make clean` runs it before anything is installed (`python3 -m kitchen_table.addresses clean`).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SITE_URL = "https://example.org/"
"""The site address text messages are measured with when mkdocs.yml gives no site_url."""

GENERATED: dict[str, str] = {
    "activities": "activities",
    "grades": "activities",
    "skills": "activities",
    "translations": "languages",
    "resources": "resources",
    "guides": "guides",
    "glossary": "guides",
    "school-year": "guides",
    "weeks": "newsletter",
    "for-schools": "newsletter",
}
"""Each folder of docs/ the build writes (gitignored, never edited by hand) -> the hook module
(hooks/<module>.py) that writes and syncs it."""

GENERATED_FOLDERS: tuple[str, ...] = tuple(GENERATED)
"""Folders of docs/ that builds write: never copied or watched as hand-written pages."""


def folders_of(owner: str) -> tuple[str, ...]:
    """The generated folders of docs/ that the hook module `owner` writes."""
    return tuple(folder for folder, writer in GENERATED.items() if writer == owner)


BUILT_OUTSIDE_DOCS: tuple[str, ...] = (
    "site",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".links.txt",
    "translations",
    "parts",
)
"""What else builds, tests, `make translations-export` and `make build-part` leave in the project
(gitignored)."""

BESIDE_MKDOCS = re.compile(
    r"(^|/)(weeks/\d{4}-\d{2}-\d{2}/[^/]+/index|offline/index)\.html$|^[a-z]{2,3}/404\.html$"
)
"""HTML files the build writes beside MkDocs' own pages, with no sitemap entry: each week's
printable booklets (/<lang>/weeks/<monday>/<band>/, hooks/booklets.py), each language's offline
page (/<lang>/offline/, hooks/offline.py) and each other language's 404 page (/<lang>/404.html,
hooks/not_found.py). Paths relative to the site (es/offline/index.html)."""


def written_beside_mkdocs(path: str) -> bool:
    """Whether the site file at `path` (es/weeks/2026-09-07/pk-k/index.html) is one of the pages
    the build writes beside MkDocs'."""
    return BESIDE_MKDOCS.search(path) is not None


def mkdocs_pages(site: Path) -> set[str]:
    """Every HTML page MkDocs itself builds in `site`, by its path (es/activities/x/index.html)."""
    return {
        path
        for file in site.rglob("*.html")
        if not written_beside_mkdocs(path := file.relative_to(site).as_posix())
    }


def language_prefix(language: str, default_language: str) -> str:
    """The language's folder of the site: "" for the default language, "es/" for Spanish."""
    return "" if language == default_language else f"{language}/"


def page_file(path: str, language: str, default_language: str) -> str:
    """The docs/ file of the page at `path` (activities/x): activities/x.md in the default
    language, activities/x.es.md in Spanish (the i18n plugin's suffix structure)."""
    return f"{path}.md" if language == default_language else f"{path}.{language}.md"


def site_path(path: str, language: str, default_language: str) -> str:
    """The page at `path` (activities/x/) in `language`, relative to the site (es/activities/x/)."""
    return language_prefix(language, default_language) + path


def site_root(site_url: str | None) -> str:
    """The site's own path on its host, with its final slash: /kitchen-table/ for
    https://example.org/kitchen-table/ (or without the slash), / when there is no site_url.
    What a page served at any depth (the 404 pages) links from."""
    return (urlsplit(site_url or "/").path or "/").rstrip("/") + "/"


def address(site_url: str | None, default_language: str, path: str, language: str) -> str:
    """The full address of the page at `path` (activities/x/, "" for home) in `language`: below
    `site_url` (which may lack its final slash), or below / when there is none."""
    base = (site_url or "/").rstrip("/")
    return f"{base}/{site_path(path, language, default_language)}"


def permanent_address(
    site_url: str | None, default_language: str, folder: str, item_id: str, language: str
) -> str:
    """The address of `folder`/`item_id` (activities/spoon-count) in `language`."""
    return address(site_url, default_language, f"{folder}/{item_id}/", language)


def clean(root: Path) -> list[Path]:
    """Remove the built site, the generated pages under docs/ and what tests and exports leave
    in the project at `root`; the paths removed."""
    removed = []
    for path in [
        *(root / name for name in BUILT_OUTSIDE_DOCS),
        *(root / "docs" / folder for folder in GENERATED_FOLDERS),
    ]:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            continue
        removed.append(path)
    return removed


if __name__ == "__main__":
    if sys.argv[1:] != ["clean"]:
        sys.exit("usage: python -m kitchen_table.addresses clean")
    for gone in clean(Path.cwd()):
        sys.stdout.write(f"removed {gone.relative_to(Path.cwd())}\n")
