"""HSDS 3.0 for real: the published package against Open Referral's own schemas (descriptor by
frictionless, compiled row schemas and service.json by jsonschema with formats checked), stable
ids, the settings the open data needs, and import-hsds of Open Referral's example export as a
folder, a zip, with singular names and in other encodings; then the round trip
example -> import -> library -> export, field by field."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from hsds_official import (
    EXAMPLE,
    OFFICIAL,
    check_folder,
    compare,
    descriptor,
    service_validator,
)
from kitchen_table.cli import main, site_extra, site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.hsds import ID_TYPE, TEXT_TABLE, write_data_package
from kitchen_table.hsds_import import import_export
from kitchen_table.hsds_read import ImportRefused, read_export
from kitchen_table.hsds_tables import TABLES
from kitchen_table.library import load_library
from kitchen_table.resource_settings import ID_NAMESPACE

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
EXTRA = site_extra(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT, LANGUAGES, EXTRA)


@pytest.fixture(scope="module")
def package(library, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hsds")
    write_data_package(library, folder)
    return folder


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def copy_content(target: Path) -> Path:
    for name in ("schema", "strings", "activities"):
        shutil.copytree(ROOT / "content" / name, target / "content" / name)
    shutil.copy2(ROOT / "content" / "taxonomy.yml", target / "content" / "taxonomy.yml")
    (target / "content" / "resources").mkdir()
    return target


# -- export ---------------------------------------------------------------------------------------


@pytest.mark.slow  # Open Referral's schemas over every row
def test_published_package_passes_open_referrals_own_schemas(library, package: Path) -> None:
    result = check_folder(package)
    assert result.errors == []
    assert set(result.files) == set(TABLES), "every official table, under its official name"
    expected = (
        len(library.resources) * 4  # service, location, address, service_at_location
        + sum(len(r.hours) + len(r.languages) + len(r.documents) for r in library.resources)
        + sum(len(r.accessibility) + bool(r.phone) + r.free + 2 for r in library.resources)
        + len({r.organization for r in library.resources})
        + len({r.category for r in library.resources})
        + 1  # terms, and the id term
        + 2  # taxonomies
    )
    assert result.rows == result.valid == expected


def test_the_official_check_fails_a_broken_package(package: Path, tmp_path: Path) -> None:
    """The measuring stick can fail: a slug id, an empty state and a bad time are all caught."""
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    for name, field, value in (
        ("services.csv", "id", "maple-hollow-pantry"),
        ("addresses.csv", "state_province", ""),
        ("schedules.csv", "opens_at", "9am"),
        ("organizations.csv", "email", "not-an-email"),
    ):
        table = rows(broken, name)
        table[0][field] = value
        with (broken / name).open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)
    result = check_folder(broken)
    text = "\n".join(result.errors)
    assert "services.csv:2: id: 'maple-hollow-pantry' is not a 'uuid'" in text
    assert "addresses.csv:2: (row): 'state_province' is a required property" in text
    assert "schedules.csv:2: opens_at: type-error" in text
    assert "organizations.csv:2: email: 'not-an-email' is not a 'email'" in text
    assert result.valid < result.rows


def test_our_descriptor_is_the_official_one(package: Path) -> None:
    ours = {
        r["name"]: r
        for r in json.loads((package / "datapackage.json").read_text("utf-8"))["resources"]
    }
    for official in descriptor()["resources"]:
        mine = ours[official["name"]]
        assert mine["path"] == official["path"]
        assert [
            (f["name"], f["type"], f.get("format"), f["constraints"].get("required"))
            for f in mine["schema"]["fields"]
        ] == [
            (f["name"], f["type"], f.get("format"), f["constraints"].get("required"))
            for f in official["schema"]["fields"]
        ], official["name"]
    assert TEXT_TABLE in ours


def test_ids_are_uuid5_of_the_resource_id_and_the_readable_id_is_kept(
    library, package: Path, tmp_path: Path
) -> None:
    services = rows(package, "services.csv")
    locations = {row["external_identifier"]: row for row in rows(package, "locations.csv")}
    for resource in library.resources:
        expected = str(uuid.uuid5(ID_NAMESPACE, f"service/{resource.id}"))
        assert any(row["id"] == expected for row in services), resource.id
        assert locations[resource.id]["external_identifier_type"] == ID_TYPE
    terms = {row["id"]: row for row in rows(package, "taxonomy_terms.csv")}
    readable = {
        a["value"]
        for a in rows(package, "attributes.csv")
        if terms[a["taxonomy_term_id"]]["code"] == ID_TYPE
    }
    assert readable == {r.id for r in library.resources}
    again = tmp_path / "again"
    write_data_package(library, again)
    for path in sorted(package.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_services_json_follows_the_compiled_service_schema(library, package: Path) -> None:
    services = json.loads((package / "services.json").read_text(encoding="utf-8"))
    validator = service_validator()
    assert [list(validator.iter_errors(s)) for s in services] == [[]] * len(library.resources)
    # the check can fail: a slug id is not a uuid
    broken = {**services[0], "id": "maple-hollow"}
    assert list(validator.iter_errors(broken))
    by_name = {s["name"]: s for s in services}
    for resource in library.resources:
        service = by_name[resource.texts["en"].name]
        location = service["service_at_locations"][0]["location"]
        assert location["external_identifier"] == resource.id
        assert location["latitude"] == resource.latitude
        assert [p["number"] for p in service["phones"]] == (
            [resource.phone] if resource.phone else []
        )


def test_a_missing_open_data_setting_is_an_editors_error(tmp_path: Path) -> None:
    copy_content(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  resources:\n", "utf-8")
    source = next((ROOT / "content" / "resources").glob("*.yml"))
    shutil.copy2(source, tmp_path / "content" / "resources" / source.name)
    extra = {
        "resources": {
            k: v
            for k, v in EXTRA["resources"].items()
            if k not in ("state", "category_descriptions")
        }
    }
    with pytest.raises(ContentInvalid) as invalid:
        load_library(tmp_path, LANGUAGES, extra)
    errors = [str(e) for e in invalid.value.errors]
    assert any(
        e.startswith("mkdocs.yml:3: extra.resources.state: is missing — the open data")
        for e in errors
    ), errors
    assert any(".category_descriptions." in e and "needs one sentence" in e for e in errors)
    assert not any("country" in e for e in errors)


def test_a_spreadsheet_formula_is_written_as_text(library, tmp_path: Path) -> None:
    first = library.resources[0]
    english = dataclasses.replace(
        first.texts["en"],
        name='=HYPERLINK("https://evil.example")',
        description="+1+cmd|' /C calc'!A0",
        fees="@SUM(1)",
    )
    hostile = dataclasses.replace(first, texts={**first.texts, "en": english}, free=False)
    library = dataclasses.replace(library, resources=(hostile, *library.resources[1:]))
    write_data_package(library, tmp_path)
    service = next(r for r in rows(tmp_path, "services.csv") if r["name"].startswith("'"))
    assert service["name"] == '\'=HYPERLINK("https://evil.example")'
    assert service["description"] == "'+1+cmd|' /C calc'!A0"
    assert service["fees_description"] == "'@SUM(1)"
    for name in ("services.csv", f"{TEXT_TABLE}.csv"):
        cells = [cell for row in rows(tmp_path, name) for cell in row.values()]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))], name
    assert check_folder(tmp_path).errors == []
    # and the import reads the words back as written
    outcome = import_export(read_export(tmp_path), library.taxonomy)
    assert '"=HYPERLINK(\\"https://evil.example\\")"' in outcome.files[first.id]


# -- import ---------------------------------------------------------------------------------------


def _example_variants(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "folder"
    shutil.copytree(EXAMPLE, folder)
    as_zip = tmp_path / "export.zip"
    with zipfile.ZipFile(as_zip, "w") as archive:
        for path in sorted(EXAMPLE.iterdir()):
            archive.write(path, f"export/{path.name}")
    singular = tmp_path / "singular"
    singular.mkdir()
    for table, (path, _, _) in TABLES.items():
        if (EXAMPLE / path).exists():
            shutil.copy2(EXAMPLE / path, singular / f"{table}.csv")
    cp1252 = tmp_path / "cp1252"
    shutil.copytree(EXAMPLE, cp1252)
    services = cp1252 / "services.csv"
    services.write_bytes(services.read_text("utf-8").encode("cp1252"))
    return {"folder": folder, "zip": as_zip, "singular": singular, "cp1252": cp1252}


def test_import_reads_the_official_example_in_every_form(library, tmp_path: Path) -> None:
    outcomes = {
        name: import_export(read_export(path), library.taxonomy)
        for name, path in _example_variants(tmp_path).items()
    }
    first = outcomes["folder"]
    assert first.read == 1 and list(first.files) == ["community-counselling"]
    text = first.files["community-counselling"]
    assert 'phone: "+44 1234 234567"' in text and 'phone_extension: "100"' in text
    assert "location:" not in text  # 100, 101 is not on Earth: listed, no pin
    assert "languages: []" in text  # Urdu is not ours: reported, not turned into English
    assert "£50" in text
    problems = "\n".join(first.problems)
    assert 'languages: "Urdu" (ur) is not in resource_languages' in problems
    notes = "\n".join(first.notes)
    assert "not a place on Earth — left out (no map pin)" in notes
    assert first.not_kept["contacts.csv"] == ["the whole table (1 row)"]
    assert "alternate_name" in first.not_kept["services.csv"]

    def body(files: dict[str, str]) -> dict[str, list[str]]:  # the comment names the file
        return {
            k: [line for line in v.splitlines() if not line.startswith("#")]
            for k, v in files.items()
        }

    for name, outcome in outcomes.items():
        assert body(outcome.files) == body(first.files), name
    assert any("read as Windows-1252" in n for n in outcomes["cp1252"].notes)


def test_import_refuses_what_it_cannot_read_with_a_message(library, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ImportRefused, match="no services.csv"):
        read_export(empty)
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "services.csv").write_bytes(b"id,name\n1,caf\x81\x8d\n")
    with pytest.raises(ImportRefused, match="nor Windows-1252"):
        read_export(odd)


def test_command_summary_counts_read_imported_and_skipped(tmp_path: Path, capsys) -> None:
    project = copy_content(tmp_path / "project")
    export = tmp_path / "export"
    shutil.copytree(EXAMPLE, export)
    with (export / "services.csv").open("a", encoding="utf-8") as file:
        file.write("8b8e0b8e-0000-4000-8000-000000000001,,,No place,,,,,active" + "," * 14 + "\n")
    assert main(["--root", str(project), "import-hsds", str(export)]) == 1
    out, err = capsys.readouterr()
    assert out.strip().startswith(
        "read 2 services; imported 1 into content/resources/; skipped 1 (1 no location)"
    )
    assert "services.csv:3: no location" in err
    assert (project / "content/resources/community-counselling.yml").is_file()
    assert main(["--root", str(project), "import-hsds", str(export)]) == 1
    out, err = capsys.readouterr()
    assert "community-counselling.yml: exists already — not overwritten" in err
    assert "imported 0" in out


def test_round_trip_keeps_every_field_hsds_and_the_model_share(
    library, tmp_path: Path, capsys
) -> None:
    """Official example -> import -> what the import asked the editor for -> library -> export."""
    project = copy_content(tmp_path / "project")
    assert main(["--root", str(project), "import-hsds", str(EXAMPLE)]) == 1
    _, reported = capsys.readouterr()
    path = project / "content/resources/community-counselling.yml"
    text = path.read_text(encoding="utf-8")
    # the editor does what the import reported: a category, a language the staff speak
    text = text.replace('category: "CHOOSE-A-CATEGORY"', 'category: "mental-health"')
    text = text.replace("languages: []", 'languages: ["en"]')
    path.write_text(text, encoding="utf-8")
    again = load_library(project, LANGUAGES, EXTRA)
    export = tmp_path / "export"
    write_data_package(again, export)
    assert check_folder(export).errors == []
    kept, changed, lost = compare(EXAMPLE, export)
    # lost: values taxonomy.yml has no entry for; the import named each one
    assert sorted(lost) == ["accessibility.csv: description", "required_documents.csv: document"]
    assert 'accessibility: "The building is equipped' in reported
    assert 'documents: "Any official identification' in reported
    # each change is one the import reported (or the editor made), nothing else
    assert sorted(changed) == [
        "languages.csv: code (Urdu is not in taxonomy.yml: the editor wrote English)",
        "languages.csv: name (Urdu is not in taxonomy.yml: the editor wrote English)",
        "services.csv: url (http:// -> https://)",
    ], changed
    assert len(kept) >= 15, kept


def test_official_fixture_is_where_it_says_it_came_from() -> None:
    source = (OFFICIAL / "SOURCE").read_text(encoding="utf-8")
    assert "279fd2eb3552c349bf698c07c00cc25f5fc8249b" in source
    assert "Attribution-ShareAlike 4.0" in (OFFICIAL / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("number", "555-555-0101 x204", ['phone: "555-555-0101"', 'phone_extension: "204"']),
        ("number", "555-0101 ext. 12", ['phone: "555-0101"', 'phone_extension: "12"']),
        ("opens_at", "9:00", ['opens: "09:00"']),
        ("code", "es-MX", ['languages: ["es"]']),
    ],
)
def test_import_understands_how_directories_write_things(
    library, tmp_path: Path, column: str, value: str, expected: list[str]
) -> None:
    export = tmp_path / "export"
    shutil.copytree(EXAMPLE, export)
    file = {"number": "phones.csv", "opens_at": "schedules.csv", "code": "languages.csv"}[column]
    table = rows(export, file)
    table[0][column] = value
    if column == "number":
        table[0]["extension"] = ""
    with (export / file).open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    outcome = import_export(read_export(export), library.taxonomy)
    text = outcome.files["community-counselling"]
    for line in expected:
        assert line in text, text
