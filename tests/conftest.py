"""Shared fixtures: the repository, throw-away copies of it, the built sample site, Chromium."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from kitchen_table.addresses import GENERATED_FOLDERS, written_beside_mkdocs

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("KITCHEN_TABLE_CHROMIUM", "/usr/bin/chromium"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# KITCHEN_TABLE_ENGINE=properdocs: the session's site (and every build through mkdocs() below,
# and hooks/parallel_build.py through ENV) is built with ProperDocs (make test runs the browser
# tests again so)
ENGINE = os.environ.get("KITCHEN_TABLE_ENGINE", "").strip() or "mkdocs"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected output of the golden tests from what the code does",
    )


def sitemap_pages(site: Path) -> list[Path]:
    """Every page MkDocs builds (each has a sitemap entry with its language alternates): not
    the pages the build writes beside them (kitchen_table.addresses.BESIDE_MKDOCS)."""
    return sorted(
        page
        for page in site.rglob("index.html")
        if not written_beside_mkdocs(page.relative_to(site).as_posix())
    )


def copy_project(target: Path) -> Path:
    """A copy of the project's sources (not .venv, not the built site) to break or change."""
    for name in ("content", "overrides", "hooks", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(
        ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns(*GENERATED_FOLDERS)
    )
    return target


def english_only_site(project: Path) -> None:
    """Make a copied project an English-only site with one card (spoon-count) and its school
    dates, no guides, glossary or weekly packs: the resources tests' small site."""
    import yaml

    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text[: text.index("        - locale: es")] + text[text.index("\nvalidation:") :], "utf-8"
    )
    for file in (project / "content/strings").glob("*.yml"):
        if file.stem != "en":
            file.unlink()
    for file in (project / "content/activities").glob("*.yml"):
        if file.stem != "spoon-count":
            file.unlink()
    card = project / "content/activities/spoon-count.yml"
    data = yaml.safe_load(card.read_text("utf-8"))
    data["text"] = {"en": data["text"]["en"]}
    data.pop("next", None)  # the one card left: there is no next card to try
    card.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    # guides and glossary are in eight languages (tests/test_guides.py); the weekly packs name
    # the sample cards (tests/test_weeks.py); school dates keep only their English
    shutil.rmtree(project / "content/guides")
    (project / "content/glossary.yml").unlink()
    (project / "content/weeks.yml").unlink()
    school = yaml.safe_load((project / "content/school.yml").read_text("utf-8"))
    for day in school["dates"]:
        day["what"] = {"en": day["what"]["en"]}
    school.pop("booklets", None)  # an English-only site prints nothing beside English
    (project / "content/school.yml").write_text(yaml.safe_dump(school, allow_unicode=True), "utf-8")


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / ENGINE), *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600
    )


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library built with `mkdocs build --strict` (`properdocs build --strict` when
    KITCHEN_TABLE_ENGINE=properdocs), as CI and `make build` build it."""
    project = copy_project(tmp_path_factory.mktemp("sample"))
    # served below /kitchen-table/, as site_url in mkdocs.yml says (the 404 page needs it)
    out = project / "public" / "kitchen-table"
    result = mkdocs("build", "--strict", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    return out


COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}
"""What a static host sends gzipped (GitHub Pages, Netlify, Cloudflare): text, not the
already-compressed Pagefind index, images or fonts."""


@contextlib.contextmanager
def serving(site: Path, compress: bool = False):
    """Serve a built site under /<its folder name>/, as a static host would: assets may be
    cached for ten minutes (GitHub Pages' default), so a second page reuses them. With
    `compress`, text files go gzipped to a browser that accepts it, as such a host sends them
    (the phone benchmarks: bytes on a slow network are time)."""

    class StaticHost(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Cache-Control", "max-age=600")
            super().end_headers()

        def do_GET(self) -> None:
            # the browser may let go of a request it no longer needs (its page closed)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._get()

        def _get(self) -> None:
            file = Path(self.translate_path(self.path))
            if file.is_dir() and self.path.split("?")[0].endswith("/"):
                file = file / "index.html"
            accepted = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (compress and accepted and file.is_file() and file.suffix in COMPRESSED):
                super().do_GET()
                return
            body = gzip.compress(file.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(StaticHost, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{site.name}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(site: Path):
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing in CI is a failure, not a skip."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# -- test tiers: `make test-fast` runs the model, golden and unit tests (-m "not slow"); `make
# test` (and CI) runs everything. A test is slow when it needs a built site, Chromium or a build
# of its own (through one of these fixtures, marked here), or runs an outside tool or a
# property-based search over the whole library: those are marked @pytest.mark.slow in place.
SLOW_FIXTURES = frozenset(
    {"site", "site_url", "browser", "partly_translated_url", "hostile", "merged_site"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
