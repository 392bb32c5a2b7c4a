"""The files a school downloads beside each language's pages, written after its build: each
card's and guide's QR code (activities/<id>/qr.svg and qr.png, guides/<id>/...), the grade and
skill pages' QR codes, and every text message in one CSV for bulk-messaging tools
(newsletter/sms.csv)."""

from __future__ import annotations

import csv
import io
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import segno
from content_library import format_date, kept_by_preview, qr_cache, qr_code
from kitchen_table import sms
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.text import spreadsheet_cell

from kitchen_site.booklets import band_label, page_address
from kitchen_site.for_schools import static_pages
from kitchen_site.send import CSV_HEADER, CSV_PATH, Sendable, address, kind_of, text_message

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

QR_SCALE_PNG = 10
"""Pixels per QR module in the PNG: sharp when printed a few centimetres wide."""
PNG_COMPRESSION = 1
"""zlib's fastest level: a card's PNG is 1.2 KB instead of 0.7 KB at level 9, and is written in
half the time (3 ms instead of 6, for each card and guide in each language)."""


def write_share_files(library: Library, language: str, config: MkDocsConfig, root: Path) -> int:
    """Write `language`'s QR code files and sms.csv below `root` (its folder of the site); the
    number of rows in sms.csv."""
    rows = []
    kept = kept_by_preview(config)
    items: list[Sendable] = [*library.activities, *library.guides]
    for item in items:
        link = address(config, item, language)
        text = item.text_in(language)
        folder = root / kind_of(item).folder / item.id
        if f"{kind_of(item).folder}/{item.id}" not in kept or not (
            (folder / "qr.svg").is_file() and (folder / "qr.png").is_file()
        ):
            folder.mkdir(parents=True, exist_ok=True)
            code = qr_code(link, qr_cache(config))
            code.save(str(folder / "qr.svg"), kind="svg", scale=4, border=4, title=text.title)
            (folder / "qr.png").write_bytes(
                qr_png(code, scale=QR_SCALE_PNG, border=4, compresslevel=PNG_COMPRESSION)
            )
        message = text_message(library, item, language, config)
        counted = sms.count(message)
        rows.append(
            (
                kind_of(item).name,
                item.id,
                text.language,
                spreadsheet_cell(text.title),
                spreadsheet_cell(message),
                counted.encoding,
                counted.segments,
                link,
            )
        )
    rows += week_rows(library, language, config)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    target = root / CSV_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out.getvalue(), encoding="utf-8", newline="")
    for _kind, path in static_pages(library):
        code = qr_code(page_address(config, library, language, path), qr_cache(config))
        (root / path).mkdir(parents=True, exist_ok=True)
        code.save(str(root / path / "qr.svg"), kind="svg", scale=4, border=4)
    return len(rows)


def qr_png(code: segno.QRCode, scale: int, border: int, compresslevel: int) -> bytes:
    """The PNG segno writes for `code` (`code.save(out, kind="png", scale=..., border=...,
    compresslevel=...)`, black on white), byte for byte, in a fifteenth of its time: segno packs
    every pixel through a Python lambda (about 4 ms a code at scale 10, 0.3 ms here). The same
    image: 1 bit of grey per pixel (0 dark, 1 light), each row of modules one
    scanline (filter None) followed by scale - 1 scanlines that repeat it (filter Up: zeros),
    the quiet zone's rows unfiltered, and the whole compressed in one IDAT chunk."""
    matrix = code.matrix
    size = (len(matrix[0]) + 2 * border) * scale
    row_bytes = -(-size // 8)
    padding = "0" * (row_bytes * 8 - size)
    margin = "1" * (border * scale)
    light = b"\0" + int("1" * size + padding, 2).to_bytes(row_bytes, "big")
    repeat_above = (b"\2" + bytes(row_bytes)) * (scale - 1)
    data = bytearray(light * (border * scale))
    for row in matrix:
        bits = margin + "".join(("0" if module else "1") * scale for module in row) + margin
        data += b"\0" + int(bits + padding, 2).to_bytes(row_bytes, "big") + repeat_above
    data += light * (border * scale)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">2I5B", size, size, 1, 0, 0, 0, 0)),
            chunk(b"IDAT", zlib.compress(bytes(data), compresslevel)),
            chunk(b"IEND", b""),
        )
    )


def week_rows(library: Library, language: str, config: MkDocsConfig) -> list[tuple[Any, ...]]:
    """sms.csv's rows for the weekly packs: one text per week and band, with the week's link
    (kind "week", id "<monday>/<band>"), as the plan has them."""
    words = library.strings[language]
    rows = []
    for week in library.weeks:
        link = page_address(config, library, language, f"weeks/{week.slug}/")
        for band in week.packs:
            label = band_label(library, band, language)
            message = sms.text_for(None, label, words["sms_lead_week"], link)
            counted = sms.count(message)
            title = fill(words["week_title"], date=format_date(words, week.start))
            rows.append(
                (
                    "week",
                    f"{week.slug}/{band}",
                    language,
                    f"{title} · {label}",
                    message,
                    counted.encoding,
                    counted.segments,
                    link,
                )
            )
    return rows
