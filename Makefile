# The two commands of the README: `make publish` and `make test`.
# The first run creates .venv and installs publish into it; later runs reuse it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEASYPRINTS := $(VENV)/weasyprints/.installed  # every WeasyPrint the seam supports, for tests/test_seam.py

.PHONY: publish test check-install check-a11y lint lock bench previews check-python check-pango check-java check-chromium check-cmyk check-poppler clean

publish: $(STAMP) check-pango
	$(BIN)/publish build source/

test: $(STAMP) $(WEASYPRINTS) check-pango check-java check-chromium check-cmyk check-poppler
	$(BIN)/ruff check publish tests bench
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -n auto --dist loadfile  # a test file's tests in one process: its built fixtures once

# The README's quick start word for word, as a newcomer runs it: publish installed as a tool
# (pipx, or a throwaway venv without it) into a temporary folder, then init and build in a
# fresh shell that knows nothing of this clone. CI runs it after make test.
check-install: | check-python
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir -p "$$tmp/bin" && \
	if command -v pipx >/dev/null 2>&1; then \
	  PIPX_HOME="$$tmp/pipx" PIPX_BIN_DIR="$$tmp/bin" pipx install . >/dev/null; \
	else \
	  $(PYTHON) -m venv "$$tmp/venv" && "$$tmp/venv/bin/pip" install --quiet . && ln -s "$$tmp/venv/bin/publish" "$$tmp/bin/"; \
	fi && \
	cd "$$tmp" && env -i HOME="$$tmp" PATH="$$tmp/bin:/usr/bin:/bin" sh -c \
	  'publish --version && publish init demo >/dev/null && cd demo && publish build && test -s dist/example.epub && test -s dist/example.pdf' && \
	echo "check-install: pipx install . → publish init → publish build works"

# Accessibility: Ace by DAISY on real EPUBs (from npm; needs Node.js and Debian's chromium).
check-a11y: $(STAMP) node_modules/.installed check-chromium
	$(BIN)/python -m pytest -m a11y -p no:cacheprovider

node_modules/.installed: package.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "error: the accessibility check installs Ace with npm, which is missing"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install nodejs npm"; exit 1; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund
	touch $@

check-chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "error: the tests open editions in a headless browser (counting what it fetches), and chromium is missing"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install chromium"; exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check publish tests bench
	$(BIN)/ruff format --check publish tests bench
	$(BIN)/python -m mypy

bench: $(STAMP) check-pango
	$(BIN)/python bench/run.py

previews: $(STAMP) check-pango
	for theme in classic pamphlet large-print; do \
	  $(BIN)/publish preview source/kazakhstan-2022.txt --pages 1-2 --style $$theme --resolution 50 -o docs/preview; \
	done

# requirements.lock pins the versions the tests last passed with; `make lock` refreshes it
# from what pyproject.toml allows today.
$(STAMP): pyproject.toml requirements.lock | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

$(WEASYPRINTS): publish/compose/seam.py $(STAMP)
	$(BIN)/python tests/tools/weasyprints.py $(VENV)/weasyprints
	touch $@

lock: | check-python
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[test]'
	{ echo "# make lock: the versions publish and its tests were installed and tested with"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^publish'; } > requirements.lock
	rm -rf .lock-venv

check-python:
	@$(PYTHON) -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: publish needs Python 3.11 or newer with venv and pip"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install python3 python3-venv python3-pip"; exit 1; }

check-pango:
	@{ ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; } || { \
	  echo "error: the PDF edition needs Pango (WeasyPrint draws text with it), and it is missing"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

check-cmyk:
	@test -f /usr/share/color/icc/ghostscript/default_cmyk.icc || { \
	  echo "error: the tests make PDF/X-4 for a press, which needs Ghostscript's CMYK profile, and it is missing"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install libgs-common"; exit 1; }

check-poppler:
	@for tool in pdftotext pdftoppm pdfimages pdfinfo; do command -v $$tool >/dev/null 2>&1 || { \
	  echo "error: the tests read PDFs with poppler's $$tool, which is missing"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install poppler-utils"; exit 1; }; done
	@command -v soffice >/dev/null 2>&1 || \
	  echo "note: with LibreOffice (sudo apt-get install libreoffice-writer-nogui) the tests check the office fixtures against it"

check-java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "error: the tests validate EPUBs with epubcheck, which needs Java, and it is missing"; \
	  echo "       on Debian/Ubuntu: sudo apt-get install default-jdk-headless"; exit 1; }
	@command -v javac >/dev/null 2>&1 || \
	  echo "note: with a JDK (sudo apt-get install default-jdk-headless) the tests run epubcheck in one process, minutes sooner"

clean:
	rm -rf dist/*.epub dist/*.pdf dist/*.html dist/*.fb2 dist/*.fb2.zip dist/.publish dist/.publish-* .pytest_cache
