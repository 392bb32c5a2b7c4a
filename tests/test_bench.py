"""`make bench` at its smallest size, as a smoke test: it runs, and what it reports is sane.
Its times are not checked here (speed goals are reported by `make bench`, never tested).

Also: the synthetic library is valid with nothing marked stale, and the floor mirrors every page
of the sample site (its weekly packs and page for schools included), page for page."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ENV, ROOT
from kitchen_table.addresses import written_beside_mkdocs

LANGUAGES = 8
CARDS = 200
GENERATED = {"activities": CARDS, "guides": 12, "resources": 50}
"""A 200-card library: the sample's 12 guides (more than 0.02 per card), 0.25 resources per card."""


def _bench_library():
    """bench/library.py as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_library", ROOT / "bench" / "library.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_library", module)
    spec.loader.exec_module(module)
    return module


def _html_path(markdown: str) -> str:
    """docs/ path -> the built page: guides/x.es.md -> es/guides/x/index.html."""
    stem, _, language = markdown.removesuffix(".md").partition(".")
    folder = "" if stem == "index" else stem.removesuffix("/index")
    page = f"{folder}/index.html" if folder else "index.html"
    if stem == "404":  # a language's "not found" page, es/404.html in our build
        page = "404.html"
    return f"{language}/{page}" if language else page


@pytest.mark.slow  # builds a site of its own
def test_bench_smallest_size_reports_sane_numbers(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(BIN / "python"),
            "bench/bench.py",
            "--sizes",
            str(CARDS),
            "--ways",
            "parallel,floor",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert "x floor" in result.stdout  # the table
    assert "NOT THE SAME PAGES" not in result.stdout, result.stdout
    report = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    [size] = report["results"]
    assert size["cards"] == CARDS and size["languages"] == LANGUAGES
    assert size["generated"] == GENERATED
    validation = size["validation"]
    assert validation["cards"] == CARDS and validation["cards_per_second"] > 0
    assert validation["cpu_seconds"] > 0 and validation["cards_per_cpu_second"] > 0
    check = size["check"]  # make check: a process of its own, start-up and imports included
    assert check["seconds"] > 0 and check["cpu_seconds"] > 0 and check["cards_per_second"] > 0
    assert validation["guides"] == GENERATED["guides"]
    assert validation["resources"] == GENERATED["resources"]
    ours, floor = size["builds"]["parallel"], size["builds"]["floor"]
    for build in (ours, floor):
        assert build["seconds"] > 0 and build["peak_memory_mb"] > 0
        assert build["cpu_seconds"] > 0  # the workers' and Pagefind's too: waited for
        assert build["site"]["card_pages"] == CARDS * LANGUAGES
        assert build["site"]["card_page_html_bytes_mean"] > 1000
        heaviest = build["site"]["heaviest_page"]
        assert heaviest["html_bytes"] >= build["site"]["card_page_html_bytes_max"]
        assert 0 < heaviest["gzip_bytes"] < heaviest["html_bytes"]
    # 200 cards are more than a page of a list: the lists have next pages, and their filters
    # a file of every card
    lists = ours["site"]["heaviest_list_page"]
    assert 0 < lists["gzip_bytes"] < lists["html_bytes"]
    assert lists["list_pages"] > LANGUAGES * (1 + 9)  # all activities and the grades, at least
    assert 0 < ours["site"]["filters_file"]["gzip_bytes"] < ours["site"]["filters_file"]["bytes"]
    # the floor has the same pages as our site (guides, resources and their filtered lists,
    # glossary, school year, the page for schools), with the same words
    assert ours["floor_differences"] == {
        "only_ours": [],
        "only_floor": [],
        "only_ours_count": 0,
        "only_floor_count": 0,
    }
    assert ours["site"]["html_pages"] == floor["site"]["html_pages"]
    assert floor["markdown_pages"] == ours["site"]["html_pages"] - 1  # all but the 404 page
    assert ours["ratio_to_floor"] > 0 and ours["cpu_ratio_to_floor"] > 0
    indexes = ours["site"]["search_index_bytes"]
    assert sorted(indexes) == sorted(["en", "es", "zh", "vi", "ar", "ht", "so", "pt"])
    assert all(size > 1000 for size in indexes.values()), indexes


def test_a_synthetic_library_is_valid_and_no_translation_is_stale(tmp_path: Path) -> None:
    bench = _bench_library()
    from kitchen_table.library import load_library

    made = bench.make_library(tmp_path / "library", 30)
    assert made == {"activities": 30, "guides": 12, "resources": 28}  # the sample's minimums
    assert bench.counts_for(1000) == {"activities": 1000, "guides": 20, "resources": 250}
    project = tmp_path / "library"
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    library = load_library(
        project, bench.languages_of(project), config["extra"], site_url=config["site_url"]
    )
    assert (len(library.activities), len(library.guides), len(library.resources)) == (30, 12, 28)
    # the sample's own guides and resources were replaced by the numbered ones
    assert all(guide.id.rsplit("-", 1)[1].isdigit() for guide in library.guides)
    assert all(resource.id.rsplit("-", 1)[1].isdigit() for resource in library.resources)
    assert library.guides[0].text_in("es").title.endswith(library.guides[0].id.rsplit("-", 1)[1])
    stale = [
        (item.id, language)
        for kind in (library.activities, library.guides, library.resources)
        for item in kind
        for language in library.languages
        if item.is_stale(language)
    ]
    assert stale == []


def test_the_floor_mirrors_every_page_of_the_sample_site(site: Path, tmp_path: Path) -> None:
    """The sample has weekly packs (the synthetic libraries do not): the floor mirrors them too."""
    bench = _bench_library()
    floor = tmp_path / "floor"
    count = bench.make_floor(floor, ROOT)
    docs = floor / "docs"
    markdown = {file.relative_to(docs).as_posix() for file in docs.rglob("*.md")}
    assert count == len(markdown)
    built = bench.html_pages(site)  # with the booklets and the like, written beside MkDocs
    assert any(page.startswith("weeks/") for page in built)
    # the floor writes as Markdown what ours writes beside MkDocs: booklets, offline, 404 pages
    beside = {page for page in built if written_beside_mkdocs(page)}
    assert beside and beside <= {_html_path(page) for page in markdown}
    assert {_html_path(page) for page in markdown} == built - {"404.html"}
    guide = (docs / "guides" / "conferences.es.md").read_text(encoding="utf-8")
    assert "# Reuniones de padres y maestros" in guide and "¿Cuál es la mejor manera" in guide
    pantry = (docs / "resources" / "maple-hollow-food-pantry.ar.md").read_text(encoding="utf-8")
    assert "بقالة مجانية" in pantry and "12 Birch Lane" in pantry
