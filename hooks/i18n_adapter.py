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
        "function(file, language, default, languages, config) -> File with .locale",
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
    if "languages" not in dict(fields):
        problems.append("I18n.config.languages: no longer in the plugin's config")
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
    """The plugin, and its class's method that finds each page's other-language versions."""
    found = _required(config)
    return found, type(found).reconfigure_files_alternates


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
