"""Which engine builds the site: MkDocs 1.6.1 (the default) or ProperDocs 1.6 (a maintained fork
of MkDocs 1.6 by its original author, package `properdocs`).

Our hooks, Material and mkdocs-static-i18n all import `mkdocs.*`. ProperDocs' own command line
(`properdocs build`, `properdocs serve`) first imports `properdocs.replacement`, which makes every
`mkdocs.*` import load the `properdocs.*` module of the same name; it then reads `mkdocs.yml` and
finds plugins and themes under the `mkdocs.plugins` and `mkdocs.themes` entry points. So the
hooks need no second copy: this module is the one seam, for the build commands that import
MkDocs themselves (hooks/parallel_build.py). Import it before anything imports `mkdocs`:

    KITCHEN_TABLE_ENGINE=properdocs python hooks/parallel_build.py

`make build ENGINE=properdocs` sets the variable; `make serve ENGINE=properdocs` runs
`properdocs serve`. No event, no MkDocs import here (it decides which one is imported).
"""

from __future__ import annotations

import importlib
import os
import sys

VARIABLE = "KITCHEN_TABLE_ENGINE"
ENGINES = ("mkdocs", "properdocs")
DEFAULT = "mkdocs"


def selected() -> str:
    """The engine KITCHEN_TABLE_ENGINE names (default mkdocs); an unknown name is refused."""
    engine = os.environ.get(VARIABLE, "").strip().lower() or DEFAULT
    if engine not in ENGINES:
        raise SystemExit(
            f"{VARIABLE}={engine!r} is not an engine Kitchen Table builds with: "
            f"use one of {', '.join(ENGINES)}"
        )
    return engine


def use(engine: str) -> None:
    """Make `import mkdocs…` load `engine` from now on (ProperDocs' own alias for it)."""
    loaded = sys.modules.get("mkdocs")
    if engine == "properdocs":
        if loaded is not None and loaded.__name__ != "properdocs":
            raise RuntimeError(
                "MkDocs was imported before the engine was chosen: import build_engine first"
            )
        importlib.import_module("properdocs.replacement")
    elif loaded is not None and loaded.__name__ == "properdocs":
        raise RuntimeError("ProperDocs stands in for MkDocs in this process already")


def running() -> str:
    """The engine this process builds with: the one `mkdocs` really is."""
    import mkdocs

    return "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"


def version() -> str:
    """The running engine's name and version, as a part's manifest records it."""
    import mkdocs

    return f"{running()} {mkdocs.__version__}"


use(selected())
