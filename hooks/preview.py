"""A quick preview of one language: `make serve SITE_LANGUAGE=es` builds Spanish only.

Owns no content. The variable is SITE_LANGUAGE, not LANG or LANGUAGE: those two already choose the
computer's own locale on most machines. Events:
- on_config, before the i18n plugin's: tell the plugin to build this one language (the same two
  settings its own loop uses for each language), so each rebuild under `serve` takes about an
  eighth of the time of a full one. Validation, the generated pages and the once-per-build work
  (this language's search index, `_headers`) run as in a full build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from content_library import preview_language, site_languages
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)


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
