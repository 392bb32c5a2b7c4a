"""Outgrowing one machine: `make build-part LANGUAGES=… OUT=…` on each machine, then
`make merge PARTS=…` writes the site `make build` writes, byte for byte (so the build is
deterministic: no clock time, no machine path in any file), and refuses parts that do not make
one site. The parts are built once for this module, in the session's engine."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV, copy_project


def run(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "python"), "hooks/parallel_build.py", "-q", *args],
        cwd=project,
        env=env or ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )


def site_languages(project: Path) -> list[str]:
    return re.findall(r"^\s+- locale: (\S+)", (project / "mkdocs.yml").read_text("utf-8"), re.M)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two parts (the second and third languages; the rest with the default) and their merge,
    in folders whose names differ from the session site's (no machine path may show)."""
    project = copy_project(tmp_path_factory.mktemp("parts"))
    languages = site_languages(project)
    groups = {"a": languages[1:3], "b": [languages[0], *languages[3:]]}
    for name, group in groups.items():
        result = run(project, "--languages", ",".join(group), "--part", f"parts/{name}")
        assert result.returncode == 0, result.stderr
    out = project / "public" / "kitchen-table"
    result = run(project, "--merge", "parts/a", "parts/b", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return {"project": project, "site": out, "a": project / "parts/a", "b": project / "parts/b"}


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def test_two_parts_merged_are_the_site_byte_for_byte(site: Path, built: dict[str, Path]) -> None:
    merged, whole = _files(built["site"]), _files(site)
    assert sorted(merged) == sorted(whole)
    differ = [name for name in whole if merged[name].read_bytes() != whole[name].read_bytes()]
    assert differ == []
    # the gzip header holds a time: the build's day, as MkDocs' own sitemap.xml.gz
    packed = (built["site"] / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (built["site"] / "sitemap.xml").read_bytes()


def test_no_machine_path_or_clock_time_in_the_site(built: dict[str, Path]) -> None:
    project = str(built["project"])
    home = str(Path.home())
    for name, path in _files(built["site"]).items():
        data = path.read_bytes()
        assert project.encode() not in data, name
        assert home.encode() not in data, name


def test_a_part_holds_its_languages_and_says_what_it_was_built_from(built: dict[str, Path]) -> None:
    languages = site_languages(built["project"])
    manifest = json.loads((built["a"] / "part.json").read_text("utf-8"))
    assert manifest["languages"] == languages[1:3]
    assert sorted(p.name for p in built["a"].iterdir()) == sorted([*languages[1:3], "part.json"])
    # a language other than the default keeps only what the merge reads of its build (Pagefind
    # indexes the merged site: a part holds no search index)
    assert sorted(p.name for p in (built["a"] / languages[1]).iterdir()) == sorted(
        [languages[1], "sitemap.xml"]
    )
    assert re.fullmatch(r"(mkdocs|properdocs) 1\.6\.\d+", manifest["engine"])
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["sources"])


def _copy_parts(built: dict[str, Path], tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(built["a"], a)
    shutil.copytree(built["b"], b)
    return a, b


def _merge_fails(built: dict[str, Path], *parts: Path, site: Path) -> str:
    (site / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("the site before", encoding="utf-8")
    result = run(built["project"], "--merge", *map(str, parts), "--site-dir", str(site))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text("utf-8") == "the site before"  # left as it was
    return result.stderr


def test_a_missing_language_is_named_and_nothing_is_published(
    built: dict[str, Path], tmp_path: Path
) -> None:
    languages = site_languages(built["project"])
    error = _merge_fails(built, built["b"], site=tmp_path / "site")
    assert f"no part holds {', '.join(languages[1:3])}" in error
    assert f"LANGUAGES={','.join(languages[1:3])}" in error


def test_parts_of_another_day_or_other_sources_are_refused(
    built: dict[str, Path], tmp_path: Path
) -> None:
    a, b = _copy_parts(built, tmp_path)
    manifest = json.loads((a / "part.json").read_text("utf-8"))
    # the day after the part's own (a fixed date would be today once the clock reaches it)
    other_day = (dt.date.fromisoformat(manifest["today"]) + dt.timedelta(days=1)).isoformat()
    (a / "part.json").write_text(json.dumps({**manifest, "today": other_day}), "utf-8")
    assert "built from other day (KITCHEN_TABLE_TODAY)" in _merge_fails(
        built, a, b, site=tmp_path / "site"
    )
    (a / "part.json").write_text(json.dumps(manifest), "utf-8")
    for part in (a, b):
        data = json.loads((part / "part.json").read_text("utf-8"))
        (part / "part.json").write_text(json.dumps({**data, "sources": "0" * 64}), "utf-8")
    assert "other sources than this checkout" in _merge_fails(built, a, b, site=tmp_path / "site")


def test_a_language_in_two_parts_is_refused(built: dict[str, Path], tmp_path: Path) -> None:
    a, _ = _copy_parts(built, tmp_path)
    language = site_languages(built["project"])[1]
    error = _merge_fails(built, built["a"], a, site=tmp_path / "site")
    assert f"{language} is in" in error and "build each language in one part only" in error


def test_an_unknown_language_is_named(built: dict[str, Path], tmp_path: Path) -> None:
    result = run(built["project"], "--languages", "es,xx", "--part", str(tmp_path / "p"))
    assert result.returncode == 1
    assert "LANGUAGES=es,xx: xx is not a language of this site" in result.stderr
    assert not (tmp_path / "p").exists()
