"""`make bench`: how fast a district's library builds, next to the floor of this stack.

For each size (activity cards; each card in every site language), in a temporary folder:
- generates the library (bench/library.py: cards, and guides and resources in proportion) and
  times validation alone, as the build's first step does it (`load_library`, in a process that
  has imported everything) and as an editor runs it (`kitchen-table check`, as `make check` does:
  a new process, its start-up and imports included), in wall time and in CPU time (the work
  itself, less noisy on a shared machine);
- builds it three ways, each from a clean checkout's state (no generated pages yet):
  `parallel` (make build: hooks/parallel_build.py, languages on every core),
  `sequential` (mkdocs build --strict: the i18n plugin builds the languages one by one),
  `floor` (plain MkDocs + Material + static-i18n, the same pages and words as Markdown, no hooks);
- with the way `preview`: the time `make serve SITE_LANGUAGE=es` takes to show a one-card edit
  (bench/serve_rebuild.py: the first build, then the rebuild after the edit);
- checks the floor built the same HTML pages as ours (`floor_differences`: empty lists);
- measures wall time, CPU time (the build's processes and those they waited for: the pool's
  workers, Pagefind; less noisy than wall time on a shared machine), peak memory (resident,
  the build and all its processes together), the
  output's size and page count, the mean HTML size of a card page, each language's search index,
  and the heaviest HTML page (its path, its size and its size gzipped as a host sends it).

Prints a table and writes bench-results/bench-<time>.json (and latest.json). Times on a shared
machine are noisy: the load average is recorded next to each one.

    python bench/bench.py --sizes 200,1000,3000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import serve_rebuild
from kitchen_table.addresses import language_prefix
from library import (
    GENERATED_DOCS,
    ROOT,
    html_pages,
    languages_of,
    make_floor,
    make_library,
    pages_beside_mkdocs,
)
from phone_search import index_bytes

BIN = Path(sys.executable).parent
VALIDATE = """
import json, os, sys, time
from pathlib import Path
import yaml
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
root = Path(sys.argv[1])
load = os.getloadavg()[0]
languages = site_languages(root / "mkdocs.yml")
config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
import resource
def cpu():
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF,
               resource.RUSAGE_CHILDREN) for field in ("ru_utime", "ru_stime"))
best = None
for _ in range(3):  # best of three: the machine may be shared
    start, start_cpu = time.perf_counter(), cpu()
    library = load_library(root, languages, config.get("extra"), site_url=config.get("site_url"))
    seconds, cpu_seconds = time.perf_counter() - start, cpu() - start_cpu
    if best is None or seconds < best[0]:
        best = (seconds, cpu_seconds)
seconds, cpu_seconds = best
print(json.dumps({"cards": len(library.activities), "seconds": round(seconds, 3),
                  "cards_per_second": round(len(library.activities) / seconds),
                  "cpu_seconds": round(cpu_seconds, 3),
                  "cards_per_cpu_second": round(len(library.activities) / cpu_seconds),
                  "guides": len(library.guides), "resources": len(library.resources),
                  "load_before": round(load, 2)}))
"""
"""Validation alone, as a build does it (with mkdocs.yml's extra: the resources' service area);
its time covers every content file (guides and resources too), its rate is per card."""
VALIDATION_GOAL = 2000
"""Cards a second, both in the build's first step and in `make check` (issue 22)."""


class PeakMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants, keeping the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue  # ended while we looked
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                parents.setdefault(parent, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, []))
        return tree

    def run(self) -> None:
        while not self.done.is_set():
            total = 0
            for pid in self._tree():
                try:
                    total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page
                except (OSError, IndexError):
                    continue  # ended while we looked
            self.peak = max(self.peak, total)
            self.done.wait(0.1)


def timed(command: list[str], cwd: Path) -> dict:
    """Run a build; its wall time, peak memory and the load average around it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_LANGUAGE", None)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    memory = PeakMemory(process.pid)
    memory.start()
    before = _children_cpu()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    # the build's processes and theirs (the pool's workers, Pagefind), each waited for: the
    # work itself, less noisy than wall time on a shared machine
    cpu_seconds = _children_cpu() - before
    memory.done.set()
    memory.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{err[-3000:]}")
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_memory_mb": round(memory.peak / 2**20),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_check(project: Path, cards: int, runs: int = 3) -> dict:
    """`kitchen-table check` as an editor runs it (`make check`), best of `runs`: wall and CPU
    time of the whole process, start-up and imports included, and cards per second."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    best: tuple[float, float, float] | None = None
    for _ in range(runs):
        load, before, start = os.getloadavg()[0], _children_cpu(), time.perf_counter()
        subprocess.run(
            [str(BIN / "kitchen-table"), "check"],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
        seconds, cpu_seconds = time.perf_counter() - start, _children_cpu() - before
        if best is None or seconds < best[0]:
            best = (seconds, cpu_seconds, load)
    assert best is not None
    seconds, cpu_seconds, load = best
    return {
        "seconds": round(seconds, 3),
        "cards_per_second": round(cards / seconds),
        "cpu_seconds": round(cpu_seconds, 3),
        "cards_per_cpu_second": round(cards / cpu_seconds),
        "load_before": round(load, 2),
    }


def clean(project: Path) -> None:
    """A clean checkout's state: no generated pages, and no QR code masks kept from an earlier
    build (.cache/), so each way pays for its codes as a first build does."""
    for folder in GENERATED_DOCS:
        shutil.rmtree(project / "docs" / folder, ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)


def measure_site(site: Path, languages: tuple[str, ...]) -> dict:
    files = [file for file in site.rglob("*") if file.is_file()]
    default = languages[0]
    cards = sorted((site / "activities").glob("*/index.html"))
    card_sizes = [
        file.stat().st_size
        for language in languages
        for file in sorted(
            (site / language_prefix(language, default)).glob("activities/*/index.html")
        )
    ]
    indexes = index_bytes(site)  # each language's Pagefind index (bench/phone_search.py)
    pages = [file for file in files if file.name.endswith(".html")]
    heaviest = max(pages, key=lambda file: file.stat().st_size, default=None)
    # the lists of cards (all activities, each grade's and skill's) and of places (all, by
    # kind of help, by language spoken, free), with their next pages
    prefixes = [site / ("" if language == default else language) for language in languages]
    lists = [
        file
        for prefix in prefixes
        for pattern in (
            "activities/index.html",
            "activities/page/*/index.html",
            "grades/**/index.html",
            "skills/**/index.html",
            "resources/index.html",
            "resources/page/*/index.html",
            "resources/categories/**/index.html",
            "resources/languages/**/index.html",
            "resources/free/**/index.html",
        )
        for file in prefix.glob(pattern)
    ]
    heaviest_list = max(
        lists, key=lambda file: len(gzip.compress(file.read_bytes(), 6)), default=None
    )
    filters_file = site / "activities" / "cards.json"
    return {
        "heaviest_list_page": {
            "path": heaviest_list.relative_to(site).as_posix(),
            "html_bytes": heaviest_list.stat().st_size,
            "gzip_bytes": len(gzip.compress(heaviest_list.read_bytes(), compresslevel=6)),
            "list_pages": len(lists),
        }
        if heaviest_list
        else None,
        # fetched by the catalog's filters, once, when a family first uses one (English)
        "filters_file": {
            "bytes": filters_file.stat().st_size,
            "gzip_bytes": len(gzip.compress(filters_file.read_bytes(), compresslevel=6)),
        }
        if filters_file.is_file()
        else None,
        "heaviest_page": {
            "path": heaviest.relative_to(site).as_posix(),
            "html_bytes": heaviest.stat().st_size,
            "gzip_bytes": len(gzip.compress(heaviest.read_bytes(), compresslevel=6)),
        }
        if heaviest
        else None,
        "bytes": sum(file.stat().st_size for file in files),
        # the pages MkDocs builds, which the floor mirrors; the booklets and the like beside
        "html_pages": len(html_pages(site)),
        "html_pages_beside_mkdocs": pages_beside_mkdocs(site),
        "card_pages": len(card_sizes),
        "card_page_html_bytes_mean": round(sum(card_sizes) / len(card_sizes)) if cards else 0,
        "card_page_html_bytes_max": max(card_sizes, default=0),
        "search_index_bytes": {language: indexes.get(language) for language in languages},
    }


def floor_differences(ours: Path, floor: Path, shown: int = 100) -> dict:
    """The HTML pages only one of two built sites has (the first `shown` of each, and how many):
    empty lists when the floor mirrors our site page for page."""
    mine, theirs = html_pages(ours), html_pages(floor)
    only_ours, only_floor = sorted(mine - theirs), sorted(theirs - mine)
    return {
        "only_ours": only_ours[:shown],
        "only_floor": only_floor[:shown],
        "only_ours_count": len(only_ours),
        "only_floor_count": len(only_floor),
    }


def bench_size(cards: int, work: Path, jobs: int | None, ways: tuple[str, ...]) -> dict:
    project = work / f"library-{cards}"
    made = make_library(project, cards)
    languages = languages_of(project)
    validation = json.loads(
        subprocess.run(
            [sys.executable, "-c", VALIDATE, str(project)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
        ).stdout
    )
    result: dict = {
        "cards": cards,
        "languages": len(languages),
        "generated": made,
        "validation": validation,
        "check": timed_check(project, cards),
        "builds": {},
    }
    builds = {
        "parallel": [
            sys.executable,
            "hooks/parallel_build.py",
            "--quiet",
            "--site-dir",
            str(work / f"parallel-{cards}"),
            *(["--jobs", str(jobs)] if jobs else []),
        ],
        "sequential": [
            str(BIN / "mkdocs"),
            "build",
            "--strict",
            "--quiet",
            "--site-dir",
            str(work / f"sequential-{cards}"),
        ],
    }
    for way in ways:
        if way in ("floor", "preview"):
            continue
        clean(project)
        result["builds"][way] = timed(builds[way], project)
        result["builds"][way]["site"] = measure_site(work / f"{way}-{cards}", languages)
    if "preview" in ways:
        load = os.getloadavg()[0]
        result["preview"] = {
            **serve_rebuild.main(project, "es"),
            "load_before": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2),
        }
    if "floor" in ways:
        floor = work / f"floor-project-{cards}"
        pages = make_floor(floor, project)
        result["builds"]["floor"] = timed(
            [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(work / f"floor-{cards}")],
            floor,
        )
        result["builds"]["floor"]["markdown_pages"] = pages
        result["builds"]["floor"]["site"] = measure_site(work / f"floor-{cards}", languages)
        floor_seconds = result["builds"]["floor"]["seconds"]
        for way in ("parallel", "sequential"):
            if way in result["builds"]:
                result["builds"][way]["ratio_to_floor"] = round(
                    result["builds"][way]["seconds"] / floor_seconds, 2
                )
                result["builds"][way]["cpu_ratio_to_floor"] = round(
                    result["builds"][way]["cpu_seconds"] / result["builds"]["floor"]["cpu_seconds"],
                    2,
                )
                # the ratio means something only if the floor built the same pages
                result["builds"][way]["floor_differences"] = floor_differences(
                    work / f"{way}-{cards}", work / f"floor-{cards}"
                )
    return result


def table(results: list[dict]) -> str:
    rows = [
        (
            "cards",
            "langs",
            "way",
            "seconds",
            "x floor",
            "CPU s",
            "CPU x floor",
            "peak MB",
            "load",
            "pages",
            "site MB",
            "card page KB",
            "search en KB",
            "heaviest page KB (gzip)",
            "heaviest list KB (gzip)",
            "validate cards/s (CPU)",
            "check cards/s (CPU)",
        )
    ]
    for result in results:
        for way, build in result["builds"].items():
            site = build["site"]
            rows.append(
                (
                    str(result["cards"]),
                    str(result["languages"]),
                    way,
                    f"{build['seconds']:.1f}",
                    _ratio(way, build),
                    f"{build['cpu_seconds']:.1f}",
                    _ratio(way, build, "cpu_ratio_to_floor"),
                    str(build["peak_memory_mb"]),
                    f"{build['load_before']:.1f}",
                    str(site["html_pages"]),
                    f"{site['bytes'] / 2**20:.1f}",
                    f"{site['card_page_html_bytes_mean'] / 1024:.1f}",
                    f"{(site['search_index_bytes'].get('en') or 0) / 1024:.0f}",
                    _heaviest(site),
                    _heaviest(site, "heaviest_list_page"),
                    _rates(result["validation"]),
                    _rates(result["check"]),
                )
            )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
        if len(rows) > 1  # no header without a build (--ways= measures validation only)
    ]
    for result in results:
        lines.append(_validation_line(result))
    for result in results:
        if preview := result.get("preview"):
            lines.append(
                f"preview ({preview['language']}), {result['cards']} cards: first build "
                f"{preview['first_build_s']:.1f} s (load "
                f"{preview['load_before_first_build']:.1f}), rebuild after a one-card edit "
                f"{preview['rebuild_s']:.1f} s, {_seconds(preview['rebuild_cpu_s'])} CPU (load "
                f"{preview['load_before_rebuild']:.1f})"
            )
    for result in results:
        for way, build in result["builds"].items():
            differences = build.get("floor_differences")
            if differences and (differences["only_ours_count"] or differences["only_floor_count"]):
                lines.append(
                    f"NOT THE SAME PAGES: {result['cards']} cards, {way}: "
                    f"{differences['only_ours_count']} pages only ours (e.g. "
                    f"{differences['only_ours'][:3]}), {differences['only_floor_count']} only "
                    f"the floor's (e.g. {differences['only_floor'][:3]})"
                )
    return "\n".join(lines)


def _validation_line(result: dict) -> str:
    """Validation alone at one size, cold (no reading kept from an earlier run: there is none
    to keep): in a process that has imported everything (the build's first step) and as
    `make check` runs (a new process), wall and CPU time, with the goal beside."""
    inside, check = result["validation"], result["check"]
    return (
        f"validation, {result['cards']} cards (goal {VALIDATION_GOAL:,} cards/s): build's first "
        f"step {inside['cards_per_second']:,} cards/s ({inside['seconds']:.3f} s, CPU "
        f"{inside['cpu_seconds']:.3f} s, load {inside['load_before']:.1f}); make check "
        f"{check['cards_per_second']:,} cards/s ({check['seconds']:.3f} s, CPU "
        f"{check['cpu_seconds']:.3f} s, load {check['load_before']:.1f})"
    )


def _heaviest(site: dict, kind: str = "heaviest_page") -> str:
    page = site.get(kind)
    if not page:
        return "-"
    return f"{page['path']} {page['html_bytes'] / 1024:.0f} ({page['gzip_bytes'] / 1024:.0f})"


def _rates(measured: dict) -> str:
    return f"{measured['cards_per_second']} ({measured['cards_per_cpu_second']})"


def _ratio(way: str, build: dict, key: str = "ratio_to_floor") -> str:
    """The time as a multiple of the floor's; "-" when the floor was not built in this run."""
    if way == "floor":
        return "1.00"
    return f"{build[key]:.2f}" if key in build else "-"


def _seconds(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="200,1000,3000", help="activity cards per library, comma-separated"
    )
    parser.add_argument(
        "--ways",
        default="parallel,sequential,floor,preview",
        help="which builds to run: parallel, sequential, floor, and preview (the rebuild of "
        "`make serve SITE_LANGUAGE=es` after a one-card edit); --ways= for validation only",
    )
    parser.add_argument("--jobs", type=int, help="processes for the parallel build")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--keep", action="store_true", help="keep the generated libraries")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    ways = tuple(way.strip() for way in args.ways.split(",") if way.strip())
    work = Path(tempfile.mkdtemp(prefix="kitchen-table-bench-"))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "note": "wall times on a machine that may be shared: see each build's load",
        "results": [],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for cards in sizes:
            report["results"].append(bench_size(cards, work, args.jobs, ways))
            # written after each size: a long run that is stopped keeps what it measured
            text = json.dumps(report, indent=2)
            name = f"bench-{report['when'].replace(':', '')}.json"
            (args.out / name).write_text(text, encoding="utf-8")
            (args.out / "latest.json").write_text(text, encoding="utf-8")
            sys.stdout.write(f"{cards} cards done (load {os.getloadavg()[0]:.1f})\n")
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(table(report["results"]) + f"\n\nwritten: {args.out / 'latest.json'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
