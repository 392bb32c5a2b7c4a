"""Hostile text in every field of a card is refused, or shown as text: it never runs.

Each payload of tests/xss/payloads.txt goes into every text field of one card. Validation must
either refuse the card for its HTML or links, or accept it; accepted cards are built and opened
in Chromium, where nothing may run, call out or turn into markup.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import copy_project, mkdocs
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

PAYLOADS = [line for line in (Path(__file__).parent / "xss/payloads.txt").read_text(
    "utf-8").splitlines() if line.strip()]
LIMITS = {"title": 60, "summary": 200}


def card(number: int, payload: str) -> dict:
    def fit(field: str) -> str:
        return payload[: LIMITS.get(field, 250)]

    return {
        "id": f"hostile-{number}", "grades": ["K"], "skills": ["math"], "minutes": 10,
        "setting": "kitchen", "materials": "none", "cost": "free", "credits": fit("credits"),
        "text": {"en": {
            "translation": "original", "title": fit("title"), "summary": fit("summary"),
            "steps": [fit("steps")] * 3, "talk_about": [fit("talk_about")],
            "why_it_matters": fit("why_it_matters"), "easier": fit("easier"),
            "harder": fit("harder"), "tell_the_teacher": fit("tell_the_teacher")}},
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str], dict]:
    """A two-language copy of the project with one card per payload; which were refused."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    start = text.index("        - locale: zh")
    end = text.index("\nvalidation:")
    config.write_text(text[:start] + "\n" + text[end:], "utf-8")
    for file in (project / "content/activities").glob("*.yml"):
        file.unlink()
    shutil.rmtree(project / "content/resources")  # eight languages each; this site has two
    # guides and glossary have words in all eight languages; this site has two (school.yml's
    # dates keep theirs): they are tested in tests/test_guides.py
    shutil.rmtree(project / "content/guides")
    (project / "content/glossary.yml").unlink()
    # the weekly packs name the sample cards, removed here (tested in tests/test_weeks.py)
    (project / "content/weeks.yml").unlink()
    school = yaml.safe_load((project / "content/school.yml").read_text("utf-8"))
    for day in school["dates"]:
        day["what"] = {language: day["what"][language] for language in ("en", "es")}
    (project / "content/school.yml").write_text(yaml.safe_dump(school, allow_unicode=True),
                                                "utf-8")
    plain_card = card(0, "Count the spoons together.")
    plain_card["id"] = "plain-card"
    (project / "content/activities/plain-card.yml").write_text(
        yaml.safe_dump(plain_card, allow_unicode=True), "utf-8")
    refused: dict[int, list[str]] = {}
    for number, payload in enumerate(PAYLOADS):
        path = project / "content/activities" / f"hostile-{number}.yml"
        path.write_text(yaml.safe_dump(card(number, payload), allow_unicode=True), "utf-8")
        try:
            load_library_for(project)
        except ContentInvalid as invalid:
            refused[number] = [str(e) for e in invalid.errors if f"hostile-{number}" in e.path]
            path.unlink()
    return project, dict(enumerate(PAYLOADS)), refused


def load_library_for(project: Path) -> None:
    for file in (project / "content/strings").glob("*.yml"):
        if file.stem not in ("en", "es"):
            file.unlink()
    load_library(project, ("en", "es"))


def test_refused_payloads_are_refused_for_html_or_links(hostile) -> None:
    _, payloads, refused = hostile
    assert len(payloads) >= 40
    assert refused, "nothing was refused: the HTML rule is not working"
    for number, errors in refused.items():
        assert errors, payloads[number]
        for error in errors:
            assert ("contains HTML" in error or "links starting with" in error
                    or "not a full address" in error), error
    assert any("<script>" in payloads[n] for n in refused)
    assert any("javascript:" in payloads[n] and payloads[n].startswith("[") for n in refused)


def test_accepted_payloads_are_only_ever_text(hostile, browser) -> None:
    project, payloads, refused = hostile
    accepted = [n for n in payloads if n not in refused]
    assert len(accepted) >= 15, "too few payloads reach the page to prove anything"
    site = project / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr

    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        outside: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: outside.append(request.url)
                if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None)
        for number in accepted:
            for prefix in ("", "es/"):
                page.goto(f"{base}/{prefix}activities/hostile-{number}/")
                steps = page.locator("ol.kt-steps > li")
                assert steps.count() == 3
                shown = steps.first.inner_text()
                markup = steps.first.inner_html()
                payload = payloads[number]
                assert not re.search(r"<(?!/?(strong|em|code|a)\b)[a-z]", markup), markup
                made = page.evaluate("""() => {
                    const inside = [...document.querySelectorAll('article.kt-card *')]
                      .filter(e => !e.closest('.kt-qr'));  // the card's own QR code (SVG)
                    return {
                      handlers: inside.filter(e => [...e.attributes].some(
                        a => a.name.toLowerCase().startsWith('on'))).length,
                      scripts: inside.filter(e => ['SCRIPT', 'IFRAME', 'IMG', 'SVG', 'STYLE',
                        'META', 'OBJECT'].includes(e.tagName.toUpperCase())).length,
                      links: inside.filter(e => e.tagName === 'A').map(e => e.protocol),
                    }; }""")
                assert made["handlers"] == 0 and made["scripts"] == 0, (payload, made)
                assert set(made["links"]) <= {"http:", "https:", "mailto:", "tel:"}, made
                if not re.search(r"[*_`\[\]\\&]", payload):
                    assert shown == payload.strip(), (payload, shown)
        page.goto(f"{base}/activities/")
        assert page.locator("a.kt-catalog__link").count() == len(accepted) + 1
        context.close()
    finally:
        server.shutdown()
    assert dialogs == [], f"a payload ran: {dialogs}"
    assert [e for e in errors if "favicon" not in e] == [], errors
    assert outside == [], outside


def test_titles_and_descriptions_stay_inside_their_attributes(hostile) -> None:
    project, payloads, refused = hostile
    number = next(n for n, p in payloads.items() if p.startswith('" onmouseover') and
                  n not in refused)
    site = project / "site"
    if not site.exists():
        assert mkdocs("build", "--site-dir", str(site), cwd=project).returncode == 0
    markup = (site / f"activities/hostile-{number}/index.html").read_text("utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)">', markup)
    assert description and "onmouseover" in description.group(1)

    from html.parser import HTMLParser

    class Handlers(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.found += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]

    parser = Handlers()
    parser.feed(markup)
    assert parser.found == [], parser.found

