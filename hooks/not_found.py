"""The page a family meets at a wrong address: "not found" in their language, with a way home.

Owns no content and no generated folder. Events:
- on_config: every language's build renders Material's 404.html;
- on_post_template (last, once the page is complete): a language other than the default writes
  it to site/<lang>/404.html, which Cloudflare Pages and other hosts serve for a wrong address
  under /<lang>/ (mkdocs-static-i18n would write every language's over the one /404.html);
- on_template_context (404.html): the page's words and the home page of every language, so each
  404 page says "not found" in its language, links to its home and lists the others, all without
  JavaScript;
- on_post_build: `_redirects` for Netlify, which serves /<lang>/404.html only when told to
  (`/es/* /es/404.html 404`). GitHub Pages serves the one /404.html: there, the small script
  assets/not-found.js moves the block of the address's language (/es/…) to the top.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from content_library import (
    default_language,
    every_language_built,
    language_names,
    library_for,
    page_language,
    site_languages,
)
from i18n_adapter import once_per_build
from kitchen_table.addresses import language_prefix, site_root
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

NOT_FOUND = "404.html"
_LANGUAGE_CHOICE = re.compile(r'<a href="[^"]*" hreflang="([^"]*)" class="md-select__link">')


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.theme.static_templates.add(NOT_FOUND)
    return config


def _site_path(config: MkDocsConfig) -> str:
    """The site's own path on its host (/kitchen-table/): a 404 page is served at any depth, so
    its links are absolute."""
    return site_root(config.site_url)


def _home(config: MkDocsConfig, language: str) -> str:
    root = _site_path(config)
    return root + language_prefix(language, default_language(config))


def _direction(config: MkDocsConfig, language: str) -> str:
    """rtl or ltr, as Material's (or our) partials/languages/<lang>.html says."""
    words = config.theme.get_env().get_template(f"partials/languages/{language}.html").module
    translate = getattr(words, "t")  # noqa: B009 (the macro t, which Jinja's types do not know)
    return str(translate("direction") or "ltr")


def on_template_context(
    context: dict[str, Any], *, template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    if template_name != NOT_FOUND:
        return context
    library = library_for(config)
    language = page_language(config)
    names = language_names(config)
    context["words"] = library.strings[language]
    # a wrong address has no translation: no <head> language links (overrides/main.html)
    context["hreflang"] = []
    # the language list leads to each language's home: a wrong address has no translation, and
    # what mkdocs-static-i18n left there is the last page built (it would differ build to build)
    config.extra["alternate"] = [
        {"name": names.get(other, other), "link": _home(config, other), "lang": other}
        for other in site_languages(config)
    ]
    context["not_found"] = {
        "language": language,
        "home": _home(config, language),
        # the root 404.html stands in for every language on hosts that serve only it
        "script": language == default_language(config),
        "others": [
            {
                "code": other,
                "name": names.get(other, other),
                "dir": _direction(config, other),
                "home": _home(config, other),
                "title": library.strings[other]["not_found_title"],
                "text": library.strings[other]["not_found_text"],
                "home_words": library.strings[other]["not_found_home"],
            }
            for other in site_languages(config)
            if other != language
        ],
    }
    return context


@event_priority(-300)  # after every other hook (privacy's policy, languages' <html dir>)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name != NOT_FOUND:
        return output
    # The header's language list leads to each language's home (absolute: a 404 page is served
    # at any depth), not to the last page mkdocs-static-i18n rendered. A post-processing pass,
    # not a template: Material's partials/alternate.html writes the list for every page.
    output = _LANGUAGE_CHOICE.sub(
        lambda found: (
            f'<a href="{_home(config, found.group(1))}" hreflang="{found.group(1)}" '
            'class="md-select__link">'
        ),
        output,
    )
    language = page_language(config)
    if language == default_language(config):
        return output
    target = Path(config.site_dir) / language / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""  # MkDocs writes nothing for an empty page: the default language keeps /404.html


@once_per_build  # once, after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if not every_language_built(config):
        return
    root = _site_path(config)
    rules = [
        f"{root}{language}/*  {root}{language}/{NOT_FOUND}  404"
        for language in site_languages(config)[1:]
    ]
    # Netlify serves a file that exists before any rule (no "!"): only wrong addresses match
    lines = ["# A wrong address under a language's folder answers in that language", *rules]
    (Path(config.site_dir) / "_redirects").write_text("\n".join(lines) + "\n", encoding="utf-8")
