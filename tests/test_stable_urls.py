"""Stable URLs are a promise to schools: newsletters already sent link to these addresses.

tests/golden/urls.txt lists, in every language, every address a school may send: the activity
cards, the home page, the list of activities (the link builder's address), the grade and skill
pages with their indexes, the guides and their index, the resource pages and the resource list,
the glossary, the school year, the weeks list and each week with its paper packs, and the page
for schools. They are worked out from the content (content/ and mkdocs.yml), not read from a
built site. Pages may be added, but none of the listed addresses may change or disappear. After
adding content, append the new addresses with `pytest tests/test_stable_urls.py --update-golden`
(it only ever adds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENV, ROOT
from kitchen_table.activities import card_address
from kitchen_table.addresses import (
    BUILT_OUTSIDE_DOCS,
    GENERATED,
    GENERATED_FOLDERS,
    address,
    language_prefix,
    page_file,
    site_root,
    written_beside_mkdocs,
)
from kitchen_table.cli import site_languages, site_url
from kitchen_table.library import Library, load_library
from kitchen_table.taxonomy import GRADES

PROMISED = Path(__file__).parent / "golden" / "urls.txt"
LANGUAGES = site_languages(ROOT / "mkdocs.yml")
BASE = site_url(ROOT / "mkdocs.yml")


def pages_now(library: Library) -> list[tuple[str, str]]:
    """(kind, path in the default language) of every page a school may link, cards excepted."""
    pages = [("home", ""), ("activities", "activities/"), ("grades", "grades/")]
    pages += [("grade", f"grades/{grade.lower()}/") for grade in GRADES]
    pages += [("skills", "skills/")]
    pages += [("skill", f"skills/{area.id}/") for area in library.taxonomy.areas]
    if library.guides:
        pages += [("guides", "guides/")]
        pages += [("guide", f"guides/{guide.id}/") for guide in library.guides]
    if library.resources:
        pages += [("resources", "resources/")]
        pages += [("resource", f"resources/{resource.id}/") for resource in library.resources]
    if library.glossary is not None:
        pages += [("glossary", "glossary/")]
    if library.school is not None:
        pages += [("school year", "school-year/")]
    if library.weeks:
        pages += [("weeks", "weeks/")]
        pages += [("week", f"weeks/{week.slug}/") for week in library.weeks]
        # the paper packs: "print this week for grade 3, in Somali"
        pages += [
            ("booklet", f"weeks/{week.slug}/{band.lower()}/")
            for week in library.weeks
            for band in week.packs
        ]
    pages += [("for schools", "for-schools/")]
    return pages


def addresses_now() -> dict[str, tuple[str, str]]:
    """Every address a school may send, in every language: its kind of page and language."""
    library = load_library(ROOT, LANGUAGES)
    now = {
        card_address(BASE, LANGUAGES[0], activity.id, language): ("card", language)
        for activity in library.activities
        for language in LANGUAGES
    }
    for kind, path in pages_now(library):
        for language in LANGUAGES:
            now[address(BASE, LANGUAGES[0], path, language)] = (kind, language)
    return now


def promised() -> list[str]:
    return PROMISED.read_text(encoding="utf-8").split() if PROMISED.exists() else []


def test_no_promised_address_changes_or_disappears(request: pytest.FixtureRequest) -> None:
    now = addresses_now()
    listed = promised()
    if request.config.getoption("--update-golden"):
        added = [url for url in now if url not in listed]
        PROMISED.write_text("".join(f"{a}\n" for a in [*listed, *added]), encoding="utf-8")
        listed = [*listed, *added]
    gone = [url for url in listed if url not in now]
    assert not gone, (
        f"{len(gone)} address(es) that schools may have sent would stop working, "
        f"e.g. {gone[0]} — keep the id (the file name) of the card, guide or resource, "
        f"and the week's start in content/weeks.yml"
    )
    assert len(listed) == len(set(listed)), "an address is listed twice"


def test_every_kind_of_page_is_promised_in_every_language() -> None:
    """The promise covers each kind of page the site has, in each language (new pages of a kind
    already promised may wait for --update-golden)."""
    now = addresses_now()
    listed = set(promised())
    missing = [
        f"{kind} ({language})"
        for kind, language in sorted(set(now.values()))
        if not [url for url, page in now.items() if page == (kind, language) and url in listed]
    ]
    assert not missing, f"no address promised for: {', '.join(missing)}"


def test_every_promised_address_is_built(site: Path) -> None:
    for promise in promised():
        assert (site / promise.removeprefix(BASE) / "index.html").is_file(), promise


# -- the registry of pages and folders (kitchen_table.addresses) ---------------------------------


def test_the_build_writes_exactly_the_registered_folders_of_docs(site: Path) -> None:
    """The folders a build adds under docs/ are the registry's, no more, no fewer: so
    `make clean`, the test fixtures' copies and `mkdocs serve`'s watcher, which read the
    registry, leave no generated page behind and take no hand-written one for generated."""
    built_docs = site.parent.parent / "docs"  # the site fixture's project copy, after its build
    hand_written = {entry.name for entry in (ROOT / "docs").iterdir() if entry.is_dir()}
    written = {entry.name for entry in built_docs.iterdir() if entry.is_dir()}
    assert written - (hand_written - set(GENERATED_FOLDERS)) == set(GENERATED_FOLDERS)
    for folder in GENERATED_FOLDERS:
        module = GENERATED[folder]
        assert (ROOT / "hooks" / f"{module}.py").is_file(), f"{folder}: no hooks/{module}.py"


def test_every_generated_folder_is_gitignored_and_cleaned(tmp_path: Path) -> None:
    ignored = subprocess.run(
        [
            "git",
            "check-ignore",
            "--no-index",
            "--verbose",
            "--non-matching",
            *(f"docs/{folder}/x.md" for folder in GENERATED_FOLDERS),
            *(f"{name}/x" for name in BUILT_OUTSIDE_DOCS if not name.startswith(".links")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    not_ignored = [line.split("\t")[-1] for line in ignored if line.startswith("::")]
    assert not not_ignored, f"add to .gitignore: {not_ignored}"
    # make clean (the registry's clean) removes them all and leaves the hand-written pages
    project = tmp_path / "project"
    for folder in GENERATED_FOLDERS:
        (project / "docs" / folder).mkdir(parents=True)
        (project / "docs" / folder / "index.md").write_text("generated\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "site").mkdir()
    (project / ".links.txt").write_text("https://example.org/\n", encoding="utf-8")
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "clean", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**ENV, "PYTHONPATH": str(ROOT / "hooks")},
    )
    assert result.returncode == 0, result.stderr
    left = sorted(path.relative_to(project).as_posix() for path in project.rglob("*"))
    assert left == ["docs", "docs/index.md"]


def test_one_way_to_build_an_address() -> None:
    """Every hook builds a page's address, file and language folder with these (a site_url
    without its final slash gives the same addresses, as MkDocs adds it)."""
    for base in ("https://example.org/kitchen-table/", "https://example.org/kitchen-table"):
        assert address(base, "en", "activities/x/", "es") == (
            "https://example.org/kitchen-table/es/activities/x/"
        )
        assert address(base, "en", "", "en") == "https://example.org/kitchen-table/"
        assert site_root(base) == "/kitchen-table/"
    assert address(None, "en", "weeks/feed.xml", "so") == "/so/weeks/feed.xml"
    assert site_root(None) == site_root("https://example.org") == "/"
    assert language_prefix("en", "en") == "" and language_prefix("zh", "en") == "zh/"
    assert page_file("guides/x", "ar", "en") == "guides/x.ar.md"
    assert page_file("guides/x", "en", "en") == "guides/x.md"
    # what the build writes beside MkDocs' pages (no sitemap entry), and what it does not
    assert all(
        written_beside_mkdocs(path)
        for path in (
            "weeks/2026-09-07/pk-k/index.html",
            "es/weeks/2026-09-07/3-5/index.html",
            "offline/index.html",
            "so/offline/index.html",
            "es/404.html",
        )
    )
    assert not any(
        written_beside_mkdocs(path)
        for path in ("404.html", "weeks/2026-09-07/index.html", "es/activities/x/index.html")
    )
