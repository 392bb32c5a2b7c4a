"""Languages: <html dir>, each page's real translations, and the editors' translation status page.

Owns docs/translations/ (generated, default language only). Events:
- on_config: write the translation status page (each language's 404 page: hooks/not_found.py);
  the i18n plugin finds each page's versions in the other languages without its wasted work
  (i18n_adapter.quick_alternates) and makes the other languages' Files once per build
  (i18n_adapter.make_other_languages_files_once);
- on_page_content: render it from overrides/partials/translation-status.html;
- on_page_context: the page's real translations, for the <head> language links
  overrides/main.html writes;
- on_post_page, on_post_template: copy Material's <body dir> onto <html> (Pagefind reads
  <html lang> to choose each page's index: hooks/search.py);
- on_post_build: write the translators' files (translations/files/<lang>.po and .xlf, the .pot,
  the glossary as TBX) that the status page links, made from the content being built.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import i18n_adapter
from content_library import (
    every_language_built,
    language_names,
    library_for,
    page_title,
    preview_language,
    render,
    site_languages,
    sync_generated_pages,
)
from kitchen_table.addresses import folders_of, site_root
from kitchen_table.catalogs import po_bytes, tbx_bytes, units_for, xliff_bytes
from kitchen_table.library import Library
from kitchen_table.translatable import TranslatableStrings, read_translatable, status_counts
from kitchen_table.translations import guide_translation_status, translation_status
from mkdocs.plugins import event_priority
from mkdocs.utils import normalize_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

STATUS_FOLDERS = folders_of("languages")
FILES = "translations/files"
"""Where the build writes the translators' files, below the site."""
_TRANSLATABLE: dict[int, TranslatableStrings] = {}
_BODY_DIR = re.compile(r'<body dir="(\w+)"')
_HTML_TAG = re.compile(r"<html\b([^>]*)>")


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library_for(config)  # validate before anything is written
    i18n_adapter.use_quick_alternates(config)
    i18n_adapter.make_other_languages_files_once()
    front = (
        "---\ntitle: Translation status\nsearch:\n  exclude: true\ntranslation_status: true\n---\n"
    )
    sync_generated_pages(config, STATUS_FOLDERS, lambda: {"translations/index.md": front})
    return config


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("translation_status"):
        return html
    page.edit_url = None  # generated from every card: there is no one file to edit
    library = library_for(config)
    status = translation_status(library)
    names = language_names(config)
    translatable = _translatable(config, library)
    words = sum(len(entry.english.split()) for entry in translatable.entries)
    return render(
        config,
        "partials/translation-status.html",
        status=status,
        names=names,
        title=page_title(page),
        guides=guide_translation_status(library),
        glossary=library.glossary,
        strings=status_counts(translatable),
        entries=len(translatable.entries),
        words=words,
        files="files/",
    )


def _translatable(config: MkDocsConfig, library: Library) -> TranslatableStrings:
    """Every translatable string of the content being built, read once per build."""
    key = id(library)
    if key not in _TRANSLATABLE:
        _TRANSLATABLE.clear()
        _TRANSLATABLE[key] = read_translatable(Path(config.config_file_path).parent, library)
    return _TRANSLATABLE[key]


def _write_translators_files(config: MkDocsConfig) -> None:
    """translations/files/: each language's .po and .xlf, the .pot and glossary.tbx, as
    `kitchen-table translations export` writes them, so a translator starts from the site."""
    library = library_for(config)
    translatable = _translatable(config, library)
    root = Path(config.config_file_path).parent
    target = Path(config.site_dir) / FILES
    target.mkdir(parents=True, exist_ok=True)
    for language in library.languages[1:]:
        units = units_for(translatable, language, root)
        (target / f"{language}.po").write_bytes(po_bytes(units, language))
        (target / f"{language}.xlf").write_bytes(xliff_bytes(units, language))
    (target / "kitchen-table.pot").write_bytes(
        po_bytes(units_for(translatable, "en", root, history=False), None)
    )
    (target / "glossary.tbx").write_bytes(tbx_bytes(translatable))


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _html_dir(output)  # 404.html


@event_priority(-50)  # after the i18n plugin (50) has set this page's config.extra.alternate
def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    context["hreflang"] = real_translations(page, config)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _html_dir(output)


def real_translations(page: Page, config: MkDocsConfig) -> list[dict[str, Any]]:
    """The <head> language links of a page (overrides/main.html writes them in place of
    Material's): Material names every language the selector offers; for a page that exists in
    fewer languages (bilingual print views, /translations/), mkdocs-static-i18n points the
    missing ones at that language's home page. The selector may send a reader there, but an
    hreflang link says "this page in that language": keep only real ones, as the sitemap does."""
    # as Material's template reads it: the plugin sets it per page as an attribute of extra
    alternates = list(getattr(config.extra, "alternate", None) or [])
    root = site_root(config.site_url)
    homes = {root, *(f"{root}{language}/" for language in site_languages(config))}
    here = f"{root}{page.url}"
    if here in homes:
        return alternates
    return [
        alternate
        for alternate in alternates  # where Material's `url` filter points it
        if urlsplit(urljoin(here, normalize_url(str(alternate["link"]), page))).path not in homes
    ]


def _html_dir(output: str) -> str:
    """Material writes the direction on <body>; <html dir> is what browsers and tools read first."""
    direction = _BODY_DIR.search(output)
    if direction:
        output = _HTML_TAG.sub(lambda tag: _with_dir(tag, direction.group(1)), output, count=1)
    return output


def _with_dir(tag: re.Match[str], direction: str) -> str:
    attributes = re.sub(r'\sdir="\w*"', "", tag.group(1))
    return f'<html{attributes} dir="{direction}">'


@i18n_adapter.once_per_build  # once, after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if not every_language_built(config):
        return
    if preview_language() is None:  # a one-language preview rebuilds in seconds without them
        _write_translators_files(config)
