"""`kitchen-table import-hsds FILE`: an Open Referral HSDS 3 export (a folder or a .zip of CSV
files, e.g. from a 211) -> content/resources/<id>.yml texts for editors to check and translate.

Reading the export (`read_export`) is hsds_read.py.

Mapping (`import_export`): a service needs a location with an address (street and city). It is
matched against content/taxonomy.yml for its category, languages, documents and access features
(by id, English label, or a three-letter ISO 639 code); what does not match is reported and left
out, never guessed (no language becomes English). A location without coordinates is imported
without `location:` (listed on the site, no map pin), with a note. A phone extension is kept.
Every field with data that our model has no place for is listed, table by table.

Writing (`write_files`): every value is a double-quoted YAML scalar (JSON string syntax), so no
value can add a key; the written text is read back and compared before it is saved. A file is
created only inside content/resources/ (never through a symbolic link, never over a file).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
import yaml_rs

from .hsds import ID_TYPE, TEXT_TABLE
from .hsds_read import Export, ImportRefused
from .resources import DAYS, RESERVED_IDS, TEXT_FIELDS
from .translation_model import ORIGINAL, PROVENANCES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .taxonomy import Taxonomy

ID_FORM = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TIME = re.compile(r"([01]?[0-9]|2[0-4]):([0-5][0-9])(:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9:]+)?")
WRITTEN_EXTENSION = re.compile(r"(.*?[0-9)])\s*(?:x|ext\.?|extension)\s*([0-9]{1,8})", re.I)
PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,22}[0-9]")
WEBSITE = re.compile(r"https://[^\s<>\"]+")
EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}")
ISO_639_3 = {
    "eng": "en",
    "spa": "es",
    "zho": "zh",
    "chi": "zh",
    "cmn": "zh",
    "vie": "vi",
    "ara": "ar",
    "hat": "ht",
    "som": "so",
    "por": "pt",
    "fra": "fr",
    "fre": "fr",
}
# table -> the fields our model keeps (or uses to link records)
KEPT = {
    "service": {
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
    },
    "organization": {"id", "name"},
    "location": {
        "id",
        "organization_id",
        "latitude",
        "longitude",
        "location_type",
        "name",
        "external_identifier",
        "external_identifier_type",
    },
    "address": {"id", "location_id", "address_1", "city", "postal_code"},
    "service_at_location": {"id", "service_id", "location_id"},
    "phone": {"id", "service_id", "number", "extension"},
    "schedule": {
        "id",
        "service_id",
        "service_at_location_id",
        "freq",
        "byday",
        "opens_at",
        "closes_at",
    },
    "language": {"id", "service_id", "name", "code"},
    "required_document": {"id", "service_id", "document"},
    "accessibility": {"id", "location_id", "description"},
    "cost_option": {"id", "service_id"},  # an amount of 0 makes free: true; others are fees
    "attribute": {"id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"},
    "taxonomy_term": {"id", "code", "name", "taxonomy", "taxonomy_id"},
    "taxonomy": {"id"},
    TEXT_TABLE: {
        "service_id",
        "resource_id",
        "language",
        "translation",
        "translated_from",
        *TEXT_FIELDS,
    },
}
# what our schema allows, to say so at import rather than at make check
LIMITS = {"name": 80, "description": 400, "fees": 200, "eligibility": 200}


@dataclass
class Outcome:
    files: dict[str, str] = field(default_factory=dict)
    """resource id -> YAML text"""
    read: int = 0
    skipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    """why -> how many services"""
    problems: list[str] = field(default_factory=list)
    """a service was skipped, or a value refused: the editor must look"""
    notes: list[str] = field(default_factory=list)
    """what the files say differently or leave out"""
    not_kept: dict[str, list[str]] = field(default_factory=dict)
    """file -> the fields with data our model has no place for"""


# -- mapping --------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-")


def _match(value: str, labels: Mapping[str, Mapping[str, str]]) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value in labels:
        return value
    wanted = value.lower()
    if wanted in labels:
        return wanted
    return next(
        (key for key, label in labels.items() if label.get("en", "").lower() == wanted), None
    )


def _group(rows: list[tuple[int, dict[str, str]]], key: str) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for _, row in rows:
        grouped[row.get(key, "")].append(row)
    return grouped


def _q(value: str) -> str:
    """A double-quoted YAML scalar: it can hold anything and never adds a key."""
    return json.dumps(value, ensure_ascii=False)


def _time(value: str) -> tuple[str | None, bool]:
    """HH:MM of an HSDS time, and whether a zone or seconds were dropped."""
    found = TIME.fullmatch(value.strip())
    if not found:
        return None, False
    hours, minutes = found.group(1).zfill(2), found.group(2)
    seconds = (found.group(3) or ":00")[1:3]
    return f"{hours}:{minutes}", bool(found.group(5)) or seconds != "00"


def import_export(export: Export, taxonomy: Taxonomy) -> Outcome:
    """{resource id: YAML} for every service that can be imported, and what was not."""
    out = Outcome()
    out.problems.extend(export.refused)
    out.notes.extend(export.notes)
    organizations = {row.get("id", ""): row for _, row in export.rows("organization")}
    locations = {row.get("id", ""): row for _, row in export.rows("location")}
    addresses = _group(export.rows("address"), "location_id")
    at_location = _group(export.rows("service_at_location"), "service_id")
    places = {row.get("id", ""): row for _, row in export.rows("service_at_location")}
    phones = _group(export.rows("phone"), "service_id")
    schedules = _group(export.rows("schedule"), "service_id")
    for _, row in export.rows("schedule"):
        if not row.get("service_id") and row.get("service_at_location_id") in places:
            schedules[places[row["service_at_location_id"]].get("service_id", "")].append(row)
    languages = _group(export.rows("language"), "service_id")
    documents = _group(export.rows("required_document"), "service_id")
    access = _group(export.rows("accessibility"), "location_id")
    costs = _group(export.rows("cost_option"), "service_id")
    attributes = _group(export.rows("attribute"), "link_id")
    terms = {row.get("id", ""): row for _, row in export.rows("taxonomy_term")}
    texts = _group(export.rows(TEXT_TABLE), "service_id")
    categories = {k: c.labels for k, c in taxonomy.resource_categories.items()}
    seen_services: dict[str, int] = {}
    seen_ids: dict[str, str] = {}
    file = export.file("service")

    for line, service in export.rows("service"):
        out.read += 1
        sid = service.get("id", "")
        here = f"{file}:{line}"

        def skip(why: str, text: str) -> None:
            out.skipped[why] += 1
            out.problems.append(f"{here}: {text} — not imported")  # noqa: B023

        def note(field_name: str, text: str) -> None:
            out.notes.append(f"{here}: {field_name}: {text}")  # noqa: B023

        if not sid:
            skip("no id", "id: is empty")
            continue
        if sid in seen_services:
            skip("duplicate id", f'id: "{sid}" appears twice (also line {seen_services[sid]})')
            continue
        seen_services[sid] = line
        name = service.get("name", "")
        if not name:
            skip("no name", "name: is empty")
            continue
        place = next(
            (
                locations[row["location_id"]]
                for row in at_location.get(sid, [])
                if row.get("location_id") in locations
            ),
            None,
        )
        if place is None:
            skip("no location", "no location (service_at_location.csv -> locations.csv)")
            continue
        address = next(
            (
                a
                for a in addresses.get(place.get("id", ""), [])
                if a.get("address_1") and a.get("city")
            ),
            None,
        )
        if address is None:
            skip(
                "no address",
                f'location "{place.get("id")}" has no address with address_1 '
                "and city (a service families visit needs one)",
            )
            continue
        # the readable id: ours (a Kitchen Table export), else from the name
        own = next(
            (
                a.get("value", "")
                for a in attributes.get(sid, [])
                if terms.get(a.get("taxonomy_term_id", ""), {}).get("code") == ID_TYPE
            ),
            "",
        )
        if not own and place.get("external_identifier_type") == ID_TYPE:
            own = place.get("external_identifier", "")
        rid = own if ID_FORM.fullmatch(own) and len(own) <= 60 else _slug(name)
        if not rid:
            rid = _slug(sid) or "imported-service"
        if rid in RESERVED_IDS:
            note("id", f'"{rid}" is reserved for the list pages — written as {rid}-service')
            rid = f"{rid}-service"
        if rid in seen_ids:
            first = rid
            n = 2
            while f"{first}-{n}" in seen_ids:
                n += 1
            rid = f"{first[:56]}-{n}"
            out.problems.append(
                f'{here}: name: gives the id "{first}", as {seen_ids[first]} '
                f"does — written as {rid}.yml, not merged; check they are "
                "different services"
            )
        seen_ids[rid] = here

        lines = [
            "# yaml-language-server: $schema=../schema/resource.schema.json",
            f"# imported from HSDS: {file} line {line}, service id {_q(sid)[1:-1][:80]}",
            "# check it with the service, then run make check",
            f"id: {_q(rid)}",
        ]
        org = organizations.get(service.get("organization_id", ""), {}).get("name") or ""
        if not org:
            org = place.get("name") or name
            note("organization_id", f'no organization name — "{org}" written; check it')
        lines.append(f"organization: {_q(org)}")
        category = None
        for attribute in attributes.get(sid, []):
            term = terms.get(attribute.get("taxonomy_term_id", ""), {})
            if term.get("code") == ID_TYPE:
                continue
            category = (
                _match(term.get("code", ""), categories)
                or _match(term.get("name", ""), categories)
                or _match(attribute.get("value", ""), categories)
            )
            if category:
                break
        if category is None:
            names = [
                terms.get(a.get("taxonomy_term_id", ""), {}).get("name", "")
                for a in attributes.get(sid, [])
            ]
            out.problems.append(
                f"{here}: category: no taxonomy term ({', '.join(filter(None, names)) or 'none'})"
                " matches resource_categories in content/taxonomy.yml — write category: by hand"
            )
        lines.append(f"category: {_q(category or 'CHOOSE-A-CATEGORY')}")
        lines += [
            "address:",
            f"  street: {_q(address['address_1'])}",
            f"  city: {_q(address['city'])}",
        ]
        if address.get("postal_code"):
            lines.append(f"  postal_code: {_q(address['postal_code'])}")
        lat, lon = place.get("latitude", ""), place.get("longitude", "")
        try:
            latitude, longitude = float(lat), float(lon)
        except ValueError:
            note(
                "location",
                "no coordinates — imported without location: (listed on the site, "
                "no map pin); add latitude: and longitude: to show it on the map",
            )
        else:
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                lines += ["location:", f"  latitude: {latitude!r}", f"  longitude: {longitude!r}"]
            else:
                note(
                    "location",
                    f"{lat}, {lon} is not a place on Earth — left out (no map pin);"
                    " add latitude: and longitude: from a map",
                )
        phone_rows = phones.get(sid, []) or [
            p for p in phones.get("", []) if p.get("location_id") == place.get("id")
        ]
        if phone_rows:
            number = phone_rows[0].get("number", "")
            cleaned = number.strip("\"' ")
            if cleaned != number:
                note("phone", f"{number} written as {cleaned} (quotes removed)")
            extension = phone_rows[0].get("extension", "").strip()
            written = WRITTEN_EXTENSION.fullmatch(cleaned)
            if written and not extension:  # "555-0101 x204": the extension in the number
                cleaned, extension = written.group(1), written.group(2)
                note("phone", f"{number} written as {cleaned} with phone_extension {extension}")
            if PHONE.fullmatch(cleaned):
                lines.append(f"phone: {_q(cleaned)}")
                if extension:
                    digits = extension[:-2] if extension.endswith(".0") else extension
                    if digits.isdigit() and len(digits) <= 8:
                        lines.append(f"phone_extension: {_q(digits)}")
                    else:
                        out.problems.append(
                            f"{here}: phone extension: {_q(extension)} is not "
                            "digits — left out; write phone_extension: by hand"
                        )
            else:
                out.problems.append(
                    f"{here}: phone: {_q(number)} is not a phone number "
                    "(digits, spaces, hyphens, brackets, a leading +) — left out"
                )
            if len(phone_rows) > 1:
                note("phone", f"{len(phone_rows) - 1} more phone numbers not kept (one is shown)")
        url = service.get("url", "")
        if url:
            if url.startswith("http://"):
                note(
                    "url", f"{url} written as https:// (the site links https only) — check it opens"
                )
                url = "https://" + url[len("http://") :]
            if WEBSITE.fullmatch(url) and len(url) <= 200:
                lines.append(f"website: {_q(url)}")
            else:
                out.problems.append(
                    f"{here}: url: {_q(url)} is not an https:// web address on one line — left out"
                )
        email = service.get("email", "")
        if email:
            if EMAIL.fullmatch(email):
                lines.append(f"email: {_q(email)}")
            else:
                out.problems.append(
                    f"{here}: email: {_q(email)} is not an email address — left out"
                )
        blocks = []
        for row in schedules.get(sid, []):
            days = [d.strip().lower() for d in (row.get("byday") or "").split(",") if d.strip()]
            opens, zone_a = _time(row.get("opens_at", ""))
            closes, zone_b = _time(row.get("closes_at", ""))
            if (
                row.get("freq", "WEEKLY").upper() in ("", "WEEKLY")
                and days
                and all(d in DAYS for d in days)
                and opens
                and closes
            ):
                ordered = [d for d in DAYS if d in days]
                blocks.append(
                    f"  - {{days: [{', '.join(ordered)}], opens: {_q(opens)}, "
                    f"closes: {_q(closes)}}}"
                )
                limits = [
                    f"{key} {row[key]}"
                    for key in (
                        "byweekno",
                        "bymonthday",
                        "byyearday",
                        "until",
                        "count",
                        "valid_from",
                        "valid_to",
                    )
                    if row.get(key)
                ]
                if row.get("interval") not in (None, "", "1"):
                    limits.append(f"interval {row['interval']}")
                if limits:
                    note(
                        "schedule",
                        f"{', '.join(ordered)} {opens}–{closes} kept as every week; "
                        f"its limits ({'; '.join(limits)}) are not — check the hours",
                    )
                if zone_a or zone_b:
                    note(
                        "schedule",
                        f"{row.get('opens_at')}–{row.get('closes_at')} written as "
                        f"{opens}–{closes} (local time, seconds and zone dropped)",
                    )
            else:
                note(
                    "schedule",
                    f'"{row.get("description") or row.get("id")}" is not a weekly '
                    "block of days with opening and closing times — not kept; write hours: by "
                    "hand",
                )
        lines += ["hours:", *blocks] if blocks else ["hours: []"]
        codes = []
        for row in languages.get(sid, []):
            raw = row.get("code", "").strip().lower()
            raw = raw.split("-")[0] if re.fullmatch(r"[a-z]{2,3}-[a-z0-9]{2,8}", raw) else raw
            code = (
                _match(raw, taxonomy.resource_languages)
                or _match(ISO_639_3.get(raw, ""), taxonomy.resource_languages)
                or _match(row.get("name", ""), taxonomy.resource_languages)
            )
            if code and code not in codes:
                codes.append(code)
            elif not code:
                out.problems.append(
                    f"{here}: languages: {_q(row.get('name') or raw)} ({raw or 'no code'}) is not "
                    "in resource_languages in content/taxonomy.yml — add it there, then to "
                    "languages:"
                )
        lines.append(f"languages: [{', '.join(_q(c) for c in codes)}]")
        if not codes:
            note(
                "languages",
                "no language matched — languages: is empty; write the languages the staff speak",
            )
        free = any(_zero(row.get("amount")) for row in costs.get(sid, []))
        lines.append(f"free: {'true' if free else 'false'}")
        docs = []
        for row in documents.get(sid, []):
            found = _match(row.get("document", ""), taxonomy.resource_documents)
            if found:
                docs.append(found)
            else:
                out.problems.append(
                    f"{here}: documents: {_q(row.get('document', '')[:60])} is "
                    "not in resource_documents — not kept"
                )
        if docs:
            lines.append(f"documents: [{', '.join(_q(d) for d in docs)}]")
        features = []
        for row in access.get(place.get("id", ""), []):
            found = _match(row.get("description", ""), taxonomy.resource_access)
            if found:
                features.append(found)
            else:
                out.problems.append(
                    f"{here}: accessibility: "
                    f"{_q(row.get('description', '')[:60])} is not in "
                    "resource_access — not kept"
                )
        if features:
            lines.append(f"accessibility: [{', '.join(_q(a) for a in features)}]")
        verified = (service.get("assured_date") or service.get("last_modified") or "")[:10]
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", verified):
            out.problems.append(
                f"{here}: assured_date: none — write last_verified: the day you checked the details"
            )
            verified = "WRITE-THE-DATE-CHECKED"
        lines.append(f"last_verified: {_q(verified)}")
        fees = service.get("fees_description", "")
        if not free and not fees:
            fees = "; ".join(
                " ".join(
                    filter(
                        None,
                        (
                            row.get("amount"),
                            row.get("currency", "").upper(),
                            row.get("amount_description"),
                            f"({row['option']})" if row.get("option") else "",
                        ),
                    )
                )
                for row in costs.get(sid, [])
            )
            if fees:
                note("fees", f"written from cost_options.csv: {fees}")
        words = texts.get(sid) or [
            {
                "language": "en",
                "translation": ORIGINAL,
                "name": name,
                "description": service.get("description", ""),
                "fees": fees,
                "eligibility": service.get("eligibility_description", ""),
            }
        ]
        lines += _text_lines(words, here, out, note)
        text = "\n".join(lines) + "\n"
        _same_keys(text, rid)
        out.files[rid] = text
    out.not_kept = not_kept(export)
    return out


def _text_lines(
    words: list[dict[str, str]], here: str, out: Outcome, note: Callable[[str, str], None]
) -> list[str]:
    """The `text:` block of a resource file: each language's words from the export's text
    table (English first), with who translated them and, when the export has it, the
    fingerprint of the English they were made from (translation_model.py's rules)."""
    lines = ["text:"]
    done: set[str] = set()
    for row in sorted(words, key=lambda row: row.get("language") != "en"):
        language = row.get("language", "")
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", language):
            out.problems.append(
                f"{here}: {TEXT_TABLE}: language {_q(language)} is not a "
                "language code — that text is not kept"
            )
            continue
        if language in done:
            out.problems.append(
                f"{here}: {TEXT_TABLE}: a second {language} text — the first is kept"
            )
            continue
        done.add(language)
        translation = row.get("translation", "")
        if translation not in PROVENANCES:
            translation = ORIGINAL if language == "en" else "machine"
        lines += [f"  {language}:", f"    translation: {_q(translation)}"]
        if re.fullmatch(r"[0-9a-f]{10}", row.get("translated_from", "")):
            lines.append(f"    translated_from: {_q(row['translated_from'])}")
        for key in TEXT_FIELDS:
            value = row.get(key, "")
            if value:
                lines.append(f"    {key}: {_q(value)}")
                if len(value) > LIMITS[key]:
                    note(
                        f"text.{language}.{key}",
                        f"{len(value)} characters, the site "
                        f"allows {LIMITS[key]} — shorten it before make check",
                    )
            elif key in ("name", "description"):
                note(f"text.{language}.{key}", "is empty — write it before make check")
    return lines


def _same_keys(text: str, rid: str) -> None:
    """The text reads back as one resource with only the keys written (a last guard)."""
    try:  # the site's quick reader (every value is quoted: PyYAML reads it the same)
        data = yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError, RecursionError):
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    allowed = {
        "id",
        "organization",
        "category",
        "address",
        "location",
        "phone",
        "phone_extension",
        "website",
        "email",
        "hours",
        "languages",
        "free",
        "documents",
        "accessibility",
        "last_verified",
        "text",
    }
    if not isinstance(data, dict) or set(data) - allowed or data.get("id") != rid:
        raise ImportRefused(
            f"{rid}: the written file does not read back as written — "
            "not imported (please report this)"
        )


def not_kept(export: Export) -> dict[str, list[str]]:
    """file -> the fields (or the whole table) with data that our model has no place for."""
    lost: dict[str, list[str]] = {}
    for name, table in export.tables.items():
        kept = KEPT.get(name)
        if kept is None:
            if table.rows:
                count = len(table.rows)
                lost[table.file] = [f"the whole table ({count} row{'s' if count > 1 else ''})"]
            continue
        fields = sorted(
            {
                key
                for _, row in table.rows
                for key, value in row.items()
                if value and key not in kept
            }
        )
        if name == "cost_option" and "amount" in fields:
            amounts = {row.get("amount", "") for _, row in table.rows} - {""}
            if all(_zero(amount) for amount in amounts):
                fields.remove("amount")  # 0 is free: true
            else:
                fields[fields.index("amount")] = "amount (other than 0: free is kept, and fees)"
        if fields:
            lost[table.file] = fields
    return lost


def _zero(value: str | None) -> bool:
    try:
        return value is not None and value != "" and float(value) == 0
    except ValueError:
        return False


# -- writing --------------------------------------------------------------------------------------


def write_files(root: Path, files: dict[str, str]) -> tuple[int, list[str]]:
    """Create content/resources/<id>.yml for each; never through a link, never over a file."""
    problems: list[str] = []
    content = root / "content"
    folder = content / "resources"
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return 0, ["content/resources is not a folder of this repository — nothing written"]
    folder.mkdir(exist_ok=True)
    if not folder.resolve().is_relative_to(content.resolve()):
        return 0, ["content/resources leads out of content/ — nothing written"]
    written = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for resource_id, text in files.items():
        target = folder / f"{resource_id}.yml"
        shown = f"content/resources/{resource_id}.yml"
        if target.is_symlink():
            problems.append(f"{shown}: is a symbolic link — not written")
            continue
        try:
            handle = os.open(target, flags, 0o644)
        except FileExistsError:
            problems.append(f"{shown}: exists already — not overwritten")
            continue
        except OSError as error:
            problems.append(f"{shown}: cannot be written ({error.strerror})")
            continue
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        written += 1
    return written, problems


def summary(out: Outcome, written: int, write_problems: list[str]) -> list[str]:
    """The lines the command prints: every problem and note, then the counts."""
    lines = [*out.problems, *write_problems, *out.notes]
    for name, fields in out.not_kept.items():
        lines.append(f"{name}: not kept (no place in a resource file): {', '.join(fields)}")
    skipped = sum(out.skipped.values()) + (len(out.files) - written)
    reasons = [f"{n} {why}" for why, n in sorted(out.skipped.items())]
    if len(out.files) > written:
        reasons.append(f"{len(out.files) - written} not written")
    lines.append(
        f"read {out.read} services; imported {written} into content/resources/; skipped "
        f"{skipped}{' (' + ', '.join(reasons) + ')' if reasons else ''}. Check and translate "
        "the new files, then run make check"
    )
    return lines
