"""A quick preview of one language: `make serve SITE_LANGUAGE=es` builds Spanish only.

Owns no content. The variable is SITE_LANGUAGE, not LANG or LANGUAGE: those two already choose the
computer's own locale on most machines. Events:
- on_config, before the i18n plugin's: tell the plugin to build this one language (the same two
  settings its own loop uses for each language), so each rebuild under `serve` takes about an
  eighth of the time of a full one. Validation, the generated pages and the once-per-build work
  (this language's search index, `_headers`) run as in a full build.
- on_files, around the i18n plugin's: keep every hand-written asset of docs/ (kitchen-table.css
  and .js, the favicon, resources.js, for-schools.js, the vendored libraries). In a full build
  the default language's pass copies them to the site's root and every language's pages link
  them there (`../assets/kitchen-table.css` from /es/); the plugin drops them from the other
  languages' passes, so a one-language preview without this hook would link files it never
  wrote (an unstyled site with no search button).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from content_library import preview_language, site_languages
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

log = get_plugin_logger(__name__)
_ASSETS_KEY = "kitchen_table_preview_assets"


@event_priority(-90)  # before the i18n plugin (-100) sets up the build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    language = preview_language()
    if language is None:
        return config
    languages = site_languages(config)
    if language not in languages:
        raise PluginError(
            f"SITE_LANGUAGE={language} is not a language of this site — use one of "
            f"{', '.join(languages)} (or leave it out to build every language)"
        )
    i18n = config.plugins["i18n"]
    i18n.current_language = language
    i18n.building = True  # build this language only
    i18n.search_entries.clear()  # the plugin keeps them for a merge that a preview never does
    path = urlsplit(config.site_url or "/").path.rstrip("/")
    folder = "" if language == languages[0] else f"{language}/"
    log.info(f"previewing {language} only: http://{config.dev_addr}{path}/{folder}")
    return config


@event_priority(-90)  # before the i18n plugin (-100) keeps only this language's files
def _keep_shared_assets(files: Files, *, config: MkDocsConfig) -> Files:
    if preview_language() is not None:
        config[_ASSETS_KEY] = [file for file in files
                               if not file.is_documentation_page() and _shared_asset(file, config)]
    return files


@event_priority(-110)  # after the i18n plugin: put back the assets it left to the default language
def _put_back_shared_assets(files: Files, *, config: MkDocsConfig) -> Files:
    kept: list[File] = config.get(_ASSETS_KEY) or []
    present = {file.dest_uri for file in files}
    for file in kept:
        if file.dest_uri not in present:
            files.append(file)
    return files


on_files = CombinedEvent(_keep_shared_assets, _put_back_shared_assets)


def _shared_asset(file: File, config: MkDocsConfig) -> bool:
    """A hand-written file of docs/ that every language shares: not a `name.es.png` (the plugin
    handles those per language) and not a theme file (the plugin keeps those)."""
    if not file.abs_src_path or not file.abs_src_path.startswith(config.docs_dir):
        return False
    suffixes = file.name.split(".")[1:] if "." in file.name else []
    return not any(suffix in site_languages(config) for suffix in suffixes)
