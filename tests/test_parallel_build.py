"""`make build` builds the languages in parallel (hooks/parallel_build.py) and merges them: the
merged site must be the site `mkdocs build` writes, file for file, and fail the same way."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV, ROOT, copy_project, sitemap_pages
from kitchen_table.cli import site_languages
from test_build import break_spoon_count

pytestmark = pytest.mark.slow  # every test here builds a site of its own


def parallel_build(project: Path, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "python"), "hooks/parallel_build.py", "--site-dir", str(site), *args],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def merged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("parallel"))
    out = project / "public" / "kitchen-table"
    result = parallel_build(project, out, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def test_merged_site_has_the_same_pages_and_files(site: Path, merged_site: Path) -> None:
    assert _files(merged_site) == _files(site)
    assert any(name.startswith("es/activities/") for name in _files(merged_site))


def test_merged_site_equals_the_sequential_site_file_for_file(
    site: Path, merged_site: Path
) -> None:
    different = [
        name
        for name in sorted(_files(site))
        if name != "sitemap.xml.gz"
        and (site / name).read_bytes() != (merged_site / name).read_bytes()
    ]
    assert different == []


def test_sitemap_with_alternates_and_search_indexes_are_intact(
    site: Path, merged_site: Path
) -> None:
    sitemap = (merged_site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap == (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == len(sitemap_pages(site))
    assert 'hreflang="ar"' in sitemap and "/es/activities/spoon-count/" in sitemap
    # gzip stores a build time: compare what it holds
    assert gzip.decompress((merged_site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    # Pagefind indexed the merged site as it indexes a `mkdocs build` site: the same languages
    # and pages (its file names are hashes of what it wrote, so compare what they list)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    merged = json.loads((merged_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert {language: part["page_count"] for language, part in merged["languages"].items()} == {
        language: part["page_count"] for language, part in entry["languages"].items()
    }
    assert sorted(entry["languages"]) == sorted(site_languages(ROOT / "mkdocs.yml"))
    assert not list(merged_site.rglob("search_index.json"))  # Material's lunr index is gone


def test_content_errors_are_reported_once_and_the_old_site_stays(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the site before", encoding="utf-8")
    break_spoon_count(project)
    result = parallel_build(project, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("content/activities/spoon-count.yml:") == 5
    assert "5 content errors: nothing was built" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the site before"
    assert sorted(path.name for path in site.parent.iterdir() if "site" in path.name) == ["site"]


def test_a_lost_card_page_fails_the_parallel_build_too(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    exclude = "\nexclude_docs: |\n  activities/spoon-count.pt.md\n"
    config.write_text(config.read_text("utf-8") + exclude, "utf-8")
    result = parallel_build(project, project / "site")
    assert result.returncode == 1
    assert "got no page in pt: content/activities/spoon-count.yml" in result.stderr
    assert not (project / "site").exists()


def test_preview_builds_one_language_without_a_search_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "site"
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env={**ENV, "SITE_LANGUAGE": "es"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "previewing es only" in result.stderr
    assert (site / "es/activities/spoon-count/index.html").is_file()
    # no index in a preview: its search box says search needs `make build`
    assert not list((site / "pagefind").rglob("*.pf_meta"))
    assert "export const preview = true" in (site / "pagefind" / "pagefind.js").read_text("utf-8")
    assert not (site / "index.html").exists()  # English was not built
    assert not (site / "zh").exists()
    wrong = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--site-dir", str(site)],
        cwd=project,
        env={**ENV, "SITE_LANGUAGE": "fr"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert wrong.returncode != 0
    assert "SITE_LANGUAGE=fr is not a language of this site" in wrong.stderr


def _site_before(project: Path) -> Path:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the site before", encoding="utf-8")
    return site


def _only_the_old_site_is_left(site: Path) -> None:
    assert (site / "index.html").read_text(encoding="utf-8") == "the site before"
    assert sorted(path.name for path in site.parent.iterdir() if "site" in path.name) == ["site"]


def test_a_template_error_keeps_the_old_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = _site_before(project)
    template = project / "overrides/partials/activity.html"
    template.write_text(template.read_text("utf-8") + "\n{% if %}\n", "utf-8")
    result = parallel_build(project, site)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "TemplateSyntaxError" in result.stderr and "activity.html" in result.stderr
    _only_the_old_site_is_left(site)


def test_a_crash_in_a_hook_keeps_the_old_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = _site_before(project)
    (project / "hooks/crash.py").write_text(
        "def on_env(env, *, config, files):\n    raise RuntimeError('a bug in a hook')\n", "utf-8"
    )
    config = project / "mkdocs.yml"
    original = config.read_text("utf-8")
    config.write_text(original.replace("hooks:\n", "hooks:\n  - hooks/crash.py\n", 1), "utf-8")
    result = parallel_build(project, site)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "RuntimeError: a bug in a hook" in result.stderr
    assert "Nothing was published" in result.stderr or "nothing was published" in result.stderr
    _only_the_old_site_is_left(site)
