"""Translators' files, measured: entries and words per language, the time to export and import
every language, and two round trips.

- no change: every language exported as PO and XLIFF and imported again touches no file;
- full: every translation of the cards, guides and resources is deleted from a copy, and every
  language's PO (exported before) is imported into it: each language block comes back with the
  same words (compared as data; the provenance becomes `human`, as an import records).

    python bench/translations.py                 # the sample library
    python bench/translations.py --cards 1000    # a synthetic library (bench/library.py)

Prints a JSON report (and writes bench-results/translations-<cards>.json).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from kitchen_table.catalogs import po_bytes, units_for, xliff_bytes
from kitchen_table.cli import site_extra, site_languages, site_url
from kitchen_table.library import Library, load_library
from kitchen_table.translatable import read_translatable
from kitchen_table.translation_import import import_catalog
from library import ROOT, make_library

FOLDERS = ("activities", "guides", "resources")


def _library(project: Path) -> Library:
    return load_library(
        project,
        site_languages(project / "mkdocs.yml"),
        site_extra(project / "mkdocs.yml"),
        site_url=site_url(project / "mkdocs.yml"),
    )


def _hashes(project: Path) -> dict[str, str]:
    return {
        path.as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((project / "content").rglob("*.yml"))
    }


def _texts(project: Path) -> dict[str, dict]:
    found = {}
    for folder in FOLDERS:
        for file in sorted((project / "content" / folder).glob("*.yml")):
            texts = yaml.safe_load(file.read_text("utf-8"))["text"]
            found[f"{folder}/{file.stem}"] = {
                language: {
                    key: value
                    for key, value in text.items()
                    if key not in ("translation", "translated_from")
                }
                for language, text in texts.items()
                if language != "en"
            }
    return found


def _strip_translations(project: Path) -> None:
    for folder in FOLDERS:
        for file in sorted((project / "content" / folder).glob("*.yml")):
            data = yaml.safe_load(file.read_text("utf-8"))
            data["text"] = {"en": data["text"]["en"]}
            file.write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                encoding="utf-8",
            )


def measure(project: Path, out: Path, full: bool = True) -> dict:
    start = time.perf_counter()
    library = _library(project)
    translatable = read_translatable(project, library)
    read_seconds = time.perf_counter() - start
    languages = library.languages[1:]
    report: dict = {
        "cards": len(library.activities),
        "entries": len(translatable.entries),
        "english_words": sum(len(e.english.split()) for e in translatable.entries),
        "read_seconds": round(read_seconds, 2),
        "languages": {},
    }
    start = time.perf_counter()
    for language in languages:
        units = units_for(translatable, language, project)
        (out / f"{language}.po").write_bytes(po_bytes(units, language))
        (out / f"{language}.xlf").write_bytes(xliff_bytes(units, language))
        report["languages"][language] = {
            "entries": len(units),
            "translated": sum(1 for unit in units if unit.translation),
            "fuzzy": sum(1 for unit in units if unit.fuzzy),
            "translated_words": sum(len(unit.translation.split()) for unit in units),
            "po_kb": round((out / f"{language}.po").stat().st_size / 1024),
            "xlf_kb": round((out / f"{language}.xlf").stat().st_size / 1024),
        }
    report["export_seconds_all_languages_po_and_xliff"] = round(
        time.perf_counter() - start + read_seconds, 2
    )

    before = _hashes(project)
    start = time.perf_counter()
    for language in languages:
        for name in (f"{language}.po", f"{language}.xlf"):
            outcome = import_catalog(project, out / name, library, translatable=translatable)
            assert not outcome.problems, outcome.problems[:5]
    report["import_seconds_all_languages_po_and_xliff"] = round(
        time.perf_counter() - start + read_seconds, 2
    )
    after = _hashes(project)
    report["no_change_round_trip_files_touched"] = sum(after[k] != v for k, v in before.items())
    if not full:
        return report

    texts = _texts(project)
    _strip_translations(project)
    start = time.perf_counter()
    for language in languages:
        outcome = import_catalog(project, out / f"{language}.po", _library(project))
        assert not outcome.problems, outcome.problems[:5]
    report["full_round_trip_import_seconds"] = round(time.perf_counter() - start, 2)
    back = _texts(project)
    blocks = sum(len(languages_of) for languages_of in texts.values())
    report["full_round_trip_blocks"] = blocks
    report["full_round_trip_blocks_differing"] = sum(
        texts[key].get(language) != back[key].get(language)
        for key in texts
        for language in texts[key]
    )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cards",
        type=int,
        default=0,
        help="a synthetic library of N cards (0: the sample library)",
    )
    parser.add_argument(
        "--no-full",
        action="store_true",
        help="skip the full round trip (it re-reads the library per language)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kitchen-table-translations-") as scratch:
        project = Path(scratch) / "project"
        if args.cards:
            make_library(project, args.cards)
        else:
            project.mkdir()
            for name in ("content", "mkdocs.yml"):
                source = ROOT / name
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
        out = Path(scratch) / "out"
        out.mkdir()
        report = measure(project, out, full=not args.no_full)
    report["load_average"] = os.getloadavg()[0]
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    (results / f"translations-{args.cards or 'sample'}.json").write_text(
        json.dumps(report, indent=1), encoding="utf-8"
    )
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
