"""Valid HTML on every page: what the Nu Html Checker (vnu) refuses in Material's own markup.

Owns no content. Events: on_post_page, on_post_template. Material's base.html writes
autocomplete="off" on the two checkboxes that open the menu and search (to keep Firefox from
restoring them open); HTML allows `autocomplete` on text-like inputs only, and the line is
outside any block a theme override can replace, so it is taken out of the written page (the
one post-processing step left where a template cannot reach).
And on_env: Material's version, for the generator line of Material's site_meta block, which
overrides/main.html writes in its place (Material's template names its own version as text).
"""

from __future__ import annotations

import importlib.metadata
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
    r'id="__(?:drawer|search)") autocomplete="off">'
)


def valid_toggles(output: str) -> str:
    return _TOGGLE.sub(r"\1>", output, count=2)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return valid_toggles(output)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return valid_toggles(output) if template_name.endswith(".html") else output


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.globals["material_version"] = importlib.metadata.version("mkdocs-material")
    return env
