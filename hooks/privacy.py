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
_HEAD_START = re.compile(r"<head>\s*(<meta charset=\"[^\"]*\">)?")


def policy(extra_scripts: list[str] | None = None, headers: bool = False) -> str:
    rules = {**POLICY, **(HEADERS_ONLY if headers else {})}
    if extra_scripts:
        rules = {**rules, "script-src": [*rules["script-src"], *extra_scripts]}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in rules.items())


def _script_hashes(html: str) -> list[str]:
    return [f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in _INLINE_SCRIPT.findall(html)]


def _with_policy(output: str) -> str:
    hashes = _script_hashes(output)
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
            f'<meta name="referrer" content="{REFERRER_POLICY}">')
    # first in <head> (after the charset), so it covers everything after it
    return _HEAD_START.sub(lambda head: f"{head.group(0)}{meta}", output, count=1)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output) if template_name.endswith(".html") else output


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    # A header policy applies on top of the <meta> one, so it must allow Material's inline
    # scripts too: they differ only by the page's depth, a handful of hashes for the whole site.
    if not every_language_built(config):
        return
    site = Path(config.site_dir)
    hashes = sorted({digest for page in site.rglob("*.html")
                     for digest in _script_hashes(page.read_text(encoding="utf-8"))})
    headers = (f"/*\n  Content-Security-Policy: {policy(hashes, headers=True)}\n"
               f"  Referrer-Policy: {REFERRER_POLICY}\n  X-Content-Type-Options: nosniff\n")
    (site / "_headers").write_text(headers, encoding="utf-8")
