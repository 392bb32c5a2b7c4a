"""Count the printed pages of every weekly paper pack (week x band) of a built site, in the
languages given (default: the language whose packs are longest, and the longest side-by-side
one), on Letter and on A4, in Chromium. Prints one line per language and paper, and every pack
over two pages.

    .venv/bin/python bench/booklet_pages.py /tmp/school-year-site [so es ...]
"""

from __future__ import annotations

import functools
import http.server
import io
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

CHROMIUM = "/usr/bin/chromium"


def longest_languages(site: Path) -> list[str]:
    sizes: dict[str, int] = {}
    for booklet in site.glob("**/weeks/*/*/index.html"):
        parts = booklet.relative_to(site).parts
        language = parts[0] if parts[0] != "weeks" else "en"
        sizes[language] = sizes.get(language, 0) + len(booklet.read_text("utf-8"))
    return [max(sizes, key=sizes.get)]


def main() -> int:
    site = Path(sys.argv[1])
    languages = sys.argv[2:] or longest_languages(site)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    worst = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 360, "height": 740})
        for language in languages:
            prefix = "" if language == "en" else f"{language}/"
            booklets = sorted((site / prefix / "weeks").glob("*/*/index.html"))
            for paper in ("Letter", "A4"):
                start = time.perf_counter()
                counts = []
                for booklet in booklets:
                    page.goto(f"{base}/{booklet.relative_to(site).parent.as_posix()}/")
                    pages = len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)
                    counts.append(pages)
                    if pages > 2:
                        sys.stdout.write(
                            f"  over two pages: {booklet.relative_to(site)} {paper}: {pages}\n"
                        )
                worst = max(worst, *counts)
                spread = {n: counts.count(n) for n in sorted(set(counts))}
                sys.stdout.write(
                    f"{language} {paper}: {len(counts)} packs, pages {spread}, "
                    f"{time.perf_counter() - start:.0f} s\n"
                )
        browser.close()
    server.shutdown()
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
