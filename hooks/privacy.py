"""Families' privacy: a page loads only what the site serves and runs only reviewed scripts.

Owns no content. Events:
- on_config: compute the hashes of the reviewed inline scripts (Material's REVIEWED_SCRIPTS and our
  own REVIEWED_OWN_SCRIPTS below) for
  every address depth a page can have: the only inline scripts any policy ever allows;
- on_post_page, on_post_template: put a Content-Security-Policy <meta> first in every page's
  <head>, allowing only the site itself plus the reviewed scripts that page contains. An inline
  script that is not reviewed (an injection, or one written into a hand-written docs/*.md page)
  is left out of the policy, so browsers refuse to run it, and the build warns with the file;
- on_post_build: write `_headers` (read by Netlify, Cloudflare Pages and similar hosts) with the
  same policy as real HTTP headers, plus Referrer-Policy: same-origin. (For another server, copy
  its lines into that server's configuration.) Its hashes come from the reviewed list and
  mkdocs.yml only, never from the built pages, so no content can change them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from content_library import every_language_built, site_languages
from i18n_adapter import once_per_build
from kitchen_table.addresses import site_root
from mkdocs.plugins import get_plugin_logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

POLICY = {
    "default-src": ["'self'"],
    # 'wasm-unsafe-eval': search (Pagefind, docs/assets/search.js) compiles its WebAssembly,
    # fetched from this site. It allows WebAssembly.compile/instantiate only: no eval(), no
    # new Function(), no inline script, no other origin (every script is still 'self' or a
    # reviewed hash below).
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
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

log = get_plugin_logger("kitchen_table")

# Material's inline scripts, exactly as its templates write them (mkdocs-material 9.8.2), after a
# person read each one: they only set up Material's own localStorage helpers and open a tab named
# in the address. Nothing else inline may ever run.
#
# On a Material upgrade, run `pytest tests/test_privacy.py`. It compares this list with every
# inline <script> in Material's templates and fails naming each one that changed, is new, or is
# gone. For each: read the new script in Material's templates (its file is the key here); if it
# still only does Material's own work and takes nothing from content, copy it here verbatim and
# set REVIEWED_MATERIAL to the new version. A script behind a feature we do not use goes into
# tests/test_privacy.py's NEVER_RENDERED with the reason, instead of here.
REVIEWED_MATERIAL = "9.8.2"
SCOPE = "{{ config.extra.scope | d(base_url) }}"
"""The one template expression inside a reviewed script: the page's relative base address."""
REVIEWED_SCRIPTS: dict[str, str] = {
    "partials/javascripts/base.html": (
        '__md_scope=new URL("' + SCOPE + '",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)'
        "-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem("
        't.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname'
        '+"."+e,JSON.stringify(_))}catch(e){}}'
    ),
    "partials/javascripts/palette.html": (
        'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"'
        '===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=docu'
        "ment.querySelector(media.matches?\"[data-md-color-media='(prefers-color-scheme: "
        "light)']\":\"[data-md-color-media='(prefers-color-scheme: dark)']\");"
        "palette.color.media=in"
        'put.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md'
        '-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palett'
        'e.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of '
        'Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
    ),
    "partials/javascripts/content.html": (
        "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
        '(target.checked=target.name.startsWith("__tabbed_"))'
    ),
}
# Our own templates' inline scripts, verbatim, reviewed like Material's. Only one, and only
# because it must run before the first paint (a file would cost a request and a layout shift): it
# marks <html> as having JavaScript and, on a shared filtered list, hides the catalog's intro.
# It reads the address's query names only, never a value, and writes classes only.
# tests/test_privacy.py fails when overrides/ holds an inline script that is not listed here.
REVIEWED_OWN_SCRIPTS: dict[str, str] = {
    "overrides/main.html": (
        'document.documentElement.classList.replace("no-js","js");'
        "/[?&](grade|skill|minutes|setting|lang|home|free)=/.test(location.search)&&"
        'document.documentElement.classList.add("kt-filtered","kt-filtering")'
    ),
}
MAX_DEPTH = 12
"""Pages at most this many folders deep (/es/activities/<id>/bilingual/ is 4) get Material's
scope script allowed; a deeper page would have it refused, and the build would say so."""
_HASHES_KEY = "kitchen_table_reviewed_script_hashes"

_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/)[^>]*>(.*?)"
    r"</script>",
    re.S,
)
_ORIGIN = re.compile(r"https://(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?")
_META_IMAGES = re.compile(r'http-equiv="Content-Security-Policy" content="[^"]*img-src ([^;"]*)')
_HEAD_START = re.compile(r"<head>\s*(<meta charset=\"[^\"]*\">)?")


def policy(
    extra_scripts: list[str] | None = None,
    headers: bool = False,
    extra_images: list[str] | None = None,
) -> str:
    rules = {**POLICY, **(HEADERS_ONLY if headers else {})}
    if extra_scripts:
        rules = {**rules, "script-src": [*rules["script-src"], *extra_scripts]}
    if extra_images:
        rules = {**rules, "img-src": [*rules["img-src"], *extra_images]}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in rules.items())


def script_hash(script: str) -> str:
    """A script's CSP source expression, 'sha256-…'."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


def reviewed_hashes(config: MkDocsConfig) -> set[str]:
    """The hashes of the reviewed scripts as Material renders them for this site: its scope is
    the page's relative base address (".", "..", "../.." …) or, on the 404 pages, the site's
    absolute path (per language too), or mkdocs.yml's extra.scope when set."""
    path = site_root(config.site_url)
    scopes = {
        ".",
        *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)),
        path,
        *(f"{path}{language}/" for language in site_languages(config)),
    }
    if config.extra.get("scope"):
        scopes = {str(config.extra["scope"])}
    return {
        script_hash(script.replace(SCOPE, scope))
        for script in REVIEWED_SCRIPTS.values()
        for scope in scopes
    } | {script_hash(script) for script in REVIEWED_OWN_SCRIPTS.values()}


def reviewed_script_texts(config: MkDocsConfig) -> set[str]:
    """The reviewed scripts' texts as pages hold them (for tests that look at pages)."""
    hashes = reviewed_hashes(config)
    depths = [".", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1))]
    path = site_root(config.site_url)
    scopes = [*depths, path, *(f"{path}{lang}/" for lang in site_languages(config))]
    texts = {
        script.replace(SCOPE, scope) for script in REVIEWED_SCRIPTS.values() for scope in scopes
    }
    texts |= set(REVIEWED_OWN_SCRIPTS.values())
    return {text for text in texts if script_hash(text) in hashes}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config[_HASHES_KEY] = reviewed_hashes(config)
    return config


def _allowed_hashes(config: MkDocsConfig) -> set[str]:
    hashes = config.get(_HASHES_KEY)
    if hashes is None:  # a caller that skipped on_config (a test, a partial build)
        hashes = config[_HASHES_KEY] = reviewed_hashes(config)
    return hashes


def _with_policy(
    output: str, config: MkDocsConfig, source: str, images: list[str] | None = None
) -> str:
    allowed = _allowed_hashes(config)
    hashes: list[str] = []
    for script in _INLINE_SCRIPT.findall(output):
        found = script_hash(script)
        if found in allowed:
            hashes.append(found)
        else:
            log.warning(
                f"{source}: has an inline <script> that is not one of the reviewed "
                f"scripts ({script.strip()[:40]!r}…): browsers will refuse to run it — "
                "put the code in a file under docs/assets/ and load it with "
                "<script src=…>, or remove it"
            )
    hashes = list(dict.fromkeys(hashes))
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, False, images)}">'
        f'<meta name="referrer" content="{REFERRER_POLICY}">'
    )
    # first in <head> (after the charset), so it covers everything after it
    return _HEAD_START.sub(lambda head: f"{head.group(0)}{meta}", output, count=1)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    # a page may name image origins it needs (the resources map's tile server): only that page
    images = [
        origin
        for origin in page.meta.get("allow_images_from") or []
        if _ORIGIN.fullmatch(str(origin))
    ]
    return _with_policy(output, config, f"{Path(config.docs_dir).name}/{page.file.src_uri}", images)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output
    return _with_policy(output, config, f"the theme's {template_name}")


_PAGE_IMAGES: dict[str, tuple[tuple[int, int], frozenset[str]]] = {}
"""Each page's image origins as last read, by its file's modification time and size: a
preview's rebuild reads only the pages it wrote again."""


@once_per_build  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    # A header policy applies on top of the <meta> one, so it must allow Material's reviewed
    # scripts too: they differ only by the page's depth, a handful of hashes for the whole site.
    if not every_language_built(config):
        return
    site = Path(config.site_dir)
    # The header policy is one for the whole site and is enforced on top of each page's <meta>:
    # it allows the image origins any page's <meta> allows (the map's tiles), while every other
    # page's own <meta> still allows only 'self'.
    images: set[str] = set()
    read: dict[str, tuple[tuple[int, int], frozenset[str]]] = {}
    for page in site.rglob("*.html"):
        stat = page.stat()
        held = _PAGE_IMAGES.get(str(page))
        if held is None or held[0] != (stat.st_mtime_ns, stat.st_size):
            html = page.read_text(encoding="utf-8")
            origins = frozenset(
                s
                for found in _META_IMAGES.findall(html)
                for s in found.split()
                if _ORIGIN.fullmatch(s)
            )
            held = ((stat.st_mtime_ns, stat.st_size), origins)
        read[str(page)] = held
        images |= held[1]
    _PAGE_IMAGES.clear()  # this build's pages only
    _PAGE_IMAGES.update(read)
    header_policy = policy(
        sorted(_allowed_hashes(config)), headers=True, extra_images=sorted(images)
    )
    headers = (
        f"/*\n  Content-Security-Policy: {header_policy}\n"
        f"  Referrer-Policy: {REFERRER_POLICY}\n  X-Content-Type-Options: nosniff\n"
    )
    (site / "_headers").write_text(headers, encoding="utf-8")
