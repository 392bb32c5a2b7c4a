"""Editors' tools on the published site: the JSON Schemas at /schema/<type>.schema.json.

Owns no generated pages. Event: on_post_build copies content/schema/*.schema.json into the site,
so an editor's tools (VS Code's YAML extension, check-jsonschema) can point at a stable address;
the files in content/schema/ stay the single source of truth.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from content_library import every_language_built
from i18n_adapter import once_per_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@once_per_build  # once, after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if not every_language_built(config):
        return
    source = Path(config.config_file_path).parent / "content" / "schema"
    target = Path(config.site_dir) / "schema"
    target.mkdir(parents=True, exist_ok=True)
    for schema in sorted(source.glob("*.schema.json")):
        shutil.copy2(schema, target / schema.name)
