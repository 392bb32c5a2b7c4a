"""The incremental preview (`make serve SITE_LANGUAGE=es` runs `mkdocs serve --dirty`): after
an editor's change, rendering only the pages it touched gives the very site a clean build of
that language gives, file for file: the card's pages, every list showing it, the search index,
the QR code files, the sitemap."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV

pytestmark = pytest.mark.slow  # every test here builds a site of its own


def _build(project: Path, site: Path, *, dirty: bool) -> str:
    result = subprocess.run(
        [
            str(BIN / "mkdocs"),
            "build",
            "--strict",
            *(["--dirty"] if dirty else []),
            "--site-dir",
            str(site),
        ],
        cwd=project,
        env={**ENV, "SITE_LANGUAGE": "es"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def _differences(one: Path, other: Path) -> list[str]:
    found: list[str] = []

    def walk(compared: filecmp.dircmp, here: str) -> None:
        found.extend(f"only in the incremental build: {here}{n}" for n in compared.left_only)
        found.extend(f"only in the clean build: {here}{n}" for n in compared.right_only)
        found.extend(f"differs: {here}{n}" for n in compared.diff_files + compared.funny_files)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{here}{name}/")

    walk(filecmp.dircmp(one, other, ignore=[]), "")
    return found


def _files(site: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(site))


def test_an_incremental_preview_equals_a_clean_build(project: Path, tmp_path: Path) -> None:
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    _build(project, incremental, dirty=True)  # the first build of a preview: all of it
    filecmp.clear_cache()

    # 1. the Spanish title and a step of one card, and its grades (every list's counts)
    card = project / "content/activities/spoon-count.yml"
    text = card.read_text(encoding="utf-8")
    edited = (
        text.replace("title: Contar cucharas\n", "title: Contar cucharas juntos\n")
        .replace("una por una.", "una por una, despacio.")
        .replace("grades: [PK, K]", "grades: [PK, K, 1]")
    )
    assert edited.count("Contar cucharas juntos") == 1
    assert "despacio" in edited and "[PK, K, 1]" in edited
    card.write_text(edited, encoding="utf-8")
    log = _build(project, incremental, dirty=True)
    assert re.search(r"rebuilding \d+ page\(s\) for the change to spoon-count", log), log
    page = (incremental / "es/activities/spoon-count/index.html").read_text(encoding="utf-8")
    assert "Contar cucharas juntos" in page and "despacio" in page
    _build(project, clean, dirty=False)
    assert _differences(incremental, clean) == []
    assert _files(incremental) == _files(clean) > 300

    # 2. only an English summary: no list's counts change; then the card is deleted
    card.write_text(
        edited.replace("summary: Count spoons", "summary: Count the spoons", 1), encoding="utf-8"
    )
    assert "Count the spoons" in card.read_text(encoding="utf-8")
    _build(project, incremental, dirty=True)
    card.unlink()
    log = _build(project, incremental, dirty=True)
    assert "for the change to spoon-count" in log, log
    assert not (incremental / "es/activities/spoon-count").exists()
    _build(project, clean, dirty=False)
    filecmp.clear_cache()
    assert _differences(incremental, clean) == []


def test_a_change_beyond_cards_rebuilds_the_whole_preview(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(project, site, dirty=True)
    strings = project / "content/strings/es.yml"
    strings.write_text(strings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    log = _build(project, site, dirty=True)
    assert "rebuilding" not in log and "Cleaning site directory" not in log
    clean = tmp_path / "clean"
    _build(project, clean, dirty=False)
    assert _differences(site, clean) == []


def test_make_serve_preview_after_an_edit_equals_a_clean_build(
    project: Path, tmp_path: Path
) -> None:
    """The same through `mkdocs serve --dirty` as `make serve SITE_LANGUAGE=es` runs it: one
    process, rebuilding after each edit (what it remembers between rebuilds must not leak)."""
    import socket
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    served = tmp_path / "tmp"
    served.mkdir()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**ENV, "SITE_LANGUAGE": "es", "TMPDIR": str(served)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def built(times: int) -> bool:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if log.read_text().count("Documentation built in") >= times:
                return True
            time.sleep(0.3)
        return False

    try:
        assert built(1), log.read_text()
        deadline = time.monotonic() + 60
        while "Serving on" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(1)  # watching now, and the edit is newer than the first build
        card = project / "content/activities/spoon-count.yml"
        text = card.read_text(encoding="utf-8")
        card.write_text(
            text.replace("title: Contar cucharas\n", "title: Contar cucharas ya\n").replace(
                "grades: [PK, K]", "grades: [PK, K, 2]"
            ),
            encoding="utf-8",
        )
        assert built(2), log.read_text()
        time.sleep(1)
        card.write_text(
            text.replace("summary: Count spoons", "summary: Count the spoons", 1), encoding="utf-8"
        )
        assert built(3), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert log.read_text().count("for the change to spoon-count") == 2, log.read_text()
    assert "Traceback" not in log.read_text() and "WARNING" not in log.read_text()
    (site,) = served.glob("mkdocs_*")
    # a clean build of the same content, at the address the preview served it from
    (project / "preview.yml").write_text(
        f"INHERIT: mkdocs.yml\nsite_url: http://127.0.0.1:{port}/kitchen-table/\n", encoding="utf-8"
    )
    clean = tmp_path / "clean"
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", "preview.yml", "--site-dir", str(clean)],
        cwd=project,
        env={**ENV, "SITE_LANGUAGE": "es"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert _differences(site, clean) == []
    page = (site / "es/activities/spoon-count/index.html").read_text(encoding="utf-8")
    assert "Contar cucharas" in page and "Contar cucharas ya" not in page
