"""Search: a Pagefind index per language, built from the finished pages.

Owns site/pagefind/ (written by the build, never by hand). Events:
- on_startup: remember whether this is `mkdocs serve`;
- on_config: keep Material's search plugin for its header box only (overrides/partials/search.html)
  and stop it indexing: nothing reads a lunr index any more, and writing one per language (then
  joining them again in the parallel build's merge) was a large part of a build;
- on_post_build (last, once every language is in the site folder; hooks/parallel_build.py runs
  it after its merge): run Pagefind over the site. It reads each page's <html lang> and writes one
  index per language in fragments, so a phone fetches only the few chunks its query needs.
  Indexed: the part of a page marked data-pagefind-body (overrides/main.html puts it on the
  article of every page not excluded from search), less the panels no family searches for.

`mkdocs serve` writes no index (Pagefind takes tens of seconds on the sample): the log says so,
and the search box says search is not available here. `make build` builds it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from content_library import every_language_built, preview_language
from i18n_adapter import once_per_build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger("kitchen_table")

INDEX_FOLDER = "pagefind"
"""Below the site: Pagefind's scripts, its WebAssembly and each language's index."""
NOT_SEARCHED = (
    ".kt-qr",  # a card's QR code
    ".kt-share",  # Share: the card's address, WhatsApp and SMS links
    ".kt-send",  # Send this to families: the school's kit, repeating the card
    ".kt-glossary__note",  # where a glossary term's translation came from
    ".headerlink",  # Material's ¶ beside each heading
    ".kt-catalog",  # a list's cards and guides: each has its own page, which is the answer
    ".kt-res-list",  # the resources list's entries, likewise
    ".kt-filters",  # the catalog's filter form
    ".kt-res-filters",  # the resources' filter form
    ".kt-provenance",  # "machine translated": the same note on every translated page
    ".kt-tools",  # the Print / Print bilingual / Read aloud buttons, on every card
    ".kt-sample-notice",  # the sample school's notice, on every page
    ".kt-credits",  # a card's sources line, the same on most cards
    ".kt-next",  # "Try next": another card's title, which should find that card, not this one
)
"""Parts of an indexed page that are no family's answer (the lunr index left them out too)."""
_SEARCH_EVENTS = ("page_context", "post_build", "serve")
_SERVING = {"serve": False}


def on_startup(command: str, dirty: bool) -> None:
    _SERVING["serve"] = command == "serve"


@event_priority(-300)  # after every plugin's on_config (the i18n plugin reconfigures search)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    search = config.plugins.get("material/search")
    if search is not None:
        for event in _SEARCH_EVENTS:
            methods = config.plugins.events.get(event, [])
            methods[:] = [
                method for method in methods if getattr(method, "__self__", None) is not search
            ]
    return config


@event_priority(-300)  # last: every page is written and final (its CSP included)
@once_per_build  # and make build / make merge run it once, on the merged site
def on_post_build(config: MkDocsConfig) -> None:
    if not every_language_built(config):
        return
    if _SERVING["serve"] or preview_language() is not None:
        log.info(
            "search: no index while serving or previewing one language; the search box "
            "says so. `make build` builds the site with its search."
        )
        _say_search_needs_a_build(Path(config.site_dir))
        return
    site = Path(config.site_dir)
    # mkdocs-static-i18n still asks Material's plugin to write its index once, of no entries
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        lunr.unlink()
        if not any(lunr.parent.iterdir()):
            lunr.parent.rmdir()
    build_index(site)


def _say_search_needs_a_build(site: Path) -> None:
    """In place of Pagefind's script, one that tells docs/assets/search.js this is a preview:
    the search box then says so in the page's language (search_needs_build)."""
    folder = site / INDEX_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pagefind.js").write_text(
        "// mkdocs serve: no search index (hooks/search.py); `make build` builds one\n"
        "export const preview = true;\n",
        encoding="utf-8",
    )


def _settle_entry(folder: Path) -> None:
    """Pagefind's list of languages (pagefind-entry.json), made the same every build and with
    each language's WebAssembly at an address the page knows before the list arrives.

    - Pagefind lists the languages in the order its threads found them: sorted, the same site
      gives the same file in `make build` and `mkdocs build` (and no change to publish).
    - A language Pagefind has no stemmer for (ht, so, vi, zh) uses its wasm.unknown.pagefind:
      that file is copied to wasm.<language>.pagefind and the list names it, so every language's
      is pagefind/wasm.<language>.pagefind and kitchen-table.js asks for it on the tap, at once
      with Pagefind's script (the largest file of a first search, one round trip sooner)."""
    entry = folder / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    for language, index in data["languages"].items():
        if index.get("wasm") is None:
            shutil.copyfile(folder / "wasm.unknown.pagefind", folder / f"wasm.{language}.pagefind")
            index["wasm"] = language
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def build_index(site: Path) -> None:
    """Pagefind over the built `site`: one index per <html lang>, into site/pagefind/."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        INDEX_FOLDER,
    ]
    for selector in NOT_SEARCHED:
        command += ["--exclude-selectors", selector]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as failure:
        raise PluginError(f"search: Pagefind could not start: {failure}") from failure
    if result.returncode != 0:
        raise PluginError(
            "search: Pagefind failed to index the site: "
            + (result.stderr or result.stdout).strip().replace("\n", " / ")
        )
    _settle_entry(site / INDEX_FOLDER)
    for line in result.stdout.splitlines():
        if "Indexed" in line and ("pages" in line or "languages" in line):
            log.info(f"search: {line.strip()}")
