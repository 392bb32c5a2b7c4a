"""Official example -> import-hsds -> `mkdocs build --strict` -> the published open data, in a
small English-only copy of the project: the imported place has no coordinates (the example's
100, 101 is not on Earth), so it is listed without a pin and the map still works in Chromium at
phone size; the published package passes Open Referral's schemas; and the round trip keeps
every field HSDS and our model share."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import threading
import uuid
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, english_only_site, mkdocs
from hsds_official import EXAMPLE, check_folder, compare, service_validator
from kitchen_table.cli import main
from kitchen_table.resource_settings import ID_NAMESPACE

pytestmark = pytest.mark.browser
KEEP = ("hollow-legal-aid", "maple-hollow-food-pantry")


def english_only(project: Path) -> None:
    english_only_site(project)
    for file in (project / "content/resources").glob("*.yml"):
        if file.stem not in KEEP:
            file.unlink()
            continue
        data = yaml.safe_load(file.read_text("utf-8"))
        data["text"] = {"en": data["text"]["en"]}
        file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def only_the_import(data: Path, target: Path) -> Path:
    """The rows of the published package that belong to the imported service."""
    ours = {
        str(uuid.uuid5(ID_NAMESPACE, f"{table}/community-counselling"))
        for table in ("service", "location")
    }
    target.mkdir()
    for path in data.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            rows = [
                row
                for row in reader
                if ours & {row.get(k) for k in ("id", "service_id", "location_id")}
                or row.get("name") == "Example Organization Inc."
            ]
            names = reader.fieldnames or []
        with (target / path.name).open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=names)
            writer.writeheader()
            writer.writerows(rows)
    return target


def test_imported_example_builds_lists_without_a_pin_and_round_trips(
    browser, tmp_path: Path, capsys
) -> None:
    project = copy_project(tmp_path / "project")
    english_only(project)
    assert main(["--root", str(project), "import-hsds", str(EXAMPLE)]) == 1
    out, err = capsys.readouterr()
    assert "imported 1" in out and "no map pin" in err
    imported = project / "content/resources/community-counselling.yml"
    text = imported.read_text("utf-8")
    assert "location:" not in text
    # what the import asked of the editor
    text = text.replace('category: "CHOOSE-A-CATEGORY"', 'category: "mental-health"')
    imported.write_text(text.replace("languages: []", 'languages: ["en"]'), "utf-8")

    site = project / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr

    listing = (site / "resources/index.html").read_text("utf-8")
    assert listing.count('class="kt-res-item"') == len(KEEP) + 1
    assert 'data-id="community-counselling"' in listing
    assert 'data-lat="" data-lon=""' in listing
    page_html = (site / "resources/community-counselling/index.html").read_text("utf-8")
    assert "openstreetmap.org/search?query=1-30%20Main%20Street" in page_html
    assert 'href="tel:+441234234567,100"' in page_html  # the extension, after a pause
    assert "+44 1234 234567</bdi> <bdi>ext. 100</bdi>" in page_html  # and written for a reader
    assert "+44 1234 234567 ext. 100</a>" in listing

    data = site / "open-data/hsds"
    official = check_folder(data)
    assert official.errors == [] and official.rows == official.valid
    validator = service_validator()
    services = json.loads((data / "services.json").read_text("utf-8"))
    assert len(services) == len(KEEP) + 1
    assert all(not list(validator.iter_errors(s)) for s in services)
    kept, changed, lost = compare(EXAMPLE, only_the_import(data, tmp_path / "imported"))
    assert sorted(lost) == ["accessibility.csv: description", "required_documents.csv: document"]
    assert "unexplained" not in " ".join(changed)
    assert "phones.csv: extension" in kept and "schedules.csv: opens_at" in kept

    geojson = json.loads((site / "resources.geojson").read_text("utf-8"))
    unplaced = [f for f in geojson["features"] if f["id"] == "community-counselling"]
    assert unplaced[0]["geometry"] is None  # RFC 7946: a feature without a place

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/resources/")
        assert page.locator("li.kt-res-item").count() == len(KEEP) + 1
        page.get_by_role("button", name="Show map").click()
        page.wait_for_selector("path.kt-res-marker")
        assert page.locator("path.kt-res-marker").count() == len(KEEP)
        assert page.locator("li[data-id=community-counselling]").is_visible()
        assert errors == []
    finally:
        context.close()
        server.shutdown()
