# Kitchen Table: `make serve` to see the site, `make test` to check everything.
# Everything installs into a local .venv; nothing is installed system-wide except Chromium for
# the browser tests (.ci/run does that with apt-get).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# make serve SITE_LANGUAGE=es: preview one language (not LANG or LANGUAGE: they set the locale)
SITE_LANGUAGE ?=
# make bench SIZES=200: library sizes (activity cards, each in every language) to benchmark
SIZES ?= 200,1000,3000
export NO_MKDOCS_2_WARNING := 1
# make build ENGINE=properdocs: the engine (ENGINES.md says why MkDocs is the default)
ENGINE ?= mkdocs
ifeq ($(filter $(ENGINE),mkdocs properdocs),)
$(error ENGINE=$(ENGINE) is not an engine Kitchen Table builds with: use mkdocs or properdocs)
endif
export KITCHEN_TABLE_ENGINE := $(ENGINE)
OTHER_ENGINE := $(filter-out $(ENGINE),mkdocs properdocs)
# make build-part LANGUAGES=es,zh OUT=parts/a, then make merge PARTS="parts/a parts/b"
LANGUAGES ?=
OUT ?=
PARTS ?=

.PHONY: install serve build check test test-fast lint clean new-activity new-guide linkcheck import-hsds new-resource \
	bench bench-hsds bench-lighthouse translations-export translations-import build-part merge

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Kitchen Table needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV): on Debian/Ubuntu run: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

## serve: build the sample site and serve it on http://127.0.0.1:8000 (rebuilds on every edit);
## make serve SITE_LANGUAGE=es builds Spanish only, for a quicker preview, and after an edit
## renders again only the pages it changed (--dirty; hooks/preview.py decides which)
serve: install
	SITE_LANGUAGE="$(SITE_LANGUAGE)" $(BIN)/$(ENGINE) serve --dev-addr $(HOST):$(PORT) \
	  $(if $(SITE_LANGUAGE),--dirty)

## build: the whole site into site/, failing on any warning; the languages are built in parallel
## on every core and merged (the same site as `mkdocs build --strict`); a failed build keeps the
## old site/ and leaves no temporary folder. Publish only from make build: `mkdocs build` empties
## site/ first, so a failure there leaves a half site
build: install
	$(BIN)/python hooks/parallel_build.py

## build-part: some languages only, into a part folder another machine may have built
## (make build-part LANGUAGES=es,zh OUT=parts/a); every part of one site needs the same commit,
## day (KITCHEN_TABLE_TODAY) and SOURCE_DATE_EPOCH: publish.yml sets both for every runner
build-part: install
	@test -n "$(LANGUAGES)" -a -n "$(OUT)" || \
	  { echo "Say which languages and where: make build-part LANGUAGES=es,zh OUT=parts/a"; exit 2; }
	$(BIN)/python hooks/parallel_build.py --languages "$(LANGUAGES)" --part "$(OUT)"

## merge: the parts (make build-part) into site/, the same site as make build, file for file
## (make merge PARTS="parts/a parts/b"); the old site/ stays if anything is wrong
merge: install
	@test -n "$(PARTS)" || { echo "Say which parts: make merge PARTS=\"parts/a parts/b\""; exit 2; }
	$(BIN)/python hooks/parallel_build.py --merge $(PARTS)

## bench: build synthetic libraries of $(SIZES) cards three ways (parallel, sequential, the
## floor of plain MkDocs); prints a table, writes bench-results/latest.json; then search on a
## slowed phone (bytes and ms from the tap to the first results: bench-results/search.json)
bench: install
	$(BIN)/python bench/bench.py --sizes $(SIZES)
	$(BIN)/python bench/phone_search.py --sizes $(SIZES)

## bench-lighthouse: Lighthouse (mobile, npx lighthouse@12.2.3, Debian's Chromium) on every page
## type of the sample in en, es, ar, zh, $(LIGHTHOUSE_RUNS) runs each (median); builds the sample first
LIGHTHOUSE_RUNS ?= 3
bench-lighthouse: install
	rm -rf bench-results/lighthouse-site
	$(BIN)/mkdocs build --strict --quiet --site-dir bench-results/lighthouse-site/kitchen-table
	$(BIN)/python bench/lighthouse.py bench-results/lighthouse-site/kitchen-table --runs $(LIGHTHOUSE_RUNS)

## bench-hsds: the sample's HSDS package against Open Referral's schemas (rows valid / total),
## and import-hsds of a generated export of 100,000 services (read, map, write times)
bench-hsds: install
	$(BIN)/python bench/hsds.py --services 100000

## check: validate content/ only (fast; prints every mistake as file:line: field: problem)
check: install
	$(BIN)/kitchen-table check

## new-activity: start content/activities/$(ID).yml from the template (make new-activity ID=leaf-rubbing)
new-activity: install
	@test -n "$(ID)" || { echo "Say which id: make new-activity ID=leaf-rubbing"; exit 2; }
	$(BIN)/kitchen-table new activity $(ID)

## new-guide: start content/guides/$(ID).yml from the template (make new-guide ID=bus-rides)
new-guide: install
	@test -n "$(ID)" || { echo "Say which id: make new-guide ID=bus-rides"; exit 2; }
	$(BIN)/kitchen-table new guide $(ID)

## new-resource: start content/resources/$(ID).yml from the template (make new-resource ID=food-bank)
new-resource: install
	@test -n "$(ID)" || { echo "Say which id: make new-resource ID=food-bank"; exit 2; }
	$(BIN)/kitchen-table new resource $(ID)

## import-hsds: turn an HSDS 3 CSV export (a folder or .zip, e.g. from a 211) into
## content/resources/*.yml (make import-hsds FILE=export.zip); never overwrites a file
import-hsds: install
	@test -n "$(FILE)" || { echo "Say which export: make import-hsds FILE=export.zip"; exit 2; }
	$(BIN)/kitchen-table import-hsds "$(FILE)"

## translations-export: every language's translators' files into translations/ (DIR=...):
## <lang>.po and <lang>.xlf, the kitchen-table.pot template and glossary.tbx
TRANSLATIONS_DIR ?= translations
translations-export: install
	$(BIN)/kitchen-table translations export all --to "$(TRANSLATIONS_DIR)"
	$(BIN)/kitchen-table translations export all --to "$(TRANSLATIONS_DIR)" --format xliff
	$(BIN)/kitchen-table translations template --to "$(TRANSLATIONS_DIR)"
	$(BIN)/kitchen-table translations glossary --to "$(TRANSLATIONS_DIR)"

## translations-import: a translator's file back into content/ (make translations-import
## FILE=es.po, PROVENANCE=reviewed-machine when a person checked a machine translation)
PROVENANCE ?= human
translations-import: install
	@test -n "$(FILE)" || { echo "Say which file: make translations-import FILE=es.po"; exit 2; }
	$(BIN)/kitchen-table translations import "$(FILE)" --provenance "$(PROVENANCE)"

## linkcheck: check the external links in content/ (needs the internet; skipped in CI unless
## LINKCHECK_ONLINE=1, because CI machines may be offline)
linkcheck: install
	@if [ -n "$$CI" ] && [ -z "$$LINKCHECK_ONLINE" ]; then \
	  echo "linkcheck: skipped in CI (offline); run it with LINKCHECK_ONLINE=1 to check links"; \
	else \
	  $(BIN)/kitchen-table links > .links.txt && \
	  if [ -s .links.txt ]; then \
	    $(BIN)/linkchecker --no-status --recursion-level=0 --check-extern $$(cat .links.txt); \
	  else echo "linkcheck: content links to no web addresses"; fi; \
	fi

## lint: ruff check, ruff format --check (`ruff format hooks tests bench` fixes it) and mypy
## on hooks/ (pyproject.toml's [tool.mypy]); all three must stay clean
lint: install
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/mypy

## test-fast: lint, content check, then the model, golden and unit tests only (no build, no
## browser: the tests marked slow are left out); a few minutes, for between edits
test-fast: install lint check
	$(BIN)/python -m pytest -q -m "not slow"

## test: lint, content check, unit and golden tests, a full build, browser tests in Chromium;
## then the browser tests again on a site the other engine built (ProperDocs, by default)
test: install lint check
	$(BIN)/python -m pytest -q
	KITCHEN_TABLE_ENGINE=$(OTHER_ENGINE) $(BIN)/python -m pytest -q -m browser

## clean: remove the built site, the generated pages under docs/ (the folders listed once, in
## hooks/kitchen_table/addresses.py) and what tests and exports leave behind
clean:
	PYTHONPATH=hooks $(PYTHON) -m kitchen_table.addresses clean
