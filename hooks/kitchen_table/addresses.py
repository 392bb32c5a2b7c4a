"""The permanent addresses of activity cards and guides: what a QR code, a text message and a
newsletter open. Schools print and send them, so they never change (tests/golden/urls.txt)."""

from __future__ import annotations

from urllib.parse import urljoin

DEFAULT_SITE_URL = "https://example.org/"
"""The site address text messages are measured with when mkdocs.yml gives no site_url."""


def permanent_address(
    site_url: str | None, default_language: str, folder: str, item_id: str, language: str
) -> str:
    """The address of `folder`/`item_id` (activities/spoon-count) in `language`."""
    prefix = "" if language == default_language else f"{language}/"
    return urljoin(site_url or "/", f"{prefix}{folder}/{item_id}/")
