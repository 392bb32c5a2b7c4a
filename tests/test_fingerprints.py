"""Fingerprints (`translated_from:`) read as the same text in every YAML reader, and every content
file passes check-jsonschema, the YAML 1.2 tool pre-commit and editors use."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ROOT
from kitchen_table.schemas import validate
from kitchen_table.source import read_text

SCHEMAS = {
    "content/activities/*.yml": "activity",
    "content/guides/*.yml": "guide",
    "content/resources/*.yml": "resource",
    "content/strings/*.yml": "strings",
    "content/glossary.yml": "glossary",
    "content/school.yml": "school",
    "content/taxonomy.yml": "taxonomy",
    "content/weeks.yml": "weeks",
    "content/weeks-plan.yml": "weeks",
    "content/calendar-versions.yml": "calendar-versions",
}


@pytest.mark.slow  # runs check-jsonschema over every content file
def test_every_content_file_passes_check_jsonschema() -> None:
    checked = 0
    for pattern, schema in SCHEMAS.items():
        files = sorted(ROOT.glob(pattern))
        assert files, pattern
        result = subprocess.run(
            [
                str(BIN / "check-jsonschema"),
                "--output-format",
                "json",
                "--schemafile",
                str(ROOT / f"content/schema/{schema}.schema.json"),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        report = json.loads(result.stdout)
        assert result.returncode == 0, report.get("errors")
        assert report["status"] == "ok"
        checked += len(files)
    assert checked == len(list((ROOT / "content").rglob("*.yml"))) - len(
        list((ROOT / "content/templates").glob("*.yml"))
    )


def test_every_fingerprint_is_written_in_quotes() -> None:
    for file in sorted((ROOT / "content").rglob("*.yml")):
        for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
            if line.strip().startswith("translated_from:"):
                value = line.split(":", 1)[1].strip()
                assert value.startswith('"') and value.endswith('"'), f"{file}:{number}"


def test_a_fingerprint_yaml_12_reads_as_a_number_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "content/resources/hollow-family-health-center.yml").read_text("utf-8")
    unquoted = text.replace('translated_from: "1717889e20"', "translated_from: 1717889e20", 1)
    assert unquoted != text
    doc = read_text(unquoted, "content/resources/hollow-family-health-center.yml")
    assert doc.errors == []  # read as text; refused with the schema's errors, beside any other
    validate(doc, ROOT / "content/schema/resource.schema.json")
    assert [str(error) for error in doc.errors] == [
        f"content/resources/hollow-family-health-center.yml:{_line(unquoted, '1717889e20')}: "
        "text.es.translated_from: 1717889e20 is text here but a number to YAML 1.2 tools "
        '(editors, check-jsonschema) — put it in quotes: "1717889e20"'
    ]
    schema = ROOT / "content/schema/resource.schema.json"
    target = tmp_path / "resource.yml"
    target.write_text(unquoted, "utf-8")
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--schemafile", str(schema), str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "is not of type 'string'" in result.stdout


def _line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)
