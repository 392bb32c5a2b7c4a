"""Lighthouse (mobile) on every page type of the sample site, in the languages named: the
performance score of each run, the median of the runs, and what costs the points: the metrics
that lost some, and the render-blocking files and largest contentful paint's element where
Lighthouse can read them (12.2.3 cannot parse the trace of Debian's Chromium 156: "not
measured", the score is still computed).

    NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d /tmp/lighthouse/kitchen-table
    .venv/bin/python bench/lighthouse.py /tmp/lighthouse/kitchen-table --runs 3
    .venv/bin/python bench/lighthouse.py SITE --languages en,ar --pages card,home --categories all

The site is served the way GitHub Pages serves it: every text file (HTML, CSS, JavaScript,
JSON, SVG, XML) gzip-compressed when the browser accepts it (level 6 here; a plain
`python -m http.server` sends it uncompressed and costs a card page 3 points of first paint),
and `Cache-Control: max-age=600`. Lighthouse 12.2.3 runs through npx (`CHROME_PATH`, default
Debian's Chromium) with its default mobile settings (a Moto G Power's screen, slow 4G and a
4x slower CPU, simulated). The load average is recorded beside each run: Lighthouse times the
page's scripts and layout on this machine's CPU, so a busy shared machine costs points a phone
would not lose.

Prints a table and writes bench-results/lighthouse-<time>.json (and lighthouse-latest.json).
The site folder must be named kitchen-table: it is served below /kitchen-table/, as site_url says.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
COMPRESSED = {
    ".html",
    ".css",
    ".js",
    ".json",
    ".svg",
    ".xml",
    ".xsl",
    ".ics",
    ".txt",
    ".webmanifest",
    ".geojson",
}

# Each page type once; {week} is a week that has started in the sample, {lang} the prefix.
PAGES = {
    "home": "{lang}",
    "catalog": "{lang}activities/",
    "filtered catalog": "{lang}activities/?grade=3&skill=math",
    "card": "{lang}activities/{card}/",
    "bilingual print": "{lang}activities/{card}/bilingual/",
    "guide": "{lang}guides/{guide}/",
    "glossary": "{lang}glossary/",
    "resources list": "{lang}resources/",
    "resource": "{lang}resources/{resource}/",
    "weeks": "{lang}weeks/",
    "week pack": "{lang}weeks/{week}/",
    "booklet": "{lang}weeks/{week}/3-5/",
    "for-schools": "{lang}for-schools/",
    "404": "{lang}404.html",
}


class GzipHost(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, text gzip-compressed as GitHub Pages sends it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.is_dir()
            or not path.is_file()
            or path.suffix not in COMPRESSED
        ):
            return super().send_head()  # a folder's redirect, a 404, an image: as they are
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


class _Body:
    """What send_head returns: a file-like body for copyfile()."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    handler = functools.partial(GzipHost, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{site.name}/"
    finally:
        server.shutdown()


def sample_names(site: Path) -> dict[str, str]:
    """A card with a two-language print, a guide, a resource and a week of the built site that
    has booklets (the sample's, whatever its ids)."""

    def first(pattern: str, parents: int = 1) -> str:
        found = sorted(site.glob(pattern))
        if not found:
            raise SystemExit(f"{site} has no {pattern}: build the sample site first")
        return found[0].parents[parents - 1].name

    resources = sorted(
        p.parent.name
        for p in site.glob("resources/*/index.html")
        if p.parent.name not in ("categories", "languages", "free")
    )
    return {
        "card": first("es/activities/*/bilingual/index.html", 2),
        "guide": first("guides/*/index.html"),
        "resource": resources[0],
        "week": first("weeks/*/3-5/index.html", 2),
    }


def run_lighthouse(url: str, categories: list[str], chrome: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            *(f"--only-categories={c}" for c in categories),
        ]
        subprocess.run(
            command,
            check=True,
            env={**os.environ, "CHROME_PATH": chrome},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=300,
        )
        return json.loads(report.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    audits = report["audits"]

    def value(name: str) -> float | None:
        return audits.get(name, {}).get("numericValue")

    blocking = [
        item["url"].rsplit("/", 2)[-1]
        for item in audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    ]
    lcp_items = (
        audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    )
    lcp_element = ""
    for item in lcp_items:
        for inner in item.get("items", []):
            node = inner.get("node")
            if node:
                lcp_element = node.get("selector", "") or node.get("snippet", "")
                break
        if lcp_element:
            break

    def unavailable(name: str) -> str | None:
        audit = audits.get(name, {})
        if audit.get("scoreDisplayMode") == "error":  # Lighthouse 12.2's trace engine and a
            return f"not measured: {audit.get('errorMessage', '')[:80]}"  # newer Chromium
        return None

    costs = {
        name: audits[name].get("displayValue")
        for name in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if name in audits and (audits[name].get("score") or 0) < 1
    }
    return {
        "costs": costs,
        "scores": {
            name: round(category["score"] * 100) if category["score"] is not None else None
            for name, category in report["categories"].items()
        },
        "fcp_ms": value("first-contentful-paint"),
        "lcp_ms": value("largest-contentful-paint"),
        "tbt_ms": value("total-blocking-time"),
        "cls": value("cumulative-layout-shift"),
        "si_ms": value("speed-index"),
        "render_blocking": unavailable("render-blocking-resources") or blocking,
        "lcp_element": unavailable("largest-contentful-paint-element") or lcp_element,
        "transfer_bytes": value("total-byte-weight"),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder named kitchen-table")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--languages", default="en,es,ar,zh")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help=f"page types, of: {', '.join(PAGES)}"
    )
    parser.add_argument(
        "--categories", default="performance", help="performance (default), or all four: all"
    )
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    site = args.site.resolve()
    names = sample_names(site)
    categories = [] if args.categories == "all" else args.categories.split(",")
    results = []
    with serving(site) as base:
        for language in args.languages.split(","):
            prefix = "" if language == "en" else f"{language}/"
            for page_type in args.pages.split(","):
                if page_type == "bilingual print" and not prefix:
                    continue  # English has no two-language print of its own
                url = base + PAGES[page_type].format(lang=prefix, **names)
                runs = []
                for _ in range(args.runs):
                    load = os.getloadavg()[0]
                    runs.append(
                        {
                            **summary(run_lighthouse(url, categories, args.chrome)),
                            "load_average": round(load, 2),
                        }
                    )
                performance = [run["scores"].get("performance") for run in runs]
                median = statistics.median(s for s in performance if s is not None)
                results.append(
                    {
                        "page": page_type,
                        "language": language,
                        "url": url.removeprefix(base),
                        "performance_median": median,
                        "runs": runs,
                    }
                )
                worst = min(runs, key=lambda run: run["scores"].get("performance") or 0)
                sys.stdout.write(
                    f"{language:3} {page_type:17} median {median:5} runs {performance} "
                    f"load {[run['load_average'] for run in runs]} "
                    f"lcp {worst['lcp_ms']:.0f} ms tbt {worst['tbt_ms']:.0f} ms "
                    f"cls {worst['cls']:.3f} costs {worst['costs']}\n"
                )
                sys.stdout.flush()
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    document = (
        json.dumps({"lighthouse": LIGHTHOUSE, "runs": args.runs, "pages": results}, indent=1) + "\n"
    )
    (out / f"lighthouse-{stamp}.json").write_text(document, encoding="utf-8")
    (out / "lighthouse-latest.json").write_text(document, encoding="utf-8")
    lowest = min(results, key=lambda r: r["performance_median"]) if results else None
    if lowest:
        sys.stdout.write(
            f"lowest median: {lowest['performance_median']} "
            f"({lowest['language']} {lowest['page']})\n"
        )


if __name__ == "__main__":
    main()
