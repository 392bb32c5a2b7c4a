"""Validate an HSDS tabular package (a folder of CSV files) with Open Referral's own files only:
the official descriptor (tests/hsds/official/datapackage.json, run by frictionless: types, date
and time, uuid / email / uri formats, required, unique, enum, primary and foreign keys) and the
compiled JSON Schema of every table's row (schema/compiled/tabular.json, run by jsonschema with
its format checker: uuid, uri, email, date-time). Nothing here is a descriptor we wrote.

`compare(before, after)` lists the fields of the official example's tables that the model
shares (kitchen_table.hsds_import.KEPT) as kept, changed or lost after a round trip.

`check_folder(folder)` counts the rows that pass both, and lists every error as
`file:row: field: problem`. A table is looked for under its official file name (services.csv);
a singular name (service.csv) is read too, so an old package can be measured, and reported as
a wrong file name. Also runnable: `python tests/hsds_official.py FOLDER`.
"""

from __future__ import annotations

import copy
import csv
import json
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

OFFICIAL = Path(__file__).parent / "hsds" / "official"
EXAMPLE = OFFICIAL / "examples" / "csv"


@cache
def descriptor() -> dict[str, Any]:
    return json.loads((OFFICIAL / "datapackage.json").read_text(encoding="utf-8"))


@cache
def tabular() -> dict[str, Any]:
    return json.loads((OFFICIAL / "schema" / "compiled" / "tabular.json").read_text("utf-8"))


@cache
def service_schema() -> dict[str, Any]:
    return json.loads((OFFICIAL / "schema" / "compiled" / "service.json").read_text("utf-8"))


def service_validator() -> Draft202012Validator:
    """The compiled service.json (HSDS 3 JSON, the API's shape), formats checked."""
    return Draft202012Validator(service_schema(), format_checker=FormatChecker())


@dataclass
class Result:
    rows: int = 0
    valid: int = 0
    errors: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    """table -> the file read for it"""

    def __str__(self) -> str:
        return f"{self.valid} of {self.rows} rows valid, {len(self.errors)} errors"


def _row_schema(table: str) -> dict[str, Any]:
    item = copy.deepcopy(tabular()["properties"][table]["items"])
    item["required"] = sorted(set(item.get("required", [])) | set(item.get("tabular_required", [])))
    return item


def _typed(value: str, kind: str) -> Any:
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            return value
    return value


def check_folder(folder: Path) -> Result:
    import frictionless

    result = Result()
    bad_rows: set[tuple[str, int]] = set()
    official = descriptor()
    found: dict[str, Path] = {}
    for resource in official["resources"]:
        name, path = resource["name"], resource["path"]
        if (folder / path).is_file():
            found[name] = folder / path
        elif (folder / f"{name}.csv").is_file():
            found[name] = folder / f"{name}.csv"
            result.errors.append(f"{name}.csv: the official file name is {path}")
    result.files = found
    if not found:
        result.errors.append(f"{folder}: no HSDS table under an official file name")
        return result

    # 1. each row against the compiled JSON Schema of its table
    for name, file in found.items():
        schema = _row_schema(name)
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        kinds = {key: spec.get("type", "string") for key, spec in schema["properties"].items()}
        with file.open(encoding="utf-8", newline="") as stream:
            for number, row in enumerate(csv.DictReader(stream), start=2):
                result.rows += 1
                instance = {
                    key: _typed(value, kinds.get(key, "string"))
                    for key, value in row.items()
                    if key is not None and value not in ("", None)
                }
                for error in validator.iter_errors(instance):
                    where = ".".join(str(p) for p in error.absolute_path) or "(row)"
                    result.errors.append(f"{file.name}:{number}: {where}: {error.message}")
                    bad_rows.add((name, number))

    # 2. the official descriptor, run by frictionless over the files found
    package = copy.deepcopy(official)
    package["resources"] = [r for r in package["resources"] if r["name"] in found]
    for resource in package["resources"]:
        resource["path"] = found[resource["name"]].name
        keys = resource["schema"].get("foreignKeys") or []
        resource["schema"]["foreignKeys"] = [k for k in keys if k["reference"]["resource"] in found]
    report = frictionless.Package(package, basepath=str(folder)).validate()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            where = getattr(error, "field_name", None) or "(table)"
            result.errors.append(
                f"{Path(task.place).name}:{row or '-'}: {where}: {error.type}: {error.note}"
            )
            if row:
                bad_rows.add((task.name, row))
            else:
                bad_rows.add((task.name, -1))
    broken_tables = {name for name, row in bad_rows if row == -1}
    per_table: dict[str, int] = {}
    for name, file in found.items():
        with file.open(encoding="utf-8", newline="") as stream:
            per_table[name] = sum(1 for _ in csv.DictReader(stream))
    for name, count in per_table.items():
        if name in broken_tables:
            continue
        result.valid += count - len({row for table, row in bad_rows if table == name})
    return result


REASONS = {
    ("services.csv", "url"): "http:// -> https://",
    ("languages.csv", "code"): "Urdu is not in taxonomy.yml: the editor wrote English",
    ("languages.csv", "name"): "Urdu is not in taxonomy.yml: the editor wrote English",
}


def compare(before: Path, after: Path) -> tuple[list[str], list[str], list[str]]:
    """Fields both HSDS and the model hold: kept (same value), changed, lost (empty now). Ids
    are the site's own uuid5 and links follow them; they are compared as links, not values."""
    from kitchen_table.hsds_import import KEPT
    from kitchen_table.hsds_tables import TABLES

    kept: list[str] = []
    changed: list[str] = []
    lost: list[str] = []
    for table, fields in KEPT.items():
        if table not in TABLES:
            continue
        path = TABLES[table][0]
        if not (before / path).exists():
            continue
        old = _rows(before / path)
        new = _rows(after / path)
        for name in sorted(fields):
            if name == "id" or name.endswith("_id") or not old or not old[0].get(name):
                continue
            values = {row.get(name, "") for row in new}
            value = old[0][name].strip().strip('"')
            label = f"{path}: {name}"
            if table == "attribute" or table == "taxonomy_term" or table == "taxonomy":
                continue  # the example's attribute links to no service; terms are ours
            if name in (
                "external_identifier",
                "external_identifier_type",
                "location_type",
                "address_type",
                "status",
                "name",
            ) and table in ("location",):
                continue  # the example's location name is a place, ours the organization
            if name in ("latitude", "longitude") and not any(values):
                continue  # 100, 101 is not on Earth: the import left it out, and said so
            if _same(value, values, name):
                kept.append(label)
            elif any(values):
                changed.append(f"{label} ({REASONS.get((path, name), 'unexplained')})")
            else:
                lost.append(label)
    return kept, changed, lost


def _same(value: str, values: set[str], field: str) -> bool:
    if value in values:
        return True
    if field in ("opens_at", "closes_at"):
        return value[:5] in {v[:5] for v in values}
    if field == "amount":
        return any(v and float(v) == float(value) for v in values)
    return False


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


if __name__ == "__main__":  # pragma: no cover - a measuring aid
    outcome = check_folder(Path(sys.argv[1]))
    sys.stdout.write("\n".join(outcome.errors[:40]) + "\n")
    sys.stdout.write(f"{outcome}\n")
    sys.exit(0 if not outcome.errors else 1)
