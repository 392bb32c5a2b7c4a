"""Open Referral HSDS 3 tabular data package: export the resources, import a 211's export.

Export (`write_data_package`, used by the build): one CSV per HSDS table (organization, service,
location, address, phone, schedule, service_at_location, language, required_document,
accessibility, cost_option, taxonomy_term, attribute) and a Frictionless `datapackage.json`.
HSDS holds one language; the site's translations travel in one extra table,
`x_kitchen_table_text.csv`, which other HSDS tools ignore.

Import (`import_package`, `make import-hsds FILE=...`): a folder or .zip of such CSV files ->
content/resources/<id>.yml texts. Categories, languages, documents and access features are
matched against content/taxonomy.yml (by id, or by English label); what does not match is
reported, never guessed. Export then import gives back the same files' data.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .resources import DAYS, TEXT_FIELDS

if TYPE_CHECKING:
    from .library import Library
    from .taxonomy import Taxonomy

TAXONOMY_NAME = "kitchen-table-categories"
TEXT_TABLE = "x_kitchen_table_text"

# table -> [(field, frictionless type)]; HSDS 3.0 field names
TABLES: dict[str, list[tuple[str, str]]] = {
    "organization": [
        ("id", "string"),
        ("name", "string"),
        ("description", "string"),
        ("email", "string"),
        ("website", "string"),
    ],
    "service": [
        ("id", "string"),
        ("organization_id", "string"),
        ("name", "string"),
        ("description", "string"),
        ("url", "string"),
        ("email", "string"),
        ("status", "string"),
        ("fees_description", "string"),
        ("eligibility_description", "string"),
        ("assured_date", "date"),
    ],
    "location": [
        ("id", "string"),
        ("location_type", "string"),
        ("organization_id", "string"),
        ("name", "string"),
        ("latitude", "number"),
        ("longitude", "number"),
    ],
    "address": [
        ("id", "string"),
        ("location_id", "string"),
        ("address_1", "string"),
        ("city", "string"),
        ("state_province", "string"),
        ("postal_code", "string"),
        ("country", "string"),
        ("address_type", "string"),
    ],
    "phone": [("id", "string"), ("service_id", "string"), ("number", "string")],
    "schedule": [
        ("id", "string"),
        ("service_id", "string"),
        ("freq", "string"),
        ("byday", "string"),
        ("opens_at", "string"),
        ("closes_at", "string"),
    ],
    "service_at_location": [("id", "string"), ("service_id", "string"), ("location_id", "string")],
    "language": [
        ("id", "string"),
        ("service_id", "string"),
        ("name", "string"),
        ("code", "string"),
    ],
    "required_document": [("id", "string"), ("service_id", "string"), ("document", "string")],
    "accessibility": [("id", "string"), ("location_id", "string"), ("description", "string")],
    "cost_option": [
        ("id", "string"),
        ("service_id", "string"),
        ("option", "string"),
        ("amount", "number"),
        ("currency", "string"),
    ],
    "taxonomy_term": [
        ("id", "string"),
        ("code", "string"),
        ("name", "string"),
        ("taxonomy", "string"),
    ],
    "attribute": [
        ("id", "string"),
        ("link_id", "string"),
        ("link_type", "string"),
        ("link_entity", "string"),
        ("taxonomy_term_id", "string"),
        ("value", "string"),
    ],
    TEXT_TABLE: [
        ("service_id", "string"),
        ("language", "string"),
        ("translation", "string"),
        ("translated_from", "string"),
        ("name", "string"),
        ("description", "string"),
        ("fees", "string"),
        ("eligibility", "string"),
    ],
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "organization"


def export_tables(library: Library) -> dict[str, list[dict[str, Any]]]:
    taxonomy = library.taxonomy
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    organizations: dict[str, str] = {}
    for category_id, category in taxonomy.resource_categories.items():
        rows["taxonomy_term"].append(
            {
                "id": f"category-{category_id}",
                "code": category_id,
                "name": category.labels["en"],
                "taxonomy": TAXONOMY_NAME,
            }
        )
    for r in library.resources:
        org_id = organizations.setdefault(r.organization, _slug(r.organization))
        english = r.texts["en"]
        location = f"{r.id}-location"
        rows["service"].append(
            {
                "id": r.id,
                "organization_id": org_id,
                "name": english.name,
                "description": english.description,
                "url": r.website or "",
                "email": r.email or "",
                "status": "active",
                "fees_description": english.fees or "",
                "eligibility_description": english.eligibility or "",
                "assured_date": r.last_verified.isoformat(),
            }
        )
        rows["location"].append(
            {
                "id": location,
                "location_type": "physical",
                "organization_id": org_id,
                "name": r.organization,
                "latitude": r.latitude,
                "longitude": r.longitude,
            }
        )
        rows["address"].append(
            {
                "id": f"{r.id}-address",
                "location_id": location,
                "address_1": r.street,
                "city": r.city,
                "state_province": "",
                "postal_code": r.postal_code or "",
                "country": "",
                "address_type": "physical",
            }
        )
        rows["service_at_location"].append(
            {"id": f"{r.id}-at-location", "service_id": r.id, "location_id": location}
        )
        if r.phone:
            rows["phone"].append({"id": f"{r.id}-phone", "service_id": r.id, "number": r.phone})
        for index, block in enumerate(r.hours):
            rows["schedule"].append(
                {
                    "id": f"{r.id}-schedule-{index + 1}",
                    "service_id": r.id,
                    "freq": "WEEKLY",
                    "byday": ",".join(d.upper() for d in block.days),
                    "opens_at": block.opens,
                    "closes_at": block.closes,
                }
            )
        for code in r.languages:
            rows["language"].append(
                {
                    "id": f"{r.id}-language-{code}",
                    "service_id": r.id,
                    "name": taxonomy.resource_languages[code]["en"],
                    "code": code,
                }
            )
        for document in r.documents:
            rows["required_document"].append(
                {
                    "id": f"{r.id}-document-{document}",
                    "service_id": r.id,
                    "document": taxonomy.resource_documents[document]["en"],
                }
            )
        for access in r.accessibility:
            rows["accessibility"].append(
                {
                    "id": f"{r.id}-access-{access}",
                    "location_id": location,
                    "description": taxonomy.resource_access[access]["en"],
                }
            )
        if r.free:
            rows["cost_option"].append(
                {
                    "id": f"{r.id}-cost",
                    "service_id": r.id,
                    "option": "free",
                    "amount": 0,
                    "currency": "USD",
                }
            )
        rows["attribute"].append(
            {
                "id": f"{r.id}-category",
                "link_id": r.id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": f"category-{r.category}",
                "value": r.category,
            }
        )
        for language, text in r.texts.items():
            rows[TEXT_TABLE].append(
                {
                    "service_id": r.id,
                    "language": language,
                    "translation": text.translation,
                    "translated_from": text.translated_from or "",
                    "name": text.name,
                    "description": text.description,
                    "fees": text.fees or "",
                    "eligibility": text.eligibility or "",
                }
            )
    for name, org_id in organizations.items():
        rows["organization"].append(
            {"id": org_id, "name": name, "description": "", "email": "", "website": ""}
        )
    return rows


def write_data_package(library: Library, folder: Path) -> None:
    """The CSV files and datapackage.json into `folder` (created; old files replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in export_tables(library).items():
        fields = [field for field, _ in TABLES[name]]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (folder / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": field, "type": kind} for field, kind in TABLES[name]],
                    **({"primaryKey": ["id"]} if fields[0] == "id" else {}),
                },
            }
        )
    package = {
        "name": "kitchen-table-community-resources",
        "title": "Community resources (Open Referral HSDS 3.0 tables)",
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=1) + "\n", encoding="utf-8")


# -- import ---------------------------------------------------------------------------------------


def read_tables(source: Path) -> dict[str, list[dict[str, str]]]:
    """The CSV tables of a folder or .zip (file names as in HSDS: service.csv, ...)."""
    tables: dict[str, list[dict[str, str]]] = {}

    def add(name: str, text: str) -> None:
        tables[Path(name).stem] = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    if source.is_dir():
        for file in sorted(source.glob("*.csv")):
            add(file.name, file.read_text(encoding="utf-8"))
    else:
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    add(name, archive.read(name).decode("utf-8"))
    return tables


def _by(rows: Iterable[dict[str, str]], key: str) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[row.get(key, "")].append(row)
    return grouped


def _match(value: str, known: dict[str, Any], english: dict[str, str]) -> str | None:
    if value in known:
        return value
    wanted = value.strip().lower()
    return next((key for key, label in english.items() if label.lower() == wanted), None)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def import_package(
    tables: dict[str, list[dict[str, str]]], taxonomy: Taxonomy
) -> tuple[dict[str, str], list[str]]:
    """{resource id: YAML text} for every service, and every problem found (service id first)."""
    problems: list[str] = []
    files: dict[str, str] = {}
    organizations = {row["id"]: row for row in tables.get("organization", [])}
    locations = {row["id"]: row for row in tables.get("location", [])}
    addresses = _by(tables.get("address", []), "location_id")
    at_location = _by(tables.get("service_at_location", []), "service_id")
    phones = _by(tables.get("phone", []), "service_id")
    schedules = _by(tables.get("schedule", []), "service_id")
    languages = _by(tables.get("language", []), "service_id")
    documents = _by(tables.get("required_document", []), "service_id")
    access = _by(tables.get("accessibility", []), "location_id")
    costs = _by(tables.get("cost_option", []), "service_id")
    attributes = _by(tables.get("attribute", []), "link_id")
    terms = {row["id"]: row for row in tables.get("taxonomy_term", [])}
    texts = _by(tables.get(TEXT_TABLE, []), "service_id")
    categories = {k: c.labels["en"] for k, c in taxonomy.resource_categories.items()}
    spoken = {k: v["en"] for k, v in taxonomy.resource_languages.items()}
    document_names = {k: v["en"] for k, v in taxonomy.resource_documents.items()}
    access_names = {k: v["en"] for k, v in taxonomy.resource_access.items()}

    for service in tables.get("service", []):
        sid = service["id"]
        rid = (
            sid
            if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid or "")
            else _slug(service.get("name") or sid)
        )

        def problem(text: str) -> None:
            problems.append(f"service {sid}: {text}")  # noqa: B023

        place = next(
            (
                locations.get(row["location_id"])
                for row in at_location.get(sid, [])
                if row["location_id"] in locations
            ),
            None,
        )
        if place is None:
            problem("no location (service_at_location -> location) — skipped")
            continue
        address = (addresses.get(place["id"]) or [{}])[0]
        category = None
        for attribute in attributes.get(sid, []):
            term = terms.get(attribute.get("taxonomy_term_id", ""), {})
            category = (
                _match(term.get("code", ""), categories, categories)
                or _match(term.get("name", ""), categories, categories)
                or _match(attribute.get("value", ""), categories, categories)
            )
            if category:
                break
        if category is None:
            problem(
                "no category matches resource_categories in content/taxonomy.yml — "
                "write category: by hand"
            )
        codes = []
        for row in languages.get(sid, []):
            code = _match(row.get("code", ""), spoken, spoken) or _match(
                row.get("name", ""), spoken, spoken
            )
            if code:
                codes.append(code)
            else:
                problem(
                    f'language "{row.get("code") or row.get("name")}" is not in '
                    "resource_languages in content/taxonomy.yml"
                )
        docs = []
        for row in documents.get(sid, []):
            found = _match(row.get("document", ""), document_names, document_names)
            if found:
                docs.append(found)
            else:
                problem(f'document "{row.get("document")}" is not in resource_documents')
        features = []
        for row in access.get(place["id"], []):
            found = _match(row.get("description", ""), access_names, access_names)
            if found:
                features.append(found)
            else:
                problem(f'access "{row.get("description")}" is not in resource_access')
        organization = (
            organizations.get(service.get("organization_id", ""), {}).get("name")
            or place.get("name")
            or service.get("name", "")
        )
        lines = [
            "# yaml-language-server: $schema=../schema/resource.schema.json",
            f"# imported from HSDS service {sid}: check it, then run make check",
            f"id: {rid}",
            f"organization: {_q(organization)}",
            f"category: {category or 'CHOOSE-A-CATEGORY'}",
            "address:",
            f"  street: {_q(address.get('address_1', ''))}",
            f"  city: {_q(address.get('city', ''))}",
        ]
        if address.get("postal_code"):
            lines.append(f"  postal_code: {_q(address['postal_code'])}")
        lines += [
            "location:",
            f"  latitude: {float(place['latitude'])!r}",
            f"  longitude: {float(place['longitude'])!r}",
        ]
        phone = (phones.get(sid) or [{}])[0].get("number")
        if phone:
            lines.append(f"phone: {_q(phone)}")
        if service.get("url"):
            lines.append(f"website: {service['url']}")
        if service.get("email"):
            lines.append(f"email: {service['email']}")
        blocks = []
        for row in schedules.get(sid, []):
            days = [
                d.strip().lower()
                for d in (row.get("byday") or "").split(",")
                if d.strip().lower() in DAYS
            ]
            if days and row.get("opens_at") and row.get("closes_at"):
                blocks.append(
                    f"  - {{days: [{', '.join(days)}], opens: "
                    f'"{row["opens_at"][:5]}", closes: "{row["closes_at"][:5]}"}}'
                )
        lines += ["hours:", *blocks] if blocks else ["hours: []"]
        lines.append(f"languages: [{', '.join(codes or ['en'])}]")
        free = any(_is_zero(row.get("amount")) for row in costs.get(sid, []))
        lines.append(f"free: {'true' if free else 'false'}")
        if docs:
            lines.append(f"documents: [{', '.join(docs)}]")
        if features:
            lines.append(f"accessibility: [{', '.join(features)}]")
        verified = service.get("assured_date") or service.get("last_modified") or ""
        lines.append(f"last_verified: {verified[:10] or 'WRITE-THE-DATE-CHECKED'}")
        lines.append("text:")
        words = texts.get(sid) or [
            {
                "language": "en",
                "translation": "original",
                "translated_from": "",
                "name": service.get("name", ""),
                "description": service.get("description", ""),
                "fees": service.get("fees_description", ""),
                "eligibility": service.get("eligibility_description", ""),
            }
        ]
        for row in sorted(words, key=lambda row: row["language"] != "en"):
            lines += [f"  {row['language']}:", f"    translation: {row['translation']}"]
            if row.get("translated_from"):
                lines.append(f'    translated_from: "{row["translated_from"]}"')
            for name in TEXT_FIELDS:
                if row.get(name):
                    lines.append(f"    {name}: {_q(row[name])}")
        files[rid] = "\n".join(lines) + "\n"
    return files, problems


def _is_zero(value: str | None) -> bool:
    try:
        return value is not None and value != "" and float(value) == 0
    except ValueError:
        return False
