"""`make bench-hsds`: the open data and import-hsds, measured.

1. The sample's published package (what the build writes to open-data/hsds/) checked with Open
   Referral's own schemas (tests/hsds_official.py): rows valid / total, errors.
2. The round trip of Open Referral's example export (import, the two fixes the import asks
   the editor for, export): the fields HSDS and our model share, kept / changed / lost.
3. import-hsds of a generated export of N services (default 100,000: organizations, services,
   locations, addresses, service_at_location, phones, schedules, languages, attributes and
   taxonomy terms; every 50th location without coordinates), in a temporary folder: the time to
   read, to map and to write the files, and the services read / imported / skipped.

    python bench/hsds.py --services 100000
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from hsds_official import EXAMPLE, check_folder, compare  # noqa: E402
from kitchen_table.cli import site_extra, site_languages  # noqa: E402
from kitchen_table.hsds import write_data_package  # noqa: E402
from kitchen_table.hsds_import import import_export, write_files  # noqa: E402
from kitchen_table.hsds_read import read_export  # noqa: E402
from kitchen_table.library import load_library  # noqa: E402
from kitchen_table.taxonomy import read_taxonomy  # noqa: E402

CATEGORIES = ("food", "health", "housing", "library", "tutoring")
LANGUAGES = (("es", "Spanish"), ("zh", "Chinese"), ("vi", "Vietnamese"), ("ar", "Arabic"))


def uid(kind: int, n: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


def generate(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)

    def table(name: str, header: list[str], rows) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows(rows)

    table(
        "organizations.csv",
        ["id", "name", "description"],
        ((uid(1, n), f"Organization {n}", "Runs services.") for n in range(count // 10 + 1)),
    )
    table(
        "services.csv",
        [
            "id",
            "organization_id",
            "name",
            "description",
            "url",
            "email",
            "status",
            "fees_description",
            "eligibility_description",
            "assured_date",
        ],
        (
            (
                uid(2, n),
                uid(1, n // 10),
                f"Service {n}",
                f"Help number {n} for families.",
                f"https://service{n}.example.org",
                f"help{n}@example.org",
                "active",
                "",
                "Families with children",
                "2026-10-01",
            )
            for n in range(count)
        ),
    )
    table(
        "locations.csv",
        ["id", "location_type", "name", "latitude", "longitude"],
        (
            (
                uid(3, n),
                "physical",
                f"Place {n}",
                "" if n % 50 == 0 else f"{44.5 + n % 60 / 1000}",
                "" if n % 50 == 0 else f"{-72.6 + n % 80 / 1000}",
            )
            for n in range(count)
        ),
    )
    table(
        "addresses.csv",
        [
            "id",
            "location_id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
        (
            (
                uid(4, n),
                uid(3, n),
                f"{n} Main Street",
                "Maple Hollow",
                "VT",
                "05601",
                "US",
                "physical",
            )
            for n in range(count)
        ),
    )
    table(
        "service_at_location.csv",
        ["id", "service_id", "location_id"],
        ((uid(5, n), uid(2, n), uid(3, n)) for n in range(count)),
    )
    table(
        "phones.csv",
        ["id", "service_id", "number", "extension"],
        (
            (uid(6, n), uid(2, n), f"555-{n % 10000:04d}", str(n % 300) if n % 3 else "")
            for n in range(count)
        ),
    )
    table(
        "schedules.csv",
        ["id", "service_id", "freq", "byday", "opens_at", "closes_at"],
        (
            (uid(7, n), uid(2, n), "WEEKLY", "MO,WE,FR", "09:00:00", "17:00:00")
            for n in range(count)
        ),
    )
    table(
        "languages.csv",
        ["id", "service_id", "name", "code"],
        ((uid(8, n), uid(2, n), *LANGUAGES[n % 4][::-1]) for n in range(count)),
    )
    table(
        "taxonomy_terms.csv",
        ["id", "code", "name", "description"],
        ((uid(9, n), code, code.title(), code) for n, code in enumerate(CATEGORIES)),
    )
    table(
        "attributes.csv",
        ["id", "link_id", "taxonomy_term_id", "link_entity", "value"],
        ((uid(10, n), uid(2, n), uid(9, n % 5), "service", "") for n in range(count)),
    )


def official_check() -> dict:
    config = ROOT / "mkdocs.yml"
    library = load_library(ROOT, site_languages(config), site_extra(config))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "hsds"
        write_data_package(library, folder)
        result = check_folder(folder)
    return {"rows": result.rows, "valid": result.valid, "errors": len(result.errors)}


def round_trip() -> dict:
    """Open Referral's example -> import -> the two fixes the import asks for -> export."""
    config = ROOT / "mkdocs.yml"
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        for name in ("schema", "strings", "activities"):
            shutil.copytree(ROOT / "content" / name, project / "content" / name)
        shutil.copy2(ROOT / "content" / "taxonomy.yml", project / "content" / "taxonomy.yml")
        _, taxonomy = read_taxonomy(
            project / "content" / "taxonomy.yml",
            "content/taxonomy.yml",
            project / "content" / "schema" / "taxonomy.schema.json",
        )
        outcome = import_export(read_export(EXAMPLE), taxonomy)
        write_files(project, outcome.files)
        path = project / "content" / "resources" / "community-counselling.yml"
        text = path.read_text(encoding="utf-8")
        text = text.replace('category: "CHOOSE-A-CATEGORY"', 'category: "mental-health"')
        path.write_text(text.replace("languages: []", 'languages: ["en"]'), encoding="utf-8")
        library = load_library(project, site_languages(config), site_extra(config))
        write_data_package(library, Path(scratch) / "export")
        kept, changed, lost = compare(EXAMPLE, Path(scratch) / "export")
    return {
        "kept": len(kept),
        "changed": changed,
        "lost": lost,
        "not_kept_by_the_model": {k: len(v) for k, v in outcome.not_kept.items()},
        "import_problems": len(outcome.problems),
        "import_notes": len(outcome.notes),
    }


def import_bench(count: int) -> dict:
    content = ROOT / "content"
    _, taxonomy = read_taxonomy(
        content / "taxonomy.yml",
        "content/taxonomy.yml",
        content / "schema" / "taxonomy.schema.json",
    )
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "export"
        generate(export, count)
        project = Path(scratch) / "project"
        (project / "content").mkdir(parents=True)
        start = time.perf_counter()
        tables = read_export(export)
        read = time.perf_counter()
        outcome = import_export(tables, taxonomy)
        mapped = time.perf_counter()
        written, problems = write_files(project, outcome.files)
        done = time.perf_counter()
        shutil.rmtree(project)
    return {
        "services": count,
        "read_seconds": round(read - start, 2),
        "map_seconds": round(mapped - read, 2),
        "write_seconds": round(done - mapped, 2),
        "total_seconds": round(done - start, 2),
        "services_per_second": round(count / (done - start)),
        "imported": written,
        "skipped": sum(outcome.skipped.values()),
        "problems": len(outcome.problems) + len(problems),
        "notes": len(outcome.notes),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    args = parser.parse_args()
    report = {
        "official_check": official_check(),
        "round_trip": round_trip(),
        "import": import_bench(args.services),
    }
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
