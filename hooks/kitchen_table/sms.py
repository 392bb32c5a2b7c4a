"""Text messages (SMS) schools send to families: how many segments a text costs, the check of a
written `sms:` (in a card's or a guide's language block), and the text of each card's or guide's
message (the written `sms:`, or one made from its title, then its permanent link).

A phone network sends a text in the GSM-7 alphabet when every character is in it (160 characters
in one segment, 153 in each part of a longer one; the characters of the GSM 03.38 extension table
`^{}\\[~]|€` and form feed take two places). Any other character (Arabic, Chinese, most
Vietnamese letters, emoji) switches the whole text to UCS-2: 70 UTF-16 code units in one
segment, 67 in each part, and an emoji is two units. A part never splits an escape pair or a
surrogate pair. Schools pay per segment, so a card's or a guide's text may take at most two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .strings import fill as fill_placeholders

if TYPE_CHECKING:
    from .source import Document

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The GSM 03.38 default alphabet (without the escape character itself)."""
GSM7_EXTENSION = frozenset("\f^{}\\[]~|€")
"""Sent as escape + character: each takes two of the 160 places."""
MAX_SEGMENTS = 2
"""What a card's or a guide's text may cost: one segment is best, two is the limit."""

_LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


@dataclass(frozen=True)
class SmsCount:
    encoding: str
    """GSM-7 or UCS-2."""
    units: int
    """Septets (GSM-7, escape characters counted twice) or UTF-16 code units (UCS-2)."""
    segments: int
    first_foreign: str | None = None
    """The first character outside GSM-7 (why a text is UCS-2), if any."""

    @property
    def single_limit(self) -> int:
        return _LIMITS[self.encoding][0]


def _units(character: str, encoding: str) -> int:
    if encoding == "GSM-7":
        return 2 if character in GSM7_EXTENSION else 1
    return 2 if ord(character) > 0xFFFF else 1


def count(text: str) -> SmsCount:
    """How a phone network sends `text`: encoding, units and segments (an empty text is one)."""
    foreign = next((c for c in text if c not in GSM7_BASIC and c not in GSM7_EXTENSION), None)
    encoding = "UCS-2" if foreign else "GSM-7"
    single, part = _LIMITS[encoding]
    sizes = [_units(character, encoding) for character in text]
    units = sum(sizes)
    if units <= single:
        return SmsCount(encoding, units, 1, foreign)
    segments, used = 1, 0
    for size in sizes:  # a part holds whole characters: no half escape or surrogate pair
        if used + size > part:
            segments += 1
            used = 0
        used += size
    return SmsCount(encoding, units, segments, foreign)


def message(text: str, link: str) -> str:
    """The text as sent: the words, a space, the link."""
    return f"{text.strip()} {link}"


def too_long(text: str, link: str) -> str | None:
    """Why `text` with `link` is too long for a text message (with how to fix it), or None."""
    counted = count(message(text, link))
    if counted.segments <= MAX_SEGMENTS:
        return None
    single, part = _LIMITS[counted.encoding]
    room = part * MAX_SEGMENTS - (counted.units - _units_of(text.strip(), counted.encoding))
    # room: what is left for the words once the space and the link are counted
    why = (
        f" (the character {counted.first_foreign!r} makes it a Unicode text: {single} per segment)"
        if counted.first_foreign
        else ""
    )
    return (
        f"with the link it takes {counted.segments} SMS segments, over the limit of "
        f"{MAX_SEGMENTS}{why} — shorten it to at most {max(room, 0)} "
        f"characters{' (an emoji counts as two)' if counted.encoding == 'UCS-2' else ''} "
        "so it fits with the link"
    )


def _units_of(text: str, encoding: str) -> int:
    return sum(_units(character, encoding) for character in text)


def check_written(
    doc: Document,
    languages: tuple[str, ...],
    link_for: Callable[[str], str],
    fill: Callable[[str], str] = str,
) -> None:
    """Every written `text.<language>.sms` of a card or guide fits in MAX_SEGMENTS segments with
    its link (`link_for(language)`), measured as sent: `fill` puts in what placeholders stand for.
    Each one too long is an error of `doc` (languages not on the site have their own error)."""
    texts = doc.data.get("text") if isinstance(doc.data, dict) else None
    if not isinstance(texts, dict):
        return
    for language, text in texts.items():
        written = text.get("sms") if isinstance(text, dict) else None
        if not isinstance(written, str) or language not in languages:
            continue
        sent = fill(written)
        if problem := too_long(sent, link_for(language)):
            filled = ", counted with its {placeholders} filled in" if sent != written else ""
            doc.error(("text", language, "sms"), problem + filled)


def text_for(written: str | None, title: str, template: str, link: str) -> str:
    """A card's or guide's message: the written `sms:` text, else `template` ("Try this:
    {title}") filled with the title, else the bare title if that is too long; then the link."""
    if written:
        return message(written, link)
    made = message(fill_placeholders(template, title=title), link)
    if count(made).segments <= MAX_SEGMENTS:
        return made
    return message(title, link)
