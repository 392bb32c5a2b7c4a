"""Search on a phone: bytes from the tap to the first results and milliseconds from the last key.

`python bench/phone_search.py --sizes 200 1000` builds a synthetic library of each size
(bench/library.py, every card in every language) with `hooks/parallel_build.py` (as `make build`),
then, for en, es, zh and ar, opens a card page in Chromium at 360×740 with the CPU slowed 4× and a
slow 4G network (150 ms, 1.6 Mbit/s down, 750 kbit/s up: Lighthouse's mobile profile), taps the
header's search, types a word of a card's title at once and waits for the first result.
`python bench/phone_search.py --site site/` measures a site already built (`make build`).

Reported per size and language: gzip bytes fetched between the tap and the first results (each
file gzipped at level 6, as a host sends it: Pagefind's chunks are gzip already), whether
anything of search was fetched before the tap, ms from the last key to the first result (by the
page's own clock; the median of --repeat runs, 3 by default, as the machine is shared), and the
index's size on disk (that language's files under site/pagefind/), with the load average. The
site is served as a static host serves it: text gzipped, Cache-Control max-age=600 (the
browser's cache is off, as on a first visit). Writes bench-results/search.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from library import ROOT, languages_of, make_library

LANGUAGES = ("en", "es", "zh", "ar")
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CPU_SLOWDOWN = 4


def _cards(site: Path) -> tuple[str, str]:
    """Two cards of the site: the sample's spoon-count and recipe-fractions, or the first and
    the middle card of a synthetic library (whose cards are numbered copies)."""
    cards = sorted(page.parent.name for page in (site / "activities").glob("*/index.html"))
    if {"spoon-count", "recipe-fractions"} <= set(cards):
        return "spoon-count", "recipe-fractions"
    return cards[0], cards[len(cards) // 2]


PHONE_PACE = 250
"""ms between letters for a family typing on a phone (about four letters a second)."""


def index_bytes(site: Path) -> dict[str, int]:
    """Each language's index on disk (its meta, index and fragment files), and the files every
    language shares (Pagefind's script and WebAssembly) under "shared"."""
    sizes: dict[str, int] = {}
    for file in (site / "pagefind").rglob("*"):
        if not file.is_file():
            continue
        found = re.match(r"(?:pagefind\.)?([a-z]{2,3})_[0-9a-f]+\.pf_", file.name)
        key = found.group(1) if found else "shared"
        if file.suffix in {".css"} or "-ui" in file.name or "highlight" in file.name:
            continue  # Pagefind's own UI, which the site does not use
        sizes[key] = sizes.get(key, 0) + file.stat().st_size
    return sizes


def _query(site: Path, language: str, card: str) -> str:
    """The longest word of the card's title on its page in `language` (what a family types)."""
    page = site / ("" if language == "en" else language) / "activities" / card / "index.html"
    title = re.search(r'<h1 class="kt-card__title">([^<]*)</h1>', page.read_text("utf-8"))
    words = re.findall(r"\w+", title.group(1) if title else card)
    if language == "zh":
        return (title.group(1) if title else "勺子")[:2]
    return max(words, key=len)


def _median(runs: list[dict], key: str) -> int:
    return sorted(run[key] for run in runs)[len(runs) // 2]


def measure(site: Path, languages: tuple[str, ...] = LANGUAGES, repeat: int = 3) -> dict[str, dict]:
    """Each language's search on a phone, `repeat` times (the median milliseconds and bytes):
    the machine this runs on is shared, and one run's milliseconds are noisy."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, serving  # the tests' static host and Chromium

    results: dict[str, dict] = {}
    with serving(site, compress=True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        for language in languages:
            runs = [_search_on_a_phone(browser, url, site, language, pace=0) for _ in range(repeat)]
            paced = [
                _search_on_a_phone(browser, url, site, language, pace=PHONE_PACE)
                for _ in range(repeat)
            ]
            results[language] = {
                **runs[0],
                "ms_last_key_to_results": _median(runs, "ms_last_key_to_results"),
                "ms_last_key_to_results_runs": [run["ms_last_key_to_results"] for run in runs],
                "ms_last_key_to_results_phone_pace": _median(paced, "ms_last_key_to_results"),
                "ms_next_search": _median(runs, "ms_next_search"),
                # the median run's bytes; a run whose letters the loaded machine typed slowly
                # can fetch a chunk for the first letters too (the most of any run, beside it)
                "gzip_bytes_tap_to_results": _median(runs, "gzip_bytes_tap_to_results"),
                "gzip_bytes_runs": [run["gzip_bytes_tap_to_results"] for run in runs],
            }
        browser.close()
    return results


def _search_on_a_phone(browser, url: str, site: Path, language: str, pace: int) -> dict:
    """Open a card page, tap search, type a title word (`pace` ms between letters), wait for
    the first result; then a second word, with everything of search already there."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    prefix = "" if language == "en" else f"{language}/"
    card, next_card = _cards(site)
    page.goto(f"{url}/{prefix}activities/{card}/")
    page.wait_for_load_state("networkidle")
    root = urlsplit(url).path
    before = [
        u for u in fetched if re.search(r"pagefind|search", urlsplit(u).path.removeprefix(root))
    ]
    start = len(fetched)
    query = _query(site, language, card)
    page.evaluate(_CLOCK)
    page.locator(".md-header label[for=__search]").first.tap()
    page.keyboard.type(query, delay=pace)
    ms = _answered(page, query)
    after = fetched[start:]
    files = [site / unquote(urlsplit(u).path).removeprefix(root + "/") for u in after]
    gz = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files if f.is_file())
    # the next search: the box emptied, another card's word typed at once
    page.locator("input.md-search__input").fill("")
    following = _query(site, language, next_card)
    page.keyboard.type(following)
    ms_next = _answered(page, following)
    context.close()
    return {
        "query": query,
        "gzip_bytes_tap_to_results": gz,
        "requests": len(after),
        "fetched_before_tap": before,
        "ms_last_key_to_results": round(ms),
        "ms_next_search": round(ms_next),
    }


_CLOCK = """() => {
  // the page's own clock: the last key pressed, and when the list first answered each query
  // (not when this script's polling noticed it)
  window.ktBench = { lastKey: 0, answered: {} };
  // a letter Playwright has no key for (Chinese, Arabic) comes as text, with no keydown
  const key = () => { window.ktBench.lastKey = performance.now(); };
  document.addEventListener("keydown", key, true);
  document.addEventListener("input", key, true);
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    const query = list.getAttribute("data-kt-answered");
    if (query && list.children.length && !(query in window.ktBench.answered)) {
      window.ktBench.answered[query] = performance.now();
    }
  }).observe(list, { attributes: true, childList: true });
}"""


def _answered(page, query: str) -> float:
    """Wait until the results shown answer `query` (not a query of its first letters): the ms
    from the last key to that answer, by the page's clock."""
    page.wait_for_function("query => query in window.ktBench.answered", arg=query, timeout=60000)
    return round(
        page.evaluate("query => window.ktBench.answered[query] - window.ktBench.lastKey", query)
    )


def bench_site(site: Path, label: str, repeat: int = 3) -> dict:
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    return {
        "label": label,
        "index_bytes": index_bytes(site),
        "phone": measure(site, repeat=repeat),
        "load_average": " ".join(load),
    }


def build(cards: int, work: Path) -> Path:
    project = work / f"search-library-{cards}"
    make_library(project, cards)
    assert languages_of(project)
    site = work / f"search-site-{cards}" / "kitchen-table"
    subprocess.run(
        [sys.executable, "hooks/parallel_build.py", "--quiet", "--site-dir", str(site)],
        cwd=project,
        check=True,
    )
    return site


def table(results: list[dict]) -> str:
    lines = [
        "library   lang  query            KB gzip tap→results  requests  ms last key→results"
        f"  (at {PHONE_PACE} ms/letter)  ms next search  before tap  index on disk (KB)"
    ]
    for result in results:
        lines.append(f"{result['label']}: load average {result.get('load_average', '?')}")
        for language, phone in result["phone"].items():
            lines.append(
                f"{result['label']:<9} {language:<5} {phone['query'][:16]:<16} "
                f"{phone['gzip_bytes_tap_to_results'] / 1024:>20.1f}  {phone['requests']:>8}  "
                f"{phone['ms_last_key_to_results']:>19}  "
                f"{phone['ms_last_key_to_results_phone_pace']:>20}  {phone['ms_next_search']:>14}  "
                f"{len(phone['fetched_before_tap']):>10}"
                f"  {result['index_bytes'].get(language, 0) / 1024:>18.0f}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 1000])
    parser.add_argument("--site", type=Path, help="measure this built site instead")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kitchen-table-search-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--repeat", type=int, default=3, help="runs per language (the median)")
    args = parser.parse_args(argv)
    results = []
    if args.site:
        results.append(bench_site(args.site, "site", args.repeat))
    else:
        for cards in args.sizes:
            results.append(bench_site(build(cards, args.work), f"{cards} cards", args.repeat))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    sys.stdout.write(table(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
