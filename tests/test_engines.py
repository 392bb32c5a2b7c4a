"""Two engines build the sample site: MkDocs 1.6.1 and ProperDocs 1.6 (ENGINES.md). The session's
site is built with one (KITCHEN_TABLE_ENGINE, default mkdocs); this builds it with the other and
compares the two file for file. What may differ, and why:

- every page's `<meta name="generator">`, where MkDocs writes its version: `mkdocs-1.6.1` or
  `mkdocs-ProperDocs 1.6.7` (Material prefixes the engine's version with "mkdocs-");
- therefore the sizes in each week's offline.json ("Save for offline", about 320 KB), which
  count those pages' bytes: the same addresses, a few bytes more or less per page.

Nothing else: not a search entry, a sitemap line, a link or a byte of any other file."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENGINE, ENV, copy_project

OTHER = "properdocs" if ENGINE == "mkdocs" else "mkdocs"
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')
VERSION = {"mkdocs": rb"1\.6\.\d+", "properdocs": rb"ProperDocs 1\.6\.\d+"}


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp(f"engine-{OTHER}"))
    out = project / "public" / "kitchen-table"
    result = subprocess.run(
        [str(BIN / OTHER), "build", "--strict", "--site-dir", str(out)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return out


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def _generator(data: bytes, engine: str, name: str) -> bytes:
    """The page with its generator tag's version replaced by a mark (it must be the engine's)."""
    found = GENERATOR.findall(data)
    assert len(found) <= 1, name
    for version in found:
        assert re.fullmatch(VERSION[engine], version), (name, version)
    return GENERATOR.sub(b'<meta name="generator" content="ENGINE">', data)


def test_both_engines_write_the_same_files(site: Path, other_site: Path) -> None:
    assert sorted(_files(other_site)) == sorted(_files(site))


def test_the_pages_differ_only_by_the_engine_named_in_the_generator_tag(
    site: Path, other_site: Path
) -> None:
    ours, theirs = _files(site), _files(other_site)
    tagged = differ = 0
    for name, path in ours.items():
        if name.endswith("offline.json"):
            continue
        mine, other = path.read_bytes(), theirs[name].read_bytes()
        tagged += bool(GENERATOR.search(mine))
        if mine != other:
            differ += 1
            assert _generator(mine, ENGINE, name) == _generator(other, OTHER, name), name
    pages = [name for name in ours if name.endswith(".html")]
    assert differ == tagged  # each page with the tag, and no other file
    assert tagged > len(pages) // 2  # (the tag is really there: the check compares something)


def test_offline_saves_list_the_same_files_sized_by_their_generator_tags(
    site: Path, other_site: Path
) -> None:
    longer = len(b"ProperDocs 1.6.7") - len(b"1.6.1")
    sign = 1 if OTHER == "properdocs" else -1
    saves = sorted(site.rglob("offline.json"))
    assert saves
    for path in saves:
        mine = json.loads(path.read_text("utf-8"))
        other = json.loads((other_site / path.relative_to(site)).read_text("utf-8"))
        assert mine.keys() == other.keys()
        for band, save in mine["bands"].items():
            assert other["bands"][band]["urls"] == save["urls"]
            pages = sum(url.endswith("/") for url in save["urls"])
            difference = sign * (other["bands"][band]["bytes"] - save["bytes"])
            assert 0 <= difference <= longer * pages, (path, band)
