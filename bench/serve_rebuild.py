"""How long `make serve` takes to rebuild after an editor changes one card.

Starts `mkdocs serve` in a project (optionally previewing one language, as `make serve
SITE_LANGUAGE=es` does), waits for the first build, changes the title of the project's first card,
and reports the first build and the rebuild as MkDocs logs them ("Documentation built in N
seconds"), with the CPU time the server spent on the rebuild (less noisy than the wall time on
a shared machine; Linux only) and the load average before each. The card is put back
afterwards. Used for the preview times in the README:

    python bench/serve_rebuild.py <project> es
    python bench/serve_rebuild.py <project>          # every language
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def main(project: Path, language: str = "") -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_LANGUAGE": language}
    card = sorted((project / "content" / "activities").glob("*.yml"))[0]
    original = card.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            "127.0.0.1:8124",
            *(["--dirty"] if language else []),
        ],  # as `make serve SITE_LANGUAGE=…` runs it
        cwd=project,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    times: list[float] = []
    cpu: list[float | None] = [_cpu_seconds(server.pid)]
    loads = [round(os.getloadavg()[0], 2)]
    try:
        assert server.stderr is not None
        for line in server.stderr:
            found = BUILT.search(line)
            if not found:
                continue
            times.append(float(found.group(1)))
            cpu.append(_cpu_seconds(server.pid))
            if len(times) == 2:
                break
            time.sleep(1)  # the watcher must see a newer modification time
            loads.append(round(os.getloadavg()[0], 2))
            cpu[-1] = _cpu_seconds(server.pid)
            card.write_text(original.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    finally:
        server.terminate()
        server.wait()
        card.write_text(original, encoding="utf-8")
    if len(times) < 2:
        raise SystemExit(f"mkdocs serve stopped before rebuilding ({times})")
    before, after = cpu[1], cpu[2]
    return {
        "language": language or "all",
        "first_build_s": times[0],
        "rebuild_s": times[1],
        "rebuild_cpu_s": None if before is None or after is None else round(after - before, 2),
        "load_before_first_build": loads[0],
        "load_before_rebuild": loads[1],
    }


def _cpu_seconds(pid: int) -> float | None:
    """The user and system CPU time of a process so far (Linux: /proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    result = main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")
    sys.stdout.write(json.dumps(result) + "\n")
