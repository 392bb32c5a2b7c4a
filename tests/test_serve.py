"""`mkdocs serve` as an editor uses it: one rebuild per edit, deleted cards gone."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import BIN, ENV


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, TimeoutError):  # busy rebuilding: ask again
        return 0, ""


def test_editing_a_card_rebuilds_once_and_deleting_it_removes_its_page(project: Path) -> None:
    port = _free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: "Serving on" in log.read_text()), log.read_text()
        url = f"http://127.0.0.1:{port}/kitchen-table"

        card = project / "content/activities/spoon-count.yml"
        card.write_text(card.read_text().replace("title: Spoon count", "title: Spoon count game"))
        assert _wait_for(lambda: "Spoon count game" in _get(f"{url}/activities/spoon-count/")[1])
        time.sleep(3)  # time enough for a second, unwanted rebuild to start
        assert log.read_text().count("Detected file changes") == 1, log.read_text()

        card.unlink()
        assert _wait_for(lambda: _get(f"{url}/es/activities/spoon-count/")[0] == 404)
        assert "spoon-count" not in _get(f"{url}/activities/")[1]
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
