"""An Open Referral HSDS 3 export read safely, for `kitchen-table import-hsds FILE` (mapping it to
resource files is hsds_import.py). A school brings a folder or a .zip from a 211 or a
directory; it may be large, oddly encoded or hostile, and an editor gets every problem as
`file:row: field: problem`, never a traceback.

- the official file names (services.csv, locations.csv, ...) and singular ones (service.csv),
  in any letter case, at the top of the folder or zip or in one folder inside it;
- a zip is checked before anything is read: at most MAX_MEMBERS members, each at most
  MAX_MEMBER_BYTES unpacked, MAX_TOTAL_BYTES in all (and a member is read no further than that);
- UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, or else Windows-1252
  (what Excel writes on Windows) when the bytes fit it, which the summary says; anything else is
  refused with a message;
- a cell holding NUL or another control character, or a bidi override, is refused (the row is
  not used, and the message names file, row and field).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .hsds import TEXT_TABLE, readable
from .hsds_tables import TABLES

MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
TABLE_NAMES = {
    **{name: name for name in TABLES},
    **{Path(path).stem: name for name, (path, _, _) in TABLES.items()},
    TEXT_TABLE: TEXT_TABLE,
}


class ImportRefused(Exception):
    """The export cannot be read at all (its message says why and what to do)."""


@dataclass
class Table:
    name: str
    file: str
    rows: list[tuple[int, dict[str, str]]]
    """(line in the file, row)"""


@dataclass
class Export:
    tables: dict[str, Table] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def rows(self, table: str) -> list[tuple[int, dict[str, str]]]:
        return self.tables[table].rows if table in self.tables else []

    def file(self, table: str) -> str:
        return self.tables[table].file if table in self.tables else TABLES[table][0]


def decode(data: bytes, name: str, notes: list[str]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportRefused(
                f"{name}: starts as UTF-16 but is not ({error.reason}) — save it again as CSV UTF-8"
            ) from None
        notes.append(f"{name}: read as UTF-16")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        position = error.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportRefused(
            f"{name}: is not UTF-8 (byte {position}) nor Windows-1252, and its encoding cannot "
            'be told — save it as "CSV UTF-8" and import again'
        ) from None
    notes.append(
        f"{name}: not UTF-8 — read as Windows-1252 (as Excel saves on Windows); "
        "check accented letters in the imported files"
    )
    return text


def _parse(text: str, name: str, table: str, export: Export) -> None:
    if "\x00" in text:
        raise ImportRefused(
            f"{name}: contains NUL characters — it is not a text CSV file; "
            "export it again as CSV UTF-8"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            export.notes.append(f"{name}: empty — nothing read from it")
            return
        header = [h.strip().lower() for h in header]
        if len(set(header)) != len(header):
            raise ImportRefused(f"{name}:1: a column name appears twice — keep one of each")
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            line = reader.line_num
            if len(values) > len(header):
                export.refused.append(
                    f"{name}:{line}: has {len(values)} cells but the header "
                    f"names {len(header)} — row not read"
                )
                continue
            row = dict(zip(header, values, strict=False))
            bad = next((k for k, v in row.items() if FORBIDDEN.search(v)), None)
            if bad is not None:
                char = FORBIDDEN.search(row[bad]).group()  # type: ignore[union-attr]
                export.refused.append(
                    f"{name}:{line}: {bad}: contains the control character U+{ord(char):04X} "
                    f"({unicodedata.name(char, 'control')}) — remove it; row not read"
                )
                continue
            rows.append((line, {k: readable(v.strip()) for k, v in row.items()}))
    except csv.Error as error:
        raise ImportRefused(f"{name}:{reader.line_num}: not readable as CSV ({error})") from None
    if table in export.tables:
        raise ImportRefused(
            f"{name}: a second file for the {table} table (the first is "
            f"{export.tables[table].file}) — keep one"
        )
    export.tables[table] = Table(table, name, rows)


def _table_of(member: str) -> str | None:
    stem = member.rsplit(".", 1)[0].lower()
    return TABLE_NAMES.get(stem)


def read_export(source: Path) -> Export:
    """The tables of a folder or .zip of HSDS CSV files; ImportRefused if it cannot be read."""
    export = Export()
    csv.field_size_limit(MAX_MEMBER_BYTES)
    if source.is_dir():
        folder = source
        candidates = [p for p in sorted(source.iterdir()) if p.suffix.lower() == ".csv"]
        if not candidates:
            inner = [p for p in sorted(source.iterdir()) if p.is_dir()]
            if len(inner) == 1:
                folder = inner[0]
                candidates = [p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"]
        for path in candidates:
            table = _table_of(path.name)
            if table is None:
                export.notes.append(f"{path.name}: not an HSDS table — not read")
                continue
            if not path.is_file():
                export.refused.append(f"{path.name}: not a regular file — not read")
                continue
            if path.stat().st_size > MAX_MEMBER_BYTES:
                raise ImportRefused(
                    f"{path.name}: larger than {MAX_MEMBER_BYTES >> 20} MB — split the export"
                )
            try:
                data = path.read_bytes()
            except OSError as error:
                raise ImportRefused(
                    f"{path.name}: cannot be read ({error.strerror}) — check it is a file "
                    "you may open"
                ) from None
            _parse(decode(data, path.name, export.notes), path.name, table, export)
    elif source.is_file() and zipfile.is_zipfile(source):
        _read_zip(source, export)
    elif source.is_file():
        raise ImportRefused(
            f"{source}: neither a folder nor a .zip file — give the folder of "
            "CSV files, or the .zip the directory sent"
        )
    else:
        raise ImportRefused(f"{source}: does not exist — give a folder or .zip of HSDS CSV files")
    if "service" not in export.tables:
        names = ", ".join(sorted(t.file for t in export.tables.values())) or "no HSDS table"
        raise ImportRefused(
            f"{source}: no services.csv (or service.csv) — found {names}; an HSDS export "
            "has services.csv, locations.csv, addresses.csv, ..."
        )
    return export


def _declared_members(source: Path) -> int | None:
    """The member count the zip's end record declares, read before the zip is opened (so a
    directory of millions of entries is refused before Python lists them); None if absent."""
    size = source.stat().st_size
    with source.open("rb") as stream:
        stream.seek(max(0, size - 65557))  # the end record and its longest comment
        tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    total = int.from_bytes(tail[at + 10 : at + 12], "little")
    return MAX_MEMBERS + 1 if total == 0xFFFF else total  # 0xFFFF: a ZIP64 count, too many


def _read_zip(source: Path, export: Export) -> None:
    if source.stat().st_size > MAX_TOTAL_BYTES:
        raise ImportRefused(
            f"{source.name}: larger than {MAX_TOTAL_BYTES >> 20} MB — split the export"
        )
    declared = _declared_members(source)
    if declared is not None and declared > MAX_MEMBERS:
        raise ImportRefused(
            f"{source.name}: {declared} members, more than {MAX_MEMBERS} — not an HSDS export"
        )
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportRefused(
                    f"{source.name}: {len(members)} members, more than "
                    f"{MAX_MEMBERS} — not an HSDS export"
                )
            files = [m for m in members if not m.is_dir()]
            if sum(m.file_size for m in files) > MAX_TOTAL_BYTES:
                raise ImportRefused(
                    f"{source.name}: unpacks to more than "
                    f"{MAX_TOTAL_BYTES >> 20} MB — split the export"
                )
            folders = {
                m.filename.rsplit("/", 1)[0] if "/" in m.filename else ""
                for m in files
                if m.filename.lower().endswith(".csv")
            }
            top = "" if "" in folders or len(folders) != 1 else folders.pop()
            for member in files:
                where, _, base = member.filename.rpartition("/")
                if not member.filename.lower().endswith(".csv"):
                    continue
                if where != top:
                    export.notes.append(f"{member.filename}: in another folder — not read")
                    continue
                table = _table_of(base)
                if table is None:
                    export.notes.append(f"{base}: not an HSDS table — not read")
                    continue
                if member.file_size > MAX_MEMBER_BYTES:
                    raise ImportRefused(
                        f"{base}: unpacks to more than "
                        f"{MAX_MEMBER_BYTES >> 20} MB — split the export"
                    )
                with archive.open(member) as stream:
                    data = stream.read(MAX_MEMBER_BYTES + 1)
                if len(data) > MAX_MEMBER_BYTES:
                    raise ImportRefused(
                        f"{base}: unpacks to more than its stated size — "
                        "a damaged or hostile zip; not read"
                    )
                _parse(decode(data, base, export.notes), base, table, export)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        RuntimeError,  # an encrypted member
        ValueError,
    ) as error:
        raise ImportRefused(
            f"{source.name}: cannot be unpacked ({error}) — send the export again as a plain .zip"
        ) from None
