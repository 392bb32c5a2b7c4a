"""import-hsds cannot be turned against the repository: a hostile corpus of HSDS exports, each run
through the command (`kitchen-table import-hsds`) in a scratch project.

Every case must end in a clear message (`file:line: field: problem`, or `file: problem`) or in
files that hold the hostile text only as a value: each written file reads back with only the
keys of a resource, under content/resources/, and nothing else in the project changes. No case
may raise (a traceback). `python tests/test_hsds_hostile.py` prints the counts."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import traceback
import zipfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from kitchen_table import hsds_read  # noqa: E402
from kitchen_table.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# the fields a resource file may have, as its schema (the editors' and pre-commit's) says
KEYS = set(
    json.loads((ROOT / "content/schema/resource.schema.json").read_text("utf-8"))["properties"]
)
SID = "8b8e0b8e-0000-4000-8000-000000000001"
LID = "8b8e0b8e-0000-4000-8000-000000000002"
BASE: dict[str, list[list[str]]] = {
    "organizations.csv": [["id", "name", "description"], ["o1", "Hilltop Pantry", "Food."]],
    "services.csv": [
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
        [
            SID,
            "o1",
            "Hilltop groceries",
            "Food boxes.",
            "https://hilltop.example.org",
            "help@hilltop.example.org",
            "active",
            "",
            "Families",
            "2026-10-01",
        ],
    ],
    "locations.csv": [
        ["id", "location_type", "name", "latitude", "longitude"],
        [LID, "physical", "Hilltop", "44.53", "-72.58"],
    ],
    "addresses.csv": [
        ["id", "location_id", "address_1", "city", "postal_code", "country"],
        ["a1", LID, "2 Hill Rd", "Maple Hollow", "05601", "US"],
    ],
    "service_at_location.csv": [["id", "service_id", "location_id"], ["sl1", SID, LID]],
    "phones.csv": [["id", "service_id", "number", "extension"], ["p1", SID, "555-0199", "12"]],
    "schedules.csv": [
        ["id", "service_id", "freq", "byday", "opens_at", "closes_at"],
        ["s1", SID, "WEEKLY", "MO,WE", "09:00:00", "12:00:00"],
    ],
    "languages.csv": [["id", "service_id", "name", "code"], ["l1", SID, "Spanish", "es"]],
    "taxonomy_terms.csv": [["id", "code", "name", "description"], ["t1", "food", "Food", "F"]],
    "attributes.csv": [
        ["id", "link_id", "taxonomy_term_id", "link_entity", "value"],
        ["at1", SID, "t1", "service", "food"],
    ],
    "cost_options.csv": [["id", "service_id", "amount"], ["c1", SID, "0"]],
}
COLUMNS = {name: rows[0] for name, rows in BASE.items()}


def write_export(folder: Path, tables: dict[str, list[list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(rows)
    return folder


def with_cell(file: str, column: str, value: str, row: int = 1) -> dict[str, list[list[str]]]:
    tables = {name: [list(r) for r in rows] for name, rows in BASE.items()}
    index = tables[file][0].index(column)
    tables[file][row][index] = value
    return tables


@dataclass
class Case:
    name: str
    make: Callable[[Path, Path], Path]
    """(scratch folder, project) -> the export to import"""
    expect: str
    """a text the output must contain (a clear message), or "" when the import may succeed"""
    value: str | None = None
    """a hostile text that, if imported, must be held as one value, unchanged"""


def cell(file: str, column: str, value: str, expect: str = "") -> Callable[[Path, Path], Path]:
    return lambda tmp, project: write_export(tmp / "export", with_cell(file, column, value))


def cells(file: str, values: dict[str, str]) -> Callable[[Path, Path], Path]:
    def make(tmp: Path, project: Path) -> Path:
        tables = {name: [list(r) for r in rows] for name, rows in BASE.items()}
        for column, value in values.items():
            tables[file][1][tables[file][0].index(column)] = value
        return write_export(tmp / "export", tables)

    return make


INJECTIONS = [
    "x\nwebsite: https://evil.example",
    'x"\nphone: "1',
    "x: y",
    "{a: b}",
    "[1, 2]",
    "&anchor x",
    "*alias",
    "!!python/object/apply:os.system ['true']",
    "--- \n...",
    "|\n  block",
    "> folded",
    "# a comment",
    "%YAML 1.1",
    "'single'",
    '"double"',
    "back\\slash \\n \\u0041",
    "text:\n  en:\n    name: evil",
    '=HYPERLINK("https://evil.example")',
    "@SUM(1+1)",
    "<script>alert(1)</script>",
]
CASES: list[Case] = []
for i, text in enumerate(INJECTIONS):
    for file, column in (
        ("services.csv", "name"),
        ("services.csv", "description"),
        ("addresses.csv", "address_1"),
    ):
        if column != "name" and i % 2:  # every injection in names; half in the others
            continue
        CASES.append(Case(f"yaml-{column}-{i}", cell(file, column, text), "", text))

CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "\u202e", "\u2066", "\u2028", "\x0b"]
for i, char in enumerate(CONTROL):
    expect = "NUL" if char == "\x00" else "control character"
    CASES.append(Case(f"control-{i}", cell("services.csv", "name", f"Food{char}bank"), expect))

for label, column, value, expect in (
    ("url-newline", "url", "https://ok.example\nemail: evil@x.example", "url:"),
    ("url-javascript", "url", "javascript:alert(1)", "url:"),
    ("url-data", "url", "data:text/html,<script>alert(1)</script>", "url:"),
    ("url-spaces", "url", "https://a.example/x y", "url:"),
    ("email-newline", "email", "a@b.example\nwebsite: https://evil", "email:"),
    ("email-html", "email", "<a@b.example>", "email:"),
    ("date-missing", "assured_date", "", "assured_date:"),
    ("date-garbage", "assured_date", "yesterday; rm -rf /", "assured_date:"),
    ("id-empty", "id", "", "id: is empty"),
    ("name-empty", "name", "", "name: is empty"),
):
    CASES.append(Case(label, cell("services.csv", column, value), expect))

for label, file, column, value, expect in (
    ("phone-letters", "phones.csv", "number", "call 555-0199 now", "phone:"),
    ("phone-newline", "phones.csv", "number", "555-0199\nwebsite: x", "phone:"),
    ("extension-shell", "phones.csv", "extension", "12; rm -rf", "extension"),
    ("lat-nan", "locations.csv", "latitude", "NaN", "not a place on Earth"),
    ("lat-inf", "locations.csv", "latitude", "inf", "not a place on Earth"),
    ("lat-huge", "locations.csv", "latitude", "1e999", "not a place on Earth"),
    ("lat-text", "locations.csv", "latitude", "north", "no coordinates"),
    ("lat-empty", "locations.csv", "latitude", "", "no coordinates"),
    ("time-bad", "schedules.csv", "opens_at", "9am", "not a weekly"),
    ("time-zone", "schedules.csv", "opens_at", "09:00+05:00", "zone dropped"),
    ("byday-hostile", "schedules.csv", "byday", "MO]\nwebsite: x", "not a weekly"),
    ("postal-inject", "addresses.csv", "postal_code", '05601"\nemail: x', ""),
    ("city-inject", "addresses.csv", "city", "MH\n  street: evil", ""),
    ("org-inject", "organizations.csv", "name", "Org\ncategory: evil", ""),
):
    CASES.append(Case(label, cell(file, column, value), expect))


def _readable_id(value: str) -> Callable[[Path, Path], Path]:
    def make(tmp: Path, project: Path) -> Path:
        tables = with_cell("locations.csv", "name", "Hilltop")
        tables["locations.csv"][0] += ["external_identifier", "external_identifier_type"]
        tables["locations.csv"][1] += [value, "kitchen-table-resource-id"]
        return write_export(tmp / "export", tables)

    return make


for i, value in enumerate(["../../mkdocs", "../../../etc/passwd", "a/b", "UPPER", "x" * 70]):
    CASES.append(Case(f"readable-id-{i}", _readable_id(value), ""))


def _two_services(second_id: str, second_name: str) -> Callable[[Path, Path], Path]:
    def make(tmp: Path, project: Path) -> Path:
        tables = {name: [list(r) for r in rows] for name, rows in BASE.items()}
        row = list(tables["services.csv"][1])
        row[0], row[2] = second_id, second_name
        tables["services.csv"].append(row)
        tables["service_at_location.csv"].append(["sl2", second_id, LID])
        return write_export(tmp / "export", tables)

    return make


def _texts(*rows: list[str]) -> Callable[[Path, Path], Path]:
    """x_kitchen_table_text.csv, the translations table of a Kitchen Table export."""

    def make(tmp: Path, project: Path) -> Path:
        tables = {name: [list(r) for r in rows_] for name, rows_ in BASE.items()}
        tables["x_kitchen_table_text.csv"] = [
            ["service_id", "language", "translation", "translated_from", "name", "description"],
            *rows,
        ]
        return write_export(tmp / "export", tables)

    return make


EN = [SID, "en", "original", "", "Hilltop groceries", "Food boxes."]
CASES += [
    Case(
        "text-language-inject",
        _texts(EN, [SID, "es:\n  evil", "machine", "", "x", "y"]),
        "is not a language code",
    ),
    Case(
        "text-language-twice",
        _texts(EN, [SID, "en", "original", "", "Other", "Again"]),
        "a second en text",
    ),
    Case(
        "text-translation-inject",
        _texts(EN, [SID, "es", "machine\nid: x", "0123456789\n", "Comida", "Cajas."]),
        "",
    ),
    Case(
        "language-unknown",
        cells("languages.csv", {"code": "tlh", "name": "Klingon"}),
        "is not in resource_languages",
    ),
    Case(
        "language-inject",
        cells("languages.csv", {"code": 'es"]\nphone: "1', "name": ""}),
        "is not in resource_languages",
    ),
    Case(
        "category-unknown",
        cells("attributes.csv", {"taxonomy_term_id": "t9", "value": "boats"}),
        "category:",
    ),
    Case("category-unknown-value", cells("attributes.csv", {"value": "x\ncategory: food"}), ""),
    Case("duplicate-id", _two_services(SID, "Another"), "appears twice"),
    Case("names-collapse", _two_services("s-2", "Hilltop  Groceries!"), "not merged"),
    Case("reserved-id", cell("services.csv", "name", "Index"), "reserved"),
    Case("no-slug", cell("services.csv", "name", "食物银行"), ""),
    Case("long-name", cell("services.csv", "name", "Food " * 80), "characters"),
]


def _raw(name: str, data: bytes) -> Callable[[Path, Path], Path]:
    def make(tmp: Path, project: Path) -> Path:
        folder = write_export(tmp / "export", BASE)
        (folder / name).write_bytes(data)
        return folder

    return make


def _services_bytes(text: str, encoding: str, bom: bytes = b"") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(with_cell("services.csv", "name", text)["services.csv"])
    return bom + buffer.getvalue().encode(encoding)


CASES += [
    Case("cp1252", _raw("services.csv", _services_bytes("Café Señor", "cp1252")), "Windows-1252"),
    Case("utf16", _raw("services.csv", _services_bytes("Café", "utf-16")), "UTF-16"),
    Case("utf8-bom", _raw("services.csv", _services_bytes("Café", "utf-8", b"\xef\xbb\xbf")), ""),
    Case("undecodable", _raw("services.csv", b"id,name\n1,\x81\x8d\x8f\x90\n"), "nor Windows-1252"),
    Case("binary", _raw("services.csv", b"\x00\x01\x02PK\x03\x04" * 50), "NUL"),
    Case("empty-services", _raw("services.csv", b""), "no services.csv"),
    Case("header-only", _raw("services.csv", b"id,name\n"), ""),
    Case("duplicate-header", _raw("services.csv", b"id,id,name\n1,2,x\n"), "appears twice"),
    Case("too-many-cells", _raw("services.csv", b"id,name\n1,a,b,c\n"), "cells"),
    Case("unclosed-quote", _raw("services.csv", b'id,name\n1,"open\n'), ""),
    Case("both-names", _raw("service.csv", b"id,name\n"), "a second file"),
]


def _zip(members: list[tuple[str, bytes]], **options: object) -> Callable[[Path, Path], Path]:
    def make(tmp: Path, project: Path) -> Path:
        target = tmp / "export.zip"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
        return target

    return make


def _base_members(prefix: str = "") -> list[tuple[str, bytes]]:
    out = []
    for name, rows in BASE.items():
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        out.append((prefix + name, buffer.getvalue().encode()))
    return out


SMALL_CAP = 1 << 20  # the zip-bomb case lowers the cap, so the test need not unpack 512 MB


def _bomb(tmp: Path, project: Path) -> Path:
    target = tmp / "bomb.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in _base_members():
            archive.writestr(name, data)
        archive.writestr("contacts.csv", b"id\n" + b"0" * (SMALL_CAP + 10))
    return target


def _not_zip(tmp: Path, project: Path) -> Path:
    target = tmp / "export.zip"
    target.write_bytes(b"PK\x03\x04 this is not really a zip")
    return target


def _missing(tmp: Path, project: Path) -> Path:
    return tmp / "nothing-here.zip"


CASES += [
    Case("zip-plain", _zip(_base_members()), ""),
    Case("zip-in-folder", _zip(_base_members("export/")), ""),
    # names are labels only, never paths: nothing is unpacked to disk
    Case("zip-traversal", _zip([(f"../../{n}", d) for n, d in _base_members()]), ""),
    Case(
        "zip-members", _zip(_base_members() + [(f"x{i}.txt", b"") for i in range(300)]), "members"
    ),
    Case("zip-bomb", _bomb, "unpacks to more than"),
    Case("zip-garbage", _not_zip, "neither a folder nor a .zip"),
    Case("missing", _missing, "does not exist"),
]


def _link_out(kind: str) -> Callable[[Path, Path], Path]:
    def make(tmp: Path, project: Path) -> Path:
        outside = tmp / "outside.txt"
        outside.write_text("keep me\n", encoding="utf-8")
        resources = project / "content" / "resources"
        if kind == "file":
            (resources / "hilltop-groceries.yml").symlink_to(outside)
        elif kind == "dangling":
            (resources / "hilltop-groceries.yml").symlink_to(tmp / "nowhere.yml")
        else:
            shutil.rmtree(resources)
            (tmp / "elsewhere").mkdir()
            resources.symlink_to(tmp / "elsewhere")
        return write_export(tmp / "export", BASE)

    return make


CASES += [
    Case("symlink-file", _link_out("file"), "symbolic link"),
    Case("symlink-dangling", _link_out("dangling"), "symbolic link"),
    Case("symlink-folder", _link_out("folder"), "not a folder of this repository"),
]

CLEAR = re.compile(r"^[^\s:]+(:\d+)?: .+", re.M)


def project_for(tmp: Path) -> Path:
    project = tmp / "project"
    (project / "content" / "schema").mkdir(parents=True)
    shutil.copy2(ROOT / "content" / "taxonomy.yml", project / "content" / "taxonomy.yml")
    shutil.copy2(
        ROOT / "content" / "schema" / "taxonomy.schema.json",
        project / "content" / "schema" / "taxonomy.schema.json",
    )
    (project / "content" / "resources").mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return project


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in project.rglob("*")
        if p.is_file() and not p.is_symlink() and "content/resources/" not in p.as_posix()
    }


def run_case(case: Case, tmp: Path) -> tuple[str, str]:
    """("clear" | "imported" | "traceback" | "unsafe", what happened)"""
    tmp.mkdir(parents=True)
    project = project_for(tmp)
    source = case.make(tmp, project)
    before = snapshot(project)
    out, err = io.StringIO(), io.StringIO()
    cap = hsds_read.MAX_MEMBER_BYTES
    if case.name == "zip-bomb":
        hsds_read.MAX_MEMBER_BYTES = SMALL_CAP
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--root", str(project), "import-hsds", str(source)])
    except BaseException:  # noqa: BLE001 - counting tracebacks is the point
        return "traceback", traceback.format_exc()
    finally:
        hsds_read.MAX_MEMBER_BYTES = cap
    text = out.getvalue() + err.getvalue()
    if snapshot(project) != before:
        return "unsafe", f"a file outside content/resources changed\n{text}"
    for outside in tmp.glob("outside.txt"):
        if outside.read_text(encoding="utf-8") != "keep me\n":
            return "unsafe", "a symbolic link was followed"
    resources = project / "content" / "resources"
    written = [] if resources.is_symlink() else sorted(resources.glob("*.yml"))
    if resources.is_symlink() and any((tmp / "elsewhere").iterdir()):
        return "unsafe", "written through a linked folder"
    for file in written:
        if file.is_symlink():
            continue
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or set(data) - KEYS:
            return "unsafe", f"{file.name} has keys {sorted(data)}"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", data["id"]) or len(data["id"]) > 60:
            return "unsafe", f"id {data['id']!r}"
        if case.value is not None:
            values = [
                data["text"]["en"]["name"],
                data["text"]["en"]["description"],
                data["address"]["street"],
            ]
            if case.value.strip() not in values:
                return "unsafe", f"{case.value!r} not held as one value: {values}"
    if case.expect:
        if case.expect not in text or not CLEAR.search(text):
            return "unsafe", f"expected {case.expect!r} in\n{text}"
        refused = ("not imported", "imported nothing", "not written", "not read", "left out —")
        if code == 0 and any(word in text for word in refused):
            return "unsafe", f"exit 0 although something was refused\n{text}"
        return "clear", text
    return ("imported" if written else "clear"), text


def run_corpus(tmp: Path) -> dict[str, list[str]]:
    outcome: dict[str, list[str]] = {}
    for index, case in enumerate(CASES):
        kind, detail = run_case(case, tmp / f"{index:03d}-{case.name}")
        outcome.setdefault(kind, []).append(f"{case.name}: {detail[-600:]}")
    return outcome


def test_hostile_imports_end_in_a_clear_message_or_a_safe_file(tmp_path: Path) -> None:
    assert len(CASES) >= 60
    outcome = run_corpus(tmp_path)
    assert outcome.get("traceback", []) == []
    assert outcome.get("unsafe", []) == []
    expected_clear = sum(1 for case in CASES if case.expect)
    assert len(outcome.get("clear", [])) >= expected_clear


if __name__ == "__main__":  # counts for the report
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        result = run_corpus(Path(scratch))
    counts = {kind: len(items) for kind, items in result.items()}
    sys.stdout.write(f"cases {len(CASES)}: {counts}\n")
    for kind in ("traceback", "unsafe"):
        for item in result.get(kind, []):
            sys.stdout.write(f"{kind}: {item}\n")
    os._exit(0)
