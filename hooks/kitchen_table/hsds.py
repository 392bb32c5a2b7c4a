"""Open data in Open Referral HSDS 3.0: the resources as the official tabular data package
(open-data/hsds/*.csv + datapackage.json) and as HSDS 3 JSON (open-data/hsds/services.json,
each service in the shape of the compiled service.json schema, the shape the HSDS API serves).

- Every table of the official descriptor is published under its official file name
  (services.csv, locations.csv, ...), with the official fields in the official order; tables we
  have nothing for hold their header only. hsds_tables.py is the descriptor, generated from
  Open Referral's own datapackage.json.
- Ids are UUIDs, version 5 (name-based), under the namespace `ID_NAMESPACE` in resource_settings.py
  (or extra.resources.id_namespace): the service of resource `food-bank` is always
  uuid5(namespace, "service/food-bank"), its location "location/food-bank", and so on (see
  `record_id`). The same every build, so a directory that syncs sees the same records.
- The readable id (the file name, the page's address resources/<id>/) is kept twice: in
  locations.csv as external_identifier (external_identifier_type "kitchen-table-resource-id"),
  and as an attribute of the service whose taxonomy term has the code
  "kitchen-table-resource-id" and whose value is the id.
- Required fields come from content, or from mkdocs.yml extra.resources: state and country for
  every address, a sentence per category (taxonomy_term.description); an organization's
  description lists the services it runs. resource_settings.open_data_problems says what is missing.
- HSDS holds one language; the site's translations travel in the extra table
  x_kitchen_table_text.csv, which other HSDS tools ignore.
- A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab or a
  carriage return) is written with a leading apostrophe, as OWASP advises; number cells and
  phone numbers (digits, by the resource schema) are not text.

Import is in hsds_read.py (reading an export) and hsds_import.py (mapping it to resource files).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hsds_tables import HSDS_VERSION, TABLES

if TYPE_CHECKING:
    from .library import Library

TEXT_TABLE = "x_kitchen_table_text"
TEXT_FIELDS = [
    "service_id",
    "resource_id",
    "language",
    "translation",
    "translated_from",
    "name",
    "description",
    "fees",
    "eligibility",
]
ID_TYPE = "kitchen-table-resource-id"
"""location.external_identifier_type, and the code of the taxonomy term whose attribute holds
the readable id of a service."""
CATEGORY_TAXONOMY = "kitchen-table-resource-categories"
FIELD_TAXONOMY = "kitchen-table-fields"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOT_TEXT = {("phone", "number")}


def record_id(namespace: uuid.UUID, table: str, *names: str) -> str:
    """The UUID of a record: uuid5 of "table/name[/part...]" under the site's namespace."""
    return str(uuid.uuid5(namespace, "/".join((table, *names))))


def _fields(table: str) -> list[str]:
    return [field[0] for field in TABLES[table][1]]


def safe_cell(table: str, name: str, value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, with a leading apostrophe."""
    if not isinstance(value, str) or (table, name) in NOT_TEXT:
        return value
    kinds = {field[0]: field[1] for field in TABLES[table][1]} if table in TABLES else {}
    if kinds.get(name, "string") != "string":
        return value
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _organization_description(names: list[str]) -> str:
    return "Runs: " + "; ".join(names) + "."


def export_tables(library: Library) -> dict[str, list[dict[str, Any]]]:
    """Every HSDS table (and x_kitchen_table_text) as rows of {field: value}."""
    taxonomy = library.taxonomy
    settings = library.resource_settings
    ns = settings.id_namespace
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows[TEXT_TABLE] = []
    categories = record_id(ns, "taxonomy", CATEGORY_TAXONOMY)
    fields = record_id(ns, "taxonomy", FIELD_TAXONOMY)
    id_term = record_id(ns, "taxonomy_term", FIELD_TAXONOMY, ID_TYPE)
    rows["taxonomy"] += [
        {
            "id": categories,
            "name": "Kitchen Table resource categories",
            "description": "What kind of help a community resource gives "
            "(resource_categories in content/taxonomy.yml).",
        },
        {
            "id": fields,
            "name": "Kitchen Table fields",
            "description": "Properties of a service that HSDS has no field for.",
        },
    ]
    rows["taxonomy_term"].append(
        {
            "id": id_term,
            "code": ID_TYPE,
            "name": "Kitchen Table resource id",
            "description": "The attribute's value is the resource's id on the site: its page is "
            "resources/<id>/ and its file content/resources/<id>.yml.",
            "taxonomy": FIELD_TAXONOMY,
            "language": "en",
            "taxonomy_id": fields,
        }
    )
    used = sorted({r.category for r in library.resources})
    for category_id in used:
        rows["taxonomy_term"].append(
            {
                "id": record_id(ns, "taxonomy_term", category_id),
                "code": category_id,
                "name": taxonomy.resource_categories[category_id].labels["en"],
                "description": settings.category_descriptions.get(category_id, ""),
                "taxonomy": CATEGORY_TAXONOMY,
                "language": "en",
                "taxonomy_id": categories,
            }
        )
    organizations: dict[str, list[str]] = {}
    for r in library.resources:
        english = r.texts["en"]
        organizations.setdefault(r.organization, []).append(english.name)
        org = record_id(ns, "organization", r.organization)
        service = record_id(ns, "service", r.id)
        location = record_id(ns, "location", r.id)
        rows["service"].append(
            {
                "id": service,
                "organization_id": org,
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
                "organization_id": org,
                "name": r.organization,
                "latitude": r.latitude if r.latitude is not None else "",
                "longitude": r.longitude if r.longitude is not None else "",
                "external_identifier": r.id,
                "external_identifier_type": ID_TYPE,
            }
        )
        if r.postal_code:  # HSDS requires one in every address
            rows["address"].append(
                {
                    "id": record_id(ns, "address", r.id),
                    "location_id": location,
                    "address_1": r.street,
                    "city": r.city,
                    "state_province": settings.state,
                    "postal_code": r.postal_code,
                    "country": settings.country,
                    "address_type": "physical",
                }
            )
        rows["service_at_location"].append(
            {
                "id": record_id(ns, "service_at_location", r.id),
                "service_id": service,
                "location_id": location,
            }
        )
        if r.phone:
            rows["phone"].append(
                {
                    "id": record_id(ns, "phone", r.id),
                    "service_id": service,
                    "number": r.phone,
                    "extension": r.phone_extension or "",
                    "type": "voice",
                }
            )
        for index, block in enumerate(r.hours):
            rows["schedule"].append(
                {
                    "id": record_id(ns, "schedule", r.id, str(index + 1)),
                    "service_id": service,
                    "freq": "WEEKLY",
                    "byday": ",".join(d.upper() for d in block.days),
                    "opens_at": f"{block.opens}:00",
                    "closes_at": "23:59:59" if block.closes == "24:00" else f"{block.closes}:00",
                }
            )
        for code in r.languages:
            rows["language"].append(
                {
                    "id": record_id(ns, "language", r.id, code),
                    "service_id": service,
                    "name": taxonomy.resource_languages[code]["en"],
                    "code": code,
                }
            )
        for document in r.documents:
            rows["required_document"].append(
                {
                    "id": record_id(ns, "required_document", r.id, document),
                    "service_id": service,
                    "document": taxonomy.resource_documents[document]["en"],
                }
            )
        for access in r.accessibility:
            rows["accessibility"].append(
                {
                    "id": record_id(ns, "accessibility", r.id, access),
                    "location_id": location,
                    "description": taxonomy.resource_access[access]["en"],
                }
            )
        if r.free:
            rows["cost_option"].append(
                {
                    "id": record_id(ns, "cost_option", r.id),
                    "service_id": service,
                    "option": "Free",
                    "amount": 0,
                    "currency": settings.currency,
                }
            )
        rows["attribute"] += [
            {
                "id": record_id(ns, "attribute", r.id, "category"),
                "link_id": service,
                "taxonomy_term_id": record_id(ns, "taxonomy_term", r.category),
                "link_type": "service",
                "link_entity": "service",
                "value": r.category,
            },
            {
                "id": record_id(ns, "attribute", r.id, ID_TYPE),
                "link_id": service,
                "taxonomy_term_id": id_term,
                "link_type": "service",
                "link_entity": "service",
                "value": r.id,
            },
        ]
        for language, text in r.texts.items():
            rows[TEXT_TABLE].append(
                {
                    "service_id": service,
                    "resource_id": r.id,
                    "language": language,
                    "translation": text.translation,
                    "translated_from": text.translated_from or "",
                    "name": text.name,
                    "description": text.description,
                    "fees": text.fees or "",
                    "eligibility": text.eligibility or "",
                }
            )
    for name, services in organizations.items():
        rows["organization"].append(
            {
                "id": record_id(ns, "organization", name),
                "name": name,
                "description": _organization_description(services),
            }
        )
    return rows


def _csv(table: str, names: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(table, key, value) for key, value in row.items()})
    return buffer.getvalue()


def _resource_descriptor(table: str) -> dict[str, Any]:
    path, fields, keys = TABLES[table]
    return {
        "name": table,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {
            "primaryKey": "id",
            "fields": [
                {
                    "name": name,
                    "type": kind,
                    **({"format": form} if form else {}),
                    "constraints": {
                        "required": required,
                        "unique": unique,
                        **({"enum": list(enum)} if enum else {}),
                    },
                }
                for name, kind, form, required, unique, enum in fields
            ],
            "foreignKeys": [
                {"fields": field, "reference": {"resource": other, "fields": "id"}}
                for field, other in keys
            ],
        },
    }


def write_data_package(library: Library, folder: Path) -> None:
    """The CSV files, datapackage.json and services.json into `folder` (created; replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.csv"):  # an older package's singular file names
        stale.unlink()
    tables = export_tables(library)
    for table, (path, _, _) in TABLES.items():
        (folder / path).write_text(_csv(table, _fields(table), tables[table]), encoding="utf-8")
    (folder / f"{TEXT_TABLE}.csv").write_text(
        _csv(TEXT_TABLE, TEXT_FIELDS, tables[TEXT_TABLE]), encoding="utf-8"
    )
    package = {
        "name": "kitchen-table-community-resources",
        "title": "Community resources (Open Referral HSDS 3.0)",
        "description": "The community resources of this site in the Human Services Data "
        "Specification 3.0 tables. Ids are UUIDs (version 5) that stay the same every build; "
        "the site's own id of a resource is locations.external_identifier "
        f"(external_identifier_type {ID_TYPE}). {TEXT_TABLE}.csv holds every language.",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "homepage": "https://docs.openreferral.org/en/latest/hsds/overview.html",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            *(_resource_descriptor(table) for table in TABLES),
            {
                "name": TEXT_TABLE,
                "path": f"{TEXT_TABLE}.csv",
                "description": "Names and texts in every language of the site (HSDS holds one).",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [{"name": name, "type": "string"} for name in TEXT_FIELDS],
                    "foreignKeys": [
                        {
                            "fields": "service_id",
                            "reference": {"resource": "service", "fields": "id"},
                        }
                    ],
                },
            },
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=1) + "\n", encoding="utf-8")
    (folder / "services.json").write_text(
        json.dumps(services_json(tables), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _clean(row: dict[str, Any], table: str) -> dict[str, Any]:
    """A row as HSDS JSON: no empty fields, numbers as numbers."""
    kinds = {field[0]: field[1] for field in TABLES[table][1]}
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value in ("", None):
            continue
        if kinds.get(key) == "number" and isinstance(value, str):
            value = float(value) if "." in value else int(value)
        out[key] = value
    return out


def services_json(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every service with what belongs to it nested, as the compiled service.json describes."""

    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in tables[table]:
            grouped.setdefault(row.get(key, ""), []).append(_clean(row, table))
        return grouped

    organizations = {row["id"]: _clean(row, "organization") for row in tables["organization"]}
    locations = {row["id"]: _clean(row, "location") for row in tables["location"]}
    terms = {row["id"]: _clean(row, "taxonomy_term") for row in tables["taxonomy_term"]}
    addresses = by("address", "location_id")
    access = by("accessibility", "location_id")
    places = by("service_at_location", "service_id")
    attributes = by("attribute", "link_id")
    nested = {
        key: by(table, "service_id")
        for key, table in (
            ("phones", "phone"),
            ("schedules", "schedule"),
            ("languages", "language"),
            ("cost_options", "cost_option"),
            ("required_documents", "required_document"),
        )
    }
    services = []
    for row in tables["service"]:
        service = _clean(row, "service")
        sid = service["id"]
        service["organization"] = organizations[service["organization_id"]]
        for key, grouped in nested.items():
            service[key] = grouped.get(sid, [])
        service["service_at_locations"] = [
            {
                **place,
                "location": {
                    **locations[place["location_id"]],
                    "addresses": addresses.get(place["location_id"], []),
                    "accessibility": access.get(place["location_id"], []),
                },
            }
            for place in places.get(sid, [])
        ]
        service["attributes"] = [
            {**attribute, "taxonomy_term": terms[attribute["taxonomy_term_id"]]}
            for attribute in attributes.get(sid, [])
        ]
        services.append(service)
    return services


def readable(value: str) -> str:
    """A cell as written, without the apostrophe that kept a spreadsheet from running it."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value
