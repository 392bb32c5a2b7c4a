"""QR codes made with the mask cache (hooks/content_library.py) are the codes segno chooses:
the same modules, the same SVG and PNG a family scans, read back by zxing-cpp."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ROOT
from content_library import qr_code
from kitchen_table.activities import card_address
from kitchen_table.cli import site_languages
from PIL import Image

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
CARDS = sorted(path.stem for path in (ROOT / "content" / "activities").glob("*.yml"))[:4]
ADDRESSES = [
    card_address("https://example.org/kitchen-table/", LANGUAGES[0], card, language)
    for card in CARDS
    for language in LANGUAGES
]


def _scanned(code) -> list[str]:
    import zxingcpp

    png = io.BytesIO()
    code.save(png, kind="png", scale=4, border=4)
    png.seek(0)
    return [found.text for found in zxingcpp.read_barcodes(Image.open(png))]


def test_a_cached_code_is_the_code_segno_chooses_and_scans(tmp_path: Path) -> None:
    cache = tmp_path / "qr-masks"
    chosen = [qr_code.__wrapped__(address) for address in ADDRESSES]
    first = [qr_code.__wrapped__(address, cache) for address in ADDRESSES]  # fills the cache
    assert len(list(cache.iterdir())) == len(set(ADDRESSES))
    again = [qr_code.__wrapped__(address, cache) for address in ADDRESSES]  # reads it
    for address, plain, filled, read in zip(ADDRESSES, chosen, first, again, strict=True):
        assert plain.matrix == filled.matrix == read.matrix, address
        assert (plain.mask, plain.version, plain.error) == (read.mask, read.version, read.error)
        svg = io.BytesIO()
        read.save(svg, kind="svg", scale=4, border=4, title="Scan")
        expected = io.BytesIO()
        plain.save(expected, kind="svg", scale=4, border=4, title="Scan")
        assert svg.getvalue() == expected.getvalue(), address
    for address, code in zip(
        ADDRESSES[:: len(LANGUAGES) + 1], again[:: len(LANGUAGES) + 1], strict=True
    ):
        assert _scanned(code) == [address]


@pytest.mark.parametrize("damage", ["", "9", "not a mask"])
def test_a_damaged_cache_entry_is_chosen_again(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "qr-masks"
    address = ADDRESSES[-1]
    qr_code.__wrapped__(address, cache)
    (entry,) = cache.iterdir()
    entry.write_text(damage, encoding="ascii")
    code = qr_code.__wrapped__(address, cache)
    assert code.matrix == qr_code.__wrapped__(address).matrix
    assert entry.read_text(encoding="ascii") == str(code.mask)
    assert _scanned(code) == [address]


def test_a_read_only_cache_still_gives_the_code(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="ascii")  # the cache folder cannot be made below a file
    code = qr_code.__wrapped__(ADDRESSES[0], blocked / "qr-masks")
    assert _scanned(code) == [ADDRESSES[0]]


def test_the_quick_png_is_the_png_segno_writes() -> None:
    """Each card's and guide's qr.png (kitchen_site.share_files.qr_png) is segno's own PNG,
    byte for byte, at the build's size and at others; and it scans."""
    import segno
    from kitchen_site.share_files import PNG_COMPRESSION, QR_SCALE_PNG, qr_png

    codes = [qr_code.__wrapped__(address) for address in ADDRESSES[:: len(LANGUAGES) - 1]]
    codes += [segno.make("x" * length, error="m", micro=False) for length in (1, 40, 300)]
    for code in codes:
        for scale, border, level in ((QR_SCALE_PNG, 4, PNG_COMPRESSION), (1, 0, 9), (3, 2, 6)):
            expected = io.BytesIO()
            code.save(expected, kind="png", scale=scale, border=border, compresslevel=level)
            assert qr_png(code, scale, border, level) == expected.getvalue()
    import zxingcpp

    png = qr_png(codes[0], QR_SCALE_PNG, 4, PNG_COMPRESSION)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [barcode.text for barcode in found] == [ADDRESSES[0]]


def test_the_quick_mask_choice_is_segnos() -> None:
    """content_library makes each code with segno, its mask chosen with quicker functions of
    the same result (apply_mask, mask_penalty): the same score for every masked matrix, the
    same mask and modules for every address, and segno's own functions back in place."""
    import random
    import string

    import segno
    import segno.encoder
    from content_library import _segno_code, mask_penalty

    own = segno.encoder.apply_mask, segno.encoder.evaluate_mask
    pick = random.Random(22)
    addresses = [*ADDRESSES]
    addresses += [
        f"https://example.org/kitchen-table/{language}/activities/"
        + "".join(pick.choices(string.ascii_lowercase + "-", k=pick.randint(3, 80)))
        + "/"
        for language in LANGUAGES
        for _ in range(25)
    ]
    addresses += [
        "".join(pick.choices(string.printable, k=pick.randint(1, 500))) for _ in range(40)
    ]
    for address in addresses:
        expected = segno.make(address, error="m")
        made = _segno_code(address)
        assert (made.matrix, made.mask, made.version) == (
            expected.matrix,
            expected.mask,
            expected.version,
        ), address
        if not expected.is_micro:
            for mask in range(8):
                matrix = segno.make(address, error="m", mask=mask).matrix
                copy = tuple(bytearray(row) for row in matrix)
                size = len(copy)
                assert mask_penalty(copy, size, size) == own[1](copy, size, size), address
    assert (segno.encoder.apply_mask, segno.encoder.evaluate_mask) == own
