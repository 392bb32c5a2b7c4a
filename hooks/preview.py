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

import copy
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import i18n_adapter
from content_library import (
    CARDS_PER_PAGE,
    GENERATED_FOLDERS,
    PREVIEW_KEEPS,
    PREVIEW_ONLY,
    library_for,
    list_order,
    list_pages,
    preview_language,
    site_languages,
)
from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

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
    # build this language only, without the search entries the plugin keeps for a merge
    i18n_adapter.build_only(config, language)
    i18n_adapter.set_files_alternates(config, _remembered_alternates(config))
    i18n_adapter.set_files_sorter(config, _remembered_sorting(config))
    _remember_other_languages_files()
    _languages_read_once(config)
    path = urlsplit(config.site_url or "/").path.rstrip("/")
    folder = "" if language == languages[0] else f"{language}/"
    log.info(f"previewing {language} only: http://{config.dev_addr}{path}/{folder}")
    now = _file_fingerprints(Path(config.config_file_path).parent)
    config[_NOW_KEY] = now
    if _incremental(config) and _only_this_language(config, now):
        config[PREVIEW_ONLY] = language
    return config


_ALTERNATES: dict[tuple, Any] = {}


def _remembered_alternates(config: MkDocsConfig) -> Callable:
    """The i18n plugin finds each page's version in every other language by making a File for
    each candidate (most of a preview rebuild's time at 1,000 cards). The same file of the same
    site gives the same File, so a preview remembers them from one rebuild to the next: they
    are only read (their address), never built."""
    i18n, original = i18n_adapter.files_alternates(config)

    def remembered(src_uris: Any, alternates: Any, config: MkDocsConfig, create: Callable) -> Any:
        def create_once(
            file: File, language: str, default: str, languages: Any, config: MkDocsConfig
        ) -> File:
            key = (
                file.src_uri,
                file.dest_uri,
                file.abs_src_path,
                language,
                default,
                *_site_of(config),
            )
            made = _ALTERNATES.get(key)
            if made is None:
                made = _ALTERNATES[key] = create(file, language, default, languages, config)
            return made

        return original(i18n, src_uris, alternates, config, create_once)

    return remembered


_SORTED: dict[str, tuple[tuple, Any, list[File]]] = {}


def _remembered_sorting(config: MkDocsConfig) -> Callable:
    """The i18n plugin sorts every file of docs/, every language's (20,000 at 1,000 cards), to
    choose this language's and find each one's versions in the others: the same files, site
    and plugin settings give the same choice, so a preview's rebuild that adds or removes no
    file takes last build's, as new File objects (a build writes into its Files: each page's
    content and Page). Only the last build's choice is kept."""
    i18n, original, settings = i18n_adapter.files_sorter(config)

    def remembered(files: Files, config: MkDocsConfig) -> Files:
        key = (
            tuple((f.src_uri, f.dest_uri, f.abs_src_path, f.inclusion) for f in files),
            i18n_adapter.building_language(config),
            settings,
            *_site_of(config),
        )
        held = _SORTED.get("last")
        if held is not None and held[0] == key:
            return i18n_adapter.files_like(held[1], i18n, _fresh(held[2]))
        result = original(i18n, files, config)
        _SORTED["last"] = (key, type(result), _fresh(list(result)))  # before the build writes
        return result

    return remembered


def _fresh(files: list[File]) -> list[File]:
    """New File objects with the same values, each one's alternates pointing at the new ones."""
    copies = {id(file): copy.copy(file) for file in files}
    for file in files:
        alternates = getattr(file, "alternates", None)
        if alternates is not None:
            copies[id(file)].alternates = {  # type: ignore[attr-defined]
                language: copies.get(id(alternate), alternate)
                for language, alternate in alternates.items()
            }
    return [copies[id(file)] for file in files]


_OTHER_LANGUAGES: dict[tuple, Any] = {}
_SITES: dict[int, tuple[Any, tuple]] = {}


def _site_of(config: MkDocsConfig) -> tuple:
    """What of the build's config a File depends on (read once per build: every read of a
    MkDocs config value goes through a descriptor, and the i18n plugin makes tens of thousands
    of Files)."""
    held = _SITES.get(id(config))
    if held is None or held[0] is not config:
        _SITES.clear()
        held = _SITES[id(config)] = (
            config,
            (config.docs_dir, config.site_dir, config.use_directory_urls),
        )
    return held[1]


def _languages_read_once(config: MkDocsConfig) -> None:
    """The i18n plugin reads its list of languages from its config for every file it sorts
    (tens of thousands of reads a rebuild): in a preview, once per build's config."""
    plugin, read = i18n_adapter.languages_property(config)
    if getattr(plugin, "kitchen_table_preview", False):
        return

    def all_languages(self: Any) -> list[str]:
        held = self.__dict__.get("_kitchen_table_languages")
        if held is None or held[0] is not self.config:
            held = self.__dict__["_kitchen_table_languages"] = (self.config, read(self))
        return list(held[1])

    i18n_adapter.set_languages_property(plugin, all_languages)
    plugin.kitchen_table_preview = True  # type: ignore[attr-defined]


def _remember_other_languages_files() -> None:
    """The i18n plugin also makes a File for each page of every other language, only to see
    that it is not this language's and set it aside: a preview makes each of those once, not at
    every rebuild. This language's pages are made new every time (they are built)."""
    made_new = i18n_adapter.file_maker()
    if getattr(made_new, "kitchen_table_preview", False):
        return

    def create(
        file: File, language: str, default: str, languages: Any, config: MkDocsConfig
    ) -> File:
        key = (file.src_uri, file.dest_uri, file.abs_src_path, language, default, *_site_of(config))
        made = _OTHER_LANGUAGES.get(key)
        if made is None:
            made = _OTHER_LANGUAGES[key] = made_new(file, language, default, languages, config)
        if made.locale == language:  # this build's own file (or its own alternate): a new one
            return made_new(file, language, default, languages, config)
        return made

    create.kitchen_table_preview = True  # type: ignore[attr-defined]
    i18n_adapter.set_file_maker(create)


@event_priority(-90)  # before the i18n plugin (-100) keeps only this language's files
def _keep_shared_assets(files: Files, *, config: MkDocsConfig) -> Files:
    if preview_language() is not None:
        config[_ASSETS_KEY] = [
            file
            for file in files
            if not file.is_documentation_page() and _shared_asset(file, config)
        ]
    return files


@event_priority(-110)  # after the i18n plugin: put back the assets it left to the default language
def _put_back_shared_assets(files: Files, *, config: MkDocsConfig) -> Files:
    kept: list[File] = config.get(_ASSETS_KEY) or []
    present = {file.dest_uri for file in files}
    for file in kept:
        if file.dest_uri not in present:
            files.append(file)
    return files


def _shared_asset(file: File, config: MkDocsConfig) -> bool:
    """A hand-written file of docs/ that every language shares: not a `name.es.png` (the plugin
    handles those per language) and not a theme file (the plugin keeps those)."""
    if not file.abs_src_path or not file.abs_src_path.startswith(config.docs_dir):
        return False
    suffixes = file.name.split(".")[1:] if "." in file.name else []
    return not any(suffix in site_languages(config) for suffix in suffixes)


# -- the incremental preview: `make serve SITE_LANGUAGE=es` rebuilds what an edit changed --------
#
# MkDocs' dirty builds (`mkdocs serve --dirty`, which `make serve SITE_LANGUAGE=…` runs) render a
# page only when its Markdown file is newer than its HTML. Our pages are made from content/, so
# that is not enough: a card's steps are not in its generated Markdown, and a list shows cards
# without changing its own file. So each preview build remembers what it was built from (a
# fingerprint of every card file, and one of everything else: the rest of content/, overrides/,
# hooks/, the hand-written pages, mkdocs.yml) and, on the next one:
# - nothing else changed: it renders again the changed cards' pages (card and bilingual view),
#   the lists that show them (all activities, their grades and skill areas, old and new; every
#   list and the home page when a card's grades or skills change, a card comes or goes, as the
#   counts change) and the weekly packs and the page for schools; it deletes a removed card's
#   pages and keeps the search entries of every page it did not render;
# - anything else changed, or no memory of this site folder: it empties the folder and builds it
#   all, as a clean build does.

_MEMORY = Path(".cache") / "kitchen-table" / "preview"
_DIRTY_WARNING = "A 'dirty' build is being performed"
_state: dict[str, Any] = {"dirty": False}


def on_startup(*, command: str, dirty: bool) -> None:
    _state["dirty"] = dirty
    if dirty and preview_language() is not None:
        logging.getLogger("mkdocs.commands.build").addFilter(_without_dirty_warning)


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave navigation and lists out of date: this hook
    renders every page an edit changes, so the warning would only worry editors."""
    return not record.getMessage().startswith(_DIRTY_WARNING)


def _incremental(config: MkDocsConfig) -> bool:
    return _state["dirty"] and preview_language() is not None


def on_pre_build(config: MkDocsConfig) -> None:
    if preview_language() is None:
        return
    library = library_for(config)
    now = _with_lists(config[_NOW_KEY], library)
    plan = _plan(config, now) if _incremental(config) else None
    config[_PLAN_KEY] = plan
    if plan is None:
        if _incremental(config):  # a change beyond cards: everything, as a clean build
            utils.clean_directory(config.site_dir)
        return
    removed, pages = plan
    config[PREVIEW_KEEPS] = frozenset(
        [
            f"activities/{activity.id}"
            for activity in library.activities
            if activity.id not in now["changed"]
        ]
        + [f"guides/{guide.id}" for guide in library.guides]
        + [  # a week whose packs hold the same, unchanged cards: its booklets and offline list
            f"weeks/{week.slug}"
            for week in library.weeks
            if f"weeks/{week.slug}" not in pages and "weeks/*" not in pages
        ]
    )
    site = _language_root(config)
    for activity_id in sorted(removed):  # a clean build would not have its pages
        if (site / "activities" / activity_id).is_dir():
            shutil.rmtree(site / "activities" / activity_id)
    log.info(
        f"rebuilding {len(pages)} page(s) for the change to "
        f"{', '.join(sorted(now['changed'])) or 'nothing'}"
    )


_NOW_KEY = "kitchen_table_preview_now"
_PLAN_KEY = "kitchen_table_preview_plan"
_FILES_KEY = "kitchen_table_preview_files"
_BUILT_KEY = "kitchen_table_preview_built"


def _file_fingerprints(root: Path) -> dict[str, Any]:
    """What this build is made from: each card file's digest, and one digest of everything
    else."""
    cards: dict[str, str] = {}
    others = hashlib.sha256()
    docs = root / "docs"  # its hand-written part: the build writes the generated folders
    hand_written = [
        entry
        for entry in sorted(docs.iterdir())
        if not (entry.is_dir() and entry.name in GENERATED_FOLDERS)
    ]
    places = [root / "content", root / "overrides", root / "hooks", *hand_written]
    for place in places:
        for path in sorted(place.rglob("*")) if place.is_dir() else [place]:
            relative = path.relative_to(root).as_posix()
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if relative.startswith("content/activities/"):
                cards[relative] = digest
            else:
                others.update(f"{relative}\0{digest}\n".encode())
    others.update((root / "mkdocs.yml").read_bytes())
    return {"others": others.hexdigest(), "cards": cards, "changed": set()}


def _with_lists(now: dict[str, Any], library: Any) -> dict[str, Any]:
    """Each card's id, grades and skill areas (what the lists' counts are made of)."""
    taxonomy = library.taxonomy
    now["lists"] = {
        activity.id: [list(activity.grades), list(activity.areas(taxonomy))]
        for activity in library.activities
    }
    now["ids"] = {activity.source: activity.id for activity in library.activities}
    language = str(preview_language())
    ordered = sorted(library.activities, key=lambda activity: list_order(activity, language))
    order: dict[str, list[str]] = {"all": []}
    for activity in ordered:  # each list in its pages' order (as hooks/activities.py shows it)
        order["all"].append(activity.id)
        grades, areas = now["lists"][activity.id]
        for name in [*(f"grade:{g}" for g in grades), *(f"skill:{a}" for a in areas)]:
            order.setdefault(name, []).append(activity.id)
    now["order"] = order
    now["next"] = {activity.id: activity.next for activity in library.activities if activity.next}
    now["weeks"] = {
        week.slug: {band: list(ids) for band, ids in week.packs.items()} for week in library.weeks
    }
    return now


def _remembered(config: MkDocsConfig) -> dict[str, Any] | None:
    try:
        return json.loads(_memory_file(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _only_this_language(config: MkDocsConfig, now: dict[str, Any]) -> bool:
    """Whether this rebuild may write this language's generated pages only: the same card
    files as last time, nothing else changed, every card's page there from the first build."""
    before = _remembered(config)
    if before is None or before.get("others") != now["others"]:
        return False
    if set(before["cards"]) != set(now["cards"]):
        return False
    docs = Path(config.docs_dir)
    return all(
        (docs / "activities" / f"{Path(source).stem}.md").is_file() for source in now["cards"]
    )


def _memory_file(config: MkDocsConfig) -> Path:
    key = hashlib.sha256(f"{Path(config.site_dir).resolve()}\0{preview_language()}".encode())
    return Path(config.config_file_path).parent / _MEMORY / f"{key.hexdigest()[:24]}.json"


def _language_root(config: MkDocsConfig) -> Path:
    languages = site_languages(config)
    language = preview_language()
    site = Path(config.site_dir)
    return site if language == languages[0] else site / str(language)


def _plan(config: MkDocsConfig, now: dict[str, Any]) -> tuple[set[str], set[str]] | None:
    """(removed card ids, the pages to render again by path, e.g. `grades/3`), or None to
    build everything."""
    before = _remembered(config)
    if before is None:
        return None
    home = _language_root(config) / "index.html"
    if (
        before.get("others") != now["others"]
        or not home.is_file()
        or before.get("home_mtime") != home.stat().st_mtime_ns
    ):
        return None  # another build wrote this folder, or more than cards changed
    sources = set(now["cards"]) | set(before["cards"])
    changed_sources = {s for s in sources if now["cards"].get(s) != before["cards"].get(s)}
    ids_now, ids_before = now["ids"], before["ids"]
    changed = {ids_now.get(s) or ids_before.get(s) for s in changed_sources} - {None}
    if any(
        ids_now.get(s) != ids_before.get(s)
        for s in changed_sources
        if s in ids_now and s in ids_before
    ):
        return None  # a card's id changed: its old pages have gone elsewhere
    now["changed"] = changed
    removed = {i for i in changed if i not in now["lists"]}
    pages: set[str] = set()
    counts_changed = False
    # a changed card's pages, and those of the cards that name it as the one to try next
    shown_on = changed | {card for card, following in now["next"].items() if following in changed}
    for activity_id in shown_on:
        pages |= {f"activities/{activity_id}", f"activities/{activity_id}/bilingual"}
    for activity_id in changed:
        old, new = before["lists"].get(activity_id), now["lists"].get(activity_id)
        counts_changed |= old != new
    if _list_sizes(before["lists"]) != _list_sizes(now["lists"]) or "next" not in before:
        return None  # a list gains or loses a page: its pages are other files
    if changed:
        pages |= {"translations/index", "weeks/index", "for-schools/*"}
        pages |= _week_pages_showing(changed, before["weeks"], now["weeks"])
    if counts_changed:  # every list shows every grade's and skill's count
        pages |= {"index", "activities/index", "activities/page/*", "grades/*", "skills/*"}
    else:
        pages |= _list_pages_showing(changed, before["order"], now["order"])
    return removed, pages


def _list_pages_showing(
    changed: set[str], before: dict[str, list[str]], now: dict[str, list[str]]
) -> set[str]:
    """The pages of the lists that show a changed card, or show other cards than last time (a
    list's pages share its cards out in title order: a new title may move cards between them)."""
    pages: set[str] = set()
    for name, ids in now.items():
        old = before.get(name, [])
        for number in range(1, list_pages(len(ids)) + 1):
            shown = ids[(number - 1) * CARDS_PER_PAGE : number * CARDS_PER_PAGE]
            if shown != old[(number - 1) * CARDS_PER_PAGE : number * CARDS_PER_PAGE] or (
                changed.intersection(shown)
            ):
                pages.add(_list_page(name, number))
    return pages


def _week_pages_showing(
    changed: set[str], before: dict[str, dict[str, list[str]]], now: dict[str, dict[str, list[str]]]
) -> set[str]:
    """The weeks whose packs hold a changed card, or other cards than last time (the plan
    chooses the cards of weeks to come from the library)."""
    if set(before) != set(now):
        return {"weeks/*"}
    return {
        f"weeks/{slug}"
        for slug, packs in now.items()
        if packs != before[slug] or any(changed.intersection(ids) for ids in packs.values())
    }


def _list_page(name: str, number: int) -> str:
    """`grade:K`, 2 -> `grades/k/page/2`; `all`, 1 -> `activities/index` (a page's path)."""
    kind, _, key = name.partition(":")
    first = {"all": "activities/index", "grade": f"grades/{key.lower()}", "skill": f"skills/{key}"}[
        kind
    ]
    if number == 1:
        return first
    return f"{first.removesuffix('/index')}/page/{number}"


def _list_sizes(lists: dict[str, list[list[str]]]) -> dict[str, int]:
    """How many pages each list of cards has (all, each grade's, each skill's)."""
    sizes: dict[str, int] = {"all": len(lists)}
    for grades, areas in lists.values():
        for name in [*(f"grade:{g}" for g in grades), *(f"skill:{a}" for a in areas)]:
            sizes[name] = sizes.get(name, 0) + 1
    return {name: list_pages(count) for name, count in sizes.items()}


def _page_key(src_uri: str, languages: tuple[str, ...]) -> str:
    """`activities/x/bilingual.es.md` -> `activities/x/bilingual` (the page, in any language)."""
    key = src_uri.removesuffix(".md")
    for language in languages:
        key = key.removesuffix(f".{language}")
    return key


@event_priority(-120)  # after the i18n plugin has chosen this language's files
def _render_what_changed(files: Files, *, config: MkDocsConfig) -> Files:
    config[_FILES_KEY] = files
    config[_BUILT_KEY] = set()
    plan = config.get(_PLAN_KEY)
    if plan is None:
        return files
    _removed, pages = plan
    folders = tuple(page.removesuffix("*") for page in pages if page.endswith("/*"))
    languages = site_languages(config)  # read once: it goes through the plugin's config
    for file in files.documentation_pages():
        key = _page_key(file.src_uri, languages)
        if key in pages or key.startswith(folders):
            file.content_string = file.content_string  # held in memory: "modified", rendered
    return files


on_files = CombinedEvent(_keep_shared_assets, _put_back_shared_assets, _render_what_changed)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    built = config.get(_BUILT_KEY)
    if built is not None:
        built.add(page.url)
    return output


@event_priority(-300)  # last: the build succeeded
def on_post_build(config: MkDocsConfig) -> None:
    now = config.get(_NOW_KEY)
    if now is None:
        return
    home = _language_root(config) / "index.html"
    memory = {key: value for key, value in now.items() if key != "changed"}
    memory["home_mtime"] = home.stat().st_mtime_ns if home.is_file() else None
    target = _memory_file(config)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_text(json.dumps(memory), encoding="utf-8")
    os.replace(partial, target)


@event_priority(-120)  # after the i18n plugin has translated the navigation
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """A dirty build reads only the pages it renders, but every page shows the navigation's
    titles: read those pages' titles (not render them)."""
    if config.get(_PLAN_KEY) is not None:
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
    return nav
