"""Synthetic libraries for `make bench`: the sample school's content, multiplied.

`make_library(target, cards)` copies the project (mkdocs.yml, hooks, overrides, docs, content) to
`target` and fills content/ with `cards` activity cards made from the sample cards: the same words
in all eight languages, each with its own id and a numbered title (translations keep a correct
`translated_from`, so none is marked stale).

One generator per content type, in GENERATORS. Guides (content/guides/) and resources
(content/resources/) are being added in other branches: when they land, add a generator for each
and give it its share in PROPORTIONS, so that a library of N cards also holds guides and resources
in the proportion a real district library would.

`make_floor(target, library)` writes "the floor": plain MkDocs + Material + mkdocs-static-i18n on
the same pages with the same text, as hand-written Markdown, with no hooks.
"""

from __future__ import annotations

import copy
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from content_library import GENERATED_FOLDERS  # noqa: E402
from kitchen_table.activities import fingerprint  # noqa: E402
from kitchen_table.cli import site_languages  # noqa: E402
from kitchen_table.library import Library, load_library  # noqa: E402
from kitchen_table.taxonomy import GRADES, in_language  # noqa: E402
from kitchen_table.text import plain  # noqa: E402

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/activity.schema.json\n"
GENERATED_DOCS = GENERATED_FOLDERS
"""Folders our builds write under docs/: never copied as if they were hand-written pages."""
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def copy_project(target: Path) -> Path:
    """The project's sources without the built site, the generated pages or the sample cards."""
    for name in ("overrides", "hooks", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns(*GENERATED_DOCS))
    # weeks.yml names the sample cards by id: the synthetic cards have other ids
    shutil.copytree(
        ROOT / "content",
        target / "content",
        ignore=shutil.ignore_patterns("activities", "weeks.yml"),
    )
    return target


def sample_cards() -> list[dict]:
    return [
        yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
        for file in sorted((ROOT / "content" / "activities").glob("*.yml"))
    ]


def generate_activities(content: Path, count: int) -> int:
    """`count` cards in content/activities/, made from the sample cards in turn."""
    folder = content / "activities"
    folder.mkdir(parents=True, exist_ok=True)
    samples = sample_cards()
    for number in range(1, count + 1):
        card = copy.deepcopy(samples[(number - 1) % len(samples)])
        card["id"] = f"{card['id']}-{number}"
        for text in card["text"].values():
            text["title"] = f"{text['title']} {number}"
        english = fingerprint(card["text"]["en"])
        for language, text in card["text"].items():
            if language != "en":
                text["translated_from"] = english
        body = yaml.dump(card, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        (folder / f"{card['id']}.yml").write_text(SCHEMA_LINE + body, encoding="utf-8")
    return count


GENERATORS: dict[str, Callable[[Path, int], int]] = {"activities": generate_activities}
"""Content type -> generator(content folder, how many); add guides and resources here."""
PROPORTIONS: dict[str, float] = {"activities": 1.0}
"""How many items of each type per activity card in a synthetic library."""


def make_library(target: Path, cards: int) -> dict[str, int]:
    """A project at `target` with `cards` activity cards (and other types in proportion)."""
    copy_project(target)
    return {
        kind: generate(target / "content", round(cards * PROPORTIONS[kind]))
        for kind, generate in GENERATORS.items()
    }


def languages_of(project: Path) -> tuple[str, ...]:
    return site_languages(project / "mkdocs.yml")


# -- the floor: the same pages and words, hand-written Markdown, no hooks --------------------------


def make_floor(target: Path, project: Path) -> int:
    """Plain MkDocs + Material + static-i18n with one Markdown page per page of our site (cards,
    catalogs, home, translation status) holding the same words. Returns the number of pages."""
    languages = languages_of(project)
    library = load_library(project, languages)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict))
    floor = {
        "site_name": config["site_name"],
        "site_url": config["site_url"],
        "docs_dir": "docs",
        # only the interface words Material lacks (ht, so): none of our templates
        "theme": {"name": "material", "language": "en", "font": False, "custom_dir": "overrides"},
        "nav": config["nav"],
        "plugins": ["search", {"i18n": i18n}],
        "validation": config["validation"],
    }
    target.mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(floor, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shutil.copytree(
        project / "overrides" / "partials" / "languages",
        target / "overrides" / "partials" / "languages",
    )
    docs = target / "docs"
    shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns(*GENERATED_DOCS))
    pages = _floor_pages(library)
    for relative, text in pages.items():
        page = docs / relative
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    return len(pages) + len(languages)  # and the home pages


def _file(path: str, language: str, default: str) -> str:
    return f"{path}.md" if language == default else f"{path}.{language}.md"


def _floor_pages(library: Library) -> dict[str, str]:
    pages: dict[str, str] = {}
    default = library.languages[0]
    taxonomy = library.taxonomy
    for language in library.languages:
        words = library.strings[language]
        cards = library.activities

        def listing(title: str, chosen, language=language) -> str:
            items = "".join(
                f"- [{plain(a.text_in(language).title)}]"
                f"(../../activities/{a.id}/) — {plain(a.text_in(language).summary)}\n"
                for a in chosen
            )
            return f"# {title}\n\n{items}"

        for activity in cards:
            text = activity.text_in(language)
            body = [
                f"# {plain(text.title)}",
                plain(text.summary),
                "## Steps",
                *[f"{n}. {plain(step)}" for n, step in enumerate(text.steps, 1)],
                "## Talk about",
                *[f"- {plain(prompt)}" for prompt in text.talk_about],
                plain(text.why_it_matters),
                plain(text.tell_the_teacher),
            ]
            pages[_file(f"activities/{activity.id}", language, default)] = "\n\n".join(body) + "\n"
            if language != default and activity.is_translated(language):
                # the bilingual print view: the home language beside English
                english = activity.text_in(default)
                both = [
                    *body,
                    f"## {plain(english.title)}",
                    plain(english.summary),
                    *[f"{n}. {plain(step)}" for n, step in enumerate(english.steps, 1)],
                ]
                pages[_file(f"activities/{activity.id}/bilingual", language, default)] = (
                    "\n\n".join(both) + "\n"
                )
        pages[_file("activities/index", language, default)] = listing(
            words["all_activities"], cards
        )
        pages[_file("grades/index", language, default)] = f"# {words['activities_by_grade']}\n"
        for grade in GRADES:
            label = in_language(taxonomy.grades[grade], language)
            pages[_file(f"grades/{grade.lower()}", language, default)] = listing(
                label, [a for a in cards if grade in a.grades]
            )
        pages[_file("skills/index", language, default)] = f"# {words['activities_by_skill']}\n"
        for area in taxonomy.areas:
            pages[_file(f"skills/{area.id}", language, default)] = listing(
                in_language(area.labels, language),
                [a for a in cards if area.id in a.areas(taxonomy)],
            )
    pages["translations/index.md"] = "# Translation status\n"
    return pages
