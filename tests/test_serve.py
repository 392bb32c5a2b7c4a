"""`mkdocs serve` as an editor uses it: one rebuild per edit, deleted cards gone."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ENV

pytestmark = pytest.mark.slow  # every test here serves a site it builds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, TimeoutError):  # busy rebuilding: ask again
        return 0, ""


def test_editing_a_card_rebuilds_once_and_deleting_it_removes_its_page(project: Path) -> None:
    port = _free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _wait_for(lambda: "Serving on" in log.read_text()), log.read_text()
        url = f"http://127.0.0.1:{port}/kitchen-table"

        card = project / "content/activities/spoon-count.yml"
        card.write_text(card.read_text().replace("title: Spoon count", "title: Spoon count game"))
        assert _wait_for(lambda: "Spoon count game" in _get(f"{url}/activities/spoon-count/")[1])
        time.sleep(3)  # time enough for a second, unwanted rebuild to start
        assert log.read_text().count("Detected file changes") == 1, log.read_text()

        card.unlink()
        assert _wait_for(lambda: _get(f"{url}/es/activities/spoon-count/")[0] == 404)
        assert "spoon-count" not in _get(f"{url}/activities/")[1]
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextlib.contextmanager
def _serve(project: Path, language: str = ""):
    """`mkdocs serve` (previewing one language if given, as `make serve SITE_LANGUAGE=es`
    does); yields the site's address and the server's log."""
    port = _free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**ENV, "SITE_LANGUAGE": language},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _wait_for(lambda: "Serving on" in log.read_text()), log.read_text()
        yield f"http://127.0.0.1:{port}/kitchen-table", log
    finally:
        server.terminate()
        server.wait(timeout=20)


_LINKED = """() => {
  const roots = [document, ...[...document.querySelectorAll('template')].map(t => t.content)];
  return roots.flatMap(root => [...root.querySelectorAll(
      'link[rel~="stylesheet"][href], link[rel~="icon"][href], script[src], img[src]')]
    .map(node => new URL(node.getAttribute('href') || node.getAttribute('src'),
                         document.baseURI).href));
}"""


def test_preview_of_one_language_serves_every_asset_it_links(project: Path, browser) -> None:
    """`make serve SITE_LANGUAGE=es` in Chromium: every stylesheet, script, icon and image a
    page links (also the scripts held in a <template> until search opens) is served, the
    site's own CSS applies and the search button shows."""
    with _serve(project, "es") as (url, log):
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        page = context.new_page()
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
        linked: set[str] = set()
        try:
            for path in (
                "es/",
                "es/activities/spoon-count/",
                "es/resources/",
                "es/for-schools/",
                "es/guides/enrolling/",
                "es/school-year/",
            ):
                page.goto(f"{url}/{path}")
                page.wait_for_load_state("networkidle")
                linked.update(page.evaluate(_LINKED))
            ours = {address for address in linked if address.startswith(url)}
            assert {
                f"{url}/assets/kitchen-table.css",
                f"{url}/assets/kitchen-table.js",
                f"{url}/assets/favicon.svg",
            } <= ours, sorted(ours)
            missing = [
                f"{response.status} {address}"
                for address in sorted(ours)
                if (response := context.request.get(address)).status != 200
            ]
            assert not missing and not failed, (missing, failed)
            others = {a for a in linked - ours if not a.startswith("data:")}
            assert not others, sorted(others)  # nothing from a third party
            # the site's own stylesheet applies, and kitchen-table.js shows the search button
            assert (
                page.eval_on_selector("ul.kt-dates", "n => getComputedStyle(n).listStyleType")
                == "none"
            )
            assert page.locator('label.md-header__button[for="__search"]').is_visible()
            # search says plainly that a preview has none and `make build` builds it
            page.locator('label.md-header__button[for="__search"]').click()
            page.keyboard.type("cucharas")
            words = yaml.safe_load((project / "content/strings/es.yml").read_text("utf-8"))
            page.wait_for_function(
                "text => document.querySelector('.md-search-result__meta').textContent.trim()"
                " === text",
                arg=words["search_needs_build"],
                timeout=20000,
            )
        finally:
            context.close()
        assert "Traceback" not in log.read_text()
