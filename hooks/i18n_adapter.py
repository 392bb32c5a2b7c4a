"""The one place that touches mkdocs-static-i18n's internals (pinned <1.4 for them).

The plugin builds the default language, then each other language, from inside its own
on_post_build (priority -100), in one process. The parallel build, its parts and the one-language
preview take that loop into their own hands: they set which language the plugin builds and that
it must build no other, and read its lists of languages. Nothing else in hooks/ reads or sets an
attribute of the plugin: they call the functions below.

CONTRACT lists every attribute these functions use, and `broken_contract()` says which of them the
installed plugin no longer has, by name. The first use in a process checks it, so a new plugin
version that renames one stops the build with that name instead of building a wrong site
(tests/test_i18n_adapter.py runs the same check). When you move the pin, run that test first.

`once_per_build` marks the hooks' on_post_build that must run once per site, after every
language: the parallel build and the merge of parts run exactly those, found by the mark.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeGuard

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "i18n"
PLUGIN_PRIORITY = -100
"""The priority of the plugin's on_config, on_files, on_nav and on_post_build: our hooks run at
-90 (before it) or -110, -120 and -200 (after it)."""

ONCE_PER_BUILD_PRIORITY = -200
_ONCE_MARK = "kitchen_table_once_per_build"


@dataclass(frozen=True)
class Language:
    locale: str
    name: str
    build: bool
    default: bool


CONTRACT: tuple[tuple[str, str], ...] = (
    # (attribute, what we rely on)
    (
        "building",
        "instance attribute, a bool: True while it builds the other languages; its "
        "on_post_build builds no other language when it is set",
    ),
    ("current_language", "instance attribute: the language the next build() builds"),
    ("search_entries", "instance attribute, a list: every built language's search entries"),
    ("i18n_files_per_language", "instance attribute, a dict: language -> its pages"),
    ("default_language", "property: the default language's locale"),
    ("build_languages", "property: the locales with build: true, in mkdocs.yml's order"),
    ("all_languages", "property: every configured locale (a preview reads it once)"),
    ("config.languages", "config: entries with locale, name, build and default"),
    (
        "config.fallback_to_default",
        "config, a bool: without it, a page's alternates are its versions in other languages "
        "only (quick_alternates finds them so)",
    ),
    ("reconfigure_files_alternates", "method(src_uris, alternates, config, create_file)"),
    (
        "reconfigure_files",
        "method(files, config) -> Files of (files, plugin): this language's files, each with "
        ".alternates (language -> File), made from the files, the config and the plugin's "
        "settings only",
    ),
    ("on_config", f"event at priority {PLUGIN_PRIORITY}"),
    ("on_files", f"event at priority {PLUGIN_PRIORITY}"),
    ("on_nav", f"event at priority {PLUGIN_PRIORITY}"),
    ("on_post_build", f"event at priority {PLUGIN_PRIORITY}"),
    (
        "mkdocs_static_i18n.suffix.create_i18n_file",
        "function(file, language, default, languages, config) -> File with .locale (read "
        "from the name's last suffix) and .alternates",
    ),
)

_checked: list[str] | None = None


def _plugin_class() -> type:
    from mkdocs_static_i18n.plugin import I18n

    return I18n


def broken_contract() -> list[str]:
    """Each attribute of CONTRACT the installed plugin lacks or changed, as one line naming it."""
    try:
        plugin_class = _plugin_class()
        from mkdocs_static_i18n import suffix
    except ImportError as missing:
        return [f"mkdocs_static_i18n: cannot be imported ({missing})"]
    problems: list[str] = []
    instance = plugin_class()
    for name, kind in (
        ("building", bool),
        ("search_entries", list),
        ("i18n_files_per_language", dict),
    ):
        if not isinstance(getattr(instance, name, None), kind):
            problems.append(f"I18n.{name}: no longer a {kind.__name__} attribute of the plugin")
    if "current_language" not in vars(instance):
        problems.append("I18n.current_language: no longer an attribute of the plugin")
    for name in ("default_language", "build_languages", "all_languages"):
        if not isinstance(inspect.getattr_static(plugin_class, name, None), property):
            problems.append(f"I18n.{name}: no longer a property of the plugin")
    fields = getattr(getattr(plugin_class, "config_class", None), "_schema", ())
    for field in ("languages", "fallback_to_default"):
        if field not in dict(fields):
            problems.append(f"I18n.config.{field}: no longer in the plugin's config")
    wanted = {  # called positionally: what counts is how many, in this order
        "reconfigure_files_alternates": 5,  # self, src_uris, alternates, config, create_file
        "reconfigure_files": 3,  # self, files, config
    }
    for name, count in wanted.items():
        method = getattr(plugin_class, name, None)
        if not callable(method):
            problems.append(f"I18n.{name}: no longer a method of the plugin")
        elif _positional(method) != count:
            problems.append(f"I18n.{name}: takes {_positional(method)} arguments, not {count}")
    for name in ("on_config", "on_files", "on_nav", "on_post_build"):
        priority = getattr(getattr(plugin_class, name, None), "mkdocs_priority", None)
        if priority != PLUGIN_PRIORITY:
            problems.append(f"I18n.{name}: runs at priority {priority}, not {PLUGIN_PRIORITY}")
    maker = getattr(suffix, "create_i18n_file", None)
    if not callable(maker):
        problems.append("mkdocs_static_i18n.suffix.create_i18n_file: no longer a function")
    elif _positional(maker) != 5:  # file, language, default, languages, config
        problems.append(
            "mkdocs_static_i18n.suffix.create_i18n_file: takes "
            f"{_positional(maker)} arguments, not 5"
        )
    return problems


def _positional(function: Callable) -> int:
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(
        parameter.kind in kinds for parameter in inspect.signature(function).parameters.values()
    )


def plugin(config: MkDocsConfig) -> Any | None:
    """The i18n plugin of this build (None on a site without it), its contract checked once."""
    found = config.plugins.get(PLUGIN_NAME)
    if found is None:
        return None
    global _checked
    if _checked is None:
        _checked = broken_contract()
    if _checked:
        raise PluginError(
            "mkdocs-static-i18n changed what Kitchen Table relies on (hooks/i18n_adapter.py): "
            + "; ".join(_checked)
            + ". Install the version pyproject.toml pins."
        )
    return found


def _required(config: MkDocsConfig) -> Any:
    """The i18n plugin, for what a site without it cannot do."""
    found = plugin(config)
    if found is None:
        raise PluginError(f"the {PLUGIN_NAME} plugin is not in mkdocs.yml's plugins")
    return found


def languages(config: MkDocsConfig) -> list[Language]:
    """The languages mkdocs.yml configures for the plugin, in its order."""
    found = plugin(config)
    if found is None:
        return []
    return [
        Language(entry.locale, entry.name, bool(entry.build), bool(entry.default))
        for entry in found.config.languages
    ]


def default_language(config: MkDocsConfig) -> str:
    return _required(config).default_language


def build_languages(config: MkDocsConfig) -> list[str]:
    """The languages to build, the default first (the order the plugin builds them in)."""
    found = _required(config)
    default = found.default_language
    return [default, *(lang for lang in found.build_languages if lang != default)]


def build_only(config: MkDocsConfig, language: str) -> None:
    """The next build() builds `language` and no other, its sitemap and search entries on
    their own: what the plugin's own loop sets before each language, minus the loop."""
    found = _required(config)
    found.current_language = language
    found.building = True
    found.i18n_files_per_language.clear()
    found.search_entries.clear()


def all_built(config: MkDocsConfig) -> None:
    """Every language is built (merged by the parallel build): the plugin builds no more."""
    found = plugin(config)
    if found is not None:
        found.building = False


def building_other_languages(config: MkDocsConfig) -> bool:
    """True while the plugin builds a language other than the first from its on_post_build
    (and in a parallel build's or a preview's one-language build)."""
    found = plugin(config)
    return bool(found is not None and found.building)


def files_alternates(config: MkDocsConfig) -> tuple[Any, Callable]:
    """The plugin, and the method that finds each page's other-language versions: the plugin's
    own, or the same search without its wasted Files (`quick_alternates`)."""
    found = _required(config)
    if getattr(found.config, "fallback_to_default", True):
        return found, type(found).reconfigure_files_alternates
    return found, quick_alternates


def quick_alternates(
    plugin: Any,
    src_uris: dict[str, Any],
    alternates: dict[str, list[Any]],
    config: MkDocsConfig,
    create_file: Callable,
) -> None:
    """The plugin's reconfigure_files_alternates without fallback_to_default, giving the same
    alternates with a fraction of the work. For each page and each other language, the plugin
    makes a File of every candidate in turn (every other language's version of the page) until
    one is in that language: about four Files for each page and language, made to read a locale
    the file's name already gives. Here the locale is read from the name first, as the plugin's
    create_i18n_file reads it, and only the matching candidate is made into a File: the same
    first match, the same File, about 15 % of a language's build at 200 cards."""
    every_language = plugin.all_languages
    default = plugin.default_language
    locales: dict[int, str] = {}

    def locale_of(file: Any) -> str:
        found = locales.get(id(file))
        if found is None:
            found = locales[id(file)] = _locale_of_name(file.name, every_language, default)
        return found

    for language in sorted(plugin.build_languages):
        for src_uri, i18n_file in src_uris.items():
            if language in i18n_file.alternates:
                continue
            for candidate in alternates.get(src_uri, []):
                if locale_of(candidate) != language:
                    continue  # the plugin would make its File, see another locale, go on
                made = create_file(candidate, language, default, every_language, config)
                if made.locale == language:
                    i18n_file.alternates[made.locale] = made
                    break


def _locale_of_name(name: str, every_language: list[str], default: str) -> str:
    """A file's locale as mkdocs_static_i18n.suffix.create_i18n_file reads it from the file's
    name (`x.es` -> es; `x`, or a suffix that is no locale -> the default language)."""
    from mkdocs_static_i18n.config import RE_LOCALE

    suffixes = PurePath(name).suffixes
    if not suffixes:
        return default
    locale = suffixes[-1].replace(".", "")
    return locale if locale in every_language or RE_LOCALE.match(locale) else default


_MADE_KEY = "_kitchen_table_other_languages_files"


def make_other_languages_files_once() -> None:
    """The plugin makes a File of every page and asset of every language in each language's
    build (4,500 at 200 cards), only to read its locale and set aside those of the other
    languages: it keeps the file it was given, not the File it made. Here each File is made
    once per plugin (one `mkdocs build`, one parallel build and its forked workers) and given
    again to each later language's build whose language it is not in: the plugin reads only its
    locale and language-free address (norm_src_uri), which are the same for every language. A
    File in the language being built is made new every time (it is built)."""
    made_new = file_maker()
    if getattr(made_new, "kitchen_table_once", False):
        return

    def create(file: Any, language: str, default: str, languages: Any, config: MkDocsConfig) -> Any:
        found = plugin(config)
        if found is None:
            return made_new(file, language, default, languages, config)
        made_files = found.__dict__.setdefault(_MADE_KEY, {})
        key = (file.src_uri, file.dest_uri, file.abs_src_path, default)
        made = made_files.get(key)
        if made is None or made.locale == language:
            made = made_new(file, language, default, languages, config)
            if made.locale != language:
                made_files[key] = made
        return made

    create.kitchen_table_once = True  # type: ignore[attr-defined]
    set_file_maker(create)


def use_quick_alternates(config: MkDocsConfig) -> None:
    """This build's plugin finds each page's alternates with quick_alternates (unless another
    method was set for it: a preview's, which calls quick_alternates itself)."""
    found, method = files_alternates(config)
    if method is quick_alternates:
        set_files_alternates(
            config,
            lambda src_uris, alternates, mkdocs_config, create_file: quick_alternates(
                found, src_uris, alternates, mkdocs_config, create_file
            ),
        )


def set_files_alternates(config: MkDocsConfig, method: Callable) -> None:
    """This build's plugin finds alternates with `method` (a preview remembers them)."""
    found = _required(config)
    if "reconfigure_files_alternates" not in vars(found):
        found.reconfigure_files_alternates = method


def files_sorter(config: MkDocsConfig) -> tuple[Any, Callable, str]:
    """The plugin, its class's method that chooses this language's files (and finds their
    alternates), and its settings as text (what else the choice depends on)."""
    found = _required(config)
    settings = json.dumps(dict(found.config), default=str, sort_keys=True)
    return found, type(found).reconfigure_files, settings


def building_language(config: MkDocsConfig) -> str:
    """The language the plugin builds now."""
    return str(_required(config).current_language)


def set_files_sorter(config: MkDocsConfig, method: Callable) -> None:
    """This build's plugin chooses its files with `method` (a preview remembers them)."""
    found = _required(config)
    if "reconfigure_files" not in vars(found):
        found.reconfigure_files = method


def files_like(kind: type, plugin: Any, chosen: list[Any]) -> Any:
    """A Files of the plugin's own kind (the type of an answer of its reconfigure_files),
    holding `chosen`."""
    return kind(plugin, chosen)


def languages_property(config: MkDocsConfig) -> tuple[type, Callable[[Any], list[str]]]:
    """The plugin's class and the getter of its `all_languages` property."""
    plugin_class = type(_required(config))
    return plugin_class, plugin_class.all_languages.fget


def set_languages_property(plugin_class: type, getter: Callable[[Any], list[str]]) -> None:
    plugin_class.all_languages = property(getter)  # type: ignore[attr-defined]


def file_maker() -> Callable:
    """The plugin's function that makes a page's File for one language."""
    from mkdocs_static_i18n import suffix

    return suffix.create_i18n_file


def set_file_maker(maker: Callable) -> None:
    from mkdocs_static_i18n import suffix

    suffix.create_i18n_file = maker


def once_per_build(event: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a hook's on_post_build as once-per-site work. In `mkdocs build` it runs after the
    plugin's on_post_build (priority -200), in every language's build: it returns early until
    every language is built (every_language_built). The parallel build and `make merge` build
    no language in their own process and call exactly the events with this mark, once, on the
    merged site."""

    setattr(event, _ONCE_MARK, True)
    return event_priority(ONCE_PER_BUILD_PRIORITY)(event)


def is_once_per_build(event: object) -> TypeGuard[Callable[[MkDocsConfig], None]]:
    return bool(getattr(event, _ONCE_MARK, False))
