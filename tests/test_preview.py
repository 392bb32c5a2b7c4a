"""The incremental preview (`make serve SITE_LANGUAGE=es` runs `mkdocs serve --dirty`): after
an editor's change, rendering only the pages it touched gives the very site a clean build of
that language gives, file for file: the card's pages, every list showing it, the search index,
the QR code files, the sitemap."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import time
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


_LISTED = re.compile(r'class="kt-catalog__link" href="([^"]+)"')


def _listed(page: Path) -> list[str]:
    """The cards a list's page shows, by id, in its order."""
    hrefs = _LISTED.findall(page.read_text(encoding="utf-8"))
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def _first_grade(project: Path, card_id: str) -> str:
    text = (project / f"content/activities/{card_id}.yml").read_text(encoding="utf-8")
    found = re.search(r"^grades: \[(\w+)", text, re.MULTILINE)
    assert found, card_id
    return found.group(1)


def _written(site: Path) -> dict[str, int]:
    return {
        path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in site.rglob("*.html")
    }


def test_a_retitled_card_moves_between_a_lists_pages_and_a_new_card_joins(
    project: Path, tmp_path: Path
) -> None:
    """A title edit renders again only the list pages whose cards changed: here the card moves
    from the first page of all activities to the second (the lists are in title order), so both
    pages change, while the home page and the lists that do not show it stay as they were. Then
    a new card: every list's counts change. Each time the same site as a clean build."""
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    _build(project, incremental, dirty=True)
    lists = incremental / "es/activities"
    first, second = _listed(lists / "index.html"), _listed(lists / "page/2/index.html")
    assert len(first) == 24 and second, (first, second)
    # the last card of page 1 in the grade page 2 starts with: retitled, it goes after it
    grade = _first_grade(project, second[0])
    moved = next(c for c in reversed(first) if _first_grade(project, c) == grade)
    card = project / f"content/activities/{moved}.yml"
    text = card.read_text(encoding="utf-8")
    title = re.search(r"\n  es:\n(?:    .*\n)*?    title: (.*)\n", text)
    assert title, text
    card.write_text(
        text.replace(f"    title: {title.group(1)}\n", f"    title: Zzz {title.group(1)}\n", 1),
        encoding="utf-8",
    )
    before = _written(incremental)
    time.sleep(0.01)
    log = _build(project, incremental, dirty=True)
    assert f"for the change to {moved}" in log, log
    assert moved not in _listed(lists / "index.html")
    assert moved in _listed(lists / "page/2/index.html")
    after = _written(incremental)
    rewritten = {page for page, mtime in after.items() if before.get(page) != mtime}
    assert {
        f"es/activities/{moved}/index.html",
        "es/activities/index.html",
        "es/activities/page/2/index.html",
    } <= rewritten
    not_showing = [
        page
        for page in after
        if page.startswith("es/skills/") and moved not in _listed(incremental / page)
    ]
    assert not_showing and not rewritten.intersection(not_showing), rewritten
    assert "es/index.html" not in rewritten and f"es/activities/{second[-1]}/index.html" not in (
        rewritten
    )
    assert len(rewritten) < len(after) / 5, ", ".join(sorted(rewritten))
    _build(project, clean, dirty=False)
    filecmp.clear_cache()
    assert _differences(incremental, clean) == []

    # new cards, in every language: the 49th gives all activities a third page (everything is
    # built again), the 50th joins the lists' pages as they are
    source = project / "content/activities/spoon-count.yml"
    for number in (2, 3):
        new = re.sub(
            r"(\n    title: .*)", rf"\1 {number}", source.read_text(encoding="utf-8")
        ).replace("id: spoon-count\n", f"id: spoon-count-{number}\n", 1)
        (project / f"content/activities/spoon-count-{number}.yml").write_text(new, encoding="utf-8")
        log = _build(project, incremental, dirty=True)
        assert (incremental / f"es/activities/spoon-count-{number}/index.html").is_file()
    assert "for the change to spoon-count-3" in log, log
    assert "spoon-count-3" in _listed(lists / "page/3/index.html") + _listed(
        lists / "page/2/index.html"
    ) + _listed(lists / "index.html")
    _build(project, clean, dirty=False)
    filecmp.clear_cache()
    assert _differences(incremental, clean) == []
