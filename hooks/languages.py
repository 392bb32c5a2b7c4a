"""Languages: a search index per language, <html dir>, and the editors' translation status page.

Owns docs/translations/ (generated, default language only). Events:
- on_config: write the translation status page (each language's 404 page: hooks/not_found.py);
- on_page_content: render it from overrides/partials/translation-status.html;
- on_page_context (before Material's search plugin reads the page): set aside the parts marked
  <!--kt:not-searched-->…<!--/kt:not-searched--> (a card's QR code, its Share and Send this
  panels): nothing a family searches for, and half of what the search plugin would parse;
- on_post_page, on_post_template: put those parts back; copy Material's <body dir> onto <html>;
  point each page's search at its own language's index (Material reads
  search/search_index.json under `base`);
- on_post_build: write the translators' files (translations/files/<lang>.po and .xlf, the .pot,
  the glossary as TBX) that the status page links, made from the content being built;
  split the one index mkdocs-static-i18n writes for all languages into one per
  language, each with that language's search settings, so a Spanish reader gets Spanish results
  and downloads only the Spanish index.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import i18n_adapter
from content_library import (
    default_language,
    every_language_built,
    language_names,
    library_for,
    page_language,
    page_title,
    preview_language,
    render,
    site_languages,
    sync_generated_pages,
    without_duplicates,
)
from kitchen_table.addresses import folders_of, site_root
from kitchen_table.catalogs import po_bytes, tbx_bytes, units_for, xliff_bytes
from kitchen_table.library import Library
from kitchen_table.translatable import TranslatableStrings, read_translatable, status_counts
from kitchen_table.translations import guide_translation_status, translation_status
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.utils import normalize_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

STATUS_FOLDERS = folders_of("languages")
FILES = "translations/files"
"""Where the build writes the translators' files, below the site."""
_TRANSLATABLE: dict[int, TranslatableStrings] = {}
log = get_plugin_logger("kitchen_table")
# Material's search segments Chinese with jieba, which prints its dictionary loading to stderr.
logging.getLogger("jieba").setLevel(logging.WARNING)
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)',
                            re.S)
_BODY_DIR = re.compile(r'<body dir="(\w+)"')
_HTML_TAG = re.compile(r"<html\b([^>]*)>")
_NOT_SEARCHED = re.compile(r"<!--kt:not-searched-->(.*?)<!--/kt:not-searched-->", re.S)
_SET_ASIDE = re.compile(r"<!--kt:set-aside:(\d+)-->")


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library_for(config)  # validate before anything is written
    _linear_search_duplicates(config)
    front = ("---\ntitle: Translation status\nsearch:\n  exclude: true\n"
             "translation_status: true\n---\n")
    sync_generated_pages(config, STATUS_FOLDERS, lambda: {"translations/index.md": front})
    return config


def _linear_search_duplicates(config: MkDocsConfig) -> None:
    """mkdocs-static-i18n 1.3 drops a translated page's search entry that repeats the default
    language's by comparing every entry with every other: 11 s of a 200-card build, quadratic in
    the library. The same rule with a dictionary (`without_duplicates`, which the parallel build
    uses too, so both builds write the same index) takes milliseconds."""
    languages = site_languages(config)

    def remove_duplicates(entries: list[dict[str, Any]]) -> None:
        entries[:] = without_duplicates(entries, list(languages))

    i18n_adapter.replace_search_duplicates(config, remove_duplicates)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("translation_status"):
        return html
    page.edit_url = None  # generated from every card: there is no one file to edit
    library = library_for(config)
    status = translation_status(library)
    names = language_names(config)
    translatable = _translatable(config, library)
    words = sum(len(entry.english.split()) for entry in translatable.entries)
    return render(config, "partials/translation-status.html", status=status, names=names,
                  title=page_title(page), guides=guide_translation_status(library),
                  glossary=library.glossary, strings=status_counts(translatable),
                  entries=len(translatable.entries), words=words, files="files/")


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
        po_bytes(units_for(translatable, "en", root, history=False), None))
    (target / "glossary.tbx").write_bytes(tbx_bytes(translatable))


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _html_dir(output)  # 404.html


@event_priority(50)  # before Material's search plugin (0) parses the page for its index
def _set_aside_unsearched(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                          nav: Any) -> dict[str, Any]:
    parts: list[str] = []

    def set_aside(found: re.Match[str]) -> str:
        parts.append(found.group(1))
        return f"<!--kt:set-aside:{len(parts) - 1}-->"

    if page.content:
        page.content = _NOT_SEARCHED.sub(set_aside, page.content)
    # put back in on_post_page, once the page is rendered
    page.set_aside = parts  # type: ignore[attr-defined]
    return context


@event_priority(-50)  # after the i18n plugin (50) has set this page's config.extra.alternate
def _language_alternates(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                         nav: Any) -> dict[str, Any]:
    context["hreflang"] = real_translations(page, config)
    return context


on_page_context = CombinedEvent(_set_aside_unsearched, _language_alternates)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    parts = getattr(page, "set_aside", [])
    output = _SET_ASIDE.sub(lambda found: parts[int(found.group(1))], output)
    output = _html_dir(output)
    language = page_language(config)
    if language != default_language(config):
        output = _CONFIG_SCRIPT.sub(lambda found: _language_base(found, language), output,
                                    count=1)
    return output


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
    return [alternate for alternate in alternates  # where Material's `url` filter points it
            if urlsplit(urljoin(here, normalize_url(str(alternate["link"]), page))).path
            not in homes]


def _html_dir(output: str) -> str:
    """Material writes the direction on <body>; <html dir> is what browsers and tools read first."""
    direction = _BODY_DIR.search(output)
    if direction:
        output = _HTML_TAG.sub(lambda tag: _with_dir(tag, direction.group(1)), output, count=1)
    return output


def _with_dir(tag: re.Match[str], direction: str) -> str:
    attributes = re.sub(r'\sdir="\w*"', "", tag.group(1))
    return f'<html{attributes} dir="{direction}">'


def _language_base(found: re.Match[str], language: str) -> str:
    settings = json.loads(found.group(2))
    settings["base"] = posixpath.join(settings["base"], language) + "/"
    text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"{found.group(1)}{text}{found.group(3)}"


@i18n_adapter.once_per_build  # after the i18n plugin has written its index of every language
def on_post_build(config: MkDocsConfig) -> None:
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not every_language_built(config):
        return
    if preview_language() is None:  # a one-language preview rebuilds in seconds without them
        _write_translators_files(config)
    if not index_file.exists():
        return
    _fix_chinese_query_segmentation(Path(config.site_dir))
    index = json.loads(index_file.read_text(encoding="utf-8"))
    languages = site_languages(config)
    default = languages[0]
    by_language: dict[str, list[dict[str, Any]]] = {language: [] for language in languages}
    for entry in index["docs"]:
        first, _, rest = entry["location"].partition("/")
        if first in by_language and first != default:
            by_language[first].append({**entry, "location": rest})
        else:
            by_language[default].append(entry)
    env = config.theme.get_env()
    for language, entries in by_language.items():
        if not entries:
            continue
        target = Path(config.site_dir) / ("" if language == default else language) / "search"
        target.mkdir(parents=True, exist_ok=True)
        data = {"config": {**index["config"], **_search_settings(env, language)},
                "docs": [_searchable(entry) for entry in entries]}
        (target / "search_index.json").write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Material 9.8's search worker cuts a Chinese query into words of the index (segment() in
# integrations/search/query/segment), but never tries a word that ends the query: "分数"
# (fractions) became "分*", which matches every card with 分 in its title, and the last
# character of "数学书" was dropped. The same two comparisons, one character further.
_SEGMENT_BUG = ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e",
                "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e")
_SEGMENT_END_BUG = ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)")


def _fix_chinese_query_segmentation(site: Path) -> None:
    for worker in (site / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        code = worker.read_text(encoding="utf-8")
        if _SEGMENT_BUG[0] not in code or _SEGMENT_END_BUG[0] not in code:
            # a later Material may have fixed (or rewritten) it: tests/test_family_walk.py
            # searches Chinese topic words in Chromium and says whether ranking still holds
            log.info("Material's search worker %s: Chinese query segmentation left as it is",
                     worker.name)
            continue
        code = code.replace(*_SEGMENT_BUG).replace(*_SEGMENT_END_BUG)
        worker.write_text(code, encoding="utf-8")


def _search_settings(env: Any, language: str) -> dict[str, Any]:
    """The language's own lunr settings, from Material's (or our) partials/languages/<lang>,
    falling back to English where a language leaves one out, as Material itself does."""
    words = env.get_template(f"partials/languages/{language}.html").module
    english = env.get_template("partials/languages/en.html").module

    def setting(key: str) -> str:
        return str(words.t(f"search.config.{key}") or english.t(f"search.config.{key}"))

    return {
        "lang": [setting("lang")],
        "separator": setting("separator"),
        "pipeline": [step for step in re.split(r"\s*,\s*", setting("pipeline").strip()) if step],
    }


def _searchable(entry: dict[str, Any]) -> dict[str, Any]:
    """Add the text without accents, so "dem muong" finds "đếm muỗng" and "como" finds "cómo"."""
    text = f"{entry['title']} {entry['text']}"
    folded = _without_marks(text)
    if folded != text:
        # indexed, but hidden where Material shows a result's text
        entry = {**entry, "text": f'{entry["text"]} <span hidden>{folded}</span>'}
    return entry


class _Marks(dict):
    """str.translate table deleting combining marks (category Mn), filled in as characters come
    (a site's text has a few hundred distinct characters; looking each one up per use is slow)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.category(chr(code)) == "Mn" else code
        return self[code]


_MARKS = _Marks()


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed.translate(_MARKS)
