"""The Content-Security-Policy blesses Material's reviewed inline scripts and nothing else.

The browser's refusal of an unreviewed script is proven in Chromium by
tests/test_hostile_content.py (one hostile build serves both).
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import material
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import privacy  # noqa: E402

TEMPLATES = Path(material.__file__).parent / "templates"
# Material's inline scripts that never reach our pages, and why. A new Material script must be
# either reviewed (hooks/privacy.py REVIEWED_SCRIPTS) or listed here with its reason.
NEVER_RENDERED = {
    "partials/javascripts/announce.html": "no announcement bar (no announce block in overrides/)",
    "partials/javascripts/outdated.html": "no versioned docs (extra.version is not set)",
    "partials/javascripts/consent.html": "no cookie consent (extra.consent is not set)",
    "partials/integrations/analytics.html": "no analytics (extra.analytics is not set)",
    "partials/integrations/analytics/google.html": "no analytics (extra.analytics is not set)",
    "redirect.html": "no redirects plugin",
    "partials/javascripts/content.html#tabs": "the content.tabs.link feature is off",
}
_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/)[^>]*>(.*?)</script>", re.S
)


def material_inline_scripts() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for file in sorted(TEMPLATES.rglob("*.html")):
        name = file.relative_to(TEMPLATES).as_posix()
        if "/blog" in f"/{name}" or name.startswith("blog"):
            continue  # the blog plugin is not used
        scripts = _INLINE.findall(file.read_text(encoding="utf-8"))
        if scripts:
            found[name] = scripts
    return found


def test_every_inline_script_of_material_is_reviewed_or_never_rendered() -> None:
    problems = []
    found = material_inline_scripts()
    for name, scripts in found.items():
        for script in scripts:
            reviewed = privacy.REVIEWED_SCRIPTS.get(name)
            if script == reviewed:
                continue
            if name in NEVER_RENDERED or (
                f"{name}#tabs" in NEVER_RENDERED and script.startswith("var tabs=")
            ):
                continue
            problems.append(
                f"{name}: Material's inline script {script[:60]!r}… is not the "
                f"reviewed one (mkdocs-material {privacy.REVIEWED_MATERIAL}): read "
                "it, then update REVIEWED_SCRIPTS in hooks/privacy.py"
            )
    for name in privacy.REVIEWED_SCRIPTS:
        if name not in found:
            problems.append(
                f"{name}: the reviewed script is gone from Material's templates: "
                "remove it from REVIEWED_SCRIPTS in hooks/privacy.py"
            )
    assert problems == [], "\n".join(problems)
    assert material.__version__ == privacy.REVIEWED_MATERIAL, (
        f"Material is {material.__version__}, its scripts were reviewed for "
        f"{privacy.REVIEWED_MATERIAL}: review them (see hooks/privacy.py) and update it"
    )


def test_every_inline_script_of_our_templates_is_reviewed() -> None:
    found = {
        f"overrides/{file.relative_to(ROOT / 'overrides').as_posix()}": _INLINE.findall(
            file.read_text(encoding="utf-8")
        )
        for file in sorted((ROOT / "overrides").rglob("*.html"))
    }
    found = {name: scripts for name, scripts in found.items() if scripts}
    problems = [
        f"{name}: inline script {script[:60]!r}… is not the reviewed one: read it, then "
        "copy it into REVIEWED_OWN_SCRIPTS in hooks/privacy.py (or move it to a file)"
        for name, scripts in found.items()
        for script in scripts
        if script != privacy.REVIEWED_OWN_SCRIPTS.get(name)
    ]
    problems += [
        f"{name}: the reviewed script is gone: remove it from REVIEWED_OWN_SCRIPTS"
        for name in privacy.REVIEWED_OWN_SCRIPTS
        if name not in found
    ]
    assert problems == [], "\n".join(problems)


class _Config(dict):
    """What privacy.py reads of a MkDocs config."""

    site_url = "https://example.org/kitchen-table/"
    docs_dir = "docs"
    extra: dict = {}
    plugins: dict = {}
    theme: dict = {"language": "en"}


def page(*scripts: str) -> str:
    body = "".join(f"<script>{script}</script>" for script in scripts)
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'


def reviewed(depth: str) -> str:
    return privacy.REVIEWED_SCRIPTS["partials/javascripts/base.html"].replace(privacy.SCOPE, depth)


def test_a_page_policy_allows_its_reviewed_scripts_only(caplog: pytest.LogCaptureFixture) -> None:
    config = _Config()
    with caplog.at_level(logging.WARNING):
        html = privacy._with_policy(
            page(reviewed("../.."), 'alert("hi")'), config, "docs/hand-written.md"
        )
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert privacy.script_hash(reviewed("../..")) in policy
    assert privacy.script_hash('alert("hi")') not in policy
    assert "'unsafe-inline'" not in policy
    assert len(re.findall(r"'sha256-", policy)) == 1
    warnings = [r.getMessage() for r in caplog.records]
    assert any(
        w.startswith(
            "kitchen_table: docs/hand-written.md: has an inline <script> that is not one of"
        )
        and "alert" in w
        for w in warnings
    ), warnings


def test_the_reviewed_hashes_depend_on_the_config_only() -> None:
    config = _Config()
    hashes = privacy.reviewed_hashes(config)
    # every depth a page of ours has, and the 404 page's absolute scope
    for scope in (".", "..", "../../..", "../../../..", "/kitchen-table/"):
        assert privacy.script_hash(reviewed(scope)) in hashes, scope
    # a page's own script, whatever it is, never adds to them
    before = set(hashes)
    privacy._with_policy(page("alert(1)"), config, "docs/x.md")
    assert privacy._allowed_hashes(config) == before
