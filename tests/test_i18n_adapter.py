"""mkdocs-static-i18n's internals are used in one module, hooks/i18n_adapter.py, whose contract
is checked against the installed plugin: a plugin version that renames or drops what we rely on
fails here (and stops the build) with the attribute's name, instead of building a wrong site.
The content model imports no engine at all."""

from __future__ import annotations

import ast
import re
from types import SimpleNamespace

import i18n_adapter
import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError
from mkdocs_static_i18n import suffix
from mkdocs_static_i18n.plugin import I18n
from mkdocs_static_i18n.reconfigure import ExtendedPlugin


def test_the_installed_plugin_keeps_the_contract() -> None:
    assert i18n_adapter.broken_contract() == []


def test_every_attribute_of_the_contract_is_checked() -> None:
    """Each name CONTRACT lists is one broken_contract() looks at (none only documented)."""
    source = (ROOT / "hooks" / "i18n_adapter.py").read_text(encoding="utf-8")
    checks = source[source.index("def broken_contract") : source.index("def _positional")]
    for name, _ in i18n_adapter.CONTRACT:
        assert f'"{name.rpartition(".")[2]}"' in checks, name


@pytest.mark.parametrize(
    "name", ["reconfigure_files_alternates", "build_languages", "default_language", "all_languages"]
)
def test_a_plugin_without_an_attribute_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    owner = next(cls for cls in I18n.__mro__ if name in vars(cls))
    monkeypatch.delattr(owner, name)
    problems = i18n_adapter.broken_contract()
    assert any(problem.startswith(f"I18n.{name}:") for problem in problems), problems


def test_an_instance_attribute_gone_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    made = ExtendedPlugin.__init__

    def without_search_entries(self: ExtendedPlugin, *args: object, **kwargs: object) -> None:
        made(self, *args, **kwargs)
        del self.search_entries
        self.building = "no"  # no longer a bool

    monkeypatch.setattr(ExtendedPlugin, "__init__", without_search_entries)
    problems = i18n_adapter.broken_contract()
    assert "I18n.search_entries: no longer a list attribute of the plugin" in problems
    assert "I18n.building: no longer a bool attribute of the plugin" in problems


def test_a_changed_priority_or_signature_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def on_post_build(self: I18n, config: object) -> None: ...

    on_post_build.mkdocs_priority = -50  # type: ignore[attr-defined]
    monkeypatch.setattr(I18n, "on_post_build", on_post_build)
    monkeypatch.setattr(suffix, "create_i18n_file", lambda file, language: file)
    problems = i18n_adapter.broken_contract()
    assert "I18n.on_post_build: runs at priority -50, not -100" in problems
    assert "mkdocs_static_i18n.suffix.create_i18n_file: takes 2 arguments, not 5" in problems


def test_the_build_stops_with_the_attributes_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(ExtendedPlugin, "reconfigure_files_alternates")
    monkeypatch.setattr(i18n_adapter, "_checked", None)
    config = SimpleNamespace(plugins={"i18n": I18n()})
    with pytest.raises(
        PluginError,
        match=r"I18n\.reconfigure_files_alternates: no longer a "
        r"method.*Install the version pyproject\.toml pins",
    ):
        i18n_adapter.plugin(config)  # type: ignore[arg-type]


_INTERNALS = re.compile(
    r"\bmkdocs_static_i18n\b|plugins(\.get\(|\[)\s*[\"']i18n[\"']|i18n_files_per_language"
    r"|\breconfigure_\w+\s*=|(?<!i18n_adapter)\.(current_language|building|search_entries"
    r"|build_languages|all_languages|default_language)\b"
)


def test_no_other_hook_touches_the_plugins_internals() -> None:
    offenders = []
    for path in sorted((ROOT / "hooks").rglob("*.py")):
        if path.name == "i18n_adapter.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _INTERNALS.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


ENGINES = {"mkdocs", "properdocs", "material", "mkdocs_static_i18n", "zensical"}


def test_the_content_model_imports_no_engine() -> None:
    """hooks/kitchen_table/ is the part that moves to any engine: it imports none of them,
    not even inside a function."""
    found = []
    for path in sorted((ROOT / "hooks" / "kitchen_table").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
                for name in names
                if name.split(".")[0] in ENGINES
            ]
    assert found == []


def test_once_per_build_hooks_are_marked_not_guessed_from_priorities() -> None:
    """The parallel build and the merge of parts run the hooks' on_post_build that carry the
    mark, once: every hook that writes the site's one-of-a-kind files has it."""
    import editors
    import languages
    import not_found
    import privacy
    import resources

    for module in (editors, languages, not_found, privacy, resources):
        assert i18n_adapter.is_once_per_build(module.on_post_build), module.__name__
        assert module.on_post_build.mkdocs_priority < i18n_adapter.PLUGIN_PRIORITY
    import activities

    assert not i18n_adapter.is_once_per_build(getattr(activities, "on_post_build", None))
