"""Families' privacy: a page may load only what the site itself serves.

Owns no content. Events:
- on_post_page, on_post_template: put a Content-Security-Policy <meta> first in every page's
  <head>, allowing only the site itself plus the hash of each inline script Material writes, so
  even text that slipped past validation could not run or call out;
- on_post_build: write `_headers` (read by Netlify, Cloudflare Pages and similar hosts) with the
  same policy as real HTTP headers, plus Referrer-Policy: same-origin. (For another server, copy
  its lines into that server's configuration.)
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from content_library import every_language_built
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADERS_ONLY = {"frame-ancestors": ["'self'"]}  # ignored in a <meta> policy
REFERRER_POLICY = "same-origin"

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/)[^>]*>(.*?)"
                            r"</script>", re.S)
_ORIGIN = re.compile(r"https://(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?")
_META_IMAGES = re.compile(r'http-equiv="Content-Security-Policy" content="[^"]*img-src ([^;"]*)')
_HEAD_START = re.compile(r"<head>\s*(<meta charset=\"[^\"]*\">)?")


def policy(extra_scripts: list[str] | None = None, headers: bool = False,
           extra_images: list[str] | None = None) -> str:
    rules = {**POLICY, **(HEADERS_ONLY if headers else {})}
    if extra_scripts:
        rules = {**rules, "script-src": [*rules["script-src"], *extra_scripts]}
    if extra_images:
        rules = {**rules, "img-src": [*rules["img-src"], *extra_images]}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in rules.items())


def _script_hashes(html: str) -> list[str]:
    return [f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in _INLINE_SCRIPT.findall(html)]


def _with_policy(output: str, images: list[str] | None = None) -> str:
    hashes = _script_hashes(output)
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, False, images)}">'
            f'<meta name="referrer" content="{REFERRER_POLICY}">')
    # first in <head> (after the charset), so it covers everything after it
    return _HEAD_START.sub(lambda head: f"{head.group(0)}{meta}", output, count=1)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    # a page may name image origins it needs (the resources map's tile server): only that page
    images = [origin for origin in page.meta.get("allow_images_from") or []
              if _ORIGIN.fullmatch(str(origin))]
    return _with_policy(output, images)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output) if template_name.endswith(".html") else output


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    # A header policy applies on top of the <meta> one, so it must allow Material's inline
    # scripts too: they differ only by the page's depth, a handful of hashes for the whole site.
    if not every_language_built(config):
        return
    site = Path(config.site_dir)
    # The header policy is one for the whole site and is enforced on top of each page's <meta>:
    # it allows the image origins any page's <meta> allows (the map's tiles), while every other
    # page's own <meta> still allows only 'self'.
    hashes: set[str] = set()
    images: set[str] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        hashes.update(_script_hashes(html))
        for found in _META_IMAGES.findall(html):
            images.update(s for s in found.split() if _ORIGIN.fullmatch(s))
    header_policy = policy(sorted(hashes), headers=True, extra_images=sorted(images))
    headers = (f"/*\n  Content-Security-Policy: {header_policy}\n"
               f"  Referrer-Policy: {REFERRER_POLICY}\n  X-Content-Type-Options: nosniff\n")
    (site / "_headers").write_text(headers, encoding="utf-8")
